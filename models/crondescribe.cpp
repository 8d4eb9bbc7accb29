// Cron schedules, part 3 of 3: short English descriptions (describeCron) and the summary the
// scheduled applications table and the job editor show (summarizeSchedule). Parsing is in
// cronparse.cpp, next run times in cronnext.cpp.
#include "models/cron.h"
#include "models/cronbits.h"

#include <QStringList>

#include <functional>

namespace model {

using cronimpl::allBits;

namespace {

const char* const kMonthLong[] = {"", "January", "February", "March", "April", "May", "June",
                                  "July", "August", "September", "October", "November", "December"};
const char* const kDayLong[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

QList<int> valuesOf(quint64 bits, int min, int max)
{
    QList<int> values;
    for (int v = min; v <= max; ++v) {
        if (bits & (quint64(1) << v))
            values << v;
    }
    return values;
}

// "a", "a and b", "a, b and c".
QString joinEnglish(const QStringList& items)
{
    if (items.size() <= 1)
        return items.value(0);
    return items.mid(0, items.size() - 1).join(QLatin1String(", ")) + QLatin1String(" and ") + items.last();
}

// Values grouped into runs: 3 or more consecutive values read "x to y". nullopt when more than
// `maxItems` items would be listed.
std::optional<QStringList> groupRuns(const QList<int>& values, const std::function<QString(int)>& name,
                                     int maxItems)
{
    QStringList items;
    for (qsizetype i = 0; i < values.size();) {
        qsizetype j = i;
        while (j + 1 < values.size() && values[j + 1] == values[j] + 1)
            ++j;
        if (j - i >= 2) {
            items << name(values[i]) + QLatin1String(" to ") + name(values[j]);
        } else {
            for (qsizetype k = i; k <= j; ++k)
                items << name(values[k]);
        }
        i = j + 1;
    }
    if (items.size() > maxItems)
        return std::nullopt;
    return items;
}

QString twoDigits(int v)
{
    return QStringLiteral("%1").arg(v, 2, 10, QLatin1Char('0'));
}

// The step n when `values` is exactly min, min+n, min+2n, ... up to max (n > 1), else 0.
int stepOf(const QList<int>& values, int min, int max)
{
    if (values.size() < 2 || values.first() != min)
        return 0;
    const int n = values[1] - values[0];
    if (n < 2)
        return 0;
    QList<int> expected;
    for (int v = min; v <= max; v += n)
        expected << v;
    return expected == values ? n : 0;
}

struct TimePhrase {
    QString text;
    bool atTimes; // "at 02:30" (needs "every day") rather than "every 15 minutes"
};

std::optional<TimePhrase> describeTime(const CronSchedule& s)
{
    const QList<int> minutes = valuesOf(s.minutes, 0, 59);
    const QList<int> hours = valuesOf(s.hours, 0, 23);
    const bool allMinutes = minutes.size() == 60;
    const bool allHours = hours.size() == 24;
    const int minuteStep = stepOf(minutes, 0, 59);
    const int hourStep = stepOf(hours, 0, 23);
    const bool hoursContiguous = !hours.isEmpty() && hours.last() - hours.first() + 1 == hours.size();

    QString every;
    if (allMinutes)
        every = QStringLiteral("every minute");
    else if (minuteStep)
        every = QStringLiteral("every %1 minutes").arg(minuteStep);
    if (!every.isEmpty() && allHours)
        return TimePhrase{every, false};
    if (minutes.size() == 1) {
        const QString atMinute = minutes.first() == 0
                                     ? QString()
                                     : QStringLiteral(" at minute %1").arg(minutes.first());
        if (allHours)
            return TimePhrase{QStringLiteral("every hour") + atMinute, false};
        if (hourStep)
            return TimePhrase{QStringLiteral("every %1 hours").arg(hourStep) + atMinute, false};
        if (hoursContiguous && hours.size() > 4) {
            const QString m = twoDigits(minutes.first());
            return TimePhrase{QStringLiteral("every hour from %1:%2 to %3:%2")
                                  .arg(twoDigits(hours.first()), m, twoDigits(hours.last())),
                              false};
        }
    }
    if (minutes.size() * hours.size() <= 4) {
        QStringList times;
        for (int h : hours) {
            for (int m : minutes)
                times << twoDigits(h) + QLatin1Char(':') + twoDigits(m);
        }
        return TimePhrase{QStringLiteral("at ") + joinEnglish(times), true};
    }
    if (!every.isEmpty()) {
        if (hoursContiguous) {
            const QString range = QStringLiteral(" from %1:%2 to %3:%4")
                                      .arg(twoDigits(hours.first()), twoDigits(minutes.first()),
                                           twoDigits(hours.last()), twoDigits(minutes.last()));
            return TimePhrase{every + range, false};
        }
    }
    return std::nullopt;
}

// Weekdays listed Monday first.
std::optional<QString> describeWeekdays(quint32 bits)
{
    QList<int> values; // 1 = Monday ... 7 = Sunday
    for (int d = 1; d <= 7; ++d) {
        if (bits & (1u << (d % 7)))
            values << d;
    }
    const auto items = groupRuns(values, [](int d) { return QString::fromLatin1(kDayLong[d % 7]); }, 7);
    if (!items)
        return std::nullopt;
    return QStringLiteral("on ") + joinEnglish(*items);
}

std::optional<QString> describeDaysOfMonth(quint32 bits)
{
    const QList<int> values = valuesOf(bits, 1, 31);
    const auto items = groupRuns(values, [](int d) { return QString::number(d); }, 4);
    if (!items)
        return std::nullopt;
    const bool plural = values.size() > 1;
    return (plural ? QStringLiteral("on days ") : QStringLiteral("on day ")) + joinEnglish(*items)
           + QStringLiteral(" of the month");
}

} // namespace

QString describeCron(const CronSchedule& s)
{
    if (!s.isValid())
        return s.expression;
    if (s.isEvery()) {
        const qint64 h = s.everySeconds / 3600;
        const qint64 m = s.everySeconds / 60 % 60;
        const qint64 sec = s.everySeconds % 60;
        QString text = QStringLiteral("every ");
        if (h)
            text += QString::number(h) + QLatin1Char('h');
        if (m)
            text += QString::number(m) + QLatin1Char('m');
        if (sec)
            text += QString::number(sec) + QLatin1Char('s');
        return text;
    }
    const auto time = describeTime(s);
    if (!time)
        return s.expression;

    // Which days: a bare `*` on one side means the other side alone decides (robfig's AND);
    // with both restricted either may match (OR).
    const quint32 allDom = quint32(allBits(1, 31));
    const quint32 allDow = quint32(allBits(0, 6));
    const bool domAll = s.daysOfMonth == allDom;
    const bool dowAll = s.daysOfWeek == allDow;
    const QList<int> months = valuesOf(s.months, 1, 12);
    QString days; // "" = every day
    bool monthDone = false;
    if (s.dayOfMonthStar || s.dayOfWeekStar) {
        // AND rule; the starred side has every bit set, so at most one side restricts.
        if (!domAll) {
            const QList<int> doms = valuesOf(s.daysOfMonth, 1, 31);
            if (doms.size() == 1 && months.size() == 1) {
                days = QStringLiteral("on %1 %2").arg(doms.first()).arg(QLatin1String(kMonthLong[months.first()]));
                monthDone = true;
            } else {
                const auto d = describeDaysOfMonth(s.daysOfMonth);
                if (!d)
                    return s.expression;
                days = *d;
            }
        } else if (!dowAll) {
            const auto d = describeWeekdays(s.daysOfWeek);
            if (!d)
                return s.expression;
            days = *d;
        }
    } else if (!domAll && !dowAll) {
        const auto dom = describeDaysOfMonth(s.daysOfMonth);
        const auto dow = describeWeekdays(s.daysOfWeek);
        if (!dom || !dow)
            return s.expression;
        days = *dom + QStringLiteral(" and ") + *dow;
    }

    QString text = time->text;
    if (!days.isEmpty())
        text += QLatin1Char(' ') + days;
    else if (time->atTimes)
        text += QStringLiteral(" every day");
    if (!monthDone && months.size() != 12) {
        const auto items = groupRuns(months, [](int m) { return QString::fromLatin1(kMonthLong[m]); }, 4);
        if (!items)
            return s.expression;
        text += QStringLiteral(" in ") + joinEnglish(*items);
    }
    if (!s.timeZoneId.isEmpty())
        text += QStringLiteral(" (%1)").arg(s.timeZoneId);
    return text;
}

ScheduleSummary summarizeSchedule(const QString& schedule, const QString& timeZone, const QDateTime& from, int count)
{
    ScheduleSummary out;
    const auto parsed = parseCron(schedule, &out.error);
    if (!parsed)
        return out;
    QTimeZone zone = QTimeZone::utc();
    if (!timeZone.isEmpty()) {
        zone = QTimeZone(timeZone.toUtf8());
        if (!zone.isValid()) {
            out.error = QStringLiteral("time zone \"%1\" is unknown").arg(timeZone);
            return out;
        }
    }
    out.valid = true;
    out.words = describeCron(*parsed);
    if (!parsed->timeZoneId.isEmpty()) {
        out.zone = parsed->timeZoneId;
        out.words.remove(QStringLiteral(" (%1)").arg(parsed->timeZoneId));
    } else {
        out.zone = timeZone.isEmpty() ? QStringLiteral("UTC") : timeZone;
        out.defaultZone = timeZone.isEmpty();
    }
    out.next = nextRuns(*parsed, from, zone, count);
    return out;
}

} // namespace model
