// The Kind wizard walked page by page, offscreen, with the recording docker and kind stand-ins of
// tests/wizard/standins (no Docker engine here; `kind create cluster` starts the local control plane
// of tests/cluster instead of containers) and the real helm and kubectl: a failed step with its
// explanation, a cancelled step, then every step for real up to a SparkPi smoke test. Before that,
// without a cluster: the prerequisites page when tools are missing or hang (every check ends,
// Cancel always works, nothing is left running).
// With SPARKDECK_SCREENSHOT_DIR set it saves a picture of every page there.

#include "app/setup/tooldownload.h"
#include "ui/setupwizard.h"

#include <QAbstractButton>
#include <QApplication>
#include <QTimer>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QPointer>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "tests/support/descendants.h"
#include "tests/support/process.h"
#include "tests/wizard/wizardtools.h"

#include <csignal>
#include <sys/types.h>

using ui::SetupWizard;

namespace {
// What `program` printed; a nonzero exit fails the test unless `exit` is MayFail.
QString run(const QString& program, const QStringList& args, Exit exit = Exit::MustSucceed)
{
    return runChecked(program, args, exit, 300'000).out.trimmed();
}
} // namespace

class TestSetupWizard : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(!qEnvironmentVariable("SPARKDECK_SOURCE_DIR").isEmpty());
        QVERIFY(m_dir.isValid());
        m_path = qEnvironmentVariable("PATH");
        m_kubeconfig = m_dir.filePath(QStringLiteral("kubeconfig"));
        m_log = m_dir.filePath(QStringLiteral("standins.log"));
        isolateWizardTools(QDir(m_dir.path()), m_kubeconfig, m_log);
        // The tools SparkDeck downloads live in the test's own folder: none of the user's count.
        qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toUtf8());
        m_shots = qEnvironmentVariable("SPARKDECK_SCREENSHOT_DIR");
    }

    void cleanup()
    {
        if (!m_prepared) // the focused tests choose their own PATH
            qputenv("PATH", m_path.toUtf8());
    }

    void cleanupTestCase()
    {
        qunsetenv("SPARKDECK_STANDIN_FAIL");
        qunsetenv("SPARKDECK_STANDIN_DELAY");
        if (m_prepared)
            run(QStringLiteral("kind"), {QStringLiteral("delete"), QStringLiteral("cluster"), QStringLiteral("--name"), m_name}, Exit::MayFail);
    }

    void prerequisitesWithMissingTools()
    {
        // A fresh laptop: Docker answers, kind, kubectl and helm are not installed.
        qputenv("PATH", isolatedPath({{QStringLiteral("docker"), standIn(QStringLiteral("docker"))}}).toUtf8());
        SetupWizard wizard;
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        auto* tools = wizard.findChild<QTableWidget*>(QStringLiteral("toolsTable"));
        ui::RunPanel* panel = wizard.panel(SetupWizard::PrerequisitesPage);
        QTRY_VERIFY_WITH_TIMEOUT(allChecked(tools) && !panel->isRunning(), 30000);
        QVERIFY2(tools->item(0, 1)->text().contains(QStringLiteral("found")), qPrintable(tools->item(0, 2)->text()));
        for (int row = 1; row < 4; ++row) {
            const QString tool = tools->item(row, 0)->text();
            QVERIFY2(tools->item(row, 1)->text().contains(QStringLiteral("missing")), qPrintable(tool + QStringLiteral(": ") + tools->item(row, 1)->text()));
            // kind, kubectl and helm can be downloaded; docker cannot.
            QCOMPARE(tools->item(row, 2)->text(), setup::pinnedRelease(tool)
                                                      ? QStringLiteral("Press Download, or install it yourself: ") + setup::installHint(tool)
                                                      : setup::installHint(tool));
        }
        QVERIFY2(panel->explanation().contains(QStringLiteral("kind, kubectl, helm")), qPrintable(panel->explanation()));
        QVERIFY(panel->runButton()->isEnabled());
        QVERIFY(!panel->cancelButton()->isEnabled());
        QVERIFY(!wizard.page(SetupWizard::PrerequisitesPage)->property("sparkdeckReady").toBool());
        shot(wizard, QStringLiteral("1-prerequisites-missing"));
        QCOMPARE(zombieChildren(), 0);
        QVERIFY2(descendantProcesses().isEmpty(), qPrintable(describeDescendants()));
        // Next says what to do and stays; Cancel closes the wizard.
        QString said;
        QTimer::singleShot(0, this, [&said] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                said = box->text();
                box->accept();
            }
        });
        wizard.button(QWizard::NextButton)->click();
        QVERIFY2(said.contains(QStringLiteral("Install what is missing")), qPrintable(said));
        QCOMPARE(wizard.currentId(), int(SetupWizard::PrerequisitesPage));
        QVERIFY(wizard.button(QWizard::CancelButton)->isEnabled());
        wizard.button(QWizard::CancelButton)->click();
        QTRY_VERIFY(!wizard.isVisible());
        QCOMPARE(wizard.result(), int(QDialog::Rejected));
    }

    void prerequisitesWhileAToolHangs()
    {
        // Docker hangs (a stuck daemon); the other tools are missing.
        const QString marker = QString::number(4000 + QRandomGenerator::global()->bounded(900));
        qputenv("PATH", isolatedPath({{QStringLiteral("docker"), QStringLiteral("#!/bin/sh\nexec sleep %1\n").arg(marker)}}).toUtf8());
        SetupWizard wizard;
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        auto* tools = wizard.findChild<QTableWidget*>(QStringLiteral("toolsTable"));
        ui::RunPanel* panel = wizard.panel(SetupWizard::PrerequisitesPage);
        auto hanging = [&marker] {
            int count = 0;
            for (const ProcessEntry& e : descendantProcesses())
                count += e.command.endsWith(QStringLiteral("sleep ") + marker) ? 1 : 0;
            return count;
        };
        // The step's Cancel: the check ends, the others are not started.
        QTRY_COMPARE_WITH_TIMEOUT(hanging(), 1, 10000);
        QVERIFY(panel->isRunning());
        QVERIFY(panel->cancelButton()->isEnabled());
        panel->cancelButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isRunning(), 10000);
        for (int row = 0; row < 4; ++row)
            QVERIFY2(tools->item(row, 1)->text().contains(QStringLiteral("not checked")),
                     qPrintable(tools->item(row, 0)->text() + QStringLiteral(": ") + tools->item(row, 1)->text()));
        QVERIFY(panel->runButton()->isEnabled());
        QTRY_COMPARE(hanging(), 0);
        QTRY_COMPARE(zombieChildren(), 0);

        // A check that does not answer in time is stopped and explained; the others go on.
        wizard.setPrerequisiteTimeout(1000);
        panel->runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(allChecked(tools) && !panel->isRunning(), 20000);
        QVERIFY2(tools->item(0, 1)->text().contains(QStringLiteral("no answer")), qPrintable(tools->item(0, 1)->text()));
        QVERIFY2(tools->item(0, 2)->text().contains(QStringLiteral("Docker does not answer")), qPrintable(tools->item(0, 2)->text()));
        for (int row = 1; row < 4; ++row)
            QVERIFY(tools->item(row, 1)->text().contains(QStringLiteral("missing")));
        QTRY_COMPARE(hanging(), 0);
        shot(wizard, QStringLiteral("1-prerequisites-no-answer"));

        // The wizard's Cancel while a check runs: the wizard closes and nothing is left behind.
        wizard.setPrerequisiteTimeout(setup::kPrerequisiteTimeoutMs);
        panel->runButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(hanging(), 1, 10000);
        wizard.button(QWizard::CancelButton)->click();
        QTRY_VERIFY(!wizard.isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(hanging(), 0, 10000);
        QTRY_VERIFY(!panel->isRunning());
        QTRY_COMPARE(zombieChildren(), 0);
        QTRY_VERIFY2(descendantProcesses().isEmpty(), qPrintable(describeDescendants()));
    }

    void deletingAClusterDoesNotWait()
    {
        // A `kind delete cluster` that takes its time and ignores TERM.
        const QString pidFile = m_dir.filePath(QStringLiteral("kind-delete.pid"));
        QFile::remove(pidFile);
        qputenv("PATH", isolatedPath({{QStringLiteral("kind"), QStringLiteral("#!/bin/sh\ntrap '' TERM\necho $$ > '%1'\n"
                                                                               "echo \"Deleting cluster \\\"$4\\\" ...\" >&2\nsleep 2\n")
                                                                    .arg(pidFile)}})
                            .toUtf8());
        auto* owner = new QWidget;
        QElapsedTimer clock;
        clock.start();
        QPointer<setup::StepRunner> deletion = SetupWizard::deleteCluster(owner, QStringLiteral("nowhere"), false);
        QVERIFY2(clock.elapsed() < 100, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(deletion);
        QVERIFY(deletion->isRunning());
        QSignalSpy finished(deletion.data(), &setup::StepRunner::finished);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 15000);
        const auto r = finished.at(0).at(0).value<setup::StepResult>();
        QVERIFY2(r.ok, qPrintable(r.output));
        QVERIFY(r.output.contains(QStringLiteral("Deleting cluster \"nowhere\"")));
        QTRY_VERIFY(deletion.isNull()); // it cleans up after itself

        // The window that asked goes away while the deletion runs: nothing reports into it, and
        // kind is ended (it ignores TERM: killed after the grace period).
        QFile::remove(pidFile);
        deletion = SetupWizard::deleteCluster(owner, QStringLiteral("nowhere"), false);
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(pidFile) && QFile(pidFile).size() > 0, 10000);
        QFile f(pidFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const qint64 pid = f.readAll().trimmed().toLongLong();
        QVERIFY(pid > 0);
        clock.restart();
        delete owner;
        QVERIFY2(clock.elapsed() < 100, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(deletion.isNull());
        QTRY_VERIFY_WITH_TIMEOUT(::kill(pid_t(pid), 0) != 0, 10000);
        QTRY_COMPARE(zombieChildren(), 0);
    }

    void walkEveryPage()
    {
        prepareTools();
        // 1. Prerequisites: with the Docker daemon "down" the row says why and what to do.
        qputenv("SPARKDECK_STANDIN_FAIL", "docker-down");
        SetupWizard wizard;
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        QSignalSpy useContext(&wizard, &SetupWizard::useContext);
        auto* tools = wizard.findChild<QTableWidget*>(QStringLiteral("toolsTable"));
        auto checked = [tools] { return allChecked(tools); };
        QTRY_VERIFY_WITH_TIMEOUT(checked() && !wizard.panel(SetupWizard::PrerequisitesPage)->isRunning(), 30000);
        QVERIFY2(tools->item(0, 2)->text().contains(QStringLiteral("Docker is not running")), qPrintable(tools->item(0, 2)->text()));
        QVERIFY(tools->item(1, 1)->text().contains(QStringLiteral("found")));
        shot(wizard, QStringLiteral("1-prerequisites-docker-down"));
        qunsetenv("SPARKDECK_STANDIN_FAIL");
        wizard.panel(SetupWizard::PrerequisitesPage)->runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(checked() && !wizard.panel(SetupWizard::PrerequisitesPage)->isRunning(), 30000);
        for (int row = 0; row < 4; ++row)
            QVERIFY2(tools->item(row, 1)->text().contains(QStringLiteral("found")) && !tools->item(row, 1)->text().contains(QStringLiteral("missing")),
                     qPrintable(tools->item(row, 0)->text() + QStringLiteral(": ") + tools->item(row, 2)->text()));
        QTRY_VERIFY(wizard.page(SetupWizard::PrerequisitesPage)->property("sparkdeckReady").toBool());
        shot(wizard, QStringLiteral("1-prerequisites"));
        wizard.next();
        QCOMPARE(wizard.currentId(), int(SetupWizard::ClusterPage));

        // 2. Cluster: options, the generated Kind config, a cancelled run, then a real one.
        setup::SetupOptions o = wizard.options();
        o.clusterName = m_name;
        o.workers = 1;
        o.workerLabels = {QStringLiteral("type=spark-worker")};
        o.workerTaints = {QStringLiteral("type=spark-worker:NoSchedule")};
        o.chart = m_chart;
        o.webhook = false; // nothing runs the webhook's pods in this control plane
        wizard.setOptions(o);
        QVERIFY(wizard.findChild<QWidget*>(QStringLiteral("kindConfig"))->property("plainText").toString().contains(QStringLiteral("register-with-taints")));
        ui::RunPanel* cluster = wizard.panel(SetupWizard::ClusterPage);
        qputenv("SPARKDECK_STANDIN_DELAY", "60");
        cluster->runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(cluster->log().contains(QStringLiteral("Ensuring node image")), 30000);
        cluster->cancelButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!cluster->isRunning(), 30000);
        QVERIFY(cluster->log().contains(QStringLiteral("Cancelled")));
        QVERIFY(!cluster->succeeded());
        qunsetenv("SPARKDECK_STANDIN_DELAY");
        QVERIFY(!run(QStringLiteral("kind"), {QStringLiteral("get"), QStringLiteral("clusters")}).contains(m_name)); // no half cluster
        // The wizard will not go on before the step succeeded.
        QTimer::singleShot(0, this, [] {
            if (auto* box = qobject_cast<QDialog*>(QApplication::activeModalWidget()))
                box->accept();
        });
        wizard.next();
        QCOMPARE(wizard.currentId(), int(SetupWizard::ClusterPage));
        cluster->runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!cluster->isRunning() && cluster->succeeded(), 240000);
        shot(wizard, QStringLiteral("2-cluster"));
        QVERIFY(run(m_kubectl, {QStringLiteral("config"), QStringLiteral("get-contexts"), QStringLiteral("-o"), QStringLiteral("name")})
                    .contains(QStringLiteral("kind-") + m_name));
        wizard.next();

        // 3. Spark Operator from the chart in the operator's Go module, with helm for real.
        ui::RunPanel* op = wizard.panel(SetupWizard::OperatorPage);
        op->runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!op->isRunning(), 240000);
        QVERIFY2(op->succeeded(), qPrintable(op->log()));
        shot(wizard, QStringLiteral("3-operator"));
        QVERIFY(run(QStringLiteral("helm"), {QStringLiteral("list"), QStringLiteral("-n"), QStringLiteral("spark-operator"),
                                              QStringLiteral("--kube-context"), QStringLiteral("kind-") + m_name})
                    .contains(QStringLiteral("spark-operator")));
        // What the chart created in the API server: CRDs, the job service account, RBAC, Deployments.
        const QString context = QStringLiteral("--context=kind-") + m_name;
        QVERIFY(!run(m_kubectl, {context, QStringLiteral("get"), QStringLiteral("crd"), QStringLiteral("sparkapplications.sparkoperator.k8s.io"),
                                 QStringLiteral("-o"), QStringLiteral("name")}).isEmpty());
        QCOMPARE(run(m_kubectl, {context, QStringLiteral("get"), QStringLiteral("serviceaccount"), QStringLiteral("spark-operator-spark"),
                                 QStringLiteral("-n"), QStringLiteral("default"), QStringLiteral("-o"), QStringLiteral("name")}),
                 QStringLiteral("serviceaccount/spark-operator-spark"));
        QVERIFY(run(m_kubectl, {context, QStringLiteral("get"), QStringLiteral("roles,rolebindings"), QStringLiteral("-n"), QStringLiteral("default"),
                                QStringLiteral("-o"), QStringLiteral("name")}).contains(QStringLiteral("spark-operator-spark")));
        QVERIFY(run(m_kubectl, {context, QStringLiteral("get"), QStringLiteral("clusterroles"), QStringLiteral("-o"), QStringLiteral("name")})
                    .contains(QStringLiteral("spark-operator-controller")));
        QVERIFY(run(m_kubectl, {context, QStringLiteral("get"), QStringLiteral("deployments"), QStringLiteral("-n"), QStringLiteral("spark-operator"),
                                QStringLiteral("-o"), QStringLiteral("name")}).contains(QStringLiteral("spark-operator-controller")));
        // Running the step again is safe: the release is detected and upgraded.
        wizard.back();
        wizard.next();
        QTRY_VERIFY_WITH_TIMEOUT(op->runButton()->text() == QStringLiteral("Apply"), 30000);
        op->runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!op->isRunning(), 240000);
        QVERIFY2(op->succeeded(), qPrintable(op->log()));
        wizard.next();

        // 4. The job service account exists and may create pods (checked with auth can-i).
        ui::RunPanel* sa = wizard.panel(SetupWizard::ServiceAccountPage);
        QTRY_VERIFY_WITH_TIMEOUT(!sa->isRunning() && !sa->log().isEmpty(), 60000);
        if (!sa->succeeded()) {
            wizard.findChild<QPushButton*>(QStringLiteral("repairButton"))->click();
            QTRY_VERIFY_WITH_TIMEOUT(!sa->isRunning(), 60000);
        }
        QVERIFY2(sa->succeeded(), qPrintable(sa->log()));
        QVERIFY(sa->log().contains(QStringLiteral("yes")));
        shot(wizard, QStringLiteral("4-service-account"));
        wizard.next();

        // 5. Images: local images listed; the Spark image is loaded into the cluster.
        auto* images = wizard.findChild<QListWidget*>(QStringLiteral("imageList"));
        QTRY_VERIFY_WITH_TIMEOUT(images->count() >= 2, 20000);
        ui::RunPanel* load = wizard.panel(SetupWizard::ImagesPage);
        load->runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!load->isRunning() && load->succeeded(), 60000);
        shot(wizard, QStringLiteral("5-images"));
        wizard.next();

        // 6. Verify, with the SparkPi smoke test. No kube-controller-manager runs here, so the
        // test reports the operator's Deployments ready the way that controller would.
        markDeploymentsReady(m_kubectl, QStringLiteral("kind-") + m_name, QStringLiteral("spark-operator"));
        ui::RunPanel* verify = wizard.panel(SetupWizard::VerifyPage);
        verify->runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!verify->isRunning(), 300000);
        QVERIFY2(verify->succeeded(), qPrintable(verify->log()));
        QVERIFY(verify->log().contains(QStringLiteral("condition met")));
        QVERIFY(verify->log().contains(QStringLiteral("Pi is roughly")));
        shot(wizard, QStringLiteral("6-verify"));
        wizard.next();

        // 7. Done: switch SparkDeck to the new context.
        QCOMPARE(wizard.currentId(), int(SetupWizard::DonePage));
        const QString times = wizard.findChild<QLabel*>(QStringLiteral("stepTimes"))->text();
        QVERIFY2(times.contains(QStringLiteral("Total")) && !times.contains(QStringLiteral("not run")), qPrintable(times));
        QVERIFY2(times.contains(verify->elapsedText()), qPrintable(times));
        shot(wizard, QStringLiteral("7-done"));
        wizard.accept();
        QCOMPARE(useContext.size(), 1);
        QCOMPARE(useContext.at(0).at(0).toString(), QStringLiteral("kind-") + m_name);

        // What was asked of docker and kind, exactly.
        QFile log(m_log);
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QString calls = QString::fromUtf8(log.readAll());
        QVERIFY(calls.contains(QStringLiteral("docker\tversion\t--format\t{{.Server.Version}}")));
        QVERIFY(calls.contains(QStringLiteral("kind\tcreate\tcluster\t--name\t%1\t--config\t").arg(m_name)));
        QVERIFY(calls.contains(QStringLiteral("kind\tload\tdocker-image\tspark:3.5.3\t--name\t%1").arg(m_name)));
        QVERIFY(!calls.contains(QStringLiteral("docker\tpull"))); // spark:3.5.3 was there already
    }

    void deleteCluster()
    {
        prepareTools();
        setup::StepRunner* deletion = SetupWizard::deleteCluster(nullptr, m_name, false);
        QVERIFY(deletion);
        QSignalSpy finished(deletion, &setup::StepRunner::finished);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 120000);
        const auto r = finished.at(0).at(0).value<setup::StepResult>();
        QVERIFY2(r.ok, qPrintable(r.output));
        QVERIFY(!run(QStringLiteral("kind"), {QStringLiteral("get"), QStringLiteral("clusters")}).contains(m_name));
    }

