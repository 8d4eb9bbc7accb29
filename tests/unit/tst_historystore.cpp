// history::HistoryStore: record/query/update, driver logs, schema migration from v1, the size cap,
// a damaged file moved aside, two processes writing at once, the export bundle.
#include "app/history/historystore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using history::HistoryStore;
using history::Run;

namespace {

Run makeRun(const QString& name, const QString& uid, const QDateTime& finished, const QString& state = QStringLiteral("COMPLETED"))
{
    Run r;
    r.cluster = QStringLiteral("https://127.0.0.1:6443");
    r.context = QStringLiteral("kind-test");
    r.ns = QStringLiteral("default");
    r.name = name;
    r.uid = uid;
    r.state = state;
    r.created = finished.addSecs(-60);
    r.finished = finished;
    r.object = QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("sparkoperator.k8s.io/v1beta2")},
                           {QStringLiteral("kind"), QStringLiteral("SparkApplication")},
                           {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("namespace"), QStringLiteral("default")}, {QStringLiteral("uid"), uid}}},
                           {QStringLiteral("spec"), QJsonObject{{QStringLiteral("mainClass"), QStringLiteral("org.apache.spark.examples.SparkPi")}}},
                           {QStringLiteral("status"), QJsonObject{{QStringLiteral("applicationState"), QJsonObject{{QStringLiteral("state"), state}}},
                                                                  {QStringLiteral("sparkApplicationId"), QStringLiteral("spark-") + uid}}}};
    r.sparkApplicationId = QStringLiteral("spark-") + uid;
    r.stateHistory = QJsonArray{QJsonObject{{QStringLiteral("state"), QStringLiteral("RUNNING")}, {QStringLiteral("at"), r.created.toString(Qt::ISODate)}},
                                QJsonObject{{QStringLiteral("state"), state}, {QStringLiteral("at"), finished.toString(Qt::ISODate)}}};
    r.events = QJsonArray{QJsonObject{{QStringLiteral("reason"), QStringLiteral("SparkDriverRunning")},
                                      {QStringLiteral("type"), QStringLiteral("Normal")},
                                      {QStringLiteral("message"), QStringLiteral("Driver is running")},
                                      {QStringLiteral("involvedObject"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("SparkApplication")}, {QStringLiteral("name"), name}}}}};
    r.podTerminations = QJsonArray{QJsonObject{{QStringLiteral("pod"), name + QStringLiteral("-driver")},
                                               {QStringLiteral("container"), QStringLiteral("spark-kubernetes-driver")},
                                               {QStringLiteral("reason"), QStringLiteral("OOMKilled")},
                                               {QStringLiteral("exitCode"), 137}}};
    return r;
}

QByteArray randomBytes(int size)
{
    QByteArray b(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        b[i] = char(QRandomGenerator::global()->bounded(256));
    return b;
}

// Helper mode: `tst_historystore --writer DB PREFIX COUNT` records COUNT runs and exits 0.
int writer(const QString& db, const QString& prefix, int count)
{
    HistoryStore store(db);
    if (!store.open())
        return 3;
    const QDateTime base = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < count; ++i) {
        if (store.record(makeRun(prefix + QString::number(i), prefix + QString::number(i), base.addMSecs(i)), QByteArray("log ") + QByteArray::number(i)) == 0) {
            fprintf(stderr, "%s\n", qPrintable(store.error()));
            return 4;
        }
    }
    return 0;
}

} // namespace

