// Notifications when an application ends, over a real private D-Bus session bus (dbus-daemon
// started by main()) with a stand-in org.freedesktop.Notifications service registered by the test:
// the Notify call's summary and body, one per run, pinned applications (persisted), the default
// action selecting the row in the window, and the fallback when no notification service is there.

#include "app/session/notifier.h"
#include "models/applicationsmodel.h"
#include "tests/support/privatesessionbus.h"
#include "tests/support/scriptedserver.h"
#include "ui/applicationsview.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMenu>
#include <QTimer>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

namespace {

/// What a desktop's notification daemon offers on the bus (Desktop Notifications Specification 1.2).
class FakeNotifications : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Call {
        QString summary;
        QString body;
        QStringList actions;
        uint id;
    };
    QList<Call> calls;

public slots:
    uint Notify(const QString&, uint, const QString&, const QString& summary, const QString& body, const QStringList& actions,
                const QVariantMap&, int)
    {
        calls << Call{summary, body, actions, uint(100 + calls.size())};
        return calls.last().id;
    }
    QStringList GetCapabilities() { return {QStringLiteral("actions"), QStringLiteral("body")}; }
};

QString g_busAddress;

QJsonObject application(const QString& name, const QString& uid, const QString& state, const QString& rv)
{
    const QDateTime end = QDateTime::currentDateTimeUtc();
    QJsonObject status{{"applicationState", QJsonObject{{"state", state}}},
                       {"lastSubmissionAttemptTime", end.addSecs(-95).toString(Qt::ISODate)}};
    if (state == QLatin1String("COMPLETED") || state == QLatin1String("FAILED"))
        status.insert("terminationTime", end.toString(Qt::ISODate));
    if (state == QLatin1String("FAILED"))
        status.insert("applicationState", QJsonObject{{"state", state}, {"errorMessage", "driver container failed with ExitCode: 1"}});
    return QJsonObject{{"apiVersion", "sparkoperator.k8s.io/v1beta2"}, {"kind", "SparkApplication"},
                       {"metadata", QJsonObject{{"name", name}, {"namespace", "default"}, {"uid", uid}, {"resourceVersion", rv},
                                                {"creationTimestamp", end.addSecs(-100).toString(Qt::ISODate)}}},
                       {"status", status}};
}

