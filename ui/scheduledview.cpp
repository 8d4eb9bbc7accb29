#include "ui/scheduledview.h"

#include "ui/confirm.h"
#include "models/cron.h"
#include "models/scheduledapplicationsmodel.h"
#include "app/kube/sparkapi.h"
#include "models/sparkapplication.h"
#include "models/yamldocument.h"
#include "ui/yamleditor.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
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

// The value at a dotted path such as "spec.schedule" (undefined when absent).
QJsonValue at(const QJsonObject& object, const QString& path)
{
    QJsonValue value = object;
    for (const QString& key : path.split(QLatin1Char('.')))
        value = value.toObject().value(key);
    return value;
}

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

ScheduledView::ScheduledView(model::ScheduledApplicationsModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
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

    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(model::InformerTableModel::SortRole);
    auto* split = new QSplitter(Qt::Vertical, this);
    m_table = new QTableView(split);
    m_table->setObjectName(QStringLiteral("scheduledTable"));
    m_table->setModel(proxy);
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
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& from, const QModelIndex& to) {
        const int row = m_model->rowOf(currentKey());
        // The clock refreshes the time columns every second; only real changes redraw the pane.
        if (row >= from.row() && row <= to.row() && from.column() <= model::ScheduledApplicationsModel::State)
            refresh();
    });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ScheduledView::refresh);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ScheduledView::refresh);
    connect(m_suspend, &QPushButton::clicked, this, &ScheduledView::toggleSuspend);
    connect(m_edit, &QPushButton::clicked, this, &ScheduledView::editSchedule);
    connect(m_clone, &QPushButton::clicked, this, &ScheduledView::cloneToEditor);
    connect(m_delete, &QPushButton::clicked, this, [this] { deleteSelected(true); });
    refresh();
}

void ScheduledView::setClient(kube::KubeClient* client)
{
    m_client = client;
    refresh();
}

QString ScheduledView::currentKey() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    return current.isValid() ? current.data(model::InformerTableModel::KeyRole).toString() : QString();
}

bool ScheduledView::selectKey(const QString& key)
{
    const int row = m_model->rowOf(key);
    if (row < 0)
        return false;
    const auto* proxy = static_cast<QSortFilterProxyModel*>(m_table->model());
    const QModelIndex index = proxy->mapFromSource(m_model->index(row, 0));
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    return true;
}

QJsonObject ScheduledView::currentObject() const
{
    return m_model->objectAt(m_model->rowOf(currentKey()));
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
    const QJsonObject o = currentObject();
    const bool exists = !o.isEmpty();
    for (QPushButton* b : {m_suspend, m_edit, m_clone, m_delete})
        b->setEnabled(exists && (m_client || b == m_clone));
    if (!exists) {
        m_schedule->setHtml(tr("<p style='color:gray'>Select a ScheduledSparkApplication to see its schedule, next runs and YAML.</p>"));
        m_yaml->setPlainText(QString());
        return;
    }
    const QJsonObject spec = at(o, QStringLiteral("spec")).toObject();
    const QJsonObject status = at(o, QStringLiteral("status")).toObject();
    const bool suspended = spec.value(QLatin1String("suspend")).toBool();
    m_suspend->setText(suspended ? tr("Resume") : tr("Suspend"));
    const model::ScheduleSummary s = model::summarizeSchedule(at(spec, QStringLiteral("schedule")).toString(), at(spec, QStringLiteral("timeZone")).toString(),
                                                              QDateTime::currentDateTimeUtc(), 5);
    QString html = QStringLiteral("<style>th{text-align:left;color:gray;font-weight:normal;padding-right:14px;vertical-align:top;}</style><table>");
    auto row = [&](const QString& label, const QString& value) {
        html += QStringLiteral("<tr><th>%1</th><td>%2</td></tr>").arg(label.toHtmlEscaped(), value);
    };
    const QString name = at(o, QStringLiteral("metadata")).toObject().value(QLatin1String("name")).toString();
    row(tr("Name"), QStringLiteral("<b>%1</b>").arg(name.toHtmlEscaped()));
    if (s.valid) {
        row(tr("Runs"), QStringLiteral("<b>%1</b>").arg(s.words.toHtmlEscaped()));
        row(tr("Time zone"), s.defaultZone ? tr("UTC (none set: the operator's own zone, usually UTC; set spec.timeZone to choose)")
                                           : s.zone.toHtmlEscaped());
    } else {
        row(tr("Runs"), QStringLiteral("<span style='color:#d93b3b'>%1</span>").arg(tr("Invalid schedule: %1").arg(s.error).toHtmlEscaped()));
    }
    row(tr("Cron"), QStringLiteral("<code>%1</code>").arg(at(spec, QStringLiteral("schedule")).toString().toHtmlEscaped()));
    if (suspended)
        row(tr("Suspended"), tr("yes: no runs start until it is resumed"));
    else if (s.valid)
        row(tr("Next runs"), runTimes(s.next));
    row(tr("Concurrency"), at(spec, QStringLiteral("concurrencyPolicy")).toString().toHtmlEscaped());
    row(tr("State"), at(status, QStringLiteral("scheduleState")).toString().toHtmlEscaped());
    if (!at(status, QStringLiteral("reason")).toString().isEmpty())
        row(tr("Reason"), at(status, QStringLiteral("reason")).toString().toHtmlEscaped());
    row(tr("Last run"), at(status, QStringLiteral("lastRunName")).toString().toHtmlEscaped());
    html += QStringLiteral("</table>");
    m_schedule->setHtml(html);

    model::YamlError error;
    const QByteArray json = QJsonDocument(o).toJson(QJsonDocument::Indented);
    const auto doc = model::YamlDocument::parse(QString::fromUtf8(json), &error); // JSON is YAML
    m_yaml->setTextKeepingView(doc ? doc->canonicalYaml() : QString::fromUtf8(json));
}

