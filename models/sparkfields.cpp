// SparkApplication facts, the field table of the job form: every editable field with its path,
// type, label, section and scope, and the mapping between form paths and document paths.
#include "models/sparkapplication.h"

#include <QHash>

namespace model {

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

} // namespace model
