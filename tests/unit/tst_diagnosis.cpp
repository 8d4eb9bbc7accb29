// model::diagnose() on recorded failures: objects, events and pods as the API server, the
// scheduler, the kubelet and the Spark Operator v2.5.2 write them (tests/unit/diagnosis/*.json).
#include "models/diagnosis.h"
#include "tests/support/diagnosisfixture.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {

model::DiagnosisInput load(const QString& name)
{
    return loadDiagnosisFixture(name);
}

} // namespace

class TestDiagnosis : public QObject {
    Q_OBJECT
private slots:
    void recorded_data();
    void recorded();
    void completedIsNotDiagnosed();
    void resolvedSchedulingIsIgnored();
    void oomKilledComparesLimitWithSparkMemory();
    void pythonOverheadFactor();
    void executorServiceAccount();
    void emptyInput();
    void lines();
};

void TestDiagnosis::recorded_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("cause");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QStringList>("inSummary");
    QTest::addColumn<QString>("inEvidence");

    QTest::newRow("OOMKilled driver") << "oomkilled" << "OOMKilled" << "spec.driver.memoryOverhead"
                                      << QStringList{"1408Mi", "spec.driver.memory 1g + 384Mi overhead = 1408Mi"}
                                      << "terminated OOMKilled (exit code 137), memory limit 1408Mi";
    QTest::newRow("ImagePullBackOff") << "imagepullbackoff" << "ImagePull" << "spec.image"
                                      << QStringList{"apache/spark:3.5.9", "not found"} << "waiting ImagePullBackOff (image apache/spark:3.5.9)";
    QTest::newRow("Evicted") << "evicted" << "Evicted" << "spec.driver.memoryOverhead"
                             << QStringList{"evicted the driver pod", "1408Mi"} << "Evicted: The node was low on resource: memory";
    QTest::newRow("CrashLoopBackOff") << "crashloopbackoff" << "CrashLoopBackOff" << ""
                                      << QStringList{"keeps crashing", "exit code 1", "4 restarts", "Invalid url in bootstrap.servers"}
                                      << "waiting CrashLoopBackOff";
    QTest::newRow("FailedScheduling Insufficient memory") << "insufficient-memory" << "InsufficientMemory" << "spec.driver.memory"
                                                          << QStringList{"72089Mi", "spec.driver.memory 64g + 6553Mi overhead", "3 Insufficient memory"}
                                                          << "Warning FailedScheduling pod/big-join-driver: 0/3 nodes are available: 3 Insufficient memory";
    QTest::newRow("FailedMount") << "failedmount" << "FailedMount" << "spec.volumes"
                                 << QStringList{"\"app-config\"", "ConfigMap \"etl-settings\"", "namespace default"}
                                 << "Warning FailedMount pod/nightly-agg-driver";
    QTest::newRow("missing service account") << "missing-serviceaccount" << "ServiceAccountMissing" << "spec.driver.serviceAccount"
                                             << QStringList{"\"spark-runner\" does not exist in namespace default"}
                                             << "error looking up service account default/spark-runner";
    QTest::newRow("untolerated taint") << "taint" << "Taint" << "spec.executor.tolerations"
                                       << QStringList{"executor pod", "{dedicated: gpu}"} << "FailedScheduling pod/gputrain-1f9a2b3c4d5e6f70-exec-1";
    QTest::newRow("missing image pull secret") << "missing-pullsecret" << "ImagePullSecretMissing" << "spec.imagePullSecrets"
                                               << QStringList{"\"regcred\"", "registry.example.com/data/spark-etl:1.4.2"}
                                               << "FailedToRetrieveImagePullSecret";
    QTest::newRow("wrong main class") << "wrong-mainclass" << "MainClassNotFound" << "spec.mainClass"
                                      << QStringList{"org.apache.spark.examples.SparkPie"} << "driver log: Error: Failed to load class";
    QTest::newRow("driver pod not found") << "driver-pod-not-found" << "DriverPodNotFound" << ""
                                          << QStringList{"driver pod disappeared"} << "errorMessage: driver pod not found";
}

