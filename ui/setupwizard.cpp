#include "ui/setupwizard.h"

#include "app/setup/setupsession.h"
#include "ui/confirm.h"
#include "ui/setup/clusterpage.h"
#include "ui/setup/donepage.h"
#include "ui/setup/imagespage.h"
#include "ui/setup/operatorpage.h"
#include "ui/setup/prerequisitespage.h"
#include "ui/setup/serviceaccountpage.h"
#include "ui/setup/verifypage.h"

#include <QMessageBox>

namespace ui {

SetupWizard::SetupWizard(QWidget* parent)
    : QWizard(parent)
    , m_session(new setup::SetupSession(this))
{
    setWindowTitle(tr("Set up a Kind cluster for Spark"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::HaveHelpButton, false);
    resize(980, 720);
    m_prerequisites = new ui::PrerequisitesPage(m_session, this);
    m_done = new ui::DonePage(m_session, this);
    setPage(PrerequisitesPage, m_prerequisites);
    setPage(ClusterPage, new ui::ClusterPage(m_session, this));
    setPage(OperatorPage, new ui::OperatorPage(m_session, this));
    setPage(ServiceAccountPage, new ui::ServiceAccountPage(m_session, this));
    setPage(ImagesPage, new ui::ImagesPage(m_session, this));
    setPage(VerifyPage, new ui::VerifyPage(m_session, this));
    setPage(DonePage, m_done);
}

SetupPage* SetupWizard::setupPage(int id) const
{
    return qobject_cast<SetupPage*>(page(id));
}

RunPanel* SetupWizard::panel(PageId id) const
{
    SetupPage* p = setupPage(id);
    return p ? p->panel() : nullptr;
}

void SetupWizard::setPrerequisiteTimeout(int ms)
{
    m_prerequisites->setCheckTimeout(ms);
}

bool SetupWizard::validateCurrentPage()
{
    const int id = currentId();
    RunPanel* panel = this->panel(PageId(id));
    if (panel && panel->isRunning()) {
        QMessageBox::information(this, windowTitle(), tr("Wait for the step to finish, or cancel it first."));
        return false;
    }
    switch (id) {
    case PrerequisitesPage:
        if (!m_prerequisites->isReady()) {
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
    m_session->cancelAll();
    if (result == QDialog::Accepted) {
        if (m_done->switchContext())
            emit useContext(options().context());
        if (m_done->openEditor())
            emit openJobEditor();
    }
    m_session->removeKindConfig();
    QWizard::done(result);
}

bool SetupWizard::switchContext() const
{
    return m_done->switchContext();
}

bool SetupWizard::openEditor() const
{
    return m_done->openEditor();
}

setup::SetupOptions SetupWizard::options() const
{
    setup::SetupOptions o;
    for (int id : pageIds())
        if (SetupPage* p = setupPage(id))
            p->fillOptions(o);
    return o;
}

void SetupWizard::setOptions(const setup::SetupOptions& o)
{
    for (int id : pageIds())
        if (SetupPage* p = setupPage(id))
            p->applyOptions(o);
}

setup::StepRunner* SetupWizard::deleteCluster(QWidget* parent, const QString& name, bool confirm)
{
    if (confirm
        && !confirmAction(parent, tr("Delete Kind cluster"), tr("Delete the Kind cluster \"%1\"?").arg(name), tr("Delete"),
                          tr("Everything in it (applications, logs, the operator) is lost.")))
        return nullptr;
    return setup::SetupSession::deleteCluster(name, parent);
}

} // namespace ui
