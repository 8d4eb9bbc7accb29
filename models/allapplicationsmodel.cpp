#include "models/allapplicationsmodel.h"

#include "models/applicationsmodel.h"

namespace model {

AllApplicationsModel::AllApplicationsModel(QObject* parent)
    : AllApplicationsModel(ApplicationsModel::ColumnCount, parent)
{
    m_headers = std::make_unique<ApplicationsModel>();
}

AllApplicationsModel::AllApplicationsModel(int sourceColumns, QObject* parent)
    : QAbstractTableModel(parent)
    , m_sourceColumns(sourceColumns)
{
}

AllApplicationsModel::~AllApplicationsModel()
{
    for (Source& source : m_sources)
        for (const QMetaObject::Connection& c : std::as_const(source.connections))
            disconnect(c);
}

int AllApplicationsModel::indexOfSource(const QAbstractItemModel* model) const
{
    for (int i = 0; i < m_sources.size(); ++i)
        if (m_sources.at(i).raw == model)
            return i;
    return -1;
}

int AllApplicationsModel::indexOfCluster(const QString& cluster) const
{
    for (int i = 0; i < m_sources.size(); ++i)
        if (m_sources.at(i).cluster == cluster)
            return i;
    return -1;
}

int AllApplicationsModel::offsetOf(int source) const
{
    int offset = 0;
    for (int i = 0; i < source; ++i)
        offset += m_sources.at(i).rows;
    return offset;
}

QStringList AllApplicationsModel::clusters() const
{
    QStringList out;
    for (const Source& source : m_sources)
        out << source.cluster;
    return out;
}

QAbstractItemModel* AllApplicationsModel::sourceModel(const QString& cluster) const
{
    const int i = indexOfCluster(cluster);
    return i < 0 ? nullptr : m_sources.at(i).model.data();
}

void AllApplicationsModel::addSource(const QString& cluster, QAbstractItemModel* model)
{
    if (!model)
        return;
    removeSource(cluster);
    Source source;
    source.cluster = cluster;
    source.model = model;
    source.raw = model;
    const int rows = model->rowCount();
    const int first = offsetOf(int(m_sources.size()));
    if (rows > 0)
        beginInsertRows({}, first, first + rows - 1);
    source.rows = rows;
    m_sources << source;
    connectSource(m_sources.last());
    if (rows > 0)
        endInsertRows();
}

bool AllApplicationsModel::removeSource(const QString& cluster)
{
    const int i = indexOfCluster(cluster);
    if (i < 0)
        return false;
    removeAt(i);
    return true;
}

void AllApplicationsModel::removeAt(int i)
{
    Source& source = m_sources[i];
    for (const QMetaObject::Connection& c : std::as_const(source.connections))
        disconnect(c);
    source.connections.clear();
    const int first = offsetOf(i);
    if (source.rows > 0)
        beginRemoveRows({}, first, first + source.rows - 1);
    const bool hadRows = source.rows > 0;
    m_sources.removeAt(i);
    if (hadRows)
        endRemoveRows();
}

void AllApplicationsModel::connectSource(Source& source)
{
    QAbstractItemModel* model = source.model;
    const QAbstractItemModel* raw = source.raw;
    auto at = [this, raw] { return indexOfSource(raw); };
    QList<QMetaObject::Connection>& c = source.connections;

    c << connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this, [this, at](const QModelIndex& parent, int first, int last) {
        if (parent.isValid())
            return;
        const int offset = offsetOf(at());
        beginInsertRows({}, offset + first, offset + last);
    });
    c << connect(model, &QAbstractItemModel::rowsInserted, this, [this, at](const QModelIndex& parent, int first, int last) {
        if (parent.isValid())
            return;
        m_sources[at()].rows += last - first + 1;
        endInsertRows();
    });
    c << connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this, at](const QModelIndex& parent, int first, int last) {
        if (parent.isValid())
            return;
        const int offset = offsetOf(at());
        beginRemoveRows({}, offset + first, offset + last);
    });
    c << connect(model, &QAbstractItemModel::rowsRemoved, this, [this, at](const QModelIndex& parent, int first, int last) {
        if (parent.isValid())
            return;
        m_sources[at()].rows -= last - first + 1;
        endRemoveRows();
    });
    c << connect(model, &QAbstractItemModel::rowsAboutToBeMoved, this,
                 [this, at](const QModelIndex& from, int first, int last, const QModelIndex& to, int destination) {
                     if (from.isValid() || to.isValid())
                         return;
                     const int offset = offsetOf(at());
                     beginMoveRows({}, offset + first, offset + last, {}, offset + destination);
                 });
    c << connect(model, &QAbstractItemModel::rowsMoved, this,
                 [this](const QModelIndex& from, int, int, const QModelIndex& to, int) {
                     if (!from.isValid() && !to.isValid())
                         endMoveRows();
                 });
    // A source's reset is the removal of all its rows and the insertion of the new ones.
    c << connect(model, &QAbstractItemModel::modelAboutToBeReset, this, [this, at] {
        const int i = at();
        if (m_sources.at(i).rows == 0)
            return;
        const int offset = offsetOf(i);
        beginRemoveRows({}, offset, offset + m_sources.at(i).rows - 1);
        m_sources[i].rows = 0;
        endRemoveRows();
    });
    c << connect(model, &QAbstractItemModel::modelReset, this, [this, at] {
        const int i = at();
        const int rows = m_sources.at(i).model->rowCount();
        if (rows == 0)
            return;
        const int offset = offsetOf(i);
        beginInsertRows({}, offset, offset + rows - 1);
        m_sources[i].rows = rows;
        endInsertRows();
    });
    c << connect(model, &QAbstractItemModel::dataChanged, this,
                 [this, at](const QModelIndex& topLeft, const QModelIndex& bottomRight, const QList<int>& roles) {
                     if (!topLeft.isValid() || topLeft.parent().isValid() || topLeft.column() >= m_sourceColumns)
                         return;
                     const int offset = offsetOf(at());
                     // Column 0 (Cluster) shows the source column 0's custom roles too.
                     const int left = topLeft.column() == 0 ? 0 : topLeft.column() + 1;
                     const int right = std::min(bottomRight.column(), m_sourceColumns - 1) + 1;
                     emit dataChanged(index(offset + topLeft.row(), left), index(offset + bottomRight.row(), right), roles);
                 });
    c << connect(model, &QAbstractItemModel::layoutAboutToBeChanged, this,
                 [this, at](const QList<QPersistentModelIndex>& parents, QAbstractItemModel::LayoutChangeHint hint) {
                     if (!parents.isEmpty() && !parents.contains(QPersistentModelIndex()))
                         return;
                     emit layoutAboutToBeChanged({}, hint);
                     Source& source = m_sources[at()];
                     const int offset = offsetOf(at());
                     source.layoutProxy.clear();
                     source.layoutSource.clear();
                     for (const QModelIndex& index : persistentIndexList()) {
                         if (index.row() < offset || index.row() >= offset + source.rows)
                             continue;
                         source.layoutProxy << index;
                         source.layoutSource << QPersistentModelIndex(
                             source.model->index(index.row() - offset, std::max(0, index.column() - 1)));
                     }
                 });
    c << connect(model, &QAbstractItemModel::layoutChanged, this,
                 [this, at](const QList<QPersistentModelIndex>& parents, QAbstractItemModel::LayoutChangeHint hint) {
                     if (!parents.isEmpty() && !parents.contains(QPersistentModelIndex()))
                         return;
                     Source& source = m_sources[at()];
                     const int offset = offsetOf(at());
                     for (int k = 0; k < source.layoutProxy.size(); ++k) {
                         const QModelIndex old = source.layoutProxy.at(k);
                         const QPersistentModelIndex& now = source.layoutSource.at(k);
                         changePersistentIndex(old, now.isValid() ? index(offset + now.row(), old.column()) : QModelIndex());
                     }
                     source.layoutProxy.clear();
                     source.layoutSource.clear();
                     emit layoutChanged({}, hint);
                 });
    c << connect(model, &QAbstractItemModel::headerDataChanged, this,
                 [this](Qt::Orientation orientation, int first, int last) {
                     if (orientation == Qt::Horizontal && first < m_sourceColumns)
                         emit headerDataChanged(orientation, first + 1, std::min(last, m_sourceColumns - 1) + 1);
                 });
    c << connect(model, &QObject::destroyed, this, [this, raw] {
        const int i = indexOfSource(raw);
        if (i >= 0)
            removeAt(i);
    });
}

