// CrdSchema: the Spark Operator's CRD schemas (compiled in from models/crd/) and a checker for the
// OpenAPI v3 subset they use, with the API server's wording (k8s.io/kube-openapi's validator and
// apiextensions-apiserver's strict field validation).
#include "models/crdschema.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QRegularExpression>

#include <cmath>
#include <memory>
#include <optional>

static void initCrdResources()
{
    Q_INIT_RESOURCE(sparkdeck_crd); // models/crd/sparkdeck_crd.qrc, in this static library
}

namespace model {

namespace {

// What the API server checks of metadata (apimachinery's ObjectMeta): its fields and their types.
constexpr auto kObjectMeta = R"({"type": "object", "properties": {
  "name": {"type": "string"}, "generateName": {"type": "string"}, "namespace": {"type": "string"},
  "selfLink": {"type": "string"}, "uid": {"type": "string"}, "resourceVersion": {"type": "string"},
  "generation": {"type": "integer"}, "creationTimestamp": {"type": "string", "nullable": true},
  "deletionTimestamp": {"type": "string"}, "deletionGracePeriodSeconds": {"type": "integer"},
  "labels": {"type": "object", "additionalProperties": {"type": "string"}},
  "annotations": {"type": "object", "additionalProperties": {"type": "string"}},
  "finalizers": {"type": "array", "items": {"type": "string"}},
  "managedFields": {"type": "array", "items": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}},
  "ownerReferences": {"type": "array", "items": {"type": "object", "required": ["apiVersion", "kind", "name", "uid"],
    "properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"}, "name": {"type": "string"},
                   "uid": {"type": "string"}, "controller": {"type": "boolean"}, "blockOwnerDeletion": {"type": "boolean"}}}}
}})";

bool isInteger(const QJsonValue& v)
{
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    return std::isfinite(d) && std::floor(d) == d;
}

// The JSON type of `v` as the validator names it.
QString typeName(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::String: return QStringLiteral("string");
    case QJsonValue::Bool: return QStringLiteral("boolean");
    case QJsonValue::Double: return isInteger(v) ? QStringLiteral("integer") : QStringLiteral("number");
    case QJsonValue::Array: return QStringLiteral("array");
    case QJsonValue::Object: return QStringLiteral("object");
    default: return QStringLiteral("null");
    }
}

bool hasType(const QJsonValue& v, const QString& type)
{
    if (type == QLatin1String("integer"))
        return isInteger(v);
    if (type == QLatin1String("number"))
        return v.isDouble();
    return typeName(v) == type;
}

