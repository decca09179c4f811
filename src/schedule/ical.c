/*
 * ical.c — iCalendar in and out, and recurrence expansion, on libical.
 *
 * Key decisions:
 *  - libical is lax, so a file is read twice: first line by line here
 *    (nesting, UTF-8, control bytes, size, every date value and RRULE,
 *    recording line numbers), then by libical's parser. Every problem is
 *    reported with the file's line number; the first one stops the read.
 *  - Recurrence is libical's icalrecur iterator, run on the civil (floating)
 *    DTSTART; each civil occurrence is then placed in its zone with
 *    tz_to_utc(), so DST is applied after the rule as RFC 5545 requires.
 *    UNTIL is turned into the rule's civil time first, because libical
 *    would compare a floating DTSTART with a UTC UNTIL as if both were UTC.
 *  - Every TZID is mapped to an IANA zone (IANA itself, a Windows name, a
 *    "/vendor/Area/City" prefix, or a VTIMEZONE's X-LIC-LOCATION); the
 *    canonical text carries the IANA name. A zone that maps to nothing is
 *    refused: a slot is never shifted by a guess.
 *  - Expansion is bounded. COUNT above ICAL_MAX_COUNT, more than
 *    ICAL_MAX_PER_DAY airings on any one day (counted from the rule's
 *    parts, so for its whole life: a rule that airs only on 29 February
 *    is counted as well as a daily one), and more than ICAL_MAX_PER_YEAR
 *    airings in the first year are refused when read, and so is a
 *    number before a BYDAY weekday outside what RFC 5545 allows (only
 *    monthly 1..5 and yearly 1..53 rules have one; libical takes any). Some rules make libical search for centuries for a first
 *    occurrence that never comes (BYMONTHDAY=1;BYDAY=2SU); a rule is first
 *    expanded in a child process that is killed after ICAL_PROBE_MS, so such
 *    a rule is refused quickly instead of hanging the officer's command.
 *  - RECURRENCE-ID overrides are applied here: libical's own
 *    icalcomponent_foreach_recurrence ignores them.
 *  - libical keeps 500 values of an EXDATE or RDATE line and drops the
 *    rest; long lists are split into lines of ICAL_LIST_SPLIT values
 *    before it parses a file, so every date in the file holds.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libical/ical.h>

#include "loa/i18n.h"
#include "loa/ical.h"
#include "loa/infile.h"
#include "loa/log.h"
#include "loa/utf8.h"

#define ICAL_PROBE_MS 400 /* time a rule may take to find its first year */
#define DAY_MS 86400000LL

/* ---------------------------------------------------------------- */
/* Small helpers                                                     */

static char *
xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* A growable string. */
struct buf {
	char *p;
	size_t n, cap;
	int oom;
};

static void
buf_add(struct buf *b, const char *s, size_t len)
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

static void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void __attribute__((format(printf, 2, 3)))
buf_printf(struct buf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof tmp)
		n = sizeof tmp - 1;
	buf_add(b, tmp, n > 0 ? (size_t)n : 0);
}

static char *
buf_take(struct buf *b)
{
	if (b->oom) {
		free(b->p);
		return NULL;
	}
	return b->p ? b->p : strdup("");
}

/* Reports a problem at a line of a file; returns -1. */
static int __attribute__((format(printf, 3, 4)))
line_error(const char *name, int line, const char *fmt, ...)
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

static struct civil
civil_of(struct icaltimetype t)
{
	struct civil c = { t.year, t.month, t.day, t.hour, t.minute, t.second };

	if (t.is_date)
		c.hour = c.min = c.sec = 0;
	return c;
}

static struct icaltimetype
ictime_of(const struct civil *c, int is_date)
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
static int
local_to_ms(const char *zone, const struct civil *c, int64_t *out)
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
static const char *
resolve_tzid(const char *tzid, icalcomponent *root, char *buf, size_t n)
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
		for (icalcomponent *z = icalcomponent_get_first_component(root, ICAL_VTIMEZONE_COMPONENT); z;
		     z = icalcomponent_get_next_component(root, ICAL_VTIMEZONE_COMPONENT)) {
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

/* ---------------------------------------------------------------- */
/* The line scanner                                                  */

/* What the scanner learned about one VEVENT. */
struct scan_event {
	int line;        /* BEGIN:VEVENT */
	int dtstart;     /* line of DTSTART, 0 if none */
	int dtend;       /* line of DTEND or DURATION */
	int rrule;       /* line of RRULE */
	int rid;         /* line of RECURRENCE-ID */
	int attach;      /* line of the first ATTACH */
	int x_clip;      /* line of X-LOA-CLIP */
	int x_playlist;  /* line of X-LOA-PLAYLIST */
	int uid;         /* line of UID */
	int summary;     /* line of SUMMARY */
	struct { int line; char tzid[128]; } tz[16]; /* TZID parameters seen */
	int ntz;
};

struct scan {
	struct scan_event *ev;
	int n;
};

static int
utf8_bad_byte(const unsigned char *s, size_t n, size_t *bad)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		int len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		if (!len || (len == 2 && c < 0xc2) || i + len > n)
			return *bad = i, -1;
		for (int k = 1; k < len; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return *bad = i, -1;
		if (len == 3) {
			unsigned cp = ((c & 0x0f) << 12) | ((s[i + 1] & 0x3f) << 6) | (s[i + 2] & 0x3f);
			if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))
				return *bad = i, -1;
		} else if (len == 4) {
			unsigned cp = ((c & 0x07) << 18) | ((s[i + 1] & 0x3f) << 12);
			if (cp < 0x10000 || cp > 0x10ffff)
				return *bad = i, -1;
		}
		i += len;
	}
	return 0;
}

/* Checks one DATE or DATE-TIME value: "20240301" or "20240301T060000[Z]". */
static int
check_time_value(const char *v, size_t len)
{
	struct civil c = { 0 };
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

/* Finds the ':' that ends a content line's name and parameters. */
static const char *
value_start(const char *l)
{
	int q = 0;

	for (const char *p = l; *p; p++) {
		if (*p == '"')
			q = !q;
		else if (*p == ':' && !q)
			return p + 1;
	}
	return NULL;
}

/* The value of parameter name in the parameter part [l, v), into out. */
static int
param_value(const char *l, const char *v, const char *name, char *out, size_t n)
{
	size_t nl = strlen(name);

	for (const char *p = l; p && p < v; p = strchr(p + 1, ';')) {
		if (*p != ';' || strncasecmp(p + 1, name, nl) != 0 || p[1 + nl] != '=')
			continue;
		const char *s = p + 2 + nl, *e;
		if (*s == '"') {
			s++;
			e = strchr(s, '"');
		} else {
			e = s + strcspn(s, ";:");
		}
		if (!e || e > v)
			e = v - 1;
		snprintf(out, n, "%.*s", (int)(e - s), s);
		return 0;
	}
	return -1;
}

/* Checks one unfolded content line inside a VEVENT. */
/*
 * libical 3 strdup()s an RSCALE part into the rule it returns and leaves it
 * to the caller; loa only reads the rule's numbers, so the copy is freed
 * here, once, for every caller.
 */
static struct icalrecurrencetype
rule_of_string(const char *text)
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
static const char *
byday_problem(const char *rule, icalrecurrencetype_frequency freq)
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
			return _("a number before a BYDAY weekday (as in 2SU, the second Sunday) needs FREQ=MONTHLY or FREQ=YEARLY; "
				 "for every such weekday write it without the number (BYDAY=SU)");
		if (n < 1 || n > (freq == ICAL_MONTHLY_RECURRENCE ? 5 : 53))
			return freq == ICAL_MONTHLY_RECURRENCE
				       ? _("a number before a BYDAY weekday must be 1 to 5 in a monthly rule (-1 to -5 counting from the end)")
				       : _("a number before a BYDAY weekday must be 1 to 53 in a yearly rule (-1 to -53 counting from the end)");
	}
	return NULL;
}

