#include "ui/setup/clusterpage.h"

#include "app/setup/setupsession.h"
#include "ui/setup/runpanel.h"
#include "ui/yamleditor.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ui {

ClusterPage::ClusterPage(setup::SetupSession* session, QWidget* parent)
    : SetupPage(session, tr("2. Cluster"), parent)
{
    setSubTitle(tr("A Kind cluster on this machine: one control-plane node and the workers you ask for."));
    auto* layout = new QHBoxLayout(this);
    auto* left = new QVBoxLayout;
    auto* form = new QFormLayout;
    m_name = new QLineEdit(QStringLiteral("spark"), this);
    m_name->setObjectName(QStringLiteral("clusterName"));
    m_nodeImage = new QLineEdit(QStringLiteral("kindest/node:v1.34.0"), this);
    m_workers = new QSpinBox(this);
    m_workers->setRange(0, 10);
    m_workers->setValue(1);
    m_labels = new QLineEdit(this);
    m_labels->setPlaceholderText(QStringLiteral("type=spark-worker"));
    m_taints = new QLineEdit(this);
    m_taints->setPlaceholderText(QStringLiteral("type=spark-worker:NoSchedule"));
    m_ports = new QLineEdit(this);
    m_ports->setPlaceholderText(QStringLiteral("8080:30080"));
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Node image"), m_nodeImage);
    form->addRow(tr("Workers"), m_workers);
    form->addRow(tr("Worker labels"), m_labels);
    form->addRow(tr("Worker taints"), m_taints);
    form->addRow(tr("Port mappings"), m_ports);
    left->addLayout(form);
    m_clusterExists = new QLabel(this);
    m_clusterExists->setWordWrap(true);
    m_reuse = new QRadioButton(tr("Reuse the existing cluster"), this);
    m_recreate = new QRadioButton(tr("Delete it and create it again"), this);
    m_reuse->setChecked(true);
    left->addWidget(m_clusterExists);
    left->addWidget(m_reuse);
    left->addWidget(m_recreate);
    m_panel = new RunPanel(session->runner(setup::StepId::Cluster), tr("Create cluster"), this);
    left->addWidget(m_panel, 1);
    layout->addLayout(left, 3);
    auto* right = new QVBoxLayout;
    right->addWidget(new QLabel(tr("Kind configuration"), this));
    m_kindConfig = new YamlEditor(this);
    m_kindConfig->setObjectName(QStringLiteral("kindConfig"));
    m_kindConfig->setReadOnly(true);
    right->addWidget(m_kindConfig, 1);
    layout->addLayout(right, 2);
    for (QLineEdit* edit : {m_name, m_nodeImage, m_labels, m_taints, m_ports})
        connect(edit, &QLineEdit::textChanged, this, &ClusterPage::updateKindConfig);
    connect(m_workers, &QSpinBox::valueChanged, this, &ClusterPage::updateKindConfig);
    connect(m_name, &QLineEdit::editingFinished, this, &ClusterPage::probe);
    connect(session, &setup::SetupSession::clusterProbed, this, [this](const QString& name, bool found) {
        m_clusterFound = found;
        m_clusterExists->setText(found ? tr("A Kind cluster named \"%1\" already exists.").arg(name)
                                       : tr("No Kind cluster named \"%1\" yet: it will be created.").arg(name));
        m_reuse->setVisible(found);
        m_recreate->setVisible(found);
        m_panel->runButton()->setText(found ? tr("Continue with it") : tr("Create cluster"));
    });
    connect(m_panel, &RunPanel::runRequested, this, [this] {
        const setup::SetupOptions o = options();
        const QString problem = setup::validateOptions(o);
        if (!problem.isEmpty()) {
            QMessageBox::warning(this, tr("Cluster"), problem);
            return;
        }
        const bool reuse = m_clusterFound && m_reuse->isChecked();
        m_panel->run(setup::clusterStepCommands(o, m_clusterFound, reuse, reuse ? QString() : this->session()->writeKindConfig(o)));
    });
    connect(m_panel, &RunPanel::finished, this, &QWizardPage::completeChanged);
    updateKindConfig();
}

void ClusterPage::initializePage()
{
    probe();
}

void ClusterPage::probe()
{
    setup::SetupOptions o = options();
    o.clusterName = m_name->text();
    session()->probeCluster(o);
}

void ClusterPage::updateKindConfig()
{
    m_kindConfig->setTextKeepingView(setup::kindConfig(options()));
}

void ClusterPage::fillOptions(setup::SetupOptions& o) const
{
    o.clusterName = m_name->text().trimmed();
    o.nodeImage = m_nodeImage->text().trimmed();
    o.workers = m_workers->value();
    o.workerLabels = splitList(m_labels->text());
    o.workerTaints = splitList(m_taints->text());
    o.portMappings = splitList(m_ports->text());
}

void ClusterPage::applyOptions(const setup::SetupOptions& o)
{
    m_name->setText(o.clusterName);
    m_nodeImage->setText(o.nodeImage);
    m_workers->setValue(o.workers);
    m_labels->setText(o.workerLabels.join(QStringLiteral(", ")));
    m_taints->setText(o.workerTaints.join(QStringLiteral(", ")));
    m_ports->setText(o.portMappings.join(QStringLiteral(", ")));
}

} // namespace ui
