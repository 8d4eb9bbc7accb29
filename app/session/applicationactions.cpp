#include "app/session/applicationactions.h"

#include "app/kube/informer.h"
#include "app/kube/sparkapi.h"
#include "app/session/clustersession.h"
#include "models/sparkapplication.h"
#include "models/yamldocument.h"

#include <QJsonDocument>
#include <QTimer>

namespace session {

namespace {

kube::ResourceKind resourceKind(ApplicationActions::Kind kind)
{
    return kind == ApplicationActions::Kind::Scheduled ? kube::ResourceKind::scheduledSparkApplications()
                                                       : kube::ResourceKind::sparkApplications();
}

QString metaUid(const QJsonObject& object)
{
    return object.value(QLatin1String("metadata")).toObject().value(QLatin1String("uid")).toString();
}

QString objectPath(ApplicationActions::Kind kind, const QString& key)
{
    return resourceKind(kind).objectPath(key.section(QLatin1Char('/'), 0, 0), key.section(QLatin1Char('/'), 1));
}

kube::KubeError notListed(const QString& key)
{
    kube::KubeError e;
    e.kind = kube::KubeError::Kind::Http;
    e.httpStatus = 404;
    e.reason = QStringLiteral("NotFound");
    e.message = ApplicationActions::tr("%1 is not listed (deleted, or in a namespace not watched)").arg(key);
    e.isStatus = true;
    return e;
}

// Waits until the session's applications informer no longer lists the object `key` with `uid`,
// then calls `then` once (None), or with a timeout error after `timeoutMs`. Lives until it calls.
class GoneWaiter : public QObject {
public:
    GoneWaiter(ClusterSession* session, QString key, QString uid, int timeoutMs, std::function<void(const kube::KubeError&)> then)
        : QObject(session), m_session(session), m_key(std::move(key)), m_uid(std::move(uid)), m_then(std::move(then))
    {
        m_timeout.setSingleShot(true);
        m_timeout.setInterval(timeoutMs);
        connect(&m_timeout, &QTimer::timeout, this, [this, timeoutMs] {
            kube::KubeError e = kube::KubeError::network(
                ApplicationActions::tr("%1 was deleted, but the cluster did not report it gone within %2 s; "
                                       "it was not created again. Try again.")
                    .arg(m_key)
                    .arg(timeoutMs / 1000));
            e.reason = QStringLiteral("Timeout");
            finish(e);
        });
        m_timeout.start();
        // A new informer (namespace switch, reconnect) lists again: look once it has.
        connect(session, &ClusterSession::connectionStateChanged, this, &GoneWaiter::watchInformer);
        watchInformer();
    }

private:
    void watchInformer()
    {
        kube::Informer* informer = m_session ? m_session->applicationsInformer() : nullptr;
        if (informer != m_informer) {
            if (m_informer)
                disconnect(m_informer, nullptr, this, nullptr);
            m_informer = informer;
            if (informer) {
                connect(informer, &kube::Informer::removed, this, [this](const QString& key, const QJsonObject& last) {
                    if (key == m_key && metaUid(last) == m_uid)
                        finish({});
                });
                connect(informer, &kube::Informer::updated, this, &GoneWaiter::check);
                connect(informer, &kube::Informer::synced, this, &GoneWaiter::check);
            }
        }
        check();
    }

    void check()
    {
        if (m_informer && m_informer->hasSynced() && metaUid(m_informer->object(m_key)) != m_uid)
            finish({});
    }

    void finish(const kube::KubeError& error)
    {
        if (m_done)
            return;
        m_done = true;
        m_timeout.stop();
        // Called from the informer's signal: go on from the event loop.
        QTimer::singleShot(0, this, [this, error] {
            auto then = std::move(m_then);
            deleteLater();
            then(error);
        });
    }

