#include "ui/setup/imagespage.h"

#include "app/setup/setupsession.h"
#include "models/sparkapplication.h"
#include "models/yamldocument.h"
#include "ui/setup/runpanel.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QVBoxLayout>

namespace ui {

namespace {
constexpr int kNeedsPull = Qt::UserRole + 1;
} // namespace

ImagesPage::ImagesPage(setup::SetupSession* session, QWidget* parent)
    : SetupPage(session, tr("5. Images"), parent)
{
    setSubTitle(tr("Load Docker images into the cluster (Kind nodes cannot see this machine's images). The Spark image the "
                   "templates use is downloaded first when this machine does not have it, so the first job starts at once."));
    auto* layout = new QVBoxLayout(this);
    m_images = new QListWidget(this);
    m_images->setObjectName(QStringLiteral("imageList"));
    layout->addWidget(m_images, 1);
    auto* pullRow = new QHBoxLayout;
    m_pullLabel = new QLabel(this);
    m_pullLabel->setObjectName(QStringLiteral("pullStatus"));
    m_pullBar = new QProgressBar(this);
    m_pullBar->setObjectName(QStringLiteral("pullProgress"));
    m_pullBar->setFormat(tr("%v of %m layers"));
    pullRow->addWidget(m_pullLabel);
    pullRow->addWidget(m_pullBar, 1);
    layout->addLayout(pullRow);
    m_pullLabel->hide();
    m_pullBar->hide();
    m_panel = new RunPanel(session->runner(setup::StepId::Images), tr("Load selected"), this);
    layout->addWidget(m_panel, 2);
    connect(m_panel, &RunPanel::runRequested, this, [this] { m_panel->run(setup::commandsFor(setup::StepId::Images, options())); });
    setup::StepRunner* runner = session->runner(setup::StepId::Images);
    connect(runner, &setup::StepRunner::commandStarted, this, [this, runner] {
        const setup::Command* command = runner->currentCommand();
        if (command && QFileInfo(command->program).fileName() == QLatin1String("docker")
            && command->arguments.value(0) == QLatin1String("pull")) {
            m_pulling = command->arguments.value(1);
            m_pull = setup::PullProgress();
            m_pullBar->setRange(0, 0); // busy until the layers are announced
            m_pullLabel->setText(tr("Pulling %1 …").arg(m_pulling));
            m_pullLabel->show();
            m_pullBar->show();
        } else {
            m_pulling.clear();
        }
    });
    connect(runner, &setup::StepRunner::line, this, [this](const QString& text, bool stderr) {
        if (!stderr && !m_pulling.isEmpty())
            onLine(text);
    });
    connect(session, &setup::SetupSession::imagesListed, this, [this](const QList<setup::LocalImage>& images) {
        m_images->clear();
        const QString needed = templateImage();
        bool found = false;
        for (const setup::LocalImage& image : images) {
            auto* item = new QListWidgetItem(QStringLiteral("%1   (%2)").arg(image.reference, image.size), m_images);
            item->setData(Qt::UserRole, image.reference);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(image.suggested || image.reference == needed ? Qt::Checked : Qt::Unchecked);
            found = found || image.reference == needed;
        }
        if (!found && !needed.isEmpty()) {
            auto* item = new QListWidgetItem(tr("%1   (not on this machine: downloaded from its registry, then loaded; the "
                                                "templates use it)")
                                                 .arg(needed),
                                             m_images);
            item->setData(Qt::UserRole, needed);
            item->setData(kNeedsPull, true);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Checked);
            m_images->insertItem(0, m_images->takeItem(m_images->row(item)));
        }
    });
}

void ImagesPage::onLine(const QString& text)
{
    if (!m_pull.feed(text))
        return;
    if (m_pull.total > 0) {
        m_pullBar->setRange(0, m_pull.total);
        m_pullBar->setValue(m_pull.done);
    }
    if (m_pull.finished)
        m_pullLabel->setText(tr("%1 pulled").arg(m_pulling));
    else if (m_pull.total > 0)
        m_pullLabel->setText(tr("Pulling %1: %2 of %3 layers").arg(m_pulling).arg(m_pull.done).arg(m_pull.total));
}

QString ImagesPage::pullText() const
{
    return m_pullLabel->isHidden() ? QString() : m_pullLabel->text();
}

QString ImagesPage::templateImage()
{
    for (const model::Preset& p : model::presets()) {
        if (p.id != QLatin1String("spark-pi"))
            continue;
        model::YamlError error;
        auto doc = model::YamlDocument::parse(p.yaml, &error);
        return doc ? doc->text(QStringLiteral("spec.image")) : QString();
    }
    return {};
}

void ImagesPage::initializePage()
{
    m_images->clear();
    session()->listImages(options());
}

void ImagesPage::fillOptions(setup::SetupOptions& o) const
{
    for (int i = 0; i < m_images->count(); ++i) {
        const QListWidgetItem* item = m_images->item(i);
        if (item->checkState() != Qt::Checked)
            continue;
        o.images << item->data(Qt::UserRole).toString();
        if (item->data(kNeedsPull).toBool())
            o.pullImages << item->data(Qt::UserRole).toString();
    }
}

} // namespace ui
