#include "ui/detailspane.h"

#include "app/kube/kubectlcommand.h"
#include "app/session/applicationactions.h"
#include "app/session/applicationdetails.h"
#include "app/session/historyserver.h"
#include "models/applicationsmodel.h"
#include "models/eventsmodel.h"
#include "models/podsmodel.h"
#include "models/sparkapplication.h"
#include "ui/confirm.h"
#include "ui/diagnosispanel.h"
#include "ui/executorsview.h"
#include "ui/logviewer.h"
#include "ui/stateicons.h"
#include "ui/yamleditor.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace ui {

namespace {

QTableView* makeTable(QAbstractItemModel* model, QWidget* parent, int sortColumn, Qt::SortOrder order)
{
    auto* proxy = new QSortFilterProxyModel(parent);
    proxy->setSourceModel(model);
    proxy->setSortRole(model::InformerTableModel::SortRole);
    auto* view = new QTableView(parent);
    view->setModel(proxy);
    view->setSortingEnabled(true);
    view->sortByColumn(sortColumn, order);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setShowGrid(false);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    return view;
}

QToolButton* makeButton(const QString& text, const QString& tip, QWidget* parent)
{
    auto* b = new QToolButton(parent);
    b->setText(text);
    b->setToolTip(tip);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    b->setAutoRaise(true);
    return b;
}

QString esc(const QString& s)
{
    return s.toHtmlEscaped();
}

QString when(const QDateTime& t)
{
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QLocale::ShortFormat) : QStringLiteral("—");
}

} // namespace

