// model::ExecutorsModel and model::parseSparkExecutors on recorded answers of a real Spark 4.0.2
// driver's REST API (GET /api/v1/applications/{id}/executors, tests/unit/data/sparkrest).

#include "models/executorsmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QPersistentModelIndex>
#include <QSignalSpy>
#include <QTest>

#include "tests/support/fakesparkui.h"

namespace {

QList<model::SparkExecutor> recorded(const QString& name)
{
    return model::parseSparkExecutors(QJsonDocument::fromJson(recordedSparkRest(name)).array());
}

} // namespace

class TestExecutorsModel : public QObject {
    Q_OBJECT
private slots:
    void parsesARealSpark40Answer()
    {
        const QList<model::SparkExecutor> executors = recorded(QStringLiteral("executors-running.json"));
        QCOMPARE(executors.size(), 3);
        const model::SparkExecutor& driver = executors.at(0);
        QCOMPARE(driver.id, QStringLiteral("driver"));
        QCOMPARE(driver.address, QStringLiteral("rec-pi-0f235ba22bbf4cf7-driver-svc.default.svc:7079"));
        QVERIFY(driver.active);
        QCOMPARE(driver.cores, 0);
        QCOMPARE(driver.memoryUsed, 2639);
        QCOMPARE(driver.maxMemory, 133378867);
        QCOMPARE(driver.status(), QStringLiteral("Active"));
        // Spark lists executors as it likes ("2" before "1" here).
        QCOMPARE(executors.at(1).id, QStringLiteral("2"));
        const model::SparkExecutor& one = executors.at(2);
        QCOMPARE(one.address, QStringLiteral("127.1.165.3:42361"));
        QCOMPARE(one.cores, 1);
        QCOMPARE(one.activeTasks, 2);
        QCOMPARE(one.completedTasks, 9235);
        QCOMPARE(one.gcTimeMs, 1049);
        // An entry that is not an object is skipped; a missing field is 0.
        const auto sparse = model::parseSparkExecutors(QJsonDocument::fromJson(R"([1, {"id": "7", "isActive": false, "isExcluded": true}])").array());
        QCOMPARE(sparse.size(), 1);
        QCOMPARE(sparse.at(0).status(), QStringLiteral("Dead"));
        QCOMPARE(sparse.at(0).maxMemory, 0);
        const auto excluded = model::parseSparkExecutors(QJsonDocument::fromJson(R"([{"id": "8", "isActive": true, "isBlacklisted": true}])").array());
        QCOMPARE(excluded.at(0).status(), QStringLiteral("Excluded"));
    }

    void theHistoryServersAnswerHasTheSameShape()
    {
        // GET /api/v1/applications/{id}/allexecutors of a real Spark History Server, after the
        // 20000-partition SparkPi of executors-running.json ended: every task is counted.
        const QList<model::SparkExecutor> executors = recorded(QStringLiteral("allexecutors-history.json"));
        QCOMPARE(executors.size(), 3);
        int completed = 0;
        for (const model::SparkExecutor& e : executors)
            completed += e.completedTasks;
        QCOMPARE(completed, 20000);
    }

    void humanBytes()
    {
        QCOMPARE(model::humanBytes(0), QStringLiteral("0 bytes"));
        QCOMPARE(model::humanBytes(2639), QStringLiteral("2.6 KiB"));
        QCOMPARE(model::humanBytes(133378867), QStringLiteral("127.2 MiB"));
        QCOMPARE(model::humanBytes(3LL * 1024 * 1024 * 1024 / 2), QStringLiteral("1.5 GiB"));
    }

