#include "ui/setup/serviceaccountpage.h"

#include "app/setup/setupsession.h"
#include "ui/setup/runpanel.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace ui {

ServiceAccountPage::ServiceAccountPage(setup::SetupSession* session, QWidget* parent)
    : SetupPage(session, tr("4. Job namespaces and service account"), parent)
{
    setSubTitle(tr("Spark drivers run as a service account that must exist in each job namespace and may create pods."));
    auto* layout = new QVBoxLayout(this);
    m_accountStatus = new QLabel(this);
    m_accountStatus->setObjectName(QStringLiteral("accountStatus"));
    m_accountStatus->setWordWrap(true);
    layout->addWidget(m_accountStatus);
    m_panel = new RunPanel(session->runner(setup::StepId::ServiceAccount), tr("Check"), this);
    auto* repair = new QPushButton(tr("Repair"), this);
    repair->setObjectName(QStringLiteral("repairButton"));
    repair->setToolTip(tr("Create the service account, a Role that may manage pods, services and config maps, and the binding"));
    layout->addWidget(repair, 0, Qt::AlignLeft);
    layout->addWidget(m_panel, 1);
    connect(m_panel, &RunPanel::runRequested, this, [this] { m_panel->run(setup::probesFor(setup::StepId::ServiceAccount, options())); });
    connect(repair, &QPushButton::clicked, this, [this] {
        const setup::SetupOptions o = options();
        m_panel->run(setup::commandsFor(setup::StepId::ServiceAccount, o) + setup::probesFor(setup::StepId::ServiceAccount, o));
    });
    connect(m_panel, &RunPanel::finished, this, [this](const setup::StepResult& r) {
        const setup::SetupOptions o = options();
        const QString sa = o.serviceAccount();
        if (r.ok)
            m_accountStatus->setText(tr("✓ %1 may create pods in %2.").arg(sa, o.jobNamespaces.join(QStringLiteral(", "))));
        else if (!r.cancelled)
            m_accountStatus->setText(tr("✗ %1 cannot create pods in every job namespace (or does not exist). Press Repair.").arg(sa));
        emit completeChanged();
    });
}

void ServiceAccountPage::initializePage()
{
    m_panel->run(setup::probesFor(setup::StepId::ServiceAccount, options()));
}

} // namespace ui
