#pragma once

#include "app/setup/commandrunner.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace setup {

/// What the Kind wizard sets up; every field has the default a workshop needs.
struct SetupOptions {
    QString clusterName = QStringLiteral("spark");
    QString nodeImage = QStringLiteral("kindest/node:v1.34.0");
    int workers = 1;
    /// "key=value" labels for the workers, e.g. "type=spark-worker".
    QStringList workerLabels;
    /// "key=value:Effect" taints for the workers, e.g. "type=spark-worker:NoSchedule".
    QStringList workerTaints;
    /// "hostPort:containerPort" mappings on the control-plane node, e.g. "8080:30080".
    QStringList portMappings;
    QString helmRepoUrl = QStringLiteral("https://kubeflow.github.io/spark-operator");
    /// The chart: "spark-operator/spark-operator" from the repo, or a local chart directory.
    QString chart = QStringLiteral("spark-operator/spark-operator");
    QString chartVersion; ///< empty = the latest 2.x
    QString release = QStringLiteral("spark-operator");
    QString operatorNamespace = QStringLiteral("spark-operator");
    QStringList jobNamespaces{QStringLiteral("default")};
    bool webhook = true;
    QStringList images;   ///< local Docker images to load into the cluster
    /// Images of `images` this machine does not have yet: the Images step pulls them first
    /// (`docker pull`), e.g. the Spark image the templates' SparkPi uses.
    QStringList pullImages;
    bool smokeTest = true;

    QString context() const { return QStringLiteral("kind-") + clusterName; }
    /// The job service account the chart creates: "<release>-spark" (spark-operator-spark).
    QString serviceAccount() const { return release + QStringLiteral("-spark"); }
    bool chartIsLocal() const { return chart.startsWith(QLatin1Char('/')) || chart.startsWith(QLatin1Char('.')); }
};

/// A problem found in the options, in words the user can act on ("" when fine).
QString validateOptions(const SetupOptions& options);

/// The Kind configuration (kind.x-k8s.io/v1alpha4) for `options`: one control-plane node with the
/// port mappings, and the workers with their labels (kubeletExtraArgs node-labels) and taints
/// (register-with-taints), per the Kind docs.
QString kindConfig(const SetupOptions& options);

/// The wizard's steps, in order. Each is data: commands to run and how to read their outcome.
enum class StepId { Prerequisites, Cluster, Operator, ServiceAccount, Images, Verify, DeleteCluster };

/// How long one prerequisite check (`docker version`, `kind version`, ...) may take before it is
/// stopped and reported as not answering.
constexpr int kPrerequisiteTimeoutMs = 20'000;

/// The commands a step runs, as argument lists that already select the Kind cluster being set up:
/// kubectl ones carry `--context kind-<name>` (kube::KubectlCommand, which also names the program),
/// helm ones `--kube-context kind-<name>`; the caller adds nothing.
/// `kindConfigFile` is where the Kind config was written for the Cluster step.
QList<Command> commandsFor(StepId step, const SetupOptions& options, const QString& kindConfigFile = {});

/// Commands that probe the state before a step, so re-running is safe: the cluster list, the Helm
/// release status, the namespaces and service accounts.
QList<Command> probesFor(StepId step, const SetupOptions& options);

/// Why a command failed and what to do, from its output (known failures of Docker, Kind, Helm and
/// kubectl); `title` is empty when the failure is not a known one.
struct Explanation {
    QString title; ///< "Docker is not running"
    QString why;
    QString fix;   ///< what to do, with the exact command when there is one
    bool retry = false; ///< worth retrying as is (e.g. the webhook was not ready yet)
};
Explanation explainFailure(const Command& command, const QString& output, int exitCode);
/// Why `command` was stopped after Command::timeoutMs without finishing, and what to do.
Explanation explainTimeout(const Command& command);

/// Install hints for a missing tool, for the current OS family ("linux", "macos", "windows").
QString installHint(const QString& tool, const QString& os = {});

/// Free memory (MiB, from /proc/meminfo MemAvailable) and logical CPUs; 0 when unknown.
struct Resources {
    qint64 freeMemoryMiB = 0;
    int cpus = 0;
};
Resources machineResources();

} // namespace setup
