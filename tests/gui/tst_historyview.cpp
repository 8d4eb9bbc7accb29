// The History tab and the gone applications of the Applications table, offscreen, over a real
// history::HistoryStore in a temporary directory filled with runs as the recorder keeps them.

#include "app/history/historyrunsmodel.h"
#include "app/history/historystore.h"
#include "app/session/historyrecorder.h"
#include "models/applicationsmodel.h"
#include "models/looks.h"
#include "tests/support/messagebox.h"
#include "tests/support/scriptedserver.h"
#include "ui/applicationsview.h"
#include "ui/diagnosispanel.h"
#include "ui/historyview.h"
#include "ui/jobeditor.h"
#include "ui/mainwindow.h"
#include "ui/stateicons.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

namespace {

QString iso(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODate);
}

/// A run as the recorder keeps it: a SparkPi-like application, its events, terminations, states.
history::Run makeRun(const QString& cluster, const QString& ns, const QString& name, const QString& state, bool gone,
                     int minutesAgo, const QString& error = {})
{
    const QDateTime finished = QDateTime::currentDateTimeUtc().addSecs(-60 * minutesAgo);
    const QDateTime started = finished.addSecs(-95);
    const QDateTime created = started.addSecs(-4);
    const QString uid = QStringLiteral("6f1c2a4e-%1-4d0b-9a57-%2").arg(qHash(name) % 10000, 4, 10, QLatin1Char('0')).arg(minutesAgo, 12, 10, QLatin1Char('0'));
    history::Run run;
    run.cluster = cluster;
    run.context = QStringLiteral("kind-spark");
    run.ns = ns;
    run.name = name;
    run.uid = uid;
    run.state = state;
    run.errorMessage = error;
    run.sparkApplicationId = QStringLiteral("spark-%1").arg(QString::number(qHash(name + ns), 16));
    run.created = created;
    run.finished = finished;
    run.goneFromCluster = gone;
    const QJsonObject metadata{{"name", name}, {"namespace", ns}, {"uid", uid}, {"creationTimestamp", iso(created)},
                               {"resourceVersion", "4711"}, {"labels", QJsonObject{{"team", "analytics"}}}};
    const QJsonObject spec{{"type", "Scala"}, {"mode", "cluster"}, {"image", "spark:4.0.0"}, {"imagePullPolicy", "IfNotPresent"},
                           {"mainClass", "org.apache.spark.examples.SparkPi"},
                           {"mainApplicationFile", "local:///opt/spark/examples/jars/spark-examples_2.13-4.0.0.jar"},
                           {"arguments", QJsonArray{"1000"}}, {"sparkVersion", "4.0.0"},
                           {"driver", QJsonObject{{"cores", 1}, {"memory", "512m"}, {"serviceAccount", "spark-operator-spark"}}},
                           {"executor", QJsonObject{{"instances", 2}, {"cores", 1}, {"memory", "512m"}}}};
    const QJsonObject status{{"applicationState", QJsonObject{{"state", state}, {"errorMessage", error}}},
                             {"driverInfo", QJsonObject{{"podName", name + "-driver"}, {"webUIPort", 4040}}},
                             {"sparkApplicationId", run.sparkApplicationId}, {"submissionAttempts", 1}, {"executionAttempts", 1},
                             {"lastSubmissionAttemptTime", iso(started)}, {"terminationTime", iso(finished)}};
    run.object = QJsonObject{{"apiVersion", "sparkoperator.k8s.io/v1beta2"}, {"kind", "SparkApplication"},
                             {"metadata", metadata}, {"spec", spec}, {"status", status}};
    run.stateHistory = QJsonArray{QJsonObject{{"state", "SUBMITTED"}, {"at", iso(started)}},
                                  QJsonObject{{"state", "RUNNING"}, {"at", iso(started.addSecs(12))}},
                                  QJsonObject{{"state", state}, {"at", iso(finished)}}};
    auto event = [&](const QString& type, const QString& reason, const QString& kind, const QString& object, const QString& message, const QDateTime& at) {
        return QJsonObject{{"type", type}, {"reason", reason}, {"message", message}, {"lastTimestamp", iso(at)},
                           {"involvedObject", QJsonObject{{"kind", kind}, {"name", object}, {"namespace", ns}}}};
    };
    run.events = QJsonArray{
        event("Normal", "SparkApplicationSubmitted", "SparkApplication", name, QStringLiteral("SparkApplication %1 was submitted successfully").arg(name), started),
        event("Normal", "Scheduled", "Pod", name + "-driver", QStringLiteral("Successfully assigned %1/%2-driver to worker-1").arg(ns, name), started.addSecs(1)),
        event("Normal", "SparkDriverRunning", "SparkApplication", name, QStringLiteral("Driver %1-driver is running").arg(name), started.addSecs(12))};
    if (state == QLatin1String("FAILED")) {
        run.events.append(event("Warning", "SparkDriverFailed", "SparkApplication", name,
                                QStringLiteral("Driver %1-driver failed").arg(name), finished));
        run.podTerminations = QJsonArray{QJsonObject{{"pod", name + "-driver"}, {"container", "spark-kubernetes-driver"},
                                                     {"reason", "OOMKilled"}, {"exitCode", 137}, {"message", ""},
                                                     {"finishedAt", iso(finished)}}};
    } else {
        run.events.append(event("Normal", "SparkDriverCompleted", "SparkApplication", name,
                                QStringLiteral("Driver %1-driver completed").arg(name), finished));
        run.podTerminations = QJsonArray{QJsonObject{{"pod", name + "-driver"}, {"container", "spark-kubernetes-driver"},
                                                     {"reason", "Completed"}, {"exitCode", 0}, {"message", ""},
                                                     {"finishedAt", iso(finished)}}};
    }
    return run;
}

