#include "app/session/historyrecorder.h"

#include "app/kube/informer.h"
#include "app/kube/kubeclient.h"
#include "app/session/clustersession.h"
#include "models/sparkapplication.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <memory>

namespace session {

namespace {

QJsonObject obj(const QJsonObject& o, const char* key) { return o.value(QLatin1String(key)).toObject(); }
QString str(const QJsonObject& o, const char* key) { return o.value(QLatin1String(key)).toString(); }

QString stateOf(const QJsonObject& app) { return str(obj(obj(app, "status"), "applicationState"), "state"); }
QString uidOf(const QJsonObject& o) { return str(obj(o, "metadata"), "uid"); }

QString nowText() { return QDateTime::currentDateTimeUtc().toString(Qt::ISODate); }

QString eventTime(const QJsonObject& e)
{
    for (const char* key : {"lastTimestamp", "eventTime", "firstTimestamp"}) {
        const QString t = str(e, key);
        if (!t.isEmpty())
            return t;
    }
    return str(obj(e, "metadata"), "creationTimestamp");
}

QJsonArray terminationsOf(const QJsonObject& pod)
{
    QJsonArray out;
    const QString podName = str(obj(pod, "metadata"), "name");
    const QJsonObject status = obj(pod, "status");
    if (str(status, "reason") == QLatin1String("Evicted"))
        out.append(QJsonObject{{QStringLiteral("pod"), podName}, {QStringLiteral("container"), QString()},
                               {QStringLiteral("reason"), QStringLiteral("Evicted")}, {QStringLiteral("message"), str(status, "message")}});
    for (const char* list : {"initContainerStatuses", "containerStatuses"}) {
        for (const QJsonValue& v : status.value(QLatin1String(list)).toArray()) {
            const QJsonObject cs = v.toObject();
            const QJsonObject t = obj(obj(cs, "state"), "terminated");
            if (t.isEmpty())
                continue;
            out.append(QJsonObject{{QStringLiteral("pod"), podName},
                                   {QStringLiteral("container"), str(cs, "name")},
                                   {QStringLiteral("reason"), str(t, "reason")},
                                   {QStringLiteral("exitCode"), t.value(QLatin1String("exitCode")).toInt()},
                                   {QStringLiteral("message"), str(t, "message")},
                                   {QStringLiteral("finishedAt"), str(t, "finishedAt")}});
        }
    }
    return out;
}

// The state of one gatherRun(): requests in flight and what they brought.
struct Gathering {
    GatheredRun result;
    int pending = 0;
    QHash<QString, QJsonObject> events; // by metadata.uid (an event may involve the app and a pod)
    std::function<void(GatheredRun)> done;
    bool finished = false;
};

} // namespace

namespace {

QPointer<history::HistoryStore>& theProcessHistoryStore()
{
    static QPointer<history::HistoryStore> store;
    return store;
}

void closeProcessHistoryStore()
{
    delete theProcessHistoryStore().data();
}

} // namespace

history::HistoryStore* processHistoryStore()
{
    QPointer<history::HistoryStore>& store = theProcessHistoryStore();
    if (!store) {
        // Closed by a post routine, which QCoreApplication's destructor runs while the application
        // object still exists (Qt SQL needs it to close the connection); a child of the application
        // would be deleted only after it is gone.
        store = new history::HistoryStore(history::HistoryStore::defaultPath());
        store->open();
        qAddPostRoutine(closeProcessHistoryStore);
    }
    return store;
}

void gatherRun(kube::KubeClient* client, const QJsonObject& application, const QString& cluster, const QString& context,
               const QJsonArray& stateHistory, QObject* receiver, std::function<void(GatheredRun)> done)
{
    auto g = std::make_shared<Gathering>();
    g->done = std::move(done);
    history::Run& run = g->result.run;
    const QJsonObject meta = obj(application, "metadata");
    const QJsonObject status = obj(application, "status");
    run.cluster = cluster;
    run.context = context;
    run.ns = str(meta, "namespace");
    run.name = str(meta, "name");
    run.uid = str(meta, "uid");
    run.state = stateOf(application);
    run.errorMessage = str(obj(status, "applicationState"), "errorMessage");
    run.sparkApplicationId = str(status, "sparkApplicationId");
    run.created = QDateTime::fromString(str(meta, "creationTimestamp"), Qt::ISODate);
    run.finished = QDateTime::fromString(str(status, "terminationTime"), Qt::ISODate);
    if (!run.finished.isValid())
        run.finished = QDateTime::currentDateTimeUtc();
    run.object = application;
    run.stateHistory = stateHistory;
    if (run.stateHistory.isEmpty())
        run.stateHistory.append(QJsonObject{{QStringLiteral("state"), run.state}, {QStringLiteral("at"), run.finished.toString(Qt::ISODate)}});

    QPointer<QObject> guard(receiver);
    const auto finishOne = [g, guard] {
        if (--g->pending > 0 || g->finished)
            return;
        g->finished = true;
        QList<QJsonObject> events = g->events.values();
        std::stable_sort(events.begin(), events.end(), [](const QJsonObject& a, const QJsonObject& b) { return eventTime(a) < eventTime(b); });
        for (const QJsonObject& e : events)
            g->result.run.events.append(e);
        if (guard)
            g->done(std::move(g->result));
    };
    if (!client) {
        g->pending = 1;
        QTimer::singleShot(0, receiver, finishOne);
        return;
    }
    const QString ns = run.ns;
    const auto fetchEvents = [client, receiver, g, finishOne, ns](const QString& uid) {
        if (uid.isEmpty())
            return;
        ++g->pending;
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("fieldSelector"), QStringLiteral("involvedObject.uid=") + uid);
        client->request("GET", kube::ResourceKind::events().collectionPath(ns), q, {}, receiver,
                        [g, finishOne](const kube::Result<kube::KubeResponse>& r) {
                            if (r) {
                                for (const QJsonValue& v : r->object().value(QLatin1String("items")).toArray()) {
                                    const QJsonObject e = v.toObject();
                                    QString key = uidOf(e);
                                    if (key.isEmpty())
                                        key = QString::number(g->events.size());
                                    g->events.insert(key, e);
                                }
                            }
                            finishOne();
                        });
    };
    const auto fetchLog = [client, receiver, g, finishOne, ns](const QString& pod) {
        ++g->pending;
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("container"), QString::fromLatin1(model::spark::kDriverContainer));
        q.addQueryItem(QStringLiteral("tailLines"), QStringLiteral("200000"));
        client->request("GET", kube::ResourceKind::pods().objectPath(ns, pod) + QStringLiteral("/log"), q, {}, receiver,
                        [g, finishOne](const kube::Result<kube::KubeResponse>& r) {
                            if (r) {
                                QByteArray log = r->body;
                                if (log.size() > kDriverLogTailBytes) {
                                    log = log.right(kDriverLogTailBytes);
                                    const qsizetype newline = log.indexOf('\n');
                                    if (newline >= 0)
                                        log = log.mid(newline + 1);
                                }
                                g->result.driverLog = log.isNull() ? QByteArray("") : log;
                            }
                            finishOne();
                        });
    };

    g->pending = 1; // the pods list
    fetchEvents(run.uid);
    const QString submissionId = str(status, "submissionID");
    const QString driverPod = str(obj(status, "driverInfo"), "podName");
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("labelSelector"), QStringLiteral("%1=%2").arg(QLatin1String(model::spark::kAppNameLabel), run.name));
    client->request("GET", kube::ResourceKind::pods().collectionPath(ns), q, {}, receiver,
                    [g, finishOne, fetchEvents, fetchLog, submissionId, driverPod](const kube::Result<kube::KubeResponse>& r) {
                        QString driver = driverPod;
                        if (r) {
                            for (const QJsonValue& v : r->object().value(QLatin1String("items")).toArray()) {
                                const QJsonObject pod = v.toObject();
                                const QJsonObject labels = obj(obj(pod, "metadata"), "labels");
                                const QString podSubmission = str(labels, "sparkoperator.k8s.io/submission-id");
                                if (!submissionId.isEmpty() && !podSubmission.isEmpty() && podSubmission != submissionId)
                                    continue;
                                for (const QJsonValue& t : terminationsOf(pod))
                                    g->result.run.podTerminations.append(t);
                                fetchEvents(uidOf(pod));
                                if (driver.isEmpty() && str(labels, model::spark::kRoleLabel) == QLatin1String("driver"))
                                    driver = str(obj(pod, "metadata"), "name");
                            }
                        }
                        if (!driver.isEmpty())
                            fetchLog(driver);
                        finishOne();
                    });
}

