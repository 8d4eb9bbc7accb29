#include "app/cli/applicationprint.h"

#include "app/session/applicationfacts.h"
#include "models/diagnosis.h"
#include "models/eventsmodel.h"
#include "models/podsmodel.h"
#include "models/sparkapplication.h"

#include <QJsonArray>

#include <algorithm>

namespace cli {

namespace {

QJsonObject sub(const QJsonObject& o, const char* key) { return o.value(QLatin1String(key)).toObject(); }
QString str(const QJsonObject& o, const char* key) { return o.value(QLatin1String(key)).toString(); }

QString orNone(const QString& s) { return s.isEmpty() ? QStringLiteral("<none>") : s; }

QString firstLine(const QString& s) { return s.section(QLatin1Char('\n'), 0, 0).trimmed(); }

/// "2026-11-30T05:55:00Z (3m12s ago)", or "<none>".
QString timeAndAge(const QString& rfc3339)
{
    if (rfc3339.isEmpty())
        return QStringLiteral("<none>");
    const QDateTime t = QDateTime::fromString(rfc3339, Qt::ISODate);
    return t.isValid() ? QStringLiteral("%1 (%2 ago)").arg(rfc3339, kubeAgeSince(t)) : rfc3339;
}

/// Label / value lines aligned as kubectl describe aligns them: values start one column after the
/// longest label of the block; `indent` spaces before each label; a multi-line value continues
/// under its first line.
class Fields {
public:
    explicit Fields(int indent = 0) : m_indent(indent) {}
    void add(const QString& label, const QString& value) { m_rows.append({label, value}); }
    QString render() const
    {
        qsizetype width = 0;
        for (const auto& [label, value] : m_rows)
            width = std::max(width, label.size() + 1);
        QString out;
        const QString pad(m_indent, QLatin1Char(' '));
        for (const auto& [label, value] : m_rows) {
            const QStringList lines = value.split(QLatin1Char('\n'));
            QString head = pad + label + QLatin1Char(':');
            if (!value.isEmpty())
                head += QString(width + 3 - label.size() - 1, QLatin1Char(' ')) + lines.constFirst();
            out += head + QLatin1Char('\n');
            for (qsizetype i = 1; i < lines.size(); ++i)
                out += QString(m_indent + width + 3, QLatin1Char(' ')) + lines.at(i) + QLatin1Char('\n');
        }
        return out;
    }

private:
    int m_indent;
    QList<QPair<QString, QString>> m_rows;
};

/// `table` rendered with two spaces before every line (a section of describe).
QString indented(const Table& table, const Terminal& terminal)
{
    QString out;
    const QStringList lines = table.render(terminal).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString& line : lines)
        out += QStringLiteral("  ") + line + QLatin1Char('\n');
    return out;
}

qint64 sortMs(const QAbstractItemModel& model, int row, int column)
{
    return model.data(model.index(row, column), model::InformerTableModel::SortRole).toLongLong();
}

QString cell(const QAbstractItemModel& model, int row, int column)
{
    return model.data(model.index(row, column), Qt::DisplayRole).toString();
}

} // namespace

