#include "ui/theme.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QPainter>
#include <QPalette>
#include <QPointer>
#include <QProxyStyle>
#include <QStyleOption>
#include <QStyle>
#include <QStyleFactory>
#include <QStyleHints>

#include <optional>

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

void applyOwnTheme(ColorScheme scheme)
{
    if (scheme == ColorScheme::Light) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(QApplication::style()->standardPalette());
        return;
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
}

ColorScheme schemeOf(const QPalette& palette)
{
    return palette.color(QPalette::WindowText).lightness() > palette.color(QPalette::Window).lightness() ? ColorScheme::Dark
                                                                                                         : ColorScheme::Light;
}

const QString kPortalService = QStringLiteral("org.freedesktop.portal.Desktop");
const QString kPortalPath = QStringLiteral("/org/freedesktop/portal/desktop");
const QString kPortalSettings = QStringLiteral("org.freedesktop.portal.Settings");
const QString kAppearance = QStringLiteral("org.freedesktop.appearance");
const QString kColorSchemeKey = QStringLiteral("color-scheme");

// The portal's color-scheme value (a uint32, possibly inside variants): 1 prefers dark, 2 light,
// anything else no preference.
std::optional<ColorScheme> portalScheme(QVariant value)
{
    while (value.metaType() == QMetaType::fromType<QDBusVariant>())
        value = qvariant_cast<QDBusVariant>(value).variant();
    bool ok = false;
    const uint preference = value.toUInt(&ok);
    if (ok && preference == 1)
        return ColorScheme::Dark;
    if (ok && preference == 2)
        return ColorScheme::Light;
    return std::nullopt;
}

// The desktop's scheme as the sources say it, and "system" following it. One per application,
// made by the first applyTheme() (which records the platform's style and palette before changing
// them) and owned by the QApplication.
class DesktopScheme : public QObject {
    Q_OBJECT
public:
    static DesktopScheme* instance()
    {
        static QPointer<DesktopScheme> self;
        if (!self)
            self = new DesktopScheme(qApp);
        return self;
    }

    ColorScheme scheme() const
    {
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
        switch (QGuiApplication::styleHints()->colorScheme()) {
        case Qt::ColorScheme::Dark:
            return ColorScheme::Dark;
        case Qt::ColorScheme::Light:
            return ColorScheme::Light;
        case Qt::ColorScheme::Unknown:
            break;
        }
#endif
        if (m_portal)
            return *m_portal;
        return schemeOf(m_nativePalette);
    }

    void setFollowing(bool following)
    {
        m_following = following;
        if (following)
            follow();
        else
            m_ownApplied = true; // a fixed theme replaced the platform's look
    }

private Q_SLOTS:
    void portalSettingChanged(const QString& group, const QString& key, const QDBusVariant& value)
    {
        if (group != kAppearance || key != kColorSchemeKey)
            return;
        m_portal = portalScheme(QVariant::fromValue(value));
        if (m_following)
            follow();
    }

private:
    explicit DesktopScheme(QObject* parent)
        : QObject(parent)
        , m_nativeStyle(QApplication::style()->name())
        , m_nativePalette(QGuiApplication::palette())
    {
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
        connect(QGuiApplication::styleHints(), &QStyleHints::colorSchemeChanged, this, [this] {
            if (m_following)
                follow();
        });
#endif
        readPortal();
    }

    // Subscribes to the portal's setting changes and reads the current value. The read blocks for
    // at most a second, and only when the portal is running (no service is started for it).
    void readPortal()
    {
        QDBusConnection bus = QDBusConnection::sessionBus();
        if (!bus.isConnected())
            return;
        qRegisterMetaType<QDBusVariant>(); // the slot's argument type, looked up by its name
        bus.connect(kPortalService, kPortalPath, kPortalSettings, QStringLiteral("SettingChanged"), this,
                    SLOT(portalSettingChanged(QString, QString, QDBusVariant)));
        if (!bus.interface() || !bus.interface()->isServiceRegistered(kPortalService))
            return;
        QDBusMessage read = QDBusMessage::createMethodCall(kPortalService, kPortalPath, kPortalSettings, QStringLiteral("Read"));
        read << kAppearance << kColorSchemeKey;
        const QDBusMessage reply = bus.call(read, QDBus::Block, 1000);
        if (reply.type() == QDBusMessage::ReplyMessage && !reply.arguments().isEmpty())
            m_portal = portalScheme(reply.arguments().constFirst());
    }

    // The platform's own look when it already has the desktop's scheme, else SparkDeck's.
    void follow()
    {
        const ColorScheme wanted = scheme();
        if (schemeOf(m_nativePalette) != wanted) {
            applyOwnTheme(wanted);
            m_ownApplied = true;
        } else if (m_ownApplied) {
            QApplication::setStyle(QStyleFactory::create(m_nativeStyle));
            QApplication::setPalette(m_nativePalette);
            m_ownApplied = false;
        }
    }

    const QString m_nativeStyle;
    const QPalette m_nativePalette;
    std::optional<ColorScheme> m_portal;
    bool m_following = false;
    bool m_ownApplied = false;
};

} // namespace

bool applyTheme(const QString& name)
{
    const bool system = name.isEmpty() || name == QLatin1String("system");
    if (!system && name != QLatin1String("light") && name != QLatin1String("dark"))
        return false;
    DesktopScheme* desktop = DesktopScheme::instance();
    if (system) {
        desktop->setFollowing(true);
        return true;
    }
    desktop->setFollowing(false);
    applyOwnTheme(name == QLatin1String("dark") ? ColorScheme::Dark : ColorScheme::Light);
    return true;
}

ColorScheme desktopColorScheme()
{
    return DesktopScheme::instance()->scheme();
}

ColorScheme paletteColorScheme()
{
    return schemeOf(QGuiApplication::palette());
}

} // namespace ui

#include "theme.moc"
