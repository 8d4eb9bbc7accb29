#pragma once

#include "app/setup/setupplan.h"
#include "app/setup/steprunner.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace setup {

/// A local Docker image the Images step offers to load into the cluster.
struct LocalImage {
    QString reference;      ///< "spark:3.5.3" (REPOSITORY:TAG)
    QString size;           ///< as Docker prints it, e.g. "1.2GB"
    bool suggested = false; ///< checked at first: its repository starts with "spark"
};

/// The images in the output of `docker images --format '{{json .}}'` (one JSON object per line with
/// the fields Repository, Tag and Size, as Docker's formatting documentation describes), in
/// Docker's order; Kind's node images (kindest/node) are left out, lines that are not JSON
/// objects are skipped.
QList<LocalImage> parseDockerImages(const QByteArray& output);

/// The progress of `docker pull`, read from its output when it is not a terminal (Docker then
/// prints one status line per event and no progress bars): "TAG: Pulling from REPO", then per
/// layer "ID: Pulling fs layer" / "Waiting" / "Already exists" / "Download complete" / "Pull
/// complete", then "Status: Downloaded newer image for IMAGE" or "Status: Image is up to date for
/// IMAGE". Layers are counted as they are announced, so `total` can grow at the start.
struct PullProgress {
    int total = 0;         ///< layers announced
    int done = 0;          ///< layers pulled (or already there)
    bool finished = false; ///< the Status line came
    /// Takes one line of output; returns true when total, done or finished changed. A new
    /// "Pulling from" line (the next image) starts over.
    bool feed(const QString& line);

private:
    QStringList m_layers;
    QStringList m_done;
};

/// Whether the output of `kind get clusters` (one cluster name per line) lists `name`.
bool clusterListed(const QByteArray& output, const QString& name);

/// How the prerequisites table shows one check (`kind version`, ...) that has ended.
struct PrerequisiteStatus {
    bool ok = false;
    QString status;  ///< "✓ found", "✗ missing", "✗ no answer", "✗ failed (exit code N)"
    QString detail;  ///< the version (and "downloaded by SparkDeck into DIR"), or what to do
    QString toolTip; ///< the detail again, or the check's whole output when it failed
    bool missing = false; ///< the program is not installed (neither on PATH nor among the downloaded tools)
};
/// What `result` of the prerequisite check `check` means (not for a cancelled check). A tool found
/// in proc::toolsDirectory() (not on PATH) says so after its version; that is the only file-system
/// read.
PrerequisiteStatus describePrerequisite(const Command& check, const StepResult& result);

/// The name of a smoke-test application: "sparkdeck-smoke-N" with N from the time (seconds since
/// the epoch, modulo 100000), so runs a few seconds apart do not collide.
QString smokeTestName(qint64 secsSinceEpoch);

/// The smoke test after the Verify checks: create `manifest` (a SparkApplication named `name` in
/// the first job namespace, given on stdin), wait for it to be COMPLETED (kubectl wait, at most
/// 300 s) and show the last 30 lines of its driver's log.
QList<Command> smokeTestCommands(const SetupOptions& options, const QString& name, const QByteArray& manifest);

/// The Cluster step: with an existing cluster, reuse it (`kind get kubeconfig`) or delete and
/// create it again; without one, create it from the Kind config in `kindConfigFile`.
QList<Command> clusterStepCommands(const SetupOptions& options, bool clusterExists, bool reuse, const QString& kindConfigFile);

/// The Operator step: with the release installed and `keep`, only its status; else install or
/// upgrade it (commandsFor(StepId::Operator)).
QList<Command> operatorStepCommands(const SetupOptions& options, bool releaseExists, bool keep);

} // namespace setup
