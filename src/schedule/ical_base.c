/*
 * ical_base.c — what the calendar files share: a growable string, errors
 * at a line, civil time and zones, and the checks of a date value and of an RRULE's text.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libical/ical.h>

#include "loa/i18n.h"
#include "loa/ical.h"
#include "loa/log.h"
#define LAZY_ICAL_DEFINE
#include "schedule/ical_internal.h"

/* ---------------------------------------------------------------- */
/* Small helpers                                                     */

void
ical_buf_add(struct buf *b, const char *s, size_t len)
{
	if (b->oom)
		return;
	if (b->n + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		while (cap < b->n + len + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p, b->cap = cap;
	}
	memcpy(b->p + b->n, s, len);
	b->n += len;
	b->p[b->n] = 0;
}

void
ical_buf_puts(struct buf *b, const char *s)
{
	ical_buf_add(b, s, strlen(s));
}

void __attribute__((format(printf, 2, 3))) ical_buf_printf(struct buf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof tmp)
		n = sizeof tmp - 1;
	ical_buf_add(b, tmp, n > 0 ? (size_t)n : 0);
}

char *
ical_buf_take(struct buf *b)
{
	if (b->oom) {
		free(b->p);
		return NULL;
	}
	return b->p ? b->p : strdup("");
}

/* Reports a problem at a line of a file; returns -1. */
int __attribute__((format(printf, 3, 4))) ical_line_error(const char *name, int line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (line > 0)
		error(_("%s line %d: %s"), name, line, msg);
	else
		error(_("%s: %s"), name, msg);
	return -1;
}

/* ---------------------------------------------------------------- */
/* Civil time and zones                                              */

static int
civil_valid(const struct civil *c)
{
	return c->year >= 1900 && c->year <= 9999 && c->month >= 1 && c->month <= 12 && c->day >= 1 &&
	       c->day <= civil_days_in_month(c->year, c->month) && c->hour >= 0 && c->hour <= 23 &&
	       c->min >= 0 && c->min <= 59 && c->sec >= 0 && c->sec <= 60;
}

struct civil
ical_civil_of(struct icaltimetype t)
{
	struct civil c = {t.year, t.month, t.day, t.hour, t.minute, t.second};

	if (t.is_date)
		c.hour = c.min = c.sec = 0;
	return c;
}

struct icaltimetype
ical_ictime_of(const struct civil *c, int is_date)
{
	struct icaltimetype t = icaltime_null_time();

	t.year = c->year, t.month = c->month, t.day = c->day;
	if (is_date)
		t.is_date = 1;
	else
		t.hour = c->hour, t.minute = c->min, t.second = c->sec;
	return t;
}

/*
 * tz_to_utc() with a per-day memo: most days have one UTC offset all day,
 * and an agenda of a thousand slots converts the same days over and over.
 * A day with a transition in it is converted time by time.
 */
int
ical_local_to_ms(const char *zone, const struct civil *c, int64_t *out)
{
	enum { NMEMO = 1024 };
	static struct {
		char zone[64];
		int64_t day;
		int constant;
		int64_t off_ms;
	} memo[NMEMO];
	int64_t local_s = civil_secs(c), day = (local_s >= 0 ? local_s : local_s - 86399) / 86400;
	unsigned h = (unsigned)(day * 2654435761u) % NMEMO;
	int64_t local = local_s * 1000;

	if (memo[h].day != day || strcmp(memo[h].zone, zone) != 0) {
		struct civil a = *c, b = *c;
		int64_t ma, mb;
		a.hour = a.min = a.sec = 0;
		b.hour = 23, b.min = 59, b.sec = 59;
		if (tz_to_utc(zone, &a, &ma) != 0 || tz_to_utc(zone, &b, &mb) != 0)
			return -1;
		if (strlen(zone) >= sizeof memo[h].zone)
			return tz_to_utc(zone, c, out);
		snprintf(memo[h].zone, sizeof memo[h].zone, "%s", zone);
		memo[h].day = day;
		memo[h].off_ms = day * DAY_MS - ma;
		memo[h].constant = (day * DAY_MS + 86399000 - mb) == memo[h].off_ms;
	}
	if (!memo[h].constant)
		return tz_to_utc(zone, c, out);
	*out = local - memo[h].off_ms;
	return 0;
}

/*
 * Maps a TZID to an IANA zone: an IANA name; a Windows name (Outlook); a
 * vendor prefix such as "/freeassociation.sourceforge.net/Asia/Saigon"
 * (Evolution) or "/mozilla.org/20050126_1/Asia/Ho_Chi_Minh"; or the
 * X-LIC-LOCATION of the file's VTIMEZONE of that name. NULL when none.
 */
