// sparkdeck(1): the man page, generated from the command table (`sparkdeck man`; the build writes
// share/man/man1/sparkdeck.1 with it).

#include "app/cli/man.h"

#include "app/cli/command.h"
#include "app/cli/help.h"

#include <QRegularExpression>
#include <QStringList>

namespace cli {

namespace {

/// Escapes one piece of text for roff (not at a line start): backslashes, and every character
/// outside ASCII as a troff special character (the common punctuation by name, others as groff's
/// \[uXXXX]), since troff reads its input as Latin-1.
QString escaped(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (const char32_t c : text.toUcs4()) {
        if (c == U'\\')
            out += QStringLiteral("\\e");
        else if (c < 0x80)
            out += QChar(char16_t(c));
        else if (c == 0x2026) // … has no glyph on troff's ascii and latin1 devices
            out += QStringLiteral("...");
        else if (c == 0x2192)
            out += QStringLiteral("\\(->");
        else if (c == 0x2014)
            out += QStringLiteral("\\(em");
        else if (c == 0x2013)
            out += QStringLiteral("\\(en");
        else if (c == 0x2018 || c == 0x2019)
            out += QLatin1Char('\'');
        else if (c == 0x201C)
            out += QStringLiteral("\\(lq");
        else if (c == 0x201D)
            out += QStringLiteral("\\(rq");
        else if (c == 0x00D7)
            out += QStringLiteral("\\(mu");
        else
            out += QStringLiteral("\\[u%1]").arg(QString::number(uint(c), 16).toUpper().rightJustified(4, QLatin1Char('0')));
    }
    return out;
}

/// A line of roff text: escaped, guarded when it would start a request.
QString textLine(const QString& line)
{
    QString out = escaped(line);
    if (out.startsWith(QLatin1Char('.')) || out.startsWith(QLatin1Char('\'')))
        out.prepend(QStringLiteral("\\&"));
    return out;
}

/// A command line or option name: hyphens as minus signs (so they can be searched and copied).
QString literal(const QString& text)
{
    return escaped(text).replace(QLatin1Char('-'), QStringLiteral("\\-"));
}

QString optionEntry(const Option& o)
{
    QStringList names;
    for (const QString& n : o.names)
        names << QStringLiteral("\\fB%1\\fR").arg(literal((n.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + n));
    QString head = names.join(QStringLiteral(", "));
    if (!o.valueName.isEmpty())
        head += QStringLiteral(" \\fI%1\\fR").arg(escaped(o.valueName));
    return QStringLiteral(".TP\n%1\n%2").arg(head, roffParagraphs(optionText(o)));
}

QString optionEntries(const QList<Option>& options)
{
    QString out;
    for (const Option& o : options)
        out += optionEntry(o);
    return out;
}

/// The synopsis words after the command name, arguments in italics.
QString argumentsSynopsis(const QString& arguments)
{
    if (arguments.isEmpty())
        return {};
    static const QRegularExpression word(QStringLiteral("([A-Z][A-Z0-9_]*)"));
    QString out = literal(arguments);
    out.replace(word, QStringLiteral("\\fI\\1\\fR"));
    return QLatin1Char(' ') + out;
}

QString commandEntry(const Command& c)
{
    QString out = QStringLiteral(".PP\n\\fBsparkdeck %1\\fR%2 [\\fIoptions\\fR]\n.RS 4\n")
                      .arg(literal(c.name), argumentsSynopsis(c.arguments));
    out += roffParagraphs(c.summary);
    if (!c.aliases.isEmpty())
        out += QStringLiteral(".PP\nAliases: %1\n").arg(literal(c.aliases.join(QStringLiteral(", "))));
    if (!c.description.trimmed().isEmpty())
        out += QStringLiteral(".PP\n") + roffParagraphs(c.description.trimmed());
    if (!c.options.isEmpty())
        out += QStringLiteral(".PP\nOptions:\n") + optionEntries(c.options);
    if (!c.examples.isEmpty()) {
        out += QStringLiteral(".PP\nExamples:\n.RS 2\n.nf\n");
        for (const QString& e : c.examples)
            out += literal(e).prepend(e.startsWith(QLatin1Char('.')) ? QStringLiteral("\\&") : QString()) + QLatin1Char('\n');
        out += QStringLiteral(".fi\n.RE\n");
    }
    return out + QStringLiteral(".RE\n");
}

} // namespace

QString roffParagraphs(const QString& text)
{
    QString out;
    const QStringList paragraphs = text.trimmed().split(QRegularExpression(QStringLiteral("\\n\\s*\\n")));
    for (qsizetype p = 0; p < paragraphs.size(); ++p) {
        if (p > 0)
            out += QStringLiteral(".PP\n");
        bool verbatim = false;
        for (const QString& line : paragraphs.at(p).split(QLatin1Char('\n'))) {
            const bool indented = line.startsWith(QLatin1Char(' '));
            if (indented != verbatim) {
                out += indented ? QStringLiteral(".nf\n") : QStringLiteral(".fi\n");
                verbatim = indented;
            }
            out += (indented ? literal(line).prepend(QStringLiteral("\\&")) : textLine(line.trimmed())) + QLatin1Char('\n');
        }
        if (verbatim)
            out += QStringLiteral(".fi\n");
    }
    return out;
}

QString manPage(const QString& date)
{
    QString out = QStringLiteral(".\\\" sparkdeck(1), written by `sparkdeck man` from the command table.\n"
                                 ".TH SPARKDECK 1 \"%1\" \"SparkDeck %2\" \"User Commands\"\n")
                      .arg(date, QStringLiteral(SPARKDECK_VERSION));
    out += QStringLiteral(".SH NAME\nsparkdeck, kubectl\\-sparkdeck \\- submit, watch and debug Apache Spark jobs on Kubernetes\n");
    out += QStringLiteral(".SH SYNOPSIS\n"
                          "\\fBsparkdeck\\fR [\\fIwindow options\\fR]\n.br\n"
                          "\\fBsparkdeck\\fR \\fICOMMAND\\fR [\\fIARGUMENTS\\fR] [\\fIoptions\\fR]\n.br\n"
                          "\\fBkubectl sparkdeck\\fR \\fICOMMAND\\fR [\\fIARGUMENTS\\fR] [\\fIoptions\\fR]\n");
    out += QStringLiteral(".SH DESCRIPTION\n"
                          "SparkDeck is a desktop dashboard and a command line for Apache Spark applications run by the "
                          "Kubeflow Spark Operator (SparkApplication resources).\n"
                          ".PP\n"
                          "Without a command, \\fBsparkdeck\\fR opens the window on the cluster of the kubeconfig's context. "
                          "With a command it runs headless (no display needed) and prints to standard output, "
                          "for scripts, CI and terminals. "
                          "\\fBkubectl\\-sparkdeck\\fR is the same command line as a kubectl plugin: "
                          "\\fBkubectl sparkdeck\\fR \\fICOMMAND\\fR runs it when it is on \\fBPATH\\fR.\n"
                          ".PP\n"
                          "Like kubectl, every command reads the kubeconfig, talks to the API server directly and "
                          "takes the global options below.\n");
    out += QStringLiteral(".SH COMMANDS\n");
    for (const QString& group : commandGroups()) {
        QString entries;
        for (const Command& c : commands()) {
            if (!c.hidden && commandGroup(c) == group)
                entries += commandEntry(c);
        }
        if (entries.startsWith(QLatin1String(".PP\n"))) // .SS starts a paragraph already
            entries.remove(0, 4);
        if (!entries.isEmpty())
            out += QStringLiteral(".SS %1\n").arg(textLine(group)) + entries;
    }
    out += QStringLiteral(".SH GLOBAL OPTIONS\nEvery command takes these.\n") + optionEntries(globalOptions());
    out += QStringLiteral(".SH WINDOW OPTIONS\n\\fBsparkdeck\\fR without a command opens the window; it takes "
                          "\\fB\\-\\-kubeconfig\\fR, \\fB\\-\\-context\\fR, \\fB\\-n\\fR and \\fB\\-A\\fR as above, and:\n")
           + optionEntries(windowOptions());
    out += QStringLiteral(".SH EXIT STATUS\n");
    static const QRegularExpression codeLine(QStringLiteral("^\\s*(\\d+)\\s+(.*)$"));
    for (const QString& line : exitCodesText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const auto m = codeLine.match(line);
        if (m.hasMatch())
            out += QStringLiteral(".TP\n.B %1\n%2\n").arg(m.captured(1), textLine(m.captured(2)));
    }
    out += QStringLiteral(".SH ENVIRONMENT\n"
                          ".TP\n.B KUBECONFIG\nThe kubeconfig file(s), ':'-separated, when \\fB\\-\\-kubeconfig\\fR is not given "
                          "(default: \\fI~/.kube/config\\fR).\n"
                          ".TP\n.B NO_COLOR\nAny value turns colours off (no-color.org). Colours are used only when the output "
                          "is a terminal and \\fBTERM\\fR is not \\fBdumb\\fR.\n"
                          ".TP\n.B SPARKDECK_KUBECTL\nThe kubectl program to run for port forwarding and the commands shown "
                          "to copy (default: \\fBkubectl\\fR on \\fBPATH\\fR, else the one the setup wizard downloaded into "
                          "the tools directory, \\fI$XDG_DATA_HOME/sparkdeck/bin\\fR, by default "
                          "\\fI~/.local/share/sparkdeck/bin\\fR).\n");
    out += QStringLiteral(".SH FILES\n"
                          ".TP\n.I ~/.kube/config\nThe kubeconfig read when neither \\fB\\-\\-kubeconfig\\fR nor \\fBKUBECONFIG\\fR "
                          "names one.\n"
                          ".TP\n.I ~/.config/SparkDeck/SparkDeck.conf\nThe window's settings (geometry, recent files).\n"
                          ".TP\n.I ~/.local/share/SparkDeck/SparkDeck/draft.yaml\nThe job editor's autosaved draft.\n");
    out += QStringLiteral(".SH SEE ALSO\n.BR kubectl (1)\n");
    return out;
}

} // namespace cli
