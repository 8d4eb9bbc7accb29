#pragma once

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QList>
#include <QString>

namespace model {

/// One executor (or the driver) as the Spark REST API describes it: an ExecutorSummary of
/// GET /api/v1/applications/{app-id}/executors (Spark "Monitoring and Instrumentation",
/// monitoring.html#rest-api; field names as Spark 4.0 writes them). Missing fields stay 0 / "".
struct SparkExecutor {
    QString id;              ///< "id": "driver" or "1", "2" …
    QString address;         ///< "hostPort": "10.0.0.7:37000"
    bool active = false;     ///< "isActive"
    bool excluded = false;   ///< "isExcluded" (Spark 3.1+; "isBlacklisted" before)
    int cores = 0;           ///< "totalCores"
    int activeTasks = 0;     ///< "activeTasks"
    int failedTasks = 0;     ///< "failedTasks"
    int completedTasks = 0;  ///< "completedTasks"
    qint64 memoryUsed = 0;   ///< "memoryUsed": storage memory used, bytes
    qint64 maxMemory = 0;    ///< "maxMemory": storage memory available, bytes
    qint64 gcTimeMs = 0;     ///< "totalGCTime": ms
    qint64 shuffleRead = 0;  ///< "totalShuffleRead": bytes
    qint64 shuffleWrite = 0; ///< "totalShuffleWrite": bytes

    /// "Active", "Excluded" or "Dead" (Spark UI's words for isActive / isExcluded).
    QString status() const;
};

/// The executors of `array` (the JSON array the executors endpoint answers); entries that are not
/// objects are skipped. Pure.
QList<SparkExecutor> parseSparkExecutors(const QJsonArray& array);

/// `bytes` for a table cell: "0 B", "512 KiB", "1.5 GiB" (binary units, one decimal at most). Pure.
QString humanBytes(qint64 bytes);

/// The executors of one Spark application as a table, driver first then by numeric id. Display
/// text is human-readable (bytes as KiB/MiB/GiB, GC time as ms/s); InformerTableModel's SortRole
/// convention is followed with SortRole (raw numbers: bytes, ms, counts). QtCore only; used from
/// the thread that owns it.
class ExecutorsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, Address, Status, Cores, ActiveTasks, FailedTasks, CompletedTasks, Memory, GcTime, ShuffleRead, ShuffleWrite, ColumnCount };
    enum Roles {
        SortRole = Qt::UserRole + 1, ///< raw value: bytes, ms, counts; Memory sorts by memory used
        MemoryTotalRole,             ///< Memory column: maxMemory, bytes
    };

    explicit ExecutorsModel(QObject* parent = nullptr);

    /// Replaces the rows with `executors`: rows whose id stays are updated in place (dataChanged),
    /// others inserted or removed, so views keep their selection.
    void setExecutors(QList<SparkExecutor> executors);
    const QList<SparkExecutor>& executors() const { return m_rows; }
    /// Row of executor `id`, -1 when absent.
    int rowOf(const QString& id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<SparkExecutor> m_rows;
};

} // namespace model
