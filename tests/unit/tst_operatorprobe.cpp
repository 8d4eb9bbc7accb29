// kube::probeOperator against a scripted API server: a Deployments lookup that is forbidden leaves
// the operator's presence Unknown (not NotFound), an empty list says NotFound, and a controller
// with --namespaces says Found and which namespaces it watches. session::JobDocument warns that the
// webhook is off only when the webhook lookup answered, not when it was forbidden.

#include "app/kube/kubeclient.h"
#include "app/kube/operatorprobe.h"
#include "app/session/jobdocument.h"
#include "tests/support/scriptedserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <optional>

namespace {

QByteArray forbidden()
{
    return QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("Status")},
                                     {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                     {QStringLiteral("status"), QStringLiteral("Failure")},
                                     {QStringLiteral("reason"), QStringLiteral("Forbidden")},
                                     {QStringLiteral("code"), 403},
                                     {QStringLiteral("message"), QStringLiteral("deployments.apps is forbidden: User \"u\" cannot list "
                                                                                "resource \"deployments\" at the cluster scope")}})
        .toJson(QJsonDocument::Compact);
}

QByteArray list(const QJsonArray& items)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("List")}, {QStringLiteral("items"), items}})
        .toJson(QJsonDocument::Compact);
}

QJsonObject controller()
{
    const QJsonObject container{{QStringLiteral("name"), QStringLiteral("controller")},
                                {QStringLiteral("args"), QJsonArray{QStringLiteral("controller"), QStringLiteral("start"),
                                                                    QStringLiteral("--namespaces=default,jobs")}}};
    return QJsonObject{
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("spark-operator-controller")},
                                                 {QStringLiteral("namespace"), QStringLiteral("spark-operator")}}},
        {QStringLiteral("spec"),
         QJsonObject{{QStringLiteral("template"),
                      QJsonObject{{QStringLiteral("spec"), QJsonObject{{QStringLiteral("containers"), QJsonArray{container}}}}}}}}};
}

// Probes namespace default through a server that answers the Deployments lookup with `status`
// and `body` (everything else: 200, found / empty list).
std::optional<kube::OperatorFacts> probe(int status, const QByteArray& body)
{
    ScriptedServer server([&](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
        if (r.path == QLatin1String("/apis/apps/v1/deployments"))
            return x->reply(status, body);
        if (r.path.endsWith(QLatin1String("mutatingwebhookconfigurations")))
            return x->reply(200, list({}));
        x->reply(200, QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("Namespace")}}).toJson(QJsonDocument::Compact));
    });
    kube::ClusterConnection connection;
    connection.server = QUrl(server.url());
    kube::KubeClient client(connection);
    QObject receiver;
    std::optional<kube::OperatorFacts> facts;
    int calls = 0;
    kube::probeOperator(&client, QStringLiteral("default"), {}, &receiver, [&](const kube::Result<kube::OperatorFacts>& f) {
        facts = f.valueOr({});
        ++calls;
    });
    if (!QTest::qWaitFor([&] { return facts.has_value(); }, 10000))
        return std::nullopt;
    return calls == 1 ? facts : std::nullopt;
}

// JobDocument's problems for a document with spec.driver.env (a field only the webhook applies),
// on a cluster with an operator controller whose webhook configurations lookup answers `status`
// with `body`.
std::optional<QHash<QString, session::FieldProblems>> envProblems(int status, const QByteArray& body)
{
    ScriptedServer server([&](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
        if (r.path == QLatin1String("/apis/apps/v1/deployments"))
            return x->reply(200, list({controller()}));
        if (r.path.endsWith(QLatin1String("mutatingwebhookconfigurations")))
            return x->reply(status, body);
        x->reply(200, QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("Namespace")}}).toJson(QJsonDocument::Compact));
    });
    kube::ClusterConnection connection;
    connection.server = QUrl(server.url());
    kube::KubeClient client(connection);
    session::JobDocument doc;
    doc.setClient(&client);
    doc.setText(QStringLiteral("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: pi\n"
                               "  namespace: default\nspec:\n  type: Scala\n  mode: cluster\n  image: spark:3.5.3\n"
                               "  mainClass: org.apache.spark.examples.SparkPi\n"
                               "  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar\n"
                               "  sparkVersion: 3.5.3\n  driver:\n    env:\n    - {name: A, value: b}\n"));
    bool checked = false;
    doc.checkCluster([&] { checked = true; });
    if (!QTest::qWaitFor([&] { return checked; }, 10000))
        return std::nullopt;
    return doc.problems();
}

bool warnsWebhookOff(const QHash<QString, session::FieldProblems>& problems)
{
    for (const auto& p : problems)
        for (const QString& w : p.warnings)
            if (w.contains(QStringLiteral("webhook is off")))
                return true;
    return false;
}

} // namespace

class TestOperatorProbe : public QObject {
    Q_OBJECT
private slots:
    void forbiddenLookupIsUnknown()
    {
        const auto facts = probe(403, forbidden());
        QVERIFY(facts);
        QCOMPARE(facts->operatorPresence, kube::OperatorPresence::Unknown);
        QVERIFY(facts->operatorDeployment.isEmpty());
        QVERIFY(!facts->ignoresNamespace(QStringLiteral("elsewhere")));
        QVERIFY(facts->namespaceChecked && facts->namespaceExists);
        QVERIFY(facts->webhookChecked);
    }

    void emptyListIsNotFound()
    {
        const auto facts = probe(200, list({}));
        QVERIFY(facts);
        QCOMPARE(facts->operatorPresence, kube::OperatorPresence::NotFound);
        QVERIFY(!facts->ignoresNamespace(QStringLiteral("elsewhere")));
    }

