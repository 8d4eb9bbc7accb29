// A workshop attendee's whole path, offscreen, with the recording docker and kind stand-ins of
// tests/wizard/standins and the real helm and kubectl: SparkDeck starts without a kubeconfig (the
// welcome page), "Set up a local cluster" opens the wizard, every step runs with its defaults (a
// local chart instead of the Helm repository, and no webhook, as nothing runs the operator's pods
// here), the Images step downloads the Spark image SparkPi uses (not on this "machine":
// SPARKDECK_STANDIN_ABSENT) and loads it into the cluster, Done lists every step's time, and then
// SparkPi, submitted from the job editor the wizard opens, is COMPLETED in the main window with its
// driver's log. Each step's time is shown while it runs and on the Done page.
// Two rows: "tools on PATH" (kind, kubectl and helm installed), and "fresh laptop" as a workshop
// attendee's: PATH has the docker stand-in but no kind, kubectl or helm, the tools directory
// ($XDG_DATA_HOME/sparkdeck/bin) is empty, and "Download missing tools" on the Prerequisites page
// fetches them from a local HTTPS server standing in for their official sites
// (tests/support/toolserver): a kind that runs the kind stand-in, the real kubectl, and the real
// helm in a tarball like get.helm.sh's, each with its published checksum; the rest of the path
// runs them from the tools directory. The whole path's time is printed (not asserted).
// With SPARKDECK_SCREENSHOT_DIR set it saves pictures of the Done page and the main window there.
// SPARKDECK_WORKSHOP_CLUSTER names the Kind cluster (default "workshop").

#include "app/process/toolpath.h"
#include "app/setup/tooldownload.h"
#include "models/applicationsmodel.h"
#include "ui/applicationsview.h"
#include "ui/detailspane.h"
#include "ui/jobeditor.h"
#include "ui/logviewer.h"
#include "ui/mainwindow.h"
#include "ui/setup/donepage.h"
#include "ui/setup/imagespage.h"
#include "ui/setupwizard.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include "tests/support/process.h"
#include "tests/support/toolserver.h"
#include "tests/wizard/wizardtools.h"

using ui::SetupWizard;

namespace {
// A step's time as the wizard shows it: "0.4 s", "12 s", "2 min 05 s".
const QRegularExpression kTime(QStringLiteral("^(\\d+\\.\\d s|\\d+ s|\\d+ min \\d\\d s|\\d+ h \\d\\d min)$"));
} // namespace