DetailsPane::DetailsPane(model::ApplicationsModel* applications, QWidget* parent)
    : QWidget(parent)
    , m_applications(applications)
    , m_noPods(new model::PodsModel(this))
    , m_noEvents(new model::EventsModel(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    auto* bar = new QHBoxLayout;
    m_title = new QLabel(this);
    m_title->setTextFormat(Qt::RichText);
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    bar->addWidget(m_title, 1);
    m_delete = makeButton(tr("Delete"), tr("Delete the SparkApplication (Ctrl+D)"), this);
    m_rerun = makeButton(tr("Re-run"), tr("Delete it and create it again with the same spec"), this);
    m_clone = makeButton(tr("Clone"), tr("Open a copy in the job editor"), this);
    m_suspend = makeButton(tr("Suspend"), tr("Set spec.suspend"), this);
    m_sparkUi = makeButton(tr("Spark UI"), tr("Port-forward the driver's Spark UI (4040) and open it in the browser"), this);
    m_copy = makeButton(tr("kubectl ▾"), tr("Copy the equivalent kubectl command"), this);
    m_copy->setPopupMode(QToolButton::InstantPopup);
    auto* copyMenu = new QMenu(m_copy);
    m_copy->setMenu(copyMenu);
    connect(copyMenu, &QMenu::aboutToShow, this, [this, copyMenu] {
        copyMenu->clear();
        for (const QString& command : kubectlCommands())
            copyMenu->addAction(command, this, [this, command] {
                QApplication::clipboard()->setText(command);
                emit message(tr("Copied: %1").arg(command));
            });
    });
    for (QToolButton* b : {m_delete, m_rerun, m_clone, m_suspend, m_sparkUi, m_copy})
        bar->addWidget(b);
    layout->addLayout(bar);
    auto* sparkUiExtrasBar = bar;
    // Spark UI failures stay here, by the button, until dismissed (the status bar keeps the
    // connection state).
    m_sparkUiProblem = new QWidget(this);
    m_sparkUiProblem->setObjectName(QStringLiteral("sparkUiProblem"));
    auto* problemRow = new QHBoxLayout(m_sparkUiProblem);
    problemRow->setContentsMargins(4, 0, 0, 0);
    m_sparkUiProblemText = new QLabel(m_sparkUiProblem);
    m_sparkUiProblemText->setWordWrap(true);
    m_sparkUiProblemText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    problemRow->addWidget(m_sparkUiProblemText, 1);
    auto* dismiss = makeButton(tr("Dismiss"), tr("Hide this message"), m_sparkUiProblem);
    dismiss->setObjectName(QStringLiteral("dismissSparkUiProblem"));
    connect(dismiss, &QToolButton::clicked, this, &DetailsPane::dismissSparkUiProblem);
    problemRow->addWidget(dismiss, 0, Qt::AlignTop);
    m_sparkUiProblem->hide();
    layout->addWidget(m_sparkUiProblem);

    m_diagnosis = new DiagnosisPanel(this);
    layout->addWidget(m_diagnosis);
    connect(m_diagnosis, &DiagnosisPanel::changeFieldRequested, this, [this](const QString& field) {
        if (!m_session)
            return;
        if (const QString yaml = m_session->cloneYaml(); !yaml.isEmpty())
            emit changeFieldRequested(yaml, field);
    });
    m_diagnosisTimer = new QTimer(this);
    m_diagnosisTimer->setSingleShot(true);
    m_diagnosisTimer->setInterval(100);
    connect(m_diagnosisTimer, &QTimer::timeout, this, &DetailsPane::refreshDiagnosis);

    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_details = new QTextBrowser(m_tabs);
    m_details->setObjectName(QStringLiteral("detailsText"));
    m_details->setOpenLinks(false);
    m_podsView = makeTable(m_noPods, m_tabs, model::PodsModel::Role, Qt::AscendingOrder);
    m_eventsView = makeTable(m_noEvents, m_tabs, model::EventsModel::LastSeen, Qt::DescendingOrder);
    m_podsProxy = qobject_cast<QSortFilterProxyModel*>(m_podsView->model());
    m_eventsProxy = qobject_cast<QSortFilterProxyModel*>(m_eventsView->model());
    const int em = fontMetrics().horizontalAdvance(QLatin1Char('m'));
    for (const auto& [column, width] : QList<QPair<int, int>>{{model::PodsModel::Name, 36}, {model::PodsModel::Role, 9},
                                                               {model::PodsModel::Phase, 18}, {model::PodsModel::Ready, 6},
                                                               {model::PodsModel::Restarts, 7}, {model::PodsModel::Node, 16}})
        m_podsView->setColumnWidth(column, width * em);
    for (const auto& [column, width] : QList<QPair<int, int>>{{model::EventsModel::LastSeen, 8}, {model::EventsModel::Type, 7},
                                                               {model::EventsModel::Reason, 22}, {model::EventsModel::Object, 34},
                                                               {model::EventsModel::Count, 5}})
        m_eventsView->setColumnWidth(column, width * em);
    m_yaml = new YamlEditor(m_tabs);
    m_yaml->setReadOnly(true);
    m_logs = new LogViewer(m_tabs);
    m_logs->setPods(m_noPods);
    m_tabs->addTab(m_details, tr("Details"));
    m_tabs->addTab(m_podsView, tr("Pods"));
    m_tabs->addTab(m_eventsView, tr("Events"));
    m_tabs->addTab(m_yaml, tr("YAML"));
    m_tabs->addTab(m_logs, tr("Logs"));
    m_tabs->setCurrentIndex(LogsTab);
    layout->addWidget(m_tabs, 1);
    addSparkUiExtras(sparkUiExtrasBar);

    connect(m_delete, &QToolButton::clicked, this, [this] { deleteApplication(true); });
    connect(m_rerun, &QToolButton::clicked, this, [this] { rerun(true); });
    connect(m_clone, &QToolButton::clicked, this, &DetailsPane::cloneToEditor);
    connect(m_suspend, &QToolButton::clicked, this, [this] {
        setSuspended(!m_applications->summary(m_key).suspend, true);
    });
    connect(m_sparkUi, &QToolButton::clicked, this, &DetailsPane::openSparkUi);
    // A double-click on a pod shows its log.
    connect(m_podsView, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const QString pod = index.siblingAtColumn(model::PodsModel::Name).data().toString();
        const QStringList containers = index.siblingAtColumn(0).data(model::PodsModel::ContainersRole).toStringList();
        m_logs->follow(m_key.section(QLatin1Char('/'), 0, 0), pod, containers.value(0));
        showTab(LogsTab);
    });
    connect(m_applications, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& from, const QModelIndex& to) {
        const int row = m_applications->rowOf(m_key);
        if (row >= from.row() && row <= to.row() && from.column() <= model::ApplicationsModel::State)
            refresh();
    });
    connect(m_applications, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (!m_key.isEmpty() && m_applications->rowOf(m_key) < 0)
            refresh();
    });
    setApplication({});
}

