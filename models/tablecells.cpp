#include "models/tablecells.h"

#include "models/sparkapplication.h"

#include <QLocale>

namespace model::cells {

QJsonObject sub(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toObject();
}

QString str(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toString();
}

QDateTime time(const QString& iso)
{
    return QDateTime::fromString(iso, Qt::ISODate);
}

QString age(const QDateTime& t)
{
    return t.isValid() ? humanDuration(t.msecsTo(QDateTime::currentDateTimeUtc())) : QString();
}

QString localTime(const QDateTime& t)
{
    if (!t.isValid())
        return {};
    const QDateTime local = t.toLocalTime();
    return local.date() == QDate::currentDate() ? local.toString(QStringLiteral("HH:mm:ss"))
                                                : QLocale().toString(local, QLocale::ShortFormat);
}

} // namespace model::cells
