#pragma once

// What the pods of a SparkApplication ask the scheduler and a ResourceQuota for, and the Kubernetes
// resource quantities they are counted in. Pure functions, any thread.

#include <QJsonObject>
#include <QString>

#include <optional>

namespace model {

/// The value of a Kubernetes resource quantity ("500m", "2", "1Gi", "1.5G", "1e3") in base units
/// (cores for CPU, bytes for memory, a count for pods), as k8s.io/apimachinery's resource.Quantity
/// reads it (binary suffixes Ki..Ei, decimal n, u, m, k, M, G, T, P, E, exponent e/E). nullopt when the
/// text is not a quantity (see isKubernetesQuantity()).
std::optional<double> parseKubeQuantity(const QString& text);

/// A CPU amount as kubectl shows one: "500m", "2", "2500m".
QString formatCpu(double cores);
/// A byte amount in the largest binary unit it is a whole number of: "896Mi", "2Gi", "1536Mi", "1000".
QString formatBytes(double bytes);

/// What one Spark pod requests and is limited to, as Spark's Kubernetes backend (3.x/4.x,
/// BasicDriverFeatureStep / BasicExecutorFeatureStep) builds it from the operator's fields.
struct SparkPodResources {
    double cpuRequest = 0;     ///< cores: spec.<pod>.coreRequest, else spec.<pod>.cores (default 1)
    double cpuLimit = 0;       ///< cores: spec.<pod>.coreLimit; 0 = none set
    double memoryHeap = 0;     ///< bytes: spec.<pod>.memory (Spark byte size, default 1g)
    double memoryOverhead = 0; ///< bytes: spec.<pod>.memoryOverhead, else max(384 MiB, factor × heap)
    /// requests.memory = limits.memory: heap + overhead (Spark sets both to the same).
    double memory() const { return memoryHeap + memoryOverhead; }
};

/// Every pod a SparkApplication starts at once: one driver and `executors` executors.
struct SparkRequests {
    SparkPodResources driver;
    SparkPodResources executor;
    int executors = 0; ///< spec.executor.instances (Spark's default 2), or dynamicAllocation's initialExecutors/minExecutors
    QString error;     ///< a size Spark or Kubernetes would reject ("spec.driver.memory: ..."); the rest is then a guess
    double cpuRequests() const { return driver.cpuRequest + executors * executor.cpuRequest; }
    double cpuLimits() const { return driver.cpuLimit + executors * executor.cpuLimit; }
    double memory() const { return driver.memory() + executors * executor.memory(); }
    int pods() const { return 1 + executors; }
};

/// The requests of a SparkApplication's `spec` (of kind SparkApplication; for a
/// ScheduledSparkApplication pass spec.template). The memory overhead factor is
/// spec.memoryOverheadFactor, else 0.1 for Java/Scala and 0.4 for Python and R (Spark's
/// spark.kubernetes.memoryOverheadFactor default for non-JVM jobs), with Spark's 384 MiB minimum.
SparkRequests sparkRequests(const QJsonObject& spec);

} // namespace model
