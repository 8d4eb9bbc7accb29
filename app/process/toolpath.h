#pragma once

#include <QProcessEnvironment>
#include <QString>

namespace proc {

/// Where SparkDeck installs the command-line tools it downloads itself (kind, kubectl, helm):
/// `<GenericDataLocation>/sparkdeck/bin`, i.e. `$XDG_DATA_HOME/sparkdeck/bin`, by default
/// `~/.local/share/sparkdeck/bin` on Linux (QStandardPaths). The directory may not exist yet.
QString toolsDirectory();

/// The program ProcessRunner starts for `program`: `program` itself when it contains a directory
/// separator or is found on PATH; else the executable of that name in toolsDirectory() when there
/// is one; else `program` unchanged (so starting it fails as "not found"). Reads the file system
/// and PATH only; no errors.
QString resolveProgram(const QString& program);

/// `base` (empty = SparkDeck's own environment) with toolsDirectory() appended to PATH, so a
/// child finds the downloaded tools too (a kind that runs kubectl, a kubectl plugin) while
/// anything on PATH still comes first. PATH is left as it is when the directory does not exist.
QProcessEnvironment environmentWithTools(const QProcessEnvironment& base = {});

} // namespace proc
