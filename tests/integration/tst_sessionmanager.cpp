// session::SessionManager against the local control plane (fixture `cluster`) and a context whose
// API server does not answer: opening and closing through the cluster list's check, the merged
// applications table, a failing session that changes only its own row, a kubeconfig edited on disk,
// and the window's current session. Both models it feeds run under QAbstractItemModelTester.

#include "app/session/clustersession.h"
#include "app/session/sessionmanager.h"
#include "models/allapplicationsmodel.h"
#include "models/applicationsmodel.h"
#include "models/clusterlistmodel.h"
#include "tests/support/clusterpaths.h"
#include "tests/support/multicluster.h"
#include "tests/support/process.h"
#include "tests/support/sparkapps.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QFileInfo>
#include <QDir>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using model::AllApplicationsModel;
using model::ApplicationsModel;
using model::ClusterListModel;
using session::SessionManager;

namespace {

// A kubeconfig with one context, `context`, whose server refuses connections.
QByteArray deadKubeconfig(const QString& context)
{
    return QStringLiteral("apiVersion: v1\nkind: Config\n"
                          "clusters:\n- name: %1\n  cluster:\n    server: https://127.0.0.1:1\n"
                          "users:\n- name: %1\n  user:\n    token: nothing\n"
                          "contexts:\n- name: %1\n  context:\n    cluster: %1\n    user: %1\n")
        .arg(context)
        .toUtf8();
}

bool writeFile(const QString& path, const QByteArray& text)
{
    QSaveFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size() && f.commit();
}

} // namespace

class TestSessionManager : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_live;     // the fixture cluster's kubeconfig
    QString m_liveContext;
    QString m_kubectl;
    QString m_suffix;

    QString deadFile(const QString& name, const QString& context)
    {
        const QString path = m_dir.filePath(name);
        return writeFile(path, deadKubeconfig(context)) ? path : QString();
    }
    bool create(const QString& name)
    {
        const ProcessResult r = kubectlCreate(m_kubectl, m_live, sparkPiManifest(QStringLiteral("default"), name));
        if (r.exitCode != 0)
            qWarning("kubectl create %s: %s", qPrintable(name), qPrintable(r.err));
        return r.exitCode == 0;
    }
    bool remove(const QString& name)
    {
        return runProcess(m_kubectl, {QStringLiteral("--kubeconfig"), m_live, QStringLiteral("delete"), QStringLiteral("sparkapplication"),
                                      name, QStringLiteral("-n"), QStringLiteral("default"), QStringLiteral("--wait=false")})
                   .exitCode
            == 0;
    }
    static bool check(ClusterListModel* list, const QString& context, bool open)
    {
        const int row = list->rowOf(context);
        return row >= 0 && list->setData(list->index(row, ClusterListModel::Context), open ? Qt::Checked : Qt::Unchecked, Qt::CheckStateRole);
    }

