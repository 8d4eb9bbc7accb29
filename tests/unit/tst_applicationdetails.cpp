// session::ApplicationDetails and session::applicationFacts: the facts the details show, events
// matched on involvedObject.uid (not on a name prefix), and the pods and events of one application
// read through a scripted API server, with a field selector per involved object.

#include "app/kube/informer.h"
#include "app/session/applicationdetails.h"
#include "app/session/applicationfacts.h"
#include "models/applicationsmodel.h"
#include "models/eventsmodel.h"
#include "models/podsmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include "tests/support/scriptedserver.h"

namespace {

QJsonObject parse(const char* json)
{
    return QJsonDocument::fromJson(json).object();
}

QJsonObject meta(const QString& name, const QString& uid, const QJsonObject& extra = {})
{
    QJsonObject m{{QStringLiteral("name"), name},
                  {QStringLiteral("namespace"), QStringLiteral("default")},
                  {QStringLiteral("uid"), uid},
                  {QStringLiteral("resourceVersion"), QStringLiteral("5")},
                  {QStringLiteral("creationTimestamp"), QStringLiteral("2026-11-21T10:00:00Z")}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        m.insert(it.key(), it.value());
    return m;
}

QJsonObject application(const QString& name, const QString& uid)
{
    return {{QStringLiteral("apiVersion"), QStringLiteral("sparkoperator.k8s.io/v1beta2")},
            {QStringLiteral("kind"), QStringLiteral("SparkApplication")},
            {QStringLiteral("metadata"), meta(name, uid)},
            {QStringLiteral("spec"), QJsonObject{{QStringLiteral("type"), QStringLiteral("Scala")}}}};
}

QJsonObject pod(const QString& name, const QString& uid, const QString& app)
{
    return {{QStringLiteral("kind"), QStringLiteral("Pod")},
            {QStringLiteral("metadata"),
             meta(name, uid, {{QStringLiteral("labels"), QJsonObject{{QStringLiteral("sparkoperator.k8s.io/app-name"), app},
                                                                     {QStringLiteral("spark-role"), QStringLiteral("driver")}}}})},
            {QStringLiteral("spec"), QJsonObject{{QStringLiteral("containers"),
                                                  QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("spark-kubernetes-driver")}}}}}}};
}

QJsonObject kubeEvent(const QString& name, const QString& kind, const QString& object, const QString& uid, const QString& reason)
{
    return {{QStringLiteral("kind"), QStringLiteral("Event")},
            {QStringLiteral("metadata"), meta(name, name + QStringLiteral("-uid"))},
            {QStringLiteral("involvedObject"), QJsonObject{{QStringLiteral("kind"), kind},
                                                           {QStringLiteral("name"), object},
                                                           {QStringLiteral("namespace"), QStringLiteral("default")},
                                                           {QStringLiteral("uid"), uid}}},
            {QStringLiteral("reason"), reason},
            {QStringLiteral("type"), QStringLiteral("Normal")},
            {QStringLiteral("lastTimestamp"), QStringLiteral("2026-11-21T10:00:05Z")}};
}

QByteArray list(const QList<QJsonObject>& items)
{
    QJsonArray array;
    for (const QJsonObject& item : items)
        array << item;
    return QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("List")},
                                     {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), QStringLiteral("10")}}},
                                     {QStringLiteral("items"), array}})
        .toJson(QJsonDocument::Compact);
}

QStringList column(QAbstractItemModel* model, int column)
{
    QStringList values;
    for (int row = 0; row < model->rowCount(); ++row)
        values << model->index(row, column).data().toString();
    values.sort();
    return values;
}

} // namespace

