// `sparkdeck submit --wait` against the real-mode local control plane (fixture `cluster_real`: the
// real Spark Operator v2.5.2 and Spark 4 run by the kubelet stand-in as local processes): the
// seeds' SparkPi (manifests/presets/10-spark-pi.yaml) submitted with --wait --logs ends 0 with the
// real driver's "Pi is roughly" on stdout and the progress on stderr; a missing main class ends
// FAILED, exit 1, with the operator's errorMessage and spark-submit's error on stderr.

#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include "tests/support/cli.h"
#include "tests/support/clusterpaths.h"

class TestCliReal : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_fixture = readClusterFixture();
        QVERIFY2(!m_fixture.kubeconfig.isEmpty(), qPrintable(m_fixture.error + QStringLiteral(" (label real)")));
        QCOMPARE(m_fixture.mode, QStringLiteral("real"));
        QFile preset(qEnvironmentVariable("SPARKDECK_SOURCE_DIR") + QStringLiteral("/manifests/presets/10-spark-pi.yaml"));
        QVERIFY(preset.open(QIODevice::ReadOnly));
        m_sparkPi = preset.readAll();
        QVERIFY(m_sparkPi.contains("  name: spark-pi\n"));
        QVERIFY(m_dir.isValid());
    }

    void cleanupTestCase()
    {
        for (const QString& name : std::as_const(m_created))
            runKubectl(m_fixture, {QStringLiteral("delete"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"), QStringLiteral("default"),
                                   QStringLiteral("--ignore-not-found"), QStringLiteral("--wait=false")},
                       Exit::MayFail);
    }

    void sparkPiWithWaitAndLogs()
    {
        const QString name = newName(QStringLiteral("cli-pi-"));
        QByteArray manifest = m_sparkPi;
        manifest.replace("  name: spark-pi\n", QStringLiteral("  name: %1\n").arg(name).toUtf8());
        const CliResult r = cli({QStringLiteral("submit"), writeFile(name, manifest), QStringLiteral("--logs"), QStringLiteral("--timeout"), QStringLiteral("20m")});
        QVERIFY2(r.exitCode == 0, describe(r));
        QVERIFY2(r.out.startsWith(QStringLiteral("sparkapplication.sparkoperator.k8s.io/%1 created\n").arg(name)), describe(r));
        QVERIFY2(r.out.contains(QStringLiteral("Pi is roughly 3.14")), describe(r));
        // The progress went to stderr, in order, and not into the log.
        const qsizetype submitted = r.err.indexOf(QStringLiteral("→ SUBMITTED"));
        const qsizetype running = r.err.indexOf(QStringLiteral("→ RUNNING"));
        const qsizetype completed = r.err.indexOf(QStringLiteral("→ COMPLETED"));
        QVERIFY2(submitted >= 0 && running > submitted && completed > running, describe(r));
        QVERIFY2(!r.out.contains(QStringLiteral("→ RUNNING")), describe(r));
    }

    void missingMainClassFails()
    {
        const QString name = newName(QStringLiteral("cli-noclass-"));
        QByteArray manifest = m_sparkPi;
        manifest.replace("  name: spark-pi\n", QStringLiteral("  name: %1\n").arg(name).toUtf8());
        manifest.replace("mainClass: org.apache.spark.examples.SparkPi", "mainClass: org.example.NoSuchMain");
        const CliResult r = cli({QStringLiteral("submit"), writeFile(name, manifest), QStringLiteral("--wait"), QStringLiteral("--timeout"), QStringLiteral("20m")});
        QVERIFY2(r.exitCode == 1, describe(r));
        QVERIFY2(r.out.contains(QStringLiteral("→ FAILED")), describe(r));
        const QString operatorError = runKubectl(m_fixture, {QStringLiteral("get"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"),
                                                             QStringLiteral("default"), QStringLiteral("-o"),
                                                             QStringLiteral("jsonpath={.status.applicationState.errorMessage}")})
                                          .out.trimmed();
        QVERIFY(!operatorError.isEmpty());
        QVERIFY2(r.err.contains(QStringLiteral("error: %1 FAILED: %2").arg(name, operatorError)), describe(r));
        QVERIFY2(r.err.contains(QStringLiteral("Failed to load class org.example.NoSuchMain")), describe(r));
    }

private:
    CliResult cli(const QStringList& args)
    {
        return runCli(args + QStringList{QStringLiteral("--kubeconfig"), m_fixture.kubeconfig}, {}, {}, 1'320'000);
    }

    QString newName(const QString& prefix)
    {
        const QString name = prefix + QString::number(QRandomGenerator::global()->generate() % 0xFFFFFF, 16);
        m_created << name;
        return name;
    }

    QString writeFile(const QString& name, const QByteArray& content)
    {
        const QString path = m_dir.filePath(name + QStringLiteral(".yaml"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(content);
        return path;
    }

    ClusterFixture m_fixture;
    QTemporaryDir m_dir;
    QByteArray m_sparkPi;
    QStringList m_created;
};

QTEST_GUILESS_MAIN(TestCliReal)
#include "tst_cli_real.moc"
