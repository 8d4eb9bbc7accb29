#pragma once

#include "app/kube/informer.h"
#include "app/kube/kubeclient.h"
#include "app/kube/kubeconfig.h"
#include "app/kube/operatorprobe.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <optional>

namespace model {
class ApplicationsModel;
class ScheduledApplicationsModel;
}

namespace session {

/// Everything SparkDeck keeps open for one kubeconfig context: its kube::ClusterConnection and the
/// kube::KubeClient built from it, the informers of SparkApplications and ScheduledSparkApplications
/// (in the watched namespace) and of namespaces (cluster-wide), the item models they feed, the
/// connection state and what kube::probeOperator() found out about the Spark Operator.
///
/// Sessions are independent of each other: several may be alive at once (one per context), each
/// with its own client and informers, and nothing is shared or global. Everything runs and signals
/// in the thread that owns the session (the GUI thread in the window). The models live as long as
/// the session; reconnect() replaces the client and informers but keeps the models.
class ClusterSession : public QObject {
    Q_OBJECT
public:
    /// The phase of the connection, from the SparkApplications informer.
    enum class Phase {
        Stopped,      ///< nothing watched (no client: the context could not be resolved)
        Connecting,   ///< the first list is in flight
        Live,         ///< listed and watching
        Reconnecting, ///< a list or watch failed; retried at ConnectionState::retryAt
        Failed,       ///< stopped on a permanent error (ConnectionState::error); reconnect() tries again
    };
    Q_ENUM(Phase)

    /// The connection state as the status bar shows it.
    struct ConnectionState {
        Phase phase = Phase::Stopped;
        int attempt = 0;            ///< Reconnecting: consecutive failed attempts
        QDateTime retryAt;          ///< Reconnecting: when the next try starts (UTC)
        kube::KubeError error;      ///< Reconnecting / Failed: why (kind None otherwise)
        int applicationCount = 0;   ///< Live: SparkApplications listed in the watched namespace
        QString text;               ///< one line for the status bar, e.g. "Live — 3 applications in namespace default, watching for changes"
    };

    /// Connects context `context` (empty = the kubeconfig's current-context) of `kubeconfig`.
    /// `namespaceOverride` replaces the context's namespace ("" = all namespaces). When the
    /// context cannot be resolved, client() is nullptr and setupError() says why; nothing is
    /// started then. `explicitFiles`: the kubeconfig files came from --kubeconfig (reconnect()
    /// requires them to exist).
    ClusterSession(kube::Kubeconfig kubeconfig, QString context, std::optional<QString> namespaceOverride = {},
                   bool explicitFiles = false, QObject* parent = nullptr);
    ~ClusterSession() override;

    QString context() const { return m_context; }
    /// The files the kubeconfig was read from, in merge order (for kubectl commands).
    QStringList kubeconfigFiles() const { return m_kubeconfig.files(); }
    const kube::ClusterConnection& connection() const { return m_connection; }
    /// The client of this context (nullptr when setupError() is set). Owned by the session;
    /// reconnect() replaces it (clientChanged()).
    kube::KubeClient* client() const { return m_client; }
    /// Why the context could not be resolved into a connection (kind Parse, permanent, the message
    /// names the kubeconfig file and field); kind None when client() is set.
    const kube::KubeError& setupError() const { return m_setupError; }

    model::ApplicationsModel* applications() const { return m_applications; }
    model::ScheduledApplicationsModel* scheduledApplications() const { return m_scheduled; }
    kube::Informer* applicationsInformer() const { return m_applicationsInformer; }
    kube::Informer* scheduledInformer() const { return m_scheduledInformer; }

    /// The watched namespace; empty = all namespaces.
    QString watchedNamespace() const { return m_namespace; }
    /// Watches `ns` (empty = all namespaces): new informers for SparkApplications and
    /// ScheduledSparkApplications there; the models are emptied and filled again.
    void setNamespace(const QString& ns);

    /// The names of the namespaces of the cluster, sorted (empty until listed, and when listing
    /// them is forbidden: then the namespace informer is stopped).
    QStringList namespaces() const { return m_namespaces; }

    ConnectionState connectionState() const;

    /// What kube::probeOperator() found out last (all unknown before the first answer).
    const kube::OperatorFacts& operatorFacts() const { return m_operatorFacts; }
    /// Asks which namespaces the operator watches, for applications in `ns` (empty = the context's
    /// namespace). At most once per 30 s: a call within that asks once more when it is over.
    /// Done on its own when the applications model reports an application still without a state.
    void probeOperator(const QString& ns);

    /// Reads the kubeconfig files again (keeping the last readable version when they cannot be
    /// read) and connects this context anew with a new client and informers, keeping the watched
    /// namespace. After a login in a terminal, or an edited kubeconfig.
    void reconnect();

signals:
    /// connectionState() changed (also the application count).
    void connectionStateChanged();
    /// namespaces() changed.
    void namespacesChanged();
    /// The first list of SparkApplications arrived for the watched namespace (once per namespace
    /// and connection).
    void applicationsSynced();
    /// The watched namespace changed: the informers were replaced.
    void watchedNamespaceChanged(const QString& ns);
    /// reconnect() replaced the client (nullptr when the context cannot be resolved any more).
    void clientChanged(kube::KubeClient* client);
    /// operatorFacts() changed.
    void operatorFactsChanged();
    /// The exec credential plugin `program` started (a login may be asked for).
    void credentialPluginStarted(const QString& program);
    /// applicationsInformer() was replaced (namespace change, reconnect); nullptr without a client.
    void applicationsInformerChanged(kube::Informer* informer);

private:
    void connectContext();
    /// Deletes the informers and the client (the models stay, empty).
    void disconnectContext();
    void startApplicationInformers();
    void watchNamespaces();
    void updateNamespaces();
    QString statusText(const ConnectionState& state) const;

    kube::Kubeconfig m_kubeconfig;
    QString m_context;
    bool m_explicitFiles = false;
    kube::ClusterConnection m_connection;
    kube::KubeError m_setupError;
    QString m_namespace;
    QPointer<kube::KubeClient> m_client;
    QPointer<kube::Informer> m_applicationsInformer;
    QPointer<kube::Informer> m_scheduledInformer;
    QPointer<kube::Informer> m_namespaceInformer;
    model::ApplicationsModel* m_applications;
    model::ScheduledApplicationsModel* m_scheduled;
    QStringList m_namespaces;
    kube::OperatorFacts m_operatorFacts;
    QElapsedTimer m_lastOperatorProbe;
    bool m_operatorProbeQueued = false;
};

} // namespace session
