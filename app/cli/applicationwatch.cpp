#include "app/cli/applicationwatch.h"

#include "app/cli/command.h"
#include "app/cli/invocation.h"
#include "app/kube/informer.h"
#include "app/kube/kubeclient.h"
#include "app/kube/operatorprobe.h"
#include "app/session/applicationfacts.h"
#include "app/session/historyrecorder.h"
#include "models/sparkapplication.h"

#include <QDateTime>

#include <limits>
#include <memory>
#include <utility>

namespace cli {

ApplicationWatch::ApplicationWatch(kube::KubeClient* client, Terminal& terminal, Options options, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_terminal(terminal)
    , m_options(std::move(options))
{
    for (QTimer* t : {&m_timeout, &m_noState, &m_unreachable})
        t->setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (m_ending)
            return;
        say(QStringLiteral("error: timed out waiting for %1 after %2 (state %3); it keeps running: follow it with `%4`")
                             .arg(m_options.name, model::humanDuration(m_elapsed.elapsed()), model::spark::stateLabel(m_state),
                                  m_options.followCommand));
        finish(ExitFailed);
    });
    connect(&m_noState, &QTimer::timeout, this, &ApplicationWatch::hintNoState);
    connect(&m_unreachable, &QTimer::timeout, this, [this] {
        if (m_ending || !m_informer)
            return;
        say(errorText(m_informer->lastError(), QStringLiteral("gave up waiting for %1 after %2 without the cluster")
                                                                 .arg(m_options.name, model::humanDuration(m_options.unreachableMs))));
        say(QStringLiteral("  %1 may still be running: follow it with `%2` once the cluster answers.").arg(m_options.name, m_options.followCommand));
        finish(ExitUnreachable);
    });
}

ApplicationWatch::~ApplicationWatch() = default;

void ApplicationWatch::start()
{
    m_elapsed.start();
    m_informer = new kube::Informer(m_client, kube::ResourceKind::sparkApplications(), m_options.ns, {}, this);
    m_informer->setFieldSelector(QStringLiteral("metadata.name=") + m_options.name);
    // The run history: recorded when it ends (before the handlers below, so that finish() sees it busy).
    m_recorder = new session::HistoryRecorder(session::processHistoryStore(), this);
    m_recorder->follow(m_client, m_informer, history::clusterIdentity(m_client->connection().server), m_client->connection().contextName);
    connect(m_informer, &kube::Informer::added, this, &ApplicationWatch::onObject);
    connect(m_informer, &kube::Informer::updated, this, &ApplicationWatch::onObject);
    connect(m_informer, &kube::Informer::removed, this, [this] {
        if (m_ending)
            return;
        say(QStringLiteral("error: %1 was deleted while waiting for it (state %2)").arg(m_options.name, model::spark::stateLabel(m_state)));
        finish(ExitFailed);
    });
    connect(m_informer, &kube::Informer::synced, this, [this] {
        if (!m_ending && m_informer->objects().isEmpty() && m_seen) {
            say(QStringLiteral("error: %1 is gone (deleted while the cluster was out of reach)").arg(m_options.name));
            finish(ExitFailed);
        }
    });
    connect(m_informer, &kube::Informer::stateChanged, this, &ApplicationWatch::onInformerState);
    if (m_options.timeoutMs > 0)
        m_timeout.start(int(std::min<qint64>(m_options.timeoutMs, std::numeric_limits<int>::max())));
    m_noState.start(int(m_options.noStateHintMs));
    m_informer->start();
}

void ApplicationWatch::interrupt()
{
    if (m_finished)
        return;
    say(QStringLiteral("Stopped waiting: %1 keeps running on the cluster (state %2). Follow it with `%3`.")
                         .arg(m_options.name, model::spark::stateLabel(m_state), m_options.followCommand));
    finish(130);
}

