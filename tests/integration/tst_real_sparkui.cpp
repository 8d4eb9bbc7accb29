// The Spark UI after and during a run, against the real-mode local control plane (tests/cluster/up
// --real, fixture cluster_real): a real SparkPi with many partitions, its driver writing a Spark
// event log to a hostPath directory. While it runs, the Executors tab of the details shows its real
// executors (Spark REST API through the driver's Spark UI port-forward) with tasks done, and the
// chart grows; when it completes the tab says so. A real Spark History Server (a pod running
// spark-class org.apache.spark.deploy.history.HistoryServer on the same hostPath, behind a Service
// labelled app.kubernetes.io/name=spark-history-server, port 18080) is discovered, port-forwarded,
// and "Open in History Server" resolves to a page that answers 200 with the application's jobs.
// With SPARKDECK_SCREENSHOT_DIR set, the window with the Executors tab is saved as executors.png.

#include "app/kube/informer.h"
#include "app/session/applicationdetails.h"
#include "app/session/executorsmonitor.h"
#include "app/session/historyserver.h"
#include "models/applicationsmodel.h"
#include "models/executorsmodel.h"
#include "ui/applicationsview.h"
#include "ui/detailspane.h"
#include "ui/executorsview.h"
#include "ui/mainwindow.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include "tests/support/clusterfixture.h"
#include "tests/support/process.h"

using State = session::ExecutorsMonitor::State;

