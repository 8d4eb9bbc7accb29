// session::HistoryRecorder against the stand-in cluster: a job that completes and one that fails are
// recorded with their events, pod terminations and driver log; `kubectl delete` marks them gone and
// they stay readable; a new recorder (a restart) still has them and marks what vanished meanwhile.
#include "app/history/historystore.h"
#include "app/kube/kubeconfig.h"
#include "app/session/clustersession.h"
#include "app/session/historyrecorder.h"
#include "app/session/sessionmanager.h"
#include "tests/support/clusterpaths.h"
#include "tests/support/sparkapps.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

QString uniqueName(const QString& prefix)
{
    return prefix + QLatin1Char('-') + QString::number(QRandomGenerator::global()->bounded(100000, 999999));
}

std::optional<history::Run> runOf(const history::HistoryStore& store, const QString& name)
{
    return store.latest(QStringLiteral("default"), name);
}

bool hasReason(const QJsonArray& items, const QString& reason)
{
    for (const QJsonValue& v : items) {
        if (v.toObject().value(QLatin1String("reason")).toString() == reason)
            return true;
    }
    return false;
}

} // namespace

class TstHistory : public QObject {
    Q_OBJECT
private:
    ClusterFixture m_fixture;
    std::optional<kube::Kubeconfig> m_kubeconfig;
    QTemporaryDir m_dir;
    QString m_completed;
    QString m_failed;

private slots:
    void initTestCase()
    {
        m_fixture = readClusterFixture();
        QVERIFY2(!m_fixture.kubeconfig.isEmpty(), qPrintable(m_fixture.error));
        kube::KubeconfigError error;
        m_kubeconfig = kube::Kubeconfig::load({m_fixture.kubeconfig}, true, &error);
        QVERIFY2(m_kubeconfig, qPrintable(error.toString()));
        QVERIFY(m_dir.isValid());
        // The process's store (SessionManager's recorders use it) is a file of this test.
        qputenv("SPARKDECK_HISTORY_DB", m_dir.filePath(QStringLiteral("process.sqlite")).toUtf8());
    }

    // A completing and a failing job: both recorded with state history, events, terminations and log.
    void recordsCompletedAndFailedJobs()
    {
        history::HistoryStore store(m_dir.filePath(QStringLiteral("history.sqlite")));
        QVERIFY(store.open());
        session::ClusterSession s(*m_kubeconfig, m_kubeconfig->currentContext(), QStringLiteral("default"), true);
        QVERIFY(s.client());
        session::HistoryRecorder recorder(&store);
        recorder.follow(&s);
        QSignalSpy recorded(&recorder, &session::HistoryRecorder::recorded);
        QSignalSpy failures(&recorder, &session::HistoryRecorder::recordFailed);

        m_completed = uniqueName(QStringLiteral("hist-ok"));
        m_failed = uniqueName(QStringLiteral("hist-fail"));
        SparkPiOptions ok;
        ok.runSeconds = 3;
        SparkPiOptions bad = ok;
        bad.failing = true;
        QCOMPARE(kubectlCreate(m_fixture.kubectl, m_fixture.kubeconfig, sparkPiManifest(QStringLiteral("default"), m_completed, ok)).exitCode, 0);
        QCOMPARE(kubectlCreate(m_fixture.kubectl, m_fixture.kubeconfig, sparkPiManifest(QStringLiteral("default"), m_failed, bad)).exitCode, 0);

        QTRY_VERIFY_WITH_TIMEOUT(runOf(store, m_completed) && runOf(store, m_failed), 120000);
        QTRY_VERIFY_WITH_TIMEOUT(!recorder.busy(), 30000);
        QCOMPARE(failures.size(), 0);

        const history::Run done = *runOf(store, m_completed);
        QCOMPARE(done.state, QStringLiteral("COMPLETED"));
        QCOMPARE(done.cluster, s.connection().server.toString());
        QCOMPARE(done.context, s.context());
        QVERIFY(!done.uid.isEmpty());
        QVERIFY(done.finished.isValid());
        QVERIFY(!done.goneFromCluster);
        // Observed from the start: more than the terminal state.
        QVERIFY2(done.stateHistory.size() >= 2, QJsonDocument(done.stateHistory).toJson().constData());
        QCOMPARE(done.stateHistory.last().toObject().value(QLatin1String("state")).toString(), QStringLiteral("COMPLETED"));
        QVERIFY2(!done.events.isEmpty(), "the application's and its pods' events");
        QVERIFY2(hasReason(done.podTerminations, QStringLiteral("Completed")), QJsonDocument(done.podTerminations).toJson().constData());
        QVERIFY(done.driverLogBytes > 0);
        QVERIFY(store.driverLog(done.id).contains("SparkContext"));

        const history::Run failed = *runOf(store, m_failed);
        QCOMPARE(failed.state, QStringLiteral("FAILED"));
        QVERIFY(!failed.errorMessage.isEmpty());
        QVERIFY2(hasReason(failed.podTerminations, QStringLiteral("Error")), QJsonDocument(failed.podTerminations).toJson().constData());
        bool exit1 = false;
        for (const QJsonValue& v : failed.podTerminations)
            exit1 = exit1 || v.toObject().value(QLatin1String("exitCode")).toInt() == 1;
        QVERIFY(exit1);
        QVERIFY(!failed.events.isEmpty());
        QVERIFY(store.driverLog(failed.id).contains("ERROR"));
        QVERIFY(recorded.size() >= 2);

        // kubectl delete: marked gone, still readable.
        runKubectl(m_fixture, {QStringLiteral("delete"), QStringLiteral("sparkapplication"), QStringLiteral("-n"), QStringLiteral("default"), m_completed});
        QTRY_VERIFY_WITH_TIMEOUT(runOf(store, m_completed)->goneFromCluster, 30000);
        QCOMPARE(runOf(store, m_completed)->state, QStringLiteral("COMPLETED"));
        QVERIFY(store.driverLog(done.id).contains("SparkContext"));
        QVERIFY(!runOf(store, m_failed)->goneFromCluster);
    }

