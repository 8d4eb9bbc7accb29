#pragma once

#include "app/setup/setupplan.h"
#include "app/setup/steprunner.h"
#include "ui/setup/runpanel.h"

#include <QHash>
#include <QWizard>

namespace setup {
class SetupSession;
}

namespace ui {

class DonePage;
class PrerequisitesPage;
class SetupPage;

/// The cluster-setup wizard for Kind: prerequisites, cluster, Spark Operator (Helm), job
/// namespaces and service account, images, verification (with a SparkPi smoke test), done. It only
/// assembles the pages (ui/setup/) around one setup::SetupSession, which runs every command. Each
/// page shows the commands it runs and their output, can be cancelled (the process tree is ended),
/// is safe to run again (an existing cluster, release, namespace or service account is detected),
/// and explains known failures with what to do.
class SetupWizard : public QWizard {
    Q_OBJECT
public:
    enum PageId { PrerequisitesPage, ClusterPage, OperatorPage, ServiceAccountPage, ImagesPage, VerifyPage, DonePage };

    explicit SetupWizard(QWidget* parent = nullptr);

    /// The options as the pages currently set them.
    setup::SetupOptions options() const;
    /// Sets the pages from `options` (for tests and for opening the wizard on a known setup).
    void setOptions(const setup::SetupOptions& options);
    /// The run panel of `page` (for tests).
    RunPanel* panel(PageId page) const;
    /// The session that runs the wizard's commands.
    setup::SetupSession* session() const { return m_session; }
    /// How long each prerequisite check may run before it is stopped and shown as not answering
    /// (default setup::kPrerequisiteTimeoutMs); applies from the next check run.
    void setPrerequisiteTimeout(int ms);
    /// Whether Done asked to switch SparkDeck to the new context / open the job editor.
    bool switchContext() const;
    bool openEditor() const;

    /// Deletes Kind cluster `name` after asking (when `confirm`), without waiting: returns the
    /// running deletion (its finished() reports the outcome, then it deletes itself), or null when
    /// the user said no. It belongs to `parent`: closing the parent ends it (see
    /// setup::SetupSession::deleteCluster).
    static setup::StepRunner* deleteCluster(QWidget* parent, const QString& name, bool confirm = true);

signals:
    /// Done was pressed with "switch" checked: use this context.
    void useContext(const QString& context);
    void openJobEditor();

protected:
    bool validateCurrentPage() override;
    void done(int result) override;

private:
    SetupPage* setupPage(int id) const;

    setup::SetupSession* m_session;
    ui::PrerequisitesPage* m_prerequisites;
    ui::DonePage* m_done;
};

} // namespace ui
