#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QSslConfiguration>
#include <QSslKey>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace kube {

/// Where a kubeconfig problem is: the file, the field (a dotted path such as
/// `users[kind-spark].user.client-key`) and what is wrong with it, in words a user can act on.
struct KubeconfigError {
    QString file;
    QString field;
    QString message;
    /// "FILE: FIELD: MESSAGE", skipping empty parts.
    QString toString() const;
};

/// The `client.authentication.k8s.io/exec` extension name: a cluster's extension of that name is
/// handed to exec credential plugins as `spec.cluster.config`.
inline constexpr char kExecClusterExtension[] = "client.authentication.k8s.io/exec";

/// A user's `exec` block: an exec credential plugin (client.authentication.k8s.io v1 or v1beta1).
struct ExecConfig {
    QString apiVersion;                ///< "client.authentication.k8s.io/v1" or ".../v1beta1"
    QString command;                   ///< as written: a name looked up on PATH, or a path
    QStringList args;
    QList<QPair<QString, QString>> env; ///< extra environment, in order
    QString installHint;               ///< shown when the command cannot be found
    bool provideClusterInfo = false;   ///< put spec.cluster into KUBERNETES_EXEC_INFO
    QString interactiveMode;           ///< "Never", "IfAvailable" or "Always" (v1beta1 default: IfAvailable)
    QString kubeconfigDir;             ///< directory of the file that defined it (for relative commands)
};

/// A `clusters[]` entry. File references are already absolute (resolved against the directory of
/// the kubeconfig that named them, per kubectl's loading rules).
struct ClusterEntry {
    QString name;
    QString server;                    ///< e.g. "https://127.0.0.1:6443"
    QByteArray certificateAuthorityData; ///< PEM, from certificate-authority-data (base64-decoded)
    QString certificateAuthorityFile;  ///< absolute path from certificate-authority
    bool insecureSkipTlsVerify = false;
    QString tlsServerName;
    QString proxyUrl;                  ///< proxy-url as written
    bool disableCompression = false;
    QJsonObject execExtension;         ///< extensions[client.authentication.k8s.io/exec].extension
    QString sourceFile;                ///< kubeconfig file that defined it
};

/// A `users[]` entry (credentials). Secrets held here are never logged or shown.
struct UserEntry {
    QString name;
    QByteArray clientCertificateData;  ///< PEM
    QString clientCertificateFile;     ///< absolute path
    QByteArray clientKeyData;          ///< PEM
    QString clientKeyFile;             ///< absolute path
    QString token;                     ///< bearer token (beats tokenFile)
    QString tokenFile;                 ///< absolute path, re-read every minute
    QString username;
    QString password;
    std::optional<ExecConfig> exec;    ///< set when an exec credential plugin is configured
    QString authProvider;              ///< non-empty when a legacy auth-provider is configured
    QString impersonate;               ///< `as`: the user name to act as
    QString impersonateUid;            ///< `as-uid`
    QStringList impersonateGroups;     ///< `as-groups`
    QList<QPair<QString, QStringList>> impersonateExtra; ///< `as-user-extra`, in file order
    QString sourceFile;
};

/// A `contexts[]` entry.
struct ContextEntry {
    QString name;
    QString cluster;
    QString user;
    QString ns;                        ///< the context's namespace; empty means "default"
    QString sourceFile;
};

/// What an exec credential plugin is told about the cluster (`spec.cluster` of
/// KUBERNETES_EXEC_INFO when provideClusterInfo is true).
struct ExecClusterInfo {
    QString server;
    QString tlsServerName;
    bool insecureSkipTlsVerify = false;
    QByteArray certificateAuthorityData; ///< PEM
    QString proxyUrl;
    bool disableCompression = false;
    QJsonObject config;                ///< the cluster's client.authentication.k8s.io/exec extension
};

/// How to authenticate requests: a static bearer token, a token file re-read every minute, basic
/// auth, or an exec credential plugin (which yields a token and/or a client certificate). Static
/// client certificates travel in ClusterConnection::ssl instead.
struct Credentials {
    QString bearerToken;
    QString tokenFile;
    QString username;
    QString password;
    std::optional<ExecConfig> exec;
    ExecClusterInfo execCluster;       ///< filled when exec is set
};

