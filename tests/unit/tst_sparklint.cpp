// model::lint() and what it stands on: YamlDocument::position()/duplicateKeys(), the CRD schema
// checker (model::CrdSchema) and the operator's webhook rules (v2.5.2), without a cluster.
// tests/cli/tst_cli_lint_server checks the schema rules against a real API server.

#include "models/crdschema.h"
#include "models/sparklint.h"
#include "models/yamldocument.h"

#include <QJsonObject>
#include <QTest>

using model::LintFinding;
using model::YamlDocument;
using model::YamlPosition;

namespace {

const char* const kApp = R"(apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
metadata:
  name: spark-pi
  namespace: default
spec:
  type: Scala
  mode: cluster
  image: spark:4.0.2
  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar
  sparkVersion: 4.0.2
  driver:
    cores: 1
    memory: 512m
  executor:
    instances: 1
    memory: 512m
)";

// "LINE:COL rule message" of each finding.
QStringList brief(const QList<LintFinding>& findings)
{
    QStringList out;
    for (const LintFinding& f : findings)
        out << QStringLiteral("%1:%2 %3 %4 %5").arg(f.line).arg(f.column).arg(model::severityName(f.severity), f.rule, f.message);
    return out;
}

QList<LintFinding> lintApp(const QString& extraSpec, const model::LintOptions& options = {})
{
    return model::lint(QString::fromUtf8(kApp) + extraSpec, options);
}

} // namespace

class TestSparkLint : public QObject {
    Q_OBJECT
private slots:
    void positionsOfKeysAndValues()
    {
        const auto doc = YamlDocument::parse(QStringLiteral("a:\n  b: 1  # c\n  list:\n  - x\n  - {k: v, \"n.m\": [1, 2]}\n"
                                                           "  empty:\n  \"ü\": é\n  ö: ä\n"),
                                             nullptr);
        QVERIFY(doc);
        auto at = [&](const QStringList& path, bool key = false) {
            const YamlPosition p = doc->position(path, key).value_or(YamlPosition{});
            return QStringLiteral("%1:%2").arg(p.line).arg(p.column);
        };
        QCOMPARE(at({"a", "b"}), QStringLiteral("2:6"));
        QCOMPARE(at({"a", "b"}, true), QStringLiteral("2:3"));
        QCOMPARE(at({"a", "list", "[0]"}), QStringLiteral("4:5"));
        QCOMPARE(at({"a", "list", "[1]", "k"}), QStringLiteral("5:9"));
        QCOMPARE(at({"a", "list", "[1]", "n.m"}, true), QStringLiteral("5:12")); // a key with dots is one segment
        QCOMPARE(at({"a", "list", "[1]", "n.m", "[1]"}), QStringLiteral("5:23"));
        QCOMPARE(at({"a", "empty"}), QStringLiteral("6:3")); // no value: at its key
        QCOMPARE(at({"a", "ö"}), QStringLiteral("8:6"));    // columns count characters, not bytes
        QCOMPARE(at({}), QStringLiteral("1:1"));
        QVERIFY(!doc->position({"a", "missing"}));
        QVERIFY(!doc->position({"a", "list", "[7]"}));
        QVERIFY(!doc->position({"a", "b", "c"}));
    }

    void duplicateKeysAreTheRepeats()
    {
        const auto doc = YamlDocument::parse(QStringLiteral("a: 1\nb:\n  - {x: 1, x: 2}\na: 3\n"), nullptr);
        QVERIFY(doc);
        const auto dups = doc->duplicateKeys();
        QCOMPARE(dups.size(), 2);
        QCOMPARE(dups.at(0).first, (QStringList{"b", "[0]", "x"}));
        QVERIFY(dups.at(0).second == (YamlPosition{3, 12}));
        QCOMPARE(dups.at(1).first, QStringList{"a"});
        QVERIFY(dups.at(1).second == (YamlPosition{4, 1}));
    }

