#include "models/applicationsfilter.h"

#include "models/applicationsmodel.h"

#include <QJsonObject>

namespace model {

ApplicationsFilter::ApplicationsFilter(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(InformerTableModel::SortRole);
    setDynamicSortFilter(true);
}

void ApplicationsFilter::setText(const QString& text)
{
    m_terms.clear();
    m_labels.clear();
    for (const QString& term : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const qsizetype eq = term.indexOf(QLatin1Char('='));
        if (eq > 0)
            m_labels << qMakePair(term.left(eq), term.mid(eq + 1));
        else
            m_terms << term;
    }
    invalidateFilter();
}

void ApplicationsFilter::setStateFilter(const QString& filter)
{
    m_state = filter;
    invalidateFilter();
}

bool ApplicationsFilter::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const QVariant l = left.data(sortRole());
    const QVariant r = right.data(sortRole());
    const QPartialOrdering order = QVariant::compare(l, r);
    if (order == QPartialOrdering::Less || order == QPartialOrdering::Greater)
        return order == QPartialOrdering::Less;
    // A tie: by name, then namespace, ascending in either sort order (the proxy reverses lessThan
    // for a descending sort, so undo that here).
    auto text = [](const QModelIndex& i, int column) { return i.siblingAtColumn(column).data().toString(); };
    int c = QString::compare(text(left, ApplicationsModel::Name), text(right, ApplicationsModel::Name));
    if (c == 0)
        c = QString::compare(text(left, ApplicationsModel::Namespace), text(right, ApplicationsModel::Namespace));
    return sortOrder() == Qt::AscendingOrder ? c < 0 : c > 0;
}

bool ApplicationsFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QAbstractItemModel* source = sourceModel();
    const QModelIndex nameIndex = source->index(sourceRow, ApplicationsModel::Name, sourceParent);
    const QString state = nameIndex.data(ApplicationsModel::StateRole).toString();
    if (!m_state.isEmpty()) {
        bool keep = false;
        if (m_state == QLatin1String("active"))
            keep = !spark::isTerminalState(state);
        else if (m_state == QLatin1String("completed"))
            keep = state == QLatin1String("COMPLETED");
        else if (m_state == QLatin1String("failed"))
            keep = state == QLatin1String("FAILED") || state == QLatin1String("SUBMISSION_FAILED") || state == QLatin1String("FAILING");
        else if (m_state == QLatin1String("NEW"))
            keep = state.isEmpty();
        else
            keep = state == m_state;
        if (!keep)
            return false;
    }
    if (m_terms.isEmpty() && m_labels.isEmpty())
        return true;
    const QString name = nameIndex.data().toString();
    const QString ns = source->index(sourceRow, ApplicationsModel::Namespace, sourceParent).data().toString();
    const QString label = spark::stateLabel(state);
    for (const QString& term : m_terms)
        if (!name.contains(term, Qt::CaseInsensitive) && !ns.contains(term, Qt::CaseInsensitive) && !label.contains(term, Qt::CaseInsensitive))
            return false;
    if (!m_labels.isEmpty()) {
        const QJsonObject labels = nameIndex.data(InformerTableModel::ObjectRole).toJsonObject()
                                       .value(QLatin1String("metadata")).toObject()
                                       .value(QLatin1String("labels")).toObject();
        for (const auto& [key, value] : m_labels)
            if (labels.value(key).toString() != value)
                return false;
    }
    return true;
}

} // namespace model
