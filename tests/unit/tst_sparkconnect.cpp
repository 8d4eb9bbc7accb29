// SparkConnect facts (model::summarizeSparkConnect and the creation form), the live table
// (model::SparkConnectsModel) and session::SparkConnectSession (discovery, create, delete) against
// a scripted API server answering with objects recorded from the real Spark Operator v2.5.2
// controller (tests/cluster real mode).
#include "app/session/clustersession.h"
#include "app/session/sparkconnectsession.h"
#include "models/sparkapplication.h"
#include "models/sparkconnect.h"
#include "models/sparkconnectsmodel.h"
#include "../support/scriptedserver.h"
#include "../support/sparkconnectjson.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

using namespace sparkconnecttest;

bool isSparkConnects(const ScriptedServer::Request& r)
{
    return r.path.startsWith(QLatin1String("/apis/sparkoperator.k8s.io/v1alpha1/namespaces/default/sparkconnects"));
}

} // namespace

class TestSparkConnect : public QObject {
    Q_OBJECT

    std::unique_ptr<session::ClusterSession> connect(const ScriptedServer& server, QTemporaryDir& dir)
    {
        const QString config = dir.filePath(QStringLiteral("config"));
        kube::KubeconfigError error;
        if (!server.writeKubeconfig(config, QStringLiteral("scripted"), QStringLiteral("default")))
            return {};
        const auto kubeconfig = kube::Kubeconfig::load({config}, true, &error);
        if (!kubeconfig)
            return {};
        return std::make_unique<session::ClusterSession>(*kubeconfig, QStringLiteral("scripted"), QStringLiteral("default"), true);
    }

private slots:
    void summaryOfARealReadyServer()
    {
        const model::SparkConnectSummary s = model::summarizeSparkConnect(object(kReady));
        QCOMPARE(s.name, QStringLiteral("spark-connect"));
        QCOMPARE(s.ns, QStringLiteral("default"));
        QCOMPARE(s.uid, QStringLiteral("33ac777a-02b0-4b44-af5d-fd8df923b0b0"));
        QCOMPARE(s.state, QStringLiteral("Ready"));
        QCOMPARE(model::sparkConnectStateText(s), QStringLiteral("Ready"));
        QCOMPARE(s.serverPod, QStringLiteral("spark-connect-server"));
        QCOMPARE(s.serverPodIp, QStringLiteral("127.1.225.3"));
        QCOMPARE(s.serverService, QStringLiteral("spark-connect-server"));
        QCOMPARE(s.executors.value(QStringLiteral("running")), 1);
        QCOMPARE(s.conditions.size(), 1);
        QCOMPARE(s.conditions.first().type, QStringLiteral("ServerPodReady"));
        QCOMPARE(s.conditions.first().status, QStringLiteral("True"));
        QCOMPARE(s.conditions.first().lastTransition, QDateTime(QDate(2026, 11, 30), QTime(9, 18, 47), Qt::UTC));
        QCOMPARE(s.sparkVersion, QStringLiteral("4.0.2"));
        QCOMPARE(s.serverCores, 1);
        QCOMPARE(s.serverMemory, QStringLiteral("1g"));
        QCOMPARE(s.executorInstances, 1);
        QCOMPARE(s.executorMemory, QStringLiteral("512m"));
        QVERIFY(s.lastUpdate.isValid());
        QVERIFY(model::sparkConnectStateHint(s).contains(QLatin1String("15002")));
    }

    void notReadyNewAndDeletingSayWhatTheyMean()
    {
        const model::SparkConnectSummary broken = model::summarizeSparkConnect(object(kNotReady));
        QCOMPARE(model::sparkConnectStateText(broken), QStringLiteral("Not ready"));
        QCOMPARE(model::sparkConnectStateHint(broken), QStringLiteral("Server pod is not ready. The server log says why."));
        QCOMPARE(broken.executorInstances, -1);
        QCOMPARE(model::sparkConnectExecutorsText(broken.executors), QStringLiteral("none"));

        QJsonObject fresh = object(kReady);
        fresh.remove(QStringLiteral("status"));
        const model::SparkConnectSummary s = model::summarizeSparkConnect(fresh);
        QCOMPARE(model::sparkConnectStateText(s), QStringLiteral("New"));
        QVERIFY(model::sparkConnectStateHint(s).contains(QLatin1String("No Spark Operator has picked it up")));

        QJsonObject going = object(kReady);
        QJsonObject meta = going.value(QStringLiteral("metadata")).toObject();
        meta.insert(QStringLiteral("deletionTimestamp"), QStringLiteral("2026-11-30T09:30:00Z"));
        going.insert(QStringLiteral("metadata"), meta);
        QCOMPARE(model::sparkConnectStateText(model::summarizeSparkConnect(going)), QStringLiteral("Deleting"));
    }