void ApplicationWatch::onInformerState()
{
    using State = kube::Informer::State;
    if (m_finished)
        return;
    switch (m_informer->state()) {
    case State::Live:
        m_unreachable.stop();
        if (m_saidUnreachable)
            say(QStringLiteral("The cluster answers again; still waiting for %1.").arg(m_options.name));
        m_saidUnreachable = false;
        break;
    case State::Reconnecting:
        if (!m_unreachable.isActive() && m_options.unreachableMs > 0 && !m_saidUnreachable)
            m_unreachable.start(int(std::min<qint64>(m_options.unreachableMs, std::numeric_limits<int>::max())));
        if (!m_saidUnreachable) {
            say(QStringLiteral("Warning: lost the cluster (%1); retrying.").arg(m_informer->lastError().summary()));
            m_saidUnreachable = true;
        }
        break;
    case State::Failed:
        if (!m_ending) {
            say(errorText(m_informer->lastError(), QStringLiteral("watching %1").arg(m_options.name)));
            finish(exitCodeFor(m_informer->lastError()));
        }
        break;
    default:
        break;
    }
}

void ApplicationWatch::onObject(const QString& key)
{
    if (m_ending || m_finished)
        return;
    const QJsonObject object = m_informer->object(key);
    const session::ApplicationFacts facts = session::applicationFacts(object);
    const model::ApplicationSummary summary = model::ApplicationSummary::from(object);
    m_seen = true;
    if (!facts.state.isEmpty())
        m_noState.stop();
    QStringList detail;
    if (!facts.driverPod.isEmpty())
        detail << QStringLiteral("driver %1").arg(facts.driverPod);
    if (summary.executorsTotal > 0)
        detail << QStringLiteral("executors %1/%2 running").arg(summary.executorsRunning).arg(summary.executorsTotal);
    const QString previousState = m_state;
    progress(facts.state, detail.join(QStringLiteral("  ")));

    if (m_options.followLog) {
        // A new submission attempt (retry, re-run) starts a new driver: follow it from its start.
        const bool newAttempt = facts.state != previousState && facts.state == QLatin1String("SUBMITTED");
        if (!facts.driverPod.isEmpty() && (facts.driverPod != m_logPod || (newAttempt && m_log && m_log->state() == kube::LogStream::State::Ended)))
            startLog(facts.driverPod);
    }
    if (model::spark::isTerminalState(facts.state))
        ended(facts.state, facts.errorMessage, facts.driverPod);
}

void ApplicationWatch::progress(const QString& state, const QString& detail)
{
    if (m_terminalLines > 0 && state == m_state && detail == m_detail)
        return;
    const bool stateChanged = state != m_state || m_terminalLines == 0;
    const bool toStderr = m_options.followLog;
    const QString time = QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"));
    auto paintState = [&](const QString& s) {
        const QString label = model::spark::stateLabel(s);
        return toStderr ? m_terminal.paintError(label, colourOfState(s)) : m_terminal.paint(label, colourOfState(s));
    };
    QString states = paintState(state);
    if (state != m_state && m_terminalLines > 0)
        states = paintState(m_state) + QStringLiteral(" → ") + states;
    QString line = QStringLiteral("%1  %2  %3").arg(time, m_options.name, states);
    if (!detail.isEmpty())
        line += QStringLiteral("  ") + detail;
    if (toStderr) {
        m_terminal.error(line); // progress on stderr never leaves a line open
    } else if (m_terminal.outIsTerminal()) {
        // One line per state; changes within a state rewrite it.
        m_terminal.print((m_openLine ? (stateChanged ? QStringLiteral("\n") : QStringLiteral("\r\033[K")) : QString()) + line);
        m_openLine = true;
    } else {
        m_terminal.line(line);
    }
    ++m_terminalLines;
    m_state = state;
    m_detail = detail;
}