class TestWorkshopPath : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(!qEnvironmentVariable("SPARKDECK_SOURCE_DIR").isEmpty());
        QVERIFY(m_dir.isValid());
        m_name = qEnvironmentVariable("SPARKDECK_WORKSHOP_CLUSTER", QStringLiteral("workshop"));
        qputenv("SPARKDECK_STANDIN_ABSENT", "spark:3.5.3");
        qunsetenv("SPARKDECK_STANDIN_FAIL");
        qunsetenv("SPARKDECK_STANDIN_DELAY");
        qunsetenv("SPARKDECK_STANDIN_IMAGES");
        qunsetenv("SPARKDECK_KUBECTL");
        m_shots = qEnvironmentVariable("SPARKDECK_SCREENSHOT_DIR");
        const QString path = qEnvironmentVariable("PATH");
        QString error;
        QVERIFY2(findWizardTools(path, &m_tools, &error), qPrintable(error));
        m_kind = qEnvironmentVariable("SPARKDECK_SOURCE_DIR") + QStringLiteral("/tests/wizard/standins/kind");

        // The fresh laptop's PATH: the docker stand-in and this machine's programs, without kind,
        // kubectl or helm.
        const QString docker = m_dir.filePath(QStringLiteral("laptop-bin"));
        QVERIFY(QDir().mkpath(docker));
        QVERIFY(QFile::link(QFileInfo(m_kind).absolutePath() + QStringLiteral("/docker"), docker + QStringLiteral("/docker")));
        m_laptopPath = docker + QLatin1Char(':') + systemBinWithoutTools(QDir(m_dir.path()), path);

        // Their download sites. The downloaded kind runs the stand-in where it is (it finds the
        // repository and the docker stand-in next to itself).
        m_server = ToolServer::startFor(m_dir.filePath(QStringLiteral("server")));
        QVERIFY2(m_server->error().isEmpty(), qPrintable(m_server->error()));
        const QByteArray kind = "#!/bin/sh\nexec '" + m_kind.toUtf8() + "' \"$@\"\n";
        const QByteArray kubectl = ToolServer::readFile(m_tools.kubectl);
        QVERIFY(!kubectl.isEmpty());
        const setup::ToolRelease helm = *setup::pinnedRelease(QStringLiteral("helm"));
        const QByteArray helmArchive = ToolServer::tarGz(m_dir.filePath(QStringLiteral("helm-stage")), helm.archiveMember,
                                                         ToolServer::readFile(m_tools.helm));
        QVERIFY(!helmArchive.isEmpty());
        serve(QStringLiteral("kind"), kind, ToolServer::sha256sumLine(kind, QStringLiteral("kind")));
        serve(QStringLiteral("kubectl"), kubectl, ToolServer::sha256(kubectl));
        serve(QStringLiteral("helm"), helmArchive, ToolServer::sha256sumLine(helmArchive, helm.url.fileName()));

        runChecked(m_kind, {QStringLiteral("delete"), QStringLiteral("cluster"), QStringLiteral("--name"), m_name}, Exit::MayFail);
    }

    void cleanup()
    {
        runChecked(m_kind, {QStringLiteral("delete"), QStringLiteral("cluster"), QStringLiteral("--name"), m_name}, Exit::MayFail, 120'000);
    }

    void fromWelcomeToSparkPi_data()
    {
        QTest::addColumn<bool>("download");
        QTest::newRow("tools on PATH") << false;
        QTest::newRow("fresh laptop") << true;
    }

    void fromWelcomeToSparkPi()
    {
        QFETCH(bool, download);
        QElapsedTimer whole;
        whole.start();
        // Each row is a machine of its own: kubeconfig (not there yet), Helm's files, docker's
        // images (no Spark image yet), the stand-ins' record and an empty tools directory.
        const QString machine = m_dir.filePath(QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-')));
        QVERIFY(QDir().mkpath(machine));
        m_kubeconfig = machine + QStringLiteral("/kube/config");
        m_log = machine + QStringLiteral("/standins.log");
        isolateWizardTools(QDir(machine), m_kubeconfig, m_log);
        qputenv("SPARKDECK_STANDIN_DOCKER_STATE", (machine + QStringLiteral("/docker")).toUtf8());
        qputenv("XDG_DATA_HOME", (machine + QStringLiteral("/data")).toUtf8());
        QVERIFY(!QFileInfo::exists(proc::toolsDirectory()));
        qputenv("PATH", (download ? m_laptopPath : m_tools.path).toUtf8());
        m_prefix = download ? QStringLiteral("laptop-") : QString();

        ui::SessionOptions options;
        options.kubeconfigFiles = {m_kubeconfig};
        options.explicitKubeconfig = true;
        ui::MainWindow window(options);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(!window.isConnected());

        // The welcome page's "Set up a local cluster with Kind…".
        auto* setupButton = window.findChild<QPushButton*>(QStringLiteral("setupButton"));
        QVERIFY(setupButton);
        QTRY_VERIFY(setupButton->isVisible());
        setupButton->click();
        QTRY_VERIFY(window.setupWizard() && window.setupWizard()->isVisible());
        QPointer<SetupWizard> wizard = window.setupWizard();

        // 1. Prerequisites: checked when the wizard opens; all four found, on a fresh laptop once
        // "Download missing tools" has fetched kind, kubectl and helm into the tools directory.
        ui::RunPanel* prerequisites = wizard->panel(SetupWizard::PrerequisitesPage);
        if (download) {
            auto* tools = wizard->findChild<QTableWidget*>(QStringLiteral("toolsTable"));
            auto* all = wizard->findChild<QPushButton*>(QStringLiteral("downloadMissingButton"));
            QTRY_VERIFY_WITH_TIMEOUT(!prerequisites->isRunning() && all->isVisibleTo(wizard), 60000);
            QCOMPARE(all->text(), QStringLiteral("Download missing tools (kind, kubectl, helm)"));
            QVERIFY(!wizard->page(SetupWizard::PrerequisitesPage)->property("sparkdeckReady").toBool());
            all->click();
            QTRY_VERIFY_WITH_TIMEOUT(wizard->page(SetupWizard::PrerequisitesPage)->property("sparkdeckReady").toBool(), 120000);
            for (int row = 0; row < tools->rowCount(); ++row)
                QVERIFY2(tools->item(row, 1)->text().contains(QStringLiteral("found")),
                         qPrintable(tools->item(row, 0)->text() + QStringLiteral(": ") + tools->item(row, 2)->text()));
            for (const QString& tool : setup::downloadableTools()) {
                const QString installed = proc::toolsDirectory() + QLatin1Char('/') + tool;
                QVERIFY2(QFileInfo(installed).isExecutable(), qPrintable(installed));
                QCOMPARE(proc::resolveProgram(tool), installed); // not on PATH: the downloaded one runs
            }
            QCOMPARE(ToolServer::readFile(proc::toolsDirectory() + QStringLiteral("/helm")), ToolServer::readFile(m_tools.helm));
            shot(*wizard, QStringLiteral("workshop-1-prerequisites"));
        }
        QTRY_VERIFY_WITH_TIMEOUT(wizard->page(SetupWizard::PrerequisitesPage)->property("sparkdeckReady").toBool(), 60000);
        QVERIFY(!prerequisites->isRunning());
        QVERIFY2(stepTime(prerequisites).contains(kTime), qPrintable(prerequisites->clockText()));
        wizard->next();
        QCOMPARE(wizard->currentId(), int(SetupWizard::ClusterPage));

        // 2. Cluster. The test's name for it, and the chart from the module cache (no network).
        setup::SetupOptions o = wizard->options();
        o.clusterName = m_name;
        o.chart = m_tools.chart;
        o.webhook = false;
        wizard->setOptions(o);
        ui::RunPanel* cluster = wizard->panel(SetupWizard::ClusterPage);
        cluster->runButton()->click();
        // The time counts up while the step runs.
        QTRY_VERIFY_WITH_TIMEOUT(cluster->isRunning() && !cluster->clockText().isEmpty(), 10000);
        const QString first = cluster->clockText();
        QTRY_VERIFY_WITH_TIMEOUT(cluster->clockText() != first || !cluster->isRunning(), 10000);
        QVERIFY2(cluster->isRunning(), "kind create cluster ended within a second: nothing to see counting");
        QTRY_VERIFY_WITH_TIMEOUT(!cluster->isRunning(), 240000);
        QVERIFY2(cluster->succeeded(), qPrintable(cluster->log()));
        QVERIFY2(stepTime(cluster).contains(kTime), qPrintable(cluster->clockText()));
        wizard->next();

        // 3. Spark Operator (Helm), 4. service account (runs when shown).
        ui::RunPanel* op = wizard->panel(SetupWizard::OperatorPage);
        op->runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!op->isRunning(), 240000);
        QVERIFY2(op->succeeded(), qPrintable(op->log()));
        wizard->next();
        ui::RunPanel* sa = wizard->panel(SetupWizard::ServiceAccountPage);
        QTRY_VERIFY_WITH_TIMEOUT(!sa->isRunning() && !sa->log().isEmpty(), 60000);
        QVERIFY2(sa->succeeded(), qPrintable(sa->log()));
        wizard->next();

        // 5. Images: SparkPi's image is not on this machine: offered (checked) for download.
        const QString image = ui::ImagesPage::templateImage();
        QCOMPARE(image, QStringLiteral("spark:3.5.3"));
        auto* images = wizard->findChild<QListWidget*>(QStringLiteral("imageList"));
        QTRY_VERIFY_WITH_TIMEOUT(images->count() >= 1 && images->item(0)->data(Qt::UserRole).toString() == image, 20000);
        QVERIFY2(images->item(0)->text().contains(QStringLiteral("not on this machine")), qPrintable(images->item(0)->text()));
        QCOMPARE(images->item(0)->checkState(), Qt::Checked);
        auto* page = qobject_cast<ui::ImagesPage*>(wizard->page(SetupWizard::ImagesPage));
        auto* pullBar = wizard->findChild<QProgressBar*>(QStringLiteral("pullProgress"));
        QVERIFY(page->pullText().isEmpty());
        ui::RunPanel* load = wizard->panel(SetupWizard::ImagesPage);
        // Offline first: the step fails, says why and what to do, and loads nothing.
        qputenv("SPARKDECK_STANDIN_FAIL", "image-pull-offline");
        load->runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!load->isRunning(), 60000);
        qunsetenv("SPARKDECK_STANDIN_FAIL");
        QVERIFY(!load->succeeded());
        QVERIFY2(load->explanation().contains(QStringLiteral("The image spark:3.5.3 cannot be downloaded")), qPrintable(load->explanation()));
        QVERIFY2(load->explanation().contains(QStringLiteral("docker pull spark:3.5.3")), qPrintable(load->explanation()));
        QVERIFY(!load->log().contains(QStringLiteral("kind load")));
        // Back online.
        qputenv("SPARKDECK_STANDIN_DELAY", "4"); // a pull that takes a while: its progress is seen moving
        load->runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(pullBar->isVisible() && pullBar->maximum() > 0 && pullBar->value() < pullBar->maximum(), 30000);
        QVERIFY2(page->pullText().startsWith(QStringLiteral("Pulling spark:3.5.3: ")), qPrintable(page->pullText()));
        qunsetenv("SPARKDECK_STANDIN_DELAY"); // kind load starts without it
        QTRY_VERIFY_WITH_TIMEOUT(pullBar->value() > 0 && pullBar->value() < pullBar->maximum(), 30000);
        QVERIFY(load->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!load->isRunning(), 120000);
        QVERIFY2(load->succeeded(), qPrintable(load->log()));
        QCOMPARE(page->pullText(), image + QStringLiteral(" pulled"));
        QVERIFY(pullBar->maximum() >= 4); // the stand-in's image has 4 to 8 layers
        QCOMPARE(pullBar->value(), pullBar->maximum());
        QVERIFY(load->log().contains(QStringLiteral("Status: Downloaded newer image for spark:3.5.3")));
        QVERIFY(load->log().contains(QStringLiteral("not yet present on node \"%1-control-plane\", loading...").arg(m_name)));
        QVERIFY2(stepTime(load).contains(kTime), qPrintable(load->clockText()));
        shot(*wizard, QStringLiteral("workshop-5-images"));
        wizard->next();

        // 6. Verify, with the SparkPi smoke test (no kube-controller-manager here: the test marks
        // the operator's Deployments ready as it would).
        markDeploymentsReady(m_tools.kubectl, QStringLiteral("kind-") + m_name, QStringLiteral("spark-operator"));
        ui::RunPanel* verify = wizard->panel(SetupWizard::VerifyPage);
        verify->runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!verify->isRunning(), 300000);
        QVERIFY2(verify->succeeded(), qPrintable(verify->log()));
        wizard->next();

        // 7. Done: every step's time, and the total.
        QCOMPARE(wizard->currentId(), int(SetupWizard::DonePage));
        auto* done = qobject_cast<ui::DonePage*>(wizard->page(SetupWizard::DonePage));
        const QStringList times = done->stepTimes().split(QLatin1Char('\n'));
        QStringList steps{QStringLiteral("1. Prerequisites"), QStringLiteral("2. Kind cluster"), QStringLiteral("3. Spark Operator"),
                          QStringLiteral("4. Service account"), QStringLiteral("5. Images"), QStringLiteral("6. Verify"),
                          QStringLiteral("Total")};
        if (download) // the downloads' time is a line of its own, counted in the total
            steps.insert(1, QStringLiteral("1. Prerequisites, tool downloads"));
        QCOMPARE(times.size(), steps.size());
        for (int i = 0; i < steps.size(); ++i) {
            QVERIFY2(times.at(i).startsWith(steps.at(i) + QStringLiteral(": ")), qPrintable(times.at(i)));
            QVERIFY2(times.at(i).mid(steps.at(i).size() + 2).contains(kTime), qPrintable(times.at(i)));
        }
        QCOMPARE(times.at(download ? 2 : 1), QStringLiteral("2. Kind cluster: ") + stepTime(cluster));
        auto* shown = done->findChild<QLabel*>(QStringLiteral("stepTimes"));
        QVERIFY(shown && shown->isVisible());
        QVERIFY2(shown->text().contains(stepTime(cluster)) && shown->text().contains(QStringLiteral("Total")), qPrintable(shown->text()));
        shot(*wizard, QStringLiteral("workshop-7-done"));
        QVERIFY(wizard->switchContext() && wizard->openEditor());
        wizard->button(QWizard::FinishButton)->click();
        QTRY_VERIFY(wizard.isNull() || !wizard->isVisible());

        // The main window is on the new cluster, with the job editor open.
        QTRY_VERIFY_WITH_TIMEOUT(window.isConnected(), 30000);
        ui::JobEditor* editor = window.jobEditor();
        QTRY_VERIFY(editor->isVisible());

        // SparkPi from its template, submitted: no question asked on a cluster the wizard set up.
        QStringList asked;
        QTimer watcher;
        connect(&watcher, &QTimer::timeout, this, [&asked] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                asked << box->text();
                box->reject();
            }
        });
        watcher.start(100);
        QVERIFY(editor->loadPreset(QStringLiteral("spark-pi")));
        const QString key = QStringLiteral("default/spark-pi");
        editor->submit();
        QTRY_VERIFY_WITH_TIMEOUT(window.applicationsModel()->rowOf(key) >= 0 || !asked.isEmpty(), 60000);
        QVERIFY2(asked.isEmpty(), qPrintable(asked.join(QStringLiteral(" | "))));
        window.showApplications();
        QTRY_COMPARE_WITH_TIMEOUT(window.applicationsModel()->summary(key).state, QStringLiteral("COMPLETED"), 180000);
        QVERIFY(window.applicationsView()->selectKey(key));
        ui::LogViewer* logs = window.detailsPane()->logViewer();
        QTRY_VERIFY_WITH_TIMEOUT(logs->text().contains(QStringLiteral("Pi is roughly")), 60000);
        QVERIFY2(asked.isEmpty(), qPrintable(asked.join(QStringLiteral(" | "))));
        shot(window, QStringLiteral("workshop-8-sparkpi"));

        // What was asked of docker and kind: the image pulled, then loaded into the cluster.
        QFile log(m_log);
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QString calls = QString::fromUtf8(log.readAll());
        const qsizetype pulled = calls.indexOf(QStringLiteral("docker\tpull\tspark:3.5.3\n"));
        const qsizetype loaded = calls.indexOf(QStringLiteral("kind\tload\tdocker-image\tspark:3.5.3\t--name\t%1\n").arg(m_name));
        QVERIFY2(pulled >= 0 && loaded > pulled, qPrintable(calls));
        qInfo("The whole path (%s): %.1f s; the wizard's steps: %s", QTest::currentDataTag(), double(whole.elapsed()) / 1000.0,
              qPrintable(times.last()));
    }

