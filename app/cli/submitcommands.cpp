// submit, logs and ui: sending a job, following it, its driver's or an executor's log, and its
// Spark UI.

#include "app/cli/applicationwatch.h"
#include "app/cli/command.h"
#include "app/cli/invocation.h"
#include "app/cli/interrupt.h"
#include "app/cli/submitsupport.h"
#include "app/kube/informer.h"
#include "app/kube/kubeclient.h"
#include "app/kube/logstream.h"
#include "app/kube/portforward.h"
#include "app/kube/sparkapi.h"
#include "app/process/processrunner.h"
#include "app/session/applicationfacts.h"
#include "app/session/historyrecorder.h"
#include "models/podsmodel.h"
#include "models/sparkapplication.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QStandardPaths>
#include <QUrlQuery>

#include <limits>
#include <memory>

namespace cli {

namespace {

QString str(const QJsonObject& o, const char* path)
{
    QJsonValue v = o;
    for (const QString& key : QString::fromLatin1(path).split(QLatin1Char('.')))
        v = v.toObject().value(key);
    return v.toString();
}

/// The command that follows `name`'s log later, with the flags that select the same cluster and
/// namespace: "sparkdeck logs NAME -f [-n NS] [--context C] [--kubeconfig F]".
QString followCommand(Invocation& inv, const QString& name, const QString& ns)
{
    QStringList words{inv.program(), QStringLiteral("logs"), name, QStringLiteral("-f")};
    const kube::ClusterConnection* c = inv.connection();
    const QString contextNs = c && !c->defaultNamespace.isEmpty() ? c->defaultNamespace : QStringLiteral("default");
    if (ns != contextNs)
        words << QStringLiteral("-n") << ns;
    if (inv.isSet(QStringLiteral("context")))
        words << QStringLiteral("--context") << inv.contextName();
    if (inv.isSet(QStringLiteral("kubeconfig")))
        words << QStringLiteral("--kubeconfig") << inv.value(QStringLiteral("kubeconfig"));
    return words.join(QLatin1Char(' '));
}


// ---- submit

struct SubmitRun {
    QList<Manifest> manifests;
    QString file;
    bool dryRun = false;
    int index = 0;
    int refused = 0;
    int exitCode = ExitOk;
    QList<kube::SubmitResult> results;
};

/// Prints the server's refusal of `m` (its Status, causes and warnings).
void printRefusal(Invocation& inv, const SubmitRun& run, const Manifest& m, const kube::SubmitResult& result)
{
    kube::KubeError error = result.status.error();
    error.warnings.clear(); // printed below, from both requests
    QString what = QStringLiteral("error when creating \"%1\"").arg(run.file);
    if (run.manifests.size() > 1)
        what += QStringLiteral(" (%1 %2)").arg(m.kind, m.name.isEmpty() ? m.generateName + QStringLiteral("…") : m.name);
    inv.terminal().error(errorText(error, what));
    for (const QString& w : result.warnings)
        inv.terminal().error(QStringLiteral("Warning: %1").arg(w));
}

void startWait(Invocation& inv, kube::KubeClient* client, const Manifest& m, const QString& name, qint64 timeoutMs)
{
    ApplicationWatch::Options o;
    o.ns = m.ns;
    o.name = name;
    o.serviceAccount = str(m.json, "spec.driver.serviceAccount");
    o.followLog = inv.isSet(QStringLiteral("logs"));
    o.timeoutMs = timeoutMs;
    const int requestTimeout = inv.requestTimeoutMs().value_or(30'000);
    if (inv.isSet(QStringLiteral("request-timeout")))
        o.unreachableMs = requestTimeout; // 0: never give up
    o.followCommand = followCommand(inv, name, m.ns);
    auto* watch = new ApplicationWatch(client, inv.terminal(), o, &inv);
    auto* interrupts = new Interrupts(watch);
    QObject::connect(interrupts, &Interrupts::interrupted, watch, &ApplicationWatch::interrupt);
    QObject::connect(watch, &ApplicationWatch::finished, &inv, [&inv](int code) { inv.finish(code); });
    watch->start();
}

/// Sends manifest run->index with `dryRunOnly`, then the next; `done` after the last.
void submitEach(Invocation& inv, kube::KubeClient* client, std::shared_ptr<SubmitRun> run, bool dryRunOnly,
                std::function<void()> done)
{
    if (run->index >= run->manifests.size())
        return done();
    const Manifest& m = run->manifests.at(run->index);
    kube::submitSparkApplication(client, m.json, dryRunOnly, &inv, [&inv, client, run, dryRunOnly, done](const kube::SubmitResult& result) {
        const Manifest& m = run->manifests.at(run->index);
        run->results << result;
        if (!result.status) {
            ++run->refused;
            run->exitCode = std::max(run->exitCode, exitCodeFor(result.status.error()));
            printRefusal(inv, *run, m, result);
        } else if (!dryRunOnly || run->dryRun) {
            const QString name = str(result.object, "metadata.name").isEmpty() ? m.name : str(result.object, "metadata.name");
            inv.terminal().line(QStringLiteral("%1/%2 created%3").arg(m.resource(), name, dryRunOnly ? QStringLiteral(" (server dry run)") : QString()));
            for (const QString& w : result.warnings)
                inv.terminal().error(QStringLiteral("Warning: %1").arg(w));
        }
        ++run->index;
        submitEach(inv, client, run, dryRunOnly, done);
    });
}

void runSubmit(Invocation& inv)
{
    const QString path = inv.arguments().constFirst();
    const bool wait = inv.isSet(QStringLiteral("wait")) || inv.isSet(QStringLiteral("logs"));
    qint64 timeoutMs = 0;
    if (inv.isSet(QStringLiteral("timeout"))) {
        const auto t = parseDurationMs(inv.value(QStringLiteral("timeout")));
        if (!t)
            return inv.usageError(QStringLiteral("--timeout takes a duration such as 90s, 10m or 0 (no limit), not \"%1\"").arg(inv.value(QStringLiteral("timeout"))));
        timeoutMs = *t;
        if (!wait)
            return inv.usageError(QStringLiteral("--timeout applies to --wait and --logs"));
    }
    if (wait && inv.isSet(QStringLiteral("dry-run")))
        return inv.usageError(QStringLiteral("--dry-run creates nothing to wait for: leave out --wait/--logs"));

    const bool fromStdin = path == QLatin1String("-");
    QString readError;
    const auto text = readYamlInput(path, fromStdin ? QStringLiteral("standard input") : path, &readError);
    if (!text) {
        inv.terminal().error(QStringLiteral("error: ") + readError);
        return inv.finish(ExitUsage);
    }
    auto run = std::make_shared<SubmitRun>();
    run->file = fromStdin ? QStringLiteral("<stdin>") : path;
    run->dryRun = inv.isSet(QStringLiteral("dry-run"));
    QString error;
    const QString requiredNs = inv.isSet(QStringLiteral("namespace")) ? inv.value(QStringLiteral("namespace")) : QString();
    const auto manifests = readManifests(*text, run->file, requiredNs, &error);
    if (!manifests) {
        inv.terminal().error(QStringLiteral("error: %1").arg(error));
        return inv.finish(ExitUsage);
    }
    run->manifests = *manifests;
    if (wait && (run->manifests.size() != 1 || run->manifests.constFirst().kind != QLatin1String(model::spark::kKind)))
        return inv.usageError(QStringLiteral("--wait and --logs follow one SparkApplication: %1 holds %2")
                                  .arg(run->file, run->manifests.size() == 1 ? QStringLiteral("a %1").arg(run->manifests.constFirst().kind)
                                                                             : QStringLiteral("%1 documents").arg(run->manifests.size())));

    kube::KubeClient* client = inv.client();
    if (!client)
        return;
    const QString ns = inv.ns();
    for (Manifest& m : run->manifests)
        if (m.ns.isEmpty())
            m.setNamespace(ns);

    // All documents are checked by the server (dry run) before any is created: a refusal creates nothing.
    submitEach(inv, client, run, true, [&inv, client, run, wait, timeoutMs] {
        if (run->refused > 0) {
            if (run->manifests.size() > 1)
                inv.terminal().error(QStringLiteral("Nothing was created: the server refused %1 of %2 documents.").arg(run->refused).arg(run->manifests.size()));
            return inv.finish(run->exitCode);
        }
        if (run->dryRun)
            return inv.finish(ExitOk);
        run->index = 0;
        run->results.clear();
        submitEach(inv, client, run, false, [&inv, client, run, wait, timeoutMs] {
            if (run->refused > 0 || !wait)
                return inv.finish(run->exitCode);
            const Manifest& m = run->manifests.constFirst();
            const QString name = str(run->results.constFirst().object, "metadata.name");
            startWait(inv, client, m, name.isEmpty() ? m.name : name, timeoutMs);
        });
    });
}

// ---- logs

/// Streams one container's log to standard output until it ends (or once, without -f).
/// Streams one container's log. `application`: with -f on the driver, the SparkApplication whose
/// run is recorded into the run history when the log ends.
void streamLog(Invocation& inv, kube::KubeClient* client, const kube::LogStream::Options& options, bool timestamps,
               const QString& application = {})
{
    auto* stream = new kube::LogStream(client, options, &inv);
    QObject::connect(stream, &kube::LogStream::linesReceived, &inv, [&inv, timestamps](const QStringList& lines, const QList<qint64>& nanos) {
        QString out;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (timestamps && i < nanos.size() && nanos.at(i) >= 0)
                out += rfc3339Nano(nanos.at(i)) + QLatin1Char(' ');
            out += lines.at(i) + QLatin1Char('\n');
        }
        inv.terminal().write(out.toUtf8());
    });
    auto said = std::make_shared<QString>();
    QObject::connect(stream, &kube::LogStream::stateChanged, &inv, [&inv, client, stream, said, follow = options.follow, application] {
        using State = kube::LogStream::State;
        switch (stream->state()) {
        case State::Ended:
            if (follow && !application.isEmpty())
                return session::recordWhenEnded(client, session::processHistoryStore(), stream->options().ns, application, 20'000, &inv,
                                                [&inv](qint64) { inv.finish(ExitOk); });
            return inv.finish(ExitOk);
        case State::Failed:
            inv.terminal().error(QStringLiteral("error: %1").arg(stream->statusMessage()));
            return inv.finish(ExitFailed);
        case State::Waiting:
        case State::Retrying:
            if (!follow) {
                stream->stop();
                inv.terminal().error(QStringLiteral("error: %1").arg(stream->statusMessage()));
                return inv.finish(ExitFailed);
            }
            if (*said != stream->statusMessage()) {
                *said = stream->statusMessage();
                inv.terminal().error(QStringLiteral("Waiting: %1").arg(*said));
            }
            if (stream->state() == State::Waiting && stream->lineCount() > 0) {
                // It was read before: when the pod has been deleted meanwhile, its log has ended.
                const auto& o = stream->options();
                client->request("GET", kube::ResourceKind::pods().objectPath(o.ns, o.pod), {}, {}, stream,
                                [&inv, stream](const kube::Result<kube::KubeResponse>& r) {
                                    if (r || r.error().httpStatus != 404 || stream->state() != State::Waiting)
                                        return;
                                    stream->stop();
                                    inv.terminal().error(QStringLiteral("The pod %1 was deleted: its log ends here.").arg(stream->options().pod));
                                    inv.finish(ExitOk);
                                });
            }
            break;
        default:
            break;
        }
    });
    auto* interrupts = new Interrupts(stream);
    QObject::connect(interrupts, &Interrupts::interrupted, &inv, [&inv, stream] {
        stream->stop();
        inv.finish(130);
    });
    stream->start();
}

void runLogs(Invocation& inv)
{
    const QString name = inv.arguments().constFirst();
    kube::LogStream::Options options;
    options.follow = inv.isSet(QStringLiteral("follow"));
    options.previous = inv.isSet(QStringLiteral("previous"));
    if (inv.isSet(QStringLiteral("tail"))) {
        bool ok = false;
        options.tailLines = inv.value(QStringLiteral("tail")).toInt(&ok);
        if (!ok || options.tailLines < -1)
            return inv.usageError(QStringLiteral("--tail takes a number of lines (-1 = all), not \"%1\"").arg(inv.value(QStringLiteral("tail"))));
    }
    if (inv.isSet(QStringLiteral("since"))) {
        const auto since = parseDurationMs(inv.value(QStringLiteral("since")));
        if (!since || *since <= 0)
            return inv.usageError(QStringLiteral("--since takes a duration such as 10m or 1h, not \"%1\"").arg(inv.value(QStringLiteral("since"))));
        options.sinceSeconds = int(std::min<qint64>((*since + 999) / 1000, std::numeric_limits<int>::max()));
    }
    const QString executor = inv.value(QStringLiteral("executor"));
    kube::KubeClient* client = inv.client();
    if (!client)
        return;
    const QString ns = inv.ns();
    options.ns = ns;
    const bool timestamps = inv.isSet(QStringLiteral("timestamps"));
    const QString container = inv.value(QStringLiteral("container"));

    getApplication(inv, client, ns, name, [&inv, client, ns, name, executor, container, options, timestamps](const QJsonObject& app) mutable {
        const model::ApplicationSummary summary = model::ApplicationSummary::from(app);
        const QString state = model::spark::stateLabel(summary.state);
        // Streams from `pod` (its JSON when known, for the main container).
        auto start = [&inv, client, container, options, timestamps, name, executor](const QString& pod, const QJsonObject& podObject) mutable {
            options.pod = pod;
            options.container = !container.isEmpty() ? container : model::PodsModel::mainContainer(podObject);
            if (options.container.isEmpty())
                options.container = QString::fromLatin1(pod.endsWith(QLatin1String("-driver")) ? model::spark::kDriverContainer
                                                                                                : model::spark::kExecutorContainer);
            streamLog(inv, client, options, timestamps, executor.isEmpty() ? name : QString());
        };
        if (!executor.isEmpty()) {
            QUrlQuery q;
            q.addQueryItem(QStringLiteral("labelSelector"), QStringLiteral("%1=%2,%3=executor").arg(QLatin1String(model::spark::kAppNameLabel), name,
                                                                                                QLatin1String(model::spark::kRoleLabel)));
            client->request("GET", kube::ResourceKind::pods().collectionPath(ns), q, {}, &inv,
                            [&inv, name, executor, state, start](const kube::Result<kube::KubeResponse>& r) mutable {
                                if (!r)
                                    return inv.fail(r.error());
                                QStringList ids;
                                for (const QJsonValue& item : r->object().value(QLatin1String("items")).toArray()) {
                                    const QJsonObject pod = item.toObject();
                                    const QString id = pod.value(QLatin1String("metadata")).toObject().value(QLatin1String("labels")).toObject()
                                                            .value(QLatin1String("spark-exec-id")).toString();
                                    if (id == executor)
                                        return start(str(pod, "metadata.name"), pod);
                                    if (!id.isEmpty())
                                        ids << id;
                                }
                                ids.sort();
                                inv.terminal().error(QStringLiteral("error: %1 has no executor %2 (state %3; executors: %4)")
                                                         .arg(name, executor, state, ids.isEmpty() ? QStringLiteral("none") : ids.join(QStringLiteral(", "))));
                                inv.finish(ExitFailed);
                            });
            return;
        }
        const QString pod = summary.driverPod;
        client->request("GET", kube::ResourceKind::pods().objectPath(ns, pod), {}, {}, &inv,
                        [&inv, name, pod, state, summary, start, follow = options.follow](const kube::Result<kube::KubeResponse>& r) mutable {
                            if (r)
                                return start(pod, r->object());
                            if (r.error().httpStatus != 404)
                                return inv.fail(r.error());
                            if (follow) {
                                inv.terminal().error(QStringLiteral("Waiting for the driver pod %1 of %2 (state %3)…").arg(pod, name, state));
                                return start(pod, {});
                            }
                            if (model::spark::isTerminalState(summary.state))
                                inv.terminal().error(QStringLiteral("error: the driver pod %1 of %2 is gone (state %3): its log went with it").arg(pod, name, state));
                            else
                                inv.terminal().error(QStringLiteral("error: %1 has no driver pod yet (state %2); wait for it with `%3 logs %1 -f`").arg(name, state, inv.program()));
                            inv.finish(ExitFailed);
                        });
    });
}

// ---- ui

void openBrowser(Invocation& inv, const QUrl& url)
{
    QString program = qEnvironmentVariable("BROWSER").section(QLatin1Char(':'), 0, 0);
    if (program.isEmpty())
        program = QStringLiteral("xdg-open");
    if (QStandardPaths::findExecutable(program).isEmpty() && !QFile::exists(program)) {
        inv.terminal().error(QStringLiteral("Warning: cannot open a browser (%1 not found); open the address yourself.").arg(program));
        return;
    }
    auto* runner = new proc::ProcessRunner(&inv);
    proc::ProcessSpec spec;
    spec.program = program;
    spec.arguments = {url.toString()};
    runner->start(spec);
}

void runUi(Invocation& inv)
{
    const QString name = inv.arguments().constFirst();
    int localPort = 0;
    if (inv.isSet(QStringLiteral("port"))) {
        bool ok = false;
        localPort = inv.value(QStringLiteral("port")).toInt(&ok);
        if (!ok || localPort < 1 || localPort > 65535)
            return inv.usageError(QStringLiteral("--port takes a port number (1-65535), not \"%1\"").arg(inv.value(QStringLiteral("port"))));
    }
    kube::KubeClient* client = inv.client();
    if (!client)
        return;
    const QString ns = inv.ns();
    getApplication(inv, client, ns, name, [&inv, ns, name, localPort](const QJsonObject& app) {
        const session::ApplicationFacts facts = session::applicationFacts(app);
        const QString state = model::spark::stateLabel(facts.state);
        if (model::spark::isTerminalState(facts.state)) {
            inv.terminal().error(QStringLiteral("error: %1 has ended (%2): the Spark UI runs in the driver and went with it.").arg(name, state));
            inv.terminal().error(QStringLiteral("  Its driver log stays readable while the pod exists: `%1 logs %2`. (The UI of finished applications, "
                                                "a Spark History Server, is not part of SparkDeck yet.)").arg(inv.program(), name));
            return inv.finish(ExitFailed);
        }
        if (facts.state.isEmpty() || !facts.hasDriverInfo) {
            inv.terminal().error(QStringLiteral("error: %1 has no driver yet (state %2): try again once it is RUNNING (`%3 submit --wait` shows when).")
                                     .arg(name, state, inv.program()));
            return inv.finish(ExitFailed);
        }
        auto* forward = new kube::PortForward(inv.kubeconfigFiles(), inv.contextName(), ns, QStringLiteral("svc/") + facts.sparkUiService(name),
                                              facts.webUIPort > 0 ? facts.webUIPort : 4040, &inv);
        forward->setLocalPort(localPort);
        QObject::connect(forward, &kube::PortForward::ready, &inv, [&inv, name](const QUrl& url) {
            inv.terminal().line(QStringLiteral("Spark UI of %1: %2 (Ctrl-C to stop)").arg(name, url.toString()));
            if (inv.isSet(QStringLiteral("open")))
                openBrowser(inv, url);
        });
        QObject::connect(forward, &kube::PortForward::failed, &inv, [&inv](const kube::KubeError& error) {
            inv.terminal().error(QStringLiteral("error: %1").arg(error.message));
            inv.finish(ExitFailed);
        });
        auto* interrupts = new Interrupts(forward);
        QObject::connect(interrupts, &Interrupts::interrupted, &inv, [&inv, forward] {
            forward->stop(); // kubectl gets SIGTERM (SIGKILL after its grace period)
            proc::ProcessRunner::whenAbandonedEnded(&inv, [&inv] { inv.finish(ExitOk); });
        });
        forward->start();
    });
}

} // namespace

QList<Command> submitCommands()
{
    Command submit;
    submit.name = QStringLiteral("submit");
    submit.arguments = QStringLiteral("FILE|-");
    submit.summary = QStringLiteral("Submit SparkApplications from a YAML file (or standard input) and optionally wait for them.");
    submit.description = QStringLiteral(
        "Reads one or more YAML documents (SparkApplication or ScheduledSparkApplication, apiVersion sparkoperator.k8s.io/v1beta2) "
        "from FILE, or from standard input with \"-\". A document without metadata.namespace goes to the namespace of -n or the "
        "context. The API server checks every document first (a dry run with strict field validation: unknown fields are errors); "
        "when it refuses one, its message and causes are printed and nothing is created (exit 1). A YAML error is reported as "
        "FILE:LINE:COL (exit 2).\n\n"
        "With --wait, follows the application and prints a line per change of state; exits 0 when it is COMPLETED, 1 when it "
        "FAILED (with the operator's error and the first exception of the driver's log) or --timeout passed, and 3 when the "
        "cluster stays out of reach (60 s, or --request-timeout when given). With --logs the driver's log goes to standard output "
        "and the progress lines to standard error. Ctrl-C stops waiting (exit 130); the application keeps running.");
    submit.options = {
        flag({QStringLiteral("dry-run")}, QStringLiteral("Only let the server validate the documents (server dry run); create nothing.")),
        flag({QStringLiteral("w"), QStringLiteral("wait")}, QStringLiteral("Wait until the application COMPLETED or FAILED, printing its progress.")),
        flag({QStringLiteral("logs")}, QStringLiteral("Wait, and stream the driver's log to standard output meanwhile (progress on standard error).")),
        valued({QStringLiteral("timeout")}, QStringLiteral("DURATION"), QStringLiteral("With --wait: give up after this long (exit 1), e.g. 10m; 0 = no limit."), QStringLiteral("0")),
    };
    submit.examples = {QStringLiteral("sparkdeck submit spark-pi.yaml"), QStringLiteral("sparkdeck submit spark-pi.yaml --wait --timeout 30m"),
                       QStringLiteral("sparkdeck submit - --logs < spark-pi.yaml"), QStringLiteral("sparkdeck submit jobs.yaml --dry-run")};
    submit.argumentKind = ArgumentKind::File;
    submit.minArguments = 1;
    submit.maxArguments = 1;
    submit.run = runSubmit;

    Command logs;
    logs.name = QStringLiteral("logs");
    logs.aliases = {QStringLiteral("log")};
    logs.arguments = QStringLiteral("NAME");
    logs.summary = QStringLiteral("Print the log of an application's driver or of one of its executors.");
    logs.description = QStringLiteral(
        "Prints the log of NAME's driver pod (status.driverInfo.podName, else NAME-driver), or with --executor ID of the executor pod "
        "with that spark-exec-id. With -f it follows the log until the pod ends, waiting for a driver that is not there yet and "
        "resuming after dropped connections without repeating lines. Exit 1 when the application or its pod does not exist.");
    logs.options = {
        valued({QStringLiteral("executor")}, QStringLiteral("ID"), QStringLiteral("An executor's log (its spark-exec-id: 1, 2, …) instead of the driver's.")),
        valued({QStringLiteral("c"), QStringLiteral("container")}, QStringLiteral("NAME"), QStringLiteral("The container (default: Spark's main container of the pod).")),
        flag({QStringLiteral("f"), QStringLiteral("follow")}, QStringLiteral("Follow the log until the pod ends.")),
        flag({QStringLiteral("p"), QStringLiteral("previous")}, QStringLiteral("The log of the container's previous (crashed) run.")),
        valued({QStringLiteral("since")}, QStringLiteral("DURATION"), QStringLiteral("Only lines newer than this, e.g. 10m, 1h.")),
        valued({QStringLiteral("tail")}, QStringLiteral("N"), QStringLiteral("Only the last N lines (-1 = all)."), QStringLiteral("-1")),
        flag({QStringLiteral("timestamps")}, QStringLiteral("Prefix each line with its RFC 3339 timestamp, as the kubelet recorded it.")),
    };
    logs.examples = {QStringLiteral("sparkdeck logs spark-pi"), QStringLiteral("sparkdeck logs spark-pi -f"),
                     QStringLiteral("sparkdeck logs spark-pi --executor 1 --tail 100")};
    logs.argumentKind = ArgumentKind::Application;
    logs.minArguments = 1;
    logs.maxArguments = 1;
    logs.run = runLogs;

    Command ui;
    ui.name = QStringLiteral("ui");
    ui.arguments = QStringLiteral("NAME");
    ui.summary = QStringLiteral("Forward the Spark UI of a running application to a local port.");
    ui.description = QStringLiteral(
        "Runs `kubectl port-forward` to the Spark UI service of NAME's driver (kubectl from $SPARKDECK_KUBECTL, PATH or the tools directory, with the same "
        "kubeconfig and context) and prints the local address until Ctrl-C. The UI lives in the driver: once the application has "
        "ended there is nothing to forward (exit 1).");
    ui.options = {
        flag({QStringLiteral("open")}, QStringLiteral("Open the address in a browser ($BROWSER, else xdg-open).")),
        valued({QStringLiteral("port")}, QStringLiteral("N"), QStringLiteral("The local port (default: a free one).")),
    };
    ui.examples = {QStringLiteral("sparkdeck ui spark-pi --open")};
    ui.argumentKind = ArgumentKind::Application;
    ui.minArguments = 1;
    ui.maxArguments = 1;
    ui.run = runUi;
    return {submit, logs, ui};
}

} // namespace cli
