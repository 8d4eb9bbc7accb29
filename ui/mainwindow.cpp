#include "ui/mainwindow.h"

#include "app/history/historyrunsmodel.h"
#include "app/history/historystore.h"
#include "app/session/applicationactions.h"
#include "app/session/clustersession.h"
#include "app/session/historyrecorder.h"
#include "app/session/notifier.h"
#include "app/session/sessionmanager.h"
#include "models/allapplicationsmodel.h"
#include "models/clusterlistmodel.h"
#include "models/applicationsmodel.h"
#include "models/informertablemodel.h"
#include "models/scheduledapplicationsmodel.h"
#include "ui/applicationsview.h"
#include "ui/clusterlistview.h"
#include "ui/detailspane.h"
#include "ui/historyview.h"
#include "ui/jobeditor.h"
#include "ui/logviewer.h"
#include "ui/scheduledview.h"
#include "ui/setupwizard.h"
#include "ui/sparkconnectview.h"
#include "ui/welcomepage.h"
#include "ui/windowgeometry.h"
#include "ui/yamleditor.h"

#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QScreen>
#include <QTimer>
#include <QTableView>
#include <QVBoxLayout>
#include <QDir>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QToolBar>

namespace ui {

namespace {
const QString kAllNamespaces = QStringLiteral("All namespaces");
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
}

MainWindow::MainWindow(SessionOptions options, QWidget* parent)
    : QMainWindow(parent)
    , m_options(std::move(options))
    , m_idleModel(new model::ApplicationsModel(this))
    , m_model(m_idleModel)
    , m_sessions(new session::SessionManager(this))
{
    setWindowTitle(QStringLiteral("SparkDeck[*]"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/sparkdeck.svg")));
    restoreWindowGeometry(this, m_options.rememberGeometry ? QSettings().value(kGeometryKey).toByteArray() : QByteArray());
    buildUi();
    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &MainWindow::updateConnectionLabel);
    m_kubeconfigWatcher = new kube::KubeconfigWatcher(this);
    connect(m_kubeconfigWatcher, &kube::KubeconfigWatcher::changed, this, &MainWindow::kubeconfigChangedOnDisk);
    reloadKubeconfig();
    if (!m_options.draftFile.isEmpty())
        m_editor->setDraftFile(m_options.draftFile);
    if (!m_options.openFile.isEmpty())
        openFile(m_options.openFile);
}

MainWindow::~MainWindow()
{
    if (m_options.rememberGeometry)
        QSettings().setValue(kGeometryKey, saveGeometry());
    // Stop streams before the client they use goes away.
    m_details->setApplication({});
    m_details->setClient(nullptr, {}, {});
    m_editor->setClient(nullptr);
    m_scheduledView->setActions(nullptr);
    delete m_appsPage;
    delete m_clusterDock;
    delete m_session;
    delete m_sessions; // the other open contexts
}

void MainWindow::buildUi()
{
    m_history = session::processHistoryStore(); // the one the sessions' recorders write; shown by buildHistoryTab()
    auto* toolbar = addToolBar(tr("Cluster"));
    toolbar->setObjectName(QStringLiteral("clusterToolbar"));
    toolbar->setMovable(false);
    toolbar->addWidget(new QLabel(tr(" Context "), toolbar));
    m_contextBox = new QComboBox(toolbar);
    m_contextBox->setObjectName(QStringLiteral("contextBox"));
    m_contextBox->setMinimumContentsLength(18);
    m_contextBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    toolbar->addWidget(m_contextBox);
    toolbar->addWidget(new QLabel(tr("  Namespace "), toolbar));
    m_namespaceBox = new QComboBox(toolbar);
    m_namespaceBox->setObjectName(QStringLiteral("namespaceBox"));
    m_namespaceBox->setEditable(true);
    m_namespaceBox->setInsertPolicy(QComboBox::NoInsert);
    m_namespaceBox->setMinimumContentsLength(16);
    m_namespaceBox->lineEdit()->setPlaceholderText(tr("namespace"));
    toolbar->addWidget(m_namespaceBox);
    toolbar->addSeparator();
    m_allClustersAction = toolbar->addAction(tr("All clusters"));
    m_allClustersAction->setObjectName(QStringLiteral("allClusters"));
    m_allClustersAction->setCheckable(true);
    m_allClustersAction->setToolTip(tr("Show the applications of every open cluster (checked in the cluster list) in one table"));
    m_allClustersAction->setVisible(false);
    connect(m_allClustersAction, &QAction::toggled, this, &MainWindow::setAllClusters);
    toolbar->addSeparator();
    m_newApplication = toolbar->addAction(tr("New application"));
    m_newApplication->setShortcut(QKeySequence::New);
    m_newApplication->setToolTip(
        tr("Open the job editor (%1)").arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)));
    connect(m_newApplication, &QAction::triggered, this, &MainWindow::showEditor);

    connect(m_contextBox, &QComboBox::activated, this, [this] {
        if (!m_updatingSelectors)
            setContext(m_contextBox->currentText());
    });
    auto applyNamespace = [this] {
        if (m_updatingSelectors)
            return;
        const QString text = m_namespaceBox->currentText().trimmed();
        setNamespace(text == kAllNamespaces ? QString() : text);
    };
    connect(m_namespaceBox, &QComboBox::activated, this, applyNamespace);
    connect(m_namespaceBox->lineEdit(), &QLineEdit::returnPressed, this, applyNamespace);

    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_appsStack = new QStackedWidget(m_tabs);
    m_welcome = new WelcomePage(m_appsStack);
    connect(m_welcome, &WelcomePage::retryRequested, this, &MainWindow::reloadKubeconfig);
    connect(m_welcome, &WelcomePage::setupRequested, this, &MainWindow::openSetupWizard);
    connect(m_welcome, &WelcomePage::kubeconfigChosen, this, [this](const QString& file) {
        m_options.kubeconfigFiles = {file};
        m_options.explicitKubeconfig = true;
        reloadKubeconfig();
    });
    m_appsStack->addWidget(m_welcome);
    buildApplicationsPage(m_model);
    m_tabs->addTab(m_appsStack, tr("Applications"));
    m_tabs->addTab(buildScheduledTab(), tr("Scheduled"));
    buildHistoryTab();
    buildNotifier();
    m_editor = new JobEditor(m_tabs);
    m_tabs->addTab(m_editor, tr("Job editor"));
    m_sparkConnectView = new SparkConnectView(m_tabs);
    m_tabs->addTab(m_sparkConnectView, tr("Spark Connect"));
    connect(m_sparkConnectView, &SparkConnectView::message, this, [this](const QString& text) { statusBar()->showMessage(text, 15000); });
    setCentralWidget(m_tabs);

