// The commands on existing SparkApplications: list, get, describe, events, delete, rerun, suspend,
// resume. Columns and texts are in applicationprint.cpp; the cluster work is the session layer's
// (ClusterSession, ApplicationActions, ApplicationDetails) and kube::Informer's.

#include "app/cli/applicationprint.h"
#include "app/cli/command.h"
#include "app/cli/interrupt.h"
#include "app/cli/invocation.h"

#include "app/kube/informer.h"
#include "app/kube/kubeclient.h"
#include "app/kube/sparkapi.h"
#include "app/session/applicationactions.h"
#include "app/session/applicationdetails.h"
#include "app/session/clustersession.h"
#include "models/applicationsmodel.h"
#include "models/eventsmodel.h"
#include "models/podsmodel.h"
#include "models/sparkapplication.h"
#include "models/yamldocument.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace cli {

namespace {

using Kind = session::ApplicationActions::Kind;

const QString kApplicationResource = QStringLiteral("sparkapplication.sparkoperator.k8s.io");
const QString kScheduledResource = QStringLiteral("scheduledsparkapplication.sparkoperator.k8s.io");

QString resourceName(Kind kind)
{
    return kind == Kind::Scheduled ? kScheduledResource : kApplicationResource;
}

QString nameOf(const QJsonObject& o) { return o.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString(); }
QString namespaceOf(const QJsonObject& o) { return o.value(QLatin1String("metadata")).toObject().value(QLatin1String("namespace")).toString(); }
QString uidOf(const QJsonObject& o) { return o.value(QLatin1String("metadata")).toObject().value(QLatin1String("uid")).toString(); }

/// `o` without metadata.managedFields, as kubectl prints objects by default.
QJsonObject withoutManagedFields(QJsonObject o)
{
    QJsonObject meta = o.value(QLatin1String("metadata")).toObject();
    meta.remove(QStringLiteral("managedFields"));
    o.insert(QStringLiteral("metadata"), meta);
    return o;
}

QByteArray jsonText(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

/// The objects of `informer` sorted by namespace, then name.
QList<QJsonObject> sortedObjects(const kube::Informer& informer)
{
    QList<QJsonObject> objects = informer.objects().values();
    std::sort(objects.begin(), objects.end(), [](const QJsonObject& a, const QJsonObject& b) {
        return std::make_pair(namespaceOf(a), nameOf(a)) < std::make_pair(namespaceOf(b), nameOf(b));
    });
    return objects;
}

/// kubectl's words for an empty listing.
QString noResourcesText(Invocation& inv)
{
    return inv.allNamespaces() ? QStringLiteral("No resources found")
                               : QStringLiteral("No resources found in %1 namespace.").arg(inv.ns());
}

/// The namespace of a command on one object; nullopt after a usage error for -A.
std::optional<QString> singleNamespace(Invocation& inv)
{
    if (inv.allNamespaces()) {
        inv.usageError(QStringLiteral("-A/--all-namespaces is for list; name the namespace with -n"));
        return std::nullopt;
    }
    return inv.ns();
}


/// Renders the last row of a table made of `previous` rows and `row`, so a line printed later
/// lines up with the lines printed before it (kubectl get -w pads each line on its own).
QString alignedLine(const Terminal& terminal, const QStringList& headers, const QList<QList<Cell>>& previous,
                    const QList<Cell>& row)
{
    Table table(headers);
    for (const auto& r : previous)
        table.addRow(r);
    table.addRow(row);
    const QStringList lines = table.render(terminal).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return lines.isEmpty() ? QString() : lines.constLast();
}

QString rowText(const QList<Cell>& row, int skipColumn)
{
    QStringList texts;
    for (int i = 0; i < row.size(); ++i)
        if (i != skipColumn)
            texts << row.at(i).text;
    return texts.join(QLatin1Char('\t'));
}

// ---------------------------------------------------------------------------------------------
// list

/// One run of `list`: an informer on the SparkApplications (label selector from -l), the table
/// when it has listed, and with -w a line per change until interrupted.
class ListRun : public QObject {
public:
    ListRun(Invocation& inv, kube::KubeClient* client, QStringList states)
        : QObject(&inv), m_inv(inv), m_states(std::move(states))
    {
        const QString output = inv.value(QStringLiteral("output"));
        m_output = output;
        m_columns.allNamespaces = inv.allNamespaces();
        m_columns.wide = output == QLatin1String("wide");
        m_watch = inv.isSet(QStringLiteral("watch"));
        m_noHeaders = inv.isSet(QStringLiteral("no-headers"));
        m_informer = new kube::Informer(client, kube::ResourceKind::sparkApplications(),
                                        inv.allNamespaces() ? QString() : inv.ns(), inv.value(QStringLiteral("selector")), this);
        connect(m_informer, &kube::Informer::synced, this, &ListRun::onSynced);
        connect(m_informer, &kube::Informer::stateChanged, this, &ListRun::onStateChanged);
        if (m_watch) {
            connect(m_informer, &kube::Informer::added, this, [this](const QString& key) { changed(key, m_informer->object(key)); });
            connect(m_informer, &kube::Informer::updated, this, [this](const QString& key) { changed(key, m_informer->object(key)); });
            connect(m_informer, &kube::Informer::removed, this, [this](const QString& key, const QJsonObject& last) { changed(key, last); });
            onInterrupt(this, [this] { m_inv.finish(ExitOk); });
        }
        if (m_watch) {
            // Lines printed later line up with the first ones when the columns are as wide as
            // they will get from the start.
            m_rowKeys << QString();
            m_rows << m_columns.widestRow();
        }
        m_informer->start();
    }

private:
    bool wanted(const QJsonObject& application) const
    {
        return m_states.isEmpty() || m_states.contains(stateOf(application));
    }

    void onStateChanged()
    {
        using State = kube::Informer::State;
        const State state = m_informer->state();
        if (state == State::Failed || (!m_informer->hasSynced() && state == State::Reconnecting)) {
            m_informer->stop();
            m_inv.fail(kube::explainSparkError(m_informer->lastError()));
        } else if (state == State::Reconnecting && !m_warned) {
            m_warned = true;
            m_inv.terminal().error(QStringLiteral("Warning: the watch broke (%1); re-establishing it").arg(m_informer->lastError().summary()));
        } else if (state == State::Live) {
            m_warned = false;
        }
    }

    void onSynced()
    {
        if (m_printedFirst)
            return;
        m_printedFirst = true;
        QList<QJsonObject> items;
        for (const QJsonObject& o : sortedObjects(*m_informer))
            if (wanted(o))
                items << withoutManagedFields(o);
        if (m_output == QLatin1String("json") || m_output == QLatin1String("yaml")) {
            if (m_watch) {
                for (const QJsonObject& o : std::as_const(items))
                    printObject(o);
            } else {
                QJsonArray array;
                for (const QJsonObject& o : std::as_const(items))
                    array.append(o);
                const QJsonObject list{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                       {QStringLiteral("kind"), QStringLiteral("List")},
                                       {QStringLiteral("items"), array},
                                       {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), QString()}}}};
                if (m_output == QLatin1String("json"))
                    m_inv.terminal().write(jsonText(list));
                else
                    m_inv.terminal().print(model::YamlDocument::canonicalYamlOf(list));
            }
        } else if (m_output == QLatin1String("name")) {
            for (const QJsonObject& o : std::as_const(items))
                m_inv.terminal().line(kApplicationResource + QLatin1Char('/') + nameOf(o));
        } else {
            for (const QJsonObject& o : std::as_const(items))
                remember(kube::Informer::keyOf(o), m_columns.row(o));
            if (items.isEmpty()) {
                m_inv.terminal().error(noResourcesText(m_inv));
            } else {
                Table table(m_columns.headers());
                for (const auto& row : std::as_const(m_rows))
                    table.addRow(row);
                QStringList lines = table.render(m_inv.terminal(), m_noHeaders).split(QLatin1Char('\n'));
                lines.removeLast(); // after the last "\n"
                if (m_watch)
                    lines.removeAt(m_noHeaders ? 0 : 1); // the widths' template row
                m_inv.terminal().print(lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
            }
            m_headerShown = !items.isEmpty() || m_noHeaders;
        }
        for (const QJsonObject& o : std::as_const(items))
            m_lastSeen.insert(kube::Informer::keyOf(o), signature(o));
        if (!m_watch)
            m_inv.finish(ExitOk);
    }