    void rowsDriverFirstWithReadableCellsAndRawSortValues()
    {
        model::ExecutorsModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setExecutors(recorded(QStringLiteral("executors-running.json")));
        QCOMPARE(m.rowCount(), 3);
        QCOMPARE(m.columnCount(), int(model::ExecutorsModel::ColumnCount));
        auto cell = [&](int row, int column, int role = Qt::DisplayRole) { return m.index(row, column).data(role); };
        QCOMPARE(cell(0, model::ExecutorsModel::Id).toString(), QStringLiteral("driver"));
        QCOMPARE(cell(1, model::ExecutorsModel::Id).toString(), QStringLiteral("1"));
        QCOMPARE(cell(2, model::ExecutorsModel::Id).toString(), QStringLiteral("2"));
        QCOMPARE(cell(1, model::ExecutorsModel::Address).toString(), QStringLiteral("127.1.165.3:42361"));
        QCOMPARE(cell(1, model::ExecutorsModel::Status).toString(), QStringLiteral("Active"));
        QCOMPARE(cell(1, model::ExecutorsModel::Cores).toInt(), 1);
        QCOMPARE(cell(1, model::ExecutorsModel::ActiveTasks).toInt(), 2);
        QCOMPARE(cell(1, model::ExecutorsModel::FailedTasks).toInt(), 0);
        QCOMPARE(cell(1, model::ExecutorsModel::CompletedTasks).toInt(), 9235);
        QCOMPARE(cell(0, model::ExecutorsModel::Memory).toString(), QStringLiteral("2.6 KiB / 127.2 MiB"));
        QCOMPARE(cell(0, model::ExecutorsModel::Memory, model::ExecutorsModel::SortRole).toLongLong(), 2639);
        QCOMPARE(cell(0, model::ExecutorsModel::Memory, model::ExecutorsModel::MemoryTotalRole).toLongLong(), 133378867);
        QCOMPARE(cell(1, model::ExecutorsModel::GcTime).toString(), QStringLiteral("1.0 s"));
        QCOMPARE(cell(1, model::ExecutorsModel::GcTime, model::ExecutorsModel::SortRole).toLongLong(), 1049);
        QCOMPARE(cell(1, model::ExecutorsModel::ShuffleRead).toString(), QStringLiteral("0 bytes"));
        QCOMPARE(cell(0, model::ExecutorsModel::Id, model::ExecutorsModel::SortRole).toLongLong(), -1);
        QCOMPARE(m.headerData(model::ExecutorsModel::CompletedTasks, Qt::Horizontal).toString(), QStringLiteral("Completed tasks"));
        QCOMPARE(m.rowOf(QStringLiteral("2")), 2);
        QCOMPARE(m.rowOf(QStringLiteral("9")), -1);
    }

    void aNewAnswerUpdatesRowsInPlace()
    {
        model::ExecutorsModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setExecutors(recorded(QStringLiteral("executors-starting.json")));
        QCOMPARE(m.rowCount(), 3);
        QCOMPARE(m.index(1, model::ExecutorsModel::CompletedTasks).data().toInt(), 0);
        const QPersistentModelIndex one = m.index(1, 0);
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&m, &QAbstractItemModel::rowsRemoved);
        m.setExecutors(recorded(QStringLiteral("executors-running.json")));
        QCOMPARE(inserted.size(), 0);
        QCOMPARE(removed.size(), 0);
        QCOMPARE(one.row(), 1);
        QCOMPARE(m.index(1, model::ExecutorsModel::CompletedTasks).data().toInt(), 9235);
        // Executor 2 is gone, executor 10 came: one row out, one in; executor 1 keeps its index.
        QList<model::SparkExecutor> next = recorded(QStringLiteral("executors-running.json"));
        next.removeAt(1);
        model::SparkExecutor ten;
        ten.id = QStringLiteral("10");
        ten.active = true;
        next.append(ten);
        m.setExecutors(next);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(m.index(2, 0).data().toString(), QStringLiteral("10"));
        QVERIFY(one.isValid());
        QCOMPARE(one.data().toString(), QStringLiteral("1"));
        m.setExecutors({});
        QCOMPARE(m.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestExecutorsModel)
#include "tst_executorsmodel.moc"
