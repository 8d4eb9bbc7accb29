// Retry-After (RFC 9110 §10.2.3) on 429 Too Many Requests and 503 Service Unavailable, against the
// real kube-apiserver behind the fault proxy of tests/cluster: the proxy answers the next requests
// with the status and a Retry-After header; SparkDeck waits at least that long (measured with
// QElapsedTimer against the header's value: an outcome, not a speed target), says so, and then
// succeeds; a huge value is capped; the number of retries is bounded; other statuses are not
// retried. The window's status bar and the CLI's stderr carry the message.

#include "app/kube/informer.h"
#include "app/kube/kubeclient.h"
#include "app/kube/kubeconfig.h"
#include "ui/mainwindow.h"
#include "tests/support/faultproxy.h"
#include "tests/support/kubecall.h"

#include <QElapsedTimer>
#include <QLocale>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>

#include <memory>

using kube::KubeClient;

class TestFaultsThrottle : public QObject {
    Q_OBJECT

    FaultProxy m_proxy;
    // A path no other client asks for, so that only this test's requests meet the faults.
    const QString m_path = QStringLiteral("/api/v1/namespaces/kube-public");

    bool throttle(int status, const QString& retryAfter, int count, const QString& match = {})
    {
        return m_proxy.addFault({{QStringLiteral("match"), match.isEmpty() ? m_path : match},
                                 {QStringLiteral("method"), QStringLiteral("GET")},
                                 {QStringLiteral("action"), QStringLiteral("status")},
                                 {QStringLiteral("status"), status},
                                 {QStringLiteral("retryAfter"), retryAfter},
                                 {QStringLiteral("count"), count}});
    }

private slots:
    void initTestCase()
    {
        const QString error = m_proxy.up();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_proxy.kubectlRun({QStringLiteral("create"), QStringLiteral("namespace"), QStringLiteral("faults")}, Exit::MayFail);
    }

    void cleanup() { QVERIFY(m_proxy.control("DELETE", QStringLiteral("/faults"))); }

    void cleanupTestCase() { m_proxy.down(); }

    // Two 429s asking for 3 s each: the request succeeds after at least 6 s, with two messages.
    void deltaSecondsHonoured()
    {
        auto client = m_proxy.faultyClient();
        QVERIFY(client);
        QSignalSpy asked(client.get(), &KubeClient::serverAskedToWait);
        const int before = m_proxy.stat(QStringLiteral("status-429"));
        QVERIFY(throttle(429, QStringLiteral("3"), 2));
        QElapsedTimer waited;
        waited.start();
        const auto r = callAndWait(*client, "GET", m_path);
        const qint64 elapsed = waited.elapsed();
        QVERIFY2(r, qPrintable(r.error().details()));
        QCOMPARE(m_proxy.stat(QStringLiteral("status-429")), before + 2);
        QVERIFY2(elapsed >= 2 * 3000, qPrintable(QString::number(elapsed)));
        QCOMPARE(asked.size(), 2);
        QCOMPARE(asked.at(0).at(0).toInt(), 3);
        QVERIFY2(asked.at(0).at(1).toString().startsWith(QLatin1String("the API server asked to wait 3 s (HTTP 429")),
                 qPrintable(asked.at(0).at(1).toString()));
    }

    // 503 with an HTTP-date 4 s ahead (IMF-fixdate): at least 3 s of waiting (the date has whole
    // seconds), then success.
    void httpDateOn503Honoured()
    {
        auto client = m_proxy.faultyClient();
        QSignalSpy asked(client.get(), &KubeClient::serverAskedToWait);
        const QDateTime at = QDateTime::currentDateTimeUtc().addSecs(4);
        const QString date = QLocale::c().toString(at, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
        QVERIFY(throttle(503, date, 1));
        QElapsedTimer waited;
        waited.start();
        const auto r = callAndWait(*client, "GET", m_path);
        const qint64 elapsed = waited.elapsed();
        QVERIFY2(r, qPrintable(r.error().details()));
        QVERIFY2(elapsed >= 3000, qPrintable(QString::number(elapsed)));
        QCOMPARE(asked.size(), 1);
        QVERIFY(asked.at(0).at(1).toString().contains(QLatin1String("HTTP 503")));
    }

    // Retry-After: 100000 is cut to the client's cap (30 s by default; 4 s set here, so the test
    // does not sit out the default): the request succeeds after the cap, long before the server's
    // value.
    void hugeValueCapped()
    {
        auto client = m_proxy.faultyClient();
        QCOMPARE(client->maxRetryAfterSeconds(), 30);
        client->setMaxRetryAfterSeconds(4);
        QSignalSpy asked(client.get(), &KubeClient::serverAskedToWait);
        QVERIFY(throttle(429, QStringLiteral("100000"), 1));
        QElapsedTimer waited;
        waited.start();
        const auto r = callAndWait(*client, "GET", m_path, {}, 50000);
        QVERIFY2(r, qPrintable(r.error().details()));
        QVERIFY2(waited.elapsed() >= 4000, qPrintable(QString::number(waited.elapsed())));
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked.at(0).at(0).toInt(), 4);
        QVERIFY2(asked.at(0).at(1).toString().contains(QLatin1String("asked to wait 100000 s")), qPrintable(asked.at(0).at(1).toString()));
        QVERIFY(asked.at(0).at(1).toString().contains(QLatin1String("waiting 4 s")));
    }

