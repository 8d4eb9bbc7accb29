#include "models/sparkapplication.h"

#include "models/cron.h"
#include "models/kubevalidation.h"
#include "models/sparksize.h"
#include <QJsonDocument>
#include <QTimeZone>

#include <QDir>
#include <QFile>
#include <QHash>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>

namespace model {

namespace spark {

QStringList applicationStates()
{
    return {QString(),
            QStringLiteral("SUBMITTED"),
            QStringLiteral("RUNNING"),
            QStringLiteral("COMPLETED"),
            QStringLiteral("FAILED"),
            QStringLiteral("SUBMISSION_FAILED"),
            QStringLiteral("PENDING_RERUN"),
            QStringLiteral("INVALIDATING"),
            QStringLiteral("SUCCEEDING"),
            QStringLiteral("FAILING"),
            QStringLiteral("SUSPENDING"),
            QStringLiteral("SUSPENDED"),
            QStringLiteral("RESUMING"),
            QStringLiteral("UNKNOWN")};
}

bool isTerminalState(const QString& state)
{
    return state == QLatin1String("COMPLETED") || state == QLatin1String("FAILED")
        || state == QLatin1String("SUBMISSION_FAILED");
}

QColor stateColor(const QString& state)
{
    // One distinct colour per state (the icon's glyph tells them apart without colour too).
    static const QHash<QString, QColor> colors{
        {QString(), QColor(0x9a, 0xa0, 0xa6)},                          // new
        {QStringLiteral("SUBMITTED"), QColor(0x6a, 0x5a, 0xcd)},
        {QStringLiteral("RUNNING"), QColor(0x1f, 0x7a, 0xe0)},
        {QStringLiteral("SUCCEEDING"), QColor(0x3f, 0xb5, 0xa0)},
        {QStringLiteral("COMPLETED"), QColor(0x2e, 0x9e, 0x4f)},
        {QStringLiteral("FAILING"), QColor(0xe8, 0x74, 0x3b)},
        {QStringLiteral("FAILED"), QColor(0xd9, 0x3b, 0x3b)},
        {QStringLiteral("SUBMISSION_FAILED"), QColor(0xa3, 0x26, 0x2a)},
        {QStringLiteral("PENDING_RERUN"), QColor(0xd9, 0x8e, 0x04)},
        {QStringLiteral("INVALIDATING"), QColor(0xb8, 0x86, 0x0b)},
        {QStringLiteral("SUSPENDING"), QColor(0x7f, 0x8c, 0x9a)},
        {QStringLiteral("SUSPENDED"), QColor(0x5f, 0x6b, 0x7a)},
        {QStringLiteral("RESUMING"), QColor(0x5b, 0x9b, 0xd5)},
        {QStringLiteral("UNKNOWN"), QColor(0xa0, 0x6c, 0xd5)},
    };
    return colors.value(state, QColor(0x9a, 0xa0, 0xa6));
}

QString stateLabel(const QString& state)
{
    return state.isEmpty() ? QStringLiteral("NEW") : state;
}

} // namespace spark

namespace {

const QString kGeneral = QStringLiteral("General");
const QString kSchedule = QStringLiteral("Schedule");
const QString kApplication = QStringLiteral("Application");
const QString kDriver = QStringLiteral("Driver");
const QString kExecutor = QStringLiteral("Executor");
const QString kDependencies = QStringLiteral("Dependencies");
const QString kSparkConf = QStringLiteral("Spark configuration");
const QString kHadoopConf = QStringLiteral("Hadoop configuration");
const QString kVolumes = QStringLiteral("Volumes");
const QString kRestart = QStringLiteral("Restart policy");
const QString kDynamic = QStringLiteral("Dynamic allocation");
const QString kMonitoring = QStringLiteral("Monitoring");
const QString kUi = QStringLiteral("Spark UI");
const QString kBatch = QStringLiteral("Batch scheduler");

QStringList sparkConfKeys()
{
    return {QStringLiteral("spark.sql.shuffle.partitions"), QStringLiteral("spark.sql.adaptive.enabled"),
            QStringLiteral("spark.serializer"), QStringLiteral("spark.eventLog.enabled"), QStringLiteral("spark.eventLog.dir"),
            QStringLiteral("spark.ui.showConsoleProgress"), QStringLiteral("spark.jars.ivy"),
            QStringLiteral("spark.driver.extraJavaOptions"), QStringLiteral("spark.executor.extraJavaOptions"),
            QStringLiteral("spark.executor.memoryOverhead"), QStringLiteral("spark.driver.maxResultSize"),
            QStringLiteral("spark.network.timeout"), QStringLiteral("spark.speculation"),
            QStringLiteral("spark.kubernetes.allocation.batch.size"), QStringLiteral("spark.kubernetes.executor.deleteOnTermination"),
            QStringLiteral("spark.kubernetes.driver.request.cores"), QStringLiteral("spark.kubernetes.executor.request.cores"),
            QStringLiteral("spark.kubernetes.container.image.pullPolicy"), QStringLiteral("spark.kubernetes.local.dirs.tmpfs"),
            QStringLiteral("spark.kubernetes.submission.waitAppCompletion"), QStringLiteral("spark.decommission.enabled"),
            QStringLiteral("spark.hadoop.fs.s3a.aws.credentials.provider"), QStringLiteral("spark.sql.catalogImplementation"),
            QStringLiteral("spark.sql.extensions"), QStringLiteral("spark.sql.catalog.spark_catalog"),
            QStringLiteral("spark.metrics.conf"), QStringLiteral("spark.metrics.namespace")};
}

QStringList hadoopConfKeys()
{
    return {QStringLiteral("fs.s3a.endpoint"), QStringLiteral("fs.s3a.path.style.access"), QStringLiteral("fs.s3a.impl"),
            QStringLiteral("fs.s3a.connection.ssl.enabled"), QStringLiteral("fs.s3a.aws.credentials.provider"),
            QStringLiteral("fs.s3a.fast.upload"), QStringLiteral("fs.s3a.committer.name"), QStringLiteral("fs.s3a.endpoint.region"),
            QStringLiteral("fs.gs.impl"), QStringLiteral("fs.gs.project.id"), QStringLiteral("google.cloud.auth.service.account.json.keyfile"),
            QStringLiteral("fs.azure.account.auth.type"), QStringLiteral("fs.defaultFS"),
            QStringLiteral("mapreduce.fileoutputcommitter.algorithm.version"), QStringLiteral("hive.metastore.uris")};
}

FieldSpec field(const QString& path, ValueType type, const QString& label, const QString& section,
                const QString& placeholder = {}, const QString& help = {})
{
    FieldSpec f;
    f.path = path;
    f.type = type;
    f.label = label;
    f.section = section;
    f.placeholder = placeholder;
    f.help = help;
    return f;
}

FieldSpec choice(const QString& path, const QString& label, const QString& section, const QStringList& choices,
                 const QString& placeholder, const QString& help)
{
    FieldSpec f = field(path, ValueType::String, label, section, placeholder, help);
    f.choices = choices;
    return f;
}

FieldSpec required(FieldSpec f)
{
    f.required = true;
    return f;
}

FieldSpec scoped(FieldSpec f, FieldScope scope)
{
    f.scope = scope;
    return f;
}

// The SparkPodSpec fields shared by driver and executor, under `prefix` ("spec.driver").
void podFields(QList<FieldSpec>& f, const QString& prefix, const QString& section, bool driver)
{
    const QString who = driver ? QStringLiteral("driver") : QStringLiteral("executor");
    auto p = [&](const QString& rest) { return prefix + QLatin1Char('.') + rest; };
    using VT = ValueType;
    if (!driver)
        f << field(p(QStringLiteral("instances")), VT::Integer, QStringLiteral("Instances"), section, QStringLiteral("1"),
                   QStringLiteral("Number of executor pods (at least 1)."));
    f << field(p(QStringLiteral("cores")), VT::Integer, QStringLiteral("Cores"), section, QStringLiteral("1"),
               QStringLiteral("CPU cores (spark.%1.cores), a whole number ≥ 1.").arg(who));
    f << field(p(QStringLiteral("coreRequest")), VT::String, QStringLiteral("Core request"), section, QStringLiteral("e.g. 500m"),
               QStringLiteral("Kubernetes CPU request of the pod (a quantity), overrides cores for scheduling."));
    f << field(p(QStringLiteral("coreLimit")), VT::String, QStringLiteral("Core limit"), section, QStringLiteral("e.g. 1200m"),
               QStringLiteral("Kubernetes CPU limit of the pod (a quantity)."));
    f << field(p(QStringLiteral("memory")), VT::String, QStringLiteral("Memory"), section, QStringLiteral("1g"),
               QStringLiteral("JVM heap, e.g. 512m or 2g (spark.%1.memory).").arg(who));
    f << field(p(QStringLiteral("memoryOverhead")), VT::String, QStringLiteral("Memory overhead"), section,
               QStringLiteral("e.g. 384m"), QStringLiteral("Off-heap memory added to the pod (spark.%1.memoryOverhead).").arg(who));
    f << field(p(QStringLiteral("memoryLimit")), VT::String, QStringLiteral("Memory limit"), section, QStringLiteral("e.g. 2Gi"),
               QStringLiteral("Kubernetes memory limit of the pod (a quantity)."));
    f << field(p(QStringLiteral("gpu.name")), VT::String, QStringLiteral("GPU resource"), section,
               QStringLiteral("nvidia.com/gpu"), QStringLiteral("GPU resource name; set with GPU quantity."));
    f << field(p(QStringLiteral("gpu.quantity")), VT::Integer, QStringLiteral("GPU quantity"), section, {},
               QStringLiteral("Number of GPUs per pod."));
    f << field(p(QStringLiteral("image")), VT::String, QStringLiteral("Image"), section, QStringLiteral("the application's image"),
               QStringLiteral("A different image for the %1 only.").arg(who));
    f << field(p(QStringLiteral("serviceAccount")), VT::String, QStringLiteral("Service account"), section,
               driver ? QStringLiteral("spark-operator-spark") : QStringLiteral("the driver's"),
               QStringLiteral("Must exist in the namespace; the driver's must be allowed to create pods (the Helm chart "
                              "creates spark-operator-spark)."));
    f << field(p(QStringLiteral("javaOptions")), VT::String, QStringLiteral("Java options"), section,
               QStringLiteral("-XX:+UseG1GC"), QStringLiteral("Extra JVM options (spark.%1.extraJavaOptions).").arg(who));
    if (driver) {
        f << field(p(QStringLiteral("podName")), VT::String, QStringLiteral("Pod name"), section, QStringLiteral("<name>-driver"),
                   QStringLiteral("Name of the driver pod."));
        f << field(p(QStringLiteral("kubernetesMaster")), VT::String, QStringLiteral("Kubernetes master"), section,
                   QStringLiteral("in-cluster"), QStringLiteral("API server URL the driver uses."));
    } else {
        f << field(p(QStringLiteral("deleteOnTermination")), VT::Boolean, QStringLiteral("Delete on termination"), section, {},
                   QStringLiteral("Delete executor pods when they end (default true)."));
    }
    f << field(p(QStringLiteral("priorityClassName")), VT::String, QStringLiteral("Priority class"), section, {},
               QStringLiteral("PriorityClass of the pod."));
    f << field(p(QStringLiteral("schedulerName")), VT::String, QStringLiteral("Scheduler"), section, QStringLiteral("default-scheduler"),
               QStringLiteral("Kubernetes scheduler for the pod."));
    f << field(p(QStringLiteral("terminationGracePeriodSeconds")), VT::Integer, QStringLiteral("Termination grace (s)"), section,
               QStringLiteral("30"), QStringLiteral("Seconds the pod gets to stop."));
    f << field(p(QStringLiteral("hostNetwork")), VT::Boolean, QStringLiteral("Host network"), section, {},
               QStringLiteral("Use the node's network namespace."));
    f << field(p(QStringLiteral("shareProcessNamespace")), VT::Boolean, QStringLiteral("Share process namespace"), section, {},
               QStringLiteral("Containers of the pod see each other's processes."));
    f << field(p(QStringLiteral("labels")), VT::StringMap, QStringLiteral("Labels"), section, {},
               QStringLiteral("Labels on the %1 pod(s).").arg(who));
    f << field(p(QStringLiteral("annotations")), VT::StringMap, QStringLiteral("Annotations"), section, {},
               QStringLiteral("Annotations on the %1 pod(s).").arg(who));
    if (driver) {
        f << field(p(QStringLiteral("serviceLabels")), VT::StringMap, QStringLiteral("Service labels"), section, {},
                   QStringLiteral("Labels on the driver's service."));
        f << field(p(QStringLiteral("serviceAnnotations")), VT::StringMap, QStringLiteral("Service annotations"), section, {},
                   QStringLiteral("Annotations on the driver's service."));
    }
    f << field(p(QStringLiteral("nodeSelector")), VT::StringMap, QStringLiteral("Node selector"), section, {},
               QStringLiteral("Node labels the pod must land on."));
    f << field(p(QStringLiteral("envVars")), VT::StringMap, QStringLiteral("Env vars (deprecated)"), section, {},
               QStringLiteral("Deprecated by the operator: use Env."));
    const QString yamlHelp = QStringLiteral("Kubernetes YAML, as in a pod spec.");
    for (const auto& [name, label] : QList<QPair<QString, QString>>{
             {QStringLiteral("env"), QStringLiteral("Env")},
             {QStringLiteral("envFrom"), QStringLiteral("Env from")},
             {QStringLiteral("envSecretKeyRefs"), QStringLiteral("Env secret refs (deprecated)")},
             {QStringLiteral("configMaps"), QStringLiteral("Config maps")},
             {QStringLiteral("secrets"), QStringLiteral("Secrets")},
             {QStringLiteral("volumeMounts"), QStringLiteral("Volume mounts")},
             {QStringLiteral("ports"), QStringLiteral("Ports")},
             {QStringLiteral("tolerations"), QStringLiteral("Tolerations")},
             {QStringLiteral("affinity"), QStringLiteral("Affinity")},
             {QStringLiteral("podSecurityContext"), QStringLiteral("Pod security context")},
             {QStringLiteral("securityContext"), QStringLiteral("Security context")},
             {QStringLiteral("sidecars"), QStringLiteral("Sidecars")},
             {QStringLiteral("initContainers"), QStringLiteral("Init containers")},
             {QStringLiteral("lifecycle"), QStringLiteral("Lifecycle")},
             {QStringLiteral("dnsConfig"), QStringLiteral("DNS config")},
             {QStringLiteral("hostAliases"), QStringLiteral("Host aliases")},
             {QStringLiteral("template"), QStringLiteral("Pod template")},
         })
        f << field(p(name), VT::Yaml, label, section, {}, yamlHelp);
}

QList<FieldSpec> buildFields()
{
    using VT = ValueType;
    QList<FieldSpec> f;
    f << scoped(required(field(QStringLiteral("metadata.name"), VT::String, QStringLiteral("Name"), kGeneral,
                               QStringLiteral("spark-pi"),
                               QStringLiteral("Lower-case letters, digits and '-', at most 63 characters."))),
                FieldScope::Metadata);
    f << scoped(field(QStringLiteral("metadata.namespace"), VT::String, QStringLiteral("Namespace"), kGeneral,
                      QStringLiteral("the selected namespace"),
                      QStringLiteral("Must be one of the namespaces the operator watches (spark.jobNamespaces).")),
                FieldScope::Metadata);
    f << scoped(field(QStringLiteral("metadata.labels"), VT::StringMap, QStringLiteral("Labels"), kGeneral),
                FieldScope::Metadata);
    f << scoped(field(QStringLiteral("metadata.annotations"), VT::StringMap, QStringLiteral("Annotations"), kGeneral),
                FieldScope::Metadata);

    f << scoped(required(field(QStringLiteral("schedule.schedule"), VT::String, QStringLiteral("Schedule (cron)"), kSchedule,
                               QStringLiteral("0 2 * * *"),
                               QStringLiteral("Five fields (minute hour day-of-month month day-of-week) or @hourly, "
                                              "@daily, @every 1h30m ..."))),
                FieldScope::Schedule);
    f << scoped(field(QStringLiteral("schedule.timeZone"), VT::String, QStringLiteral("Time zone"), kSchedule,
                      QStringLiteral("the operator's local time"), QStringLiteral("IANA name, e.g. Europe/Berlin.")),
                FieldScope::Schedule);
    f << scoped(choice(QStringLiteral("schedule.concurrencyPolicy"), QStringLiteral("Concurrency"), kSchedule,
                       {QString(), QStringLiteral("Allow"), QStringLiteral("Forbid"), QStringLiteral("Replace")},
                       QStringLiteral("Allow"), QStringLiteral("What to do when the previous run is still going.")),
                FieldScope::Schedule);
    f << scoped(field(QStringLiteral("schedule.successfulRunHistoryLimit"), VT::Integer, QStringLiteral("Keep successful runs"),
                      kSchedule, QStringLiteral("1")),
                FieldScope::Schedule);
    f << scoped(field(QStringLiteral("schedule.failedRunHistoryLimit"), VT::Integer, QStringLiteral("Keep failed runs"), kSchedule,
                      QStringLiteral("1")),
                FieldScope::Schedule);
    f << scoped(field(QStringLiteral("schedule.suspend"), VT::Boolean, QStringLiteral("Suspend schedule"), kSchedule, {},
                      QStringLiteral("Stop starting new runs.")),
                FieldScope::Schedule);

    f << required(choice(QStringLiteral("spec.type"), QStringLiteral("Type"), kApplication,
                         {QStringLiteral("Scala"), QStringLiteral("Java"), QStringLiteral("Python"), QStringLiteral("R")}, {},
                         QStringLiteral("Language of the main application file.")));
    f << choice(QStringLiteral("spec.mode"), QStringLiteral("Mode"), kApplication,
                {QString(), QStringLiteral("cluster"), QStringLiteral("client")}, QStringLiteral("cluster"),
                QStringLiteral("cluster: the driver runs in a pod (the operator's default)."));
    f << required(field(QStringLiteral("spec.image"), VT::String, QStringLiteral("Image"), kApplication,
                        QStringLiteral("spark:3.5.3"), QStringLiteral("Container image for driver and executors.")));
    f << choice(QStringLiteral("spec.imagePullPolicy"), QStringLiteral("Image pull policy"), kApplication,
                {QString(), QStringLiteral("IfNotPresent"), QStringLiteral("Always"), QStringLiteral("Never")},
                QStringLiteral("IfNotPresent"), QStringLiteral("When the kubelet pulls the image."));
    f << field(QStringLiteral("spec.imagePullSecrets"), VT::StringList, QStringLiteral("Image pull secrets"), kApplication,
               QStringLiteral("one secret name per line"), QStringLiteral("Secrets with registry credentials."));
    f << field(QStringLiteral("spec.mainClass"), VT::String, QStringLiteral("Main class"), kApplication,
               QStringLiteral("org.apache.spark.examples.SparkPi"), QStringLiteral("Entry point for Scala and Java applications."));
    f << required(field(QStringLiteral("spec.mainApplicationFile"), VT::String, QStringLiteral("Main application file"),
                        kApplication, QStringLiteral("local:///opt/spark/examples/jars/spark-examples.jar"),
                        QStringLiteral("local:// for a file inside the image, or s3a://, https:// ...")));
    f << field(QStringLiteral("spec.arguments"), VT::StringList, QStringLiteral("Arguments"), kApplication,
               QStringLiteral("one argument per line"), QStringLiteral("Passed to the main class or script; always strings."));
    f << required(field(QStringLiteral("spec.sparkVersion"), VT::String, QStringLiteral("Spark version"), kApplication,
                        QStringLiteral("3.5.3"), QStringLiteral("The Spark version in the image.")));
    f << choice(QStringLiteral("spec.pythonVersion"), QStringLiteral("Python version"), kApplication,
                {QString(), QStringLiteral("3"), QStringLiteral("2")}, QStringLiteral("3"),
                QStringLiteral("Major Python version for Python applications (a string)."));
    f << field(QStringLiteral("spec.proxyUser"), VT::String, QStringLiteral("Proxy user"), kApplication, {},
               QStringLiteral("User to impersonate when submitting (spark-submit --proxy-user)."));
    f << field(QStringLiteral("spec.suspend"), VT::Boolean, QStringLiteral("Suspend"), kApplication, {},
               QStringLiteral("Stop the application and keep it suspended until resumed."));
    f << field(QStringLiteral("spec.memoryOverheadFactor"), VT::String, QStringLiteral("Memory overhead factor"), kApplication,
               QStringLiteral("0.1 (JVM) / 0.4 (Python)"), QStringLiteral("A decimal written as a string, e.g. \"0.2\"."));
    f << field(QStringLiteral("spec.nodeSelector"), VT::StringMap, QStringLiteral("Node selector"), kApplication, {},
               QStringLiteral("Node labels for driver and executors."));
    f << field(QStringLiteral("spec.timeToLiveSeconds"), VT::Integer, QStringLiteral("Time to live (s)"), kApplication, {},
               QStringLiteral("Delete the application this many seconds after it ends."));

    podFields(f, QStringLiteral("spec.driver"), kDriver, true);
    podFields(f, QStringLiteral("spec.executor"), kExecutor, false);

    for (const auto& [name, label] : QList<QPair<QString, QString>>{{QStringLiteral("jars"), QStringLiteral("Jars")},
                                                                    {QStringLiteral("files"), QStringLiteral("Files")},
                                                                    {QStringLiteral("pyFiles"), QStringLiteral("Python files")},
                                                                    {QStringLiteral("packages"), QStringLiteral("Packages")},
                                                                    {QStringLiteral("excludePackages"), QStringLiteral("Excluded packages")},
                                                                    {QStringLiteral("repositories"), QStringLiteral("Repositories")},
                                                                    {QStringLiteral("archives"), QStringLiteral("Archives")}})
        f << field(QStringLiteral("spec.deps.") + name, VT::StringList, label, kDependencies,
                   name.contains(QLatin1String("ackages")) ? QStringLiteral("group:artifact:version, one per line")
                                                           : QStringLiteral("one URI per line"));

    FieldSpec sparkConf = field(QStringLiteral("spec.sparkConf"), VT::StringMap, QStringLiteral("Spark conf"), kSparkConf, {},
                                QStringLiteral("spark-submit --conf key=value; values are strings."));
    sparkConf.suggestions = sparkConfKeys();
    f << sparkConf;
    f << field(QStringLiteral("spec.sparkConfigMap"), VT::String, QStringLiteral("Spark config map"), kSparkConf, {},
               QStringLiteral("ConfigMap with spark-defaults.conf and friends, mounted into the pods."));
    FieldSpec hadoopConf = field(QStringLiteral("spec.hadoopConf"), VT::StringMap, QStringLiteral("Hadoop conf"), kHadoopConf, {},
                                 QStringLiteral("Hadoop settings (spark.hadoop.*); keep credentials in Secrets."));
    hadoopConf.suggestions = hadoopConfKeys();
    f << hadoopConf;
    f << field(QStringLiteral("spec.hadoopConfigMap"), VT::String, QStringLiteral("Hadoop config map"), kHadoopConf, {},
               QStringLiteral("ConfigMap with core-site.xml and friends."));

    f << field(QStringLiteral("spec.volumes"), VT::Yaml, QStringLiteral("Volumes"), kVolumes, {},
               QStringLiteral("Pod volumes (emptyDir, configMap, secret, persistentVolumeClaim ...); mount them in Driver / "
                              "Executor volume mounts."));

    f << choice(QStringLiteral("spec.restartPolicy.type"), QStringLiteral("Type"), kRestart,
                {QString(), QStringLiteral("Never"), QStringLiteral("OnFailure"), QStringLiteral("Always")},
                QStringLiteral("Never"), QStringLiteral("Whether the operator reruns the application."));
    f << field(QStringLiteral("spec.restartPolicy.onSubmissionFailureRetries"), VT::Integer,
               QStringLiteral("Submission failure retries"), kRestart);
    f << field(QStringLiteral("spec.restartPolicy.onSubmissionFailureRetryInterval"), VT::Integer,
               QStringLiteral("Submission retry interval (s)"), kRestart);
    f << field(QStringLiteral("spec.restartPolicy.onFailureRetries"), VT::Integer, QStringLiteral("Failure retries"), kRestart);
    f << field(QStringLiteral("spec.restartPolicy.onFailureRetryInterval"), VT::Integer, QStringLiteral("Failure retry interval (s)"),
               kRestart);
    f << field(QStringLiteral("spec.failureRetries"), VT::Integer, QStringLiteral("Failure retries (legacy)"), kRestart, {},
               QStringLiteral("Older top-level form of the retries."));
    f << field(QStringLiteral("spec.retryInterval"), VT::Integer, QStringLiteral("Retry interval (legacy, s)"), kRestart);

    f << field(QStringLiteral("spec.dynamicAllocation.enabled"), VT::Boolean, QStringLiteral("Enabled"), kDynamic, {},
               QStringLiteral("Let Spark add and remove executors with the load."));
    f << field(QStringLiteral("spec.dynamicAllocation.initialExecutors"), VT::Integer, QStringLiteral("Initial executors"), kDynamic);
    f << field(QStringLiteral("spec.dynamicAllocation.minExecutors"), VT::Integer, QStringLiteral("Min executors"), kDynamic);
    f << field(QStringLiteral("spec.dynamicAllocation.maxExecutors"), VT::Integer, QStringLiteral("Max executors"), kDynamic);
    f << field(QStringLiteral("spec.dynamicAllocation.shuffleTrackingEnabled"), VT::Boolean, QStringLiteral("Shuffle tracking"),
               kDynamic, {}, QStringLiteral("Needed on Kubernetes unless an external shuffle service runs (default true)."));
    f << field(QStringLiteral("spec.dynamicAllocation.shuffleTrackingTimeout"), VT::Integer,
               QStringLiteral("Shuffle tracking timeout (ms)"), kDynamic);

    f << field(QStringLiteral("spec.monitoring.exposeDriverMetrics"), VT::Boolean, QStringLiteral("Expose driver metrics"), kMonitoring);
    f << field(QStringLiteral("spec.monitoring.exposeExecutorMetrics"), VT::Boolean, QStringLiteral("Expose executor metrics"),
               kMonitoring);
    f << field(QStringLiteral("spec.monitoring.metricsPropertiesFile"), VT::String, QStringLiteral("Metrics properties file"),
               kMonitoring);
    f << field(QStringLiteral("spec.monitoring.metricsProperties"), VT::Text, QStringLiteral("Metrics properties"), kMonitoring, {},
               QStringLiteral("Content of metrics.properties."));
    f << field(QStringLiteral("spec.monitoring.prometheus.jmxExporterJar"), VT::String, QStringLiteral("JMX exporter jar"),
               kMonitoring, QStringLiteral("/prometheus/jmx_prometheus_javaagent.jar"));
    f << field(QStringLiteral("spec.monitoring.prometheus.port"), VT::Integer, QStringLiteral("Prometheus port"), kMonitoring,
               QStringLiteral("8090"));
    f << field(QStringLiteral("spec.monitoring.prometheus.portName"), VT::String, QStringLiteral("Prometheus port name"),
               kMonitoring, QStringLiteral("jmx-exporter"));
    f << field(QStringLiteral("spec.monitoring.prometheus.configFile"), VT::String, QStringLiteral("Prometheus config file"),
               kMonitoring);
    f << field(QStringLiteral("spec.monitoring.prometheus.configuration"), VT::Text, QStringLiteral("Prometheus configuration"),
               kMonitoring);

    f << field(QStringLiteral("spec.sparkUIOptions.servicePort"), VT::Integer, QStringLiteral("Service port"), kUi,
               QStringLiteral("4040"));
    f << field(QStringLiteral("spec.sparkUIOptions.servicePortName"), VT::String, QStringLiteral("Service port name"), kUi,
               QStringLiteral("spark-driver-ui-port"));
    f << choice(QStringLiteral("spec.sparkUIOptions.serviceType"), QStringLiteral("Service type"), kUi,
                {QString(), QStringLiteral("ClusterIP"), QStringLiteral("NodePort"), QStringLiteral("LoadBalancer")},
                QStringLiteral("ClusterIP"), {});
    f << field(QStringLiteral("spec.sparkUIOptions.serviceLabels"), VT::StringMap, QStringLiteral("Service labels"), kUi);
    f << field(QStringLiteral("spec.sparkUIOptions.serviceAnnotations"), VT::StringMap, QStringLiteral("Service annotations"), kUi);
    f << field(QStringLiteral("spec.sparkUIOptions.ingressAnnotations"), VT::StringMap, QStringLiteral("Ingress annotations"), kUi);
    f << field(QStringLiteral("spec.sparkUIOptions.ingressTLS"), VT::Yaml, QStringLiteral("Ingress TLS"), kUi);
    f << field(QStringLiteral("spec.driverIngressOptions"), VT::Yaml, QStringLiteral("Driver ingresses"), kUi, {},
               QStringLiteral("Extra ingresses to driver ports (servicePort, ingressURLFormat, ...)."));

    f << choice(QStringLiteral("spec.batchScheduler"), QStringLiteral("Batch scheduler"), kBatch,
                {QString(), QStringLiteral("volcano"), QStringLiteral("yunikorn"), QStringLiteral("kube-scheduler")},
                QStringLiteral("none"), QStringLiteral("Gang scheduler to use; it must be enabled in the operator."));
    f << field(QStringLiteral("spec.batchSchedulerOptions.queue"), VT::String, QStringLiteral("Queue"), kBatch);
    f << field(QStringLiteral("spec.batchSchedulerOptions.priorityClassName"), VT::String, QStringLiteral("Priority class"), kBatch);
    f << field(QStringLiteral("spec.batchSchedulerOptions.resources"), VT::StringMap, QStringLiteral("Resources"), kBatch, {},
               QStringLiteral("Resource quantities reserved for the whole application, e.g. cpu: \"4\"."));
    return f;
}

} // namespace

const QList<FieldSpec>& sparkApplicationFields()
{
    static const QList<FieldSpec> fields = buildFields();
    return fields;
}

QStringList fieldSections()
{
    QStringList sections;
    for (const FieldSpec& f : sparkApplicationFields())
        if (!sections.contains(f.section))
            sections << f.section;
    return sections;
}

bool isScheduled(const YamlDocument& doc)
{
    return doc.text(QStringLiteral("kind")) == QLatin1String("ScheduledSparkApplication");
}

QString documentPath(const FieldSpec& field, bool scheduled)
{
    if (field.scope == FieldScope::Schedule)
        return QStringLiteral("spec.") + field.path.mid(9); // "schedule.X" → "spec.X"
    if (scheduled && field.scope == FieldScope::App)
        return QStringLiteral("spec.template.") + field.path.mid(5);
    return field.path;
}

QString appFieldPath(const QString& specPath, bool scheduled)
{
    return scheduled ? QStringLiteral("spec.template.") + specPath.mid(5) : specPath;
}

QStringList formPaths(bool scheduled)
{
    QStringList paths{QStringLiteral("apiVersion"), QStringLiteral("kind")};
    for (const FieldSpec& f : sparkApplicationFields())
        if (scheduled || f.scope != FieldScope::Schedule)
            paths << documentPath(f, scheduled);
    return paths;
}

const FieldSpec* fieldForApiPath(const QString& apiPath, bool scheduled)
{
    static const QRegularExpression index(QStringLiteral(R"(\[[^\]]*\])"));
    QString path = apiPath;
    path.remove(index);
    const FieldSpec* best = nullptr;
    int bestLength = -1;
    for (const FieldSpec& f : sparkApplicationFields()) {
        if (!scheduled && f.scope == FieldScope::Schedule)
            continue;
        const QString p = documentPath(f, scheduled);
        if ((path == p || path.startsWith(p + QLatin1Char('.'))) && p.size() > bestLength) {
            best = &f;
            bestLength = int(p.size());
        }
    }
    return best;
}

QList<SizingPreset> sizingPresets()
{
    auto values = [](int driverCores, const char* driverMemory, int minExecutors, int maxExecutors, int executorCores,
                     const char* executorMemory) {
        return QList<QPair<QString, QVariant>>{
            {QStringLiteral("spec.driver.cores"), driverCores},
            {QStringLiteral("spec.driver.memory"), QString::fromLatin1(driverMemory)},
            {QStringLiteral("spec.executor.instances"), minExecutors},
            {QStringLiteral("spec.executor.cores"), executorCores},
            {QStringLiteral("spec.executor.memory"), QString::fromLatin1(executorMemory)},
            {QStringLiteral("spec.dynamicAllocation.enabled"), true},
            {QStringLiteral("spec.dynamicAllocation.initialExecutors"), minExecutors},
            {QStringLiteral("spec.dynamicAllocation.minExecutors"), minExecutors},
            {QStringLiteral("spec.dynamicAllocation.maxExecutors"), maxExecutors},
        };
    };
    return {
        {QStringLiteral("small"), QStringLiteral("Small: driver 1 core 512m; 1–2 executors, 1 core 512m"),
         values(1, "512m", 1, 2, 1, "512m")},
        {QStringLiteral("medium"), QStringLiteral("Medium: driver 1 core 1g; 2–5 executors, 2 cores 2g"),
         values(1, "1g", 2, 5, 2, "2g")},
        {QStringLiteral("large"), QStringLiteral("Large: driver 2 cores 2g; 5–20 executors, 4 cores 8g"),
         values(2, "2g", 5, 20, 4, "8g")},
    };
}

void applySizing(YamlDocument& doc, const SizingPreset& preset)
{
    const bool scheduled = isScheduled(doc);
    for (const auto& [path, value] : preset.values) {
        const QString target = appFieldPath(path, scheduled);
        if (value.typeId() == QMetaType::Bool)
            doc.setValue(target, ValueType::Boolean, value);
        else if (value.typeId() == QMetaType::Int)
            doc.setValue(target, ValueType::Integer, value);
        else
            doc.setValue(target, ValueType::String, value);
    }
}

QList<Preset> presets()
{
    QList<Preset> list;
    const QDir dir(QStringLiteral(":/manifests/presets"));
    for (const QFileInfo& info : dir.entryInfoList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name)) {
        QFile f(info.filePath());
        if (!f.open(QIODevice::ReadOnly))
            continue;
        Preset p;
        // "10-spark-pi.yaml": the number orders the list, the rest is the id.
        p.id = info.completeBaseName().section(QLatin1Char('-'), 1);
        p.yaml = QString::fromUtf8(f.readAll());
        // The first line of a preset is "# <title>".
        const QString first = p.yaml.section(QLatin1Char('\n'), 0, 0);
        p.title = first.startsWith(QLatin1String("# ")) ? first.mid(2).trimmed() : p.id;
        list << p;
    }
    return list;
}

