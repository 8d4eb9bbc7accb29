// The live view against the local control plane: details, pods, events and YAML of a running
// application, filters, suspend, clone, re-run, delete, the Spark UI port-forward (through a
// recording kubectl stand-in: the kubelet stand-in has no port-forward streams), the
// ScheduledSparkApplications table, and the keyboard shortcuts.

#include "models/applicationsfilter.h"
#include "models/applicationsmodel.h"
#include "ui/applicationsview.h"
#include "ui/detailspane.h"
#include "ui/jobeditor.h"
#include "models/logmodel.h"
#include "ui/logviewer.h"
#include "ui/mainwindow.h"
#include "models/eventsmodel.h"
#include "models/podsmodel.h"
#include "models/scheduledapplicationsmodel.h"
#include "ui/scheduledview.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QStatusBar>
#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QMessageBox>
#include <QTimer>
#include <QScopeGuard>
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

#include "tests/support/process.h"
#include "tests/support/sparkapps.h"

namespace {
using Run = ProcessResult;

// Waits for the next modal dialog and hands it to `act` (which answers it).
void answerNextDialog(std::function<void(QWidget*)> act)
{
    auto* timer = new QTimer;
    timer->setInterval(50);
    QObject::connect(timer, &QTimer::timeout, [timer, act] {
        if (QWidget* dialog = QApplication::activeModalWidget()) {
            timer->stop();
            timer->deleteLater();
            act(dialog);
        }
    });
    timer->start();
}

// Answers the next message box with the button named `button` (an object name, or the text of a
// standard button such as "Cancel"), and records its text and informative text in `said`.
void answerMessageBox(const QString& button, QString* said)
{
    answerNextDialog([button, said](QWidget* dialog) {
        auto* box = qobject_cast<QMessageBox*>(dialog);
        if (!box) {
            dialog->close();
            return;
        }
        *said = box->text() + QLatin1Char('\n') + box->informativeText();
        for (QAbstractButton* b : box->buttons())
            if (b->objectName() == button || b->text().remove(QLatin1Char('&')) == button) {
                b->click();
                return;
            }
        box->reject();
    });
}
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
                 QStringLiteral("default"), QStringLiteral("-l"), QStringLiteral("sparkdeck-test=liveview")},
                Exit::MayFail); // best effort
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

    // Cluster ▸ Reconnect (F5) lists everything anew (the table is reset): the selected application
    // is selected again, and its details stay on it.
    void selectionSurvivesReconnect()
    {
        QVERIFY(m_window->applicationsView()->selectKey(m_key));
        QCOMPARE(m_window->detailsPane()->application(), m_key);
        QSignalSpy reset(m_window->applicationsView()->table()->model(), &QAbstractItemModel::modelReset);
        m_window->reconnect();
        QTRY_VERIFY_WITH_TIMEOUT(!reset.isEmpty(), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->applicationsView()->currentKey(), m_key, 15000);
        QCOMPARE(m_window->detailsPane()->application(), m_key);
    }

    void eventsOfOneApplicationOnly()
    {
        // Two applications whose names share a prefix ("spark-pi" and "spark-pi-2"), each with an
        // event of its own: the details of the first show its event and not the second's.
        const QString first = QStringLiteral("spark-pi-") + QString::number(QRandomGenerator::global()->generate() % 0xFFFFFF, 16);
        const QString second = first + QStringLiteral("-2");
        QVERIFY(create(first, 1));
        QVERIFY(create(second, 1));
        auto cleanup = qScopeGuard([&] {
            m_window->applicationsView()->selectKey(m_key); // as the other test functions expect
            kubectl({QStringLiteral("delete"), QStringLiteral("sparkapplication"), first, second, QStringLiteral("-n"), QStringLiteral("default")},
                    Exit::MayFail); // also after a failure, when one may not exist
        });
        for (const QString& name : {first, second}) {
            QVERIFY(pollEvery(250, 15000, [&] { return !get(name, QStringLiteral("{.metadata.uid}")).isEmpty(); }));
            QVERIFY(createEvent(name, QStringLiteral("Marker-") + name));
        }
        const QString key = QStringLiteral("default/") + first;
        QTRY_VERIFY_WITH_TIMEOUT(m_window->applicationsModel()->rowOf(key) >= 0, 15000);
        QVERIFY(m_window->applicationsView()->selectKey(key));
        ui::DetailsPane* details = m_window->detailsPane();
        QAbstractItemModelTester events(details->events(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto reasons = [details] {
            QStringList list;
            for (int row = 0; row < details->events()->rowCount(); ++row)
                list << details->events()->index(row, model::EventsModel::Reason).data().toString();
            return list;
        };
        auto objects = [details] {
            QStringList list;
            for (int row = 0; row < details->events()->rowCount(); ++row)
                list << details->events()->index(row, model::EventsModel::Object).data().toString();
            return list;
        };
        QTRY_VERIFY_WITH_TIMEOUT(reasons().contains(QStringLiteral("Marker-") + first), 30000);
        // The second application's own events (the marker and the operator's) reach the cluster too.
        QVERIFY(pollEvery(500, 30000, [&] {
            return kubectl({QStringLiteral("get"), QStringLiteral("events"), QStringLiteral("-n"), QStringLiteral("default"),
                            QStringLiteral("--field-selector"), QStringLiteral("involvedObject.name=") + second,
                            QStringLiteral("-o"), QStringLiteral("jsonpath={.items[*].reason}")})
                .out.contains(QStringLiteral("SparkApplicationSubmitted"));
        }));
        QTRY_VERIFY_WITH_TIMEOUT(reasons().contains(QStringLiteral("SparkApplicationSubmitted")), 30000);
        QVERIFY2(!reasons().contains(QStringLiteral("Marker-") + second), qPrintable(reasons().join(QLatin1Char(','))));
        for (const QString& object : objects())
            QVERIFY2(!object.contains(second), qPrintable(objects().join(QLatin1Char(','))));
    }

    void logOfAnExecutorAndSearch()
    {
        QVERIFY(m_window->applicationsView()->selectKey(m_key));
        ui::DetailsPane* details = m_window->detailsPane();
        ui::LogViewer* logs = details->logViewer();
        QTRY_VERIFY_WITH_TIMEOUT(!podOfRole(details, QStringLiteral("executor")).isEmpty(), 30000);
        const QString executor = podOfRole(details, QStringLiteral("executor"));
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

    // On an application of its own (it deletes it at the end), so the other test functions do not
    // depend on running before or after this one.
    void suspendCloneRerunDelete()
    {
        const QString name = m_name + QStringLiteral("-act");
        const QString key = QStringLiteral("default/") + name;
        QString last; // the last value getBecomes() read
        QVERIFY(create(name, 2));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->applicationsModel()->rowOf(key) >= 0, 15000);
        ui::DetailsPane* details = m_window->detailsPane();
        QVERIFY(m_window->applicationsView()->selectKey(key));
        // Suspending asks first, saying what is lost; Cancel changes nothing.
        QString said;
        answerMessageBox(QStringLiteral("Cancel"), &said);
        details->setSuspended(true);
        QVERIFY2(said.contains(QStringLiteral("driver log")), qPrintable(said));
        QCOMPARE(get(name, QStringLiteral("{.spec.suspend}")), QString());
        answerMessageBox(QStringLiteral("suspendConfirm"), &said);
        details->setSuspended(true);
        QVERIFY2(getBecomes(name, QStringLiteral("{.spec.suspend}"), QStringLiteral("true"), 10000, &last), qPrintable(last));
        QTRY_COMPARE(m_window->applicationsModel()->summary(key).suspend, true);
        details->setSuspended(false); // resuming loses nothing: no question
        QVERIFY2(getBecomes(name, QStringLiteral("{.spec.suspend}"), QStringLiteral("false"), 10000, &last), qPrintable(last));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->applicationsModel()->summary(key).suspend, false, 10000);

        QCOMPARE(details->application(), key);
        details->cloneToEditor();
        QVERIFY2(m_window->jobEditor()->yamlText().contains(QStringLiteral("name: ") + name + QStringLiteral("-2\n")),
                 qPrintable(m_window->jobEditor()->yamlText()));
        QVERIFY(!m_window->jobEditor()->yamlText().contains(QStringLiteral("status:")));
        m_window->showApplications();

        // Another application next to it in the table: the selection must not slide onto it.
        const QString neighbour = name + QStringLiteral("-next");
        QVERIFY(create(neighbour, 1));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->applicationsModel()->rowOf(QStringLiteral("default/") + neighbour) >= 0, 15000);
        auto removeNeighbour = qScopeGuard([&] {
            kubectl({QStringLiteral("delete"), QStringLiteral("sparkapplication"), neighbour, QStringLiteral("-n"), QStringLiteral("default")},
                    Exit::MayFail); // also after a failure
        });
        QVERIFY(m_window->applicationsView()->selectKey(key));
        QSignalSpy selected(m_window->applicationsView(), &ui::ApplicationsView::currentChanged);

        // The log pane shows an executor of this run: after the re-run that pod is gone from the pod
        // list and the pane shows the new run's driver.
        ui::LogViewer* logs = details->logViewer();
        auto* podBox = logs->findChild<QComboBox*>(QStringLiteral("logPod"));
        QString executor;
        QTRY_VERIFY_WITH_TIMEOUT(!(executor = podOfRole(details, QStringLiteral("executor"))).isEmpty(), 20000);
        const int executorIndex = podBox->findData(executor);
        QVERIFY(executorIndex >= 0);
        podBox->setCurrentIndex(executorIndex);
        emit podBox->activated(executorIndex);
        QCOMPARE(logs->target(), QStringLiteral("default/%1/spark-kubernetes-executor").arg(executor));

        // Re-run asks first and says the run's pods and driver log go; Cancel keeps the run.
        const QString uid = get(name, QStringLiteral("{.metadata.uid}"));
        QVERIFY(!uid.isEmpty());
        answerMessageBox(QStringLiteral("Cancel"), &said);
        details->rerun();
        QVERIFY2(said.contains(QStringLiteral("pods and the driver log of the current run are deleted")), qPrintable(said));
        QCOMPARE(get(name, QStringLiteral("{.metadata.uid}")), uid);
        answerNextDialog([this, &said](QWidget* dialog) {
            shoot(QStringLiteral("rerun-confirm"), dialog);
            auto* box = static_cast<QMessageBox*>(dialog);
            said = box->informativeText();
            box->findChild<QAbstractButton*>(QStringLiteral("rerunConfirm"))->click();
        });
        QSignalSpy detailsMessages(details, &ui::DetailsPane::message);
        details->rerun();
        // One kubectl read per try, done at the first new uid. (QTRY_* evaluates its condition once
        // more after it held, and in full CI runs that extra read once came back empty: a failed read
        // is printed, and the application must be deleted and created exactly once.)
        QString newUid;
        for (QDeadlineTimer until(60000); !until.hasExpired() && (newUid.isEmpty() || newUid == uid);) {
            QTest::qWait(200);
            const ProcessResult read = kubectl({QStringLiteral("get"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"),
                                                QStringLiteral("default"), QStringLiteral("-o"), QStringLiteral("jsonpath={.metadata.uid}")},
                                               Exit::MayFail); // NotFound between the delete and the create
            newUid = read.out;
            if (read.exitCode != 0 && !read.err.contains(QStringLiteral("NotFound")))
                qInfo("kubectl get failed while the application was re-created: %s", qPrintable(read.err));
        }
        QVERIFY2(!newUid.isEmpty() && newUid != uid,
                 qPrintable(QStringLiteral("not re-created; status bar: ") + m_window->statusBar()->currentMessage()));
        QTRY_COMPARE_WITH_TIMEOUT(logs->target(), QStringLiteral("default/%1-driver/spark-kubernetes-driver").arg(name), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(podBox->findData(executor), -1, 15000);
        // The re-run application is selected again, and nothing else was selected meanwhile.
        QTRY_COMPARE_WITH_TIMEOUT(m_window->applicationsView()->currentKey(), key, 15000);
        QCOMPARE(details->application(), key);
        for (const auto& change : std::as_const(selected))
            QVERIFY2(change.at(0).toString().isEmpty() || change.at(0).toString() == key, qPrintable(change.at(0).toString()));
        QCOMPARE(get(name, QStringLiteral("{.metadata.uid}")), newUid);
        int reruns = 0;
        for (const auto& said : std::as_const(detailsMessages))
            reruns += said.at(0).toString().startsWith(QStringLiteral("Re-running"));
        QCOMPARE(reruns, 1);
        QVERIFY2(getBecomes(name, QStringLiteral("{.status.applicationState.state}"), QStringLiteral("COMPLETED"), 90000, &last),
                 qPrintable(last));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->applicationsModel()->summary(key).state, QStringLiteral("COMPLETED"), 15000);

        QSignalSpy message(details, &ui::DetailsPane::message);
        details->deleteApplication(false);
        QTRY_VERIFY_WITH_TIMEOUT(!message.isEmpty(), 10000);
        QVERIFY2(message.last().at(0).toString().startsWith(QStringLiteral("Deleted")), qPrintable(message.last().at(0).toString()));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->applicationsModel()->rowOf(key), -1, 15000);
        QVERIFY(kubectl({QStringLiteral("get"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"), QStringLiteral("default")},
                        Exit::MayFail)
                    .exitCode
                != 0);
    }

    void statusBarCountIsLive()
    {
        auto count = [&] { return int(m_window->informer()->objects().size()); };
        auto shows = [&] {
            return m_window->connectionText().contains(QStringLiteral("Live — %1 application").arg(count()));
        };
        QTRY_VERIFY_WITH_TIMEOUT(shows(), 10000);
        const QString name = m_name + QStringLiteral("-count");
        const QString key = QStringLiteral("default/") + name;
        QVERIFY(create(name, 1));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->informer()->objects().contains(key), 15000);
        QTRY_VERIFY2_WITH_TIMEOUT(shows(), qPrintable(m_window->connectionText()), 5000);
        kubectl({QStringLiteral("delete"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"), QStringLiteral("default")});
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->informer()->objects().contains(key), 15000);
        QTRY_VERIFY2_WITH_TIMEOUT(shows(), qPrintable(m_window->connectionText()), 5000);
    }

    void newNamespacesSubmitFollowsAndUnhandledHint()
    {
        // A namespace created while SparkDeck runs is offered in the namespace list.
        const QString ns = m_name + QStringLiteral("-ns");
        QVERIFY(kubectl({QStringLiteral("create"), QStringLiteral("namespace"), ns}).exitCode == 0);
        auto cleanup = qScopeGuard([&] {
            m_window->setNamespace(QStringLiteral("default"));
            kubectl({QStringLiteral("delete"), QStringLiteral("namespace"), ns, QStringLiteral("--wait=false")}, Exit::MayFail);
        });
        auto* namespaces = m_window->findChild<QComboBox*>(QStringLiteral("namespaceBox"));
        QVERIFY(namespaces);
        QTRY_VERIFY_WITH_TIMEOUT(namespaces->findText(ns) >= 0, 15000);
        QCOMPARE(m_window->currentNamespace(), QStringLiteral("default"));

        // An operator Deployment (only its spec is read) that watches default only.
        const Run created = kubectlCreate(m_kubectl, m_kubeconfig,
                                          QStringLiteral("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: spark-operator-controller\n"
                                                         "  namespace: %1\n  labels:\n    app.kubernetes.io/name: spark-operator\n"
                                                         "spec:\n  replicas: 0\n  selector:\n    matchLabels: {app: c}\n"
                                                         "  template:\n    metadata:\n      labels: {app: c}\n"
                                                         "    spec:\n      containers:\n      - name: controller\n"
                                                         "        image: ghcr.io/kubeflow/spark-operator/controller:2.5.2\n"
                                                         "        args: [controller, start, --namespaces=default]\n")
                                              .arg(ns)
                                              .toUtf8());
        QVERIFY2(created.exitCode == 0, qPrintable(created.err));

        // Submitted there while the table shows default: the table follows it.
        const QString name = m_name + QStringLiteral("-lost");
        const QString key = ns + QLatin1Char('/') + name;
        SparkPiOptions o;
        o.labels = QStringLiteral("sparkdeck-test: liveview");
        QVERIFY(kubectlCreate(m_kubectl, m_kubeconfig, sparkPiManifest(ns, name, o)).exitCode == 0);
        m_window->applicationsModel()->setUnhandledAfter(3000);
        emit m_window->jobEditor()->submitted(ns, name, QStringLiteral("SparkApplication"));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->currentNamespace(), ns, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->applicationsView()->currentKey(), key, 15000);
        QCOMPARE(m_window->detailsPane()->application(), key);

        // Nobody handles it: after a few seconds the row and the details say so, and how to fix it.
        model::ApplicationsModel* apps = m_window->applicationsModel();
        QTRY_VERIFY_WITH_TIMEOUT(apps->index(apps->rowOf(key), model::ApplicationsModel::State).data().toString().contains(QStringLiteral("not handled")),
                                 15000);
        QTRY_VERIFY2_WITH_TIMEOUT(m_window->detailsPane()->detailsText().contains(QStringLiteral("watches only default, not ") + ns),
                                  qPrintable(m_window->detailsPane()->detailsText()), 15000);
        QVERIFY(m_window->detailsPane()->detailsText().contains(QStringLiteral("spark.jobNamespaces={default,%1}").arg(ns)));
        m_window->detailsPane()->showTab(ui::DetailsPane::DetailsTab);
        shoot(QStringLiteral("unhandled"));
        m_window->detailsPane()->showTab(ui::DetailsPane::LogsTab);
        apps->setUnhandledAfter(10000);
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
        // The forward ends with the application: kubectl is terminated when it is deleted.
        QVERIFY(!QFile::exists(record + QStringLiteral(".ended")));
        kubectl({QStringLiteral("delete"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"), QStringLiteral("default")});
        QTRY_COMPARE_WITH_TIMEOUT(m_window->applicationsModel()->rowOf(key), -1, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(record + QStringLiteral(".ended")), 15000);
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
        QCOMPARE(model->index(row, model::ScheduledApplicationsModel::Schedule).data().toString(), QStringLiteral("at 02:00 every day (UTC)"));
        QCOMPARE(model->index(row, model::ScheduledApplicationsModel::Schedule).data(Qt::ToolTipRole).toString(), QStringLiteral("0 2 * * *"));
        QCOMPARE(model->index(row, model::ScheduledApplicationsModel::State).data().toString(), QStringLiteral("Scheduled"));
        QVERIFY(model->index(row, model::ScheduledApplicationsModel::NextRun).data().toString().startsWith(QStringLiteral("in ")));
        QCOMPARE(model->index(row, 0).data(model::ScheduledApplicationsModel::LastRunKeyRole).toString(),
                 QStringLiteral("default/%1-1732154400").arg(name));

        // The selected one: its schedule in words, its zone, the next runs, and its YAML.
        ui::ScheduledView* view = m_window->scheduledView();
        QVERIFY(view->selectKey(key));
        QVERIFY2(view->scheduleText().contains(QStringLiteral("at 02:00 every day")), qPrintable(view->scheduleText()));
        QVERIFY(view->scheduleText().contains(QStringLiteral("UTC")));
        QVERIFY(view->scheduleText().contains(QStringLiteral("Next runs")));
        QVERIFY2(view->yamlText().contains(QStringLiteral("kind: ScheduledSparkApplication")), qPrintable(view->yamlText()));
        m_window->findChild<QTabWidget*>()->setCurrentWidget(view);
        shoot(QStringLiteral("scheduled"));
        m_window->showApplications();

        // Edit the schedule and its zone.
        view->applySchedule(QStringLiteral("30 3 * * 1-5"), QStringLiteral("Europe/Berlin"));
        QString schedule;
        QVERIFY2(pollEvery(250, 10000, [&] {
                     return (schedule = scheduled(name, QStringLiteral("{.spec.schedule}/{.spec.timeZone}")))
                         == QLatin1String("30 3 * * 1-5/Europe/Berlin");
                 }),
                 qPrintable(schedule));
        QTRY_VERIFY2_WITH_TIMEOUT(view->scheduleText().contains(QStringLiteral("Europe/Berlin")), qPrintable(view->scheduleText()), 10000);
        QCOMPARE(model->index(model->rowOf(key), model::ScheduledApplicationsModel::Schedule).data().toString(),
                 QStringLiteral("at 03:30 on Monday to Friday (Europe/Berlin)"));

        // Clone into the editor.
        view->cloneToEditor();
        QVERIFY2(m_window->jobEditor()->yamlText().contains(QStringLiteral("name: ") + name + QStringLiteral("-2\n")),
                 qPrintable(m_window->jobEditor()->yamlText()));
        QVERIFY(m_window->jobEditor()->yamlText().contains(QStringLiteral("kind: ScheduledSparkApplication")));

        // Delete asks first; Cancel keeps it.
        QString said;
        answerMessageBox(QStringLiteral("Cancel"), &said);
        view->deleteSelected();
        QVERIFY2(said.contains(QStringLiteral("No further runs start")), qPrintable(said));
        QVERIFY(!scheduled(name, QStringLiteral("{.metadata.name}")).isEmpty());
        answerMessageBox(QStringLiteral("Delete"), &said);
        view->deleteSelected();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowOf(key), -1, 15000);
    }

private:
    // A pod of `role` (driver, executor) in the details pane's pod list; empty when none.
    static QString podOfRole(ui::DetailsPane* details, const QString& role)
    {
        for (int row = 0; row < details->pods()->rowCount(); ++row)
            if (details->pods()->index(row, model::PodsModel::Role).data().toString() == role)
                return details->pods()->index(row, model::PodsModel::Name).data().toString();
        return {};
    }

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

    // Creates a core/v1 Event with `reason` about SparkApplication `name` (its uid included).
    bool createEvent(const QString& name, const QString& reason)
    {
        const QString uid = get(name, QStringLiteral("{.metadata.uid}"));
        const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
        const QString manifest = QStringLiteral(R"({"apiVersion":"v1","kind":"Event","metadata":{"generateName":"%1.","namespace":"default"},)"
                                                R"("involvedObject":{"apiVersion":"sparkoperator.k8s.io/v1beta2","kind":"SparkApplication",)"
                                                R"("name":"%1","namespace":"default","uid":"%2"},"reason":"%3","message":"marker of %1",)"
                                                R"("type":"Normal","count":1,"firstTimestamp":"%4","lastTimestamp":"%4",)"
                                                R"("source":{"component":"sparkdeck-test"}})")
                                     .arg(name, uid, reason, now);
        const Run run = kubectlCreate(m_kubectl, m_kubeconfig, manifest.toUtf8());
        if (run.exitCode != 0)
            qWarning("kubectl create event failed: %s", qPrintable(run.err));
        return run.exitCode == 0;
    }

    // `jsonpath` of SparkApplication default/`name`; "" when it does not exist (not a failure: callers
    // compare the value).
    QString get(const QString& name, const QString& jsonpath)
    {
        return kubectl({QStringLiteral("get"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"), QStringLiteral("default"),
                        QStringLiteral("-o"), QStringLiteral("jsonpath=") + jsonpath},
                       Exit::MayFail)
            .out;
    }

    // Reads get(name, jsonpath) every 250 ms until it is `expected` (true) or `timeoutMs` passed
    // (false); `last` is the last value read.
    bool getBecomes(const QString& name, const QString& jsonpath, const QString& expected, int timeoutMs, QString* last)
    {
        return pollEvery(250, timeoutMs, [&] { return (*last = get(name, jsonpath)) == expected; });
    }

    // With SPARKDECK_SCREENSHOT_DIR set, saves a picture of `widget` (default: the window) there.
    void shoot(const QString& name, QWidget* widget = nullptr)
    {
        const QString dir = qEnvironmentVariable("SPARKDECK_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            (widget ? widget : m_window)->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
    }

    QString scheduled(const QString& name, const QString& jsonpath)
    {
        return kubectl({QStringLiteral("get"), QStringLiteral("scheduledsparkapplication"), name, QStringLiteral("-n"),
                        QStringLiteral("default"), QStringLiteral("-o"), QStringLiteral("jsonpath=") + jsonpath},
                       Exit::MayFail)
            .out;
    }

    // kubectl with the cluster's kubeconfig; a nonzero exit fails the test unless `exit` is MayFail.
    Run kubectl(const QStringList& args, Exit exit = Exit::MustSucceed)
    {
        return runChecked(m_kubectl, QStringList{QStringLiteral("--kubeconfig"), m_kubeconfig} + args, exit);
    }

    QString m_kubeconfig;
    QString m_kubectl;
    QString m_name;
    QString m_key;
    ui::MainWindow* m_window = nullptr;
};

QTEST_MAIN(TestLiveView)
#include "tst_liveview.moc"