    /// What a change must alter to be printed: the row without its age (json/yaml: the
    /// resourceVersion).
    QString signature(const QJsonObject& o) const
    {
        if (m_output == QLatin1String("json") || m_output == QLatin1String("yaml"))
            return o.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
        if (m_output == QLatin1String("name"))
            return nameOf(o);
        return rowText(m_columns.row(o), m_columns.headers().indexOf(QStringLiteral("AGE")));
    }

    void remember(const QString& key, const QList<Cell>& row)
    {
        const int at = m_rowKeys.indexOf(key);
        if (at >= 0) {
            m_rows[at] = row;
        } else {
            m_rowKeys << key;
            m_rows << row;
        }
    }

    void printObject(const QJsonObject& o)
    {
        if (m_output == QLatin1String("json"))
            m_inv.terminal().write(jsonText(o));
        else
            m_inv.terminal().print(QStringLiteral("---\n") + model::YamlDocument::canonicalYamlOf(o));
    }

    void changed(const QString& key, const QJsonObject& object)
    {
        if (!m_printedFirst || object.isEmpty() || !wanted(object))
            return;
        const QString sig = signature(object);
        if (m_lastSeen.value(key) == sig)
            return;
        m_lastSeen.insert(key, sig);
        const QJsonObject o = withoutManagedFields(object);
        if (m_output == QLatin1String("json") || m_output == QLatin1String("yaml")) {
            printObject(o);
        } else if (m_output == QLatin1String("name")) {
            m_inv.terminal().line(kApplicationResource + QLatin1Char('/') + nameOf(o));
        } else {
            const QStringList headers = m_columns.headers();
            const QList<Cell> row = m_columns.row(o);
            if (!m_headerShown) {
                Table table(headers);
                for (const auto& r : std::as_const(m_rows))
                    table.addRow(r);
                table.addRow(row);
                m_inv.terminal().print(table.render(m_inv.terminal()).section(QLatin1Char('\n'), 0, 0) + QLatin1Char('\n'));
                m_headerShown = true;
            }
            m_inv.terminal().line(alignedLine(m_inv.terminal(), headers, m_rows, row));
            remember(key, row);
        }
    }

