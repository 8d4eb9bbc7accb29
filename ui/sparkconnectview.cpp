#include "ui/sparkconnectview.h"

#include "app/session/clustersession.h"
#include "app/session/sparkconnectsession.h"
#include "models/sparkconnectsmodel.h"
#include "ui/confirm.h"
#include "ui/logviewer.h"
#include "ui/yamleditor.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace ui {

namespace {

QString html(const QString& text)
{
    return text.toHtmlEscaped();
}

QString localTime(const QDateTime& t)
{
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QLocale::ShortFormat) : QString();
}

} // namespace

// --- SparkConnectCreateDialog ---

SparkConnectCreateDialog::SparkConnectCreateDialog(const QString& yaml, const QString& ns, const QString& context,
                                                   QWidget* parent)
    : QDialog(parent)
    , m_context(context)
{
    setWindowTitle(tr("Create a Spark Connect server"));
    auto* fields = new QFormLayout;
    m_name = new QLineEdit(this);
    m_ns = new QLineEdit(this);
    m_image = new QLineEdit(this);
    m_version = new QLineEdit(this);
    m_serverCores = new QSpinBox(this);
    m_serverCores->setRange(0, 256);
    m_serverMemory = new QLineEdit(this);
    m_serverMemory->setPlaceholderText(QStringLiteral("1g"));
    m_executorInstances = new QSpinBox(this);
    m_executorInstances->setRange(-1, 1000);
    m_executorCores = new QSpinBox(this);
    m_executorCores->setRange(0, 256);
    m_executorMemory = new QLineEdit(this);
    m_executorMemory->setPlaceholderText(QStringLiteral("512m"));
    fields->addRow(tr("Name"), m_name);
    fields->addRow(tr("Namespace"), m_ns);
    fields->addRow(tr("Image"), m_image);
    fields->addRow(tr("Spark version"), m_version);
    fields->addRow(tr("Server cores"), m_serverCores);
    fields->addRow(tr("Server memory"), m_serverMemory);
    fields->addRow(tr("Executor instances"), m_executorInstances);
    fields->addRow(tr("Executor cores"), m_executorCores);
    fields->addRow(tr("Executor memory"), m_executorMemory);
    auto* formBox = new QWidget(this);
    formBox->setLayout(fields);

    m_yaml = new YamlEditor(this);
    m_yaml->setObjectName(QStringLiteral("sparkConnectYaml"));
    auto* split = new QSplitter(this);
    split->addWidget(formBox);
    split->addWidget(m_yaml);
    split->setStretchFactor(1, 1);

    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_create = buttons->addButton(tr("Create"), QDialogButtonBox::AcceptRole);
    m_create->setObjectName(QStringLiteral("createSparkConnect"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_create, &QPushButton::clicked, this, [this] {
        const QStringList problems = model::validateSparkConnectForm(form());
        if (!m_yamlValid)
            return setError(tr("The YAML does not parse: correct the marked line."));
        if (!problems.isEmpty())
            return setError(problems.join(QLatin1Char('\n')));
        model::YamlError error;
        const auto doc = model::YamlDocument::parse(m_yaml->toPlainText(), &error);
        if (!doc)
            return setError(tr("The YAML does not parse: %1").arg(error.toString()));
        emit createRequested(doc->toJson());
    });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(900, 520);

    QString start = yaml;
    if (start.isEmpty()) {
        start = model::sparkConnectTemplate();
        model::YamlError error;
        if (auto doc = model::YamlDocument::parse(start, &error); doc && !ns.isEmpty()) {
            model::SparkConnectForm f = model::sparkConnectFormOf(*doc);
            f.ns = ns;
            model::applySparkConnectForm(*doc, f);
            start = doc->toYaml();
        }
    }
    m_yaml->setPlainText(start);
    yamlEdited();

    for (QLineEdit* edit : {m_name, m_ns, m_image, m_version, m_serverMemory, m_executorMemory})
        connect(edit, &QLineEdit::textEdited, this, &SparkConnectCreateDialog::formEdited);
    for (QSpinBox* box : {m_serverCores, m_executorInstances, m_executorCores})
        connect(box, &QSpinBox::valueChanged, this, &SparkConnectCreateDialog::formEdited);
    connect(m_yaml, &QPlainTextEdit::textChanged, this, &SparkConnectCreateDialog::yamlEdited);
}

QString SparkConnectCreateDialog::yaml() const
{
    return m_yaml->toPlainText();
}

model::SparkConnectForm SparkConnectCreateDialog::form() const
{
    model::SparkConnectForm f;
    f.name = m_name->text().trimmed();
    f.ns = m_ns->text().trimmed();
    f.image = m_image->text().trimmed();
    f.sparkVersion = m_version->text().trimmed();
    f.serverCores = m_serverCores->value();
    f.serverMemory = m_serverMemory->text().trimmed();
    f.executorInstances = m_executorInstances->value();
    f.executorCores = m_executorCores->value();
    f.executorMemory = m_executorMemory->text().trimmed();
    return f;
}

void SparkConnectCreateDialog::formEdited()
{
    if (m_syncing)
        return;
    model::YamlError error;
    auto doc = model::YamlDocument::parse(m_yaml->toPlainText(), &error);
    if (!doc) {
        m_error = tr("The YAML does not parse, so the form cannot fill it in: correct the marked line first.");
        updateMessage();
        return;
    }
    model::applySparkConnectForm(*doc, form());
    m_syncing = true;
    m_yaml->setTextKeepingView(doc->toYaml());
    m_syncing = false;
    m_error.clear();
    updateMessage();
}

void SparkConnectCreateDialog::yamlEdited()
{
    if (m_syncing)
        return;
    model::YamlError error;
    const auto doc = model::YamlDocument::parse(m_yaml->toPlainText(), &error);
    m_yamlValid = doc.has_value();
    if (!doc) {
        m_yaml->setError(error.line, error.column, error.message);
        m_error = tr("The YAML does not parse: %1").arg(error.toString());
        updateMessage();
        return;
    }
    m_yaml->clearError();
    m_syncing = true;
    fillForm(model::sparkConnectFormOf(*doc));
    m_syncing = false;
    m_error.clear();
    updateMessage();
}

void SparkConnectCreateDialog::fillForm(const model::SparkConnectForm& f)
{
    auto setText = [](QLineEdit* edit, const QString& text) {
        if (edit->text() != text)
            edit->setText(text);
    };
    setText(m_name, f.name);
    setText(m_ns, f.ns);
    setText(m_image, f.image);
    setText(m_version, f.sparkVersion);
    m_serverCores->setValue(f.serverCores);
    setText(m_serverMemory, f.serverMemory);
    m_executorInstances->setValue(f.executorInstances);
    m_executorCores->setValue(f.executorCores);
    setText(m_executorMemory, f.executorMemory);
}

void SparkConnectCreateDialog::updateMessage()
{
    if (!m_error.isEmpty()) {
        m_message->setText(m_error);
        return;
    }
    const model::SparkConnectForm f = form();
    const QString where = m_context.isEmpty() ? f.ns : tr("%1 on %2").arg(f.ns, m_context);
    m_message->setText(tr("Create makes the SparkConnect %1 in namespace %2; the Spark Operator then starts the server pod "
                          "%1-server (%3 cores, %4), the Service %1-server (Spark Connect on port %5) and %6 executor(s).")
                           .arg(f.name, where)
                           .arg(f.serverCores)
                           .arg(f.serverMemory.isEmpty() ? tr("Spark's default memory") : f.serverMemory)
                           .arg(model::sparkconnect::kPort)
                           .arg(f.executorInstances));
}

QString SparkConnectCreateDialog::messageText() const
{
    return m_message->text();
}

void SparkConnectCreateDialog::setError(const QString& message)
{
    m_error = message;
    setBusy(false);
    updateMessage();
}

void SparkConnectCreateDialog::setBusy(bool busy)
{
    m_create->setEnabled(!busy);
}

// --- SparkConnectView ---

SparkConnectView::SparkConnectView(QWidget* parent)
    : QWidget(parent)
{
    m_stack = new QStackedWidget(this);

    auto* messagePage = new QWidget(m_stack);
    m_messageLabel = new QLabel(messagePage);
    m_messageLabel->setObjectName(QStringLiteral("sparkConnectMessage"));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setAlignment(Qt::AlignCenter);
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_checkAgain = new QPushButton(tr("Check again"), messagePage);
    auto* messageLayout = new QVBoxLayout(messagePage);
    messageLayout->addStretch();
    messageLayout->addWidget(m_messageLabel);
    messageLayout->addWidget(m_checkAgain, 0, Qt::AlignCenter);
    messageLayout->addStretch();
    connect(m_checkAgain, &QPushButton::clicked, this, [this] {
        if (m_session)
            m_session->start();
    });

    auto* listPage = new QWidget(m_stack);
    m_createButton = new QPushButton(tr("Create…"), listPage);
    m_deleteButton = new QPushButton(tr("Delete…"), listPage);
    m_connectButton = new QPushButton(tr("Connect"), listPage);
    m_connectButton->setToolTip(tr("Forwards a local port to the server's Spark Connect port %1 and copies "
                                   "sc://localhost:PORT to the clipboard")
                                    .arg(model::sparkconnect::kPort));
    m_status = new QLabel(listPage);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_createButton);
    buttons->addWidget(m_deleteButton);
    buttons->addWidget(m_connectButton);
    buttons->addWidget(m_status, 1);

    m_listProblem = new QLabel(listPage);
    m_listProblem->setWordWrap(true);
    m_listProblem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_listProblem->hide();
    m_table = new QTableView(listPage);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSortRole(model::InformerTableModel::SortRole);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);

    m_details = new QTextBrowser(listPage);
    m_details->setObjectName(QStringLiteral("sparkConnectDetails"));
    m_log = new LogViewer(listPage);
    auto* lower = new QTabWidget(listPage);
    lower->setDocumentMode(true);
    lower->addTab(m_details, tr("Details"));
    lower->addTab(m_log, tr("Server log"));

    auto* split = new QSplitter(Qt::Vertical, listPage);
    split->addWidget(m_table);
    split->addWidget(lower);
    split->setStretchFactor(1, 2);
    auto* listLayout = new QVBoxLayout(listPage);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addLayout(buttons);
    listLayout->addWidget(m_listProblem);
    listLayout->addWidget(split, 1);

    m_stack->addWidget(messagePage);
    m_stack->addWidget(listPage);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    connect(m_createButton, &QPushButton::clicked, this, &SparkConnectView::openCreateDialog);
    connect(m_deleteButton, &QPushButton::clicked, this, &SparkConnectView::deleteSelected);
    connect(m_connectButton, &QPushButton::clicked, this, &SparkConnectView::connectSelected);
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &SparkConnectView::updateDetails);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_pendingKey.isEmpty() && selectKey(m_pendingKey))
            m_pendingKey.clear();
    });
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &SparkConnectView::selectionChanged);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &SparkConnectView::selectionChanged);
    updateAvailability();
}

