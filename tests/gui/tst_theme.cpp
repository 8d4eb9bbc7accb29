// The "system" theme follows the desktop's colour scheme, over a real private D-Bus session bus
// (dbus-daemon started by main()) with a stand-in XDG desktop portal (org.freedesktop.portal.Settings
// on org.freedesktop.portal.Desktop) registered by the test: dark at start, a change to light and
// back while the window is shown, "no preference" giving the platform's look, and a fixed theme
// that no longer follows; the job editor's text is kept through the changes. SPARKDECK_SCREENSHOT_DIR set: the job editor is saved as
// theme-system-dark.png and theme-system-light.png there.

#include "tests/support/privatesessionbus.h"
#include "ui/jobeditor.h"
#include "ui/theme.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QDir>
#include <QStyle>
#include <QTest>
#include <QThread>

#include <atomic>

namespace {

QString g_busAddress;

const QString kPortalService = QStringLiteral("org.freedesktop.portal.Desktop");
const QString kPortalPath = QStringLiteral("/org/freedesktop/portal/desktop");
const QString kPortalSettings = QStringLiteral("org.freedesktop.portal.Settings");

/// What the XDG desktop portal's Settings interface answers for org.freedesktop.appearance
/// color-scheme (xdg-desktop-portal's org.freedesktop.portal.Settings, version 1: Read returns the
/// value inside a second variant).
class FakePortal : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.portal.Settings")
public:
    std::atomic<uint> colorScheme = 0; // 0 no preference, 1 dark, 2 light
    std::atomic<int> reads = 0;

public Q_SLOTS:
    QDBusVariant Read(const QString& group, const QString& key)
    {
        Q_UNUSED(group);
        Q_UNUSED(key);
        ++reads;
        return QDBusVariant(QVariant::fromValue(QDBusVariant(QVariant::fromValue(colorScheme.load()))));
    }
};

/// Counts the portal's SettingChanged signals for the test's own "probe" key as the application's
/// session bus delivers them: once the probe sent after a change has arrived, the change has too.
class ProbeCounter : public QObject {
    Q_OBJECT
public:
    int probes = 0;
public Q_SLOTS:
    void settingChanged(const QString& group, const QString& key, const QDBusVariant&)
    {
        if (group == QLatin1String("sparkdeck.test") && key == QLatin1String("probe"))
            ++probes;
    }
};

// The window colour of the grabbed widget, a few pixels inside its top-left corner.
QColor backgroundOf(QWidget* widget)
{
    return widget->grab().toImage().pixelColor(3, 3);
}

} // namespace

