#pragma once

#include "app/kube/kubeclient.h"
#include "app/kube/watchstream.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace kube {

/// A Kubernetes resource type addressed by group/version/plural ("" group = the core API).
struct ResourceKind {
    QString group;
    QString version;
    QString plural;

    /// The collection path in `ns` (empty = all namespaces), e.g.
    /// "/apis/sparkoperator.k8s.io/v1beta2/namespaces/default/sparkapplications".
    QString collectionPath(const QString& ns) const;
    /// The path of one object.
    QString objectPath(const QString& ns, const QString& name) const;
    /// The group/version discovery path, e.g. "/apis/sparkoperator.k8s.io/v1beta2".
    QString groupVersionPath() const;

    static ResourceKind sparkApplications();          ///< sparkoperator.k8s.io/v1beta2 sparkapplications
    static ResourceKind scheduledSparkApplications(); ///< sparkoperator.k8s.io/v1beta2 scheduledsparkapplications
    static ResourceKind pods();                       ///< v1 pods
    static ResourceKind events();                     ///< v1 events
    static ResourceKind namespaces();                 ///< v1 namespaces (cluster-scoped)
};

/// Lists and then watches one resource type and keeps an informer-style store of the objects keyed
/// by "namespace/name". Follows client-go tools/cache (Reflector + Store):
///  - list in pages of 500 (`limit`/`continue`), replace the store (vanished objects become
///    removals), then watch from the list's resourceVersion with `allowWatchBookmarks=true`;
///  - when the server ends a watch normally, watch again from the last resourceVersion seen;
///  - on HTTP 410 or an ERROR event with code 410 (resourceVersion expired), list again;
///  - watch data that does not parse (a record in the stream, or what is left when the stream ends
///    cleanly; a last record without its newline is applied when it parses) is a broken stream:
///    lastError() is the Parse error, and the informer lists again after the backoff;
///  - on any other failure retry with backoff 0.8 s doubling to 30 s, reset after 2 min healthy;
///  - a watch silent for longer than the bookmark interval allows (150 s) is considered dead and
///    restarted (after a laptop sleep the TCP connection may be gone without an error).
/// `metadata.managedFields` is dropped on ingest to save memory.
///
/// Errors are not handed to a callback: the informer retries by itself, and state() and
/// lastError() (the typed KubeError, per the core's convention in app/kube/result.h) say why.
/// Signals are emitted in the client's thread from the event loop, except stateChanged(), which
/// start() and stop() emit at once.
class Informer : public QObject {
    Q_OBJECT
public:
    enum class State {
        Stopped,      ///< not started
        Connecting,   ///< first list in flight
        Live,         ///< synced and watching
        Reconnecting, ///< a list or watch failed; retrying after nextRetryMs()
        Failed,       ///< stopped on a permanent error (KubeError::permanent, see lastError()); start() tries again
    };
    Q_ENUM(State)

    /// Watches `kind` in `ns` (empty = all namespaces), optionally filtered by `labelSelector`.
    Informer(KubeClient* client, ResourceKind kind, QString ns, QString labelSelector = {},
             QObject* parent = nullptr);
    ~Informer() override;

    void start();
    void stop();

    State state() const { return m_state; }
    /// True once the first list has been applied (client-go HasSynced).
    bool hasSynced() const { return m_synced; }
    /// The last error that made the informer retry (kind None when healthy).
    const KubeError& lastError() const { return m_lastError; }
    /// Consecutive failed attempts (0 when healthy).
    int attempt() const { return m_attempt; }
    /// Milliseconds until the next retry while Reconnecting, else 0.
    qint64 nextRetryMs() const;
    /// The resourceVersion the next watch would start from.
    QString resourceVersion() const { return m_resourceVersion; }
    const QString& watchedNamespace() const { return m_namespace; }
    /// Restricts the list and watch to objects matching `fieldSelector` (the API's `fieldSelector`
    /// parameter, e.g. "involvedObject.uid=0f3c…" for events); call before start(). Empty = all.
    void setFieldSelector(const QString& fieldSelector) { m_fieldSelector = fieldSelector; }
    const QString& fieldSelector() const { return m_fieldSelector; }

    /// Objects by key "namespace/name" (or "name" when cluster-scoped).
    const QHash<QString, QJsonObject>& objects() const { return m_store; }
    QJsonObject object(const QString& key) const { return m_store.value(key); }

    /// "namespace/name" of an object.
    static QString keyOf(const QJsonObject& object);

signals:
    void added(const QString& key);
    void updated(const QString& key);
    /// `last` is the object as it was when it was removed.
    void removed(const QString& key, const QJsonObject& last);
    /// A list was applied: the store equals the server's state at resourceVersion().
    void synced();
    /// The end of one delivery: the added(), updated() and removed() signals of one list, or of one
    /// read of the watch stream, have all been emitted (before synced(), for a list). Receivers
    /// that batch their work per delivery (model::InformerTableModel) finish it here.
    void delivered();
    /// state(), attempt(), lastError() or nextRetryMs() changed.
    void stateChanged();

private:
    /// Decodes and applies the complete watch records `lines` of `watch`; a record that does not
    /// parse relists. False when delivery stopped (a relist, or an ERROR event ended `watch`).
    bool deliverWatchLines(QNetworkReply* watch, const QList<QByteArray>& lines);
    void listPage(const QString& continueToken);
    void applyList(const QString& resourceVersion);
    void watch();
    void watchOpened();
    void onWatchData();
    void onWatchFinished();
    void handleEvent(const WatchEvent& event);
    void upsert(QJsonObject object);
    void retry(const KubeError& error, bool relist);
    void dropWatch();
    void setState(State state);

    QPointer<KubeClient> m_client;
    ResourceKind m_kind;
    QString m_namespace;
    QString m_labelSelector;
    QString m_fieldSelector;

    QHash<QString, QJsonObject> m_store;
    QHash<QString, QJsonObject> m_listing;   // pages of a list in progress
    QString m_resourceVersion;
    bool m_synced = false;
    bool m_running = false;
    quint64 m_generation = 0;                 // invalidates callbacks of a stopped/restarted cycle

    QNetworkReply* m_watch = nullptr;
    quint64 m_watchAttempt = 0;          // bumped by watch() and dropWatch(); stale opens are discarded
    LineFramer m_framer;
    QElapsedTimer m_lastActivity;
    QElapsedTimer m_healthySince;
    QTimer m_retryTimer;
    QTimer m_stallTimer;
    bool m_relistOnRetry = false;

    State m_state = State::Stopped;
    KubeError m_lastError;
    int m_attempt = 0;     // failures since the last healthy watch (shown to the user)
    int m_backoffStep = 0; // exponent of the retry delay
};

} // namespace kube
