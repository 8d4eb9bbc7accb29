#pragma once

#include "app/session/applicationactions.h"
#include "models/scheduledapplicationsmodel.h"

#include <QPointer>
#include <QWidget>

class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTextBrowser;
class QTabWidget;

namespace model {
class ScheduledApplicationsModel;
}

namespace ui {

class YamlEditor;

/// The Scheduled tab: the ScheduledSparkApplications table (schedules in words with their time
/// zone) and, for the selected one, its schedule with the next runs and its live YAML. Actions:
/// suspend / resume, edit the schedule (a dialog that previews the next runs; applied with a merge
/// patch), clone into the job editor, delete (confirmed). Double-clicking a row asks to show its
/// last run. Results and errors of the actions are reported through message().
class ScheduledView : public QWidget {
    Q_OBJECT
public:
    explicit ScheduledView(QWidget* parent = nullptr);

    /// Shows the ScheduledSparkApplications of `actions`' session and acts on them through it
    /// (nullptr = none: an empty table, the actions disabled). The view does not own it.
    void setActions(session::ApplicationActions* actions);
    /// The model shown (nullptr when no session is set).
    model::ScheduledApplicationsModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    /// Selects the row of `key` ("namespace/name"); false when it is not in the table.
    bool selectKey(const QString& key);
    /// Key of the selected ScheduledSparkApplication, empty when none.
    QString currentKey() const;
    /// The schedule pane as plain text, and the YAML tab's text.
    QString scheduleText() const;
    QString yamlText() const;

public slots:
    void toggleSuspend();
    /// Opens the schedule dialog for the selected one; applies the change when accepted.
    void editSchedule();
    /// Sets spec.schedule and spec.timeZone ("" removes it) of the selected one.
    void applySchedule(const QString& schedule, const QString& timeZone);
    void cloneToEditor();
    /// Deletes the selected one; with `confirm`, asks first.
    void deleteSelected(bool confirm = true);

signals:
    /// YAML of a copy of the selected one (new name, no status), for the job editor.
    void cloneRequested(const QString& yaml);
    /// The user asked to see the SparkApplication of the last run ("namespace/name").
    void lastRunRequested(const QString& key);
    /// A short outcome for the status bar.
    void message(const QString& text);

private:
    void refresh();

    QPointer<session::ApplicationActions> m_actions;
    QPointer<model::ScheduledApplicationsModel> m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_table;
    QTabWidget* m_tabs;
    QTextBrowser* m_schedule;
    YamlEditor* m_yaml;
    QPushButton* m_suspend;
    QPushButton* m_edit;
    QPushButton* m_clone;
    QPushButton* m_delete;
};

} // namespace ui
