#pragma once

// Checks SparkApplication and ScheduledSparkApplication manifests without a cluster: what
// `sparkdeck lint` prints, and what the job editor can show next to the text.

#include <QList>
#include <QString>
#include <QStringList>

namespace model {

enum class LintSeverity {
    Error,   ///< the API server, the operator's webhook or Spark would refuse it
    Warning, ///< accepted, but probably not what was meant (or unsafe)
};
/// "error" / "warning"
QString severityName(LintSeverity severity);

/// One problem found in a file.
struct LintFinding {
    int line = 0;        ///< 1-based line in the whole text
    int column = 0;      ///< 1-based column (characters) of the offending key or value
    LintSeverity severity = LintSeverity::Error;
    QString rule;        ///< the rule's id, see lint()
    QString message;
    int document = 0;    ///< 0-based index of the document in a multi-document text
    QString path;        ///< the field as the API server prints it ("spec.volumes[0].name"); empty for YAML errors
};

struct LintOptions {
    /// The namespace the application will be created in when its metadata names none (e.g.
    /// kubectl's -n); empty: unknown. The webhook compares spark.kubernetes.namespace with it.
    QString ns;
};

/// Checks every document of `text` (a file's content, "---"-separated documents allowed). Rules
/// (the id in brackets):
///  - [yaml] the YAML does not parse (at the parser's line and column; the document is not checked
///    further) or a document is not a map;
///  - [apiVersion] [kind] a Spark Operator kind in another version than v1beta2, or no kind;
///  - the v1beta2 CRD's OpenAPI schema of operator v2.5.2 (CrdSchema), as the API server checks
///    with fieldValidation=Strict: [unknown-field] (at the key), [type] [enum] [pattern] [range]
///    (at the value), [required] (at the parent's key); and [duplicate-field], a warning at the
///    repeated key (kubectl keeps the last value and the server never sees the first);
///  - [webhook] what the operator's admission webhook v2.5.2 refuses
///    (internal/webhook/sparkapplication_validator.go, scheduledsparkapplication_validator.go,
///    sparkconf_validator.go);
///  - [form] the job form's rules, model::validate() (Spark's memory sizes, quantities, restart
///    policy, dynamic allocation, schedule ...), each at its field (or the nearest written parent),
///    errors or warnings as validate() says; not repeated where an error above has the same field;
///  - [inline-credential] warnings: credentials typed inline (model::findInlineSecrets), with how to
///    move them into a Secret.
/// Documents of other kinds (a ConfigMap next to the application) get only the [yaml] check. An
/// empty text is one [yaml] error. Findings are sorted by line and column.
QList<LintFinding> lint(const QString& text, const LintOptions& options = {});

} // namespace model
