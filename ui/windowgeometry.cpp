#include "ui/windowgeometry.h"

#include <QGuiApplication>
#include <QScreen>
#include <QWidget>

namespace ui {

QSize fittingWindowSize(const QRect& available, const QSize& preferred)
{
    return preferred.boundedTo(QSize(available.width() * 9 / 10, available.height() * 9 / 10));
}

void restoreWindowGeometry(QWidget* window, const QByteArray& saved)
{
    const bool restored = !saved.isEmpty() && window->restoreGeometry(saved);
    QScreen* screen = restored ? QGuiApplication::screenAt(window->geometry().center()) : nullptr;
    if (!screen)
        screen = window->screen();
    if (!screen)
        return;
    const QRect available = screen->availableGeometry();
    if (!restored) {
        window->resize(fittingWindowSize(available)); // the window manager places it
        return;
    }
    if (window->isMaximized() || window->isFullScreen())
        return;
    // Saved on a larger screen (or with another resolution): shrink and move it onto this one.
    QRect r = window->geometry();
    r.setSize(r.size().boundedTo(available.size()));
    r.moveLeft(qBound(available.left(), r.left(), available.right() + 1 - r.width()));
    r.moveTop(qBound(available.top(), r.top(), available.bottom() + 1 - r.height()));
    if (r != window->geometry())
        window->setGeometry(r);
}

} // namespace ui
