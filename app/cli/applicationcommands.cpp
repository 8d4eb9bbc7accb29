#include "app/cli/command.h"
#include "app/cli/invocation.h"

namespace cli {

QList<Command> applicationCommands()
{
    return {};
}

} // namespace cli
