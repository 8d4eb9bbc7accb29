#pragma once

// SparkApplication facts and the job form's rules. Implemented by concern in:
//   sparkstates.cpp      application states (namespace spark)
//   sparkfields.cpp      the field table and form/document paths
//   sparkpresets.cpp     sizing presets and the shipped job templates
//   sparkvalidation.cpp  validate()
//   sparksecrets.cpp     inline credentials and moving them into a Secret
//   sparksummary.cpp     ApplicationSummary and the texts the tables show

#include "models/yamldocument.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace model {

/// Facts about SparkApplication `sparkoperator.k8s.io/v1beta2` (per the Kubeflow Spark Operator
/// CRD, v2.x: its api/v1beta2 types and the CRD schema in the operator's Helm chart).
namespace spark {
inline constexpr auto kApiVersion = "sparkoperator.k8s.io/v1beta2";
inline constexpr auto kKind = "SparkApplication";
inline constexpr auto kAppNameLabel = "sparkoperator.k8s.io/app-name";
inline constexpr auto kRoleLabel = "spark-role";
inline constexpr auto kDriverContainer = "spark-kubernetes-driver";
inline constexpr auto kExecutorContainer = "spark-kubernetes-executor";

/// The 14 application states (status.applicationState.state); "" is a new application.
QStringList applicationStates();
/// True for COMPLETED, FAILED, SUBMISSION_FAILED (the operator will not move them on its own).
bool isTerminalState(const QString& state);
/// The state as shown to people: "NEW" for "".
QString stateLabel(const QString& state);
} // namespace spark

/// Where a form field lives. App fields are written "spec.X" and live under "spec.template.X" in
/// a ScheduledSparkApplication; Schedule fields exist only in a ScheduledSparkApplication and are
/// written "schedule.X" for "spec.X" (so "schedule.suspend" and the application's "spec.suspend"
/// stay two fields).
enum class FieldScope { Metadata, App, Schedule };

/// One editable field of the job form: where it lives in the document and how to show it.
struct FieldSpec {
    QString path;          ///< unique key and dotted path, e.g. "spec.driver.memory" (see FieldScope)
    ValueType type;
    QString label;         ///< "Memory"
    QString section;       ///< "Driver"
    QStringList choices;   ///< for enumerations (first entry "" = not set)
    QString placeholder;   ///< shown when empty (usually the operator's default)
    QString help;          ///< tooltip: what the field does, with units
    bool required = false;
    FieldScope scope = FieldScope::App;
    QStringList suggestions; ///< well-known keys for StringMap fields (sparkConf, hadoopConf)
};

/// The fields of the job form, in display order, grouped by section (General, Schedule,
/// Application, Driver, Executor, Dependencies, Spark configuration, Hadoop configuration, Volumes,
/// Restart policy, Dynamic allocation, Monitoring, Spark UI, Batch scheduler). Covers every field
/// of the v1beta2 SparkApplicationSpec and ScheduledSparkApplicationSpec of operator 2.5.
const QList<FieldSpec>& sparkApplicationFields();
/// The section names in display order.
QStringList fieldSections();

/// True when `doc` is a ScheduledSparkApplication.
bool isScheduled(const YamlDocument& doc);
/// The path of `field` in a SparkApplication (`scheduled` false) or a ScheduledSparkApplication.
QString documentPath(const FieldSpec& field, bool scheduled);
/// The document path of an application field written "spec.X": "spec.template.X" when scheduled.
QString appFieldPath(const QString& specPath, bool scheduled);
/// The document paths the form edits for this kind of document (for YamlDocument::uncoveredPaths).
QStringList formPaths(bool scheduled);
/// The field whose document path is `apiPath` or contains it ("spec.driver.env[0].value" →
/// spec.driver.env), for mapping a Kubernetes Status cause to the form; nullptr when none.
const FieldSpec* fieldForApiPath(const QString& apiPath, bool scheduled);

/// Resource sizes offered by the editor: small / medium / large.
struct SizingPreset {
    QString id;    ///< "small", "medium", "large"
    QString title; ///< "Small: driver 1 core 512m, 1–2 executors 512m"
    QList<QPair<QString, QVariant>> values; ///< App field path → value (Integer/Boolean/String)
};
QList<SizingPreset> sizingPresets();
/// Writes `preset`'s values into `doc` (App paths mapped for a ScheduledSparkApplication).
void applySizing(YamlDocument& doc, const SizingPreset& preset);

