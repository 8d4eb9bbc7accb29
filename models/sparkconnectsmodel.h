#pragma once

#include "models/informertablemodel.h"
#include "models/sparkconnect.h"

namespace model {

/// The live table of SparkConnects (sparkoperator.k8s.io/v1alpha1): a view of a kube::Informer's
/// store, one row per object. Columns cover the CRD's printer columns (Status = .status.state,
/// PodName = .status.server.podName, Age) and more: the server's Service, the executors by phase
/// (status.executors), the Spark version and image. Age refreshes every second.
class SparkConnectsModel : public InformerTableModel {
    Q_OBJECT
public:
    enum Column { Name, Namespace, State, ServerPod, Service, Executors, SparkVersion, Image, Age, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        StateRole = FirstCustomRole, ///< QString status.state ("" for new)
        ServerPodRole,               ///< QString status.server.podName
        ServiceRole,                 ///< QString status.server.serviceName
        UidRole,                     ///< QString metadata.uid
    };
    explicit SparkConnectsModel(QObject* parent = nullptr);

    /// The summary of `key`'s live object (empty when there is none).
    SparkConnectSummary summary(const QString& key) const;

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

} // namespace model
