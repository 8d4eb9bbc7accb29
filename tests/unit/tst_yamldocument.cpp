// YamlDocument: strings stay strings, unknown fields survive, paths read and write, JSON for the API.

#include "models/sparkapplication.h"
#include "models/yamldocument.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
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

QString presetYaml(const QString& id)
{
    for (const model::Preset& p : model::presets())
        if (p.id == id)
            return p.yaml;
    return {};
}

// The lines that differ between `before` and `after` once the common first and last lines are
// taken away: {removed lines, added lines}.
QPair<QStringList, QStringList> changedLines(const QString& before, const QString& after)
{
    QStringList a = before.split(QLatin1Char('\n'));
    QStringList b = after.split(QLatin1Char('\n'));
    while (!a.isEmpty() && !b.isEmpty() && a.first() == b.first()) {
        a.removeFirst();
        b.removeFirst();
    }
    while (!a.isEmpty() && !b.isEmpty() && a.last() == b.last()) {
        a.removeLast();
        b.removeLast();
    }
    return {a, b};
}

QStringList commentLines(const QString& text)
{
    QStringList out;
    for (const QString& line : text.split(QLatin1Char('\n')))
        if (line.contains(QLatin1Char('#')))
            out << line;
    return out;
}

// A test failure message with the text that was checked.
#define DIFF_IS(before, after, removed, added)                                                                          \
    do {                                                                                                               \
        const auto d = changedLines(before, after);                                                                    \
        QVERIFY2(d.first == QStringList(removed) && d.second == QStringList(added),                                    \
                 qPrintable(QStringLiteral("removed:\n%1\nadded:\n%2").arg(d.first.join(QLatin1Char('\n')),          \
                                                                          d.second.join(QLatin1Char('\n')))));        \
    } while (false)
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

    void numberLikeExamplesKeepTheirTypes()
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

    // What kubectl (go-yaml v2 through sigs.k8s.io/yaml) sends for merge keys, keys that are not
    // strings and numbers at the edges (tst_oracles' scalarJson checks the same against kubectl).
    void jsonAsKubectlSendsIt()
    {
        const QJsonObject spec = parseOrFail(QStringLiteral(
            "spec:\n  base: &base\n    a: 1\n    b: two\n  merged:\n    b: before\n    <<: *base\n    c: after\n"
            "  other: &other\n    b: other\n    d: 4\n  list:\n    <<: [*base, *other]\n  quoted:\n    \"<<\": *base\n"
            "  keys:\n    010: octal\n    true: bool\n    1e7: big\n    0.1: tenth\n    '010': text\n"
            "  values: [0X1F, 0O10, 0B11, 1e-400, -1e-400, 1e400, 0x]\n")).toJson().value(QLatin1String("spec")).toObject();
        const auto json = [](const char* text) { return QJsonDocument::fromJson(text).object(); };
        // The merge sets its keys where it stands (overwriting "b: before"); in a list the first map wins.
        QCOMPARE(spec.value(QLatin1String("merged")).toObject(), json(R"({"a": 1, "b": "two", "c": "after"})"));
        QCOMPARE(spec.value(QLatin1String("list")).toObject(), json(R"({"a": 1, "b": "two", "d": 4})"));
        QCOMPARE(spec.value(QLatin1String("quoted")).toObject(), json(R"({"<<": {"a": 1, "b": "two"}})"));
        QCOMPARE(spec.value(QLatin1String("keys")).toObject(),
                 json(R"({"8": "octal", "true": "bool", "1e+07": "big", "0.1": "tenth", "010": "text"})"));
        const QJsonArray values = spec.value(QLatin1String("values")).toArray();
        QCOMPARE(values, QJsonDocument::fromJson(R"([31, 8, 3, 0, 0, "1e400", "0x"])").array());
    }

    void quotedInputStaysQuotedAndPlainStaysPlain()
    {
        const QString in = QStringLiteral("spec:\n  arguments: ['5000', 42]\n  memoryOverheadFactor: \"0.2\"\n"
                                          "  coreLimit: 1200m\n  timeToLiveSeconds: 3600\n");
        YamlDocument doc = parseOrFail(in);
        QCOMPARE(doc.toYaml(), in); // written as it was given
        const QString out = doc.canonicalYaml();
        QVERIFY2(out.contains(QStringLiteral("- \"5000\"\n")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("- 42\n")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("memoryOverheadFactor: \"0.2\"")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("coreLimit: 1200m")), qPrintable(out));
        const QJsonObject spec = doc.toJson().value(QLatin1String("spec")).toObject();
        QCOMPARE(spec.value(QLatin1String("timeToLiveSeconds")), QJsonValue(3600));
        QCOMPARE(spec.value(QLatin1String("arguments")).toArray().at(1), QJsonValue(42));
        // A changed list keeps its flow style; strings that look like numbers are quoted.
        doc.setValue(QStringLiteral("spec.arguments"), ValueType::StringList, QStringList{QStringLiteral("5000"), QStringLiteral("43")});
        QVERIFY2(doc.toYaml().contains(QStringLiteral("  arguments: [\"5000\", \"43\"]\n")), qPrintable(doc.toYaml()));
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
        QVERIFY2(out.contains(QStringLiteral("futureField:\n    nested: [1, two]\n")), qPrintable(out)); // as written
        QVERIFY2(out.contains(QStringLiteral("memory: 2g\n    sidecars:\n")), qPrintable(out)); // position kept
        QVERIFY2(out.endsWith(QStringLiteral("        image: busybox\n  executor:\n    instances: 3\n")), qPrintable(out));
        QVERIFY(out.indexOf(QStringLiteral("apiVersion")) < out.indexOf(QStringLiteral("kind")));
        QCOMPARE(doc.value(QStringLiteral("spec.executor.instances"), ValueType::Integer).toLongLong(), 3);
        QCOMPARE(doc.keysNotIn(QStringLiteral("spec"), {QStringLiteral("driver"), QStringLiteral("executor")}),
                 QStringList{QStringLiteral("futureField")});
        // Round trip is stable.
        QCOMPARE(parseOrFail(out).toYaml(), out);
    }

    void commentsSurviveEveryKindOfFormEdit()
    {
        // The S3/MinIO template explains in comments how to create its Secret.
        const QString original = presetYaml(QStringLiteral("pyspark-s3-minio"));
        QVERIFY(original.contains(QStringLiteral("kubectl create secret generic minio-credentials")));
        YamlDocument doc = parseOrFail(original);
        QCOMPARE(doc.toYaml(), original);
        QString before = doc.toYaml();

        // A scalar: only its line changes.
        doc.setValue(QStringLiteral("spec.driver.memory"), ValueType::String, QStringLiteral("2g"));
        DIFF_IS(before, doc.toYaml(), {QStringLiteral("    memory: 1g")}, {QStringLiteral("    memory: 2g")});
        before = doc.toYaml();
        doc.setValue(QStringLiteral("spec.pythonVersion"), ValueType::String, QStringLiteral("3"));
        QCOMPARE(doc.toYaml(), before); // the same value: nothing changes
        doc.setValue(QStringLiteral("spec.executor.instances"), ValueType::Integer, 5);
        DIFF_IS(before, doc.toYaml(), {QStringLiteral("    instances: 2")}, {QStringLiteral("    instances: 5")});
        before = doc.toYaml();

        // A list: one item changes, one is added after the others.
        doc.setValue(QStringLiteral("spec.arguments"), ValueType::StringList,
                     QStringList{QStringLiteral("s3a://datalake/raw/events/"), QStringLiteral("s3a://datalake/curated/v2/"),
                                 QStringLiteral("5000")});
        DIFF_IS(before, doc.toYaml(), {QStringLiteral("    - s3a://datalake/curated/daily_event_counts/")},
                (QStringList{QStringLiteral("    - s3a://datalake/curated/v2/"), QStringLiteral("    - \"5000\"")}));
        before = doc.toYaml();

        // A map: a value changes and an entry is added; the comment inside the map stays.
        model::StringPairs conf{{QStringLiteral("spark.jars.ivy"), QStringLiteral("/tmp/ivy")},
                                {QStringLiteral("spark.hadoop.fs.s3a.aws.credentials.provider"),
                                 QStringLiteral("com.amazonaws.auth.EnvironmentVariableCredentialsProvider")}};
        doc.setValue(QStringLiteral("spec.sparkConf"), ValueType::StringMap, QVariant::fromValue(conf));
        DIFF_IS(before, doc.toYaml(), {QStringLiteral("    spark.jars.ivy: /tmp/.ivy2")}, {QStringLiteral("    spark.jars.ivy: /tmp/ivy")});
        before = doc.toYaml();
        conf.append({QStringLiteral("spark.sql.shuffle.partitions"), QStringLiteral("8")});
        doc.setValue(QStringLiteral("spec.sparkConf"), ValueType::StringMap, QVariant::fromValue(conf));
        DIFF_IS(before, doc.toYaml(), {}, {QStringLiteral("    spark.sql.shuffle.partitions: \"8\"")});
        QVERIFY2(doc.toYaml().contains(QStringLiteral("EnvironmentVariableCredentialsProvider\n    spark.sql.shuffle.partitions: \"8\"\n  hadoopConf:")),
                 qPrintable(doc.toYaml()));
        before = doc.toYaml();

        // A nested field whose parent map does not exist yet: inserted after the driver's other keys.
        doc.setValue(QStringLiteral("spec.driver.gpu.name"), ValueType::String, QStringLiteral("nvidia.com/gpu"));
        DIFF_IS(before, doc.toYaml(), {}, (QStringList{QStringLiteral("    gpu:"), QStringLiteral("      name: nvidia.com/gpu")}));
        QVERIFY(doc.toYaml().contains(QStringLiteral("            key: AWS_SECRET_ACCESS_KEY\n    gpu:\n      name: nvidia.com/gpu\n  executor:")));
        before = doc.toYaml();

        // A subtree edited as YAML text (driver env): only the line typed differently changes.
        QString env = doc.yaml(QStringLiteral("spec.driver.env"));
        QVERIFY2(env.startsWith(QStringLiteral("- name: AWS_ACCESS_KEY_ID\n  valueFrom:\n")), qPrintable(env));
        env.replace(QStringLiteral("name: minio-credentials\n      key: AWS_ACCESS_KEY_ID"), QStringLiteral("name: s3-keys\n      key: AWS_ACCESS_KEY_ID"));
        YamlError error;
        QVERIFY(doc.setYaml(QStringLiteral("spec.driver.env"), env, &error));
        DIFF_IS(before, doc.toYaml(), {QStringLiteral("            name: minio-credentials")}, {QStringLiteral("            name: s3-keys")});

        // Every comment of the template is still there, in order.
        QCOMPARE(commentLines(doc.toYaml()), commentLines(original));
        // And it means what the form says.
        QCOMPARE(doc.value(QStringLiteral("spec.driver.memory"), ValueType::String).toString(), QStringLiteral("2g"));
        QCOMPARE(doc.toJson().value(QLatin1String("spec")).toObject().value(QLatin1String("arguments")).toArray().at(2),
                 QJsonValue(QStringLiteral("5000")));
    }

    void clearingAndRetypingKeepsTheKeyInPlace()
    {
        const QString original = presetYaml(QStringLiteral("pyspark-s3-minio"));
        YamlDocument doc = parseOrFail(original);
        // Clearing removes exactly the key's line.
        doc.setValue(QStringLiteral("spec.driver.memory"), ValueType::String, QString());
        DIFF_IS(original, doc.toYaml(), {QStringLiteral("    memory: 1g")}, {});
        // Typing a value again puts it back where it was.
        doc.setValue(QStringLiteral("spec.driver.memory"), ValueType::String, QStringLiteral("3"));
        DIFF_IS(original, doc.toYaml(), {QStringLiteral("    memory: 1g")}, {QStringLiteral("    memory: \"3\"")});
        doc.setValue(QStringLiteral("spec.driver.memory"), ValueType::String, QStringLiteral("1g"));
        QCOMPARE(doc.toYaml(), original);

        // A key whose map goes with it (deps holds only packages) comes back with the map and the
        // comment inside it.
        doc.setValue(QStringLiteral("spec.deps.packages"), ValueType::StringList, QStringList{});
        QVERIFY(!doc.contains(QStringLiteral("spec.deps")));
        QVERIFY(!doc.toYaml().contains(QStringLiteral("hadoop-aws must match")));
        QCOMPARE(commentLines(doc.toYaml()).size(), commentLines(original).size() - 1);
        doc.setValue(QStringLiteral("spec.deps.packages"), ValueType::StringList, QStringList{QStringLiteral("org.apache.hadoop:hadoop-aws:3.3.4")});
        QCOMPARE(doc.toYaml(), original);

        // remove() too; the first key of a map, below a comment, goes back under the same comment.
        doc.remove(QStringLiteral("metadata.name"));
        doc.setValue(QStringLiteral("metadata.name"), ValueType::String, QStringLiteral("other"));
        DIFF_IS(original, doc.toYaml(), {QStringLiteral("  name: pyspark-s3-minio")}, {QStringLiteral("  name: other")});
        doc.removeEntry(QStringLiteral("spec.sparkConf"), QStringLiteral("spark.jars.ivy"));
        QVERIFY(doc.toYaml().contains(QStringLiteral("resolve packages in /tmp.\n    spark.hadoop.fs.s3a")));
        doc.setEntry(QStringLiteral("spec.sparkConf"), QStringLiteral("spark.jars.ivy"), QStringLiteral("/tmp/.ivy2"));
        DIFF_IS(original, doc.toYaml(), {QStringLiteral("  name: pyspark-s3-minio")}, {QStringLiteral("  name: other")});
        // A map entry removed through the whole map is not remembered: set by key, it goes after its siblings.
        doc.setValue(QStringLiteral("spec.sparkConf"), ValueType::StringMap,
                     QVariant::fromValue(model::StringPairs{{QStringLiteral("spark.hadoop.fs.s3a.aws.credentials.provider"),
                                                             QStringLiteral("com.amazonaws.auth.EnvironmentVariableCredentialsProvider")}}));
        QVERIFY(!doc.toYaml().contains(QStringLiteral("spark.jars.ivy")));
        doc.setEntry(QStringLiteral("spec.sparkConf"), QStringLiteral("spark.jars.ivy"), QStringLiteral("/tmp/.ivy2"));
        QVERIFY2(doc.toYaml().contains(QStringLiteral("resolve packages in /tmp.\n    spark.hadoop.fs.s3a.aws.credentials.provider")),
                 qPrintable(doc.toYaml())); // a map entry set by key goes after its siblings
    }

    void flowStyleStaysFlow()
    {
        const QString in = QStringLiteral("apiVersion: sparkoperator.k8s.io/v1beta2   # the API\nkind: SparkApplication\n"
                                          "metadata: {name: words, labels: {team: search}}  # one line\n"
                                          "spec:\n  arguments: [/opt/README.md]   # a flow list\n"
                                          "  sparkConf: {spark.ui.showConsoleProgress: \"false\"}\n  driver:\n    cores: 1\n");
        YamlDocument doc = parseOrFail(in);
        doc.setValue(QStringLiteral("metadata.name"), ValueType::String, QStringLiteral("counts"));
        doc.setValue(QStringLiteral("metadata.labels"), ValueType::StringMap,
                     QVariant::fromValue(model::StringPairs{{QStringLiteral("team"), QStringLiteral("search")},
                                                            {QStringLiteral("tier"), QStringLiteral("2")}}));
        doc.setValue(QStringLiteral("spec.arguments"), ValueType::StringList, QStringList{QStringLiteral("a, b"), QStringLiteral("c")});
        doc.setEntry(QStringLiteral("spec.sparkConf"), QStringLiteral("spark.speculation"), QStringLiteral("true"));
        doc.setValue(QStringLiteral("spec.driver.cores"), ValueType::Integer, 2);
        const QString want = QStringLiteral("apiVersion: sparkoperator.k8s.io/v1beta2   # the API\nkind: SparkApplication\n"
                                            "metadata: {name: counts, labels: {team: search, tier: \"2\"}}  # one line\n"
                                            "spec:\n  arguments: [\"a, b\", c]   # a flow list\n"
                                            "  sparkConf: {spark.ui.showConsoleProgress: \"false\", spark.speculation: \"true\"}\n"
                                            "  driver:\n    cores: 2\n");
        QCOMPARE(doc.toYaml(), want);
        // Clearing the last key of a flow map removes the map's line.
        doc.setValue(QStringLiteral("spec.sparkConf"), ValueType::StringMap, QVariant());
        QVERIFY2(!doc.toYaml().contains(QStringLiteral("sparkConf")), qPrintable(doc.toYaml()));
        QVERIFY(doc.toYaml().contains(QStringLiteral("# a flow list\n  driver:\n")));
    }

    void newDocumentsAndMultiLineText()
    {
        YamlDocument doc;
        doc.setValue(QStringLiteral("apiVersion"), ValueType::String, QStringLiteral("sparkoperator.k8s.io/v1beta2"));
        doc.setValue(QStringLiteral("spec.driver.cores"), ValueType::Integer, 1);
        doc.setValue(QStringLiteral("spec.driver.memory"), ValueType::String, QStringLiteral("512m"));
        doc.setValue(QStringLiteral("spec.type"), ValueType::String, QStringLiteral("Scala"));
        QCOMPARE(doc.toYaml(), QStringLiteral("apiVersion: sparkoperator.k8s.io/v1beta2\nspec:\n  driver:\n    cores: 1\n"
                                              "    memory: 512m\n  type: Scala\n"));
        // Text with newlines becomes a literal block that reads back the same.
        for (const QString& text : {QStringLiteral("line 1\nline 2"), QStringLiteral("one\n\ntwo\n"), QStringLiteral("x\n\n")}) {
            doc.setValue(QStringLiteral("spec.driver.javaOptions"), ValueType::Text, text);
            QCOMPARE(parseOrFail(doc.toYaml()).text(QStringLiteral("spec.driver.javaOptions")), text);
            QVERIFY2(doc.toYaml().contains(QStringLiteral("javaOptions: |")), qPrintable(doc.toYaml()));
        }
        doc.setValue(QStringLiteral("spec.driver.javaOptions"), ValueType::Text, QStringLiteral("short"));
        YamlDocument empty = parseOrFail(QStringLiteral("# empty\n{}\n"));
        empty.setValue(QStringLiteral("kind"), ValueType::String, QStringLiteral("SparkApplication"));
        QCOMPARE(empty.toYaml(), QStringLiteral("# empty\nkind: SparkApplication\n"));
        QVERIFY2(doc.toYaml().endsWith(QStringLiteral("    memory: 512m\n    javaOptions: short\n  type: Scala\n")), qPrintable(doc.toYaml()));
    }

    void quoteInsidePlainScalar()
    {
        // A quote after a blank inside a plain scalar is part of it, even after " - " or " ? ";
        // canonicalYaml() writes such a string quoted, and that text reads back the same.
        for (const QString& value : {QStringLiteral("x - 'y"), QStringLiteral("x ? \"y"), QStringLiteral("--partitions \" - \"64")}) {
            const YamlDocument doc = parseOrFail(QStringLiteral("a: ") + value + QLatin1Char('\n'));
            QCOMPARE(doc.toJson().value(QStringLiteral("a")).toString(), value);
            const QString canonical = doc.canonicalYaml();
            QVERIFY2(canonical.startsWith(QStringLiteral("a: \"")), qPrintable(canonical));
            const YamlDocument again = parseOrFail(canonical);
            QCOMPARE(again.toJson(), doc.toJson());
            QCOMPARE(again.canonicalYaml(), canonical);
        }
        // Where a quote does open a string that is never closed, it is still reported.
        for (const QString& text : {QStringLiteral("a:\n- 'y\n"), QStringLiteral("a:\n- - \"y\n"), QStringLiteral("a: 'y\n")}) {
            YamlError error;
            QVERIFY2(!YamlDocument::parse(text, &error), qPrintable(text));
            QVERIFY2(error.message.contains(QStringLiteral("never closed")), qPrintable(error.message));
        }
    }

    void unknownTagOnNullStaysNull()
    {
        // "null" and "~" under a tag YAML does not know still mean null; canonicalYaml() must not
        // write them quoted (a string).
        for (const QString& text : {QStringLiteral("a: !foo null\n"), QStringLiteral("a: !!bar ~\n")}) {
            const YamlDocument doc = parseOrFail(text);
            QVERIFY2(doc.toJson().value(QStringLiteral("a")).isNull(), qPrintable(text));
            QCOMPARE(doc.canonicalYaml(), QStringLiteral("a: null\n"));
        }
        // A quoted or tagged "<<" is an ordinary key; only a plain one merges.
        for (const QString& text : {QStringLiteral("\"<<\": {a: 1}\n"), QStringLiteral("!!a <<: {a: 1}\n")}) {
            const YamlDocument doc = parseOrFail(text);
            QCOMPARE(doc.toJson().keys(), QStringList{QStringLiteral("<<")});
            QCOMPARE(parseOrFail(doc.canonicalYaml()).toJson(), doc.toJson());
        }
        const YamlDocument merged = parseOrFail(QStringLiteral("b: &x {a: 1}\nc:\n  <<: *x\n  d: 2\n"));
        QCOMPARE(parseOrFail(merged.canonicalYaml()).toJson(), merged.toJson());
        QCOMPARE(merged.toJson().value(QStringLiteral("c")).toObject().value(QStringLiteral("a")).toInt(), 1);
        // As a key, such a "~" is the JSON key "~", and stays that.
        const YamlDocument key = parseOrFail(QStringLiteral("!a ~: x\n"));
        QCOMPARE(key.toJson().keys(), QStringList{QStringLiteral("~")});
        QCOMPARE(parseOrFail(key.canonicalYaml()).toJson(), key.toJson());
    }

    void normalisedTextIsAFixedPoint_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QStringList>("expected"); // the text Save writes: one of these
        // A carriage return that ends no CRLF is a line break to yaml-cpp 0.8 (Debian 13), as YAML
        // 1.2 says, and part of the value to yaml-cpp 0.7 (Debian 12). Either way the text must
        // not change on a second pass: adding the final newline must not make a CRLF that the next
        // parse turns into a plain LF.
        QTest::newRow("cr at the end") << QStringLiteral("a: b\n  c\r") << QStringList{QStringLiteral("a: b\n  c\r"), QStringLiteral("a: b\n  c\n")};
        QTest::newRow("key and cr at the end")
            << QStringLiteral("a: 1\nrestar\r") << QStringList{QStringLiteral("a: 1\nrestar\r"), QStringLiteral("a: 1\nrestar\n")};
        QTest::newRow("cr before crlf")
            << QStringLiteral("a: b\r\r\nc: d\r\n") << QStringList{QStringLiteral("a: b\r\r\nc: d\r\n"), QStringLiteral("a: b\nc: d\n")};
        QTest::newRow("crlf and blanks") << QStringLiteral("a: b \r\nc: d\t\r\n\r\n") << QStringList{QStringLiteral("a: b\nc: d\n")};
        // Trailing spaces inside a block scalar are content: the line ends change, the spaces stay.
        QTest::newRow("crlf, block scalar with trailing spaces")
            << QStringLiteral("s: |\r\n  x  \r\n  y\r\n") << QStringList{QStringLiteral("s: |\n  x  \n  y\n")};
    }

    void normalisedTextIsAFixedPoint()
    {
        QFETCH(QString, in);
        QFETCH(QStringList, expected);
        const YamlDocument once = parseOrFail(in);
        const QString text = once.toYaml();
        const YamlDocument twice = parseOrFail(text);
        QCOMPARE(twice.toYaml(), text);
        QCOMPARE(twice.toJson(), once.toJson());
        QVERIFY2(expected.contains(text), text.toUtf8().toPercentEncoding(" :").constData());
    }

    void otherLayoutsAreEditedInPlace()
    {
        // Lists at their key's column, block scalars, quoted keys, CRLF line ends.
        const QString in = QStringLiteral("spec:\r\n  arguments:\r\n  - a\r\n  - b\r\n  script: |\r\n    echo 1\r\n\r\n    # not a comment\r\n"
                                          "  \"quoted.key\": x\r\n  driver:\r\n    cores: 1\r\n");
        YamlDocument doc = parseOrFail(in);
        QVERIFY(!doc.toYaml().contains(QLatin1Char('\r')));
        doc.setValue(QStringLiteral("spec.arguments"), ValueType::StringList, QStringList{QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("d")});
        doc.setValue(QStringLiteral("spec.quoted.key"), ValueType::String, QStringLiteral("not this one"));
        doc.setValue(QStringLiteral("spec.script"), ValueType::Text, QStringLiteral("echo 2\n"));
        doc.setValue(QStringLiteral("spec.driver.memory"), ValueType::String, QStringLiteral("1g"));
        QCOMPARE(doc.toYaml(), QStringLiteral("spec:\n  arguments:\n  - a\n  - c\n  - d\n  script: |\n    echo 2\n"
                                              "  \"quoted.key\": x\n  driver:\n    cores: 1\n    memory: 1g\n  quoted:\n    key: not this one\n"));
        doc.setEntry(QStringLiteral("spec"), QStringLiteral("quoted.key"), QStringLiteral("z"));
        QVERIFY2(doc.toYaml().contains(QStringLiteral("  \"quoted.key\": z\n")), qPrintable(doc.toYaml()));
        doc.setValue(QStringLiteral("spec.arguments"), ValueType::StringList, QStringList{});
        QVERIFY2(doc.toYaml().startsWith(QStringLiteral("spec:\n  script: |\n")), qPrintable(doc.toYaml()));
    }

    void unclosedOpenersAreReportedWhereTheyOpen_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::newRow("brace") << QStringLiteral("metadata:\n  name: a\n  labels: {team: x,\nspec:\n  type: Scala\n  mode: cluster\n") << 3 << 11;
        QTest::newRow("bracket") << QStringLiteral("spec:\n  arguments: [1, 2\n  type: Scala\n") << 2 << 14;
        QTest::newRow("nested") << QStringLiteral("spec:\n  driver: {env: [{name: A}]\n  type: Scala\n") << 2 << 11;
        QTest::newRow("quote") << QStringLiteral("spec:\n  type: Scala\n  image: \"spark:3.5\n  mode: cluster\n") << 3 << 10;
        QTest::newRow("single quote") << QStringLiteral("spec:\n  note: it's fine\n  image: 'spark\n") << 3 << 10;
    }

    void unclosedOpenersAreReportedWhereTheyOpen()
    {
        QFETCH(QString, text);
        QFETCH(int, line);
        QFETCH(int, column);
        YamlError error;
        QVERIFY(!YamlDocument::parse(text, &error));
        QCOMPARE(error.line, line);
        QCOMPARE(error.column, column);
        QVERIFY2(error.message.contains(QStringLiteral("never closed")), qPrintable(error.message));
        // Closed openers, quotes inside words and block scalars are not reported.
        QVERIFY(!YamlDocument::findUnclosed(QStringLiteral("a: {b: [1, \"]\"]}\nc: it's\nd: |\n  { not flow\ne: 'x''y'\n")));
    }

    void subtreeTextKeepsItsComments()
    {
        YamlDocument doc = parseOrFail(QStringLiteral("spec:\n  # what to run\n  type: Scala\n  driver:\n    cores: 1  # one core\n"));
        QCOMPARE(doc.yaml(QStringLiteral("spec")), QStringLiteral("# what to run\ntype: Scala\ndriver:\n  cores: 1  # one core\n"));
        // Moving a subtree (as the kind switch does) keeps its comments.
        const QString spec = doc.yaml(QStringLiteral("spec"));
        doc.remove(QStringLiteral("spec"));
        doc.setValue(QStringLiteral("spec.schedule"), ValueType::String, QStringLiteral("@daily"));
        QVERIFY(doc.setYaml(QStringLiteral("spec.template"), spec, nullptr));
        QCOMPARE(doc.toYaml(), QStringLiteral("spec:\n  schedule: \"@daily\"\n  template:\n    # what to run\n    type: Scala\n"
                                              "    driver:\n      cores: 1  # one core\n"));
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
        // Comments stay with a document: none is lost when the file is joined back.
        QCOMPARE(chunks[0].text, QStringLiteral("# header\n---\na: 1\n"));
        QCOMPARE(chunks[0].firstLine, 1);
        QCOMPARE(chunks[1].text, QStringLiteral("--- # second\nb: 2\n# only a comment\n"));
        QCOMPARE(chunks[1].firstLine, 4);
        QCOMPARE(model::joinYamlDocuments({chunks[0].text, chunks[1].text}),
                 QStringLiteral("# header\n---\na: 1\n--- # second\nb: 2\n# only a comment\n"));
        YamlDocument second = parseOrFail(chunks[1].text);
        second.setValue(QStringLiteral("c"), ValueType::Integer, 3);
        QCOMPARE(second.toYaml(), QStringLiteral("--- # second\nb: 2\nc: 3\n# only a comment\n"));
        const auto plain = model::splitYamlDocuments(QStringLiteral("---\na: 1\n---\nb: 2\n"));
        QCOMPARE(plain.size(), 2);
        QCOMPARE(plain[0].text, QStringLiteral("a: 1\n"));
        QCOMPARE(plain[1].firstLine, 4);
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
