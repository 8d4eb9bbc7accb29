#pragma once

#include "app/kube/informer.h"
#include "app/kube/portforward.h"
#include "app/kube/sparkapi.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QUrl>

namespace model {
class SparkConnectsModel;
}

namespace session {

class ClusterSession;
class LogSession;

/// The SparkConnects (Kubeflow Spark Operator, sparkoperator.k8s.io/v1alpha1, operator v2.3 and
/// newer) of one ClusterSession's watched namespace: whether the cluster serves them at all, the
/// live table, creating and deleting them, the server pod's log and a port-forward to the server's
/// Spark Connect port (15002) for clients (sc://localhost:PORT).
///
/// start() asks the API server's discovery (GET /apis/sparkoperator.k8s.io/v1alpha1) once; only when
/// it lists `sparkconnects` is an informer started. A cluster without the CRD (404, or a group
/// version without the resource) gets availability() NotServed and message() saying so: nothing is
/// retried until start() is called again or the ClusterSession reconnects. Other discovery errors
/// (network, forbidden) give Error with the reason; the same applies. A namespace change of the
/// ClusterSession restarts the informer there; its reconnect() starts over with discovery.
///
/// Runs and calls back in the thread that owns it (the GUI thread in the window). Callbacks get
/// kube::Status / kube::SubmitResult per the core's error convention (app/kube/result.h), always
/// later from the event loop, and are skipped when `receiver` is destroyed first.
class SparkConnectSession : public QObject {
    Q_OBJECT
public:
    enum class Availability {
        Unknown,   ///< start() not called yet
        Checking,  ///< the discovery request is in flight
        Served,    ///< the CRD is served; the informer runs
        NotServed, ///< the cluster has no SparkConnect CRD (message() says what to do)
        Error,     ///< discovery failed for another reason (message() says why)
    };
    Q_ENUM(Availability)

    /// Follows `cluster` (its client, watched namespace and reconnects). Does nothing until start().
    explicit SparkConnectSession(ClusterSession* cluster, QObject* parent = nullptr);
    ~SparkConnectSession() override;

    /// sparkoperator.k8s.io/v1alpha1 sparkconnects.
    static kube::ResourceKind kind();

    /// Asks discovery whether SparkConnects are served (again), then lists and watches them in the
    /// watched namespace.
    void start();
    Availability availability() const { return m_availability; }
    /// One or two sentences for the user: why the list is not there (NotServed, Error), or empty.
    QString message() const { return m_message; }
    /// The live table (owned by the session; empty unless Served).
    model::SparkConnectsModel* model() const { return m_model; }
    /// The informer of SparkConnects (nullptr unless Served).
    kube::Informer* informer() const { return m_informer; }
    ClusterSession* cluster() const { return m_cluster; }
    /// Why the list is not live while Served (the informer is retrying or stopped: its last error,
    /// e.g. Forbidden without RBAC to list sparkconnects), empty when it is.
    QString listProblem() const;

    /// Creates `object` (a SparkConnect as JSON, metadata.namespace set) with a strict dry run and
    /// then a strict create (kube::submitObject: unknown fields are errors). A cluster without the
    /// CRD fails with the NotServed message.
    void create(const QJsonObject& object, QObject* receiver, std::function<void(const kube::SubmitResult&)> done);
    /// Deletes the SparkConnect `key` ("namespace/name") with preconditions.uid = `uid` (so an object
    /// created again under the same name in the meantime is left alone: HTTP 409) and
    /// propagationPolicy Background: the garbage collector then deletes what the operator created
    /// for it (server pod, Service, ConfigMap; the server deletes its executors as it ends).
    void remove(const QString& key, const QString& uid, QObject* receiver, std::function<void(const kube::Status&)> done);

    /// Follows the Spark Connect server's log of `key` in `log` (its server pod from the status, the
    /// container spark-kubernetes-driver). False (nothing followed) when the operator has not created
    /// the server pod yet.
    bool followServerLog(LogSession* log, const QString& key) const;

    /// Forwards a local port to port 15002 of `key`'s server Service (kubectl port-forward, see
    /// kube::PortForward) and emits connectReady() with sc://localhost:PORT, or connectFailed(). The
    /// forward ends with stopForward(), remove(), the SparkConnect leaving the list, or the session.
    /// A forward of `key` that runs already is answered again at once (still through the event loop).
    void connectTo(const QString& key);
    /// Stops the forward of `key` (nothing when there is none).
    void stopForward(const QString& key);
    /// sc://localhost:PORT of `key`'s running forward, empty when none.
    QString connectUrl(const QString& key) const;

signals:
    /// availability() or message() changed.
    void availabilityChanged();
    /// listProblem() may have changed.
    void listStateChanged();
    /// The forward of `key` is ready: clients connect to `url` (sc://localhost:PORT).
    void connectReady(const QString& key, const QString& url);
    /// The forward of `key` could not be started or ended; `error` says why and what to do.
    void connectFailed(const QString& key, const kube::KubeError& error);

private:
    void discover();
    void startInformer();
    void stopInformer();
    void setAvailability(Availability availability, const QString& message);
    QString notServedMessage() const;

    QPointer<ClusterSession> m_cluster;
    model::SparkConnectsModel* m_model;
    QPointer<kube::Informer> m_informer;
    QMetaObject::Connection m_clientGone; // the informer's client destroyed -> stopInformer()
    Availability m_availability = Availability::Unknown;
    QString m_message;
    quint64 m_discovery = 0; // bumped per discovery; stale answers are dropped
    QHash<QString, kube::PortForward*> m_forwards; // key -> running forward
    QHash<QString, QString> m_urls;                 // key -> sc://localhost:PORT
};

} // namespace session
