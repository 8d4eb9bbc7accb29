#include "app/history/historyrunsmodel.h"

#include "models/applicationsmodel.h"
#include "models/looks.h"
#include "models/sparkapplication.h"
#include "models/tablecells.h"

#include <QUrl>

namespace history {

namespace {

/// Milliseconds the run ran: from its last submission to status.terminationTime; -1 without either
/// (e.g. SUBMISSION_FAILED: nothing ran), as the Applications table counts it.
qint64 durationOf(const Run& run)
{
    const model::ApplicationSummary s = model::ApplicationSummary::from(run.object);
    return s.started.isValid() && s.finished.isValid() && s.started <= s.finished ? s.started.msecsTo(s.finished) : -1;
}

QString goneTip()
{
    return QObject::tr("Gone from the cluster: deleted (by kubectl delete or the operator's TTL). SparkDeck kept its "
                       "spec, status, events and driver log.");
}

} // namespace

HistoryRunsModel::HistoryRunsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
    m_clock.setInterval(30000);
    connect(&m_clock, &QTimer::timeout, this, [this] {
        if (!m_runs.isEmpty())
            emit dataChanged(index(0, Finished), index(int(m_runs.size()) - 1, Finished));
    });
    m_clock.start();
}

void HistoryRunsModel::setStore(HistoryStore* store)
{
    if (m_store)
        disconnect(m_store, nullptr, this, nullptr);
    m_store = store;
    if (store)
        connect(store, &HistoryStore::changed, this, &HistoryRunsModel::refresh);
    refresh();
}

void HistoryRunsModel::setQuery(const RunQuery& query)
{
    m_query = query;
    refresh();
}

void HistoryRunsModel::refresh()
{
    QList<Run> runs = m_store && m_store->isOpen() ? m_store->runs(m_query) : QList<Run>();
    bool sameOrder = runs.size() == m_runs.size();
    for (qsizetype i = 0; sameOrder && i < runs.size(); ++i)
        sameOrder = runs[i].id == m_runs[i].id;
    if (!sameOrder) {
        beginResetModel();
        m_runs = std::move(runs);
        endResetModel();
        return;
    }
    m_runs = std::move(runs);
    if (!m_runs.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_runs.size()) - 1, ColumnCount - 1));
}

int HistoryRunsModel::rowOfId(qint64 id) const
{
    for (qsizetype i = 0; i < m_runs.size(); ++i)
        if (m_runs[i].id == id)
            return int(i);
    return -1;
}

int HistoryRunsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int HistoryRunsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryRunsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Run& run = m_runs[index.row()];
    switch (role) {
    case RunIdRole:
        return run.id;
    case GoneRole:
        return run.goneFromCluster;
    case StateRole:
        return run.state;
    case ClusterRole:
        return run.cluster;
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name: return run.name;
        case Namespace: return run.ns;
        case State:
            return run.goneFromCluster ? tr("%1 · Gone").arg(model::spark::stateLabel(run.state)) : model::spark::stateLabel(run.state);
        case Finished: return run.finished.isValid() ? tr("%1 ago").arg(model::cells::age(run.finished)) : QString();
        case Duration: {
            const qint64 ms = durationOf(run);
            return ms < 0 ? QString() : model::humanDuration(ms);
        }
        case Context: return run.context.isEmpty() ? run.cluster : run.context;
        }
        return {};
    case SortRole:
        switch (index.column()) {
        case Finished: return run.finished.isValid() ? run.finished.toMSecsSinceEpoch() : 0;
        case Duration: return durationOf(run);
        default: return data(index, Qt::DisplayRole);
        }
    case Qt::DecorationRole:
        return index.column() == State ? model::look(model::Look::ApplicationState, run.state, role) : QVariant();
    case Qt::ForegroundRole:
        if (run.goneFromCluster)
            return model::look(model::Look::Gone, {}, role);
        return index.column() == State ? model::look(model::Look::ApplicationState, run.state, role) : QVariant();
    case Qt::ToolTipRole:
        if (index.column() == State && !run.errorMessage.isEmpty())
            return run.errorMessage;
        if (run.goneFromCluster)
            return goneTip();
        if (index.column() == Finished)
            return model::cells::localTime(run.finished);
        if (index.column() == Context)
            return run.cluster;
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Finished || index.column() == Duration)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    return {};
}

QVariant HistoryRunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Name");
    case Namespace: return tr("Namespace");
    case State: return tr("State");
    case Finished: return tr("Finished");
    case Duration: return tr("Duration");
    case Context: return tr("Context");
    }
    return {};
}

// --- GoneApplicationsModel ---------------------------------------------------------------------

GoneApplicationsModel::GoneApplicationsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

QString GoneApplicationsModel::keyPrefix()
{
    return QStringLiteral("history:");
}