QByteArray watchEvent(const char* type, const QJsonObject& object)
{
    return QJsonDocument(QJsonObject{{"type", QString::fromLatin1(type)}, {"object", object}}).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace

class TestNotifier : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("SparkDeckTest"));
        QSettings().remove(QStringLiteral("notifications"));
        if (g_busAddress.isEmpty())
            QSKIP("dbus-daemon is not installed (scripts/lib.sh installs it for the tests)");
        QVERIFY2(QDBusConnection::sessionBus().isConnected(), qPrintable(QDBusConnection::sessionBus().lastError().message()));
        m_fakeBus = std::make_unique<QDBusConnection>(QDBusConnection::connectToBus(g_busAddress, QStringLiteral("fakeNotifications")));
        QVERIFY(m_fakeBus->isConnected());
        QVERIFY(m_fakeBus->registerObject(QStringLiteral("/org/freedesktop/Notifications"), &m_fake, QDBusConnection::ExportAllSlots));
        QVERIFY(m_fakeBus->registerService(QStringLiteral("org.freedesktop.Notifications")));
    }

    void pinnedAndSubmittedApplicationsAreAnnouncedOnceAndTheActionSelectsTheRow()
    {
        ScriptedServer::Exchange* watch = nullptr;
        ScriptedServer server([&watch](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            const bool apps = r.path.endsWith(QLatin1String("/sparkapplications"));
            if (r.query.hasQueryItem(QStringLiteral("watch"))) {
                x->begin();
                if (apps)
                    watch = x;
                return;
            }
            QJsonArray items;
            if (apps)
                items = {application("spark-pi", "u1", "RUNNING", "10"), application("word-count", "u2", "RUNNING", "11"),
                         application("etl", "u3", "RUNNING", "12")};
            x->reply(200, QJsonDocument(QJsonObject{{"kind", "List"}, {"apiVersion", "v1"},
                                                    {"metadata", QJsonObject{{"resourceVersion", "20"}}}, {"items", items}})
                              .toJson(QJsonDocument::Compact));
        });
        QTemporaryDir dir;
        qputenv("SPARKDECK_HISTORY_DB", dir.filePath(QStringLiteral("history.sqlite")).toUtf8());
        const QString config = dir.filePath(QStringLiteral("config"));
        QVERIFY(server.writeKubeconfig(config, QStringLiteral("c"), QStringLiteral("default")));
        ui::SessionOptions options;
        options.kubeconfigFiles = {config};
        options.explicitKubeconfig = true;
        ui::MainWindow window(options);
        window.show();
        QTRY_COMPARE(window.applicationsModel()->rowCount(), 3);
        QTRY_VERIFY(watch && watch->isOpen());
        session::Notifier* notifier = window.notifier();
        // Pin from the applications table's context menu.
        QTableView* table = window.applicationsView()->table();
        QVERIFY(window.applicationsView()->selectKey(QStringLiteral("default/spark-pi")));
        const QModelIndex row = table->selectionModel()->currentIndex();
        bool pinOffered = false;
        auto* poll = new QTimer(this);
        poll->setInterval(20);
        connect(poll, &QTimer::timeout, this, [poll, &pinOffered] {
            auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
            if (!menu)
                return;
            poll->stop();
            poll->deleteLater();
            if (auto* pin = menu->findChild<QAction*>(QStringLiteral("pinApplication")); pin && !pin->isChecked()) {
                pinOffered = true;
                pin->trigger();
            }
            menu->close();
        });
        poll->start();
        emit table->customContextMenuRequested(table->visualRect(row).center());
        QVERIFY(pinOffered);
        QVERIFY(QSettings().value(QStringLiteral("notifications/pinned")).toStringList().contains(QStringLiteral("c/default/spark-pi")));
        QVERIFY(notifier->isPinned(QStringLiteral("c"), QStringLiteral("default/spark-pi")));

        // Not pinned, not submitted here: nothing. Pinned: one notification.
        QSignalSpy notified(notifier, &session::Notifier::notified); // the server's answer (its id) arrived
        watch->send(watchEvent("MODIFIED", application("word-count", "u2", "COMPLETED", "21")));
        watch->send(watchEvent("MODIFIED", application("spark-pi", "u1", "COMPLETED", "22")));
        QTRY_COMPARE(window.applicationsModel()->summary(QStringLiteral("default/spark-pi")).state, QStringLiteral("COMPLETED"));
        QTRY_VERIFY2(m_fake.calls.size() == 1, qPrintable(window.statusBar()->currentMessage()));
        QCOMPARE(m_fake.calls[0].summary, QStringLiteral("spark-pi completed"));
        QVERIFY2(m_fake.calls[0].body.startsWith(QStringLiteral("default/spark-pi in c (COMPLETED) after 1m 3")), qPrintable(m_fake.calls[0].body));
        QCOMPARE(m_fake.calls[0].actions.value(0), QStringLiteral("default"));

        // The same run again changes nothing; an application submitted here is announced when it fails.
        watch->send(watchEvent("MODIFIED", application("spark-pi", "u1", "COMPLETED", "23")));
        notifier->watchSubmitted(QStringLiteral("c"), QStringLiteral("default/etl"));
        watch->send(watchEvent("MODIFIED", application("etl", "u3", "FAILED", "24")));
        QTRY_COMPARE(m_fake.calls.size(), 2);
        QCOMPARE(m_fake.calls[1].summary, QStringLiteral("etl failed"));
        QVERIFY2(m_fake.calls[1].body.contains(QStringLiteral("driver container failed with ExitCode: 1")), qPrintable(m_fake.calls[1].body));

        // Clicking the first notification selects its row in the Applications table (once the
        // notifier has the server's id for it).
        QTRY_COMPARE(notified.size(), 2);
        window.applicationsView()->table()->clearSelection();
        window.applicationsView()->table()->selectionModel()->setCurrentIndex(QModelIndex(), QItemSelectionModel::Clear);
        window.showEditor();
        QDBusMessage clicked = QDBusMessage::createSignal(QStringLiteral("/org/freedesktop/Notifications"),
                                                          QStringLiteral("org.freedesktop.Notifications"), QStringLiteral("ActionInvoked"));
        clicked << m_fake.calls[0].id << QStringLiteral("default");
        QSignalSpy activated(notifier, &session::Notifier::activated);
        QVERIFY(m_fakeBus->send(clicked));
        QTRY_COMPARE(activated.size(), 1);
        QTRY_COMPARE(window.applicationsView()->currentKey(), QStringLiteral("default/spark-pi"));
        QCOMPARE(window.findChild<QTabWidget*>()->currentIndex(), 0);

        // A re-run (a new uid) of the pinned application is announced again; without a notification
        // service, the window shows it itself.
        QVERIFY(m_fakeBus->unregisterService(QStringLiteral("org.freedesktop.Notifications")));
        QSignalSpy fallback(notifier, &session::Notifier::fallbackRequested);
        watch->send(watchEvent("DELETED", application("spark-pi", "u1", "COMPLETED", "25")));
        watch->send(watchEvent("ADDED", application("spark-pi", "u9", "RUNNING", "26")));
        watch->send(watchEvent("MODIFIED", application("spark-pi", "u9", "FAILED", "27")));
        QTRY_COMPARE(fallback.size(), 1);
        QCOMPARE(fallback[0][0].toString(), QStringLiteral("spark-pi failed"));
        QCOMPARE(m_fake.calls.size(), 2);
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("spark-pi failed")), qPrintable(window.statusBar()->currentMessage()));
        QVERIFY(m_fakeBus->registerService(QStringLiteral("org.freedesktop.Notifications")));
    }

private:
    FakeNotifications m_fake;
    std::unique_ptr<QDBusConnection> m_fakeBus;
};

// Starts a private dbus-daemon before anything can reach for the user's session bus, and makes it
// the session bus of this process.
SPARKDECK_TEST_MAIN_ON_PRIVATE_BUS(TestNotifier, g_busAddress)

#include "tst_notifier.moc"