DetailsPane::~DetailsPane()
{
    m_logs->clear();
    m_logs->setPods(nullptr);
    delete std::exchange(m_session, nullptr);
}

model::PodsModel* DetailsPane::pods() const
{
    return m_session ? m_session->pods() : m_noPods;
}

model::EventsModel* DetailsPane::events() const
{
    return m_session ? m_session->events() : m_noEvents;
}

void DetailsPane::showModels(model::PodsModel* pods, model::EventsModel* events)
{
    m_podsProxy->setSourceModel(pods);
    m_eventsProxy->setSourceModel(events);
    m_logs->setPods(pods);
}

void DetailsPane::setClient(kube::KubeClient* client, const QStringList& kubeconfigFiles, const QString& context)
{
    m_client = client;
    m_kubeconfigFiles = kubeconfigFiles;
    m_context = context;
    m_logs->setClient(client);
    delete std::exchange(m_historyServer, new session::HistoryServer(context, kubeconfigFiles, this));
    const QString key = m_key;
    m_key.clear();
    setApplication(key);
}

void DetailsPane::setActions(session::ApplicationActions* actions)
{
    m_actions = actions;
    updateActions();
}

void DetailsPane::setApplication(const QString& key)
{
    if (key == m_key && (m_session || key.isEmpty()))
        return refresh();
    m_key = key;
    session::ApplicationDetails* old = std::exchange(m_session, nullptr);
    const QString ns = key.section(QLatin1Char('/'), 0, 0);
    const QString name = key.section(QLatin1Char('/'), 1);
    if (!key.isEmpty()) { // without a client, only the port-forward (kubectl's) works
        m_session = new session::ApplicationDetails(m_client, m_applications, ns, name, this);
        connect(m_session, &session::ApplicationDetails::firstExceptionChanged, this, &DetailsPane::refreshDetails);
        connect(m_session, &session::ApplicationDetails::sparkUiStateChanged, this, &DetailsPane::updateActions);
        connect(m_session, &session::ApplicationDetails::sparkUiReady, this, [this](const QUrl& url) {
            emit message(tr("Spark UI at %1 (forwarded until the application ends or SparkDeck closes)").arg(url.toString()));
            updateActions();
            if (!m_session->property("sparkdeckOpenSparkUi").toBool())
                return; // started for the Executors tab, not by the Spark UI button
            emit sparkUiReady(url);
            if (qEnvironmentVariableIsEmpty("SPARKDECK_NO_BROWSER"))
                QDesktopServices::openUrl(url);
        });
        connect(m_session, &session::ApplicationDetails::sparkUiFailed, this, [this, key](const QString& why) {
            if (!m_session->property("sparkdeckOpenSparkUi").toBool())
                return updateActions(); // the Executors tab's, which says so itself
            m_sparkUiProblemText->setText(tr("⚠ Spark UI of %1: %2").arg(key, why));
            m_sparkUiProblem->show();
            emit message(tr("The Spark UI of %1 did not open: see the message under the buttons").arg(key));
            updateActions();
        });
        for (QAbstractItemModel* m : {static_cast<QAbstractItemModel*>(m_session->pods()), static_cast<QAbstractItemModel*>(m_session->events())}) {
            auto later = [this] { m_diagnosisTimer->start(); };
            connect(m, &QAbstractItemModel::dataChanged, m_session, later);
            connect(m, &QAbstractItemModel::rowsInserted, m_session, later);
            connect(m, &QAbstractItemModel::rowsRemoved, m_session, later);
            connect(m, &QAbstractItemModel::modelReset, m_session, later);
        }
        showModels(m_session->pods(), m_session->events());
    } else {
        showModels(m_noPods, m_noEvents);
    }
    if (m_client && !key.isEmpty()) {
        const int row = m_applications->rowOf(key);
        const QString driverPod = row >= 0 ? m_applications->summary(key).driverPod : name + QStringLiteral("-driver");
        m_logs->follow(ns, driverPod, QString::fromLatin1(model::spark::kDriverContainer));
    } else {
        m_logs->clear(tr("Select an application to follow its driver log."));
    }
    m_executors->setApplication(m_session, m_kubeconfigFiles, m_context);
    delete old; // ends its port-forward
    refresh();
}

