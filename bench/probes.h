#pragma once
// The measuring processes of sparkdeck-bench. Each runs as its own process (started by the
// orchestrator in run.cpp), so that its memory figures are its own and its GUI thread is not
// shared with anything the benchmark itself does. Each prints one "RESULT {json}" line.

#include <QString>

namespace bench {

/// What the probes are told on their command line.
struct ProbeOptions {
    QString kubeconfig;
    QString ns;             ///< namespace to watch or read from; empty = all namespaces
    int apps = 0;           ///< SparkApplications expected in the table / patched by the writer
    double rate = 1000;     ///< writer: patches per second
    double seconds = 30;    ///< writer: how long to send
    int inFlight = 8;       ///< writer: most requests unanswered at a time
    QString pod;            ///< logs: the pod and container to read
    QString container;
    QString png;            ///< list/logs: also save the rendered window here (to look at it)
    QString outFile;        ///< replay server: where to write the last send time of each object
    bool interact = false;
    int searchRuns = 3;     ///< logs: timed runs of each search (after a warm-up when more than 1)  ///< list: time sorting, filtering and scrolling after the render
};

/// The annotation the writer sets to its send time (µs since the epoch).
inline constexpr auto kSentAnnotation = "sparkdeck.dev/bench-sent-us";

/// Figure 1 and 2: ui::MainWindow (all namespaces, or opts.ns) shown offscreen until the first
/// list is applied, then the window is rendered once (grab()). Reports monotonic timestamps of
/// main(), the window's creation, the synced list and the rendered window, the rows in the
/// ApplicationsModel, and VmRSS/VmHWM. `mainNs` is monotonicNs() taken first thing in main().
int listProbe(const ProbeOptions& opts, qint64 mainNs);

/// Cold start: ui::MainWindow for opts.kubeconfig shown offscreen, until the end of its first
/// paint. Reports monotonic timestamps of main(), the window's creation and that paint.
int startProbe(const ProbeOptions& opts, qint64 mainNs);

/// The watch figures' replay server: a loopback HTTP/1.1 server speaking enough of the Kubernetes
/// API for ui::MainWindow (list, then a chunked watch stream, of opts.apps SparkApplications in
/// opts.ns; empty lists and idle watches for the other resources; 404 for the rest). Prints
/// "PORT <n>"; on "GO" on stdin it writes MODIFIED events at opts.rate per second for
/// opts.seconds into the open SparkApplication watches, each carrying kSentAnnotation (the time it
/// was written, µs), then writes opts.outFile (key TAB last send time, one line per object it
/// changed) and reports. Ends when stdin closes.
int replayServer(const ProbeOptions& opts);

/// Figure 3, the measuring side: ui::MainWindow on opts.ns shown offscreen; once synced prints
/// "READY" and records, for every watch update carrying kSentAnnotation, the lag from the send
/// time to the moment kube::Informer and the ApplicationsModel have applied it (a slot connected
/// after the model's), plus the largest gap between ticks of a 5 ms timer in the GUI thread.
/// Reads "STOP <sent>" on stdin, waits for the remaining updates (at most 15 s) and reports.
int watchProbe(const ProbeOptions& opts);

/// Figure 3, the writing side: merge-patches kSentAnnotation of opts.apps SparkApplications
/// round-robin (kube::mergePatch over its own kube::KubeClient), paced at opts.rate per second
/// for opts.seconds with at most opts.inFlight requests unanswered. Reports what it sent and the
/// rate achieved.
int writer(const ProbeOptions& opts);

/// Figures 4 to 6: ui::LogViewer shown offscreen with Follow off, following opts.pod (a
/// kube::LogStream with follow=false feeding model::LogModel) until the stream has Ended; then
/// renders it once, reads LogModel::byteSize() and the RSS growth, and times LogModel::search on a
/// snapshot for a plain, a case-insensitive and a regular-expression pattern.
int logsProbe(const ProbeOptions& opts);

} // namespace bench
