#pragma once

#include "app/kube/execcredential.h"
#include "app/kube/kubeconfig.h"
#include "app/kube/result.h"
#include "app/kube/tlsproxybridge.h"

#include <QDateTime>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>
#include <QUrlQuery>

#include <functional>
#include <optional>

namespace kube {

/// A 2xx answer to a non-streaming request. Any other answer, and no answer, is a KubeError
/// (Kind::Http with the Kubernetes Status and the answer's warnings, Network, Credentials).
struct KubeResponse {
    int httpStatus = 0;    ///< 200..299
    QByteArray body;
    QStringList warnings;  ///< `Warning:` response headers (per RFC 7234 form "299 - \"text\""), text only
    /// The body as a JSON object (empty when it is not one).
    QJsonObject object() const;
};

/// Talks to one context's API server through one QNetworkAccessManager: TLS with the context's CA
/// and client certificate, bearer token, basic auth or an exec credential plugin, JSON in and out,
/// HTTP/2 when the server offers it. No widgets; safe to use from tests. Every request and stream
/// goes through the context's proxy (proxy-url, else HTTPS_PROXY and its kin as kubectl reads them), carries its impersonation headers
/// (as, as-uid, as-groups, as-user-extra), and asks for gzip unless disable-compression is set.
/// An https:// proxy is reached through a TlsProxyBridge owned by the client.
///
/// With an exec plugin every request and stream first waits (without blocking the thread) for the
/// plugin's credential; all requests of this client share one ExecCredentialProvider, so one
/// plugin run serves every request waiting at the time. A 401 runs the plugin again once for all
/// requests that used the rejected credential; request() then sends the request once more, and a
/// second 401 is reported as a Credentials error.
///
/// A non-streaming request answered 429 Too Many Requests or 503 Service Unavailable with a
/// Retry-After header (RFC 9110 §10.2.3: delta-seconds or an HTTP-date) is sent again after that
/// many seconds, capped at maxRetryAfterSeconds(), at most maxRetryAfterRetries() times; then the
/// 429/503 is the request's error. Without the header, and for every other status, nothing is
/// retried here. Each wait is announced with serverAskedToWait(). Streams are not retried here:
/// their owners (Informer, LogStream) wait at least retryAfterMs() before opening them again.
///
/// Errors follow the core's convention (app/kube/result.h): callbacks get a Result. Callbacks run in
/// this client's thread, where their `receiver` must live too (the GUI thread in the app).
class KubeClient : public QObject {
    Q_OBJECT
public:
    /// The 2xx answer, or why there is none.
    using Callback = std::function<void(const Result<KubeResponse>&)>;

    explicit KubeClient(ClusterConnection connection, QObject* parent = nullptr);

    const ClusterConnection& connection() const { return m_connection; }

    /// Sends `method` (GET, POST, PUT, PATCH, DELETE) to `path` (e.g.
    /// "/apis/sparkoperator.k8s.io/v1beta2/namespaces/default/sparkapplications") with `query` and
    /// `body` (JSON unless `contentType` says otherwise). `done` gets the 2xx answer or the
    /// error; it runs once, in this client's thread (where `receiver` lives) and always after
    /// request() returns, from the event loop, unless `receiver` is destroyed first. Non-streaming requests
    /// time out after 30 s of silence. With an exec plugin the request waits for its credential
    /// first; a plugin that fails gives an error of Kind::Credentials, and so does a 401 that
    /// persists after one fresh plugin run.
    void request(const QByteArray& method, const QString& path, const QUrlQuery& query, const QByteArray& body,
                 QObject* receiver, Callback done,
                 const QByteArray& contentType = QByteArrayLiteral("application/json"));

    /// Receives an opened stream (never nullptr), or why it could not be opened: the credential
    /// plugin failed (Kind::Credentials).
    using StreamCallback = std::function<void(const Result<QNetworkReply*>& reply)>;

    /// Opens a long-lived GET (watch or log follow) with no transfer timeout, once credentials are
    /// at hand. `opened` runs once in this client's thread (where `receiver` lives): before
    /// openStream() returns when no exec plugin is used or its credential is cached, else (and
    /// always for an error) later from the event loop; it is skipped when `receiver` is destroyed
    /// first. The caller owns the reply, reads it as data arrives, and
    /// checks it with responseStatus() when it finishes. A 401 on the stream drops the plugin's
    /// credential, so the caller's next openStream() gets a fresh one.
    void openStream(const QString& path, const QUrlQuery& query, QObject* receiver, StreamCallback opened);

    /// How long a non-streaming request may stay silent before it fails with a Network error
    /// ("timed out"), in ms; 0 = never. 30000 unless set. Streams have no timeout.
    void setRequestTimeout(int ms) { m_requestTimeoutMs = ms; }
    int requestTimeout() const { return m_requestTimeoutMs; }

    /// The longest wait a Retry-After may impose, in seconds (default 30); a longer one is cut to it.
    void setMaxRetryAfterSeconds(int seconds) { m_maxRetryAfterSeconds = qMax(0, seconds); }
    int maxRetryAfterSeconds() const { return m_maxRetryAfterSeconds; }
    /// How many times one request waits for a Retry-After and is sent again (default 5).
    void setMaxRetryAfterRetries(int retries) { m_maxRetryAfterRetries = qMax(0, retries); }
    int maxRetryAfterRetries() const { return m_maxRetryAfterRetries; }

