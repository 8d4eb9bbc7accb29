#include "kubeclient.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSslError>

namespace kube {

namespace {
constexpr int kRequestTimeoutMs = 30'000;
constexpr qint64 kTokenFileRereadMs = 60'000; // per client-go: tokenFile is re-read every minute

QString statusText(int status)
{
    switch (status) {
    case 400: return QStringLiteral("Bad Request");
    case 401: return QStringLiteral("Unauthorized");
    case 403: return QStringLiteral("Forbidden");
    case 404: return QStringLiteral("Not Found");
    case 409: return QStringLiteral("Conflict");
    case 410: return QStringLiteral("Gone");
    case 422: return QStringLiteral("Unprocessable Entity");
    case 429: return QStringLiteral("Too Many Requests");
    case 500: return QStringLiteral("Internal Server Error");
    case 503: return QStringLiteral("Service Unavailable");
    default: return {};
    }
}

// `Warning: 299 - "unknown field \"spec.foo\""` → `unknown field "spec.foo"` (RFC 7234 warn-text).
QString warningText(const QByteArray& header)
{
    static const QRegularExpression re(QStringLiteral(R"(^\s*\d{3}\s+\S+\s+"((?:[^"\\]|\\.)*)\")"));
    const QString value = QString::fromUtf8(header);
    const auto m = re.match(value);
    if (!m.hasMatch())
        return value.trimmed();
    QString text = m.captured(1);
    text.replace(QStringLiteral("\\\""), QStringLiteral("\"")).replace(QStringLiteral("\\\\"), QStringLiteral("\\"));
    return text;
}
} // namespace

QString KubeError::summary() const
{
    switch (kind) {
    case Kind::None:
        return {};
    case Kind::Network:
        return QStringLiteral("network: %1").arg(message);
    case Kind::Parse:
        return QStringLiteral("unreadable response: %1").arg(message);
    case Kind::Http: {
        QString head = QStringLiteral("HTTP %1").arg(httpStatus);
        const QString label = reason.isEmpty() ? statusText(httpStatus) : reason;
        if (!label.isEmpty())
            head += QLatin1Char(' ') + label;
        return message.isEmpty() ? head : head + QStringLiteral(": ") + message;
    }
    }
    return {};
}

QString KubeError::details() const
{
    QStringList lines{summary()};
    for (const StatusCause& c : causes)
        lines << (c.field.isEmpty() ? c.message : QStringLiteral("%1: %2").arg(c.field, c.message));
    return lines.join(QLatin1Char('\n'));
}

KubeError KubeError::network(const QString& message)
{
    KubeError e;
    e.kind = Kind::Network;
    e.message = message;
    return e;
}

KubeError KubeError::parse(const QString& message)
{
    KubeError e;
    e.kind = Kind::Parse;
    e.message = message;
    return e;
}

KubeError KubeError::fromStatus(const QJsonObject& status)
{
    KubeError e;
    e.kind = Kind::Http;
    e.isStatus = true;
    e.httpStatus = status.value(QLatin1String("code")).toInt();
    e.reason = status.value(QLatin1String("reason")).toString();
    e.message = status.value(QLatin1String("message")).toString();
    const QJsonArray causes = status.value(QLatin1String("details")).toObject().value(QLatin1String("causes")).toArray();
    for (const QJsonValue& v : causes) {
        const QJsonObject c = v.toObject();
        e.causes << StatusCause{c.value(QLatin1String("field")).toString(), c.value(QLatin1String("reason")).toString(),
                                c.value(QLatin1String("message")).toString()};
    }
    return e;
}

KubeError KubeError::fromHttp(int httpStatus, const QByteArray& body)
{
    const QJsonObject obj = QJsonDocument::fromJson(body).object();
    if (obj.value(QLatin1String("kind")).toString() == QLatin1String("Status")) {
        KubeError e = fromStatus(obj);
        e.httpStatus = httpStatus; // the HTTP status is the truth; Status.code normally agrees
        return e;
    }
    KubeError e;
    e.kind = Kind::Http;
    e.httpStatus = httpStatus;
    e.message = QString::fromUtf8(body.left(512)).trimmed();
    return e;
}

QJsonObject KubeResponse::object() const
{
    return QJsonDocument::fromJson(body).object();
}

QString pathSegment(const QString& segment)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(segment));
}

KubeClient::KubeClient(ClusterConnection connection, QObject* parent)
    : QObject(parent)
    , m_connection(std::move(connection))
    , m_nam(new QNetworkAccessManager(this))
{
    m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy); // never send credentials elsewhere
    m_nam->setAutoDeleteReplies(false);
}

QUrl KubeClient::url(const QString& path, const QUrlQuery& query) const
{
    QUrl u = m_connection.server;
    QString base = u.path();
    if (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    u.setPath(base + path, QUrl::TolerantMode);
    if (!query.isEmpty())
        u.setQuery(query);
    return u;
}

QByteArray KubeClient::authorizationHeader() const
{
    const Credentials& c = m_connection.credentials;
    if (!c.bearerToken.isEmpty())
        return "Bearer " + c.bearerToken.toUtf8();
    if (!c.tokenFile.isEmpty()) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (!m_tokenReadAt.isValid() || m_tokenReadAt.msecsTo(now) > kTokenFileRereadMs) {
            QFile f(c.tokenFile);
            if (f.open(QIODevice::ReadOnly))
                m_cachedToken = QString::fromUtf8(f.readAll()).trimmed();
            m_tokenReadAt = now;
        }
        if (!m_cachedToken.isEmpty())
            return "Bearer " + m_cachedToken.toUtf8();
    }
    if (!c.username.isEmpty())
        return "Basic " + (c.username + QLatin1Char(':') + c.password).toUtf8().toBase64();
    return {};
}

QNetworkRequest KubeClient::makeRequest(const QString& path, const QUrlQuery& query) const
{
    QNetworkRequest req(url(path, query));
    QSslConfiguration ssl = m_connection.ssl;
    if (m_connection.insecureSkipTlsVerify)
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone); // only when the kubeconfig says so; the UI warns
    req.setSslConfiguration(ssl);
    if (!m_connection.tlsServerName.isEmpty())
        req.setPeerVerifyName(m_connection.tlsServerName);
    req.setRawHeader("Accept", "application/json");
    req.setHeader(QNetworkRequest::UserAgentHeader,
                  QStringLiteral("sparkdeck/%1").arg(QCoreApplication::applicationVersion().isEmpty()
                                                          ? QStringLiteral("dev")
                                                          : QCoreApplication::applicationVersion()));
    const QByteArray auth = authorizationHeader();
    if (!auth.isEmpty())
        req.setRawHeader("Authorization", auth);
    return req;
}

