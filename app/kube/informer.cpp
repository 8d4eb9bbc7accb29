#include "app/kube/informer.h"

#include <QJsonArray>
#include <QPointer>
#include <QRandomGenerator>
#include <QSettings>

#include <algorithm>

namespace kube {

namespace {
constexpr int kPageSize = 500;
constexpr qint64 kInitialBackoffMs = 800;
constexpr qint64 kMaxBackoffMs = 30'000;
constexpr qint64 kHealthyResetMs = 2 * 60'000;
constexpr qint64 kDefaultSilenceMs = 150'000;

QString metadataString(const QJsonObject& object, QLatin1String field)
{
    return object.value(QLatin1String("metadata")).toObject().value(field).toString();
}
// managedFields are large and nothing in SparkDeck reads them: drop them on ingest.
QJsonObject withoutManagedFields(QJsonObject object)
{
    QJsonObject meta = object.value(QLatin1String("metadata")).toObject();
    meta.remove(QLatin1String("managedFields"));
    object.insert(QLatin1String("metadata"), meta);
    return object;
}
} // namespace

QString ResourceKind::groupVersionPath() const
{
    return group.isEmpty() ? QStringLiteral("/api/%1").arg(version)
                           : QStringLiteral("/apis/%1/%2").arg(group, version);
}

QString ResourceKind::collectionPath(const QString& ns) const
{
    if (ns.isEmpty())
        return groupVersionPath() + QLatin1Char('/') + plural;
    return groupVersionPath() + QStringLiteral("/namespaces/") + pathSegment(ns) + QLatin1Char('/') + plural;
}

QString ResourceKind::objectPath(const QString& ns, const QString& name) const
{
    return collectionPath(ns) + QLatin1Char('/') + pathSegment(name);
}

ResourceKind ResourceKind::sparkApplications()
{
    return {QStringLiteral("sparkoperator.k8s.io"), QStringLiteral("v1beta2"), QStringLiteral("sparkapplications")};
}

ResourceKind ResourceKind::scheduledSparkApplications()
{
    return {QStringLiteral("sparkoperator.k8s.io"), QStringLiteral("v1beta2"),
            QStringLiteral("scheduledsparkapplications")};
}

ResourceKind ResourceKind::pods()
{
    return {{}, QStringLiteral("v1"), QStringLiteral("pods")};
}

ResourceKind ResourceKind::events()
{
    return {{}, QStringLiteral("v1"), QStringLiteral("events")};
}

ResourceKind ResourceKind::namespaces()
{
    return {{}, QStringLiteral("v1"), QStringLiteral("namespaces")};
}

QString Informer::keyOf(const QJsonObject& object)
{
    const QString ns = metadataString(object, QLatin1String("namespace"));
    const QString name = metadataString(object, QLatin1String("name"));
    return ns.isEmpty() ? name : ns + QLatin1Char('/') + name;
}

Informer::Informer(KubeClient* client, ResourceKind kind, QString ns, QString labelSelector, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_kind(std::move(kind))
    , m_namespace(std::move(ns))
    , m_labelSelector(std::move(labelSelector))
{
    m_retryTimer.setSingleShot(true);
    m_retryTimer.setTimerType(Qt::PreciseTimer); // a Retry-After is a lower bound
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        if (m_relistOnRetry || !m_synced)
            listPage({});
        else
            watch();
    });
    setSilenceTimeoutMs(m_silenceMs);
    connect(&m_stallTimer, &QTimer::timeout, this, [this] {
        if (!m_watch || !m_lastActivity.isValid() || m_lastActivity.elapsed() <= m_silenceMs)
            return;
        // The connection may be dead without an error (a laptop that slept): new requests must not
        // queue behind it.
        if (m_client)
            m_client->abandonConnections();
        retry(KubeError::network(tr("no data on the watch for %1 s (the connection may be gone, e.g. after the computer "
                                    "slept); reconnecting")
                                     .arg(m_lastActivity.elapsed() / 1000)),
              false);
    });
}

