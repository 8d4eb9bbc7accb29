#include "ui/historyview.h"
#include "app/session/rundiagnosis.h"
#include "ui/diagnosispanel.h"

#include "app/history/historyrunsmodel.h"
#include "app/history/historystore.h"
#include "app/session/applicationactions.h"
#include "models/sparkapplication.h"
#include "models/tablecells.h"
#include "models/yamldocument.h"
#include "ui/applicationsview.h"
#include "ui/confirm.h"
#include "ui/stateicons.h"
#include "ui/yamleditor.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTextDocument>
#include <QToolButton>
#include <QVBoxLayout>

namespace ui {

namespace {

using history::HistoryRunsModel;

/// Keeps the runs matching the text terms (name, namespace, state), the namespace and the state
/// group; sorts by HistoryRunsModel::SortRole.
class HistoryFilter : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    QStringList terms;
    QString ns;    // "" = all
    QString state; // "", "completed", "failed", "gone", "present"

    void update() { invalidateFilter(); }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override
    {
        const QModelIndex name = sourceModel()->index(row, HistoryRunsModel::Name, parent);
        const QString runState = name.data(HistoryRunsModel::StateRole).toString();
        const QString runNs = sourceModel()->index(row, HistoryRunsModel::Namespace, parent).data().toString();
        if (!ns.isEmpty() && runNs != ns)
            return false;
        const bool gone = name.data(HistoryRunsModel::GoneRole).toBool();
        if (state == QLatin1String("completed") && runState != QLatin1String("COMPLETED"))
            return false;
        if (state == QLatin1String("failed") && runState != QLatin1String("FAILED") && runState != QLatin1String("SUBMISSION_FAILED"))
            return false;
        if (state == QLatin1String("gone") && !gone)
            return false;
        const QString label = model::spark::stateLabel(runState);
        for (const QString& term : terms)
            if (!name.data().toString().contains(term, Qt::CaseInsensitive) && !runNs.contains(term, Qt::CaseInsensitive)
                && !label.contains(term, Qt::CaseInsensitive) && !runState.contains(term, Qt::CaseInsensitive))
                return false;
        return true;
    }
};

QString timeText(const QDateTime& t)
{
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QLocale::ShortFormat) : QString();
}

QString eventTime(const QJsonObject& event)
{
    for (const char* field : {"lastTimestamp", "eventTime", "firstTimestamp"})
        if (const QString t = model::cells::str(event, field); !t.isEmpty())
            return timeText(model::cells::time(t));
    return {};
}

} // namespace

