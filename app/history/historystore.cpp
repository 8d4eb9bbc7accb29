// The run history on disk: SQLite through Qt SQL (QSQLITE), WAL mode, schema migrations by
// PRAGMA user_version, driver logs compressed with qCompress, a size cap with oldest-first
// eviction, and the export bundle (.tar.gz through libarchive).
#include "app/history/historystore.h"

#include "models/yamldocument.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSettings>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTimeZone>
#include <QUuid>

#include <archive.h>
#include <archive_entry.h>

#include <functional>
#include <tuple>

namespace history {

QString clusterIdentity(const QUrl& server)
{
    return server.toString();
}

namespace {

// One step of the schema: brings a database at version `version - 1` to `version`. Steps run in
// order inside one transaction each; a new database runs all of them.
struct Migration {
    int version;
    std::function<bool(QSqlDatabase&, QString* error)> apply;
};

bool execAll(QSqlDatabase& db, const QStringList& statements, QString* error)
{
    for (const QString& sql : statements) {
        QSqlQuery q(db);
        if (!q.exec(sql)) {
            *error = q.lastError().text();
            return false;
        }
    }
    return true;
}

// v1: one table, the driver log inline.
bool migrateTo1(QSqlDatabase& db, QString* error)
{
    return execAll(db,
                   {QStringLiteral("CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, cluster TEXT NOT NULL, "
                                   "context TEXT, ns TEXT NOT NULL, name TEXT NOT NULL, uid TEXT NOT NULL, state TEXT, "
                                   "error_message TEXT, created_ms INTEGER, finished_ms INTEGER, object TEXT, "
                                   "state_history TEXT, events TEXT, pod_terminations TEXT, driver_log BLOB, "
                                   "gone INTEGER NOT NULL DEFAULT 0, recorded_ms INTEGER, UNIQUE (cluster, ns, uid))"),
                    QStringLiteral("CREATE INDEX runs_finished ON runs (finished_ms)"),
                    QStringLiteral("CREATE INDEX runs_name ON runs (ns, name)")},
                   error);
}

// v2: driver logs in their own table (listing runs no longer reads them), their uncompressed
// size and status.sparkApplicationId as columns.
bool migrateTo2(QSqlDatabase& db, QString* error)
{
    if (!execAll(db,
                 {QStringLiteral("CREATE TABLE driver_logs (run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE, "
                                 "data BLOB NOT NULL)"),
                  QStringLiteral("ALTER TABLE runs ADD COLUMN spark_application_id TEXT"),
                  QStringLiteral("ALTER TABLE runs ADD COLUMN driver_log_bytes INTEGER NOT NULL DEFAULT 0"),
                  QStringLiteral("INSERT INTO driver_logs (run_id, data) SELECT id, driver_log FROM runs "
                                 "WHERE driver_log IS NOT NULL AND length(driver_log) > 0")},
                 error))
        return false;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT id, driver_log, object FROM runs WHERE driver_log IS NOT NULL OR object IS NOT NULL"))) {
        *error = q.lastError().text();
        return false;
    }
    QList<std::tuple<qint64, qint64, QString>> updates;
    while (q.next()) {
        const QByteArray compressed = q.value(1).toByteArray();
        // qCompress prefixes the uncompressed size as 4 bytes, big-endian.
        qint64 size = 0;
        if (compressed.size() >= 4)
            size = (qint64(uchar(compressed[0])) << 24) | (uchar(compressed[1]) << 16) | (uchar(compressed[2]) << 8) | uchar(compressed[3]);
        const QJsonObject object = QJsonDocument::fromJson(q.value(2).toByteArray()).object();
        const QString appId = object.value(QLatin1String("status")).toObject().value(QLatin1String("sparkApplicationId")).toString();
        updates.append({q.value(0).toLongLong(), size, appId});
    }
    for (const auto& [id, size, appId] : updates) {
        QSqlQuery u(db);
        u.prepare(QStringLiteral("UPDATE runs SET driver_log = NULL, driver_log_bytes = ?, spark_application_id = ? WHERE id = ?"));
        u.addBindValue(size);
        u.addBindValue(appId);
        u.addBindValue(id);
        if (!u.exec()) {
            *error = u.lastError().text();
            return false;
        }
    }
    return true;
}

const QList<Migration>& migrations()
{
    static const QList<Migration> steps{{1, migrateTo1}, {2, migrateTo2}};
    return steps;
}

qint64 toMs(const QDateTime& t) { return t.isValid() ? t.toMSecsSinceEpoch() : 0; }
QDateTime fromMs(const QVariant& v)
{
    const qint64 ms = v.toLongLong();
    return ms ? QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()) : QDateTime();
}
QString jsonText(const QJsonArray& a) { return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact)); }
QString jsonText(const QJsonObject& o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); }