    Invocation& m_inv;
    QStringList m_states;
    QString m_output;
    ApplicationColumns m_columns;
    bool m_watch = false;
    bool m_noHeaders = false;
    bool m_printedFirst = false;
    bool m_headerShown = false;
    bool m_warned = false;
    kube::Informer* m_informer = nullptr;
    QHash<QString, QString> m_lastSeen;  // key -> signature() last printed
    QStringList m_rowKeys;               // rows printed so far, for alignment
    QList<QList<Cell>> m_rows;
};

void runList(Invocation& inv)
{
    QStringList unknown;
    const QStringList states = stateFilter(inv.values(QStringLiteral("state")), &unknown);
    if (!unknown.isEmpty()) {
        QStringList known;
        for (const QString& state : model::spark::applicationStates())
            known << model::spark::stateLabel(state);
        return inv.usageError(QStringLiteral("unknown state \"%1\"; states: %2").arg(unknown.join(QStringLiteral("\", \"")), known.join(QStringLiteral(", "))));
    }
    kube::KubeClient* client = inv.client();
    if (!client)
        return;
    new ListRun(inv, client, states);
}

// ---------------------------------------------------------------------------------------------
// get

void runGet(Invocation& inv)
{
    const auto ns = singleNamespace(inv);
    kube::KubeClient* client = ns ? inv.client() : nullptr;
    if (!client)
        return;
    getApplication(inv, client, *ns, inv.arguments().constFirst(), [&inv](const QJsonObject& object) {
        const QString output = inv.value(QStringLiteral("output"));
        const QJsonObject o = withoutManagedFields(object);
        if (output == QLatin1String("json")) {
            inv.terminal().write(jsonText(o));
        } else if (output == QLatin1String("yaml")) {
            inv.terminal().print(model::YamlDocument::canonicalYamlOf(o));
        } else if (output == QLatin1String("name")) {
            inv.terminal().line(kApplicationResource + QLatin1Char('/') + nameOf(o));
        } else {
            ApplicationColumns columns;
            columns.wide = output == QLatin1String("wide");
            Table table(columns.headers());
            table.addRow(columns.row(o));
            inv.terminal().print(table.render(inv.terminal(), inv.isSet(QStringLiteral("no-headers"))));
        }
        inv.finish(ExitOk);
    });
}

// ---------------------------------------------------------------------------------------------
// describe, events

