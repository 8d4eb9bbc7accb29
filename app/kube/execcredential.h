#pragma once

#include "app/kube/kubeconfig.h"
#include "app/kube/result.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QSslCertificate>
#include <QSslKey>
#include <QTimer>

#include <functional>
#include <optional>

namespace kube {

/// What an exec credential plugin returned (`status` of its ExecCredential). Secret: never log it.
struct ExecCredential {
    QString token;                     ///< bearer token; may be empty when a certificate is given
    QList<QSslCertificate> clientCertificates; ///< leaf first; empty when only a token is given
    QSslKey clientKey;
    QDateTime expiry;                  ///< UTC; invalid = valid until the process ends
    quint64 serial = 0;                ///< which plugin run produced it (1, 2, ...)
};

/// Runs one context's exec credential plugin (per KEP-541 and client-go's exec authenticator) and
/// caches what it returns. Lives in the GUI thread and never blocks it: the plugin runs in a
/// QProcess (argument list, no shell; stdin closed, so it is never interactive).
///
/// - The command is looked up like kubectl does (a path with a slash relative to the kubeconfig's
///   directory; else PATH), then in the login shell's PATH (`$SHELL -lc 'printf %s "$PATH"'`, run once
///   per process) and in ~/.local/bin, /usr/local/bin, the Google Cloud SDK's bin directories and
///   /opt/homebrew/bin, which a desktop-started app lacks. lastProgram() says which binary ran.
/// - KUBERNETES_EXEC_INFO is always set (apiVersion, kind ExecCredential, spec.interactive=false, and
///   spec.cluster when provideClusterInfo is true).
/// - A credential is cached until shortly before status.expirationTimestamp (none: for the life of
///   the provider). Concurrent callers share one plugin run.
/// - After a 401, invalidate() drops the credential so the next caller runs the plugin again (once
///   for all callers that saw the same credential). When a credential fetched because of a 401 is
///   rejected as well, the provider stops: every caller gets a clear error until
///   rejectionCooldownMs() has passed, so a revoked login never loops. So does a plugin run
///   because of a 401 that fails (an expired login): its error is repeated for the cooldown.
class ExecCredentialProvider : public QObject {
    Q_OBJECT
public:
    /// A credential, or a KubeError of Kind::Credentials whose message a user can act on (it names
    /// the plugin and the binary, and carries the plugin's stderr; never a token). `permanent` is set
    /// when the error lasts until the user changes something outside SparkDeck (a plugin that needs
    /// a terminal), so asking again cannot help.
    using Callback = std::function<void(const Result<ExecCredential>&)>;

    /// `config` is the user's exec block; `cluster` goes to the plugin when provideClusterInfo is set.
    ExecCredentialProvider(ExecConfig config, ExecClusterInfo cluster, QObject* parent = nullptr);
    ~ExecCredentialProvider() override;

    /// Delivers a credential or an error to `done`, in this object's thread. Runs `done` before
    /// returning when a valid credential is cached, when the provider is in its rejected state, or
    /// when the plugin cannot run at all (interactiveMode Always; a missing command once the login
    /// shell's PATH is known); else later from the event loop once the (shared) plugin run ends.
    /// `receiver` must not be null; `done` is skipped when it is destroyed first.
    void credentials(QObject* receiver, Callback done);

    /// The API server answered 401 to a request that carried the credential numbered `serial`:
    /// drop it so the next credentials() runs the plugin again. Ignored when a newer credential
    /// exists already (another request saw the 401 first).
    void invalidate(quint64 serial);

    /// The API server accepted the credential numbered `serial`: a later 401 with it is a new
    /// revocation (worth one plugin run), not a rejected fresh login.
    void accepted(quint64 serial)
    {
        if (serial == m_retrySerial)
            m_retrySerial = 0;
    }

    /// True when `serial`'s credential was fetched because an earlier one was rejected (a 401 now
    /// means the login itself is no longer accepted).
    bool isRetryCredential(quint64 serial) const { return serial != 0 && serial == m_retrySerial; }

    /// The message for a credential rejected even after a fresh plugin run.
    QString rejectedMessage() const;

    /// How long a plugin may run before it is killed (default 60 000 ms).
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    int timeoutMs() const { return m_timeoutMs; }
    /// How long a rejected login is reported without running the plugin again (default 30 000 ms).
    void setRejectionCooldownMs(int ms) { m_rejectionCooldownMs = ms; }
    int rejectionCooldownMs() const { return m_rejectionCooldownMs; }

    /// The absolute path of the binary that ran last (empty before the first run).
    QString lastProgram() const { return m_lastProgram; }
    /// How many times the plugin was started.
    int runCount() const { return m_runCount; }
    const ExecConfig& config() const { return m_config; }

    /// The KUBERNETES_EXEC_INFO value for `config` and `cluster` (compact JSON). Pure.
    static QByteArray execInfo(const ExecConfig& config, const ExecClusterInfo& cluster);

    /// Forgets the login shell's PATH learned so far (it is asked once per process), so the next
    /// lookup of a command missing from PATH asks `$SHELL -lc` again. GUI thread only.
    static void forgetLoginShellPath();

    /// Directories searched after PATH when a command name is not found there, in order: the login
    /// shell's PATH entries (when known), ~/.local/bin, /usr/local/bin, Google Cloud SDK bin
    /// directories, /opt/homebrew/bin.
    static QStringList fallbackDirectories(const QStringList& loginShellPath);

    /// Parses a plugin's stdout: the credential, or a Kind::Credentials error saying what is wrong
    /// (never quoting the output, which may hold a token). Pure.
    static Result<ExecCredential> parseOutput(const QByteArray& stdoutBytes, const QString& apiVersion);

signals:
    /// A plugin run started; `program` is the absolute path of the binary.
    void pluginStarted(const QString& program);

private:
    struct Waiter {
        QPointer<QObject> receiver;
        Callback done;
    };
    bool cachedValid() const;
    void startRun();
    void resolveAndStart();
    void startProcess(const QString& program);
    void finishRun(const Result<ExecCredential>& result);
    QString commandLine() const;
    QString failure(const QString& what) const;

    ExecConfig m_config;
    ExecClusterInfo m_cluster;
    std::optional<ExecCredential> m_cached;
    QDateTime m_fetchedAt;
    QList<Waiter> m_waiters;
    QProcess* m_process = nullptr;
    QTimer m_timeout;
    bool m_timedOut = false;
    QByteArray m_stdout;
    QByteArray m_stderr;
    quint64 m_serial = 0;
    quint64 m_retrySerial = 0;          // the credential fetched because of a 401
    bool m_nextIsRetry = false;
    QString m_rejected;                 // non-empty: a fresh credential was rejected too
    QElapsedTimer m_rejectedSince;
    int m_timeoutMs = 60'000;
    int m_rejectionCooldownMs = 30'000;
    QString m_lastProgram;
    int m_runCount = 0;
    bool m_resolving = false;
};

} // namespace kube
