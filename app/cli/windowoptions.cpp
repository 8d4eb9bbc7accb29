// The window's options (`sparkdeck [options]`), defined with the command table's cli::Option so that
// app/main's parser, the overview help and the man page share one definition.

#include "app/cli/windowoptions.h"

#include "app/cli/help.h"

namespace cli {

QCommandLineOption qtOption(const Option& o)
{
    QCommandLineOption q(o.names, optionText(o));
    if (!o.valueName.isEmpty()) {
        q.setValueName(o.valueName);
        if (!o.defaultValue.isEmpty())
            q.setDefaultValue(o.defaultValue);
    }
    return q;
}

void addOptions(QCommandLineParser& parser, const QList<Option>& options)
{
    for (const Option& o : options)
        parser.addOption(qtOption(o));
}

const QList<Option>& windowOptions()
{
    static const QList<Option> options{
        valued({QStringLiteral("open")}, QStringLiteral("FILE"), QStringLiteral("Open a YAML file in the job editor.")),
        flag({QStringLiteral("editor")}, QStringLiteral("Start in the job editor.")),
        valued({QStringLiteral("details")}, QStringLiteral("TAB"), QStringLiteral("Tab of the selected application to show."),
               QStringLiteral("logs"), // the values in the order of ui::DetailsPane::Tab
               {QStringLiteral("details"), QStringLiteral("pods"), QStringLiteral("events"), QStringLiteral("yaml"), QStringLiteral("logs")}),
        flag({QStringLiteral("all-clusters")},
             QStringLiteral("Open every context of the kubeconfig and show their applications in one table (All clusters).")),
        valued({QStringLiteral("theme")}, QStringLiteral("NAME"),
               QStringLiteral("Colour theme; system follows the desktop's light or dark scheme, also when it changes."), QStringLiteral("system"),
               {QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")}),
        valued({QStringLiteral("window-size")}, QStringLiteral("WxH"), QStringLiteral("Initial window size in pixels, e.g. 1024x700.")),
        flag({QStringLiteral("no-draft")}, QStringLiteral("Do not autosave or offer back the job editor's draft.")),
        valued({QStringLiteral("screenshot")}, QStringLiteral("FILE"),
               QStringLiteral("Render the window offscreen once the first list has arrived (the newest COMPLETED application "
                              "selected, its driver log loaded), save it as a PNG and exit.")),
        valued({QStringLiteral("normalize")}, QStringLiteral("FILE"),
               QStringLiteral("Print what Save would write for the file and exit: comments, key order, quoting and style are "
                              "kept; line endings become LF, trailing spaces and a byte-order mark go, each document ends with "
                              "one newline. Exits 1 with FILE:line:column on a YAML error. Needs no display.")),
    };
    return options;
}

QList<Option> windowGlobalOptions()
{
    QList<Option> shared;
    for (const Option& o : globalOptions()) {
        const QString name = o.names.constLast();
        if (name != QLatin1String("request-timeout") && name != QLatin1String("help"))
            shared.append(o);
    }
    return shared;
}

} // namespace cli
