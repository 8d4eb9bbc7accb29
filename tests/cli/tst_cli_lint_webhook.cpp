// `sparkdeck lint`'s webhook rules against the oracle: the Spark Operator v2.5.2's own admission
// webhook in the real-mode control plane (tests/cluster/up --real). Every manifest lint refuses by a
// webhook rule is denied by the webhook with lint's message, and the files lint finds no error in
// are admitted.

#include "tests/support/cli.h"
#include "tests/support/clusterpaths.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

QString sourceDir()
{
    return qEnvironmentVariable("SPARKDECK_SOURCE_DIR");
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray clean()
{
    return readAll(sourceDir() + QStringLiteral("/tests/cli/lint/clean.yaml"));
}

// clean.yaml with `extra` appended to its spec.
QByteArray withSpec(const QByteArray& extra)
{
    return clean() + extra;
}

} // namespace

class TestCliLintWebhook : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_cluster = readClusterFixture();
        QVERIFY2(!m_cluster.kubeconfig.isEmpty(), qPrintable(m_cluster.error));
        QVERIFY(m_dir.isValid());
    }

    void deniedAsLintSays_data()
    {
        QTest::addColumn<QByteArray>("manifest");
        const QString lintDir = sourceDir() + QStringLiteral("/tests/cli/lint/");
        QTest::newRow("rejected-sparkconf.yaml") << readAll(lintDir + QStringLiteral("rejected-sparkconf.yaml"));
        QTest::newRow("node-selector-conflict.yaml") << readAll(lintDir + QStringLiteral("node-selector-conflict.yaml"));
        for (const char* key : {"spark.kubernetes.authenticate.driver.serviceAccountName",
                                "spark.kubernetes.authenticate.executor.serviceAccountName",
                                "spark.kubernetes.authenticate.oauthTokenFile", "spark.kubernetes.authenticate.oauthToken",
                                "spark.kubernetes.authenticate.driver.oauthTokenFile", "spark.kubernetes.authenticate.driver.oauthToken",
                                "spark.kubernetes.authenticate.executor.oauthTokenFile",
                                "spark.kubernetes.authenticate.executor.oauthToken", "spark.master", "spark.kubernetes.driver.master",
                                "spark.kubernetes.container.image", "spark.kubernetes.driver.container.image",
                                "spark.kubernetes.executor.container.image"})
            QTest::newRow(key) << withSpec(QByteArray("  sparkConf:\n    ") + key + ": \"x\"\n");
        QTest::newRow("spark.kubernetes.namespace") << withSpec("  sparkConf:\n    spark.kubernetes.namespace: elsewhere\n");
        QTest::newRow("name") << clean().replace("name: spark-pi", "name: 1spark-pi");
        QTest::newRow("template before Spark 3")
            << clean().replace("sparkVersion: 4.0.2", "sparkVersion: 2.4.8") + "    template: {metadata: {labels: {a: b}}}\n";
        QTest::newRow("duplicate servicePort")
            << withSpec("  driverIngressOptions:\n  - {servicePort: 4040, servicePortName: a, ingressURLFormat: a}\n"
                        "  - {servicePort: 4040, servicePortName: b, ingressURLFormat: b}\n");
        QTest::newRow("duplicate ingressURLFormat")
            << withSpec("  driverIngressOptions:\n  - {servicePort: 4040, servicePortName: a, ingressURLFormat: a}\n"
                        "  - {servicePort: 4041, servicePortName: b, ingressURLFormat: a}\n");
        QTest::newRow("empty ingressURLFormat") << withSpec("  driverIngressOptions:\n  - {servicePort: 4040, servicePortName: a}\n");
        const QByteArray scheduled = "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: ScheduledSparkApplication\nmetadata:\n"
                                     "  name: nightly-pi\n  namespace: default\nspec:\n  schedule: \"@daily\"\n  template:\n"
                                     "    type: Scala\n    image: spark:4.0.2\n    sparkVersion: 4.0.2\n"
                                     "    mainApplicationFile: local:///x.jar\n    driver: {cores: 1, memory: 512m}\n"
                                     "    executor: {instances: 1, memory: 512m}\n";
        QTest::newRow("scheduled spark.master") << scheduled + "    sparkConf: {spark.master: \"local[*]\"}\n";
        QTest::newRow("scheduled name") << QByteArray(scheduled).replace("name: nightly-pi", "name: 9-nightly");
    }

    void deniedAsLintSays()
    {
        QFETCH(QByteArray, manifest);
        const QStringList messages = webhookErrors(manifest);
        QVERIFY2(!messages.isEmpty(), "lint finds no webhook error");
        const ProcessResult server = create(manifest);
        QVERIFY2(server.exitCode != 0, qPrintable(server.out));
        QVERIFY2(server.err.contains(QLatin1String("admission webhook")), qPrintable(server.err));
        bool named = false;
        for (const QString& m : messages)
            named = named || server.err.contains(QStringLiteral("denied the request: ") + m);
        QVERIFY2(named, qPrintable(QStringLiteral("the webhook says %1, lint says %2").arg(server.err.trimmed(), messages.join(" | "))));
    }

    void admittedWhereLintFindsNoError_data()
    {
        QTest::addColumn<QByteArray>("manifest");
        const QString lintDir = sourceDir() + QStringLiteral("/tests/cli/lint/");
        for (const char* file : {"clean.yaml", "inline-password.yaml", "duplicate-field.yaml"})
            QTest::newRow(file) << readAll(lintDir + QString::fromLatin1(file));
        QTest::newRow("spark.kubernetes.namespace equal") << withSpec("  sparkConf:\n    spark.kubernetes.namespace: default\n");
        QTest::newRow("template with Spark 3.0.0")
            << clean().replace("sparkVersion: 4.0.2", "sparkVersion: 3.0.0") + "    template: {metadata: {labels: {a: b}}}\n";
        QTest::newRow("node selector at one level") << withSpec("  nodeSelector: {pool: spark}\n");
    }

    void admittedWhereLintFindsNoError()
    {
        QFETCH(QByteArray, manifest);
        const CliResult lint = runCli({QStringLiteral("lint"), QStringLiteral("-")}, manifest);
        QVERIFY2(lint.exitCode == 0, describe(lint));
        const ProcessResult server = create(manifest);
        QVERIFY2(server.exitCode == 0, qPrintable(server.err));
    }