HistoryView::HistoryView(QWidget* parent)
    : QWidget(parent)
    , m_model(new HistoryRunsModel(this))
    , m_proxy(new HistoryFilter(this))
{
    setObjectName(QStringLiteral("historyView"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* bar = new QHBoxLayout;
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("historyFilter"));
    m_filter->setPlaceholderText(tr("Filter the runs kept: name, namespace or state"));
    m_filter->setClearButtonEnabled(true);
    bar->addWidget(m_filter, 1);
    m_namespace = new QComboBox(this);
    m_namespace->setObjectName(QStringLiteral("historyNamespace"));
    m_namespace->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_namespace->addItem(tr("All namespaces"), QString());
    bar->addWidget(m_namespace);
    m_state = new QComboBox(this);
    m_state->setObjectName(QStringLiteral("historyState"));
    m_state->addItem(tr("All runs"), QString());
    m_state->addItem(stateIcon(QStringLiteral("COMPLETED")), tr("Completed"), QStringLiteral("completed"));
    m_state->addItem(stateIcon(QStringLiteral("FAILED")), tr("Failed"), QStringLiteral("failed"));
    m_state->addItem(tr("Gone from the cluster"), QStringLiteral("gone"));
    bar->addWidget(m_state);
    m_countLabel = new QLabel(this);
    m_countLabel->setForegroundRole(QPalette::PlaceholderText);
    bar->addWidget(m_countLabel);
    layout->addLayout(bar);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    layout->addWidget(splitter, 1);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(HistoryRunsModel::SortRole);
    m_proxy->setDynamicSortFilter(true);
    m_table = new QTableView(splitter);
    m_table->setObjectName(QStringLiteral("historyTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(HistoryRunsModel::Finished, Qt::DescendingOrder);
    setUpObjectTable(m_table);
    QHeaderView* header = m_table->horizontalHeader();
    auto fit = [this](int column, const QString& sample, int extra = 0) { fitColumn(m_table, column, sample, extra); };
    fit(HistoryRunsModel::Namespace, QStringLiteral("spark-jobs-01"));
    fit(HistoryRunsModel::State, QStringLiteral("SUBMISSION_FAILED · Gone"), 22);
    fit(HistoryRunsModel::Finished, QStringLiteral("59m 59s ago"));
    fit(HistoryRunsModel::Duration, QStringLiteral("59m 59s"));
    fit(HistoryRunsModel::Context, QStringLiteral("kind-spark-cluster"));
    header->setSectionResizeMode(HistoryRunsModel::Name, QHeaderView::Stretch);
    m_empty = new QLabel(m_table->viewport());
    m_empty->setObjectName(QStringLiteral("historyEmptyText"));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_empty->setGeometry(24, 24, 600, 80);

    auto* details = new QWidget(splitter);
    auto* detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 4, 0, 0);
    auto* actions = new QHBoxLayout;
    m_header = new QLabel(details);
    m_header->setObjectName(QStringLiteral("historyHeader"));
    m_header->setTextFormat(Qt::RichText);
    actions->addWidget(m_header, 1);
    auto button = [&](const QString& text, const QString& tip, const char* name) {
        auto* b = new QToolButton(details);
        b->setText(text);
        b->setToolTip(tip);
        b->setObjectName(QLatin1String(name));
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        actions->addWidget(b);
        return b;
    };
    m_resubmit = button(tr("Re-submit"), tr("Open a copy of this run in the job editor; nothing is created until you submit it there"),
                        "historyResubmit");
    m_export = button(tr("Export bundle…"), tr("Write the run (YAML, status, events, driver log) as a .tar.gz to attach to a bug report"),
                      "historyExport");
    m_delete = button(tr("Delete from history"), tr("Forget this run (the cluster is not touched)"), "historyDelete");
    detailsLayout->addLayout(actions);

    m_tabs = new QTabWidget(details);
    m_tabs->setObjectName(QStringLiteral("historyTabs"));
    m_tabs->setDocumentMode(true);
    m_summary = new QTextBrowser(m_tabs);
    m_summary->setObjectName(QStringLiteral("historySummary"));
    m_tabs->addTab(m_summary, tr("Summary"));
    auto* diagnosisArea = new QWidget(m_tabs);
    diagnosisArea->setObjectName(QStringLiteral("historyDiagnosisArea"));
    auto* diagnosisLayout = new QVBoxLayout(diagnosisArea);
    m_diagnosis = new DiagnosisPanel(diagnosisArea);
    m_noDiagnosis = new QLabel(diagnosisArea);
    m_noDiagnosis->setObjectName(QStringLiteral("historyNoDiagnosis"));
    m_noDiagnosis->setWordWrap(true);
    diagnosisLayout->addWidget(m_diagnosis);
    diagnosisLayout->addWidget(m_noDiagnosis);
    diagnosisLayout->addStretch(1);
    m_tabs->addTab(diagnosisArea, tr("Diagnosis"));
    connect(m_diagnosis, &DiagnosisPanel::changeFieldRequested, this, [this](const QString& field) {
        const int row = m_model->rowOfId(m_runId);
        if (row < 0)
            return;
        if (const QString yaml = session::cloneYamlOf(m_model->runAt(row).object); !yaml.isEmpty())
            emit changeFieldRequested(yaml, field);
    });
    m_events = new QTableWidget(0, 5, m_tabs);
    m_events->setObjectName(QStringLiteral("historyEvents"));
    m_events->setHorizontalHeaderLabels({tr("Type"), tr("Reason"), tr("Object"), tr("Message"), tr("Last seen")});
    m_events->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_events->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_events->setShowGrid(false);
    m_events->setWordWrap(false);
    m_events->verticalHeader()->hide();
    m_events->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_events->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
    m_tabs->addTab(m_events, tr("Events"));
    m_log = new QPlainTextEdit(m_tabs);
    m_log->setObjectName(QStringLiteral("historyLog"));
    m_log->setReadOnly(true);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_tabs->addTab(m_log, tr("Driver log"));
    m_yaml = new YamlEditor(m_tabs);
    m_yaml->setObjectName(QStringLiteral("historyYaml"));
    m_yaml->setReadOnly(true);
    m_tabs->addTab(m_yaml, tr("YAML"));
    detailsLayout->addWidget(m_tabs, 1);
    splitter->addWidget(m_table);
    splitter->addWidget(details);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);

    connect(m_filter, &QLineEdit::textChanged, this, &HistoryView::applyFilters);
    connect(m_namespace, &QComboBox::activated, this, &HistoryView::applyFilters);
    connect(m_state, &QComboBox::activated, this, &HistoryView::applyFilters);
    connect(m_resubmit, &QToolButton::clicked, this, &HistoryView::resubmit);
    connect(m_export, &QToolButton::clicked, this, &HistoryView::exportBundle);
    connect(m_delete, &QToolButton::clicked, this, [this] { deleteRun(true); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
        showRun(current.isValid() ? current.data(HistoryRunsModel::RunIdRole).toLongLong() : 0);
    });
    auto listChanged = [this] {
        updateNamespaces();
        const int shown = m_proxy->rowCount(), all = m_model->rowCount();
        m_countLabel->setText(shown == all ? tr("%n run(s)", nullptr, all) : tr("%1 of %n run(s)", nullptr, all).arg(shown));
        if (shown > 0)
            m_empty->hide();
        else {
            m_empty->setText(all > 0 ? tr("No run matches the filters.")
                                     : tr("No runs kept yet. Every SparkApplication SparkDeck sees finish (completed or "
                                          "failed) is kept here with its events and driver log, also after it is deleted "
                                          "from the cluster."));
            m_empty->setGeometry(m_table->viewport()->rect().adjusted(24, 24, -24, -24));
            m_empty->show();
        }
        // The selected run may have been deleted, or re-read (the model resets when runs come and go).
        if (m_runId != 0) {
            const int row = m_model->rowOfId(m_runId);
            const QModelIndex index = row < 0 ? QModelIndex() : m_proxy->mapFromSource(m_model->index(row, 0));
            if (!index.isValid())
                showRun(0);
            else if (m_table->selectionModel()->currentIndex().row() != index.row())
                m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            else
                showRun(m_runId); // its data may have changed (e.g. it is gone now)
        }
    };
    connect(m_proxy, &QAbstractItemModel::modelReset, this, listChanged);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, listChanged);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, listChanged);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, listChanged);
    listChanged();
    showRun(0);
}