    // The cluster list, beside the applications (only where there is more than one context).
    m_clusterDock = new QDockWidget(tr("Clusters"), this);
    m_clusterDock->setObjectName(QStringLiteral("clusterDock"));
    m_clusterDock->setFeatures(QDockWidget::NoDockWidgetFeatures);
    m_clusterList = new ClusterListView(m_sessions, m_clusterDock);
    m_clusterDock->setWidget(m_clusterList);
    addDockWidget(Qt::LeftDockWidgetArea, m_clusterDock);
    resizeDocks({m_clusterDock}, {250}, Qt::Horizontal);
    m_clusterDock->hide();
    m_clusterListAction = new QAction(tr("Cluster &list"), this);
    m_clusterListAction->setObjectName(QStringLiteral("clusterListAction"));
    m_clusterListAction->setCheckable(true);
    // Shown by default only where the window still fits its screen beside it; F9 shows it anyway.
    m_clusterListAction->setChecked(clusterListFitsBeside(screen()->availableGeometry().width()));
    m_clusterListAction->setShortcut(QKeySequence(Qt::Key_F9));
    m_clusterListAction->setToolTip(tr("Show or hide the list of the kubeconfig's clusters beside the applications"));
    connect(m_clusterListAction, &QAction::toggled, this, &MainWindow::updateClusterDock);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateClusterDock);
    connect(m_sessions, &session::SessionManager::sessionAboutToClose, this, [this](const QString& context) {
        if (!m_detailsContext.isEmpty() && m_detailsContext == context)
            useDetailsOf(nullptr);
    });
    m_editor->setAcceptDrops(true);
    m_editor->installEventFilter(this);
    m_editor->yamlEditor()->viewport()->installEventFilter(this);
    connect(m_editor, &JobEditor::fileChanged, this, &MainWindow::updateTitle);
    connect(m_editor, &JobEditor::modificationChanged, this, &MainWindow::updateTitle);
    m_editor->setSaveHandler([this] {
        save();
        return !m_editor->isModified();
    });
    buildMenus();

    connect(m_editor, &JobEditor::submitted, this, &MainWindow::onSubmitted);
    installShortcuts();

    m_connectionLabel = new QLabel(this);
    m_connectionLabel->setObjectName(QStringLiteral("connectionLabel"));
    m_serverLabel = new QLabel(this);
    m_serverLabel->setForegroundRole(QPalette::PlaceholderText);
    statusBar()->addWidget(m_connectionLabel, 1);
    m_setupButton = new QPushButton(tr("Set up the Spark Operator…"), this);
    m_setupButton->setObjectName(QStringLiteral("setupOperatorButton"));
    m_setupButton->setToolTip(tr("Open the Kind setup wizard (it can also install the operator into an existing Kind cluster)"));
    m_setupButton->hide();
    connect(m_setupButton, &QPushButton::clicked, this, &MainWindow::openSetupWizard);
    statusBar()->addWidget(m_setupButton);
    statusBar()->addPermanentWidget(m_serverLabel);
}

void MainWindow::buildApplicationsPage(model::ApplicationsModel* applications)
{
    QSplitter* old = m_appsPage;
    const QString filter = old ? m_appsView->filterEdit()->text() : QString();
    m_model = applications;
    m_appsPage = new QSplitter(Qt::Vertical, m_appsStack);
    m_tableStack = new QStackedWidget(m_appsPage);
    m_appsView = new ApplicationsView(applications, m_tableStack);
    m_tableStack->addWidget(m_appsView);
    m_allView = buildAllClustersView(m_tableStack);
    m_tableStack->addWidget(m_allView);
    m_tableStack->setCurrentWidget(m_allClusters ? m_allView : m_appsView);
    m_details = new DetailsPane(applications, m_appsPage);
    m_detailsContext.clear();
    m_appsPage->addWidget(m_tableStack);
    m_appsPage->addWidget(m_details);
    m_appsPage->setStretchFactor(0, 3);
    m_appsPage->setStretchFactor(1, 2);
    m_appsView->filterEdit()->setText(filter);
    const bool shown = old && m_appsStack->currentWidget() == old;
    m_appsStack->insertWidget(1, m_appsPage);
    if (shown)
        m_appsStack->setCurrentWidget(m_appsPage);
    delete old; // its details pane stops its streams while the old client still exists

    m_gone = new history::GoneApplicationsModel(m_appsPage);
    m_gone->setStore(m_history);
    m_appsView->setGoneModel(m_gone);
    connect(m_appsView, &ApplicationsView::showGoneToggled, m_gone, &history::GoneApplicationsModel::setEnabled);
    connect(m_appsView, &ApplicationsView::goneActivated, this, [this](const QString& key) {
        showHistoryRun(history::GoneApplicationsModel::runIdOfKey(key));
    });
    updateGoneScope();
    connect(m_appsView, &ApplicationsView::currentChanged, this, &MainWindow::followSelected);
    m_appsView->table()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_appsView->table(), &QWidget::customContextMenuRequested, this, &MainWindow::applicationsMenu);
    // The selection comes back when its row does: rows added to the table (a re-run's new object, a
    // filter cleared) or the table filled again after a reset (a reconnect lists everything anew).
    auto restoreSelection = [this] {
        if (!m_pendingSelection.isEmpty() && m_appsView->selectKey(m_pendingSelection))
            m_pendingSelection.clear();
    };
    QAbstractItemModel* tableModel = m_appsView->table()->model();
    connect(tableModel, &QAbstractItemModel::modelReset, m_appsView, restoreSelection);
    connect(tableModel, &QAbstractItemModel::rowsInserted, m_appsView, restoreSelection);
    connectDetails();

    // k9s-style keys, active while the applications table has focus (so typing elsewhere is safe).
    QTableView* table = m_appsView->table();
    auto key = [&](const QKeySequence& sequence, QWidget* on, auto fn) {
        auto* shortcut = new QShortcut(sequence, on, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, fn);
    };
    key(QKeySequence(Qt::Key_Slash), table, [this] { m_appsView->filterEdit()->setFocus(); m_appsView->filterEdit()->selectAll(); });
    key(QKeySequence(Qt::Key_L), table, [this] { m_details->showTab(DetailsPane::LogsTab); });
    key(QKeySequence(Qt::Key_D), table, [this] { m_details->showTab(DetailsPane::DetailsTab); });
    key(QKeySequence(Qt::Key_Y), table, [this] { m_details->showTab(DetailsPane::YamlTab); });
    key(QKeySequence(Qt::Key_P), table, [this] { m_details->showTab(DetailsPane::PodsTab); });
    key(QKeySequence(Qt::Key_E), table, [this] { m_details->showTab(DetailsPane::EventsTab); });
    key(QKeySequence(Qt::CTRL | Qt::Key_D), m_appsPage, [this] { m_details->deleteApplication(true); });
    key(QKeySequence(Qt::Key_Question), table, [this] { showShortcuts(); });
}

