// Cron schedules, part 2 of 3: the next run times (nextRuns), stepping exactly like robfig/cron
// v3's SpecSchedule.Next in the schedule's zone, with Go's time package rules for wall times that
// daylight saving skips or repeats. Parsing is in cronparse.cpp, descriptions in crondescribe.cpp.
#include "models/cron.h"

#include <QDate>

#include <limits>

namespace model {

namespace {

// Wall-clock arithmetic in one zone with Go's time package semantics, so that nextRuns() steps
// exactly like robfig's SpecSchedule.Next (which adds absolute hours/minutes but builds dates
// with time.Date, whose handling of skipped and repeated wall times decides the DST behaviour).

constexpr qint64 kSecsPerDay = 86400;
constexpr qint64 kUnixEpochJulianDay = 2440588;

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

struct Civil {
    int year;
    int month;
    int day;
    int hour;
    int minute;
    int second;
    int weekday; // 0 = Sunday
};

class ZoneClock {
public:
    explicit ZoneClock(const QTimeZone& zone) : m_zone(zone) {}

    // Offset from UTC in seconds at the instant `utc` (seconds since the epoch).
    int offsetAt(qint64 utc)
    {
        if (m_cacheValid && utc >= m_cacheFrom && utc < m_cacheTo)
            return m_cacheOffset;
        const QDateTime at = QDateTime::fromSecsSinceEpoch(utc, QTimeZone::utc());
        const int offset = m_zone.offsetFromUtc(at);
        // Cache the offset until the next transition (or a day, when the zone has none nearby),
        // and back to the previous one.
        m_cacheFrom = utc;
        m_cacheTo = utc + kSecsPerDay;
        if (m_zone.hasTransitions()) {
            const auto next = m_zone.nextTransition(at);
            m_cacheTo = next.atUtc.isValid() ? next.atUtc.toSecsSinceEpoch() : utc + 366 * kSecsPerDay;
            const auto previous = m_zone.previousTransition(at.addSecs(1));
            if (previous.atUtc.isValid())
                m_cacheFrom = previous.atUtc.toSecsSinceEpoch();
        } else {
            m_cacheTo = std::numeric_limits<qint64>::max();
            m_cacheFrom = std::numeric_limits<qint64>::min();
        }
        if (m_cacheTo <= utc) // defensive: never cache an empty or backwards interval
            m_cacheTo = utc + 1;
        m_cacheOffset = offset;
        m_cacheValid = true;
        return offset;
    }

    Civil civil(qint64 utc)
    {
        const qint64 local = utc + offsetAt(utc);
        const qint64 days = floorDiv(local, kSecsPerDay);
        const qint64 secs = local - days * kSecsPerDay;
        const QDate date = QDate::fromJulianDay(days + kUnixEpochJulianDay);
        return Civil{date.year(), date.month(), date.day(), int(secs / 3600), int(secs / 60 % 60),
                     int(secs % 60), date.dayOfWeek() % 7};
    }