SparkConnectView::~SparkConnectView() = default;

session::SparkConnectSession* SparkConnectView::sparkConnects() const
{
    return m_session;
}

void SparkConnectView::setSession(session::ClusterSession* cluster)
{
    if (m_table->selectionModel())
        disconnect(m_table->selectionModel(), nullptr, this, nullptr);
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_cluster = cluster;
    m_session = cluster ? new session::SparkConnectSession(cluster, cluster) : nullptr;
    m_proxy->setSourceModel(m_session ? m_session->model() : nullptr);
    m_log->setClient(cluster ? cluster->client() : nullptr);
    m_logHint = QStringLiteral("-");
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SparkConnectView::selectionChanged);
    if (m_session) {
        connect(m_session, &session::SparkConnectSession::availabilityChanged, this, &SparkConnectView::updateAvailability);
        connect(m_session, &session::SparkConnectSession::listStateChanged, this, [this] {
            const QString problem = m_session ? m_session->listProblem() : QString();
            m_listProblem->setText(problem);
            m_listProblem->setVisible(!problem.isEmpty());
        });
        connect(cluster, &session::ClusterSession::clientChanged, this,
                [this](kube::KubeClient* client) { m_log->setClient(client); });
        connect(m_session, &session::SparkConnectSession::connectReady, this, [this](const QString& key, const QString& url) {
            QGuiApplication::clipboard()->setText(url);
            setStatus(tr("Copied %1 to the clipboard: %2's Spark Connect server is forwarded there while SparkDeck runs. "
                         "In PySpark: SparkSession.builder.remote(\"%1\").getOrCreate()")
                          .arg(url, key));
        });
        connect(m_session, &session::SparkConnectSession::connectFailed, this,
                [this](const QString& key, const kube::KubeError& error) {
                    setStatus(tr("Could not forward port %1 of %2: %3").arg(model::sparkconnect::kPort).arg(key, error.message));
                });
        if (isVisible())
            m_session->start();
    }
    updateAvailability();
    selectionChanged();
}

