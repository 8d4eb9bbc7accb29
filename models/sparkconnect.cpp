#include "models/sparkconnect.h"

#include "models/kubevalidation.h"
#include "models/sparksize.h"
#include "models/tablecells.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>

namespace model {

using namespace cells;

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("model::SparkConnect", text);
}

int integer(const QJsonObject& o, const char* key, int fallback)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? v.toInt() : fallback;
}

} // namespace

SparkConnectSummary summarizeSparkConnect(const QJsonObject& object)
{
    SparkConnectSummary s;
    const QJsonObject meta = sub(object, "metadata");
    const QJsonObject spec = sub(object, "spec");
    const QJsonObject status = sub(object, "status");
    s.name = str(meta, "name");
    s.ns = str(meta, "namespace");
    s.uid = str(meta, "uid");
    s.created = time(str(meta, "creationTimestamp"));
    s.deleting = !str(meta, "deletionTimestamp").isEmpty();
    s.state = str(status, "state");
    const QJsonObject server = sub(status, "server");
    s.serverPod = str(server, "podName");
    s.serverPodIp = str(server, "podIp");
    s.serverService = str(server, "serviceName");
    const QJsonObject executors = sub(status, "executors");
    for (auto it = executors.begin(); it != executors.end(); ++it)
        s.executors.insert(it.key(), it.value().toInt());
    for (const QJsonValue& v : status.value(QLatin1String("conditions")).toArray()) {
        const QJsonObject c = v.toObject();
        s.conditions << SparkConnectCondition{str(c, "type"), str(c, "status"), str(c, "reason"), str(c, "message"),
                                              time(str(c, "lastTransitionTime"))};
    }
    s.startTime = time(str(status, "startTime"));
    s.lastUpdate = time(str(status, "lastUpdateTime"));
    s.image = str(spec, "image");
    s.sparkVersion = str(spec, "sparkVersion");
    const QJsonObject serverSpec = sub(spec, "server");
    s.serverCores = integer(serverSpec, "cores", 0);
    s.serverMemory = str(serverSpec, "memory");
    const QJsonObject executorSpec = sub(spec, "executor");
    s.executorInstances = integer(executorSpec, "instances", -1);
    s.executorCores = integer(executorSpec, "cores", 0);
    s.executorMemory = str(executorSpec, "memory");
    return s;
}

QString sparkConnectStateText(const SparkConnectSummary& s)
{
    if (s.deleting)
        return tr("Deleting");
    if (s.state.isEmpty())
        return tr("New");
    if (s.state == QLatin1String("NotReady"))
        return tr("Not ready");
    return s.state; // Provisioning, Ready, Failed, or a state of a later operator as it is
}

QString sparkConnectStateHint(const SparkConnectSummary& s)
{
    QString conditionMessage;
    for (const SparkConnectCondition& c : s.conditions)
        if (c.status != QLatin1String("True") && !c.message.isEmpty())
            conditionMessage = c.message;
    if (s.deleting)
        return tr("Kubernetes is deleting it; the server pod and its Service go with it.");
    if (s.state.isEmpty())
        return tr("No Spark Operator has picked it up yet: the operator creates the server pod and Service within seconds "
                  "when it watches this namespace.");
    if (s.state == QLatin1String("Provisioning"))
        return tr("The operator is creating the server pod and its Service.");
    if (s.state == QLatin1String("Ready"))
        return tr("The Spark Connect server pod is ready: Connect forwards port %1 to it.").arg(sparkconnect::kPort);
    if (s.state == QLatin1String("NotReady"))
        return conditionMessage.isEmpty()
            ? tr("The server pod is not ready yet (starting, or its container ended): see the server log.")
            : tr("%1. The server log says why.").arg(conditionMessage.trimmed().remove(QRegularExpression(QStringLiteral("[:.]\\s*$"))));
    if (s.state == QLatin1String("Failed"))
        return conditionMessage.isEmpty() ? tr("The operator could not run the server: see the server log and the events.")
                                          : conditionMessage;
    return {};
}

QString sparkConnectExecutorsText(const QMap<QString, int>& executors)
{
    static const QStringList order{QStringLiteral("running"), QStringLiteral("pending"), QStringLiteral("failed"),
                                   QStringLiteral("succeeded"), QStringLiteral("unknown")};
    QStringList parts;
    for (const QString& phase : order)
        if (executors.value(phase) > 0)
            parts << QStringLiteral("%1 %2").arg(executors.value(phase)).arg(phase);
    for (auto it = executors.cbegin(); it != executors.cend(); ++it)
        if (!order.contains(it.key()) && it.value() > 0)
            parts << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
    return parts.isEmpty() ? tr("none") : parts.join(QStringLiteral(", "));
}

