#include "bench/run.h"

#include "bench/benchutil.h"
#include "app/kube/informer.h"
#include "app/kube/kubeclient.h"
#include "bench/probes.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QThread>
#include <QTimeZone>

#include <cmath>
#include <cstdio>
#include <unistd.h>
#include <limits>
#include <optional>
#include <tuple>

namespace bench {

namespace {

constexpr auto kBenchNamespace = "bench"; // the operator stand-in only handles "default": nothing runs these
constexpr auto kLogNamespace = "default"; // … and this one it does run, to get a driver log

// ---------------------------------------------------------------------------------------------
// The table: one line per figure, printed as soon as it is measured.

struct Figure {
    enum class Target { None, AtMost, AtMostTimesKubectl, Equals };
    QString name;
    double value = 0;
    QString unit;
    std::optional<double> kubectl; ///< the same figure for kubectl in this run, where one exists
    Target target = Target::None;
    double limit = 0;
    QString what;                   ///< what was measured, for the legend
    bool measured = true;
};

class Table {
public:
    void header(const QString& title)
    {
        std::printf("# %s\n", qPrintable(title));
        std::printf("%-26s %10s %-6s %10s %7s  %-16s %s\n", "# name", "value", "unit", "kubectl", "ratio", "target",
                    "verdict");
        std::fflush(stdout);
    }

    void add(const Figure& f)
    {
        m_figures << f;
        const QString value = f.measured ? number(f.value, f.unit) : QStringLiteral("n/a");
        const QString kubectl = f.kubectl ? number(*f.kubectl, f.unit) : QStringLiteral("-");
        const bool hasRatio = f.measured && f.kubectl && *f.kubectl > 0 && f.target != Figure::Target::Equals;
        const double ratio = hasRatio ? f.value / *f.kubectl : 0;
        const QString ratioText = hasRatio ? QString::number(ratio, 'f', 2) + QLatin1Char('x') : QStringLiteral("-");
        QString target = QStringLiteral("-");
        QString verdict = QStringLiteral("info");
        auto judge = [&](double measured, double limit) {
            verdict = measured <= limit ? QStringLiteral("PASS")
                                        : QStringLiteral("MISS(+%1%)").arg(QString::number((measured / limit - 1) * 100, 'f', 0));
        };
        switch (f.target) {
        case Figure::Target::None:
            break;
        case Figure::Target::AtMost:
            target = QStringLiteral("<= %1 %2").arg(number(f.limit, f.unit), f.unit);
            judge(f.value, f.limit);
            break;
        case Figure::Target::AtMostTimesKubectl:
            target = QStringLiteral("<= %1x kubectl").arg(f.limit);
            if (hasRatio)
                judge(ratio, f.limit);
            else
                verdict = QStringLiteral("n/a");
            break;
        case Figure::Target::Equals:
            target = QStringLiteral("= %1").arg(number(f.limit, f.unit));
            verdict = f.value == f.limit ? QStringLiteral("PASS")
                                         : QStringLiteral("MISS(%1)").arg(number(f.value - f.limit, f.unit));
            break;
        }
        if (!f.measured)
            verdict = QStringLiteral("NOT MEASURED");
        std::printf("%-26s %10s %-6s %10s %7s  %-16s %s\n", qPrintable(f.name), qPrintable(value), qPrintable(f.unit),
                    qPrintable(kubectl), qPrintable(ratioText), qPrintable(target), qPrintable(verdict));
        std::fflush(stdout);
    }

    void legend()
    {
        std::printf("#\n# What each figure measured:\n");
        for (const Figure& f : std::as_const(m_figures))
            std::printf("#   %-24s %s\n", qPrintable(f.name), qPrintable(f.what));
        std::fflush(stdout);
    }

private:
    static QString number(double v, const QString& unit)
    {
        if (unit == QLatin1String("count") || unit == QLatin1String("lines") || unit == QLatin1String("/s"))
            return QString::number(qint64(std::llround(v)));
        if (unit == QLatin1String("MiB"))
            return QString::number(v, 'f', 1);
        return QString::number(v, 'f', std::abs(v) >= 100 ? 0 : 1);
    }

    QList<Figure> m_figures;
};

// The last lines of a scratch file (the work directory is removed when bench/run ends).
QString fileTail(const QString& path)
{
    QFile f(path);
    const QByteArray text = f.open(QIODevice::ReadOnly) ? f.readAll().right(1500).trimmed() : QByteArray();
    return text.isEmpty() ? QStringLiteral("(no output)") : QString::fromUtf8(text);
}

QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()).section(QLatin1Char(' '), 0, 2) : QStringLiteral("?");
}

// CPU time (user + system, ms) used so far by the process whose pid is in `pidFile`; -1 when unknown.
// Used to say what the API server spent per patch (tests/cluster keeps <component>.pid files next
// to the kubeconfig).
double processCpuMs(const QString& pidFile)
{
    QFile pid(pidFile);
    if (!pid.open(QIODevice::ReadOnly))
        return -1;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(QString::fromLatin1(pid.readAll().trimmed())));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    // Fields after the command name (which may hold spaces) start at state, field 3; utime and
    // stime are fields 14 and 15.
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    return double(fields[11].toLongLong() + fields[12].toLongLong()) * 1000.0 / double(sysconf(_SC_CLK_TCK));
}

// ---------------------------------------------------------------------------------------------
// The cluster side: objects the benchmarks need.

QString appName(int i)
{
    return QStringLiteral("bench-app-%1").arg(i, 5, 10, QLatin1Char('0'));
}

