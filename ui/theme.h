#pragma once

#include <QString>

namespace ui {

/// Applies a colour theme to the whole application: "light" or "dark" use the Fusion style with a
/// matching palette (the YAML editor picks its highlighting theme from the palette; dark outlines
/// check boxes and radio buttons in a light grey so they stand out); "system" or
/// "" leave the platform's style alone. Returns false for an unknown name.
bool applyTheme(const QString& name);

} // namespace ui
