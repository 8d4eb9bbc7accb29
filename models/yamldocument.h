#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <memory>
#include <optional>

namespace YAML {
class Node;
}

namespace model {

/// A YAML syntax error at a 1-based line and column.
struct YamlError {
    int line = 0;
    int column = 0;
    QString message;
    /// "line:column: message"
    QString toString() const;
};

/// The value kinds a form field can hold. Strings are always written so that they read back as
/// strings ("5000", "3", "true" get quotes); numbers and booleans are written plain.
enum class ValueType { String, Integer, Boolean, StringList, StringMap };

/// True when `text` written as a plain YAML scalar would not read back as that string under
/// YAML 1.1 (what kubectl's sigs.k8s.io/yaml uses) or YAML 1.2: numbers, booleans including
/// yes/no/on/off, null, and strings with leading/trailing spaces.
bool plainScalarIsNotString(const QString& text);

/// An editable YAML document (one Kubernetes object) that keeps everything it was given: fields the
/// form knows are read and written by dotted path ("spec.driver.memory"), everything else —
/// unknown or future fields, key order — passes through untouched. Scalars remember whether they
/// were written as strings, so emitting never turns "5000" into 5000. Comments are not kept.
class YamlDocument {
public:
    YamlDocument();
    ~YamlDocument();
    YamlDocument(const YamlDocument& other);            ///< deep copy
    YamlDocument& operator=(const YamlDocument& other); ///< deep copy
    YamlDocument(YamlDocument&&) noexcept;
    YamlDocument& operator=(YamlDocument&&) noexcept;

    /// Parses one YAML document. Returns std::nullopt and fills `error` (line, column, message) on a
    /// syntax error or when the top level is not a map.
    static std::optional<YamlDocument> parse(const QString& text, YamlError* error);

    /// The document as YAML text (2-space indentation, block style, strings quoted only when needed).
    QString toYaml() const;

    /// The document as JSON for the API server, resolving plain scalars like kubectl does
    /// (sigs.k8s.io/yaml, YAML 1.1: 10 → number, yes/true → boolean, ~ → null).
    QJsonObject toJson() const;

    /// The value at `path` converted to `type`: QString, qlonglong, bool, QStringList or QVariantMap
    /// (String → String). An absent value gives an invalid QVariant.
    QVariant value(const QString& path, ValueType type) const;
    /// The raw scalar text at `path` (empty when absent or not a scalar).
    QString text(const QString& path) const;
    bool contains(const QString& path) const;

    /// Sets the value at `path`, creating parent maps. An invalid QVariant, an empty string, list
    /// or map removes the key and any parent maps left empty.
    void setValue(const QString& path, ValueType type, const QVariant& value);
    /// Removes the key at `path`, and parent maps left empty.
    void remove(const QString& path);

    /// Top-level keys of the map at `path` (empty path = the root) that `known` does not list: how
    /// the form shows fields it has no editor for.
    QStringList keysNotIn(const QString& path, const QStringList& known) const;

private:
    std::unique_ptr<YAML::Node> m_root;
};

} // namespace model
