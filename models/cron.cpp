#include "models/cron.h"

#include <QDate>
#include <QStringList>

#include <array>
#include <functional>
#include <limits>

namespace model {

namespace {

// ---------------------------------------------------------------------------------------------
// Parsing

struct FieldBounds {
    const char* name; // as used in error messages
    int min;
    int max;
    const std::array<const char*, 12>* names; // lower-case names for min..min+n-1, or null
    const char* nameKind;                     // "a month name (JAN-DEC)"
};

constexpr std::array<const char*, 12> kMonthNames{"jan", "feb", "mar", "apr", "may", "jun",
                                                   "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<const char*, 12> kDayNames{"sun", "mon", "tue", "wed", "thu", "fri", "sat",
                                                 nullptr, nullptr, nullptr, nullptr, nullptr};

const FieldBounds kMinute{"minute", 0, 59, nullptr, nullptr};
const FieldBounds kHour{"hour", 0, 23, nullptr, nullptr};
const FieldBounds kDayOfMonth{"day-of-month", 1, 31, nullptr, nullptr};
const FieldBounds kMonth{"month", 1, 12, &kMonthNames, "a month name (JAN-DEC)"};
const FieldBounds kDayOfWeek{"day-of-week", 0, 6, &kDayNames, "a day name (SUN-SAT)"};

QString quoted(QStringView s)
{
    return QLatin1Char('"') + s.toString() + QLatin1Char('"');
}

// A non-negative decimal integer as Go's strconv.Atoi reads it (an optional '+' allowed); nullopt
// for anything else, including numbers beyond 64 bits.
std::optional<qint64> parseUnsigned(QStringView text)
{
    if (text.startsWith(QLatin1Char('+')))
        text = text.mid(1);
    if (text.isEmpty())
        return std::nullopt;
    qint64 value = 0;
    for (QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
        const int digit = c.unicode() - '0';
        if (value > (std::numeric_limits<qint64>::max() - digit) / 10)
            return std::nullopt;
        value = value * 10 + digit;
    }
    return value;
}

// One value of a field: a number or (month, day-of-week) a name.
std::optional<qint64> parseValue(QStringView token, QStringView element, const FieldBounds& f,
                                 QString* error)
{
    if (token.isEmpty()) {
        *error = QStringLiteral("%1: missing value in %2").arg(QLatin1String(f.name), quoted(element));
        return std::nullopt;
    }
    if (f.names) {
        const QString lower = token.toString().toLower();
        for (int i = 0; i < int(f.names->size()); ++i) {
            if ((*f.names)[i] && lower == QLatin1String((*f.names)[i]))
                return f.min + i;
        }
    }
    if (const auto v = parseUnsigned(token))
        return v;
    if (f.names)
        *error = QStringLiteral("%1: %2 is not a number or %3")
                     .arg(QLatin1String(f.name), quoted(token), QLatin1String(f.nameKind));
    else
        *error = QStringLiteral("%1: %2 is not a number").arg(QLatin1String(f.name), quoted(token));
    return std::nullopt;
}

struct FieldValue {
    quint64 bits = 0;
    bool star = false;
};

// One field: a comma list of `*`, `?`, `a`, `a-b`, each optionally followed by `/step`.
std::optional<FieldValue> parseField(QStringView text, const FieldBounds& f, QString* error)
{
    FieldValue result;
    const QString outOfRange = QStringLiteral("%1: %2 is out of range %3-%4");
    // As robfig, empty list elements ("1,,2", "5,") are skipped; a field of only commas is refused
    // here (robfig would accept it as a schedule that never runs).
    const auto elements = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (elements.isEmpty()) {
        *error = QStringLiteral("%1: no value in %2").arg(QLatin1String(f.name), quoted(text));
        return std::nullopt;
    }
    for (QStringView element : elements) {
        const auto rangeAndStep = element.split(QLatin1Char('/'));
        if (rangeAndStep.size() > 2) {
            *error = QStringLiteral("%1: too many slashes in %2").arg(QLatin1String(f.name), quoted(element));
            return std::nullopt;
        }
        const auto lowHigh = rangeAndStep[0].split(QLatin1Char('-'));
        qint64 start = 0;
        qint64 end = 0;
        bool star = false;
        QStringView startText;
        QStringView endText;
        if (lowHigh[0] == QLatin1String("*") || lowHigh[0] == QLatin1String("?")) {
            // As robfig: `*` / `?` is the whole range; anything after a '-' is ignored.
            start = f.min;
            end = f.max;
            star = true;
        } else {
            if (lowHigh[0].isEmpty() && lowHigh.size() > 1) {
                *error = QStringLiteral("%1: %2 is not a value or range (negative numbers are not allowed)")
                             .arg(QLatin1String(f.name), quoted(element));
                return std::nullopt;
            }
            if (lowHigh.size() > 2) {
                *error = QStringLiteral("%1: too many hyphens in %2").arg(QLatin1String(f.name), quoted(element));
                return std::nullopt;
            }
            const auto s = parseValue(lowHigh[0], element, f, error);
            if (!s)
                return std::nullopt;
            start = *s;
            startText = lowHigh[0];
            end = start;
            endText = startText;
            if (lowHigh.size() == 2) {
                const auto e = parseValue(lowHigh[1], element, f, error);
                if (!e)
                    return std::nullopt;
                end = *e;
                endText = lowHigh[1];
            }
        }
        qint64 step = 1;
        if (rangeAndStep.size() == 2) {
            const auto s = parseUnsigned(rangeAndStep[1]);
            if (!s) {
                *error = QStringLiteral("%1: step %2 is not a number in %3")
                             .arg(QLatin1String(f.name), quoted(rangeAndStep[1]), quoted(element));
                return std::nullopt;
            }
            step = *s;
            if (lowHigh.size() == 1) // "a/n" means "a-max/n"
                end = f.max;
            if (step > 1)
                star = false;
        }
        if (start < f.min) {
            *error = outOfRange.arg(QLatin1String(f.name), startText.toString()).arg(f.min).arg(f.max);
            return std::nullopt;
        }
        if (end > f.max) {
            *error = outOfRange.arg(QLatin1String(f.name), endText.toString()).arg(f.min).arg(f.max);
            return std::nullopt;
        }
        if (start > end) {
            *error = QStringLiteral("%1: range start %2 is after its end %3 in %4")
                         .arg(QLatin1String(f.name))
                         .arg(start)
                         .arg(end)
                         .arg(quoted(element));
            return std::nullopt;
        }
        if (step == 0) {
            *error = QStringLiteral("%1: step must be a positive number in %2").arg(QLatin1String(f.name), quoted(element));
            return std::nullopt;
        }
        for (qint64 v = start; v <= end; v = step > end - v ? end + 1 : v + step)
            result.bits |= quint64(1) << v;
        result.star = result.star || star;
    }
    return result;
}

// A Go time.ParseDuration string ("1h30m", "1.5h", "-2s", "300ms", "0") in nanoseconds.
std::optional<qint64> parseGoDuration(QStringView text, QString* error)
{
    const QString original = text.toString();
    for (QChar c : text) {
        if (c.isSpace()) {
            *error = QStringLiteral("@every: invalid duration %1: no spaces allowed (e.g. 1h30m)").arg(quoted(original));
            return std::nullopt;
        }
    }
    auto invalid = [&](const QString& why) {
        *error = QStringLiteral("@every: invalid duration %1: %2").arg(quoted(original), why);
        return std::nullopt;
    };
    bool negative = false;
    if (!text.isEmpty() && (text[0] == QLatin1Char('-') || text[0] == QLatin1Char('+'))) {
        negative = text[0] == QLatin1Char('-');
        text = text.mid(1);
    }
    if (text == QLatin1String("0"))
        return qint64(0);
    if (text.isEmpty())
        return invalid(QStringLiteral("expected a number with a unit, e.g. 1h30m"));
    constexpr long double kMax = 9223372036854775807.0L;
    long double total = 0;
    auto isDigit = [](QChar c) { return c >= QLatin1Char('0') && c <= QLatin1Char('9'); };
    while (!text.isEmpty()) {
        if (!(isDigit(text[0]) || text[0] == QLatin1Char('.')))
            return invalid(QStringLiteral("expected a number at %1").arg(quoted(text)));
        long double number = 0;
        qsizetype i = 0;
        bool digits = false;
        for (; i < text.size() && isDigit(text[i]); ++i) {
            number = number * 10 + (text[i].unicode() - '0');
            digits = true;
        }
        if (i < text.size() && text[i] == QLatin1Char('.')) {
            ++i;
            long double scale = 1;
            for (; i < text.size() && isDigit(text[i]); ++i) {
                scale /= 10;
                number += scale * (text[i].unicode() - '0');
                digits = true;
            }
        }
        if (!digits)
            return invalid(QStringLiteral("expected a number at %1").arg(quoted(text)));
        text = text.mid(i);
        qsizetype u = 0;
        while (u < text.size() && !isDigit(text[u]) && text[u] != QLatin1Char('.'))
            ++u;
        const QStringView unit = text.first(u);
        text = text.mid(u);
        long double nanos = 0;
        if (unit.isEmpty())
            return invalid(QStringLiteral("missing unit (use h, m, s, ms, us or ns)"));
        if (unit == QLatin1String("ns"))
            nanos = 1;
        else if (unit == QLatin1String("us") || unit == QStringView(u"\u00b5s") || unit == QStringView(u"\u03bcs"))
            nanos = 1e3L;
        else if (unit == QLatin1String("ms"))
            nanos = 1e6L;
        else if (unit == QLatin1String("s"))
            nanos = 1e9L;
        else if (unit == QLatin1String("m"))
            nanos = 60e9L;
        else if (unit == QLatin1String("h"))
            nanos = 3600e9L;
        else
            return invalid(QStringLiteral("unknown unit %1 (use h, m, s, ms, us or ns)").arg(quoted(unit)));
        total += number * nanos;
        if (total > kMax)
            return invalid(QStringLiteral("too long"));
    }
    const qint64 result = qint64(total);
    return negative ? -result : result;
}

// Go's strings.Fields: split on any run of white space.
QList<QStringView> splitFields(QStringView text)
{
    QList<QStringView> fields;
    qsizetype i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i].isSpace())
            ++i;
        const qsizetype begin = i;
        while (i < text.size() && !text[i].isSpace())
            ++i;
        if (i > begin)
            fields << text.sliced(begin, i - begin);
    }
    return fields;
}

