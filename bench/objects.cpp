#include "bench/objects.h"

#include "app/kube/informer.h"
#include "app/kube/kubeconfig.h"
#include "bench/benchutil.h"

#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslKey>
#include <QTimeZone>
#include <QUuid>

#include <functional>

namespace bench {

QString appName(int i)
{
    return QStringLiteral("bench-app-%1").arg(i, 5, 10, QLatin1Char('0'));
}

QString rfc3339(const QDateTime& t)
{
    return t.toTimeZone(QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss'Z'"));
}

// A SparkApplication as people write them (SparkPi with a few Spark settings and labels).
QJsonObject benchApplication(const QString& ns, const QString& name, int i, const QJsonObject& annotations, int executors)
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

namespace {

// What the API server's command line says about its etcd (tests/cluster keeps its pid).
struct Etcd {
    QUrl url;
    QSslConfiguration ssl;
    QString prefix = QStringLiteral("/registry");
};

std::optional<Etcd> etcdOf(const QString& stateDir, QString* error)
{
    QFile pid(stateDir + QStringLiteral("/kube-apiserver.pid"));
    if (!pid.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("no kube-apiserver.pid in %1").arg(stateDir);
        return std::nullopt;
    }
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(QString::fromLatin1(pid.readAll().trimmed())));
    if (!cmdline.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the API server's command line");
        return std::nullopt;
    }
    QHash<QString, QString> flags;
    for (const QByteArray& arg : cmdline.readAll().split('\0')) {
        const qsizetype eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0)
            flags.insert(QString::fromUtf8(arg.mid(2, eq - 2)), QString::fromUtf8(arg.mid(eq + 1)));
    }
    auto read = [](const QString& file) {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    Etcd etcd;
    etcd.url = QUrl(flags.value(QStringLiteral("etcd-servers")).section(QLatin1Char(','), 0, 0));
    if (flags.contains(QStringLiteral("etcd-prefix")))
        etcd.prefix = flags.value(QStringLiteral("etcd-prefix"));
    const auto key = kube::parsePemPrivateKey(read(flags.value(QStringLiteral("etcd-keyfile"))));
    const QList<QSslCertificate> cert = QSslCertificate::fromData(read(flags.value(QStringLiteral("etcd-certfile"))));
    const QList<QSslCertificate> ca = QSslCertificate::fromData(read(flags.value(QStringLiteral("etcd-cafile"))));
    if (!etcd.url.isValid() || !key || cert.isEmpty() || ca.isEmpty()) {
        *error = QStringLiteral("the API server's etcd flags (--etcd-servers, --etcd-cafile, --etcd-certfile, --etcd-keyfile) are not usable");
        return std::nullopt;
    }
    etcd.ssl = QSslConfiguration::defaultConfiguration();
    etcd.ssl.setCaCertificates(ca);
    etcd.ssl.setLocalCertificate(cert.first());
    etcd.ssl.setPrivateKey(*key);
    return etcd;
}

// POSTs `body` to etcd's JSON gateway (`/v3/…`) and waits for the answer.
std::optional<QJsonObject> etcdCall(QNetworkAccessManager* nam, const Etcd& etcd, const QString& path, const QJsonObject& body,
                                    QString* error)
{
    QNetworkRequest request(etcd.url.resolved(QUrl(path)));
    request.setSslConfiguration(etcd.ssl);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false); // etcd's JSON gateway over HTTP/1.1
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply* reply = nam->post(request, json(body));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    if (reply->error() != QNetworkReply::NoError) {
        *error = QStringLiteral("etcd %1: %2 %3").arg(path, reply->errorString(), QString::fromUtf8(reply->readAll().left(300)));
        return std::nullopt;
    }
    return QJsonDocument::fromJson(reply->readAll()).object();
}

QString etcdKey(const Etcd& etcd, const QString& ns, const QString& name)
{
    const kube::ResourceKind kind = kube::ResourceKind::sparkApplications();
    return QStringLiteral("%1/%2/%3/%4/%5").arg(etcd.prefix, kind.group, kind.plural, ns, name);
}

QString base64(const QByteArray& bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}

// Creates applications first .. first+count-1 through the API server, `inFlight` requests at a time.
QString createThroughApi(kube::KubeClient* client, const QString& ns, int first, int count, int total, int inFlightMax)
{
    const kube::ResourceKind kind = kube::ResourceKind::sparkApplications();
    QObject context; // callbacks are dropped if we give up waiting
    int next = first, inFlight = 0, done = 0, failed = 0;
    const int end = first + count;
    QString lastError;
    std::function<void()> pump = [&] {
        while (inFlight < inFlightMax && next < end) {
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
                                const QJsonObject patch{{QStringLiteral("status"), benchStatus(name, i, total)}};
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
    waitUntil([&] { return done + failed == count; }, 1'200'000);
    if (failed > 0 || done != count)
        return QStringLiteral("created %1 of %2 applications through the API; %3 failed (last error: %4)")
            .arg(done).arg(count).arg(failed).arg(lastError);
    return {};
}

// The object the API server would have stored for application `i`, made from `stored`, what it
// stored for another one of the same state.
QJsonObject copyOf(const QJsonObject& stored, const QString& ns, int i, int total)
{
    const QString name = appName(i);
    QJsonObject app = stored;
    const QJsonObject status = benchStatus(name, i, total);
    const QString created = status.value(QLatin1String("lastSubmissionAttemptTime")).toString();
    const QJsonObject fresh = benchApplication(ns, name, i);
    QJsonObject metadata = app.value(QLatin1String("metadata")).toObject();
    metadata.insert(QStringLiteral("name"), name);
    metadata.insert(QStringLiteral("uid"), QUuid::createUuid().toString(QUuid::WithoutBraces));
    metadata.insert(QStringLiteral("creationTimestamp"), created);
    metadata.insert(QStringLiteral("labels"), fresh.value(QLatin1String("metadata")).toObject().value(QLatin1String("labels")));
    QJsonArray managed = metadata.value(QLatin1String("managedFields")).toArray();
    for (QJsonValueRef entry : managed) {
        QJsonObject e = entry.toObject();
        e.insert(QStringLiteral("time"), created);
        entry = e;
    }
    metadata.insert(QStringLiteral("managedFields"), managed);
    metadata.remove(QStringLiteral("resourceVersion"));
    app.insert(QStringLiteral("metadata"), metadata);
    app.insert(QStringLiteral("spec"), fresh.value(QLatin1String("spec")));
    app.insert(QStringLiteral("status"), status);
    return app;
}

} // namespace

Seeded seedApps(kube::KubeClient* client, const QString& stateDir, const QString& ns, int first, int count, int total,
                int apiSample, int inFlight)
{
    Seeded seeded;
    const int sample = qBound(0, apiSample, count);
    qint64 start = monotonicNs();
    if (sample > 0) {
        seeded.error = createThroughApi(client, ns, first, sample, total, inFlight);
        if (!seeded.error.isEmpty())
            return seeded;
    }
    seeded.throughApi = sample;
    seeded.apiSeconds = double(monotonicNs() - start) / 1e9;
    if (sample == count) {
        seeded.ok = true;
        return seeded;
    }
    if (sample == 0) {
        seeded.error = QStringLiteral("no sample created through the API to copy");
        return seeded;
    }

    start = monotonicNs();
    const std::optional<Etcd> etcd = etcdOf(stateDir, &seeded.error);
    if (!etcd)
        return seeded;
    QNetworkAccessManager nam;
    // What the API server stored for the sample, one per state (the state is i % 10).
    QHash<int, QJsonObject> stored;
    for (int k = 0; k < qMin(10, sample); ++k) {
        const auto r = etcdCall(&nam, *etcd, QStringLiteral("/v3/kv/range"),
                                {{QStringLiteral("key"), base64(etcdKey(*etcd, ns, appName(first + k)).toUtf8())}}, &seeded.error);
        if (!r)
            return seeded;
        const QJsonArray kvs = r->value(QLatin1String("kvs")).toArray();
        const QJsonObject object = QJsonDocument::fromJson(QByteArray::fromBase64(kvs.at(0).toObject().value(QLatin1String("value")).toString().toLatin1())).object();
        if (object.isEmpty()) {
            seeded.error = QStringLiteral("%1 is not in etcd under %2 (is the storage encrypted or not JSON?)")
                               .arg(appName(first + k), etcdKey(*etcd, ns, appName(first + k)));
            return seeded;
        }
        stored.insert((first + k) % 10, object);
    }
    // Transactions of 100 puts (etcd allows 128 operations in one), 4 at a time.
    constexpr int kBatch = 100;
    int next = first + sample, inFlightTxns = 0, failed = 0;
    const int end = first + count;
    QObject context;
    std::function<void()> pump = [&] {
        while (inFlightTxns < 4 && next < end && failed == 0) {
            QJsonArray puts;
            for (int n = 0; n < kBatch && next < end; ++n, ++next) {
                const QJsonObject& model = stored.contains(next % 10) ? stored[next % 10] : *stored.cbegin();
                puts.append(QJsonObject{{QStringLiteral("requestPut"),
                                         QJsonObject{{QStringLiteral("key"), base64(etcdKey(*etcd, ns, appName(next)).toUtf8())},
                                                     {QStringLiteral("value"), base64(json(copyOf(model, ns, next, total)))}}}});
            }
            QNetworkRequest request(etcd->url.resolved(QUrl(QStringLiteral("/v3/kv/txn"))));
            request.setSslConfiguration(etcd->ssl);
            request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
            request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
            QNetworkReply* reply = nam.post(request, json({{QStringLiteral("success"), puts}}));
            ++inFlightTxns;
            QObject::connect(reply, &QNetworkReply::finished, &context, [&, reply, size = int(puts.size())] {
                reply->deleteLater();
                --inFlightTxns;
                if (reply->error() != QNetworkReply::NoError) {
                    ++failed;
                    seeded.error = QStringLiteral("etcd txn: %1 %2").arg(reply->errorString(), QString::fromUtf8(reply->readAll().left(300)));
                } else {
                    seeded.throughEtcd += size;
                }
                pump();
            });
        }
    };
    pump();
    waitUntil([&] { return inFlightTxns == 0 && (next >= end || failed > 0); }, 1'200'000);
    seeded.etcdSeconds = double(monotonicNs() - start) / 1e9;
    seeded.ok = failed == 0 && seeded.throughApi + seeded.throughEtcd == count;
    if (!seeded.ok && seeded.error.isEmpty())
        seeded.error = QStringLiteral("wrote %1 of %2 applications to etcd").arg(seeded.throughEtcd).arg(count - sample);
    return seeded;
}

} // namespace bench
