// The window with two local control planes at once (fixtures cluster and cluster_b, one kubeconfig
// with both contexts from tests/cluster/two-contexts): the second context is opened by clicking its
// check box in the cluster list, All clusters shows both clusters' applications with their Cluster
// and live states, a row of the second cluster shows that application of that cluster in the details
// pane, and while the second cluster's API server is down its row in the cluster list says
// Reconnecting and the first cluster's rows keep updating.

#include "app/session/clustersession.h"
#include "app/session/sessionmanager.h"
#include "models/allapplicationsmodel.h"
#include "models/applicationsmodel.h"
#include "models/clusterlistmodel.h"
#include "tests/support/clusterpaths.h"
#include "tests/support/multicluster.h"
#include "tests/support/process.h"
#include "tests/support/sparkapps.h"
#include "ui/clusterlistview.h"
#include "ui/detailspane.h"
#include "ui/mainwindow.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QStyle>
#include <QStyleOptionViewItem>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QTreeView>

#include <memory>

using model::ApplicationsModel;

namespace {

struct Cluster {
    QString context;
    ClusterFixture fixture; // the cluster's own kubeconfig and kubectl
};

} // namespace

class TestAllClustersView : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_merged;
    Cluster m_a;
    Cluster m_b;
    QString m_suffix;
    std::unique_ptr<ui::MainWindow> m_window;

    QString source(const QString& path) const
    {
        return QDir(qEnvironmentVariable("SPARKDECK_SOURCE_DIR")).filePath(path);
    }
    bool create(const Cluster& c, const QString& name, int runSeconds)
    {
        SparkPiOptions options;
        options.runSeconds = runSeconds;
        const ProcessResult r = kubectlCreate(c.fixture.kubectl, c.fixture.kubeconfig, sparkPiManifest(QStringLiteral("default"), name, options));
        if (r.exitCode != 0)
            qWarning("kubectl create %s: %s", qPrintable(name), qPrintable(r.err));
        return r.exitCode == 0;
    }
    bool remove(const Cluster& c, const QString& name)
    {
        return runKubectl(c.fixture, {QStringLiteral("delete"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"),
                                      QStringLiteral("default"), QStringLiteral("--wait=false")})
                   .exitCode
            == 0;
    }
    // The state kubectl reports for `name` in `c` (its status.applicationState.state).
    static QString kubectlState(const Cluster& c, const QString& name)
    {
        return runKubectl(c.fixture, {QStringLiteral("get"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"), QStringLiteral("default"),
                                      QStringLiteral("-o"), QStringLiteral("jsonpath={.status.applicationState.state}")})
            .out.trimmed();
    }
    // The row of `name` of `cluster` in the All clusters table (as shown, sorted), or -1.
    int rowOf(const QString& cluster, const QString& name) const
    {
        const QAbstractItemModel* m = m_window->allClustersTable()->model();
        for (int r = 0; r < m->rowCount(); ++r)
            if (m->index(r, 0).data().toString() == cluster && m->index(r, 1 + ApplicationsModel::Name).data().toString() == name)
                return r;
        return -1;
    }
    QString stateOf(const QString& cluster, const QString& name) const
    {
        const int row = rowOf(cluster, name);
        return row < 0 ? QString()
                       : m_window->allClustersTable()->model()->index(row, 1 + ApplicationsModel::State).data(ApplicationsModel::StateRole).toString();
    }
    // Clicks the check box of `context` in the cluster list.
    void clickCheckBox(const QString& context)
    {
        QTreeView* view = m_window->clusterListView()->view();
        const QModelIndex index = view->model()->index(m_window->sessions()->clusterList()->rowOf(context), model::ClusterListModel::Context);
        QStyleOptionViewItem option;
        option.initFrom(view->viewport());
        option.rect = view->visualRect(index);
        option.features = QStyleOptionViewItem::HasCheckIndicator | QStyleOptionViewItem::HasDisplay;
        option.text = context;
        const QRect box = view->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &option, view);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, box.center());
    }