quint64 allBits(int min, int max)
{
    quint64 bits = 0;
    for (int v = min; v <= max; ++v)
        bits |= quint64(1) << v;
    return bits;
}

bool parseDescriptor(QStringView spec, CronSchedule* s, QString* error)
{
    // Every descriptor runs at second 0 of minute 0 (robfig also fixes second 0).
    s->minutes = 1;
    s->hours = 1;
    s->daysOfMonth = quint32(allBits(1, 31));
    s->months = quint32(allBits(1, 12));
    s->daysOfWeek = quint32(allBits(0, 6));
    s->dayOfMonthStar = true;
    s->dayOfWeekStar = true;
    if (spec == QLatin1String("@yearly") || spec == QLatin1String("@annually")) {
        s->daysOfMonth = 1u << 1;
        s->dayOfMonthStar = false;
        s->months = 1u << 1;
    } else if (spec == QLatin1String("@monthly")) {
        s->daysOfMonth = 1u << 1;
        s->dayOfMonthStar = false;
    } else if (spec == QLatin1String("@weekly")) {
        s->daysOfWeek = 1u << 0;
        s->dayOfWeekStar = false;
    } else if (spec == QLatin1String("@daily") || spec == QLatin1String("@midnight")) {
        // defaults
    } else if (spec == QLatin1String("@hourly")) {
        s->hours = quint32(allBits(0, 23));
    } else if (spec.startsWith(QLatin1String("@every "))) {
        const auto nanos = parseGoDuration(spec.mid(7), error);
        if (!nanos)
            return false;
        *s = CronSchedule{s->expression, s->timeZoneId, s->timeZone};
        // robfig: below one second counts as one second; otherwise truncated to whole seconds.
        s->everySeconds = *nanos < 1'000'000'000 ? 1 : *nanos / 1'000'000'000;
    } else if (spec.startsWith(QLatin1String("@every"))) {
        *error = QStringLiteral("@every must be followed by a space and a duration, e.g. \"@every 1h30m\"");
        return false;
    } else if (spec.trimmed() != spec) {
        *error = QStringLiteral("unexpected white space after descriptor %1").arg(quoted(spec));
        return false;
    } else if (spec.startsWith(QLatin1String("@every"), Qt::CaseInsensitive)
               || QStringList{QStringLiteral("@yearly"), QStringLiteral("@annually"), QStringLiteral("@monthly"),
                              QStringLiteral("@weekly"), QStringLiteral("@daily"), QStringLiteral("@midnight"),
                              QStringLiteral("@hourly")}
                      .contains(spec.toString().toLower())) {
        *error = QStringLiteral("descriptor %1 must be written in lower case").arg(quoted(spec));
        return false;
    } else {
        *error = QStringLiteral("unknown descriptor %1 (expected @yearly, @annually, @monthly, @weekly, "
                                "@daily, @midnight, @hourly or @every <duration>)")
                     .arg(quoted(spec));
        return false;
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------------
// Description

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

// ---------------------------------------------------------------------------------------------

std::optional<CronSchedule> parseCron(const QString& expression, QString* error)
{
    QString ignored;
    QString& err = error ? *error : ignored;
    err.clear();
    CronSchedule s;
    s.expression = expression;
    QStringView spec(expression);
    if (spec.trimmed().isEmpty()) {
        err = QStringLiteral("empty schedule");
        return std::nullopt;
    }
    if (spec.startsWith(QLatin1String("TZ=")) || spec.startsWith(QLatin1String("CRON_TZ="))) {
        const qsizetype equals = spec.indexOf(QLatin1Char('='));
        const qsizetype space = spec.indexOf(QLatin1Char(' '));
        if (space < 0) {
            err = QStringLiteral("%1 must be followed by a space and the schedule")
                      .arg(spec.toString());
            return std::nullopt;
        }
        const QStringView zoneName = spec.sliced(equals + 1, space - equals - 1);
        if (zoneName == QLatin1String("Local")) {
            // robfig: the local zone, i.e. no zone of its own; the caller's zone applies.
        } else if (zoneName.isEmpty() || zoneName == QLatin1String("UTC")) {
            s.timeZoneId = QStringLiteral("UTC");
            s.timeZone = QTimeZone::utc();
        } else {
            s.timeZone = QTimeZone(zoneName.toUtf8());
            if (!s.timeZone.isValid()) {
                err = QStringLiteral("time zone %1 is unknown").arg(quoted(zoneName));
                return std::nullopt;
            }
            s.timeZoneId = zoneName.toString();
        }
        spec = spec.mid(space).trimmed();
    }

    if (spec.startsWith(QLatin1Char('@'))) {
        if (!parseDescriptor(spec, &s, &err))
            return std::nullopt;
        return s;
    }

    const QList<QStringView> fields = splitFields(spec);
    if (fields.size() != 5) {
        QStringList shown;
        for (QStringView f : fields)
            shown << f.toString();
        err = QStringLiteral("expected exactly 5 fields (minute hour day-of-month month day-of-week), "
                             "found %1: %2")
                  .arg(fields.size())
                  .arg(shown.join(QLatin1Char(' ')));
        if (fields.size() == 6)
            err += QStringLiteral(" (a seconds field is not supported)");
        else if (fields.size() == 1 && fields[0].startsWith(QLatin1Char('@')))
            err = QStringLiteral("unexpected white space before descriptor %1").arg(quoted(fields[0]));
        return std::nullopt;
    }
    const FieldBounds* bounds[5] = {&kMinute, &kHour, &kDayOfMonth, &kMonth, &kDayOfWeek};
    FieldValue values[5];
    for (int i = 0; i < 5; ++i) {
        const auto v = parseField(fields[i], *bounds[i], &err);
        if (!v)
            return std::nullopt;
        values[i] = *v;
    }
    s.minutes = values[0].bits;
    s.hours = quint32(values[1].bits);
    s.daysOfMonth = quint32(values[2].bits);
    s.months = quint32(values[3].bits);
    s.daysOfWeek = quint32(values[4].bits);
    s.dayOfMonthStar = values[2].star;
    s.dayOfWeekStar = values[4].star;
    return s;
}

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
