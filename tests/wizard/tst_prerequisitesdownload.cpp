// The Kind wizard's Prerequisites page on a fresh laptop, offscreen: Docker answers, kind, kubectl
// and helm are not installed, and the page downloads them (setup::ToolDownload) from a local HTTPS
// server standing in for their official sites (tests/support/toolserver), with progress in each
// row; the checks then find them in the tools directory and the page is ready. A download with a
// wrong checksum says so and installs nothing; Cancel stops one. No internet, no terminal.
// With SPARKDECK_SCREENSHOT_DIR set it saves pictures of the page there.

#include "app/process/toolpath.h"
#include "app/setup/tooldownload.h"
#include "ui/setup/runpanel.h"
#include "ui/setupwizard.h"

#include "tests/support/toolserver.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using ui::SetupWizard;

class TestPrerequisitesDownload : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_server = ToolServer::startFor(m_dir.path());
        QVERIFY2(m_server->error().isEmpty(), qPrintable(m_server->error()));
        QVERIFY(setup::pinnedRelease(QStringLiteral("helm")));
        m_helmArchive = ToolServer::tarGz(m_dir.filePath(QStringLiteral("helm-stage")), release(QStringLiteral("helm")).archiveMember,
                                          m_helm);
        QVERIFY(!m_helmArchive.isEmpty());
        // A fresh laptop: a PATH with only docker (the checks' scripts need nothing else).
        const QString bin = m_dir.filePath(QStringLiteral("bin"));
        QDir().mkpath(bin);
        QFile docker(bin + QStringLiteral("/docker"));
        QVERIFY(docker.open(QIODevice::WriteOnly));
        docker.write("#!/bin/sh\necho 28.2.2\n");
        docker.close();
        QVERIFY(docker.setPermissions(QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        qputenv("PATH", bin.toUtf8());
        qunsetenv("SPARKDECK_KUBECTL");
        m_shots = qEnvironmentVariable("SPARKDECK_SCREENSHOT_DIR");
    }

    void init()
    {
        QDir(proc::toolsDirectory()).removeRecursively();
        m_server->clear();
    }

    void downloadsTheMissingTools()
    {
        serve(QStringLiteral("kind"), m_kind, ToolServer::sha256sumLine(m_kind, QStringLiteral("kind")));
        serve(QStringLiteral("kubectl"), m_kubectl, ToolServer::sha256(m_kubectl));
        serve(QStringLiteral("helm"), m_helmArchive, ToolServer::sha256sumLine(m_helmArchive, QStringLiteral("helm.tar.gz")));

        SetupWizard wizard;
        QTableWidget* tools = openChecked(wizard);
        QVERIFY(tools);
        ui::RunPanel* panel = wizard.panel(SetupWizard::PrerequisitesPage);
        QVERIFY2(tools->item(0, 1)->text().contains(QStringLiteral("found")), qPrintable(tools->item(0, 2)->text()));
        QVERIFY(!tools->cellWidget(0, 3)); // docker is not SparkDeck's to download
        for (const QString& tool : setup::downloadableTools()) {
            const int row = rowOf(tools, tool);
            QVERIFY2(tools->item(row, 1)->text().contains(QStringLiteral("missing")), qPrintable(tool));
            QPushButton* button = downloadButton(wizard, tool);
            QVERIFY2(button && button->isVisibleTo(&wizard), qPrintable(tool));
            QCOMPARE(button->text(), QStringLiteral("Download"));
            QVERIFY(button->toolTip().contains(release(tool).version));
            QVERIFY(!progressBar(wizard, tool)->isVisibleTo(&wizard));
        }
        auto* all = wizard.findChild<QPushButton*>(QStringLiteral("downloadMissingButton"));
        QVERIFY(all && all->isVisibleTo(&wizard));
        QCOMPARE(all->text(), QStringLiteral("Download missing tools (kind, kubectl, helm)"));
        QVERIFY(!wizard.page(SetupWizard::PrerequisitesPage)->property("sparkdeckReady").toBool());
        shot(wizard, QStringLiteral("1-prerequisites-download-offered"));

        QSignalSpy kubectlProgress(progressBar(wizard, QStringLiteral("kubectl")), &QProgressBar::valueChanged);
        all->click();
        // Each row shows its download with Cancel; the button for all is gone.
        for (const QString& tool : setup::downloadableTools()) {
            QVERIFY(progressBar(wizard, tool)->isVisibleTo(&wizard) || QFileInfo::exists(proc::toolsDirectory() + QLatin1Char('/') + tool));
        }
        QVERIFY(!all->isVisibleTo(&wizard));
        QCOMPARE(downloadButton(wizard, QStringLiteral("kubectl"))->text(), QStringLiteral("Cancel"));
        shot(wizard, QStringLiteral("1-prerequisites-downloading"));

        // Installed, checked again, found in the tools directory: the page is ready.
        QTRY_VERIFY_WITH_TIMEOUT(wizard.page(SetupWizard::PrerequisitesPage)->property("sparkdeckReady").toBool(), 60000);
        for (const QString& tool : setup::downloadableTools()) {
            const int row = rowOf(tools, tool);
            QVERIFY2(tools->item(row, 1)->text().contains(QStringLiteral("found")), qPrintable(tool + QLatin1Char(' ') + tools->item(row, 2)->text()));
            QVERIFY(!downloadButton(wizard, tool)->isVisibleTo(&wizard));
            QVERIFY(QFileInfo(proc::toolsDirectory() + QLatin1Char('/') + tool).isExecutable());
        }
        const QString where = QStringLiteral(" (downloaded by SparkDeck into %1)").arg(QDir::toNativeSeparators(proc::toolsDirectory()));
        QCOMPARE(tools->item(rowOf(tools, QStringLiteral("kind")), 2)->text(), QStringLiteral("kind v0.30.0 go1.24.6 linux/amd64") + where);
        QCOMPARE(tools->item(rowOf(tools, QStringLiteral("kubectl")), 2)->text(), QStringLiteral("Client Version: v1.34.4") + where);
        QCOMPARE(tools->item(rowOf(tools, QStringLiteral("helm")), 2)->text(), QStringLiteral("v3.19.5+g0123456") + where);
        QCOMPARE(ToolServer::readFile(proc::toolsDirectory() + QStringLiteral("/helm")), m_helm);
        QVERIFY(!all->isVisibleTo(&wizard));
        // The progress bar went up to the whole file.
        QVERIFY(!kubectlProgress.isEmpty());
        QCOMPARE(kubectlProgress.last().at(0).toInt(), 1000);
        QCOMPARE(panel->explanation(), QString());
        shot(wizard, QStringLiteral("1-prerequisites-downloaded"));
    }

    void wrongChecksumSaysWhyAndInstallsNothing()
    {
        serve(QStringLiteral("kubectl"), m_kubectl, ToolServer::sha256("another kubectl"));
        SetupWizard wizard;
        QTableWidget* tools = openChecked(wizard);
        QVERIFY(tools);
        QPushButton* button = downloadButton(wizard, QStringLiteral("kubectl"));
        const int row = rowOf(tools, QStringLiteral("kubectl"));
        button->click();
        QTRY_VERIFY_WITH_TIMEOUT(tools->item(row, 1)->text().contains(QStringLiteral("download failed")), 30000);
        const QString detail = tools->item(row, 2)->text();
        QVERIFY2(detail.contains(QStringLiteral("is not the published release")) && detail.contains(QStringLiteral("Nothing was installed")),
                 qPrintable(detail));
        QCOMPARE(tools->item(row, 2)->toolTip(), detail);
        const QString explanation = wizard.panel(SetupWizard::PrerequisitesPage)->explanation();
        QVERIFY2(explanation.contains(QStringLiteral("The download of kubectl failed.")) && explanation.contains(QString::fromLatin1(ToolServer::sha256(m_kubectl))),
                 qPrintable(explanation));
        // Download again is offered; nothing was installed, and the page is not ready.
        QVERIFY(button->isVisibleTo(&wizard));
        QCOMPARE(button->text(), QStringLiteral("Download"));
        QVERIFY(!progressBar(wizard, QStringLiteral("kubectl"))->isVisibleTo(&wizard));
        QVERIFY(!QFileInfo::exists(proc::toolsDirectory() + QStringLiteral("/kubectl")));
        QVERIFY(!wizard.page(SetupWizard::PrerequisitesPage)->property("sparkdeckReady").toBool());
        shot(wizard, QStringLiteral("1-prerequisites-download-failed"));
    }

    void cancelStopsADownload()
    {
        const ToolRelease r = release(QStringLiteral("kubectl"));
        m_server->serve(r.url.path(), m_kubectl, ToolServer::Mode::Stalled);
        m_server->serve(r.checksumUrl.path(), ToolServer::sha256(m_kubectl));
        SetupWizard wizard;
        QTableWidget* tools = openChecked(wizard);
        QVERIFY(tools);
        QPushButton* button = downloadButton(wizard, QStringLiteral("kubectl"));
        QProgressBar* progress = progressBar(wizard, QStringLiteral("kubectl"));
        const int row = rowOf(tools, QStringLiteral("kubectl"));
        button->click();
        QTRY_VERIFY_WITH_TIMEOUT(progress->value() > 0, 30000); // half of it arrived, then nothing
        QVERIFY2(tools->item(row, 1)->text().startsWith(QStringLiteral("↓ downloading")), qPrintable(tools->item(row, 1)->text()));
        QVERIFY(progress->text().contains(QStringLiteral(" of ")));
        QCOMPARE(button->text(), QStringLiteral("Cancel"));
        button->click();
        QTRY_COMPARE(tools->item(row, 1)->text(), QStringLiteral("– download cancelled"));
        QCOMPARE(button->text(), QStringLiteral("Download"));
        QVERIFY(!QFileInfo::exists(proc::toolsDirectory() + QStringLiteral("/kubectl")));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->openConnections(), 0, 10000);
    }

