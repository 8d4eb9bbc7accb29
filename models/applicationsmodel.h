#pragma once

#include "sparkapplication.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>
#include <QTimer>

#include "informer.h"

namespace model {

/// The live table of SparkApplications: a view of a kube::Informer's store, one row per object,
/// rows added, changed and removed as watch events arrive. Age and Duration refresh every second.
class ApplicationsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Namespace, State, Type, Attempts, Executors, Start, Finish, Duration, Age, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        KeyRole = Qt::UserRole + 1, ///< QString "namespace/name"
        StateRole,                  ///< QString application state ("" for new)
        ObjectRole,                 ///< QJsonObject, the whole live object
        SortRole,                   ///< a value that sorts the column naturally (times as ms)
        DriverPodRole,              ///< QString driver pod name
    };

    explicit ApplicationsModel(QObject* parent = nullptr);

    /// Shows `informer`'s objects (nullptr = empty table). The model does not own the informer.
    void setInformer(kube::Informer* informer);
    kube::Informer* informer() const { return m_informer; }

    /// Row of `key` ("namespace/name"), or -1.
    int rowOf(const QString& key) const;
    QString keyAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void reset();
    void onAdded(const QString& key);
    void onUpdated(const QString& key);
    void onRemoved(const QString& key);
    void refreshTimes();

    QPointer<kube::Informer> m_informer;
    QList<QString> m_keys;
    QHash<QString, int> m_rows;
    QHash<QString, ApplicationSummary> m_summaries;
    QTimer m_clock;
};

} // namespace model
