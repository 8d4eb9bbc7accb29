#include "app/kube/tlsproxybridge.h"

#include <QSslSocket>
#include <QTcpSocket>

#include <memory>

namespace kube {

TlsProxyBridge::TlsProxyBridge(const QUrl& proxy, const QSslConfiguration& ssl, QObject* parent)
    : QObject(parent)
    , m_host(proxy.host())
    , m_port(quint16(proxy.port(443)))
    , m_ssl(ssl)
{
    connect(&m_server, &QTcpServer::newConnection, this, &TlsProxyBridge::relay);
    m_server.listen(QHostAddress::LocalHost);
}

void TlsProxyBridge::relay()
{
    while (QTcpSocket* local = m_server.nextPendingConnection()) {
        auto* remote = new QSslSocket(local);
        remote->setSslConfiguration(m_ssl);
        remote->setPeerVerifyName(m_host);
        auto pending = std::make_shared<QByteArray>(); // what the client sent before TLS was up
        connect(local, &QTcpSocket::readyRead, remote, [local, remote, pending] {
            if (remote->isEncrypted())
                remote->write(local->readAll());
            else
                *pending += local->readAll();
        });
        connect(remote, &QSslSocket::encrypted, local, [this, remote, pending] {
            m_lastError.clear();
            remote->write(*pending);
            pending->clear();
        });
        connect(remote, &QSslSocket::readyRead, local, [local, remote] { local->write(remote->readAll()); });
        connect(remote, &QSslSocket::errorOccurred, local, [this, local, remote] {
            if (!remote->isEncrypted() || remote->error() != QAbstractSocket::RemoteHostClosedError)
                m_lastError = QStringLiteral("proxy %1:%2: %3").arg(m_host).arg(m_port).arg(remote->errorString());
            local->disconnectFromHost();
        });
        connect(remote, &QSslSocket::disconnected, local, [local] { local->disconnectFromHost(); });
        connect(local, &QTcpSocket::disconnected, local, [local, remote] {
            remote->disconnectFromHost();
            local->deleteLater(); // and with it the TLS connection
        });
        remote->connectToHostEncrypted(m_host, m_port);
    }
}

} // namespace kube
