#include "app/setup/tooldownload.h"

#include "app/process/toolpath.h"
#include "app/setup/setupplan.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSaveFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSysInfo>
#include <QTemporaryFile>

#include <archive.h>
#include <archive_entry.h>

namespace setup {

namespace {

constexpr qint64 kChecksumFileLimit = 4096;

QString size(qint64 bytes)
{
    return QLocale::system().formattedDataSize(bytes, 1);
}

/// `official` (https://HOST/PATH) under $SPARKDECK_TOOL_DOWNLOAD_BASE when that is set.
QUrl located(const QString& official)
{
    QString base = qEnvironmentVariable("SPARKDECK_TOOL_DOWNLOAD_BASE");
    if (base.isEmpty())
        return QUrl(official);
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    const QUrl url(official);
    return QUrl(base + QLatin1Char('/') + url.host() + url.path());
}

const char* const kNothingInstalled = QT_TRANSLATE_NOOP("setup::ToolDownload", "Nothing was installed; press Download to try again.");

} // namespace

QStringList downloadableTools()
{
    return {QStringLiteral("kind"), QStringLiteral("kubectl"), QStringLiteral("helm")};
}

QString hostOs()
{
    const QString kernel = QSysInfo::kernelType();
    if (kernel == QLatin1String("winnt"))
        return QStringLiteral("windows");
    return kernel; // "linux", "darwin", "freebsd", ...
}

QString hostArch()
{
    const QString cpu = QSysInfo::currentCpuArchitecture();
    if (cpu == QLatin1String("x86_64"))
        return QStringLiteral("amd64");
    if (cpu == QLatin1String("arm64"))
        return QStringLiteral("arm64");
    return cpu;
}

std::optional<ToolRelease> pinnedRelease(const QString& tool, const QString& os, const QString& arch)
{
    const bool supported = ((os == QLatin1String("linux") || os == QLatin1String("darwin"))
                            && (arch == QLatin1String("amd64") || arch == QLatin1String("arm64")))
        || (os == QLatin1String("windows") && arch == QLatin1String("amd64"));
    if (!supported || !downloadableTools().contains(tool))
        return std::nullopt;
    const bool windows = os == QLatin1String("windows");
    const QString exe = windows ? QStringLiteral(".exe") : QString();
    ToolRelease r;
    r.tool = tool;
    r.os = os;
    r.arch = arch;
    r.fileName = tool + exe;
    QString url;
    QString checksum;
    if (tool == QLatin1String("kind")) {
        // kind's quick start, "Installing From Release Binaries".
        r.version = QStringLiteral("v0.30.0");
        url = QStringLiteral("https://kind.sigs.k8s.io/dl/%1/kind-%2-%3").arg(r.version, os, arch);
        checksum = url + QStringLiteral(".sha256sum");
    } else if (tool == QLatin1String("kubectl")) {
        // kubernetes.io, "Install kubectl binary with curl" (and its .sha256 validation).
        r.version = QStringLiteral("v1.34.4");
        url = QStringLiteral("https://dl.k8s.io/release/%1/bin/%2/%3/kubectl%4").arg(r.version, os, arch, exe);
        checksum = url + QStringLiteral(".sha256");
    } else {
        // helm.sh, "Installing Helm", "From the Binary Releases".
        r.version = QStringLiteral("v3.19.5");
        url = QStringLiteral("https://get.helm.sh/helm-%1-%2-%3.%4").arg(r.version, os, arch, windows ? QStringLiteral("zip") : QStringLiteral("tar.gz"));
        checksum = url + QStringLiteral(".sha256sum");
        r.archiveMember = QStringLiteral("%1-%2/helm%3").arg(os, arch, exe);
    }
    r.url = located(url);
    r.checksumUrl = located(checksum);
    return r;
}

QByteArray parseSha256File(const QByteArray& text)
{
    const QByteArray word = text.simplified().split(' ').value(0).toLower();
    if (word.size() != 64)
        return {};
    for (char c : word)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return {};
    return word;
}

ToolDownload::ToolDownload(const QString& tool, QObject* parent)
    : QObject(parent)
    , m_tool(tool)
    , m_release(pinnedRelease(tool))
    , m_directory(proc::toolsDirectory())
{
}

ToolDownload::ToolDownload(ToolRelease release, QObject* parent)
    : QObject(parent)
    , m_tool(release.tool)
    , m_release(std::move(release))
    , m_directory(proc::toolsDirectory())
{
}

ToolDownload::~ToolDownload()
{
    ++m_generation;
    cleanUp();
}

void ToolDownload::setStallTimeout(int ms)
{
    m_stallTimeoutMs = ms;
}

void ToolDownload::setInstallDirectory(const QString& directory)
{
    m_directory = directory;
}

QString ToolDownload::installedPath() const
{
    const QString name = m_release ? m_release->fileName : m_tool;
    return QDir(m_directory).filePath(name);
}

void ToolDownload::start()
{
    if (m_running)
        return;
    m_running = true;
    m_finishing = false;
    ++m_generation;
    m_received = 0;
    m_total = -1;
    m_expectedSha256.clear();
    if (!m_release) {
        finish(Result::Unsupported,
               tr("SparkDeck has no download of %1 for this system (%2/%3). Install it yourself: %4")
                   .arg(m_tool, hostOs(), hostArch(), installHint(m_tool)));
        return;
    }
    if (!QDir().mkpath(m_directory)) {
        finish(Result::Install, tr("SparkDeck cannot create the folder %1 for %2. Check its permissions and free space.")
                                    .arg(QDir::toNativeSeparators(m_directory), m_tool));
        return;
    }
    if (!m_network) {
        m_network = new QNetworkAccessManager(this);
        m_network->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
    }
    const QString caFile = qEnvironmentVariable("SPARKDECK_TOOL_DOWNLOAD_CA");
    m_sslConfiguration = QSslConfiguration::defaultConfiguration();
    if (!caFile.isEmpty()) {
        const QList<QSslCertificate> cas = QSslCertificate::fromPath(caFile, QSsl::Pem);
        if (cas.isEmpty()) {
            finish(Result::Network, tr("SPARKDECK_TOOL_DOWNLOAD_CA names %1, which holds no PEM certificate.").arg(caFile));
            return;
        }
        m_sslConfiguration.addCaCertificates(cas);
    }
    fetchChecksum();
}

void ToolDownload::cancel()
{
    if (!m_running || m_finishing)
        return;
    finish(Result::Cancelled, tr("The download of %1 was cancelled. Nothing was installed.").arg(m_tool));
}

QNetworkReply* ToolDownload::get(const QUrl& url)
{
    QNetworkRequest request(url);
    request.setSslConfiguration(m_sslConfiguration);
    request.setTransferTimeout(m_stallTimeoutMs);
    request.setRawHeader("User-Agent", "SparkDeck");
    // The bytes as published (no transparent decompression), so the hash and the length are the file's.
    request.setRawHeader("Accept-Encoding", "identity");
    return m_network->get(request);
}

void ToolDownload::fetchChecksum()
{
    m_reply = get(m_release->checksumUrl);
    connect(m_reply, &QNetworkReply::finished, this, [this, generation = m_generation] {
        if (generation == m_generation)
            onChecksumFinished();
    });
}

void ToolDownload::onChecksumFinished()
{
    QNetworkReply* reply = m_reply;
    reply->deleteLater();
    m_reply = nullptr;
    if (reply->error() != QNetworkReply::NoError) {
        finish(replyResult(reply, false), describeReplyError(reply, m_release->checksumUrl, false));
        return;
    }
    const QByteArray text = reply->read(kChecksumFileLimit);
    m_expectedSha256 = parseSha256File(text);
    if (m_expectedSha256.isEmpty()) {
        finish(Result::Checksum, tr("%1 does not hold a SHA-256 checksum, so the download of %2 cannot be verified.")
                                   .arg(m_release->checksumUrl.toDisplayString(), m_tool));
        return;
    }
    fetchBinary();
}

void ToolDownload::fetchBinary()
{
    m_download = std::make_unique<QTemporaryFile>(QDir(m_directory).filePath(QStringLiteral(".%1-XXXXXX.part").arg(m_tool)));
    if (!m_download->open()) {
        finish(Result::Install, tr("SparkDeck cannot write in %1: %2.").arg(QDir::toNativeSeparators(m_directory), m_download->errorString()));
        return;
    }
    m_hash = std::make_unique<QCryptographicHash>(QCryptographicHash::Sha256);
    m_reply = get(m_release->url);
    const quint64 generation = m_generation;
    connect(m_reply, &QNetworkReply::readyRead, this, [this, generation] {
        if (generation == m_generation)
            onBinaryData();
    });
    connect(m_reply, &QNetworkReply::finished, this, [this, generation] {
        if (generation == m_generation)
            onBinaryFinished();
    });
    emit progress(0, -1);
}

bool ToolDownload::onBinaryData()
{
    if (!m_reply || !m_download)
        return false;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 300 || !m_reply->isOpen())
        return true; // the body of a redirect or an error page, or an aborted transfer
    const QByteArray data = m_reply->readAll();
    if (data.isEmpty())
        return true;
    if (m_download->write(data) != data.size()) {
        finish(Result::Install, tr("SparkDeck cannot write %1 in %2: %3.")
                                  .arg(m_tool, QDir::toNativeSeparators(m_directory), m_download->errorString()));
        return false;
    }
    m_hash->addData(data);
    m_received += data.size();
    const qint64 length = m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
    m_total = length > 0 ? length : -1;
    emit progress(m_received, m_total);
    return true;
}

