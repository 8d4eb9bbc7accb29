// `sparkdeck doctor` on the local control plane: the real API server, CRDs and RBAC. The stand-in
// operator runs outside the cluster and leaves no Deployment, Service or webhook configuration
// behind (tests/cluster/README.md), so initTestCase creates what the operator's Helm chart v2.x
// would: a controller Deployment (ready, --namespaces = the job namespaces), the webhook's Service
// with a ready EndpointSlice, and its Mutating/ValidatingWebhookConfiguration, whose objectSelector
// matches no object (the API server never calls them, so other tests on the cluster are unaffected).

#include "tests/support/cli.h"
#include "tests/support/clusterpaths.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QString kOperatorNs = QStringLiteral("spark-operator");
const QString kMissingNs = QStringLiteral("doctor-missing");
const QString kUnwatchedNs = QStringLiteral("doctor-unwatched");
const QString kQuotaNs = QStringLiteral("doctor-quota");
const QString kToken = QStringLiteral("doctor-test-token");

} // namespace

class TstCliDoctor : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void healthyNamespace();
    void textOutput();
    void missingNamespace();
    void unwatchedNamespace();
    void serviceAccountWithoutRbac();
    void serviceAccountFromTemplate();
    void quotaTooSmall();
    void quotaLeavesRoom();
    void limitRangeMax();
    void namespaceSelector();
    void operatorNotReady();
    void webhookWithoutEndpoints();
    void operatorOutsideTheCluster();
    void plugin();
    void limitedUser();
    void unreachable();
    void unauthorized();
    void badFlags();

private:
    /// Runs `doctor ARGS -o json` with the fixture's kubeconfig; returns the findings by id.
    QMap<QString, QJsonObject> doctorJson(const QStringList& args, CliResult* result, const QString& kubeconfig = {});
    void apply(const QString& yaml);
    /// kubectl -n NS patch OBJECT --type=TYPE -p PATCH, of its status subresource when `status`.
    void patch(const QString& ns, const QString& object, const QString& type, const QString& patch, bool status = false);
    QString writeFile(const QString& name, const QString& text);
    /// The fixture's kubeconfig with its server replaced, or its user replaced by a token.
    QString kubeconfigVariant(const QString& name, const QString& server, const QString& token = {});

    ClusterFixture m_cluster;
    QTemporaryDir m_dir;
    QStringList m_jobNamespaces;
};

QMap<QString, QJsonObject> TstCliDoctor::doctorJson(const QStringList& args, CliResult* result, const QString& kubeconfig)
{
    *result = runCli(QStringList{QStringLiteral("doctor"), QStringLiteral("--kubeconfig"),
                                 kubeconfig.isEmpty() ? m_cluster.kubeconfig : kubeconfig, QStringLiteral("-o"), QStringLiteral("json")}
                     + args);
    QMap<QString, QJsonObject> byId;
    const QJsonObject doc = QJsonDocument::fromJson(result->out.toUtf8()).object();
    for (const QJsonValue& v : doc.value(QLatin1String("findings")).toArray())
        byId.insert(v.toObject().value(QLatin1String("id")).toString(), v.toObject());
    return byId;
}

QString TstCliDoctor::writeFile(const QString& name, const QString& text)
{
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    f.write(text.toUtf8());
    return path;
}

void TstCliDoctor::apply(const QString& yaml)
{
    static int n = 0;
    runKubectl(m_cluster, {QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("--force-conflicts"),
                           QStringLiteral("--field-manager=tst-cli-doctor"), QStringLiteral("-f"),
                           writeFile(QStringLiteral("manifest-%1.yaml").arg(++n), yaml)});
}

void TstCliDoctor::patch(const QString& ns, const QString& object, const QString& type, const QString& patch, bool status)
{
    QStringList args{QStringLiteral("-n"), ns, QStringLiteral("patch"), object, QStringLiteral("--type=") + type, QStringLiteral("-p"), patch};
    if (status)
        args << QStringLiteral("--subresource=status");
    runKubectl(m_cluster, args);
}

QString TstCliDoctor::kubeconfigVariant(const QString& name, const QString& server, const QString& token)
{
    QFile f(m_cluster.kubeconfig);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QString text = QString::fromUtf8(f.readAll());
    if (!server.isEmpty())
        text.replace(QRegularExpression(QStringLiteral("server: \\S+")), QStringLiteral("server: ") + server);
    if (!token.isEmpty()) {
        // The user's client certificate and key give way to the bearer token.
        text.replace(QRegularExpression(QStringLiteral("client-certificate-data: \\S+")), QStringLiteral("token: ") + token);
        text.remove(QRegularExpression(QStringLiteral("\\n\\s*client-key-data: \\S+")));
    }
    return writeFile(name, text);
}

