/*
 * ical_scan.c — the line scanner: a calendar file read line by line before
 * libical parses it (nesting, UTF-8, control bytes, every date value and RRULE, with line numbers),
 * and long EXDATE and RDATE lines split for libical.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libical/ical.h>

#include "loa/i18n.h"
#include "loa/ical.h"
#include "loa/log.h"
#include "loa/utf8.h"
#include "schedule/ical_internal.h"

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

/* Checks one unfolded content line inside a VEVENT, recording its line. */
static int
scan_prop(const char *name, int line, const char *l, struct scan_event *ev)
{
	const char *v = value_start(l);
	char pname[32], tzid[128], vtype[32] = "";
	size_t nl = strcspn(l, ";:");

	if (!v)
		return ical_line_error(name, line, _("not an iCalendar line (no ':'): '%.60s'"), l);
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
			return ical_line_error(name, line, _("%s has no value"), pname);
		for (const char *p = v; *p;) {
			size_t len = strcspn(p, ",");
			if (ical_check_time_value(p, len) != 0)
				return ical_line_error(
				    name, line,
				    _("%s '%.*s' is not a real date and time (YYYYMMDD or YYYYMMDDTHHMMSS)"),
				    pname, (int)(len > 40 ? 40 : len), p);
			p += len + (p[len] == ',');
		}
	} else if (strcmp(pname, "RRULE") == 0) {
		struct icalrecurrencetype r;
		const char *u;
		ev->rrule = line;
		icalerror_clear_errno();
		r = ical_rule_of_string(v);
		if (r.freq == ICAL_NO_RECURRENCE)
			return ical_line_error(name, line, _("RRULE is not a valid rule: '%.80s'"), v);
		if ((u = ical_byday_problem(v, r.freq)))
			return ical_line_error(name, line, _("RRULE '%.80s' is refused: %s"), v, u);
		for (u = v; *u && strncasecmp(u, "UNTIL=", 6) != 0; u++)
			;
		if (*u && ical_check_time_value(u + 6, strcspn(u + 6, ";")) != 0)
			return ical_line_error(name, line, _("RRULE's UNTIL is not a real date: '%.80s'"), v);
		if (r.count > ICAL_MAX_COUNT)
			return ical_line_error(name, line,
			                       _("RRULE asks for %d airings; loa accepts at most %d (use "
			                         "UNTIL or a smaller COUNT)"),
			                       r.count, ICAL_MAX_COUNT);
		if (r.interval < 1)
			return ical_line_error(name, line, _("RRULE's INTERVAL must be 1 or more: '%.80s'"),
			                       v);
	}
	return 0;
}

/*
 * Finds the physical line and column of byte off of the unfolded line whose
 * first physical line starts at text + start (line number line): each
 * continuation line adds its length less the leading space or tab.
 */
static void
physical_position(const char *text, size_t len, size_t start, int line, size_t off, int *out_line,
                  size_t *out_col)
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
int
ical_scan_text(const char *text, size_t len, const char *name, struct scan *sc)
{
	char stack[16][32];
	int depth = 0, line = 0, start_line = 0, seen_cal = 0, last_line = 0;
	struct buf cur = {0};
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
				return ical_line_error(
				    name, line,
				    _("binary data (byte 0x%02x): this is not a text calendar file"), c);
			}
		}
		/* A line starting with a space or tab continues the previous one. */
		if (l && (p[0] == ' ' || p[0] == '\t') && cur.n) {
			ical_buf_add(&cur, p + 1, l - 1);
		} else {
			if (cur.n) {
				const char *c = cur.p;
				/*
				 * UTF-8 is checked on the unfolded line: a fold at 75
				 * octets may split a character (RFC 5545 section 3.1).
				 */
				if (utf8_check(cur.p, cur.n, &bad) != 0) {
					int bl;
					size_t col;
					unsigned char bc = (unsigned char)cur.p[bad];
					physical_position(text, len, start_off, start_line, bad, &bl, &col);
					free(cur.p);
					return ical_line_error(name, bl,
					                       _("the text is not UTF-8 (byte 0x%02x at "
					                         "column %zu); save the calendar as UTF-8"),
					                       bc, col);
				}
				if (strncasecmp(c, "BEGIN:", 6) == 0) {
					if (depth == 0 && strcasecmp(c + 6, "VCALENDAR") != 0)
						goto not_ical;
					if (depth >= 16) {
						free(cur.p);
						return ical_line_error(name, start_line,
						                       _("components nested too deep"));
					}
					snprintf(stack[depth++], sizeof stack[0], "%s", c + 6);
					seen_cal = 1;
					if (strcasecmp(c + 6, "VEVENT") == 0) {
						struct scan_event *nv =
						    realloc(sc->ev, (sc->n + 1) * sizeof *nv);
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
						int r = ical_line_error(
						    name, start_line,
						    depth ? _("'%s' where END:%s was expected")
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
				ical_buf_add(&cur, p, l);
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
		return ical_line_error(name, 0, _("not an iCalendar file (no BEGIN:VCALENDAR)"));
	if (depth)
		return ical_line_error(name, last_line, _("the file ends inside %s: END:%s is missing"),
		                       stack[depth - 1], stack[depth - 1]);
	return 0;
not_ical:
	ical_line_error(name, start_line, _("not an iCalendar file: expected BEGIN:VCALENDAR, found '%.40s'"),
	                cur.p);
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

char *
ical_split_lists(const char *text, size_t len)
{
	struct buf b = {0}, line = {0};
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
			ical_buf_add(&line, text + i + !first, l - !first);
			i = e < len ? e + 1 : len;
			/* As ical_scan_text(): a space after an empty line starts no fold. */
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
			ical_buf_add(&b, text + start, i - start);
			continue;
		}
		for (const char *p = v; *p;) {
			ical_buf_add(&b, line.p, (size_t)(v - line.p));
			for (int k = 0; k < ICAL_LIST_SPLIT && *p; k++) {
				size_t l = strcspn(p, ",");
				if (k)
					ical_buf_add(&b, ",", 1);
				ical_buf_add(&b, p, l);
				p += l + (p[l] == ',');
			}
			ical_buf_puts(&b, "\r\n");
		}
	}
	free(line.p);
	if (line.oom) {
		free(b.p);
		return NULL;
	}
	return ical_buf_take(&b);
}
