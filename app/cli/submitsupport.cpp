#include "app/cli/submitsupport.h"

#include "models/sparkapplication.h"
#include "models/yamldocument.h"

#include <QDateTime>
#include <QFile>
#include <QRegularExpression>
#include <QTimeZone>


namespace cli {

std::optional<qint64> parseDurationMs(const QString& text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    static const QRegularExpression bare(QStringLiteral("^\\d+$"));
    if (bare.match(t).hasMatch())
        return t.toLongLong() * 1000;
    // Go's time.ParseDuration: one or more decimal numbers, each with a unit.
    static const QRegularExpression part(QStringLiteral("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)"));
    double ms = 0;
    qsizetype at = 0;
    auto it = part.globalMatch(t);
    while (it.hasNext()) {
        const auto m = it.next();
        if (m.capturedStart() != at)
            return std::nullopt;
        at = m.capturedEnd();
        const double n = m.captured(1).toDouble();
        const QString unit = m.captured(2);
        const double scale = unit == QLatin1String("h") ? 3'600'000.0 : unit == QLatin1String("m") ? 60'000.0
                           : unit == QLatin1String("s") ? 1000.0 : unit == QLatin1String("ms") ? 1.0
                           : unit == QLatin1String("ns") ? 1e-6 : 1e-3;
        ms += n * scale;
    }
    if (at != t.size() || at == 0)
        return std::nullopt;
    return qint64(ms);
}

QString Manifest::resource() const
{
    return kind.toLower() + QStringLiteral(".sparkoperator.k8s.io");
}

void Manifest::setNamespace(const QString& namespaceName)
{
    ns = namespaceName;
    QJsonObject metadata = json.value(QLatin1String("metadata")).toObject();
    metadata.insert(QStringLiteral("namespace"), ns);
    json.insert(QStringLiteral("metadata"), metadata);
}

namespace {

/// True when `text` holds nothing but blank lines, comments and document markers.
bool onlyComments(const QString& text)
{
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        const QString t = line.trimmed();
        if (!t.isEmpty() && !t.startsWith(QLatin1Char('#')) && t != QLatin1String("---") && t != QLatin1String("..."))
            return false;
    }
    return true;
}

} // namespace

std::optional<QList<Manifest>> readManifests(const QString& text, const QString& file, const QString& requiredNs,
                                             QString* error)
{
    QList<Manifest> out;
    auto fail = [&](int line, const QString& message) {
        *error = QStringLiteral("%1:%2: %3").arg(file).arg(line).arg(message);
        return std::nullopt;
    };
    for (const model::YamlChunk& chunk : model::splitYamlDocuments(text)) {
        if (onlyComments(chunk.text))
            continue;
        model::YamlError e;
        const auto doc = model::YamlDocument::parse(chunk.text, &e);
        if (!doc) {
            *error = QStringLiteral("%1:%2:%3: %4").arg(file).arg(chunk.firstLine + e.line - 1).arg(e.column).arg(e.message);
            return std::nullopt;
        }
        Manifest m;
        m.firstLine = chunk.firstLine;
        m.kind = doc->text(QStringLiteral("kind"));
        const QString apiVersion = doc->text(QStringLiteral("apiVersion"));
        if ((m.kind != QLatin1String(model::spark::kKind) && m.kind != QLatin1String("ScheduledSparkApplication"))
            || apiVersion != QLatin1String(model::spark::kApiVersion))
            return fail(chunk.firstLine, QStringLiteral("%1 %2 is not a SparkApplication or ScheduledSparkApplication of %3")
                                             .arg(apiVersion.isEmpty() ? QStringLiteral("(no apiVersion)") : apiVersion,
                                                  m.kind.isEmpty() ? QStringLiteral("(no kind)") : m.kind,
                                                  QLatin1String(model::spark::kApiVersion)));
        m.name = doc->text(QStringLiteral("metadata.name"));
        m.generateName = doc->text(QStringLiteral("metadata.generateName"));
        if (m.name.isEmpty() && m.generateName.isEmpty())
            return fail(chunk.firstLine, QStringLiteral("the %1 has no metadata.name (nor metadata.generateName)").arg(m.kind));
        m.ns = doc->text(QStringLiteral("metadata.namespace"));
        if (!requiredNs.isEmpty() && !m.ns.isEmpty() && m.ns != requiredNs)
            return fail(chunk.firstLine, QStringLiteral("the namespace from the provided object \"%1\" does not match the namespace \"%2\"; "
                                                        "pass --namespace=%1 or remove metadata.namespace")
                                             .arg(m.ns, requiredNs));
        m.json = doc->toJson();
        out << m;
    }
    if (out.isEmpty())
        return fail(1, QStringLiteral("no YAML document to submit"));
    return out;
}

std::optional<QString> readYamlInput(const QString& argument, const QString& shownName, QString* error)
{
    QFile f;
    const bool open = argument == QLatin1String("-") ? f.open(stdin, QIODevice::ReadOnly)
                                                      : (f.setFileName(argument), f.open(QIODevice::ReadOnly));
    if (!open) {
        *error = QStringLiteral("cannot read %1: %2").arg(shownName, f.errorString());
        return std::nullopt;
    }
    model::YamlError e;
    const auto bytes = model::readYamlBytes(&f, &e);
    auto text = bytes ? model::decodeYamlBytes(*bytes, &e) : std::nullopt;
    if (!text)
        *error = e.kind == model::YamlErrorKind::NotUtf8 ? e.located(shownName)
                                                           : QStringLiteral("cannot read %1: %2").arg(shownName, e.message);
    return text;
}

QString rfc3339Nano(qint64 nanos)
{
    const qint64 seconds = nanos >= 0 ? nanos / 1'000'000'000 : (nanos - 999'999'999) / 1'000'000'000;
    const qint64 fraction = nanos - seconds * 1'000'000'000;
    QString out = QDateTime::fromSecsSinceEpoch(seconds, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss"));
    return out + QStringLiteral(".%1Z").arg(fraction, 9, 10, QLatin1Char('0'));
}

} // namespace cli
