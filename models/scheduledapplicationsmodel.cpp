#include "models/scheduledapplicationsmodel.h"

#include "models/cron.h"
#include "models/sparkapplication.h"
#include "models/tablecells.h"

#include <QDateTime>

namespace model {

using namespace cells;

ScheduledApplicationsModel::ScheduledApplicationsModel(QObject* parent)
    : InformerTableModel(parent)
{
    refreshTimesEverySecond(LastRun, NextRun);
}

int ScheduledApplicationsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ScheduledApplicationsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject o = objectAt(index.row());
    const QJsonObject meta = sub(o, "metadata");
    const QJsonObject spec = sub(o, "spec");
    const QJsonObject status = sub(o, "status");
    const QDateTime lastRun = time(str(status, "lastRun"));
    QDateTime nextRun = time(str(status, "nextRun"));
    // The operator fills status.nextRun only after it scheduled a run; until then compute it here.
    bool computed = false;
    if (!nextRun.isValid() && index.column() == NextRun && !spec.value(QLatin1String("suspend")).toBool()) {
        const ScheduleSummary summary = summarizeSchedule(str(spec, "schedule"), str(spec, "timeZone"), QDateTime::currentDateTimeUtc(), 1);
        if (summary.valid && !summary.next.isEmpty()) {
            nextRun = summary.next.first();
            computed = true;
        }
    }
    switch (role) {
    case KeyRole:
        return keyAt(index.row());
    case ObjectRole:
        return o;
    case LastRunKeyRole:
        return str(status, "lastRunName").isEmpty() ? QString() : str(meta, "namespace") + QLatin1Char('/') + str(status, "lastRunName");
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name: return str(meta, "name");
        case Namespace: return str(meta, "namespace");
        case Schedule: {
            const ScheduleSummary summary = summarizeSchedule(str(spec, "schedule"), str(spec, "timeZone"), QDateTime::currentDateTimeUtc(), 0);
            return summary.valid ? QStringLiteral("%1 (%2)").arg(summary.words, summary.zone) : str(spec, "schedule");
        }
        case Suspend: return spec.value(QLatin1String("suspend")).toBool() ? tr("yes") : QString();
        case State: return str(status, "scheduleState");
        case LastRun: return lastRun.isValid() ? tr("%1 ago").arg(age(lastRun)) : QString();
        case NextRun:
            if (!nextRun.isValid())
                return QString();
            if (computed)
                return tr("in %1 (computed)").arg(humanDuration(QDateTime::currentDateTimeUtc().msecsTo(nextRun)));
            return nextRun > QDateTime::currentDateTimeUtc()
                ? tr("in %1").arg(humanDuration(QDateTime::currentDateTimeUtc().msecsTo(nextRun)))
                : localTime(nextRun);
        case LastRunName: return str(status, "lastRunName");
        }
        return {};
    case SortRole:
        if (index.column() == LastRun)
            return lastRun.isValid() ? lastRun.toMSecsSinceEpoch() : 0;
        if (index.column() == NextRun)
            return nextRun.isValid() ? nextRun.toMSecsSinceEpoch() : 0;
        return data(index, Qt::DisplayRole);
    case Qt::ToolTipRole:
        if (index.column() == LastRun)
            return localTime(lastRun);
        if (index.column() == NextRun && computed)
            return tr("%1, computed from the schedule: the operator has not reported its next run yet").arg(localTime(nextRun));
        if (index.column() == NextRun)
            return localTime(nextRun);
        if (index.column() == State)
            return str(status, "reason");
        if (index.column() == LastRunName)
            return tr("Double-click to select it in the Applications table");
        if (index.column() == Schedule)
            return str(spec, "schedule");
        return {};
    }
    return {};
}

QVariant ScheduledApplicationsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* names[] = {"Name", "Namespace", "Schedule", "Suspend", "State", "Last run", "Next run", "Last run's application"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

} // namespace model