void DetailsPane::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(tab);
}

void DetailsPane::refresh()
{
    const bool exists = !m_key.isEmpty() && m_applications->rowOf(m_key) >= 0;
    if (exists) {
        const model::ApplicationSummary s = m_applications->summary(m_key);
        m_title->setText(QStringLiteral("<b>%1</b> <span style='color:gray'>%2</span> <span style='color:%3'>● %4</span>")
                             .arg(esc(s.name), esc(s.ns), ui::stateColor(s.state).name(),
                                  esc(model::spark::stateLabel(s.state))));
        // Follow the driver pod the operator reports (it can differ from <name>-driver).
        if (m_client && !s.driverPod.isEmpty() && !m_logs->target().contains(QLatin1Char('/') + s.driverPod + QLatin1Char('/'))
            && m_logs->target().section(QLatin1Char('/'), 1, 1).endsWith(QLatin1String("-driver")))
            m_logs->follow(s.ns, s.driverPod, QString::fromLatin1(model::spark::kDriverContainer));
        if (m_session
            && (model::spark::isTerminalState(s.state) || s.state == QLatin1String("SUSPENDING") || s.state == QLatin1String("SUSPENDED")))
            m_session->stopSparkUi(); // the driver and its UI are gone
    } else if (m_session) {
        m_session->stopSparkUi(); // deleted: so are its driver and UI
    }
    if (!exists) {
        m_title->setText(m_key.isEmpty() ? tr("<span style='color:gray'>No application selected</span>")
                                         : tr("<b>%1</b> <span style='color:gray'>was deleted</span>").arg(esc(m_key)));
    }
    refreshDetails();
    refreshYaml();
    updateActions();
}

void DetailsPane::refreshDetails()
{
    refreshDiagnosis();
    if (m_key.isEmpty() || m_applications->rowOf(m_key) < 0) {
        m_details->clear();
        return;
    }
    const session::ApplicationFacts facts = m_session ? m_session->facts() : session::ApplicationFacts();
    const model::ApplicationSummary s = m_applications->summary(m_key);
    QString html = QStringLiteral("<style>td{padding:1px 10px 1px 0;} th{text-align:left;color:gray;font-weight:normal;padding-right:14px;}</style>");
    html += QStringLiteral("<table>");
    auto row = [&](const QString& label, const QString& value) {
        html += QStringLiteral("<tr><th>%1</th><td>%2</td></tr>").arg(esc(label), value);
    };
    row(tr("State"), QStringLiteral("<b style='color:%1'>%2</b>").arg(ui::stateColor(s.state).name(), esc(model::spark::stateLabel(s.state))));
    if (const QString unhandled = m_applications->unhandledHint(m_key); !unhandled.isEmpty())
        row(tr("Not handled"), QStringLiteral("<span style='color:#d98e04'>%1</span>").arg(esc(unhandled)));
    if (!s.errorMessage.isEmpty())
        row(tr("Error"), QStringLiteral("<span style='color:#d93b3b'>%1</span>").arg(esc(s.errorMessage)));
    if (const QString reason = failureReasonHtml(); !reason.isEmpty())
        row(tr("First exception"), reason);
    row(tr("Attempts"), esc(model::attemptsText(s.submissionAttempts, s.executionAttempts)));
    row(tr("Created"), esc(when(s.created)));
    row(tr("Submitted"), esc(when(s.started)));
    row(tr("Terminated"), esc(when(s.finished)));
    row(tr("Spark application ID"), esc(s.sparkApplicationId));
    row(tr("Submission ID"), esc(facts.submissionId));
    row(tr("Driver pod"), esc(facts.driverPod));
    QString ui = facts.webUIServiceName;
    if (!ui.isEmpty())
        ui += facts.webUIAddress.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(facts.webUIAddress);
    row(tr("Spark UI service"), esc(ui));
    if (!facts.webUIIngressAddress.isEmpty())
        row(tr("Spark UI ingress"), esc(facts.webUIIngressAddress));
    html += QStringLiteral("</table>");

    html += tr("<h4>Executors (%1)</h4>").arg(facts.executorStates.size());
    if (!facts.executorStates.isEmpty()) {
        html += QStringLiteral("<table>");
        for (const auto& [executor, state] : facts.executorStates)
            row(executor, esc(state));
        html += QStringLiteral("</table>");
    }
    html += tr("<h4>State history (as seen by SparkDeck)</h4><table>");
    for (const auto& change : m_applications->stateHistory(m_key))
        row(QLocale().toString(change.seen, QStringLiteral("HH:mm:ss")),
            QStringLiteral("<span style='color:%1'>●</span> %2").arg(ui::stateColor(change.state).name(),
                                                                     esc(model::spark::stateLabel(change.state))));
    html += QStringLiteral("</table>");
    const int scroll = m_details->verticalScrollBar()->value();
    m_details->setHtml(html);
    m_details->verticalScrollBar()->setValue(scroll);
}

