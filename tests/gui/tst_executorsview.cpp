// The Executors tab and "Open in History Server" of the DetailsPane, on a scripted API server and a
// scripted Spark UI serving recorded Spark 4.0.2 REST answers (the kubectl port-forward is the
// stand-in): the monitor runs only while the tab is shown, the table and the chart fill, the tab
// says when the application ended; the History Server button opens <base>/history/<id>/ for a
// finished application and says how to set the URL when there is none.

#include "app/session/applicationdetails.h"
#include "app/session/executorsmonitor.h"
#include "app/session/historyserver.h"
#include "ui/detailspane.h"
#include "ui/executorsview.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QInputDialog>
#include <QMessageBox>
#include <QTimer>
#include <QToolButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include "tests/support/fakesparkapp.h"

using State = session::ExecutorsMonitor::State;

class TestExecutorsView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        useTestSettings(QStringLiteral("tst_executorsview"));
        qputenv("SPARKDECK_NO_BROWSER", "1");
    }

    void theTabWatchesExecutorsOnlyWhileShown()
    {
        FakeSparkCluster spark;
        KubectlStandin kubectl(spark.ui.port(), QStringLiteral("tst_executorsview"));
        Pane p(spark);
        ui::ExecutorsView* view = p.pane.executorsView();
        QVERIFY(view);
        const int tab = p.pane.tabs()->indexOf(view);
        QCOMPARE(p.pane.tabs()->tabText(tab), QStringLiteral("Executors"));
        session::ExecutorsMonitor* monitor = view->monitor();
        monitor->setInterval(50);
        QAbstractItemModelTester tester(monitor->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        // Not shown: nothing asked.
        QCOMPARE(monitor->state(), State::Idle);
        QVERIFY(spark.ui.requests().isEmpty());
        QVERIFY2(view->statusText().contains(QStringLiteral("while the driver runs")), qPrintable(view->statusText()));

        p.pane.tabs()->setCurrentIndex(tab);
        QTRY_COMPARE(monitor->state(), State::Live);
        QTRY_COMPARE(view->table()->model()->rowCount(), 3);
        QVERIFY2(view->statusText().contains(QStringLiteral("spark-3b6e215400dc40c99b7151a00a662950")), qPrintable(view->statusText()));
        QTRY_VERIFY(view->chartPoints() >= 2);
        QCOMPARE(view->table()->model()->index(0, model::ExecutorsModel::Id).data().toString(), QStringLiteral("driver"));

        // Another tab: the monitor stops, the rows stay.
        p.pane.showTab(ui::DetailsPane::LogsTab);
        QCOMPARE(monitor->state(), State::Idle);
        QVERIFY(!monitor->isAsking());
        QCOMPARE(view->table()->model()->rowCount(), 3);

        // Back, then the application completes: the tab says so and asks no more.
        p.pane.tabs()->setCurrentIndex(tab);
        QTRY_COMPARE(monitor->state(), State::Live);
        spark.setState(QStringLiteral("COMPLETED"));
        QTRY_COMPARE(monitor->state(), State::Ended);
        QVERIFY2(view->statusText().contains(QStringLiteral("The application is COMPLETED: its driver and Spark UI have ended")),
                 qPrintable(view->statusText()));
    }

    void openInHistoryServer()
    {
        FakeSparkCluster spark(QStringLiteral("RUNNING"));
        Pane p(spark);
        QSignalSpy opened(&p.pane, &ui::DetailsPane::historyServerPageReady);
        // Running: the History Server is for finished applications.
        p.pane.openInHistoryServer();
        QVERIFY2(p.pane.sparkUiProblem().contains(QStringLiteral("has not finished (RUNNING)")), qPrintable(p.pane.sparkUiProblem()));

        spark.setState(QStringLiteral("COMPLETED"));
        QTRY_COMPARE(p.pane.details()->facts().state, QStringLiteral("COMPLETED"));
        // Nothing set and no Service: the message says how to set the URL.
        p.pane.openInHistoryServer();
        QTRY_VERIFY2(p.pane.sparkUiProblem().contains(QStringLiteral("Set History Server URL…")), qPrintable(p.pane.sparkUiProblem()));
        QCOMPARE(opened.size(), 0);

        // With a URL set for the context: the application's page.
        session::HistoryServer::setConfiguredUrl(QStringLiteral("kind-test"), QUrl(QStringLiteral("http://history.example.com:18080")));
        auto unset = qScopeGuard([] { session::HistoryServer::setConfiguredUrl(QStringLiteral("kind-test"), QUrl()); });
        p.pane.openInHistoryServer();
        QTRY_COMPARE(opened.size(), 1);
        QCOMPARE(opened.at(0).at(0).toUrl(),
                 QUrl(QStringLiteral("http://history.example.com:18080/history/spark-3b6e215400dc40c99b7151a00a662950/")));
        QVERIFY(p.pane.sparkUiProblem().isEmpty());
    }

    void theHistoryServerUrlIsAskedForAndChecked()
    {
        FakeSparkCluster spark(QStringLiteral("COMPLETED"));
        Pane p(spark);
        auto unset = qScopeGuard([] { session::HistoryServer::setConfiguredUrl(QStringLiteral("kind-test"), QUrl()); });
        // A user types an address without a scheme, reads why it is refused, then types a URL.
        QStringList answers{QStringLiteral("history:18080"), QStringLiteral("http://history.example.com:18080")};
        QStringList warnings;
        QTimer user;
        connect(&user, &QTimer::timeout, this, [&] {
            QWidget* modal = QApplication::activeModalWidget();
            if (auto* box = qobject_cast<QMessageBox*>(modal)) {
                warnings << box->text();
                box->accept();
            } else if (auto* input = qobject_cast<QInputDialog*>(modal); input && !answers.isEmpty()) {
                QVERIFY(input->labelText().contains(QStringLiteral("kind-test")));
                input->setTextValue(answers.takeFirst());
                input->accept();
            }
        });
        user.start(50);
        p.pane.editHistoryServerUrl();
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings.at(0).contains(QStringLiteral("with http:// or https://")), qPrintable(warnings.at(0)));
        QCOMPARE(session::HistoryServer::configuredUrl(QStringLiteral("kind-test")), QUrl(QStringLiteral("http://history.example.com:18080")));
        // The button now opens the application's page there.
        QSignalSpy opened(&p.pane, &ui::DetailsPane::historyServerPageReady);
        QTRY_COMPARE(p.pane.details()->facts().state, QStringLiteral("COMPLETED"));
        p.pane.findChild<QToolButton*>(QStringLiteral("historyServerButton"))->click();
        QTRY_COMPARE(opened.size(), 1);
        QCOMPARE(opened.at(0).at(0).toUrl().host(), QStringLiteral("history.example.com"));
    }

private:
    /// A DetailsPane showing default/spark-pi of `spark`'s API server, in context "kind-test".
    struct Pane {
        explicit Pane(FakeSparkCluster& spark) : app(spark), pane(&app.applications)
        {
            pane.resize(1000, 700);
            pane.setClient(&app.client, {QStringLiteral("/tmp/kubeconfig")}, QStringLiteral("kind-test"));
            pane.show();
            QTRY_VERIFY(app.waitListed());
            pane.setApplication(QStringLiteral("default/spark-pi"));
        }
        FakeSparkApp app;
        ui::DetailsPane pane;
    };
};

QTEST_MAIN(TestExecutorsView)
#include "tst_executorsview.moc"
