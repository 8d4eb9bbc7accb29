// An exec credential (KEP-541 ExecCredential with status.expirationTimestamp) rotated in the middle
// of a watch, against the real kube-apiserver and its token webhook stand-in (tests/cluster: the
// tokens it accepts are listed in <state>/tokens). The scripted plugin issues a token and lists it
// there in place of the previous one. The issuer then revokes the token the informer holds while
// its watch runs: the next watch is answered 401, the plugin runs once more and the watch goes on
// from the same resourceVersion (no relist, never Reconnecting), delivering every change. When the
// plugin then fails (an expired login), the informer says why in the plugin's words and the plugin
// is not run again in a loop.

#include "app/kube/execcredential.h"
#include "app/kube/informer.h"
#include "app/kube/kubeclient.h"
#include "app/kube/kubeconfig.h"
#include "tests/support/execplugin.h"
#include "tests/support/faultproxy.h"
#include "tests/support/sparkapps.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using kube::Informer;
using kube::KubeClient;

class TestFaultsCredentials : public QObject {
    Q_OBJECT

    FaultProxy m_cluster; // only its paths and kubectl: these requests go to the API server directly
    QTemporaryDir m_dir;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    int runs() const
    {
        QFile f(path(QStringLiteral("runs")));
        return f.open(QIODevice::ReadOnly) ? int(f.readAll().count('\n')) : 0;
    }