class TstHistoryStore : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString db(const QString& name) const { return m_dir.filePath(name); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true); // the default path is under ~/.qttest
        QCoreApplication::setOrganizationName(QStringLiteral("sparkdeck-test-") + QString::number(QCoreApplication::applicationPid()));
        QSettings().remove(QStringLiteral("history/sizeLimitBytes"));
    }

    void defaultPathFollowsTheEnvironment()
    {
        qputenv("SPARKDECK_HISTORY_DB", db(QStringLiteral("env.sqlite")).toUtf8());
        QCOMPARE(HistoryStore::defaultPath(), db(QStringLiteral("env.sqlite")));
        qunsetenv("SPARKDECK_HISTORY_DB");
        QVERIFY(HistoryStore::defaultPath().endsWith(QLatin1String("/history.sqlite")));
    }

    void callsBeforeOpenFailWithAMessage()
    {
        HistoryStore store(db(QStringLiteral("unopened.sqlite")));
        QCOMPARE(store.record(makeRun(QStringLiteral("a"), QStringLiteral("u1"), QDateTime::currentDateTimeUtc())), 0);
        QVERIFY(store.error().contains(QLatin1String("not open")));
        QVERIFY(store.runs().isEmpty());
    }

    void recordQueryUpdate()
    {
        HistoryStore store(db(QStringLiteral("basic.sqlite")));
        QVERIFY2(store.open(), qPrintable(store.error()));
        QVERIFY(store.problem().isEmpty());
        QSignalSpy changed(&store, &HistoryStore::changed);
        const QDateTime t0 = QDateTime::fromString(QStringLiteral("2026-01-02T03:04:05Z"), Qt::ISODate);
        const qint64 a = store.record(makeRun(QStringLiteral("pi"), QStringLiteral("u1"), t0, QStringLiteral("FAILED")));
        QVERIFY2(a > 0, qPrintable(store.error()));
        const qint64 b = store.record(makeRun(QStringLiteral("pi"), QStringLiteral("u2"), t0.addSecs(600)));
        QVERIFY(b > 0 && b != a);
        QCOMPARE(changed.size(), 2);

        QList<Run> all = store.runs();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all[0].uid, QStringLiteral("u2")); // newest first
        QCOMPARE(all[1].state, QStringLiteral("FAILED"));
        QCOMPARE(all[1].finished, t0);
        QCOMPARE(all[1].created, t0.addSecs(-60));
        QCOMPARE(all[1].sparkApplicationId, QStringLiteral("spark-u1"));
        QCOMPARE(all[1].object.value(QLatin1String("spec")).toObject().value(QLatin1String("mainClass")).toString(), QStringLiteral("org.apache.spark.examples.SparkPi"));
        QCOMPARE(all[1].stateHistory.size(), 2);
        QCOMPARE(all[1].events.first().toObject().value(QLatin1String("reason")).toString(), QStringLiteral("SparkDriverRunning"));
        QCOMPARE(all[1].podTerminations.first().toObject().value(QLatin1String("reason")).toString(), QStringLiteral("OOMKilled"));
        QVERIFY(all[1].recorded.isValid());

        // Same (cluster, ns, uid): an update of the same row.
        Run again = makeRun(QStringLiteral("pi"), QStringLiteral("u1"), t0, QStringLiteral("FAILED"));
        again.errorMessage = QStringLiteral("driver container failed");
        QCOMPARE(store.record(again), a);
        QCOMPARE(store.runs().size(), 2);
        QCOMPARE(store.run(a)->errorMessage, QStringLiteral("driver container failed"));

        QCOMPARE(store.latest(QStringLiteral("default"), QStringLiteral("pi"))->uid, QStringLiteral("u2"));
        QVERIFY(!store.latest(QStringLiteral("default"), QStringLiteral("nope")));
        QVERIFY(store.error().contains(QLatin1String("nope")));
        QCOMPARE(store.runs({{}, {}, {}, false, 1}).size(), 1);
        QCOMPARE(store.runs({QStringLiteral("https://elsewhere"), {}, {}, false, 0}).size(), 0);

        // Gone: only the named uid, kept readable, and a later record does not resurrect it.
        QVERIFY(store.markGone(all[0].cluster, QStringLiteral("default"), {QStringLiteral("u1")}));
        QList<Run> gone = store.runs({{}, {}, {}, true, 0});
        QCOMPARE(gone.size(), 1);
        QCOMPARE(gone[0].uid, QStringLiteral("u1"));
        store.record(again);
        QVERIFY(store.run(a)->goneFromCluster);
        QVERIFY(!store.run(b)->goneFromCluster);

        QVERIFY(store.remove(b));
        QVERIFY(!store.run(b));
        QCOMPARE(store.runs().size(), 1);
    }

    void driverLogRoundTrip()
    {
        HistoryStore store(db(QStringLiteral("logs.sqlite")));
        QVERIFY(store.open());
        QByteArray log;
        for (int i = 0; i < 20000; ++i)
            log += "26/01/02 03:04:05 INFO SparkContext: line " + QByteArray::number(i) + " \xc3\xa9\n";
        const qint64 id = store.record(makeRun(QStringLiteral("pi"), QStringLiteral("u1"), QDateTime::currentDateTimeUtc()), log);
        QVERIFY(id > 0);
        QCOMPARE(store.driverLog(id), log);
        QCOMPARE(store.run(id)->driverLogBytes, log.size());
        QVERIFY2(store.sizeBytes() < log.size() / 4, "the log is stored compressed");
        // A null log leaves the stored one; an empty one replaces it.
        store.record(makeRun(QStringLiteral("pi"), QStringLiteral("u1"), QDateTime::currentDateTimeUtc()));
        QCOMPARE(store.driverLog(id), log);
        store.record(makeRun(QStringLiteral("pi"), QStringLiteral("u1"), QDateTime::currentDateTimeUtc()), QByteArray(""));
        QCOMPARE(store.driverLog(id), QByteArray());
        QCOMPARE(store.run(id)->driverLogBytes, 0);
    }

    void migratesAVersion1File()
    {
        // The v1 layout as an older SparkDeck wrote it: the driver log inline in `runs`.
        const QString path = db(QStringLiteral("v1.sqlite"));
        const QByteArray log = "v1 driver log\nException in thread \"main\" java.lang.OutOfMemoryError\n";
        {
            QSqlDatabase old = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
            old.setDatabaseName(path);
            QVERIFY(old.open());
            QSqlQuery q(old);
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode = WAL")));
            QVERIFY(q.exec(QStringLiteral(
                "CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, cluster TEXT NOT NULL, context TEXT, ns TEXT NOT NULL, "
                "name TEXT NOT NULL, uid TEXT NOT NULL, state TEXT, error_message TEXT, created_ms INTEGER, finished_ms INTEGER, "
                "object TEXT, state_history TEXT, events TEXT, pod_terminations TEXT, driver_log BLOB, gone INTEGER NOT NULL DEFAULT 0, "
                "recorded_ms INTEGER, UNIQUE (cluster, ns, uid))")));
            QVERIFY(q.exec(QStringLiteral("CREATE INDEX runs_finished ON runs (finished_ms)")));
            QVERIFY(q.exec(QStringLiteral("CREATE INDEX runs_name ON runs (ns, name)")));
            QVERIFY(q.prepare(QStringLiteral("INSERT INTO runs (cluster, context, ns, name, uid, state, finished_ms, object, driver_log, gone) "
                                             "VALUES ('https://old', 'old', 'spark', 'old-pi', 'u-old', 'FAILED', 1000, ?, ?, 1)")));
            q.addBindValue(QStringLiteral(R"({"status":{"sparkApplicationId":"spark-old"}})"));
            q.addBindValue(qCompress(log));
            QVERIFY(q.exec());
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 1")));
            old.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v1"));

        HistoryStore store(path);
        QVERIFY2(store.open(), qPrintable(store.error()));
        QVERIFY(store.problem().isEmpty());
        const QList<Run> runs = store.runs();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs[0].name, QStringLiteral("old-pi"));
        QVERIFY(runs[0].goneFromCluster);
        QCOMPARE(runs[0].sparkApplicationId, QStringLiteral("spark-old"));
        QCOMPARE(runs[0].driverLogBytes, log.size());
        QCOMPARE(store.driverLog(runs[0].id), log);
        QVERIFY(store.record(makeRun(QStringLiteral("new"), QStringLiteral("u-new"), QDateTime::currentDateTimeUtc())) > 0);

        QSqlDatabase check = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        check.setDatabaseName(path);
        QVERIFY(check.open());
        QSqlQuery q(check);
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
        QCOMPARE(q.value(0).toInt(), HistoryStore::schemaVersion());
        check.close();
        check = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
    }

    void newerSchemaIsLeftAlone()
    {
        const QString path = db(QStringLiteral("newer.sqlite"));
        {
            QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
            d.setDatabaseName(path);
            QVERIFY(d.open());
            QSqlQuery q(d);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = %1").arg(HistoryStore::schemaVersion() + 1)));
            d.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("newer"));
        HistoryStore store(path);
        QVERIFY(!store.open());
        QVERIFY(store.problem().contains(QLatin1String("newer SparkDeck")));
        QVERIFY(QFile::exists(path));
    }

    void evictsOldestFirstUnderTheCap()
    {
        HistoryStore store(db(QStringLiteral("cap.sqlite")));
        QVERIFY(store.open());
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        // Recorded out of order: eviction follows `finished`, not insertion.
        const QList<int> order{3, 0, 4, 1, 2};
        for (int i : order)
            QVERIFY(store.record(makeRun(QStringLiteral("r%1").arg(i), QStringLiteral("u%1").arg(i), t0.addSecs(i)), randomBytes(100 * 1024)) > 0);
        QCOMPARE(store.runs().size(), 5);
        QVERIFY(store.sizeBytes() > 500 * 1024);

        QSignalSpy changed(&store, &HistoryStore::changed);
        store.setSizeLimitBytes(360 * 1024);
        QVERIFY(changed.size() >= 1);
        QVERIFY2(store.sizeBytes() <= 360 * 1024, qPrintable(QString::number(store.sizeBytes())));
        {
            // The freed pages went back to the file system.
            QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("cap"));
            other.setDatabaseName(db(QStringLiteral("cap.sqlite")));
            QVERIFY(other.open());
            QSqlQuery q(other);
            QVERIFY(q.exec(QStringLiteral("PRAGMA freelist_count")) && q.next());
            QCOMPARE(q.value(0).toInt(), 0);
            QVERIFY(q.exec(QStringLiteral("PRAGMA page_count")) && q.next());
            QVERIFY(q.value(0).toLongLong() * 4096 <= 360 * 1024);
            other.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("cap"));
        QStringList left;
        for (const Run& r : store.runs())
            left << r.name;
        QCOMPARE(left, (QStringList{QStringLiteral("r4"), QStringLiteral("r3"), QStringLiteral("r2")}));

        // A new record evicts the oldest again, never itself.
        QVERIFY(store.record(makeRun(QStringLiteral("r5"), QStringLiteral("u5"), t0.addSecs(5)), randomBytes(100 * 1024)) > 0);
        left.clear();
        for (const Run& r : store.runs())
            left << r.name;
        QCOMPARE(left, (QStringList{QStringLiteral("r5"), QStringLiteral("r4"), QStringLiteral("r3")}));

        // One run larger than the cap is still kept.
        store.setSizeLimitBytes(10 * 1024);
        const qint64 big = store.record(makeRun(QStringLiteral("big"), QStringLiteral("ubig"), t0.addSecs(9)), randomBytes(64 * 1024));
        QVERIFY(big > 0);
        QCOMPARE(store.runs().size(), 1);
        QCOMPARE(store.driverLog(big).size(), 64 * 1024);
    }

    void capComesFromSettings()
    {
        QSettings().setValue(QStringLiteral("history/sizeLimitBytes"), 12345);
        HistoryStore store(db(QStringLiteral("settings.sqlite")));
        QCOMPARE(store.sizeLimitBytes(), 12345);
        QSettings().remove(QStringLiteral("history/sizeLimitBytes"));
        HistoryStore plain(db(QStringLiteral("settings.sqlite")));
        QCOMPARE(plain.sizeLimitBytes(), HistoryStore::defaultSizeLimitBytes());
    }

    void damagedFileIsMovedAside()
    {
        const QString path = db(QStringLiteral("damaged.sqlite"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray("this is not an SQLite database, it is a text file\n").repeated(200));
        }
        HistoryStore store(path);
        QVERIFY2(store.open(), qPrintable(store.error()));
        QVERIFY(store.problem().contains(QLatin1String("moved to")));
        QVERIFY(store.problem().contains(QLatin1String("new, empty history")));
        const QStringList aside = QDir(m_dir.path()).entryList({QStringLiteral("damaged.sqlite.corrupt-*")});
        QCOMPARE(aside.size(), 1);
        QVERIFY(store.problem().contains(aside.first()));
        QFile moved(m_dir.filePath(aside.first()));
        QVERIFY(moved.open(QIODevice::ReadOnly));
        QVERIFY(moved.readAll().startsWith("this is not an SQLite"));
        // The new store works.
        const qint64 id = store.record(makeRun(QStringLiteral("after"), QStringLiteral("u1"), QDateTime::currentDateTimeUtc()), "log");
        QVERIFY(id > 0);
        QCOMPARE(store.driverLog(id), QByteArray("log"));
        // A second open finds nothing wrong.
        HistoryStore again(path);
        QVERIFY(again.open());
        QVERIFY(again.problem().isEmpty());
        QCOMPARE(again.runs().size(), 1);
    }

    void unwritableDirectoryFails()
    {
        HistoryStore store(QStringLiteral("/proc/sparkdeck-no/such/history.sqlite"));
        QVERIFY(!store.open());
        QVERIFY(!store.error().isEmpty());
        QVERIFY(!store.problem().isEmpty());
        QCOMPARE(store.record(makeRun(QStringLiteral("a"), QStringLiteral("u"), QDateTime::currentDateTimeUtc())), 0);
    }

    void twoProcessesWriteAtOnce()
    {
        const QString path = db(QStringLiteral("shared.sqlite"));
        HistoryStore store(path);
        QVERIFY(store.open());
        QProcess other;
        other.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        other.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--writer"), path, QStringLiteral("other-"), QStringLiteral("150")});
        QVERIFY(other.waitForStarted());
        const QDateTime base = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < 150; ++i)
            QVERIFY2(store.record(makeRun(QStringLiteral("mine-%1").arg(i), QStringLiteral("mine-%1").arg(i), base.addMSecs(i)), "x") > 0, qPrintable(store.error()));
        QVERIFY(other.waitForFinished(60000));
        QCOMPARE(other.exitStatus(), QProcess::NormalExit);
        QCOMPARE(other.exitCode(), 0);
        const QList<Run> all = store.runs();
        QCOMPARE(all.size(), 300);
        int theirs = 0;
        for (const Run& r : all)
            theirs += r.name.startsWith(QLatin1String("other-")) ? 1 : 0;
        QCOMPARE(theirs, 150);
        QCOMPARE(store.driverLog(store.latest(QStringLiteral("default"), QStringLiteral("other-149"))->id), QByteArray("log 149"));
    }

    void exportBundleHasTheFiles()
    {
        HistoryStore store(db(QStringLiteral("export.sqlite")));
        QVERIFY(store.open());
        const QDateTime t0 = QDateTime::fromString(QStringLiteral("2026-01-02T03:04:05Z"), Qt::ISODate);
        const qint64 id = store.record(makeRun(QStringLiteral("pi"), QStringLiteral("u1"), t0, QStringLiteral("FAILED")), "the driver log\n");
        const QString file = m_dir.filePath(QStringLiteral("bundle pi.tar.gz"));
        QVERIFY2(store.exportBundle(id, file), qPrintable(store.error()));

        QProcess tar;
        tar.start(QStringLiteral("tar"), {QStringLiteral("-tzf"), file});
        QVERIFY(tar.waitForFinished());
        QCOMPARE(tar.exitCode(), 0);
        QStringList names = QString::fromUtf8(tar.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        names.sort();
        const QString dir = QStringLiteral("pi-20260102-030405/");
        QStringList expected;
        for (const char* n : {"README.txt", "application.yaml", "driver.log", "events.txt", "events.yaml", "pods.json", "state-history.txt", "status.json"})
            expected << dir + QLatin1String(n);
        QCOMPARE(names, expected);

        const auto member = [&](const QString& name) {
            QProcess x;
            x.start(QStringLiteral("tar"), {QStringLiteral("-xzOf"), file, dir + name});
            x.waitForFinished();
            return x.readAllStandardOutput();
        };
        QCOMPARE(member(QStringLiteral("driver.log")), QByteArray("the driver log\n"));
        QVERIFY(member(QStringLiteral("application.yaml")).contains("mainClass: org.apache.spark.examples.SparkPi"));
        QVERIFY(member(QStringLiteral("events.yaml")).contains("reason: SparkDriverRunning"));
        QVERIFY(member(QStringLiteral("events.txt")).contains("SparkDriverRunning"));
        QVERIFY(member(QStringLiteral("pods.json")).contains("OOMKilled"));
        QVERIFY(member(QStringLiteral("state-history.txt")).contains("RUNNING"));
        QVERIFY(member(QStringLiteral("README.txt")).contains("default/pi"));
        QVERIFY(member(QStringLiteral("status.json")).contains("FAILED"));

        QVERIFY(!store.exportBundle(id, m_dir.filePath(QStringLiteral("no/such/dir/b.tar.gz"))));
        QVERIFY(store.error().contains(QLatin1String("Cannot write")));
        QVERIFY(!store.exportBundle(999999, file + QStringLiteral("2")));
        QVERIFY(!QFile::exists(file + QStringLiteral("2")));
    }
};

int main(int argc, char** argv)
{
    if (argc == 5 && qstrcmp(argv[1], "--writer") == 0) {
        QCoreApplication app(argc, argv);
        return writer(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]), QByteArray(argv[4]).toInt());
    }
    QCoreApplication app(argc, argv);
    TstHistoryStore test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_historystore.moc"
