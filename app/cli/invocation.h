#pragma once

#include "app/cli/command.h"
#include "app/cli/terminal.h"
#include "app/kube/kubeconfig.h"
#include "app/kube/kubeerror.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

namespace kube {
class KubeClient;
}
namespace session {
class ClusterSession;
}

namespace cli {

/// The exit code for an error of the core: ExitUnreachable for Network and Credentials errors and
/// HTTP 401/403, ExitFailed for any other.
int exitCodeFor(const kube::KubeError& error);

/// The error as kubectl words one on stderr: `Error from server (NotFound): <Status message>` for
/// an HTTP answer with a Status (its reason in brackets), else `error: <what>: <message>` with
/// what to do for network and credential errors. Never contains a credential.
QString errorText(const kube::KubeError& error, const QString& what = {});

/// GETs SparkApplication `ns`/`name` with `client` and calls `then` with the object, in the main
/// thread; on an error finishes `inv` with it instead (NotFound → exit 1 with the server's words, a
/// missing CRD explained by kube::explainSparkError, unreachable → exit 3).
void getApplication(Invocation& inv, kube::KubeClient* client, const QString& ns, const QString& name,
                    std::function<void(const QJsonObject&)> then);

/// One run of a command: its parsed command line, its terminal, and the cluster of the
/// kubeconfig context the global flags name (built on first use). Lives in the main thread.
class Invocation : public QObject {
    Q_OBJECT
public:
    /// `parser` has been processed already against the command's and the global options.
    Invocation(const Command& command, const QCommandLineParser& parser, QString program, Terminal& terminal,
               QObject* parent = nullptr);
    ~Invocation() override;

    const Command& command() const { return m_command; }
    /// "sparkdeck" or "kubectl sparkdeck", for messages ("see 'sparkdeck list --help'").
    QString program() const { return m_program; }
    Terminal& terminal() { return m_terminal; }

    /// The positional arguments.
    QStringList arguments() const { return m_parser.positionalArguments(); }
    /// Whether option `name` (any of its names) was given.
    bool isSet(const QString& name) const { return m_parser.isSet(name); }
    /// The option's value (the last given), or its default.
    QString value(const QString& name) const { return m_parser.value(name); }
    /// Every value given for a repeatable option.
    QStringList values(const QString& name) const { return m_parser.values(name); }

    /// --kubeconfig split on ':' (empty: $KUBECONFIG or ~/.kube/config, as kube::Kubeconfig reads).
    QStringList kubeconfigFiles() const;
    /// --context (empty: the kubeconfig's current-context).
    QString contextName() const { return value(QStringLiteral("context")); }
    /// -A was given.
    bool allNamespaces() const { return isSet(QStringLiteral("all-namespaces")); }
    /// The namespace to work in: -n, else the context's namespace, else "default". Reads the
    /// kubeconfig when -n is not given (connection() must succeed).
    QString ns();
    /// --request-timeout in ms (kubectl's form: "0" = none, "30s", "2m", "1h", a bare number =
    /// seconds); 30000 when not given. std::nullopt (and a usage error finished) when malformed.
    std::optional<int> requestTimeoutMs();

    /// The resolved connection of the context, or nullptr after finishing with ExitUnreachable
    /// and a message that names the kubeconfig file and field (no kubeconfig, no such context).
    const kube::ClusterConnection* connection();
    /// A client of the context with --request-timeout applied, or nullptr after finishing (see
    /// connection()). Owned by the invocation.
    kube::KubeClient* client();
    /// A session::ClusterSession of the context watching `ns()` (all namespaces with -A): its
    /// informers start at once. nullptr after finishing (see connection()).
    session::ClusterSession* session();

    /// Ends the command with `code`: the event loop quits and main() returns the code. Only the
    /// first call counts.
    void finish(int code);
    /// Prints errorText(error, what) on stderr and finishes with exitCodeFor(error).
    void fail(const kube::KubeError& error, const QString& what = {});
    /// Prints "error: MESSAGE" and the command's usage hint on stderr and finishes with ExitUsage.
    void usageError(const QString& message);
    bool finished() const { return m_finished; }

private:
    const Command& m_command;
    const QCommandLineParser& m_parser;
    QString m_program;
    Terminal& m_terminal;
    std::optional<kube::Kubeconfig> m_kubeconfig;
    std::optional<kube::ClusterConnection> m_connection;
    QPointer<kube::KubeClient> m_client;
    QPointer<session::ClusterSession> m_session;
    bool m_finished = false;
};

} // namespace cli