    QPointer<ClusterSession> m_session;
    QPointer<kube::Informer> m_informer;
    QString m_key;
    QString m_uid;
    std::function<void(const kube::KubeError&)> m_then;
    QTimer m_timeout;
    bool m_done = false;
};

} // namespace

ApplicationActions::ApplicationActions(ClusterSession* session, QObject* parent)
    : QObject(parent)
    , m_session(session)
{
}

QJsonObject ApplicationActions::listed(Kind kind, const QString& key) const
{
    if (!m_session)
        return {};
    kube::Informer* informer = kind == Kind::Scheduled ? m_session->scheduledInformer() : m_session->applicationsInformer();
    return informer ? informer->object(key) : QJsonObject();
}

void ApplicationActions::failLater(QObject* receiver, Done done, const kube::KubeError& error)
{
    QTimer::singleShot(0, receiver ? receiver : this, [done, error] { done(error); });
}

void ApplicationActions::remove(Kind kind, const QString& key, QObject* receiver, Done done)
{
    kube::KubeClient* client = m_session ? m_session->client() : nullptr;
    if (!client)
        return failLater(receiver, done, kube::KubeError::network(tr("Not connected")));
    kube::deleteObject(client, objectPath(kind, key), receiver, [done](const kube::Status& s) { done(s.error()); });
}

void ApplicationActions::rerun(const QString& key, const QString& uid, QObject* receiver, Done done)
{
    kube::KubeClient* client = m_session ? m_session->client() : nullptr;
    if (!client)
        return failLater(receiver, done, kube::KubeError::network(tr("Not connected")));
    const QJsonObject live = listed(Kind::Application, key);
    if (live.isEmpty())
        return failLater(receiver, done, notListed(key));
    const QString expected = uid.isEmpty() ? metaUid(live) : uid;
    if (metaUid(live) != expected) {
        kube::KubeError e;
        e.kind = kube::KubeError::Kind::Http;
        e.httpStatus = 409;
        e.reason = QStringLiteral("Conflict");
        e.message = tr("%1 was replaced by another object of the same name; it was not re-run").arg(key);
        return failLater(receiver, done, e);
    }
    const QJsonObject object = kube::resubmittable(live);
    const QString ns = key.section(QLatin1Char('/'), 0, 0);
    const QByteArray body = QJsonDocument(QJsonObject{
                                              {QStringLiteral("kind"), QStringLiteral("DeleteOptions")},
                                              {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                              {QStringLiteral("propagationPolicy"), QStringLiteral("Background")},
                                              {QStringLiteral("preconditions"), QJsonObject{{QStringLiteral("uid"), expected}}},
                                          })
                                .toJson(QJsonDocument::Compact);
    QPointer<QObject> guard(receiver);
    QPointer<ClusterSession> session = m_session;
    const int timeoutMs = m_rerunTimeoutMs;
    client->request("DELETE", objectPath(Kind::Application, key), {}, body, receiver,
                    [=](const kube::Result<kube::KubeResponse>& r) {
                        kube::KubeError error = r.error();
                        if (error.httpStatus == 409) {
                            error.message = tr("%1 was replaced by another object of the same name; it was not re-run (%2)")
                                                .arg(key, error.message);
                            return done(error);
                        }
                        // 404: gone already; any other error stops here.
                        if (error.isError() && error.httpStatus != 404)
                            return done(kube::explainSparkError(error));
                        if (!session)
                            return;
                        new GoneWaiter(session, key, expected, timeoutMs, [=](const kube::KubeError& gone) {
                            if (!guard)
                                return;
                            if (gone.isError() || !session || !session->client())
                                return done(gone.isError() ? gone : kube::KubeError::network(tr("Not connected")));
                            session->client()->request(
                                "POST", kube::ResourceKind::sparkApplications().collectionPath(ns), {},
                                QJsonDocument(object).toJson(QJsonDocument::Compact), guard,
                                [done](const kube::Result<kube::KubeResponse>& created) {
                                    done(created ? kube::KubeError() : kube::explainSparkError(created.error()));
                                });
                        });
                    });
}

void ApplicationActions::setSuspended(Kind kind, const QString& key, bool suspended, QObject* receiver, Done done)
{
    kube::KubeClient* client = m_session ? m_session->client() : nullptr;
    if (!client)
        return failLater(receiver, done, kube::KubeError::network(tr("Not connected")));
    kube::mergePatch(client, objectPath(kind, key),
                     QJsonObject{{QStringLiteral("spec"), QJsonObject{{QStringLiteral("suspend"), suspended}}}}, receiver,
                     [done](const kube::Status& s) { done(s.error()); });
}

void ApplicationActions::setSchedule(const QString& key, const QString& schedule, const QString& timeZone,
                                     QObject* receiver, Done done)
{
    kube::KubeClient* client = m_session ? m_session->client() : nullptr;
    if (!client)
        return failLater(receiver, done, kube::KubeError::network(tr("Not connected")));
    const QJsonObject patch{{QStringLiteral("spec"),
                             QJsonObject{{QStringLiteral("schedule"), schedule},
                                         {QStringLiteral("timeZone"), timeZone.isEmpty() ? QJsonValue() : QJsonValue(timeZone)}}}};
    kube::mergePatch(client, objectPath(Kind::Scheduled, key), patch, receiver, [done](const kube::Status& s) { done(s.error()); });
}

QString ApplicationActions::uid(Kind kind, const QString& key) const
{
    return metaUid(listed(kind, key));
}

ApplicationActions::Schedule ApplicationActions::schedule(const QString& key) const
{
    const QJsonObject o = listed(Kind::Scheduled, key);
    Schedule s;
    if (o.isEmpty())
        return s;
    const QJsonObject meta = o.value(QLatin1String("metadata")).toObject();
    const QJsonObject spec = o.value(QLatin1String("spec")).toObject();
    const QJsonObject status = o.value(QLatin1String("status")).toObject();
    s.exists = true;
    s.name = meta.value(QLatin1String("name")).toString();
    s.ns = meta.value(QLatin1String("namespace")).toString();
    s.schedule = spec.value(QLatin1String("schedule")).toString();
    s.timeZone = spec.value(QLatin1String("timeZone")).toString();
    s.suspended = spec.value(QLatin1String("suspend")).toBool();
    s.concurrencyPolicy = spec.value(QLatin1String("concurrencyPolicy")).toString();
    s.scheduleState = status.value(QLatin1String("scheduleState")).toString();
    s.reason = status.value(QLatin1String("reason")).toString();
    s.lastRunName = status.value(QLatin1String("lastRunName")).toString();
    return s;
}

QString ApplicationActions::liveYaml(Kind kind, const QString& key) const
{
    const QJsonObject o = listed(kind, key);
    return o.isEmpty() ? QString() : model::YamlDocument::canonicalYamlOf(o);
}

QString ApplicationActions::cloneYaml(Kind kind, const QString& key) const
{
    return cloneYamlOf(listed(kind, key));
}

QString cloneYamlOf(const QJsonObject& object)
{
    if (object.isEmpty())
        return {};
    QJsonObject copy = kube::resubmittable(object);
    QJsonObject meta = copy.value(QLatin1String("metadata")).toObject();
    meta.insert(QStringLiteral("name"), model::cloneName(meta.value(QLatin1String("name")).toString()));
    copy.insert(QStringLiteral("metadata"), meta);
    return model::YamlDocument::canonicalYamlOf(copy);
}

} // namespace session
