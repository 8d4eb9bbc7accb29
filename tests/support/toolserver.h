#pragma once

// An HTTPS file server on 127.0.0.1 standing in for the tools' download sites (kind.sigs.k8s.io,
// dl.k8s.io, get.helm.sh) in the downloader's tests: its certificate is signed by a certificate
// authority made at construction with openssl (not trusted by the system: a client must add
// caFile()), and it can break a transfer off or stall it halfway.

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslServer>
#include <QSslSocket>
#include <QStringList>

#include <memory>

class ToolServer : public QObject {
    Q_OBJECT
public:
    /// How a file is sent. Every response says the whole file's Content-Length.
    enum class Mode {
        Whole,     ///< all of it, then the connection closes
        BrokenOff, ///< the first half, then the connection closes
        Stalled,   ///< the first half, then nothing (the connection stays open)
    };

    /// A server for a test that keeps its files in `dir`: the tools directory becomes
    /// `dir`/data/sparkdeck/bin (XDG_DATA_HOME, never the user's), and the downloader is pointed at
    /// the server ($SPARKDECK_TOOL_DOWNLOAD_BASE) and trusts its authority
    /// ($SPARKDECK_TOOL_DOWNLOAD_CA). Check error().
    static std::unique_ptr<ToolServer> startFor(const QString& dir);

    /// Makes the certificate authority and the server's certificate (for IP 127.0.0.1) in `dir` and
    /// listens on a free port; error() says what failed.
    explicit ToolServer(const QString& dir, QObject* parent = nullptr);

    /// https://127.0.0.1:PORT
    QString baseUrl() const;
    /// The PEM file of the authority that signed the server's certificate.
    QString caFile() const { return m_caFile; }
    /// Empty when the server listens.
    QString error() const { return m_error; }

    /// Forgets every file and redirect (they get 404 again) and the requests seen.
    void clear();
    /// Answers GET `path` with `body` (others get 404).
    void serve(const QString& path, const QByteArray& body, Mode mode = Mode::Whole);
    /// Answers GET `path` with 302 Found to `location` (a path on this server).
    void redirect(const QString& path, const QString& location);
    /// The paths asked for, in order.
    QStringList requested() const { return m_requested; }
    /// Connections still open (a Stalled transfer holds one until the client lets go).
    int openConnections() const;

    /// A .tar.gz (made with tar in `stage`, a new folder) holding `member` ("linux-amd64/helm", a
    /// path with one folder) with `content` and a LICENSE beside it, as helm's release archives;
    /// empty when tar failed.
    static QByteArray tarGz(const QString& stage, const QString& member, const QByteArray& content);
    /// A stand-in binary: a shell script that prints `line`, padded after its `exit` with `padding`
    /// bytes so a transfer takes several reads.
    static QByteArray standInBinary(const QString& line, int padding = 2 << 20);
    /// The SHA-256 of `data` in lower-case hex (a Kubernetes `.sha256` file).
    static QByteArray sha256(const QByteArray& data);
    /// The contents of the file `path` (empty when it cannot be read).
    static QByteArray readFile(const QString& path);
    /// `body` as a `sha256sum` line: "HASH  name\n".
    static QByteArray sha256sumLine(const QByteArray& body, const QString& name);

private:
    struct File {
        QByteArray body;
        Mode mode = Mode::Whole;
        QString location;
    };
    void onConnection();
    void answer(QSslSocket* socket, const QString& path);

    QSslServer m_server;
    QString m_caFile;
    QString m_error;
    QHash<QString, File> m_files;
    QStringList m_requested;
    QList<QPointer<QSslSocket>> m_sockets;
};
