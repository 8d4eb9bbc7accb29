#pragma once

#include "app/setup/commandrunner.h"
#include "app/setup/setupplan.h"
#include "app/setup/setupprobes.h"
#include "app/setup/steprunner.h"

#include <QHash>
#include <QObject>
#include <QStringList>

namespace setup {

/// The Kind wizard's controller, without widgets: it owns one StepRunner per step (the wizard's
/// run panels show them), runs the probes that make each step safe to run again (is the cluster
/// there, is the release installed, which local images exist) and the prerequisite checks one by
/// one, writes the Kind config file, and reports what they found through signals. Everything runs
/// on the thread that owns the session, from its event loop; no member waits. Destroying the
/// session ends whatever it still runs (in the background: TERM, then KILL after 3 s).
class SetupSession : public QObject {
    Q_OBJECT
public:
    explicit SetupSession(QObject* parent = nullptr);
    /// Removes the Kind config file it wrote.
    ~SetupSession() override;

    /// The runner of `step` (Prerequisites, Cluster, Operator, ServiceAccount, Images, Verify;
    /// owned by the session, never null).
    StepRunner* runner(StepId step) const;

    /// Checks the prerequisites (commandsFor(StepId::Prerequisites)) one at a time through
    /// runner(Prerequisites), each stopped after `timeoutMs`, so one missing tool does not hide
    /// the others: prerequisiteChecked() for each, then prerequisitesFinished(). Cancelling the
    /// runner stops the sequence. Does nothing while a check runs.
    void checkPrerequisites(const SetupOptions& options, int timeoutMs = kPrerequisiteTimeoutMs);
    bool isCheckingPrerequisites() const { return m_checking; }
    /// The tools the prerequisite checks ask for, in the order of prerequisiteChecked()'s index.
    static QStringList prerequisiteTools();

    /// Asks Kind whether the cluster `options.clusterName` exists: clusterProbed() follows. A probe
    /// still running is replaced.
    void probeCluster(const SetupOptions& options);
    /// Asks Helm whether the release exists: releaseProbed() follows.
    void probeRelease(const SetupOptions& options);
    /// Lists the local Docker images: imagesListed() follows.
    void listImages(const SetupOptions& options);

    /// Writes kindConfig(options) to a file of the session's own and returns its path ("" when it
    /// cannot be written).
    QString writeKindConfig(const SetupOptions& options);
    /// Removes the file writeKindConfig() wrote (also done when the session is destroyed).
    void removeKindConfig();

    /// Ends every step and probe that runs (each reports cancelled, probes report nothing).
    void cancelAll();

    /// Deletes the Kind cluster `name` (commandsFor(StepId::DeleteCluster)) without waiting: returns
    /// the runner at once (already running); its finished() reports the outcome, after which it
    /// deletes itself. It is a child of `owner`: when the owner goes first, the deletion is
    /// ended (TERM to kind's process group) and reports nothing.
    static StepRunner* deleteCluster(const QString& name, QObject* owner);

    /// The wall time (ms) of the tool downloads the Prerequisites page ran, added per busy period
    /// (downloads side by side count once); the Done page lists it with the steps.
    void addToolDownloadTime(qint64 ms) { m_toolDownloadMs += ms; }
    qint64 toolDownloadTimeMs() const { return m_toolDownloadMs; }

signals:
    /// Check `index` of prerequisiteTools() ended (not sent for a cancelled check).
    void prerequisiteChecked(int index, const QString& tool, const setup::PrerequisiteStatus& status);
    /// `done` of `total` checks have ended.
    void prerequisitesProgress(int done, int total);
    /// The checks ended: `problems` names the tools that are missing or failed; `cancelled` when
    /// the runner was cancelled (the checks from `index` on did not run).
    void prerequisitesFinished(const QStringList& problems, bool cancelled, int index);
    void clusterProbed(const QString& name, bool exists);
    void releaseProbed(const QString& release, bool exists);
    void imagesListed(const QList<setup::LocalImage>& images);

private:
    void onPrerequisiteFinished(const StepResult& result);
    CommandRunner* probe(const QString& kind);

    QHash<int, StepRunner*> m_runners;
    QHash<QString, CommandRunner*> m_probes;
    QList<Command> m_checks;
    int m_checkIndex = 0;
    QStringList m_problems;
    bool m_checking = false;
    QString m_kindConfigFile;
    qint64 m_toolDownloadMs = 0;
};

} // namespace setup

Q_DECLARE_METATYPE(setup::PrerequisiteStatus)
Q_DECLARE_METATYPE(setup::LocalImage)
