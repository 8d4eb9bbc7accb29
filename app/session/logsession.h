#pragma once

#include "app/kube/logstream.h"
#include "models/podsmodel.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>

namespace kube {
class KubeClient;
}
namespace model {
class LogModel;
}

namespace session {

/// Follows the log of one container with kube::LogStream and feeds it into model(): which pod and
/// container (driver or executor), follow or read once, the previous instance, tail lines and since
/// seconds. The stream reconnects by itself (see kube::LogStream); follow() after a final failure
/// tries again. With setPods(), a followed pod that is deleted (a re-run, Spark's cleanup of
/// executors) stops being read, its log stays in model() and deletedPod() names it; a driver pod
/// created after it (a re-run's) is then followed and notice() says so. Called and calls back in
/// the thread that owns it.
class LogSession : public QObject {
    Q_OBJECT
public:
    /// How the next stream is opened (LogStream::Options without the target).
    struct Options {
        bool follow = true;
        bool previous = false;
        int tailLines = -1;    ///< -1 = the whole log
        int sinceSeconds = -1; ///< -1 = from the start
    };

    explicit LogSession(QObject* parent = nullptr);
    ~LogSession() override;

    /// The cluster to read from (nullptr = none); stops what is followed.
    void setClient(kube::KubeClient* client);
    kube::KubeClient* client() const { return m_client; }
    /// The pods of the application (driver and executors), watched for deletion and re-runs.
    void setPods(model::PodsModel* pods);
    model::PodsModel* pods() const { return m_pods; }
    model::LogModel* model() const { return m_model; }

    /// Options for the next follow()/reopen().
    void setOptions(const Options& options) { m_options = options; }
    const Options& options() const { return m_options; }

    /// Follows `container` of `ns`/`pod` (clearing the model); does nothing when that is followed
    /// already and has not failed for good. Nothing without a client.
    void follow(const QString& ns, const QString& pod, const QString& container);
    /// Opens the followed target again with the current options.
    void reopen();
    /// Stops and clears the model.
    void clear();

    /// "ns/pod/container" followed, empty when none.
    QString target() const;
    /// The followed stream's options (default when none).
    kube::LogStream::Options streamOptions() const;
    bool isFollowing() const { return m_stream != nullptr; }
    kube::LogStream::State state() const;
    /// What the stream says about its state (waiting reason, error).
    QString statusMessage() const;
    /// The followed pod when it was deleted (its log stays shown), else empty.
    QString deletedPod() const { return m_deletedPod; }
    /// Said before the state (which deleted pod a new driver replaces), else empty.
    QString notice() const { return m_notice; }

    /// The container of `pod` whose log matters: the pods model's main container, else Spark's
    /// (spark-kubernetes-driver for "*-driver", spark-kubernetes-executor otherwise).
    QString mainContainerOf(const QString& pod) const;

signals:
    /// target() changed (follow, clear, a new driver followed).
    void targetChanged();
    /// state(), statusMessage(), deletedPod() or notice() changed.
    void stateChanged();

private:
    void onPodsAboutToBeRemoved(int first, int last);
    void recordPods();
    void followNewDriver();

    QPointer<kube::KubeClient> m_client;
    QPointer<model::PodsModel> m_pods;
    model::LogModel* m_model;
    kube::LogStream* m_stream = nullptr;
    Options m_options;
    QString m_deletedPod;
    QDateTime m_deletedCreated;
    QHash<QString, QDateTime> m_podCreated; // pod name -> creationTimestamp, of the pods model's rows
    QString m_notice;
};

} // namespace session
