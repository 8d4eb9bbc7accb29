#include "app/session/doctor.h"

#include "app/kube/kubeclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUrlQuery>

#include <algorithm>

namespace session {

using kube::KubeError;
using kube::KubeResponse;
using kube::Result;

namespace {

const QString kOperatorSelector = QStringLiteral("app.kubernetes.io/name=spark-operator");
const QString kGroup = QStringLiteral("sparkoperator.k8s.io");
const QString kHelmInstall = QStringLiteral(
    "helm upgrade --install spark-operator spark-operator/spark-operator --namespace spark-operator --create-namespace "
    "--set 'spark.jobNamespaces={%1}'  (with the operator's chart repository added as spark-operator)");

struct CheckInfo {
    const char* id;
    const char* title;
};
const CheckInfo kChecks[] = {
    {"api", "API server"},
    {"namespace", "Namespace"},
    {"crds", "CRDs"},
    {"operator", "Operator"},
    {"watch", "Operator watches"},
    {"webhook", "Webhook"},
    {"service-account", "Service account"},
    {"driver-rbac", "Driver RBAC"},
    {"user-rbac", "Your RBAC"},
    {"quota", "Quota and limits"},
};

// What Spark's driver (3.x/4.x on Kubernetes) does with its service account: create, watch and delete
// executor pods and create the executors' config map; services as Spark's RBAC guide and the
// operator chart's Role grant them (the driver's own Service and config map are created by
// spark-submit with the operator's account).
struct Access {
    const char* verb;
    const char* resource;
};
const Access kDriverAccess[] = {
    {"create", "pods"},     {"get", "pods"},     {"list", "pods"},     {"watch", "pods"}, {"delete", "pods"},
    {"create", "services"}, {"delete", "services"}, {"create", "configmaps"}, {"delete", "configmaps"},
};

QString errorLine(const KubeError& e)
{
    if (e.kind == KubeError::Kind::Http && e.isStatus)
        return QStringLiteral("%1 (%2): %3").arg(e.httpStatus).arg(e.reason, e.message);
    return e.summary();
}

QJsonObject accessReview(const QString& kind, const QString& ns, const QString& verb, const QString& group, const QString& resource)
{
    QJsonObject attributes{{QStringLiteral("namespace"), ns}, {QStringLiteral("verb"), verb}, {QStringLiteral("resource"), resource}};
    if (!group.isEmpty())
        attributes.insert(QStringLiteral("group"), group);
    return {{QStringLiteral("apiVersion"), QStringLiteral("authorization.k8s.io/v1")},
            {QStringLiteral("kind"), kind},
            {QStringLiteral("spec"), QJsonObject{{QStringLiteral("resourceAttributes"), attributes}}}};
}

// A quota's amount by name from status (spec when the quota controller has not filled status yet).
double quotaValue(const QJsonObject& map, const QString& key, bool* present)
{
    const QJsonValue v = map.value(key);
    *present = v.isString();
    return v.isString() ? model::parseKubeQuantity(v.toString()).value_or(0) : 0;
}

} // namespace

QString labelSelectorText(const QJsonObject& selector)
{
    QStringList parts;
    const QJsonObject labels = selector.value(QLatin1String("matchLabels")).toObject();
    for (auto it = labels.begin(); it != labels.end(); ++it)
        parts << it.key() + QLatin1Char('=') + it.value().toString();
    for (const QJsonValue& v : selector.value(QLatin1String("matchExpressions")).toArray()) {
        const QJsonObject e = v.toObject();
        const QString key = e.value(QLatin1String("key")).toString();
        const QString op = e.value(QLatin1String("operator")).toString();
        QStringList values;
        for (const QJsonValue& x : e.value(QLatin1String("values")).toArray())
            values << x.toString();
        if (op == QLatin1String("In"))
            parts << QStringLiteral("%1 in (%2)").arg(key, values.join(QLatin1Char(',')));
        else if (op == QLatin1String("NotIn"))
            parts << QStringLiteral("%1 notin (%2)").arg(key, values.join(QLatin1Char(',')));
        else if (op == QLatin1String("Exists"))
            parts << key;
        else if (op == QLatin1String("DoesNotExist"))
            parts << QLatin1Char('!') + key;
    }
    return parts.join(QLatin1Char(','));
}

Doctor::Doctor(kube::KubeClient* client, Options options, QObject* parent)
    : QObject(parent), m_client(client), m_options(std::move(options))
{
    for (const CheckInfo& c : kChecks)
        m_findings << Finding{QString::fromLatin1(c.id), QString::fromLatin1(c.title), Status::Skipped, {}, {}};
    m_requests = model::sparkRequests(m_options.spec);
}

Doctor::~Doctor() = default;

QString Doctor::statusName(Status status)
{
    switch (status) {
    case Status::Ok: return QStringLiteral("ok");
    case Status::Warning: return QStringLiteral("warning");
    case Status::Error: return QStringLiteral("error");
    case Status::Skipped: break;
    }
    return QStringLiteral("skipped");
}

bool Doctor::hasErrors() const
{
    return std::any_of(m_findings.begin(), m_findings.end(), [](const Finding& f) { return f.status == Status::Error; });
}

Doctor::Finding& Doctor::finding(const QString& id)
{
    for (Finding& f : m_findings) {
        if (f.id == id)
            return f;
    }
    Q_ASSERT_X(false, "Doctor::finding", "unknown check id");
    return m_findings.first();
}

void Doctor::set(const QString& id, Status status, const QString& detail, const QString& fix)
{
    Finding& f = finding(id);
    f.status = status;
    f.detail = detail;
    f.fix = status == Status::Ok ? QString() : fix;
}

void Doctor::get(const QString& path, const QUrlQuery& query, std::function<void(const Result<KubeResponse>&)> done)
{
    ++m_pending;
    m_client->request("GET", path, query, {}, this, [this, done](const Result<KubeResponse>& r) {
        done(r);
        release();
    });
}

void Doctor::post(const QString& path, const QJsonObject& body, std::function<void(const Result<KubeResponse>&)> done)
{
    ++m_pending;
    m_client->request("POST", path, {}, QJsonDocument(body).toJson(QJsonDocument::Compact), this,
                      [this, done](const Result<KubeResponse>& r) {
                          done(r);
                          release();
                      });
}

void Doctor::release()
{
    if (--m_pending > 0 || m_finished)
        return;
    if (m_operatorMissing)
        concludeMissingOperator();
    m_finished = true;
    emit finished();
}

void Doctor::start()
{
    if (m_started || !m_client)
        return;
    m_started = true;
    // [api]: /version answers anyone who may reach the server; a 401 means the credentials were refused.
    get(QStringLiteral("/version"), {}, [this](const Result<KubeResponse>& r) {
        if (!r) {
            const KubeError& e = r.error();
            if (e.kind == KubeError::Kind::Network || e.kind == KubeError::Kind::Credentials || e.httpStatus == 401) {
                m_fatal = e;
                set(QStringLiteral("api"), Status::Error,
                    e.httpStatus == 401 ? QStringLiteral("the API server refused the credentials (401 Unauthorized)")
                                        : QStringLiteral("cannot reach the API server: %1").arg(e.summary()),
                    e.httpStatus == 401 || e.kind == KubeError::Kind::Credentials
                        ? QStringLiteral("log in again (your cloud's CLI), or pick another --context")
                        : QStringLiteral("check the cluster runs and the --context; `kubectl cluster-info` shows what kubectl reaches"));
                return;
            }
            set(QStringLiteral("api"), Status::Warning, QStringLiteral("GET /version: %1").arg(errorLine(e)));
        } else {
            m_server = r->object().value(QLatin1String("gitVersion")).toString();
        }
        runChecks();
    });
}

void Doctor::runChecks()
{
    const QString ns = m_options.ns;
    // Who the server takes us for (authentication.k8s.io/v1 SelfSubjectReview, Kubernetes 1.28+).
    post(QStringLiteral("/apis/authentication.k8s.io/v1/selfsubjectreviews"),
         {{QStringLiteral("apiVersion"), QStringLiteral("authentication.k8s.io/v1")}, {QStringLiteral("kind"), QStringLiteral("SelfSubjectReview")}},
         [this](const Result<KubeResponse>& r) {
             if (r)
                 m_user = r->object().value(QLatin1String("status")).toObject().value(QLatin1String("userInfo")).toObject()
                              .value(QLatin1String("username")).toString();
             if (finding(QStringLiteral("api")).status == Status::Warning)
                 return;
             QString detail = QStringLiteral("%1 answers").arg(m_client ? m_client->url(QStringLiteral("/")).toString(QUrl::RemovePath) : QString());
             if (!m_server.isEmpty())
                 detail += QStringLiteral(", Kubernetes %1").arg(m_server);
             if (!m_user.isEmpty())
                 detail += QStringLiteral(", you are %1").arg(m_user);
             set(QStringLiteral("api"), Status::Ok, detail);
         });

    checkCrds();
    checkWebhook();
    checkRbac();

    // [namespace], [service-account], [operator], [watch]: what kube::probeOperator finds.
    ++m_pending;
    kube::probeOperator(m_client, ns, m_options.serviceAccount, this, [this, ns](const Result<kube::OperatorFacts>& r) {
        if (!r) {
            for (const char* id : {"namespace", "service-account", "operator", "watch"})
                set(QString::fromLatin1(id), Status::Warning, QStringLiteral("cannot tell: %1").arg(errorLine(r.error())));
        } else {
            m_facts = *r;
            const QString sa = m_options.serviceAccount;
            if (!m_facts.namespaceChecked)
                set(QStringLiteral("namespace"), Status::Warning, QStringLiteral("cannot read namespace %1 (forbidden or failed)").arg(ns));
            else if (!m_facts.namespaceExists)
                set(QStringLiteral("namespace"), Status::Error, QStringLiteral("namespace \"%1\" not found").arg(ns),
                    QStringLiteral("kubectl create namespace %1").arg(ns));
            else
                set(QStringLiteral("namespace"), Status::Ok, QStringLiteral("namespace %1 exists").arg(ns));

            if (!m_facts.serviceAccountChecked)
                set(QStringLiteral("service-account"), Status::Warning,
                    QStringLiteral("cannot read service account %1/%2 (forbidden or failed)").arg(ns, sa));
            else if (!m_facts.serviceAccountExists)
                set(QStringLiteral("service-account"), Status::Error,
                    QStringLiteral("service account \"%1\" not found in namespace %2: the driver pod would be refused").arg(sa, ns),
                    m_facts.namespaceExists ? QStringLiteral("kubectl create serviceaccount %1 -n %2").arg(sa, ns)
                                            : QStringLiteral("create namespace %1 first, then: kubectl create serviceaccount %2 -n %1").arg(ns, sa));
            else
                set(QStringLiteral("service-account"), Status::Ok, QStringLiteral("service account %1 exists in %2").arg(sa, ns));
            checkOperator();
            checkQuota();
        }
        release();
    });
}

// --- [crds] ----------------------------------------------------------------------------------------

void Doctor::checkCrds()
{
    const QStringList names{QStringLiteral("sparkapplications.") + kGroup, QStringLiteral("scheduledsparkapplications.") + kGroup};
    struct State {
        QStringList ok, problems, fixes;
        int left = 2;
        bool forbidden = false;
        QString forbiddenWhy;
    };
    auto state = std::make_shared<State>();
    const QString install = QStringLiteral("install the operator's CRDs: ") + kHelmInstall.arg(m_options.ns)
        + QStringLiteral(" (or kubectl apply --server-side -f the chart's crds/)");
    for (const QString& name : names) {
        get(QStringLiteral("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/%1").arg(kube::pathSegment(name)), {},
            [this, state, name, install](const Result<KubeResponse>& r) {
                if (r) {
                    const QJsonObject crd = r->object();
                    QStringList served;
                    for (const QJsonValue& v : crd.value(QLatin1String("spec")).toObject().value(QLatin1String("versions")).toArray()) {
                        if (v.toObject().value(QLatin1String("served")).toBool())
                            served << v.toObject().value(QLatin1String("name")).toString();
                    }
                    bool established = false;
                    for (const QJsonValue& c : crd.value(QLatin1String("status")).toObject().value(QLatin1String("conditions")).toArray()) {
                        const QJsonObject o = c.toObject();
                        if (o.value(QLatin1String("type")).toString() == QLatin1String("Established"))
                            established = o.value(QLatin1String("status")).toString() == QLatin1String("True");
                    }
                    const QString shortName = name.section(QLatin1Char('.'), 0, 0);
                    if (!served.contains(QLatin1String("v1beta2"))) {
                        state->problems << QStringLiteral("%1 serves %2, not v1beta2").arg(shortName, served.join(QLatin1Char(',')));
                        state->fixes << QStringLiteral("upgrade the operator to v2.x with its CRDs (v1beta2)");
                    } else if (!established) {
                        state->problems << QStringLiteral("%1 is not Established").arg(shortName);
                        state->fixes << QStringLiteral("kubectl describe crd %1").arg(name);
                    } else {
                        state->ok << QStringLiteral("%1 (%2)").arg(shortName, served.join(QLatin1Char(',')));
                    }
                } else if (r.error().httpStatus == 404) {
                    state->problems << QStringLiteral("CRD %1 not installed").arg(name);
                    state->fixes << install;
                } else if (r.error().httpStatus == 403) {
                    state->forbidden = true;
                    state->forbiddenWhy = errorLine(r.error());
                } else {
                    state->problems << QStringLiteral("CRD %1: %2").arg(name, errorLine(r.error()));
                }
                if (--state->left > 0)
                    return;
                if (state->forbidden)
                    return checkCrdsByDiscovery(state->forbiddenWhy);
                // Answers come in any order; the findings read the same every run.
                std::sort(state->ok.begin(), state->ok.end(), [](const QString& x, const QString& y) { return x.size() < y.size(); });
                state->fixes.removeDuplicates();
                if (!state->problems.isEmpty())
                    set(QStringLiteral("crds"), Status::Error, state->problems.join(QStringLiteral("; ")), state->fixes.join(QStringLiteral("; ")));
                else
                    set(QStringLiteral("crds"), Status::Ok, QStringLiteral("served: ") + state->ok.join(QStringLiteral(", ")));
            });
    }
}

void Doctor::checkCrdsByDiscovery(const QString& why)
{
    // Reading CRDs is forbidden: discovery (allowed to every authenticated user) says what is served.
    get(QStringLiteral("/apis/%1/v1beta2").arg(kGroup), {}, [this, why](const Result<KubeResponse>& r) {
        const QString note = QStringLiteral(" (by discovery: reading CRDs is forbidden, %1)").arg(why);
        if (!r) {
            if (r.error().httpStatus == 404)
                set(QStringLiteral("crds"), Status::Error, QStringLiteral("%1/v1beta2 is not served").arg(kGroup) + note,
                    QStringLiteral("install the operator's CRDs: ") + kHelmInstall.arg(m_options.ns));
            else
                set(QStringLiteral("crds"), Status::Warning, QStringLiteral("discovery of %1/v1beta2: %2").arg(kGroup, errorLine(r.error())));
            return;
        }
        QStringList resources;
        for (const QJsonValue& v : r->object().value(QLatin1String("resources")).toArray())
            resources << v.toObject().value(QLatin1String("name")).toString();
        QStringList missing;
        for (const QString& name : {QStringLiteral("sparkapplications"), QStringLiteral("scheduledsparkapplications")}) {
            if (!resources.contains(name))
                missing << name;
        }
        if (missing.isEmpty())
            set(QStringLiteral("crds"), Status::Ok, QStringLiteral("served: sparkapplications, scheduledsparkapplications (v1beta2)") + note);
        else
            set(QStringLiteral("crds"), Status::Error, QStringLiteral("not served in v1beta2: %1").arg(missing.join(QStringLiteral(", "))) + note,
                QStringLiteral("install the operator's CRDs: ") + kHelmInstall.arg(m_options.ns));
    });
}

// --- [operator], [watch] -----------------------------------------------------------------------------

void Doctor::checkOperator()
{
    using kube::OperatorPresence;
    if (m_facts.operatorPresence == OperatorPresence::Unknown) {
        set(QStringLiteral("operator"), Status::Warning,
            QStringLiteral("cannot list Deployments (label %1) in all namespaces: forbidden or failed").arg(kOperatorSelector),
            QStringLiteral("ask a cluster admin: kubectl get deployments -A -l %1").arg(kOperatorSelector));
        set(QStringLiteral("watch"), Status::Skipped, QStringLiteral("the operator's Deployment is not known"));
        return;
    }
    if (m_facts.operatorPresence == OperatorPresence::NotFound) {
        m_operatorMissing = true; // concluded with the webhook's answer (concludeMissingOperator)
        return;
    }
    const QString deployment = m_facts.operatorDeployment;
    const QString dns = deployment.section(QLatin1Char('/'), 0, 0);
    const QString dname = deployment.section(QLatin1Char('/'), 1);
    get(QStringLiteral("/apis/apps/v1/namespaces/%1/deployments/%2").arg(kube::pathSegment(dns), kube::pathSegment(dname)), {},
        [this, deployment, dns, dname](const Result<KubeResponse>& r) {
            QString release = QStringLiteral("spark-operator");
            if (!r) {
                set(QStringLiteral("operator"), Status::Warning, QStringLiteral("Deployment %1: %2").arg(deployment, errorLine(r.error())));
            } else {
                const QJsonObject d = r->object();
                const QJsonObject labels = d.value(QLatin1String("metadata")).toObject().value(QLatin1String("labels")).toObject();
                release = labels.value(QLatin1String("app.kubernetes.io/instance")).toString(release);
                const int wanted = d.value(QLatin1String("spec")).toObject().value(QLatin1String("replicas")).toInt(1);
                const QJsonObject status = d.value(QLatin1String("status")).toObject();
                const int ready = status.value(QLatin1String("readyReplicas")).toInt(0);
                QString image;
                const QJsonArray containers = d.value(QLatin1String("spec")).toObject().value(QLatin1String("template")).toObject()
                                                  .value(QLatin1String("spec")).toObject().value(QLatin1String("containers")).toArray();
                if (!containers.isEmpty())
                    image = containers.first().toObject().value(QLatin1String("image")).toString();
                const QString detail = QStringLiteral("Deployment %1: %2/%3 ready%4")
                                           .arg(deployment).arg(ready).arg(wanted)
                                           .arg(image.isEmpty() ? QString() : QStringLiteral(", image ") + image);
                if (ready > 0) {
                    set(QStringLiteral("operator"), Status::Ok, detail);
                } else {
                    const QString fix = QStringLiteral("kubectl -n %1 describe deployment %2; kubectl -n %1 logs deployment/%2").arg(dns, dname);
                    set(QStringLiteral("operator"), Status::Error, detail + QStringLiteral(": no controller pod is ready"), fix);
                    // Why: the pods of its selector and what their containers wait on (CrashLoopBackOff, ...).
                    const QJsonObject matchLabels = d.value(QLatin1String("spec")).toObject().value(QLatin1String("selector")).toObject()
                                                        .value(QLatin1String("matchLabels")).toObject();
                    QUrlQuery q;
                    q.addQueryItem(QStringLiteral("labelSelector"), labelSelectorText(QJsonObject{{QStringLiteral("matchLabels"), matchLabels}}));
                    get(QStringLiteral("/api/v1/namespaces/%1/pods").arg(kube::pathSegment(dns)), q, [this, detail, fix](const Result<KubeResponse>& r) {
                        if (!r)
                            return;
                        QStringList pods;
                        for (const QJsonValue& v : r->object().value(QLatin1String("items")).toArray()) {
                            const QJsonObject pod = v.toObject();
                            const QJsonObject status = pod.value(QLatin1String("status")).toObject();
                            QString why = status.value(QLatin1String("phase")).toString();
                            for (const QJsonValue& c : status.value(QLatin1String("containerStatuses")).toArray()) {
                                const QJsonObject state = c.toObject().value(QLatin1String("state")).toObject();
                                const QString reason = state.value(QLatin1String("waiting")).toObject().value(QLatin1String("reason")).toString();
                                if (!reason.isEmpty())
                                    why = reason;
                            }
                            pods << QStringLiteral("%1 (%2)").arg(pod.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString(), why);
                        }
                        set(QStringLiteral("operator"), Status::Error,
                            detail + (pods.isEmpty() ? QStringLiteral(": it has no pods") : QStringLiteral(": pods ") + pods.join(QStringLiteral(", "))),
                            fix);
                    });
                }
            }
            checkWatch(dns, release);
        });
}

void Doctor::concludeMissingOperator()
{
    // An operator run outside Kubernetes (a local process, as the sandbox and `make run` start it)
    // has no Deployment but still registers its webhook, with a URL instead of a Service.
    if (m_webhookServers.isEmpty()) {
        set(QStringLiteral("operator"), Status::Error,
            QStringLiteral("no Spark Operator controller Deployment (label %1, a --namespaces flag) in any namespace").arg(kOperatorSelector),
            kHelmInstall.arg(m_options.ns));
        set(QStringLiteral("watch"), Status::Skipped, QStringLiteral("no operator found"));
        return;
    }
    set(QStringLiteral("operator"), Status::Warning,
        QStringLiteral("no operator Deployment in the cluster, but its webhook is served from outside it (%1): the operator "
                       "runs as a process elsewhere, whose controller cannot be seen from here")
            .arg(m_webhookServers.join(QStringLiteral(", "))),
        QStringLiteral("if applications in %1 stay without a state for a minute, check that operator process").arg(m_options.ns));
    set(QStringLiteral("watch"), Status::Skipped,
        QStringLiteral("an operator outside the cluster: its --namespaces cannot be read (whether its webhook selects %1: see Webhook)")
            .arg(m_options.ns));
}

QString Doctor::helmJobNamespacesFix(const QString& releaseNamespace, const QString& release) const
{
    QStringList namespaces = m_facts.watchedNamespaces;
    namespaces << m_options.ns;
    return QStringLiteral("helm upgrade %1 spark-operator/spark-operator -n %2 --reuse-values --set 'spark.jobNamespaces={%3}'")
        .arg(release, releaseNamespace, namespaces.join(QLatin1Char(',')));
}

void Doctor::checkWatch(const QString& releaseNamespace, const QString& release)
{
    const QString ns = m_options.ns;
    const QStringList watched = m_facts.watchedNamespaces;
    if (watched.isEmpty() || watched.contains(QString())) {
        set(QStringLiteral("watch"), Status::Ok, QStringLiteral("the operator watches all namespaces"));
        return;
    }
    if (watched.contains(ns)) {
        set(QStringLiteral("watch"), Status::Ok, QStringLiteral("the operator watches %1 (of: %2)").arg(ns, watched.join(QStringLiteral(", "))));
        return;
    }
    const QString notWatched = QStringLiteral("the operator watches %1, not %2: applications there are never started")
                                   .arg(watched.join(QStringLiteral(", ")), ns);
    const QString fix = helmJobNamespacesFix(releaseNamespace, release);
    if (m_facts.namespaceSelector.isEmpty()) {
        set(QStringLiteral("watch"), Status::Error, notWatched, fix);
        return;
    }
    const QString selector = m_facts.namespaceSelector;
    selectsNamespace(selector, [this, ns, selector, notWatched, fix](int selects, const QString& why) {
        if (selects == 1)
            set(QStringLiteral("watch"), Status::Ok, QStringLiteral("namespace %1 matches the operator's --namespace-selector=%2").arg(ns, selector));
        else if (selects == 0)
            set(QStringLiteral("watch"), Status::Error, notWatched + QStringLiteral(" (nor does it match --namespace-selector=%1)").arg(selector),
                fix + QStringLiteral(", or label namespace %1 to match %2").arg(ns, selector));
        else
            set(QStringLiteral("watch"), Status::Warning,
                QStringLiteral("%1 is not in the operator's --namespaces; whether it matches --namespace-selector=%2 is unknown: %3")
                    .arg(ns, selector, why));
    });
}

void Doctor::selectsNamespace(const QString& selector, std::function<void(int, const QString&)> done)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("fieldSelector"), QStringLiteral("metadata.name=") + m_options.ns);
    if (!selector.isEmpty())
        q.addQueryItem(QStringLiteral("labelSelector"), QString::fromUtf8(QUrl::toPercentEncoding(selector)));
    get(QStringLiteral("/api/v1/namespaces"), q, [done](const Result<KubeResponse>& r) {
        if (!r)
            return done(-1, errorLine(r.error()));
        done(r->object().value(QLatin1String("items")).toArray().isEmpty() ? 0 : 1, {});
    });
}

