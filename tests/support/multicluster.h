// Helpers for the tests of several local control planes at once (fixtures cluster and cluster_b).
#pragma once

#include "models/applicationsmodel.h"

#include <QAbstractItemModel>
#include <QDir>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

/// The rows of a model::AllApplicationsModel (or a proxy on it with the same columns) as
/// "cluster|namespace/name", sorted.
inline QStringList allApplicationRows(const QAbstractItemModel& m)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out << m.index(r, 0).data().toString() + QLatin1Char('|')
                + m.index(r, 1 + model::ApplicationsModel::Namespace).data().toString() + QLatin1Char('/')
                + m.index(r, 1 + model::ApplicationsModel::Name).data().toString();
    out.sort();
    return out;
}

/// Starts tests/cluster/restart-apiserver --kill --down-for `downSeconds` in `restart` for the
/// control plane named `clusterName`: its API server is killed at once and started again after that
/// long. Wait for `restart` to finish (it needs about `downSeconds` + 20 s).
inline void startApiServerOutage(QProcess& restart, const QString& clusterName, int downSeconds)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SPARKDECK_CLUSTER_NAME"), clusterName);
    restart.setProcessEnvironment(env);
    restart.start(QDir(qEnvironmentVariable("SPARKDECK_SOURCE_DIR")).filePath(QStringLiteral("tests/cluster/restart-apiserver")),
                  {QStringLiteral("--kill"), QStringLiteral("--down-for"), QString::number(downSeconds)});
}
