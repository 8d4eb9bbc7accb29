// The outcomes of sparkapi.h and operatorprobe.h requests against a scripted API server: every one
// is a kube::Status / kube::Result, delivered after the call returned; a failed submit keeps the
// server's warnings.

#include "app/kube/informer.h"
#include "app/kube/operatorprobe.h"
#include "app/kube/sparkapi.h"
#include "tests/support/scriptedserver.h"

#include <QJsonDocument>
#include <QTest>

#include <optional>

namespace {
const QByteArray kInvalid = R"({"kind":"Status","apiVersion":"v1","status":"Failure","message":"spec.arguments[0]: Invalid value","reason":"Invalid","details":{"causes":[{"field":"spec.arguments[0]","reason":"FieldValueTypeInvalid","message":"Invalid value"}]},"code":422})";

QJsonObject application()
{
    return QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("sparkoperator.k8s.io/v1beta2")},
                       {QStringLiteral("kind"), QStringLiteral("SparkApplication")},
                       {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("pi")},
                                                                {QStringLiteral("namespace"), QStringLiteral("default")}}}};
}
} // namespace

class TestSparkApi : public QObject {
    Q_OBJECT
private slots:
    void failedDryRunKeepsItsWarnings()
    {
        ScriptedServer server([](const ScriptedServer::Request&, ScriptedServer::Exchange* x) {
            x->reply(422, kInvalid, "application/json", {"Warning: 299 - \"unknown field spec.executorr\""});
        });
        kube::KubeClient client(connectionTo(server));
        std::optional<kube::SubmitResult> result;
        kube::submitSparkApplication(&client, application(), false, this, [&](const kube::SubmitResult& r) { result = r; });
        QVERIFY(!result.has_value()); // not before the call returned
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000);
        QCOMPARE(result->stage, kube::SubmitResult::Stage::DryRun);
        QVERIFY(!result->status.ok());
        QCOMPARE(result->status.error().httpStatus, 422);
        QCOMPARE(result->status.error().causes.size(), 1);
        QCOMPARE(result->warnings, QStringList{QStringLiteral("unknown field spec.executorr")});
        QCOMPARE(server.requests().size(), 1); // nothing created
    }

    void createdCollectsWarningsOfBothRequests()
    {
        ScriptedServer server([](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            const bool dryRun = r.query.hasQueryItem(QStringLiteral("dryRun"));
            x->reply(201, QJsonDocument(application()).toJson(QJsonDocument::Compact), "application/json",
                     {dryRun ? QByteArray("Warning: 299 - \"dry\"") : QByteArray("Warning: 299 - \"real\"")});
        });
        kube::KubeClient client(connectionTo(server));
        std::optional<kube::SubmitResult> result;
        kube::submitSparkApplication(&client, application(), false, this, [&](const kube::SubmitResult& r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000);
        QVERIFY2(result->status.ok(), qPrintable(result->status.error().details()));
        QCOMPARE(result->stage, kube::SubmitResult::Stage::Create);
        QCOMPARE(result->warnings, (QStringList{QStringLiteral("dry"), QStringLiteral("real")}));
        QCOMPARE(result->object.value(QLatin1String("kind")).toString(), QStringLiteral("SparkApplication"));
    }

    void deleteAndPatchGiveAStatus()
    {
        ScriptedServer server([](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (r.method == "DELETE")
                x->reply(200, R"({"kind":"Status","status":"Success"})");
            else
                x->reply(404, "404 page not found", "text/plain"); // the CRD is not installed
        });
        kube::KubeClient client(connectionTo(server));
        std::optional<kube::Status> deleted, patched;
        const QString path = kube::ResourceKind::sparkApplications().objectPath(QStringLiteral("default"), QStringLiteral("pi"));
        kube::deleteObject(&client, path, this, [&](const kube::Status& s) { deleted = s; });
        kube::mergePatch(&client, path, QJsonObject{{QStringLiteral("spec"), QJsonObject{}}}, this,
                         [&](const kube::Status& s) { patched = s; });
        QVERIFY(!deleted.has_value() && !patched.has_value());
        QTRY_VERIFY_WITH_TIMEOUT(deleted.has_value() && patched.has_value(), 10000);
        QVERIFY2(deleted->ok(), qPrintable(deleted->error().details()));
        QVERIFY(!patched->ok());
        QCOMPARE(patched->error().reason, QStringLiteral("CRDNotInstalled"));
    }

    // Nothing answers: the probe is an error (nothing is known), not a set of unknown facts.
    void probeOfAnUnreachableClusterFails()
    {
        quint16 port = 0;
        {
            ScriptedServer gone([](const ScriptedServer::Request&, ScriptedServer::Exchange*) {});
            port = gone.port();
        }
        kube::ClusterConnection c;
        c.server = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        kube::KubeClient client(c);
        std::optional<kube::Result<kube::OperatorFacts>> facts;
        kube::probeOperator(&client, QStringLiteral("default"), QStringLiteral("spark"), this,
                            [&](const kube::Result<kube::OperatorFacts>& r) { facts = r; });
        QTRY_VERIFY_WITH_TIMEOUT(facts.has_value(), 20000);
        QVERIFY(!facts->ok());
        QCOMPARE(facts->error().kind, kube::KubeError::Kind::Network);
    }

    // Answers, even refusals, make facts: a forbidden lookup leaves its fact unknown.
    void probeWithForbiddenLookupsGivesFacts()
    {
        ScriptedServer server([](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (r.path == QLatin1String("/api/v1/namespaces/default"))
                x->reply(200, R"({"kind":"Namespace","metadata":{"name":"default"}})");
            else
                x->reply(403, R"({"kind":"Status","status":"Failure","reason":"Forbidden","code":403})");
        });
        kube::KubeClient client(connectionTo(server));
        std::optional<kube::Result<kube::OperatorFacts>> facts;
        kube::probeOperator(&client, QStringLiteral("default"), QStringLiteral("spark"), this,
                            [&](const kube::Result<kube::OperatorFacts>& r) { facts = r; });
        QTRY_VERIFY_WITH_TIMEOUT(facts.has_value(), 10000);
        QVERIFY2(facts->ok(), qPrintable(facts->error().details()));
        QVERIFY((*facts)->namespaceChecked && (*facts)->namespaceExists);
        QVERIFY(!(*facts)->serviceAccountChecked);
        QCOMPARE((*facts)->operatorPresence, kube::OperatorPresence::Unknown); // forbidden: not "no operator"
        QVERIFY(!(*facts)->webhookChecked);
    }

private:
    static kube::ClusterConnection connectionTo(const ScriptedServer& server)
    {
        kube::ClusterConnection c;
        c.server = QUrl(server.url());
        return c;
    }
};

QTEST_GUILESS_MAIN(TestSparkApi)
#include "tst_sparkapi.moc"
