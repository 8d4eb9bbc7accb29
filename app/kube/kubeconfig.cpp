#include "app/kube/kubeconfig.h"

#include "models/yamllimits.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSet>
#include <QSslCertificate>
#include <QSslKey>

#include <yaml-cpp/yaml.h>

namespace kube {

QString KubeconfigError::toString() const
{
    QStringList parts;
    if (!file.isEmpty())
        parts << file;
    if (!field.isEmpty())
        parts << field;
    parts << message;
    return parts.join(QStringLiteral(": "));
}

namespace {

QString str(const YAML::Node& node)
{
    if (!node || !node.IsScalar())
        return {};
    return QString::fromStdString(node.Scalar());
}

// A YAML node as JSON (scalars stay strings except true/false/null and plain numbers), for the
// exec extension a plugin receives as `spec.cluster.config`.
QJsonValue toJson(const YAML::Node& node)
{
    if (!node || node.IsNull())
        return QJsonValue::Null;
    if (node.IsMap()) {
        QJsonObject o;
        for (const auto& kv : node)
            o.insert(QString::fromStdString(kv.first.as<std::string>()), toJson(kv.second));
        return o;
    }
    if (node.IsSequence()) {
        QJsonArray a;
        for (const auto& item : node)
            a.append(toJson(item));
        return a;
    }
    const QString text = QString::fromStdString(node.Scalar());
    if (node.Tag() == "!")
        return text; // quoted: a string whatever it looks like
    if (text == QLatin1String("true") || text == QLatin1String("false"))
        return text == QLatin1String("true");
    bool isNumber = false;
    const double number = text.toDouble(&isNumber);
    return isNumber ? QJsonValue(number) : QJsonValue(text);
}

// Resolves `path` against the directory of `sourceFile`, as kubectl does for relative paths.
QString resolvePath(const QString& path, const QString& sourceFile)
{
    if (path.isEmpty())
        return {};
    QString expanded = path;
    if (expanded.startsWith(QLatin1String("~/")))
        expanded = QDir::homePath() + expanded.mid(1);
    if (QDir::isAbsolutePath(expanded))
        return QDir::cleanPath(expanded);
    return QDir::cleanPath(QFileInfo(sourceFile).absoluteDir().filePath(expanded));
}

// Decodes a `*-data` field; a field that is present but not base64 is an error.
bool decodeData(const YAML::Node& node, QByteArray* out)
{
    const QByteArray raw = str(node).toLatin1().trimmed();
    if (raw.isEmpty())
        return true;
    auto result = QByteArray::fromBase64Encoding(raw, QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return false;
    *out = *result;
    return true;
}

struct Parser {
    QString fileName;
    KubeconfigError* error;

    bool fail(const QString& field, const QString& message)
    {
        if (error)
            *error = {fileName, field, message};
        return false;
    }

    // Checks that `node[key]` is a list of maps each with a `name`, and visits each entry.
    template <typename Fn>
    bool forEachNamed(const YAML::Node& root, const char* key, Fn fn)
    {
        const YAML::Node list = root[key];
        if (!list || list.IsNull())
            return true;
        if (!list.IsSequence())
            return fail(QString::fromLatin1(key), QStringLiteral("must be a list"));
        for (std::size_t i = 0; i < list.size(); ++i) {
            const YAML::Node item = list[i];
            const QString where = QStringLiteral("%1[%2]").arg(QLatin1String(key)).arg(i);
            if (!item.IsMap())
                return fail(where, QStringLiteral("must be a map with 'name'"));
            const QString name = str(item["name"]);
            if (name.isEmpty())
                return fail(where + QStringLiteral(".name"), QStringLiteral("is missing"));
            // kubectl refuses such a file too.
            for (std::size_t j = 0; j < i; ++j)
                if (list[j].IsMap() && str(list[j]["name"]) == name)
                    return fail(where + QStringLiteral(".name"),
                                QStringLiteral("\"%1\" is defined twice in this list (also %2[%3]); keep one")
                                    .arg(name, QLatin1String(key)).arg(j));
            if (!fn(item, QStringLiteral("%1[%2]").arg(QLatin1String(key), name), name))
                return false;
        }
        return true;
    }
};

// Reads a user's `exec` block the way client-go validates it: command and apiVersion required,
// env entries need a name, interactiveMode is required for v1 (v1beta1 defaults to IfAvailable).
std::optional<ExecConfig> parseExec(const YAML::Node& exec, const QString& where, const QString& fileName, Parser& p)
{
    if (!exec.IsMap()) {
        p.fail(where, QStringLiteral("must be a map with command and apiVersion"));
        return std::nullopt;
    }
    ExecConfig e;
    e.kubeconfigDir = QFileInfo(fileName).absolutePath();
    e.command = str(exec["command"]);
    e.apiVersion = str(exec["apiVersion"]);
    e.installHint = str(exec["installHint"]);
    e.provideClusterInfo = str(exec["provideClusterInfo"]) == QLatin1String("true");
    e.interactiveMode = str(exec["interactiveMode"]);
    if (e.command.isEmpty()) {
        p.fail(where + QStringLiteral(".command"), QStringLiteral("is missing; name the credential plugin to run"));
        return std::nullopt;
    }
    static const QStringList versions{QStringLiteral("client.authentication.k8s.io/v1"),
                                      QStringLiteral("client.authentication.k8s.io/v1beta1")};
    if (!versions.contains(e.apiVersion)) {
        p.fail(where + QStringLiteral(".apiVersion"),
               e.apiVersion.isEmpty()
                   ? QStringLiteral("is missing; use client.authentication.k8s.io/v1 (or v1beta1 for older plugins)")
                   : QStringLiteral("\"%1\" is not supported; use client.authentication.k8s.io/v1 or v1beta1")
                         .arg(e.apiVersion));
        return std::nullopt;
    }
    if (e.interactiveMode.isEmpty() && e.apiVersion.endsWith(QLatin1String("/v1beta1")))
        e.interactiveMode = QStringLiteral("IfAvailable");
    static const QStringList modes{QStringLiteral("Never"), QStringLiteral("IfAvailable"), QStringLiteral("Always")};
    if (!modes.contains(e.interactiveMode)) {
        p.fail(where + QStringLiteral(".interactiveMode"),
               e.interactiveMode.isEmpty()
                   ? QStringLiteral("is missing (required by client.authentication.k8s.io/v1); use Never, IfAvailable or Always")
                   : QStringLiteral("\"%1\" is not one of Never, IfAvailable, Always").arg(e.interactiveMode));
        return std::nullopt;
    }
    if (const YAML::Node args = exec["args"]; args && !args.IsNull()) {
        if (!args.IsSequence()) {
            p.fail(where + QStringLiteral(".args"), QStringLiteral("must be a list of strings"));
            return std::nullopt;
        }
        for (const YAML::Node& a : args)
            e.args << str(a);
    }
    if (const YAML::Node env = exec["env"]; env && !env.IsNull()) {
        if (!env.IsSequence()) {
            p.fail(where + QStringLiteral(".env"), QStringLiteral("must be a list of {name, value}"));
            return std::nullopt;
        }
        for (std::size_t i = 0; i < env.size(); ++i) {
            const QString name = env[i].IsMap() ? str(env[i]["name"]) : QString();
            if (name.isEmpty()) {
                p.fail(QStringLiteral("%1.env[%2].name").arg(where).arg(i), QStringLiteral("is missing"));
                return std::nullopt;
            }
            e.env.append({name, str(env[i]["value"])});
        }
    }
    return e;
}

// A list of scalars (or nothing) into `out`; false when the node is something else.
bool stringList(const YAML::Node& node, QStringList* out)
{
    if (!node || node.IsNull())
        return true;
    if (!node.IsSequence())
        return false;
    for (const YAML::Node& item : node) {
        if (!item.IsScalar())
            return false;
        *out << str(item);
    }
    return true;
}

bool readFile(const QString& path, QByteArray* out, QString* why)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *why = QStringLiteral("cannot read %1 (%2)").arg(path, f.errorString());
        return false;
    }
    model::YamlError error;
    const auto bytes = model::readYamlBytes(&f, &error, kMaxKubeconfigBytes);
    if (!bytes) {
        *why = error.kind == model::YamlErrorKind::Unreadable ? QStringLiteral("cannot read %1 (%2)").arg(path, error.message)
                                                              : error.message;
        return false;
    }
    *out = *bytes;
    return true;
}

// What to use instead of a removed auth-provider, with the commands that switch to it.
QString authProviderMessage(const QString& provider)
{
    QString instead;
    if (provider == QLatin1String("gcp"))
        instead = QStringLiteral("install the exec plugin gke-gcloud-auth-plugin (gcloud components install "
                                 "gke-gcloud-auth-plugin) and run gcloud container clusters get-credentials CLUSTER again");
    else if (provider == QLatin1String("azure"))
        instead = QStringLiteral("install the exec plugin kubelogin and run kubelogin convert-kubeconfig "
                                 "(or az aks get-credentials again)");
    else if (provider == QLatin1String("oidc"))
        instead = QStringLiteral("install the exec plugin kubelogin (oidc-login, run as kubectl oidc-login) and "
                                 "replace the auth-provider with its exec block (kubectl oidc-login setup prints it)");
    else
        instead = QStringLiteral("switch the user to an exec credential plugin or a token");
    return QStringLiteral("uses the auth-provider \"%1\", which Kubernetes removed; %2").arg(provider, instead);
}

} // namespace

