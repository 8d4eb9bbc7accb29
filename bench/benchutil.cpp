#include "bench/benchutil.h"

#include "app/kube/kubeconfig.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

extern char** environ;

namespace bench {

qint64 monotonicNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

qint64 wallUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Memory processMemory()
{
    Memory m;
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return m;
    for (const QByteArray& line : f.readAll().split('\n')) {
        // "VmRSS:	  123456 kB"
        auto kib = [&](const char* key) -> std::optional<double> {
            if (!line.startsWith(key))
                return std::nullopt;
            return line.mid(qstrlen(key)).trimmed().split(' ').value(0).toDouble();
        };
        if (const auto v = kib("VmRSS:"))
            m.rssMiB = *v / 1024.0;
        else if (const auto v = kib("VmHWM:"))
            m.peakMiB = *v / 1024.0;
    }
    return m;
}

Finished runProcess(const QStringList& argv, const QString& stdoutFile, const QString& stderrFile)
{
    Finished result;
    QList<QByteArray> args;
    for (const QString& a : argv)
        args << a.toLocal8Bit();
    std::vector<char*> raw;
    for (QByteArray& a : args)
        raw.push_back(a.data());
    raw.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const QByteArray out = stdoutFile.isEmpty() ? QByteArrayLiteral("/dev/null") : stdoutFile.toLocal8Bit();
    const QByteArray err = stderrFile.isEmpty() ? QByteArrayLiteral("/dev/null") : stderrFile.toLocal8Bit();
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);

    pid_t pid = 0;
    result.startNs = monotonicNs();
    const int rc = posix_spawn(&pid, raw[0], &actions, nullptr, raw.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        result.endNs = monotonicNs();
        note(QStringLiteral("cannot start %1: %2").arg(argv.value(0), QString::fromLocal8Bit(std::strerror(rc))));
        return result;
    }
    int status = 0;
    rusage usage{};
    while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
    }
    result.endNs = monotonicNs();
    result.peakRssMiB = double(usage.ru_maxrss) / 1024.0; // Linux reports KiB
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

void printResult(const QJsonObject& result)
{
    std::fprintf(stdout, "RESULT %s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

QJsonObject parseResult(const QByteArray& output)
{
    QJsonObject last;
    for (const QByteArray& line : output.split('\n'))
        if (line.startsWith("RESULT "))
            last = QJsonDocument::fromJson(line.mid(7)).object();
    return last;
}

kube::ClusterConnection connectionFor(const QString& kubeconfig)
{
    kube::KubeconfigError error;
    const auto config = kube::Kubeconfig::load({kubeconfig}, true, &error);
    std::optional<kube::ClusterConnection> connection;
    if (config)
        connection = config->connection({}, &error);
    if (!connection) {
        note(QStringLiteral("error: %1").arg(error.toString()));
        std::exit(2);
    }
    return *connection;
}

kube::Result<kube::KubeResponse> callSync(kube::KubeClient* client, const QByteArray& method, const QString& path,
                                          const QByteArray& body, const QByteArray& contentType)
{
    std::optional<kube::Result<kube::KubeResponse>> response;
    QEventLoop loop;
    client->request(method, path, {}, body, &loop, [&](const kube::Result<kube::KubeResponse>& r) {
        response = r;
        loop.quit();
    }, contentType);
    if (!response)
        loop.exec();
    return *response;
}

bool waitUntil(const std::function<bool()>& done, int timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(10);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    poll.start();
    loop.exec();
    return done();
}

void note(const QString& text)
{
    std::fprintf(stderr, "[bench] %s\n", qPrintable(text));
    std::fflush(stderr);
}

double percentile(QList<double>& values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype rank = qBound<qsizetype>(1, qsizetype(std::ceil(p / 100.0 * double(values.size()))), values.size());
    return values[rank - 1];
}

double median(QList<double> values)
{
    return percentile(values, 50);
}

} // namespace bench