void HistoryView::setStore(history::HistoryStore* store)
{
    m_model->setStore(store);
}

history::HistoryStore* HistoryView::store() const
{
    return m_model->store();
}

void HistoryView::updateNamespaces()
{
    QStringList names;
    for (int row = 0; row < m_model->rowCount(); ++row)
        names << m_model->runAt(row).ns;
    names.removeDuplicates();
    names.sort();
    const QString current = m_namespace->currentData().toString();
    QStringList listed;
    for (int i = 1; i < m_namespace->count(); ++i)
        listed << m_namespace->itemData(i).toString();
    if (listed == names)
        return;
    m_namespace->clear();
    m_namespace->addItem(tr("All namespaces"), QString());
    for (const QString& ns : std::as_const(names))
        m_namespace->addItem(ns, ns);
    const int keep = m_namespace->findData(current);
    m_namespace->setCurrentIndex(keep < 0 ? 0 : keep);
}

void HistoryView::applyFilters()
{
    auto* filter = static_cast<HistoryFilter*>(m_proxy);
    filter->terms = m_filter->text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    filter->ns = m_namespace->currentData().toString();
    filter->state = m_state->currentData().toString();
    filter->update();
}

bool HistoryView::selectRun(qint64 id)
{
    const int row = m_model->rowOfId(id);
    if (row < 0)
        return false;
    QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid()) {
        m_filter->clear();
        m_namespace->setCurrentIndex(0);
        m_state->setCurrentIndex(0);
        applyFilters();
        index = m_proxy->mapFromSource(m_model->index(row, 0));
    }
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    return true;
}

