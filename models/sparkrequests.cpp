#include "models/sparkrequests.h"

#include "models/kubevalidation.h"
#include "models/sparksize.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace model {

std::optional<double> parseKubeQuantity(const QString& text)
{
    const QString t = text.trimmed();
    if (!isKubernetesQuantity(t))
        return std::nullopt;
    static const QRegularExpression re(QStringLiteral(R"(^([+-]?[0-9.]+)([eE][+-]?[0-9]+|[a-zA-Z]*)$)"));
    const QRegularExpressionMatch m = re.match(t);
    if (!m.hasMatch())
        return std::nullopt;
    bool ok = false;
    const double number = m.captured(1).toDouble(&ok);
    if (!ok)
        return std::nullopt;
    const QString suffix = m.captured(2);
    if (suffix.startsWith(QLatin1Char('e')) || suffix.startsWith(QLatin1Char('E')))
        return number * std::pow(10.0, suffix.mid(1).toInt());
    struct Unit { const char* suffix; double factor; };
    static const Unit units[] = {
        {"", 1}, {"n", 1e-9}, {"u", 1e-6}, {"m", 1e-3}, {"k", 1e3}, {"M", 1e6}, {"G", 1e9}, {"T", 1e12}, {"P", 1e15}, {"E", 1e18},
        {"Ki", 1024.0}, {"Mi", std::pow(1024.0, 2)}, {"Gi", std::pow(1024.0, 3)}, {"Ti", std::pow(1024.0, 4)},
        {"Pi", std::pow(1024.0, 5)}, {"Ei", std::pow(1024.0, 6)},
    };
    for (const Unit& u : units) {
        if (suffix == QLatin1String(u.suffix))
            return number * u.factor;
    }
    return std::nullopt;
}

QString formatCpu(double cores)
{
    const qint64 milli = qint64(std::llround(cores * 1000));
    if (milli % 1000 == 0)
        return QString::number(milli / 1000);
    return QStringLiteral("%1m").arg(milli);
}

QString formatBytes(double bytes)
{
    // The largest binary unit the amount is a whole number of, as a quota is usually written.
    static const char* units[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi"};
    const qint64 whole = qint64(std::llround(bytes));
    int i = 0;
    qint64 v = whole;
    while (v != 0 && v % 1024 == 0 && i < 5) {
        v /= 1024;
        ++i;
    }
    return QString::number(v) + QLatin1String(units[i]);
}

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

SparkPodResources podResources(const QJsonObject& spec, const QString& pod, double factor, QString* error)
{
    const QJsonObject p = spec.value(pod).toObject();
    SparkPodResources r;
    auto quantity = [&](const QString& field, double fallback) {
        const QJsonValue v = p.value(field);
        if (v.isUndefined() || v.isNull())
            return fallback;
        if (v.isDouble())
            return v.toDouble();
        const std::optional<double> q = parseKubeQuantity(v.toString());
        if (!q && error->isEmpty())
            *error = QStringLiteral("spec.%1.%2: \"%3\" is not a Kubernetes quantity").arg(pod, field, v.toString());
        return q.value_or(fallback);
    };
    auto bytes = [&](const QString& field, double fallback) {
        const QJsonValue v = p.value(field);
        if (v.isUndefined() || v.isNull())
            return fallback;
        const QString text = v.isDouble() ? QString::number(qint64(v.toDouble())) : v.toString();
        const SparkByteSize size = parseSparkByteSize(text, SparkByteUnit::MiB);
        if (!size.value) {
            if (error->isEmpty())
                *error = QStringLiteral("spec.%1.%2: %3").arg(pod, field, size.error);
            return fallback;
        }
        return double(*size.value) * kMiB;
    };
    const double cores = quantity(QStringLiteral("cores"), 1);
    r.cpuRequest = quantity(QStringLiteral("coreRequest"), cores);
    r.cpuLimit = quantity(QStringLiteral("coreLimit"), 0);
    r.memoryHeap = bytes(QStringLiteral("memory"), 1024 * kMiB);
    // Spark: max(factor × heap, 384 MiB) unless memoryOverhead is given (MiB, rounded down).
    const double computed = std::max(std::floor(factor * r.memoryHeap / kMiB), 384.0) * kMiB;
    r.memoryOverhead = bytes(QStringLiteral("memoryOverhead"), computed);
    return r;
}

} // namespace

SparkRequests sparkRequests(const QJsonObject& spec)
{
    SparkRequests out;
    const QString type = spec.value(QLatin1String("type")).toString();
    double factor = (type == QLatin1String("Python") || type == QLatin1String("R")) ? 0.4 : 0.1;
    const QJsonValue f = spec.value(QLatin1String("memoryOverheadFactor"));
    if (f.isString() || f.isDouble()) {
        bool ok = f.isDouble();
        const double v = f.isDouble() ? f.toDouble() : f.toString().toDouble(&ok);
        if (ok && v > 0)
            factor = v;
        else
            out.error = QStringLiteral("spec.memoryOverheadFactor: \"%1\" is not a positive number").arg(f.toString());
    }
    out.driver = podResources(spec, QStringLiteral("driver"), factor, &out.error);
    out.executor = podResources(spec, QStringLiteral("executor"), factor, &out.error);
    const QJsonObject executor = spec.value(QLatin1String("executor")).toObject();
    const QJsonObject dynamic = spec.value(QLatin1String("dynamicAllocation")).toObject();
    if (dynamic.value(QLatin1String("enabled")).toBool()) {
        out.executors = dynamic.value(QLatin1String("initialExecutors"))
                            .toInt(dynamic.value(QLatin1String("minExecutors")).toInt(0));
    } else {
        out.executors = executor.value(QLatin1String("instances")).toInt(2);
    }
    return out;
}

} // namespace model
