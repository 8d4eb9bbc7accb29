#pragma once

#include "ui/setup/setuppage.h"

class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace ui {

class YamlEditor;

/// 2. Cluster: the Kind cluster's name, node image, workers (labels, taints) and port mappings, the
/// Kind config they make, and whether a cluster of that name exists already (reuse it, or delete
/// and create it again).
class ClusterPage : public SetupPage {
    Q_OBJECT
public:
    explicit ClusterPage(setup::SetupSession* session, QWidget* parent = nullptr);

    void fillOptions(setup::SetupOptions& options) const override;
    void applyOptions(const setup::SetupOptions& options) override;
    void initializePage() override;

private:
    void updateKindConfig();
    void probe();

    QLineEdit* m_name;
    QLineEdit* m_nodeImage;
    QSpinBox* m_workers;
    QLineEdit* m_labels;
    QLineEdit* m_taints;
    QLineEdit* m_ports;
    YamlEditor* m_kindConfig;
    QLabel* m_clusterExists;
    QRadioButton* m_reuse;
    QRadioButton* m_recreate;
    bool m_clusterFound = false;
};

} // namespace ui
