#include "app/session/rundiagnosis.h"
#include "app/kube/logstream.h"
#include <QJsonArray>
#include <QMap>

namespace session {

model::DiagnosisInput diagnosisInputOf(const history::Run& run, const QByteArray& driverLog)
{
    model::DiagnosisInput input;
    input.application = run.object;
    for (const QJsonValue& e : run.events)
        input.events << e.toObject();

    // Pods by name, in the order their terminations were stored.
    QStringList order;
    QMap<QString, QJsonObject> statuses;
    QMap<QString, QJsonArray> containers;
    for (const QJsonValue& v : run.podTerminations) {
        const QJsonObject t = v.toObject();
        const QString pod = t.value(QLatin1String("pod")).toString();
        if (pod.isEmpty())
            continue;
        if (!order.contains(pod))
            order << pod;
        const QString container = t.value(QLatin1String("container")).toString();
        if (container.isEmpty()) { // the pod itself ended (evicted)
            QJsonObject& status = statuses[pod];
            status.insert(QStringLiteral("phase"), QStringLiteral("Failed"));
            status.insert(QStringLiteral("reason"), t.value(QLatin1String("reason")));
            status.insert(QStringLiteral("message"), t.value(QLatin1String("message")));
            continue;
        }
        QJsonObject terminated{{QStringLiteral("reason"), t.value(QLatin1String("reason"))},
                               {QStringLiteral("exitCode"), t.value(QLatin1String("exitCode"))},
                               {QStringLiteral("message"), t.value(QLatin1String("message"))},
                               {QStringLiteral("finishedAt"), t.value(QLatin1String("finishedAt"))}};
        containers[pod].append(QJsonObject{{QStringLiteral("name"), container},
                                           {QStringLiteral("state"), QJsonObject{{QStringLiteral("terminated"), terminated}}}});
    }
    for (const QString& pod : std::as_const(order)) {
        QJsonObject status = statuses.value(pod);
        if (containers.contains(pod))
            status.insert(QStringLiteral("containerStatuses"), containers.value(pod));
        input.pods << QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                  {QStringLiteral("kind"), QStringLiteral("Pod")},
                                  {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), pod},
                                                                           {QStringLiteral("namespace"), run.ns}}},
                                  {QStringLiteral("status"), status}};
    }

    if (!driverLog.isEmpty())
        input.firstException = kube::firstException(QString::fromUtf8(driverLog).split(QLatin1Char('\n')));
    return input;
}

} // namespace session
