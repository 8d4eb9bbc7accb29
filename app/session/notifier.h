#pragma once

#include <QDBusConnection>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>

namespace model {
class ApplicationsModel;
}

namespace session {

/// Decides when the user hears that an application ended, and tells the desktop. An application
/// submitted from SparkDeck in this process (watchSubmitted()), or one the user pinned (setPinned(),
/// kept in QSettings "notifications/pinned" as "context/namespace/name"), that reaches COMPLETED,
/// FAILED or SUBMISSION_FAILED gets one notification per run (metadata.uid): a submitted one the
/// first time it is seen in such a state, a pinned one when it gets there from a state SparkDeck saw
/// it in before (pinning a finished application announces nothing).
///
/// The notification is a freedesktop.org Desktop Notifications call (Notify on
/// org.freedesktop.Notifications at /org/freedesktop/Notifications, Desktop Notifications
/// Specification 1.2) on the session bus given to the constructor, with a "default" action; its
/// ActionInvoked signal emits activated(). When the bus is not connected or the call fails (no
/// notification service), fallbackRequested() asks the window to show it otherwise (a tray message).
/// QtCore + QtDBus only; everything runs and signals in the thread that owns the notifier.
class Notifier : public QObject {
    Q_OBJECT
public:
    explicit Notifier(const QDBusConnection& bus = QDBusConnection::sessionBus(), QObject* parent = nullptr);

    /// Follows the applications of `context` listed in `applications` (not owned; forgotten when
    /// destroyed). Observing the same model again does nothing.
    void observe(const QString& context, model::ApplicationsModel* applications);
    /// Application `key` ("namespace/name") of `context` was submitted from this process.
    void watchSubmitted(const QString& context, const QString& key);
    void setPinned(const QString& context, const QString& key, bool pinned);
    bool isPinned(const QString& context, const QString& key) const;

    /// The D-Bus notification ids sent and not yet closed, for tests.
    QList<uint> openNotifications() const { return m_sent.keys(); }

signals:
    /// The user clicked the notification of `key` of `context` (or its tray message: see
    /// fallbackRequested()).
    void activated(const QString& context, const QString& key);
    /// No notification service answered: show `summary` and `body` otherwise; a click on it should
    /// emit activated(context, key) (the window calls activate()).
    void fallbackRequested(const QString& summary, const QString& body, const QString& context, const QString& key);
    /// A notification was handed to the desktop or to the fallback (for tests and the status bar).
    void notified(const QString& summary, const QString& body);

public slots:
    /// Emits activated() (e.g. for a click on a fallback message).
    void activate(const QString& context, const QString& key) { emit activated(context, key); }

private slots:
    void onActionInvoked(uint id, const QString& action);
    void onClosed(uint id, uint reason);

private:
    void check(const QString& context, model::ApplicationsModel* applications, int first, int last);
    void send(const QString& context, const QString& key, const QString& summary, const QString& body);
    static QString pinKey(const QString& context, const QString& key) { return context + QLatin1Char('/') + key; }

    QDBusConnection m_bus;
    QList<QPointer<model::ApplicationsModel>> m_models;
    QSet<QString> m_submitted;         // context/ns/name, until notified
    QStringList m_pinned;              // context/ns/name
    QHash<QString, QString> m_seen;    // context/ns/name/uid -> last state seen
    QSet<QString> m_notified;          // context/ns/name/uid
    QHash<uint, QPair<QString, QString>> m_sent; // notification id -> (context, key)
};

} // namespace session