    // Go's time.Date(year, month, day, hour, minute, second, 0, zone): out-of-range months and days
    // are normalised (month 13 = January next year, 31 February = 3 March); a wall time that does
    // not exist or exists twice is resolved the way Go resolves it: take the offset in force at
    // the wall time read as UTC, and if the result falls outside that offset's period, use the
    // offset in force at the result instead.
    qint64 fromCivil(int year, int month, int day, int hour, int minute, int second)
    {
        const int monthIndex = month - 1;
        year += int(floorDiv(monthIndex, 12));
        month = int(monthIndex - floorDiv(monthIndex, 12) * 12) + 1;
        const qint64 days = QDate(year, month, 1).toJulianDay() - kUnixEpochJulianDay + (day - 1);
        const qint64 local = days * kSecsPerDay + hour * 3600 + minute * 60 + second;
        return local - offsetAt(local - offsetAt(local));
    }

private:
    QTimeZone m_zone;
    bool m_cacheValid = false;
    qint64 m_cacheFrom = 0;
    qint64 m_cacheTo = 0;
    int m_cacheOffset = 0;
};

bool dayMatches(const CronSchedule& s, const Civil& c)
{
    const bool dom = s.daysOfMonth & (1u << c.day);
    const bool dow = s.daysOfWeek & (1u << c.weekday);
    if (s.dayOfMonthStar || s.dayOfWeekStar)
        return dom && dow;
    return dom || dow;
}

// robfig's SpecSchedule.Next: the first time after `fromSecs` (seconds since the epoch; the run is
// at least one second later) that matches, or nullopt when none within about five years.
// Field by field from the month down: when a field does not match it is stepped until it does,
// and a wrap into the next larger unit starts over from the month.
// A real search takes a few thousand steps at most (five years of days plus one day's hours and
// minutes); the step budget only stops cases where robfig itself never returns, such as a day
// that a zone skipped entirely (Pacific/Apia, 30 December 2011).
std::optional<qint64> nextSpecRun(const CronSchedule& s, ZoneClock& clock, qint64 fromSecs)
{
    int budget = 20'000;
    auto spend = [&budget] { return --budget > 0; };
    qint64 t = fromSecs + 1;
    bool added = false; // once a field was stepped, the smaller ones start from their minimum
    const int yearLimit = clock.civil(t).year + 5;
    for (;;) { // each pass is robfig's WRAP label
        Civil c = clock.civil(t);
        if (c.year > yearLimit || !spend())
            return std::nullopt;
        bool wrapped = false;

        while (!(s.months & (1u << c.month))) {
            if (!spend())
                return std::nullopt;
            if (!added) {
                added = true;
                t = clock.fromCivil(c.year, c.month, 1, 0, 0, 0);
                c = clock.civil(t);
            }
            t = clock.fromCivil(c.year, c.month + 1, c.day, c.hour, c.minute, c.second);
            c = clock.civil(t);
            if (c.month == 1) {
                wrapped = true;
                break;
            }
        }
        if (wrapped)
            continue;

        while (!dayMatches(s, c)) {
            if (!spend())
                return std::nullopt;
            if (!added) {
                added = true;
                t = clock.fromCivil(c.year, c.month, c.day, 0, 0, 0);
                c = clock.civil(t);
            }
            t = clock.fromCivil(c.year, c.month, c.day + 1, c.hour, c.minute, c.second);
            c = clock.civil(t);
            // Where DST moves midnight, pull the time back to (or on to) midnight as robfig does.
            if (c.hour != 0) {
                t += c.hour > 12 ? qint64(24 - c.hour) * 3600 : -qint64(c.hour) * 3600;
                c = clock.civil(t);
            }
            if (c.day == 1) {
                wrapped = true;
                break;
            }
        }
        if (wrapped)
            continue;

        while (!(s.hours & (1u << c.hour))) {
            if (!spend())
                return std::nullopt;
            if (!added) {
                added = true;
                t = clock.fromCivil(c.year, c.month, c.day, c.hour, 0, 0);
            }
            t += 3600;
            c = clock.civil(t);
            if (c.hour == 0) {
                wrapped = true;
                break;
            }
        }
        if (wrapped)
            continue;

        while (!(s.minutes & (quint64(1) << c.minute))) {
            if (!spend())
                return std::nullopt;
            if (!added) {
                added = true;
                t = floorDiv(t, 60) * 60;
            }
            t += 60;
            c = clock.civil(t);
            if (c.minute == 0) {
                wrapped = true;
                break;
            }
        }
        if (wrapped)
            continue;

        // Runs are at second 0. Stepping the seconds always ends in a wrap (at second 0).
        if (c.second != 0) {
            added = true;
            t += 60 - c.second;
            continue;
        }
        return t;
    }
}

} // namespace

QList<QDateTime> nextRuns(const CronSchedule& schedule, const QDateTime& from, const QTimeZone& zone,
                          int count)
{
    QList<QDateTime> runs;
    const QTimeZone effective = schedule.timeZone.isValid() ? schedule.timeZone : zone;
    if (!schedule.isValid() || !from.isValid() || count <= 0 || !effective.isValid())
        return runs;
    qint64 t = floorDiv(from.toMSecsSinceEpoch(), 1000);
    if (schedule.isEvery()) {
        for (int i = 0; i < count; ++i) {
            t += schedule.everySeconds;
            runs << QDateTime::fromSecsSinceEpoch(t, effective);
        }
        return runs;
    }
    ZoneClock clock(effective);
    for (int i = 0; i < count; ++i) {
        const auto next = nextSpecRun(schedule, clock, t);
        if (!next)
            break;
        t = *next;
        runs << QDateTime::fromSecsSinceEpoch(t, effective);
    }
    return runs;
}

} // namespace model
