// model::sparkRequests (what a SparkApplication's pods ask a ResourceQuota for, Spark's memory
// overhead included), Kubernetes quantities, and session::labelSelectorText.

#include "app/session/doctor.h"
#include "models/sparkrequests.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

class TstSparkRequests : public QObject {
    Q_OBJECT
private slots:
    void quantities()
    {
        QCOMPARE(model::parseKubeQuantity(QStringLiteral("500m")).value_or(-1), 0.5);
        QCOMPARE(model::parseKubeQuantity(QStringLiteral("2")).value_or(-1), 2.0);
        QCOMPARE(model::parseKubeQuantity(QStringLiteral("1Gi")).value_or(-1), 1073741824.0);
        QCOMPARE(model::parseKubeQuantity(QStringLiteral("1.5G")).value_or(-1), 1.5e9);
        QCOMPARE(model::parseKubeQuantity(QStringLiteral("1e3")).value_or(-1), 1000.0);
        QVERIFY(!model::parseKubeQuantity(QStringLiteral("2GB")));
        QVERIFY(!model::parseKubeQuantity(QStringLiteral("lots")));
        QCOMPARE(model::formatCpu(2.5), QStringLiteral("2500m"));
        QCOMPARE(model::formatCpu(3), QStringLiteral("3"));
        QCOMPARE(model::formatBytes(2688.0 * 1024 * 1024), QStringLiteral("2688Mi"));
        QCOMPARE(model::formatBytes(4.0 * 1024 * 1024 * 1024), QStringLiteral("4Gi"));
        QCOMPARE(model::formatBytes(1000), QStringLiteral("1000"));
    }

    void sparkPi()
    {
        // The shipped SparkPi: driver and 2 executors of 1 core, 512m + 384 MiB overhead (10 % is less).
        const QJsonObject spec = QJsonDocument::fromJson(R"({"type":"Scala","driver":{"cores":1,"memory":"512m"},
            "executor":{"instances":2,"cores":1,"memory":"512m"}})").object();
        const model::SparkRequests r = model::sparkRequests(spec);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.pods(), 3);
        QCOMPARE(r.cpuRequests(), 3.0);
        QCOMPARE(r.driver.memoryOverhead, 384.0 * 1024 * 1024);
        QCOMPARE(r.memory(), 3 * 896.0 * 1024 * 1024);
    }

    void overheadRules()
    {
        // 10 % above 3840m; Python 40 %; an explicit overhead, a factor, coreRequest and Spark's defaults.
        auto spec = [](const char* json) { return QJsonDocument::fromJson(json).object(); };
        model::SparkRequests r = model::sparkRequests(spec(R"({"driver":{"memory":"8g"},"executor":{"instances":1,"memory":"4g"}})"));
        QCOMPARE(r.driver.memoryOverhead, 819.0 * 1024 * 1024);
        QCOMPARE(r.executor.memoryOverhead, 409.0 * 1024 * 1024);
        r = model::sparkRequests(spec(R"({"type":"Python","driver":{"memory":"1g"},"executor":{"instances":1}})"));
        QCOMPARE(r.driver.memoryOverhead, 409.0 * 1024 * 1024);
        r = model::sparkRequests(spec(R"({"memoryOverheadFactor":"0.2","driver":{"memory":"4g","memoryOverhead":"1g","coreRequest":"500m"},
                                          "executor":{"memory":"4g","coreLimit":"2"}})"));
        QCOMPARE(r.driver.memoryOverhead, 1024.0 * 1024 * 1024);
        QCOMPARE(r.executor.memoryOverhead, 819.0 * 1024 * 1024);
        QCOMPARE(r.driver.cpuRequest, 0.5);
        QCOMPARE(r.executor.cpuLimit, 2.0);
        QCOMPARE(r.executors, 2); // Spark's default spark.executor.instances
        r = model::sparkRequests(spec(R"({"driver":{"memory":"2Gi"}})"));
        QVERIFY(r.error.startsWith(QLatin1String("spec.driver.memory: ")));
    }

    void selectors()
    {
        const QJsonObject selector = QJsonDocument::fromJson(R"({"matchLabels":{"team":"a"},"matchExpressions":[
            {"key":"kubernetes.io/metadata.name","operator":"In","values":["default","jobs"]},
            {"key":"env","operator":"NotIn","values":["prod"]},{"key":"spark","operator":"Exists"},
            {"key":"off","operator":"DoesNotExist"}]})").object();
        QCOMPARE(session::labelSelectorText(selector),
                 QStringLiteral("team=a,kubernetes.io/metadata.name in (default,jobs),env notin (prod),spark,!off"));
        QCOMPARE(session::labelSelectorText({}), QString());
    }
};

QTEST_GUILESS_MAIN(TstSparkRequests)
#include "tst_sparkrequests.moc"