void TestDiagnosis::recorded()
{
    QFETCH(QString, fixture);
    QFETCH(QString, cause);
    QFETCH(QString, field);
    QFETCH(QStringList, inSummary);
    QFETCH(QString, inEvidence);
    const model::Diagnosis d = model::diagnose(load(fixture));
    QCOMPARE(d.cause, cause);
    QCOMPARE(d.field, field);
    for (const QString& s : inSummary)
        QVERIFY2(d.summary.contains(s), qPrintable(d.summary + " lacks " + s));
    // One sentence each.
    QVERIFY2(d.summary.endsWith(QLatin1Char('.')) && !d.summary.contains(QLatin1Char('\n')), qPrintable(d.summary));
    QVERIFY(d.remedy.endsWith(QLatin1Char('.')));
    if (!field.isEmpty())
        QVERIFY2(d.remedy.contains(field.section(QLatin1Char('.'), -1)) || d.remedy.contains(field), qPrintable(d.remedy));
    QVERIFY2(d.evidence.join(QLatin1Char('\n')).contains(inEvidence), qPrintable(d.evidence.join(QLatin1Char('\n'))));
}

void TestDiagnosis::completedIsNotDiagnosed()
{
    QVERIFY(model::diagnose(load(QStringLiteral("completed"))).isEmpty());
}

void TestDiagnosis::resolvedSchedulingIsIgnored()
{
    // An Insufficient cpu before the pod was scheduled is history: the exception is the cause.
    const model::Diagnosis d = model::diagnose(load(QStringLiteral("resolved-scheduling")));
    QCOMPARE(d.cause, QStringLiteral("DriverFailed"));
    QVERIFY(d.summary.contains(QLatin1String("exit code 1")));
    QVERIFY(d.summary.contains(QLatin1String("PATH_NOT_FOUND")));
}

void TestDiagnosis::oomKilledComparesLimitWithSparkMemory()
{
    // An executor with 4g and a given overhead: the limit quoted is the pod's (4608Mi), and the
    // arithmetic is Spark's.
    model::DiagnosisInput in = load(QStringLiteral("oomkilled"));
    QJsonObject spec = in.application.value(QLatin1String("spec")).toObject();
    QJsonObject executor = spec.value(QLatin1String("executor")).toObject();
    executor.insert(QStringLiteral("memory"), QStringLiteral("4g"));
    executor.insert(QStringLiteral("memoryOverhead"), QStringLiteral("512m"));
    spec.insert(QStringLiteral("executor"), executor);
    in.application.insert(QStringLiteral("spec"), spec);
    QJsonObject pod = in.pods.constFirst();
    QJsonObject labels = pod.value(QLatin1String("metadata")).toObject().value(QLatin1String("labels")).toObject();
    labels.insert(QStringLiteral("spark-role"), QStringLiteral("executor"));
    QJsonObject meta = pod.value(QLatin1String("metadata")).toObject();
    meta.insert(QStringLiteral("labels"), labels);
    meta.insert(QStringLiteral("name"), QStringLiteral("etl-daily-7d3f-exec-2"));
    pod.insert(QStringLiteral("metadata"), meta);
    QJsonObject podSpec = pod.value(QLatin1String("spec")).toObject();
    QJsonArray containers = podSpec.value(QLatin1String("containers")).toArray();
    QJsonObject c = containers.at(0).toObject();
    c.insert(QStringLiteral("resources"), QJsonObject{{QStringLiteral("limits"), QJsonObject{{QStringLiteral("memory"), QStringLiteral("4608Mi")}}}});
    containers[0] = c;
    podSpec.insert(QStringLiteral("containers"), containers);
    pod.insert(QStringLiteral("spec"), podSpec);
    in.pods = {pod};
    const model::Diagnosis d = model::diagnose(in);
    QCOMPARE(d.cause, QStringLiteral("OOMKilled"));
    QCOMPARE(d.field, QStringLiteral("spec.executor.memoryOverhead"));
    QVERIFY2(d.summary.contains(QLatin1String("limit of 4608Mi (spec.executor.memory 4g + 512Mi overhead = 4608Mi)")), qPrintable(d.summary));
    QVERIFY(d.remedy.contains(QLatin1String("now 512Mi")));
}

