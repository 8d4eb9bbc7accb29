#include "app/cli/help.h"

#include <QStringList>

namespace cli {

namespace {

QString optionsBlock(const QList<Option>& options)
{
    QStringList left;
    int width = 0;
    for (const Option& o : options) {
        left << optionSynopsis(o);
        width = std::max(width, int(left.last().size()));
    }
    QString out;
    for (int i = 0; i < options.size(); ++i) {
        out += QStringLiteral("  %1  %2\n").arg(left.at(i).leftJustified(width), optionText(options.at(i)));
    }
    return out;
}

/// "Heading:" and a newline, bold on a terminal.
QString heading(const QString& text, const Terminal* terminal)
{
    const QString h = text + QLatin1Char(':');
    return (terminal ? terminal->paint(h, Colour::Bold) : h) + QLatin1Char('\n');
}

} // namespace

QString optionSynopsis(const Option& option)
{
    QStringList names;
    for (const QString& n : option.names)
        names << (n.size() == 1 ? QStringLiteral("-") + n : QStringLiteral("--") + n);
    QString s = names.join(QStringLiteral(", "));
    if (!option.valueName.isEmpty())
        s += QLatin1Char(' ') + option.valueName;
    return s;
}

QString optionText(const Option& o)
{
    QString text = o.description;
    if (!o.values.isEmpty())
        text += QStringLiteral(" One of: %1.").arg(o.values.join(QStringLiteral(", ")));
    if (!o.defaultValue.isEmpty())
        text += QStringLiteral(" Default: %1.").arg(o.defaultValue);
    if (o.repeatable)
        text += QStringLiteral(" May be given more than once.");
    return text;
}

QString exitCodesText()
{
    return QStringLiteral("  0  success (submit --wait: the application COMPLETED)\n"
                          "  1  the job failed, problems were found, or the server refused the request\n"
                          "  2  usage error: a bad command line or an unreadable input file; nothing was sent\n"
                          "  3  no kubeconfig, the cluster is unreachable, or the credentials were refused\n");
}

QString commandHelp(const Command& command, const QString& program, const Terminal* terminal)
{
    QString out = QStringLiteral("Usage: %1 %2%3 [options]\n").arg(program, command.name,
                                                                     command.arguments.isEmpty() ? QString() : QLatin1Char(' ') + command.arguments);
    if (!command.aliases.isEmpty())
        out += QStringLiteral("Aliases: %1\n").arg(command.aliases.join(QStringLiteral(", ")));
    out += QLatin1Char('\n') + command.summary + QLatin1Char('\n');
    if (!command.description.isEmpty())
        out += QLatin1Char('\n') + command.description.trimmed() + QLatin1Char('\n');
    if (!command.options.isEmpty())
        out += QLatin1Char('\n') + heading(QStringLiteral("Options"), terminal) + optionsBlock(command.options);
    out += QLatin1Char('\n') + heading(QStringLiteral("Global options"), terminal) + optionsBlock(globalOptions());
    if (!command.examples.isEmpty()) {
        out += QLatin1Char('\n') + heading(QStringLiteral("Examples"), terminal);
        for (const QString& e : command.examples)
            out += QStringLiteral("  %1\n").arg(QString(e).replace(QStringLiteral("sparkdeck "), program + QLatin1Char(' ')));
    }
    return out;
}

QString commandGroup(const Command& command)
{
    if (!command.group.isEmpty())
        return command.group;
    static const QList<QPair<QString, QStringList>> byName{
        {QStringLiteral("Run jobs"), {QStringLiteral("submit"), QStringLiteral("logs"), QStringLiteral("ui")}},
        {QStringLiteral("Inspect"), {QStringLiteral("list"), QStringLiteral("get"), QStringLiteral("describe"), QStringLiteral("events")}},
        {QStringLiteral("Change"), {QStringLiteral("delete"), QStringLiteral("rerun"), QStringLiteral("suspend"), QStringLiteral("resume")}},
        {QStringLiteral("Check"), {QStringLiteral("lint"), QStringLiteral("fmt"), QStringLiteral("doctor")}},
    };
    for (const auto& [group, names] : byName) {
        if (names.contains(command.name))
            return group;
    }
    return QStringLiteral("Other");
}

QStringList commandGroups()
{
    QStringList groups{QStringLiteral("Run jobs"), QStringLiteral("Inspect"), QStringLiteral("Change"), QStringLiteral("Check")};
    for (const Command& c : commands()) { // groups a command names itself, then "Other"
        if (!groups.contains(commandGroup(c)) && commandGroup(c) != QLatin1String("Other"))
            groups << commandGroup(c);
    }
    return groups << QStringLiteral("Other");
}

QString overviewHelp(const QString& program, const Terminal* terminal)
{
    QString out = QStringLiteral("SparkDeck: submit, watch and debug Apache Spark jobs on Kubernetes (Kubeflow Spark Operator).\n\n")
                  + heading(QStringLiteral("Usage"), terminal);
    const bool window = program == QLatin1String("sparkdeck");
    if (window)
        out += QStringLiteral("  sparkdeck [window options]    start the window\n");
    out += QStringLiteral("  %1 COMMAND [options]\n").arg(program);
    int width = 0;
    for (const Command& c : commands())
        width = c.hidden ? width : std::max(width, int(c.name.size()));
    for (const QString& group : commandGroups()) {
        QString lines;
        for (const Command& c : commands()) {
            if (!c.hidden && commandGroup(c) == group)
                lines += QStringLiteral("  %1  %2\n").arg(c.name.leftJustified(width), c.summary);
        }
        if (!lines.isEmpty())
            out += QLatin1Char('\n') + heading(group, terminal) + lines;
    }
    out += QLatin1Char('\n') + heading(QStringLiteral("Global options (every command)"), terminal) + optionsBlock(globalOptions());
    if (window)
        out += QLatin1Char('\n') + heading(QStringLiteral("Window options (besides --kubeconfig, --context, -n, -A)"), terminal)
               + optionsBlock(windowOptions());
    out += QLatin1Char('\n') + heading(QStringLiteral("Exit codes"), terminal) + exitCodesText();
    out += QStringLiteral("\nRun '%1 COMMAND --help' for a command's options.\n").arg(program);
    return out;
}

} // namespace cli
