#include "ui/executorsview.h"

#include "app/session/applicationdetails.h"
#include "app/session/executorsmonitor.h"
#include "models/executorsmodel.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QValueAxis>
#include <QVBoxLayout>
#include <QtMath>

namespace ui {

ExecutorsView::ExecutorsView(QWidget* parent) : QWidget(parent), m_monitor(new session::ExecutorsMonitor(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 0);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("executorsStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    auto* split = new QSplitter(Qt::Vertical, this);
    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_monitor->model());
    proxy->setSortRole(model::ExecutorsModel::SortRole);
    m_table = new QTableView(split);
    m_table->setObjectName(QStringLiteral("executorsTable"));
    m_table->setModel(proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(model::ExecutorsModel::Id, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    m_chart = new QChart;
    m_chart->setTitle(tr("Storage memory used and active tasks"));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_memory = new QLineSeries(m_chart);
    m_memory->setName(tr("Memory used (MiB)"));
    m_tasks = new QLineSeries(m_chart);
    m_tasks->setName(tr("Active tasks"));
    m_chart->addSeries(m_memory);
    m_chart->addSeries(m_tasks);
    m_time = new QDateTimeAxis(m_chart);
    m_time->setFormat(QStringLiteral("HH:mm:ss"));
    m_time->setTickCount(5);
    m_memoryAxis = new QValueAxis(m_chart);
    m_memoryAxis->setLabelFormat(QStringLiteral("%.1f"));
    m_memoryAxis->setTitleText(tr("MiB"));
    m_tasksAxis = new QValueAxis(m_chart);
    m_tasksAxis->setLabelFormat(QStringLiteral("%d"));
    m_tasksAxis->setTitleText(tr("tasks"));
    m_chart->addAxis(m_time, Qt::AlignBottom);
    m_chart->addAxis(m_memoryAxis, Qt::AlignLeft);
    m_chart->addAxis(m_tasksAxis, Qt::AlignRight);
    m_memory->attachAxis(m_time);
    m_memory->attachAxis(m_memoryAxis);
    m_tasks->attachAxis(m_time);
    m_tasks->attachAxis(m_tasksAxis);
    m_chartView = new QChartView(m_chart, split);
    m_chartView->setObjectName(QStringLiteral("executorsChart"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(220);
    split->addWidget(m_table);
    split->addWidget(m_chartView);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(m_monitor, &session::ExecutorsMonitor::stateChanged, this, &ExecutorsView::updateStatus);
    connect(m_monitor, &session::ExecutorsMonitor::updated, this, &ExecutorsView::updateChart);
    updateStatus();
    updateChart();
}

ExecutorsView::~ExecutorsView()
{
    m_monitor->stop();
}

void ExecutorsView::setApplication(session::ApplicationDetails* details, const QStringList& kubeconfigFiles, const QString& context)
{
    m_monitor->stop();
    m_details = details;
    m_kubeconfigFiles = kubeconfigFiles;
    m_context = context;
    m_monitor->clear();
    updateChart();
    if (isVisible())
        startMonitor();
    updateStatus();
}

void ExecutorsView::startMonitor()
{
    if (m_details && m_monitor->state() == session::ExecutorsMonitor::State::Idle)
        m_monitor->start(m_details, m_kubeconfigFiles, m_context);
}

void ExecutorsView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    startMonitor();
}

void ExecutorsView::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    if (m_monitor->state() != session::ExecutorsMonitor::State::Ended)
        m_monitor->stop();
}

QString ExecutorsView::statusText() const
{
    return m_status->text();
}

int ExecutorsView::chartPoints() const
{
    return int(m_memory->count());
}

void ExecutorsView::updateStatus()
{
    using State = session::ExecutorsMonitor::State;
    QString text;
    switch (m_monitor->state()) {
    case State::Idle:
        text = m_details ? tr("Shown while the driver runs, refreshed every %1 s.").arg(m_monitor->interval() / 1000.0)
                         : tr("Select an application to see its executors.");
        break;
    case State::Live:
        text = tr("Live from the Spark UI (%1), application %2, every %3 s.")
                   .arg(m_monitor->sparkUi().toString(), m_monitor->applicationId())
                   .arg(m_monitor->interval() / 1000.0);
        break;
    case State::Connecting:
    case State::Ended:
        text = m_monitor->message();
        break;
    case State::Error:
        text = QStringLiteral("⚠ ") + m_monitor->message();
        break;
    }
    m_status->setText(text);
}

void ExecutorsView::updateChart()
{
    const auto& samples = m_monitor->samples();
    QList<QPointF> memory, tasks;
    qreal maxMemory = 1, maxTasks = 1;
    for (const session::ExecutorsMonitor::Sample& s : samples) {
        const qreal t = qreal(s.at.toMSecsSinceEpoch());
        const qreal mib = qreal(s.memoryUsed) / (1024.0 * 1024.0);
        memory.append({t, mib});
        tasks.append({t, qreal(s.activeTasks)});
        maxMemory = qMax(maxMemory, mib);
        maxTasks = qMax(maxTasks, qreal(s.activeTasks));
    }
    m_memory->replace(memory);
    m_tasks->replace(tasks);
    const QDateTime last = samples.isEmpty() ? QDateTime::currentDateTimeUtc() : samples.last().at;
    const QDateTime first = samples.isEmpty() ? last.addSecs(-60) : qMin(samples.first().at, last.addSecs(-60));
    m_time->setRange(first.toLocalTime(), last.toLocalTime());
    m_memoryAxis->setRange(0, maxMemory * 1.2);
    m_tasksAxis->setRange(0, qCeil(maxTasks * 1.2));
}

} // namespace ui
