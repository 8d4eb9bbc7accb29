// Exec credential plugins against the local control plane's real kube-apiserver: bearer tokens
// the token webhook stand-in accepts from <state>/tokens (which the scripted plugin rewrites, as
// a login service would issue and revoke tokens), and a client certificate returned by the plugin
// and used for TLS. Who the API server thinks we are is read back with a SelfSubjectReview.

#include <QPushButton>

#include "models/applicationsmodel.h"
#include "ui/applicationsview.h"
#include "tests/support/clusterfixture.h"
#include "ui/detailspane.h"
#include "app/kube/informer.h"
#include "app/kube/kubeclient.h"
#include "tests/support/execplugin.h"
#include "tests/support/kubecall.h"
#include "app/kube/kubeconfig.h"
#include "app/kube/logstream.h"
#include "ui/logviewer.h"
#include "ui/mainwindow.h"
#include "tests/support/process.h"
#include "tests/support/sparkapps.h"

#include <QStandardPaths>
#include <QStatusBar>

#include <QAction>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using kube::KubeClient;
using kube::KubeError;
using kube::KubeResponse;

class TestExecCluster : public QObject {
    Q_OBJECT

    ClusterFixture m_fixture;
    QString m_stateDir;
    QTemporaryDir m_dir;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    int runs() const
    {
        QFile f(path(QStringLiteral("runs")));
        return f.open(QIODevice::ReadOnly) ? int(f.readAll().count('\n')) : 0;
    }

