#include "ui/scheduledview.h"

#include "ui/confirm.h"
#include "app/session/clustersession.h"
#include "models/cron.h"
#include "models/scheduledapplicationsmodel.h"
#include "models/sparkapplication.h"
#include "models/yamldocument.h"
#include "ui/yamleditor.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace ui {

namespace {

QString runTimes(const QList<QDateTime>& runs)
{
    QStringList out;
    for (const QDateTime& t : runs) {
        QString line = QLocale().toString(t, QStringLiteral("ddd d MMM yyyy HH:mm"));
        const QDateTime local = t.toLocalTime();
        if (local.offsetFromUtc() != t.offsetFromUtc())
            line += QStringLiteral("  (%1 here)").arg(QLocale().toString(local, QStringLiteral("ddd HH:mm")));
        out << line.toHtmlEscaped();
    }
    return out.join(QStringLiteral("<br>"));
}

} // namespace

ScheduledView::ScheduledView(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    auto* bar = new QHBoxLayout;
    auto* hint = new QLabel(tr("ScheduledSparkApplications start a SparkApplication on a cron schedule. Double-click a "
                               "row to see its last run."),
                            this);
    hint->setForegroundRole(QPalette::PlaceholderText);
    hint->setWordWrap(true); // gives way on narrow screens
    bar->addWidget(hint, 1);
    m_suspend = new QPushButton(tr("Suspend / resume"), this);
    m_suspend->setObjectName(QStringLiteral("scheduledSuspend"));
    m_edit = new QPushButton(tr("Edit schedule…"), this);
    m_edit->setObjectName(QStringLiteral("scheduledEdit"));
    m_edit->setToolTip(tr("Change the cron schedule and its time zone (to change what runs, clone it)"));
    m_clone = new QPushButton(tr("Clone"), this);
    m_clone->setObjectName(QStringLiteral("scheduledClone"));
    m_clone->setToolTip(tr("Open a copy in the job editor"));
    m_delete = new QPushButton(tr("Delete"), this);
    m_delete->setObjectName(QStringLiteral("scheduledDelete"));
    for (QPushButton* b : {m_suspend, m_edit, m_clone, m_delete})
        bar->addWidget(b);
    layout->addLayout(bar);

    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSortRole(model::InformerTableModel::SortRole);
    auto* split = new QSplitter(Qt::Vertical, this);
    m_table = new QTableView(split);
    m_table->setObjectName(QStringLiteral("scheduledTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(model::ScheduledApplicationsModel::Name, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->setColumnWidth(model::ScheduledApplicationsModel::Name, 220);
    m_table->setColumnWidth(model::ScheduledApplicationsModel::Schedule, 280);
    m_tabs = new QTabWidget(split);
    m_tabs->setDocumentMode(true);
    m_schedule = new QTextBrowser(m_tabs);
    m_schedule->setObjectName(QStringLiteral("scheduleText"));
    m_yaml = new YamlEditor(m_tabs);
    m_yaml->setReadOnly(true);
    m_tabs->addTab(m_schedule, tr("Schedule"));
    m_tabs->addTab(m_yaml, tr("YAML"));
    split->addWidget(m_table);
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const QString key = index.siblingAtColumn(0).data(model::ScheduledApplicationsModel::LastRunKeyRole).toString();
        if (!key.isEmpty())
            emit lastRunRequested(key);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ScheduledView::refresh);
    connect(m_suspend, &QPushButton::clicked, this, &ScheduledView::toggleSuspend);
    connect(m_edit, &QPushButton::clicked, this, &ScheduledView::editSchedule);
    connect(m_clone, &QPushButton::clicked, this, &ScheduledView::cloneToEditor);
    connect(m_delete, &QPushButton::clicked, this, [this] { deleteSelected(true); });
    refresh();
}

void ScheduledView::setActions(session::ApplicationActions* actions)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_actions = actions;
    m_model = actions && actions->session() ? actions->session()->scheduledApplications() : nullptr;
    m_proxy->setSourceModel(m_model);
    if (m_model) {
        connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& from, const QModelIndex& to) {
            const int row = m_model->rowOf(currentKey());
            // The clock refreshes the time columns every second; only real changes redraw the pane.
            if (row >= from.row() && row <= to.row() && from.column() <= model::ScheduledApplicationsModel::State)
                refresh();
        });
        connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ScheduledView::refresh);
        connect(m_model, &QAbstractItemModel::modelReset, this, &ScheduledView::refresh);
    }
    refresh();
}

