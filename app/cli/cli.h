#pragma once

namespace cli {

/// True when argv starts the command line rather than the window: argv[1] is "-h", "--help" or
/// "--version", or a command name or alias follows the global options (commandIndex()).
bool isCommandLine(int argc, char* argv[]);

/// Runs `sparkdeck COMMAND ...` headless: creates the QCoreApplication (no display needed; no
/// widget code runs), parses argv against the command table, runs the command with an event loop
/// and returns its exit code (cli::ExitCode). `program` is how help texts name the program
/// ("sparkdeck", or "kubectl sparkdeck" for the kubectl plugin). Prints to stdout/stderr.
int main(int argc, char* argv[], const char* program);

} // namespace cli
