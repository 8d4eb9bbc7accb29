#pragma once

#include <QPointer>
#include <QStringList>
#include <QWidget>

class QLabel;
class QTableView;
class QChart;
class QChartView;
class QLineSeries;
class QValueAxis;
class QDateTimeAxis;

namespace session {
class ApplicationDetails;
class ExecutorsMonitor;
}

namespace ui {

/// The Executors tab of the DetailsPane: the executors of the selected application while its driver
/// runs (session::ExecutorsMonitor over the Spark REST API through the driver's Spark UI
/// port-forward), as a table (model::ExecutorsModel) and a chart over time of the storage memory
/// used (MiB, left axis) and the active tasks (right axis). A line above says what the monitor is
/// doing or why it cannot (its message()). The monitor runs only while the tab is shown: showing
/// starts it, hiding stops it (the port-forward stays, the application's).
class ExecutorsView : public QWidget {
    Q_OBJECT
public:
    explicit ExecutorsView(QWidget* parent = nullptr);
    ~ExecutorsView() override;

    /// The application to watch (nullptr = none) and how kubectl reaches its cluster. Restarts the
    /// monitor when the tab is visible.
    void setApplication(session::ApplicationDetails* details, const QStringList& kubeconfigFiles, const QString& context);

    session::ExecutorsMonitor* monitor() const { return m_monitor; }
    QTableView* table() const { return m_table; }
    /// The status line's text ("" while Live).
    QString statusText() const;
    /// Points in the chart's memory and active-task series.
    int chartPoints() const;

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void startMonitor();
    void updateStatus();
    void updateChart();

    session::ExecutorsMonitor* m_monitor;
    QPointer<session::ApplicationDetails> m_details;
    QStringList m_kubeconfigFiles;
    QString m_context;
    QLabel* m_status;
    QTableView* m_table;
    QChart* m_chart;
    QChartView* m_chartView;
    QLineSeries* m_memory;
    QLineSeries* m_tasks;
    QDateTimeAxis* m_time;
    QValueAxis* m_memoryAxis;
    QValueAxis* m_tasksAxis;
};

} // namespace ui
