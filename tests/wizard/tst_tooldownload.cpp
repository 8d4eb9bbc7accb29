// setup::ToolDownload against a local HTTPS server (tests/support/toolserver) that stands in for
// kind.sigs.k8s.io, dl.k8s.io and get.helm.sh: $SPARKDECK_TOOL_DOWNLOAD_BASE puts the official
// paths under it, $SPARKDECK_TOOL_DOWNLOAD_CA adds its certificate authority. Stand-in binaries
// (shell scripts) and checksum files; a good download, a redirect, helm's archive, a wrong
// checksum, a transfer broken off, refused and unknown hosts, an untrusted certificate, cancel:
// each with its message and nothing half-installed. Then the installed tools are found by
// everything that runs programs (proc::ProcessRunner through setup::CommandRunner). No internet.

#include "app/process/toolpath.h"
#include "app/setup/commandrunner.h"
#include "app/setup/tooldownload.h"

#include "tests/support/toolserver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using setup::ToolDownload;
using setup::ToolRelease;

namespace {

bool writeFile(const QString& path, const QByteArray& data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

QByteArray standInBinary(const QString& line, int padding = 3 << 20)
{
    return ToolServer::standInBinary(line, padding);
}

} // namespace

class TestToolDownload : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Never the user's ~/.local/share: the tools directory is under this test's own folder.
        m_server = ToolServer::startFor(m_dir.path());
        QVERIFY2(m_server->error().isEmpty(), qPrintable(m_server->error()));
        m_path = qEnvironmentVariable("PATH");
        QVERIFY2(setup::pinnedRelease(QStringLiteral("kubectl")), "this machine's OS and CPU have no pinned release");
    }

    void init()
    {
        qputenv("SPARKDECK_TOOL_DOWNLOAD_BASE", m_server->baseUrl().toUtf8());
        qputenv("SPARKDECK_TOOL_DOWNLOAD_CA", m_server->caFile().toUtf8());
        qputenv("PATH", m_path.toUtf8());
        QDir(proc::toolsDirectory()).removeRecursively();
        m_server->clear();
    }

    void toolsDirectoryIsUnderXdgDataHome()
    {
        QCOMPARE(proc::toolsDirectory(), m_dir.filePath(QStringLiteral("data/sparkdeck/bin")));
        // Without XDG_DATA_HOME: ~/.local/share/sparkdeck/bin.
        qunsetenv("XDG_DATA_HOME");
        const QString fallback = proc::toolsDirectory();
        qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toUtf8());
        QCOMPARE(fallback, QDir::homePath() + QStringLiteral("/.local/share/sparkdeck/bin"));
    }

    void pinnedReleasesAtOfficialLocations()
    {
        qunsetenv("SPARKDECK_TOOL_DOWNLOAD_BASE");
        const auto kind = setup::pinnedRelease(QStringLiteral("kind"), QStringLiteral("linux"), QStringLiteral("amd64"));
        QVERIFY(kind);
        QCOMPARE(kind->version, QStringLiteral("v0.30.0"));
        QCOMPARE(kind->url, QUrl(QStringLiteral("https://kind.sigs.k8s.io/dl/v0.30.0/kind-linux-amd64")));
        QCOMPARE(kind->checksumUrl, QUrl(QStringLiteral("https://kind.sigs.k8s.io/dl/v0.30.0/kind-linux-amd64.sha256sum")));
        QCOMPARE(kind->fileName, QStringLiteral("kind"));
        QVERIFY(kind->archiveMember.isEmpty());

        const auto kubectl = setup::pinnedRelease(QStringLiteral("kubectl"), QStringLiteral("darwin"), QStringLiteral("arm64"));
        QVERIFY(kubectl);
        QCOMPARE(kubectl->url, QUrl(QStringLiteral("https://dl.k8s.io/release/v1.34.4/bin/darwin/arm64/kubectl")));
        QCOMPARE(kubectl->checksumUrl, QUrl(QStringLiteral("https://dl.k8s.io/release/v1.34.4/bin/darwin/arm64/kubectl.sha256")));

        const auto kubectlWindows = setup::pinnedRelease(QStringLiteral("kubectl"), QStringLiteral("windows"), QStringLiteral("amd64"));
        QVERIFY(kubectlWindows);
        QCOMPARE(kubectlWindows->url, QUrl(QStringLiteral("https://dl.k8s.io/release/v1.34.4/bin/windows/amd64/kubectl.exe")));
        QCOMPARE(kubectlWindows->fileName, QStringLiteral("kubectl.exe"));

        const auto helm = setup::pinnedRelease(QStringLiteral("helm"), QStringLiteral("linux"), QStringLiteral("arm64"));
        QVERIFY(helm);
        QCOMPARE(helm->version, QStringLiteral("v3.19.5"));
        QCOMPARE(helm->url, QUrl(QStringLiteral("https://get.helm.sh/helm-v3.19.5-linux-arm64.tar.gz")));
        QCOMPARE(helm->checksumUrl, QUrl(QStringLiteral("https://get.helm.sh/helm-v3.19.5-linux-arm64.tar.gz.sha256sum")));
        QCOMPARE(helm->archiveMember, QStringLiteral("linux-arm64/helm"));

        const auto helmWindows = setup::pinnedRelease(QStringLiteral("helm"), QStringLiteral("windows"), QStringLiteral("amd64"));
        QVERIFY(helmWindows);
        QCOMPARE(helmWindows->url, QUrl(QStringLiteral("https://get.helm.sh/helm-v3.19.5-windows-amd64.zip")));
        QCOMPARE(helmWindows->archiveMember, QStringLiteral("windows-amd64/helm.exe"));

        QVERIFY(!setup::pinnedRelease(QStringLiteral("kind"), QStringLiteral("linux"), QStringLiteral("riscv64")));
        QVERIFY(!setup::pinnedRelease(QStringLiteral("kind"), QStringLiteral("freebsd"), QStringLiteral("amd64")));
        QVERIFY(!setup::pinnedRelease(QStringLiteral("kind"), QStringLiteral("windows"), QStringLiteral("arm64")));
        QVERIFY(!setup::pinnedRelease(QStringLiteral("docker"), QStringLiteral("linux"), QStringLiteral("amd64")));
        QCOMPARE(setup::downloadableTools(), (QStringList{QStringLiteral("kind"), QStringLiteral("kubectl"), QStringLiteral("helm")}));

        // The test override keeps the official host and path below its base.
        qputenv("SPARKDECK_TOOL_DOWNLOAD_BASE", "https://127.0.0.1:1/");
        QCOMPARE(setup::pinnedRelease(QStringLiteral("kubectl"), QStringLiteral("linux"), QStringLiteral("amd64"))->url,
                 QUrl(QStringLiteral("https://127.0.0.1:1/dl.k8s.io/release/v1.34.4/bin/linux/amd64/kubectl")));
    }

    void parseSha256File_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("hash");
        const QByteArray h = ToolServer::sha256("x");
        QTest::newRow("sha256sum line") << QByteArray(h + "  helm-v3.19.5-linux-amd64.tar.gz\n") << h;
        QTest::newRow("bare hash (kubectl.sha256)") << h << h;
        QTest::newRow("upper case") << h.toUpper() + "\n" << h;
        QTest::newRow("too short") << h.left(63) << QByteArray();
        QTest::newRow("not hex") << QByteArray(h.left(63) + "g") << QByteArray();
        QTest::newRow("an HTML page") << QByteArray("<html><body>Not here</body></html>") << QByteArray();
        QTest::newRow("empty") << QByteArray() << QByteArray();
    }

    void parseSha256File()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, hash);
        QCOMPARE(setup::parseSha256File(text), hash);
    }

    void installsKubectl()
    {
        const ToolRelease r = release(QStringLiteral("kubectl"));
        const QByteArray body = serveKubectl(ToolServer::Mode::Whole); // Kubernetes' .sha256: the bare hash

        ToolDownload download(QStringLiteral("kubectl"));
        QSignalSpy progress(&download, &ToolDownload::progress);
        QCOMPARE(run(download), ToolDownload::Result::Installed);
        QVERIFY2(download.message().contains(QStringLiteral("kubectl v1.34.4 installed")), qPrintable(download.message()));
        QVERIFY(download.message().contains(QStringLiteral("SHA-256 verified")));
        QCOMPARE(download.installedPath(), proc::toolsDirectory() + QStringLiteral("/kubectl"));
        QCOMPARE(ToolServer::readFile(download.installedPath()), body);
        QVERIFY(QFileInfo(download.installedPath()).isExecutable());
        QCOMPARE(entries(), QStringList{QStringLiteral("kubectl")});
        // The official paths, checksum first.
        QCOMPARE(m_server->requested(), (QStringList{r.checksumUrl.path(), r.url.path()}));
        // Progress in bytes, never backwards, ending at the whole file.
        QVERIFY(progress.size() >= 2);
        qint64 last = 0;
        for (const QList<QVariant>& p : progress) {
            QVERIFY(p.at(0).toLongLong() >= last);
            last = p.at(0).toLongLong();
        }
        QCOMPARE(progress.last().at(0).toLongLong(), qint64(body.size()));
        QCOMPARE(progress.last().at(1).toLongLong(), qint64(body.size()));
    }

    void installedToolsAreFoundWhenNotOnPath()
    {
        installsKubectl();
        const QString empty = m_dir.filePath(QStringLiteral("empty-bin"));
        QDir().mkpath(empty);
        qputenv("PATH", empty.toUtf8());
        QCOMPARE(proc::resolveProgram(QStringLiteral("kubectl")), proc::toolsDirectory() + QStringLiteral("/kubectl"));
        QCOMPARE(proc::resolveProgram(QStringLiteral("helm")), QStringLiteral("helm")); // neither here nor there

        // The wizard's runner (and so every proc::ProcessRunner: port-forwards, the CLI) runs it.
        setup::CommandRunner runner;
        QSignalSpy finished(&runner, &setup::CommandRunner::finished);
        runner.start(setup::Command{QStringLiteral("kubectl"), {QStringLiteral("version"), QStringLiteral("--client")}, {}});
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QCOMPARE(runner.outcome(), setup::Outcome::Succeeded);
        QCOMPARE(runner.output().trimmed(), QStringLiteral("Client Version: v1.34.4"));

        // A child finds them too (kind runs kubectl), after everything on PATH.
        QVERIFY(writeFile(proc::toolsDirectory() + QStringLiteral("/sparkdeck-print-path"), "#!/bin/sh\necho \"$PATH\"\n"));
        QFile(proc::toolsDirectory() + QStringLiteral("/sparkdeck-print-path")).setPermissions(QFileDevice::ReadOwner | QFileDevice::ExeOwner);
        runner.start(setup::Command{QStringLiteral("sparkdeck-print-path"), {}, {}});
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 20000);
        QCOMPARE(runner.output().trimmed(), empty + QLatin1Char(':') + proc::toolsDirectory());

        // A program on PATH comes first.
        QVERIFY(writeFile(empty + QStringLiteral("/kubectl"), "#!/bin/sh\necho on-path\n"));
        QFile(empty + QStringLiteral("/kubectl")).setPermissions(QFileDevice::ReadOwner | QFileDevice::ExeOwner);
        QCOMPARE(proc::resolveProgram(QStringLiteral("kubectl")), QStringLiteral("kubectl"));
        runner.start(setup::Command{QStringLiteral("kubectl"), {}, {}});
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, 20000);
        QCOMPARE(runner.output().trimmed(), QStringLiteral("on-path"));
    }

    void installsKindThroughRedirect()
    {
        // kind.sigs.k8s.io/dl redirects to the GitHub release asset.
        const ToolRelease r = release(QStringLiteral("kind"));
        const QString asset = QStringLiteral("/github.com/kubernetes-sigs/kind/releases/download/v0.30.0/kind-%1-%2").arg(r.os, r.arch);
        const QByteArray body = standInBinary(QStringLiteral("kind v0.30.0 go1.24.6 linux/amd64"));
        m_server->redirect(r.url.path(), asset);
        m_server->serve(asset, body);
        m_server->redirect(r.checksumUrl.path(), asset + QStringLiteral(".sha256sum"));
        m_server->serve(asset + QStringLiteral(".sha256sum"), ToolServer::sha256sumLine(body, QFileInfo(asset).fileName()));

        ToolDownload download(QStringLiteral("kind"));
        QCOMPARE(run(download), ToolDownload::Result::Installed);
        QCOMPARE(ToolServer::readFile(proc::toolsDirectory() + QStringLiteral("/kind")), body);
        QVERIFY(QFileInfo(proc::toolsDirectory() + QStringLiteral("/kind")).isExecutable());
        QVERIFY(m_server->requested().contains(asset));
        QCOMPARE(entries(), QStringList{QStringLiteral("kind")});
    }

    void installsHelmFromItsArchiveOverAnOlderOne()
    {
        const ToolRelease r = release(QStringLiteral("helm"));
        const QByteArray helm = standInBinary(QStringLiteral("v3.19.5+g1234567"), 1 << 20);
        const QByteArray archive = helmArchive(r, helm);
        QVERIFY(!archive.isEmpty());
        m_server->serve(r.url.path(), archive);
        m_server->serve(r.checksumUrl.path(), ToolServer::sha256sumLine(archive, QFileInfo(r.url.path()).fileName()));
        QDir().mkpath(proc::toolsDirectory());
        QVERIFY(writeFile(proc::toolsDirectory() + QStringLiteral("/helm"), "#!/bin/sh\necho old\n"));

        ToolDownload download(QStringLiteral("helm"));
        QSignalSpy progress(&download, &ToolDownload::progress);
        QCOMPARE(run(download), ToolDownload::Result::Installed);
        QCOMPARE(ToolServer::readFile(proc::toolsDirectory() + QStringLiteral("/helm")), helm);
        QVERIFY(QFileInfo(proc::toolsDirectory() + QStringLiteral("/helm")).isExecutable());
        QCOMPARE(progress.last().at(0).toLongLong(), qint64(archive.size())); // progress counts the archive
        QCOMPARE(entries(), QStringList{QStringLiteral("helm")});
    }

    void archiveWithoutTheBinary()
    {
        const ToolRelease r = release(QStringLiteral("helm"));
        ToolRelease elsewhere = r;
        elsewhere.archiveMember = QStringLiteral("other/helm");
        const QByteArray archive = helmArchive(elsewhere, standInBinary(QStringLiteral("v3.19.5"), 0));
        m_server->serve(r.url.path(), archive);
        m_server->serve(r.checksumUrl.path(), ToolServer::sha256sumLine(archive, QStringLiteral("helm.tar.gz")));
        ToolDownload download(QStringLiteral("helm"));
        QCOMPARE(run(download), ToolDownload::Result::Install);
        QVERIFY2(download.message().contains(QStringLiteral("has no %1 inside").arg(r.archiveMember)), qPrintable(download.message()));
        QCOMPARE(entries(), QStringList());
    }

    void wrongChecksumInstallsNothing()
    {
        const ToolRelease r = release(QStringLiteral("kubectl"));
        const QByteArray body = standInBinary(QStringLiteral("Client Version: v1.34.4"));
        const QByteArray published = ToolServer::sha256("the real kubectl");
        m_server->serve(r.url.path(), body);
        m_server->serve(r.checksumUrl.path(), published + '\n');
        // A kubectl from before stays as it is.
        QDir().mkpath(proc::toolsDirectory());
        QVERIFY(writeFile(proc::toolsDirectory() + QStringLiteral("/kubectl"), "old"));

        ToolDownload download(QStringLiteral("kubectl"));
        QCOMPARE(run(download), ToolDownload::Result::Checksum);
        const QString message = download.message();
        QVERIFY2(message.contains(QStringLiteral("SHA-256 is %1").arg(QString::fromLatin1(ToolServer::sha256(body)))), qPrintable(message));
        QVERIFY2(message.contains(QString::fromLatin1(published)), qPrintable(message));
        QVERIFY2(message.contains(r.checksumUrl.toDisplayString()), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("Nothing was installed")), qPrintable(message));
        QCOMPARE(ToolServer::readFile(proc::toolsDirectory() + QStringLiteral("/kubectl")), QByteArray("old"));
        QCOMPARE(entries(), QStringList{QStringLiteral("kubectl")});
    }

    void checksumFileThatIsNoChecksum()
    {
        const ToolRelease r = release(QStringLiteral("kubectl"));
        m_server->serve(r.checksumUrl.path(), "<html><body>Moved</body></html>");
        ToolDownload download(QStringLiteral("kubectl"));
        QCOMPARE(run(download), ToolDownload::Result::Checksum);
        QVERIFY2(download.message().contains(QStringLiteral("does not hold a SHA-256 checksum")), qPrintable(download.message()));
        QVERIFY(!m_server->requested().contains(r.url.path())); // the binary is not fetched unverifiable
        QCOMPARE(entries(), QStringList());
    }

    void missingFileIsAnHttpError()
    {
        const ToolRelease r = release(QStringLiteral("kind"));
        ToolDownload download(QStringLiteral("kind"));
        QCOMPARE(run(download), ToolDownload::Result::Http);
        QVERIFY2(download.message().contains(QStringLiteral("answered HTTP 404 (Not Found) for %1").arg(r.checksumUrl.toDisplayString())),
                 qPrintable(download.message()));
        QCOMPARE(entries(), QStringList());
    }

    void interruptedDownloadInstallsNothing()
    {
        serveKubectl(ToolServer::Mode::BrokenOff);
        ToolDownload download(QStringLiteral("kubectl"));
        QCOMPARE(run(download), ToolDownload::Result::Interrupted);
        QVERIFY2(download.message().contains(QStringLiteral("broke off")), qPrintable(download.message()));
        QVERIFY2(download.message().contains(QStringLiteral("Nothing was installed; press Download to try again.")), qPrintable(download.message()));
        QCOMPARE(entries(), QStringList());
    }

    void stalledTransferFails()
    {
        serveKubectl(ToolServer::Mode::Stalled);
        ToolDownload download(QStringLiteral("kubectl"));
        download.setStallTimeout(500);
        QCOMPARE(run(download), ToolDownload::Result::Interrupted);
        QVERIFY2(download.message().contains(QStringLiteral("127.0.0.1 sent nothing for 0.5 s (after ")), qPrintable(download.message()));
        QVERIFY(download.message().contains(QStringLiteral("Nothing was installed")));
        QCOMPARE(entries(), QStringList());
        QTRY_COMPARE_WITH_TIMEOUT(m_server->openConnections(), 0, 10000);
    }

    void errorPageIsNotSaved()
    {
        const ToolRelease r = release(QStringLiteral("kubectl"));
        m_server->serve(r.checksumUrl.path(), ToolServer::sha256("kubectl"));
        ToolDownload download(QStringLiteral("kubectl"));
        QSignalSpy progress(&download, &ToolDownload::progress);
        QCOMPARE(run(download), ToolDownload::Result::Http);
        QVERIFY2(download.message().contains(QStringLiteral("answered HTTP 404 (Not Found) for %1").arg(r.url.toDisplayString())),
                 qPrintable(download.message()));
        for (const QList<QVariant>& p : progress)
            QCOMPARE(p.at(0).toLongLong(), 0); // the 404 page is no part of the download
        QCOMPARE(entries(), QStringList());
    }

    void refusedConnection()
    {
        quint16 port = 0;
        {
            QTcpServer closed;
            QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
            port = closed.serverPort();
        }
        qputenv("SPARKDECK_TOOL_DOWNLOAD_BASE", QStringLiteral("https://127.0.0.1:%1").arg(port).toUtf8());
        ToolDownload download(QStringLiteral("helm"));
        QCOMPARE(run(download), ToolDownload::Result::Network);
        QVERIFY2(download.message().contains(QStringLiteral("127.0.0.1 refused the connection")), qPrintable(download.message()));
        QVERIFY(download.message().contains(QStringLiteral("Nothing was installed")));
        QCOMPARE(entries(), QStringList());
    }

    void unknownHost()
    {
        // .invalid never resolves (RFC 6761), online or not.
        qputenv("SPARKDECK_TOOL_DOWNLOAD_BASE", "https://sparkdeck-download.invalid");
        ToolDownload download(QStringLiteral("kind"));
        QCOMPARE(run(download), ToolDownload::Result::Network);
        QVERIFY2(download.message().contains(QStringLiteral("cannot find the host sparkdeck-download.invalid")), qPrintable(download.message()));
        QVERIFY(download.message().contains(QStringLiteral("looks offline")));
        QCOMPARE(entries(), QStringList());
    }

    void untrustedCertificateIsRefused()
    {
        // Without the test's authority the server's certificate does not verify: nothing is fetched.
        qunsetenv("SPARKDECK_TOOL_DOWNLOAD_CA");
        const ToolRelease r = release(QStringLiteral("kubectl"));
        const QByteArray body = standInBinary(QStringLiteral("Client Version: v1.34.4"), 0);
        m_server->serve(r.url.path(), body);
        m_server->serve(r.checksumUrl.path(), ToolServer::sha256(body));
        ToolDownload download(QStringLiteral("kubectl"));
        QCOMPARE(run(download), ToolDownload::Result::Network);
        QVERIFY2(download.message().contains(QStringLiteral("The secure connection to 127.0.0.1 failed")), qPrintable(download.message()));
        QCOMPARE(entries(), QStringList());
    }

    void cancelInstallsNothing()
    {
        const QByteArray body = serveKubectl(ToolServer::Mode::Stalled);
        ToolDownload download(QStringLiteral("kubectl"));
        QSignalSpy progress(&download, &ToolDownload::progress);
        QSignalSpy finished(&download, &ToolDownload::finished);
        download.start();
        QVERIFY(download.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last().at(0).toLongLong() > 0, 20000);
        QCOMPARE(progress.last().at(1).toLongLong(), qint64(body.size()));
        QVERIFY(!entries().contains(QStringLiteral("kubectl"))); // nothing under the tool's name while it runs
        download.cancel();
        QCOMPARE(finished.size(), 0); // from the event loop, not from inside cancel()
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(finished.first().at(0).value<ToolDownload::Result>(), ToolDownload::Result::Cancelled);
        QVERIFY(!download.isRunning());
        QVERIFY2(download.message().contains(QStringLiteral("cancelled")), qPrintable(download.message()));
        QCOMPARE(entries(), QStringList());
        QTRY_COMPARE_WITH_TIMEOUT(m_server->openConnections(), 0, 10000); // the transfer was aborted
        QTest::qWait(0);
        QCOMPARE(finished.size(), 1);
    }

    void destroyedWhileRunningLeavesNothing()
    {
        serveKubectl(ToolServer::Mode::Stalled);
        auto* download = new ToolDownload(QStringLiteral("kubectl"));
        QSignalSpy progress(download, &ToolDownload::progress);
        download->start();
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last().at(0).toLongLong() > 0, 20000);
        delete download;
        QCOMPARE(entries(), QStringList());
        QTRY_COMPARE_WITH_TIMEOUT(m_server->openConnections(), 0, 10000);
    }

    void unsupportedTool()
    {
        ToolDownload download(QStringLiteral("docker"));
        QCOMPARE(run(download), ToolDownload::Result::Unsupported);
        QVERIFY2(download.message().contains(QStringLiteral("no download of docker")), qPrintable(download.message()));
    }

    void unwritableInstallDirectory()
    {
        const QString file = m_dir.filePath(QStringLiteral("a-file"));
        QVERIFY(writeFile(file, "x"));
        ToolDownload download(QStringLiteral("kind"));
        download.setInstallDirectory(file + QStringLiteral("/bin"));
        QCOMPARE(run(download), ToolDownload::Result::Install);
        QVERIFY2(download.message().contains(QStringLiteral("cannot create the folder")), qPrintable(download.message()));
    }

