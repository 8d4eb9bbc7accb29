#pragma once

#include "app/history/historystore.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <QTimer>

namespace history {

/// The runs of a HistoryStore as a table (the History tab): one row per stored run, newest
/// `finished` first, with the columns of the Applications table that still mean something once a
/// run is over. Rows are re-read from the store (HistoryStore::runs() with query()) when the store
/// emits changed() and on refresh(); the ages in Finished are refreshed every 30 s. Runs no longer
/// on the cluster (Run::goneFromCluster) carry GoneRole and model::Look::Gone as their foreground.
/// QtCore only; used on the thread that owns the store.
class HistoryRunsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Namespace, State, Finished, Duration, Context, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        RunIdRole = Qt::UserRole + 100, ///< qint64 Run::id (past model::InformerTableModel's roles, which GoneApplicationsModel also answers)
        GoneRole,                     ///< bool Run::goneFromCluster
        StateRole,                    ///< QString Run::state (e.g. "FAILED")
        SortRole,                     ///< a value that sorts the column naturally (times as ms)
        ClusterRole,                  ///< QString Run::cluster
    };

    explicit HistoryRunsModel(QObject* parent = nullptr);

    /// Shows the runs of `store` (nullptr = none). The model does not own the store.
    void setStore(HistoryStore* store);
    HistoryStore* store() const { return m_store; }
    /// Which runs are shown (default: all). Re-reads the store.
    void setQuery(const RunQuery& query);
    RunQuery query() const { return m_query; }

    /// The run of `row` as listed (without driver log); a default Run when out of range.
    Run runAt(int row) const { return m_runs.value(row); }
    /// The row of run `id`, or -1.
    int rowOfId(qint64 id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

public slots:
    /// Reads the runs again. Rows of runs still listed keep their place when the list is unchanged
    /// in order (only their cells change); otherwise the model is reset.
    void refresh();

private:
    QPointer<HistoryStore> m_store;
    RunQuery m_query;
    QList<Run> m_runs;
    QTimer m_clock;
};

/// The runs of one cluster that are gone from it, laid out in model::ApplicationsModel's columns
/// and roles (KeyRole "history:<run id>", StateRole, ObjectRole, SortRole), so the Applications
/// table can list them under its live rows (QConcatenateTablesProxyModel) with the same filter
/// and sorting. Empty until setEnabled(true) ("Show gone applications"). Rows follow the store's
/// changed(); every row carries HistoryRunsModel::GoneRole and RunIdRole and is greyed
/// (model::Look::Gone).
class GoneApplicationsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit GoneApplicationsModel(QObject* parent = nullptr);

    /// The key prefix of gone rows: "history:" + run id.
    static QString keyPrefix();
    /// The run id of a key made by this model, 0 when `key` is not one.
    static qint64 runIdOfKey(const QString& key);

    void setStore(HistoryStore* store);
    /// The cluster (Run::cluster: its API server URL) and namespace ("" = all) whose gone runs are shown.
    void setScope(const QString& cluster, const QString& ns);
    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

public slots:
    void refresh();

private:
    QPointer<HistoryStore> m_store;
    QString m_cluster;
    QString m_ns;
    bool m_enabled = false;
    QList<Run> m_runs;
};

} // namespace history