    void controllerIsFound()
    {
        const auto facts = probe(200, list({controller()}));
        QVERIFY(facts);
        QCOMPARE(facts->operatorPresence, kube::OperatorPresence::Found);
        QCOMPARE(facts->operatorDeployment, QStringLiteral("spark-operator/spark-operator-controller"));
        QCOMPARE(facts->watchedNamespaces, (QStringList{QStringLiteral("default"), QStringLiteral("jobs")}));
        QVERIFY(facts->ignoresNamespace(QStringLiteral("elsewhere")));
        QVERIFY(!facts->ignoresNamespace(QStringLiteral("jobs")));
    }

    // The chart v2.x's other forms: all namespaces as --namespaces="" (quotes included), a
    // --namespace-selector, and the webhook's Deployment with the same flags listed first.
    void chartFlagForms()
    {
        auto deployment = [](const QString& name, const QString& component, const QStringList& args) {
            QJsonObject d = controller();
            QJsonObject meta = d.value(QStringLiteral("metadata")).toObject();
            meta.insert(QStringLiteral("name"), name);
            meta.insert(QStringLiteral("labels"), QJsonObject{{QStringLiteral("app.kubernetes.io/component"), component}});
            d.insert(QStringLiteral("metadata"), meta);
            const QJsonObject container{{QStringLiteral("name"), component}, {QStringLiteral("args"), QJsonArray::fromStringList(args)}};
            d.insert(QStringLiteral("spec"), QJsonObject{{QStringLiteral("template"),
                QJsonObject{{QStringLiteral("spec"), QJsonObject{{QStringLiteral("containers"), QJsonArray{container}}}}}}});
            return d;
        };
        auto facts = probe(200, list({deployment(QStringLiteral("spark-operator-controller"), QStringLiteral("controller"),
                                                 {QStringLiteral("--namespaces=\"\"")})}));
        QVERIFY(facts);
        QVERIFY(facts->watchedNamespaces.isEmpty());
        QVERIFY(!facts->ignoresNamespace(QStringLiteral("anywhere")));

        facts = probe(200, list({deployment(QStringLiteral("spark-operator-webhook"), QStringLiteral("webhook"), {QStringLiteral("--namespaces=a")}),
                                 deployment(QStringLiteral("spark-operator-controller"), QStringLiteral("controller"),
                                            {QStringLiteral("--namespaces=a,b"), QStringLiteral("--namespace-selector=spark=on")}),
                                 deployment(QStringLiteral("spark-operator-webhook2"), QStringLiteral("webhook"), {QStringLiteral("--namespaces=c")})}));
        QVERIFY(facts);
        QCOMPARE(facts->operatorDeployment, QStringLiteral("spark-operator/spark-operator-controller"));
        QCOMPARE(facts->watchedNamespaces, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(facts->namespaceSelector, QStringLiteral("spark=on"));
        // Not listed, but the selector may take it: not known to be ignored.
        QVERIFY(!facts->ignoresNamespace(QStringLiteral("elsewhere")));
    }

    void operatorVersionFromLabelElseImageTag()
    {
        QCOMPARE(probe(200, list({controller()}))->operatorVersion, QString()); // neither says
        QJsonObject tagged = controller();
        QJsonObject spec = tagged.value(QStringLiteral("spec")).toObject();
        QJsonObject podSpec = spec.value(QStringLiteral("template")).toObject().value(QStringLiteral("spec")).toObject();
        QJsonObject container = podSpec.value(QStringLiteral("containers")).toArray().at(0).toObject();
        container.insert(QStringLiteral("image"), QStringLiteral("registry.local:5000/kubeflow/spark-operator:2.1.1"));
        podSpec.insert(QStringLiteral("containers"), QJsonArray{container});
        spec.insert(QStringLiteral("template"), QJsonObject{{QStringLiteral("spec"), podSpec}});
        tagged.insert(QStringLiteral("spec"), spec);
        QCOMPARE(probe(200, list({tagged}))->operatorVersion, QStringLiteral("2.1.1"));
        QJsonObject labelled = tagged;
        QJsonObject meta = labelled.value(QStringLiteral("metadata")).toObject();
        meta.insert(QStringLiteral("labels"), QJsonObject{{QStringLiteral("app.kubernetes.io/version"), QStringLiteral("2.2.0")}});
        labelled.insert(QStringLiteral("metadata"), meta);
        QCOMPARE(probe(200, list({labelled}))->operatorVersion, QStringLiteral("2.2.0"));
        // A port in the registry's host is no tag.
        container.insert(QStringLiteral("image"), QStringLiteral("registry.local:5000/spark-operator"));
        podSpec.insert(QStringLiteral("containers"), QJsonArray{container});
        spec.insert(QStringLiteral("template"), QJsonObject{{QStringLiteral("spec"), podSpec}});
        tagged.insert(QStringLiteral("spec"), spec);
        QCOMPARE(probe(200, list({tagged}))->operatorVersion, QString());
    }

    void forbiddenWebhookLookupIsNotAWebhookThatIsOff()
    {
        const auto forbiddenWebhooks = envProblems(403, forbidden());
        QVERIFY(forbiddenWebhooks);
        QVERIFY(!warnsWebhookOff(*forbiddenWebhooks));
        const auto noWebhook = envProblems(200, list({}));
        QVERIFY(noWebhook);
        QVERIFY(warnsWebhookOff(*noWebhook));
    }
};

QTEST_MAIN(TestOperatorProbe)
#include "tst_operatorprobe.moc"