QString DetailsPane::failureReasonHtml()
{
    if (!m_session)
        return {};
    using State = session::ApplicationDetails::FirstException::State;
    const session::ApplicationDetails::FirstException first = m_session->firstException();
    switch (first.state) {
    case State::NotApplicable:
        return {};
    case State::Reading:
        return tr("<span style='color:gray'>reading the driver log…</span>");
    case State::Found:
        return QStringLiteral("<span style='color:#d93b3b'>%1</span>").arg(esc(first.text).replace(QLatin1Char('\n'), QLatin1String("<br>")));
    case State::Unreadable:
        return tr("<span style='color:gray'>the driver log cannot be read (%1)</span>")
            .arg(esc(first.error.httpStatus == 404 ? tr("the driver pod is gone") : first.error.summary()));
    case State::NotFound:
        return tr("<span style='color:gray'>none in the last 2000 lines of the driver log</span>");
    }
    return {};
}

void DetailsPane::refreshDiagnosis()
{
    m_diagnosisTimer->stop();
    if (!m_session || !m_session->exists()) {
        m_diagnosis->clear();
        return;
    }
    model::DiagnosisInput input;
    input.application = m_session->object();
    for (int row = 0; row < m_session->pods()->rowCount(); ++row)
        input.pods << m_session->pods()->objectAt(row);
    for (int row = 0; row < m_session->events()->rowCount(); ++row)
        input.events << m_session->events()->objectAt(row);
    const session::ApplicationDetails::FirstException first = m_session->firstException();
    if (first.state == session::ApplicationDetails::FirstException::State::Found)
        input.firstException = first.text;
    m_diagnosis->setInput(input);
}

void DetailsPane::refreshYaml()
{
    if (!m_session || !m_session->exists()) {
        m_yaml->setPlainText(QString());
        return;
    }
    m_yaml->setTextKeepingView(m_session->yaml());
}

QString DetailsPane::detailsText() const
{
    return m_details->toPlainText();
}

QString DetailsPane::yamlText() const
{
    return m_yaml->toPlainText();
}

void DetailsPane::updateActions()
{
    const bool exists = m_client && !m_key.isEmpty() && m_applications->rowOf(m_key) >= 0;
    for (QToolButton* b : {m_delete, m_rerun, m_clone, m_suspend, m_sparkUi, m_copy})
        b->setEnabled(exists);
    updateHistoryAction();
    if (!exists)
        return;
    const model::ApplicationSummary s = m_applications->summary(m_key);
    m_suspend->setText(s.suspend ? tr("Resume") : tr("Suspend"));
    using SparkUi = session::ApplicationDetails::SparkUiState;
    const SparkUi ui = m_session ? m_session->sparkUiState() : SparkUi::Off;
    m_sparkUi->setEnabled(s.state == QLatin1String("RUNNING") || s.state == QLatin1String("SUBMITTED") || ui != SparkUi::Off);
    m_sparkUi->setText(ui == SparkUi::Ready ? tr("Spark UI ✓") : tr("Spark UI"));
}

