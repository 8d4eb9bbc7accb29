#pragma once

#include "app/setup/setupprobes.h"
#include "ui/setup/setuppage.h"

class QLabel;
class QListWidget;
class QProgressBar;

namespace ui {

/// 5. Images: the local Docker images (listed when the page is shown; Spark images checked) and the
/// Spark image the templates' SparkPi uses (templateImage()), which is pulled first (`docker pull`,
/// with a progress bar of its layers) when this machine does not have it; then the checked images
/// are loaded into the cluster (`kind load docker-image`), so the first job does not wait for an
/// image pull inside the cluster.
class ImagesPage : public SetupPage {
    Q_OBJECT
public:
    explicit ImagesPage(setup::SetupSession* session, QWidget* parent = nullptr);

    void fillOptions(setup::SetupOptions& options) const override;
    void initializePage() override;

    /// The image of the SparkPi template (model::presets(), id "spark-pi"): "spark:3.5.3".
    static QString templateImage();
    /// What the pull progress shows: "Pulling spark:3.5.3: 3 of 7 layers", "spark:3.5.3 pulled";
    /// empty before a pull.
    QString pullText() const;

private:
    void onLine(const QString& text);

    QListWidget* m_images;
    QProgressBar* m_pullBar;
    QLabel* m_pullLabel;
    setup::PullProgress m_pull;
    QString m_pulling; ///< the image being pulled
};

} // namespace ui