void MainWindow::buildNotifier()
{
    m_notifier = new session::Notifier(QDBusConnection::sessionBus(), this);
    connect(m_notifier, &session::Notifier::activated, this, &MainWindow::revealApplication);
    connect(m_sessions, &session::SessionManager::sessionOpened, this, [this](const QString& context, session::ClusterSession* s) {
        m_notifier->observe(context, s->applications());
    });
    connect(m_notifier, &session::Notifier::fallbackRequested, this,
            [this](const QString& summary, const QString& body, const QString& context, const QString& key) {
                m_trayTarget = {context, key};
                if (!QSystemTrayIcon::isSystemTrayAvailable()) {
                    statusBar()->showMessage(summary + QStringLiteral(" — ") + body, 30000);
                    return;
                }
                if (!m_tray) {
                    m_tray = new QSystemTrayIcon(windowIcon(), this);
                    connect(m_tray, &QSystemTrayIcon::messageClicked, this,
                            [this] { m_notifier->activate(m_trayTarget.first, m_trayTarget.second); });
                }
                m_tray->show();
                m_tray->showMessage(summary, body, summary.endsWith(tr("failed")) ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information);
            });
}

void MainWindow::revealApplication(const QString& context, const QString& key)
{
    if (context != m_contextName)
        setContext(context);
    setAllClusters(false);
    showApplications();
    if (!m_appsView->selectKey(key))
        m_pendingSelection = key;
    showNormal();
    raise();
    activateWindow();
}

void MainWindow::applicationsMenu(const QPoint& at)
{
    const QModelIndex index = m_appsView->table()->indexAt(at);
    const QString key = index.data(model::InformerTableModel::KeyRole).toString();
    if (key.isEmpty() || m_contextName.isEmpty() || history::GoneApplicationsModel::runIdOfKey(key) != 0)
        return;
    QMenu menu(this);
    QAction* pin = menu.addAction(tr("Pin: notify me when it ends"));
    pin->setObjectName(QStringLiteral("pinApplication"));
    pin->setCheckable(true);
    pin->setChecked(m_notifier->isPinned(m_contextName, key));
    const QString context = m_contextName;
    connect(pin, &QAction::toggled, this, [this, context, key](bool on) {
        m_notifier->setPinned(context, key, on);
        statusBar()->showMessage(on ? tr("Pinned %1: a notification says when it completes or fails").arg(key)
                                    : tr("Unpinned %1").arg(key), 6000);
    });
    menu.exec(m_appsView->table()->viewport()->mapToGlobal(at));
}

