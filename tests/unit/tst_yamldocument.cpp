// YamlDocument: strings stay strings, unknown fields survive, paths read and write, JSON for the API.

#include "sparkapplication.h"
#include "yamldocument.h"

#include <QJsonArray>
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
