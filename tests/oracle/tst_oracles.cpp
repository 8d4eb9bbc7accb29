// Oracle tests: the job form's validation rules against the real implementations, over generated
// inputs. tests/oracle/build builds the oracles into the cache: Spark's own
// JavaUtils.byteStringAsMb (ByteStringOracle on Spark's jars) and apimachinery's ParseQuantity and
// name checks (sparkdeck-oracle, Go). Each test sends every input to an oracle in one process run
// and compares, input by input, what the form says with what the real code says. Also: the next
// run times of cron schedules against robfig/cron's Schedule.Next (sparkdeck-oracle), and the JSON
// the editor submits for every golden file against kubectl's (the control plane's kubectl, built
// by tests/cluster/build, run with --dry-run=client and no server).
#include "models/cron.h"
#include "models/kubevalidation.h"
#include "models/sparkapplication.h"
#include "models/sparksize.h"
#include "models/yamldocument.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QRandomGenerator>
#include <QTest>

namespace {

struct Answer {
    bool ok = false;
    QString result; // the value ("2048") or the error message
};

QString sourceDir()
{
    return qEnvironmentVariable("SPARKDECK_SOURCE_DIR");
}

// Runs `program args`, writes one line per input, returns one answer per input.
QList<Answer> ask(const QString& program, const QStringList& args, const QStringList& lines)
{
    QProcess p;
    p.setProgram(program);
    p.setArguments(args);
    p.setProcessChannelMode(QProcess::SeparateChannels);
    p.start();
    if (!p.waitForStarted(60000))
        return {};
    p.write(lines.join(QLatin1Char('\n')).toLatin1() + '\n');
    p.closeWriteChannel();
    if (!p.waitForFinished(300000))
        p.kill();
    QList<Answer> answers;
    const QList<QByteArray> out = p.readAllStandardOutput().split('\n');
    for (const QByteArray& line : out) {
        if (line.startsWith("ok "))
            answers << Answer{true, QString::fromUtf8(line.mid(3))};
        else if (line.startsWith("error "))
            answers << Answer{false, QString::fromUtf8(line.mid(6))};
    }
    if (answers.size() != lines.size())
        qWarning("%s: %lld answers for %lld inputs; stderr: %s", qPrintable(program), qint64(answers.size()),
                 qint64(lines.size()), p.readAllStandardError().left(2000).constData());
    return answers;
}

QString hex(const QString& text)
{
    return QString::fromLatin1(text.toUtf8().toHex());
}

// Asks `program args` about each input, one line "<kind> <hex>" each ("<hex>" without a kind).
QList<Answer> askAbout(const QString& program, const QStringList& args, const QString& kind, const QStringList& inputs)
{
    QStringList lines;
    for (const QString& s : inputs)
        lines << (kind.isEmpty() ? hex(s) : kind + QLatin1Char(' ') + hex(s));
    return ask(program, args, lines);
}

// The differences between two JSON values, one line per differing path ("spec.a[2]: 1 vs \"1\"").
QStringList jsonDifferences(const QJsonValue& a, const QJsonValue& b, const QString& path)
{
    const auto shownValue = [](const QJsonValue& v) {
        if (v.isUndefined())
            return QStringLiteral("(absent)");
        if (v.isObject() || v.isArray())
            return QString::fromUtf8(QJsonDocument(v.isObject() ? QJsonDocument(v.toObject()) : QJsonDocument(v.toArray()))
                                         .toJson(QJsonDocument::Compact)).left(80);
        return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
    };
    if (a.isObject() && b.isObject()) {
        const QJsonObject x = a.toObject(), y = b.toObject();
        QStringList keys = x.keys() + y.keys();
        keys.removeDuplicates();
        QStringList out;
        for (const QString& k : keys)
            out << jsonDifferences(x.value(k), y.value(k), path.isEmpty() ? k : path + QLatin1Char('.') + k);
        return out;
    }
    if (a.isArray() && b.isArray() && a.toArray().size() == b.toArray().size()) {
        QStringList out;
        for (qsizetype i = 0; i < a.toArray().size(); ++i)
            out << jsonDifferences(a.toArray().at(i), b.toArray().at(i), QStringLiteral("%1[%2]").arg(path).arg(i));
        return out;
    }
    // Numbers compare by value (kubectl prints 1.0 as 1; both parse to the same double).
    if (a == b)
        return {};
    return {QStringLiteral("%1: %2 vs %3").arg(path.isEmpty() ? QStringLiteral("(top)") : path, shownValue(a), shownValue(b))};
}

// Runs the build script at `script` (relative to the source tree), its progress going to stderr.
struct BuildRun {
    int exitCode = -1;  ///< -1 when it crashed or did not finish within 30 minutes
    QStringList lines;  ///< its standard output, one line each
};
BuildRun runBuild(const QString& script)
{
    QProcess build;
    build.setProgram(sourceDir() + QLatin1Char('/') + script);
    build.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    build.start();
    if (!build.waitForFinished(30 * 60 * 1000) || build.exitStatus() != QProcess::NormalExit) {
        build.kill();
        qWarning("%s did not finish within 30 minutes", qPrintable(script));
        return {};
    }
    return {build.exitCode(), QString::fromUtf8(build.readAllStandardOutput()).trimmed().split(QLatin1Char('\n'))};
}

// Shows spaces and control characters in failure messages.
QString shown(const QString& text)
{
    return QLatin1Char('"') + QString(text).replace(QLatin1Char('\t'), QStringLiteral("\\t")).replace(QLatin1Char('\n'), QStringLiteral("\\n")) + QLatin1Char('"');
}

// A deterministic mix of `edges` and `count` random strings built from `tokens`, 0 to `maxTokens` long.
QStringList generate(const QStringList& edges, const QStringList& tokens, int count, int maxTokens, quint32 seed)
{
    QRandomGenerator random(seed);
    QStringList inputs = edges;
    for (int i = 0; i < count; ++i) {
        QString s;
        const int n = int(random.bounded(maxTokens + 1));
        for (int j = 0; j < n; ++j)
            s += tokens.at(int(random.bounded(qint64(tokens.size()))));
        inputs << s;
    }
    inputs.removeDuplicates();
    return inputs;
}

// Tokens for sizes and quantities: digits weigh more so that numbers come out often.
QStringList numberTokens()
{
    QStringList t;
    for (int r = 0; r < 4; ++r)
        for (char c = '0'; c <= '9'; ++c)
            t << QString(QLatin1Char(c));
    t << QStringLiteral(".") << QStringLiteral("+") << QStringLiteral("-") << QStringLiteral("e") << QStringLiteral("E")
      << QStringLiteral(" ") << QStringLiteral("\t");
    for (const char* s : {"k", "K", "m", "M", "g", "G", "t", "T", "p", "P", "b", "B", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei",
                          "i", "n", "u", "kb", "mb", "gb", "x", "_"})
        t << QString::fromLatin1(s);
    return t;
}

QStringList numberEdges()
{
    QStringList e{QString(), QStringLiteral(" "), QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("512m"),
                  QStringLiteral("2g"), QStringLiteral("2G"), QStringLiteral("2Gi"), QStringLiteral("1.5g"),
                  QStringLiteral("1536m"), QStringLiteral(" 2g "), QStringLiteral("2 g"), QStringLiteral("\t3g"),
                  QStringLiteral("2gb"), QStringLiteral("2GB"), QStringLiteral("2bb"), QStringLiteral("2b"),
                  QStringLiteral("-1"), QStringLiteral("+1"), QStringLiteral("-1g"), QStringLiteral("1e3"),
                  QStringLiteral("1E3"), QStringLiteral("1e-3"), QStringLiteral("1e+3"), QStringLiteral("1e"),
                  QStringLiteral("e"), QStringLiteral("E"), QStringLiteral("e5"), QStringLiteral("."), QStringLiteral("+."),
                  QStringLiteral("-"), QStringLiteral("+"), QStringLiteral("1."), QStringLiteral(".5"),
                  QStringLiteral("1.G"), QStringLiteral("1.5Gi"), QStringLiteral("500m"), QStringLiteral("1200m"),
                  QStringLiteral("Ki"), QStringLiteral("Ti"), QStringLiteral("Pi"), QStringLiteral("Ei"), QStringLiteral("0Pi"),
                  QStringLiteral(".e-10"), QStringLiteral("0.e-10"), QStringLiteral("1e-10"), QStringLiteral("m"),
                  QStringLiteral("1n"), QStringLiteral("1.n"), QStringLiteral(".n"), QStringLiteral("1Mi5"),
                  QStringLiteral("9223372036854775807"), QStringLiteral("9223372036854775808"),
                  QStringLiteral("9223372036854775807b"), QStringLiteral("8796093022207m"), QStringLiteral("8796093022208t"),
                  QStringLiteral("8191p"), QStringLiteral("8192p"), QStringLiteral("99999999999999999999"),
                  QStringLiteral("1e9223372036854775807"), QStringLiteral("1e9223372036854775808"),
                  QStringLiteral("1e4294967286"), QStringLiteral(".e4294967286"), QStringLiteral("0x10"),
                  QStringLiteral("1_000"), QStringLiteral("١٢"), QStringLiteral("1\u00a0g"), QStringLiteral("12345678901234567890123")};
    return e;
}

// A small valid SparkApplication to set one field of at a time.
model::YamlDocument baseDocument()
{
    const auto doc = model::YamlDocument::parse(QStringLiteral(
        "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: a\n  namespace: default\n"
        "spec:\n  type: Scala\n  mode: cluster\n  image: spark:3.5.3\n  mainApplicationFile: local:///x.jar\n"
        "  sparkVersion: 3.5.3\n  driver:\n    cores: 1\n  executor:\n    instances: 1\n"),
        nullptr);
    return *doc;
}

// The same as a ScheduledSparkApplication.
model::YamlDocument scheduledDocument()
{
    const auto doc = model::YamlDocument::parse(QStringLiteral(
        "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: ScheduledSparkApplication\nmetadata:\n  name: a\n"
        "  namespace: default\nspec:\n  schedule: \"@daily\"\n  concurrencyPolicy: Allow\n  template:\n    type: Scala\n"
        "    mode: cluster\n    image: spark:3.5.3\n    mainApplicationFile: local:///x.jar\n    sparkVersion: 3.5.3\n"
        "    driver:\n      cores: 1\n    executor:\n      instances: 1\n"),
        nullptr);
    return *doc;
}

// True when the form reports no blocking problem for `problemPath` once `path` holds `text`.
bool formAccepts(model::YamlDocument& doc, const QString& path, const QString& text, QString problemPath = {})
{
    if (problemPath.isEmpty())
        problemPath = path;
    doc.setValue(path, model::ValueType::String, text);
    for (const model::FieldProblem& p : model::validate(doc))
        if (!p.warning && p.path == problemPath)
            return false;
    return true;
}

std::optional<QString> verdict(bool ok)
{
    return ok ? std::optional<QString>(QString()) : std::nullopt;
}

} // namespace

