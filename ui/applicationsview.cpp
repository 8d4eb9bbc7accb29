#include "ui/applicationsview.h"

#include "models/applicationsfilter.h"
#include "models/applicationsmodel.h"
#include "ui/stateicons.h"

#include <QCheckBox>
#include <QComboBox>
#include <QConcatenateTablesProxyModel>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QEvent>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace ui {

ApplicationsView::ApplicationsView(model::ApplicationsModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_rows(new QConcatenateTablesProxyModel(this))
    , m_showGone(new QCheckBox(tr("Show gone applications"), this))
    , m_proxy(new model::ApplicationsFilter(this))
    , m_table(new QTableView(this))
    , m_filter(new QLineEdit(this))
    , m_state(new QComboBox(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    m_filter->setObjectName(QStringLiteral("applicationsFilter"));
    m_filter->setPlaceholderText(tr("Filter: name, namespace, state or label=value  (press / in the table)"));
    m_filter->setClearButtonEnabled(true);
    bar->addWidget(m_filter, 1);
    m_state->setObjectName(QStringLiteral("stateFilter"));
    m_state->addItem(tr("All states"), QString());
    m_state->addItem(tr("Active (not finished)"), QStringLiteral("active"));
    m_state->addItem(tr("Completed"), QStringLiteral("completed"));
    m_state->addItem(tr("Failed"), QStringLiteral("failed"));
    m_state->insertSeparator(m_state->count());
    for (const QString& state : model::spark::applicationStates())
        m_state->addItem(ui::stateIcon(state), model::spark::stateLabel(state), state.isEmpty() ? QStringLiteral("NEW") : state);
    bar->addWidget(m_state);
    m_showGone->setObjectName(QStringLiteral("showGoneApplications"));
    m_showGone->setToolTip(tr("Also list the finished applications of this cluster that were deleted from it, greyed, "
                              "as SparkDeck kept them (double-click one to open it in the History tab)"));
    m_showGone->hide();
    connect(m_showGone, &QCheckBox::toggled, this, &ApplicationsView::showGoneToggled);
    bar->addWidget(m_showGone);
    layout->addLayout(bar);

    m_rows->addSourceModel(model);
    m_proxy->setSourceModel(m_rows);
    m_proxy->setApplications(model);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &model::ApplicationsFilter::setText);
    connect(m_state, &QComboBox::activated, this, [this] {
        m_proxy->setStateFilter(m_state->currentData().toString());
    });

    // When the selected row goes away, select nothing rather than whichever row slides into its
    // place: actions such as Delete must never apply to an application the user did not pick.
    // Connected before the table gets the model, so this runs before QAbstractItemView moves the
    // current index to a neighbour.
    connect(m_proxy, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this](const QModelIndex&, int first, int last) {
        const int current = m_table->selectionModel()->currentIndex().row();
        if (current >= first && current <= last) {
            m_table->selectionModel()->clear();
            m_table->selectionModel()->setCurrentIndex(QModelIndex(), QItemSelectionModel::NoUpdate);
        }
    });
    m_table->setObjectName(QStringLiteral("applicationsTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(model::ApplicationsModel::Age, Qt::DescendingOrder);
    setUpObjectTable(m_table);
    QHeaderView* header = m_table->horizontalHeader();
    header->setStretchLastSection(false);
    // Widths that fit the header and the longest usual value, so nothing is cut off at first sight.
    auto fit = [this](int column, const QString& sample, int extra = 0) { fitColumn(m_table, column, sample, extra); };
    fit(model::ApplicationsModel::Namespace, QStringLiteral("spark-jobs-01"));
    fit(model::ApplicationsModel::State, QStringLiteral("SUBMISSION_FAILED"), 22);
    fit(model::ApplicationsModel::Type, QStringLiteral("Python"));
    fit(model::ApplicationsModel::Attempts, QStringLiteral("10 / 10"));
    fit(model::ApplicationsModel::Executors, QStringLiteral("10 / 10"));
    fit(model::ApplicationsModel::Start, QStringLiteral("00:00:00"));
    fit(model::ApplicationsModel::Finish, QStringLiteral("00:00:00"));
    fit(model::ApplicationsModel::Duration, QStringLiteral("59m 59s"));
    fit(model::ApplicationsModel::Age, QStringLiteral("59m 59s"));
    fit(model::ApplicationsModel::Suspend, QStringLiteral("yes"));
    fit(model::ApplicationsModel::DriverPod, QStringLiteral("spark-pi-driver"));
    fit(model::ApplicationsModel::SparkAppId, QStringLiteral("spark-0123456789abcdef"));
    // The name takes what is left.
    header->setSectionResizeMode(model::ApplicationsModel::Name, QHeaderView::Stretch);
    layout->addWidget(m_table, 1);

    m_empty = new QLabel(m_table->viewport());
    m_empty->setObjectName(QStringLiteral("emptyTableText"));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_table->viewport()->installEventFilter(this);
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &ApplicationsView::updateEmptyText);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &ApplicationsView::updateEmptyText);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &ApplicationsView::updateEmptyText);
    updateEmptyText();

    // Ages and durations move with the clock: refresh only the rows on screen (and nothing while
    // the table is hidden); the others are read again when they are scrolled into view.
    m_model->addTimeViewer(this, [this] { return visibleSourceRows(); });

    connect(m_table, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        const QModelIndex source = m_rows->mapToSource(m_proxy->mapToSource(index));
        if (m_gone && source.model() == m_gone)
            emit goneActivated(index.data(model::ApplicationsModel::KeyRole).toString());
    });
    auto followCurrent = [this] {
        const QString key = currentKey();
        if (key != m_lastKey) {
            m_lastKey = key;
            emit currentChanged(key);
        }
    };
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, followCurrent);
    // A reset clears the current row without currentRowChanged: say so, or selecting the same
    // application again afterwards would go unnoticed.
    connect(m_proxy, &QAbstractItemModel::modelReset, this, followCurrent);
}

