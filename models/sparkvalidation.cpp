// SparkApplication facts, validation: validate() checks a document the way the API server, the
// operator's webhook and Spark would, field by field.
#include "models/sparkapplication.h"

#include "models/cron.h"
#include "models/kubevalidation.h"
#include "models/sparksize.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>

namespace model {

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

} // namespace model
