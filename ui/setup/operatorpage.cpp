#include "ui/setup/operatorpage.h"

#include "app/setup/setupsession.h"
#include "ui/setup/runpanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace ui {

OperatorPage::OperatorPage(setup::SetupSession* session, QWidget* parent)
    : SetupPage(session, tr("3. Spark Operator"), parent)
{
    setSubTitle(tr("Installs the Kubeflow Spark Operator with Helm and creates the namespaces your jobs will run in."));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_repo = new QLineEdit(QStringLiteral("https://kubeflow.github.io/spark-operator"), this);
    m_chart = new QComboBox(this);
    m_chart->setEditable(true);
    m_chart->addItem(QStringLiteral("spark-operator/spark-operator"));
    m_chart->setToolTip(tr("The chart from the repository, or the path of a chart directory on this machine"));
    m_chartVersion = new QLineEdit(this);
    m_chartVersion->setPlaceholderText(tr("latest 2.x"));
    m_release = new QLineEdit(QStringLiteral("spark-operator"), this);
    m_operatorNamespace = new QLineEdit(QStringLiteral("spark-operator"), this);
    m_jobNamespaces = new QLineEdit(QStringLiteral("default"), this);
    m_jobNamespaces->setToolTip(tr("spark.jobNamespaces: the operator ignores applications in other namespaces"));
    m_webhook = new QCheckBox(tr("Enable the webhook (needed for volumes, tolerations, affinity, env from Secrets ...)"), this);
    m_webhook->setChecked(true);
    form->addRow(tr("Helm repository"), m_repo);
    form->addRow(tr("Chart"), m_chart);
    form->addRow(tr("Chart version"), m_chartVersion);
    form->addRow(tr("Release"), m_release);
    form->addRow(tr("Operator namespace"), m_operatorNamespace);
    form->addRow(tr("Job namespaces"), m_jobNamespaces);
    form->addRow(QString(), m_webhook);
    layout->addLayout(form);
    m_releaseExists = new QLabel(this);
    m_upgrade = new QRadioButton(tr("Upgrade it with these settings"), this);
    m_keep = new QRadioButton(tr("Keep it as it is"), this);
    m_upgrade->setChecked(true);
    m_upgrade->hide();
    m_keep->hide();
    layout->addWidget(m_releaseExists);
    layout->addWidget(m_upgrade);
    layout->addWidget(m_keep);
    m_panel = new RunPanel(session->runner(setup::StepId::Operator), tr("Install"), this);
    layout->addWidget(m_panel, 1);
    connect(session, &setup::SetupSession::releaseProbed, this, [this](const QString& release, bool found) {
        m_releaseFound = found;
        m_releaseExists->setText(found ? tr("The release \"%1\" is already installed.").arg(release)
                                       : tr("No release \"%1\" yet: it will be installed.").arg(release));
        m_upgrade->setVisible(found);
        m_keep->setVisible(found);
        m_panel->runButton()->setText(found ? tr("Apply") : tr("Install"));
    });
    connect(m_panel, &RunPanel::runRequested, this, [this] {
        const setup::SetupOptions o = options();
        const QString problem = setup::validateOptions(o);
        if (!problem.isEmpty()) {
            QMessageBox::warning(this, tr("Spark Operator"), problem);
            return;
        }
        m_panel->run(setup::operatorStepCommands(o, m_releaseFound, m_keep->isChecked()));
    });
    connect(m_panel, &RunPanel::finished, this, &QWizardPage::completeChanged);
}

void OperatorPage::initializePage()
{
    session()->probeRelease(options());
}

void OperatorPage::fillOptions(setup::SetupOptions& o) const
{
    o.helmRepoUrl = m_repo->text().trimmed();
    o.chart = m_chart->currentText().trimmed();
    o.chartVersion = m_chartVersion->text().trimmed();
    o.release = m_release->text().trimmed();
    o.operatorNamespace = m_operatorNamespace->text().trimmed();
    o.jobNamespaces = splitList(m_jobNamespaces->text());
    o.webhook = m_webhook->isChecked();
}

void OperatorPage::applyOptions(const setup::SetupOptions& o)
{
    m_repo->setText(o.helmRepoUrl);
    m_chart->setCurrentText(o.chart);
    m_chartVersion->setText(o.chartVersion);
    m_release->setText(o.release);
    m_operatorNamespace->setText(o.operatorNamespace);
    m_jobNamespaces->setText(o.jobNamespaces.join(QStringLiteral(", ")));
    m_webhook->setChecked(o.webhook);
}

} // namespace ui
