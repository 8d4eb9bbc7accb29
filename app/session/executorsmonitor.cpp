#include "app/session/executorsmonitor.h"

#include "app/session/applicationdetails.h"
#include "models/sparkapplication.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace session {

namespace {

constexpr auto kAppPathProperty = "sparkdeckPath";

} // namespace

ExecutorsMonitor::ExecutorsMonitor(QObject* parent) : QObject(parent), m_model(new model::ExecutorsModel(this))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ExecutorsMonitor::poll);
}

ExecutorsMonitor::~ExecutorsMonitor()
{
    stop();
}

void ExecutorsMonitor::setState(State state, const QString& message)
{
    if (state == m_state && message == m_message)
        return;
    m_state = state;
    m_message = message;
    emit stateChanged();
}

void ExecutorsMonitor::clear()
{
    stop();
    m_model->setExecutors({});
    m_samples.clear();
    m_appId.clear();
    m_lastUpdate = {};
}

void ExecutorsMonitor::start(const QUrl& sparkUi)
{
    stop();
    clear();
    begin(sparkUi);
}

void ExecutorsMonitor::begin(const QUrl& base)
{
    m_base = base;
    setState(State::Connecting, tr("Asking the Spark UI at %1 for its executors…").arg(base.toString()));
    poll();
}

void ExecutorsMonitor::start(ApplicationDetails* details, const QStringList& kubeconfigFiles, const QString& context)
{
    stop();
    clear();
    m_base.clear();
    if (!details)
        return;
    m_details = details;
    m_detailsConnections << connect(details, &ApplicationDetails::changed, this, &ExecutorsMonitor::checkApplication);
    m_detailsConnections << connect(details, &QObject::destroyed, this, [this] { stop(); });
    m_kubeconfigFiles = kubeconfigFiles;
    m_context = context;
    m_detailsConnections << connect(details, &ApplicationDetails::sparkUiReady, this, [this](const QUrl& url) {
        if (m_base.isEmpty() && m_state != State::Idle && m_state != State::Ended)
            begin(url);
    });
    // kubectl port-forward ends when the driver refuses a connection (its UI not up yet): start it
    // again after interval().
    m_detailsConnections << connect(details, &ApplicationDetails::sparkUiFailed, this, [this](const QString& why) {
        if (m_state == State::Idle || m_state == State::Ended)
            return;
        abortReply();
        m_base.clear();
        setState(State::Error, tr("The Spark UI port-forward failed: %1 Trying again in %2 s.").arg(why).arg(m_intervalMs / 1000.0));
        m_timer.start(m_intervalMs);
    });
    checkApplication();
    if (m_state == State::Ended)
        return;
    using SparkUi = ApplicationDetails::SparkUiState;
    setState(State::Connecting, tr("Starting kubectl port-forward to the driver's Spark UI (%1)…").arg(details->sparkUiService()));
    if (details->sparkUiState() == SparkUi::Ready)
        begin(details->sparkUiUrl());
    else if (details->sparkUiState() == SparkUi::Off)
        details->startSparkUi(kubeconfigFiles, context);
    // Starting: sparkUiReady() or sparkUiFailed() follows.
}

void ExecutorsMonitor::checkApplication()
{
    if (!m_details)
        return;
    const QString state = m_details->facts().state;
    const bool gone = !m_details->exists();
    if (!gone && !model::spark::isTerminalState(state))
        return;
    m_timer.stop();
    abortReply();
    const QString why = gone ? tr("The application is gone") : tr("The application is %1").arg(state);
    setState(State::Ended, m_lastUpdate.isValid()
                               ? tr("%1: its driver and Spark UI have ended. Executors as last seen at %2.")
                                     .arg(why, m_lastUpdate.toLocalTime().toString(QStringLiteral("HH:mm:ss")))
                               : tr("%1: its driver and Spark UI have ended. Finished applications are in the Spark "
                                    "History Server (Open in History Server).")
                                     .arg(why));
}

