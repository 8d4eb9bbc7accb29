#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <optional>

class QCryptographicHash;
class QNetworkAccessManager;
class QNetworkReply;
class QSaveFile;
class QTemporaryFile;

namespace setup {

/// One pinned release of a tool for one operating system and CPU, at the project's official
/// download location:
/// - kind:    https://kind.sigs.k8s.io/dl/VERSION/kind-OS-ARCH (kind's quick start; a redirect to
///            the GitHub release asset) and the release's `.sha256sum` beside it;
/// - kubectl: https://dl.k8s.io/release/VERSION/bin/OS/ARCH/kubectl and `kubectl.sha256`
///            (kubernetes.io "Install and Set Up kubectl");
/// - helm:    https://get.helm.sh/helm-VERSION-OS-ARCH.tar.gz (`.zip` on Windows) and its
///            `.sha256sum` (helm.sh "Installing Helm", "From the Binary Releases"); the binary is
///            the archive's `OS-ARCH/helm`.
struct ToolRelease {
    QString tool;          ///< "kind", "kubectl" or "helm"
    QString version;       ///< e.g. "v1.34.4"
    QString os;            ///< Go's GOOS as the projects name their files: "linux", "darwin", "windows"
    QString arch;          ///< Go's GOARCH: "amd64", "arm64"
    QUrl url;              ///< the binary (kind, kubectl) or the archive (helm)
    QUrl checksumUrl;      ///< the published SHA-256 of `url`'s file
    QString archiveMember; ///< the binary's path inside the archive ("linux-amd64/helm"); empty: `url` is the binary
    QString fileName;      ///< the installed file's name: the tool's name, plus ".exe" on Windows
};

/// The tools the wizard can download, in the prerequisites table's order: kind, kubectl, helm.
QStringList downloadableTools();
/// This machine as GOOS ("linux", "darwin", "windows"; otherwise the kernel's name) and GOARCH
/// ("amd64", "arm64"; otherwise Qt's CPU architecture name), from QSysInfo.
QString hostOs();
QString hostArch();

/// The pinned release of `tool` for `os`/`arch`: kind v0.30.0 (the release for the wizard's node
/// image kindest/node:v1.34.0), kubectl v1.34.4 (the Kubernetes 1.34 client), helm v3.19.5.
/// Releases exist for linux and darwin on amd64 and arm64, and windows on amd64; nullopt for
/// anything else (an unknown tool or another platform). With $SPARKDECK_TOOL_DOWNLOAD_BASE set
/// (tests only: an http(s) URL), each official URL `https://HOST/PATH` becomes `BASE/HOST/PATH`.
std::optional<ToolRelease> pinnedRelease(const QString& tool, const QString& os = hostOs(), const QString& arch = hostArch());

/// The SHA-256 in a published checksum file: its first word when that is 64 hexadecimal digits
/// (`sha256sum`'s "HASH  NAME" line, or the bare hash of Kubernetes' `.sha256` files), lowercased;
/// empty otherwise.
QByteArray parseSha256File(const QByteArray& text);

/// Downloads one ToolRelease and installs its binary into a directory (proc::toolsDirectory()
/// unless setInstallDirectory() says otherwise), without a terminal or root:
/// 1. fetches the published checksum file (checksumUrl),
/// 2. downloads `url` into a temporary file in the install directory, hashing it as it arrives
///    (SHA-256, FIPS 180-4), with progress(),
/// 3. compares the hash with the published one,
/// 4. for helm, extracts `archiveMember` from the archive (libarchive),
/// 5. writes the binary to a temporary file in the install directory, makes it executable (0755)
///    and renames it over `fileName` (QSaveFile), so the tool appears complete or not at all.
/// On any failure or cancel() nothing is left behind: no temporary file, and an existing tool of
/// the same name is untouched.
///
/// HTTPS with Qt's certificate verification, always on; $SPARKDECK_TOOL_DOWNLOAD_CA (tests only:
/// a PEM file) adds certificate authorities to the system's. Redirects are followed unless they
/// go from https to http (GitHub's release assets and dl.k8s.io redirect). A transfer that
/// receives nothing for 30 s (setStallTimeout()) fails. Nothing is retried by itself: the user
/// starts again.
///
/// Lives on the thread that creates it, which needs an event loop; no member waits. finished()
/// comes exactly once per start(), from the event loop, never from inside start() or cancel().
/// Destroying the object while it runs aborts the transfer and removes its temporary files, with
/// no signal.
class ToolDownload : public QObject {
    Q_OBJECT
public:
    /// How a download ended.
    enum class Result {
        Installed,    ///< the verified binary is installed at installedPath()
        Unsupported,  ///< no pinned release for this tool, OS and CPU
        Network,      ///< no connection: the host is unknown, refuses, TLS failed, or nothing arrived for 30 s
        Http,         ///< the server answered with an HTTP error (404, 503, ...)
        Interrupted,  ///< the connection broke before the whole file arrived
        Checksum,     ///< the file's SHA-256 differs from the published one, or that file is not a checksum
        Install,      ///< the install directory or the file could not be written, or the archive lacks the binary
        Cancelled,    ///< cancel() stopped it
    };
    Q_ENUM(Result)

