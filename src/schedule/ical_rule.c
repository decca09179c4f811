/*
 * ical_rule.c — a slot's rule: canonical text loaded, expanded into
 * occurrences (libical's iterator on civil time, then zones, EXDATE and
 * RECURRENCE-ID overrides), and held to loa's limits.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libical/ical.h>

#include "loa/i18n.h"
#include "loa/ical.h"
#include "loa/log.h"
#include "loa/utf8.h"
#include "schedule/ical_internal.h"

/* Converts a time property's value to an instant. */
static int
prop_ms(icalproperty *p, struct icaltimetype t, const char *zone, icalcomponent *root, int64_t *out,
        char *zone_out, size_t zn)
{
	const char *tzid = icalproperty_get_parameter_as_string(p, "TZID");
	char buf[80];
	const char *z = zone;
	struct civil c = ical_civil_of(t);

	if (icaltime_is_utc(t))
		z = "UTC";
	else if (tzid && !(z = ical_resolve_tzid(tzid, root, buf, sizeof buf)))
		return -1;
	if (zone_out)
		snprintf(zone_out, zn, "%s", z);
	return ical_local_to_ms(z, &c, out);
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
int
ical_rule_fill(struct ical_rule *r, icalcomponent *master, icalcomponent *root, const char *zone)
{
	icalproperty *p = icalcomponent_get_first_property(master, ICAL_DTSTART_PROPERTY);
	const char *uid = icalcomponent_get_uid(master);

	if (!p)
		return -1;
	struct icaltimetype t = icalproperty_get_dtstart(p);
	r->all_day = t.is_date;
	r->dtstart = ical_civil_of(t);
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
			struct civil uc = ical_civil_of(u);
			if (u.is_date && !r->all_day)
				uc.hour = 23, uc.min = 59, uc.sec = 59;
			if (ical_local_to_ms(icaltime_is_utc(u) ? "UTC" : r->zone, &uc, &r->until_ms) != 0)
				return -1;
			if (!r->all_day) {
				struct civil lc;
				tz_from_utc(r->zone, r->until_ms, &lc, NULL);
				r->rr.until = ical_ictime_of(&lc, 0);
			}
		}
	}
	for (p = icalcomponent_get_first_property(master, ICAL_RDATE_PROPERTY); p;
	     p = icalcomponent_get_next_property(master, ICAL_RDATE_PROPERTY)) {
		struct icaldatetimeperiodtype dp = icalproperty_get_rdate(p);
		struct icaltimetype rt = icaltime_is_null_time(dp.time) ? dp.period.start : dp.time;
		int64_t ms;
		if (prop_ms(p, rt, r->zone, root, &ms, NULL, 0) != 0 ||
		    add_ms(&r->rdates, &r->nrdates, ms) != 0)
			return -1;
	}
	for (p = icalcomponent_get_first_property(master, ICAL_EXDATE_PROPERTY); p;
	     p = icalcomponent_get_next_property(master, ICAL_EXDATE_PROPERTY)) {
		int64_t ms;
		struct icaltimetype et = icalproperty_get_exdate(p);
		if (et.is_date && !r->all_day) {
			/* An EXDATE given as a date removes every airing on that day. */
			struct civil c = ical_civil_of(et);
			if (ical_local_to_ms(r->zone, &c, &ms) != 0 ||
			    add_ms(&r->exdays, &r->nexdays, ms) != 0)
				return -1;
			continue;
		}
		if (prop_ms(p, et, r->zone, root, &ms, NULL, 0) != 0 ||
		    add_ms(&r->exdates, &r->nexdates, ms) != 0)
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
		struct override ov = {0};
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
		/* What the override says of its own airing wins over the series:
		 * the title the agenda shows, the clip the import resolved. */
		const char *s = icalcomponent_get_summary(o);
		if (s && !(ov.summary = strdup(s)))
			return -1;
		if (ov.summary)
			utf8_line_fix(ov.summary);
		if ((s = ical_x_value(o, "X-LOA-CLIP")))
			ov.clip_id = strtoll(s, NULL, 10);
		if ((s = ical_x_value(o, "X-LOA-PLAYLIST")) && !(ov.playlist = strdup(s))) {
			free(ov.summary);
			return -1;
		}
		struct override *nv = realloc(r->ov, (r->nov + 1) * sizeof *nv);
		if (!nv) {
			free(ov.summary);
			free(ov.playlist);
			return -1;
		}
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
	for (int i = 0; i < r->nov; i++) {
		free(r->ov[i].summary);
		free(r->ov[i].playlist);
	}
	free(r->ov);
	free(r);
}

