// Cron schedules as the Spark Operator reads them (robfig/cron v3 standard parser): parsing,
// next run times, descriptions and error messages.
//
// Every expected run time below was produced by robfig/cron v3.0.1 itself (Debian's
// golang-github-robfig-cron-dev, SpecSchedule.Next applied repeatedly), so the tests pin down
// the operator's behaviour, DST quirks included. Times are written in the zone the schedule runs
// in, with the UTC offset, so both the instant and the zone of each result are checked.

#include "models/cron.h"

#include <QTest>

using model::CronSchedule;
using model::describeCron;
using model::nextRuns;
using model::parseCron;

namespace {

// "2024-10-27T02:30:00+02:00": the wall time in the QDateTime's own zone, and its offset.
QString stamp(const QDateTime& t)
{
    const int offset = t.offsetFromUtc();
    const int a = qAbs(offset);
    return t.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) + QLatin1Char(offset < 0 ? '-' : '+')
           + QStringLiteral("%1:%2").arg(a / 3600, 2, 10, QLatin1Char('0')).arg(a / 60 % 60, 2, 10, QLatin1Char('0'));
}

QStringList stamps(const QList<QDateTime>& times)
{
    QStringList out;
    for (const QDateTime& t : times)
        out << stamp(t);
    return out;
}

QDateTime utc(const char* iso)
{
    const QDateTime t = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs);
    QTest::qVerify(t.isValid(), "t.isValid()", iso, __FILE__, __LINE__); // fails the test (not only in debug builds)
    return t;
}

CronSchedule parsed(const QString& expression)
{
    QString error;
    const auto s = parseCron(expression, &error);
    if (!s)
        qFatal("cannot parse %s: %s", qPrintable(expression), qPrintable(error));
    return *s;
}

void addRunColumns()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("from"); // ISO 8601 with Z
    QTest::addColumn<QString>("zone"); // the `zone` argument (spec.timeZone)
    QTest::addColumn<QStringList>("expected");
}

void addRun(const char* name, const char* expression, const char* from, const char* zone,
            const QStringList& expected)
{
    QTest::newRow(name) << QString::fromLatin1(expression) << QString::fromLatin1(from)
                        << QString::fromLatin1(zone) << expected;
}

void checkRuns()
{
    QFETCH(QString, expression);
    QFETCH(QString, from);
    QFETCH(QString, zone);
    QFETCH(QStringList, expected);
    const CronSchedule s = parsed(expression);
    const QTimeZone tz(zone.toUtf8());
    QVERIFY(tz.isValid());
    const QDateTime start = QDateTime::fromString(from, Qt::ISODateWithMs);
    QVERIFY(start.isValid());
    QCOMPARE(stamps(nextRuns(s, start, tz, int(expected.size()))), expected);
}

} // namespace

class TestCron : public QObject {
    Q_OBJECT
private slots:
    // ---- next runs -------------------------------------------------------------------------

    void descriptors_data()
    {
        addRunColumns();
        const char* from = "2024-05-15T10:20:30Z"; // a Wednesday
        addRun("@yearly", "@yearly", from, "UTC",
               {"2025-01-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00", "2027-01-01T00:00:00+00:00"});
        addRun("@annually", "@annually", from, "UTC",
               {"2025-01-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00", "2027-01-01T00:00:00+00:00"});
        addRun("@monthly", "@monthly", from, "UTC",
               {"2024-06-01T00:00:00+00:00", "2024-07-01T00:00:00+00:00", "2024-08-01T00:00:00+00:00"});
        addRun("@weekly (Sundays)", "@weekly", from, "UTC",
               {"2024-05-19T00:00:00+00:00", "2024-05-26T00:00:00+00:00", "2024-06-02T00:00:00+00:00"});
        addRun("@daily", "@daily", from, "UTC",
               {"2024-05-16T00:00:00+00:00", "2024-05-17T00:00:00+00:00", "2024-05-18T00:00:00+00:00"});
        addRun("@midnight", "@midnight", from, "UTC",
               {"2024-05-16T00:00:00+00:00", "2024-05-17T00:00:00+00:00", "2024-05-18T00:00:00+00:00"});
        addRun("@hourly", "@hourly", from, "UTC",
               {"2024-05-15T11:00:00+00:00", "2024-05-15T12:00:00+00:00", "2024-05-15T13:00:00+00:00"});
        addRun("@daily in Berlin", "@daily", from, "Europe/Berlin",
               {"2024-05-16T00:00:00+02:00", "2024-05-17T00:00:00+02:00", "2024-05-18T00:00:00+02:00"});
    }
    void descriptors() { checkRuns(); }