    /// Downloads the pinned release of `tool` for this machine (pinnedRelease(tool)); start()
    /// reports Unsupported when there is none.
    explicit ToolDownload(const QString& tool, QObject* parent = nullptr);
    /// Downloads `release` (tests and other platforms).
    explicit ToolDownload(ToolRelease release, QObject* parent = nullptr);
    /// Aborts a running download and removes its temporary files; no finished().
    ~ToolDownload() override;

    /// Where the binary goes (created when missing); default proc::toolsDirectory(). Set before start().
    void setInstallDirectory(const QString& directory);
    QString installDirectory() const { return m_directory; }
    /// How long a transfer may receive nothing before it fails (ms, default 30000). Set before start().
    void setStallTimeout(int ms);
    /// The file the tool is installed as: installDirectory()/fileName.
    QString installedPath() const;
    std::optional<ToolRelease> release() const { return m_release; }
    /// "kind", "kubectl", "helm".
    QString tool() const { return m_tool; }

    /// Starts the download; returns at once. Does nothing while one runs.
    void start();
    /// Stops a running download: finished(Cancelled, ...) follows and nothing is installed. Does
    /// nothing when none runs.
    void cancel();
    /// True from start() until finished() was emitted.
    bool isRunning() const { return m_running; }
    /// How the last download ended and its message (valid once finished() was emitted).
    Result result() const { return m_result; }
    QString message() const { return m_message; }

signals:
    /// `received` bytes of the binary or archive have arrived, of `total` (-1 while unknown).
    void progress(qint64 received, qint64 total);
    /// The download ended. `message` says what happened in one or two sentences for the user:
    /// on success "kubectl v1.34.4 installed in DIR (SHA-256 verified)."; on failure what went
    /// wrong (with the URL or the host) and that nothing was installed.
    void finished(setup::ToolDownload::Result result, const QString& message);

private:
    void fetchChecksum();
    void onChecksumFinished();
    void fetchBinary();
    /// Appends what arrived to the temporary file and the hash; false when it failed (finished).
    bool onBinaryData();
    void onBinaryFinished();
    void install();
    /// Writes the binary into `target`; the problem for the user, or empty.
    QString copyTo(QSaveFile& target);
    QString extractTo(QSaveFile& target);
    QNetworkReply* get(const QUrl& url);
    Result replyResult(QNetworkReply* reply, bool interrupted) const;
    QString describeReplyError(QNetworkReply* reply, const QUrl& url, bool interrupted) const;
    /// Ends the run: stops the transfer, removes the temporary files, queues finished().
    void finish(Result result, const QString& message);
    void cleanUp();

    QString m_tool;
    std::optional<ToolRelease> m_release;
    QString m_directory;
    QNetworkAccessManager* m_network = nullptr;
    QPointer<QNetworkReply> m_reply;
    std::unique_ptr<QTemporaryFile> m_download;
    std::unique_ptr<QCryptographicHash> m_hash;
    QByteArray m_expectedSha256;
    qint64 m_received = 0;
    qint64 m_total = -1;
    int m_stallTimeoutMs = 30000;
    quint64 m_generation = 0;
    bool m_running = false;
    bool m_finishing = false; ///< finished() is queued
    QSslConfiguration m_sslConfiguration;
    Result m_result = Result::Installed;
    QString m_message;
};

} // namespace setup

Q_DECLARE_METATYPE(setup::ToolRelease)
