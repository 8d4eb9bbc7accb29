#pragma once

#include "app/kube/kubeclient.h"
#include "app/kube/watchstream.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

namespace kube {

/// The first exception in `lines` of a Spark driver log (oldest first), for people, or empty when
/// there is none:
/// - a JVM exception line, `java.lang.ClassNotFoundException: com.example.Main` or
///   `Exception in thread "main" org.apache.spark.SparkException: ...` (given without the
///   `Exception in thread "main"`); one attached to a WARN or INFO record is skipped: Spark logs
///   those and carries on;
/// - a log4j ERROR record naming an exception class: the message from that class on;
/// - spark-submit's own `Error: ...` line (e.g. Spark 4's `Error: Failed to load class x.Main.`);
/// - a Python traceback: its last line (the exception); a py4j error keeps the Java exception that
///   follows on a second line (": org.apache.spark.SparkException: ...").
/// Pure; stack frames and "Caused by:" lines are never picked.
QString firstException(const QStringList& lines);

/// Reads the last `tailLines` lines of `container` in pod `ns`/`pod` once (no follow) and hands
/// `done` firstException(lines) (empty when the log has none), or why the log could not be read
/// (e.g. HTTP 404 when the pod is gone; Kind::Network "not connected" when `client` is nullptr).
/// `done` runs once, in `receiver`'s thread (the client's), always after the call returns, from the
/// event loop; it is skipped when `receiver` is destroyed first.
void fetchFirstException(KubeClient* client, const QString& ns, const QString& pod, const QString& container,
                         QObject* receiver, std::function<void(const Result<QString>& exception)> done,
                         int tailLines = 2000);

/// Nanoseconds since the Unix epoch for an RFC 3339 timestamp with optional fraction (as the
/// kubelet writes with `timestamps=true`, Go's RFC3339Nano). Returns -1 when it does not parse or
/// lies outside the years 1678-2261 (what a qint64 of nanoseconds holds).
qint64 parseRfc3339Nanos(QByteArrayView text);

/// Follows one container's log through the API server
/// (per the Kubernetes API: `GET /api/v1/namespaces/NS/pods/POD/log`, plain text, streamed).
/// - Asks with `timestamps=true` and strips them, so that when a stream drops it can resume with
///   `sinceTime` and skip what it already delivered: no duplicated and no missing lines.
/// - A container that has not started yet (HTTP 400 "... is waiting to start") or a pod that does
///   not exist yet (404) is state Waiting, retried every 1.5 s (slowing to 15 s) until it starts.
/// - Errors that can pass (network, HTTP 429, 5xx) are state Retrying, retried with a backoff of
///   2 s doubling to 30 s, or what a 429/503's Retry-After asks when longer (capped by the client).
///   Errors that cannot (no previous run, a container the pod does not have,
///   403, other 4xx) are state Failed and the stream stops; statusMessage() says why and what to do.
/// - A stream that broke (state Retrying) and is back says so: state Streaming with statusMessage()
///   "reconnected at HH:MM:SS; resumed after the last line received (HH:MM:SS UTC)", and
///   reconnects() counts it.
/// - A follow stream that ends is reopened once; when the reopened stream brings nothing new and
///   ends too, the container has finished: state Ended.
/// Errors are not handed out as values: they become the state (Waiting, Retrying, Failed) and
/// statusMessage(). Signals are emitted in the stream's thread (the client's) from the event loop,
/// except stateChanged() to Idle, which stop() (and start(), which stops first) emits at once.
class LogStream : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString ns;
        QString pod;
        QString container;     ///< empty = the pod's only container
        bool follow = true;
        int tailLines = -1;    ///< -1 = the whole log
        int sinceSeconds = -1; ///< -1 = from the start; else only lines of the last N seconds
        bool previous = false; ///< the previous (crashed) instance of the container
    };
    /// Failed is final (the stream stopped); Retrying will try again by itself.
    enum class State { Idle, Waiting, Streaming, Ended, Failed, Retrying };
    Q_ENUM(State)

    /// What a failed log request means and what the stream does about it.
    struct ErrorVerdict {
        State state;     ///< Waiting or Retrying (the stream tries again) or Failed (it stops)
        QString message; ///< for the user: what happened and, for Failed, what to do
    };
    /// Classifies `error` from GET .../log with `options` (pure; exposed for tests). Kubernetes
    /// answers, e.g.: 400 `container "c" in pod "p" is waiting to start: ContainerCreating`,
    /// 400 `previous terminated container "c" in pod "p" not found`, 400 `container c is not
    /// valid for pod p`, 404 `pods "p" not found`, 403 `pods "p" is forbidden: ...`.
    static ErrorVerdict classify(const KubeError& error, const Options& options);

    LogStream(KubeClient* client, Options options, QObject* parent = nullptr);
    ~LogStream() override;

    void start();
    void stop();

    const Options& options() const { return m_options; }
    State state() const { return m_state; }
    /// Why it waits, retries or failed, in words for the user ("container ... is waiting to start: ...").
    QString statusMessage() const { return m_message; }
    /// True while a retry is scheduled (states Waiting and Retrying, and between a follow stream
    /// ending and its reopening).
    bool retryPending() const { return m_retry.isActive(); }
    /// Lines delivered so far.
    qint64 lineCount() const { return m_lineCount; }
    /// How often the stream came back after it broke (state Retrying, then Streaming again).
    int reconnects() const { return m_reconnects; }

