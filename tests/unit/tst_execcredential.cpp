// Exec credential plugins (client.authentication.k8s.io v1/v1beta1) end to end through KubeClient,
// against a scripted API server that accepts or rejects bearer tokens: scripted plugins (bash,
// written into a temp dir) that count their runs in a file, for caching until expiry, the 401
// re-run (single-flight, once), garbage output, a hang, interactiveMode Always, a missing command,
// KUBERNETES_EXEC_INFO and an informer's watch across a token refresh.

#include "app/kube/execcredential.h"
#include "app/kube/informer.h"
#include "app/kube/kubeclient.h"
#include "app/kube/kubeconfig.h"
#include "app/kube/logstream.h"
#include "tests/support/kubecall.h"
#include "tests/support/scriptedserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using kube::KubeClient;
using kube::KubeError;
using kube::KubeResponse;

namespace {

QByteArray watchEvent(const char* type, const QString& name, const QString& rv)
{
    const QJsonObject obj{{QStringLiteral("kind"), QStringLiteral("Namespace")},
                          {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name},
                                                                   {QStringLiteral("resourceVersion"), rv}}}};
    return QJsonDocument(QJsonObject{{QStringLiteral("type"), QString::fromLatin1(type)}, {QStringLiteral("object"), obj}})
               .toJson(QJsonDocument::Compact)
        + '\n';
}

QByteArray namespaceList(const QString& rv)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("NamespaceList")},
                                     {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), rv}}},
                                     {QStringLiteral("items"), QJsonArray{}}})
        .toJson(QJsonDocument::Compact);
}

QString bearer(const ScriptedServer::Request& r)
{
    const QByteArray auth = r.header("authorization");
    return auth.startsWith("Bearer ") ? QString::fromUtf8(auth.mid(7)) : QString();
}

} // namespace

