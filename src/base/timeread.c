/*
 * timeread.c — dates, times, weekdays and periods as the officer types
 * them (timeutil.h).
 *
 * Key decisions:
 *  - Every value is first made bare (utf8_bare: NFC, case folded, marks
 *    dropped, "đ" made "d", blanks tidied), so "Thứ Hai", "thu hai" and a
 *    phone's decomposed "thứ hai" are one text, and the words below are
 *    plain ASCII.
 *  - Day first: Vietnam writes 01/02/2026 for the 1st of February. A date
 *    written month first (01/13/2026) is refused with words saying the day
 *    comes first, never quietly read the other way round.
 *  - A date without a year takes the next such day from today (today
 *    included), or for what is past the last one; and time_reading_note
 *    says which, so a choice is never silent. A two-digit year is refused:
 *    "26" is not worth a guess in a broadcast log kept for years.
 *  - The readers are quiet and fill a struct time_reading; the words of a
 *    refusal (time_fault_text, time_examples) are here too, so the command
 *    line and the web console say the same thing.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/clock.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/timeutil.h"
#include "loa/utf8.h"

/* ---- scanning bare text ---- */

static void
blanks(const char **p)
{
	while (**p == ' ')
		(*p)++;
}

/* Reads a run of digits (at most 9) into *v and its length into *nd; 0
 * when there is none or it is longer. */
static int
number(const char **p, int *v, int *nd)
{
	int x = 0, n = 0;

	while (isdigit((unsigned char)(*p)[n])) {
		if (n == 9)
			return 0;
		x = x * 10 + ((*p)[n] - '0');
		n++;
	}
	if (!n)
		return 0;
	*p += n;
	*v = x;
	*nd = n;
	return 1;
}

/* Consumes word w at *p when it is not followed by a letter. */
static int
word(const char **p, const char *w)
{
	size_t n = strlen(w);

	if (strncmp(*p, w, n) != 0 || isalpha((unsigned char)(*p)[n]))
		return 0;
	*p += n;
	return 1;
}

static int
fail(struct time_reading *how, enum time_fault f)
{
	how->fault = f;
	return -1;
}

/* s made bare, or NULL (how->fault set) when it is empty or not UTF-8. */
static char *
bare(const char *s, struct time_reading *how)
{
	char *b;

	if (!s || !(b = utf8_bare(s))) {
		fail(how, s ? TIME_SHAPE : TIME_EMPTY);
		return NULL;
	}
	if (!*b) {
		free(b);
		fail(how, TIME_EMPTY);
		return NULL;
	}
	return b;
}

void
time_today(const char *zone, struct civil *out)
{
	if (tz_from_utc(zone, clock_wall_ms(), out, NULL) != 0)
		tz_from_utc("UTC", clock_wall_ms(), out, NULL);
	out->hour = out->min = out->sec = 0;
}

/* ---- dates ---- */

/* The parts of a date in bare text: D/M[/Y], Y-M-D, "ngay D thang M nam
 * Y"; *iso set for year first. 0 or -1 (TIME_SHAPE or TIME_SHORT_YEAR). */
static int
date_parts(const char *b, struct time_reading *how, int *iso)
{
	const char *p = b;
	int v[3] = {0, 0, 0}, nd[3] = {0, 0, 0}, k = 1;

	*iso = 0;
	word(&p, "ngay");
	blanks(&p);
	if (!number(&p, &v[0], &nd[0]))
		return fail(how, TIME_SHAPE);
	blanks(&p);
	if (word(&p, "thang")) {
		blanks(&p);
		if (!number(&p, &v[1], &nd[1]))
			return fail(how, TIME_SHAPE);
		k = 2;
		blanks(&p);
		if (word(&p, "nam")) {
			blanks(&p);
			if (!number(&p, &v[2], &nd[2]))
				return fail(how, TIME_SHAPE);
			k = 3;
		}
	} else if (*p == '/' || *p == '-' || *p == '.') {
		char sep = *p++;
		blanks(&p);
		if (!number(&p, &v[1], &nd[1]))
			return fail(how, TIME_SHAPE);
		k = 2;
		blanks(&p);
		if (*p == sep) {
			p++;
			blanks(&p);
			if (!number(&p, &v[2], &nd[2]))
				return fail(how, TIME_SHAPE);
			k = 3;
		}
	}
	blanks(&p);
	if (*p || k < 2)
		return fail(how, TIME_SHAPE);
	if (k == 3 && nd[0] == 4) {
		if (nd[1] > 2 || nd[2] > 2)
			return fail(how, TIME_SHAPE);
		*iso = 1;
		how->year = v[0], how->month = v[1], how->day = v[2];
		return 0;
	}
	if (nd[0] > 2 || nd[1] > 2)
		return fail(how, TIME_SHAPE);
	how->day = v[0], how->month = v[1];
	if (k == 3) {
		how->year = v[2];
		if (nd[2] == 2)
			return fail(how, TIME_SHORT_YEAR);
		if (nd[2] != 4)
			return fail(how, TIME_SHAPE);
	}
	return 0;
}

