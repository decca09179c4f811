/*
 * slot_rule.c — the officer's choices of when a slot airs, as RRULEs, and
 * the changes to a slot's times after: its rule, one airing left out or
 * moved (slot_rule.h).
 *
 * Key decisions:
 *  - Times that share their minute and second become one rule with a
 *    BYHOUR list; others get a slot each, since BYHOUR x BYMINUTE would
 *    cross them (06:00,17:30 is not 06:30 and 17:00 too).
 *  - DTSTART is put on the first chosen weekday: RFC 5545 counts DTSTART as
 *    an airing even when the rule does not match it, and calendar programs
 *    show it so.
 *  - UNTIL is the last second of the last day in the station's zone,
 *    written in UTC as RFC 5545 asks of a rule with a zoned DTSTART.
 *  - Everything is checked before anything is returned: a typing mistake
 *    in a time is reported as such, before the clip is looked at.
 *  - A changed event is read back as an import reads a file (settle), so a
 *    slot changed by hand is held to the limits of one imported.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/clock.h"
#include "loa/i18n.h"
#include "loa/ical.h"
#include "loa/log.h"
#include "loa/slot.h"
#include "loa/slot_rule.h"

/* Notes what is wrong with field and reports it (unless quiet); -1. */
static int LOA_PRINTF(5, 6) fault(const struct slot_when *w, struct slot_rules *out,
                                  enum slot_fault_kind kind, const char *field, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	out->fault.kind = kind;
	out->fault.field = field;
	if (w->quiet)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return error_at(ERR_INPUT, field, "%s", msg);
}

/* The value (or item) at fault, kept for the front end's own wording. */
static const char *
bad(struct slot_rules *out, const char *value)
{
	snprintf(out->fault.bad, sizeof out->fault.bad, "%s", value ? value : "");
	return value;
}

static int
add_rule(struct slot_rules *out)
{
	struct slot_rule *nv = realloc(out->v, (size_t)(out->n + 1) * sizeof *nv);

	if (!nv)
		return error(_("out of memory"));
	out->v = nv;
	memset(&nv[out->n++], 0, sizeof *nv);
	return 0;
}

/* Reports value of field, a what, refused as how says: the words and the
 * examples (time_fault_text, time_examples). -1. */
static int
refuse(const struct slot_when *w, struct slot_rules *out, const char *field, enum time_what what,
       const char *value, const struct time_reading *how)
{
	char msg[512];

	out->fault.what = what;
	out->fault.how = *how;
	bad(out, value);
	time_fault_text(what, value, how, msg, sizeof msg);
	if (fault(w, out, SLOT_FAULT_VALUE, field, "%s", msg) != 0 && !w->quiet)
		hint("%s", time_examples(what));
	return -1;
}

/* Today in the slot's zone, by its w->now_ms. */
static struct civil
today_of(const struct slot_when *w)
{
	struct civil c;

	if (tz_from_utc(w->zone, w->now_ms, &c, NULL) != 0)
		memset(&c, 0, sizeof c);
	c.hour = c.min = c.sec = 0;
	return c;
}

/* A date and time typed by the officer, in the station zone; a date
 * without a year is the next such day from ref. 0, or -1 (quiet, *how). */
static int
parse_civil(const char *s, const char *zone, const struct civil *ref, struct civil *out,
            struct time_reading *how)
{
	int64_t ms;

	if (time_read_instant(s, zone, ref, 0, &ms, how) != 0)
		return -1;
	if (tz_from_utc(zone, ms, out, NULL) != 0) {
		how->fault = TIME_SHAPE;
		return -1;
	}
	time_reading_note(s, out, how);
	return 0;
}

static void
next_day(struct civil *c)
{
	if (++c->day > civil_days_in_month(c->year, c->month)) {
		c->day = 1;
		if (++c->month > 12)
			c->month = 1, c->year++;
	}
}

static void append(char *rule, size_t n, const char *fmt, ...) LOA_PRINTF(3, 4);