void setUpObjectTable(QTableView* table)
{
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setAlternatingRowColors(true);
    table->setShowGrid(false);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 10);
    QHeaderView* header = table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setHighlightSections(false);
}

void fitColumn(QTableView* table, int column, const QString& sample, int extra)
{
    const QFontMetrics fm = table->fontMetrics();
    const QString title = table->model()->headerData(column, Qt::Horizontal).toString();
    table->setColumnWidth(column, qMax(fm.horizontalAdvance(title) + 28, fm.horizontalAdvance(sample) + 20 + extra));
}

void ApplicationsView::setGoneModel(QAbstractItemModel* gone)
{
    if (m_gone)
        m_rows->removeSourceModel(m_gone);
    m_gone = gone;
    if (gone)
        m_rows->addSourceModel(gone);
    m_showGone->setVisible(gone != nullptr);
}

void ApplicationsView::setEmptyHint(const QString& text)
{
    m_emptyHint = text;
    updateEmptyText();
}

QString ApplicationsView::emptyText() const
{
    return m_empty->isHidden() ? QString() : m_empty->text();
}

void ApplicationsView::updateEmptyText()
{
    if (m_proxy->rowCount() > 0) {
        m_empty->hide();
        return;
    }
    if (m_model->rowCount() > 0)
        m_empty->setText(m_model->rowCount() == 1
                             ? tr("No application matches the filter. Clear the filter box or choose All states to see it.")
                             : tr("No application matches the filter. Clear the filter box or choose All states to see "
                                  "all %n applications.", nullptr, m_model->rowCount()));
    else
        m_empty->setText(m_emptyHint.isEmpty() ? tr("No SparkApplications here yet. Create one with New application "
                                                    "(Ctrl+N), or choose another namespace.")
                                               : m_emptyHint);
    m_empty->setGeometry(m_table->viewport()->rect().adjusted(24, 24, -24, -24));
    m_empty->show();
}

bool ApplicationsView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_table->viewport() && event->type() == QEvent::Resize)
        m_empty->setGeometry(m_table->viewport()->rect().adjusted(24, 24, -24, -24));
    return QWidget::eventFilter(watched, event);
}

std::optional<QList<int>> ApplicationsView::visibleSourceRows() const
{
    if (!m_table->isVisible())
        return std::nullopt;
    QList<int> rows;
    const int top = m_table->rowAt(0);
    if (top < 0)
        return rows;
    int bottom = m_table->rowAt(m_table->viewport()->height() - 1);
    if (bottom < 0)
        bottom = m_proxy->rowCount() - 1;
    for (int row = top; row <= bottom; ++row) {
        const QModelIndex source = m_rows->mapToSource(m_proxy->mapToSource(m_proxy->index(row, 0)));
        if (source.model() == m_model)
            rows << source.row();
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

QString ApplicationsView::currentKey() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    return current.isValid() ? current.data(model::ApplicationsModel::KeyRole).toString() : QString();
}

bool ApplicationsView::selectKey(const QString& key)
{
    const int row = m_model->rowOf(key);
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_rows->mapFromSource(m_model->index(row, 0)));
    if (!index.isValid())
        return false;
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    return true;
}

} // namespace ui
