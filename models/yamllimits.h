#pragma once

#include <QByteArray>
#include <QString>

#include <optional>
#include <string_view>

class QIODevice;

namespace model {

/// What a YamlError is about.
enum class YamlErrorKind {
    Syntax,     ///< not valid YAML, or not the expected shape (e.g. the top level is not a map)
    Unreadable, ///< the file or stream could not be read (message: the system's reason)
    TooLarge,   ///< more bytes than the reader takes (kMaxYamlBytes unless the caller says otherwise)
    NotUtf8,    ///< a byte sequence that is not UTF-8 (RFC 3629 §4)
    TooDeep,    ///< maps and lists nested deeper than kMaxYamlDepth
    TooManyAliases, ///< aliases expand to more nodes than go-yaml allows ("billion laughs"), or without end
                    ///< (an alias inside the node its anchor names)
    NotPrintable, ///< a character YAML does not allow in a stream (YAML 1.2 §5.1 c-printable: C0/C1
                  ///< controls other than TAB, LF, CR and NEL; DEL; U+FFFE, U+FFFF)
};

/// A problem with YAML text at a 1-based line and column (the column counts characters); line 0
/// when it has no place (e.g. a file that is too large).
struct YamlError {
    int line = 0;
    int column = 0;
    QString message;
    YamlErrorKind kind = YamlErrorKind::Syntax;
    /// "line:column: message", or just the message when line is 0.
    QString toString() const;
    /// "file:line:column: message" as compilers write it, or "file: message" when line is 0.
    QString located(const QString& file) const;
};

// ---- Limits on untrusted YAML
//
// Files, pasted text and kubeconfigs are checked against these limits before yaml-cpp builds a
// tree, so that no input keeps SparkDeck busy or grows it without bound:
// - size: kMaxYamlBytes. The Kubernetes API server takes at most 3 MiB in one request
//   (k8s.io/apiserver, MaxRequestBodyBytes), so no SparkApplication comes near it.
// - nesting: kMaxYamlDepth maps/lists inside each other, checked while yaml-cpp's event parser
//   reads (it recurses once per level, and so does every walk over the tree), before it goes
//   deeper. Kubernetes objects nest a few dozen levels at most. (yaml-cpp 0.7's own guard stops
//   at about a thousand levels, saying only "bad file".)
// - aliases: the rule of go-yaml v3 (gopkg.in/yaml.v3 decode.go, decoder.unmarshal and
//   allowedAliasRatio; goyaml.v2 >= 2.2.8, which kubectl reads YAML with, has the same): every
//   node decoded counts, nodes decoded through an alias count as aliased too, and once more than
//   100 are aliased and more than 1,000 decoded, the aliased share may not exceed 99% up to
//   400,000 decoded nodes, falling linearly to 10% at 4,000,000. Expanding an alias costs what its
//   anchored node expands to, counted without building anything. An alias inside the node its
//   anchor names ("&a [*a]", a cycle once built) is refused too (go-yaml v3: "anchor contains itself").
// - encoding: UTF-8 (RFC 3629): bytes that are not are reported with their line and column, never
//   replaced; and only the characters YAML 1.2 §5.1 allows (c-printable), as go-yaml's reader
//   ("control characters are not allowed") and so kubectl require.
// The functions below keep no state: any thread may call them.

/// The largest YAML file or text the codec reads: 4 MiB.
inline constexpr qsizetype kMaxYamlBytes = 4 * 1024 * 1024;
/// The deepest nesting of maps and lists the codec reads.
inline constexpr int kMaxYamlDepth = 256;

/// Checks the first YAML document of `utf8` against the limits above (size at most `maxBytes`,
/// nesting, alias expansion) without building a tree; time and memory grow with the text's
/// length only. Returns the first limit exceeded (kind TooLarge, NotPrintable, TooDeep or TooManyAliases, with
/// the line and column where it is exceeded), or std::nullopt, also for a syntax error (parsing
/// reports that).
std::optional<YamlError> checkYamlLimits(std::string_view utf8, qsizetype maxBytes = kMaxYamlBytes);

/// Decodes `bytes` (a whole file) as UTF-8 text. Returns std::nullopt and fills `error` when there
/// are more than `maxBytes` (TooLarge) or when they are not UTF-8 (NotUtf8: the line, column and
/// byte offset of the first bad byte). A byte-order mark is kept (parse() drops it).
std::optional<QString> decodeYamlBytes(const QByteArray& bytes, YamlError* error, qsizetype maxBytes = kMaxYamlBytes);

/// Reads an open `device` (a file, standard input) to its end for decodeYamlBytes(), reading at
/// most `maxBytes` + 1 bytes: a file known to be larger is refused before reading. Returns
/// std::nullopt and fills `error` (Unreadable, TooLarge) when it cannot.
std::optional<QByteArray> readYamlBytes(QIODevice* device, YamlError* error, qsizetype maxBytes = kMaxYamlBytes);

/// Opens and reads the file `path` as YAML text: readYamlBytes() then decodeYamlBytes(). Returns
/// std::nullopt and fills `error` (Unreadable with the system's reason, TooLarge, NotUtf8).
std::optional<QString> readYamlFile(const QString& path, YamlError* error, qsizetype maxBytes = kMaxYamlBytes);

/// The 1-based column of byte `pos` in `utf8`, counting characters from the start of its line.
int characterColumn(std::string_view utf8, std::size_t pos);

} // namespace model
