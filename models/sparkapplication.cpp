#include "sparkapplication.h"

#include <QDir>
#include <QFile>
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
    if (state == QLatin1String("COMPLETED"))
        return QColor(0x2e, 0x9e, 0x4f);
    if (state == QLatin1String("RUNNING"))
        return QColor(0x1f, 0x7a, 0xe0);
    if (state == QLatin1String("SUBMITTED"))
        return QColor(0x6a, 0x5a, 0xcd);
    if (state == QLatin1String("SUCCEEDING"))
        return QColor(0x4c, 0xb8, 0x8a);
    if (state == QLatin1String("FAILED") || state == QLatin1String("SUBMISSION_FAILED"))
        return QColor(0xd9, 0x3b, 0x3b);
    if (state == QLatin1String("FAILING"))
        return QColor(0xe8, 0x6a, 0x4a);
    if (state == QLatin1String("PENDING_RERUN") || state == QLatin1String("INVALIDATING"))
        return QColor(0xd9, 0x8e, 0x04);
    if (state == QLatin1String("SUSPENDING") || state == QLatin1String("SUSPENDED") || state == QLatin1String("RESUMING"))
        return QColor(0x8a, 0x8f, 0x98);
    if (state == QLatin1String("UNKNOWN"))
        return QColor(0xa0, 0x6c, 0xd5);
    return QColor(0x9a, 0xa0, 0xa6); // new
}

QString stateLabel(const QString& state)
{
    return state.isEmpty() ? QStringLiteral("NEW") : state;
}

} // namespace spark

