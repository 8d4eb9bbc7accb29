#include "app/process/processrunner.h"

#include "app/process/toolpath.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThread>
#include <QTimer>
#include <QVariant>

#include <cerrno>
#include <csignal>
#include <unistd.h>
#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

namespace proc {

namespace {

/// Keeps abandoned processes until they have ended and been reaped; lives as long as the
/// application (a child of the QCoreApplication, on its thread).
class Reaper : public QObject {
public:
    using QObject::QObject;
    ~Reaper() override
    {
        // The application ends: what is still running ends now (QProcess's destructor reaps it).
        for (QProcess* process : findChildren<QProcess*>(Qt::FindDirectChildrenOnly))
            ProcessRunner::signalGroup(process->property("sparkdeckPid").toLongLong(), SIGKILL);
    }

    static Reaper* instance()
    {
        static QPointer<Reaper> reaper;
        QCoreApplication* app = QCoreApplication::instance();
        if (!app || QThread::currentThread() != app->thread())
            return nullptr;
        if (!reaper)
            reaper = new Reaper(app);
        return reaper;
    }
};

} // namespace

void ProcessRunner::whenAbandonedEnded(QObject* receiver, std::function<void()> then)
{
    // Abandoned processes are the reaper's children until they have been reaped (and deleted).
    auto* poll = new QTimer(receiver);
    poll->setInterval(50);
    connect(poll, &QTimer::timeout, receiver, [poll, then = std::move(then)] {
        Reaper* reaper = Reaper::instance();
        if (reaper && !reaper->findChildren<QProcess*>(Qt::FindDirectChildrenOnly).isEmpty())
            return;
        poll->stop();
        poll->deleteLater();
        then();
    });
    poll->start(0);
}

void ProcessRunner::signalGroup(qint64 pid, int signal)
{
    if (pid <= 0)
        return;
    if (::kill(-pid_t(pid), signal) != 0 && errno == ESRCH)
        ::kill(pid_t(pid), signal);
}

ProcessRunner::ProcessRunner(QObject* parent)
    : QObject(parent)
    , m_kill(new QTimer(this))
{
    m_kill->setSingleShot(true);
    connect(m_kill, &QTimer::timeout, this, [this] {
        if (m_process)
            signalGroup(processId(), SIGKILL);
    });
}

ProcessRunner::~ProcessRunner()
{
    abandon();
}

qint64 ProcessRunner::processId() const
{
    return m_process ? m_process->property("sparkdeckPid").toLongLong() : 0;
}

QByteArray ProcessRunner::readAllStandardOutput()
{
    return m_process ? m_process->readAllStandardOutput() : QByteArray();
}

QByteArray ProcessRunner::readAllStandardError()
{
    return m_process ? m_process->readAllStandardError() : QByteArray();
}

void ProcessRunner::start(const ProcessSpec& spec)
{
    abandon();
    m_terminating = false;
    auto* process = new QProcess(this);
    m_process = process;
    if (spec.mergeChannels)
        process->setProcessChannelMode(QProcess::MergedChannels);
    // The tools SparkDeck downloaded (toolpath.h) are found after PATH, by SparkDeck and the child.
    process->setProcessEnvironment(environmentWithTools(spec.environment));
    const bool endWithParent = spec.endWithParent;
    // A session and process group of its own, so ending the group reaches grandchildren too.
    process->setChildProcessModifier([endWithParent] {
        ::setsid();
#ifdef Q_OS_LINUX
        if (endWithParent)
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);
#else
        Q_UNUSED(endWithParent);
#endif
    });
    connect(process, &QProcess::started, this, [this, process] {
        process->setProperty("sparkdeckPid", process->processId());
        emit started();
    });
    connect(process, &QProcess::readyReadStandardOutput, this, &ProcessRunner::readyReadStandardOutput);
    connect(process, &QProcess::readyReadStandardError, this, &ProcessRunner::readyReadStandardError);
    connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError error) {
        // Other errors are followed by finished().
        if (error != QProcess::FailedToStart || m_process != process)
            return;
        const QString why = process->errorString();
        release(process);
        emit failedToStart(why);
    });
    connect(process, &QProcess::finished, this, [this, process](int code, QProcess::ExitStatus status) {
        if (m_process != process)
            return;
        // Let the receiver read what is left before the process object goes.
        emit readyReadStandardOutput();
        emit readyReadStandardError();
        // The child has exited and was reaped: end whatever it left running in its group.
        signalGroup(process->property("sparkdeckPid").toLongLong(), SIGKILL);
        release(process);
        emit finished(code, status);
    });

    process->start(resolveProgram(spec.program), spec.arguments);
    if (m_process != process) // failed to start right away (failedToStart() was emitted)
        return;
    process->setProperty("sparkdeckPid", process->processId());
    if (!spec.input.isEmpty())
        process->write(spec.input); // buffered until the child runs
    process->closeWriteChannel();   // after the input is written
}

void ProcessRunner::release(QProcess* process)
{
    m_kill->stop();
    m_terminating = false;
    if (m_process == process)
        m_process = nullptr;
    process->disconnect(this);
    process->deleteLater();
}

void ProcessRunner::terminate(int graceMs)
{
    if (!m_process || m_terminating)
        return;
    m_terminating = true;
    signalGroup(processId(), SIGTERM);
    m_kill->start(graceMs);
}

void ProcessRunner::abandon(int graceMs)
{
    m_kill->stop();
    m_terminating = false;
    QProcess* process = std::exchange(m_process, nullptr);
    if (!process)
        return;
    process->disconnect(this);
    const qint64 pid = process->property("sparkdeckPid").toLongLong();
    Reaper* reaper = Reaper::instance();
    if (!reaper || process->thread() != reaper->thread()) {
        // No application to reap it later: end it now (SIGKILL ends it at once, so QProcess's
        // destructor does not wait long).
        signalGroup(pid, SIGKILL);
        delete process;
        return;
    }
    process->setParent(reaper);
    auto* kill = new QTimer(process);
    kill->setSingleShot(true);
    connect(kill, &QTimer::timeout, process, [process] {
        signalGroup(process->property("sparkdeckPid").toLongLong(), SIGKILL);
    });
    connect(process, &QProcess::finished, process, [process] {
        signalGroup(process->property("sparkdeckPid").toLongLong(), SIGKILL);
        process->deleteLater();
    });
    connect(process, &QProcess::errorOccurred, process, [process](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            process->deleteLater();
    });
    if (process->state() == QProcess::NotRunning) {
        signalGroup(pid, SIGKILL);
        process->deleteLater();
        return;
    }
    signalGroup(pid, SIGTERM);
    kill->start(graceMs);
}

} // namespace proc