std::optional<QSslKey> parsePemPrivateKey(const QByteArray& pem)
{
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return std::nullopt;
}

QStringList Kubeconfig::defaultFiles()
{
    const QByteArray env = qgetenv("KUBECONFIG");
    QStringList files;
    if (!env.isEmpty()) {
        QSet<QString> seen;
        for (const QString& part : QString::fromLocal8Bit(env).split(QLatin1Char(':'))) {
            if (part.isEmpty() || seen.contains(part))
                continue;
            seen.insert(part);
            files << part;
        }
    }
    if (files.isEmpty())
        files << QDir::homePath() + QStringLiteral("/.kube/config");
    return files;
}

std::optional<Kubeconfig> Kubeconfig::parse(const QByteArray& yaml, const QString& fileName,
                                            KubeconfigError* error)
{
    Parser p{fileName, error};
    // The limits on untrusted YAML first (size, UTF-8, nesting, alias expansion): nothing below
    // walks a tree that would not fit them.
    model::YamlError limit;
    std::optional<model::YamlError> exceeded;
    if (!model::decodeYamlBytes(yaml, &limit, kMaxKubeconfigBytes))
        exceeded = limit;
    else
        exceeded = model::checkYamlLimits(std::string_view(yaml.constData(), std::size_t(yaml.size())), kMaxKubeconfigBytes);
    if (exceeded) {
        p.fail(exceeded->line > 0 ? QStringLiteral("line %1, column %2").arg(exceeded->line).arg(exceeded->column) : QString(),
               exceeded->message);
        return std::nullopt;
    }
    YAML::Node root;
    try {
        root = YAML::Load(yaml.toStdString());
    } catch (const YAML::ParserException& e) {
        p.fail(QStringLiteral("line %1, column %2").arg(e.mark.line + 1).arg(e.mark.column + 1),
               QStringLiteral("not valid YAML: %1").arg(QString::fromStdString(e.msg)));
        return std::nullopt;
    }
    Kubeconfig config;
    config.m_files << fileName;
    if (!root || root.IsNull())
        return config; // an empty file is a valid, empty kubeconfig (kubectl agrees)
    if (!root.IsMap()) {
        p.fail({}, QStringLiteral("is not a kubeconfig: expected a map with clusters, users and contexts"));
        return std::nullopt;
    }

    try {
        config.m_currentContext = str(root["current-context"]);

        const bool ok =
            p.forEachNamed(root, "clusters", [&](const YAML::Node& item, const QString& where, const QString& name) {
                const YAML::Node c = item["cluster"];
                if (!c.IsMap())
                    return p.fail(where + QStringLiteral(".cluster"), QStringLiteral("must be a map"));
                ClusterEntry e;
                e.name = name;
                e.sourceFile = fileName;
                e.server = str(c["server"]);
                if (!decodeData(c["certificate-authority-data"], &e.certificateAuthorityData))
                    return p.fail(where + QStringLiteral(".cluster.certificate-authority-data"),
                                  QStringLiteral("is not base64"));
                e.certificateAuthorityFile = resolvePath(str(c["certificate-authority"]), fileName);
                e.insecureSkipTlsVerify = str(c["insecure-skip-tls-verify"]) == QLatin1String("true");
                e.tlsServerName = str(c["tls-server-name"]);
                e.proxyUrl = str(c["proxy-url"]);
                e.disableCompression = str(c["disable-compression"]) == QLatin1String("true");
                if (const YAML::Node exts = c["extensions"]; exts && exts.IsSequence()) {
                    for (const YAML::Node& ext : exts)
                        if (ext.IsMap() && str(ext["name"]) == QLatin1String(kExecClusterExtension))
                            e.execExtension = toJson(ext["extension"]).toObject();
                }
                config.m_clusters << e;
                return true;
            })
            && p.forEachNamed(root, "users", [&](const YAML::Node& item, const QString& where, const QString& name) {
                   const YAML::Node u = item["user"];
                   UserEntry e;
                   e.name = name;
                   e.sourceFile = fileName;
                   if (u && !u.IsNull()) {
                       if (!u.IsMap())
                           return p.fail(where + QStringLiteral(".user"), QStringLiteral("must be a map"));
                       if (!decodeData(u["client-certificate-data"], &e.clientCertificateData))
                           return p.fail(where + QStringLiteral(".user.client-certificate-data"),
                                         QStringLiteral("is not base64"));
                       if (!decodeData(u["client-key-data"], &e.clientKeyData))
                           return p.fail(where + QStringLiteral(".user.client-key-data"),
                                         QStringLiteral("is not base64"));
                       e.clientCertificateFile = resolvePath(str(u["client-certificate"]), fileName);
                       e.clientKeyFile = resolvePath(str(u["client-key"]), fileName);
                       e.token = str(u["token"]);
                       e.tokenFile = resolvePath(str(u["tokenFile"]), fileName);
                       e.username = str(u["username"]);
                       e.password = str(u["password"]);
                       if (const YAML::Node exec = u["exec"]; exec && !exec.IsNull()) {
                           auto parsed = parseExec(exec, where + QStringLiteral(".user.exec"), fileName, p);
                           if (!parsed)
                               return false;
                           e.exec = std::move(*parsed);
                       }
                       if (const YAML::Node ap = u["auth-provider"]; ap && ap.IsMap())
                           e.authProvider = str(ap["name"]);
                       e.impersonate = str(u["as"]);
                       e.impersonateUid = str(u["as-uid"]);
                       if (!stringList(u["as-groups"], &e.impersonateGroups))
                           return p.fail(where + QStringLiteral(".user.as-groups"), QStringLiteral("must be a list of group names"));
                       if (const YAML::Node extra = u["as-user-extra"]; extra && !extra.IsNull()) {
                           if (!extra.IsMap())
                               return p.fail(where + QStringLiteral(".user.as-user-extra"),
                                             QStringLiteral("must be a map from key to a list of values"));
                           for (const auto& kv : extra) {
                               const QString key = QString::fromStdString(kv.first.as<std::string>());
                               QStringList values;
                               if (!stringList(kv.second, &values))
                                   return p.fail(where + QStringLiteral(".user.as-user-extra.") + key,
                                                 QStringLiteral("must be a list of strings"));
                               e.impersonateExtra.append({key, values});
                           }
                       }
                   }
                   config.m_users << e;
                   return true;
               })
            && p.forEachNamed(root, "contexts", [&](const YAML::Node& item, const QString& where, const QString& name) {
                   const YAML::Node c = item["context"];
                   if (!c.IsMap())
                       return p.fail(where + QStringLiteral(".context"), QStringLiteral("must be a map"));
                   ContextEntry e;
                   e.name = name;
                   e.sourceFile = fileName;
                   e.cluster = str(c["cluster"]);
                   e.user = str(c["user"]);
                   e.ns = str(c["namespace"]);
                   config.m_contexts << e;
                   return true;
               });
        if (!ok)
            return std::nullopt;
    } catch (const YAML::Exception& e) {
        p.fail({}, QStringLiteral("unexpected structure: %1").arg(QString::fromStdString(e.msg)));
        return std::nullopt;
    }
    return config;
}

