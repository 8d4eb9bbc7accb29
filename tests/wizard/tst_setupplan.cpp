// The Kind wizard's plan as data: options checks, the Kind config, the exact argument lists of
// every step, failure explanations and install hints; and the command runner: streaming, stdin
// pipes, a missing program, a failing one, a hanging one (timed out), cancelling a whole process tree
// at any moment, and nothing left behind (no descendant, no zombie).

#include "app/setup/commandrunner.h"
#include "tests/support/descendants.h"
#include "app/setup/setupplan.h"
#include "app/setup/steprunner.h"
#include "app/setup/setupprobes.h"
#include "app/setup/setupsession.h"

#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using setup::Command;
using setup::SetupOptions;
using setup::StepId;
using setup::StepResult;

namespace {
// Processes whose command line is exactly `sleep <marker>` (or `/usr/bin/sleep <marker>`).
int sleepers(const QString& marker)
{
    int count = 0;
    for (const QString& pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        QFile f(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> argv = f.readAll().split('\0');
        if (argv.size() == 3 && (argv[0] == "sleep" || argv[0].endsWith("/sleep")) && argv[1] == marker.toUtf8())
            ++count;
    }
    return count;
}
QString spawnTree()
{
    return qEnvironmentVariable("SPARKDECK_SOURCE_DIR") + QStringLiteral("/tests/wizard/spawn-tree");
}

// Nothing this test started is left: no `sleep <marker>` anywhere, no descendant, no zombie.
bool nothingLeft(const QString& marker)
{
    return sleepers(marker) == 0 && zombieChildren() == 0 && descendantProcesses().isEmpty();
}

QString randomMarker()
{
    return QString::number(3000 + QRandomGenerator::global()->bounded(900));
}
} // namespace

class TestSetupPlan : public QObject {
    Q_OBJECT
private slots:
    void optionsAreChecked_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("words");
        QTest::newRow("name") << QStringLiteral("name") << QStringLiteral("Spark_1") << QStringLiteral("lower-case");
        QTest::newRow("label") << QStringLiteral("label") << QStringLiteral("type") << QStringLiteral("key=value");
        QTest::newRow("taint") << QStringLiteral("taint") << QStringLiteral("type=spark:Sometimes") << QStringLiteral("Effect");
        QTest::newRow("port") << QStringLiteral("port") << QStringLiteral("99999:80") << QStringLiteral("hostPort:containerPort");
        QTest::newRow("namespace") << QStringLiteral("ns") << QStringLiteral("Jobs") << QStringLiteral("Jobs");
    }