int
time_read_date(const char *s, const struct civil *today, int past, struct civil *out,
               struct time_reading *how)
{
	char *b;
	int iso, y, d, m, rc;

	memset(how, 0, sizeof *how);
	memset(out, 0, sizeof *out);
	if (!(b = bare(s, how)))
		return -1;
	rc = date_parts(b, how, &iso);
	free(b);
	if (rc != 0)
		return -1;
	d = how->day, m = how->month, y = how->year;
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return fail(how, TIME_NO_SUCH_DAY);
	if (y) {
		if (y < 1970 || y > 9999)
			return fail(how, TIME_RANGE);
		if (d > civil_days_in_month(y, m))
			return fail(how, TIME_NO_SUCH_DAY);
	} else {
		if (!today)
			return fail(how, TIME_NO_YEAR);
		if (d > civil_days_in_month(2024, m)) /* 2024: a leap year, 29/02 exists */
			return fail(how, TIME_NO_SUCH_DAY);
		int key = m * 100 + d, now = today->month * 100 + today->day, step = past ? -1 : 1;
		y = today->year;
		if (past ? key > now : key < now)
			y += step;
		while (d > civil_days_in_month(y, m)) /* 29/02: the next (or last) leap year */
			y += step;
		how->year_chosen = 1;
	}
	how->day_first = !iso && d <= 12 && m <= 12 && d != m;
	out->year = y, out->month = m, out->day = d;
	return 0;
}

/* ---- times of day ---- */

/* Hour h said with a part of the day (sáng, trưa, chiều, tối, đêm) as
 * 0-23: "5 giờ chiều" is 17:00, "17 giờ chiều" too; -1 when they do not
 * fit ("9 giờ chiều" is no afternoon hour loa guesses at). */
static int
part_of_day(int part, int h)
{
	switch (part) {
	case 0: /* sáng */
		return h <= 12 ? h : -1;
	case 1: /* trưa: 10 to 14; "1 giờ trưa" is 13:00 */
		return h >= 10 && h <= 14 ? h : h >= 1 && h <= 2 ? h + 12 : -1;
	case 2: /* chiều: 12 to 18 */
		return h >= 12 && h <= 18 ? h : h >= 1 && h <= 6 ? h + 12 : -1;
	case 3: /* tối: 17 to 23 */
		return h >= 17 ? h : h >= 5 && h <= 11 ? h + 12 : -1;
	default: /* đêm: "11 giờ đêm" 23:00, "2 giờ đêm" 02:00 */
		return h >= 19 ? h : h >= 7 && h <= 11 ? h + 12 : h <= 4 ? h : -1;
	}
}

