// Two local control planes at once (the fixtures cluster and cluster_b): one kubeconfig with both
// contexts (tests/cluster/two-contexts), a kube::Informer and a model::ApplicationsModel per
// cluster, merged by model::AllApplicationsModel. Applications created in each cluster show up with
// the right Cluster, a deletion takes its row away, and while the second cluster's API server is
// down the first cluster's rows keep updating.

#include "app/kube/informer.h"
#include "app/kube/kubeclient.h"
#include "app/kube/kubeconfig.h"
#include "models/allapplicationsmodel.h"
#include "models/applicationsmodel.h"
#include "tests/support/multicluster.h"
#include "tests/support/process.h"
#include "tests/support/sparkapps.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using model::AllApplicationsModel;
using model::ApplicationsModel;

namespace {

QString readPathFile(const QByteArray& variable)
{
    QFile f(qEnvironmentVariable(variable.constData()));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll()).trimmed();
}

// One cluster as the test sees it: a client for its context, an informer over all namespaces and
// the applications table.
struct Cluster {
    QString context;
    QString kubeconfig; // the cluster's own kubeconfig (for kubectl)
    QString kubectl;
    std::unique_ptr<kube::KubeClient> client;
    std::unique_ptr<kube::Informer> informer;
    std::unique_ptr<ApplicationsModel> model;
};

} // namespace

class TestAllClusters : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_merged; // the kubeconfig with both contexts
    Cluster m_a;
    Cluster m_b;
    QString m_suffix;

    QString source(const QString& path) const
    {
        return QDir(qEnvironmentVariable("SPARKDECK_SOURCE_DIR")).filePath(path);
    }

    // The State column of `name` of `cluster` in the merged model ("" when there is no such row).
    static QString stateOf(const AllApplicationsModel& m, const QString& cluster, const QString& name)
    {
        for (int r = 0; r < m.rowCount(); ++r)
            if (m.index(r, 0).data().toString() == cluster && m.index(r, 1 + ApplicationsModel::Name).data().toString() == name)
                return m.index(r, 1 + ApplicationsModel::State).data(ApplicationsModel::StateRole).toString();
        return {};
    }
    bool create(const Cluster& c, const QString& name, int runSeconds = 0)
    {
        SparkPiOptions options;
        options.runSeconds = runSeconds;
        const ProcessResult r = kubectlCreate(c.kubectl, c.kubeconfig, sparkPiManifest(QStringLiteral("default"), name, options));
        if (r.exitCode != 0)
            qWarning("kubectl create %s: %s", qPrintable(name), qPrintable(r.err));
        return r.exitCode == 0;
    }
    bool remove(const Cluster& c, const QString& name)
    {
        const ProcessResult r = runProcess(c.kubectl, {QStringLiteral("--kubeconfig"), c.kubeconfig, QStringLiteral("delete"),
                                                       QStringLiteral("sparkapplication"), name, QStringLiteral("-n"),
                                                       QStringLiteral("default"), QStringLiteral("--wait=false")});
        return r.exitCode == 0;
    }
    bool setUp(Cluster& c, const kube::Kubeconfig& config, const QString& context, const QString& ownKubeconfig, QString* why)
    {
        kube::KubeconfigError error;
        const auto connection = config.connection(context, &error);
        if (!connection) {
            *why = error.toString();
            return false;
        }
        c.context = context;
        c.kubeconfig = ownKubeconfig;
        c.kubectl = QFileInfo(ownKubeconfig).absoluteDir().filePath(QStringLiteral("bin/kubectl"));
        c.client = std::make_unique<kube::KubeClient>(*connection);
        c.informer = std::make_unique<kube::Informer>(c.client.get(), kube::ResourceKind::sparkApplications(), QString());
        c.model = std::make_unique<ApplicationsModel>();
        c.model->setInformer(c.informer.get());
        return true;
    }

