#include "ui/setup/prerequisitespage.h"

#include "app/process/toolpath.h"
#include "app/setup/setupsession.h"
#include "app/setup/tooldownload.h"
#include "ui/setup/runpanel.h"

#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace ui {

PrerequisitesPage::PrerequisitesPage(setup::SetupSession* session, QWidget* parent)
    : SetupPage(session, tr("1. Prerequisites"), parent)
{
    setSubTitle(tr("Kind runs Kubernetes in Docker containers. SparkDeck checks that Docker answers and that kind, "
                   "kubectl and helm are installed. A missing kind, kubectl or helm can be downloaded here, into SparkDeck's own "
                   "folder: no terminal and no administrator rights needed."));
    auto* layout = new QVBoxLayout(this);
    const QStringList tools = setup::SetupSession::prerequisiteTools();
    m_tools = new QTableWidget(int(tools.size()), 4, this);
    m_tools->setObjectName(QStringLiteral("toolsTable"));
    m_tools->setHorizontalHeaderLabels({tr("Tool"), tr("Status"), tr("Version / how to install"), QString()});
    m_tools->verticalHeader()->hide();
    m_tools->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tools->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tools->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_tools->horizontalHeader()->setSectionResizeMode(3, QHeaderView::ResizeToContents);
    m_tools->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int row = 0; row < tools.size(); ++row)
        m_tools->setItem(row, 0, new QTableWidgetItem(tools[row]));
    for (int row = 0; row < tools.size(); ++row)
        if (setup::pinnedRelease(tools[row]))
            addDownloadCell(row, tools[row]);
    m_tools->setMaximumHeight(m_tools->verticalHeader()->defaultSectionSize() * 5 + 4);
    layout->addWidget(m_tools);
    m_downloadMissing = new QPushButton(tr("Download missing tools"), this);
    m_downloadMissing->setObjectName(QStringLiteral("downloadMissingButton"));
    m_downloadMissing->setVisible(false);
    connect(m_downloadMissing, &QPushButton::clicked, this, [this] {
        QStringList missing;
        for (auto it = m_downloads.cbegin(); it != m_downloads.cend(); ++it)
            if (it->missing && !(it->download && it->download->isRunning()))
                missing << it.key();
        for (const QString& tool : missing)
            startOrCancelDownload(tool);
    });
    auto* downloadRow = new QHBoxLayout;
    downloadRow->addWidget(m_downloadMissing);
    downloadRow->addStretch(1);
    layout->addLayout(downloadRow);
    m_resources = new QLabel(this);
    layout->addWidget(m_resources);
    m_panel = new RunPanel(session->runner(setup::StepId::Prerequisites), tr("Re-check"), this);
    layout->addWidget(m_panel, 1);
    connect(m_panel, &RunPanel::runRequested, this, &PrerequisitesPage::runChecks);

    connect(session, &setup::SetupSession::prerequisitesProgress, m_panel, &RunPanel::setProgress);
    connect(session, &setup::SetupSession::prerequisiteChecked, this,
            [this](int row, const QString& tool, const setup::PrerequisiteStatus& s) {
                auto* statusItem = new QTableWidgetItem(s.status);
                statusItem->setForeground(s.ok ? QColor(0x2e, 0x9e, 0x4f) : QColor(0xd9, 0x3b, 0x3b));
                m_tools->setItem(row, 1, statusItem);
                // A missing tool SparkDeck can fetch: Download first, the manual way second.
                const QString detail = s.missing && m_downloads.contains(tool)
                    ? tr("Press Download, or install it yourself: %1").arg(s.detail)
                    : s.detail;
                auto* detailItem = new QTableWidgetItem(detail);
                detailItem->setToolTip(s.missing ? detail : s.toolTip);
                m_tools->setItem(row, 2, detailItem);
                if (m_downloads.contains(tool))
                    m_downloads[tool].missing = s.missing;
                updateDownloadButtons();
            });
    connect(session, &setup::SetupSession::prerequisitesFinished, this, [this](const QStringList& problems, bool cancelled, int index) {
        // A tool installed while the checks ran: check again so they find it.
        if (m_recheckAfterDownloads && !cancelled && !anyDownloadRunning()) {
            m_recheckAfterDownloads = false;
            QTimer::singleShot(0, this, &PrerequisitesPage::runChecks);
        }
        if (cancelled) {
            for (int rest = index; rest < m_tools->rowCount(); ++rest) {
                m_tools->setItem(rest, 1, new QTableWidgetItem(tr("– not checked")));
                m_tools->setItem(rest, 2, new QTableWidgetItem(tr("Cancelled. Press Re-check to check again.")));
            }
            m_panel->setSummary(tr("Cancelled"), QString());
            return;
        }
        const setup::Resources res = setup::machineResources();
        m_resources->setText(tr("This machine: %1 CPUs, %2 MiB memory free. A Kind cluster with Spark wants at least 2 CPUs and "
                                "4 GiB free.%3")
                                 .arg(res.cpus)
                                 .arg(res.freeMemoryMiB)
                                 .arg(res.freeMemoryMiB > 0 && res.freeMemoryMiB < 4096 ? tr(" ⚠ Memory is tight.") : QString()));
        if (problems.isEmpty())
            m_panel->setSummary(tr("✓ All found"), QString());
        else
            m_panel->setSummary(tr("✗ Not ready"),
                                tr("<b>Not ready: %1.</b> Install or fix what the table marks with ✗ (what to do is in its third "
                                   "column, or press Download; the commands' output is below), then press Re-check.")
                                    .arg(problems.join(QStringLiteral(", ")).toHtmlEscaped()));
        setProperty("sparkdeckReady", problems.isEmpty());
        emit completeChanged();
    });
}

