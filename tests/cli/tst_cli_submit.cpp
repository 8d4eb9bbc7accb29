// `sparkdeck submit`, `logs` and `ui` against the stand-in control plane (fixture `cluster`): the
// real binary, run headless with argument lists; kubectl says what the cluster really holds.
//
// submit: a valid file is created (kubectl sees it), --dry-run creates nothing, an unknown field is
// refused with the server's strict-validation message and creates nothing (also when only one of
// several documents is bad), a YAML error names FILE:LINE:COL (exit 2), standard input works;
// --wait prints SUBMITTED → RUNNING → COMPLETED in order (exit 0), a failing job exits 1 with the
// operator's error and the driver log's first exception, --logs puts the pure driver log on
// stdout, a namespace no operator watches gets the hint and --timeout ends it (exit 1), Ctrl-C
// exits 130 and the job keeps running, a dropped connection is ridden out and a cluster gone for
// --request-timeout ends the wait with exit 3 (a TCP relay in the test cuts it off). logs: the
// driver's log equals kubectl's (whole, --tail, --timestamps, --since, an executor's), --previous
// without an earlier run and a missing app → exit 1, -f follows to the end. ui: the stand-in kubectl port-forward's address is printed (--port, --open
// with $BROWSER), Ctrl-C ends kubectl before sparkdeck exits; a finished app → exit 1.

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <csignal>
#include <memory>

#include "tests/support/cli.h"
#include "tests/support/clusterpaths.h"
#include "tests/support/sparkapps.h"


/// A TCP relay in front of the API server (TLS passes through untouched), so a test can cut the
/// cluster off: dropAll() resets every connection, close() also stops accepting new ones.
class Relay : public QObject {
public:
    explicit Relay(quint16 upstreamPort)
        : m_upstream(upstreamPort)
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* client = m_server.nextPendingConnection()) {
                auto* upstream = new QTcpSocket(client);
                upstream->connectToHost(QHostAddress::LocalHost, m_upstream);
                connect(client, &QTcpSocket::readyRead, upstream, [client, upstream] { upstream->write(client->readAll()); });
                connect(upstream, &QTcpSocket::readyRead, client, [client, upstream] { client->write(upstream->readAll()); });
                connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
                connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
                m_clients << client;
            }
        });
    }
    quint16 port() const { return m_server.serverPort(); }
    void dropAll()
    {
        for (const QPointer<QTcpSocket>& c : std::as_const(m_clients))
            if (c)
                c->abort();
        m_clients.clear();
    }
    void close()
    {
        m_server.close();
        dropAll();
    }

private:
    QTcpServer m_server;
    quint16 m_upstream;
    QList<QPointer<QTcpSocket>> m_clients;
};