    void executorsAndUrl()
    {
        QMap<QString, int> e{{QStringLiteral("pending"), 2}, {QStringLiteral("running"), 3}, {QStringLiteral("failed"), 0}};
        QCOMPARE(model::sparkConnectExecutorsText(e), QStringLiteral("3 running, 2 pending"));
        QCOMPARE(model::sparkConnectUrl(40123), QStringLiteral("sc://localhost:40123"));
    }

    void templateFillsTheFormAndTheFormTheYaml()
    {
        const QString yaml = model::sparkConnectTemplate();
        QVERIFY2(yaml.startsWith(QLatin1String("# Spark Connect server")), qPrintable(yaml.left(60)));
        model::YamlError error;
        auto doc = model::YamlDocument::parse(yaml, &error);
        QVERIFY2(doc, qPrintable(error.toString()));
        QCOMPARE(doc->text(QStringLiteral("kind")), QStringLiteral("SparkConnect"));
        QCOMPARE(doc->text(QStringLiteral("apiVersion")), QStringLiteral("sparkoperator.k8s.io/v1alpha1"));
        model::SparkConnectForm f = model::sparkConnectFormOf(*doc);
        QCOMPARE(f.name, QStringLiteral("spark-connect"));
        QCOMPARE(f.ns, QStringLiteral("default"));
        QCOMPARE(f.image, QStringLiteral("spark:4.0.2"));
        QCOMPARE(f.serverMemory, QStringLiteral("1g"));
        QCOMPARE(f.executorInstances, 1);
        QVERIFY(model::validateSparkConnectForm(f).isEmpty());

        f.name = QStringLiteral("team-a");
        f.executorInstances = 3;
        f.executorMemory = QStringLiteral("2g");
        model::applySparkConnectForm(*doc, f);
        QCOMPARE(model::sparkConnectFormOf(*doc).name, QStringLiteral("team-a"));
        const QJsonObject json = doc->toJson();
        QCOMPARE(json.value(QStringLiteral("spec")).toObject().value(QStringLiteral("executor")).toObject().value(QStringLiteral("instances")).toInt(), 3);
        QCOMPARE(json.value(QStringLiteral("spec")).toObject().value(QStringLiteral("executor")).toObject().value(QStringLiteral("memory")).toString(), QStringLiteral("2g"));
        // What the form does not cover stays.
        QCOMPARE(doc->text(QStringLiteral("spec.server.template.spec.serviceAccountName")), QStringLiteral("spark-operator-spark"));
        QVERIFY(doc->toYaml().contains(QLatin1String("# A long-running Spark Connect server")));
        // Not offered as a SparkApplication job preset.
        for (const model::Preset& p : model::presets())
            QVERIFY2(!p.yaml.contains(QLatin1String("kind: SparkConnect")), qPrintable(p.id));
    }

    void badFieldsSayWhatToDo()
    {
        model::SparkConnectForm f;
        f.name = QStringLiteral("1Team");
        f.ns = QStringLiteral("Default");
        f.image = QStringLiteral("Spark:4");
        f.serverCores = 0;
        f.serverMemory = QStringLiteral("1.5g");
        f.executorMemory = QStringLiteral("2Gi");
        const QStringList problems = model::validateSparkConnectForm(f);
        QCOMPARE(problems.size(), 7);
        QVERIFY(problems.at(0).startsWith(QLatin1String("Name: use at most 57")));
        QVERIFY(problems.at(1).startsWith(QLatin1String("Namespace:")));
        QVERIFY(problems.at(2).startsWith(QLatin1String("Image:")));
        QVERIFY(problems.at(3).startsWith(QLatin1String("Spark version: enter")));
        QVERIFY(problems.at(4).startsWith(QLatin1String("Server cores")));
        QVERIFY(problems.at(5).startsWith(QLatin1String("Server memory:")));
        QVERIFY(problems.at(6).startsWith(QLatin1String("Executor memory:")));
        f.name = QString(58, QLatin1Char('a'));
        QVERIFY(model::validateSparkConnectForm(f).first().contains(QLatin1String("-server")));
    }

