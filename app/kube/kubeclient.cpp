#include "app/kube/kubeclient.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QHostAddress>
#include <QSet>
#include <QSslError>
#include <QTimer>

#include <algorithm>
#include <limits>

namespace kube {

namespace {
constexpr qint64 kTokenFileRereadMs = 60'000; // per client-go: tokenFile is re-read every minute

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

std::optional<qint64> parseRetryAfter(QByteArrayView value, const QDateTime& now)
{
    const QString text = QString::fromLatin1(value).simplified();
    if (text.isEmpty())
        return std::nullopt;
    bool number = false;
    const qint64 seconds = text.toLongLong(&number);
    if (number)
        return seconds >= 0 ? std::optional<qint64>(seconds) : std::nullopt;
    if (std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.isDigit(); }))
        return std::numeric_limits<qint64>::max(); // delta-seconds too large for 64 bits
    // The three HTTP-date forms (English names: fromString() reads them in the C locale).
    static const QString formats[] = {QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"),
                                      QStringLiteral("dddd, dd-MMM-yy HH:mm:ss 'GMT'"),
                                      QStringLiteral("ddd MMM d HH:mm:ss yyyy")};
    for (const QString& format : formats) {
        QDateTime date = QDateTime::fromString(text, format);
        if (!date.isValid())
            continue;
        if (format.contains(QLatin1String("-yy ")) && date.date().year() < 1970)
            date = date.addYears(100); // a two-digit year: the nearest century that is not far future
        date = QDateTime(date.date(), date.time(), Qt::UTC);
        return qMax<qint64>(0, now.secsTo(date));
    }
    return std::nullopt;
}

QJsonObject KubeResponse::object() const
{
    return QJsonDocument::fromJson(body).object();
}

QList<QPair<QByteArray, QByteArray>> impersonationHeaders(const Impersonation& impersonation)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!impersonation.user.isEmpty())
        headers.append({"Impersonate-User", impersonation.user.toUtf8()});
    if (!impersonation.uid.isEmpty())
        headers.append({"Impersonate-Uid", impersonation.uid.toUtf8()});
    for (const QString& group : impersonation.groups)
        headers.append({"Impersonate-Group", group.toUtf8()});
    for (const auto& [key, values] : impersonation.extra) {
        // As client-go: bytes that may not appear in a header name, and '%', become %XX.
        QByteArray name = "Impersonate-Extra-";
        for (const char c : key.toUtf8()) {
            const bool legal = QChar::isLetterOrNumber(uchar(c)) && uchar(c) < 0x80;
            if ((legal || QByteArrayView("!#$&'*+-.^_`|~").contains(c)))
                name += c;
            else
                name += '%' + QByteArray::number(uchar(c), 16).toUpper().rightJustified(2, '0');
        }
        for (const QString& value : values)
            headers.append({name, value.toUtf8()});
    }
    return headers;
}

QUrl environmentProxy(const QUrl& server, const QProcessEnvironment& environment)
{
    auto env = [&](const QString& name) {
        const QString upper = environment.value(name.toUpper());
        return upper.isEmpty() ? environment.value(name) : upper;
    };
    const QString host = server.host().toLower();
    const QHostAddress address(host);
    if (host == QLatin1String("localhost") || (!address.isNull() && address.isLoopback()))
        return {};
    const bool https = server.scheme() == QLatin1String("https");
    const int port = server.port(https ? 443 : 80);
    QString proxy = env(https ? QStringLiteral("https_proxy") : QStringLiteral("http_proxy")).trimmed();
    if (proxy.isEmpty())
        return {};
    for (QString entry : env(QStringLiteral("no_proxy")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        entry = entry.trimmed().toLower();
        if (entry == QLatin1String("*"))
            return {};
        if (entry.contains(QLatin1Char('/'))) { // CIDR
            const auto subnet = QHostAddress::parseSubnet(entry);
            if (!address.isNull() && subnet.first.protocol() != QAbstractSocket::UnknownNetworkLayerProtocol
                && address.isInSubnet(subnet))
                return {};
            continue;
        }
        if (const QHostAddress ip(entry); !ip.isNull()) {
            if (ip.isEqual(address))
                return {};
            continue;
        }
        QString entryHost = entry;
        if (const int colon = entry.lastIndexOf(QLatin1Char(':')); colon > 0) {
            if (entry.mid(colon + 1).toInt() != port)
                continue;
            entryHost = entry.left(colon);
        }
        if (entryHost.startsWith(QLatin1String("*.")))
            entryHost = entryHost.mid(1);
        if (entryHost.startsWith(QLatin1Char('.'))) {
            if (host.endsWith(entryHost))
                return {};
        } else if (host == entryHost || host.endsWith(QLatin1Char('.') + entryHost)) {
            return {};
        }
    }
    if (!proxy.contains(QLatin1String("://")))
        proxy.prepend(QLatin1String("http://"));
    return QUrl(proxy);
}

QNetworkProxy networkProxy(const QUrl& url)
{
    if (url.isEmpty())
        return QNetworkProxy(QNetworkProxy::NoProxy);
    const bool socks = url.scheme().startsWith(QLatin1String("socks5")); // socks5 or socks5h
    return QNetworkProxy(socks ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy, url.host(),
                         quint16(url.port(socks ? 1080 : url.scheme() == QLatin1String("https") ? 443 : 80)),
                         url.userName(), url.password());
}

QString pathSegment(const QString& segment)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(segment));
}

