#pragma once

#include "models/informertablemodel.h"

#include <QSet>
#include <QTimer>

namespace model {

/// The pods of one SparkApplication (driver and executors, from an informer with the label
/// selector sparkoperator.k8s.io/app-name=<app>): name, role (spark-role), phase, ready containers,
/// restarts, node, age. The driver sorts first.
class PodsModel : public InformerTableModel {
    Q_OBJECT
public:
    enum Column { Name, Role, Phase, Ready, Restarts, Node, Age, ColumnCount };
    Q_ENUM(Column)
    enum CustomRole {
        ContainersRole = FirstCustomRole, ///< QStringList the pod's container names, mainContainer() first
        WaitingRole,                      ///< QString reason when a container is waiting (ContainerCreating ...)
        MainContainerRole,                ///< QString mainContainer() of the pod
    };

    explicit PodsModel(QObject* parent = nullptr);

    /// The container whose log matters in `pod` (a v1 Pod object): spark-kubernetes-driver in a
    /// driver (label spark-role=driver), spark-kubernetes-executor (older Spark: executor) in an
    /// executor; otherwise the one named by the annotation kubectl.kubernetes.io/default-container,
    /// else the first container that is not a known sidecar (istio-proxy, linkerd-proxy, ...), else
    /// the first. Empty when the pod has no containers.
    static QString mainContainer(const QJsonObject& pod);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QTimer m_clock;
};

/// Kubernetes events about one application and its pods, newest first when sorted on Last seen:
/// type (Normal/Warning), reason, object, message, count, last seen. Fed by informers on v1 events
/// (one per involved object, each with a field selector); accepts() keeps the events whose
/// involvedObject.uid is one of setInvolvedUids() (a name prefix would also take in "<app>-2").
class EventsModel : public InformerTableModel {
    Q_OBJECT
public:
    enum Column { LastSeen, Type, Reason, Object, Count, Message, ColumnCount };
    Q_ENUM(Column)

    explicit EventsModel(QObject* parent = nullptr);

    /// Shows only events whose involvedObject.uid is in `uids` (the application's and its pods';
    /// empty = none).
    void setInvolvedUids(const QSet<QString>& uids);
    QSet<QString> involvedUids() const { return m_uids; }
    /// Whether `event` (a v1 Event) is about one of `uids`: its involvedObject.uid is among them.
    static bool concerns(const QJsonObject& event, const QSet<QString>& uids);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    bool accepts(const QJsonObject& object) const override;

private:
    QSet<QString> m_uids;
    QTimer m_clock;
};

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
    QTimer m_clock;
};

} // namespace model