QStringList DetailsPane::kubectlCommands() const
{
    if (m_key.isEmpty())
        return {};
    const QString ns = m_key.section(QLatin1Char('/'), 0, 0);
    const QString name = m_key.section(QLatin1Char('/'), 1);
    const kube::KubectlCommand kubectl(m_kubeconfigFiles, m_context, ns);
    const QString driver = m_applications->rowOf(m_key) >= 0 ? m_applications->summary(m_key).driverPod : name + QStringLiteral("-driver");
    const QString ui = name + QStringLiteral("-ui-svc");
    return {kubectl.commandLine({QStringLiteral("get"), QStringLiteral("sparkapplication"), name, QStringLiteral("-o"), QStringLiteral("yaml")}),
            kubectl.commandLine({QStringLiteral("describe"), QStringLiteral("sparkapplication"), name}),
            kubectl.commandLine({QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("-l"),
                                 QStringLiteral("%1=%2").arg(QLatin1String(model::spark::kAppNameLabel), name)}),
            kubectl.commandLine({QStringLiteral("get"), QStringLiteral("events"), QStringLiteral("--field-selector"),
                                 QStringLiteral("involvedObject.name=") + name}),
            kubectl.commandLine({QStringLiteral("logs"), QStringLiteral("-f"), driver, QStringLiteral("-c"),
                                 QLatin1String(model::spark::kDriverContainer)}),
            kubectl.commandLine({QStringLiteral("port-forward"), QStringLiteral("svc/") + ui, QStringLiteral("4040:4040")}),
            kubectl.commandLine({QStringLiteral("delete"), QStringLiteral("sparkapplication"), name})};
}

void DetailsPane::deleteApplication(bool confirm)
{
    if (!m_actions || m_key.isEmpty())
        return;
    const QString key = m_key; // the application the user confirms, even if the selection moves meanwhile
    const QString ns = m_key.section(QLatin1Char('/'), 0, 0);
    const QString name = m_key.section(QLatin1Char('/'), 1);
    if (confirm
        && !confirmAction(this, tr("Delete SparkApplication"), tr("Delete %1 in namespace %2?").arg(name, ns), tr("Delete"),
                          tr("Its driver and executor pods are deleted too.")))
        return;
    m_actions->remove(session::ApplicationActions::Kind::Application, key, this, [this, ns, name](const kube::KubeError& error) {
        emit message(error.isError() ? tr("Could not delete %1/%2: %3").arg(ns, name, error.summary())
                                     : tr("Deleted %1/%2").arg(ns, name));
    });
}

void DetailsPane::rerun(bool confirm)
{
    if (!m_actions || !m_session || !m_session->exists())
        return;
    // The object the user asked to re-run: a replacement of the same name meanwhile is not touched.
    const QString uid = m_session->object().value(QLatin1String("metadata")).toObject().value(QLatin1String("uid")).toString();
    const QString key = m_key;
    if (confirm) {
        QMessageBox box(QMessageBox::Question, tr("Re-run SparkApplication"),
                        tr("Re-run %1?").arg(key), QMessageBox::Cancel, this);
        box.setInformativeText(tr("The operator has no re-run: SparkDeck deletes the application and creates it "
                                  "again with the same spec. The pods and the driver log of the current run are "
                                  "deleted with it."));
        QPushButton* saveAndRun = box.addButton(tr("Save the driver log, then re-run…"), QMessageBox::AcceptRole);
        saveAndRun->setObjectName(QStringLiteral("saveLogThenRerun"));
        QPushButton* run = box.addButton(tr("Re-run"), QMessageBox::DestructiveRole);
        run->setObjectName(QStringLiteral("rerunConfirm"));
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        if (box.clickedButton() == saveAndRun) {
            const QString path = QFileDialog::getSaveFileName(this, tr("Save the driver log of %1").arg(key),
                                                              QDir::home().filePath(key.section(QLatin1Char('/'), 1) + QStringLiteral("-driver.log")),
                                                              tr("Log files (*.log *.txt);;All files (*)"));
            if (path.isEmpty())
                return;
            QString error;
            if (!m_logs->saveTo(path, &error)) {
                QMessageBox::warning(this, tr("Re-run SparkApplication"), tr("%1\nThe application was not re-run.").arg(error));
                return;
            }
        } else if (box.clickedButton() != run) {
            return;
        }
        if (m_applications->rowOf(key) < 0) {
            emit message(tr("%1 was deleted while you were deciding: nothing to re-run").arg(key));
            return;
        }
        // The user confirmed re-running `key`: that is what runs, even if the selection moved meanwhile.
    }
    emit message(tr("Re-running %1: deleting the old run…").arg(key));
    emit rerunStarted(key);
    m_actions->rerun(key, uid, this, [this, key](const kube::KubeError& error) {
        emit message(error.isError() ? tr("Could not re-run %1: %2").arg(key, error.summary())
                                     : tr("Re-submitted %1 with the same spec").arg(key));
    });
}