private slots:
    void initTestCase()
    {
        const ClusterFixture fixture = readClusterFixture();
        QVERIFY2(fixture.error.isEmpty(), qPrintable(fixture.error));
        m_live = fixture.kubeconfig;
        m_kubectl = fixture.kubectl;
        QVERIFY(m_dir.isValid());
        m_liveContext = QStringLiteral("kind-") + qEnvironmentVariable("SPARKDECK_CLUSTER_NAME");
        m_suffix = QString::number(QRandomGenerator::global()->bounded(100000));
    }

    void openAndCloseThroughTheCheck()
    {
        SessionManager manager;
        QAbstractItemModelTester listTester(manager.clusterList(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester allTester(manager.allApplications(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        manager.watchFiles({m_live}, true);
        ClusterListModel* list = manager.clusterList();
        QCOMPARE(list->contexts(), QStringList{m_liveContext});
        QCOMPARE(manager.summary(m_liveContext), QStringLiteral("Closed"));
        QVERIFY(!manager.session(m_liveContext));

        QVERIFY(check(list, m_liveContext, true));
        QVERIFY(manager.session(m_liveContext));
        QCOMPARE(manager.openContexts(), QStringList{m_liveContext});
        QTRY_COMPARE_WITH_TIMEOUT(list->state(m_liveContext), ClusterListModel::State::Live, 30000);
        QVERIFY2(manager.summary(m_liveContext).startsWith(QStringLiteral("Live · ")), qPrintable(manager.summary(m_liveContext)));

        const QString name = QStringLiteral("manager-") + m_suffix;
        QVERIFY(create(name));
        const QString row = m_liveContext + QStringLiteral("|default/") + name;
        QTRY_VERIFY_WITH_TIMEOUT(allApplicationRows(*manager.allApplications()).contains(row), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(list->applicationCount(m_liveContext), manager.session(m_liveContext)->applications()->rowCount(), 30000);
        QVERIFY(list->applicationCount(m_liveContext) >= 1);

        // Unchecking closes it: its rows leave the merged table.
        QVERIFY(check(list, m_liveContext, false));
        QVERIFY(!manager.session(m_liveContext));
        QCOMPARE(list->state(m_liveContext), ClusterListModel::State::Closed);
        QCOMPARE(manager.allApplications()->rowCount(), 0);
        QVERIFY(remove(name));
    }

    void aFailingSessionChangesOnlyItsOwnRow()
    {
        const QString dead = QStringLiteral("unreachable");
        const QString deadPath = deadFile(QStringLiteral("dead.kubeconfig"), dead);
        QVERIFY(!deadPath.isEmpty());
        SessionManager manager;
        QAbstractItemModelTester listTester(manager.clusterList(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester allTester(manager.allApplications(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        manager.watchFiles({m_live, deadPath}, true);
        ClusterListModel* list = manager.clusterList();
        QCOMPARE(list->contexts(), (QStringList{m_liveContext, dead}));
        QVERIFY(manager.open(dead));
        QVERIFY(manager.open(m_liveContext));
        QVERIFY(list->isOpen(dead) && list->isOpen(m_liveContext));
        QTRY_COMPARE_WITH_TIMEOUT(list->state(dead), ClusterListModel::State::Reconnecting, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(list->state(m_liveContext), ClusterListModel::State::Live, 30000);
        QVERIFY2(manager.summary(dead).startsWith(QStringLiteral("Reconnecting (attempt ")), qPrintable(manager.summary(dead)));
        QVERIFY(!list->detail(dead).isEmpty());

        // The live cluster's applications keep arriving while the other keeps failing.
        const QString name = QStringLiteral("beside-dead-") + m_suffix;
        QVERIFY(create(name));
        QTRY_VERIFY_WITH_TIMEOUT(allApplicationRows(*manager.allApplications()).contains(m_liveContext + QStringLiteral("|default/") + name), 30000);
        QCOMPARE(list->state(m_liveContext), ClusterListModel::State::Live);
        QCOMPARE(manager.allApplications()->clusters(), (QStringList{dead, m_liveContext}));
        QVERIFY(list->state(dead) != ClusterListModel::State::Live);

        // Closing the failing one leaves the other as it is.
        QVERIFY(manager.close(dead));
        QVERIFY(!list->isOpen(dead));
        QCOMPARE(list->state(m_liveContext), ClusterListModel::State::Live);
        QCOMPARE(manager.allApplications()->clusters(), QStringList{m_liveContext});
        QVERIFY(remove(name));
    }

    void theListFollowsTheKubeconfigOnDisk()
    {
        const QString path = deadFile(QStringLiteral("edited.kubeconfig"), QStringLiteral("first"));
        QVERIFY(!path.isEmpty());
        SessionManager manager;
        QAbstractItemModelTester listTester(manager.clusterList(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester allTester(manager.allApplications(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        manager.watchFiles({m_live, path}, true);
        QVERIFY(manager.open(QStringLiteral("first")));
        QVERIFY(manager.open(m_liveContext));

        // "first" is renamed "second": its session closes, the new context is listed closed.
        QVERIFY(writeFile(path, deadKubeconfig(QStringLiteral("second"))));
        QTRY_COMPARE_WITH_TIMEOUT(manager.clusterList()->contexts(), (QStringList{m_liveContext, QStringLiteral("second")}), 10000);
        QVERIFY(!manager.session(QStringLiteral("first")));
        QVERIFY(!manager.clusterList()->isOpen(QStringLiteral("second")));
        QCOMPARE(manager.openContexts(), QStringList{m_liveContext});
        QCOMPARE(manager.allApplications()->clusters(), QStringList{m_liveContext});
        // Sessions opened now use the new file.
        QVERIFY(manager.open(QStringLiteral("second")));
        QCOMPARE(manager.openContexts(), (QStringList{m_liveContext, QStringLiteral("second")}));

        // An unreadable file keeps the last good list.
        QVERIFY(writeFile(path, "contexts: [unclosed"));
        QTRY_VERIFY_WITH_TIMEOUT(!manager.loadError().message.isEmpty(), 10000);
        QCOMPARE(manager.clusterList()->contexts(), (QStringList{m_liveContext, QStringLiteral("second")}));
    }

    void theCurrentSessionStaysOpen()
    {
        SessionManager manager;
        QAbstractItemModelTester listTester(manager.clusterList(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester allTester(manager.allApplications(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        manager.watchFiles({m_live}, true);
        QVERIFY(manager.kubeconfig());
        QVERIFY(manager.open(m_liveContext)); // replaced by the window's own below
        auto current = std::make_unique<session::ClusterSession>(*manager.kubeconfig(), m_liveContext);
        manager.setCurrentSession(current.get());
        QCOMPARE(manager.session(m_liveContext), current.get());
        QCOMPARE(manager.allApplications()->sourceModel(m_liveContext), current->applications());
        QTRY_COMPARE_WITH_TIMEOUT(manager.clusterList()->state(m_liveContext), ClusterListModel::State::Live, 30000);

        // It cannot be unchecked or closed while it is the window's.
        QVERIFY(check(manager.clusterList(), m_liveContext, false));
        QVERIFY(manager.clusterList()->isOpen(m_liveContext));
        QVERIFY(!manager.close(m_liveContext));
        QCOMPARE(manager.open(m_liveContext), current.get());

        // When the window lets it go, the row is closed.
        manager.setCurrentSession(nullptr);
        QVERIFY(!manager.clusterList()->isOpen(m_liveContext));
        QCOMPARE(manager.clusterList()->state(m_liveContext), ClusterListModel::State::Closed);
        QCOMPARE(manager.allApplications()->rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSessionManager)
#include "tst_sessionmanager.moc"
