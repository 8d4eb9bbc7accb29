#pragma once

#include "ui/setup/setuppage.h"

class QListWidget;

namespace ui {

/// 5. Images: the local Docker images (listed when the page is shown; Spark images checked), and
/// loading the checked ones into the cluster. Optional.
class ImagesPage : public SetupPage {
    Q_OBJECT
public:
    explicit ImagesPage(setup::SetupSession* session, QWidget* parent = nullptr);

    void fillOptions(setup::SetupOptions& options) const override;
    void initializePage() override;

private:
    QListWidget* m_images;
};

} // namespace ui
