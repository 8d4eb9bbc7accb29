#include "applicationsmodel.h"

#include "stateicons.h"


#include <QLocale>

namespace model {

ApplicationsModel::ApplicationsModel(QObject* parent)
    : InformerTableModel(parent)
{
    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, this, [this] { timesChanged(Duration, Age); });
    m_clock.start();
}

void ApplicationsModel::objectUpdated(const QString& key, const QJsonObject& object)
{
    if (object.isEmpty()) {
        m_summaries.remove(key);
        m_history.remove(key);
        return;
    }
    ApplicationSummary s = ApplicationSummary::from(object);
    QList<StateChange>& history = m_history[key];
    if (history.isEmpty() || history.last().state != s.state)
        history << StateChange{QDateTime::currentDateTime(), s.state};
    m_summaries.insert(key, std::move(s));
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
    const QString key = keyAt(index.row());
    static const ApplicationSummary empty;
    const auto found = m_summaries.constFind(key);
    const ApplicationSummary& s = found == m_summaries.cend() ? empty : *found;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 durationMs = s.started.isValid() ? s.started.msecsTo(s.finished.isValid() ? s.finished : now) : -1;

    switch (role) {
    case KeyRole:
        return key;
    case StateRole:
        return s.state;
    case DriverPodRole:
        return s.driverPod;
    case ErrorRole:
        return s.errorMessage;
    case ObjectRole:
        return objectAt(index.row());
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name: return s.name;
        case Namespace: return s.ns;
        case State: return spark::stateLabel(s.state);
        case Suspend: return s.suspend ? tr("yes") : QString();
        case DriverPod: return s.driverPod;
        case SparkAppId: return s.sparkApplicationId;
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
        if (index.column() == Attempts || index.column() == Executors || index.column() >= Start)
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
    case Suspend: return tr("Suspend");
    case DriverPod: return tr("Driver pod");
    case SparkAppId: return tr("Spark app ID");
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