const QList<FieldSpec>& sparkApplicationFields()
{
    static const QList<FieldSpec> fields = [] {
        const QString general = QStringLiteral("General");
        const QString app = QStringLiteral("Application");
        const QString driver = QStringLiteral("Driver");
        const QString executor = QStringLiteral("Executor");
        const QString restart = QStringLiteral("Restart policy");
        const QStringList pullPolicies{QString(), QStringLiteral("IfNotPresent"), QStringLiteral("Always"),
                                       QStringLiteral("Never")};
        QList<FieldSpec> f;
        f << FieldSpec{QStringLiteral("metadata.name"), ValueType::String, QStringLiteral("Name"), general, {},
                       QStringLiteral("spark-pi"),
                       QStringLiteral("Lower-case letters, digits and '-', at most 63 characters."), true};
        f << FieldSpec{QStringLiteral("metadata.namespace"), ValueType::String, QStringLiteral("Namespace"), general, {},
                       QStringLiteral("the selected namespace"),
                       QStringLiteral("Must be one of the namespaces the operator watches (spark.jobNamespaces).")};
        f << FieldSpec{QStringLiteral("spec.type"), ValueType::String, QStringLiteral("Type"), app,
                       {QStringLiteral("Scala"), QStringLiteral("Java"), QStringLiteral("Python"), QStringLiteral("R")},
                       {}, QStringLiteral("Language of the main application file."), true};
        f << FieldSpec{QStringLiteral("spec.mode"), ValueType::String, QStringLiteral("Mode"), app,
                       {QString(), QStringLiteral("cluster"), QStringLiteral("client")}, QStringLiteral("cluster"),
                       QStringLiteral("cluster: the driver runs in a pod (the operator's default).")};
        f << FieldSpec{QStringLiteral("spec.image"), ValueType::String, QStringLiteral("Image"), app, {},
                       QStringLiteral("spark:3.5.3"), QStringLiteral("Container image for driver and executors."), true};
        f << FieldSpec{QStringLiteral("spec.imagePullPolicy"), ValueType::String, QStringLiteral("Image pull policy"), app,
                       pullPolicies, QStringLiteral("IfNotPresent"), QStringLiteral("When the kubelet pulls the image.")};
        f << FieldSpec{QStringLiteral("spec.mainClass"), ValueType::String, QStringLiteral("Main class"), app, {},
                       QStringLiteral("org.apache.spark.examples.SparkPi"),
                       QStringLiteral("Entry point for Scala and Java applications.")};
        f << FieldSpec{QStringLiteral("spec.mainApplicationFile"), ValueType::String, QStringLiteral("Main application file"),
                       app, {}, QStringLiteral("local:///opt/spark/examples/jars/spark-examples.jar"),
                       QStringLiteral("local:// for a file inside the image, or s3a://, https:// ..."), true};
        f << FieldSpec{QStringLiteral("spec.arguments"), ValueType::StringList, QStringLiteral("Arguments"), app, {},
                       QStringLiteral("one argument per line"),
                       QStringLiteral("Passed to the main class or script; always strings.")};
        f << FieldSpec{QStringLiteral("spec.sparkVersion"), ValueType::String, QStringLiteral("Spark version"), app, {},
                       QStringLiteral("3.5.3"), QStringLiteral("The Spark version in the image."), true};
        f << FieldSpec{QStringLiteral("spec.driver.cores"), ValueType::Integer, QStringLiteral("Cores"), driver, {},
                       QStringLiteral("1"), QStringLiteral("CPU cores for the driver (spark.driver.cores)."), false, 1, 64};
        f << FieldSpec{QStringLiteral("spec.driver.memory"), ValueType::String, QStringLiteral("Memory"), driver, {},
                       QStringLiteral("1g"), QStringLiteral("Driver heap, e.g. 512m or 2g (spark.driver.memory).")};
        f << FieldSpec{QStringLiteral("spec.driver.serviceAccount"), ValueType::String, QStringLiteral("Service account"),
                       driver, {}, QStringLiteral("spark-operator-spark"),
                       QStringLiteral("Must exist in the namespace and may create pods (the Helm chart creates "
                                      "spark-operator-spark).")};
        f << FieldSpec{QStringLiteral("spec.executor.instances"), ValueType::Integer, QStringLiteral("Instances"), executor,
                       {}, QStringLiteral("1"), QStringLiteral("Number of executor pods."), false, 0, 1000};
        f << FieldSpec{QStringLiteral("spec.executor.cores"), ValueType::Integer, QStringLiteral("Cores"), executor, {},
                       QStringLiteral("1"), QStringLiteral("CPU cores per executor."), false, 1, 64};
        f << FieldSpec{QStringLiteral("spec.executor.memory"), ValueType::String, QStringLiteral("Memory"), executor, {},
                       QStringLiteral("1g"), QStringLiteral("Heap per executor, e.g. 512m or 4g.")};
        f << FieldSpec{QStringLiteral("spec.restartPolicy.type"), ValueType::String, QStringLiteral("Restart policy"),
                       restart,
                       {QString(), QStringLiteral("Never"), QStringLiteral("OnFailure"), QStringLiteral("Always")},
                       QStringLiteral("Never"), QStringLiteral("Whether the operator reruns the application.")};
        return f;
    }();
    return fields;
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
    static const QRegularExpression dnsLabel(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
    static const QRegularExpression memory(QStringLiteral(R"(^[0-9]+(\.[0-9]+)?([kmgtpKMGTP]|[KMGTPE]i|[kmgtp]b|[KMGTP]B)?$)"));

    const QString name = doc.text(QStringLiteral("metadata.name"));
    if (name.isEmpty())
        problems << FieldProblem{QStringLiteral("metadata.name"), QStringLiteral("A name is required.")};
    else if (name.size() > 63 || !dnsLabel.match(name).hasMatch())
        problems << FieldProblem{QStringLiteral("metadata.name"),
                                 QStringLiteral("Use lower-case letters, digits and '-', starting and ending with a "
                                                "letter or digit, at most 63 characters.")};
    const QString ns = doc.text(QStringLiteral("metadata.namespace"));
    if (!ns.isEmpty() && (ns.size() > 63 || !dnsLabel.match(ns).hasMatch()))
        problems << FieldProblem{QStringLiteral("metadata.namespace"),
                                 QStringLiteral("Not a valid namespace name (lower-case letters, digits and '-').")};

    for (const FieldSpec& f : sparkApplicationFields()) {
        if (f.required && f.path != QLatin1String("metadata.name") && !doc.contains(f.path))
            problems << FieldProblem{f.path, QStringLiteral("%1 is required.").arg(f.label)};
    }
    for (const QString& path : {QStringLiteral("spec.driver.memory"), QStringLiteral("spec.executor.memory")}) {
        const QString m = doc.text(path);
        if (!m.isEmpty() && !memory.match(m).hasMatch())
            problems << FieldProblem{path, QStringLiteral("\"%1\" is not a memory size; write e.g. 512m, 1g or 2Gi.").arg(m)};
    }
    for (const QString& path : {QStringLiteral("spec.driver.cores"), QStringLiteral("spec.executor.cores")}) {
        if (doc.contains(path)) {
            const QVariant v = doc.value(path, ValueType::Integer);
            if (!v.isValid() || v.toLongLong() < 1)
                problems << FieldProblem{path, QStringLiteral("Cores must be a whole number of at least 1.")};
        }
    }
    if (doc.contains(QStringLiteral("spec.executor.instances"))) {
        const QVariant v = doc.value(QStringLiteral("spec.executor.instances"), ValueType::Integer);
        if (!v.isValid() || v.toLongLong() < 0)
            problems << FieldProblem{QStringLiteral("spec.executor.instances"),
                                     QStringLiteral("Instances must be a whole number, 0 or more.")};
    }
    return problems;
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

} // namespace model