void SparkConnectView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_session && m_session->availability() == session::SparkConnectSession::Availability::Unknown)
        m_session->start();
}

void SparkConnectView::updateAvailability()
{
    using A = session::SparkConnectSession::Availability;
    const A a = m_session ? m_session->availability() : A::Unknown;
    if (!m_session) {
        m_messageLabel->setText(tr("Not connected to a cluster."));
        m_checkAgain->hide();
        m_stack->setCurrentIndex(0);
        return;
    }
    switch (a) {
    case A::Served:
        m_stack->setCurrentIndex(1);
        break;
    case A::Unknown:
    case A::Checking:
        m_messageLabel->setText(tr("Asking the cluster whether it serves SparkConnect…"));
        m_checkAgain->hide();
        m_stack->setCurrentIndex(0);
        break;
    case A::NotServed:
    case A::Error:
        m_messageLabel->setText(m_session->message());
        m_checkAgain->show();
        m_stack->setCurrentIndex(0);
        break;
    }
    updateButtons();
}

bool SparkConnectView::selectKey(const QString& key)
{
    if (!m_session)
        return false;
    const int row = m_session->model()->rowOf(key);
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_session->model()->index(row, 0));
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    return true;
}

QString SparkConnectView::selectedKey() const
{
    if (!m_table->selectionModel())
        return {};
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(model::InformerTableModel::KeyRole).toString();
}

