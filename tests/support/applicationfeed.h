#pragma once

// SparkApplications as an API server lists and watches them, for tests of the informer-backed
// models against a ScriptedServer: objects, list bodies, watch records, and a server that lists a
// set of applications and then holds the watch open for the test to send events on.

#include "app/kube/informer.h"
#include "app/kube/kubeclient.h"
#include "tests/support/scriptedserver.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace feed {

/// SparkApplication `name` in `ns` at resourceVersion `rv`, in `state` ("" = none yet), created
/// `ageSeconds` ago.
inline QJsonObject application(const QString& name, const QString& rv, const QString& state = {}, int ageSeconds = 60,
                               const QString& ns = QStringLiteral("default"))
{
    const QJsonObject meta{{QStringLiteral("name"), name},
                           {QStringLiteral("namespace"), ns},
                           {QStringLiteral("resourceVersion"), rv},
                           {QStringLiteral("creationTimestamp"),
                            QDateTime::currentDateTimeUtc().addSecs(-ageSeconds).toString(Qt::ISODate)}};
    QJsonObject object{{QStringLiteral("kind"), QStringLiteral("SparkApplication")}, {QStringLiteral("metadata"), meta},
                       {QStringLiteral("spec"), QJsonObject{{QStringLiteral("type"), QStringLiteral("Scala")}}}};
    if (!state.isEmpty())
        object.insert(QStringLiteral("status"),
                      QJsonObject{{QStringLiteral("applicationState"), QJsonObject{{QStringLiteral("state"), state}}}});
    return object;
}

/// A list response of `items` at resourceVersion `rv`.
inline QByteArray list(const QList<QJsonObject>& items, const QString& rv)
{
    QJsonArray array;
    for (const QJsonObject& item : items)
        array << item;
    return QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("SparkApplicationList")},
                                     {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), rv}}},
                                     {QStringLiteral("items"), array}})
        .toJson(QJsonDocument::Compact);
}

/// One watch record ("ADDED", "MODIFIED", "DELETED") with its newline.
inline QByteArray event(const char* type, const QJsonObject& object)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("type"), QString::fromLatin1(type)}, {QStringLiteral("object"), object}})
               .toJson(QJsonDocument::Compact)
        + '\n';
}

/// An API server that lists `initial` (any other GET gets an empty list) and holds the watch of
/// SparkApplications open: watch() is its exchange once the informer watches.
struct LiveFeed {
    explicit LiveFeed(const QList<QJsonObject>& initial)
        : server([this, initial](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            const bool applications = r.path.endsWith(QLatin1String("/sparkapplications"));
            if (r.query.queryItemValue(QStringLiteral("watch")) == QLatin1String("1")) {
                x->begin();
                if (applications)
                    watch = x;
                return;
            }
            x->reply(200, list(applications ? initial : QList<QJsonObject>{}, QStringLiteral("10")));
        })
        , client([this] {
            kube::ClusterConnection c;
            c.server = QUrl(server.url());
            c.defaultNamespace = QStringLiteral("default");
            return c;
        }())
        , informer(&client, kube::ResourceKind::sparkApplications(), QStringLiteral("default"))
    {
    }
    ScriptedServer server;
    kube::KubeClient client;
    kube::Informer informer;
    ScriptedServer::Exchange* watch = nullptr;
};

} // namespace feed