int
time_read_clock(const char *s, int *hour, int *min, int *sec, struct time_reading *how)
{
	const char *p;
	char *b;
	int h = 0, m = 0, sc = 0, n, rc = -1;

	memset(how, 0, sizeof *how);
	if (!(b = bare(s, how)))
		return -1;
	p = b;
	word(&p, "luc");
	blanks(&p);
	if (!number(&p, &h, &n) || n > 2)
		goto shape;
	if (*p == ':') {
		p++;
		if (!number(&p, &m, &n) || n != 2)
			goto shape;
		if (*p == ':') {
			p++;
			if (!number(&p, &sc, &n) || n != 2)
				goto shape;
		}
	} else {
		blanks(&p);
		if (!word(&p, "gio") && !word(&p, "h") && !word(&p, "g"))
			goto shape;
		blanks(&p);
		if (number(&p, &m, &n)) {
			if (n > 2)
				goto shape;
			blanks(&p);
			if (!word(&p, "phut") && !word(&p, "ph"))
				word(&p, "p");
		} else if (word(&p, "ruoi")) {
			m = 30;
		}
	}
	blanks(&p);
	static const char *const parts[] = {"sang", "trua", "chieu", "toi", "dem"};
	int part = -1;
	for (int i = 0; i < 5 && part < 0; i++)
		if (word(&p, parts[i]))
			part = i;
	blanks(&p);
	if (*p)
		goto shape;
	if (h > 23 || m > 59 || sc > 59 || (part >= 0 && (h = part_of_day(part, h)) < 0)) {
		fail(how, TIME_RANGE);
		goto out;
	}
	*hour = h, *min = m, *sec = sc;
	rc = 0;
	goto out;
shape:
	fail(how, TIME_SHAPE);
out:
	free(b);
	return rc;
}

/* ---- instants ---- */

static int
filler(const char *w)
{
	return strcmp(w, "ngay") == 0 || strcmp(w, "luc") == 0 || strcmp(w, "vao") == 0;
}

int
time_read_instant(const char *s, const char *zone, const struct civil *today, int past, int64_t *out_ms,
                  struct time_reading *how)
{
	struct time_reading r;
	struct civil c;
	char *b, *w[16], *tok, *save = NULL, clock[128] = "";
	int nw = 0, at = -1;

	memset(how, 0, sizeof *how);
	if (s && time_parse_instant(s, zone, out_ms) == 0) {
		how->has_time = strlen(s) > 10;
		return 0;
	}
	/* A date alone, the words form ("ngày 1 tháng 7 năm 2026") included. */
	if (time_read_date(s, today, past, &c, how) == 0 || how->fault != TIME_SHAPE) {
		how->part = TIME_DATE;
		if (how->fault)
			return -1;
		return tz_to_utc(zone, &c, out_ms) == 0 ? 0 : fail(how, TIME_SHAPE);
	}
	memset(how, 0, sizeof *how);
	if (!(b = bare(s, how)))
		return -1;
	for (tok = strtok_r(b, " ,", &save); tok && nw < 16; tok = strtok_r(NULL, " ,", &save))
		if (!filler(tok))
			w[nw++] = tok;
	if (tok) {
		free(b);
		return fail(how, TIME_SHAPE);
	}
	/* The one word that is a date; the others are the time of day. */
	for (int i = 0; i < nw; i++) {
		struct civil d;
		if (time_read_date(w[i], today, past, &d, &r) != 0 && r.fault == TIME_SHAPE)
			continue;
		if (at >= 0) {
			free(b);
			return fail(how, TIME_SHAPE);
		}
		at = i;
		*how = r;
		c = d;
	}
	if (at < 0) {
		free(b);
		return fail(how, TIME_SHAPE);
	}
	how->part = TIME_DATE;
	if (how->fault) {
		free(b);
		return -1;
	}
	for (int i = 0; i < nw; i++)
		if (i != at && strlen(clock) + strlen(w[i]) + 2 < sizeof clock)
			snprintf(clock + strlen(clock), sizeof clock - strlen(clock), "%s%s",
			         *clock ? " " : "", w[i]);
	free(b);
	if (*clock) {
		if (time_read_clock(clock, &c.hour, &c.min, &c.sec, &r) != 0) {
			how->fault = r.fault;
			how->part = TIME_CLOCK;
			return -1;
		}
		how->has_time = 1;
	}
	return tz_to_utc(zone, &c, out_ms) == 0 ? 0 : fail(how, TIME_SHAPE);
}

/* ---- weekdays ---- */

/* One day named in bare text t: 0 = Sunday .. 6; -1 not a day, -2 a
 * number that is no day (t8, thứ 9). */