    void schemaOfBothKinds()
    {
        const model::CrdSchema* app = model::CrdSchema::forKind(QStringLiteral("SparkApplication"));
        const model::CrdSchema* scheduled = model::CrdSchema::forKind(QStringLiteral("ScheduledSparkApplication"));
        QVERIFY(app && scheduled);
        QVERIFY(!model::CrdSchema::forKind(QStringLiteral("ConfigMap")));
        QCOMPARE(app->apiVersion(), QStringLiteral("sparkoperator.k8s.io/v1beta2"));
        QVERIFY(app->source().contains(QLatin1String("spark-operator/v2@v2.5.2")));
        // Pod templates keep unknown fields; an object where a string belongs is pruned key by key.
        const QJsonObject object{{"apiVersion", "sparkoperator.k8s.io/v1beta2"}, {"kind", "SparkApplication"},
                                 {"metadata", QJsonObject{{"name", "x"}}},
                                 {"spec", QJsonObject{{"type", "Scala"}, {"sparkVersion", "4.0.2"}, {"mainApplicationFile", "f"},
                                                      {"image", QJsonObject{{"a", 1}}},
                                                      {"driver", QJsonObject{{"template", QJsonObject{{"anything", 1}}}}},
                                                      {"executor", QJsonObject{{"instances", 1.5}}}}}};
        QStringList messages;
        for (const model::SchemaViolation& v : app->check(object))
            messages << v.message;
        messages.sort();
        QCOMPARE(messages, (QStringList{"spec.executor.instances in body must be of type integer: \"number\"",
                                        "spec.image in body must be of type string: \"object\"",
                                        "unknown field \"spec.image.a\""}));
        QCOMPARE(model::fieldPath({"spec", "volumes", "[0]", "name"}), QStringLiteral("spec.volumes[0].name"));
    }

    void cleanApplicationHasNoFindings()
    {
        QCOMPARE(brief(lintApp({})), QStringList());
    }

