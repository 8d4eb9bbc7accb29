#pragma once

#include <QSortFilterProxyModel>

namespace model {

class ApplicationsModel;
struct ApplicationSummary;

/// Filters and sorts the applications table (an ApplicationsModel): the text filter matches every
/// whitespace-separated term, where "key=value" is a label term (metadata.labels) and anything else
/// a case-insensitive substring of the name, namespace or state; the state filter keeps one state
/// or a group ("active": not finished, "completed", "failed": FAILED / SUBMISSION_FAILED / FAILING).
/// Sorting uses InformerTableModel::SortRole; rows that tie (e.g. created in the same second) are
/// ordered by name, then namespace, ascending whatever the sort order, so they never swap places.
class ApplicationsFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit ApplicationsFilter(QObject* parent = nullptr);

    /// The ApplicationsModel whose rows come first in the source model (the source itself, or the
    /// first table of a QConcatenateTablesProxyModel): its rows are then filtered and tie-broken
    /// from its summaries directly rather than through data(). Call after setSourceModel(); nullptr
    /// (the default) reads every row through data().
    void setApplications(const ApplicationsModel* live);
    void setText(const QString& text);
    /// "" (all), "active", "completed", "failed", "NEW" (no state yet), or an application state such
    /// as "RUNNING".
    void setStateFilter(const QString& filter);
    QString stateFilter() const { return m_state; }

    /// Sorts as QSortFilterProxyModel::sort() does, but ranks the rows once first (their sort keys
    /// read once each), so the comparisons of the sort are of two integers. The ranks are dropped
    /// at the source's next change; comparisons after that read the rows again.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    void setSourceModel(QAbstractItemModel* source) override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    /// The summary of source row `row` when it is a row of setApplications()' model, else nullptr.
    const ApplicationSummary* liveSummary(int row, const QModelIndex& parent) const;

    /// The sort key of source row `row` in `column` and the names that break its ties.
    struct SortKey {
        QVariant value;
        QString name;
        QString ns;
    };
    SortKey sortKey(int row, int column) const;
    /// lessThan() of two rows' keys, in sort order `order`.
    static bool keyLess(const SortKey& l, const SortKey& r, Qt::SortOrder order);

    const ApplicationsModel* m_live = nullptr;
    QList<int> m_rank; // source row -> place in the order of sort(), for m_rankColumn and m_rankOrder
    int m_rankColumn = -1;
    Qt::SortOrder m_rankOrder = Qt::AscendingOrder;
    QList<QMetaObject::Connection> m_sourceConnections;
    QStringList m_terms;
    QList<QPair<QString, QString>> m_labels;
    QString m_state;
};

} // namespace model
