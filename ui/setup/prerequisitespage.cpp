#include "ui/setup/prerequisitespage.h"

#include "app/setup/setupsession.h"
#include "ui/setup/runpanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ui {

PrerequisitesPage::PrerequisitesPage(setup::SetupSession* session, QWidget* parent)
    : SetupPage(session, tr("1. Prerequisites"), parent)
{
    setSubTitle(tr("Kind runs Kubernetes in Docker containers. SparkDeck checks that Docker answers and that kind, "
                   "kubectl and helm are installed."));
    auto* layout = new QVBoxLayout(this);
    const QStringList tools = setup::SetupSession::prerequisiteTools();
    m_tools = new QTableWidget(int(tools.size()), 3, this);
    m_tools->setObjectName(QStringLiteral("toolsTable"));
    m_tools->setHorizontalHeaderLabels({tr("Tool"), tr("Status"), tr("Version / how to install")});
    m_tools->verticalHeader()->hide();
    m_tools->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tools->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tools->horizontalHeader()->setStretchLastSection(true);
    m_tools->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int row = 0; row < tools.size(); ++row)
        m_tools->setItem(row, 0, new QTableWidgetItem(tools[row]));
    m_tools->setMaximumHeight(m_tools->verticalHeader()->defaultSectionSize() * 5 + 4);
    layout->addWidget(m_tools);
    m_resources = new QLabel(this);
    layout->addWidget(m_resources);
    m_panel = new RunPanel(session->runner(setup::StepId::Prerequisites), tr("Re-check"), this);
    layout->addWidget(m_panel, 1);
    connect(m_panel, &RunPanel::runRequested, this, &PrerequisitesPage::runChecks);

    connect(session, &setup::SetupSession::prerequisitesProgress, m_panel, &RunPanel::setProgress);
    connect(session, &setup::SetupSession::prerequisiteChecked, this,
            [this](int row, const QString&, const setup::PrerequisiteStatus& s) {
                auto* statusItem = new QTableWidgetItem(s.status);
                statusItem->setForeground(s.ok ? QColor(0x2e, 0x9e, 0x4f) : QColor(0xd9, 0x3b, 0x3b));
                m_tools->setItem(row, 1, statusItem);
                auto* detailItem = new QTableWidgetItem(s.detail);
                detailItem->setToolTip(s.toolTip);
                m_tools->setItem(row, 2, detailItem);
            });
    connect(session, &setup::SetupSession::prerequisitesFinished, this, [this](const QStringList& problems, bool cancelled, int index) {
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
                                tr("<b>Not ready: %1.</b> Install or fix what the table marks with ✗ (what to do is in its last "
                                   "column; the commands' output is below), then press Re-check.")
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

} // namespace ui
