#include "app/session/sessionmanager.h"
#include "app/session/historyrecorder.h"

#include "models/allapplicationsmodel.h"
#include "models/applicationsmodel.h"
#include "models/clusterlistmodel.h"

namespace session {

using State = model::ClusterListModel::State;
using Phase = ClusterSession::Phase;

namespace {
QString applicationCount(int count)
{
    return count == 1 ? SessionManager::tr("1 application") : SessionManager::tr("%1 applications").arg(count);
}
} // namespace

SessionManager::SessionManager(QObject* parent)
    : QObject(parent)
    , m_list(new model::ClusterListModel(this))
    , m_all(new model::AllApplicationsModel(this))
{
    connect(m_list, &model::ClusterListModel::openChanged, this, &SessionManager::onOpenChanged);
    connect(m_list, &model::ClusterListModel::contextRemoved, this, [this](const QString& context) { close(context); });
}

SessionManager::~SessionManager()
{
    // Sources first, so the merged model does not follow sessions while they go.
    for (const QString& context : m_all->clusters())
        m_all->removeSource(context);
    qDeleteAll(m_owned);
    m_owned.clear();
}

void SessionManager::setKubeconfig(const kube::Kubeconfig& config, bool explicitFiles)
{
    m_explicitFiles = explicitFiles;
    m_list->setKubeconfig(config);
    kubeconfigChanged();
}

void SessionManager::watchFiles(const QStringList& files, bool explicitFiles)
{
    m_explicitFiles = explicitFiles;
    m_list->watchFiles(files, explicitFiles); // loads now and on every change
    kubeconfigChanged();
}

bool SessionManager::reload()
{
    const bool ok = m_list->reload();
    kubeconfigChanged();
    return ok;
}

const std::optional<kube::Kubeconfig>& SessionManager::kubeconfig() const
{
    return m_list->kubeconfig();
}

const kube::KubeconfigError& SessionManager::loadError() const
{
    return m_list->loadError();
}

void SessionManager::kubeconfigChanged()
{
    for (const QString& context : openContexts())
        updateRow(context);
}

ClusterSession* SessionManager::session(const QString& context) const
{
    if (m_current && m_currentContext == context)
        return m_current;
    return m_owned.value(context);
}

QStringList SessionManager::openContexts() const
{
    QStringList out;
    for (const QString& context : m_list->contexts())
        if (session(context))
            out << context;
    // A current session whose context left the kubeconfig is still open.
    if (m_current && !out.contains(m_currentContext))
        out << m_currentContext;
    return out;
}

ClusterSession* SessionManager::open(const QString& context)
{
    if (ClusterSession* existing = session(context))
        return existing;
    const std::optional<kube::Kubeconfig>& config = m_list->kubeconfig();
    if (!config || !config->context(context))
        return nullptr;
    auto* fresh = new ClusterSession(*config, context, std::nullopt, m_explicitFiles, this);
    m_owned.insert(context, fresh); // before setOpen(), whose openChanged() comes back here
    follow(fresh);
    m_list->setOpen(context, true);
    emit sessionOpened(context, fresh);
    return fresh;
}

bool SessionManager::close(const QString& context)
{
    ClusterSession* owned = m_owned.value(context);
    if (!owned)
        return false;
    emit sessionAboutToClose(context, owned);
    m_owned.remove(context);
    m_all->removeSource(context);
    delete owned;
    m_list->setOpen(context, false);
    updateRow(context);
    return true;
}

void SessionManager::onOpenChanged(const QString& context, bool open)
{
    if (open) {
        if (!this->open(context)) // no such context any more: the flag goes back
            m_list->setOpen(context, false);
        return;
    }
    if (m_current && context == m_currentContext) {
        m_list->setOpen(context, true); // the window's context stays open
        return;
    }
    close(context);
}

void SessionManager::setCurrentSession(ClusterSession* session)
{
    if (session == m_current)
        return;
    const QString previous = m_current ? m_currentContext : QString();
    if (m_current) {
        disconnect(m_current, nullptr, this, nullptr);
        if (!m_owned.contains(previous))
            m_all->removeSource(previous);
    }
    m_current = session;
    m_currentContext = session ? session->context() : QString();
    if (session) {
        close(m_currentContext); // replaced by the window's session
        follow(session);
        connect(session, &QObject::destroyed, this, [this, session] {
            if (m_current || m_currentContext.isEmpty() || session == nullptr)
                return;
            const QString gone = m_currentContext;
            m_currentContext.clear();
            m_list->setOpen(gone, false);
            updateRow(gone);
        });
        m_list->setOpen(m_currentContext, true);
    }
    if (!previous.isEmpty() && previous != m_currentContext && !m_owned.contains(previous)) {
        m_list->setOpen(previous, false);
        updateRow(previous);
    }
}

void SessionManager::follow(ClusterSession* session)
{
    const QString context = session->context();
    m_all->addSource(context, session->applications());
    // The run history: every session's applications are recorded (one recorder per session).
    if (!session->findChild<HistoryRecorder*>(QString(), Qt::FindDirectChildrenOnly))
        (new HistoryRecorder(processHistoryStore(), session))->follow(session);
    connect(session, &ClusterSession::connectionStateChanged, this, [this, context] { updateRow(context); });
    connect(session, &ClusterSession::clientChanged, this, [this, context] { updateRow(context); });
    updateRow(context);
}

QString SessionManager::summary(const QString& context) const
{
    const ClusterSession* s = session(context);
    if (!s)
        return model::ClusterListModel::stateText(State::Closed);
    if (!s->client())
        return tr("Failed: %1").arg(s->setupError().message);
    const ClusterSession::ConnectionState state = s->connectionState();
    switch (state.phase) {
    case Phase::Live:
        return tr("Live · %1").arg(applicationCount(state.applicationCount));
    case Phase::Reconnecting:
        return tr("Reconnecting (attempt %1)…").arg(qMax(1, state.attempt));
    case Phase::Failed:
        return tr("Failed: %1").arg(state.error.message);
    case Phase::Connecting:
    case Phase::Stopped:
        break;
    }
    return tr("Connecting…");
}

QString SessionManager::description(const QString& context) const
{
    const ClusterSession* s = session(context);
    if (!s)
        return tr("Not open: check it to watch its applications");
    if (!s->client())
        return s->setupError().message;
    const ClusterSession::ConnectionState state = s->connectionState();
    if (state.error.isError() && !state.text.contains(state.error.message))
        return state.text + QLatin1Char('\n') + state.error.message;
    return state.text;
}

void SessionManager::updateRow(const QString& context)
{
    const ClusterSession* s = session(context);
    if (!s) {
        m_list->setState(context, State::Closed);
        emit stateChanged(context);
        return;
    }
    const int count = int(s->applications()->rowCount());
    if (!s->client()) {
        m_list->setState(context, State::Failed, s->setupError().message, -1);
        emit stateChanged(context);
        return;
    }
    const ClusterSession::ConnectionState state = s->connectionState();
    switch (state.phase) {
    case Phase::Live:
        m_list->setState(context, State::Live, applicationCount(state.applicationCount), state.applicationCount);
        break;
    case Phase::Reconnecting:
        m_list->setState(context, State::Reconnecting,
                         tr("attempt %1: %2").arg(qMax(1, state.attempt)).arg(state.error.message), count);
        break;
    case Phase::Failed:
        m_list->setState(context, State::Failed, state.error.message, count);
        break;
    case Phase::Connecting:
    case Phase::Stopped:
        m_list->setState(context, State::Connecting, {}, -1);
        break;
    }
    emit stateChanged(context);
}

} // namespace session
