#pragma once
// SparkConnect facts (Kubeflow Spark Operator, sparkoperator.k8s.io/v1alpha1, since operator v2.3;
// api/v1alpha1/sparkconnect_types.go and internal/controller/sparkconnect of v2.5.2): what a live
// object says (summarizeSparkConnect), the creation form and its template (SparkConnectForm), and
// the names the operator gives what it creates. Pure functions, any thread; no widgets.

#include "models/yamldocument.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace model {

namespace sparkconnect {
constexpr const char* kGroup = "sparkoperator.k8s.io";
constexpr const char* kVersion = "v1alpha1";
constexpr const char* kPlural = "sparkconnects";
constexpr const char* kKind = "SparkConnect";
/// The Spark Connect server's gRPC port, a port of the server's Service (named spark-connect-server).
constexpr int kPort = 15002;
/// The container of the server pod that runs the Spark Connect server (common.SparkDriverContainerName).
constexpr const char* kServerContainer = "spark-kubernetes-driver";
/// The label the operator puts on the server pod, its Service and the executors: the SparkConnect's name.
constexpr const char* kNameLabel = "sparkoperator.k8s.io/connect-name";
/// The template of the creation form: a compiled-in resource (manifests/presets/sparkconnect/).
constexpr const char* kTemplateResource = ":/manifests/presets/sparkconnect/sparkconnect.yaml";
} // namespace sparkconnect

/// One entry of status.conditions (a metav1.Condition).
struct SparkConnectCondition {
    QString type;       ///< e.g. "ServerPodReady"
    QString status;     ///< "True", "False" or "Unknown"
    QString reason;     ///< e.g. "ServerPodNotReady"
    QString message;
    QDateTime lastTransition; ///< invalid when absent
};

/// What a live SparkConnect object says (strings empty / times invalid when not there yet).
struct SparkConnectSummary {
    QString name;
    QString ns;
    QString uid;
    QString state;           ///< status.state: "" (new), Provisioning, Ready, NotReady or Failed
    QString serverPod;       ///< status.server.podName (the operator names it <name>-server)
    QString serverPodIp;     ///< status.server.podIp
    QString serverService;   ///< status.server.serviceName (<name>-server unless spec.server.service names it)
    QMap<QString, int> executors; ///< status.executors: executor pod phase in lower case ("running") -> count
    QList<SparkConnectCondition> conditions;
    QString image;           ///< spec.image
    QString sparkVersion;    ///< spec.sparkVersion
    int serverCores = 0;     ///< spec.server.cores (0 = not set)
    QString serverMemory;    ///< spec.server.memory
    int executorInstances = -1; ///< spec.executor.instances (-1 = not set)
    int executorCores = 0;
    QString executorMemory;
    QDateTime created;       ///< metadata.creationTimestamp
    QDateTime startTime;     ///< status.startTime
    QDateTime lastUpdate;    ///< status.lastUpdateTime
    bool deleting = false;   ///< metadata.deletionTimestamp is set
};

/// Reads `object` (a SparkConnect as JSON).
SparkConnectSummary summarizeSparkConnect(const QJsonObject& object);

/// The state as shown: "Ready", "Not ready", "Provisioning", "Failed", "New" (no state yet, the
/// operator has not reconciled it), "Deleting".
QString sparkConnectStateText(const SparkConnectSummary& summary);

/// One sentence on what the state means for a user, e.g. for NotReady "The server pod is not ready:
/// <condition message>".
QString sparkConnectStateHint(const SparkConnectSummary& summary);

/// status.executors in words, most relevant first: "2 running, 1 pending"; "none" when empty.
QString sparkConnectExecutorsText(const QMap<QString, int>& executors);

/// The connection string a Spark Connect client uses for a server forwarded to local `port`:
/// "sc://localhost:PORT" (Spark Connect client connection string, connect/client-connection-string).
QString sparkConnectUrl(int port);

/// The fields of the creation form (what the template leaves to the user).
struct SparkConnectForm {
    QString name;
    QString ns;
    QString image;
    QString sparkVersion;
    int serverCores = 1;
    QString serverMemory;
    int executorInstances = 1;
    int executorCores = 1;
    QString executorMemory;
};

/// The creation template's YAML (kTemplateResource), empty when the resource is missing.
QString sparkConnectTemplate();

/// The form's fields as `doc` has them (missing ones keep SparkConnectForm's defaults).
SparkConnectForm sparkConnectFormOf(const YamlDocument& doc);

/// Writes the form's fields into `doc` (the rest of `doc` stays as it is).
void applySparkConnectForm(YamlDocument& doc, const SparkConnectForm& form);

/// What is wrong with `form`, one sentence per field saying what to do, empty when all is well:
/// name an RFC 1035 label of at most 57 characters (the operator names the server pod and Service
/// <name>-server), namespace an RFC 1123 label, an image reference, a Spark version, cores and
/// instances in range (cores >= 1, instances >= 0), memory sizes as Spark parses them (512m, 2g).
QStringList validateSparkConnectForm(const SparkConnectForm& form);

} // namespace model
