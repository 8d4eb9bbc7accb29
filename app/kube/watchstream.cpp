#include "app/kube/watchstream.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace kube {

QList<QByteArray> LineFramer::feed(QByteArrayView chunk)
{
    QList<QByteArray> records;
    qsizetype start = 0;
    for (;;) {
        const qsizetype nl = chunk.indexOf('\n', start);
        if (nl < 0)
            break;
        QByteArray record = m_buffer.isEmpty() ? chunk.sliced(start, nl - start).toByteArray()
                                               : m_buffer + chunk.sliced(start, nl - start).toByteArray();
        m_buffer.clear();
        if (record.endsWith('\r'))
            record.chop(1);
        records << std::move(record);
        start = nl + 1;
    }
    m_buffer.append(chunk.sliced(start));
    return records;
}

QByteArray LineFramer::takeRemainder()
{
    QByteArray rest;
    rest.swap(m_buffer);
    if (rest.endsWith('\r'))
        rest.chop(1);
    return rest;
}

Result<WatchEvent> parseWatchEvent(QByteArrayView line)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(line.toByteArray(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        return KubeError::parse(QStringLiteral("watch event is not JSON (%1 at byte %2)").arg(pe.errorString()).arg(pe.offset));
    }
    const QJsonObject obj = doc.object();
    const QString type = obj.value(QLatin1String("type")).toString();
    WatchEvent ev;
    if (type == QLatin1String("ADDED"))
        ev.type = WatchEvent::Type::Added;
    else if (type == QLatin1String("MODIFIED"))
        ev.type = WatchEvent::Type::Modified;
    else if (type == QLatin1String("DELETED"))
        ev.type = WatchEvent::Type::Deleted;
    else if (type == QLatin1String("BOOKMARK"))
        ev.type = WatchEvent::Type::Bookmark;
    else if (type == QLatin1String("ERROR"))
        ev.type = WatchEvent::Type::Error;
    else {
        return KubeError::parse(QStringLiteral("unknown watch event type \"%1\"").arg(type));
    }
    const QJsonValue object = obj.value(QLatin1String("object"));
    if (!object.isObject()) {
        return KubeError::parse(QStringLiteral("watch event %1 has no object").arg(type));
    }
    ev.object = object.toObject();
    return ev;
}

} // namespace kube