    // A cluster whose API server does not serve sparkoperator.k8s.io/v1alpha1 (an operator older
    // than v2.3): one discovery request, a clear message, no informer and no retries.
    void clusterWithoutTheCrdGetsAMessageNotAnErrorLoop()
    {
        ScriptedServer server([](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (r.path.startsWith(QLatin1String("/apis/sparkoperator.k8s.io/v1alpha1")))
                x->reply(404, "404 page not found\n", "text/plain");
            else
                emptyCluster(r, x);
        });
        QTemporaryDir dir;
        auto cluster = connect(server, dir);
        QVERIFY(cluster);
        session::SparkConnectSession sc(cluster.get());
        QCOMPARE(sc.availability(), session::SparkConnectSession::Availability::Unknown);
        sc.start();
        QTRY_COMPARE(sc.availability(), session::SparkConnectSession::Availability::NotServed);
        QVERIFY(sc.message().startsWith(QLatin1String("This cluster's Spark Operator has no SparkConnect (needs v2.3 or newer)")));
        QVERIFY(!sc.informer());
        // Other requests of the session come and go; nothing more is asked about SparkConnect.
        QTest::qWait(1500);
        int asked = 0;
        for (const ScriptedServer::Request& r : server.requests())
            asked += r.path.startsWith(QLatin1String("/apis/sparkoperator.k8s.io/v1alpha1")) ? 1 : 0;
        QCOMPARE(asked, 1);
        QCOMPARE(sc.model()->rowCount(), 0);

        // Creating anyway explains the same.
        std::optional<kube::SubmitResult> result;
        sc.create(object(kReady), this, [&result](const kube::SubmitResult& r) { result = r; });
        QTRY_VERIFY(result.has_value());
        QVERIFY(!result->status);
        QVERIFY2(result->status.error().message.contains(QLatin1String("needs v2.3 or newer")), qPrintable(result->status.error().message));
    }

    // A served group version without sparkconnects is the same as none.
    void groupVersionWithoutSparkConnectsIsNotServed()
    {
        ScriptedServer server([](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (r.path == QLatin1String("/apis/sparkoperator.k8s.io/v1alpha1"))
                x->reply(200, R"({"kind":"APIResourceList","groupVersion":"sparkoperator.k8s.io/v1alpha1","resources":[]})");
            else
                emptyCluster(r, x);
        });
        QTemporaryDir dir;
        auto cluster = connect(server, dir);
        QVERIFY(cluster);
        session::SparkConnectSession sc(cluster.get());
        sc.start();
        QTRY_COMPARE(sc.availability(), session::SparkConnectSession::Availability::NotServed);
        QVERIFY(!sc.informer());
    }