QString sparkConnectUrl(int port)
{
    return QStringLiteral("sc://localhost:%1").arg(port);
}

QString sparkConnectTemplate()
{
    QFile f(QString::fromLatin1(sparkconnect::kTemplateResource));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

SparkConnectForm sparkConnectFormOf(const YamlDocument& doc)
{
    SparkConnectForm f;
    f.name = doc.text(QStringLiteral("metadata.name"));
    f.ns = doc.text(QStringLiteral("metadata.namespace"));
    f.image = doc.text(QStringLiteral("spec.image"));
    f.sparkVersion = doc.text(QStringLiteral("spec.sparkVersion"));
    auto number = [&doc](const char* path, int fallback) {
        bool ok = false;
        const int n = doc.text(QLatin1String(path)).toInt(&ok);
        return ok ? n : fallback;
    };
    f.serverCores = number("spec.server.cores", f.serverCores);
    f.serverMemory = doc.text(QStringLiteral("spec.server.memory"));
    f.executorInstances = number("spec.executor.instances", f.executorInstances);
    f.executorCores = number("spec.executor.cores", f.executorCores);
    f.executorMemory = doc.text(QStringLiteral("spec.executor.memory"));
    return f;
}

void applySparkConnectForm(YamlDocument& doc, const SparkConnectForm& f)
{
    doc.setValue(QStringLiteral("metadata.name"), ValueType::String, f.name);
    doc.setValue(QStringLiteral("metadata.namespace"), ValueType::String, f.ns);
    doc.setValue(QStringLiteral("spec.image"), ValueType::String, f.image);
    doc.setValue(QStringLiteral("spec.sparkVersion"), ValueType::String, f.sparkVersion);
    doc.setValue(QStringLiteral("spec.server.cores"), ValueType::Integer, f.serverCores);
    doc.setValue(QStringLiteral("spec.server.memory"), ValueType::String, f.serverMemory);
    doc.setValue(QStringLiteral("spec.executor.instances"), ValueType::Integer, f.executorInstances);
    doc.setValue(QStringLiteral("spec.executor.cores"), ValueType::Integer, f.executorCores);
    doc.setValue(QStringLiteral("spec.executor.memory"), ValueType::String, f.executorMemory);
}

QStringList validateSparkConnectForm(const SparkConnectForm& f)
{
    QStringList problems;
    // The server pod and its Service are named <name>-server; a Service name is an RFC 1035 label.
    if (f.name.isEmpty())
        problems << tr("Name: enter a name, e.g. spark-connect.");
    else if (!isDns1035Label(f.name) || f.name.size() > 57)
        problems << tr("Name: use at most 57 lower-case letters, digits and '-', starting with a letter and ending with "
                       "a letter or digit (the server pod and Service are named %1-server).")
                        .arg(f.name);
    if (f.ns.isEmpty())
        problems << tr("Namespace: enter the namespace to create it in, e.g. default.");
    else if (!isDns1123Label(f.ns))
        problems << tr("Namespace: \"%1\" is not a namespace name (lower-case letters, digits and '-').").arg(f.ns);
    if (f.image.isEmpty())
        problems << tr("Image: enter a Spark 4 image that has sbin/start-connect-server.sh, e.g. spark:4.0.2.");
    else if (!isImageReference(f.image))
        problems << tr("Image: \"%1\" is not an image reference (e.g. spark:4.0.2 or registry.example.com/spark:4.0.2).")
                        .arg(f.image);
    if (f.sparkVersion.isEmpty())
        problems << tr("Spark version: enter the Spark version of the image, e.g. 4.0.2.");
    if (f.serverCores < 1)
        problems << tr("Server cores: use 1 or more.");
    if (f.executorCores < 1)
        problems << tr("Executor cores: use 1 or more.");
    if (f.executorInstances < 0)
        problems << tr("Executor instances: use 0 or more.");
    const auto memory = [&problems](const QString& label, const QString& text) {
        if (text.isEmpty())
            return; // optional: Spark's default then
        const SparkByteSize size = parseSparkByteSize(text);
        if (!size.value)
            problems << QStringLiteral("%1: %2").arg(label, size.error);
    };
    memory(tr("Server memory"), f.serverMemory);
    memory(tr("Executor memory"), f.executorMemory);
    return problems;
}

} // namespace model