static int
one_day(const char *t)
{
	static const char *const en[] = {"sunday",   "monday", "tuesday", "wednesday",
	                                 "thursday", "friday", "saturday"};
	static const char *const vn[] = {"", "hai", "ba", "tu", "nam", "sau", "bay"};
	const char *p = t;
	int v, n;

	if (strcmp(t, "cn") == 0 || strcmp(t, "chu nhat") == 0 || strcmp(t, "chunhat") == 0)
		return 0;
	if (word(&p, "thu") || (p[0] == 't' && isdigit((unsigned char)p[1]) && (p++, 1)))
		blanks(&p);
	if (p != t || isdigit((unsigned char)*p)) {
		if (number(&p, &v, &n)) {
			if (*p)
				return -1;
			return n == 1 && v >= 2 && v <= 7 ? v - 1 : -2;
		}
		for (int i = 1; i < 7; i++)
			if (strcmp(p, vn[i]) == 0)
				return i;
		if (*p) /* "thu" followed by something else */
			return -1;
		p = t; /* "thu" alone: Thursday */
	}
	for (int i = 1; i < 7; i++)
		if (strcmp(p, vn[i]) == 0)
			return i;
	if (strlen(p) >= 3)
		for (int i = 0; i < 7; i++)
			if (strncmp(p, en[i], strlen(p)) == 0)
				return i;
	return -1;
}

/* Cuts bare text at the first range mark ("-", " den ", " toi "); returns
 * the text after it, or NULL when there is none. */
static char *
range_mark(char *t)
{
	static const char *const marks[] = {"-", " den ", " toi "};

	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		char *m = strstr(t, marks[i]);
		if (m) {
			*m = 0;
			return m + strlen(marks[i]);
		}
	}
	return NULL;
}

static void
trim(char **t)
{
	char *e;

	while (**t == ' ')
		(*t)++;
	e = *t + strlen(*t);
	while (e > *t && e[-1] == ' ')
		*--e = 0;
}

int
time_read_weekdays(const char *s, int *mask, struct time_reading *how)
{
	static const char *const every[] = {"daily",     "all",      "every",   "every day", "everyday",
	                                    "hang ngay", "moi ngay", "ca tuan", "tat ca"};
	char *b, *item, *save = NULL, *va;
	int rc = 0;

	*mask = 0;
	memset(how, 0, sizeof *how);
	if (!(b = bare(s, how)))
		return -1;
	for (size_t i = 0; i < sizeof every / sizeof every[0]; i++)
		if (strcmp(b, every[i]) == 0) {
			free(b);
			return *mask = 0x7f, 0;
		}
	while ((va = strstr(b, " va "))) /* "thứ 2 và thứ 5" */
		memcpy(va, " ,  ", 4);
	for (item = strtok_r(b, ",;&", &save); item && rc == 0; item = strtok_r(NULL, ",;&", &save)) {
		char *to;
		int a, z;
		trim(&item);
		if (!*item)
			continue;
		if (strncmp(item, "tu ", 3) == 0 &&
		    (strchr(item, '-') || strstr(item, " den ") || strstr(item, " toi ")))
			item += 3; /* "từ thứ 2 đến thứ 7" */
		to = range_mark(item);
		trim(&item);
		a = one_day(item);
		z = a;
		if (to) {
			trim(&to);
			z = one_day(to);
		}
		if (a < 0 || z < 0) {
			rc = fail(how, a == -2 || z == -2 ? TIME_RANGE : TIME_SHAPE);
			break;
		}
		/* Monday first: "mon-sun", "fri-mon", "t2-cn" wrap around the week. */
		for (int i = a;; i = (i + 1) % 7) {
			*mask |= 1 << i;
			if (i == z)
				break;
		}
	}
	free(b);
	if (rc == 0 && !*mask)
		rc = fail(how, TIME_SHAPE);
	return rc;
}

int
time_parse_weekdays(const char *s, int *mask)
{
	struct time_reading how;

	return time_read_weekdays(s, mask, &how);
}

/* ---- quarters, halves, years ---- */

/* A part's number in bare text: digits or a Roman numeral. 0 if none. */
static int
part_number(const char *t)
{
	static const char *const roman[] = {"", "i", "ii", "iii", "iv", "v", "vi"};
	const char *p = t;
	int v, n;

	if (number(&p, &v, &n))
		return *p ? 0 : v;
	for (int i = 1; i < 7; i++)
		if (strcmp(t, roman[i]) == 0)
			return i;
	return 0;
}

