#pragma once

#include "models/informertablemodel.h"

#include <QSet>

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
};

} // namespace model
