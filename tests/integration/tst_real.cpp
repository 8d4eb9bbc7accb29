// End to end against the real-mode local control plane (tests/cluster/up --real, started by
// tests/integration/fixture): real kube-scheduler, kube-controller-manager, Kubeflow Spark Operator
// (controller and webhook) and Spark; the kubelet stand-in runs the pods' containers as local JVMs.
//
// The SparkPi template submitted from the job editor is submitted by the real operator with Spark's
// spark-submit and reaches COMPLETED in the table; the log pane holds the real driver's log, equal to
// `kubectl logs`; the executors were real pods.

#include "applicationsmodel.h"
#include "applicationsview.h"
#include "informer.h"
#include "jobeditor.h"
#include "kubeconfig.h"
#include "logviewer.h"
#include "mainwindow.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QTest>

#include "clusterfixture.h"
#include "process.h"

class TestReal : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        const ClusterFixture fixture = readClusterFixture();
        QVERIFY2(!fixture.kubeconfig.isEmpty(), qPrintable(fixture.error + QStringLiteral(" (label real)")));
        m_kubeconfig = fixture.kubeconfig;
        m_kubectl = fixture.kubectl;
        // `up --real` records its mode next to the kubeconfig.
        QFile mode(QFileInfo(m_kubeconfig).absoluteDir().filePath(QStringLiteral("mode")));
        QVERIFY(mode.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(mode.readAll()).trimmed(), QStringLiteral("real"));
    }

    void sparkPiFromTheFormRunsOnRealSpark()
    {
        ui::MainWindow window(fixtureSessionOptions(m_kubeconfig));
        window.resize(1400, 860);
        window.show();
        QVERIFY(window.isConnected());
        QAbstractItemModelTester tester(window.applicationsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY_WITH_TIMEOUT(window.informer() && window.informer()->hasSynced(), 30000);

        const QString name = QStringLiteral("real-pi-") + QString::number(QRandomGenerator::global()->generate() % 0xFFFFFF, 16);
        const QString key = QStringLiteral("default/") + name;
        QStringList seen;
        recordStates(window.applicationsModel(), key, &seen, &window);

        // Fill the form like a user (preset, then the name) and submit.
        submitPresetFromEditor(window, QStringLiteral("spark-pi"), name);
        if (QTest::currentTestFailed())
            return;
        ui::JobEditor* editor = window.jobEditor();
        QTRY_VERIFY2_WITH_TIMEOUT(editor->messageText().contains(QStringLiteral("Created SparkApplication default/") + name),
                                  qPrintable(editor->messageText()), 30000);
        QTRY_COMPARE(window.applicationsView()->currentKey(), key);

        // The real operator: SUBMITTED (spark-submit ran) → RUNNING → COMPLETED. JVMs on a busy
        // machine take minutes.
        QTRY_VERIFY2_WITH_TIMEOUT(seen.contains(QStringLiteral("COMPLETED")) || seen.contains(QStringLiteral("FAILED"))
                                      || seen.contains(QStringLiteral("SUBMISSION_FAILED")),
                                  qPrintable(seen.join(QStringLiteral(" → "))), 900000);
        QVERIFY2(seen.contains(QStringLiteral("COMPLETED")), qPrintable(seen.join(QStringLiteral(" → "))));
        QVERIFY2(seen.contains(QStringLiteral("RUNNING")), qPrintable(seen.join(QStringLiteral(" → "))));
        QVERIFY2(seen.indexOf(QStringLiteral("RUNNING")) < seen.indexOf(QStringLiteral("COMPLETED")),
                 qPrintable(seen.join(QStringLiteral(" → "))));

        // The log pane holds Spark's own driver log, as kubectl shows it.
        QCOMPARE(window.logViewer()->target(), QStringLiteral("default/%1-driver/spark-kubernetes-driver").arg(name));
        QTRY_VERIFY_WITH_TIMEOUT(window.logViewer()->text().contains(QStringLiteral("Pi is roughly 3.14")), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(window.logViewer()->streamState(), kube::LogStream::State::Ended, 60000);
        const QString text = window.logViewer()->text();
        QVERIFY(text.contains(QStringLiteral("Running Spark version 4.")));
        const QString kubectlLog = kubectl({QStringLiteral("logs"), name + QStringLiteral("-driver"), QStringLiteral("-n"),
                                            QStringLiteral("default"), QStringLiteral("-c"),
                                            QStringLiteral("spark-kubernetes-driver")})
                                       .out;
        QCOMPARE(text.trimmed(), kubectlLog.trimmed());

        // Spark's driver asked for two executors; the scheduler bound them, they ran, and the
        // operator tracked them (Spark deletes the pods when the driver ends).
        const QByteArray executors = kubectl({QStringLiteral("get"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"),
                                              QStringLiteral("default"), QStringLiteral("-o"),
                                              QStringLiteral("jsonpath={.status.executorState}")})
                                         .out.toUtf8();
        QCOMPARE(QJsonDocument::fromJson(executors).object().size(), 2);
    }

private:
    ProcessResult kubectl(const QStringList& args)
    {
        return runProcess(m_kubectl, QStringList{QStringLiteral("--kubeconfig"), m_kubeconfig} + args);
    }

    QString m_kubeconfig;
    QString m_kubectl;
};

QTEST_MAIN(TestReal)
#include "tst_real.moc"
