#pragma once

#include "app/kube/kubeclient.h"

#include <QStringList>

#include <functional>

namespace kube {

/// Whether a Spark Operator controller is there, as far as the caller may see.
enum class OperatorPresence {
    Unknown,  ///< not asked yet, or the lookup failed (403 Forbidden, network, ...): nothing is known
    Found,    ///< a controller Deployment was listed
    NotFound, ///< the lookup answered and listed no controller Deployment
};

/// What the cluster says about the traps a SparkApplication can fall into before it runs.
struct OperatorFacts {
    bool namespaceChecked = false;      ///< the namespace lookup answered (found or 404)
    bool namespaceExists = false;
    bool serviceAccountChecked = false; ///< the service account lookup answered (found or 404)
    bool serviceAccountExists = false;
    /// A Spark Operator controller Deployment (one whose container has a --namespaces= flag) is
    /// listed; Unknown when listing Deployments is forbidden or failed.
    OperatorPresence operatorPresence = OperatorPresence::Unknown;
    QString operatorDeployment;         ///< "namespace/name" of it (when Found)
    /// Its version (when Found): the Deployment's label app.kubernetes.io/version (the Helm chart
    /// sets it), else the tag of the controller container's image; empty when neither says.
    QString operatorVersion;
    QStringList watchedNamespaces;      ///< from its --namespaces flag; empty = all namespaces
    /// Its --namespace-selector flag (a label selector, e.g. "spark=enabled"): namespaces whose labels
    /// match it are watched in addition to watchedNamespaces (operator v2.x); empty when not given.
    QString namespaceSelector;
    bool webhookChecked = false;        ///< the webhook configurations lookup answered
    bool webhookFound = false;          ///< a MutatingWebhookConfiguration of the operator exists
    /// True when the operator is known and does not watch `ns` (apps there are silently ignored). False
    /// when `ns` is not listed but a namespaceSelector might take it (its labels decide).
    bool ignoresNamespace(const QString& ns) const;
};

/// Looks up, with read-only GETs, what decides whether an application in `ns` using `serviceAccount`
/// will run: the namespace (GET /api/v1/namespaces/NS), the service account (GET
/// .../serviceaccounts/NAME), the operator's controller
/// Deployment (label app.kubernetes.io/name=spark-operator, any namespace; the Helm chart 2.x passes
/// the job namespaces as --namespaces=a,b, all namespaces as --namespaces="" and
/// spark.jobNamespaceSelector as --namespace-selector=SEL; the controller's Deployment, labelled
/// app.kubernetes.io/component=controller, is preferred to the webhook's, which has the same flags)
/// and its mutating webhook configuration (same label).
/// Lookups that are forbidden (or fail otherwise) leave their facts unknown (the *Checked flags
/// false, operatorPresence Unknown). `done` gets the
/// facts, or, when no lookup got an HTTP answer at all (network, credentials), the first lookup's
/// error: then nothing is known. It runs once, in the client's thread (where `receiver` lives),
/// always after the call returns, from the event loop; it is skipped when `receiver` is destroyed
/// first.
void probeOperator(KubeClient* client, const QString& ns, const QString& serviceAccount, QObject* receiver,
                   std::function<void(const Result<OperatorFacts>&)> done);

} // namespace kube