// --- [webhook] ----------------------------------------------------------------------------------------

void Doctor::checkWebhook()
{
    struct State {
        int left = 1; // the lists; then one for each question about a selector or a service
        bool mutatingFound = false, validatingFound = false;
        QStringList configs;      // "mutating/NAME"
        QStringList problems, warnings, fixes, facts;
        QSet<QString> selectors;  // distinct namespaceSelectors in text form
        QSet<QString> services;   // "ns/name"
        QStringList urls;
        QString release = QStringLiteral("spark-operator"), releaseNamespace = QStringLiteral("spark-operator");
        QString listError;
    };
    auto state = std::make_shared<State>();
    const QString ns = m_options.ns;
    auto conclude = [this, state]() {
        if (--state->left > 0)
            return;
        if (!state->listError.isEmpty() && !state->mutatingFound) {
            set(QStringLiteral("webhook"), Status::Warning, QStringLiteral("cannot list webhook configurations: %1").arg(state->listError));
            return;
        }
        if (!state->mutatingFound) {
            state->problems.prepend(QStringLiteral("no MutatingWebhookConfiguration of the operator (label %1): driver and executor pods "
                                                   "get no volumes, tolerations or affinity from the spec").arg(kOperatorSelector));
            state->fixes.prepend(QStringLiteral("helm upgrade %1 spark-operator/spark-operator -n %2 --reuse-values --set webhook.enable=true")
                                     .arg(state->release, state->releaseNamespace));
        }
        if (!state->validatingFound && state->mutatingFound)
            state->warnings << QStringLiteral("no ValidatingWebhookConfiguration of the operator");
        state->fixes.removeDuplicates();
        state->facts.removeDuplicates();
        if (!state->problems.isEmpty())
            set(QStringLiteral("webhook"), Status::Error, (state->problems + state->warnings).join(QStringLiteral("; ")),
                state->fixes.join(QStringLiteral("; ")));
        else if (!state->warnings.isEmpty())
            set(QStringLiteral("webhook"), Status::Warning, (state->warnings + state->facts).join(QStringLiteral("; ")),
                state->fixes.join(QStringLiteral("; ")));
        else
            set(QStringLiteral("webhook"), Status::Ok, (QStringList{state->configs.join(QStringLiteral(", "))} + state->facts).join(QStringLiteral("; ")));
    };
    auto parse = [state](const QString& kind, const Result<KubeResponse>& r) {
        if (!r) {
            state->listError = errorLine(r.error());
            return;
        }
        for (const QJsonValue& item : r->object().value(QLatin1String("items")).toArray()) {
            const QJsonObject config = item.toObject();
            const QJsonObject meta = config.value(QLatin1String("metadata")).toObject();
            (kind == QLatin1String("mutating") ? state->mutatingFound : state->validatingFound) = true;
            state->configs << QStringLiteral("%1/%2").arg(kind, meta.value(QLatin1String("name")).toString());
            state->release = meta.value(QLatin1String("labels")).toObject().value(QLatin1String("app.kubernetes.io/instance")).toString(state->release);
            for (const QJsonValue& w : config.value(QLatin1String("webhooks")).toArray()) {
                const QJsonObject hook = w.toObject();
                state->selectors.insert(labelSelectorText(hook.value(QLatin1String("namespaceSelector")).toObject()));
                const QJsonObject client = hook.value(QLatin1String("clientConfig")).toObject();
                const QJsonObject service = client.value(QLatin1String("service")).toObject();
                if (!service.isEmpty()) {
                    state->releaseNamespace = service.value(QLatin1String("namespace")).toString();
                    state->services.insert(state->releaseNamespace + QLatin1Char('/') + service.value(QLatin1String("name")).toString());
                } else if (client.contains(QLatin1String("url"))) {
                    // One entry per server, not per path: the webhooks of one operator share it.
                    const QString server = QUrl(client.value(QLatin1String("url")).toString()).adjusted(QUrl::RemovePath | QUrl::RemoveQuery).toString();
                    if (!state->urls.contains(server))
                        state->urls << server;
                }
            }
        }
    };
    auto ask = [this, state, ns, conclude]() {
        for (const QString& selector : std::as_const(state->selectors)) {
            ++state->left;
            selectsNamespace(selector, [this, state, ns, selector, conclude](int selects, const QString& why) {
                const QString shown = selector.isEmpty() ? QStringLiteral("all namespaces") : selector;
                if (selects == 0) {
                    state->problems << QStringLiteral("a namespaceSelector (%1) does not select namespace %2: the operator's webhook "
                                                      "is not called there").arg(shown, ns);
                    state->fixes << QStringLiteral("helm upgrade %1 spark-operator/spark-operator -n %2 --reuse-values "
                                                   "--set 'spark.jobNamespaces={...,%3}'").arg(state->release, state->releaseNamespace, ns);
                } else if (selects < 0) {
                    state->warnings << QStringLiteral("whether the namespaceSelector (%1) selects %2 is unknown: %3").arg(shown, ns, why);
                } else {
                    state->facts << QStringLiteral("selects %1").arg(ns);
                }
                conclude();
            });
        }
        for (const QString& service : std::as_const(state->services)) {
            ++state->left;
            const QString sns = service.section(QLatin1Char('/'), 0, 0);
            const QString sname = service.section(QLatin1Char('/'), 1);
            QUrlQuery q;
            q.addQueryItem(QStringLiteral("labelSelector"), QStringLiteral("kubernetes.io/service-name=") + sname);
            get(QStringLiteral("/apis/discovery.k8s.io/v1/namespaces/%1/endpointslices").arg(kube::pathSegment(sns)), q,
                [state, service, sns, sname, conclude](const Result<KubeResponse>& r) {
                    if (!r) {
                        state->warnings << QStringLiteral("cannot read the endpoints of service %1: %2").arg(service, errorLine(r.error()));
                        return conclude();
                    }
                    int ready = 0;
                    for (const QJsonValue& slice : r->object().value(QLatin1String("items")).toArray()) {
                        for (const QJsonValue& e : slice.toObject().value(QLatin1String("endpoints")).toArray()) {
                            const QJsonValue readyValue = e.toObject().value(QLatin1String("conditions")).toObject().value(QLatin1String("ready"));
                            if (readyValue.isUndefined() || readyValue.isNull() || readyValue.toBool())
                                ready += std::max(1, int(e.toObject().value(QLatin1String("addresses")).toArray().size()));
                        }
                    }
                    if (ready == 0) {
                        state->problems << QStringLiteral("service %1 has no ready endpoints: the API server cannot call the webhook").arg(service);
                        state->fixes << QStringLiteral("kubectl -n %1 get pods -l app.kubernetes.io/component=webhook; kubectl -n %1 describe service %2")
                                            .arg(sns, sname);
                    } else {
                        state->facts << QStringLiteral("service %1 has %2 ready endpoint%3").arg(service).arg(ready).arg(ready == 1 ? "" : "s");
                    }
                    conclude();
                });
        }
        m_webhookServers = state->urls;
        if (!state->urls.isEmpty())
            state->facts << QStringLiteral("served outside the cluster at %1").arg(state->urls.join(QStringLiteral(", ")));
        conclude();
    };
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("labelSelector"), kOperatorSelector);
    get(QStringLiteral("/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations"), q,
        [this, q, parse, ask](const Result<KubeResponse>& r) {
            parse(QStringLiteral("validating"), r);
            get(QStringLiteral("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations"), q,
                [parse, ask](const Result<KubeResponse>& r) {
                    parse(QStringLiteral("mutating"), r);
                    ask();
                });
        });
}