void KubeClient::request(const QByteArray& method, const QString& path, const QUrlQuery& query, const QByteArray& body,
                         QObject* receiver, Callback done, const QByteArray& contentType)
{
    QNetworkRequest req = makeRequest(path, query);
    req.setTransferTimeout(kRequestTimeoutMs);
    if (!body.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    QNetworkReply* reply = m_nam->sendCustomRequest(req, method, body);
    QPointer<QObject> guard(receiver);
    connect(reply, &QNetworkReply::finished, this, [reply, guard, done = std::move(done)] {
        reply->deleteLater();
        if (!guard)
            return;
        KubeResponse r;
        r.body = reply->readAll();
        r.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        for (const auto& [name, value] : reply->rawHeaderPairs())
            if (name.compare("warning", Qt::CaseInsensitive) == 0)
                r.warnings << warningText(value);
        r.error = responseError(reply, r.body);
        done(r);
    });
}

QNetworkReply* KubeClient::openStream(const QString& path, const QUrlQuery& query)
{
    QNetworkRequest req = makeRequest(path, query);
    req.setTransferTimeout(0);
    return m_nam->get(req);
}

KubeError KubeClient::responseError(QNetworkReply* reply, const QByteArray& body)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 200 && status < 300 && reply->error() == QNetworkReply::NoError)
        return {};
    if (status >= 300)
        return KubeError::fromHttp(status, body);
    if (reply->error() == QNetworkReply::OperationCanceledError)
        return KubeError::network(QStringLiteral("no answer from the API server in time, or the request was cancelled"));
    if (reply->error() == QNetworkReply::SslHandshakeFailedError)
        return KubeError::network(QStringLiteral("TLS handshake failed (%1); check the cluster's CA in the kubeconfig")
                                      .arg(reply->errorString()));
    return KubeError::network(reply->errorString());
}

} // namespace kube