class TestOracles : public QObject {
    Q_OBJECT

    QString m_java;
    QStringList m_javaArgs;
    QString m_kube;
    QString m_kubectl;              // prepareKubectl()
    QStringList m_kubectlArgs;      // ... up to "-f"
    QTemporaryDir m_kubectlDir;     // its kubeconfig and discovery cache
    const QString kContextNamespace = QStringLiteral("sparkdeck-oracle-context");

    // Compares `ours(input)` (nullopt: rejected; else the value) with the oracle's answers.
    template <typename F>
    void compare(const char* what, const QStringList& inputs, const QList<Answer>& answers, F ours, bool compareValues)
    {
        QCOMPARE(answers.size(), inputs.size());
        QStringList mismatches;
        for (qsizetype i = 0; i < inputs.size(); ++i) {
            const std::optional<QString> mine = ours(inputs.at(i));
            const Answer& real = answers.at(i);
            if (bool(mine) != real.ok || (compareValues && mine && *mine != real.result))
                mismatches << QStringLiteral("%1: form %2, real %3 %4")
                                  .arg(shown(inputs.at(i)), mine ? QStringLiteral("accepts (%1)").arg(*mine) : QStringLiteral("rejects"),
                                       real.ok ? QStringLiteral("accepts") : QStringLiteral("rejects"), real.result.left(120));
        }
        if (!mismatches.isEmpty())
            qWarning().noquote() << what << mismatches.size() << "of" << inputs.size() << "differ:\n  "
                                 << mismatches.mid(0, 25).join(QStringLiteral("\n  "));
        QVERIFY2(mismatches.isEmpty(), qPrintable(QStringLiteral("%1: %2 of %3 inputs differ from the real implementation")
                                                      .arg(QLatin1String(what)).arg(mismatches.size()).arg(inputs.size())));
        qInfo("%s: %lld inputs agree", what, qint64(inputs.size()));
    }

