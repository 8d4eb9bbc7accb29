#include "models/applicationsfilter.h"

#include "models/applicationsmodel.h"

#include <QConcatenateTablesProxyModel>
#include <QJsonObject>

#include <algorithm>
#include <numeric>

namespace model {

ApplicationsFilter::ApplicationsFilter(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(InformerTableModel::SortRole);
    setDynamicSortFilter(true);
}

void ApplicationsFilter::setApplications(const ApplicationsModel* live)
{
    const auto* concatenated = qobject_cast<const QConcatenateTablesProxyModel*>(sourceModel());
    const bool first = sourceModel() == live || (concatenated && concatenated->sourceModels().value(0) == live);
    m_live = first ? live : nullptr;
}

const ApplicationSummary* ApplicationsFilter::liveSummary(int row, const QModelIndex& parent) const
{
    if (!m_live || parent.isValid() || row >= m_live->rowCount())
        return nullptr;
    return m_live->summaryAt(row);
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

ApplicationsFilter::SortKey ApplicationsFilter::sortKey(int row, int column) const
{
    if (const ApplicationSummary* s = liveSummary(row, {}))
        return {m_live->data(m_live->index(row, column), sortRole()), s->name, s->ns};
    const QModelIndex index = sourceModel()->index(row, column);
    return {index.data(sortRole()), index.siblingAtColumn(ApplicationsModel::Name).data().toString(),
            index.siblingAtColumn(ApplicationsModel::Namespace).data().toString()};
}

bool ApplicationsFilter::keyLess(const SortKey& l, const SortKey& r, Qt::SortOrder order)
{
    const QPartialOrdering byValue = QVariant::compare(l.value, r.value);
    if (byValue == QPartialOrdering::Less || byValue == QPartialOrdering::Greater)
        return byValue == QPartialOrdering::Less;
    // A tie: by name, then namespace, ascending in either sort order (the proxy reverses lessThan
    // for a descending sort, so undo that here).
    int c = QString::compare(l.name, r.name);
    if (c == 0)
        c = QString::compare(l.ns, r.ns);
    return order == Qt::AscendingOrder ? c < 0 : c > 0;
}

void ApplicationsFilter::setSourceModel(QAbstractItemModel* source)
{
    for (const QMetaObject::Connection& c : std::as_const(m_sourceConnections))
        disconnect(c);
    m_sourceConnections.clear();
    m_rank.clear();
    if (source) {
        // Connected before the base class connects its own handlers, so the ranks are gone before
        // it compares rows that changed.
        auto drop = [this] { m_rank.clear(); };
        m_sourceConnections << connect(source, &QAbstractItemModel::dataChanged, this, drop)
                            << connect(source, &QAbstractItemModel::rowsInserted, this, drop)
                            << connect(source, &QAbstractItemModel::rowsRemoved, this, drop)
                            << connect(source, &QAbstractItemModel::rowsMoved, this, drop)
                            << connect(source, &QAbstractItemModel::layoutChanged, this, drop)
                            << connect(source, &QAbstractItemModel::modelReset, this, drop);
    }
    QSortFilterProxyModel::setSourceModel(source);
}

void ApplicationsFilter::sort(int column, Qt::SortOrder order)
{
    if (dynamicSortFilter() && column == sortColumn() && order == sortOrder())
        return; // sorted already (as QSortFilterProxyModel::sort() decides)
    m_rank.clear();
    const QAbstractItemModel* source = sourceModel();
    if (source && column >= 0) {
        const int rows = source->rowCount();
        QList<SortKey> keys;
        keys.reserve(rows);
        for (int row = 0; row < rows; ++row)
            keys << sortKey(row, column);
        QList<int> byKey(rows);
        std::iota(byKey.begin(), byKey.end(), 0);
        std::stable_sort(byKey.begin(), byKey.end(), [&](int l, int r) { return keyLess(keys.at(l), keys.at(r), order); });
        m_rank.resize(rows);
        for (int place = 0; place < rows; ++place)
            m_rank[byKey.at(place)] = place;
        m_rankColumn = column;
        m_rankOrder = order;
    }
    QSortFilterProxyModel::sort(column, order);
}

bool ApplicationsFilter::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    if (!m_rank.isEmpty() && left.column() == m_rankColumn && sortOrder() == m_rankOrder && !left.parent().isValid()
        && left.row() < m_rank.size() && right.row() < m_rank.size())
        return m_rank.at(left.row()) < m_rank.at(right.row());
    return keyLess(sortKey(left.row(), left.column()), sortKey(right.row(), right.column()), sortOrder());
}

bool ApplicationsFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QAbstractItemModel* source = sourceModel();
    auto nameIndex = [&] { return source->index(sourceRow, ApplicationsModel::Name, sourceParent); };
    // A live row straight from its summary: every row is filtered at each keystroke.
    const ApplicationSummary* live = liveSummary(sourceRow, sourceParent);
    const QString state = live ? live->state : nameIndex().data(ApplicationsModel::StateRole).toString();
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
    const QString name = live ? live->name : nameIndex().data().toString();
    const QString ns = live ? live->ns : source->index(sourceRow, ApplicationsModel::Namespace, sourceParent).data().toString();
    QString label; // the state's label, made only when a term is neither in the name nor the namespace
    for (const QString& term : m_terms) {
        if (name.contains(term, Qt::CaseInsensitive) || ns.contains(term, Qt::CaseInsensitive))
            continue;
        if (label.isNull())
            label = spark::stateLabel(state);
        if (!label.contains(term, Qt::CaseInsensitive))
            return false;
    }
    if (!m_labels.isEmpty()) {
        const QJsonObject object = live ? m_live->objectAt(sourceRow) : nameIndex().data(InformerTableModel::ObjectRole).toJsonObject();
        const QJsonObject labels = object.value(QLatin1String("metadata")).toObject()
                                       .value(QLatin1String("labels")).toObject();
        for (const auto& [key, value] : m_labels)
            if (labels.value(key).toString() != value)
                return false;
    }
    return true;
}

} // namespace model
