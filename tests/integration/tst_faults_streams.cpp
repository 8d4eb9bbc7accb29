// Streams that die without a word, and an API server that restarts under a followed log, against
// the real kube-apiserver behind the fault proxy of tests/cluster:
//  - the proxy freezes every open connection (nothing relayed, nothing closed: a laptop sleep);
//    the informer's silent-watch detector (interval from SPARKDECK_WATCH_SILENCE_SECONDS) notices,
//    says so, watches again over a new connection, and the changes made meanwhile arrive;
//  - the API server restarts during a log follow: the LogStream resumes from the last line's
//    timestamp (what it delivers equals kubectl's log: no line doubled, none lost) and says it
//    reconnected.

#include "app/kube/informer.h"
#include "app/kube/kubeclient.h"
#include "app/kube/kubeconfig.h"
#include "app/kube/logstream.h"
#include "tests/support/faultproxy.h"
#include "tests/support/sparkapps.h"

#include <QRandomGenerator>
#include <QSettings>
#include <QTest>

#include <memory>

using kube::Informer;
using kube::KubeClient;
using kube::LogStream;

class TestFaultsStreams : public QObject {
    Q_OBJECT

    FaultProxy m_proxy;
    QString m_prefix;

    bool create(const QString& ns, const QString& name, int runSeconds = 0)
    {
        SparkPiOptions o;
        o.runSeconds = runSeconds;
        o.argument = QStringLiteral("200");
        return kubectlCreate(m_proxy.kubectl, m_proxy.kubeconfig, sparkPiManifest(ns, name, o)).exitCode == 0;
    }

    static QString state(const Informer& informer, const QString& key)
    {
        return informer.object(key).value(QLatin1String("status")).toObject().value(QLatin1String("applicationState"))
            .toObject().value(QLatin1String("state")).toString();
    }

private slots:
    void initTestCase()
    {
        const QString error = m_proxy.up();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_proxy.kubectlRun({QStringLiteral("create"), QStringLiteral("namespace"), QStringLiteral("faults")}, Exit::MayFail);
        m_prefix = QStringLiteral("s") + QString::number(QRandomGenerator::global()->generate() % 0xFFFF, 16);
    }

    void cleanupTestCase()
    {
        m_proxy.kubectlRun({QStringLiteral("delete"), QStringLiteral("sparkapplications"), QStringLiteral("--all"),
                            QStringLiteral("-n"), QStringLiteral("faults"), QStringLiteral("--wait=false")},
                           Exit::MayFail);
        m_proxy.down();
    }