void ToolDownload::onBinaryFinished()
{
    if (!onBinaryData())
        return;
    QNetworkReply* reply = m_reply;
    reply->deleteLater();
    m_reply = nullptr;
    if (reply->error() != QNetworkReply::NoError) {
        finish(replyResult(reply, m_received > 0), describeReplyError(reply, m_release->url, m_received > 0));
        return;
    }
    const qint64 length = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
    if (length > 0 && m_received < length) {
        finish(Result::Interrupted, tr("The download of %1 from %2 broke off after %3 of %4. %5")
                                      .arg(m_tool, m_release->url.host(), size(m_received), size(length), tr(kNothingInstalled)));
        return;
    }
    emit progress(m_received, m_received);
    const QByteArray actual = m_hash->result().toHex();
    if (actual != m_expectedSha256) {
        finish(Result::Checksum,
             tr("The downloaded %1 (%2) is not the published release: its SHA-256 is %3, but %4 says %5. It may have been "
                "damaged or tampered with on the way. %6")
                 .arg(m_tool, size(m_received), QString::fromLatin1(actual), m_release->checksumUrl.toDisplayString(),
                      QString::fromLatin1(m_expectedSha256), tr(kNothingInstalled)));
        return;
    }
    install();
}

void ToolDownload::install()
{
    if (!m_download->flush() || !m_download->seek(0)) {
        finish(Result::Install, tr("SparkDeck cannot read back the download of %1: %2.").arg(m_tool, m_download->errorString()));
        return;
    }
    QSaveFile target(installedPath());
    if (!target.open(QIODevice::WriteOnly)) {
        finish(Result::Install, tr("SparkDeck cannot write %1: %2.").arg(QDir::toNativeSeparators(installedPath()), target.errorString()));
        return;
    }
    const QString problem = m_release->archiveMember.isEmpty() ? copyTo(target) : extractTo(target);
    if (!problem.isEmpty()) {
        target.cancelWriting();
        finish(Result::Install, problem);
        return;
    }
    // On the temporary file, so the tool is executable from the moment it appears.
    target.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup
                          | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::ExeOther);
    if (!target.commit()) {
        finish(Result::Install, tr("SparkDeck cannot write %1: %2.").arg(QDir::toNativeSeparators(installedPath()), target.errorString()));
        return;
    }
    m_download.reset();
    finish(Result::Installed, tr("%1 %2 installed in %3 (SHA-256 verified).")
                                  .arg(m_tool, m_release->version, QDir::toNativeSeparators(m_directory)));
}

