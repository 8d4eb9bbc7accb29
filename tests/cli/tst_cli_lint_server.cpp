// `sparkdeck lint` against the oracle: the API server of the local control plane with the operator's
// real CRDs (tests/cluster; the stand-in cluster has no admission webhook). A file breaks the CRD's
// schema for lint exactly when `kubectl create --dry-run=server --validate=strict` refuses it, and
// the server's complaint names what lint reported. Checked on the broken files of tests/cli/lint/
// and on seeded random mutations of the golden corpus.

#include "tests/support/cli.h"
#include "tests/support/clusterpaths.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

namespace {

QString sourceDir()
{
    return qEnvironmentVariable("SPARKDECK_SOURCE_DIR");
}

// The rules for what the API server (or kubectl before it) refuses.
bool isServerRule(const QString& rule)
{
    static const QStringList rules{QStringLiteral("yaml"), QStringLiteral("apiVersion"), QStringLiteral("kind"),
                                   QStringLiteral("unknown-field"), QStringLiteral("type"), QStringLiteral("enum"),
                                   QStringLiteral("required"), QStringLiteral("pattern"), QStringLiteral("range")};
    return rules.contains(rule);
}

// lint's findings of the server's rules for `file`: "rule: message" each.
QStringList serverFindings(const QString& file)
{
    const CliResult r = runCli({QStringLiteral("lint"), QStringLiteral("-o"), QStringLiteral("json"), file});
    if (r.exitCode != 0 && r.exitCode != 1)
        QTest::qFail(describe(r).constData(), __FILE__, __LINE__);
    QStringList messages;
    for (const QJsonValue& v : QJsonDocument::fromJson(r.out.toUtf8()).array()) {
        const QJsonObject f = v.toObject();
        const QString rule = f.value(QLatin1String("rule")).toString();
        if (isServerRule(rule))
            messages << rule + QStringLiteral(": ") + f.value(QLatin1String("message")).toString();
    }
    return messages;
}

// One step of a path into a JSON value: an object key or an array index.
struct Step {
    QString key;
    int index = -1;
};
using Path = QList<Step>;

void collectPaths(const QJsonValue& v, Path& path, QList<Path>* out)
{
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            path << Step{it.key()};
            *out << path;
            collectPaths(it.value(), path, out);
            path.removeLast();
        }
    } else if (v.isArray()) {
        const QJsonArray a = v.toArray();
        for (int i = 0; i < a.size(); ++i) {
            path << Step{{}, i};
            *out << path;
            collectPaths(a.at(i), path, out);
            path.removeLast();
        }
    }
}

// `v` with the value at `path` replaced by f(old value); an undefined result removes it.
QJsonValue edit(const QJsonValue& v, const Path& path, int depth, const std::function<QJsonValue(const QJsonValue&)>& f)
{
    if (depth == path.size())
        return f(v);
    const Step& s = path.at(depth);
    if (v.isObject()) {
        QJsonObject o = v.toObject();
        const QJsonValue child = edit(o.value(s.key), path, depth + 1, f);
        if (child.isUndefined())
            o.remove(s.key);
        else
            o.insert(s.key, child);
        return o;
    }
    QJsonArray a = v.toArray();
    const QJsonValue child = edit(a.at(s.index), path, depth + 1, f);
    if (child.isUndefined())
        a.removeAt(s.index);
    else
        a.replace(s.index, child);
    return a;
}

QString describePath(const Path& path)
{
    QString out;
    for (const Step& s : path)
        out += s.index >= 0 ? QStringLiteral("[%1]").arg(s.index) : QLatin1Char('.') + s.key;
    return out.mid(1);
}

} // namespace

