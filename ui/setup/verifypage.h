#pragma once

#include "ui/setup/setuppage.h"

class QCheckBox;

namespace ui {

/// 6. Verify: the CRDs are served and the operator's Deployments are ready; optionally a SparkPi
/// smoke test (the spark-pi preset, named and placed for this setup) that must reach COMPLETED.
class VerifyPage : public SetupPage {
    Q_OBJECT
public:
    explicit VerifyPage(setup::SetupSession* session, QWidget* parent = nullptr);

    void fillOptions(setup::SetupOptions& options) const override;
    void applyOptions(const setup::SetupOptions& options) override;

    /// The spark-pi preset as application `name` in the first job namespace, run as the job
    /// service account (YAML; empty when the preset is missing).
    static QByteArray smokeTestManifest(const setup::SetupOptions& options, const QString& name);

private:
    QCheckBox* m_smoke;
};

} // namespace ui
