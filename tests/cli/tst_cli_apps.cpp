// The commands on existing SparkApplications (list, get, describe, events, delete, rerun, suspend,
// resume) run as the real binary against the local control plane: stdout, stderr and exit codes,
// checked against what kubectl sees.

#include "tests/support/cli.h"
#include "tests/support/clusterpaths.h"
#include "tests/support/sparkapps.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

namespace {

/// The offsets where the header's columns start ("NAME   STATE" → 0, 7); header names may hold
/// one space ("LAST SEEN").
QList<int> columnStarts(const QString& header)
{
    QList<int> starts;
    static const QRegularExpression column(QStringLiteral("(?:^|   +)(\\S)"));
    for (auto it = column.globalMatch(header); it.hasNext();)
        starts << int(it.next().capturedStart(1));
    return starts;
}

/// Empty when every line's cells start at the header's column offsets (a space before each, a
/// non-space at it), else the first line that does not.
QString misaligned(const QStringList& lines)
{
    const QList<int> starts = columnStarts(lines.value(0));
    for (const QString& line : lines) {
        for (int s : starts) {
            if (s >= line.size() || line.at(s).isSpace() || (s > 0 && !line.at(s - 1).isSpace()))
                return QStringLiteral("column at %1: \"%2\"").arg(s).arg(line);
        }
    }
    return {};
}

QStringList lines(const QString& text)
{
    return text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

class TestCliApps : public QObject {
    Q_OBJECT

    ClusterFixture m_cluster;
    QString m_run;      // unique per run: label value and name prefix
    QString m_ok;       // a COMPLETED application
    QString m_failed;   // a FAILED application
    QTemporaryDir m_dir;

    QStringList base() const { return {QStringLiteral("--kubeconfig"), m_cluster.kubeconfig, QStringLiteral("-n"), QStringLiteral("default")}; }
    /// `args` (the command first, as `sparkdeck COMMAND` requires) on the fixture's cluster in default.
    QStringList withBase(const QStringList& args) const { return QStringList{args.constFirst()} + base() + args.mid(1); }
    CliResult cli(const QStringList& args, const QByteArray& input = {}) { return runCli(withBase(args), input); }
    QString selector() const { return QStringLiteral("sparkdeck-test=") + m_run; }

    QString jsonpath(const QString& resource, const QString& name, const QString& path)
    {
        return runKubectl(m_cluster, {QStringLiteral("get"), resource, name, QStringLiteral("-n"), QStringLiteral("default"),
                                      QStringLiteral("-o"), QStringLiteral("jsonpath={%1}").arg(path)},
                          Exit::MayFail)
            .out.trimmed();
    }
    QString stateOf(const QString& name)
    {
        return jsonpath(QStringLiteral("sparkapplication"), name, QStringLiteral(".status.applicationState.state"));
    }
    bool exists(const QString& resource, const QString& name)
    {
        return runKubectl(m_cluster, {QStringLiteral("get"), resource, name, QStringLiteral("-n"), QStringLiteral("default")}, Exit::MayFail).exitCode == 0;
    }
    void create(const QString& name, SparkPiOptions o = {})
    {
        if (o.labels.isEmpty())
            o.labels = QStringLiteral("sparkdeck-test: ") + m_run;
        const ProcessResult r = kubectlCreate(m_cluster.kubectl, m_cluster.kubeconfig, sparkPiManifest(QStringLiteral("default"), name, o));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }
    void waitForState(const QString& name, const QString& state)
    {
        QVERIFY2(pollEvery(500, 90'000, [&] { return stateOf(name) == state; }),
                 qPrintable(QStringLiteral("%1 is %2, not %3").arg(name, stateOf(name), state)));
    }

private slots:
    void initTestCase()
    {
        m_cluster = readClusterFixture();
        QVERIFY2(!m_cluster.kubeconfig.isEmpty(), qPrintable(m_cluster.error));
        m_run = QStringLiteral("cliapps%1").arg(QRandomGenerator::global()->bounded(100000, 999999));
        m_ok = m_run + QStringLiteral("-ok");
        m_failed = m_run + QStringLiteral("-failed");
        create(m_ok);
        SparkPiOptions failing;
        failing.failing = true;
        create(m_failed, failing);
        waitForState(m_ok, QStringLiteral("COMPLETED"));
        waitForState(m_failed, QStringLiteral("FAILED"));
    }

    void listTable()
    {
        const CliResult r = cli({QStringLiteral("list"), QStringLiteral("-l"), selector()});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        const QStringList out = lines(r.out);
        QCOMPARE(out.size(), 3);
        QCOMPARE(out.at(0).split(QLatin1Char(' '), Qt::SkipEmptyParts),
                 (QStringList{"NAME", "STATE", "ATTEMPTS", "START", "FINISH", "AGE"}));
        // Sorted by name: "-failed" before "-ok".
        QVERIFY2(out.at(1).startsWith(m_failed + QLatin1Char(' ')), describe(r).constData());
        QVERIFY2(out.at(2).startsWith(m_ok + QLatin1Char(' ')), describe(r).constData());
        QCOMPARE(out.at(1).split(QLatin1Char(' '), Qt::SkipEmptyParts).at(1), QStringLiteral("FAILED"));
        QCOMPARE(out.at(2).split(QLatin1Char(' '), Qt::SkipEmptyParts).at(1), QStringLiteral("COMPLETED"));
        // START and FINISH are the status's times; no colour codes in a pipe.
        QVERIFY2(out.at(2).contains(jsonpath(QStringLiteral("sparkapplication"), m_ok, QStringLiteral(".status.terminationTime"))), describe(r).constData());
        QVERIFY(!r.out.contains(QLatin1Char('\x1b')));
        QCOMPARE(misaligned(out), QString());
        QVERIFY2(r.err.isEmpty(), describe(r).constData());

        // The alias, --no-headers.
        const CliResult ls = cli({QStringLiteral("ls"), QStringLiteral("-l"), selector(), QStringLiteral("--no-headers")});
        QVERIFY2(ls.exitCode == 0, describe(ls).constData());
        QCOMPARE(lines(ls.out).size(), 2);
        QVERIFY(lines(ls.out).at(0).startsWith(m_failed));
    }

    void listThroughThePlugin()
    {
        // `kubectl sparkdeck list` runs kubectl-sparkdeck: the same command and output.
        const QString plugin = qEnvironmentVariable("SPARKDECK_PLUGIN");
        QVERIFY(!plugin.isEmpty());
        const CliResult r = runCli(withBase({QStringLiteral("list"), QStringLiteral("-l"), selector(), QStringLiteral("-o"), QStringLiteral("name")}),
                                   {}, {}, 120'000, plugin);
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QCOMPARE(lines(r.out), (QStringList{QStringLiteral("sparkapplication.sparkoperator.k8s.io/") + m_failed,
                                            QStringLiteral("sparkapplication.sparkoperator.k8s.io/") + m_ok}));
    }

    void listWideAndAllNamespaces()
    {
        const CliResult wide = cli({QStringLiteral("list"), QStringLiteral("-l"), selector(), QStringLiteral("-o"), QStringLiteral("wide")});
        QVERIFY2(wide.exitCode == 0, describe(wide).constData());
        const QStringList out = lines(wide.out);
        QCOMPARE(out.size(), 3);
        QVERIFY2(out.at(0).contains(QRegularExpression(QStringLiteral("AGE +DRIVER +EXECUTORS +ERROR$"))), describe(wide).constData());
        QVERIFY2(out.at(2).contains(m_ok + QStringLiteral("-driver")), describe(wide).constData());
        QVERIFY2(out.at(2).contains(QStringLiteral("COMPLETED=1")), describe(wide).constData());
        const QString error = stateOf(m_failed).isEmpty() ? QString()
            : jsonpath(QStringLiteral("sparkapplication"), m_failed, QStringLiteral(".status.applicationState.errorMessage")).section(QLatin1Char('\n'), 0, 0);
        QVERIFY(!error.isEmpty());
        QVERIFY2(out.at(1).endsWith(error.trimmed()), describe(wide).constData());
        QCOMPARE(misaligned(out), QString());

        const CliResult all = runCli({QStringLiteral("list"), QStringLiteral("--kubeconfig"), m_cluster.kubeconfig, QStringLiteral("-A"),
                                      QStringLiteral("-l"), selector()});
        QVERIFY2(all.exitCode == 0, describe(all).constData());
        const QStringList allOut = lines(all.out);
        QCOMPARE(allOut.size(), 3);
        QVERIFY(allOut.at(0).startsWith(QStringLiteral("NAMESPACE   NAME")));
        QVERIFY2(allOut.at(1).startsWith(QStringLiteral("default     ") + m_failed), describe(all).constData());
        QCOMPARE(misaligned(allOut), QString());
    }

    void listStateFilter()
    {
        const CliResult failed = cli({QStringLiteral("list"), QStringLiteral("-l"), selector(), QStringLiteral("--state"), QStringLiteral("failed")});
        QVERIFY2(failed.exitCode == 0, describe(failed).constData());
        QCOMPARE(lines(failed.out).size(), 2);
        QVERIFY(lines(failed.out).at(1).startsWith(m_failed));

        const CliResult both = cli({QStringLiteral("list"), QStringLiteral("-l"), selector(), QStringLiteral("--state"),
                                    QStringLiteral("COMPLETED,FAILED")});
        QCOMPARE(lines(both.out).size(), 3);
        const CliResult repeated = cli({QStringLiteral("list"), QStringLiteral("-l"), selector(), QStringLiteral("--state"),
                                        QStringLiteral("COMPLETED"), QStringLiteral("--state"), QStringLiteral("RUNNING")});
        QCOMPARE(lines(repeated.out).size(), 2);
        QVERIFY(lines(repeated.out).at(1).startsWith(m_ok));

        const CliResult none = cli({QStringLiteral("list"), QStringLiteral("-l"), selector(), QStringLiteral("--state"), QStringLiteral("NEW")});
        QVERIFY2(none.exitCode == 0, describe(none).constData());
        QCOMPARE(none.out, QString());
        QCOMPARE(none.err.trimmed(), QStringLiteral("No resources found in default namespace."));

        const CliResult bad = cli({QStringLiteral("list"), QStringLiteral("--state"), QStringLiteral("DONE")});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains(QStringLiteral("unknown state \"DONE\"")), describe(bad).constData());
    }

    void listOutputs()
    {
        const CliResult json = cli({QStringLiteral("list"), QStringLiteral("-l"), selector(), QStringLiteral("-o"), QStringLiteral("json")});
        QVERIFY2(json.exitCode == 0, describe(json).constData());
        QJsonParseError error;
        const QJsonObject list = QJsonDocument::fromJson(json.out.toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(list.value(QLatin1String("kind")).toString(), QStringLiteral("List"));
        QCOMPARE(list.value(QLatin1String("apiVersion")).toString(), QStringLiteral("v1"));
        const QJsonArray items = list.value(QLatin1String("items")).toArray();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.at(0).toObject().value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString(), m_failed);
        QCOMPARE(items.at(1).toObject().value(QLatin1String("kind")).toString(), QStringLiteral("SparkApplication"));
        QCOMPARE(items.at(1).toObject().value(QLatin1String("metadata")).toObject().value(QLatin1String("uid")).toString(),
                 jsonpath(QStringLiteral("sparkapplication"), m_ok, QStringLiteral(".metadata.uid")));
        QVERIFY(!items.at(1).toObject().value(QLatin1String("metadata")).toObject().contains(QLatin1String("managedFields")));

        const CliResult yaml = cli({QStringLiteral("list"), QStringLiteral("-l"), selector(), QStringLiteral("-o"), QStringLiteral("yaml")});
        QVERIFY2(yaml.exitCode == 0, describe(yaml).constData());
        QVERIFY2(yaml.out.contains(QStringLiteral("kind: List\n")) && yaml.out.contains(QStringLiteral("name: ") + m_ok), describe(yaml).constData());

        const CliResult names = cli({QStringLiteral("list"), QStringLiteral("-l"), selector(), QStringLiteral("-o"), QStringLiteral("name")});
        QCOMPARE(lines(names.out), (QStringList{QStringLiteral("sparkapplication.sparkoperator.k8s.io/") + m_failed,
                                                QStringLiteral("sparkapplication.sparkoperator.k8s.io/") + m_ok}));

        const CliResult bad = cli({QStringLiteral("list"), QStringLiteral("-o"), QStringLiteral("table")});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.out.isEmpty());
    }

    void listEmptyNamespace()
    {
        const QString ns = m_run + QStringLiteral("-nobody");
        const CliResult r = runCli({QStringLiteral("list"), QStringLiteral("--kubeconfig"), m_cluster.kubeconfig, QStringLiteral("-n"), ns});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QCOMPARE(r.out, QString());
        QCOMPARE(r.err.trimmed(), QStringLiteral("No resources found in %1 namespace.").arg(ns));
    }

    void listWatch()
    {
        const QString label = m_run + QStringLiteral("-watch");
        const QString name = m_run + QStringLiteral("-watched");
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        p.setProcessEnvironment(env);
        p.start(cliProgram(), withBase({QStringLiteral("list"), QStringLiteral("-w"), QStringLiteral("-l"), QStringLiteral("sparkdeck-test=") + label}));
        QVERIFY(p.waitForStarted());
        // Nothing matches yet: kubectl's message, and the watch goes on.
        QByteArray err;
        QVERIFY2(pollEvery(100, 30'000, [&] {
                     err += p.readAllStandardError();
                     return err.contains("No resources found");
                 }),
                 err.constData());
        SparkPiOptions o;
        o.labels = QStringLiteral("sparkdeck-test: ") + label;
        o.runSeconds = 3;
        create(name, o);
        QString out;
        const bool seen = pollEvery(100, 90'000, [&] {
            out += QString::fromUtf8(p.readAllStandardOutput());
            return out.contains(QRegularExpression(QStringLiteral("\n%1 +COMPLETED ").arg(QRegularExpression::escape(name))));
        });
        QVERIFY2(seen, qPrintable(out + QString::fromUtf8(p.readAllStandardError())));
        const QStringList printed = lines(out);
        // The header once, then one line per change, all aligned, several states along the way.
        QVERIFY2(printed.at(0).startsWith(QStringLiteral("NAME ")), qPrintable(out));
        QCOMPARE(out.count(QStringLiteral("NAME ")), 1);
        QVERIFY2(printed.size() >= 3, qPrintable(out));
        QVERIFY2(out.contains(QRegularExpression(QStringLiteral("%1 +RUNNING ").arg(QRegularExpression::escape(name)))), qPrintable(out));
        QCOMPARE(misaligned(printed), QString());
        p.terminate(); // SIGTERM, as Ctrl-C's SIGINT
        QVERIFY(p.waitForFinished(10'000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
    }

    void listWatchShowsExisting()
    {
        QProcess p;
        p.start(cliProgram(), withBase({QStringLiteral("list"), QStringLiteral("--watch"), QStringLiteral("-l"), selector(),
                                        QStringLiteral("--state"), QStringLiteral("COMPLETED,FAILED")}));
        QVERIFY(p.waitForStarted());
        QString out;
        QVERIFY2(pollEvery(100, 30'000, [&] {
                     out += QString::fromUtf8(p.readAllStandardOutput());
                     return lines(out).size() >= 3;
                 }),
                 qPrintable(out));
        const QStringList printed = lines(out);
        QVERIFY2(printed.at(0).startsWith(QStringLiteral("NAME ")), qPrintable(out));
        QVERIFY2(printed.at(1).startsWith(m_failed + QLatin1Char(' ')), qPrintable(out));
        QVERIFY2(printed.at(2).startsWith(m_ok + QLatin1Char(' ')), qPrintable(out));
        QCOMPARE(misaligned(printed), QString());
        p.terminate();
        QVERIFY(p.waitForFinished(10'000));
        QCOMPARE(p.exitCode(), 0);
        QCOMPARE(lines(out + QString::fromUtf8(p.readAllStandardOutput())).size(), 3);
    }

    void getObject()
    {
        const CliResult table = cli({QStringLiteral("get"), m_ok});
        QVERIFY2(table.exitCode == 0, describe(table).constData());
        QCOMPARE(lines(table.out).size(), 2);
        QVERIFY(lines(table.out).at(1).startsWith(m_ok + QStringLiteral("   COMPLETED")));

        const CliResult yaml = cli({QStringLiteral("get"), m_ok, QStringLiteral("-o"), QStringLiteral("yaml")});
        QVERIFY2(yaml.exitCode == 0, describe(yaml).constData());
        QVERIFY2(yaml.out.contains(QStringLiteral("kind: SparkApplication\n")), describe(yaml).constData());
        QVERIFY2(yaml.out.contains(QStringLiteral("    state: COMPLETED\n")), describe(yaml).constData());
        QVERIFY2(yaml.out.contains(QStringLiteral("  uid: ") + jsonpath(QStringLiteral("sparkapplication"), m_ok, QStringLiteral(".metadata.uid"))), describe(yaml).constData());

        const CliResult json = cli({QStringLiteral("get"), m_ok, QStringLiteral("-o"), QStringLiteral("json")});
        QVERIFY2(json.exitCode == 0, describe(json).constData());
        const QJsonObject o = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(o.value(QLatin1String("spec")).toObject().value(QLatin1String("mainClass")).toString(), QStringLiteral("org.apache.spark.examples.SparkPi"));

        const CliResult name = cli({QStringLiteral("get"), m_ok, QStringLiteral("-o"), QStringLiteral("name")});
        QCOMPARE(name.out, QStringLiteral("sparkapplication.sparkoperator.k8s.io/%1\n").arg(m_ok));

        const CliResult missing = cli({QStringLiteral("get"), QStringLiteral("no-such-app")});
        QCOMPARE(missing.exitCode, 1);
        QCOMPARE(missing.out, QString());
        QCOMPARE(missing.err.trimmed(),
                 QStringLiteral("Error from server (NotFound): sparkapplications.sparkoperator.k8s.io \"no-such-app\" not found"));

        const CliResult noName = cli({QStringLiteral("get")});
        QCOMPARE(noName.exitCode, 2);
    }

    void describeCompleted()
    {
        const CliResult r = cli({QStringLiteral("describe"), m_ok});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        const QString out = r.out;
        QVERIFY2(out.startsWith(QStringLiteral("Name:")), describe(r).constData());
        for (const QString& expected : {QStringLiteral("Namespace:"), QStringLiteral("Labels:"), QStringLiteral("Type:"),
                                        QStringLiteral("Main class:"), QStringLiteral("Spark version:"), QStringLiteral("Attempts:"),
                                        QStringLiteral("Driver:\n"), QStringLiteral("Executors:\n"), QStringLiteral("Pods:\n"), QStringLiteral("Events:\n")})
            QVERIFY2(out.contains(expected), qPrintable(expected + QStringLiteral(" missing in\n") + out));
        QVERIFY2(out.contains(QRegularExpression(QStringLiteral("\nState: +COMPLETED\n"))), describe(r).constData());
        QVERIFY2(out.contains(QRegularExpression(QStringLiteral("\nLabels: +sparkdeck-test=%1\n").arg(m_run))), describe(r).constData());
        QVERIFY2(out.contains(QRegularExpression(QStringLiteral("\n  Pod: +%1-driver\n").arg(m_ok))), describe(r).constData());
        // The pods of the application with their role, and the events of the application and its pods.
        QVERIFY2(out.contains(QRegularExpression(QStringLiteral("\n  %1-driver +driver +Succeeded ").arg(m_ok))), describe(r).constData());
        QVERIFY2(out.contains(QRegularExpression(QStringLiteral("\n  %1-\\S+-exec-1 +executor ").arg(m_ok))), describe(r).constData());
        QVERIFY2(out.contains(QRegularExpression(QStringLiteral("\n  Normal +SparkApplicationSubmitted +\\S+ +\\S+ +SparkApplication %1 was submitted").arg(m_ok))), describe(r).constData());
        QVERIFY2(out.indexOf(QStringLiteral("SparkApplicationSubmitted")) < out.indexOf(QStringLiteral("SparkApplicationCompleted")), describe(r).constData());
        QVERIFY2(!out.contains(QStringLiteral("First exception")), describe(r).constData());
        // The events table lines up.
        const QString events = out.section(QStringLiteral("Events:\n"), 1);
        QCOMPARE(misaligned(lines(events)), QString());
    }

    void describeFailed()
    {
        const CliResult list = cli({QStringLiteral("list"), QStringLiteral("-l"), selector(), QStringLiteral("--state"), QStringLiteral("FAILED")});
        QVERIFY2(lines(list.out).value(1).contains(QRegularExpression(QStringLiteral("^%1 +FAILED ").arg(m_failed))), describe(list).constData());

        const CliResult r = cli({QStringLiteral("describe"), m_failed});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QVERIFY2(r.out.contains(QRegularExpression(QStringLiteral("\nState: +FAILED\n"))), describe(r).constData());
        const QString error = jsonpath(QStringLiteral("sparkapplication"), m_failed, QStringLiteral(".status.applicationState.errorMessage"));
        QVERIFY(!error.isEmpty());
        QVERIFY2(r.out.contains(QRegularExpression(QStringLiteral("\nError: +%1").arg(QRegularExpression::escape(error.section(QLatin1Char('\n'), 0, 0).trimmed())))), describe(r).constData());
        QVERIFY2(r.out.contains(QStringLiteral("\nFirst exception:\n  ")), describe(r).constData());
        QVERIFY2(r.out.contains(QStringLiteral("Warning")) && r.out.contains(QStringLiteral("SparkApplicationFailed")), describe(r).constData());

        const CliResult missing = cli({QStringLiteral("describe"), QStringLiteral("no-such-app")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.startsWith(QStringLiteral("Error from server (NotFound): sparkapplications.sparkoperator.k8s.io \"no-such-app\" not found")), describe(missing).constData());
    }

    void eventsTable()
    {
        const CliResult r = cli({QStringLiteral("events"), m_ok});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        const QStringList out = lines(r.out);
        QVERIFY2(out.value(0).contains(QRegularExpression(QStringLiteral("^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE$"))), describe(r).constData());
        QVERIFY2(r.out.contains(QRegularExpression(QStringLiteral("Normal +SparkApplicationCompleted +sparkapplication/%1 ").arg(m_ok))), describe(r).constData());
        QCOMPARE(misaligned(out), QString());
        // Oldest first.
        QVERIFY(r.out.indexOf(QStringLiteral("SparkApplicationSubmitted")) < r.out.indexOf(QStringLiteral("SparkApplicationCompleted")));

        const CliResult missing = cli({QStringLiteral("events"), QStringLiteral("no-such-app")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains(QStringLiteral("(NotFound)")), describe(missing).constData());
    }

    void eventsFollow()
    {
        const QString name = m_run + QStringLiteral("-followed");
        SparkPiOptions o;
        o.runSeconds = 4;
        create(name, o);
        QProcess p;
        p.start(cliProgram(), withBase({QStringLiteral("events"), name, QStringLiteral("-f")}));
        QVERIFY(p.waitForStarted());
        QString out;
        const bool seen = pollEvery(100, 90'000, [&] {
            out += QString::fromUtf8(p.readAllStandardOutput());
            return out.contains(QStringLiteral("SparkApplicationCompleted"));
        });
        QVERIFY2(seen, qPrintable(out + QString::fromUtf8(p.readAllStandardError())));
        QCOMPARE(out.count(QStringLiteral("LAST SEEN")), 1);
        p.terminate();
        QVERIFY(p.waitForFinished(10'000));
        QCOMPARE(p.exitCode(), 0);
    }

    void deleteNeedsYes()
    {
        const QString name = m_run + QStringLiteral("-keep");
        create(name);
        const CliResult r = cli({QStringLiteral("delete"), name});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--yes")), describe(r).constData());
        QVERIFY(exists(QStringLiteral("sparkapplication"), name));

        const CliResult yes = cli({QStringLiteral("delete"), name, QStringLiteral("--yes")});
        QVERIFY2(yes.exitCode == 0, describe(yes).constData());
        QCOMPARE(yes.out, QStringLiteral("sparkapplication.sparkoperator.k8s.io \"%1\" deleted\n").arg(name));
        QVERIFY(pollEvery(200, 20'000, [&] { return !exists(QStringLiteral("sparkapplication"), name); }));

        const CliResult again = cli({QStringLiteral("delete"), name, QStringLiteral("-y")});
        QCOMPARE(again.exitCode, 1);
        QCOMPARE(again.err.trimmed(),
                 QStringLiteral("Error from server (NotFound): sparkapplications.sparkoperator.k8s.io \"%1\" not found").arg(name));
    }

    void deleteAsksOnATerminal()
    {
        const QString name = m_run + QStringLiteral("-asked");
        create(name);
        // Standard input a pseudo-terminal: the question is asked, and the answer decides.
        auto deleteAnswering = [&](const QByteArray& answer, QString* err) {
            const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
            if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0)
                return -2;
            const QByteArray terminal = ::ptsname(master);
            QProcess p;
            p.setChildProcessModifier([terminal] {
                const int fd = ::open(terminal.constData(), O_RDWR);
                ::dup2(fd, STDIN_FILENO);
            });
            p.start(cliProgram(), withBase({QStringLiteral("delete"), name}));
            QByteArray stderrText;
            const bool asked = p.waitForStarted() && pollEvery(50, 30'000, [&] {
                stderrText += p.readAllStandardError();
                return stderrText.contains("[y/N]");
            });
            if (asked)
                (void)!::write(master, answer.constData(), size_t(answer.size()));
            p.waitForFinished(30'000);
            ::close(master);
            *err = QString::fromUtf8(stderrText + p.readAllStandardError());
            return asked ? p.exitCode() : -3;
        };
        QString err;
        QCOMPARE(deleteAnswering("n\n", &err), 1);
        QVERIFY2(err.contains(QStringLiteral("Delete SparkApplication %1 in namespace default? [y/N]").arg(name)), qPrintable(err));
        QVERIFY(exists(QStringLiteral("sparkapplication"), name));
        QCOMPARE(deleteAnswering("y\n", &err), 0);
        QVERIFY(pollEvery(200, 20'000, [&] { return !exists(QStringLiteral("sparkapplication"), name); }));
    }

    void rerunGivesNewUid()
    {
        const QString before = jsonpath(QStringLiteral("sparkapplication"), m_ok, QStringLiteral(".metadata.uid"));
        QVERIFY(!before.isEmpty());
        const CliResult refused = cli({QStringLiteral("rerun"), m_ok});
        QCOMPARE(refused.exitCode, 2);
        QCOMPARE(jsonpath(QStringLiteral("sparkapplication"), m_ok, QStringLiteral(".metadata.uid")), before);

        const CliResult r = cli({QStringLiteral("rerun"), m_ok, QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        const auto match = QRegularExpression(QStringLiteral("^sparkapplication\\.sparkoperator\\.k8s\\.io \"%1\" rerun \\(new uid (\\S+)\\)\n$").arg(m_ok)).match(r.out);
        QVERIFY2(match.hasMatch(), describe(r).constData());
        QVERIFY(match.captured(1) != before);
        QCOMPARE(jsonpath(QStringLiteral("sparkapplication"), m_ok, QStringLiteral(".metadata.uid")), match.captured(1));
        waitForState(m_ok, QStringLiteral("COMPLETED"));

        const CliResult missing = cli({QStringLiteral("rerun"), QStringLiteral("no-such-app"), QStringLiteral("-y")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.startsWith(QStringLiteral("Error from server (NotFound): sparkapplications.sparkoperator.k8s.io \"no-such-app\" not found")), describe(missing).constData());
    }

    void suspendScheduled()
    {
        const QString name = m_run + QStringLiteral("-nightly");
        const ProcessResult created = kubectlCreate(m_cluster.kubectl, m_cluster.kubeconfig,
                                                    scheduledSparkPiManifest(QStringLiteral("default"), name, QStringLiteral("0 2 * * *")));
        QVERIFY2(created.exitCode == 0, qPrintable(created.err));

        const CliResult refused = cli({QStringLiteral("suspend"), name});
        QCOMPARE(refused.exitCode, 2);
        QCOMPARE(jsonpath(QStringLiteral("scheduledsparkapplication"), name, QStringLiteral(".spec.suspend")), QString());

        const CliResult r = cli({QStringLiteral("suspend"), name, QStringLiteral("-y")});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QCOMPARE(r.out, QStringLiteral("scheduledsparkapplication.sparkoperator.k8s.io \"%1\" suspended\n").arg(name));
        QCOMPARE(jsonpath(QStringLiteral("scheduledsparkapplication"), name, QStringLiteral(".spec.suspend")), QStringLiteral("true"));

        const CliResult resumed = cli({QStringLiteral("resume"), name});
        QVERIFY2(resumed.exitCode == 0, describe(resumed).constData());
        QCOMPARE(resumed.out, QStringLiteral("scheduledsparkapplication.sparkoperator.k8s.io \"%1\" resumed\n").arg(name));
        QCOMPARE(jsonpath(QStringLiteral("scheduledsparkapplication"), name, QStringLiteral(".spec.suspend")), QStringLiteral("false"));

        // A SparkApplication of the name is suspended as one.
        const CliResult app = cli({QStringLiteral("suspend"), m_failed, QStringLiteral("--yes")});
        QVERIFY2(app.exitCode == 0, describe(app).constData());
        QCOMPARE(app.out, QStringLiteral("sparkapplication.sparkoperator.k8s.io \"%1\" suspended\n").arg(m_failed));
        QCOMPARE(jsonpath(QStringLiteral("sparkapplication"), m_failed, QStringLiteral(".spec.suspend")), QStringLiteral("true"));

        const CliResult missing = cli({QStringLiteral("resume"), QStringLiteral("no-such-app")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains(QStringLiteral("(NotFound)")), describe(missing).constData());
        runKubectl(m_cluster, {QStringLiteral("delete"), QStringLiteral("scheduledsparkapplication"), name, QStringLiteral("-n"), QStringLiteral("default")}, Exit::MayFail);
    }

    void noKubeconfig()
    {
        const CliResult r = runCli({QStringLiteral("list"), QStringLiteral("--kubeconfig"), QStringLiteral("/nonexistent")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QStringLiteral("kubeconfig")), describe(r).constData());
        QVERIFY(r.out.isEmpty());
    }

    void unreachableServer()
    {
        const QString path = m_dir.filePath(QStringLiteral("unreachable.kubeconfig"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("apiVersion: v1\nkind: Config\ncurrent-context: nowhere\n"
                "clusters:\n- name: nowhere\n  cluster: {server: \"https://127.0.0.1:1\", insecure-skip-tls-verify: true}\n"
                "users:\n- name: someone\n  user: {token: not-a-secret}\n"
                "contexts:\n- name: nowhere\n  context: {cluster: nowhere, user: someone}\n");
        f.close();
        for (const QStringList& command : {QStringList{QStringLiteral("list")}, QStringList{QStringLiteral("describe"), QStringLiteral("x")},
                                           QStringList{QStringLiteral("delete"), QStringLiteral("x"), QStringLiteral("-y")}}) {
            const CliResult r = runCli(QStringList{command.constFirst(), QStringLiteral("--kubeconfig"), path, QStringLiteral("--request-timeout"),
                                                   QStringLiteral("10s")} + command.mid(1));
            QCOMPARE(r.exitCode, 3);
            QVERIFY2(r.err.contains(QStringLiteral("cannot reach the API server")), describe(r).constData());
        }
    }

    void cleanupTestCase()
    {
        if (m_cluster.kubeconfig.isEmpty())
            return;
        runKubectl(m_cluster, {QStringLiteral("delete"), QStringLiteral("sparkapplications"), QStringLiteral("-n"), QStringLiteral("default"),
                               QStringLiteral("-l"), QStringLiteral("sparkdeck-test in (%1,%1-watch)").arg(m_run), QStringLiteral("--wait=false")},
                   Exit::MayFail);
    }
};

QTEST_GUILESS_MAIN(TestCliApps)
#include "tst_cli_apps.moc"
