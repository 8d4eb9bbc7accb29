// End to end against the real-mode local control plane (tests/cluster/up --real, started by
// tests/integration/fixture): real kube-scheduler, kube-controller-manager, Kubeflow Spark Operator
// (controller and webhook) and Spark; the kubelet stand-in runs the pods' containers as local JVMs.
//
// Submitted from the job editor: the SparkPi and PySpark Pi templates reach COMPLETED in the table
// with the real driver's log in the log pane (equal to `kubectl logs`) and their executors' pods in
// the Pods tab; a wrong main class ends FAILED with spark-submit's message as the first exception in
// Details; a missing driver service account ends SUBMISSION_FAILED with the API server's refusal in
// Details; a sparkConf key the operator's webhook rejects is refused at submit with the webhook's
// message in the editor. Deleting a RUNNING application leaves none of its processes behind;
// suspend → SUSPENDED (processes gone) → resume → RUNNING again. Spark JVMs on a busy machine take minutes: the waits are generous.

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
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QTimer>
#include <QRandomGenerator>
#include <QTest>

#include "clusterfixture.h"
#include "detailspane.h"
#include "podsmodel.h"
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
        QSet<QString> executorPods;
        recordExecutorPods(window, &executorPods);

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
        // ... and the Pods tab listed them while they lived.
        QVERIFY2(executorPods.size() == 2, qPrintable(QStringList(executorPods.values()).join(QStringLiteral(", "))));
    }

    void pySparkPiFromTheFormRunsOnRealSpark()
    {
        ui::MainWindow window(fixtureSessionOptions(m_kubeconfig));
        openWindow(window);
        QAbstractItemModelTester tester(window.applicationsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString name = uniqueName(QStringLiteral("real-pypi-"));
        QStringList seen;
        recordStates(window.applicationsModel(), QStringLiteral("default/") + name, &seen, &window);
        QSet<QString> executorPods;
        recordExecutorPods(window, &executorPods);

        submitPresetFromEditor(window, QStringLiteral("pyspark-pi"), name);
        if (QTest::currentTestFailed())
            return;
        waitForCreated(window, name);
        waitForEnd(seen, {QStringLiteral("COMPLETED"), QStringLiteral("FAILED")});
        QVERIFY2(seen.contains(QStringLiteral("COMPLETED")), qPrintable(seen.join(QStringLiteral(" → "))));

        // pi.py prints its result with Python's print: in the driver's log, in the log pane. (Its
        // 10^7 random points put the estimate within 0.01 of pi, though not always at "3.14".)
        QCOMPARE(window.logViewer()->target(), QStringLiteral("default/%1-driver/spark-kubernetes-driver").arg(name));
        QTRY_COMPARE_WITH_TIMEOUT(window.logViewer()->streamState(), kube::LogStream::State::Ended, 60000);
        const QString kubectlLog = kubectl({QStringLiteral("logs"), name + QStringLiteral("-driver"), QStringLiteral("-n"),
                                            QStringLiteral("default"), QStringLiteral("-c"),
                                            QStringLiteral("spark-kubernetes-driver")})
                                       .out;
        const QRegularExpressionMatch pi = QRegularExpression(QStringLiteral("Pi is roughly (3\\.\\d+)")).match(kubectlLog);
        QVERIFY2(pi.hasMatch(), qPrintable(kubectlLog.right(4000)));
        QVERIFY2(qAbs(pi.captured(1).toDouble() - 3.14159) < 0.01, qPrintable(pi.captured()));
        const QString text = window.logViewer()->text();
        QVERIFY2(text.contains(pi.captured()), qPrintable(text.right(4000)));
        QVERIFY(text.contains(QStringLiteral("Running Spark version 4.")));
        QCOMPARE(text.trimmed(), kubectlLog.trimmed());
        QVERIFY2(!executorPods.isEmpty(), "the Pods tab never listed an executor");
    }

    void wrongMainClassShowsSparkSubmitsError()
    {
        ui::MainWindow window(fixtureSessionOptions(m_kubeconfig));
        openWindow(window);
        const QString name = uniqueName(QStringLiteral("real-noclass-"));
        QStringList seen;
        recordStates(window.applicationsModel(), QStringLiteral("default/") + name, &seen, &window);

        fillPresetInEditor(window, QStringLiteral("spark-pi"), name);
        if (QTest::currentTestFailed())
            return;
        editYaml(window, QStringLiteral("mainClass: org.apache.spark.examples.SparkPi"), QStringLiteral("mainClass: org.example.NoSuchMain"));
        submit(window);
        waitForCreated(window, name);
        waitForEnd(seen, {QStringLiteral("COMPLETED"), QStringLiteral("FAILED")});
        QVERIFY2(seen.last() == QStringLiteral("FAILED"), qPrintable(seen.join(QStringLiteral(" → "))));

        // Spark 4's spark-submit says so on its own line (no exception): Details shows it as the
        // first exception, next to the operator's exit code.
        ui::DetailsPane* details = window.detailsPane();
        QCOMPARE(details->application(), QStringLiteral("default/") + name);
        QTRY_VERIFY2_WITH_TIMEOUT(details->detailsText().contains(QStringLiteral("Failed to load class org.example.NoSuchMain")),
                                  qPrintable(details->detailsText()), 60000);
        QVERIFY2(details->detailsText().contains(QStringLiteral("ExitCode: 101")), qPrintable(details->detailsText()));
        QTRY_VERIFY_WITH_TIMEOUT(window.logViewer()->text().contains(QStringLiteral("Error: Failed to load class org.example.NoSuchMain.")),
                                 60000);
    }

    void missingServiceAccountIsSubmissionFailed()
    {
        ui::MainWindow window(fixtureSessionOptions(m_kubeconfig));
        openWindow(window);
        const QString name = uniqueName(QStringLiteral("real-nosa-"));
        QStringList seen;
        recordStates(window.applicationsModel(), QStringLiteral("default/") + name, &seen, &window);

        fillPresetInEditor(window, QStringLiteral("spark-pi"), name);
        if (QTest::currentTestFailed())
            return;
        editYaml(window, QStringLiteral("serviceAccount: spark-operator-spark"), QStringLiteral("serviceAccount: no-such-sa"));
        // The editor knows first (it asks the cluster) and asks before submitting; submit anyway.
        ui::JobEditor* editor = window.jobEditor();
        QTRY_VERIFY2_WITH_TIMEOUT(editor->fieldProblem(QStringLiteral("spec.driver.serviceAccount")).contains(QStringLiteral("does not exist")),
                                  qPrintable(editor->fieldProblem(QStringLiteral("spec.driver.serviceAccount"))), 60000);
        bool asked = false;
        QTimer answer;
        connect(&answer, &QTimer::timeout, this, [&] {
            auto* box = qobject_cast<QMessageBox*>(qApp->activeModalWidget());
            if (!box)
                return;
            for (QAbstractButton* button : box->buttons())
                if (button->text() == QStringLiteral("Submit anyway")) {
                    asked = true;
                    answer.stop();
                    button->click();
                }
        });
        answer.start(50);
        submit(window);
        QTRY_VERIFY_WITH_TIMEOUT(asked, 60000); // Submit asks the cluster again first, then asks
        waitForCreated(window, name);

        // The operator's spark-submit cannot create the driver pod: SUBMISSION_FAILED (then FAILED,
        // the template does not retry), with the API server's refusal in Details.
        waitForEnd(seen, {QStringLiteral("COMPLETED"), QStringLiteral("FAILED")});
        QVERIFY2(seen.contains(QStringLiteral("SUBMISSION_FAILED")), qPrintable(seen.join(QStringLiteral(" → "))));
        QVERIFY2(!seen.contains(QStringLiteral("RUNNING")), qPrintable(seen.join(QStringLiteral(" → "))));
        ui::DetailsPane* details = window.detailsPane();
        QTRY_VERIFY2_WITH_TIMEOUT(details->detailsText().contains(QStringLiteral("serviceaccount \"no-such-sa\" not found")),
                                  qPrintable(details->detailsText().left(2000)), 30000);
    }

    void sparkConfTheWebhookRejectsIsShownInTheEditor()
    {
        ui::MainWindow window(fixtureSessionOptions(m_kubeconfig));
        openWindow(window);
        const QString name = uniqueName(QStringLiteral("real-badconf-"));
        fillPresetInEditor(window, QStringLiteral("spark-pi"), name);
        if (QTest::currentTestFailed())
            return;
        editYaml(window, QStringLiteral("  restartPolicy:"),
                 QStringLiteral("  sparkConf:\n    spark.kubernetes.driver.master: https://127.0.0.1:1\n  restartPolicy:"));
        submit(window);
        // The operator's validating webhook answers the dry run: nothing is created.
        ui::JobEditor* editor = window.jobEditor();
        QTRY_VERIFY2_WITH_TIMEOUT(editor->messageText().contains(QStringLiteral("nothing was created")), qPrintable(editor->messageText()),
                                  60000);
        const QString message = editor->messageText();
        QVERIFY2(message.contains(QStringLiteral("spark.kubernetes.driver.master")) && message.contains(QStringLiteral("not allowed")),
                 qPrintable(message));
        const ProcessResult get = kubectl({QStringLiteral("get"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"),
                                           QStringLiteral("default")});
        QVERIFY2(get.out.isEmpty() && get.err.contains(QStringLiteral("NotFound")), qPrintable(get.out + get.err));
    }

    void deleteWhileRunningLeavesNoProcess()
    {
        ui::MainWindow window(fixtureSessionOptions(m_kubeconfig));
        openWindow(window);
        const QString name = uniqueName(QStringLiteral("real-del-"));
        const QString key = QStringLiteral("default/") + name;
        QStringList seen;
        startLongSparkPi(window, name, &seen);
        if (QTest::currentTestFailed())
            return;
        QStringList pids;
        QTRY_VERIFY_WITH_TIMEOUT(!(pids = sparkProcesses(name)).isEmpty(), 120000);

        window.detailsPane()->deleteApplication(false);
        QTRY_VERIFY_WITH_TIMEOUT(window.applicationsModel()->rowOf(key) < 0, 60000);
        // The operator deletes the driver pod, Spark's executors go with it (owner references and
        // the garbage collector), the kubelet stops their process groups.
        waitForNoProcesses(name);
        for (const QString& pid : pids)
            QVERIFY2(!alive(pid), qPrintable(pid));
    }

    void suspendAndResume()
    {
        ui::MainWindow window(fixtureSessionOptions(m_kubeconfig));
        openWindow(window);
        const QString name = uniqueName(QStringLiteral("real-susp-"));
        QStringList seen;
        startLongSparkPi(window, name, &seen);
        if (QTest::currentTestFailed())
            return;

        window.detailsPane()->setSuspended(true, false);
        waitForEnd(seen, {QStringLiteral("SUSPENDED")});
        waitForNoProcesses(name);

        window.detailsPane()->setSuspended(false);
        const int suspendedAt = seen.lastIndexOf(QStringLiteral("SUSPENDED"));
        QTRY_VERIFY2_WITH_TIMEOUT(seen.lastIndexOf(QStringLiteral("RUNNING")) > suspendedAt, qPrintable(seen.join(QStringLiteral(" → "))),
                                  600000);
        window.detailsPane()->deleteApplication(false);
        waitForNoProcesses(name);
    }

private:
    /// Submits the SparkPi template with enough slices to run for many minutes and waits until it
    /// is RUNNING; records the states the table shows in *seen.
    void startLongSparkPi(ui::MainWindow& window, const QString& name, QStringList* seen)
    {
        recordStates(window.applicationsModel(), QStringLiteral("default/") + name, seen, &window);
        fillPresetInEditor(window, QStringLiteral("spark-pi"), name);
        if (QTest::currentTestFailed())
            return;
        editYaml(window, QStringLiteral("- \"1000\""), QStringLiteral("- \"1000000\""));
        submit(window);
        waitForCreated(window, name);
        waitForEnd(*seen, {QStringLiteral("RUNNING"), QStringLiteral("FAILED")});
        QVERIFY2(seen->last() == QStringLiteral("RUNNING"), qPrintable(seen->join(QStringLiteral(" → "))));
    }

    void waitForNoProcesses(const QString& name)
    {
        QTRY_VERIFY2_WITH_TIMEOUT(sparkProcesses(name).isEmpty(), qPrintable(sparkProcesses(name).join(QLatin1Char(' '))), 180000);
    }

    /// A process that is running (not a zombie).
    static bool alive(const QString& pid)
    {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            return false;
        const QByteArray text = stat.readAll();
        return text.mid(text.lastIndexOf(')') + 2, 1) != "Z";
    }

    /// The live local processes of application `name`'s pods: any argument naming one of its pods
    /// (the executors' --podName and --driver-url) or the driver's bind address.
    QStringList sparkProcesses(const QString& name)
    {
        const QString driverIp = kubectl({QStringLiteral("get"), QStringLiteral("pod"), name + QStringLiteral("-driver"),
                                          QStringLiteral("-n"), QStringLiteral("default"), QStringLiteral("-o"),
                                          QStringLiteral("jsonpath={.status.podIP}")})
                                     .out.trimmed();
        if (!driverIp.isEmpty())
            m_driverIps[name] = driverIp;
        const QByteArray bind = "spark.driver.bindAddress=" + m_driverIps.value(name).toLatin1();
        QStringList pids;
        for (const QString& pid : QDir(QStringLiteral("/proc")).entryList({QStringLiteral("[0-9]*")}, QDir::Dirs)) {
            QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
            if (!cmdline.open(QIODevice::ReadOnly))
                continue;
            for (const QByteArray& arg : cmdline.readAll().split('\0'))
                if ((arg.contains(name.toLatin1()) || (!m_driverIps.value(name).isEmpty() && arg == bind)) && alive(pid)) {
                    pids << pid;
                    break;
                }
        }
        pids.removeAll(QString::number(QCoreApplication::applicationPid()));
        return pids;
    }

    static QString uniqueName(const QString& prefix)
    {
        return prefix + QString::number(QRandomGenerator::global()->generate() % 0xFFFFFF, 16);
    }

    void openWindow(ui::MainWindow& window)
    {
        window.resize(1400, 860);
        window.show();
        QVERIFY(window.isConnected());
        QTRY_VERIFY_WITH_TIMEOUT(window.informer() && window.informer()->hasSynced(), 60000);
    }

    /// Replaces `from` (which must occur) by `to` in the editor's YAML, as if typed there.
    static void editYaml(ui::MainWindow& window, const QString& from, const QString& to)
    {
        ui::JobEditor* editor = window.jobEditor();
        QString yaml = editor->yamlText();
        QVERIFY2(yaml.contains(from), qPrintable(yaml));
        editor->setYaml(yaml.replace(from, to));
        QVERIFY(editor->yamlText().contains(to));
    }

    static void submit(ui::MainWindow& window)
    {
        ui::JobEditor* editor = window.jobEditor();
        QTRY_VERIFY_WITH_TIMEOUT(editor->submitButton()->isEnabled(), 30000);
        QTest::mouseClick(editor->submitButton(), Qt::LeftButton);
    }

    /// Waits until the editor says it created `name` and the table selects it.
    static void waitForCreated(ui::MainWindow& window, const QString& name)
    {
        ui::JobEditor* editor = window.jobEditor();
        QTRY_VERIFY2_WITH_TIMEOUT(editor->messageText().contains(QStringLiteral("Created SparkApplication default/") + name),
                                  qPrintable(editor->messageText()), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(window.applicationsView()->currentKey(), QStringLiteral("default/") + name, 30000);
    }

    /// Waits until the table showed one of `ends` (the JVMs of a busy machine take minutes).
    static void waitForEnd(const QStringList& seen, const QStringList& ends)
    {
        auto ended = [&] {
            for (const QString& end : ends)
                if (seen.contains(end))
                    return true;
            return false;
        };
        QTRY_VERIFY2_WITH_TIMEOUT(ended(), qPrintable(seen.join(QStringLiteral(" → "))), 600000);
    }

    /// Records the executor pods the selected application's Pods tab lists, from now on.
    static void recordExecutorPods(ui::MainWindow& window, QSet<QString>* names)
    {
        model::PodsModel* pods = window.detailsPane()->pods();
        auto record = [pods, names] {
            for (int row = 0; row < pods->rowCount(); ++row)
                if (pods->index(row, model::PodsModel::Role).data().toString() == QLatin1String("executor"))
                    *names << pods->index(row, model::PodsModel::Name).data().toString();
        };
        QObject::connect(pods, &QAbstractItemModel::rowsInserted, &window, record);
        QObject::connect(pods, &QAbstractItemModel::dataChanged, &window, record);
        QObject::connect(pods, &QAbstractItemModel::modelReset, &window, record);
    }

    ProcessResult kubectl(const QStringList& args)
    {
        return runProcess(m_kubectl, QStringList{QStringLiteral("--kubeconfig"), m_kubeconfig} + args);
    }

    QString m_kubeconfig;
    QString m_kubectl;
    QHash<QString, QString> m_driverIps; // application name → its driver's pod IP, once seen
};

QTEST_MAIN(TestReal)
#include "tst_real.moc"