void MainWindow::buildHistoryTab()
{
    const bool opened = m_history->isOpen();
    m_historyView = new HistoryView(m_tabs);
    m_historyView->setStore(m_history);
    m_tabs->insertTab(m_tabs->indexOf(m_scheduledView) + 1, m_historyView, tr("History"));
    connect(m_historyView, &HistoryView::cloneRequested, this, &MainWindow::cloneIntoEditor);
    connect(m_historyView, &HistoryView::changeFieldRequested, this, &MainWindow::cloneIntoEditorAt);
    connect(m_historyView, &HistoryView::message, this, [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    // What happened to the database on open (a corrupt one moved aside), once, where the user looks.
    const QString problem = opened ? m_history->problem()
                                   : tr("The run history cannot be kept: %1").arg(m_history->error());
    if (!problem.isEmpty())
        QTimer::singleShot(0, this, [this, problem] { statusBar()->showMessage(problem, 60000); });
}

bool MainWindow::showHistoryRun(qint64 id)
{
    m_tabs->setCurrentWidget(m_historyView);
    return m_historyView->selectRun(id);
}

void MainWindow::updateGoneScope()
{
    if (m_gone)
        m_gone->setScope(m_session ? history::clusterIdentity(m_session->connection().server) : QString(),
                         m_session ? m_session->watchedNamespace() : QString());
}

void MainWindow::connectDetails()
{
    connect(m_details, &DetailsPane::message, this, [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(m_details, &DetailsPane::cloneRequested, this, &MainWindow::cloneIntoEditor);
    connect(m_details, &DetailsPane::changeFieldRequested, this, &MainWindow::cloneIntoEditorAt);
    // The re-run object is selected when it is created, however its old row went (removed, or the
    // table listed anew meanwhile).
    connect(m_details, &DetailsPane::rerunStarted, this, [this](const QString& key) { m_pendingSelection = key; });
}

QWidget* MainWindow::buildAllClustersView(QWidget* parent)
{
    auto* page = new QWidget(parent);
    page->setObjectName(QStringLiteral("allClustersView"));
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* filter = new QLineEdit(page);
    filter->setObjectName(QStringLiteral("allClustersFilter"));
    filter->setPlaceholderText(tr("Filter every open cluster's applications (cluster, name, namespace, state)"));
    filter->setClearButtonEnabled(true);
    m_allSelection = new QLabel(page);
    m_allSelection->setObjectName(QStringLiteral("allClustersSelection"));
    m_allSelection->setForegroundRole(QPalette::PlaceholderText);
    auto* bar = new QHBoxLayout;
    bar->addWidget(filter, 1);
    bar->addWidget(m_allSelection);
    layout->addLayout(bar);
    m_allProxy = new QSortFilterProxyModel(page);
    m_allProxy->setSourceModel(m_sessions->allApplications());
    m_allProxy->setSortRole(model::InformerTableModel::SortRole);
    m_allProxy->setFilterKeyColumn(-1);
    m_allProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(filter, &QLineEdit::textChanged, m_allProxy, &QSortFilterProxyModel::setFilterFixedString);
    m_allTable = new QTableView(page);
    m_allTable->setObjectName(QStringLiteral("allClustersTable"));
    m_allTable->setModel(m_allProxy);
    m_allTable->setSortingEnabled(true);
    m_allTable->sortByColumn(1 + model::ApplicationsModel::Age, Qt::AscendingOrder);
    setUpObjectTable(m_allTable);
    QHeaderView* header = m_allTable->horizontalHeader();
    // The columns that tell clusters' applications apart; the details pane has the rest.
    for (const int column : {model::ApplicationsModel::Suspend, model::ApplicationsModel::Attempts, model::ApplicationsModel::DriverPod,
                             model::ApplicationsModel::SparkAppId, model::ApplicationsModel::Finish})
        m_allTable->setColumnHidden(1 + column, true);
    auto fit = [this](int column, const QString& sample) { fitColumn(m_allTable, column, sample); };
    fit(0, QStringLiteral("kind-spark-cluster"));
    fit(1 + model::ApplicationsModel::Namespace, QStringLiteral("spark-jobs-01"));
    fit(1 + model::ApplicationsModel::State, QStringLiteral("SUBMISSION_FAILED") + QStringLiteral("    "));
    fit(1 + model::ApplicationsModel::Type, QStringLiteral("Python"));
    fit(1 + model::ApplicationsModel::Executors, QStringLiteral("10 / 10"));
    fit(1 + model::ApplicationsModel::Start, QStringLiteral("00:00:00"));
    fit(1 + model::ApplicationsModel::Duration, QStringLiteral("59m 59s"));
    fit(1 + model::ApplicationsModel::Age, QStringLiteral("59m 59s"));
    header->setSectionResizeMode(1 + model::ApplicationsModel::Name, QHeaderView::Stretch);
    layout->addWidget(m_allTable, 1);
    connect(m_allTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::followSelectedInAll);
    return page;
}

QString MainWindow::allClustersSelectionText() const
{
    return m_allSelection ? m_allSelection->text() : QString();
}

void MainWindow::setAllClusters(bool all)
{
    if (all == m_allClusters)
        return;
    m_allClusters = all;
    m_allClustersAction->setChecked(all);
    m_tableStack->setCurrentWidget(all ? m_allView : m_appsView);
    if (all) {
        followSelectedInAll();
        return;
    }
    useDetailsOf(nullptr);
    followSelected();
}

void MainWindow::followSelectedInAll()
{
    if (!m_allClusters || !m_allTable)
        return;
    const QModelIndex current = m_allTable->selectionModel()->currentIndex();
    if (!current.isValid())
        return; // the details of a row that went away stay on screen
    const auto mapped = m_sessions->allApplications()->mapToSource(m_allProxy->mapToSource(current));
    session::ClusterSession* owner = m_sessions->session(mapped.cluster);
    if (!owner || !mapped.index.isValid())
        return;
    useDetailsOf(owner == m_session ? nullptr : owner);
    const QString key = owner->applications()->keyAt(mapped.index.row());
    if (key != m_details->application())
        m_details->setApplication(key);
    m_allSelection->setText(tr("Selected: %1 in cluster %2").arg(key, mapped.cluster));
}

void MainWindow::useDetailsOf(session::ClusterSession* session)
{
    if (session == m_session)
        session = nullptr;
    const QString context = session ? session->context() : QString();
    if (context == m_detailsContext || !m_appsPage)
        return;
    session::ClusterSession* target = session ? session : m_session.data();
    DetailsPane* old = m_details;
    old->setApplication({});
    old->setClient(nullptr, {}, {});
    const QList<int> sizes = m_appsPage->sizes();
    // Made without a parent: a child of the splitter would be added to it as a third pane.
    m_details = new DetailsPane(target ? target->applications() : m_model);
    m_details->showTab(DetailsPane::Tab(old->tabs()->currentIndex()));
    m_appsPage->replaceWidget(m_appsPage->indexOf(old), m_details);
    m_appsPage->setSizes(sizes);
    delete old;
    connectDetails();
    m_detailsContext = context;
    if (target && target->client())
        m_details->setClient(target->client(), target->kubeconfigFiles(), target->context());
}

bool MainWindow::clusterListFitsBeside(int screenWidth)
{
    // The applications page needs about 960 px (the log pane's controls); the list is readable from
    // about 200 px on.
    return screenWidth >= 1200;
}

void MainWindow::updateClusterDock()
{
    const bool several = m_kubeconfig && m_kubeconfig->contextNames().size() >= 2;
    m_allClustersAction->setVisible(several);
    m_clusterListAction->setEnabled(several);
    if (!several && m_allClusters)
        setAllClusters(false);
    m_clusterDock->setVisible(several && m_clusterListAction->isChecked() && m_tabs->currentIndex() == 0);
}

void MainWindow::cloneIntoEditor(const QString& yaml)
{
    if (!m_editor->confirmReplace(tr("the clone")))
        return;
    m_editor->setYaml(yaml);
    showEditor();
    statusBar()->showMessage(tr("Cloned into the job editor: change what you need and submit"), 8000);
}

bool MainWindow::cloneIntoEditorAt(const QString& yaml, const QString& field)
{
    if (!m_editor->confirmReplace(tr("the clone")))
        return false;
    m_editor->setYaml(yaml);
    showEditor();
    m_editor->focusField(field);
    statusBar()->showMessage(tr("Cloned into the job editor at %1: change it and submit").arg(field), 8000);
    return true;
}

void MainWindow::handOutClient()
{
    kube::KubeClient* client = m_session ? m_session->client() : nullptr;
    // Under All clusters the details pane may show another cluster's application, with its own client.
    if (m_detailsContext.isEmpty()) {
        if (client)
            m_details->setClient(client, m_session->kubeconfigFiles(), m_session->context());
        else
            m_details->setClient(nullptr, {}, {});
    }
    m_editor->setClient(client);
    m_scheduledView->setActions(client ? m_actions : nullptr);
    m_details->setActions(client ? m_actions : nullptr);
}

void MainWindow::useSession(session::ClusterSession* session)
{
    session::ClusterSession* old = m_session;
    useDetailsOf(nullptr);
    m_details->setApplication({});
    m_details->setClient(nullptr, {}, {});
    m_details->setActions(nullptr);
    m_editor->setClient(nullptr);
    m_scheduledView->setActions(nullptr);
    m_session = session;
    m_actions = nullptr;
    if (session) {
        session->setParent(this);
        m_actions = new session::ApplicationActions(session, session);
        connect(session, &session::ClusterSession::connectionStateChanged, this, &MainWindow::updateConnectionLabel);
        connect(session, &session::ClusterSession::namespacesChanged, this, &MainWindow::updateNamespaceList);
        connect(session, &session::ClusterSession::applicationsSynced, this, &MainWindow::applicationsSynced);
        connect(session, &session::ClusterSession::watchedNamespaceChanged, this, &MainWindow::updateGoneScope);
        m_notifier->observe(session->context(), session->applications());
        connect(session, &session::ClusterSession::credentialPluginStarted, this, [this](const QString& program) {
            statusBar()->showMessage(tr("Getting credentials: running %1").arg(program), 8000);
        });
        if (session->client())
            connect(session->client(), &kube::KubeClient::serverAskedToWait, this, [this](int seconds, const QString& message) {
                statusBar()->showMessage(message, (seconds + 5) * 1000);
            });
        auto selectScheduled = [this] {
            if (!m_pendingScheduledSelection.isEmpty() && m_scheduledView->selectKey(m_pendingScheduledSelection))
                m_pendingScheduledSelection.clear();
        };
        // Queued: the view's sorting proxy has the new rows by then.
        connect(session->scheduledApplications(), &QAbstractItemModel::rowsInserted, this, selectScheduled, Qt::QueuedConnection);
        connect(session->scheduledApplications(), &QAbstractItemModel::modelReset, this, selectScheduled, Qt::QueuedConnection);
    }
    model::ApplicationsModel* applications = session ? session->applications() : m_idleModel;
    if (applications != m_model)
        buildApplicationsPage(applications);
    m_sessions->setCurrentSession(session);
    m_sparkConnectView->setSession(session);
    updateGoneScope();
    delete old; // after the page that showed its models
    handOutClient();
}

QString MainWindow::welcomeText() const
{
    return m_welcome->text();
}

QString MainWindow::connectionText() const
{
    return m_connectionLabel->text();
}

void MainWindow::showWelcome(const QString& problem)
{
    useSession(nullptr);
    m_welcome->setProblem(problem);
    m_appsStack->setCurrentWidget(m_welcome);
    m_tabs->setCurrentIndex(0);
    m_contextBox->setEnabled(m_kubeconfig.has_value() && !m_kubeconfig->contextNames().isEmpty());
    m_namespaceBox->setEnabled(false);
    m_connectionLabel->setText(tr("Not connected"));
    m_serverLabel->clear();
}

QStringList MainWindow::kubeconfigFiles() const
{
    return m_options.kubeconfigFiles.isEmpty() ? kube::Kubeconfig::defaultFiles() : m_options.kubeconfigFiles;
}

void MainWindow::kubeconfigChangedOnDisk()
{
    if (!isConnected()) {
        reloadKubeconfig();
        return;
    }
    kube::KubeconfigError error;
    auto fresh = kube::Kubeconfig::load(kubeconfigFiles(), m_options.explicitKubeconfig, &error);
    if (!fresh) {
        statusBar()->showMessage(tr("The kubeconfig changed on disk and cannot be read (%1); %2 stays connected.")
                                     .arg(error.toString(), m_contextName), 20000);
        return;
    }
    m_kubeconfig = std::move(fresh);
    const QStringList names = m_kubeconfig->contextNames();
    m_updatingSelectors = true;
    m_contextBox->clear();
    m_contextBox->addItems(names);
    m_contextBox->setCurrentText(m_contextName);
    m_updatingSelectors = false;
    m_sessions->setKubeconfig(*m_kubeconfig, m_options.explicitKubeconfig);
    updateClusterDock();
    statusBar()->showMessage(names.contains(m_contextName)
                                 ? tr("The kubeconfig changed on disk (%1); Cluster ▸ Reconnect (F5) connects %2 with it.")
                                       .arg(names.size() == 1 ? tr("1 context") : tr("%1 contexts").arg(names.size()), m_contextName)
                                 : tr("The kubeconfig changed on disk and no longer has context %1; its view keeps "
                                      "running until you pick another.").arg(m_contextName),
                             15000);
}

void MainWindow::reloadKubeconfig()
{
    kube::KubeconfigError error;
    const QStringList files = kubeconfigFiles();
    m_kubeconfigWatcher->setFiles(files);
    m_kubeconfig = kube::Kubeconfig::load(files, m_options.explicitKubeconfig, &error);
    m_updatingSelectors = true;
    m_contextBox->clear();
    if (m_kubeconfig)
        m_contextBox->addItems(m_kubeconfig->contextNames());
    m_updatingSelectors = false;
    if (m_kubeconfig)
        m_sessions->setKubeconfig(*m_kubeconfig, m_options.explicitKubeconfig);
    updateClusterDock();
    if (!m_kubeconfig) {
        showWelcome(error.toString());
        return;
    }
    if (m_kubeconfig->contextNames().isEmpty()) {
        showWelcome(tr("%1 defines no contexts. Add a cluster with kubectl or Kind, or open another kubeconfig.")
                        .arg(m_kubeconfig->files().join(QLatin1Char(':'))));
        return;
    }
    setContext(m_options.context.isEmpty() ? m_kubeconfig->currentContext() : m_options.context);
}

void MainWindow::setContext(const QString& name)
{
    if (!m_kubeconfig)
        return;
    m_contextName = name;
    m_updatingSelectors = true;
    m_contextBox->setCurrentText(name);
    m_updatingSelectors = false;
    // --namespace applies to the context it came with; later switches use each context's own.
    std::optional<QString> ns;
    if (m_options.ns && (m_options.context.isEmpty() || m_options.context == name))
        ns = *m_options.ns;
    auto* fresh = new session::ClusterSession(*m_kubeconfig, name, ns, m_options.explicitKubeconfig, this);
    if (!fresh->client()) {
        const QString problem = fresh->setupError().message;
        delete fresh;
        showWelcome(problem);
        return;
    }
    useSession(fresh);
    showConnected();
}

void MainWindow::showConnected()
{
    m_appsStack->setCurrentIndex(1);
    m_contextBox->setEnabled(true);
    m_namespaceBox->setEnabled(true);
    const kube::ClusterConnection& connection = m_session->connection();
    QString server = connection.server.toString();
    if (connection.insecureSkipTlsVerify)
        server += tr("  ⚠ TLS verification is off for this cluster (insecure-skip-tls-verify in the kubeconfig)");
    m_serverLabel->setText(server);
    const QString ns = m_session->watchedNamespace();
    m_updatingSelectors = true;
    m_namespaceBox->setCurrentText(ns.isEmpty() ? kAllNamespaces : ns);
    m_updatingSelectors = false;
    m_editor->setDefaultNamespace(ns.isEmpty() ? connection.defaultNamespace : ns);
    updateNamespaceList();
    updateConnectionLabel();
}

void MainWindow::reconnect()
{
    if (!m_kubeconfig || m_contextName.isEmpty() || !m_session) {
        reloadKubeconfig();
        return;
    }
    // The application shown is shown again once the new client lists it.
    const QString shown = m_allClusters ? QString() : m_details->application();
    useDetailsOf(nullptr);
    m_details->setApplication({});
    m_details->setClient(nullptr, {}, {});
    m_editor->setClient(nullptr);
    m_scheduledView->setActions(nullptr);
    m_session->reconnect();
    if (!m_session->client()) {
        showWelcome(m_session->setupError().message);
        return;
    }
    handOutClient();
    showConnected();
    if (!shown.isEmpty() && !m_appsView->selectKey(shown))
        m_pendingSelection = shown;
}

bool MainWindow::isConnected() const
{
    return m_session && m_session->client();
}

QString MainWindow::currentNamespace() const
{
    return m_session ? m_session->watchedNamespace() : QString();
}

kube::Informer* MainWindow::informer() const
{
    return m_session ? m_session->applicationsInformer() : nullptr;
}

model::ScheduledApplicationsModel* MainWindow::scheduledModel() const
{
    return m_scheduledView->model();
}

void MainWindow::setNamespace(const QString& ns)
{
    if (!isConnected() || ns == m_session->watchedNamespace())
        return;
    m_updatingSelectors = true;
    m_namespaceBox->setCurrentText(ns.isEmpty() ? kAllNamespaces : ns);
    m_updatingSelectors = false;
    m_editor->setDefaultNamespace(ns.isEmpty() ? m_session->connection().defaultNamespace : ns);
    m_details->setApplication({});
    m_session->setNamespace(ns);
    updateConnectionLabel();
}

void MainWindow::updateNamespaceList()
{
    if (!m_session)
        return;
    const QString current = m_session->watchedNamespace();
    const QString typed = m_namespaceBox->lineEdit()->text();
    m_updatingSelectors = true;
    m_namespaceBox->clear();
    m_namespaceBox->addItem(kAllNamespaces);
    m_namespaceBox->addItems(m_session->namespaces());
    m_namespaceBox->setCurrentText(current.isEmpty() ? kAllNamespaces : current);
    if (m_namespaceBox->lineEdit()->hasFocus())
        m_namespaceBox->lineEdit()->setText(typed); // do not lose what is being typed
    m_updatingSelectors = false;
}

void MainWindow::updateConnectionLabel()
{
    if (!m_session) {
        m_connectionLabel->setText(tr("Not connected"));
        m_setupButton->hide();
        m_countdown.stop();
        return;
    }
    using Phase = session::ClusterSession::Phase;
    const session::ClusterSession::ConnectionState state = m_session->connectionState();
    const QString ns = m_session->watchedNamespace();
    const QString where = ns.isEmpty() ? tr("all namespaces") : tr("namespace %1").arg(ns);
    QString color = QStringLiteral("gray");
    if (state.phase == Phase::Live)
        color = QStringLiteral("#2e9e4f");
    else if (state.phase == Phase::Failed)
        color = QStringLiteral("#d93b3b");
    else if (state.phase == Phase::Reconnecting)
        color = state.error.isResourceNotServed() || state.error.httpStatus == 403
                    || state.error.kind == kube::KubeError::Kind::Credentials
                    ? QStringLiteral("#d93b3b")
                    : QStringLiteral("#d98e04");
    m_connectionLabel->setText(QStringLiteral("<span style='color:%1'>●</span> %2").arg(color, state.text.toHtmlEscaped()));
    m_connectionLabel->setToolTip(state.text);
    switch (state.phase) {
    case Phase::Live:
        m_appsView->setEmptyHint(tr("No SparkApplications in %1. Create one with New application (Ctrl+N) or open a "
                                    "YAML file (Ctrl+O), or choose another namespace above (All namespaces shows "
                                    "every one you may see).").arg(where));
        break;
    case Phase::Reconnecting:
        // The whole reason, where there is room for it (the status bar cuts long ones, such as a
        // credential plugin's instructions).
        m_appsView->setEmptyHint(state.error.kind == kube::KubeError::Kind::Credentials
                                     ? tr("Cannot list the SparkApplications in %1:\n\n%2\n\nSparkDeck tries again on its own.")
                                           .arg(where, state.error.message)
                                     : tr("Cannot list the SparkApplications in %1 yet: the status bar below says why.").arg(where));
        break;
    case Phase::Failed:
        m_appsView->setEmptyHint(tr("Cannot list the SparkApplications in %1:\n\n%2\n\nSparkDeck does not try again by "
                                    "itself: once that is done, choose Cluster ▸ Reconnect (F5).")
                                     .arg(where, state.error.message));
        break;
    default:
        m_appsView->setEmptyHint(tr("Loading the SparkApplications in %1…").arg(where));
    }
    // No operator in this cluster: offer the wizard right where the problem is reported.
    m_setupButton->setVisible(state.phase == Phase::Reconnecting && state.error.isResourceNotServed());
    if (state.phase == Phase::Reconnecting)
        m_countdown.start();
    else
        m_countdown.stop();
}

void MainWindow::followSelected()
{
    if (m_allClusters)
        return; // the All clusters table is shown (followSelectedInAll)
    const QString key = m_appsView->currentKey();
    const QString previous = m_details->application();
    // A selected application that disappears (deleted, or being re-run) is selected again if it
    // comes back, and its details stay on screen meanwhile.
    if (key.isEmpty() && !previous.isEmpty()) {
        m_pendingSelection = previous;
        return;
    }
    m_details->setApplication(m_model->rowOf(key) >= 0 ? key : QString());
    if (history::GoneApplicationsModel::runIdOfKey(key) != 0)
        statusBar()->showMessage(tr("Gone from the cluster: double-click it (or press Enter) to read its events and driver "
                                    "log in the History tab"), 8000);
}

void MainWindow::onSubmitted(const QString& ns, const QString& name, const QString& kind)
{
    // A ScheduledSparkApplication is listed in the Scheduled tab (its runs appear under Applications).
    const bool scheduled = kind == QLatin1String("ScheduledSparkApplication");
    if (scheduled)
        m_tabs->setCurrentWidget(m_scheduledView);
    else
        showApplications();
    const QString key = ns + QLatin1Char('/') + name;
    // Follow it where it is: a table showing another namespace switches to the application's.
    if (!currentNamespace().isEmpty() && ns != currentNamespace()) {
        setNamespace(ns);
        statusBar()->showMessage(tr("Showing namespace %1, where %2 was created").arg(ns, name), 8000);
    } else if (scheduled) {
        statusBar()->showMessage(tr("Created %1: it is selected in the Scheduled tab").arg(key), 8000);
    }
    if (scheduled) {
        if (!m_scheduledView->selectKey(key))
            m_pendingScheduledSelection = key;
    } else if (!m_appsView->selectKey(key)) {
        m_pendingSelection = key;
    }
    if (!scheduled)
        m_notifier->watchSubmitted(m_contextName, key);
}

QWidget* MainWindow::buildScheduledTab()
{
    m_scheduledView = new ScheduledView(this);
    connect(m_scheduledView, &ScheduledView::lastRunRequested, this, [this](const QString& key) {
        showApplications();
        if (!m_appsView->selectKey(key))
            statusBar()->showMessage(tr("%1 is not in the table (another namespace, or already deleted)").arg(key), 6000);
    });
    connect(m_scheduledView, &ScheduledView::message, this, [this](const QString& text) { statusBar()->showMessage(text, 6000); });
    connect(m_scheduledView, &ScheduledView::cloneRequested, this, &MainWindow::cloneIntoEditor);
    return m_scheduledView;
}

void MainWindow::installShortcuts()
{
    // The applications page's keys are made with the page (buildApplicationsPage).
    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("Keyboard shortcuts"), QKeySequence(Qt::Key_F1), this, &MainWindow::showShortcuts);
}

QString MainWindow::shortcutsText()
{
    return tr("<table cellpadding=3>"
              "<tr><td><b>/</b></td><td>filter the applications (name, namespace, state, label=value)</td></tr>"
              "<tr><td><b>l</b></td><td>logs of the selected application</td></tr>"
              "<tr><td><b>d</b></td><td>describe: details and state history</td></tr>"
              "<tr><td><b>y</b></td><td>YAML of the live object</td></tr>"
              "<tr><td><b>p</b> / <b>e</b></td><td>pods / events</td></tr>"
              "<tr><td><b>Ctrl+D</b></td><td>delete the selected application (asks first)</td></tr>"
              "<tr><td><b>Ctrl+N</b></td><td>new application (job editor)</td></tr>"
              "<tr><td><b>Ctrl+O</b> / <b>Ctrl+S</b></td><td>open / save a YAML file</td></tr>"
              "<tr><td><b>F3</b> / <b>Shift+F3</b></td><td>next / previous match in the log</td></tr>"
              "<tr><td><b>F5</b></td><td>reconnect, reading the kubeconfig again</td></tr>"
              "<tr><td><b>?</b> or <b>F1</b></td><td>this list</td></tr></table>"
              "<p>Single-letter keys work while the applications table has the focus.</p>");
}

void MainWindow::showShortcuts()
{
    QMessageBox box(this);
    box.setWindowTitle(tr("Keyboard shortcuts"));
    box.setTextFormat(Qt::RichText);
    box.setText(shortcutsText());
    box.exec();
}

SetupWizard* MainWindow::setupWizard() const
{
    return qobject_cast<SetupWizard*>(m_wizard.data());
}

void MainWindow::openSetupWizard()
{
    auto* wizard = new SetupWizard(this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &SetupWizard::useContext, this, [this](const QString& context) {
        m_options.context = context;
        reloadKubeconfig(); // Kind wrote the new context into the kubeconfig
        if (m_kubeconfig && m_kubeconfig->context(context))
            setContext(context);
    });
    connect(wizard, &SetupWizard::openJobEditor, this, &MainWindow::showEditor);
    m_wizard = wizard;
    wizard->show();
}

LogViewer* MainWindow::logViewer() const
{
    return m_details->logViewer();
}

void MainWindow::showApplications()
{
    m_tabs->setCurrentIndex(0);
}

void MainWindow::showEditor()
{
    m_tabs->setCurrentWidget(m_editor);
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open…"), this, &MainWindow::openFileDialog);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    QAction* save = file->addAction(tr("&Save"), this, &MainWindow::save);
    save->setShortcut(QKeySequence::Save);
    QAction* saveAs = file->addAction(tr("Save &As…"), this, &MainWindow::saveAs);
    saveAs->setShortcut(QKeySequence::SaveAs);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    QMenu* cluster = menuBar()->addMenu(tr("&Cluster"));
    QAction* reconnectAction = cluster->addAction(tr("&Reconnect"), this, &MainWindow::reconnect);
    reconnectAction->setObjectName(QStringLiteral("reconnect"));
    reconnectAction->setShortcut(QKeySequence::Refresh);
    reconnectAction->setToolTip(tr("Connect again with the kubeconfig as it is now (after a login in a terminal)"));
    cluster->addSeparator();
    cluster->addAction(m_clusterListAction);
    cluster->addAction(m_allClustersAction);
    cluster->addSeparator();
    cluster->addAction(tr("Set up a Kind cluster…"), this, &MainWindow::openSetupWizard);
    cluster->addAction(tr("Delete a Kind cluster…"), this, [this] {
        bool ok = false;
        const QString current = m_contextName.startsWith(QLatin1String("kind-")) ? m_contextName.mid(5) : QStringLiteral("spark");
        const QString name = QInputDialog::getText(this, tr("Delete a Kind cluster"), tr("Name of the Kind cluster to delete:"),
                                                   QLineEdit::Normal, current, &ok);
        if (!ok || name.isEmpty())
            return;
        setup::StepRunner* deletion = SetupWizard::deleteCluster(this, name);
        if (!deletion)
            return;
        statusBar()->showMessage(tr("Deleting the Kind cluster %1…").arg(name));
        connect(deletion, &setup::StepRunner::finished, this, [this, name](const setup::StepResult& r) {
            statusBar()->clearMessage();
            if (r.ok)
                statusBar()->showMessage(tr("Deleted the Kind cluster %1").arg(name), 8000);
            else if (!r.output.isEmpty())
                QMessageBox::warning(this, tr("Delete a Kind cluster"), r.explanation.title.isEmpty() ? r.output : r.explanation.fix);
            reloadKubeconfig();
        });
    });
    quit->setShortcut(QKeySequence::Quit);
    updateRecentMenu();
}

bool MainWindow::openFile(const QString& path)
{
    if (!m_editor->confirmReplace(QFileInfo(path).fileName()))
        return false;
    QString error;
    const bool ok = m_editor->openFile(path, &error, [this, path](const QStringList& documents) {
        bool picked = false;
        const QString item = QInputDialog::getItem(this, tr("Open %1").arg(QFileInfo(path).fileName()),
                                                   tr("This file holds %n document(s). Which one do you want to edit?\n"
                                                      "Save writes the others back unchanged.", nullptr, int(documents.size())),
                                                   documents, 0, false, &picked);
        return picked ? int(documents.indexOf(item)) : -1;
    });
    if (!ok) {
        if (!error.startsWith(tr("No document picked")))
            QMessageBox::warning(this, tr("Open"), error);
        return false;
    }
    addRecentFile(m_editor->filePath());
    showEditor();
    return true;
}

void MainWindow::openFileDialog()
{
    const QString dir = m_editor->filePath().isEmpty() ? QDir::homePath() : QFileInfo(m_editor->filePath()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open SparkApplication"), dir, tr("YAML files (*.yaml *.yml);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::save()
{
    if (m_editor->filePath().isEmpty())
        return saveAs();
    QString error;
    if (!m_editor->saveFile(m_editor->filePath(), &error))
        QMessageBox::warning(this, tr("Save"), error);
    else
        statusBar()->showMessage(tr("Saved %1").arg(m_editor->filePath()), 4000);
}

void MainWindow::saveAs()
{
    const QString suggested = m_editor->filePath().isEmpty()
        ? QDir::homePath() + QLatin1Char('/') + m_editor->document().text(QStringLiteral("metadata.name")) + QStringLiteral(".yaml")
        : m_editor->filePath();
    const QString path = QFileDialog::getSaveFileName(this, tr("Save SparkApplication"), suggested, tr("YAML files (*.yaml *.yml)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!m_editor->saveFile(path, &error)) {
        QMessageBox::warning(this, tr("Save"), error);
        return;
    }
    addRecentFile(path);
    statusBar()->showMessage(tr("Saved %1").arg(path), 4000);
}

void MainWindow::addRecentFile(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > 10)
        recent.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), recent);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString& path : recent)
        m_recentMenu->addAction(QFileInfo(path).fileName() + QStringLiteral("  —  ") + QFileInfo(path).absolutePath(), this,
                                [this, path] { openFile(path); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::updateTitle()
{
    // "[*]" shows as "*" while the job editor has unsaved changes.
    const QString file = m_editor->filePath();
    setWindowTitle(file.isEmpty() ? QStringLiteral("SparkDeck[*]") : QStringLiteral("%1[*] — SparkDeck").arg(QFileInfo(file).fileName()));
    setWindowModified(m_editor->isModified());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!m_editor->confirmClose()) {
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    // YAML files dropped on the job editor are opened (not pasted as a path).
    if (event->type() == QEvent::DragEnter || event->type() == QEvent::Drop) {
        auto* drop = static_cast<QDropEvent*>(event);
        const QList<QUrl> urls = drop->mimeData()->urls();
        if (!urls.isEmpty() && urls.first().isLocalFile()) {
            drop->acceptProposedAction();
            if (event->type() == QEvent::Drop)
                openFile(urls.first().toLocalFile());
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

} // namespace ui
