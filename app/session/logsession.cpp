#include "app/session/logsession.h"

#include "app/kube/kubeclient.h"
#include "models/logmodel.h"
#include "models/podsmodel.h"
#include "models/sparkapplication.h"

#include <QJsonObject>

namespace session {

namespace {

// metadata.creationTimestamp of the pod at `index` of a PodsModel (invalid when it has none).
QDateTime creationTime(const QModelIndex& index)
{
    const QJsonObject pod = index.data(model::PodsModel::ObjectRole).toJsonObject();
    return QDateTime::fromString(pod.value(QLatin1String("metadata")).toObject().value(QLatin1String("creationTimestamp")).toString(),
                                 Qt::ISODate);
}

} // namespace

LogSession::LogSession(QObject* parent)
    : QObject(parent)
    , m_model(new model::LogModel(this))
{
}

LogSession::~LogSession()
{
    // The stream would otherwise report its stop to a half-destroyed session.
    if (kube::LogStream* stream = std::exchange(m_stream, nullptr)) {
        stream->disconnect(this);
        delete stream;
    }
}

void LogSession::setClient(kube::KubeClient* client)
{
    m_client = client;
    clear();
}

void LogSession::setPods(model::PodsModel* pods)
{
    if (m_pods)
        m_pods->disconnect(this);
    m_pods = pods;
    if (pods) {
        connect(pods, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                [this](const QModelIndex&, int first, int last) { onPodsAboutToBeRemoved(first, last); });
        for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
            connect(pods, signal, this, [this] {
                recordPods();
                followNewDriver();
            });
        connect(pods, &QAbstractItemModel::modelReset, this, [this] {
            recordPods();
            followNewDriver();
        });
    }
    recordPods();
}

void LogSession::recordPods()
{
    m_podCreated.clear();
    if (!m_pods)
        return;
    for (int row = 0; row < m_pods->rowCount(); ++row)
        m_podCreated.insert(m_pods->index(row, model::PodsModel::Name).data().toString(), creationTime(m_pods->index(row, 0)));
}

void LogSession::onPodsAboutToBeRemoved(int first, int last)
{
    if (!m_stream || !m_pods)
        return;
    // The informer no longer has the object: go by the row's key and what recordPods() kept.
    for (int row = first; row <= last; ++row) {
        const QString pod = m_pods->index(row, 0).data(model::PodsModel::KeyRole).toString().section(QLatin1Char('/'), 1);
        if (pod != m_stream->options().pod)
            continue;
        m_deletedPod = pod;
        m_deletedCreated = m_podCreated.value(pod);
        m_stream->stop(); // it would wait for a pod that does not come back
        emit stateChanged();
    }
}

void LogSession::followNewDriver()
{
    if (m_deletedPod.isEmpty() || !m_deletedCreated.isValid() || !m_pods || !m_stream)
        return;
    for (int row = 0; row < m_pods->rowCount(); ++row) {
        const QModelIndex name = m_pods->index(row, model::PodsModel::Name);
        const QDateTime created = creationTime(name);
        if (m_pods->index(row, model::PodsModel::Role).data().toString() != QLatin1String("driver") || !created.isValid()
            || created <= m_deletedCreated)
            continue;
        const QString deleted = m_deletedPod;
        const QString ns = m_stream->options().ns;
        QString container = name.data(model::PodsModel::MainContainerRole).toString();
        if (container.isEmpty())
            container = QString::fromLatin1(model::spark::kDriverContainer);
        clear();
        follow(ns, name.data().toString(), container);
        m_notice = tr("pod %1 was deleted (re-run or cleanup); showing the new driver pod %2").arg(deleted, name.data().toString());
        emit stateChanged();
        return;
    }
}

QString LogSession::mainContainerOf(const QString& pod) const
{
    if (m_pods)
        for (int row = 0; row < m_pods->rowCount(); ++row) {
            const QModelIndex index = m_pods->index(row, model::PodsModel::Name);
            if (index.data().toString() == pod) {
                const QString main = index.data(model::PodsModel::MainContainerRole).toString();
                if (!main.isEmpty())
                    return main;
                break;
            }
        }
    // Not known yet: Spark's names.
    return QString::fromLatin1(pod.endsWith(QLatin1String("-driver")) ? model::spark::kDriverContainer
                                                                       : model::spark::kExecutorContainer);
}

QString LogSession::target() const
{
    if (!m_stream)
        return {};
    const auto& o = m_stream->options();
    return o.ns + QLatin1Char('/') + o.pod + QLatin1Char('/') + o.container;
}

kube::LogStream::Options LogSession::streamOptions() const
{
    return m_stream ? m_stream->options() : kube::LogStream::Options{};
}

kube::LogStream::State LogSession::state() const
{
    return m_stream ? m_stream->state() : kube::LogStream::State::Idle;
}

QString LogSession::statusMessage() const
{
    return m_stream ? m_stream->statusMessage() : QString();
}

void LogSession::clear()
{
    const bool had = m_stream != nullptr;
    if (kube::LogStream* stream = std::exchange(m_stream, nullptr)) {
        stream->disconnect(this);
        delete stream;
    }
    m_model->clear();
    m_deletedPod.clear();
    m_deletedCreated = {};
    m_notice.clear();
    if (had)
        emit targetChanged();
    emit stateChanged();
}

void LogSession::follow(const QString& ns, const QString& pod, const QString& container)
{
    if (!m_client)
        return;
    if (target() == ns + QLatin1Char('/') + pod + QLatin1Char('/') + container && state() != kube::LogStream::State::Failed)
        return;
    clear();
    kube::LogStream::Options options;
    options.ns = ns;
    options.pod = pod;
    options.container = container;
    options.follow = m_options.follow;
    options.previous = m_options.previous;
    options.tailLines = m_options.tailLines;
    options.sinceSeconds = m_options.sinceSeconds;
    m_stream = new kube::LogStream(m_client, options, this);
    connect(m_stream, &kube::LogStream::stateChanged, this, &LogSession::stateChanged);
    connect(m_stream, &kube::LogStream::textReceived, m_model,
            [model = m_model](const QByteArray& text, const QList<qint64>& nanos) { model->appendUtf8(text, nanos); });
    m_stream->start();
    emit targetChanged();
    emit stateChanged();
}

void LogSession::reopen()
{
    if (!m_stream)
        return;
    const auto o = m_stream->options();
    clear();
    follow(o.ns, o.pod, o.container);
}

} // namespace session