qint64 GoneApplicationsModel::runIdOfKey(const QString& key)
{
    return key.startsWith(keyPrefix()) ? key.mid(keyPrefix().size()).toLongLong() : 0;
}

void GoneApplicationsModel::setStore(HistoryStore* store)
{
    if (m_store)
        disconnect(m_store, nullptr, this, nullptr);
    m_store = store;
    if (store)
        connect(store, &HistoryStore::changed, this, &GoneApplicationsModel::refresh);
    refresh();
}

void GoneApplicationsModel::setScope(const QString& cluster, const QString& ns)
{
    m_cluster = cluster;
    m_ns = ns;
    refresh();
}

void GoneApplicationsModel::setEnabled(bool enabled)
{
    m_enabled = enabled;
    refresh();
}

void GoneApplicationsModel::refresh()
{
    QList<Run> runs;
    if (m_enabled && m_store && m_store->isOpen() && !m_cluster.isEmpty()) {
        RunQuery query;
        query.cluster = m_cluster;
        query.ns = m_ns;
        query.goneOnly = true;
        runs = m_store->runs(query);
    }
    // Never a reset: the Applications table concatenates these rows under its live ones, and a
    // reset there would drop the user's selection of a live row.
    bool sameRuns = runs.size() == m_runs.size();
    for (qsizetype i = 0; sameRuns && i < runs.size(); ++i)
        sameRuns = runs[i].id == m_runs[i].id;
    if (sameRuns) {
        m_runs = std::move(runs);
        if (!m_runs.isEmpty())
            emit dataChanged(index(0, 0), index(int(m_runs.size()) - 1, columnCount() - 1));
        return;
    }
    if (!m_runs.isEmpty()) {
        beginRemoveRows({}, 0, int(m_runs.size()) - 1);
        m_runs.clear();
        endRemoveRows();
    }
    if (!runs.isEmpty()) {
        beginInsertRows({}, 0, int(runs.size()) - 1);
        m_runs = std::move(runs);
        endInsertRows();
    }
}

int GoneApplicationsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int GoneApplicationsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : model::ApplicationsModel::ColumnCount;
}

QVariant GoneApplicationsModel::data(const QModelIndex& index, int role) const
{
    using A = model::ApplicationsModel;
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Run& run = m_runs[index.row()];
    const model::ApplicationSummary s = model::ApplicationSummary::from(run.object);
    switch (role) {
    case A::KeyRole:
        return keyPrefix() + QString::number(run.id);
    case A::ObjectRole:
        return run.object;
    case A::StateRole:
        return run.state;
    case A::ErrorRole:
        return run.errorMessage;
    case HistoryRunsModel::RunIdRole:
        return run.id;
    case HistoryRunsModel::GoneRole:
        return true;
    case Qt::DisplayRole:
        switch (index.column()) {
        case A::Name: return run.name;
        case A::Namespace: return run.ns;
        case A::State: return tr("%1 · Gone").arg(model::spark::stateLabel(run.state));
        case A::Type: return s.type;
        case A::Attempts: return QStringLiteral("%1 / %2").arg(s.submissionAttempts).arg(s.executionAttempts);
        case A::DriverPod: return s.driverPod;
        case A::SparkAppId: return run.sparkApplicationId;
        case A::Start: return model::cells::localTime(s.started);
        case A::Finish: return model::cells::localTime(run.finished);
        case A::Duration: {
            const qint64 ms = durationOf(run);
            return ms < 0 ? QString() : model::humanDuration(ms);
        }
        case A::Age: return model::cells::age(run.created);
        }
        return {};
    case A::SortRole:
        switch (index.column()) {
        case A::Start: return s.started.isValid() ? s.started.toMSecsSinceEpoch() : 0;
        case A::Finish: return run.finished.isValid() ? run.finished.toMSecsSinceEpoch() : 0;
        case A::Duration: return durationOf(run);
        case A::Age: return run.created.isValid() ? -run.created.toMSecsSinceEpoch() : 0;
        case A::Attempts: return s.submissionAttempts * 1000 + s.executionAttempts;
        case A::Executors: return 0;
        default: return data(index, Qt::DisplayRole);
        }
    case Qt::DecorationRole:
        return index.column() == A::State ? model::look(model::Look::ApplicationState, run.state, role) : QVariant();
    case Qt::ForegroundRole:
        return model::look(model::Look::Gone, {}, role);
    case Qt::ToolTipRole:
        return goneTip();
    case Qt::TextAlignmentRole:
        if (index.column() == A::Attempts || index.column() == A::Executors || index.column() >= A::Start)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    return {};
}

QVariant GoneApplicationsModel::headerData(int, Qt::Orientation, int) const
{
    return {}; // shown under the live table, whose model names the columns
}

} // namespace history
