#pragma once

#include "app/kube/kubeclient.h"

#include <QJsonObject>
#include <QMap>

namespace kube {

struct ResourceKind;

// Requests on SparkApplications and the objects around them. Every asynchronous function hands its
// outcome to `done` as a kube::Status (or SubmitResult, which carries one), per the core's error
// convention (app/kube/result.h). `done` runs once, in the client's thread (where `receiver`
// lives), always after the call returns, from the event loop; it is skipped when `receiver` or the
// client is destroyed first. A client gone between two requests of one operation is a Network
// error "not connected".

/// The outcome of submitting a SparkApplication: a Status plus what the user sees either way (the
/// stage it stopped at and the server's warnings).
struct SubmitResult {
    enum class Stage { DryRun, Create };
    Stage stage = Stage::DryRun;  ///< where it stopped (DryRun when validation failed)
    Status status;                ///< success when the object was created (or validated, for dryRunOnly)
    QStringList warnings;         ///< `Warning:` headers from either request, failed or not
    QJsonObject object;           ///< the object the server returned (empty on failure)
};

/// Submits `application` (a SparkApplication or ScheduledSparkApplication as JSON, by its `kind`;
/// metadata.namespace set) in two steps, per
/// Kubernetes API concepts (dry-run): first `POST ...?dryRun=All&fieldValidation=Strict`, so the
/// CRD's schema and admission check it without creating anything (unknown fields are errors), then,
/// unless `dryRunOnly`, the same POST for real. A 404 that is not a Status means the CRD is not
/// installed and is reported as "Spark Operator CRD not installed".
void submitSparkApplication(KubeClient* client, const QJsonObject& application, bool dryRunOnly, QObject* receiver,
                            std::function<void(const SubmitResult&)> done);

/// Submits `object` (metadata.namespace set, else "default") to the collection of `kind` the same
/// way: a strict dry run, then (unless `dryRunOnly`) the strict create. For other kinds of the Spark
/// Operator, e.g. SparkConnect (sparkoperator.k8s.io/v1alpha1).
void submitObject(KubeClient* client, const ResourceKind& kind, const QJsonObject& object, bool dryRunOnly,
                  QObject* receiver, std::function<void(const SubmitResult&)> done);
/// Deletes the object at `path`, e.g. ResourceKind::objectPath() (propagationPolicy Background, so
/// what it owns goes too). A missing CRD is explained as by explainSparkError().
void deleteObject(KubeClient* client, const QString& path, QObject* receiver, std::function<void(const Status&)> done);

/// Deletes a SparkApplication (propagationPolicy Background).
void deleteSparkApplication(KubeClient* client, const QString& ns, const QString& name, QObject* receiver,
                            std::function<void(const Status&)> done);

/// Creates the Opaque Secret `name` in `ns` with `stringData` = `data`, or, when it exists, merges
/// `data` into it (PATCH application/merge-patch+json). Values are never logged.
void applySecret(KubeClient* client, const QString& ns, const QString& name, const QMap<QString, QString>& data,
                 QObject* receiver, std::function<void(const Status&)> done);

/// Merge-patches (application/merge-patch+json) the object at `path` with `patch`, e.g.
/// {"spec":{"suspend":true}}. A missing CRD is explained as by explainSparkError().
void mergePatch(KubeClient* client, const QString& path, const QJsonObject& patch, QObject* receiver,
                std::function<void(const Status&)> done);

/// The object to create again for `live` (a live SparkApplication): apiVersion, kind,
/// metadata.name/namespace/labels/annotations and spec; no status, uid or resourceVersion.
QJsonObject resubmittable(const QJsonObject& live);

/// Creates the namespace `name` (POST /api/v1/namespaces). AlreadyExists is an error the caller may
/// treat as success.
void createNamespace(KubeClient* client, const QString& name, QObject* receiver, std::function<void(const Status&)> done);

/// The namespace a request failed for because it does not exist (the API server's 404 NotFound
/// Status "namespaces \"NAME\" not found"); empty for any other error. Pure.
QString missingNamespace(const KubeError& error);

/// Rewrites a "resource not served" error for SparkApplications into words a user can act on;
/// returns any other error as it is. Pure.
KubeError explainSparkError(KubeError error);

} // namespace kube