int
ical_rule_override(const struct ical_rule *r, int k, struct ical_override *out)
{
	memset(out, 0, sizeof *out);
	if (k < 1 || k > r->nov)
		return -1;
	out->summary = r->ov[k - 1].summary;
	out->clip_id = r->ov[k - 1].clip_id > 0 ? r->ov[k - 1].clip_id : 0;
	out->playlist = r->ov[k - 1].playlist;
	return 0;
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
push_occ(struct ical_occurrence **v, size_t *n, size_t *cap, int64_t start, int64_t dur, int override)
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
	(*v)[*n].override = override;
	(*n)++;
	return 0;
}

static int
cmp_occ(const void *a, const void *b)
{
	const struct ical_occurrence *x = a, *y = b;

	if (x->start_ms != y->start_ms)
		return x->start_ms < y->start_ms ? -1 : 1;
	/* An override moved onto another airing's time comes first, so that
	 * the one kept of the two is the one the officer changed. */
	return (y->override > x->override) - (y->override < x->override);
}

/* Handles one nominal occurrence ms: exclusions, overrides, window. */
static int
emit(const struct ical_rule *r, int64_t ms, int64_t from, int64_t to, struct ical_occurrence **v, size_t *n,
     size_t *cap)
{
	int64_t start = ms, dur = r->dur_ms;
	int override = 0;

	if (excluded(r, ms))
		return 0;
	for (int i = 0; i < r->nov; i++) {
		if (r->ov[i].rid_ms != ms)
			continue;
		if (r->ov[i].cancelled)
			return 0;
		start = r->ov[i].start_ms;
		dur = r->ov[i].dur_ms;
		override = i + 1;
		break;
	}
	if (start < from || start >= to)
		return 0;
	return push_occ(v, n, cap, start, dur, override);
}

/*
 * Runs libical's iterator from start_s (or DTSTART when jump is 0) and
 * records every civil occurrence before end_s into sp. 0, or -1 when
 * more than limit come (too many) or memory ran out (printed).
 */
