#pragma once

// A tiny HTTP/1.1 server on 127.0.0.1 for unit tests that need exact control over what an API
// server answers: a 410 in the middle of a watch, an ERROR event, a stream that drops, a 500.
// It is not a Kubernetes stand-in: the integration tests use a real kube-apiserver for that.

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>

#include <functional>

class ScriptedServer : public QObject {
    Q_OBJECT
public:
    struct Request {
        QByteArray method;
        QString path;
        QUrlQuery query;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers; ///< names lower-cased, in order
        /// The value of header `name` (lower case), or empty.
        QByteArray header(const QByteArray& name) const
        {
            for (const auto& [n, v] : headers)
                if (n == name)
                    return v;
            return {};
        }
    };

    /// One client connection; answer it once with reply() or stream it with begin()/send()/close().
    class Exchange {
    public:
        explicit Exchange(QTcpSocket* socket) : m_socket(socket) {}
        /// A complete response with Content-Length, and `headers` ("Name: value" lines) when given.
        void reply(int status, const QByteArray& body, const QByteArray& contentType = "application/json",
                   const QList<QByteArray>& headers = {});
        /// Starts a streamed 200 response whose body ends when the connection closes.
        void begin(const QByteArray& contentType = "application/json");
        void send(const QByteArray& chunk);
        void close();
        bool isOpen() const { return m_socket && m_socket->state() == QAbstractSocket::ConnectedState; }

    private:
        QPointer<QTcpSocket> m_socket;
    };

    /// Called for every request, in order of arrival. The Exchange lives until the socket closes.
    using Handler = std::function<void(const Request&, Exchange*)>;

    explicit ScriptedServer(Handler handler, QObject* parent = nullptr);
    quint16 port() const { return m_server.serverPort(); }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(port()); }
    const QList<Request>& requests() const { return m_requests; }
    /// Writes to `path` a kubeconfig whose only (and current) context `name` points at this server,
    /// with namespace `ns` when given. False when the file cannot be written.
    bool writeKubeconfig(const QString& path, const QString& name, const QString& ns = {}) const;

private:
    void onConnection();

    QTcpServer m_server;
    Handler m_handler;
    QList<Request> m_requests;
};
