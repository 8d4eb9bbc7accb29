// `sparkdeck history`: the run history on disk (history::HistoryStore), read without the cluster:
// list, logs, export, describe.
#include "app/cli/applicationprint.h"
#include "app/cli/command.h"
#include "app/cli/invocation.h"
#include "app/cli/terminal.h"
#include "app/session/historyrecorder.h"
#include "models/sparkapplication.h"

#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <optional>

namespace cli {

namespace {

QJsonObject runJson(const history::Run& r, bool full)
{
    QJsonObject o{{QStringLiteral("id"), r.id},
                  {QStringLiteral("cluster"), r.cluster},
                  {QStringLiteral("context"), r.context},
                  {QStringLiteral("namespace"), r.ns},
                  {QStringLiteral("name"), r.name},
                  {QStringLiteral("uid"), r.uid},
                  {QStringLiteral("state"), r.state},
                  {QStringLiteral("errorMessage"), r.errorMessage},
                  {QStringLiteral("sparkApplicationId"), r.sparkApplicationId},
                  {QStringLiteral("created"), r.created.toString(Qt::ISODate)},
                  {QStringLiteral("finished"), r.finished.toString(Qt::ISODate)},
                  {QStringLiteral("recorded"), r.recorded.toString(Qt::ISODate)},
                  {QStringLiteral("gone"), r.goneFromCluster},
                  {QStringLiteral("driverLogBytes"), r.driverLogBytes},
                  {QStringLiteral("stateHistory"), r.stateHistory},
                  {QStringLiteral("podTerminations"), r.podTerminations}};
    if (full) {
        o.insert(QStringLiteral("events"), r.events);
        o.insert(QStringLiteral("object"), r.object);
    }
    return o;
}

// The store of this process, or nullptr after finishing with its problem. A problem that still
// left a working store (a damaged file moved aside) is a warning.
history::HistoryStore* openStore(Invocation& inv)
{
    history::HistoryStore* store = session::processHistoryStore();
    if (!store->isOpen()) {
        inv.terminal().error(QStringLiteral("error: %1").arg(store->problem().isEmpty() ? store->error() : store->problem()));
        inv.finish(ExitFailed);
        return nullptr;
    }
    if (!store->problem().isEmpty())
        inv.terminal().error(QStringLiteral("Warning: %1").arg(store->problem()));
    return store;
}

// The API server URL of --context when it is given (runs of that cluster only), else "" (all).
std::optional<QString> clusterFilter(Invocation& inv)
{
    if (!inv.isSet(QStringLiteral("context")))
        return QString();
    const kube::ClusterConnection* c = inv.connection();
    if (!c)
        return std::nullopt;
    return history::clusterIdentity(c->server);
}

// The newest run NAME in the namespace, or nullopt after finishing with exit 1.
std::optional<history::Run> findRun(Invocation& inv, history::HistoryStore* store, const QString& name)
{
    const std::optional<QString> cluster = clusterFilter(inv);
    if (!cluster)
        return std::nullopt;
    const QString ns = inv.allNamespaces() ? QString() : inv.ns();
    if (inv.finished())
        return std::nullopt;
    std::optional<history::Run> run = store->latest(ns, name, *cluster);
    if (!run) {
        inv.terminal().error(QStringLiteral("error: no run named %1 %2 in the run history (%3); `%4 history%5` lists what is there")
                                 .arg(name, ns.isEmpty() ? QStringLiteral("in any namespace") : QStringLiteral("in namespace %1").arg(ns),
                                      store->path(), inv.program(), ns.isEmpty() ? QStringLiteral(" -A") : QString()));
        inv.finish(ExitFailed);
    }
    return run;
}

void listRuns(Invocation& inv, history::HistoryStore* store)
{
    const std::optional<QString> cluster = clusterFilter(inv);
    if (!cluster)
        return;
    const bool all = inv.allNamespaces();
    const QString ns = all ? QString() : inv.ns();
    if (inv.finished())
        return;
    const QList<history::Run> runs = store->runs({*cluster, ns, {}, false, 0});
    const QString output = inv.value(QStringLiteral("output"));
    if (output == QLatin1String("json")) {
        QJsonArray items;
        for (const history::Run& r : runs)
            items.append(runJson(r, false));
        inv.terminal().print(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("items"), items}}).toJson(QJsonDocument::Indented)));
        return inv.finish(ExitOk);
    }
    if (runs.isEmpty()) {
        inv.terminal().error(all ? QStringLiteral("No runs in the run history.")
                                 : QStringLiteral("No runs of namespace %1 in the run history (-A: every namespace).").arg(ns));
        return inv.finish(ExitOk);
    }
    const bool wide = output == QLatin1String("wide");
    QStringList headers;
    if (all)
        headers << QStringLiteral("NAMESPACE");
    headers << QStringLiteral("NAME") << QStringLiteral("STATE") << QStringLiteral("FINISHED") << QStringLiteral("GONE")
            << QStringLiteral("CONTEXT");
    if (wide)
        headers << QStringLiteral("UID") << QStringLiteral("DRIVER-LOG") << QStringLiteral("ERROR");
    Table table(headers);
    for (const history::Run& r : runs) {
        QList<Cell> row;
        if (all)
            row << r.ns;
        row << r.name << Cell(model::spark::stateLabel(r.state), colourOfState(r.state)) << kubeAgeSince(r.finished)
            << (r.goneFromCluster ? QStringLiteral("yes") : QStringLiteral("no")) << (r.context.isEmpty() ? r.cluster : r.context);
        if (wide)
            row << r.uid << QString::number(r.driverLogBytes) << (r.errorMessage.isEmpty() ? QStringLiteral("<none>") : r.errorMessage.section(QLatin1Char('\n'), 0, 0));
        table.addRow(row);
    }
    inv.terminal().print(table.render(inv.terminal()));
    inv.finish(ExitOk);
}