QList<FieldProblem> validate(const YamlDocument& doc)
{
    QList<FieldProblem> problems;

    const bool scheduled = isScheduled(doc);
    // A scheduled application's runs are SparkApplications named <name>-<UnixNano>, and the
    // operator's webhook wants those to be DNS-1035 labels too (63 characters).
    constexpr int kScheduledNameMax = 63 - 20;
    auto at = [&](const QString& appPath) { return appFieldPath(appPath, scheduled); };
    auto add = [&](const QString& path, const QString& message, bool warning = false) {
        problems << FieldProblem{path, message, warning};
    };

    const QString name = doc.text(QStringLiteral("metadata.name"));
    if (name.isEmpty())
        add(QStringLiteral("metadata.name"), QStringLiteral("A name is required."));
    else if (!isDns1035Label(name))
        add(QStringLiteral("metadata.name"), QStringLiteral("Use lower-case letters, digits and '-', starting with a letter and "
                                                            "ending with a letter or digit, at most 63 characters."));
    else if (scheduled && name.size() > kScheduledNameMax)
        add(QStringLiteral("metadata.name"),
            QStringLiteral("The operator names each run \"<name>-<19-digit time stamp>\", and that must fit 63 characters: "
                           "use at most %1 characters.").arg(kScheduledNameMax));
    const QString ns = doc.text(QStringLiteral("metadata.namespace"));
    if (!ns.isEmpty() && !isDns1123Label(ns))
        add(QStringLiteral("metadata.namespace"), QStringLiteral("Not a valid namespace name (lower-case letters, digits and '-')."));

    for (const FieldSpec& f : sparkApplicationFields()) {
        if (!f.required || f.scope == FieldScope::Metadata || (f.scope == FieldScope::Schedule && !scheduled))
            continue;
        if (!doc.contains(documentPath(f, scheduled)))
            add(f.path, QStringLiteral("%1 is required.").arg(f.label));
    }

    const QString img = doc.text(at(QStringLiteral("spec.image")));
    if (!img.isEmpty() && !isImageReference(img))
        add(QStringLiteral("spec.image"), QStringLiteral("\"%1\" is not an image reference such as spark:3.5.3 or "
                                                         "registry.example.com/team/app:1.0.").arg(img));
    for (const QString& pod : {QStringLiteral("driver"), QStringLiteral("executor")}) {
        const QString base = QStringLiteral("spec.") + pod + QLatin1Char('.');
        const QString podImage = doc.text(at(base + QStringLiteral("image")));
        if (!podImage.isEmpty() && !isImageReference(podImage))
            add(base + QStringLiteral("image"), QStringLiteral("\"%1\" is not an image reference.").arg(podImage));
        for (const QString& field : {QStringLiteral("memory"), QStringLiteral("memoryOverhead")}) {
            // spark.<pod>.memory and .memoryOverhead: Spark byte sizes (read in MiB), not Kubernetes quantities.
            const QString m = doc.text(at(base + field));
            if (m.isEmpty())
                continue;
            const SparkByteSize size = parseSparkByteSize(m);
            if (!size.value) {
                add(base + field, size.error);
            } else if (pod == QLatin1String("driver") && field == QLatin1String("memory")) {
                // In the driver pod Spark's launcher starts the JVM with "-Xmx" + this text (trimmed),
                // and the JVM reads a bare number as bytes and knows no 'b' suffix and no 'p'.
                static const QRegularExpression jvmHeap(
                    QRegularExpression::anchoredPattern(QStringLiteral("[\\x00-\\x20]*[0-9]+[kKmMgGtT][\\x00-\\x20]*")));
                if (!jvmHeap.match(m).hasMatch())
                    add(base + field, QStringLiteral("\"%1\" is a size Spark reads, but the driver's JVM is started with -Xmx%2, "
                                                     "which Java does not accept as meant; write %3m.")
                                          .arg(m, m.trimmed(), QString::number(*size.value)));
            }
        }
        for (const QString& field : {QStringLiteral("coreLimit"), QStringLiteral("coreRequest"), QStringLiteral("memoryLimit")}) {
            const QString q = doc.text(at(base + field));
            if (q.isEmpty())
                continue;
            bool negative = false;
            if (!isKubernetesQuantity(q, &negative))
                add(base + field, QStringLiteral("\"%1\" is not a Kubernetes quantity; write e.g. 500m, 1.5 or 2Gi.").arg(q));
            else if (negative)
                add(base + field, QStringLiteral("\"%1\" is negative; a pod's requests and limits are zero or more.").arg(q));
        }
        const QString cores = at(base + QStringLiteral("cores"));
        if (doc.contains(cores)) {
            const QVariant v = doc.value(cores, ValueType::Integer);
            if (!v.isValid() || v.toLongLong() < 1)
                add(base + QStringLiteral("cores"), QStringLiteral("Cores must be a whole number of at least 1 (use Core "
                                                                   "request for fractions such as 500m)."));
        }
        const bool gpuName = doc.contains(at(base + QStringLiteral("gpu.name")));
        const bool gpuQuantity = doc.contains(at(base + QStringLiteral("gpu.quantity")));
        if (gpuName != gpuQuantity)
            add(base + (gpuName ? QStringLiteral("gpu.quantity") : QStringLiteral("gpu.name")),
                QStringLiteral("A GPU needs both a resource name and a quantity."));
    }
    const QString instances = at(QStringLiteral("spec.executor.instances"));
    if (doc.contains(instances)) {
        const QVariant v = doc.value(instances, ValueType::Integer);
        if (!v.isValid() || v.toLongLong() < 1)
            add(QStringLiteral("spec.executor.instances"), QStringLiteral("Instances must be a whole number, at least 1."));
    }

    // Restart policy: retries only count with OnFailure or Always.
    const QString restartType = doc.text(at(QStringLiteral("spec.restartPolicy.type")));
    if (restartType.isEmpty() || restartType == QLatin1String("Never")) {
        for (const QString& f : {QStringLiteral("spec.restartPolicy.onFailureRetries"),
                                 QStringLiteral("spec.restartPolicy.onSubmissionFailureRetries"),
                                 QStringLiteral("spec.restartPolicy.onFailureRetryInterval"),
                                 QStringLiteral("spec.restartPolicy.onSubmissionFailureRetryInterval")})
            if (doc.contains(at(f)))
                add(f, QStringLiteral("Ignored while the restart policy is Never; choose OnFailure or Always."), true);
    }
    if (restartType == QLatin1String("OnFailure") || restartType == QLatin1String("Always")) {
        if (doc.contains(at(QStringLiteral("spec.restartPolicy.onFailureRetries")))
            && !doc.contains(at(QStringLiteral("spec.restartPolicy.onFailureRetryInterval"))))
            add(QStringLiteral("spec.restartPolicy.onFailureRetryInterval"),
                QStringLiteral("Set an interval with the failure retries, or the operator retries at once."), true);
    }

    // Dynamic allocation bounds.
    auto integer = [&](const QString& appPath) {
        const QVariant v = doc.value(at(appPath), ValueType::Integer);
        return v.isValid() ? std::optional<qint64>(v.toLongLong()) : std::nullopt;
    };
    const auto minE = integer(QStringLiteral("spec.dynamicAllocation.minExecutors"));
    const auto maxE = integer(QStringLiteral("spec.dynamicAllocation.maxExecutors"));
    const auto initialE = integer(QStringLiteral("spec.dynamicAllocation.initialExecutors"));
    if (minE && maxE && *minE > *maxE)
        add(QStringLiteral("spec.dynamicAllocation.maxExecutors"),
            QStringLiteral("Max executors (%1) is below min executors (%2).").arg(*maxE).arg(*minE));
    if (initialE && minE && *initialE < *minE)
        add(QStringLiteral("spec.dynamicAllocation.initialExecutors"),
            QStringLiteral("Initial executors (%1) is below min executors (%2).").arg(*initialE).arg(*minE));
    if (initialE && maxE && *initialE > *maxE)
        add(QStringLiteral("spec.dynamicAllocation.initialExecutors"),
            QStringLiteral("Initial executors (%1) is above max executors (%2).").arg(*initialE).arg(*maxE));
    if (maxE && *maxE < 1)
        add(QStringLiteral("spec.dynamicAllocation.maxExecutors"), QStringLiteral("Max executors must be at least 1."));
    if (doc.value(at(QStringLiteral("spec.dynamicAllocation.enabled")), ValueType::Boolean).toBool()
        && doc.value(at(QStringLiteral("spec.dynamicAllocation.shuffleTrackingEnabled")), ValueType::Boolean) == QVariant(false))
        add(QStringLiteral("spec.dynamicAllocation.shuffleTrackingEnabled"),
            QStringLiteral("Without shuffle tracking, dynamic allocation on Kubernetes needs an external shuffle service."),
            true);

    if (scheduled) {
        const QString schedule = doc.text(QStringLiteral("spec.schedule"));
        QString why;
        if (!schedule.isEmpty() && !parseCron(schedule, &why))
            add(QStringLiteral("schedule.schedule"), why);
        const QString zone = doc.text(QStringLiteral("spec.timeZone"));
        if (!zone.isEmpty() && !QTimeZone(zone.toUtf8()).isValid())
            add(QStringLiteral("schedule.timeZone"), QStringLiteral("\"%1\" is not a time zone this system knows; use an IANA name such "
                                                                "as Europe/Berlin or UTC.").arg(zone));
    }
    for (const InlineSecret& secret : findInlineSecrets(doc))
        add(secret.path.startsWith(QLatin1String("spec.template.")) ? QStringLiteral("spec.") + secret.path.mid(14) : secret.path,
            QStringLiteral("%1 looks like a credential typed inline; anyone who can read the application sees it. Move "
                           "it into a Kubernetes Secret.").arg(secret.key),
            true);
    return problems;
}