class TestApplicationDetails : public QObject {
    Q_OBJECT
private slots:
    void factsOfARunningApplication()
    {
        const session::ApplicationFacts f = session::applicationFacts(parse(R"({
            "metadata": {"name": "spark-pi", "uid": "u-1"},
            "status": {"applicationState": {"state": "RUNNING"}, "submissionID": "s-1",
                       "driverInfo": {"podName": "spark-pi-driver", "webUIServiceName": "spark-pi-ui-svc",
                                      "webUIAddress": "10.0.0.5:4040", "webUIPort": 4040,
                                      "webUIIngressAddress": "spark-pi.example.org"},
                       "executorState": {"spark-pi-exec-2": "RUNNING", "spark-pi-exec-1": "RUNNING", "spark-pi-exec-3": "PENDING"}}})"));
        QCOMPARE(f.uid, QStringLiteral("u-1"));
        QCOMPARE(f.state, QStringLiteral("RUNNING"));
        QCOMPARE(f.submissionId, QStringLiteral("s-1"));
        QVERIFY(f.hasDriverInfo);
        QCOMPARE(f.driverPod, QStringLiteral("spark-pi-driver"));
        QCOMPARE(f.webUIServiceName, QStringLiteral("spark-pi-ui-svc"));
        QCOMPARE(f.webUIAddress, QStringLiteral("10.0.0.5:4040"));
        QCOMPARE(f.webUIPort, 4040);
        QCOMPARE(f.webUIIngressAddress, QStringLiteral("spark-pi.example.org"));
        QCOMPARE(f.executorStates.size(), 3);
        QCOMPARE(f.executorStates.first(), qMakePair(QStringLiteral("spark-pi-exec-1"), QStringLiteral("RUNNING")));
        QCOMPARE(f.executorStateCounts.value(QStringLiteral("RUNNING")), 2);
        QCOMPARE(f.executorStateCounts.value(QStringLiteral("PENDING")), 1);
        QCOMPARE(f.sparkUiService(QStringLiteral("spark-pi")), QStringLiteral("spark-pi-ui-svc"));
    }

    void factsOfAFailedApplication()
    {
        const session::ApplicationFacts f = session::applicationFacts(parse(R"({
            "metadata": {"name": "broken", "uid": "u-2"},
            "status": {"applicationState": {"state": "FAILED", "errorMessage": "driver container failed with ExitCode: 1"},
                       "driverInfo": {"podName": "broken-driver"},
                       "executorState": {"broken-exec-1": "FAILED"}}})"));
        QCOMPARE(f.state, QStringLiteral("FAILED"));
        QCOMPARE(f.errorMessage, QStringLiteral("driver container failed with ExitCode: 1"));
        QCOMPARE(f.driverPod, QStringLiteral("broken-driver"));
        QVERIFY(f.webUIServiceName.isEmpty());
        QCOMPARE(f.webUIPort, 0);
        QCOMPARE(f.executorStateCounts, (QMap<QString, int>{{QStringLiteral("FAILED"), 1}}));
        // Without a service name, the operator's default name.
        QCOMPARE(f.sparkUiService(QStringLiteral("broken")), QStringLiteral("broken-ui-svc"));
    }

    void factsWithoutDriverInfo()
    {
        const session::ApplicationFacts submitted = session::applicationFacts(parse(R"({
            "metadata": {"name": "fresh", "uid": "u-3"}, "status": {"applicationState": {"state": "SUBMITTED"}}})"));
        QCOMPARE(submitted.state, QStringLiteral("SUBMITTED"));
        QVERIFY(!submitted.hasDriverInfo);
        QVERIFY(submitted.driverPod.isEmpty());
        QVERIFY(submitted.executorStates.isEmpty());
        const session::ApplicationFacts none = session::applicationFacts(parse(R"({"metadata": {"name": "new"}})"));
        QVERIFY(none.state.isEmpty());
        QVERIFY(none.uid.isEmpty());
        QVERIFY(!none.hasDriverInfo);
        QVERIFY(session::applicationFacts({}).executorStateCounts.isEmpty());
    }

