// Spark byte sizes (spark.driver.memory, spark.executor.memoryOverhead): exactly what Spark's
// JavaUtils.byteStringAs accepts, with a correction where one is obvious.

#include "models/sparkapplication.h"
#include "models/sparksize.h"

#include <QTest>

using model::parseSparkByteSize;
using model::SparkByteUnit;

class TestSparkSize : public QObject {
    Q_OBJECT
private slots:
    void accepted_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("mib");
        QTest::newRow("m") << "512m" << qint64(512);
        QTest::newRow("g") << "2g" << qint64(2048);
        QTest::newRow("upper") << "2G" << qint64(2048);
        QTest::newRow("gb") << "1gb" << qint64(1024);
        QTest::newRow("MB") << "512MB" << qint64(512);
        QTest::newRow("k rounds down") << "1500k" << qint64(1);
        QTest::newRow("b") << "1048576b" << qint64(1);
        QTest::newRow("no suffix is MiB") << "2048" << qint64(2048);
        QTest::newRow("trimmed") << " 4g\t" << qint64(4096);
        QTest::newRow("t") << "1t" << qint64(1024 * 1024);
        QTest::newRow("pb") << "1pb" << qint64(1024LL * 1024 * 1024);
        QTest::newRow("leading zeros") << "0000000000000000000000512m" << qint64(512);
        QTest::newRow("long max bytes") << "9223372036854775807b" << qint64(8796093022207);
    }
    void accepted()
    {
        QFETCH(QString, text);
        QFETCH(qint64, mib);
        const model::SparkByteSize size = parseSparkByteSize(text);
        QVERIFY2(size.value, qPrintable(size.error));
        QCOMPARE(*size.value, mib);
        QVERIFY(size.error.isEmpty());
    }

    void rejected_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("suggestion");
        QTest::newRow("Gi") << "2Gi" << "2g";
        QTest::newRow("Mi") << "512Mi" << "512m";
        QTest::newRow("GiB") << "4GiB" << "4g";
        QTest::newRow("fraction") << "1.5g" << "1536m";
        QTest::newRow("fraction Gi") << "0.5Gi" << "512m";
        QTest::newRow("fraction m") << "1.25m" << "1280k";
        QTest::newRow("fraction not whole") << "1.1g" << "1126m";
        QTest::newRow("space inside") << "2 g" << "2g";
        QTest::newRow("Ei") << "1Ei" << "1024p";
        QTest::newRow("unknown suffix") << "2x" << "";
        QTest::newRow("words") << "lots" << "";
        QTest::newRow("negative") << "-1g" << "";
        QTest::newRow("empty") << "" << "";
        QTest::newRow("long overflow") << "9223372036854775808" << "";
        QTest::newRow("conversion overflow") << "9007199254740992p" << "";
        QTest::newRow("unicode digits") << QStringLiteral("٢g") << "";
    }
    void rejected()
    {
        QFETCH(QString, text);
        QFETCH(QString, suggestion);
        const model::SparkByteSize size = parseSparkByteSize(text);
        QVERIFY(!size.value);
        QCOMPARE(size.suggestion, suggestion);
        QVERIFY2(size.error.startsWith(QStringLiteral("\"%1\" is not a Spark memory size: ").arg(text)), qPrintable(size.error));
        if (!suggestion.isEmpty())
            QVERIFY2(size.error.endsWith(QStringLiteral("; write %1.").arg(suggestion)), qPrintable(size.error));
    }

    void messageNamesWhatSparkAccepts()
    {
        QCOMPARE(parseSparkByteSize(QStringLiteral("2Gi")).error,
                 QStringLiteral("\"2Gi\" is not a Spark memory size: Spark accepts a whole number with b, k, m, g, t or p "
                                "(e.g. 512m, 2g); write 2g."));
        QVERIFY(parseSparkByteSize(QStringLiteral("1.5g")).error.contains(QStringLiteral("fractions")));
    }

    void bytesUnit()
    {
        QCOMPARE(*parseSparkByteSize(QStringLiteral("1k"), SparkByteUnit::Byte).value, qint64(1024));
        QCOMPARE(*parseSparkByteSize(QStringLiteral("3"), SparkByteUnit::Byte).value, qint64(3));
        QVERIFY(!parseSparkByteSize(QStringLiteral("8192p"), SparkByteUnit::Byte).value); // 2^63 bytes overflows
    }

    void validateUsesSparkRules()
    {
        // Spark sizes (memory, memoryOverhead) reject Kubernetes suffixes; Kubernetes quantities
        // (memoryLimit, coreLimit) take them.
        const auto doc = model::YamlDocument::parse(QStringLiteral(
            "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: a\nspec:\n  type: Scala\n"
            "  mode: cluster\n  image: spark:3.5.3\n  mainApplicationFile: local:///x.jar\n  sparkVersion: 3.5.3\n"
            "  driver:\n    memory: 2Gi\n    memoryOverhead: 1.5g\n    memoryLimit: 3Gi\n    coreLimit: 1200m\n"
            "  executor:\n    memory: 2g\n    memoryOverhead: 512Mi\n"),
            nullptr);
        QVERIFY(doc);
        QHash<QString, QString> problems;
        for (const model::FieldProblem& p : model::validate(*doc))
            if (!p.warning)
                problems.insert(p.path, p.message);
        QVERIFY2(problems.value(QStringLiteral("spec.driver.memory")).endsWith(QStringLiteral("write 2g.")),
                 qPrintable(problems.value(QStringLiteral("spec.driver.memory"))));
        QVERIFY(problems.value(QStringLiteral("spec.driver.memoryOverhead")).endsWith(QStringLiteral("write 1536m.")));
        QVERIFY(problems.value(QStringLiteral("spec.executor.memoryOverhead")).endsWith(QStringLiteral("write 512m.")));
        QVERIFY(!problems.contains(QStringLiteral("spec.executor.memory")));
        QVERIFY(!problems.contains(QStringLiteral("spec.driver.memoryLimit")));
        QVERIFY(!problems.contains(QStringLiteral("spec.driver.coreLimit")));
    }
};

QTEST_MAIN(TestSparkSize)
#include "tst_sparksize.moc"
