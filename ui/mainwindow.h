#pragma once

#include "app/kube/kubeconfig.h"
#include "app/kube/kubeconfigwatcher.h"
#include "app/session/clustersession.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

#include <optional>

class QComboBox;
class QDockWidget;
class QSortFilterProxyModel;
class QLabel;
class QMenu;
class QPushButton;
class QStackedWidget;
class QSystemTrayIcon;
class QTabWidget;
class QSplitter;
class QTableView;

namespace kube {
class Informer;
}

namespace history {
class GoneApplicationsModel;
class HistoryStore;
}

namespace session {
class ApplicationActions;
class ClusterSession;
class Notifier;
class SessionManager;
}

namespace model {
class ApplicationsModel;
class ScheduledApplicationsModel;
}

namespace ui {

class ApplicationsView;
class ClusterListView;
class HistoryView;
class JobEditor;
class DetailsPane;
class ScheduledView;
class SetupWizard;
class SparkConnectView;
class LogViewer;
class WelcomePage;

/// What the command line asked for.
struct SessionOptions {
    QStringList kubeconfigFiles;    ///< empty = Kubeconfig::defaultFiles()
    bool explicitKubeconfig = false; ///< the files came from --kubeconfig and must exist
    QString context;                ///< empty = current-context
    std::optional<QString> ns;      ///< unset = the context's namespace; "" = all namespaces
    QString openFile;               ///< a YAML file to open in the job editor (--open)
    QString draftFile;              ///< where the job editor autosaves unsent edits; empty = none
    bool rememberGeometry = false;  ///< open at the last session's window geometry (QSettings), save it on exit
};

/// SparkDeck's window: context and namespace selectors, the live applications table with the
/// selected application's driver log under it, and the job editor with a File menu (open, open
/// recent, save, save as; YAML files may also be dropped on the editor). With no usable kubeconfig
/// the Applications tab shows a welcome page that says what to do; the job editor works offline.
/// The connection state (live with the application count, reconnecting with attempt and countdown,
/// error) is always in the status bar. The namespace list is watched, so new namespaces appear; an
/// application submitted to a namespace the table does not show switches the table there.
///
/// Several clusters: with two or more contexts in the kubeconfig, a cluster list beside the tables
/// (View ▸ Cluster list) shows every context with its connection state and opens or closes it; the
/// selected context is always open. "All clusters" shows the applications of every open context in
/// one table with a Cluster column; the details and log of a row there are of that row's cluster.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(SessionOptions options, QWidget* parent = nullptr);
    ~MainWindow() override;

    /// True when a context is connected (the welcome page is not shown).
    bool isConnected() const;
    QString currentContext() const { return m_contextName; }
    /// The watched namespace; empty = all namespaces.
    QString currentNamespace() const;
    /// The session of the selected context (nullptr when none is connected). Owned by the window.
    session::ClusterSession* session() const { return m_session; }
    /// The text of the welcome page (why there is no connection).
    QString welcomeText() const;
    QString connectionText() const;

    model::ApplicationsModel* applicationsModel() const { return m_model; }
    /// The setup wizard opened last (nullptr when none is open).
    SetupWizard* setupWizard() const;
    ApplicationsView* applicationsView() const { return m_appsView; }
    JobEditor* jobEditor() const { return m_editor; }
    DetailsPane* detailsPane() const { return m_details; }
    LogViewer* logViewer() const;
    model::ScheduledApplicationsModel* scheduledModel() const;
    ScheduledView* scheduledView() const { return m_scheduledView; }
    /// The Spark Connect tab.
    SparkConnectView* sparkConnectView() const { return m_sparkConnectView; }
    /// The keyboard shortcuts, as shown by Help ▸ Keyboard shortcuts (rich text).
    static QString shortcutsText();
    /// Whether the cluster list is shown beside the applications by default on a screen
    /// `screenWidth` pixels wide (available width): only where the window still fits it with the
    /// list; the user can always show it (Cluster ▸ Cluster list, F9).
    static bool clusterListFitsBeside(int screenWidth);
    /// The SparkApplications informer of the current session (nullptr when none).
    kube::Informer* informer() const;
    /// The run history the History tab and "Show gone applications" read: the process's
    /// (session::processHistoryStore(), which the sessions' recorders write); its problem() is
    /// shown once in the status bar.
    history::HistoryStore* historyStore() const { return m_history; }
    HistoryView* historyView() const { return m_historyView; }
    /// The runs of the current cluster gone from it, under the applications table when "Show gone
    /// applications" is checked.
    history::GoneApplicationsModel* goneModel() const { return m_gone; }
    /// Shows run `id` in the History tab; false when it is not listed there.
    bool showHistoryRun(qint64 id);
    /// Announces the end of applications submitted here or pinned (Pin in the applications
    /// table's context menu); a click on a notification selects its row and raises the window.
    session::Notifier* notifier() const { return m_notifier; }
    /// Selects application `key` of `context` in the Applications table (switching to that context
    /// when it is another) and raises the window.
    void revealApplication(const QString& context, const QString& key);