static int
scan_prop(const char *name, int line, const char *l, struct scan_event *ev)
{
	const char *v = value_start(l);
	char pname[32], tzid[128], vtype[32] = "";
	size_t nl = strcspn(l, ";:");

	if (!v)
		return line_error(name, line, _("not an iCalendar line (no ':'): '%.60s'"), l);
	snprintf(pname, sizeof pname, "%.*s", (int)(nl < sizeof pname ? nl : sizeof pname - 1), l);
	for (char *p = pname; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	if (param_value(l, v, "TZID", tzid, sizeof tzid) == 0 && ev->ntz < 16) {
		ev->tz[ev->ntz].line = line;
		snprintf(ev->tz[ev->ntz++].tzid, sizeof ev->tz[0].tzid, "%s", tzid);
	}
	param_value(l, v, "VALUE", vtype, sizeof vtype);
	if (strcmp(pname, "DTSTART") == 0)
		ev->dtstart = ev->dtstart ? ev->dtstart : line;
	else if (strcmp(pname, "DTEND") == 0 || strcmp(pname, "DURATION") == 0)
		ev->dtend = line;
	else if (strcmp(pname, "RECURRENCE-ID") == 0)
		ev->rid = line;
	else if (strcmp(pname, "ATTACH") == 0 && !ev->attach)
		ev->attach = line;
	else if (strcmp(pname, "X-LOA-CLIP") == 0)
		ev->x_clip = line;
	else if (strcmp(pname, "X-LOA-PLAYLIST") == 0)
		ev->x_playlist = line;
	else if (strcmp(pname, "UID") == 0)
		ev->uid = line;
	else if (strcmp(pname, "SUMMARY") == 0)
		ev->summary = line;
	if (strcmp(pname, "DTSTART") == 0 || strcmp(pname, "DTEND") == 0 ||
	    strcmp(pname, "RECURRENCE-ID") == 0 || strcmp(pname, "EXDATE") == 0 ||
	    (strcmp(pname, "RDATE") == 0 && strcasecmp(vtype, "PERIOD") != 0)) {
		if (!*v)
			return line_error(name, line, _("%s has no value"), pname);
		for (const char *p = v; *p;) {
			size_t len = strcspn(p, ",");
			if (check_time_value(p, len) != 0)
				return line_error(name, line, _("%s '%.*s' is not a real date and time (YYYYMMDD or YYYYMMDDTHHMMSS)"),
						  pname, (int)(len > 40 ? 40 : len), p);
			p += len + (p[len] == ',');
		}
	} else if (strcmp(pname, "RRULE") == 0) {
		struct icalrecurrencetype r;
		const char *u;
		ev->rrule = line;
		icalerror_clear_errno();
		r = rule_of_string(v);
		if (r.freq == ICAL_NO_RECURRENCE)
			return line_error(name, line, _("RRULE is not a valid rule: '%.80s'"), v);
		if ((u = byday_problem(v, r.freq)))
			return line_error(name, line, _("RRULE '%.80s' is refused: %s"), v, u);
		for (u = v; *u && strncasecmp(u, "UNTIL=", 6) != 0; u++)
			;
		if (*u && check_time_value(u + 6, strcspn(u + 6, ";")) != 0)
			return line_error(name, line, _("RRULE's UNTIL is not a real date: '%.80s'"), v);
		if (r.count > ICAL_MAX_COUNT)
			return line_error(name, line, _("RRULE asks for %d airings; loa accepts at most %d (use UNTIL or a smaller COUNT)"),
					  r.count, ICAL_MAX_COUNT);
		if (r.interval < 1)
			return line_error(name, line, _("RRULE's INTERVAL must be 1 or more: '%.80s'"), v);
	}
	return 0;
}

/*
 * Finds the physical line and column of byte off of the unfolded line whose
 * first physical line starts at text + start (line number line): each
 * continuation line adds its length less the leading space or tab.
 */
static void
physical_position(const char *text, size_t len, size_t start, int line, size_t off, int *out_line, size_t *out_col)
{
	size_t skip = 0; /* the folding space of a continuation line */

	for (;;) {
		const char *p = text + start;
		const char *nl = memchr(p, '\n', len - start);
		size_t l = nl ? (size_t)(nl - p) : len - start;
		size_t full = l;
		if (l && p[l - 1] == '\r')
			l--;
		if (off < l - skip || !nl) {
			*out_line = line;
			*out_col = off + skip + 1;
			return;
		}
		off -= l - skip;
		start += full + 1;
		line++;
		skip = 1;
	}
}

/*
 * Reads the raw text: control bytes, UTF-8, folding, BEGIN/END nesting and
 * the values libical does not check. Fills sc with each VEVENT's lines.
 */
static int
scan_text(const char *text, size_t len, const char *name, struct scan *sc)
{
	char stack[16][32];
	int depth = 0, line = 0, start_line = 0, seen_cal = 0, last_line = 0;
	struct buf cur = { 0 };
	struct scan_event *ev = NULL;
	size_t i = 0, bad, start_off = 0;

	memset(sc, 0, sizeof *sc);
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		i = 3; /* a UTF-8 byte-order mark, as some Windows tools write */
	while (i <= len) {
		size_t e = i;
		while (e < len && text[e] != '\n')
			e++;
		size_t l = e - i;
		const char *p = text + i;
		line++;
		if (l && p[l - 1] == '\r')
			l--;
		for (size_t k = 0; k < l; k++) {
			unsigned char c = (unsigned char)p[k];
			if ((c < 0x20 && c != '\t') || c == 0x7f) {
				free(cur.p);
				return line_error(name, line, _("binary data (byte 0x%02x): this is not a text calendar file"), c);
			}
		}
		/* A line starting with a space or tab continues the previous one. */
		if (l && (p[0] == ' ' || p[0] == '\t') && cur.n) {
			buf_add(&cur, p + 1, l - 1);
		} else {
			if (cur.n) {
				const char *c = cur.p;
				/*
				 * UTF-8 is checked on the unfolded line: a fold at 75
				 * octets may split a character (RFC 5545 section 3.1).
				 */
				if (utf8_bad_byte((const unsigned char *)cur.p, cur.n, &bad) != 0) {
					int bl;
					size_t col;
					unsigned char bc = (unsigned char)cur.p[bad];
					physical_position(text, len, start_off, start_line, bad, &bl, &col);
					free(cur.p);
					return line_error(name, bl,
							  _("the text is not UTF-8 (byte 0x%02x at column %zu); save the calendar as UTF-8"),
							  bc, col);
				}
				if (strncasecmp(c, "BEGIN:", 6) == 0) {
					if (depth == 0 && strcasecmp(c + 6, "VCALENDAR") != 0)
						goto not_ical;
					if (depth >= 16) {
						free(cur.p);
						return line_error(name, start_line, _("components nested too deep"));
					}
					snprintf(stack[depth++], sizeof stack[0], "%s", c + 6);
					seen_cal = 1;
					if (strcasecmp(c + 6, "VEVENT") == 0) {
						struct scan_event *nv = realloc(sc->ev, (sc->n + 1) * sizeof *nv);
						if (!nv) {
							free(cur.p);
							return error(_("out of memory"));
						}
						sc->ev = nv;
						ev = &sc->ev[sc->n++];
						memset(ev, 0, sizeof *ev);
						ev->line = start_line;
					}
				} else if (strncasecmp(c, "END:", 4) == 0) {
					if (depth == 0 || strcasecmp(stack[depth - 1], c + 4) != 0) {
						int r = line_error(name, start_line, depth ? _("'%s' where END:%s was expected")
											 : _("'%s' outside any component"),
								   c, depth ? stack[depth - 1] : "");
						free(cur.p);
						return r;
					}
					if (strcasecmp(c + 4, "VEVENT") == 0)
						ev = NULL;
					depth--;
				} else if (depth == 0) {
					goto not_ical;
				} else if (ev && depth >= 1 && strcasecmp(stack[depth - 1], "VEVENT") == 0) {
					if (scan_prop(name, start_line, c, ev) != 0) {
						free(cur.p);
						return -1;
					}
				}
				cur.n = 0;
				cur.p[0] = 0;
			}
			if (l) {
				buf_add(&cur, p, l);
				start_line = line;
				start_off = (size_t)(p - text);
			}
		}
		if (l) {
			last_line = line;
		}
		i = e + 1;
	}
	free(cur.p);
	if (!seen_cal)
		return line_error(name, 0, _("not an iCalendar file (no BEGIN:VCALENDAR)"));
	if (depth)
		return line_error(name, last_line, _("the file ends inside %s: END:%s is missing"), stack[depth - 1],
				  stack[depth - 1]);
	return 0;
not_ical:
	line_error(name, start_line, _("not an iCalendar file: expected BEGIN:VCALENDAR, found '%.40s'"), cur.p);
	free(cur.p);
	return -1;
}

/*
 * libical 3.0 keeps only the first 500 values of a property that lists
 * several and drops the rest without a word (its parser's limit on
 * multiple values): a 600-date EXDATE showed "except 500 date(s)" and
 * dates 501 to 600 aired. So before libical parses a file, each EXDATE
 * or RDATE line with more than ICAL_LIST_SPLIT values is written as
 * several lines with the same name and parameters, which RFC 5545 makes
 * the same thing; every other line is copied as it is. Returns the new
 * text (NUL-terminated), or NULL when out of memory.
 */
#define ICAL_LIST_SPLIT 100

static char *
split_lists(const char *text, size_t len)
{
	struct buf b = { 0 }, line = { 0 };
	size_t i = 0;

	while (i < len) {
		size_t start = i;
		/* One content line: its first physical line and continuations. */
		line.n = 0;
		for (int first = 1;; first = 0) {
			size_t e = i, l;
			while (e < len && text[e] != '\n')
				e++;
			l = e - i;
			if (l && text[i + l - 1] == '\r')
				l--;
			buf_add(&line, text + i + !first, l - !first);
			i = e < len ? e + 1 : len;
			/* As scan_text(): a space after an empty line starts no fold. */
			if (i >= len || (text[i] != ' ' && text[i] != '\t') || line.n == 0)
				break;
		}
		const char *v = line.p ? value_start(line.p) : NULL;
		size_t nl = line.p ? strcspn(line.p, ";:") : 0, commas = 0;
		int list = v && ((nl == 6 && strncasecmp(line.p, "EXDATE", 6) == 0) ||
				 (nl == 5 && strncasecmp(line.p, "RDATE", 5) == 0));
		for (const char *p = v; list && *p; p++)
			commas += *p == ',';
		if (!list || commas < ICAL_LIST_SPLIT) {
			buf_add(&b, text + start, i - start);
			continue;
		}
		for (const char *p = v; *p;) {
			buf_add(&b, line.p, (size_t)(v - line.p));
			for (int k = 0; k < ICAL_LIST_SPLIT && *p; k++) {
				size_t l = strcspn(p, ",");
				if (k)
					buf_add(&b, ",", 1);
				buf_add(&b, p, l);
				p += l + (p[l] == ',');
			}
			buf_puts(&b, "\r\n");
		}
	}
	free(line.p);
	if (line.oom) {
		free(b.p);
		return NULL;
	}
	return buf_take(&b);
}

/* ---------------------------------------------------------------- */
/* Rules                                                             */

struct override {
	int64_t rid_ms;   /* the occurrence it replaces */
	int64_t start_ms; /* where it moved to */
	int64_t dur_ms;   /* its length */
	int cancelled;    /* STATUS:CANCELLED: the occurrence is dropped */
};

struct ical_rule {
	char zone[80];                 /* zone of DTSTART's civil time */
	struct civil dtstart;          /* DTSTART, civil */
	int64_t start_ms;              /* DTSTART as an instant */
	int64_t dur_ms;                /* DTEND - DTSTART or DURATION */
	int has_rrule;                 /* an RRULE is present */
	struct icalrecurrencetype rr;  /* it, with UNTIL made civil in zone */
	int64_t until_ms;              /* UNTIL as an instant, or INT64_MAX */
	int64_t *rdates, *exdates;     /* extra and excluded starts */
	int nrdates, nexdates;
	int64_t *exdays;               /* whole days excluded (EXDATE as a DATE): their
					  starts, ascending */
	int nexdays;
	struct override *ov;           /* moved or cancelled occurrences */
	int nov;
	int all_day;                   /* DTSTART is a DATE */
};

/* Converts a time property's value to an instant. */
static int
prop_ms(icalproperty *p, struct icaltimetype t, const char *zone, icalcomponent *root, int64_t *out,
	char *zone_out, size_t zn)
{
	const char *tzid = icalproperty_get_parameter_as_string(p, "TZID");
	char buf[80];
	const char *z = zone;
	struct civil c = civil_of(t);

	if (icaltime_is_utc(t))
		z = "UTC";
	else if (tzid && !(z = resolve_tzid(tzid, root, buf, sizeof buf)))
		return -1;
	if (zone_out)
		snprintf(zone_out, zn, "%s", z);
	return local_to_ms(z, &c, out);
}

/* Appends ms to *v; the array doubles whenever *n reaches a power of two,
 * so an EXDATE of thousands of dates costs no quadratic copying. */
static int
add_ms(int64_t **v, int *n, int64_t ms)
{
	if (*n == 0 || (*n >= 8 && (*n & (*n - 1)) == 0)) {
		int64_t *nv = realloc(*v, (size_t)(*n ? *n * 2 : 8) * sizeof *nv);
		if (!nv)
			return -1;
		*v = nv;
	}
	(*v)[(*n)++] = ms;
	return 0;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Duration of an event: DTEND - DTSTART, or DURATION, or 0. */
static int64_t
event_dur(icalcomponent *ev, int64_t start_ms, const char *zone, icalcomponent *root)
{
	icalproperty *p;
	int64_t end;

	if ((p = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY)) &&
	    prop_ms(p, icalproperty_get_dtend(p), zone, root, &end, NULL, 0) == 0)
		return end - start_ms;
	if ((p = icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY)))
		return (int64_t)icaldurationtype_as_int(icalproperty_get_duration(p)) * 1000;
	return 0;
}

