// The replay server of the watch figures (see probes.h): Kubernetes list + watch over plain
// HTTP/1.1 on loopback, fast enough to feed thousands of watch events a second into one client.

#include "bench/benchutil.h"
#include "bench/objects.h"
#include "bench/probes.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>
#include <QUuid>

#include <cstdio>
#include <functional>
#include <unistd.h>

namespace bench {

namespace {

constexpr int kListResourceVersion = 1000;

QByteArray chunk(const QByteArray& data)
{
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}

QByteArray response(int status, const QByteArray& body)
{
    const QByteArray reason = status == 200 ? "OK" : "Not Found";
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray emptyList(const QString& kind)
{
    return json({{QStringLiteral("kind"), kind}, {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                 {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), QString::number(kListResourceVersion)}}},
                 {QStringLiteral("items"), QJsonArray{}}});
}

} // namespace

int replayServer(const ProbeOptions& opts)
{
    const QString ns = opts.ns.isEmpty() ? QStringLiteral("bench") : opts.ns;
    // Each object serialised once with placeholders for what an event changes.
    QList<QByteArray> templates;
    QJsonArray items;
    const QString created = rfc3339(QDateTime::currentDateTimeUtc().addDays(-1));
    for (int i = 0; i < opts.apps; ++i) {
        const QString name = appName(i);
        QJsonObject app = benchApplication(ns, name, i, {{QLatin1String(kSentAnnotation), QStringLiteral("@@SENT@@")}});
        QJsonObject metadata = app.value(QLatin1String("metadata")).toObject();
        metadata.insert(QStringLiteral("uid"), QUuid::createUuid().toString(QUuid::WithoutBraces));
        metadata.insert(QStringLiteral("creationTimestamp"), created);
        metadata.insert(QStringLiteral("generation"), 1);
        metadata.insert(QStringLiteral("resourceVersion"), QStringLiteral("@@RV@@"));
        app.insert(QStringLiteral("metadata"), metadata);
        QJsonObject status = benchStatus(name, i, opts.apps);
        QJsonObject state = status.value(QLatin1String("applicationState")).toObject();
        const QString initial = state.value(QLatin1String("state")).toString();
        state.insert(QStringLiteral("state"), QStringLiteral("@@STATE@@"));
        status.insert(QStringLiteral("applicationState"), state);
        app.insert(QStringLiteral("status"), status);
        templates << json(app);
        QByteArray listed = templates.last();
        listed.replace("@@SENT@@", "0").replace("@@RV@@", QByteArray::number(kListResourceVersion)).replace("@@STATE@@", initial.toUtf8());
        items.append(QJsonDocument::fromJson(listed).object());
    }
    const QByteArray list = json({{QStringLiteral("kind"), QStringLiteral("SparkApplicationList")},
                                  {QStringLiteral("apiVersion"), QStringLiteral("sparkoperator.k8s.io/v1beta2")},
                                  {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), QString::number(kListResourceVersion)}}},
                                  {QStringLiteral("items"), items}});
    items = {};
    const QByteArray namespaces = json({{QStringLiteral("kind"), QStringLiteral("NamespaceList")}, {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), QString::number(kListResourceVersion)}}},
                                        {QStringLiteral("items"), QJsonArray{QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                                                                         {QStringLiteral("kind"), QStringLiteral("Namespace")},
                                                                                         {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), ns}, {QStringLiteral("resourceVersion"), QStringLiteral("1")}}}}}}});
    const QByteArray notFound = json({{QStringLiteral("kind"), QStringLiteral("Status")}, {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                      {QStringLiteral("status"), QStringLiteral("Failure")}, {QStringLiteral("reason"), QStringLiteral("NotFound")},
                                      {QStringLiteral("message"), QStringLiteral("not served by the bench replay server")}, {QStringLiteral("code"), 404}});

    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0)) {
        note(QStringLiteral("replay server: cannot listen: %1").arg(server.errorString()));
        return 1;
    }
    QList<QTcpSocket*> watchers; // open SparkApplication watch streams
    int requests = 0;
    QHash<QString, int> byPath;  // "METHOD path" -> requests, to say what a client asked for
    std::function<void()> startOnWatch; // set by GO while no SparkApplication watch is open yet
    QObject::connect(&server, &QTcpServer::newConnection, &server, [&] {
        while (QTcpSocket* socket = server.nextPendingConnection()) {
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            auto buffer = std::make_shared<QByteArray>();
            QObject::connect(socket, &QTcpSocket::disconnected, socket, [&, socket] {
                watchers.removeAll(socket);
                socket->deleteLater();
            });
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [&, socket, buffer] {
                buffer->append(socket->readAll());
                for (;;) {
                    const qsizetype end = buffer->indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    const QList<QByteArray> lines = buffer->left(end).split('\n');
                    qsizetype length = 0;
                    for (const QByteArray& line : lines)
                        if (line.toLower().startsWith("content-length:"))
                            length = line.mid(15).trimmed().toLongLong();
                    if (buffer->size() < end + 4 + length)
                        return;
                    buffer->remove(0, end + 4 + length);
                    ++requests;
                    const QList<QByteArray> request = lines.value(0).trimmed().split(' ');
                    const QByteArray method = request.value(0);
                    const QUrl url(QStringLiteral("http://replay") + QString::fromLatin1(request.value(1)));
                    const QUrlQuery query(url);
                    const QString path = url.path();
                    const QString plural = path.section(QLatin1Char('/'), -1);
                    ++byPath[QString::fromLatin1(method) + QLatin1Char(' ') + path + (query.hasQueryItem(QStringLiteral("watch")) ? QStringLiteral(" (watch)") : QString())];
                    const bool apps = plural == QLatin1String("sparkapplications");
                    const bool collection = method == "GET"
                        && (apps || plural == QLatin1String("namespaces") || plural == QLatin1String("scheduledsparkapplications")
                            || plural == QLatin1String("pods") || plural == QLatin1String("events") || plural == QLatin1String("sparkconnects"));
                    const QString watch = query.queryItemValue(QStringLiteral("watch"));
                    if (collection && (watch == QLatin1String("1") || watch == QLatin1String("true"))) {
                        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
                        if (apps) {
                            watchers << socket;
                            if (startOnWatch)
                                std::exchange(startOnWatch, nullptr)();
                        }
                        return; // the stream owns this connection now
                    }
                    if (collection)
                        socket->write(response(200, apps ? list : plural == QLatin1String("namespaces") ? namespaces
                                                                                                          : emptyList(QStringLiteral("List"))));
                    else
                        socket->write(response(404, notFound));
                }
            });
        }
    });
    std::printf("PORT %d\n", int(server.serverPort()));
    std::fflush(stdout);

    // Events: round-robin over the objects, each a new state and send time.
    static const QByteArrayList states{"RUNNING", "SUCCEEDING", "COMPLETED", "SUBMITTED"};
    qint64 sent = 0, resourceVersion = kListResourceVersion;
    QHash<int, QByteArray> lastSent;
    QElapsedTimer clock;
    qint64 lastWriteNs = 0;
    QTimer pacer;
    pacer.setTimerType(Qt::PreciseTimer);
    pacer.setInterval(1);
    QString error;
    auto finish = [&] {
        pacer.stop();
        QFile expected(opts.outFile);
        if (!opts.outFile.isEmpty() && expected.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            for (auto it = lastSent.cbegin(); it != lastSent.cend(); ++it)
                expected.write(ns.toUtf8() + '/' + appName(it.key()).toUtf8() + '\t' + it.value() + '\n');
        }
        const double seconds = double(lastWriteNs) / 1e9;
        QJsonObject result{{QStringLiteral("sent"), sent}, {QStringLiteral("seconds"), seconds},
                           {QStringLiteral("rate"), seconds > 0 ? double(sent) / seconds : 0.0},
                           {QStringLiteral("watchers"), int(watchers.size())}, {QStringLiteral("requests"), requests}};
        QJsonObject paths;
        for (auto it = byPath.cbegin(); it != byPath.cend(); ++it)
            paths.insert(it.key(), it.value());
        result.insert(QStringLiteral("byPath"), paths);
        if (!error.isEmpty())
            result.insert(QStringLiteral("error"), error);
        printResult(result);
    };
    QObject::connect(&pacer, &QTimer::timeout, &server, [&] {
        const qint64 elapsed = clock.nsecsElapsed();
        if (elapsed >= qint64(opts.seconds * 1e9)) {
            finish();
            return;
        }
        const qint64 due = qint64(double(elapsed) * opts.rate / 1e9);
        if (due <= sent)
            return;
        const QByteArray now = QByteArray::number(wallUs());
        QByteArray batch;
        for (; sent < due; ++sent) {
            const int i = int(sent % opts.apps);
            QByteArray object = templates[i];
            object.replace("@@SENT@@", now)
                .replace("@@RV@@", QByteArray::number(++resourceVersion))
                .replace("@@STATE@@", states[(sent / opts.apps) % states.size()]);
            batch += "{\"type\":\"MODIFIED\",\"object\":" + object + "}\n";
            lastSent.insert(i, now);
        }
        for (QTcpSocket* socket : std::as_const(watchers))
            socket->write(chunk(batch));
        lastWriteNs = clock.nsecsElapsed();
    });

    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QByteArray pending;
    QObject::connect(&input, &QSocketNotifier::activated, &server, [&] {
        char buffer[256];
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n <= 0) {
            QCoreApplication::quit();
            return;
        }
        pending.append(buffer, n);
        if (pending.contains("GO\n")) {
            pending.clear();
            auto start = [&] {
                clock.start();
                pacer.start();
            };
            if (!watchers.isEmpty()) {
                start();
                return;
            }
            // The window lists first and opens its watch right after: start with the watch, or
            // after 10 s without one (an error then).
            startOnWatch = start;
            QTimer::singleShot(10'000, &server, [&, start] {
                if (!startOnWatch)
                    return;
                startOnWatch = nullptr;
                error = QStringLiteral("no SparkApplication watch was open 10 s after GO (%1 requests served)").arg(requests);
                start();
            });
        }
    });
    return QCoreApplication::exec();
}

} // namespace bench
