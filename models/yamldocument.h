#pragma once

#include "models/yamllimits.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <memory>
#include <optional>
#include <string>

namespace YAML {
class Node;
}

namespace model {

/// A place in a document's text: 1-based line and column (the column counts characters).
struct YamlPosition {
    int line = 0;
    int column = 0;
    friend bool operator==(const YamlPosition&, const YamlPosition&) = default;
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

/// An editable YAML document (one Kubernetes object) that keeps everything it was given. Its source
/// of truth is the YAML text: fields the form knows are read (through yaml-cpp) and written by
/// dotted path ("spec.driver.memory"), and every write is a minimal edit of that text — only the
/// lines of the changed value change; comments, key order, quoting, flow or block style and blank
/// lines of everything else stay as they were. A change inside a flow collection ({...} / [...])
/// rewrites that collection on its line(s), in flow style. New keys go after their siblings with
/// the indentation of the surrounding map. Scalars remember whether they were written as strings,
/// so writing never turns "5000" into 5000.
///
/// A key removed by clearing its value (setValue with an empty value, remove()) goes back to the
/// same place, with the comments that were inside it, when the same path is set again on this
/// document. Every edit is checked by parsing the result; should a minimal edit ever not give the
/// intended tree, the document is rewritten in full (comments lost) and a warning is logged.
class YamlDocument {
public:
    YamlDocument();
    ~YamlDocument();
    YamlDocument(const YamlDocument& other);            ///< deep copy
    YamlDocument& operator=(const YamlDocument& other); ///< deep copy
    YamlDocument(YamlDocument&&) noexcept;
    YamlDocument& operator=(YamlDocument&&) noexcept;

    /// Parses one YAML document. Returns std::nullopt and fills `error` (line, column, message, kind)
    /// on a syntax error, when the top level is not a map, or when the text exceeds a limit
    /// (checkYamlLimits(): size, nesting, alias expansion; checked first). A flow collection or quoted string that is
    /// never closed is reported at the line and column where it opens. The text is kept with its
    /// line endings made LF, a byte-order mark dropped, trailing whitespace removed where that does
    /// not change a value, and one newline at the end.
    static std::optional<YamlDocument> parse(const QString& text, YamlError* error);

    /// The document's YAML text: what was parsed, with the edits made since (see the class comment).
    /// A document built from nothing is written with 2-space indentation, in block style.
    QString toYaml() const;
    /// The document in full canonical form (2-space indentation, block style, strings quoted only
    /// when needed, no comments): what the text means, for comparing two documents.
    QString canonicalYaml() const;
    /// `object` (e.g. a live object from the API server) as YAML in canonical form: what the
    /// window's read-only YAML views and `sparkdeck get -o yaml` show. JSON is YAML, so this
    /// parses its JSON text; indented JSON only if that ever failed.
    static QString canonicalYamlOf(const QJsonObject& object);

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

    /// The subtree at `path` as YAML text (empty when absent): a block map or list as written in the
    /// document (with its comments, indentation removed), anything else in canonical form.
    QString yaml(const QString& path) const;
    /// Replaces the subtree at `path` with the YAML in `text` (empty text removes it). Returns false
    /// and fills `error` (line and column within `text`) when `text` does not parse or exceeds a
    /// limit (checkYamlLimits()); the document is then unchanged.
    bool setYaml(const QString& path, const QString& text, YamlError* error);

    /// Paths of the maximal subtrees that no entry of `known` covers: a key is covered when its
    /// path is in `known`, is a prefix of one (a parent map), or lies below one (inside a field
    /// edited as a whole). How the form lists fields it has no editor for, e.g. "spec.futureField".
    QStringList uncoveredPaths(const QStringList& known) const;

    /// Top-level keys of the map at `path` (empty path = the root) that `known` does not list: how
    /// the form shows fields it has no editor for.
    QStringList keysNotIn(const QString& path, const QStringList& known) const;

    /// Where the node at `segments` starts in toYaml(): each segment is a map key as the API server
    /// receives it (sigs.k8s.io/yaml's key resolution; the last of repeated keys) or, in a list,
    /// "[N]" (0-based). With `ofKey` and the last segment a map key, where that key starts instead
    /// of its value; an empty value (`key:`) is placed at its key. No segments: the first key of
    /// the document. std::nullopt when the path is not written in the text (absent, or set
    /// through a merge key).
    std::optional<YamlPosition> position(const QStringList& segments, bool ofKey = false) const;

    /// Keys written more than once in the same map (the repeats, not the first), each with the
    /// segments of its path (as in position(), the repeated key last) and where the repeat starts.
    QList<QPair<QStringList, YamlPosition>> duplicateKeys() const;

    /// Where yaml-cpp's error is not where the problem is: a '{', '[' or quote opened in `text` and
    /// never closed (or closed by the wrong bracket). Returns the opener's 1-based line and column,
    /// or std::nullopt when every opener is closed.
    static std::optional<YamlError> findUnclosed(const QString& text);

private:
    /// A key removed by clearing a field: what was removed and where it was.
    struct Removed {
        QStringList mapKeys;  // the map it was removed from
        QString key;
        QString previousKey;  // the key before it in that map; empty when it was the first
        int gapLines = 0;     // blank and comment lines between that key (or the map's start) and it
        std::string text;     // the removed lines
        std::string canonical; // canonical YAML of the removed subtree
    };
    /// Makes the text mean `target` with minimal edits (see the class comment). `field` is the path
    /// being cleared (remembered for putting the key back) or set; `raw` is YAML text to write as
    /// is for the subtree at `rawKeys`.
    void commit(const YAML::Node& target, const QStringList& field, bool clearing, const QStringList& rawKeys = {},
                const QString& raw = {});
    bool restoreRemoved(const QStringList& field);
    void reparse();

    std::string m_text;                 // UTF-8; the source of truth
    std::unique_ptr<YAML::Node> m_root; // parsed from m_text
    QHash<QString, Removed> m_removed;  // cleared keys by field path
};

/// One document of a multi-document YAML file: its text and the 1-based line it starts on.
struct YamlChunk {
    QString text;
    int firstLine = 1;
};
/// Splits `text` at document separators (lines that are "---", optionally followed by a space or
/// comment; a trailing "..." line ends a document). Comments are kept: a separator with a comment
/// starts its document's text, comments before a separator go with the next document (with that
/// separator) and comments after the last document go with it; a file without separators is one
/// chunk.
QList<YamlChunk> splitYamlDocuments(const QString& text);
/// Joins documents back into one file with "---" separator lines (none before a document that
/// starts with its own separator).
QString joinYamlDocuments(const QStringList& documents);

} // namespace model