KubeClient::KubeClient(ClusterConnection connection, QObject* parent)
    : QObject(parent)
    , m_connection(std::move(connection))
    , m_impersonationHeaders(impersonationHeaders(m_connection.impersonation))
{
    QSet<QByteArray> names;
    for (const auto& header : std::as_const(m_impersonationHeaders)) {
        m_repeatedHeaders = m_repeatedHeaders || names.contains(header.first);
        names.insert(header.first);
    }
    m_proxy = m_connection.proxy.isEmpty() ? environmentProxy(m_connection.server, QProcessEnvironment::systemEnvironment())
                                           : m_connection.proxy;
    if (m_proxy.scheme() == QLatin1String("https")) {
        QSslConfiguration ssl = m_connection.ssl; // as kubectl: the proxy is checked like the cluster
        if (m_connection.insecureSkipTlsVerify)
            ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_proxyBridge = new TlsProxyBridge(m_proxy, ssl, this);
    }
    m_nam = newAccessManager();
    if (m_connection.credentials.exec)
        m_exec = new ExecCredentialProvider(*m_connection.credentials.exec, m_connection.credentials.execCluster, this);
}

QNetworkAccessManager* KubeClient::newAccessManager()
{
    auto* nam = new QNetworkAccessManager(this);
    nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy); // never send credentials elsewhere
    nam->setAutoDeleteReplies(false);
    QNetworkProxy proxy = networkProxy(m_proxy);
    if (m_proxyBridge) {
        proxy.setHostName(QStringLiteral("127.0.0.1"));
        proxy.setPort(m_proxyBridge->port());
    }
    nam->setProxy(proxy);
    return nam;
}

bool KubeClient::usesHttp1() const
{
    // Qt before 6.8 holds one value per request header; a header sent once per value (two
    // Impersonate-Group lines) is written into one value as "a\r\nImpersonate-Group: b", which
    // only HTTP/1.1 carries as two lines.
    if (m_repeatedHeaders && QT_VERSION < QT_VERSION_CHECK(6, 8, 0))
        return true;
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    // Qt 6.4's HTTP/2 never finishes a 401 that carries no WWW-Authenticate challenge (what the
    // API server sends for a refused bearer token); such a reply must finish so the credential can
    // be renewed. HTTP/1.1 finishes it.
    return m_exec || !m_connection.credentials.bearerToken.isEmpty() || !m_connection.credentials.tokenFile.isEmpty();
#else
    return false;
#endif
}

void KubeClient::withCredentials(CredentialCallback then)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    if (m_repeatedHeaders) {
        // Qt 6.8 and newer joins repeated request headers into one comma-separated line (and
        // refuses a line break inside a value), which the API server would read as one group.
        KubeError error = KubeError::credentials(
            QStringLiteral("The kubeconfig's user impersonates several groups or several values of one extra key "
                           "(as-groups, as-user-extra). Kubernetes needs each in a header line of its own, which SparkDeck "
                           "cannot send when built with Qt 6.8 or newer. Keep one group and one value per key for this "
                           "user, or use kubectl for this context."));
        error.permanent = true;
        then(error);
        return;
    }
#endif
    if (!m_exec) {
        then(std::optional<ExecCredential>());
        return;
    }
    m_exec->credentials(this, [this, then = std::move(then)](const Result<ExecCredential>& result) {
        if (!result) {
            then(result.error());
            return;
        }
        if (!result->clientCertificates.isEmpty() && result->serial != m_certificateSerial) {
            // Idle connections carry the previous client certificate; new ones must use this one.
            m_certificateSerial = result->serial;
            m_nam->clearConnectionCache();
        }
        then(std::optional<ExecCredential>(*result));
    });
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

