#pragma once

#include "app/kube/kubeclient.h"
#include "app/kube/portforward.h"
#include "app/session/applicationfacts.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>

#include <functional>

namespace kube {
class Informer;
}
namespace model {
class ApplicationsModel;
class EventsModel;
class PodsModel;
}

namespace session {

/// The live details of one SparkApplication (`ns`/`name`) on a client it is given (it never makes
/// one): its pods (an informer on v1 pods with the label selector sparkoperator.k8s.io/app-name=<name>)
/// in pods(), its events in events() (one informer on v1 events per involved object, with the field
/// selector involvedObject.uid=<uid>: the application's, also of earlier runs with the same name,
/// and each of its pods'), the facts of its live object, the first exception of a failed driver's
/// log, the Spark UI port-forward, and the copy to clone. (Delete, re-run and suspend/resume are
/// session::ApplicationActions', on the cluster's session.) The live object comes from `applications` (which the window's informer keeps). Everything is called and
/// calls back in the thread that owns the object.
class ApplicationDetails : public QObject {
    Q_OBJECT
public:
    /// `client` may be nullptr (nothing is read then); `applications` must outlive this object.
    ApplicationDetails(kube::KubeClient* client, model::ApplicationsModel* applications, QString ns, QString name,
                       QObject* parent = nullptr);
    ~ApplicationDetails() override;

    QString ns() const { return m_ns; }
    QString name() const { return m_name; }
    /// "namespace/name".
    QString key() const;
    /// metadata.uid of the live object ("" while the application is not in `applications`).
    QString uid() const { return m_uid; }
    kube::KubeClient* client() const { return m_client; }
    /// Whether the application is in `applications` now.
    bool exists() const;
    /// Whether the pods and the events (of the application's uid and of every pod known now) have
    /// each been listed once since their informer started, so pods() and events() hold what the
    /// server had then; listedChanged() when that becomes true (again, after a new pod or uid
    /// added an events informer). False without a client.
    bool listed() const;
    /// The facts of the live object (empty while it does not exist).
    ApplicationFacts facts() const;
    /// The live object as YAML (canonical form of model::YamlDocument; "" while it does not exist).
    QString yaml() const;
    /// The YAML of a copy to submit again: resubmittable fields only, named model::cloneName(name).
    QString cloneYaml() const;

    model::PodsModel* pods() const { return m_pods; }
    model::EventsModel* events() const { return m_events; }

    /// The first exception in the driver's log of a FAILED application.
    struct FirstException {
        enum class State { NotApplicable, Reading, Found, NotFound, Unreadable };
        State state = State::NotApplicable;
        QString text;       ///< the exception (Found)
        kube::KubeError error; ///< why the log cannot be read (Unreadable)
    };
    /// For a FAILED application with a driver pod: what kube::fetchFirstException() found in the
    /// last 2000 lines of its driver log, read once per run (uid and driver pod); firstExceptionChanged()
    /// when the reading ends. NotApplicable for any other state.
    FirstException firstException();

    /// Spark UI port-forward (kubectl port-forward to svc/<facts().sparkUiService()> port 4040).
    enum class SparkUiState { Off, Starting, Ready };
    SparkUiState sparkUiState() const;
    /// http://127.0.0.1:PORT while Ready, else empty.
    QUrl sparkUiUrl() const;
    /// Starts the forward with kubectl's view of the same cluster (`kubeconfigFiles`, `context`);
    /// sparkUiReady() or sparkUiFailed() follows. When it is Ready already, does nothing.
    void startSparkUi(const QStringList& kubeconfigFiles, const QString& context);
    /// Ends the forward (if any).
    void stopSparkUi();
    /// The service startSparkUi() forwards from.
    QString sparkUiService() const;

    /// The live object (empty while it does not exist).
    QJsonObject object() const;

signals:
    /// The live object changed (or appeared, or went away).
    void changed();
    /// listed() became true.
    void listedChanged();
    void firstExceptionChanged();
    void sparkUiStateChanged();
    void sparkUiReady(const QUrl& url);
    /// The forward could not start or ended: `message` says why and what to do.
    void sparkUiFailed(const QString& message);

private:
    void updateUid();
    void watchEventsOf(const QString& uid);
    void onPodsChanged();
    void checkListed();

    QPointer<kube::KubeClient> m_client;
    model::ApplicationsModel* m_applications;
    QString m_ns;
    QString m_name;
    QString m_uid;
    model::PodsModel* m_pods;
    model::EventsModel* m_events;
    kube::Informer* m_podInformer = nullptr;
    QHash<QString, kube::Informer*> m_eventInformers; // involved object's uid -> its events
    QPointer<kube::PortForward> m_portForward;
    QString m_failureRun; // "uid/driver pod" whose log was read for firstException()
    FirstException m_firstException;
};

} // namespace session