static void
append(char *rule, size_t n, const char *fmt, ...)
{
	size_t len = strlen(rule);
	va_list ap;

	va_start(ap, fmt);
	if (len < n)
		vsnprintf(rule + len, n - len, fmt, ap);
	va_end(ap);
}

/* One start, its rule and its left-out dates. */
static int
build_once(const struct slot_when *w, struct slot_rules *out)
{
	const char *zone = w->zone, *why;
	struct slot_rule *r;

	if (w->rrule && ical_rrule_check(w->rrule, NULL, zone, &why) != 0) {
		out->fault.why = why;
		return fault(w, out, SLOT_FAULT_VALUE, "rrule", _("the rule '%s' is refused: %s"),
		             bad(out, w->rrule), why);
	}
	if (add_rule(out) != 0)
		return -1;
	r = &out->v[0];
	struct civil today = today_of(w);
	struct time_reading how;
	if (parse_civil(w->start, zone, &today, &r->start, &how) != 0)
		return refuse(w, out, "start", TIME_INSTANT, w->start, &how);
	if (w->rrule) {
		/* The rule from this start: how often it airs, whether libical copes. */
		struct ical_spec once = {.uid = "check@loa", .zone = zone, .start = r->start};
		char *base = ical_spec_text(&once);
		int refused = base && ical_rrule_check(w->rrule, base, zone, &why) != 0;
		free(base);
		if (!base)
			return error(_("out of memory"));
		if (refused) {
			out->fault.why = why;
			return fault(w, out, SLOT_FAULT_VALUE, "rrule", _("the rule '%s' is refused: %s"),
			             bad(out, w->rrule), why);
		}
		snprintf(r->rrule, sizeof r->rrule, "%s", w->rrule);
	}
	if (!w->exdate)
		return 0;
	/* Each EXDATE: a date (at the start's time) or a date and time. */
	char *buf = strdup(w->exdate), *tok, *save = NULL;
	if (!buf)
		return error(_("out of memory"));
	for (tok = strtok_r(buf, ",;", &save); tok; tok = strtok_r(NULL, ",;", &save)) {
		struct civil x, *nv;
		if (parse_civil(tok, zone, &r->start, &x, &how) != 0) {
			refuse(w, out, "exdate", TIME_INSTANT, tok, &how);
			free(buf);
			return -1;
		}
		if (!how.has_time) /* a date: the day at the start's time */
			x.hour = r->start.hour, x.min = r->start.min, x.sec = r->start.sec;
		if (!(nv = realloc(r->exdates, (size_t)(r->nexdates + 1) * sizeof *nv))) {
			free(buf);
			return error(_("out of memory"));
		}
		r->exdates = nv;
		r->exdates[r->nexdates++] = x;
	}
	free(buf);
	return 0;
}

/* The RRULE of the times t[g..] that share t[g]'s minute and second, and
 * their EXDATEs; marks them done. */
