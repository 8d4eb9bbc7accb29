// session::LogSession against a scripted API server: the options reach the log request, the lines
// reach the model, following the same target again does nothing, reopen() reads again, and a
// deleted driver is replaced by the driver pod created after it.

#include "app/kube/informer.h"
#include "app/kube/kubeclient.h"
#include "app/session/logsession.h"
#include "models/logmodel.h"
#include "models/podsmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include "tests/support/scriptedserver.h"

namespace {

kube::ClusterConnection connectionTo(const ScriptedServer& server)
{
    kube::ClusterConnection c;
    c.server = QUrl(server.url());
    return c;
}

QJsonObject driverPod(const QString& name, const QString& created, const QString& rv)
{
    return {{QStringLiteral("kind"), QStringLiteral("Pod")},
            {QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("name"), name},
                         {QStringLiteral("namespace"), QStringLiteral("default")},
                         {QStringLiteral("uid"), name + QStringLiteral("-uid")},
                         {QStringLiteral("resourceVersion"), rv},
                         {QStringLiteral("creationTimestamp"), created},
                         {QStringLiteral("labels"), QJsonObject{{QStringLiteral("spark-role"), QStringLiteral("driver")}}}}},
            {QStringLiteral("spec"), QJsonObject{{QStringLiteral("containers"),
                                                  QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("spark-kubernetes-driver")}}}}}}};
}

bool isLog(const ScriptedServer::Request& r)
{
    return r.path.endsWith(QLatin1String("/log"));
}

} // namespace

