#include "fuzz/targets.h"

#include "app/kube/execcredential.h"
#include "app/kube/informer.h"
#include "app/kube/kubeconfig.h"
#include "app/kube/kubeerror.h"
#include "app/kube/logstream.h"
#include "app/kube/watchstream.h"
#include "models/cron.h"
#include "models/yamldocument.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTimeZone>

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace fuzz {

namespace {
FailureHandler g_handler = nullptr;

void check(bool ok, const char* what)
{
    if (!ok)
        fuzzFail(what);
}

QByteArrayView bytes(const uint8_t* data, size_t size)
{
    return QByteArrayView(reinterpret_cast<const char*>(data), qsizetype(size));
}

// Splits `stream` into chunks of 1..16 bytes (the size taken from the first byte, so the fuzzer
// chooses it) and frames them; checks that the records are those of framing the stream whole and
// that none holds a newline or ends with "\r". Returns the records plus the unterminated rest.
QList<QByteArray> frameInChunks(QByteArrayView stream)
{
    const qsizetype step = stream.isEmpty() ? 1 : 1 + (uchar(stream[0]) % 16);
    kube::LineFramer chunked;
    QList<QByteArray> records;
    for (qsizetype at = 0; at < stream.size(); at += step)
        records += chunked.feed(stream.sliced(at, qMin(step, stream.size() - at)));
    kube::LineFramer whole;
    QList<QByteArray> once = whole.feed(stream);
    check(records == once, "LineFramer: the records depend on where the chunks split the stream");
    const QByteArray rest = chunked.takeRemainder();
    check(rest == whole.takeRemainder(), "LineFramer: the remainder depends on the chunks");
    check(chunked.pendingBytes() == 0, "LineFramer: takeRemainder() left bytes buffered");
    for (const QByteArray& r : std::as_const(records))
        check(!r.contains('\n'), "LineFramer: a record kept its newline");
    if (!rest.isEmpty())
        records << rest;
    return records;
}

// `nanos` written back as RFC 3339 in UTC with nine fraction digits; empty outside years 0-9999.
QByteArray formatRfc3339Nanos(qint64 nanos)
{
    qint64 seconds = nanos / 1'000'000'000LL, fraction = nanos % 1'000'000'000LL;
    if (fraction < 0) {
        fraction += 1'000'000'000LL;
        --seconds;
    }
    qint64 days = seconds / 86400, secOfDay = seconds % 86400;
    if (secOfDay < 0) {
        secOfDay += 86400;
        --days;
    }
    const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{days}}};
    const int year = int(date.year());
    if (year < 0 || year > 9999)
        return {};
    const unsigned month = unsigned(date.month()), day = unsigned(date.day());
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%09lldZ", year, month, day, secOfDay / 3600,
                  secOfDay / 60 % 60, secOfDay % 60, fraction);
    return QByteArray(text);
}

// parseRfc3339Nanos on `text`; a timestamp it accepts must read back the same from its UTC form.
qint64 checkTimestamp(QByteArrayView text)
{
    const qint64 nanos = kube::parseRfc3339Nanos(text);
    if (nanos == -1)
        return nanos;
    const QByteArray utc = formatRfc3339Nanos(nanos);
    // An offset moves the time by less than a day, so the year stays within one of the text's.
    const int year = text.first(4).toInt(), utcYear = utc.left(4).toInt();
    check(!utc.isEmpty() && utcYear >= year - 1 && utcYear <= year + 1, "parseRfc3339Nanos: a time in another year");
    if (!utc.isEmpty())
        check(kube::parseRfc3339Nanos(utc) == nanos, "parseRfc3339Nanos: a time does not read back from its UTC form");
    return nanos;
}
} // namespace

void setFailureHandler(FailureHandler handler)
{
    g_handler = handler;
}

void fuzzFail(const char* what)
{
    if (g_handler) {
        g_handler(what);
        return;
    }
    std::fprintf(stderr, "fuzz: %s\n", what);
    std::abort();
}

