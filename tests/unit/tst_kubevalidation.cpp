// The form's Kubernetes-side checks on cases recorded from the real implementations (see
// tests/oracle for the generated comparisons; these run without Java or Go).
#include "models/kubevalidation.h"
#include "models/sparkapplication.h"
#include "models/yamldocument.h"

#include <QTest>

using namespace model;

namespace {

// The blocking problems validate() reports, by field path.
QHash<QString, QString> problems(const QString& yaml)
{
    const auto doc = YamlDocument::parse(yaml, nullptr);
    QHash<QString, QString> found;
    if (!doc)
        return {{QStringLiteral("parse"), QStringLiteral("does not parse")}};
    for (const FieldProblem& p : validate(*doc))
        if (!p.warning)
            found.insert(p.path, p.message);
    return found;
}

QString application(const QString& name, const QString& driverMemory)
{
    return QStringLiteral("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: %1\n"
                          "spec:\n  type: Scala\n  mode: cluster\n  image: spark:3.5.3\n  mainApplicationFile: local:///x.jar\n"
                          "  sparkVersion: 3.5.3\n  driver:\n    memory: \"%2\"\n  executor:\n    memory: \"2048\"\n")
        .arg(name, driverMemory);
}

} // namespace

class TestKubeValidation : public QObject {
    Q_OBJECT
private slots:
    void quantities_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("accepted"); // as resource.ParseQuantity answered
        for (const char* ok : {"0", "1", "500m", "1.5", "2Gi", "1e3", "1E-3", "1.", ".", "+.", "-", "-1", "Ki", "Ti", "m",
                               "e5", "E", "0Pi", "0.e-10", "1.G", ".5"})
            QTest::newRow(ok) << QString::fromLatin1(ok) << true;
        for (const char* bad : {"", " 1", "1 ", "2gi", "2GB", "1e", "1e+", "Pi", "Ei", ".e-10", "1Mi5", "1ee5", "0x10",
                                "1e9223372036854775808", "1_000"})
            QTest::newRow(bad) << QString::fromLatin1(bad) << false;
    }
    void quantities()
    {
        QFETCH(QString, text);
        QFETCH(bool, accepted);
        QCOMPARE(isKubernetesQuantity(text), accepted);
    }

    void negativeQuantities()
    {
        bool negative = false;
        QVERIFY(isKubernetesQuantity(QStringLiteral("-1e-30"), &negative));
        QVERIFY(negative);
        QVERIFY(isKubernetesQuantity(QStringLiteral("-0e5"), &negative));
        QVERIFY(!negative);
    }

    void names()
    {
        QVERIFY(isDns1035Label(QStringLiteral("spark-pi")));
        QVERIFY(!isDns1035Label(QStringLiteral("1abc"))); // the operator's webhook refuses it
        QVERIFY(isDns1123Label(QStringLiteral("1abc")));
        QVERIFY(!isDns1123Label(QStringLiteral("a\n")));
        QVERIFY(isDns1035Label(QString(63, QLatin1Char('a'))));
        QVERIFY(!isDns1035Label(QString(64, QLatin1Char('a'))));
    }

    void images()
    {
        const QString hex64 = QStringLiteral("0123456789abcdef").repeated(4);
        for (const QString& ok : {QStringLiteral("spark:3.5.3"), QStringLiteral("[::1]:5000/a"), QStringLiteral("Registry/a"),
                                  QStringLiteral("a@sha512:") + hex64 + hex64, QStringLiteral("localhost:5000/a:b")})
            QVERIFY2(isImageReference(ok), qPrintable(ok));
        for (const QString& bad : {QStringLiteral("Spark:1"), QStringLiteral("a___b"), QStringLiteral("a._b"), hex64,
                                   QStringLiteral("a@sha256:") + hex64.toUpper(), QStringLiteral("-a.b/c"), QStringLiteral(" spark")})
            QVERIFY2(!isImageReference(bad), qPrintable(bad));
    }

    void formNameIsADns1035Label()
    {
        QVERIFY(problems(application(QStringLiteral("1abc"), QStringLiteral("2g"))).contains(QStringLiteral("metadata.name")));
        QVERIFY(problems(application(QStringLiteral("abc1"), QStringLiteral("2g"))).isEmpty());
    }

    void scheduledNameLeavesRoomForTheRunSuffix()
    {
        auto scheduled = [](int length) {
            return QStringLiteral("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: ScheduledSparkApplication\nmetadata:\n"
                                  "  name: %1\nspec:\n  schedule: \"@daily\"\n  template:\n    type: Scala\n    mode: cluster\n"
                                  "    image: spark:3.5.3\n    mainApplicationFile: local:///x.jar\n    sparkVersion: 3.5.3\n")
                .arg(QString(length, QLatin1Char('s')));
        };
        QVERIFY(!problems(scheduled(43)).contains(QStringLiteral("metadata.name")));
        QVERIFY(problems(scheduled(44)).value(QStringLiteral("metadata.name")).contains(QStringLiteral("at most 43")));
    }

    // The driver JVM starts with -Xmx + spark.driver.memory; executors get "<MiB>m" from Spark.
    void driverMemoryIsAlsoTheJvmHeap()
    {
        for (const char* ok : {"2g", "2G", "512m", " 2g ", "1t", "0512m"})
            QVERIFY2(problems(application(QStringLiteral("a"), QString::fromLatin1(ok))).isEmpty(), ok);
        const QHash<QString, QString> bare = problems(application(QStringLiteral("a"), QStringLiteral("2048")));
        QVERIFY2(bare.value(QStringLiteral("spec.driver.memory")).endsWith(QStringLiteral("write 2048m.")),
                 qPrintable(bare.value(QStringLiteral("spec.driver.memory"))));
        QVERIFY(!bare.contains(QStringLiteral("spec.executor.memory")));
        for (const char* bad : {"2gb", "1p", "2147483648b"})
            QVERIFY2(problems(application(QStringLiteral("a"), QString::fromLatin1(bad))).contains(QStringLiteral("spec.driver.memory")),
                     bad);
    }
};

QTEST_GUILESS_MAIN(TestKubeValidation)
#include "tst_kubevalidation.moc"