class TestRealSparkUi : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        const ClusterFixture fixture = readClusterFixture();
        QVERIFY2(!fixture.kubeconfig.isEmpty(), qPrintable(fixture.error + QStringLiteral(" (label real)")));
        m_kubeconfig = fixture.kubeconfig;
        m_kubectl = fixture.kubectl;
        QCOMPARE(fixture.mode, QStringLiteral("real")); // `up --real` records its mode next to the kubeconfig
        qputenv("SPARKDECK_NO_BROWSER", "1");
        QVERIFY(m_events.isValid());
        QFile::setPermissions(m_events.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup
                                                    | QFileDevice::WriteGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
                                                    | QFileDevice::WriteOther | QFileDevice::ExeOther);
    }

    void executorsLiveThenHistoryServerAfter()
    {
        // The History Server starts first: its JVM is up by the time the job ends.
        const QString ns = QStringLiteral("sparkui-history-") + QString::number(QRandomGenerator::global()->generate() % 0xFFFFF, 16);
        QVERIFY(apply(historyServerYaml(ns)));
        auto removeHistory = qScopeGuard([&] { kubectl({QStringLiteral("delete"), QStringLiteral("namespace"), ns, QStringLiteral("--wait=false")}); });

        ui::MainWindow window(fixtureSessionOptions(m_kubeconfig));
        window.resize(1400, 900);
        window.show();
        QVERIFY(window.isConnected());
        QTRY_VERIFY_WITH_TIMEOUT(window.informer() && window.informer()->hasSynced(), 30000);
        const QString name = QStringLiteral("real-exec-") + QString::number(QRandomGenerator::global()->generate() % 0xFFFFFF, 16);
        const QString key = QStringLiteral("default/") + name;
        QVERIFY(apply(sparkPiYaml(name)));
        auto removeApp = qScopeGuard([&] {
            kubectl({QStringLiteral("delete"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"), QStringLiteral("default"),
                     QStringLiteral("--wait=false")});
        });
        QTRY_VERIFY_WITH_TIMEOUT(window.applicationsModel()->rowOf(key) >= 0, 30000);
        QVERIFY(window.applicationsView()->selectKey(key));
        ui::DetailsPane* pane = window.detailsPane();
        QTRY_COMPARE(pane->application(), key);
        QTRY_VERIFY_WITH_TIMEOUT(pane->details()->facts().state == QLatin1String("RUNNING"), 600000);

        // The Executors tab: the real driver's executors, with tasks done.
        ui::ExecutorsView* view = pane->executorsView();
        session::ExecutorsMonitor* monitor = view->monitor();
        QAbstractItemModelTester tester(monitor->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        connect(monitor, &session::ExecutorsMonitor::stateChanged, this, [monitor] {
            qInfo("executors monitor: state %d %s", int(monitor->state()), qPrintable(monitor->message()));
        });
        pane->tabs()->setCurrentWidget(view);
        QVERIFY(view->isVisible());
        QTRY_VERIFY2_WITH_TIMEOUT(monitor->state() == State::Live, qPrintable(monitor->message()), 180000);
        QVERIFY2(monitor->applicationId().startsWith(QStringLiteral("spark-")), qPrintable(monitor->applicationId()));
        auto executorsWithTasks = [&] {
            int n = 0;
            for (const model::SparkExecutor& e : monitor->model()->executors())
                n += e.id != QLatin1String("driver") && e.active && e.completedTasks > 0 && e.cores > 0 ? 1 : 0;
            return n;
        };
        QTRY_VERIFY2_WITH_TIMEOUT(executorsWithTasks() == 2, qPrintable(monitor->message()), 300000);
        QCOMPARE(monitor->model()->rowOf(QStringLiteral("driver")), 0);
        const model::SparkExecutor one = monitor->model()->executors().at(monitor->model()->rowOf(QStringLiteral("1")));
        QVERIFY(one.maxMemory > 0);
        QVERIFY2(one.address.contains(QLatin1Char(':')), qPrintable(one.address));
        QTRY_VERIFY_WITH_TIMEOUT(view->chartPoints() >= 3, 60000);
        qInfo("executors: %s", qPrintable(view->statusText()));
        if (const QString dir = qEnvironmentVariable("SPARKDECK_SCREENSHOT_DIR"); !dir.isEmpty()) {
            // The details get most of the window, and the chart a minute of samples.
            if (auto* split = qobject_cast<QSplitter*>(pane->parentWidget()))
                split->setSizes({220, 680});
            QTRY_VERIFY_WITH_TIMEOUT(view->chartPoints() >= 25 || monitor->state() != State::Live, 120000);
            window.grab().save(dir + QStringLiteral("/executors.png"));
        }

        // The job ends: the tab says so and stops asking.
        QTRY_VERIFY_WITH_TIMEOUT(monitor->state() == State::Ended, 900000);
        QCOMPARE(pane->details()->facts().state, QStringLiteral("COMPLETED"));
        QVERIFY(!monitor->isAsking());
        QVERIFY2(view->statusText().contains(QStringLiteral("The application is COMPLETED")), qPrintable(view->statusText()));

        // Open in History Server: discovered, port-forwarded, the application's page answers 200.
        const QString appId = pane->details()->object().value(QLatin1String("status")).toObject().value(QLatin1String("sparkApplicationId")).toString();
        QCOMPARE(appId, monitor->applicationId());
        QSignalSpy opened(pane, &ui::DetailsPane::historyServerPageReady);
        pane->openInHistoryServer();
        QTRY_VERIFY2_WITH_TIMEOUT(opened.size() == 1 || !pane->sparkUiProblem().isEmpty(), "no answer", 120000);
        QVERIFY2(opened.size() == 1, qPrintable(pane->sparkUiProblem()));
        const QUrl url = opened.at(0).at(0).toUrl();
        QCOMPARE(url.path(), QStringLiteral("/history/%1/").arg(appId));
        QCOMPARE(pane->historyServer()->source(), QStringLiteral("svc/spark-history-server in %1 (port-forwarded)").arg(ns));
        // The History Server reads the event log every 2 s (spark.history.fs.update.interval).
        QNetworkAccessManager network;
        int status = 0;
        QByteArray page;
        QTRY_VERIFY2_WITH_TIMEOUT(
            [&] {
                QNetworkRequest request(url);
                request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
                request.setTransferTimeout(60000);
                std::unique_ptr<QNetworkReply> reply(network.get(request));
                QSignalSpy done(reply.get(), &QNetworkReply::finished);
                done.wait(65000);
                status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                page = reply->readAll();
                return status == 200 && page.contains("Spark Jobs");
            }(),
            qPrintable(QStringLiteral("HTTP %1: %2").arg(status).arg(QString::fromUtf8(page.left(500)))), 240000);
    }

private:
    QString sparkPiYaml(const QString& name) const
    {
        return manifest(QStringLiteral("sparkpi-eventlog.yaml")).arg(name, m_events.path());
    }

    QString historyServerYaml(const QString& ns) const
    {
        return manifest(QStringLiteral("history-server.yaml")).arg(ns, m_events.path());
    }

    /// tests/integration/sparkui/<file> (under $SPARKDECK_SOURCE_DIR).
    static QString manifest(const QString& file)
    {
        QFile f(qEnvironmentVariable("SPARKDECK_SOURCE_DIR") + QStringLiteral("/tests/integration/sparkui/") + file);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

    bool apply(const QString& yaml)
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("objects.yaml")));
        if (!f.open(QIODevice::WriteOnly) || f.write(yaml.toUtf8()) < 0)
            return false;
        f.close();
        const ProcessResult r = kubectl({QStringLiteral("apply"), QStringLiteral("-f"), f.fileName()});
        if (r.exitCode != 0)
            qWarning("kubectl apply: %s", qPrintable(r.err));
        return r.exitCode == 0;
    }

    ProcessResult kubectl(const QStringList& args)
    {
        return runProcess(m_kubectl, QStringList{QStringLiteral("--kubeconfig"), m_kubeconfig} + args);
    }

    QString m_kubeconfig;
    QString m_kubectl;
    QTemporaryDir m_events{QDir::tempPath() + QStringLiteral("/sparkdeck-events-XXXXXX")};
};

QTEST_MAIN(TestRealSparkUi)
#include "tst_real_sparkui.moc"
