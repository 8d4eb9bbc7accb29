// proc::ProcessRunner and proc::shellQuote: output and exit codes, a missing program, terminate()
// and abandon() returning at once while the child ignores SIGTERM (the group is killed after the
// grace period), grandchildren ended with their group, and nothing left unreaped.

#include "app/process/processrunner.h"
#include "app/process/shellquote.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <sys/types.h>

using proc::ProcessRunner;
using proc::ProcessSpec;

namespace {
bool alive(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), 0) == 0;
}

ProcessSpec spec(const QString& program, const QStringList& arguments = {}, const QByteArray& input = {})
{
    ProcessSpec s;
    s.program = program;
    s.arguments = arguments;
    s.input = input;
    return s;
}

// A shell that ignores TERM (so do its children) and prints its own pid and its child's.
ProcessSpec stubborn()
{
    return spec(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("trap '' TERM; sleep 600 & echo $$ $!; wait")});
}

QList<qint64> pids(const QByteArray& line)
{
    QList<qint64> out;
    for (const QByteArray& word : line.trimmed().split(' '))
        out << word.toLongLong();
    return out;
}

// What a runner printed on stdout, and its finished() signals.
struct Watched {
    explicit Watched(ProcessRunner& r)
        : runner(r)
        , finished(&r, &ProcessRunner::finished)
    {
        QObject::connect(&r, &ProcessRunner::readyReadStandardOutput, &r, [this] { out += runner.readAllStandardOutput(); });
    }
    /// Starts stubborn() and returns the two pids it printed (none when it printed nothing in time).
    QList<qint64> startStubborn()
    {
        out.clear();
        runner.start(stubborn());
        if (!QTest::qWaitFor([this] { return out.contains('\n'); }, 5000))
            return {};
        return pids(out);
    }
    ProcessRunner& runner;
    QSignalSpy finished;
    QByteArray out;
};

} // namespace