    // Served: the table lists, follows watch events (checked by QAbstractItemModelTester), and
    // create and delete send what the API expects.
    void servedListsWatchesCreatesAndDeletes()
    {
        QList<ScriptedServer::Exchange*> watches;
        ScriptedServer server(served([&watches](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (isSparkConnects(r) && r.method == "GET" && r.query.hasQueryItem(QStringLiteral("watch"))) {
                x->begin();
                watches << x;
            } else if (isSparkConnects(r) && r.method == "GET")
                x->reply(200, list({kNotReady}));
            else if (isSparkConnects(r) && r.method == "POST")
                x->reply(201, r.body);
            else if (isSparkConnects(r) && r.method == "DELETE")
                x->reply(200, R"({"kind":"Status","apiVersion":"v1","status":"Success"})");
            else
                emptyCluster(r, x);
        }));
        QTemporaryDir dir;
        auto cluster = connect(server, dir);
        QVERIFY(cluster);
        session::SparkConnectSession sc(cluster.get());
        QAbstractItemModelTester tester(sc.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        sc.start();
        QTRY_COMPARE(sc.availability(), session::SparkConnectSession::Availability::Served);
        QVERIFY(sc.message().isEmpty());
        QVERIFY(sc.informer());
        QTRY_COMPARE(sc.model()->rowCount(), 1);
        const model::SparkConnectsModel* m = sc.model();
        QCOMPARE(m->index(0, model::SparkConnectsModel::Name).data().toString(), QStringLiteral("broken"));
        QCOMPARE(m->index(0, model::SparkConnectsModel::State).data().toString(), QStringLiteral("Not ready"));
        QCOMPARE(m->index(0, model::SparkConnectsModel::ServerPod).data().toString(), QStringLiteral("broken-server"));
        QCOMPARE(m->index(0, model::SparkConnectsModel::State).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("Server pod is not ready. The server log says why."));
        QCOMPARE(m->headerData(model::SparkConnectsModel::State, Qt::Horizontal).toString(), QStringLiteral("Status"));
        QCOMPARE(m->headerData(model::SparkConnectsModel::ServerPod, Qt::Horizontal).toString(), QStringLiteral("Server pod"));

        // The watch brings the real controller's Ready object.
        QTRY_COMPARE(watches.size(), 1);
        watches.first()->send(QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("ADDED")},
                                                        {QStringLiteral("object"), object(kReady)}})
                                  .toJson(QJsonDocument::Compact)
                              + "\n");
        QTRY_COMPARE(sc.model()->rowCount(), 2);
        const int row = m->rowOf(QStringLiteral("default/spark-connect"));
        QVERIFY(row >= 0);
        QCOMPARE(m->index(row, model::SparkConnectsModel::State).data().toString(), QStringLiteral("Ready"));
        QCOMPARE(m->index(row, model::SparkConnectsModel::Executors).data().toString(), QStringLiteral("1 running"));
        QCOMPARE(m->index(row, model::SparkConnectsModel::Service).data().toString(), QStringLiteral("spark-connect-server"));
        QCOMPARE(m->index(row, 0).data(model::SparkConnectsModel::UidRole).toString(), QStringLiteral("33ac777a-02b0-4b44-af5d-fd8df923b0b0"));
        QCOMPARE(m->summary(QStringLiteral("default/spark-connect")).serverPod, QStringLiteral("spark-connect-server"));

        // Create: a strict dry run, then the strict create, of the object as given.
        std::optional<kube::SubmitResult> created;
        sc.create(object(kReady), this, [&created](const kube::SubmitResult& r) { created = r; });
        QTRY_VERIFY(created.has_value());
        QVERIFY2(created->status, qPrintable(created->status.error().message));
        QList<ScriptedServer::Request> posts;
        for (const ScriptedServer::Request& r : server.requests())
            if (r.method == "POST")
                posts << r;
        QCOMPARE(posts.size(), 2);
        QCOMPARE(posts.at(0).query.queryItemValue(QStringLiteral("dryRun")), QStringLiteral("All"));
        QCOMPARE(posts.at(0).query.queryItemValue(QStringLiteral("fieldValidation")), QStringLiteral("Strict"));
        QVERIFY(!posts.at(1).query.hasQueryItem(QStringLiteral("dryRun")));
        QCOMPARE(posts.at(1).query.queryItemValue(QStringLiteral("fieldValidation")), QStringLiteral("Strict"));
        QCOMPARE(posts.at(1).path, QStringLiteral("/apis/sparkoperator.k8s.io/v1alpha1/namespaces/default/sparkconnects"));

        // Delete: preconditions on the uid, background propagation.
        std::optional<kube::Status> deleted;
        sc.remove(QStringLiteral("default/broken"), QStringLiteral("aa11"), this, [&deleted](const kube::Status& s) { deleted = s; });
        QTRY_VERIFY(deleted.has_value());
        QVERIFY(*deleted);
        const ScriptedServer::Request del = *std::find_if(server.requests().cbegin(), server.requests().cend(),
                                                          [](const ScriptedServer::Request& r) { return r.method == "DELETE"; });
        QCOMPARE(del.path, QStringLiteral("/apis/sparkoperator.k8s.io/v1alpha1/namespaces/default/sparkconnects/broken"));
        const QJsonObject options = QJsonDocument::fromJson(del.body).object();
        QCOMPARE(options.value(QStringLiteral("preconditions")).toObject().value(QStringLiteral("uid")).toString(), QStringLiteral("aa11"));
        QCOMPARE(options.value(QStringLiteral("propagationPolicy")).toString(), QStringLiteral("Background"));

        // A reconnect replaces the client under the informer: discovery again, then a new informer.
        QPointer<kube::Informer> before = sc.informer();
        cluster->reconnect();
        QVERIFY(!before);
        QTRY_VERIFY(sc.informer() && sc.informer()->hasSynced());
        QCOMPARE(sc.availability(), session::SparkConnectSession::Availability::Served);
        QTRY_COMPARE(sc.model()->rowCount(), 1);
    }

    // A uid that no longer matches (the object was deleted and created again) is a 409 that says so.
    void deleteOfAReplacedObjectSaysSo()
    {
        ScriptedServer server(served([](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (isSparkConnects(r) && r.method == "DELETE")
                x->reply(409, R"({"kind":"Status","apiVersion":"v1","status":"Failure","message":"Precondition failed: UID in precondition: aa11, UID in object meta: bb22","reason":"Conflict","code":409})");
            else if (isSparkConnects(r) && !r.query.hasQueryItem(QStringLiteral("watch")))
                x->reply(200, list({kNotReady}));
            else
                emptyCluster(r, x);
        }));
        QTemporaryDir dir;
        auto cluster = connect(server, dir);
        QVERIFY(cluster);
        session::SparkConnectSession sc(cluster.get());
        sc.start();
        QTRY_COMPARE(sc.model()->rowCount(), 1);
        std::optional<kube::Status> deleted;
        sc.remove(QStringLiteral("default/broken"), QStringLiteral("aa11"), this, [&deleted](const kube::Status& s) { deleted = s; });
        QTRY_VERIFY(deleted.has_value());
        QVERIFY(!*deleted);
        QVERIFY2(deleted->error().message.startsWith(QLatin1String("default/broken was replaced by another SparkConnect")),
                 qPrintable(deleted->error().message));
    }
};

QTEST_GUILESS_MAIN(TestSparkConnect)
#include "tst_sparkconnect.moc"