    // kubectl without a server: a dummy kubeconfig and a discovery cache that knows the two Spark
    // Operator kinds (so that it can map them without asking). Sets m_kubectl and m_kubectlArgs.
    void prepareKubectl()
    {
        if (!m_kubectl.isEmpty())
            return;
        // The control plane's kubectl: tests/cluster/build prints its bin directory last.
        const BuildRun cluster = runBuild(QStringLiteral("tests/cluster/build"));
        QCOMPARE(cluster.exitCode, 0);
        const QString kubectl = cluster.lines.value(cluster.lines.size() - 1) + QStringLiteral("/kubectl");
        QVERIFY2(QFile::exists(kubectl), qPrintable(kubectl));
        QVERIFY(m_kubectlDir.isValid());
        const auto write = [](const QString& path, const QByteArray& text) {
            QDir().mkpath(path.section(QLatin1Char('/'), 0, -2));
            QFile f(path);
            return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
        };
        const QString config = m_kubectlDir.filePath(QStringLiteral("kubeconfig"));
        QVERIFY(write(config, "apiVersion: v1\nkind: Config\nclusters:\n- name: none\n  cluster:\n    server: https://127.0.0.1:1\n"
                              "contexts:\n- name: none\n  context:\n    cluster: none\n    user: none\n    namespace: "
                                  + kContextNamespace.toUtf8() + "\n"
                              "users:\n- name: none\n  user:\n    token: none\ncurrent-context: none\n"));
        const QString discovery = m_kubectlDir.filePath(QStringLiteral("cache/discovery/127.0.0.1_1/"));
        QVERIFY(write(discovery + QStringLiteral("servergroups.json"),
                      R"({"kind":"APIGroupList","apiVersion":"v1","groups":[{"name":"sparkoperator.k8s.io","versions":[)"
                      R"({"groupVersion":"sparkoperator.k8s.io/v1beta2","version":"v1beta2"}],"preferredVersion":)"
                      R"({"groupVersion":"sparkoperator.k8s.io/v1beta2","version":"v1beta2"}}]})"));
        QVERIFY(write(discovery + QStringLiteral("sparkoperator.k8s.io/v1beta2/serverresources.json"),
                      R"({"kind":"APIResourceList","apiVersion":"v1","groupVersion":"sparkoperator.k8s.io/v1beta2","resources":[)"
                      R"({"name":"sparkapplications","singularName":"sparkapplication","namespaced":true,)"
                      R"("kind":"SparkApplication","verbs":["create","get","list"]},)"
                      R"({"name":"scheduledsparkapplications","singularName":"scheduledsparkapplication","namespaced":true,)"
                      R"("kind":"ScheduledSparkApplication","verbs":["create","get","list"]}]})"));
        m_kubectlArgs = {QStringLiteral("--kubeconfig"), config, QStringLiteral("--cache-dir"), m_kubectlDir.filePath(QStringLiteral("cache")),
                         QStringLiteral("create"), QStringLiteral("--dry-run=client"), QStringLiteral("--validate=false"),
                         QStringLiteral("-o"), QStringLiteral("json"), QStringLiteral("-f")};
        m_kubectl = kubectl;
    }

    // How SparkDeck's JSON of `file` (YamlDocument::toJson, what the job editor submits) differs
    // from kubectl's (`kubectl create --dry-run=client -o json -f file`), one line per path; a
    // failure to parse or to run kubectl is one line too. kubectl puts the context's namespace into
    // an object without one; that namespace is taken out again before comparing.
    QStringList jsonDisagreements(const QString& file)
    {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            return {QStringLiteral("cannot read the file")};
        model::YamlError error;
        const std::optional<model::YamlDocument> doc = model::YamlDocument::parse(QString::fromUtf8(f.readAll()), &error);
        if (!doc)
            return {QStringLiteral("SparkDeck cannot parse it: ") + error.toString()};
        const QJsonObject ours = doc->toJson();
        QProcess p;
        p.start(m_kubectl, m_kubectlArgs + QStringList{file});
        if (!p.waitForFinished(60000))
            return {QStringLiteral("kubectl did not finish")};
        const QJsonDocument real = QJsonDocument::fromJson(p.readAllStandardOutput());
        if (p.exitCode() != 0 || !real.isObject())
            return {QStringLiteral("kubectl: ") + QString::fromUtf8(p.readAllStandardError()).trimmed()};
        QJsonObject theirs = real.object();
        QJsonObject metadata = theirs.value(QStringLiteral("metadata")).toObject();
        if (!ours.value(QStringLiteral("metadata")).toObject().contains(QStringLiteral("namespace"))
            && metadata.value(QStringLiteral("namespace")) == kContextNamespace) {
            metadata.remove(QStringLiteral("namespace"));
            theirs.insert(QStringLiteral("metadata"), metadata);
        }
        return jsonDifferences(ours, theirs, QString());
    }

