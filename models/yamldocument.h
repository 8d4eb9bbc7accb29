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
/// Text is a String edited on several lines (written as a literal block when it has newlines);
/// Yaml is a whole subtree (a list or map of Kubernetes objects such as tolerations) edited as YAML
/// text: value() gives its YAML, setValue() parses it (see setYaml()).
enum class ValueType { String, Text, Integer, Boolean, StringList, StringMap, Yaml };

/// True when `text` written as a plain YAML scalar would not read back as that string under
/// YAML 1.1 (what kubectl's sigs.k8s.io/yaml uses) or YAML 1.2: numbers, booleans including
/// yes/no/on/off, null, and strings with leading/trailing spaces.
bool plainScalarIsNotString(const QString& text);

/// Ordered key/value pairs: the value of a StringMap field (YAML maps keep their order).
using StringPairs = QList<QPair<QString, QString>>;

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

    /// The value at `path` converted to `type`: QString (String, Text, Yaml), qlonglong, bool,
    /// QStringList or StringPairs (StringMap, in document order). An absent value gives an invalid
    /// QVariant.
    QVariant value(const QString& path, ValueType type) const;
    /// The raw scalar text at `path` (empty when absent or not a scalar).
    QString text(const QString& path) const;
    bool contains(const QString& path) const;

    /// Sets the value at `path`, creating parent maps. StringMap takes StringPairs (or a
    /// QVariantMap). An invalid QVariant, an empty string, list or map removes the key and any
    /// parent maps left empty.
    void setValue(const QString& path, ValueType type, const QVariant& value);
    /// Removes the key at `path`, and parent maps left empty.
    void remove(const QString& path);

    /// Sets `key` (which may contain dots, e.g. "fs.s3a.endpoint") of the map at `path` to the
    /// string `value`, keeping the position of an existing key; creates the map when needed.
    void setEntry(const QString& path, const QString& key, const QString& value);
    /// Removes `key` from the map at `path` (and the map, when that leaves it empty).
    void removeEntry(const QString& path, const QString& key);
    /// The subtree at `path` as JSON (kubectl's scalar resolution); undefined QJsonValue when absent.
    QJsonValue json(const QString& path) const;

    /// The subtree at `path` as YAML text (empty when absent), as toYaml() would write it.
    QString yaml(const QString& path) const;
    /// Replaces the subtree at `path` with the YAML in `text` (empty text removes it). Returns false
    /// and fills `error` (line and column within `text`) when `text` does not parse; the document
    /// is then unchanged.
    bool setYaml(const QString& path, const QString& text, YamlError* error);

    /// Paths of the maximal subtrees that no entry of `known` covers: a key is covered when its
    /// path is in `known`, is a prefix of one (a parent map), or lies below one (inside a field
    /// edited as a whole). How the form lists fields it has no editor for, e.g. "spec.futureField".
    QStringList uncoveredPaths(const QStringList& known) const;

    /// Top-level keys of the map at `path` (empty path = the root) that `known` does not list: how
    /// the form shows fields it has no editor for.
    QStringList keysNotIn(const QString& path, const QStringList& known) const;

private:
    void put(const QString& path, const YAML::Node& node);

    std::unique_ptr<YAML::Node> m_root;
};

/// One document of a multi-document YAML file: its text and the 1-based line it starts on.
struct YamlChunk {
    QString text;
    int firstLine = 1;
};
/// Splits `text` at document separators (lines that are "---", optionally followed by a space or
/// comment; a trailing "..." line ends a document). Chunks with nothing but blanks and comments are
/// dropped; a file without separators is one chunk.
QList<YamlChunk> splitYamlDocuments(const QString& text);
/// Joins documents back into one file with "---" separator lines.
QString joinYamlDocuments(const QStringList& documents);

} // namespace model
