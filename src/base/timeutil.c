/*
 * timeutil.c — zone conversion through the C library's tz code.
 *
 * glibc reads the same /usr/share/zoneinfo files as libical and keeps them
 * current with Debian's tzdata, so conversions here agree with the
 * recurrence engine. The price is that glibc's zone is process-global: we
 * switch TZ for each conversion and cache the last zone to make repeated
 * conversions in one zone cheap. loa converts on one thread only; the
 * real-time audio thread never converts times.
 *
 * glibc silently treats an unknown TZ as UTC, so tz_valid() checks the
 * zone file itself before anyone relies on it.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "loa/timeutil.h"

static const char *
zoneinfo_dir(void)
{
	const char *d = getenv("TZDIR");

	return d && *d ? d : "/usr/share/zoneinfo";
}

int
tz_valid(const char *zone)
{
	char path[PATH_MAX], magic[4];
	int fd;
	ssize_t n;

	if (!zone || !*zone || zone[0] == '/' || strstr(zone, "..") || strlen(zone) > 64)
		return -1;
	for (const char *p = zone; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/_-+", *p))
			return -1;
	snprintf(path, sizeof path, "%s/%s", zoneinfo_dir(), zone);
	/* O_NONBLOCK: a FIFO under TZDIR must not hold the check (its read
	 * then fails, and the zone is refused). */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, magic, sizeof magic);
	close(fd);
	return n == 4 && memcmp(magic, "TZif", 4) == 0 ? 0 : -1;
}

void
tz_system(char *buf, size_t n)
{
	char link[PATH_MAX];
	FILE *f;
	ssize_t len;
	const char *p;

	snprintf(buf, n, "UTC");
	if ((f = fopen("/etc/timezone", "r"))) {
		if (fgets(link, sizeof link, f)) {
			link[strcspn(link, " \t\r\n")] = 0;
			if (tz_valid(link) == 0) {
				snprintf(buf, n, "%s", link);
				fclose(f);
				return;
			}
		}
		fclose(f);
	}
	if ((len = readlink("/etc/localtime", link, sizeof link - 1)) > 0) {
		link[len] = 0;
		if ((p = strstr(link, "zoneinfo/")) && tz_valid(p + 9) == 0)
			snprintf(buf, n, "%s", p + 9);
	}
}

/* Makes zone the C library's current zone; caches the last one. */
static int
tz_enter(const char *zone)
{
	static char current[80];
	char spec[82];

	if (strcmp(current, zone) == 0)
		return 0;
	if (tz_valid(zone) != 0)
		return -1;
	snprintf(spec, sizeof spec, ":%s", zone);
	if (setenv("TZ", spec, 1) != 0)
		return -1;
	tzset();
	snprintf(current, sizeof current, "%s", zone);
	return 0;
}

int
civil_days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	if (month < 1 || month > 12)
		return 0;
	return days[month - 1] + (month == 2 && leap);
}

int
civil_weekday(const struct civil *c)
{
	/* Sakamoto's method. */
	static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
	int y = c->year - (c->month < 3);

	return (y + y / 4 - y / 100 + y / 400 + t[c->month - 1] + c->day) % 7;
}

static int
civil_ok(const struct civil *c)
{
	return c->year >= 1970 && c->year <= 9999 && c->month >= 1 && c->month <= 12 && c->day >= 1 &&
	       c->day <= civil_days_in_month(c->year, c->month) && c->hour >= 0 && c->hour <= 23 &&
	       c->min >= 0 && c->min <= 59 && c->sec >= 0 && c->sec <= 59;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm); a
 * month outside 1-12 counts into the years around. */
static int64_t
days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y += (m >= 1 ? m - 1 : m - 12) / 12;
	m = ((m - 1) % 12 + 12) % 12 + 1;
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t
civil_secs(const struct civil *c)
{
	return days_from_civil(c->year, c->month, c->day) * 86400 + (int64_t)c->hour * 3600 +
	       (int64_t)c->min * 60 + c->sec;
}