void ScheduledView::toggleSuspend()
{
    const QJsonObject o = currentObject();
    if (o.isEmpty() || !m_client)
        return;
    const QJsonObject meta = at(o, QStringLiteral("metadata")).toObject();
    const bool suspended = at(o, QStringLiteral("spec")).toObject().value(QLatin1String("suspend")).toBool();
    const QString ns = at(meta, QStringLiteral("namespace")).toString();
    const QString name = at(meta, QStringLiteral("name")).toString();
    kube::mergePatch(m_client, kube::ResourceKind::scheduledSparkApplications().objectPath(ns, name),
                     QJsonObject{{QStringLiteral("spec"), QJsonObject{{QStringLiteral("suspend"), !suspended}}}}, this,
                     [this, ns, name, suspended](const kube::KubeError& error) {
                         emit message(error.isError() ? error.summary()
                                                      : (suspended ? tr("Resumed %1/%2") : tr("Suspended %1/%2")).arg(ns, name));
                     });
}

void ScheduledView::editSchedule()
{
    const QJsonObject o = currentObject();
    if (o.isEmpty() || !m_client)
        return;
    const QJsonObject spec = at(o, QStringLiteral("spec")).toObject();
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Edit the schedule of %1").arg(currentKey()));
    auto* form = new QFormLayout(&dialog);
    auto* schedule = new QLineEdit(at(spec, QStringLiteral("schedule")).toString(), &dialog);
    schedule->setObjectName(QStringLiteral("scheduleEdit"));
    auto* zone = new QLineEdit(at(spec, QStringLiteral("timeZone")).toString(), &dialog);
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
    const QJsonObject meta = at(currentObject(), QStringLiteral("metadata")).toObject();
    if (meta.isEmpty() || !m_client)
        return;
    const QString ns = at(meta, QStringLiteral("namespace")).toString();
    const QString name = at(meta, QStringLiteral("name")).toString();
    const QJsonObject patch{{QStringLiteral("spec"),
                             QJsonObject{{QStringLiteral("schedule"), schedule},
                                         {QStringLiteral("timeZone"), timeZone.isEmpty() ? QJsonValue() : QJsonValue(timeZone)}}}};
    kube::mergePatch(m_client, kube::ResourceKind::scheduledSparkApplications().objectPath(ns, name), patch, this,
                     [this, ns, name](const kube::KubeError& error) {
                         emit message(error.isError() ? tr("Could not change the schedule of %1/%2: %3").arg(ns, name, error.summary())
                                                      : tr("Changed the schedule of %1/%2").arg(ns, name));
                     });
}

void ScheduledView::cloneToEditor()
{
    const QJsonObject o = currentObject();
    if (o.isEmpty())
        return;
    QJsonObject copy = kube::resubmittable(o);
    QJsonObject meta = at(copy, QStringLiteral("metadata")).toObject();
    meta.insert(QStringLiteral("name"), model::cloneName(at(meta, QStringLiteral("name")).toString()));
    copy.insert(QStringLiteral("metadata"), meta);
    model::YamlError error;
    if (const auto doc = model::YamlDocument::parse(QString::fromUtf8(QJsonDocument(copy).toJson()), &error))
        emit cloneRequested(doc->canonicalYaml());
}

void ScheduledView::deleteSelected(bool confirm)
{
    const QJsonObject meta = at(currentObject(), QStringLiteral("metadata")).toObject();
    if (meta.isEmpty() || !m_client)
        return;
    const QString ns = at(meta, QStringLiteral("namespace")).toString();
    const QString name = at(meta, QStringLiteral("name")).toString();
    if (confirm
        && !confirmAction(this, tr("Delete ScheduledSparkApplication"),
                          tr("Delete the ScheduledSparkApplication %1 in namespace %2?").arg(name, ns), tr("Delete"),
                          tr("No further runs start. The SparkApplications of past runs are deleted with it.")))
        return;
    kube::deleteObject(m_client, kube::ResourceKind::scheduledSparkApplications().objectPath(ns, name), this,
                       [this, ns, name](const kube::KubeError& error) {
                           emit message(error.isError() ? tr("Could not delete %1/%2: %3").arg(ns, name, error.summary())
                                                        : tr("Deleted %1/%2").arg(ns, name));
                       });
}

} // namespace ui