void TstCliDoctor::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_cluster = readClusterFixture();
    QVERIFY2(!m_cluster.kubeconfig.isEmpty(), qPrintable(m_cluster.error));
    // The namespaces the stand-in operator handles (tests/cluster/up's SPARKDECK_JOB_NAMESPACES).
    m_jobNamespaces = qEnvironmentVariable("SPARKDECK_JOB_NAMESPACES", QStringLiteral("default"))
                          .split(QRegularExpression(QStringLiteral("[ ,]+")), Qt::SkipEmptyParts);
    QString values;
    for (const QString& ns : std::as_const(m_jobNamespaces))
        values += QStringLiteral("\n          - ") + ns;
    const QString labels = QStringLiteral(R"(
    app.kubernetes.io/name: spark-operator
    app.kubernetes.io/instance: spark-operator)");
    const QString webhook = QStringLiteral(R"(
- name: %1.sparkoperator.k8s.io
  admissionReviewVersions: ["v1"]
  sideEffects: None
  failurePolicy: Ignore
  timeoutSeconds: 1
  clientConfig:
    service: {name: spark-operator-webhook-svc, namespace: spark-operator, port: 9443, path: /%1}
  namespaceSelector:
    matchExpressions:
      - key: kubernetes.io/metadata.name
        operator: In
        values:%2
  objectSelector:
    matchLabels: {sparkdeck.dev/tst-cli-doctor-never: "true"}
  rules:
    - apiGroups: ["sparkoperator.k8s.io"]
      apiVersions: ["v1beta2"]
      resources: ["sparkapplications"]
      operations: ["CREATE", "UPDATE"])");
    apply(QStringLiteral(R"(apiVersion: v1
kind: Namespace
metadata: {name: spark-operator}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: spark-operator-controller
  namespace: spark-operator
  labels:%1
    app.kubernetes.io/component: controller
spec:
  replicas: 1
  selector:
    matchLabels: {app.kubernetes.io/name: spark-operator, app.kubernetes.io/component: controller}
  template:
    metadata:
      labels: {app.kubernetes.io/name: spark-operator, app.kubernetes.io/component: controller}
    spec:
      containers:
        - name: spark-operator-controller
          image: ghcr.io/kubeflow/spark-operator/controller:2.5.2
          args: [controller, start, --namespaces=%2, --controller-threads=10]
---
apiVersion: v1
kind: Service
metadata:
  name: spark-operator-webhook-svc
  namespace: spark-operator
  labels:%1
spec:
  ports: [{name: webhook, port: 9443}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: spark-operator-webhook-svc-tst
  namespace: spark-operator
  labels: {kubernetes.io/service-name: spark-operator-webhook-svc, endpointslice.kubernetes.io/managed-by: tst-cli-doctor}
addressType: IPv4
ports: [{name: webhook, port: 9443, protocol: TCP}]
endpoints:
  - addresses: ["10.244.0.10"]
    conditions: {ready: true}
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: spark-operator-webhook
  labels:%1
webhooks:%3
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: spark-operator-webhook
  labels:%1
webhooks:%4
)")
              .arg(labels, m_jobNamespaces.join(QLatin1Char(',')),
                   webhook.arg(QStringLiteral("mutate-sparkoperator-k8s-io-v1beta2-sparkapplication"), values),
                   webhook.arg(QStringLiteral("validate-sparkoperator-k8s-io-v1beta2-sparkapplication"), values)));
    // What the controller manager would report once the controller pod is ready.
    patch(kOperatorNs, QStringLiteral("deployment/spark-operator-controller"), QStringLiteral("merge"),
          QStringLiteral(R"({"status":{"replicas":1,"readyReplicas":1,"availableReplicas":1,"updatedReplicas":1}})"), true);
}

void TstCliDoctor::cleanupTestCase()
{
    if (m_cluster.kubeconfig.isEmpty())
        return;
    // The namespaces stay (in stand-in mode no namespace controller would ever finish deleting
    // them); what this test put in them goes, so a second run starts the same.
    runKubectl(m_cluster, {QStringLiteral("-n"), kQuotaNs, QStringLiteral("delete"), QStringLiteral("resourcequota/small"),
                           QStringLiteral("limitrange/per-container"), QStringLiteral("--ignore-not-found")}, Exit::MayFail);
    runKubectl(m_cluster, {QStringLiteral("-n"), kUnwatchedNs, QStringLiteral("delete"), QStringLiteral("serviceaccount/spark-operator-spark"),
                           QStringLiteral("--ignore-not-found")}, Exit::MayFail);
    runKubectl(m_cluster, {QStringLiteral("label"), QStringLiteral("namespace"), kUnwatchedNs, QStringLiteral("sparkdeck.dev/doctor-watch-")},
               Exit::MayFail);
    runKubectl(m_cluster, {QStringLiteral("delete"), QStringLiteral("mutatingwebhookconfiguration,validatingwebhookconfiguration"),
                           QStringLiteral("spark-operator-webhook"), QStringLiteral("--ignore-not-found")}, Exit::MayFail);
    runKubectl(m_cluster, {QStringLiteral("-n"), kOperatorNs, QStringLiteral("delete"),
                           QStringLiteral("deployment/spark-operator-controller"), QStringLiteral("service/spark-operator-webhook-svc"),
                           QStringLiteral("endpointslice/spark-operator-webhook-svc-tst"), QStringLiteral("--ignore-not-found")}, Exit::MayFail);
    runKubectl(m_cluster, {QStringLiteral("-n"), QStringLiteral("default"), QStringLiteral("delete"),
                           QStringLiteral("serviceaccount/doctor-norbac"), QStringLiteral("serviceaccount/doctor-pods-only"),
                           QStringLiteral("role/doctor-pods-only"), QStringLiteral("rolebinding/doctor-pods-only"),
                           QStringLiteral("--ignore-not-found")}, Exit::MayFail);
    // The token line this test added.
    QFile tokens(QFileInfo(m_cluster.kubeconfig).absoluteDir().filePath(QStringLiteral("tokens")));
    if (tokens.open(QIODevice::ReadOnly)) {
        QStringList lines = QString::fromUtf8(tokens.readAll()).split(QLatin1Char('\n'));
        tokens.close();
        lines.removeIf([](const QString& l) { return l.startsWith(kToken + QLatin1Char(' ')); });
        if (tokens.open(QIODevice::WriteOnly | QIODevice::Truncate))
            tokens.write(lines.join(QLatin1Char('\n')).toUtf8());
    }
}