void recordWhenEnded(kube::KubeClient* client, history::HistoryStore* store, const QString& ns, const QString& name,
                     qint64 waitMs, QObject* receiver, std::function<void(qint64 id)> done)
{
    if (!client || !store || !store->isOpen()) {
        QTimer::singleShot(0, receiver, [done] { done(0); });
        return;
    }
    QElapsedTimer waited;
    waited.start();
    auto attempt = std::make_shared<std::function<void()>>();
    *attempt = [client, store, ns, name, waitMs, receiver, done, waited, attempt] {
        client->request("GET", kube::ResourceKind::sparkApplications().objectPath(ns, name), {}, {}, receiver,
                        [client, store, waitMs, receiver, done, waited, attempt](const kube::Result<kube::KubeResponse>& r) {
                            if (!r) {
                                *attempt = nullptr;
                                return done(0);
                            }
                            const QJsonObject app = r->object();
                            if (!model::spark::isTerminalState(stateOf(app))) {
                                if (waited.elapsed() >= waitMs) {
                                    *attempt = nullptr;
                                    return done(0);
                                }
                                QTimer::singleShot(1000, receiver, [attempt] {
                                    if (*attempt)
                                        (*attempt)();
                                });
                                return;
                            }
                            *attempt = nullptr; // breaks the cycle
                            gatherRun(client, app, history::clusterIdentity(client->connection().server), client->connection().contextName, {},
                                      receiver, [store, done](GatheredRun gathered) { done(store->record(gathered.run, gathered.driverLog)); });
                        });
    };
    (*attempt)();
}