const char* kColumns = "id, cluster, context, ns, name, uid, state, error_message, spark_application_id, created_ms, "
                       "finished_ms, object, state_history, events, pod_terminations, driver_log_bytes, gone, recorded_ms";

Run runFrom(const QSqlQuery& q)
{
    Run r;
    r.id = q.value(0).toLongLong();
    r.cluster = q.value(1).toString();
    r.context = q.value(2).toString();
    r.ns = q.value(3).toString();
    r.name = q.value(4).toString();
    r.uid = q.value(5).toString();
    r.state = q.value(6).toString();
    r.errorMessage = q.value(7).toString();
    r.sparkApplicationId = q.value(8).toString();
    r.created = fromMs(q.value(9));
    r.finished = fromMs(q.value(10));
    r.object = QJsonDocument::fromJson(q.value(11).toByteArray()).object();
    r.stateHistory = QJsonDocument::fromJson(q.value(12).toByteArray()).array();
    r.events = QJsonDocument::fromJson(q.value(13).toByteArray()).array();
    r.podTerminations = QJsonDocument::fromJson(q.value(14).toByteArray()).array();
    r.driverLogBytes = q.value(15).toLongLong();
    r.goneFromCluster = q.value(16).toInt() != 0;
    r.recorded = fromMs(q.value(17));
    return r;
}

} // namespace

QString HistoryStore::defaultPath()
{
    const QString env = qEnvironmentVariable("SPARKDECK_HISTORY_DB");
    if (!env.isEmpty())
        return env;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return dir + QStringLiteral("/history.sqlite");
}

qint64 HistoryStore::defaultSizeLimitBytes() { return 256ll << 20; }