    // Fails with the disagreements of every file in `files`, file by file (at most 10 lines each).
    void compareWithKubectl(const QStringList& files)
    {
        QStringList failures;
        for (const QString& file : files) {
            const QStringList differences = jsonDisagreements(file);
            if (!differences.isEmpty())
                failures << QDir(sourceDir()).relativeFilePath(file) + QStringLiteral(" (SparkDeck vs kubectl):\n    ")
                                + differences.mid(0, 10).join(QStringLiteral("\n    "));
        }
        if (!failures.isEmpty())
            qWarning().noquote() << failures.join(QLatin1Char('\n'));
        QVERIFY2(failures.isEmpty(), qPrintable(QStringLiteral("%1 of %2 files convert differently").arg(failures.size()).arg(files.size())));
        qInfo("%lld files convert as kubectl converts them", qint64(files.size()));
    }

private slots:
    void initTestCase()
    {
        const BuildRun oracles = runBuild(QStringLiteral("tests/oracle/build"));
        if (oracles.exitCode == 2)
            QSKIP("java, javac, mvn or go is missing (see tests/oracle/build's message)");
        QCOMPARE(oracles.exitCode, 0);
        for (const QString& line : oracles.lines) {
            if (line.startsWith(QLatin1String("spark-bytes "))) {
                QStringList parts = line.mid(12).split(QLatin1Char(' '));
                m_java = parts.takeFirst();
                m_javaArgs = parts;
            } else if (line.startsWith(QLatin1String("kube "))) {
                m_kube = line.mid(5);
            }
        }
        QVERIFY(!m_java.isEmpty());
        QVERIFY(!m_kube.isEmpty());
    }

    // spark.driver.memory / spark.executor.memory (+ memoryOverhead): JavaUtils.byteStringAsMb.
    void sparkByteSizes()
    {
        const QStringList inputs = generate(numberEdges(), numberTokens(), 3000, 6, 9001);
        const QList<Answer> answers = askAbout(m_java, m_javaArgs, QString(), inputs);
        compare("parseSparkByteSize", inputs, answers, [](const QString& s) -> std::optional<QString> {
            const model::SparkByteSize size = model::parseSparkByteSize(s, model::SparkByteUnit::MiB);
            return size.value ? std::optional<QString>(QString::number(*size.value)) : std::nullopt;
        }, true);
        // And the form, field by field (an empty field is "not set", not a size). spec.driver.memory
        // has a further rule, see driverMemory(); executors get "<MiB>m" from Spark, not the text.
        model::YamlDocument doc = baseDocument();
        for (const QString& field : {QStringLiteral("spec.executor.memory"), QStringLiteral("spec.driver.memoryOverhead")})
            compare(qPrintable(field), inputs.mid(1), answers.mid(1), [&](const QString& s) { return verdict(formAccepts(doc, field, s)); }, false);
    }

    // spec.driver.memory once more: Spark's launcher starts the driver JVM with -Xmx<text>.
    // Sizes from 64 MiB to 64 TiB (below, the JVM's and Spark's own minimum heaps decide).
    void driverMemory()
    {
        const QStringList generated = generate(numberEdges(), numberTokens(), 3000, 6, 9001);
        const QList<Answer> spark = askAbout(m_java, m_javaArgs, QString(), generated);
        QCOMPARE(spark.size(), generated.size());
        QStringList inputs{QStringLiteral("2048"), QStringLiteral("2gb"), QStringLiteral("2GB"), QStringLiteral("1p"),
                           QStringLiteral(" 2g "), QStringLiteral("\t3g"), QStringLiteral("0512m"), QStringLiteral("2G"),
                           QStringLiteral("1t"), QStringLiteral("65536"), QStringLiteral("1024m"), QStringLiteral("67108864k"),
                           QStringLiteral("2147483648b")};
        for (qsizetype i = 0; i < generated.size() && inputs.size() < 60; ++i) {
            const qint64 mib = spark.at(i).result.toLongLong();
            if (spark.at(i).ok && mib >= 64 && mib <= (qint64(64) << 20) && !inputs.contains(generated.at(i)))
                inputs << generated.at(i);
        }
        const QList<Answer> answers = askAbout(m_java, m_javaArgs + QStringList{QStringLiteral("driver")}, QString(), inputs);
        model::YamlDocument doc = baseDocument();
        compare("spec.driver.memory as -Xmx", inputs, answers, [&](const QString& s) {
            return verdict(formAccepts(doc, QStringLiteral("spec.driver.memory"), s));
        }, false);
    }

    // coreRequest / coreLimit / memoryLimit: resource.ParseQuantity.
    void kubernetesQuantities()
    {
        const QStringList inputs = generate(numberEdges(), numberTokens(), 3000, 6, 4242);
        const QList<Answer> answers = askAbout(m_kube, {}, QStringLiteral("quantity"), inputs);
        compare("isKubernetesQuantity", inputs, answers, [](const QString& s) { return verdict(model::isKubernetesQuantity(s)); }, false);
        // The form also rejects negative quantities (a pod's requests and limits cannot be negative).
        QStringList nonNegative;
        QList<Answer> nonNegativeAnswers;
        for (qsizetype i = 1; i < inputs.size(); ++i) {
            nonNegative << inputs.at(i);
            Answer a = answers.at(i);
            a.ok = a.ok && !a.result.startsWith(QLatin1Char('-'));
            nonNegativeAnswers << a;
        }
        model::YamlDocument doc = baseDocument();
        for (const QString& field : {QStringLiteral("spec.driver.coreLimit"), QStringLiteral("spec.executor.memoryLimit")})
            compare(qPrintable(field), nonNegative, nonNegativeAnswers, [&](const QString& s) { return verdict(formAccepts(doc, field, s)); }, false);
    }

