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
            m_running = false;
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
            emit finished(r);
            emit ended(r);
            return;
        }
        m_previousStdout = m_runner.standardOutput();
        ++m_index;
        emit progress(m_index, int(m_commands.size()));
        next();
    });
}

void StepRunner::run(const QList<Command>& commands)
{
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
        m_running = false;
        StepResult r;
        r.cancelled = m_cancelRequested;
        r.ok = !r.cancelled;
        r.outcome = r.cancelled ? Outcome::Cancelled : Outcome::Succeeded;
        r.output = m_log;
        emit finished(r);
        emit ended(r);
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
