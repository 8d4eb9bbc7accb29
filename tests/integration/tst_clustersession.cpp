// session::ClusterSession and session::ApplicationActions against the local control plane: the
// models it owns (under QAbstractItemModelTester), several sessions at once, and re-run.
#include "app/kube/kubeclient.h"
#include "app/kube/kubeconfig.h"
#include "app/kube/sparkapi.h"
#include "app/session/applicationactions.h"
#include "app/session/clustersession.h"
#include "models/applicationsmodel.h"
#include "models/scheduledapplicationsmodel.h"
#include "tests/support/kubecall.h"
#include "tests/support/scriptedserver.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

QByteArray sparkPi(const QString& name)
{
    const QJsonObject app{
        {QStringLiteral("apiVersion"), QStringLiteral("sparkoperator.k8s.io/v1beta2")},
        {QStringLiteral("kind"), QStringLiteral("SparkApplication")},
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("namespace"), QStringLiteral("default")}}},
        {QStringLiteral("spec"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("Scala")},
                     {QStringLiteral("mode"), QStringLiteral("cluster")},
                     {QStringLiteral("image"), QStringLiteral("spark:3.5.3")},
                     {QStringLiteral("mainClass"), QStringLiteral("org.apache.spark.examples.SparkPi")},
                     {QStringLiteral("mainApplicationFile"), QStringLiteral("local:///opt/spark/examples/jars/spark-examples.jar")},
                     {QStringLiteral("sparkVersion"), QStringLiteral("3.5.3")},
                     {QStringLiteral("driver"), QJsonObject{{QStringLiteral("serviceAccount"), QStringLiteral("spark-operator-spark")}}},
                     {QStringLiteral("executor"), QJsonObject{{QStringLiteral("instances"), 1}}}}},
    };
    return QJsonDocument(app).toJson(QJsonDocument::Compact);
}

QString uniqueName(const QString& prefix)
{
    return prefix + QLatin1Char('-') + QString::number(QRandomGenerator::global()->bounded(100000, 999999));
}

const QString kAppsPath = QStringLiteral("/apis/sparkoperator.k8s.io/v1beta2/namespaces/default/sparkapplications");

// The outcome of one action, filled by its callback.
struct Outcome {
    bool done = false;
    kube::KubeError error;
    session::ApplicationActions::Done callback()
    {
        return [this](const kube::KubeError& e) {
            error = e;
            done = true;
        };
    }
};

} // namespace

