// Kubeconfig fields beyond credentials against the local control plane's real kube-apiserver:
// impersonation (as, as-uid, as-groups, as-user-extra) read back with a SelfSubjectReview, and
// proxy-url through real proxies on loopback (tinyproxy for HTTP CONNECT, microsocks for socks5)
// that this test starts and whose logs show the connections.

#include "app/kube/kubeclient.h"
#include "tests/support/kubecall.h"
#include "app/kube/kubeconfig.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

// QCOMPARE that also names the generated case on failure.
#define QCOMPARE_WITH_WHAT(actual, expected, what)                                                  \
    do {                                                                                            \
        if (!QTest::qCompare(actual, expected, #actual, #expected, __FILE__, __LINE__)) {           \
            qWarning("in %s", (what).constData());                                                 \
            return;                                                                                 \
        }                                                                                           \
    } while (false)

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

    static kube::Result<KubeResponse> call(KubeClient& client, const QByteArray& method, const QString& apiPath,
                             const QByteArray& body = {})
    {
        return callAndWait(client, method, apiPath, body);
    }

    static QJsonObject selfSubjectReview(KubeClient& client, QString* error)
    {
        const kube::Result<KubeResponse> r = call(client, "POST", QStringLiteral("/apis/authentication.k8s.io/v1/selfsubjectreviews"),
                                    R"({"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"})");
        *error = r.error().details();
        return r->object().value(QLatin1String("status")).toObject().value(QLatin1String("userInfo")).toObject();
    }

    // Opens a watch of namespaces and waits for its HTTP status (0 when none came).
    static int streamStatus(KubeClient& client, QByteArray* body)
    {
        QNetworkReply* reply = nullptr;
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("watch"), QStringLiteral("true"));
        client.openStream(QStringLiteral("/api/v1/namespaces"), query, &client,
                          [&](const kube::Result<QNetworkReply*>& r) { reply = r.valueOr(nullptr); });
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

    // Starts tinyproxy (an HTTP CONNECT proxy) on a free loopback port, logging connections to
    // `log`; returns the port. Skips the test when tinyproxy is not installed.
    quint16 startTinyproxy(QProcess& proxy, const QString& log)
    {
        const QString tinyproxy = QStandardPaths::findExecutable(QStringLiteral("tinyproxy"));
        if (tinyproxy.isEmpty()) {
            QTest::qSkip("tinyproxy is not installed (scripts/lib.sh installs it: apt-get install tinyproxy)",
                         __FILE__, __LINE__);
            return 0;
        }
        const quint16 port = freePort();
        QFile conf(log + QStringLiteral(".conf"));
        if (!conf.open(QIODevice::WriteOnly)) {
            QTest::qFail("cannot write the tinyproxy configuration", __FILE__, __LINE__);
            return 0;
        }
        conf.write("Port " + QByteArray::number(port) + "\nListen 127.0.0.1\nTimeout 600\nLogLevel Connect\n"
                   "MaxClients 50\nAllow 127.0.0.1\nConnectPort " + QByteArray::number(QUrl(QString::fromUtf8(m_server)).port()) + "\n");
        conf.close();
        if (!startProxy(proxy, tinyproxy, {QStringLiteral("-d"), QStringLiteral("-c"), conf.fileName()}, log, port)) {
            QTest::qFail(qPrintable(QStringLiteral("tinyproxy did not start: ") + readAll(log)), __FILE__, __LINE__);
            return 0;
        }
        return port;
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
            const kube::Result<KubeResponse> r = call(*c, "GET", QStringLiteral("/api/v1/namespaces"));
            QVERIFY2(!r.error().isError(), qPrintable(r.error().details()));
            QVERIFY(r->object().value(QLatin1String("items")).toArray().size() > 0);
            QByteArray body;
            QCOMPARE(streamStatus(*c, &body), 200);
        }
        proxy.terminate();
        QVERIFY(proxy.waitForFinished(10000));
        auto c = client(kubeconfig);
        QVERIFY(c);
        const kube::Result<KubeResponse> r = call(*c, "GET", QStringLiteral("/api/v1/namespaces"));
        QVERIFY2(r.error().kind == KubeError::Kind::Network, qPrintable(r.error().details()));
    }

    // Makes `server` a TLS front (certificate `crt`, key `key`) for the plain proxy on
    // `plainPort`, counting the connections it relays in `*count`.
    void tlsFront(QSslServer& server, const QString& crt, const QString& key, quint16 plainPort, int* count)
    {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        QFile crtFile(crt), keyFile(key);
        QVERIFY(crtFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
        tls.setLocalCertificate(QSslCertificate(crtFile.readAll()));
        tls.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa));
        server.setSslConfiguration(tls);
        connect(&server, &QSslServer::pendingConnectionAvailable, this, [&server, plainPort, count] {
            while (auto* in = qobject_cast<QSslSocket*>(server.nextPendingConnection())) {
                ++*count;
                auto* out = new QTcpSocket(in);
                connect(in, &QSslSocket::readyRead, out, [in, out] { out->write(in->readAll()); });
                connect(out, &QTcpSocket::readyRead, in, [in, out] { in->write(out->readAll()); });
                connect(out, &QTcpSocket::disconnected, in, [in] { in->disconnectFromHost(); });
                connect(in, &QSslSocket::disconnected, in, [in, out] { out->disconnectFromHost(); in->deleteLater(); });
                out->connectToHost(QHostAddress::LocalHost, plainPort);
                if (!out->waitForConnected(5000)) { // tinyproxy is gone
                    in->disconnectFromHost();
                    continue;
                }
                out->write(in->readAll());
            }
        });
    }

    static bool openssl(const QStringList& args)
    {
        QProcess p;
        p.start(QStringLiteral("openssl"), args);
        return p.waitForFinished(30000) && p.exitCode() == 0;
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
        const kube::Result<KubeResponse> r = call(*c, "GET", QStringLiteral("/api/v1/namespaces"));
        QCOMPARE(r.error().httpStatus, 403);
        const QString text = r.error().details();
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
        const kube::Result<KubeResponse> r = call(*c, "GET", QStringLiteral("/version"));
        if (accepted) {
            QVERIFY2(!r.error().isError(), qPrintable(r.error().details()));
        } else {
            QCOMPARE(r.error().kind, KubeError::Kind::Network);
            QVERIFY2(r.error().message.contains(QLatin1String("TLS")), qPrintable(r.error().details()));
        }
    }

    // proxy-url http://: every connection is a CONNECT through tinyproxy; without it nothing works.
    void httpConnectProxy()
    {
        const QString log = path(QStringLiteral("tinyproxy.log"));
        QProcess proxy;
        auto stop = qScopeGuard([&] { proxy.kill(); proxy.waitForFinished(); });
        const quint16 port = startTinyproxy(proxy, log);
        if (port == 0 || QTest::currentTestFailed())
            return; // skipped or failed in startTinyproxy
        const QString kubeconfig = writeKubeconfig(QStringLiteral("http-proxy"),
                                                   "    proxy-url: http://127.0.0.1:" + QByteArray::number(port) + "\n");
        constexpr int clients = 3;
        throughProxy(kubeconfig, proxy, clients);
        const QString text = readAll(log);
        const QByteArray target = QUrl(QString::fromUtf8(m_server)).authority().toUtf8();
        // Each client: one connection for its requests and (over HTTP/1.1) one for its watch.
        QVERIFY2(text.count(QLatin1String("CONNECT ") + QString::fromUtf8(target)) >= clients, qPrintable(text));
    }

    // proxy-url https://: TLS to the proxy (its certificate checked with the cluster's CA, as
    // kubectl does), then CONNECT. The TLS end is this test's QSslServer in front of tinyproxy.
    void httpsProxy()
    {
        const QString log = path(QStringLiteral("tinyproxy-tls.log"));
        QProcess proxy;
        auto stop = qScopeGuard([&] { proxy.kill(); proxy.waitForFinished(); });
        const quint16 plainPort = startTinyproxy(proxy, log);
        if (plainPort == 0 || QTest::currentTestFailed())
            return; // skipped or failed in startTinyproxy
        // A certificate for 127.0.0.1 signed by the fixture's CA.
        const QString key = path(QStringLiteral("proxy.key")), csr = path(QStringLiteral("proxy.csr")),
                      crt = path(QStringLiteral("proxy.crt")), ext = path(QStringLiteral("proxy.ext"));
        QFile extFile(ext);
        QVERIFY(extFile.open(QIODevice::WriteOnly));
        extFile.write("subjectAltName=IP:127.0.0.1\n");
        extFile.close();
        QVERIFY(openssl({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                         QStringLiteral("-keyout"), key, QStringLiteral("-out"), csr, QStringLiteral("-subj"),
                         QStringLiteral("/CN=tls-proxy")}));
        QVERIFY(openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csr, QStringLiteral("-CA"),
                         m_stateDir + QStringLiteral("/pki/ca.crt"), QStringLiteral("-CAkey"), m_stateDir + QStringLiteral("/pki/ca.key"),
                         QStringLiteral("-CAcreateserial"), QStringLiteral("-out"), crt, QStringLiteral("-days"), QStringLiteral("2"),
                         QStringLiteral("-extfile"), ext}));
        QSslServer tlsServer;
        int tlsConnections = 0;
        tlsFront(tlsServer, crt, key, plainPort, &tlsConnections);
        QVERIFY(tlsServer.listen(QHostAddress::LocalHost));
        const QString kubeconfig = writeKubeconfig(QStringLiteral("https-proxy"),
                                                   "    proxy-url: https://127.0.0.1:" + QByteArray::number(tlsServer.serverPort()) + "\n");
        constexpr int clients = 3;
        throughProxy(kubeconfig, proxy, clients);
        QVERIFY(tlsConnections >= clients);
        const QString text = readAll(log);
        QVERIFY2(text.count(QLatin1String("CONNECT ") + QUrl(QString::fromUtf8(m_server)).authority()) >= clients, qPrintable(text));
    }

    // An https:// proxy whose certificate the cluster's CA did not sign: a network error that
    // names the proxy and the certificate problem.
    void httpsProxyUntrusted()
    {
        const QString key = path(QStringLiteral("rogue.key")), crt = path(QStringLiteral("rogue.crt"));
        QVERIFY(openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                         QStringLiteral("-nodes"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), crt,
                         QStringLiteral("-subj"), QStringLiteral("/CN=rogue-proxy"), QStringLiteral("-addext"),
                         QStringLiteral("subjectAltName=IP:127.0.0.1"), QStringLiteral("-days"), QStringLiteral("2")}));
        QSslServer tlsServer;
        int tlsConnections = 0;
        tlsFront(tlsServer, crt, key, freePort(), &tlsConnections);
        QVERIFY(tlsServer.listen(QHostAddress::LocalHost));
        const QByteArray port = QByteArray::number(tlsServer.serverPort());
        QString why;
        auto c = client(writeKubeconfig(QStringLiteral("rogue-proxy"), "    proxy-url: https://127.0.0.1:" + port + "\n"), &why);
        QVERIFY2(c, qPrintable(why));
        const kube::Result<KubeResponse> r = call(*c, "GET", QStringLiteral("/api/v1/namespaces"));
        QCOMPARE(r.error().kind, KubeError::Kind::Network);
        QVERIFY2(r.error().message.contains(QLatin1String("proxy 127.0.0.1:") + QString::fromLatin1(port))
                     && r.error().message.contains(QLatin1String("certificate"), Qt::CaseInsensitive),
                 qPrintable(r.error().message));
        QCOMPARE(tlsConnections, 0);
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

    // kubectl as the oracle for kubeconfig resolution: generated KUBECONFIG lists (merge order,
    // names defined in several files or twice in one, missing files, relative certificate-authority paths,
    // current-context from the first file that sets one, --context overrides) resolve to the
    // same server, CA, user, namespace, proxy, token, tls-server-name and impersonation as
    // `kubectl config view --minify --flatten`, and fail where kubectl fails.
    void resolutionMatchesKubectl()
    {
        QString kubectl = QFileInfo(m_kubeconfig).absoluteDir().filePath(QStringLiteral("bin/kubectl"));
        if (!QFileInfo(kubectl).isExecutable())
            kubectl = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
        QVERIFY2(!kubectl.isEmpty(), "no kubectl: neither the fixture's bin/kubectl nor one on PATH");
        QTemporaryDir root;
        QVERIFY(root.isValid());
        // Three CAs told apart by their subject, as PEM.
        QList<QByteArray> cas;
        for (int i = 0; i < 3; ++i) {
            const QString key = root.filePath(QStringLiteral("ca%1.key").arg(i));
            const QString crt = root.filePath(QStringLiteral("ca%1.crt").arg(i));
            QProcess openssl;
            openssl.start(QStringLiteral("openssl"),
                          {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                           QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                           QStringLiteral("-keyout"), key, QStringLiteral("-out"), crt, QStringLiteral("-subj"),
                           QStringLiteral("/CN=oracle-ca-%1").arg(i), QStringLiteral("-days"), QStringLiteral("2")});
            QVERIFY(openssl.waitForFinished(20000) && openssl.exitCode() == 0);
            QFile f(crt);
            QVERIFY(f.open(QIODevice::ReadOnly));
            cas << f.readAll();
        }

        QRandomGenerator random(20261129); // the same cases every run
        const QStringList clusterNames{QStringLiteral("alpha"), QStringLiteral("beta")};
        const QStringList userNames{QStringLiteral("u1"), QStringLiteral("u2")};
        const QStringList contextNames{QStringLiteral("ctx1"), QStringLiteral("ctx2"), QStringLiteral("ctx3")};
        auto pick = [&](const QStringList& from) { return from.at(int(random.bounded(from.size()))); };
        auto chance = [&](int percent) { return int(random.bounded(100)) < percent; };
        int compared = 0, bothFailed = 0, withDuplicates = 0;
        for (int n = 0; n < 60; ++n) {
            const QString caseDir = root.filePath(QStringLiteral("case%1").arg(n));
            QStringList files;
            bool duplicate = false;
            for (int fi = 0; fi < 3; ++fi) {
                const QString dir = fi == 1 ? caseDir + QStringLiteral("/sub/deeper") : caseDir + QStringLiteral("/f%1").arg(fi);
                QVERIFY(QDir().mkpath(dir + QStringLiteral("/certs")));
                const QString file = dir + QStringLiteral("/config");
                files << file;
                if (fi == 2 && chance(25))
                    continue; // a KUBECONFIG entry that does not exist
                QByteArray y = "apiVersion: v1\nkind: Config\nclusters:\n";
                for (const QString& c : clusterNames) {
                    if (!chance(60))
                        continue;
                    const int ca = int(random.bounded(3));
                    y += "- name: " + c.toUtf8() + "\n  cluster:\n    server: https://" + c.toUtf8() + ".example:"
                        + QByteArray::number(6440 + fi) + "\n";
                    if (chance(50)) {
                        QFile caFile(dir + QStringLiteral("/certs/ca.crt"));
                        QVERIFY(caFile.open(QIODevice::WriteOnly));
                        caFile.write(cas[ca]);
                        y += chance(50) ? "    certificate-authority: certs/ca.crt\n" : "    certificate-authority: ./certs/../certs/ca.crt\n";
                    } else {
                        y += "    certificate-authority-data: " + cas[ca].toBase64() + "\n";
                    }
                    if (chance(40)) {
                        const QByteArray proxies[] = {"http://proxy" + QByteArray::number(fi) + ".example:3128",
                                                      "https://user:pw@proxy" + QByteArray::number(fi) + ".example",
                                                      "socks5://127.0.0.1:" + QByteArray::number(1080 + fi)};
                        y += "    proxy-url: " + proxies[random.bounded(3)] + "\n";
                    }
                    if (chance(30))
                        y += "    tls-server-name: api" + QByteArray::number(fi) + ".example\n";
                }
                y += "users:\n";
                for (const QString& u : userNames) {
                    if (!chance(60))
                        continue;
                    y += "- name: " + u.toUtf8() + "\n  user:\n    token: tok-" + u.toUtf8() + "-" + QByteArray::number(fi) + "\n";
                    if (chance(50))
                        y += "    as: someone-" + QByteArray::number(fi) + "\n";
                    if (chance(40))
                        y += "    as-groups: [g" + QByteArray::number(fi) + ", shared]\n";
                    if (chance(30))
                        y += "    as-uid: 'uid-" + QByteArray::number(fi) + "'\n";
                    if (chance(30))
                        y += "    as-user-extra:\n      scopes: [read, 'f" + QByteArray::number(fi) + "']\n";
                }
                y += "contexts:\n";
                for (const QString& c : contextNames) {
                    if (!chance(60))
                        continue;
                    y += "- name: " + c.toUtf8() + "\n  context:\n    cluster: " + pick(clusterNames).toUtf8() + "\n";
                    if (chance(85))
                        y += "    user: " + pick(userNames).toUtf8() + "\n";
                    if (chance(60))
                        y += "    namespace: ns-" + QByteArray::number(fi) + "\n";
                    if (chance(4)) { // the same name twice in one file
                        y += "- name: " + c.toUtf8() + "\n  context: {cluster: alpha}\n";
                        duplicate = true;
                    }
                }
                if (chance(60))
                    y += "current-context: " + pick(contextNames).toUtf8() + "\n";
                QFile f(file);
                QVERIFY(f.open(QIODevice::WriteOnly));
                f.write(y);
            }
            const QString context = chance(30) ? pick(contextNames) : QString();
            const QString description = QStringLiteral("case %1 (%2), context '%3'").arg(n).arg(caseDir, context);

            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("KUBECONFIG"), files.join(QLatin1Char(':')));
            p.setProcessEnvironment(env);
            QStringList args{QStringLiteral("config"), QStringLiteral("view"), QStringLiteral("--minify"),
                             QStringLiteral("--flatten"), QStringLiteral("-o"), QStringLiteral("json")};
            if (!context.isEmpty())
                args << QStringLiteral("--context") << context;
            p.start(kubectl, args);
            QVERIFY(p.waitForFinished(30000));
            const QByteArray out = p.readAllStandardOutput();

            kube::KubeconfigError error;
            const auto config = kube::Kubeconfig::load(files, false, &error);
            const auto conn = config ? config->connection(context, &error) : std::nullopt;

            const QJsonObject view = QJsonDocument::fromJson(out).object();
            const QJsonObject cluster = view.value(QLatin1String("clusters")).toArray().at(0).toObject()
                                            .value(QLatin1String("cluster")).toObject();
            const QJsonObject ctx = view.value(QLatin1String("contexts")).toArray().at(0).toObject();
            const QJsonObject user = view.value(QLatin1String("users")).toArray().at(0).toObject()
                                         .value(QLatin1String("user")).toObject();
            // kubectl minifies a context whose user is undefined without complaint; a client
            // built from it fails ("user not found"), as SparkDeck does.
            const QString userName = ctx.value(QLatin1String("context")).toObject().value(QLatin1String("user")).toString();
            const bool kubectlResolves = p.exitCode() == 0 && !cluster.isEmpty()
                && (userName.isEmpty() || !view.value(QLatin1String("users")).toArray().isEmpty());
            QVERIFY2(kubectlResolves == conn.has_value(),
                     qPrintable(description + QStringLiteral(": kubectl %1 (%2), SparkDeck %3")
                                    .arg(kubectlResolves ? QStringLiteral("resolves") : QStringLiteral("fails"),
                                         QString::fromUtf8(p.readAllStandardError()).trimmed(),
                                         conn ? QStringLiteral("resolves") : error.toString())));
            withDuplicates += duplicate ? 1 : 0;
            if (!conn) {
                ++bothFailed;
                continue;
            }
            ++compared;
            const QByteArray what = description.toUtf8();
            QCOMPARE_WITH_WHAT(conn->contextName, ctx.value(QLatin1String("name")).toString(), what);
            QCOMPARE_WITH_WHAT(conn->server.toString(), cluster.value(QLatin1String("server")).toString(), what);
            const QByteArray caPem = QByteArray::fromBase64(cluster.value(QLatin1String("certificate-authority-data")).toString().toLatin1());
            QCOMPARE_WITH_WHAT(conn->ssl.caCertificates(), QSslCertificate::fromData(caPem), what);
            QCOMPARE_WITH_WHAT(conn->proxy.toString(), cluster.value(QLatin1String("proxy-url")).toString(), what);
            QCOMPARE_WITH_WHAT(conn->tlsServerName, cluster.value(QLatin1String("tls-server-name")).toString(), what);
            QCOMPARE_WITH_WHAT(conn->userName, userName, what);
            const QString ns = ctx.value(QLatin1String("context")).toObject().value(QLatin1String("namespace")).toString();
            QCOMPARE_WITH_WHAT(conn->defaultNamespace, ns.isEmpty() ? QStringLiteral("default") : ns, what);
            QCOMPARE_WITH_WHAT(conn->credentials.bearerToken, user.value(QLatin1String("token")).toString(), what);
            QCOMPARE_WITH_WHAT(conn->impersonation.user, user.value(QLatin1String("as")).toString(), what);
            QCOMPARE_WITH_WHAT(conn->impersonation.uid, user.value(QLatin1String("as-uid")).toString(), what);
            QStringList groups;
            for (const QJsonValue& g : user.value(QLatin1String("as-groups")).toArray())
                groups << g.toString();
            QCOMPARE_WITH_WHAT(conn->impersonation.groups, groups, what);
            QJsonObject extra;
            for (const auto& [key, values] : conn->impersonation.extra)
                extra.insert(key, QJsonArray::fromStringList(values));
            QCOMPARE_WITH_WHAT(extra, user.value(QLatin1String("as-user-extra")).toObject(), what);
        }
        qInfo("%d cases resolved alike, %d failed in both (%d with a name twice in one file)", compared, bothFailed,
              withDuplicates);
        QVERIFY(withDuplicates >= 1);
        QVERIFY(compared >= 20);
        QVERIFY(bothFailed >= 3);
    }
};

QTEST_MAIN(TestKubeconfigCluster)
#include "tst_kubeconfigcluster.moc"
