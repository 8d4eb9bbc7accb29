// The live view against the local control plane: details, pods, events and YAML of a running
// application, filters, suspend, clone, re-run, delete, the Spark UI port-forward (through a
// recording kubectl stand-in: the kubelet stand-in has no port-forward streams), the
// ScheduledSparkApplications table, and the keyboard shortcuts.

#include "applicationsfilter.h"
#include "applicationsmodel.h"
#include "applicationsview.h"
#include "detailspane.h"
#include "jobeditor.h"
#include "logmodel.h"
#include "logviewer.h"
#include "mainwindow.h"
#include "podsmodel.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

#include "process.h"
#include "sparkapps.h"

namespace {
using Run = ProcessResult;
} // namespace

class TestLiveView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QFile f(qEnvironmentVariable("SPARKDECK_TEST_KUBECONFIG_FILE"));
        QVERIFY2(f.open(QIODevice::ReadOnly), "the cluster fixture did not run: use ctest -L integration");
        m_kubeconfig = QString::fromUtf8(f.readAll()).trimmed();
        m_kubectl = QFileInfo(m_kubeconfig).absoluteDir().filePath(QStringLiteral("bin/kubectl"));
        m_name = QStringLiteral("live-") + QString::number(QRandomGenerator::global()->generate() % 0xFFFFFF, 16);
        m_key = QStringLiteral("default/") + m_name;
        QVERIFY(create(m_name, 2));
        ui::SessionOptions options;
        options.kubeconfigFiles = {m_kubeconfig};
        options.explicitKubeconfig = true;
        m_window = new ui::MainWindow(options);
        m_window->resize(1400, 900);
        m_window->show();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->applicationsModel()->rowOf(m_key) >= 0, 15000);
    }

    void cleanupTestCase()
    {
        delete m_window;
        kubectl({QStringLiteral("delete"), QStringLiteral("sparkapplication,scheduledsparkapplication"), QStringLiteral("-n"),
                 QStringLiteral("default"), QStringLiteral("-l"), QStringLiteral("sparkdeck-test=liveview")});
    }

    void detailsPodsEventsYaml()
    {
        QAbstractItemModelTester apps(m_window->applicationsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(m_window->applicationsView()->selectKey(m_key));
        ui::DetailsPane* details = m_window->detailsPane();
        QCOMPARE(details->application(), m_key);
        QAbstractItemModelTester pods(details->pods(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester events(details->events(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        // Driver and two executors, with their roles, as the operator labels them.
        QTRY_COMPARE_WITH_TIMEOUT(details->pods()->rowCount(), 3, 30000);
        QStringList roles;
        for (int row = 0; row < 3; ++row)
            roles << details->pods()->index(row, model::PodsModel::Role).data().toString();
        roles.sort();
        QCOMPARE(roles, (QStringList{QStringLiteral("driver"), QStringLiteral("executor"), QStringLiteral("executor")}));
        // The operator's events, live.
        QTRY_VERIFY_WITH_TIMEOUT(details->events()->rowCount() >= 2, 30000);
        QStringList reasons;
        for (int row = 0; row < details->events()->rowCount(); ++row)
            reasons << details->events()->index(row, model::EventsModel::Reason).data().toString();
        QVERIFY2(reasons.contains(QStringLiteral("SparkApplicationSubmitted")), qPrintable(reasons.join(QLatin1Char(','))));
        // It completes; the details show the observed history; the YAML shows the status.
        QTRY_COMPARE_WITH_TIMEOUT(m_window->applicationsModel()->summary(m_key).state, QStringLiteral("COMPLETED"), 90000);
        QTRY_VERIFY(details->detailsText().contains(QStringLiteral("COMPLETED")));
        QVERIFY(details->detailsText().contains(QStringLiteral("State history")));
        QVERIFY(details->detailsText().contains(QStringLiteral("Spark application ID")));
        QVERIFY2(details->yamlText().contains(QStringLiteral("applicationState:\n    state: COMPLETED")), qPrintable(details->yamlText()));
        // The log is the driver's.
        QTRY_VERIFY_WITH_TIMEOUT(details->logViewer()->text().contains(QStringLiteral("Successfully stopped SparkContext")), 30000);
        QVERIFY(!details->kubectlCommands().isEmpty());
        QVERIFY(details->kubectlCommands().first().contains(QStringLiteral("get sparkapplication ") + m_name));
    }

    void logOfAnExecutorAndSearch()
    {
        ui::DetailsPane* details = m_window->detailsPane();
        ui::LogViewer* logs = details->logViewer();
        QString executor;
        for (int row = 0; row < details->pods()->rowCount(); ++row)
            if (details->pods()->index(row, model::PodsModel::Role).data().toString() == QLatin1String("executor"))
                executor = details->pods()->index(row, model::PodsModel::Name).data().toString();
        QVERIFY(!executor.isEmpty());
        // Picked in the pod list, an executor shows its own container, not the driver's.
        auto* podBox = logs->findChild<QComboBox*>(QStringLiteral("logPod"));
        auto* containerBox = logs->findChild<QComboBox*>(QStringLiteral("logContainer"));
        const int index = podBox->findData(executor);
        QVERIFY(index >= 0);
        podBox->setCurrentIndex(index);
        emit podBox->activated(index);
        QCOMPARE(logs->target(), QStringLiteral("default/%1/spark-kubernetes-executor").arg(executor));
        QCOMPARE(containerBox->count(), 1);
        QCOMPARE(containerBox->currentText(), QStringLiteral("spark-kubernetes-executor"));
        QTRY_VERIFY_WITH_TIMEOUT(logs->model()->rowCount() > 0, 20000);
        QVERIFY(logs->streamState() != kube::LogStream::State::Failed);
        // Back to the driver, then search it.
        logs->follow(QStringLiteral("default"), m_name + QStringLiteral("-driver"), QStringLiteral("spark-kubernetes-driver"));
        QTRY_VERIFY_WITH_TIMEOUT(logs->text().contains(QStringLiteral("Pi is roughly")), 20000);
        QSignalSpy searched(logs, &ui::LogViewer::searchFinished);
        logs->searchEdit()->setText(QStringLiteral("pi is ROUGHLY"));
        QTRY_VERIFY(!searched.isEmpty());
        QCOMPARE(logs->matches().size(), 1);
        logs->findNext();
        QVERIFY(logs->model()->line(logs->currentMatch()).startsWith(QStringLiteral("Pi is roughly")));
        QTemporaryDir dir;
        QString error;
        QVERIFY(logs->saveTo(dir.filePath(QStringLiteral("driver.log")), &error));
        QFile saved(dir.filePath(QStringLiteral("driver.log")));
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QVERIFY(saved.readAll().contains("Pi is roughly"));
    }

    void failedApplicationShowsFirstException()
    {
        const QString name = m_name + QStringLiteral("-fail");
        SparkPiOptions o;
        o.failing = true;
        o.labels = QStringLiteral("sparkdeck-test: liveview");
        const Run run = kubectlCreate(m_kubectl, m_kubeconfig, sparkPiManifest(QStringLiteral("default"), name, o));
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QString key = QStringLiteral("default/") + name;
        QTRY_COMPARE_WITH_TIMEOUT(m_window->applicationsModel()->summary(key).state, QStringLiteral("FAILED"), 90000);
        QVERIFY(m_window->applicationsView()->selectKey(key));
        ui::DetailsPane* details = m_window->detailsPane();
        // Beside the operator's "driver container failed with ExitCode: 1", the driver's own reason.
        QTRY_VERIFY2_WITH_TIMEOUT(details->detailsText().contains(QStringLiteral("org.apache.spark.SparkException: Job aborted due to stage failure")),
                                  qPrintable(details->detailsText()), 20000);
        QVERIFY(details->detailsText().contains(QStringLiteral("First exception")));
        QVERIFY(details->detailsText().contains(QStringLiteral("ExitCode: 1")));
        kubectl({QStringLiteral("delete"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"), QStringLiteral("default")});
        QTRY_COMPARE_WITH_TIMEOUT(m_window->applicationsModel()->rowOf(key), -1, 15000);
        QVERIFY(m_window->applicationsView()->selectKey(m_key));
    }

    void filters()
    {
        ui::ApplicationsView* view = m_window->applicationsView();
        const auto* proxy = view->proxy();
        view->filterEdit()->setText(m_name);
        QCOMPARE(proxy->rowCount(), 1);
        view->filterEdit()->setText(QStringLiteral("sparkdeck-test=liveview ") + m_name.left(5));
        QCOMPARE(proxy->rowCount(), 1);
        view->filterEdit()->setText(QStringLiteral("sparkdeck-test=other"));
        QCOMPARE(proxy->rowCount(), 0);
        view->filterEdit()->setText(m_name);
        view->stateFilter()->setCurrentIndex(view->stateFilter()->findData(QStringLiteral("failed")));
        emit view->stateFilter()->activated(view->stateFilter()->currentIndex());
        QCOMPARE(proxy->rowCount(), 0);
        view->stateFilter()->setCurrentIndex(view->stateFilter()->findData(QStringLiteral("completed")));
        emit view->stateFilter()->activated(view->stateFilter()->currentIndex());
        QCOMPARE(proxy->rowCount(), 1);
        view->stateFilter()->setCurrentIndex(0);
        emit view->stateFilter()->activated(0);
        view->filterEdit()->clear();
        QVERIFY(view->selectKey(m_key)); // the selection survives filtering
    }

    void keyboardShortcuts()
    {
        ui::DetailsPane* details = m_window->detailsPane();
        QTableView* table = m_window->applicationsView()->table();
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Y);
        QCOMPARE(details->tabs()->currentIndex(), int(ui::DetailsPane::YamlTab));
        QTest::keyClick(table, Qt::Key_D);
        QCOMPARE(details->tabs()->currentIndex(), int(ui::DetailsPane::DetailsTab));
        QTest::keyClick(table, Qt::Key_L);
        QCOMPARE(details->tabs()->currentIndex(), int(ui::DetailsPane::LogsTab));
        QTest::keyClick(table, Qt::Key_Slash);
        QVERIFY(m_window->applicationsView()->filterEdit()->hasFocus());
        QVERIFY(ui::MainWindow::shortcutsText().contains(QStringLiteral("Ctrl+D")));
    }

    void suspendCloneRerunDelete()
    {
        ui::DetailsPane* details = m_window->detailsPane();
        QVERIFY(m_window->applicationsView()->selectKey(m_key));
        details->setSuspended(true);
        QTRY_COMPARE_WITH_TIMEOUT(get(m_name, QStringLiteral("{.spec.suspend}")), QStringLiteral("true"), 10000);
        QTRY_COMPARE(m_window->applicationsModel()->summary(m_key).suspend, true);
        details->setSuspended(false);
        QTRY_COMPARE_WITH_TIMEOUT(get(m_name, QStringLiteral("{.spec.suspend}")), QStringLiteral("false"), 10000);

        details->cloneToEditor();
        QVERIFY2(m_window->jobEditor()->yamlText().contains(QStringLiteral("name: ") + m_name + QStringLiteral("-2\n")),
                 qPrintable(m_window->jobEditor()->yamlText()));
        QVERIFY(!m_window->jobEditor()->yamlText().contains(QStringLiteral("status:")));
        m_window->showApplications();

        const QString uid = get(m_name, QStringLiteral("{.metadata.uid}"));
        QVERIFY(!uid.isEmpty());
        details->rerun();
        QTRY_VERIFY_WITH_TIMEOUT(!get(m_name, QStringLiteral("{.metadata.uid}")).isEmpty()
                                     && get(m_name, QStringLiteral("{.metadata.uid}")) != uid,
                                 60000);
        QTRY_COMPARE_WITH_TIMEOUT(get(m_name, QStringLiteral("{.status.applicationState.state}")), QStringLiteral("COMPLETED"), 90000);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->applicationsModel()->summary(m_key).state, QStringLiteral("COMPLETED"), 15000);

        QSignalSpy said(details, &ui::DetailsPane::message);
        details->deleteApplication(false);
        QTRY_VERIFY_WITH_TIMEOUT(!said.isEmpty(), 10000);
        QVERIFY2(said.last().at(0).toString().startsWith(QStringLiteral("Deleted")), qPrintable(said.last().at(0).toString()));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->applicationsModel()->rowOf(m_key), -1, 15000);
        QVERIFY(kubectl({QStringLiteral("get"), QStringLiteral("sparkapplication"), m_name, QStringLiteral("-n"), QStringLiteral("default")}).exitCode != 0);
    }

    void sparkUiPortForward()
    {
        const QString name = m_name + QStringLiteral("-ui");
        QVERIFY(create(name, 1, 30)); // long enough to be RUNNING while we look
        const QString key = QStringLiteral("default/") + name;
        QTRY_COMPARE_WITH_TIMEOUT(m_window->applicationsModel()->summary(key).state, QStringLiteral("RUNNING"), 60000);
        QVERIFY(m_window->applicationsView()->selectKey(key));
        QTemporaryDir dir;
        const QString record = dir.filePath(QStringLiteral("args"));
        qputenv("SPARKDECK_KUBECTL", (qEnvironmentVariable("SPARKDECK_SOURCE_DIR") + QStringLiteral("/tests/integration/kubectl-portforward-standin")).toUtf8());
        qputenv("SPARKDECK_STANDIN_RECORD", record.toUtf8());
        qputenv("SPARKDECK_NO_BROWSER", "1");
        QSignalSpy ready(m_window->detailsPane(), &ui::DetailsPane::sparkUiReady);
        m_window->detailsPane()->openSparkUi();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        QCOMPARE(ready.at(0).at(0).toUrl(), QUrl(QStringLiteral("http://127.0.0.1:45678")));
        QFile args(record);
        QVERIFY(args.open(QIODevice::ReadOnly));
        const QStringList argv = QString::fromUtf8(args.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(argv, (QStringList{QStringLiteral("--kubeconfig"), m_kubeconfig, QStringLiteral("--context"),
                                    m_window->currentContext(), QStringLiteral("-n"), QStringLiteral("default"),
                                    QStringLiteral("port-forward"), QStringLiteral("svc/%1-ui-svc").arg(name), QStringLiteral(":4040"),
                                    QStringLiteral("--address"), QStringLiteral("127.0.0.1")}));
        // The forward ends with the application.
        kubectl({QStringLiteral("delete"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"), QStringLiteral("default")});
        QTRY_COMPARE_WITH_TIMEOUT(m_window->applicationsModel()->rowOf(key), -1, 15000);
        qunsetenv("SPARKDECK_KUBECTL");
    }

    void scheduledApplicationsTable()
    {
        const QString name = m_name + QStringLiteral("-nightly");
        QTemporaryFile file(QDir::tempPath() + QStringLiteral("/sparkdeck-XXXXXX.yaml"));
        QVERIFY(file.open());
        file.write(QStringLiteral("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: ScheduledSparkApplication\n"
                                  "metadata:\n  name: %1\n  namespace: default\n  labels: {sparkdeck-test: liveview}\n"
                                  "spec:\n  schedule: \"0 2 * * *\"\n  concurrencyPolicy: Forbid\n  template:\n"
                                  "    type: Scala\n    mode: cluster\n    image: spark:3.5.3\n"
                                  "    mainClass: org.apache.spark.examples.SparkPi\n"
                                  "    mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar\n"
                                  "    sparkVersion: 3.5.3\n    driver: {serviceAccount: spark-operator-spark}\n"
                                  "    executor: {instances: 1}\n")
                       .arg(name)
                       .toUtf8());
        file.close();
        QVERIFY(kubectl({QStringLiteral("create"), QStringLiteral("-f"), file.fileName()}).exitCode == 0);
        // What the operator writes after a run (the stand-in does not run schedules).
        const QString status = QStringLiteral(R"({"status":{"scheduleState":"Scheduled","lastRun":"2026-11-21T02:00:00Z","nextRun":"2030-01-01T02:00:00Z","lastRunName":"%1-1732154400"}})").arg(name);
        const Run patch = kubectl({QStringLiteral("patch"), QStringLiteral("scheduledsparkapplication"), name, QStringLiteral("-n"),
                                   QStringLiteral("default"), QStringLiteral("--subresource=status"), QStringLiteral("--type=merge"),
                                   QStringLiteral("-p"), status});
        QVERIFY2(patch.exitCode == 0, qPrintable(patch.err));
        model::ScheduledApplicationsModel* model = m_window->scheduledModel();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString key = QStringLiteral("default/") + name;
        QTRY_VERIFY_WITH_TIMEOUT(model->rowOf(key) >= 0
                                     && !model->index(model->rowOf(key), model::ScheduledApplicationsModel::LastRunName).data().toString().isEmpty(),
                                 15000);
        const int row = model->rowOf(key);
        QCOMPARE(model->index(row, model::ScheduledApplicationsModel::Schedule).data().toString(), QStringLiteral("0 2 * * *"));
        QCOMPARE(model->index(row, model::ScheduledApplicationsModel::State).data().toString(), QStringLiteral("Scheduled"));
        QVERIFY(model->index(row, model::ScheduledApplicationsModel::NextRun).data().toString().startsWith(QStringLiteral("in ")));
        QCOMPARE(model->index(row, 0).data(model::ScheduledApplicationsModel::LastRunKeyRole).toString(),
                 QStringLiteral("default/%1-1732154400").arg(name));
    }

private:
    bool create(const QString& name, int executors, int runSeconds = 0)
    {
        SparkPiOptions o;
        o.executors = executors;
        o.runSeconds = runSeconds;
        o.labels = QStringLiteral("sparkdeck-test: liveview");
        const Run run = kubectlCreate(m_kubectl, m_kubeconfig, sparkPiManifest(QStringLiteral("default"), name, o));
        if (run.exitCode != 0)
            qWarning("kubectl create failed: %s", qPrintable(run.err));
        return run.exitCode == 0;
    }

    QString get(const QString& name, const QString& jsonpath)
    {
        return kubectl({QStringLiteral("get"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"), QStringLiteral("default"),
                        QStringLiteral("-o"), QStringLiteral("jsonpath=") + jsonpath})
            .out;
    }

    Run kubectl(const QStringList& args)
    {
        return runProcess(m_kubectl, QStringList{QStringLiteral("--kubeconfig"), m_kubeconfig} + args);
    }

    QString m_kubeconfig;
    QString m_kubectl;
    QString m_name;
    QString m_key;
    ui::MainWindow* m_window = nullptr;
};

QTEST_MAIN(TestLiveView)
#include "tst_liveview.moc"
