#include "bench/run.h"

#include "bench/benchutil.h"
#include "app/kube/informer.h"
#include "app/kube/kubeclient.h"
#include "bench/objects.h"
#include "bench/probes.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslKey>
#include <QProcess>
#include <QStandardPaths>
#include <QRegularExpression>
#include <QThread>
#include <QUrlQuery>
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
constexpr auto kMoreNamespace = "bench-more"; // the applications beyond idleApps
constexpr auto kLogNamespace = "default"; // … and this one it does run, to get a driver log

// ---------------------------------------------------------------------------------------------
// The table: one line per figure, printed as soon as it is measured.

struct Figure {
    enum class Target { None, AtMost, AtMostTimesKubectl, Equals };
    QString refName = QStringLiteral("kubectl"); ///< what the ref column holds (kubectl, the floor, the raw text)
    QString name;
    double value = 0;
    QString unit;
    std::optional<double> kubectl; ///< the reference: the same figure for kubectl in this run (or refName)
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
        std::printf("%-30s %10s %-6s %10s %7s  %-20s %s\n", "# name", "value", "unit", "ref", "ratio", "target",
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
            target = QStringLiteral("<= %1x %2").arg(f.limit).arg(f.refName);
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
        if (!f.measured)
            verdict += QStringLiteral(" (%1)").arg(f.what);
        std::printf("%-30s %10s %-6s %10s %7s  %-20s %s\n", qPrintable(f.name), qPrintable(value), qPrintable(f.unit),
                    qPrintable(kubectl), qPrintable(ratioText), qPrintable(target), qPrintable(verdict));
        std::fflush(stdout);
    }