QString ToolDownload::copyTo(QSaveFile& target)
{
    while (!m_download->atEnd()) {
        const QByteArray chunk = m_download->read(1 << 20);
        if (chunk.isEmpty() || target.write(chunk) != chunk.size())
            return tr("SparkDeck cannot write %1: %2.").arg(QDir::toNativeSeparators(installedPath()), target.errorString());
    }
    return {};
}

QString ToolDownload::extractTo(QSaveFile& target)
{
    struct archive* a = archive_read_new();
    archive_read_support_filter_all(a);
    archive_read_support_format_tar(a);
    archive_read_support_format_zip(a);
    QString problem;
    if (archive_read_open_filename(a, QFile::encodeName(m_download->fileName()).constData(), 1 << 16) != ARCHIVE_OK) {
        problem = tr("The download of %1 is not an archive SparkDeck can read: %2.").arg(m_tool, QString::fromUtf8(archive_error_string(a)));
    } else {
        bool found = false;
        struct archive_entry* entry = nullptr;
        int rc;
        while (!found && (rc = archive_read_next_header(a, &entry)) == ARCHIVE_OK) {
            QString path = QString::fromUtf8(archive_entry_pathname_utf8(entry) ? archive_entry_pathname_utf8(entry) : archive_entry_pathname(entry));
            if (path.startsWith(QLatin1String("./")))
                path.remove(0, 2);
            if (path != m_release->archiveMember || archive_entry_filetype(entry) != AE_IFREG)
                continue;
            found = true;
            char buffer[1 << 16];
            la_ssize_t n;
            while ((n = archive_read_data(a, buffer, sizeof buffer)) > 0) {
                if (target.write(buffer, n) != n) {
                    problem = tr("SparkDeck cannot write %1: %2.").arg(QDir::toNativeSeparators(installedPath()), target.errorString());
                    break;
                }
            }
            if (n < 0)
                problem = tr("The archive of %1 is damaged: %2.").arg(m_tool, QString::fromUtf8(archive_error_string(a)));
        }
        if (!found && problem.isEmpty())
            problem = rc == ARCHIVE_EOF
                ? tr("%1 has no %2 inside.").arg(m_release->url.toDisplayString(), m_release->archiveMember)
                : tr("The archive of %1 is damaged: %2.").arg(m_tool, QString::fromUtf8(archive_error_string(a)));
    }
    archive_read_free(a);
    return problem;
}