    // metadata.name: the operator's webhook (IsDNS1035Label); metadata.namespace: IsDNS1123Label.
    void names()
    {
        QStringList tokens;
        for (char c = 'a'; c <= 'z'; ++c)
            tokens << QString(QLatin1Char(c));
        for (char c = '0'; c <= '9'; ++c)
            tokens << QString(QLatin1Char(c));
        tokens << QStringLiteral("-") << QStringLiteral("-") << QStringLiteral("-") << QStringLiteral(".")
               << QStringLiteral("A") << QStringLiteral("_") << QStringLiteral(" ") << QStringLiteral("é")
               << QStringLiteral("spark-pi") << QStringLiteral("0123456789") << QStringLiteral("abcdefghijklmnopqrstuvwxyz");
        const QString a63(63, QLatin1Char('a'));
        const QStringList edges{QString(), QStringLiteral("a"), QStringLiteral("1"), QStringLiteral("1abc"), QStringLiteral("-a"),
                                QStringLiteral("a-"), QStringLiteral("a.b"), QStringLiteral("A"), QStringLiteral("spark-pi"),
                                a63, a63 + QLatin1Char('a'), QStringLiteral("a\n"), QStringLiteral("a b")};
        const QStringList inputs = generate(edges, tokens, 3000, 12, 77);
        const QList<Answer> label1035 = askAbout(m_kube, {}, QStringLiteral("dns1035label"), inputs);
        const QList<Answer> label1123 = askAbout(m_kube, {}, QStringLiteral("dns1123label"), inputs);
        compare("isDns1035Label", inputs, label1035, [&](const QString& s) { return verdict(model::isDns1035Label(s)); }, false);
        compare("isDns1123Label", inputs, label1123, [&](const QString& s) { return verdict(model::isDns1123Label(s)); }, false);
        model::YamlDocument doc = baseDocument();
        QStringList set = inputs.mid(1); // the empty name has its own message ("A name is required.")
        compare("metadata.name", set, label1035.mid(1),
                [&](const QString& s) { return verdict(formAccepts(doc, QStringLiteral("metadata.name"), s)); }, false);
        compare("metadata.namespace", set, label1123.mid(1),
                [&](const QString& s) { return verdict(formAccepts(doc, QStringLiteral("metadata.namespace"), s)); }, false);
    }

    // A ScheduledSparkApplication's name: its runs "<name>-<UnixNano>" must pass the webhook too.
    void scheduledNames()
    {
        QStringList inputs;
        for (int n = 1; n <= 70; ++n)
            inputs << QString(n, QLatin1Char('s')) << QStringLiteral("s") + QString(n - 1, QLatin1Char('9'));
        QStringList runNames;
        for (const QString& s : inputs)
            runNames << s + QStringLiteral("-1764451234567890123");
        const QList<Answer> runName = askAbout(m_kube, {}, QStringLiteral("dns1035label"), runNames);
        model::YamlDocument doc = scheduledDocument();
        compare("scheduled metadata.name", inputs, runName,
                [&](const QString& s) { return verdict(formAccepts(doc, QStringLiteral("metadata.name"), s)); }, false);
    }

    // spec.image and the pods' images: reference.ParseNormalizedNamed, as container runtimes parse them.
    void images()
    {
        QStringList tokens;
        for (const char* t : {"a", "b", "z", "0", "9", "spark", "apache", "A", "B", ".", ".", "-", "-", "_", "__", "/", "/", "/",
                              ":", ":", "@", "latest", "3.5.3", "v4.0.2", "5000", "localhost", "Registry", "example.com",
                              "[::1]", " ", "@sha256:", "sha512:", "0123456789abcdef0123456789abcdef"})
            tokens << QString::fromLatin1(t);
        const QString hex64 = QStringLiteral("0123456789abcdef").repeated(4);
        const QStringList edges{
            QStringLiteral("spark"), QStringLiteral("spark:3.5.3"), QStringLiteral("apache/spark:3.5.3"),
            QStringLiteral("Spark:1"), QStringLiteral("registry.example.com/team/app:1.0"), QStringLiteral("REGISTRY.example.com/a"),
            QStringLiteral("Registry/a"), QStringLiteral("localhost/a"), QStringLiteral("localhost:5000/a:b"),
            QStringLiteral("[::1]:5000/a"), QStringLiteral("a/B"), QStringLiteral("a:B"), QStringLiteral("a:-b"),
            QStringLiteral("a__b"), QStringLiteral("a___b"), QStringLiteral("a._b"), QStringLiteral("a--b"), QStringLiteral("a.-b"),
            QStringLiteral("a:") + QString(128, QLatin1Char('t')), QStringLiteral("a:") + QString(129, QLatin1Char('t')),
            hex64, QStringLiteral("a@sha256:") + hex64, QStringLiteral("a@sha256:") + hex64.toUpper(),
            QStringLiteral("a:1@sha256:") + hex64, QStringLiteral("a@sha512:") + hex64 + hex64,
            QStringLiteral("a@sha384:") + hex64.left(48) + hex64, QStringLiteral("a@md5:") + hex64.left(32),
            QStringLiteral("a@sha256:") + hex64.left(63), QStringLiteral("x/") + QString(260, QLatin1Char('a')),
            QStringLiteral(" spark"), QStringLiteral("spark "), QStringLiteral("a//b"), QStringLiteral("/a"), QStringLiteral("a/"),
            QStringLiteral("example.com"), QStringLiteral("example.com/"), QStringLiteral("a:1:2"), QStringLiteral("-a.b/c")};
        const QStringList inputs = generate(edges, tokens, 3000, 8, 31337).mid(1) // not the empty string: "not set"
            ;
        const QList<Answer> answers = askAbout(m_kube, {}, QStringLiteral("image"), inputs);
        compare("isImageReference", inputs, answers, [](const QString& s) { return verdict(model::isImageReference(s)); }, false);
        model::YamlDocument doc = baseDocument();
        QStringList set;
        QList<Answer> setAnswers;
        for (qsizetype i = 0; i < inputs.size(); ++i)
            if (!inputs.at(i).isEmpty())
                set << inputs.at(i), setAnswers << answers.at(i);
        compare("spec.image", set, setAnswers,
                [&](const QString& s) { return verdict(formAccepts(doc, QStringLiteral("spec.image"), s)); }, false);
    }