private:
    ToolRelease release(const QString& tool) const { return *setup::pinnedRelease(tool); }

    // Serves a stand-in kubectl with its correct checksum, sent as `mode` says; the file.
    QByteArray serveKubectl(ToolServer::Mode mode)
    {
        const ToolRelease r = release(QStringLiteral("kubectl"));
        const QByteArray body = standInBinary(QStringLiteral("Client Version: v1.34.4"));
        m_server->serve(r.url.path(), body, mode);
        m_server->serve(r.checksumUrl.path(), ToolServer::sha256(body));
        return body;
    }

    // Runs `download` to its end; its result.
    static ToolDownload::Result run(ToolDownload& download)
    {
        QSignalSpy finished(&download, &ToolDownload::finished);
        download.start();
        [&] { QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000); }();
        if (finished.size() != 1)
            return ToolDownload::Result::Cancelled;
        [&] { QCOMPARE(finished.first().at(0).value<ToolDownload::Result>(), download.result()); }();
        return download.result();
    }

    // What the tools directory holds, hidden files too.
    static QStringList entries()
    {
        return QDir(proc::toolsDirectory()).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
    }

    // helm's release archive with `binary` as `r.archiveMember`.
    QByteArray helmArchive(const ToolRelease& r, const QByteArray& binary)
    {
        return ToolServer::tarGz(m_dir.filePath(QStringLiteral("helm-stage-%1").arg(++m_archives)), r.archiveMember, binary);
    }

    QTemporaryDir m_dir;
    std::unique_ptr<ToolServer> m_server;
    QString m_path;
    int m_archives = 0;
};

QTEST_GUILESS_MAIN(TestToolDownload)
#include "tst_tooldownload.moc"
