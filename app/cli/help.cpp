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
        const Option& o = options.at(i);
        QString text = o.description;
        if (!o.values.isEmpty())
            text += QStringLiteral(" One of: %1.").arg(o.values.join(QStringLiteral(", ")));
        if (!o.defaultValue.isEmpty())
            text += QStringLiteral(" Default: %1.").arg(o.defaultValue);
        out += QStringLiteral("  %1  %2\n").arg(left.at(i).leftJustified(width), text);
    }
    return out;
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

QString exitCodesText()
{
    return QStringLiteral("  0  success (submit --wait: the application COMPLETED)\n"
                          "  1  the job failed, problems were found, or the server refused the request\n"
                          "  2  usage error: a bad command line or an unreadable input file; nothing was sent\n"
                          "  3  no kubeconfig, the cluster is unreachable, or the credentials were refused\n");
}

QString commandHelp(const Command& command, const QString& program)
{
    QString out = QStringLiteral("Usage: %1 %2%3 [options]\n").arg(program, command.name,
                                                                     command.arguments.isEmpty() ? QString() : QLatin1Char(' ') + command.arguments);
    if (!command.aliases.isEmpty())
        out += QStringLiteral("Aliases: %1\n").arg(command.aliases.join(QStringLiteral(", ")));
    out += QLatin1Char('\n') + command.summary + QLatin1Char('\n');
    if (!command.description.isEmpty())
        out += QLatin1Char('\n') + command.description.trimmed() + QLatin1Char('\n');
    if (!command.options.isEmpty())
        out += QStringLiteral("\nOptions:\n") + optionsBlock(command.options);
    out += QStringLiteral("\nGlobal options:\n") + optionsBlock(globalOptions());
    if (!command.examples.isEmpty()) {
        out += QStringLiteral("\nExamples:\n");
        for (const QString& e : command.examples)
            out += QStringLiteral("  %1\n").arg(QString(e).replace(QStringLiteral("sparkdeck "), program + QLatin1Char(' ')));
    }
    return out;
}

QString overviewHelp(const QString& program)
{
    QString out = QStringLiteral("SparkDeck: submit, watch and debug Apache Spark jobs on Kubernetes (Kubeflow Spark Operator).\n\n"
                                 "Usage:\n");
    if (program == QLatin1String("sparkdeck"))
        out += QStringLiteral("  sparkdeck [--kubeconfig FILE] [--context NAME] [-n NS | -A] [--open FILE]   start the window\n");
    out += QStringLiteral("  %1 COMMAND [options]\n\nCommands:\n").arg(program);
    int width = 0;
    for (const Command& c : commands())
        width = std::max(width, int(c.name.size()));
    for (const Command& c : commands())
        out += QStringLiteral("  %1  %2\n").arg(c.name.leftJustified(width), c.summary);
    out += QStringLiteral("\nGlobal options (every command):\n") + optionsBlock(globalOptions());
    out += QStringLiteral("\nExit codes:\n") + exitCodesText();
    out += QStringLiteral("\nRun '%1 COMMAND --help' for a command's options.\n").arg(program);
    return out;
}

} // namespace cli