QByteArray driverLog(const QString& state)
{
    QByteArray log = "25/11/30 09:12:01 INFO SparkContext: Running Spark version 4.0.0\n"
                     "25/11/30 09:12:02 INFO ResourceUtils: No custom resources configured for spark.driver.\n"
                     "25/11/30 09:12:09 INFO KubernetesClusterSchedulerBackend: SchedulerBackend is ready for scheduling\n"
                     "25/11/30 09:12:14 INFO DAGScheduler: Submitting 1000 missing tasks from ResultStage 0\n";
    if (state == QLatin1String("FAILED"))
        log += "25/11/30 09:13:30 ERROR SparkContext: Error initializing SparkContext.\n"
               "java.lang.OutOfMemoryError: Java heap space\n"
               "\tat org.apache.spark.examples.SparkPi$.main(SparkPi.scala:38)\n";
    else
        log += "Pi is roughly 3.1415745914157458\n"
               "25/11/30 09:13:35 INFO SparkContext: Successfully stopped SparkContext\n";
    return log;
}

} // namespace

class TestHistoryView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("SparkDeckTest"));
        ui::installLooks();
        QVERIFY(m_dir.isValid());
        qputenv("SPARKDECK_HISTORY_DB", m_dir.filePath(QStringLiteral("history.sqlite")).toUtf8());
    }

    void init()
    {
        // The process's store, which the window reads too, emptied.
        m_store = session::processHistoryStore();
        QVERIFY2(m_store->isOpen(), qPrintable(m_store->error()));
        QCOMPARE(m_store->path(), m_dir.filePath(QStringLiteral("history.sqlite")));
        for (const history::Run& run : m_store->runs())
            QVERIFY(m_store->remove(run.id));
        m_failed = record(makeRun(kCluster, "default", "spark-pi", "FAILED", true, 3,
                                  "driver container failed with ExitCode: 137, Reason: OOMKilled"));
        m_completed = record(makeRun(kCluster, "analytics", "nightly-etl", "COMPLETED", false, 26));
        m_other = record(makeRun(kCluster, "default", "word-count", "COMPLETED", true, 70));
    }

    void listsRunsWithGoneOnesGreyed()
    {
        history::HistoryRunsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStore(m_store);
        QCOMPARE(model.rowCount(), 3);
        // Newest finished first.
        QCOMPARE(model.index(0, history::HistoryRunsModel::Name).data().toString(), QStringLiteral("spark-pi"));
        const QModelIndex gone = model.index(model.rowOfId(m_failed), history::HistoryRunsModel::State);
        QVERIFY(gone.data(history::HistoryRunsModel::GoneRole).toBool());
        QVERIFY2(gone.data().toString().contains(QStringLiteral("Gone")), qPrintable(gone.data().toString()));
        QCOMPARE(gone.siblingAtColumn(history::HistoryRunsModel::Name).data(Qt::ForegroundRole),
                 model::look(model::Look::Gone, {}, Qt::ForegroundRole));
        const QModelIndex present = model.index(model.rowOfId(m_completed), history::HistoryRunsModel::Name);
        QVERIFY(!present.data(history::HistoryRunsModel::GoneRole).toBool());
        QVERIFY(!present.data(Qt::ForegroundRole).isValid());
        QCOMPARE(present.siblingAtColumn(history::HistoryRunsModel::Duration).data().toString(), QStringLiteral("1m 35s"));
        QCOMPARE(present.siblingAtColumn(history::HistoryRunsModel::Finished).data().toString(), QStringLiteral("26m 00s ago"));
        // A run recorded meanwhile appears (the store's changed()), one deleted goes.
        record(makeRun(kCluster, "default", "spark-pi-2", "COMPLETED", false, 1));
        QCOMPARE(model.rowCount(), 4);
        QVERIFY(m_store->remove(m_other));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.rowOfId(m_other), -1);
    }

    void selectingARunShowsItsLogEventsAndYaml()
    {
        ui::HistoryView view;
        view.setStore(m_store);
        view.resize(1000, 700);
        view.show();
        QVERIFY(view.selectRun(m_failed));
        QCOMPARE(view.currentRunId(), m_failed);
        QVERIFY2(view.headerText().contains(QStringLiteral("Gone from the cluster")), qPrintable(view.headerText()));
        QVERIFY2(view.logText().contains(QStringLiteral("java.lang.OutOfMemoryError: Java heap space")), qPrintable(view.logText()));
        QVERIFY(view.eventLines().contains(QStringLiteral("Warning SparkDriverFailed: Driver spark-pi-driver failed")));
        QCOMPARE(view.eventLines().first(), QStringLiteral("Warning SparkDriverFailed: Driver spark-pi-driver failed")); // newest first
        QVERIFY2(view.summaryText().contains(QStringLiteral("OOMKilled")), qPrintable(view.summaryText()));
        QVERIFY(view.summaryText().contains(QStringLiteral("137")));
        QVERIFY(view.summaryText().contains(QStringLiteral("driver container failed with ExitCode: 137")));
        QVERIFY(view.yamlText().contains(QStringLiteral("mainClass: org.apache.spark.examples.SparkPi")));
        // The Diagnosis tab explains the stored failure from what was kept (the OOMKilled driver).
        QCOMPARE(view.tabs()->tabText(ui::HistoryView::DiagnosisTab), QStringLiteral("Diagnosis"));
        view.tabs()->setCurrentIndex(ui::HistoryView::DiagnosisTab);
        const model::Diagnosis diagnosis = view.diagnosisPanel()->diagnosis();
        QVERIFY2(!diagnosis.isEmpty(), qPrintable(view.diagnosisPanel()->text()));
        QVERIFY2(diagnosis.summary.contains(QStringLiteral("memory"), Qt::CaseInsensitive), qPrintable(diagnosis.summary));
        QVERIFY(view.diagnosisPanel()->isVisible());
        QVERIFY(!view.findChild<QLabel*>(QStringLiteral("historyNoDiagnosis"))->isVisible());
        // Its link opens a copy at the field to change.
        if (!diagnosis.field.isEmpty()) {
            QSignalSpy change(&view, &ui::HistoryView::changeFieldRequested);
            emit view.diagnosisPanel()->changeFieldRequested(diagnosis.field);
            QCOMPARE(change.size(), 1);
            QVERIFY(change.at(0).at(0).toString().contains(QStringLiteral("mainClass: org.apache.spark.examples.SparkPi")));
            QCOMPARE(change.at(0).at(1).toString(), diagnosis.field);
        }
        // Another run: its own log, and nothing to diagnose.
        QVERIFY(view.selectRun(m_completed));
        QVERIFY(view.logText().contains(QStringLiteral("Pi is roughly 3.14")));
        QVERIFY(view.diagnosisPanel()->diagnosis().isEmpty());
        QVERIFY(view.findChild<QLabel*>(QStringLiteral("historyNoDiagnosis"))->isVisible());
        QVERIFY(!view.headerText().contains(QStringLiteral("Gone")));
    }

    void filtersByTextNamespaceAndState()
    {
        ui::HistoryView view;
        view.setStore(m_store);
        QCOMPARE(view.table()->model()->rowCount(), 3);
        view.filterEdit()->setText(QStringLiteral("etl"));
        QCOMPARE(view.table()->model()->rowCount(), 1);
        view.filterEdit()->clear();
        QCOMPARE(view.namespaceFilter()->count(), 3); // All, analytics, default
        view.namespaceFilter()->setCurrentIndex(view.namespaceFilter()->findData(QStringLiteral("default")));
        emit view.namespaceFilter()->activated(view.namespaceFilter()->currentIndex());
        QCOMPARE(view.table()->model()->rowCount(), 2);
        view.stateFilter()->setCurrentIndex(view.stateFilter()->findData(QStringLiteral("failed")));
        emit view.stateFilter()->activated(view.stateFilter()->currentIndex());
        QCOMPARE(view.table()->model()->rowCount(), 1);
        QCOMPARE(view.table()->model()->index(0, 0).data().toString(), QStringLiteral("spark-pi"));
        // Selecting a run filtered out clears the filters.
        QVERIFY(view.selectRun(m_completed));
        QCOMPARE(view.table()->model()->rowCount(), 3);
        QCOMPARE(view.currentRunId(), m_completed);
    }

    void exportWritesABundleAndSaysWhyItCannot()
    {
        ui::HistoryView view;
        view.setStore(m_store);
        QVERIFY(view.selectRun(m_failed));
        const QString file = m_dir.filePath(QStringLiteral("spark-pi.tar.gz"));
        QVERIFY(view.exportBundleTo(file));
        QVERIFY(QFileInfo(file).size() > 100);
        QFile bundle(file);
        QVERIFY(bundle.open(QIODevice::ReadOnly));
        QCOMPARE(bundle.read(2), QByteArray("\x1f\x8b")); // gzip
        // A folder that does not exist: a message box says so and what to do.
        QString text;
        answerNextMessageBox(this, QStringLiteral("OK"), &text);
        QVERIFY(!view.exportBundleTo(m_dir.filePath(QStringLiteral("no/such/dir/b.tar.gz"))));
        QVERIFY2(text.contains(QStringLiteral("no/such/dir")) && text.contains(QStringLiteral("Choose another")), qPrintable(text));
    }

    void deleteFromHistoryAsksFirst()
    {
        ui::HistoryView view;
        view.setStore(m_store);
        QVERIFY(view.selectRun(m_other));
        QString text;
        answerNextMessageBox(this, QStringLiteral("Cancel"), &text);
        view.deleteRun(true);
        QVERIFY2(text.contains(QStringLiteral("word-count")) && text.contains(QStringLiteral("gone for good")), qPrintable(text));
        QVERIFY(m_store->run(m_other).has_value());
        answerNextMessageBox(this, QStringLiteral("Delete"));
        view.deleteRun(true);
        QVERIFY(!m_store->run(m_other).has_value());
        QCOMPARE(view.currentRunId(), qint64(0));
        QCOMPARE(view.table()->model()->rowCount(), 2);
    }

    void resubmitPutsACloneIntoTheJobEditor()
    {
        ui::SessionOptions options;
        options.kubeconfigFiles = {m_dir.filePath(QStringLiteral("no-kubeconfig"))};
        ui::MainWindow window(options);
        window.show();
        ui::HistoryView* history = window.historyView();
        QCOMPARE(history->model()->rowCount(), 3);
        QVERIFY(window.showHistoryRun(m_failed));
        auto* tabs = window.findChild<QTabWidget*>();
        QCOMPARE(tabs->currentWidget(), history);
        QCOMPARE(tabs->tabText(tabs->indexOf(history)), QStringLiteral("History"));
        history->findChild<QToolButton*>(QStringLiteral("historyResubmit"))->click();
        QCOMPARE(tabs->currentWidget(), window.jobEditor());
        QCOMPARE(window.jobEditor()->document().text(QStringLiteral("metadata.name")), QStringLiteral("spark-pi-2"));
        QCOMPARE(window.jobEditor()->document().text(QStringLiteral("spec.mainClass")), QStringLiteral("org.apache.spark.examples.SparkPi"));
        QVERIFY(!window.jobEditor()->yamlText().contains(QStringLiteral("status:")));
        QVERIFY(!window.jobEditor()->yamlText().contains(QStringLiteral("uid:")));
    }

    void goneApplicationsInTheApplicationsTable()
    {
        ScriptedServer server([](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (r.query.hasQueryItem(QStringLiteral("watch")))
                return x->begin();
            QJsonArray items;
            if (r.path.endsWith(QLatin1String("/sparkapplications")))
                items.append(QJsonObject{{"apiVersion", "sparkoperator.k8s.io/v1beta2"}, {"kind", "SparkApplication"},
                                         {"metadata", QJsonObject{{"name", "nightly-etl"}, {"namespace", "default"}, {"uid", "live-1"},
                                                                  {"creationTimestamp", iso(QDateTime::currentDateTimeUtc())}}},
                                         {"status", QJsonObject{{"applicationState", QJsonObject{{"state", "RUNNING"}}}}}});
            x->reply(200, QJsonDocument(QJsonObject{{"kind", "List"}, {"apiVersion", "v1"}, {"metadata", QJsonObject{{"resourceVersion", "1"}}},
                                                    {"items", items}}).toJson(QJsonDocument::Compact));
        });
        // This cluster's gone runs (default namespace) and one of another cluster.
        const qint64 gone = record(makeRun(history::clusterIdentity(QUrl(server.url())), "default", "spark-pi", "FAILED", true, 5, "OOMKilled"));
        record(makeRun(QStringLiteral("https://elsewhere:6443"), "default", "elsewhere", "COMPLETED", true, 5));
        QTemporaryDir dir;
        const QString config = dir.filePath(QStringLiteral("config"));
        QVERIFY(server.writeKubeconfig(config, QStringLiteral("c"), QStringLiteral("default")));
        ui::SessionOptions options;
        options.kubeconfigFiles = {config};
        options.explicitKubeconfig = true;
        ui::MainWindow window(options);
        window.show();
        ui::ApplicationsView* apps = window.applicationsView();
        QAbstractItemModelTester goneTester(window.goneModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester tableTester(apps->table()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE(apps->table()->model()->rowCount(), 1);
        QVERIFY(apps->showGoneBox()->isVisible());
        apps->showGoneBox()->setChecked(true);
        QCOMPARE(apps->table()->model()->rowCount(), 2); // the live one, and the gone spark-pi of this cluster
        QModelIndex goneRow;
        for (int row = 0; row < 2; ++row)
            if (apps->table()->model()->index(row, 0).data().toString() == QLatin1String("spark-pi"))
                goneRow = apps->table()->model()->index(row, 0);
        QVERIFY(goneRow.isValid());
        QCOMPARE(goneRow.data(Qt::ForegroundRole), model::look(model::Look::Gone, {}, Qt::ForegroundRole));
        QVERIFY(goneRow.siblingAtColumn(model::ApplicationsModel::State).data().toString().contains(QStringLiteral("Gone")));
        // The filters apply to gone rows too.
        apps->filterEdit()->setText(QStringLiteral("spark"));
        QCOMPARE(apps->table()->model()->rowCount(), 1);
        apps->filterEdit()->clear();
        // Opening it shows it in the History tab.
        goneRow = apps->table()->model()->index(goneRow.row(), 0);
        emit apps->table()->activated(goneRow);
        QCOMPARE(window.findChild<QTabWidget*>()->currentWidget(), window.historyView());
        QCOMPARE(window.historyView()->currentRunId(), gone);
        apps->showGoneBox()->setChecked(false);
        QCOMPARE(apps->table()->model()->rowCount(), 1);

        // A run recorded meanwhile (another application ended) never takes the user's selection of
        // a live row away, whether gone rows are shown or not.
        window.showApplications();
        for (bool showGone : {false, true}) {
            apps->showGoneBox()->setChecked(showGone);
            QVERIFY(apps->selectKey(QStringLiteral("default/nightly-etl")));
            const int rows = apps->table()->model()->rowCount();
            record(makeRun(history::clusterIdentity(QUrl(server.url())), "default", showGone ? "word-count" : "pi-2", "COMPLETED", true, 1));
            QCOMPARE(apps->table()->model()->rowCount(), rows + (showGone ? 1 : 0));
            QCOMPARE(apps->currentKey(), QStringLiteral("default/nightly-etl"));
        }
    }

    void historyTabIsUsableAt1024x700()
    {
        ui::SessionOptions options;
        options.kubeconfigFiles = {m_dir.filePath(QStringLiteral("no-kubeconfig"))};
        ui::MainWindow window(options);
        window.resize(1024, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.showHistoryRun(m_failed));
        ui::HistoryView* view = window.historyView();
        for (QWidget* w : std::initializer_list<QWidget*>{view->table(), view->tabs(), view->filterEdit(), view->stateFilter(),
                                                          view->findChild<QToolButton*>(QStringLiteral("historyExport")),
                                                          view->findChild<QToolButton*>(QStringLiteral("historyDelete"))}) {
            QVERIFY2(w->isVisible() && w->width() > 20 && w->height() > 10, qPrintable(w->objectName()));
            const QRect r(w->mapTo(&window, QPoint(0, 0)), w->size());
            QVERIFY2(window.rect().contains(r), qPrintable(w->objectName()));
        }
        QVERIFY(view->table()->height() >= 3 * view->table()->verticalHeader()->defaultSectionSize());
        QVERIFY(view->tabs()->height() > 200);
        // Every column of the table fits without scrolling sideways.
        QTRY_VERIFY(view->table()->horizontalHeader()->length() <= view->table()->viewport()->width() + 1);
        if (qEnvironmentVariableIsSet("SPARKDECK_SCREENSHOT_DIR")) {
            record(makeRun(kCluster, "analytics", "daily-report-py", "SUBMISSION_FAILED", true, 190,
                           "failed to run spark-submit: Exception in thread \"main\" java.io.FileNotFoundException: report.py"));
            record(makeRun(kCluster, "default", "spark-pi-2", "COMPLETED", false, 1));
            record(makeRun(kCluster, "analytics", "sessionize-clicks", "COMPLETED", true, 400));
            QVERIFY(window.showHistoryRun(m_failed));
            view->tabs()->setCurrentIndex(ui::HistoryView::SummaryTab);
            window.resize(1200, 760);
            QTest::qWait(50);
            window.grab().save(qEnvironmentVariable("SPARKDECK_SCREENSHOT_DIR") + QStringLiteral("/history.png"));
        }
    }

private:
    qint64 record(const history::Run& run)
    {
        const qint64 id = m_store->record(run, driverLog(run.state));
        if (id == 0)
            qWarning("record failed: %s", qPrintable(m_store->error()));
        return id;
    }

    const QString kCluster = QStringLiteral("https://127.0.0.1:6443");
    QTemporaryDir m_dir;
    history::HistoryStore* m_store = nullptr;
    qint64 m_failed = 0, m_completed = 0, m_other = 0;
};

QTEST_MAIN(TestHistoryView)
#include "tst_historyview.moc"
