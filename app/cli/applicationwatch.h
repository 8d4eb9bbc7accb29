#pragma once

#include "app/cli/terminal.h"
#include "app/kube/logstream.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

namespace kube {
class Informer;
class KubeClient;
}

namespace session {
class HistoryRecorder;
}

namespace cli {

/// Follows one SparkApplication until it ends, for `submit --wait` (and `--logs`): an informer on
/// sparkapplications with the field selector metadata.name=NAME (kube::Informer: it lists, watches
/// and reconnects through transient drops by itself), one progress line per change of state or of
/// the executor counts — `12:03:04  spark-pi  SUBMITTED → RUNNING  driver spark-pi-driver  executors 2/2 running`
/// (local time) — on standard output (rewritten in place within a state when that is a terminal), or
/// on standard error with `followLog`, when standard output carries the driver's log (kube::LogStream
/// on status.driverInfo.podName, followed again when a new driver pod replaces it).
///
/// finished() says how it ended, once: ExitOk when the application is COMPLETED; ExitFailed when it
/// is FAILED or SUBMISSION_FAILED (the operator's errorMessage and the first exception of the driver
/// log, kube::fetchFirstException, on standard error), deleted, or `timeoutMs` passed ("timed out
/// waiting"); ExitUnreachable when the cluster has been unreachable for `unreachableMs` without a
/// break (or the informer stopped on a permanent error: then exitCodeFor() of it); 130 after
/// interrupt(). An application still without a state after `noStateHintMs` gets one hint on
/// standard error from kube::probeOperator ("no Spark Operator seems to watch namespace X: …"), and
/// the wait goes on. The application's run is recorded into the run history
/// (session::HistoryRecorder on session::processHistoryStore()) when it ends; finished() waits for
/// that (at most 30 s). Lives and signals in the main thread.
class ApplicationWatch : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString ns;
        QString name;
        QString serviceAccount;      ///< spec.driver.serviceAccount, for the operator probe ("" = default)
        bool followLog = false;      ///< stream the driver's log to standard output
        qint64 timeoutMs = 0;        ///< give up after this long (0 = never)
        qint64 unreachableMs = 60'000;
        qint64 noStateHintMs = 30'000;
        QString followCommand;       ///< how to follow it later, for interrupt(): "sparkdeck logs NAME -f"
    };

    ApplicationWatch(kube::KubeClient* client, Terminal& terminal, Options options, QObject* parent = nullptr);
    ~ApplicationWatch() override;

    /// Starts watching (the informer's first list follows from the event loop).
    void start();
    /// Stops waiting at once (Ctrl-C): says that the application keeps running and how to follow
    /// it, and finishes with 130.
    void interrupt();

signals:
    void finished(int exitCode);

private:
    void onObject(const QString& key);
    void onInformerState();
    void progress(const QString& state, const QString& detail);
    void startLog(const QString& pod);
    void ended(const QString& state, const QString& errorMessage, const QString& driverPod);
    void afterLogDrained(std::function<void()> then);
    void hintNoState();
    void finish(int code);
    /// Ends a progress line left open for rewriting (terminal output).
    void closeLine();
    /// `text` on standard error, after closeLine().
    void say(const QString& text);

    QPointer<kube::KubeClient> m_client;
    Terminal& m_terminal;
    Options m_options;
    kube::Informer* m_informer = nullptr;
    session::HistoryRecorder* m_recorder = nullptr;
    kube::LogStream* m_log = nullptr;
    QString m_logPod;
    bool m_seen = false;       // the application was listed at least once
    QString m_state;           // last state printed
    QString m_detail;          // last detail printed
    bool m_openLine = false;   // a rewritable progress line is on the terminal
    int m_terminalLines = 0;   // progress lines printed
    bool m_ending = false;
    bool m_finished = false;
    bool m_saidUnreachable = false;
    bool m_saidLogTrouble = false;
    QTimer m_timeout;
    QTimer m_noState;
    QTimer m_unreachable;
    QElapsedTimer m_elapsed;
};

} // namespace cli
