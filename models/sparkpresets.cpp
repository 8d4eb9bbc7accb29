// SparkApplication facts, presets: the sizing presets of the job form (applySizing) and the job
// templates shipped as resources (:/manifests/presets).
#include "models/sparkapplication.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace model {

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

} // namespace model
