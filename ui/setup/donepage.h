#pragma once

#include "ui/setup/setuppage.h"

class QCheckBox;

namespace ui {

/// 7. Done: what was set up, and whether to switch SparkDeck to the new context and open the job
/// editor when the wizard closes.
class DonePage : public SetupPage {
    Q_OBJECT
public:
    explicit DonePage(setup::SetupSession* session, QWidget* parent = nullptr);

    bool switchContext() const;
    bool openEditor() const;
    void initializePage() override;

private:
    QLabel* m_summary;
    QCheckBox* m_switch;
    QCheckBox* m_editor;
};

} // namespace ui
