#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <memory>

namespace model {

class ApplicationsModel;

/// The "All clusters" table: one flat table of the rows of several source tables, one per cluster
/// (kubeconfig context), each normally a model::ApplicationsModel. Column 0 is "Cluster" (the
/// context name); the sources' columns follow (merged column c + 1 = source column c), and every
/// role of those is the source's. Rows come source after source, in the order the sources were
/// added, each source's rows in its own order; sort or filter with a QSortFilterProxyModel on top
/// (ClusterRole / SortRole of column 0 is the cluster name).
///
/// Follows the sources live: their row inserts, removals and moves, dataChanged and layout changes
/// become the same signals here at the source's row offset; a source's reset becomes a removal of
/// its old rows and an insertion of its new ones, so the other clusters' rows, selection and
/// persistent indexes stay put. A source deleted while merged is dropped. Sources must be flat
/// tables (no children) with at least sourceColumnCount() columns; the model does not own them.
/// Lives in the thread of its sources.
class AllApplicationsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        /// QString cluster (context) name of the row, on every column. Chosen far above the
        /// sources' roles so it never hides one of them.
        ClusterRole = Qt::UserRole + 0x4000,
    };

    /// `sourceColumns`: how many columns of each source are shown (default: model::ApplicationsModel's).
    explicit AllApplicationsModel(QObject* parent = nullptr);
    AllApplicationsModel(int sourceColumns, QObject* parent);
    ~AllApplicationsModel() override;

    /// Adds `model` as the rows of `cluster` after the sources already merged. Replaces the source
    /// of a cluster already present (its old rows go first). Ignored when `model` is null.
    void addSource(const QString& cluster, QAbstractItemModel* model);
    /// Removes the rows of `cluster`; false when it is not merged.
    bool removeSource(const QString& cluster);
    /// Merged cluster names in row order.
    QStringList clusters() const;
    /// The source of `cluster`, or nullptr.
    QAbstractItemModel* sourceModel(const QString& cluster) const;
    int sourceColumnCount() const { return m_sourceColumns; }

    /// Where a merged index comes from: the cluster and the source's index (the Cluster column maps
    /// to the source's column 0). Empty cluster and an invalid index for an invalid `index`.
    struct SourceIndex {
        QString cluster;
        QModelIndex index;
    };
    SourceIndex mapToSource(const QModelIndex& index) const;
    /// The merged index of `sourceIndex` of `cluster` (its column + 1); invalid when not merged.
    QModelIndex mapFromSource(const QString& cluster, const QModelIndex& sourceIndex) const;
    /// The merged row of `sourceRow` of `cluster`, or -1.
    int rowOf(const QString& cluster, int sourceRow) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Source {
        QString cluster;
        QPointer<QAbstractItemModel> model;
        const QAbstractItemModel* raw = nullptr; // identifies the source in its destroyed()
        int rows = 0;                       // as last announced by the source's signals
        QList<QMetaObject::Connection> connections;
        QList<QPersistentModelIndex> layoutSource; // during a source layout change
        QModelIndexList layoutProxy;
    };
    int indexOfSource(const QAbstractItemModel* model) const;
    int indexOfCluster(const QString& cluster) const;
    int offsetOf(int source) const;
    void removeAt(int source);
    void connectSource(Source& source);

    QList<Source> m_sources;
    int m_sourceColumns;
    std::unique_ptr<ApplicationsModel> m_headers; // the column titles with no source merged
};

} // namespace model