    /// For the owner of a stream that finished with 429 or 503: the wait its Retry-After asks for,
    /// in ms, capped at maxRetryAfterSeconds() and announced with serverAskedToWait(); 0 when the
    /// reply has another status or no valid Retry-After.
    qint64 retryAfterMs(QNetworkReply* reply);

    /// Stops using the connections open now: later requests and streams open new ones, while the
    /// requests and streams in flight go on over the old ones until their owners end them. For a
    /// connection that may have died without an error, as after a laptop sleep: over HTTP/2 one
    /// connection carries every request, so one dead socket would stall all later ones.
    void abandonConnections();

    /// The exec credential plugin of this context, or nullptr when it uses none.
    ExecCredentialProvider* execProvider() const { return m_exec; }

    /// Success for a finished 2xx reply, else its typed error, given the body read from it. Pure.
    static Status responseStatus(QNetworkReply* reply, const QByteArray& body);

    /// The full URL for `path` + `query` on this server.
    QUrl url(const QString& path, const QUrlQuery& query = {}) const;

signals:
    /// The API server answered `method` `path` with 429 or 503 and Retry-After: the request is sent
    /// again in `seconds` (the server's value, capped). `message` says so in words for a status bar
    /// or stderr: "the API server asked to wait N s (HTTP 429 Too Many Requests); ...". Emitted in
    /// this client's thread from the event loop.
    void serverAskedToWait(int seconds, const QString& message);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    /// The exec plugin's credential (std::nullopt when the context uses none), or why there is none.
    using CredentialCallback = std::function<void(const Result<std::optional<ExecCredential>>& credential)>;
    void withCredentials(CredentialCallback then);
    void send(const QByteArray& method, const QString& path, const QUrlQuery& query, const QByteArray& body,
              QPointer<QObject> receiver, Callback done, const QByteArray& contentType, bool retried, int waits);
    /// retryAfterMs(), with `suffix` after the message; -1 when there is no wait to honour.
    qint64 retryAfter(QNetworkReply* reply, const QString& suffix);
    /// Deletes an abandoned access manager once no reply of it is left.
    void deleteWhenIdle(QNetworkAccessManager* nam);
    QNetworkRequest makeRequest(const QString& path, const QUrlQuery& query,
                                const std::optional<ExecCredential>& credential);
    QByteArray authorizationHeader() const;
    QNetworkAccessManager* newAccessManager();

    ClusterConnection m_connection;
    QUrl m_proxy; // proxy-url, else the environment's proxy for the server; empty = direct
    /// Whether requests go over HTTP/1.1 (bearer tokens and exec plugins on Qt < 6.5); streams then
    /// get a connection each, through an access manager of their own.
    bool usesHttp1() const;

    QList<QPair<QByteArray, QByteArray>> m_impersonationHeaders; // one value per header, in order
    bool m_repeatedHeaders = false;         // some impersonation header has several values

    QNetworkAccessManager* m_nam;
    ExecCredentialProvider* m_exec = nullptr;
    TlsProxyBridge* m_proxyBridge = nullptr; // for an https:// proxy-url
    quint64 m_certificateSerial = 0;        // the exec credential whose certificate connections use
    mutable QString m_cachedToken;          // from tokenFile; never logged
    mutable QDateTime m_tokenReadAt;
    int m_requestTimeoutMs = 30'000;
    int m_maxRetryAfterSeconds = 30;
    int m_maxRetryAfterRetries = 5;
};

/// The wait a Retry-After header value asks for, in seconds from `now` (RFC 9110 §10.2.3):
/// delta-seconds ("120") or an HTTP-date in any of the three forms of RFC 9110 §5.6.7
/// ("Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994");
/// a date in the past gives 0. std::nullopt when the value is neither. Not capped. Pure.
std::optional<qint64> parseRetryAfter(QByteArrayView value, const QDateTime& now);

/// The Impersonate-* headers for `impersonation`, one (name, value) per value, in the order
/// client-go sends them; extra keys are percent-encoded where a header name may not hold them.
QList<QPair<QByteArray, QByteArray>> impersonationHeaders(const Impersonation& impersonation);

/// The proxy kubectl would use for `server` when the kubeconfig names none (Go's
/// ProxyFromEnvironment): HTTPS_PROXY / https_proxy for https servers, HTTP_PROXY / http_proxy
/// for http ones ("host:port" means http://host:port), unless NO_PROXY / no_proxy matches the
/// server ("*", a host and its subdomains, ".domain" for subdomains only, "*.domain", an IP, a
/// CIDR, any of them with ":port"). localhost and loopback addresses never go through a proxy.
/// An empty URL means direct.
QUrl environmentProxy(const QUrl& server, const QProcessEnvironment& environment);

/// The proxy for a kubeconfig proxy-url (http://, https:// or socks5://; an https:// proxy must be
/// reached through a TlsProxyBridge); QNetworkProxy::NoProxy when `url` is empty.
QNetworkProxy networkProxy(const QUrl& url);

/// Percent-encodes a name or namespace for use as one path segment (every byte outside RFC 3986's
/// unreserved characters, '/' included). Not for selectors: label and field selectors go into the
/// query (QUrlQuery items labelSelector / fieldSelector, as Informer does).
QString pathSegment(const QString& segment);

} // namespace kube
