#include "app/kube/operatorprobe.h"

#include <QJsonArray>
#include <QPointer>

#include <memory>

namespace kube {

namespace {
const QString kOperatorSelector = QStringLiteral("app.kubernetes.io/name=spark-operator");
}

bool OperatorFacts::ignoresNamespace(const QString& ns) const
{
    if (operatorPresence != OperatorPresence::Found || watchedNamespaces.isEmpty() || watchedNamespaces.contains(QString())
        || !namespaceSelector.isEmpty())
        return false;
    return !watchedNamespaces.contains(ns);
}

void probeOperator(KubeClient* client, const QString& ns, const QString& serviceAccount, QObject* receiver,
                   std::function<void(const Result<OperatorFacts>&)> done)
{
    auto facts = std::make_shared<OperatorFacts>();
    auto pending = std::make_shared<int>(0);
    auto answered = std::make_shared<bool>(false); // some lookup got an HTTP answer
    auto firstError = std::make_shared<KubeError>();
    auto finish = [facts, pending, answered, firstError, done](const Result<KubeResponse>& r) {
        if (r || r.error().kind == KubeError::Kind::Http)
            *answered = true;
        else if (!firstError->isError())
            *firstError = r.error();
        if (--*pending != 0)
            return;
        if (*answered)
            done(*facts);
        else
            done(*firstError);
    };
    QUrlQuery selector;
    selector.addQueryItem(QStringLiteral("labelSelector"), kOperatorSelector);

    *pending = serviceAccount.isEmpty() ? 3 : 4;
    client->request("GET", QStringLiteral("/api/v1/namespaces/%1").arg(pathSegment(ns)), {}, {}, receiver,
                    [facts, finish](const Result<KubeResponse>& r) {
                        facts->namespaceChecked = r || r.error().httpStatus == 404;
                        facts->namespaceExists = r.ok();
                        finish(r);
                    });
    if (!serviceAccount.isEmpty()) {
        client->request("GET",
                        QStringLiteral("/api/v1/namespaces/%1/serviceaccounts/%2").arg(pathSegment(ns), pathSegment(serviceAccount)),
                        {}, {}, receiver, [facts, finish](const Result<KubeResponse>& r) {
                            facts->serviceAccountChecked = r || r.error().httpStatus == 404;
                            facts->serviceAccountExists = r.ok();
                            finish(r);
                        });
    }
    client->request("GET", QStringLiteral("/apis/apps/v1/deployments"), selector, {}, receiver,
                    [facts, finish](const Result<KubeResponse>& r) {
                        if (r)
                            facts->operatorPresence = OperatorPresence::NotFound;
                        const QJsonObject list = r ? r->object() : QJsonObject();
                        bool controllerFound = false;
                        for (const QJsonValue& item : list.value(QLatin1String("items")).toArray()) {
                            const QJsonObject d = item.toObject();
                            const QJsonObject meta = d.value(QLatin1String("metadata")).toObject();
                            // The chart's controller and webhook Deployments carry the same flags; the controller wins.
                            const bool controller = meta.value(QLatin1String("labels")).toObject()
                                                        .value(QLatin1String("app.kubernetes.io/component")).toString()
                                == QLatin1String("controller");
                            if (controllerFound && !controller)
                                continue;
                            const QJsonArray containers = d.value(QLatin1String("spec")).toObject()
                                                              .value(QLatin1String("template")).toObject()
                                                              .value(QLatin1String("spec")).toObject()
                                                              .value(QLatin1String("containers")).toArray();
                            for (const QJsonValue& c : containers) {
                                const QJsonArray args = c.toObject().value(QLatin1String("args")).toArray();
                                bool found = false;
                                QStringList watched;
                                QString selector;
                                for (const QJsonValue& a : args) {
                                    const QString arg = a.toString();
                                    if (arg.startsWith(QLatin1String("--namespaces="))) {
                                        found = true;
                                        QString value = arg.mid(13);
                                        // The chart writes all namespaces as --namespaces="" (quotes included).
                                        if (value == QLatin1String("\"\""))
                                            value.clear();
                                        watched = value.split(QLatin1Char(','));
                                        if (watched == QStringList{QString()})
                                            watched.clear();
                                    } else if (arg.startsWith(QLatin1String("--namespace-selector="))) {
                                        selector = arg.mid(21);
                                    }
                                }
                                if (!found)
                                    continue;
                                facts->operatorPresence = OperatorPresence::Found;
                                facts->operatorDeployment = meta.value(QLatin1String("namespace")).toString()
                                    + QLatin1Char('/') + meta.value(QLatin1String("name")).toString();
                                facts->watchedNamespaces = watched;
                                facts->namespaceSelector = selector;
                                // The operator's version: the chart's app.kubernetes.io/version label, else the image's tag.
                                facts->operatorVersion = meta.value(QLatin1String("labels")).toObject()
                                                             .value(QLatin1String("app.kubernetes.io/version")).toString();
                                const QString image = c.toObject().value(QLatin1String("image")).toString();
                                const QString lastPart = image.section(QLatin1Char('/'), -1).section(QLatin1Char('@'), 0, 0);
                                if (facts->operatorVersion.isEmpty() && lastPart.contains(QLatin1Char(':')))
                                    facts->operatorVersion = lastPart.section(QLatin1Char(':'), -1);
                                controllerFound = controller;
                            }
                        }
                        finish(r);
                    });
    client->request("GET", QStringLiteral("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations"), selector, {},
                    receiver, [facts, finish](const Result<KubeResponse>& r) {
                        facts->webhookChecked = r.ok();
                        facts->webhookFound = r && !r->object().value(QLatin1String("items")).toArray().isEmpty();
                        finish(r);
                    });
}

} // namespace kube