signals:
    /// New complete lines, in order, without timestamps or newlines; `nanos` holds each line's
    /// kubelet timestamp (ns since the epoch, -1 when a line had none).
    /// Only built when something is connected to it; textReceived() is the cheaper form.
    void linesReceived(const QStringList& lines, const QList<qint64>& nanos);
    /// The same new lines as UTF-8 text, each line followed by '\n' (timestamps and '\r' removed,
    /// bytes as received, so possibly not valid UTF-8), and `nanos` one per line as above. Emitted
    /// just before linesReceived() for the same lines. Made for model::LogModel::appendUtf8().
    void textReceived(const QByteArray& text, const QList<qint64>& nanos);
    void stateChanged();

private:
    void open();
    void onData();
    void onFinished();
    void deliver(const QList<QByteArray>& records);
    /// Frames `chunk` and delivers its complete records (the hot path: no copy per line).
    void deliverChunk(QByteArrayView chunk);
    /// Appends the line of kubelet record `record` ("TIMESTAMP text") to `text` and its timestamp
    /// to `nanos`, unless a reopened stream repeats it.
    void takeRecord(QByteArrayView record, QByteArray* text, QList<qint64>* nanos);
    void emitLines(const QByteArray& text, const QList<qint64>& nanos);
    void setState(State state, const QString& message = {});
    void retryIn(int ms);

    QPointer<KubeClient> m_client;
    Options m_options;
    QNetworkReply* m_reply = nullptr;
    quint64 m_openAttempt = 0;           // bumped by open() and stop(); stale opens are discarded
    bool m_credentialRetried = false;    // a 401 reopened the stream once with a fresh credential
    LineFramer m_framer;
    QTimer m_retry;
    State m_state = State::Idle;
    QString m_message;
    qint64 m_lineCount = 0;
    // Resume bookkeeping: the newest timestamp delivered and how many lines carried exactly it.
    qint64 m_lastNanos = -1;
    int m_sameNanosCount = 0;
    int m_skipAtLast = 0;       // lines at m_lastNanos still to skip in a reopened stream
    int m_newInThisStream = 0;
    bool m_reopened = false;    // the current stream reopens one that ended
    int m_failures = 0;         // consecutive failed attempts (for the backoff)
    int m_reconnects = 0;
};

} // namespace kube
