#include "app/session/applicationdetails.h"

#include "app/kube/informer.h"
#include "app/kube/logstream.h"
#include "app/kube/portforward.h"
#include "app/kube/sparkapi.h"
#include "app/session/applicationactions.h"
#include "models/applicationsmodel.h"
#include "models/podsmodel.h"
#include "models/eventsmodel.h"
#include "models/sparkapplication.h"
#include "models/yamldocument.h"

#include <QJsonDocument>

namespace session {

namespace {

QString uidOf(const QJsonObject& object)
{
    return object.value(QLatin1String("metadata")).toObject().value(QLatin1String("uid")).toString();
}

} // namespace

ApplicationDetails::ApplicationDetails(kube::KubeClient* client, model::ApplicationsModel* applications, QString ns,
                                       QString name, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_applications(applications)
    , m_ns(std::move(ns))
    , m_name(std::move(name))
    , m_pods(new model::PodsModel(this))
    , m_events(new model::EventsModel(this))
{
    if (m_client) {
        m_podInformer = new kube::Informer(m_client, kube::ResourceKind::pods(), m_ns,
                                           QStringLiteral("%1=%2").arg(QLatin1String(model::spark::kAppNameLabel), m_name), this);
        m_pods->setInformer(m_podInformer);
        connect(m_podInformer, &kube::Informer::added, this, &ApplicationDetails::onPodsChanged);
        connect(m_podInformer, &kube::Informer::updated, this, &ApplicationDetails::onPodsChanged);
        connect(m_podInformer, &kube::Informer::synced, this, &ApplicationDetails::checkListed);
        m_podInformer->start();
    }
    connect(m_applications, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& from, const QModelIndex& to) {
        const int row = m_applications->rowOf(key());
        if (row >= from.row() && row <= to.row()) {
            updateUid();
            emit changed();
        }
    });
    auto rowsChanged = [this] {
        updateUid();
        emit changed();
    };
    connect(m_applications, &QAbstractItemModel::rowsInserted, this, rowsChanged);
    connect(m_applications, &QAbstractItemModel::rowsRemoved, this, rowsChanged);
    connect(m_applications, &QAbstractItemModel::modelReset, this, rowsChanged);
    updateUid();
}

ApplicationDetails::~ApplicationDetails()
{
    stopSparkUi();
    // The models go first: they must not see the informers' last signals.
    m_pods->setInformer(nullptr);
    m_events->setInformer(nullptr);
}

QString ApplicationDetails::key() const
{
    return m_ns + QLatin1Char('/') + m_name;
}

bool ApplicationDetails::listed() const
{
    if (!m_podInformer || !m_podInformer->hasSynced())
        return false;
    for (const kube::Informer* informer : m_eventInformers)
        if (!informer->hasSynced())
            return false;
    return true;
}

void ApplicationDetails::checkListed()
{
    if (listed())
        emit listedChanged();
}

bool ApplicationDetails::exists() const
{
    return m_applications->rowOf(key()) >= 0;
}

QJsonObject ApplicationDetails::object() const
{
    return m_applications->objectAt(m_applications->rowOf(key()));
}

ApplicationFacts ApplicationDetails::facts() const
{
    return applicationFacts(object());
}

QString ApplicationDetails::yaml() const
{
    return exists() ? model::YamlDocument::canonicalYamlOf(object()) : QString();
}

QString ApplicationDetails::cloneYaml() const
{
    return exists() ? cloneYamlOf(object()) : QString();
}

void ApplicationDetails::updateUid()
{
    const QString uid = uidOf(object());
    if (uid.isEmpty() || uid == m_uid)
        return;
    m_uid = uid;
    watchEventsOf(uid);
}

void ApplicationDetails::onPodsChanged()
{
    for (const QJsonObject& pod : m_podInformer->objects())
        watchEventsOf(uidOf(pod));
}

void ApplicationDetails::watchEventsOf(const QString& uid)
{
    if (uid.isEmpty() || !m_client || m_eventInformers.contains(uid))
        return;
    auto* informer = new kube::Informer(m_client, kube::ResourceKind::events(), m_ns, {}, this);
    informer->setFieldSelector(QStringLiteral("involvedObject.uid=") + uid);
    m_eventInformers.insert(uid, informer);
    QSet<QString> uids(m_eventInformers.keyBegin(), m_eventInformers.keyEnd());
    m_events->setInvolvedUids(uids);
    m_events->addInformer(informer);
    connect(informer, &kube::Informer::synced, this, &ApplicationDetails::checkListed);
    informer->start();
}

ApplicationDetails::FirstException ApplicationDetails::firstException()
{
    const ApplicationFacts f = facts();
    const model::ApplicationSummary s = model::ApplicationSummary::from(object());
    if (f.state != QLatin1String("FAILED") || !m_client || s.driverPod.isEmpty())
        return {};
    const QString run = f.uid + QLatin1Char('/') + s.driverPod;
    if (run == m_failureRun)
        return m_firstException;
    m_failureRun = run;
    m_firstException = {};
    m_firstException.state = FirstException::State::Reading;
    kube::fetchFirstException(m_client, m_ns, s.driverPod, QString::fromLatin1(model::spark::kDriverContainer), this,
                              [this, run](const kube::Result<QString>& exception) {
                                  if (run != m_failureRun)
                                      return; // another run by now
                                  if (!exception) {
                                      m_firstException.state = FirstException::State::Unreadable;
                                      m_firstException.error = exception.error();
                                  } else if (!exception->isEmpty()) {
                                      m_firstException.state = FirstException::State::Found;
                                      m_firstException.text = *exception;
                                  } else {
                                      m_firstException.state = FirstException::State::NotFound;
                                  }
                                  emit firstExceptionChanged();
                              });
    return m_firstException;
}

ApplicationDetails::SparkUiState ApplicationDetails::sparkUiState() const
{
    if (!m_portForward)
        return SparkUiState::Off;
    return m_portForward->url().isEmpty() ? SparkUiState::Starting : SparkUiState::Ready;
}

QUrl ApplicationDetails::sparkUiUrl() const
{
    return m_portForward ? m_portForward->url() : QUrl();
}

QString ApplicationDetails::sparkUiService() const
{
    return facts().sparkUiService(m_name);
}

void ApplicationDetails::startSparkUi(const QStringList& kubeconfigFiles, const QString& context)
{
    if (sparkUiState() == SparkUiState::Ready)
        return;
    stopSparkUi();
    m_portForward = new kube::PortForward(kubeconfigFiles, context, m_ns, QStringLiteral("svc/") + sparkUiService(), 4040, this);
    connect(m_portForward, &kube::PortForward::ready, this, [this](const QUrl& url) {
        emit sparkUiStateChanged();
        emit sparkUiReady(url);
    });
    connect(m_portForward, &kube::PortForward::failed, this, [this](const kube::KubeError& why) {
        stopSparkUi();
        emit sparkUiFailed(why.message);
    });
    m_portForward->start();
    emit sparkUiStateChanged();
}

void ApplicationDetails::stopSparkUi()
{
    if (kube::PortForward* pf = m_portForward.data()) {
        m_portForward.clear();
        pf->disconnect(this);
        pf->stop();
        pf->deleteLater();
        emit sparkUiStateChanged();
    }
}

} // namespace session
