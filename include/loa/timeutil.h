/*
 * timeutil.h — civil time at the edges: parsing what the officer types,
 * printing what the officer and the district read, and converting between
 * UTC instants and the station's IANA zone.
 *
 * Inside loa an instant is int64_t milliseconds since 1970-01-01 UTC
 * ("_ms" names). A zone is an IANA name ("Asia/Ho_Chi_Minh") checked
 * against the system tz database; an unknown zone is an error, never UTC.
 */
#ifndef LOA_TIMEUTIL_H
#define LOA_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

/* A civil date and time in some zone. */
struct civil {
	int year, month, day; /* month 1-12, day 1-31 */
	int hour, min, sec;   /* 24-hour */
};

/* 0 if zone names a time zone of the system tz database, else -1 (quiet). */
int tz_valid(const char *zone);
/* Writes the system's IANA zone (/etc/timezone or /etc/localtime's link
 * target, else "UTC") into buf. */
void tz_system(char *buf, size_t n);

/* Converts a civil time in zone to a UTC instant. A time that does not
 * exist (a DST gap) is moved forward by the gap, as RFC 5545 requires; an
 * ambiguous one takes the first (earlier) occurrence. -1 on a bad zone. */
int tz_to_utc(const char *zone, const struct civil *c, int64_t *out_ms);
/* Converts a UTC instant to the civil time in zone and its UTC offset in
 * seconds (east positive). -1 on a bad zone. */
int tz_from_utc(const char *zone, int64_t ms, struct civil *out, int *gmtoff_s);

/* Strict "YYYY-MM-DD" (real calendar dates only). 0 or -1. */
int time_parse_date(const char *s, struct civil *out);
/* Strict "HH:MM" or "HH:MM:SS". 0 or -1. */
int time_parse_clock(const char *s, int *hour, int *min, int *sec);
/* Weekdays as time_read_weekdays reads them (the officer's forms and
 * "mon-sat", "mon,wed,fri", "fri-mon", "daily"): sets *mask bits 0 =
 * Sunday .. 6 = Saturday. 0, or -1 (quiet). */
int time_parse_weekdays(const char *s, int *mask);
/* A comma-separated list of "YYYY-MM-DD" dates into a malloc'd array
 * (*out, *n; *out may stay NULL when the list is empty). 0, or -1 (quiet;
 * *out is then freed by the caller). */
int time_parse_date_list(const char *s, struct civil **out, int *n);
/*
 * An instant as the officer or a script writes it:
 *   2024-03-01                     midnight in zone
 *   2024-03-01T06:00[:SS]          civil time in zone ('T' or one space)
 *   2024-03-01T06:00:00Z           UTC
 *   2024-03-01T06:00:00+07:00      explicit offset
 * Returns 0, or -1 (quiet) when s does not parse or is not a real date.
 */
int time_parse_instant(const char *s, const char *zone, int64_t *out_ms);

/*
 * ---- What the officer types (timeread.c) ----
 *
 * The readers below take a value as a Vietnamese officer writes it, with
 * or without diacritics, in any case, composed or decomposed (a phone's
 * keyboard may send "ê" as "e" and a combining mark), with stray spaces:
 *
 *   dates     01/07/2026, 1/7/2026, 1-7-2026, 1.7.2026, ngày 1 tháng 7
 *             năm 2026, 2026-07-01; day first, as Vietnam writes them.
 *             Without a year (01/02) the year is chosen: the next such
 *             day from today (today included) for what is to come, the
 *             last one for what is past. A two-digit year is refused.
 *   times     6h, 6h30, 6g30, 17g, 6:00, 06:00, 06:00:30, 6 giờ 30,
 *             6 giờ rưỡi, 5 giờ chiều (17:00), 8 giờ tối (20:00)
 *   instants  a date, or a date and a time in either order
 *             (1/7/2026 6h30, 6h30 ngày 1/7/2026), or ISO 8601
 *   weekdays  t2-t7, thứ 2 - thứ 7, thứ hai, t2,t4,t6, thứ 2, 4, 6, cn,
 *             chủ nhật, t2-cn, hằng ngày; mon-sat, mon,wed,fri, daily
 *   periods   quarters 3/2026, III/2026, quý 3/2026, quý III năm 2026,
 *             Q3/2026, 2026Q3; halves 6 tháng đầu năm 2026, 6 tháng cuối
 *             năm 2026, H1/2026, 1/2026, 2026H1; years 2026, năm 2026
 *
 * What machines write (calendars, CSV, LOA_CLOCK, the station's rows)
 * keeps the strict parsers above. Every reader is quiet: it fills a
 * struct time_reading, and the front end words the refusal with
 * time_fault_text() and time_examples(), in its own place (the command
 * line names its option, a form puts it beside the field).
 */