void DetailsPane::setSuspended(bool suspended, bool confirm)
{
    if (!m_actions || m_key.isEmpty())
        return;
    const QString key = m_key; // the application the user confirms, even if the selection moves meanwhile
    const QString ns = m_key.section(QLatin1Char('/'), 0, 0);
    const QString name = m_key.section(QLatin1Char('/'), 1);
    if (suspended && confirm) {
        QMessageBox box(QMessageBox::Question, tr("Suspend SparkApplication"), tr("Suspend %1 in namespace %2?").arg(name, ns),
                        QMessageBox::Cancel, this);
        box.setInformativeText(tr("The operator stops it: a running driver and its executors are deleted, with the "
                                  "driver log of this run. Resume submits it again from the start."));
        QPushButton* yes = box.addButton(tr("Suspend"), QMessageBox::DestructiveRole);
        yes->setObjectName(QStringLiteral("suspendConfirm"));
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        if (box.clickedButton() != yes)
            return;
    }
    m_actions->setSuspended(session::ApplicationActions::Kind::Application, key, suspended, this, [this, ns, name, suspended](const kube::KubeError& error) {
                         if (error.isError())
                             emit message(tr("Could not %1 %2/%3: %4").arg(suspended ? tr("suspend") : tr("resume"), ns, name, error.summary()));
                         else
                             emit message(suspended ? tr("Suspending %1/%2").arg(ns, name) : tr("Resuming %1/%2").arg(ns, name));
                     });
}

void DetailsPane::cloneToEditor()
{
    if (!m_session)
        return;
    if (const QString yaml = m_session->cloneYaml(); !yaml.isEmpty())
        emit cloneRequested(yaml);
}

void DetailsPane::openSparkUi()
{
    if (m_key.isEmpty() || !m_session)
        return;
    if (m_session->sparkUiState() == session::ApplicationDetails::SparkUiState::Ready) {
        QDesktopServices::openUrl(m_session->sparkUiUrl());
        return;
    }
    dismissSparkUiProblem();
    m_session->setProperty("sparkdeckOpenSparkUi", true);
    if (m_session->sparkUiState() == session::ApplicationDetails::SparkUiState::Starting)
        return; // the Executors tab started it: sparkUiReady() follows
    emit message(tr("Starting kubectl port-forward to %1…").arg(m_session->sparkUiService()));
    m_session->startSparkUi(m_kubeconfigFiles, m_context);
}

QString DetailsPane::sparkUiProblem() const
{
    return m_sparkUiProblem->isHidden() ? QString() : m_sparkUiProblemText->text();
}

void DetailsPane::dismissSparkUiProblem()
{
    m_sparkUiProblem->hide();
    m_sparkUiProblemText->clear();
}

// The Executors tab and the Spark History Server (session::ExecutorsMonitor, session::HistoryServer).

