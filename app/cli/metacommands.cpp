// help, version, completion, man and the hidden __complete; the completion and the man page
// themselves are in completion.cpp and man.cpp.

#include "app/cli/command.h"
#include "app/cli/completion.h"
#include "app/cli/help.h"
#include "app/cli/invocation.h"
#include "app/cli/man.h"
#include "app/kube/kubeclient.h"
#include "app/kube/kubeconfig.h"
#include "app/kube/operatorprobe.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace cli {

namespace {

const QString kOther = QStringLiteral("Other");

/// `object` as block YAML; strings as JSON writes them (a YAML double-quoted scalar).
QString yamlOf(const QJsonObject& object, int indent = 0)
{
    QString out;
    const QString pad(indent, QLatin1Char(' '));
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it->isObject()) {
            out += QStringLiteral("%1%2:\n").arg(pad, it.key()) + yamlOf(it->toObject(), indent + 2);
        } else {
            const QByteArray scalar = QJsonDocument(QJsonArray{*it}).toJson(QJsonDocument::Compact);
            out += QStringLiteral("%1%2: %3\n").arg(pad, it.key(), QString::fromUtf8(scalar.mid(1, scalar.size() - 2)));
        }
    }
    return out;
}

/// The state of one `version` run: what it found out so far; print() writes it and finishes.
struct VersionReport {
    QJsonObject client;
    QJsonObject server;        ///< GET /version's answer; empty when not reached
    QJsonObject sparkOperator; ///< deployment, version; empty when not known
    QString operatorText;      ///< the operator line of the plain output

    void print(Invocation& inv) const
    {
        QJsonObject all{{QStringLiteral("clientVersion"), client}};
        if (!server.isEmpty())
            all.insert(QStringLiteral("serverVersion"), server);
        if (!sparkOperator.isEmpty())
            all.insert(QStringLiteral("sparkOperator"), sparkOperator);
        const QString format = inv.value(QStringLiteral("output"));
        if (format == QLatin1String("json")) {
            inv.terminal().write(QJsonDocument(all).toJson(QJsonDocument::Indented));
        } else if (format == QLatin1String("yaml")) {
            inv.terminal().print(yamlOf(all));
        } else {
            inv.terminal().line(QStringLiteral("Client Version: %1 (Qt %2)")
                                    .arg(client.value(QStringLiteral("sparkdeck")).toString(), client.value(QStringLiteral("qt")).toString()));
            if (!server.isEmpty())
                inv.terminal().line(QStringLiteral("Server Version: %1").arg(server.value(QStringLiteral("gitVersion")).toString()));
            if (!operatorText.isEmpty())
                inv.terminal().line(QStringLiteral("Spark Operator: %1").arg(operatorText));
        }
        inv.finish(ExitOk);
    }
};

void runVersion(Invocation& inv)
{
    const auto timeout = inv.requestTimeoutMs(); // a malformed one is a usage error, --client or not
    if (!timeout)
        return;
    auto report = std::make_shared<VersionReport>();
    report->client = {{QStringLiteral("sparkdeck"), QStringLiteral(SPARKDECK_VERSION)}, {QStringLiteral("qt"), QString::fromLatin1(qVersion())}};
    if (inv.isSet(QStringLiteral("client")))
        return report->print(inv);
    auto unreachable = [&inv, report](const QString& why) {
        inv.terminal().error(QStringLiteral("Server: not reachable (%1)").arg(why));
        report->print(inv);
    };

    // Not Invocation::connection(): that finishes with exit 3, and version never fails for the cluster.
    kube::KubeconfigError error;
    const auto kubeconfig = kube::Kubeconfig::load(inv.kubeconfigFiles(), inv.isSet(QStringLiteral("kubeconfig")), &error);
    if (!kubeconfig)
        return unreachable(error.toString());
    const auto connection = kubeconfig->connection(inv.contextName(), &error);
    if (!connection)
        return unreachable(error.toString());
    auto* client = new kube::KubeClient(*connection, &inv);
    client->setRequestTimeout(inv.isSet(QStringLiteral("request-timeout")) ? *timeout : 5000);
    const QString ns = inv.isSet(QStringLiteral("namespace")) ? inv.value(QStringLiteral("namespace"))
                       : connection->defaultNamespace.isEmpty() ? QStringLiteral("default") : connection->defaultNamespace;
    client->request("GET", QStringLiteral("/version"), {}, {}, &inv, [&inv, client, ns, report, unreachable](const kube::Result<kube::KubeResponse>& r) {
        if (!r)
            return unreachable(r.error().summary());
        report->server = r->object();
        kube::probeOperator(client, ns, {}, &inv, [&inv, report](const kube::Result<kube::OperatorFacts>& facts) {
            if (!facts || facts->operatorPresence == kube::OperatorPresence::Unknown) {
                report->operatorText = QStringLiteral("unknown (Deployments cannot be listed)");
            } else if (facts->operatorPresence == kube::OperatorPresence::NotFound) {
                report->operatorText = QStringLiteral("no Deployment in the cluster (an operator run outside it is not seen here; sparkdeck doctor checks)");
            } else {
                report->sparkOperator = {{QStringLiteral("deployment"), facts->operatorDeployment},
                                         {QStringLiteral("version"), facts->operatorVersion}};
                report->operatorText = QStringLiteral("%1 (%2)").arg(facts->operatorVersion.isEmpty() ? QStringLiteral("version unknown")
                                                                                                        : facts->operatorVersion,
                                                                     facts->operatorDeployment);
            }
            report->print(inv);
        });
    });
}

} // namespace

