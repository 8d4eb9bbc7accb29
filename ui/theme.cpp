#include "ui/theme.h"

#include <QApplication>
#include <QPainter>
#include <QPalette>
#include <QProxyStyle>
#include <QStyleOption>
#include <QStyle>
#include <QStyleFactory>

namespace ui {

namespace {

// Fusion outlines check boxes and radio buttons with a darker shade of the window colour, which
// all but vanishes on a dark palette; this draws a light outline over them.
class DarkIndicatorStyle : public QProxyStyle {
public:
    using QProxyStyle::QProxyStyle;
    void drawPrimitive(PrimitiveElement element, const QStyleOption* option, QPainter* painter,
                       const QWidget* widget) const override
    {
        QProxyStyle::drawPrimitive(element, option, painter, widget);
        const bool box = element == PE_IndicatorCheckBox || element == PE_IndicatorItemViewItemCheck;
        if (!box && element != PE_IndicatorRadioButton)
            return;
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing, true);
        QColor outline(0x9a, 0xa1, 0xab);
        if (!(option->state & State_Enabled))
            outline = QColor(0x5a, 0x60, 0x68);
        painter->setPen(QPen(outline, 1));
        painter->setBrush(Qt::NoBrush);
        const QRectF r = QRectF(option->rect).adjusted(0.5, 0.5, -0.5, -0.5);
        if (box)
            painter->drawRoundedRect(r, 1.5, 1.5);
        else
            painter->drawEllipse(r);
        painter->restore();
    }
};

} // namespace

bool applyTheme(const QString& name)
{
    if (name.isEmpty() || name == QLatin1String("system"))
        return true;
    if (name != QLatin1String("light") && name != QLatin1String("dark"))
        return false;
    if (name == QLatin1String("light")) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(QApplication::style()->standardPalette());
        return true;
    }
    QApplication::setStyle(new DarkIndicatorStyle(QStyleFactory::create(QStringLiteral("Fusion"))));
    QPalette p;
    const QColor window(0x26, 0x29, 0x2e);
    const QColor base(0x1d, 0x20, 0x24);
    const QColor text(0xe6, 0xe8, 0xeb);
    const QColor disabled(0x7d, 0x83, 0x8c);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x2b, 0x2f, 0x35));
    p.setColor(QPalette::ToolTipBase, QColor(0x32, 0x36, 0x3c));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x32, 0x36, 0x3c));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xd6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xb6, 0xff));
    p.setColor(QPalette::Mid, QColor(0x3a, 0x3f, 0x46));
    p.setColor(QPalette::Dark, QColor(0x18, 0x1a, 0x1d));
    p.setColor(QPalette::Light, QColor(0x40, 0x45, 0x4c));
    for (QPalette::ColorRole role : {QPalette::Text, QPalette::WindowText, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    QApplication::setPalette(p);
    return true;
}

} // namespace ui