class TestCliLintServer : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_cluster = readClusterFixture();
        QVERIFY2(!m_cluster.kubeconfig.isEmpty(), qPrintable(m_cluster.error));
        QVERIFY(m_dir.isValid());
    }

    void brokenFilesAgreeWithServer_data()
    {
        QTest::addColumn<QString>("file");
        const QDir dir(sourceDir() + QStringLiteral("/tests/cli/lint"));
        for (const QString& f : dir.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name))
            QTest::newRow(qPrintable(f)) << dir.filePath(f);
    }

    void brokenFilesAgreeWithServer()
    {
        QFETCH(QString, file);
        agree(file, QFileInfo(file).fileName());
    }

    // Random edits below spec of every corpus file: an unknown key, a value of another type, a
    // key removed, a string out of its enum. Seeded, so a failure repeats.
    void mutationsAgreeWithServer()
    {
        const quint32 seed = qEnvironmentVariableIsSet("SPARKDECK_LINT_SEED") ? qEnvironmentVariableIntValue("SPARKDECK_LINT_SEED") : 20260;
        qInfo("seed %u (SPARKDECK_LINT_SEED)", seed);
        QRandomGenerator random(seed);
        const QDir corpus(sourceDir() + QStringLiteral("/tests/golden/corpus"));
        int refused = 0;
        int accepted = 0;
        for (const QString& name : corpus.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name)) {
            const ProcessResult json = runKubectl(m_cluster, {QStringLiteral("create"), QStringLiteral("--dry-run=client"),
                                                              QStringLiteral("-o"), QStringLiteral("json"), QStringLiteral("-f"),
                                                              corpus.filePath(name)});
            QVERIFY(json.exitCode == 0);
            const QJsonObject object = QJsonDocument::fromJson(json.out.toUtf8()).object();
            QList<Path> paths;
            Path start{Step{QStringLiteral("spec")}};
            collectPaths(object.value(QLatin1String("spec")), start, &paths);
            QVERIFY(!paths.isEmpty());
            for (int m = 0; m < 4; ++m) {
                const Path path = paths.at(random.bounded(int(paths.size())));
                QString what;
                std::function<QJsonValue(const QJsonValue&)> f;
                switch (m) {
                case 0: // an unknown key in the nearest object
                    f = [&](const QJsonValue& v) -> QJsonValue {
                        if (!v.isObject())
                            return v;
                        QJsonObject o = v.toObject();
                        o.insert(QStringLiteral("sparkdeckUnknown"), 1);
                        return o;
                    };
                    what = QStringLiteral("unknown key in ");
                    break;
                case 1: { // a value of another type
                    const QJsonValue replacements[] = {QJsonValue(QStringLiteral("x")), QJsonValue(7), QJsonValue(true),
                                                       QJsonValue(1.5), QJsonValue(QJsonArray{1}), QJsonValue(QJsonObject{{QStringLiteral("a"), 1}})};
                    const QJsonValue by = replacements[random.bounded(6)];
                    f = [by](const QJsonValue&) { return by; };
                    what = QStringLiteral("%1 for ").arg(QString::fromUtf8(QJsonDocument(QJsonArray{by}).toJson(QJsonDocument::Compact)));
                    break;
                }
                case 2: // removed
                    f = [](const QJsonValue&) { return QJsonValue(QJsonValue::Undefined); };
                    what = QStringLiteral("removed ");
                    break;
                default: // a string no enum has
                    f = [](const QJsonValue& v) { return v.isString() ? QJsonValue(QStringLiteral("Sometimes")) : v; };
                    what = QStringLiteral("\"Sometimes\" for ");
                }
                const QJsonObject mutated = edit(object, path, 0, f).toObject();
                if (mutated == object)
                    continue;
                const QString file = m_dir.filePath(QStringLiteral("%1-%2.yaml").arg(QFileInfo(name).baseName()).arg(m));
                QFile out(file);
                QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
                out.write(QJsonDocument(mutated).toJson()); // JSON is YAML
                out.close();
                (agree(file, QStringLiteral("%1: %2%3").arg(name, what, describePath(path))) ? refused : accepted) += 1;
                if (QTest::currentTestFailed())
                    return;
            }
        }
        qInfo("%d mutations refused by both, %d accepted by both", refused, accepted);
        QVERIFY(refused > 20);
        QVERIFY(accepted > 5);
    }

private:
    // lint reports a schema error exactly when the server refuses `file`, and then the server's
    // message contains one of lint's. Returns whether the server refused it.
    bool agree(const QString& file, const QString& what)
    {
        const QStringList lint = serverFindings(file);
        const ProcessResult server = runKubectl(m_cluster, {QStringLiteral("create"), QStringLiteral("--dry-run=server"),
                                                            QStringLiteral("--validate=strict"), QStringLiteral("-n"),
                                                            QStringLiteral("default"), QStringLiteral("-f"), file},
                                                Exit::MayFail);
        const bool refused = server.exitCode != 0;
        if (refused != !lint.isEmpty()) {
            QTest::qFail(qPrintable(QStringLiteral("%1: the server %2 it (%3), lint says: %4")
                                        .arg(what, refused ? QStringLiteral("refuses") : QStringLiteral("accepts"),
                                             (server.out + server.err).trimmed(), lint.join(QStringLiteral(" | ")))),
                         __FILE__, __LINE__);
            return refused;
        }
        if (refused && lint.filter(QRegularExpression(QStringLiteral("^yaml: "))).isEmpty()) { // YAML errors are worded apart
            bool named = false;
            for (const QString& m : lint)
                named = named || server.err.contains(m.section(QStringLiteral(": "), 1));
            if (!named)
                QTest::qFail(qPrintable(QStringLiteral("%1: the server says %2, lint says %3")
                                            .arg(what, server.err.trimmed(), lint.join(QStringLiteral(" | ")))),
                             __FILE__, __LINE__);
        }
        return refused;
    }

    ClusterFixture m_cluster;
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestCliLintServer)
#include "tst_cli_lint_server.moc"
