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
    /// Calls `record(QByteArrayView)` for each record `chunk` completes, in order, framed as feed()
    /// frames them but without a copy of each record (only a record split across chunks is
    /// buffered). The view is valid during the call only.
    template <typename F>
    void feedEach(QByteArrayView chunk, F&& record)
    {
        qsizetype start = 0;
        for (qsizetype nl; (nl = chunk.indexOf('\n', start)) >= 0; start = nl + 1) {
            QByteArrayView r = chunk.sliced(start, nl - start);
            const bool joined = !m_buffer.isEmpty();
            if (joined) {
                m_buffer.append(r);
                r = m_buffer;
            }
            if (r.endsWith('\r'))
                r.chop(1);
            record(r);
            if (joined)
                m_buffer.clear();
        }
        m_buffer.append(chunk.sliced(start));
    }
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
