// The command line's frame, over whatever the command table holds: help for every command, usage
// errors (exit 2), an unreachable or missing kubeconfig (exit 3), colour only on a terminal, Table,
// shell completion (`__complete` and the bash/zsh/fish scripts), the man page, the kubectl plugin,
// `version` and the window's options. Links sparkdeck_cli to walk the same table the binary has.

#include "app/cli/command.h"
#include "app/cli/completion.h"
#include "app/cli/man.h"
#include "app/cli/terminal.h"
#include "tests/support/cli.h"
#include "tests/support/clusterpaths.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <fcntl.h>
#include <pty.h>
#include <unistd.h>

namespace {

const QString kProgram = QStringLiteral("sparkdeck");

QList<const cli::Command*> visibleCommands()
{
    QList<const cli::Command*> out;
    for (const cli::Command& c : cli::commands()) {
        if (!c.hidden)
            out << &c;
    }
    return out;
}

/// "--namespace" / "-n" for each name of `o`.
QStringList spelled(const cli::Option& o)
{
    QStringList out;
    for (const QString& n : o.names)
        out << (n.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + n;
    return out;
}

/// Arguments that satisfy `c`'s minimum ("nosuch-app" for names, a missing file, a word).
QStringList enoughArguments(const cli::Command& c)
{
    QStringList args;
    for (int i = 0; i < c.minArguments; ++i) {
        if (c.argumentKind == cli::ArgumentKind::Word && !c.argumentValues.isEmpty())
            args << c.argumentValues.constFirst();
        else if (c.argumentKind == cli::ArgumentKind::File)
            args << QStringLiteral("/nonexistent/app.yaml");
        else
            args << QStringLiteral("nosuch-app");
    }
    return args;
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& content)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(content);
    return path;
}

/// A kubeconfig whose cluster is at 127.0.0.1:1, where nothing listens.
QByteArray unreachableKubeconfig()
{
    return "apiVersion: v1\nkind: Config\n"
           "clusters:\n- name: nowhere\n  cluster:\n    server: https://127.0.0.1:1\n"
           "users:\n- name: someone\n  user:\n    token: not-a-real-token\n"
           "contexts:\n- name: nowhere\n  context:\n    cluster: nowhere\n    user: someone\n    namespace: default\n"
           "current-context: nowhere\n";
}

ProcessResult runTool(const QString& program, const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    ProcessResult r;
    if (!p.waitForStarted(10'000) || !p.waitForFinished(60'000)) {
        p.kill();
        p.waitForFinished(2000);
        r.exitCode = -1;
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

/// Runs the command line as runCli() does but with standard output on a new pseudo-terminal (a
/// terminal as isatty() sees it); out is what the terminal received, "\r\n" turned into "\n".
CliResult runOnTerminal(const QStringList& args, const QList<QPair<QString, QString>>& env)
{
    CliResult r;
    int master = -1;
    int slave = -1;
    if (::openpty(&master, &slave, nullptr, nullptr, nullptr) != 0)
        return r;
    ::fcntl(master, F_SETFL, ::fcntl(master, F_GETFL) | O_NONBLOCK);
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const char* v : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "NO_COLOR"})
        e.remove(QString::fromLatin1(v));
    for (const auto& [name, value] : env)
        e.insert(name, value);
    QProcess p;
    p.setProcessEnvironment(e);
    p.setChildProcessModifier([slave] { ::dup2(slave, STDOUT_FILENO); });
    p.start(cliProgram(), args);
    QByteArray got;
    auto drain = [&] {
        char buffer[4096];
        ssize_t n = 0;
        while ((n = ::read(master, buffer, sizeof buffer)) > 0)
            got.append(buffer, n);
    };
    QElapsedTimer clock;
    clock.start();
    while (p.state() != QProcess::NotRunning && clock.elapsed() < 60'000) {
        p.waitForFinished(20);
        drain();
    }
    drain();
    ::close(slave);
    ::close(master);
    r.exitCode = p.state() == QProcess::NotRunning && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(got).replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

const QRegularExpression& escapeCode()
{
    static const QRegularExpression re(QStringLiteral("\x1b\\[[0-9;]*m"));
    return re;
}

} // namespace

class TestCliMeta : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(QFileInfo(cliProgram()).isExecutable(), qPrintable(QStringLiteral("no sparkdeck at ") + cliProgram()));
        QVERIFY(!visibleCommands().isEmpty());
    }

    // --- help ----------------------------------------------------------------------------------

    void overviewListsEveryCommandGroupAndOption()
    {
        const CliResult r = runCli({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const cli::Command* c : visibleCommands()) {
            QVERIFY2(r.out.contains(QRegularExpression(QStringLiteral("\\n  %1 +\\S").arg(QRegularExpression::escape(c->name)))),
                     qPrintable(c->name + QStringLiteral(" missing:\n") + r.out));
            QVERIFY2(r.out.contains(QStringLiteral("\n%1:\n").arg(cli::commandGroup(*c))), qPrintable(cli::commandGroup(*c)));
        }
        for (const cli::Command& c : cli::commands()) {
            if (c.hidden)
                QVERIFY2(!r.out.contains(c.name), qPrintable(c.name));
        }
        for (const cli::Option& o : cli::globalOptions() + cli::windowOptions()) {
            for (const QString& name : spelled(o))
                QVERIFY2(r.out.contains(name), qPrintable(name));
        }
        QVERIFY(r.out.contains(QStringLiteral("Window options")));
        QVERIFY(r.out.contains(QStringLiteral("Exit codes:")));
        // `help` says the same; the plugin names itself and has no window.
        QCOMPARE(runCli({QStringLiteral("help")}).out, r.out);
        const CliResult plugin = runCli({QStringLiteral("--help")}, {}, {}, 30'000, qEnvironmentVariable("SPARKDECK_PLUGIN"));
        QCOMPARE(plugin.exitCode, 0);
        QVERIFY(plugin.out.contains(QStringLiteral("kubectl sparkdeck COMMAND")));
        QVERIFY(!plugin.out.contains(QStringLiteral("Window options")));
    }

    void helpOfEveryCommand_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("args");
        for (const cli::Command* c : visibleCommands()) {
            QTest::addRow("%s --help", qPrintable(c->name)) << c->name << QStringList{c->name, QStringLiteral("--help")};
            QTest::addRow("%s -h", qPrintable(c->name)) << c->name << QStringList{c->name, QStringLiteral("-h")};
            QTest::addRow("help %s", qPrintable(c->name)) << c->name << QStringList{QStringLiteral("help"), c->name};
            for (const QString& alias : c->aliases)
                QTest::addRow("%s --help", qPrintable(alias)) << c->name << QStringList{alias, QStringLiteral("--help")};
        }
    }
    void helpOfEveryCommand()
    {
        QFETCH(QString, name);
        QFETCH(QStringList, args);
        const cli::Command* c = cli::findCommand(name);
        QVERIFY(c);
        const CliResult r = runCli(args);
        QVERIFY2(r.exitCode == 0, describe(r));
        QVERIFY2(r.out.startsWith(QStringLiteral("Usage: sparkdeck %1").arg(name)), describe(r));
        QVERIFY(r.out.contains(c->summary));
        for (const cli::Option& o : c->options + cli::globalOptions()) {
            for (const QString& spelling : spelled(o))
                QVERIFY2(r.out.contains(spelling), qPrintable(name + QLatin1Char(' ') + spelling));
        }
        for (const QString& e : c->examples)
            QVERIFY2(r.out.contains(e), qPrintable(e));
        QVERIFY(r.err.isEmpty());
    }

    // --- usage errors: exit 2 and a pointer to the help -----------------------------------------

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("hint");
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")} << QStringLiteral("See 'sparkdeck --help'");
        QTest::newRow("unknown command after global options")
            << QStringList{QStringLiteral("-n"), QStringLiteral("spark"), QStringLiteral("-A"), QStringLiteral("frobnicate")} << QStringLiteral("See 'sparkdeck --help'");
        for (const cli::Command* c : visibleCommands()) {
            const QString hint = QStringLiteral("See 'sparkdeck %1 --help'").arg(c->name);
            QTest::addRow("%s unknown option", qPrintable(c->name))
                << QStringList{c->name, QStringLiteral("--no-such-option")} + enoughArguments(*c) << hint;
            QTest::addRow("%s unknown short option", qPrintable(c->name))
                << QStringList{c->name, QStringLiteral("-Z")} + enoughArguments(*c) << hint;
            if (c->minArguments > 0)
                QTest::addRow("%s missing argument", qPrintable(c->name)) << QStringList{c->name} << hint;
            if (c->maxArguments >= 0) {
                QStringList tooMany{c->name};
                for (int i = 0; i <= c->maxArguments; ++i)
                    tooMany << (c->argumentValues.isEmpty() ? QStringLiteral("x%1").arg(i) : c->argumentValues.constFirst());
                QTest::addRow("%s too many arguments", qPrintable(c->name)) << tooMany << hint;
            }
            for (const cli::Option& o : c->options) {
                if (!o.values.isEmpty())
                    QTest::addRow("%s bad --%s", qPrintable(c->name), qPrintable(o.names.constLast()))
                        << QStringList{c->name, QStringLiteral("--") + o.names.constLast(), QStringLiteral("no-such-value")} + enoughArguments(*c)
                        << hint;
                if (!o.valueName.isEmpty())
                    QTest::addRow("%s --%s without a value", qPrintable(c->name), qPrintable(o.names.constLast()))
                        << QStringList{c->name} + enoughArguments(*c) + QStringList{QStringLiteral("--") + o.names.constLast()} << hint;
            }
        }
        QTest::newRow("completion of an unknown shell") << QStringList{QStringLiteral("completion"), QStringLiteral("tcsh")}
                                                         << QStringLiteral("See 'sparkdeck completion --help'");
        QTest::newRow("help of an unknown command") << QStringList{QStringLiteral("help"), QStringLiteral("frobnicate")}
                                                    << QStringLiteral("See 'sparkdeck help --help'");
        QTest::newRow("bad --request-timeout") << QStringList{QStringLiteral("version"), QStringLiteral("--request-timeout"), QStringLiteral("x")}
                                               << QStringLiteral("See 'sparkdeck version --help'");
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, hint);
        // A kubeconfig that cannot be read: a usage error must be found before any cluster access.
        const CliResult r = runCli(args, {}, {{QStringLiteral("KUBECONFIG"), QStringLiteral("/nonexistent/kubeconfig")}});
        QVERIFY2(r.exitCode == 2, describe(r));
        QVERIFY2(r.err.startsWith(QStringLiteral("error: ")), describe(r));
        QVERIFY2(r.err.contains(hint), describe(r));
        QVERIFY2(r.out.isEmpty(), describe(r));
    }

    // --request-timeout takes what kubectl's does (Go durations), like every other duration flag.
    void requestTimeoutTakesGoDurations()
    {
        for (const QString& duration : {QStringLiteral("1m30s"), QStringLiteral("1.5s"), QStringLiteral("250ms"), QStringLiteral("45")}) {
            const CliResult r = runCli({QStringLiteral("list"), QStringLiteral("--request-timeout"), duration},
                                       {}, {{QStringLiteral("KUBECONFIG"), QStringLiteral("/nonexistent/kubeconfig")}});
            QVERIFY2(r.exitCode == 3, qPrintable(duration + QLatin1Char(' ') + describe(r))); // accepted: fails on the kubeconfig
            QVERIFY2(r.err.contains(QStringLiteral("kubeconfig")), describe(r));
        }
        const CliResult negative = runCli({QStringLiteral("list"), QStringLiteral("--request-timeout"), QStringLiteral("-5s")});
        QVERIFY2(negative.exitCode == 2, describe(negative));
        QVERIFY2(negative.err.contains(QStringLiteral("1m30s")), describe(negative));
    }

    // --- exit 3: no kubeconfig, unreachable cluster -----------------------------------------------

    void clusterCommandsWithoutCluster_data()
    {
        QTest::addColumn<QStringList>("args");
        // Read-only commands that need the cluster; a command not in the table (yet) is skipped.
        QTest::newRow("list") << QStringList{QStringLiteral("list")};
        QTest::newRow("get") << QStringList{QStringLiteral("get"), QStringLiteral("spark-pi")};
        QTest::newRow("describe") << QStringList{QStringLiteral("describe"), QStringLiteral("spark-pi")};
        QTest::newRow("events") << QStringList{QStringLiteral("events"), QStringLiteral("spark-pi")};
        QTest::newRow("logs") << QStringList{QStringLiteral("logs"), QStringLiteral("spark-pi")};
    }
    void clusterCommandsWithoutCluster()
    {
        QFETCH(QStringList, args);
        if (!cli::findCommand(args.constFirst()))
            QSKIP(qPrintable(QStringLiteral("the command table has no \"%1\" on this branch").arg(args.constFirst())));
        // The global option before the command (kubectl's order) and after it.
        for (const QStringList& line : {QStringList{QStringLiteral("--kubeconfig"), QStringLiteral("/nonexistent/kubeconfig")} + args,
                                        args + QStringList{QStringLiteral("--kubeconfig"), QStringLiteral("/nonexistent/kubeconfig")}}) {
            const CliResult missing = runCli(line);
            QVERIFY2(missing.exitCode == 3, describe(missing));
            QVERIFY2(missing.err.contains(QStringLiteral("kubeconfig")), describe(missing));
        }

        QTemporaryDir dir;
        const QString kubeconfig = writeFile(dir, QStringLiteral("kubeconfig"), unreachableKubeconfig());
        const CliResult unreachable = runCli(args + QStringList{QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("--request-timeout"), QStringLiteral("5s")});
        QVERIFY2(unreachable.exitCode == 3, describe(unreachable));
        QVERIFY2(unreachable.err.contains(QStringLiteral("cannot reach")), describe(unreachable));
        QVERIFY2(!unreachable.err.contains(QStringLiteral("not-a-real-token")), describe(unreachable));
    }

    // --- colour ---------------------------------------------------------------------------------

    void colourOnlyOnATerminal()
    {
        int master = -1;
        int slave = -1;
        QVERIFY(::openpty(&master, &slave, nullptr, nullptr, nullptr) == 0);
        std::FILE* tty = ::fdopen(slave, "w");
        QVERIFY(tty);
        int pipeFds[2];
        QVERIFY(::pipe(pipeFds) == 0);
        std::FILE* pipeOut = ::fdopen(pipeFds[1], "w");
        const QByteArray noColor = qgetenv("NO_COLOR");
        const QByteArray term = qgetenv("TERM");
        qunsetenv("NO_COLOR");
        qputenv("TERM", "xterm-256color");
        {
            const cli::Terminal onTty(tty, tty);
            QVERIFY(onTty.colourOut());
            QVERIFY(onTty.outIsTerminal());
            QVERIFY(onTty.paint(QStringLiteral("FAILED"), cli::Colour::Red).contains(escapeCode()));
            const cli::Terminal onPipe(pipeOut, pipeOut);
            QVERIFY(!onPipe.colourOut());
            QCOMPARE(onPipe.paint(QStringLiteral("FAILED"), cli::Colour::Red), QStringLiteral("FAILED"));
            qputenv("NO_COLOR", "1");
            const cli::Terminal noColour(tty, tty);
            QVERIFY(!noColour.colourOut());
            QCOMPARE(noColour.paint(QStringLiteral("FAILED"), cli::Colour::Red), QStringLiteral("FAILED"));
            qputenv("NO_COLOR", "");
            const cli::Terminal emptyNoColour(tty, tty); // an empty NO_COLOR does not count (no-color.org)
            QVERIFY(emptyNoColour.colourOut());
            qunsetenv("NO_COLOR");
            qputenv("TERM", "dumb");
            const cli::Terminal dumb(tty, tty);
            QVERIFY(!dumb.colourOut());
        }
        std::fclose(tty);
        std::fclose(pipeOut);
        ::close(master);
        ::close(pipeFds[0]);
        noColor.isNull() ? qunsetenv("NO_COLOR") : qputenv("NO_COLOR", noColor);
        term.isNull() ? qunsetenv("TERM") : qputenv("TERM", term);
    }

    void helpAndErrorsCarryNoEscapeCodes()
    {
        // Piped output: whatever the commands print, never an escape code.
        for (const QStringList& args : {QStringList{QStringLiteral("--help")}, QStringList{QStringLiteral("frobnicate")},
                                        QStringList{QStringLiteral("version"), QStringLiteral("--client")}}) {
            const CliResult r = runCli(args, {}, {{QStringLiteral("TERM"), QStringLiteral("xterm-256color")}});
            QVERIFY2(!r.out.contains(QLatin1Char('\x1b')) && !r.err.contains(QLatin1Char('\x1b')), describe(r));
        }
    }

    void helpIsBoldOnlyOnATerminal()
    {
        QList<QStringList> lines{{QStringLiteral("--help")}};
        for (const cli::Command* c : visibleCommands())
            lines << QStringList{c->name, QStringLiteral("--help")};
        for (const QStringList& args : lines) {
            const QString plain = runCli(args).out;
            const CliResult tty = runOnTerminal(args, {{QStringLiteral("TERM"), QStringLiteral("xterm-256color")}});
            QVERIFY2(tty.exitCode == 0, describe(tty));
            QVERIFY2(tty.out.contains(QStringLiteral("\x1b[1mGlobal options")), describe(tty));
            QCOMPARE(QString(tty.out).remove(escapeCode()), plain);
            for (const auto& off : {QPair<QString, QString>{QStringLiteral("NO_COLOR"), QStringLiteral("1")},
                                    QPair<QString, QString>{QStringLiteral("TERM"), QStringLiteral("dumb")}}) {
                const CliResult uncoloured = runOnTerminal(args, {{QStringLiteral("TERM"), QStringLiteral("xterm-256color")}, off});
                QVERIFY2(uncoloured.exitCode == 0, describe(uncoloured));
                QCOMPARE(uncoloured.out, plain);
            }
        }
    }

    void tableAlignsByVisibleText()
    {
        cli::Terminal terminal(stdout, stderr);
        cli::Table table({QStringLiteral("name"), QStringLiteral("state"), QStringLiteral("age")});
        table.addRow({QStringLiteral("spark-pi"), cli::Cell(QStringLiteral("COMPLETED"), cli::Colour::Green), QStringLiteral("5m")});
        table.addRow({QStringLiteral("a-much-longer-name"), cli::Cell(QStringLiteral("FAILED"), cli::Colour::Red), QStringLiteral("10d")});
        table.addRow({QStringLiteral("x"), QStringLiteral(""), QStringLiteral("")});
        const QString expected = QStringLiteral("NAME                 STATE       AGE\n"
                                                "spark-pi             COMPLETED   5m\n"
                                                "a-much-longer-name   FAILED      10d\n"
                                                "x\n");
        terminal.forceColour(false);
        QCOMPARE(table.render(terminal), expected);
        terminal.forceColour(true);
        const QString coloured = table.render(terminal);
        QVERIFY(coloured.contains(QStringLiteral("\x1b[32mCOMPLETED\x1b[0m")));
        QVERIFY(coloured.contains(QStringLiteral("\x1b[31mFAILED\x1b[0m")));
        QCOMPARE(QString(coloured).remove(escapeCode()), expected);
        QCOMPARE(table.render(terminal, true).remove(escapeCode()), expected.section(QLatin1Char('\n'), 1));
    }

    // --- completion -----------------------------------------------------------------------------

    void completeCommandNames()
    {
        const cli::CompletionSources none;
        for (const cli::Command* c : visibleCommands()) {
            const cli::Completion all = cli::completionFor({QString()}, true, none);
            QVERIFY2(all.candidates.contains(c->name + QLatin1Char('\t') + c->summary), qPrintable(c->name));
            for (int n = 1; n <= c->name.size(); ++n) {
                const cli::Completion partial = cli::completionFor({c->name.left(n)}, true, none);
                QCOMPARE(partial.directive, int(cli::CompleteNoFiles));
                QVERIFY2(partial.candidates.contains(c->name + QLatin1Char('\t') + c->summary), qPrintable(c->name.left(n)));
                for (const QString& candidate : partial.candidates)
                    QVERIFY(candidate.startsWith(c->name.left(n)));
            }
            for (const QString& alias : c->aliases) {
                const QStringList words = QStringList(cli::completionFor({alias}, true, none).candidates).replaceInStrings(QRegularExpression(QStringLiteral("\t.*")), QString());
                QVERIFY2(words.contains(alias) || words.contains(c->name), qPrintable(alias));
            }
        }
        for (const cli::Command& c : cli::commands()) {
            if (c.hidden)
                QVERIFY(cli::completionFor({c.name.left(2)}, true, none).candidates.filter(c.name).isEmpty());
        }
        QCOMPARE(cli::completionFor({QStringLiteral("frobnicate"), QString()}, true, none).directive, int(cli::CompleteError));
    }

    void completeOptionsAndValues()
    {
        cli::CompletionSources sources;
        QStringList flagsSeen;
        sources.contexts = [&](const QStringList& flags) {
            flagsSeen = flags;
            return QStringList{QStringLiteral("kind-spark"), QStringLiteral("prod")};
        };
        for (const cli::Command* c : visibleCommands()) {
            for (const cli::Option& o : c->options + cli::globalOptions()) {
                for (const QString& spelling : spelled(o)) {
                    const cli::Completion r = cli::completionFor({c->name, spelling.left(spelling.size() - 1)}, true, sources);
                    QVERIFY2(r.candidates.contains(spelling + QLatin1Char('\t') + o.description), qPrintable(c->name + QLatin1Char(' ') + spelling));
                }
                if (o.values.isEmpty())
                    continue;
                const QString longName = QStringLiteral("--") + o.names.constLast();
                QCOMPARE(cli::completionFor({c->name, longName, QString()}, true, sources).candidates, o.values);
                QCOMPARE(cli::completionFor({c->name, longName + QLatin1Char('=')}, true, sources).candidates,
                         QStringList(o.values).replaceInStrings(QRegularExpression(QStringLiteral("^")), longName + QLatin1Char('=')));
                QCOMPARE(cli::completionFor({c->name, longName, o.values.constLast().left(1)}, true, sources).candidates,
                         o.values.filter(QRegularExpression(QStringLiteral("^") + QRegularExpression::escape(o.values.constLast().left(1)))));
            }
        }
        // The version command's own: -o takes json or yaml.
        QCOMPARE(cli::completionFor({QStringLiteral("version"), QStringLiteral("-o"), QStringLiteral("j")}, true, sources).candidates,
                 QStringList{QStringLiteral("json")});
        QCOMPARE(cli::completionFor({QStringLiteral("version"), QStringLiteral("-oy")}, true, sources).candidates.size(), 0);
        // --context: the kubeconfig's contexts, read with the --kubeconfig on the line.
        const cli::Completion contexts = cli::completionFor(
            {QStringLiteral("--kubeconfig"), QStringLiteral("/tmp/k"), QStringLiteral("version"), QStringLiteral("-nspark"), QStringLiteral("-A"),
             QStringLiteral("--context"), QStringLiteral("p")},
            true, sources);
        QCOMPARE(contexts.candidates, QStringList{QStringLiteral("prod")});
        QCOMPARE(flagsSeen, (QStringList{QStringLiteral("--kubeconfig=/tmp/k"), QStringLiteral("--namespace=spark"), QStringLiteral("--all-namespaces")}));
        // --kubeconfig: any file.
        QCOMPARE(cli::completionFor({QStringLiteral("version"), QStringLiteral("--kubeconfig"), QString()}, true, sources).directive,
                 int(cli::CompleteFiles));
        // Words of a Word command; `help` takes the command names.
        QCOMPARE(cli::completionFor({QStringLiteral("completion"), QString()}, true, sources).candidates, cli::completionShells());
        QCOMPARE(cli::completionFor({QStringLiteral("completion"), QStringLiteral("bash"), QString()}, true, sources).candidates.size(), 0);
        QVERIFY(cli::completionFor({QStringLiteral("help"), QStringLiteral("vers")}, true, sources).candidates.constFirst().startsWith(QStringLiteral("version\t")));
        // A command without arguments offers nothing, not even files.
        const cli::Completion nothing = cli::completionFor({QStringLiteral("man"), QString()}, true, sources);
        QVERIFY(nothing.candidates.isEmpty());
        QCOMPARE(nothing.directive, int(cli::CompleteNoFiles));
        // The window's options, only for `sparkdeck` (the plugin has no window).
        QVERIFY(cli::completionFor({QStringLiteral("--th")}, true, sources).candidates.constFirst().startsWith(QStringLiteral("--theme\t")));
        QCOMPARE(cli::completionFor({QStringLiteral("--theme"), QString()}, true, sources).candidates,
                 (QStringList{QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")}));
        QCOMPARE(cli::completionFor({QStringLiteral("--open"), QString()}, true, sources).directive, int(cli::CompleteFileExtensions));
        QVERIFY(cli::completionFor({QStringLiteral("--th")}, false, sources).candidates.isEmpty());
    }

    void completeArgumentsByKind()
    {
        cli::CompletionSources sources;
        QStringList flagsSeen;
        sources.applications = [&](const QStringList& flags) {
            flagsSeen = flags;
            return QStringList{QStringLiteral("spark-pi"), QStringLiteral("spark-pi-2"), QStringLiteral("word-count")};
        };
        int checked = 0;
        for (const cli::Command* c : visibleCommands()) {
            if (c->maxArguments == 0)
                continue;
            const cli::Completion r = cli::completionFor({c->name, QStringLiteral("-n"), QStringLiteral("spark"), QStringLiteral("sp")}, true, sources);
            switch (c->argumentKind) {
            case cli::ArgumentKind::Application:
                QCOMPARE(r.candidates, (QStringList{QStringLiteral("spark-pi"), QStringLiteral("spark-pi-2")}));
                QCOMPARE(r.directive, int(cli::CompleteNoFiles));
                QCOMPARE(flagsSeen, QStringList{QStringLiteral("--namespace=spark")});
                ++checked;
                break;
            case cli::ArgumentKind::File:
                QCOMPARE(r.directive, int(cli::CompleteFileExtensions));
                QCOMPARE(r.candidates, (QStringList{QStringLiteral("yaml"), QStringLiteral("yml")}));
                ++checked;
                break;
            case cli::ArgumentKind::Word:
            case cli::ArgumentKind::None:
                QCOMPARE(r.directive, int(cli::CompleteNoFiles));
                break;
            }
        }
        if (checked == 0)
            QSKIP("no command takes SparkApplication names or files on this branch");
    }

    void completeCommandOfTheBinary()
    {
        const CliResult r = runCli({QStringLiteral("__complete"), QStringLiteral("vers")});
        QVERIFY2(r.exitCode == 0, describe(r));
        QCOMPARE(r.out, QStringLiteral("version\t%1\n:4\n").arg(cli::findCommand(QStringLiteral("version"))->summary));
        const CliResult options = runCli({QStringLiteral("__complete"), QStringLiteral("version"), QStringLiteral("-o"), QString()});
        QCOMPARE(options.out, QStringLiteral("json\nyaml\n:4\n"));
        // Words that look like options are the words to complete, not options of __complete.
        const CliResult flags = runCli({QStringLiteral("__complete"), QStringLiteral("version"), QStringLiteral("--cli")});
        QVERIFY2(flags.out.startsWith(QStringLiteral("--client\t")), describe(flags));
    }

    void completionScriptsParse_data()
    {
        QTest::addColumn<QString>("shell");
        QTest::addColumn<QStringList>("check");
        QTest::newRow("bash") << QStringLiteral("bash") << QStringList{QStringLiteral("-n")};
        QTest::newRow("zsh") << QStringLiteral("zsh") << QStringList{QStringLiteral("-n")};
        QTest::newRow("fish") << QStringLiteral("fish") << QStringList{QStringLiteral("--no-execute")};
    }
    void completionScriptsParse()
    {
        QFETCH(QString, shell);
        QFETCH(QStringList, check);
        const CliResult script = runCli({QStringLiteral("completion"), shell});
        QVERIFY2(script.exitCode == 0, describe(script));
        QCOMPARE(script.out, cli::completionScript(shell));
        // The build wrote the same into share/.
        const QString share = QFileInfo(cliProgram()).absoluteDir().filePath(QStringLiteral("../share/"));
        const QString installed = share + (shell == QLatin1String("bash") ? QStringLiteral("bash-completion/completions/sparkdeck")
                                           : shell == QLatin1String("zsh") ? QStringLiteral("zsh/site-functions/_sparkdeck")
                                                                           : QStringLiteral("fish/vendor_completions.d/sparkdeck.fish"));
        QFile f(installed);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(installed));
        QCOMPARE(QString::fromUtf8(f.readAll()), script.out);

        const QString interpreter = QStandardPaths::findExecutable(shell);
        if (interpreter.isEmpty())
            QSKIP(qPrintable(shell + QStringLiteral(" is not installed: its script's syntax is not checked")));
        const ProcessResult r = runTool(interpreter, check + QStringList{installed});
        QVERIFY2(r.exitCode == 0 && r.err.isEmpty(), qPrintable(r.out + r.err));
    }

    void bashCompletesInASession_data()
    {
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("lis") << QStringList{QStringLiteral("lis")} << QStringList{QStringLiteral("list")}; // "li": lint too
        QTest::newRow("vers") << QStringList{QStringLiteral("vers")} << QStringList{QStringLiteral("version")};
        QTest::newRow("completion f") << QStringList{QStringLiteral("completion"), QStringLiteral("f")} << QStringList{QStringLiteral("fish")};
        QTest::newRow("version --o") << QStringList{QStringLiteral("version"), QStringLiteral("--o")} << QStringList{QStringLiteral("--output")};
        QTest::newRow("--open FILE") << QStringList{QStringLiteral("--open"), QString()}
                                     << QStringList{QStringLiteral("app.yaml"), QStringLiteral("jobs"), QStringLiteral("old.yml")};
    }
    void bashCompletesInASession()
    {
        QFETCH(QStringList, words);
        QFETCH(QStringList, expected);
        for (const QString& e : expected) {
            if (words.size() == 1 && !e.startsWith(QLatin1Char('-')) && !cli::findCommand(e))
                QSKIP(qPrintable(QStringLiteral("the command table has no \"%1\" on this branch").arg(e)));
        }
        const QString bash = QStandardPaths::findExecutable(QStringLiteral("bash"));
        if (bash.isEmpty())
            QSKIP("bash is not installed");
        QTemporaryDir dir;
        const QString script = writeFile(dir, QStringLiteral("sparkdeck.bash"), cli::completionScript(QStringLiteral("bash")).toUtf8());
        writeFile(dir, QStringLiteral("app.yaml"), "kind: SparkApplication\n");
        writeFile(dir, QStringLiteral("old.yml"), "kind: SparkApplication\n");
        writeFile(dir, QStringLiteral("notes.txt"), "not a job\n");
        QDir(dir.path()).mkdir(QStringLiteral("jobs"));
        // COMP_WORDS as bash sets them for `sparkdeck WORDS<TAB>`, the program by its path.
        QString line = QStringLiteral("COMP_WORDS=(\"$PROGRAM\"");
        for (const QString& w : words)
            line += QStringLiteral(" '%1'").arg(w);
        line += QStringLiteral("); COMP_CWORD=%1; _sparkdeck; printf '%s\\n' \"${COMPREPLY[@]}\" | sort").arg(words.size());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PROGRAM"), QFileInfo(cliProgram()).absoluteFilePath());
        QProcess p;
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(dir.path());
        p.start(bash, {QStringLiteral("--norc"), QStringLiteral("--noprofile"), QStringLiteral("-c"), QStringLiteral("source '%1'; %2").arg(script, line)});
        QVERIFY(p.waitForFinished(30'000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 0);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QCOMPARE(QString::fromUtf8(p.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts), expected);
    }

    void bashCompletesOptionValuesAfterEquals()
    {
        // With bash-completion loaded, `--output=j` is one word for the script (bash splits it at
        // '='), and bash replaces only what follows the '='.
        const QString bashCompletion = QStringLiteral("/usr/share/bash-completion/bash_completion");
        const QString bash = QStandardPaths::findExecutable(QStringLiteral("bash"));
        if (bash.isEmpty() || !QFileInfo::exists(bashCompletion))
            QSKIP("bash or bash-completion is not installed");
        QTemporaryDir dir;
        const QString script = writeFile(dir, QStringLiteral("sparkdeck.bash"), cli::completionScript(QStringLiteral("bash")).toUtf8());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PROGRAM"), QFileInfo(cliProgram()).absoluteFilePath());
        const ProcessResult r = runTool(bash, {QStringLiteral("--norc"), QStringLiteral("--noprofile"), QStringLiteral("-c"),
                                               QStringLiteral("source %1; source '%2'; "
                                                              "COMP_LINE=\"$PROGRAM version --output=j\"; COMP_POINT=${#COMP_LINE}; "
                                                              "COMP_WORDS=(\"$PROGRAM\" version --output = j); COMP_CWORD=4; "
                                                              "_sparkdeck; printf '%s\\n' \"${COMPREPLY[@]}\"")
                                                   .arg(bashCompletion, script)},
                                        env);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, QStringLiteral("json\n"));
    }

    void zshScriptHandsOverTheCandidates()
    {
        // Without a terminal zsh's completion system cannot run: its functions are stubbed to print
        // what the script hands them.
        const QString zsh = QStandardPaths::findExecutable(QStringLiteral("zsh"));
        if (zsh.isEmpty())
            QSKIP("zsh is not installed");
        QTemporaryDir dir;
        const QString script = writeFile(dir, QStringLiteral("_sparkdeck"), cli::completionScript(QStringLiteral("zsh")).toUtf8());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PROGRAM"), QFileInfo(cliProgram()).absoluteFilePath());
        const ProcessResult r = runTool(zsh, {QStringLiteral("-f"), QStringLiteral("-c"),
                                              QStringLiteral("compdef() { :; }; _describe() { print -rl -- \"${(@P)4}\"; }; _files() { print -r -- \"_files $*\"; }; "
                                                             "source %1; "
                                                             "words=($PROGRAM vers); CURRENT=2; _sparkdeck; "
                                                             "words=($PROGRAM version -o ''); CURRENT=4; _sparkdeck; "
                                                             "words=($PROGRAM --open ''); CURRENT=3; _sparkdeck; "
                                                             "words=($PROGRAM --kubeconfig ''); CURRENT=3; _sparkdeck; "
                                                             "words=($PROGRAM frobnicate ''); CURRENT=3; _sparkdeck || print unknown")
                                                  .arg(script)},
                                        env);
        QVERIFY2(r.exitCode == 0 && r.err.isEmpty(), qPrintable(r.err));
        QCOMPARE(r.out, QStringLiteral("version:%1\njson\nyaml\n_files -g *.(yaml|yml)\n_files \nunknown\n")
                            .arg(cli::findCommand(QStringLiteral("version"))->summary));
    }

    void fishCompletesInASession()
    {
        const QString fish = QStandardPaths::findExecutable(QStringLiteral("fish"));
        if (fish.isEmpty())
            QSKIP("fish is not installed");
        QTemporaryDir home;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("PATH"), QFileInfo(cliProgram()).absolutePath() + QLatin1Char(':') + env.value(QStringLiteral("PATH")));
        const QString script = writeFile(home, QStringLiteral("sparkdeck.fish"), cli::completionScript(QStringLiteral("fish")).toUtf8());
        const ProcessResult r = runTool(fish, {QStringLiteral("--no-config"), QStringLiteral("-c"),
                                               QStringLiteral("source %1; complete -C'sparkdeck completion '").arg(script)}, env);
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QStringList shells = cli::completionShells();
        shells.sort(); // fish sorts the candidates
        QCOMPARE(r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts), shells);
        const ProcessResult versions = runTool(fish, {QStringLiteral("--no-config"), QStringLiteral("-c"),
                                                      QStringLiteral("source %1; complete -C'sparkdeck vers'").arg(script)}, env);
        QCOMPARE(versions.out.section(QLatin1Char('\t'), 0, 0), QStringLiteral("version"));
    }

    // --- man page -------------------------------------------------------------------------------

    void manPageListsEverything()
    {
        const CliResult r = runCli({QStringLiteral("man")});
        QVERIFY2(r.exitCode == 0, describe(r));
        const QString page = r.out;
        QCOMPARE(page, cli::manPage());
        QVERIFY(page.startsWith(QStringLiteral(".\\\" sparkdeck(1)")));
        for (const QString& section : {QStringLiteral("NAME"), QStringLiteral("SYNOPSIS"), QStringLiteral("DESCRIPTION"), QStringLiteral("COMMANDS"),
                                       QStringLiteral("GLOBAL OPTIONS"), QStringLiteral("WINDOW OPTIONS"), QStringLiteral("EXIT STATUS"),
                                       QStringLiteral("ENVIRONMENT"), QStringLiteral("FILES"), QStringLiteral("SEE ALSO")})
            QVERIFY2(page.contains(QStringLiteral("\n.SH ") + section + QLatin1Char('\n')), qPrintable(section));
        for (const QString& variable : {QStringLiteral("KUBECONFIG"), QStringLiteral("NO_COLOR"), QStringLiteral("SPARKDECK_KUBECTL")})
            QVERIFY(page.contains(QStringLiteral(".B ") + variable));
        QVERIFY(page.contains(QStringLiteral(".BR kubectl (1)")));
        auto roff = [](const QString& s) { return QString(s).replace(QLatin1Char('-'), QStringLiteral("\\-")); };
        for (const cli::Command* c : visibleCommands()) {
            QVERIFY2(page.contains(QStringLiteral("\\fBsparkdeck %1\\fR").arg(roff(c->name))), qPrintable(c->name));
            for (const cli::Option& o : c->options) {
                for (const QString& spelling : spelled(o))
                    QVERIFY2(page.contains(QStringLiteral("\\fB%1\\fR").arg(roff(spelling))), qPrintable(c->name + QLatin1Char(' ') + spelling));
            }
            for (const QString& e : c->examples)
                QVERIFY2(page.contains(roff(e)), qPrintable(e));
        }
        for (const cli::Option& o : cli::globalOptions() + cli::windowOptions()) {
            for (const QString& spelling : spelled(o))
                QVERIFY2(page.contains(QStringLiteral("\\fB%1\\fR").arg(roff(spelling))), qPrintable(spelling));
        }
        for (const cli::Command& c : cli::commands()) {
            if (c.hidden)
                QVERIFY(!page.contains(c.name));
        }
        // The build's copy.
        QFile built(QFileInfo(cliProgram()).absoluteDir().filePath(QStringLiteral("../share/man/man1/sparkdeck.1")));
        QVERIFY2(built.open(QIODevice::ReadOnly), qPrintable(built.fileName()));
        QCOMPARE(QString::fromUtf8(built.readAll()), page);
    }

    void manPageRendersWithoutWarnings()
    {
        const QString groff = QStandardPaths::findExecutable(QStringLiteral("groff"));
        if (groff.isEmpty())
            QSKIP("groff is not installed");
        QTemporaryDir dir;
        const QString page = writeFile(dir, QStringLiteral("sparkdeck.1"), cli::manPage().toUtf8());
        const ProcessResult check = runTool(groff, {QStringLiteral("-man"), QStringLiteral("-ww"), QStringLiteral("-z"), page});
        QVERIFY2(check.exitCode == 0 && check.err.isEmpty(), qPrintable(check.err));
        const ProcessResult text = runTool(groff, {QStringLiteral("-man"), QStringLiteral("-ww"), QStringLiteral("-Tascii"), QStringLiteral("-P-cbou"),
                                                   QStringLiteral("-rLL=300n"), QStringLiteral("-rHY=0"), page});
        QVERIFY2(text.exitCode == 0 && text.err.isEmpty(), qPrintable(text.err));
        QVERIFY(text.out.contains(QStringLiteral("SPARKDECK(1)")));
        for (const cli::Command* c : visibleCommands()) {
            QVERIFY2(text.out.contains(QStringLiteral("sparkdeck ") + c->name), qPrintable(c->name));
            for (const cli::Option& o : c->options) {
                for (const QString& spelling : spelled(o))
                    QVERIFY2(text.out.contains(spelling), qPrintable(spelling));
            }
        }
        for (const cli::Option& o : cli::globalOptions() + cli::windowOptions())
            QVERIFY2(text.out.contains(spelled(o).constLast()), qPrintable(spelled(o).constLast()));
    }

    void roffEscapes()
    {
        QCOMPARE(cli::roffParagraphs(QStringLiteral(".hidden request\nC:\\path 'quoted'")),
                 QStringLiteral("\\&.hidden request\nC:\\epath 'quoted'\n"));
        QCOMPARE(cli::roffParagraphs(QStringLiteral("one\n\n  sparkdeck list -A\ntwo")),
                 QStringLiteral("one\n.PP\n.nf\n\\&  sparkdeck list \\-A\n.fi\ntwo\n"));
    }

    // --- the kubectl plugin ---------------------------------------------------------------------

    void kubectlRunsAndCompletesThePlugin()
    {
        QString kubectl = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
        if (kubectl.isEmpty())
            kubectl = readClusterFixture().kubectl;
        if (kubectl.isEmpty())
            QSKIP("no kubectl on PATH and no cluster fixture");
        QTemporaryDir bin;
        const QString plugin = qEnvironmentVariable("SPARKDECK_PLUGIN");
        QVERIFY(QFile::link(plugin, bin.filePath(QStringLiteral("kubectl-sparkdeck"))));
        // The build puts kubectl_complete-sparkdeck next to kubectl-sparkdeck; linked, it still finds
        // the plugin (on PATH).
        const QString completer = QFileInfo(plugin).absoluteDir().filePath(QStringLiteral("kubectl_complete-sparkdeck"));
        QVERIFY2(QFileInfo(completer).isExecutable(), qPrintable(completer));
        QVERIFY(QFile::link(completer, bin.filePath(QStringLiteral("kubectl_complete-sparkdeck"))));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PATH"), bin.path() + QLatin1Char(':') + env.value(QStringLiteral("PATH")));
        env.insert(QStringLiteral("KUBECONFIG"), QStringLiteral("/nonexistent/kubeconfig"));
        env.remove(QStringLiteral("DISPLAY"));

        const ProcessResult version = runTool(kubectl, {QStringLiteral("sparkdeck"), QStringLiteral("version")}, env);
        QVERIFY2(version.exitCode == 0, qPrintable(version.out + version.err));
        QCOMPARE(version.out.section(QLatin1Char('\n'), 0, 0), QStringLiteral("Client Version: %1 (Qt %2)").arg(QStringLiteral(SPARKDECK_VERSION), QString::fromLatin1(qVersion())));
        QVERIFY2(version.err.contains(QStringLiteral("Server: not reachable")), qPrintable(version.err));

        const ProcessResult help = runTool(kubectl, {QStringLiteral("sparkdeck"), QStringLiteral("version"), QStringLiteral("--help")}, env);
        QVERIFY(help.out.startsWith(QStringLiteral("Usage: kubectl sparkdeck version")));

        const ProcessResult complete = runTool(kubectl, {QStringLiteral("__complete"), QStringLiteral("sparkdeck"), QStringLiteral("vers")}, env);
        QVERIFY2(complete.exitCode == 0, qPrintable(complete.out + complete.err));
        QVERIFY2(complete.out.startsWith(QStringLiteral("version\t")), qPrintable(complete.out + complete.err));
        QVERIFY2(complete.out.contains(QStringLiteral("\n:4\n")), qPrintable(complete.out));
        const ProcessResult values = runTool(kubectl, {QStringLiteral("__complete"), QStringLiteral("sparkdeck"), QStringLiteral("version"),
                                                        QStringLiteral("-o"), QString()}, env);
        QVERIFY2(values.out.startsWith(QStringLiteral("json\nyaml\n:4\n")), qPrintable(values.out + values.err));
    }

    // --- version --------------------------------------------------------------------------------

    void versionOfTheClient()
    {
        const CliResult plain = runCli({QStringLiteral("version"), QStringLiteral("--client")});
        QVERIFY2(plain.exitCode == 0, describe(plain));
        QCOMPARE(plain.out, QStringLiteral("Client Version: %1 (Qt %2)\n").arg(QStringLiteral(SPARKDECK_VERSION), QString::fromLatin1(qVersion())));
        QVERIFY(plain.err.isEmpty());
        QCOMPARE(runCli({QStringLiteral("--version")}, {}, {{QStringLiteral("KUBECONFIG"), QStringLiteral("/nonexistent")}}).out, plain.out);
        // Global options may come before the command, as kubectl takes them.
        QCOMPARE(runCli({QStringLiteral("-n"), QStringLiteral("spark"), QStringLiteral("--context=x"), QStringLiteral("version"), QStringLiteral("--client")}).out,
                 plain.out);

        const CliResult json = runCli({QStringLiteral("version"), QStringLiteral("--client"), QStringLiteral("-o"), QStringLiteral("json")});
        QVERIFY2(json.exitCode == 0, describe(json));
        const QJsonObject object = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(object.value(QStringLiteral("clientVersion")).toObject().value(QStringLiteral("sparkdeck")).toString(), QStringLiteral(SPARKDECK_VERSION));
        QVERIFY(!object.contains(QStringLiteral("serverVersion")));

        const CliResult yaml = runCli({QStringLiteral("version"), QStringLiteral("--client"), QStringLiteral("--output=yaml")});
        QCOMPARE(yaml.out, QStringLiteral("clientVersion:\n  qt: \"%1\"\n  sparkdeck: \"%2\"\n").arg(QString::fromLatin1(qVersion()), QStringLiteral(SPARKDECK_VERSION)));
    }

    void versionWithoutCluster()
    {
        QTemporaryDir dir;
        const QString kubeconfig = writeFile(dir, QStringLiteral("kubeconfig"), unreachableKubeconfig());
        for (const QStringList& flags : {QStringList{QStringLiteral("--kubeconfig"), kubeconfig}, QStringList{QStringLiteral("--kubeconfig"), QStringLiteral("/nonexistent")},
                                         QStringList{QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("--context"), QStringLiteral("nosuch")}}) {
            const CliResult r = runCli(QStringList{QStringLiteral("version")} + flags);
            QVERIFY2(r.exitCode == 0, describe(r));
            QVERIFY2(r.out.startsWith(QStringLiteral("Client Version: ")), describe(r));
            QVERIFY2(!r.out.contains(QStringLiteral("Server Version")), describe(r));
            QVERIFY2(r.err.startsWith(QStringLiteral("Server: not reachable (")), describe(r));
            const CliResult json = runCli(QStringList{QStringLiteral("version"), QStringLiteral("-o"), QStringLiteral("json")} + flags);
            QVERIFY2(json.exitCode == 0, describe(json));
            QVERIFY(QJsonDocument::fromJson(json.out.toUtf8()).object().contains(QStringLiteral("clientVersion")));
        }
    }

    void versionWithCluster()
    {
        const ClusterFixture fixture = readClusterFixture();
        if (fixture.kubeconfig.isEmpty())
            QSKIP(qPrintable(fixture.error));
        const CliResult r = runCli({QStringLiteral("version"), QStringLiteral("-o"), QStringLiteral("json"), QStringLiteral("--kubeconfig"), fixture.kubeconfig});
        QVERIFY2(r.exitCode == 0, describe(r));
        const QJsonObject object = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const ProcessResult truth = runKubectl(fixture, {QStringLiteral("version"), QStringLiteral("-o"), QStringLiteral("json")});
        const QString serverVersion = QJsonDocument::fromJson(truth.out.toUtf8()).object().value(QStringLiteral("serverVersion")).toObject().value(QStringLiteral("gitVersion")).toString();
        QVERIFY(!serverVersion.isEmpty());
        QCOMPARE(object.value(QStringLiteral("serverVersion")).toObject().value(QStringLiteral("gitVersion")).toString(), serverVersion);
        const CliResult plain = runCli({QStringLiteral("version"), QStringLiteral("--kubeconfig"), fixture.kubeconfig});
        QVERIFY2(plain.out.contains(QStringLiteral("Server Version: ") + serverVersion), describe(plain));
        QVERIFY2(plain.out.contains(QStringLiteral("Spark Operator: ")), describe(plain));
    }

    // --- the window's options -------------------------------------------------------------------

    void windowParserHasTheWindowOptions()
    {
        // `--help` after a window option is the window's own parser (QCommandLineParser): it was
        // built from the same definitions.
        const CliResult r = runCli({QStringLiteral("--no-draft"), QStringLiteral("--help")}, {}, {{QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen")}});
        QVERIFY2(r.exitCode == 0, describe(r));
        for (const cli::Option& o : cli::windowGlobalOptions() + cli::windowOptions()) {
            for (const QString& spelling : spelled(o))
                QVERIFY2(r.out.contains(spelling), qPrintable(spelling + QStringLiteral(" missing:\n") + r.out));
            if (!o.defaultValue.isEmpty())
                QVERIFY2(r.out.simplified().contains(QStringLiteral("Default: %1.").arg(o.defaultValue)), qPrintable(o.defaultValue)); // lines wrap
        }
        QVERIFY(!r.out.contains(QStringLiteral("--request-timeout")));
        const CliResult theme = runCli({QStringLiteral("--theme"), QStringLiteral("purple")}, {}, {{QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen")}});
        QVERIFY2(theme.exitCode == 2 && theme.err.contains(QStringLiteral("unknown theme")), describe(theme));
    }
};

QTEST_GUILESS_MAIN(TestCliMeta)
#include "tst_cli_meta.moc"
