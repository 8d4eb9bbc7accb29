#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace cli {

class Invocation;

/// The exit codes of every command (documented in `sparkdeck help` and the man page).
enum ExitCode : int {
    ExitOk = 0,          ///< done; for `submit --wait`, the application COMPLETED
    ExitFailed = 1,      ///< the job failed, problems were found, or the server refused the request
    ExitUsage = 2,       ///< bad command line or input file (nothing was sent)
    ExitUnreachable = 3, ///< no kubeconfig, cluster unreachable, or the credentials were refused (401/403)
};

/// One option of a command (or a global one). `names` are spelled without dashes; one letter is a
/// short option (`-n`), longer ones are long options (`--namespace`). An option with a
/// `valueName` takes a value (`-o yaml`, `--output=yaml`), one without is a switch.
struct Option {
    QStringList names;
    QString description;
    QString valueName;        ///< empty: a switch
    QString defaultValue;     ///< shown in help; the value when the option is not given
    QStringList values;       ///< the values it accepts, when a fixed set (help, completion)
    bool repeatable = false;  ///< may be given more than once (values() returns all)
};

/// A switch: `-w`, `--watch`.
inline Option flag(QStringList names, QString description)
{
    Option o;
    o.names = std::move(names);
    o.description = std::move(description);
    return o;
}

/// An option with a value: `-o FORMAT`; `values` restricts it to a fixed set (checked before the
/// command runs: anything else is a usage error).
inline Option valued(QStringList names, QString valueName, QString description, QString defaultValue = {},
                     QStringList values = {})
{
    Option o;
    o.names = std::move(names);
    o.valueName = std::move(valueName);
    o.description = std::move(description);
    o.defaultValue = std::move(defaultValue);
    o.values = std::move(values);
    return o;
}

/// What the positional arguments of a command name, for shell completion.
enum class ArgumentKind {
    None,          ///< takes no arguments
    Application,   ///< SparkApplication names in the namespace
    File,          ///< file paths ("-" = standard input where the command says so)
    Word,          ///< a word from Command::argumentValues (e.g. a shell name)
};

/// One command of `sparkdeck COMMAND`. The table of commands (commands()) is the one source of the
/// command line's parsing, `--help` texts, the man page and the shell completion scripts.
struct Command {
    QString name;                 ///< "list"
    QStringList aliases;          ///< {"ls"}
    QString arguments;            ///< synopsis after the name, e.g. "NAME" or "FILE..."
    QString summary;              ///< one line for the command list
    QString description;          ///< paragraphs for `--help` and the man page ("\n\n" between)
    QList<Option> options;        ///< the command's own options (the global ones apply too)
    QStringList examples;         ///< full command lines, e.g. "sparkdeck get spark-pi -o yaml"
    ArgumentKind argumentKind = ArgumentKind::None;
    QStringList argumentValues;   ///< ArgumentKind::Word: the words (none: the command names, as `help` takes)
    int minArguments = 0;         ///< fewer positional arguments is a usage error (exit 2)
    int maxArguments = 0;         ///< more is a usage error; -1 = any number
    /// The heading the overview help and the man page list it under ("Run jobs", "Inspect",
    /// "Change", "Check", "Other"); empty: commandGroup() picks one by the name.
    QString group;
    bool hidden = false;          ///< left out of help, the man page and completion (`__complete`)
    /// Runs the command. It may finish at once or later from the event loop; it must end with
    /// Invocation::finish() (or fail()/usageError()) exactly once. Called in the main thread
    /// with a running event loop.
    std::function<void(Invocation&)> run;
};

/// Every command, in the order help lists them.
const QList<Command>& commands();
/// The options every command takes, as kubectl's: --kubeconfig, --context, -n/--namespace,
/// -A/--all-namespaces, --request-timeout (and -h/--help).
const QList<Option>& globalOptions();
/// The command called `nameOrAlias`, or nullptr.
const Command* findCommand(const QString& nameOrAlias);
/// Where the command is in `words` (the arguments after the program), as kubectl takes global
/// options before it too (`sparkdeck -n spark list`): the index of the first word that is neither
/// a global option nor its value, when it is no option (a command, or an unknown one: the window
/// takes no arguments); words.size() when every word is a global option; -1 when another option
/// comes first (the window's command line).
qsizetype commandIndex(const QStringList& words);
/// The options of the window (`sparkdeck [options]` without a command) besides the global ones it
/// shares (--kubeconfig, --context, -n, -A): --open, --editor, --details, --theme, ... app/main
/// builds its parser from globalOptions() and these; help and the man page list them.
const QList<Option>& windowOptions();
/// The global options the window takes too (all but --request-timeout and --help).
QList<Option> windowGlobalOptions();
/// The group of `command`: its own `group`, else the one of its name in the overview's scheme
/// (submit/logs/ui "Run jobs"; list/get/describe/events "Inspect"; delete/rerun/suspend/resume
/// "Change"; lint/fmt/doctor "Check"), else "Other".
QString commandGroup(const Command& command);
/// The groups in the order help lists them.
QStringList commandGroups();

// The command groups; each returns its commands for commands() to collect (one file a group).
QList<Command> applicationCommands();  ///< list, get, describe, events, delete, rerun, suspend, resume
QList<Command> submitCommands();       ///< submit, logs, ui
QList<Command> lintCommands();         ///< lint, fmt
QList<Command> doctorCommands();       ///< doctor
QList<Command> metaCommands();         ///< help, version, completion, man
QList<Command> historyCommands();      ///< history (list, logs, describe, export)

} // namespace cli
