#pragma once

#include <QString>

namespace cli {

/// The man page sparkdeck(1) in roff (man(7) macros), generated from the command table: NAME,
/// SYNOPSIS, DESCRIPTION, COMMANDS (by group, each with its arguments, description, options and
/// examples; hidden ones left out), GLOBAL OPTIONS, WINDOW OPTIONS, EXIT STATUS, ENVIRONMENT,
/// FILES, SEE ALSO. `date` ("2026-11-30") goes into the title line; empty leaves it out (the
/// build's page is then the same whenever it is built).
QString manPage(const QString& date = {});

/// `text` as roff text lines: backslashes escaped, a line starting with '.' or '\'' guarded,
/// paragraphs ("\n\n") separated by .PP, lines starting with spaces kept as they are (.nf).
QString roffParagraphs(const QString& text);

} // namespace cli
