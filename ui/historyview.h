#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;
class QTableWidget;
class QTextBrowser;
class QToolButton;
class QVBoxLayout;

namespace history {
class HistoryRunsModel;
class HistoryStore;
}

namespace ui {

class DiagnosisPanel;
class YamlEditor;

/// The History tab: the runs SparkDeck kept (history::HistoryStore), newest first, in a table with
/// a text filter (name, namespace, state), a namespace and a state filter; runs gone from the
/// cluster are greyed and marked "Gone". For the selected run, tabs show its summary (state
/// history as SparkDeck observed it, error, pod terminations), its events, its driver log and its
/// YAML (read-only), and a Diagnosis tab (ui::DiagnosisPanel: what went wrong and what to change,
/// with a link that opens a copy in the job editor at the field). Actions: Re-submit (emits cloneRequested() with a copy for the job editor,
/// which asks before anything is created), Export bundle… (a file dialog, then
/// HistoryStore::exportBundle(); a message box says why when it fails) and Delete from history
/// (asks first). Reads the store on the GUI thread; the store outlives the view.
class HistoryView : public QWidget {
    Q_OBJECT
public:
    enum Tab { SummaryTab, DiagnosisTab, EventsTab, LogTab, YamlTab };

    explicit HistoryView(QWidget* parent = nullptr);

    /// Shows the runs of `store` (nullptr = none). Not owned.
    void setStore(history::HistoryStore* store);
    history::HistoryStore* store() const;
    history::HistoryRunsModel* model() const { return m_model; }

    /// Selects run `id`; false when it is not listed (or filtered out: then the filters are cleared
    /// and it is tried again).
    bool selectRun(qint64 id);
    /// The selected run's id, 0 when none.
    qint64 currentRunId() const { return m_runId; }

    QTableView* table() const { return m_table; }
    QLineEdit* filterEdit() const { return m_filter; }
    QComboBox* namespaceFilter() const { return m_namespace; }
    QComboBox* stateFilter() const { return m_state; }
    QTabWidget* tabs() const { return m_tabs; }
    /// The Diagnosis tab's panel: model::diagnose() over the selected run as stored (its object,
    /// events, pod terminations and the first exception of its driver log).
    DiagnosisPanel* diagnosisPanel() const { return m_diagnosis; }
    /// The shown texts of the selected run, for tests: summary (plain text), driver log, YAML, and
    /// the events table's rows as "TYPE REASON: MESSAGE" lines.
    QString summaryText() const;
    QString logText() const;
    QString yamlText() const;
    QStringList eventLines() const;
    /// The line over the tabs ("spark-pi · Failed · Gone from the cluster").
    QString headerText() const;

public slots:
    /// Emits cloneRequested() with a copy of the selected run (session::cloneYamlOf()).
    void resubmit();
    /// Asks for a file (QFileDialog), then exportBundleTo().
    void exportBundle();
    /// Writes the selected run's bundle to `path`; on failure shows the store's error in a message
    /// box (unless `quiet`) and returns false.
    bool exportBundleTo(const QString& path, bool quiet = false);
    /// Deletes the selected run from the history; with `confirm`, asks first.
    void deleteRun(bool confirm = true);

signals:
    /// YAML of a copy of the selected run, for the job editor.
    void cloneRequested(const QString& yaml);
    /// The diagnosis' "Change <field>" link: a copy of the selected run, to open in the job editor
    /// with `field` (a model::FieldSpec path) focused.
    void changeFieldRequested(const QString& yaml, const QString& field);
    /// The selected run changed (0: none).
    void currentRunChanged(qint64 id);
    /// A short outcome for the status bar.
    void message(const QString& text);

private:
    void showRun(qint64 id);
    void updateNamespaces();
    void applyFilters();

    history::HistoryRunsModel* m_model;
    QSortFilterProxyModel* m_proxy;
    qint64 m_runId = 0;
    QLineEdit* m_filter;
    QComboBox* m_namespace;
    QComboBox* m_state;
    QLabel* m_countLabel;
    QTableView* m_table;
    QLabel* m_empty;
    QLabel* m_header;
    QToolButton* m_resubmit;
    QToolButton* m_export;
    QToolButton* m_delete;
    QTabWidget* m_tabs;
    QTextBrowser* m_summary;
    DiagnosisPanel* m_diagnosis;
    QLabel* m_noDiagnosis;
    QTableWidget* m_events;
    QPlainTextEdit* m_log;
    YamlEditor* m_yaml;
};

} // namespace ui
