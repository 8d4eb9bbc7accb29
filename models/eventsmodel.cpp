#include "models/eventsmodel.h"

#include "models/looks.h"
#include "models/tablecells.h"

#include <QDateTime>

namespace model {

using namespace cells;

EventsModel::EventsModel(QObject* parent)
    : InformerTableModel(parent)
{
    refreshTimesEverySecond(LastSeen, LastSeen);
}

void EventsModel::setInvolvedUids(const QSet<QString>& uids)
{
    if (uids == m_uids)
        return;
    m_uids = uids;
    refilter();
}

bool EventsModel::concerns(const QJsonObject& event, const QSet<QString>& uids)
{
    const QString uid = sub(event, "involvedObject").value(QLatin1String("uid")).toString();
    return !uid.isEmpty() && uids.contains(uid);
}

bool EventsModel::accepts(const QJsonObject& event) const
{
    return concerns(event, m_uids);
}

int EventsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject e = objectAt(index.row());
    QDateTime last = time(str(e, "lastTimestamp"));
    if (!last.isValid())
        last = time(str(e, "eventTime"));
    if (!last.isValid())
        last = time(str(sub(e, "metadata"), "creationTimestamp"));
    const QJsonObject involved = sub(e, "involvedObject");
    const bool warning = str(e, "type") == QLatin1String("Warning");
    switch (role) {
    case KeyRole:
        return keyAt(index.row());
    case ObjectRole:
        return e;
    case Qt::DisplayRole:
        switch (index.column()) {
        case LastSeen: return age(last);
        case Type: return str(e, "type");
        case Reason: return str(e, "reason");
        case Object: return QStringLiteral("%1/%2").arg(str(involved, "kind"), str(involved, "name"));
        case Message: return str(e, "message");
        case Count: return qMax(1, e.value(QLatin1String("count")).toInt());
        }
        return {};
    case SortRole:
        if (index.column() == LastSeen)
            return last.isValid() ? last.toMSecsSinceEpoch() : 0;
        return data(index, Qt::DisplayRole);
    case Qt::ToolTipRole:
        if (index.column() == LastSeen)
            return localTime(last);
        if (index.column() == Message)
            return str(e, "message");
        return {};
    case Qt::ForegroundRole:
        if (warning && (index.column() == Type || index.column() == Reason))
            return look(Look::WarningEvent, {}, role);
        return {};
    }
    return {};
}

QVariant EventsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* names[] = {"Last seen", "Type", "Reason", "Object", "Count", "Message"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

} // namespace model