/// Whom the API server should treat the request as coming from (kubeconfig `as`, `as-uid`,
/// `as-groups`, `as-user-extra`), sent as Impersonate-User / -Uid / -Group / -Extra-KEY headers.
/// The authenticated user must be allowed to `impersonate` them, or the server answers 403.
struct Impersonation {
    QString user;
    QString uid;
    QStringList groups;
    QList<QPair<QString, QStringList>> extra;
    bool isEmpty() const { return user.isEmpty() && uid.isEmpty() && groups.isEmpty() && extra.isEmpty(); }
};

/// Everything a client needs to talk to the API server of one context.
struct ClusterConnection {
    QString contextName;
    QString clusterName;
    QString userName;
    QUrl server;
    QString defaultNamespace;          ///< the context's namespace, or "default"
    QSslConfiguration ssl;             ///< CA certificates + client certificate/key
    bool insecureSkipTlsVerify = false; ///< set only from the kubeconfig; the UI shows a warning
    QString tlsServerName;
    QUrl proxy;                        ///< proxy-url: http://, https:// or socks5://; empty = direct
    bool disableCompression = false;   ///< do not ask for gzip responses
    Impersonation impersonation;
    Credentials credentials;
};

/// Reads a PEM private key (RSA, EC or DSA; PKCS#1, SEC1 or PKCS#8). std::nullopt when `pem`
/// holds none.
std::optional<QSslKey> parsePemPrivateKey(const QByteArray& pem);

/// The largest kubeconfig file read: 16 MiB (a cluster with its certificates takes a few KiB).
inline constexpr qsizetype kMaxKubeconfigBytes = 16 * 1024 * 1024;

/// A merged view of one or more kubeconfig files, following kubectl's rules
/// (per client-go tools/clientcmd loader): in a `KUBECONFIG` list the first file that defines a
/// cluster, user or context name wins whole, and the first non-empty `current-context` wins; a
/// name defined twice in one file's list is an error (kubectl refuses the file);
/// missing files in the list are skipped; relative paths resolve against the directory of the file
/// that contains them; `*-data` beats the file form; `token` beats `tokenFile`.
/// Synchronous and pure apart from reading files. Unlike the rest of app/kube, failures are not a
/// kube::Result yet: the functions return std::nullopt and fill a KubeconfigError (file, field and
/// message, which the window shows apart).
class Kubeconfig {
public:
    /// The files kubectl would read: the entries of `$KUBECONFIG` (split on ':'; empty entries and
    /// duplicates dropped) or else `~/.kube/config`.
    static QStringList defaultFiles();

    /// Reads and merges `files` in order. `explicitFiles` (from --kubeconfig) must exist; files from
    /// a KUBECONFIG list may be missing. Returns std::nullopt and fills `error` when a file cannot be
    /// read or is malformed (the error names the file and the field), or when no file exists at all.
    static std::optional<Kubeconfig> load(const QStringList& files, bool explicitFiles,
                                          KubeconfigError* error);

    /// Parses one kubeconfig document held in memory. `fileName` is used for messages and to resolve
    /// relative paths. Returns std::nullopt and fills `error` when malformed, larger than
    /// kMaxKubeconfigBytes, not UTF-8, nested too deep or expanding aliases too far (the limits of
    /// models/yamllimits.h; the field is then "line L, column C" when the place is known).
    static std::optional<Kubeconfig> parse(const QByteArray& yaml, const QString& fileName,
                                           KubeconfigError* error);

    /// Files that were actually read, in merge order.
    QStringList files() const { return m_files; }
    /// Context names in the order they were first defined.
    QStringList contextNames() const;
    /// The merged current-context; may be empty or name a context that does not exist.
    QString currentContext() const { return m_currentContext; }

    const ContextEntry* context(const QString& name) const;
    const ClusterEntry* cluster(const QString& name) const;
    const UserEntry* user(const QString& name) const;

    /// Resolves `contextName` (empty = current-context) into a connection: reads referenced CA,
    /// certificate and key files, checks the PEM data and the rule that a user has at most one
    /// authentication method. Returns std::nullopt and fills `error` naming the file and field.
    std::optional<ClusterConnection> connection(const QString& contextName,
                                                KubeconfigError* error) const;

private:
    void mergeFrom(const Kubeconfig& other);

    QStringList m_files;
    QString m_currentContext;
    QList<ClusterEntry> m_clusters;
    QList<UserEntry> m_users;
    QList<ContextEntry> m_contexts;
};

} // namespace kube
