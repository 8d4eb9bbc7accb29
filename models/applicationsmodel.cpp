#include "models/applicationsmodel.h"

#include "models/looks.h"

#include <QLocale>

namespace model {

ApplicationsModel::ApplicationsModel(QObject* parent)
    : InformerTableModel(parent)
{
    refreshTimesEverySecond(Duration, Age);
}

void ApplicationsModel::objectUpdated(const QString& key, const QJsonObject& object)
{
    if (object.isEmpty()) {
        m_summaries.remove(key);
        m_history.remove(key);
        m_unhandled.remove(key);
        m_stillNew.remove(key);
        return;
    }
    ApplicationSummary s = ApplicationSummary::from(object);
    if (!s.state.isEmpty()) {
        m_unhandled.remove(key); // the base class signals the row's change
        m_stillNew.remove(key);
    }
    QList<StateChange>& history = m_history[key];
    if (history.isEmpty() || history.last().state != s.state)
        history << StateChange{QDateTime::currentDateTime(), s.state};
    m_summaries.insert(key, std::move(s));
}

const ApplicationSummary* ApplicationsModel::summaryAt(int row) const
{
    const auto found = m_summaries.constFind(keyAt(row));
    return found == m_summaries.cend() ? nullptr : &*found;
}

void ApplicationsModel::setOperatorNamespaces(const QString& deployment, const QStringList& watched)
{
    if (deployment == m_operatorDeployment && watched == m_watchedNamespaces)
        return;
    m_operatorDeployment = deployment;
    m_watchedNamespaces = watched;
    for (const QString& key : std::as_const(m_unhandled))
        if (const int row = rowOf(key); row >= 0)
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    checkUnhandled(); // a namespace now known to be unwatched makes its applications overdue sooner
}

bool ApplicationsModel::isUnhandled(const ApplicationSummary& s, const QDateTime& now) const
{
    if (!s.state.isEmpty() || !s.created.isValid())
        return false;
    const bool knownUnwatched = !m_operatorDeployment.isEmpty() && !m_watchedNamespaces.isEmpty()
        && !m_watchedNamespaces.contains(s.ns);
    return s.created.msecsTo(now) >= (knownUnwatched ? m_unhandledAfterMs : m_unsureAfterMs);
}

void ApplicationsModel::checkUnhandled()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QStringList stillNew, unhandled;
    for (auto it = m_summaries.cbegin(); it != m_summaries.cend(); ++it) {
        const ApplicationSummary& s = it.value();
        if (!s.state.isEmpty())
            continue; // most applications: neither still new nor unhandled
        if (s.created.isValid() && s.created.msecsTo(now) >= m_unhandledAfterMs && !m_stillNew.contains(it.key())) {
            m_stillNew.insert(it.key());
            stillNew << it.key();
        }
        if (!isUnhandled(s, now) || m_unhandled.contains(it.key()))
            continue;
        m_unhandled.insert(it.key());
        unhandled << it.key();
    }
    // Signals after the loop: a slot may change the model.
    for (const QString& key : std::as_const(stillNew))
        emit this->stillNew(key);
    for (const QString& key : std::as_const(unhandled)) {
        if (const int row = rowOf(key); row >= 0)
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        emit unhandledAppeared(key);
    }
}

