// sparkdeck-bench: SparkDeck's benchmark program. bench/run starts a local control
// plane and runs `sparkdeck-bench run`, which prints one line per figure; the other modes are the
// processes it starts to measure (see probes.h). Figures are printed and compared with their
// targets, never asserted: this is not a test and is not registered with CTest.
//
//   sparkdeck-bench run --kubeconfig FILE --kubectl PATH --work DIR [--apps N] [--log-lines N]
//                       [--rate N] [--seconds N] [--in-flight N] [--repeat N] [--idle-apps N] [--idle-seconds N]
//                       [--replay-rates R,R] [--replay-seconds N] [--replay-apps N] [--api-sample N]
//                       [--proxy-kubeconfig FILE --proxy-control URL] [--only PARTS] [--build-type T]
//   sparkdeck-bench list-probe|start-probe|watch-probe|writer|replay-server|logs-probe --kubeconfig FILE [...]

#include "bench/benchutil.h"
#include "bench/probes.h"
#include "bench/run.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

#include <cstdio>

namespace {

struct Parsed {
    QString mode;
    bench::RunOptions run;
    bench::ProbeOptions probe;
};

// Parses the command line after the mode word; exits with a message on a mistake.
Parsed parse(const QCoreApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("SparkDeck benchmarks; run them with bench/run."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("mode"), QStringLiteral("run, list-probe, start-probe, watch-probe, writer, replay-server or logs-probe"));
    const QCommandLineOption kubeconfig(QStringLiteral("kubeconfig"), QStringLiteral("Kubeconfig of the cluster."), QStringLiteral("file"));
    const QCommandLineOption kubectl(QStringLiteral("kubectl"), QStringLiteral("kubectl to compare with."), QStringLiteral("path"));
    const QCommandLineOption work(QStringLiteral("work"), QStringLiteral("Scratch directory."), QStringLiteral("dir"));
    const QCommandLineOption ns(QStringLiteral("namespace"), QStringLiteral("Namespace (probes; empty = all)."), QStringLiteral("name"));
    const QCommandLineOption apps(QStringLiteral("apps"), QStringLiteral("SparkApplications to list and watch."), QStringLiteral("n"), QStringLiteral("50000"));
    const QCommandLineOption lines(QStringLiteral("log-lines"), QStringLiteral("Lines of the driver log."), QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption rate(QStringLiteral("rate"), QStringLiteral("Status updates per second."), QStringLiteral("n"), QStringLiteral("1000"));
    const QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("Seconds of updates."), QStringLiteral("n"), QStringLiteral("15"));
    const QCommandLineOption inFlight(QStringLiteral("in-flight"), QStringLiteral("Writer: most patches unanswered at a time."), QStringLiteral("n"), QStringLiteral("8"));
    const QCommandLineOption repeat(QStringLiteral("repeat"), QStringLiteral("Measured runs of the list figures."), QStringLiteral("n"), QStringLiteral("2"));
    const QCommandLineOption only(QStringLiteral("only"), QStringLiteral("Comma-separated parts: list, watch, logs."), QStringLiteral("parts"));
    const QCommandLineOption buildType(QStringLiteral("build-type"), QStringLiteral("Build type shown in the header."), QStringLiteral("type"), QStringLiteral("?"));
    const QCommandLineOption pod(QStringLiteral("pod"), QStringLiteral("Pod whose log to read (logs-probe)."), QStringLiteral("name"));
    const QCommandLineOption container(QStringLiteral("container"), QStringLiteral("Container (logs-probe)."), QStringLiteral("name"));
    const QCommandLineOption outFile(QStringLiteral("out"), QStringLiteral("Replay server: file for the last send times."), QStringLiteral("file"));
    const QCommandLineOption interact(QStringLiteral("interact"), QStringLiteral("List probe: also time sorting, filtering and scrolling."));
    const QCommandLineOption idleApps(QStringLiteral("idle-apps"), QStringLiteral("Applications shown for the idle figures (and watched)."), QStringLiteral("n"), QStringLiteral("20000"));
    const QCommandLineOption idleSeconds(QStringLiteral("idle-seconds"), QStringLiteral("Seconds over which idle CPU is measured."), QStringLiteral("n"), QStringLiteral("20"));
    const QCommandLineOption replayRates(QStringLiteral("replay-rates"), QStringLiteral("Comma-separated event rates of the replay server."), QStringLiteral("list"), QStringLiteral("1000,5000"));
    const QCommandLineOption replaySeconds(QStringLiteral("replay-seconds"), QStringLiteral("Seconds of replayed events per rate."), QStringLiteral("n"), QStringLiteral("10"));
    const QCommandLineOption replayApps(QStringLiteral("replay-apps"), QStringLiteral("Applications the replay server lists and changes."), QStringLiteral("n"), QStringLiteral("5000"));
    const QCommandLineOption apiSample(QStringLiteral("api-sample"), QStringLiteral("Applications created through the API (the rest are copied into etcd)."), QStringLiteral("n"), QStringLiteral("1000"));
    const QCommandLineOption proxyKubeconfig(QStringLiteral("proxy-kubeconfig"), QStringLiteral("Kubeconfig through tests/cluster's fault proxy (idle request count)."), QStringLiteral("file"));
    const QCommandLineOption proxyControl(QStringLiteral("proxy-control"), QStringLiteral("The fault proxy's control URL."), QStringLiteral("url"));
    const QCommandLineOption searchRuns(QStringLiteral("search-runs"), QStringLiteral("Logs probe: timed runs of each search."), QStringLiteral("n"), QStringLiteral("3"));
    const QCommandLineOption hugeLog(QStringLiteral("huge-log-lines"), QStringLiteral("Lines of the huge log (0: not measured)."), QStringLiteral("n"), QStringLiteral("10000000"));
    const QCommandLineOption png(QStringLiteral("png"), QStringLiteral("Also save the rendered window (probes)."), QStringLiteral("file"));
    parser.addOptions({kubeconfig, kubectl, work, ns, apps, lines, rate, seconds, inFlight, repeat, only, buildType, pod, container, png,
                       outFile, interact, idleApps, idleSeconds, replayRates, replaySeconds, replayApps, apiSample, proxyKubeconfig,
                       proxyControl, searchRuns, hugeLog});
    parser.process(app);

    Parsed p;
    p.mode = parser.positionalArguments().value(0);
    auto number = [&](const QCommandLineOption& option) {
        bool ok = false;
        const double v = parser.value(option).toDouble(&ok);
        if (!ok || v <= 0) {
            std::fprintf(stderr, "sparkdeck-bench: --%s needs a positive number\n", qPrintable(option.names().first()));
            std::exit(2);
        }
        return v;
    };
    if (!parser.isSet(kubeconfig)) {
        std::fprintf(stderr, "sparkdeck-bench: --kubeconfig is required\n");
        std::exit(2);
    }
    p.run.self = QFileInfo(QCoreApplication::applicationFilePath()).absoluteFilePath();
    p.run.kubeconfig = p.probe.kubeconfig = QFileInfo(parser.value(kubeconfig)).absoluteFilePath();
    p.run.kubectl = parser.value(kubectl);
    p.run.workDir = parser.value(work);
    p.run.buildType = parser.value(buildType);
    p.run.apps = p.probe.apps = int(number(apps));
    p.run.logLines = int(number(lines));
    p.run.rate = p.probe.rate = number(rate);
    p.run.seconds = p.probe.seconds = number(seconds);
    p.run.inFlight = p.probe.inFlight = int(number(inFlight));
    p.run.repeat = int(number(repeat));
    p.run.only = parser.value(only);
    p.probe.ns = parser.value(ns);
    p.probe.pod = parser.value(pod);
    p.probe.container = parser.value(container);
    p.probe.png = parser.value(png);
    p.probe.outFile = parser.value(outFile);
    p.probe.interact = parser.isSet(interact);
    p.probe.searchRuns = int(number(searchRuns));
    p.run.hugeLogLines = parser.value(hugeLog).toInt();
    p.run.idleApps = int(number(idleApps));
    p.run.idleSeconds = number(idleSeconds);
    p.run.replaySeconds = number(replaySeconds);
    p.run.replayApps = int(number(replayApps));
    p.run.apiSample = int(number(apiSample));
    for (const QString& r : parser.value(replayRates).split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (r.toDouble() > 0)
            p.run.replayRates << r.toDouble();
    p.run.proxyKubeconfig = parser.value(proxyKubeconfig);
    p.run.proxyControl = parser.value(proxyControl);
    if (p.mode == QLatin1String("run") && (p.run.kubectl.isEmpty() || p.run.workDir.isEmpty() || !QDir(p.run.workDir).exists())) {
        std::fprintf(stderr, "sparkdeck-bench run: --kubectl and an existing --work directory are required\n");
        std::exit(2);
    }
    return p;
}

void setNames()
{
    // Separate from SparkDeck's own settings: the probes never touch the user's.
    QCoreApplication::setOrganizationName(QStringLiteral("SparkDeck"));
    QCoreApplication::setApplicationName(QStringLiteral("SparkDeck-bench"));
}

} // namespace

int main(int argc, char* argv[])
{
    const qint64 mainNs = bench::monotonicNs(); // figure 1 counts from process start
    const QByteArray mode = argc > 1 ? QByteArray(argv[1]) : QByteArray();
    const bool gui = mode == "list-probe" || mode == "start-probe" || mode == "watch-probe" || mode == "logs-probe";
    if (gui) {
        QApplication app(argc, argv);
        setNames();
        const Parsed p = parse(app);
        if (mode == "list-probe")
            return bench::listProbe(p.probe, mainNs);
        if (mode == "start-probe")
            return bench::startProbe(p.probe, mainNs);
        if (mode == "watch-probe")
            return bench::watchProbe(p.probe);
        return bench::logsProbe(p.probe);
    }
    QCoreApplication app(argc, argv);
    setNames();
    const Parsed p = parse(app);
    if (p.mode == QLatin1String("writer"))
        return bench::writer(p.probe);
    if (p.mode == QLatin1String("replay-server"))
        return bench::replayServer(p.probe);
    if (p.mode == QLatin1String("run"))
        return bench::run(p.run);
    std::fprintf(stderr, "sparkdeck-bench: unknown mode \"%s\"; see --help\n", qPrintable(p.mode));
    return 2;
}
