#pragma once

#include <QByteArray>
#include <QRect>
#include <QSize>

class QWidget;

namespace ui {

/// The size a main window opens at on a screen whose free area (QScreen::availableGeometry, in
/// device-independent pixels) is `available`: `preferred`, capped at 90 % of that area in each
/// dimension so that the window frame and the status bar stay on the screen.
QSize fittingWindowSize(const QRect& available, const QSize& preferred = QSize(1400, 860));

/// Gives `window` (a top-level widget, not shown yet) its opening geometry: `saved` (from
/// QWidget::saveGeometry() of an earlier session) when it restores, shrunk and moved into its
/// screen's available area when it does not fit there; else the size fittingWindowSize() gives for
/// its screen (the window manager places it).
void restoreWindowGeometry(QWidget* window, const QByteArray& saved);

} // namespace ui