private:
    // The time a run panel shows ("Time: 12 s" → "12 s").
    static QString stepTime(const ui::RunPanel* panel)
    {
        const QString shown = panel->clockText();
        return shown.startsWith(QStringLiteral("Time: ")) ? shown.mid(6) : QStringLiteral("(shown: %1)").arg(shown);
    }

    void shot(QWidget& widget, const QString& name) { saveShot(widget, m_shots, m_prefix + name); }

    // Serves `tool`'s pinned release `file` and its checksum file at their URLs' paths.
    void serve(const QString& tool, const QByteArray& file, const QByteArray& checksum)
    {
        const setup::ToolRelease r = *setup::pinnedRelease(tool);
        m_server->serve(r.url.path(), file);
        m_server->serve(r.checksumUrl.path(), checksum);
    }

    QTemporaryDir m_dir;
    WizardTools m_tools;
    QString m_name;
    QString m_kubeconfig;
    QString m_log;
    QString m_shots;
    QString m_prefix;      ///< the screenshots' prefix: "laptop-" in the fresh laptop's row
    QString m_kind;        ///< the kind stand-in
    QString m_laptopPath;  ///< PATH without kind, kubectl and helm
    std::unique_ptr<ToolServer> m_server;
};

QTEST_MAIN(TestWorkshopPath)
#include "tst_workshoppath.moc"
