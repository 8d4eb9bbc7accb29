// session::HistoryServer and its pure parts: which Service is a Spark History Server, the URL of an
// application's page, the per-context URL setting, and resolving a base (the setting; else a
// discovered Service port-forwarded by the kubectl stand-in; else a message saying how to set it).

#include "app/kube/kubeclient.h"
#include "app/session/historyserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include "tests/support/fakesparkui.h"

namespace {

QJsonObject service(const QString& ns, const QString& name, const QJsonArray& ports, const QJsonObject& labels = {})
{
    return {{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("namespace"), ns}, {QStringLiteral("labels"), labels}}},
            {QStringLiteral("spec"), QJsonObject{{QStringLiteral("ports"), ports}}}};
}

QJsonObject port(int number, const QString& name = {})
{
    QJsonObject p{{QStringLiteral("port"), number}, {QStringLiteral("protocol"), QStringLiteral("TCP")}};
    if (!name.isEmpty())
        p.insert(QStringLiteral("name"), name);
    return p;
}

} // namespace

class TestHistoryServer : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        useTestSettings(QStringLiteral("tst_historyserver"));
    }

    void findsTheHistoryServiceByLabelThenNameThenPort()
    {
        const QJsonObject ui = service(QStringLiteral("default"), QStringLiteral("spark-pi-ui-svc"), {port(4040, QStringLiteral("spark-driver-ui-port"))});
        const QJsonObject byPort = service(QStringLiteral("tools"), QStringLiteral("shs"), {port(80, QStringLiteral("web")), port(18080)});
        const QJsonObject byName = service(QStringLiteral("spark"), QStringLiteral("my-history"), {port(8080, QStringLiteral("http"))});
        const QJsonObject byLabel = service(QStringLiteral("spark-history"), QStringLiteral("shs-main"), {port(80, QStringLiteral("http"))},
                                            {{QStringLiteral("app.kubernetes.io/name"), QStringLiteral("spark-history-server")}});
        QVERIFY(!session::findHistoryService({}));
        QVERIFY(!session::findHistoryService({ui}));
        // A Service with no ports cannot be forwarded.
        QVERIFY(!session::findHistoryService({service(QStringLiteral("x"), QStringLiteral("history"), {})}));
        auto found = session::findHistoryService({ui, byPort});
        QVERIFY(found);
        QCOMPARE(found->ns, QStringLiteral("tools"));
        QCOMPARE(found->name, QStringLiteral("shs"));
        QCOMPARE(found->port, 18080);
        found = session::findHistoryService({ui, byPort, byName});
        QCOMPARE(found->name, QStringLiteral("my-history"));
        QCOMPARE(found->port, 8080);
        found = session::findHistoryService({ui, byPort, byName, byLabel});
        QCOMPARE(found->ns, QStringLiteral("spark-history"));
        QCOMPARE(found->name, QStringLiteral("shs-main"));
        QCOMPARE(found->port, 80);
        // A port named "history" counts as much as 18080.
        found = session::findHistoryService({service(QStringLiteral("a"), QStringLiteral("events"), {port(9090), port(8081, QStringLiteral("history"))})});
        QCOMPARE(found->port, 8081);
    }

    void theUrlOfAnApplicationsPage()
    {
        const QString id = QStringLiteral("spark-3b6e215400dc40c99b7151a00a662950");
        QCOMPARE(session::historyApplicationUrl(QUrl(QStringLiteral("http://127.0.0.1:18080")), id),
                 QUrl(QStringLiteral("http://127.0.0.1:18080/history/spark-3b6e215400dc40c99b7151a00a662950/")));
        QCOMPARE(session::historyApplicationUrl(QUrl(QStringLiteral("https://gw.example.com/spark-history/?x=1#top")), id),
                 QUrl(QStringLiteral("https://gw.example.com/spark-history/history/spark-3b6e215400dc40c99b7151a00a662950/")));
        QVERIFY(session::historyApplicationUrl(QUrl(QStringLiteral("http://h:18080")), QString()).isEmpty());
        QVERIFY(session::historyApplicationUrl(QUrl(), id).isEmpty());
    }

    void theUrlSettingIsPerContext()
    {
        const QString a = QStringLiteral("arn:aws:eks:eu-west-1:123:cluster/prod");
        const QString b = QStringLiteral("kind-dev");
        QVERIFY(session::HistoryServer::configuredUrl(a).isEmpty());
        session::HistoryServer::setConfiguredUrl(a, QUrl(QStringLiteral("https://history.example.com")));
        QCOMPARE(session::HistoryServer::configuredUrl(a), QUrl(QStringLiteral("https://history.example.com")));
        QVERIFY(session::HistoryServer::configuredUrl(b).isEmpty());
        session::HistoryServer::setConfiguredUrl(a, QUrl());
        QVERIFY(session::HistoryServer::configuredUrl(a).isEmpty());

        QString why;
        QVERIFY(session::HistoryServer::isAcceptableUrl(QStringLiteral(" http://history:18080 ")));
        QVERIFY(!session::HistoryServer::isAcceptableUrl(QStringLiteral("history:18080"), &why));
        QVERIFY2(why.contains(QStringLiteral("with http:// or https://")), qPrintable(why));
        QVERIFY(!session::HistoryServer::isAcceptableUrl(QStringLiteral("ftp://h/"), &why));
    }

    void theConfiguredUrlComesFirst()
    {
        FakeSparkCluster cluster;
        session::HistoryServer::setConfiguredUrl(QStringLiteral("kind-a"), QUrl(QStringLiteral("http://history.example.com:18080")));
        auto unset = qScopeGuard([] { session::HistoryServer::setConfiguredUrl(QStringLiteral("kind-a"), QUrl()); });
        kube::ClusterConnection c;
        c.server = QUrl(cluster.api.url());
        kube::KubeClient client(c);
        session::HistoryServer server(QStringLiteral("kind-a"), {});
        QSignalSpy ready(&server, &session::HistoryServer::ready);
        server.resolve(&client);
        QTRY_COMPARE(ready.size(), 1);
        QCOMPARE(server.state(), session::HistoryServer::State::Ready);
        QCOMPARE(ready.at(0).at(0).toUrl(), QUrl(QStringLiteral("http://history.example.com:18080")));
        QCOMPARE(server.source(), QStringLiteral("the URL set for context kind-a"));
        QVERIFY(cluster.api.requests().isEmpty()); // the cluster was not asked
    }

    void nothingSetOrFoundSaysHowToSetIt()
    {
        FakeSparkCluster cluster;
        cluster.services = {service(QStringLiteral("default"), QStringLiteral("spark-pi-ui-svc"), {port(4040)})};
        kube::ClusterConnection c;
        c.server = QUrl(cluster.api.url());
        kube::KubeClient client(c);
        session::HistoryServer server(QStringLiteral("kind-b"), {});
        QSignalSpy failed(&server, &session::HistoryServer::failed);
        server.resolve(&client);
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(server.state(), session::HistoryServer::State::Failed);
        QVERIFY2(server.message().contains(QStringLiteral("the cluster has no Service that looks like one")), qPrintable(server.message()));
        QVERIFY2(server.message().contains(QStringLiteral("Set History Server URL…")), qPrintable(server.message()));
        QVERIFY2(server.message().contains(QStringLiteral("app.kubernetes.io/name=spark-history-server")), qPrintable(server.message()));

        // May not list Services: the API server's words, and how to set the URL.
        cluster.servicesStatus = 403;
        server.resolve(&client);
        QTRY_COMPARE(failed.size(), 2);
        QVERIFY2(server.message().contains(QStringLiteral("cannot list resource \"services\"")), qPrintable(server.message()));
        QVERIFY2(server.message().contains(QStringLiteral("Set History Server URL…")), qPrintable(server.message()));

        // No connection at all.
        server.resolve(nullptr);
        QTRY_COMPARE(failed.size(), 3);
        QVERIFY2(server.message().contains(QStringLiteral("no connection")), qPrintable(server.message()));
    }

    void aDiscoveredServiceIsPortForwarded()
    {
        FakeSparkCluster cluster;
        cluster.services = {service(QStringLiteral("default"), QStringLiteral("spark-pi-ui-svc"), {port(4040)}),
                            service(QStringLiteral("spark-history"), QStringLiteral("spark-history-server"), {port(18080, QStringLiteral("http"))},
                                    {{QStringLiteral("app.kubernetes.io/name"), QStringLiteral("spark-history-server")}})};
        KubectlStandin kubectl(41818, QStringLiteral("tst_historyserver"));
        kube::ClusterConnection c;
        c.server = QUrl(cluster.api.url());
        kube::KubeClient client(c);
        {
            session::HistoryServer server(QStringLiteral("kind-c"), {QStringLiteral("/tmp/kc")});
            QSignalSpy ready(&server, &session::HistoryServer::ready);
            server.resolve(&client);
            QTRY_COMPARE(ready.size(), 1);
            QCOMPARE(server.baseUrl(), QUrl(QStringLiteral("http://127.0.0.1:41818")));
            QCOMPARE(server.source(), QStringLiteral("svc/spark-history-server in spark-history (port-forwarded)"));
            const QStringList argv = kubectl.arguments();
            QVERIFY2(argv.contains(QStringLiteral("svc/spark-history-server")) && argv.contains(QStringLiteral(":18080"))
                         && argv.contains(QStringLiteral("spark-history")) && argv.contains(QStringLiteral("kind-c")),
                     qPrintable(argv.join(u' ')));
            // Asked again while Ready: the same forward, no new listing.
            const qsizetype listed = cluster.api.requests().size();
            server.resolve(&client);
            QTRY_COMPARE(ready.size(), 2);
            QCOMPARE(cluster.api.requests().size(), listed);
        }
        // Gone with its owner: kubectl is ended.
        QTRY_VERIFY(kubectl.ended());
    }
};

QTEST_GUILESS_MAIN(TestHistoryServer)
#include "tst_historyserver.moc"
