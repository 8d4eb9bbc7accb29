#include "applicationsmodel.h"

#include "informer.h"
#include "stateicons.h"


#include <QLocale>

namespace model {

ApplicationsModel::ApplicationsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, this, &ApplicationsModel::refreshTimes);
    m_clock.start();
}

void ApplicationsModel::setInformer(kube::Informer* informer)
{
    if (m_informer)
        m_informer->disconnect(this);
    m_informer = informer;
    reset();
    if (!informer)
        return;
    connect(informer, &kube::Informer::added, this, &ApplicationsModel::onAdded);
    connect(informer, &kube::Informer::updated, this, &ApplicationsModel::onUpdated);
    connect(informer, &kube::Informer::removed, this, [this](const QString& key) { onRemoved(key); });
    connect(informer, &QObject::destroyed, this, [this] { setInformer(nullptr); });
}

void ApplicationsModel::reset()
{
    beginResetModel();
    m_keys.clear();
    m_rows.clear();
    m_summaries.clear();
    if (m_informer) {
        const auto& objects = m_informer->objects();
        for (auto it = objects.cbegin(); it != objects.cend(); ++it) {
            m_rows.insert(it.key(), int(m_keys.size()));
            m_keys << it.key();
            m_summaries.insert(it.key(), ApplicationSummary::from(it.value()));
        }
    }
    endResetModel();
}

int ApplicationsModel::rowOf(const QString& key) const
{
    return m_rows.value(key, -1);
}

QString ApplicationsModel::keyAt(int row) const
{
    return m_keys.value(row);
}

void ApplicationsModel::onAdded(const QString& key)
{
    if (m_rows.contains(key))
        return onUpdated(key);
    const int row = int(m_keys.size());
    beginInsertRows({}, row, row);
    m_keys << key;
    m_rows.insert(key, row);
    m_summaries.insert(key, ApplicationSummary::from(m_informer->object(key)));
    endInsertRows();
}

void ApplicationsModel::onUpdated(const QString& key)
{
    const int row = rowOf(key);
    if (row < 0)
        return onAdded(key);
    m_summaries.insert(key, ApplicationSummary::from(m_informer->object(key)));
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ApplicationsModel::onRemoved(const QString& key)
{
    const int row = rowOf(key);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_keys.removeAt(row);
    m_summaries.remove(key);
    m_rows.remove(key);
    for (int i = row; i < m_keys.size(); ++i)
        m_rows[m_keys[i]] = i;
    endRemoveRows();
}

void ApplicationsModel::refreshTimes()
{
    if (m_keys.isEmpty())
        return;
    emit dataChanged(index(0, Duration), index(int(m_keys.size()) - 1, Age), {Qt::DisplayRole, SortRole});
}

int ApplicationsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_keys.size());
}

int ApplicationsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

namespace {
QString shortTime(const QDateTime& t)
{
    if (!t.isValid())
        return {};
    const QDateTime local = t.toLocalTime();
    if (local.date() == QDate::currentDate())
        return local.toString(QStringLiteral("HH:mm:ss"));
    return QLocale().toString(local, QLocale::ShortFormat);
}
} // namespace

QVariant ApplicationsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QString& key = m_keys.at(index.row());
    const ApplicationSummary& s = m_summaries[key];
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 durationMs = s.started.isValid() ? s.started.msecsTo(s.finished.isValid() ? s.finished : now) : -1;

    switch (role) {
    case KeyRole:
        return key;
    case StateRole:
        return s.state;
    case DriverPodRole:
        return s.driverPod;
    case ObjectRole:
        return m_informer ? QVariant(m_informer->object(key)) : QVariant();
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name: return s.name;
        case Namespace: return s.ns;
        case State: return spark::stateLabel(s.state);
        case Type: return s.type;
        case Attempts: return QStringLiteral("%1 / %2").arg(s.submissionAttempts).arg(s.executionAttempts);
        case Executors:
            return s.executorsTotal == 0 ? QString() : QStringLiteral("%1 / %2").arg(s.executorsRunning).arg(s.executorsTotal);
        case Start: return shortTime(s.started);
        case Finish: return shortTime(s.finished);
        case Duration: return durationMs < 0 ? QString() : humanDuration(durationMs);
        case Age: return s.created.isValid() ? humanDuration(s.created.msecsTo(now)) : QString();
        }
        return {};
    case SortRole:
        switch (index.column()) {
        case Start: return s.started.isValid() ? s.started.toMSecsSinceEpoch() : 0;
        case Finish: return s.finished.isValid() ? s.finished.toMSecsSinceEpoch() : 0;
        case Duration: return durationMs;
        case Age: return s.created.isValid() ? -s.created.toMSecsSinceEpoch() : 0;
        case Attempts: return s.submissionAttempts * 1000 + s.executionAttempts;
        case Executors: return s.executorsRunning * 100000 + s.executorsTotal;
        default: return data(index, Qt::DisplayRole);
        }
    case Qt::DecorationRole:
        if (index.column() == State)
            return stateIcon(s.state);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == State)
            return spark::stateColor(s.state);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == State && !s.errorMessage.isEmpty())
            return s.errorMessage;
        if (index.column() == Attempts)
            return QStringLiteral("%1 submission attempt(s), %2 execution attempt(s)")
                .arg(s.submissionAttempts)
                .arg(s.executionAttempts);
        if (index.column() == Executors)
            return QStringLiteral("executors running / known");
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() >= Attempts)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    return {};
}

QVariant ApplicationsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Name");
    case Namespace: return tr("Namespace");
    case State: return tr("State");
    case Type: return tr("Type");
    case Attempts: return tr("Attempts");
    case Executors: return tr("Executors");
    case Start: return tr("Start");
    case Finish: return tr("Finish");
    case Duration: return tr("Duration");
    case Age: return tr("Age");
    }
    return {};
}

} // namespace model
