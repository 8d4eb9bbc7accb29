#pragma once
// Helpers shared by the parts of sparkdeck-bench: clocks that agree across processes, the memory
// figures of /proc/self/status, running a child process with its exact wall time and peak RSS,
// the RESULT lines children report with, and a blocking wrapper around kube::KubeClient for the
// set-up steps (the measured paths always use SparkDeck's asynchronous classes as the app does).

#include "app/kube/kubeclient.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace bench {

/// CLOCK_MONOTONIC in ns (std::chrono::steady_clock). On Linux it is the same clock in every
/// process, so a child's timestamps can be compared with the parent's.
qint64 monotonicNs();
/// Wall-clock time in µs since the epoch, for send timestamps carried inside objects.
qint64 wallUs();

/// VmRSS and VmHWM (peak RSS) of this process from /proc/self/status, in MiB.
struct Memory {
    double rssMiB = 0;
    double peakMiB = 0;
};
Memory processMemory();

/// One finished child process, run by runProcess().
struct Finished {
    int exitCode = -1;      ///< -1 when it could not start or was killed
    qint64 startNs = 0;     ///< monotonicNs() just before posix_spawn
    qint64 endNs = 0;       ///< monotonicNs() just after wait4 returned
    double peakRssMiB = 0;  ///< ru_maxrss of the child
    double wallMs() const { return double(endNs - startNs) / 1e6; }
};
/// Runs `argv` (no shell) with stdin from /dev/null and stdout/stderr to the given files (empty
/// = /dev/null) and waits for it: the wall time from spawn to exit and the peak RSS (wait4's
/// rusage). Blocks the calling thread; used for processes that are timed from start to finish.
Finished runProcess(const QStringList& argv, const QString& stdoutFile, const QString& stderrFile = {});

/// Children report their figures as one line "RESULT {json}" on stdout.
void printResult(const QJsonObject& result);
/// The JSON of the last RESULT line in `output` (empty when there is none).
QJsonObject parseResult(const QByteArray& output);

/// Loads `kubeconfig` and connects to its current context; exits the program with a message on
/// error (a broken kubeconfig is not something to benchmark).
kube::ClusterConnection connectionFor(const QString& kubeconfig);

/// Sends one request and waits for its answer (or error) in a local event loop (set-up steps only).
kube::Result<kube::KubeResponse> callSync(kube::KubeClient* client, const QByteArray& method, const QString& path,
                                          const QByteArray& body = {},
                                          const QByteArray& contentType = QByteArrayLiteral("application/json"));

/// Runs the event loop until `done()` holds or `timeoutMs` passed; returns done().
bool waitUntil(const std::function<bool()>& done, int timeoutMs);

/// Progress for people, on stderr (stdout carries the figures).
void note(const QString& text);

/// The `p`-th percentile (0..100, nearest rank) of `values`, which it sorts; 0 when empty.
double percentile(QList<double>& values, double p);
/// The median of `values` (sorts them); 0 when empty.
double median(QList<double> values);

} // namespace bench
