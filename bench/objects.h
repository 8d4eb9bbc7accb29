#pragma once
// The SparkApplications the benchmarks list and watch, and how they get into the cluster fast:
// a sample through the API server (parallel requests, the way users create them), the rest
// written straight into the API server's etcd as copies of what the API server stored for that
// sample (same fields, managedFields included), because this 2-core API server needs minutes for
// 50,000 create + status requests.

#include "app/kube/kubeclient.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace bench {

/// "bench-app-00042": the name of application `i` (5 digits, so names sort as numbers).
QString appName(int i);
/// `t` in RFC 3339, UTC, seconds.
QString rfc3339(const QDateTime& t);
/// Compact JSON of `o`.
QByteArray json(const QJsonObject& o);

/// A SparkApplication as people write them (SparkPi with a few Spark settings and labels), no status.
QJsonObject benchApplication(const QString& ns, const QString& name, int i, const QJsonObject& annotations = {},
                             int executors = 2);
/// A status as the operator leaves it for application `i` of `count`: 70 % COMPLETED, 10 % each
/// FAILED, RUNNING and SUBMITTED, submitted one minute apart (the last one a minute ago).
QJsonObject benchStatus(const QString& name, int i, int count);

/// How creating the applications went (durations in seconds).
struct Seeded {
    bool ok = false;
    QString error;          ///< why not, when !ok
    int throughApi = 0;     ///< created with POST + PATCH …/status
    double apiSeconds = 0;  ///< time those took
    int throughEtcd = 0;    ///< the rest, written to etcd
    double etcdSeconds = 0;
};

/// Creates applications `first` .. `first + count - 1` (names appName(i)) in `ns`, with their
/// status, out of `total` (for benchStatus). The first `apiSample` of them go through the API
/// server with `inFlight` requests in flight (POST, then merge-patch of the status subresource;
/// one that exists already is kept). The others are written to etcd in transactions of 100 puts,
/// modelled on what the API server stored for the sample (new uid, name, times and status). etcd's
/// address and client certificate are read from the command line of the API server whose pid is in
/// `<stateDir>/kube-apiserver.pid` (tests/cluster's state directory). Blocks in a local event loop.
Seeded seedApps(kube::KubeClient* client, const QString& stateDir, const QString& ns, int first, int count, int total,
                int apiSample, int inFlight);

} // namespace bench
