#pragma once

#include "models/sparkconnect.h"

#include <QDialog>
#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QStackedWidget;
class QTableView;
class QTextBrowser;

namespace session {
class ClusterSession;
class SparkConnectSession;
}

namespace ui {

class LogViewer;
class YamlEditor;

/// The form that creates a SparkConnect: name, namespace, image, Spark version, server cores and
/// memory, executor instances, cores and memory, beside the YAML they fill in (from the template
/// model::sparkConnectTemplate(); edits either way are kept in step, and YAML the form does not
/// cover stays as typed). Says what Create will make in the cluster. Create checks the fields
/// (model::validateSparkConnectForm) and emits createRequested(); the caller answers with
/// setError() (the dialog stays open, nothing typed is lost) or closes it.
class SparkConnectCreateDialog : public QDialog {
    Q_OBJECT
public:
    /// Starts from `yaml` (a SparkConnect manifest; empty = the template) with `ns` as the namespace
    /// when `yaml` is the template.
    SparkConnectCreateDialog(const QString& yaml, const QString& ns, const QString& context, QWidget* parent = nullptr);

    /// The YAML as it is now.
    QString yaml() const;
    /// The form's fields as they are now.
    model::SparkConnectForm form() const;
    /// Shows `message` (why creating failed, what to do) and enables Create again.
    void setError(const QString& message);
    /// Disables Create while a request is in flight (`busy`).
    void setBusy(bool busy);

    QLineEdit* nameEdit() const { return m_name; }
    QLineEdit* namespaceEdit() const { return m_ns; }
    QLineEdit* imageEdit() const { return m_image; }
    QSpinBox* executorInstancesBox() const { return m_executorInstances; }
    YamlEditor* yamlEditor() const { return m_yaml; }
    QPushButton* createButton() const { return m_create; }
    /// The line under the form: what Create does, or what is wrong.
    QString messageText() const;

signals:
    /// Create was clicked and the fields are fine: `object` is the SparkConnect to create.
    void createRequested(const QJsonObject& object);

private:
    void formEdited();
    void yamlEdited();
    void fillForm(const model::SparkConnectForm& form);
    void updateMessage();

    QString m_context;
    QLineEdit* m_name;
    QLineEdit* m_ns;
    QLineEdit* m_image;
    QLineEdit* m_version;
    QSpinBox* m_serverCores;
    QLineEdit* m_serverMemory;
    QSpinBox* m_executorInstances;
    QSpinBox* m_executorCores;
    QLineEdit* m_executorMemory;
    YamlEditor* m_yaml;
    QLabel* m_message;
    QPushButton* m_create;
    bool m_syncing = false;
    bool m_yamlValid = true;
    QString m_error;
};

/// The Spark Connect tab: the SparkConnects of the watched namespace (session::SparkConnectSession)
/// in a table, the selected one's details (state with what it means, conditions, server pod and
/// Service, executors, resources) and its server's log; Create… (SparkConnectCreateDialog), Delete…
/// (asks first, naming what goes with it) and Connect (forwards port 15002 and copies
/// sc://localhost:PORT to the clipboard). A cluster without the SparkConnect CRD shows a message
/// saying so instead of the table, with Check again. Discovery starts the first time the tab is
/// shown.
class SparkConnectView : public QWidget {
    Q_OBJECT
public:
    explicit SparkConnectView(QWidget* parent = nullptr);
    ~SparkConnectView() override;

    /// Shows the SparkConnects of `cluster` (nullptr = none). The view makes a
    /// session::SparkConnectSession owned by `cluster`.
    void setSession(session::ClusterSession* cluster);
    session::SparkConnectSession* sparkConnects() const;

    /// Selects the row of `key` ("namespace/name"); false when it is not listed.
    bool selectKey(const QString& key);
    /// "namespace/name" of the selected row, empty when none.
    QString selectedKey() const;

    /// Opens the creation form (non-modal `open()`); returns it.
    SparkConnectCreateDialog* openCreateDialog();
    /// Asks, then deletes the selected SparkConnect.
    void deleteSelected();
    /// Forwards port 15002 of the selected SparkConnect's server and copies sc://localhost:PORT.
    void connectSelected();

    QTableView* table() const { return m_table; }
    LogViewer* logViewer() const { return m_log; }
    /// The text of the page shown instead of the table (why there are no SparkConnects), or empty.
    QString messageText() const;
    /// Whether that page is shown.
    bool showsMessage() const;
    /// The details of the selected SparkConnect as plain text.
    QString detailsText() const;
    /// The line that says what the last action did (created, deleted, copied sc://…).
    QString statusText() const;
    /// The line over the table while listing fails (session::SparkConnectSession::listProblem()).
    QString listProblemText() const;

signals:
    /// A one-line message for the window's status bar.
    void message(const QString& text);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void updateAvailability();
    void updateDetails();
    void updateButtons();
    void selectionChanged();
    void setStatus(const QString& text);
    /// Clears the log view showing `hint`, unless it shows that already.
    void clearLog(const QString& hint);

    QPointer<session::ClusterSession> m_cluster;
    QPointer<session::SparkConnectSession> m_session;
    QStackedWidget* m_stack;
    QLabel* m_messageLabel;
    QPushButton* m_checkAgain;
    QTableView* m_table;
    QSortFilterProxyModel* m_proxy;
    QTextBrowser* m_details;
    LogViewer* m_log;
    QPushButton* m_createButton;
    QPushButton* m_deleteButton;
    QPushButton* m_connectButton;
    QLabel* m_status;
    QLabel* m_listProblem;  // the informer retrying or stopped: why
    QPointer<SparkConnectCreateDialog> m_dialog;
    QString m_draft;        // the YAML of the last form closed without creating
    QString m_pendingKey;   // created, selected when it is listed
    QString m_detailsHtml;  // what the details show
    QString m_logHint;      // what the cleared log view shows
};

} // namespace ui
