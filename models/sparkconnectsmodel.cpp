#include "models/sparkconnectsmodel.h"

#include "models/looks.h"
#include "models/tablecells.h"

namespace model {

namespace {

// The SparkApplication state whose look (colour, icon) fits a SparkConnect state.
QString applicationLookOf(const SparkConnectSummary& s)
{
    if (s.deleting)
        return QStringLiteral("INVALIDATING");
    if (s.state == QLatin1String("Ready"))
        return QStringLiteral("RUNNING");
    if (s.state == QLatin1String("Failed"))
        return QStringLiteral("FAILED");
    if (s.state == QLatin1String("NotReady"))
        return QStringLiteral("FAILING");
    if (s.state == QLatin1String("Provisioning"))
        return QStringLiteral("SUBMITTED");
    return {};
}

} // namespace

SparkConnectsModel::SparkConnectsModel(QObject* parent)
    : InformerTableModel(parent)
{
    refreshTimesEverySecond(Age, Age);
}

SparkConnectSummary SparkConnectsModel::summary(const QString& key) const
{
    const int row = rowOf(key);
    return row < 0 ? SparkConnectSummary() : summarizeSparkConnect(objectAt(row));
}

int SparkConnectsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SparkConnectsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject object = objectAt(index.row());
    const SparkConnectSummary s = summarizeSparkConnect(object);
    switch (role) {
    case KeyRole:
        return keyAt(index.row());
    case ObjectRole:
        return object;
    case StateRole:
        return s.state;
    case ServerPodRole:
        return s.serverPod;
    case ServiceRole:
        return s.serverService;
    case UidRole:
        return s.uid;
    case Qt::ToolTipRole:
        return index.column() == State ? sparkConnectStateHint(s) : QVariant();
    case Qt::DisplayRole:
    case SortRole:
        switch (index.column()) {
        case Name: return s.name;
        case Namespace: return s.ns;
        case State: return sparkConnectStateText(s);
        case ServerPod: return s.serverPod;
        case Service: return s.serverService;
        case Executors:
            if (role == SortRole)
                return s.executors.value(QStringLiteral("running"));
            return s.executors.isEmpty() ? QString() : sparkConnectExecutorsText(s.executors);
        case SparkVersion: return s.sparkVersion;
        case Image: return s.image;
        case Age:
            if (role == SortRole)
                return s.created.isValid() ? -s.created.toMSecsSinceEpoch() : 0;
            return cells::age(s.created);
        }
        return {};
    case Qt::ForegroundRole:
    case Qt::DecorationRole:
        if (index.column() == State)
            return look(Look::ApplicationState, applicationLookOf(s), role);
        return {};
    }
    return {};
}

QVariant SparkConnectsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* names[] = {"Name", "Namespace", "Status", "Server pod", "Service", "Executors", "Spark", "Image", "Age"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

} // namespace model
