#pragma once

#include "app/kube/kubeerror.h"
#include "app/kube/operatorprobe.h"
#include "models/sparkrequests.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>

namespace kube {
class KubeClient;
}

namespace session {

/// A preflight of one namespace of a cluster for Spark on the Kubeflow Spark Operator (v2.x, as its
/// Helm chart installs it): whether an application submitted there will be accepted, handled by the
/// operator and able to start its pods. Read-only: it sends GETs and access reviews, never changes
/// anything. Used by `sparkdeck doctor`; the window's wizard may show the same findings.
///
/// The checks, in the order findings() lists them (ids in brackets):
///   [api]             GET /version and SelfSubjectReview: the API server answers, who you are
///   [namespace]       the namespace exists (kube::probeOperator)
///   [crds]            sparkapplications and scheduledsparkapplications.sparkoperator.k8s.io serve
///                     v1beta2 (apiextensions CRDs; discovery when reading CRDs is forbidden)
///   [operator]        the controller Deployment (kube::probeOperator) has ready replicas
///   [watch]           it watches the namespace (--namespaces, --namespace-selector)
///   [webhook]         the operator's Mutating/ValidatingWebhookConfigurations exist, their
///                     namespaceSelector selects the namespace, their Service has ready endpoints
///   [service-account] the driver's service account exists (kube::probeOperator)
///   [driver-rbac]     it may create/get/list/watch/delete pods and create/delete services and
///                     configmaps there (SubjectAccessReview, as `kubectl auth can-i --as
///                     system:serviceaccount:NS:SA`); skipped when you may not create those reviews
///   [user-rbac]       you may create SparkApplications there (SelfSubjectAccessReview)
///   [quota]           ResourceQuotas and LimitRanges leave room for the template's pods
class Doctor : public QObject {
    Q_OBJECT
public:
    enum class Status { Ok, Warning, Error, Skipped };

    /// One check's outcome. `fix` is a command or a step, empty when nothing is to be done.
    struct Finding {
        QString id;     ///< "namespace", ... (see the class comment)
        QString title;  ///< "Namespace"
        Status status = Status::Skipped;
        QString detail; ///< what was found, one line
        QString fix;    ///< what to do (a command line or a step); empty when ok
    };

    struct Options {
        QString ns;                 ///< the namespace to check
        QString serviceAccount;     ///< the driver's service account
        QJsonObject spec;           ///< the SparkApplication spec whose pods the quota check counts
        QString templateName;       ///< where `spec` comes from, for details ("SparkPi", a file name)
    };

    /// `client` must outlive the doctor (or the doctor's callbacks are dropped with it).
    Doctor(kube::KubeClient* client, Options options, QObject* parent = nullptr);
    ~Doctor() override;

    /// Runs every check (the requests are asynchronous); finished() is emitted once, from the event
    /// loop of the client's thread, when all have an answer.
    void start();

    /// The findings in the class comment's order; before finished() the unanswered ones are Skipped.
    const QList<Finding>& findings() const { return m_findings; }
    /// Set (isError()) when the API server could not be reached or refused the credentials (network,
    /// credentials, HTTP 401): then every check but [api] is Skipped.
    const kube::KubeError& fatalError() const { return m_fatal; }
    /// True when a finding has Status::Error.
    bool hasErrors() const;

    /// "ok", "warning", "error", "skipped" (for JSON output).
    static QString statusName(Status status);

    /// The facts kube::probeOperator gave (for the wizard; valid after finished()).
    const kube::OperatorFacts& operatorFacts() const { return m_facts; }

signals:
    void finished();

private:
    Finding& finding(const QString& id);
    void set(const QString& id, Status status, const QString& detail, const QString& fix = {});
    void get(const QString& path, const QUrlQuery& query, std::function<void(const kube::Result<kube::KubeResponse>&)> done);
    void post(const QString& path, const QJsonObject& body, std::function<void(const kube::Result<kube::KubeResponse>&)> done);
    void release();
    void runChecks();
    void checkCrds();
    void checkCrdsByDiscovery(const QString& why);
    void checkOperator();
    /// [operator] and [watch] when no operator Deployment exists, once every request has answered:
    /// a warning when the webhook configurations call a URL (an operator run outside the cluster),
    /// else an error.
    void concludeMissingOperator();
    void checkWatch(const QString& releaseNamespace, const QString& release);
    void checkWebhook();
    void checkRbac();
    void checkQuota();
    /// Whether the label selector `selector` (text form) selects namespace `ns`: asks the API server
    /// (GET /api/v1/namespaces with labelSelector and fieldSelector metadata.name). `done` gets
    /// 1 yes, 0 no, -1 unknown (and the error text).
    void selectsNamespace(const QString& selector, std::function<void(int, const QString&)> done);
    QString helmJobNamespacesFix(const QString& releaseNamespace, const QString& release) const;

    QPointer<kube::KubeClient> m_client;
    Options m_options;
    QList<Finding> m_findings;
    kube::KubeError m_fatal;
    kube::OperatorFacts m_facts;
    model::SparkRequests m_requests;
    int m_pending = 0;
    bool m_started = false;
    bool m_finished = false;
    QString m_server;   ///< "v1.34.4"
    QString m_user;     ///< from the SelfSubjectReview, when answered
    bool m_operatorMissing = false;  ///< no operator Deployment found (concluded at the end)
    QStringList m_webhookServers;    ///< servers the operator's webhooks call by URL ("https://host:port")
};

/// A label selector in text form ("a=b,c in (x,y),!d") for a metav1.LabelSelector
/// object (matchLabels, matchExpressions with In, NotIn, Exists, DoesNotExist); empty for an empty
/// selector, which selects everything.
QString labelSelectorText(const QJsonObject& selector);

} // namespace session
