#include "models/podsmodel.h"

#include "models/looks.h"
#include "models/sparkapplication.h"
#include "models/tablecells.h"

#include <QDateTime>
#include <QJsonArray>

namespace model {

using namespace cells;

namespace {

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
    refreshTimesEverySecond(Age, Age);
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
        if (index.column() == Phase)
            return look(Look::PodPhase, phase, role);
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

} // namespace model