qint64 Informer::defaultSilenceTimeoutMs()
{
    bool ok = false;
    qint64 seconds = qEnvironmentVariable("SPARKDECK_WATCH_SILENCE_SECONDS").toLongLong(&ok);
    if (!ok || seconds <= 0)
        seconds = QSettings().value(QStringLiteral("network/watchSilenceSeconds")).toLongLong(&ok);
    return ok && seconds > 0 ? qMax<qint64>(1, seconds) * 1000 : kDefaultSilenceMs;
}

void Informer::setSilenceTimeoutMs(qint64 ms)
{
    m_silenceMs = qMax<qint64>(1000, ms);
    // Checked four times per timeout, at most every 15 s.
    m_stallTimer.setInterval(int(std::clamp<qint64>(m_silenceMs / 4, 250, 15'000)));
}

Informer::~Informer()
{
    dropWatch();
}

void Informer::start()
{
    stop();
    m_running = true;
    m_attempt = 0;
    m_backoffStep = 0;
    m_lastError = {};
    setState(State::Connecting);
    listPage({});
}

void Informer::stop()
{
    m_running = false;
    ++m_generation;
    m_retryTimer.stop();
    m_stallTimer.stop();
    dropWatch();
    m_listing.clear();
    setState(State::Stopped);
}

qint64 Informer::nextRetryMs() const
{
    return m_retryTimer.isActive() ? m_retryTimer.remainingTime() : 0;
}

void Informer::setState(State state)
{
    m_state = state;
    emit stateChanged();
}

void Informer::dropWatch()
{
    ++m_watchAttempt; // a watch still waiting for credentials is not opened
    if (!m_watch)
        return;
    QNetworkReply* reply = std::exchange(m_watch, nullptr);
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

void Informer::listPage(const QString& continueToken)
{
    if (!m_client || !m_running)
        return;
    dropWatch();
    if (continueToken.isEmpty())
        m_listing.clear();
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QString::number(kPageSize));
    if (!continueToken.isEmpty())
        query.addQueryItem(QStringLiteral("continue"), continueToken);
    if (!m_labelSelector.isEmpty())
        query.addQueryItem(QStringLiteral("labelSelector"), m_labelSelector);
    if (!m_fieldSelector.isEmpty())
        query.addQueryItem(QStringLiteral("fieldSelector"), m_fieldSelector);
    const quint64 generation = m_generation;
    m_client->request("GET", m_kind.collectionPath(m_namespace), query, {}, this,
                      [this, generation, continueToken](const Result<KubeResponse>& r) {
                          if (generation != m_generation || !m_running)
                              return;
                          if (!r) {
                              // An expired continue token means the snapshot is gone: list from scratch.
                              retry(r.error(), true);
                              return;
                          }
                          const QJsonObject list = r->object();
                          if (!list.value(QLatin1String("items")).isArray()) {
                              retry(KubeError::parse(QStringLiteral("list response has no items")), true);
                              return;
                          }
                          for (const QJsonValue& v : list.value(QLatin1String("items")).toArray()) {
                              const QJsonObject item = withoutManagedFields(v.toObject());
                              m_listing.insert(keyOf(item), item);
                          }
                          const QJsonObject listMeta = list.value(QLatin1String("metadata")).toObject();
                          const QString next = listMeta.value(QLatin1String("continue")).toString();
                          if (!next.isEmpty())
                              listPage(next);
                          else
                              applyList(listMeta.value(QLatin1String("resourceVersion")).toString());
                      });
}

void Informer::applyList(const QString& resourceVersion)
{
    // Replace the store: vanished objects are removals, new ones additions, changed ones updates.
    const QStringList existing = m_store.keys();
    for (const QString& key : existing) {
        if (!m_listing.contains(key)) {
            const QJsonObject last = m_store.take(key);
            emit removed(key, last);
        }
    }
    QHash<QString, QJsonObject> listing;
    listing.swap(m_listing);
    for (auto it = listing.cbegin(); it != listing.cend(); ++it) {
        auto found = m_store.find(it.key());
        if (found == m_store.end()) {
            m_store.insert(it.key(), it.value());
            emit added(it.key());
        } else if (metadataString(*found, QLatin1String("resourceVersion"))
                   != metadataString(it.value(), QLatin1String("resourceVersion"))) {
            *found = it.value();
            emit updated(it.key());
        }
    }
    emit delivered();
    m_resourceVersion = resourceVersion;
    m_synced = true;
    m_relistOnRetry = false;
    const QPointer<Informer> alive(this); // a command that waited for the list may delete the informer now
    emit synced();
    if (alive)
        watch();
}

void Informer::watch()
{
    if (!m_client || !m_running)
        return;
    dropWatch();
    m_framer = {};
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("watch"), QStringLiteral("1"));
    query.addQueryItem(QStringLiteral("resourceVersion"), m_resourceVersion);
    query.addQueryItem(QStringLiteral("allowWatchBookmarks"), QStringLiteral("true"));
    // Spread reconnects like client-go does (between 5 and 10 minutes).
    query.addQueryItem(QStringLiteral("timeoutSeconds"),
                       QString::number(m_minWatchTimeoutSeconds + QRandomGenerator::global()->bounded(m_minWatchTimeoutSeconds)));
    if (!m_labelSelector.isEmpty())
        query.addQueryItem(QStringLiteral("labelSelector"), m_labelSelector);
    if (!m_fieldSelector.isEmpty())
        query.addQueryItem(QStringLiteral("fieldSelector"), m_fieldSelector);
    const quint64 attempt = ++m_watchAttempt;
    m_client->openStream(m_kind.collectionPath(m_namespace), query, this,
                         [this, attempt](const Result<QNetworkReply*>& reply) {
                             if (attempt != m_watchAttempt || !m_running) {
                                 if (reply) { // dropped or restarted while credentials were on the way
                                     (*reply)->abort();
                                     (*reply)->deleteLater();
                                 }
                                 return;
                             }
                             if (!reply) {
                                 retry(reply.error(), false);
                                 return;
                             }
                             m_watch = *reply;
                             watchOpened();
                         });
}

void Informer::watchOpened()
{
    m_lastActivity.start();
    connect(m_watch, &QNetworkReply::metaDataChanged, this, [this] {
        const int status = m_watch->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status >= 200 && status < 300) {
            m_lastActivity.start();
            if (!m_healthySince.isValid())
                m_healthySince.start();
            m_lastError = {};
            m_attempt = 0;
            m_credentialRetried = false;
            setState(State::Live);
        }
    });
    connect(m_watch, &QNetworkReply::readyRead, this, &Informer::onWatchData);
    connect(m_watch, &QNetworkReply::finished, this, &Informer::onWatchFinished);
    m_stallTimer.start();
}

void Informer::onWatchData()
{
    if (!m_watch)
        return;
    const int status = m_watch->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 300)
        return; // an error body; read it in onWatchFinished
    m_lastActivity.start();
    const QByteArray chunk = m_watch->readAll();
    deliverWatchLines(m_watch, m_framer.feed(chunk));
    emit delivered();
}