HistoryStore::HistoryStore(QString path, QObject* parent)
    : QObject(parent), m_path(std::move(path)),
      m_connection(QStringLiteral("sparkdeck-history-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    const qint64 configured = QSettings().value(QStringLiteral("history/sizeLimitBytes")).toLongLong();
    m_sizeLimit = configured > 0 ? configured : defaultSizeLimitBytes();
}

HistoryStore::~HistoryStore()
{
    if (QSqlDatabase::contains(m_connection)) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
}

int HistoryStore::schemaVersion() { return migrations().last().version; }

bool HistoryStore::isOpen() const
{
    return QSqlDatabase::contains(m_connection) && QSqlDatabase::database(m_connection, false).isOpen();
}

// Opens the file and brings it to schemaVersion(). Returns 1 on success, 0 when the file is not a
// usable database (corrupt), -1 when it is from a newer build, -2 when it cannot be opened at all.
int HistoryStore::openFile()
{
    if (QSqlDatabase::contains(m_connection)) {
        { QSqlDatabase::database(m_connection, false).close(); }
        QSqlDatabase::removeDatabase(m_connection);
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    if (!db.open()) {
        m_error = tr("Cannot open the run history %1: %2").arg(m_path, db.lastError().text());
        return -2;
    }
    QSqlQuery q(db);
    // A file that is not SQLite fails here ("file is not a database").
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
        m_error = q.lastError().text();
        return 0;
    }
    const int version = q.value(0).toInt();
    if (version > schemaVersion()) {
        m_error = tr("The run history %1 was written by a newer SparkDeck (schema %2, this one knows %3); "
                     "runs are not recorded until that SparkDeck is used again.")
                      .arg(m_path)
                      .arg(version)
                      .arg(schemaVersion());
        return -1;
    }
    if (version == 0) {
        // A new file: reclaimable pages so that eviction shrinks it (must precede the first table).
        q.exec(QStringLiteral("PRAGMA auto_vacuum = INCREMENTAL"));
    }
    if (!q.exec(QStringLiteral("PRAGMA journal_mode = WAL"))) {
        m_error = q.lastError().text();
        return 0;
    }
    q.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
    if (!q.exec(QStringLiteral("PRAGMA quick_check")) || !q.next() || q.value(0).toString() != QLatin1String("ok")) {
        m_error = q.lastError().isValid() ? q.lastError().text() : q.value(0).toString();
        return 0;
    }
    for (const Migration& step : migrations()) {
        if (step.version <= version)
            continue;
        QSqlQuery t(db);
        if (!t.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
            m_error = t.lastError().text();
            return -2;
        }
        // Another process may have migrated meanwhile.
        t.exec(QStringLiteral("PRAGMA user_version"));
        if (t.next() && t.value(0).toInt() >= step.version) {
            t.exec(QStringLiteral("COMMIT"));
            continue;
        }
        QString error;
        if (!step.apply(db, &error) || !t.exec(QStringLiteral("PRAGMA user_version = %1").arg(step.version))) {
            t.exec(QStringLiteral("ROLLBACK"));
            m_error = tr("Cannot bring the run history %1 to schema %2: %3").arg(m_path).arg(step.version).arg(error);
            return 0;
        }
        if (!t.exec(QStringLiteral("COMMIT"))) {
            m_error = t.lastError().text();
            return -2;
        }
    }
    return 1;
}

bool HistoryStore::open()
{
    m_problem.clear();
    m_error.clear();
    QFileInfo info(m_path);
    if (!info.absoluteDir().exists() && !QDir().mkpath(info.absolutePath())) {
        m_error = tr("Cannot create the directory %1 for the run history.").arg(info.absolutePath());
        m_problem = m_error;
        return false;
    }
    const int result = openFile();
    if (result == 1) {
        m_error.clear();
        return true;
    }
    if (result == -1 || result == -2) {
        m_problem = m_error;
        return false;
    }
    // Corrupt: move the file (and its WAL and shared-memory files) aside and start anew.
    const QString reason = m_error;
    {
        QSqlDatabase::database(m_connection, false).close();
    }
    QSqlDatabase::removeDatabase(m_connection);
    const QString aside = m_path + QStringLiteral(".corrupt-") + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    if (!QFile::rename(m_path, aside)) {
        m_error = tr("The run history %1 is damaged (%2) and cannot be moved aside.").arg(m_path, reason);
        m_problem = m_error;
        return false;
    }
    for (const char* suffix : {"-wal", "-shm"}) {
        const QString side = m_path + QLatin1String(suffix);
        if (QFile::exists(side))
            QFile::rename(side, aside + QLatin1String(suffix));
    }
    m_problem = tr("The run history %1 was damaged (%2); it was moved to %3 and a new, empty history was started.")
                    .arg(m_path, reason, aside);
    if (openFile() != 1) {
        m_problem += QLatin1Char(' ') + tr("The new history cannot be started either: %1").arg(m_error);
        return false;
    }
    m_error.clear();
    return true;
}

QSqlDatabase HistoryStore::database() const
{
    return QSqlDatabase::database(m_connection, false);
}

bool HistoryStore::fail(const QSqlQuery& q) const
{
    m_error = tr("Run history %1: %2").arg(m_path, q.lastError().text());
    return false;
}

bool HistoryStore::ensureOpen() const
{
    if (isOpen())
        return true;
    m_error = tr("The run history %1 is not open.").arg(m_path);
    return false;
}

qint64 HistoryStore::record(const Run& run, const QByteArray& driverLog)
{
    if (!ensureOpen())
        return 0;
    QSqlDatabase db = database();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        fail(q);
        return 0;
    }
    const auto rollback = [&] {
        QSqlQuery r(db);
        r.exec(QStringLiteral("ROLLBACK"));
        return qint64(0);
    };
    q.prepare(QStringLiteral(
        "INSERT INTO runs (cluster, context, ns, name, uid, state, error_message, spark_application_id, created_ms, "
        "finished_ms, object, state_history, events, pod_terminations, gone, recorded_ms) "
        "VALUES (:cluster, :context, :ns, :name, :uid, :state, :error, :appid, :created, :finished, :object, :history, "
        ":events, :terms, :gone, :recorded) "
        "ON CONFLICT (cluster, ns, uid) DO UPDATE SET context = excluded.context, name = excluded.name, "
        "state = excluded.state, error_message = excluded.error_message, spark_application_id = excluded.spark_application_id, "
        "created_ms = excluded.created_ms, finished_ms = excluded.finished_ms, object = excluded.object, "
        "state_history = excluded.state_history, events = excluded.events, pod_terminations = excluded.pod_terminations, "
        "gone = max(gone, excluded.gone), recorded_ms = excluded.recorded_ms"));
    q.bindValue(QStringLiteral(":cluster"), run.cluster);
    q.bindValue(QStringLiteral(":context"), run.context);
    q.bindValue(QStringLiteral(":ns"), run.ns);
    q.bindValue(QStringLiteral(":name"), run.name);
    q.bindValue(QStringLiteral(":uid"), run.uid);
    q.bindValue(QStringLiteral(":state"), run.state);
    q.bindValue(QStringLiteral(":error"), run.errorMessage);
    q.bindValue(QStringLiteral(":appid"), run.sparkApplicationId);
    q.bindValue(QStringLiteral(":created"), toMs(run.created));
    q.bindValue(QStringLiteral(":finished"), toMs(run.finished.isValid() ? run.finished : QDateTime::currentDateTimeUtc()));
    q.bindValue(QStringLiteral(":object"), jsonText(run.object));
    q.bindValue(QStringLiteral(":history"), jsonText(run.stateHistory));
    q.bindValue(QStringLiteral(":events"), jsonText(run.events));
    q.bindValue(QStringLiteral(":terms"), jsonText(run.podTerminations));
    q.bindValue(QStringLiteral(":gone"), run.goneFromCluster ? 1 : 0);
    q.bindValue(QStringLiteral(":recorded"), QDateTime::currentMSecsSinceEpoch());
    if (!q.exec()) {
        fail(q);
        return rollback();
    }
    QSqlQuery idq(db);
    idq.prepare(QStringLiteral("SELECT id FROM runs WHERE cluster = ? AND ns = ? AND uid = ?"));
    idq.addBindValue(run.cluster);
    idq.addBindValue(run.ns);
    idq.addBindValue(run.uid);
    if (!idq.exec() || !idq.next()) {
        fail(idq);
        return rollback();
    }
    const qint64 id = idq.value(0).toLongLong();
    if (!driverLog.isNull()) {
        QSqlQuery lq(db);
        lq.prepare(QStringLiteral("INSERT OR REPLACE INTO driver_logs (run_id, data) VALUES (?, ?)"));
        lq.addBindValue(id);
        lq.addBindValue(qCompress(driverLog, 6));
        QSqlQuery sq(db);
        sq.prepare(QStringLiteral("UPDATE runs SET driver_log_bytes = ? WHERE id = ?"));
        sq.addBindValue(qint64(driverLog.size()));
        sq.addBindValue(id);
        if (!lq.exec()) {
            fail(lq);
            return rollback();
        }
        if (!sq.exec()) {
            fail(sq);
            return rollback();
        }
    }
    QSqlQuery c(db);
    if (!c.exec(QStringLiteral("COMMIT"))) {
        fail(c);
        return rollback();
    }
    m_error.clear();
    evict(id);
    emit changed();
    return id;
}