void describeRun(Invocation& inv, const history::Run& r)
{
    Terminal& t = inv.terminal();
    const auto field = [&t](const QString& label, const QString& value) {
        t.line(QStringLiteral("%1 %2").arg(label + QLatin1Char(':'), -20).arg(value.isEmpty() ? QStringLiteral("<none>") : value));
    };
    field(QStringLiteral("Name"), r.name);
    field(QStringLiteral("Namespace"), r.ns);
    field(QStringLiteral("UID"), r.uid);
    field(QStringLiteral("Cluster"), r.cluster);
    field(QStringLiteral("Context"), r.context);
    field(QStringLiteral("State"), model::spark::stateLabel(r.state));
    field(QStringLiteral("Error"), r.errorMessage.trimmed());
    field(QStringLiteral("Spark application"), r.sparkApplicationId);
    field(QStringLiteral("Created"), r.created.toString(Qt::ISODate));
    field(QStringLiteral("Finished"), QStringLiteral("%1 (%2 ago)").arg(r.finished.toString(Qt::ISODate), kubeAgeSince(r.finished)));
    field(QStringLiteral("On the cluster"), r.goneFromCluster ? QStringLiteral("no (deleted)") : QStringLiteral("yes, when last seen"));
    field(QStringLiteral("Driver log"), r.driverLogBytes > 0 ? QStringLiteral("%1 bytes (`%2 history logs %3 -n %4`)").arg(r.driverLogBytes).arg(inv.program(), r.name, r.ns)
                                                             : QString());
    t.line(QStringLiteral("States:"));
    for (const QJsonValue& v : r.stateHistory) {
        const QJsonObject s = v.toObject();
        t.line(QStringLiteral("  %1  %2").arg(s.value(QLatin1String("at")).toString(), s.value(QLatin1String("state")).toString()));
    }
    t.line(QStringLiteral("Terminated containers:"));
    if (r.podTerminations.isEmpty())
        t.line(QStringLiteral("  <none>"));
    for (const QJsonValue& v : r.podTerminations) {
        const QJsonObject c = v.toObject();
        QString line = QStringLiteral("  %1").arg(c.value(QLatin1String("pod")).toString());
        if (!c.value(QLatin1String("container")).toString().isEmpty())
            line += QLatin1Char('/') + c.value(QLatin1String("container")).toString();
        line += QStringLiteral("  %1").arg(c.value(QLatin1String("reason")).toString());
        if (c.contains(QLatin1String("exitCode")))
            line += QStringLiteral(" (exit code %1)").arg(c.value(QLatin1String("exitCode")).toInt());
        if (!c.value(QLatin1String("message")).toString().isEmpty())
            line += QStringLiteral(": ") + c.value(QLatin1String("message")).toString().simplified();
        t.line(line);
    }
    t.line(QStringLiteral("Events:"));
    if (r.events.isEmpty()) {
        t.line(QStringLiteral("  <none>"));
        return;
    }
    Table table({QStringLiteral("TYPE"), QStringLiteral("REASON"), QStringLiteral("OBJECT"), QStringLiteral("MESSAGE")});
    for (const QJsonValue& v : r.events) {
        const QJsonObject e = v.toObject();
        const QJsonObject involved = e.value(QLatin1String("involvedObject")).toObject();
        table.addRow({e.value(QLatin1String("type")).toString(), e.value(QLatin1String("reason")).toString(),
                      involved.value(QLatin1String("kind")).toString().toLower() + QLatin1Char('/') + involved.value(QLatin1String("name")).toString(),
                      e.value(QLatin1String("message")).toString().simplified()});
    }
    for (const QString& line : table.render(t).split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        t.line(QStringLiteral("  ") + line);
}

void runHistory(Invocation& inv)
{
    const QStringList args = inv.arguments();
    const QString sub = args.value(0, QStringLiteral("list"));
    const QHash<QString, int> arity{{QStringLiteral("list"), 0}, {QStringLiteral("logs"), 1}, {QStringLiteral("describe"), 1}, {QStringLiteral("export"), 2}};
    if (!arity.contains(sub))
        return inv.usageError(QStringLiteral("unknown history command \"%1\": use list, logs NAME, describe NAME or export NAME FILE").arg(sub));
    const int wanted = arity.value(sub);
    if (args.size() - 1 != wanted && !(sub == QLatin1String("list") && args.isEmpty()))
        return inv.usageError(sub == QLatin1String("export") ? QStringLiteral("history export takes NAME and FILE")
                              : wanted == 1                  ? QStringLiteral("history %1 takes one NAME").arg(sub)
                                                             : QStringLiteral("history list takes no arguments"));
    if (inv.isSet(QStringLiteral("output")) && sub != QLatin1String("list") && sub != QLatin1String("describe"))
        return inv.usageError(QStringLiteral("-o applies to history list and history describe"));
    if (sub == QLatin1String("describe") && inv.isSet(QStringLiteral("output")) && inv.value(QStringLiteral("output")) != QLatin1String("json"))
        return inv.usageError(QStringLiteral("history describe -o takes json"));
    if (sub == QLatin1String("export") && QFileInfo(args.at(2)).isDir())
        return inv.usageError(QStringLiteral("%1 is a directory: give the bundle's file name, e.g. %1/%2.tar.gz").arg(args.at(2), args.at(1)));

    history::HistoryStore* store = openStore(inv);
    if (!store)
        return;
    if (sub == QLatin1String("list"))
        return listRuns(inv, store);
    const std::optional<history::Run> run = findRun(inv, store, args.at(1));
    if (!run)
        return;
    if (sub == QLatin1String("logs")) {
        const QByteArray log = store->driverLog(run->id);
        if (log.isEmpty()) {
            inv.terminal().error(QStringLiteral("error: no driver log was stored for %1 (%2): its driver pod was gone, or had written nothing, when it ended")
                                     .arg(run->name, run->finished.toString(Qt::ISODate)));
            return inv.finish(ExitFailed);
        }
        inv.terminal().write(log);
        return inv.finish(ExitOk);
    }
    if (sub == QLatin1String("export")) {
        if (!store->exportBundle(run->id, args.at(2))) {
            inv.terminal().error(QStringLiteral("error: %1").arg(store->error()));
            return inv.finish(ExitFailed);
        }
        inv.terminal().line(QStringLiteral("Wrote %1 (the run of %2/%3 that ended %4).").arg(args.at(2), run->ns, run->name, run->finished.toString(Qt::ISODate)));
        return inv.finish(ExitOk);
    }
    if (inv.value(QStringLiteral("output")) == QLatin1String("json")) {
        inv.terminal().print(QString::fromUtf8(QJsonDocument(runJson(*run, true)).toJson(QJsonDocument::Indented)));
        return inv.finish(ExitOk);
    }
    describeRun(inv, *run);
    inv.finish(ExitOk);
}

} // namespace