    // spec.schedule: robfig/cron's ParseStandard as the operator calls it; the bit sets must agree too.
    void cronSchedules()
    {
        QStringList fieldTokens;
        for (const char* t : {"*", "*", "?", "0", "1", "5", "7", "12", "23", "24", "31", "59", "60", "-", "-", "/", "/", ",", ",",
                              "jan", "DEC", "Feb", "mon", "SUN", "sat", "x", "L", "#"})
            fieldTokens << QString::fromLatin1(t);
        QRandomGenerator random(2718);
        QStringList inputs{QStringLiteral("@daily"), QStringLiteral("@hourly"), QStringLiteral("@yearly"), QStringLiteral("@Daily"),
                           QStringLiteral("@reboot"), QStringLiteral("@every 1h30m"), QStringLiteral("@every 90s"),
                           QStringLiteral("@every 500ms"), QStringLiteral("@every 0s"), QStringLiteral("@every -1s"),
                           QStringLiteral("@every 1.5h"), QStringLiteral("@every"), QStringLiteral("@every 1d"),
                           QStringLiteral("*/5 * * * *"), QStringLiteral("0 0 * * 7"), QStringLiteral("0 0 1-31/2 * *"),
                           QStringLiteral("* * * * * *"), QStringLiteral("* * * *"), QStringLiteral(" * * * * *"),
                           QStringLiteral("* * * * * "), QStringLiteral("*  * * * *"), QStringLiteral("*\t* * * *"),
                           QStringLiteral("CRON_TZ=UTC * * * * *"), QStringLiteral("TZ=Europe/Berlin 0 3 * * *"),
                           QStringLiteral("CRON_TZ=Mars/Olympus * * * * *"), QStringLiteral(" CRON_TZ=UTC * * * * *"),
                           QStringLiteral("CRON_TZ=UTC @daily"), QStringLiteral("CRON_TZ=UTC"), QStringLiteral("0 0 ? * MON-FRI"),
                           QStringLiteral("0 0 * JAN-MAR,oct *"), QStringLiteral("5/15 * * * *"), QStringLiteral("59-0 * * * *"),
                           QStringLiteral("0 0 0 * *"), QStringLiteral("0 0 * 0 *"), QStringLiteral("*/0 * * * *"),
                           QStringLiteral("1-5/ * * * *"), QStringLiteral("00 00 * * *"), QStringLiteral("+1 * * * *")};
        for (int i = 0; i < 2500; ++i) {
            const int fields = random.bounded(10) < 8 ? 5 : int(random.bounded(4, 7));
            QStringList parts;
            for (int f = 0; f < fields; ++f) {
                QString field;
                const int n = 1 + int(random.bounded(4));
                for (int j = 0; j < n; ++j)
                    field += fieldTokens.at(int(random.bounded(qint64(fieldTokens.size()))));
                parts << field;
            }
            inputs << parts.join(QLatin1Char(' '));
        }
        inputs.removeDuplicates();
        const QList<Answer> answers = askAbout(m_kube, {}, QStringLiteral("cron"), inputs);
        // The oracle's bits in our terms: robfig's star bit (63) only matters for the two day fields.
        QList<Answer> expected = answers;
        for (Answer& a : expected) {
            const QStringList p = a.result.split(QLatin1Char(' '));
            if (!a.ok || p.value(0) != QLatin1String("spec"))
                continue;
            const quint64 star = quint64(1) << 63;
            QStringList bits{QStringLiteral("spec")};
            for (int f = 1; f <= 5; ++f) {
                const quint64 v = p.value(f).toULongLong(nullptr, 16);
                bits << QString::number(f == 3 || f == 5 ? v : v & ~star, 16);
            }
            a.result = bits.join(QLatin1Char(' '));
        }
        compare("parseCron", inputs, expected, [](const QString& s) -> std::optional<QString> {
            const std::optional<model::CronSchedule> c = model::parseCron(s, nullptr);
            if (!c)
                return std::nullopt;
            if (c->isEvery())
                return QStringLiteral("every %1").arg(c->everySeconds);
            const quint64 star = quint64(1) << 63;
            return QStringLiteral("spec %1 %2 %3 %4 %5")
                .arg(QString::number(c->minutes, 16), QString::number(c->hours, 16),
                     QString::number(c->daysOfMonth | (c->dayOfMonthStar ? star : 0), 16),
                     QString::number(c->months, 16), QString::number(c->daysOfWeek | (c->dayOfWeekStar ? star : 0), 16));
        }, true);
        model::YamlDocument doc = scheduledDocument();
        compare("schedule.schedule", inputs, answers, [&](const QString& s) {
            return verdict(formAccepts(doc, QStringLiteral("spec.schedule"), s, QStringLiteral("schedule.schedule")));
        }, false);
    }

