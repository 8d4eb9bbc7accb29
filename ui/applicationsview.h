#pragma once

#include <QWidget>

class QComboBox;
class QLineEdit;
class QTableView;

namespace model {
class ApplicationsFilter;
class ApplicationsModel;
}

namespace ui {

/// The applications table: a sortable view of model::ApplicationsModel with a filter box (name,
/// namespace, state, key=value labels) and a state filter. Selection is kept by key
/// ("namespace/name") while rows update, and reported through currentChanged().
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

signals:
    /// The selected application changed (empty key: nothing selected).
    void currentChanged(const QString& key);

private:
    model::ApplicationsModel* m_model;
    model::ApplicationsFilter* m_proxy;
    QTableView* m_table;
    QLineEdit* m_filter;
    QComboBox* m_state;
    QString m_lastKey;
};

} // namespace ui