    // A server that throttles for ever: the request is sent 1 + maxRetryAfterRetries() times, then
    // fails with the 429.
    void retriesBounded()
    {
        auto client = m_proxy.faultyClient();
        client->setMaxRetryAfterRetries(3);
        const int before = m_proxy.stat(QStringLiteral("status-429"));
        QVERIFY(throttle(429, QStringLiteral("1"), -1));
        const auto r = callAndWait(*client, "GET", m_path);
        QVERIFY(!r);
        QCOMPARE(r.error().httpStatus, 429);
        QCOMPARE(m_proxy.stat(QStringLiteral("status-429")), before + 4);
    }

    // Other statuses are not retried, Retry-After or not: one request, one error.
    void otherStatusNotRetried()
    {
        auto client = m_proxy.faultyClient();
        QSignalSpy asked(client.get(), &KubeClient::serverAskedToWait);
        const int before = m_proxy.stat(QStringLiteral("status-403"));
        QVERIFY(throttle(403, QStringLiteral("1"), 5));
        const auto r = callAndWait(*client, "GET", m_path);
        QVERIFY(!r);
        QCOMPARE(r.error().httpStatus, 403);
        QCOMPARE(m_proxy.stat(QStringLiteral("status-403")), before + 1);
        QCOMPARE(asked.size(), 0);
    }

    // A watch answered 429 with Retry-After: 4 is opened again no sooner than 4 s later (its own
    // backoff would be 0.8-1.6 s), and the client says so.
    void watchWaitsRetryAfter()
    {
        auto client = m_proxy.faultyClient();
        kube::Informer informer(client.get(), kube::ResourceKind::sparkApplications(), QStringLiteral("faults"));
        informer.start();
        QTRY_COMPARE_WITH_TIMEOUT(informer.state(), kube::Informer::State::Live, 20000);
        QSignalSpy asked(client.get(), &KubeClient::serverAskedToWait);
        QElapsedTimer waited;
        connect(client.get(), &KubeClient::serverAskedToWait, this, [&] { waited.start(); });
        QVERIFY(throttle(429, QStringLiteral("4"), 1, QStringLiteral("/namespaces/faults/sparkapplications?watch=1")));
        QVERIFY(m_proxy.control("POST", QStringLiteral("/drop-all"))); // the next watch meets the 429
        QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 1, 20000);
        QCOMPARE(asked.at(0).at(0).toInt(), 4);
        QCOMPARE(informer.state(), kube::Informer::State::Reconnecting);
        QTRY_COMPARE_WITH_TIMEOUT(informer.state(), kube::Informer::State::Live, 30000);
        QVERIFY2(waited.elapsed() >= 4000, qPrintable(QString::number(waited.elapsed())));
    }

    // The window's status bar says the API server asked to wait while its list is throttled.
    void statusBarSaysSo()
    {
        QVERIFY(throttle(429, QStringLiteral("2"), 1, QStringLiteral("/sparkapplications?")));
        ui::SessionOptions options;
        options.kubeconfigFiles = {m_proxy.faultyKubeconfig};
        options.explicitKubeconfig = true;
        ui::MainWindow window(options);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.statusBar()->currentMessage().contains(QLatin1String("the API server asked to wait 2 s")), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(window.connectionText().contains(QLatin1String("Live")), 20000);
    }

    // The command line says so on stderr, and the command succeeds.
    void cliSaysSoOnStderr()
    {
        const QString cli = qEnvironmentVariable("SPARKDECK_CLI");
        if (cli.isEmpty())
            QSKIP("SPARKDECK_CLI is not set");
        QVERIFY(throttle(429, QStringLiteral("2"), 1, QStringLiteral("/sparkapplications")));
        const ProcessResult r = runProcess(cli, {QStringLiteral("--kubeconfig"), m_proxy.faultyKubeconfig, QStringLiteral("list"),
                                                 QStringLiteral("-A")}, 60000);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("the API server asked to wait 2 s")), qPrintable(r.err));
    }
};

QTEST_MAIN(TestFaultsThrottle)
#include "tst_faults_throttle.moc"