struct civil
civil_of_secs(int64_t s)
{
	int64_t days = (s >= 0 ? s : s - 86399) / 86400, sod = s - days * 86400;
	int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	struct civil c = {(int)(yoe + era * 400 + (m <= 2)),
	                  m,
	                  (int)(doy - (153 * mp + 2) / 5 + 1),
	                  (int)(sod / 3600),
	                  (int)(sod / 60 % 60),
	                  (int)(sod % 60)};
	return c;
}

/* The UTC offset (seconds east) in force at instant t. */
static int
offset_of(int64_t t, int *off)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!localtime_r(&tt, &tm))
		return -1;
	*off = (int)tm.tm_gmtoff;
	return 0;
}

/*
 * Without mktime: glibc's searches the zone with a dozen localtime calls
 * and was most of an all-day event's expansion. The instant t solves
 * t + offset(t) = local. Zones change their offset at most once within a
 * day or so, so the offsets a day before and a day after the reading are
 * the only candidates: each that maps back to itself is a solution (two
 * in a fall-back overlap: the earlier is taken), and none means a gap,
 * read with the offset in force before it (RFC 5545 3.3.5).
 */
int
tz_to_utc(const char *zone, const struct civil *c, int64_t *out_ms)
{
	int64_t local = civil_secs(c), best = INT64_MAX;
	int cand[2], off;

	if (tz_enter(zone) != 0 || offset_of(local - 86400, &cand[0]) != 0 ||
	    offset_of(local + 86400, &cand[1]) != 0)
		return -1;
	for (int i = 0; i < 2; i++)
		if (offset_of(local - cand[i], &off) == 0 && off == cand[i] && local - cand[i] < best)
			best = local - cand[i];
	if (best == INT64_MAX)
		best = local - cand[0];
	*out_ms = best * 1000;
	return 0;
}

int
tz_from_utc(const char *zone, int64_t ms, struct civil *out, int *gmtoff_s)
{
	struct tm tm;
	time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);

	if (tz_enter(zone) != 0 || !localtime_r(&t, &tm))
		return -1;
	out->year = tm.tm_year + 1900;
	out->month = tm.tm_mon + 1;
	out->day = tm.tm_mday;
	out->hour = tm.tm_hour;
	out->min = tm.tm_min;
	out->sec = tm.tm_sec;
	if (gmtoff_s)
		*gmtoff_s = (int)tm.tm_gmtoff;
	return 0;
}

/* Reads exactly n digits. */
static int
digits(const char **s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*s)[i]))
			return -1;
		v = v * 10 + ((*s)[i] - '0');
	}
	*s += n;
	*out = v;
	return 0;
}

static int
parse_date_prefix(const char **s, struct civil *c)
{
	memset(c, 0, sizeof *c);
	if (digits(s, 4, &c->year) || *(*s)++ != '-' || digits(s, 2, &c->month) || *(*s)++ != '-' ||
	    digits(s, 2, &c->day))
		return -1;
	return civil_ok(c) ? 0 : -1;
}

int
time_parse_date(const char *s, struct civil *out)
{
	if (!s || parse_date_prefix(&s, out) != 0 || *s)
		return -1;
	return 0;
}

static int
parse_clock_prefix(const char **s, int *h, int *m, int *sec)
{
	*sec = 0;
	if (digits(s, 2, h) || *(*s)++ != ':' || digits(s, 2, m))
		return -1;
	if (**s == ':') {
		(*s)++;
		if (digits(s, 2, sec))
			return -1;
	}
	return *h <= 23 && *m <= 59 && *sec <= 59 ? 0 : -1;
}

int
time_parse_clock(const char *s, int *hour, int *min, int *sec)
{
	if (!s || parse_clock_prefix(&s, hour, min, sec) != 0 || *s)
		return -1;
	return 0;
}

