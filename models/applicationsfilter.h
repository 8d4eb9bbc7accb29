#pragma once

#include <QSortFilterProxyModel>

namespace model {

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

    void setText(const QString& text);
    /// "" (all), "active", "completed", "failed", "NEW" (no state yet), or an application state such
    /// as "RUNNING".
    void setStateFilter(const QString& filter);
    QString stateFilter() const { return m_state; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    QStringList m_terms;
    QList<QPair<QString, QString>> m_labels;
    QString m_state;
};

} // namespace model