class TestClusterSession : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QFile pathFile(qEnvironmentVariable("SPARKDECK_TEST_KUBECONFIG_FILE"));
        QVERIFY2(pathFile.open(QIODevice::ReadOnly), "the cluster fixture did not run: start the tests with ctest");
        m_fixtureKubeconfig = QString::fromUtf8(pathFile.readAll()).trimmed();
        QVERIFY(m_dir.isValid());
        // A port nothing listens on: bind one, then close it.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 closedPort = probe.serverPort();
        probe.close();
        // Two more contexts next to the fixture's: the same cluster and user again, and a cluster
        // at the closed port.
        kube::KubeconfigError error;
        const auto fixture = kube::Kubeconfig::load({m_fixtureKubeconfig}, true, &error);
        QVERIFY2(fixture, qPrintable(error.toString()));
        m_fixtureContext = fixture->currentContext();
        const kube::ContextEntry* context = fixture->context(m_fixtureContext);
        QVERIFY(context);
        m_extraKubeconfig = m_dir.filePath(QStringLiteral("extra.yaml"));
        QFile extra(m_extraKubeconfig);
        QVERIFY(extra.open(QIODevice::WriteOnly));
        extra.write(QStringLiteral("apiVersion: v1\nkind: Config\nclusters:\n- name: closed\n  cluster: {server: 'https://127.0.0.1:%1'}\n"
                                   "contexts:\n- name: same-cluster\n  context: {cluster: %2, user: %3, namespace: kube-system}\n"
                                   "- name: closed-port\n  context: {cluster: closed, user: %3}\n")
                        .arg(closedPort)
                        .arg(context->cluster, context->user)
                        .toUtf8());
        extra.close();
        m_kubeconfig = kube::Kubeconfig::load({m_fixtureKubeconfig, m_extraKubeconfig}, true, &error);
        QVERIFY2(m_kubeconfig, qPrintable(error.toString()));
        QVERIFY(m_kubeconfig->context(QStringLiteral("same-cluster")));
    }

    // The models of a session, under the model tester, follow the cluster; namespaces are listed.
    void modelsFollowTheCluster()
    {
        session::ClusterSession s(*m_kubeconfig, m_fixtureContext, QStringLiteral("default"), true);
        QVERIFY(s.client());
        QAbstractItemModelTester apps(s.applications(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester scheduled(s.scheduledApplications(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE_WITH_TIMEOUT(s.connectionState().phase, session::ClusterSession::Phase::Live, 20000);
        QVERIFY(s.connectionState().text.startsWith(QLatin1String("Live")));
        QTRY_VERIFY_WITH_TIMEOUT(s.namespaces().contains(QStringLiteral("default")), 20000);
        QVERIFY(s.namespaces().contains(QStringLiteral("kube-system")));

        const QString name = uniqueName(QStringLiteral("session-model"));
        kube::KubeClient client(s.connection());
        QCOMPARE(callAndWait(client, "POST", kAppsPath, sparkPi(name)).error().summary(), QString());
        const QString key = QStringLiteral("default/") + name;
        QTRY_VERIFY_WITH_TIMEOUT(s.applications()->rowOf(key) >= 0, 20000);
        QTRY_VERIFY(s.connectionState().applicationCount >= 1);
        QCOMPARE(callAndWait(client, "DELETE", kAppsPath + QLatin1Char('/') + name).error().summary(), QString());
        QTRY_COMPARE_WITH_TIMEOUT(s.applications()->rowOf(key), -1, 20000);

        // Another namespace: the models are filled again from it.
        QSignalSpy changed(&s, &session::ClusterSession::watchedNamespaceChanged);
        s.setNamespace(QStringLiteral("kube-system"));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(s.watchedNamespace(), QStringLiteral("kube-system"));
        QTRY_COMPARE_WITH_TIMEOUT(s.connectionState().phase, session::ClusterSession::Phase::Live, 20000);
        QCOMPARE(s.applications()->rowCount(), 0);
    }

    // Sessions on several contexts run side by side; one that fails or goes away leaves the others live.
    void sessionsAreIndependent()
    {
        session::ClusterSession first(*m_kubeconfig, m_fixtureContext, QStringLiteral("default"), true);
        auto* second = new session::ClusterSession(*m_kubeconfig, QStringLiteral("same-cluster"), QStringLiteral("default"), true);
        session::ClusterSession closed(*m_kubeconfig, QStringLiteral("closed-port"), {}, true);
        QAbstractItemModelTester firstApps(first.applications(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester closedApps(closed.applications(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(first.client() != second->client());
        QTRY_COMPARE_WITH_TIMEOUT(first.connectionState().phase, session::ClusterSession::Phase::Live, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(second->connectionState().phase, session::ClusterSession::Phase::Live, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(closed.connectionState().phase, session::ClusterSession::Phase::Reconnecting, 20000);
        QCOMPARE(closed.connectionState().error.kind, kube::KubeError::Kind::Network);
        QVERIFY(closed.connectionState().retryAt.isValid());
        QVERIFY(closed.connectionState().text.startsWith(QLatin1String("Reconnecting (attempt")));
        QCOMPARE(first.connectionState().phase, session::ClusterSession::Phase::Live);

        // The failing one retries on its own, and reconnecting it again does not touch the others.
        closed.reconnect();
        QTRY_COMPARE_WITH_TIMEOUT(closed.connectionState().phase, session::ClusterSession::Phase::Reconnecting, 20000);
        delete second;
        QCOMPARE(first.connectionState().phase, session::ClusterSession::Phase::Live);

        const QString name = uniqueName(QStringLiteral("session-both"));
        kube::KubeClient client(first.connection());
        QCOMPARE(callAndWait(client, "POST", kAppsPath, sparkPi(name)).error().summary(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(first.applications()->rowOf(QStringLiteral("default/") + name) >= 0, 20000);
        QCOMPARE(first.connectionState().phase, session::ClusterSession::Phase::Live);
        QCOMPARE(closed.applications()->rowCount(), 0);
        QCOMPARE(callAndWait(client, "DELETE", kAppsPath + QLatin1Char('/') + name).error().summary(), QString());
    }

    // A context that cannot be resolved gives a session without a client that says why.
    void unresolvableContext()
    {
        session::ClusterSession s(*m_kubeconfig, QStringLiteral("no-such-context"), {}, true);
        QVERIFY(!s.client());
        QVERIFY(s.setupError().isError());
        QVERIFY(s.setupError().permanent);
        QVERIFY(s.setupError().message.contains(QLatin1String("no-such-context")));
        QCOMPARE(s.connectionState().phase, session::ClusterSession::Phase::Stopped);
    }

    // Re-run deletes the application and creates it again: same name, new uid.
    void rerunRecreatesWithNewUid()
    {
        session::ClusterSession s(*m_kubeconfig, m_fixtureContext, QStringLiteral("default"), true);
        session::ApplicationActions actions(&s);
        const QString name = uniqueName(QStringLiteral("session-rerun"));
        const QString key = QStringLiteral("default/") + name;
        kube::KubeClient client(s.connection());
        createListed(s, client, name);
        if (QTest::currentTestFailed())
            return;
        const QString oldUid = actions.uid(session::ApplicationActions::Kind::Application, key);
        QVERIFY(!oldUid.isEmpty());

        Outcome outcome;
        actions.rerun(key, oldUid, this, outcome.callback());
        QTRY_VERIFY_WITH_TIMEOUT(outcome.done, 70000);
        QCOMPARE(outcome.error.summary(), QString());
        const kube::Result<kube::KubeResponse> now = callAndWait(client, "GET", kAppsPath + QLatin1Char('/') + name);
        QCOMPARE(now.error().summary(), QString());
        const QString newUid = now->object().value(QLatin1String("metadata")).toObject().value(QLatin1String("uid")).toString();
        QVERIFY(!newUid.isEmpty());
        QVERIFY(newUid != oldUid);
        QTRY_COMPARE_WITH_TIMEOUT(actions.uid(session::ApplicationActions::Kind::Application, key), newUid, 20000);
        QCOMPARE(callAndWait(client, "DELETE", kAppsPath + QLatin1Char('/') + name).error().summary(), QString());
    }

    // The application the user chose to re-run was replaced meanwhile by another of the same name:
    // the re-run reports a conflict and deletes nothing.
    void rerunOfReplacedApplicationConflicts()
    {
        session::ClusterSession s(*m_kubeconfig, m_fixtureContext, QStringLiteral("default"), true);
        session::ApplicationActions actions(&s);
        const QString name = uniqueName(QStringLiteral("session-replaced"));
        const QString key = QStringLiteral("default/") + name;
        kube::KubeClient client(s.connection());
        createListed(s, client, name);
        if (QTest::currentTestFailed())
            return;
        const QString chosenUid = actions.uid(session::ApplicationActions::Kind::Application, key);

        // Someone else deletes it and creates another under the same name.
        QCOMPARE(callAndWait(client, "DELETE", kAppsPath + QLatin1Char('/') + name).error().summary(), QString());
        kube::Result<kube::KubeResponse> created = kube::KubeError::network(QStringLiteral("not sent"));
        QVERIFY(QTest::qWaitFor([&] { // until the deleted one is gone
            created = callAndWait(client, "POST", kAppsPath, sparkPi(name));
            return created.error().httpStatus != 409;
        }, 30000));
        QCOMPARE(created.error().summary(), QString());
        const QString replacementUid = created->object().value(QLatin1String("metadata")).toObject().value(QLatin1String("uid")).toString();
        QVERIFY(replacementUid != chosenUid);

        Outcome outcome;
        actions.rerun(key, chosenUid, this, outcome.callback());
        QTRY_VERIFY_WITH_TIMEOUT(outcome.done, 70000);
        QCOMPARE(outcome.error.httpStatus, 409);
        QCOMPARE(outcome.error.reason, QStringLiteral("Conflict"));
        const kube::Result<kube::KubeResponse> now = callAndWait(client, "GET", kAppsPath + QLatin1Char('/') + name);
        QCOMPARE(now.error().summary(), QString());
        QCOMPARE(now->object().value(QLatin1String("metadata")).toObject().value(QLatin1String("uid")).toString(), replacementUid);
        QVERIFY(now->object().value(QLatin1String("metadata")).toObject().value(QLatin1String("deletionTimestamp")).isUndefined());
        QCOMPARE(callAndWait(client, "DELETE", kAppsPath + QLatin1Char('/') + name).error().summary(), QString());
    }

    // A forbidden delete is reported at once; nothing is created. Also: the DELETE names the uid.
    void rerunForbiddenDeleteFailsAtOnce()
    {
        ScriptedServer server(scriptedApplication(403));
        std::unique_ptr<session::ClusterSession> s = scriptedSession(server);
        QVERIFY(s);
        session::ApplicationActions actions(s.get());
        QTRY_VERIFY_WITH_TIMEOUT(s->applications()->rowOf(QStringLiteral("default/pi")) >= 0, 10000);

        Outcome outcome;
        QElapsedTimer clock;
        clock.start();
        actions.rerun(QStringLiteral("default/pi"), {}, this, outcome.callback());
        QTRY_VERIFY_WITH_TIMEOUT(outcome.done, 10000);
        QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(outcome.error.httpStatus, 403);
        checkOneDeleteNoCreate(server);
    }

    // A deletion the informer never reports ends in a timeout error; nothing is created.
    void rerunTimesOutWhenTheDeletionIsNotSeen()
    {
        ScriptedServer server(scriptedApplication(200));
        std::unique_ptr<session::ClusterSession> s = scriptedSession(server);
        QVERIFY(s);
        session::ApplicationActions actions(s.get());
        actions.setRerunTimeoutMs(1500);
        QTRY_VERIFY_WITH_TIMEOUT(s->applications()->rowOf(QStringLiteral("default/pi")) >= 0, 10000);

        Outcome outcome;
        actions.rerun(QStringLiteral("default/pi"), {}, this, outcome.callback());
        QTRY_VERIFY_WITH_TIMEOUT(outcome.done, 10000);
        QCOMPARE(outcome.error.reason, QStringLiteral("Timeout"));
        QVERIFY2(outcome.error.message.contains(QLatin1String("default/pi")), qPrintable(outcome.error.message));
        checkOneDeleteNoCreate(server);
    }

private:
    // Creates SparkPi `name` in default through `client` and waits until `s` lists it.
    static void createListed(session::ClusterSession& s, kube::KubeClient& client, const QString& name)
    {
        QCOMPARE(callAndWait(client, "POST", kAppsPath, sparkPi(name)).error().summary(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(s.applications()->rowOf(QStringLiteral("default/") + name) >= 0, 20000);
    }

    // An API server listing one SparkApplication default/pi (uid-1) whose watches stay quiet, and
    // that answers a DELETE with `deleteStatus`.
    static ScriptedServer::Handler scriptedApplication(int deleteStatus)
    {
        return [deleteStatus](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            const QByteArray app = "{\"apiVersion\":\"sparkoperator.k8s.io/v1beta2\",\"kind\":\"SparkApplication\","
                                   "\"metadata\":{\"name\":\"pi\",\"namespace\":\"default\",\"uid\":\"uid-1\",\"resourceVersion\":\"5\"},"
                                   "\"spec\":{\"type\":\"Scala\"}}";
            const QByteArray list = "{\"kind\":\"List\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"5\"},\"items\":[";
            if (r.method == "DELETE" && deleteStatus == 403)
                x->reply(403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\","
                              "\"code\":403,\"message\":\"sparkapplications.sparkoperator.k8s.io \\\"pi\\\" is forbidden\"}");
            else if (r.method == "DELETE")
                x->reply(200, app);
            else if (r.query.hasQueryItem(QStringLiteral("watch")))
                x->begin();
            else if (r.method == "GET" && r.path.endsWith(QLatin1String("/sparkapplications")))
                x->reply(200, list + app + "]}");
            else if (r.method == "GET" && !r.path.contains(QLatin1String("sparkapplications/")))
                x->reply(200, list + "]}");
            else
                x->reply(404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}");
        };
    }

    // A session on `server`'s only context, watching default (nullptr when the kubeconfig fails).
    std::unique_ptr<session::ClusterSession> scriptedSession(const ScriptedServer& server)
    {
        const QString file = m_dir.filePath(QStringLiteral("scripted-%1.yaml").arg(server.port()));
        kube::KubeconfigError error;
        if (!server.writeKubeconfig(file, QStringLiteral("scripted"), QStringLiteral("default")))
            return {};
        const auto kubeconfig = kube::Kubeconfig::load({file}, true, &error);
        if (!kubeconfig)
            return {};
        return std::make_unique<session::ClusterSession>(*kubeconfig, QStringLiteral("scripted"), std::nullopt, true);
    }

    // Exactly one DELETE reached `server`, naming uid-1 in its preconditions; no POST did.
    static void checkOneDeleteNoCreate(const ScriptedServer& server)
    {
        int deletes = 0;
        for (const ScriptedServer::Request& r : server.requests()) {
            QVERIFY2(r.method != "POST", qPrintable(r.path));
            if (r.method == "DELETE") {
                ++deletes;
                const QJsonObject options = QJsonDocument::fromJson(r.body).object();
                QCOMPARE(options.value(QLatin1String("preconditions")).toObject().value(QLatin1String("uid")).toString(),
                         QStringLiteral("uid-1"));
                QCOMPARE(options.value(QLatin1String("propagationPolicy")).toString(), QStringLiteral("Background"));
            }
        }
        QCOMPARE(deletes, 1);
    }

    QTemporaryDir m_dir;
    QString m_fixtureKubeconfig;
    QString m_fixtureContext;
    QString m_extraKubeconfig;
    std::optional<kube::Kubeconfig> m_kubeconfig;
};

QTEST_MAIN(TestClusterSession)
#include "tst_clustersession.moc"
