#pragma once

#include "app/kube/kubeclient.h"
#include "app/session/clustersession.h"

#include <QObject>
#include <QPointer>

#include <functional>

namespace session {

/// The actions on the SparkApplications and ScheduledSparkApplications of one ClusterSession:
/// delete, re-run, suspend / resume, change a schedule, and the copy to edit for a clone. Objects
/// are named by key ("namespace/name") as the session's models list them. Every asynchronous action
/// reports once through `done` with the error (kind None on success), in `receiver`'s thread, and
/// not at all when `receiver` is destroyed first; an action without a client or without the object
/// reports at once (from the event loop). Nothing here asks the user: the caller confirms first.
class ApplicationActions : public QObject {
    Q_OBJECT
public:
    enum class Kind { Application, Scheduled };
    using Done = std::function<void(const kube::KubeError& error)>;

    /// What the Scheduled tab shows of a ScheduledSparkApplication (empty strings when unset).
    struct Schedule {
        bool exists = false;     ///< the session lists the object
        QString name;
        QString ns;
        QString schedule;        ///< spec.schedule (cron)
        QString timeZone;        ///< spec.timeZone
        bool suspended = false;  ///< spec.suspend
        QString concurrencyPolicy;
        QString scheduleState;   ///< status.scheduleState
        QString reason;          ///< status.reason
        QString lastRunName;     ///< status.lastRunName
    };

    explicit ApplicationActions(ClusterSession* session, QObject* parent = nullptr);

    ClusterSession* session() const { return m_session; }

    /// Deletes the object (DELETE with propagationPolicy Background, so what it owns goes too).
    void remove(Kind kind, const QString& key, QObject* receiver, Done done);

    /// Re-runs SparkApplication `key`, the only way the operator offers (there is no re-run API):
    /// 1. DELETE with preconditions.uid = `uid` (empty = the uid the session lists now), so an object
    ///    that replaced it meanwhile under the same name is never deleted: the server answers 409
    ///    Conflict, which is reported and nothing is created;
    /// 2. waits for the session's applications informer to see that object go (its DELETED event,
    ///    or a list without it), at most rerunTimeoutMs(), else reports a timeout (reason "Timeout");
    /// 3. creates the resubmittable copy (kube::resubmittable) of the object as it was listed.
    /// A 403, network or any other error of a step is reported at once. The applications informer
    /// must watch the object's namespace (it does for every row of the session's model).
    void rerun(const QString& key, const QString& uid, QObject* receiver, Done done);
    void setRerunTimeoutMs(int ms) { m_rerunTimeoutMs = ms; }
    int rerunTimeoutMs() const { return m_rerunTimeoutMs; }

    /// Sets spec.suspend (merge patch).
    void setSuspended(Kind kind, const QString& key, bool suspended, QObject* receiver, Done done);
    /// Sets spec.schedule and spec.timeZone ("" removes it) of ScheduledSparkApplication `key`
    /// (merge patch).
    void setSchedule(const QString& key, const QString& schedule, const QString& timeZone, QObject* receiver, Done done);

    /// metadata.uid of the listed object ("" when not listed).
    QString uid(Kind kind, const QString& key) const;
    /// The listed object's schedule facts.
    Schedule schedule(const QString& key) const;
    /// The listed object as YAML, status included (for a read-only view); "" when not listed.
    QString liveYaml(Kind kind, const QString& key) const;
    /// YAML of a copy to edit and submit: kube::resubmittable() of the listed object under
    /// model::cloneName() of its name; "" when not listed.
    QString cloneYaml(Kind kind, const QString& key) const;

private:
    QJsonObject listed(Kind kind, const QString& key) const;
    void failLater(QObject* receiver, Done done, const kube::KubeError& error);

    QPointer<ClusterSession> m_session;
    int m_rerunTimeoutMs = 60'000;
};

/// The YAML of a copy of SparkApplication (or ScheduledSparkApplication) `object` to submit again:
/// kube::resubmittable() fields only, named model::cloneName() of its name; "" for an empty object.
QString cloneYamlOf(const QJsonObject& object);

} // namespace session
