#include "app/kube/execcredential.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QStandardPaths>

namespace kube {

namespace {

constexpr int kLoginShellTimeoutMs = 5'000;
constexpr qint64 kMaxRefreshSkewMs = 10'000;
constexpr qsizetype kMaxStderrBytes = 16 * 1024;

// The login shell's PATH, learned once per process (desktop starts lack the shell's PATH).
struct LoginShellPath {
    bool known = false;
    QStringList dirs;
};
LoginShellPath& loginShellPath()
{
    static LoginShellPath path;
    return path;
}

QString findIn(const QString& name, const QStringList& dirs)
{
    for (const QString& dir : dirs) {
        const QFileInfo fi(QDir(dir).filePath(name));
        if (fi.isFile() && fi.isExecutable())
            return fi.absoluteFilePath();
    }
    return {};
}

} // namespace

ExecCredentialProvider::ExecCredentialProvider(ExecConfig config, ExecClusterInfo cluster, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_cluster(std::move(cluster))
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (!m_process)
            return;
        m_timedOut = true;
        m_process->kill();
    });
}

ExecCredentialProvider::~ExecCredentialProvider()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(1000);
    }
}

QByteArray ExecCredentialProvider::execInfo(const ExecConfig& config, const ExecClusterInfo& cluster)
{
    QJsonObject spec{{QStringLiteral("interactive"), false}};
    if (config.provideClusterInfo) {
        QJsonObject c{{QStringLiteral("server"), cluster.server}};
        if (!cluster.tlsServerName.isEmpty())
            c.insert(QStringLiteral("tls-server-name"), cluster.tlsServerName);
        if (cluster.insecureSkipTlsVerify)
            c.insert(QStringLiteral("insecure-skip-tls-verify"), true);
        if (!cluster.certificateAuthorityData.isEmpty())
            c.insert(QStringLiteral("certificate-authority-data"),
                     QString::fromLatin1(cluster.certificateAuthorityData.toBase64()));
        if (!cluster.proxyUrl.isEmpty())
            c.insert(QStringLiteral("proxy-url"), cluster.proxyUrl);
        if (cluster.disableCompression)
            c.insert(QStringLiteral("disable-compression"), true);
        if (!cluster.config.isEmpty())
            c.insert(QStringLiteral("config"), cluster.config);
        spec.insert(QStringLiteral("cluster"), c);
    }
    const QJsonObject info{{QStringLiteral("apiVersion"), config.apiVersion},
                           {QStringLiteral("kind"), QStringLiteral("ExecCredential")},
                           {QStringLiteral("spec"), spec}};
    return QJsonDocument(info).toJson(QJsonDocument::Compact);
}

void ExecCredentialProvider::forgetLoginShellPath()
{
    loginShellPath() = {};
}

QStringList ExecCredentialProvider::fallbackDirectories(const QStringList& loginShellPath)
{
    const QString home = QDir::homePath();
    QStringList dirs = loginShellPath;
    dirs << home + QStringLiteral("/.local/bin") << QStringLiteral("/usr/local/bin")
         << home + QStringLiteral("/google-cloud-sdk/bin") << QStringLiteral("/usr/lib/google-cloud-sdk/bin")
         << QStringLiteral("/usr/share/google-cloud-sdk/bin") << QStringLiteral("/opt/google-cloud-sdk/bin")
         << QStringLiteral("/snap/google-cloud-sdk/current/bin")
         << QStringLiteral("/opt/homebrew/share/google-cloud-sdk/bin")
         << QStringLiteral("/usr/local/share/google-cloud-sdk/bin") << QStringLiteral("/opt/homebrew/bin");
    dirs.removeDuplicates();
    return dirs;
}

