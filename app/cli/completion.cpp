// Shell completion: `__complete` (the candidates for a word, from the command table) and the thin
// bash, zsh and fish scripts that call it.

#include "app/cli/completion.h"

#include "app/cli/terminal.h"
#include "app/kube/kubeconfig.h"

#include <QCoreApplication>
#include <QProcess>

namespace cli {

namespace {

const Option* findOption(const QList<Option>& options, const QString& name)
{
    for (const Option& o : options) {
        if (o.names.contains(name))
            return &o;
    }
    return nullptr;
}

bool isGlobal(const Option* o)
{
    for (const Option& g : globalOptions()) {
        if (g.names == o->names)
            return true;
    }
    return false;
}

/// `names` that start with `prefix`, each with its description after a tab.
void addMatching(QStringList& out, const QString& prefix, const QString& candidate, const QString& description = {})
{
    if (candidate.startsWith(prefix))
        out << (description.isEmpty() ? candidate : candidate + QLatin1Char('\t') + description);
}

Completion optionNames(const QList<Option>& options, const QString& prefix)
{
    Completion c;
    c.directive = CompleteNoFiles;
    for (const Option& o : options) {
        for (const QString& n : o.names)
            addMatching(c.candidates, prefix, (n.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + n, o.description);
    }
    return c;
}

/// The values of option `o` that start with `prefix`, each written after `before` ("--output=").
Completion optionValues(const Option& o, const QString& prefix, const QString& before, const QStringList& globalFlags,
                        const CompletionSources& sources)
{
    Completion c;
    c.directive = CompleteNoFiles;
    QStringList values = o.values;
    if (values.isEmpty() && o.names.contains(QStringLiteral("context")) && sources.contexts)
        values = sources.contexts(globalFlags);
    if (!values.isEmpty()) {
        for (const QString& v : values)
            addMatching(c.candidates, prefix, before + v);
        return c;
    }
    const QString kind = o.valueName.toUpper();
    if (o.names.contains(QStringLiteral("kubeconfig")) || (kind.startsWith(QLatin1String("FILE")) && !before.isEmpty()))
        c.directive = CompleteFiles;
    else if (kind.startsWith(QLatin1String("FILE")))
        c = {{QStringLiteral("yaml"), QStringLiteral("yml")}, CompleteFileExtensions};
    else if (kind.startsWith(QLatin1String("DIR")))
        c.directive = CompleteDirectories;
    return c;
}

} // namespace

Completion completionFor(const QStringList& words, bool window, const CompletionSources& sources)
{
    const QString current = words.isEmpty() ? QString() : words.constLast();
    // Before the command: the global options (kubectl's order, `sparkdeck -n spark list`), and for
    // `sparkdeck` the window's; after it, the command's and the global ones.
    QList<Option> options = globalOptions();
    options << flag({QStringLiteral("version")}, QStringLiteral("Show the version."));
    if (window)
        options += windowOptions();
    const Command* command = nullptr;
    bool windowLine = false; // an option only the window takes: no command can follow
    QStringList globalFlags;
    QStringList positional;
    const Option* pending = nullptr;
    bool onlyArguments = false;
    auto record = [&](const Option* o, const QString& value) {
        if (isGlobal(o))
            globalFlags << QStringLiteral("--%1=%2").arg(o->names.constLast(), value);
    };
    auto seen = [&](const Option* o) { // an option given; a switch is all there is of it
        if (!command && !isGlobal(o))
            windowLine = true;
        if (o->valueName.isEmpty() && isGlobal(o) && o->names.contains(QStringLiteral("all-namespaces")))
            globalFlags << QStringLiteral("--all-namespaces");
    };
    for (qsizetype i = 0; i + 1 < words.size(); ++i) {
        const QString& w = words.at(i);
        if (pending) {
            record(pending, w);
            pending = nullptr;
        } else if (onlyArguments || w == QLatin1String("-") || !w.startsWith(QLatin1Char('-'))) {
            if (command || windowLine) {
                positional << w;
                continue;
            }
            command = findCommand(w);
            if (!command || command->hidden)
                return {{}, CompleteError};
            options = command->options + globalOptions();
        } else if (w == QLatin1String("--")) {
            onlyArguments = true;
        } else if (w.startsWith(QLatin1String("--"))) {
            const Option* o = findOption(options, w.mid(2).section(QLatin1Char('='), 0, 0));
            if (!o)
                continue;
            seen(o);
            if (o->valueName.isEmpty())
                continue;
            if (w.contains(QLatin1Char('=')))
                record(o, w.section(QLatin1Char('='), 1));
            else
                pending = o;
        } else {
            for (qsizetype j = 1; j < w.size(); ++j) { // -An, -nspark, -o yaml
                const Option* o = findOption(options, w.mid(j, 1));
                if (!o)
                    break;
                seen(o);
                if (o->valueName.isEmpty())
                    continue;
                if (j + 1 < w.size())
                    record(o, w.mid(j + 1));
                else
                    pending = o;
                break;
            }
        }
    }

    if (pending)
        return optionValues(*pending, current, {}, globalFlags, sources);
    if (!onlyArguments && current.startsWith(QLatin1String("--")) && current.contains(QLatin1Char('='))) {
        const Option* o = findOption(options, current.mid(2).section(QLatin1Char('='), 0, 0));
        if (!o || o->valueName.isEmpty())
            return {{}, CompleteNoFiles};
        const QString before = current.section(QLatin1Char('='), 0, 0) + QLatin1Char('=');
        return optionValues(*o, current, before, globalFlags, sources);
    }
    if (!onlyArguments && current.startsWith(QLatin1Char('-')))
        return optionNames(options, current);
    if (!command && !windowLine) {
        Completion c;
        c.directive = CompleteNoFiles;
        for (const Command& candidate : commands()) {
            if (candidate.hidden)
                continue;
            addMatching(c.candidates, current, candidate.name, candidate.summary);
            if (!candidate.name.startsWith(current)) {
                for (const QString& alias : candidate.aliases)
                    addMatching(c.candidates, current, alias, candidate.summary);
            }
        }
        return c;
    }
    if (!command || (command->maxArguments >= 0 && positional.size() >= command->maxArguments))
        return {{}, CompleteNoFiles};

    Completion c;
    c.directive = CompleteNoFiles;
    switch (command->argumentKind) {
    case ArgumentKind::None:
        break;
    case ArgumentKind::Application:
        if (sources.applications) {
            for (const QString& name : sources.applications(globalFlags)) {
                if (!positional.contains(name))
                    addMatching(c.candidates, current, name);
            }
        }
        break;
    case ArgumentKind::File:
        c = {{QStringLiteral("yaml"), QStringLiteral("yml")}, CompleteFileExtensions};
        break;
    case ArgumentKind::Word:
        if (!command->argumentValues.isEmpty()) {
            for (const QString& w : command->argumentValues)
                addMatching(c.candidates, current, w);
        } else {
            for (const Command& other : commands()) {
                if (!other.hidden)
                    addMatching(c.candidates, current, other.name, other.summary);
            }
        }
        break;
    }
    return c;
}

CompletionSources liveCompletionSources()
{
    CompletionSources sources;
    sources.applications = [](const QStringList& globalFlags) -> QStringList {
        if (!findCommand(QStringLiteral("list")))
            return {};
        QStringList args{QStringLiteral("list"), QStringLiteral("-o"), QStringLiteral("name")};
        args += globalFlags;
        if (globalFlags.filter(QStringLiteral("--request-timeout=")).isEmpty())
            args << QStringLiteral("--request-timeout=5s");
        QProcess list;
        list.setProcessChannelMode(QProcess::SeparateChannels);
        list.setStandardInputFile(QProcess::nullDevice());
        list.start(QCoreApplication::applicationFilePath(), args);
        if (!list.waitForFinished(10'000)) {
            list.kill();
            list.waitForFinished(1000);
            return {};
        }
        if (list.exitStatus() != QProcess::NormalExit || list.exitCode() != 0)
            return {};
        QStringList names;
        for (const QString& line : QString::fromUtf8(list.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            names << line.trimmed().section(QLatin1Char('/'), -1); // sparkapplication.sparkoperator.k8s.io/NAME
        return names;
    };
    sources.contexts = [](const QStringList& globalFlags) -> QStringList {
        QStringList files = kube::Kubeconfig::defaultFiles();
        bool explicitFiles = false;
        for (const QString& f : globalFlags) {
            if (f.startsWith(QLatin1String("--kubeconfig="))) {
                files = f.mid(13).split(QLatin1Char(':'), Qt::SkipEmptyParts);
                explicitFiles = true;
            }
        }
        kube::KubeconfigError error;
        const auto kubeconfig = kube::Kubeconfig::load(files, explicitFiles, &error);
        return kubeconfig ? kubeconfig->contextNames() : QStringList();
    };
    return sources;
}

int complete(const QStringList& words, const QString& program, Terminal& terminal)
{
    const Completion c = completionFor(words, program == QLatin1String("sparkdeck"), liveCompletionSources());
    QString out;
    for (const QString& candidate : c.candidates)
        out += candidate + QLatin1Char('\n');
    out += QStringLiteral(":%1\n").arg(c.directive);
    terminal.print(out);
    return ExitOk;
}

QStringList completionShells()
{
    return {QStringLiteral("bash"), QStringLiteral("zsh"), QStringLiteral("fish")};
}

QString completionScript(const QString& shell)
{
    if (shell == QLatin1String("bash")) {
        return QStringLiteral(R"BASH(# bash completion for sparkdeck (written by `sparkdeck completion bash`).
# Load it with `source <(sparkdeck completion bash)`, or save it as
# ~/.local/share/bash-completion/completions/sparkdeck.
# The candidates come from `sparkdeck __complete WORDS...`: one a line (a tab before a description),
# then ":N": 1 nothing, 4 no file names, 8 files with the listed extensions, 16 directories,
# 0 file names when there is no candidate.
_sparkdeck() {
    local cur cword
    local -a words
    if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
        _get_comp_words_by_ref -n =: cur words cword
    else
        cur=${COMP_WORDS[COMP_CWORD]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi
    local out line
    out=$("${words[0]}" __complete "${words[@]:1:cword-1}" "$cur" 2>/dev/null) || return 0
    local -a lines=()
    while IFS= read -r line; do lines+=("$line"); done <<<"$out"
    local directive=0 last=$(( ${#lines[@]} - 1 ))
    if (( last >= 0 )) && [[ ${lines[last]} == :* ]]; then
        directive=${lines[last]#:}
        unset "lines[$last]"
    fi
    COMPREPLY=()
    case $directive in
    1)
        compopt +o default 2>/dev/null
        ;;
    8)
        compopt -o filenames 2>/dev/null
        local file ext
        while IFS= read -r file; do
            if [[ -d $file ]]; then
                COMPREPLY+=("$file")
                continue
            fi
            for ext in "${lines[@]}"; do
                if [[ $file == *."$ext" ]]; then
                    COMPREPLY+=("$file")
                    break
                fi
            done
        done < <(compgen -f -- "$cur")
        ;;
    16)
        compopt -o filenames 2>/dev/null
        while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -d -- "$cur")
        ;;
    *)
        local candidate
        for line in "${lines[@]}"; do
            candidate=${line%%$'\t'*}
            [[ -n $candidate && $candidate == "$cur"* ]] && COMPREPLY+=("$candidate")
        done
        [[ $directive == 4 ]] && compopt +o default 2>/dev/null
        # bash replaces only what follows the last '=' or ':' of the word.
        if [[ $cur == *[=:]* ]]; then
            local before=${cur%"${cur##*[=:]}"}
            COMPREPLY=("${COMPREPLY[@]#"$before"}")
        fi
        ;;
    esac
    return 0
}
complete -o default -F _sparkdeck sparkdeck
)BASH");
    }
    if (shell == QLatin1String("zsh")) {
        return QStringLiteral(R"ZSH(#compdef sparkdeck
# zsh completion for sparkdeck (written by `sparkdeck completion zsh`).
# Load it with `source <(sparkdeck completion zsh)`, or save it as _sparkdeck in a directory of
# $fpath (e.g. /usr/local/share/zsh/site-functions).
# The candidates come from `sparkdeck __complete WORDS...`: one a line (a tab before a description),
# then ":N": 1 nothing, 4 no file names, 8 files with the listed extensions, 16 directories,
# 0 file names when there is no candidate.
_sparkdeck() {
    local out line directive=0
    local -a lines candidates
    out=$("${words[1]}" __complete "${(@)words[2,CURRENT]}" 2>/dev/null) || return 1
    lines=("${(@f)out}")
    if [[ ${lines[-1]} == :* ]]; then
        directive=${lines[-1]#:}
        lines[-1]=()
    fi
    case $directive in
    1)
        return 1
        ;;
    8)
        _files -g "*.(${(j:|:)lines})"
        return
        ;;
    16)
        _files -/
        return
        ;;
    esac
    for line in "${lines[@]}"; do
        [[ -n $line ]] || continue
        if [[ $line == *$'\t'* ]]; then
            candidates+=("${${line%%$'\t'*}//:/\\:}:${line#*$'\t'}")
        else
            candidates+=("${line//:/\\:}")
        fi
    done
    if (( ${#candidates} )); then
        _describe -t values sparkdeck candidates
    elif [[ $directive != 4 ]]; then
        _files
    fi
}
if [[ ${funcstack[1]} == _sparkdeck ]]; then
    _sparkdeck "$@"
else
    compdef _sparkdeck sparkdeck
fi
)ZSH");
    }
    if (shell == QLatin1String("fish")) {
        return QStringLiteral(R"FISH(# fish completion for sparkdeck (written by `sparkdeck completion fish`).
# Load it with `sparkdeck completion fish | source`, or save it as
# ~/.config/fish/completions/sparkdeck.fish.
# The candidates come from `sparkdeck __complete WORDS...`: one a line (a tab before a description),
# then ":N": 1 nothing, 4 no file names, 8 files with the listed extensions, 16 directories,
# 0 file names when there is no candidate.
function __sparkdeck_complete
    set -l words (commandline -opc)
    set -l current (commandline -ct)
    set -l program $words[1]
    set -e words[1]
    set -l out ($program __complete $words $current 2>/dev/null)
    set -l directive 0
    if test (count $out) -gt 0; and string match -q -- ':*' $out[-1]
        set directive (string sub -s 2 -- $out[-1])
        set -e out[-1]
    end
    switch $directive
        case 1
            return
        case 8
            set -l pattern '\.('(string join '|' -- $out)')$'
            for file in $current*
                if test -d $file
                    echo $file/
                else if string match -qr -- $pattern $file
                    echo $file
                end
            end
        case 16
            __fish_complete_directories $current
        case '*'
            printf '%s\n' $out
            if test (count $out) -eq 0; and test $directive != 4
                __fish_complete_path $current
            end
    end
end
complete -c sparkdeck -e
complete -c sparkdeck -f -a '(__sparkdeck_complete)'
)FISH");
    }
    return {};
}

} // namespace cli