bool PrerequisitesPage::isReady() const
{
    return property("sparkdeckReady").toBool();
}

void PrerequisitesPage::initializePage()
{
    if (m_panel->log().isEmpty())
        runChecks();
}

void PrerequisitesPage::runChecks()
{
    // Each tool is checked on its own, so one missing tool does not hide the others. Every check
    // ends (found, missing, failed, no answer); Cancel ends the running one and starts no other.
    if (m_panel->isRunning() || session()->isCheckingPrerequisites())
        return;
    m_panel->reset();
    m_resources->clear();
    setProperty("sparkdeckReady", false);
    for (int row = 0; row < m_tools->rowCount(); ++row) {
        m_tools->setItem(row, 1, new QTableWidgetItem(tr("checking…")));
        m_tools->setItem(row, 2, new QTableWidgetItem());
    }
    session()->checkPrerequisites(options(), m_checkTimeoutMs);
}

void PrerequisitesPage::addDownloadCell(int row, const QString& tool)
{
    Download d;
    d.row = row;
    d.cell = new QWidget(m_tools);
    auto* cellLayout = new QHBoxLayout(d.cell);
    cellLayout->setContentsMargins(2, 0, 2, 0);
    d.progress = new QProgressBar(d.cell);
    d.progress->setObjectName(QStringLiteral("downloadProgress-") + tool);
    d.progress->setMinimumWidth(160);
    d.progress->setVisible(false);
    d.button = new QPushButton(tr("Download"), d.cell);
    d.button->setObjectName(QStringLiteral("download-") + tool);
    const setup::ToolRelease release = *setup::pinnedRelease(tool);
    d.button->setToolTip(tr("Download %1 %2 from %3 into %4 and check its published SHA-256. No terminal or administrator "
                            "rights needed.")
                             .arg(tool, release.version, release.url.toDisplayString(), QDir::toNativeSeparators(proc::toolsDirectory())));
    d.button->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    cellLayout->addWidget(d.progress, 1);
    cellLayout->addWidget(d.button);
    d.button->setVisible(false);
    m_tools->setCellWidget(row, 3, d.cell);
    connect(d.button, &QPushButton::clicked, this, [this, tool] { startOrCancelDownload(tool); });
    m_downloads.insert(tool, d);
}

