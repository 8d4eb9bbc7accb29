#pragma once

#include "app/setup/steprunner.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace ui {

/// A log panel with Run / Cancel, a progress bar and the explanation of a known failure: how every
/// wizard page shows its step. Shows each command of `runner` as "$ program args" followed by its
/// output, and the step's time (StepRunner::elapsedMs(), counting every second while it runs).
/// The runner belongs to the setup::SetupSession; the panel only shows it and asks it to run or
/// cancel.
class RunPanel : public QWidget {
    Q_OBJECT
public:
    RunPanel(setup::StepRunner* runner, const QString& runLabel, QWidget* parent = nullptr);

    /// Runs `commands`; finished() follows.
    void run(const QList<setup::Command>& commands);
    void cancel();
    bool isRunning() const { return m_runner->isRunning(); }
    bool succeeded() const { return m_succeeded; }
    QString log() const;
    QString explanation() const;
    /// The step's time now (setup::formatElapsed(), "12 s"); empty before the first run.
    QString elapsedText() const;
    /// What the panel shows of it next to the progress bar ("Time: 12 s"; updated every second
    /// while the step runs); empty before the first run.
    QString clockText() const;
    QPushButton* runButton() const { return m_run; }
    QPushButton* cancelButton() const { return m_cancel; }
    /// Clears the log and the outcome.
    void reset();
    /// Replaces the status next to the progress bar and the explanation box (hidden when
    /// `explanationHtml` is empty): for a page that runs several steps and sums them up.
    void setSummary(const QString& status, const QString& explanationHtml);
    /// Sets the progress bar to `done` of `total` (until the next command's progress).
    void setProgress(int done, int total);

signals:
    void runRequested();
    void finished(const setup::StepResult& result);

private:
    void showElapsed();

    setup::StepRunner* m_runner;
    QLabel* m_clock;
    QTimer m_tick;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_status;
    QLabel* m_explanation;
    QPlainTextEdit* m_log;
    bool m_succeeded = false;
};

} // namespace ui