    // The next runs of a schedule: robfig/cron's Schedule.Next, walked from run to run as the
    // operator does, against nextRuns(). Generated valid expressions (biased to the hours and
    // half hours that daylight saving moves) in zones with 1 h and 30 min shifts, shifts at
    // midnight and none, from
    // start times just before their transitions and at random.
    void cronNextRuns()
    {
        const QStringList zones{QStringLiteral("UTC"), QStringLiteral("Europe/Berlin"), QStringLiteral("America/New_York"),
                                QStringLiteral("Asia/Kolkata"), QStringLiteral("Australia/Lord_Howe"),
                                // Daylight saving at midnight: days without a 00:00, or with two.
                                QStringLiteral("America/Havana"), QStringLiteral("America/Santiago")};
        // Daylight saving transitions (UTC) of the zones above, 2024-2026.
        const QList<qint64> transitions{
            QDateTime(QDate(2025, 3, 30), QTime(1, 0), QTimeZone::utc()).toSecsSinceEpoch(),  // Berlin forward
            QDateTime(QDate(2025, 10, 26), QTime(1, 0), QTimeZone::utc()).toSecsSinceEpoch(), // Berlin back
            QDateTime(QDate(2024, 3, 10), QTime(7, 0), QTimeZone::utc()).toSecsSinceEpoch(),  // New York forward
            QDateTime(QDate(2025, 11, 2), QTime(6, 0), QTimeZone::utc()).toSecsSinceEpoch(),  // New York back
            QDateTime(QDate(2025, 4, 5), QTime(15, 0), QTimeZone::utc()).toSecsSinceEpoch(), // Lord Howe back (02:00 -> 01:30)
            QDateTime(QDate(2025, 10, 4), QTime(15, 30), QTimeZone::utc()).toSecsSinceEpoch(), // Lord Howe forward (02:00 -> 02:30)
            QDateTime(QDate(2025, 3, 9), QTime(5, 0), QTimeZone::utc()).toSecsSinceEpoch(),  // Havana forward (no 00:00)
            QDateTime(QDate(2025, 11, 2), QTime(5, 0), QTimeZone::utc()).toSecsSinceEpoch(), // Havana back (00:00 twice)
            QDateTime(QDate(2025, 9, 7), QTime(4, 0), QTimeZone::utc()).toSecsSinceEpoch(),  // Santiago forward (no 00:00)
            QDateTime(QDate(2025, 4, 6), QTime(3, 0), QTimeZone::utc()).toSecsSinceEpoch(),  // Santiago back (23:00 twice)
            QDateTime(QDate(2024, 2, 29), QTime(0, 0), QTimeZone::utc()).toSecsSinceEpoch(), // a leap day
            QDateTime(QDate(2025, 12, 31), QTime(22, 0), QTimeZone::utc()).toSecsSinceEpoch(), // a year's end
        };
        QRandomGenerator random(4242);
        const auto pick = [&](const QStringList& list) { return list.at(int(random.bounded(qint64(list.size())))); };
        const auto number = [&](int lo, int hi, const QList<int>& favourites) {
            if (!favourites.isEmpty() && random.bounded(2) == 0)
                return favourites.at(int(random.bounded(qint64(favourites.size()))));
            return lo + int(random.bounded(hi - lo + 1));
        };
        // One field in [lo, hi]: *, a value, a range, a step, or a list of those.
        const auto field = [&](int lo, int hi, const QList<int>& favourites) {
            QStringList items;
            const int n = random.bounded(5) == 0 ? 2 + int(random.bounded(2)) : 1;
            for (int i = 0; i < n; ++i) {
                const int a = number(lo, hi, favourites);
                const int b = qMin(hi, a + int(random.bounded(qMax(1, (hi - lo) / 2))));
                const int step = 1 + int(random.bounded(qMax(1, (hi - lo) / 3)));
                switch (random.bounded(n == 1 ? 7 : 5)) {
                case 0: case 1: items << QString::number(a); break;
                case 2: items << QStringLiteral("%1-%2").arg(a).arg(b); break;
                case 3: items << QStringLiteral("%1-%2/%3").arg(a).arg(b).arg(step); break;
                case 4: items << QStringLiteral("%1/%2").arg(a).arg(step); break;
                case 5: items << QStringLiteral("*/%1").arg(step); break;
                default: items << QStringLiteral("*"); break;
                }
            }
            return items.join(QLatin1Char(','));
        };
        QStringList expressions{QStringLiteral("@daily"), QStringLiteral("@hourly"), QStringLiteral("@weekly"),
                                QStringLiteral("@monthly"), QStringLiteral("@yearly"), QStringLiteral("@every 1h30m"),
                                QStringLiteral("@every 90s"), QStringLiteral("@every 25h"), QStringLiteral("30 2 * * *"),
                                QStringLiteral("0 2 * * *"), QStringLiteral("59 1 * * *"), QStringLiteral("15,45 1-3 * * *"),
                                QStringLiteral("0 0 29 2 *"), QStringLiteral("0 0 30 2 *"), QStringLiteral("0 0 31 * *"),
                                QStringLiteral("0 12 13 * 5"), QStringLiteral("*/15 * * * *"), QStringLiteral("0 0 * * MON-FRI"),
                                QStringLiteral("CRON_TZ=Europe/Berlin 30 2 * * *"),
                                QStringLiteral("CRON_TZ=Australia/Lord_Howe 15 2 * * *"), QStringLiteral("TZ=America/New_York 30 1 * * *")};
        const QList<int> minuteFavourites{0, 0, 15, 29, 30, 30, 45, 59};
        const QList<int> hourFavourites{0, 1, 1, 2, 2, 2, 3, 23};
        while (expressions.size() < 1000) {
            QString e;
            if (random.bounded(6) == 0)
                e = QStringLiteral("CRON_TZ=%1 ").arg(pick(zones));
            e += QStringList{field(0, 59, minuteFavourites), field(0, 23, hourFavourites),
                             random.bounded(3) == 0 ? field(1, 31, {1, 13, 28, 29, 30, 31}) : QStringLiteral("*"),
                             random.bounded(4) == 0 ? field(1, 12, {2, 3, 10, 11}) : QStringLiteral("*"),
                             random.bounded(3) == 0 ? field(0, 6, {0, 5, 6}) : QStringLiteral("*")}
                     .join(QLatin1Char(' '));
            if (!expressions.contains(e))
                expressions << e;
        }
        const int count = 6;
        QStringList inputs;
        QStringList lines;
        for (qsizetype i = 0; i < expressions.size(); ++i) {
            for (int z = 0; z < zones.size(); ++z) {
                // One start just before a transition (of any zone), one anywhere in 2024-2026, one
                // on a whole hour (often a run time itself: the next run is strictly after), one
                // around 2100 (not a leap year: the five-year search limit shows).
                const qint64 near = transitions.at(int(random.bounded(qint64(transitions.size())))) -
                                    qint64(random.bounded(48 * 3600));
                const qint64 anywhere = QDateTime(QDate(2024, 1, 1), QTime(0, 0), QTimeZone::utc()).toSecsSinceEpoch() +
                                        qint64(random.bounded(3 * 365 * 24 * 3600));
                const qint64 onTheHour = (anywhere / 3600 + qint64(random.bounded(3))) * 3600 - (z == 3 ? 1800 : 0);
                const qint64 late = QDateTime(QDate(2095, 1, 1), QTime(0, 0), QTimeZone::utc()).toSecsSinceEpoch() +
                                    qint64(random.bounded(7 * 365 * 24 * 3600));
                for (const qint64 start : {near, anywhere, onTheHour, late}) {
                    const QString text = QStringList{zones.at(z), expressions.at(i), QString::number(start), QString::number(count)}
                                             .join(QLatin1Char('\n'));
                    inputs << text;
                    lines << QStringLiteral("next ") + hex(text);
                }
            }
        }
        const QList<Answer> answers = ask(m_kube, {}, lines);
        compare("nextRuns", inputs, answers, [&](const QString& text) -> std::optional<QString> {
            const QStringList p = text.split(QLatin1Char('\n'));
            const std::optional<model::CronSchedule> c = model::parseCron(p.at(1), nullptr);
            if (!c)
                return std::nullopt;
            const QTimeZone zone(p.at(0).toUtf8());
            const QDateTime from = QDateTime::fromSecsSinceEpoch(p.at(2).toLongLong(), zone);
            QStringList times;
            for (const QDateTime& t : model::nextRuns(*c, from, zone, p.at(3).toInt()))
                times << QString::number(t.toSecsSinceEpoch());
            return times.join(QLatin1Char(' '));
        }, true);
    }

