#include "models/podsmodel.h"

#include "models/cron.h"
#include "models/sparkapplication.h"

#include <QColor>
#include <QDateTime>
#include <QJsonArray>
#include <QLocale>

namespace model {

namespace {

QJsonObject sub(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toObject();
}

QString str(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toString();
}

QDateTime time(const QString& iso)
{
    return QDateTime::fromString(iso, Qt::ISODate);
}

QString age(const QDateTime& t)
{
    return t.isValid() ? humanDuration(t.msecsTo(QDateTime::currentDateTimeUtc())) : QString();
}

QString localTime(const QDateTime& t)
{
    if (!t.isValid())
        return {};
    const QDateTime local = t.toLocalTime();
    return local.date() == QDate::currentDate() ? local.toString(QStringLiteral("HH:mm:ss"))
                                                : QLocale().toString(local, QLocale::ShortFormat);
}

// Containers that service meshes, secret agents and log shippers inject beside the main one.
bool isSidecar(const QString& name)
{
    static const QStringList known{QStringLiteral("istio-proxy"), QStringLiteral("linkerd-proxy"), QStringLiteral("envoy"),
                                   QStringLiteral("vault-agent"), QStringLiteral("cloud-sql-proxy"),
                                   QStringLiteral("fluent-bit"), QStringLiteral("fluentd"), QStringLiteral("datadog-agent")};
    return known.contains(name) || name.endsWith(QLatin1String("-sidecar")) || name.startsWith(QLatin1String("sidecar-"));
}

} // namespace

QString PodsModel::mainContainer(const QJsonObject& pod)
{
    QStringList names;
    for (const QJsonValue& c : sub(pod, "spec").value(QLatin1String("containers")).toArray())
        names << c.toObject().value(QLatin1String("name")).toString();
    const QJsonObject meta = sub(pod, "metadata");
    const QString role = sub(meta, "labels").value(QLatin1String(spark::kRoleLabel)).toString();
    QStringList preferred;
    if (role == QLatin1String("driver"))
        preferred << QString::fromLatin1(spark::kDriverContainer);
    else if (role == QLatin1String("executor"))
        preferred << QString::fromLatin1(spark::kExecutorContainer) << QStringLiteral("executor");
    preferred << sub(meta, "annotations").value(QLatin1String("kubectl.kubernetes.io/default-container")).toString();
    for (const QString& name : std::as_const(preferred))
        if (!name.isEmpty() && names.contains(name))
            return name;
    for (const QString& name : std::as_const(names))
        if (!isSidecar(name))
            return name;
    return names.value(0);
}

PodsModel::PodsModel(QObject* parent)
    : InformerTableModel(parent)
{
    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, this, [this] { timesChanged(Age, Age); });
    m_clock.start();
}

int PodsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PodsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject pod = objectAt(index.row());
    const QJsonObject meta = sub(pod, "metadata");
    const QJsonObject status = sub(pod, "status");
    const QJsonArray statuses = status.value(QLatin1String("containerStatuses")).toArray();
    const QJsonArray containers = sub(pod, "spec").value(QLatin1String("containers")).toArray();
    const QString spark_role = sub(meta, "labels").value(QLatin1String("spark-role")).toString();
    int ready = 0;
    int restarts = 0;
    QString waiting;
    for (const QJsonValue& v : statuses) {
        const QJsonObject cs = v.toObject();
        ready += cs.value(QLatin1String("ready")).toBool() ? 1 : 0;
        restarts += cs.value(QLatin1String("restartCount")).toInt();
        const QString reason = sub(sub(cs, "state"), "waiting").value(QLatin1String("reason")).toString();
        if (!reason.isEmpty())
            waiting = reason;
    }
    const QDateTime created = time(str(meta, "creationTimestamp"));
    const QString phase = str(status, "phase");
    switch (role) {
    case KeyRole:
        return keyAt(index.row());
    case ObjectRole:
        return pod;
    case ContainersRole: {
        QStringList names;
        for (const QJsonValue& c : containers)
            names << c.toObject().value(QLatin1String("name")).toString();
        const QString main = mainContainer(pod);
        if (names.removeOne(main))
            names.prepend(main);
        return names;
    }
    case MainContainerRole:
        return mainContainer(pod);
    case WaitingRole:
        return waiting;
    case Qt::DisplayRole:
    case SortRole:
        switch (index.column()) {
        case Name: return str(meta, "name");
        case Role:
            if (role == SortRole)
                return spark_role == QLatin1String("driver") ? 0 : 1;
            return spark_role;
        case Phase: return waiting.isEmpty() ? phase : QStringLiteral("%1 (%2)").arg(phase, waiting);
        case Ready: return QStringLiteral("%1/%2").arg(ready).arg(containers.size());
        case Restarts: return restarts;
        case Node: return str(sub(pod, "spec"), "nodeName");
        case Age:
            if (role == SortRole)
                return created.isValid() ? -created.toMSecsSinceEpoch() : 0;
            return age(created);
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Phase) {
            if (phase == QLatin1String("Running"))
                return QColor(0x1f, 0x7a, 0xe0);
            if (phase == QLatin1String("Succeeded"))
                return QColor(0x2e, 0x9e, 0x4f);
            if (phase == QLatin1String("Failed"))
                return QColor(0xd9, 0x3b, 0x3b);
            return QColor(0xd9, 0x8e, 0x04);
        }
        return {};
    }
    return {};
}

QVariant PodsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* names[] = {"Pod", "Role", "Phase", "Ready", "Restarts", "Node", "Age"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

EventsModel::EventsModel(QObject* parent)
    : InformerTableModel(parent)
{
    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, this, [this] { timesChanged(LastSeen, LastSeen); });
    m_clock.start();
}