// A value as %q prints it in the API server's messages.
QString quoted(const QJsonValue& v)
{
    if (isInteger(v))
        return QString::number(qint64(v.toDouble()));
    return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

// The schema of the field `key` of an object of schema `s`: its property, else
// additionalProperties; std::nullopt when there is neither.
std::optional<QJsonObject> childSchema(const QJsonObject& s, const QString& key)
{
    const QJsonObject properties = s.value(QLatin1String("properties")).toObject();
    if (properties.contains(key))
        return properties.value(key).toObject();
    if (const QJsonValue additional = s.value(QLatin1String("additionalProperties")); additional.isObject())
        return additional.toObject();
    return std::nullopt;
}

struct Walker {
    QList<SchemaViolation>* out;
    QStringList path;

    void add(SchemaViolation::Kind kind, const QString& message) { *out << SchemaViolation{kind, path, message}; }

    void walk(const QJsonValue& v, const QJsonObject& s)
    {
        if (v.isNull() || v.isUndefined())
            return;
        const QString at = fieldPath(path);
        const bool intOrString = s.value(QLatin1String("x-kubernetes-int-or-string")).toBool();
        if (intOrString) {
            if (!isInteger(v) && !v.isString())
                return add(SchemaViolation::Kind::Type,
                           QStringLiteral("%1 in body must be of type integer,string: \"%2\"").arg(at, typeName(v)));
        } else if (const QString type = s.value(QLatin1String("type")).toString(); !type.isEmpty() && !hasType(v, type)) {
            return add(SchemaViolation::Kind::Type, QStringLiteral("%1 in body must be of type %2: \"%3\"").arg(at, type, typeName(v)));
        }
        if (const QJsonArray values = s.value(QLatin1String("enum")).toArray(); !values.isEmpty() && !values.contains(v)) {
            QStringList supported;
            for (const QJsonValue& e : values)
                supported << quoted(e);
            add(SchemaViolation::Kind::Enum, QStringLiteral("%1: Unsupported value: %2: supported values: %3")
                                                 .arg(at, quoted(v), supported.join(QStringLiteral(", "))));
        }
        if (const QString pattern = s.value(QLatin1String("pattern")).toString(); !pattern.isEmpty() && v.isString()) {
            const QRegularExpression re(pattern);
            if (re.isValid() && !re.match(v.toString()).hasMatch())
                add(SchemaViolation::Kind::Pattern, QStringLiteral("%1 in body should match '%2'").arg(at, pattern));
        }
        if (v.isDouble()) {
            if (const QJsonValue min = s.value(QLatin1String("minimum")); min.isDouble() && v.toDouble() < min.toDouble())
                add(SchemaViolation::Kind::Range, QStringLiteral("%1 in body should be greater than or equal to %2").arg(at, quoted(min)));
            if (const QJsonValue max = s.value(QLatin1String("maximum")); max.isDouble() && v.toDouble() > max.toDouble())
                add(SchemaViolation::Kind::Range, QStringLiteral("%1 in body should be less than or equal to %2").arg(at, quoted(max)));
        }
        if (v.isArray()) {
            const QJsonObject items = s.value(QLatin1String("items")).toObject();
            const QJsonArray list = v.toArray();
            for (qsizetype i = 0; i < list.size(); ++i) {
                path << QStringLiteral("[%1]").arg(i);
                walk(list.at(i), items);
                path.removeLast();
            }
        }
        if (v.isObject())
            walkObject(v.toObject(), s);
    }

    // Unknown fields, found as apiextensions-apiserver's pruning finds them
    // (pkg/apiserver/schema/pruning/algorithm.go): whatever the value's type, a key is unknown when
    // its schema has neither that property nor additionalProperties, unless
    // x-kubernetes-preserve-unknown-fields; lists are followed with their items' schema (none: every
    // key below is unknown). With fieldValidation=Strict these are reported before any other check.
    void prune(const QJsonValue& v, const QJsonObject& s)
    {
        if (s.value(QLatin1String("x-kubernetes-preserve-unknown-fields")).toBool())
            return;
        if (v.isArray()) {
            const QJsonObject items = s.value(QLatin1String("items")).toObject();
            const QJsonArray list = v.toArray();
            for (qsizetype i = 0; i < list.size(); ++i) {
                path << QStringLiteral("[%1]").arg(i);
                prune(list.at(i), items);
                path.removeLast();
            }
            return;
        }
        if (!v.isObject())
            return;
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            path << it.key();
            if (const auto child = childSchema(s, it.key()))
                prune(it.value(), *child);
            else if (!s.value(QLatin1String("additionalProperties")).toBool())
                add(SchemaViolation::Kind::UnknownField, QStringLiteral("unknown field \"%1\"").arg(fieldPath(path)));
            path.removeLast();
        }
    }

    void walkObject(const QJsonObject& o, const QJsonObject& s)
    {
        for (auto it = o.begin(); it != o.end(); ++it) {
            path << it.key();
            if (const auto child = childSchema(s, it.key()))
                walk(it.value(), *child);
            path.removeLast();
        }
        for (const QJsonValue& r : s.value(QLatin1String("required")).toArray()) {
            const QString key = r.toString();
            if (o.value(key).isNull() || o.value(key).isUndefined()) {
                path << key;
                add(SchemaViolation::Kind::Required, QStringLiteral("%1: Required value").arg(fieldPath(path)));
                path.removeLast();
            }
        }
    }
};

} // namespace

QString fieldPath(const QStringList& segments)
{
    QString out;
    for (const QString& s : segments) {
        if (!out.isEmpty() && !s.startsWith(QLatin1Char('[')))
            out += QLatin1Char('.');
        out += s;
    }
    return out;
}

CrdSchema::CrdSchema(const QString& resource)
{
    initCrdResources();
    QFile file(QStringLiteral(":/crd/%1.schema.json").arg(resource));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("CrdSchema: %s is not compiled in", qPrintable(file.fileName()));
    const QJsonObject doc = QJsonDocument::fromJson(file.readAll()).object();
    m_kind = doc.value(QLatin1String("kind")).toString();
    m_apiVersion = doc.value(QLatin1String("apiVersion")).toString();
    m_source = doc.value(QLatin1String("source")).toString();
    m_schema = doc.value(QLatin1String("openAPIV3Schema")).toObject();
    QJsonObject properties = m_schema.value(QLatin1String("properties")).toObject();
    properties.insert(QStringLiteral("metadata"), QJsonDocument::fromJson(kObjectMeta).object());
    m_schema.insert(QStringLiteral("properties"), properties);
}

const CrdSchema* CrdSchema::forKind(const QString& kind)
{
    static const auto schemas = [] {
        QHash<QString, std::shared_ptr<const CrdSchema>> all;
        for (const char* resource : {"sparkapplications", "scheduledsparkapplications"}) {
            auto schema = std::shared_ptr<const CrdSchema>(new CrdSchema(QString::fromLatin1(resource)));
            all.insert(schema->kind(), schema);
        }
        return all;
    }();
    const auto it = schemas.find(kind);
    return it == schemas.end() ? nullptr : it->get();
}

QList<SchemaViolation> CrdSchema::check(const QJsonObject& object) const
{
    QList<SchemaViolation> out;
    Walker{&out, {}}.prune(object, m_schema);
    Walker{&out, {}}.walkObject(object, m_schema);
    return out;
}

} // namespace model