/* Fills a rule from a master VEVENT (and its overrides among root's). */
static int
rule_fill(struct ical_rule *r, icalcomponent *master, icalcomponent *root, const char *zone)
{
	icalproperty *p = icalcomponent_get_first_property(master, ICAL_DTSTART_PROPERTY);
	const char *uid = icalcomponent_get_uid(master);

	if (!p)
		return -1;
	struct icaltimetype t = icalproperty_get_dtstart(p);
	r->all_day = t.is_date;
	r->dtstart = civil_of(t);
	if (prop_ms(p, t, zone, root, &r->start_ms, r->zone, sizeof r->zone) != 0)
		return -1;
	r->dur_ms = event_dur(master, r->start_ms, zone, root);
	r->until_ms = INT64_MAX;
	if ((p = icalcomponent_get_first_property(master, ICAL_RRULE_PROPERTY))) {
		r->has_rrule = 1;
		r->rr = icalproperty_get_rrule(p);
		r->rr.rscale = NULL;
		if (!icaltime_is_null_time(r->rr.until)) {
			struct icaltimetype u = r->rr.until;
			struct civil uc = civil_of(u);
			if (u.is_date && !r->all_day)
				uc.hour = 23, uc.min = 59, uc.sec = 59;
			if (local_to_ms(icaltime_is_utc(u) ? "UTC" : r->zone, &uc, &r->until_ms) != 0)
				return -1;
			if (!r->all_day) {
				struct civil lc;
				tz_from_utc(r->zone, r->until_ms, &lc, NULL);
				r->rr.until = ictime_of(&lc, 0);
			}
		}
	}
	for (p = icalcomponent_get_first_property(master, ICAL_RDATE_PROPERTY); p;
	     p = icalcomponent_get_next_property(master, ICAL_RDATE_PROPERTY)) {
		struct icaldatetimeperiodtype dp = icalproperty_get_rdate(p);
		struct icaltimetype rt = icaltime_is_null_time(dp.time) ? dp.period.start : dp.time;
		int64_t ms;
		if (prop_ms(p, rt, r->zone, root, &ms, NULL, 0) != 0 || add_ms(&r->rdates, &r->nrdates, ms) != 0)
			return -1;
	}
	for (p = icalcomponent_get_first_property(master, ICAL_EXDATE_PROPERTY); p;
	     p = icalcomponent_get_next_property(master, ICAL_EXDATE_PROPERTY)) {
		int64_t ms;
		struct icaltimetype et = icalproperty_get_exdate(p);
		if (et.is_date && !r->all_day) {
			/* An EXDATE given as a date removes every airing on that day. */
			struct civil c = civil_of(et);
			if (local_to_ms(r->zone, &c, &ms) != 0 || add_ms(&r->exdays, &r->nexdays, ms) != 0)
				return -1;
			continue;
		}
		if (prop_ms(p, et, r->zone, root, &ms, NULL, 0) != 0 || add_ms(&r->exdates, &r->nexdates, ms) != 0)
			return -1;
	}
	if (r->nexdates)
		qsort(r->exdates, r->nexdates, sizeof *r->exdates, cmp_i64);
	if (r->nexdays)
		qsort(r->exdays, r->nexdays, sizeof *r->exdays, cmp_i64);
	for (icalcomponent *o = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT); o;
	     o = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)) {
		icalproperty *rid = icalcomponent_get_first_property(o, ICAL_RECURRENCEID_PROPERTY);
		const char *ouid = icalcomponent_get_uid(o);
		struct override ov = { 0 };
		if (o == master || !rid || !uid || !ouid || strcmp(uid, ouid) != 0)
			continue;
		if (prop_ms(rid, icalproperty_get_recurrenceid(rid), r->zone, root, &ov.rid_ms, NULL, 0) != 0)
			return -1;
		ov.start_ms = ov.rid_ms;
		if ((p = icalcomponent_get_first_property(o, ICAL_DTSTART_PROPERTY)) &&
		    prop_ms(p, icalproperty_get_dtstart(p), r->zone, root, &ov.start_ms, NULL, 0) != 0)
			return -1;
		ov.dur_ms = event_dur(o, ov.start_ms, r->zone, root);
		if (!icalcomponent_get_first_property(o, ICAL_DTEND_PROPERTY) &&
		    !icalcomponent_get_first_property(o, ICAL_DURATION_PROPERTY))
			ov.dur_ms = r->dur_ms;
		ov.cancelled = icalcomponent_get_status(o) == ICAL_STATUS_CANCELLED;
		struct override *nv = realloc(r->ov, (r->nov + 1) * sizeof *nv);
		if (!nv)
			return -1;
		r->ov = nv;
		r->ov[r->nov++] = ov;
	}
	return 0;
}

void
ical_rule_free(struct ical_rule *r)
{
	if (!r)
		return;
	free(r->rdates);
	free(r->exdates);
	free(r->exdays);
	free(r->ov);
	free(r);
}

static int
excluded(const struct ical_rule *r, int64_t ms)
{
	size_t lo = 0, hi = (size_t)r->nexdates;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (r->exdates[mid] < ms)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < (size_t)r->nexdates && r->exdates[lo] == ms)
		return 1;
	/* The last excluded day starting at or before ms: does it hold ms? */
	lo = 0, hi = (size_t)r->nexdays;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (r->exdays[mid] <= ms)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && ms < r->exdays[lo - 1] + DAY_MS;
}

static int
push_occ(struct ical_occurrence **v, size_t *n, size_t *cap, int64_t start, int64_t dur)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct ical_occurrence *nv = realloc(*v, nc * sizeof *nv);
		if (!nv)
			return error(_("out of memory"));
		*v = nv, *cap = nc;
	}
	(*v)[*n].start_ms = start;
	(*v)[*n].dur_ms = dur;
	(*n)++;
	return 0;
}

static int
cmp_occ(const void *a, const void *b)
{
	const struct ical_occurrence *x = a, *y = b;

	return x->start_ms < y->start_ms ? -1 : x->start_ms > y->start_ms;
}

/* Handles one nominal occurrence ms: exclusions, overrides, window. */
static int
emit(const struct ical_rule *r, int64_t ms, int64_t from, int64_t to, struct ical_occurrence **v,
     size_t *n, size_t *cap)
{
	int64_t start = ms, dur = r->dur_ms;

	if (excluded(r, ms))
		return 0;
	for (int i = 0; i < r->nov; i++) {
		if (r->ov[i].rid_ms != ms)
			continue;
		if (r->ov[i].cancelled)
			return 0;
		start = r->ov[i].start_ms;
		dur = r->ov[i].dur_ms;
		break;
	}
	if (start < from || start >= to)
		return 0;
	return push_occ(v, n, cap, start, dur);
}

/*
 * Runs libical's iterator from start_s (or DTSTART when jump is 0) and
 * records every civil occurrence before end_s into sp. 0, or -1 when
 * more than limit come (too many) or memory ran out (printed).
 */
static int
span_make(struct ical_rule *r, int jump, int64_t start_s, int64_t end_s, size_t limit, struct ical_span *sp)
{
	icalrecur_iterator *it = icalrecur_iterator_new(r->rr, ictime_of(&r->dtstart, r->all_day));
	size_t cap = 0;

	memset(sp, 0, sizeof *sp);
	sp->from_s = jump ? start_s : civil_secs(&r->dtstart);
	sp->to_s = INT64_MAX; /* unless stopped at end_s: the rule has ended */
	if (!it)
		return 0; /* a rule libical finds no occurrence for (refused at import) */
	if (jump) {
		struct civil c = civil_of_secs(start_s);
		icalrecur_iterator_set_start(it, ictime_of(&c, r->all_day));
	}
	for (;;) {
		struct icaltimetype t = icalrecur_iterator_next(it);
		if (icaltime_is_null_time(t))
			break;
		struct civil c = civil_of(t);
		int64_t s = civil_secs(&c);
		if (s >= end_s) {
			sp->to_s = end_s;
			break;
		}
		if (sp->n >= limit) {
			icalrecur_iterator_free(it);
			ical_span_clear(sp);
			return -1;
		}
		if (sp->n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			int64_t *nv = realloc(sp->t, nc * sizeof *nv);
			if (!nv) {
				icalrecur_iterator_free(it);
				ical_span_clear(sp);
				return error(_("out of memory"));
			}
			sp->t = nv, cap = nc;
		}
		sp->t[sp->n++] = s;
	}
	icalrecur_iterator_free(it);
	return 0;
}

const char *
ical_span_version(void)
{
#define ICAL_STR2(x) #x
#define ICAL_STR(x) ICAL_STR2(x)
	return "loa-span-1 libical " ICAL_STR(ICAL_MAJOR_VERSION) "." ICAL_STR(ICAL_MINOR_VERSION) "." ICAL_STR(
		ICAL_PATCH_VERSION);
}

