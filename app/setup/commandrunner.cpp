#include "app/setup/commandrunner.h"

#include "app/process/shellquote.h"

namespace setup {

namespace {

QString seconds(int ms)
{
    return QString::number(ms / 1000.0, 'g', 3);
}

} // namespace

QString Command::display() const
{
    return proc::shellCommandLine(program, arguments);
}

CommandRunner::CommandRunner(QObject* parent)
    : QObject(parent)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (!m_process.isRunning())
            return;
        m_timedOut = true;
        m_process.terminate();
    });
    connect(&m_process, &proc::ProcessRunner::readyReadStandardOutput, this, [this] { readOutput(false); });
    connect(&m_process, &proc::ProcessRunner::readyReadStandardError, this, [this] { readOutput(false); });
    connect(&m_process, &proc::ProcessRunner::failedToStart, this, [this] {
        complete(m_cancelled ? Outcome::Cancelled : Outcome::NotStarted, -1,
                 tr("%1: not found on PATH or not executable").arg(m_command.program));
    });
    connect(&m_process, &proc::ProcessRunner::finished, this, [this](int code, QProcess::ExitStatus status) {
        readOutput(true);
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
}

CommandRunner::~CommandRunner()
{
    stopNow();
}

void CommandRunner::drain(bool stderr, QByteArray& buffer, bool final)
{
    qsizetype nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
        QString text = QString::fromUtf8(buffer.left(nl));
        if (text.endsWith(QLatin1Char('\r')))
            text.chop(1);
        buffer.remove(0, nl + 1);
        m_output += text + QLatin1Char('\n');
        emit line(text, stderr);
    }
    if (final && !buffer.isEmpty()) {
        const QString text = QString::fromUtf8(buffer);
        buffer.clear();
        m_output += text + QLatin1Char('\n');
        emit line(text, stderr);
    }
}

void CommandRunner::readOutput(bool final)
{
    const QByteArray out = m_process.readAllStandardOutput();
    m_stdoutAll += out;
    m_stdout += out;
    m_stderr += m_process.readAllStandardError();
    drain(false, m_stdout, final);
    drain(true, m_stderr, final);
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
    m_active = true;

    proc::ProcessSpec spec;
    spec.program = command.program;
    spec.arguments = command.arguments;
    spec.input = command.input;
    m_process.start(spec);
    if (!m_process.isRunning()) // it failed to start right away
        return;
    if (command.timeoutMs > 0)
        m_timeout.start(command.timeoutMs);
}

void CommandRunner::complete(Outcome outcome, int exitCode, const QString& error)
{
    m_timeout.stop();
    m_outcome = outcome;
    const bool cancelled = outcome == Outcome::Cancelled;
    // Queued: never from inside start(), cancel() or a process signal, so the receiver may start
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
    if (!m_process.isRunning() || m_cancelled)
        return;
    m_cancelled = true;
    m_process.terminate();
}

void CommandRunner::stopNow()
{
    m_timeout.stop();
    m_active = false;
    ++m_generation;
    m_process.abandon();
}

} // namespace setup
