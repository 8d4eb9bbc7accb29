#include "app/session/sparkconnectsession.h"

#include "app/session/clustersession.h"
#include "app/session/logsession.h"
#include "models/sparkconnect.h"
#include "models/sparkconnectsmodel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

namespace session {

namespace {

QString keyNamespace(const QString& key)
{
    return key.section(QLatin1Char('/'), 0, 0);
}

QString keyName(const QString& key)
{
    return key.section(QLatin1Char('/'), 1);
}

kube::KubeError notConnected()
{
    return kube::KubeError::network(QObject::tr("Not connected to a cluster"));
}

} // namespace

SparkConnectSession::SparkConnectSession(ClusterSession* cluster, QObject* parent)
    : QObject(parent)
    , m_cluster(cluster)
    , m_model(new model::SparkConnectsModel(this))
{
    if (!cluster)
        return;
    connect(cluster, &ClusterSession::clientChanged, this, [this] {
        if (m_availability != Availability::Unknown)
            start();
    });
    connect(cluster, &ClusterSession::watchedNamespaceChanged, this, [this] {
        if (m_availability == Availability::Served)
            startInformer();
    });
}

SparkConnectSession::~SparkConnectSession()
{
    stopInformer();
}

kube::ResourceKind SparkConnectSession::kind()
{
    return {QString::fromLatin1(model::sparkconnect::kGroup), QString::fromLatin1(model::sparkconnect::kVersion),
            QString::fromLatin1(model::sparkconnect::kPlural)};
}

void SparkConnectSession::start()
{
    stopInformer();
    discover();
}

QString SparkConnectSession::notServedMessage() const
{
    return tr("This cluster's Spark Operator has no SparkConnect (needs v2.3 or newer): the API server does not serve "
              "sparkoperator.k8s.io/v1alpha1 sparkconnects. Upgrade the Spark Operator (Helm chart "
              "spark-operator/spark-operator 2.3 or newer, with its CRDs) to run Spark Connect servers.");
}

void SparkConnectSession::discover()
{
    const quint64 run = ++m_discovery;
    kube::KubeClient* client = m_cluster ? m_cluster->client() : nullptr;
    if (!client) {
        setAvailability(Availability::Error, tr("Not connected to a cluster."));
        return;
    }
    setAvailability(Availability::Checking, {});
    client->request("GET", kind().groupVersionPath(), {}, {}, this, [this, run](const kube::Result<kube::KubeResponse>& r) {
        if (run != m_discovery)
            return;
        if (!r) {
            if (r.error().kind == kube::KubeError::Kind::Http && r.error().httpStatus == 404)
                setAvailability(Availability::NotServed, notServedMessage());
            else
                setAvailability(Availability::Error,
                                tr("Could not find out whether this cluster serves SparkConnect: %1").arg(r.error().message));
            return;
        }
        bool served = false;
        for (const QJsonValue& v : r->object().value(QLatin1String("resources")).toArray())
            served = served || v.toObject().value(QLatin1String("name")).toString() == QLatin1String(model::sparkconnect::kPlural);
        if (!served) {
            setAvailability(Availability::NotServed, notServedMessage());
            return;
        }
        setAvailability(Availability::Served, {});
        startInformer();
    });
}

void SparkConnectSession::startInformer()
{
    stopInformer();
    if (!m_cluster || !m_cluster->client())
        return;
    kube::KubeClient* client = m_cluster->client();
    m_informer = new kube::Informer(client, kind(), m_cluster->watchedNamespace(), {}, this);
    m_model->setInformer(m_informer);
    // The informer goes before its client's replies do (the session deletes its client first when
    // it reconnects or ends).
    m_clientGone = connect(client, &QObject::destroyed, this, &SparkConnectSession::stopInformer);
    connect(m_informer, &kube::Informer::stateChanged, this, &SparkConnectSession::listStateChanged);
    // A SparkConnect deleted elsewhere takes its forward with it.
    connect(m_informer, &kube::Informer::removed, this, [this](const QString& key) { stopForward(key); });
    m_informer->start();
}

void SparkConnectSession::stopInformer()
{
    QObject::disconnect(m_clientGone);
    m_model->setInformer(nullptr);
    delete m_informer;
}

QString SparkConnectSession::listProblem() const
{
    if (!m_informer)
        return {};
    switch (m_informer->state()) {
    case kube::Informer::State::Reconnecting:
        return tr("Listing SparkConnects failed (attempt %1, retrying): %2").arg(m_informer->attempt()).arg(m_informer->lastError().message);
    case kube::Informer::State::Failed:
        return tr("Listing SparkConnects failed: %1").arg(m_informer->lastError().message);
    default:
        return {};
    }
}

void SparkConnectSession::setAvailability(Availability availability, const QString& message)
{
    if (availability == m_availability && message == m_message)
        return;
    m_availability = availability;
    m_message = message;
    emit availabilityChanged();
}

void SparkConnectSession::create(const QJsonObject& object, QObject* receiver,
                                 std::function<void(const kube::SubmitResult&)> done)
{
    kube::KubeClient* client = m_cluster ? m_cluster->client() : nullptr;
    if (!client) {
        QTimer::singleShot(0, receiver, [done] {
            kube::SubmitResult result;
            result.status = notConnected();
            done(result);
        });
        return;
    }
    const QString notServed = notServedMessage();
    kube::submitObject(client, kind(), object, false, receiver, [done, notServed](kube::SubmitResult result) {
        if (result.status.error().reason == QLatin1String("CRDNotInstalled")) {
            kube::KubeError e = result.status.error();
            e.message = notServed;
            result.status = e;
        }
        done(result);
    });
}

void SparkConnectSession::remove(const QString& key, const QString& uid, QObject* receiver,
                                 std::function<void(const kube::Status&)> done)
{
    kube::KubeClient* client = m_cluster ? m_cluster->client() : nullptr;
    if (!client) {
        QTimer::singleShot(0, receiver, [done] { done(notConnected()); });
        return;
    }
    QJsonObject options{{QStringLiteral("kind"), QStringLiteral("DeleteOptions")},
                        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                        {QStringLiteral("propagationPolicy"), QStringLiteral("Background")}};
    if (!uid.isEmpty())
        options.insert(QStringLiteral("preconditions"), QJsonObject{{QStringLiteral("uid"), uid}});
    stopForward(key);
    client->request("DELETE", kind().objectPath(keyNamespace(key), keyName(key)), {},
                    QJsonDocument(options).toJson(QJsonDocument::Compact), receiver,
                    [done, key](const kube::Result<kube::KubeResponse>& r) {
                        if (r)
                            return done(kube::Status());
                        kube::KubeError e = r.error();
                        if (e.httpStatus == 409)
                            e.message = tr("%1 was replaced by another SparkConnect of the same name; it was not deleted (%2)")
                                            .arg(key, e.message);
                        done(e);
                    });
}

bool SparkConnectSession::followServerLog(LogSession* log, const QString& key) const
{
    const model::SparkConnectSummary s = m_model->summary(key);
    if (!log || s.serverPod.isEmpty())
        return false;
    log->follow(s.ns, s.serverPod, QString::fromLatin1(model::sparkconnect::kServerContainer));
    return true;
}

void SparkConnectSession::connectTo(const QString& key)
{
    if (auto* running = m_forwards.value(key); running && m_urls.contains(key)) {
        QTimer::singleShot(0, this, [this, key] {
            if (m_urls.contains(key))
                emit connectReady(key, m_urls.value(key));
        });
        return;
    }
    const model::SparkConnectSummary s = m_model->summary(key);
    if (!m_cluster || s.name.isEmpty()) {
        QTimer::singleShot(0, this, [this, key] {
            emit connectFailed(key, kube::KubeError::process(tr("%1 is not listed (any more).").arg(key)));
        });
        return;
    }
    stopForward(key);
    // The Service the operator creates (<name>-server unless spec.server.service names another);
    // its port 15002 is the Spark Connect server's gRPC port.
    const QString service = s.serverService.isEmpty() ? s.name + QStringLiteral("-server") : s.serverService;
    auto* forward = new kube::PortForward(m_cluster->kubeconfigFiles(), m_cluster->context(), s.ns,
                                          QStringLiteral("svc/") + service, model::sparkconnect::kPort, this);
    m_forwards.insert(key, forward);
    connect(forward, &kube::PortForward::ready, this, [this, key](const QUrl& url) {
        const QString sc = model::sparkConnectUrl(url.port());
        m_urls.insert(key, sc);
        emit connectReady(key, sc);
    });
    connect(forward, &kube::PortForward::failed, this, [this, key, forward](const kube::KubeError& error) {
        if (m_forwards.value(key) == forward) {
            m_forwards.remove(key);
            m_urls.remove(key);
            forward->deleteLater();
        }
        emit connectFailed(key, error);
    });
    forward->start();
}

void SparkConnectSession::stopForward(const QString& key)
{
    m_urls.remove(key);
    if (kube::PortForward* forward = m_forwards.take(key)) {
        forward->stop();
        forward->deleteLater();
    }
}

QString SparkConnectSession::connectUrl(const QString& key) const
{
    return m_urls.value(key);
}

} // namespace session
