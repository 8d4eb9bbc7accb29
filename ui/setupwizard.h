#pragma once

#include "app/setup/setupplan.h"
#include "app/setup/steprunner.h"

#include <QWizard>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTableWidget;

namespace ui {

class YamlEditor;

/// A log panel with Run / Cancel, a progress bar and the explanation of a known failure: how every
/// wizard page runs its step. Shows each command as "$ program args" followed by its output.
class RunPanel : public QWidget {
    Q_OBJECT
public:
    explicit RunPanel(const QString& runLabel, QWidget* parent = nullptr);

    /// Runs `commands`; finished() follows.
    void run(const QList<setup::Command>& commands);
    void cancel();
    bool isRunning() const { return m_runner.isRunning(); }
    bool succeeded() const { return m_succeeded; }
    QString log() const;
    QString explanation() const;
    QPushButton* runButton() const { return m_run; }
    QPushButton* cancelButton() const { return m_cancel; }
    /// Clears the log and the outcome.
    void reset();
    /// Replaces the status next to the progress bar and the explanation box (hidden when
    /// `explanationHtml` is empty): for a page that runs several steps and sums them up.
    void setSummary(const QString& status, const QString& explanationHtml);
    /// Sets the progress bar to `done` of `total` (until the next command's progress).
    void setProgress(int done, int total);

signals:
    void runRequested();
    void finished(const setup::StepResult& result);

private:
    setup::StepRunner m_runner;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_status;
    QLabel* m_explanation;
    QPlainTextEdit* m_log;
    bool m_succeeded = false;
};

/// The cluster-setup wizard for Kind: prerequisites, cluster, Spark Operator (Helm), job
/// namespaces and service account, images, verification (with a SparkPi smoke test), done. Each
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
    /// How long each prerequisite check may run before it is stopped and shown as not answering
    /// (default setup::kPrerequisiteTimeoutMs); applies from the next check run.
    void setPrerequisiteTimeout(int ms);
    /// Whether Done asked to switch SparkDeck to the new context / open the job editor.
    bool switchContext() const;
    bool openEditor() const;

    /// Deletes Kind cluster `name` after asking (the runner shows progress); returns the result.
    static setup::StepResult deleteCluster(QWidget* parent, const QString& name, bool confirm = true);

signals:
    /// Done was pressed with "switch" checked: use this context.
    void useContext(const QString& context);
    void openJobEditor();

protected:
    void initializePage(int id) override;
    bool validateCurrentPage() override;
    void done(int result) override;

private:
    QWizardPage* buildPrerequisites();
    QWizardPage* buildCluster();
    QWizardPage* buildOperator();
    QWizardPage* buildServiceAccount();
    QWizardPage* buildImages();
    QWizardPage* buildVerify();
    QWizardPage* buildDone();
    void updateKindConfig();
    void probeCluster();
    void probeRelease();
    void runPrerequisites();
    QString writeKindConfig();

    QHash<int, RunPanel*> m_panels;
    // Prerequisites
    QTableWidget* m_tools = nullptr;
    QLabel* m_resources = nullptr;
    // Cluster
    QLineEdit* m_name = nullptr;
    QLineEdit* m_nodeImage = nullptr;
    QSpinBox* m_workers = nullptr;
    QLineEdit* m_labels = nullptr;
    QLineEdit* m_taints = nullptr;
    QLineEdit* m_ports = nullptr;
    YamlEditor* m_kindConfig = nullptr;
    QLabel* m_clusterExists = nullptr;
    QRadioButton* m_reuse = nullptr;
    QRadioButton* m_recreate = nullptr;
    bool m_clusterFound = false;
    // Operator
    QLineEdit* m_repo = nullptr;
    QComboBox* m_chart = nullptr;
    QLineEdit* m_chartVersion = nullptr;
    QLineEdit* m_release = nullptr;
    QLineEdit* m_operatorNamespace = nullptr;
    QLineEdit* m_jobNamespaces = nullptr;
    QCheckBox* m_webhook = nullptr;
    QLabel* m_releaseExists = nullptr;
    QRadioButton* m_upgrade = nullptr;
    QRadioButton* m_keep = nullptr;
    bool m_releaseFound = false;
    // Service account
    QLabel* m_accountStatus = nullptr;
    // Images
    QListWidget* m_images = nullptr;
    // Verify
    QCheckBox* m_smoke = nullptr;
    // Done
    QCheckBox* m_switch = nullptr;
    QCheckBox* m_editor = nullptr;
    QLabel* m_summary = nullptr;
    QString m_configFile;
    int m_checkTimeoutMs = setup::kPrerequisiteTimeoutMs;
};

} // namespace ui