// A job namespace of the cluster: every check passes.
void TstCliDoctor::healthyNamespace()
{
    const QString ns = m_jobNamespaces.constFirst();
    CliResult r;
    const auto f = doctorJson({QStringLiteral("-n"), ns}, &r);
    QVERIFY2(r.exitCode == 0, describe(r));
    const QStringList ids{QStringLiteral("api"), QStringLiteral("namespace"), QStringLiteral("crds"), QStringLiteral("operator"),
                          QStringLiteral("watch"), QStringLiteral("webhook"), QStringLiteral("service-account"),
                          QStringLiteral("driver-rbac"), QStringLiteral("user-rbac"), QStringLiteral("quota")};
    QCOMPARE(f.keys().size(), ids.size());
    for (const QString& id : ids)
        QVERIFY2(f.value(id).value(QLatin1String("status")).toString() == QLatin1String("ok"), qPrintable(id + QLatin1Char('\n') + describe(r)));
    QVERIFY2(f.value(QStringLiteral("api")).value(QLatin1String("detail")).toString().contains(QLatin1String("you are kubernetes-admin")), describe(r));
    QVERIFY2(f.value(QStringLiteral("crds")).value(QLatin1String("detail")).toString().contains(QLatin1String("sparkapplications (v1beta2)")), describe(r));
    QVERIFY2(f.value(QStringLiteral("operator")).value(QLatin1String("detail")).toString().contains(QLatin1String("spark-operator/spark-operator-controller: 1/1 ready")), describe(r));
    QVERIFY2(f.value(QStringLiteral("webhook")).value(QLatin1String("detail")).toString().contains(QLatin1String("1 ready endpoint")), describe(r));
    // SparkPi: 3 pods of 1 core and 512m + 384m overhead.
    QVERIFY2(f.value(QStringLiteral("quota")).value(QLatin1String("detail")).toString().contains(QLatin1String("needs cpu 3, memory 2688Mi, 3 pods")), describe(r));
    // The oracle: kubectl's own SubjectAccessReview through impersonation agrees.
    const ProcessResult canI = runKubectl(m_cluster, {QStringLiteral("auth"), QStringLiteral("can-i"), QStringLiteral("--as"),
                                                      QStringLiteral("system:serviceaccount:%1:spark-operator-spark").arg(ns), QStringLiteral("create"),
                                                      QStringLiteral("pods"), QStringLiteral("-n"), ns}, Exit::MayFail);
    QCOMPARE(canI.out.trimmed(), QStringLiteral("yes"));
}

void TstCliDoctor::textOutput()
{
    const CliResult r = runCli({QStringLiteral("doctor"), QStringLiteral("--kubeconfig"), m_cluster.kubeconfig, QStringLiteral("-n"), kMissingNs});
    QVERIFY2(r.exitCode == 1, describe(r));
    const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    // One line a check (plain marks: not a terminal), the fix under its detail, then the summary.
    QVERIFY2(lines.contains(QRegularExpression(QStringLiteral("^OK    API server +https://.*"))), describe(r));
    const int ns = int(lines.indexOf(QRegularExpression(QStringLiteral("^FAIL  Namespace +namespace \"doctor-missing\" not found$"))));
    QVERIFY2(ns >= 0, describe(r));
    QVERIFY2(QRegularExpression(QStringLiteral("^ {20,}fix: kubectl create namespace doctor-missing$")).match(lines.value(ns + 1)).hasMatch(), describe(r));
    // The detail column lines up: every check line has its detail at the same column.
    const int column = int(lines.constFirst().indexOf(QLatin1String("https://")));
    QCOMPARE(lines.value(ns).indexOf(QLatin1String("namespace \"")), column);
    QCOMPARE(lines.value(ns + 1).indexOf(QLatin1String("fix:")), column);
    QVERIFY2(QRegularExpression(QStringLiteral("^10 checks in namespace doctor-missing: \\d+ ok, \\d+ warnings?, [1-9]\\d* failed, \\d+ skipped$"))
                 .match(lines.constLast()).hasMatch(), describe(r));
    QVERIFY2(!r.out.contains(QLatin1Char('\x1b')), "no colour codes when stdout is not a terminal");
}

void TstCliDoctor::missingNamespace()
{
    CliResult r;
    const auto f = doctorJson({QStringLiteral("-n"), kMissingNs}, &r);
    QVERIFY2(r.exitCode == 1, describe(r));
    QCOMPARE(f.value(QStringLiteral("namespace")).value(QLatin1String("status")).toString(), QStringLiteral("error"));
    QCOMPARE(f.value(QStringLiteral("namespace")).value(QLatin1String("fix")).toString(), QStringLiteral("kubectl create namespace doctor-missing"));
    QCOMPARE(f.value(QStringLiteral("service-account")).value(QLatin1String("status")).toString(), QStringLiteral("error"));
    QCOMPARE(f.value(QStringLiteral("quota")).value(QLatin1String("status")).toString(), QStringLiteral("skipped"));
    // What does not depend on the namespace still passes.
    for (const char* id : {"api", "crds", "operator", "user-rbac"})
        QVERIFY2(f.value(QString::fromLatin1(id)).value(QLatin1String("status")).toString() == QLatin1String("ok"), qPrintable(QString::fromLatin1(id) + describe(r)));
}