void EventsModel::setInvolvedUids(const QSet<QString>& uids)
{
    if (uids == m_uids)
        return;
    m_uids = uids;
    refilter();
}

bool EventsModel::concerns(const QJsonObject& event, const QSet<QString>& uids)
{
    const QString uid = sub(event, "involvedObject").value(QLatin1String("uid")).toString();
    return !uid.isEmpty() && uids.contains(uid);
}

bool EventsModel::accepts(const QJsonObject& event) const
{
    return concerns(event, m_uids);
}

int EventsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject e = objectAt(index.row());
    QDateTime last = time(str(e, "lastTimestamp"));
    if (!last.isValid())
        last = time(str(e, "eventTime"));
    if (!last.isValid())
        last = time(str(sub(e, "metadata"), "creationTimestamp"));
    const QJsonObject involved = sub(e, "involvedObject");
    const bool warning = str(e, "type") == QLatin1String("Warning");
    switch (role) {
    case KeyRole:
        return keyAt(index.row());
    case ObjectRole:
        return e;
    case Qt::DisplayRole:
        switch (index.column()) {
        case LastSeen: return age(last);
        case Type: return str(e, "type");
        case Reason: return str(e, "reason");
        case Object: return QStringLiteral("%1/%2").arg(str(involved, "kind"), str(involved, "name"));
        case Message: return str(e, "message");
        case Count: return qMax(1, e.value(QLatin1String("count")).toInt());
        }
        return {};
    case SortRole:
        if (index.column() == LastSeen)
            return last.isValid() ? last.toMSecsSinceEpoch() : 0;
        return data(index, Qt::DisplayRole);
    case Qt::ToolTipRole:
        if (index.column() == LastSeen)
            return localTime(last);
        if (index.column() == Message)
            return str(e, "message");
        return {};
    case Qt::ForegroundRole:
        if (warning && (index.column() == Type || index.column() == Reason))
            return QColor(0xd9, 0x8e, 0x04);
        return {};
    }
    return {};
}

QVariant EventsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* names[] = {"Last seen", "Type", "Reason", "Object", "Count", "Message"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

ScheduledApplicationsModel::ScheduledApplicationsModel(QObject* parent)
    : InformerTableModel(parent)
{
    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, this, [this] { timesChanged(LastRun, NextRun); });
    m_clock.start();
}

int ScheduledApplicationsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ScheduledApplicationsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject o = objectAt(index.row());
    const QJsonObject meta = sub(o, "metadata");
    const QJsonObject spec = sub(o, "spec");
    const QJsonObject status = sub(o, "status");
    const QDateTime lastRun = time(str(status, "lastRun"));
    QDateTime nextRun = time(str(status, "nextRun"));
    // The operator fills status.nextRun only after it scheduled a run; until then compute it here.
    bool computed = false;
    if (!nextRun.isValid() && index.column() == NextRun && !spec.value(QLatin1String("suspend")).toBool()) {
        const ScheduleSummary summary = summarizeSchedule(str(spec, "schedule"), str(spec, "timeZone"), QDateTime::currentDateTimeUtc(), 1);
        if (summary.valid && !summary.next.isEmpty()) {
            nextRun = summary.next.first();
            computed = true;
        }
    }
    switch (role) {
    case KeyRole:
        return keyAt(index.row());
    case ObjectRole:
        return o;
    case LastRunKeyRole:
        return str(status, "lastRunName").isEmpty() ? QString() : str(meta, "namespace") + QLatin1Char('/') + str(status, "lastRunName");
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name: return str(meta, "name");
        case Namespace: return str(meta, "namespace");
        case Schedule: {
            const ScheduleSummary summary = summarizeSchedule(str(spec, "schedule"), str(spec, "timeZone"), QDateTime::currentDateTimeUtc(), 0);
            return summary.valid ? QStringLiteral("%1 (%2)").arg(summary.words, summary.zone) : str(spec, "schedule");
        }
        case Suspend: return spec.value(QLatin1String("suspend")).toBool() ? tr("yes") : QString();
        case State: return str(status, "scheduleState");
        case LastRun: return lastRun.isValid() ? tr("%1 ago").arg(age(lastRun)) : QString();
        case NextRun:
            if (!nextRun.isValid())
                return QString();
            if (computed)
                return tr("in %1 (computed)").arg(humanDuration(QDateTime::currentDateTimeUtc().msecsTo(nextRun)));
            return nextRun > QDateTime::currentDateTimeUtc()
                ? tr("in %1").arg(humanDuration(QDateTime::currentDateTimeUtc().msecsTo(nextRun)))
                : localTime(nextRun);
        case LastRunName: return str(status, "lastRunName");
        }
        return {};
    case SortRole:
        if (index.column() == LastRun)
            return lastRun.isValid() ? lastRun.toMSecsSinceEpoch() : 0;
        if (index.column() == NextRun)
            return nextRun.isValid() ? nextRun.toMSecsSinceEpoch() : 0;
        return data(index, Qt::DisplayRole);
    case Qt::ToolTipRole:
        if (index.column() == LastRun)
            return localTime(lastRun);
        if (index.column() == NextRun && computed)
            return tr("%1, computed from the schedule: the operator has not reported its next run yet").arg(localTime(nextRun));
        if (index.column() == NextRun)
            return localTime(nextRun);
        if (index.column() == State)
            return str(status, "reason");
        if (index.column() == LastRunName)
            return tr("Double-click to select it in the Applications table");
        if (index.column() == Schedule)
            return str(spec, "schedule");
        return {};
    }
    return {};
}

QVariant ScheduledApplicationsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* names[] = {"Name", "Namespace", "Schedule", "Suspend", "State", "Last run", "Next run", "Last run's application"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

} // namespace model