// --- [driver-rbac], [user-rbac] ------------------------------------------------------------------------

void Doctor::checkRbac()
{
    const QString ns = m_options.ns;
    const QString sa = m_options.serviceAccount;
    const QString user = QStringLiteral("system:serviceaccount:%1:%2").arg(ns, sa);

    post(QStringLiteral("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"),
         accessReview(QStringLiteral("SelfSubjectAccessReview"), ns, QStringLiteral("create"), kGroup, QStringLiteral("sparkapplications")),
         [this, ns](const Result<KubeResponse>& r) {
             if (!r) {
                 set(QStringLiteral("user-rbac"), Status::Warning, QStringLiteral("SelfSubjectAccessReview: %1").arg(errorLine(r.error())));
                 return;
             }
             const QJsonObject status = r->object().value(QLatin1String("status")).toObject();
             if (status.value(QLatin1String("allowed")).toBool())
                 set(QStringLiteral("user-rbac"), Status::Ok, QStringLiteral("you may create sparkapplications in %1").arg(ns));
             else
                 set(QStringLiteral("user-rbac"), Status::Error,
                     QStringLiteral("you may not create sparkapplications in %1%2").arg(ns,
                         status.value(QLatin1String("reason")).toString().isEmpty() ? QString()
                             : QStringLiteral(" (%1)").arg(status.value(QLatin1String("reason")).toString())),
                     QStringLiteral("ask an admin for a Role in %1 with create,get,list,watch,delete on sparkapplications.%2 "
                                    "and a RoleBinding of it to you").arg(ns, kGroup));
         });

    struct State {
        int left = 0;
        QStringList missing, allowed;
        bool forbidden = false;
        QString why;
    };
    auto state = std::make_shared<State>();
    state->left = int(std::size(kDriverAccess));
    for (const Access& a : kDriverAccess) {
        const QString verb = QString::fromLatin1(a.verb);
        const QString resource = QString::fromLatin1(a.resource);
        QJsonObject review = accessReview(QStringLiteral("SubjectAccessReview"), ns, verb, {}, resource);
        QJsonObject spec = review.value(QLatin1String("spec")).toObject();
        spec.insert(QStringLiteral("user"), user);
        // The groups the API server gives a service account's token (and `kubectl --as` impersonation).
        spec.insert(QStringLiteral("groups"), QJsonArray{QStringLiteral("system:serviceaccounts"),
                                                         QStringLiteral("system:serviceaccounts:") + ns,
                                                         QStringLiteral("system:authenticated")});
        review.insert(QStringLiteral("spec"), spec);
        post(QStringLiteral("/apis/authorization.k8s.io/v1/subjectaccessreviews"), review,
             [this, state, verb, resource, ns, sa, user](const Result<KubeResponse>& r) {
                 const QString what = verb + QLatin1Char(' ') + resource;
                 if (!r) {
                     state->forbidden = true;
                     if (state->why.isEmpty())
                         state->why = errorLine(r.error());
                 } else if (r->object().value(QLatin1String("status")).toObject().value(QLatin1String("allowed")).toBool()) {
                     state->allowed << what;
                 } else {
                     state->missing << what;
                 }
                 if (--state->left > 0)
                     return;
                 if (state->forbidden) {
                     set(QStringLiteral("driver-rbac"), Status::Skipped,
                         QStringLiteral("cannot check what %1 may do: creating SubjectAccessReviews failed: %2").arg(user, state->why),
                         QStringLiteral("ask an admin to run: kubectl auth can-i create pods --as %1 -n %2").arg(user, ns));
                     return;
                 }
                 if (state->missing.isEmpty()) {
                     set(QStringLiteral("driver-rbac"), Status::Ok,
                         QStringLiteral("%1 may create/get/list/watch/delete pods, create/delete services and configmaps in %2").arg(sa, ns));
                     return;
                 }
                 // Keep the table's order in the message.
                 QStringList missing;
                 for (const Access& x : kDriverAccess) {
                     const QString w = QString::fromLatin1(x.verb) + QLatin1Char(' ') + QString::fromLatin1(x.resource);
                     if (state->missing.contains(w))
                         missing << w;
                 }
                 set(QStringLiteral("driver-rbac"), Status::Error,
                     QStringLiteral("service account %1 may not: %2 (in %3)").arg(sa, missing.join(QStringLiteral(", ")), ns),
                     QStringLiteral("kubectl -n %1 create role %2 --verb=get,list,watch,create,update,patch,delete,deletecollection "
                                    "--resource=pods,services,configmaps,persistentvolumeclaims && kubectl -n %1 create rolebinding %2 "
                                    "--role=%2 --serviceaccount=%1:%2").arg(ns, sa));
             });
    }
}

