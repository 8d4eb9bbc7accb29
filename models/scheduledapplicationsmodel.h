#pragma once

#include "models/informertablemodel.h"


namespace model {

/// The table of ScheduledSparkApplications: name, namespace, schedule, suspend, state, last run,
/// next run, last run's SparkApplication name. The next run is status.nextRun; while the operator
/// has not reported one, it is computed from spec.schedule and spec.timeZone and marked
/// "(computed)" (none for a suspended one).
class ScheduledApplicationsModel : public InformerTableModel {
    Q_OBJECT
public:
    enum Column { Name, Namespace, Schedule, Suspend, State, LastRun, NextRun, LastRunName, ColumnCount };
    Q_ENUM(Column)
    enum CustomRole { LastRunKeyRole = FirstCustomRole }; ///< "namespace/lastRunName"

    explicit ScheduledApplicationsModel(QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
};

} // namespace model
