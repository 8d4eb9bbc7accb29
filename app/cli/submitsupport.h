#pragma once

// Helpers of the submit group (submit, logs, ui): durations as kubectl takes them, the manifests of
// a submitted file, log timestamps, and turning SIGINT/SIGTERM into a Qt signal.

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <optional>


namespace cli {

/// A duration as kubectl's flags take one (Go's time.ParseDuration: "90s", "2m30s", "1h", "500ms",
/// "1.5h"; units ns, us, ms, s, m, h), or a bare number of seconds ("30"), in milliseconds
/// (rounded down). std::nullopt when `text` is neither or negative.
std::optional<qint64> parseDurationMs(const QString& text);

/// One SparkApplication or ScheduledSparkApplication of a submitted file.
struct Manifest {
    QString kind;         ///< "SparkApplication" or "ScheduledSparkApplication"
    QString name;         ///< metadata.name (empty with generateName)
    QString generateName; ///< metadata.generateName
    QString ns;           ///< metadata.namespace ("" when the document leaves it out: see setNamespace())
    int firstLine = 1;    ///< the 1-based line of the file the document starts on
    QJsonObject json;     ///< what is sent, per kubectl's YAML→JSON (model::YamlDocument::toJson())
    /// Sets ns and metadata.namespace of json.
    void setNamespace(const QString& ns);
    /// "sparkapplication.sparkoperator.k8s.io" or "scheduledsparkapplication.sparkoperator.k8s.io",
    /// as kubectl names a created object.
    QString resource() const;
};

/// Reads the YAML documents of `text` (split at "---" lines, model::splitYamlDocuments; documents
/// that hold only comments are skipped) with model::YamlDocument, the job editor's codec. Returns
/// the manifests, or std::nullopt with `error` set to one line, "FILE:LINE:COL: message" for YAML
/// syntax errors (line and column in the whole file) or "FILE:LINE: message" for a document that is
/// not a sparkoperator.k8s.io/v1beta2 SparkApplication or ScheduledSparkApplication, has neither a
/// name nor a generateName, or names another namespace than `requiredNs` (when that is not empty:
/// the -n given, as kubectl refuses it). `file` is how the file is named in messages. Pure.
std::optional<QList<Manifest>> readManifests(const QString& text, const QString& file, const QString& requiredNs,
                                             QString* error);

/// Reads the YAML file `argument` ("-": standard input) to its end as UTF-8 text, within the limits
/// of models/yamllimits.h (at most model::kMaxYamlBytes; larger files are refused before they are
/// read). Returns std::nullopt with `error` set to one line: "cannot read NAME: reason" (also for a
/// file that is too large) or "NAME:LINE:COLUMN: byte N (0xNN) is not UTF-8 ..." naming the first
/// bad byte. `shownName` is how the file is named in messages.
std::optional<QString> readYamlInput(const QString& argument, const QString& shownName, QString* error);

/// `nanos` (since the Unix epoch, UTC) as the kubelet writes log timestamps (its RFC3339NanoFixed,
/// "2006-01-02T15:04:05.000000000Z07:00" in Go's notation): "2026-11-30T06:01:02.500000000Z".
QString rfc3339Nano(qint64 nanos);

} // namespace cli