int
time_parse_instant(const char *s, const char *zone, int64_t *out_ms)
{
	struct civil c;
	int oh, om, sign;
	int64_t days;

	if (!s || parse_date_prefix(&s, &c) != 0)
		return -1;
	if (*s == 'T' || *s == ' ') {
		s++;
		if (parse_clock_prefix(&s, &c.hour, &c.min, &c.sec) != 0)
			return -1;
	} else if (*s) {
		return -1;
	}
	if (!*s)
		return tz_to_utc(zone, &c, out_ms);
	/* An explicit UTC or offset: compute the instant directly. */
	if (*s == 'Z' && !s[1]) {
		oh = om = 0;
		sign = 1;
	} else if ((*s == '+' || *s == '-')) {
		sign = *s++ == '-' ? -1 : 1;
		if (digits(&s, 2, &oh) || *s++ != ':' || digits(&s, 2, &om) || *s || oh > 14 || om > 59)
			return -1;
	} else {
		return -1;
	}
	/* Days from civil (Howard Hinnant's algorithm). */
	{
		int y = c.year - (c.month <= 2);
		int era = y / 400;
		unsigned yoe = (unsigned)(y - era * 400);
		unsigned doy = (153 * (c.month + (c.month > 2 ? -3 : 9)) + 2) / 5 + c.day - 1;
		unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
		days = (int64_t)era * 146097 + (int64_t)doe - 719468;
	}
	*out_ms = ((days * 86400 + c.hour * 3600 + c.min * 60 + c.sec) - sign * (oh * 3600 + om * 60)) * 1000;
	return 0;
}

/*
 * The UTC offset in force at ms. Exports format millions of instants, and
 * a localtime_r() per instant is most of their time, so the offset is
 * cached per UTC day: when it is the same at the day's first and last
 * millisecond, it holds all day (no zone changes its offset twice within a
 * day). A day with a change is computed exactly, every time.
 */
static int
offset_at(const char *zone, int64_t ms, int *off, int *whole_day)
{
	static struct {
		char zone[80]; /* "" while empty */
		int64_t day;   /* UTC days since 1970 */
		int off;       /* the offset all that day, seconds east */
	} cache[64];
	int64_t day = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
	int slot = (int)(day & 63), o1, o2;
	struct civil c;

	*whole_day = 1;
	if (cache[slot].day == day && strcmp(cache[slot].zone, zone) == 0) {
		*off = cache[slot].off;
		return 0;
	}
	if (tz_from_utc(zone, day * 86400000, &c, &o1) != 0 ||
	    tz_from_utc(zone, day * 86400000 + 86399999, &c, &o2) != 0)
		return -1;
	if (o1 != o2) {
		*whole_day = 0;
		return tz_from_utc(zone, ms, &c, off);
	}
	if (strlen(zone) < sizeof cache[slot].zone) {
		snprintf(cache[slot].zone, sizeof cache[slot].zone, "%s", zone);
		cache[slot].day = day;
		cache[slot].off = o1;
	}
	*off = o1;
	return 0;
}

