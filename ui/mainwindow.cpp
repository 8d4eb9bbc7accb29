#include "ui/mainwindow.h"

#include "models/applicationsmodel.h"
#include "ui/applicationsview.h"
#include "app/kube/informer.h"
#include "ui/jobeditor.h"
#include "app/kube/kubeclient.h"
#include "ui/detailspane.h"
#include "ui/logviewer.h"
#include "app/kube/operatorprobe.h"
#include "models/scheduledapplicationsmodel.h"
#include "app/kube/sparkapi.h"
#include "ui/scheduledview.h"
#include "models/sparkapplication.h"
#include "ui/setupwizard.h"
#include "ui/welcomepage.h"
#include "ui/windowgeometry.h"
#include "ui/yamleditor.h"

#include <QCloseEvent>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QTimer>
#include <QTableView>
#include <QVBoxLayout>
#include <QDir>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
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
    , m_model(new model::ApplicationsModel(this))
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
    delete m_informer;
    delete m_scheduledInformer;
    delete m_namespaceInformer;
}

void MainWindow::buildUi()
{
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
    auto* split = new QSplitter(Qt::Vertical, m_appsStack);
    m_appsView = new ApplicationsView(m_model, split);
    m_details = new DetailsPane(m_model, split);
    split->addWidget(m_appsView);
    split->addWidget(m_details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    m_appsStack->addWidget(m_welcome);
    m_appsStack->addWidget(split);
    m_tabs->addTab(m_appsStack, tr("Applications"));
    m_tabs->addTab(buildScheduledTab(), tr("Scheduled"));
    m_editor = new JobEditor(m_tabs);
    m_tabs->addTab(m_editor, tr("Job editor"));
    setCentralWidget(m_tabs);
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

    connect(m_appsView, &ApplicationsView::currentChanged, this, &MainWindow::followSelected);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_pendingSelection.isEmpty() && m_appsView->selectKey(m_pendingSelection))
            m_pendingSelection.clear();
    });
    connect(m_editor, &JobEditor::submitted, this, &MainWindow::onSubmitted);
    auto selectScheduled = [this] {
        if (!m_pendingScheduledSelection.isEmpty() && m_scheduledView->selectKey(m_pendingScheduledSelection))
            m_pendingScheduledSelection.clear();
    };
    connect(m_scheduledModel, &QAbstractItemModel::rowsInserted, this, selectScheduled);
    connect(m_scheduledModel, &QAbstractItemModel::modelReset, this, selectScheduled);
    connect(m_model, &model::ApplicationsModel::stillNew, this,
            [this](const QString& key) { probeOperator(key.section(QLatin1Char('/'), 0, 0)); });
    connect(m_details, &DetailsPane::message, this, [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(m_details, &DetailsPane::cloneRequested, this, [this](const QString& yaml) {
        if (!m_editor->confirmReplace(tr("the clone")))
            return;
        m_editor->setYaml(yaml);
        showEditor();
        statusBar()->showMessage(tr("Cloned into the job editor: change what you need and submit"), 8000);
    });
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
    delete m_informer;
    m_details->setClient(nullptr, {}, {});
    m_editor->setClient(nullptr);
    m_scheduledView->setClient(nullptr);
    delete m_scheduledInformer;
    delete m_namespaceInformer;
    delete m_client;
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
    if (!m_client) {
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
    kube::KubeconfigError error;
    const auto connection = m_kubeconfig->connection(name, &error);
    m_contextName = name;
    m_updatingSelectors = true;
    m_contextBox->setCurrentText(name);
    m_updatingSelectors = false;
    if (!connection) {
        showWelcome(error.toString());
        return;
    }
    m_connection = *connection;
    delete m_informer;
    delete m_scheduledInformer;
    m_details->setClient(nullptr, {}, {});
    delete m_client;
    m_client = new kube::KubeClient(m_connection, this);
    if (kube::ExecCredentialProvider* exec = m_client->execProvider())
        connect(exec, &kube::ExecCredentialProvider::pluginStarted, this, [this](const QString& program) {
            statusBar()->showMessage(tr("Getting credentials: running %1").arg(program), 8000);
        });
    m_details->setClient(m_client, m_kubeconfig->files(), m_contextName);
    m_editor->setClient(m_client);
    m_scheduledView->setClient(m_client);
    m_appsStack->setCurrentIndex(1);
    m_contextBox->setEnabled(true);
    m_namespaceBox->setEnabled(true);
    QString server = m_connection.server.toString();
    if (m_connection.insecureSkipTlsVerify)
        server += tr("  ⚠ TLS verification is off for this cluster (insecure-skip-tls-verify in the kubeconfig)");
    m_serverLabel->setText(server);
    // --namespace applies to the context it came with; later switches use each context's own.
    QString ns = m_connection.defaultNamespace;
    if (m_options.ns && (m_options.context.isEmpty() || m_options.context == name))
        ns = *m_options.ns;
    m_namespace = QStringLiteral("\x01"); // force setNamespace to act
    setNamespace(ns);
    watchNamespaces();
    m_model->setOperatorNamespaces({}, {});
    m_lastOperatorProbe.invalidate();
    probeOperator(ns);
    m_lastOperatorProbe.invalidate(); // the first application nobody handles looks again
}

void MainWindow::reconnect()
{
    if (!m_kubeconfig || m_contextName.isEmpty()) {
        reloadKubeconfig();
        return;
    }
    const QString ns = m_namespace;
    kube::KubeconfigError error;
    if (auto fresh = kube::Kubeconfig::load(kubeconfigFiles(), m_options.explicitKubeconfig, &error))
        m_kubeconfig = std::move(fresh);
    setContext(m_contextName);
    if (m_client && ns != m_namespace)
        setNamespace(ns);
}

void MainWindow::setNamespace(const QString& ns)
{
    if (!m_client || ns == m_namespace)
        return;
    m_namespace = ns;
    m_updatingSelectors = true;
    m_namespaceBox->setCurrentText(ns.isEmpty() ? kAllNamespaces : ns);
    m_updatingSelectors = false;
    m_editor->setDefaultNamespace(ns.isEmpty() ? m_connection.defaultNamespace : ns);
    connectInformer();
}

void MainWindow::connectInformer()
{
    delete m_informer;
    delete m_scheduledInformer;
    m_details->setApplication({});
    m_informer = new kube::Informer(m_client, kube::ResourceKind::sparkApplications(), m_namespace, {}, this);
    m_model->setInformer(m_informer);
    m_scheduledInformer = new kube::Informer(m_client, kube::ResourceKind::scheduledSparkApplications(), m_namespace, {}, this);
    m_scheduledModel->setInformer(m_scheduledInformer);
    m_scheduledInformer->start();
    connect(m_informer, &kube::Informer::stateChanged, this, &MainWindow::updateConnectionLabel);
    connect(m_informer, &kube::Informer::added, this, &MainWindow::updateConnectionLabel);
    connect(m_informer, &kube::Informer::removed, this, &MainWindow::updateConnectionLabel);
    connect(m_informer, &kube::Informer::synced, this, [this, informer = m_informer.data()] {
        if (informer->property("sparkdeckAnnounced").toBool())
            return;
        informer->setProperty("sparkdeckAnnounced", true);
        emit applicationsSynced();
    });
    m_informer->start();
}

void MainWindow::watchNamespaces()
{
    delete m_namespaceInformer;
    m_namespaceInformer = new kube::Informer(m_client, kube::ResourceKind::namespaces(), {}, {}, this);
    connect(m_namespaceInformer, &kube::Informer::synced, this, &MainWindow::updateNamespaceList);
    connect(m_namespaceInformer, &kube::Informer::added, this, [this] {
        if (m_namespaceInformer->hasSynced())
            updateNamespaceList();
    });
    connect(m_namespaceInformer, &kube::Informer::removed, this, &MainWindow::updateNamespaceList);
    connect(m_namespaceInformer, &kube::Informer::stateChanged, this, [informer = m_namespaceInformer.data()] {
        // Listing namespaces may be forbidden: then typing one still works, and asking again will not help.
        if (informer->lastError().httpStatus == 403)
            informer->stop();
    });
    m_namespaceInformer->start();
}

void MainWindow::updateNamespaceList()
{
    if (!m_namespaceInformer)
        return;
    QStringList names = m_namespaceInformer->objects().keys();
    names.sort();
    const QString typed = m_namespaceBox->lineEdit()->text();
    m_updatingSelectors = true;
    m_namespaceBox->clear();
    m_namespaceBox->addItem(kAllNamespaces);
    m_namespaceBox->addItems(names);
    m_namespaceBox->setCurrentText(m_namespace.isEmpty() ? kAllNamespaces : m_namespace);
    if (m_namespaceBox->lineEdit()->hasFocus())
        m_namespaceBox->lineEdit()->setText(typed); // do not lose what is being typed
    m_updatingSelectors = false;
}

void MainWindow::probeOperator(const QString& ns)
{
    // Which namespaces the operator watches words the hint of applications nobody handles.
    if (!m_client)
        return;
    if (m_lastOperatorProbe.isValid() && m_lastOperatorProbe.elapsed() < 30000) {
        // Asked less than 30 s ago: ask once more when that is over, for the application waiting now.
        if (!m_operatorProbeQueued) {
            m_operatorProbeQueued = true;
            QTimer::singleShot(30000 - m_lastOperatorProbe.elapsed(), this, [this, ns] {
                m_operatorProbeQueued = false;
                probeOperator(ns);
            });
        }
        return;
    }
    m_lastOperatorProbe.start();
    kube::probeOperator(m_client, ns.isEmpty() ? m_connection.defaultNamespace : ns, {}, this,
                        [this, client = m_client.data()](const kube::OperatorFacts& facts) {
                            if (client == m_client)
                                m_model->setOperatorNamespaces(facts.operatorFound ? facts.operatorDeployment : QString(),
                                                               facts.watchedNamespaces);
                        });
}

void MainWindow::updateConnectionLabel()
{
    if (!m_informer) {
        m_connectionLabel->setText(tr("Not connected"));
        m_setupButton->hide();
        m_countdown.stop();
        return;
    }
    const QString where = m_namespace.isEmpty() ? tr("all namespaces") : tr("namespace %1").arg(m_namespace);
    QString text;
    QString color;
    switch (m_informer->state()) {
    case kube::Informer::State::Stopped:
        text = tr("Stopped");
        color = QStringLiteral("gray");
        break;
    case kube::Informer::State::Connecting:
        text = tr("Connecting to %1…").arg(m_connection.server.toString());
        color = QStringLiteral("gray");
        break;
    case kube::Informer::State::Live:
        text = (m_informer->objects().size() == 1 ? tr("Live — 1 application in %1, watching for changes")
                                                   : tr("Live — %n applications in %1, watching for changes", nullptr,
                                                        int(m_informer->objects().size())))
                   .arg(where);
        color = QStringLiteral("#2e9e4f");
        break;
    case kube::Informer::State::Failed:
        text = tr("Stopped: %1 — fix it, then Cluster ▸ Reconnect (F5)").arg(m_informer->lastError().summary());
        color = QStringLiteral("#d93b3b");
        break;
    case kube::Informer::State::Reconnecting:
        text = tr("Reconnecting (attempt %1, next try in %2 s): %3")
                   .arg(m_informer->attempt())
                   .arg((m_informer->nextRetryMs() + 999) / 1000)
                   .arg(m_informer->lastError().summary());
        color = m_informer->lastError().isResourceNotServed() || m_informer->lastError().httpStatus == 403
                    || m_informer->lastError().kind == kube::KubeError::Kind::Credentials
                    ? QStringLiteral("#d93b3b")
                    : QStringLiteral("#d98e04");
        if (m_informer->lastError().isResourceNotServed())
            text = tr("Spark Operator CRD not installed: this cluster does not serve sparkoperator.k8s.io/v1beta2 "
                      "SparkApplications. Install the operator with Helm (or Cluster ▸ Set up a Kind cluster); SparkDeck "
                      "retries on its own (next try in %1 s).")
                       .arg((m_informer->nextRetryMs() + 999) / 1000);
        break;
    }
    m_connectionLabel->setText(QStringLiteral("<span style='color:%1'>●</span> %2").arg(color, text.toHtmlEscaped()));
    m_connectionLabel->setToolTip(text);
    switch (m_informer->state()) {
    case kube::Informer::State::Live:
        m_appsView->setEmptyHint(tr("No SparkApplications in %1. Create one with New application (Ctrl+N) or open a "
                                    "YAML file (Ctrl+O), or choose another namespace above (All namespaces shows "
                                    "every one you may see).").arg(where));
        break;
    case kube::Informer::State::Reconnecting:
        // The whole reason, where there is room for it (the status bar cuts long ones, such as a
        // credential plugin's instructions).
        m_appsView->setEmptyHint(m_informer->lastError().kind == kube::KubeError::Kind::Credentials
                                     ? tr("Cannot list the SparkApplications in %1:\n\n%2\n\nSparkDeck tries again on its own.")
                                           .arg(where, m_informer->lastError().message)
                                     : tr("Cannot list the SparkApplications in %1 yet: the status bar below says why.").arg(where));
        break;
    case kube::Informer::State::Failed:
        m_appsView->setEmptyHint(tr("Cannot list the SparkApplications in %1:\n\n%2\n\nSparkDeck does not try again by "
                                    "itself: once that is done, choose Cluster ▸ Reconnect (F5).")
                                     .arg(where, m_informer->lastError().message));
        break;
    default:
        m_appsView->setEmptyHint(tr("Loading the SparkApplications in %1…").arg(where));
    }
    // No operator in this cluster: offer the wizard right where the problem is reported.
    m_setupButton->setVisible(m_informer->state() == kube::Informer::State::Reconnecting
                              && m_informer->lastError().isResourceNotServed());
    if (m_informer->state() == kube::Informer::State::Reconnecting)
        m_countdown.start();
    else
        m_countdown.stop();
}

void MainWindow::followSelected()
{
    const QString key = m_appsView->currentKey();
    const QString previous = m_details->application();
    // A selected application that disappears (deleted, or being re-run) is selected again if it
    // comes back, and its details stay on screen meanwhile.
    if (key.isEmpty() && !previous.isEmpty()) {
        m_pendingSelection = previous;
        return;
    }
    m_details->setApplication(m_model->rowOf(key) >= 0 ? key : QString());
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
    if (!m_namespace.isEmpty() && ns != m_namespace) {
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
}

QWidget* MainWindow::buildScheduledTab()
{
    m_scheduledModel = new model::ScheduledApplicationsModel(this);
    m_scheduledView = new ScheduledView(m_scheduledModel, this);
    connect(m_scheduledView, &ScheduledView::lastRunRequested, this, [this](const QString& key) {
        showApplications();
        if (!m_appsView->selectKey(key))
            statusBar()->showMessage(tr("%1 is not in the table (another namespace, or already deleted)").arg(key), 6000);
    });
    connect(m_scheduledView, &ScheduledView::message, this, [this](const QString& text) { statusBar()->showMessage(text, 6000); });
    connect(m_scheduledView, &ScheduledView::cloneRequested, m_details, &DetailsPane::cloneRequested);
    return m_scheduledView;
}

void MainWindow::installShortcuts()
{
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
    key(QKeySequence(Qt::CTRL | Qt::Key_D), m_appsStack, [this] { m_details->deleteApplication(true); });
    key(QKeySequence(Qt::Key_Question), table, [this] { showShortcuts(); });
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
