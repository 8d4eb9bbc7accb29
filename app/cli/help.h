#pragma once

#include "app/cli/command.h"
#include "app/cli/terminal.h"

#include <QString>

namespace cli {

/// The `--help` text of `command` as `program` ("sparkdeck") names it: usage line, summary,
/// description, its options, the global options, examples. Lines end in "\n"; the headings are
/// bold when `terminal` is given and its standard output takes colour (Terminal::paint).
QString commandHelp(const Command& command, const QString& program, const Terminal* terminal = nullptr);
/// The overview `sparkdeck help` prints: how to start the window, the commands by group with their
/// summaries, the global options, the window's options (for "sparkdeck") and the exit codes.
/// Headings as commandHelp().
QString overviewHelp(const QString& program, const Terminal* terminal = nullptr);
/// One option as help shows it on the left: "-n, --namespace NAME".
QString optionSynopsis(const Option& option);
/// Its text as help, the man page and the window's --help show it: the description, then "One of:
/// a, b." for fixed values, "Default: x." and "May be given more than once." where they apply.
QString optionText(const Option& option);
/// The exit codes and their meaning, one per line ("  0  ...").
QString exitCodesText();

} // namespace cli
