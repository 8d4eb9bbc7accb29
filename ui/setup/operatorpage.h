#pragma once

#include "ui/setup/setuppage.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QRadioButton;

namespace ui {

/// 3. Spark Operator: the Helm repository, chart, version, release, its namespace, the job
/// namespaces and the webhook; whether the release is installed already (upgrade it, or keep it).
class OperatorPage : public SetupPage {
    Q_OBJECT
public:
    explicit OperatorPage(setup::SetupSession* session, QWidget* parent = nullptr);

    void fillOptions(setup::SetupOptions& options) const override;
    void applyOptions(const setup::SetupOptions& options) override;
    void initializePage() override;

private:
    QLineEdit* m_repo;
    QComboBox* m_chart;
    QLineEdit* m_chartVersion;
    QLineEdit* m_release;
    QLineEdit* m_operatorNamespace;
    QLineEdit* m_jobNamespaces;
    QCheckBox* m_webhook;
    QLabel* m_releaseExists;
    QRadioButton* m_upgrade;
    QRadioButton* m_keep;
    bool m_releaseFound = false;
};

} // namespace ui
