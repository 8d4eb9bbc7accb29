#pragma once

// Cron schedules of ScheduledSparkApplication `spec.schedule`, per the robfig/cron v3 standard
// parser (cron.ParseStandard), which the Kubeflow Spark Operator v2.x uses: parsing, the next run
// times, and a short English description for the job editor. Implemented in three parts:
// cronparse.cpp (parseCron), cronnext.cpp (nextRuns) and crondescribe.cpp (describeCron,
// summarizeSchedule).
//
// Written here because Debian 12 packages no C++ cron library (apt-cache search finds only Go,
// Perl, Ruby, PHP and Node ones); this is an independent implementation of robfig's documented
// behaviour, checked against robfig/cron v3.0.1 itself while writing the tests.
//
// Grammar accepted (as robfig's standard parser):
//   [CRON_TZ=Zone/Name |TZ=Zone/Name ] ( descriptor | minute hour day-of-month month day-of-week )
//   descriptors: @yearly @annually @monthly @weekly @daily @midnight @hourly (exact, lower case),
//                @every <Go duration> ("1h30m", "90m", "1.5h", "45s"; rounded down to whole
//                seconds, anything below one second runs every second).
//   fields: minute 0-59, hour 0-23, day-of-month 1-31, month 1-12 or JAN-DEC, day-of-week 0-6
//           (0 = Sunday; 7 is NOT accepted) or SUN-SAT; names are case-insensitive.
//   each field is a comma list of: `*` or `?` (any field), `a`, `a-b`, `*/n`, `a-b/n`, `a/n`
//   (= a-max/n).
//   Day matching: if day-of-month or day-of-week is a bare `*`/`?` (also `*/1`), a day must match
//   both; otherwise (both restricted, including `*/2`) a day matches when EITHER matches.

#include <QDateTime>
#include <QList>
#include <QString>
#include <QTimeZone>
#include <QtGlobal>

#include <optional>

namespace model {

/// A parsed schedule. Produce it with parseCron(); the fields mirror robfig's SpecSchedule.
struct CronSchedule {
    QString expression;        ///< the text given to parseCron(), unchanged
    QString timeZoneId;        ///< zone of a CRON_TZ=/TZ= prefix ("" when none, or "Local")
    QTimeZone timeZone;        ///< that zone; invalid (default-constructed) when there is none
    qint64 everySeconds = 0;   ///< @every: the interval in whole seconds (>= 1); 0 for field schedules

    // Field schedules: bit i set = value i allowed.
    quint64 minutes = 0;       ///< bits 0-59
    quint32 hours = 0;         ///< bits 0-23
    quint32 daysOfMonth = 0;   ///< bits 1-31
    quint32 months = 0;        ///< bits 1-12
    quint32 daysOfWeek = 0;    ///< bits 0-6, 0 = Sunday
    bool dayOfMonthStar = false; ///< day-of-month had a bare `*`/`?` (robfig's "star bit")
    bool dayOfWeekStar = false;  ///< day-of-week had a bare `*`/`?`

    /// True for an `@every <duration>` schedule (a fixed interval, not tied to the clock).
    bool isEvery() const { return everySeconds > 0; }
    /// True when this came out of a successful parseCron() (a default-constructed one is not).
    bool isValid() const { return everySeconds > 0 || minutes != 0; }
};

/// Parses `expression` per the robfig/cron v3 standard parser (see the top of this file).
/// Returns the schedule, or std::nullopt when the expression is invalid; then, when `error` is not
/// null, sets *error to one English sentence naming the bad part, e.g.
///   "day-of-week: 8 is out of range 0-6",
///   "expected exactly 5 fields (minute hour day-of-month month day-of-week), found 6: ...",
///   "minute: step must be a positive number in \"*/0\"",
///   "month: \"FOO\" is not a number or a month name (JAN-DEC)",
///   "time zone \"Mars/Olympus\" is unknown", "empty schedule".
/// The messages are SparkDeck's own (clearer than robfig's), the accepted language is robfig's.
std::optional<CronSchedule> parseCron(const QString& expression, QString* error);

/// The next `count` run times strictly after `from`, per robfig/cron v3 (SpecSchedule.Next applied
/// repeatedly, each time from the previous run, as the operator does).
/// Times are computed and returned in the schedule's own CRON_TZ/TZ zone when it has one (it wins
/// over `zone`, as in robfig), else in `zone` (the ScheduledSparkApplication's spec.timeZone; the
/// operator uses its own local zone, usually UTC, when that is empty). Second precision: `from`'s
/// milliseconds are dropped.
/// DST, exactly as robfig: a wall time that does not exist (spring forward, e.g. 02:30 in
/// Europe/Berlin on the last Sunday of March) has no run that day; a wall time that occurs twice
/// (fall back) runs TWICE, once at each occurrence (robfig v3.0.1 does this; verified).
/// @every schedules: from + n * interval (from rounded down to the second), independent of zones.
/// Each run is searched at most about 5 years ahead (robfig's limit); a schedule that never
/// matches (e.g. "0 0 30 2 *") gives fewer than `count` times, possibly none. Returns an empty
/// list for an invalid schedule, an invalid `from`, count <= 0, or when no valid zone applies.
QList<QDateTime> nextRuns(const CronSchedule& schedule, const QDateTime& from, const QTimeZone& zone,
                          int count);

/// A short English description, e.g. "every 15 minutes", "at 02:30 every day",
/// "at 06:00 on Monday to Friday", "at 00:00 on day 1 of the month", "at 00:00 on 1 January",
/// "at 00:00 on day 13 of the month and on Friday" (the either-or day rule), "every 1h30m";
/// " (Zone/Name)" is appended when the expression has a CRON_TZ/TZ prefix. Falls back to the
/// expression itself when the schedule is too irregular to say briefly (or is not valid).
QString describeCron(const CronSchedule& schedule);

/// A ScheduledSparkApplication's `spec.schedule` with its `spec.timeZone`, for display.
struct ScheduleSummary {
    bool valid = false;
    QString error;           ///< why `schedule` is invalid (parseCron's sentence, or the unknown zone)
    QString words;           ///< describeCron(), e.g. "at 02:00 every day"
    QString zone;            ///< the zone the runs are in: the CRON_TZ/TZ prefix, else spec.timeZone,
                             ///< else "UTC"
    bool defaultZone = false; ///< neither was set: the operator's local zone, taken as UTC
    QList<QDateTime> next;   ///< the next runs after `from`, in that zone
};
/// Summarises `schedule` in `timeZone` ("" = the operator's local zone, taken as UTC): the words,
/// the zone and the next `count` runs after `from`.
ScheduleSummary summarizeSchedule(const QString& schedule, const QString& timeZone, const QDateTime& from, int count);

} // namespace model