void DetailsPane::addSparkUiExtras(QHBoxLayout* bar)
{
    m_executors = new ExecutorsView(m_tabs);
    m_tabs->addTab(m_executors, tr("Executors"));
    m_history = makeButton(tr("History Server"), tr("Open this finished application in the Spark History Server"), this);
    m_history->setObjectName(QStringLiteral("historyServerButton"));
    m_history->setPopupMode(QToolButton::MenuButtonPopup);
    auto* menu = new QMenu(m_history);
    menu->addAction(tr("Open in History Server"), this, &DetailsPane::openInHistoryServer);
    menu->addAction(tr("Set History Server URL…"), this, &DetailsPane::editHistoryServerUrl);
    m_history->setMenu(menu);
    connect(m_history, &QToolButton::clicked, this, &DetailsPane::openInHistoryServer);
    bar->insertWidget(bar->indexOf(m_copy), m_history);
    m_history->setEnabled(false);
}

void DetailsPane::updateHistoryAction()
{
    if (m_history)
        m_history->setEnabled(m_historyServer != nullptr);
}

void DetailsPane::openInHistoryServer()
{
    if (!m_historyServer || m_key.isEmpty())
        return;
    dismissSparkUiProblem();
    const QJsonObject status = m_session ? m_session->object().value(QLatin1String("status")).toObject() : QJsonObject();
    const QString appId = status.value(QLatin1String("sparkApplicationId")).toString();
    const QString state = status.value(QLatin1String("applicationState")).toObject().value(QLatin1String("state")).toString();
    auto problem = [this](const QString& text) {
        m_sparkUiProblemText->setText(tr("⚠ History Server: %1").arg(text));
        m_sparkUiProblem->show();
    };
    if (!model::spark::isTerminalState(state))
        return problem(tr("%1 has not finished (%2): the History Server shows finished applications. While it runs, use "
                          "Spark UI or the Executors tab.")
                           .arg(m_key, state.isEmpty() ? tr("no state yet") : state));
    if (appId.isEmpty())
        return problem(tr("%1 has no status.sparkApplicationId: Spark never started for it, so no History Server has it.").arg(m_key));
    const QString key = m_key;
    session::HistoryServer* server = m_historyServer;
    auto* guard = new QObject(this); // one answer per click
    connect(server, &session::HistoryServer::ready, guard, [this, guard, key, appId](const QUrl& base) {
        guard->deleteLater();
        const QUrl url = session::historyApplicationUrl(base, appId);
        emit message(tr("%1 in the Spark History Server: %2 (%3)").arg(key, url.toString(), m_historyServer->source()));
        emit historyServerPageReady(url);
        if (qEnvironmentVariableIsEmpty("SPARKDECK_NO_BROWSER"))
            QDesktopServices::openUrl(url);
    });
    connect(server, &session::HistoryServer::failed, guard, [guard, problem](const QString& why) {
        guard->deleteLater();
        problem(why);
    });
    connect(server, &QObject::destroyed, guard, [guard] { guard->deleteLater(); });
    emit message(tr("Looking for the Spark History Server of context %1…").arg(m_context));
    server->resolve(m_client);
}

void DetailsPane::editHistoryServerUrl()
{
    if (!m_historyServer)
        return;
    const QString context = m_historyServer->context();
    QString text = session::HistoryServer::configuredUrl(context).toString();
    for (;;) {
        bool ok = false;
        text = QInputDialog::getText(this, tr("Spark History Server"),
                                     tr("URL of the Spark History Server for context %1 (e.g. http://history.example.com:18080).\n"
                                        "Leave it empty to look for a history-server Service in the cluster instead.")
                                         .arg(context),
                                     QLineEdit::Normal, text, &ok);
        if (!ok)
            return;
        QString why;
        if (text.trimmed().isEmpty() || session::HistoryServer::isAcceptableUrl(text, &why))
            break;
        QMessageBox::warning(this, tr("Spark History Server"), why);
    }
    session::HistoryServer::setConfiguredUrl(context, QUrl(text.trimmed()));
    emit message(text.trimmed().isEmpty() ? tr("History Server of %1: looked for in the cluster").arg(context)
                                          : tr("History Server of %1: %2").arg(context, text.trimmed()));
}

} // namespace ui