QNetworkRequest KubeClient::makeRequest(const QString& path, const QUrlQuery& query,
                                        const std::optional<ExecCredential>& credential)
{
    QNetworkRequest req(url(path, query));
    QSslConfiguration ssl = m_connection.ssl;
    if (credential && !credential->clientCertificates.isEmpty()) {
        ssl.setLocalCertificate(credential->clientCertificates.first());
        if (credential->clientCertificates.size() > 1)
            ssl.setLocalCertificateChain(credential->clientCertificates);
        ssl.setPrivateKey(credential->clientKey);
    }
    if (m_connection.insecureSkipTlsVerify)
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone); // only when the kubeconfig says so; the UI warns
    req.setSslConfiguration(ssl);
    if (!m_connection.tlsServerName.isEmpty())
        req.setPeerVerifyName(m_connection.tlsServerName);
    if (usesHttp1())
        req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    req.setRawHeader("Accept", "application/json");
    req.setHeader(QNetworkRequest::UserAgentHeader,
                  QStringLiteral("sparkdeck/%1").arg(QCoreApplication::applicationVersion().isEmpty()
                                                          ? QStringLiteral("dev")
                                                          : QCoreApplication::applicationVersion()));
    QByteArray auth = authorizationHeader();
    if (credential && !credential->token.isEmpty())
        auth = "Bearer " + credential->token.toUtf8();
    if (!auth.isEmpty())
        req.setRawHeader("Authorization", auth);
    if (m_connection.disableCompression)
        req.setRawHeader("Accept-Encoding", "identity"); // Qt asks for gzip unless told otherwise
    // A repeated name (Qt < 6.8 only: newer Qt never gets here with one, see withCredentials())
    // goes into the previous value as a line of its own, see usesHttp1().
    QByteArray previous;
    for (const auto& [name, value] : std::as_const(m_impersonationHeaders)) {
        if (name == previous)
            req.setRawHeader(name, req.rawHeader(name) + "\r\n" + name + ": " + value);
        else
            req.setRawHeader(name, value);
        previous = name;
    }
    return req;
}

void KubeClient::request(const QByteArray& method, const QString& path, const QUrlQuery& query, const QByteArray& body,
                         QObject* receiver, Callback done, const QByteArray& contentType)
{
    send(method, path, query, body, QPointer<QObject>(receiver), std::move(done), contentType, false, 0);
}

qint64 KubeClient::retryAfter(QNetworkReply* reply, const QString& suffix)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 429 && status != 503)
        return -1;
    const auto asked = parseRetryAfter(reply->rawHeader("Retry-After"), QDateTime::currentDateTimeUtc());
    if (!asked)
        return -1;
    const int seconds = int(std::min<qint64>(*asked, m_maxRetryAfterSeconds));
    const QString what = QStringLiteral("HTTP %1 %2").arg(status).arg(status == 429 ? QStringLiteral("Too Many Requests")
                                                                                    : QStringLiteral("Service Unavailable"));
    const QString message = *asked > seconds
        ? tr("the API server asked to wait %1 s (%2); waiting %3 s, the longest SparkDeck waits, then asking again")
              .arg(*asked).arg(what).arg(seconds)
        : tr("the API server asked to wait %1 s (%2); asking again then").arg(seconds).arg(what);
    emit serverAskedToWait(seconds, message + suffix);
    return qint64(seconds) * 1000;
}

qint64 KubeClient::retryAfterMs(QNetworkReply* reply)
{
    return qMax<qint64>(0, retryAfter(reply, {}));
}

void KubeClient::abandonConnections()
{
    QNetworkAccessManager* old = std::exchange(m_nam, newAccessManager());
    old->installEventFilter(this);
    deleteWhenIdle(old);
}

void KubeClient::deleteWhenIdle(QNetworkAccessManager* nam)
{
    if (nam != m_nam && nam->findChildren<QNetworkReply*>(Qt::FindDirectChildrenOnly).isEmpty())
        nam->deleteLater(); // closes its connections
}

bool KubeClient::eventFilter(QObject* watched, QEvent* event)
{
    // Only abandoned access managers are watched: a reply of theirs was deleted.
    if (event->type() == QEvent::ChildRemoved)
        if (auto* nam = qobject_cast<QNetworkAccessManager*>(watched))
            deleteWhenIdle(nam);
    return QObject::eventFilter(watched, event);
}

