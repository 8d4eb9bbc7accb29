#pragma once

#include <QByteArray>
#include <QObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>

class QTimer;

namespace proc {

/// What to run: a program and its argument list (never a shell string).
struct ProcessSpec {
    QString program;         ///< a name looked up on PATH, or a path
    QStringList arguments;
    QByteArray input;        ///< written to stdin, then stdin is closed
    /// The child's environment; empty (the default) = SparkDeck's own.
    QProcessEnvironment environment;
    bool mergeChannels = false; ///< stderr goes into stdout
    /// On Linux, the child gets SIGTERM when SparkDeck's process ends in any way (PR_SET_PDEATHSIG),
    /// so nothing it started outlives a crash.
    bool endWithParent = false;
};

/// Runs one external program at a time with QProcess on the thread that owns the runner (that
/// thread needs an event loop). The child runs in a session and process group of its own
/// (setsid), so ending it ends everything it started; what is left in its group when it exits is
/// killed, and the child is always reaped (no zombie).
///
/// No member waits: start(), terminate(), abandon() and the destructor return at once. A process
/// that is abandoned (or still runs when the runner is destroyed or started again) gets SIGTERM at
/// once and SIGKILL after the grace period, and is reaped in the background by an object that lives
/// as long as the application.
class ProcessRunner : public QObject {
    Q_OBJECT
public:
    /// How long a process may take to end after SIGTERM before its group gets SIGKILL (ms).
    static constexpr int kDefaultGraceMs = 3000;

    explicit ProcessRunner(QObject* parent = nullptr);
    /// Abandons a running process (see abandon()); returns at once.
    ~ProcessRunner() override;

    /// Starts `spec`. A process still running is abandoned first (no signal for it). Exactly one of
    /// finished() or failedToStart() follows, from the event loop or, for a program that is not on
    /// PATH, possibly from inside start().
    void start(const ProcessSpec& spec);
    /// Ends the running process and its whole group: SIGTERM now, SIGKILL after `graceMs`. Returns
    /// at once; finished() follows when the process has ended. Does nothing when nothing runs.
    void terminate(int graceMs = kDefaultGraceMs);
    /// Forgets the running process at once (isRunning() is false, no further signal) and ends it
    /// and its group in the background: SIGTERM now, SIGKILL after `graceMs`.
    void abandon(int graceMs = kDefaultGraceMs);

    /// True from start() until finished() or failedToStart().
    bool isRunning() const { return m_process != nullptr; }
    /// True once terminate() was called for the running process.
    bool isTerminating() const { return m_terminating; }
    /// The child's process id (also its process group id), 0 when none runs.
    qint64 processId() const;
    /// What the child wrote since the last call (stdout; with mergeChannels both streams).
    QByteArray readAllStandardOutput();
    QByteArray readAllStandardError();

    /// Calls `then` once every process abandoned so far (abandon(), stop of a destroyed runner) has
    /// ended and been reaped, or at once when none is left: so a program can end after its children
    /// had their grace period instead of killing them with itself. `then` runs from the event loop in
    /// the application's thread (where `receiver` lives), skipped when `receiver` is destroyed first.
    static void whenAbandonedEnded(QObject* receiver, std::function<void()> then);

    /// Sends `signal` to the process group `pid` leads; before the child has called setsid() (just
    /// forked) there is no such group yet, so the child itself gets it. Does nothing for pid <= 0.
    static void signalGroup(qint64 pid, int signal);

signals:
    /// The program runs (exec succeeded).
    void started();
    void readyReadStandardOutput();
    void readyReadStandardError();
    /// The process ended and was reaped; the rest of its group got SIGKILL. `status` is CrashExit
    /// when a signal ended it (then `exitCode` is the signal number).
    void finished(int exitCode, QProcess::ExitStatus status);
    /// The program could not be started (not on PATH, not executable); `error` is QProcess's words.
    void failedToStart(const QString& error);

private:
    void release(QProcess* process);

    QProcess* m_process = nullptr;
    QTimer* m_kill = nullptr;
    bool m_terminating = false;
};

} // namespace proc
