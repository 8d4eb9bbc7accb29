#include "models/executorsmodel.h"

#include <QJsonObject>
#include <QLocale>

#include <algorithm>

namespace model {

QString SparkExecutor::status() const
{
    if (!active)
        return QStringLiteral("Dead");
    return excluded ? QStringLiteral("Excluded") : QStringLiteral("Active");
}

QList<SparkExecutor> parseSparkExecutors(const QJsonArray& array)
{
    QList<SparkExecutor> out;
    for (const QJsonValue& v : array) {
        if (!v.isObject())
            continue;
        const QJsonObject o = v.toObject();
        SparkExecutor e;
        e.id = o.value(QLatin1String("id")).toString();
        e.address = o.value(QLatin1String("hostPort")).toString();
        e.active = o.value(QLatin1String("isActive")).toBool();
        e.excluded = o.value(QLatin1String("isExcluded")).toBool() || o.value(QLatin1String("isBlacklisted")).toBool();
        e.cores = o.value(QLatin1String("totalCores")).toInt();
        e.activeTasks = o.value(QLatin1String("activeTasks")).toInt();
        e.failedTasks = o.value(QLatin1String("failedTasks")).toInt();
        e.completedTasks = o.value(QLatin1String("completedTasks")).toInt();
        e.memoryUsed = o.value(QLatin1String("memoryUsed")).toInteger();
        e.maxMemory = o.value(QLatin1String("maxMemory")).toInteger();
        e.gcTimeMs = o.value(QLatin1String("totalGCTime")).toInteger();
        e.shuffleRead = o.value(QLatin1String("totalShuffleRead")).toInteger();
        e.shuffleWrite = o.value(QLatin1String("totalShuffleWrite")).toInteger();
        out.append(e);
    }
    return out;
}

QString humanBytes(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

namespace {

bool executorLess(const SparkExecutor& a, const SparkExecutor& b)
{
    const bool ad = a.id == QLatin1String("driver"), bd = b.id == QLatin1String("driver");
    if (ad != bd)
        return ad;
    bool aok = false, bok = false;
    const qlonglong an = a.id.toLongLong(&aok), bn = b.id.toLongLong(&bok);
    if (aok && bok)
        return an < bn;
    if (aok != bok)
        return aok;
    return a.id < b.id;
}

QString gcText(qint64 ms)
{
    return ms < 1000 ? QStringLiteral("%1 ms").arg(ms) : QStringLiteral("%1 s").arg(QString::number(ms / 1000.0, 'f', 1));
}

} // namespace

ExecutorsModel::ExecutorsModel(QObject* parent) : QAbstractTableModel(parent) {}

int ExecutorsModel::rowOf(const QString& id) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).id == id)
            return i;
    return -1;
}

void ExecutorsModel::setExecutors(QList<SparkExecutor> executors)
{
    std::stable_sort(executors.begin(), executors.end(), executorLess);
    // Remove the rows whose id is gone (from the bottom, so indices stay valid).
    for (int i = m_rows.size() - 1; i >= 0; --i) {
        const QString id = m_rows.at(i).id;
        if (std::none_of(executors.cbegin(), executors.cend(), [&](const SparkExecutor& e) { return e.id == id; })) {
            beginRemoveRows({}, i, i);
            m_rows.removeAt(i);
            endRemoveRows();
        }
    }
    // Insert or update in sorted order: m_rows stays sorted and a subset of `executors`.
    for (int i = 0; i < executors.size(); ++i) {
        const SparkExecutor& e = executors.at(i);
        if (i < m_rows.size() && m_rows.at(i).id == e.id) {
            m_rows[i] = e;
            emit dataChanged(index(i, 0), index(i, ColumnCount - 1));
        } else {
            beginInsertRows({}, i, i);
            m_rows.insert(i, e);
            endInsertRows();
        }
    }
}

int ExecutorsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ExecutorsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ExecutorsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SparkExecutor& e = m_rows.at(index.row());
    if (role == MemoryTotalRole)
        return index.column() == Memory ? QVariant(e.maxMemory) : QVariant();
    if (role == Qt::TextAlignmentRole)
        return index.column() >= Cores ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    if (role == Qt::ToolTipRole && index.column() == Memory)
        return tr("Storage memory used: %1 of %2 bytes").arg(e.memoryUsed).arg(e.maxMemory);
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool display = role == Qt::DisplayRole;
    switch (Column(index.column())) {
    case Id:
        return display ? QVariant(e.id) : QVariant(e.id == QLatin1String("driver") ? -1 : e.id.toLongLong());
    case Address:
        return e.address;
    case Status:
        return e.status();
    case Cores:
        return e.cores;
    case ActiveTasks:
        return e.activeTasks;
    case FailedTasks:
        return e.failedTasks;
    case CompletedTasks:
        return e.completedTasks;
    case Memory:
        return display ? QVariant(QStringLiteral("%1 / %2").arg(humanBytes(e.memoryUsed), humanBytes(e.maxMemory))) : QVariant(e.memoryUsed);
    case GcTime:
        return display ? QVariant(gcText(e.gcTimeMs)) : QVariant(e.gcTimeMs);
    case ShuffleRead:
        return display ? QVariant(humanBytes(e.shuffleRead)) : QVariant(e.shuffleRead);
    case ShuffleWrite:
        return display ? QVariant(humanBytes(e.shuffleWrite)) : QVariant(e.shuffleWrite);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ExecutorsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Id: return tr("Executor");
    case Address: return tr("Address");
    case Status: return tr("Status");
    case Cores: return tr("Cores");
    case ActiveTasks: return tr("Active tasks");
    case FailedTasks: return tr("Failed tasks");
    case CompletedTasks: return tr("Completed tasks");
    case Memory: return tr("Storage memory");
    case GcTime: return tr("GC time");
    case ShuffleRead: return tr("Shuffle read");
    case ShuffleWrite: return tr("Shuffle write");
    case ColumnCount: break;
    }
    return {};
}

} // namespace model