    /// The sessions of every open context (the current one included) and the models of the cluster
    /// list and of All clusters. Owned by the window.
    session::SessionManager* sessions() const { return m_sessions; }
    ClusterListView* clusterListView() const { return m_clusterList; }
    /// The panel that holds the cluster list (shown with two or more contexts, on the Applications tab).
    QDockWidget* clusterDock() const { return m_clusterDock; }
    /// Whether the applications table shows every open cluster (setAllClusters()).
    bool allClusters() const { return m_allClusters; }
    /// The All clusters table (its model sorts model::AllApplicationsModel).
    QTableView* allClustersTable() const { return m_allTable; }
    /// The line over the All clusters table that names the selected application and its cluster.
    QString allClustersSelectionText() const;
    /// The context whose application the details pane shows (the current one unless a row of another
    /// cluster is selected under All clusters).
    QString detailsContext() const { return m_detailsContext; }

public slots:
    /// Reads the kubeconfig files again and connects to the chosen (or current) context.
    void reloadKubeconfig();
    void setContext(const QString& name);
    /// Connects the current context again with the kubeconfig as it is on disk now (after a login in
    /// a terminal, or an edited kubeconfig), keeping the watched namespace. Cluster ▸ Reconnect, F5.
    void reconnect();
    /// Watches `ns`; empty = all namespaces.
    void setNamespace(const QString& ns);
    void showApplications();
    void showEditor();
    /// Opens `path` in the job editor (asking which document of a multi-document file); shows
    /// the error in a dialog when it cannot be read. Returns false on failure.
    bool openFile(const QString& path);
    void openFileDialog();
    /// Opens the Kind cluster-setup wizard (also from the welcome page).
    void openSetupWizard();
    void save();
    void saveAs();
    /// Shows the applications of every open context in one table (true) or the current context's (false).
    void setAllClusters(bool all);
    /// Opens `yaml` (a copy of an application) in the job editor, asking first when the editor has
    /// unsaved changes, with `field` (a model::FieldSpec path) focused in the form and the YAML.
    /// Returns false when the user kept the editor's document.
    bool cloneIntoEditorAt(const QString& yaml, const QString& field);

signals:
    /// The first list of SparkApplications arrived for the current context and namespace.
    void applicationsSynced();

private:
    void buildUi();
    QStringList kubeconfigFiles() const;
    /// A watched kubeconfig file changed on disk: the context list follows it; a connected view
    /// keeps running (the welcome page tries again).
    void kubeconfigChangedOnDisk();
    void showWelcome(const QString& problem);
    /// Makes `session` (owned by the window from now on; nullptr = none) the current one: the
    /// applications page is built anew on its models and the widgets are handed its client.
    void useSession(session::ClusterSession* session);
    /// Builds the applications table and details pane on `applications` (replacing the old ones).
    void buildApplicationsPage(model::ApplicationsModel* applications);
    /// Hands the widgets the session's client (or none).
    void handOutClient();
    /// Shows the applications page of the current session with its server, namespace and state.
    void showConnected();
    void updateNamespaceList();
    void updateConnectionLabel();
    void cloneIntoEditor(const QString& yaml);
    void followSelected();
    /// Under All clusters: shows the selected row's application of its own cluster in the details pane.
    void followSelectedInAll();
    /// Makes the details pane show applications of `session` (a new pane when it showed another
    /// cluster's), with that session's client. nullptr = the current session.
    void useDetailsOf(session::ClusterSession* session);
    void connectDetails();
    /// The cluster list is shown when the kubeconfig has two or more contexts, on the Applications tab,
    /// unless hidden with View ▸ Cluster list.
    void updateClusterDock();
    QWidget* buildAllClustersView(QWidget* parent);
    void onSubmitted(const QString& ns, const QString& name, const QString& kind);
    void buildMenus();
    QWidget* buildScheduledTab();
    void installShortcuts();
    void showShortcuts();
    void addRecentFile(const QString& path);
    void updateRecentMenu();
    void updateTitle();
    bool eventFilter(QObject* watched, QEvent* event) override;
    /// Asks about unsaved job editor changes (Save / Discard / Cancel) before the window closes.
    void closeEvent(QCloseEvent* event) override;

