// kube::KubectlCommand: the kubectl program ($SPARKDECK_KUBECTL), the global flags that select the
// cluster, several kubeconfig files through $KUBECONFIG, and the copyable command line with every
// word quoted for a POSIX shell.

#include "app/kube/kubectlcommand.h"

#include <QTest>

using kube::KubectlCommand;

class TestKubectlCommand : public QObject {
    Q_OBJECT
private slots:
    void cleanup()
    {
        qunsetenv("SPARKDECK_KUBECTL");
    }

    void programHonoursTheOverride()
    {
        qunsetenv("SPARKDECK_KUBECTL");
        QCOMPARE(KubectlCommand::program(), QStringLiteral("kubectl"));
        qputenv("SPARKDECK_KUBECTL", "");
        QCOMPARE(KubectlCommand::program(), QStringLiteral("kubectl"));
        qputenv("SPARKDECK_KUBECTL", "/opt/k 8s/kubectl");
        QCOMPARE(KubectlCommand::program(), QStringLiteral("/opt/k 8s/kubectl"));
        QCOMPARE(KubectlCommand({}, QStringLiteral("c")).commandLine({QStringLiteral("get"), QStringLiteral("pods")}),
                 QStringLiteral("'/opt/k 8s/kubectl' --context c get pods"));
    }

    void arguments()
    {
        const KubectlCommand k({QStringLiteral("/home/me/my config")}, QStringLiteral("kind-spark"), QStringLiteral("jobs"));
        QCOMPARE(k.arguments({QStringLiteral("get"), QStringLiteral("pods")}),
                 (QStringList{QStringLiteral("--kubeconfig"), QStringLiteral("/home/me/my config"), QStringLiteral("--context"),
                              QStringLiteral("kind-spark"), QStringLiteral("-n"), QStringLiteral("jobs"), QStringLiteral("get"),
                              QStringLiteral("pods")}));
        QVERIFY(k.environment().isEmpty()); // one file: the flag, the environment as it is
        // Nothing set: kubectl's own defaults.
        QCOMPARE(KubectlCommand().arguments({QStringLiteral("version")}), QStringList{QStringLiteral("version")});
        KubectlCommand chained;
        chained.setContext(QStringLiteral("c")).setNamespace(QStringLiteral("n"));
        QCOMPARE(chained.arguments({}), (QStringList{QStringLiteral("--context"), QStringLiteral("c"), QStringLiteral("-n"), QStringLiteral("n")}));
    }

    void severalKubeconfigFiles()
    {
        const KubectlCommand k({QStringLiteral("/a/config"), QStringLiteral("/b/it's")}, QStringLiteral("ctx"));
        QCOMPARE(k.arguments({QStringLiteral("get"), QStringLiteral("ns")}),
                 (QStringList{QStringLiteral("--context"), QStringLiteral("ctx"), QStringLiteral("get"), QStringLiteral("ns")}));
        QCOMPARE(k.environment().value(QStringLiteral("KUBECONFIG")), QStringLiteral("/a/config:/b/it's"));
        QVERIFY(k.environment().contains(QStringLiteral("PATH")));
        QCOMPARE(k.commandLine({QStringLiteral("get"), QStringLiteral("ns")}),
                 QStringLiteral("KUBECONFIG='/a/config:/b/it'\\''s' kubectl --context ctx get ns"));
    }

    void commandLineQuotesForAShell()
    {
        const KubectlCommand k({QStringLiteral("/path/with space/config")}, QStringLiteral("kind-spark"), QStringLiteral("default"));
        QCOMPARE(k.commandLine({QStringLiteral("logs"), QStringLiteral("pi-driver"), QStringLiteral("-c"), QStringLiteral("$main"),
                                QString(), QStringLiteral("--selector=app=\"x\"")}),
                 QStringLiteral("kubectl --kubeconfig '/path/with space/config' --context kind-spark -n default logs pi-driver -c "
                                "'$main' '' '--selector=app=\"x\"'"));
    }
};

QTEST_GUILESS_MAIN(TestKubectlCommand)
#include "tst_kubectlcommand.moc"
