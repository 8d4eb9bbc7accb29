#pragma once

#include "app/kube/kubeclient.h"

#include <QPointer>
#include <QWidget>

class QHBoxLayout;
class QLabel;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;
class QTextBrowser;
class QTimer;
class QToolButton;

namespace model {
class ApplicationsModel;
class EventsModel;
class PodsModel;
}
namespace session {
class ApplicationActions;
class ApplicationDetails;
class HistoryServer;
}

namespace ui {

class DiagnosisPanel;
class ExecutorsView;
class LogViewer;
class YamlEditor;

/// Everything about the selected SparkApplication, in tabs: Details (state history as observed,
/// error, attempts, times, driverInfo, executorState), Pods (driver and executors, live), Events
/// (the application's and its pods', live, newest first), YAML (the live object, status included,
/// read-only and copyable) and Logs. Actions: delete, re-run and suspend (each confirmed, saying what
/// is lost), clone into the editor, resume, open the Spark UI (kubectl port-forward to the driver's
/// UI service; a failure stays under the buttons until dismissed), copy the equivalent kubectl
/// command. Above the tabs, a DiagnosisPanel says why a failed or stuck application failed and what
/// to change, with a link that opens a copy in the editor at that field (changeFieldRequested()).
/// An application no operator handles says why and what to do in its Details. The cluster
/// side (informers, port-forward, actions, facts of the live object) is a session::ApplicationDetails
/// made for the selected application on the client the window hands over; delete, re-run and
/// suspend/resume go through the session::ApplicationActions of the same cluster (setActions()).
class DetailsPane : public QWidget {
    Q_OBJECT
public:
    enum Tab { DetailsTab, PodsTab, EventsTab, YamlTab, LogsTab };

    explicit DetailsPane(model::ApplicationsModel* applications, QWidget* parent = nullptr);
    ~DetailsPane() override;

    /// The cluster to talk to, and how kubectl reaches the same one (for port-forward and the
    /// kubectl commands offered for copying).
    void setClient(kube::KubeClient* client, const QStringList& kubeconfigFiles, const QString& context);
    /// The actions on the same cluster's applications (owned by its session; nullptr = none: delete,
    /// re-run and suspend do nothing). The pane's applications model must be that session's.
    void setActions(session::ApplicationActions* actions);
    /// Shows application `key` ("namespace/name"; empty = none).
    void setApplication(const QString& key);
    QString application() const { return m_key; }

