#include "app/session/historyserver.h"

#include "app/kube/kubeclient.h"
#include "app/kube/portforward.h"

#include <QJsonObject>
#include <QSettings>
#include <QTimer>

namespace session {

namespace {

constexpr int kHistoryPort = 18080;

bool isHistoryPort(const QJsonObject& port, bool httpToo)
{
    const QString name = port.value(QLatin1String("name")).toString();
    return port.value(QLatin1String("port")).toInt() == kHistoryPort || name == QLatin1String("history")
           || (httpToo && (name == QLatin1String("http") || name == QLatin1String("web")));
}

int pickPort(const QJsonArray& ports)
{
    for (const bool httpToo : {false, true})
        for (const QJsonValue& p : ports)
            if (isHistoryPort(p.toObject(), httpToo))
                return p.toObject().value(QLatin1String("port")).toInt();
    return ports.at(0).toObject().value(QLatin1String("port")).toInt();
}

bool anyPort(const QJsonArray& ports, bool httpToo)
{
    for (const QJsonValue& p : ports)
        if (isHistoryPort(p.toObject(), httpToo))
            return true;
    return false;
}

QString settingsKey(const QString& context)
{
    return QStringLiteral("historyServer/%1/url").arg(QString::fromLatin1(QUrl::toPercentEncoding(context)));
}

} // namespace

std::optional<HistoryServiceRef> findHistoryService(const QJsonArray& services)
{
    // Three passes, strongest sign first.
    for (int pass = 0; pass < 3; ++pass) {
        for (const QJsonValue& v : services) {
            const QJsonObject meta = v.toObject().value(QLatin1String("metadata")).toObject();
            const QJsonArray ports = v.toObject().value(QLatin1String("spec")).toObject().value(QLatin1String("ports")).toArray();
            if (ports.isEmpty())
                continue;
            const QString name = meta.value(QLatin1String("name")).toString();
            const QString appName = meta.value(QLatin1String("labels")).toObject().value(QLatin1String("app.kubernetes.io/name")).toString();
            const bool match = pass == 0   ? appName == QLatin1String("spark-history-server")
                               : pass == 1 ? name.contains(QLatin1String("history"), Qt::CaseInsensitive) && anyPort(ports, true)
                                           : anyPort(ports, false);
            if (match)
                return HistoryServiceRef{meta.value(QLatin1String("namespace")).toString(), name, pickPort(ports)};
        }
    }
    return std::nullopt;
}

QUrl historyApplicationUrl(const QUrl& base, const QString& sparkApplicationId)
{
    if (!base.isValid() || base.host().isEmpty() || sparkApplicationId.isEmpty())
        return {};
    QUrl url = base;
    QString path = base.path();
    if (!path.endsWith(QLatin1Char('/')))
        path += QLatin1Char('/');
    url.setPath(path + QStringLiteral("history/") + sparkApplicationId + QLatin1Char('/'));
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

HistoryServer::HistoryServer(QString context, QStringList kubeconfigFiles, QObject* parent)
    : QObject(parent), m_context(std::move(context)), m_kubeconfigFiles(std::move(kubeconfigFiles))
{
}

HistoryServer::~HistoryServer()
{
    if (m_forward)
        m_forward->stop();
}

QUrl HistoryServer::configuredUrl(const QString& context)
{
    return QUrl(QSettings().value(settingsKey(context)).toString());
}

void HistoryServer::setConfiguredUrl(const QString& context, const QUrl& url)
{
    QSettings settings;
    if (url.isEmpty())
        settings.remove(settingsKey(context));
    else
        settings.setValue(settingsKey(context), url.toString());
}

bool HistoryServer::isAcceptableUrl(const QString& text, QString* why)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    const bool ok = url.isValid() && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"))
                    && !url.host().isEmpty();
    if (!ok && why)
        *why = tr("“%1” is not a web address: type the History Server's URL with http:// or https://, e.g. "
                  "http://spark-history.example.com:18080")
                   .arg(text.trimmed());
    return ok;
}

void HistoryServer::fail(const QString& message)
{
    m_state = State::Failed;
    m_base.clear();
    m_source.clear();
    m_message = message;
    emit failed(message);
}

void HistoryServer::resolve(kube::KubeClient* client)
{
    const QUrl configured = configuredUrl(m_context);
    const quint64 run = ++m_run;
    if (m_state == State::Ready && (configured.isEmpty() ? m_forward != nullptr : m_base == configured)) {
        QTimer::singleShot(0, this, [this, run] {
            if (run == m_run)
                emit ready(m_base);
        });
        return;
    }
    if (m_forward) {
        m_forward->stop();
        m_forward->deleteLater();
        m_forward.clear();
    }
    m_state = State::Resolving;
    m_message.clear();
    if (!configured.isEmpty()) {
        QTimer::singleShot(0, this, [this, run, configured] {
            if (run != m_run)
                return;
            m_state = State::Ready;
            m_base = configured;
            m_source = tr("the URL set for context %1").arg(m_context);
            emit ready(m_base);
        });
        return;
    }
    const QString howToSet =
        tr("Set its URL for context %1 with History Server ▾ → Set History Server URL…, or run a Spark History Server in the "
           "cluster behind a Service labelled app.kubernetes.io/name=spark-history-server (or with a port 18080).")
            .arg(m_context);
    if (!client) {
        QTimer::singleShot(0, this, [this, run, howToSet] {
            if (run == m_run)
                fail(tr("No Spark History Server is set for this context and there is no connection to look for one. ") + howToSet);
        });
        return;
    }
    client->request("GET", QStringLiteral("/api/v1/services"), {}, {}, this,
                    [this, run, howToSet](const kube::Result<kube::KubeResponse>& r) {
                        if (run != m_run)
                            return;
                        if (!r)
                            return fail(tr("Could not look for a Spark History Server Service in the cluster (%1). ")
                                            .arg(r.error().message)
                                        + howToSet);
                        const auto service = findHistoryService(r.value().object().value(QLatin1String("items")).toArray());
                        if (!service)
                            return fail(tr("No Spark History Server is set for context %1, and the cluster has no Service that "
                                           "looks like one. ")
                                            .arg(m_context)
                                        + howToSet);
                        forward(*service);
                    });
}

void HistoryServer::forward(const HistoryServiceRef& service)
{
    const quint64 run = m_run;
    auto* pf = new kube::PortForward(m_kubeconfigFiles, m_context, service.ns, QStringLiteral("svc/") + service.name, service.port, this);
    m_forward = pf;
    const QString source = tr("svc/%1 in %2 (port-forwarded)").arg(service.name, service.ns);
    connect(pf, &kube::PortForward::ready, this, [this, run, source](const QUrl& url) {
        if (run != m_run)
            return;
        m_state = State::Ready;
        m_base = url;
        m_source = source;
        emit ready(url);
    });
    connect(pf, &kube::PortForward::failed, this, [this, run, source, pf](const kube::KubeError& why) {
        if (run != m_run)
            return;
        m_forward.clear();
        pf->deleteLater();
        fail(tr("The Spark History Server %1 could not be port-forwarded: %2").arg(source, why.message));
    });
    pf->start();
}

} // namespace session