private slots:
    void initTestCase()
    {
        m_a = {QStringLiteral("kind-") + qEnvironmentVariable("SPARKDECK_CLUSTER_NAME"), readClusterFixture()};
        m_b = {QStringLiteral("kind-") + qEnvironmentVariable("SPARKDECK_CLUSTER_NAME_B"), readClusterFixture("SPARKDECK_TEST_KUBECONFIG_FILE_B")};
        QVERIFY2(m_a.fixture.error.isEmpty(), qPrintable(m_a.fixture.error));
        QVERIFY2(m_b.fixture.error.isEmpty(), qPrintable(m_b.fixture.error));
        QVERIFY(m_dir.isValid());
        const ProcessResult merged = runProcess(source(QStringLiteral("tests/cluster/two-contexts")),
                                                {m_dir.filePath(QStringLiteral("both.kubeconfig")), m_a.fixture.kubeconfig, m_b.fixture.kubeconfig});
        QVERIFY2(merged.exitCode == 0, qPrintable(merged.err));
        m_merged = merged.out.trimmed().section(QLatin1Char('\n'), -1);
        m_suffix = QString::number(QRandomGenerator::global()->bounded(100000));

        ui::SessionOptions options;
        options.kubeconfigFiles = {m_merged};
        options.explicitKubeconfig = true;
        m_window = std::make_unique<ui::MainWindow>(options);
        m_window->resize(1024, 700);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->isConnected(), 30000);
        QCOMPARE(m_window->currentContext(), m_a.context);
    }

    void cleanupTestCase()
    {
        m_window.reset();
    }

    void bothClustersInTheWindow()
    {
        ui::MainWindow& w = *m_window;
        // The offscreen screen is too narrow for the list by default: show it as a user would (F9).
        auto* listAction = w.findChild<QAction*>(QStringLiteral("clusterListAction"));
        QVERIFY(listAction);
        if (!listAction->isChecked())
            listAction->trigger();
        QTRY_VERIFY(w.clusterDock()->isVisible());
        session::SessionManager* sessions = w.sessions();
        model::ClusterListModel* list = sessions->clusterList();
        QCOMPARE(list->contexts(), (QStringList{m_a.context, m_b.context}));
        // The selected context is open; the other one opens with a click on its check box.
        QVERIFY(list->isOpen(m_a.context));
        QVERIFY(!list->isOpen(m_b.context));
        QCOMPARE(w.clusterListView()->stateText(m_b.context), QStringLiteral("Closed"));
        clickCheckBox(m_b.context);
        QTRY_VERIFY(list->isOpen(m_b.context));
        QVERIFY(sessions->session(m_b.context));
        QTRY_VERIFY_WITH_TIMEOUT(w.clusterListView()->stateText(m_b.context).startsWith(QStringLiteral("Live · ")), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(w.clusterListView()->stateText(m_a.context).startsWith(QStringLiteral("Live · ")), 30000);
        // The selected context's check box cannot be cleared.
        clickCheckBox(m_a.context);
        QVERIFY(list->isOpen(m_a.context));

        // All clusters, from its toolbar button.
        QAction* all = w.findChild<QAction*>(QStringLiteral("allClusters"));
        QVERIFY(all && all->isVisible());
        QWidget* button = w.findChild<QToolBar*>(QStringLiteral("clusterToolbar"))->widgetForAction(all);
        QVERIFY(button && button->isVisible());
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(w.allClusters());
        QTRY_VERIFY(w.allClustersTable()->isVisible());
        QCOMPARE(w.allClustersTable()->model()->headerData(0, Qt::Horizontal).toString(), QStringLiteral("Cluster"));

        const QString inA = QStringLiteral("view-a-") + m_suffix;
        const QString inB = QStringLiteral("view-b-") + m_suffix;
        QVERIFY(create(m_a, inA, 4));
        QVERIFY(create(m_b, inB, 4));
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(m_a.context, inA) >= 0 && rowOf(m_b.context, inB) >= 0, 30000);
        QCOMPARE(rowOf(m_b.context, inA), -1);
        QCOMPARE(rowOf(m_a.context, inB), -1);
        // Live states of each cluster: the stand-in operator runs them for 4 s. The second cluster's
        // stand-ins may have lost track of pods after an earlier test killed its API server (the
        // application then ends FAILED, "driver pod not found"): its row must end in the state
        // kubectl reports, whichever it is.
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(m_a.context, inA), QStringLiteral("RUNNING"), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(m_a.context, inA), QStringLiteral("COMPLETED"), 60000);
        const QStringList finished{QStringLiteral("COMPLETED"), QStringLiteral("FAILED")};
        QTRY_VERIFY_WITH_TIMEOUT(finished.contains(stateOf(m_b.context, inB)), 90000);
        QCOMPARE(stateOf(m_b.context, inB), kubectlState(m_b, inB));

        // A click on the second cluster's row shows that application of that cluster.
        QTableView* table = w.allClustersTable();
        const int row = rowOf(m_b.context, inB);
        const QRect cell = table->visualRect(table->model()->index(row, 1 + ApplicationsModel::Name));
        QVERIFY(cell.isValid());
        const int tableHeight = table->height();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QTRY_COMPARE(w.detailsPane()->application(), QStringLiteral("default/") + inB);
        QCOMPARE(table->height(), tableHeight); // the new details pane takes the old one's place and size
        QCOMPARE(w.detailsContext(), m_b.context);
        QCOMPARE(w.allClustersSelectionText(), QStringLiteral("Selected: default/%1 in cluster %2").arg(inB, m_b.context));
        QVERIFY(w.detailsPane()->kubectlCommands().join(QLatin1Char('\n')).contains(QStringLiteral("--context ") + m_b.context));
        QTRY_VERIFY_WITH_TIMEOUT(w.detailsPane()->yamlText().contains(QStringLiteral("name: ") + inB), 30000);
        // ... and one of the first cluster's rows goes back to the first cluster.
        const QRect cellA = table->visualRect(table->model()->index(rowOf(m_a.context, inA), 1 + ApplicationsModel::Name));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cellA.center());
        QTRY_COMPARE(w.detailsPane()->application(), QStringLiteral("default/") + inA);
        QCOMPARE(w.detailsContext(), QString());
        QVERIFY(w.detailsPane()->kubectlCommands().join(QLatin1Char('\n')).contains(QStringLiteral("--context ") + m_a.context));

        QVERIFY(remove(m_a, inA));
        QVERIFY(remove(m_b, inB));
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(m_a.context, inA) < 0 && rowOf(m_b.context, inB) < 0, 30000);
    }

    void theFirstClusterKeepsUpdatingWhileTheSecondIsDown()
    {
        ui::MainWindow& w = *m_window;
        w.sessions()->open(m_b.context);
        w.setAllClusters(true);
        QTRY_VERIFY_WITH_TIMEOUT(w.clusterListView()->stateText(m_b.context).startsWith(QStringLiteral("Live · ")), 30000);
        const QString inB = QStringLiteral("view-kept-") + m_suffix;
        QVERIFY(create(m_b, inB, 0));
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(m_b.context, inB) >= 0, 30000);
        // Its row is selected: the details pane is the second cluster's while it goes down.
        QTableView* table = w.allClustersTable();
        table->selectRow(rowOf(m_b.context, inB));
        QTRY_COMPARE(w.detailsContext(), m_b.context);

        QProcess restart;
        startApiServerOutage(restart, qEnvironmentVariable("SPARKDECK_CLUSTER_NAME_B"), 40);
        auto waitRestart = qScopeGuard([&] { restart.waitForFinished(180000); });
        QTRY_VERIFY_WITH_TIMEOUT(w.clusterListView()->stateText(m_b.context).startsWith(QStringLiteral("Reconnecting (attempt ")), 30000);
        QCOMPARE(w.sessions()->clusterList()->state(m_b.context), model::ClusterListModel::State::Reconnecting);

        // The first cluster's rows arrive and change meanwhile; its row in the list stays live.
        const QString inA = QStringLiteral("view-live-") + m_suffix;
        QVERIFY(create(m_a, inA, 3));
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(m_a.context, inA) >= 0, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(m_a.context, inA), QStringLiteral("COMPLETED"), 30000);
        QVERIFY(w.clusterListView()->stateText(m_a.context).startsWith(QStringLiteral("Live · ")));
        QVERIFY(w.sessions()->clusterList()->state(m_b.context) != model::ClusterListModel::State::Live);
        QVERIFY(rowOf(m_b.context, inB) >= 0); // last known rows stay
        QCOMPARE(w.detailsContext(), m_b.context);
        QVERIFY(remove(m_a, inA));
        QTRY_COMPARE_WITH_TIMEOUT(rowOf(m_a.context, inA), -1, 20000);

        // The second comes back on its own.
        QVERIFY(restart.waitForFinished(180000));
        QCOMPARE(restart.exitCode(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(w.clusterListView()->stateText(m_b.context).startsWith(QStringLiteral("Live · ")), 90000);
        QVERIFY(remove(m_b, inB));
        QTRY_COMPARE_WITH_TIMEOUT(rowOf(m_b.context, inB), -1, 30000);

        // Closing the second cluster takes its rows away and the details pane back to the first.
        QVERIFY(w.sessions()->close(m_b.context));
        QCOMPARE(w.detailsContext(), QString());
        QVERIFY(!w.sessions()->allApplications()->clusters().contains(m_b.context));
    }
};

QTEST_MAIN(TestAllClustersView)
#include "tst_allclustersview.moc"
