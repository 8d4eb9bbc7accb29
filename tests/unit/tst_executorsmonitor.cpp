// session::ExecutorsMonitor against a scripted Spark UI serving recorded Spark 4.0.2 REST answers:
// live rows and a short time series, errors as a state with a sentence (refused, HTTP error, not
// JSON, silence) and recovery, and the way through an application's Spark UI port-forward
// (kubectl stand-in) until the application ends.

#include "app/session/applicationdetails.h"
#include "app/session/executorsmonitor.h"

#include <QAbstractItemModelTester>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include "tests/support/fakesparkapp.h"

using State = session::ExecutorsMonitor::State;

class TestExecutorsMonitor : public QObject {
    Q_OBJECT
private slots:
    void readsTheExecutorsOfTheUisApplication()
    {
        FakeSparkCluster spark;
        session::ExecutorsMonitor monitor;
        QAbstractItemModelTester tester(monitor.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(monitor.interval(), 2000);
        monitor.setInterval(50);
        QSignalSpy updated(&monitor, &session::ExecutorsMonitor::updated);
        monitor.start(QUrl(spark.ui.url()));
        QCOMPARE(monitor.state(), State::Connecting);
        QTRY_COMPARE(monitor.state(), State::Live);
        QVERIFY(monitor.message().isEmpty());
        QCOMPARE(monitor.applicationId(), QStringLiteral("spark-3b6e215400dc40c99b7151a00a662950"));
        QCOMPARE(monitor.model()->rowCount(), 3);
        QCOMPARE(monitor.model()->executors().at(1).completedTasks, 9235);
        // Refreshed: more answers, one applications request only.
        QTRY_VERIFY(updated.size() >= 3);
        QVERIFY(spark.uiRequests(QStringLiteral("/executors")) >= updated.size());
        QCOMPARE(spark.ui.requests().first().path, QStringLiteral("/api/v1/applications"));
        int applicationsRequests = 0;
        for (const ScriptedServer::Request& r : spark.ui.requests())
            applicationsRequests += r.path == QLatin1String("/api/v1/applications") ? 1 : 0;
        QCOMPARE(applicationsRequests, 1);
        // The sample: memory of the active rows, active tasks of all, executors without the driver.
        const session::ExecutorsMonitor::Sample s = monitor.samples().last();
        QCOMPARE(s.memoryUsed, 3 * 2639);
        QCOMPARE(s.maxMemory, 3LL * 133378867);
        QCOMPARE(s.activeTasks, 4);
        QCOMPARE(s.executors, 2);
        QVERIFY(s.at.isValid());
        monitor.stop();
        QCOMPARE(monitor.state(), State::Idle);
        QCOMPARE(monitor.model()->rowCount(), 3); // the rows stay
        QVERIFY(!monitor.isAsking());
    }

    void keepsAShortTimeSeries()
    {
        FakeSparkCluster spark;
        session::ExecutorsMonitor monitor;
        monitor.setInterval(20);
        monitor.setMaxSamples(3);
        QSignalSpy updated(&monitor, &session::ExecutorsMonitor::updated);
        monitor.start(QUrl(spark.ui.url()));
        QTRY_VERIFY(updated.size() >= 6);
        QCOMPARE(monitor.samples().size(), 3);
        QVERIFY(monitor.samples().first().at <= monitor.samples().last().at);
        // A new start forgets the old series.
        monitor.start(QUrl(spark.ui.url()));
        QVERIFY(monitor.samples().isEmpty());
        QCOMPARE(monitor.model()->rowCount(), 0);
    }

    void aRefusedConnectionIsAnErrorSentence()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        session::ExecutorsMonitor monitor;
        monitor.setInterval(50);
        monitor.start(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        QTRY_COMPARE(monitor.state(), State::Error);
        QVERIFY2(monitor.message().contains(QStringLiteral("cannot be reached")), qPrintable(monitor.message()));
        QVERIFY2(monitor.message().contains(QStringLiteral("the driver may still be starting, or it has ended")), qPrintable(monitor.message()));
        QVERIFY(monitor.isAsking()); // it keeps asking
    }

    void anHttpErrorThenRecovery()
    {
        FakeSparkCluster spark;
        spark.uiStatus = 503;
        session::ExecutorsMonitor monitor;
        monitor.setInterval(30);
        monitor.start(QUrl(spark.ui.url()));
        QTRY_COMPARE(monitor.state(), State::Error);
        QVERIFY2(monitor.message().contains(QStringLiteral("answered HTTP 503 for /api/v1/applications")), qPrintable(monitor.message()));
        spark.uiStatus = 200;
        QTRY_COMPARE(monitor.state(), State::Live);
        QCOMPARE(monitor.model()->rowCount(), 3);
    }

    void aPageThatIsNotTheRestApi()
    {
        FakeSparkCluster spark;
        spark.applicationsJson = "<html><head><title>Spark Master</title></head></html>";
        session::ExecutorsMonitor monitor;
        monitor.setInterval(30);
        monitor.start(QUrl(spark.ui.url()));
        QTRY_COMPARE(monitor.state(), State::Error);
        QVERIFY2(monitor.message().contains(QStringLiteral("did not answer /api/v1/applications with the Spark REST API's JSON")),
                 qPrintable(monitor.message()));
        // An empty list: the driver has no application yet.
        spark.applicationsJson = "[ ]";
        QTRY_VERIFY2(monitor.message().contains(QStringLiteral("lists no application yet")), qPrintable(monitor.message()));
        QCOMPARE(monitor.state(), State::Error);
    }

    void aSilentUiTimesOut()
    {
        FakeSparkCluster spark;
        spark.uiSilent = true;
        session::ExecutorsMonitor monitor;
        QCOMPARE(monitor.timeout(), 5000);
        monitor.setTimeout(300);
        monitor.setInterval(30);
        monitor.start(QUrl(spark.ui.url()));
        QTRY_COMPARE(monitor.state(), State::Error);
        QVERIFY2(monitor.message().contains(QStringLiteral("did not answer within 0.3 s")), qPrintable(monitor.message()));
        spark.uiSilent = false;
        QTRY_COMPARE(monitor.state(), State::Live);
    }

    void throughTheDriversPortForwardUntilTheApplicationEnds()
    {
        FakeSparkCluster spark;
        // kubectl port-forward's stand-in prints "Forwarding from 127.0.0.1:<the scripted UI's port>".
        KubectlStandin kubectl(spark.ui.port(), QStringLiteral("tst_executorsmonitor"));
        FakeSparkApp app(spark);
        QVERIFY(app.waitListed());
        session::ApplicationDetails& details = *app.details;

        session::ExecutorsMonitor monitor;
        monitor.setInterval(50);
        monitor.start(&details, {QStringLiteral("/tmp/kubeconfig")}, QStringLiteral("kind-test"));
        QCOMPARE(monitor.state(), State::Connecting);
        QVERIFY2(monitor.message().contains(QStringLiteral("spark-pi-ui-svc")), qPrintable(monitor.message()));
        QTRY_COMPARE(monitor.state(), State::Live);
        QCOMPARE(details.sparkUiState(), session::ApplicationDetails::SparkUiState::Ready);
        QCOMPARE(monitor.sparkUi(), details.sparkUiUrl());
        QCOMPARE(monitor.model()->rowCount(), 3);
        const QStringList argv = kubectl.arguments();
        QVERIFY2(argv.contains(QStringLiteral("svc/spark-pi-ui-svc")) && argv.contains(QStringLiteral(":4040")), qPrintable(argv.join(u' ')));

        // The operator marks it COMPLETED: the driver and its UI are gone, the monitor stops.
        spark.setState(QStringLiteral("COMPLETED"));
        QTRY_COMPARE(monitor.state(), State::Ended);
        QVERIFY2(monitor.message().contains(QStringLiteral("The application is COMPLETED")), qPrintable(monitor.message()));
        QVERIFY2(monitor.message().contains(QStringLiteral("Executors as last seen at")), qPrintable(monitor.message()));
        QVERIFY(!monitor.isAsking());
        QCOMPARE(monitor.model()->rowCount(), 3);

        // Started on an application that has ended: Ended at once, pointing at the History Server.
        session::ExecutorsMonitor late;
        details.stopSparkUi();
        late.start(&details, {}, QStringLiteral("kind-test"));
        QCOMPARE(late.state(), State::Ended);
        QVERIFY2(late.message().contains(QStringLiteral("Open in History Server")), qPrintable(late.message()));
        QCOMPARE(details.sparkUiState(), session::ApplicationDetails::SparkUiState::Off);
    }

    void aPortForwardThatEndsIsStartedAgain()
    {
        FakeSparkCluster spark;
        KubectlStandin kubectl(spark.ui.port(), QStringLiteral("tst_executorsmonitor-ends"));
        qputenv("SPARKDECK_KUBECTL", (qEnvironmentVariable("SPARKDECK_SOURCE_DIR") + QStringLiteral("/tests/support/kubectl-portforward-ends-once")).toUtf8());
        auto removeMarker = qScopeGuard([] { QFile::remove(qEnvironmentVariable("SPARKDECK_STANDIN_RECORD") + QStringLiteral(".first")); });
        spark.uiStatus = 503; // the first forward ends before the UI answers
        FakeSparkApp app(spark);
        QVERIFY(app.waitListed());
        QStringList messages; // outlives the monitor, whose destructor reports Idle
        session::ExecutorsMonitor monitor;
        monitor.setInterval(100);
        connect(&monitor, &session::ExecutorsMonitor::stateChanged, this, [&] { messages << monitor.message(); });
        monitor.start(app.details.get(), {}, QStringLiteral("kind-test"));
        QTRY_VERIFY2(messages.filter(QStringLiteral("The Spark UI port-forward failed: ")).size() == 1, qPrintable(messages.join(u'\n')));
        QVERIFY2(messages.filter(QStringLiteral("The Spark UI port-forward failed: ")).constFirst().contains(QStringLiteral("Trying again in 0.1 s")),
                 qPrintable(messages.join(u'\n')));
        spark.uiStatus = 200;
        QTRY_COMPARE(monitor.state(), State::Live);
        QCOMPARE(monitor.model()->rowCount(), 3);
        QCOMPARE(app.details->sparkUiState(), session::ApplicationDetails::SparkUiState::Ready);
    }

    void aPortForwardThatFailsIsAnError()
    {
        FakeSparkCluster spark;
        qputenv("SPARKDECK_KUBECTL", "/nonexistent/kubectl");
        auto unset = qScopeGuard([] { qunsetenv("SPARKDECK_KUBECTL"); });
        FakeSparkApp app(spark);
        QVERIFY(app.waitListed());
        session::ExecutorsMonitor monitor;
        monitor.start(app.details.get(), {}, QStringLiteral("kind-test"));
        QTRY_COMPARE(monitor.state(), State::Error);
        QVERIFY2(monitor.message().startsWith(QStringLiteral("The Spark UI port-forward failed: ")), qPrintable(monitor.message()));
    }
};

QTEST_GUILESS_MAIN(TestExecutorsMonitor)
#include "tst_executorsmonitor.moc"
