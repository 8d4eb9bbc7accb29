#pragma once

// Why a SparkApplication failed (or cannot start), in one sentence, with what to change and where.
// Pure functions of the objects the API server returns; any thread.

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace model {

/// What diagnose() reads. Every part may be empty (a run read back from history may lack pods).
struct DiagnosisInput {
    /// The SparkApplication (sparkoperator.k8s.io/v1beta2, Kubeflow Spark Operator v2.5.2): spec,
    /// status.applicationState.{state,errorMessage}.
    QJsonObject application;
    /// v1 Events of the application and of its pods (core/v1 Event: reason, message, type,
    /// involvedObject, count, lastTimestamp), in any order.
    QList<QJsonObject> events;
    /// v1 Pods of the application (driver and executors; label spark-role).
    QList<QJsonObject> pods;
    /// The first exception of the driver log (kube::fetchFirstException()); may be empty.
    QString firstException;
    /// Optional v1 Nodes: their status.allocatable.memory is quoted when a pod does not fit.
    QList<QJsonObject> nodes;
};

/// What diagnose() concluded.
struct Diagnosis {
    /// A stable name of the rule that matched, for tests and scripts: "ServiceAccountMissing",
    /// "MainClassNotFound", "MainFileNotFound", "OOMKilled", "OutOfMemoryError", "ImagePullSecretMissing",
    /// "ImagePull", "FailedMount", "ConfigMissing", "InsufficientMemory", "InsufficientCpu", "Taint",
    /// "NodeSelector", "Unschedulable", "Evicted", "CrashLoopBackOff", "DriverPodNotFound",
    /// "SubmissionFailed", "DriverFailed", "Failed"; empty when nothing is wrong.
    QString cause;
    /// What happened, one sentence.
    QString summary;
    /// What to change, one sentence.
    QString remedy;
    /// The spec field to change as the job editor names it (model::FieldSpec::path:
    /// "spec.driver.memory", "spec.mainClass", "spec.imagePullSecrets", …); empty when no field of
    /// the SparkApplication is at fault.
    QString field;
    /// The lines the conclusion rests on: "Warning FailedScheduling pod/x-driver: 0/1 nodes …",
    /// "pod/x-driver spark-kubernetes-driver: terminated OOMKilled (exit code 137), memory limit
    /// 1408Mi", "errorMessage: …", "driver log: …". Most telling first.
    QStringList evidence;

    bool isEmpty() const { return cause.isEmpty(); }
};

/// Explains why `input.application` failed, or why it cannot start: a failed or rejected submission
/// (SUBMISSION_FAILED, errorMessage from spark-submit), a FAILED driver (errorMessage "driver
/// container failed with ExitCode: N, Reason: R", "driver pod not found"), the operator's events
/// (SparkApplicationFailed, SparkApplicationSubmissionFailed, SparkDriverFailed,
/// SparkExecutorFailed), the scheduler's FailedScheduling (Insufficient memory/cpu against Spark's
/// memory + overhead, untolerated taints, node selectors), the kubelet's FailedMount,
/// FailedToRetrieveImagePullSecret, ErrImagePull/ImagePullBackOff, CrashLoopBackOff,
/// CreateContainerConfigError, OOMKilled (the container's memory limit against spec memory +
/// overhead: max(384 MiB, spark.kubernetes.memoryOverheadFactor × memory), factor 0.1, 0.4 for
/// Python and R, see model::sparkRequests()), Evicted, and the driver log's first exception
/// (ClassNotFoundException / "Failed to load class" of spec.mainClass, a missing
/// spec.mainApplicationFile, OutOfMemoryError). The most specific finding wins. Empty for a
/// COMPLETED application and for one whose pods show nothing wrong.
Diagnosis diagnose(const DiagnosisInput& input);

/// The Diagnosis as text lines for a terminal: the summary, "Change: <remedy>", "Field: <field>"
/// (when set) and "Evidence:" with the evidence lines indented; empty for an empty diagnosis.
QStringList diagnosisLines(const Diagnosis& diagnosis);

} // namespace model
