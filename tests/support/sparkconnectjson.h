#pragma once
// SparkConnect objects as the real Spark Operator v2.5.2 controller writes them (recorded from the
// real-mode local control plane), and a scripted API server that serves the SparkConnect CRD, for
// the tests of model::SparkConnectsModel, session::SparkConnectSession and ui::SparkConnectView.

#include "scriptedserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sparkconnecttest {

// `kubectl get sparkconnect spark-connect -o json` of the template, served by the real controller
// (managedFields dropped).
inline const char* kReady = R"({"apiVersion": "sparkoperator.k8s.io/v1alpha1", "kind": "SparkConnect", "metadata": {"creationTimestamp": "2026-11-30T09:18:47Z", "generation": 1, "name": "spark-connect", "namespace": "default", "resourceVersion": "345", "uid": "33ac777a-02b0-4b44-af5d-fd8df923b0b0"}, "spec": {"executor": {"cores": 1, "instances": 1, "memory": "512m"}, "image": "spark:4.0.2", "server": {"cores": 1, "memory": "1g", "template": {"metadata": {"creationTimestamp": null}, "spec": {"containers": null, "serviceAccountName": "spark-operator-spark"}}}, "sparkVersion": "4.0.2"}, "status": {"conditions": [{"lastTransitionTime": "2026-11-30T09:18:47Z", "message": "Server pod is ready", "reason": "ServerPodReady", "status": "True", "type": "ServerPodReady"}], "executors": {"running": 1}, "lastUpdateTime": "2026-11-30T09:19:26Z", "server": {"podIp": "127.1.225.3", "podName": "spark-connect-server", "serviceName": "spark-connect-server"}, "startTime": "2026-11-30T09:18:47Z", "state": "Ready"}})";

// The same controller's status for a server pod whose container ended (no start-connect-server.sh).
inline const char* kNotReady = R"({"apiVersion": "sparkoperator.k8s.io/v1alpha1", "kind": "SparkConnect", "metadata": {"creationTimestamp": "2026-11-30T09:18:14Z", "name": "broken", "namespace": "default", "resourceVersion": "300", "uid": "aa11"}, "spec": {"image": "spark:4.0.2", "sparkVersion": "4.0.2", "server": {}, "executor": {}}, "status": {"conditions": [{"lastTransitionTime": "2026-11-30T09:18:14Z", "message": "Server pod is not ready: ", "reason": "ServerPodNotReady", "status": "False", "type": "ServerPodReady"}], "lastUpdateTime": "2026-11-30T09:18:14Z", "server": {"podIp": "127.1.225.2", "podName": "broken-server", "serviceName": "broken-server"}, "startTime": "2026-11-30T09:18:14Z", "state": "NotReady"}})";

inline QJsonObject object(const char* json)
{
    return QJsonDocument::fromJson(json).object();
}

inline QByteArray list(const QList<const char*>& items, const char* rv = "400")
{
    QJsonArray array;
    for (const char* item : items)
        array << object(item);
    return QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("SparkConnectList")},
                                     {QStringLiteral("apiVersion"), QStringLiteral("sparkoperator.k8s.io/v1alpha1")},
                                     {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), QString::fromLatin1(rv)}}},
                                     {QStringLiteral("items"), array}})
        .toJson(QJsonDocument::Compact);
}

inline const QByteArray kDiscovery =
    R"({"kind":"APIResourceList","apiVersion":"v1","groupVersion":"sparkoperator.k8s.io/v1alpha1","resources":[{"name":"sparkconnects","singularName":"sparkconnect","namespaced":true,"kind":"SparkConnect","verbs":["delete","get","list","patch","create","update","watch"],"shortNames":["sparkconn"]},{"name":"sparkconnects/status","namespaced":true,"kind":"SparkConnect","verbs":["get","patch","update"]}]})";

// Every other list is empty, every other watch open and quiet.
inline void emptyCluster(const ScriptedServer::Request& r, ScriptedServer::Exchange* x)
{
    if (r.query.hasQueryItem(QStringLiteral("watch")))
        x->begin();
    else
        x->reply(200, R"({"kind":"List","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[]})");
}

// An API server that serves SparkConnect (discovery) and answers the rest with `then`.
inline ScriptedServer::Handler served(ScriptedServer::Handler then)
{
    return [then](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
        if (r.path == QLatin1String("/apis/sparkoperator.k8s.io/v1alpha1"))
            x->reply(200, kDiscovery);
        else
            then(r, x);
    };
}

} // namespace sparkconnecttest