class TestExecCredential : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QSet<QString> m_valid;               // tokens the scripted API server accepts
    bool m_acceptAll = false;            // any "token-N" is accepted
    QList<QString> m_seenTokens;         // Authorization of every request, in order
    std::unique_ptr<ScriptedServer> m_server;
    ScriptedServer::Handler m_accepted;  // answers requests with an accepted token (default: a list)

    QString path(const QString& name) const { return m_dir.filePath(name); }

    // Writes an executable bash plugin `name` whose body runs after the common preamble: it counts
    // its run in runs-NAME (one line per run) and sets N to the run number.
    void writePlugin(const QString& name, const QByteArray& body)
    {
        QDir().mkpath(QFileInfo(path(name)).absolutePath());
        QFile f(path(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("#!/bin/bash\nset -u\ndir=\"" + m_dir.path().toUtf8() + "\"\necho run >> \"$dir/runs\"\n"
                "N=$(wc -l < \"$dir/runs\" | tr -d ' ')\n"
                + body);
        f.close();
        QVERIFY(f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    }

    int runs() const
    {
        QFile f(path(QStringLiteral("runs")));
        if (!f.open(QIODevice::ReadOnly))
            return 0;
        return int(f.readAll().count('\n'));
    }

    // A kubeconfig for the scripted server whose user runs `execBlock` (YAML flow map body).
    kube::ClusterConnection connection(const QByteArray& execBlock, const QByteArray& clusterExtra = {})
    {
        const QByteArray yaml = "clusters:\n- name: c\n  cluster:\n    server: '" + m_server->url().toUtf8() + "'\n"
            + clusterExtra + "users:\n- name: u\n  user:\n    exec:\n" + execBlock
            + "contexts:\n- name: x\n  context: {cluster: c, user: u}\ncurrent-context: x\n";
        kube::KubeconfigError error;
        const auto config = kube::Kubeconfig::parse(yaml, path(QStringLiteral("kubeconfig")), &error);
        if (!config)
            qFatal("kubeconfig: %s", qPrintable(error.toString()));
        const auto conn = config->connection({}, &error);
        if (!conn)
            qFatal("connection: %s", qPrintable(error.toString()));
        return *conn;
    }

    // The exec block of a v1 plugin at `name` in the temp dir, interactiveMode Never.
    QByteArray execBlock(const QString& name) const { return execBlockFor(path(name).toUtf8()); }
    // The exec block of a v1 plugin run as `command`, interactiveMode Never.
    static QByteArray execBlockFor(const QByteArray& command)
    {
        return "      apiVersion: client.authentication.k8s.io/v1\n      command: " + command
            + "\n      interactiveMode: Never\n";
    }

    static QByteArray tokenPlugin(const QByteArray& expiryExpr = {})
    {
        QByteArray status = "\\\"token\\\":\\\"token-$N\\\"";
        if (!expiryExpr.isEmpty())
            status += ",\\\"expirationTimestamp\\\":\\\"$(" + expiryExpr + ")\\\"";
        return "echo 'logged in as tester' >&2\n"
               "echo \"{\\\"apiVersion\\\":\\\"client.authentication.k8s.io/v1\\\",\\\"kind\\\":\\\"ExecCredential\\\","
               "\\\"status\\\":{" + status + "}}\"\n";
    }

    static kube::Result<KubeResponse> get(KubeClient& client, const QString& apiPath = QStringLiteral("/api/v1/namespaces"))
    {
        return callAndWait(client, "GET", apiPath, {}, 30000);
    }

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        QFile::remove(path(QStringLiteral("runs")));
        m_valid.clear();
        m_acceptAll = false;
        m_seenTokens.clear();
        m_server = std::make_unique<ScriptedServer>([this](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            const QString token = bearer(r);
            m_seenTokens << token;
            if (!(m_valid.contains(token) || (m_acceptAll && token.startsWith(QLatin1String("token-"))))) {
                x->reply(401, R"({"kind":"Status","apiVersion":"v1","status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401})");
                return;
            }
            if (m_accepted)
                m_accepted(r, x);
            else
                x->reply(200, namespaceList(QStringLiteral("1")));
        });
    }

    void cleanup() { m_accepted = nullptr; }

    // KUBERNETES_EXEC_INFO (apiVersion, kind, interactive false, spec.cluster with the exec
    // extension as config), args, env, and a relative command resolved against the kubeconfig's
    // directory; the binary that ran is reported.
    void execInfoArgsEnvAndRelativeCommand()
    {
        writePlugin(QStringLiteral("bin/plugin"),
                    "printf '%s' \"$KUBERNETES_EXEC_INFO\" > \"$dir/execinfo\"\n"
                    "printf '%s|' \"$@\" > \"$dir/args\"\nprintf '%s' \"$PLUGIN_REGION\" > \"$dir/env\"\n"
                    + tokenPlugin());
        m_valid = {QStringLiteral("token-1")};
        KubeClient client(connection("      apiVersion: client.authentication.k8s.io/v1\n"
                                     "      command: ./bin/plugin\n"
                                     "      args: [eks, get-token, --cluster-name, 'my cluster']\n"
                                     "      env: [{name: PLUGIN_REGION, value: eu-west-1}]\n"
                                     "      provideClusterInfo: true\n"
                                     "      interactiveMode: IfAvailable\n",
                                     "    tls-server-name: api.example\n"
                                     "    extensions:\n"
                                     "    - name: client.authentication.k8s.io/exec\n"
                                     "      extension: {audience: sparkdeck, nested: {a: 1}}\n"));
        QSignalSpy started(client.execProvider(), &kube::ExecCredentialProvider::pluginStarted);
        const kube::Result<KubeResponse> r = get(client);
        QVERIFY2(!r.error().isError(), qPrintable(r.error().details()));
        QCOMPARE(m_seenTokens, QList<QString>{QStringLiteral("token-1")});
        QCOMPARE(client.execProvider()->lastProgram(), path(QStringLiteral("bin/plugin")));
        QCOMPARE(started.size(), 1);
        QCOMPARE(started.first().first().toString(), path(QStringLiteral("bin/plugin")));

        QFile infoFile(path(QStringLiteral("execinfo")));
        QVERIFY(infoFile.open(QIODevice::ReadOnly));
        const QJsonObject info = QJsonDocument::fromJson(infoFile.readAll()).object();
        QCOMPARE(info.value(QLatin1String("apiVersion")).toString(), QStringLiteral("client.authentication.k8s.io/v1"));
        QCOMPARE(info.value(QLatin1String("kind")).toString(), QStringLiteral("ExecCredential"));
        const QJsonObject spec = info.value(QLatin1String("spec")).toObject();
        QCOMPARE(spec.value(QLatin1String("interactive")), QJsonValue(false));
        const QJsonObject cluster = spec.value(QLatin1String("cluster")).toObject();
        QCOMPARE(cluster.value(QLatin1String("server")).toString(), m_server->url());
        QCOMPARE(cluster.value(QLatin1String("tls-server-name")).toString(), QStringLiteral("api.example"));
        const QJsonObject config = cluster.value(QLatin1String("config")).toObject();
        QCOMPARE(config.value(QLatin1String("audience")).toString(), QStringLiteral("sparkdeck"));
        QCOMPARE(config.value(QLatin1String("nested")).toObject().value(QLatin1String("a")).toInt(), 1);

        QFile args(path(QStringLiteral("args")));
        QVERIFY(args.open(QIODevice::ReadOnly));
        QCOMPARE(args.readAll(), QByteArray("eks|get-token|--cluster-name|my cluster|"));
        QFile env(path(QStringLiteral("env")));
        QVERIFY(env.open(QIODevice::ReadOnly));
        QCOMPARE(env.readAll(), QByteArray("eu-west-1"));
    }

    // Without provideClusterInfo the plugin gets no spec.cluster; v1beta1 is spoken too.
    void execInfoWithoutClusterV1beta1()
    {
        writePlugin(QStringLiteral("plugin-beta"),
                    "printf '%s' \"$KUBERNETES_EXEC_INFO\" > \"$dir/execinfo\"\n"
                    "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\","
                    "\"status\":{\"token\":\"token-beta\"}}'\n");
        m_valid = {QStringLiteral("token-beta")};
        KubeClient client(connection("      apiVersion: client.authentication.k8s.io/v1beta1\n"
                                     "      command: " + path(QStringLiteral("plugin-beta")).toUtf8() + "\n"));
        const kube::Result<KubeResponse> r = get(client);
        QVERIFY2(!r.error().isError(), qPrintable(r.error().details()));
        QFile infoFile(path(QStringLiteral("execinfo")));
        QVERIFY(infoFile.open(QIODevice::ReadOnly));
        const QJsonObject info = QJsonDocument::fromJson(infoFile.readAll()).object();
        QCOMPARE(info.value(QLatin1String("apiVersion")).toString(), QStringLiteral("client.authentication.k8s.io/v1beta1"));
        QVERIFY(!info.value(QLatin1String("spec")).toObject().contains(QLatin1String("cluster")));
        QCOMPARE(info.value(QLatin1String("spec")).toObject().value(QLatin1String("interactive")), QJsonValue(false));
    }

    // N requests sent at once, before any credential exists: one plugin run serves them all; later
    // requests use the cached token without running it again.
    void concurrentRequestsShareOneRun()
    {
        writePlugin(QStringLiteral("plugin"), "sleep 0.5\n" + tokenPlugin());
        m_valid = {QStringLiteral("token-1")};
        KubeClient client(connection(execBlock(QStringLiteral("plugin"))));
        constexpr int kRequests = 8;
        int ok = 0, failed = 0;
        QElapsedTimer sent;
        sent.start();
        for (int i = 0; i < kRequests; ++i)
            client.request("GET", QStringLiteral("/api/v1/namespaces"), {}, {}, &client,
                           [&](const kube::Result<KubeResponse>& r) { ++(r ? ok : failed); });
        QVERIFY2(sent.elapsed() < 300, "request() must not wait for the plugin");
        QTRY_COMPARE_WITH_TIMEOUT(ok + failed, kRequests, 30000);
        QCOMPARE(failed, 0);
        QCOMPARE(runs(), 1);
        QVERIFY(!get(client).error().isError());
        QCOMPARE(runs(), 1);
    }

    // A token valid for 5 s: the plugin runs again near expiry, and an informer's watch goes on
    // across the refresh (re-watched from its resourceVersion, no relist).
    void expiringTokenRefreshedWatchGoesOn()
    {
        writePlugin(QStringLiteral("plugin-exp"), tokenPlugin("date -u -d '+5 seconds' +%Y-%m-%dT%H:%M:%SZ"));
        QList<QPointer<QTcpSocket>> watches;
        int lists = 0;
        QStringList watchTokens;
        QHash<QString, QDateTime> firstSeen;
        ScriptedServer server([&](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            const QString token = bearer(r);
            const QDateTime now = QDateTime::currentDateTimeUtc();
            if (!firstSeen.contains(token))
                firstSeen.insert(token, now);
            // The server, like a real one, refuses a token older than its 5 s lifetime.
            if (!token.startsWith(QLatin1String("token-")) || firstSeen.value(token).msecsTo(now) > 5500) {
                x->reply(401, R"({"kind":"Status","status":"Failure","reason":"Unauthorized","code":401})");
                return;
            }
            if (r.query.queryItemValue(QStringLiteral("watch")) == QLatin1String("1")) {
                watchTokens << token;
                x->begin();
                x->send(watchEvent("ADDED", QStringLiteral("ns-%1").arg(watchTokens.size()), QString::number(10 + watchTokens.size())));
                // The stream ends after 7 s (as timeoutSeconds would), after the token has expired.
                // Tied to the server, so the timer dies with it when this test ends first.
                QTimer::singleShot(7000, &server, [x] { x->close(); });
                return;
            }
            ++lists;
            x->reply(200, namespaceList(QStringLiteral("10")));
        });
        const QByteArray yaml = "clusters:\n- name: c\n  cluster: {server: '" + server.url().toUtf8() + "'}\n"
                                "users:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                                "      command: " + path(QStringLiteral("plugin-exp")).toUtf8() + "\n"
                                "      interactiveMode: Never\n"
                                "contexts:\n- name: x\n  context: {cluster: c, user: u}\ncurrent-context: x\n";
        kube::KubeconfigError error;
        const auto conn = kube::Kubeconfig::parse(yaml, path(QStringLiteral("k2")), &error)->connection({}, &error);
        QVERIFY(conn);
        KubeClient client(*conn);
        kube::Informer informer(&client, kube::ResourceKind::namespaces(), {});
        QStringList added;
        connect(&informer, &kube::Informer::added, this, [&](const QString& key) { added << key; });
        informer.start();
        QTRY_COMPARE_WITH_TIMEOUT(added.size(), 1, 15000);
        QCOMPARE(runs(), 1);
        // Past the expiry the watch reconnects with a fresh token and delivers the next event.
        QTRY_COMPARE_WITH_TIMEOUT(added.size(), 2, 20000);
        QCOMPARE(runs(), 2);
        QCOMPARE(watchTokens, (QStringList{QStringLiteral("token-1"), QStringLiteral("token-2")}));
        QCOMPARE(lists, 1); // resumed from its resourceVersion, not relisted
        QCOMPARE(informer.state(), kube::Informer::State::Live);
    }

    // A token the server stops accepting: one plugin run fixes it and the request is sent again;
    // when the fresh token is refused too, exactly one re-run happened and the error is clear (and
    // no token in it). The plugin is not run again in a loop.
    void revokedTokenRunsPluginOnceThenClearError()
    {
        writePlugin(QStringLiteral("plugin"), tokenPlugin());
        m_valid = {QStringLiteral("token-1")};
        KubeClient client(connection(execBlock(QStringLiteral("plugin"))));
        QVERIFY(!get(client).error().isError());
        QCOMPARE(runs(), 1);

        // Revoked: the next request gets a 401, the plugin runs again, the retry succeeds.
        m_valid = {QStringLiteral("token-2")};
        kube::Result<KubeResponse> r = get(client);
        QVERIFY2(!r.error().isError(), qPrintable(r.error().details()));
        QCOMPARE(runs(), 2);
        QCOMPARE(m_seenTokens.mid(1), (QList<QString>{QStringLiteral("token-1"), QStringLiteral("token-2")}));

        // Revoked for good: 401, one re-run, 401 again → a clear error, no loop.
        m_valid.clear();
        m_seenTokens.clear();
        r = get(client);
        QCOMPARE(r.error().kind, KubeError::Kind::Credentials);
        QCOMPARE(runs(), 3);
        QCOMPARE(m_seenTokens, (QList<QString>{QStringLiteral("token-2"), QStringLiteral("token-3")}));
        QVERIFY2(r.error().message.contains(QLatin1String("rejected")) && r.error().message.contains(QLatin1String("401"))
                     && r.error().message.contains(QLatin1String("terminal")),
                 qPrintable(r.error().message));
        QVERIFY(!r.error().summary().contains(QLatin1String("token-")));
        // Asked again at once: the same error, without hammering the plugin or the server.
        r = get(client);
        QCOMPARE(r.error().kind, KubeError::Kind::Credentials);
        QCOMPARE(runs(), 3);
        QCOMPARE(m_seenTokens.size(), 2);
    }

    // Concurrent requests all refused with the same token: one re-run for all of them.
    void concurrent401sShareOneRerun()
    {
        writePlugin(QStringLiteral("plugin"), "sleep 0.3\n" + tokenPlugin());
        m_valid = {QStringLiteral("token-1")};
        KubeClient client(connection(execBlock(QStringLiteral("plugin"))));
        QVERIFY(!get(client).error().isError());
        m_valid = {QStringLiteral("token-2")};
        int ok = 0, failed = 0;
        for (int i = 0; i < 6; ++i)
            client.request("GET", QStringLiteral("/api/v1/namespaces"), {}, {}, &client,
                           [&](const kube::Result<KubeResponse>& r) { ++(r ? ok : failed); });
        QTRY_COMPARE_WITH_TIMEOUT(ok + failed, 6, 30000);
        QCOMPARE(failed, 0);
        QCOMPARE(runs(), 2);
    }

    // A watch refused with 401 (the token was revoked after the list): the plugin runs once more
    // and the watch resumes from the list's resourceVersion with the new token, without a relist.
    void watch401RenewsCredentialWithoutRelist()
    {
        writePlugin(QStringLiteral("plugin"), tokenPlugin());
        m_valid = {QStringLiteral("token-1")};
        int lists = 0;
        QStringList watchVersions;
        m_accepted = [&](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (r.query.queryItemValue(QStringLiteral("watch")) != QLatin1String("1")) {
                ++lists;
                x->reply(200, namespaceList(QStringLiteral("7")));
                m_valid = {QStringLiteral("token-2")}; // revoked right after the list
                return;
            }
            watchVersions << r.query.queryItemValue(QStringLiteral("resourceVersion"));
            x->begin();
            x->send(watchEvent("ADDED", QStringLiteral("after-renewal"), QStringLiteral("8")));
        };
        KubeClient client(connection(execBlock(QStringLiteral("plugin"))));
        kube::Informer informer(&client, kube::ResourceKind::namespaces(), {});
        QStringList added;
        connect(&informer, &kube::Informer::added, this, [&](const QString& key) { added << key; });
        informer.start();
        QTRY_VERIFY_WITH_TIMEOUT(added.contains(QStringLiteral("after-renewal")), 20000);
        QCOMPARE(runs(), 2);
        QCOMPARE(lists, 1);
        QCOMPARE(watchVersions, QStringList{QStringLiteral("7")});
        QCOMPARE(m_seenTokens, (QList<QString>{QStringLiteral("token-1"), QStringLiteral("token-1"), QStringLiteral("token-2")}));
    }

    // A followed log whose token is revoked: the stream's 401 runs the plugin again and the
    // stream reopens with the new token.
    void logStreamRenewsCredentialOn401()
    {
        writePlugin(QStringLiteral("plugin"), tokenPlugin());
        m_valid = {QStringLiteral("token-1")};
        m_accepted = [this](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            x->begin("text/plain");
            x->send("2026-11-29T10:00:0" + QByteArray::number(m_seenTokens.size()) + ".000000000Z line "
                    + QByteArray::number(m_seenTokens.size()) + "\n");
            if (bearer(r) == QLatin1String("token-1"))
                x->close(); // the stream drops; reopening it meets the revocation
        };
        KubeClient client(connection(execBlock(QStringLiteral("plugin"))));
        kube::LogStream stream(&client, {QStringLiteral("default"), QStringLiteral("pi-driver"), {}});
        QStringList lines;
        connect(&stream, &kube::LogStream::linesReceived, this, [&](const QStringList& l) {
            lines << l;
            m_valid = {QStringLiteral("token-2")}; // revoked once the first line is read
        });
        stream.start();
        QTRY_COMPARE_WITH_TIMEOUT(lines.size(), 2, 20000);
        QCOMPARE(runs(), 2);
        QCOMPARE(m_seenTokens, (QList<QString>{QStringLiteral("token-1"), QStringLiteral("token-1"), QStringLiteral("token-2")}));
        QCOMPARE(stream.state(), kube::LogStream::State::Streaming);
    }

    void garbageOutputIsAClearError_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("words");
        QTest::newRow("not json") << QByteArray("echo 'Welcome! here is token-1 in plain text'\n")
                                  << QStringLiteral("not an ExecCredential JSON object");
        QTest::newRow("nothing") << QByteArray("true\n") << QStringLiteral("no output");
        QTest::newRow("wrong apiVersion")
            << QByteArray("echo '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\","
                          "\"status\":{\"token\":\"token-1\"}}'\n")
            << QStringLiteral("apiVersion");
        QTest::newRow("no token") << QByteArray("echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\","
                                                "\"kind\":\"ExecCredential\",\"status\":{}}'\n")
                                  << QStringLiteral("without a status");
        QTest::newRow("cert without key")
            << QByteArray("echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                          "\"status\":{\"clientCertificateData\":\"x\"}}'\n")
            << QStringLiteral("without a key");
        QTest::newRow("exit code") << QByteArray("echo 'error: SSO session expired, run aws sso login' >&2\nexit 255\n")
                                   << QStringLiteral("aws sso login");
    }

    // Garbage, a wrong version, no credential or a failing plugin: a clear error that names the
    // plugin and shows its stderr, and never the output (which may hold a token).
    void garbageOutputIsAClearError()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, words);
        writePlugin(QStringLiteral("plugin-bad"), body);
        KubeClient client(connection(execBlock(QStringLiteral("plugin-bad"))));
        const kube::Result<KubeResponse> r = get(client);
        QCOMPARE(r.error().kind, KubeError::Kind::Credentials);
        QVERIFY2(r.error().message.contains(words), qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains(path(QStringLiteral("plugin-bad"))), qPrintable(r.error().message));
        QVERIFY2(!r.error().message.contains(QLatin1String("token-1")), qPrintable(r.error().message));
        QVERIFY(m_seenTokens.isEmpty()); // nothing was sent to the server
    }

    // A plugin that hangs (waiting for a login nobody sees) is killed after the timeout, with a
    // message; the event loop runs meanwhile.
    void hangingPluginTimesOut()
    {
        writePlugin(QStringLiteral("plugin-hang"), "echo 'Open https://login.example/device and enter ABCD-EFGH' >&2\n"
                                                   "echo $$ > \"$dir/pid\"\nexec sleep 60\n");
        KubeClient client(connection("      apiVersion: client.authentication.k8s.io/v1\n"
                                     "      command: " + path(QStringLiteral("plugin-hang")).toUtf8() + "\n"
                                     "      interactiveMode: IfAvailable\n"));
        client.execProvider()->setTimeoutMs(1500);
        int ticks = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, this, [&] { ++ticks; });
        ticker.start(100);
        QElapsedTimer t;
        t.start();
        const kube::Result<KubeResponse> r = get(client);
        QVERIFY2(t.elapsed() < 10000, "the plugin was not stopped");
        QVERIFY(ticks >= 5); // the thread was not blocked
        QCOMPARE(r.error().kind, KubeError::Kind::Credentials);
        QVERIFY2(r.error().message.contains(QLatin1String("did not finish within 1.5 s")), qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains(QLatin1String("ABCD-EFGH")), qPrintable(r.error().message)); // its stderr
        QFile pidFile(path(QStringLiteral("pid")));
        QVERIFY(pidFile.open(QIODevice::ReadOnly));
        const QByteArray pid = pidFile.readAll().trimmed();
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(QStringLiteral("/proc/") + QString::fromLatin1(pid)), 5000);
    }

    // interactiveMode Always: a GUI has no terminal; fail at once saying what to run there.
    void interactiveAlwaysFailsAtOnce()
    {
        writePlugin(QStringLiteral("plugin"), tokenPlugin());
        KubeClient client(connection("      apiVersion: client.authentication.k8s.io/v1\n"
                                     "      command: " + path(QStringLiteral("plugin")).toUtf8() + "\n"
                                     "      args: [login, --tenant, t1]\n"
                                     "      interactiveMode: Always\n"));
        QElapsedTimer t;
        t.start();
        const kube::Result<KubeResponse> r = get(client);
        QVERIFY(t.elapsed() < 2000);
        QCOMPARE(r.error().kind, KubeError::Kind::Credentials);
        QVERIFY2(r.error().message.contains(QLatin1String("terminal")), qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains(path(QStringLiteral("plugin")) + QStringLiteral(" login --tenant t1")),
                 qPrintable(r.error().message));
        QCOMPARE(runs(), 0);
        QVERIFY(m_seenTokens.isEmpty());
    }

    // A command that is nowhere: the error says where it looked and shows installHint.
    void missingCommandShowsInstallHint()
    {
        KubeClient client(connection("      apiVersion: client.authentication.k8s.io/v1beta1\n"
                                     "      command: sparkdeck-no-such-auth-plugin\n"
                                     "      installHint: |\n        Install it with: pip install sparkdeck-auth\n"));
        const kube::Result<KubeResponse> r = get(client);
        QCOMPARE(r.error().kind, KubeError::Kind::Credentials);
        QVERIFY2(r.error().message.contains(QLatin1String("sparkdeck-no-such-auth-plugin")), qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains(QLatin1String("was not found on PATH")), qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains(QLatin1String("/usr/local/bin")), qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains(QLatin1String("Install it with: pip install sparkdeck-auth")),
                 qPrintable(r.error().message));
    }

    // A command missing from PATH but on the login shell's PATH (a desktop start lacks the
    // profile's PATH): the shell is asked once, with an argument list, and the binary found there runs.
    void commandFoundInLoginShellPath()
    {
        const QByteArray oldShell = qgetenv("SHELL");
        QDir().mkpath(path(QStringLiteral("loginbin")));
        writePlugin(QStringLiteral("loginbin/sparkdeck-login-path-plugin"), tokenPlugin());
        QFile shell(path(QStringLiteral("fake-shell")));
        QVERIFY(shell.open(QIODevice::WriteOnly));
        shell.write("#!/bin/sh\nprintf '%s|' \"$@\" >> \"" + m_dir.path().toUtf8() + "/shell-args\"\n"
                    "echo 'Welcome to a chatty profile'\n"
                    "printf %s '/nonexistent:" + path(QStringLiteral("loginbin")).toUtf8() + "'\n");
        shell.close();
        QVERIFY(shell.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
        qputenv("SHELL", path(QStringLiteral("fake-shell")).toUtf8());
        kube::ExecCredentialProvider::forgetLoginShellPath();
        m_valid = {QStringLiteral("token-1")};
        KubeClient client(connection(execBlockFor("sparkdeck-login-path-plugin")));
        const kube::Result<KubeResponse> r = get(client);
        qputenv("SHELL", oldShell);
        QVERIFY2(!r.error().isError(), qPrintable(r.error().details()));
        QCOMPARE(client.execProvider()->lastProgram(), path(QStringLiteral("loginbin/sparkdeck-login-path-plugin")));
        QFile args(path(QStringLiteral("shell-args")));
        QVERIFY(args.open(QIODevice::ReadOnly));
        QCOMPARE(args.readAll(), QByteArray("-lc|printf %s \"$PATH\"|"));
        kube::ExecCredentialProvider::forgetLoginShellPath();
    }

    // The real gke-gcloud-auth-plugin, where installed, without a gcloud login: its own message
    // (what to run) reaches the user, with the binary that ran.
    void gkeAuthPluginFailureReachesTheUser()
    {
        const QString plugin = QStandardPaths::findExecutable(QStringLiteral("gke-gcloud-auth-plugin"));
        if (plugin.isEmpty())
            QSKIP("gke-gcloud-auth-plugin is not installed");
        const QByteArray oldConfig = qgetenv("CLOUDSDK_CONFIG");
        qputenv("CLOUDSDK_CONFIG", path(QStringLiteral("gcloud-config")).toUtf8()); // no login, whatever the machine has
        KubeClient client(connection("      apiVersion: client.authentication.k8s.io/v1beta1\n"
                                     "      command: gke-gcloud-auth-plugin\n"
                                     "      installHint: Install gke-gcloud-auth-plugin for use with kubectl by following\n"
                                     "        https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin\n"
                                     "      provideClusterInfo: true\n"));
        const kube::Result<KubeResponse> r = get(client);
        if (oldConfig.isEmpty())
            qunsetenv("CLOUDSDK_CONFIG");
        else
            qputenv("CLOUDSDK_CONFIG", oldConfig);
        QCOMPARE(r.error().kind, KubeError::Kind::Credentials);
        QVERIFY2(r.error().message.contains(QLatin1String("gcloud auth login")), qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains(plugin), qPrintable(r.error().message));
        QVERIFY(m_seenTokens.isEmpty());
    }

    // A command found in a fallback directory (here ~/.local/bin with HOME pointed at a temp dir)
    // when PATH lacks it, as for an app started from the desktop menu; the binary that ran is named.
    void commandFoundInFallbackDirectory()
    {
        const QByteArray oldHome = qgetenv("HOME");
        const QByteArray oldShell = qgetenv("SHELL");
        qputenv("HOME", m_dir.path().toUtf8());
        qunsetenv("SHELL");
        writePlugin(QStringLiteral(".local/bin/sparkdeck-test-auth-plugin"), tokenPlugin());
        m_valid = {QStringLiteral("token-1")};
        KubeClient client(connection(execBlockFor("sparkdeck-test-auth-plugin")));
        const kube::Result<KubeResponse> r = get(client);
        qputenv("HOME", oldHome);
        if (!oldShell.isEmpty())
            qputenv("SHELL", oldShell);
        QVERIFY2(!r.error().isError(), qPrintable(r.error().details()));
        QCOMPARE(client.execProvider()->lastProgram(), path(QStringLiteral(".local/bin/sparkdeck-test-auth-plugin")));
    }
};

QTEST_GUILESS_MAIN(TestExecCredential)
#include "tst_execcredential.moc"