    // The plugin: counts its runs; fails with a login message when the file "fail" exists; else
    // issues a fresh token valid for 5 minutes and lists it in the webhook's tokens file in place
    // of the previous one.
    void writePlugin()
    {
        QFile f(path(QStringLiteral("plugin")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("#!/bin/bash\nset -eu\ndir=\"" + m_dir.path().toUtf8() + "\"\nstate=\"" + m_cluster.stateDir.toUtf8() + "\"\n"
                "echo run >> \"$dir/runs\"\n"
                "if [ -e \"$dir/fail\" ]; then echo 'error: the login has expired; run fake-login in a terminal' >&2; exit 1; fi\n"
                "token=\"rot-$RANDOM$RANDOM-$(wc -l < \"$dir/runs\" | tr -d ' ')\"\n"
                "echo \"$token rotation-tester system:masters\" > \"$state/tokens\"\n"
                "exp=$(date -u -d '+300 seconds' +%Y-%m-%dT%H:%M:%SZ)\n"
                "echo \"{\\\"apiVersion\\\":\\\"client.authentication.k8s.io/v1\\\",\\\"kind\\\":\\\"ExecCredential\\\","
                "\\\"status\\\":{\\\"token\\\":\\\"$token\\\",\\\"expirationTimestamp\\\":\\\"$exp\\\"}}\"\n");
        f.close();
        QVERIFY(f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    }

    // A client for the API server (directly) whose user runs the plugin.
    std::unique_ptr<KubeClient> client()
    {
        return execPluginClient(m_cluster.kubeconfig, QStringLiteral("plugin"), path(QStringLiteral("kubeconfig")));
    }

    // The issuer revokes every token it gave out.
    void revokeAll()
    {
        QFile tokens(m_cluster.stateDir + QStringLiteral("/tokens"));
        QVERIFY(tokens.open(QIODevice::WriteOnly | QIODevice::Truncate));
        tokens.write("issued-to-someone-else other-user\n");
    }

    bool create(const QString& name)
    {
        return kubectlCreate(m_cluster.kubectl, m_cluster.kubeconfig, sparkPiManifest(QStringLiteral("faults"), name)).exitCode == 0;
    }

private slots:
    void initTestCase()
    {
        QFile f(qEnvironmentVariable("SPARKDECK_TEST_KUBECONFIG_FILE"));
        QVERIFY2(f.open(QIODevice::ReadOnly), "the cluster fixture did not run: use ctest -L integration");
        m_cluster.kubeconfig = QString::fromUtf8(f.readAll()).trimmed();
        m_cluster.stateDir = QFileInfo(m_cluster.kubeconfig).absolutePath();
        m_cluster.kubectl = m_cluster.stateDir + QStringLiteral("/bin/kubectl");
        QVERIFY2(QFileInfo::exists(m_cluster.stateDir + QStringLiteral("/tokens")),
                 "the cluster has no token webhook tokens file; restart it with tests/cluster/up");
        QVERIFY(m_dir.isValid());
        m_cluster.kubectlRun({QStringLiteral("create"), QStringLiteral("namespace"), QStringLiteral("faults")}, Exit::MayFail);
    }

    void cleanupTestCase()
    {
        QFile tokens(m_cluster.stateDir + QStringLiteral("/tokens"));
        QVERIFY(tokens.open(QIODevice::WriteOnly | QIODevice::Truncate));
    }

    void rotatedMidWatch()
    {
        writePlugin();
        auto c = client();
        QVERIFY(c);
        Informer informer(c.get(), kube::ResourceKind::sparkApplications(), QStringLiteral("faults"));
        informer.setMinWatchTimeoutSeconds(2); // the server ends each watch after 2-4 s: it is reopened often
        int synced = 0;
        QStringList leftLive; // states after the first Live other than Live
        bool wasLive = false;
        connect(&informer, &Informer::synced, this, [&] { ++synced; });
        connect(&informer, &Informer::stateChanged, this, [&] {
            if (informer.state() == Informer::State::Live)
                wasLive = true;
            else if (wasLive)
                leftLive << QStringLiteral("%1: %2").arg(QVariant::fromValue(informer.state()).toString(), informer.lastError().message);
        });
        informer.start();
        QTRY_VERIFY_WITH_TIMEOUT(wasLive, 30000);
        QCOMPARE(runs(), 1);
        QCOMPARE(synced, 1);

        // The token in use is revoked while the watch runs; the API server forgets its cached
        // verdict within 10 s, and the next watch (within 4 s) is refused with 401.
        revokeAll();
        const QString prefix = QStringLiteral("rot%1").arg(QRandomGenerator::global()->bounded(100000));
        QVERIFY(create(prefix + QStringLiteral("-during")));
        QTRY_VERIFY_WITH_TIMEOUT(runs() == 2, 40000);
        QVERIFY(create(prefix + QStringLiteral("-after")));
        QTRY_VERIFY_WITH_TIMEOUT(informer.objects().contains(QStringLiteral("faults/%1-after").arg(prefix)), 20000);
        QVERIFY(informer.objects().contains(QStringLiteral("faults/%1-during").arg(prefix)));
        // No gap: never out of Live, no relist, one plugin run for the rotation.
        QVERIFY2(leftLive.isEmpty(), qPrintable(leftLive.join(u'\n')));
        QCOMPARE(synced, 1);
        QCOMPARE(runs(), 2);

        // The login expires: the plugin fails. The informer says so in its words, keeps the objects,
        // and asks the plugin once, not in a loop, while it retries.
        QFile fail(path(QStringLiteral("fail")));
        QVERIFY(fail.open(QIODevice::WriteOnly));
        fail.close();
        revokeAll();
        QTRY_VERIFY_WITH_TIMEOUT(informer.lastError().kind == kube::KubeError::Kind::Credentials, 40000);
        QVERIFY2(informer.lastError().message.contains(QLatin1String("run fake-login in a terminal")),
                 qPrintable(informer.lastError().message));
        QCOMPARE(runs(), 3);
        const int attempt = informer.attempt();
        QTRY_VERIFY_WITH_TIMEOUT(informer.attempt() >= attempt + 3, 20000); // several retries later...
        QCOMPARE(runs(), 3);                                              // ...still that one failing run
        QVERIFY(informer.lastError().message.contains(QLatin1String("run fake-login in a terminal")));
        QVERIFY(informer.objects().contains(QStringLiteral("faults/%1-after").arg(prefix)));
        informer.stop();
        m_cluster.kubectlRun({QStringLiteral("delete"), QStringLiteral("sparkapplications"), prefix + QStringLiteral("-during"),
                              prefix + QStringLiteral("-after"), QStringLiteral("-n"), QStringLiteral("faults"), QStringLiteral("--wait=false")},
                             Exit::MayFail);
    }
};

QTEST_MAIN(TestFaultsCredentials)
#include "tst_faults_credentials.moc"