bool Informer::deliverWatchLines(QNetworkReply* watch, const QList<QByteArray>& lines)
{
    for (const QByteArray& line : lines) {
        if (line.trimmed().isEmpty())
            continue;
        const Result<WatchEvent> event = parseWatchEvent(line);
        if (!event) {
            retry(event.error(), true); // the stream is broken: list again
            return false;
        }
        handleEvent(*event);
        if (m_watch != watch)
            return false; // the event ended this watch (ERROR)
    }
    return true;
}

void Informer::handleEvent(const WatchEvent& event)
{
    switch (event.type) {
    case WatchEvent::Type::Added:
    case WatchEvent::Type::Modified:
        upsert(event.object);
        break;
    case WatchEvent::Type::Deleted: {
        const QString key = keyOf(event.object);
        m_resourceVersion = metadataString(event.object, QLatin1String("resourceVersion"));
        if (m_store.contains(key)) {
            const QJsonObject last = m_store.take(key);
            emit removed(key, last);
        }
        break;
    }
    case WatchEvent::Type::Bookmark:
        m_resourceVersion = metadataString(event.object, QLatin1String("resourceVersion"));
        break;
    case WatchEvent::Type::Error: {
        const KubeError error = KubeError::fromStatus(event.object);
        retry(error, error.httpStatus == 410);
        break;
    }
    }
}

