#include "app/setup/commandrunner.h"

#include <cerrno>
#include <csignal>
#include <unistd.h>

namespace setup {

namespace {

/// Sends `signal` to the process group `pid` leads; before the child has called setsid() (it was
/// just forked) there is no such group yet, so the child itself gets it.
void signalTree(qint64 pid, int signal)
{
    if (pid <= 0)
        return;
    if (::kill(-pid_t(pid), signal) != 0 && errno == ESRCH)
        ::kill(pid_t(pid), signal);
}

QString seconds(int ms)
{
    return QString::number(ms / 1000.0, 'g', 3);
}

} // namespace

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
    m_timeout.setSingleShot(true);
    m_kill.setSingleShot(true);
    m_kill.setInterval(3000);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (!m_process)
            return;
        m_timedOut = true;
        signalTree(m_process->processId(), SIGTERM);
        m_kill.start();
    });
    connect(&m_kill, &QTimer::timeout, this, [this] {
        if (m_process)
            signalTree(m_process->processId(), SIGKILL);
    });
}

CommandRunner::~CommandRunner()
{
    stopNow();
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

void CommandRunner::readOutput(bool final)
{
    QProcess* process = m_process;
    if (!process)
        return;
    const QByteArray out = process->readAllStandardOutput();
    m_stdoutAll += out;
    m_stdout += out;
    m_stderr += process->readAllStandardError();
    drain(QProcess::StandardOutput, m_stdout, final);
    drain(QProcess::StandardError, m_stderr, final);
}

void CommandRunner::start(const Command& command)
{
    stopNow();
    m_command = command;
    m_output.clear();
    m_stdoutAll.clear();
    m_stdout.clear();
    m_stderr.clear();
    m_cancelled = false;
    m_timedOut = false;
    m_pid = 0;
    m_active = true;

    auto* process = new QProcess(this);
    m_process = process;
    // Its own session and process group, so cancel() reaches grandchildren too.
    process->setChildProcessModifier([] { ::setsid(); });
    connect(process, &QProcess::started, this, [this, process] { m_pid = process->processId(); });
    connect(process, &QProcess::readyReadStandardOutput, this, [this] { readOutput(false); });
    connect(process, &QProcess::readyReadStandardError, this, [this] { readOutput(false); });
    connect(process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        // QProcess goes on with its own clean-up (reaping the child) after this signal, so
        // complete() only reports from the event loop. Other errors are followed by finished().
        if (error == QProcess::FailedToStart)
            complete(m_cancelled ? Outcome::Cancelled : Outcome::NotStarted, -1,
                     tr("%1: not found on PATH or not executable").arg(m_command.program));
    });
    connect(process, &QProcess::finished, this, [this, process](int code, QProcess::ExitStatus status) {
        readOutput(true);
        // The command has exited and was reaped: end whatever it left running in its group.
        signalTree(m_pid ? m_pid : process->processId(), SIGKILL);
        if (m_cancelled)
            complete(Outcome::Cancelled, status == QProcess::NormalExit ? code : -1, {});
        else if (m_timedOut)
            complete(Outcome::TimedOut, -1,
                     tr("%1 did not finish within %2 s and was stopped.").arg(m_command.display(), seconds(m_command.timeoutMs)));
        else if (status != QProcess::NormalExit)
            complete(Outcome::Failed, -1, tr("%1 was ended by signal %2.").arg(m_command.program).arg(code));
        else
            complete(code == 0 ? Outcome::Succeeded : Outcome::Failed, code, {});
    });

    process->start(command.program, command.arguments);
    if (m_process != process) // it failed to start right away
        return;
    if (!command.input.isEmpty())
        process->write(command.input); // buffered until the child runs
    process->closeWriteChannel();      // after the input is written
    if (command.timeoutMs > 0)
        m_timeout.start(command.timeoutMs);
}

void CommandRunner::complete(Outcome outcome, int exitCode, const QString& error)
{
    m_timeout.stop();
    m_kill.stop();
    if (QProcess* process = std::exchange(m_process, nullptr)) {
        process->disconnect(this);
        process->deleteLater();
    }
    m_pid = 0;
    m_outcome = outcome;
    const bool cancelled = outcome == Outcome::Cancelled;
    // Queued: never from inside start(), cancel() or a QProcess signal, so the receiver may start
    // the next command right away.
    QMetaObject::invokeMethod(
        this,
        [this, exitCode, cancelled, error, generation = m_generation] {
            if (generation != m_generation || !m_active)
                return; // start() or stopNow() came first
            m_active = false;
            emit finished(exitCode, cancelled, error);
        },
        Qt::QueuedConnection);
}

void CommandRunner::cancel()
{
    if (!m_process || m_cancelled)
        return;
    m_cancelled = true;
    // Until exec the child has no process group of its own; this wait is short. A failed start
    // is reported from here (complete() clears m_process).
    if (m_process->state() == QProcess::Starting)
        m_process->waitForStarted(2000);
    if (!m_process)
        return;
    signalTree(m_process->processId(), SIGTERM);
    m_kill.start();
}

void CommandRunner::stopNow()
{
    m_timeout.stop();
    m_kill.stop();
    m_active = false;
    ++m_generation;
    QProcess* process = std::exchange(m_process, nullptr);
    if (!process)
        return;
    process->disconnect(this);
    if (process->state() == QProcess::Starting)
        process->waitForStarted(2000);
    const qint64 pid = process->processId();
    if (process->state() != QProcess::NotRunning) {
        signalTree(pid, SIGTERM);
        if (!process->waitForFinished(3000)) {
            signalTree(pid, SIGKILL);
            process->waitForFinished(2000);
        }
    }
    signalTree(pid ? pid : m_pid, SIGKILL);
    m_pid = 0;
    process->deleteLater();
}

} // namespace setup
