#pragma once

#include "ui/setup/setuppage.h"

namespace ui {

/// 4. Job namespaces and service account: checks (when shown, and on Check) that the job service
/// account may create pods in every job namespace; Repair creates it, its Role and the binding.
class ServiceAccountPage : public SetupPage {
    Q_OBJECT
public:
    explicit ServiceAccountPage(setup::SetupSession* session, QWidget* parent = nullptr);
    void initializePage() override;

private:
    QLabel* m_accountStatus;
};

} // namespace ui