    void eventsMatchOnTheInvolvedObjectsUid()
    {
        const QSet<QString> ofSparkPi{QStringLiteral("app-1"), QStringLiteral("pod-1")};
        // The application's own event and its driver pod's.
        QVERIFY(model::EventsModel::concerns(kubeEvent(QStringLiteral("e1"), QStringLiteral("SparkApplication"), QStringLiteral("spark-pi"),
                                                   QStringLiteral("app-1"), QStringLiteral("Submitted")),
                                             ofSparkPi));
        QVERIFY(model::EventsModel::concerns(kubeEvent(QStringLiteral("e2"), QStringLiteral("Pod"), QStringLiteral("spark-pi-driver"),
                                                   QStringLiteral("pod-1"), QStringLiteral("Scheduled")),
                                             ofSparkPi));
        // spark-pi-2 starts with "spark-pi-" but is another application.
        QVERIFY(!model::EventsModel::concerns(kubeEvent(QStringLiteral("e3"), QStringLiteral("SparkApplication"), QStringLiteral("spark-pi-2"),
                                                    QStringLiteral("app-2"), QStringLiteral("Submitted")),
                                              ofSparkPi));
        // A same-named object of an earlier life (another uid) and an event without a uid.
        QVERIFY(!model::EventsModel::concerns(kubeEvent(QStringLiteral("e4"), QStringLiteral("SparkApplication"), QStringLiteral("spark-pi"),
                                                    QStringLiteral("app-0"), QStringLiteral("Submitted")),
                                              ofSparkPi));
        QVERIFY(!model::EventsModel::concerns(kubeEvent(QStringLiteral("e5"), QStringLiteral("Pod"), QStringLiteral("spark-pi-driver"),
                                                    QString(), QStringLiteral("Scheduled")),
                                              ofSparkPi));
    }

