#include "steprunner.h"

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
        if (cancelled || exitCode != 0) {
            m_running = false;
            StepResult r;
            r.cancelled = cancelled;
            r.failedCommand = command;
            r.exitCode = exitCode;
            r.output = m_log;
            if (!cancelled)
                r.explanation = explainFailure(command, m_runner.output() + error, exitCode);
            emit finished(r);
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
    emit progress(0, int(commands.size()));
    next();
}

void StepRunner::next()
{
    if (m_index >= m_commands.size()) {
        m_running = false;
        StepResult r;
        r.ok = true;
        r.output = m_log;
        emit finished(r);
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
    m_runner.cancel();
}

} // namespace setup