void ExecutorsMonitor::stop()
{
    m_timer.stop();
    for (const QMetaObject::Connection& c : std::as_const(m_detailsConnections))
        disconnect(c);
    m_detailsConnections.clear();
    m_details.clear();
    abortReply();
    setState(State::Idle);
}

void ExecutorsMonitor::abortReply()
{
    if (QNetworkReply* r = m_reply.data()) {
        m_reply.clear();
        r->disconnect(this);
        r->abort();
        r->deleteLater();
    }
}

void ExecutorsMonitor::schedule()
{
    if (m_state != State::Idle && m_state != State::Ended)
        m_timer.start(m_intervalMs);
}

void ExecutorsMonitor::poll()
{
    if (m_reply || m_state == State::Idle || m_state == State::Ended)
        return;
    if (m_base.isEmpty()) { // the port-forward ended: start it again
        if (m_details && m_details->sparkUiState() == ApplicationDetails::SparkUiState::Off)
            m_details->startSparkUi(m_kubeconfigFiles, m_context);
        return;
    }
    QUrl url = m_base;
    const QString path = m_appId.isEmpty()
                             ? QStringLiteral("/api/v1/applications")
                             : QStringLiteral("/api/v1/applications/%1/executors").arg(QString::fromLatin1(QUrl::toPercentEncoding(m_appId)));
    url.setPath(m_base.path().chopped(m_base.path().endsWith(QLatin1Char('/')) ? 1 : 0) + path, QUrl::TolerantMode);
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setRawHeader("Accept", "application/json");
    QNetworkReply* reply = m_network.get(request);
    reply->setProperty(kAppPathProperty, path);
    m_reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onReply(reply); });
}

void ExecutorsMonitor::onReply(QNetworkReply* reply)
{
    reply->deleteLater();
    if (reply != m_reply)
        return;
    m_reply.clear();
    const QString path = reply->property(kAppPathProperty).toString();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    const QString where = m_base.toString();
    auto fail = [&](const QString& message) {
        setState(State::Error, message);
        schedule();
    };
    if (reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError)
        return fail(tr("The Spark UI at %1 did not answer within %2 s; asking again.").arg(where).arg(m_timeoutMs / 1000.0));
    if (status == 0 && reply->error() != QNetworkReply::NoError)
        return fail(tr("The Spark UI at %1 cannot be reached (%2): the driver may still be starting, or it has ended.")
                        .arg(where, reply->errorString()));
    if (status != 200) {
        if (status == 404)
            m_appId.clear(); // a new application id, or an old one: read the list again
        return fail(tr("The Spark UI at %1 answered HTTP %2 for %3; asking again.").arg(where).arg(status).arg(path));
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (!doc.isArray())
        return fail(tr("The Spark UI at %1 did not answer %2 with the Spark REST API's JSON (%3): is it a Spark UI?")
                        .arg(where, path,
                             parseError.error != QJsonParseError::NoError ? parseError.errorString() : tr("not a JSON array")));
    const QJsonArray array = doc.array();
    if (m_appId.isEmpty()) {
        const QString id = array.at(0).toObject().value(QLatin1String("id")).toString();
        if (id.isEmpty())
            return fail(tr("The Spark UI at %1 lists no application yet; asking again.").arg(where));
        m_appId = id;
        poll();
        return;
    }
    const QList<model::SparkExecutor> executors = model::parseSparkExecutors(array);
    Sample sample;
    sample.at = QDateTime::currentDateTimeUtc();
    for (const model::SparkExecutor& e : executors) {
        sample.activeTasks += e.activeTasks;
        if (!e.active)
            continue;
        sample.memoryUsed += e.memoryUsed;
        sample.maxMemory += e.maxMemory;
        if (e.id != QLatin1String("driver"))
            ++sample.executors;
    }
    m_model->setExecutors(executors);
    m_samples.append(sample);
    while (m_samples.size() > m_maxSamples)
        m_samples.removeFirst();
    m_lastUpdate = sample.at;
    setState(State::Live);
    emit updated();
    schedule();
}

} // namespace session
