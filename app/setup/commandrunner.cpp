#include "commandrunner.h"

#include <QTimer>

#include <csignal>
#include <unistd.h>

namespace setup {

QString Command::display() const
{
    QStringList parts{program};
    for (const QString& a : arguments)
        parts << (a.contains(QLatin1Char(' ')) || a.isEmpty() ? QLatin1Char('\'') + a + QLatin1Char('\'') : a);
    return parts.join(QLatin1Char(' '));
}

CommandRunner::CommandRunner(QObject* parent)
    : QObject(parent)
{
    // Its own session and process group, so cancel() reaches grandchildren too.
    m_process.setChildProcessModifier([] { ::setsid(); });
    connect(&m_process, &QProcess::readyReadStandardOutput, this, [this] {
        const QByteArray chunk = m_process.readAllStandardOutput();
        m_stdoutAll += chunk;
        m_stdout += chunk;
        drain(QProcess::StandardOutput, m_stdout, false);
    });
    connect(&m_process, &QProcess::readyReadStandardError, this, [this] {
        m_stderr += m_process.readAllStandardError();
        drain(QProcess::StandardError, m_stderr, false);
    });
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            emit finished(-1, false, tr("%1: not found on PATH or not executable").arg(m_program));
    });
    connect(&m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        const QByteArray rest = m_process.readAllStandardOutput();
        m_stdoutAll += rest;
        m_stdout += rest;
        m_stderr += m_process.readAllStandardError();
        drain(QProcess::StandardOutput, m_stdout, true);
        drain(QProcess::StandardError, m_stderr, true);
        emit finished(status == QProcess::NormalExit ? code : -1, m_cancelled, {});
    });
}

CommandRunner::~CommandRunner()
{
    if (isRunning()) {
        m_process.disconnect(this);
        cancel();
    }
}

void CommandRunner::drain(QProcess::ProcessChannel channel, QByteArray& buffer, bool final)
{
    qsizetype nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
        QString text = QString::fromUtf8(buffer.left(nl));
        if (text.endsWith(QLatin1Char('\r')))
            text.chop(1);
        buffer.remove(0, nl + 1);
        m_output += text + QLatin1Char('\n');
        emit line(text, channel == QProcess::StandardError);
    }
    if (final && !buffer.isEmpty()) {
        const QString text = QString::fromUtf8(buffer);
        buffer.clear();
        m_output += text + QLatin1Char('\n');
        emit line(text, channel == QProcess::StandardError);
    }
}

void CommandRunner::start(const Command& command)
{
    m_cancelled = false;
    m_output.clear();
    m_stdoutAll.clear();
    m_stdout.clear();
    m_stderr.clear();
    m_program = command.program;
    m_process.start(command.program, command.arguments);
    if (!command.input.isEmpty() && m_process.waitForStarted(5000))
        m_process.write(command.input);
    m_process.closeWriteChannel();
}

void CommandRunner::cancel()
{
    if (!isRunning())
        return;
    m_cancelled = true;
    const qint64 pid = m_process.processId();
    if (pid > 0)
        ::kill(-pid_t(pid), SIGTERM);
    if (!m_process.waitForFinished(3000) && pid > 0) {
        ::kill(-pid_t(pid), SIGKILL);
        m_process.waitForFinished(2000);
    }
}

} // namespace setup