    void optionsAreChecked()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, words);
        SetupOptions o;
        QVERIFY(setup::validateOptions(o).isEmpty());
        if (field == QLatin1String("name"))
            o.clusterName = value;
        else if (field == QLatin1String("label"))
            o.workerLabels = {value};
        else if (field == QLatin1String("taint"))
            o.workerTaints = {value};
        else if (field == QLatin1String("port"))
            o.portMappings = {value};
        else
            o.jobNamespaces = {value};
        const QString problem = setup::validateOptions(o);
        QVERIFY2(problem.contains(words), qPrintable(problem));
    }

    void kindConfigHasPortsLabelsAndTaints()
    {
        SetupOptions o;
        o.clusterName = QStringLiteral("workshop");
        o.workers = 2;
        o.workerLabels = {QStringLiteral("type=spark-worker")};
        o.workerTaints = {QStringLiteral("type=spark-worker:NoSchedule")};
        o.portMappings = {QStringLiteral("8080:30080")};
        const QString y = setup::kindConfig(o);
        QVERIFY(y.startsWith(QStringLiteral("kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nname: workshop\nnodes:\n  - role: control-plane\n")));
        QVERIFY(y.contains(QStringLiteral("      - hostPort: 8080\n        containerPort: 30080\n        protocol: TCP\n")));
        QCOMPARE(y.count(QStringLiteral("  - role: worker\n")), 2);
        QCOMPARE(y.count(QStringLiteral("node-labels: \"type=spark-worker\"")), 2);
        QCOMPARE(y.count(QStringLiteral("register-with-taints: \"type=spark-worker:NoSchedule\"")), 2);
        o.workerLabels.clear();
        o.workerTaints.clear();
        QVERIFY(!setup::kindConfig(o).contains(QStringLiteral("kubeadmConfigPatches")));
    }

    void stepCommands()
    {
        SetupOptions o;
        QList<Command> c = setup::commandsFor(StepId::Cluster, o, QStringLiteral("/tmp/kind.yaml"));
        QCOMPARE(c.size(), 1);
        QCOMPARE(c[0].program, QStringLiteral("kind"));
        QCOMPARE(c[0].arguments, (QStringList{QStringLiteral("create"), QStringLiteral("cluster"), QStringLiteral("--name"), QStringLiteral("spark"),
                                              QStringLiteral("--config"), QStringLiteral("/tmp/kind.yaml"), QStringLiteral("--image"),
                                              QStringLiteral("kindest/node:v1.34.0"), QStringLiteral("--wait"), QStringLiteral("60s")}));

        o.jobNamespaces = {QStringLiteral("default"), QStringLiteral("spark-jobs")};
        c = setup::commandsFor(StepId::Operator, o);
        // Two namespaces (create --dry-run | apply), repo add, repo update, upgrade --install.
        QCOMPARE(c.size(), 7);
        QVERIFY(c[1].pipeFromPrevious);
        QCOMPARE(c[4].arguments.mid(0, 3), (QStringList{QStringLiteral("repo"), QStringLiteral("add"), QStringLiteral("spark-operator")}));
        const QStringList install = c.last().arguments;
        QCOMPARE(install.mid(0, 4), (QStringList{QStringLiteral("upgrade"), QStringLiteral("--install"), QStringLiteral("spark-operator"),
                                                 QStringLiteral("spark-operator/spark-operator")}));
        QVERIFY(install.contains(QStringLiteral("spark.jobNamespaces={default,spark-jobs}")));
        QVERIFY(install.contains(QStringLiteral("webhook.enable=true")));
        QVERIFY(install.contains(QStringLiteral(">=2.0.0 <3.0.0"))); // the latest 2.x
        QVERIFY(install.contains(QStringLiteral("kind-spark")));
        // A chart directory: no repository, no version constraint.
        o.chart = QStringLiteral("/charts/spark-operator-chart");
        c = setup::commandsFor(StepId::Operator, o);
        QCOMPARE(c.size(), 5);
        QVERIFY(!c.last().arguments.contains(QStringLiteral("--version")));

        c = setup::commandsFor(StepId::ServiceAccount, o);
        QCOMPARE(c.size(), 12); // per namespace: service account, role, binding, each dry-run | apply
        QVERIFY(c[0].arguments.contains(QStringLiteral("spark-operator-spark")));
        QVERIFY(c[5].pipeFromPrevious);
        QVERIFY(c[4].arguments.contains(QStringLiteral("--serviceaccount=default:spark-operator-spark")));
        const QList<Command> probes = setup::probesFor(StepId::ServiceAccount, o);
        QCOMPARE(probes.size(), 2);
        QVERIFY(probes[1].arguments.contains(QStringLiteral("--as=system:serviceaccount:spark-jobs:spark-operator-spark")));

        o.images = {QStringLiteral("spark:3.5.3"), QStringLiteral("team/etl:1")};
        c = setup::commandsFor(StepId::Images, o);
        QCOMPARE(c.size(), 2);
        QCOMPARE(c[1].arguments, (QStringList{QStringLiteral("load"), QStringLiteral("docker-image"), QStringLiteral("team/etl:1"),
                                              QStringLiteral("--name"), QStringLiteral("spark")}));
        QCOMPARE(setup::commandsFor(StepId::DeleteCluster, o).first().display(), QStringLiteral("kind delete cluster --name spark"));
        // An image this machine does not have is pulled before anything is loaded.
        o.pullImages = {QStringLiteral("spark:3.5.3")};
        c = setup::commandsFor(StepId::Images, o);
        QCOMPARE(c.size(), 3);
        QCOMPARE(c[0].display(), QStringLiteral("docker pull spark:3.5.3"));
        QCOMPARE(c[1].display(), QStringLiteral("kind load docker-image spark:3.5.3 --name spark"));
    }

    void pullFailuresAreExplained()
    {
        const Command pull{QStringLiteral("docker"), {QStringLiteral("pull"), QStringLiteral("spark:3.5.3")}, {}};
        setup::Explanation e = setup::explainFailure(
            pull, QStringLiteral("Error response from daemon: Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io on 127.0.0.53:53: no such host"), 1);
        QCOMPARE(e.title, QStringLiteral("The image spark:3.5.3 cannot be downloaded"));
        QVERIFY(e.retry);
        QVERIFY2(e.fix.contains(QStringLiteral("docker pull spark:3.5.3")), qPrintable(e.fix));
        e = setup::explainFailure(pull, QStringLiteral("Error response from daemon: manifest for spark:3.5.3 not found: manifest unknown: manifest unknown"), 1);
        QCOMPARE(e.title, QStringLiteral("The image spark:3.5.3 does not exist in the registry"));
        QVERIFY(!e.retry);
        // Docker being down is said as such, also for a pull.
        e = setup::explainFailure(pull, QStringLiteral("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"), 1);
        QCOMPARE(e.title, QStringLiteral("Docker is not running"));
    }

    void pullProgressIsRead()
    {
        // docker pull's output to a pipe (no progress bars), as the docker stand-in prints it.
        const QStringList out{
            QStringLiteral("3.5.3: Pulling from library/spark"), QStringLiteral("c02525436bce: Pulling fs layer"),
            QStringLiteral("9399ef559264: Already exists"),      QStringLiteral("9cd76d966217: Pulling fs layer"),
            QStringLiteral("9cd76d966217: Waiting"),              QStringLiteral("c02525436bce: Verifying Checksum"),
            QStringLiteral("c02525436bce: Download complete"),    QStringLiteral("c02525436bce: Pull complete"),
        };
        setup::PullProgress p;
        for (const QString& line : out)
            p.feed(line);
        QCOMPARE(p.total, 3);
        QCOMPARE(p.done, 2); // one pulled, one already there
        QVERIFY(!p.finished);
        QVERIFY(!p.feed(QStringLiteral("9cd76d966217: Verifying Checksum")));
        QVERIFY(p.feed(QStringLiteral("9cd76d966217: Pull complete")));
        QCOMPARE(p.done, 3);
        QVERIFY(!p.feed(QStringLiteral("Digest: sha256:2877089897bdfb57a0d65e32a38a7baeea607c496f8313aef7a0280b3e5ebadf")));
        QVERIFY(p.feed(QStringLiteral("Status: Downloaded newer image for spark:3.5.3")));
        QVERIFY(p.finished);
        QVERIFY(!p.feed(QStringLiteral("docker.io/library/spark:3.5.3")));
        // The next image starts over.
        QVERIFY(p.feed(QStringLiteral("4.0.2: Pulling from library/spark")));
        QCOMPARE(p.total, 0);
        QVERIFY(!p.finished);
    }

    void stepTimesAreMeasured()
    {
        QCOMPARE(setup::formatElapsed(400), QStringLiteral("0.4 s"));
        QCOMPARE(setup::formatElapsed(9'950), QStringLiteral("9.9 s"));
        QCOMPARE(setup::formatElapsed(12'300), QStringLiteral("12 s"));
        QCOMPARE(setup::formatElapsed(125'000), QStringLiteral("2 min 05 s"));
        QCOMPARE(setup::formatElapsed(3'725'000), QStringLiteral("1 h 02 min"));
        setup::StepRunner runner;
        QVERIFY(!runner.hasRun());
        QCOMPARE(runner.elapsedMs(), 0);
        QSignalSpy finished(&runner, &setup::StepRunner::finished);
        const Command pause{QStringLiteral("sleep"), {QStringLiteral("0.2")}, {}};
        runner.run({pause});
        QVERIFY(runner.hasRun());
        QTRY_COMPARE(finished.size(), 1);
        const qint64 first = finished.at(0).at(0).value<StepResult>().elapsedMs;
        QVERIFY2(first >= 200, qPrintable(QString::number(first)));
        QCOMPARE(runner.elapsedMs(), first); // it stands still once the step ended
        QTest::qWait(20);
        QCOMPARE(runner.elapsedMs(), first);
        // A continued run adds to it (one step made of several runs).
        runner.run({pause}, true);
        QVERIFY(runner.elapsedMs() >= first);
        QTRY_COMPARE(finished.size(), 2);
        const qint64 both = finished.at(1).at(0).value<StepResult>().elapsedMs;
        QVERIFY2(both >= first + 200, qPrintable(QStringLiteral("%1 then %2").arg(first).arg(both)));
        // A failed step has its time too.
        runner.run({Command{QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("sleep 0.2; exit 3")}, {}}});
        QTRY_COMPARE(finished.size(), 3);
        const auto failed = finished.at(2).at(0).value<StepResult>();
        QVERIFY(!failed.ok);
        QVERIFY2(failed.elapsedMs >= 200, qPrintable(QString::number(failed.elapsedMs)));
        QCOMPARE(runner.elapsedMs(), failed.elapsedMs);
    }

    void prerequisiteChecksShareOneClock()
    {
        // Each check is a run of its own; the step's time covers them all.
        setup::SetupSession session;
        setup::StepRunner* checks = session.runner(StepId::Prerequisites);
        QList<qint64> ends;
        connect(checks, &setup::StepRunner::finished, this, [&](const StepResult& r) { ends << r.elapsedMs; });
        QSignalSpy done(&session, &setup::SetupSession::prerequisitesFinished);
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", "/sparkdeck-nowhere");
        session.checkPrerequisites(SetupOptions{}, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 20000);
        qputenv("PATH", path);
        QCOMPARE(ends.size(), 4);
        for (int i = 1; i < ends.size(); ++i)
            QVERIFY2(ends.at(i) >= ends.at(i - 1), qPrintable(QString::number(ends.at(i))));
        QCOMPARE(checks->elapsedMs(), ends.last());
    }

    void knownFailuresAreExplained_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QString>("output");
        QTest::addColumn<QString>("title");
        QTest::newRow("docker down") << QStringLiteral("docker")
                                     << QStringLiteral("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?")
                                     << QStringLiteral("Docker is not running");
        QTest::newRow("docker permission")
            << QStringLiteral("docker")
            << QStringLiteral("permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock")
            << QStringLiteral("No permission to use Docker");
        QTest::newRow("port") << QStringLiteral("kind") << QStringLiteral("Bind for 0.0.0.0:8080 failed: port is already allocated")
                              << QStringLiteral("A port is already in use");
        QTest::newRow("offline") << QStringLiteral("kind")
                                 << QStringLiteral("ERROR: failed to create cluster: failed to pull image \"kindest/node:v1.34.0\": dial tcp: lookup registry-1.docker.io: no such host")
                                 << QStringLiteral("The node image cannot be downloaded");
        QTest::newRow("helm repo") << QStringLiteral("helm")
                                   << QStringLiteral("Error: looks like \"https://kubeflow.github.io/spark-operator\" is not a valid chart repository or cannot be reached")
                                   << QStringLiteral("The Helm repository cannot be reached");
        QTest::newRow("webhook") << QStringLiteral("kubectl")
                                 << QStringLiteral("Internal error occurred: failed calling webhook \"mutate-sparkapplication.sparkoperator.k8s.io\"")
                                 << QStringLiteral("The operator's webhook is not ready yet");
        QTest::newRow("exists") << QStringLiteral("kind")
                                << QStringLiteral("ERROR: failed to create cluster: node(s) already exist for a cluster with the name \"spark\"")
                                << QStringLiteral("The cluster already exists");
        QTest::newRow("unknown") << QStringLiteral("kubectl") << QStringLiteral("something else") << QString();
    }

    void knownFailuresAreExplained()
    {
        QFETCH(QString, program);
        QFETCH(QString, output);
        QFETCH(QString, title);
        const setup::Explanation e = setup::explainFailure(Command{program, {}, {}}, output, 1);
        QCOMPARE(e.title, title);
        if (!title.isEmpty())
            QVERIFY(!e.fix.isEmpty());
    }

    void installHints()
    {
        QVERIFY(setup::installHint(QStringLiteral("kind"), QStringLiteral("macos")).contains(QStringLiteral("brew install kind")));
        QVERIFY(setup::installHint(QStringLiteral("helm"), QStringLiteral("windows")).contains(QStringLiteral("winget")));
        QVERIFY(setup::installHint(QStringLiteral("docker"), QStringLiteral("linux")).contains(QStringLiteral("usermod -aG docker")));
        const setup::Resources r = setup::machineResources();
        QVERIFY(r.cpus >= 1);
        QVERIFY(r.freeMemoryMiB > 0);
    }

    void runnerStreamsPipesAndReportsMissingPrograms()
    {
        setup::StepRunner runner;
        QSignalSpy finished(&runner, &setup::StepRunner::finished);
        QStringList lines;
        connect(&runner, &setup::StepRunner::line, this, [&](const QString& l) { lines << l; });
        runner.run({Command{QStringLiteral("printf"), {QStringLiteral("a: 1\\nb: two words\\n")}, {}},
                    Command{QStringLiteral("cat"), {}, {}, true}});
        QTRY_COMPARE(finished.size(), 1);
        const auto r = finished.at(0).at(0).value<setup::StepResult>();
        QVERIFY(r.ok);
        QCOMPARE(lines, (QStringList{QStringLiteral("a: 1"), QStringLiteral("b: two words"), QStringLiteral("a: 1"), QStringLiteral("b: two words")}));
        QVERIFY(r.output.contains(QStringLiteral("$ cat  (input: the YAML above)")));

        runner.run({Command{QStringLiteral("sparkdeck-no-such-tool"), {}, {}}});
        QTRY_COMPARE(finished.size(), 2);
        const auto missing = finished.at(1).at(0).value<setup::StepResult>();
        QVERIFY(!missing.ok);
        QCOMPARE(missing.explanation.title, QStringLiteral("sparkdeck-no-such-tool is not installed"));
    }

    void cancelEndsTheWholeTree()
    {
        const QString marker = QString::number(3000 + QRandomGenerator::global()->bounded(900));
        setup::StepRunner runner;
        QSignalSpy finished(&runner, &setup::StepRunner::finished);
        QSignalSpy lines(&runner, &setup::StepRunner::line);
        runner.run({Command{qEnvironmentVariable("SPARKDECK_SOURCE_DIR") + QStringLiteral("/tests/wizard/spawn-tree"), {marker}, {}},
                    Command{QStringLiteral("true"), {}, {}}});
        QTRY_VERIFY(!lines.isEmpty()); // "started"
        QTRY_COMPARE(sleepers(marker), 2);
        runner.cancel();
        QTRY_COMPARE(finished.size(), 1);
        const auto r = finished.at(0).at(0).value<setup::StepResult>();
        QVERIFY(r.cancelled);
        QVERIFY(!r.ok);
        QTRY_VERIFY2(nothingLeft(marker), qPrintable(describeDescendants())); // nothing left behind
    }

    void aMissingProgramEndsAndTheNextCommandRuns()
    {
        // As the prerequisites page does it: each check starts from the previous one's finished().
        const QList<Command> checks{Command{QStringLiteral("sparkdeck-no-such-tool"), {QStringLiteral("version")}, {}},
                                    Command{QStringLiteral("printf"), {QStringLiteral("one\\n")}, {}},
                                    Command{QStringLiteral("sparkdeck-no-such-tool-2"), {}, {}},
                                    Command{QStringLiteral("sparkdeck-no-such-tool-3"), {}, {}},
                                    Command{QStringLiteral("printf"), {QStringLiteral("last\\n")}, {}}};
        setup::StepRunner runner;
        QList<StepResult> results;
        connect(&runner, &setup::StepRunner::finished, this, [&](const StepResult& r) {
            results << r;
            if (results.size() < checks.size())
                runner.run({checks.at(results.size())});
        });
        runner.run({checks.first()});
        QTRY_COMPARE_WITH_TIMEOUT(results.size(), checks.size(), 20000);
        for (int i : {0, 2, 3}) {
            QVERIFY(!results[i].ok);
            QVERIFY(!results[i].cancelled);
            QCOMPARE(results[i].exitCode, -1);
            QCOMPARE(results[i].explanation.title, checks[i].program + QStringLiteral(" is not installed"));
            QVERIFY2(results[i].output.contains(QStringLiteral("not found on PATH")), qPrintable(results[i].output));
        }
        QVERIFY2(results[1].ok && results[1].output.contains(QStringLiteral("one")), qPrintable(results[1].output));
        QVERIFY2(results[4].ok && results[4].output.contains(QStringLiteral("last")), qPrintable(results[4].output));
        QVERIFY(!runner.isRunning());
        QTRY_COMPARE(zombieChildren(), 0);
        QTRY_VERIFY2(descendantProcesses().isEmpty(), qPrintable(describeDescendants()));
        // finished() came once per run, also for the failed starts: one more run's finished() comes
        // after any duplicate of the earlier ones would have.
        runner.run({Command{QStringLiteral("true"), {}, {}}});
        QTRY_VERIFY(results.size() > checks.size());
        QCOMPARE(results.size(), checks.size() + 1);
        QVERIFY(results.last().ok);
    }

    void aFailingCommandShowsItsOutput()
    {
        setup::StepRunner runner;
        QSignalSpy finished(&runner, &setup::StepRunner::finished);
        runner.run({Command{QStringLiteral("ls"), {QStringLiteral("/sparkdeck-no-such-dir")}, {}}});
        QTRY_COMPARE(finished.size(), 1);
        const auto r = finished.at(0).at(0).value<StepResult>();
        QVERIFY(!r.ok);
        QVERIFY(!r.cancelled);
        QVERIFY(r.exitCode > 0);
        QCOMPARE(r.failedCommand.program, QStringLiteral("ls"));
        QVERIFY2(r.output.contains(QStringLiteral("/sparkdeck-no-such-dir")) && r.output.count(QLatin1Char('\n')) >= 2, qPrintable(r.output));
        QTRY_COMPARE(zombieChildren(), 0);
    }

    void cancelWorksAtAnyMoment()
    {
        setup::StepRunner runner;
        QSignalSpy finished(&runner, &setup::StepRunner::finished);
        const QString marker = randomMarker();
        // Nothing running: nothing happens.
        runner.cancel();
        QVERIFY(!runner.isRunning());
        // A command started from the finished() of a missing one (as the prerequisites page does),
        // cancelled at once: the step ends either way.
        auto quick = connect(&runner, &setup::StepRunner::finished, this, [&] {
            if (finished.size() == 1) // the spy is connected first
                runner.run({Command{QStringLiteral("printf"), {QStringLiteral("x\\n")}, {}}});
        });
        runner.run({Command{QStringLiteral("sparkdeck-no-such-tool"), {}, {}}});
        QTRY_VERIFY(finished.size() >= 1); // printf may already be done too (a fast machine)
        disconnect(quick);
        runner.cancel();
        QTRY_COMPARE(finished.size(), 2);
        QVERIFY(!runner.isRunning());
        finished.clear();
        // A hanging command started the same way, cancelled while it runs.
        auto chain = connect(&runner, &setup::StepRunner::finished, this, [&] {
            if (finished.size() == 1) // the spy is connected first
                runner.run({Command{QStringLiteral("sleep"), {marker}, {}}});
        });
        runner.run({Command{QStringLiteral("sparkdeck-no-such-tool"), {}, {}}});
        QTRY_COMPARE(sleepers(marker), 1);
        disconnect(chain);
        QVERIFY(runner.isRunning());
        runner.cancel();
        QTRY_COMPARE(finished.size(), 2);
        QVERIFY(finished.at(1).at(0).value<StepResult>().cancelled);
        QVERIFY(!runner.isRunning());
        QTRY_VERIFY2(nothingLeft(marker), qPrintable(describeDescendants()));
        finished.clear();
        // Right after the start, before the program runs (or fails to).
        runner.run({Command{QStringLiteral("sleep"), {marker}, {}}});
        runner.cancel();
        QTRY_COMPARE(finished.size(), 1);
        QVERIFY(finished.at(0).at(0).value<StepResult>().cancelled);
        QVERIFY(!runner.isRunning());
        runner.run({Command{QStringLiteral("sparkdeck-no-such-tool"), {}, {}}});
        runner.cancel();
        QTRY_COMPARE(finished.size(), 2);
        QVERIFY(!finished.at(1).at(0).value<StepResult>().ok);
        // After a failed start: nothing to cancel, and the runner is ready for the next command.
        runner.run({Command{QStringLiteral("sparkdeck-no-such-tool"), {}, {}}});
        QTRY_COMPARE(finished.size(), 3);
        runner.cancel();
        QVERIFY(!runner.isRunning());
        // While it runs, between commands of a step.
        runner.run({Command{QStringLiteral("true"), {}, {}}, Command{spawnTree(), {marker}, {}}, Command{QStringLiteral("true"), {}, {}}});
        QTRY_COMPARE(sleepers(marker), 2);
        runner.cancel();
        QTRY_COMPARE(finished.size(), 4);
        QVERIFY(finished.at(3).at(0).value<StepResult>().cancelled);
        QVERIFY(!runner.isRunning());
        // Exactly one finished() per run: the next run's is the fifth.
        runner.run({Command{QStringLiteral("true"), {}, {}}});
        QTRY_COMPARE(finished.size(), 5);
        QVERIFY(finished.at(4).at(0).value<StepResult>().ok);
        // One more run: its finished() is the sixth, after any duplicate of the fifth would have come.
        runner.run({Command{QStringLiteral("true"), {}, {}}});
        QTRY_VERIFY(finished.size() >= 6);
        QCOMPARE(finished.size(), 6);
        QTRY_VERIFY2(nothingLeft(marker), qPrintable(describeDescendants()));
    }

    void aHangingCommandTimesOut()
    {
        const QString marker = randomMarker();
        setup::StepRunner runner;
        QSignalSpy finished(&runner, &setup::StepRunner::finished);
        Command hanging{spawnTree(), {marker}, {}};
        hanging.timeoutMs = 1000;
        QElapsedTimer clock;
        clock.start();
        runner.run({hanging, Command{QStringLiteral("true"), {}, {}}});
        QTRY_COMPARE(sleepers(marker), 2);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 15000);
        QVERIFY(clock.elapsed() < 8000);
        const auto r = finished.at(0).at(0).value<StepResult>();
        QVERIFY(!r.ok);
        QVERIFY(!r.cancelled);
        QCOMPARE(r.outcome, setup::Outcome::TimedOut);
        QCOMPARE(r.exitCode, -1);
        QCOMPARE(r.failedCommand.program, spawnTree());
        QVERIFY2(r.output.contains(QStringLiteral("did not finish within 1 s and was stopped")), qPrintable(r.output));
        QCOMPARE(r.explanation.title, spawnTree() + QStringLiteral(" does not answer"));
        QVERIFY(r.explanation.why.contains(QStringLiteral("after 1 s")));
        QTRY_VERIFY2(nothingLeft(marker), qPrintable(describeDescendants()));

        // One that ignores TERM (so do its children) is killed 3 s later.
        clock.restart();
        Command stubborn{QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("trap '' TERM; sleep %1; echo too late").arg(marker)}, {}};
        stubborn.timeoutMs = 500;
        runner.run({stubborn});
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 15000);
        QVERIFY(clock.elapsed() >= 3000);
        QCOMPARE(finished.at(1).at(0).value<StepResult>().outcome, setup::Outcome::TimedOut);
        QVERIFY(!finished.at(1).at(0).value<StepResult>().output.split(QLatin1Char('\n')).contains(QStringLiteral("too late")));
        QTRY_VERIFY2(nothingLeft(marker), qPrintable(describeDescendants()));

        // Docker that does not answer (a stuck daemon) is explained as such.
        Command docker{QStringLiteral("docker"), {QStringLiteral("version")}, {}};
        docker.timeoutMs = setup::kPrerequisiteTimeoutMs;
        const setup::Explanation e = setup::explainTimeout(docker);
        QCOMPARE(e.title, QStringLiteral("Docker does not answer"));
        QVERIFY(e.why.contains(QStringLiteral("after 20 s")));
        QVERIFY(e.fix.contains(QStringLiteral("Re-check")));
        for (const Command& check : setup::commandsFor(StepId::Prerequisites, SetupOptions{}))
            QCOMPARE(check.timeoutMs, setup::kPrerequisiteTimeoutMs);
    }

    void destroyingTheRunnerEndsItsCommand()
    {
        const QString marker = randomMarker();
        auto* runner = new setup::CommandRunner;
        runner->start(Command{spawnTree(), {marker}, {}});
        QTRY_COMPARE(sleepers(marker), 2);
        delete runner;
        QTRY_VERIFY2(nothingLeft(marker), qPrintable(describeDescendants()));
    }

    void dockerImagesAreParsed()
    {
        const QByteArray output = R"({"Containers":"N/A","Repository":"spark","Size":"1.2GB","Tag":"3.5.3"}
{"Repository":"kindest/node","Size":"1GB","Tag":"v1.34.0"}
not json
{"Repository":"registry.example.com/data/astronauts","Size":"12MB","Tag":"1.0"}
)";
        const QList<setup::LocalImage> images = setup::parseDockerImages(output);
        QCOMPARE(images.size(), 2);
        QCOMPARE(images[0].reference, QStringLiteral("spark:3.5.3"));
        QCOMPARE(images[0].size, QStringLiteral("1.2GB"));
        QVERIFY(images[0].suggested);
        QCOMPARE(images[1].reference, QStringLiteral("registry.example.com/data/astronauts:1.0"));
        QVERIFY(!images[1].suggested);
        QVERIFY(setup::parseDockerImages({}).isEmpty());
    }

    void kindClustersAreRead()
    {
        QVERIFY(setup::clusterListed("kind\nspark\n", QStringLiteral("spark")));
        QVERIFY(!setup::clusterListed("kind\nspark-2\n", QStringLiteral("spark")));
        QVERIFY(!setup::clusterListed("No kind clusters found.\n", QStringLiteral("spark")));
        QVERIFY(!setup::clusterListed("\n", QString()));
    }

    void prerequisiteResultsAreDescribed()
    {
        const Command kind{QStringLiteral("kind"), {QStringLiteral("version")}, {}};
        StepResult found;
        found.ok = true;
        found.output = QStringLiteral("$ kind version\nkind v0.30.0 go1.24 linux/amd64\n");
        setup::PrerequisiteStatus s = setup::describePrerequisite(kind, found);
        QVERIFY(s.ok);
        QCOMPARE(s.status, QStringLiteral("✓ found"));
        QCOMPARE(s.detail, QStringLiteral("kind v0.30.0 go1.24 linux/amd64"));
        StepResult missing;
        missing.outcome = setup::Outcome::NotStarted;
        missing.exitCode = -1;
        s = setup::describePrerequisite(kind, missing);
        QVERIFY(!s.ok);
        QCOMPARE(s.status, QStringLiteral("✗ missing"));
        QCOMPARE(s.detail, setup::installHint(QStringLiteral("kind")));
        StepResult failed;
        failed.outcome = setup::Outcome::Failed;
        failed.exitCode = 2;
        failed.output = QStringLiteral("$ kind version\nboom\nmore\n");
        s = setup::describePrerequisite(kind, failed);
        QCOMPARE(s.status, QStringLiteral("✗ failed (exit code 2)"));
        QCOMPARE(s.detail, QStringLiteral("boom"));
        QCOMPARE(s.toolTip, QStringLiteral("boom\nmore"));
    }

    void stepVariantsAndSmokeTest()
    {
        SetupOptions o;
        QCOMPARE(setup::clusterStepCommands(o, true, true, QString()).first().display(), QStringLiteral("kind get kubeconfig --name spark"));
        const QList<Command> recreate = setup::clusterStepCommands(o, true, false, QStringLiteral("/tmp/k.yaml"));
        QCOMPARE(recreate.size(), 2);
        QCOMPARE(recreate[0].display(), QStringLiteral("kind delete cluster --name spark"));
        QCOMPARE(setup::clusterStepCommands(o, false, true, QStringLiteral("/tmp/k.yaml")).size(), 1);
        QCOMPARE(setup::operatorStepCommands(o, true, true).first().display(), setup::probesFor(StepId::Operator, o).first().display());
        QCOMPARE(setup::operatorStepCommands(o, true, false).size(), setup::commandsFor(StepId::Operator, o).size());

        QCOMPARE(setup::smokeTestName(1'700'012'345), QStringLiteral("sparkdeck-smoke-12345"));
        o.jobNamespaces = {QStringLiteral("jobs"), QStringLiteral("default")};
        qputenv("SPARKDECK_KUBECTL", "/opt/kube/kubectl");
        const QList<Command> smoke = setup::smokeTestCommands(o, QStringLiteral("sparkdeck-smoke-1"), "kind: SparkApplication\n");
        qunsetenv("SPARKDECK_KUBECTL");
        QCOMPARE(smoke.size(), 3);
        for (const Command& c : smoke)
            QCOMPARE(c.program, QStringLiteral("/opt/kube/kubectl")); // the override
        QCOMPARE(smoke[0].input, QByteArray("kind: SparkApplication\n"));
        QCOMPARE(smoke[0].arguments, (QStringList{QStringLiteral("--context"), QStringLiteral("kind-spark"), QStringLiteral("-n"),
                                                  QStringLiteral("jobs"), QStringLiteral("create"), QStringLiteral("--filename=-")}));
        QVERIFY(smoke[1].arguments.contains(QStringLiteral("sparkapplication/sparkdeck-smoke-1")));
        QVERIFY(smoke[2].arguments.contains(QStringLiteral("sparkdeck-smoke-1-driver")));
        QCOMPARE(smoke[1].display(), QStringLiteral("/opt/kube/kubectl --context kind-spark -n jobs wait "
                                                    "'--for=jsonpath={.status.applicationState.state}=COMPLETED' "
                                                    "sparkapplication/sparkdeck-smoke-1 --timeout=300s"));
    }

    void sessionProbes()
    {
        // kind, helm and docker stand-ins first on PATH.
        QTemporaryDir bin;
        QVERIFY(bin.isValid());
        const QMap<QString, QByteArray> tools{
            {QStringLiteral("kind"), "#!/bin/sh\nprintf 'other\\nspark\\n'\n"},
            {QStringLiteral("helm"), "#!/bin/sh\necho 'Error: release: not found' >&2\nexit 1\n"},
            {QStringLiteral("docker"), "#!/bin/sh\necho '{\"Repository\":\"spark\",\"Tag\":\"4.0.2\",\"Size\":\"1GB\"}'\n"}};
        for (auto it = tools.cbegin(); it != tools.cend(); ++it) {
            QFile f(bin.filePath(it.key()));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(it.value());
            f.close();
            f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
        }
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", bin.path().toUtf8() + ':' + path);
        setup::SetupSession session;
        QSignalSpy cluster(&session, &setup::SetupSession::clusterProbed);
        QSignalSpy release(&session, &setup::SetupSession::releaseProbed);
        QSignalSpy images(&session, &setup::SetupSession::imagesListed);
        SetupOptions o;
        session.probeCluster(o);
        session.probeRelease(o);
        session.listImages(o);
        QTRY_COMPARE(cluster.size(), 1);
        QTRY_COMPARE(release.size(), 1);
        QTRY_COMPARE(images.size(), 1);
        QCOMPARE(cluster.at(0).at(0).toString(), QStringLiteral("spark"));
        QVERIFY(cluster.at(0).at(1).toBool());
        QVERIFY(!release.at(0).at(1).toBool());
        QCOMPARE(images.at(0).at(0).value<QList<setup::LocalImage>>().first().reference, QStringLiteral("spark:4.0.2"));
        o.clusterName = QStringLiteral("absent");
        session.probeCluster(o);
        QTRY_COMPARE(cluster.size(), 2);
        QVERIFY(!cluster.at(1).at(1).toBool());
        // The Kind config is written to a file of the session's own, removed with the session.
        QString file;
        {
            setup::SetupSession other;
            file = other.writeKindConfig(o);
            QFile written(file);
            QVERIFY(written.open(QIODevice::ReadOnly));
            QCOMPARE(QString::fromUtf8(written.readAll()), setup::kindConfig(o));
        }
        QVERIFY(!QFile::exists(file));
        qputenv("PATH", path);
    }

    void sessionChecksPrerequisitesOneByOne()
    {
        setup::SetupSession session;
        QSignalSpy checked(&session, &setup::SetupSession::prerequisiteChecked);
        QSignalSpy done(&session, &setup::SetupSession::prerequisitesFinished);
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", "/sparkdeck-nowhere");
        session.checkPrerequisites(SetupOptions{}, 5000);
        QVERIFY(session.isCheckingPrerequisites());
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 20000);
        qputenv("PATH", path);
        QCOMPARE(checked.size(), 4);
        QCOMPARE(done.at(0).at(0).toStringList(), setup::SetupSession::prerequisiteTools());
        QVERIFY(!done.at(0).at(1).toBool());
        QCOMPARE(checked.at(0).at(2).value<setup::PrerequisiteStatus>().status, QStringLiteral("✗ missing"));
        QVERIFY(!session.isCheckingPrerequisites());
    }

    void startingAgainDoesNotWaitForAStubbornCommand()
    {
        // A command that ignores TERM (so does its child) is replaced: start() returns at once, the
        // old one is killed in the background after the grace period, and the new one reports.
        const QString marker = randomMarker();
        setup::CommandRunner runner;
        QSignalSpy finished(&runner, &setup::CommandRunner::finished);
        runner.start(Command{QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("trap '' TERM; sleep %1; echo too late").arg(marker)}, {}});
        QTRY_COMPARE(sleepers(marker), 1);
        QElapsedTimer clock;
        clock.start();
        runner.start(Command{QStringLiteral("printf"), {QStringLiteral("next\\n")}, {}});
        QVERIFY2(clock.elapsed() < 100, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(sleepers(marker), 1); // not waited for
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toInt(), 0);
        QCOMPARE(runner.output(), QStringLiteral("next\n"));
        QTRY_VERIFY_WITH_TIMEOUT(nothingLeft(marker), 10000);
    }

    void cancelAndDestroyDoNotWait()
    {
        const QString marker = randomMarker();
        auto* runner = new setup::CommandRunner;
        QSignalSpy finished(runner, &setup::CommandRunner::finished);
        const Command stubborn{QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("trap '' TERM; sleep %1").arg(marker)}, {}};
        // Cancel right after the start, and while it runs: both return at once.
        QElapsedTimer clock;
        clock.start();
        runner->start(stubborn);
        runner->cancel();
        QVERIFY2(clock.elapsed() < 100, qPrintable(QString::number(clock.elapsed())));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QVERIFY(finished.at(0).at(1).toBool());
        QTRY_VERIFY_WITH_TIMEOUT(nothingLeft(marker), 10000);
        runner->start(stubborn);
        QTRY_COMPARE(sleepers(marker), 1);
        clock.restart();
        runner->cancel();
        QVERIFY2(clock.elapsed() < 100, qPrintable(QString::number(clock.elapsed())));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 10000);
        QVERIFY(finished.at(1).at(1).toBool());
        QTRY_VERIFY_WITH_TIMEOUT(nothingLeft(marker), 10000);
        // Destroyed while it runs: the destructor returns at once, the command still ends.
        runner->start(stubborn);
        QTRY_COMPARE(sleepers(marker), 1);
        clock.restart();
        delete runner;
        QVERIFY2(clock.elapsed() < 100, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(sleepers(marker), 1);
        QTRY_VERIFY_WITH_TIMEOUT(nothingLeft(marker), 10000);
    }

    void nothingOutlivesAFinishedCommand()
    {
        // A command that leaves a background child behind when it exits: the step ends it.
        const QString marker = randomMarker();
        setup::CommandRunner runner;
        QSignalSpy finished(&runner, &setup::CommandRunner::finished);
        runner.start(Command{QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("sleep %1 & echo started").arg(marker)}, {}});
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toInt(), 0);
        QTRY_VERIFY2(nothingLeft(marker), qPrintable(describeDescendants()));
    }
};

QTEST_GUILESS_MAIN(TestSetupPlan)
#include "tst_setupplan.moc"
