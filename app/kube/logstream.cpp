#include "app/kube/logstream.h"

#include <QDateTime>
#include <QMetaMethod>
#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>
#include <limits>

namespace kube {

namespace {
// Most bytes of a log reply buffered before they are read (see QNetworkReply::setReadBufferSize).
constexpr qint64 kReadBufferBytes = 4 << 20;

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
qint64 daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const qint64 yoe = y - era * 400;
    const qint64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int digits(QByteArrayView t, qsizetype at, int count)
{
    int v = 0;
    for (int i = 0; i < count; ++i) {
        const char c = t[at + i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}
} // namespace

qint64 parseRfc3339Nanos(QByteArrayView text)
{
    // 2026-11-21T19:31:39.123456789Z or with an offset such as +02:00. Plain arithmetic: this runs
    // once per log line, so no QDateTime (which consults the local time zone).
    if (text.size() < 20 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') || text[13] != ':'
        || text[16] != ':')
        return -1;
    const int year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
    const int hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59
        || second < 0 || second > 60)
        return -1;
    qsizetype i = 19;
    qint64 nanos = 0;
    if (i < text.size() && text[i] == '.') {
        ++i;
        int count = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            if (count < 9) {
                nanos = nanos * 10 + (text[i] - '0');
                ++count;
            }
            ++i;
        }
        for (; count < 9; ++count)
            nanos *= 10;
    }
    qint64 offsetSeconds = 0;
    if (i < text.size() && (text[i] == 'Z' || text[i] == 'z')) {
        ++i;
    } else if (i + 6 <= text.size() && (text[i] == '+' || text[i] == '-') && text[i + 3] == ':') {
        const int hh = digits(text, i + 1, 2), mm = digits(text, i + 4, 2);
        if (hh < 0 || mm < 0)
            return -1;
        offsetSeconds = qint64(hh * 3600 + mm * 60) * (text[i] == '+' ? 1 : -1);
        i += 6;
    } else {
        return -1;
    }
    if (i != text.size())
        return -1;
    const qint64 seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
    constexpr qint64 kMaxSeconds = std::numeric_limits<qint64>::max() / 1'000'000'000LL - 1;
    if (seconds > kMaxSeconds || seconds < -kMaxSeconds)
        return -1; // before 1678 or after 2261: not a qint64 of nanoseconds
    return seconds * 1'000'000'000LL + nanos;
}

namespace {

// A log4j record's level word in the head of a line ("25/11/21 19:31:39 ERROR SparkContext: ..."),
// or empty when the line is not a record.
QString recordLevel(const QString& line)
{
    static const QRegularExpression level(QStringLiteral(R"(^[\d\[][^\n]{0,60}?\b(ERROR|FATAL|WARN|WARNING|INFO|DEBUG|TRACE)\b)"));
    const auto m = level.match(line);
    return m.hasMatch() ? m.captured(1) : QString();
}

} // namespace

QString firstException(const QStringList& lines)
{
    // `Exception in thread "main" x.y.FooException: ...` or a qualified `x.y.FooError: ...` alone.
    static const QRegularExpression jvm(
        QStringLiteral(R"(^(?:Exception in thread "[^"]*" +[\w.$]+|\s*[\w$]+(?:\.[\w$]+)+)(?:Exception|Error)(?:: .*)?$)"));
    // A qualified exception class inside a log record's message.
    static const QRegularExpression named(QStringLiteral(R"(\b(?:[\w$]+\.)+[\w$]*(?:Exception|Error)\b(?:: .*)?$)"));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString& line = lines[i];
        if (line.startsWith(QLatin1String("Traceback (most recent call last):"))) {
            qsizetype end = i + 1;
            while (end < lines.size() && (lines[end].startsWith(QLatin1Char(' ')) || lines[end].startsWith(QLatin1Char('\t'))))
                ++end; // frames and their source lines
            if (end >= lines.size())
                return {};
            QString exception = lines[end].trimmed();
            if (end + 1 < lines.size() && lines[end + 1].startsWith(QLatin1String(": ")))
                exception += QLatin1Char('\n') + lines[end + 1].mid(2).trimmed(); // py4j: the Java exception
            return exception;
        }
        if (line.startsWith(QLatin1String("Error: ")))
            return line.trimmed(); // spark-submit's own message before it exits (Spark 4: a missing main class)
        const QString level = recordLevel(line);
        const bool error = level == QLatin1String("ERROR") || level == QLatin1String("FATAL");
        if (!level.isEmpty()) {
            if (const auto m = error ? named.match(line) : QRegularExpressionMatch(); m.hasMatch())
                return m.captured().trimmed();
            continue;
        }
        if (jvm.match(line).hasMatch()) {
            // The exception of the record just above (Spark logs it with the record): only an error's.
            const QString above = i > 0 ? recordLevel(lines[i - 1]) : QString();
            const bool inThread = line.startsWith(QLatin1String("Exception in thread"));
            if (inThread || above.isEmpty() || above == QLatin1String("ERROR") || above == QLatin1String("FATAL"))
                return (inThread ? line.section(QLatin1Char('"'), 2).trimmed() : line.trimmed());
        }
    }
    return {};
}

void fetchFirstException(KubeClient* client, const QString& ns, const QString& pod, const QString& container,
                         QObject* receiver, std::function<void(const Result<QString>&)> done, int tailLines)
{
    if (!client) {
        // From the event loop all the same, as an answer would come.
        QTimer::singleShot(0, receiver, [done = std::move(done)] { done(KubeError::network(QStringLiteral("not connected"))); });
        return;
    }
    QUrlQuery q;
    if (!container.isEmpty())
        q.addQueryItem(QStringLiteral("container"), container);
    q.addQueryItem(QStringLiteral("tailLines"), QString::number(tailLines));
    client->request("GET", QStringLiteral("/api/v1/namespaces/%1/pods/%2/log").arg(pathSegment(ns), pathSegment(pod)), q, {},
                    receiver, [done = std::move(done)](const Result<KubeResponse>& r) {
                        if (!r)
                            return done(r.error());
                        done(firstException(QString::fromUtf8(r->body).split(QLatin1Char('\n'))));
                    });
}

LogStream::LogStream(KubeClient* client, Options options, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_options(std::move(options))
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &LogStream::open);
}