private:
    // Real helm (built from the Go module proxy) and kubectl (built with the control plane), after
    // the docker and kind stand-ins on PATH.
    void prepareTools()
    {
        if (m_prepared)
            return;
        WizardTools tools;
        QString error;
        QVERIFY2(findWizardTools(m_path, &tools, &error), qPrintable(error));
        m_chart = tools.chart;
        m_kubectl = tools.kubectl;
        qputenv("PATH", tools.path.toUtf8());
        m_prepared = true;
    }

    static bool allChecked(const QTableWidget* tools)
    {
        for (int row = 0; row < tools->rowCount(); ++row)
            if (!tools->item(row, 1) || tools->item(row, 1)->text() == QStringLiteral("checking…"))
                return false;
        return true;
    }

    // A script that runs the stand-in `tool` of tests/wizard/standins.
    static QString standIn(const QString& tool)
    {
        return QStringLiteral("#!/bin/sh\nexec '%1/tests/wizard/standins/%2' \"$@\"\n").arg(qEnvironmentVariable("SPARKDECK_SOURCE_DIR"), tool);
    }

    // A PATH with `tools` (name -> script) and this machine's other programs, but no docker, kind,
    // kubectl or helm of its own: those not in `tools` are "not installed".
    QString isolatedPath(const QMap<QString, QString>& tools)
    {
        const QString system = systemBinWithoutTools(QDir(m_dir.path()), m_path);
        const QString bin = m_dir.filePath(QStringLiteral("tools-%1").arg(++m_toolDirs));
        QDir().mkpath(bin);
        for (auto it = tools.cbegin(); it != tools.cend(); ++it) {
            QFile script(bin + QLatin1Char('/') + it.key());
            if (!script.open(QIODevice::WriteOnly) || script.write(it.value().toUtf8()) < 0)
                return {};
            script.setPermissions(script.permissions() | QFileDevice::ExeOwner);
        }
        return bin + QLatin1Char(':') + system;
    }

    void shot(SetupWizard& wizard, const QString& name) { saveShot(wizard, m_shots, QStringLiteral("wizard-") + name); }

    QTemporaryDir m_dir;
    QString m_name = QStringLiteral("wizgui");
    QString m_chart;
    QString m_kubectl;
    QString m_kubeconfig;
    QString m_log;
    QString m_shots;
    QString m_path; ///< PATH as the test started
    bool m_prepared = false;
    int m_toolDirs = 0;
};

QTEST_MAIN(TestSetupWizard)
#include "tst_setupwizard.moc"