void
ical_span_clear(struct ical_span *sp)
{
	free(sp->t);
	memset(sp, 0, sizeof *sp);
}

int
ical_rule_expand(struct ical_rule *r, int64_t from_ms, int64_t to_ms, size_t max,
		 struct ical_occurrence **v, size_t *n, size_t *cap)
{
	return ical_rule_expand_span(r, from_ms, to_ms, max, NULL, NULL, v, n, cap);
}

int
ical_rule_expand_span(struct ical_rule *r, int64_t from_ms, int64_t to_ms, size_t max, const struct ical_span *have,
		      struct ical_span *made, struct ical_occurrence **v, size_t *n, size_t *cap)
{
	size_t first = *n;
	int64_t lookback = 0, lookahead = 0;

	if (made)
		memset(made, 0, sizeof *made);
	/* An override may move an occurrence into or out of the window. */
	for (int i = 0; i < r->nov; i++) {
		int64_t d = r->ov[i].start_ms - r->ov[i].rid_ms;
		if (d > lookback)
			lookback = d;
		if (-d > lookahead)
			lookahead = -d;
	}
	int64_t lo = from_ms - lookback, hi = to_ms + lookahead;
	if (hi < lo)
		return 0;
	if (!r->has_rrule) {
		if (emit(r, r->start_ms, from_ms, to_ms, v, n, cap) != 0)
			return -1;
	} else if (r->start_ms < hi && (r->until_ms == INT64_MAX || r->until_ms >= lo)) {
		size_t iter = 0, limit = max + (size_t)ICAL_MAX_COUNT + 16;
		int64_t start_s = civil_secs(&r->dtstart), end_s = INT64_MAX;
		struct civil c;
		struct ical_span own;
		const struct ical_span *sp = &own;
		int jump = 0;
		/* Jump close to the window, unless COUNT makes every step count. */
		if (r->rr.count == 0 && lo - r->start_ms > 2 * DAY_MS && tz_from_utc(r->zone, lo - DAY_MS, &c, NULL) == 0) {
			if (r->all_day)
				c.hour = c.min = c.sec = 0;
			jump = 1, start_s = civil_secs(&c);
		}
		/* No zone is a day or more ahead of UTC, so civil times two days
		 * past the window's end (counted as UTC) cannot fall inside it. */
		if (hi / 1000 < INT64_MAX - 2 * 86400)
			end_s = hi / 1000 + 2 * 86400;
		/* libical's own output, kept from an earlier expansion of this
		 * very rule, serves when it covers the civil span needed. */
		if (have && have->from_s <= start_s && have->to_s >= end_s)
			sp = have;
		else if (span_make(r, jump, start_s, end_s, limit, &own) != 0)
			return -1;
		for (size_t i = 0; i < sp->n; i++) {
			int64_t ms;
			if (sp->t[i] < start_s)
				continue;
			c = civil_of_secs(sp->t[i]);
			if (local_to_ms(r->zone, &c, &ms) != 0)
				break;
			if (ms >= hi || ms > r->until_ms)
				break;
			if ((ms >= lo && emit(r, ms, from_ms, to_ms, v, n, cap) != 0) || ++iter > limit ||
			    *n - first > max) {
				if (sp == &own)
					ical_span_clear(&own);
				return -1; /* too many: the caller names the slot */
			}
		}
		if (sp == &own) {
			if (made)
				*made = own;
			else
				ical_span_clear(&own);
		}
	}
	for (int i = 0; i < r->nrdates; i++)
		if (emit(r, r->rdates[i], from_ms, to_ms, v, n, cap) != 0)
			return -1;
	/* An override whose RECURRENCE-ID the rule does not produce still airs. */
	if ((r->nrdates || r->nov) && *n > first) {
		qsort(*v + first, *n - first, sizeof **v, cmp_occ);
		size_t w = first;
		for (size_t i = first; i < *n; i++)
			if (w == first || (*v)[w - 1].start_ms != (*v)[i].start_ms)
				(*v)[w++] = (*v)[i];
		*n = w;
	}
	if (*n - first > max)
		return -1;
	return 0;
}

int64_t
ical_rule_first_ms(const struct ical_rule *r)
{
	return r->start_ms;
}

int64_t
ical_rule_duration_ms(const struct ical_rule *r)
{
	return r->dur_ms;
}

/* Wraps canonical text (VEVENTs) in a VCALENDAR for libical's parser. */
static icalcomponent *
parse_canonical(const char *text)
{
	struct buf b = { 0 };
	icalcomponent *root;

	buf_puts(&b, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//loa//loa//EN\r\n");
	buf_puts(&b, text);
	buf_puts(&b, "END:VCALENDAR\r\n");
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	root = icalparser_parse_string(b.p);
	free(b.p);
	return root;
}

static icalcomponent *
find_master(icalcomponent *root)
{
	for (icalcomponent *e = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT); e;
	     e = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT))
		if (!icalcomponent_get_first_property(e, ICAL_RECURRENCEID_PROPERTY))
			return e;
	return NULL;
}

struct ical_rule *
ical_rule_load(const char *text, const char *zone, const char *what)
{
	icalcomponent *root = parse_canonical(text), *master;
	struct ical_rule *r = calloc(1, sizeof *r);

	if (!root || !r || !(master = find_master(root)) || rule_fill(r, master, root, zone) != 0) {
		error(_("cannot read the schedule of %s (damaged event text)"), what);
		if (root)
			icalcomponent_free(root);
		ical_rule_free(r);
		return NULL;
	}
	icalcomponent_free(root);
	return r;
}

/* How many different values a BY* part of libical's lists (which end
 * with ICAL_RECURRENCE_ARRAY_MAX); 0 when the rule has none. */
static long
by_count(const short *v, int size)
{
	long n = 0;

	for (int i = 0; i < size && v[i] != ICAL_RECURRENCE_ARRAY_MAX; i++) {
		int seen = 0;
		for (int j = 0; j < i && !seen; j++)
			seen = v[j] == v[i];
		n += !seen;
	}
	return n;
}

/*
 * The most airings a rule can make on one day, from its parts alone, so
 * for every day of its life (a leap day four years on included): a rule
 * of FREQ=DAILY or slower airs at each of its BYHOUR × BYMINUTE ×
 * BYSECOND times of a day it picks (a part it lacks counts once); an
 * hourly, minutely or secondly rule at most once per INTERVAL as well.
 * COUNT caps it.
 */
static long
rule_per_day(const struct icalrecurrencetype *rr)
{
	long h = by_count(rr->by_hour, ICAL_BY_HOUR_SIZE), m = by_count(rr->by_minute, ICAL_BY_MINUTE_SIZE),
	     s = by_count(rr->by_second, ICAL_BY_SECOND_SIZE), iv = rr->interval > 0 ? rr->interval : 1, n, t;

	switch (rr->freq) {
	case ICAL_SECONDLY_RECURRENCE:
		n = (h ? h : 24) * (m ? m : 60) * (s ? s : 60);
		t = (86400 + iv - 1) / iv;
		n = n < t ? n : t;
		break;
	case ICAL_MINUTELY_RECURRENCE:
		n = (h ? h : 24) * (m ? m : 60);
		t = (1440 + iv - 1) / iv;
		n = (n < t ? n : t) * (s ? s : 1);
		break;
	case ICAL_HOURLY_RECURRENCE:
		n = h ? h : 24;
		t = (24 + iv - 1) / iv;
		n = (n < t ? n : t) * (m ? m : 1) * (s ? s : 1);
		break;
	default:
		n = (h ? h : 1) * (m ? m : 1) * (s ? s : 1);
		break;
	}
	return rr->count > 0 && rr->count < n ? rr->count : n;
}

static int
cmp_int32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The limits a rule is held to over its whole life, counted from its text
 * rather than by expanding it: at most ICAL_MAX_PER_DAY airings on any
 * day (the rule's own, plus the RDATE dates and moved occurrences that
 * fall on one day), and at most ICAL_MAX_COUNT RDATE dates. 0, or -1 with
 * the reason, naming the count and the limit, in *why.
 */
static int
rule_bounds(const struct ical_rule *r, const char **why)
{
	static char msg[400];
	int32_t *days;
	int n = 0;
	long run = 0, most = 0;

	if (r->nrdates > ICAL_MAX_COUNT) {
		snprintf(msg, sizeof msg, _("it lists %d extra dates (RDATE); loa accepts at most %d"), r->nrdates,
			 ICAL_MAX_COUNT);
		return *why = msg, -1;
	}
	/* The day of each airing the rule itself does not make. */
	if (!(days = malloc((size_t)(r->nrdates + r->nov + 1) * sizeof *days)))
		return *why = _("out of memory"), -1;
	for (int i = 0; i < r->nrdates + r->nov + 1; i++) {
		struct civil c;
		int64_t ms = i < r->nrdates ? r->rdates[i] : i < r->nrdates + r->nov ? r->ov[i - r->nrdates].start_ms : r->start_ms;
		if (i >= r->nrdates && i < r->nrdates + r->nov && r->ov[i - r->nrdates].cancelled)
			continue;
		if (i == r->nrdates + r->nov && r->has_rrule)
			continue; /* DTSTART is the rule's first airing */
		if (tz_from_utc(r->zone, ms, &c, NULL) == 0)
			days[n++] = c.year * 512 + c.month * 32 + c.day;
	}
	qsort(days, (size_t)n, sizeof *days, cmp_int32);
	for (int i = 0; i < n; i++) {
		run = i && days[i] == days[i - 1] ? run + 1 : 1;
		most = run > most ? run : most;
	}
	free(days);
	if (r->has_rrule)
		most += rule_per_day(&r->rr);
	if (most > ICAL_MAX_PER_DAY) {
		snprintf(msg, sizeof msg,
			 _("it airs more often than loa allows: up to %ld times on one day, and loa allows %d a day "
			   "(count the values of BYHOUR × BYMINUTE × BYSECOND, the INTERVAL of an hourly, minutely or "
			   "secondly rule, and the RDATE dates of one day); narrow the rule"),
			 most, ICAL_MAX_PER_DAY);
		return *why = msg, -1;
	}
	return 0;
}

