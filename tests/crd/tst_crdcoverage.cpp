// Every property of the Spark Operator's real SparkApplication and ScheduledSparkApplication CRDs
// (openAPIV3Schema, v2.5.2) has an editor in the job form: a field of its own, or a parent edited
// as a whole (a YAML block or key/value table). Read from the operator's Go module at test time.

#include "models/sparkapplication.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <yaml-cpp/yaml.h>

namespace {

// The directory of the operator's Go module in the module cache (downloads it when needed).
QString moduleDir()
{
    QProcess go;
    go.setWorkingDirectory(QDir::tempPath());
    go.start(QStringLiteral("go"), {QStringLiteral("mod"), QStringLiteral("download"), QStringLiteral("-json"),
                                    qEnvironmentVariable("SPARKDECK_SPARK_OPERATOR_MODULE")});
    if (!go.waitForFinished(240'000))
        return {};
    return QJsonDocument::fromJson(go.readAllStandardOutput()).object().value(QLatin1String("Dir")).toString();
}

// Collects the dotted paths of every property below `schema`, stopping at maps, lists of objects
// and free-form objects (the form edits those whole).
void collect(const YAML::Node& schema, const QString& prefix, QStringList* out)
{
    const YAML::Node props = schema["properties"];
    if (!props || !props.IsMap())
        return;
    for (const auto& kv : props) {
        const QString path = prefix + QLatin1Char('.') + QString::fromStdString(kv.first.Scalar());
        *out << path;
        const YAML::Node child = kv.second;
        const std::string type = child["type"] ? child["type"].Scalar() : std::string();
        if (type == "object" && child["properties"])
            collect(child, path, out);
    }
}

bool covered(const QString& path, const QStringList& formPaths)
{
    for (const QString& f : formPaths)
        if (path == f || path.startsWith(f + QLatin1Char('.')))
            return true;
    return false;
}

} // namespace

class TestCrdCoverage : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_dir = moduleDir();
        QVERIFY2(!m_dir.isEmpty(), "cannot locate the spark-operator Go module (is go installed and the proxy reachable?)");
    }

    void everyCrdFieldHasAnEditor_data()
    {
        QTest::addColumn<QString>("crd");
        QTest::addColumn<bool>("scheduled");
        QTest::newRow("SparkApplication") << QStringLiteral("sparkoperator.k8s.io_sparkapplications.yaml") << false;
        QTest::newRow("ScheduledSparkApplication") << QStringLiteral("sparkoperator.k8s.io_scheduledsparkapplications.yaml") << true;
    }

    void everyCrdFieldHasAnEditor()
    {
        QFETCH(QString, crd);
        QFETCH(bool, scheduled);
        const QString file = m_dir + QStringLiteral("/charts/spark-operator-chart/crds/") + crd;
        YAML::Node root;
        try {
            root = YAML::LoadFile(file.toStdString());
        } catch (const YAML::Exception& e) {
            QFAIL(qPrintable(QStringLiteral("%1: %2").arg(file, QString::fromStdString(e.what()))));
        }
        YAML::Node version;
        for (const auto& v : root["spec"]["versions"])
            if (v["name"].Scalar() == "v1beta2")
                version.reset(v);
        QVERIFY(version.IsDefined());
        const YAML::Node spec = version["schema"]["openAPIV3Schema"]["properties"]["spec"];
        QStringList paths;
        collect(spec, QStringLiteral("spec"), &paths);
        QVERIFY2(paths.size() > 100, qPrintable(QString::number(paths.size())));
        qInfo("%d CRD properties checked against %d form paths", int(paths.size()), int(model::formPaths(scheduled).size()));
        const QStringList form = model::formPaths(scheduled);
        QStringList missing;
        for (const QString& p : std::as_const(paths))
            if (!covered(p, form) && !form.contains(p))
                missing << p;
        // Parents of covered fields (spec.driver, spec.deps ...) are containers, not fields.
        QStringList realMissing;
        for (const QString& m : std::as_const(missing)) {
            bool container = false;
            for (const QString& f : form)
                if (f.startsWith(m + QLatin1Char('.')))
                    container = true;
            if (!container)
                realMissing << m;
        }
        QVERIFY2(realMissing.isEmpty(), qPrintable(QStringLiteral("no editor for: ") + realMissing.join(QStringLiteral(", "))));
        // And the form edits nothing the CRD does not have.
        for (const model::FieldSpec& f : model::sparkApplicationFields()) {
            if (f.scope == model::FieldScope::Metadata || (f.scope == model::FieldScope::Schedule && !scheduled))
                continue;
            const QString p = model::documentPath(f, scheduled);
            QVERIFY2(paths.contains(p), qPrintable(p + QStringLiteral(" is not in the CRD")));
        }
    }

private:
    QString m_dir;
};

QTEST_GUILESS_MAIN(TestCrdCoverage)
#include "tst_crdcoverage.moc"
