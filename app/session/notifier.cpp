#include "app/session/notifier.h"

#include <algorithm>

#include "models/applicationsmodel.h"
#include "models/sparkapplication.h"

#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QSettings>

namespace session {

namespace {
const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");
const QString kPinnedSetting = QStringLiteral("notifications/pinned");
} // namespace

Notifier::Notifier(const QDBusConnection& bus, QObject* parent)
    : QObject(parent)
    , m_bus(bus)
    , m_pinned(QSettings().value(kPinnedSetting).toStringList())
{
    if (m_bus.isConnected()) {
        m_bus.connect(kService, kPath, kInterface, QStringLiteral("ActionInvoked"), this, SLOT(onActionInvoked(uint,QString)));
        m_bus.connect(kService, kPath, kInterface, QStringLiteral("NotificationClosed"), this, SLOT(onClosed(uint,uint)));
    }
}

void Notifier::observe(const QString& context, model::ApplicationsModel* applications)
{
    for (const auto& m : std::as_const(m_models))
        if (m == applications)
            return;
    m_models << applications;
    auto all = [this, context, applications] { check(context, applications, 0, applications->rowCount() - 1); };
    connect(applications, &QAbstractItemModel::dataChanged, this,
            [this, context, applications](const QModelIndex& from, const QModelIndex& to) { check(context, applications, from.row(), to.row()); });
    connect(applications, &QAbstractItemModel::rowsInserted, this,
            [this, context, applications](const QModelIndex&, int first, int last) { check(context, applications, first, last); });
    connect(applications, &QAbstractItemModel::modelReset, this, all);
    all();
}

void Notifier::watchSubmitted(const QString& context, const QString& key)
{
    m_submitted.insert(pinKey(context, key));
    for (const auto& m : std::as_const(m_models))
        if (m && m->rowOf(key) >= 0)
            check(context, m, m->rowOf(key), m->rowOf(key));
}

void Notifier::setPinned(const QString& context, const QString& key, bool pinned)
{
    m_pinned = QSettings().value(kPinnedSetting).toStringList(); // another window may have pinned meanwhile
    m_pinned.removeAll(pinKey(context, key));
    if (pinned)
        m_pinned << pinKey(context, key);
    QSettings().setValue(kPinnedSetting, m_pinned);
}

bool Notifier::isPinned(const QString& context, const QString& key) const
{
    return m_pinned.contains(pinKey(context, key));
}

void Notifier::check(const QString& context, model::ApplicationsModel* applications, int first, int last)
{
    for (int row = qMax(0, first); row <= last && row < applications->rowCount(); ++row) {
        // Every application's last state is kept, so one pinned while it runs is announced when it ends.
        const QString key = applications->keyAt(row);
        const QString name = pinKey(context, key);
        const model::ApplicationSummary s = applications->summary(key);
        const QString uid = applications->objectAt(row).value(QLatin1String("metadata")).toObject().value(QLatin1String("uid")).toString();
        const QString run = name + QLatin1Char('/') + uid;
        const auto previous = m_seen.constFind(run);
        // Seen before also when the model saw it unfinished within the delivery that added its
        // row (the model signals one row for the states of one delivery).
        const QList<model::ApplicationsModel::StateChange> states = applications->stateHistory(key);
        const bool seenBefore = previous != m_seen.cend()
            || std::any_of(states.cbegin(), std::prev(states.cend(), states.isEmpty() ? 0 : 1),
                           [](const model::ApplicationsModel::StateChange& c) { return !model::spark::isTerminalState(c.state); });
        const bool wasAnnounced = previous != m_seen.cend() && model::spark::isTerminalState(*previous);
        m_seen.insert(run, s.state);
        const bool submitted = m_submitted.contains(name);
        if (!submitted && !m_pinned.contains(name))
            continue;
        if (!model::spark::isTerminalState(s.state) || m_notified.contains(run) || (!submitted && (!seenBefore || wasAnnounced)))
            continue;
        m_notified.insert(run);
        m_submitted.remove(name);
        const bool ok = s.state == QLatin1String("COMPLETED");
        const qint64 ms = s.started.isValid() && s.finished.isValid() ? s.started.msecsTo(s.finished) : -1;
        const QString summary = ok ? tr("%1 completed").arg(s.name) : tr("%1 failed").arg(s.name);
        QString body = tr("%1 in %2 (%3)").arg(key, context, model::spark::stateLabel(s.state));
        if (ms >= 0)
            body += tr(" after %1").arg(model::humanDuration(ms));
        if (!ok && !s.errorMessage.isEmpty())
            body += QStringLiteral(": ") + s.errorMessage.left(300);
        send(context, key, summary, body);
    }
}

void Notifier::send(const QString& context, const QString& key, const QString& summary, const QString& body)
{
    if (!m_bus.isConnected()) {
        emit fallbackRequested(summary, body, context, key);
        emit notified(summary, body);
        return;
    }
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("Notify"));
    const QVariantMap hints{{QStringLiteral("desktop-entry"), QStringLiteral("sparkdeck")},
                            {QStringLiteral("category"), summary.endsWith(tr("completed")) ? QStringLiteral("transfer.complete")
                                                                                           : QStringLiteral("transfer.error")}};
    call << QStringLiteral("SparkDeck") << uint(0) << QStringLiteral("sparkdeck") << summary << body.toHtmlEscaped()
         << QStringList{QStringLiteral("default"), tr("Show")} << hints << int(-1);
    auto* watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, 5000), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher, context, key, summary, body] {
        watcher->deleteLater();
        const QDBusPendingReply<uint> reply = *watcher;
        if (reply.isError())
            emit fallbackRequested(summary, body, context, key);
        else
            m_sent.insert(reply.value(), {context, key});
        emit notified(summary, body);
    });
}

void Notifier::onActionInvoked(uint id, const QString& action)
{
    const auto found = m_sent.constFind(id);
    if (found != m_sent.cend() && action == QLatin1String("default"))
        emit activated(found->first, found->second);
}

void Notifier::onClosed(uint id, uint)
{
    m_sent.remove(id);
}

} // namespace session