QString kubeAge(qint64 ms)
{
    const qint64 seconds = ms / 1000;
    if (seconds < -1)
        return QStringLiteral("<invalid>");
    if (seconds < 0)
        return QStringLiteral("0s");
    if (seconds < 120)
        return QStringLiteral("%1s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 10)
        return seconds % 60 == 0 ? QStringLiteral("%1m").arg(minutes) : QStringLiteral("%1m%2s").arg(minutes).arg(seconds % 60);
    if (minutes < 180)
        return QStringLiteral("%1m").arg(minutes);
    const qint64 hours = minutes / 60;
    if (hours < 8)
        return minutes % 60 == 0 ? QStringLiteral("%1h").arg(hours) : QStringLiteral("%1h%2m").arg(hours).arg(minutes % 60);
    if (hours < 48)
        return QStringLiteral("%1h").arg(hours);
    if (hours < 24 * 8)
        return hours % 24 == 0 ? QStringLiteral("%1d").arg(hours / 24) : QStringLiteral("%1d%2h").arg(hours / 24).arg(hours % 24);
    if (hours < 24 * 365 * 2)
        return QStringLiteral("%1d").arg(hours / 24);
    if (hours < 24 * 365 * 8) {
        const qint64 days = (hours / 24) % 365;
        return days == 0 ? QStringLiteral("%1y").arg(hours / 24 / 365) : QStringLiteral("%1y%2d").arg(hours / 24 / 365).arg(days);
    }
    return QStringLiteral("%1y").arg(hours / 24 / 365);
}

QString kubeAgeSince(const QDateTime& t)
{
    return t.isValid() ? kubeAge(t.msecsTo(QDateTime::currentDateTimeUtc())) : QStringLiteral("<unknown>");
}

QStringList ApplicationColumns::headers() const
{
    QStringList h;
    if (allNamespaces)
        h << QStringLiteral("NAMESPACE");
    h << QStringLiteral("NAME") << QStringLiteral("STATE") << QStringLiteral("ATTEMPTS") << QStringLiteral("START")
      << QStringLiteral("FINISH") << QStringLiteral("AGE");
    if (wide)
        h << QStringLiteral("DRIVER") << QStringLiteral("EXECUTORS") << QStringLiteral("ERROR");
    return h;
}

QList<Cell> ApplicationColumns::row(const QJsonObject& application) const
{
    const model::ApplicationSummary s = model::ApplicationSummary::from(application);
    const QJsonObject status = sub(application, "status");
    QList<Cell> cells;
    if (allNamespaces)
        cells << Cell(s.ns);
    cells << Cell(s.name) << Cell(model::spark::stateLabel(s.state), colourOfState(s.state))
          << Cell(QStringLiteral("%1/%2").arg(s.submissionAttempts).arg(s.executionAttempts))
          << Cell(orNone(str(status, "lastSubmissionAttemptTime"))) << Cell(orNone(str(status, "terminationTime")))
          << Cell(kubeAgeSince(s.created));
    if (wide) {
        const session::ApplicationFacts facts = session::applicationFacts(application);
        QStringList counts;
        for (auto it = facts.executorStateCounts.cbegin(); it != facts.executorStateCounts.cend(); ++it)
            counts << QStringLiteral("%1=%2").arg(it.key()).arg(it.value());
        cells << Cell(orNone(facts.driverPod)) << Cell(orNone(counts.join(QLatin1Char(','))))
              << Cell(s.errorMessage.isEmpty() ? QStringLiteral("<none>") : firstLine(s.errorMessage));
    }
    return cells;
}

QList<Cell> ApplicationColumns::widestRow() const
{
    const QString time(20, QLatin1Char(' ')); // 2026-01-02T03:04:05Z
    QList<Cell> cells;
    if (allNamespaces)
        cells << Cell();
    cells << Cell() << Cell(QString(QStringLiteral("SUBMISSION_FAILED").size(), QLatin1Char(' '))) << Cell() << Cell(time) << Cell(time)
          << Cell(QStringLiteral("      "));
    if (wide)
        cells << Cell() << Cell() << Cell();
    return cells;
}

QStringList stateFilter(const QStringList& values, QStringList* unknown)
{
    const QStringList known = model::spark::applicationStates();
    QStringList states;
    for (const QString& value : values) {
        for (const QString& part : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QString state = part.trimmed().toUpper();
            if (state == QLatin1String("NEW"))
                states << QString();
            else if (known.contains(state))
                states << state;
            else if (unknown)
                *unknown << part.trimmed();
        }
    }
    return states;
}

QString stateOf(const QJsonObject& application)
{
    return str(sub(sub(application, "status"), "applicationState"), "state");
}

QString describeApplication(const QJsonObject& application, const model::PodsModel& pods,
                            const model::EventsModel& events, const FirstExceptionText& firstException,
                            const Terminal& terminal)
{
    const QJsonObject meta = sub(application, "metadata");
    const QJsonObject spec = sub(application, "spec");
    const QJsonObject status = sub(application, "status");
    const model::ApplicationSummary s = model::ApplicationSummary::from(application);
    const session::ApplicationFacts facts = session::applicationFacts(application);

    Fields top;
    top.add(QStringLiteral("Name"), s.name);
    top.add(QStringLiteral("Namespace"), s.ns);
    QStringList labels;
    const QJsonObject labelMap = sub(meta, "labels");
    for (auto it = labelMap.begin(); it != labelMap.end(); ++it)
        labels << QStringLiteral("%1=%2").arg(it.key(), it.value().toString());
    top.add(QStringLiteral("Labels"), labels.isEmpty() ? QStringLiteral("<none>") : labels.join(QLatin1Char('\n')));
    top.add(QStringLiteral("UID"), facts.uid);
    top.add(QStringLiteral("Type"), orNone(str(spec, "type")));
    top.add(QStringLiteral("Mode"), orNone(str(spec, "mode")));
    top.add(QStringLiteral("Image"), orNone(str(spec, "image")));
    if (!str(spec, "mainClass").isEmpty())
        top.add(QStringLiteral("Main class"), str(spec, "mainClass"));
    top.add(QStringLiteral("Main file"), orNone(str(spec, "mainApplicationFile")));
    QStringList arguments;
    for (const QJsonValue& a : spec.value(QLatin1String("arguments")).toArray())
        arguments << a.toString();
    if (!arguments.isEmpty())
        top.add(QStringLiteral("Arguments"), arguments.join(QLatin1Char(' ')));
    top.add(QStringLiteral("Spark version"), orNone(str(spec, "sparkVersion")));
    if (s.suspend)
        top.add(QStringLiteral("Suspend"), QStringLiteral("true"));
    top.add(QStringLiteral("State"), terminal.paint(model::spark::stateLabel(s.state), colourOfState(s.state)));
    if (!s.errorMessage.isEmpty())
        top.add(QStringLiteral("Error"), s.errorMessage.trimmed());
    top.add(QStringLiteral("Attempts"), model::attemptsText(s.submissionAttempts, s.executionAttempts));
    top.add(QStringLiteral("Created"), timeAndAge(str(meta, "creationTimestamp")));
    top.add(QStringLiteral("Submitted"), timeAndAge(str(status, "lastSubmissionAttemptTime")));
    top.add(QStringLiteral("Terminated"), timeAndAge(str(status, "terminationTime")));
    top.add(QStringLiteral("Spark app ID"), orNone(s.sparkApplicationId));
    top.add(QStringLiteral("Submission ID"), orNone(facts.submissionId));
    QString out = top.render();

    out += QStringLiteral("Driver:\n");
    Fields driver(2);
    driver.add(QStringLiteral("Pod"), orNone(facts.driverPod));
    driver.add(QStringLiteral("UI service"), orNone(facts.webUIServiceName));
    driver.add(QStringLiteral("UI address"), orNone(facts.webUIAddress));
    if (!facts.webUIIngressAddress.isEmpty())
        driver.add(QStringLiteral("UI ingress"), facts.webUIIngressAddress);
    out += driver.render();

    if (facts.executorStates.isEmpty()) {
        out += QStringLiteral("Executors:  <none>\n");
    } else {
        out += QStringLiteral("Executors:\n");
        Table executors({QStringLiteral("POD"), QStringLiteral("STATE")});
        for (const auto& [pod, state] : facts.executorStates)
            executors.addRow({Cell(pod), Cell(state, colourOfState(state))});
        out += indented(executors, terminal);
    }

    if (!firstException.heading.isEmpty()) {
        out += firstException.heading + QStringLiteral(":\n");
        for (const QString& line : firstException.text.split(QLatin1Char('\n')))
            out += QStringLiteral("  ") + line + QLatin1Char('\n');
    }

    // Why it failed or cannot start (model::diagnose()), when something is wrong.
    model::DiagnosisInput input;
    input.application = application;
    for (int r = 0; r < pods.rowCount(); ++r)
        input.pods << pods.objectAt(r);
    for (int r = 0; r < events.rowCount(); ++r)
        input.events << events.objectAt(r);
    if (!firstException.text.startsWith(QLatin1Char('<')))
        input.firstException = firstException.text;
    if (const QStringList lines = model::diagnosisLines(model::diagnose(input)); !lines.isEmpty()) {
        out += QStringLiteral("Diagnosis:\n");
        for (const QString& line : lines)
            out += QStringLiteral("  ") + line + QLatin1Char('\n');
    }

    if (pods.rowCount() == 0) {
        out += QStringLiteral("Pods:  <none>\n");
    } else {
        out += QStringLiteral("Pods:\n");
        QList<int> rows;
        for (int r = 0; r < pods.rowCount(); ++r)
            rows << r;
        std::sort(rows.begin(), rows.end(), [&](int a, int b) {
            const auto ka = std::make_pair(sortMs(pods, a, model::PodsModel::Role), cell(pods, a, model::PodsModel::Name));
            const auto kb = std::make_pair(sortMs(pods, b, model::PodsModel::Role), cell(pods, b, model::PodsModel::Name));
            return ka < kb;
        });
        Table table({QStringLiteral("NAME"), QStringLiteral("ROLE"), QStringLiteral("PHASE"), QStringLiteral("RESTARTS"), QStringLiteral("AGE")});
        for (int r : std::as_const(rows)) {
            const qint64 createdMs = -sortMs(pods, r, model::PodsModel::Age);
            table.addRow({cell(pods, r, model::PodsModel::Name), orNone(cell(pods, r, model::PodsModel::Role)),
                          cell(pods, r, model::PodsModel::Phase), cell(pods, r, model::PodsModel::Restarts),
                          createdMs > 0 ? kubeAgeSince(QDateTime::fromMSecsSinceEpoch(createdMs)) : QStringLiteral("<unknown>")});
        }
        out += indented(table, terminal);
    }

    const QList<int> eventRows = eventRowsOldestFirst(events);
    if (eventRows.isEmpty()) {
        out += QStringLiteral("Events:  <none>\n");
    } else {
        out += QStringLiteral("Events:\n");
        Table table({QStringLiteral("TYPE"), QStringLiteral("REASON"), QStringLiteral("AGE"), QStringLiteral("FROM"), QStringLiteral("MESSAGE")});
        for (int r : eventRows) {
            const QJsonObject e = events.data(events.index(r, 0), model::InformerTableModel::ObjectRole).toJsonObject();
            QString from = str(sub(e, "source"), "component");
            if (from.isEmpty())
                from = str(e, "reportingComponent");
            const QList<Cell> row = eventRow(events, r);
            table.addRow({row.at(1), row.at(2), row.at(0), orNone(from), firstLine(row.at(4).text)});
        }
        out += indented(table, terminal);
    }
    return out;
}

QStringList eventHeaders()
{
    return {QStringLiteral("LAST SEEN"), QStringLiteral("TYPE"), QStringLiteral("REASON"), QStringLiteral("OBJECT"), QStringLiteral("MESSAGE")};
}

QList<Cell> eventRow(const model::EventsModel& events, int row)
{
    const qint64 lastMs = sortMs(events, row, model::EventsModel::LastSeen);
    const QString type = cell(events, row, model::EventsModel::Type);
    QString object = cell(events, row, model::EventsModel::Object);
    object = object.section(QLatin1Char('/'), 0, 0).toLower() + QLatin1Char('/') + object.section(QLatin1Char('/'), 1);
    return {Cell(lastMs > 0 ? kubeAgeSince(QDateTime::fromMSecsSinceEpoch(lastMs)) : QStringLiteral("<unknown>")),
            Cell(type, type == QLatin1String("Warning") ? Colour::Yellow : Colour::None),
            Cell(cell(events, row, model::EventsModel::Reason)), Cell(object),
            Cell(cell(events, row, model::EventsModel::Message).simplified())};
}

QList<int> eventRowsOldestFirst(const model::EventsModel& events)
{
    QList<int> rows;
    for (int r = 0; r < events.rowCount(); ++r)
        rows << r;
    std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) {
        return sortMs(events, a, model::EventsModel::LastSeen) < sortMs(events, b, model::EventsModel::LastSeen);
    });
    return rows;
}

} // namespace cli