// Kubeconfig::parse on the bytes as one kubeconfig file; then every context it names is resolved
// into a connection (skipped when the cluster or user points at files, which the fuzzer could aim
// at /dev/zero), and a refusal must say why.
int fuzzKubeconfig(const uint8_t* data, size_t size)
{
    kube::KubeconfigError error;
    const auto config = kube::Kubeconfig::parse(bytes(data, size).toByteArray(), QStringLiteral("/fuzz/kubeconfig"), &error);
    if (!config) {
        check(!error.message.isEmpty(), "Kubeconfig::parse failed without a message");
        return 0;
    }
    QStringList names = config->contextNames();
    names << QString(); // the current context
    for (const QString& name : std::as_const(names)) {
        const kube::ContextEntry* ctx = name.isEmpty() ? nullptr : config->context(name);
        if (!name.isEmpty())
            check(ctx != nullptr, "Kubeconfig: a listed context cannot be looked up");
        const QString contextName = ctx ? ctx->name : config->currentContext();
        const kube::ContextEntry* c = config->context(contextName);
        if (c) {
            const kube::ClusterEntry* cl = config->cluster(c->cluster);
            const kube::UserEntry* u = config->user(c->user);
            if ((cl && !cl->certificateAuthorityFile.isEmpty())
                || (u && (!u->clientCertificateFile.isEmpty() || !u->clientKeyFile.isEmpty() || !u->tokenFile.isEmpty())))
                continue;
        }
        kube::KubeconfigError connectionError;
        const auto connection = config->connection(name, &connectionError);
        if (!connection)
            check(!connectionError.message.isEmpty(), "Kubeconfig::connection failed without a message");
    }
    return 0;
}

// YamlDocument::parse on the bytes as UTF-8. What it accepts must be stable: its text (toYaml)
// and its canonical form (canonicalYaml) parse again, to the same JSON, and writing them again
// gives the same text.
int fuzzYamlDocument(const uint8_t* data, size_t size)
{
    const QString text = QString::fromUtf8(bytes(data, size));
    model::YamlError error;
    const auto doc = model::YamlDocument::parse(text, &error);
    if (!doc) {
        check(!error.message.isEmpty(), "YamlDocument::parse failed without a message");
        return 0;
    }
    const QJsonObject json = doc->toJson();

    const QString written = doc->toYaml();
    model::YamlError again;
    const auto reread = model::YamlDocument::parse(written, &again);
    check(reread.has_value(), "YamlDocument: toYaml() does not parse again");
    if (reread) {
        check(reread->toYaml() == written, "YamlDocument: toYaml() of the re-parsed text differs");
        check(reread->toJson() == json, "YamlDocument: the re-parsed toYaml() means something else");
    }

    const QString canonical = doc->canonicalYaml();
    const auto fromCanonical = model::YamlDocument::parse(canonical, &again);
    check(fromCanonical.has_value(), "YamlDocument: canonicalYaml() does not parse again");
    if (fromCanonical) {
        check(fromCanonical->canonicalYaml() == canonical, "YamlDocument: canonicalYaml() is not a fixed point");
        check(fromCanonical->toJson() == json, "YamlDocument: canonicalYaml() means something else");
    }
    return 0;
}

// The bytes as a watch stream in chunks (LineFramer, see frameInChunks), each record decoded by
// parseWatchEvent as the informer does: a decoded event's key, resourceVersion and, for ERROR, its
// Status are read as the informer reads them.
int fuzzWatchStream(const uint8_t* data, size_t size)
{
    for (const QByteArray& line : frameInChunks(bytes(data, size))) {
        if (line.trimmed().isEmpty())
            continue;
        const kube::Result<kube::WatchEvent> event = kube::parseWatchEvent(line);
        if (!event) {
            check(event.error().kind == kube::KubeError::Kind::Parse, "parseWatchEvent: an error that is not Kind::Parse");
            check(!event.error().message.isEmpty(), "parseWatchEvent: an error without a message");
            continue;
        }
        (void)kube::Informer::keyOf(event->object);
        (void)event->object.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
        if (event->type == kube::WatchEvent::Type::Error) {
            const kube::KubeError error = kube::KubeError::fromStatus(event->object);
            (void)error.summary();
            (void)error.details();
        }
    }
    return 0;
}

// The bytes as a log stream with kubelet timestamps, in chunks (see frameInChunks); each line split
// at its first space and the prefix read by parseRfc3339Nanos as LogStream does. A timestamp it
// accepts must read back the same from its UTC form. The lines then go through firstException.
int fuzzLogStream(const uint8_t* data, size_t size)
{
    QStringList lines;
    for (const QByteArray& record : frameInChunks(bytes(data, size))) {
        const qsizetype space = record.indexOf(' ');
        const qint64 nanos = space > 0 ? checkTimestamp(QByteArrayView(record).first(space)) : -1;
        checkTimestamp(record);
        lines << QString::fromUtf8(nanos >= 0 ? record.mid(space + 1) : record);
    }
    (void)kube::firstException(lines);
    return 0;
}

