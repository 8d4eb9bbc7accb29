#include "app/session/clustersession.h"

#include "models/applicationsmodel.h"
#include "models/scheduledapplicationsmodel.h"

#include <QJsonObject>
#include <QTimer>

namespace session {

namespace {
// The watched namespace for messages: "namespace default" or "all namespaces".
QString whereText(const QString& ns)
{
    return ns.isEmpty() ? ClusterSession::tr("all namespaces") : ClusterSession::tr("namespace %1").arg(ns);
}
}

ClusterSession::ClusterSession(kube::Kubeconfig kubeconfig, QString context, std::optional<QString> namespaceOverride,
                               bool explicitFiles, QObject* parent)
    : QObject(parent)
    , m_kubeconfig(std::move(kubeconfig))
    , m_context(context.isEmpty() ? m_kubeconfig.currentContext() : std::move(context))
    , m_explicitFiles(explicitFiles)
    , m_applications(new model::ApplicationsModel(this))
    , m_scheduled(new model::ScheduledApplicationsModel(this))
{
    connect(m_applications, &model::ApplicationsModel::stillNew, this,
            [this](const QString& key) { probeOperator(key.section(QLatin1Char('/'), 0, 0)); });
    connectContext();
    if (!m_client)
        return;
    m_namespace = namespaceOverride.value_or(m_connection.defaultNamespace);
    startApplicationInformers();
    watchNamespaces();
    probeOperator(m_namespace);
    m_lastOperatorProbe.invalidate(); // the first application nobody handles looks again
}

ClusterSession::~ClusterSession()
{
    disconnectContext();
}

void ClusterSession::disconnectContext()
{
    // The models stop listening before the informers go; the informers before their client.
    m_applications->setInformer(nullptr);
    m_scheduled->setInformer(nullptr);
    delete m_applicationsInformer;
    delete m_scheduledInformer;
    delete m_namespaceInformer;
    delete m_client;
}

void ClusterSession::connectContext()
{
    kube::KubeconfigError error;
    const auto connection = m_kubeconfig.connection(m_context, &error);
    if (!connection) {
        m_setupError = kube::KubeError::parse(error.toString());
        m_setupError.reason = QStringLiteral("KubeconfigInvalid");
        m_setupError.permanent = true;
        return;
    }
    m_setupError = {};
    m_connection = *connection;
    m_client = new kube::KubeClient(m_connection, this);
    if (kube::ExecCredentialProvider* exec = m_client->execProvider())
        // Queued: the first run starts within the constructor, before anyone could connect.
        connect(exec, &kube::ExecCredentialProvider::pluginStarted, this, &ClusterSession::credentialPluginStarted,
                Qt::QueuedConnection);
}

void ClusterSession::setNamespace(const QString& ns)
{
    if (!m_client || ns == m_namespace)
        return;
    m_namespace = ns;
    startApplicationInformers();
    emit watchedNamespaceChanged(ns);
}

void ClusterSession::startApplicationInformers()
{
    m_applications->setInformer(nullptr);
    m_scheduled->setInformer(nullptr);
    delete m_applicationsInformer;
    delete m_scheduledInformer;
    if (!m_client) {
        emit applicationsInformerChanged(nullptr);
        emit connectionStateChanged();
        return;
    }
    m_applicationsInformer = new kube::Informer(m_client, kube::ResourceKind::sparkApplications(), m_namespace, {}, this);
    m_applications->setInformer(m_applicationsInformer);
    emit applicationsInformerChanged(m_applicationsInformer);
    m_scheduledInformer = new kube::Informer(m_client, kube::ResourceKind::scheduledSparkApplications(), m_namespace, {}, this);
    m_scheduled->setInformer(m_scheduledInformer);
    m_scheduledInformer->start();
    kube::Informer* informer = m_applicationsInformer;
    connect(informer, &kube::Informer::stateChanged, this, &ClusterSession::connectionStateChanged);
    connect(informer, &kube::Informer::added, this, &ClusterSession::connectionStateChanged);
    connect(informer, &kube::Informer::removed, this, &ClusterSession::connectionStateChanged);
    auto announced = std::make_shared<bool>(false);
    connect(informer, &kube::Informer::synced, this, [this, announced] {
        if (*announced)
            return;
        *announced = true;
        emit applicationsSynced();
    });
    informer->start();
    emit connectionStateChanged();
}

void ClusterSession::watchNamespaces()
{
    delete m_namespaceInformer;
    if (!m_client)
        return;
    m_namespaceInformer = new kube::Informer(m_client, kube::ResourceKind::namespaces(), {}, {}, this);
    kube::Informer* informer = m_namespaceInformer;
    connect(informer, &kube::Informer::synced, this, &ClusterSession::updateNamespaces);
    connect(informer, &kube::Informer::added, this, [this, informer] {
        if (informer->hasSynced())
            updateNamespaces();
    });
    connect(informer, &kube::Informer::removed, this, &ClusterSession::updateNamespaces);
    connect(informer, &kube::Informer::stateChanged, this, [informer] {
        // Listing namespaces may be forbidden: then typing one still works, and asking again will not help.
        if (informer->lastError().httpStatus == 403)
            informer->stop();
    });
    informer->start();
}

void ClusterSession::updateNamespaces()
{
    if (!m_namespaceInformer)
        return;
    QStringList names;
    const auto& objects = m_namespaceInformer->objects();
    names.reserve(objects.size());
    for (const QJsonObject& o : objects)
        names << o.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
    names.sort();
    if (names == m_namespaces)
        return;
    m_namespaces = names;
    emit namespacesChanged();
}

void ClusterSession::probeOperator(const QString& ns)
{
    if (!m_client)
        return;
    if (m_lastOperatorProbe.isValid() && m_lastOperatorProbe.elapsed() < 30000) {
        // Asked less than 30 s ago: ask once more when that is over, for the application waiting now.
        if (!m_operatorProbeQueued) {
            m_operatorProbeQueued = true;
            QTimer::singleShot(30000 - m_lastOperatorProbe.elapsed(), this, [this, ns] {
                m_operatorProbeQueued = false;
                probeOperator(ns);
            });
        }
        return;
    }
    m_lastOperatorProbe.start();
    kube::probeOperator(m_client, ns.isEmpty() ? m_connection.defaultNamespace : ns, {}, this,
                        [this, client = m_client.data()](const kube::Result<kube::OperatorFacts>& probed) {
                            if (client != m_client)
                                return;
                            // An unreachable cluster: nothing is known (the connection state says why).
                            const kube::OperatorFacts facts = probed.valueOr(kube::OperatorFacts{});
                            m_operatorFacts = facts;
                            // Unknown (forbidden) and NotFound both leave the model unsure which
                            // namespaces are watched; only a Found operator's flag is believed.
                            const bool found = facts.operatorPresence == kube::OperatorPresence::Found;
                            m_applications->setOperatorNamespaces(found ? facts.operatorDeployment : QString(),
                                                                  found ? facts.watchedNamespaces : QStringList());
                            emit operatorFactsChanged();
                        });
}

void ClusterSession::reconnect()
{
    kube::KubeconfigError error;
    if (auto fresh = kube::Kubeconfig::load(m_kubeconfig.files(), m_explicitFiles, &error))
        m_kubeconfig = std::move(*fresh);
    disconnectContext();
    if (!m_namespaces.isEmpty()) {
        m_namespaces.clear();
        emit namespacesChanged();
    }
    connectContext();
    emit clientChanged(m_client);
    m_operatorFacts = {};
    m_applications->setOperatorNamespaces({}, {});
    startApplicationInformers();
    if (!m_client)
        return;
    watchNamespaces();
    m_lastOperatorProbe.invalidate();
    probeOperator(m_namespace);
    m_lastOperatorProbe.invalidate();
}

ClusterSession::ConnectionState ClusterSession::connectionState() const
{
    ConnectionState s;
    if (!m_applicationsInformer) {
        s.phase = Phase::Stopped;
        s.error = m_setupError;
        s.text = m_setupError.isError() ? m_setupError.message : tr("Not connected");
        return s;
    }
    const kube::Informer& informer = *m_applicationsInformer;
    switch (informer.state()) {
    case kube::Informer::State::Stopped: s.phase = Phase::Stopped; break;
    case kube::Informer::State::Connecting: s.phase = Phase::Connecting; break;
    case kube::Informer::State::Live: s.phase = Phase::Live; break;
    case kube::Informer::State::Reconnecting: s.phase = Phase::Reconnecting; break;
    case kube::Informer::State::Failed: s.phase = Phase::Failed; break;
    }
    s.applicationCount = int(informer.objects().size());
    if (s.phase == Phase::Reconnecting || s.phase == Phase::Failed) {
        s.error = informer.lastError();
        s.attempt = informer.attempt();
    }
    if (s.phase == Phase::Reconnecting)
        s.retryAt = QDateTime::currentDateTimeUtc().addMSecs(informer.nextRetryMs());
    s.text = statusText(s);
    return s;
}

QString ClusterSession::statusText(const ConnectionState& s) const
{
    const QString where = whereText(m_namespace);
    const qint64 retrySeconds = s.retryAt.isValid() ? (QDateTime::currentDateTimeUtc().msecsTo(s.retryAt) + 999) / 1000 : 0;
    switch (s.phase) {
    case Phase::Stopped:
        return tr("Stopped");
    case Phase::Connecting:
        return tr("Connecting to %1…").arg(m_connection.server.toString());
    case Phase::Live:
        return (s.applicationCount == 1
                    ? tr("Live — 1 application in %1, watching for changes")
                    : tr("Live — %n applications in %1, watching for changes", nullptr, s.applicationCount))
            .arg(where);
    case Phase::Failed:
        return tr("Stopped: %1 — fix it, then Cluster ▸ Reconnect (F5)").arg(s.error.summary());
    case Phase::Reconnecting:
        if (s.error.isResourceNotServed())
            return tr("Spark Operator CRD not installed: this cluster does not serve sparkoperator.k8s.io/v1beta2 "
                      "SparkApplications. Install the operator with Helm (or Cluster ▸ Set up a Kind cluster); SparkDeck "
                      "retries on its own (next try in %1 s).")
                .arg(retrySeconds);
        return tr("Reconnecting (attempt %1, next try in %2 s): %3").arg(s.attempt).arg(retrySeconds).arg(s.error.summary());
    }
    return {};
}

} // namespace session