/* Why a value was refused. */
enum time_fault {
	TIME_OK = 0,
	TIME_EMPTY,       /* nothing was typed */
	TIME_SHAPE,       /* not a form loa reads */
	TIME_NO_SUCH_DAY, /* a date that does not exist: 31/02/2026, 01/13/2026 */
	TIME_SHORT_YEAR,  /* a two-digit year: 1/7/26 */
	TIME_NO_YEAR,     /* no year, where one is needed */
	TIME_RANGE,       /* a number out of range: 25h, 6h75, t8, quý 5, year 1900 */
};

/* What a value is meant to be: which words a refusal and its examples use. */
enum time_what { TIME_DATE, TIME_CLOCK, TIME_INSTANT, TIME_DAYS, TIME_QUARTER, TIME_HALF, TIME_YEAR };

/* How a value was read, or why it was refused. */
struct time_reading {
	enum time_fault fault; /* TIME_OK when read */
	enum time_what part;   /* an instant's part at fault: TIME_DATE or TIME_CLOCK */
	int year_chosen;       /* a date without a year: the year was chosen */
	int day_first;         /* a d/m date whose parts could both be months */
	int has_time;          /* time_read_instant: a time of day was given */
	int day, month, year;  /* the date as typed (for the words of a refusal), 0 if not */
};

/* Today's civil date (hour 0) in zone, by the one clock (clock.h). */
void time_today(const char *zone, struct civil *out);

/* A date; today NULL when the year must be given, past 1 when a year
 * left out means the last such day rather than the next. 0, or -1 with
 * how->fault set. */
int time_read_date(const char *s, const struct civil *today, int past, struct civil *out,
                   struct time_reading *how);
/* A time of day. 0, or -1 with how->fault set. */
int time_read_clock(const char *s, int *hour, int *min, int *sec, struct time_reading *how);
/* A date (midnight), or a date and a time, in zone; or any form
 * time_parse_instant reads. how->has_time says whether a time was given.
 * 0, or -1 with how->fault set. */
int time_read_instant(const char *s, const char *zone, const struct civil *today, int past, int64_t *out_ms,
                      struct time_reading *how);
/* Weekdays (see time_parse_weekdays). 0, or -1 with how->fault set. */
int time_read_weekdays(const char *s, int *mask, struct time_reading *how);
/* A period of kind 'Q' (quarter: *part 1-4), 'H' (half: 1-2) or 'Y'
 * (year: *part 0). 0, or -1 with how->fault set. */
int time_read_period(const char *s, char kind, int *year, int *part, struct time_reading *how);

/* The refusal of s as a what, in words, naming s ("no such day: '31/02/2026'
 * (February 2026 has 28 days)"). Translated; returns buf. */
char *time_fault_text(enum time_what what, const char *s, const struct time_reading *how, char *buf,
                      size_t n);
/* Examples of every form a what is written in, for the hint under a
 * refusal ("write a date day first, e.g. 01/07/2026 ..."). Translated. */
const char *time_examples(enum time_what what);
/* When the date c read from s had no year or could be read month first,
 * says how it was read ("'01/02' is read as 1 February 2027") as an info
 * line through log.h, so the officer sees the choice made. */
void time_reading_note(const char *s, const struct civil *c, const struct time_reading *how);

/* "2024-03-01T06:00:00+07:00" (ISO 8601 with offset). Returns buf. */
char *time_format_iso(int64_t ms, const char *zone, char *buf, size_t n);
/* "01/03/2024 06:00" (dd/mm/yyyy, 24-hour: how Vietnam writes it). */
char *time_format_vn(int64_t ms, const char *zone, char *buf, size_t n);
/* "01/03/2024". */
char *time_format_vn_date(int64_t ms, const char *zone, char *buf, size_t n);

/* Day of week of a civil date, 0 = Sunday. */
int civil_weekday(const struct civil *c);
/* Days in a month (month 1-12). */
int civil_days_in_month(int year, int month);
/* A civil time as seconds counted as if it were UTC (proleptic Gregorian;
 * keeps the order of civil times, and a day past the month's end or an
 * hour of 24 counts on, as mktime would). */
int64_t civil_secs(const struct civil *c);
/* The inverse of civil_secs. */
struct civil civil_of_secs(int64_t s);

#endif