// The first line of the bytes as a cron schedule, the second as spec.timeZone. A schedule
// parseCron accepts is described and its next runs computed; they must come after the start, in
// order. A refusal must say why.
int fuzzCron(const uint8_t* data, size_t size)
{
    const QString text = QString::fromUtf8(bytes(data, size));
    const qsizetype newline = text.indexOf(QLatin1Char('\n'));
    const QString expression = newline < 0 ? text : text.left(newline);
    const QString zone = newline < 0 ? QString() : text.mid(newline + 1).section(QLatin1Char('\n'), 0, 0);
    QString error;
    const auto schedule = model::parseCron(expression, &error);
    if (!schedule) {
        check(!error.isEmpty(), "parseCron failed without a message");
    } else {
        (void)model::describeCron(*schedule);
        const QDateTime from(QDate(2026, 3, 29), QTime(0, 30), QTimeZone::utc());
        const QList<QDateTime> runs = model::nextRuns(*schedule, from, QTimeZone::utc(), 3);
        QDateTime previous = from;
        for (const QDateTime& run : runs) {
            check(run > previous, "nextRuns: a run not after the one before it");
            previous = run;
        }
    }
    if (!zone.isEmpty() && zone.size() < 64) {
        const model::ScheduleSummary summary =
            model::summarizeSchedule(expression, zone, QDateTime(QDate(2026, 10, 25), QTime(0, 0), QTimeZone::utc()), 2);
        check(summary.valid || !summary.error.isEmpty(), "summarizeSchedule: invalid without an error");
    }
    return 0;
}

// The bytes after the first as an exec credential plugin's stdout; the first byte picks the
// apiVersion the plugin was configured with. A refusal is Kind::Credentials with a message.
int fuzzExecCredential(const uint8_t* data, size_t size)
{
    static const QString versions[] = {QStringLiteral("client.authentication.k8s.io/v1"),
                                       QStringLiteral("client.authentication.k8s.io/v1beta1"),
                                       QStringLiteral("client.authentication.k8s.io/v1alpha1")};
    const QString version = size == 0 ? versions[0] : versions[data[0] % 3];
    const QByteArray out = size == 0 ? QByteArray() : bytes(data + 1, size - 1).toByteArray();
    const kube::Result<kube::ExecCredential> credential = kube::ExecCredentialProvider::parseOutput(out, version);
    if (!credential) {
        check(credential.error().kind == kube::KubeError::Kind::Credentials, "parseOutput: an error not of Kind::Credentials");
        check(!credential.error().message.isEmpty(), "parseOutput: an error without a message");
    } else {
        check(!credential->token.isEmpty() || !credential->clientCertificates.isEmpty(),
              "parseOutput: a credential with neither a token nor a certificate");
    }
    return 0;
}

// The bytes after the first two as an HTTP error body, the first two bytes as its status code
// (100-599). KubeError::fromHttp must give an error whose summary and details can be shown, and
// that LogStream::classify can judge.
int fuzzKubeStatus(const uint8_t* data, size_t size)
{
    const int status = size < 2 ? 500 : 100 + (data[0] << 8 | data[1]) % 500;
    const QByteArray body = size < 2 ? QByteArray() : bytes(data + 2, size - 2).toByteArray();
    const kube::KubeError error = kube::KubeError::fromHttp(status, body);
    check(error.isError() || status < 300, "KubeError::fromHttp: an HTTP error status that is no error");
    (void)error.summary();
    (void)error.details();
    (void)kube::LogStream::classify(error, kube::LogStream::Options{});
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (document.isObject())
        (void)kube::KubeError::fromStatus(document.object()).summary();
    return 0;
}

const Target* targets(size_t* count)
{
    static const Target all[] = {
        {"kubeconfig", fuzzKubeconfig}, {"yamldocument", fuzzYamlDocument},   {"watchstream", fuzzWatchStream},
        {"logstream", fuzzLogStream},   {"cron", fuzzCron},                   {"execcredential", fuzzExecCredential},
        {"kubestatus", fuzzKubeStatus},
    };
    *count = std::size(all);
    return all;
}

} // namespace fuzz