/// A credential typed inline where a Kubernetes Secret belongs.
struct InlineSecret {
    QString path;      ///< document path of the map or env entry, e.g. "spec.hadoopConf"
    QString key;       ///< the conf key or env variable name
    QString value;     ///< the secret value (never shown in full)
};
/// Finds credentials typed inline: sparkConf / hadoopConf keys that name a secret, key, token or
/// password, and driver/executor env variables with such names that carry a literal value.
/// Values that are references (${env:...}, ${env.X}) are not reported.
QList<InlineSecret> findInlineSecrets(const YamlDocument& doc);
/// The environment variable that carries the conf `key` of an inline secret in the pods:
/// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN for the S3A keys (what S3A's
/// default credential chain reads), else "SPARKDECK_" + the key in upper case with '_' for
/// anything but letters and digits.
QString secretEnvName(const QString& key);
/// The key of the Secret that holds the value of `envName`: "AWS_SECRET_ACCESS_KEY" →
/// "aws-secret-access-key".
QString secretKeyName(const QString& envName);
/// Rewrites `doc` so that every secret in `secrets` comes from the Kubernetes Secret `secretName`:
/// each value becomes a key of the Secret (returned in `secretData`); driver and executor get an
/// env variable with valueFrom.secretKeyRef; a sparkConf value becomes "${env:VAR}" and a hadoopConf
/// value "${env.VAR}" (the substitution syntax of Spark and Hadoop); an env entry's `value` becomes
/// its valueFrom. The S3A access and secret keys map to AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and
/// are removed from hadoopConf (S3A reads them from the environment).
void moveSecretsToSecret(YamlDocument& doc, const QList<InlineSecret>& secrets, const QString& secretName,
                         QMap<QString, QString>* secretData);

/// A form preset: a display name and the YAML it starts from (from the manifests resources).
struct Preset {
    QString id;     ///< file base name without its order prefix: "10-spark-pi.yaml" → "spark-pi"
    QString title;  ///< "SparkPi (Scala)"
    QString yaml;
};
/// The presets compiled into the application (":/manifests/presets/NN-id.yaml"), in NN order.
QList<Preset> presets();

/// A client-side problem with a field value, shown next to the field.
struct FieldProblem {
    QString path;    ///< the FieldSpec path (as in a SparkApplication)
    QString message;
    bool warning = false; ///< true: worth knowing, does not block Submit
};
/// Checks `doc` as the user types: required fields; names (metadata.name an RFC 1035 DNS label,
/// as the Spark operator's webhook requires, short enough for a scheduled application's run names;
/// the namespace an RFC 1123 label); Spark memory sizes exactly as Spark parses them (512m, 2g; see
/// parseSparkByteSize); Kubernetes quantities exactly as apimachinery parses them (1200m, 2Gi; see
/// isKubernetesQuantity), not negative; cores and instances >= 1; the image reference shape;
/// restart policy combinations; dynamic-allocation bounds; a schedule that parses. Returns one
/// problem per failing field, empty when all is well.
QList<FieldProblem> validate(const YamlDocument& doc);

/// Summary of a live SparkApplication object for tables and details (all strings empty / times
/// invalid when the status does not have them yet).
struct ApplicationSummary {
    QString name;
    QString ns;
    QString state;          ///< status.applicationState.state ("" for new)
    QString errorMessage;
    QString type;           ///< spec.type
    QString driverPod;      ///< status.driverInfo.podName, or "<name>-driver" when not known yet
    QString sparkApplicationId;
    int submissionAttempts = 0;
    int executionAttempts = 0;
    int executorsRunning = 0;
    int executorsTotal = 0;
    bool suspend = false;
    QDateTime created;      ///< metadata.creationTimestamp
    QDateTime started;      ///< status.lastSubmissionAttemptTime
    QDateTime finished;     ///< status.terminationTime

    static ApplicationSummary from(const QJsonObject& object);
};

/// The name a clone of `name` gets: "name" → "name-2", "name-2" → "name-3".
QString cloneName(const QString& name);

/// "1m 05s", "2h 03m", "3d 04h": a compact duration for `ms` milliseconds, like kubectl's ages.
QString humanDuration(qint64 ms);

/// "1 submission, 0 executions": an application's attempt counts in English, each noun singular
/// only for exactly 1.
QString attemptsText(int submissions, int executions);

} // namespace model