void TstCliDoctor::unwatchedNamespace()
{
    apply(QStringLiteral("apiVersion: v1\nkind: Namespace\nmetadata: {name: %1}\n---\napiVersion: v1\nkind: ServiceAccount\n"
                         "metadata: {name: spark-operator-spark, namespace: %1}\n").arg(kUnwatchedNs));
    CliResult r;
    const auto f = doctorJson({QStringLiteral("-n"), kUnwatchedNs}, &r);
    QVERIFY2(r.exitCode == 1, describe(r));
    const QJsonObject watch = f.value(QStringLiteral("watch"));
    QCOMPARE(watch.value(QLatin1String("status")).toString(), QStringLiteral("error"));
    QVERIFY2(watch.value(QLatin1String("detail")).toString().contains(QStringLiteral("the operator watches %1, not %2").arg(m_jobNamespaces.join(QStringLiteral(", ")), kUnwatchedNs)), describe(r));
    QVERIFY2(watch.value(QLatin1String("fix")).toString().contains(QStringLiteral("--set 'spark.jobNamespaces={%1,%2}'").arg(m_jobNamespaces.join(QLatin1Char(',')), kUnwatchedNs)), describe(r));
    // The webhook's namespaceSelector (the chart's kubernetes.io/metadata.name In [...]) leaves it out too.
    const QJsonObject webhook = f.value(QStringLiteral("webhook"));
    QCOMPARE(webhook.value(QLatin1String("status")).toString(), QStringLiteral("error"));
    QVERIFY2(webhook.value(QLatin1String("detail")).toString().contains(QStringLiteral("does not select namespace %1").arg(kUnwatchedNs)), describe(r));
    for (const char* id : {"namespace", "operator", "service-account", "quota"})
        QVERIFY2(f.value(QString::fromLatin1(id)).value(QLatin1String("status")).toString() == QLatin1String("ok"), qPrintable(QString::fromLatin1(id) + describe(r)));
    // The service account has no Role there.
    QCOMPARE(f.value(QStringLiteral("driver-rbac")).value(QLatin1String("status")).toString(), QStringLiteral("error"));
}

void TstCliDoctor::serviceAccountWithoutRbac()
{
    const QString ns = m_jobNamespaces.constFirst();
    apply(QStringLiteral(R"(apiVersion: v1
kind: ServiceAccount
metadata: {name: doctor-norbac, namespace: %1}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: doctor-pods-only, namespace: %1}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: doctor-pods-only, namespace: %1}
rules: [{apiGroups: [""], resources: [pods], verbs: [create, get, list, watch, delete]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: doctor-pods-only, namespace: %1}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: doctor-pods-only}
subjects: [{kind: ServiceAccount, name: doctor-pods-only, namespace: %1}]
)").arg(ns));
    CliResult r;
    auto f = doctorJson({QStringLiteral("-n"), ns, QStringLiteral("--service-account"), QStringLiteral("doctor-norbac")}, &r);
    QVERIFY2(r.exitCode == 1, describe(r));
    QJsonObject rbac = f.value(QStringLiteral("driver-rbac"));
    QCOMPARE(rbac.value(QLatin1String("status")).toString(), QStringLiteral("error"));
    QVERIFY2(rbac.value(QLatin1String("detail")).toString().contains(
                 QStringLiteral("doctor-norbac may not: create pods, get pods, list pods, watch pods, delete pods, create services, "
                                "delete services, create configmaps, delete configmaps")), describe(r));
    QVERIFY2(rbac.value(QLatin1String("fix")).toString().contains(QStringLiteral("--serviceaccount=%1:doctor-norbac").arg(ns)), describe(r));
    QCOMPARE(f.value(QStringLiteral("service-account")).value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    // The oracle: kubectl auth can-i as that service account says no as well.
    ProcessResult canI = runKubectl(m_cluster, {QStringLiteral("auth"), QStringLiteral("can-i"), QStringLiteral("--as"),
                                                QStringLiteral("system:serviceaccount:%1:doctor-norbac").arg(ns), QStringLiteral("create"),
                                                QStringLiteral("pods"), QStringLiteral("-n"), ns}, Exit::MayFail);
    QCOMPARE(canI.out.trimmed(), QStringLiteral("no"));

    // Only pods: the services and config maps are named as missing, nothing else.
    f = doctorJson({QStringLiteral("-n"), ns, QStringLiteral("--service-account"), QStringLiteral("doctor-pods-only")}, &r);
    QVERIFY2(r.exitCode == 1, describe(r));
    rbac = f.value(QStringLiteral("driver-rbac"));
    QCOMPARE(rbac.value(QLatin1String("status")).toString(), QStringLiteral("error"));
    QVERIFY2(rbac.value(QLatin1String("detail")).toString().contains(
                 QStringLiteral("doctor-pods-only may not: create services, delete services, create configmaps, delete configmaps (in %1)").arg(ns)),
             describe(r));
    for (const QString& resource : {QStringLiteral("pods"), QStringLiteral("services")}) {
        canI = runKubectl(m_cluster, {QStringLiteral("auth"), QStringLiteral("can-i"), QStringLiteral("--as"),
                                      QStringLiteral("system:serviceaccount:%1:doctor-pods-only").arg(ns), QStringLiteral("create"), resource,
                                      QStringLiteral("-n"), ns}, Exit::MayFail);
        const bool doctorSaysAllowed = !rbac.value(QLatin1String("detail")).toString().contains(QStringLiteral("create ") + resource);
        QCOMPARE(canI.out.trimmed(), doctorSaysAllowed ? QStringLiteral("yes") : QStringLiteral("no"));
    }
}

