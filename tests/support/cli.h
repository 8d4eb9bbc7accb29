#pragma once

// Runs the `sparkdeck` command line as a user's shell would: the binary CTest names in
// $SPARKDECK_CLI, an argument list, optional standard input, and no display at all (DISPLAY,
// WAYLAND_DISPLAY and QT_QPA_PLATFORM removed), so a command that touched widget code would fail.

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

struct CliResult {
    int exitCode = -1;  ///< -1 when it crashed or did not end within the timeout
    QString out;        ///< standard output (UTF-8)
    QString err;        ///< standard error (UTF-8)
};

/// The command line under test ($SPARKDECK_CLI; "sparkdeck" on PATH when unset).
inline QString cliProgram()
{
    const QString p = qEnvironmentVariable("SPARKDECK_CLI");
    return p.isEmpty() ? QStringLiteral("sparkdeck") : p;
}

/// Runs `cliProgram() args...` with `input` on standard input (closed at once when empty) and the
/// variables of `env` added to (or, for an empty value, removed from) the environment. Waits at most
/// `timeoutMs`; then the process is killed and exitCode is -1.
inline CliResult runCli(const QStringList& args, const QByteArray& input = {}, const QList<QPair<QString, QString>>& env = {},
                        int timeoutMs = 120'000, const QString& program = cliProgram())
{
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const char* v : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "NO_COLOR"})
        e.remove(QString::fromLatin1(v));
    for (const auto& [name, value] : env) {
        if (value.isEmpty())
            e.remove(name);
        else
            e.insert(name, value);
    }
    QProcess p;
    p.setProcessEnvironment(e);
    p.start(program, args);
    CliResult r;
    if (!p.waitForStarted(10'000)) {
        r.err = QStringLiteral("%1 did not start: %2").arg(program, p.errorString());
        return r;
    }
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(2000);
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError()) + QStringLiteral("\n[did not end within %1 ms]").arg(timeoutMs);
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

/// "exit N\nstdout:...\nstderr:..." for failure messages.
inline QByteArray describe(const CliResult& r)
{
    return QStringLiteral("exit %1\n--- stdout:\n%2\n--- stderr:\n%3").arg(r.exitCode).arg(r.out, r.err).toUtf8();
}