    // A restart: a new store object and recorder on the same file still have the runs; what was
    // deleted while nothing watched is marked gone after the first list; nothing is recorded twice.
    void restartKeepsTheHistory()
    {
        QVERIFY(!m_failed.isEmpty());
        runKubectl(m_fixture, {QStringLiteral("delete"), QStringLiteral("sparkapplication"), QStringLiteral("-n"), QStringLiteral("default"), m_failed});
        history::HistoryStore store(m_dir.filePath(QStringLiteral("history.sqlite")));
        QVERIFY(store.open());
        QVERIFY(runOf(store, m_completed));
        QVERIFY(!runOf(store, m_failed)->goneFromCluster);
        const int before = store.runs().size();

        session::ClusterSession s(*m_kubeconfig, m_kubeconfig->currentContext(), QStringLiteral("default"), true);
        session::HistoryRecorder recorder(&store);
        recorder.follow(&s);
        QTRY_VERIFY_WITH_TIMEOUT(runOf(store, m_failed)->goneFromCluster, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!recorder.busy(), 60000);
        QVERIFY(runOf(store, m_completed)->goneFromCluster);
        QCOMPARE(runOf(store, m_failed)->state, QStringLiteral("FAILED"));
        QVERIFY(store.driverLog(runOf(store, m_failed)->id).contains("ERROR"));
        // Runs are keyed by uid: nothing was recorded twice.
        QCOMPARE(store.runs({{}, QStringLiteral("default"), m_failed, false, 0}).size(), 1);
        QCOMPARE(store.runs({{}, QStringLiteral("default"), m_completed, false, 0}).size(), 1);
        QVERIFY(store.runs().size() >= before);
    }

