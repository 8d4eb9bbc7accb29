// help and version; completion and man are in their own files.

#include "app/cli/command.h"
#include "app/cli/help.h"
#include "app/cli/invocation.h"

namespace cli {

QList<Command> metaCommands()
{
    Command help;
    help.name = QStringLiteral("help");
    help.arguments = QStringLiteral("[COMMAND]");
    help.summary = QStringLiteral("Show the commands, or one command's options.");
    help.argumentKind = ArgumentKind::Word;
    help.maxArguments = 1;
    help.run = [](Invocation& inv) {
        if (inv.arguments().isEmpty()) {
            inv.terminal().print(overviewHelp(inv.program()));
            return inv.finish(ExitOk);
        }
        const Command* c = findCommand(inv.arguments().constFirst());
        if (!c)
            return inv.usageError(QStringLiteral("unknown command \"%1\"").arg(inv.arguments().constFirst()));
        inv.terminal().print(commandHelp(*c, inv.program()));
        inv.finish(ExitOk);
    };

    Command version;
    version.name = QStringLiteral("version");
    version.summary = QStringLiteral("Show SparkDeck's version.");
    version.run = [](Invocation& inv) {
        inv.terminal().line(QStringLiteral("sparkdeck %1 (Qt %2)").arg(QStringLiteral(SPARKDECK_VERSION), QString::fromLatin1(qVersion())));
        inv.finish(ExitOk);
    };
    return {help, version};
}

} // namespace cli
