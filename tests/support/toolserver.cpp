#include "tests/support/toolserver.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslKey>

namespace {

// Runs openssl with `args` (an argument list, no shell); its error output when it failed.
QString openssl(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral("openssl"), args);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QStringLiteral("openssl %1: %2 %3").arg(args.join(QLatin1Char(' ')), p.errorString(), QString::fromLocal8Bit(p.readAllStandardError()));
    return {};
}

} // namespace

std::unique_ptr<ToolServer> ToolServer::startFor(const QString& dir)
{
    qputenv("XDG_DATA_HOME", (dir + QStringLiteral("/data")).toUtf8());
    QDir().mkpath(dir + QStringLiteral("/tls"));
    auto server = std::make_unique<ToolServer>(dir + QStringLiteral("/tls"));
    qputenv("SPARKDECK_TOOL_DOWNLOAD_BASE", server->baseUrl().toUtf8());
    qputenv("SPARKDECK_TOOL_DOWNLOAD_CA", server->caFile().toUtf8());
    return server;
}

QByteArray ToolServer::standInBinary(const QString& line, int padding)
{
    return "#!/bin/sh\necho '" + line.toUtf8() + "'\nexit 0\n" + QByteArray(padding, 'x');
}

QByteArray ToolServer::sha256(const QByteArray& data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QByteArray ToolServer::readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

ToolServer::ToolServer(const QString& dir, QObject* parent)
    : QObject(parent)
    , m_caFile(dir + QStringLiteral("/ca.pem"))
{
    const QString caKey = dir + QStringLiteral("/ca.key");
    const QString key = dir + QStringLiteral("/server.key");
    const QString csr = dir + QStringLiteral("/server.csr");
    const QString cert = dir + QStringLiteral("/server.pem");
    const QString ext = dir + QStringLiteral("/server.ext");
    QFile extFile(ext);
    if (!extFile.open(QIODevice::WriteOnly)
        || extFile.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n") < 0) {
        m_error = extFile.errorString();
        return;
    }
    extFile.close();
    const QStringList ec{QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                         QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")};
    m_error = openssl(QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + ec
                      + QStringList{QStringLiteral("-keyout"), caKey, QStringLiteral("-out"), m_caFile, QStringLiteral("-subj"),
                                    QStringLiteral("/CN=SparkDeck test download CA"), QStringLiteral("-days"), QStringLiteral("2"),
                                    QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:TRUE"),
                                    QStringLiteral("-addext"), QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")});
    if (m_error.isEmpty())
        m_error = openssl(QStringList{QStringLiteral("req")} + ec
                          + QStringList{QStringLiteral("-keyout"), key, QStringLiteral("-out"), csr, QStringLiteral("-subj"),
                                        QStringLiteral("/CN=127.0.0.1")});
    if (m_error.isEmpty())
        m_error = openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csr, QStringLiteral("-CA"), m_caFile,
                           QStringLiteral("-CAkey"), caKey, QStringLiteral("-CAcreateserial"), QStringLiteral("-out"), cert,
                           QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"), ext});
    if (!m_error.isEmpty())
        return;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate(readFile(cert), QSsl::Pem));
    tls.setPrivateKey(QSslKey(readFile(key), QSsl::Ec, QSsl::Pem));
    tls.setPeerVerifyMode(QSslSocket::VerifyNone); // clients show no certificate
    m_server.setSslConfiguration(tls);
    connect(&m_server, &QSslServer::pendingConnectionAvailable, this, &ToolServer::onConnection);
    if (!m_server.listen(QHostAddress::LocalHost, 0))
        m_error = m_server.errorString();
}

QString ToolServer::baseUrl() const
{
    return QStringLiteral("https://127.0.0.1:%1").arg(m_server.serverPort());
}

void ToolServer::clear()
{
    m_files.clear();
    m_requested.clear();
}

void ToolServer::serve(const QString& path, const QByteArray& body, Mode mode)
{
    m_files.insert(path, File{body, mode, {}});
}

void ToolServer::redirect(const QString& path, const QString& location)
{
    m_files.insert(path, File{{}, Mode::Whole, location});
}

int ToolServer::openConnections() const
{
    int open = 0;
    for (const QPointer<QSslSocket>& socket : m_sockets)
        open += socket && socket->state() != QAbstractSocket::UnconnectedState ? 1 : 0;
    return open;
}

QByteArray ToolServer::tarGz(const QString& stage, const QString& member, const QByteArray& content)
{
    const QString folder = stage + QLatin1Char('/') + member.section(QLatin1Char('/'), 0, 0);
    QDir().mkpath(folder);
    QFile binary(stage + QLatin1Char('/') + member);
    QFile license(folder + QStringLiteral("/LICENSE"));
    if (!binary.open(QIODevice::WriteOnly) || binary.write(content) != content.size() || !license.open(QIODevice::WriteOnly)
        || license.write("Apache License 2.0\n") < 0)
        return {};
    binary.close();
    license.close();
    const QString tarball = stage + QStringLiteral(".tar.gz");
    QProcess tar;
    tar.start(QStringLiteral("tar"), {QStringLiteral("-C"), stage, QStringLiteral("-czf"), tarball, member.section(QLatin1Char('/'), 0, 0)});
    if (!tar.waitForFinished(30000) || tar.exitStatus() != QProcess::NormalExit || tar.exitCode() != 0)
        return {};
    return readFile(tarball);
}

QByteArray ToolServer::sha256sumLine(const QByteArray& body, const QString& name)
{
    return sha256(body) + "  " + name.toUtf8() + '\n';
}

void ToolServer::onConnection()
{
    while (auto* socket = qobject_cast<QSslSocket*>(m_server.nextPendingConnection())) {
        socket->setParent(this);
        m_sockets << socket;
        connect(socket, &QSslSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QSslSocket::readyRead, this, [this, socket] {
            const QByteArray request = socket->property("request").toByteArray() + socket->readAll();
            socket->setProperty("request", request);
            if (!request.contains("\r\n\r\n") || socket->property("answered").toBool())
                return;
            socket->setProperty("answered", true);
            const QList<QByteArray> line = request.left(request.indexOf("\r\n")).split(' ');
            answer(socket, QString::fromUtf8(line.value(1)));
        });
    }
}

void ToolServer::answer(QSslSocket* socket, const QString& path)
{
    m_requested << path;
    const auto it = m_files.constFind(path);
    if (it == m_files.cend()) {
        socket->write("HTTP/1.1 404 Not Found\r\nContent-Length: 10\r\nConnection: close\r\n\r\nnot found\n");
        socket->disconnectFromHost();
        return;
    }
    if (!it->location.isEmpty()) {
        socket->write("HTTP/1.1 302 Found\r\nLocation: " + it->location.toUtf8() + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        socket->disconnectFromHost();
        return;
    }
    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                  + QByteArray::number(it->body.size()) + "\r\nConnection: close\r\n\r\n");
    if (it->mode == Mode::Whole) {
        socket->write(it->body);
        socket->disconnectFromHost();
        return;
    }
    socket->write(it->body.left(it->body.size() / 2));
    if (it->mode == Mode::BrokenOff)
        socket->disconnectFromHost();
}