void HistoryView::showRun(qint64 id)
{
    const bool changed = id != m_runId;
    m_runId = id;
    const int row = m_model->rowOfId(id);
    const history::Run run = row >= 0 ? m_model->runAt(row) : history::Run();
    for (QToolButton* b : {m_resubmit, m_export, m_delete})
        b->setEnabled(row >= 0);
    m_events->setRowCount(0);
    if (row < 0) {
        m_header->setText(m_model->rowCount() > 0 ? tr("Select a run to see its events, driver log and YAML.") : QString());
        m_summary->clear();
        m_log->clear();
        m_yaml->clear();
        m_diagnosis->clear();
        m_noDiagnosis->clear();
        if (changed)
            emit currentRunChanged(0);
        return;
    }
    const QString state = model::spark::stateLabel(run.state);
    m_header->setText(QStringLiteral("<b>%1</b>  <span style='color:gray'>%2</span>  %3%4")
                          .arg(run.name.toHtmlEscaped(), run.ns.toHtmlEscaped(), state.toHtmlEscaped(),
                               run.goneFromCluster ? QStringLiteral("  <span style='color:gray'>· %1</span>").arg(tr("Gone from the cluster"))
                                                   : QString()));

    // Summary: what happened, as SparkDeck saw it.
    QString html;
    auto row2 = [&html](const QString& key, const QString& value) {
        if (!value.isEmpty())
            html += QStringLiteral("<tr><td style='color:gray;padding-right:12px'>%1</td><td>%2</td></tr>").arg(key.toHtmlEscaped(), value);
    };
    html += QStringLiteral("<table cellspacing=2>");
    row2(tr("State"), state.toHtmlEscaped());
    row2(tr("Error"), QStringLiteral("<span style='color:#d93b3b'>%1</span>").arg(run.errorMessage.toHtmlEscaped()));
    row2(tr("Created"), timeText(run.created));
    row2(tr("Finished"), timeText(run.finished));
    row2(tr("Spark app ID"), run.sparkApplicationId.toHtmlEscaped());
    row2(tr("Context"), (run.context.isEmpty() ? run.cluster : QStringLiteral("%1 (%2)").arg(run.context, run.cluster)).toHtmlEscaped());
    row2(tr("On the cluster"), run.goneFromCluster ? tr("gone: deleted from the cluster; SparkDeck kept what is shown here")
                                                   : tr("still there (see the Applications tab)"));
    row2(tr("Driver log"), run.driverLogBytes > 0 ? QLocale().formattedDataSize(run.driverLogBytes) : tr("none kept"));
    html += QStringLiteral("</table>");
    if (!run.stateHistory.isEmpty()) {
        html += QStringLiteral("<h4>%1</h4><table cellspacing=2>").arg(tr("State history (as SparkDeck saw it)"));
        for (const QJsonValue& v : run.stateHistory) {
            const QJsonObject change = v.toObject();
            html += QStringLiteral("<tr><td style='padding-right:12px'>%1</td><td>%2</td></tr>")
                        .arg(timeText(model::cells::time(model::cells::str(change, "at"))),
                             model::spark::stateLabel(model::cells::str(change, "state")).toHtmlEscaped());
        }
        html += QStringLiteral("</table>");
    }
    if (!run.podTerminations.isEmpty()) {
        html += QStringLiteral("<h4>%1</h4><table cellspacing=2><tr style='color:gray'><td>%2</td><td>%3</td><td>%4</td>"
                               "<td>%5</td><td>%6</td></tr>")
                    .arg(tr("Terminations"), tr("Pod"), tr("Container"), tr("Reason"), tr("Exit code"), tr("Message"));
        for (const QJsonValue& v : run.podTerminations) {
            const QJsonObject t = v.toObject();
            const QJsonValue exit = t.value(QLatin1String("exitCode"));
            html += QStringLiteral("<tr><td style='padding-right:12px'>%1</td><td style='padding-right:12px'>%2</td>"
                                   "<td style='padding-right:12px'>%3</td><td style='padding-right:12px'>%4</td><td>%5</td></tr>")
                        .arg(model::cells::str(t, "pod").toHtmlEscaped(), model::cells::str(t, "container").toHtmlEscaped(),
                             model::cells::str(t, "reason").toHtmlEscaped(),
                             exit.isDouble() ? QString::number(exit.toInt()) : exit.toString().toHtmlEscaped(),
                             model::cells::str(t, "message").toHtmlEscaped());
        }
        html += QStringLiteral("</table>");
    }
    m_summary->setHtml(html);

    // Events, newest first.
    m_events->setRowCount(int(run.events.size()));
    for (qsizetype i = 0; i < run.events.size(); ++i) {
        const QJsonObject e = run.events.at(run.events.size() - 1 - i).toObject();
        const QJsonObject involved = model::cells::sub(e, "involvedObject");
        const QStringList cells{model::cells::str(e, "type"), model::cells::str(e, "reason"),
                                QStringLiteral("%1/%2").arg(model::cells::str(involved, "kind").toLower(), model::cells::str(involved, "name")),
                                model::cells::str(e, "message"), eventTime(e)};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c == 3)
                item->setToolTip(cells[c]);
            if (cells[0] == QLatin1String("Warning") && c < 2)
                item->setForeground(QColor(0xd9, 0x8e, 0x04));
            m_events->setItem(int(i), c, item);
        }
    }
    m_events->resizeColumnToContents(0);
    m_events->resizeColumnToContents(1);
    m_events->resizeColumnToContents(2);

    const QByteArray log = m_model->store() ? m_model->store()->driverLog(run.id) : QByteArray();
    m_log->setPlainText(log.isEmpty() ? tr("(No driver log was kept for this run.)") : QString::fromUtf8(log));
    m_diagnosis->setInput(session::diagnosisInputOf(run, log));
    m_noDiagnosis->setVisible(m_diagnosis->diagnosis().isEmpty());
    m_noDiagnosis->setText(tr("Nothing to diagnose: the run ended %1 and what SparkDeck kept of it (events, pod "
                              "terminations, driver log) shows no failure.").arg(run.state.isEmpty() ? tr("without a state") : run.state));
    m_yaml->setPlainText(model::YamlDocument::canonicalYamlOf(run.object));
    if (changed)
        emit currentRunChanged(id);
}