QString ScheduledView::currentKey() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    return current.isValid() ? current.data(model::InformerTableModel::KeyRole).toString() : QString();
}

bool ScheduledView::selectKey(const QString& key)
{
    const int row = m_model ? m_model->rowOf(key) : -1;
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    return true;
}

QString ScheduledView::scheduleText() const
{
    return m_schedule->toPlainText();
}

QString ScheduledView::yamlText() const
{
    return m_yaml->toPlainText();
}

void ScheduledView::refresh()
{
    const QString key = currentKey();
    const session::ApplicationActions::Schedule o = m_actions ? m_actions->schedule(key) : session::ApplicationActions::Schedule();
    const bool exists = o.exists;
    for (QPushButton* b : {m_suspend, m_edit, m_clone, m_delete})
        b->setEnabled(exists && (m_actions->session()->client() || b == m_clone));
    if (!exists) {
        m_schedule->setHtml(tr("<p style='color:gray'>Select a ScheduledSparkApplication to see its schedule, next runs and YAML.</p>"));
        m_yaml->setPlainText(QString());
        return;
    }
    m_suspend->setText(o.suspended ? tr("Resume") : tr("Suspend"));
    const model::ScheduleSummary s = model::summarizeSchedule(o.schedule, o.timeZone, QDateTime::currentDateTimeUtc(), 5);
    QString html = QStringLiteral("<style>th{text-align:left;color:gray;font-weight:normal;padding-right:14px;vertical-align:top;}</style><table>");
    auto row = [&](const QString& label, const QString& value) {
        html += QStringLiteral("<tr><th>%1</th><td>%2</td></tr>").arg(label.toHtmlEscaped(), value);
    };
    row(tr("Name"), QStringLiteral("<b>%1</b>").arg(o.name.toHtmlEscaped()));
    if (s.valid) {
        row(tr("Runs"), QStringLiteral("<b>%1</b>").arg(s.words.toHtmlEscaped()));
        row(tr("Time zone"), s.defaultZone ? tr("UTC (none set: the operator's own zone, usually UTC; set spec.timeZone to choose)")
                                           : s.zone.toHtmlEscaped());
    } else {
        row(tr("Runs"), QStringLiteral("<span style='color:#d93b3b'>%1</span>").arg(tr("Invalid schedule: %1").arg(s.error).toHtmlEscaped()));
    }
    row(tr("Cron"), QStringLiteral("<code>%1</code>").arg(o.schedule.toHtmlEscaped()));
    if (o.suspended)
        row(tr("Suspended"), tr("yes: no runs start until it is resumed"));
    else if (s.valid)
        row(tr("Next runs"), runTimes(s.next));
    row(tr("Concurrency"), o.concurrencyPolicy.toHtmlEscaped());
    row(tr("State"), o.scheduleState.toHtmlEscaped());
    if (!o.reason.isEmpty())
        row(tr("Reason"), o.reason.toHtmlEscaped());
    row(tr("Last run"), o.lastRunName.toHtmlEscaped());
    html += QStringLiteral("</table>");
    m_schedule->setHtml(html);
    m_yaml->setTextKeepingView(m_actions->liveYaml(session::ApplicationActions::Kind::Scheduled, key));
}