ToolDownload::Result ToolDownload::replyResult(QNetworkReply* reply, bool interrupted) const
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 400)
        return Result::Http;
    return interrupted ? Result::Interrupted : Result::Network;
}

QString ToolDownload::describeReplyError(QNetworkReply* reply, const QUrl& url, bool interrupted) const
{
    const QString host = url.host();
    const QString nothing = tr(kNothingInstalled);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 400)
        return tr("%1 answered HTTP %2 (%3) for %4. %5")
            .arg(host)
            .arg(status)
            .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString(), url.toDisplayString(), nothing);
    // SparkDeck never aborts a reply it still listens to, so a cancelled one ran into the transfer timeout.
    if (reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError)
        return tr("%1 sent nothing for %2 s%3. Check the internet connection, then press Download again. Nothing was installed.")
            .arg(host)
            .arg(m_stallTimeoutMs / 1000.0)
            .arg(interrupted ? tr(" (after %1 of %2 of %3)").arg(size(m_received), m_total > 0 ? size(m_total) : tr("?"), m_tool) : QString());
    if (interrupted)
        return tr("The download of %1 from %2 broke off after %3%4: %5. %6")
            .arg(m_tool, host, size(m_received), m_total > 0 ? tr(" of %1").arg(size(m_total)) : QString(), reply->errorString(), nothing);
    switch (reply->error()) {
    case QNetworkReply::HostNotFoundError:
        return tr("SparkDeck cannot find the host %1: this machine looks offline, or its DNS does not answer. Connect to the "
                  "internet, then press Download again. Nothing was installed.")
            .arg(host);
    case QNetworkReply::ConnectionRefusedError:
        return tr("%1 refused the connection (%2). Check the internet connection or proxy, then press Download again. Nothing "
                  "was installed.")
            .arg(host, reply->errorString());
    case QNetworkReply::SslHandshakeFailedError:
        return tr("The secure connection to %1 failed: %2. SparkDeck does not download tools over a connection it cannot "
                  "verify. Nothing was installed.")
            .arg(host, reply->errorString());
    default:
        return tr("SparkDeck could not download %1: %2. %3").arg(url.toDisplayString(), reply->errorString(), nothing);
    }
}

void ToolDownload::finish(Result result, const QString& message)
{
    ++m_generation; // no further callback of this run
    cleanUp();
    m_finishing = true;
    m_result = result;
    m_message = message;
    QMetaObject::invokeMethod(
        this,
        [this, result, message, generation = m_generation] {
            if (generation != m_generation)
                return;
            m_running = false;
            m_finishing = false;
            emit finished(result, message);
        },
        Qt::QueuedConnection);
}

void ToolDownload::cleanUp()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    m_download.reset(); // removes the temporary file
    m_hash.reset();
}

} // namespace setup
