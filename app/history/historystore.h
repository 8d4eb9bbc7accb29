#pragma once
#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>
#include <optional>

class QSqlDatabase;
class QSqlQuery;

namespace history {

/// One SparkApplication run that reached a terminal state (COMPLETED, FAILED, SUBMISSION_FAILED,
/// or anything model::spark::isTerminal() says), as SparkDeck saw it last. A run is one uid: a
/// re-run with the same name is a new run.
struct Run {
    qint64 id = 0;            ///< the store's row id (0 before it is stored)
    QString cluster;          ///< identity of the cluster: the API server URL of the context
    QString context;          ///< the kubeconfig context it was seen through (for display)
    QString ns;               ///< metadata.namespace
    QString name;             ///< metadata.name
    QString uid;              ///< metadata.uid
    QString state;            ///< status.applicationState.state at the end (e.g. "FAILED")
    QString errorMessage;     ///< status.applicationState.errorMessage ("" if none)
    QString sparkApplicationId; ///< status.sparkApplicationId ("" if none)
    QDateTime created;        ///< metadata.creationTimestamp (UTC)
    QDateTime finished;       ///< status.terminationTime, else when SparkDeck saw the terminal state (UTC)
    QJsonObject object;       ///< the whole last object SparkDeck saw (spec, metadata, status)
    /// The states SparkDeck observed, oldest first: [{"state": "RUNNING", "at": RFC 3339 UTC}, …].
    QJsonArray stateHistory;
    /// v1 Events of the application and its pods, as the API server sent them (oldest first).
    QJsonArray events;
    /// One entry per container that ended: {"pod", "container", "reason", "exitCode", "message",
    /// "finishedAt"} from the pods' status.containerStatuses[].state.terminated (and
    /// status.reason/message of an Evicted pod as reason/message with container "").
    QJsonArray podTerminations;
    qint64 driverLogBytes = 0; ///< size of the driver log, uncompressed (0: none stored)
    bool goneFromCluster = false; ///< SparkDeck saw it deleted (or it was absent after a full list)
    QDateTime recorded;       ///< when the store last wrote this row (UTC)
};

/// The identity a run of a cluster is stored under (Run::cluster): the API server URL of the
/// context (`server` of kube::ClusterConnection), as text. Every writer and reader of the history uses it.
QString clusterIdentity(const QUrl& server);

/// The identity and end state of a stored run (runKeys()), cheap to read for thousands of runs.
struct RunKey {
    QString ns;         ///< metadata.namespace
    QString uid;        ///< metadata.uid
    QString state;      ///< the state it was stored in
    bool goneFromCluster = false;
};

/// Which runs runs() returns. Empty strings match everything.
struct RunQuery {
    QString cluster;
    QString ns;
    QString name;
    bool goneOnly = false;   ///< only runs no longer on the cluster
    int limit = 0;           ///< at most this many (0: all), newest `finished` first
};

/// The run history on disk: an SQLite database (Qt SQL, QSQLITE driver) in WAL mode, so two SparkDeck
/// processes (windows, command lines) can read and write it at once. Driver logs are stored
/// compressed (qCompress). The schema carries its version (PRAGMA user_version) and is migrated
/// forward on open. A database that cannot be read (not a database, corrupt) is renamed (with its
/// -wal/-shm files) to `<path>.corrupt-<yyyyMMdd-HHmmss>` and a new one is started; problem() says
/// so. A database written by a newer build (user_version > schemaVersion()) is left alone: open()
/// fails and problem() says so. Size cap: after each record() the oldest runs (by `finished`)
/// are evicted until the file is under sizeLimitBytes().
///
/// Not thread-safe: use one instance per thread (each opens its own connection). All calls are
/// synchronous; a failed write returns false and error() says why (never throws, never crashes).
class HistoryStore : public QObject {
    Q_OBJECT
public:
    /// The default database: QStandardPaths::AppDataLocation + "/history.sqlite" (the directory is
    /// created), or $SPARKDECK_HISTORY_DB when set (tests, several profiles).
    static QString defaultPath();
    /// Default size cap in bytes (256 MiB); QSettings "history/sizeLimitBytes" overrides it.
    static qint64 defaultSizeLimitBytes();