QList<Command> historyCommands()
{
    Command history;
    history.name = QStringLiteral("history");
    history.arguments = QStringLiteral("[list | logs NAME | describe NAME | export NAME FILE]");
    history.summary = QStringLiteral("The run history: SparkApplications that ended, kept after they are deleted.");
    history.description = QStringLiteral(
        "SparkDeck records every SparkApplication it sees end (the window, `submit --wait` and `logs -f`): its last "
        "object, the states it went through, the events of the application and its pods, why its containers ended, "
        "and the driver's log (its last 8 MiB). Runs stay readable after the application is deleted from the cluster. "
        "The history is a file on this computer (SPARKDECK_HISTORY_DB overrides where); the cluster is not asked.\n\n"
        "history (or history list) prints the runs of the namespace, newest first: NAME, STATE, FINISHED (age), GONE "
        "(deleted from the cluster) and CONTEXT; -A every namespace, -o wide adds UID, DRIVER-LOG (bytes) and ERROR, "
        "-o json the runs as JSON. --context limits it to the runs of that context's cluster.\n\n"
        "history logs NAME prints the stored driver log of the newest run NAME; history describe NAME what was "
        "recorded; history export NAME FILE writes a .tar.gz for a bug report (application.yaml, events, driver.log, "
        "terminations, state history, README.txt). A name without a run exits 1.");
    history.options = {valued({QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("FORMAT"),
                              QStringLiteral("Output format: wide, json (default: a table)."), {},
                              {QStringLiteral("wide"), QStringLiteral("json")})};
    history.examples = {QStringLiteral("sparkdeck history -A"), QStringLiteral("sparkdeck history logs spark-pi -n spark-jobs"),
                        QStringLiteral("sparkdeck history export spark-pi spark-pi.tar.gz")};
    history.argumentKind = ArgumentKind::Word;
    history.argumentValues = {QStringLiteral("list"), QStringLiteral("logs"), QStringLiteral("describe"), QStringLiteral("export")};
    history.minArguments = 0;
    history.maxArguments = 3;
    history.group = QStringLiteral("Inspect");
    history.run = runHistory;
    return {history};
}

} // namespace cli
