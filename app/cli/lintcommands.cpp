// lint and fmt: manifests checked and formatted without a cluster. The rules live in
// models/sparklint (model::lint) so the job editor can show the same findings; the formatting is
// what the job editor's Save writes (session::JobDocument::normalizedFileText).

#include "app/cli/command.h"
#include "app/cli/invocation.h"
#include "app/cli/submitsupport.h"
#include "app/session/jobdocument.h"
#include "models/sparklint.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cstdio>

namespace cli {

namespace {

/// A file named on the command line: "-" is standard input, shown as "<stdin>".
struct InputFile {
    QString argument;
    QString shownName() const { return argument == QLatin1String("-") ? QStringLiteral("<stdin>") : argument; }
};

/// "FILE:LINE:COLUMN:", as compilers write a place.
QString place(const QString& file, int line, int column)
{
    return file + QLatin1Char(':') + QString::number(line) + QLatin1Char(':') + QString::number(column) + QLatin1Char(':');
}

/// Reads `file` (readYamlInput()); on failure prints "error: ..." and returns nothing.
std::optional<QString> readInput(const InputFile& file, Terminal& terminal)
{
    QString error;
    auto text = readYamlInput(file.argument, file.shownName(), &error);
    if (!text)
        terminal.error(QStringLiteral("error: ") + error);
    return text;
}

void runLint(Invocation& inv)
{
    Terminal& terminal = inv.terminal();
    const bool json = inv.value(QStringLiteral("output")) == QLatin1String("json");
    model::LintOptions options;
    if (inv.isSet(QStringLiteral("namespace")))
        options.ns = inv.value(QStringLiteral("namespace"));
    bool unreadable = false;
    int errors = 0;
    int warnings = 0;
    int filesWithFindings = 0;
    QJsonArray all;
    for (const QString& argument : inv.arguments()) {
        const InputFile file{argument};
        const auto text = readInput(file, terminal);
        if (!text) {
            unreadable = true;
            continue;
        }
        const QList<model::LintFinding> findings = model::lint(*text, options);
        if (!findings.isEmpty())
            ++filesWithFindings;
        for (const model::LintFinding& f : findings) {
            (f.severity == model::LintSeverity::Error ? errors : warnings) += 1;
            const QString severity = model::severityName(f.severity);
            if (json) {
                all.append(QJsonObject{{QStringLiteral("file"), file.shownName()},
                                       {QStringLiteral("line"), f.line},
                                       {QStringLiteral("column"), f.column},
                                       {QStringLiteral("severity"), severity},
                                       {QStringLiteral("rule"), f.rule},
                                       {QStringLiteral("message"), f.message},
                                       {QStringLiteral("document"), f.document},
                                       {QStringLiteral("path"), f.path}});
                continue;
            }
            const Colour colour = f.severity == model::LintSeverity::Error ? Colour::Red : Colour::Yellow;
            terminal.line(terminal.paint(place(file.shownName(), f.line, f.column), Colour::Bold)
                          + QLatin1Char(' ') + terminal.paint(severity + QLatin1Char(':'), colour) + QLatin1Char(' ') + f.message
                          + QStringLiteral(" [") + f.rule + QLatin1Char(']'));
        }
    }
    if (json)
        terminal.write(QJsonDocument(all).toJson(QJsonDocument::Indented));
    else if (errors + warnings > 0)
        terminal.error(QStringLiteral("%1 error(s), %2 warning(s) in %3 file(s)").arg(errors).arg(warnings).arg(filesWithFindings));
    if (unreadable)
        return inv.finish(ExitUsage);
    const bool strict = inv.isSet(QStringLiteral("strict"));
    inv.finish(errors > 0 || (strict && warnings > 0) ? ExitFailed : ExitOk);
}

/// Replaces `path`'s content with `bytes` through a temporary file renamed over it (QSaveFile
/// keeps the file's permissions). False with `error` set when it could not.
bool rewrite(const QString& path, const QByteArray& bytes, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

void runFmt(Invocation& inv)
{
    Terminal& terminal = inv.terminal();
    const bool write = inv.isSet(QStringLiteral("write"));
    const bool check = inv.isSet(QStringLiteral("check"));
    if (write && check)
        return inv.usageError(QStringLiteral("--write and --check cannot be used together"));
    if (write && inv.arguments().contains(QStringLiteral("-")))
        return inv.usageError(QStringLiteral("--write cannot rewrite standard input"));
    bool failed = false;   // unreadable, unwritable or not YAML
    bool different = false;
    for (const QString& argument : inv.arguments()) {
        const InputFile file{argument};
        const auto text = readInput(file, terminal);
        if (!text) {
            failed = true;
            continue;
        }
        model::YamlError error;
        const auto formatted = session::JobDocument::normalizedFileText(*text, &error);
        if (!formatted) {
            terminal.error(error.located(file.shownName()));
            failed = true;
            continue;
        }
        const QByteArray out = formatted->toUtf8();
        const bool changed = out != text->toUtf8();
        if (check) {
            if (changed) {
                terminal.line(file.shownName());
                different = true;
            }
        } else if (write) {
            QString why;
            if (changed && !rewrite(argument, out, &why)) {
                terminal.error(QStringLiteral("error: cannot write %1: %2").arg(argument, why));
                failed = true;
            }
        } else {
            terminal.write(out);
        }
    }
    inv.finish(failed ? ExitUsage : different ? ExitFailed : ExitOk);
}

/// A command on one or more files ("-": standard input) named `name`.
Command fileCommand(const QString& name, void (*run)(Invocation&))
{
    Command c;
    c.name = name;
    c.arguments = QStringLiteral("FILE...");
    c.argumentKind = ArgumentKind::File;
    c.minArguments = 1;
    c.maxArguments = -1;
    c.run = run;
    return c;
}

} // namespace

QList<Command> lintCommands()
{
    Command lint = fileCommand(QStringLiteral("lint"), runLint);
    lint.summary = QStringLiteral("Check SparkApplication manifests without a cluster.");
    lint.description = QStringLiteral(
        "Checks each FILE (\"-\" reads standard input; several documents separated by \"---\" are allowed) as the API "
        "server, the Spark Operator's webhook and Spark would, and prints one line per finding, as compilers do:\n"
        "  FILE:LINE:COLUMN: error|warning: MESSAGE [RULE]\n"
        "at the offending key or value.\n\n"
        "Rules: yaml (syntax); apiVersion, kind; unknown-field, type, enum, required, pattern, range (the "
        "sparkoperator.k8s.io/v1beta2 CRD schema of operator v2.5.2, as the API server checks it with strict field "
        "validation); duplicate-field (a warning: a key written twice, of which only the last counts); webhook (what "
        "the operator's admission webhook v2.5.2 refuses: the name, sparkConf keys the operator sets itself, node "
        "selectors at two levels, pod templates before Spark 3, ingress options); "
        "form (the job editor's rules: Spark memory sizes such as 2g rather than 2Gi, quantities, restart policy, "
        "dynamic allocation, schedule); inline-credential (warnings: credentials typed where a Secret belongs).\n\n"
        "-n NAMESPACE is the namespace the applications will be created in, for files that do not name one.\n\n"
        "Exit status: 0 when no errors were found (warnings alone do not count unless --strict is given), 1 when "
        "any error was found, 2 when a file cannot be read.");
    lint.options = {
        valued({QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("FORMAT"),
               QStringLiteral("text: one line per finding; json: a JSON array of {file, line, column, severity, rule, message, "
                              "document, path} for editors."),
               QStringLiteral("text"), {QStringLiteral("text"), QStringLiteral("json")}),
        flag({QStringLiteral("strict")}, QStringLiteral("Exit 1 on warnings too.")),
    };
    lint.examples = {QStringLiteral("sparkdeck lint spark-pi.yaml"), QStringLiteral("sparkdeck lint --strict jobs/*.yaml"),
                     QStringLiteral("sparkdeck lint -o json - < spark-pi.yaml")};

    Command fmt = fileCommand(QStringLiteral("fmt"), runFmt);
    fmt.summary = QStringLiteral("Format manifests as the job editor saves them.");
    fmt.description = QStringLiteral(
        "Prints each FILE (\"-\" reads standard input) as the job editor's Save writes it: comments, key order, quoting "
        "and flow or block style kept; line ends made LF, a byte-order mark dropped, trailing blanks removed where that "
        "does not change a value, one newline at the end; documents separated by \"---\".\n\n"
        "--write rewrites the files that would change, in place (keeping their permissions); --check prints the names of "
        "the files that would change and exits 1 when there are any.\n\n"
        "A file that is not valid YAML is reported as FILE:LINE:COLUMN: message and the exit status is 2, as for a file "
        "that cannot be read or written.");
    fmt.options = {
        flag({QStringLiteral("w"), QStringLiteral("write")}, QStringLiteral("Rewrite the files in place instead of printing them.")),
        flag({QStringLiteral("check")}, QStringLiteral("Print the names of files that are not formatted; exit 1 when any.")),
    };
    fmt.examples = {QStringLiteral("sparkdeck fmt spark-pi.yaml"), QStringLiteral("sparkdeck fmt --write jobs/*.yaml"),
                    QStringLiteral("sparkdeck fmt --check jobs/*.yaml")};
    return {lint, fmt};
}

} // namespace cli
