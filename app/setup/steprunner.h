#pragma once

#include "app/setup/commandrunner.h"
#include "app/setup/setupplan.h"

namespace setup {

/// The outcome of one wizard step.
struct StepResult {
    bool ok = false;
    bool cancelled = false;
    Outcome outcome = Outcome::Succeeded; ///< how the last command that ran ended
    Command failedCommand;  ///< the command that failed (when !ok && !cancelled)
    int exitCode = 0;
    QString output;         ///< everything the commands printed, with "$ command" lines
    Explanation explanation; ///< why it failed and what to do, when known
};

/// Runs a step's commands one after the other (stopping at the first failure), streaming what
/// runs and what it prints; a command with pipeFromPrevious reads the previous one's stdout.
/// Signals come on the thread that owns the runner, from the event loop.
class StepRunner : public QObject {
    Q_OBJECT
public:
    explicit StepRunner(QObject* parent = nullptr);

    /// Runs `commands`; exactly one finished() follows (never from inside run() or cancel()). A
    /// step still running is ended first, without a finished() for it.
    void run(const QList<Command>& commands);
    /// Ends the running command (and its process tree) and runs no further command; finished()
    /// reports cancelled. Works at any moment, also right after run(); does nothing when idle.
    void cancel();
    /// True from run() until finished() was emitted.
    bool isRunning() const { return m_running; }

signals:
    /// run() was called (before its first command starts).
    void started();
    void commandStarted(const QString& display);
    void line(const QString& text, bool stderr);
    /// Progress: `done` of `total` commands finished.
    void progress(int done, int total);
    void finished(const StepResult& result);
    /// The same result again, right after every receiver of finished() has run: for a controller
    /// that acts on a step's end (starts the next one) after the views have shown it.
    void ended(const StepResult& result);

private:
    void next();

    CommandRunner m_runner;
    QList<Command> m_commands;
    int m_index = 0;
    bool m_running = false;
    bool m_cancelRequested = false;
    QString m_log;
    QByteArray m_previousStdout;
};

} // namespace setup

Q_DECLARE_METATYPE(setup::StepResult)
