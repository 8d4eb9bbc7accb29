#pragma once

#include "yamldocument.h"

#include <QColor>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace model {

/// Facts about SparkApplication `sparkoperator.k8s.io/v1beta2` (per the Kubeflow Spark Operator
/// CRD, v2.x). See ../shared/design/REFERENCE.md.
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
/// A colour per state that reads on light and dark backgrounds (green completed, red failed, ...).
QColor stateColor(const QString& state);
/// The state as shown to people: "NEW" for "".
QString stateLabel(const QString& state);
} // namespace spark

/// One editable field of the job form: where it lives in the document and how to show it.
struct FieldSpec {
    QString path;          ///< dotted path, e.g. "spec.driver.memory"
    ValueType type;
    QString label;         ///< "Memory"
    QString section;       ///< "Driver"
    QStringList choices;   ///< for enumerations (first entry "" = not set)
    QString placeholder;   ///< shown when empty (usually the operator's default)
    QString help;          ///< tooltip: what the field does, with units
    bool required = false;
    int minimum = 0;       ///< for Integer
    int maximum = 0;       ///< for Integer (0 = no limit given)
};

/// The fields of the job form, in display order (sections General, Application, Driver, Executor,
/// Restart policy).
const QList<FieldSpec>& sparkApplicationFields();

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
    QString path;
    QString message;
};
/// Checks `doc` as the user types: required fields, Kubernetes name rules (RFC 1123 DNS label for
/// the name), memory quantities (e.g. 512m, 1g, 2Gi), cores > 0, executor instances ≥ 0. Returns
/// one problem per failing field, empty when all is well.
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

/// "1m 05s", "2h 03m", "3d 04h": a compact duration for `ms` milliseconds, like kubectl's ages.
QString humanDuration(qint64 ms);

} // namespace model
