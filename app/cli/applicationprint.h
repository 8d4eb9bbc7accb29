#pragma once

// How the application commands print SparkApplications, their pods and events: kubectl's table
// columns and ages, and the text of `describe`. Pure functions of live objects (v1beta2
// SparkApplications, v1 Pods, v1 Events as the API server returns them) and of the session's
// models; no I/O.

#include "app/cli/terminal.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace model {
class EventsModel;
class PodsModel;
}

namespace cli {

/// A duration as kubectl prints ages (apimachinery's duration.HumanDuration): "45s", "3m12s",
/// "15m", "5h3m", "2d4h", "30d", "2y10d"; `ms` in milliseconds ("0s" for up to 2 s in the future,
/// "<invalid>" beyond).
QString kubeAge(qint64 ms);
/// kubeAge() of the time since `t` (UTC or with an offset); "<unknown>" for an invalid time.
QString kubeAgeSince(const QDateTime& t);

/// The columns of `sparkdeck list`: NAMESPACE (with -A), NAME, STATE, ATTEMPTS, START, FINISH, AGE
/// after the operator's CRD printer columns (v2.5.2: Status, Attempts, Start, Finish, Age; START
/// and FINISH are the RFC 3339 strings of status.lastSubmissionAttemptTime / terminationTime as
/// kubectl prints string columns, "<none>" when unset) and `wide` adds DRIVER (driver pod),
/// EXECUTORS ("RUNNING=2,COMPLETED=1", by state) and ERROR (first line of the error message).
struct ApplicationColumns {
    bool allNamespaces = false;
    bool wide = false;

    QStringList headers() const;
    /// The row of `application`; STATE coloured with colourOfState(), "NEW" for no state.
    QList<Cell> row(const QJsonObject& application) const;
    /// A row of blanks as wide as the STATE, START, FINISH and AGE cells of a running application
    /// will get (for `list -w`, whose later lines must line up with the first ones).
    QList<Cell> widestRow() const;
};

/// The state filter of `list --state`: each value ("RUNNING", "new", "COMPLETED,FAILED")
/// split on commas, upper-cased, NEW meaning no state (""). `unknown` gets the values that name no
/// state of model::spark::applicationStates().
QStringList stateFilter(const QStringList& values, QStringList* unknown);
/// status.applicationState.state of `application` ("" when new).
QString stateOf(const QJsonObject& application);

/// The first exception section of `describe`: empty when there is none to show.
struct FirstExceptionText {
    QString heading; ///< "First exception" or the reason it is not shown
    QString text;
};

/// `sparkdeck describe` of `application` as kubectl describe words it: fields, driver, executors,
/// the application's pods (`pods`), its and its pods' events (`events`, oldest first) and, for a
/// failed application, `firstException`, and a "Diagnosis:" section (model::diagnosisLines() of
/// model::diagnose()) when the application failed or cannot start.
QString describeApplication(const QJsonObject& application, const model::PodsModel& pods,
                            const model::EventsModel& events, const FirstExceptionText& firstException,
                            const Terminal& terminal);

/// The columns of `sparkdeck events`: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE (as `kubectl get
/// events`); rows of `events` oldest first. `row` is one row of the model.
QStringList eventHeaders();
QList<Cell> eventRow(const model::EventsModel& events, int row);
/// The rows of `events`, oldest first (by last seen).
QList<int> eventRowsOldestFirst(const model::EventsModel& events);

} // namespace cli