QList<Command> metaCommands()
{
    Command help;
    help.name = QStringLiteral("help");
    help.group = kOther;
    help.arguments = QStringLiteral("[COMMAND]");
    help.summary = QStringLiteral("Show the commands, or one command's options.");
    help.argumentKind = ArgumentKind::Word; // no argumentValues: the command names
    help.maxArguments = 1;
    help.examples = {QStringLiteral("sparkdeck help submit")};
    help.run = [](Invocation& inv) {
        if (inv.arguments().isEmpty()) {
            inv.terminal().print(overviewHelp(inv.program(), &inv.terminal()));
            return inv.finish(ExitOk);
        }
        const Command* c = findCommand(inv.arguments().constFirst());
        if (!c)
            return inv.usageError(QStringLiteral("unknown command \"%1\"").arg(inv.arguments().constFirst()));
        inv.terminal().print(commandHelp(*c, inv.program(), &inv.terminal()));
        inv.finish(ExitOk);
    };

    Command version;
    version.name = QStringLiteral("version");
    version.group = kOther;
    version.summary = QStringLiteral("Show the client's, the server's and the Spark Operator's versions.");
    version.description = QStringLiteral(
        "Prints SparkDeck's version and, when the kubeconfig's cluster answers, the API server's version and "
        "the Spark Operator's (from its controller Deployment). An unreachable cluster is not an error: the "
        "client's version is printed, \"Server: not reachable (...)\" goes to standard error and the exit "
        "code is 0 (`sparkdeck doctor` checks the cluster). Without --request-timeout the server gets 5s.");
    version.options = {
        valued({QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("FORMAT"),
               QStringLiteral("Output format: plain text when not given."), {}, {QStringLiteral("json"), QStringLiteral("yaml")}),
        flag({QStringLiteral("client")}, QStringLiteral("Only the client's version; the cluster is not contacted.")),
    };
    version.examples = {QStringLiteral("sparkdeck version"), QStringLiteral("sparkdeck version --client -o json")};
    version.run = runVersion;

    Command completion;
    completion.name = QStringLiteral("completion");
    completion.group = kOther;
    completion.arguments = QStringLiteral("SHELL");
    completion.summary = QStringLiteral("Print the shell completion script (bash, zsh or fish).");
    completion.description = QStringLiteral(
        "Prints a script that makes the shell complete commands, options, option values, YAML files and the "
        "names of SparkApplications (listed with the --kubeconfig, --context and -n already on the line).\n\n"
        "  bash:  source <(sparkdeck completion bash)\n"
        "  zsh:   sparkdeck completion zsh > \"${fpath[1]}/_sparkdeck\"\n"
        "  fish:  sparkdeck completion fish > ~/.config/fish/completions/sparkdeck.fish\n\n"
        "Packages install them in share/bash-completion/completions, share/zsh/site-functions and "
        "share/fish/vendor_completions.d. `kubectl sparkdeck` completes too (kubectl 1.26 or newer) when "
        "kubectl_complete-sparkdeck, installed next to kubectl-sparkdeck, is on PATH.");
    completion.argumentKind = ArgumentKind::Word;
    completion.argumentValues = completionShells();
    completion.minArguments = 1;
    completion.maxArguments = 1;
    completion.examples = {QStringLiteral("sparkdeck completion bash > ~/.local/share/bash-completion/completions/sparkdeck")};
    completion.run = [](Invocation& inv) {
        const QString script = completionScript(inv.arguments().constFirst());
        if (script.isEmpty())
            return inv.usageError(QStringLiteral("completion takes one of %1, not \"%2\"")
                                      .arg(completionShells().join(QStringLiteral(", ")), inv.arguments().constFirst()));
        inv.terminal().print(script);
        inv.finish(ExitOk);
    };

    Command man;
    man.name = QStringLiteral("man");
    man.group = kOther;
    man.summary = QStringLiteral("Print the man page sparkdeck(1) (roff).");
    man.examples = {QStringLiteral("sparkdeck man | man -l -")};
    man.run = [](Invocation& inv) {
        inv.terminal().print(manPage());
        inv.finish(ExitOk);
    };

    Command completeWords; // cli::main hands its words to complete() before any parsing
    completeWords.name = QStringLiteral("__complete");
    completeWords.hidden = true;
    completeWords.arguments = QStringLiteral("WORD...");
    completeWords.summary = QStringLiteral("Print the completion candidates of the last word.");
    completeWords.maxArguments = -1;
    completeWords.run = [](Invocation& inv) { inv.finish(complete(inv.arguments(), inv.program(), inv.terminal())); };

    return {help, version, completion, man, completeWords};
}

} // namespace cli