int HistoryStore::evict(qint64 keep)
{
    QSqlDatabase db = database();
    int evicted = 0;
    while (sizeBytes() > m_sizeLimit) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT id FROM runs WHERE id != ? ORDER BY finished_ms ASC, id ASC LIMIT 1"));
        q.addBindValue(keep);
        if (!q.exec() || !q.next())
            break;
        const qint64 id = q.value(0).toLongLong();
        if (!removeRow(id))
            break;
        ++evicted;
    }
    if (evicted > 0)
        reclaim();
    return evicted;
}

void HistoryStore::reclaim()
{
    // incremental_vacuum gives back one free page per step, and Qt steps a statement without
    // columns once: run it once per free page, in one transaction.
    QSqlDatabase db = database();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA freelist_count")) || !q.next())
        return;
    const qint64 free = q.value(0).toLongLong();
    if (free <= 0 || !q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return;
    for (qint64 i = 0; i < free; ++i) {
        QSqlQuery v(db);
        if (!v.exec(QStringLiteral("PRAGMA incremental_vacuum(1)")))
            break;
    }
    q.exec(QStringLiteral("COMMIT"));
}

bool HistoryStore::removeRow(qint64 id)
{
    QSqlDatabase db = database();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return fail(q);
    for (const char* sql : {"DELETE FROM driver_logs WHERE run_id = ?", "DELETE FROM runs WHERE id = ?"}) {
        QSqlQuery d(db);
        d.prepare(QString::fromLatin1(sql));
        d.addBindValue(id);
        if (!d.exec()) {
            fail(d);
            q.exec(QStringLiteral("ROLLBACK"));
            return false;
        }
    }
    if (!q.exec(QStringLiteral("COMMIT"))) {
        fail(q);
        q.exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    return true;
}

bool HistoryStore::markGone(const QString& cluster, const QString& ns, const QStringList& uids)
{
    if (!ensureOpen())
        return false;
    if (uids.isEmpty())
        return true;
    QSqlDatabase db = database();
    QSqlQuery t(db);
    if (!t.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return fail(t);
    int changedRows = 0;
    for (const QString& uid : uids) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("UPDATE runs SET gone = 1, recorded_ms = ? WHERE cluster = ? AND ns = ? AND uid = ? AND gone = 0"));
        q.addBindValue(QDateTime::currentMSecsSinceEpoch());
        q.addBindValue(cluster);
        q.addBindValue(ns);
        q.addBindValue(uid);
        if (!q.exec()) {
            fail(q);
            t.exec(QStringLiteral("ROLLBACK"));
            return false;
        }
        changedRows += q.numRowsAffected();
    }
    if (!t.exec(QStringLiteral("COMMIT")))
        return fail(t);
    m_error.clear();
    if (changedRows > 0)
        emit changed();
    return true;
}

QList<Run> HistoryStore::runs(const RunQuery& query) const
{
    QList<Run> result;
    if (!ensureOpen())
        return result;
    QStringList where;
    QVariantList binds;
    if (!query.cluster.isEmpty()) {
        where << QStringLiteral("cluster = ?");
        binds << query.cluster;
    }
    if (!query.ns.isEmpty()) {
        where << QStringLiteral("ns = ?");
        binds << query.ns;
    }
    if (!query.name.isEmpty()) {
        where << QStringLiteral("name = ?");
        binds << query.name;
    }
    if (query.goneOnly)
        where << QStringLiteral("gone = 1");
    QString sql = QStringLiteral("SELECT %1 FROM runs").arg(QLatin1String(kColumns));
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY finished_ms DESC, id DESC");
    if (query.limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(query.limit);
    QSqlQuery q(database());
    q.prepare(sql);
    for (const QVariant& b : binds)
        q.addBindValue(b);
    if (!q.exec()) {
        fail(q);
        return result;
    }
    while (q.next())
        result.append(runFrom(q));
    m_error.clear();
    return result;
}

QList<RunKey> HistoryStore::runKeys(const QString& cluster) const
{
    QList<RunKey> result;
    if (!ensureOpen())
        return result;
    QSqlQuery q(database());
    q.prepare(cluster.isEmpty() ? QStringLiteral("SELECT ns, uid, state, gone FROM runs")
                                : QStringLiteral("SELECT ns, uid, state, gone FROM runs WHERE cluster = ?"));
    if (!cluster.isEmpty())
        q.addBindValue(cluster);
    if (!q.exec()) {
        fail(q);
        return result;
    }
    while (q.next())
        result.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toInt() != 0});
    m_error.clear();
    return result;
}