void SparkConnectView::selectionChanged()
{
    updateDetails();
    updateButtons();
}

void SparkConnectView::updateButtons()
{
    const bool served = m_session && m_session->availability() == session::SparkConnectSession::Availability::Served;
    const QString key = selectedKey();
    m_createButton->setEnabled(served);
    m_deleteButton->setEnabled(served && !key.isEmpty());
    const bool ready = served && !key.isEmpty() && m_session->model()->summary(key).state == QLatin1String("Ready");
    m_connectButton->setEnabled(ready);
    m_connectButton->setToolTip(ready || key.isEmpty() ? m_connectButton->toolTip()
                                                       : tr("Connect needs the server to be Ready."));
}

void SparkConnectView::updateDetails()
{
    const QString key = selectedKey();
    if (!m_session || key.isEmpty()) {
        m_detailsHtml.clear();
        m_details->setHtml(QStringLiteral("<p>%1</p>").arg(html(tr("Select a SparkConnect to see its server, conditions and executors."))));
        clearLog(tr("Select a SparkConnect to read its server's log."));
        return;
    }
    const model::SparkConnectSummary s = m_session->model()->summary(key);
    QString h;
    auto row = [&h](const QString& label, const QString& value) {
        if (!value.isEmpty())
            h += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(html(label), html(value));
    };
    h += QStringLiteral("<h3>%1</h3><table cellspacing='4'>").arg(html(key));
    row(tr("Status"), model::sparkConnectStateText(s));
    row(QString(), model::sparkConnectStateHint(s));
    row(tr("Server pod"), s.serverPodIp.isEmpty() ? s.serverPod : tr("%1 (%2)").arg(s.serverPod, s.serverPodIp));
    row(tr("Service"), s.serverService.isEmpty() ? QString()
                                                 : tr("%1, Spark Connect on port %2").arg(s.serverService).arg(model::sparkconnect::kPort));
    row(tr("Executors"), model::sparkConnectExecutorsText(s.executors));
    row(tr("Connect"), m_session->connectUrl(key));
    row(tr("Spark"), s.sparkVersion);
    row(tr("Image"), s.image);
    const auto cores = [](int n) { return n == 1 ? tr("1 core") : tr("%1 cores").arg(n); };
    row(tr("Server"), tr("%1, %2").arg(cores(s.serverCores), s.serverMemory.isEmpty() ? tr("default memory") : s.serverMemory));
    row(tr("Executor spec"), tr("%1 × %2, %3")
                                 .arg(s.executorInstances < 0 ? tr("default") : QString::number(s.executorInstances),
                                      cores(s.executorCores),
                                      s.executorMemory.isEmpty() ? tr("default memory") : s.executorMemory));
    row(tr("Started"), localTime(s.startTime));
    row(tr("Last update"), localTime(s.lastUpdate));
    h += QStringLiteral("</table>");
    if (!s.conditions.isEmpty()) {
        h += QStringLiteral("<h4>%1</h4><table cellspacing='4'><tr><th align='left'>%2</th><th align='left'>%3</th>"
                            "<th align='left'>%4</th><th align='left'>%5</th><th align='left'>%6</th></tr>")
                 .arg(html(tr("Conditions")), html(tr("Type")), html(tr("Status")), html(tr("Reason")), html(tr("Message")),
                      html(tr("Since")));
        for (const model::SparkConnectCondition& c : s.conditions)
            h += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td></tr>")
                     .arg(html(c.type), html(c.status), html(c.reason), html(c.message), html(localTime(c.lastTransition)));
        h += QStringLiteral("</table>");
    }
    if (h != m_detailsHtml) { // the model refreshes its Age column every second
        const int scroll = m_details->verticalScrollBar()->value();
        m_detailsHtml = h;
        m_details->setHtml(h);
        m_details->verticalScrollBar()->setValue(scroll);
    }
    if (s.serverPod.isEmpty())
        clearLog(tr("The operator has not created the server pod yet."));
    else
        m_log->follow(s.ns, s.serverPod, QString::fromLatin1(model::sparkconnect::kServerContainer));
    updateButtons();
}

