#pragma once

#include "ui/setup/setuppage.h"

class QTableWidget;

namespace ui {

/// 1. Prerequisites: Docker answers, kind, kubectl and helm are installed (a table with each tool's
/// status and what to do), and this machine's CPUs and free memory. The checks run when the page
/// is first shown and on Re-check; the page's "sparkdeckReady" property tells whether all passed.
class PrerequisitesPage : public SetupPage {
    Q_OBJECT
public:
    explicit PrerequisitesPage(setup::SetupSession* session, QWidget* parent = nullptr);

    /// How long each check may run before it is stopped and shown as not answering; applies from
    /// the next run.
    void setCheckTimeout(int ms) { m_checkTimeoutMs = ms; }
    /// Checks again (nothing happens while the checks run).
    void runChecks();
    bool isReady() const;

    void initializePage() override;

private:
    QTableWidget* m_tools;
    QLabel* m_resources;
    int m_checkTimeoutMs = setup::kPrerequisiteTimeoutMs;
};

} // namespace ui