std::optional<Run> HistoryStore::run(qint64 id) const
{
    if (!ensureOpen())
        return std::nullopt;
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT %1 FROM runs WHERE id = ?").arg(QLatin1String(kColumns)));
    q.addBindValue(id);
    if (!q.exec()) {
        fail(q);
        return std::nullopt;
    }
    if (!q.next()) {
        m_error = tr("No run %1 in the run history.").arg(id);
        return std::nullopt;
    }
    m_error.clear();
    return runFrom(q);
}

std::optional<Run> HistoryStore::latest(const QString& ns, const QString& name, const QString& cluster) const
{
    const QList<Run> found = runs({cluster, ns, name, false, 1});
    if (found.isEmpty()) {
        if (m_error.isEmpty())
            m_error = tr("No run named %1 in namespace %2 in the run history.").arg(name, ns);
        return std::nullopt;
    }
    return found.first();
}

QByteArray HistoryStore::driverLog(qint64 id) const
{
    if (!ensureOpen())
        return {};
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT data FROM driver_logs WHERE run_id = ?"));
    q.addBindValue(id);
    if (!q.exec()) {
        fail(q);
        return {};
    }
    m_error.clear();
    if (!q.next())
        return {};
    return qUncompress(q.value(0).toByteArray());
}

bool HistoryStore::remove(qint64 id)
{
    if (!ensureOpen())
        return false;
    if (!removeRow(id))
        return false;
    reclaim();
    m_error.clear();
    emit changed();
    return true;
}

