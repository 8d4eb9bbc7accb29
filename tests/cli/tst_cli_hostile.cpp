// Hostile files through the real binary, as a user runs it (tests/support/cli.h): an alias bomb,
// nesting 20,000 deep (flow and block), 100 MiB and bytes that are not UTF-8 given to
// `sparkdeck --normalize`, `lint`, `fmt` and `submit` (no cluster needed: the file is refused
// before anything is sent). Each ends with its message (FILE:LINE:COLUMN: when the place is known)
// and the exit code of its command's conventions: --normalize 1, lint 1 for a YAML finding and 2
// for a file it cannot read, fmt and submit 2. The deadline given to each run (60 s; they normally
// take well under a second) only keeps a regression from hanging the suite: nothing is timed.

#include "tests/support/cli.h"
#include "tests/support/hostileyaml.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr int kDeadlineMs = 60'000;

CliResult run(const QStringList& args)
{
    // No cluster: a kubeconfig that does not exist, so nothing could be sent anywhere.
    return runCli(args, {}, {{QStringLiteral("KUBECONFIG"), QStringLiteral("/nonexistent/sparkdeck-hostile-kubeconfig")}},
                  kDeadlineMs);
}

} // namespace

class TestCliHostile : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    QString write(const QString& name, const QByteArray& bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
            return {};
        return path;
    }

private slots:
    void each_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("place");  // after the file name
        QTest::addColumn<QString>("says");
        QTest::addColumn<int>("normalizeExit");
        QTest::addColumn<int>("lintExit");
        QVERIFY(m_dir.isValid());
        QTest::newRow("alias bomb") << write(QStringLiteral("bomb.yaml"), hostile::aliasBomb()) << ":8:" << "alias bomb" << 1 << 1;
        QTest::newRow("deep flow") << write(QStringLiteral("flow.yaml"), hostile::deepFlow()) << ":5:"
                                   << "nested more than 256 levels" << 1 << 1;
        QTest::newRow("deep block") << write(QStringLiteral("block.yaml"), hostile::deepBlock()) << ":6:"
                                    << "nested more than 256 levels" << 1 << 1;
        QTest::newRow("not UTF-8") << write(QStringLiteral("latin1.yaml"), hostile::notUtf8()) << ":6:12: "
                                   << "is not UTF-8" << 1 << 2;
        const QString huge = m_dir.filePath(QStringLiteral("huge.yaml"));
        QVERIFY(hostile::writeHugeFile(huge));
        QTest::newRow("100 MiB") << huge << ": " << "100.0 MiB, more than 4.0 MiB" << 1 << 2;
    }

    void each()
    {
        QFETCH(QString, file);
        QFETCH(QString, place);
        QFETCH(QString, says);
        QFETCH(int, normalizeExit);
        QFETCH(int, lintExit);
        QVERIFY(!file.isEmpty());

        const CliResult normalize = run({QStringLiteral("--normalize"), file});
        QVERIFY2(normalize.exitCode == normalizeExit, describe(normalize));
        QVERIFY2(normalize.out.isEmpty(), describe(normalize));
        QVERIFY2(normalize.err.startsWith(file + place) && normalize.err.contains(says), describe(normalize));

        const CliResult lint = run({QStringLiteral("lint"), file});
        QVERIFY2(lint.exitCode == lintExit, describe(lint));
        QVERIFY2((lint.out + lint.err).contains(file + place) || (lint.out + lint.err).contains(file + QLatin1Char(':')),
                 describe(lint));
        QVERIFY2((lint.out + lint.err).contains(says), describe(lint));

        const CliResult fmt = run({QStringLiteral("fmt"), file});
        QVERIFY2(fmt.exitCode == 2, describe(fmt));
        QVERIFY2(fmt.out.isEmpty() && fmt.err.contains(says), describe(fmt));

        const CliResult submit = run({QStringLiteral("submit"), file});
        QVERIFY2(submit.exitCode == 2, describe(submit));
        QVERIFY2(submit.err.startsWith(QStringLiteral("error: ")) && submit.err.contains(says), describe(submit));
        QVERIFY2(!submit.err.contains(QLatin1String("kubeconfig")), describe(submit));
    }

    // From standard input the limit holds as well: read up to it, and no further.
    void hugeStandardInput()
    {
        const QByteArray huge = hostile::kHead + "# " + QByteArray(6 * 1024 * 1024, 'x') + "\n";
        const CliResult lint = runCli({QStringLiteral("lint"), QStringLiteral("-")}, huge, {}, kDeadlineMs);
        QVERIFY2(lint.exitCode == 2, describe(lint));
        QVERIFY2(lint.err.contains(QLatin1String("error: cannot read <stdin>: the text is more than 4.0 MiB")), describe(lint));
    }
};

QTEST_GUILESS_MAIN(TestCliHostile)
#include "tst_cli_hostile.moc"
