#pragma once

#include "app/kube/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QList>

namespace kube {

/// Splits a streamed HTTP body into newline-terminated records, whatever the chunk boundaries:
/// watch events (one JSON object per line, per Kubernetes API concepts: efficient detection of
/// changes) and log lines. Records are returned without their trailing "\n" (and "\r"). Pure data;
/// no errors.
class LineFramer {
public:
    /// Appends `chunk` and returns every record it completed, in order.
    QList<QByteArray> feed(QByteArrayView chunk);
    /// Returns and clears a trailing record that had no newline yet (at end of stream).
    QByteArray takeRemainder();
    /// Bytes buffered waiting for a newline.
    qsizetype pendingBytes() const { return m_buffer.size(); }

private:
    QByteArray m_buffer;
};

/// One decoded watch event (per Kubernetes API concepts: watch events ADDED, MODIFIED, DELETED,
/// BOOKMARK, ERROR).
struct WatchEvent {
    enum class Type { Added, Modified, Deleted, Bookmark, Error };
    Type type = Type::Added;
    QJsonObject object; ///< the resource, or a Status for Error
};

/// Decodes one watch record: the event, or a Kind::Parse error saying why the line is not a JSON
/// object with a known `type` and an `object`. Pure.
Result<WatchEvent> parseWatchEvent(QByteArrayView line);

} // namespace kube