    void fields_data()
    {
        addRunColumns();
        const char* from = "2024-05-15T10:20:30Z";
        addRun("every minute", "* * * * *", from, "UTC",
               {"2024-05-15T10:21:00+00:00", "2024-05-15T10:22:00+00:00", "2024-05-15T10:23:00+00:00"});
        addRun("*/15", "*/15 * * * *", from, "UTC",
               {"2024-05-15T10:30:00+00:00", "2024-05-15T10:45:00+00:00", "2024-05-15T11:00:00+00:00",
                "2024-05-15T11:15:00+00:00"});
        addRun("a/n runs from a to the max", "5/15 * * * *", from, "UTC",
               {"2024-05-15T10:35:00+00:00", "2024-05-15T10:50:00+00:00", "2024-05-15T11:05:00+00:00",
                "2024-05-15T11:20:00+00:00"});
        addRun("a-b/n", "10-20/5 * * * *", from, "UTC",
               {"2024-05-15T11:10:00+00:00", "2024-05-15T11:15:00+00:00", "2024-05-15T11:20:00+00:00",
                "2024-05-15T12:10:00+00:00"});
        addRun("hour range with step", "0 9-17/4 * * *", from, "UTC",
               {"2024-05-15T13:00:00+00:00", "2024-05-15T17:00:00+00:00", "2024-05-16T09:00:00+00:00",
                "2024-05-16T13:00:00+00:00"});
        addRun("lists", "0,30 9,17 * * *", from, "UTC",
               {"2024-05-15T17:00:00+00:00", "2024-05-15T17:30:00+00:00", "2024-05-16T09:00:00+00:00",
                "2024-05-16T09:30:00+00:00"});
        addRun("daily at 02:30", "30 2 * * *", from, "UTC",
               {"2024-05-16T02:30:00+00:00", "2024-05-17T02:30:00+00:00", "2024-05-18T02:30:00+00:00"});
        addRun("MON-FRI from a Friday", "0 6 * * MON-FRI", "2024-05-17T10:20:30Z", "UTC",
               {"2024-05-20T06:00:00+00:00", "2024-05-21T06:00:00+00:00", "2024-05-22T06:00:00+00:00"});
        addRun("day names any case", "0 6 * * mon,Wed,FRI", "2024-05-17T10:20:30Z", "UTC",
               {"2024-05-20T06:00:00+00:00", "2024-05-22T06:00:00+00:00", "2024-05-24T06:00:00+00:00"});
        addRun("month names any case", "0 12 1 jan,JUL *", from, "UTC",
               {"2024-07-01T12:00:00+00:00", "2025-01-01T12:00:00+00:00", "2025-07-01T12:00:00+00:00"});
        addRun("month name range", "0 12 1 jan-mar *", from, "UTC",
               {"2025-01-01T12:00:00+00:00", "2025-02-01T12:00:00+00:00", "2025-03-01T12:00:00+00:00",
                "2026-01-01T12:00:00+00:00"});
        addRun("? is * (Mondays)", "0 0 ? * 1", from, "UTC",
               {"2024-05-20T00:00:00+00:00", "2024-05-27T00:00:00+00:00", "2024-06-03T00:00:00+00:00"});
        addRun("just before the minute", "30 10 * * *", "2024-05-15T10:29:59.999Z", "UTC",
               {"2024-05-15T10:30:00+00:00", "2024-05-16T10:30:00+00:00"});
        addRun("strictly after from", "30 10 * * *", "2024-05-15T10:30:00Z", "UTC",
               {"2024-05-16T10:30:00+00:00", "2024-05-17T10:30:00+00:00"});
        addRun("year end", "59 23 31 12 *", from, "UTC",
               {"2024-12-31T23:59:00+00:00", "2025-12-31T23:59:00+00:00"});
        addRun("zone with a 45-minute offset", "0 12 * * *", from, "Pacific/Chatham",
               {"2024-05-16T12:00:00+12:45", "2024-05-17T12:00:00+12:45"});
        addRun("zone with a 30-minute offset", "0 9 * * *", from, "Asia/Kolkata",
               {"2024-05-16T09:00:00+05:30", "2024-05-17T09:00:00+05:30"});
    }
    void fields() { checkRuns(); }