HistoryRecorder::HistoryRecorder(history::HistoryStore* store, QObject* parent) : QObject(parent), m_store(store) {}

HistoryRecorder::~HistoryRecorder() = default;

void HistoryRecorder::follow(ClusterSession* session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (!session)
        return follow(nullptr, nullptr, {}, {});
    const auto refollow = [this] {
        if (m_session)
            follow(m_session->client(), m_session->applicationsInformer(), history::clusterIdentity(m_session->connection().server), m_session->context());
    };
    connect(session, &ClusterSession::applicationsInformerChanged, this, refollow);
    refollow();
}

void HistoryRecorder::follow(kube::KubeClient* client, kube::Informer* informer, const QString& cluster, const QString& context)
{
    m_client = client;
    m_cluster = cluster;
    m_context = context;
    attach(informer);
}

void HistoryRecorder::attach(kube::Informer* informer)
{
    for (const auto& c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_informer = informer;
    m_backlog.clear();
    m_stored.clear();
    if (!informer)
        return;
    if (m_store->isOpen()) {
        for (const history::RunKey& k : m_store->runKeys(m_cluster))
            m_stored.insert(k.uid, k.state);
    }
    m_firstList = true;
    m_connections << connect(informer, &kube::Informer::added, this, &HistoryRecorder::onObject)
                  << connect(informer, &kube::Informer::updated, this, &HistoryRecorder::onObject)
                  << connect(informer, &kube::Informer::removed, this, [this](const QString&, const QJsonObject& last) { onRemoved(last); })
                  << connect(informer, &kube::Informer::synced, this, &HistoryRecorder::onSynced);
    for (auto it = informer->objects().cbegin(); it != informer->objects().cend(); ++it)
        onObject(it.key());
    if (informer->hasSynced())
        onSynced();
}

void HistoryRecorder::onObject(const QString& key)
{
    if (!m_informer)
        return;
    const QJsonObject app = m_informer->object(key);
    const QString uid = uidOf(app);
    if (uid.isEmpty())
        return;
    const QString state = stateOf(app);
    const bool firstSeen = !m_lastState.contains(uid);
    const QString previous = m_lastState.value(uid);
    if (!firstSeen && state == previous)
        return;
    m_lastState.insert(uid, state);
    if (!state.isEmpty())
        m_states[uid].append(QJsonObject{{QStringLiteral("state"), state}, {QStringLiteral("at"), nowText()}});
    if (!model::spark::isTerminalState(state) || m_queued.contains(uid) || !m_store->isOpen())
        return;
    if (firstSeen && m_stored.value(uid) == state)
        return;
    if (firstSeen && m_firstList) {
        m_backlog.append(app);
        return;
    }
    enqueue(app, false);
}

void HistoryRecorder::enqueue(const QJsonObject& app, bool fromObjectOnly)
{
    const QString uid = uidOf(app);
    m_queue.enqueue(app);
    m_queued.insert(uid);
    if (fromObjectOnly)
        m_objectOnly.insert(uid);
    if (!m_gathering)
        QTimer::singleShot(0, this, &HistoryRecorder::gatherNext);
}

void HistoryRecorder::takeBacklog()
{
    m_firstList = false;
    // Most recently finished first (status.terminationTime, else metadata.creationTimestamp; both
    // RFC 3339 UTC, so they sort as text).
    const auto endOf = [](const QJsonObject& app) {
        const QString end = str(obj(app, "status"), "terminationTime");
        return end.isEmpty() ? str(obj(app, "metadata"), "creationTimestamp") : end;
    };
    std::stable_sort(m_backlog.begin(), m_backlog.end(), [&](const QJsonObject& a, const QJsonObject& b) { return endOf(a) > endOf(b); });
    m_backlogSkipped = std::max<int>(0, int(m_backlog.size()) - m_backlogKept);
    for (int i = 0; i < std::min<int>(int(m_backlog.size()), m_backlogKept); ++i) {
        const QJsonObject& app = m_backlog.at(i);
        if (!m_queued.contains(uidOf(app)))
            enqueue(app, i >= m_backlogDetailed);
    }
    m_backlog.clear();
}

void HistoryRecorder::gatherNext()
{
    if (m_gathering)
        return;
    if (m_queue.isEmpty()) {
        emit idle();
        return;
    }
    m_gathering = true;
    QJsonObject app = m_queue.dequeue();
    const QString uid = uidOf(app);
    // The newest version of the object, when the informer still has it.
    if (m_informer) {
        const QJsonObject live = m_informer->object(kube::Informer::keyOf(app));
        if (uidOf(live) == uid)
            app = live;
    }
    const bool objectOnly = m_objectOnly.remove(uid);
    gatherRun(objectOnly ? nullptr : m_client.data(), app, m_cluster, m_context, m_states.value(uid), this, [this, uid](GatheredRun gathered) {
        m_queued.remove(uid);
        if (m_gone.remove(uid))
            gathered.run.goneFromCluster = true;
        const qint64 id = m_store->record(gathered.run, gathered.driverLog);
        if (id > 0)
            emit recorded(id);
        else
            emit recordFailed(m_store->error());
        m_gathering = false;
        gatherNext();
    });
}

void HistoryRecorder::onRemoved(const QJsonObject& last)
{
    const QString uid = uidOf(last);
    if (uid.isEmpty())
        return;
    m_lastState.remove(uid);
    m_states.remove(uid);
    if (m_queued.contains(uid))
        m_gone.insert(uid);
    if (m_store->isOpen())
        m_store->markGone(m_cluster, str(obj(last, "metadata"), "namespace"), {uid});
}

void HistoryRecorder::onSynced()
{
    if (m_firstList)
        takeBacklog();
    // Only a list of every application of the namespace says which ones are gone.
    if (!m_informer || !m_store->isOpen() || m_cluster.isEmpty() || !m_informer->fieldSelector().isEmpty())
        return;
    QSet<QString> present;
    for (const QJsonObject& o : m_informer->objects())
        present.insert(uidOf(o));
    const QString watched = m_informer->watchedNamespace();
    QHash<QString, QStringList> goneByNs;
    for (const history::RunKey& r : m_store->runKeys(m_cluster)) {
        if ((watched.isEmpty() || r.ns == watched) && !r.goneFromCluster && !present.contains(r.uid) && !m_queued.contains(r.uid))
            goneByNs[r.ns].append(r.uid);
    }
    for (auto it = goneByNs.cbegin(); it != goneByNs.cend(); ++it)
        m_store->markGone(m_cluster, it.key(), it.value());
}

} // namespace session