QString rfc3339(const QDateTime& t)
{
    return t.toTimeZone(QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss'Z'"));
}

// A SparkApplication as people write them (SparkPi with a few Spark settings and labels).
QJsonObject benchApplication(const QString& ns, const QString& name, int i, const QJsonObject& annotations = {},
                             int executors = 2)
{
    static const QStringList teams{QStringLiteral("data-eng"), QStringLiteral("ml"), QStringLiteral("analytics"),
                                   QStringLiteral("platform"), QStringLiteral("finance")};
    QJsonObject metadata{{QStringLiteral("name"), name},
                         {QStringLiteral("namespace"), ns},
                         {QStringLiteral("labels"), QJsonObject{{QStringLiteral("app.kubernetes.io/part-of"), QStringLiteral("sparkdeck-bench")},
                                                                {QStringLiteral("team"), teams[i % teams.size()]}}}};
    if (!annotations.isEmpty())
        metadata.insert(QStringLiteral("annotations"), annotations);
    const QJsonObject podLabels{{QStringLiteral("version"), QStringLiteral("3.5.3")}};
    return {
        {QStringLiteral("apiVersion"), QStringLiteral("sparkoperator.k8s.io/v1beta2")},
        {QStringLiteral("kind"), QStringLiteral("SparkApplication")},
        {QStringLiteral("metadata"), metadata},
        {QStringLiteral("spec"),
         QJsonObject{
             {QStringLiteral("type"), QStringLiteral("Scala")},
             {QStringLiteral("mode"), QStringLiteral("cluster")},
             {QStringLiteral("image"), QStringLiteral("spark:3.5.3")},
             {QStringLiteral("imagePullPolicy"), QStringLiteral("IfNotPresent")},
             {QStringLiteral("mainClass"), QStringLiteral("org.apache.spark.examples.SparkPi")},
             {QStringLiteral("mainApplicationFile"), QStringLiteral("local:///opt/spark/examples/jars/spark-examples.jar")},
             {QStringLiteral("arguments"), QJsonArray{QString::number(100 + i % 900)}},
             {QStringLiteral("sparkVersion"), QStringLiteral("3.5.3")},
             {QStringLiteral("sparkConf"),
              QJsonObject{{QStringLiteral("spark.sql.shuffle.partitions"), QStringLiteral("64")},
                          {QStringLiteral("spark.kubernetes.allocation.batch.size"), QStringLiteral("5")},
                          {QStringLiteral("spark.eventLog.enabled"), QStringLiteral("false")},
                          {QStringLiteral("spark.ui.prometheus.enabled"), QStringLiteral("true")}}},
             {QStringLiteral("restartPolicy"), QJsonObject{{QStringLiteral("type"), QStringLiteral("Never")}}},
             {QStringLiteral("driver"), QJsonObject{{QStringLiteral("cores"), 1},
                                                    {QStringLiteral("memory"), QStringLiteral("512m")},
                                                    {QStringLiteral("serviceAccount"), QStringLiteral("spark-operator-spark")},
                                                    {QStringLiteral("labels"), podLabels}}},
             {QStringLiteral("executor"), QJsonObject{{QStringLiteral("instances"), executors},
                                                      {QStringLiteral("cores"), 1},
                                                      {QStringLiteral("memory"), QStringLiteral("512m")},
                                                      {QStringLiteral("labels"), podLabels}}},
         }},
    };
}

// A status as the operator leaves it: most applications finished, some failed, some running.
QJsonObject benchStatus(const QString& name, int i, int count)
{
    static const QStringList states{QStringLiteral("COMPLETED"), QStringLiteral("COMPLETED"), QStringLiteral("COMPLETED"),
                                    QStringLiteral("COMPLETED"), QStringLiteral("COMPLETED"), QStringLiteral("COMPLETED"),
                                    QStringLiteral("COMPLETED"), QStringLiteral("FAILED"), QStringLiteral("RUNNING"),
                                    QStringLiteral("SUBMITTED")};
    const QString state = states[i % states.size()];
    const QString appId = QStringLiteral("spark-%1").arg(QString::number(0x5eed0000u + uint(i), 16).rightJustified(32, QLatin1Char('0')));
    const QDateTime submitted = QDateTime::currentDateTimeUtc().addSecs(-60LL * (count - i));
    QJsonObject status{
        {QStringLiteral("applicationState"), QJsonObject{{QStringLiteral("state"), state}}},
        {QStringLiteral("sparkApplicationId"), appId},
        {QStringLiteral("submissionID"), QStringLiteral("0b5e1c2d-%1-4a5b-8c6d-7e8f9a0b1c2d").arg(i, 4, 16, QLatin1Char('0'))},
        {QStringLiteral("lastSubmissionAttemptTime"), rfc3339(submitted)},
        {QStringLiteral("submissionAttempts"), 1},
        {QStringLiteral("executionAttempts"), 1},
        {QStringLiteral("driverInfo"), QJsonObject{{QStringLiteral("podName"), name + QStringLiteral("-driver")},
                                                   {QStringLiteral("webUIServiceName"), name + QStringLiteral("-ui-svc")},
                                                   {QStringLiteral("webUIPort"), 4040},
                                                   {QStringLiteral("webUIAddress"), QStringLiteral("10.96.%1.%2:4040").arg(i / 250 % 250).arg(i % 250 + 1)}}},
    };
    if (state != QLatin1String("SUBMITTED")) {
        const QString executorState = state == QLatin1String("RUNNING") ? state : QStringLiteral("COMPLETED");
        status.insert(QStringLiteral("executorState"), QJsonObject{{appId + QStringLiteral("-exec-1"), executorState},
                                                                   {appId + QStringLiteral("-exec-2"), executorState}});
    }
    if (state == QLatin1String("COMPLETED") || state == QLatin1String("FAILED"))
        status.insert(QStringLiteral("terminationTime"), rfc3339(submitted.addSecs(40 + i % 300)));
    if (state == QLatin1String("FAILED")) {
        QJsonObject app = status.value(QStringLiteral("applicationState")).toObject();
        app.insert(QStringLiteral("errorMessage"), QStringLiteral("driver container failed with ExitCode: 1, Reason: Error"));
        status.insert(QStringLiteral("applicationState"), app);
    }
    return status;
}

QByteArray json(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

bool ensureNamespace(kube::KubeClient* client, const QString& ns)
{
    const QJsonObject object{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                             {QStringLiteral("kind"), QStringLiteral("Namespace")},
                             {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), ns}}}};
    const kube::Result<kube::KubeResponse> r = callSync(client, "POST", kube::ResourceKind::namespaces().collectionPath({}), json(object));
    if (!r && r.error().httpStatus != 409) {
        note(QStringLiteral("cannot create namespace %1: %2").arg(ns, r.error().summary()));
        return false;
    }
    return true;
}