    void dayRules_data()
    {
        addRunColumns();
        const char* from = "2024-05-15T10:20:30Z";
        addRun("day-of-month alone", "0 0 13 * *", from, "UTC",
               {"2024-06-13T00:00:00+00:00", "2024-07-13T00:00:00+00:00", "2024-08-13T00:00:00+00:00"});
        addRun("day-of-week alone", "0 0 * * FRI", from, "UTC",
               {"2024-05-17T00:00:00+00:00", "2024-05-24T00:00:00+00:00", "2024-05-31T00:00:00+00:00"});
        // Both restricted: the 13th OR any Friday (not only Friday the 13th).
        addRun("13th or Friday", "0 0 13 * FRI", "2024-09-01T00:00:00Z", "UTC",
               {"2024-09-06T00:00:00+00:00", "2024-09-13T00:00:00+00:00", "2024-09-20T00:00:00+00:00",
                "2024-09-27T00:00:00+00:00", "2024-10-04T00:00:00+00:00", "2024-10-11T00:00:00+00:00"});
        // `*/1` still counts as `*` (robfig keeps its star bit): Mondays only.
        addRun("*/1 is a star", "0 0 */1 * MON", from, "UTC",
               {"2024-05-20T00:00:00+00:00", "2024-05-27T00:00:00+00:00", "2024-06-03T00:00:00+00:00"});
        // `*/10` is not (robfig drops the star bit for steps > 1): days 1, 11, 21, 31 OR Mondays.
        addRun("*/10 is restricted", "0 0 */10 * MON", from, "UTC",
               {"2024-05-20T00:00:00+00:00", "2024-05-21T00:00:00+00:00", "2024-05-27T00:00:00+00:00",
                "2024-05-31T00:00:00+00:00", "2024-06-01T00:00:00+00:00"});
    }
    void dayRules() { checkRuns(); }

    void monthEnds_data()
    {
        addRunColumns();
        addRun("31st skips short months", "0 0 31 * *", "2024-01-15T00:00:00Z", "UTC",
               {"2024-01-31T00:00:00+00:00", "2024-03-31T00:00:00+00:00", "2024-05-31T00:00:00+00:00",
                "2024-07-31T00:00:00+00:00"});
        addRun("31st in Berlin", "0 0 31 * *", "2023-11-15T00:00:00Z", "Europe/Berlin",
               {"2023-12-31T00:00:00+01:00", "2024-01-31T00:00:00+01:00", "2024-03-31T00:00:00+01:00",
                "2024-05-31T00:00:00+02:00", "2024-07-31T00:00:00+02:00"});
        addRun("30th skips February", "0 0 30 * *", "2024-01-15T00:00:00Z", "UTC",
               {"2024-01-30T00:00:00+00:00", "2024-03-30T00:00:00+00:00", "2024-04-30T00:00:00+00:00"});
        addRun("29 February in leap years", "0 0 29 2 *", "2023-06-01T00:00:00Z", "UTC",
               {"2024-02-29T00:00:00+00:00", "2028-02-29T00:00:00+00:00", "2032-02-29T00:00:00+00:00"});
        addRun("29 February, five in a row", "0 0 29 2 *", "2024-03-01T00:00:00Z", "UTC",
               {"2028-02-29T00:00:00+00:00", "2032-02-29T00:00:00+00:00", "2036-02-29T00:00:00+00:00",
                "2040-02-29T00:00:00+00:00", "2044-02-29T00:00:00+00:00"});
        addRun("1st across the year in Sydney", "0 0 1 * *", "2024-12-15T00:00:00Z", "Australia/Sydney",
               {"2025-01-01T00:00:00+11:00", "2025-02-01T00:00:00+11:00", "2025-03-01T00:00:00+11:00"});
    }
    void monthEnds() { checkRuns(); }

    void every_data()
    {
        addRunColumns();
        // Intervals count from `from` rounded down to the second, not from the clock.
        addRun("90m, milliseconds dropped", "@every 90m", "2024-05-15T10:20:30.750Z", "UTC",
               {"2024-05-15T11:50:30+00:00", "2024-05-15T13:20:30+00:00", "2024-05-15T14:50:30+00:00"});
        addRun("1h30m", "@every 1h30m", "2024-05-15T10:20:30Z", "UTC",
               {"2024-05-15T11:50:30+00:00", "2024-05-15T13:20:30+00:00"});
        addRun("1.5h", "@every 1.5h", "2024-05-15T10:20:30Z", "UTC",
               {"2024-05-15T11:50:30+00:00", "2024-05-15T13:20:30+00:00"});
        addRun("45s", "@every 45s", "2024-05-15T10:20:30Z", "UTC",
               {"2024-05-15T10:21:15+00:00", "2024-05-15T10:22:00+00:00"});
        addRun("below a second is a second", "@every 500ms", "2024-05-15T10:20:30Z", "UTC",
               {"2024-05-15T10:20:31+00:00", "2024-05-15T10:20:32+00:00"});
        addRun("2h0m30s", "@every 2h0m30s", "2024-05-15T10:20:30Z", "UTC",
               {"2024-05-15T12:21:00+00:00", "2024-05-15T14:21:30+00:00"});
        addRun("shown in the zone", "@every 90m", "2024-05-15T10:20:30Z", "Europe/Berlin",
               {"2024-05-15T13:50:30+02:00", "2024-05-15T15:20:30+02:00"});
    }
    void every() { checkRuns(); }

