// Kubeconfig loading and merging, per client-go clientcmd rules (see kubeconfig.h).

#include "app/kube/kubeclient.h"
#include "app/kube/kubeconfig.h"
#include "tests/support/kubecall.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QSslKey>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using kube::Kubeconfig;
using kube::KubeconfigError;

namespace {

struct Pem {
    QByteArray cert;
    QByteArray key;
};

// Generates a real key pair and self-signed certificate with openssl (argument list, no shell).
Pem makePem(const QString& dir)
{
    const QString key = dir + QStringLiteral("/key.pem");
    const QString cert = dir + QStringLiteral("/cert.pem");
    QProcess p;
    p.start(QStringLiteral("openssl"),
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
             QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
             QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert, QStringLiteral("-subj"),
             QStringLiteral("/CN=test-admin"), QStringLiteral("-days"), QStringLiteral("2")});
    p.waitForFinished(20000);
    QFile c(cert), k(key);
    if (!c.open(QIODevice::ReadOnly) || !k.open(QIODevice::ReadOnly))
        return {};
    return {c.readAll(), k.readAll()};
}

void write(const QString& path, const QByteArray& data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(data);
}

} // namespace

class TestKubeconfig : public QObject {
    Q_OBJECT
private:
    /// Makes `server` listen on loopback and answer every request with 200 "{}", appending what it
    /// receives to *head. False when it cannot listen.
    bool recordRequestHead(QTcpServer* server, QByteArray* head)
    {
        if (!server->listen(QHostAddress::LocalHost))
            return false;
        connect(server, &QTcpServer::newConnection, this, [server, head] {
            QTcpSocket* socket = server->nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, socket, [head, socket] {
                *head += socket->readAll();
                if (head->contains("\r\n\r\n"))
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
            });
        });
        return true;
    }

    /// Reads kubeconfig `yaml` (as file `name` in the test's directory) and GETs /version through
    /// a KubeClient for its context "x"; failures go through QTest.
    void getVersion(const QByteArray& yaml, const QString& name)
    {
        KubeconfigError error;
        const auto config = Kubeconfig::parse(yaml, m_dir.filePath(name), &error);
        QVERIFY2(config, qPrintable(error.toString()));
        const auto conn = config->connection(QStringLiteral("x"), &error);
        QVERIFY2(conn, qPrintable(error.toString()));
        kube::KubeClient client(*conn);
        const kube::Result<kube::KubeResponse> r = callAndWait(client, "GET", QStringLiteral("/version"), {}, 20000);
        QVERIFY2(r, qPrintable(r.error().details()));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_pem = makePem(m_dir.path());
        QVERIFY2(!m_pem.cert.isEmpty() && !m_pem.key.isEmpty(), "openssl must be installed for this test");
    }

    void kindShapedConfigWithData()
    {
        const QByteArray yaml = "apiVersion: v1\nkind: Config\n"
                                "clusters:\n- name: kind-spark\n  cluster:\n    server: https://127.0.0.1:6443\n"
                                "    certificate-authority-data: " + m_pem.cert.toBase64() + "\n"
                                "users:\n- name: kind-spark\n  user:\n"
                                "    client-certificate-data: " + m_pem.cert.toBase64() + "\n"
                                "    client-key-data: " + m_pem.key.toBase64() + "\n"
                                "contexts:\n- name: kind-spark\n  context:\n    cluster: kind-spark\n    user: kind-spark\n"
                                "current-context: kind-spark\n";
        KubeconfigError error;
        const auto config = Kubeconfig::parse(yaml, m_dir.filePath(QStringLiteral("config")), &error);
        QVERIFY2(config, qPrintable(error.toString()));
        QCOMPARE(config->currentContext(), QStringLiteral("kind-spark"));
        const auto conn = config->connection({}, &error);
        QVERIFY2(conn, qPrintable(error.toString()));
        QCOMPARE(conn->server, QUrl(QStringLiteral("https://127.0.0.1:6443")));
        QCOMPARE(conn->defaultNamespace, QStringLiteral("default"));
        QCOMPARE(conn->ssl.caCertificates().size(), 1);
        QVERIFY(!conn->ssl.localCertificate().isNull());
        QVERIFY(!conn->ssl.privateKey().isNull());
        QCOMPARE(conn->ssl.privateKey().algorithm(), QSsl::Ec);
    }

    void relativeFilesResolveAgainstTheirKubeconfig()
    {
        QDir(m_dir.path()).mkpath(QStringLiteral("sub/certs"));
        write(m_dir.filePath(QStringLiteral("sub/certs/ca.crt")), m_pem.cert);
        write(m_dir.filePath(QStringLiteral("sub/certs/client.crt")), m_pem.cert);
        write(m_dir.filePath(QStringLiteral("sub/certs/client.key")), m_pem.key);
        const QString file = m_dir.filePath(QStringLiteral("sub/config"));
        write(file, "clusters:\n- name: c\n  cluster:\n    server: https://10.0.0.1:6443\n"
                    "    certificate-authority: certs/ca.crt\n"
                    "users:\n- name: u\n  user:\n    client-certificate: certs/client.crt\n"
                    "    client-key: ./certs/client.key\n"
                    "contexts:\n- name: ctx\n  context: {cluster: c, user: u, namespace: spark-jobs}\n"
                    "current-context: ctx\n");
        KubeconfigError error;
        // Load from a different working directory: paths must not depend on it.
        const QString cwd = QDir::currentPath();
        QDir::setCurrent(QDir::rootPath());
        const auto config = Kubeconfig::load({file}, true, &error);
        QDir::setCurrent(cwd);
        QVERIFY2(config, qPrintable(error.toString()));
        QCOMPARE(config->cluster(QStringLiteral("c"))->certificateAuthorityFile,
                 m_dir.filePath(QStringLiteral("sub/certs/ca.crt")));
        const auto conn = config->connection({}, &error);
        QVERIFY2(conn, qPrintable(error.toString()));
        QCOMPARE(conn->defaultNamespace, QStringLiteral("spark-jobs"));
        QVERIFY(!conn->ssl.privateKey().isNull());
    }

    void dataBeatsFile()
    {
        const QByteArray yaml = "clusters:\n- name: c\n  cluster:\n    server: https://h:1\n"
                                "    certificate-authority: /does/not/exist.crt\n"
                                "    certificate-authority-data: " + m_pem.cert.toBase64() + "\n"
                                "contexts:\n- name: x\n  context: {cluster: c}\ncurrent-context: x\n";
        KubeconfigError error;
        const auto config = Kubeconfig::parse(yaml, m_dir.filePath(QStringLiteral("d")), &error);
        QVERIFY(config);
        const auto conn = config->connection({}, &error);
        QVERIFY2(conn, qPrintable(error.toString())); // the missing file is never read
        QCOMPARE(conn->ssl.caCertificates().size(), 1);
    }

    void mergeFirstDefinitionWinsWhole()
    {
        const QString a = m_dir.filePath(QStringLiteral("a.yaml"));
        const QString b = m_dir.filePath(QStringLiteral("b.yaml"));
        write(a, "clusters:\n- name: shared\n  cluster: {server: 'https://first:1'}\n"
                 "contexts:\n- name: one\n  context: {cluster: shared, namespace: from-a}\n");
        write(b, "clusters:\n- name: shared\n  cluster: {server: 'https://second:2'}\n"
                 "- name: only-b\n  cluster: {server: 'https://b:3'}\n"
                 "contexts:\n- name: one\n  context: {cluster: only-b, namespace: from-b}\n"
                 "- name: two\n  context: {cluster: only-b}\n"
                 "current-context: two\n");
        KubeconfigError error;
        const auto config = Kubeconfig::load({a, m_dir.filePath(QStringLiteral("missing.yaml")), b}, false, &error);
        QVERIFY2(config, qPrintable(error.toString()));
        QCOMPARE(config->files().size(), 2); // a missing file in a KUBECONFIG list is skipped
        QCOMPARE(config->cluster(QStringLiteral("shared"))->server, QStringLiteral("https://first:1"));
        QCOMPARE(config->context(QStringLiteral("one"))->ns, QStringLiteral("from-a"));
        QCOMPARE(config->context(QStringLiteral("one"))->cluster, QStringLiteral("shared"));
        QCOMPARE(config->contextNames(), (QStringList{QStringLiteral("one"), QStringLiteral("two")}));
        // a.yaml has no current-context, so b.yaml's is the first non-empty one.
        QCOMPARE(config->currentContext(), QStringLiteral("two"));
    }

    void kubeconfigEnvironmentList()
    {
        qputenv("KUBECONFIG", "/x/a:/x/b::/x/a");
        QCOMPARE(Kubeconfig::defaultFiles(), (QStringList{QStringLiteral("/x/a"), QStringLiteral("/x/b")}));
        qunsetenv("KUBECONFIG");
        QCOMPARE(Kubeconfig::defaultFiles(), QStringList{QDir::homePath() + QStringLiteral("/.kube/config")});
    }

    void tokenBeatsTokenFile()
    {
        write(m_dir.filePath(QStringLiteral("token")), "from-file\n");
        const QByteArray yaml = "clusters:\n- name: c\n  cluster: {server: 'https://h:1'}\n"
                                "users:\n- name: u\n  user: {token: literal, tokenFile: token}\n"
                                "- name: f\n  user: {tokenFile: token}\n"
                                "contexts:\n- name: t\n  context: {cluster: c, user: u}\n"
                                "- name: tf\n  context: {cluster: c, user: f}\n";
        KubeconfigError error;
        const auto config = Kubeconfig::parse(yaml, m_dir.filePath(QStringLiteral("t.yaml")), &error);
        QVERIFY(config);
        auto conn = config->connection(QStringLiteral("t"), &error);
        QVERIFY(conn);
        QCOMPARE(conn->credentials.bearerToken, QStringLiteral("literal"));
        QVERIFY(conn->credentials.tokenFile.isEmpty());
        conn = config->connection(QStringLiteral("tf"), &error);
        QVERIFY(conn);
        QCOMPARE(conn->credentials.tokenFile, m_dir.filePath(QStringLiteral("token")));
    }

    void errorsNameFileAndField_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("words");
        QTest::newRow("syntax") << QByteArray("clusters: [\n") << QStringLiteral("line 2, column 1")
                                << QStringLiteral("not valid YAML");
        QTest::newRow("clusters not a list") << QByteArray("clusters: {a: 1}\n") << QStringLiteral("clusters")
                                             << QStringLiteral("must be a list");
        QTest::newRow("bad base64") << QByteArray("clusters:\n- name: c\n  cluster:\n    server: https://h:1\n"
                                                  "    certificate-authority-data: '%%%'\n")
                                    << QStringLiteral("clusters[c].cluster.certificate-authority-data")
                                    << QStringLiteral("base64");
        QTest::newRow("name twice in one file")
            << QByteArray("contexts:\n- name: x\n  context: {cluster: a}\n- name: x\n  context: {cluster: b}\n")
            << QStringLiteral("contexts[1].name") << QStringLiteral("\"x\" is defined twice");
        QTest::newRow("as-groups not a list")
            << QByteArray("users:\n- name: u\n  user: {as: a, as-groups: admins}\n")
            << QStringLiteral("users[u].user.as-groups") << QStringLiteral("list");
        QTest::newRow("nameless user") << QByteArray("users:\n- user: {token: x}\n") << QStringLiteral("users[0].name")
                                       << QStringLiteral("missing");
        QTest::newRow("exec v1 without interactiveMode")
            << QByteArray("users:\n- name: u\n  user:\n    exec: {command: aws, apiVersion: client.authentication.k8s.io/v1}\n")
            << QStringLiteral("users[u].user.exec.interactiveMode") << QStringLiteral("Never, IfAvailable or Always");
        QTest::newRow("exec bad interactiveMode")
            << QByteArray("users:\n- name: u\n  user:\n    exec: {command: aws, apiVersion: client.authentication.k8s.io/v1,"
                          " interactiveMode: Sometimes}\n")
            << QStringLiteral("users[u].user.exec.interactiveMode") << QStringLiteral("Sometimes");
        QTest::newRow("exec without command")
            << QByteArray("users:\n- name: u\n  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1}\n")
            << QStringLiteral("users[u].user.exec.command") << QStringLiteral("missing");
        QTest::newRow("exec alpha apiVersion")
            << QByteArray("users:\n- name: u\n  user:\n    exec: {command: aws, apiVersion: client.authentication.k8s.io/v1alpha1}\n")
            << QStringLiteral("users[u].user.exec.apiVersion") << QStringLiteral("v1alpha1");
        QTest::newRow("exec env without name")
            << QByteArray("users:\n- name: u\n  user:\n    exec: {command: aws, apiVersion: client.authentication.k8s.io/v1beta1,"
                          " env: [{value: x}]}\n")
            << QStringLiteral("users[u].user.exec.env[0].name") << QStringLiteral("missing");
    }

    // The whole exec block reaches the connection: command, args, env, installHint,
    // provideClusterInfo, interactiveMode (v1beta1 defaults to IfAvailable), the kubeconfig's
    // directory, and the cluster facts a plugin may be given.
    void execBlockParsed()
    {
        const QByteArray yaml =
            "clusters:\n- name: c\n  cluster:\n    server: https://h:1\n    tls-server-name: api.example\n"
            "    proxy-url: http://proxy:3128\n    extensions:\n    - name: client.authentication.k8s.io/exec\n"
            "      extension: {audience: x, n: 2}\n"
            "users:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
            "      command: aws\n      args: [eks, get-token, --cluster-name, demo]\n"
            "      env: [{name: AWS_PROFILE, value: dev}]\n      installHint: install the AWS CLI\n"
            "      provideClusterInfo: true\n"
            "contexts:\n- name: x\n  context: {cluster: c, user: u}\n";
        KubeconfigError error;
        const QString file = m_dir.filePath(QStringLiteral("eks.yaml"));
        const auto config = Kubeconfig::parse(yaml, file, &error);
        QVERIFY2(config, qPrintable(error.toString()));
        const auto conn = config->connection(QStringLiteral("x"), &error);
        QVERIFY2(conn, qPrintable(error.toString()));
        QVERIFY(conn->credentials.exec);
        const kube::ExecConfig& e = *conn->credentials.exec;
        QCOMPARE(e.command, QStringLiteral("aws"));
        QCOMPARE(e.args, (QStringList{"eks", "get-token", "--cluster-name", "demo"}));
        QCOMPARE(e.env.size(), 1);
        QCOMPARE(e.env.first().first, QStringLiteral("AWS_PROFILE"));
        QCOMPARE(e.env.first().second, QStringLiteral("dev"));
        QCOMPARE(e.installHint, QStringLiteral("install the AWS CLI"));
        QVERIFY(e.provideClusterInfo);
        QCOMPARE(e.interactiveMode, QStringLiteral("IfAvailable"));
        QCOMPARE(e.kubeconfigDir, m_dir.path());
        QCOMPARE(conn->credentials.execCluster.server, QStringLiteral("https://h:1"));
        QCOMPARE(conn->credentials.execCluster.tlsServerName, QStringLiteral("api.example"));
        QCOMPARE(conn->credentials.execCluster.proxyUrl, QStringLiteral("http://proxy:3128"));
        QCOMPARE(conn->credentials.execCluster.config.value(QLatin1String("audience")).toString(), QStringLiteral("x"));
        QCOMPARE(conn->credentials.execCluster.config.value(QLatin1String("n")).toInt(), 2);
    }

    void errorsNameFileAndField()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, field);
        QFETCH(QString, words);
        KubeconfigError error;
        const QString file = m_dir.filePath(QStringLiteral("bad.yaml"));
        QVERIFY(!Kubeconfig::parse(yaml, file, &error));
        QCOMPARE(error.file, file);
        QCOMPARE(error.field, field);
        QVERIFY2(error.message.contains(words), qPrintable(error.message));
        QVERIFY(error.toString().startsWith(file + QStringLiteral(": ") + field));
    }

    void connectionErrors_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("words");
        const QByteArray cluster = "clusters:\n- name: c\n  cluster: {server: 'https://h:1'}\n";
        QTest::newRow("two auth methods")
            << cluster + "users:\n- name: u\n  user: {token: t, username: a, password: b}\n"
                         "contexts:\n- name: x\n  context: {cluster: c, user: u}\n"
            << QStringLiteral("users[u].user") << QStringLiteral("more than one authentication method");
        QTest::newRow("unknown cluster") << QByteArray("contexts:\n- name: x\n  context: {cluster: nope}\n")
                                         << QStringLiteral("contexts[x].context.cluster") << QStringLiteral("nope");
        QTest::newRow("missing key file")
            << cluster + "users:\n- name: u\n  user: {client-certificate: c.crt, client-key: missing.key}\n"
                         "contexts:\n- name: x\n  context: {cluster: c, user: u}\n"
            << QStringLiteral("users[u].user.client-certificate") << QStringLiteral("cannot read");
        QTest::newRow("gcp auth-provider")
            << cluster + "users:\n- name: u\n  user:\n    auth-provider: {name: gcp}\n"
                         "contexts:\n- name: x\n  context: {cluster: c, user: u}\n"
            << QStringLiteral("users[u].user.auth-provider") << QStringLiteral("gke-gcloud-auth-plugin");
        QTest::newRow("azure auth-provider")
            << cluster + "users:\n- name: u\n  user:\n    auth-provider: {name: azure}\n"
                         "contexts:\n- name: x\n  context: {cluster: c, user: u}\n"
            << QStringLiteral("users[u].user.auth-provider") << QStringLiteral("kubelogin");
        QTest::newRow("oidc auth-provider")
            << cluster + "users:\n- name: u\n  user:\n    auth-provider: {name: oidc}\n"
                         "contexts:\n- name: x\n  context: {cluster: c, user: u}\n"
            << QStringLiteral("users[u].user.auth-provider") << QStringLiteral("oidc-login");
        QTest::newRow("exec and token")
            << cluster + "users:\n- name: u\n  user:\n    token: t\n    exec: {command: aws, apiVersion: client.authentication.k8s.io/v1beta1}\n"
                         "contexts:\n- name: x\n  context: {cluster: c, user: u}\n"
            << QStringLiteral("users[u].user") << QStringLiteral("exec");
        QTest::newRow("unknown proxy scheme")
            << QByteArray("clusters:\n- name: c\n  cluster: {server: 'https://h:1', proxy-url: 'ftp://proxy:21'}\n"
                          "contexts:\n- name: x\n  context: {cluster: c}\n")
            << QStringLiteral("clusters[c].cluster.proxy-url") << QStringLiteral("http://proxy:3128");
        QTest::newRow("not a url") << QByteArray("clusters:\n- name: c\n  cluster: {server: 'localhost'}\n"
                                                 "contexts:\n- name: x\n  context: {cluster: c}\n")
                                   << QStringLiteral("clusters[c].cluster.server") << QStringLiteral("https://");
    }

    void connectionErrors()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, field);
        QFETCH(QString, words);
        KubeconfigError error;
        const auto config = Kubeconfig::parse(yaml, m_dir.filePath(QStringLiteral("c.yaml")), &error);
        QVERIFY2(config, qPrintable(error.toString()));
        QVERIFY(!config->connection(QStringLiteral("x"), &error));
        QCOMPARE(error.field, field);
        QVERIFY2(error.message.contains(words), qPrintable(error.message));
    }

    void secretsNeverInErrors()
    {
        const QByteArray yaml = "clusters:\n- name: c\n  cluster: {server: 'https://h:1'}\n"
                                "users:\n- name: u\n  user: {token: sUp3rS3cr3t, password: hunter2, username: me}\n"
                                "contexts:\n- name: x\n  context: {cluster: c, user: u}\n";
        KubeconfigError error;
        const auto config = Kubeconfig::parse(yaml, m_dir.filePath(QStringLiteral("s.yaml")), &error);
        QVERIFY(config);
        QVERIFY(!config->connection(QStringLiteral("x"), &error));
        QVERIFY(!error.toString().contains(QStringLiteral("sUp3rS3cr3t")));
        QVERIFY(!error.toString().contains(QStringLiteral("hunter2")));
    }

    // What a request carries on the wire for proxy-url, disable-compression and impersonation
    // (read by a plain HTTP server standing in for the API server).
    void requestHeadersOnTheWire_data()
    {
        QTest::addColumn<bool>("disableCompression");
        QTest::newRow("compression") << false;
        QTest::newRow("disable-compression") << true;
    }

    void requestHeadersOnTheWire()
    {
        QFETCH(bool, disableCompression);
        QTcpServer server;
        QByteArray head;
        QVERIFY(recordRequestHead(&server, &head));
        const QByteArray yaml = "clusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:"
            + QByteArray::number(server.serverPort()) + "\n    disable-compression: "
            + (disableCompression ? "true" : "false")
            + "\nusers:\n- name: u\n  user:\n    as: alice\n    as-uid: '42'\n    as-groups: [team-a, team-b]\n"
              "    as-user-extra:\n      scopes.example.com/why: [spark ui, audit]\n"
              "contexts:\n- name: x\n  context: {cluster: c, user: u}\n";
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
        // Qt 6.8 and newer cannot send one header name on two lines: a clear, permanent error, and
        // nothing reaches the server.
        {
            KubeconfigError error;
            const auto config = Kubeconfig::parse(yaml, m_dir.filePath(QStringLiteral("h.yaml")), &error);
            QVERIFY2(config, qPrintable(error.toString()));
            const auto conn = config->connection(QStringLiteral("x"), &error);
            QVERIFY2(conn, qPrintable(error.toString()));
            kube::KubeClient client(*conn);
            std::optional<kube::KubeError> failed;
            client.request("GET", QStringLiteral("/version"), {}, {}, this, [&](const kube::Result<kube::KubeResponse>& r) { failed = r.error(); });
            QTRY_VERIFY(failed.has_value());
            QCOMPARE(failed->kind, kube::KubeError::Kind::Credentials);
            QVERIFY(failed->permanent);
            QVERIFY2(failed->message.contains(QStringLiteral("as-groups")), qPrintable(failed->message));
            // Nothing may reach the server (bounded wait: a wrongly sent request shows up at once on
            // the local server; there is no signal for "not sent").
            QTest::qWait(200);
            QVERIFY(head.isEmpty());
            return;
        }
#endif
        getVersion(yaml, QStringLiteral("h.yaml"));
        if (QTest::currentTestFailed())
            return;
        const QList<QByteArray> lines = head.split('\n');
        auto values = [&](const QByteArray& name) {
            QList<QByteArray> out;
            for (const QByteArray& line : lines)
                if (line.toLower().startsWith(name.toLower() + ':'))
                    out << line.mid(name.size() + 1).trimmed();
            return out;
        };
        QCOMPARE(values("Impersonate-User"), QList<QByteArray>{"alice"});
        QCOMPARE(values("Impersonate-Uid"), QList<QByteArray>{"42"});
        QCOMPARE(values("Impersonate-Group"), (QList<QByteArray>{"team-a", "team-b"}));
        QCOMPARE(values("Impersonate-Extra-scopes.example.com%2Fwhy"), (QList<QByteArray>{"spark ui", "audit"}));
        const QList<QByteArray> encoding = values("Accept-Encoding");
        QCOMPARE(encoding.size(), 1);
        QCOMPARE(encoding.first().contains("gzip"), !disableCompression);
    }

    // Without proxy-url the client takes the proxy from the environment as kubectl (Go) does.
    void environmentProxy_data()
    {
        QTest::addColumn<QString>("server");
        QTest::addColumn<QStringList>("environment");
        QTest::addColumn<QString>("proxy");
        const QStringList both{QStringLiteral("HTTPS_PROXY=proxy.corp:3128"), QStringLiteral("http_proxy=http://plain:80")};
        QTest::newRow("https server") << "https://api.example:6443" << both << "http://proxy.corp:3128";
        QTest::newRow("http server") << "http://api.example:8080" << both << "http://plain:80";
        QTest::newRow("upper case wins") << "https://api.example"
            << QStringList{QStringLiteral("HTTPS_PROXY=socks5://s:1080"), QStringLiteral("https_proxy=http://lower:1")}
            << "socks5://s:1080";
        QTest::newRow("none") << "https://api.example" << QStringList{QStringLiteral("http_proxy=http://plain:80")} << "";
        QTest::newRow("localhost direct") << "https://localhost:6443" << both << "";
        QTest::newRow("loopback direct") << "https://127.0.0.1:6443" << both << "";
        QTest::newRow("no_proxy *") << "https://api.example" << both + QStringList{QStringLiteral("NO_PROXY=*")} << "";
        QTest::newRow("no_proxy domain and subdomain") << "https://eks.corp.example"
            << both + QStringList{QStringLiteral("no_proxy=other, corp.example")} << "";
        QTest::newRow("no_proxy .domain: not the domain itself") << "https://corp.example"
            << both + QStringList{QStringLiteral("no_proxy=.corp.example")} << "http://proxy.corp:3128";
        QTest::newRow("no_proxy *.domain") << "https://a.corp.example"
            << both + QStringList{QStringLiteral("no_proxy=*.corp.example")} << "";
        QTest::newRow("no_proxy other port") << "https://api.example:6443"
            << both + QStringList{QStringLiteral("no_proxy=api.example:443")} << "http://proxy.corp:3128";
        QTest::newRow("no_proxy same port") << "https://api.example:6443"
            << both + QStringList{QStringLiteral("no_proxy=api.example:6443")} << "";
        QTest::newRow("no_proxy CIDR") << "https://10.1.2.3:6443"
            << both + QStringList{QStringLiteral("no_proxy=10.0.0.0/8")} << "";
        QTest::newRow("no_proxy IP") << "https://192.168.1.5"
            << both + QStringList{QStringLiteral("no_proxy=192.168.1.5")} << "";
        QTest::newRow("no_proxy suffix is not a subdomain") << "https://notcorp.example"
            << both + QStringList{QStringLiteral("no_proxy=corp.example")} << "http://proxy.corp:3128";
    }

    void environmentProxy()
    {
        QFETCH(QString, server);
        QFETCH(QStringList, environment);
        QFETCH(QString, proxy);
        QProcessEnvironment env;
        for (const QString& entry : environment)
            env.insert(entry.section(QLatin1Char('='), 0, 0), entry.section(QLatin1Char('='), 1));
        QCOMPARE(kube::environmentProxy(QUrl(server), env).toString(), proxy);
    }

    // The client goes through the environment's proxy: a plain HTTP server standing in for the
    // proxy receives the request for a host only it could reach.
    void clientUsesEnvironmentProxy()
    {
        QTcpServer proxy;
        QByteArray head;
        QVERIFY(recordRequestHead(&proxy, &head));
        qputenv("HTTP_PROXY", "127.0.0.1:" + QByteArray::number(proxy.serverPort()));
        auto unset = qScopeGuard([] { qunsetenv("HTTP_PROXY"); });
        getVersion("clusters:\n- name: c\n  cluster: {server: 'http://api.cluster.invalid:8080'}\n"
                   "contexts:\n- name: x\n  context: {cluster: c}\n",
                   QStringLiteral("p.yaml"));
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(head.startsWith("GET http://api.cluster.invalid:8080/version HTTP/1.1"), head.constData());
    }

    void noFilesAtAll()
    {
        KubeconfigError error;
        QVERIFY(!Kubeconfig::load({m_dir.filePath(QStringLiteral("none"))}, false, &error));
        QVERIFY(error.message.contains(QStringLiteral("no kubeconfig found")));
        QVERIFY(!Kubeconfig::load({m_dir.filePath(QStringLiteral("none"))}, true, &error));
        QVERIFY(error.message.contains(QStringLiteral("--kubeconfig")));
    }

private:
    QTemporaryDir m_dir;
    Pem m_pem;
};

QTEST_GUILESS_MAIN(TestKubeconfig)
#include "tst_kubeconfig.moc"