void HistoryStore::setSizeLimitBytes(qint64 bytes)
{
    if (bytes <= 0)
        return;
    m_sizeLimit = bytes;
    if (isOpen() && evict(0) > 0)
        emit changed();
}

qint64 HistoryStore::sizeBytes() const
{
    if (!isOpen())
        return 0;
    QSqlQuery q(database());
    qint64 pages = 0;
    qint64 pageSize = 0;
    if (q.exec(QStringLiteral("PRAGMA page_count")) && q.next())
        pages = q.value(0).toLongLong();
    if (q.exec(QStringLiteral("PRAGMA freelist_count")) && q.next())
        pages -= q.value(0).toLongLong();
    if (q.exec(QStringLiteral("PRAGMA page_size")) && q.next())
        pageSize = q.value(0).toLongLong();
    return pages * pageSize;
}

// ---- export bundle ----

namespace {

QString eventsTable(const QJsonArray& events)
{
    QString text = QStringLiteral("LAST SEEN\tTYPE\tREASON\tOBJECT\tCOUNT\tMESSAGE\n");
    for (const QJsonValue& v : events) {
        const QJsonObject e = v.toObject();
        const QJsonObject involved = e.value(QLatin1String("involvedObject")).toObject();
        QString last = e.value(QLatin1String("lastTimestamp")).toString();
        if (last.isEmpty())
            last = e.value(QLatin1String("eventTime")).toString();
        if (last.isEmpty())
            last = e.value(QLatin1String("metadata")).toObject().value(QLatin1String("creationTimestamp")).toString();
        text += QStringList{last, e.value(QLatin1String("type")).toString(), e.value(QLatin1String("reason")).toString(),
                            involved.value(QLatin1String("kind")).toString().toLower() + QLatin1Char('/')
                                + involved.value(QLatin1String("name")).toString(),
                            QString::number(e.value(QLatin1String("count")).toInt(1)),
                            e.value(QLatin1String("message")).toString().simplified()}
                    .join(QLatin1Char('\t'))
            + QLatin1Char('\n');
    }
    return text;
}

bool addEntry(archive* a, const QString& name, const QByteArray& data, const QDateTime& when)
{
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, name.toUtf8().constData());
    archive_entry_set_size(entry, data.size());
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_mtime(entry, when.toSecsSinceEpoch(), 0);
    bool ok = archive_write_header(a, entry) == ARCHIVE_OK;
    if (ok && !data.isEmpty())
        ok = archive_write_data(a, data.constData(), size_t(data.size())) == data.size();
    archive_entry_free(entry);
    return ok;
}

} // namespace