static int
span_make(struct ical_rule *r, int jump, int64_t start_s, int64_t end_s, size_t limit, struct ical_span *sp)
{
	icalrecur_iterator *it = icalrecur_iterator_new(r->rr, ical_ictime_of(&r->dtstart, r->all_day));
	size_t cap = 0;

	memset(sp, 0, sizeof *sp);
	sp->from_s = jump ? start_s : civil_secs(&r->dtstart);
	sp->to_s = INT64_MAX; /* unless stopped at end_s: the rule has ended */
	if (!it)
		return 0; /* a rule libical finds no occurrence for (refused at import) */
	if (jump) {
		struct civil c = civil_of_secs(start_s);
		icalrecur_iterator_set_start(it, ical_ictime_of(&c, r->all_day));
	}
	for (;;) {
		struct icaltimetype t = icalrecur_iterator_next(it);
		if (icaltime_is_null_time(t))
			break;
		struct civil c = ical_civil_of(t);
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
#define ICAL_STR(x)  ICAL_STR2(x)
	return "loa-span-1 libical " ICAL_STR(ICAL_MAJOR_VERSION) "." ICAL_STR(
	    ICAL_MINOR_VERSION) "." ICAL_STR(ICAL_PATCH_VERSION);
}

void
ical_span_clear(struct ical_span *sp)
{
	free(sp->t);
	memset(sp, 0, sizeof *sp);
}

int
ical_rule_expand(struct ical_rule *r, int64_t from_ms, int64_t to_ms, size_t max, struct ical_occurrence **v,
                 size_t *n, size_t *cap)
{
	return ical_rule_expand_span(r, from_ms, to_ms, max, NULL, NULL, v, n, cap);
}

int
ical_rule_expand_span(struct ical_rule *r, int64_t from_ms, int64_t to_ms, size_t max,
                      const struct ical_span *have, struct ical_span *made, struct ical_occurrence **v,
                      size_t *n, size_t *cap)
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
		if (r->rr.count == 0 && lo - r->start_ms > 2 * DAY_MS &&
		    tz_from_utc(r->zone, lo - DAY_MS, &c, NULL) == 0) {
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
		/* RFC 5545 counts DTSTART as the first occurrence even when the
		 * rule does not make it, as calendar programs list it; libical's
		 * iterator leaves it out. It airs, and is one of COUNT's. (A jump
		 * starts two days past DTSTART: then it is out of the window.) */
		size_t k = 0, rule_left = SIZE_MAX;
		while (!jump && k < sp->n && sp->t[k] < start_s)
			k++;
		if (!jump && (k == sp->n || sp->t[k] != start_s)) {
			if (r->rr.count > 0)
				rule_left = (size_t)r->rr.count - 1;
			if (emit(r, r->start_ms, from_ms, to_ms, v, n, cap) != 0) {
				if (sp == &own)
					ical_span_clear(&own);
				return -1;
			}
		}
		for (size_t i = k; i < sp->n && rule_left > 0; i++, rule_left--) {
			int64_t ms;
			if (sp->t[i] < start_s)
				continue;
			c = civil_of_secs(sp->t[i]);
			if (ical_local_to_ms(r->zone, &c, &ms) != 0)
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

int
ical_rule_start_off(struct ical_rule *r)
{
	struct ical_span sp;
	int64_t start_s = civil_secs(&r->dtstart);
	int off;

	if (!r->has_rrule)
		return 0;
	/* The rule's occurrences before DTSTART + 1 s: DTSTART itself, or none. */
	if (span_make(r, 0, start_s, start_s + 1, 1, &sp) != 0)
		return 0;
	off = sp.n == 0;
	ical_span_clear(&sp);
	return off;
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
icalcomponent *
ical_parse_canonical(const char *text)
{
	struct buf b = {0};
	icalcomponent *root;

	ical_buf_puts(&b, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//loa//loa//EN\r\n");
	ical_buf_puts(&b, text);
	ical_buf_puts(&b, "END:VCALENDAR\r\n");
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	root = icalparser_parse_string(b.p);
	free(b.p);
	return root;
}

icalcomponent *
ical_find_master(icalcomponent *root)
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
	icalcomponent *root = ical_parse_canonical(text), *master;
	struct ical_rule *r = calloc(1, sizeof *r);

	if (!root || !r || !(master = ical_find_master(root)) || ical_rule_fill(r, master, root, zone) != 0) {
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
int
ical_rule_bounds(const struct ical_rule *r, const char **why)
{
	static char msg[400];
	int32_t *days;
	int n = 0;
	long run = 0, most = 0;

	if (r->nrdates > ICAL_MAX_COUNT) {
		snprintf(msg, sizeof msg, _("it lists %d extra dates (RDATE); loa accepts at most %d"),
		         r->nrdates, ICAL_MAX_COUNT);
		return *why = msg, -1;
	}
	/* The day of each airing the rule itself does not make. */
	if (!(days = malloc((size_t)(r->nrdates + r->nov + 1) * sizeof *days)))
		return *why = _("out of memory"), -1;
	for (int i = 0; i < r->nrdates + r->nov + 1; i++) {
		struct civil c;
		int64_t ms = i < r->nrdates            ? r->rdates[i]
		             : i < r->nrdates + r->nov ? r->ov[i - r->nrdates].start_ms
		                                       : r->start_ms;
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
		         _("it airs more often than loa allows: up to %ld times on one day, and loa allows "
		           "%d a day "
		           "(count the values of BYHOUR × BYMINUTE × BYSECOND, the INTERVAL of an hourly, "
		           "minutely or "
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
int
ical_probe_rule(struct ical_rule *r, const char **why)
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
		int rc = ical_rule_expand(r, r->start_ms, r->start_ms + 366 * DAY_MS, ICAL_MAX_PER_YEAR, &v,
		                          &n, &cap);
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
		icalrecur_iterator *it =
		    icalrecur_iterator_new(r->rr, ical_ictime_of(&r->dtstart, r->all_day));
		if (!it)
			out = 2; /* libical found no first occurrence at all */
		else
			out = ical_rule_expand(r, r->start_ms, r->start_ms + 366 * DAY_MS, ICAL_MAX_PER_YEAR,
			                       &v, &n, &cap) == 0
			          ? 0
			          : 1;
		if (it)
			icalrecur_iterator_free(it);
		if (write(fd[1], &out, 1) != 1)
			_exit(3);
		_exit(0);
	}
	close(fd[1]);
	struct pollfd pfd = {.fd = fd[0], .events = POLLIN};
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
	*why = res == 1
	           ? _("it airs more often than loa allows (at most 20000 times a year); narrow the rule")
	           : _("it never produces an airing, or libical cannot expand it in reasonable time (e.g. "
	               "BYMONTHDAY and BYDAY that never meet, or 30 February)");
	return -1;
}
