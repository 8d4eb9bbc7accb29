// kubectl-sparkdeck: the kubectl plugin. `kubectl sparkdeck COMMAND ...` runs it with the words after
// "sparkdeck"; it runs the same commands as `sparkdeck COMMAND`, headless.

#include "app/cli/cli.h"

int main(int argc, char* argv[])
{
    return cli::main(argc, argv, "kubectl sparkdeck");
}
