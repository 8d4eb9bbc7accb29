#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace kube {

/// One entry of a Kubernetes Status's `details.causes` (per Kubernetes API conventions: Status).
struct StatusCause {
    QString field;   ///< e.g. "spec.arguments[0]"
    QString reason;  ///< e.g. "FieldValueTypeInvalid"
    QString message;
};

/// Why an operation of the core failed, typed: the network, an HTTP status (with the Kubernetes
/// Status when the server sent one), a body that would not parse, credentials, or an external
/// command. Carried by kube::Result / kube::Status (app/kube/result.h).
struct KubeError {
    /// Network: no HTTP answer (connection, TLS, timeout). Http: a non-2xx answer. Parse: data that
    /// does not decode (a body, a watch record). Credentials: an exec credential plugin failed, or
    /// its login was rejected; the message says what to do (a terminal login, an install) and is not
    /// retried by asking the server again. Process: an external command (kubectl) could not be
    /// started or ended; the message says why and what to do, then the command's own words.
    enum class Kind { None, Network, Http, Parse, Credentials, Process };
    Kind kind = Kind::None;
    int httpStatus = 0;                 ///< for Http: 400, 404, 410, ...
    QString reason;                     ///< Status.reason: "Invalid", "NotFound", "Expired", ...
    QString message;                    ///< Status.message, the network error text, or the parse error
    QList<StatusCause> causes;          ///< Status.details.causes
    QStringList warnings;               ///< for Http: the answer's `Warning:` headers, text only
    bool isStatus = false;              ///< the body was a `kind: Status` object
    /// Retrying cannot help until the user changes something (a credential plugin that needs a
    /// terminal login): callers report it and stop instead of retrying.
    bool permanent = false;

    bool isError() const { return kind != Kind::None; }
    /// A 404 that is not a Status: the API server does not serve that group/version/resource at
    /// all (how a missing CRD answers).
    bool isResourceNotServed() const { return kind == Kind::Http && httpStatus == 404 && !isStatus; }
    /// The resourceVersion is too old (HTTP 410 or a Status with code 410): relist.
    bool isExpired() const { return kind == Kind::Http && httpStatus == 410; }
    /// One line for a status bar: "HTTP 422 Invalid: ...", "network: Connection refused".
    QString summary() const;
    /// Several lines: summary, then one line per cause ("spec.arguments[0]: Invalid value ...").
    QString details() const;

    /// An error of `kind` with `message` and nothing else.
    static KubeError ofKind(Kind kind, const QString& message);
    static KubeError network(const QString& message);
    static KubeError parse(const QString& message);
    static KubeError credentials(const QString& message);
    static KubeError process(const QString& message);
    /// Builds an Http error from a status code and body; decodes a Status object when present.
    static KubeError fromHttp(int httpStatus, const QByteArray& body);
    /// Builds an error from a Status object found inside a watch ERROR event.
    static KubeError fromStatus(const QJsonObject& status);
};

} // namespace kube
