// YamlDocument: strings stay strings, unknown fields survive, paths read and write, JSON for the API.

#include "sparkapplication.h"
#include "yamldocument.h"

#include <QJsonArray>
#include <QMap>
#include <QJsonDocument>
#include <QTest>

using model::ValueType;
using model::YamlDocument;
using model::YamlError;

namespace {
YamlDocument parseOrFail(const QString& text)
{
    YamlError error;
    auto doc = YamlDocument::parse(text, &error);
    if (!doc)
        qFatal("parse failed: %s", qPrintable(error.toString()));
    return *doc;
}
} // namespace

class TestYamlDocument : public QObject {
    Q_OBJECT
private slots:
    void stringsThatLookLikeOtherTypesAreQuoted_data()
    {
        QTest::addColumn<QString>("value");
        for (const char* v : {"5000", "3", "true", "false", "yes", "no", "on", "off", "y", "N", "null", "~", "1.5", "1e3",
                              "0x1F", "0o17", "017", ".inf", "-.inf", ".nan", "2024-01-31", "+12", " padded", "", "1_000"})
            QTest::newRow(v) << QString::fromLatin1(v);
    }

    void stringsThatLookLikeOtherTypesAreQuoted()
    {
        QFETCH(QString, value);
        YamlDocument doc;
        doc.setValue(QStringLiteral("spec.sparkConf"), ValueType::StringMap, QVariantMap{{QStringLiteral("k"), value}});
        doc.setValue(QStringLiteral("spec.arguments"), ValueType::StringList, QStringList{value});
        const QString yaml = doc.toYaml();
        // Read back through the JSON that would go to the API server: still strings, same text.
        const QJsonObject json = parseOrFail(yaml).toJson();
        const QJsonObject spec = json.value(QLatin1String("spec")).toObject();
        QCOMPARE(spec.value(QLatin1String("arguments")).toArray().at(0), QJsonValue(value));
        QCOMPARE(spec.value(QLatin1String("sparkConf")).toObject().value(QLatin1String("k")), QJsonValue(value));
    }

    void issueExamplesKeepTheirTypes()
    {
        YamlDocument doc;
        doc.setValue(QStringLiteral("spec.arguments"), ValueType::StringList, QStringList{QStringLiteral("5000")});
        doc.setValue(QStringLiteral("spec.pythonVersion"), ValueType::String, QStringLiteral("3"));
        doc.setValue(QStringLiteral("spec.sparkConf"), ValueType::StringMap,
                     QVariantMap{{QStringLiteral("spark.ui.enabled"), QStringLiteral("true")}});
        doc.setValue(QStringLiteral("spec.driver.cores"), ValueType::Integer, 2);
        doc.setValue(QStringLiteral("spec.driver.memory"), ValueType::String, QStringLiteral("512m"));
        doc.setValue(QStringLiteral("spec.suspend"), ValueType::Boolean, false);
        const QString yaml = doc.toYaml();
        QVERIFY2(yaml.contains(QStringLiteral("- \"5000\"")), qPrintable(yaml));
        QVERIFY2(yaml.contains(QStringLiteral("pythonVersion: \"3\"")), qPrintable(yaml));
        QVERIFY2(yaml.contains(QStringLiteral("spark.ui.enabled: \"true\"")), qPrintable(yaml));
        QVERIFY2(yaml.contains(QStringLiteral("cores: 2\n")), qPrintable(yaml));
        QVERIFY2(yaml.contains(QStringLiteral("memory: 512m\n")), qPrintable(yaml));
        QVERIFY2(yaml.contains(QStringLiteral("suspend: false\n")), qPrintable(yaml));
        const QJsonObject spec = doc.toJson().value(QLatin1String("spec")).toObject();
        QCOMPARE(spec.value(QLatin1String("driver")).toObject().value(QLatin1String("cores")), QJsonValue(2));
        QCOMPARE(spec.value(QLatin1String("suspend")), QJsonValue(false));
        QCOMPARE(spec.value(QLatin1String("pythonVersion")), QJsonValue(QStringLiteral("3")));
    }