/*
 * Expands a rule's first year in a child process, so that a rule libical
 * searches for a very long time is refused quickly. 0 ok; -1 with a
 * reason in *why.
 */
static int
probe_rule(struct ical_rule *r, const char **why)
{
	int fd[2], st;
	pid_t pid;
	char res = 2;

	if (!r->has_rrule)
		return 0;
	/* Rules without the parts that make libical search (month days, year
	 * days, week numbers, set positions, months, ordinal weekdays) find
	 * their occurrences step by step: expand them here, bounded. */
	int risky = r->rr.by_month_day[0] != ICAL_RECURRENCE_ARRAY_MAX ||
		    r->rr.by_year_day[0] != ICAL_RECURRENCE_ARRAY_MAX ||
		    r->rr.by_week_no[0] != ICAL_RECURRENCE_ARRAY_MAX ||
		    r->rr.by_set_pos[0] != ICAL_RECURRENCE_ARRAY_MAX ||
		    r->rr.by_month[0] != ICAL_RECURRENCE_ARRAY_MAX || r->rr.freq >= ICAL_MONTHLY_RECURRENCE;
	for (int i = 0; i < ICAL_BY_DAY_SIZE && r->rr.by_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++)
		risky |= icalrecurrencetype_day_position(r->rr.by_day[i]) != 0;
	if (!risky) {
		struct ical_occurrence *v = NULL;
		size_t n = 0, cap = 0;
		int rc = ical_rule_expand(r, r->start_ms, r->start_ms + 366 * DAY_MS, ICAL_MAX_PER_YEAR, &v, &n, &cap);
		free(v);
		if (rc == 0)
			return 0;
		*why = _("it airs more often than loa allows (at most 20000 times a year); narrow the rule");
		return -1;
	}
	if (pipe(fd) != 0)
		return 0; /* cannot probe: expansion is still bounded by counts */
	fflush(NULL);
	if ((pid = fork()) < 0) {
		close(fd[0]), close(fd[1]);
		return 0;
	}
	if (pid == 0) {
		struct ical_occurrence *v = NULL;
		size_t n = 0, cap = 0;
		char out;
		close(fd[0]);
		int devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0)
			dup2(devnull, 2); /* quiet: the parent reports */
		icalrecur_iterator *it = icalrecur_iterator_new(r->rr, ictime_of(&r->dtstart, r->all_day));
		if (!it)
			out = 2; /* libical found no first occurrence at all */
		else
			out = ical_rule_expand(r, r->start_ms, r->start_ms + 366 * DAY_MS, ICAL_MAX_PER_YEAR, &v, &n, &cap) == 0 ? 0 : 1;
		if (it)
			icalrecur_iterator_free(it);
		if (write(fd[1], &out, 1) != 1)
			_exit(3);
		_exit(0);
	}
	close(fd[1]);
	struct pollfd pfd = { .fd = fd[0], .events = POLLIN };
	int pr;
	do
		pr = poll(&pfd, 1, ICAL_PROBE_MS);
	while (pr < 0 && errno == EINTR);
	if (pr > 0 && read(fd[0], &res, 1) != 1)
		res = 2;
	if (pr <= 0)
		kill(pid, SIGKILL);
	close(fd[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (res == 0)
		return 0;
	*why = res == 1 ? _("it airs more often than loa allows (at most 20000 times a year); narrow the rule")
			: _("it never produces an airing, or libical cannot expand it in reasonable time (e.g. BYMONTHDAY and BYDAY that never meet, or 30 February)");
	return -1;
}

/* ---------------------------------------------------------------- */
/* Reading files                                                     */

static void
event_free(struct ical_event *e)
{
	free(e->uid);
	free(e->summary);
	free(e->text);
	free(e->days);
	free(e->x_playlist);
	free(e->x_sha256);
	free(e->x_tier);
	free(e->attach);
	free(e->attach_name);
}

void
ical_scratch_free(void)
{
	icalmemory_free_ring();
}

void
ical_file_free(struct ical_file *f)
{
	for (int i = 0; i < f->n; i++)
		event_free(&f->ev[i]);
	free(f->ev);
	memset(f, 0, sizeof *f);
}

static const char *
x_value(icalcomponent *e, const char *name)
{
	for (icalproperty *x = icalcomponent_get_first_property(e, ICAL_X_PROPERTY); x;
	     x = icalcomponent_get_next_property(e, ICAL_X_PROPERTY)) {
		const char *xn = icalproperty_get_x_name(x);
		if (xn && strcasecmp(xn, name) == 0)
			return icalproperty_get_x(x);
	}
	return NULL;
}

/* Rewrites every TZID of a component to its IANA zone and drops
 * libical's X-LIC-ERROR notes. */
static void
canonicalise(icalcomponent *e, icalcomponent *root)
{
	icalproperty *p, *next;
	char buf[80];

	for (p = icalcomponent_get_first_property(e, ICAL_ANY_PROPERTY); p; p = next) {
		next = icalcomponent_get_next_property(e, ICAL_ANY_PROPERTY);
		const char *xn = icalproperty_isa(p) == ICAL_X_PROPERTY ? icalproperty_get_x_name(p) : NULL;
		/* loa's own X-LOA-* lines and ATTACH become columns; export writes them back. */
		if (icalproperty_isa(p) == ICAL_XLICERROR_PROPERTY || icalproperty_isa(p) == ICAL_ATTACH_PROPERTY ||
		    (xn && strncasecmp(xn, "X-LOA-", 6) == 0)) {
			icalcomponent_remove_property(e, p);
			icalproperty_free(p);
			continue;
		}
		const char *tzid = icalproperty_get_parameter_as_string(p, "TZID");
		const char *z;
		if (tzid && (z = resolve_tzid(tzid, root, buf, sizeof buf)) && strcmp(z, tzid) != 0) {
			char *copy = strdup(z);
			if (copy) {
				icalproperty_set_parameter_from_string(p, "TZID", copy);
				free(copy);
			}
		}
	}
}

/* Expands an all-day event into the days it covers (blackout days). */
static int
all_day_dates(struct ical_event *ev, struct ical_rule *r)
{
	struct ical_occurrence *v = NULL;
	size_t n = 0, cap = 0;
	int64_t span = r->dur_ms > 0 ? r->dur_ms : DAY_MS;
	int cap_days = ev->ndays;

	if (ical_rule_expand(r, r->start_ms, r->start_ms + 10 * 366 * DAY_MS, 4000, &v, &n, &cap) != 0) {
		free(v);
		return -1;
	}
	/* Occurrences come in time order. A day an earlier occurrence already
	 * covered is not listed again: an event spanning years that recurs
	 * weekly covers each day once, not once per week (a fuzzed calendar
	 * of four such events listed 1.5 million days and took seconds). */
	int64_t covered = INT64_MIN; /* the end of the days listed so far */
	for (size_t i = 0; i < n; i++) {
		int64_t d = 0;
		if (covered > v[i].start_ms)
			d = (covered - v[i].start_ms + DAY_MS - 1) / DAY_MS * DAY_MS;
		for (; d < span && d < 366 * DAY_MS; d += DAY_MS) {
			struct civil c;
			tz_from_utc(r->zone, v[i].start_ms + d + DAY_MS / 2, &c, NULL);
			c.hour = c.min = c.sec = 0;
			if (ev->ndays == cap_days) {
				int more = cap_days ? cap_days * 2 : 64;
				struct civil *nv = realloc(ev->days, (size_t)more * sizeof *nv);
				if (!nv) {
					free(v);
					return -1;
				}
				ev->days = nv;
				cap_days = more;
			}
			ev->days[ev->ndays++] = c;
			covered = v[i].start_ms + d + DAY_MS;
		}
	}
	free(v);
	return 0;
}

/*
 * Checks text of an event that loa stores and shows (its UID, its cleaned
 * SUMMARY) as one line of at most max characters. 0, or -1 (printed,
 * naming the line).
 */
static int
check_line(const char *name, int line, const char *uid, const char *prop, const char *v, size_t max)
{
	struct utf8_fault f;
	char *u;
	int rc;

	if (!v || utf8_line_check(v, max, &f) == 0)
		return 0;
	if (!uid) {
		rc = line_error(name, line, _("the event's %s is refused: %s: '%s'"), prop, f.why, f.shown);
	} else {
		u = utf8_visible(uid, 60);
		rc = line_error(name, line, _("%s of event '%s' is refused: %s: '%s'"), prop, u ? u : "", f.why,
				f.shown);
		free(u);
	}
	if (f.control)
		hint(_("write it as one line of plain text in the calendar program, then export the calendar again"));
	else
		hint(_("shorten it to at most %zu characters in the calendar program, then export the calendar again"),
		     max);
	return rc;
}

/* Checks one master VEVENT and makes its canonical text. */
static int
read_event(icalcomponent *root, icalcomponent *e, const struct scan_event *se, const char *name,
	   const char *zone, struct ical_event *out)
{
	icalproperty *p;
	struct ical_rule *r;
	const char *uid = icalcomponent_get_uid(e), *s, *why;
	char buf[80];
	int line = se ? se->line : 0;

	memset(out, 0, sizeof *out);
	out->line = line;
	out->enabled = 1;
	if (!uid || !*uid)
		return line_error(name, line, _("the event has no UID (every calendar program writes one; add 'UID:' with a unique text)"));
	/* The UID is an identity: one with a control character is refused, as
	 * no calendar program writes one. The SUMMARY is a title: an escaped
	 * "\n" in it is a line break once read, which would become a line of
	 * every listing, journal entry and calendar loa writes, so it is made
	 * one line (line breaks and tabs become spaces), and refused when
	 * longer than a title may be. */
	if (check_line(name, se && se->uid ? se->uid : line, NULL, "UID", uid, UTF8_TITLE_MAX) != 0)
		return -1;
	if ((s = icalcomponent_get_summary(e))) {
		if (!(out->summary = strdup(s)))
			return error(_("out of memory"));
		utf8_line_fix(out->summary);
		if (check_line(name, se && se->summary ? se->summary : line, uid, "SUMMARY", out->summary,
			       UTF8_TITLE_MAX) != 0) {
			free(out->summary);
			out->summary = NULL;
			return -1;
		}
	}
	/* libical drops a value it cannot parse and leaves an X-LIC-ERROR note:
	 * harmless for LOCATION or DESCRIPTION (Google writes empty ones),
	 * fatal for a property that says when the event airs. */
	for (p = icalcomponent_get_first_property(e, ICAL_XLICERROR_PROPERTY); p;
	     p = icalcomponent_get_next_property(e, ICAL_XLICERROR_PROPERTY)) {
		static const char *const timing[] = { "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE",
						      "EXDATE", "RECURRENCE-ID", NULL };
		const char *msg = icalproperty_get_xlicerror(p);
		for (int i = 0; msg && timing[i]; i++)
			if (strstr(msg, timing[i]))
				return line_error(name, line, _("event '%s': %s cannot be read (%s)"), uid, timing[i], msg);
	}
	if (!icalcomponent_get_first_property(e, ICAL_DTSTART_PROPERTY))
		return line_error(name, line, _("the event '%s' has no DTSTART: loa cannot tell when it airs"), uid);
	for (int i = 0; se && i < se->ntz; i++)
		if (!resolve_tzid(se->tz[i].tzid, root, buf, sizeof buf))
			return line_error(name, se->tz[i].line,
					  _("unknown time zone '%s' (neither an IANA zone such as Asia/Ho_Chi_Minh, a Windows zone name, nor a VTIMEZONE of this file naming one); the event is refused rather than shifted"),
					  se->tz[i].tzid);
	if (!(r = calloc(1, sizeof *r)))
		return error(_("out of memory"));
	if (rule_fill(r, e, root, zone) != 0) {
		ical_rule_free(r);
		return line_error(name, se ? se->dtstart : line, _("the times of event '%s' cannot be read"), uid);
	}
	if (r->dur_ms < 0) {
		ical_rule_free(r);
		return line_error(name, se && se->dtend ? se->dtend : line, _("the event '%s' ends before it starts (DTEND before DTSTART)"), uid);
	}
	if (rule_bounds(r, &why) != 0) {
		ical_rule_free(r);
		return line_error(name, se && se->rrule ? se->rrule : line, _("the event '%s' is refused: %s"), uid, why);
	}
	if (probe_rule(r, &why) != 0) {
		ical_rule_free(r);
		return line_error(name, se && se->rrule ? se->rrule : line, _("RRULE of event '%s' is refused: %s"), uid, why);
	}
	out->all_day = r->all_day;
	if (r->all_day && all_day_dates(out, r) != 0) {
		ical_rule_free(r);
		return line_error(name, line, _("the all-day event '%s' cannot be expanded"), uid);
	}
	ical_rule_free(r);
	out->uid = xstrdup(uid);
	if ((s = x_value(e, "X-LOA-CLIP")))
		out->x_clip = strtoll(s, NULL, 10);
	out->x_playlist = xstrdup(x_value(e, "X-LOA-PLAYLIST"));
	out->x_sha256 = xstrdup(x_value(e, "X-LOA-SHA256"));
	if (se) {
		out->attach_line = se->attach;
		out->x_clip_line = se->x_clip;
		out->x_playlist_line = se->x_playlist;
	}
	out->x_tier = xstrdup(x_value(e, "X-LOA-TIER"));
	if ((s = x_value(e, "X-LOA-ENABLED")) && strcasecmp(s, "FALSE") == 0)
		out->enabled = 0;
	if ((p = icalcomponent_get_first_property(e, ICAL_ATTACH_PROPERTY))) {
		icalattach *a = icalproperty_get_attach(p);
		if (a && icalattach_get_is_url(a))
			out->attach = xstrdup(icalattach_get_url(a));
		out->attach_name = xstrdup(icalproperty_get_parameter_as_string(p, "FILENAME"));
		if (!out->attach_name)
			out->attach_name = xstrdup(icalproperty_get_parameter_as_string(p, "X-FILENAME"));
	}
	/* The canonical text: master, then its overrides. */
	struct buf b = { 0 };
	canonicalise(e, root);
	char *t = icalcomponent_as_ical_string_r(e);
	if (t)
		buf_puts(&b, t);
	free(t);
	for (icalcomponent *o = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT); o;
	     o = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)) {
		const char *ou = icalcomponent_get_uid(o);
		if (o == e || !ou || strcmp(ou, uid) != 0 ||
		    !icalcomponent_get_first_property(o, ICAL_RECURRENCEID_PROPERTY))
			continue;
		canonicalise(o, root);
		if ((t = icalcomponent_as_ical_string_r(o)))
			buf_puts(&b, t);
		free(t);
	}
	if (!(out->text = buf_take(&b)) || !out->uid)
		return error(_("out of memory"));
	return 0;
}

