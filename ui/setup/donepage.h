#pragma once

#include "ui/setup/setuppage.h"

class QCheckBox;

namespace ui {

/// 7. Done: what was set up, how long each step took (its last run, StepRunner::elapsedMs(); the
/// tool downloads, SetupSession::toolDownloadTimeMs(), as a line of their own) and
/// in total, and whether to switch SparkDeck to the new context and open the job editor when the
/// wizard closes.
class DonePage : public SetupPage {
    Q_OBJECT
public:
    explicit DonePage(setup::SetupSession* session, QWidget* parent = nullptr);

    bool switchContext() const;
    bool openEditor() const;
    void initializePage() override;
    /// The step times as shown: one "Step: time" line per step ("not run" for a step that did not
    /// run), then "Total: time".
    QString stepTimes() const;

private:
    QLabel* m_summary;
    QLabel* m_times;
    QCheckBox* m_switch;
    QCheckBox* m_editor;
};

} // namespace ui