    void quotedInputStaysQuotedAndPlainStaysPlain()
    {
        const QString in = QStringLiteral("spec:\n  arguments: ['5000', 42]\n  memoryOverheadFactor: \"0.2\"\n"
                                          "  coreLimit: 1200m\n  timeToLiveSeconds: 3600\n");
        const YamlDocument doc = parseOrFail(in);
        const QString out = doc.toYaml();
        QVERIFY2(out.contains(QStringLiteral("- \"5000\"\n")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("- 42\n")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("memoryOverheadFactor: \"0.2\"")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("coreLimit: 1200m")), qPrintable(out));
        const QJsonObject spec = doc.toJson().value(QLatin1String("spec")).toObject();
        QCOMPARE(spec.value(QLatin1String("timeToLiveSeconds")), QJsonValue(3600));
        QCOMPARE(spec.value(QLatin1String("arguments")).toArray().at(1), QJsonValue(42));
    }

    void unknownFieldsAndOrderSurviveEdits()
    {
        const QString in = QStringLiteral("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\n"
                                          "metadata:\n  name: a\nspec:\n  futureField:\n    nested: [1, two]\n"
                                          "  driver:\n    memory: 1g\n    sidecars:\n      - name: s\n        image: busybox\n");
        YamlDocument doc = parseOrFail(in);
        doc.setValue(QStringLiteral("spec.driver.memory"), ValueType::String, QStringLiteral("2g"));
        doc.setValue(QStringLiteral("spec.executor.instances"), ValueType::Integer, 3);
        const QString out = doc.toYaml();
        QVERIFY2(out.contains(QStringLiteral("futureField:\n    nested:\n      - 1\n      - two\n")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("memory: 2g\n    sidecars:\n")), qPrintable(out)); // position kept
        QVERIFY(out.indexOf(QStringLiteral("apiVersion")) < out.indexOf(QStringLiteral("kind")));
        QCOMPARE(doc.value(QStringLiteral("spec.executor.instances"), ValueType::Integer).toLongLong(), 3);
        QCOMPARE(doc.keysNotIn(QStringLiteral("spec"), {QStringLiteral("driver"), QStringLiteral("executor")}),
                 QStringList{QStringLiteral("futureField")});
        // Round trip is stable.
        QCOMPARE(parseOrFail(out).toYaml(), out);
    }

    void clearingAFieldRemovesEmptyParents()
    {
        YamlDocument doc = parseOrFail(QStringLiteral("spec:\n  restartPolicy:\n    type: Never\n  type: Scala\n"));
        doc.setValue(QStringLiteral("spec.restartPolicy.type"), ValueType::String, QString());
        QVERIFY(!doc.contains(QStringLiteral("spec.restartPolicy")));
        QVERIFY(doc.contains(QStringLiteral("spec.type")));
        doc.remove(QStringLiteral("spec.type"));
        QVERIFY(!doc.contains(QStringLiteral("spec")));
    }

    void syntaxErrorsHaveLineAndColumn()
    {
        YamlError error;
        QVERIFY(!YamlDocument::parse(QStringLiteral("metadata:\n  name: a\nspec:\n  arguments: [1, 2\n  type: Scala\n"), &error));
        QVERIFY2(error.line >= 4, qPrintable(error.toString()));
        QVERIFY(error.column >= 1);
        QVERIFY(!error.message.isEmpty());
        QVERIFY(!YamlDocument::parse(QStringLiteral("- a\n- b\n"), &error));
        QVERIFY(error.message.contains(QStringLiteral("map")));
        QVERIFY(!YamlDocument::parse(QString(), &error));
        QVERIFY(error.message.contains(QStringLiteral("empty")));
    }

    void presetsAreValid()
    {
        const QList<model::Preset> presets = model::presets();
        QVERIFY(presets.size() >= 3);
        for (const model::Preset& p : presets) {
            const YamlDocument doc = parseOrFail(p.yaml);
            QVERIFY2(model::validate(doc).isEmpty(), qPrintable(p.id));
            QVERIFY(!p.title.startsWith(QLatin1Char('#')));
            QCOMPARE(doc.text(QStringLiteral("kind")), QStringLiteral("SparkApplication"));
        }
    }