    void podsAndEventsThroughFieldSelectors()
    {
        const QList<QJsonObject> events{
            kubeEvent(QStringLiteral("a"), QStringLiteral("SparkApplication"), QStringLiteral("spark-pi"), QStringLiteral("app-1"), QStringLiteral("Submitted")),
            kubeEvent(QStringLiteral("b"), QStringLiteral("Pod"), QStringLiteral("spark-pi-driver"), QStringLiteral("pod-1"), QStringLiteral("Scheduled")),
            kubeEvent(QStringLiteral("c"), QStringLiteral("SparkApplication"), QStringLiteral("spark-pi-2"), QStringLiteral("app-2"), QStringLiteral("Other")),
        };
        QList<ScriptedServer::Exchange*> watches;
        ScriptedServer server([&](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (r.query.queryItemValue(QStringLiteral("watch")) == QLatin1String("1")) {
                watches << x;
                x->begin();
                return;
            }
            if (r.path.endsWith(QLatin1String("/sparkapplications"))) {
                x->reply(200, list({application(QStringLiteral("spark-pi"), QStringLiteral("app-1")),
                                    application(QStringLiteral("spark-pi-2"), QStringLiteral("app-2"))}));
            } else if (r.path.endsWith(QLatin1String("/pods"))) {
                x->reply(200, list({pod(QStringLiteral("spark-pi-driver"), QStringLiteral("pod-1"), QStringLiteral("spark-pi"))}));
            } else if (r.path.endsWith(QLatin1String("/events"))) {
                // As the API server does: a field selector involvedObject.uid=U keeps U's events only.
                const QString selector = r.query.queryItemValue(QStringLiteral("fieldSelector"), QUrl::FullyDecoded);
                QList<QJsonObject> matching;
                for (const QJsonObject& e : events)
                    if (selector.isEmpty()
                        || selector == QStringLiteral("involvedObject.uid=") + e.value(QLatin1String("involvedObject")).toObject().value(QLatin1String("uid")).toString())
                        matching << e;
                x->reply(200, list(matching));
            } else {
                x->reply(404, "{}");
            }
        });
        kube::ClusterConnection c;
        c.server = QUrl(server.url());
        kube::KubeClient client(c);
        kube::Informer applicationsInformer(&client, kube::ResourceKind::sparkApplications(), QStringLiteral("default"));
        model::ApplicationsModel applications;
        applications.setInformer(&applicationsInformer);
        applicationsInformer.start();
        QTRY_VERIFY(applications.rowOf(QStringLiteral("default/spark-pi")) >= 0);

        session::ApplicationDetails details(&client, &applications, QStringLiteral("default"), QStringLiteral("spark-pi"));
        QSignalSpy listedSpy(&details, &session::ApplicationDetails::listedChanged);
        QVERIFY(!details.listed());
        QAbstractItemModelTester podsTester(details.pods(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester eventsTester(details.events(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(details.uid(), QStringLiteral("app-1"));
        QVERIFY(details.exists());
        QCOMPARE(details.facts().uid, QStringLiteral("app-1"));
        QTRY_COMPARE(details.pods()->rowCount(), 1);
        QTRY_COMPARE(details.events()->rowCount(), 2);
        // listed(): the pods and the events of the application and of its pod have been listed, so
        // what the models hold is complete (as `sparkdeck describe` needs before it prints).
        QTRY_VERIFY(details.listed());
        QVERIFY(listedSpy.count() >= 1);
        QCOMPARE(column(details.events(), model::EventsModel::Reason), (QStringList{QStringLiteral("Scheduled"), QStringLiteral("Submitted")}));
        // Every events request names one object: no namespace-wide events list or watch.
        QStringList selectors;
        for (const ScriptedServer::Request& r : server.requests())
            if (r.path.endsWith(QLatin1String("/events"))) {
                const QString selector = r.query.queryItemValue(QStringLiteral("fieldSelector"), QUrl::FullyDecoded);
                QVERIFY2(!selector.isEmpty(), qPrintable(r.path));
                if (!selectors.contains(selector))
                    selectors << selector;
            }
        selectors.sort();
        QCOMPARE(selectors, (QStringList{QStringLiteral("involvedObject.uid=app-1"), QStringLiteral("involvedObject.uid=pod-1")}));
        // The pods request selects the application's pods by label.
        bool podsByLabel = false;
        for (const ScriptedServer::Request& r : server.requests())
            podsByLabel = podsByLabel
                || (r.path.endsWith(QLatin1String("/pods"))
                    && r.query.queryItemValue(QStringLiteral("labelSelector"), QUrl::FullyDecoded) == QLatin1String("sparkoperator.k8s.io/app-name=spark-pi"));
        QVERIFY(podsByLabel);
        // The YAML of the live object and of a clone.
        QVERIFY2(details.yaml().contains(QStringLiteral("name: spark-pi\n")), qPrintable(details.yaml()));
        QVERIFY2(details.cloneYaml().contains(QStringLiteral("name: spark-pi-2")), qPrintable(details.cloneYaml()));
        QVERIFY(!details.cloneYaml().contains(QStringLiteral("uid:")));
        QCOMPARE(details.sparkUiState(), session::ApplicationDetails::SparkUiState::Off);
        QCOMPARE(details.firstException().state, session::ApplicationDetails::FirstException::State::NotApplicable);
    }

    void withoutAClientNothingIsRead()
    {
        model::ApplicationsModel applications;
        session::ApplicationDetails details(nullptr, &applications, QStringLiteral("default"), QStringLiteral("spark-pi"));
        QAbstractItemModelTester podsTester(details.pods(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(details.pods()->rowCount(), 0);
        QCOMPARE(details.events()->rowCount(), 0);
        QVERIFY(!details.exists());
        QVERIFY(!details.listed());
        QVERIFY(details.yaml().isEmpty());
        QVERIFY(details.cloneYaml().isEmpty());
        QCOMPARE(details.sparkUiService(), QStringLiteral("spark-pi-ui-svc"));
    }
};

QTEST_GUILESS_MAIN(TestApplicationDetails)
#include "tst_applicationdetails.moc"