void PrerequisitesPage::startOrCancelDownload(const QString& tool)
{
    Download& d = m_downloads[tool];
    if (d.download && d.download->isRunning()) {
        d.download->cancel();
        return;
    }
    if (!d.download) {
        d.download = new setup::ToolDownload(tool, this);
        connect(d.download, &setup::ToolDownload::progress, this, [this, tool](qint64 received, qint64 total) {
            const Download& d = m_downloads[tool];
            const QLocale locale;
            if (total > 0) {
                d.progress->setRange(0, 1000);
                d.progress->setValue(int(received * 1000 / total));
                d.progress->setFormat(tr("%1 of %2").arg(locale.formattedDataSize(received, 1), locale.formattedDataSize(total, 1)));
            } else {
                d.progress->setRange(0, 0); // busy until the size is known
            }
            if (QTableWidgetItem* status = m_tools->item(d.row, 1))
                status->setText(total > 0 ? tr("↓ downloading %1 %").arg(received * 100 / total) : tr("↓ downloading…"));
        });
        connect(d.download, &setup::ToolDownload::finished, this, [this, tool] { onDownloadFinished(tool); });
    }
    const setup::ToolRelease release = *d.download->release();
    m_tools->setItem(d.row, 1, new QTableWidgetItem(tr("↓ downloading…")));
    auto* detail = new QTableWidgetItem(tr("Downloading %1 %2 from %3…").arg(tool, release.version, release.url.host()));
    detail->setToolTip(release.url.toDisplayString());
    m_tools->setItem(d.row, 2, detail);
    d.progress->setRange(0, 0);
    d.progress->setFormat(QString());
    setProperty("sparkdeckReady", false);
    emit completeChanged();
    if (!anyDownloadRunning())
        m_downloadClock.start();
    d.download->start();
    updateDownloadButtons();
}

void PrerequisitesPage::onDownloadFinished(const QString& tool)
{
    Download& d = m_downloads[tool];
    const setup::ToolDownload::Result result = d.download->result();
    const bool installed = result == setup::ToolDownload::Result::Installed;
    auto* status = new QTableWidgetItem(installed ? tr("✓ downloaded")
                                        : result == setup::ToolDownload::Result::Cancelled ? tr("– download cancelled")
                                                                                           : tr("✗ download failed"));
    status->setForeground(installed ? QColor(0x2e, 0x9e, 0x4f) : QColor(0xd9, 0x3b, 0x3b));
    m_tools->setItem(d.row, 1, status);
    auto* detail = new QTableWidgetItem(d.download->message());
    detail->setToolTip(d.download->message());
    m_tools->setItem(d.row, 2, detail);
    if (installed) {
        d.missing = false;
        m_recheckAfterDownloads = true;
    } else if (result != setup::ToolDownload::Result::Cancelled) {
        // The whole message, which the table's cell may cut short.
        m_panel->setSummary(tr("✗ Not ready"), tr("<b>The download of %1 failed.</b> %2")
                                                   .arg(tool.toHtmlEscaped(), d.download->message().toHtmlEscaped()));
    }
    updateDownloadButtons();
    if (!anyDownloadRunning() && m_downloadClock.isValid()) {
        session()->addToolDownloadTime(m_downloadClock.elapsed());
        m_downloadClock.invalidate();
    }
    // Check again once the last download ended, so the checks find what was installed.
    if (m_recheckAfterDownloads && !anyDownloadRunning() && !session()->isCheckingPrerequisites()) {
        m_recheckAfterDownloads = false;
        runChecks();
    }
}

bool PrerequisitesPage::anyDownloadRunning() const
{
    for (const Download& d : m_downloads)
        if (d.download && d.download->isRunning())
            return true;
    return false;
}

void PrerequisitesPage::updateDownloadButtons()
{
    QStringList missing;
    for (auto it = m_downloads.cbegin(); it != m_downloads.cend(); ++it) {
        const bool running = it->download && it->download->isRunning();
        // The cell stays (the view shows its cell widgets as it likes); its contents come and go.
        it->button->setVisible(it->missing || running);
        it->progress->setVisible(running);
        it->button->setText(running ? tr("Cancel") : tr("Download"));
        if (it->missing && !running)
            missing << it.key();
    }
    std::sort(missing.begin(), missing.end(), [this](const QString& a, const QString& b) {
        return m_downloads.value(a).row < m_downloads.value(b).row;
    });
    m_downloadMissing->setVisible(missing.size() > 1);
    m_downloadMissing->setText(tr("Download missing tools (%1)").arg(missing.join(QStringLiteral(", "))));
}

} // namespace ui
