// LogModel: batches of lines, levels and stack traces, timestamps on and off, search (plain,
// case-insensitive, regex, across a million lines), dropping the oldest lines, model consistency.

#include "models/logmodel.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QTest>

using model::LogModel;

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