// Creates `count` applications (POST, then their status through the status subresource), 16
// requests in flight. An application that exists already is kept (and its status set again).
bool createApps(kube::KubeClient* client, const QString& ns, int count)
{
    const kube::ResourceKind kind = kube::ResourceKind::sparkApplications();
    QObject context; // callbacks are dropped if we give up waiting
    int next = 0, inFlight = 0, done = 0, failed = 0;
    QString lastError;
    std::function<void()> pump = [&] {
        while (inFlight < 16 && next < count) {
            const int i = next++;
            const QString name = appName(i);
            ++inFlight;
            client->request("POST", kind.collectionPath(ns), {}, json(benchApplication(ns, name, i)), &context,
                            [&, i, name](const kube::Result<kube::KubeResponse>& r) {
                                if (!r && r.error().httpStatus != 409) {
                                    --inFlight, ++failed, lastError = r.error().summary();
                                    pump();
                                    return;
                                }
                                const QJsonObject patch{{QStringLiteral("status"), benchStatus(name, i, count)}};
                                client->request("PATCH", kind.objectPath(ns, name) + QStringLiteral("/status"), {}, json(patch),
                                                &context, [&](const kube::Result<kube::KubeResponse>& s) {
                                                    --inFlight;
                                                    if (!s)
                                                        ++failed, lastError = s.error().summary();
                                                    else
                                                        ++done;
                                                    pump();
                                                }, QByteArrayLiteral("application/merge-patch+json"));
                            });
        }
    };
    pump();
    waitUntil([&] { return done + failed == count; }, 600'000);
    if (failed > 0 || done != count) {
        note(QStringLiteral("created %1 of %2 applications; %3 failed (last error: %4)").arg(done).arg(count).arg(failed).arg(lastError));
        return false;
    }
    return true;
}

QString stateOf(const QJsonObject& app)
{
    return app.value(QLatin1String("status")).toObject().value(QLatin1String("applicationState")).toObject()
        .value(QLatin1String("state")).toString();
}

// Creates the application whose driver prints `lines` log lines and waits until it COMPLETED.
// Returns its driver pod's name (empty on failure).
QString prepareLogApp(kube::KubeClient* client, int lines)
{
    const kube::ResourceKind kind = kube::ResourceKind::sparkApplications();
    const QString name = QStringLiteral("bench-log-%1").arg(lines);
    const QJsonObject annotations{{QStringLiteral("sparkdeck.dev/standin-log-lines"), QString::number(lines)},
                                  {QStringLiteral("sparkdeck.dev/standin-run-seconds"), QStringLiteral("2")}};
    const kube::Result<kube::KubeResponse> created = callSync(client, "POST", kind.collectionPath(QLatin1String(kLogNamespace)),
                                                              json(benchApplication(QLatin1String(kLogNamespace), name, 0, annotations, 1)));
    if (!created && created.error().httpStatus != 409) {
        note(QStringLiteral("cannot create %1: %2").arg(name, created.error().summary()));
        return {};
    }
    QJsonObject app;
    const qint64 start = monotonicNs();
    for (;;) {
        app = callSync(client, "GET", kind.objectPath(QLatin1String(kLogNamespace), name)).valueOr({}).object();
        const QString state = stateOf(app);
        if (state == QLatin1String("COMPLETED") || state == QLatin1String("FAILED")
            || state == QLatin1String("SUBMISSION_FAILED") || monotonicNs() - start > 300'000'000'000LL)
            break;
        waitUntil([] { return false; }, 500);
    }
    if (stateOf(app) != QLatin1String("COMPLETED")) {
        note(QStringLiteral("%1 did not complete (state \"%2\")").arg(name, stateOf(app)));
        return {};
    }
    note(QStringLiteral("%1 COMPLETED %2 s after it was created")
             .arg(name, QString::number(double(monotonicNs() - start) / 1e9, 'f', 1)));
    const QString pod = app.value(QLatin1String("status")).toObject().value(QLatin1String("driverInfo")).toObject()
                            .value(QLatin1String("podName")).toString();
    return pod.isEmpty() ? name + QStringLiteral("-driver") : pod;
}

// ---------------------------------------------------------------------------------------------
// Running things.

class Bench {
public:
    explicit Bench(const RunOptions& o)
        : m_o(o)
        , m_client(connectionFor(o.kubeconfig))
    {
    }

    int run();

private:
    QStringList kubectl(const QStringList& args) const
    {
        return QStringList{m_o.kubectl, QStringLiteral("--kubeconfig=") + m_o.kubeconfig,
                           QStringLiteral("--cache-dir=") + QDir(m_o.workDir).filePath(QStringLiteral("kube-cache"))}
            + args;
    }
    QString work(const QString& file) const { return QDir(m_o.workDir).filePath(file); }
    // Runs a probe of this program to completion; its RESULT, or an object with "error".
    QJsonObject probe(const QString& mode, const QStringList& args, Finished* finished = nullptr);

    bool prepareApps();
    void listFigures();
    void watchFigures();
    void logFigures();
    void notMeasured(const QString& name, const QString& unit, const QString& why);

    RunOptions m_o;
    kube::KubeClient m_client;
    Table m_table;
    bool m_complete = true;
};

QJsonObject Bench::probe(const QString& mode, const QStringList& args, Finished* finished)
{
    static int serial = 0;
    const QString base = work(QStringLiteral("%1-%2").arg(mode).arg(++serial));
    const Finished f = runProcess(QStringList{m_o.self, mode, QStringLiteral("--kubeconfig"), m_o.kubeconfig} + args,
                                  base + QStringLiteral(".out"), base + QStringLiteral(".err"));
    if (finished)
        *finished = f;
    QFile out(base + QStringLiteral(".out"));
    QJsonObject result = out.open(QIODevice::ReadOnly) ? parseResult(out.readAll()) : QJsonObject{};
    if (f.exitCode != 0 || result.isEmpty() || result.contains(QLatin1String("error"))) {
        note(QStringLiteral("%1 failed (exit %2): %3\n%4")
                 .arg(mode)
                 .arg(f.exitCode)
                 .arg(result.value(QLatin1String("error")).toString(), fileTail(base + QStringLiteral(".err"))));
        if (!result.contains(QLatin1String("error")))
            result.insert(QStringLiteral("error"), QStringLiteral("exit code %1").arg(f.exitCode));
    }
    return result;
}

void Bench::notMeasured(const QString& name, const QString& unit, const QString& why)
{
    Figure f;
    f.name = name;
    f.unit = unit;
    f.measured = false;
    f.what = why;
    m_table.add(f);
    m_complete = false;
}

// Creates the applications the list and watch figures use.
bool Bench::prepareApps()
{
    note(QStringLiteral("creating %1 SparkApplications (and their status) in namespace %2").arg(m_o.apps).arg(QLatin1String(kBenchNamespace)));
    const qint64 start = monotonicNs();
    if (!ensureNamespace(&m_client, QLatin1String(kBenchNamespace)) || !createApps(&m_client, QLatin1String(kBenchNamespace), m_o.apps))
        return false;
    note(QStringLiteral("created them in %1 s").arg(double(monotonicNs() - start) / 1e9, 0, 'f', 1));
    return true;
}

// Figures 1 and 2: list + render of the applications, and the peak RSS that takes.
void Bench::listFigures()
{
    const QStringList kubectlGet = kubectl({QStringLiteral("get"), QStringLiteral("sparkapplications"), QStringLiteral("-A"),
                                            QStringLiteral("-o"), QStringLiteral("json")});
    const QString kubectlOut = work(QStringLiteral("kubectl-get.json"));
    QList<double> kubectlMs, kubectlRss, sparkdeckMs, sparkdeckInProcessMs, sparkdeckPeak, sparkdeckRss;
    int rows = -1, kubectlItems = -1;
    QString error;
    for (int run = 0; run <= m_o.repeat && error.isEmpty(); ++run) {
        // kubectl: from spawn to exit, its JSON written to a file.
        const Finished k = runProcess(kubectlGet, kubectlOut, work(QStringLiteral("kubectl-get.err")));
        if (k.exitCode != 0) {
            error = QStringLiteral("kubectl get failed (exit %1): %2").arg(k.exitCode).arg(fileTail(work(QStringLiteral("kubectl-get.err"))));
            break;
        }
        if (run == 0) {
            QFile f(kubectlOut);
            if (f.open(QIODevice::ReadOnly))
                kubectlItems = int(QJsonDocument::fromJson(f.readAll()).object().value(QLatin1String("items")).toArray().size());
        }
        // SparkDeck: from spawn until the list is in the table and the window was rendered.
        Finished s;
        const QJsonObject r = probe(QStringLiteral("list-probe"), {QStringLiteral("--apps"), QString::number(m_o.apps)}, &s);
        if (r.contains(QLatin1String("error"))) {
            error = r.value(QLatin1String("error")).toString();
            break;
        }
        rows = r.value(QLatin1String("rows")).toInt();
        const char* label = run == 0 ? "warm-up" : "run";
        const double sMs = double(qint64(r.value(QLatin1String("renderedNs")).toDouble()) - s.startNs) / 1e6;
        const double inMs = (r.value(QLatin1String("renderedNs")).toDouble() - r.value(QLatin1String("windowNs")).toDouble()) / 1e6;
        note(QStringLiteral("list %1: kubectl %2 ms (peak RSS %3 MiB); SparkDeck %4 ms from spawn, %5 ms from MainWindow, "
                            "%6 rows, VmHWM %7 MiB")
                 .arg(QLatin1String(label))
                 .arg(k.wallMs(), 0, 'f', 0)
                 .arg(k.peakRssMiB, 0, 'f', 1)
                 .arg(sMs, 0, 'f', 0)
                 .arg(inMs, 0, 'f', 0)
                 .arg(rows)
                 .arg(r.value(QLatin1String("peakMiB")).toDouble(), 0, 'f', 1));
        if (run == 0)
            continue; // warm-up: caches (kubectl's discovery cache, the API server's) are filled
        kubectlMs << k.wallMs();
        kubectlRss << k.peakRssMiB;
        sparkdeckMs << sMs;
        sparkdeckInProcessMs << inMs;
        sparkdeckPeak << r.value(QLatin1String("peakMiB")).toDouble();
        sparkdeckRss << r.value(QLatin1String("rssMiB")).toDouble();
    }
    if (!error.isEmpty()) {
        notMeasured(QStringLiteral("list_render"), QStringLiteral("ms"), error);
        notMeasured(QStringLiteral("list_peak_rss"), QStringLiteral("MiB"), error);
        return;
    }
    if (rows != kubectlItems || rows < m_o.apps)
        note(QStringLiteral("warning: the table had %1 rows and kubectl listed %2 items (%3 created)").arg(rows).arg(kubectlItems).arg(m_o.apps));

    const QString n = QString::number(m_o.apps);
    Figure list;
    list.name = QStringLiteral("list_render_%1").arg(n);
    list.value = median(sparkdeckMs);
    list.unit = QStringLiteral("ms");
    list.kubectl = median(kubectlMs);
    list.target = Figure::Target::AtMostTimesKubectl;
    list.limit = 1.5;
    list.what = QStringLiteral("median of %1 runs after a warm-up: SparkDeck = spawn of a process running ui::MainWindow -A "
                               "offscreen until the first list (pages of 500) is in the ApplicationsModel (%2 rows) and the "
                               "window is rendered once (grab()); kubectl = `kubectl get sparkapplications -A -o json > file`, "
                               "spawn to exit")
                    .arg(m_o.repeat)
                    .arg(rows);
    m_table.add(list);

    Figure inProcess;
    inProcess.name = QStringLiteral("list_render_%1_inproc").arg(n);
    inProcess.value = median(sparkdeckInProcessMs);
    inProcess.unit = QStringLiteral("ms");
    inProcess.what = QStringLiteral("the same SparkDeck runs, timed from the creation of ui::MainWindow (no process start, "
                                    "Qt start-up or fonts)");
    m_table.add(inProcess);

    Figure peak;
    peak.name = QStringLiteral("list_peak_rss_%1").arg(n);
    peak.value = median(sparkdeckPeak);
    peak.unit = QStringLiteral("MiB");
    peak.kubectl = median(kubectlRss);
    peak.target = Figure::Target::AtMost;
    peak.limit = 150;
    peak.what = QStringLiteral("VmHWM (peak RSS) of the SparkDeck process right after the rendered window above "
                               "(VmRSS then: %1 MiB); kubectl = its peak RSS (wait4 ru_maxrss) for the get above")
                    .arg(median(sparkdeckRss), 0, 'f', 1);
    m_table.add(peak);
}

// Figure 3: watch lag while a writer patches applications at the target rate; the same with
// `kubectl get -w` as the watcher, in a second phase so the two do not compete for the CPUs.
void Bench::watchFigures()
{
    const QStringList writerArgs{QStringLiteral("writer"), QStringLiteral("--kubeconfig"), m_o.kubeconfig,
                                 QStringLiteral("--namespace"), QLatin1String(kBenchNamespace),
                                 QStringLiteral("--apps"), QString::number(m_o.apps),
                                 QStringLiteral("--rate"), QString::number(m_o.rate),
                                 QStringLiteral("--seconds"), QString::number(m_o.seconds),
                                 QStringLiteral("--in-flight"), QString::number(m_o.inFlight)};
    const QString stateDir = QFileInfo(m_o.kubeconfig).absolutePath();
    double apiserverCpuMs = -1; // what the API server spent during the first writer run
    auto runWriter = [&](QJsonObject* result) {
        const double cpuBefore = processCpuMs(QDir(stateDir).filePath(QStringLiteral("kube-apiserver.pid")));
        QProcess writer;
        writer.setStandardErrorFile(work(QStringLiteral("writer.err")), QIODevice::Append);
        writer.start(m_o.self, writerArgs);
        if (!writer.waitForStarted(10'000) || !waitUntil([&] { return writer.state() == QProcess::NotRunning; },
                                                         int(m_o.seconds * 1000) + 60'000)) {
            writer.kill();
            writer.waitForFinished(5000);
            return false;
        }
        *result = parseResult(writer.readAllStandardOutput());
        const double cpuAfter = processCpuMs(QDir(stateDir).filePath(QStringLiteral("kube-apiserver.pid")));
        if (apiserverCpuMs < 0 && cpuBefore >= 0 && cpuAfter >= 0)
            apiserverCpuMs = cpuAfter - cpuBefore;
        return !result->isEmpty();
    };

    // Phase 1: SparkDeck.
    note(QStringLiteral("watch: SparkDeck watching %1 applications while the writer patches %2/s for %3 s")
             .arg(m_o.apps).arg(m_o.rate).arg(m_o.seconds));
    QProcess watcher;
    watcher.setStandardErrorFile(work(QStringLiteral("watch-probe.err")));
    QByteArray watcherOut;
    QObject::connect(&watcher, &QProcess::readyReadStandardOutput, &watcher, [&] { watcherOut += watcher.readAllStandardOutput(); });
    watcher.start(m_o.self, {QStringLiteral("watch-probe"), QStringLiteral("--kubeconfig"), m_o.kubeconfig,
                             QStringLiteral("--namespace"), QLatin1String(kBenchNamespace)});
    QJsonObject sent, watched;
    const bool ready = waitUntil([&] { return watcherOut.contains("READY") || watcher.state() == QProcess::NotRunning; }, 180'000)
        && watcherOut.contains("READY");
    if (ready && runWriter(&sent)) {
        watcher.write(QByteArrayLiteral("STOP ") + QByteArray::number(sent.value(QLatin1String("ok")).toInteger()) + '\n');
        waitUntil([&] { return watcher.state() == QProcess::NotRunning; }, 60'000);
        watched = parseResult(watcherOut);
    }
    if (watcher.state() != QProcess::NotRunning) {
        watcher.kill();
        watcher.waitForFinished(5000);
    }
    if (sent.isEmpty() || watched.isEmpty() || watched.contains(QLatin1String("error"))) {
        const QString why = !ready ? QStringLiteral("the watching SparkDeck never synced: %1").arg(fileTail(work(QStringLiteral("watch-probe.err"))))
            : sent.isEmpty()       ? QStringLiteral("the writer failed: %1").arg(fileTail(work(QStringLiteral("writer.err"))))
                                   : QStringLiteral("the watching probe did not report: %1").arg(fileTail(work(QStringLiteral("watch-probe.err"))));
        note(QStringLiteral("watch: %1").arg(why));
        for (const char* name : {"watch_lag_p99", "watch_ui_stall_max"})
            notMeasured(QLatin1String(name), QStringLiteral("ms"), why);
        return;
    }
    note(QStringLiteral("watch: writer %1; probe %2")
             .arg(QString::fromUtf8(QJsonDocument(sent).toJson(QJsonDocument::Compact)),
                  QString::fromUtf8(QJsonDocument(watched).toJson(QJsonDocument::Compact))));

    // Phase 2: kubectl get -w, one line per event: "<name>   <sent µs>".
    note(QStringLiteral("watch: kubectl get -w watching while the writer patches again"));
    QProcess kubectlWatch;
    kubectlWatch.setStandardErrorFile(work(QStringLiteral("kubectl-watch.err")));
    QList<double> kubectlLags;
    QHash<QByteArray, QByteArray> lastSeen;
    qint64 initialLines = 0;
    qint64 writerStartUs = std::numeric_limits<qint64>::max();
    QByteArray partial;
    QObject::connect(&kubectlWatch, &QProcess::readyReadStandardOutput, &kubectlWatch, [&] {
        const qint64 now = wallUs();
        partial += kubectlWatch.readAllStandardOutput();
        qsizetype nl;
        while ((nl = partial.indexOf('\n')) >= 0) {
            const QByteArray line = partial.left(nl).simplified();
            partial.remove(0, nl + 1);
            const QList<QByteArray> fields = line.split(' ');
            const QByteArray name = fields.value(0), value = fields.value(1);
            if (lastSeen.value(name) == value) {
                continue;
            }
            lastSeen.insert(name, value);
            const qint64 sentUs = value.toLongLong();
            if (sentUs >= writerStartUs)
                kubectlLags << double(now - sentUs) / 1000.0;
            else
                ++initialLines;
        }
    });
    // custom-columns prints one row per object for the first list (all its pages) and per event;
    // an object without the annotation shows "<none>".
    const QString columns = QStringLiteral(R"(custom-columns=NAME:.metadata.name,SENT:.metadata.annotations.sparkdeck\.dev/bench-sent-us)");
    kubectlWatch.start(m_o.kubectl, kubectl({QStringLiteral("get"), QStringLiteral("sparkapplications"), QStringLiteral("-n"),
                                              QLatin1String(kBenchNamespace), QStringLiteral("-w"), QStringLiteral("--no-headers"),
                                              QStringLiteral("-o"), columns})
                                        .mid(1));
    QJsonObject sentAgain;
    bool kubectlRan = false;
    if (waitUntil([&] { return initialLines >= m_o.apps || kubectlWatch.state() == QProcess::NotRunning; }, 120'000)
        && kubectlWatch.state() == QProcess::Running) {
        writerStartUs = wallUs();
        if (runWriter(&sentAgain)) {
            const qint64 expected = sentAgain.value(QLatin1String("ok")).toInteger();
            qsizetype seen = -1;
            qint64 quietSince = monotonicNs();
            waitUntil([&] {
                if (kubectlLags.size() != seen)
                    seen = kubectlLags.size(), quietSince = monotonicNs();
                return kubectlLags.size() >= expected || monotonicNs() - quietSince > 3'000'000'000LL;
            }, 20'000);
            kubectlRan = true;
            note(QStringLiteral("watch: kubectl received %1 of %2 updates (writer: %3/s)")
                     .arg(kubectlLags.size())
                     .arg(expected)
                     .arg(sentAgain.value(QLatin1String("rate")).toDouble(), 0, 'f', 0));
        }
    } else {
        note(QStringLiteral("watch: kubectl get -w did not list the applications: %1")
                 .arg(fileTail(work(QStringLiteral("kubectl-watch.err")))));
    }
    kubectlWatch.terminate();
    if (!kubectlWatch.waitForFinished(5000)) {
        kubectlWatch.kill();
        kubectlWatch.waitForFinished(5000);
    }
    QList<double> kubectlLagsSorted = kubectlLags; // percentile() sorts it

    const double sentOk = sent.value(QLatin1String("ok")).toDouble();
    const QString how = QStringLiteral("writer: a second process merge-patching annotation %1 (send time, µs) of %2 "
                                       "applications round-robin through kube::mergePatch, paced at %3/s for %4 s, <= %5 unanswered")
                            .arg(QLatin1String(kSentAnnotation)).arg(m_o.apps).arg(m_o.rate).arg(m_o.seconds).arg(m_o.inFlight);
    Figure rate;
    rate.name = QStringLiteral("watch_send_rate");
    rate.value = sent.value(QLatin1String("rate")).toDouble();
    rate.unit = QStringLiteral("/s");
    // Not a SparkDeck target: it says whether the machine could produce the load at all.
    rate.what = how + QStringLiteral("; value = patches answered 2xx per second of sending (%1 sent, %2 failed, %3 skipped "
                                     "because %4 were unanswered)")
                          .arg(sent.value(QLatin1String("sent")).toInteger())
                          .arg(sent.value(QLatin1String("failed")).toInteger())
                          .arg(sent.value(QLatin1String("skipped")).toInteger())
                          .arg(m_o.inFlight);
    if (apiserverCpuMs >= 0 && sentOk > 0)
        rate.what += QStringLiteral("; the API server used %1 ms of CPU per patch meanwhile (%2 s in %3 s)")
                         .arg(apiserverCpuMs / sentOk, 0, 'f', 1)
                         .arg(apiserverCpuMs / 1000, 0, 'f', 1)
                         .arg(m_o.seconds);
    m_table.add(rate);

    Figure received;
    received.name = QStringLiteral("watch_updates_received");
    received.value = watched.value(QLatin1String("received")).toDouble();
    received.unit = QStringLiteral("count");
    if (kubectlRan)
        received.kubectl = double(kubectlLags.size());
    received.target = Figure::Target::Equals;
    received.limit = sentOk;
    received.what = QStringLiteral("updates SparkDeck's Informer delivered with a new send time, vs. patches the writer had "
                                   "answered 2xx (the target); kubectl = the same count for `kubectl get -w` in its own phase "
                                   "(its writer had %1 answered)")
                        .arg(sentAgain.value(QLatin1String("ok")).toInteger());
    m_table.add(received);

    const QString lagWhat = QStringLiteral("lag = receive time - send time, over every update received; receive = a slot on "
                                           "Informer::updated connected after the ApplicationsModel's, in ui::MainWindow -n %1 shown "
                                           "offscreen; kubectl = the moment `kubectl get -w -o custom-columns=...` printed the line, in its own phase")
                                .arg(QLatin1String(kBenchNamespace));
    for (const auto& [key, label, target] : {std::tuple{"p50Ms", "watch_lag_p50", 0.0}, std::tuple{"p99Ms", "watch_lag_p99", 250.0},
                                             std::tuple{"maxMs", "watch_lag_max", 0.0}}) {
        Figure lag;
        lag.name = QLatin1String(label);
        lag.value = watched.value(QLatin1String(key)).toDouble();
        lag.unit = QStringLiteral("ms");
        if (kubectlRan && !kubectlLagsSorted.isEmpty()) {
            const double p = QLatin1String(key) == QLatin1String("p50Ms") ? 50 : QLatin1String(key) == QLatin1String("p99Ms") ? 99 : 100;
            lag.kubectl = percentile(kubectlLagsSorted, p);
        }
        if (target > 0) {
            lag.target = Figure::Target::AtMost;
            lag.limit = target;
        }
        lag.what = QLatin1String(label) == QLatin1String("watch_lag_p50") ? lagWhat : QStringLiteral("as watch_lag_p50");
        m_table.add(lag);
    }

    Figure stall;
    stall.name = QStringLiteral("watch_ui_stall_max");
    stall.value = watched.value(QLatin1String("maxGapMs")).toDouble();
    stall.unit = QStringLiteral("ms");
    stall.target = Figure::Target::AtMost;
    stall.limit = 50;
    stall.what = QStringLiteral("longest gap between two ticks of a 5 ms QTimer in SparkDeck's GUI thread from READY to the "
                                "report (%1 gaps over 50 ms; the probe used %2 s of CPU in %3 s)")
                     .arg(watched.value(QLatin1String("gapsOver50")).toInt())
                     .arg(watched.value(QLatin1String("cpuMs")).toDouble() / 1000, 0, 'f', 1)
                     .arg(m_o.seconds);
    m_table.add(stall);

    // What keeping up cost SparkDeck, to judge the rate the machine could not produce.
    Figure cpu;
    cpu.name = QStringLiteral("watch_cpu_per_update");
    const double updates = watched.value(QLatin1String("received")).toDouble();
    cpu.value = updates > 0 ? watched.value(QLatin1String("cpuMs")).toDouble() * 1000.0 / updates : 0;
    cpu.unit = QStringLiteral("us");
    cpu.what = QStringLiteral("CPU time (user + system) of the SparkDeck process from READY to the report divided by the "
                              "updates received: at 1,000 updates/s it would need about %1% of one core (this includes the "
                              "1 s Age refresh of all %2 rows and idle work)")
                   .arg(cpu.value / 10, 0, 'f', 0)
                   .arg(m_o.apps);
    m_table.add(cpu);
}

// Figures 4 to 6: a 1,000,000-line driver log read by kubectl and by SparkDeck, then searched.
void Bench::logFigures()
{
    note(QStringLiteral("logs: running an application whose driver prints %1 extra lines").arg(m_o.logLines));
    const QString pod = prepareLogApp(&m_client, m_o.logLines);
    if (pod.isEmpty()) {
        for (const char* name : {"log_ingest", "log_search_plain", "log_search_icase", "log_search_regex"})
            notMeasured(QLatin1String(name), QStringLiteral("ms"), QStringLiteral("the log application did not complete"));
        return;
    }
    const QString container = QStringLiteral("spark-kubernetes-driver");
    const QStringList kubectlLogs = kubectl({QStringLiteral("logs"), QStringLiteral("-n"), QLatin1String(kLogNamespace), pod,
                                             QStringLiteral("-c"), container});
    const QString logFile = work(QStringLiteral("kubectl-logs.txt"));

    // Two rounds, alternating; the first is the warm-up.
    Finished k, s;
    QJsonObject r;
    for (int round = 0; round < 2; ++round) {
        k = runProcess(kubectlLogs, logFile, work(QStringLiteral("kubectl-logs.err")));
        r = probe(QStringLiteral("logs-probe"), {QStringLiteral("--namespace"), QLatin1String(kLogNamespace), QStringLiteral("--pod"),
                                                 pod, QStringLiteral("--container"), container}, &s);
        note(QStringLiteral("logs %1: kubectl %2 ms (exit %3, peak RSS %4 MiB); SparkDeck %5 ms from spawn, %6 lines")
                 .arg(QLatin1String(round == 0 ? "warm-up" : "run"))
                 .arg(k.wallMs(), 0, 'f', 0)
                 .arg(k.exitCode)
                 .arg(k.peakRssMiB, 0, 'f', 1)
                 .arg(double(qint64(r.value(QLatin1String("endedNs")).toDouble()) - s.startNs) / 1e6, 0, 'f', 0)
                 .arg(r.value(QLatin1String("rows")).toInt()));
        if (k.exitCode != 0 || r.contains(QLatin1String("error")))
            break;
    }
    if (k.exitCode != 0 || r.contains(QLatin1String("error"))) {
        const QString why = k.exitCode != 0 ? QStringLiteral("kubectl logs failed: %1").arg(fileTail(work(QStringLiteral("kubectl-logs.err"))))
                                            : r.value(QLatin1String("error")).toString();
        for (const char* name : {"log_ingest", "log_search_plain", "log_search_icase", "log_search_regex"})
            notMeasured(QLatin1String(name), QStringLiteral("ms"), why);
        return;
    }
    qint64 kubectlLines = 0, kubectlBytes = 0;
    {
        QFile f(logFile);
        if (f.open(QIODevice::ReadOnly)) {
            kubectlBytes = f.size();
            while (!f.atEnd()) {
                const QByteArray block = f.read(1 << 20);
                kubectlLines += block.count('\n');
            }
        }
    }
    const int rows = r.value(QLatin1String("rows")).toInt();
    if (rows != kubectlLines)
        note(QStringLiteral("warning: SparkDeck has %1 lines, kubectl wrote %2").arg(rows).arg(kubectlLines));

    Figure ingest;
    ingest.name = QStringLiteral("log_ingest_%1").arg(m_o.logLines);
    ingest.value = (r.value(QLatin1String("endedNs")).toDouble() - double(s.startNs)) / 1e6;
    ingest.unit = QStringLiteral("ms");
    ingest.kubectl = k.wallMs();
    ingest.target = Figure::Target::AtMostTimesKubectl;
    ingest.limit = 2;
    ingest.what = QStringLiteral("second of two alternating runs: SparkDeck = spawn of a process with ui::LogViewer shown offscreen "
                                 "(Follow off) until its kube::LogStream (follow=false, timestamps=true) has Ended and "
                                 "model::LogModel holds all %1 lines; kubectl = `kubectl logs POD -c %2 > file` (%3 lines, "
                                 "%4 MiB), spawn to exit")
                      .arg(rows)
                      .arg(container)
                      .arg(kubectlLines)
                      .arg(double(kubectlBytes) / 1048576.0, 0, 'f', 1);
    m_table.add(ingest);

    Figure inProcess;
    inProcess.name = QStringLiteral("log_ingest_%1_inproc").arg(m_o.logLines);
    inProcess.value = (r.value(QLatin1String("endedNs")).toDouble() - r.value(QLatin1String("followNs")).toDouble()) / 1e6;
    inProcess.unit = QStringLiteral("ms");
    inProcess.what = QStringLiteral("the same SparkDeck run from LogViewer::follow() to Ended (rendering the viewer once more "
                                    "afterwards took %1 ms)")
                         .arg((r.value(QLatin1String("renderedNs")).toDouble() - r.value(QLatin1String("endedNs")).toDouble()) / 1e6,
                              0, 'f', 1);
    m_table.add(inProcess);

    const QJsonObject searches = r.value(QLatin1String("search")).toObject();
    for (const char* kind : {"plain", "icase", "regex"}) {
        const QJsonObject s = searches.value(QLatin1String(kind)).toObject();
        Figure search;
        search.name = QStringLiteral("log_search_%1").arg(QLatin1String(kind));
        search.value = s.value(QLatin1String("ms")).toDouble();
        search.unit = QStringLiteral("ms");
        search.target = Figure::Target::AtMost;
        search.limit = 200;
        search.what = QStringLiteral("LogModel::search on a snapshot of the %1 lines, median of 3 after a warm-up: \"%2\" "
                                     "(%3, %4 hits)")
                          .arg(rows)
                          .arg(s.value(QLatin1String("pattern")).toString(),
                               QLatin1String(qstrcmp(kind, "plain") == 0 ? "plain text, case-sensitive"
                                             : qstrcmp(kind, "icase") == 0 ? "plain text, case-insensitive"
                                                                           : "regular expression, case-sensitive"))
                          .arg(s.value(QLatin1String("hits")).toInteger());
        m_table.add(search);
    }

    Figure bytes;
    bytes.name = QStringLiteral("log_model_bytes");
    bytes.value = r.value(QLatin1String("modelBytes")).toDouble() / 1048576.0;
    bytes.unit = QStringLiteral("MiB");
    bytes.kubectl = double(kubectlBytes) / 1048576.0;
    bytes.what = QStringLiteral("LogModel::byteSize() with all lines (text + offsets + timestamps + levels, as allocated); "
                                "kubectl = the size of the log it wrote (the raw text)");
    m_table.add(bytes);

    Figure growth;
    growth.name = QStringLiteral("log_rss_growth");
    growth.value = r.value(QLatin1String("rssAfterMiB")).toDouble() - r.value(QLatin1String("rssBeforeMiB")).toDouble();
    growth.unit = QStringLiteral("MiB");
    growth.kubectl = k.peakRssMiB;
    growth.what = QStringLiteral("VmRSS after the log was read and rendered minus VmRSS before LogViewer::follow() (%1 -> %2 MiB; "
                                 "VmHWM %3 MiB then, %4 MiB after the searches); kubectl = its peak RSS while streaming to the file")
                      .arg(r.value(QLatin1String("rssBeforeMiB")).toDouble(), 0, 'f', 1)
                      .arg(r.value(QLatin1String("rssAfterMiB")).toDouble(), 0, 'f', 1)
                      .arg(r.value(QLatin1String("peakAfterMiB")).toDouble(), 0, 'f', 1)
                      .arg(r.value(QLatin1String("peakEndMiB")).toDouble(), 0, 'f', 1);
    m_table.add(growth);
}

int Bench::run()
{
    const QString version = callSync(&m_client, "GET", QStringLiteral("/version")).valueOr({}).object().value(QLatin1String("gitVersion")).toString();
    m_table.header(QStringLiteral("SparkDeck benchmarks: %1 build, %2 CPUs (load average %3), kube-apiserver %4 at %5, %6")
                       .arg(m_o.buildType)
                       .arg(QThread::idealThreadCount())
                       .arg(loadAverage(), version.isEmpty() ? QStringLiteral("?") : version,
                            m_client.connection().server.toString(), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)));
    const QStringList only = m_o.only.split(QLatin1Char(','), Qt::SkipEmptyParts);
    auto wanted = [&](const char* part) { return only.isEmpty() || only.contains(QLatin1String(part)); };
    if (wanted("list") || wanted("watch")) {
        if (!prepareApps()) {
            notMeasured(QStringLiteral("list_render"), QStringLiteral("ms"), QStringLiteral("the applications could not be created"));
        } else {
            if (wanted("list"))
                listFigures();
            if (wanted("watch"))
                watchFigures();
        }
    }
    if (wanted("logs"))
        logFigures();
    m_table.legend();
    std::printf("# load average at the end: %s\n", qPrintable(loadAverage()));
    return m_complete ? 0 : 1;
}

} // namespace

int run(const RunOptions& options)
{
    qputenv("QT_QPA_PLATFORM", "offscreen"); // inherited by the probes
    Bench bench(options);
    return bench.run();
}

} // namespace bench