    SessionOptions m_options;
    std::optional<kube::Kubeconfig> m_kubeconfig;
    kube::KubeconfigWatcher* m_kubeconfigWatcher = nullptr;
    QString m_contextName;
    QPointer<session::ClusterSession> m_session;
    session::ApplicationActions* m_actions = nullptr; // of m_session, owned by it
    model::ApplicationsModel* m_idleModel;            // the empty table shown without a session
    model::ApplicationsModel* m_model;                // the model the applications page shows
    QSplitter* m_appsPage = nullptr;

    QMenu* m_recentMenu = nullptr;
    QStackedWidget* m_appsStack = nullptr;
    WelcomePage* m_welcome = nullptr;
    QTabWidget* m_tabs = nullptr;
    SparkConnectView* m_sparkConnectView = nullptr;
    ApplicationsView* m_appsView = nullptr;
    DetailsPane* m_details = nullptr;
    ScheduledView* m_scheduledView = nullptr;
    JobEditor* m_editor = nullptr;
    QComboBox* m_contextBox = nullptr;
    QComboBox* m_namespaceBox = nullptr;
    QAction* m_newApplication = nullptr;
    QPointer<QWidget> m_wizard;
    QLabel* m_connectionLabel = nullptr;
    QPushButton* m_setupButton = nullptr;
    QLabel* m_serverLabel = nullptr;
    QTimer m_countdown;
    QString m_pendingSelection;
    QString m_pendingScheduledSelection; // a ScheduledSparkApplication just submitted, until it is listed
    bool m_updatingSelectors = false;

    session::SessionManager* m_sessions = nullptr;
    ClusterListView* m_clusterList = nullptr;
    QDockWidget* m_clusterDock = nullptr;
    QAction* m_clusterListAction = nullptr; // View ▸ Cluster list (checked = shown where it applies)
    QAction* m_allClustersAction = nullptr;
    QStackedWidget* m_tableStack = nullptr; // the current context's table, or All clusters
    QWidget* m_allView = nullptr;
    QTableView* m_allTable = nullptr;
    QLabel* m_allSelection = nullptr; // which cluster's application the details pane shows
    QSortFilterProxyModel* m_allProxy = nullptr;
    bool m_allClusters = false;
    QString m_detailsContext; // empty = the current session

    history::HistoryStore* m_history = nullptr;
    HistoryView* m_historyView = nullptr;
    history::GoneApplicationsModel* m_gone = nullptr; // of the applications page, owned by it
    void buildHistoryTab();
    void buildNotifier();
    /// The context menu of the applications table (Pin).
    void applicationsMenu(const QPoint& at);
    session::Notifier* m_notifier = nullptr;
    QSystemTrayIcon* m_tray = nullptr; // made when notifications fall back to it
    QPair<QString, QString> m_trayTarget; // (context, key) of the tray's last message
    /// The gone runs shown under the applications table are those of the current cluster and namespace.
    void updateGoneScope();
};

} // namespace ui
