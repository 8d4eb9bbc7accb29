#include "app/cli/command.h"
#include "app/cli/invocation.h"

namespace cli {

QList<Command> submitCommands()
{
    return {};
}

} // namespace cli
