#include "models/clusterlistmodel.h"

namespace model {

ClusterListModel::ClusterListModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

QString ClusterListModel::stateText(State state)
{
    switch (state) {
    case State::Closed: return tr("Closed");
    case State::Connecting: return tr("Connecting");
    case State::Live: return tr("Live");
    case State::Reconnecting: return tr("Reconnecting");
    case State::Failed: return tr("Failed");
    }
    return {};
}

void ClusterListModel::setKubeconfig(const kube::Kubeconfig& config)
{
    m_config = config;
    QList<Row> fresh;
    for (const QString& name : config.contextNames()) {
        const kube::ContextEntry* context = config.context(name);
        Row row;
        row.context = name;
        if (context) {
            row.user = context->user;
            row.ns = context->ns.isEmpty() ? QStringLiteral("default") : context->ns;
            if (const kube::ClusterEntry* cluster = config.cluster(context->cluster))
                row.server = cluster->server;
        }
        fresh << row;
    }
    QStringList freshNames;
    for (const Row& row : std::as_const(fresh))
        freshNames << row.context;

    // Gone contexts first.
    QStringList gone;
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (freshNames.contains(m_rows.at(i).context))
            continue;
        beginRemoveRows({}, i, i);
        gone << m_rows.takeAt(i).context;
        endRemoveRows();
    }

    const QString oldCurrent = m_current;
    m_current = config.currentContext();

    // The contexts that remain keep their order in every kubeconfig edit but a reordering one;
    // then the rows are rebuilt (with their states) in one reset.
    const QStringList remaining = contexts();
    QStringList remainingInFresh;
    for (const QString& name : std::as_const(freshNames))
        if (remaining.contains(name))
            remainingInFresh << name;
    if (remaining != remainingInFresh) {
        beginResetModel();
        QList<Row> rebuilt;
        for (Row row : std::as_const(fresh)) {
            const qsizetype at = remaining.indexOf(row.context); // rows and `remaining` match here
            if (at >= 0) {
                const Row& old = m_rows.at(at);
                row.state = old.state;
                row.detail = old.detail;
                row.applications = old.applications;
                row.open = old.open;
            }
            rebuilt << row;
        }
        m_rows = rebuilt;
        endResetModel();
    } else {
        for (int i = 0; i < fresh.size(); ++i) {
            const Row& want = fresh.at(i);
            if (i < m_rows.size() && m_rows.at(i).context == want.context) {
                Row& row = m_rows[i];
                const bool changed = row.server != want.server || row.user != want.user || row.ns != want.ns;
                row.server = want.server;
                row.user = want.user;
                row.ns = want.ns;
                if (changed || oldCurrent != m_current)
                    rowChanged(i);
                continue;
            }
            beginInsertRows({}, i, i);
            m_rows.insert(i, want);
            endInsertRows();
        }
    }
    for (const QString& name : std::as_const(gone))
        emit contextRemoved(name);
}

void ClusterListModel::watchFiles(const QStringList& files, bool explicitFiles)
{
    m_files = files;
    m_explicitFiles = explicitFiles;
    if (!m_watcher) {
        m_watcher = new kube::KubeconfigWatcher(this);
        connect(m_watcher, &kube::KubeconfigWatcher::changed, this, [this] { reload(); });
    }
    m_watcher->setFiles(files);
    reload();
}

bool ClusterListModel::reload()
{
    kube::KubeconfigError error;
    const auto config = kube::Kubeconfig::load(m_files, m_explicitFiles, &error);
    const bool errorChanged = error.toString() != m_loadError.toString();
    m_loadError = config ? kube::KubeconfigError{} : error;
    if (config)
        setKubeconfig(*config);
    if (errorChanged)
        emit loadErrorChanged();
    return config.has_value();
}

int ClusterListModel::rowOf(const QString& context) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).context == context)
            return i;
    return -1;
}

QStringList ClusterListModel::contexts() const
{
    QStringList out;
    for (const Row& row : m_rows)
        out << row.context;
    return out;
}

bool ClusterListModel::setState(const QString& context, State state, const QString& detail, int applications)
{
    const int i = rowOf(context);
    if (i < 0)
        return false;
    Row& row = m_rows[i];
    if (row.state == state && row.detail == detail && row.applications == applications)
        return true;
    row.state = state;
    row.detail = detail;
    row.applications = applications;
    rowChanged(i);
    return true;
}

ClusterListModel::State ClusterListModel::state(const QString& context) const
{
    const int i = rowOf(context);
    return i < 0 ? State::Closed : m_rows.at(i).state;
}

QString ClusterListModel::detail(const QString& context) const
{
    const int i = rowOf(context);
    return i < 0 ? QString() : m_rows.at(i).detail;
}

int ClusterListModel::applicationCount(const QString& context) const
{
    const int i = rowOf(context);
    return i < 0 ? -1 : m_rows.at(i).applications;
}

bool ClusterListModel::setOpen(const QString& context, bool open)
{
    const int i = rowOf(context);
    if (i < 0)
        return false;
    if (m_rows.at(i).open != open) {
        m_rows[i].open = open;
        rowChanged(i);
        emit openChanged(context, open);
    }
    return true;
}

bool ClusterListModel::isOpen(const QString& context) const
{
    const int i = rowOf(context);
    return i >= 0 && m_rows.at(i).open;
}

QStringList ClusterListModel::openContexts() const
{
    QStringList out;
    for (const Row& row : m_rows)
        if (row.open)
            out << row.context;
    return out;
}

void ClusterListModel::rowChanged(int row)
{
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int ClusterListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ClusterListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClusterListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(index.row());
    const bool current = row.context == m_current;
    switch (role) {
    case ContextRole: return row.context;
    case StateRole: return int(row.state);
    case DetailRole: return row.detail;
    case CountRole: return row.applications;
    case OpenRole: return row.open;
    case CurrentRole: return current;
    case Qt::CheckStateRole:
        if (index.column() == Context)
            return row.open ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Status && !row.detail.isEmpty())
            return row.detail;
        if (index.column() == Context && current)
            return tr("The kubeconfig's current context");
        return {};
    case SortRole:
        switch (index.column()) {
        case Status: return int(row.state);
        case Applications: return row.applications;
        default: return data(index, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        switch (index.column()) {
        case Context: return row.context;
        case Server: return row.server;
        case User: return row.user;
        case Namespace: return row.ns;
        case Status:
            return row.detail.isEmpty() ? stateText(row.state)
                                        : stateText(row.state) + QStringLiteral(" — ") + row.detail;
        case Applications: return row.applications < 0 ? QString() : QString::number(row.applications);
        }
        return {};
    default:
        return {};
    }
}

bool ClusterListModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || index.column() != Context || role != Qt::CheckStateRole)
        return false;
    return setOpen(m_rows.at(index.row()).context, value.toInt() == Qt::Checked);
}

Qt::ItemFlags ClusterListModel::flags(const QModelIndex& index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (index.column() == Context)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

QVariant ClusterListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Context: return tr("Context");
    case Server: return tr("Server");
    case User: return tr("User");
    case Namespace: return tr("Namespace");
    case Status: return tr("State");
    case Applications: return tr("Applications");
    }
    return {};
}

} // namespace model