int
time_read_period(const char *s, char kind, int *year, int *part, struct time_reading *how)
{
	char *b, *p, *rest, *q;
	int y = 0, short_year = 0, digits = 0, n = 0;

	*year = *part = 0;
	memset(how, 0, sizeof *how);
	if (!(b = bare(s, how)))
		return -1;
	/* The year: the one run of four digits. */
	for (p = b; *p;) {
		if (!isdigit((unsigned char)*p)) {
			p++;
			continue;
		}
		for (n = 0; isdigit((unsigned char)p[n]); n++)
			;
		digits = 1;
		if (n == 4) {
			if (y) {
				free(b);
				return fail(how, TIME_SHAPE);
			}
			y = atoi(p);
			memset(p, ' ', 4);
		} else if (n == 2 && !p[n]) {
			short_year = 1;
			how->year = (p[0] - '0') * 10 + (p[1] - '0'); /* for the words of the refusal */
		} else if (n > 4) {
			free(b);
			return fail(how, TIME_SHAPE);
		}
		p += n;
	}
	/* What is left names the part: separators and "năm" dropped. */
	for (p = b; *p; p++)
		if (strchr("/-.,", *p))
			*p = ' ';
	for (p = b; (p = strstr(p, "nam"));) {
		if ((p == b || p[-1] == ' ') && (p[3] == ' ' || !p[3]))
			memset(p, ' ', 3);
		else
			p += 3;
	}
	for (p = q = b; *p; p++) /* blanks made one */
		if (*p != ' ' || (q > b && q[-1] != ' '))
			*q++ = *p;
	while (q > b && q[-1] == ' ')
		q--;
	*q = 0;
	rest = b;
	if (!y) {
		enum time_fault f = short_year        ? TIME_SHORT_YEAR
		                    : digits || *rest ? TIME_NO_YEAR
		                                      : TIME_SHAPE;
		free(b);
		return fail(how, kind == 'Y' && f == TIME_NO_YEAR ? TIME_SHAPE : f);
	}
	how->year = y;
	int k = 0, max = kind == 'Q' ? 4 : 2;
	if (kind == 'Y') {
		k = *rest ? -1 : 0;
	} else if (kind == 'H' && (!strcmp(rest, "6 thang dau") || !strcmp(rest, "sau thang dau") ||
	                           !strcmp(rest, "nua dau") || !strcmp(rest, "dau"))) {
		k = 1;
	} else if (kind == 'H' && (!strcmp(rest, "6 thang cuoi") || !strcmp(rest, "sau thang cuoi") ||
	                           !strcmp(rest, "6 thang sau") || !strcmp(rest, "nua cuoi") ||
	                           !strcmp(rest, "nua sau") || !strcmp(rest, "cuoi"))) {
		k = 2;
	} else {
		const char *r = rest;
		if (kind == 'Q' && !word(&r, "quy") && *r == 'q')
			r++;
		if (kind == 'H' && !word(&r, "nua") && *r == 'h')
			r++;
		blanks(&r);
		k = *r ? part_number(r) : 0;
		if (!k)
			k = -1;
	}
	free(b);
	if (k < 0)
		return fail(how, TIME_SHAPE);
	if (k > max)
		return fail(how, TIME_RANGE);
	if (y < 1970 || y > 9998)
		return fail(how, TIME_RANGE);
	*year = y, *part = k;
	return 0;
}

/* ---- the words of a refusal ---- */

