#include "ui/setup/imagespage.h"

#include "app/setup/setupsession.h"
#include "ui/setup/runpanel.h"

#include <QListWidget>
#include <QVBoxLayout>

namespace ui {

ImagesPage::ImagesPage(setup::SetupSession* session, QWidget* parent)
    : SetupPage(session, tr("5. Images"), parent)
{
    setSubTitle(tr("Load local Docker images into the cluster (Kind nodes cannot see this machine's images). Optional."));
    auto* layout = new QVBoxLayout(this);
    m_images = new QListWidget(this);
    m_images->setObjectName(QStringLiteral("imageList"));
    layout->addWidget(m_images, 1);
    m_panel = new RunPanel(session->runner(setup::StepId::Images), tr("Load selected"), this);
    layout->addWidget(m_panel, 2);
    connect(m_panel, &RunPanel::runRequested, this, [this] { m_panel->run(setup::commandsFor(setup::StepId::Images, options())); });
    connect(session, &setup::SetupSession::imagesListed, this, [this](const QList<setup::LocalImage>& images) {
        m_images->clear();
        for (const setup::LocalImage& image : images) {
            auto* item = new QListWidgetItem(QStringLiteral("%1   (%2)").arg(image.reference, image.size), m_images);
            item->setData(Qt::UserRole, image.reference);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(image.suggested ? Qt::Checked : Qt::Unchecked);
        }
    });
}

void ImagesPage::initializePage()
{
    m_images->clear();
    session()->listImages(options());
}

void ImagesPage::fillOptions(setup::SetupOptions& o) const
{
    for (int i = 0; i < m_images->count(); ++i)
        if (m_images->item(i)->checkState() == Qt::Checked)
            o.images << m_images->item(i)->data(Qt::UserRole).toString();
}

} // namespace ui