AllApplicationsModel::SourceIndex AllApplicationsModel::mapToSource(const QModelIndex& index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    int row = index.row();
    for (const Source& source : m_sources) {
        if (row < source.rows) {
            if (!source.model)
                return {source.cluster, {}};
            return {source.cluster, source.model->index(row, std::max(0, index.column() - 1))};
        }
        row -= source.rows;
    }
    return {};
}

QModelIndex AllApplicationsModel::mapFromSource(const QString& cluster, const QModelIndex& sourceIndex) const
{
    const int i = indexOfCluster(cluster);
    if (i < 0 || !sourceIndex.isValid() || sourceIndex.model() != m_sources.at(i).raw || sourceIndex.parent().isValid()
        || sourceIndex.row() >= m_sources.at(i).rows || sourceIndex.column() >= m_sourceColumns)
        return {};
    return index(offsetOf(i) + sourceIndex.row(), sourceIndex.column() + 1);
}

int AllApplicationsModel::rowOf(const QString& cluster, int sourceRow) const
{
    const int i = indexOfCluster(cluster);
    if (i < 0 || sourceRow < 0 || sourceRow >= m_sources.at(i).rows)
        return -1;
    return offsetOf(i) + sourceRow;
}

int AllApplicationsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : offsetOf(int(m_sources.size()));
}

int AllApplicationsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_sourceColumns + 1;
}

QVariant AllApplicationsModel::data(const QModelIndex& index, int role) const
{
    const SourceIndex source = mapToSource(index);
    if (source.cluster.isEmpty() && !source.index.isValid())
        return {};
    if (role == ClusterRole)
        return source.cluster;
    if (index.column() == 0) {
        switch (role) {
        case Qt::DisplayRole:
        case Qt::ToolTipRole:
        case InformerTableModel::SortRole:
            return source.cluster;
        default:
            // Role-based lookups (KeyRole, ObjectRole, StateRole, ...) work on the Cluster column too.
            return role >= Qt::UserRole && source.index.isValid() ? source.index.data(role) : QVariant();
        }
    }
    return source.index.isValid() ? source.index.data(role) : QVariant();
}

Qt::ItemFlags AllApplicationsModel::flags(const QModelIndex& index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    if (index.column() == 0)
        return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    const SourceIndex source = mapToSource(index);
    const Qt::ItemFlags f = source.index.isValid() ? source.index.flags() : Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    return (f & ~(Qt::ItemIsEditable | Qt::ItemIsDragEnabled | Qt::ItemIsDropEnabled)) | Qt::ItemNeverHasChildren;
}

QVariant AllApplicationsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section > m_sourceColumns)
        return {};
    if (section == 0)
        return role == Qt::DisplayRole ? QVariant(tr("Cluster")) : QVariant();
    if (m_headers)
        return m_headers->headerData(section - 1, orientation, role);
    for (const Source& source : m_sources)
        if (source.model)
            return source.model->headerData(section - 1, orientation, role);
    return {};
}

} // namespace model