class TestLogSession : public QObject {
    Q_OBJECT
private slots:
    void optionsReachTheRequestAndLinesTheModel()
    {
        ScriptedServer server([](const ScriptedServer::Request&, ScriptedServer::Exchange* x) {
            x->begin("text/plain");
            x->send("2026-11-21T10:00:00Z line 1\n2026-11-21T10:00:01Z line 2\n");
            x->close();
        });
        kube::KubeClient client(connectionTo(server));
        session::LogSession logs;
        QAbstractItemModelTester tester(logs.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        logs.setClient(&client);
        session::LogSession::Options options;
        options.follow = false;
        options.previous = true;
        options.tailLines = 50;
        options.sinceSeconds = 300;
        logs.setOptions(options);
        logs.follow(QStringLiteral("default"), QStringLiteral("pi-driver"), QStringLiteral("spark-kubernetes-driver"));
        QCOMPARE(logs.target(), QStringLiteral("default/pi-driver/spark-kubernetes-driver"));
        QTRY_COMPARE(logs.model()->rowCount(), 2);
        QCOMPARE(logs.model()->text(), QStringLiteral("line 1\nline 2"));
        const ScriptedServer::Request& r = server.requests().first();
        QCOMPARE(r.path, QStringLiteral("/api/v1/namespaces/default/pods/pi-driver/log"));
        QCOMPARE(r.query.queryItemValue(QStringLiteral("container")), QStringLiteral("spark-kubernetes-driver"));
        QCOMPARE(r.query.queryItemValue(QStringLiteral("previous")), QStringLiteral("true"));
        QCOMPARE(r.query.queryItemValue(QStringLiteral("tailLines")), QStringLiteral("50"));
        QCOMPARE(r.query.queryItemValue(QStringLiteral("sinceSeconds")), QStringLiteral("300"));
        QVERIFY(r.query.queryItemValue(QStringLiteral("follow")) != QLatin1String("true"));
    }

    void sameTargetOnceReopenAgain()
    {
        ScriptedServer server([](const ScriptedServer::Request&, ScriptedServer::Exchange* x) {
            x->begin("text/plain");
            x->send("2026-11-21T10:00:00Z hello\n");
        });
        kube::KubeClient client(connectionTo(server));
        session::LogSession logs;
        logs.setClient(&client);
        logs.follow(QStringLiteral("default"), QStringLiteral("pi-driver"), QStringLiteral("spark-kubernetes-driver"));
        QTRY_COMPARE(logs.model()->rowCount(), 1);
        QTRY_COMPARE(logs.state(), kube::LogStream::State::Streaming);
        logs.follow(QStringLiteral("default"), QStringLiteral("pi-driver"), QStringLiteral("spark-kubernetes-driver"));
        QCOMPARE(server.requests().size(), 1);
        QCOMPARE(logs.model()->rowCount(), 1);
        session::LogSession::Options options;
        options.tailLines = 5;
        logs.setOptions(options);
        logs.reopen();
        QTRY_COMPARE(server.requests().size(), 2);
        QCOMPARE(server.requests().last().query.queryItemValue(QStringLiteral("tailLines")), QStringLiteral("5"));
        QTRY_COMPARE(logs.model()->rowCount(), 1); // read again from the start, not appended
        logs.clear();
        QVERIFY(logs.target().isEmpty());
        QCOMPARE(logs.model()->rowCount(), 0);
    }

    void withoutAClientNothingIsFollowed()
    {
        session::LogSession logs;
        logs.follow(QStringLiteral("default"), QStringLiteral("pi-driver"), QStringLiteral("spark-kubernetes-driver"));
        QVERIFY(!logs.isFollowing());
        QCOMPARE(logs.state(), kube::LogStream::State::Idle);
        // Spark's container names while the pod is not known.
        QCOMPARE(logs.mainContainerOf(QStringLiteral("pi-driver")), QStringLiteral("spark-kubernetes-driver"));
        QCOMPARE(logs.mainContainerOf(QStringLiteral("pi-exec-1")), QStringLiteral("spark-kubernetes-executor"));
    }

    void aDeletedDriverIsReplacedByTheNewOne()
    {
        const QJsonObject oldDriver = driverPod(QStringLiteral("pi-driver"), QStringLiteral("2026-11-21T10:00:00Z"), QStringLiteral("5"));
        const QJsonObject newDriver = driverPod(QStringLiteral("pi-2-driver"), QStringLiteral("2026-11-21T10:05:00Z"), QStringLiteral("7"));
        ScriptedServer::Exchange* watch = nullptr;
        ScriptedServer server([&](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (isLog(r)) {
                x->begin("text/plain");
                x->send(QStringLiteral("2026-11-21T10:00:00Z log of %1\n").arg(r.path.section(QLatin1Char('/'), -2, -2)).toUtf8());
                return;
            }
            if (r.query.queryItemValue(QStringLiteral("watch")) == QLatin1String("1")) {
                watch = x;
                x->begin();
                return;
            }
            x->reply(200, QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("PodList")},
                                                    {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), QStringLiteral("5")}}},
                                                    {QStringLiteral("items"), QJsonArray{oldDriver}}})
                              .toJson(QJsonDocument::Compact));
        });
        kube::KubeClient client(connectionTo(server));
        kube::Informer informer(&client, kube::ResourceKind::pods(), QStringLiteral("default"));
        model::PodsModel pods;
        QAbstractItemModelTester podsTester(&pods, QAbstractItemModelTester::FailureReportingMode::QtTest);
        pods.setInformer(&informer);
        informer.start();
        QTRY_COMPARE(pods.rowCount(), 1);
        QTRY_VERIFY(watch);
        session::LogSession logs;
        logs.setClient(&client);
        logs.setPods(&pods);
        logs.follow(QStringLiteral("default"), QStringLiteral("pi-driver"), QStringLiteral("spark-kubernetes-driver"));
        QTRY_COMPARE(logs.model()->text(), QStringLiteral("log of pi-driver"));
        auto send = [&](const char* type, const QJsonObject& object) {
            watch->send(QJsonDocument(QJsonObject{{QStringLiteral("type"), QLatin1String(type)}, {QStringLiteral("object"), object}})
                            .toJson(QJsonDocument::Compact)
                        + "\n");
        };
        send("DELETED", oldDriver);
        QTRY_COMPARE(logs.deletedPod(), QStringLiteral("pi-driver"));
        QCOMPARE(logs.model()->text(), QStringLiteral("log of pi-driver")); // kept
        send("ADDED", newDriver);
        QTRY_COMPARE(logs.target(), QStringLiteral("default/pi-2-driver/spark-kubernetes-driver"));
        QVERIFY(logs.deletedPod().isEmpty());
        QVERIFY2(logs.notice().contains(QStringLiteral("pi-2-driver")), qPrintable(logs.notice()));
        QTRY_COMPARE(logs.model()->text(), QStringLiteral("log of pi-2-driver"));
    }
};

QTEST_GUILESS_MAIN(TestLogSession)
#include "tst_logsession.moc"