    explicit HistoryStore(QString path = defaultPath(), QObject* parent = nullptr);
    ~HistoryStore() override;

    /// Opens (creating or migrating) the database. False when even a new database cannot be made
    /// (e.g. the directory is not writable) or the file is from a newer build; error() and
    /// problem() say why. Every other call fails (0, false, empty) with error() set until open().
    bool open();
    bool isOpen() const;
    QString path() const { return m_path; }
    /// "" or a sentence for the user about what happened on open(), e.g. the corrupt database was
    /// moved aside to PATH and a new one started.
    QString problem() const { return m_problem; }
    /// The last error of a failed call (a sentence; "" after a success).
    QString error() const { return m_error; }
    /// The schema version this build writes (PRAGMA user_version).
    static int schemaVersion();

    /// Inserts or updates the run keyed by (cluster, ns, uid); `driverLog` replaces the stored log
    /// when not null. `run.finished` invalid: now. goneFromCluster is never reset by a record().
    /// Returns the row id, or 0 on failure. Emits changed(). Waits up to 10 s for another
    /// process's write.
    qint64 record(const Run& run, const QByteArray& driverLog = QByteArray());
    /// Marks runs of (cluster, ns) whose uid is in `uids` as gone from the cluster. Emits changed().
    bool markGone(const QString& cluster, const QString& ns, const QStringList& uids);
    /// Runs matching `query`, newest `finished` first, ties by newest id (without driver logs).
    QList<Run> runs(const RunQuery& query = {}) const;
    /// What is stored of each run of `cluster` (all clusters when empty), without reading objects,
    /// events or logs: one row per run, in no particular order. Empty on error (error() says why).
    QList<RunKey> runKeys(const QString& cluster = {}) const;
    /// One run by row id.
    std::optional<Run> run(qint64 id) const;
    /// The newest run named `name` in `ns` (of `cluster` when not empty).
    std::optional<Run> latest(const QString& ns, const QString& name, const QString& cluster = {}) const;
    /// The driver log of a run, uncompressed (empty when none was stored).
    QByteArray driverLog(qint64 id) const;
    /// Deletes one run (and its driver log). Emits changed().
    bool remove(qint64 id);

    qint64 sizeLimitBytes() const { return m_sizeLimit; }
    /// Sets the cap (bytes, > 0; other values are ignored) and evicts at once if the file is
    /// larger. Eviction removes whole runs, oldest `finished` first, but never the run just
    /// recorded, so one run larger than the cap is still kept.
    void setSizeLimitBytes(qint64 bytes);
    /// Bytes the database uses now: (page_count − freelist_count) × page_size. Pages freed by
    /// remove() and eviction are given back to the file system (auto_vacuum INCREMENTAL).
    qint64 sizeBytes() const;

    /// Writes run `id` as a gzip'd tar bundle at `file` for a bug report: application.yaml (the
    /// object), status.json, events.yaml (kubectl's events table as text too: events.txt),
    /// pods.json (terminations), driver.log, state-history.txt, README.txt (what SparkDeck saw,
    /// when, which version). Returns false and sets error() when it cannot.
    bool exportBundle(qint64 id, const QString& file);

signals:
    /// A run was recorded, updated, marked gone, removed or evicted (by this instance).
    void changed();

private:
    int openFile();
    QSqlDatabase database() const;
    bool fail(const QSqlQuery& q) const;
    bool ensureOpen() const;
    bool removeRow(qint64 id);
    int evict(qint64 keep);
    void reclaim();

    QString m_path;
    QString m_connection; // Qt SQL connection name, unique per instance
    QString m_problem;
    mutable QString m_error;
    qint64 m_sizeLimit;
};

} // namespace history
