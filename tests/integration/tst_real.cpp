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

#include "process.h"

class TestReal : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        const QString pathFile = qEnvironmentVariable("SPARKDECK_TEST_KUBECONFIG_FILE");
        QFile f(pathFile);
        QVERIFY2(!pathFile.isEmpty() && f.open(QIODevice::ReadOnly),
                 "the real cluster fixture did not run: start the tests with ctest (label real)");
        m_kubeconfig = QString::fromUtf8(f.readAll()).trimmed();
        QVERIFY2(QFileInfo::exists(m_kubeconfig), qPrintable(m_kubeconfig));
        m_kubectl = QFileInfo(m_kubeconfig).absoluteDir().filePath(QStringLiteral("bin/kubectl"));
        QVERIFY2(QFileInfo(m_kubectl).isExecutable(), qPrintable(m_kubectl));
        // `up --real` records its mode next to the kubeconfig.
        QFile mode(QFileInfo(m_kubeconfig).absoluteDir().filePath(QStringLiteral("mode")));
        QVERIFY(mode.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(mode.readAll()).trimmed(), QStringLiteral("real"));
    }

    void sparkPiFromTheFormRunsOnRealSpark()
    {
        ui::SessionOptions options;
        options.kubeconfigFiles = {m_kubeconfig};
        options.explicitKubeconfig = true;
        ui::MainWindow window(options);
        window.resize(1400, 860);
        window.show();
        QVERIFY(window.isConnected());
        QAbstractItemModelTester tester(window.applicationsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY_WITH_TIMEOUT(window.informer() && window.informer()->hasSynced(), 30000);

        const QString name = QStringLiteral("real-pi-") + QString::number(QRandomGenerator::global()->generate() % 0xFFFFFF, 16);
        const QString key = QStringLiteral("default/") + name;
        QStringList seen;
        auto record = [&] {
            const int row = window.applicationsModel()->rowOf(key);
            if (row < 0)
                return;
            const QString state = window.applicationsModel()->index(row, model::ApplicationsModel::State).data().toString();
            if (!state.isEmpty() && (seen.isEmpty() || seen.last() != state))
                seen << state;
        };
        connect(window.applicationsModel(), &QAbstractItemModel::dataChanged, this, record);
        connect(window.applicationsModel(), &QAbstractItemModel::rowsInserted, this, record);

        window.showEditor();
        ui::JobEditor* editor = window.jobEditor();
        QVERIFY(editor->loadPreset(QStringLiteral("spark-pi")));
        auto* nameEdit = qobject_cast<QLineEdit*>(editor->fieldWidget(QStringLiteral("metadata.name")));
        QVERIFY(nameEdit);
        nameEdit->selectAll();
        QTest::keyClicks(nameEdit, name);
        QTRY_VERIFY(editor->submitButton()->isEnabled());
        QTest::mouseClick(editor->submitButton(), Qt::LeftButton);
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
