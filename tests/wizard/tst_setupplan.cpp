// The Kind wizard's plan as data: options checks, the Kind config, the exact argument lists of
// every step, failure explanations and install hints; and the command runner: streaming, stdin
// pipes, a missing program, and cancelling a whole process tree.

#include "commandrunner.h"
#include "setupplan.h"
#include "steprunner.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using setup::Command;
using setup::SetupOptions;
using setup::StepId;

namespace {
// Processes whose command line is exactly `sleep <marker>`.
int sleepers(const QString& marker)
{
    int count = 0;
    for (const QString& pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        QFile f(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (f.open(QIODevice::ReadOnly) && f.readAll() == QByteArray("sleep\0", 6) + marker.toUtf8() + '\0')
            ++count;
    }
    return count;
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
        QTRY_COMPARE(sleepers(marker), 0); // nothing left behind
    }
};

QTEST_GUILESS_MAIN(TestSetupPlan)
#include "tst_setupplan.moc"
