#pragma once

// SparkPi SparkApplications for the integration tests, created with kubectl like a user would.

#include "tests/support/process.h"

#include <QDir>
#include <QTemporaryFile>

struct SparkPiOptions {
    int executors = 1;
    int runSeconds = 0;                  ///< > 0: sparkdeck.dev/standin-run-seconds (how long the stand-in runs it)
    QString argument = QStringLiteral("100");
    QString labels;                      ///< flow-style map body, e.g. "sparkdeck-test: liveview"
    bool failing = false;                ///< sparkdeck.dev/standin-outcome=failed: a task fails, the driver exits with 1
};

/// The manifest of a SparkPi application `name` in `ns`.
inline QByteArray sparkPiManifest(const QString& ns, const QString& name, const SparkPiOptions& o = {})
{
    QString meta = QStringLiteral("metadata:\n  name: %1\n  namespace: %2\n").arg(name, ns);
    if (!o.labels.isEmpty())
        meta += QStringLiteral("  labels: {%1}\n").arg(o.labels);
    QStringList annotations;
    if (o.runSeconds > 0)
        annotations << QStringLiteral("sparkdeck.dev/standin-run-seconds: \"%1\"").arg(o.runSeconds);
    if (o.failing)
        annotations << QStringLiteral("sparkdeck.dev/standin-outcome: failed");
    if (!annotations.isEmpty())
        meta += QStringLiteral("  annotations: {%1}\n").arg(annotations.join(QStringLiteral(", ")));
    return (QStringLiteral("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\n") + meta
            + QStringLiteral("spec:\n  type: Scala\n  mode: cluster\n  image: spark:3.5.3\n"
                             "  mainClass: org.apache.spark.examples.SparkPi\n"
                             "  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar\n"
                             "  arguments: [\"%1\"]\n  sparkVersion: 3.5.3\n"
                             "  driver: {serviceAccount: spark-operator-spark}\n  executor: {instances: %2}\n")
                  .arg(o.argument)
                  .arg(o.executors))
        .toUtf8();
}

/// The manifest of a ScheduledSparkApplication `name` in `ns` running SparkPi on `schedule` (cron);
/// `labels` is a flow-style map body as in SparkPiOptions. The stand-in operator never triggers it.
inline QByteArray scheduledSparkPiManifest(const QString& ns, const QString& name, const QString& schedule,
                                           const QString& labels = {})
{
    const QByteArray app = sparkPiManifest(ns, name);
    const QString spec = QString::fromUtf8(app.mid(app.indexOf("spec:\n") + 6)).replace(QStringLiteral("\n  "), QStringLiteral("\n    "));
    QString meta = QStringLiteral("metadata:\n  name: %1\n  namespace: %2\n").arg(name, ns);
    if (!labels.isEmpty())
        meta += QStringLiteral("  labels: {%1}\n").arg(labels);
    return (QStringLiteral("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: ScheduledSparkApplication\n") + meta
            + QStringLiteral("spec:\n  schedule: \"%1\"\n  template:\n  ").arg(schedule) + spec)
        .toUtf8();
}

/// `kubectl create -f` of `manifest` (through a temporary file); the result says how it went.
inline ProcessResult kubectlCreate(const QString& kubectl, const QString& kubeconfig, const QByteArray& manifest)
{
    QTemporaryFile file(QDir::tempPath() + QStringLiteral("/sparkdeck-XXXXXX.yaml"));
    if (!file.open())
        return {};
    file.write(manifest);
    file.close();
    return runProcess(kubectl, {QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("create"), QStringLiteral("-f"), file.fileName()});
}
