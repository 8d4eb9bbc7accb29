#pragma once
#include "app/history/historystore.h"
#include "models/diagnosis.h"
#include <QByteArray>

namespace session {

/// What model::diagnose() needs, rebuilt from a run read back from the run history: the stored
/// object and events as they are; one v1 Pod per pod named in `run.podTerminations` (metadata.name,
/// and status.containerStatuses[].state.terminated, or status.reason/message of an evicted pod:
/// the parts of a Pod the store keeps); the first exception of `driverLog` (kube::firstException()
/// over its lines; "" when the log is empty or has none). Nodes are not stored, so none are given.
model::DiagnosisInput diagnosisInputOf(const history::Run& run, const QByteArray& driverLog);

} // namespace session