int
ical_read_text(const char *text, size_t len, const char *name, const char *zone, struct ical_file *out)
{
	struct scan sc;
	icalcomponent *root, *cal;
	int idx = 0, rc = 0;

	memset(out, 0, sizeof *out);
	if (len > ICAL_MAX_FILE_BYTES)
		return line_error(name, 0, _("the file is %.1f MB; loa reads calendars up to %d MB (split it, or export a shorter period)"),
				  len / 1048576.0, ICAL_MAX_FILE_BYTES / 1048576);
	if (memchr(text, 0, len))
	{
		const char *z = memchr(text, 0, len);
		int line = 1;
		for (const char *q = text; q < z; q++)
			line += *q == '\n';
		return line_error(name, line, _("binary data (NUL bytes): this is not a text calendar file"));
	}
	if (scan_text(text, len, name, &sc) != 0) {
		free(sc.ev);
		return -1;
	}
	char *copy = split_lists(text, len);
	if (!copy) {
		free(sc.ev);
		return error(_("out of memory"));
	}
	root = icalparser_parse_string(copy);
	free(copy);
	if (!root) {
		free(sc.ev);
		return line_error(name, 0, _("libical cannot parse this calendar"));
	}
	cal = icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT
		      ? root
		      : icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT);
	if (!cal) {
		icalcomponent_free(root);
		free(sc.ev);
		return line_error(name, 0, _("not an iCalendar file (no VCALENDAR)"));
	}
	for (icalcomponent *e = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); e;
	     e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT), idx++) {
		const struct scan_event *se = idx < sc.n ? &sc.ev[idx] : NULL;
		icalproperty *rid = icalcomponent_get_first_property(e, ICAL_RECURRENCEID_PROPERTY);
		if (rid) {
			/* A moved occurrence: its master must be in the file. */
			const char *uid = icalcomponent_get_uid(e);
			int found = 0;
			for (icalcomponent *m = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); m;
			     m = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
				if (m != e && !icalcomponent_get_first_property(m, ICAL_RECURRENCEID_PROPERTY) &&
				    uid && icalcomponent_get_uid(m) && strcmp(uid, icalcomponent_get_uid(m)) == 0)
					found = 1;
			/* The iterator above is the calendar's own: restart it at e. */
			for (icalcomponent *m = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); m && m != e;
			     m = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
				;
			if (!found) {
				rc = line_error(name, se ? se->line : 0,
						_("a moved occurrence (RECURRENCE-ID) of '%s', but the file has no event with that UID"),
						uid ? uid : "?");
				break;
			}
			continue;
		}
		if (icalcomponent_get_status(e) == ICAL_STATUS_CANCELLED) {
			out->ncancelled++;
			continue;
		}
		struct ical_event *nv = realloc(out->ev, (out->n + 1) * sizeof *nv);
		if (!nv) {
			rc = error(_("out of memory"));
			break;
		}
		out->ev = nv;
		/* read_event walks the calendar's VEVENTs; keep our place. */
		rc = read_event(cal, e, se, name, zone, &out->ev[out->n]);
		for (icalcomponent *m = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); m && m != e;
		     m = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
			;
		if (rc != 0) {
			event_free(&out->ev[out->n]);
			break;
		}
		out->n++;
	}
	if (rc == 0) {
		for (int i = 0; i < out->n && rc == 0; i++)
			for (int j = 0; j < i; j++)
				if (strcmp(out->ev[i].uid, out->ev[j].uid) == 0) {
					rc = line_error(name, out->ev[i].line, _("two events have the same UID '%s' (the other is at line %d)"),
							out->ev[i].uid, out->ev[j].line);
					break;
				}
	}
	icalcomponent_free(root);
	free(sc.ev);
	if (rc != 0)
		ical_file_free(out);
	return rc;
}

int
ical_read_file(const char *path, const char *zone, struct ical_file *out)
{
	struct infile_error ie;
	struct stat sb;
	char *text, reason[PATH_MAX + 64];
	size_t n;
	int fd, rc;

	memset(out, 0, sizeof *out);
	/* Only a regular file, its size checked before reading: a FIFO would
	 * block the open, a device would never end. */
	if ((fd = infile_open(path, NULL, ICAL_MAX_FILE_BYTES, &sb, &ie)) < 0) {
		if (ie.fail == INFILE_TOO_BIG)
			return line_error(path, 0, _("the file is %.1f MB; loa reads calendars up to %d MB (split it, or export a shorter period)"),
					  ie.size / 1048576.0, ICAL_MAX_FILE_BYTES / 1048576);
		if (ie.fail == INFILE_SYSTEM) {
			errno = ie.err;
			return error_errno(_("cannot open calendar '%s'"), path);
		}
		return error(_("cannot read calendar '%s': %s"), path,
			     infile_reason(&ie, NULL, ICAL_MAX_FILE_BYTES, reason, sizeof reason));
	}
	rc = infile_read_all(fd, ICAL_MAX_FILE_BYTES, &text, &n);
	close(fd);
	if (rc != 0) {
		if (errno == EFBIG)
			return line_error(path, 0, _("the file grew past %d MB while it was read"), ICAL_MAX_FILE_BYTES / 1048576);
		return error_errno(_("cannot open calendar '%s'"), path);
	}
	rc = ical_read_text(text, n, path, zone, out);
	free(text);
	return rc;
}

/* ---------------------------------------------------------------- */
/* Making and changing events                                        */

/* Escapes TEXT for a content line (RFC 5545 3.3.11). */
static void
buf_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == ';' || *s == ',')
			buf_add(b, "\\", 1), buf_add(b, s, 1);
		else if (*s == '\n')
			buf_puts(b, "\\n");
		else if (((unsigned char)*s < 0x20 || *s == 0x7f) && *s != '\r')
			buf_add(b, " ", 1); /* no escape exists; a raw one is refused on import */
		else if (*s != '\r')
			buf_add(b, s, 1);
	}
}

