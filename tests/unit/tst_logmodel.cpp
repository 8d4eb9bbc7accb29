// LogModel: batches of lines, levels and stack traces, timestamps on and off, search (plain,
// case-insensitive, regex, across a million lines), dropping the oldest lines, model consistency;
// spilling beyond a small memory limit keeps every line readable and searchable, in order, with its
// timestamp, and the spill file goes with clear() and the model; invalid UTF-8 and CRLF lines;
// search results equal to a naive QString/QRegularExpression reference over generated logs.

#include "models/logmodel.h"

#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using model::LogModel;

namespace {
// A model that keeps `limit` bytes of text in memory and spills the rest into a directory of its
// own, checked by QAbstractItemModelTester.
struct SpillingModel {
    explicit SpillingModel(qint64 limit)
    {
        model.setSpillDirectory(dir.path());
        model.setMemoryLimit(limit);
    }
    QTemporaryDir dir;
    LogModel model;
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::QtTest};
};
} // namespace

class TestLogModel : public QObject {
    Q_OBJECT
private slots:
    void appendAndRead()
    {
        LogModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.append({QStringLiteral("25/11/21 10:00:00 INFO SparkContext: Running Spark version 3.5.3"),
                  QStringLiteral("25/11/21 10:00:01 WARN NativeCodeLoader: Unable to load native-hadoop library"),
                  QStringLiteral("25/11/21 10:00:02 ERROR Executor: Exception in task 0.0"),
                  QStringLiteral("java.lang.IllegalStateException: boom"),
                  QStringLiteral("\tat org.apache.spark.rdd.RDD.compute(RDD.scala:42)"),
                  QStringLiteral("Caused by: java.io.IOException: disk full"),
                  QStringLiteral("\t... 12 more"),
                  QStringLiteral("Pi is roughly 3.14159 — ünïcode")},
                 {1'000'000'000, 2'000'000'000, -1, -1, -1, -1, -1, 3'500'000'000});
        QCOMPARE(m.rowCount(), 8);
        QCOMPARE(m.index(0).data(LogModel::LevelRole).toInt(), int(LogModel::Info));
        QCOMPARE(m.index(1).data(LogModel::LevelRole).toInt(), int(LogModel::Warn));
        QCOMPARE(m.index(2).data(LogModel::LevelRole).toInt(), int(LogModel::Error));
        QCOMPARE(m.index(3).data(LogModel::LevelRole).toInt(), int(LogModel::Plain));
        QCOMPARE(m.index(4).data(LogModel::LevelRole).toInt(), int(LogModel::StackTrace));
        QCOMPARE(m.index(5).data(LogModel::LevelRole).toInt(), int(LogModel::StackTrace));
        QCOMPARE(m.index(6).data(LogModel::LevelRole).toInt(), int(LogModel::StackTrace));
        QCOMPARE(m.line(7), QStringLiteral("Pi is roughly 3.14159 — ünïcode"));
        QCOMPARE(m.index(7).data().toString(), m.line(7));
        m.setShowTimestamps(true);
        QCOMPARE(m.index(7).data().toString(), QStringLiteral("1970-01-01T00:00:03.500Z Pi is roughly 3.14159 — ünïcode"));
        QVERIFY(m.text({0, 7}).startsWith(QStringLiteral("1970-01-01T00:00:01.000Z 25/11/21")));
        m.setShowTimestamps(false);
        QCOMPARE(m.text({1}), m.line(1));
        // "INFORMATION" or "ERRORS" inside a word is not a level.
        QCOMPARE(LogModel::levelOf("processed ERRORS=0 INFORMATIONAL"), LogModel::Plain);
        m.clear();
        QCOMPARE(m.rowCount(), 0);
    }

    void search_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<bool>("regex");
        QTest::addColumn<bool>("caseSensitive");
        QTest::addColumn<QList<int>>("rows");
        QTest::newRow("plain") << QStringLiteral("Stage") << false << true << QList<int>{1, 3};
        QTest::newRow("plain, any case") << QStringLiteral("stage") << false << false << QList<int>{1, 3};
        QTest::newRow("plain, case-sensitive miss") << QStringLiteral("stage") << false << true << QList<int>{};
        QTest::newRow("regex") << QStringLiteral("task \\d+\\.0") << true << true << QList<int>{2};
        QTest::newRow("not across lines") << QStringLiteral("finishedStage") << false << true << QList<int>{};
        QTest::newRow("unicode, any case") << QStringLiteral("ÜNÏ") << false << false << QList<int>{4};
        QTest::newRow("first line") << QStringLiteral("Running") << false << true << QList<int>{0};
    }

    void search()
    {
        QFETCH(QString, pattern);
        QFETCH(bool, regex);
        QFETCH(bool, caseSensitive);
        QFETCH(QList<int>, rows);
        LogModel m;
        m.append({QStringLiteral("Running Spark"), QStringLiteral("Stage 0 finished"), QStringLiteral("task 7.0 done"),
                  QStringLiteral("Stage 1 started"), QStringLiteral("ünïcode line")});
        QCOMPARE(LogModel::search(m.snapshot(), pattern, regex, caseSensitive), rows);
    }

    void invalidRegexSaysWhy()
    {
        LogModel m;
        m.append({QStringLiteral("a")});
        QString error;
        QVERIFY(LogModel::search(m.snapshot(), QStringLiteral("(unclosed"), true, false, &error).isEmpty());
        QVERIFY(!error.isEmpty());
    }

    void dropsOldestBeyondTheLimit()
    {
        LogModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setMaxLines(100);
        QStringList lines;
        for (int i = 0; i < 150; ++i)
            lines << QStringLiteral("line %1").arg(i);
        m.append(lines);
        QVERIFY(m.rowCount() <= 100);
        QCOMPARE(m.line(m.rowCount() - 1), QStringLiteral("line 149"));
        QCOMPARE(m.line(0), QStringLiteral("line %1").arg(150 - m.rowCount()));
        QCOMPARE(LogModel::search(m.snapshot(), QStringLiteral("line 149"), false, true), QList<int>{m.rowCount() - 1});
    }

    // Beyond the memory limit the oldest pages go to a temporary file; every line stays readable,
    // in order, with its timestamp and level, and searchable; the viewer can say how many are on disk.
    void spillsBeyondTheMemoryLimit()
    {
        SpillingModel spilling(4096);
        LogModel& m = spilling.model;
        const QTemporaryDir& dir = spilling.dir;
        QSignalSpy spilled(&m, &LogModel::spilledLinesChanged);
        const int count = 5000;
        for (int b = 0; b < count / 250; ++b) {
            QByteArray text;
            QList<qint64> nanos;
            for (int i = b * 250; i < (b + 1) * 250; ++i) {
                text += (i % 7 == 0 ? "25/11/21 WARN line " : "25/11/21 INFO line ") + QByteArray::number(i) + " ü\n";
                nanos << qint64(i) * 1'000'000'000 + i;
            }
            m.appendUtf8(text, nanos);
        }
        QCOMPARE(m.rowCount(), count);
        QVERIFY(!spilled.isEmpty());
        QVERIFY2(m.spilledLines() > count / 2 && m.spilledLines() < count, qPrintable(QString::number(m.spilledLines())));
        QVERIFY(QFile::exists(m.spillFilePath()));
        QVERIFY(m.spillFilePath().startsWith(dir.path()));
        QVERIFY(m.spillError().isEmpty());
        QVERIFY(m.byteSize() < 64 * 1024); // the text in memory is bounded
        for (int row = 0; row < count; ++row) {
            const QString expected = QStringLiteral("25/11/21 %1 line %2 ü").arg(row % 7 == 0 ? QStringLiteral("WARN") : QStringLiteral("INFO")).arg(row);
            QCOMPARE(m.line(row), expected);
            QCOMPARE(m.index(row).data(LogModel::TimestampRole).toLongLong(), qint64(row) * 1'000'000'000 + row);
            QCOMPARE(m.index(row).data(LogModel::LevelRole).toInt(), int(row % 7 == 0 ? LogModel::Warn : LogModel::Info));
        }
        // Backwards too (the page cache is small).
        for (int row = count - 1; row >= 0; row -= 97)
            QCOMPARE(m.line(row), m.index(row).data(LogModel::LineRole).toString());
        m.setShowTimestamps(true);
        QCOMPARE(m.index(61).data().toString(), QStringLiteral("1970-01-01T00:01:01.000Z 25/11/21 INFO line 61 ü"));
        m.setShowTimestamps(false);
        const LogModel::Snapshot s = m.snapshot();
        QCOMPARE(LogModel::search(s, QStringLiteral("line 17 "), false, true), QList<int>{17});
        QCOMPARE(LogModel::search(s, QStringLiteral("LINE 4999 Ü"), false, false), QList<int>{4999});
        QCOMPARE(LogModel::search(s, QStringLiteral("line 12\\d\\d "), true, true).size(), 100);
        QCOMPARE(LogModel::search(s, QStringLiteral("WARN"), false, true).size(), (count + 6) / 7);
        QBuffer out;
        out.open(QIODevice::WriteOnly);
        QVERIFY(m.writeTo(&out));
        const QList<QByteArray> written = out.data().split('\n');
        QCOMPARE(written.size(), count + 1);
        QCOMPARE(written[4321], QByteArray("25/11/21 INFO line 4321 ü"));
    }

    // Dropping the oldest lines works across spilled pages, and the lines left stay right.
    void dropsOldestWhenSpilled()
    {
        SpillingModel spilling(2048);
        LogModel& m = spilling.model;
        m.setMaxLines(1000);
        for (int b = 0; b < 30; ++b) {
            QStringList lines;
            for (int i = b * 100; i < (b + 1) * 100; ++i)
                lines << QStringLiteral("line %1").arg(i);
            m.append(lines);
        }
        QVERIFY(m.rowCount() <= 1000);
        QVERIFY(m.spilledLines() > 0);
        const int first = 3000 - m.rowCount();
        for (int row = 0; row < m.rowCount(); ++row)
            QCOMPARE(m.line(row), QStringLiteral("line %1").arg(first + row));
        QCOMPARE(LogModel::search(m.snapshot(), QStringLiteral("line 2999"), false, true), QList<int>{m.rowCount() - 1});
        QCOMPARE(LogModel::search(m.snapshot(), QStringLiteral("line %1").arg(first), false, true).first(), 0);
    }

    // The spill file goes with clear() and with the model; a search's snapshot keeps it until then.
    void spillFileRemoved()
    {
        QTemporaryDir dir;
        QString path;
        {
            LogModel m;
            m.setSpillDirectory(dir.path());
            m.setMemoryLimit(1024);
            QStringList lines;
            for (int i = 0; i < 1000; ++i)
                lines << QStringLiteral("line %1").arg(i);
            m.append(lines);
            path = m.spillFilePath();
            QVERIFY(QFile::exists(path));
            {
                const LogModel::Snapshot s = m.snapshot();
                m.clear();
                QCOMPARE(m.rowCount(), 0);
                QCOMPARE(m.spilledLines(), 0);
                QVERIFY(m.spillFilePath().isEmpty());
                QVERIFY(QFile::exists(path)); // the snapshot still reads it
                QCOMPARE(LogModel::search(s, QStringLiteral("line 3"), false, true).first(), 3);
            }
            QVERIFY(!QFile::exists(path));
            m.append(lines);
            path = m.spillFilePath();
            QVERIFY(QFile::exists(path));
        }
        QVERIFY(!QFile::exists(path));
        QVERIFY(QDir(dir.path()).isEmpty());
    }

    // CRLF line ends lose their '\r'; bytes that are not UTF-8 are kept, shown as U+FFFD, and do
    // not stop a search; a last line without '\n' counts.
    void crlfAndInvalidUtf8()
    {
        LogModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.appendUtf8("first\r\nbad \xff\xfe end\r\n\r\nmid\rdle\nlast", {1, 2, 3});
        QCOMPARE(m.rowCount(), 5);
        QCOMPARE(m.line(0), QStringLiteral("first"));
        QCOMPARE(m.line(1), QStringLiteral("bad \uFFFD\uFFFD end"));
        QCOMPARE(m.lineUtf8(1), QByteArray("bad \xff\xfe end"));
        QCOMPARE(m.line(2), QString());
        QCOMPARE(m.line(3), QStringLiteral("mid\rdle"));
        QCOMPARE(m.line(4), QStringLiteral("last"));
        QCOMPARE(m.index(2).data(LogModel::TimestampRole).toLongLong(), 3);
        QCOMPARE(m.index(3).data(LogModel::TimestampRole).toLongLong(), -1);
        const LogModel::Snapshot s = m.snapshot();
        QCOMPARE(LogModel::search(s, QStringLiteral("end"), false, true), QList<int>{1});
        QCOMPARE(LogModel::search(s, QStringLiteral("END"), false, false), QList<int>{1});
        QCOMPARE(LogModel::search(s, QStringLiteral("d\\w*$"), true, true), (QList<int>{1, 3}));
        QCOMPARE(LogModel::search(s, QStringLiteral("^$"), true, true), QList<int>{2});
        QCOMPARE(LogModel::search(s, QStringLiteral("Ü"), false, false), QList<int>{});
    }

    // Plain, case-insensitive (ASCII and not) and regex search give exactly the rows a naive
    // search of each line as a QString gives, over generated logs, with and without spilling.
    void searchMatchesNaiveReference()
    {
        static const QStringList alphabet{QStringLiteral("a"), QStringLiteral("B"), QStringLiteral("c"), QStringLiteral("x"),
                                          QStringLiteral("X"), QStringLiteral("1"), QStringLiteral("7"), QStringLiteral(" "),
                                          QStringLiteral("."), QStringLiteral("ü"), QStringLiteral("Ü"), QStringLiteral("é"),
                                          QStringLiteral("É"), QStringLiteral("д"), QStringLiteral("Д"), QStringLiteral("λ"),
                                          QStringLiteral("€"), QStringLiteral("日"), QStringLiteral("INFO"), QStringLiteral("task")};
        QRandomGenerator rng(14);
        auto word = [&](int maxParts) {
            QString w;
            const int parts = 1 + int(rng.bounded(maxParts));
            for (int i = 0; i < parts; ++i)
                w += alphabet[int(rng.bounded(alphabet.size()))];
            return w;
        };
        QStringList lines;
        for (int i = 0; i < 3000; ++i)
            lines << (rng.bounded(20) == 0 ? QString() : word(24));
        QList<QPair<QString, bool>> patterns; // pattern, regex
        for (int i = 0; i < 60; ++i) {
            const QString& line = lines[int(rng.bounded(lines.size()))];
            QString p = line.isEmpty() ? word(3) : line.mid(int(rng.bounded(line.size())), 1 + int(rng.bounded(4)));
            if (rng.bounded(2))
                p = rng.bounded(2) ? p.toUpper() : p.toLower();
            patterns << qMakePair(p, false);
        }
        for (const char* re : {"a.c", "^x", "x$", "^$", "\\d{2,}", "[üÜ]\\s", "\\bINFO\\b", "(?<=a)B", "B(?!c)", "[^a-z]",
                               "é+", "task\\d", "\\s+$", "日.*€", "(a|д)\\1", "^.{3}$", "\\Aa", "c\\z", "λ\\b", "(?i)info"})
            patterns << qMakePair(QString::fromUtf8(re), true);
        for (const qint64 limit : {qint64(256) << 20, qint64(2048)}) {
            SpillingModel spilling(limit);
            LogModel& m = spilling.model;
            for (qsizetype at = 0; at < lines.size(); at += 500)
                m.append(lines.mid(at, 500));
            QCOMPARE(m.spilledLines() > 0, limit < 4096);
            const LogModel::Snapshot s = m.snapshot();
            for (const auto& [pattern, regex] : patterns)
                for (const bool caseSensitive : {true, false}) {
                    QList<int> expected;
                    const QRegularExpression re(pattern, caseSensitive ? QRegularExpression::NoPatternOption
                                                                       : QRegularExpression::CaseInsensitiveOption);
                    QVERIFY2(!regex || re.isValid(), qPrintable(pattern));
                    for (int row = 0; row < lines.size(); ++row)
                        if (regex ? re.match(lines[row]).hasMatch()
                                  : lines[row].contains(pattern, caseSensitive ? Qt::CaseSensitive : Qt::CaseInsensitive))
                            expected << row;
                    QString error;
                    QCOMPARE(LogModel::search(s, pattern, regex, caseSensitive, &error), expected);
                    QVERIFY2(error.isEmpty(), qPrintable(error));
                }
        }
    }

    void millionLines()
    {
        // Not a timing assertion (bench/run measures time); this checks correctness at scale.
        LogModel m;
        QStringList batch;
        batch.reserve(10'000);
        for (int b = 0; b < 100; ++b) {
            batch.clear();
            for (int i = 0; i < 10'000; ++i)
                batch << QStringLiteral("25/11/21 10:00:00 INFO TaskSetManager: Finished task %1.0 in stage 0.0").arg(b * 10'000 + i);
            m.append(batch);
        }
        QCOMPARE(m.rowCount(), 1'000'000);
        QCOMPARE(LogModel::search(m.snapshot(), QStringLiteral("task 999999.0"), false, true), QList<int>{999'999});
        QCOMPARE(LogModel::search(m.snapshot(), QStringLiteral("TASK 123456.0 "), false, false), QList<int>{123'456});
        QVERIFY(m.byteSize() < 150 * 1024 * 1024);
    }
};

QTEST_GUILESS_MAIN(TestLogModel)
#include "tst_logmodel.moc"
