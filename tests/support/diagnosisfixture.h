// The recorded failures of tests/unit/diagnosis/*.json (objects, events and pods as the API server,
// the scheduler, the kubelet and the Spark Operator v2.5.2 write them), read as model::DiagnosisInput.
// Needs DIAGNOSIS_FIXTURES, the directory, defined by the test's CMake target.
#pragma once

#include "models/diagnosis.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

/// The fixture `name` ("oomkilled" for oomkilled.json); aborts the test program when it is missing.
inline model::DiagnosisInput loadDiagnosisFixture(const QString& name)
{
    QFile f(QStringLiteral(DIAGNOSIS_FIXTURES "/%1.json").arg(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    auto objects = [&o](const char* key) {
        QList<QJsonObject> out;
        for (const QJsonValue& v : o.value(QLatin1String(key)).toArray())
            out << v.toObject();
        return out;
    };
    model::DiagnosisInput in;
    in.application = o.value(QLatin1String("application")).toObject();
    in.events = objects("events");
    in.pods = objects("pods");
    in.nodes = objects("nodes");
    in.firstException = o.value(QLatin1String("firstException")).toString();
    return in;
}
