#include "app/session/applicationfacts.h"

namespace session {

QString ApplicationFacts::sparkUiService(const QString& applicationName) const
{
    return webUIServiceName.isEmpty() ? applicationName + QStringLiteral("-ui-svc") : webUIServiceName;
}

ApplicationFacts applicationFacts(const QJsonObject& application)
{
    auto sub = [](const QJsonObject& o, const char* key) { return o.value(QLatin1String(key)).toObject(); };
    auto str = [](const QJsonObject& o, const char* key) { return o.value(QLatin1String(key)).toString(); };
    ApplicationFacts f;
    const QJsonObject status = sub(application, "status");
    f.uid = str(sub(application, "metadata"), "uid");
    const QJsonObject appState = sub(status, "applicationState");
    f.state = str(appState, "state");
    f.errorMessage = str(appState, "errorMessage");
    f.submissionId = str(status, "submissionID");
    f.hasDriverInfo = status.value(QLatin1String("driverInfo")).isObject();
    const QJsonObject driver = sub(status, "driverInfo");
    f.driverPod = str(driver, "podName");
    f.webUIServiceName = str(driver, "webUIServiceName");
    f.webUIAddress = str(driver, "webUIAddress");
    f.webUIPort = driver.value(QLatin1String("webUIPort")).toInt();
    f.webUIIngressAddress = str(driver, "webUIIngressAddress");
    const QJsonObject executors = sub(status, "executorState");
    for (auto it = executors.begin(); it != executors.end(); ++it) { // QJsonObject iterates keys in order
        f.executorStates << qMakePair(it.key(), it.value().toString());
        ++f.executorStateCounts[it.value().toString()];
    }
    return f;
}

} // namespace session
