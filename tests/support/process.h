#pragma once

// Runs a program with an argument list (no shell) and collects what it printed: the tests' way to
// ask kubectl and the cluster scripts for the truth.

#include <QDeadlineTimer>
#include <QProcess>
#include <QTest>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <functional>

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

/// Whether a nonzero exit of a command is a test failure.
enum class Exit {
    MustSucceed, ///< a nonzero exit (or none) records a test failure naming the command and its stderr
    MayFail,     ///< the caller looks at exitCode itself (an expected NotFound, a best-effort cleanup)
};

/// runProcess(), and with Exit::MustSucceed a nonzero exit records a failure of the current test
/// (QTest::qFail; the test function goes on, so check QTest::currentTestFailed() or the result
/// where it matters).
inline ProcessResult runChecked(const QString& program, const QStringList& args, Exit exit = Exit::MustSucceed,
                                int timeoutMs = 30000)
{
    ProcessResult r = runProcess(program, args, timeoutMs);
    if (exit == Exit::MustSucceed && r.exitCode != 0) {
        const QString what = QStringLiteral("%1 %2 exited with %3: %4")
                                 .arg(program, args.join(QLatin1Char(' ')))
                                 .arg(r.exitCode)
                                 .arg(r.err.trimmed());
        QTest::qFail(qPrintable(what), __FILE__, __LINE__);
    }
    return r;
}

/// Evaluates `condition` (one that runs a program, such as a kubectl read) every `intervalMs`,
/// with the event loop running in between, until it holds or `timeoutMs` have passed; whether it
/// held. For conditions too costly for QTRY_*'s 50 ms polling.
inline bool pollEvery(int intervalMs, int timeoutMs, const std::function<bool()>& condition)
{
    const QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        if (condition())
            return true;
        if (deadline.hasExpired())
            return false;
        QTest::qWait(int(std::min<qint64>(intervalMs, deadline.remainingTime())));
    }
}