class TestTheme : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (g_busAddress.isEmpty())
            QSKIP("dbus-daemon is not installed (scripts/lib.sh installs it for the tests)");
        m_portalBus = std::make_unique<QDBusConnection>(QDBusConnection::connectToBus(g_busAddress, QStringLiteral("fakePortal")));
        QVERIFY(m_portalBus->isConnected());
        // The portal answers on a thread of its own: SparkDeck's first read blocks the GUI thread.
        m_portal.moveToThread(&m_portalThread);
        m_portalThread.start();
        QVERIFY(m_portalBus->registerObject(kPortalPath, &m_portal, QDBusConnection::ExportAllSlots));
        QVERIFY(m_portalBus->registerService(kPortalService));
        qRegisterMetaType<QDBusVariant>(); // the probe slot's argument type, looked up by its name
        QVERIFY(QDBusConnection::sessionBus().connect(kPortalService, kPortalPath, kPortalSettings, QStringLiteral("SettingChanged"), &m_probe,
                                                      SLOT(settingChanged(QString, QString, QDBusVariant))));
        // The offscreen platform's own palette is light.
        QCOMPARE(ui::paletteColorScheme(), ui::ColorScheme::Light);
        m_nativeStyle = QApplication::style()->name();
    }

    void startsWithTheDesktopsScheme()
    {
        m_portal.colorScheme = 1;
        QVERIFY(ui::applyTheme(QStringLiteral("system")));
        QVERIFY(m_portal.reads >= 1);
        QCOMPARE(ui::desktopColorScheme(), ui::ColorScheme::Dark);
        QCOMPARE(ui::paletteColorScheme(), ui::ColorScheme::Dark);
        m_editor = std::make_unique<ui::JobEditor>();
        QVERIFY(m_editor->loadPreset(QStringLiteral("spark-pi")));
        m_editor->resize(900, 600);
        m_editor->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_editor.get()));
        m_yaml = m_editor->yamlText();
        QVERIFY(m_yaml.contains(QStringLiteral("kind: SparkApplication")));
        QVERIFY2(backgroundOf(m_editor.get()).lightness() < 100, qPrintable(backgroundOf(m_editor.get()).name()));
        save(QStringLiteral("theme-system-dark.png"));
    }

    void followsAChangeWhileRunning()
    {
        QVERIFY(m_editor);
        setDesktopScheme(2);
        QTRY_COMPARE(ui::paletteColorScheme(), ui::ColorScheme::Light);
        QCOMPARE(ui::desktopColorScheme(), ui::ColorScheme::Light);
        // The platform's palette is light already: its own look is back.
        QCOMPARE(QApplication::style()->name(), m_nativeStyle);
        QTRY_VERIFY(backgroundOf(m_editor.get()).lightness() > 160);
        save(QStringLiteral("theme-system-light.png"));
        QCOMPARE(m_editor->yamlText(), m_yaml); // the text is kept as it was

        setDesktopScheme(1);
        QTRY_COMPARE(ui::paletteColorScheme(), ui::ColorScheme::Dark);
        QTRY_VERIFY(backgroundOf(m_editor.get()).lightness() < 100);
    }

    void noPreferenceIsThePlatformsLook()
    {
        setDesktopScheme(0);
        QTRY_COMPARE(ui::paletteColorScheme(), ui::ColorScheme::Light);
        QCOMPARE(QApplication::style()->name(), m_nativeStyle);
    }

    void fixedThemeStopsFollowing()
    {
        QVERIFY(ui::applyTheme(QStringLiteral("dark")));
        QCOMPARE(ui::paletteColorScheme(), ui::ColorScheme::Dark);
        setDesktopScheme(2);
        // The change has been delivered (the probe after it has); the fixed theme stays.
        QCOMPARE(ui::desktopColorScheme(), ui::ColorScheme::Light);
        QCOMPARE(ui::paletteColorScheme(), ui::ColorScheme::Dark);
        QVERIFY(!ui::applyTheme(QStringLiteral("purple")));
        QCOMPARE(ui::paletteColorScheme(), ui::ColorScheme::Dark);
        // "system" again follows the desktop at once.
        QVERIFY(ui::applyTheme(QStringLiteral("system")));
        QCOMPARE(ui::paletteColorScheme(), ui::ColorScheme::Light);
    }

    void cleanupTestCase()
    {
        m_editor.reset();
        if (m_portalBus) {
            m_portalBus->unregisterObject(kPortalPath);
            m_portalBus->unregisterService(kPortalService);
        }
        m_portalThread.quit();
        m_portalThread.wait();
    }

private:
    // The portal says the desktop's scheme changed, as xdg-desktop-portal does, then sends a probe;
    // returns once the probe (so the change before it) has reached the application's bus.
    void setDesktopScheme(uint scheme)
    {
        m_portal.colorScheme = scheme;
        QDBusMessage changed = QDBusMessage::createSignal(kPortalPath, kPortalSettings, QStringLiteral("SettingChanged"));
        changed << QStringLiteral("org.freedesktop.appearance") << QStringLiteral("color-scheme") << QVariant::fromValue(QDBusVariant(scheme));
        QVERIFY(m_portalBus->send(changed));
        const int before = m_probe.probes;
        QDBusMessage probe = QDBusMessage::createSignal(kPortalPath, kPortalSettings, QStringLiteral("SettingChanged"));
        probe << QStringLiteral("sparkdeck.test") << QStringLiteral("probe") << QVariant::fromValue(QDBusVariant(0u));
        QVERIFY(m_portalBus->send(probe));
        QTRY_COMPARE(m_probe.probes, before + 1);
        QCoreApplication::processEvents();
    }

    void save(const QString& name)
    {
        const QString dir = qEnvironmentVariable("SPARKDECK_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            QVERIFY(m_editor->grab().save(QDir(dir).filePath(name)));
    }

    FakePortal m_portal;
    QThread m_portalThread;
    ProbeCounter m_probe;
    std::unique_ptr<QDBusConnection> m_portalBus;
    std::unique_ptr<ui::JobEditor> m_editor;
    QString m_nativeStyle;
    QString m_yaml;
};

SPARKDECK_TEST_MAIN_ON_PRIVATE_BUS(TestTheme, g_busAddress)

#include "tst_theme.moc"
