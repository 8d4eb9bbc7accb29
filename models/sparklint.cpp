// lint(): a manifest checked as the API server (the CRD's schema), the Spark Operator's webhook,
// the job form's rules and the inline-credential check would, each finding at its key or value.
#include "models/sparklint.h"

#include "models/crdschema.h"
#include "models/kubevalidation.h"
#include "models/sparkapplication.h"
#include "models/yamldocument.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace model {

namespace {

const QString kScheduledKind = QStringLiteral("ScheduledSparkApplication");

// The operator's webhook v2.5.2, internal/webhook/sparkconf_validator.go: sparkConf keys it
// refuses (pkg/common/spark.go names them) and why.
const QList<QPair<QString, QString>>& deniedSparkConfKeys()
{
    static const QString account = QStringLiteral("configure the service account via the CRD spec instead");
    static const QString credentials = QStringLiteral("authentication credentials are managed by the operator");
    static const QString managed = QStringLiteral("this value is managed by the operator");
    static const QString image = QStringLiteral("use the image field on the CRD instead");
    static const QList<QPair<QString, QString>> keys{
        {QStringLiteral("spark.kubernetes.authenticate.driver.serviceAccountName"), account},
        {QStringLiteral("spark.kubernetes.authenticate.executor.serviceAccountName"), account},
        {QStringLiteral("spark.kubernetes.authenticate.oauthTokenFile"), credentials},
        {QStringLiteral("spark.kubernetes.authenticate.oauthToken"), credentials},
        {QStringLiteral("spark.kubernetes.authenticate.driver.oauthTokenFile"), credentials},
        {QStringLiteral("spark.kubernetes.authenticate.driver.oauthToken"), credentials},
        {QStringLiteral("spark.kubernetes.authenticate.executor.oauthTokenFile"), credentials},
        {QStringLiteral("spark.kubernetes.authenticate.executor.oauthToken"), credentials},
        {QStringLiteral("spark.master"), managed},
        {QStringLiteral("spark.kubernetes.driver.master"), managed},
        {QStringLiteral("spark.kubernetes.container.image"), image},
        {QStringLiteral("spark.kubernetes.driver.container.image"), image},
        {QStringLiteral("spark.kubernetes.executor.container.image"), image},
    };
    return keys;
}

// golang.org/x/mod/semver.Compare(v, "v3.0.0") < 0 as the webhook calls it through
// util.CompareSemanticVersion (pkg/util/util.go: a "v" is put in front): "3", "3.5" and "3.5.1"
// are versions, anything else is invalid and below every valid version; a pre-release is below
// its release.
bool sparkVersionBelow3(const QString& version)
{
    static const QRegularExpression re(QRegularExpression::anchoredPattern(
        QStringLiteral(R"(v?(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?)?)?)")));
    const QRegularExpressionMatch m = re.match(version.startsWith(QLatin1Char('v')) ? version : QLatin1Char('v') + version);
    if (!m.hasMatch())
        return true;
    const qint64 major = m.captured(1).toLongLong();
    if (major != 3)
        return major < 3;
    if (m.captured(2).toLongLong() > 0 || m.captured(3).toLongLong() > 0)
        return false;
    return !m.captured(4).isEmpty(); // 3.0.0-rc1 < 3.0.0
}

// apimachinery's validation.IsDNS1035Label messages.
QStringList dns1035Errors(const QString& name)
{
    QStringList errors;
    if (name.size() > 63)
        errors << QStringLiteral("must be no more than 63 characters");
    static const QRegularExpression re(QRegularExpression::anchoredPattern(QStringLiteral("[a-z]([-a-z0-9]*[a-z0-9])?")));
    if (!re.match(name).hasMatch())
        errors << QStringLiteral("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
                                 "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
                                 "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
    return errors;
}

QString ruleOf(SchemaViolation::Kind kind)
{
    switch (kind) {
    case SchemaViolation::Kind::UnknownField: return QStringLiteral("unknown-field");
    case SchemaViolation::Kind::Type: return QStringLiteral("type");
    case SchemaViolation::Kind::Enum: return QStringLiteral("enum");
    case SchemaViolation::Kind::Required: return QStringLiteral("required");
    case SchemaViolation::Kind::Pattern: return QStringLiteral("pattern");
    case SchemaViolation::Kind::Range: return QStringLiteral("range");
    }
    return {};
}

// The document path of a FieldProblem's form path ("schedule.X" and "spec.X" of a schedule).
QString documentPathOf(const QString& formPath, bool scheduled)
{
    if (formPath.startsWith(QLatin1String("schedule.")))
        return QStringLiteral("spec.") + formPath.mid(9);
    if (formPath.startsWith(QLatin1String("spec.")))
        return appFieldPath(formPath, scheduled);
    return formPath;
}

bool present(const QJsonValue& v)
{
    return !v.isNull() && !v.isUndefined();
}

// The checks of one parsed document.
class DocumentLinter {
public:
    DocumentLinter(const YamlDocument& doc, int index, int lineOffset, const LintOptions& options, QList<LintFinding>* out)
        : m_doc(doc), m_index(index), m_lineOffset(lineOffset), m_options(options), m_out(out), m_json(doc.toJson())
    {
    }

    void run()
    {
        const QString kind = m_json.value(QLatin1String("kind")).toString();
        const QString apiVersion = m_json.value(QLatin1String("apiVersion")).toString();
        if (kind.isEmpty()) {
            add(LintSeverity::Error, QStringLiteral("kind"), {QStringLiteral("kind")}, true, QStringLiteral("kind is not set"));
            return;
        }
        const CrdSchema* schema = CrdSchema::forKind(kind);
        if (!schema)
            return; // another kind of object: a ConfigMap or Secret next to the application
        if (apiVersion != schema->apiVersion()) {
            add(LintSeverity::Error, QStringLiteral("apiVersion"), {QStringLiteral("apiVersion")}, false,
                QStringLiteral("no matches for kind \"%1\" in version \"%2\": operator v2.5.2 serves %3")
                    .arg(kind, apiVersion, schema->apiVersion()));
            return;
        }
        m_scheduled = kind == kScheduledKind;
        m_app = m_scheduled ? QStringList{QStringLiteral("spec"), QStringLiteral("template")} : QStringList{QStringLiteral("spec")};
        m_spec = m_json.value(QLatin1String("spec")).toObject();
        if (m_scheduled)
            m_spec = m_spec.value(QLatin1String("template")).toObject();

        for (const auto& [path, at] : m_doc.duplicateKeys())
            addAt(LintSeverity::Warning, QStringLiteral("duplicate-field"), path, at,
                  QStringLiteral("duplicate field \"%1\": only the last one counts (kubectl's YAML reading keeps it)")
                      .arg(fieldPath(path)));
        for (const SchemaViolation& v : schema->check(m_json))
            add(LintSeverity::Error, ruleOf(v.kind), v.path,
                v.kind == SchemaViolation::Kind::UnknownField || v.kind == SchemaViolation::Kind::Required, v.message);
        webhook(kind);
        form();
        inlineCredentials();
    }

private:
    // Where `path` is written: its key or value, else the key of its nearest written parent.
    YamlPosition locate(QStringList path, bool ofKey) const
    {
        if (const auto at = m_doc.position(path, ofKey))
            return *at;
        while (!path.isEmpty()) {
            path.removeLast();
            if (const auto at = m_doc.position(path, true))
                return *at;
        }
        return m_doc.position({}).value_or(YamlPosition{1, 1});
    }

    void addAt(LintSeverity severity, const QString& rule, const QStringList& path, const YamlPosition& at, const QString& message)
    {
        *m_out << LintFinding{at.line + m_lineOffset, at.column, severity, rule, message, m_index, fieldPath(path)};
        if (severity == LintSeverity::Error)
            m_errorPaths.insert(fieldPath(path));
    }

    void add(LintSeverity severity, const QString& rule, const QStringList& path, bool ofKey, const QString& message)
    {
        addAt(severity, rule, path, locate(path, ofKey), message);
    }

    QStringList app(const QStringList& below) const { return m_app + below; }

    // The operator's admission webhook v2.5.2: internal/webhook/sparkapplication_validator.go
    // (validateName, validateSpec: validateSparkVersion, node selectors, driverIngressOptions,
    // validateSparkConf), scheduledsparkapplication_validator.go (validateName, validateSparkConf of
    // spec.template) and sparkconf_validator.go. The resource quota check needs the cluster and is
    // not done. A schedule's runs are SparkApplications the same webhook checks when the operator
    // creates them, so the SparkApplication rules hold for spec.template too.
    void webhook(const QString& kind)
    {
        const QString name = m_json.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
        if (!name.isEmpty()) {
            if (const QStringList errors = dns1035Errors(name); !errors.isEmpty())
                add(LintSeverity::Error, QStringLiteral("webhook"), {QStringLiteral("metadata"), QStringLiteral("name")}, false,
                    QStringLiteral("invalid %1 name \"%2\": %3").arg(kind, name, errors.join(QStringLiteral(", "))));
        }
        const QString eachRun = m_scheduled ? QStringLiteral(" (the webhook refuses each run of this schedule)") : QString();

        const QJsonObject driver = m_spec.value(QLatin1String("driver")).toObject();
        const QJsonObject executor = m_spec.value(QLatin1String("executor")).toObject();
        if ((present(driver.value(QLatin1String("template"))) || present(executor.value(QLatin1String("template"))))
            && sparkVersionBelow3(m_spec.value(QLatin1String("sparkVersion")).toString()))
            add(LintSeverity::Error, QStringLiteral("webhook"), app({QStringLiteral("sparkVersion")}), false,
                QStringLiteral("pod template feature requires Spark version 3.0.0 or higher") + eachRun);

        if (present(m_spec.value(QLatin1String("nodeSelector")))
            && (present(driver.value(QLatin1String("nodeSelector"))) || present(executor.value(QLatin1String("nodeSelector")))))
            add(LintSeverity::Error, QStringLiteral("webhook"), app({QStringLiteral("nodeSelector")}), true,
                QStringLiteral("node selector cannot be defined at both SparkApplication and Driver/Executor") + eachRun);

        QSet<qint64> servicePorts;
        QSet<QString> urlFormats;
        const QJsonArray ingresses = m_spec.value(QLatin1String("driverIngressOptions")).toArray();
        for (qsizetype i = 0; i < ingresses.size(); ++i) {
            const QJsonObject item = ingresses.at(i).toObject();
            const QStringList at = app({QStringLiteral("driverIngressOptions"), QStringLiteral("[%1]").arg(i)});
            const QJsonValue port = item.value(QLatin1String("servicePort"));
            if (!port.isDouble()) {
                if (!m_errorPaths.contains(fieldPath(at + QStringList{QStringLiteral("servicePort")})))
                    add(LintSeverity::Error, QStringLiteral("webhook"), at, false, QStringLiteral("DriverIngressOptions has nill ServicePort") + eachRun);
                break; // the webhook stops at its first complaint about the list
            }
            if (servicePorts.contains(port.toInteger())) {
                add(LintSeverity::Error, QStringLiteral("webhook"), at + QStringList{QStringLiteral("servicePort")}, false,
                    QStringLiteral("DriverIngressOptions has duplicate ServicePort: %1").arg(port.toInteger()) + eachRun);
                break;
            }
            servicePorts.insert(port.toInteger());
            const QString format = item.value(QLatin1String("ingressURLFormat")).toString();
            if (format.isEmpty()) {
                add(LintSeverity::Error, QStringLiteral("webhook"), at, false, QStringLiteral("DriverIngressOptions has empty IngressURLFormat") + eachRun);
                break;
            }
            if (urlFormats.contains(format)) {
                add(LintSeverity::Error, QStringLiteral("webhook"), at + QStringList{QStringLiteral("ingressURLFormat")}, false,
                    QStringLiteral("DriverIngressOptions has duplicate IngressURLFormat: %1").arg(format) + eachRun);
                break;
            }
            urlFormats.insert(format);
        }

        const QJsonObject sparkConf = m_spec.value(QLatin1String("sparkConf")).toObject();
        const QJsonObject metadata = m_json.value(QLatin1String("metadata")).toObject();
        const QString ns = metadata.value(QLatin1String("namespace")).toString().isEmpty() ? m_options.ns
                                                                                            : metadata.value(QLatin1String("namespace")).toString();
        for (auto it = sparkConf.begin(); it != sparkConf.end(); ++it) {
            const QStringList at = app({QStringLiteral("sparkConf"), it.key()});
            for (const auto& [key, why] : deniedSparkConfKeys())
                if (it.key() == key)
                    add(LintSeverity::Error, QStringLiteral("webhook"), at, true,
                        QStringLiteral("sparkConf key \"%1\" is not allowed: %2").arg(key, why));
            if (it.key() != QLatin1String("spark.kubernetes.namespace") || !it.value().isString())
                continue;
            const QString value = it.value().toString();
            if (ns.isEmpty())
                add(LintSeverity::Warning, QStringLiteral("webhook"), at, true,
                    QStringLiteral("sparkConf key \"spark.kubernetes.namespace\" must equal the application's namespace, which "
                                   "this file does not name; it is refused unless the application is created in \"%1\"")
                        .arg(value));
            else if (value != ns)
                add(LintSeverity::Error, QStringLiteral("webhook"), at, true,
                    QStringLiteral("sparkConf key \"spark.kubernetes.namespace\" is not allowed: must equal the application "
                                   "namespace \"%1\", got \"%2\"").arg(ns, value));
        }
    }

    // The job form's rules (model::validate), where an error above has not covered the field.
    void form()
    {
        QSet<QString> secretPaths;
        for (const InlineSecret& s : findInlineSecrets(m_doc))
            secretPaths.insert(s.path);
        for (const FieldProblem& p : validate(m_doc)) {
            const QString path = documentPathOf(p.path, m_scheduled);
            if (p.warning && secretPaths.contains(path))
                continue; // reported by inlineCredentials(), with the fix
            const QStringList segments = path.split(QLatin1Char('.'));
            if (m_errorPaths.contains(fieldPath(segments)))
                continue;
            add(p.warning ? LintSeverity::Warning : LintSeverity::Error, QStringLiteral("form"), segments, false, p.message);
        }
    }

    void inlineCredentials()
    {
        for (const InlineSecret& s : findInlineSecrets(m_doc)) {
            QStringList at = s.path.split(QLatin1Char('.'));
            QString fix;
            if (s.path.endsWith(QLatin1String(".env"))) {
                const QJsonArray env = m_doc.json(s.path).toArray();
                for (qsizetype i = 0; i < env.size(); ++i)
                    if (env.at(i).toObject().value(QLatin1String("name")).toString() == s.key)
                        at = at + QStringList{QStringLiteral("[%1]").arg(i), QStringLiteral("value")};
                const QString key = secretKeyName(s.key);
                fix = QStringLiteral("kubectl create secret generic NAME --from-literal=%1=…, then replace the value with "
                                     "valueFrom: {secretKeyRef: {name: NAME, key: %1}}").arg(key);
            } else {
                at << s.key;
                const QString env = secretEnvName(s.key);
                fix = QStringLiteral("kubectl create secret generic NAME --from-literal=%1=…, give driver and executor the env "
                                     "variable %2 from it (valueFrom.secretKeyRef)").arg(secretKeyName(env), env);
                if (env.startsWith(QLatin1String("AWS_")))
                    fix += QStringLiteral(" and remove this key (S3A reads %1 from the environment)").arg(env);
                else if (s.path.endsWith(QLatin1String(".sparkConf")))
                    fix += QStringLiteral(" and write \"${env:%1}\" here").arg(env);
                else
                    fix += QStringLiteral(" and write \"${env.%1}\" here").arg(env);
            }
            add(LintSeverity::Warning, QStringLiteral("inline-credential"), at, !s.path.endsWith(QLatin1String(".env")),
                QStringLiteral("%1 looks like a credential typed inline; anyone who can read the application sees it. Move it "
                               "into a Secret: %2 (the job editor's \"Move to a Secret\" does this)").arg(s.key, fix));
        }
    }

    const YamlDocument& m_doc;
    int m_index;
    int m_lineOffset;
    const LintOptions& m_options;
    QList<LintFinding>* m_out;
    QJsonObject m_json;
    bool m_scheduled = false;
    QStringList m_app;      // the application spec's path: spec, or spec.template
    QJsonObject m_spec;     // the application spec
    QSet<QString> m_errorPaths; // fields with an error already
};

} // namespace

QString severityName(LintSeverity severity)
{
    return severity == LintSeverity::Error ? QStringLiteral("error") : QStringLiteral("warning");
}

QList<LintFinding> lint(const QString& text, const LintOptions& options)
{
    QList<LintFinding> out;
    const QList<YamlChunk> chunks = splitYamlDocuments(text);
    if (chunks.isEmpty())
        out << LintFinding{1, 1, LintSeverity::Error, QStringLiteral("yaml"), QStringLiteral("the file holds no YAML document"), 0, {}};
    for (qsizetype i = 0; i < chunks.size(); ++i) {
        const YamlChunk& chunk = chunks.at(i);
        YamlError error;
        const auto doc = YamlDocument::parse(chunk.text, &error);
        if (!doc) {
            out << LintFinding{error.line + chunk.firstLine - 1, error.column, LintSeverity::Error, QStringLiteral("yaml"),
                               error.message, int(i), {}};
            continue;
        }
        DocumentLinter(*doc, int(i), chunk.firstLine - 1, options, &out).run();
    }
    std::stable_sort(out.begin(), out.end(), [](const LintFinding& a, const LintFinding& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    return out;
}

} // namespace model
