#include "app/cli/invocation.h"
#include "app/cli/submitsupport.h"

#include "app/kube/informer.h"
#include "app/kube/kubeclient.h"
#include "app/kube/sparkapi.h"
#include "app/session/clustersession.h"

#include <QCoreApplication>
#include <QPointer>

namespace cli {

int exitCodeFor(const kube::KubeError& error)
{
    using Kind = kube::KubeError::Kind;
    if (error.kind == Kind::Network || error.kind == Kind::Credentials)
        return ExitUnreachable;
    if (error.kind == Kind::Http && (error.httpStatus == 401 || error.httpStatus == 403))
        return ExitUnreachable;
    return error.isError() ? ExitFailed : ExitOk;
}

QString errorText(const kube::KubeError& error, const QString& what)
{
    using Kind = kube::KubeError::Kind;
    const QString prefix = what.isEmpty() ? QString() : what + QStringLiteral(": ");
    QStringList lines;
    switch (error.kind) {
    case Kind::Http:
        if (error.isStatus) {
            lines << QStringLiteral("Error from server (%1): %2%3")
                         .arg(error.reason.isEmpty() ? QString::number(error.httpStatus) : error.reason, prefix, error.message);
        } else {
            lines << QStringLiteral("error: %1%2").arg(prefix, error.summary());
        }
        if (error.httpStatus == 401)
            lines << QStringLiteral("  The server did not accept the kubeconfig's credentials: log in again (your cloud's CLI) or pick another --context.");
        break;
    case Kind::Network:
        lines << QStringLiteral("error: %1cannot reach the API server: %2").arg(prefix, error.message)
              << QStringLiteral("  Is the cluster running and is this the right --context? `kubectl cluster-info` shows what kubectl reaches.");
        break;
    default:
        lines << QStringLiteral("error: %1%2").arg(prefix, error.summary());
        break;
    }
    for (const kube::StatusCause& cause : error.causes)
        lines << QStringLiteral("  %1").arg(cause.field.isEmpty() ? cause.message : cause.field + QStringLiteral(": ") + cause.message);
    for (const QString& warning : error.warnings)
        lines << QStringLiteral("Warning: %1").arg(warning);
    return lines.join(QLatin1Char('\n'));
}

void getApplication(Invocation& inv, kube::KubeClient* client, const QString& ns, const QString& name,
                    std::function<void(const QJsonObject&)> then)
{
    client->request("GET", kube::ResourceKind::sparkApplications().objectPath(ns, name), {}, {}, &inv,
                    [&inv, then = std::move(then)](const kube::Result<kube::KubeResponse>& r) {
                        if (!r)
                            return inv.fail(kube::explainSparkError(r.error()));
                        then(r->object());
                    });
}

Invocation::Invocation(const Command& command, const QCommandLineParser& parser, QString program, Terminal& terminal, QObject* parent)
    : QObject(parent), m_command(command), m_parser(parser), m_program(std::move(program)), m_terminal(terminal)
{
}

Invocation::~Invocation()
{
    // What runs the command (its children: informers, streams, watches) goes first, while the
    // session and the client it uses still exist. Not on QCoreApplication::aboutToQuit: Qt 6.8
    // emits that from exit() at once, inside the signal handler that finished the command.
    QList<QPointer<QObject>> runs;
    for (QObject* child : children())
        if (child != m_session.data() && child != m_client.data())
            runs << child;
    for (const QPointer<QObject>& run : std::as_const(runs))
        delete run.data();
    delete m_session.data();
    delete m_client.data();
}

QStringList Invocation::kubeconfigFiles() const
{
    if (isSet(QStringLiteral("kubeconfig")))
        return value(QStringLiteral("kubeconfig")).split(QLatin1Char(':'), Qt::SkipEmptyParts);
    return kube::Kubeconfig::defaultFiles();
}

QString Invocation::ns()
{
    if (isSet(QStringLiteral("namespace")))
        return value(QStringLiteral("namespace"));
    const kube::ClusterConnection* c = connection();
    if (!c || c->defaultNamespace.isEmpty())
        return QStringLiteral("default");
    return c->defaultNamespace;
}

std::optional<int> Invocation::requestTimeoutMs()
{
    if (!isSet(QStringLiteral("request-timeout")))
        return 30'000;
    const QString text = value(QStringLiteral("request-timeout")).trimmed();
    const std::optional<qint64> ms = parseDurationMs(text);
    if (!ms) {
        usageError(QStringLiteral("--request-timeout takes a duration such as 30s, 2m, 1m30s or 0 (no timeout), not \"%1\"").arg(text));
        return std::nullopt;
    }
    return int(std::min<qint64>(*ms, std::numeric_limits<int>::max()));
}

const kube::ClusterConnection* Invocation::connection()
{
    if (m_connection)
        return &*m_connection;
    if (m_finished)
        return nullptr;
    const bool explicitFiles = isSet(QStringLiteral("kubeconfig"));
    kube::KubeconfigError error;
    if (!m_kubeconfig) {
        m_kubeconfig = kube::Kubeconfig::load(kubeconfigFiles(), explicitFiles, &error);
        if (!m_kubeconfig) {
            m_terminal.error(QStringLiteral("error: cannot read the kubeconfig: %1").arg(error.toString()));
            m_terminal.error(QStringLiteral("  Point --kubeconfig or KUBECONFIG at a kubeconfig file (kind, your cloud's CLI or "
                                            "`sparkdeck` → Set up a local cluster write one)."));
            finish(ExitUnreachable);
            return nullptr;
        }
    }
    m_connection = m_kubeconfig->connection(contextName(), &error);
    if (!m_connection) {
        m_terminal.error(QStringLiteral("error: %1").arg(error.toString()));
        const QStringList contexts = m_kubeconfig->contextNames();
        if (!contexts.isEmpty())
            m_terminal.error(QStringLiteral("  Contexts in the kubeconfig: %1 (choose one with --context).").arg(contexts.join(QStringLiteral(", "))));
        finish(ExitUnreachable);
        return nullptr;
    }
    return &*m_connection;
}

kube::KubeClient* Invocation::client()
{
    if (m_client)
        return m_client;
    const auto timeout = requestTimeoutMs();
    if (!timeout)
        return nullptr;
    const kube::ClusterConnection* c = connection();
    if (!c)
        return nullptr;
    if (c->insecureSkipTlsVerify)
        m_terminal.error(QStringLiteral("Warning: the kubeconfig turns TLS verification off for this cluster (insecure-skip-tls-verify)."));
    m_client = new kube::KubeClient(*c, this);
    m_client->setRequestTimeout(*timeout);
    connect(m_client, &kube::KubeClient::serverAskedToWait, this, [this](int, const QString& message) { m_terminal.error(message); });
    return m_client;
}

session::ClusterSession* Invocation::session()
{
    if (m_session)
        return m_session;
    const auto timeout = requestTimeoutMs();
    if (!timeout || !connection())
        return nullptr;
    std::optional<QString> nsOverride;
    if (allNamespaces())
        nsOverride = QString();
    else if (isSet(QStringLiteral("namespace")))
        nsOverride = value(QStringLiteral("namespace"));
    m_session = new session::ClusterSession(*m_kubeconfig, contextName(), nsOverride, isSet(QStringLiteral("kubeconfig")), this);
    if (!m_session->client()) {
        fail(m_session->setupError());
        return nullptr;
    }
    m_session->client()->setRequestTimeout(*timeout);
    connect(m_session->client(), &kube::KubeClient::serverAskedToWait, this,
            [this](int, const QString& message) { m_terminal.error(message); });
    return m_session;
}

void Invocation::finish(int code)
{
    if (m_finished)
        return;
    m_finished = true;
    QCoreApplication::exit(code);
}

void Invocation::fail(const kube::KubeError& error, const QString& what)
{
    if (m_finished)
        return;
    m_terminal.error(errorText(error, what));
    finish(exitCodeFor(error));
}

void Invocation::usageError(const QString& message)
{
    if (m_finished)
        return;
    m_terminal.error(QStringLiteral("error: %1").arg(message));
    m_terminal.error(QStringLiteral("See '%1 %2 --help' for usage.").arg(m_program, m_command.name));
    finish(ExitUsage);
}

} // namespace cli