    // The interval comes from the environment, else from QSettings, else 150 s.
    void silenceIntervalConfigurable()
    {
        const QByteArray saved = qgetenv("SPARKDECK_WATCH_SILENCE_SECONDS");
        qunsetenv("SPARKDECK_WATCH_SILENCE_SECONDS");
        QSettings settings;
        settings.remove(QStringLiteral("network/watchSilenceSeconds"));
        QCOMPARE(Informer::defaultSilenceTimeoutMs(), qint64(150'000));
        settings.setValue(QStringLiteral("network/watchSilenceSeconds"), 42);
        QCOMPARE(Informer::defaultSilenceTimeoutMs(), qint64(42'000));
        qputenv("SPARKDECK_WATCH_SILENCE_SECONDS", "7");
        QCOMPARE(Informer::defaultSilenceTimeoutMs(), qint64(7'000));
        settings.remove(QStringLiteral("network/watchSilenceSeconds"));
        if (saved.isEmpty())
            qunsetenv("SPARKDECK_WATCH_SILENCE_SECONDS");
        else
            qputenv("SPARKDECK_WATCH_SILENCE_SECONDS", saved);
    }

    // Every connection freezes (a laptop sleep); an application is changed and another created
    // meanwhile. The informer notices the silence, says so, and the store is right afterwards.
    void frozenWatchDetectedAndRecovered()
    {
        qputenv("SPARKDECK_WATCH_SILENCE_SECONDS", "6");
        auto client = m_proxy.faultyClient();
        QVERIFY(client);
        Informer informer(client.get(), kube::ResourceKind::sparkApplications(), QStringLiteral("faults"));
        qunsetenv("SPARKDECK_WATCH_SILENCE_SECONDS");
        QCOMPARE(informer.silenceTimeoutMs(), qint64(6000));
        QStringList errors;
        connect(&informer, &Informer::stateChanged, this, [&] {
            if (informer.lastError().isError())
                errors << informer.lastError().message;
        });
        informer.start();
        const QString a = m_prefix + QStringLiteral("-frozen-a");
        const QString b = m_prefix + QStringLiteral("-frozen-b");
        QVERIFY(create(QStringLiteral("faults"), a));
        QTRY_VERIFY_WITH_TIMEOUT(informer.state() == Informer::State::Live && informer.objects().contains(QStringLiteral("faults/") + a),
                                 20000);

        QVERIFY(m_proxy.control("POST", QStringLiteral("/freeze")));
        QVERIFY2(m_proxy.lastBody.contains("\"frozen\""), m_proxy.lastBody.constData());
        errors.clear();
        // Changes the frozen watch cannot bring.
        m_proxy.kubectlRun({QStringLiteral("patch"), QStringLiteral("sparkapplication"), a, QStringLiteral("-n"), QStringLiteral("faults"),
                            QStringLiteral("--subresource=status"), QStringLiteral("--type=merge"), QStringLiteral("-p"),
                            QStringLiteral("{\"status\":{\"applicationState\":{\"state\":\"RUNNING\"},\"driverInfo\":{}}}")});
        QVERIFY(create(QStringLiteral("faults"), b));

        // It notices and says so...
        QTRY_VERIFY2_WITH_TIMEOUT(!errors.filter(QStringLiteral("no data on the watch")).isEmpty(), qPrintable(errors.join(u'\n')),
                                  30000);
        // ...and watches again over a new connection: both changes arrive.
        QTRY_VERIFY_WITH_TIMEOUT(informer.objects().contains(QStringLiteral("faults/") + b), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(state(informer, QStringLiteral("faults/") + a), QStringLiteral("RUNNING"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(informer.state(), Informer::State::Live, 10000);
        QVERIFY(m_proxy.stat(QStringLiteral("freeze")) >= 1);
    }

    // The API server restarts while a driver's log is followed through the proxy: the stream
    // reconnects, says so, and delivers exactly the log kubectl reads afterwards.
    void logFollowSurvivesApiServerRestart()
    {
        const QString name = m_prefix + QStringLiteral("-restart");
        QVERIFY(create(QStringLiteral("default"), name, 40));
        auto client = m_proxy.faultyClient();
        QVERIFY(client);
        LogStream stream(client.get(), {QStringLiteral("default"), name + QStringLiteral("-driver"), QStringLiteral("spark-kubernetes-driver")});
        QStringList lines;
        QStringList messages;
        connect(&stream, &LogStream::linesReceived, this, [&](const QStringList& more) { lines << more; });
        connect(&stream, &LogStream::stateChanged, this, [&] { messages << stream.statusMessage(); });
        stream.start();
        QTRY_VERIFY_WITH_TIMEOUT(stream.state() == LogStream::State::Streaming && lines.size() > 5, 60000);

        const ProcessResult restart = m_proxy.script(QStringLiteral("restart-apiserver"), {});
        QVERIFY2(restart.exitCode == 0, qPrintable(restart.err));

        QTRY_COMPARE_WITH_TIMEOUT(stream.state(), LogStream::State::Ended, 150000);
        QVERIFY2(stream.reconnects() >= 1, qPrintable(messages.join(u'\n')));
        QVERIFY2(!messages.filter(QStringLiteral("reconnected at")).isEmpty(), qPrintable(messages.join(u'\n')));
        const ProcessResult direct = m_proxy.kubectlRun({QStringLiteral("logs"), name + QStringLiteral("-driver"), QStringLiteral("-n"),
                                                         QStringLiteral("default"), QStringLiteral("-c"),
                                                         QStringLiteral("spark-kubernetes-driver")});
        QCOMPARE(direct.exitCode, 0);
        QCOMPARE(lines.join(u'\n'), direct.out.trimmed());
        QVERIFY(lines.size() > 50);
    }
};

QTEST_MAIN(TestFaultsStreams)
#include "tst_faults_streams.moc"
