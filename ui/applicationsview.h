#pragma once

#include <QWidget>

#include <optional>

class QAbstractItemModel;
class QCheckBox;
class QComboBox;
class QConcatenateTablesProxyModel;
class QLabel;
class QLineEdit;
class QTableView;

namespace model {
class ApplicationsFilter;
class ApplicationsModel;
}

namespace ui {

/// The applications table: a sortable view of model::ApplicationsModel with a filter box (name,
/// namespace, state, key=value labels) and a state filter. Selection is kept by key
/// ("namespace/name") while rows update, and reported through currentChanged(); when the selected
/// row goes away (deleted, or re-run) nothing is selected rather than a neighbour. An empty table
/// says why and what to do (emptyText()).
class ApplicationsView : public QWidget {
    Q_OBJECT
public:
    explicit ApplicationsView(model::ApplicationsModel* model, QWidget* parent = nullptr);

    /// Key of the selected application, empty when none.
    QString currentKey() const;
    /// Selects the row of `key`; false when it is not in the table (or filtered out).
    bool selectKey(const QString& key);
    QTableView* table() const { return m_table; }
    QLineEdit* filterEdit() const { return m_filter; }
    QComboBox* stateFilter() const { return m_state; }
    model::ApplicationsFilter* proxy() const { return m_proxy; }
    /// Rows of applications gone from the cluster (laid out in ApplicationsModel's columns and roles,
    /// e.g. history::GoneApplicationsModel; KeyRole values must not be keys of live applications),
    /// listed under the live ones, greyed by their model. Shows the "Show gone applications" check
    /// box, which emits showGoneToggled(); the model decides what it lists. Not owned.
    void setGoneModel(QAbstractItemModel* gone);
    QCheckBox* showGoneBox() const { return m_showGone; }
    /// The rows of the ApplicationsModel on screen now, ascending (std::nullopt while the table is
    /// not shown): the only rows whose Age and Duration the model refreshes every second.
    std::optional<QList<int>> visibleSourceRows() const;
    /// What an empty table says when no application exists at all (e.g. how to create one).
    void setEmptyHint(const QString& text);
    /// The text shown over the empty table; "" while the table has rows.
    QString emptyText() const;

signals:
    /// The selected application changed (empty key: nothing selected).
    void currentChanged(const QString& key);
    /// "Show gone applications" was checked or cleared.
    void showGoneToggled(bool show);
    /// A gone row (of setGoneModel()'s model) was double-clicked or Enter pressed on it.
    void goneActivated(const QString& key);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void updateEmptyText();

    model::ApplicationsModel* m_model;
    QLabel* m_empty;
    QString m_emptyHint;
    QConcatenateTablesProxyModel* m_rows; // the live applications, then the gone ones
    QAbstractItemModel* m_gone = nullptr;
    QCheckBox* m_showGone;
    model::ApplicationsFilter* m_proxy;
    QTableView* m_table;
    QLineEdit* m_filter;
    QComboBox* m_state;
    QString m_lastKey;
};

/// Dresses `table` as SparkDeck's object tables are (the applications, All clusters, History): whole
/// rows, one at a time, alternating colours, no grid or wrapping, no row numbers, left-aligned
/// headers whose columns the user resizes.
void setUpObjectTable(QTableView* table);
/// Sets `column` of `table` wide enough for its header and for `sample` (plus `extra` pixels, e.g.
/// for an icon).
void fitColumn(QTableView* table, int column, const QString& sample, int extra = 0);

} // namespace ui
