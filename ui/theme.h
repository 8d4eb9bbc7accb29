#pragma once

#include <QString>

namespace ui {

/// A light or a dark colour scheme.
enum class ColorScheme { Light, Dark };

/// Applies a colour theme to the whole application: "light" or "dark" use the Fusion style with a
/// matching palette (the YAML editor picks its highlighting theme from the palette; dark outlines
/// check boxes and radio buttons in a light grey so they stand out). "system" or "" follow the
/// desktop's colour scheme (desktopColorScheme()) now and whenever it changes while SparkDeck runs:
/// the platform's own style and palette when they already match the desktop's scheme, otherwise
/// the light or dark theme above. Returns false for an unknown name (nothing is changed). Call on
/// the GUI thread once the QApplication exists; a later call replaces the theme and stops following
/// the desktop when it names "light" or "dark".
bool applyTheme(const QString& name);

/// The desktop's colour scheme, first of: QStyleHints::colorScheme() on Qt 6.5 and later when it
/// is not Unknown; the XDG desktop portal's `org.freedesktop.appearance color-scheme` setting
/// (org.freedesktop.portal.Settings on the session bus; 1 is dark, 2 light, 0 no preference) when
/// the portal runs; the platform's palette as it was before applyTheme() changed it (dark when its
/// window text is lighter than its window).
ColorScheme desktopColorScheme();

/// The scheme of the application's palette now: Dark when its window text is lighter than its
/// window.
ColorScheme paletteColorScheme();

} // namespace ui