class TestCliSubmit : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_fixture = readClusterFixture();
        QVERIFY2(!m_fixture.kubeconfig.isEmpty(), qPrintable(m_fixture.error));
        QVERIFY(m_dir.isValid());
        m_prefix = QStringLiteral("cs") + QString::number(QRandomGenerator::global()->generate() % 0xFFFF, 16) + QLatin1Char('-');
    }

    void cleanupTestCase()
    {
        for (const auto& [ns, name] : std::as_const(m_created))
            runKubectl(m_fixture, {QStringLiteral("delete"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"), ns,
                                   QStringLiteral("--ignore-not-found"), QStringLiteral("--wait=false")},
                       Exit::MayFail);
    }

    // ---- submit

    void submitCreatesTheApplication()
    {
        const QString name = newName(QStringLiteral("created"));
        const QString file = writeFile(name + QStringLiteral(".yaml"), sparkPiManifest(QStringLiteral("default"), name));
        const CliResult r = cli({QStringLiteral("submit"), file});
        QVERIFY2(r.exitCode == 0, describe(r));
        QCOMPARE(r.out, QStringLiteral("sparkapplication.sparkoperator.k8s.io/%1 created\n").arg(name));
        QCOMPARE(kubectlGet(QStringLiteral("default"), name, QStringLiteral("{.metadata.name}")), name);
    }

    void submitDefaultsTheNamespace()
    {
        // No metadata.namespace: -n decides; kubectl finds it there.
        const QString name = newName(QStringLiteral("nsless"));
        QByteArray manifest = sparkPiManifest(QStringLiteral("default"), name);
        manifest.replace("  namespace: default\n", "");
        runKubectl(m_fixture, {QStringLiteral("create"), QStringLiteral("namespace"), QStringLiteral("cli-submit-other")}, Exit::MayFail);
        const CliResult r = cli({QStringLiteral("submit"), writeFile(name + QStringLiteral(".yaml"), manifest), QStringLiteral("-n"),
                                 QStringLiteral("cli-submit-other")});
        QVERIFY2(r.exitCode == 0, describe(r));
        m_created << qMakePair(QStringLiteral("cli-submit-other"), name);
        QCOMPARE(kubectlGet(QStringLiteral("cli-submit-other"), name, QStringLiteral("{.metadata.namespace}")), QStringLiteral("cli-submit-other"));
        // A document naming another namespace than -n is refused before anything is sent.
        const QString other = newName(QStringLiteral("nsclash"));
        const CliResult clash = cli({QStringLiteral("submit"), writeFile(other + QStringLiteral(".yaml"), sparkPiManifest(QStringLiteral("default"), other)),
                                     QStringLiteral("-n"), QStringLiteral("cli-submit-other")});
        QVERIFY2(clash.exitCode == 2, describe(clash));
        QVERIFY2(clash.err.contains(QStringLiteral("does not match the namespace")), describe(clash));
        QVERIFY(!exists(QStringLiteral("default"), other));
    }

    void dryRunCreatesNothing()
    {
        const QString name = newName(QStringLiteral("dry"));
        const CliResult r = cli({QStringLiteral("submit"), QStringLiteral("--dry-run"),
                                 writeFile(name + QStringLiteral(".yaml"), sparkPiManifest(QStringLiteral("default"), name))});
        QVERIFY2(r.exitCode == 0, describe(r));
        QCOMPARE(r.out, QStringLiteral("sparkapplication.sparkoperator.k8s.io/%1 created (server dry run)\n").arg(name));
        QVERIFY(!exists(QStringLiteral("default"), name));
    }

    void unknownFieldIsRefusedAndNothingCreated()
    {
        const QString name = newName(QStringLiteral("strict"));
        QByteArray manifest = sparkPiManifest(QStringLiteral("default"), name);
        manifest.replace("  mode: cluster\n", "  mode: cluster\n  noSuchField: 3\n");
        const QString file = writeFile(name + QStringLiteral(".yaml"), manifest);
        const CliResult r = cli({QStringLiteral("submit"), file});
        QVERIFY2(r.exitCode == 1, describe(r));
        QVERIFY2(r.err.startsWith(QStringLiteral("Error from server (BadRequest): error when creating \"%1\": ").arg(file)), describe(r));
        QVERIFY2(r.err.contains(QStringLiteral("unknown field \"spec.noSuchField\"")), describe(r));
        QVERIFY2(!r.out.contains(QStringLiteral("created")), describe(r));
        QVERIFY(!exists(QStringLiteral("default"), name));
    }

    void oneBadDocumentOfSeveralCreatesNone()
    {
        const QString good = newName(QStringLiteral("good"));
        const QString bad = newName(QStringLiteral("bad"));
        QByteArray badManifest = sparkPiManifest(QStringLiteral("default"), bad);
        badManifest.replace("  mode: cluster\n", "  mode: cluster\n  noSuchField: 3\n");
        const QString file = writeFile(good + QStringLiteral("-two.yaml"), sparkPiManifest(QStringLiteral("default"), good) + "---\n" + badManifest);
        const CliResult r = cli({QStringLiteral("submit"), file});
        QVERIFY2(r.exitCode == 1, describe(r));
        QVERIFY2(r.err.contains(QStringLiteral("(SparkApplication %1)").arg(bad)), describe(r));
        QVERIFY2(r.err.contains(QStringLiteral("Nothing was created")), describe(r));
        QVERIFY(!exists(QStringLiteral("default"), good));
        QVERIFY(!exists(QStringLiteral("default"), bad));
    }

    void yamlErrorNamesFileLineAndColumn()
    {
        // The second document's flow list is never closed: reported where it opens, line 12 of
        // the file (the first document has 1 + 5 lines... counted from the text itself below).
        const QString name = newName(QStringLiteral("syntax"));
        const QByteArray first = sparkPiManifest(QStringLiteral("default"), name);
        const QByteArray second = "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: x\nspec:\n  arguments: [\"1\", \"2\"\n  type: Scala\n";
        const QString file = writeFile(name + QStringLiteral(".yaml"), first + "---\n" + second);
        const int line = int(first.count('\n')) + 1 /* --- */ + 6;
        const CliResult r = cli({QStringLiteral("submit"), file});
        QVERIFY2(r.exitCode == 2, describe(r));
        QVERIFY2(r.err.startsWith(QStringLiteral("error: %1:%2:14: ").arg(file).arg(line)), describe(r));
        QVERIFY(!exists(QStringLiteral("default"), name));
    }

    void missingNameIsAUsageError()
    {
        QByteArray manifest = sparkPiManifest(QStringLiteral("default"), QStringLiteral("x"));
        manifest.replace("  name: x\n", "");
        const CliResult r = cli({QStringLiteral("submit"), writeFile(QStringLiteral("noname.yaml"), manifest)});
        QVERIFY2(r.exitCode == 2, describe(r));
        QVERIFY2(r.err.contains(QStringLiteral("noname.yaml:1: the SparkApplication has no metadata.name")), describe(r));
    }

    void generateNameGetsTheServersName()
    {
        QByteArray manifest = sparkPiManifest(QStringLiteral("default"), QStringLiteral("x"));
        manifest.replace("  name: x\n", QStringLiteral("  generateName: %1gen-\n").arg(m_prefix).toUtf8());
        const CliResult r = cli({QStringLiteral("submit"), QStringLiteral("-")}, manifest);
        QVERIFY2(r.exitCode == 0, describe(r));
        const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("^sparkapplication.sparkoperator.k8s.io/(%1gen-\\w+) created\n$").arg(m_prefix)).match(r.out);
        QVERIFY2(m.hasMatch(), describe(r));
        m_created << qMakePair(QStringLiteral("default"), m.captured(1));
        QVERIFY(exists(QStringLiteral("default"), m.captured(1)));
    }

    void submitFromStandardInput()
    {
        const QString name = newName(QStringLiteral("stdin"));
        const CliResult r = cli({QStringLiteral("submit"), QStringLiteral("-")}, sparkPiManifest(QStringLiteral("default"), name));
        QVERIFY2(r.exitCode == 0, describe(r));
        QCOMPARE(r.out, QStringLiteral("sparkapplication.sparkoperator.k8s.io/%1 created\n").arg(name));
        QVERIFY(exists(QStringLiteral("default"), name));
    }

    void scheduledApplicationsAreSubmittedButNotWaitedFor()
    {
        const QString name = newName(QStringLiteral("nightly"));
        m_created << qMakePair(QStringLiteral("default"), name);
        const QByteArray app = sparkPiManifest(QStringLiteral("default"), name);
        QByteArray scheduled = "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: ScheduledSparkApplication\n";
        scheduled += app.mid(app.indexOf("metadata:"), app.indexOf("spec:") - app.indexOf("metadata:"));
        scheduled += "spec:\n  schedule: \"@daily\"\n  template:\n";
        for (const QByteArray& line : app.mid(app.indexOf("spec:") + 6).split('\n'))
            if (!line.isEmpty())
                scheduled += "  " + line + "\n";
        const QString file = writeFile(name + QStringLiteral(".yaml"), scheduled);
        const CliResult waitFor = cli({QStringLiteral("submit"), file, QStringLiteral("--wait")});
        QVERIFY2(waitFor.exitCode == 2, describe(waitFor));
        QVERIFY2(waitFor.err.contains(QStringLiteral("holds a ScheduledSparkApplication")), describe(waitFor));
        const CliResult r = cli({QStringLiteral("submit"), file});
        QVERIFY2(r.exitCode == 0, describe(r));
        QCOMPARE(r.out, QStringLiteral("scheduledsparkapplication.sparkoperator.k8s.io/%1 created\n").arg(name));
        QCOMPARE(runKubectl(m_fixture, {QStringLiteral("get"), QStringLiteral("scheduledsparkapplication"), name, QStringLiteral("-n"), QStringLiteral("default"),
                                        QStringLiteral("-o"), QStringLiteral("jsonpath={.spec.schedule}")}).out,
                 QStringLiteral("@daily"));
    }

    void badCommandLines()
    {
        const QString file = writeFile(QStringLiteral("any.yaml"), sparkPiManifest(QStringLiteral("default"), QStringLiteral("any")));
        for (const QStringList& args : {QStringList{QStringLiteral("submit"), file, QStringLiteral("--wait"), QStringLiteral("--timeout"), QStringLiteral("soon")},
                                        QStringList{QStringLiteral("submit"), file, QStringLiteral("--timeout"), QStringLiteral("5m")},
                                        QStringList{QStringLiteral("submit"), file, QStringLiteral("--wait"), QStringLiteral("--dry-run")},
                                        QStringList{QStringLiteral("submit"), m_dir.filePath(QStringLiteral("missing.yaml"))},
                                        QStringList{QStringLiteral("submit")},
                                        QStringList{QStringLiteral("logs"), QStringLiteral("x"), QStringLiteral("--tail"), QStringLiteral("many")},
                                        QStringList{QStringLiteral("logs"), QStringLiteral("x"), QStringLiteral("--since"), QStringLiteral("yesterday")},
                                        QStringList{QStringLiteral("ui"), QStringLiteral("x"), QStringLiteral("--port"), QStringLiteral("99999")}}) {
            const CliResult r = cli(args);
            QVERIFY2(r.exitCode == 2, qPrintable(args.join(QLatin1Char(' ')) + QLatin1Char('\n') + QString::fromUtf8(describe(r))));
            QVERIFY2(r.err.startsWith(QStringLiteral("error: ")), describe(r));
        }
        QVERIFY(!exists(QStringLiteral("default"), QStringLiteral("any")));
    }

    void noClusterExits3()
    {
        const QString file = writeFile(QStringLiteral("nocluster.yaml"), sparkPiManifest(QStringLiteral("default"), newName(QStringLiteral("nocluster"))));
        const CliResult none = runCli({QStringLiteral("submit"), file, QStringLiteral("--kubeconfig"), m_dir.filePath(QStringLiteral("nothing"))});
        QVERIFY2(none.exitCode == 3, describe(none));
        // The fixture's kubeconfig with a server where nothing listens.
        QFile in(m_fixture.kubeconfig);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QString text = QString::fromUtf8(in.readAll());
        text.replace(QRegularExpression(QStringLiteral("server: https://127.0.0.1:\\d+")), QStringLiteral("server: https://127.0.0.1:1"));
        const QString dead = writeFile(QStringLiteral("dead.kubeconfig"), text.toUtf8());
        for (const QStringList& args : {QStringList{QStringLiteral("submit"), file}, QStringList{QStringLiteral("logs"), QStringLiteral("x")},
                                        QStringList{QStringLiteral("ui"), QStringLiteral("x")}}) {
            const CliResult r = runCli(args + QStringList{QStringLiteral("--kubeconfig"), dead});
            QVERIFY2(r.exitCode == 3, describe(r));
            QVERIFY2(r.err.contains(QStringLiteral("cannot reach the API server")), describe(r));
        }
    }

    // ---- submit --wait

    void waitFollowsToCompleted()
    {
        const QString name = newName(QStringLiteral("wait"));
        SparkPiOptions o;
        o.executors = 2;
        const CliResult r = cli({QStringLiteral("submit"), writeFile(name + QStringLiteral(".yaml"), sparkPiManifest(QStringLiteral("default"), name, o)),
                                 QStringLiteral("--wait")});
        QVERIFY2(r.exitCode == 0, describe(r));
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.value(0), QStringLiteral("sparkapplication.sparkoperator.k8s.io/%1 created").arg(name));
        const QRegularExpression progress(QStringLiteral("^\\d\\d:\\d\\d:\\d\\d  %1  (?:(\\w+) → )?(\\w+)(  driver %1-driver)?(  executors \\d/\\d running)?$").arg(name));
        QStringList states;
        for (const QString& line : lines.mid(1)) {
            const auto m = progress.match(line);
            QVERIFY2(m.hasMatch(), qPrintable(line));
            if (!m.captured(1).isEmpty())
                QCOMPARE(m.captured(1), states.value(states.size() - 1)); // "A → B" names the state before
            if (states.isEmpty() || states.last() != m.captured(2))
                states << m.captured(2);
        }
        const qsizetype submitted = states.indexOf(QStringLiteral("SUBMITTED"));
        const qsizetype running = states.indexOf(QStringLiteral("RUNNING"));
        QVERIFY2(submitted >= 0 && running > submitted && states.last() == QStringLiteral("COMPLETED"), qPrintable(states.join(QStringLiteral(" → "))));
        QVERIFY2(r.out.contains(QStringLiteral("executors 2/2 running")), describe(r));
        QCOMPARE(kubectlGet(QStringLiteral("default"), name, QStringLiteral("{.status.applicationState.state}")), QStringLiteral("COMPLETED"));
    }

    void waitOnAFailingJobExits1WithTheError()
    {
        const QString name = newName(QStringLiteral("fails"));
        SparkPiOptions o;
        o.failing = true;
        const CliResult r = cli({QStringLiteral("submit"), writeFile(name + QStringLiteral(".yaml"), sparkPiManifest(QStringLiteral("default"), name, o)),
                                 QStringLiteral("--wait")});
        QVERIFY2(r.exitCode == 1, describe(r));
        QVERIFY2(r.out.contains(QStringLiteral("→ FAILED")), describe(r));
        const QString operatorError = kubectlGet(QStringLiteral("default"), name, QStringLiteral("{.status.applicationState.errorMessage}"));
        QVERIFY(!operatorError.isEmpty());
        QVERIFY2(r.err.contains(QStringLiteral("error: %1 FAILED: %2").arg(name, operatorError)), describe(r));
        QVERIFY2(r.err.contains(QStringLiteral("first exception in the log of %1-driver: ").arg(name)), describe(r));
        QVERIFY2(r.err.contains(QStringLiteral("simulated task failure")), describe(r));
    }

    void waitWithLogsPutsThePureLogOnStdout()
    {
        const QString name = newName(QStringLiteral("logs"));
        const CliResult r = cli({QStringLiteral("submit"), writeFile(name + QStringLiteral(".yaml"), sparkPiManifest(QStringLiteral("default"), name)),
                                 QStringLiteral("--logs")});
        QVERIFY2(r.exitCode == 0, describe(r));
        // stdout: the created line, then the driver's log exactly as kubectl reads it.
        const QString created = QStringLiteral("sparkapplication.sparkoperator.k8s.io/%1 created\n").arg(name);
        QVERIFY2(r.out.startsWith(created), describe(r));
        const ProcessResult kubectlLog = runKubectl(m_fixture, {QStringLiteral("logs"), name + QStringLiteral("-driver"), QStringLiteral("-n"), QStringLiteral("default")});
        QVERIFY(kubectlLog.out.contains(QStringLiteral("Pi is roughly")));
        QCOMPARE(r.out.mid(created.size()), kubectlLog.out);
        QVERIFY2(r.err.contains(QStringLiteral("  %1  RUNNING → ").arg(name)) && r.err.contains(QStringLiteral("COMPLETED")), describe(r));
    }

    void waitInANamespaceNobodyWatches()
    {
        // The stand-in operator handles SPARKDECK_JOB_NAMESPACES (default: "default") only.
        const QString ns = QStringLiteral("cli-submit-unwatched");
        runKubectl(m_fixture, {QStringLiteral("create"), QStringLiteral("namespace"), ns}, Exit::MayFail);
        const QString name = newName(QStringLiteral("ignored"));
        m_created << qMakePair(ns, name);
        const CliResult r = cli({QStringLiteral("submit"), writeFile(name + QStringLiteral(".yaml"), sparkPiManifest(ns, name)), QStringLiteral("--wait"),
                                 QStringLiteral("--timeout"), QStringLiteral("40s")},
                                {}, 120'000);
        QVERIFY2(r.exitCode == 1, describe(r));
        QCOMPARE(r.err.count(QStringLiteral("no Spark Operator seems to watch namespace %1: ").arg(ns)), 1);
        QVERIFY2(r.err.contains(QStringLiteral("error: timed out waiting for %1 after ").arg(name)), describe(r));
        QVERIFY2(r.err.contains(QStringLiteral("logs %1 -f -n %2").arg(name, ns)), describe(r));
        QVERIFY(exists(ns, name)); // still there: the timeout stops waiting, not the job
    }

    void ctrlCStopsWaitingAndTheJobRunsOn()
    {
        const QString name = newName(QStringLiteral("interrupted"));
        SparkPiOptions o;
        o.runSeconds = 120;
        auto p = startCli({QStringLiteral("submit"), writeFile(name + QStringLiteral(".yaml"), sparkPiManifest(QStringLiteral("default"), name, o)),
                           QStringLiteral("--wait")});
        QString out;
        QVERIFY(pollEvery(100, 60'000, [&] {
            out += QString::fromUtf8(p->readAllStandardOutput());
            return out.contains(QStringLiteral("→ RUNNING"));
        }));
        ::kill(pid_t(p->processId()), SIGINT);
        QVERIFY(p->waitForFinished(10'000));
        QCOMPARE(p->exitStatus(), QProcess::NormalExit);
        QCOMPARE(p->exitCode(), 130);
        const QString err = QString::fromUtf8(p->readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("keeps running")) && err.contains(QStringLiteral("logs %1 -f").arg(name)), qPrintable(err));
        QCOMPARE(kubectlGet(QStringLiteral("default"), name, QStringLiteral("{.status.applicationState.state}")), QStringLiteral("RUNNING"));
    }

    void waitRidesOutADropAndGivesUpOnALostCluster()
    {
        QFile in(m_fixture.kubeconfig);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QString text = QString::fromUtf8(in.readAll());
        const QRegularExpressionMatch server = QRegularExpression(QStringLiteral("server: (https://127.0.0.1:(\\d+))")).match(text);
        QVERIFY(server.hasMatch());
        Relay relay(quint16(server.captured(2).toUInt()));
        QVERIFY(relay.port() != 0);
        text.replace(server.captured(1), QStringLiteral("https://127.0.0.1:%1").arg(relay.port()));
        const QString relayed = writeFile(QStringLiteral("relayed.kubeconfig"), text.toUtf8());

        const QString name = newName(QStringLiteral("lost"));
        SparkPiOptions o;
        o.runSeconds = 120;
        auto p = startCli({QStringLiteral("submit"), writeFile(name + QStringLiteral(".yaml"), sparkPiManifest(QStringLiteral("default"), name, o)),
                           QStringLiteral("--wait"), QStringLiteral("--request-timeout"), QStringLiteral("5s"), QStringLiteral("--kubeconfig"), relayed},
                          {}, false);
        QString out;
        QString err;
        auto read = [&] {
            out += QString::fromUtf8(p->readAllStandardOutput());
            err += QString::fromUtf8(p->readAllStandardError());
        };
        QVERIFY(pollEvery(100, 60'000, [&] {
            read();
            return out.contains(QStringLiteral("→ RUNNING"));
        }));
        // A drop: the watch reconnects by itself and the wait goes on.
        relay.dropAll();
        QVERIFY2(pollEvery(100, 30'000, [&] {
                     read();
                     return err.contains(QStringLiteral("The cluster answers again"));
                 }),
                 qPrintable(err));
        QCOMPARE(p->state(), QProcess::Running);
        // Gone for good: after --request-timeout (5 s) of failures it gives up with exit 3.
        relay.close();
        QVERIFY(pollEvery(100, 60'000, [&] { return p->state() == QProcess::NotRunning; }));
        read();
        QCOMPARE(p->exitCode(), 3);
        QVERIFY2(err.contains(QStringLiteral("gave up waiting for %1 after").arg(name)), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("logs %1 -f").arg(name)), qPrintable(err));
    }

    // ---- logs

    void logsOfACompletedApplication()
    {
        const QString name = completedApp();
        QVERIFY(!name.isEmpty());
        const CliResult r = cli({QStringLiteral("logs"), name});
        QVERIFY2(r.exitCode == 0, describe(r));
        QVERIFY(r.out.contains(QStringLiteral("Pi is roughly")));
        QCOMPARE(r.out, kubectlLogs({name + QStringLiteral("-driver")}));
        const CliResult since = cli({QStringLiteral("logs"), name, QStringLiteral("--since"), QStringLiteral("1h")});
        QVERIFY2(since.exitCode == 0, describe(since));
        QCOMPARE(since.out, kubectlLogs({name + QStringLiteral("-driver"), QStringLiteral("--since=1h")}));
        // No earlier run of the driver container: the kubelet refuses (kube::LogStream words it), exit 1.
        const CliResult previous = cli({QStringLiteral("logs"), name, QStringLiteral("--previous")});
        QVERIFY2(previous.exitCode == 1, describe(previous));
        QVERIFY2(previous.err.contains(QStringLiteral("there is no previous run")), describe(previous));
        QVERIFY(previous.out.isEmpty());
    }

    void logsTailAndTimestamps()
    {
        const QString name = completedApp();
        QVERIFY(!name.isEmpty());
        const CliResult tail = cli({QStringLiteral("logs"), name, QStringLiteral("--tail"), QStringLiteral("2")});
        QVERIFY2(tail.exitCode == 0, describe(tail));
        QCOMPARE(tail.out.count(QLatin1Char('\n')), 2);
        QCOMPARE(tail.out, kubectlLogs({name + QStringLiteral("-driver"), QStringLiteral("--tail"), QStringLiteral("2")}));
        const CliResult stamped = cli({QStringLiteral("logs"), name, QStringLiteral("--timestamps"), QStringLiteral("--tail"), QStringLiteral("5")});
        QVERIFY2(stamped.exitCode == 0, describe(stamped));
        QCOMPARE(stamped.out, kubectlLogs({name + QStringLiteral("-driver"), QStringLiteral("--timestamps"), QStringLiteral("--tail"), QStringLiteral("5")}));
    }

    void logsOfAnExecutor()
    {
        const QString name = completedApp();
        QVERIFY(!name.isEmpty());
        const QString pod = runKubectl(m_fixture, {QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("-n"), QStringLiteral("default"), QStringLiteral("-l"),
                                                   QStringLiteral("sparkoperator.k8s.io/app-name=%1,spark-exec-id=1").arg(name), QStringLiteral("-o"),
                                                   QStringLiteral("jsonpath={.items[0].metadata.name}")})
                                .out;
        QVERIFY(!pod.isEmpty());
        const CliResult r = cli({QStringLiteral("logs"), name, QStringLiteral("--executor"), QStringLiteral("1")});
        QVERIFY2(r.exitCode == 0, describe(r));
        QVERIFY(!r.out.isEmpty());
        QCOMPARE(r.out, kubectlLogs({pod}));
        const CliResult none = cli({QStringLiteral("logs"), name, QStringLiteral("--executor"), QStringLiteral("7")});
        QVERIFY2(none.exitCode == 1, describe(none));
        QVERIFY2(none.err.contains(QStringLiteral("has no executor 7")) && none.err.contains(QStringLiteral("executors: 1")), describe(none));
    }

    void logsFollowEndsWithThePod()
    {
        const QString name = newName(QStringLiteral("follow"));
        QVERIFY(kubectlCreate(m_fixture.kubectl, m_fixture.kubeconfig, sparkPiManifest(QStringLiteral("default"), name)).exitCode == 0);
        // Right after create there is no driver pod yet: -f waits for it, then follows it to its end.
        const CliResult r = cli({QStringLiteral("logs"), name, QStringLiteral("-f")});
        QVERIFY2(r.exitCode == 0, describe(r));
        QVERIFY2(r.out.contains(QStringLiteral("Pi is roughly")), describe(r));
        QCOMPARE(r.out, kubectlLogs({name + QStringLiteral("-driver")}));
    }

    void logsFollowEndsWhenTheApplicationIsDeleted()
    {
        const QString name = newName(QStringLiteral("deleted"));
        SparkPiOptions o;
        o.runSeconds = 300;
        QVERIFY(kubectlCreate(m_fixture.kubectl, m_fixture.kubeconfig, sparkPiManifest(QStringLiteral("default"), name, o)).exitCode == 0);
        auto p = startCli({QStringLiteral("logs"), name, QStringLiteral("-f")});
        QString out;
        QVERIFY(pollEvery(100, 60'000, [&] {
            out += QString::fromUtf8(p->readAllStandardOutput());
            return out.contains(QStringLiteral("Running Spark version"));
        }));
        runKubectl(m_fixture, {QStringLiteral("delete"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"), QStringLiteral("default")});
        QVERIFY2(p->waitForFinished(60'000), "logs -f went on after its pod was deleted");
        QCOMPARE(p->exitCode(), 0);
    }

    void logsOfAMissingApplication()
    {
        const CliResult r = cli({QStringLiteral("logs"), m_prefix + QStringLiteral("nosuchapp")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.startsWith(QStringLiteral("Error from server (NotFound): ")), describe(r));
        QVERIFY2(r.err.contains(QStringLiteral("\"%1nosuchapp\" not found").arg(m_prefix)), describe(r));
    }

    void logsWithoutADriverPodYet()
    {
        // In a namespace nobody watches no driver pod ever comes.
        const QString ns = QStringLiteral("cli-submit-unwatched");
        runKubectl(m_fixture, {QStringLiteral("create"), QStringLiteral("namespace"), ns}, Exit::MayFail);
        const QString name = newName(QStringLiteral("nodriver"));
        m_created << qMakePair(ns, name);
        QVERIFY(kubectlCreate(m_fixture.kubectl, m_fixture.kubeconfig, sparkPiManifest(ns, name)).exitCode == 0);
        const CliResult r = cli({QStringLiteral("logs"), name, QStringLiteral("-n"), ns});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("%1 has no driver pod yet (state NEW)").arg(name)), describe(r));
    }

    // ---- ui

    void uiForwardsTheSparkUi()
    {
        const QString name = newName(QStringLiteral("ui"));
        SparkPiOptions o;
        o.runSeconds = 120;
        QVERIFY(kubectlCreate(m_fixture.kubectl, m_fixture.kubeconfig, sparkPiManifest(QStringLiteral("default"), name, o)).exitCode == 0);
        QVERIFY(pollEvery(500, 60'000, [&] {
            return kubectlGet(QStringLiteral("default"), name, QStringLiteral("{.status.applicationState.state}")) == QLatin1String("RUNNING");
        }));
        for (const int port : {0, 45123}) {
            const QString record = m_dir.filePath(QStringLiteral("portforward-%1").arg(port));
            QStringList args{QStringLiteral("ui"), name};
            if (port)
                args << QStringLiteral("--port") << QString::number(port) << QStringLiteral("--open");
            // A "browser" that records the address it was given.
            const QString browser = writeFile(QStringLiteral("browser"), QStringLiteral("#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$0.out\"\n").toUtf8());
            QFile::setPermissions(browser, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
            QFile::remove(browser + QStringLiteral(".out"));
            auto p = startCli(args, {{QStringLiteral("SPARKDECK_KUBECTL"), qEnvironmentVariable("SPARKDECK_SOURCE_DIR") + QStringLiteral("/tests/integration/kubectl-portforward-standin")},
                                     {QStringLiteral("SPARKDECK_STANDIN_RECORD"), record},
                                     {QStringLiteral("SPARKDECK_STANDIN_PORT"), QStringLiteral("45999")},
                                     {QStringLiteral("BROWSER"), browser}});
            const QString url = QStringLiteral("http://127.0.0.1:%1").arg(port ? port : 45999);
            QString out;
            QVERIFY(pollEvery(100, 30'000, [&] {
                out += QString::fromUtf8(p->readAllStandardOutput());
                return out.contains(QLatin1Char('\n'));
            }));
            QCOMPARE(out, QStringLiteral("Spark UI of %1: %2 (Ctrl-C to stop)\n").arg(name, url));
            QFile recorded(record);
            QVERIFY(recorded.open(QIODevice::ReadOnly));
            const QStringList kubectlArgs = QString::fromUtf8(recorded.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            QVERIFY2(kubectlArgs.contains(QStringLiteral("port-forward")) && kubectlArgs.contains(QStringLiteral("svc/%1-ui-svc").arg(name))
                         && kubectlArgs.contains(port ? QStringLiteral("45123:4040") : QStringLiteral(":4040"))
                         && kubectlArgs.contains(m_fixture.kubeconfig),
                     qPrintable(kubectlArgs.join(QLatin1Char(' '))));
            if (port) {
                QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(browser + QStringLiteral(".out")), 10'000);
                QFile said(browser + QStringLiteral(".out"));
                QVERIFY(said.open(QIODevice::ReadOnly));
                QCOMPARE(QString::fromUtf8(said.readAll()), url + QLatin1Char('\n'));
            } else {
                QVERIFY(!QFile::exists(browser + QStringLiteral(".out")));
            }
            ::kill(pid_t(p->processId()), SIGINT);
            QVERIFY(p->waitForFinished(10'000));
            QCOMPARE(p->exitCode(), 0);
            // kubectl was ended with SIGTERM before sparkdeck exited
            QVERIFY(QFile::exists(record + QStringLiteral(".ended")));
            QVERIFY2(!p->readAllStandardError().contains("QProcess"), "no warning about a process left running");
        }

        // No kubectl to run: the user is told to install it, exit 1, no address printed.
        const QString missingKubectl = m_dir.filePath(QStringLiteral("no-such-dir/kubectl"));
        const CliResult noKubectl = runCli({QStringLiteral("ui"), name, QStringLiteral("--kubeconfig"), m_fixture.kubeconfig}, {},
                                           {{QStringLiteral("SPARKDECK_KUBECTL"), missingKubectl}}, 60'000);
        QCOMPARE(noKubectl.exitCode, 1);
        QVERIFY2(noKubectl.err.contains(QStringLiteral("Cannot run %1").arg(missingKubectl))
                     && noKubectl.err.contains(QStringLiteral("Install kubectl or set SPARKDECK_KUBECTL")),
                 describe(noKubectl));
        QVERIFY2(!noKubectl.out.contains(QStringLiteral("http://")), describe(noKubectl));
    }

    void uiOfAFinishedApplication()
    {
        const QString name = completedApp();
        QVERIFY(!name.isEmpty());
        const CliResult r = cli({QStringLiteral("ui"), name});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("%1 has ended (COMPLETED)").arg(name)), describe(r));
        QVERIFY(r.out.isEmpty());
        const CliResult missing = cli({QStringLiteral("ui"), m_prefix + QStringLiteral("nosuchapp")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.startsWith(QStringLiteral("Error from server (NotFound): ")), describe(missing));
    }

private:
    CliResult cli(const QStringList& args, const QByteArray& input = {}, int timeoutMs = 120'000)
    {
        return runCli(args + QStringList{QStringLiteral("--kubeconfig"), m_fixture.kubeconfig}, input, {}, timeoutMs);
    }

    /// Starts the command line (with the fixture's kubeconfig unless `fixtureKubeconfig` is false;
    /// no display) and returns it running.
    std::unique_ptr<QProcess> startCli(const QStringList& args, const QList<QPair<QString, QString>>& env = {}, bool fixtureKubeconfig = true)
    {
        auto p = std::make_unique<QProcess>();
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        for (const char* v : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            e.remove(QString::fromLatin1(v));
        for (const auto& [k, v] : env)
            e.insert(k, v);
        p->setProcessEnvironment(e);
        p->start(cliProgram(), fixtureKubeconfig ? args + QStringList{QStringLiteral("--kubeconfig"), m_fixture.kubeconfig} : args);
        p->closeWriteChannel();
        if (!p->waitForStarted(10'000))
            qWarning("did not start: %s", qPrintable(p->errorString()));
        return p;
    }

    QString newName(const QString& what)
    {
        const QString name = m_prefix + what;
        m_created << qMakePair(QStringLiteral("default"), name);
        return name;
    }

    QString writeFile(const QString& name, const QByteArray& content)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(content);
        return path;
    }

    QString kubectlGet(const QString& ns, const QString& name, const QString& jsonpath)
    {
        return runKubectl(m_fixture, {QStringLiteral("get"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"), ns, QStringLiteral("-o"),
                                      QStringLiteral("jsonpath=") + jsonpath},
                          Exit::MayFail)
            .out;
    }

    bool exists(const QString& ns, const QString& name)
    {
        return runKubectl(m_fixture, {QStringLiteral("get"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"), ns}, Exit::MayFail).exitCode == 0;
    }

    QString kubectlLogs(const QStringList& args)
    {
        return runKubectl(m_fixture, QStringList{QStringLiteral("logs"), QStringLiteral("-n"), QStringLiteral("default")} + args).out;
    }

    /// A SparkPi with 2 executors that has COMPLETED (created once with kubectl, shared).
    QString completedApp()
    {
        if (!m_completed.isEmpty())
            return m_completed;
        const QString name = newName(QStringLiteral("done"));
        SparkPiOptions o;
        o.executors = 2;
        if (kubectlCreate(m_fixture.kubectl, m_fixture.kubeconfig, sparkPiManifest(QStringLiteral("default"), name, o)).exitCode != 0)
            return {};
        if (!pollEvery(500, 90'000, [&] {
                return kubectlGet(QStringLiteral("default"), name, QStringLiteral("{.status.applicationState.state}")) == QLatin1String("COMPLETED");
            }))
            return {};
        m_completed = name;
        return name;
    }

    ClusterFixture m_fixture;
    QTemporaryDir m_dir;
    QString m_prefix;
    QString m_completed;
    QList<QPair<QString, QString>> m_created; // namespace, name
};

QTEST_GUILESS_MAIN(TestCliSubmit)
#include "tst_cli_submit.moc"