    void showTab(Tab tab);
    QTabWidget* tabs() const { return m_tabs; }
    LogViewer* logViewer() const { return m_logs; }
    /// The selected application's pods and events (empty models when none is selected).
    model::PodsModel* pods() const;
    model::EventsModel* events() const;
    /// The selected application's session (nullptr when none is selected).
    session::ApplicationDetails* details() const { return m_session; }
    /// The Details tab as plain text, and the YAML tab's text (for tests).
    QString detailsText() const;
    QString yamlText() const;
    /// The kubectl commands offered for copying, in menu order: kube::KubectlCommand::commandLine()
    /// of the cluster given to setClient() (so $SPARKDECK_KUBECTL and POSIX shell quoting apply).
    QStringList kubectlCommands() const;
    /// Why the selected application failed or cannot start, above the tabs (hidden when nothing is
    /// wrong); kept up to date with its object, pods, events and first exception.
    DiagnosisPanel* diagnosisPanel() const { return m_diagnosis; }
    /// The Spark UI problem shown under the buttons ("" when none is shown).
    QString sparkUiProblem() const;
    /// Hides the Spark UI problem.
    void dismissSparkUiProblem();
    /// The Executors tab (live executors of the selected application while its driver runs).
    ExecutorsView* executorsView() const { return m_executors; }
    /// The Spark History Server of the current context (nullptr before setClient()).
    session::HistoryServer* historyServer() const { return m_historyServer; }

public slots:
    /// Deletes the application (ApplicationActions::remove); with `confirm`, asks first.
    void deleteApplication(bool confirm = true);
    /// Deletes and re-creates the application with the same spec (ApplicationActions::rerun with the
    /// uid of the object the user saw, so a replacement of the same name is never deleted); with
    /// `confirm`, asks first (saying that the current run's pods and driver log go, and offering to
    /// save the log).
    void rerun(bool confirm = true);
    /// Sets spec.suspend (true = suspend, false = resume); with `confirm`, asks before suspending.
    void setSuspended(bool suspended, bool confirm = true);
    /// Asks the main window to open a copy of the application in the job editor.
    void cloneToEditor();
    /// Port-forwards the driver's Spark UI (4040) and opens it in the browser.
    void openSparkUi();
    /// For a finished application with status.sparkApplicationId: opens its page in the context's
    /// Spark History Server (session::HistoryServer: the URL set for the context, else a discovered
    /// Service, port-forwarded); when there is none, says so under the buttons and how to set it.
    void openInHistoryServer();
    /// Asks for the Spark History Server URL of the current context (empty removes it).
    void editHistoryServerUrl();

signals:
    /// YAML of a copy of the application, for the job editor.
    void cloneRequested(const QString& yaml);
    /// YAML of a copy of the application, for the job editor, which should focus `field` (the
    /// diagnosis panel's "Change <field>" link; a model::FieldSpec path).
    void changeFieldRequested(const QString& yaml, const QString& field);
    /// A short outcome for the status bar ("Deleted default/spark-pi").
    void message(const QString& text);
    /// A re-run of `key` ("namespace/name") begins: its object is deleted, then created again.
    void rerunStarted(const QString& key);
    /// The Spark UI is reachable at `url` (also opened in the browser unless SPARKDECK_NO_BROWSER is set).
    void sparkUiReady(const QUrl& url);
    /// The application's History Server page is `url` (also opened in the browser unless
    /// SPARKDECK_NO_BROWSER is set).
    void historyServerPageReady(const QUrl& url);

private:
    void refresh();
    void refreshDetails();
    void refreshYaml();
    void updateActions();
    /// Shows `pods` and `events` in the tables and the log viewer's pod picker.
    void showModels(model::PodsModel* pods, model::EventsModel* events);
    /// For a FAILED application: the Details row value (HTML) with the first exception of its
    /// driver log (session::ApplicationDetails::firstException()); empty otherwise.
    QString failureReasonHtml();
    /// Diagnoses the selected application again (model::diagnose()) into the diagnosis panel.
    void refreshDiagnosis();

    model::ApplicationsModel* m_applications;
    QPointer<kube::KubeClient> m_client;
    QPointer<session::ApplicationActions> m_actions;
    QStringList m_kubeconfigFiles;
    QString m_context;
    QString m_key;
    session::ApplicationDetails* m_session = nullptr;
    model::PodsModel* m_noPods;     // shown while no application is selected
    model::EventsModel* m_noEvents;
    QSortFilterProxyModel* m_podsProxy = nullptr;
    QSortFilterProxyModel* m_eventsProxy = nullptr;

    QLabel* m_title;
    QToolButton* m_delete;
    QToolButton* m_rerun;
    QToolButton* m_clone;
    QToolButton* m_suspend;
    QToolButton* m_sparkUi;
    QToolButton* m_copy;
    QWidget* m_sparkUiProblem;
    QLabel* m_sparkUiProblemText;
    QTabWidget* m_tabs;
    QTextBrowser* m_details;
    QTableView* m_podsView;
    QTableView* m_eventsView;
    YamlEditor* m_yaml;
    LogViewer* m_logs;
    DiagnosisPanel* m_diagnosis = nullptr;
    QTimer* m_diagnosisTimer = nullptr; // coalesces pod and event changes
    ExecutorsView* m_executors = nullptr;
    QToolButton* m_history = nullptr;
    session::HistoryServer* m_historyServer = nullptr;
    /// Adds the Executors tab and the History Server button (constructor).
    void addSparkUiExtras(QHBoxLayout* bar);
    /// Enables the History Server button (updateActions()).
    void updateHistoryAction();
};

} // namespace ui