namespace {
bool namesASecret(const QString& key)
{
    static const QRegularExpression re(
        QStringLiteral(R"((secret|passw(or)?d|token|credential|access[._-]?key|private[._-]?key|api[._-]?key))"),
        QRegularExpression::CaseInsensitiveOption);
    return re.match(key).hasMatch() && !key.contains(QLatin1String("provider"), Qt::CaseInsensitive)
        && !key.endsWith(QLatin1String(".file"), Qt::CaseInsensitive) && !key.contains(QLatin1String("keyfile"), Qt::CaseInsensitive);
}

bool isReference(const QString& value)
{
    return value.contains(QLatin1String("${env:")) || value.contains(QLatin1String("${env."));
}

// The environment variable that carries `key` in the pods.
QString envNameFor(const QString& key)
{
    if (key == QLatin1String("fs.s3a.access.key") || key == QLatin1String("spark.hadoop.fs.s3a.access.key"))
        return QStringLiteral("AWS_ACCESS_KEY_ID");
    if (key == QLatin1String("fs.s3a.secret.key") || key == QLatin1String("spark.hadoop.fs.s3a.secret.key"))
        return QStringLiteral("AWS_SECRET_ACCESS_KEY");
    if (key == QLatin1String("fs.s3a.session.token") || key == QLatin1String("spark.hadoop.fs.s3a.session.token"))
        return QStringLiteral("AWS_SESSION_TOKEN");
    QString name = key.toUpper();
    static const QRegularExpression nonWord(QStringLiteral("[^A-Z0-9]+"));
    name.replace(nonWord, QStringLiteral("_"));
    return QStringLiteral("SPARKDECK_") + name;
}

// "AWS_SECRET_ACCESS_KEY" → "aws-secret-access-key": a Secret key name.
QString secretKeyFor(const QString& envName)
{
    return envName.toLower().replace(QLatin1Char('_'), QLatin1Char('-'));
}
} // namespace

