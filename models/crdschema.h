#pragma once

// The OpenAPI schemas of the Spark Operator's CRDs and a checker for the part of OpenAPI v3 they
// use, so a manifest can be checked without a cluster the way the API server checks it.

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace model {

/// One way an object breaks a CRD's schema, worded as the API server words it.
struct SchemaViolation {
    enum class Kind {
        UnknownField, ///< a field the schema does not declare (reported with fieldValidation=Strict)
        Type,         ///< a value of the wrong JSON type
        Enum,         ///< a value outside the schema's enum
        Required,     ///< a required field that is absent or null
        Pattern,      ///< a string that does not match the schema's pattern
        Range,        ///< a number below the schema's minimum or above its maximum
    };
    Kind kind = Kind::Type;
    QStringList path;   ///< the field's path segments, "[N]" for list items (see YamlDocument::position)
    QString message;    ///< e.g. `unknown field "spec.foo"`, `spec.type: Unsupported value: "Go": ...`
};

/// The segments as the API server prints a field path: "spec.volumes[0].name".
QString fieldPath(const QStringList& segments);

/// The v1beta2 OpenAPI schema of SparkApplication or ScheduledSparkApplication, as Spark Operator
/// v2.5.2 ships it (charts/spark-operator-chart/crds; a copy without the descriptions is compiled
/// into sparkdeck_models from models/crd/, written by models/crd/update). metadata is checked
/// as the API server's ObjectMeta.
class CrdSchema {
public:
    /// The schema of `kind`, or nullptr when SparkDeck has none (any other kind). Built on first
    /// use; safe to call from any thread.
    static const CrdSchema* forKind(const QString& kind);

    QString kind() const { return m_kind; }
    /// "sparkoperator.k8s.io/v1beta2"
    QString apiVersion() const { return m_apiVersion; }
    /// Where the schema comes from: "github.com/kubeflow/spark-operator/v2@v2.5.2 charts/…yaml".
    QString source() const { return m_source; }

    /// Checks `object` (the JSON the API server receives, e.g. YamlDocument::toJson()) as the API
    /// server does on create with fieldValidation=Strict: unknown fields (not below
    /// x-kubernetes-preserve-unknown-fields), JSON types (x-kubernetes-int-or-string: integer or
    /// string), enum, required, pattern, minimum and maximum. A null value counts as absent (the
    /// server prunes nulls of non-nullable fields). Returns every violation, in no particular order.
    QList<SchemaViolation> check(const QJsonObject& object) const;

private:
    CrdSchema(const QString& resource);
    QString m_kind;
    QString m_apiVersion;
    QString m_source;
    QJsonObject m_schema; // openAPIV3Schema
};

} // namespace model