void ScheduledView::toggleSuspend()
{
    const QString key = currentKey();
    const session::ApplicationActions::Schedule o = m_actions ? m_actions->schedule(key) : session::ApplicationActions::Schedule();
    if (!o.exists)
        return;
    const bool suspended = o.suspended;
    m_actions->setSuspended(session::ApplicationActions::Kind::Scheduled, key, !suspended, this,
                            [this, key, suspended](const kube::KubeError& error) {
                                emit message(error.isError() ? error.summary() : (suspended ? tr("Resumed %1") : tr("Suspended %1")).arg(key));
                            });
}

void ScheduledView::editSchedule()
{
    const session::ApplicationActions::Schedule o = m_actions ? m_actions->schedule(currentKey()) : session::ApplicationActions::Schedule();
    if (!o.exists)
        return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Edit the schedule of %1").arg(currentKey()));
    auto* form = new QFormLayout(&dialog);
    auto* schedule = new QLineEdit(o.schedule, &dialog);
    schedule->setObjectName(QStringLiteral("scheduleEdit"));
    auto* zone = new QLineEdit(o.timeZone, &dialog);
    zone->setObjectName(QStringLiteral("timeZoneEdit"));
    zone->setPlaceholderText(tr("empty = the operator's zone (usually UTC), e.g. Europe/Berlin"));
    auto* preview = new QLabel(&dialog);
    preview->setWordWrap(true);
    preview->setMinimumWidth(420);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(tr("Schedule (cron)"), schedule);
    form->addRow(tr("Time zone"), zone);
    form->addRow(preview);
    form->addRow(buttons);
    auto update = [&] {
        const model::ScheduleSummary s = model::summarizeSchedule(schedule->text().trimmed(), zone->text().trimmed(),
                                                                  QDateTime::currentDateTimeUtc(), 3);
        preview->setText(s.valid ? tr("Runs %1 (%2). Next: %3").arg(s.words.toHtmlEscaped(), s.zone.toHtmlEscaped(), runTimes(s.next))
                                 : QStringLiteral("<span style='color:#d93b3b'>%1</span>").arg(s.error.toHtmlEscaped()));
        buttons->button(QDialogButtonBox::Ok)->setEnabled(s.valid);
    };
    connect(schedule, &QLineEdit::textChanged, &dialog, update);
    connect(zone, &QLineEdit::textChanged, &dialog, update);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    update();
    if (dialog.exec() == QDialog::Accepted)
        applySchedule(schedule->text().trimmed(), zone->text().trimmed());
}

void ScheduledView::applySchedule(const QString& schedule, const QString& timeZone)
{
    const QString key = currentKey();
    if (!m_actions || !m_actions->schedule(key).exists)
        return;
    m_actions->setSchedule(key, schedule, timeZone, this, [this, key](const kube::KubeError& error) {
        emit message(error.isError() ? tr("Could not change the schedule of %1: %2").arg(key, error.summary())
                                     : tr("Changed the schedule of %1").arg(key));
    });
}

void ScheduledView::cloneToEditor()
{
    const QString yaml = m_actions ? m_actions->cloneYaml(session::ApplicationActions::Kind::Scheduled, currentKey()) : QString();
    if (!yaml.isEmpty())
        emit cloneRequested(yaml);
}

void ScheduledView::deleteSelected(bool confirm)
{
    const QString key = currentKey();
    const session::ApplicationActions::Schedule o = m_actions ? m_actions->schedule(key) : session::ApplicationActions::Schedule();
    if (!o.exists)
        return;
    if (confirm
        && !confirmAction(this, tr("Delete ScheduledSparkApplication"),
                          tr("Delete the ScheduledSparkApplication %1 in namespace %2?").arg(o.name, o.ns), tr("Delete"),
                          tr("No further runs start. The SparkApplications of past runs are deleted with it.")))
        return;
    m_actions->remove(session::ApplicationActions::Kind::Scheduled, key, this, [this, key](const kube::KubeError& error) {
        emit message(error.isError() ? tr("Could not delete %1: %2").arg(key, error.summary()) : tr("Deleted %1").arg(key));
    });
}

} // namespace ui