private slots:
    void initTestCase()
    {
        const QString a = readPathFile("SPARKDECK_TEST_KUBECONFIG_FILE");
        const QString b = readPathFile("SPARKDECK_TEST_KUBECONFIG_FILE_B");
        QVERIFY2(QFileInfo::exists(a) && QFileInfo::exists(b), "the cluster fixtures did not run: start the tests with ctest");
        QVERIFY(m_dir.isValid());
        const ProcessResult merged = runProcess(source(QStringLiteral("tests/cluster/two-contexts")),
                                                {m_dir.filePath(QStringLiteral("both.kubeconfig")), a, b});
        QVERIFY2(merged.exitCode == 0, qPrintable(merged.err));
        m_merged = merged.out.trimmed().section(QLatin1Char('\n'), -1);

        kube::KubeconfigError error;
        const auto config = kube::Kubeconfig::load({m_merged}, true, &error);
        QVERIFY2(config, qPrintable(error.toString()));
        const QString nameA = QStringLiteral("kind-") + qEnvironmentVariable("SPARKDECK_CLUSTER_NAME");
        const QString nameB = QStringLiteral("kind-") + qEnvironmentVariable("SPARKDECK_CLUSTER_NAME_B");
        QCOMPARE(config->contextNames(), (QStringList{nameA, nameB}));
        QCOMPARE(config->currentContext(), nameA);
        QString why;
        QVERIFY2(setUp(m_a, *config, nameA, a, &why), qPrintable(why));
        QVERIFY2(setUp(m_b, *config, nameB, b, &why), qPrintable(why));
        QVERIFY(m_a.client->connection().server != m_b.client->connection().server);
        m_a.informer->start();
        m_b.informer->start();
        QTRY_COMPARE_WITH_TIMEOUT(m_a.informer->state(), kube::Informer::State::Live, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(m_b.informer->state(), kube::Informer::State::Live, 30000);
        m_suffix = QString::number(QRandomGenerator::global()->bounded(100000));
    }

    void bothClustersInOneTable()
    {
        AllApplicationsModel all;
        QAbstractItemModelTester tester(&all, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSortFilterProxyModel sorted;
        sorted.setSourceModel(&all);
        sorted.sort(0);
        QAbstractItemModelTester sortedTester(&sorted, QAbstractItemModelTester::FailureReportingMode::QtTest);
        all.addSource(m_a.context, m_a.model.get());
        all.addSource(m_b.context, m_b.model.get());

        const QString inA = QStringLiteral("multi-a-") + m_suffix;
        const QString inB = QStringLiteral("multi-b-") + m_suffix;
        const QString inBoth = QStringLiteral("multi-both-") + m_suffix; // the same name in each cluster
        QVERIFY(create(m_a, inA));
        QVERIFY(create(m_b, inB));
        QVERIFY(create(m_a, inBoth));
        QVERIFY(create(m_b, inBoth));
        auto has = [&](const Cluster& c, const QString& name) {
            return allApplicationRows(all).contains(c.context + QStringLiteral("|default/") + name);
        };
        QTRY_VERIFY_WITH_TIMEOUT(has(m_a, inA) && has(m_b, inB) && has(m_a, inBoth) && has(m_b, inBoth), 30000);
        QVERIFY(!has(m_b, inA));
        QVERIFY(!has(m_a, inB));
        QCOMPARE(all.rowCount(), m_a.model->rowCount() + m_b.model->rowCount());

        // A row leads back to its cluster's own table.
        const int rowB = all.rowOf(m_b.context, m_b.model->rowOf(QStringLiteral("default/") + inB));
        QVERIFY(rowB >= 0);
        const auto mapped = all.mapToSource(all.index(rowB, 1 + ApplicationsModel::State));
        QCOMPARE(mapped.cluster, m_b.context);
        QCOMPARE(mapped.index.model(), m_b.model.get());
        QCOMPARE(m_b.model->keyAt(mapped.index.row()), QStringLiteral("default/") + inB);
        // The stand-in operator runs them in each cluster: states arrive through both informers.
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(all, m_a.context, inA), QStringLiteral("COMPLETED"), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(all, m_b.context, inB), QStringLiteral("COMPLETED"), 60000);

        // Deleting one cluster's application takes only that row away.
        QVERIFY(remove(m_b, inBoth));
        QTRY_VERIFY_WITH_TIMEOUT(!has(m_b, inBoth), 30000);
        QVERIFY(has(m_a, inBoth));
        QCOMPARE(sorted.rowCount(), all.rowCount());
        for (int r = 1; r < sorted.rowCount(); ++r)
            QVERIFY(sorted.index(r - 1, 0).data().toString() <= sorted.index(r, 0).data().toString());

        QVERIFY(remove(m_a, inA));
        QVERIFY(remove(m_a, inBoth));
        QVERIFY(remove(m_b, inB));
        QTRY_VERIFY_WITH_TIMEOUT(!has(m_a, inA) && !has(m_a, inBoth) && !has(m_b, inB), 30000);
    }

    void firstClusterKeepsUpdatingWhileTheSecondIsDown()
    {
        AllApplicationsModel all;
        QAbstractItemModelTester tester(&all, QAbstractItemModelTester::FailureReportingMode::QtTest);
        all.addSource(m_a.context, m_a.model.get());
        all.addSource(m_b.context, m_b.model.get());
        const QString inB = QStringLiteral("multi-kept-") + m_suffix;
        QVERIFY(create(m_b, inB));
        QTRY_VERIFY_WITH_TIMEOUT(all.rowOf(m_b.context, m_b.model->rowOf(QStringLiteral("default/") + inB)) >= 0, 30000);

        // The second cluster's API server goes away (killed) for a while, then comes back.
        QProcess restart;
        startApiServerOutage(restart, qEnvironmentVariable("SPARKDECK_CLUSTER_NAME_B"), 40);
        auto waitRestart = qScopeGuard([&] { restart.waitForFinished(180000); });
        QTRY_COMPARE_WITH_TIMEOUT(m_b.informer->state(), kube::Informer::State::Reconnecting, 30000);

        // Meanwhile the first cluster's rows arrive and change as before.
        const QString inA = QStringLiteral("multi-live-") + m_suffix;
        QVERIFY(create(m_a, inA, 3));
        QTRY_VERIFY_WITH_TIMEOUT(all.rowOf(m_a.context, m_a.model->rowOf(QStringLiteral("default/") + inA)) >= 0, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(all, m_a.context, inA), QStringLiteral("COMPLETED"), 30000);
        QVERIFY(m_b.informer->state() != kube::Informer::State::Live); // still down while that happened
        // The second cluster's rows stay shown (last known state) while it is down.
        QVERIFY(all.rowOf(m_b.context, m_b.model->rowOf(QStringLiteral("default/") + inB)) >= 0);
        QVERIFY(remove(m_a, inA));
        QTRY_COMPARE_WITH_TIMEOUT(m_a.model->rowOf(QStringLiteral("default/") + inA), -1, 20000);

        // The second comes back on its own.
        QVERIFY(restart.waitForFinished(180000));
        QCOMPARE(restart.exitCode(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(m_b.informer->state(), kube::Informer::State::Live, 90000);
        QVERIFY(remove(m_b, inB));
        QTRY_COMPARE_WITH_TIMEOUT(m_b.model->rowOf(QStringLiteral("default/") + inB), -1, 30000);
    }
};

QTEST_GUILESS_MAIN(TestAllClusters)
#include "tst_allclusters.moc"