    // The JSON the job editor submits for every golden corpus file and job preset is kubectl's.
    void goldenJson()
    {
        prepareKubectl();
        if (QTest::currentTestFailed())
            return;
        QStringList files;
        for (const QString& folder : {QStringLiteral("/tests/golden/corpus"), QStringLiteral("/manifests/presets")}) {
            const QDir d(sourceDir() + folder);
            for (const QString& f : d.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name))
                files << d.filePath(f);
        }
        QVERIFY(files.size() >= 15);
        compareWithKubectl(files);
    }

    // The same for plain scalars YAML 1.1 reads in surprising ways (y, 0o10, 08, 1_000, 12:30),
    // anchors, merge keys and keys that are not strings.
    void scalarJson()
    {
        prepareKubectl();
        if (QTest::currentTestFailed())
            return;
        QStringList values;
        for (const char* v : {"10", "-10", "+10", "010", "0o10", "0x1F", "0x", "0b101", "1_000", "1_0.5", "1.5", ".5", "+.5",
                              "1.", "1e3", "1E3", "1.0e+3", "-.5e-3", "1.5e", "~", "null", "Null", "NULL", "nULL", "true",
                              "True", "TRUE", "tRUE", "yes", "Yes", "YES", "no", "on", "off", "On", "OFF", "y", "Y", "n",
                              "N", "2024-01-01", "2024-01-01T10:00:00Z", "12:30", "1:20:30", "-1:30", "9223372036854775807",
                              "9223372036854775808", "-9223372036854775808", "123456789012345678901234567890", "-0", "0.0",
                              "-0.0", "\"\"", "''", "0777", "08", "09.5", "0.1e1", "1e-400", "'yes'", "\"10\"", "=",
                              "<<", "0b", "0o", "+", "-", ".", "1.2.3", "1e", "e3", "0X1F", "0O10", "0B1"})
            values << QString::fromLatin1(v);
        QString text = QStringLiteral("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: scalars\n"
                                      "spec:\n  base: &base\n    a: 1\n    b: two\n  merged:\n    <<: *base\n    b: three\n"
                                      "  other: &other\n    b: other\n    c: 3\n  mergedList:\n    b: before\n    <<: [*base, *other]\n    c: after\n"
                                      "  alias: *base\n  keys:\n    1: int\n    true: bool\n    1.5: float\n    010: octal\n"
                                      "    1e7: big\n    0.1: tenth\n    0.00001: tiny\n    -2.50: negative\n    123456.5: long\n"
                                      "  block: |\n    line one\n    line two\n  folded: >\n    a\n    b\n  values:\n");
        for (const QString& v : std::as_const(values))
            text += QStringLiteral("    - ") + v + QLatin1Char('\n');
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(QStringLiteral("scalars.yaml"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text.toUtf8());
        f.close();
        compareWithKubectl({file});
    }
};

QTEST_GUILESS_MAIN(TestOracles)
#include "tst_oracles.moc"