QList<InlineSecret> findInlineSecrets(const YamlDocument& doc)
{
    QList<InlineSecret> found;
    const QString spec = isScheduled(doc) ? QStringLiteral("spec.template") : QStringLiteral("spec");
    for (const QString& map : {QStringLiteral("sparkConf"), QStringLiteral("hadoopConf")}) {
        const QString path = spec + QLatin1Char('.') + map;
        for (const auto& [key, value] : doc.value(path, ValueType::StringMap).value<StringPairs>())
            if (namesASecret(key) && !value.isEmpty() && !isReference(value))
                found << InlineSecret{path, key, value};
    }
    for (const QString& pod : {QStringLiteral("driver"), QStringLiteral("executor")}) {
        const QString path = spec + QLatin1Char('.') + pod + QStringLiteral(".env");
        for (const QJsonValue& v : doc.json(path).toArray()) {
            const QJsonObject e = v.toObject();
            const QString name = e.value(QLatin1String("name")).toString();
            const QString value = e.value(QLatin1String("value")).toString();
            if (namesASecret(name) && !value.isEmpty())
                found << InlineSecret{path, name, value};
        }
    }
    return found;
}

void moveSecretsToSecret(YamlDocument& doc, const QList<InlineSecret>& secrets, const QString& secretName,
                         QMap<QString, QString>* secretData)
{
    const QString spec = isScheduled(doc) ? QStringLiteral("spec.template") : QStringLiteral("spec");
    QMap<QString, QJsonArray> envs; // "driver" / "executor" → env list, edited as JSON
    for (const QString& pod : {QStringLiteral("driver"), QStringLiteral("executor")})
        envs[pod] = doc.json(spec + QLatin1Char('.') + pod + QStringLiteral(".env")).toArray();
    auto secretRef = [&](const QString& envName, const QString& key) {
        return QJsonObject{{QStringLiteral("name"), envName},
                           {QStringLiteral("valueFrom"),
                            QJsonObject{{QStringLiteral("secretKeyRef"),
                                         QJsonObject{{QStringLiteral("name"), secretName}, {QStringLiteral("key"), key}}}}}};
    };
    auto setEnv = [&](const QString& pod, const QJsonObject& entry) {
        QJsonArray& list = envs[pod];
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (list.at(i).toObject().value(QLatin1String("name")) == entry.value(QLatin1String("name"))) {
                list.replace(i, entry);
                return;
            }
        }
        list.append(entry);
    };
    for (const InlineSecret& s : secrets) {
        if (s.path.endsWith(QLatin1String(".env"))) {
            const QString key = secretKeyFor(s.key);
            secretData->insert(key, s.value);
            setEnv(s.path.section(QLatin1Char('.'), -2, -2), secretRef(s.key, key));
            continue;
        }
        const QString envName = envNameFor(s.key);
        const QString key = secretKeyFor(envName);
        secretData->insert(key, s.value);
        for (const QString& pod : {QStringLiteral("driver"), QStringLiteral("executor")})
            setEnv(pod, secretRef(envName, key));
        if (envName.startsWith(QLatin1String("AWS_")))
            doc.removeEntry(s.path, s.key); // S3A's default credential chain reads AWS_* from the environment
        else if (s.path.endsWith(QLatin1String(".sparkConf")))
            doc.setEntry(s.path, s.key, QStringLiteral("${env:%1}").arg(envName)); // Spark's substitution
        else
            doc.setEntry(s.path, s.key, QStringLiteral("${env.%1}").arg(envName)); // Hadoop's substitution
    }
    for (auto it = envs.cbegin(); it != envs.cend(); ++it) {
        if (!it.value().isEmpty())
            doc.setYaml(spec + QLatin1Char('.') + it.key() + QStringLiteral(".env"),
                        QString::fromUtf8(QJsonDocument(it.value()).toJson(QJsonDocument::Compact)), nullptr);
    }
}