void Kubeconfig::mergeFrom(const Kubeconfig& other)
{
    m_files << other.m_files;
    if (m_currentContext.isEmpty())
        m_currentContext = other.m_currentContext;
    // The first file that defines a name wins whole.
    for (const ClusterEntry& c : other.m_clusters)
        if (!cluster(c.name))
            m_clusters << c;
    for (const UserEntry& u : other.m_users)
        if (!user(u.name))
            m_users << u;
    for (const ContextEntry& c : other.m_contexts)
        if (!context(c.name))
            m_contexts << c;
}

std::optional<Kubeconfig> Kubeconfig::load(const QStringList& files, bool explicitFiles,
                                           KubeconfigError* error)
{
    Kubeconfig merged;
    for (const QString& file : files) {
        if (!QFileInfo::exists(file)) {
            if (explicitFiles) {
                if (error)
                    *error = {file, {}, QStringLiteral("does not exist; check the --kubeconfig path")};
                return std::nullopt;
            }
            continue;
        }
        QByteArray data;
        QString why;
        if (!readFile(file, &data, &why)) {
            if (error)
                *error = {file, {}, why};
            return std::nullopt;
        }
        auto one = parse(data, QFileInfo(file).absoluteFilePath(), error);
        if (!one)
            return std::nullopt;
        merged.mergeFrom(*one);
    }
    if (merged.m_files.isEmpty()) {
        if (error)
            *error = {files.join(QLatin1Char(':')), {},
                      QStringLiteral("no kubeconfig found; create a cluster (for example with Kind) or "
                                     "pass --kubeconfig FILE")};
        return std::nullopt;
    }
    return merged;
}