    void writePlugin(const QString& name, const QByteArray& body)
    {
        QFile f(path(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("#!/bin/bash\nset -eu\ndir=\"" + m_dir.path().toUtf8() + "\"\nstate=\"" + m_stateDir.toUtf8()
                + "\"\necho run >> \"$dir/runs\"\nN=$(wc -l < \"$dir/runs\" | tr -d ' ')\n" + body);
        f.close();
        QVERIFY(f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    }

    // A client for the fixture's API server whose user runs the plugin `name`.
    std::unique_ptr<KubeClient> client(const QString& name)
    {
        return execPluginClient(m_fixture.kubeconfig, name, path(QStringLiteral("kubeconfig")));
    }

    static kube::Result<KubeResponse> call(KubeClient& client, const QByteArray& method, const QString& apiPath,
                             const QByteArray& body = {})
    {
        return callAndWait(client, method, apiPath, body);
    }

    // The user name the API server authenticated the client as.
    static QString whoAmI(KubeClient& client)
    {
        const kube::Result<KubeResponse> r = call(client, "POST", QStringLiteral("/apis/authentication.k8s.io/v1/selfsubjectreviews"),
                                    R"({"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"})");
        if (r.error().isError())
            return QStringLiteral("error: ") + r.error().details();
        return r->object().value(QLatin1String("status")).toObject().value(QLatin1String("userInfo")).toObject()
            .value(QLatin1String("username")).toString();
    }

    // Plugin body: issues a fresh random token valid for `seconds`, listed in the webhook's tokens
    // file in place of the previous one (which is thereby revoked), unless `listed` is false.
    static QByteArray issuingPlugin(int seconds, bool listed = true)
    {
        QByteArray body = "token=\"exec-$RANDOM$RANDOM-$N\"\nprintf '%s' \"$token\" > \"$dir/last-token\"\n";
        if (listed)
            body += "echo \"$token exec-tester system:masters\" > \"$state/tokens\"\n";
        body += "exp=$(date -u -d '+" + QByteArray::number(seconds) + " seconds' +%Y-%m-%dT%H:%M:%SZ)\n"
                "printf '%s' \"$exp\" > \"$dir/last-expiry\"\n"
                "echo \"{\\\"apiVersion\\\":\\\"client.authentication.k8s.io/v1\\\",\\\"kind\\\":\\\"ExecCredential\\\","
                "\\\"status\\\":{\\\"token\\\":\\\"$token\\\",\\\"expirationTimestamp\\\":\\\"$exp\\\"}}\"\n";
        return body;
    }

private slots:
    void initTestCase()
    {
        m_fixture = readClusterFixture();
        QVERIFY2(!m_fixture.kubeconfig.isEmpty(), qPrintable(m_fixture.error));
        m_stateDir = QFileInfo(m_fixture.kubeconfig).absolutePath();
        QVERIFY2(QFileInfo::exists(m_stateDir + QStringLiteral("/tokens")),
                 "the cluster has no token webhook tokens file; restart it with tests/cluster/up");
        QVERIFY(m_dir.isValid());
    }

    void init() { QFile::remove(path(QStringLiteral("runs"))); }

    void cleanup()
    {
        QFile tokens(m_stateDir + QStringLiteral("/tokens"));
        QVERIFY(tokens.open(QIODevice::WriteOnly | QIODevice::Truncate));
    }

    // A token valid for 5 s: requests and an informer's list + watch work with it, the plugin
    // runs again after it expires (revoking the old token), and the watch keeps delivering.
    void shortLivedTokenRefreshedWatchGoesOn()
    {
        writePlugin(QStringLiteral("plugin-token"), issuingPlugin(5));
        auto c = client(QStringLiteral("plugin-token"));
        QVERIFY(c);
        QCOMPARE(whoAmI(*c), QStringLiteral("exec-tester"));
        QCOMPARE(runs(), 1);

        kube::Informer informer(c.get(), kube::ResourceKind::namespaces(), {});
        QStringList added;
        connect(&informer, &kube::Informer::added, this, [&](const QString& key) { added << key; });
        informer.start();
        QTRY_COMPARE_WITH_TIMEOUT(informer.state(), kube::Informer::State::Live, 30000);

        // After expiry a request needs (and gets) a new token from a new plugin run.
        QFile expiryFile(path(QStringLiteral("last-expiry")));
        QVERIFY(expiryFile.open(QIODevice::ReadOnly));
        const QDateTime expiry = QDateTime::fromString(QString::fromUtf8(expiryFile.readAll()).trimmed(), Qt::ISODate);
        QVERIFY(expiry.isValid());
        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentDateTimeUtc() >= expiry, 15000);
        QCOMPARE(whoAmI(*c), QStringLiteral("exec-tester"));
        QCOMPARE(runs(), 2);

        const QString ns = QStringLiteral("exec-%1").arg(QRandomGenerator::global()->bounded(1'000'000));
        const ProcessResult created = runProcess(m_fixture.kubectl, {QStringLiteral("--kubeconfig"), m_fixture.kubeconfig,
                                                                     QStringLiteral("create"), QStringLiteral("namespace"), ns});
        QVERIFY2(created.exitCode == 0, qPrintable(created.err));
        QTRY_VERIFY_WITH_TIMEOUT(added.contains(ns), 30000);
        QCOMPARE(informer.state(), kube::Informer::State::Live);
        runChecked(m_fixture.kubectl, {QStringLiteral("--kubeconfig"), m_fixture.kubeconfig, QStringLiteral("delete"),
                                       QStringLiteral("namespace"), ns, QStringLiteral("--wait=false")});
    }

    // A token the API server refuses: 401, exactly one more plugin run, 401 again → a clear error.
    void refusedTokenOneRerunThenClearError()
    {
        writePlugin(QStringLiteral("plugin-refused"), issuingPlugin(300, false));
        auto c = client(QStringLiteral("plugin-refused"));
        QVERIFY(c);
        const kube::Result<KubeResponse> r = call(*c, "GET", QStringLiteral("/api/v1/namespaces"));
        QVERIFY2(r.error().kind == KubeError::Kind::Credentials, qPrintable(r.error().details()));
        QVERIFY2(r.error().message.contains(QLatin1String("rejected")), qPrintable(r.error().message));
        QFile last(path(QStringLiteral("last-token")));
        QVERIFY(last.open(QIODevice::ReadOnly));
        const QByteArray token = last.readAll();
        QVERIFY(token.startsWith("exec-"));
        QVERIFY(!r.error().details().contains(QString::fromUtf8(token)));
        QCOMPARE(runs(), 2);
    }

    // Writes a kubeconfig for the fixture's API server whose user runs the plugin `name` with
    // `interactiveMode`, and returns its path.
    QString writeExecKubeconfig(const QString& name, const QByteArray& interactiveMode)
    {
        return writeKubeconfig(name, "      apiVersion: client.authentication.k8s.io/v1\n"
                                     "      command: ./" + name.toUtf8() + "\n      args: [get-token, --cluster, local]\n"
                                     "      interactiveMode: " + interactiveMode + "\n");
    }

    // Writes `name`.kubeconfig for the fixture's API server whose user has the exec block `exec`.
    QString writeKubeconfig(const QString& name, const QByteArray& exec)
    {
        kube::KubeconfigError error;
        const auto admin = kube::Kubeconfig::load({m_fixture.kubeconfig}, true, &error);
        if (!admin)
            return {};
        const kube::ClusterEntry* cluster = admin->cluster(admin->context(admin->currentContext())->cluster);
        const QString file = path(name + QStringLiteral(".kubeconfig"));
        QFile f(file);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write("clusters:\n- name: local\n  cluster:\n    server: " + cluster->server.toUtf8()
                + "\n    certificate-authority-data: " + cluster->certificateAuthorityData.toBase64()
                + "\nusers:\n- name: plugin\n  user:\n    exec:\n" + exec
                + "contexts:\n- name: exec\n  context: {cluster: local, user: plugin, namespace: default}\n"
                  "current-context: exec\n");
        return file;
    }

    // The main window on a kubeconfig whose user is an exec plugin: the applications are listed
    // and watched with the plugin's token, and the status bar says which binary ran.
    void mainWindowRunsPluginAndSaysWhich()
    {
        writePlugin(QStringLiteral("plugin-window"), issuingPlugin(300));
        const QString kubeconfig = writeExecKubeconfig(QStringLiteral("plugin-window"), "IfAvailable");
        QVERIFY(!kubeconfig.isEmpty());
        ui::MainWindow window(fixtureSessionOptions(kubeconfig));
        // The plugin started while the window connected, and the status bar said so.
        QStringList messages{window.statusBar()->currentMessage()};
        connect(window.statusBar(), &QStatusBar::messageChanged, this, [&](const QString& m) { messages << m; });
        window.show();
        QVERIFY(window.isConnected());
        QTRY_VERIFY_WITH_TIMEOUT(window.informer() && window.informer()->hasSynced(), 30000);
        QTRY_VERIFY(window.connectionText().contains(QStringLiteral("Live")));
        QVERIFY2(messages.join(QLatin1Char('\n')).contains(path(QStringLiteral("plugin-window"))), qPrintable(messages.join(QLatin1Char('\n'))));
        QCOMPARE(runs(), 1); // one run served the list, the watch and the namespace list
    }

    // Everything the window keeps open at once for a selected, running application (watches of
    // applications, scheduled applications, namespaces, its pods and events, and its driver's log)
    // still leaves room for short requests: suspending it answers at once.
    void mainWindowShortRequestsPassOpenStreams()
    {
        writePlugin(QStringLiteral("plugin-streams"), issuingPlugin(300));
        const QString kubeconfig = writeExecKubeconfig(QStringLiteral("plugin-streams"), "IfAvailable");
        QVERIFY(!kubeconfig.isEmpty());
        const QString name = QStringLiteral("exec-streams-%1").arg(QRandomGenerator::global()->generate() % 0xFFFFFF, 0, 16);
        SparkPiOptions o;
        o.runSeconds = 120;
        const ProcessResult made = kubectlCreate(m_fixture.kubectl, m_fixture.kubeconfig, sparkPiManifest(QStringLiteral("default"), name, o));
        QVERIFY2(made.exitCode == 0, qPrintable(made.err));
        const QStringList admin{QStringLiteral("--kubeconfig"), m_fixture.kubeconfig, QStringLiteral("-n"), QStringLiteral("default")};
        auto remove = qScopeGuard([&] { runChecked(m_fixture.kubectl, admin + QStringList{QStringLiteral("delete"), QStringLiteral("sparkapplication"), name}, Exit::MayFail); }); // also after a failure

        ui::MainWindow window(fixtureSessionOptions(kubeconfig));
        window.resize(1400, 860);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.informer() && window.informer()->hasSynced(), 30000);
        const QString key = QStringLiteral("default/") + name;
        QTRY_COMPARE_WITH_TIMEOUT(window.applicationsModel()->summary(key).state, QStringLiteral("RUNNING"), 60000);
        QVERIFY(window.applicationsView()->selectKey(key));
        QTRY_VERIFY_WITH_TIMEOUT(window.logViewer()->text().contains(QStringLiteral("Running Spark version")), 30000);

        QSignalSpy said(window.detailsPane(), &ui::DetailsPane::message);
        window.detailsPane()->setSuspended(true, false);
        QTRY_VERIFY_WITH_TIMEOUT(!said.isEmpty(), 10000);
        QVERIFY2(said.last().at(0).toString().startsWith(QStringLiteral("Suspending")), qPrintable(said.last().at(0).toString()));
        QCOMPARE(runChecked(m_fixture.kubectl, admin + QStringList{QStringLiteral("get"), QStringLiteral("sparkapplication"), name,
                                                                  QStringLiteral("-o"), QStringLiteral("jsonpath={.spec.suspend}")})
                     .out,
                 QStringLiteral("true"));
    }

    // A plugin that needs a terminal login: the window says what to run there, in red, at once.
    void mainWindowPluginNeedsTerminal()
    {
        writePlugin(QStringLiteral("plugin-terminal"), issuingPlugin(300));
        const QString kubeconfig = writeExecKubeconfig(QStringLiteral("plugin-terminal"), "Always");
        QVERIFY(!kubeconfig.isEmpty());
        ui::MainWindow window(fixtureSessionOptions(kubeconfig));
        window.resize(1400, 860);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.connectionText().contains(QStringLiteral("terminal")), 15000);
        QVERIFY2(window.connectionText().contains(path(QStringLiteral("plugin-terminal")) + QStringLiteral(" get-token --cluster local")),
                 qPrintable(window.connectionText()));
        QVERIFY2(window.connectionText().contains(QStringLiteral("#d93b3b")), qPrintable(window.connectionText()));
        // The status bar cuts a long message: the table's empty area shows all of it.
        QTRY_VERIFY2(window.applicationsView()->emptyText().contains(path(QStringLiteral("plugin-terminal"))
                                                                     + QStringLiteral(" get-token --cluster local")),
                     qPrintable(window.applicationsView()->emptyText()));
        QCOMPARE(runs(), 0);
        // Asking again cannot help: SparkDeck stops (no retry countdown) and says how to go on.
        QCOMPARE(window.informer()->state(), kube::Informer::State::Failed);
        QVERIFY2(window.connectionText().contains(QStringLiteral("Reconnect (F5)")), qPrintable(window.connectionText()));
        QVERIFY(!window.connectionText().contains(QStringLiteral("next try")));
        QVERIFY2(window.applicationsView()->emptyText().contains(QStringLiteral("Reconnect (F5)")),
                 qPrintable(window.applicationsView()->emptyText()));

        // The user sets interactiveMode: IfAvailable and presses F5: the plugin runs, the list comes.
        QVERIFY(!writeExecKubeconfig(QStringLiteral("plugin-terminal"), "IfAvailable").isEmpty());
        auto* reconnect = window.findChild<QAction*>(QStringLiteral("reconnect"));
        QVERIFY(reconnect);
        QCOMPARE(reconnect->shortcut(), QKeySequence(QKeySequence::Refresh));
        QVERIFY(ui::MainWindow::shortcutsText().contains(QStringLiteral("F5")));
        reconnect->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(window.informer() && window.informer()->hasSynced(), 30000);
        QTRY_VERIFY2(window.connectionText().contains(QStringLiteral("Live")), qPrintable(window.connectionText()));
        QCOMPARE(runs(), 1);
        QCOMPARE(window.currentNamespace(), QStringLiteral("default"));
    }