    // Finished applications in the first list (ended while nothing watched): the most recent are
    // gathered, the next ones kept from their object alone, older ones left out, so a namespace of
    // thousands of finished jobs costs a bounded number of requests and rows.
    void firstListBacklogIsBounded()
    {
        QStringList names;
        SparkPiOptions quick;
        quick.runSeconds = 1;
        for (int i = 0; i < 3; ++i) {
            names << uniqueName(QStringLiteral("hist-old"));
            QCOMPARE(kubectlCreate(m_fixture.kubectl, m_fixture.kubeconfig, sparkPiManifest(QStringLiteral("default"), names.last(), quick)).exitCode, 0);
        }
        const auto allEnded = [&] {
            for (const QString& n : names) {
                const QString state = runKubectl(m_fixture, {QStringLiteral("get"), QStringLiteral("sparkapplication"), QStringLiteral("-n"),
                                                             QStringLiteral("default"), n, QStringLiteral("-o"),
                                                             QStringLiteral("jsonpath={.status.applicationState.state}")})
                                          .out.trimmed();
                if (state != QStringLiteral("COMPLETED"))
                    return false;
            }
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(allEnded(), 120000);

        history::HistoryStore store(m_dir.filePath(QStringLiteral("backlog.sqlite")));
        QVERIFY(store.open());
        session::ClusterSession s(*m_kubeconfig, m_kubeconfig->currentContext(), QStringLiteral("default"), true);
        session::HistoryRecorder recorder(&store);
        recorder.setBacklogLimits(1, 2);
        recorder.follow(&s);
        QTRY_VERIFY_WITH_TIMEOUT(s.applicationsInformer()->hasSynced(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!recorder.busy(), 60000);
        const QList<history::Run> runs = store.runs();
        QCOMPARE(runs.size(), 2);
        QVERIFY(recorder.backlogSkipped() >= 1);
        // One gathered (its events), the other kept from its object alone.
        int gathered = 0;
        int objectOnly = 0;
        for (const history::Run& r : runs) {
            QVERIFY(!r.object.isEmpty());
            if (!r.events.isEmpty())
                ++gathered;
            else if (r.podTerminations.isEmpty() && r.driverLogBytes == 0)
                ++objectOnly;
        }
        QCOMPARE(gathered, 1);
        QCOMPARE(objectOnly, 1);
        for (const QString& n : names)
            runKubectl(m_fixture, {QStringLiteral("delete"), QStringLiteral("sparkapplication"), QStringLiteral("-n"), QStringLiteral("default"), n});
    }

    // The recorder follows the session's new informer when the watched namespace changes.
    void followsANamespaceChange()
    {
        history::HistoryStore store(m_dir.filePath(QStringLiteral("namespaces.sqlite")));
        QVERIFY(store.open());
        session::ClusterSession s(*m_kubeconfig, m_kubeconfig->currentContext(), QStringLiteral("kube-system"), true);
        session::HistoryRecorder recorder(&store);
        recorder.follow(&s);
        s.setNamespace(QStringLiteral("default"));
        const QString name = uniqueName(QStringLiteral("hist-ns"));
        SparkPiOptions o;
        o.runSeconds = 2;
        QCOMPARE(kubectlCreate(m_fixture.kubectl, m_fixture.kubeconfig, sparkPiManifest(QStringLiteral("default"), name, o)).exitCode, 0);
        QTRY_VERIFY_WITH_TIMEOUT(runOf(store, name), 120000);
        QVERIFY(runOf(store, name)->stateHistory.size() >= 2);
        runKubectl(m_fixture, {QStringLiteral("delete"), QStringLiteral("sparkapplication"), QStringLiteral("-n"), QStringLiteral("default"), name});
    }

    // The window's sessions record into the process's store: SessionManager wires a recorder.
    void sessionManagerRecords()
    {
        session::SessionManager manager;
        manager.setKubeconfig(*m_kubeconfig, true);
        session::ClusterSession* s = manager.open(m_kubeconfig->currentContext());
        QVERIFY(s);
        QVERIFY(s->findChild<session::HistoryRecorder*>());
        history::HistoryStore* store = session::processHistoryStore();
        QVERIFY2(store->isOpen(), qPrintable(store->problem()));
        QCOMPARE(store->path(), m_dir.filePath(QStringLiteral("process.sqlite")));
        const QString name = uniqueName(QStringLiteral("hist-window"));
        SparkPiOptions o;
        o.runSeconds = 2;
        QCOMPARE(kubectlCreate(m_fixture.kubectl, m_fixture.kubeconfig, sparkPiManifest(QStringLiteral("default"), name, o)).exitCode, 0);
        QTRY_VERIFY_WITH_TIMEOUT(store->latest(QStringLiteral("default"), name), 120000);
        QCOMPARE(store->latest(QStringLiteral("default"), name)->state, QStringLiteral("COMPLETED"));
        runKubectl(m_fixture, {QStringLiteral("delete"), QStringLiteral("sparkapplication"), QStringLiteral("-n"), QStringLiteral("default"), name});
        QTRY_VERIFY_WITH_TIMEOUT(store->latest(QStringLiteral("default"), name)->goneFromCluster, 30000);
    }
};

QTEST_GUILESS_MAIN(TstHistory)
#include "tst_history.moc"
