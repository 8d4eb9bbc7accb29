#include "app/kube/kubeerror.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace kube {

namespace {
QString statusText(int status)
{
    switch (status) {
    case 400: return QStringLiteral("Bad Request");
    case 401: return QStringLiteral("Unauthorized");
    case 403: return QStringLiteral("Forbidden");
    case 404: return QStringLiteral("Not Found");
    case 409: return QStringLiteral("Conflict");
    case 410: return QStringLiteral("Gone");
    case 422: return QStringLiteral("Unprocessable Entity");
    case 429: return QStringLiteral("Too Many Requests");
    case 500: return QStringLiteral("Internal Server Error");
    case 503: return QStringLiteral("Service Unavailable");
    default: return {};
    }
}
} // namespace

QString KubeError::summary() const
{
    switch (kind) {
    case Kind::None:
        return {};
    case Kind::Network:
        return QStringLiteral("network: %1").arg(message);
    case Kind::Parse:
        return QStringLiteral("unreadable response: %1").arg(message);
    case Kind::Credentials:
        return QStringLiteral("credentials: %1").arg(message);
    case Kind::Process:
        return message;
    case Kind::Http: {
        QString head = QStringLiteral("HTTP %1").arg(httpStatus);
        const QString label = reason.isEmpty() ? statusText(httpStatus) : reason;
        if (!label.isEmpty())
            head += QLatin1Char(' ') + label;
        return message.isEmpty() ? head : head + QStringLiteral(": ") + message;
    }
    }
    return {};
}

QString KubeError::details() const
{
    QStringList lines{summary()};
    for (const StatusCause& c : causes)
        lines << (c.field.isEmpty() ? c.message : QStringLiteral("%1: %2").arg(c.field, c.message));
    return lines.join(QLatin1Char('\n'));
}

KubeError KubeError::ofKind(Kind kind, const QString& message)
{
    KubeError e;
    e.kind = kind;
    e.message = message;
    return e;
}

KubeError KubeError::network(const QString& message)
{
    return ofKind(Kind::Network, message);
}

KubeError KubeError::parse(const QString& message)
{
    return ofKind(Kind::Parse, message);
}

KubeError KubeError::credentials(const QString& message)
{
    return ofKind(Kind::Credentials, message);
}

KubeError KubeError::process(const QString& message)
{
    return ofKind(Kind::Process, message);
}

KubeError KubeError::fromStatus(const QJsonObject& status)
{
    KubeError e;
    e.kind = Kind::Http;
    e.isStatus = true;
    e.httpStatus = status.value(QLatin1String("code")).toInt();
    e.reason = status.value(QLatin1String("reason")).toString();
    e.message = status.value(QLatin1String("message")).toString();
    const QJsonArray causes = status.value(QLatin1String("details")).toObject().value(QLatin1String("causes")).toArray();
    for (const QJsonValue& v : causes) {
        const QJsonObject c = v.toObject();
        e.causes << StatusCause{c.value(QLatin1String("field")).toString(), c.value(QLatin1String("reason")).toString(),
                                c.value(QLatin1String("message")).toString()};
    }
    return e;
}

KubeError KubeError::fromHttp(int httpStatus, const QByteArray& body)
{
    const QJsonObject obj = QJsonDocument::fromJson(body).object();
    if (obj.value(QLatin1String("kind")).toString() == QLatin1String("Status")) {
        KubeError e = fromStatus(obj);
        e.httpStatus = httpStatus; // the HTTP status is the truth; Status.code normally agrees
        return e;
    }
    KubeError e;
    e.kind = Kind::Http;
    e.httpStatus = httpStatus;
    e.message = QString::fromUtf8(body.left(512)).trimmed();
    return e;
}

} // namespace kube