void SparkConnectView::clearLog(const QString& hint)
{
    if (m_log->target().isEmpty() && hint == m_logHint)
        return;
    m_logHint = hint;
    m_log->clear(hint);
}

QString SparkConnectView::detailsText() const
{
    return m_details->toPlainText();
}

QString SparkConnectView::messageText() const
{
    return m_stack->currentIndex() == 0 ? m_messageLabel->text() : QString();
}

bool SparkConnectView::showsMessage() const
{
    return m_stack->currentIndex() == 0;
}

QString SparkConnectView::statusText() const
{
    return m_status->text();
}

QString SparkConnectView::listProblemText() const
{
    return m_listProblem->isVisible() ? m_listProblem->text() : QString();
}

void SparkConnectView::setStatus(const QString& text)
{
    m_status->setText(text);
    emit message(text);
    updateDetails();
}

SparkConnectCreateDialog* SparkConnectView::openCreateDialog()
{
    if (m_dialog) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return m_dialog;
    }
    const QString ns = m_cluster && !m_cluster->watchedNamespace().isEmpty() ? m_cluster->watchedNamespace()
                                                                              : QStringLiteral("default");
    auto* dialog = new SparkConnectCreateDialog(m_draft, ns, m_cluster ? m_cluster->context() : QString(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    connect(dialog, &QDialog::rejected, this, [this, dialog] { m_draft = dialog->yaml(); });
    connect(dialog, &SparkConnectCreateDialog::createRequested, this, [this, dialog](const QJsonObject& object) {
        if (!m_session)
            return dialog->setError(tr("Not connected to a cluster."));
        dialog->setBusy(true);
        QPointer<SparkConnectCreateDialog> guard(dialog);
        m_session->create(object, dialog, [this, guard](const kube::SubmitResult& result) {
            if (!guard)
                return;
            if (!result.status) {
                guard->setError(tr("The cluster did not create it: %1").arg(result.status.error().message));
                return;
            }
            const QJsonObject meta = result.object.value(QLatin1String("metadata")).toObject();
            const QString key = meta.value(QLatin1String("namespace")).toString() + QLatin1Char('/')
                + meta.value(QLatin1String("name")).toString();
            m_draft.clear();
            setStatus(tr("Created %1: the operator starts its server now.").arg(key)
                      + (result.warnings.isEmpty() ? QString() : QStringLiteral(" ") + result.warnings.join(QLatin1Char(' '))));
            if (!selectKey(key))
                m_pendingKey = key;
            guard->accept();
        });
    });
    dialog->open();
    return dialog;
}

void SparkConnectView::deleteSelected()
{
    const QString key = selectedKey();
    if (!m_session || key.isEmpty())
        return;
    const model::SparkConnectSummary s = m_session->model()->summary(key);
    const QString pod = s.serverPod.isEmpty() ? s.name + QStringLiteral("-server") : s.serverPod;
    const QString service = s.serverService.isEmpty() ? s.name + QStringLiteral("-server") : s.serverService;
    const QString details =
        tr("This deletes the SparkConnect %1 and with it the server pod %2, the Service %3 and the server's executors "
           "(%4). Clients connected to it lose their sessions and what they cached. It cannot be undone.")
            .arg(key, pod, service, model::sparkConnectExecutorsText(s.executors));
    if (!confirmAction(this, tr("Delete SparkConnect"), tr("Delete the Spark Connect server %1?").arg(key), tr("Delete"), details))
        return;
    m_session->remove(key, s.uid, this, [this, key](const kube::Status& status) {
        setStatus(status ? tr("Deleted %1.").arg(key) : tr("Could not delete %1: %2").arg(key, status.error().message));
    });
}

void SparkConnectView::connectSelected()
{
    const QString key = selectedKey();
    if (!m_session || key.isEmpty())
        return;
    setStatus(tr("Forwarding port %1 of %2…").arg(model::sparkconnect::kPort).arg(key));
    m_session->connectTo(key);
}

} // namespace ui