class TestProcessRunner : public QObject {
    Q_OBJECT
private slots:
    void runsAndReportsOutputAndExitCode()
    {
        ProcessRunner runner;
        Watched watched(runner);
        QSignalSpy& finished = watched.finished;
        QByteArray& out = watched.out;
        runner.start(spec(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("cat; exit 3")}, QByteArray("hello\n")));
        QVERIFY(runner.isRunning());
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toInt(), 3);
        QCOMPARE(finished.at(0).at(1).value<QProcess::ExitStatus>(), QProcess::NormalExit);
        QCOMPARE(out, QByteArray("hello\n"));
        QVERIFY(!runner.isRunning());
    }

    void aMissingProgramFailsToStart()
    {
        ProcessRunner runner;
        QSignalSpy failed(&runner, &ProcessRunner::failedToStart);
        QSignalSpy finished(&runner, &ProcessRunner::finished);
        runner.start(spec(QStringLiteral("sparkdeck-no-such-tool")));
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY(!runner.isRunning());
        QTest::qWait(100); // bounded: finished() must not follow failedToStart()
        QCOMPARE(finished.size(), 0);
    }

    void terminateReturnsAtOnceAndKillsTheGroupLater()
    {
        ProcessRunner runner;
        Watched watched(runner);
        QSignalSpy& finished = watched.finished;
        const QList<qint64> tree = watched.startStubborn();
        QCOMPARE(tree.size(), 2);
        QCOMPARE(runner.processId(), tree[0]);
        QElapsedTimer clock;
        clock.start();
        runner.terminate(500);
        QVERIFY2(clock.elapsed() < 100, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(runner.isRunning());
        QVERIFY(runner.isTerminating());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QVERIFY(clock.elapsed() >= 500); // TERM was ignored; KILL came after the grace period
        QCOMPARE(finished.at(0).at(1).value<QProcess::ExitStatus>(), QProcess::CrashExit);
        QTRY_VERIFY(!alive(tree[0]) && !alive(tree[1])); // the grandchild went with its group
    }

    void abandonAndDestroyReturnAtOnce()
    {
        auto* runner = new ProcessRunner;
        Watched watched(*runner);
        QSignalSpy& finished = watched.finished;
        QList<qint64> tree = watched.startStubborn();
        QCOMPARE(tree.size(), 2);
        QElapsedTimer clock;
        clock.start();
        runner->abandon(500);
        QVERIFY2(clock.elapsed() < 100, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(!runner->isRunning());
        QVERIFY(alive(tree[0])); // still ending in the background
        QTRY_VERIFY_WITH_TIMEOUT(!alive(tree[0]) && !alive(tree[1]), 10000);
        QCOMPARE(finished.size(), 0); // an abandoned process reports nothing

        tree = watched.startStubborn();
        QCOMPARE(tree.size(), 2);
        clock.restart();
        delete runner;
        QVERIFY2(clock.elapsed() < 100, qPrintable(QString::number(clock.elapsed())));
        QTRY_VERIFY_WITH_TIMEOUT(!alive(tree[0]) && !alive(tree[1]), 10000);
    }

    void whenAbandonedEndedWaitsForTheGracePeriod()
    {
        // Nothing abandoned: at once (from the event loop).
        bool called = false;
        ProcessRunner::whenAbandonedEnded(this, [&] { called = true; });
        QVERIFY(!called);
        QTRY_VERIFY(called);

        auto* runner = new ProcessRunner;
        Watched watched(*runner);
        const QList<qint64> tree = watched.startStubborn();
        QCOMPARE(tree.size(), 2);
        QElapsedTimer clock;
        clock.start();
        runner->abandon(500);
        called = false;
        ProcessRunner::whenAbandonedEnded(this, [&] { called = true; });
        QTRY_VERIFY_WITH_TIMEOUT(called, 10000);
        QVERIFY(clock.elapsed() >= 500); // TERM was ignored: only KILL after the grace period ended it
        QVERIFY(!alive(tree[0]));
        delete runner;
    }

    void startingAgainAbandonsTheRunningOne()
    {
        ProcessRunner runner;
        Watched watched(runner);
        QSignalSpy& finished = watched.finished;
        const QList<qint64> tree = watched.startStubborn();
        QCOMPARE(tree.size(), 2);
        QElapsedTimer clock;
        clock.start();
        runner.start(spec(QStringLiteral("true")));
        QVERIFY2(clock.elapsed() < 100, qPrintable(QString::number(clock.elapsed())));
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toInt(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!alive(tree[0]) && !alive(tree[1]), 10000);
    }

    void whatTheChildLeavesIsEnded()
    {
        ProcessRunner runner;
        Watched watched(runner);
        QSignalSpy& finished = watched.finished;
        QByteArray& out = watched.out;
        runner.start(spec(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("sleep 600 & echo $!")}));
        QTRY_COMPARE(finished.size(), 1);
        const qint64 left = out.trimmed().toLongLong();
        QVERIFY(left > 0);
        QTRY_VERIFY(!alive(left));
    }

    void shellQuoting_data()
    {
        QTest::addColumn<QString>("argument");
        QTest::addColumn<QString>("quoted");
        QTest::newRow("plain") << QStringLiteral("get") << QStringLiteral("get");
        QTest::newRow("flag=value") << QStringLiteral("--context=kind-spark") << QStringLiteral("--context=kind-spark");
        QTest::newRow("path") << QStringLiteral("/home/me/.kube/config") << QStringLiteral("/home/me/.kube/config");
        QTest::newRow("empty") << QString() << QStringLiteral("''");
        QTest::newRow("space") << QStringLiteral("/path/with space") << QStringLiteral("'/path/with space'");
        QTest::newRow("single quote") << QStringLiteral("it's") << QStringLiteral("'it'\\''s'");
        QTest::newRow("double quote") << QStringLiteral("say \"hi\"") << QStringLiteral("'say \"hi\"'");
        QTest::newRow("dollar") << QStringLiteral("$HOME") << QStringLiteral("'$HOME'");
        QTest::newRow("backtick") << QStringLiteral("`id`") << QStringLiteral("'`id`'");
        QTest::newRow("braces") << QStringLiteral("{a,b}") << QStringLiteral("'{a,b}'");
        QTest::newRow("glob") << QStringLiteral("*.yaml") << QStringLiteral("'*.yaml'");
        QTest::newRow("tilde") << QStringLiteral("~/x") << QStringLiteral("'~/x'");
        QTest::newRow("newline") << QStringLiteral("a\nb") << QStringLiteral("'a\nb'");
        QTest::newRow("non-ascii") << QStringLiteral("café") << QStringLiteral("'café'");
    }

    void shellQuoting()
    {
        QFETCH(QString, argument);
        QFETCH(QString, quoted);
        QCOMPARE(proc::shellQuote(argument), quoted);
        // A POSIX shell reads it back as the one word it was.
        ProcessRunner runner;
        Watched watched(runner);
        QSignalSpy& finished = watched.finished;
        QByteArray& out = watched.out;
        runner.start(spec(QStringLiteral("sh"),
                                 {QStringLiteral("-c"), QStringLiteral("printf '%s|' ") + proc::shellQuote(argument) + QStringLiteral(" x")}));
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(QString::fromUtf8(out), argument + QStringLiteral("|x|"));
    }

    void commandLine()
    {
        QCOMPARE(proc::shellCommandLine(QStringLiteral("kubectl"),
                                        {QStringLiteral("--kubeconfig"), QStringLiteral("/path/with space"), QString(), QStringLiteral("get")}),
                 QStringLiteral("kubectl --kubeconfig '/path/with space' '' get"));
    }
};

QTEST_GUILESS_MAIN(TestProcessRunner)
#include "tst_processrunner.moc"