/// The live details of one application for describe and events: an informer on just that
/// SparkApplication (field selector metadata.name), the model it feeds and a
/// session::ApplicationDetails on it, whose pods and events have been listed when `ready` runs.
class DetailsRun : public QObject {
public:
    DetailsRun(Invocation& inv, kube::KubeClient* client, QString ns, QString name, std::function<void(DetailsRun&)> ready)
        : QObject(&inv), m_inv(inv), m_client(client), m_ns(std::move(ns)), m_name(std::move(name)), m_ready(std::move(ready))
    {
        m_applications = new model::ApplicationsModel(this);
        m_informer = new kube::Informer(client, kube::ResourceKind::sparkApplications(), m_ns, {}, this);
        m_informer->setFieldSelector(QStringLiteral("metadata.name=") + m_name);
        m_applications->setInformer(m_informer);
        connect(m_informer, &kube::Informer::synced, this, &DetailsRun::onApplicationListed);
        connect(m_informer, &kube::Informer::stateChanged, this, [this] {
            if (!m_informer->hasSynced() && m_informer->state() != kube::Informer::State::Connecting
                && m_informer->lastError().isError())
                m_inv.fail(kube::explainSparkError(m_informer->lastError()));
        });
        // Pods and events are listed within a request's time, or shown as far as they are.
        m_deadline.setSingleShot(true);
        m_deadline.setInterval(std::max(5000, client->requestTimeout() > 0 ? client->requestTimeout() : 30'000));
        connect(&m_deadline, &QTimer::timeout, this, [this] {
            m_inv.terminal().error(QStringLiteral("Warning: not every pod and event could be listed in time; showing what arrived"));
            deliver();
        });
        m_deadline.start();
        m_informer->start();
    }

    session::ApplicationDetails* details() const { return m_details; }
    QString name() const { return m_name; }

private:
    void onApplicationListed()
    {
        if (m_details)
            return;
        if (m_applications->rowOf(m_ns + QLatin1Char('/') + m_name) < 0) {
            // Deleted since it was read: the server's words (NotFound), or it came back meanwhile.
            return getApplication(m_inv, m_client, m_ns, m_name, [this](const QJsonObject&) {
                m_inv.terminal().error(QStringLiteral("error: %1 was deleted and created again while it was being read; try again").arg(m_name));
                m_inv.finish(ExitFailed);
            });
        }
        m_details = new session::ApplicationDetails(m_client, m_applications, m_ns, m_name, this);
        connect(m_details, &session::ApplicationDetails::listedChanged, this, &DetailsRun::deliver);
        if (m_details->listed())
            deliver();
    }

    void deliver()
    {
        if (m_delivered || m_inv.finished())
            return;
        m_delivered = true;
        m_deadline.stop();
        if (!m_details)
            return m_inv.fail(kube::KubeError::network(QStringLiteral("the application could not be listed in time")));
        m_ready(*this);
    }

    Invocation& m_inv;
    kube::KubeClient* m_client;
    QString m_ns;
    QString m_name;
    std::function<void(DetailsRun&)> m_ready;
    model::ApplicationsModel* m_applications = nullptr;
    kube::Informer* m_informer = nullptr;
    session::ApplicationDetails* m_details = nullptr;
    QTimer m_deadline;
    bool m_delivered = false;
};

FirstExceptionText firstExceptionText(const session::ApplicationDetails::FirstException& first)
{
    using State = session::ApplicationDetails::FirstException::State;
    switch (first.state) {
    case State::Found:
        return {QStringLiteral("First exception"), first.text.trimmed()};
    case State::NotFound:
        return {QStringLiteral("First exception"), QStringLiteral("<none in the last 2000 lines of the driver log>")};
    case State::Unreadable:
        return {QStringLiteral("First exception"),
                QStringLiteral("<the driver log cannot be read: %1>")
                    .arg(first.error.httpStatus == 404 ? QStringLiteral("the driver pod is gone") : first.error.summary())};
    case State::Reading:
    case State::NotApplicable:
        break;
    }
    return {};
}

void runDescribe(Invocation& inv)
{
    const auto ns = singleNamespace(inv);
    kube::KubeClient* client = ns ? inv.client() : nullptr;
    if (!client)
        return;
    const QString name = inv.arguments().constFirst();
    getApplication(inv, client, *ns, name, [&inv, client, ns = *ns, name](const QJsonObject&) {
        new DetailsRun(inv, client, ns, name, [&inv](DetailsRun& run) {
            session::ApplicationDetails* details = run.details();
            auto print = [&inv, details] {
                inv.terminal().print(describeApplication(details->object(), *details->pods(), *details->events(),
                                                         firstExceptionText(details->firstException()), inv.terminal()));
                inv.finish(ExitOk);
            };
            if (details->firstException().state != session::ApplicationDetails::FirstException::State::Reading)
                return print();
            QObject::connect(details, &session::ApplicationDetails::firstExceptionChanged, &inv, print);
        });
    });
}

/// `events NAME [-f]`: the table of the application's and its pods' events, then with -f a line
/// per new or changed event.
class EventsPrinter : public QObject {
public:
    EventsPrinter(Invocation& inv, session::ApplicationDetails* details, bool follow)
        : QObject(details), m_inv(inv), m_events(details->events())
    {
        const QList<int> rows = eventRowsOldestFirst(*m_events);
        Table table(eventHeaders());
        for (int r : rows) {
            const QList<Cell> row = eventRow(*m_events, r);
            table.addRow(row);
            m_rows << row;
            m_printed.insert(keyOf(r), signature(r));
        }
        if (rows.isEmpty())
            m_inv.terminal().error(QStringLiteral("No events found for %1 in %2 namespace.").arg(details->name(), details->ns()));
        else
            m_inv.terminal().print(table.render(m_inv.terminal()));
        if (!follow) {
            m_inv.finish(ExitOk);
            return;
        }
        connect(m_events, &QAbstractItemModel::rowsInserted, this, &EventsPrinter::printChanges);
        connect(m_events, &QAbstractItemModel::dataChanged, this, &EventsPrinter::printChanges);
        onInterrupt(this, [this] { m_inv.finish(ExitOk); });
    }

private:
    QString keyOf(int row) const { return m_events->data(m_events->index(row, 0), model::InformerTableModel::KeyRole).toString(); }
    QString signature(int row) const
    {
        return QStringLiteral("%1|%2").arg(m_events->data(m_events->index(row, model::EventsModel::Count)).toInt())
            .arg(m_events->data(m_events->index(row, model::EventsModel::LastSeen), model::InformerTableModel::SortRole).toLongLong());
    }

    void printChanges()
    {
        for (int r : eventRowsOldestFirst(*m_events)) {
            const QString key = keyOf(r);
            const QString sig = signature(r);
            if (m_printed.value(key) == sig)
                continue;
            m_printed.insert(key, sig);
            const QList<Cell> row = eventRow(*m_events, r);
            if (m_rows.isEmpty()) {
                Table table(eventHeaders());
                table.addRow(row);
                m_inv.terminal().print(table.render(m_inv.terminal()));
            } else {
                m_inv.terminal().line(alignedLine(m_inv.terminal(), eventHeaders(), m_rows, row));
            }
            m_rows << row;
        }
    }

    Invocation& m_inv;
    model::EventsModel* m_events;
    QHash<QString, QString> m_printed; // event key -> signature() printed
    QList<QList<Cell>> m_rows;
};

void runEvents(Invocation& inv)
{
    const auto ns = singleNamespace(inv);
    kube::KubeClient* client = ns ? inv.client() : nullptr;
    if (!client)
        return;
    const QString name = inv.arguments().constFirst();
    const bool follow = inv.isSet(QStringLiteral("watch"));
    getApplication(inv, client, *ns, name, [&inv, client, ns = *ns, name, follow](const QJsonObject&) {
        new DetailsRun(inv, client, ns, name, [&inv, follow](DetailsRun& run) { new EventsPrinter(inv, run.details(), follow); });
    });
}

// ---------------------------------------------------------------------------------------------
// delete, rerun, suspend, resume

/// For a destructive command: true when it may go on (--yes, or the user said yes on a terminal).
/// Without a terminal and without --yes it finishes with ExitUsage and says to pass --yes; a "no"
/// finishes with ExitFailed.
bool confirmed(Invocation& inv, const QString& question)
{
    if (inv.isSet(QStringLiteral("yes")))
        return true;
    if (!Terminal::stdinIsTerminal()) {
        inv.terminal().error(QStringLiteral("error: %1 %2 needs confirmation, and standard input is not a terminal to ask on: "
                                            "pass --yes (-y) to go ahead without asking")
                                 .arg(inv.program(), inv.command().name));
        inv.finish(ExitUsage);
        return false;
    }
    if (inv.terminal().confirm(question))
        return true;
    inv.terminal().error(QStringLiteral("Cancelled: nothing was changed."));
    inv.finish(ExitFailed);
    return false;
}

/// Refuses a destructive command before anything is sent when it cannot be confirmed.
bool confirmable(Invocation& inv)
{
    if (inv.isSet(QStringLiteral("yes")) || Terminal::stdinIsTerminal())
        return true;
    return confirmed(inv, {});
}

/// Calls `then` once the session has listed its SparkApplications and ScheduledSparkApplications;
/// finishes the command with the error when either cannot be listed.
void whenListed(Invocation& inv, session::ClusterSession* session, std::function<void()> then)
{
    auto pending = std::make_shared<std::function<void()>>(std::move(then));
    auto check = [&inv, session, pending] {
        if (!*pending || inv.finished())
            return;
        for (kube::Informer* informer : {session->applicationsInformer(), session->scheduledInformer()}) {
            if (!informer)
                return;
            if (!informer->hasSynced()) {
                if (informer->state() != kube::Informer::State::Connecting && informer->lastError().isError())
                    return inv.fail(kube::explainSparkError(informer->lastError()));
                return;
            }
        }
        auto run = std::move(*pending);
        *pending = nullptr;
        run();
    };
    for (kube::Informer* informer : {session->applicationsInformer(), session->scheduledInformer()}) {
        QObject::connect(informer, &kube::Informer::synced, &inv, check);
        QObject::connect(informer, &kube::Informer::stateChanged, &inv, check);
    }
    QTimer::singleShot(0, &inv, check);
}

/// The kind of object `name` names: --scheduled forces ScheduledSparkApplication; else a listed
/// SparkApplication, else (when `scheduledToo`) a listed ScheduledSparkApplication; else the
/// server's answer to a GET of the SparkApplication decides (its NotFound finishes the command).
void resolveKind(Invocation& inv, session::ClusterSession* session, const QString& ns, const QString& name,
                 bool scheduledToo, std::function<void(Kind)> then)
{
    if (scheduledToo && inv.isSet(QStringLiteral("scheduled")))
        return then(Kind::Scheduled);
    whenListed(inv, session, [&inv, session, ns, name, scheduledToo, then] {
        const QString key = ns + QLatin1Char('/') + name;
        if (session->applicationsInformer()->objects().contains(key))
            return then(Kind::Application);
        if (scheduledToo && session->scheduledInformer()->objects().contains(key))
            return then(Kind::Scheduled);
        getApplication(inv, session->client(), ns, name, [then](const QJsonObject&) { then(Kind::Application); });
    });
}

/// Runs the actions one name after another; the exit code is the worst of them.
class DeleteRun : public QObject {
public:
    DeleteRun(Invocation& inv, session::ClusterSession* session, QString ns, QStringList names, Kind kind)
        : QObject(&inv), m_inv(inv), m_actions(new session::ApplicationActions(session, this)), m_ns(std::move(ns)),
          m_names(std::move(names)), m_kind(kind)
    {
        next();
    }

private:
    void next()
    {
        if (m_names.isEmpty())
            return m_inv.finish(m_exit);
        const QString name = m_names.takeFirst();
        m_actions->remove(m_kind, m_ns + QLatin1Char('/') + name, this, [this, name](const kube::KubeError& error) {
            if (error.isError()) {
                m_inv.terminal().error(errorText(kube::explainSparkError(error)));
                m_exit = std::max(m_exit, exitCodeFor(error));
            } else {
                m_inv.terminal().line(QStringLiteral("%1 \"%2\" deleted").arg(resourceName(m_kind), name));
            }
            next();
        });
    }

    Invocation& m_inv;
    session::ApplicationActions* m_actions;
    QString m_ns;
    QStringList m_names;
    Kind m_kind;
    int m_exit = ExitOk;
};

void runDelete(Invocation& inv)
{
    const auto ns = singleNamespace(inv);
    if (!ns || !confirmable(inv))
        return;
    const QStringList names = inv.arguments();
    const Kind kind = inv.isSet(QStringLiteral("scheduled")) ? Kind::Scheduled : Kind::Application;
    session::ClusterSession* session = inv.session();
    if (!session)
        return;
    const QString what = kind == Kind::Scheduled ? QStringLiteral("ScheduledSparkApplication") : QStringLiteral("SparkApplication");
    if (!confirmed(inv, QStringLiteral("Delete %1 %2 in namespace %3?").arg(what, names.join(QStringLiteral(", ")), *ns)))
        return;
    new DeleteRun(inv, session, *ns, names, kind);
}

void runRerun(Invocation& inv)
{
    const auto ns = singleNamespace(inv);
    if (!ns || !confirmable(inv))
        return;
    session::ClusterSession* session = inv.session();
    if (!session)
        return;
    const QString name = inv.arguments().constFirst();
    resolveKind(inv, session, *ns, name, false, [&inv, session, ns = *ns, name](Kind) {
        if (!confirmed(inv, QStringLiteral("Re-run SparkApplication %1 in namespace %2 (it is deleted and created again)?").arg(name, ns)))
            return;
        auto* actions = new session::ApplicationActions(session, &inv);
        const QString key = ns + QLatin1Char('/') + name;
        const QString oldUid = actions->uid(Kind::Application, key);
        actions->rerun(key, oldUid, &inv, [&inv, session, ns, name, oldUid](const kube::KubeError& error) {
            if (error.isError())
                return inv.fail(error);
            getApplication(inv, session->client(), ns, name, [&inv, name](const QJsonObject& created) {
                inv.terminal().line(QStringLiteral("%1 \"%2\" rerun (new uid %3)").arg(kApplicationResource, name, uidOf(created)));
                inv.finish(ExitOk);
            });
        });
    });
}

void runSuspendOrResume(Invocation& inv, bool suspend)
{
    const auto ns = singleNamespace(inv);
    if (!ns || (suspend && !confirmable(inv)))
        return;
    session::ClusterSession* session = inv.session();
    if (!session)
        return;
    const QString name = inv.arguments().constFirst();
    resolveKind(inv, session, *ns, name, true, [&inv, session, ns = *ns, name, suspend](Kind kind) {
        const QString what = kind == Kind::Scheduled ? QStringLiteral("ScheduledSparkApplication") : QStringLiteral("SparkApplication");
        if (suspend && !confirmed(inv, QStringLiteral("Suspend %1 %2 in namespace %3?").arg(what, name, ns)))
            return;
        auto* actions = new session::ApplicationActions(session, &inv);
        actions->setSuspended(kind, ns + QLatin1Char('/') + name, suspend, &inv, [&inv, kind, name, suspend](const kube::KubeError& error) {
            if (error.isError())
                return inv.fail(kube::explainSparkError(error));
            inv.terminal().line(QStringLiteral("%1 \"%2\" %3").arg(resourceName(kind), name, suspend ? QStringLiteral("suspended") : QStringLiteral("resumed")));
            inv.finish(ExitOk);
        });
    });
}

Option outputOption(const QStringList& formats)
{
    return valued({QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("FORMAT"),
                  QStringLiteral("Output format: %1 (default: a table).").arg(formats.join(QStringLiteral(", "))), {}, formats);
}

Option yesOption()
{
    return flag({QStringLiteral("y"), QStringLiteral("yes")},
                QStringLiteral("Do not ask for confirmation (needed when standard input is not a terminal)."));
}

Option scheduledOption(const QString& description)
{
    return flag({QStringLiteral("scheduled")}, description);
}

/// A command on one application named by its argument (NAME).
Command onOneApplication(const QString& name, const QString& summary, const QString& description, QList<Option> options,
                         const QString& example, std::function<void(Invocation&)> run)
{
    Command c;
    c.name = name;
    c.arguments = QStringLiteral("NAME");
    c.summary = summary;
    c.description = description;
    c.options = std::move(options);
    c.examples = {example};
    c.argumentKind = ArgumentKind::Application;
    c.minArguments = c.maxArguments = 1;
    c.run = std::move(run);
    return c;
}

} // namespace

QList<Command> applicationCommands()
{
    const Option noHeaders = flag({QStringLiteral("no-headers")}, QStringLiteral("Print the table without its header line."));
    Command list;
    list.name = QStringLiteral("list");
    list.aliases = {QStringLiteral("ls")};
    list.summary = QStringLiteral("List SparkApplications in the namespace (-A: in all namespaces).");
    list.description = QStringLiteral(
        "Prints the SparkApplications as kubectl get does, sorted by name (by namespace and name with -A): NAME, STATE "
        "(NEW until the operator gives one), ATTEMPTS (submission/execution attempts), START, FINISH and AGE, after the "
        "printer columns of the operator's CRD. -o wide adds DRIVER, EXECUTORS (by state) and ERROR.\n\n"
        "With -w the table is followed by one line per change until Ctrl-C (exit 0). An empty result prints \"No "
        "resources found\" on standard error and exits 0.");
    list.options = {
        valued({QStringLiteral("l"), QStringLiteral("selector")}, QStringLiteral("SELECTOR"),
               QStringLiteral("Label selector, sent to the server (e.g. team=data,env!=prod).")),
        valued({QStringLiteral("state")}, QStringLiteral("STATE"),
               QStringLiteral("Only applications in STATE (repeatable or comma-separated; NEW = no state yet).")),
        flag({QStringLiteral("w"), QStringLiteral("watch")}, QStringLiteral("After the list, print a line per change until interrupted.")),
        outputOption({QStringLiteral("wide"), QStringLiteral("json"), QStringLiteral("yaml"), QStringLiteral("name")}),
        noHeaders,
    };
    list.options[1].repeatable = true;
    list.examples = {QStringLiteral("sparkdeck list"), QStringLiteral("sparkdeck ls -A --state FAILED,SUBMISSION_FAILED"),
                     QStringLiteral("sparkdeck list -l team=data -o name"), QStringLiteral("sparkdeck list -w")};
    list.run = runList;

    const Command get = onOneApplication(
        QStringLiteral("get"), QStringLiteral("Show one SparkApplication (its table row, or the live object as YAML or JSON)."),
        QStringLiteral("Reads the live object from the server. -o yaml prints it as the window's YAML tab shows it."),
        {outputOption({QStringLiteral("wide"), QStringLiteral("json"), QStringLiteral("yaml"), QStringLiteral("name")}), noHeaders},
        QStringLiteral("sparkdeck get spark-pi -o yaml"), runGet);

    const Command describe = onOneApplication(
        QStringLiteral("describe"), QStringLiteral("Describe a SparkApplication: state, driver, executors, pods, events."),
        QStringLiteral("Prints what kubectl describe would, and more: the spec's essentials, the state with its error, attempts and "
                       "times, the driver (pod, Spark UI service and address), executors by state, the application's pods, the "
                       "events of the application and its pods (oldest first), for a FAILED application, the first "
                       "exception in its driver's log and, when it failed or cannot start, a diagnosis: what happened, what "
                       "to change and the spec field."),
        {}, QStringLiteral("sparkdeck describe spark-pi -n spark-jobs"), runDescribe);

    const Command events = onOneApplication(
        QStringLiteral("events"), QStringLiteral("Show the events of a SparkApplication and its pods (-f: keep following)."),
        QStringLiteral("Events whose involved object is the application (this run) or one of its pods, oldest first."),
        {flag({QStringLiteral("f"), QStringLiteral("watch")}, QStringLiteral("Keep printing new events until interrupted."))},
        QStringLiteral("sparkdeck events spark-pi -f"), runEvents);

    Command remove = onOneApplication(
        QStringLiteral("delete"), QStringLiteral("Delete SparkApplications (asks first; -y without asking)."),
        QStringLiteral("Deletes each named application with its pods (propagation Background). Asks on a terminal; without "
                       "one, --yes is required."),
        {yesOption(), scheduledOption(QStringLiteral("The names are ScheduledSparkApplications."))},
        QStringLiteral("sparkdeck delete spark-pi spark-pi-2 --yes"), runDelete);
    remove.arguments = QStringLiteral("NAME...");
    remove.maxArguments = -1;

    const Command rerun = onOneApplication(
        QStringLiteral("rerun"), QStringLiteral("Run a SparkApplication again (delete it and create it anew; asks first)."),
        QStringLiteral("The operator has no re-run API: the application is deleted on the condition that it is still the same "
                       "object (its uid), and created again from its spec once the server reports it gone. Prints the new uid."),
        {yesOption()}, QStringLiteral("sparkdeck rerun spark-pi -y"), runRerun);

    const QString suspendDescription = QStringLiteral("NAME is a SparkApplication, else a ScheduledSparkApplication of that "
                                                      "name (--scheduled: always the latter).");
    const Option scheduled = scheduledOption(QStringLiteral("NAME is a ScheduledSparkApplication."));
    const Command suspend = onOneApplication(
        QStringLiteral("suspend"), QStringLiteral("Suspend a SparkApplication or ScheduledSparkApplication (sets spec.suspend; asks first)."),
        suspendDescription, {yesOption(), scheduled}, QStringLiteral("sparkdeck suspend nightly-report --scheduled -y"),
        [](Invocation& inv) { runSuspendOrResume(inv, true); });
    const Command resume = onOneApplication(
        QStringLiteral("resume"), QStringLiteral("Resume a suspended SparkApplication or ScheduledSparkApplication."),
        suspendDescription, {scheduled}, QStringLiteral("sparkdeck resume nightly-report"),
        [](Invocation& inv) { runSuspendOrResume(inv, false); });

    return {list, get, describe, events, remove, rerun, suspend, resume};
}

} // namespace cli