private:
    using ToolRelease = setup::ToolRelease;

    static ToolRelease release(const QString& tool) { return *setup::pinnedRelease(tool); }

    void serve(const QString& tool, const QByteArray& file, const QByteArray& checksum)
    {
        const ToolRelease r = release(tool);
        m_server->serve(r.url.path(), file);
        m_server->serve(r.checksumUrl.path(), checksum);
    }

    // Shows `wizard` and waits until its checks have ended; its tools table (null when they did not).
    static QTableWidget* openChecked(SetupWizard& wizard)
    {
        wizard.show();
        if (!QTest::qWaitForWindowExposed(&wizard))
            return nullptr;
        auto* tools = wizard.findChild<QTableWidget*>(QStringLiteral("toolsTable"));
        ui::RunPanel* panel = wizard.panel(SetupWizard::PrerequisitesPage);
        [&] { QTRY_VERIFY_WITH_TIMEOUT(tools && checked(tools) && !panel->isRunning(), 30000); }();
        return tools && checked(tools) && !panel->isRunning() ? tools : nullptr;
    }

    static bool checked(QTableWidget* tools)
    {
        for (int row = 0; row < tools->rowCount(); ++row)
            if (!tools->item(row, 1) || tools->item(row, 1)->text() == QStringLiteral("checking…"))
                return false;
        return true;
    }

    static int rowOf(QTableWidget* tools, const QString& tool)
    {
        for (int row = 0; row < tools->rowCount(); ++row)
            if (tools->item(row, 0)->text() == tool)
                return row;
        return -1;
    }

    static QPushButton* downloadButton(QWidget& wizard, const QString& tool)
    {
        return wizard.findChild<QPushButton*>(QStringLiteral("download-") + tool);
    }

    static QProgressBar* progressBar(QWidget& wizard, const QString& tool)
    {
        return wizard.findChild<QProgressBar*>(QStringLiteral("downloadProgress-") + tool);
    }

    void shot(QWidget& widget, const QString& name) const
    {
        if (!m_shots.isEmpty() && QDir().mkpath(m_shots))
            widget.grab().save(m_shots + QLatin1Char('/') + name + QStringLiteral(".png"));
    }

    QTemporaryDir m_dir;
    std::unique_ptr<ToolServer> m_server;
    QString m_shots;
    const QByteArray m_kind = ToolServer::standInBinary(QStringLiteral("kind v0.30.0 go1.24.6 linux/amd64"));
    const QByteArray m_kubectl = ToolServer::standInBinary(QStringLiteral("Client Version: v1.34.4"));
    const QByteArray m_helm = ToolServer::standInBinary(QStringLiteral("v3.19.5+g0123456"));
    QByteArray m_helmArchive;
};

QTEST_MAIN(TestPrerequisitesDownload)
#include "tst_prerequisitesdownload.moc"