Result<ExecCredential> ExecCredentialProvider::parseOutput(const QByteArray& stdoutBytes, const QString& apiVersion)
{
    auto fail = [](const QString& why) { return Result<ExecCredential>(KubeError::credentials(why)); };
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(stdoutBytes, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return fail(QStringLiteral("printed %1 bytes that are not an ExecCredential JSON object (%2 at byte %3)")
                        .arg(stdoutBytes.size())
                        .arg(stdoutBytes.trimmed().isEmpty() ? QStringLiteral("no output") : pe.errorString())
                        .arg(pe.offset));
    const QJsonObject obj = doc.object();
    const QString kind = obj.value(QLatin1String("kind")).toString();
    if (kind != QLatin1String("ExecCredential"))
        return fail(QStringLiteral("printed an object of kind \"%1\", not an ExecCredential").arg(kind));
    const QString version = obj.value(QLatin1String("apiVersion")).toString();
    if (version != apiVersion)
        return fail(QStringLiteral("returned apiVersion \"%1\", but the kubeconfig asks for \"%2\"; set the exec "
                                   "block's apiVersion to what the plugin speaks")
                        .arg(version, apiVersion));
    const QJsonObject status = obj.value(QLatin1String("status")).toObject();
    if (status.isEmpty())
        return fail(QStringLiteral("returned an ExecCredential without a status"));
    ExecCredential c;
    c.token = status.value(QLatin1String("token")).toString();
    const QByteArray certPem = status.value(QLatin1String("clientCertificateData")).toString().toUtf8();
    const QByteArray keyPem = status.value(QLatin1String("clientKeyData")).toString().toUtf8();
    if (certPem.isEmpty() != keyPem.isEmpty())
        return fail(QStringLiteral("returned a client certificate without a key, or a key without a certificate"));
    if (!certPem.isEmpty()) {
        c.clientCertificates = QSslCertificate::fromData(certPem, QSsl::Pem);
        if (c.clientCertificates.isEmpty())
            return fail(QStringLiteral("returned clientCertificateData that holds no PEM certificate"));
        const auto key = parsePemPrivateKey(keyPem);
        if (!key)
            return fail(QStringLiteral("returned clientKeyData that holds no PEM private key (RSA, EC or DSA)"));
        c.clientKey = *key;
    }
    if (c.token.isEmpty() && c.clientCertificates.isEmpty())
        return fail(QStringLiteral("returned neither a token nor a client certificate and key"));
    const QString expiry = status.value(QLatin1String("expirationTimestamp")).toString();
    if (!expiry.isEmpty()) {
        c.expiry = QDateTime::fromString(expiry, Qt::ISODateWithMs);
        if (!c.expiry.isValid())
            return fail(QStringLiteral("returned expirationTimestamp \"%1\", which is not an RFC 3339 time").arg(expiry));
        c.expiry = c.expiry.toUTC();
    }
    return c;
}

bool ExecCredentialProvider::cachedValid() const
{
    if (!m_cached)
        return false;
    if (!m_cached->expiry.isValid())
        return true;
    // Refresh shortly before expiry: 10 s, or a fifth of a short lifetime.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 lifetime = qMax<qint64>(0, m_fetchedAt.msecsTo(m_cached->expiry));
    const qint64 skew = qMin(kMaxRefreshSkewMs, lifetime / 5);
    return now.msecsTo(m_cached->expiry) > skew;
}

QString ExecCredentialProvider::commandLine() const
{
    // A relative path is shown resolved, so it can be run from any directory.
    QString command = m_config.command;
    if (command.contains(QLatin1Char('/')) && QDir::isRelativePath(command) && !command.startsWith(QLatin1String("~/")))
        command = QDir::cleanPath(QDir(m_config.kubeconfigDir).filePath(command));
    QStringList parts{command};
    parts << m_config.args;
    return parts.join(QLatin1Char(' '));
}

QString ExecCredentialProvider::failure(const QString& what) const
{
    QString text = QStringLiteral("The credential plugin \"%1\"").arg(m_config.command);
    if (!m_lastProgram.isEmpty() && m_lastProgram != m_config.command)
        text += QStringLiteral(" (%1)").arg(m_lastProgram);
    text += QLatin1Char(' ') + what;
    const QString err = QString::fromUtf8(m_stderr).trimmed();
    if (!err.isEmpty())
        text += QStringLiteral("\nIt said:\n") + err;
    return text;
}

QString ExecCredentialProvider::rejectedMessage() const
{
    return QStringLiteral("The API server rejected the credential from \"%1\" (HTTP 401 Unauthorized) even after "
                          "the plugin ran again. Check the login in a terminal (run: %2), then reconnect.")
        .arg(m_config.command, commandLine());
}

void ExecCredentialProvider::credentials(QObject* receiver, Callback done)
{
    if (!m_rejected.isEmpty()) {
        if (m_rejectedSince.elapsed() < m_rejectionCooldownMs) {
            done(KubeError::credentials(m_rejected));
            return;
        }
        m_rejected.clear();
    }
    if (cachedValid() && !m_process && !m_resolving) {
        done(*m_cached);
        return;
    }
    m_waiters.append({QPointer<QObject>(receiver), std::move(done)});
    if (!m_process && !m_resolving)
        startRun();
}

void ExecCredentialProvider::invalidate(quint64 serial)
{
    if (!m_cached || m_cached->serial != serial)
        return; // a newer credential exists, or a run is already under way
    if (isRetryCredential(serial)) {
        m_rejected = rejectedMessage();
        m_rejectedSince.start();
        m_cached.reset();
        return;
    }
    m_cached.reset();
    m_nextIsRetry = true;
}

void ExecCredentialProvider::startRun()
{
    if (m_config.interactiveMode == QLatin1String("Always")) {
        // A GUI has no terminal to prompt in; say at once what to do instead.
        KubeError error = KubeError::credentials(
            QStringLiteral("The credential plugin \"%1\" needs a terminal to log in (interactiveMode: Always), and "
                           "SparkDeck has none. Run this in a terminal and complete the login there: %2\n"
                           "Then set interactiveMode: IfAvailable in the kubeconfig's exec block, so that the plugin "
                           "runs without a terminal and uses that login, and reconnect.")
                .arg(m_config.command, commandLine()));
        error.permanent = true;
        finishRun(error);
        return;
    }
    resolveAndStart();
}

void ExecCredentialProvider::resolveAndStart()
{
    const QString& cmd = m_config.command;
    if (cmd.contains(QLatin1Char('/'))) {
        // kubectl: a path with a slash is relative to the kubeconfig's directory.
        QString path = cmd;
        if (path.startsWith(QLatin1String("~/")))
            path = QDir::homePath() + path.mid(1);
        if (QDir::isRelativePath(path))
            path = QDir(m_config.kubeconfigDir).filePath(path);
        startProcess(QDir::cleanPath(path));
        return;
    }
    QString found = QStandardPaths::findExecutable(cmd);
    if (found.isEmpty() && !loginShellPath().known) {
        const QString shell = qEnvironmentVariable("SHELL");
        if (!shell.isEmpty() && QFileInfo(shell).isExecutable()) {
            m_resolving = true;
            auto* sh = new QProcess(this);
            sh->setStandardInputFile(QProcess::nullDevice());
            auto* timer = new QTimer(sh);
            timer->setSingleShot(true);
            connect(timer, &QTimer::timeout, sh, [sh] { sh->kill(); });
            connect(sh, &QProcess::finished, this, [this, sh](int code, QProcess::ExitStatus status) {
                LoginShellPath& lp = loginShellPath();
                lp.known = true;
                if (status == QProcess::NormalExit && code == 0) {
                    // Profiles may print a banner first: PATH is the last line.
                    const QStringList lines = QString::fromLocal8Bit(sh->readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
                    lp.dirs = lines.value(lines.size() - 1).trimmed().split(QLatin1Char(':'), Qt::SkipEmptyParts);
                }
                sh->deleteLater();
                m_resolving = false;
                resolveAndStart();
            });
            connect(sh, &QProcess::errorOccurred, this, [this, sh](QProcess::ProcessError e) {
                if (e != QProcess::FailedToStart)
                    return;
                loginShellPath().known = true;
                sh->deleteLater();
                m_resolving = false;
                resolveAndStart();
            });
            sh->start(shell, {QStringLiteral("-lc"), QStringLiteral("printf %s \"$PATH\"")});
            timer->start(kLoginShellTimeoutMs);
            return;
        }
        loginShellPath().known = true;
    }
    if (found.isEmpty())
        found = findIn(cmd, fallbackDirectories(loginShellPath().dirs));
    if (found.isEmpty()) {
        m_stderr.clear();
        m_lastProgram.clear();
        QString what = QStringLiteral("was not found on PATH, in the login shell's PATH or in %1.")
                           .arg(fallbackDirectories({}).join(QStringLiteral(", ")));
        what += m_config.installHint.trimmed().isEmpty()
                    ? QStringLiteral(" Install it, or put its full path in the kubeconfig's exec command.")
                    : QStringLiteral("\n") + m_config.installHint.trimmed();
        finishRun(KubeError::credentials(failure(what)));
        return;
    }
    startProcess(found);
}

void ExecCredentialProvider::startProcess(const QString& program)
{
    m_lastProgram = program;
    m_stdout.clear();
    m_stderr.clear();
    m_timedOut = false;
    m_process = new QProcess(this);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Let the plugin find its own helpers (gcloud, aws) where we found it.
    QStringList path = env.value(QStringLiteral("PATH")).split(QLatin1Char(':'), Qt::SkipEmptyParts);
    for (const QString& dir : loginShellPath().dirs)
        if (!path.contains(dir))
            path << dir;
    const QString programDir = QFileInfo(program).absolutePath();
    if (!path.contains(programDir))
        path << programDir;
    env.insert(QStringLiteral("PATH"), path.join(QLatin1Char(':')));
    for (const auto& [name, value] : m_config.env)
        env.insert(name, value);
    env.insert(QStringLiteral("KUBERNETES_EXEC_INFO"), QString::fromUtf8(execInfo(m_config, m_cluster)));
    m_process->setProcessEnvironment(env);
    m_process->setStandardInputFile(QProcess::nullDevice()); // never interactive
    m_process->setWorkingDirectory(m_config.kubeconfigDir.isEmpty() ? QDir::homePath() : m_config.kubeconfigDir);
    connect(m_process, &QProcess::readyReadStandardOutput, this, [this] { m_stdout += m_process->readAllStandardOutput(); });
    connect(m_process, &QProcess::readyReadStandardError, this, [this] {
        m_stderr += m_process->readAllStandardError();
        if (m_stderr.size() > kMaxStderrBytes)
            m_stderr = m_stderr.right(kMaxStderrBytes);
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart || !m_process)
            return;
        const QString why = m_process->errorString();
        m_process->deleteLater();
        m_process = nullptr;
        m_timeout.stop();
        QString what = QStringLiteral("could not be started: %1.").arg(why);
        if (!m_config.installHint.trimmed().isEmpty())
            what += QStringLiteral("\n") + m_config.installHint.trimmed();
        finishRun(KubeError::credentials(failure(what)));
    });
    connect(m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        if (!m_process)
            return;
        m_stdout += m_process->readAllStandardOutput();
        m_stderr += m_process->readAllStandardError();
        m_process->deleteLater();
        m_process = nullptr;
        m_timeout.stop();
        if (m_timedOut) {
            finishRun(KubeError::credentials(failure(QStringLiteral("did not finish within %1 s and was stopped; it may be waiting "
                                                        "for a login. Run it in a terminal to see what it needs: %2")
                                             .arg(m_timeoutMs / 1000.0)
                                             .arg(commandLine()))));
            return;
        }
        if (status != QProcess::NormalExit || code != 0) {
            finishRun(KubeError::credentials(failure(status == QProcess::NormalExit
                                                           ? QStringLiteral("failed with exit code %1.").arg(code)
                                                           : QStringLiteral("crashed."))));
            return;
        }
        Result<ExecCredential> parsed = parseOutput(m_stdout, m_config.apiVersion);
        m_stdout.clear();
        if (!parsed) {
            finishRun(KubeError::credentials(failure(parsed.error().message + QLatin1Char('.'))));
            return;
        }
        std::optional<ExecCredential> credential = std::move(parsed).value();
        credential->serial = ++m_serial;
        if (std::exchange(m_nextIsRetry, false))
            m_retrySerial = credential->serial;
        m_fetchedAt = QDateTime::currentDateTimeUtc();
        m_cached = credential;
        finishRun(*credential);
    });
    ++m_runCount;
    emit pluginStarted(program);
    m_timeout.start(m_timeoutMs);
    m_process->start(program, m_config.args);
}

void ExecCredentialProvider::finishRun(const Result<ExecCredential>& result)
{
    if (!result && m_nextIsRetry) {
        // The server no longer takes the last credential and the plugin cannot give a new one (an
        // expired login): report this without running the plugin again until the cooldown ends.
        m_rejected = result.error().message;
        m_rejectedSince.start();
    }
    if (!result)
        m_nextIsRetry = false;
    const QList<Waiter> waiters = std::exchange(m_waiters, {});
    for (const Waiter& w : waiters)
        if (w.receiver)
            w.done(result);
}

} // namespace kube
