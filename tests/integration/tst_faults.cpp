// Fault tests: SparkDeck talks to the real kube-apiserver through the fault-injection proxy of
// tests/cluster (test infrastructure, not a Kubernetes stand-in), which drops connections
// mid-stream, answers 410 / 429 / 500, turns a watch into an ERROR 410 event, refuses connections
// for a while; and the API server itself is restarted. After each fault the table must equal what
// kubectl (talking to the API server directly) says: same names, same states. A dropped log
// stream must resume without duplicated or missing lines.

#include "models/applicationsmodel.h"
#include "app/kube/informer.h"
#include "app/kube/kubeclient.h"
#include "app/kube/kubeconfig.h"
#include "models/logmodel.h"
#include "app/kube/logstream.h"
#include "ui/mainwindow.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryFile>
#include <QTest>

#include "tests/support/faultproxy.h"
#include "tests/support/process.h"
#include "tests/support/sparkapps.h"

namespace {
using Run = ProcessResult;
} // namespace

class TestFaults : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QFile f(qEnvironmentVariable("SPARKDECK_TEST_KUBECONFIG_FILE"));
        QVERIFY2(f.open(QIODevice::ReadOnly), "the cluster fixture did not run: use ctest -L integration");
        m_kubeconfig = QString::fromUtf8(f.readAll()).trimmed();
        const QDir state = QFileInfo(m_kubeconfig).absoluteDir();
        m_kubectl = state.filePath(QStringLiteral("bin/kubectl"));
        m_cluster = qEnvironmentVariable("SPARKDECK_SOURCE_DIR") + QStringLiteral("/tests/cluster/");
        // Start the proxy in front of the fixture's API server.
        const Run up = script(QStringLiteral("faultproxy"), {QStringLiteral("up")});
        QVERIFY2(up.exitCode == 0, qPrintable(up.err));
        m_faultyKubeconfig = up.out.trimmed().split(QLatin1Char('\n')).last();
        QVERIFY2(QFileInfo::exists(m_faultyKubeconfig), qPrintable(m_faultyKubeconfig));
        QFile control(state.filePath(QStringLiteral("faultproxy.control")));
        QVERIFY(control.open(QIODevice::ReadOnly));
        m_control = QUrl(QString::fromUtf8(control.readAll()).trimmed());
        QVERIFY(m_control.isValid());
        kubectl({QStringLiteral("create"), QStringLiteral("namespace"), QStringLiteral("faults")}, Exit::MayFail); // may exist already
        m_prefix = QStringLiteral("f") + QString::number(QRandomGenerator::global()->generate() % 0xFFFF, 16);

        ui::SessionOptions options;
        options.kubeconfigFiles = {m_faultyKubeconfig};
        options.explicitKubeconfig = true;
        options.ns = QString(); // all namespaces
        m_window = new ui::MainWindow(options);
        m_window->show();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->informer() && m_window->informer()->state() == kube::Informer::State::Live, 20000);
        QVERIFY(m_window->currentContext().endsWith(QLatin1String("-faulty")));
    }

    void cleanupTestCase()
    {
        delete m_window;
        control("DELETE", QStringLiteral("/faults"));
        kubectl({QStringLiteral("delete"), QStringLiteral("sparkapplications"), QStringLiteral("--all"), QStringLiteral("-n"),
                 QStringLiteral("faults"), QStringLiteral("--wait=false")},
                Exit::MayFail); // best effort
        script(QStringLiteral("faultproxy"), {QStringLiteral("down")});
    }

    void droppedConnectionMidStream()
    {
        QVERIFY(control("POST", QStringLiteral("/faults"),
                        {{QStringLiteral("match"), QStringLiteral("watch=1")}, {QStringLiteral("action"), QStringLiteral("drop")},
                         {QStringLiteral("count"), 1}, {QStringLiteral("afterBytes"), 10}, {QStringLiteral("scope"), QStringLiteral("connection")}}));
        // Faults apply to new requests: end the current watch so the next one is cut mid-stream.
        QVERIFY(control("POST", QStringLiteral("/drop-all")));
        churn(QStringLiteral("drop"));
        expectTableEqualsServer();
        QCOMPARE(stat(QStringLiteral("drop")), 1); // the watch really was cut
    }

    void expiredResourceVersionOnTheNextWatch()
    {
        // The next watch answers HTTP 410; drop the current one so SparkDeck has to ask.
        QVERIFY(control("POST", QStringLiteral("/faults"),
                        {{QStringLiteral("match"), QStringLiteral("watch=1")}, {QStringLiteral("action"), QStringLiteral("status")},
                         {QStringLiteral("status"), 410}, {QStringLiteral("count"), 1}}));
        QVERIFY(control("POST", QStringLiteral("/drop-all")));
        churn(QStringLiteral("gone"));
        expectTableEqualsServer();
        QVERIFY(stat(QStringLiteral("status-410")) >= 1);
    }

    void expiredAsWatchErrorEvent()
    {
        QVERIFY(control("POST", QStringLiteral("/faults"),
                        {{QStringLiteral("match"), QStringLiteral("watch=1")}, {QStringLiteral("action"), QStringLiteral("watch-error-410")},
                         {QStringLiteral("count"), 1}}));
        QVERIFY(control("POST", QStringLiteral("/drop-all")));
        churn(QStringLiteral("event"));
        expectTableEqualsServer();
        QVERIFY(stat(QStringLiteral("watch-error-410")) >= 1);
    }

    void throttledAndFailingServer()
    {
        // Two 500s and a 429 on the next requests for SparkApplications: SparkDeck backs off and retries.
        QVERIFY(control("POST", QStringLiteral("/faults"),
                        {{QStringLiteral("match"), QStringLiteral("sparkapplications")}, {QStringLiteral("action"), QStringLiteral("status")},
                         {QStringLiteral("status"), 500}, {QStringLiteral("count"), 2}}));
        QVERIFY(control("POST", QStringLiteral("/faults"),
                        {{QStringLiteral("match"), QStringLiteral("sparkapplications")}, {QStringLiteral("action"), QStringLiteral("status")},
                         {QStringLiteral("status"), 429}, {QStringLiteral("count"), 1}}));
        QVERIFY(control("POST", QStringLiteral("/drop-all")));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->connectionText().contains(QStringLiteral("Reconnecting (attempt")), 10000);
        churn(QStringLiteral("busy"));
        expectTableEqualsServer();
    }

    void unreachableThenBack()
    {
        QVERIFY(control("POST", QStringLiteral("/pause")));
        QVERIFY(control("POST", QStringLiteral("/drop-all")));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->connectionText().contains(QStringLiteral("Reconnecting (attempt")), 10000);
        QVERIFY(m_window->connectionText().contains(QStringLiteral("next try in")));
        churn(QStringLiteral("away")); // changes made while SparkDeck cannot see the server
        // SparkDeck tries again (a later attempt) while the server is still away.
        const auto attempt = [this] {
            const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("attempt (\\d+)")).match(m_window->connectionText());
            return m.hasMatch() ? m.captured(1).toInt() : 0;
        };
        const int before = attempt();
        QTRY_VERIFY2_WITH_TIMEOUT(attempt() > before, qPrintable(m_window->connectionText()), 40000);
        QVERIFY(control("POST", QStringLiteral("/resume")));
        expectTableEqualsServer();
    }

    void apiServerRestart()
    {
        churn(QStringLiteral("before"));
        const Run restart = script(QStringLiteral("restart-apiserver"), {});
        QVERIFY2(restart.exitCode == 0, qPrintable(restart.err));
        churn(QStringLiteral("after"));
        expectTableEqualsServer();
    }

    void droppedLogStreamResumes()
    {
        // A driver that runs 20 s; its log stream is cut twice mid-line by the proxy.
        const QString name = m_prefix + QStringLiteral("-log");
        QVERIFY(create(QStringLiteral("default"), name, 20));
        const int dropsBefore = stat(QStringLiteral("drop"));
        QVERIFY(control("POST", QStringLiteral("/faults"),
                        {{QStringLiteral("match"), name + QStringLiteral("-driver/log")}, {QStringLiteral("action"), QStringLiteral("drop")},
                         {QStringLiteral("count"), 2}, {QStringLiteral("afterBytes"), 1500}}));
        kube::KubeconfigError error;
        const auto config = kube::Kubeconfig::load({m_faultyKubeconfig}, true, &error);
        QVERIFY(config);
        kube::KubeClient client(*config->connection({}, &error));
        kube::LogStream stream(&client, {QStringLiteral("default"), name + QStringLiteral("-driver"), QStringLiteral("spark-kubernetes-driver")});
        model::LogModel log;
        connect(&stream, &kube::LogStream::linesReceived, &log, &model::LogModel::append);
        stream.start();
        QTRY_COMPARE_WITH_TIMEOUT(stream.state(), kube::LogStream::State::Ended, 90000);
        QCOMPARE(stat(QStringLiteral("drop")), dropsBefore + 2); // cut twice, resumed twice
        // Exactly what kubectl reads directly from the API server: nothing doubled, nothing lost.
        const Run direct = kubectl({QStringLiteral("logs"), name + QStringLiteral("-driver"), QStringLiteral("-n"), QStringLiteral("default"),
                                    QStringLiteral("-c"), QStringLiteral("spark-kubernetes-driver")});
        QCOMPARE(direct.exitCode, 0);
        QCOMPARE(log.text(), direct.out.trimmed());
        QVERIFY(log.rowCount() > 50);
    }

