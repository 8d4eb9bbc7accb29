// SparkApplication facts, summaries: ApplicationSummary read from a live object, clone names and
// the duration and attempts texts the tables show.
#include "models/sparkapplication.h"

#include <QJsonArray>

namespace model {

ApplicationSummary ApplicationSummary::from(const QJsonObject& object)
{
    ApplicationSummary s;
    const QJsonObject meta = object.value(QLatin1String("metadata")).toObject();
    const QJsonObject spec = object.value(QLatin1String("spec")).toObject();
    const QJsonObject status = object.value(QLatin1String("status")).toObject();
    s.name = meta.value(QLatin1String("name")).toString();
    s.ns = meta.value(QLatin1String("namespace")).toString();
    s.created = QDateTime::fromString(meta.value(QLatin1String("creationTimestamp")).toString(), Qt::ISODate);
    s.type = spec.value(QLatin1String("type")).toString();
    s.suspend = spec.value(QLatin1String("suspend")).toBool();
    const QJsonObject appState = status.value(QLatin1String("applicationState")).toObject();
    s.state = appState.value(QLatin1String("state")).toString();
    s.errorMessage = appState.value(QLatin1String("errorMessage")).toString();
    s.driverPod = status.value(QLatin1String("driverInfo")).toObject().value(QLatin1String("podName")).toString();
    if (s.driverPod.isEmpty())
        s.driverPod = spec.value(QLatin1String("driver")).toObject().value(QLatin1String("podName")).toString();
    if (s.driverPod.isEmpty())
        s.driverPod = s.name + QStringLiteral("-driver");
    s.sparkApplicationId = status.value(QLatin1String("sparkApplicationId")).toString();
    s.submissionAttempts = status.value(QLatin1String("submissionAttempts")).toInt();
    s.executionAttempts = status.value(QLatin1String("executionAttempts")).toInt();
    const QJsonObject executors = status.value(QLatin1String("executorState")).toObject();
    s.executorsTotal = int(executors.size());
    for (auto it = executors.begin(); it != executors.end(); ++it)
        if (it.value().toString() == QLatin1String("RUNNING"))
            ++s.executorsRunning;
    s.started = QDateTime::fromString(status.value(QLatin1String("lastSubmissionAttemptTime")).toString(), Qt::ISODate);
    s.finished = QDateTime::fromString(status.value(QLatin1String("terminationTime")).toString(), Qt::ISODate);
    return s;
}

QString cloneName(const QString& name)
{
    static const QRegularExpression suffix(QStringLiteral("-(\\d+)$"));
    const auto m = suffix.match(name);
    if (m.hasMatch())
        return name.left(m.capturedStart()) + QLatin1Char('-') + QString::number(m.captured(1).toInt() + 1);
    return name + QStringLiteral("-2");
}

QString humanDuration(qint64 ms)
{
    if (ms < 0)
        ms = 0;
    const qint64 s = ms / 1000;
    if (s < 60)
        return QStringLiteral("%1s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1m %2s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    if (s < 86400)
        return QStringLiteral("%1h %2m").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1d %2h").arg(s / 86400).arg((s % 86400) / 3600, 2, 10, QLatin1Char('0'));
}

QString attemptsText(int submissions, int executions)
{
    auto count = [](int n, const char* one, const char* many) {
        return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
    };
    return count(submissions, "submission", "submissions") + QStringLiteral(", ") + count(executions, "execution", "executions");
}

} // namespace model