    void legend()
    {
        std::printf("#\n# What each figure measured:\n");
        for (const Figure& f : std::as_const(m_figures))
            if (f.measured)
                std::printf("#   %-28s %s\n", qPrintable(f.name), qPrintable(f.what));
        std::fflush(stdout);
    }

private:
    static QString number(double v, const QString& unit)
    {
        if (unit == QLatin1String("count") || unit == QLatin1String("lines") || unit == QLatin1String("/s")
            || unit == QLatin1String("rows"))
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

// CPU time (user + system, ms) of process `pid` so far; -1 when unknown.
double cpuMsOf(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    return double(fields[11].toLongLong() + fields[12].toLongLong()) * 1000.0 / double(sysconf(_SC_CLK_TCK));
}

// The same for the process whose pid is in `pidFile` (tests/cluster keeps <component>.pid files next
// to the kubeconfig), to say what the API server spent per patch.
double processCpuMs(const QString& pidFile)
{
    QFile pid(pidFile);
    return pid.open(QIODevice::ReadOnly) ? cpuMsOf(pid.readAll().trimmed().toLongLong()) : -1;
}

// ---------------------------------------------------------------------------------------------
// The cluster side: objects the benchmarks need.


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
    QStringList curlGet(const QString& path);
    void listFigures();
    void startFigures();
    void idleFigures();
    void watchFigures();
    void replayFigures(double rate);
    void logFigures();
    void hugeLog();
    int benchApps() const { return qMin(m_o.apps, m_o.idleApps); } // in namespace bench
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

// Creates the applications the list, idle and watch figures use: idleApps in namespace bench, the
// rest in bench-more.
bool Bench::prepareApps()
{
    const int inBench = benchApps();
    const int rest = m_o.apps - inBench;
    note(QStringLiteral("creating %1 SparkApplications with their status (%2 in %3, %4 in %5); the first %6 through the API "
                        "server, the rest copied into etcd")
             .arg(m_o.apps).arg(inBench).arg(QLatin1String(kBenchNamespace)).arg(rest).arg(QLatin1String(kMoreNamespace))
             .arg(qMin(m_o.apiSample, inBench)));
    const qint64 start = monotonicNs();
    const QString stateDir = QFileInfo(m_o.kubeconfig).absolutePath();
    if (!ensureNamespace(&m_client, QLatin1String(kBenchNamespace)) || (rest > 0 && !ensureNamespace(&m_client, QLatin1String(kMoreNamespace))))
        return false;
    const Seeded a = seedApps(&m_client, stateDir, QLatin1String(kBenchNamespace), 0, inBench, m_o.apps, m_o.apiSample, 64);
    Seeded b;
    b.ok = true;
    if (a.ok && rest > 0)
        b = seedApps(&m_client, stateDir, QLatin1String(kMoreNamespace), inBench, rest, m_o.apps, qMin(10, rest), 64);
    if (!a.ok || !b.ok) {
        note(QStringLiteral("creating the applications failed: %1").arg(a.ok ? b.error : a.error));
        return false;
    }
    // Each etcd transaction is one revision the API server's watch cache has to take in before it
    // serves a consistent list again ("Too large resource version" until then): wait for that.
    QString lastError;
    bool caughtUp = false;
    for (const qint64 until = monotonicNs() + 300'000'000'000LL; !caughtUp && monotonicNs() < until;) {
        std::optional<bool> ok;
        QObject context;
        // The request kubectl and the window make first: a page of 500 from all namespaces.
        m_client.request("GET", kube::ResourceKind::sparkApplications().collectionPath({}), QUrlQuery{{QStringLiteral("limit"), QStringLiteral("500")}},
                         {}, &context, [&](const kube::Result<kube::KubeResponse>& r) {
                             ok = bool(r);
                             if (!r)
                                 lastError = r.error().summary();
                         });
        waitUntil([&] { return ok.has_value(); }, 60'000);
        caughtUp = ok.value_or(false);
        if (!caughtUp)
            waitUntil([] { return false; }, 500);
    }
    if (!caughtUp) {
        note(QStringLiteral("the API server did not serve the list after the etcd writes: %1").arg(lastError));
        return false;
    }
    const double seconds = double(monotonicNs() - start) / 1e9;
    note(QStringLiteral("created them in %1 s").arg(seconds, 0, 'f', 1));
    const int api = a.throughApi + b.throughApi;
    const double apiSeconds = a.apiSeconds + b.apiSeconds;
    const double rate = apiSeconds > 0 ? api / apiSeconds : 0;
    Figure created;
    created.name = QStringLiteral("create_apps_%1").arg(m_o.apps);
    created.value = seconds;
    created.unit = QStringLiteral("s");
    created.what = QStringLiteral("wall time to create the %1 SparkApplications with their status: %2 through the API server "
                                  "(POST + merge-patch of /status, 64 requests in flight) in %3 s, %4 copied into etcd "
                                  "(transactions of 100 puts, modelled on what the API server stored for the first ones) in %5 s")
                       .arg(m_o.apps).arg(api).arg(apiSeconds, 0, 'f', 1).arg(a.throughEtcd + b.throughEtcd)
                       .arg(a.etcdSeconds + b.etcdSeconds, 0, 'f', 1);
    m_table.add(created);
    Figure apiRate;
    apiRate.name = QStringLiteral("create_apps_api_rate");
    apiRate.value = rate;
    apiRate.unit = QStringLiteral("/s");
    apiRate.what = QStringLiteral("applications created per second through the API server (2 requests each); all %1 that way "
                                  "would take %2 s, which is why the rest are copied into etcd")
                       .arg(m_o.apps).arg(rate > 0 ? m_o.apps / rate : 0, 0, 'f', 0);
    m_table.add(apiRate);
    return true;
}

// The curl command line of a GET of `path` with the kubeconfig's credentials (written to files in
// the work directory, never printed); empty when they cannot be used with curl.
QStringList Bench::curlGet(const QString& path)
{
    const kube::ClusterConnection& c = m_client.connection();
    auto write = [&](const QString& name, const QByteArray& bytes) {
        QFile f(work(name));
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return QString();
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        f.write(bytes);
        return f.fileName();
    };
    QByteArray ca;
    for (const QSslCertificate& cert : c.ssl.caCertificates())
        ca += cert.toPem();
    QStringList args{QStringLiteral("curl"), QStringLiteral("-sS"), QStringLiteral("--fail"), QStringLiteral("--http2"),
                     QStringLiteral("--compressed"), QStringLiteral("-o"), QStringLiteral("/dev/null")};
    if (!ca.isEmpty())
        args << QStringLiteral("--cacert") << write(QStringLiteral("curl-ca.pem"), ca);
    if (!c.ssl.localCertificate().isNull() && !c.ssl.privateKey().isNull())
        args << QStringLiteral("--cert") << write(QStringLiteral("curl-cert.pem"), c.ssl.localCertificate().toPem())
             << QStringLiteral("--key") << write(QStringLiteral("curl-key.pem"), c.ssl.privateKey().toPem());
    else if (!c.credentials.bearerToken.isEmpty())
        args << QStringLiteral("-H") << QLatin1Char('@') + write(QStringLiteral("curl-headers"), "Authorization: Bearer " + c.credentials.bearerToken.toUtf8() + '\n');
    else
        return {};
    QUrl url = c.server;
    url.setPath(url.path() + path);
    return args << url.toString();
}

// Figures 1 and 2: list + render of the applications, the floor, the peak RSS, and sorting,
// filtering and scrolling the table they fill.
void Bench::listFigures()
{
    const QStringList kubectlGet = kubectl({QStringLiteral("get"), QStringLiteral("sparkapplications"), QStringLiteral("-A"),
                                            QStringLiteral("-o"), QStringLiteral("json")});
    const QStringList kubectlTable = kubectl({QStringLiteral("get"), QStringLiteral("sparkapplications"), QStringLiteral("-A")});
    QStringList curl = curlGet(kube::ResourceKind::sparkApplications().collectionPath({}));
    const QString kubectlOut = work(QStringLiteral("kubectl-get.json"));
    QList<double> kubectlMs, kubectlTableMs, kubectlRss, floorMs, sparkdeckMs, sparkdeckInProcessMs, firstRowsMs, sparkdeckPeak,
        sparkdeckRss;
    QJsonObject frames;
    int rows = -1, kubectlItems = -1;
    QString error, floorError = curl.isEmpty() ? QStringLiteral("the kubeconfig's credentials are neither a client certificate nor a token") : QString();
    if (!curl.isEmpty()) {
        const QString found = QStandardPaths::findExecutable(QStringLiteral("curl"));
        if (found.isEmpty())
            floorError = QStringLiteral("curl is not installed");
        else
            curl[0] = found;
    }
    for (int run = 0; run <= m_o.repeat && error.isEmpty(); ++run) {
        // kubectl: from spawn to exit, its JSON written to a file.
        Finished k = runProcess(kubectlGet, kubectlOut, work(QStringLiteral("kubectl-get.err")));
        for (int retry = 0; k.exitCode != 0 && retry < 10 && fileTail(work(QStringLiteral("kubectl-get.err"))).contains(QLatin1String("Too large resource version")); ++retry) {
            note(QStringLiteral("list: the API server's watch cache is still catching up; again in 10 s"));
            waitUntil([] { return false; }, 10'000);
            k = runProcess(kubectlGet, kubectlOut, work(QStringLiteral("kubectl-get.err")));
        }
        if (k.exitCode != 0) {
            error = QStringLiteral("kubectl get failed (exit %1): %2").arg(k.exitCode).arg(fileTail(work(QStringLiteral("kubectl-get.err"))));
            break;
        }
        if (run == 0) {
            QFile f(kubectlOut);
            if (f.open(QIODevice::ReadOnly))
                kubectlItems = int(QJsonDocument::fromJson(f.readAll()).object().value(QLatin1String("items")).toArray().size());
        }
        const Finished t = runProcess(kubectlTable, work(QStringLiteral("kubectl-get.txt")), work(QStringLiteral("kubectl-get.err")));
        // The floor: one GET of the whole list, nothing done with it.
        Finished f;
        if (floorError.isEmpty()) {
            f = runProcess(curl, {}, work(QStringLiteral("curl.err")));
            if (f.exitCode != 0)
                floorError = QStringLiteral("curl failed (exit %1): %2").arg(f.exitCode).arg(fileTail(work(QStringLiteral("curl.err"))));
        }
        // SparkDeck: from spawn until the list is in the table and the window was rendered.
        const bool last = run == m_o.repeat;
        Finished s;
        QStringList args{QStringLiteral("--apps"), QString::number(m_o.apps)};
        if (last)
            args << QStringLiteral("--interact");
        const QJsonObject r = probe(QStringLiteral("list-probe"), args, &s);
        if (r.contains(QLatin1String("error"))) {
            error = r.value(QLatin1String("error")).toString();
            break;
        }
        rows = r.value(QLatin1String("rows")).toInt();
        const char* label = run == 0 ? "warm-up" : "run";
        const double sMs = double(qint64(r.value(QLatin1String("renderedNs")).toDouble()) - s.startNs) / 1e6;
        const double inMs = (r.value(QLatin1String("renderedNs")).toDouble() - r.value(QLatin1String("windowNs")).toDouble()) / 1e6;
        const double firstMs = double(qint64(r.value(QLatin1String("firstRowsNs")).toDouble()) - s.startNs) / 1e6;
        note(QStringLiteral("list %1: kubectl -o json %2 ms (peak RSS %3 MiB), kubectl table %4 ms, curl %5 ms; SparkDeck %6 ms "
                            "from spawn (first rows painted at %7 ms), %8 ms from MainWindow, %9 rows, VmHWM %10 MiB")
                 .arg(QLatin1String(label))
                 .arg(k.wallMs(), 0, 'f', 0)
                 .arg(k.peakRssMiB, 0, 'f', 1)
                 .arg(t.wallMs(), 0, 'f', 0)
                 .arg(f.wallMs(), 0, 'f', 0)
                 .arg(sMs, 0, 'f', 0)
                 .arg(firstMs, 0, 'f', 0)
                 .arg(inMs, 0, 'f', 0)
                 .arg(rows)
                 .arg(r.value(QLatin1String("peakMiB")).toDouble(), 0, 'f', 1));
        if (last)
            frames = r.value(QLatin1String("frames")).toObject();
        if (run == 0)
            continue; // warm-up: caches (kubectl's discovery cache, the API server's) are filled
        kubectlMs << k.wallMs();
        kubectlTableMs << t.wallMs();
        kubectlRss << k.peakRssMiB;
        floorMs << f.wallMs();
        sparkdeckMs << sMs;
        sparkdeckInProcessMs << inMs;
        firstRowsMs << firstMs;
        sparkdeckPeak << r.value(QLatin1String("peakMiB")).toDouble();
        sparkdeckRss << r.value(QLatin1String("rssMiB")).toDouble();
    }
    const QString n = QString::number(m_o.apps);
    if (!error.isEmpty()) {
        for (const QString& name : {QStringLiteral("list_render_%1").arg(n), QStringLiteral("list_render_%1_vs_floor").arg(n),
                                    QStringLiteral("list_peak_rss_%1").arg(n), QStringLiteral("first_rows_%1").arg(n),
                                    QStringLiteral("table_sort_frame"), QStringLiteral("table_filter_frame"),
                                    QStringLiteral("table_scroll_frame")})
            notMeasured(name, QStringLiteral("ms"), error);
        return;
    }
    if (rows != kubectlItems || rows < m_o.apps)
        note(QStringLiteral("warning: the table had %1 rows and kubectl listed %2 items (%3 created)").arg(rows).arg(kubectlItems).arg(m_o.apps));

    Figure list;
    list.name = QStringLiteral("list_render_%1").arg(n);
    list.value = median(sparkdeckMs);
    list.unit = QStringLiteral("ms");
    list.kubectl = median(kubectlMs);
    list.target = Figure::Target::AtMostTimesKubectl;
    list.limit = 0.5;
    list.what = QStringLiteral("median of %1 runs after a warm-up: SparkDeck = spawn of a process running ui::MainWindow -A "
                               "offscreen until the first list (pages of 500) is in the ApplicationsModel (%2 rows) and the "
                               "window is rendered once (grab()); kubectl = `kubectl get sparkapplications -A -o json > file` "
                               "(%3 items), spawn to exit")
                    .arg(m_o.repeat)
                    .arg(rows)
                    .arg(kubectlItems);
    m_table.add(list);

    if (floorError.isEmpty()) {
        Figure vsFloor = list;
        vsFloor.name = QStringLiteral("list_render_%1_vs_floor").arg(n);
        vsFloor.kubectl = median(floorMs);
        vsFloor.refName = QStringLiteral("floor");
        vsFloor.limit = 1.5;
        vsFloor.what = QStringLiteral("the same SparkDeck time against the floor: one unpaged GET of the same list by curl "
                                      "(HTTP/2, gzip, the kubeconfig's client certificate and CA) to /dev/null, spawn to exit, "
                                      "median of %1 in the same rounds")
                           .arg(m_o.repeat);
        m_table.add(vsFloor);
        Figure floor;
        floor.name = QStringLiteral("list_floor_get_%1").arg(n);
        floor.value = median(floorMs);
        floor.unit = QStringLiteral("ms");
        floor.kubectl = median(kubectlMs);
        floor.what = QStringLiteral("the floor alone (curl as above) next to kubectl -o json");
        m_table.add(floor);
    } else {
        notMeasured(QStringLiteral("list_render_%1_vs_floor").arg(n), QStringLiteral("ms"), floorError);
    }

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
    peak.limit = 300;
    peak.what = QStringLiteral("VmHWM (peak RSS) of the SparkDeck process right after the rendered window above "
                               "(VmRSS then: %1 MiB); kubectl = its peak RSS (wait4 ru_maxrss) for the get above")
                    .arg(median(sparkdeckRss), 0, 'f', 1);
    m_table.add(peak);

    Figure first;
    first.name = QStringLiteral("first_rows_%1").arg(n);
    first.value = median(firstRowsMs);
    first.unit = QStringLiteral("ms");
    first.kubectl = median(kubectlTableMs);
    first.target = Figure::Target::AtMostTimesKubectl;
    first.limit = 1;
    first.what = QStringLiteral("cold start with a cluster: SparkDeck = spawn until the end of the first paint of the table "
                                "with rows in it (same runs); kubectl = `kubectl get sparkapplications -A > file` (table), "
                                "spawn to exit");
    m_table.add(first);

    const QJsonObject counts = frames;
    for (const auto& [key, label, what] :
         {std::tuple{"sort", "table_sort_frame", "a click on a column header (press + release on the header), then the "
                                                 "events it queued and a render of the table; 5 columns, then the first again"},
          std::tuple{"filter", "table_filter_frame", "one keystroke in the filter box, then the events and a render of the "
                                                     "table; typing \"failed\" and deleting it key by key"},
          std::tuple{"scroll", "table_scroll_frame", "one page down of the table's scroll bar, then the events and a render; "
                                                     "10 pages"}}) {
        const QJsonObject f = frames.value(QLatin1String(key)).toObject();
        if (f.isEmpty()) {
            notMeasured(QLatin1String(label), QStringLiteral("ms"), QStringLiteral("the list probe did not report it"));
            continue;
        }
        Figure frame;
        frame.name = QLatin1String(label);
        frame.value = f.value(QLatin1String("maxMs")).toDouble();
        frame.unit = QStringLiteral("ms");
        frame.target = Figure::Target::AtMost;
        frame.limit = 16;
        frame.what = QStringLiteral("slowest of %1 frames with %2 rows (median %3 ms): %4%5")
                         .arg(f.value(QLatin1String("frames")).toInt())
                         .arg(counts.value(QLatin1String("rowsBefore")).toInt())
                         .arg(f.value(QLatin1String("medianMs")).toDouble(), 0, 'f', 1)
                         .arg(QLatin1String(what))
                         .arg(QLatin1String(key) == QLatin1String("filter")
                                  ? QStringLiteral(" (%1 rows matched \"failed\")").arg(counts.value(QLatin1String("rowsFiltered")).toInt())
                                  : QString());
        m_table.add(frame);
    }
}

// Cold start without a cluster: spawn until the window's first paint (its kubeconfig names a
// server on a closed loopback port).
void Bench::startFigures()
{
    QFile config(work(QStringLiteral("nocluster.kubeconfig")));
    if (!config.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        notMeasured(QStringLiteral("cold_start_paint"), QStringLiteral("ms"), QStringLiteral("cannot write a kubeconfig"));
        return;
    }
    config.write("apiVersion: v1\nkind: Config\nclusters:\n- name: none\n  cluster:\n    server: https://127.0.0.1:9\n"
                 "contexts:\n- name: none\n  context:\n    cluster: none\n    user: none\ncurrent-context: none\n"
                 "users:\n- name: none\n  user:\n    token: not-a-secret\n");
    config.close();
    QList<double> fromSpawn, fromWindow;
    QString connection;
    for (int run = 0; run <= 3; ++run) {
        Finished s;
        QJsonObject r;
        {
            const QString base = work(QStringLiteral("start-probe-%1").arg(run));
            s = runProcess({m_o.self, QStringLiteral("start-probe"), QStringLiteral("--kubeconfig"), config.fileName()},
                           base + QStringLiteral(".out"), base + QStringLiteral(".err"));
            QFile out(base + QStringLiteral(".out"));
            r = out.open(QIODevice::ReadOnly) ? parseResult(out.readAll()) : QJsonObject{};
            if (s.exitCode != 0 || r.isEmpty() || r.contains(QLatin1String("error"))) {
                notMeasured(QStringLiteral("cold_start_paint"), QStringLiteral("ms"),
                            QStringLiteral("start-probe failed: %1").arg(r.value(QLatin1String("error")).toString(fileTail(base + QStringLiteral(".err")))));
                return;
            }
        }
        connection = r.value(QLatin1String("connection")).toString();
        if (run == 0)
            continue;
        fromSpawn << (r.value(QLatin1String("paintedNs")).toDouble() - double(s.startNs)) / 1e6;
        fromWindow << (r.value(QLatin1String("paintedNs")).toDouble() - r.value(QLatin1String("windowNs")).toDouble()) / 1e6;
    }
    Figure start;
    start.name = QStringLiteral("cold_start_paint");
    start.value = median(fromSpawn);
    start.unit = QStringLiteral("ms");
    start.target = Figure::Target::AtMost;
    start.limit = 300;
    start.what = QStringLiteral("median of 3 after a warm-up: spawn of a process running ui::MainWindow until the end of its "
                                "first paint, with no cluster (the kubeconfig's server is a closed loopback port; the window "
                                "said \"%1\"); %2 ms of it from the creation of MainWindow")
                     .arg(connection)
                     .arg(median(fromWindow), 0, 'f', 0);
    m_table.add(start);
}

// The fault proxy's /stats (tests/cluster): requests relayed so far, open watches.
QJsonObject proxyStats(const QString& control)
{
    QNetworkAccessManager nam;
    QNetworkReply* reply = nam.get(QNetworkRequest(QUrl(control + QStringLiteral("/stats"))));
    waitUntil([&] { return reply->isFinished(); }, 10'000);
    const QJsonObject stats = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return stats;
}

// Idle cost: SparkDeck showing idleApps applications with nothing changing; its CPU from
// /proc/<pid>/stat and the requests the API server saw (through the fault proxy).
void Bench::idleFigures()
{
    const int rows = benchApps();
    const QString name = QStringLiteral("idle_cpu_%1").arg(rows);
    const bool proxied = !m_o.proxyKubeconfig.isEmpty() && !m_o.proxyControl.isEmpty();
    QProcess watcher;
    watcher.setStandardErrorFile(work(QStringLiteral("idle-probe.err")));
    QByteArray out;
    QObject::connect(&watcher, &QProcess::readyReadStandardOutput, &watcher, [&] { out += watcher.readAllStandardOutput(); });
    watcher.start(m_o.self, {QStringLiteral("watch-probe"), QStringLiteral("--kubeconfig"), proxied ? m_o.proxyKubeconfig : m_o.kubeconfig,
                             QStringLiteral("--namespace"), QLatin1String(kBenchNamespace)});
    note(QStringLiteral("idle: SparkDeck showing %1 applications%2, nothing changing").arg(rows).arg(proxied ? QStringLiteral(" through the fault proxy") : QString()));
    if (!waitUntil([&] { return out.contains("READY") || watcher.state() == QProcess::NotRunning; }, 300'000) || !out.contains("READY")) {
        watcher.kill();
        watcher.waitForFinished(5000);
        notMeasured(name, QStringLiteral("%"), QStringLiteral("the probe never synced: %1").arg(fileTail(work(QStringLiteral("idle-probe.err")))));
        return;
    }
    waitUntil([] { return false; }, 3000); // let the first paint and layout settle
    const qint64 pid = watcher.processId();
    const QString proxyLog = QFileInfo(m_o.proxyKubeconfig).absoluteDir().filePath(QStringLiteral("faultproxy.log"));
    const qint64 logBefore = QFileInfo(proxyLog).size();
    const QJsonObject statsBefore = proxied ? proxyStats(m_o.proxyControl) : QJsonObject{};
    const double cpuBefore = cpuMsOf(pid);
    const qint64 t0 = monotonicNs();
    waitUntil([] { return false; }, int(m_o.idleSeconds * 1000));
    const double cpuAfter = cpuMsOf(pid);
    const double seconds = double(monotonicNs() - t0) / 1e9;
    const QJsonObject statsAfter = proxied ? proxyStats(m_o.proxyControl) : QJsonObject{};
    // What those requests were: the proxy logs one line per request (uri="…").
    QHash<QString, int> asked;
    if (QFile log(proxyLog); proxied && log.open(QIODevice::ReadOnly) && log.seek(logBefore)) {
        for (const QByteArray& line : log.readAll().split('\n')) {
            const qsizetype at = line.indexOf("uri=\"");
            if (at < 0 || !line.contains("\"request\""))
                continue;
            const QByteArray uri = line.mid(at + 5, line.indexOf('"', at + 5) - at - 5);
            QString path = QString::fromUtf8(uri.left(uri.indexOf('?') < 0 ? uri.size() : uri.indexOf('?')));
            path.replace(QRegularExpression(QStringLiteral("bench-app-\\d+")), QStringLiteral("NAME"));
            ++asked[path];
        }
    }
    QList<std::pair<int, QString>> top;
    for (auto it = asked.cbegin(); it != asked.cend(); ++it)
        top << std::pair{it.value(), it.key()};
    std::sort(top.begin(), top.end(), std::greater<>());
    QStringList topText;
    for (qsizetype i = 0; i < qMin<qsizetype>(4, top.size()); ++i)
        topText << QStringLiteral("%1 x %2").arg(top[i].first).arg(top[i].second);
    watcher.write("STOP 0\n");
    waitUntil([&] { return watcher.state() == QProcess::NotRunning; }, 30'000);
    if (watcher.state() != QProcess::NotRunning) {
        watcher.kill();
        watcher.waitForFinished(5000);
    }
    const QJsonObject r = parseResult(out);

    Figure cpu;
    cpu.name = name;
    cpu.value = cpuBefore >= 0 && cpuAfter >= 0 ? (cpuAfter - cpuBefore) / (seconds * 1000) * 100 : 0;
    cpu.unit = QStringLiteral("%");
    cpu.target = Figure::Target::AtMost;
    cpu.limit = 1;
    cpu.what = QStringLiteral("CPU (user + system, /proc/<pid>/stat) of ui::MainWindow -n %1 shown offscreen with %2 rows, "
                              "nothing changing, over %3 s starting 3 s after the list was in (%4 ms of CPU); longest UI stall "
                              "meanwhile %5 ms")
                   .arg(QLatin1String(kBenchNamespace))
                   .arg(r.value(QLatin1String("rows")).toInt())
                   .arg(seconds, 0, 'f', 1)
                   .arg(cpuAfter - cpuBefore, 0, 'f', 0)
                   .arg(r.value(QLatin1String("maxGapMs")).toDouble(), 0, 'f', 1);
    if (cpuBefore < 0 || cpuAfter < 0)
        notMeasured(name, QStringLiteral("%"), QStringLiteral("cannot read /proc/%1/stat").arg(pid));
    else
        m_table.add(cpu);

    const QString requestsName = QStringLiteral("idle_api_requests");
    if (!proxied || statsBefore.isEmpty() || statsAfter.isEmpty()) {
        notMeasured(requestsName, QStringLiteral("count"), proxied ? QStringLiteral("the fault proxy's /stats did not answer")
                                                                   : QStringLiteral("no fault proxy (tests/cluster/faultproxy up failed)"));
        return;
    }
    Figure requests;
    requests.name = requestsName;
    requests.value = statsAfter.value(QLatin1String("requests")).toDouble() - statsBefore.value(QLatin1String("requests")).toDouble();
    requests.unit = QStringLiteral("count");
    requests.target = Figure::Target::Equals;
    requests.limit = 0;
    requests.what = QStringLiteral("requests SparkDeck sent to the API server in those %1 s, counted by tests/cluster's fault proxy "
                                   "(all of its traffic goes through it); open watches at the end: %2 (before: %3); most asked: %4")
                        .arg(seconds, 0, 'f', 1)
                        .arg(statsAfter.value(QLatin1String("openWatches")).toInt())
                        .arg(statsBefore.value(QLatin1String("openWatches")).toInt())
                        .arg(topText.isEmpty() ? QStringLiteral("-") : topText.join(QStringLiteral(", ")));
    m_table.add(requests);
}

// Watch figures on loopback: the replay server feeds `rate` events/s into a shown MainWindow.
void Bench::replayFigures(double rate)
{
    const QString tag = QStringLiteral("replay_%1").arg(qint64(rate));
    auto fail = [&](const QString& why) {
        note(QStringLiteral("%1: %2").arg(tag, why));
        for (const char* what : {"lag_p99", "ui_stall_max", "lost"})
            notMeasured(tag + QLatin1Char('_') + QLatin1String(what), QStringLiteral("ms"), why);
    };
    const QString expectFile = work(tag + QStringLiteral(".expected"));
    QProcess server;
    server.setStandardErrorFile(work(tag + QStringLiteral("-server.err")));
    QByteArray serverOut;
    QObject::connect(&server, &QProcess::readyReadStandardOutput, &server, [&] { serverOut += server.readAllStandardOutput(); });
    server.start(m_o.self, {QStringLiteral("replay-server"), QStringLiteral("--kubeconfig"), m_o.kubeconfig, QStringLiteral("--namespace"),
                            QLatin1String(kBenchNamespace), QStringLiteral("--apps"), QString::number(m_o.replayApps),
                            QStringLiteral("--rate"), QString::number(rate), QStringLiteral("--seconds"), QString::number(m_o.replaySeconds),
                            QStringLiteral("--out"), expectFile});
    auto stopServer = [&] {
        server.closeWriteChannel();
        if (!server.waitForFinished(5000)) {
            server.kill();
            server.waitForFinished(5000);
        }
    };
    if (!waitUntil([&] { return serverOut.contains('\n') || server.state() == QProcess::NotRunning; }, 60'000)
        || !serverOut.startsWith("PORT ")) {
        stopServer();
        fail(QStringLiteral("the replay server did not start: %1").arg(fileTail(work(tag + QStringLiteral("-server.err")))));
        return;
    }
    const QByteArray port = serverOut.mid(5, serverOut.indexOf('\n') - 5).trimmed();
    serverOut.clear();
    QFile config(work(tag + QStringLiteral(".kubeconfig")));
    if (!config.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        stopServer();
        fail(QStringLiteral("cannot write %1").arg(config.fileName()));
        return;
    }
    config.write("apiVersion: v1\nkind: Config\nclusters:\n- name: replay\n  cluster:\n    server: http://127.0.0.1:" + port
                 + "\ncontexts:\n- name: replay\n  context:\n    cluster: replay\n    user: replay\n    namespace: "
                 + QByteArray(kBenchNamespace) + "\ncurrent-context: replay\nusers:\n- name: replay\n  user: {}\n");
    config.close();

    QProcess watcher;
    watcher.setStandardErrorFile(work(tag + QStringLiteral("-probe.err")));
    QByteArray watcherOut;
    QObject::connect(&watcher, &QProcess::readyReadStandardOutput, &watcher, [&] { watcherOut += watcher.readAllStandardOutput(); });
    watcher.start(m_o.self, {QStringLiteral("watch-probe"), QStringLiteral("--kubeconfig"), config.fileName(),
                             QStringLiteral("--namespace"), QLatin1String(kBenchNamespace)});
    auto stopWatcher = [&] {
        if (watcher.state() != QProcess::NotRunning) {
            watcher.kill();
            watcher.waitForFinished(5000);
        }
    };
    if (!waitUntil([&] { return watcherOut.contains("READY") || watcher.state() == QProcess::NotRunning; }, 120'000)
        || !watcherOut.contains("READY")) {
        stopWatcher();
        stopServer();
        fail(QStringLiteral("the watching SparkDeck never synced with the replay server: %1").arg(fileTail(work(tag + QStringLiteral("-probe.err")))));
        return;
    }
    note(QStringLiteral("%1: %2 events/s for %3 s into MainWindow -n %4 (%5 rows)")
             .arg(tag).arg(rate).arg(m_o.replaySeconds).arg(QLatin1String(kBenchNamespace)).arg(m_o.replayApps));
    server.write("GO\n");
    waitUntil([&] { return serverOut.contains("RESULT") || server.state() == QProcess::NotRunning; }, int(m_o.replaySeconds * 1000) + 60'000);
    const QJsonObject sent = parseResult(serverOut);
    watcher.write(QByteArrayLiteral("STOP ") + QByteArray::number(sent.value(QLatin1String("sent")).toInteger()) + ' '
                  + expectFile.toLocal8Bit() + '\n');
    waitUntil([&] { return watcher.state() == QProcess::NotRunning; }, 60'000);
    stopWatcher();
    stopServer();
    const QJsonObject watched = parseResult(watcherOut);
    if (sent.isEmpty() || sent.contains(QLatin1String("error")) || watched.isEmpty() || watched.contains(QLatin1String("error"))) {
        fail(QStringLiteral("server: %1; probe: %2")
                 .arg(QString::fromUtf8(QJsonDocument(sent).toJson(QJsonDocument::Compact)),
                      watched.isEmpty() ? fileTail(work(tag + QStringLiteral("-probe.err"))) : QString::fromUtf8(QJsonDocument(watched).toJson(QJsonDocument::Compact))));
        return;
    }
    note(QStringLiteral("%1: server %2; probe %3")
             .arg(tag, QString::fromUtf8(QJsonDocument(sent).toJson(QJsonDocument::Compact)),
                  QString::fromUtf8(QJsonDocument(watched).toJson(QJsonDocument::Compact))));
    const double sentCount = sent.value(QLatin1String("sent")).toDouble();
    const double received = watched.value(QLatin1String("received")).toDouble();

    Figure achieved;
    achieved.name = tag + QStringLiteral("_rate");
    achieved.value = sent.value(QLatin1String("rate")).toDouble();
    achieved.unit = QStringLiteral("/s");
    achieved.what = QStringLiteral("replay server: a loopback HTTP/1.1 server (a QTcpServer in its own process) that answers the "
                                   "list of %1 SparkApplications and then writes generated MODIFIED events (a new state and send "
                                   "time each, round-robin) into the window's chunked watch stream, %2/s asked for %3 s; value = "
                                   "events written per second; %4 written in all")
                        .arg(m_o.replayApps).arg(rate).arg(m_o.replaySeconds).arg(qint64(sentCount));
    m_table.add(achieved);

    Figure p99;
    p99.name = tag + QStringLiteral("_lag_p99");
    p99.value = watched.value(QLatin1String("p99Ms")).toDouble();
    p99.unit = QStringLiteral("ms");
    p99.target = Figure::Target::AtMost;
    p99.limit = 100;
    p99.what = QStringLiteral("lag = the moment a slot on Informer::updated connected after the ApplicationsModel's ran, minus "
                              "the moment the server wrote the event: p99 (p50 %1 ms, max %2 ms) over %3 updates received")
                   .arg(watched.value(QLatin1String("p50Ms")).toDouble(), 0, 'f', 1)
                   .arg(watched.value(QLatin1String("maxMs")).toDouble(), 0, 'f', 1)
                   .arg(qint64(received));
    m_table.add(p99);

    Figure stall;
    stall.name = tag + QStringLiteral("_ui_stall_max");
    stall.value = watched.value(QLatin1String("maxGapMs")).toDouble();
    stall.unit = QStringLiteral("ms");
    stall.target = Figure::Target::AtMost;
    stall.limit = 16;
    stall.what = QStringLiteral("longest gap between two ticks of a 5 ms QTimer in the window's GUI thread (%1 gaps over 16 ms; "
                                "the window used %2 s of CPU)")
                     .arg(watched.value(QLatin1String("gapsOver16")).toInt())
                     .arg(watched.value(QLatin1String("cpuMs")).toDouble() / 1000, 0, 'f', 1);
    m_table.add(stall);

    Figure lost;
    lost.name = tag + QStringLiteral("_lost");
    lost.value = watched.value(QLatin1String("finalLost")).toDouble();
    lost.unit = QStringLiteral("count");
    lost.kubectl = sentCount - received;
    lost.refName = QStringLiteral("coalesced");
    lost.target = Figure::Target::Equals;
    lost.limit = 0;
    lost.what = QStringLiteral("objects (of %1 changed) whose state in the window's informer is not the last one the server "
                               "wrote; ref = events not seen one by one (sent - received: %2 - %3; coalesced updates of the "
                               "same object are not lost)")
                    .arg(watched.value(QLatin1String("finalChecked")).toInt())
                    .arg(qint64(sentCount))
                    .arg(qint64(received));
    m_table.add(lost);
}

// Figure 3: watch lag while a writer patches applications at the target rate; the same with
// `kubectl get -w` as the watcher, in a second phase so the two do not compete for the CPUs.
void Bench::watchFigures()
{
    const QStringList writerArgs{QStringLiteral("writer"), QStringLiteral("--kubeconfig"), m_o.kubeconfig,
                                 QStringLiteral("--namespace"), QLatin1String(kBenchNamespace),
                                 QStringLiteral("--apps"), QString::number(benchApps()),
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
             .arg(benchApps()).arg(m_o.rate).arg(m_o.seconds));
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
    if (waitUntil([&] { return initialLines >= benchApps() || kubectlWatch.state() == QProcess::NotRunning; }, 120'000)
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
                            .arg(QLatin1String(kSentAnnotation)).arg(benchApps()).arg(m_o.rate).arg(m_o.seconds).arg(m_o.inFlight);
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
    for (const auto& [key, label, target] : {std::tuple{"p50Ms", "watch_lag_p50", 0.0}, std::tuple{"p99Ms", "watch_lag_p99", 100.0},
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
    stall.limit = 16;
    stall.what = QStringLiteral("longest gap between two ticks of a 5 ms QTimer in SparkDeck's GUI thread from READY to the "
                                "report (%1 gaps over 16 ms; the probe used %2 s of CPU in %3 s)")
                     .arg(watched.value(QLatin1String("gapsOver16")).toInt())
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
                   .arg(benchApps());
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
        hugeLog();
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
        hugeLog();
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
    ingest.limit = 1;
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
        search.limit = 100;
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
    bytes.refName = QStringLiteral("raw");
    bytes.what = QStringLiteral("LogModel::byteSize() with all lines (text + offsets + timestamps + levels, as allocated); "
                                "ref = the size of the log kubectl wrote (the raw text)");
    m_table.add(bytes);

    Figure growth;
    growth.name = QStringLiteral("log_rss_growth");
    growth.value = r.value(QLatin1String("rssAfterMiB")).toDouble() - r.value(QLatin1String("rssBeforeMiB")).toDouble();
    growth.unit = QStringLiteral("MiB");
    growth.kubectl = double(kubectlBytes) / 1048576.0;
    growth.refName = QStringLiteral("raw");
    growth.target = Figure::Target::AtMostTimesKubectl;
    growth.limit = 1.5;
    growth.what = QStringLiteral("VmRSS after the log was read and rendered minus VmRSS before LogViewer::follow() (%1 -> %2 MiB; "
                                 "VmHWM %3 MiB then, %4 MiB after the searches); ref = the raw text kubectl wrote (its peak RSS "
                                 "meanwhile: %5 MiB)")
                      .arg(r.value(QLatin1String("rssBeforeMiB")).toDouble(), 0, 'f', 1)
                      .arg(r.value(QLatin1String("rssAfterMiB")).toDouble(), 0, 'f', 1)
                      .arg(r.value(QLatin1String("peakAfterMiB")).toDouble(), 0, 'f', 1)
                      .arg(r.value(QLatin1String("peakEndMiB")).toDouble(), 0, 'f', 1)
                      .arg(k.peakRssMiB, 0, 'f', 1);
    m_table.add(growth);
    hugeLog();
}

// A 10,000,000-line log: memory bounded by model::LogModel's cap (the rest spilled to disk), the
// viewer saying so, and still searchable.
void Bench::hugeLog()
{
    const QString tag = QStringLiteral("log_%1m").arg(m_o.hugeLogLines / 1'000'000);
    const QString rssName = tag + QStringLiteral("_rss_growth");
    if (m_o.hugeLogLines <= 0)
        return;
    note(QStringLiteral("logs: running an application whose driver prints %1 extra lines").arg(m_o.hugeLogLines));
    const QString pod = prepareLogApp(&m_client, m_o.hugeLogLines);
    if (pod.isEmpty()) {
        notMeasured(rssName, QStringLiteral("MiB"), QStringLiteral("the log application did not complete"));
        return;
    }
    Finished s;
    const QJsonObject r = probe(QStringLiteral("logs-probe"), {QStringLiteral("--namespace"), QLatin1String(kLogNamespace), QStringLiteral("--pod"),
                                                              pod, QStringLiteral("--container"), QStringLiteral("spark-kubernetes-driver"),
                                                              QStringLiteral("--search-runs"), QStringLiteral("1")}, &s);
    if (r.contains(QLatin1String("error"))) {
        notMeasured(rssName, QStringLiteral("MiB"), r.value(QLatin1String("error")).toString());
        return;
    }
    const double rows = r.value(QLatin1String("rows")).toDouble();
    const double spilled = r.value(QLatin1String("spilledLines")).toDouble();
    const double capMiB = r.value(QLatin1String("memoryLimitBytes")).toDouble() / 1048576.0;
    note(QStringLiteral("%1: %2").arg(tag, QString::fromUtf8(QJsonDocument(r).toJson(QJsonDocument::Compact))));

    Figure ingest;
    ingest.name = tag + QStringLiteral("_ingest");
    ingest.value = (r.value(QLatin1String("endedNs")).toDouble() - double(s.startNs)) / 1e6;
    ingest.unit = QStringLiteral("ms");
    ingest.what = QStringLiteral("spawn of a process with ui::LogViewer until its LogStream has Ended with all %1 lines in "
                                 "LogModel (as log_ingest; no kubectl run, to keep the run short)")
                      .arg(qint64(rows));
    m_table.add(ingest);

    Figure growth;
    growth.name = rssName;
    growth.value = r.value(QLatin1String("rssAfterMiB")).toDouble() - r.value(QLatin1String("rssBeforeMiB")).toDouble();
    growth.unit = QStringLiteral("MiB");
    growth.kubectl = capMiB;
    growth.refName = QStringLiteral("cap");
    growth.target = Figure::Target::AtMostTimesKubectl;
    growth.limit = 1.5;
    growth.what = QStringLiteral("VmRSS growth as log_rss_growth for %1 lines (VmHWM %2 MiB after the searches); ref = "
                                 "LogModel::memoryLimit(), the text it keeps in memory before spilling to disk")
                      .arg(qint64(rows))
                      .arg(r.value(QLatin1String("peakEndMiB")).toDouble(), 0, 'f', 1);
    m_table.add(growth);

    Figure disk;
    disk.name = tag + QStringLiteral("_spilled");
    disk.value = spilled;
    disk.unit = QStringLiteral("lines");
    disk.kubectl = rows;
    disk.refName = QStringLiteral("rows");
    disk.what = QStringLiteral("lines whose text LogModel keeps in its spill file (of all rows = ref)%1; the viewer's header "
                               "said: \"%2\"")
                    .arg(r.value(QLatin1String("spillError")).toString().isEmpty()
                             ? QString()
                             : QStringLiteral(" (spill error: %1)").arg(r.value(QLatin1String("spillError")).toString()))
                    .arg(r.value(QLatin1String("header")).toString());
    m_table.add(disk);

    Figure says;
    says.name = tag + QStringLiteral("_viewer_says");
    says.value = r.value(QLatin1String("header")).toString().contains(QLatin1String("on disk")) ? 1 : 0;
    says.unit = QStringLiteral("count");
    says.target = Figure::Target::Equals;
    says.limit = spilled > 0 ? 1 : 0;
    says.what = QStringLiteral("1 when the viewer's header says how many lines are on disk (target 1 when lines were spilled)");
    m_table.add(says);

    const QJsonObject searches = r.value(QLatin1String("search")).toObject();
    for (const char* kind : {"plain", "icase", "regex"}) {
        const QJsonObject one = searches.value(QLatin1String(kind)).toObject();
        Figure search;
        search.name = tag + QStringLiteral("_search_") + QLatin1String(kind);
        search.value = one.value(QLatin1String("ms")).toDouble();
        search.unit = QStringLiteral("ms");
        search.what = QStringLiteral("as log_search_%1, one run over all %2 lines, spilled ones read back from disk (%3 hits)")
                          .arg(QLatin1String(kind))
                          .arg(qint64(rows))
                          .arg(one.value(QLatin1String("hits")).toInteger());
        m_table.add(search);
    }
}

int Bench::run()
{
    const QString version = callSync(&m_client, "GET", QStringLiteral("/version")).valueOr({}).object().value(QLatin1String("gitVersion")).toString();
    m_table.header(QStringLiteral("SparkDeck benchmarks: %1 build, %2 CPUs (load average %3, shared), kube-apiserver %4 at %5, %6")
                       .arg(m_o.buildType)
                       .arg(QThread::idealThreadCount())
                       .arg(loadAverage(), version.isEmpty() ? QStringLiteral("?") : version,
                            m_client.connection().server.toString(), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)));
    const QStringList only = m_o.only.split(QLatin1Char(','), Qt::SkipEmptyParts);
    auto wanted = [&](const char* part) { return only.isEmpty() || only.contains(QLatin1String(part)); };
    if (wanted("start"))
        startFigures();
    if (wanted("list") || wanted("idle") || wanted("watch")) {
        if (!prepareApps()) {
            notMeasured(QStringLiteral("list_render"), QStringLiteral("ms"), QStringLiteral("the applications could not be created"));
        } else {
            if (wanted("list"))
                listFigures();
            if (wanted("idle"))
                idleFigures();
            if (wanted("watch"))
                watchFigures();
        }
    }
    if (wanted("replay"))
        for (double rate : std::as_const(m_o.replayRates))
            replayFigures(rate);
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
    // The probes record run history as the window does, into a scratch database of this run.
    qputenv("SPARKDECK_HISTORY_DB", QDir(options.workDir).filePath(QStringLiteral("history.sqlite")).toLocal8Bit());
    Bench bench(options);
    return bench.run();
}

} // namespace bench