private:
    // Creates and deletes applications in namespace "faults" (not watched by the operator, so their
    // state stays as created) while a fault is active.
    void churn(const QString& tag)
    {
        for (int i = 0; i < 3; ++i)
            QVERIFY(create(QStringLiteral("faults"), QStringLiteral("%1-%2-%3").arg(m_prefix, tag).arg(i)));
        kubectl({QStringLiteral("delete"), QStringLiteral("sparkapplication"), QStringLiteral("%1-%2-0").arg(m_prefix, tag),
                 QStringLiteral("-n"), QStringLiteral("faults")});
        // A status change, as an operator would make it.
        kubectl({QStringLiteral("patch"), QStringLiteral("sparkapplication"), QStringLiteral("%1-%2-1").arg(m_prefix, tag),
                 QStringLiteral("-n"), QStringLiteral("faults"), QStringLiteral("--subresource=status"), QStringLiteral("--type=merge"),
                 QStringLiteral("-p"), QStringLiteral("{\"status\":{\"applicationState\":{\"state\":\"RUNNING\"},\"driverInfo\":{}}}")});
    }

    // The table's names and states equal the server's (kubectl, directly), and the watch is live.
    void expectTableEqualsServer()
    {
        auto table = [this] {
            QStringList rows;
            const model::ApplicationsModel* m = m_window->applicationsModel();
            for (int row = 0; row < m->rowCount(); ++row)
                rows << m->keyAt(row) + QLatin1Char('=') + m->index(row, 0).data(model::ApplicationsModel::StateRole).toString();
            rows.sort();
            return rows;
        };
        auto server = [this] {
            const Run r = kubectl({QStringLiteral("get"), QStringLiteral("sparkapplications"), QStringLiteral("-A"), QStringLiteral("-o"),
                                   QStringLiteral("jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}={.status.applicationState.state}{\"\\n\"}{end}")});
            QStringList rows = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            rows.sort();
            return rows;
        };
        // Up to 30 s of backoff (client-go rules) after several faults in a row, plus the relist.
        // kubectl is read every 500 ms (not at QTRY's 50 ms), and only while the informer is live.
        // (Compared again only to show the difference: an application the operator runs may change
        // state right after a match.)
        if (!pollEvery(500, 150000, [&] { return m_window->informer()->state() == kube::Informer::State::Live && table() == server(); }))
        {
            QCOMPARE(table(), server());
            QFAIL("the table did not equal the server's list while the informer was live");
        }
        QVERIFY(m_window->connectionText().contains(QStringLiteral("Live")));
    }

    bool create(const QString& ns, const QString& name, int runSeconds = 0)
    {
        SparkPiOptions o;
        o.runSeconds = runSeconds;
        o.argument = QStringLiteral("200");
        return kubectlCreate(m_kubectl, m_kubeconfig, sparkPiManifest(ns, name, o)).exitCode == 0;
    }

    bool control(const QByteArray& method, const QString& path, const QJsonObject& body = {})
    {
        FaultProxy proxy;
        proxy.controlUrl = m_control;
        return proxy.control(method, path, body);
    }

    int stat(const QString& fault)
    {
        FaultProxy proxy;
        proxy.controlUrl = m_control;
        return proxy.stat(fault);
    }

    Run script(const QString& name, const QStringList& args)
    {
        return runProcess(m_cluster + name, args, 120000);
    }

    // kubectl with the cluster's kubeconfig; a nonzero exit fails the test unless `exit` is MayFail.
    Run kubectl(const QStringList& args, Exit exit = Exit::MustSucceed)
    {
        return runChecked(m_kubectl, QStringList{QStringLiteral("--kubeconfig"), m_kubeconfig} + args, exit);
    }

    QString m_kubeconfig;
    QString m_faultyKubeconfig;
    QString m_kubectl;
    QString m_cluster;
    QString m_prefix;
    QUrl m_control;
    ui::MainWindow* m_window = nullptr;
};

QTEST_MAIN(TestFaults)
#include "tst_faults.moc"