    // internal/webhook/sparkapplication_validator.go v2.5.2, validateSparkVersion: a pod template
    // needs Spark 3.0.0 or later, compared with golang.org/x/mod/semver ("v" put in front).
    void podTemplateNeedsSpark3_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<bool>("refused");
        QTest::newRow("2.4.8") << "2.4.8" << true;
        QTest::newRow("3.0.0-rc1") << "3.0.0-rc1" << true;
        QTest::newRow("3.0.0") << "3.0.0" << false;
        QTest::newRow("3") << "3" << false;
        QTest::newRow("3.5") << "3.5" << false;
        QTest::newRow("v4.0.2") << "v4.0.2" << false;
        QTest::newRow("latest") << "latest" << true; // not a version: below every version
        QTest::newRow("03.5.0") << "03.5.0" << true;  // a leading zero is not semver
    }

    void podTemplateNeedsSpark3()
    {
        QFETCH(QString, version);
        QFETCH(bool, refused);
        QString text = QString::fromUtf8(kApp).replace(QStringLiteral("sparkVersion: 4.0.2"), QStringLiteral("sparkVersion: \"%1\"").arg(version));
        text += QStringLiteral("    template:\n      metadata: {labels: {a: b}}\n");
        const QStringList found = brief(model::lint(text));
        if (refused)
            QCOMPARE(found, QStringList{"11:17 error webhook pod template feature requires Spark version 3.0.0 or higher"});
        else
            QCOMPARE(found, QStringList());
    }

    void driverIngressOptions()
    {
        const QString twice = QStringLiteral("  driverIngressOptions:\n"
                                             "  - {servicePort: 4040, servicePortName: ui, ingressURLFormat: \"{{$appName}}.x\"}\n"
                                             "  - {servicePort: 4040, servicePortName: ui2, ingressURLFormat: \"{{$appName}}.y\"}\n");
        QCOMPARE(brief(lintApp(twice)), QStringList{"20:19 error webhook DriverIngressOptions has duplicate ServicePort: 4040"});
        const QString noFormat = QStringLiteral("  driverIngressOptions:\n  - servicePort: 4040\n    servicePortName: ui\n");
        QCOMPARE(brief(lintApp(noFormat)), QStringList{"19:5 error webhook DriverIngressOptions has empty IngressURLFormat"});
        const QString sameFormat = QStringLiteral("  driverIngressOptions:\n"
                                                  "  - {servicePort: 4040, servicePortName: ui, ingressURLFormat: a}\n"
                                                  "  - {servicePort: 4041, servicePortName: ui2, ingressURLFormat: a}\n");
        QCOMPARE(brief(lintApp(sameFormat)), QStringList{"20:65 error webhook DriverIngressOptions has duplicate IngressURLFormat: a"});
        // No servicePort: the CRD's required rule says so, the webhook's complaint is not repeated.
        const QString noPort = QStringLiteral("  driverIngressOptions:\n  - servicePortName: ui\n    ingressURLFormat: a\n");
        QCOMPARE(brief(lintApp(noPort)), QStringList{"19:5 error required spec.driverIngressOptions[0].servicePort: Required value"});
    }

    // sparkconf_validator.go: every denied key, also in a schedule's template; the name rule
    // reported once (by the webhook, not again by the form).
    void deniedSparkConfKeysAndNames()
    {
        const QString scheduled = QStringLiteral(
            "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: ScheduledSparkApplication\nmetadata:\n  name: Nightly_Pi\n"
            "spec:\n  schedule: \"@daily\"\n  template:\n    type: Scala\n    sparkVersion: 4.0.2\n"
            "    image: spark:4.0.2\n    mainApplicationFile: local:///x.jar\n    driver: {cores: 1}\n    executor: {instances: 1}\n    sparkConf:\n"
            "      spark.kubernetes.container.image: spark:4\n      spark.kubernetes.authenticate.driver.oauthToken: abc\n");
        const QStringList found = brief(model::lint(scheduled));
        QVERIFY2(found.size() == 4, qPrintable(found.join(QLatin1Char('\n'))));
        QVERIFY2(found.at(0).startsWith(QLatin1String("4:9 error webhook invalid ScheduledSparkApplication name \"Nightly_Pi\": "
                                                      "a DNS-1035 label must consist of lower case")),
                 qPrintable(found.join('\n')));
        QCOMPARE(found.at(1), QStringLiteral("15:7 error webhook sparkConf key \"spark.kubernetes.container.image\" is not allowed: "
                                             "use the image field on the CRD instead"));
        QCOMPARE(found.at(2), QStringLiteral("16:7 error webhook sparkConf key \"spark.kubernetes.authenticate.driver.oauthToken\" is "
                                             "not allowed: authentication credentials are managed by the operator"));
        QVERIFY2(found.at(3).startsWith(QLatin1String("16:7 warning inline-credential spark.kubernetes.authenticate.driver.oauthToken "
                                                      "looks like a credential typed inline")),
                 qPrintable(found.join('\n')));
    }

    void kindsAndVersions()
    {
        QCOMPARE(brief(model::lint(QString::fromUtf8(kApp).replace(QStringLiteral("v1beta2"), QStringLiteral("v1beta1")))),
                 QStringList{"1:13 error apiVersion no matches for kind \"SparkApplication\" in version \"sparkoperator.k8s.io/v1beta1\": "
                             "operator v2.5.2 serves sparkoperator.k8s.io/v1beta2"});
        QCOMPARE(brief(model::lint(QStringLiteral("apiVersion: v1\nmetadata: {name: x}\n"))), QStringList{"1:1 error kind kind is not set"});
        QCOMPARE(brief(model::lint(QStringLiteral("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: X_Y}\nnonsense: 1\n"))), QStringList());
        QCOMPARE(brief(model::lint(QString())), QStringList{"1:1 error yaml the file holds no YAML document"});
        QCOMPARE(brief(model::lint(QStringLiteral("- a\n- b\n"))),
                 QStringList{"1:1 error yaml the top level must be a map (apiVersion, kind, metadata, spec)"});
    }

    // Each document of a file is checked on its own, at its lines in the file, with its index.
    void documentsOfAFile()
    {
        const QString text = QStringLiteral("kind: ConfigMap\napiVersion: v1\n---\n") + QString::fromUtf8(kApp)
                             + QStringLiteral("---\n# broken\nkind: [\n");
        const QList<LintFinding> found = model::lint(text);
        QCOMPARE(brief(found), QStringList{"23:7 error yaml this '[' is never closed; add the matching ']'"});
        QCOMPARE(found.at(0).document, 2);
        const QList<LintFinding> second = model::lint(QStringLiteral("kind: ConfigMap\napiVersion: v1\n---\n")
                                                      + QString::fromUtf8(kApp).replace(QStringLiteral("mode: cluster"), QStringLiteral("mode: x")));
        QCOMPARE(brief(second), QStringList{"11:9 error enum spec.mode: Unsupported value: \"x\": supported values: \"cluster\", \"client\""});
        QCOMPARE(second.at(0).document, 1);
        QCOMPARE(second.at(0).path, QStringLiteral("spec.mode"));
    }

    // The form's rules where the schema has nothing to say, and not twice where it has.
    void formRulesAtTheirFields()
    {
        QCOMPARE(brief(lintApp(QStringLiteral("  dynamicAllocation:\n    enabled: true\n    minExecutors: 5\n    maxExecutors: 2\n"))),
                 QStringList{"21:19 error form Max executors (2) is below min executors (5)."});
        QCOMPARE(brief(model::lint(QString::fromUtf8(kApp).replace(QStringLiteral("cores: 1"), QStringLiteral("cores: \"1\"")))),
                 QStringList{"13:12 error type spec.driver.cores in body must be of type integer: \"string\""});
        QCOMPARE(brief(model::lint(QString::fromUtf8(kApp).remove(QStringLiteral("  type: Scala\n")))),
                 QStringList{"6:1 error required spec.type: Required value"});
    }
};

QTEST_GUILESS_MAIN(TestSparkLint)
#include "tst_sparklint.moc"