private:
    QStringList webhookErrors(const QByteArray& manifest)
    {
        const CliResult r = runCli({QStringLiteral("lint"), QStringLiteral("-o"), QStringLiteral("json"), QStringLiteral("-")}, manifest);
        QStringList out;
        for (const QJsonValue& v : QJsonDocument::fromJson(r.out.toUtf8()).array()) {
            const QJsonObject f = v.toObject();
            if (f.value(QLatin1String("rule")).toString() == QLatin1String("webhook")
                && f.value(QLatin1String("severity")).toString() == QLatin1String("error"))
                out << f.value(QLatin1String("message")).toString();
        }
        return out;
    }

    ProcessResult create(const QByteArray& manifest)
    {
        const QString file = m_dir.filePath(QStringLiteral("manifest-%1.yaml").arg(++m_files));
        QFile f(file);
        if (!f.open(QIODevice::WriteOnly) || f.write(manifest) != manifest.size())
            return {};
        f.close();
        return runKubectl(m_cluster, {QStringLiteral("create"), QStringLiteral("--dry-run=server"), QStringLiteral("--validate=strict"),
                                      QStringLiteral("-n"), QStringLiteral("default"), QStringLiteral("-f"), file},
                          Exit::MayFail);
    }

    ClusterFixture m_cluster;
    QTemporaryDir m_dir;
    int m_files = 0;
};

QTEST_GUILESS_MAIN(TestCliLintWebhook)
#include "tst_cli_lint_webhook.moc"
