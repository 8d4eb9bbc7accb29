// End to end against the real-mode local control plane (tests/cluster/up --real, started by
// tests/integration/fixture): real kube-scheduler, kube-controller-manager, Kubeflow Spark Operator
// (controller and webhook) and Spark; the kubelet stand-in runs the pods' containers as local JVMs.
//
// Submitted from the job editor: the SparkPi and PySpark Pi templates reach COMPLETED in the table
// with the real driver's log in the log pane (equal to `kubectl logs`) and their executors' pods in
// the Pods tab; a wrong main class ends FAILED with spark-submit's message as the first exception in
// Details; a missing driver service account ends SUBMISSION_FAILED with the API server's refusal in
// Details; a sparkConf key the operator's webhook rejects is refused at submit with the webhook's
// message in the editor; re-running the failed application creates it again (new uid) and the real
// operator runs it again. While an application runs, its executor pods carry the tolerations and the
// env var from a Secret that only the operator's webhook adds, and the Spark UI button reaches the
// real driver's UI (HTTP 200, "Spark Jobs"); deleting it then leaves none of its processes behind;
// suspend → SUSPENDED (processes gone) → resume → RUNNING again. Spark JVMs on a busy machine take minutes: the waits are generous.

#include "models/applicationsmodel.h"
#include "ui/applicationsview.h"
#include "app/kube/informer.h"
#include "ui/jobeditor.h"
#include "app/kube/kubeconfig.h"
#include "ui/logviewer.h"
#include "ui/mainwindow.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTimer>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <memory>

#include "tests/support/clusterfixture.h"
#include "ui/detailspane.h"
#include "models/podsmodel.h"
#include "tests/support/process.h"

