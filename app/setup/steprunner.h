#pragma once

#include "app/setup/commandrunner.h"
#include "app/setup/setupplan.h"

#include <QElapsedTimer>

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
    qint64 elapsedMs = 0;   ///< how long the step ran (StepRunner::elapsedMs() when it ended)
};

/// `ms` milliseconds as the wizard shows a step's time: "0.4 s", "12 s", "2 min 05 s", "1 h 02 min".
QString formatElapsed(qint64 ms);

/// Runs a step's commands one after the other (stopping at the first failure), streaming what
/// runs and what it prints; a command with pipeFromPrevious reads the previous one's stdout.
/// Signals come on the thread that owns the runner, from the event loop.
class StepRunner : public QObject {
    Q_OBJECT
public:
    explicit StepRunner(QObject* parent = nullptr);

    /// Runs `commands`; exactly one finished() follows (never from inside run() or cancel()). A
    /// step still running is ended first, without a finished() for it. The step's clock starts
    /// from zero, or with `continueClock` goes on from the time of the previous run (for a step
    /// made of several runs, such as the prerequisite checks one after the other).
    void run(const QList<Command>& commands, bool continueClock = false);
    /// Ends the running command (and its process tree) and runs no further command; finished()
    /// reports cancelled. Works at any moment, also right after run(); does nothing when idle.
    void cancel();
    /// True from run() until finished() was emitted.
    bool isRunning() const { return m_running; }
    /// How long the step has run, in ms: growing while it runs, then the time of its last run
    /// (with the runs it continued); 0 before the first run.
    qint64 elapsedMs() const;
    /// True once run() was called.
    bool hasRun() const { return m_hasRun; }
    /// The command running now (valid from its commandStarted() until the next command starts or
    /// the step ends), or nullptr when none runs.
    const Command* currentCommand() const { return m_running && m_index < m_commands.size() ? &m_commands.at(m_index) : nullptr; }

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
    /// Stops the clock and ends the step with `result` (finished(), then ended()).
    void complete(StepResult result);

    CommandRunner m_runner;
    QList<Command> m_commands;
    int m_index = 0;
    bool m_running = false;
    bool m_cancelRequested = false;
    QString m_log;
    QByteArray m_previousStdout;
    QElapsedTimer m_clock;     ///< valid while running
    qint64 m_elapsedBefore = 0; ///< ms of the runs this one continues, or of the last run
    bool m_hasRun = false;
};

} // namespace setup

Q_DECLARE_METATYPE(setup::StepResult)
