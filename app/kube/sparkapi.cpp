#include "app/kube/sparkapi.h"

#include "app/kube/informer.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimer>

namespace kube {

KubeError explainSparkError(KubeError error)
{
    if (error.isResourceNotServed()) {
        error.reason = QStringLiteral("CRDNotInstalled");
        error.message = QStringLiteral("Spark Operator CRD not installed: this cluster does not serve "
                                       "sparkoperator.k8s.io/v1beta2 sparkapplications. Install the Spark "
                                       "Operator (Helm chart spark-operator/spark-operator) and try again.");
    }
    return error;
}

QString missingNamespace(const KubeError& error)
{
    if (error.kind != KubeError::Kind::Http || error.httpStatus != 404 || error.reason != QLatin1String("NotFound"))
        return {};
    static const QRegularExpression pattern(QStringLiteral("^namespaces \"([^\"]+)\" not found"));
    const QRegularExpressionMatch m = pattern.match(error.message);
    return m.hasMatch() ? m.captured(1) : QString();
}

namespace {
// A client destroyed between two requests of one operation.
KubeError notConnected()
{
    return KubeError::network(QStringLiteral("not connected"));
}

// The Status of a request's outcome.
Status statusOf(const Result<KubeResponse>& r)
{
    return r ? Status() : Status(r.error());
}

// The Status of a request's outcome on SparkApplications (explainSparkError()).
Status sparkStatusOf(const Result<KubeResponse>& r)
{
    return r ? Status() : Status(explainSparkError(r.error()));
}

// The SubmitResult of one stage.
SubmitResult submitResult(SubmitResult::Stage stage, const Result<KubeResponse>& r, const QStringList& earlierWarnings)
{
    SubmitResult result;
    result.stage = stage;
    result.warnings = earlierWarnings + (r ? r->warnings : r.error().warnings);
    result.status = sparkStatusOf(r);
    if (r)
        result.object = r->object();
    return result;
}
} // namespace

void createNamespace(KubeClient* client, const QString& name, QObject* receiver, std::function<void(const Status&)> done)
{
    const QJsonObject ns{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                         {QStringLiteral("kind"), QStringLiteral("Namespace")},
                         {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}}};
    client->request("POST", QStringLiteral("/api/v1/namespaces"), {}, QJsonDocument(ns).toJson(QJsonDocument::Compact), receiver,
                    [done](const Result<KubeResponse>& r) { done(statusOf(r)); });
}

void submitSparkApplication(KubeClient* client, const QJsonObject& application, bool dryRunOnly, QObject* receiver,
                            std::function<void(const SubmitResult&)> done)
{
    const ResourceKind kind = application.value(QLatin1String("kind")).toString() == QLatin1String("ScheduledSparkApplication")
        ? ResourceKind::scheduledSparkApplications()
        : ResourceKind::sparkApplications();
    submitObject(client, kind, application, dryRunOnly, receiver, std::move(done));
}

void submitObject(KubeClient* client, const ResourceKind& kind, const QJsonObject& application, bool dryRunOnly,
                  QObject* receiver, std::function<void(const SubmitResult&)> done)
{
    const QString ns = application.value(QLatin1String("metadata")).toObject().value(QLatin1String("namespace")).toString();
    const QString path = kind.collectionPath(ns.isEmpty() ? QStringLiteral("default") : ns);
    const QByteArray body = QJsonDocument(application).toJson(QJsonDocument::Compact);

    QUrlQuery dryRun;
    dryRun.addQueryItem(QStringLiteral("dryRun"), QStringLiteral("All"));
    dryRun.addQueryItem(QStringLiteral("fieldValidation"), QStringLiteral("Strict"));
    QPointer<KubeClient> guard(client);
    client->request("POST", path, dryRun, body, receiver,
                    [guard, path, body, dryRunOnly, receiver, done](const Result<KubeResponse>& r) {
                        SubmitResult result = submitResult(SubmitResult::Stage::DryRun, r, {});
                        if (r && !dryRunOnly && !guard)
                            result.status = notConnected();
                        if (!r || dryRunOnly || !guard) {
                            done(result);
                            return;
                        }
                        QUrlQuery strict;
                        strict.addQueryItem(QStringLiteral("fieldValidation"), QStringLiteral("Strict"));
                        guard->request("POST", path, strict, body, receiver,
                                       [done, warnings = r->warnings](const Result<KubeResponse>& created) {
                                           done(submitResult(SubmitResult::Stage::Create, created, warnings));
                                       });
                    });
}