QStringList Kubeconfig::contextNames() const
{
    QStringList names;
    for (const ContextEntry& c : m_contexts)
        names << c.name;
    return names;
}

const ContextEntry* Kubeconfig::context(const QString& name) const
{
    for (const ContextEntry& c : m_contexts)
        if (c.name == name)
            return &c;
    return nullptr;
}

const ClusterEntry* Kubeconfig::cluster(const QString& name) const
{
    for (const ClusterEntry& c : m_clusters)
        if (c.name == name)
            return &c;
    return nullptr;
}

const UserEntry* Kubeconfig::user(const QString& name) const
{
    for (const UserEntry& u : m_users)
        if (u.name == name)
            return &u;
    return nullptr;
}

std::optional<ClusterConnection> Kubeconfig::connection(const QString& contextName,
                                                        KubeconfigError* error) const
{
    auto fail = [&](const QString& file, const QString& field, const QString& message) {
        if (error)
            *error = {file, field, message};
        return std::nullopt;
    };
    const QString name = contextName.isEmpty() ? m_currentContext : contextName;
    if (name.isEmpty())
        return fail(m_files.value(0), QStringLiteral("current-context"),
                    QStringLiteral("is not set; pick a context or pass --context NAME"));
    const ContextEntry* ctx = context(name);
    if (!ctx)
        return fail(m_files.join(QLatin1Char(':')), QStringLiteral("contexts"),
                    QStringLiteral("no context named \"%1\"").arg(name));
    const QString ctxField = QStringLiteral("contexts[%1].context").arg(ctx->name);
    const ClusterEntry* cl = cluster(ctx->cluster);
    if (!cl)
        return fail(ctx->sourceFile, ctxField + QStringLiteral(".cluster"),
                    QStringLiteral("names cluster \"%1\", which no kubeconfig file defines").arg(ctx->cluster));
    const QString clField = QStringLiteral("clusters[%1].cluster").arg(cl->name);
    const QUrl server(cl->server, QUrl::StrictMode);
    if (cl->server.isEmpty() || !server.isValid() || server.host().isEmpty()
        || (server.scheme() != QLatin1String("https") && server.scheme() != QLatin1String("http")))
        return fail(cl->sourceFile, clField + QStringLiteral(".server"),
                    QStringLiteral("\"%1\" is not an http(s) URL such as https://127.0.0.1:6443").arg(cl->server));

    ClusterConnection conn;
    conn.contextName = ctx->name;
    conn.clusterName = cl->name;
    conn.userName = ctx->user;
    conn.server = server;
    conn.defaultNamespace = ctx->ns.isEmpty() ? QStringLiteral("default") : ctx->ns;
    conn.insecureSkipTlsVerify = cl->insecureSkipTlsVerify;
    conn.tlsServerName = cl->tlsServerName;
    conn.disableCompression = cl->disableCompression;
    if (!cl->proxyUrl.isEmpty()) {
        const QUrl proxy(cl->proxyUrl, QUrl::StrictMode);
        static const QStringList schemes{QStringLiteral("http"), QStringLiteral("https"), QStringLiteral("socks5")};
        if (!proxy.isValid() || proxy.host().isEmpty() || !schemes.contains(proxy.scheme()))
            return fail(cl->sourceFile, clField + QStringLiteral(".proxy-url"),
                        QStringLiteral("\"%1\" is not a proxy URL such as http://proxy:3128, https://proxy:3129 or socks5://127.0.0.1:1080")
                            .arg(cl->proxyUrl));
        conn.proxy = proxy;
    }
    conn.ssl = QSslConfiguration::defaultConfiguration();

    QByteArray caPem = cl->certificateAuthorityData;
    QString why;
    if (caPem.isEmpty() && !cl->certificateAuthorityFile.isEmpty() && !readFile(cl->certificateAuthorityFile, &caPem, &why))
        return fail(cl->sourceFile, clField + QStringLiteral(".certificate-authority"), why);
    if (!caPem.isEmpty()) {
        const QList<QSslCertificate> cas = QSslCertificate::fromData(caPem, QSsl::Pem);
        if (cas.isEmpty())
            return fail(cl->sourceFile, clField + QStringLiteral(".certificate-authority-data"),
                        QStringLiteral("holds no PEM certificate"));
        // Trust exactly the cluster's CA, as kubectl does when one is configured.
        conn.ssl.setCaCertificates(cas);
    }

    if (!ctx->user.isEmpty()) {
        const UserEntry* u = user(ctx->user);
        if (!u)
            return fail(ctx->sourceFile, ctxField + QStringLiteral(".user"),
                        QStringLiteral("names user \"%1\", which no kubeconfig file defines").arg(ctx->user));
        const QString uField = QStringLiteral("users[%1].user").arg(u->name);
        QStringList methods;
        if (!u->token.isEmpty() || !u->tokenFile.isEmpty())
            methods << QStringLiteral("token");
        if (!u->username.isEmpty() || !u->password.isEmpty())
            methods << QStringLiteral("basicAuth");
        if (u->exec)
            methods << QStringLiteral("exec");
        if (!u->authProvider.isEmpty())
            methods << QStringLiteral("auth-provider");
        if (methods.size() > 1)
            return fail(u->sourceFile, uField,
                        QStringLiteral("more than one authentication method (%1); keep only one")
                            .arg(methods.join(QStringLiteral(", "))));
        if (!u->authProvider.isEmpty())
            return fail(u->sourceFile, uField + QStringLiteral(".auth-provider"), authProviderMessage(u->authProvider));

        QByteArray certPem = u->clientCertificateData;
        QByteArray keyPem = u->clientKeyData;
        if (certPem.isEmpty() && !u->clientCertificateFile.isEmpty() && !readFile(u->clientCertificateFile, &certPem, &why))
            return fail(u->sourceFile, uField + QStringLiteral(".client-certificate"), why);
        if (keyPem.isEmpty() && !u->clientKeyFile.isEmpty() && !readFile(u->clientKeyFile, &keyPem, &why))
            return fail(u->sourceFile, uField + QStringLiteral(".client-key"), why);
        if (certPem.isEmpty() != keyPem.isEmpty())
            return fail(u->sourceFile, uField,
                        QStringLiteral("has a client certificate without a key or a key without a certificate"));
        if (!certPem.isEmpty()) {
            const QList<QSslCertificate> certs = QSslCertificate::fromData(certPem, QSsl::Pem);
            if (certs.isEmpty())
                return fail(u->sourceFile, uField + QStringLiteral(".client-certificate-data"),
                            QStringLiteral("holds no PEM certificate"));
            const auto key = parsePemPrivateKey(keyPem);
            if (!key)
                return fail(u->sourceFile, uField + QStringLiteral(".client-key-data"),
                            QStringLiteral("holds no PEM private key (RSA, EC or DSA)"));
            conn.ssl.setLocalCertificate(certs.first());
            if (certs.size() > 1)
                conn.ssl.setLocalCertificateChain(certs);
            conn.ssl.setPrivateKey(*key);
        }
        conn.impersonation = {u->impersonate, u->impersonateUid, u->impersonateGroups, u->impersonateExtra};
        conn.credentials.bearerToken = u->token;
        if (u->token.isEmpty())
            conn.credentials.tokenFile = u->tokenFile;
        conn.credentials.username = u->username;
        conn.credentials.password = u->password;
        if (u->exec) {
            conn.credentials.exec = u->exec;
            ExecClusterInfo& info = conn.credentials.execCluster;
            info.server = cl->server;
            info.tlsServerName = cl->tlsServerName;
            info.insecureSkipTlsVerify = cl->insecureSkipTlsVerify;
            info.certificateAuthorityData = caPem;
            info.proxyUrl = cl->proxyUrl;
            info.disableCompression = cl->disableCompression;
            info.config = cl->execExtension;
        }
    }
    return conn;
}

} // namespace kube
