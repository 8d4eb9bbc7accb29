#pragma once

#include <QObject>
#include <QSslConfiguration>
#include <QString>
#include <QTcpServer>
#include <QUrl>

namespace kube {

/// Reaches an HTTP proxy over TLS (kubeconfig `proxy-url: https://...`) for QNetworkAccessManager,
/// which speaks only plain HTTP to a proxy: listens on 127.0.0.1 (a free port) and relays every
/// connection made to it through a TLS connection of its own to the proxy. As kubectl does, the
/// proxy's certificate is verified with the cluster's TLS settings (its CA when it has one, else
/// the system's) against the proxy URL's host. Lives and relays in the thread that created it.
/// It has no callbacks: a relay that fails closes the client's connection (which the request sees
/// as a Network error) and keeps its reason in lastError(), which KubeClient adds to that error.
class TlsProxyBridge : public QObject {
    Q_OBJECT
public:
    /// Starts listening at once; check isListening(). `ssl` is the cluster's configuration.
    TlsProxyBridge(const QUrl& proxy, const QSslConfiguration& ssl, QObject* parent = nullptr);

    bool isListening() const { return m_server.isListening(); }
    /// The loopback port to use as a plain HTTP proxy.
    quint16 port() const { return m_server.serverPort(); }
    /// Why the last connection to the proxy failed ("" when none did): TLS or network errors,
    /// naming the proxy.
    QString lastError() const { return m_lastError; }

private:
    void relay();

    QTcpServer m_server;
    QString m_host;
    quint16 m_port;
    QSslConfiguration m_ssl;
    QString m_lastError;
};

} // namespace kube
