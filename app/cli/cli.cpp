#include "app/cli/cli.h"

#include "app/cli/command.h"
#include "app/cli/completion.h"
#include "app/cli/help.h"
#include "app/cli/invocation.h"
#include "app/cli/terminal.h"
#include "app/cli/windowoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTimer>

namespace cli {

namespace {

/// Checks the values of options with a fixed set; returns the first complaint.
QString checkValues(const Command& command, const QCommandLineParser& parser)
{
    QList<Option> all = command.options;
    all += globalOptions();
    for (const Option& o : all) {
        if (o.values.isEmpty() || !parser.isSet(o.names.constFirst()))
            continue;
        for (const QString& v : parser.values(o.names.constFirst())) {
            if (!o.values.contains(v))
                return QStringLiteral("%1 takes one of %2, not \"%3\"").arg(optionSynopsis(o).section(QLatin1Char(' '), 0, -2),
                                                                            o.values.join(QStringLiteral(", ")), v);
        }
    }
    return {};
}

} // namespace

const QList<Option>& globalOptions()
{
    static const QList<Option> options{
        valued({QStringLiteral("kubeconfig")}, QStringLiteral("FILE"), QStringLiteral("Kubeconfig file(s), ':'-separated (default: $KUBECONFIG, else ~/.kube/config).")),
        valued({QStringLiteral("context")}, QStringLiteral("NAME"), QStringLiteral("The kubeconfig context to use (default: its current-context).")),
        valued({QStringLiteral("n"), QStringLiteral("namespace")}, QStringLiteral("NS"), QStringLiteral("The namespace (default: the context's namespace, else \"default\").")),
        flag({QStringLiteral("A"), QStringLiteral("all-namespaces")}, QStringLiteral("Every namespace (commands that list, and the window).")),
        valued({QStringLiteral("request-timeout")}, QStringLiteral("DURATION"), QStringLiteral("How long a request may wait for the server, e.g. 10s, 1m; 0 waits for ever."), QStringLiteral("30s")),
        flag({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help and exit.")),
    };
    return options;
}

const QList<Command>& commands()
{
    static const QList<Command> all = [] {
        QList<Command> list;
        list += submitCommands();
        list += applicationCommands();
        list += historyCommands();
        list += lintCommands();
        list += doctorCommands();
        list += metaCommands();
        return list;
    }();
    return all;
}

const Command* findCommand(const QString& nameOrAlias)
{
    for (const Command& c : commands()) {
        if (c.name == nameOrAlias || c.aliases.contains(nameOrAlias))
            return &c;
    }
    return nullptr;
}

qsizetype commandIndex(const QStringList& words)
{
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QString& w = words.at(i);
        if (w == QLatin1String("-") || !w.startsWith(QLatin1Char('-')))
            return i; // the window takes no arguments: a word is a command, else an unknown one
        const bool isLong = w.startsWith(QLatin1String("--"));
        const QString name = isLong ? w.mid(2).section(QLatin1Char('='), 0, 0) : w.mid(1, 1);
        const Option* global = nullptr;
        for (const Option& o : globalOptions()) {
            if (o.names.contains(name) && (name.size() > 1) == isLong)
                global = &o;
        }
        if (!global || (!isLong && w.size() > 2 && global->valueName.isEmpty()))
            return -1;
        const bool inlineValue = isLong ? w.contains(QLatin1Char('=')) : w.size() > 2;
        if (!global->valueName.isEmpty() && !inlineValue)
            ++i; // its value
    }
    return words.size();
}

bool isCommandLine(int argc, char* argv[])
{
    if (argc < 2)
        return false;
    const QString a = QString::fromLocal8Bit(argv[1]);
    if (a == QLatin1String("-h") || a == QLatin1String("--help") || a == QLatin1String("--version"))
        return true;
    QStringList words;
    for (int i = 1; i < argc; ++i)
        words << QString::fromLocal8Bit(argv[i]);
    const qsizetype at = commandIndex(words);
    return at >= 0 && at < words.size();
}

int main(int argc, char* argv[], const char* programName)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("SparkDeck"));
    QCoreApplication::setOrganizationName(QStringLiteral("SparkDeck"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SPARKDECK_VERSION));
    const QString program = QString::fromUtf8(programName);
    Terminal terminal;

    QStringList args = QCoreApplication::arguments();
    if (args.size() < 2 || args.at(1) == QLatin1String("-h") || args.at(1) == QLatin1String("--help")) {
        terminal.print(overviewHelp(program, &terminal));
        return ExitOk;
    }
    if (args.at(1) == QLatin1String("--version"))
        args[1] = QStringLiteral("version");
    const qsizetype at = commandIndex(args.mid(1)) + 1; // `sparkdeck -n spark list`: the command first
    if (at > 1 && at < args.size())
        args.move(at, 1);
    const Command* command = findCommand(args.at(1));
    if (!command) {
        terminal.error(QStringLiteral("error: unknown command \"%1\" for \"%2\"").arg(args.at(1), program));
        terminal.error(QStringLiteral("See '%1 --help' for the commands.").arg(program));
        return ExitUsage;
    }

    if (command->name == QLatin1String("__complete")) // the words are the ones to complete, not options
        return complete(args.mid(2), program, terminal);

    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsCompactedShortOptions);
    addOptions(parser, globalOptions());
    addOptions(parser, command->options);
    args.removeAt(1); // the command; QCommandLineParser sees "program [options] args"
    auto usage = [&](const QString& message) {
        terminal.error(QStringLiteral("error: %1").arg(message));
        terminal.error(QStringLiteral("See '%1 %2 --help' for usage.").arg(program, command->name));
        return int(ExitUsage);
    };
    if (!parser.parse(args))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        terminal.print(commandHelp(*command, program, &terminal));
        return ExitOk;
    }
    const QString badValue = checkValues(*command, parser);
    if (!badValue.isEmpty())
        return usage(badValue);
    const qsizetype n = parser.positionalArguments().size();
    if (n < command->minArguments)
        return usage(QStringLiteral("%1 needs %2").arg(command->name, command->arguments.isEmpty() ? QStringLiteral("arguments") : command->arguments));
    if (command->maxArguments >= 0 && n > command->maxArguments)
        return usage(command->maxArguments == 0 ? QStringLiteral("%1 takes no arguments").arg(command->name)
                                                : QStringLiteral("%1 takes at most %2 argument(s): %3").arg(command->name).arg(command->maxArguments).arg(command->arguments));

    Invocation invocation(*command, parser, program, terminal);
    QTimer::singleShot(0, &app, [&] { command->run(invocation); });
    const int code = QCoreApplication::exec();
    return code;
}

} // namespace cli