void TstCliDoctor::serviceAccountFromTemplate()
{
    const QString ns = m_jobNamespaces.constFirst();
    const QString file = writeFile(QStringLiteral("nosa.yaml"), QStringLiteral(R"(apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
metadata: {name: doctor}
spec:
  type: Python
  mode: cluster
  driver: {cores: 1, memory: 1g, serviceAccount: doctor-no-such-sa}
  executor: {instances: 1, cores: 2, memory: 2g}
)"));
    CliResult r;
    const auto f = doctorJson({QStringLiteral("-n"), ns, QStringLiteral("--template"), file}, &r);
    QVERIFY2(r.exitCode == 1, describe(r));
    const QJsonObject sa = f.value(QStringLiteral("service-account"));
    QCOMPARE(sa.value(QLatin1String("status")).toString(), QStringLiteral("error"));
    QCOMPARE(sa.value(QLatin1String("fix")).toString(), QStringLiteral("kubectl create serviceaccount doctor-no-such-sa -n %1").arg(ns));
    // Python: overhead 40 % (1g + 409m, 2g + 819m); cpu 1 + 2.
    QVERIFY2(f.value(QStringLiteral("quota")).value(QLatin1String("detail")).toString().contains(
                 QStringLiteral("nosa.yaml needs cpu 3, memory 4300Mi, 2 pods")), describe(r));
}

void TstCliDoctor::quotaTooSmall()
{
    apply(QStringLiteral(R"(apiVersion: v1
kind: Namespace
metadata: {name: %1}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: small, namespace: %1}
spec:
  hard: {requests.cpu: "8", requests.memory: 4Gi, pods: "10"}
)").arg(kQuotaNs));
    // What the quota controller (not running in stand-in mode) would have counted.
    patch(kQuotaNs, QStringLiteral("resourcequota/small"), QStringLiteral("merge"),
          QStringLiteral(R"({"status":{"hard":{"requests.cpu":"8","requests.memory":"4Gi","pods":"10"},)"
                         R"("used":{"requests.cpu":"1","requests.memory":"2Gi","pods":"2"}}})"), true);
    CliResult r;
    const auto f = doctorJson({QStringLiteral("-n"), kQuotaNs}, &r);
    QVERIFY2(r.exitCode == 1, describe(r));
    const QJsonObject quota = f.value(QStringLiteral("quota"));
    QCOMPARE(quota.value(QLatin1String("status")).toString(), QStringLiteral("error"));
    const QString detail = quota.value(QLatin1String("detail")).toString();
    QVERIFY2(detail.contains(QLatin1String("ResourceQuota small: requests.memory has 2Gi of 4Gi left (used 2Gi), the template needs 2688Mi")), describe(r));
    QVERIFY2(!detail.contains(QLatin1String("requests.cpu has")), describe(r)); // 7 cores left, 3 needed
    QVERIFY2(quota.value(QLatin1String("fix")).toString().contains(QStringLiteral("kubectl -n %1 edit resourcequota small (requests.memory to at least 4736Mi)").arg(kQuotaNs)), describe(r));
}

void TstCliDoctor::quotaLeavesRoom()
{
    // The quota of quotaTooSmall, and a smaller template: 2 × (512m + 384m) = 1792Mi of 2Gi left.
    const QString file = writeFile(QStringLiteral("small.yaml"), QStringLiteral(R"(apiVersion: sparkoperator.k8s.io/v1beta2
kind: ScheduledSparkApplication
metadata: {name: small}
spec:
  schedule: "@daily"
  template:
    type: Scala
    driver: {cores: 1, memory: 512m}
    executor: {instances: 1, cores: 1, memory: 512m}
)"));
    CliResult r;
    const auto f = doctorJson({QStringLiteral("-n"), kQuotaNs, QStringLiteral("--template"), file}, &r);
    const QJsonObject quota = f.value(QStringLiteral("quota"));
    QVERIFY2(quota.value(QLatin1String("status")).toString() == QLatin1String("ok"), describe(r));
    QVERIFY2(quota.value(QLatin1String("detail")).toString().contains(QLatin1String("requests.memory 2Gi of 4Gi left")), describe(r));
    QVERIFY2(quota.value(QLatin1String("detail")).toString().contains(QLatin1String("needs cpu 2, memory 1792Mi, 2 pods")), describe(r));
}

void TstCliDoctor::limitRangeMax()
{
    apply(QStringLiteral(R"(apiVersion: v1
kind: LimitRange
metadata: {name: per-container, namespace: %1}
spec:
  limits:
    - type: Container
      max: {memory: 2Gi, cpu: "2"}
      min: {memory: 256Mi}
)").arg(kQuotaNs));
    // The driver's 2g + 384m overhead is above the 2Gi maximum; its executors (1g + 384m) fit.
    const QString file = writeFile(QStringLiteral("big-driver.yaml"), QStringLiteral(R"(apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
metadata: {name: big-driver}
spec:
  type: Scala
  driver: {cores: 1, memory: 2g}
  executor: {instances: 1, cores: 1, memory: 1g}
)"));
    CliResult r;
    const auto f = doctorJson({QStringLiteral("-n"), kQuotaNs, QStringLiteral("--template"), file}, &r);
    QVERIFY2(r.exitCode == 1, describe(r));
    const QJsonObject quota = f.value(QStringLiteral("quota"));
    QCOMPARE(quota.value(QLatin1String("status")).toString(), QStringLiteral("error"));
    const QString detail = quota.value(QLatin1String("detail")).toString();
    QVERIFY2(detail.contains(QLatin1String("LimitRange per-container: driver memory 2432Mi is above its Container max 2Gi")), describe(r));
    QVERIFY2(!detail.contains(QLatin1String("executor memory")), describe(r));
    runKubectl(m_cluster, {QStringLiteral("-n"), kQuotaNs, QStringLiteral("delete"), QStringLiteral("limitrange/per-container")});
}

// The operator's --namespace-selector (chart value spark.jobNamespaceSelector): a namespace not in
// --namespaces is watched when its labels match.
void TstCliDoctor::namespaceSelector()
{
    apply(QStringLiteral("apiVersion: v1\nkind: Namespace\nmetadata: {name: %1}\n").arg(kUnwatchedNs));
    auto setArgs = [this](const QStringList& args) {
        const QJsonArray ops{QJsonObject{{QStringLiteral("op"), QStringLiteral("replace")},
                                         {QStringLiteral("path"), QStringLiteral("/spec/template/spec/containers/0/args")},
                                         {QStringLiteral("value"), QJsonArray::fromStringList(args)}}};
        patch(kOperatorNs, QStringLiteral("deployment/spark-operator-controller"), QStringLiteral("json"),
              QString::fromUtf8(QJsonDocument(ops).toJson(QJsonDocument::Compact)));
    };
    const QStringList plain{QStringLiteral("controller"), QStringLiteral("start"),
                            QStringLiteral("--namespaces=") + m_jobNamespaces.join(QLatin1Char(','))};
    setArgs(plain + QStringList{QStringLiteral("--namespace-selector=sparkdeck.dev/doctor-watch in (on,yes)")});
    CliResult r;
    auto f = doctorJson({QStringLiteral("-n"), kUnwatchedNs}, &r);
    QCOMPARE(f.value(QStringLiteral("watch")).value(QLatin1String("status")).toString(), QStringLiteral("error"));
    QVERIFY2(f.value(QStringLiteral("watch")).value(QLatin1String("detail")).toString().contains(
                 QLatin1String("nor does it match --namespace-selector=sparkdeck.dev/doctor-watch in (on,yes)")), describe(r));

    runKubectl(m_cluster, {QStringLiteral("label"), QStringLiteral("namespace"), kUnwatchedNs, QStringLiteral("sparkdeck.dev/doctor-watch=on")});
    f = doctorJson({QStringLiteral("-n"), kUnwatchedNs}, &r);
    const QJsonObject watch = f.value(QStringLiteral("watch"));
    setArgs(plain);
    runKubectl(m_cluster, {QStringLiteral("label"), QStringLiteral("namespace"), kUnwatchedNs, QStringLiteral("sparkdeck.dev/doctor-watch-")});
    QVERIFY2(watch.value(QLatin1String("status")).toString() == QLatin1String("ok"), describe(r));
    QVERIFY2(watch.value(QLatin1String("detail")).toString().contains(QStringLiteral("namespace %1 matches the operator's --namespace-selector").arg(kUnwatchedNs)), describe(r));
}

// The controller Deployment with no ready replica (what the controller manager reports when its
// pod crashes): the operator check fails and says which pods it has.
void TstCliDoctor::operatorNotReady()
{
    auto setReady = [this](int ready) {
        patch(kOperatorNs, QStringLiteral("deployment/spark-operator-controller"), QStringLiteral("merge"),
              QStringLiteral(R"({"status":{"replicas":1,"readyReplicas":%1,"availableReplicas":%1}})").arg(ready), true);
    };
    setReady(0);
    CliResult r;
    const auto f = doctorJson({QStringLiteral("-n"), m_jobNamespaces.constFirst()}, &r);
    setReady(1);
    QVERIFY2(r.exitCode == 1, describe(r));
    const QJsonObject op = f.value(QStringLiteral("operator"));
    QCOMPARE(op.value(QLatin1String("status")).toString(), QStringLiteral("error"));
    QCOMPARE(op.value(QLatin1String("detail")).toString(),
             QStringLiteral("Deployment spark-operator/spark-operator-controller: 0/1 ready, image ghcr.io/kubeflow/spark-operator/controller:2.5.2: "
                            "it has no pods"));
    QVERIFY2(op.value(QLatin1String("fix")).toString().contains(QLatin1String("kubectl -n spark-operator logs deployment/spark-operator-controller")), describe(r));
    // The rest is unaffected.
    QCOMPARE(f.value(QStringLiteral("watch")).value(QLatin1String("status")).toString(), QStringLiteral("ok"));
}

// The webhook's Service with no ready endpoint (its pod not ready): the API server cannot call it.
void TstCliDoctor::webhookWithoutEndpoints()
{
    auto setReady = [this](bool ready) {
        patch(kOperatorNs, QStringLiteral("endpointslice/spark-operator-webhook-svc-tst"), QStringLiteral("json"),
              QStringLiteral(R"([{"op":"replace","path":"/endpoints/0/conditions/ready","value":%1}])")
                  .arg(ready ? QStringLiteral("true") : QStringLiteral("false")));
    };
    setReady(false);
    CliResult r;
    const auto f = doctorJson({QStringLiteral("-n"), m_jobNamespaces.constFirst()}, &r);
    setReady(true);
    QVERIFY2(r.exitCode == 1, describe(r));
    const QJsonObject webhook = f.value(QStringLiteral("webhook"));
    QCOMPARE(webhook.value(QLatin1String("status")).toString(), QStringLiteral("error"));
    QVERIFY2(webhook.value(QLatin1String("detail")).toString().contains(
                 QLatin1String("service spark-operator/spark-operator-webhook-svc has no ready endpoints")), describe(r));
    QVERIFY2(webhook.value(QLatin1String("fix")).toString().contains(QLatin1String("kubectl -n spark-operator describe service spark-operator-webhook-svc")), describe(r));
}

// An operator run outside the cluster (a local process, as the sandbox runs it): no Deployment,
// but its webhook configuration calls a URL. Doctor says so as a warning, not as a missing operator.
void TstCliDoctor::operatorOutsideTheCluster()
{
    const QString webhookPath = QStringLiteral("/webhooks/0/clientConfig");
    // Every Deployment that looks like the operator's loses its label meanwhile (other tests on the
    // shared cluster may have left some), so none is found.
    const QStringList deployments =
        runKubectl(m_cluster, {QStringLiteral("get"), QStringLiteral("deployments"), QStringLiteral("-A"), QStringLiteral("-l"),
                               QStringLiteral("app.kubernetes.io/name=spark-operator"), QStringLiteral("-o"),
                               QStringLiteral("jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{\"\\n\"}{end}")})
            .out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(deployments.contains(kOperatorNs + QStringLiteral("/spark-operator-controller")));
    auto outside = [&](bool out) {
        for (const QString& d : deployments)
            runKubectl(m_cluster, {QStringLiteral("-n"), d.section(QLatin1Char('/'), 0, 0), QStringLiteral("label"),
                                   QStringLiteral("deployment/") + d.section(QLatin1Char('/'), 1),
                                   out ? QStringLiteral("app.kubernetes.io/name-") : QStringLiteral("app.kubernetes.io/name=spark-operator")});
        const QJsonObject service{{QStringLiteral("name"), QStringLiteral("spark-operator-webhook-svc")},
                                  {QStringLiteral("namespace"), kOperatorNs},
                                  {QStringLiteral("port"), 9443},
                                  {QStringLiteral("path"), QStringLiteral("/validate-sparkoperator-k8s-io-v1beta2-sparkapplication")}};
        const QJsonObject client = out ? QJsonObject{{QStringLiteral("url"), QStringLiteral("https://127.0.0.1:9/validate")}}
                                       : QJsonObject{{QStringLiteral("service"), service}};
        const QJsonArray ops{QJsonObject{{QStringLiteral("op"), QStringLiteral("replace")}, {QStringLiteral("path"), webhookPath},
                                         {QStringLiteral("value"), client}}};
        runKubectl(m_cluster, {QStringLiteral("patch"), QStringLiteral("validatingwebhookconfiguration/spark-operator-webhook"),
                               QStringLiteral("--type=json"), QStringLiteral("-p"),
                               QString::fromUtf8(QJsonDocument(ops).toJson(QJsonDocument::Compact))});
    };
    outside(true);
    CliResult r;
    const auto f = doctorJson({QStringLiteral("-n"), m_jobNamespaces.constFirst()}, &r);
    outside(false);
    QVERIFY2(r.exitCode == 0, describe(r));
    const QJsonObject op = f.value(QStringLiteral("operator"));
    QCOMPARE(op.value(QLatin1String("status")).toString(), QStringLiteral("warning"));
    QVERIFY2(op.value(QLatin1String("detail")).toString().contains(QLatin1String("served from outside it (https://127.0.0.1:9)")), describe(r));
    QCOMPARE(f.value(QStringLiteral("watch")).value(QLatin1String("status")).toString(), QStringLiteral("skipped"));
    QVERIFY2(f.value(QStringLiteral("webhook")).value(QLatin1String("detail")).toString().contains(
                 QLatin1String("served outside the cluster at https://127.0.0.1:9")), describe(r));
    // Restored: the Deployment is found again.
    const auto again = doctorJson({QStringLiteral("-n"), m_jobNamespaces.constFirst()}, &r);
    QCOMPARE(again.value(QStringLiteral("operator")).value(QLatin1String("status")).toString(), QStringLiteral("ok"));
}

// The kubectl plugin runs the same command, with the shipped SparkPi template compiled in.
void TstCliDoctor::plugin()
{
    const CliResult r = runCli({QStringLiteral("doctor"), QStringLiteral("--kubeconfig"), m_cluster.kubeconfig, QStringLiteral("-n"),
                                m_jobNamespaces.constFirst()},
                               {}, {}, 120'000, qEnvironmentVariable("SPARKDECK_PLUGIN"));
    QVERIFY2(r.exitCode == 0, describe(r));
    QVERIFY2(r.out.contains(QLatin1String("SparkPi (Scala) needs cpu 3, memory 2688Mi, 3 pods")), describe(r));
}

// A user with no rights beyond discovery and self-reviews (a token with no groups): the checks that
// need more say why, and the driver's RBAC is skipped because SubjectAccessReviews are forbidden.
void TstCliDoctor::limitedUser()
{
    QFile tokens(QFileInfo(m_cluster.kubeconfig).absoluteDir().filePath(QStringLiteral("tokens")));
    QVERIFY(tokens.open(QIODevice::Append));
    tokens.write(QStringLiteral("\n%1 doctor-limited-user\n").arg(kToken).toUtf8());
    tokens.close();
    const QString kubeconfig = kubeconfigVariant(QStringLiteral("limited.kubeconfig"), {}, kToken);
    const QString ns = m_jobNamespaces.constFirst();
    CliResult r;
    const auto f = doctorJson({QStringLiteral("-n"), ns}, &r, kubeconfig);
    QVERIFY2(r.exitCode == 1, describe(r));
    QVERIFY2(f.value(QStringLiteral("api")).value(QLatin1String("detail")).toString().contains(QLatin1String("you are doctor-limited-user")), describe(r));
    // Reading CRDs is forbidden: discovery answers.
    const QJsonObject crds = f.value(QStringLiteral("crds"));
    QCOMPARE(crds.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    QVERIFY2(crds.value(QLatin1String("detail")).toString().contains(QLatin1String("by discovery")), describe(r));
    QCOMPARE(f.value(QStringLiteral("driver-rbac")).value(QLatin1String("status")).toString(), QStringLiteral("skipped"));
    QVERIFY2(f.value(QStringLiteral("driver-rbac")).value(QLatin1String("detail")).toString().contains(QLatin1String("403")), describe(r));
    QVERIFY2(f.value(QStringLiteral("driver-rbac")).value(QLatin1String("fix")).toString().contains(
                 QStringLiteral("kubectl auth can-i create pods --as system:serviceaccount:%1:spark-operator-spark -n %1").arg(ns)), describe(r));
    const QJsonObject user = f.value(QStringLiteral("user-rbac"));
    QCOMPARE(user.value(QLatin1String("status")).toString(), QStringLiteral("error"));
    QVERIFY2(user.value(QLatin1String("detail")).toString().contains(QStringLiteral("you may not create sparkapplications in %1").arg(ns)), describe(r));
    for (const char* id : {"namespace", "operator", "webhook"})
        QVERIFY2(f.value(QString::fromLatin1(id)).value(QLatin1String("status")).toString() == QLatin1String("warning"), qPrintable(QString::fromLatin1(id) + describe(r)));
}

void TstCliDoctor::unreachable()
{
    const QString kubeconfig = kubeconfigVariant(QStringLiteral("unreachable.kubeconfig"), QStringLiteral("https://127.0.0.1:1"));
    const CliResult r = runCli({QStringLiteral("doctor"), QStringLiteral("--kubeconfig"), kubeconfig});
    QVERIFY2(r.exitCode == 3, describe(r));
    QVERIFY2(r.err.contains(QLatin1String("cannot reach the API server")), describe(r));
    QVERIFY2(r.out.isEmpty(), describe(r));
}

void TstCliDoctor::unauthorized()
{
    const QString kubeconfig = kubeconfigVariant(QStringLiteral("unauthorized.kubeconfig"), {}, QStringLiteral("never-issued-token"));
    CliResult r;
    const auto f = doctorJson({}, &r, kubeconfig);
    QVERIFY2(r.exitCode == 3, describe(r));
    QVERIFY2(r.err.contains(QLatin1String("Unauthorized")) && r.err.contains(QLatin1String("log in again")), describe(r));
    QCOMPARE(f.value(QStringLiteral("api")).value(QLatin1String("status")).toString(), QStringLiteral("error"));
    QCOMPARE(f.value(QStringLiteral("namespace")).value(QLatin1String("status")).toString(), QStringLiteral("skipped"));
}

void TstCliDoctor::badFlags()
{
    CliResult r = runCli({QStringLiteral("doctor"), QStringLiteral("--kubeconfig"), m_cluster.kubeconfig, QStringLiteral("-o"), QStringLiteral("yaml")});
    QVERIFY2(r.exitCode == 2, describe(r));
    r = runCli({QStringLiteral("doctor"), QStringLiteral("--kubeconfig"), m_cluster.kubeconfig, QStringLiteral("--template"),
                m_dir.filePath(QStringLiteral("no-such-file.yaml"))});
    QVERIFY2(r.exitCode == 2, describe(r));
    QVERIFY2(r.err.contains(QLatin1String("cannot read --template")), describe(r));
    r = runCli({QStringLiteral("doctor"), QStringLiteral("--kubeconfig"), m_cluster.kubeconfig, QStringLiteral("--template"),
                writeFile(QStringLiteral("bad.yaml"), QStringLiteral("spec: [unclosed\n"))});
    QVERIFY2(r.exitCode == 2, describe(r));
    r = runCli({QStringLiteral("doctor"), QStringLiteral("--kubeconfig"), m_cluster.kubeconfig, QStringLiteral("extra")});
    QVERIFY2(r.exitCode == 2, describe(r));
}

QTEST_GUILESS_MAIN(TstCliDoctor)
#include "tst_cli_doctor.moc"
