#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QProcess>
#include <QStringList>

namespace setup {

/// One external command: a program and its argument list (never a shell string).
struct Command {
    QString program;          ///< "kind", "helm", "kubectl", "docker" (found on PATH)
    QStringList arguments;
    QByteArray input;         ///< written to stdin, then stdin is closed
    bool pipeFromPrevious = false; ///< stdin = the previous command's standard output (a | b)
    QString display() const;  ///< "kind create cluster --name spark" for the log panel
};

/// Runs one Command at a time with QProcess, streams its output line by line, and can cancel it:
/// the child runs in its own process group (setsid), so cancel() ends the whole tree (TERM, then
/// KILL after 3 s) and nothing is left behind.
class CommandRunner : public QObject {
    Q_OBJECT
public:
    explicit CommandRunner(QObject* parent = nullptr);
    ~CommandRunner() override;

    /// Starts `command`; finished() follows (also when the program cannot be started: exit code -1).
    void start(const Command& command);
    /// Ends the running command and every process it started.
    void cancel();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    /// All output of the last command (stdout and stderr interleaved).
    QString output() const { return m_output; }
    /// The last command's standard output only.
    QByteArray standardOutput() const { return m_stdoutAll; }

signals:
    /// A line of output (without the newline); `stderr` tells which stream.
    void line(const QString& text, bool stderr);
    /// The command ended: its exit code (-1 when it could not start or was killed), whether it was
    /// cancelled, and `error` for a failed start ("kind: not found on PATH").
    void finished(int exitCode, bool cancelled, const QString& error);

private:
    void drain(QProcess::ProcessChannel channel, QByteArray& buffer, bool final);

    QProcess m_process;
    QByteArray m_stdout;
    QByteArray m_stderr;
    QString m_output;
    QByteArray m_stdoutAll;
    bool m_cancelled = false;
    QString m_program;
};

} // namespace setup
