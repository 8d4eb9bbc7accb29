#pragma once

// Small readers for the table models' cells: fields of Kubernetes objects as JSON, and times as
// the tables show them. Shared by the informer-backed models; not a public API.

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace model::cells {

/// The object at `key` of `o` (empty when absent or not an object).
QJsonObject sub(const QJsonObject& o, const char* key);
/// The string at `key` of `o` (empty when absent or not a string).
QString str(const QJsonObject& o, const char* key);
/// An RFC 3339 timestamp as Kubernetes writes them; invalid when empty or malformed.
QDateTime time(const QString& iso);
/// How long ago `t` was, in humanDuration() form ("3m 12s"); empty for an invalid time.
QString age(const QDateTime& t);
/// `t` in local time: "HH:mm:ss" when it is today, else the locale's short date and time; empty
/// for an invalid time.
QString localTime(const QDateTime& t);

} // namespace model::cells
