#pragma once

#include "app/kube/kubeclient.h"

#include <QJsonObject>
#include <QMap>

namespace kube {

/// The outcome of submitting a SparkApplication.
struct SubmitResult {
    enum class Stage { DryRun, Create };
    Stage stage = Stage::DryRun;  ///< where it stopped (DryRun when validation failed)
    KubeError error;              ///< None when the object was created (or validated, for dryRunOnly)
    QStringList warnings;         ///< `Warning:` headers from either request
    QJsonObject object;           ///< the object the server returned
};

/// Submits `application` (a SparkApplication or ScheduledSparkApplication as JSON, by its `kind`;
/// metadata.namespace set) in two steps, per
/// Kubernetes API concepts (dry-run): first `POST ...?dryRun=All&fieldValidation=Strict`, so the
/// CRD's schema and admission check it without creating anything (unknown fields are errors), then,
/// unless `dryRunOnly`, the same POST for real. A 404 that is not a Status means the CRD is not
/// installed and is reported as "Spark Operator CRD not installed". `done` runs once in
/// `receiver`'s thread.
void submitSparkApplication(KubeClient* client, const QJsonObject& application, bool dryRunOnly, QObject* receiver,
                            std::function<void(const SubmitResult&)> done);

/// Deletes the object at `path`, e.g. ResourceKind::objectPath() (propagationPolicy Background, so
/// what it owns goes too). `done` gets the error (None on success).
void deleteObject(KubeClient* client, const QString& path, QObject* receiver, std::function<void(const KubeError&)> done);

/// Deletes a SparkApplication (propagationPolicy Background). `done` gets the error (None on success).
void deleteSparkApplication(KubeClient* client, const QString& ns, const QString& name, QObject* receiver,
                            std::function<void(const KubeError&)> done);

/// Creates the Opaque Secret `name` in `ns` with `stringData` = `data`, or, when it exists, merges
/// `data` into it (PATCH application/merge-patch+json). Values are never logged. `done` gets the
/// error (None on success).
void applySecret(KubeClient* client, const QString& ns, const QString& name, const QMap<QString, QString>& data,
                 QObject* receiver, std::function<void(const KubeError&)> done);

/// Merge-patches (application/merge-patch+json) the object at `path` with `patch`, e.g.
/// {"spec":{"suspend":true}}. `done` gets the error (None on success).
void mergePatch(KubeClient* client, const QString& path, const QJsonObject& patch, QObject* receiver,
                std::function<void(const KubeError&)> done);

/// The object to create again for `live` (a live SparkApplication): apiVersion, kind,
/// metadata.name/namespace/labels/annotations and spec; no status, uid or resourceVersion.
QJsonObject resubmittable(const QJsonObject& live);

/// Re-runs a SparkApplication the only way the operator offers (there is no rerun API): deletes
/// it, waits until it is gone (polling every 500 ms, at most `timeoutMs`), and creates
/// resubmittable(live) again. `done` gets the error of the step that failed (None on success).
void rerunSparkApplication(KubeClient* client, const QJsonObject& live, QObject* receiver,
                           std::function<void(const KubeError&)> done, int timeoutMs = 60'000);

/// Creates the namespace `name` (POST /api/v1/namespaces). `done` gets the error (None on success;
/// AlreadyExists is an error the caller may treat as success).
void createNamespace(KubeClient* client, const QString& name, QObject* receiver, std::function<void(const KubeError&)> done);

/// The namespace a request failed for because it does not exist (the API server's 404 NotFound
/// Status "namespaces \"NAME\" not found"); empty for any other error.
QString missingNamespace(const KubeError& error);

/// Rewrites a "resource not served" error for SparkApplications into words a user can act on.
KubeError explainSparkError(KubeError error);

} // namespace kube