const char *
ical_resolve_tzid(const char *tzid, icalcomponent *root, char *buf, size_t n)
{
	const char *w, *p;

	if (!tzid || !*tzid)
		return NULL;
	if (tz_valid(tzid) == 0)
		return tzid;
	if ((w = ical_windows_zone(tzid)))
		return w;
	for (p = tzid; (p = strchr(p, '/')); p++)
		if (tz_valid(p + 1) == 0)
			return p + 1;
	if (root) {
		/* An iterator of its own: the callers are often inside a walk of
		 * root's VEVENTs, and root's internal iterator (what
		 * icalcomponent_get_first/next_component move) would be reset
		 * under them, so that walk would never end (found by fuzz_ical). */
		icalcompiter it = icalcomponent_begin_component(root, ICAL_VTIMEZONE_COMPONENT);
		for (icalcomponent *z = icalcompiter_deref(&it); z; z = icalcompiter_next(&it)) {
			icalproperty *id = icalcomponent_get_first_property(z, ICAL_TZID_PROPERTY);
			if (!id || strcmp(icalproperty_get_tzid(id), tzid) != 0)
				continue;
			for (icalproperty *x = icalcomponent_get_first_property(z, ICAL_X_PROPERTY); x;
			     x = icalcomponent_get_next_property(z, ICAL_X_PROPERTY)) {
				const char *xn = icalproperty_get_x_name(x);
				const char *v = icalproperty_get_x(x);
				if (xn && v && strcasecmp(xn, "X-LIC-LOCATION") == 0 && tz_valid(v) == 0) {
					snprintf(buf, n, "%s", v);
					return buf;
				}
			}
		}
	}
	return NULL;
}

/* Checks one DATE or DATE-TIME value: "20240301" or "20240301T060000[Z]". */
int
ical_check_time_value(const char *v, size_t len)
{
	struct civil c = {0};
	const char *p = v;

	if (len != 8 && len != 15 && len != 16)
		return -1;
	for (size_t i = 0; i < len; i++)
		if (!(isdigit((unsigned char)p[i]) || (i == 8 && p[i] == 'T') || (i == 15 && p[i] == 'Z')))
			return -1;
	c.year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
	c.month = (p[4] - '0') * 10 + (p[5] - '0');
	c.day = (p[6] - '0') * 10 + (p[7] - '0');
	if (len > 8) {
		c.hour = (p[9] - '0') * 10 + (p[10] - '0');
		c.min = (p[11] - '0') * 10 + (p[12] - '0');
		c.sec = (p[13] - '0') * 10 + (p[14] - '0');
	}
	return civil_valid(&c) ? 0 : -1;
}

/*
 * libical 3 strdup()s an RSCALE part into the rule it returns and leaves it
 * to the caller; loa only reads the rule's numbers, so the copy is freed
 * here, once, for every caller.
 */
struct icalrecurrencetype
ical_rule_of_string(const char *text)
{
	struct icalrecurrencetype r = icalrecurrencetype_from_string(text);

	free(r.rscale);
	r.rscale = NULL;
	return r;
}

/*
 * RFC 5545 allows a number before a BYDAY weekday (2SU, -1FR) only in a
 * monthly rule (1 to 5 either way) or a yearly one (1 to 53). libical
 * takes any number in any rule and then searches for years for a "9th
 * Monday" of a day; such a rule is refused here, saying why. NULL when
 * the rule's BYDAY is fine.
 */
const char *
ical_byday_problem(const char *rule, icalrecurrencetype_frequency freq)
{
	const char *p = rule;

	for (;;) {
		if (strncasecmp(p, "BYDAY=", 6) == 0)
			break;
		if (!(p = strchr(p, ';')))
			return NULL;
		p++;
	}
	for (p += 6; *p && *p != ';'; p += *p == ',') {
		long n = 0;
		int digits = 0;
		if (*p == '+' || *p == '-')
			p++;
		for (; *p >= '0' && *p <= '9'; p++, digits++)
			if (n < 1000)
				n = n * 10 + (*p - '0');
		while (*p && *p != ',' && *p != ';')
			p++;
		if (!digits)
			continue;
		if (freq != ICAL_MONTHLY_RECURRENCE && freq != ICAL_YEARLY_RECURRENCE)
			return _("a number before a BYDAY weekday (as in 2SU, the second Sunday) needs "
			         "FREQ=MONTHLY or FREQ=YEARLY; "
			         "for every such weekday write it without the number (BYDAY=SU)");
		if (n < 1 || n > (freq == ICAL_MONTHLY_RECURRENCE ? 5 : 53))
			return freq == ICAL_MONTHLY_RECURRENCE
			           ? _("a number before a BYDAY weekday must be 1 to 5 in a monthly rule (-1 "
			               "to -5 counting from the end)")
			           : _("a number before a BYDAY weekday must be 1 to 53 in a yearly rule (-1 "
			               "to -53 counting from the end)");
	}
	return NULL;
}

/* The value of X property name of e, or NULL. */
const char *
ical_x_value(icalcomponent *e, const char *name)
{
	for (icalproperty *x = icalcomponent_get_first_property(e, ICAL_X_PROPERTY); x;
	     x = icalcomponent_get_next_property(e, ICAL_X_PROPERTY)) {
		const char *xn = icalproperty_get_x_name(x);
		if (xn && strcasecmp(xn, name) == 0)
			return icalproperty_get_x(x);
	}
	return NULL;
}
