#include "ui/setupwizard.h"

#include "ui/confirm.h"
#include "models/sparkapplication.h"
#include "models/yamldocument.h"
#include "ui/yamleditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QEventLoop>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ui {

using setup::Command;
using setup::StepId;
using setup::StepResult;

namespace {

QStringList splitList(const QString& text)
{
    QStringList out;
    for (const QString& part : text.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts))
        out << part.trimmed();
    return out;
}

QLabel* note(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setOpenExternalLinks(true);
    return label;
}

} // namespace

// ---------------------------------------------------------------- RunPanel

RunPanel::RunPanel(const QString& runLabel, QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    m_run = new QPushButton(runLabel, this);
    m_run->setObjectName(QStringLiteral("runButton"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setTextVisible(true);
    m_status = new QLabel(this);
    bar->addWidget(m_run);
    bar->addWidget(m_cancel);
    bar->addWidget(m_progress, 1);
    bar->addWidget(m_status);
    layout->addLayout(bar);
    m_explanation = new QLabel(this);
    m_explanation->setObjectName(QStringLiteral("explanation"));
    m_explanation->setWordWrap(true);
    m_explanation->setTextFormat(Qt::RichText);
    m_explanation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_explanation->setStyleSheet(QStringLiteral("QLabel { background: #fff4e5; color: #663c00; border: 1px solid #ffd8a8; "
                                                "border-radius: 4px; padding: 6px; }"));
    m_explanation->hide();
    layout->addWidget(m_explanation);
    m_log = new QPlainTextEdit(this);
    m_log->setObjectName(QStringLiteral("commandLog"));
    m_log->setReadOnly(true);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setMaximumBlockCount(20'000);
    m_log->setPlaceholderText(tr("The commands this step runs, and their output, appear here."));
    layout->addWidget(m_log, 1);

    connect(m_run, &QPushButton::clicked, this, &RunPanel::runRequested);
    connect(m_cancel, &QPushButton::clicked, this, &RunPanel::cancel);
    connect(&m_runner, &setup::StepRunner::commandStarted, this, [this](const QString& display) {
        m_log->appendHtml(QStringLiteral("<b>%1</b>").arg(display.toHtmlEscaped()));
    });
    connect(&m_runner, &setup::StepRunner::line, this, [this](const QString& text, bool stderr) {
        if (stderr)
            m_log->appendHtml(QStringLiteral("<span style='color:#b26a00'>%1</span>").arg(text.toHtmlEscaped()));
        else
            m_log->appendPlainText(text);
    });
    connect(&m_runner, &setup::StepRunner::progress, this, [this](int done, int total) {
        m_progress->setRange(0, qMax(1, total));
        m_progress->setValue(done);
    });
    connect(&m_runner, &setup::StepRunner::finished, this, [this](const StepResult& r) {
        m_run->setEnabled(true);
        m_cancel->setEnabled(false);
        m_succeeded = r.ok;
        if (r.ok) {
            m_status->setText(tr("✓ Done"));
        } else if (r.cancelled) {
            m_status->setText(tr("Cancelled"));
            m_log->appendHtml(tr("<i>Cancelled: the command and everything it started were stopped. Run the step again "
                                 "when you are ready; it picks up what is already there.</i>"));
        } else {
            m_status->setText(tr("✗ Failed (exit code %1)").arg(r.exitCode));
            if (!r.explanation.title.isEmpty()) {
                m_explanation->setText(QStringLiteral("<b>%1</b><br>%2<br><b>%3</b> %4%5")
                                           .arg(r.explanation.title.toHtmlEscaped(), r.explanation.why.toHtmlEscaped(),
                                                tr("What to do:"), r.explanation.fix.toHtmlEscaped(),
                                                r.explanation.retry ? tr("<br><i>Retrying usually helps.</i>") : QString()));
            } else {
                m_explanation->setText(tr("<b>%1 failed.</b> Its output is below; fix what it says and run the step again.")
                                           .arg(r.failedCommand.display().toHtmlEscaped()));
            }
            m_explanation->show();
        }
        emit finished(r);
    });
}

void RunPanel::reset()
{
    m_log->clear();
    m_explanation->hide();
    m_status->clear();
    m_progress->reset();
    m_succeeded = false;
}

void RunPanel::run(const QList<Command>& commands)
{
    m_explanation->hide();
    m_status->setText(tr("Running…"));
    m_run->setEnabled(false);
    m_cancel->setEnabled(true);
    m_succeeded = false;
    m_runner.run(commands);
}

void RunPanel::setProgress(int done, int total)
{
    m_progress->setRange(0, qMax(1, total));
    m_progress->setValue(done);
}

void RunPanel::setSummary(const QString& status, const QString& explanationHtml)
{
    m_status->setText(status);
    m_explanation->setText(explanationHtml);
    m_explanation->setVisible(!explanationHtml.isEmpty());
}

void RunPanel::cancel()
{
    m_runner.cancel();
}

QString RunPanel::log() const
{
    return m_log->toPlainText();
}

QString RunPanel::explanation() const
{
    return m_explanation->isHidden() ? QString() : m_explanation->text();
}

// ---------------------------------------------------------------- SetupWizard

SetupWizard::SetupWizard(QWidget* parent)
    : QWizard(parent)
{
    setWindowTitle(tr("Set up a Kind cluster for Spark"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::HaveHelpButton, false);
    resize(980, 720);
    setPage(PrerequisitesPage, buildPrerequisites());
    setPage(ClusterPage, buildCluster());
    setPage(OperatorPage, buildOperator());
    setPage(ServiceAccountPage, buildServiceAccount());
    setPage(ImagesPage, buildImages());
    setPage(VerifyPage, buildVerify());
    setPage(DonePage, buildDone());
    updateKindConfig();
    m_configFile = QDir::tempPath() + QStringLiteral("/sparkdeck-kind-config-%1.yaml").arg(QCoreApplication::applicationPid());
}

RunPanel* SetupWizard::panel(PageId page) const
{
    return m_panels.value(page);
}

QWizardPage* SetupWizard::buildPrerequisites()
{
    auto* page = new QWizardPage(this);
    page->setTitle(tr("1. Prerequisites"));
    page->setSubTitle(tr("Kind runs Kubernetes in Docker containers. SparkDeck checks that Docker answers and that kind, "
                         "kubectl and helm are installed."));
    auto* layout = new QVBoxLayout(page);
    m_tools = new QTableWidget(4, 3, page);
    m_tools->setObjectName(QStringLiteral("toolsTable"));
    m_tools->setHorizontalHeaderLabels({tr("Tool"), tr("Status"), tr("Version / how to install")});
    m_tools->verticalHeader()->hide();
    m_tools->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tools->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tools->horizontalHeader()->setStretchLastSection(true);
    m_tools->setEditTriggers(QAbstractItemView::NoEditTriggers);
    const QStringList tools{QStringLiteral("docker"), QStringLiteral("kind"), QStringLiteral("kubectl"), QStringLiteral("helm")};
    for (int row = 0; row < tools.size(); ++row)
        m_tools->setItem(row, 0, new QTableWidgetItem(tools[row]));
    m_tools->setMaximumHeight(m_tools->verticalHeader()->defaultSectionSize() * 5 + 4);
    layout->addWidget(m_tools);
    m_resources = new QLabel(page);
    layout->addWidget(m_resources);
    auto* panel = new RunPanel(tr("Re-check"), page);
    m_panels.insert(PrerequisitesPage, panel);
    layout->addWidget(panel, 1);
    connect(panel, &RunPanel::runRequested, this, &SetupWizard::runPrerequisites);
    return page;
}

void SetupWizard::setPrerequisiteTimeout(int ms)
{
    m_checkTimeoutMs = ms;
}

void SetupWizard::runPrerequisites()
{
    // Each tool is checked on its own, so one missing tool does not hide the others. Every check
    // ends (found, missing, failed, no answer); Cancel ends the running one and starts no other.
    RunPanel* panel = m_panels.value(PrerequisitesPage);
    if (panel->isRunning())
        return;
    QList<Command> commands = setup::commandsFor(StepId::Prerequisites, options());
    for (Command& check : commands)
        check.timeoutMs = m_checkTimeoutMs;
    panel->reset();
    m_resources->clear();
    page(PrerequisitesPage)->setProperty("sparkdeckReady", false);
    for (int row = 0; row < m_tools->rowCount(); ++row) {
        m_tools->setItem(row, 1, new QTableWidgetItem(tr("checking…")));
        m_tools->setItem(row, 2, new QTableWidgetItem());
    }
    auto problems = std::make_shared<QStringList>();
    auto index = std::make_shared<int>(0);
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(panel, &RunPanel::finished, this, [this, panel, commands, problems, index, connection](const StepResult& r) {
        const int row = *index;
        const QString program = commands[row].program;
        if (r.cancelled) {
            disconnect(*connection);
            for (int rest = row; rest < m_tools->rowCount(); ++rest) {
                m_tools->setItem(rest, 1, new QTableWidgetItem(tr("– not checked")));
                m_tools->setItem(rest, 2, new QTableWidgetItem(tr("Cancelled. Press Re-check to check again.")));
            }
            panel->setSummary(tr("Cancelled"), QString());
            panel->setProgress(row, int(commands.size()));
            return;
        }
        // The command's own output: the log without its "$ command" line.
        const QString output = r.output.section(QLatin1Char('\n'), 1).trimmed();
        QString status;
        QString detail;
        switch (r.outcome) {
        case setup::Outcome::Succeeded:
            status = tr("✓ found");
            detail = output.section(QLatin1Char('\n'), 0, 0);
            break;
        case setup::Outcome::NotStarted:
            status = tr("✗ missing");
            detail = setup::installHint(program);
            break;
        case setup::Outcome::TimedOut:
            status = tr("✗ no answer");
            detail = r.explanation.title + QStringLiteral(": ") + r.explanation.fix;
            break;
        default:
            status = tr("✗ failed (exit code %1)").arg(r.exitCode);
            detail = r.explanation.title.isEmpty() ? output.section(QLatin1Char('\n'), 0, 0)
                                                   : r.explanation.title + QStringLiteral(": ") + r.explanation.fix;
            break;
        }
        auto* statusItem = new QTableWidgetItem(status);
        statusItem->setForeground(r.ok ? QColor(0x2e, 0x9e, 0x4f) : QColor(0xd9, 0x3b, 0x3b));
        m_tools->setItem(row, 1, statusItem);
        auto* detailItem = new QTableWidgetItem(detail);
        detailItem->setToolTip(r.ok || r.outcome == setup::Outcome::NotStarted ? detail : output);
        m_tools->setItem(row, 2, detailItem);
        if (!r.ok)
            *problems << program;
        ++*index;
        if (*index < commands.size()) {
            panel->run({commands[*index]});
            panel->setProgress(*index, int(commands.size())); // of all the checks, not of this one
            return;
        }
        disconnect(*connection);
        panel->setProgress(*index, int(commands.size()));
        const setup::Resources res = setup::machineResources();
        m_resources->setText(tr("This machine: %1 CPUs, %2 MiB memory free. A Kind cluster with Spark wants at least 2 CPUs and "
                                "4 GiB free.%3")
                                 .arg(res.cpus)
                                 .arg(res.freeMemoryMiB)
                                 .arg(res.freeMemoryMiB > 0 && res.freeMemoryMiB < 4096 ? tr(" ⚠ Memory is tight.") : QString()));
        if (problems->isEmpty())
            panel->setSummary(tr("✓ All found"), QString());
        else
            panel->setSummary(tr("✗ Not ready"),
                              tr("<b>Not ready: %1.</b> Install or fix what the table marks with ✗ (what to do is in its last "
                                 "column; the commands' output is below), then press Re-check.")
                                  .arg(problems->join(QStringLiteral(", ")).toHtmlEscaped()));
        page(PrerequisitesPage)->setProperty("sparkdeckReady", problems->isEmpty());
        emit page(PrerequisitesPage)->completeChanged();
    });
    panel->run({commands.first()});
    panel->setProgress(0, int(commands.size()));
}

QWizardPage* SetupWizard::buildCluster()
{
    auto* page = new QWizardPage(this);
    page->setTitle(tr("2. Cluster"));
    page->setSubTitle(tr("A Kind cluster on this machine: one control-plane node and the workers you ask for."));
    auto* layout = new QHBoxLayout(page);
    auto* left = new QVBoxLayout;
    auto* form = new QFormLayout;
    m_name = new QLineEdit(QStringLiteral("spark"), page);
    m_name->setObjectName(QStringLiteral("clusterName"));
    m_nodeImage = new QLineEdit(QStringLiteral("kindest/node:v1.34.0"), page);
    m_workers = new QSpinBox(page);
    m_workers->setRange(0, 10);
    m_workers->setValue(1);
    m_labels = new QLineEdit(page);
    m_labels->setPlaceholderText(QStringLiteral("type=spark-worker"));
    m_taints = new QLineEdit(page);
    m_taints->setPlaceholderText(QStringLiteral("type=spark-worker:NoSchedule"));
    m_ports = new QLineEdit(page);
    m_ports->setPlaceholderText(QStringLiteral("8080:30080"));
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Node image"), m_nodeImage);
    form->addRow(tr("Workers"), m_workers);
    form->addRow(tr("Worker labels"), m_labels);
    form->addRow(tr("Worker taints"), m_taints);
    form->addRow(tr("Port mappings"), m_ports);
    left->addLayout(form);
    m_clusterExists = new QLabel(page);
    m_clusterExists->setWordWrap(true);
    m_reuse = new QRadioButton(tr("Reuse the existing cluster"), page);
    m_recreate = new QRadioButton(tr("Delete it and create it again"), page);
    m_reuse->setChecked(true);
    left->addWidget(m_clusterExists);
    left->addWidget(m_reuse);
    left->addWidget(m_recreate);
    auto* panel = new RunPanel(tr("Create cluster"), page);
    m_panels.insert(ClusterPage, panel);
    left->addWidget(panel, 1);
    layout->addLayout(left, 3);
    auto* right = new QVBoxLayout;
    right->addWidget(new QLabel(tr("Kind configuration"), page));
    m_kindConfig = new YamlEditor(page);
    m_kindConfig->setObjectName(QStringLiteral("kindConfig"));
    m_kindConfig->setReadOnly(true);
    right->addWidget(m_kindConfig, 1);
    layout->addLayout(right, 2);
    for (QLineEdit* edit : {m_name, m_nodeImage, m_labels, m_taints, m_ports})
        connect(edit, &QLineEdit::textChanged, this, &SetupWizard::updateKindConfig);
    connect(m_workers, &QSpinBox::valueChanged, this, &SetupWizard::updateKindConfig);
    connect(m_name, &QLineEdit::editingFinished, this, &SetupWizard::probeCluster);
    connect(panel, &RunPanel::runRequested, this, [this, panel] {
        const QString problem = setup::validateOptions(options());
        if (!problem.isEmpty()) {
            QMessageBox::warning(this, tr("Cluster"), problem);
            return;
        }
        QList<Command> commands;
        if (m_clusterFound && m_reuse->isChecked()) {
            commands << Command{QStringLiteral("kind"), {QStringLiteral("get"), QStringLiteral("kubeconfig"), QStringLiteral("--name"),
                                                         m_name->text()},
                                {}};
        } else {
            if (m_clusterFound)
                commands << setup::commandsFor(StepId::DeleteCluster, options());
            commands << setup::commandsFor(StepId::Cluster, options(), writeKindConfig());
        }
        panel->run(commands);
    });
    connect(panel, &RunPanel::finished, page, &QWizardPage::completeChanged);
    return page;
}

QString SetupWizard::writeKindConfig()
{
    QFile f(m_configFile);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        f.write(setup::kindConfig(options()).toUtf8());
    return m_configFile;
}

void SetupWizard::updateKindConfig()
{
    m_kindConfig->setTextKeepingView(setup::kindConfig(options()));
}

void SetupWizard::probeCluster()
{
    auto* runner = new setup::CommandRunner(this);
    const QString name = m_name->text();
    connect(runner, &setup::CommandRunner::finished, this, [this, runner, name](int code) {
        runner->deleteLater();
        m_clusterFound = code == 0 && runner->standardOutput().split('\n').contains(name.toUtf8());
        m_clusterExists->setText(m_clusterFound ? tr("A Kind cluster named \"%1\" already exists.").arg(name)
                                                : tr("No Kind cluster named \"%1\" yet: it will be created.").arg(name));
        m_reuse->setVisible(m_clusterFound);
        m_recreate->setVisible(m_clusterFound);
        m_panels.value(ClusterPage)->runButton()->setText(m_clusterFound ? tr("Continue with it") : tr("Create cluster"));
    });
    runner->start(setup::probesFor(StepId::Cluster, options()).first());
}

QWizardPage* SetupWizard::buildOperator()
{
    auto* page = new QWizardPage(this);
    page->setTitle(tr("3. Spark Operator"));
    page->setSubTitle(tr("Installs the Kubeflow Spark Operator with Helm and creates the namespaces your jobs will run in."));
    auto* layout = new QVBoxLayout(page);
    auto* form = new QFormLayout;
    m_repo = new QLineEdit(QStringLiteral("https://kubeflow.github.io/spark-operator"), page);
    m_chart = new QComboBox(page);
    m_chart->setEditable(true);
    m_chart->addItem(QStringLiteral("spark-operator/spark-operator"));
    m_chart->setToolTip(tr("The chart from the repository, or the path of a chart directory on this machine"));
    m_chartVersion = new QLineEdit(page);
    m_chartVersion->setPlaceholderText(tr("latest 2.x"));
    m_release = new QLineEdit(QStringLiteral("spark-operator"), page);
    m_operatorNamespace = new QLineEdit(QStringLiteral("spark-operator"), page);
    m_jobNamespaces = new QLineEdit(QStringLiteral("default"), page);
    m_jobNamespaces->setToolTip(tr("spark.jobNamespaces: the operator ignores applications in other namespaces"));
    m_webhook = new QCheckBox(tr("Enable the webhook (needed for volumes, tolerations, affinity, env from Secrets ...)"), page);
    m_webhook->setChecked(true);
    form->addRow(tr("Helm repository"), m_repo);
    form->addRow(tr("Chart"), m_chart);
    form->addRow(tr("Chart version"), m_chartVersion);
    form->addRow(tr("Release"), m_release);
    form->addRow(tr("Operator namespace"), m_operatorNamespace);
    form->addRow(tr("Job namespaces"), m_jobNamespaces);
    form->addRow(QString(), m_webhook);
    layout->addLayout(form);
    m_releaseExists = new QLabel(page);
    m_upgrade = new QRadioButton(tr("Upgrade it with these settings"), page);
    m_keep = new QRadioButton(tr("Keep it as it is"), page);
    m_upgrade->setChecked(true);
    m_upgrade->hide();
    m_keep->hide();
    layout->addWidget(m_releaseExists);
    layout->addWidget(m_upgrade);
    layout->addWidget(m_keep);
    auto* panel = new RunPanel(tr("Install"), page);
    m_panels.insert(OperatorPage, panel);
    layout->addWidget(panel, 1);
    connect(panel, &RunPanel::runRequested, this, [this, panel] {
        const QString problem = setup::validateOptions(options());
        if (!problem.isEmpty()) {
            QMessageBox::warning(this, tr("Spark Operator"), problem);
            return;
        }
        if (m_releaseFound && m_keep->isChecked()) {
            panel->run(setup::probesFor(StepId::Operator, options()));
            return;
        }
        panel->run(setup::commandsFor(StepId::Operator, options()));
    });
    connect(panel, &RunPanel::finished, page, &QWizardPage::completeChanged);
    return page;
}

void SetupWizard::probeRelease()
{
    auto* runner = new setup::CommandRunner(this);
    connect(runner, &setup::CommandRunner::finished, this, [this, runner](int code) {
        runner->deleteLater();
        m_releaseFound = code == 0;
        m_releaseExists->setText(m_releaseFound ? tr("The release \"%1\" is already installed.").arg(m_release->text())
                                                : tr("No release \"%1\" yet: it will be installed.").arg(m_release->text()));
        m_upgrade->setVisible(m_releaseFound);
        m_keep->setVisible(m_releaseFound);
        m_panels.value(OperatorPage)->runButton()->setText(m_releaseFound ? tr("Apply") : tr("Install"));
    });
    runner->start(setup::probesFor(StepId::Operator, options()).first());
}

QWizardPage* SetupWizard::buildServiceAccount()
{
    auto* page = new QWizardPage(this);
    page->setTitle(tr("4. Job namespaces and service account"));
    page->setSubTitle(tr("Spark drivers run as a service account that must exist in each job namespace and may create pods."));
    auto* layout = new QVBoxLayout(page);
    m_accountStatus = new QLabel(page);
    m_accountStatus->setObjectName(QStringLiteral("accountStatus"));
    m_accountStatus->setWordWrap(true);
    layout->addWidget(m_accountStatus);
    auto* panel = new RunPanel(tr("Check"), page);
    m_panels.insert(ServiceAccountPage, panel);
    auto* repair = new QPushButton(tr("Repair"), page);
    repair->setObjectName(QStringLiteral("repairButton"));
    repair->setToolTip(tr("Create the service account, a Role that may manage pods, services and config maps, and the binding"));
    layout->addWidget(repair, 0, Qt::AlignLeft);
    layout->addWidget(panel, 1);
    connect(panel, &RunPanel::runRequested, this, [this, panel] { panel->run(setup::probesFor(StepId::ServiceAccount, options())); });
    connect(repair, &QPushButton::clicked, this, [this, panel] {
        panel->run(setup::commandsFor(StepId::ServiceAccount, options()) + setup::probesFor(StepId::ServiceAccount, options()));
    });
    connect(panel, &RunPanel::finished, this, [this, page](const StepResult& r) {
        const QString sa = options().serviceAccount();
        if (r.ok)
            m_accountStatus->setText(tr("✓ %1 may create pods in %2.").arg(sa, options().jobNamespaces.join(QStringLiteral(", "))));
        else if (!r.cancelled)
            m_accountStatus->setText(tr("✗ %1 cannot create pods in every job namespace (or does not exist). Press Repair.").arg(sa));
        emit page->completeChanged();
    });
    return page;
}

QWizardPage* SetupWizard::buildImages()
{
    auto* page = new QWizardPage(this);
    page->setTitle(tr("5. Images"));
    page->setSubTitle(tr("Load local Docker images into the cluster (Kind nodes cannot see this machine's images). Optional."));
    auto* layout = new QVBoxLayout(page);
    m_images = new QListWidget(page);
    m_images->setObjectName(QStringLiteral("imageList"));
    layout->addWidget(m_images, 1);
    auto* panel = new RunPanel(tr("Load selected"), page);
    m_panels.insert(ImagesPage, panel);
    layout->addWidget(panel, 2);
    connect(panel, &RunPanel::runRequested, this, [this, panel] { panel->run(setup::commandsFor(StepId::Images, options())); });
    return page;
}

QWizardPage* SetupWizard::buildVerify()
{
    auto* page = new QWizardPage(this);
    page->setTitle(tr("6. Verify"));
    page->setSubTitle(tr("The CRDs are served and the operator is ready; the smoke test runs SparkPi and waits for COMPLETED."));
    auto* layout = new QVBoxLayout(page);
    m_smoke = new QCheckBox(tr("Run the SparkPi smoke test (submits an application and shows its driver log)"), page);
    m_smoke->setChecked(true);
    layout->addWidget(m_smoke);
    auto* panel = new RunPanel(tr("Verify"), page);
    m_panels.insert(VerifyPage, panel);
    layout->addWidget(panel, 1);
    connect(panel, &RunPanel::runRequested, this, [this, panel] {
        QList<Command> commands = setup::commandsFor(StepId::Verify, options());
        if (m_smoke->isChecked()) {
            const setup::SetupOptions o = options();
            const QString ns = o.jobNamespaces.first();
            const QString name = QStringLiteral("sparkdeck-smoke-%1").arg(QDateTime::currentSecsSinceEpoch() % 100000);
            QString yaml;
            for (const model::Preset& p : model::presets())
                if (p.id == QLatin1String("spark-pi"))
                    yaml = p.yaml;
            model::YamlError error;
            auto doc = model::YamlDocument::parse(yaml, &error);
            if (doc) {
                doc->setValue(QStringLiteral("metadata.name"), model::ValueType::String, name);
                doc->setValue(QStringLiteral("metadata.namespace"), model::ValueType::String, ns);
                doc->setValue(QStringLiteral("spec.driver.serviceAccount"), model::ValueType::String, o.serviceAccount());
            }
            const QString context = QStringLiteral("--context=") + o.context();
            commands << Command{QStringLiteral("kubectl"), {context, QStringLiteral("create"), QStringLiteral("--filename=-")},
                                doc ? doc->toYaml().toUtf8() : QByteArray()}
                     << Command{QStringLiteral("kubectl"),
                                {context, QStringLiteral("wait"), QStringLiteral("--namespace"), ns,
                                 QStringLiteral("--for=jsonpath={.status.applicationState.state}=COMPLETED"),
                                 QStringLiteral("sparkapplication/") + name, QStringLiteral("--timeout=300s")},
                                {}}
                     << Command{QStringLiteral("kubectl"),
                                {context, QStringLiteral("logs"), QStringLiteral("--namespace"), ns, name + QStringLiteral("-driver"),
                                 QStringLiteral("--container=spark-kubernetes-driver"), QStringLiteral("--tail=30")},
                                {}};
        }
        panel->run(commands);
    });
    connect(panel, &RunPanel::finished, page, &QWizardPage::completeChanged);
    return page;
}

QWizardPage* SetupWizard::buildDone()
{
    auto* page = new QWizardPage(this);
    page->setTitle(tr("7. Done"));
    auto* layout = new QVBoxLayout(page);
    m_summary = note(QString(), page);
    layout->addWidget(m_summary);
    m_switch = new QCheckBox(page);
    m_switch->setChecked(true);
    m_editor = new QCheckBox(tr("Open the job editor"), page);
    m_editor->setChecked(true);
    layout->addWidget(m_switch);
    layout->addWidget(m_editor);
    layout->addStretch(1);
    return page;
}

void SetupWizard::initializePage(int id)
{
    QWizard::initializePage(id);
    switch (id) {
    case PrerequisitesPage:
        if (m_panels.value(PrerequisitesPage)->log().isEmpty())
            runPrerequisites();
        break;
    case ClusterPage:
        probeCluster();
        break;
    case OperatorPage:
        probeRelease();
        break;
    case ServiceAccountPage:
        m_panels.value(ServiceAccountPage)->run(setup::probesFor(StepId::ServiceAccount, options()));
        break;
    case ImagesPage: {
        m_images->clear();
        auto* runner = new setup::CommandRunner(this);
        connect(runner, &setup::CommandRunner::finished, this, [this, runner] {
            runner->deleteLater();
            for (const QByteArray& line : runner->standardOutput().split('\n')) {
                const QJsonObject image = QJsonDocument::fromJson(line).object();
                if (image.isEmpty())
                    continue;
                const QString ref = image.value(QLatin1String("Repository")).toString() + QLatin1Char(':')
                    + image.value(QLatin1String("Tag")).toString();
                if (ref.startsWith(QLatin1String("kindest/node")))
                    continue;
                auto* item = new QListWidgetItem(QStringLiteral("%1   (%2)").arg(ref, image.value(QLatin1String("Size")).toString()), m_images);
                item->setData(Qt::UserRole, ref);
                item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
                item->setCheckState(ref.startsWith(QLatin1String("spark")) ? Qt::Checked : Qt::Unchecked);
            }
        });
        runner->start(setup::probesFor(StepId::Images, options()).first());
        break;
    }
    case DonePage:
        m_switch->setText(tr("Switch SparkDeck to the context %1").arg(options().context()));
        m_summary->setText(tr("<p>The Kind cluster <b>%1</b> runs the Spark Operator (release <b>%2</b> in <b>%3</b>), watching "
                              "<b>%4</b>. Jobs use the service account <b>%5</b>.</p><p>Next: submit SparkPi from the job editor "
                              "and watch it in the Applications table.</p>")
                               .arg(options().clusterName, options().release, options().operatorNamespace,
                                    options().jobNamespaces.join(QStringLiteral(", ")), options().serviceAccount()));
        break;
    default:
        break;
    }
}

bool SetupWizard::validateCurrentPage()
{
    const int id = currentId();
    RunPanel* panel = m_panels.value(id);
    if (panel && panel->isRunning()) {
        QMessageBox::information(this, windowTitle(), tr("Wait for the step to finish, or cancel it first."));
        return false;
    }
    switch (id) {
    case PrerequisitesPage:
        if (!page(PrerequisitesPage)->property("sparkdeckReady").toBool()) {
            QMessageBox::warning(this, windowTitle(), tr("Install what is missing (see the hints), then press Re-check."));
            return false;
        }
        return true;
    case ClusterPage:
    case OperatorPage:
    case ServiceAccountPage:
    case VerifyPage:
        if (!panel->succeeded()) {
            QMessageBox::warning(this, windowTitle(), tr("Run this step first (or fix what it reported)."));
            return false;
        }
        return true;
    default:
        return true;
    }
}

void SetupWizard::done(int result)
{
    // Nothing the wizard started outlives it: the steps, and the probes of the cluster, the release
    // and the images.
    for (RunPanel* panel : std::as_const(m_panels))
        if (panel->isRunning())
            panel->cancel();
    for (setup::CommandRunner* probe : findChildren<setup::CommandRunner*>())
        probe->cancel();
    if (result == QDialog::Accepted) {
        if (m_switch->isChecked())
            emit useContext(options().context());
        if (m_editor->isChecked())
            emit openJobEditor();
    }
    QFile::remove(m_configFile);
    QWizard::done(result);
}

bool SetupWizard::switchContext() const
{
    return m_switch->isChecked();
}

bool SetupWizard::openEditor() const
{
    return m_editor->isChecked();
}

setup::SetupOptions SetupWizard::options() const
{
    setup::SetupOptions o;
    o.clusterName = m_name->text().trimmed();
    o.nodeImage = m_nodeImage->text().trimmed();
    o.workers = m_workers->value();
    o.workerLabels = splitList(m_labels->text());
    o.workerTaints = splitList(m_taints->text());
    o.portMappings = splitList(m_ports->text());
    o.helmRepoUrl = m_repo->text().trimmed();
    o.chart = m_chart->currentText().trimmed();
    o.chartVersion = m_chartVersion->text().trimmed();
    o.release = m_release->text().trimmed();
    o.operatorNamespace = m_operatorNamespace->text().trimmed();
    o.jobNamespaces = splitList(m_jobNamespaces->text());
    o.webhook = m_webhook->isChecked();
    for (int i = 0; m_images && i < m_images->count(); ++i)
        if (m_images->item(i)->checkState() == Qt::Checked)
            o.images << m_images->item(i)->data(Qt::UserRole).toString();
    o.smokeTest = !m_smoke || m_smoke->isChecked();
    return o;
}

void SetupWizard::setOptions(const setup::SetupOptions& o)
{
    m_name->setText(o.clusterName);
    m_nodeImage->setText(o.nodeImage);
    m_workers->setValue(o.workers);
    m_labels->setText(o.workerLabels.join(QStringLiteral(", ")));
    m_taints->setText(o.workerTaints.join(QStringLiteral(", ")));
    m_ports->setText(o.portMappings.join(QStringLiteral(", ")));
    m_repo->setText(o.helmRepoUrl);
    m_chart->setCurrentText(o.chart);
    m_chartVersion->setText(o.chartVersion);
    m_release->setText(o.release);
    m_operatorNamespace->setText(o.operatorNamespace);
    m_jobNamespaces->setText(o.jobNamespaces.join(QStringLiteral(", ")));
    m_webhook->setChecked(o.webhook);
    m_smoke->setChecked(o.smokeTest);
}

setup::StepResult SetupWizard::deleteCluster(QWidget* parent, const QString& name, bool confirm)
{
    if (confirm
        && !confirmAction(parent, tr("Delete Kind cluster"), tr("Delete the Kind cluster \"%1\"?").arg(name), tr("Delete"),
                          tr("Everything in it (applications, logs, the operator) is lost.")))
        return {};
    setup::SetupOptions o;
    o.clusterName = name;
    setup::StepRunner runner;
    StepResult result;
    bool finished = false;
    QObject::connect(&runner, &setup::StepRunner::finished, [&](const StepResult& r) {
        result = r;
        finished = true;
    });
    runner.run(setup::commandsFor(StepId::DeleteCluster, o));
    while (!finished)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    return result;
}

} // namespace ui