static int
build_group(const struct slot_when *w, struct slot_rules *out, int (*t)[3], int nt, int g, int *done,
            int mask, const struct civil *from, int64_t until_ms, const struct civil *ex, int nex)
{
	struct slot_rule *r;
	int nh = 0, first_h = 24;

	if (add_rule(out) != 0)
		return -1;
	r = &out->v[out->n - 1];
	snprintf(r->rrule, sizeof r->rrule, "FREQ=DAILY;BYHOUR=");
	for (int k = g; k < nt; k++) {
		if (done[k] || t[k][1] != t[g][1] || t[k][2] != t[g][2])
			continue;
		done[k] = 1;
		append(r->rrule, sizeof r->rrule, "%s%d", nh++ ? "," : "", t[k][0]);
		if (t[k][0] < first_h)
			first_h = t[k][0];
		struct civil *nv = realloc(r->exdates, (size_t)(r->nexdates + nex + 1) * sizeof *nv);
		if (!nv)
			return error(_("out of memory"));
		r->exdates = nv;
		for (int e = 0; e < nex; e++) {
			struct civil *x = &r->exdates[r->nexdates++];
			*x = ex[e];
			x->hour = t[k][0], x->min = t[k][1], x->sec = t[k][2];
		}
	}
	append(r->rrule, sizeof r->rrule, ";BYMINUTE=%d", t[g][1]);
	if (t[g][2])
		append(r->rrule, sizeof r->rrule, ";BYSECOND=%d", t[g][2]);
	if (mask != 0x7f) {
		static const char *const dn[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
		append(r->rrule, sizeof r->rrule, ";BYDAY=");
		for (int i = 1, n = 0; i <= 7; i++)
			if (mask & (1 << (i % 7)))
				append(r->rrule, sizeof r->rrule, "%s%s", n++ ? "," : "", dn[i % 7]);
	}
	if (w->until) {
		struct civil u;
		tz_from_utc("UTC", until_ms, &u, NULL);
		append(r->rrule, sizeof r->rrule, ";UNTIL=%04d%02d%02dT%02d%02d%02dZ", u.year, u.month, u.day,
		       u.hour, u.min, u.sec);
	}
	r->start = *from;
	r->start.hour = first_h, r->start.min = t[g][1], r->start.sec = t[g][2];
	return 0;
}

/* Times of day, weekdays, first and last day, days left out. */
static int
build_times(const struct slot_when *w, struct slot_rules *out)
{
	const char *zone = w->zone;
	struct civil from, first, today = today_of(w), *ex = NULL;
	struct time_reading how;
	int mask = 0x7f, nex = 0, t[SLOT_RULE_MAX_TIMES][3], nt = 0, done[SLOT_RULE_MAX_TIMES] = {0}, rc = -1;
	int64_t until_ms = 0;
	char *buf = NULL, *tok, *save = NULL;

	if (!w->from)
		from = today;
	else if (time_read_date(w->from, &today, 0, &from, &how) != 0)
		return refuse(w, out, "from", TIME_DATE, w->from, &how);
	else
		time_reading_note(w->from, &from, &how);
	first = from; /* the reference of a date without its year */
	if (w->until) {
		struct civil u;
		int64_t from_ms;
		if (time_read_date(w->until, &first, 0, &u, &how) != 0)
			return refuse(w, out, "until", TIME_DATE, w->until, &how);
		time_reading_note(w->until, &u, &how);
		u.hour = 23, u.min = 59, u.sec = 59;
		tz_to_utc(zone, &u, &until_ms);
		tz_to_utc(zone, &from, &from_ms);
		if (until_ms < from_ms) {
			char day1[16];
			snprintf(day1, sizeof day1, "%02d/%02d/%04d", from.day % 100, from.month % 100,
			         from.year % 10000);
			return fault(w, out, SLOT_FAULT_ORDER, "until",
			             _("the last day (%s) is before the first (%s)"), bad(out, w->until),
			             day1);
		}
	}
	if (w->days && time_read_weekdays(w->days, &mask, &how) != 0)
		return refuse(w, out, "days", TIME_DAYS, w->days, &how);
	if (w->except && !(buf = strdup(w->except))) {
		error(_("out of memory"));
		goto out;
	}
	for (tok = buf ? strtok_r(buf, ",;", &save) : NULL; tok; tok = strtok_r(NULL, ",;", &save)) {
		struct civil *nv;
		if (!(nv = realloc(ex, (size_t)(nex + 1) * sizeof *nv))) {
			error(_("out of memory"));
			goto out;
		}
		ex = nv;
		if (time_read_date(tok, &first, 0, &ex[nex], &how) != 0) {
			refuse(w, out, "except", TIME_DATE, tok, &how);
			goto out;
		}
		time_reading_note(tok, &ex[nex++], &how);
	}
	free(buf);
	save = NULL;
	if (!(buf = strdup(w->at ? w->at : ""))) {
		error(_("out of memory"));
		goto out;
	}
	for (tok = strtok_r(buf, ",;", &save); tok; tok = strtok_r(NULL, ",;", &save)) {
		if (nt >= SLOT_RULE_MAX_TIMES) {
			fault(w, out, SLOT_FAULT_VALUE, "at", _("a slot airs at most %d times a day: '%s'"),
			      SLOT_RULE_MAX_TIMES, bad(out, w->at));
			goto out;
		}
		if (time_read_clock(tok, &t[nt][0], &t[nt][1], &t[nt][2], &how) != 0) {
			refuse(w, out, "at", TIME_CLOCK, tok, &how);
			goto out;
		}
		nt++;
	}
	if (!nt) {
		fault(w, out, SLOT_FAULT_EMPTY, "at",
		      _("give at least one time of day, such as 6h or 06:00"));
		goto out;
	}
	for (int k = 0; k < 7 && !(mask & (1 << civil_weekday(&from))); k++)
		next_day(&from);
	for (int g = 0; g < nt; g++)
		if (!done[g] && build_group(w, out, t, nt, g, done, mask, &from, until_ms, ex, nex) != 0)
			goto out;
	rc = 0;
out:
	free(buf);
	free(ex);
	return rc;
}

int
slot_rules_build(const struct slot_when *w, struct slot_rules *out)
{
	memset(out, 0, sizeof *out);
	if (w->start)
		return build_once(w, out);
	return build_times(w, out);
}

void
slot_rules_free(struct slot_rules *r)
{
	for (int i = 0; i < r->n; i++)
		free(r->v[i].exdates);
	free(r->v);
	memset(r, 0, sizeof *r);
}

char *
slot_rule_text(const struct slot_rule *r, const char *zone, const char *uid, const char *summary)
{
	struct ical_spec sp = {.uid = uid,
	                       .summary = summary,
	                       .zone = zone,
	                       .start = r->start,
	                       .rrule = r->rrule[0] ? r->rrule : NULL,
	                       .exdates = r->exdates,
	                       .nexdates = r->nexdates};

	return ical_spec_text(&sp);
}

void
slot_new_uid(char *buf, size_t n)
{
	unsigned char r[12] = {0};
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	char hex[25];

	if (fd >= 0) {
		if (read(fd, r, sizeof r) != (ssize_t)sizeof r)
			memset(r, 0, sizeof r);
		close(fd);
	}
	for (int i = 0; i < 12; i++)
		snprintf(hex + 2 * i, 3, "%02x", r[i]);
	snprintf(buf, n, "loa-%lld-%s@loa", (long long)clock_wall_ms(), hex);
}

/* Makes text (malloc'd, taken) s's event after reading it back as an
 * import reads a file: canonical, and held to every limit. 0, or -1
 * (printed) with s unchanged. */
static int
settle(struct slot *s, char *text, const char *zone)
{
	struct ical_file f;
	char *cal = ical_calendar_text((const char *const *)&text, NULL, 1);

	if (!cal || ical_read_text(cal, strlen(cal), _("the changed slot"), zone, &f) != 0) {
		free(cal);
		free(text);
		return -1;
	}
	free(cal);
	free(text);
	free(s->vevent);
	s->vevent = f.ev[0].text;
	f.ev[0].text = NULL;
	ical_file_free(&f);
	return 0;
}

int
slot_rule_set(struct slot *s, const char *rrule, const char *zone, int quiet, struct slot_fault *fault)
{
	char *text;
	const char *why;

	memset(fault, 0, sizeof *fault);
	if (*rrule && ical_rrule_check(rrule, s->vevent, zone, &why) != 0) {
		fault->kind = SLOT_FAULT_VALUE, fault->field = "rrule", fault->why = why;
		snprintf(fault->bad, sizeof fault->bad, "%s", rrule);
		return quiet ? -1
		             : error_at(ERR_INPUT, "rrule", _("the rule '%s' is refused: %s"), rrule, why);
	}
	if (!(text = ical_text_set(s->vevent, "RRULE", *rrule ? rrule : NULL)))
		return -1;
	/* Check the changed event as a whole, as an import would. */
	return settle(s, text, zone);
}

char *
slot_describe(const struct slot *s, const char *zone)
{
	char what[64];
	struct ical_rule *r;
	char *d;

	snprintf(what, sizeof what, _("slot %lld"), (long long)s->id);
	if (!(r = ical_rule_load(s->vevent, zone, what)))
		return strdup("?");
	d = ical_rule_describe(r);
	ical_rule_free(r);
	return d ? d : strdup("?");
}

/* What is wrong with a time of a skip or a move. */
enum airing_wrong {
	AIRING_NONE_THEN, /* start: no airing of the slot starts then */
	AIRING_SAME_TIME, /* to: the airing starts then already */
	AIRING_TAKEN,     /* to: another airing of the slot starts then */
};

/* Notes that a time (ms) of a skip or a move is refused, and says why
 * unless quiet. -1. */
static int
airing_fault(const struct slot *s, const char *zone, int quiet, struct slot_fault *fault,
             enum airing_wrong wrong, int64_t ms)
{
	const char *field = wrong == AIRING_NONE_THEN ? "start" : "to";
	long long id = (long long)s->id;
	char when[64];

	i18n_format_when(ms, zone, when, sizeof when);
	fault->kind = SLOT_FAULT_VALUE;
	fault->field = field;
	snprintf(fault->bad, sizeof fault->bad, "%s", when);
	if (quiet)
		return -1;
	/* TRANSLATORS: each: the slot's number, then a date and time. */
	if (wrong == AIRING_NONE_THEN) {
		error_at(ERR_INPUT, field, _("slot %lld has no airing that starts at %s"), id, when);
		hint(_("give the start of one of its airings, as the agenda shows it"));
	} else if (wrong == AIRING_SAME_TIME) {
		error_at(ERR_INPUT, field, _("the airing of slot %lld already starts at %s"), id, when);
		hint(_("give the date and time it should move to"));
	} else {
		error_at(ERR_INPUT, field, _("slot %lld already has an airing at %s"), id, when);
		hint(_("move it to a time this slot does not air, or leave that airing out first"));
	}
	return -1;
}

/* The airing of s that starts at start_ms into *a: 0, or -1 with the
 * fault of field "start" (none starts then) or an error (printed). */
static int
find_airing(const struct slot *s, const char *zone, int64_t start_ms, int quiet, struct slot_fault *fault,
            struct ical_airing *a)
{
	int rc = ical_text_airing(s->vevent, zone, start_ms, a);

	if (rc == 1)
		return 0;
	if (rc < 0)
		return -1;
	return airing_fault(s, zone, quiet, fault, AIRING_NONE_THEN, start_ms);
}

int
slot_airing_skip(struct slot *s, const char *zone, int64_t start_ms, int quiet, struct slot_fault *fault)
{
	struct ical_airing a, left;
	char *text;

	memset(fault, 0, sizeof *fault);
	if (find_airing(s, zone, start_ms, quiet, fault, &a) != 0)
		return -1;
	if (!(text = ical_text_skip(s->vevent, &a)))
		return -1;
	/* What the agenda reads must lose exactly that airing. */
	if (ical_text_airing(text, zone, start_ms, &left) != 0) {
		free(text);
		return error(_("cannot leave out the airing of slot %lld"), (long long)s->id);
	}
	return settle(s, text, zone);
}

int
slot_airing_move(struct slot *s, const char *zone, int64_t start_ms, int64_t to_ms, int quiet,
                 struct slot_fault *fault)
{
	struct ical_airing a, there;
	char *text;
	int rc;

	memset(fault, 0, sizeof *fault);
	if (find_airing(s, zone, start_ms, quiet, fault, &a) != 0)
		return -1;
	if (to_ms == start_ms)
		return airing_fault(s, zone, quiet, fault, AIRING_SAME_TIME, to_ms);
	/* Two airings of one slot at one time would be one: refused. */
	if ((rc = ical_text_airing(s->vevent, zone, to_ms, &there)) != 0)
		return rc < 0 ? -1 : airing_fault(s, zone, quiet, fault, AIRING_TAKEN, to_ms);
	if (!(text = ical_text_move(s->vevent, &a, to_ms)))
		return -1;
	if (ical_text_airing(text, zone, to_ms, &there) != 1 ||
	    ical_text_airing(text, zone, start_ms, &a) != 0) {
		free(text);
		return error(_("cannot move the airing of slot %lld"), (long long)s->id);
	}
	return settle(s, text, zone);
}