void TestDiagnosis::pythonOverheadFactor()
{
    // Python: factor 0.4, so 64g needs 64g + 26214Mi; the remedy names the factor.
    model::DiagnosisInput in = load(QStringLiteral("insufficient-memory"));
    QJsonObject spec = in.application.value(QLatin1String("spec")).toObject();
    spec.insert(QStringLiteral("type"), QStringLiteral("Python"));
    in.application.insert(QStringLiteral("spec"), spec);
    in.pods.clear(); // the pod is gone: Spark's arithmetic stands in for its requests
    const model::Diagnosis d = model::diagnose(in);
    QCOMPARE(d.cause, QStringLiteral("InsufficientMemory"));
    QVERIFY2(d.summary.contains(QLatin1String("spec.driver.memory 64g + 26214Mi overhead = 91750Mi")), qPrintable(d.summary));
    QVERIFY2(d.remedy.contains(QLatin1String("40 %")), qPrintable(d.remedy));
    QVERIFY2(d.remedy.contains(QLatin1String("largest node: 16291900Ki")), qPrintable(d.remedy));
}

void TestDiagnosis::executorServiceAccount()
{
    // The driver creates the executors: a missing executor account is in the driver's log.
    model::DiagnosisInput in = load(QStringLiteral("wrong-mainclass"));
    QJsonObject spec = in.application.value(QLatin1String("spec")).toObject();
    QJsonObject executor = spec.value(QLatin1String("executor")).toObject();
    executor.insert(QStringLiteral("serviceAccount"), QStringLiteral("exec-sa"));
    spec.insert(QStringLiteral("executor"), executor);
    in.application.insert(QStringLiteral("spec"), spec);
    in.firstException = QStringLiteral(
        "io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: POST at: https://10.96.0.1:443/api/v1/namespaces/default/pods. "
        "Message: pods \"spark-pi-typo-5c1e-exec-1\" is forbidden: error looking up service account default/exec-sa: serviceaccount \"exec-sa\" not found.");
    const model::Diagnosis d = model::diagnose(in);
    QCOMPARE(d.cause, QStringLiteral("ServiceAccountMissing"));
    QCOMPARE(d.field, QStringLiteral("spec.executor.serviceAccount"));
}

void TestDiagnosis::emptyInput()
{
    QVERIFY(model::diagnose({}).isEmpty());
    model::DiagnosisInput in;
    in.application = QJsonObject{{QStringLiteral("status"), QJsonObject{{QStringLiteral("applicationState"),
                                                                         QJsonObject{{QStringLiteral("state"), QStringLiteral("FAILED")}}}}}};
    const model::Diagnosis d = model::diagnose(in);
    QCOMPARE(d.cause, QStringLiteral("Failed"));
    QVERIFY(d.field.isEmpty());
}

void TestDiagnosis::lines()
{
    const QStringList l = model::diagnosisLines(model::diagnose(load(QStringLiteral("failedmount"))));
    QVERIFY(l.value(0).startsWith(QLatin1String("The driver pod cannot start")));
    QVERIFY(l.value(1).startsWith(QLatin1String("Change: Create the ConfigMap \"etl-settings\"")));
    QCOMPARE(l.value(2), QStringLiteral("Field: spec.volumes"));
    QCOMPARE(l.value(3), QStringLiteral("Evidence:"));
    QVERIFY(l.value(4).startsWith(QLatin1String("  Warning FailedMount pod/nightly-agg-driver: MountVolume.SetUp failed")));
    QVERIFY(model::diagnosisLines({}).isEmpty());
}

QTEST_GUILESS_MAIN(TestDiagnosis)
#include "tst_diagnosis.moc"
