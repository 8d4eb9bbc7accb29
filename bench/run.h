#pragma once
// The orchestrator of sparkdeck-bench: prepares the cluster (bench/run starts it), runs each
// benchmark against the same API server, kubectl included, and prints one line per figure.

#include <QList>
#include <QString>

namespace bench {

struct RunOptions {
    QString self;          ///< this program, to start the probes
    QString kubeconfig;
    QString kubectl;
    QString workDir;       ///< scratch space (kubectl's output, probe output); bench/run removes it
    QString buildType;     ///< shown in the header (Debug figures are not release figures)
    int apps = 50000;      ///< SparkApplications to list (namespaces bench and bench-more)
    int idleApps = 20000;  ///< of which in namespace bench: shown for the idle figures, patched by the writer
    int apiSample = 1000;  ///< created through the API server; the rest are copied into etcd
    double idleSeconds = 20;
    QList<double> replayRates; ///< events per second fed by the replay server (1000, 5000)
    double replaySeconds = 10;
    int replayApps = 5000;
    QString proxyKubeconfig;   ///< tests/cluster's fault proxy in front of the API server (idle requests)
    QString proxyControl;
    int logLines = 1'000'000;
    int hugeLogLines = 10'000'000; ///< the log that must stay usable (0: not measured)
    double rate = 1000;
    double seconds = 15;
    int inFlight = 8;      ///< writer: most patches unanswered at a time
    int repeat = 2;        ///< measured runs of the list figures (after one warm-up each)
    QString only;          ///< comma-separated parts to run: list, start, idle, watch, replay, logs (empty = all)
};

/// Runs the benchmarks; returns 0 when every figure could be measured (whether or not it met its
/// target: targets are reported, never asserted), 1 otherwise.
int run(const RunOptions& options);

} // namespace bench
