#include "applicationsview.h"

#include "applicationsmodel.h"

#include <QFontMetrics>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace ui {

ApplicationsView::ApplicationsView(model::ApplicationsModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new QTableView(this))
    , m_filter(new QLineEdit(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_filter->setPlaceholderText(tr("Filter by name, namespace or state"));
    m_filter->setClearButtonEnabled(true);
    layout->addWidget(m_filter);

    m_proxy->setSourceModel(model);
    m_proxy->setSortRole(model::ApplicationsModel::SortRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_table->setObjectName(QStringLiteral("applicationsTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(model::ApplicationsModel::Age, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    QHeaderView* header = m_table->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setHighlightSections(false);
    // Widths that fit the header and the longest usual value, so nothing is cut off at first sight.
    const QFontMetrics fm = m_table->fontMetrics();
    auto fit = [&](int column, const QString& sample, int extra = 0) {
        const QString title = model->headerData(column, Qt::Horizontal).toString();
        m_table->setColumnWidth(column, qMax(fm.horizontalAdvance(title) + 28, fm.horizontalAdvance(sample) + 20 + extra));
    };
    fit(model::ApplicationsModel::Namespace, QStringLiteral("spark-jobs-01"));
    fit(model::ApplicationsModel::State, QStringLiteral("SUBMISSION_FAILED"), 22);
    fit(model::ApplicationsModel::Type, QStringLiteral("Python"));
    fit(model::ApplicationsModel::Attempts, QStringLiteral("10 / 10"));
    fit(model::ApplicationsModel::Executors, QStringLiteral("10 / 10"));
    fit(model::ApplicationsModel::Start, QStringLiteral("00:00:00"));
    fit(model::ApplicationsModel::Finish, QStringLiteral("00:00:00"));
    fit(model::ApplicationsModel::Duration, QStringLiteral("59m 59s"));
    fit(model::ApplicationsModel::Age, QStringLiteral("59m 59s"));
    // The name takes what is left.
    header->setSectionResizeMode(model::ApplicationsModel::Name, QHeaderView::Stretch);
    layout->addWidget(m_table, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        const QString key = currentKey();
        if (key != m_lastKey) {
            m_lastKey = key;
            emit currentChanged(key);
        }
    });
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
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid())
        return false;
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    return true;
}

} // namespace ui