void KubeClient::send(const QByteArray& method, const QString& path, const QUrlQuery& query, const QByteArray& body,
                      QPointer<QObject> guard, Callback done, const QByteArray& contentType, bool retried, int waits)
{
    withCredentials([=, this](const Result<std::optional<ExecCredential>>& credentials) {
        if (!guard)
            return;
        if (!credentials) {
            // Always from the event loop, as a network answer would be.
            QMetaObject::invokeMethod(this, [guard, done, error = credentials.error()] {
                if (guard)
                    done(error);
            }, Qt::QueuedConnection);
            return;
        }
        const std::optional<ExecCredential>& credential = *credentials;
        QNetworkRequest req = makeRequest(path, query, credential);
        req.setTransferTimeout(m_requestTimeoutMs);
        if (!body.isEmpty())
            req.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        QNetworkReply* reply = m_nam->sendCustomRequest(req, method, body);
        const quint64 serial = credential ? credential->serial : 0;
        connect(reply, &QNetworkReply::finished, this, [=, this] {
            reply->deleteLater();
            if (!guard)
                return;
            KubeResponse r;
            r.body = reply->readAll();
            r.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            for (const auto& [name, value] : reply->rawHeaderPairs())
                if (name.compare("warning", Qt::CaseInsensitive) == 0)
                    r.warnings << warningText(value);
            KubeError error = responseStatus(reply, r.body).error();
            if (error.kind == KubeError::Kind::Network && m_proxyBridge && !m_proxyBridge->lastError().isEmpty())
                error.message += QStringLiteral(" (%1)").arg(m_proxyBridge->lastError());
            if (r.httpStatus == 403 && !m_connection.impersonation.isEmpty()
                && error.message.contains(QLatin1String("cannot impersonate")))
                error.message = QStringLiteral("the kubeconfig's as/as-groups/as-uid/as-user-extra ask to act as someone "
                                               "this user may not impersonate; remove them from user \"%1\" or ask for "
                                               "the impersonate permission (%2)")
                                    .arg(m_connection.userName, error.message);
            if (r.httpStatus == 401 && m_exec && serial != 0) {
                const bool wasRetryCredential = m_exec->isRetryCredential(serial);
                m_exec->invalidate(serial);
                if (!retried && !wasRetryCredential) {
                    send(method, path, query, body, guard, done, contentType, true, waits); // once, with a fresh credential
                    return;
                }
                error = KubeError::credentials(m_exec->rejectedMessage());
            } else if (m_exec && serial != 0 && r.httpStatus != 0) {
                m_exec->accepted(serial);
            }
            if (waits < m_maxRetryAfterRetries) {
                const QString attempt = tr(" (%1 of %2)").arg(waits + 1).arg(m_maxRetryAfterRetries);
                if (const qint64 ms = retryAfter(reply, attempt); ms >= 0) {
                    QTimer::singleShot(std::chrono::milliseconds(ms), Qt::PreciseTimer, this, [=, this] {
                        if (guard)
                            send(method, path, query, body, guard, done, contentType, retried, waits + 1);
                    });
                    return;
                }
            }
            if (error.isError()) {
                if (error.kind == KubeError::Kind::Http)
                    error.warnings = r.warnings;
                done(error);
            } else {
                done(r);
            }
        });
    });
}

void KubeClient::openStream(const QString& path, const QUrlQuery& query, QObject* receiver, StreamCallback opened)
{
    QPointer<QObject> guard(receiver);
    withCredentials([=, this](const Result<std::optional<ExecCredential>>& credentials) {
        if (!guard)
            return;
        if (!credentials) {
            QMetaObject::invokeMethod(this, [guard, opened, error = credentials.error()] {
                if (guard)
                    opened(error);
            }, Qt::QueuedConnection);
            return;
        }
        const std::optional<ExecCredential>& credential = *credentials;
        QNetworkRequest req = makeRequest(path, query, credential);
        req.setTransferTimeout(0);
        // Over HTTP/1.1 one access manager opens at most 6 connections to a server, and each
        // stream holds one for as long as it lives: the window's watches and log stream would leave
        // none for short requests. Each stream gets a connection of its own instead (as client-go
        // does over HTTP/1.1), ended with the stream.
        QNetworkAccessManager* nam = usesHttp1() ? newAccessManager() : m_nam;
        QNetworkReply* reply = nam->get(req);
        if (nam != m_nam) // the caller deletes the reply; its access manager follows
            connect(reply, &QObject::destroyed, nam, &QObject::deleteLater);
        if (m_exec && credential) {
            const quint64 serial = credential->serial;
            connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply, serial] {
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (status == 401)
                    m_exec->invalidate(serial);
                else if (status != 0)
                    m_exec->accepted(serial);
            });
        }
        opened(reply);
    });
}

Status KubeClient::responseStatus(QNetworkReply* reply, const QByteArray& body)
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
