#pragma once

#include "app/process/processrunner.h"

#include <QObject>
#include <QStringList>
#include <QTimer>

namespace setup {

/// One external command: a program and its argument list (never a shell string).
struct Command {
    QString program;          ///< "kind", "helm", "kubectl", "docker" (found on PATH)
    QStringList arguments;
    QByteArray input;         ///< written to stdin, then stdin is closed
    bool pipeFromPrevious = false; ///< stdin = the previous command's standard output (a | b)
    int timeoutMs = 0;        ///< stopped (with everything it started) after this many ms; 0 = no limit
    QString display() const;  ///< "kind create cluster --name spark" for the log panel
};

/// How a command ended.
enum class Outcome {
    Succeeded,  ///< exit code 0
    Failed,     ///< a non-zero exit code, or it crashed
    NotStarted, ///< the program is not on PATH or cannot be executed
    TimedOut,   ///< it ran longer than Command::timeoutMs and was stopped
    Cancelled,  ///< cancel() stopped it
};

/// Runs one Command at a time with a proc::ProcessRunner (on the thread that owns it), streams its
/// output line by line, and can cancel it. The child runs in its own session and process group
/// (setsid), so cancel() and a timeout end the whole tree (TERM, then KILL after 3 s); what is left
/// of the group when the command exits is killed too, and the child is always reaped (no zombie).
/// No member waits for a process: everything returns at once.
class CommandRunner : public QObject {
    Q_OBJECT
public:
    explicit CommandRunner(QObject* parent = nullptr);
    /// Ends a running command and everything it started (TERM now, KILL after 3 s, in the
    /// background); returns at once.
    ~CommandRunner() override;

    /// Starts `command`; exactly one finished() follows, from the event loop (never from inside
    /// start() or cancel()), also when the program cannot be started. A command still running is
    /// ended first (in the background, without waiting), without a finished() for it.
    void start(const Command& command);
    /// Ends the running command and every process it started: TERM now, KILL after 3 s. Returns at
    /// once; finished() reports `cancelled`. Does nothing when no command runs.
    void cancel();
    /// True from start() until finished() was emitted.
    bool isRunning() const { return m_active; }
    /// How the last command ended (valid once finished() was emitted).
    Outcome outcome() const { return m_outcome; }
    /// All output of the last command (stdout and stderr interleaved).
    QString output() const { return m_output; }
    /// The last command's standard output only.
    QByteArray standardOutput() const { return m_stdoutAll; }

signals:
    /// A line of output (without the newline); `stderr` tells which stream.
    void line(const QString& text, bool stderr);
    /// The command ended: its exit code (-1 when it could not start, timed out, was killed or
    /// crashed), whether it was cancelled, and `error` when SparkDeck ended it or could not start
    /// it ("kind: not found on PATH or not executable", "docker version did not finish within
    /// 20 s and was stopped").
    void finished(int exitCode, bool cancelled, const QString& error);

private:
    void drain(bool stderr, QByteArray& buffer, bool final);
    void readOutput(bool final);
    /// Forgets the command (it is ended in the background); no finished().
    void stopNow();
    /// Records the outcome and emits finished() from the event loop.
    void complete(Outcome outcome, int exitCode, const QString& error);

    proc::ProcessRunner m_process;
    quint64 m_generation = 0; ///< which start() a queued finished() belongs to
    QTimer m_timeout;
    Command m_command;
    QByteArray m_stdout;
    QByteArray m_stderr;
    QString m_output;
    QByteArray m_stdoutAll;
    bool m_active = false;
    bool m_cancelled = false;
    bool m_timedOut = false;
    Outcome m_outcome = Outcome::Succeeded;
};

} // namespace setup