    void validationMessages()
    {
        YamlDocument doc = parseOrFail(model::presets().first().yaml);
        doc.setValue(QStringLiteral("metadata.name"), ValueType::String, QStringLiteral("Bad_Name"));
        doc.setValue(QStringLiteral("spec.driver.memory"), ValueType::String, QStringLiteral("lots"));
        doc.remove(QStringLiteral("spec.image"));
        QStringList paths;
        for (const auto& p : model::validate(doc))
            paths << p.path;
        QVERIFY(paths.contains(QStringLiteral("metadata.name")));
        QVERIFY(paths.contains(QStringLiteral("spec.driver.memory")));
        QVERIFY(paths.contains(QStringLiteral("spec.image")));
        QCOMPARE(paths.size(), 3);
    }

    void inlineSecretsMoveIntoASecret()
    {
        YamlDocument doc = parseOrFail(QStringLiteral(
            "kind: SparkApplication\nmetadata:\n  name: etl\nspec:\n"
            "  sparkConf:\n    spark.sql.shuffle.partitions: \"8\"\n    spark.mycompany.api.token: abc123\n"
            "    spark.hadoop.fs.s3a.aws.credentials.provider: org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider\n"
            "  hadoopConf:\n    fs.s3a.endpoint: http://minio:9000\n    fs.s3a.access.key: AKIA1\n    fs.s3a.secret.key: s3cr3t\n"
            "    fs.azure.account.key: ${env.AZ}\n"
            "  driver:\n    env:\n      - name: DB_PASSWORD\n        value: hunter2\n      - name: LANG\n        value: C.UTF-8\n"
            "  executor:\n    instances: 1\n"));
        const QList<model::InlineSecret> found = model::findInlineSecrets(doc);
        QStringList keys;
        for (const auto& s : found)
            keys << s.key;
        // The provider class and a ${env.X} reference are not credentials.
        QCOMPARE(keys, (QStringList{QStringLiteral("spark.mycompany.api.token"), QStringLiteral("fs.s3a.access.key"),
                                    QStringLiteral("fs.s3a.secret.key"), QStringLiteral("DB_PASSWORD")}));
        QMap<QString, QString> data;
        model::moveSecretsToSecret(doc, found, QStringLiteral("etl-credentials"), &data);
        QCOMPARE(data.value(QStringLiteral("aws-access-key-id")), QStringLiteral("AKIA1"));
        QCOMPARE(data.value(QStringLiteral("aws-secret-access-key")), QStringLiteral("s3cr3t"));
        QCOMPARE(data.value(QStringLiteral("db-password")), QStringLiteral("hunter2"));
        QCOMPARE(data.value(QStringLiteral("sparkdeck-spark-mycompany-api-token")), QStringLiteral("abc123"));
        QVERIFY(model::findInlineSecrets(doc).isEmpty());
        const QString yaml = doc.toYaml();
        QVERIFY2(!yaml.contains(QStringLiteral("s3cr3t")) && !yaml.contains(QStringLiteral("hunter2"))
                     && !yaml.contains(QStringLiteral("abc123")) && !yaml.contains(QStringLiteral("AKIA1")),
                 qPrintable(yaml));
        // S3A keys leave hadoopConf (S3A reads AWS_* from the environment); order of the rest is kept.
        QVERIFY2(yaml.contains(QStringLiteral("  hadoopConf:\n    fs.s3a.endpoint: http://minio:9000\n    fs.azure.account.key: ${env.AZ}\n")),
                 qPrintable(yaml));
        QVERIFY(yaml.contains(QStringLiteral("spark.mycompany.api.token: ${env:SPARKDECK_SPARK_MYCOMPANY_API_TOKEN}")));
        const QJsonObject spec = doc.toJson().value(QLatin1String("spec")).toObject();
        const QJsonArray driverEnv = spec.value(QLatin1String("driver")).toObject().value(QLatin1String("env")).toArray();
        const QJsonArray executorEnv = spec.value(QLatin1String("executor")).toObject().value(QLatin1String("env")).toArray();
        QCOMPARE(driverEnv.size(), 5);   // DB_PASSWORD, LANG, and three moved keys
        QCOMPARE(executorEnv.size(), 3); // the three conf keys (DB_PASSWORD was the driver's only)
        QCOMPARE(driverEnv.at(1).toObject().value(QLatin1String("value")).toString(), QStringLiteral("C.UTF-8"));
        const QJsonObject ref = driverEnv.at(0).toObject().value(QLatin1String("valueFrom")).toObject()
                                    .value(QLatin1String("secretKeyRef")).toObject();
        QCOMPARE(ref.value(QLatin1String("name")).toString(), QStringLiteral("etl-credentials"));
        QCOMPARE(ref.value(QLatin1String("key")).toString(), QStringLiteral("db-password"));
        QCOMPARE(spec.value(QLatin1String("executor")).toObject().value(QLatin1String("instances")).toInt(), 1);
    }

