#include "app/setup/steprunner.h"

namespace setup {

StepRunner::StepRunner(QObject* parent)
    : QObject(parent)
{
    connect(&m_runner, &CommandRunner::line, this, [this](const QString& text, bool stderr) {
        m_log += text + QLatin1Char('\n');
        emit line(text, stderr);
    });
    connect(&m_runner, &CommandRunner::finished, this, [this](int exitCode, bool cancelled, const QString& error) {
        if (!error.isEmpty()) {
            m_log += error + QLatin1Char('\n');
            emit line(error, true);
        }
        const Command& command = m_commands.at(m_index);
        const Outcome outcome = m_runner.outcome();
        // A command that ended on its own just as cancel() came still ends the step.
        cancelled = cancelled || m_cancelRequested;
        if (cancelled || exitCode != 0 || outcome != Outcome::Succeeded) {
            StepResult r;
            r.cancelled = cancelled;
            r.outcome = cancelled ? Outcome::Cancelled : outcome;
            r.failedCommand = command;
            r.exitCode = exitCode;
            r.output = m_log;
            if (r.outcome == Outcome::TimedOut)
                r.explanation = explainTimeout(command);
            else if (!cancelled)
                r.explanation = explainFailure(command, m_runner.output() + error, exitCode);
            complete(r);
            return;
        }
        m_previousStdout = m_runner.standardOutput();
        ++m_index;
        emit progress(m_index, int(m_commands.size()));
        next();
    });
}

QString formatElapsed(qint64 ms)
{
    ms = qMax<qint64>(0, ms);
    if (ms < 10'000)
        return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    const qint64 s = ms / 1000;
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 h %2 min").arg(s / 3600).arg(s % 3600 / 60, 2, 10, QLatin1Char('0'));
}

qint64 StepRunner::elapsedMs() const
{
    return m_elapsedBefore + (m_clock.isValid() ? m_clock.elapsed() : 0);
}

void StepRunner::complete(StepResult r)
{
    m_running = false;
    if (m_clock.isValid())
        m_elapsedBefore += m_clock.elapsed();
    m_clock.invalidate();
    r.elapsedMs = m_elapsedBefore;
    emit finished(r);
    emit ended(r);
}

void StepRunner::run(const QList<Command>& commands, bool continueClock)
{
    if (!continueClock || !m_hasRun)
        m_elapsedBefore = 0;
    else if (m_clock.isValid()) // a run still going: its time so far counts
        m_elapsedBefore += m_clock.elapsed();
    m_clock.start();
    m_hasRun = true;
    m_commands = commands;
    m_index = 0;
    m_log.clear();
    m_previousStdout.clear();
    m_running = true;
    m_cancelRequested = false;
    emit started();
    emit progress(0, int(commands.size()));
    if (commands.isEmpty()) {
        // Nothing to run: report from the event loop all the same.
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (m_running && m_commands.isEmpty())
                    next();
            },
            Qt::QueuedConnection);
        return;
    }
    next();
}

void StepRunner::next()
{
    if (m_index >= m_commands.size()) {
        StepResult r;
        r.cancelled = m_cancelRequested;
        r.ok = !r.cancelled;
        r.outcome = r.cancelled ? Outcome::Cancelled : Outcome::Succeeded;
        r.output = m_log;
        complete(r);
        return;
    }
    Command command = m_commands.at(m_index);
    if (command.pipeFromPrevious)
        command.input = m_previousStdout;
    const QString shown = QStringLiteral("$ ") + command.display() + (command.pipeFromPrevious ? QStringLiteral("  (input: the YAML above)") : QString());
    m_log += shown + QLatin1Char('\n');
    emit commandStarted(shown);
    m_runner.start(command);
}

void StepRunner::cancel()
{
    if (!m_running)
        return;
    m_cancelRequested = true;
    m_runner.cancel();
}

} // namespace setup