char *
ical_text_escape(const char *s)
{
	struct buf b = { 0 };

	buf_text(&b, s);
	return buf_take(&b);
}

int
ical_rrule_valid(const char *rule)
{
	struct icalrecurrencetype r;

	if (!rule || strchr(rule, '\n') || strchr(rule, '\r') || strchr(rule, ':'))
		return -1;
	r = rule_of_string(rule);
	return r.freq == ICAL_NO_RECURRENCE || r.interval < 1 || byday_problem(rule, r.freq) ? -1 : 0;
}

int
ical_rrule_check(const char *rule, const char *event, const char *zone, const char **why)
{
	static char msg[160];
	struct icalrecurrencetype r;
	const char *u;

	if (strchr(rule, '\n') || strchr(rule, '\r') || strchr(rule, ':'))
		return *why = _("a rule is one line of PART=VALUE pairs separated by ';', with no ':'"), -1;
	icalerror_clear_errno();
	r = rule_of_string(rule);
	if (r.freq == ICAL_NO_RECURRENCE)
		return *why = _("it is not a rule RFC 5545 knows: FREQ must be SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY, "
				"and each part written as in 'FREQ=WEEKLY;BYDAY=MO,WE,FR'"), -1;
	if ((*why = byday_problem(rule, r.freq)))
		return -1;
	for (u = rule; *u && strncasecmp(u, "UNTIL=", 6) != 0; u++)
		;
	if (*u && check_time_value(u + 6, strcspn(u + 6, ";")) != 0)
		return *why = _("its UNTIL is not a real date (YYYYMMDD or YYYYMMDDTHHMMSSZ)"), -1;
	if (r.count > ICAL_MAX_COUNT) {
		snprintf(msg, sizeof msg, _("its COUNT is %d; loa accepts at most %d (use UNTIL or a smaller COUNT)"), r.count,
			 ICAL_MAX_COUNT);
		return *why = msg, -1;
	}
	if (r.interval < 1)
		return *why = _("its INTERVAL must be 1 or more"), -1;
	if (!event)
		return 0;
	char *text = ical_text_set(event, "RRULE", rule);
	struct ical_rule *ir = text ? ical_rule_load(text, zone, _("the slot")) : NULL;
	free(text);
	if (!ir)
		return *why = _("the slot's event cannot be read"), -1;
	int rc = rule_bounds(ir, why);
	if (rc == 0)
		rc = probe_rule(ir, why);
	ical_rule_free(ir);
	return rc;
}

char *
ical_spec_text(const struct ical_spec *sp)
{
	struct buf b = { 0 };
	struct ical_file f;
	char *out = NULL;

	if (sp->rrule) {
		struct icalrecurrencetype r = rule_of_string(sp->rrule);
		if (r.freq == ICAL_NO_RECURRENCE || strchr(sp->rrule, '\n') || strchr(sp->rrule, ':') ||
		    byday_problem(sp->rrule, r.freq)) {
			error(_("not a valid recurrence rule: '%s'"), sp->rrule);
			hint(_("write it as RFC 5545 does, e.g. 'FREQ=WEEKLY;BYDAY=MO,WE,FR'"));
			return NULL;
		}
	}
	buf_puts(&b, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//loa//loa//EN\r\nBEGIN:VEVENT\r\nUID:");
	buf_text(&b, sp->uid);
	buf_puts(&b, "\r\n");
	if (sp->summary) {
		buf_puts(&b, "SUMMARY:");
		buf_text(&b, sp->summary);
		buf_puts(&b, "\r\n");
	}
	buf_printf(&b, "DTSTART;TZID=%s:%04d%02d%02dT%02d%02d%02d\r\n", sp->zone, sp->start.year, sp->start.month,
		   sp->start.day, sp->start.hour, sp->start.min, sp->start.sec);
	if (sp->dur_ms > 0)
		buf_printf(&b, "DURATION:PT%lldS\r\n", (long long)(sp->dur_ms / 1000));
	if (sp->rrule)
		buf_printf(&b, "RRULE:%s\r\n", sp->rrule);
	for (int i = 0; i < sp->nexdates; i++) {
		const struct civil *c = &sp->exdates[i];
		buf_printf(&b, "EXDATE;TZID=%s:%04d%02d%02dT%02d%02d%02d\r\n", sp->zone, c->year, c->month, c->day,
			   c->hour, c->min, c->sec);
	}
	buf_puts(&b, "END:VEVENT\r\nEND:VCALENDAR\r\n");
	if (b.oom) {
		free(b.p);
		error(_("out of memory"));
		return NULL;
	}
	if (ical_read_text(b.p, b.n, _("the new slot"), sp->zone, &f) == 0) {
		if (f.n == 1) {
			out = f.ev[0].text;
			f.ev[0].text = NULL;
		}
		ical_file_free(&f);
	}
	free(b.p);
	return out;
}

char *
ical_text_set(const char *text, const char *prop, const char *value)
{
	icalcomponent *root = parse_canonical(text), *m;
	icalproperty_kind kind = icalproperty_string_to_kind(prop);
	struct buf b = { 0 };
	icalproperty *p, *next;

	if (!root || !(m = find_master(root))) {
		if (root)
			icalcomponent_free(root);
		error(_("damaged event text"));
		return NULL;
	}
	for (p = icalcomponent_get_first_property(m, kind); p; p = next) {
		next = icalcomponent_get_next_property(m, kind);
		if (kind != ICAL_X_PROPERTY || strcasecmp(icalproperty_get_x_name(p), prop) == 0) {
			icalcomponent_remove_property(m, p);
			icalproperty_free(p);
		}
	}
	if (value) {
		if (kind == ICAL_SUMMARY_PROPERTY)
			p = icalproperty_new_summary(value);
		else if (kind == ICAL_X_PROPERTY) {
			p = icalproperty_new_x(value);
			icalproperty_set_x_name(p, prop);
		} else {
			struct buf l = { 0 };
			buf_printf(&l, "%s:%s", prop, value);
			p = l.p ? icalproperty_new_from_string(l.p) : NULL;
			free(l.p);
		}
		if (!p) {
			icalcomponent_free(root);
			error(_("not a valid %s: '%s'"), prop, value);
			return NULL;
		}
		icalcomponent_add_property(m, p);
	}
	for (icalcomponent *e = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT); e;
	     e = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)) {
		char *t = icalcomponent_as_ical_string_r(e);
		if (t)
			buf_puts(&b, t);
		free(t);
	}
	icalcomponent_free(root);
	return buf_take(&b);
}

/* Appends CRLF-ended content lines, folded at 75 octets (RFC 5545 3.1)
 * without splitting a UTF-8 character. */
static void
buf_folded(struct buf *b, const char *lines)
{
	for (const char *p = lines; *p;) {
		size_t len = strcspn(p, "\r\n"), col = 0, i = 0;
		while (i < len) {
			size_t step = 1;
			while (i + step < len && ((unsigned char)p[i + step] & 0xc0) == 0x80)
				step++;
			if (col + step > 75) {
				buf_puts(b, "\r\n ");
				col = 1;
			}
			buf_add(b, p + i, step);
			col += step;
			i += step;
		}
		buf_puts(b, "\r\n");
		p += len;
		while (*p == '\r' || *p == '\n')
			p++;
	}
}

