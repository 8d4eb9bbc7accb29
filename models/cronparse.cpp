// Cron schedules, part 1 of 3: parsing (parseCron) per robfig/cron v3's standard parser, with
// SparkDeck's own error sentences. The grammar is described in models/cron.h; next run times are
// in cronnext.cpp, descriptions in crondescribe.cpp.
#include "models/cron.h"
#include "models/cronbits.h"

#include <QStringList>

#include <array>
#include <limits>

namespace model {

using cronimpl::allBits;

namespace {

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

} // namespace

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

} // namespace model