QString ApplicationsModel::unhandledHint(const QString& key) const
{
    const auto found = m_summaries.constFind(key);
    if (found == m_summaries.cend() || !isUnhandled(*found, QDateTime::currentDateTimeUtc()))
        return {};
    const QString ns = found->ns;
    const qint64 waited = found->created.secsTo(QDateTime::currentDateTimeUtc());
    const bool known = !m_operatorDeployment.isEmpty() && !m_watchedNamespaces.isEmpty();
    if (known && !m_watchedNamespaces.contains(ns))
        return tr("No Spark Operator handles this application: the operator (%1) watches only %2, not %3, so it stays "
                  "New forever. Submit it to one of those namespaces, or let the operator watch %3 too: helm upgrade "
                  "<release> spark-operator/spark-operator -n <operator namespace> --reuse-values "
                  "--set 'spark.jobNamespaces={%4}'.")
            .arg(m_operatorDeployment, m_watchedNamespaces.join(QStringLiteral(", ")), ns,
                 (m_watchedNamespaces + QStringList{ns}).join(QLatin1Char(',')));
    return tr("Still New %1 after it was created: no Spark Operator has picked it up. Check that the operator runs "
              "and watches namespace %2 (Helm value spark.jobNamespaces; add it with helm upgrade … --reuse-values "
              "--set 'spark.jobNamespaces={…,%2}'), or submit it to a namespace the operator watches.")
        .arg(humanDuration(waited * 1000), ns);
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
    // The clock is read only for what depends on it (data() runs for every cell painted and every
    // comparison of a sort).
    auto now = [] { return QDateTime::currentDateTimeUtc(); };
    // A finished application without a termination time (SUBMISSION_FAILED) has no duration to
    // count, and a suspended one runs nothing.
    auto durationMs = [&]() -> qint64 {
        const bool counting = !s.finished.isValid() && !spark::isTerminalState(s.state) && s.state != QLatin1String("SUSPENDED");
        if (!s.started.isValid() || !(s.finished.isValid() || counting))
            return -1;
        return s.started.msecsTo(s.finished.isValid() ? s.finished : now());
    };
    const bool unhandled = index.column() == State && s.state.isEmpty() && isUnhandled(s, now());

    switch (role) {
    case KeyRole:
        return key;
    case StateRole:
        return s.state;
    case DriverPodRole:
        return s.driverPod;
    case ErrorRole:
        return s.errorMessage;
    case UnhandledRole:
        return unhandledHint(key);
    case ObjectRole:
        return objectAt(index.row());
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name: return s.name;
        case Namespace: return s.ns;
        case State: return unhandled ? tr("%1 — not handled").arg(spark::stateLabel(s.state)) : spark::stateLabel(s.state);
        case Suspend: return s.suspend ? tr("yes") : QString();
        case DriverPod: return s.driverPod;
        case SparkAppId: return s.sparkApplicationId;
        case Type: return s.type;
        case Attempts: return QStringLiteral("%1 / %2").arg(s.submissionAttempts).arg(s.executionAttempts);
        case Executors:
            return s.executorsTotal == 0 ? QString() : QStringLiteral("%1 / %2").arg(s.executorsRunning).arg(s.executorsTotal);
        case Start: return shortTime(s.started);
        case Finish: return shortTime(s.finished);
        case Duration: {
            const qint64 ms = durationMs();
            return ms < 0 ? QString() : humanDuration(ms);
        }
        case Age: return s.created.isValid() ? humanDuration(s.created.msecsTo(now())) : QString();
        }
        return {};
    case SortRole:
        switch (index.column()) {
        case Start: return s.started.isValid() ? s.started.toMSecsSinceEpoch() : 0;
        case Finish: return s.finished.isValid() ? s.finished.toMSecsSinceEpoch() : 0;
        case Duration: return durationMs();
        case Age: return s.created.isValid() ? -s.created.toMSecsSinceEpoch() : 0;
        case Attempts: return s.submissionAttempts * 1000 + s.executionAttempts;
        case Executors: return s.executorsRunning * 100000 + s.executorsTotal;
        default: return data(index, Qt::DisplayRole);
        }
    case Qt::DecorationRole:
        if (index.column() == State)
            return look(Look::ApplicationState, s.state, role);
        return {};
    case Qt::ForegroundRole:
        if (unhandled)
            return look(Look::Unhandled, {}, role);
        if (index.column() == State)
            return look(Look::ApplicationState, s.state, role);
        return {};
    case Qt::ToolTipRole:
        if (unhandled)
            return unhandledHint(key);
        if (index.column() == State && !s.errorMessage.isEmpty())
            return s.errorMessage;
        if (index.column() == Attempts)
            return tr("Attempts: %1").arg(attemptsText(s.submissionAttempts, s.executionAttempts));
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
