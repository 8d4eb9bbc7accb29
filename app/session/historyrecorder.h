#pragma once

#include "app/history/historystore.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QSet>

#include <functional>

namespace kube {
class Informer;
class KubeClient;
}

namespace session {

class ClusterSession;

/// What gatherRun() hands back: the run to store and the driver log (null when it could not be
/// read, e.g. the driver pod is gone; the stored log is then left as it is).
struct GatheredRun {
    history::Run run;
    QByteArray driverLog;
};

/// The run history of this process: one history::HistoryStore on HistoryStore::defaultPath()
/// (or $SPARKDECK_HISTORY_DB), made and opened on the first call, closed while
/// QCoreApplication is destroyed (a post routine).
/// Main thread only. Check problem() (a damaged file moved aside, a newer schema, a directory that
/// cannot be written) to tell the user; when open() failed, every call on it fails and nothing is
/// recorded.
history::HistoryStore* processHistoryStore();

/// The largest driver log kept per run: its last 8 MiB.
inline constexpr qint64 kDriverLogTailBytes = 8ll << 20;

/// Reads, for the SparkApplication `application` (the object as last seen), what a run keeps after
/// it is gone, from the API server through `client`:
///  - its pods (v1 pods with the label sparkoperator.k8s.io/app-name=<name>, of the same
///    status.submissionID when both carry one) and what ended in them: every
///    status.containerStatuses[].state.terminated (and initContainerStatuses) as {"pod", "container",
///    "reason", "exitCode", "message", "finishedAt"}, and an Evicted pod's status.reason/message
///    with container "";
///  - v1 Events with the field selector involvedObject.uid=<uid> for the application and each pod,
///    oldest first (by lastTimestamp, eventTime, then creationTimestamp);
///  - the driver's log (status.driverInfo.podName, else the pod labelled spark-role=driver;
///    container spark-kubernetes-driver), its last kDriverLogTailBytes.
/// Fills Run from the object (cluster = `cluster`, the context's API server URL; context =
/// `context`; finished = status.terminationTime, else now) with `stateHistory` (or one entry of the
/// present state when empty). Requests that fail leave their part empty: `done` is always called,
/// once, from the event loop in `receiver`'s thread, unless `receiver` is destroyed first.
void gatherRun(kube::KubeClient* client, const QJsonObject& application, const QString& cluster, const QString& context,
               const QJsonArray& stateHistory, QObject* receiver, std::function<void(GatheredRun)> done);

/// For a command that followed SparkApplication `ns`/`name` to its end (e.g. `logs -f` of its
/// driver): reads the application (GET, again every second for up to `waitMs` while it is not in a
/// terminal state yet: the operator updates the status shortly after the driver ends), then
/// gatherRun() and store->record() (state history: the one state seen). `done` gets the row id, or
/// 0 when nothing was recorded (not terminal in time, not found, store not open, write failed);
/// it runs once, from the event loop in `receiver`'s thread, unless `receiver` is destroyed first.
void recordWhenEnded(kube::KubeClient* client, history::HistoryStore* store, const QString& ns, const QString& name,
                     qint64 waitMs, QObject* receiver, std::function<void(qint64 id)> done);

/// Records the SparkApplications seen by informers into a history::HistoryStore:
///  - every change of status.applicationState.state it sees becomes an entry of the run's state
///    history ({"state", "at": RFC 3339 UTC});
///  - when an application reaches a terminal state (model::spark::isTerminalState), gatherRun()
///    and HistoryStore::record(). Gathering goes one application at a time;
///  - the applications already terminal in an informer's first list (runs that ended while
///    SparkDeck was closed) and not stored in that state yet: the kBacklogDetailed most recently
///    finished are gathered as above, the next ones up to kBacklogKept are recorded from their
///    object alone (no request: no events, pods or log), older ones are not recorded
///    (backlogSkipped()). A namespace of thousands of finished applications thus costs a bounded
///    number of requests and rows;
///  - an application removed by the informer (a DELETED event, or absent from a relist), and a
///    stored run of the watched namespace absent from a full list (an informer without a field
///    selector, and no label selector), is marked gone (HistoryStore::markGone).
/// The store is not owned and must outlive the recorder. Lives and calls back in the thread of the
/// informers and the client (the GUI thread in the window, the main thread on the command line).
class HistoryRecorder : public QObject {
    Q_OBJECT
public:
    explicit HistoryRecorder(history::HistoryStore* store, QObject* parent = nullptr);
    ~HistoryRecorder() override;

    /// Records what `session`'s applications informer sees, following it when the session replaces
    /// it (namespace change, reconnect). Cluster identity: session->connection().server.
    void follow(ClusterSession* session);
    /// Records what `informer` (of SparkApplications, on `client`) sees. `cluster` is the API server
    /// URL; `context` the kubeconfig context's name. Replaces what was followed before.
    void follow(kube::KubeClient* client, kube::Informer* informer, const QString& cluster, const QString& context);

    history::HistoryStore* store() const { return m_store; }
    /// Of an informer's first list, how many finished applications are gathered with their events,
    /// pods and log, and how many are kept at most in all (see the class comment).
    static constexpr int kBacklogDetailed = 20;
    static constexpr int kBacklogKept = 200;

    /// Other limits than kBacklogDetailed and kBacklogKept for the next first list (tests).
    void setBacklogLimits(int detailed, int kept)
    {
        m_backlogDetailed = detailed;
        m_backlogKept = kept;
    }
    /// How many finished applications of the last first list were left unrecorded (older than the
    /// kBacklogKept most recent).
    int backlogSkipped() const { return m_backlogSkipped; }
    /// True while an application is being gathered or waits to be.
    bool busy() const { return m_gathering || !m_queue.isEmpty(); }

signals:
    /// A run was stored (row id).
    void recorded(qint64 id);
    /// A record() failed; `message` says why (HistoryStore::error()).
    void recordFailed(const QString& message);
    /// busy() became false.
    void idle();

private:
    void attach(kube::Informer* informer);
    void onObject(const QString& key);
    void onRemoved(const QJsonObject& last);
    void onSynced();
    void gatherNext();
    void enqueue(const QJsonObject& app, bool fromObjectOnly);
    void takeBacklog();

    history::HistoryStore* m_store;
    QPointer<ClusterSession> m_session;
    QPointer<kube::KubeClient> m_client;
    QPointer<kube::Informer> m_informer;
    QString m_cluster;
    QString m_context;
    QHash<QString, QJsonArray> m_states;   // uid -> observed state history
    QHash<QString, QString> m_lastState;   // uid -> last state seen
    QQueue<QJsonObject> m_queue;           // terminal applications to gather
    QSet<QString> m_queued;                // their uids
    QSet<QString> m_gone;                  // uids removed while queued or gathering
    QSet<QString> m_objectOnly;            // queued uids recorded from the object alone
    QHash<QString, QString> m_stored;      // uid -> state stored, read when an informer is attached
    QList<QJsonObject> m_backlog;          // terminal in the first list, not stored yet
    bool m_firstList = false;              // the attached informer's first list is coming in
    int m_backlogSkipped = 0;
    int m_backlogDetailed = kBacklogDetailed;
    int m_backlogKept = kBacklogKept;
    bool m_gathering = false;
    QList<QMetaObject::Connection> m_connections;
};

} // namespace session
