#pragma once

#include "app/cli/command.h"

#include <QStringList>

#include <functional>

namespace cli {

class Terminal;

/// What the shell does besides offering the candidates: spf13/cobra's ShellCompDirective values,
/// printed last by `__complete` as ":N" (kubectl ≥ 1.26 reads the same from a plugin's
/// kubectl_complete-PLUGIN). One value at a time, so the scripts compare rather than mask.
enum CompletionDirective : int {
    CompleteFiles = 0,          ///< the candidates; with none, file names
    CompleteError = 1,          ///< nothing to offer (an unknown command)
    CompleteNoFiles = 4,        ///< the candidates only, never file names
    CompleteFileExtensions = 8, ///< file names ending in one of the candidates ("yaml") and directories
    CompleteDirectories = 16,   ///< directory names only
};

/// The candidates for one word: "word" or "word\tdescription", already matching the word's prefix
/// (for CompleteFileExtensions: the extensions, without dots).
struct Completion {
    QStringList candidates;
    int directive = CompleteFiles;
};

/// Where completion finds the names it cannot read from the command table. Each gets the global
/// options on the line as "--name=value" (--kubeconfig, --context, --namespace, --request-timeout)
/// and "--all-namespaces", and returns names (empty when they cannot be had).
struct CompletionSources {
    std::function<QStringList(const QStringList& globalFlags)> applications; ///< SparkApplication names
    std::function<QStringList(const QStringList& globalFlags)> contexts;     ///< kubeconfig contexts
};

/// The sources of a real run: applications from `PROGRAM list -o name GLOBALS` (this binary, at
/// most 10 s; the resource prefix stripped; none when the table has no `list`), contexts from
/// the kubeconfig the flags (else $KUBECONFIG, ~/.kube/config) name.
CompletionSources liveCompletionSources();

/// The candidates for the last of `words`, the words after the program name as the shell split
/// them (the last one is the word being completed, "" for a new one). `window`: the program
/// starts the window too (`sparkdeck`, not `kubectl sparkdeck`), so a first word starting with
/// "-" completes the window's options. Command names, aliases, options (long and short), fixed
/// option values (Option::values) and positional arguments by ArgumentKind all come from
/// commands(); hidden commands are never offered.
Completion completionFor(const QStringList& words, bool window, const CompletionSources& sources);

/// `__complete WORDS...`: prints completionFor(words) as cobra's __complete does: one candidate a
/// line, then ":DIRECTIVE". Returns ExitOk.
int complete(const QStringList& words, const QString& program, Terminal& terminal);

/// The shells `completion` writes a script for: bash, zsh, fish.
QStringList completionShells();
/// The completion script of `shell` for the command `sparkdeck`: a thin function calling
/// `sparkdeck __complete` (the first word on the line, so a path works too) and applying the
/// directive. Empty for an unknown shell.
QString completionScript(const QString& shell);

} // namespace cli
