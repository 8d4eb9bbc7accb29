#pragma once

#include "informertablemodel.h"
#include "sparkapplication.h"

#include <QDateTime>
#include <QTimer>

namespace model {

/// The live table of SparkApplications: a view of a kube::Informer's store, one row per object,
/// updated as watch events arrive. Columns cover the CRD's printer columns (Suspend, Status,
/// Attempts, Start, Finish, Age) and more. Age and Duration refresh every second. Also records, per
/// application, the states it has been seen in (with the time SparkDeck saw each).
class ApplicationsModel : public InformerTableModel {
    Q_OBJECT
public:
    enum Column {
        Name, Namespace, State, Suspend, Type, Attempts, Executors, DriverPod, SparkAppId, Start, Finish, Duration, Age,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role {
        StateRole = FirstCustomRole, ///< QString application state ("" for new)
        DriverPodRole,               ///< QString driver pod name
        ErrorRole,                   ///< QString status.applicationState.errorMessage
    };

    explicit ApplicationsModel(QObject* parent = nullptr);

    /// One observed state change.
    struct StateChange {
        QDateTime seen;   ///< when SparkDeck saw it (local clock)
        QString state;
    };
    /// The states `key` was seen in, oldest first (the first entry is what the first list showed).
    QList<StateChange> stateHistory(const QString& key) const { return m_history.value(key); }
    /// The summary of `key`'s live object.
    ApplicationSummary summary(const QString& key) const { return m_summaries.value(key); }

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    void objectUpdated(const QString& key, const QJsonObject& object) override;

private:
    QHash<QString, ApplicationSummary> m_summaries;
    QHash<QString, QList<StateChange>> m_history;
    QTimer m_clock;
};

} // namespace model
