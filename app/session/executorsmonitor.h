#pragma once

#include "models/executorsmodel.h"

#include <QDateTime>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QUrl>

class QNetworkReply;

namespace session {

class ApplicationDetails;

/// Watches the executors of a running Spark application through its driver's Spark UI, with the
/// Spark REST API (Spark "Monitoring and Instrumentation", monitoring.html#rest-api): once
/// GET <ui>/api/v1/applications (the driver's UI serves its one application; its "id" is the
/// Spark application id), then GET <ui>/api/v1/applications/{id}/executors every interval() ms
/// (2000 unless set; the next request goes out interval() after the previous answer, never two at
/// once). Each answer replaces the rows of model() and appends one Sample to samples() (at most
/// maxSamples(), oldest dropped). A request silent for timeout() ms (5000 unless set), a refused
/// connection, an HTTP error or a body that is not the REST API's JSON puts the monitor in
/// State::Error with a sentence in message(); it keeps asking, and the next good answer makes it
/// Live again. Started on an ApplicationDetails, it reaches the UI through that application's
/// Spark UI port-forward (ApplicationDetails::startSparkUi, reused when already running; started
/// again interval() after it ends, as kubectl does when the driver refuses a connection) and
/// stops by itself, State::Ended, when the application reaches a terminal state (the driver and
/// its UI are gone), keeping the last rows and samples. Everything is called and calls back in the
/// thread that owns the object.
class ExecutorsMonitor : public QObject {
    Q_OBJECT
public:
    enum class State {
        Idle,       ///< not started, or stop() was called
        Connecting, ///< waiting for the port-forward or the first answer
        Live,       ///< the last request was answered
        Error,      ///< the last request failed (message() says why); still asking
        Ended,      ///< the application ended; no more requests
    };
    /// One point of the time series, taken from one answer of the executors endpoint.
    struct Sample {
        QDateTime at;           ///< when the answer arrived (UTC)
        qint64 memoryUsed = 0;  ///< sum of memoryUsed over the active executors and the driver, bytes
        qint64 maxMemory = 0;   ///< sum of maxMemory over the same, bytes
        int activeTasks = 0;    ///< sum of activeTasks over all rows
        int executors = 0;      ///< active executors, the driver not counted
    };

    explicit ExecutorsMonitor(QObject* parent = nullptr);
    ~ExecutorsMonitor() override;

    /// ms between an answer and the next request (default 2000); takes effect at the next request.
    void setInterval(int ms) { m_intervalMs = ms; }
    int interval() const { return m_intervalMs; }
    /// ms a request may stay silent before it fails (default 5000).
    void setTimeout(int ms) { m_timeoutMs = ms; }
    int timeout() const { return m_timeoutMs; }
    /// How many samples are kept (default 150: 5 minutes at 2 s).
    void setMaxSamples(int n) { m_maxSamples = qMax(1, n); }
    int maxSamples() const { return m_maxSamples; }

    /// Asks the Spark UI at `sparkUi` (e.g. http://127.0.0.1:4040) from now on; clears the rows and
    /// samples of an earlier run. Connecting, then Live or Error.
    void start(const QUrl& sparkUi);
    /// Asks the Spark UI of `details`' application through its port-forward (started with
    /// kubectl's `kubeconfigFiles` and `context` unless it runs already). An application that
    /// ended already gives Ended at once; a port-forward that fails gives Error with its message
    /// and is started again after interval(). `details` may go away first: the monitor then stops (Idle).
    void start(ApplicationDetails* details, const QStringList& kubeconfigFiles, const QString& context);
    /// Stops asking (Idle); the rows and samples stay. The port-forward, the application's, stays.
    void stop();
    /// Stops and forgets the rows, the samples and the application id.
    void clear();

    State state() const { return m_state; }
    /// Whether a request is out or the next one is scheduled.
    bool isAsking() const { return m_reply || m_timer.isActive(); }
    /// One sentence for the state: why it failed and what to do (Error), that the driver ended
    /// (Ended), what it waits for (Connecting); "" when Live or Idle.
    QString message() const { return m_message; }
    /// The Spark application id the UI reported ("" before the first answer).
    QString applicationId() const { return m_appId; }
    /// The Spark UI asked (empty before the port-forward is ready).
    QUrl sparkUi() const { return m_base; }
    /// When the rows were last replaced (invalid before).
    QDateTime lastUpdate() const { return m_lastUpdate; }

    model::ExecutorsModel* model() const { return m_model; }
    const QList<Sample>& samples() const { return m_samples; }

signals:
    void stateChanged();
    /// model() and samples() were replaced by a new answer.
    void updated();

private:
    void setState(State state, const QString& message = {});
    void poll();
    void schedule();
    void onReply(QNetworkReply* reply);
    void begin(const QUrl& base);
    void checkApplication();
    void abortReply();

    QNetworkAccessManager m_network;
    QTimer m_timer;
    model::ExecutorsModel* m_model;
    QList<Sample> m_samples;
    QPointer<ApplicationDetails> m_details;
    QList<QMetaObject::Connection> m_detailsConnections;
    QPointer<QNetworkReply> m_reply;
    QStringList m_kubeconfigFiles;
    QString m_context;
    QUrl m_base;
    QString m_appId;
    QDateTime m_lastUpdate;
    State m_state = State::Idle;
    QString m_message;
    int m_intervalMs = 2000;
    int m_timeoutMs = 5000;
    int m_maxSamples = 150;
};

} // namespace session
