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
/* Weekdays as "mon-sat", "mon,wed,fri", "fri-mon" (wraps) or "daily":
 * sets *mask bits 0 = Sunday .. 6 = Saturday. 0, or -1 (quiet). */
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
