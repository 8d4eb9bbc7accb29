#pragma once

#include "models/informertablemodel.h"
#include "models/sparkapplication.h"

#include <QDateTime>
#include <QSet>

namespace model {

/// The live table of SparkApplications: a view of a kube::Informer's store, one row per object,
/// updated as watch events arrive. Columns cover the CRD's printer columns (Suspend, Status,
/// Attempts, Start, Finish, Age) and more. Age and Duration refresh every second; Duration stops at
/// the termination time, and is empty for a finished or suspended application without one (e.g.
/// SUBMISSION_FAILED: nothing ran). Also records, per application, the states it has been seen in
/// (with the time SparkDeck saw each), and calls out applications that no operator picks up: one
/// still without a state unhandledAfter() after its creation (in a namespace the operator is known
/// not to watch; otherwise unhandledAfterUnsure()) gets UnhandledRole text (also the State column's
/// tooltip) saying why and what to do.
class ApplicationsModel : public InformerTableModel {
    Q_OBJECT
public:
    enum Column {
        Name, Namespace, State, Suspend, Type, Attempts, Executors, DriverPod, SparkAppId, Start, Finish, Duration, Age,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role {
        StateRole = FirstCustomRole, ///< QString application state ("" for new)
        DriverPodRole,               ///< QString driver pod name
        ErrorRole,                   ///< QString status.applicationState.errorMessage
        UnhandledRole,               ///< QString: why no operator handles it and the fix; "" when fine
    };

    explicit ApplicationsModel(QObject* parent = nullptr);

    /// One observed state change.
    struct StateChange {
        QDateTime seen;   ///< when SparkDeck saw it (local clock)
        QString state;
    };
    /// The states `key` was seen in, oldest first (the first entry is what the first list showed).
    QList<StateChange> stateHistory(const QString& key) const { return m_history.value(key); }
    /// The summary of `key`'s live object.
    ApplicationSummary summary(const QString& key) const { return m_summaries.value(key); }
    /// The summary of the object of `row`, without a copy; nullptr when `row` is out of range. Valid
    /// until the model changes.
    const ApplicationSummary* summaryAt(int row) const;

    /// What is known about the Spark Operator (kube::probeOperator): `deployment` ("namespace/name",
    /// empty = not found) and the namespaces it watches (empty = all, or unknown). Used to word the
    /// hint of unhandled applications.
    void setOperatorNamespaces(const QString& deployment, const QStringList& watched);
    /// How long (ms since metadata.creationTimestamp) an application in a namespace the operator is
    /// known not to watch (setOperatorNamespaces) may stay without a state before it counts as
    /// unhandled. Default 10 000.
    void setUnhandledAfter(int ms) { m_unhandledAfterMs = ms; checkUnhandled(); }
    int unhandledAfter() const { return m_unhandledAfterMs; }
    /// The same for every other application: the operator watches its namespace, or what it watches
    /// is not known. Longer, because a real operator gives a new application its first state only
    /// when spark-submit returns, which takes tens of seconds on a busy machine. Default 90 000.
    void setUnhandledAfterUnsure(int ms) { m_unsureAfterMs = ms; checkUnhandled(); }
    int unhandledAfterUnsure() const { return m_unsureAfterMs; }
    /// The UnhandledRole text of `key` ("" when it is handled, or not overdue yet).
    QString unhandledHint(const QString& key) const;

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    /// An application became unhandled (see UnhandledRole); emitted once per application.
    void unhandledAppeared(const QString& key);
    /// An application has been without a state for unhandledAfter() ms, whatever is known about the
    /// operator: the moment to find out which namespaces it watches (setOperatorNamespaces), which
    /// decides whether the application counts as unhandled now. Emitted once per application.
    void stillNew(const QString& key);

protected:
    void clockTicked() override { checkUnhandled(); }
    void objectUpdated(const QString& key, const QJsonObject& object) override;

private:
    bool isUnhandled(const ApplicationSummary& s, const QDateTime& now) const;
    void checkUnhandled();

    QHash<QString, ApplicationSummary> m_summaries;
    QSet<QString> m_unhandled;
    QSet<QString> m_stillNew; // keys stillNew() was emitted for
    QString m_operatorDeployment;
    QStringList m_watchedNamespaces;
    int m_unhandledAfterMs = 10000;
    int m_unsureAfterMs = 90000;
    QHash<QString, QList<StateChange>> m_history;
};

} // namespace model