char *
ical_calendar_text(const char *const *texts, const char *const *extra, int n)
{
	struct buf b = { 0 };
	char **zones = NULL;
	int nz = 0;

	buf_puts(&b, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//loa//loa " LOA_VERSION "//EN\r\nCALSCALE:GREGORIAN\r\n");
	/* One VTIMEZONE per zone used, from the system's tz database. */
	for (int i = 0; i < n; i++) {
		for (const char *p = texts[i]; (p = strstr(p, ";TZID=")); p += 6) {
			size_t l = strcspn(p + 6, ";:");
			char z[80];
			int seen = 0;
			snprintf(z, sizeof z, "%.*s", (int)(l < 79 ? l : 79), p + 6);
			for (int k = 0; k < nz; k++)
				seen |= strcmp(zones[k], z) == 0;
			if (seen || strcmp(z, "UTC") == 0)
				continue;
			char **nv = realloc(zones, (nz + 1) * sizeof *nv);
			if (!nv)
				break;
			zones = nv;
			zones[nz++] = strdup(z);
			icaltimezone *tz = icaltimezone_get_builtin_timezone(z);
			icalcomponent *c = tz ? icalcomponent_new_clone(icaltimezone_get_component(tz)) : NULL;
			if (c) {
				icalproperty *id = icalcomponent_get_first_property(c, ICAL_TZID_PROPERTY);
				if (id)
					icalproperty_set_tzid(id, z);
				char *t = icalcomponent_as_ical_string_r(c);
				if (t)
					buf_puts(&b, t);
				free(t);
				icalcomponent_free(c);
			}
		}
	}
	for (int k = 0; k < nz; k++)
		free(zones[k]);
	free(zones);
	for (int i = 0; i < n; i++) {
		const char *end = strstr(texts[i], "END:VEVENT");
		if (!end || !extra || !extra[i]) {
			buf_puts(&b, texts[i]);
			continue;
		}
		buf_add(&b, texts[i], (size_t)(end - texts[i]));
		buf_folded(&b, extra[i]);
		buf_puts(&b, end);
	}
	buf_puts(&b, "END:VCALENDAR\r\n");
	return buf_take(&b);
}

/* ---------------------------------------------------------------- */
/* The rule in words                                                 */

static const char *const weekday_names[] = { N_("Sunday"), N_("Monday"), N_("Tuesday"), N_("Wednesday"),
					     N_("Thursday"), N_("Friday"), N_("Saturday") };
static const char *const month_names[] = { N_("January"), N_("February"), N_("March"), N_("April"),
					   N_("May"), N_("June"), N_("July"), N_("August"),
					   N_("September"), N_("October"), N_("November"), N_("December") };

/* Joins items as "a, b and c". */
static void
buf_list(struct buf *b, const char *const *items, int n)
{
	for (int i = 0; i < n; i++) {
		if (i)
			buf_puts(b, i == n - 1 ? _(" and ") : ", ");
		buf_puts(b, items[i]);
	}
}

static const char *
ordinal(int n, char *buf, size_t len)
{
	if (n == -1)
		snprintf(buf, len, "%s", _("last"));
	else if (n < 0)
		snprintf(buf, len, _("%d%s from last"), -n, -n == 2 ? "nd" : -n == 3 ? "rd" : "th");
	else
		snprintf(buf, len, "%d%s", n, n % 10 == 1 && n != 11 ? "st" : n % 10 == 2 && n != 12 ? "nd" : n % 10 == 3 && n != 13 ? "rd" : "th");
	return buf;
}

/* "06:00", or "06:00:30" when the seconds are not zero. */
static const char *
clock_text(int s, char *buf, size_t n)
{
	if (s % 60)
		snprintf(buf, n, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, n, "%02d:%02d", s / 3600, s / 60 % 60);
	return buf;
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* The values of a BY* array (end marker ICAL_RECURRENCE_ARRAY_MAX) in range [lo, hi]. */
static int
by_values(const short *v, int size, int lo, int hi, int *out)
{
	int n = 0;
	for (int i = 0; i < size && v[i] != ICAL_RECURRENCE_ARRAY_MAX; i++)
		if (v[i] >= lo && v[i] <= hi)
			out[n++] = v[i];
	return n;
}

/*
 * The times of day of a rule, in time order: " at 06:00 and 17:00" for a
 * daily or longer rule (every BYHOUR x BYMINUTE x BYSECOND, else DTSTART's);
 * many times read as their count and range. A rule of hours, minutes or
 * seconds names its BYHOUR hours and BYMINUTE minutes instead.
 */
static void
describe_times(struct buf *b, const struct ical_rule *r)
{
	const struct icalrecurrencetype *rr = &r->rr;
	int hs[ICAL_BY_HOUR_SIZE], ms[ICAL_BY_MINUTE_SIZE], ss[ICAL_BY_SECOND_SIZE];
	int nh = by_values(rr->by_hour, ICAL_BY_HOUR_SIZE, 0, 23, hs);
	int nm = by_values(rr->by_minute, ICAL_BY_MINUTE_SIZE, 0, 59, ms);
	int ns = by_values(rr->by_second, ICAL_BY_SECOND_SIZE, 0, 60, ss);
	char t1[32], t2[32];

	qsort(hs, (size_t)nh, sizeof *hs, cmp_int);
	qsort(ms, (size_t)nm, sizeof *ms, cmp_int);
	qsort(ss, (size_t)ns, sizeof *ss, cmp_int);
	if (rr->freq < ICAL_DAILY_RECURRENCE) {
		if (nm && rr->freq == ICAL_HOURLY_RECURRENCE) {
			buf_puts(b, nm == 1 ? _(", at minute ") : _(", at minutes "));
			for (int i = 0; i < nm; i++)
				buf_printf(b, "%s%02d", i == 0 ? "" : i == nm - 1 ? _(" and ") : ", ", ms[i]);
		}
		if (nh) {
			buf_puts(b, _(", only in the hours "));
			for (int i = 0; i < nh; i++)
				buf_printf(b, "%s%02d:00-%02d:59", i == 0 ? "" : i == nh - 1 ? _(" and ") : ", ", hs[i], hs[i]);
		}
		return;
	}
	int n = (nh ? nh : 1) * (nm ? nm : 1) * (ns ? ns : 1);
	int *v = malloc((size_t)n * sizeof *v), k = 0;
	if (!v)
		return;
	for (int h = 0; h < (nh ? nh : 1); h++)
		for (int m = 0; m < (nm ? nm : 1); m++)
			for (int x = 0; x < (ns ? ns : 1); x++)
				v[k++] = (nh ? hs[h] : r->dtstart.hour) * 3600 + (nm ? ms[m] : r->dtstart.min) * 60 +
					 (ns ? ss[x] : r->dtstart.sec);
	qsort(v, (size_t)n, sizeof *v, cmp_int);
	k = 0;
	for (int i = 0; i < n; i++) /* drop repeats */
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	if (k > 24) {
		buf_printf(b, _(" at %d times between %s and %s"), k, clock_text(v[0], t1, sizeof t1),
			   clock_text(v[k - 1], t2, sizeof t2));
	} else {
		buf_puts(b, _(" at "));
		for (int i = 0; i < k; i++) {
			if (i)
				buf_puts(b, i == k - 1 ? _(" and ") : ", ");
			buf_puts(b, clock_text(v[i], t1, sizeof t1));
		}
	}
	free(v);
}

char *
ical_rule_describe(const struct ical_rule *r)
{
	struct buf b = { 0 };
	const struct icalrecurrencetype *rr = &r->rr;
	char tmp[40][32];
	const char *items[40];
	int n = 0;

	if (!r->has_rrule) {
		char d[32];
		buf_printf(&b, _("once, on %02d/%02d/%04d"), r->dtstart.day, r->dtstart.month, r->dtstart.year);
		if (!r->all_day)
			buf_printf(&b, _(" at %s"), clock_text(r->dtstart.hour * 3600 + r->dtstart.min * 60 + r->dtstart.sec, d, sizeof d));
	} else {
		static const char *const unit1[] = { N_("every second"), N_("every minute"), N_("every hour"),
						     N_("every day"), N_("every week"), N_("every month"), N_("every year") };
		static const char *const unitn[] = { N_("seconds"), N_("minutes"), N_("hours"), N_("days"),
						     N_("weeks"), N_("months"), N_("years") };
		int f = rr->freq >= ICAL_SECONDLY_RECURRENCE && rr->freq <= ICAL_YEARLY_RECURRENCE ? (int)rr->freq : 3;
		if (rr->interval > 1)
			buf_printf(&b, _("every %d %s"), rr->interval, _(unitn[f]));
		else
			buf_puts(&b, _(unit1[f]));
		/* At which times of day. */
		if (!r->all_day)
			describe_times(&b, r);
		/* On which days. */
		n = 0;
		int nd = 0, plain = 1;
		while (nd < ICAL_BY_DAY_SIZE && rr->by_day[nd] != ICAL_RECURRENCE_ARRAY_MAX)
			nd++;
		for (int i = 0; i < nd && i < 16; i++)
			plain &= icalrecurrencetype_day_position(rr->by_day[i]) == 0;
		if (nd && plain) {
			/* Monday-first order; a run of three or more reads "Monday to Saturday". */
			int set[7] = { 0 }, first = -1, last = -1, run = 1;
			for (int i = 0; i < nd; i++)
				set[((int)icalrecurrencetype_day_day_of_week(rr->by_day[i]) - 1 + 6) % 7] = 1;
			for (int k = 0; k < 7; k++)
				if (set[k]) {
					if (first < 0)
						first = k;
					else if (k != last + 1)
						run = 0;
					last = k;
				}
			if (run && last - first >= 2 && last - first < 6) {
				buf_printf(&b, _(", %s to %s"), _(weekday_names[(first + 1) % 7]), _(weekday_names[(last + 1) % 7]));
			} else if (!(run && last - first == 6)) {
				for (int k = 0; k < 7; k++)
					if (set[k])
						items[n++] = _(weekday_names[(k + 1) % 7]);
				buf_puts(&b, _(", on "));
				buf_list(&b, items, n);
			}
		} else if (nd) {
			for (int i = 0; i < nd && n < 40; i++) {
				int pos = icalrecurrencetype_day_position(rr->by_day[i]);
				int wd = (int)icalrecurrencetype_day_day_of_week(rr->by_day[i]) - 1;
				char o[24];
				if (pos)
					snprintf(tmp[n], sizeof tmp[n], _("the %s %s"), ordinal(pos, o, sizeof o), _(weekday_names[wd]));
				else
					snprintf(tmp[n], sizeof tmp[n], "%s", _(weekday_names[wd]));
				items[n] = tmp[n];
				n++;
			}
			buf_puts(&b, _(", on "));
			buf_list(&b, items, n);
		}
		n = 0;
		for (int i = 0; i < ICAL_BY_MONTHDAY_SIZE && rr->by_month_day[i] != ICAL_RECURRENCE_ARRAY_MAX && n < 40; i++) {
			char o[24];
			snprintf(tmp[n], sizeof tmp[n], "%s", ordinal(rr->by_month_day[i], o, sizeof o));
			items[n] = tmp[n];
			n++;
		}
		if (n) {
			buf_puts(&b, _(", on the "));
			buf_list(&b, items, n);
			buf_puts(&b, _(" day of the month"));
		}
		n = 0;
		for (int i = 0; i < ICAL_BY_MONTH_SIZE && rr->by_month[i] != ICAL_RECURRENCE_ARRAY_MAX && n < 12; i++)
			if (rr->by_month[i] >= 1 && rr->by_month[i] <= 12)
				items[n++] = _(month_names[rr->by_month[i] - 1]);
		if (n) {
			buf_puts(&b, _(", in "));
			buf_list(&b, items, n);
		}
		if (rr->by_set_pos[0] != ICAL_RECURRENCE_ARRAY_MAX)
			buf_puts(&b, _(" (BYSETPOS)"));
		if (r->until_ms != INT64_MAX) {
			char d[32];
			buf_printf(&b, _(", until %s"), time_format_vn_date(r->until_ms, r->zone, d, sizeof d));
		} else if (rr->count > 0) {
			buf_printf(&b, _(", %d times"), rr->count);
		}
		buf_printf(&b, _(", from %02d/%02d/%04d"), r->dtstart.day, r->dtstart.month, r->dtstart.year);
		if (!r->all_day && rr->freq < ICAL_DAILY_RECURRENCE) {
			char d[32];
			buf_printf(&b, _(" at %s"), clock_text(r->dtstart.hour * 3600 + r->dtstart.min * 60 + r->dtstart.sec, d, sizeof d));
		}
	}
	if (r->nrdates)
		buf_printf(&b, _("; plus %d extra date(s)"), r->nrdates);
	if (r->nexdates + r->nexdays)
		buf_printf(&b, _("; except %d date(s)"), r->nexdates + r->nexdays);
	if (r->nov)
		buf_printf(&b, _("; %d occurrence(s) moved or cancelled"), r->nov);
	if (strcmp(r->zone, "UTC") == 0)
		buf_puts(&b, _(" (UTC)"));
	return buf_take(&b);
}