    void statusCausesMapToFields()
    {
        auto path = [](const QString& api, bool scheduled) {
            const model::FieldSpec* f = model::fieldForApiPath(api, scheduled);
            return f ? f->path : QString();
        };
        QCOMPARE(path(QStringLiteral("spec.arguments[0]"), false), QStringLiteral("spec.arguments"));
        QCOMPARE(path(QStringLiteral("spec.driver.env[2].valueFrom"), false), QStringLiteral("spec.driver.env"));
        QCOMPARE(path(QStringLiteral("spec.driver.gpu.quantity"), false), QStringLiteral("spec.driver.gpu.quantity"));
        QCOMPARE(path(QStringLiteral("spec.template.executor.cores"), true), QStringLiteral("spec.executor.cores"));
        QCOMPARE(path(QStringLiteral("spec.suspend"), true), QStringLiteral("schedule.suspend"));
        QCOMPARE(path(QStringLiteral("spec.suspend"), false), QStringLiteral("spec.suspend"));
        QCOMPARE(path(QStringLiteral("metadata.name"), false), QStringLiteral("metadata.name"));
        QCOMPARE(path(QStringLiteral("status.x"), false), QString());
    }

    void multiDocumentSplit()
    {
        const auto chunks = model::splitYamlDocuments(QStringLiteral("# header\n---\na: 1\n--- # second\nb: 2\n...\n---\n# only a comment\n"));
        QCOMPARE(chunks.size(), 2);
        QCOMPARE(chunks[0].text, QStringLiteral("a: 1\n"));
        QCOMPARE(chunks[0].firstLine, 3);
        QCOMPARE(chunks[1].text, QStringLiteral("b: 2\n"));
        QCOMPARE(chunks[1].firstLine, 5);
        QCOMPARE(model::splitYamlDocuments(QStringLiteral("a: 1\nb: [x, \"---\"]\n")).size(), 1);
        QCOMPARE(model::joinYamlDocuments({QStringLiteral("a: 1\n"), QStringLiteral("b: 2")}), QStringLiteral("a: 1\n---\nb: 2\n"));
    }

    void summaryOfLiveObject()
    {
        const QJsonObject obj = QJsonDocument::fromJson(R"({
          "metadata": {"name": "pi", "namespace": "default", "creationTimestamp": "2026-11-21T10:00:00Z"},
          "spec": {"type": "Scala"},
          "status": {"applicationState": {"state": "FAILED", "errorMessage": "driver failed"},
                     "driverInfo": {"podName": "pi-drv"}, "submissionAttempts": 2, "executionAttempts": 1,
                     "executorState": {"e1": "RUNNING", "e2": "COMPLETED"},
                     "lastSubmissionAttemptTime": "2026-11-21T10:00:05Z", "terminationTime": "2026-11-21T10:01:10Z"}})")
                                  .object();
        const auto s = model::ApplicationSummary::from(obj);
        QCOMPARE(s.state, QStringLiteral("FAILED"));
        QCOMPARE(s.errorMessage, QStringLiteral("driver failed"));
        QCOMPARE(s.driverPod, QStringLiteral("pi-drv"));
        QCOMPARE(s.executorsRunning, 1);
        QCOMPARE(s.executorsTotal, 2);
        QCOMPARE(s.started.msecsTo(s.finished), 65'000);
        QCOMPARE(model::humanDuration(65'000), QStringLiteral("1m 05s"));
        const auto fresh = model::ApplicationSummary::from(
            QJsonDocument::fromJson(R"({"metadata": {"name": "new"}})").object());
        QCOMPARE(fresh.driverPod, QStringLiteral("new-driver"));
        QCOMPARE(model::spark::stateLabel(fresh.state), QStringLiteral("NEW"));
        QCOMPARE(model::spark::applicationStates().size(), 14);
    }
};

QTEST_GUILESS_MAIN(TestYamlDocument)
#include "tst_yamldocument.moc"