void applySecret(KubeClient* client, const QString& ns, const QString& name, const QMap<QString, QString>& data,
                 QObject* receiver, std::function<void(const Status&)> done)
{
    QJsonObject stringData;
    for (auto it = data.cbegin(); it != data.cend(); ++it)
        stringData.insert(it.key(), it.value());
    const QJsonObject secret{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                             {QStringLiteral("kind"), QStringLiteral("Secret")},
                             {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name},
                                                                      {QStringLiteral("labels"), QJsonObject{{QStringLiteral("app.kubernetes.io/managed-by"), QStringLiteral("sparkdeck")}}}}},
                             {QStringLiteral("type"), QStringLiteral("Opaque")},
                             {QStringLiteral("stringData"), stringData}};
    const QString collection = QStringLiteral("/api/v1/namespaces/%1/secrets").arg(pathSegment(ns));
    QPointer<KubeClient> guard(client);
    client->request("POST", collection, {}, QJsonDocument(secret).toJson(QJsonDocument::Compact), receiver,
                    [guard, collection, name, stringData, receiver, done](const Result<KubeResponse>& r) {
                        if (r || r.error().reason != QLatin1String("AlreadyExists")) {
                            done(statusOf(r));
                            return;
                        }
                        if (!guard) {
                            done(notConnected());
                            return;
                        }
                        const QJsonObject patch{{QStringLiteral("stringData"), stringData}};
                        guard->request("PATCH", collection + QLatin1Char('/') + pathSegment(name), {},
                                       QJsonDocument(patch).toJson(QJsonDocument::Compact), receiver,
                                       [done](const Result<KubeResponse>& patched) { done(statusOf(patched)); },
                                       QByteArrayLiteral("application/merge-patch+json"));
                    });
}

void mergePatch(KubeClient* client, const QString& path, const QJsonObject& patch, QObject* receiver,
                std::function<void(const Status&)> done)
{
    client->request("PATCH", path, {}, QJsonDocument(patch).toJson(QJsonDocument::Compact), receiver,
                    [done](const Result<KubeResponse>& r) { done(sparkStatusOf(r)); },
                    QByteArrayLiteral("application/merge-patch+json"));
}

QJsonObject resubmittable(const QJsonObject& live)
{
    const QJsonObject meta = live.value(QLatin1String("metadata")).toObject();
    QJsonObject newMeta;
    for (const char* key : {"name", "namespace", "labels", "annotations"}) {
        const QJsonValue v = meta.value(QLatin1String(key));
        if (!v.isUndefined())
            newMeta.insert(QLatin1String(key), v);
    }
    QJsonObject annotations = newMeta.value(QLatin1String("annotations")).toObject();
    annotations.remove(QStringLiteral("kubectl.kubernetes.io/last-applied-configuration"));
    if (annotations.isEmpty())
        newMeta.remove(QStringLiteral("annotations"));
    else
        newMeta.insert(QStringLiteral("annotations"), annotations);
    return QJsonObject{{QStringLiteral("apiVersion"), live.value(QLatin1String("apiVersion"))},
                       {QStringLiteral("kind"), live.value(QLatin1String("kind"))},
                       {QStringLiteral("metadata"), newMeta},
                       {QStringLiteral("spec"), live.value(QLatin1String("spec"))}};
}

void deleteSparkApplication(KubeClient* client, const QString& ns, const QString& name, QObject* receiver,
                            std::function<void(const Status&)> done)
{
    deleteObject(client, ResourceKind::sparkApplications().objectPath(ns, name), receiver, std::move(done));
}

void deleteObject(KubeClient* client, const QString& path, QObject* receiver, std::function<void(const Status&)> done)
{
    const QByteArray body = R"({"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Background"})";
    client->request("DELETE", path, {}, body, receiver, [done](const Result<KubeResponse>& r) { done(sparkStatusOf(r)); });
}

} // namespace kube
