// Kubeconfig fields beyond credentials against the local control plane's real kube-apiserver:
// impersonation (as, as-uid, as-groups, as-user-extra) read back with a SelfSubjectReview, and
// proxy-url through real proxies on loopback (tinyproxy for HTTP CONNECT, microsocks for socks5)
// that this test starts and whose logs show the connections.

#include "kubeclient.h"
#include "kubeconfig.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using kube::KubeClient;
using kube::KubeError;
using kube::KubeResponse;

class TestKubeconfigCluster : public QObject {
    Q_OBJECT

    QString m_kubeconfig; // the fixture's admin kubeconfig
    QString m_stateDir;
    QTemporaryDir m_dir;
    QByteArray m_server;
    QByteArray m_caData;   // base64
    QByteArray m_certData; // base64, the fixture's admin client certificate
    QByteArray m_keyData;  // base64

    QString path(const QString& name) const { return m_dir.filePath(name); }

    // Writes `name`.kubeconfig for the fixture's API server with `clusterExtra` lines under
    // cluster and `user` lines under user (the admin's client certificate when `user` is empty).
    QString writeKubeconfig(const QString& name, const QByteArray& clusterExtra, const QByteArray& user = {})
    {
        const QString file = path(name + QStringLiteral(".kubeconfig"));
        QFile f(file);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write("clusters:\n- name: local\n  cluster:\n    server: " + m_server + "\n    certificate-authority-data: "
                + m_caData + "\n" + clusterExtra + "users:\n- name: tester\n  user:\n"
                + (user.isEmpty() ? "    client-certificate-data: " + m_certData + "\n    client-key-data: " + m_keyData + "\n"
                                  : user)
                + "contexts:\n- name: ctx\n  context: {cluster: local, user: tester}\ncurrent-context: ctx\n");
        return file;
    }

    static std::unique_ptr<KubeClient> client(const QString& kubeconfig, QString* why = nullptr)
    {
        kube::KubeconfigError error;
        const auto config = kube::Kubeconfig::load({kubeconfig}, true, &error);
        const auto conn = config ? config->connection({}, &error) : std::nullopt;
        if (why)
            *why = error.toString();
        return conn ? std::make_unique<KubeClient>(*conn) : nullptr;
    }

    static KubeResponse call(KubeClient& client, const QByteArray& method, const QString& apiPath,
                             const QByteArray& body = {})
    {
        KubeResponse out;
        bool done = false;
        client.request(method, apiPath, {}, body, &client, [&](const KubeResponse& r) {
            out = r;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 60000))
            out.error = KubeError::network(QStringLiteral("test: no answer"));
        return out;
    }

    static QJsonObject selfSubjectReview(KubeClient& client, QString* error)
    {
        const KubeResponse r = call(client, "POST", QStringLiteral("/apis/authentication.k8s.io/v1/selfsubjectreviews"),
                                    R"({"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"})");
        *error = r.error.details();
        return r.object().value(QLatin1String("status")).toObject().value(QLatin1String("userInfo")).toObject();
    }