    void timeZonePrefix_data()
    {
        addRunColumns();
        const char* from = "2024-05-15T10:20:30Z";
        addRun("CRON_TZ wins over the zone", "CRON_TZ=Asia/Tokyo 0 9 * * *", from, "Europe/Berlin",
               {"2024-05-16T09:00:00+09:00", "2024-05-17T09:00:00+09:00"});
        addRun("TZ= works too", "TZ=America/New_York 0 9 * * *", from, "Asia/Tokyo",
               {"2024-05-15T09:00:00-04:00", "2024-05-16T09:00:00-04:00"});
        addRun("CRON_TZ=UTC", "CRON_TZ=UTC 0 9 * * *", from, "Europe/Berlin",
               {"2024-05-16T09:00:00+00:00", "2024-05-17T09:00:00+00:00"});
        addRun("CRON_TZ=Local defers to the zone", "CRON_TZ=Local 0 9 * * *", from, "Europe/Berlin",
               {"2024-05-16T09:00:00+02:00", "2024-05-17T09:00:00+02:00"});
        addRun("prefix with DST", "CRON_TZ=Europe/Berlin 30 2 * * *", "2024-10-26T12:00:00Z", "America/New_York",
               {"2024-10-27T02:30:00+02:00", "2024-10-27T02:30:00+01:00", "2024-10-28T02:30:00+01:00"});
    }
    void timeZonePrefix() { checkRuns(); }

    void daylightSaving_data()
    {
        addRunColumns();
        // Europe/Berlin: 2024-03-31 02:00 CET -> 03:00 CEST; 2024-10-27 03:00 CEST -> 02:00 CET.
        addRun("Berlin spring: 02:30 does not exist, no run that day", "30 2 * * *", "2024-03-30T12:00:00Z",
               "Europe/Berlin",
               {"2024-04-01T02:30:00+02:00", "2024-04-02T02:30:00+02:00", "2024-04-03T02:30:00+02:00"});
        // robfig runs a repeated wall time at both occurrences.
        addRun("Berlin autumn: 02:30 happens twice and runs twice", "30 2 * * *", "2024-10-26T12:00:00Z",
               "Europe/Berlin",
               {"2024-10-27T02:30:00+02:00", "2024-10-27T02:30:00+01:00", "2024-10-28T02:30:00+01:00",
                "2024-10-29T02:30:00+01:00"});
        addRun("Berlin spring hourly", "0 * * * *", "2024-03-30T23:30:00Z", "Europe/Berlin",
               {"2024-03-31T01:00:00+01:00", "2024-03-31T03:00:00+02:00", "2024-03-31T04:00:00+02:00"});
        addRun("Berlin autumn hourly", "0 * * * *", "2024-10-26T23:30:00Z", "Europe/Berlin",
               {"2024-10-27T02:00:00+02:00", "2024-10-27T02:00:00+01:00", "2024-10-27T03:00:00+01:00",
                "2024-10-27T04:00:00+01:00"});
        addRun("Berlin autumn half-hourly", "*/30 * * * *", "2024-10-26T23:45:00Z", "Europe/Berlin",
               {"2024-10-27T02:00:00+02:00", "2024-10-27T02:30:00+02:00", "2024-10-27T02:00:00+01:00",
                "2024-10-27T02:30:00+01:00", "2024-10-27T03:00:00+01:00"});
        addRun("Berlin spring 03:00 exists", "0 3 * * *", "2024-03-30T12:00:00Z", "Europe/Berlin",
               {"2024-03-31T03:00:00+02:00", "2024-04-01T03:00:00+02:00"});
        // America/New_York: 2024-03-10 02:00 EST -> 03:00 EDT; 2024-11-03 02:00 EDT -> 01:00 EST.
        addRun("New York spring: 02:30 skipped", "30 2 * * *", "2024-03-09T12:00:00Z", "America/New_York",
               {"2024-03-11T02:30:00-04:00", "2024-03-12T02:30:00-04:00", "2024-03-13T02:30:00-04:00"});
        addRun("New York autumn: 01:30 twice", "30 1 * * *", "2024-11-02T12:00:00Z", "America/New_York",
               {"2024-11-03T01:30:00-04:00", "2024-11-03T01:30:00-05:00", "2024-11-04T01:30:00-05:00",
                "2024-11-05T01:30:00-05:00"});
        addRun("New York midnight across spring", "0 0 * * *", "2024-03-09T12:00:00Z", "America/New_York",
               {"2024-03-10T00:00:00-05:00", "2024-03-11T00:00:00-04:00", "2024-03-12T00:00:00-04:00"});
        // America/Santiago changes at midnight: 2024-09-08 00:00 -04 -> 01:00 -03 (no midnight that
        // day); 2024-04-07 00:00 -03 -> 2024-04-06 23:00 -04 (23:xx twice).
        addRun("Santiago spring: no midnight, no daily run", "@daily", "2024-09-06T12:00:00Z", "America/Santiago",
               {"2024-09-07T00:00:00-04:00", "2024-09-09T00:00:00-03:00", "2024-09-10T00:00:00-03:00"});
        addRun("Santiago spring: yearly midnight run skips a year", "0 0 8 9 *", "2024-01-01T00:00:00Z",
               "America/Santiago", {"2025-09-08T00:00:00-03:00", "2026-09-08T00:00:00-03:00"});
        addRun("Santiago spring: 01:00 on the change day", "0 1 8 9 *", "2024-01-01T00:00:00Z", "America/Santiago",
               {"2024-09-08T01:00:00-03:00", "2025-09-08T01:00:00-03:00"});
        addRun("Santiago monthly across the change", "@monthly", "2024-08-15T00:00:00Z", "America/Santiago",
               {"2024-09-01T00:00:00-04:00", "2024-10-01T00:00:00-03:00"});
        addRun("Santiago autumn: 23:30 twice", "30 23 * * *", "2024-04-05T12:00:00Z", "America/Santiago",
               {"2024-04-05T23:30:00-03:00", "2024-04-06T23:30:00-03:00", "2024-04-06T23:30:00-04:00"});
        addRun("Sao Paulo 2018: no midnight on 4 November", "@daily", "2018-11-02T12:00:00Z", "America/Sao_Paulo",
               {"2018-11-03T00:00:00-03:00", "2018-11-05T00:00:00-02:00", "2018-11-06T00:00:00-02:00"});
    }
    void daylightSaving() { checkRuns(); }