void ApplicationWatch::startLog(const QString& pod)
{
    delete m_log;
    m_logPod = pod;
    kube::LogStream::Options o;
    o.ns = m_options.ns;
    o.pod = pod;
    o.container = QString::fromLatin1(model::spark::kDriverContainer);
    o.follow = true;
    m_log = new kube::LogStream(m_client, o, this);
    connect(m_log, &kube::LogStream::linesReceived, this, [this](const QStringList& lines) {
        if (m_finished)
            return;
        m_terminal.write((lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8());
    });
    connect(m_log, &kube::LogStream::stateChanged, this, [this] {
        using State = kube::LogStream::State;
        const State s = m_log->state();
        if ((s == State::Failed || s == State::Retrying) && !m_saidLogTrouble && !m_ending) {
            say(QStringLiteral("Warning: the driver's log: %1").arg(m_log->statusMessage()));
            m_saidLogTrouble = true;
        } else if (s == State::Streaming) {
            m_saidLogTrouble = false;
        }
    });
    m_log->start();
}

void ApplicationWatch::afterLogDrained(std::function<void()> then)
{
    using State = kube::LogStream::State;
    if (!m_log || m_log->state() != State::Streaming)
        return then();
    // The state can change before the last lines of the log have arrived: let the stream end (the
    // driver has ended), but not for ever.
    auto done = std::make_shared<bool>(false);
    auto once = [done, then] {
        if (!*done) {
            *done = true;
            then();
        }
    };
    connect(m_log, &kube::LogStream::stateChanged, this, [this, once] {
        if (m_log->state() != State::Streaming)
            once();
    });
    QTimer::singleShot(15'000, this, once);
}

void ApplicationWatch::ended(const QString& state, const QString& errorMessage, const QString& driverPod)
{
    m_ending = true;
    m_timeout.stop();
    m_noState.stop();
    m_unreachable.stop();
    closeLine();
    afterLogDrained([this, state, errorMessage, driverPod] {
        if (m_log)
            m_log->stop();
        if (state == QLatin1String("COMPLETED"))
            return finish(ExitOk);
        say(QStringLiteral("error: %1 %2%3").arg(m_options.name, state,
                                                               errorMessage.isEmpty() ? QString() : QStringLiteral(": ") + errorMessage.trimmed()));
        if (driverPod.isEmpty())
            return finish(ExitFailed);
        kube::fetchFirstException(m_client, m_options.ns, driverPod, QString::fromLatin1(model::spark::kDriverContainer), this,
                                  [this, driverPod](const kube::Result<QString>& exception) {
                                      if (exception && !exception->isEmpty())
                                          say(QStringLiteral("  first exception in the log of %1: %2").arg(driverPod, *exception));
                                      finish(ExitFailed);
                                  });
    });
}

void ApplicationWatch::hintNoState()
{
    if (m_ending || !m_state.isEmpty())
        return;
    const QString ns = m_options.ns;
    kube::probeOperator(m_client, ns, m_options.serviceAccount, this, [this, ns](const kube::Result<kube::OperatorFacts>& r) {
        if (m_ending || m_finished || !m_state.isEmpty())
            return;
        QString why = QStringLiteral("%1 has had no state for %2").arg(m_options.name, model::humanDuration(m_options.noStateHintMs));
        if (r) {
            const kube::OperatorFacts& f = *r;
            if (f.ignoresNamespace(ns))
                why = QStringLiteral("the operator %1 watches only %2").arg(f.operatorDeployment, f.watchedNamespaces.join(QStringLiteral(", ")));
            else if (f.operatorPresence == kube::OperatorPresence::NotFound)
                why += QStringLiteral(" and no Spark Operator controller Deployment is installed");
            else
                why += QStringLiteral(" (is the operator running, and is %1 one of its job namespaces, the chart's spark.jobNamespaces?)").arg(ns);
            if (f.serviceAccountChecked && !f.serviceAccountExists)
                why += QStringLiteral("; the driver's service account %1 does not exist in %2")
                           .arg(m_options.serviceAccount.isEmpty() ? QStringLiteral("default") : m_options.serviceAccount, ns);
        }
        say(QStringLiteral("Warning: no Spark Operator seems to watch namespace %1: %2. Still waiting (Ctrl-C to stop).").arg(ns, why));
    });
}

void ApplicationWatch::closeLine()
{
    if (m_openLine)
        m_terminal.print(QStringLiteral("\n"));
    m_openLine = false;
}

void ApplicationWatch::say(const QString& text)
{
    closeLine();
    m_terminal.error(text);
}

void ApplicationWatch::finish(int code)
{
    closeLine();
    if (m_finished)
        return;
    m_finished = true;
    m_ending = true;
    for (QTimer* t : {&m_timeout, &m_noState, &m_unreachable})
        t->stop();
    if (m_log)
        m_log->stop();
    if (m_informer)
        m_informer->stop();
    // The run history is written before the process ends (given up on after 30 s).
    if (m_recorder && m_recorder->busy()) {
        auto done = std::make_shared<bool>(false);
        const auto emitOnce = [this, code, done] {
            if (!std::exchange(*done, true))
                emit finished(code);
        };
        connect(m_recorder, &session::HistoryRecorder::idle, this, emitOnce);
        QTimer::singleShot(30'000, this, emitOnce);
        return;
    }
    emit finished(code);
}

} // namespace cli