    // Opens a watch of namespaces and waits for its HTTP status (0 when none came).
    static int streamStatus(KubeClient& client, QByteArray* body)
    {
        QNetworkReply* reply = nullptr;
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("watch"), QStringLiteral("true"));
        client.openStream(QStringLiteral("/api/v1/namespaces"), query, &client,
                          [&](QNetworkReply* r, const KubeError&) { reply = r; });
        if (!QTest::qWaitFor([&] { return reply != nullptr; }, 30000))
            return 0;
        std::unique_ptr<QNetworkReply> owner(reply);
        (void)QTest::qWaitFor([&] { return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 0
                                  || reply->isFinished(); }, 30000);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status >= 300)
            (void)QTest::qWaitFor([&] { return reply->isFinished(); }, 10000);
        *body = reply->readAll();
        return status;
    }

    static quint16 freePort()
    {
        QTcpServer s;
        return s.listen(QHostAddress::LocalHost) ? s.serverPort() : 0;
    }

    // Starts `program` with `args` until the test function ends; output goes to `log`.
    static bool startProxy(QProcess& process, const QString& program, const QStringList& args, const QString& log,
                           quint16 port)
    {
        process.setProgram(program);
        process.setArguments(args);
        process.setStandardOutputFile(log);
        process.setStandardErrorFile(log, QIODevice::Append);
        process.start();
        if (!process.waitForStarted(10000))
            return false;
        return QTest::qWaitFor([&] {
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, port);
            return s.waitForConnected(200);
        }, 10000);
    }

    static QString readAll(const QString& file)
    {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

    // Runs `clients` fresh clients (one connection each) through the proxy of `kubeconfig`: each
    // lists namespaces and opens a watch; then stops `proxy` and checks a new client gets nowhere.
    void throughProxy(const QString& kubeconfig, QProcess& proxy, int clients)
    {
        for (int i = 0; i < clients; ++i) {
            QString why;
            auto c = client(kubeconfig, &why);
            QVERIFY2(c, qPrintable(why));
            const KubeResponse r = call(*c, "GET", QStringLiteral("/api/v1/namespaces"));
            QVERIFY2(!r.error.isError(), qPrintable(r.error.details()));
            QVERIFY(r.object().value(QLatin1String("items")).toArray().size() > 0);
            QByteArray body;
            QCOMPARE(streamStatus(*c, &body), 200);
        }
        proxy.terminate();
        QVERIFY(proxy.waitForFinished(10000));
        auto c = client(kubeconfig);
        QVERIFY(c);
        const KubeResponse r = call(*c, "GET", QStringLiteral("/api/v1/namespaces"));
        QVERIFY2(r.error.kind == KubeError::Kind::Network, qPrintable(r.error.details()));
    }

private slots:
    void initTestCase()
    {
        QFile pathFile(qEnvironmentVariable("SPARKDECK_TEST_KUBECONFIG_FILE"));
        QVERIFY2(pathFile.open(QIODevice::ReadOnly), "the cluster fixture did not run: start the tests with ctest");
        m_kubeconfig = QString::fromUtf8(pathFile.readAll()).trimmed();
        m_stateDir = QFileInfo(m_kubeconfig).absolutePath();
        QVERIFY(m_dir.isValid());
        kube::KubeconfigError error;
        const auto admin = kube::Kubeconfig::load({m_kubeconfig}, true, &error);
        QVERIFY2(admin, qPrintable(error.toString()));
        const kube::ContextEntry* ctx = admin->context(admin->currentContext());
        QVERIFY(ctx);
        const kube::ClusterEntry* cluster = admin->cluster(ctx->cluster);
        const kube::UserEntry* user = admin->user(ctx->user);
        QVERIFY(cluster && user);
        auto data = [](const QByteArray& inline_, const QString& file) {
            if (!inline_.isEmpty())
                return inline_.toBase64();
            QFile f(file);
            return f.open(QIODevice::ReadOnly) ? f.readAll().toBase64() : QByteArray();
        };
        m_server = cluster->server.toUtf8();
        m_caData = data(cluster->certificateAuthorityData, cluster->certificateAuthorityFile);
        m_certData = data(user->clientCertificateData, user->clientCertificateFile);
        m_keyData = data(user->clientKeyData, user->clientKeyFile);
        QVERIFY2(!m_caData.isEmpty() && !m_certData.isEmpty() && !m_keyData.isEmpty(),
                 "the fixture's kubeconfig has no CA or admin client certificate");
    }

    // as / as-uid / as-groups / as-user-extra reach the API server on requests and streams.
    void impersonationHeadersOnRequestsAndStreams()
    {
        const QString kubeconfig = writeKubeconfig(
            QStringLiteral("impersonate"), {},
            "    client-certificate-data: " + m_certData + "\n    client-key-data: " + m_keyData
                + "\n    as: alice\n    as-uid: uid-1234\n    as-groups: [team-a, team-b]\n"
                  "    as-user-extra:\n      scopes.example.com/reason: [spark ui, audit]\n      team: [data]\n");
        QString why;
        auto c = client(kubeconfig, &why);
        QVERIFY2(c, qPrintable(why));
        const QJsonObject user = selfSubjectReview(*c, &why);
        QVERIFY2(!user.isEmpty(), qPrintable(why));
        QCOMPARE(user.value(QLatin1String("username")).toString(), QStringLiteral("alice"));
        QCOMPARE(user.value(QLatin1String("uid")).toString(), QStringLiteral("uid-1234"));
        const QVariantList groups = user.value(QLatin1String("groups")).toArray().toVariantList();
        QVERIFY2(groups.contains(QStringLiteral("team-a")) && groups.contains(QStringLiteral("team-b")),
                 qPrintable(QJsonDocument(user).toJson()));
        const QJsonObject extra = user.value(QLatin1String("extra")).toObject();
        QCOMPARE(extra.value(QLatin1String("scopes.example.com/reason")).toArray().toVariantList(),
                 (QVariantList{QStringLiteral("spark ui"), QStringLiteral("audit")}));
        QCOMPARE(extra.value(QLatin1String("team")).toArray().toVariantList(), QVariantList{QStringLiteral("data")});

        // alice may not watch namespaces: the stream was refused for her, not for the admin.
        QByteArray body;
        QCOMPARE(streamStatus(*c, &body), 403);
        const QString message = QJsonDocument::fromJson(body).object().value(QLatin1String("message")).toString();
        QVERIFY2(message.contains(QLatin1String("User \"alice\" cannot watch")), body.constData());
    }

    // A user who may not impersonate gets a 403 that says what to change in the kubeconfig.
    void forbiddenImpersonationClearError()
    {
        const QByteArray token = "imp-" + QByteArray::number(QRandomGenerator::global()->generate());
        QFile tokens(m_stateDir + QStringLiteral("/tokens"));
        QVERIFY(tokens.open(QIODevice::Append));
        tokens.write(token + " plain-user\n");
        tokens.close();
        auto cleanup = qScopeGuard([&] {
            QFile t(m_stateDir + QStringLiteral("/tokens"));
            if (t.open(QIODevice::ReadOnly)) {
                QByteArray rest = t.readAll();
                rest.replace(token + " plain-user\n", "");
                t.close();
                if (t.open(QIODevice::WriteOnly | QIODevice::Truncate))
                    t.write(rest);
            }
        });
        const QString kubeconfig = writeKubeconfig(QStringLiteral("forbidden"), {},
                                                   "    token: " + token + "\n    as: bob\n");
        QString why;
        auto c = client(kubeconfig, &why);
        QVERIFY2(c, qPrintable(why));
        const KubeResponse r = call(*c, "GET", QStringLiteral("/api/v1/namespaces"));
        QCOMPARE(r.httpStatus, 403);
        const QString text = r.error.details();
        QVERIFY2(text.contains(QLatin1String("may not impersonate")) && text.contains(QLatin1String("\"bob\""))
                     && text.contains(QLatin1String("plain-user")),
                 qPrintable(text));
        QVERIFY(!text.contains(QString::fromUtf8(token)));
    }

    // certificate-authority relative to the kubeconfig's directory; tls-server-name is the name the
    // server's certificate is checked against (the certificate has 127.0.0.1 too, so a client that
    // ignored it would accept any name).
    void relativeCertificateAuthorityAndTlsServerName_data()
    {
        QTest::addColumn<QByteArray>("serverName");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("name in the certificate") << QByteArray("kubernetes.default.svc") << true;
        QTest::newRow("name not in the certificate") << QByteArray("elsewhere.example") << false;
    }

    void relativeCertificateAuthorityAndTlsServerName()
    {
        QFETCH(QByteArray, serverName);
        QFETCH(bool, accepted);
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("pki")));
        QFile ca(path(QStringLiteral("pki/cluster-ca.crt")));
        QVERIFY(ca.open(QIODevice::WriteOnly));
        ca.write(QByteArray::fromBase64(m_caData));
        ca.close();
        const QString file = path(QStringLiteral("tls-name.kubeconfig"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("clusters:\n- name: local\n  cluster:\n    server: " + m_server
                + "\n    certificate-authority: pki/cluster-ca.crt\n    tls-server-name: " + serverName
                + "\nusers:\n- name: tester\n  user:\n    client-certificate-data: " + m_certData
                + "\n    client-key-data: " + m_keyData
                + "\ncontexts:\n- name: ctx\n  context: {cluster: local, user: tester}\ncurrent-context: ctx\n");
        f.close();
        const QString cwd = QDir::currentPath();
        QDir::setCurrent(QDir::rootPath()); // the CA path must not depend on the working directory
        QString why;
        auto c = client(file, &why);
        QDir::setCurrent(cwd);
        QVERIFY2(c, qPrintable(why));
        const KubeResponse r = call(*c, "GET", QStringLiteral("/version"));
        if (accepted) {
            QVERIFY2(!r.error.isError(), qPrintable(r.error.details()));
        } else {
            QCOMPARE(r.error.kind, KubeError::Kind::Network);
            QVERIFY2(r.error.message.contains(QLatin1String("TLS")), qPrintable(r.error.details()));
        }
    }

    // proxy-url http://: every connection is a CONNECT through tinyproxy; without it nothing works.
    void httpConnectProxy()
    {
        const QString tinyproxy = QStandardPaths::findExecutable(QStringLiteral("tinyproxy"));
        if (tinyproxy.isEmpty())
            QSKIP("tinyproxy is not installed (scripts/lib.sh installs it: apt-get install tinyproxy)");
        const quint16 port = freePort();
        const QString log = path(QStringLiteral("tinyproxy.log"));
        QFile conf(path(QStringLiteral("tinyproxy.conf")));
        QVERIFY(conf.open(QIODevice::WriteOnly));
        conf.write("Port " + QByteArray::number(port) + "\nListen 127.0.0.1\nTimeout 600\nLogLevel Connect\n"
                   "MaxClients 50\nAllow 127.0.0.1\nConnectPort " + QByteArray::number(QUrl(QString::fromUtf8(m_server)).port()) + "\n");
        conf.close();
        QProcess proxy;
        auto stop = qScopeGuard([&] { proxy.kill(); proxy.waitForFinished(); });
        QVERIFY2(startProxy(proxy, tinyproxy, {QStringLiteral("-d"), QStringLiteral("-c"), conf.fileName()}, log, port),
                 qPrintable(readAll(log)));
        const QString kubeconfig = writeKubeconfig(QStringLiteral("http-proxy"),
                                                   "    proxy-url: http://127.0.0.1:" + QByteArray::number(port) + "\n");
        constexpr int clients = 3;
        throughProxy(kubeconfig, proxy, clients);
        const QString text = readAll(log);
        const QByteArray target = QUrl(QString::fromUtf8(m_server)).authority().toUtf8();
        // Each client: one connection for its requests and (over HTTP/1.1) one for its watch.
        QVERIFY2(text.count(QLatin1String("CONNECT ") + QString::fromUtf8(target)) >= clients, qPrintable(text));
    }

    // proxy-url socks5:// with a user name and password: every connection goes through microsocks.
    void socks5Proxy()
    {
        const QString microsocks = QStandardPaths::findExecutable(QStringLiteral("microsocks"));
        if (microsocks.isEmpty())
            QSKIP("microsocks is not installed (scripts/lib.sh installs it: apt-get install microsocks)");
        const quint16 port = freePort();
        const QString log = path(QStringLiteral("microsocks.log"));
        QProcess proxy;
        auto stop = qScopeGuard([&] { proxy.kill(); proxy.waitForFinished(); });
        QVERIFY2(startProxy(proxy, microsocks,
                            {QStringLiteral("-i"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(port),
                             QStringLiteral("-u"), QStringLiteral("spark"), QStringLiteral("-P"), QStringLiteral("deck")},
                            log, port),
                 qPrintable(readAll(log)));
        const QString kubeconfig = writeKubeconfig(QStringLiteral("socks-proxy"),
                                                   "    proxy-url: socks5://spark:deck@127.0.0.1:" + QByteArray::number(port) + "\n");
        constexpr int clients = 3;
        throughProxy(kubeconfig, proxy, clients);
        const QString text = readAll(log);
        const QString target = QUrl(QString::fromUtf8(m_server)).authority();
        QVERIFY2(text.count(QLatin1String("connected to ") + target) >= clients, qPrintable(text));
    }
};

QTEST_MAIN(TestKubeconfigCluster)
#include "tst_kubeconfigcluster.moc"
