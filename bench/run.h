#pragma once
// The orchestrator of sparkdeck-bench: prepares the cluster (bench/run starts it), runs each
// benchmark against the same API server, kubectl included, and prints one line per figure.

#include <QString>

namespace bench {

struct RunOptions {
    QString self;          ///< this program, to start the probes
    QString kubeconfig;
    QString kubectl;
    QString workDir;       ///< scratch space (kubectl's output, probe output); bench/run removes it
    QString buildType;     ///< shown in the header (Debug figures are not release figures)
    int apps = 5000;
    int logLines = 1'000'000;
    double rate = 1000;
    double seconds = 30;
    int inFlight = 8;      ///< writer: most patches unanswered at a time
    int repeat = 3;        ///< measured runs of the list figures (after one warm-up each)
    QString only;          ///< comma-separated parts to run: list, watch, logs (empty = all)
};

/// Runs the benchmarks; returns 0 when every figure could be measured (whether or not it met its
/// target: targets are reported, never asserted), 1 otherwise.
int run(const RunOptions& options);

} // namespace bench