// --- [quota] --------------------------------------------------------------------------------------------

void Doctor::checkQuota()
{
    const QString ns = m_options.ns;
    if (m_facts.namespaceChecked && !m_facts.namespaceExists) {
        set(QStringLiteral("quota"), Status::Skipped, QStringLiteral("namespace %1 does not exist").arg(ns));
        return;
    }
    const model::SparkRequests need = m_requests;
    const QString needText = QStringLiteral("%1 needs cpu %2, memory %3, %4 pods (driver %5/%6 + %7 × executor %8/%9, memory incl. overhead)")
                                 .arg(m_options.templateName.isEmpty() ? QStringLiteral("the template") : m_options.templateName,
                                      model::formatCpu(need.cpuRequests()), model::formatBytes(need.memory()))
                                 .arg(need.pods())
                                 .arg(model::formatCpu(need.driver.cpuRequest), model::formatBytes(need.driver.memory()))
                                 .arg(need.executors)
                                 .arg(model::formatCpu(need.executor.cpuRequest), model::formatBytes(need.executor.memory()));
    auto quotas = std::make_shared<QJsonArray>();
    auto limitRanges = std::make_shared<QJsonArray>();
    auto errors = std::make_shared<QStringList>();
    auto left = std::make_shared<int>(2);
    auto conclude = [this, ns, need, needText, quotas, limitRanges, errors]() {
        QStringList problems, fixes, facts;
        const bool hasCpuLimits = need.driver.cpuLimit > 0 && need.executor.cpuLimit > 0;
        bool limitRangeDefaultsCpuLimit = false;
        // LimitRanges: each pod's container against Container min/max (and the defaults they add).
        for (const QJsonValue& v : std::as_const(*limitRanges)) {
            const QJsonObject lr = v.toObject();
            const QString name = lr.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
            for (const QJsonValue& l : lr.value(QLatin1String("spec")).toObject().value(QLatin1String("limits")).toArray()) {
                const QJsonObject limit = l.toObject();
                const QString type = limit.value(QLatin1String("type")).toString();
                if (type != QLatin1String("Container") && type != QLatin1String("Pod"))
                    continue;
                if (limit.value(QLatin1String("default")).toObject().contains(QLatin1String("cpu")))
                    limitRangeDefaultsCpuLimit = true;
                const QJsonObject max = limit.value(QLatin1String("max")).toObject();
                const QJsonObject min = limit.value(QLatin1String("min")).toObject();
                const std::pair<QString, const model::SparkPodResources*> pods[] = {{QStringLiteral("driver"), &need.driver},
                                                                                    {QStringLiteral("executor"), &need.executor}};
                for (const auto& entry : pods) {
                    const QString& pod = entry.first;
                    const model::SparkPodResources* res = entry.second;
                    auto check = [&](const QString& key, double amount, bool bytes) {
                        auto fmt = [bytes](double x) { return bytes ? model::formatBytes(x) : model::formatCpu(x); };
                        if (max.contains(key)) {
                            const double m = model::parseKubeQuantity(max.value(key).toString()).value_or(0);
                            if (amount > m) {
                                problems << QStringLiteral("LimitRange %1: %2 %3 %4 is above its %5 max %6").arg(name, pod, key, fmt(amount), type, fmt(m));
                                fixes << QStringLiteral("lower spec.%1's %2 to at most %3").arg(pod, key == QLatin1String("cpu") ? QStringLiteral("cores") : QStringLiteral("memory + overhead"), fmt(m));
                            }
                        }
                        if (min.contains(key)) {
                            const double m = model::parseKubeQuantity(min.value(key).toString()).value_or(0);
                            if (amount < m) {
                                problems << QStringLiteral("LimitRange %1: %2 %3 %4 is below its %5 min %6").arg(name, pod, key, fmt(amount), type, fmt(m));
                                fixes << QStringLiteral("raise spec.%1's %2 to at least %3").arg(pod, key == QLatin1String("cpu") ? QStringLiteral("cores") : QStringLiteral("memory"), fmt(m));
                            }
                        }
                    };
                    check(QStringLiteral("cpu"), res->cpuRequest, false);
                    check(QStringLiteral("memory"), res->memory(), true);
                }
            }
            facts << QStringLiteral("LimitRange %1").arg(name);
        }
        // ResourceQuotas: what is left (hard - used) against what the template's pods ask for.
        for (const QJsonValue& v : std::as_const(*quotas)) {
            const QJsonObject quota = v.toObject();
            const QString name = quota.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
            const QJsonObject spec = quota.value(QLatin1String("spec")).toObject();
            // Scoped quotas count only some pods; Spark's pods are NotBestEffort and NotTerminating.
            bool applies = !spec.contains(QLatin1String("scopeSelector"));
            for (const QJsonValue& s : spec.value(QLatin1String("scopes")).toArray()) {
                if (s.toString() != QLatin1String("NotBestEffort") && s.toString() != QLatin1String("NotTerminating"))
                    applies = false;
            }
            if (!applies) {
                facts << QStringLiteral("ResourceQuota %1 is scoped (not checked)").arg(name);
                continue;
            }
            const QJsonObject status = quota.value(QLatin1String("status")).toObject();
            const QJsonObject hard = status.contains(QLatin1String("hard")) ? status.value(QLatin1String("hard")).toObject()
                                                                            : spec.value(QLatin1String("hard")).toObject();
            const QJsonObject used = status.value(QLatin1String("used")).toObject();
            struct Item {
                QStringList keys;
                double amount;
                bool bytes;
            };
            const Item items[] = {
                {{QStringLiteral("requests.cpu"), QStringLiteral("cpu")}, need.cpuRequests(), false},
                {{QStringLiteral("requests.memory"), QStringLiteral("memory")}, need.memory(), true},
                {{QStringLiteral("limits.memory")}, need.memory(), true},
                {{QStringLiteral("limits.cpu")}, need.cpuLimits(), false},
                {{QStringLiteral("pods"), QStringLiteral("count/pods")}, double(need.pods()), false},
            };
            QStringList leftTexts;
            for (const Item& item : items) {
                for (const QString& key : item.keys) {
                    bool present = false;
                    const double h = quotaValue(hard, key, &present);
                    if (!present)
                        continue;
                    bool usedPresent = false;
                    const double u = quotaValue(used, key, &usedPresent);
                    const double remaining = h - u;
                    auto fmt = [&](double x) {
                        if (key.endsWith(QLatin1String("pods")))
                            return QString::number(qint64(x));
                        return item.bytes ? model::formatBytes(x) : model::formatCpu(x);
                    };
                    if (key == QLatin1String("limits.cpu") && !hasCpuLimits && !limitRangeDefaultsCpuLimit) {
                        problems << QStringLiteral("ResourceQuota %1 sets limits.cpu but the template has no coreLimit (and no LimitRange "
                                                   "default): the pods are refused").arg(name);
                        fixes << QStringLiteral("set spec.driver.coreLimit and spec.executor.coreLimit");
                        continue;
                    }
                    leftTexts << QStringLiteral("%1 %2 of %3 left").arg(key, fmt(remaining), fmt(h));
                    if (item.amount > remaining) {
                        problems << QStringLiteral("ResourceQuota %1: %2 has %3 of %4 left (used %5), the template needs %6")
                                        .arg(name, key, fmt(remaining), fmt(h), fmt(u), fmt(item.amount));
                        fixes << QStringLiteral("kubectl -n %1 edit resourcequota %2 (%3 to at least %4), or make the template smaller "
                                                "(executor.instances, memory, cores)").arg(ns, name, key, fmt(u + item.amount));
                    }
                }
            }
            facts << QStringLiteral("ResourceQuota %1: %2").arg(name, leftTexts.isEmpty() ? QStringLiteral("nothing Spark uses") : leftTexts.join(QStringLiteral(", ")));
        }
        if (!need.error.isEmpty())
            problems.prepend(QStringLiteral("the template: %1").arg(need.error));
        fixes.removeDuplicates();
        if (!problems.isEmpty()) {
            set(QStringLiteral("quota"), Status::Error, problems.join(QStringLiteral("; ")) + QStringLiteral(" (") + needText + QLatin1Char(')'),
                fixes.join(QStringLiteral("; ")));
        } else if (!errors->isEmpty()) {
            set(QStringLiteral("quota"), Status::Warning, errors->join(QStringLiteral("; ")) + QStringLiteral("; ") + needText);
        } else {
            if (facts.isEmpty())
                facts << QStringLiteral("no ResourceQuota or LimitRange in %1").arg(ns);
            set(QStringLiteral("quota"), Status::Ok, facts.join(QStringLiteral("; ")) + QStringLiteral("; ") + needText);
        }
    };
    auto collect = [left, errors, conclude](const QString& what, const Result<KubeResponse>& r, QJsonArray* into) {
        if (r)
            *into = r->object().value(QLatin1String("items")).toArray();
        else
            *errors << QStringLiteral("cannot list %1: %2").arg(what, errorLine(r.error()));
        if (--*left == 0)
            conclude();
    };
    get(QStringLiteral("/api/v1/namespaces/%1/resourcequotas").arg(kube::pathSegment(ns)), {},
        [collect, quotas](const Result<KubeResponse>& r) { collect(QStringLiteral("ResourceQuotas"), r, quotas.get()); });
    get(QStringLiteral("/api/v1/namespaces/%1/limitranges").arg(kube::pathSegment(ns)), {},
        [collect, limitRanges](const Result<KubeResponse>& r) { collect(QStringLiteral("LimitRanges"), r, limitRanges.get()); });
}

} // namespace session