static char *
put2(char *p, int v)
{
	*p++ = (char)('0' + v / 10 % 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

/*
 * The last day time_format_iso wrote, per thread: the span of instants in
 * one local day at one offset, and its text before and after the time of
 * day. A quarter's agenda writes 273,000 instants in 91 days; each after
 * the first of its day is its time of day alone.
 */
static _Thread_local struct {
	char zone[80];    /* "" while empty */
	int64_t lo, hi;   /* [lo, hi): UTC ms of that local day at that offset */
	int64_t midnight; /* the day's local midnight, UTC ms */
	char date[12];    /* "2026-12-06T" */
	char off[7];      /* "+07:00" */
} iso_day;

char *
time_format_iso(int64_t ms, const char *zone, char *buf, size_t n)
{
	int off, aoff, y, m, d, whole_day;
	char tmp[32], *p = tmp;
	int64_t s, day_ms, utc_day;

	if (ms >= iso_day.lo && ms < iso_day.hi && strcmp(iso_day.zone, zone) == 0) {
		s = (ms - iso_day.midnight) / 1000;
		memcpy(p, iso_day.date, 11);
		p += 11;
		p = put2(p, (int)(s / 3600));
		*p++ = ':';
		p = put2(p, (int)(s / 60 % 60));
		*p++ = ':';
		p = put2(p, (int)(s % 60));
		memcpy(p, iso_day.off, 6);
		p += 6;
		goto out;
	}
	if (offset_at(zone, ms, &off, &whole_day) != 0) {
		snprintf(buf, n, "?");
		return buf;
	}
	s = (ms >= 0 ? ms / 1000 : (ms - 999) / 1000) + off;
	struct civil c = civil_of_secs(s);
	y = c.year, m = c.month, d = c.day;
	if (y < 0 || y > 9999) {
		snprintf(buf, n, "?");
		return buf;
	}
	p = put2(put2(p, y / 100), y % 100);
	*p++ = '-';
	p = put2(p, m);
	*p++ = '-';
	p = put2(p, d);
	*p++ = 'T';
	p = put2(p, c.hour);
	*p++ = ':';
	p = put2(p, c.min);
	*p++ = ':';
	p = put2(p, c.sec);
	aoff = abs(off);
	*p++ = off < 0 ? '-' : '+';
	p = put2(p, aoff / 3600);
	*p++ = ':';
	p = put2(p, aoff % 3600 / 60);
	/* Kept: this local day within the UTC day whose offset is known to
	 * hold all day (offset_at), whole seconds of offset only. */
	if (whole_day && off % 60 == 0 && strlen(zone) < sizeof iso_day.zone) {
		day_ms = (s - (int64_t)c.hour * 3600 - c.min * 60 - c.sec - off) * 1000;
		utc_day = (ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000)) * 86400000;
		iso_day.lo = day_ms > utc_day ? day_ms : utc_day;
		iso_day.hi = day_ms + 86400000 < utc_day + 86400000 ? day_ms + 86400000 : utc_day + 86400000;
		iso_day.midnight = day_ms;
		memcpy(iso_day.date, tmp, 11);
		memcpy(iso_day.off, tmp + 19, 6);
		snprintf(iso_day.zone, sizeof iso_day.zone, "%s", zone);
	}
out:
	if (n) {
		size_t len = (size_t)(p - tmp) < n - 1 ? (size_t)(p - tmp) : n - 1;
		memcpy(buf, tmp, len);
		buf[len] = 0;
	}
	return buf;
}

char *
time_format_vn(int64_t ms, const char *zone, char *buf, size_t n)
{
	struct civil c;

	if (tz_from_utc(zone, ms, &c, NULL) != 0)
		snprintf(buf, n, "?");
	else
		snprintf(buf, n, "%02d/%02d/%04d %02d:%02d", c.day, c.month, c.year, c.hour, c.min);
	return buf;
}

char *
time_format_vn_date(int64_t ms, const char *zone, char *buf, size_t n)
{
	struct civil c;

	if (tz_from_utc(zone, ms, &c, NULL) != 0)
		snprintf(buf, n, "?");
	else
		snprintf(buf, n, "%02d/%02d/%04d", c.day, c.month, c.year);
	return buf;
}

/* The date list of `loa slot add --except` (strict; the officer's forms
 * are read by slot_rule.c with time_read_date). */
int
time_parse_date_list(const char *s, struct civil **out, int *n)
{
	char *buf = strdup(s), *tok, *save = NULL;

	*out = NULL, *n = 0;
	if (!buf)
		return -1;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		struct civil c, *nv;
		if (time_parse_date(tok, &c) != 0 || !(nv = realloc(*out, (*n + 1) * sizeof *nv))) {
			free(buf);
			return -1;
		}
		*out = nv;
		(*out)[(*n)++] = c;
	}
	free(buf);
	return 0;
}