ApplicationSummary ApplicationSummary::from(const QJsonObject& object)
{
    ApplicationSummary s;
    const QJsonObject meta = object.value(QLatin1String("metadata")).toObject();
    const QJsonObject spec = object.value(QLatin1String("spec")).toObject();
    const QJsonObject status = object.value(QLatin1String("status")).toObject();
    s.name = meta.value(QLatin1String("name")).toString();
    s.ns = meta.value(QLatin1String("namespace")).toString();
    s.created = QDateTime::fromString(meta.value(QLatin1String("creationTimestamp")).toString(), Qt::ISODate);
    s.type = spec.value(QLatin1String("type")).toString();
    s.suspend = spec.value(QLatin1String("suspend")).toBool();
    const QJsonObject appState = status.value(QLatin1String("applicationState")).toObject();
    s.state = appState.value(QLatin1String("state")).toString();
    s.errorMessage = appState.value(QLatin1String("errorMessage")).toString();
    s.driverPod = status.value(QLatin1String("driverInfo")).toObject().value(QLatin1String("podName")).toString();
    if (s.driverPod.isEmpty())
        s.driverPod = spec.value(QLatin1String("driver")).toObject().value(QLatin1String("podName")).toString();
    if (s.driverPod.isEmpty())
        s.driverPod = s.name + QStringLiteral("-driver");
    s.sparkApplicationId = status.value(QLatin1String("sparkApplicationId")).toString();
    s.submissionAttempts = status.value(QLatin1String("submissionAttempts")).toInt();
    s.executionAttempts = status.value(QLatin1String("executionAttempts")).toInt();
    const QJsonObject executors = status.value(QLatin1String("executorState")).toObject();
    s.executorsTotal = int(executors.size());
    for (auto it = executors.begin(); it != executors.end(); ++it)
        if (it.value().toString() == QLatin1String("RUNNING"))
            ++s.executorsRunning;
    s.started = QDateTime::fromString(status.value(QLatin1String("lastSubmissionAttemptTime")).toString(), Qt::ISODate);
    s.finished = QDateTime::fromString(status.value(QLatin1String("terminationTime")).toString(), Qt::ISODate);
    return s;
}

QString cloneName(const QString& name)
{
    static const QRegularExpression suffix(QStringLiteral("-(\\d+)$"));
    const auto m = suffix.match(name);
    if (m.hasMatch())
        return name.left(m.capturedStart()) + QLatin1Char('-') + QString::number(m.captured(1).toInt() + 1);
    return name + QStringLiteral("-2");
}

QString humanDuration(qint64 ms)
{
    if (ms < 0)
        ms = 0;
    const qint64 s = ms / 1000;
    if (s < 60)
        return QStringLiteral("%1s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1m %2s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    if (s < 86400)
        return QStringLiteral("%1h %2m").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1d %2h").arg(s / 86400).arg((s % 86400) / 3600, 2, 10, QLatin1Char('0'));
}

QString attemptsText(int submissions, int executions)
{
    auto count = [](int n, const char* one, const char* many) {
        return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
    };
    return count(submissions, "submission", "submissions") + QStringLiteral(", ") + count(executions, "execution", "executions");
}

} // namespace model