class TestReal : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        const ClusterFixture fixture = readClusterFixture();
        QVERIFY2(!fixture.kubeconfig.isEmpty(), qPrintable(fixture.error + QStringLiteral(" (label real)")));
        m_kubeconfig = fixture.kubeconfig;
        m_kubectl = fixture.kubectl;
        QCOMPARE(fixture.mode, QStringLiteral("real")); // `up --real` records its mode next to the kubeconfig
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
        QSet<QString> executorLogs;
        recordExecutorPods(window, &executorPods, &executorLogs);

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
        // ... and the log pane offered their logs.
        QVERIFY2(executorLogs.size() == 2, qPrintable(QStringList(executorLogs.values()).join(QStringLiteral(", "))));
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

        // pi.py prints its result with Python's print: in the driver's log, in the log pane. (A
        // Monte Carlo estimate: PySpark's forked Python workers may share random()'s state, so
        // the 10^7 points of 100 partitions can be as few as 10^5 independent ones, σ ≈ 0.005; a
        // run printed 3.130000. Within 0.05 (ten σ) says the job computed pi, not luck.)
        QCOMPARE(window.logViewer()->target(), QStringLiteral("default/%1-driver/spark-kubernetes-driver").arg(name));
        QTRY_COMPARE_WITH_TIMEOUT(window.logViewer()->streamState(), kube::LogStream::State::Ended, 60000);
        const QString kubectlLog = kubectl({QStringLiteral("logs"), name + QStringLiteral("-driver"), QStringLiteral("-n"),
                                            QStringLiteral("default"), QStringLiteral("-c"),
                                            QStringLiteral("spark-kubernetes-driver")})
                                       .out;
        const QRegularExpressionMatch pi = QRegularExpression(QStringLiteral("Pi is roughly (3\\.\\d+)")).match(kubectlLog);
        QVERIFY2(pi.hasMatch(), qPrintable(kubectlLog.right(4000)));
        QVERIFY2(qAbs(pi.captured(1).toDouble() - 3.14159) < 0.05, qPrintable(pi.captured()));
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
        auto showsTheMissingClass = [&] {
            QTRY_VERIFY2_WITH_TIMEOUT(details->detailsText().contains(QStringLiteral("Failed to load class org.example.NoSuchMain")),
                                      qPrintable(details->detailsText()), 60000);
            QTRY_VERIFY_WITH_TIMEOUT(
                window.logViewer()->text().contains(QStringLiteral("Error: Failed to load class org.example.NoSuchMain.")), 60000);
        };
        showsTheMissingClass();
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(details->detailsText().contains(QStringLiteral("ExitCode: 101")), qPrintable(details->detailsText()));

        // Re-run: SparkDeck deletes the application and creates it again with the same spec; the
        // real operator submits the new object, which fails the same way, and the table, Details
        // and the log pane follow it.
        const QString uid = applicationUid(name);
        QVERIFY(!uid.isEmpty());
        QSignalSpy messages(details, &ui::DetailsPane::message);
        seen.clear();
        details->rerun(false);
        QString newUid;
        QTRY_VERIFY2_WITH_TIMEOUT(!(newUid = applicationUid(name)).isEmpty() && newUid != uid,
                                  qPrintable(window.statusBar()->currentMessage()), 60000);
        // The old object's last updates (FAILED, while it is deleted) may land in `seen` too: the new
        // run has ended when a terminal state follows a state of a run in progress.
        const QStringList ends{QStringLiteral("COMPLETED"), QStringLiteral("FAILED")};
        auto newRunEnded = [&] {
            return seen.size() >= 2 && ends.contains(seen.last())
                && std::any_of(seen.cbegin(), seen.cend() - 1, [&](const QString& state) { return !ends.contains(state); });
        };
        QTRY_VERIFY2_WITH_TIMEOUT(newRunEnded(), qPrintable(seen.join(QStringLiteral(" → "))), 600000);
        QVERIFY2(seen.last() == QStringLiteral("FAILED"), qPrintable(seen.join(QStringLiteral(" → "))));
        QCOMPARE(applicationUid(name), newUid); // re-run once, not again
        int rerunMessages = 0;
        for (const auto& said : std::as_const(messages))
            rerunMessages += said.at(0).toString().startsWith(QStringLiteral("Re-running"));
        QCOMPARE(rerunMessages, 1);
        QCOMPARE(window.applicationsView()->currentKey(), QStringLiteral("default/") + name);
        showsTheMissingClass();
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

    void runningApplicationSparkUiWebhookFieldsAndDelete()
    {
        ui::MainWindow window(fixtureSessionOptions(m_kubeconfig));
        openWindow(window);
        const QString name = uniqueName(QStringLiteral("real-run-"));
        const QString key = QStringLiteral("default/") + name;

        // Fields only the operator's mutating webhook puts on the pods: an executor toleration and
        // an executor env var taken from a Secret.
        const QString secret = name + QStringLiteral("-env");
        const ProcessResult made = kubectl({QStringLiteral("create"), QStringLiteral("secret"), QStringLiteral("generic"), secret,
                                            QStringLiteral("-n"), QStringLiteral("default"),
                                            QStringLiteral("--from-literal=greeting=hello-from-the-secret")});
        QVERIFY2(made.exitCode == 0, qPrintable(made.err));
        auto removeSecret = qScopeGuard([&] {
            kubectl({QStringLiteral("delete"), QStringLiteral("secret"), secret, QStringLiteral("-n"), QStringLiteral("default")});
        });
        const QString executorExtras = QStringLiteral(
                                           "  executor:\n"
                                           "    tolerations:\n"
                                           "      - key: sparkdeck.io/dedicated\n"
                                           "        operator: Equal\n"
                                           "        value: spark\n"
                                           "        effect: NoSchedule\n"
                                           "    env:\n"
                                           "      - name: SPARKDECK_GREETING\n"
                                           "        valueFrom:\n"
                                           "          secretKeyRef:\n"
                                           "            name: %1\n"
                                           "            key: greeting\n")
                                           .arg(secret);
        QStringList seen;
        startLongSparkPi(window, name, &seen, executorExtras);
        if (QTest::currentTestFailed())
            return;
        qInfo("%s is RUNNING", qPrintable(name));
        QStringList pids;
        QTRY_VERIFY_WITH_TIMEOUT(!(pids = sparkProcesses(name)).isEmpty(), 120000);

        // The webhook: the executor pods carry the toleration and the env var from the Secret, and
        // the kubelet resolved it into the executor process's environment.
        QString executor;
        QTRY_VERIFY_WITH_TIMEOUT(!(executor = executorPod(name)).isEmpty(), 180000);
        qInfo("executor pod %s", qPrintable(executor));
        const QJsonObject pod = QJsonDocument::fromJson(kubectl({QStringLiteral("get"), QStringLiteral("pod"), executor, QStringLiteral("-n"),
                                                                 QStringLiteral("default"), QStringLiteral("-o"), QStringLiteral("json")})
                                                            .out.toUtf8())
                                    .object();
        const QJsonObject spec = pod.value(QLatin1String("spec")).toObject();
        bool tolerated = false;
        for (const QJsonValue& t : spec.value(QLatin1String("tolerations")).toArray())
            tolerated |= t.toObject().value(QLatin1String("key")).toString() == QLatin1String("sparkdeck.io/dedicated")
                         && t.toObject().value(QLatin1String("value")).toString() == QLatin1String("spark")
                         && t.toObject().value(QLatin1String("effect")).toString() == QLatin1String("NoSchedule");
        QVERIFY2(tolerated, qPrintable(QJsonDocument(spec.value(QLatin1String("tolerations")).toArray()).toJson()));
        QJsonObject fromSecret;
        for (const QJsonValue& container : spec.value(QLatin1String("containers")).toArray())
            for (const QJsonValue& env : container.toObject().value(QLatin1String("env")).toArray())
                if (env.toObject().value(QLatin1String("name")).toString() == QLatin1String("SPARKDECK_GREETING"))
                    fromSecret = env.toObject().value(QLatin1String("valueFrom")).toObject().value(QLatin1String("secretKeyRef")).toObject();
        QCOMPARE(fromSecret.value(QLatin1String("name")).toString(), secret);
        QCOMPARE(fromSecret.value(QLatin1String("key")).toString(), QStringLiteral("greeting"));
        QTRY_VERIFY_WITH_TIMEOUT(processEnvironmentsOf(executor).contains(QByteArrayLiteral("SPARKDECK_GREETING=hello-from-the-secret")), 60000);

        // The Spark UI button: kubectl port-forward to the driver's UI service, served by the real
        // driver through the kubelet's port-forward.
        qInfo("opening the Spark UI");
        qputenv("SPARKDECK_NO_BROWSER", "1");
        QSignalSpy ready(window.detailsPane(), &ui::DetailsPane::sparkUiReady);
        QCOMPARE(window.detailsPane()->application(), key);
        window.detailsPane()->openSparkUi();
        QTRY_VERIFY2_WITH_TIMEOUT(ready.size() == 1 || !window.detailsPane()->sparkUiProblem().isEmpty(),
                                  "no answer from kubectl port-forward", 60000);
        QVERIFY2(ready.size() == 1, qPrintable(window.detailsPane()->sparkUiProblem()));
        QNetworkAccessManager network;
        QNetworkRequest request(ready.at(0).at(0).toUrl());
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
        request.setTransferTimeout(30000);
        std::unique_ptr<QNetworkReply> reply(network.get(request));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 60000);
        const QByteArray page = reply->readAll();
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY2(page.contains("Spark Jobs"), page.left(2000).constData());

        // Deleting the RUNNING application: the operator deletes the driver pod, Spark's executors
        // go with it (owner references and the garbage collector), the kubelet stops their process
        // groups.
        qInfo("deleting %s", qPrintable(name));
        window.detailsPane()->deleteApplication(false);
        QTRY_VERIFY_WITH_TIMEOUT(window.applicationsModel()->rowOf(key) < 0, 60000);
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
    void startLongSparkPi(ui::MainWindow& window, const QString& name, QStringList* seen, const QString& executorYaml = {})
    {
        recordStates(window.applicationsModel(), QStringLiteral("default/") + name, seen, &window);
        fillPresetInEditor(window, QStringLiteral("spark-pi"), name);
        if (QTest::currentTestFailed())
            return;
        editYaml(window, QStringLiteral("- \"1000\""), QStringLiteral("- \"1000000\""));
        if (!executorYaml.isEmpty())
            editYaml(window, QStringLiteral("  executor:\n"), executorYaml);
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

    QString applicationUid(const QString& name)
    {
        return kubectl({QStringLiteral("get"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"), QStringLiteral("default"),
                        QStringLiteral("-o"), QStringLiteral("jsonpath={.metadata.uid}")})
            .out.trimmed();
    }

    /// The name of one executor pod of application `name` ("" while there is none).
    QString executorPod(const QString& name)
    {
        return kubectl({QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("-n"), QStringLiteral("default"), QStringLiteral("-l"),
                        QStringLiteral("spark-role=executor,sparkoperator.k8s.io/app-name=") + name, QStringLiteral("-o"),
                        QStringLiteral("jsonpath={.items[0].metadata.name}")})
            .out.trimmed();
    }

    /// The environment entries ("NAME=value") of the live local processes started for pod `pod`
    /// (the executor's command line names its pod).
    static QByteArrayList processEnvironmentsOf(const QString& pod)
    {
        QByteArrayList entries;
        for (const QString& pid : QDir(QStringLiteral("/proc")).entryList({QStringLiteral("[0-9]*")}, QDir::Dirs)) {
            QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
            if (!cmdline.open(QIODevice::ReadOnly) || !cmdline.readAll().split('\0').contains(pod.toLatin1()) || !alive(pid))
                continue;
            QFile environment(QStringLiteral("/proc/%1/environ").arg(pid));
            if (environment.open(QIODevice::ReadOnly))
                entries += environment.readAll().split('\0');
        }
        return entries;
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

    /// Records the executor pods the selected application's Pods tab lists, from now on; with
    /// `inLogPane`, also those the log pane's pod list offers at the same time.
    // Records the executor pods the Pods tab lists (and, with `inLogPane`, those the log pane
    // offers) for whichever application is selected: the details pane gets a new pods model each
    // time the selection changes, so the recorder follows it there.
    static void recordExecutorPods(ui::MainWindow& window, QSet<QString>* names, QSet<QString>* inLogPane = nullptr)
    {
        auto record = [&window, names, inLogPane] {
            model::PodsModel* pods = window.detailsPane()->pods();
            auto* podBox = window.logViewer()->findChild<QComboBox*>(QStringLiteral("logPod"));
            for (int row = 0; row < pods->rowCount(); ++row)
                if (pods->index(row, model::PodsModel::Role).data().toString() == QLatin1String("executor")) {
                    const QString name = pods->index(row, model::PodsModel::Name).data().toString();
                    *names << name;
                    if (inLogPane && podBox && podBox->findData(name) >= 0)
                        *inLogPane << name;
                }
        };
        auto hook = [&window, record] {
            model::PodsModel* pods = window.detailsPane()->pods();
            QObject::connect(pods, &QAbstractItemModel::rowsInserted, &window, record);
            QObject::connect(pods, &QAbstractItemModel::dataChanged, &window, record);
            QObject::connect(pods, &QAbstractItemModel::modelReset, &window, record);
            record();
        };
        hook();
        QObject::connect(window.applicationsView(), &ui::ApplicationsView::currentChanged, &window, hook, Qt::QueuedConnection);
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