bool HistoryStore::exportBundle(qint64 id, const QString& file)
{
    const std::optional<Run> found = run(id);
    if (!found)
        return false;
    const Run& r = *found;
    const QByteArray log = driverLog(id);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString dir = r.name + QLatin1Char('-') + (r.finished.isValid() ? r.finished : now).toString(QStringLiteral("yyyyMMdd-HHmmss"));

    QString stateText;
    for (const QJsonValue& v : r.stateHistory) {
        const QJsonObject s = v.toObject();
        stateText += s.value(QLatin1String("at")).toString() + QLatin1Char('\t')
            + s.value(QLatin1String("state")).toString() + QLatin1Char('\n');
    }
    const QString readme = tr("SparkApplication %1/%2 (uid %3) as SparkDeck %4 saw it.\n"
                              "Cluster: %5 (context %6)\n"
                              "State at the end: %7%8\n"
                              "Created: %9\nFinished: %10\nLast recorded: %11\nExported: %12\n"
                              "%13\n\n"
                              "Files:\n"
                              "  application.yaml     the last SparkApplication object SparkDeck saw\n"
                              "  status.json          its status\n"
                              "  events.yaml          v1 Events of the application and its pods (events.txt: as a table)\n"
                              "  pods.json            containers that ended: reason, exit code, message\n"
                              "  driver.log           the driver pod's log (%14 bytes; may be the tail only)\n"
                              "  state-history.txt    the states SparkDeck observed, oldest first\n")
                               .arg(r.ns, r.name, r.uid, QCoreApplication::applicationVersion(), r.cluster, r.context, r.state,
                                    r.errorMessage.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(r.errorMessage))
                               .arg(r.created.toString(Qt::ISODate), r.finished.toString(Qt::ISODate),
                                    r.recorded.toString(Qt::ISODate), now.toString(Qt::ISODate),
                                    r.goneFromCluster ? tr("The application has since been deleted from the cluster.")
                                                      : tr("The application was still on the cluster when last seen."))
                               .arg(r.driverLogBytes);

    const QList<std::pair<QString, QByteArray>> entries{
        {QStringLiteral("README.txt"), readme.toUtf8()},
        {QStringLiteral("application.yaml"), model::YamlDocument::canonicalYamlOf(r.object).toUtf8()},
        {QStringLiteral("status.json"), QJsonDocument(r.object.value(QLatin1String("status")).toObject()).toJson()},
        {QStringLiteral("events.yaml"),
         model::YamlDocument::canonicalYamlOf(QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                                          {QStringLiteral("kind"), QStringLiteral("EventList")},
                                                          {QStringLiteral("items"), r.events}})
             .toUtf8()},
        {QStringLiteral("events.txt"), eventsTable(r.events).toUtf8()},
        {QStringLiteral("pods.json"), QJsonDocument(r.podTerminations).toJson()},
        {QStringLiteral("driver.log"), log},
        {QStringLiteral("state-history.txt"), stateText.toUtf8()},
    };

    const QString partial = file + QStringLiteral(".part");
    archive* a = archive_write_new();
    archive_write_add_filter_gzip(a);
    archive_write_set_format_pax_restricted(a);
    bool ok = archive_write_open_filename(a, QFile::encodeName(partial).constData()) == ARCHIVE_OK;
    for (const auto& [name, data] : entries) {
        if (!ok)
            break;
        ok = addEntry(a, dir + QLatin1Char('/') + name, data, now);
    }
    const QString archiveError = QString::fromUtf8(archive_error_string(a) ? archive_error_string(a) : "");
    ok = (archive_write_close(a) == ARCHIVE_OK) && ok;
    archive_write_free(a);
    if (!ok) {
        QFile::remove(partial);
        m_error = tr("Cannot write %1: %2").arg(file, archiveError.isEmpty() ? tr("write failed") : archiveError);
        return false;
    }
    QFile::remove(file);
    if (!QFile::rename(partial, file)) {
        QFile::remove(partial);
        m_error = tr("Cannot write %1.").arg(file);
        return false;
    }
    m_error.clear();
    return true;
}

} // namespace history