    // The real AWS CLI (`aws eks get-token`, presigning offline with a test key) against the token
    // webhook, which verifies the EKS token's signature for the cluster name and maps it to a user
    // bound by RBAC: list, whoami and a watch that sees a new namespace. A token presigned for
    // another cluster name is refused: one re-run, then a clear error.
    void awsEksGetToken()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("aws")).isEmpty())
            QSKIP("the AWS CLI (aws) is not installed");
        QFile tokens(m_stateDir + QStringLiteral("/tokens"));
        QVERIFY(tokens.open(QIODevice::WriteOnly | QIODevice::Truncate));
        tokens.write("aws-eks:sparkdeck-eks:AKIASPARKDECKEKS0001:sparkdeck/eks+secret eks-tester\n");
        tokens.close();
        const QStringList admin{QStringLiteral("--kubeconfig"), m_fixture.kubeconfig};
        const ProcessResult role = runProcess(m_fixture.kubectl, admin + QStringList{
            QStringLiteral("create"), QStringLiteral("clusterrole"), QStringLiteral("sparkdeck-eks-reader"),
            QStringLiteral("--verb=get,list,watch"), QStringLiteral("--resource=namespaces,pods,pods/log")});
        QVERIFY2(role.exitCode == 0 || role.err.contains(QLatin1String("already exists")), qPrintable(role.err));
        const ProcessResult bound = runProcess(m_fixture.kubectl, admin + QStringList{
            QStringLiteral("create"), QStringLiteral("clusterrolebinding"), QStringLiteral("sparkdeck-eks-tester"),
            QStringLiteral("--clusterrole=sparkdeck-eks-reader"), QStringLiteral("--user=eks-tester")});
        QVERIFY2(bound.exitCode == 0 || bound.err.contains(QLatin1String("already exists")), qPrintable(bound.err));
        auto eksBlock = [](const QByteArray& cluster) {
            return QByteArray("      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n"
                              "      args: [--region, us-east-1, eks, get-token, --cluster-name, ") + cluster + "]\n"
                   "      env:\n      - {name: AWS_ACCESS_KEY_ID, value: AKIASPARKDECKEKS0001}\n"
                   "      - {name: AWS_SECRET_ACCESS_KEY, value: sparkdeck/eks+secret}\n"
                   "      - {name: AWS_CONFIG_FILE, value: /dev/null}\n      - {name: AWS_SHARED_CREDENTIALS_FILE, value: /dev/null}\n"
                   "      interactiveMode: Never\n      installHint: Install the AWS CLI\n";
        };
        kube::KubeconfigError error;
        const auto config = kube::Kubeconfig::load({writeKubeconfig(QStringLiteral("eks"), eksBlock("sparkdeck-eks"))}, true, &error);
        QVERIFY2(config, qPrintable(error.toString()));
        const auto conn = config->connection({}, &error);
        QVERIFY2(conn, qPrintable(error.toString()));
        KubeClient client(*conn);
        QCOMPARE(whoAmI(client), QStringLiteral("eks-tester"));
        QVERIFY(client.execProvider()->lastProgram().endsWith(QLatin1String("/aws")));

        kube::Informer informer(&client, kube::ResourceKind::namespaces(), {});
        QStringList added;
        connect(&informer, &kube::Informer::added, this, [&](const QString& key) { added << key; });
        informer.start();
        QTRY_COMPARE_WITH_TIMEOUT(informer.state(), kube::Informer::State::Live, 30000);
        const QString ns = QStringLiteral("eks-%1").arg(QRandomGenerator::global()->bounded(1'000'000));
        QCOMPARE(runProcess(m_fixture.kubectl, {QStringLiteral("--kubeconfig"), m_fixture.kubeconfig, QStringLiteral("create"),
                                                QStringLiteral("namespace"), ns}).exitCode, 0);
        QTRY_VERIFY_WITH_TIMEOUT(added.contains(ns), 30000);
        runChecked(m_fixture.kubectl, {QStringLiteral("--kubeconfig"), m_fixture.kubeconfig, QStringLiteral("delete"),
                                       QStringLiteral("namespace"), ns, QStringLiteral("--wait=false")});

        // A driver pod's log (the kubelet stand-in's simulated Spark driver), read with the EKS token.
        const QString pod = QStringLiteral("eks-log-%1").arg(QRandomGenerator::global()->bounded(1'000'000));
        QFile manifest(path(QStringLiteral("pod.yaml")));
        QVERIFY(manifest.open(QIODevice::WriteOnly));
        manifest.write("apiVersion: v1\nkind: Pod\nmetadata: {name: " + pod.toUtf8()
                       + ", namespace: default, labels: {spark-role: driver}}\n"
                         "spec:\n  nodeName: sparkdeck-worker\n  containers: [{name: spark-kubernetes-driver, image: spark:4.0.0}]\n");
        manifest.close();
        const ProcessResult applied = runProcess(m_fixture.kubectl, admin + QStringList{QStringLiteral("apply"), QStringLiteral("-f"), manifest.fileName()});
        QVERIFY2(applied.exitCode == 0, qPrintable(applied.err));
        kube::LogStream log(&client, {QStringLiteral("default"), pod, {}});
        QStringList lines;
        connect(&log, &kube::LogStream::linesReceived, this, [&](const QStringList& l) { lines << l; });
        log.start();
        QTRY_VERIFY_WITH_TIMEOUT(lines.join(QLatin1Char('\n')).contains(QLatin1String("SparkContext")), 60000);
        log.stop();
        runChecked(m_fixture.kubectl, admin + QStringList{QStringLiteral("delete"), QStringLiteral("pod"), pod,
                                                          QStringLiteral("-n"), QStringLiteral("default"), QStringLiteral("--wait=false")});
        QCOMPARE(client.execProvider()->runCount(), 1); // cached: the token is valid for 14 minutes

        const auto other = kube::Kubeconfig::load({writeKubeconfig(QStringLiteral("eks-other"), eksBlock("another-cluster"))}, true, &error);
        QVERIFY2(other, qPrintable(error.toString()));
        KubeClient refused(*other->connection({}, &error));
        const kube::Result<KubeResponse> r = call(refused, "GET", QStringLiteral("/api/v1/namespaces"));
        QVERIFY2(r.error().kind == KubeError::Kind::Credentials, qPrintable(r.error().details()));
        QCOMPARE(refused.execProvider()->runCount(), 2);
        QVERIFY(!r.error().details().contains(QLatin1String("k8s-aws-v1.")));
    }

    // A client certificate and key from the plugin are used for TLS: the API server sees the
    // certificate's user.
    void clientCertificateFromPlugin()
    {
        kube::KubeconfigError error;
        const auto admin = kube::Kubeconfig::load({m_fixture.kubeconfig}, true, &error);
        QVERIFY(admin);
        const kube::UserEntry* user = admin->user(admin->context(admin->currentContext())->user);
        QVERIFY(user && !user->clientCertificateData.isEmpty());
        QFile cert(path(QStringLiteral("client.crt"))), key(path(QStringLiteral("client.key")));
        QVERIFY(cert.open(QIODevice::WriteOnly) && key.open(QIODevice::WriteOnly));
        cert.write(user->clientCertificateData);
        key.write(user->clientKeyData);
        cert.close();
        key.close();
        writePlugin(QStringLiteral("plugin-cert"),
                    "pem() { awk '{printf \"%s\\\\n\", $0}' \"$1\"; }\n"
                    "echo \"{\\\"apiVersion\\\":\\\"client.authentication.k8s.io/v1\\\",\\\"kind\\\":\\\"ExecCredential\\\","
                    "\\\"status\\\":{\\\"clientCertificateData\\\":\\\"$(pem \"$dir/client.crt\")\\\","
                    "\\\"clientKeyData\\\":\\\"$(pem \"$dir/client.key\")\\\"}}\"\n");
        auto c = client(QStringLiteral("plugin-cert"));
        QVERIFY(c);
        QCOMPARE(whoAmI(*c), QStringLiteral("kubernetes-admin"));
        const kube::Result<KubeResponse> r = call(*c, "GET", QStringLiteral("/api/v1/namespaces"));
        QVERIFY2(!r.error().isError(), qPrintable(r.error().details()));
        QCOMPARE(runs(), 1);
    }
};

QTEST_MAIN(TestExecCluster)
#include "tst_execcluster.moc"
