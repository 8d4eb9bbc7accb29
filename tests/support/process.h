#pragma once

// Runs a program with an argument list (no shell) and collects what it printed: the tests' way to
// ask kubectl and the cluster scripts for the truth.

#include <QProcess>
#include <QString>
#include <QStringList>

struct ProcessResult {
    int exitCode = -1;  ///< -1 when it did not finish in time or crashed
    QString out;        ///< standard output
    QString err;        ///< standard error
};

/// Runs `program` with `args`, waiting at most `timeoutMs`.
inline ProcessResult runProcess(const QString& program, const QStringList& args, int timeoutMs = 30000)
{
    QProcess p;
    p.start(program, args);
    ProcessResult r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(2000);
        r.err = QStringLiteral("%1 did not finish in %2 ms").arg(program).arg(timeoutMs);
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}