char *
time_fault_text(enum time_what what, const char *s, const struct time_reading *how, char *buf, size_t n)
{
	enum time_what w = what == TIME_INSTANT && how->fault != TIME_SHAPE ? how->part : what;
	char ex[32];

	s = s ? s : "";
	switch (how->fault) {
	case TIME_EMPTY:
		snprintf(buf, n, _("nothing was given: '%s'"), s);
		break;
	case TIME_NO_SUCH_DAY:
		if ((how->month < 1 || how->month > 12) && how->day >= 1 && how->day <= 12 &&
		    how->month <= 31) {
			/* Month first, as some programs write it: show it day first. */
			if (how->year)
				snprintf(ex, sizeof ex, "%02d/%02d/%04d", how->month % 100, how->day % 100,
				         how->year % 10000);
			else
				snprintf(ex, sizeof ex, "%02d/%02d", how->month % 100, how->day % 100);
			snprintf(buf, n, _("there is no month %d: '%s' (the day comes first: %s)"),
			         how->month, s, ex);
		} else if (how->month < 1 || how->month > 12) {
			snprintf(buf, n, _("there is no month %d: '%s' (months are 1 to 12)"), how->month, s);
		} else if (how->year >= 1970 && how->year <= 9999 && how->day >= 1) {
			snprintf(buf, n, _("there is no such day: '%s' (month %d of %d has %d days)"), s,
			         how->month, how->year, civil_days_in_month(how->year, how->month));
		} else {
			snprintf(buf, n, _("there is no such day: '%s'"), s);
		}
		break;
	case TIME_SHORT_YEAR:
		snprintf(buf, n, _("write the year with four digits (20%02d, not %02d): '%s'"),
		         how->year % 100, how->year % 100, s);
		break;
	case TIME_NO_YEAR:
		snprintf(buf, n, _("give the year too: '%s'"), s);
		break;
	case TIME_RANGE:
		if (w == TIME_CLOCK)
			snprintf(buf, n,
			         _("there is no such time of day: '%s' (hours go from 0 to 23, minutes from "
			           "0 to 59)"),
			         s);
		else if (w == TIME_DAYS)
			snprintf(buf, n,
			         _("there is no such day of the week: '%s' (the days are t2 to t7, and cn)"),
			         s);
		else if (w == TIME_QUARTER)
			snprintf(buf, n, _("there is no such quarter: '%s' (quarters are 1 to 4)"), s);
		else if (w == TIME_HALF)
			snprintf(buf, n,
			         _("there is no such half year: '%s' (a year has two halves, 1 and 2)"), s);
		else
			snprintf(buf, n, _("the year must be from 1970 to 9999: '%s'"), s);
		break;
	default:
		switch (what) {
		case TIME_DATE:
			snprintf(buf, n, _("not a date: '%s'"), s);
			break;
		case TIME_CLOCK:
			snprintf(buf, n, _("not a time of day: '%s'"), s);
			break;
		case TIME_INSTANT:
			snprintf(buf, n, _("not a date, or a date and time: '%s'"), s);
			break;
		case TIME_DAYS:
			snprintf(buf, n, _("not days of the week: '%s'"), s);
			break;
		case TIME_QUARTER:
			snprintf(buf, n, _("not a quarter: '%s'"), s);
			break;
		case TIME_HALF:
			snprintf(buf, n, _("not a half year: '%s'"), s);
			break;
		default:
			snprintf(buf, n, _("not a year: '%s'"), s);
			break;
		}
		break;
	}
	return buf;
}

const char *
time_examples(enum time_what what)
{
	static const char *const ex[] = {
	    [TIME_DATE] = N_("write the day first: 01/07/2026 or 1/7/2026; or 2026-07-01"),
	    [TIME_CLOCK] = N_("write times such as 6h, 6h30, 17g, 6:00 or 06:00"),
	    [TIME_INSTANT] =
	        N_("write a date, or a date and a time: 01/07/2026, 1/7/2026 6h30 or 2026-07-01T06:30"),
	    [TIME_DAYS] =
	        N_("write days such as t2-t7, thứ 2 - thứ 7, t2,t4,t6, cn or mon-sat; every day: hằng "
	           "ngày or daily"),
	    [TIME_QUARTER] = N_("write a quarter such as 3/2026, III/2026, quý 3/2026 or 2026Q3"),
	    [TIME_HALF] =
	        N_("write a half year such as 6 tháng đầu năm 2026, 6 tháng cuối năm 2026, H1/2026 or "
	           "2026H1"),
	    [TIME_YEAR] = N_("write a year with four digits, such as 2026"),
	};

	return _(ex[what]);
}

void
time_reading_note(const char *s, const struct civil *c, const struct time_reading *how)
{
	static const char *const months[] = {N_("January"),   N_("February"), N_("March"),    N_("April"),
	                                     N_("May"),       N_("June"),     N_("July"),     N_("August"),
	                                     N_("September"), N_("October"),  N_("November"), N_("December")};

	if (!how->year_chosen && !how->day_first)
		return;
	if (c->month < 1 || c->month > 12)
		return;
	/* TRANSLATORS: the date as typed, then day, month's name, year. */
	log_info(_("'%s' is read as %d %s %d"), s, c->day, _(months[c->month - 1]), c->year);
}