QString HistoryView::summaryText() const
{
    return m_summary->toPlainText();
}

QString HistoryView::logText() const
{
    return m_log->toPlainText();
}

QString HistoryView::yamlText() const
{
    return m_yaml->toPlainText();
}

QString HistoryView::headerText() const
{
    QTextDocument doc;
    doc.setHtml(m_header->text());
    return doc.toPlainText();
}

QStringList HistoryView::eventLines() const
{
    QStringList lines;
    for (int r = 0; r < m_events->rowCount(); ++r)
        lines << QStringLiteral("%1 %2: %3").arg(m_events->item(r, 0)->text(), m_events->item(r, 1)->text(), m_events->item(r, 3)->text());
    return lines;
}

void HistoryView::resubmit()
{
    const int row = m_model->rowOfId(m_runId);
    if (row < 0)
        return;
    if (const QString yaml = session::cloneYamlOf(m_model->runAt(row).object); !yaml.isEmpty())
        emit cloneRequested(yaml);
    else
        emit message(tr("This run kept no object to copy"));
}

void HistoryView::exportBundle()
{
    const int row = m_model->rowOfId(m_runId);
    if (row < 0)
        return;
    const history::Run run = m_model->runAt(row);
    const QString suggested = QDir::homePath() + QLatin1Char('/')
        + QStringLiteral("%1-%2.tar.gz").arg(run.name, run.finished.toUTC().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export %1 as a bundle").arg(run.name), suggested,
                                                      tr("Bundles (*.tar.gz)"));
    if (!path.isEmpty())
        exportBundleTo(path);
}

bool HistoryView::exportBundleTo(const QString& path, bool quiet)
{
    history::HistoryStore* store = m_model->store();
    if (!store || m_model->rowOfId(m_runId) < 0)
        return false;
    if (store->exportBundle(m_runId, path)) {
        emit message(tr("Exported the run to %1").arg(path));
        return true;
    }
    if (!quiet)
        QMessageBox::warning(this, tr("Export bundle"),
                             tr("Could not write %1:\n\n%2\n\nChoose another file or folder.").arg(path, store->error()));
    return false;
}

void HistoryView::deleteRun(bool confirm)
{
    history::HistoryStore* store = m_model->store();
    const int row = m_model->rowOfId(m_runId);
    if (!store || row < 0)
        return;
    const history::Run run = m_model->runAt(row);
    if (confirm
        && !confirmAction(this, tr("Delete from history"),
                          tr("Delete the kept run of %1/%2 (%3) from SparkDeck's history?").arg(run.ns, run.name, model::spark::stateLabel(run.state)),
                          tr("Delete"),
                          run.goneFromCluster ? tr("Its YAML, events and driver log are gone for good: the cluster no longer has them either.")
                                              : tr("The application on the cluster is not touched.")))
        return;
    if (store->remove(run.id))
        emit message(tr("Deleted %1/%2 from the history").arg(run.ns, run.name));
    else
        QMessageBox::warning(this, tr("Delete from history"), store->error());
}

} // namespace ui