    void neverMatchingStopsQuickly_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::newRow("UTC") << QStringLiteral("UTC");
        QTest::newRow("Europe/Berlin") << QStringLiteral("Europe/Berlin");
    }
    void neverMatchingStopsQuickly()
    {
        // The search gives up after its bound instead of looping (no timing assertion here:
        // bench/run measures speed).
        QFETCH(QString, zone);
        const CronSchedule s = parsed(QStringLiteral("0 0 30 2 *")); // 30 February
        QVERIFY(nextRuns(s, utc("2024-01-01T00:00:00Z"), QTimeZone(zone.toUtf8()), 5).isEmpty());
    }

    void sparseSchedulesAreFound()
    {
        const CronSchedule s = parsed(QStringLiteral("59 23 29 2 *"));
        const QList<QDateTime> runs = nextRuns(s, utc("2024-03-01T00:00:00Z"), QTimeZone("Europe/Berlin"), 5);
        QCOMPARE(runs.size(), 5);
        QCOMPARE(stamp(runs.last()), QStringLiteral("2044-02-29T23:59:00+01:00"));
    }

    // robfig itself never returns here (Samoa skipped 30 December 2011 entirely); we must.
    void skippedDayTerminates()
    {
        const QTimeZone apia("Pacific/Apia");
        if (!apia.isValid())
            QSKIP("no Pacific/Apia zone data");
        const CronSchedule s = parsed(QStringLiteral("42 10 30 * *"));
        const QList<QDateTime> runs = nextRuns(s, utc("2011-12-01T00:00:00Z"), apia, 3);
        for (const QDateTime& t : runs)
            QVERIFY(t.date().day() == 30);
    }

    void noRuns_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<bool>("validZone");
        QTest::addColumn<bool>("validFrom");
        QTest::newRow("count 0") << 0 << true << true;
        QTest::newRow("negative count") << -3 << true << true;
        QTest::newRow("invalid zone") << 3 << false << true;
        QTest::newRow("invalid from") << 3 << true << false;
    }
    void noRuns()
    {
        QFETCH(int, count);
        QFETCH(bool, validZone);
        QFETCH(bool, validFrom);
        const CronSchedule s = parsed(QStringLiteral("@hourly"));
        const QTimeZone zone = validZone ? QTimeZone::utc() : QTimeZone();
        const QDateTime from = validFrom ? utc("2024-05-15T10:20:30Z") : QDateTime();
        QVERIFY(nextRuns(s, from, zone, count).isEmpty());
        // ...while the same call with good arguments does give runs.
        QCOMPARE(nextRuns(s, utc("2024-05-15T10:20:30Z"), QTimeZone::utc(), 3).size(), 3);
        QVERIFY(nextRuns(CronSchedule{}, utc("2024-05-15T10:20:30Z"), QTimeZone::utc(), 3).isEmpty());
    }

    void prefixZoneAppliesWithoutCallerZone()
    {
        const CronSchedule s = parsed(QStringLiteral("CRON_TZ=Asia/Tokyo 0 9 * * *"));
        QCOMPARE(stamps(nextRuns(s, utc("2024-05-15T10:20:30Z"), QTimeZone(), 1)),
                 QStringList{QStringLiteral("2024-05-16T09:00:00+09:00")});
    }

    // ---- parsing -----------------------------------------------------------------------------

    void parsedFields()
    {
        const CronSchedule s = parsed(QStringLiteral("5/15 9-17/4 */10 FEB,dec MON-fri"));
        QCOMPARE(s.minutes, (quint64(1) << 5) | (quint64(1) << 20) | (quint64(1) << 35) | (quint64(1) << 50));
        QCOMPARE(s.hours, (1u << 9) | (1u << 13) | (1u << 17));
        QCOMPARE(s.daysOfMonth, (1u << 1) | (1u << 11) | (1u << 21) | (1u << 31));
        QCOMPARE(s.months, (1u << 2) | (1u << 12));
        QCOMPARE(s.daysOfWeek, 0x3Eu); // Monday (1) to Friday (5)
        QVERIFY(!s.dayOfMonthStar);
        QVERIFY(!s.dayOfWeekStar);
        QVERIFY(!s.isEvery());
        QVERIFY(s.timeZoneId.isEmpty());
        QVERIFY(!s.timeZone.isValid());

        const CronSchedule star = parsed(QStringLiteral("0 0 */1 * ?"));
        QVERIFY(star.dayOfMonthStar);
        QVERIFY(star.dayOfWeekStar);
        QCOMPARE(star.daysOfMonth, 0xFFFFFFFEu);
        QCOMPARE(star.daysOfWeek, 0x7Fu);

        // Empty list elements are skipped, as robfig does.
        QCOMPARE(parsed(QStringLiteral("1,,2, * * * *")).minutes, quint64(6));

        const CronSchedule every = parsed(QStringLiteral("@every 1h30m"));
        QVERIFY(every.isEvery());
        QCOMPARE(every.everySeconds, qint64(5400));

        const CronSchedule zoned = parsed(QStringLiteral("CRON_TZ=Europe/Berlin   @daily"));
        QCOMPARE(zoned.timeZoneId, QStringLiteral("Europe/Berlin"));
        QCOMPARE(zoned.timeZone.id(), QByteArray("Europe/Berlin"));
        QCOMPARE(zoned.expression, QStringLiteral("CRON_TZ=Europe/Berlin   @daily"));
        QCOMPARE(zoned.hours, 1u);
    }

    void invalid_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("message");
        auto row = [](const char* name, const char* expression, const char* message) {
            QTest::newRow(name) << QString::fromUtf8(expression) << QString::fromUtf8(message);
        };
        row("empty", "", "empty schedule");
        row("blank", "   ", "empty schedule");
        row("four fields", "* * * *",
            "expected exactly 5 fields (minute hour day-of-month month day-of-week), found 4: * * * *");
        row("six fields (seconds)", "0 0 0 * * *",
            "expected exactly 5 fields (minute hour day-of-month month day-of-week), found 6: 0 0 0 * * * "
            "(a seconds field is not supported)");
        row("minute 60", "60 * * * *", "minute: 60 is out of range 0-59");
        row("beyond 64 bits", "99999999999999999999 * * * *", "minute: \"99999999999999999999\" is not a number");
        row("step beyond 64 bits", "*/99999999999999999999 * * * *",
            "minute: step \"99999999999999999999\" is not a number in \"*/99999999999999999999\"");
        row("hour 24", "0 24 * * *", "hour: 24 is out of range 0-23");
        row("day 0", "0 0 0 * *", "day-of-month: 0 is out of range 1-31");
        row("day 32", "0 0 32 * *", "day-of-month: 32 is out of range 1-31");
        row("month 13", "0 0 * 13 *", "month: 13 is out of range 1-12");
        row("weekday 8", "0 0 * * 8", "day-of-week: 8 is out of range 0-6");
        row("weekday 7 (robfig has no 7)", "0 0 * * 7", "day-of-week: 7 is out of range 0-6");
        row("range end out of range", "0 0 * * 1-9", "day-of-week: 9 is out of range 0-6");
        row("backwards range", "0 0 * * FRI-MON", "day-of-week: range start 5 is after its end 1 in \"FRI-MON\"");
        row("step 0", "*/0 * * * *", "minute: step must be a positive number in \"*/0\"");
        row("step not a number", "*/x * * * *", "minute: step \"x\" is not a number in \"*/x\"");
        row("step missing", "5/ * * * *", "minute: step \"\" is not a number in \"5/\"");
        row("two slashes", "1/2/3 * * * *", "minute: too many slashes in \"1/2/3\"");
        row("two hyphens", "1-2-3 * * * *", "minute: too many hyphens in \"1-2-3\"");
        row("negative", "-1 * * * *", "minute: \"-1\" is not a value or range (negative numbers are not allowed)");
        row("open range", "0 1- * * *", "hour: missing value in \"1-\"");
        row("unknown month", "0 0 * FOO *", "month: \"FOO\" is not a number or a month name (JAN-DEC)");
        row("day name in month", "0 0 * MON *", "month: \"MON\" is not a number or a month name (JAN-DEC)");
        row("long day name", "0 0 * * FRIDAY", "day-of-week: \"FRIDAY\" is not a number or a day name (SUN-SAT)");
        row("name in minutes", "jan * * * *", "minute: \"jan\" is not a number");
        row("L is not supported", "0 0 L * *", "day-of-month: \"L\" is not a number");
        row("only commas", "0 , * * *", "hour: no value in \",\"");
        row("unknown descriptor", "@fortnightly",
            "unknown descriptor \"@fortnightly\" (expected @yearly, @annually, @monthly, @weekly, @daily, "
            "@midnight, @hourly or @every <duration>)");
        row("descriptor in capitals", "@Daily", "descriptor \"@Daily\" must be written in lower case");
        row("space after descriptor", "@daily ", "unexpected white space after descriptor \"@daily \"");
        row("space before descriptor", " @daily", "unexpected white space before descriptor \"@daily\"");
        row("@every alone", "@every", "@every must be followed by a space and a duration, e.g. \"@every 1h30m\"");
        row("@every without space", "@every5m", "@every must be followed by a space and a duration, e.g. \"@every 1h30m\"");
        row("@every in days", "@every 1d",
            "@every: invalid duration \"1d\": unknown unit \"d\" (use h, m, s, ms, us or ns)");
        row("@every without unit", "@every 10",
            "@every: invalid duration \"10\": missing unit (use h, m, s, ms, us or ns)");
        row("@every with a space inside", "@every 1h 30m",
            "@every: invalid duration \"1h 30m\": no spaces allowed (e.g. 1h30m)");
        row("@every empty", "@every ",
            "@every: invalid duration \"\": expected a number with a unit, e.g. 1h30m");
        row("unknown zone", "CRON_TZ=Mars/Olympus 0 0 * * *", "time zone \"Mars/Olympus\" is unknown");
        row("zone without schedule", "CRON_TZ=UTC", "CRON_TZ=UTC must be followed by a space and the schedule");
        row("bad field after zone", "TZ=UTC 0 0 * * 8", "day-of-week: 8 is out of range 0-6");
    }
    void invalid()
    {
        QFETCH(QString, expression);
        QFETCH(QString, message);
        QString error = QStringLiteral("stale");
        QVERIFY(!parseCron(expression, &error).has_value());
        QCOMPARE(error, message);
        QVERIFY(!parseCron(expression, nullptr).has_value()); // no error wanted: still refused, no crash
    }

    void validClearsError()
    {
        QString error = QStringLiteral("stale");
        QVERIFY(parseCron(QStringLiteral("0 0 * * *"), &error).has_value());
        QVERIFY(error.isEmpty());
        QVERIFY(parseCron(QStringLiteral("+5 05 * * *"), nullptr).has_value()); // as Go's Atoi
        QCOMPARE(parsed(QStringLiteral("7/9223372036854775807 * * * *")).minutes, quint64(1) << 7);
    }

    // ---- descriptions ------------------------------------------------------------------------

    void describe_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("description");
        auto row = [](const char* expression, const char* description) {
            QTest::newRow(expression) << QString::fromLatin1(expression) << QString::fromLatin1(description);
        };
        row("*/15 * * * *", "every 15 minutes");
        row("* * * * *", "every minute");
        row("30 2 * * *", "at 02:30 every day");
        row("0 6 * * 1-5", "at 06:00 on Monday to Friday");
        row("0 6 * * MON-FRI", "at 06:00 on Monday to Friday");
        row("0 0 1 * *", "at 00:00 on day 1 of the month");
        row("@every 1h30m", "every 1h30m");
        row("@every 90m", "every 1h30m");
        row("@every 45s", "every 45s");
        row("@every 500ms", "every 1s");
        row("@yearly", "at 00:00 on 1 January");
        row("@annually", "at 00:00 on 1 January");
        row("@monthly", "at 00:00 on day 1 of the month");
        row("@weekly", "at 00:00 on Sunday");
        row("@daily", "at 00:00 every day");
        row("@midnight", "at 00:00 every day");
        row("@hourly", "every hour");
        row("15 * * * *", "every hour at minute 15");
        row("0 */2 * * *", "every 2 hours");
        row("30 */6 * * *", "every 6 hours at minute 30");
        row("0 9-17 * * 1-5", "every hour from 09:00 to 17:00 on Monday to Friday");
        row("*/15 9-17 * * 1-5", "every 15 minutes from 09:00 to 17:45 on Monday to Friday");
        row("0 9,17 * * *", "at 09:00 and 17:00 every day");
        row("0,30 9 * * *", "at 09:00 and 09:30 every day");
        row("0 12 * * 1,3,5", "at 12:00 on Monday, Wednesday and Friday");
        row("0 0 * * 6,0", "at 00:00 on Saturday and Sunday");
        row("0 0 1,15 * *", "at 00:00 on days 1 and 15 of the month");
        row("0 0 1-7 * *", "at 00:00 on days 1 to 7 of the month");
        row("0 0 29 2 *", "at 00:00 on 29 February");
        row("0 0 1 1,7 *", "at 00:00 on day 1 of the month in January and July");
        row("0 0 * 3-5 *", "at 00:00 every day in March to May");
        row("0 0 13 * FRI", "at 00:00 on day 13 of the month and on Friday");
        row("0 0 1-31 * MON", "at 00:00 every day"); // either rule: every day matches
        row("CRON_TZ=Europe/Berlin 30 2 * * *", "at 02:30 every day (Europe/Berlin)");
        row("CRON_TZ=Local 30 2 * * *", "at 02:30 every day");
        // Too irregular: the expression itself.
        row("0 0 */2 * *", "0 0 */2 * *");
        row("0 0 */2 * MON", "0 0 */2 * MON");
        row("1,2,3,4,5 1,2 * * *", "1,2,3,4,5 1,2 * * *");
        row("0 0 1 */2 *", "0 0 1 */2 *");
    }
    void describe()
    {
        QFETCH(QString, expression);
        QFETCH(QString, description);
        QCOMPARE(describeCron(parsed(expression)), description);
    }

    void describeInvalidScheduleGivesItsText()
    {
        CronSchedule s;
        s.expression = QStringLiteral("nonsense");
        QCOMPARE(describeCron(s), QStringLiteral("nonsense"));
    }

    void summarizeScheduleForTheScheduledTab()
    {
        const QDateTime from(QDate(2026, 11, 21), QTime(10, 0), QTimeZone::utc());
        // No zone anywhere: the operator's own, taken as UTC.
        model::ScheduleSummary s = model::summarizeSchedule(QStringLiteral("0 2 * * *"), QString(), from, 2);
        QVERIFY(s.valid);
        QCOMPARE(s.words, QStringLiteral("at 02:00 every day"));
        QCOMPARE(s.zone, QStringLiteral("UTC"));
        QVERIFY(s.defaultZone);
        QCOMPARE(s.next, (QList<QDateTime>{QDateTime(QDate(2026, 11, 22), QTime(2, 0), QTimeZone::utc()),
                                           QDateTime(QDate(2026, 11, 23), QTime(2, 0), QTimeZone::utc())}));
        // spec.timeZone: runs in that zone.
        s = model::summarizeSchedule(QStringLiteral("30 3 * * 1-5"), QStringLiteral("Europe/Berlin"), from, 1);
        QCOMPARE(s.words, QStringLiteral("at 03:30 on Monday to Friday"));
        QCOMPARE(s.zone, QStringLiteral("Europe/Berlin"));
        QVERIFY(!s.defaultZone);
        QCOMPARE(s.next.value(0).toUTC(), QDateTime(QDate(2026, 11, 23), QTime(2, 30), QTimeZone::utc()));
        // A CRON_TZ prefix wins, and is not said twice.
        s = model::summarizeSchedule(QStringLiteral("CRON_TZ=Asia/Tokyo 0 9 * * *"), QStringLiteral("Europe/Berlin"), from, 0);
        QCOMPARE(s.words, QStringLiteral("at 09:00 every day"));
        QCOMPARE(s.zone, QStringLiteral("Asia/Tokyo"));
        // Errors say what is wrong.
        s = model::summarizeSchedule(QStringLiteral("0 2 * *"), QString(), from, 1);
        QVERIFY(!s.valid);
        QVERIFY2(s.error.contains(QStringLiteral("5 fields")), qPrintable(s.error));
        s = model::summarizeSchedule(QStringLiteral("0 2 * * *"), QStringLiteral("Mars/Olympus"), from, 1);
        QVERIFY(!s.valid);
        QVERIFY(s.error.contains(QStringLiteral("Mars/Olympus")));
    }
};

QTEST_GUILESS_MAIN(TestCron)
#include "tst_cron.moc"