LogStream::~LogStream()
{
    stop();
}

void LogStream::start()
{
    stop();
    m_lastNanos = -1;
    m_sameNanosCount = 0;
    m_skipAtLast = 0;
    m_lineCount = 0;
    m_reopened = false;
    m_failures = 0;
    m_reconnects = 0;
    m_credentialRetried = false;
    open();
}

void LogStream::stop()
{
    m_retry.stop();
    ++m_openAttempt; // a stream still waiting for credentials is not opened
    if (m_reply) {
        QNetworkReply* reply = std::exchange(m_reply, nullptr);
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    if (m_state == State::Streaming || m_state == State::Waiting || m_state == State::Retrying)
        setState(State::Idle);
}

void LogStream::setState(State state, const QString& message)
{
    if (state == m_state && message == m_message)
        return;
    m_state = state;
    m_message = message;
    emit stateChanged();
}

void LogStream::retryIn(int ms)
{
    m_retry.start(ms);
}

void LogStream::open()
{
    if (!m_client)
        return;
    QUrlQuery q;
    if (!m_options.container.isEmpty())
        q.addQueryItem(QStringLiteral("container"), m_options.container);
    if (m_options.follow)
        q.addQueryItem(QStringLiteral("follow"), QStringLiteral("true"));
    if (m_options.previous)
        q.addQueryItem(QStringLiteral("previous"), QStringLiteral("true"));
    q.addQueryItem(QStringLiteral("timestamps"), QStringLiteral("true"));
    if (m_lastNanos >= 0) {
        // sinceTime has second precision: ask from the start of that second and skip what we had.
        const QDateTime since = QDateTime::fromSecsSinceEpoch(m_lastNanos / 1'000'000'000LL, QTimeZone::utc());
        q.addQueryItem(QStringLiteral("sinceTime"), since.toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss'Z'")));
    } else {
        if (m_options.tailLines >= 0)
            q.addQueryItem(QStringLiteral("tailLines"), QString::number(m_options.tailLines));
        if (m_options.sinceSeconds >= 0)
            q.addQueryItem(QStringLiteral("sinceSeconds"), QString::number(qMax(1, m_options.sinceSeconds)));
    }
    const QString path = QStringLiteral("/api/v1/namespaces/%1/pods/%2/log")
                             .arg(pathSegment(m_options.ns), pathSegment(m_options.pod));
    m_framer = {};
    m_newInThisStream = 0;
    m_skipAtLast = m_sameNanosCount; // lines at m_lastNanos the reopened stream will repeat
    const quint64 attempt = ++m_openAttempt;
    m_client->openStream(path, q, this, [this, attempt](const Result<QNetworkReply*>& reply) {
        if (attempt != m_openAttempt) {
            if (reply) { // stopped or restarted while credentials were on the way
                (*reply)->abort();
                (*reply)->deleteLater();
            }
            return;
        }
        if (!reply) {
            ++m_failures;
            const ErrorVerdict verdict = classify(reply.error(), m_options);
            setState(verdict.state, verdict.message);
            return;
        }
        m_reply = *reply;
        // Back-pressure: the network waits while the lines read are still being handed out,
        // instead of buffering a whole fast log in memory.
        m_reply->setReadBufferSize(kReadBufferBytes);
        connect(m_reply, &QNetworkReply::readyRead, this, &LogStream::onData);
        connect(m_reply, &QNetworkReply::finished, this, &LogStream::onFinished);
    });
}

void LogStream::onData()
{
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 300)
        return; // error body, handled in onFinished
    if (m_state == State::Retrying && m_lastNanos >= 0) {
        ++m_reconnects;
        const QDateTime last = QDateTime::fromMSecsSinceEpoch(m_lastNanos / 1'000'000, Qt::UTC);
        setState(State::Streaming, tr("reconnected at %1; resumed after the last line received (%2 UTC)")
                                       .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")),
                                            last.toString(QStringLiteral("HH:mm:ss.zzz"))));
    } else if (m_state != State::Streaming) {
        setState(State::Streaming);
    }
    deliverChunk(m_reply->readAll());
}

void LogStream::takeRecord(QByteArrayView record, QByteArray* text, QList<qint64>* stamps)
{
    const qsizetype space = record.indexOf(' ');
    const qint64 nanos = space > 0 ? parseRfc3339Nanos(record.first(space)) : -1;
    if (nanos >= 0) {
        if (nanos < m_lastNanos)
            return; // delivered before the stream was reopened
        if (nanos == m_lastNanos && m_skipAtLast > 0) {
            --m_skipAtLast; // one of the lines we already had at that instant
            return;
        }
        if (nanos == m_lastNanos) {
            ++m_sameNanosCount;
        } else {
            m_lastNanos = nanos;
            m_sameNanosCount = 1;
            m_skipAtLast = 0;
        }
    }
    const QByteArrayView line = nanos >= 0 ? record.sliced(space + 1) : record;
    text->append(line.data(), line.size());
    text->append('\n');
    stamps->append(nanos);
}

void LogStream::deliver(const QList<QByteArray>& records)
{
    QByteArray text;
    QList<qint64> stamps;
    stamps.reserve(records.size());
    for (const QByteArray& record : records)
        takeRecord(record, &text, &stamps);
    emitLines(text, stamps);
}

void LogStream::deliverChunk(QByteArrayView chunk)
{
    QByteArray text;
    text.reserve(chunk.size());
    QList<qint64> stamps;
    stamps.reserve(chunk.size() / 64);
    m_framer.feedEach(chunk, [&](QByteArrayView record) { takeRecord(record, &text, &stamps); });
    emitLines(text, stamps);
}

void LogStream::emitLines(const QByteArray& text, const QList<qint64>& stamps)
{
    if (stamps.isEmpty())
        return;
    m_newInThisStream += int(stamps.size());
    m_lineCount += stamps.size();
    m_failures = 0;
    m_credentialRetried = false;
    emit textReceived(text, stamps);
    if (isSignalConnected(QMetaMethod::fromSignal(&LogStream::linesReceived))) {
        QStringList lines;
        lines.reserve(stamps.size());
        for (qsizetype start = 0, nl; (nl = text.indexOf('\n', start)) >= 0; start = nl + 1)
            lines << QString::fromUtf8(text.constData() + start, nl - start);
        emit linesReceived(lines, stamps);
    }
}

void LogStream::onFinished()
{
    QNetworkReply* reply = std::exchange(m_reply, nullptr);
    reply->deleteLater();
    const QByteArray rest = reply->readAll();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QByteArray tail;
    if (status >= 200 && status < 300) {
        deliver(m_framer.feed(rest));
        // A line without its newline: the log's last line, or a stream cut mid-line. Hold it until
        // we know which; a reopened stream sends it again whole.
        tail = m_framer.takeRemainder();
    }
    const KubeError error = KubeClient::responseStatus(reply, rest).error();
    if (!error.isError()) {
        if (!m_options.follow || (m_reopened && m_newInThisStream == 0)) {
            if (!tail.isEmpty())
                deliver({tail});
            setState(State::Ended, QStringLiteral("the container finished"));
            return;
        }
        // A follow stream ended: the container may have finished, or the connection dropped.
        // Reopen from the last timestamp; an empty reopened stream confirms the end.
        m_reopened = true;
        retryIn(300);
        return;
    }
    if (error.httpStatus == 401 && m_client && m_client->execProvider() && !m_credentialRetried) {
        // The client dropped the plugin's rejected credential: reopen once with a fresh one.
        m_credentialRetried = true;
        retryIn(0);
        return;
    }
    ++m_failures;
    const ErrorVerdict verdict = classify(error, m_options);
    setState(verdict.state, verdict.message);
    switch (verdict.state) {
    case State::Waiting:
        // A container about to start is retried briskly; a pod that may never come, ever slower.
        retryIn(error.httpStatus == 404 ? std::min(15'000, 1000 + 500 * m_failures) : 1500);
        break;
    case State::Retrying: // at least as long as a Retry-After asks
        retryIn(int(std::max<qint64>(std::min(30'000, 1000 << std::min(m_failures, 5)), m_client ? m_client->retryAfterMs(reply) : 0)));
        break;
    default:
        break; // Failed: asking again would get the same answer
    }
}

LogStream::ErrorVerdict LogStream::classify(const KubeError& error, const Options& o)
{
    const QString& message = error.message;
    if (error.kind == KubeError::Kind::Credentials)
        return {State::Failed, message}; // the plugin's message says what to do; asking again would not help
    if (error.kind != KubeError::Kind::Http)
        return {State::Retrying, error.summary()}; // the network: it may come back
    const int status = error.httpStatus;
    if (status == 429 || status >= 500)
        return {State::Retrying, error.summary()};
    const bool aboutContainer = message.contains(QLatin1String("container"));
    if (status == 400
        && (message.contains(QLatin1String("waiting to start")) || message.contains(QLatin1String("ContainerCreating"))
            || message.contains(QLatin1String("PodInitializing"))))
        return {State::Waiting, message};
    if (status == 400 && message.startsWith(QLatin1String("previous terminated container")))
        return {State::Failed, tr("This container has not restarted: there is no previous run. Read its current log instead.")};
    if ((status == 400 && message.contains(QLatin1String("is not valid for pod")))
        || (status == 404 && aboutContainer))
        return {State::Failed, tr("Pod %1 has no container %2: pick one of its containers.").arg(o.pod, o.container)};
    if (status == 404)
        return {State::Waiting, tr("pod %1 does not exist yet").arg(o.pod)};
    if (status == 403)
        return {State::Failed, tr("Not allowed to read this log: your account needs the RBAC permission \"get\" on "
                                  "\"pods/log\" in namespace %1. The API server said: %2")
                                   .arg(o.ns, message)};
    if (status == 401)
        return {State::Failed, tr("The API server did not accept your credentials (HTTP 401): log in again or check "
                                  "the kubeconfig's user. %1")
                                   .arg(message)};
    return {State::Failed, error.summary()};
}

} // namespace kube
