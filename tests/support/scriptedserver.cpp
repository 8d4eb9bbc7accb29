#include "tests/support/scriptedserver.h"

#include <QFile>
#include <QUrl>

namespace {
QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 410: return "Gone";
    case 500: return "Internal Server Error";
    default: return "Status";
    }
}
} // namespace

bool ScriptedServer::writeKubeconfig(const QString& path, const QString& name, const QString& ns) const
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    const QString context = ns.isEmpty() ? QStringLiteral("{cluster: %1}").arg(name)
                                         : QStringLiteral("{cluster: %1, namespace: %2}").arg(name, ns);
    f.write(QStringLiteral("clusters:\n- name: %1\n  cluster: {server: '%2'}\n"
                           "contexts:\n- name: %1\n  context: %3\ncurrent-context: %1\n")
                .arg(name, url(), context)
                .toUtf8());
    return f.error() == QFileDevice::NoError;
}

void ScriptedServer::Exchange::reply(int status, const QByteArray& body, const QByteArray& contentType,
                                     const QList<QByteArray>& headers)
{
    if (!m_socket)
        return;
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    for (const QByteArray& header : headers)
        head += header + "\r\n";
    head += "Content-Type: " + contentType + "\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n\r\n";
    m_socket->write(head + body);
    m_socket->disconnectFromHost();
}

void ScriptedServer::Exchange::begin(const QByteArray& contentType)
{
    if (m_socket)
        m_socket->write("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nConnection: close\r\n\r\n");
}

void ScriptedServer::Exchange::send(const QByteArray& chunk)
{
    if (m_socket) {
        m_socket->write(chunk);
        m_socket->flush();
    }
}

void ScriptedServer::Exchange::close()
{
    if (m_socket)
        m_socket->disconnectFromHost();
}

ScriptedServer::ScriptedServer(Handler handler, QObject* parent)
    : QObject(parent)
    , m_handler(std::move(handler))
{
    connect(&m_server, &QTcpServer::newConnection, this, &ScriptedServer::onConnection);
    m_server.listen(QHostAddress::LocalHost, 0);
}

void ScriptedServer::onConnection()
{
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        auto* buffer = new QByteArray;
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QObject::destroyed, socket, [buffer] { delete buffer; });
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            buffer->append(socket->readAll());
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0 || socket->property("handled").toBool())
                return;
            const QList<QByteArray> lines = buffer->left(end).split('\n');
            qsizetype length = 0;
            for (const QByteArray& line : lines)
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            if (buffer->size() < end + 4 + length)
                return;
            socket->setProperty("handled", true);
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            const QUrl url(QString::fromLatin1(first.value(1)));
            Request request{first.value(0), url.path(), QUrlQuery(url), buffer->mid(end + 4, length), {}};
            for (const QByteArray& line : lines.mid(1)) {
                const qsizetype colon = line.indexOf(':');
                if (colon > 0)
                    request.headers.append({line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
            }
            m_requests << request;
            auto* exchange = new Exchange(socket);
            connect(socket, &QObject::destroyed, socket, [exchange] { delete exchange; });
            m_handler(request, exchange);
        });
    }
}
