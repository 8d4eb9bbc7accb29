// `sparkdeck history` (list, logs, describe, export) and the recording done by `submit --wait` and
// `logs -f`, against the stand-in control plane (fixture `cluster`). Each test uses its own run
// history file ($SPARKDECK_HISTORY_DB).
#include "tests/support/cli.h"
#include "tests/support/clusterpaths.h"
#include "tests/support/sparkapps.h"

#include <QJsonArray>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

QString uniqueName(const QString& prefix)
{
    return prefix + QLatin1Char('-') + QString::number(QRandomGenerator::global()->bounded(100000, 999999));
}

} // namespace

class TstCliHistory : public QObject {
    Q_OBJECT
private:
    ClusterFixture m_fixture;
    QTemporaryDir m_dir;
    QString m_db;
    QString m_completed;
    QString m_failed;

    CliResult run(const QStringList& args, const QString& db = {}, int timeoutMs = 120'000)
    {
        return runCli(args + QStringList{QStringLiteral("--kubeconfig"), m_fixture.kubeconfig}, {},
                      {{QStringLiteral("SPARKDECK_HISTORY_DB"), db.isEmpty() ? m_db : db}}, timeoutMs);
    }
    QString writeFile(const QString& name, const QByteArray& content)
    {
        QFile f(m_dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(content);
        return f.fileName();
    }

private slots:
    void initTestCase()
    {
        m_fixture = readClusterFixture();
        QVERIFY2(!m_fixture.kubeconfig.isEmpty(), qPrintable(m_fixture.error));
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("history.sqlite"));
    }

    void usageErrorsExit2()
    {
        for (const QStringList& args : {QStringList{QStringLiteral("history"), QStringLiteral("frobnicate")},
                                        QStringList{QStringLiteral("history"), QStringLiteral("logs")},
                                        QStringList{QStringLiteral("history"), QStringLiteral("export"), QStringLiteral("x")},
                                        QStringList{QStringLiteral("history"), QStringLiteral("list"), QStringLiteral("x")},
                                        QStringList{QStringLiteral("history"), QStringLiteral("-o"), QStringLiteral("yaml")},
                                        QStringList{QStringLiteral("history"), QStringLiteral("logs"), QStringLiteral("x"), QStringLiteral("-o"), QStringLiteral("json")}}) {
            const CliResult r = run(args);
            QVERIFY2(r.exitCode == 2, describe(r).constData());
            QVERIFY(r.err.contains(QLatin1String("error:")));
        }
        const CliResult dir = run({QStringLiteral("history"), QStringLiteral("export"), QStringLiteral("x"), m_dir.path()});
        QVERIFY2(dir.exitCode == 2 && dir.err.contains(QLatin1String("is a directory")), describe(dir).constData());
    }

    void emptyHistory()
    {
        const CliResult r = run({QStringLiteral("history"), QStringLiteral("-n"), QStringLiteral("default")}, m_dir.filePath(QStringLiteral("empty.sqlite")));
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QVERIFY(r.out.isEmpty());
        QVERIFY(r.err.contains(QLatin1String("No runs")));
        const CliResult json = run({QStringLiteral("history"), QStringLiteral("-o"), QStringLiteral("json")}, m_dir.filePath(QStringLiteral("empty.sqlite")));
        QCOMPARE(json.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(json.out.toUtf8()).object().value(QLatin1String("items")).toArray().size(), 0);
    }

    void unknownNameExits1()
    {
        for (const QString& sub : {QStringLiteral("logs"), QStringLiteral("describe")}) {
            const CliResult r = run({QStringLiteral("history"), sub, QStringLiteral("no-such-run"), QStringLiteral("-n"), QStringLiteral("default")});
            QVERIFY2(r.exitCode == 1, describe(r).constData());
            QVERIFY(r.err.contains(QLatin1String("no run named no-such-run in namespace default")));
        }
        const QString bundle = m_dir.filePath(QStringLiteral("none.tar.gz"));
        const CliResult r = run({QStringLiteral("history"), QStringLiteral("export"), QStringLiteral("no-such-run"), bundle});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(!QFile::exists(bundle));
    }

    void submitWaitIsRecorded()
    {
        m_completed = uniqueName(QStringLiteral("clihist-ok"));
        m_failed = uniqueName(QStringLiteral("clihist-fail"));
        SparkPiOptions o;
        o.runSeconds = 2;
        const CliResult ok = run({QStringLiteral("submit"), writeFile(QStringLiteral("ok.yaml"), sparkPiManifest(QStringLiteral("default"), m_completed, o)),
                                  QStringLiteral("--wait"), QStringLiteral("--timeout"), QStringLiteral("3m")}, {}, 240'000);
        QVERIFY2(ok.exitCode == 0, describe(ok).constData());
        o.failing = true;
        const CliResult bad = run({QStringLiteral("submit"), writeFile(QStringLiteral("bad.yaml"), sparkPiManifest(QStringLiteral("default"), m_failed, o)),
                                   QStringLiteral("--wait"), QStringLiteral("--timeout"), QStringLiteral("3m")}, {}, 240'000);
        QVERIFY2(bad.exitCode == 1, describe(bad).constData());

        // Recorded before the command ended: listed at once.
        const CliResult list = run({QStringLiteral("history"), QStringLiteral("-n"), QStringLiteral("default")});
        QVERIFY2(list.exitCode == 0, describe(list).constData());
        const QStringList lines = list.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(lines.first().startsWith(QLatin1String("NAME")));
        QVERIFY(lines.first().contains(QLatin1String("STATE")) && lines.first().contains(QLatin1String("FINISHED"))
                && lines.first().contains(QLatin1String("GONE")) && lines.first().contains(QLatin1String("CONTEXT")));
        QVERIFY(lines.at(1).startsWith(m_failed)); // newest first
        QVERIFY(lines.at(1).contains(QLatin1String("FAILED")));
        QVERIFY(list.out.contains(QRegularExpression(m_completed + QStringLiteral(R"(\s+COMPLETED\s+\S+\s+no\s)"))));

        const CliResult all = run({QStringLiteral("history"), QStringLiteral("-A"), QStringLiteral("-o"), QStringLiteral("wide")});
        QVERIFY(all.out.startsWith(QLatin1String("NAMESPACE")));
        QVERIFY(all.out.contains(QLatin1String("DRIVER-LOG")));

        const CliResult json = run({QStringLiteral("history"), QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(json.exitCode, 0);
        const QJsonArray items = QJsonDocument::fromJson(json.out.toUtf8()).object().value(QLatin1String("items")).toArray();
        QVERIFY(items.size() >= 2);
        QJsonObject failed;
        for (const QJsonValue& v : items) {
            if (v.toObject().value(QLatin1String("name")).toString() == m_failed)
                failed = v.toObject();
        }
        QCOMPARE(failed.value(QLatin1String("state")).toString(), QStringLiteral("FAILED"));
        QCOMPARE(failed.value(QLatin1String("namespace")).toString(), QStringLiteral("default"));
        QVERIFY(failed.value(QLatin1String("driverLogBytes")).toInteger() > 0);
        QVERIFY(!failed.value(QLatin1String("podTerminations")).toArray().isEmpty());
        QVERIFY(failed.value(QLatin1String("stateHistory")).toArray().size() >= 2);
    }

    void logsDescribeExport()
    {
        QVERIFY(!m_failed.isEmpty());
        const CliResult logs = run({QStringLiteral("history"), QStringLiteral("logs"), m_failed});
        QVERIFY2(logs.exitCode == 0, describe(logs).constData());
        QVERIFY(logs.out.contains(QLatin1String("ERROR")));

        const CliResult d = run({QStringLiteral("history"), QStringLiteral("describe"), m_failed});
        QVERIFY2(d.exitCode == 0, describe(d).constData());
        QVERIFY(d.out.contains(QLatin1String("State:")) && d.out.contains(QLatin1String("FAILED")));
        QVERIFY(d.out.contains(QLatin1String("Terminated containers:")));
        QVERIFY(d.out.contains(QLatin1String("Events:")));

        const QString bundle = m_dir.filePath(QStringLiteral("failed bundle.tar.gz"));
        const CliResult e = run({QStringLiteral("history"), QStringLiteral("export"), m_failed, bundle});
        QVERIFY2(e.exitCode == 0, describe(e).constData());
        const ProcessResult tar = runProcess(QStringLiteral("tar"), {QStringLiteral("-tzf"), bundle});
        QCOMPARE(tar.exitCode, 0);
        for (const char* member : {"/application.yaml", "/events.yaml", "/driver.log", "/pods.json", "/state-history.txt", "/README.txt"})
            QVERIFY2(tar.out.contains(QLatin1String(member)), qPrintable(tar.out));

        // Deleted from the cluster: still there, GONE yes (after a window or watch saw it; here
        // the next recorder's list marks it), logs still readable.
        runKubectl(m_fixture, {QStringLiteral("delete"), QStringLiteral("sparkapplication"), QStringLiteral("-n"), QStringLiteral("default"), m_failed});
        const CliResult after = run({QStringLiteral("history"), QStringLiteral("logs"), m_failed});
        QCOMPARE(after.exitCode, 0);
        QCOMPARE(after.out, logs.out);
    }

    void logsFollowIsRecorded()
    {
        const QString db = m_dir.filePath(QStringLiteral("logs-f.sqlite"));
        const QString name = uniqueName(QStringLiteral("clihist-logs"));
        SparkPiOptions o;
        o.runSeconds = 3;
        QCOMPARE(kubectlCreate(m_fixture.kubectl, m_fixture.kubeconfig, sparkPiManifest(QStringLiteral("default"), name, o)).exitCode, 0);
        const CliResult f = run({QStringLiteral("logs"), name, QStringLiteral("-f")}, db, 240'000);
        QVERIFY2(f.exitCode == 0, describe(f).constData());
        const CliResult list = run({QStringLiteral("history"), QStringLiteral("-o"), QStringLiteral("json")}, db);
        const QJsonArray items = QJsonDocument::fromJson(list.out.toUtf8()).object().value(QLatin1String("items")).toArray();
        QVERIFY2(items.size() == 1, describe(list).constData());
        QCOMPARE(items.first().toObject().value(QLatin1String("name")).toString(), name);
        QCOMPARE(items.first().toObject().value(QLatin1String("state")).toString(), QStringLiteral("COMPLETED"));
        const CliResult logs = run({QStringLiteral("history"), QStringLiteral("logs"), name}, db);
        QCOMPARE(logs.exitCode, 0);
        QVERIFY(logs.out.contains(QLatin1String("SparkContext")));
    }

    void damagedHistoryIsReported()
    {
        const QString db = writeFile(QStringLiteral("damaged.sqlite"), QByteArray("not a database at all\n").repeated(100));
        const CliResult r = run({QStringLiteral("history")}, db);
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QVERIFY(r.err.contains(QLatin1String("Warning:")) && r.err.contains(QLatin1String("moved to")));
    }
};

QTEST_GUILESS_MAIN(TstCliHistory)
#include "tst_cli_history.moc"