void Informer::upsert(QJsonObject object)
{
    object = withoutManagedFields(std::move(object));
    m_resourceVersion = metadataString(object, QLatin1String("resourceVersion"));
    const QString key = keyOf(object);
    const bool existed = m_store.contains(key);
    m_store.insert(key, object);
    if (existed)
        emit updated(key);
    else
        emit added(key);
}

void Informer::onWatchFinished()
{
    if (!m_watch)
        return;
    QNetworkReply* reply = m_watch;
    const QByteArray rest = reply->readAll();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const KubeError error = KubeClient::responseStatus(reply, rest).error();
    if (status >= 200 && status < 300) {
        // Deliver what is still buffered: complete records, then, when the stream ended cleanly, a
        // last record without its newline (a connection cut mid-record is the error below instead).
        // Data that does not parse is treated as in onWatchData(): the stream is broken, list again.
        QList<QByteArray> lines = m_framer.feed(rest);
        const QByteArray remainder = m_framer.takeRemainder();
        if (!error.isError())
            lines << remainder;
        const bool delivering = deliverWatchLines(reply, lines);
        emit delivered();
        if (!delivering)
            return;
    }
    m_watch = nullptr;
    reply->deleteLater();
    if (!error.isError()) {
        watch(); // the server's timeoutSeconds ended the watch: normal, watch again
        return;
    }
    if (m_client && (status == 429 || status == 503))
        m_minRetryMs = m_client->retryAfterMs(reply); // the server said how long to wait
    if (error.httpStatus == 401 && m_client && m_client->execProvider() && !m_credentialRetried) {
        // The client dropped the rejected credential: watch on at once with a fresh one.
        m_credentialRetried = true;
        watch();
        return;
    }
    retry(error, error.isExpired());
}

void Informer::retry(const KubeError& error, bool relist)
{
    dropWatch();
    m_stallTimer.stop();
    if (!m_running)
        return;
    m_relistOnRetry = m_relistOnRetry || relist;
    if (error.permanent) {
        m_lastError = error;
        m_retryTimer.stop();
        setState(State::Failed);
        return;
    }
    if (relist && error.isExpired()) {
        // An expired resourceVersion is routine (per Kubernetes API concepts: 410 Gone): relist now.
        m_lastError = {};
        listPage({});
        return;
    }
    // The delay only resets after two healthy minutes, so a server that accepts a watch and then
    // fails it at once is not hammered (client-go does the same).
    if (m_healthySince.isValid() && m_healthySince.elapsed() > kHealthyResetMs)
        m_backoffStep = 0;
    m_healthySince.invalidate();
    ++m_attempt;
    m_lastError = error;
    const qint64 base = std::min(kMaxBackoffMs, kInitialBackoffMs << std::min(m_backoffStep++, 10));
    const qint64 jitter = QRandomGenerator::global()->bounded(qMax<qint64>(1, base / 10));
    m_retryTimer.start(std::chrono::milliseconds(std::max(base + jitter, std::exchange(m_minRetryMs, 0))));
    setState(State::Reconnecting);
}

} // namespace kube
