/*
 * agenda.c — slots expanded into airings, overlaps resolved: what
 * `loa agenda` prints and what the daemon plays (see agenda.h).
 *
 * Key decisions:
 *  - One expansion for everyone: ical_rule_expand() on each enabled slot's
 *    event text, in the slot's zone; floating times are the station's zone.
 *  - Overlaps are resolved by clusters: airings whose times intersect
 *    (after delays, so a delay that runs into the next airing pulls it in)
 *    are ordered higher tier, earlier start, lower slot id; each follows
 *    right after the previous one, or is skipped when it would be later
 *    than the maximum lateness. The order is total, so two runs over the
 *    same slots always agree.
 *  - The window is widened backwards by the maximum lateness plus a day,
 *    so an airing delayed from before `from` still pushes later ones.
 *  - Each slot's expansion is kept between builds (keyed by slot id, event
 *    text and station zone, covering the window asked plus a week), since
 *    libical's iterator is most of an agenda's cost.
 *  - Across processes, libical's own output for each slot (an ical_span:
 *    the civil times its iterator gave) is kept in the station's
 *    expansion table, under a digest of the event text, the zone and the
 *    code that made it, with a checksum over the row. Only read-write
 *    processes write rows (and then keep a year ahead); reading a station
 *    never changes its file. A row is used only
 *    when its digest matches and it checks out whole; anything else is
 *    ignored and libical runs again, so an edited slot or a damaged row
 *    never shows a wrong airing. Instants are made afresh from the civil
 *    times every time, as for a fresh expansion.
 *  - agenda_next() keeps one built agenda (the look-ahead window) and
 *    answers by binary search; it rebuilds when this process wrote slots
 *    (store_slot_generation) or another connection committed
 *    (store_data_version), or when asked about a time outside the window.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schedule/agenda_target.h"
#include "loa/agenda.h"
#include "loa/hash.h"
#include "loa/i18n.h"
#include "loa/ical.h"
#include "loa/log.h"
#include "loa/slot.h"
#include "loa/store.h"
#include "loa/timeutil.h"

#define DAY_MS 86400000LL
#define MAX_PER_SLOT 200000 /* airings of one slot in one window */
#define MALLOC_SLACK 16     /* what malloc adds to each block, about */

/*
 * What one build holds in memory, counted before it is allocated, so that
 * a schedule that airs absurdly often (ten slots of 86,400 airings on one
 * day once took 322 MB) is refused with a clear message instead of
 * filling the PC's memory. AGENDA_MAX_BYTES (agenda.h) is the limit.
 */
struct budget {
	size_t used;        /* bytes counted so far */
	int64_t top_slot;   /* the slot with the most airings so far */
	size_t top_n;       /* how many it has */
};

static int64_t max_lateness_ms = AGENDA_MAX_LATENESS_MS;
static int agenda_next_stale; /* set when the resolution rules change */

void
agenda_set_max_lateness_ms(int64_t ms)
{
	max_lateness_ms = ms < 0 ? 0 : ms;
	agenda_next_stale = 1; /* resolution changes; expansions stay good */
}

int64_t
agenda_max_lateness_ms(void)
{
	return max_lateness_ms;
}

const char *
airing_status_name(enum airing_status st)
{
	return st == AIRING_DELAYED ? "delayed" : st == AIRING_SKIPPED ? "skipped" : "plays";
}

void
airing_clear(struct airing *a)
{
	free(a->playlist);
	free(a->title);
	for (int i = 0; i < a->nitems; i++)
		free(a->items[i].path);
	free(a->items);
	memset(a, 0, sizeof *a);
}

void
agenda_free(struct agenda *a)
{
	for (size_t i = 0; i < a->n; i++)
		airing_clear(&a->v[i]);
	free(a->v);
	a->v = NULL, a->n = 0;
}

/* Content length of an airing (what takes air time). */
static int64_t
air_len(const struct airing *a)
{
	int64_t d = 0;

	for (int i = 0; i < a->nitems; i++)
		if (a->items[i].skip == REASON_NONE)
			d += a->items[i].duration_ms;
	return a->nitems ? d : a->nominal_end_ms - a->start_ms;
}

static int
cmp_start(const void *x, const void *y)
{
	const struct airing *a = *(const struct airing *const *)x, *b = *(const struct airing *const *)y;

	if (a->start_ms != b->start_ms)
		return a->start_ms < b->start_ms ? -1 : 1;
	if (a->tier != b->tier)
		return a->tier > b->tier ? -1 : 1;
	return a->slot_id < b->slot_id ? -1 : a->slot_id > b->slot_id;
}

static int
cmp_rank(const void *x, const void *y)
{
	const struct airing *a = *(const struct airing *const *)x, *b = *(const struct airing *const *)y;

	if (a->tier != b->tier)
		return a->tier > b->tier ? -1 : 1;
	if (a->start_ms != b->start_ms)
		return a->start_ms < b->start_ms ? -1 : 1;
	return a->slot_id < b->slot_id ? -1 : a->slot_id > b->slot_id;
}

static int
cmp_planned(const void *x, const void *y)
{
	const struct airing *a = x, *b = y;

	if (a->planned_ms != b->planned_ms)
		return a->planned_ms < b->planned_ms ? -1 : 1;
	if (a->tier != b->tier)
		return a->tier > b->tier ? -1 : 1;
	if (a->slot_id != b->slot_id)
		return a->slot_id < b->slot_id ? -1 : 1;
	return a->start_ms < b->start_ms ? -1 : a->start_ms > b->start_ms;
}

/* Places one cluster (given in rank order); returns where it ends. */
static int64_t
place(struct airing **c, size_t n)
{
	int64_t cursor = INT64_MIN, holder = 0;

	for (size_t i = 0; i < n; i++) {
		struct airing *a = c[i];
		int64_t p = a->start_ms > cursor ? a->start_ms : cursor;
		a->overlap_slot_id = 0;
		if (p - a->start_ms > max_lateness_ms) {
			a->status = AIRING_SKIPPED;
			a->planned_ms = a->start_ms;
			a->skip_reason = N_("overlap: it would start later than the maximum lateness allows");
			a->skip_code = REASON_OVERLAP;
			a->overlap_slot_id = holder;
			continue;
		}
		a->planned_ms = p;
		a->status = p > a->start_ms ? AIRING_DELAYED : AIRING_PLAYS;
		a->skip_reason = p > a->start_ms ? N_("delayed by an overlap") : NULL;
		if (p > a->start_ms)
			a->overlap_slot_id = holder;
		if (p + air_len(a) > cursor) {
			cursor = p + air_len(a);
			holder = a->slot_id;
		}
	}
	return cursor;
}

/* Resolves overlaps among the airing pointers act[0..n), sorted by start. */
int
agenda_resolve(struct airing **act, size_t n)
{
	struct airing **c = malloc((n ? n : 1) * sizeof *c);
	size_t i = 0;

	if (!c)
		return error(_("out of memory"));
	while (i < n) {
		size_t j = i + 1, m;
		int64_t end = act[i]->start_ms + air_len(act[i]);
		while (j < n && act[j]->start_ms < end) {
			int64_t e = act[j]->start_ms + air_len(act[j]);
			end = e > end ? e : end;
			j++;
		}
		if (j == i + 1) { /* alone: plays on time */
			act[i]->planned_ms = act[i]->start_ms;
			act[i]->status = AIRING_PLAYS;
			i = j;
			continue;
		}
		for (;;) {
			m = j - i;
			memcpy(c, act + i, m * sizeof *c);
			qsort(c, m, sizeof *c, cmp_rank);
			int64_t cursor = place(c, m);
			if (j < n && act[j]->start_ms < cursor) {
				while (j < n && act[j]->start_ms < cursor)
					j++;
				continue;
			}
			break;
		}
		i = j;
	}
	free(c);
	return 0;
}

/* The station-zone date of an instant as "YYYY-MM-DD". */
static void
day_of(int64_t ms, const char *zone, char out[11])
{
	struct civil c;

	if (tz_from_utc(zone, ms, &c, NULL) != 0)
		memset(&c, 0, sizeof c);
	snprintf(out, 11, "%04d-%02d-%02d", (c.year % 10000 + 10000) % 10000, (c.month % 13 + 13) % 13,
		 (c.day % 32 + 32) % 32);
}

static int
cmp_day(const void *k, const void *e)
{
	return strcmp(k, ((const struct blackout *)e)->day);
}

/*
 * Expansions kept between builds, one per slot: libical's iterator is the
 * cost of an agenda (it steps an ICU calendar for every occurrence), and
 * the daemon rebuilds a sliding window all day. An entry is used only for
 * the same event text, station zone and a window it covers.
 */
#define EXPANSION_AHEAD_MS (8 * DAY_MS)
#define EXPANSION_KEEP_MS (400 * DAY_MS) /* kept in the station when it can be */
struct expansion {
	int64_t slot_id;            /* the slot */
	char *vevent;               /* its event text when expanded */
	char zone[80];              /* the station zone then (floating times) */
	int64_t from, to;           /* the window expanded */
	struct ical_occurrence *v;  /* its occurrences, in time order */
	size_t n;                   /* how many */
};
static struct expansion *expansions;
static size_t nexpansions, capexpansions;

static struct expansion *
expansion_slot(int64_t id)
{
	size_t lo = 0, hi = nexpansions;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (expansions[mid].slot_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < nexpansions && expansions[lo].slot_id == id ? &expansions[lo] : NULL;
}

static struct expansion *
expansion_find(const struct slot *s, const char *zone, int64_t from, int64_t to)
{
	struct expansion *e = expansion_slot(s->id);

	if (!e || from < e->from || to > e->to || strcmp(e->zone, zone) != 0 || strcmp(e->vevent, s->vevent) != 0)
		return NULL;
	return e;
}

/* Keeps a copy of v[0..n) for slot s; quietly keeps nothing on failure. */
static void
expansion_store(const struct slot *s, const char *zone, int64_t from, int64_t to, const struct ical_occurrence *v,
		size_t n)
{
	struct expansion *e = expansion_slot(s->id);
	struct ical_occurrence *copy = malloc((n ? n : 1) * sizeof *copy);
	char *text = strdup(s->vevent);

	if (!copy || !text || strlen(zone) >= sizeof e->zone) {
		free(copy), free(text);
		return;
	}
	if (n)
		memcpy(copy, v, n * sizeof *copy);
	if (!e) {
		if (nexpansions == capexpansions) {
			size_t nc = capexpansions ? capexpansions * 2 : 64;
			struct expansion *nv = realloc(expansions, nc * sizeof *nv);
			if (!nv) {
				free(copy), free(text);
				return;
			}
			expansions = nv, capexpansions = nc;
		}
		size_t at = nexpansions;
		while (at > 0 && expansions[at - 1].slot_id > s->id)
			at--;
		memmove(expansions + at + 1, expansions + at, (nexpansions - at) * sizeof *expansions);
		nexpansions++;
		e = &expansions[at];
		memset(e, 0, sizeof *e);
		e->slot_id = s->id;
	}
	free(e->vevent);
	free(e->v);
	e->vevent = text;
	snprintf(e->zone, sizeof e->zone, "%s", zone);
	e->from = from, e->to = to;
	e->v = copy, e->n = n;
}

static void
expansions_drop(void)
{
	for (size_t i = 0; i < nexpansions; i++) {
		free(expansions[i].vevent);
		free(expansions[i].v);
	}
	free(expansions);
	expansions = NULL;
	nexpansions = capexpansions = 0;
}

/* ---------------------------------------------------------------- */
/* The expansion table: libical's output kept in the station          */

#define SPAN_MAGIC "LOASPAN1"
#define SPAN_HEAD 32 /* magic, from_s, to_s, n */

/* Rows made during one build, written together at its end. */
static struct store_expansion *pending;
static size_t npending, cappending;

static void
put64(unsigned char *p, int64_t v)
{
	uint64_t u = (uint64_t)v;

	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(u >> (8 * i));
}

static int64_t
get64(const unsigned char *p)
{
	uint64_t u = 0;

	for (int i = 0; i < 8; i++)
		u |= (uint64_t)p[i] << (8 * i);
	return (int64_t)u;
}

/* The digest naming what a slot's span depends on. */
static void
span_key(const struct slot *s, const char *zone, char key[HASH_HEX_LEN + 1])
{
	struct hash_sha256 *h = hash_sha256_new();

	if (!h) {
		key[0] = 0;
		return;
	}
	hash_sha256_update(h, ical_span_version(), strlen(ical_span_version()) + 1);
	hash_sha256_update(h, zone, strlen(zone) + 1);
	hash_sha256_update(h, s->vevent, strlen(s->vevent));
	hash_sha256_final(h, key);
}

/* The checksum of a row's bytes before it, with its key. */
static void
span_check(const char *key, const unsigned char *b, size_t len, char out[HASH_HEX_LEN + 1])
{
	struct hash_sha256 *h = hash_sha256_new();

	if (!h) {
		out[0] = 0;
		return;
	}
	hash_sha256_update(h, key, strlen(key));
	hash_sha256_update(h, b, len);
	hash_sha256_final(h, out);
}

/* A span as a row: header, times, checksum. NULL when out of memory. */
static unsigned char *
span_encode(const char *key, const struct ical_span *sp, size_t *len)
{
	size_t body = SPAN_HEAD + sp->n * 8;
	unsigned char *b = malloc(body + HASH_HEX_LEN);
	char sum[HASH_HEX_LEN + 1];

	if (!b)
		return NULL;
	memcpy(b, SPAN_MAGIC, 8);
	put64(b + 8, sp->from_s);
	put64(b + 16, sp->to_s);
	put64(b + 24, (int64_t)sp->n);
	for (size_t i = 0; i < sp->n; i++)
		put64(b + SPAN_HEAD + 8 * i, sp->t[i]);
	span_check(key, b, body, sum);
	memcpy(b + body, sum, HASH_HEX_LEN);
	*len = body + HASH_HEX_LEN;
	return b;
}

/* Reads and checks a row; 0 with *sp filled, or -1 (not usable). */
static int
span_decode(const char *key, const unsigned char *b, size_t len, struct ical_span *sp)
{
	char sum[HASH_HEX_LEN + 1];
	int64_t n;

	memset(sp, 0, sizeof *sp);
	if (len < SPAN_HEAD + HASH_HEX_LEN || memcmp(b, SPAN_MAGIC, 8) != 0)
		return -1;
	n = get64(b + 24);
	if (n < 0 || (uint64_t)n != (len - SPAN_HEAD - HASH_HEX_LEN) / 8 ||
	    (size_t)n * 8 + SPAN_HEAD + HASH_HEX_LEN != len)
		return -1;
	span_check(key, b, len - HASH_HEX_LEN, sum);
	if (!sum[0] || memcmp(sum, b + len - HASH_HEX_LEN, HASH_HEX_LEN) != 0)
		return -1;
	sp->from_s = get64(b + 8), sp->to_s = get64(b + 16);
	if (sp->from_s >= sp->to_s || !(sp->t = malloc((n ? (size_t)n : 1) * sizeof *sp->t)))
		return -1;
	for (int64_t i = 0; i < n; i++) {
		int64_t t = get64(b + SPAN_HEAD + 8 * i);
		if (t < sp->from_s || t >= sp->to_s || (i && t <= sp->t[i - 1])) {
			ical_span_clear(sp);
			return -1;
		}
		sp->t[sp->n++] = t;
	}
	return 0;
}

/* The kept span of slot s under key: 1 with *sp, or 0 (none usable). */
static int
span_load(struct store *st, const struct slot *s, const char *key, struct ical_span *sp)
{
	void *data;
	size_t len;

	memset(sp, 0, sizeof *sp);
	if (!key[0] || store_expansion_get(st, s->id, key, &data, &len) != 1)
		return 0;
	int rc = span_decode(key, data, len, sp) == 0;
	free(data);
	return rc;
}

/* Queues a span made by libical to be kept; quietly drops it on failure. */
static void
span_keep(const struct slot *s, const char *key, const struct ical_span *sp)
{
	size_t len;
	unsigned char *b;
	char *k;

	if (!key[0])
		return;
	if (npending == cappending) {
		size_t nc = cappending ? cappending * 2 : 64;
		struct store_expansion *nv = realloc(pending, nc * sizeof *nv);
		if (!nv)
			return;
		pending = nv, cappending = nc;
	}
	if (!(b = span_encode(key, sp, &len)) || !(k = strdup(key))) {
		free(b);
		return;
	}
	pending[npending++] = (struct store_expansion){ .slot_id = s->id, .key = k, .data = b, .len = len };
}

/* Writes the queued spans (a cache: a failure is not an error). */
static void
spans_flush(struct store *st)
{
	if (npending)
		store_expansion_put(st, pending, npending);
	for (size_t i = 0; i < npending; i++) {
		free((char *)pending[i].key);
		free((void *)pending[i].data);
	}
	free(pending);
	pending = NULL, npending = cappending = 0;
}

/* Whether the clip of it may air at instant at: REASON_NONE, or why not. */
static enum reason
validity(const struct airing_item *it, int64_t at)
{
	if (it->valid_from_ms && at < it->valid_from_ms)
		return REASON_CLIP_NOT_YET_VALID;
	if (it->valid_until_ms && at >= it->valid_until_ms)
		return REASON_CLIP_EXPIRED;
	return REASON_NONE;
}

/* The memory one airing of slot s airing tg takes: the row, its strings,
 * its items and their paths, and its place in the build's sort array. */
static size_t
row_cost(const struct slot *s, const struct agenda_target *tg)
{
	size_t c = sizeof(struct airing) + sizeof(struct airing *) + strlen(s->title ? s->title : "") + 1 + MALLOC_SLACK;

	if (s->playlist)
		c += strlen(s->playlist) + 1 + MALLOC_SLACK;
	if (tg->nitems)
		c += MALLOC_SLACK;
	for (int k = 0; k < tg->nitems; k++)
		c += sizeof(struct airing_item) + strlen(tg->items[k].path) + 1 + MALLOC_SLACK;
	return c;
}

/* Counts bytes for slot id's n airings against the budget: 0, or -1 with
 * the refusal printed. */
static int
budget_take(struct budget *b, int64_t id, size_t n, size_t bytes)
{
	if (n > b->top_n)
		b->top_n = n, b->top_slot = id;
	if (bytes > AGENDA_MAX_BYTES - b->used) {
		error(_("cannot build the agenda: its airings would take more than %d MB of memory (slot %lld alone has %zu "
			"airings in the period)"),
		      (int)(AGENDA_MAX_BYTES >> 20), (long long)b->top_slot, b->top_n);
		advise(ADVICE_AGENDA_TOO_BIG, NULL);
		return -1;
	}
	b->used += bytes;
	return 0;
}

/* One slot's occurrences as airings, appended to *out. */
static int
add_slot(struct store *st, const struct station *sta, const struct slot *s, int64_t from, int64_t to,
	 const struct blackout *bo, size_t nbo, struct budget *bud, struct airing **out, size_t *n, size_t *cap)
{
	struct ical_occurrence *occ = NULL;
	size_t nocc = 0, ocap = 0;
	char what[64];
	struct ical_rule *r;
	struct agenda_target tg;
	int rc = 0;

	struct expansion *e = expansion_find(s, sta->tz, from, to);
	if (e) {
		/* Reuse: the occurrences of [from, to) within the cached window. */
		size_t lo = 0, hi = e->n;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (e->v[mid].start_ms < from)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t i = lo; i < e->n && e->v[i].start_ms < to; i++) {
			if (nocc == ocap) {
				ocap = ocap ? ocap * 2 : 64;
				struct ical_occurrence *nv = realloc(occ, ocap * sizeof *nv);
				if (!nv) {
					free(occ);
					return error(_("out of memory"));
				}
				occ = nv;
			}
			occ[nocc++] = e->v[i];
		}
	} else {
		/* Expand a week further than asked, so the daemon's sliding
		 * windows and agenda_next find it in the cache next time. */
		int64_t ahead = to + EXPANSION_AHEAD_MS;
		/* A process that can keep libical's output keeps a year of it, so
		 * that later processes (a read-only `loa agenda` or report, the
		 * daemon's next start) find their windows in the station. */
		if (store_expansion_writable(st) && ahead < from + EXPANSION_KEEP_MS)
			ahead = from + EXPANSION_KEEP_MS;
		snprintf(what, sizeof what, _("slot %lld"), (long long)s->id);
		char key[HASH_HEX_LEN + 1];
		struct ical_span have, made;
		if (!(r = ical_rule_load(s->vevent, sta->tz, what)))
			return -1;
		span_key(s, sta->tz, key);
		int got = span_load(st, s, key, &have);
		rc = ical_rule_expand_span(r, from, ahead, MAX_PER_SLOT, got ? &have : NULL, &made, &occ, &nocc, &ocap);
		ical_span_clear(&have);
		ical_rule_free(r);
		if (rc != 0) {
			free(occ);
			return error(_("cannot build the agenda: slot %lld airs too often"), (long long)s->id);
		}
		if (made.to_s != 0)
			span_keep(s, key, &made);
		ical_span_clear(&made);
		/* The expansion is kept (a copy) for the next builds. */
		if (budget_take(bud, s->id, 0, nocc * sizeof *occ) != 0) {
			free(occ);
			return -1;
		}
		expansion_store(s, sta->tz, from, ahead, occ, nocc);
		while (nocc && occ[nocc - 1].start_ms >= to)
			nocc--;
	}
	if (nocc == 0) {
		free(occ);
		return 0;
	}
	if (agenda_target_resolve(st, s, &tg) != 0) {
		free(occ);
		return -1;
	}
	if (nocc > SIZE_MAX / row_cost(s, &tg) || budget_take(bud, s->id, nocc, nocc * row_cost(s, &tg)) != 0) {
		rc = -1;
		goto done;
	}
	if (*n + nocc > *cap) {
		size_t nc = *cap ? *cap : 256;
		while (nc < *n + nocc)
			nc *= 2;
		struct airing *nv = realloc(*out, nc * sizeof *nv);
		if (!nv) {
			rc = error(_("out of memory"));
			goto done;
		}
		*out = nv, *cap = nc;
	}
	for (size_t i = 0; i < nocc; i++) {
		struct airing *a = &(*out)[(*n)++];
		char day[11];
		memset(a, 0, sizeof *a);
		a->start_ms = a->planned_ms = occ[i].start_ms;
		a->nominal_end_ms = occ[i].start_ms + occ[i].dur_ms;
		a->slot_id = s->id;
		a->tier = s->tier;
		a->clip_id = s->clip_id;
		a->playlist = s->playlist ? strdup(s->playlist) : NULL;
		a->title = strdup(s->title ? s->title : "");
		if (!a->title || (s->playlist && !a->playlist)) {
			rc = error(_("out of memory"));
			goto done;
		}
		if (s->tier == TIER_NORMAL && nbo) {
			day_of(a->start_ms, sta->tz, day);
			if (bsearch(day, bo, nbo, sizeof *bo, cmp_day)) {
				a->status = AIRING_SKIPPED;
				a->skip_reason = N_("blackout day");
				a->skip_code = REASON_BLACKOUT;
				continue;
			}
		}
		if (tg.skip_reason) {
			a->status = AIRING_SKIPPED;
			a->skip_reason = tg.skip_reason;
			a->skip_code = tg.skip_code;
			a->warning = tg.warning;
			continue;
		}
		/* A clip outside its validity dates does not air: a single
		 * clip's airing is skipped, a playlist goes on without it. */
		enum reason first_out = REASON_NONE;
		int out_of_date = 0;
		for (int k = 0; k < tg.nitems; k++) {
			enum reason why = validity(&tg.items[k], a->start_ms);
			if (why != REASON_NONE && !out_of_date++)
				first_out = why;
		}
		if (tg.nitems && out_of_date == tg.nitems) {
			a->status = AIRING_SKIPPED;
			a->skip_reason = N_("the clip is not valid on that date");
			a->skip_code = first_out;
			continue;
		}
		if (tg.nitems > 0) {
			a->items = malloc((size_t)tg.nitems * sizeof *a->items);
			if (!a->items) {
				rc = error(_("out of memory"));
				goto done;
			}
			for (int k = 0; k < tg.nitems; k++) {
				struct airing_item *it = &a->items[k];
				*it = tg.items[k];
				it->skip = validity(it, a->start_ms);
				it->path = strdup(tg.items[k].path);
			}
			a->nitems = tg.nitems;
			if (out_of_date)
				a->warning = N_("a clip of the playlist is not valid on that date: the playlist airs without it");
			if (occ[i].dur_ms > 0 && air_len(a) > occ[i].dur_ms)
				a->warning = N_("content longer than the event");
		}
	}
done:
	agenda_target_clear(&tg);
	free(occ);
	return rc;
}

/* Builds every airing with nominal start in [from, to), resolved. */
static int
build(struct store *st, int64_t from, int64_t to, struct agenda *out)
{
	struct station sta;
	struct slot *slots = NULL;
	struct blackout *bo = NULL;
	size_t nslots = 0, nbo = 0, n = 0, cap = 0, nact = 0;
	struct airing *v = NULL, **act = NULL;
	struct budget bud = { 0 };
	int64_t lo = from - max_lateness_ms - DAY_MS;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (store_station_get(st, &sta) != 0 || store_slot_list(st, &slots, &nslots) != 0)
		return -1;
	if (store_blackout_list(st, &bo, &nbo) != 0)
		goto done;
	for (size_t i = 0; i < nslots; i++)
		if (slots[i].enabled && add_slot(st, &sta, &slots[i], lo, to, bo, nbo, &bud, &v, &n, &cap) != 0)
			goto done;
	if (!(act = malloc((n ? n : 1) * sizeof *act))) {
		error(_("out of memory"));
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		if (v[i].status != AIRING_SKIPPED)
			act[nact++] = &v[i];
	if (nact)
		qsort(act, nact, sizeof *act, cmp_start);
	if (agenda_resolve(act, nact) != 0)
		goto done;
	/* Keep the window; compute ends. */
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		struct airing *a = &v[i];
		if (a->start_ms < from || a->start_ms >= to) {
			airing_clear(a);
			continue;
		}
		a->end_ms = a->status == AIRING_SKIPPED ? a->nominal_end_ms : a->planned_ms + air_len(a);
		if (a->status == AIRING_SKIPPED && !a->nitems)
			a->end_ms = a->planned_ms + (a->nominal_end_ms - a->start_ms);
		if (w != i)
			v[w] = *a;
		w++;
	}
	n = w;
	if (n)
		qsort(v, n, sizeof *v, cmp_planned);
	out->v = v, out->n = n;
	v = NULL;
	rc = 0;
done:
	spans_flush(st);
	if (v) {
		for (size_t i = 0; i < n; i++)
			airing_clear(&v[i]);
		free(v);
	}
	free(act);
	store_slot_list_free(slots, nslots);
	store_blackout_list_free(bo, nbo);
	return rc;
}

int
agenda_build(struct store *s, int64_t from_ms, int64_t to_ms, struct agenda *out)
{
	memset(out, 0, sizeof *out);
	if (to_ms <= from_ms)
		return 0;
	return build(s, from_ms, to_ms, out);
}

/* ---------------------------------------------------------------- */
/* agenda_next and its cache                                         */

static struct {
	struct store *store;   /* the store it was built from */
	int64_t data_version;  /* store_data_version() then */
	uint64_t generation;   /* store_slot_generation() then */
	int64_t from, to;      /* the window built */
	struct agenda a;       /* the airings */
	int valid;             /* something is cached */
} cache;

void
agenda_cache_drop(void)
{
	expansions_drop();
	agenda_free(&cache.a);
	memset(&cache, 0, sizeof cache);
}

static int
copy_airing(const struct airing *a, struct airing *out)
{
	*out = *a;
	out->playlist = a->playlist ? strdup(a->playlist) : NULL;
	out->title = strdup(a->title);
	out->items = a->nitems ? malloc(a->nitems * sizeof *out->items) : NULL;
	for (int i = 0; i < a->nitems && out->items; i++) {
		out->items[i] = a->items[i];
		out->items[i].path = strdup(a->items[i].path);
	}
	if (!out->title || (a->nitems && !out->items)) {
		airing_clear(out);
		return error(_("out of memory"));
	}
	return 0;
}

/* The first cached airing with planned_ms >= t, or NULL. */
static const struct airing *
lower_bound(int64_t t)
{
	size_t lo = 0, hi = cache.a.n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cache.a.v[mid].planned_ms < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cache.a.n ? &cache.a.v[lo] : NULL;
}

static int
rebuild(struct store *s, int64_t from, int64_t to, int64_t dv)
{
	agenda_free(&cache.a);
	memset(&cache, 0, sizeof cache);
	if (build(s, from, to, &cache.a) != 0)
		return -1;
	cache.store = s;
	cache.data_version = dv;
	cache.generation = store_slot_generation();
	cache.from = from, cache.to = to;
	cache.valid = 1;
	agenda_next_stale = 0;
	return 0;
}

int
agenda_next(struct store *s, int64_t after_ms, struct airing *out)
{
	int64_t dv = store_data_version(s);
	const struct airing *a;

	memset(out, 0, sizeof *out);
	if (agenda_next_stale || !cache.valid || cache.store != s || cache.data_version != dv ||
	    cache.generation != store_slot_generation() || after_ms < cache.from + max_lateness_ms ||
	    after_ms >= cache.to) {
		if (rebuild(s, after_ms - max_lateness_ms - 1, after_ms + 8 * DAY_MS, dv) != 0)
			return -1;
	}
	a = lower_bound(after_ms);
	if (!a || a->planned_ms >= cache.to) {
		/* Nothing in the week ahead: look a year ahead once. */
		if (rebuild(s, after_ms - max_lateness_ms - 1, after_ms + 366 * DAY_MS, dv) != 0)
			return -1;
		a = lower_bound(after_ms);
		if (!a || a->planned_ms >= cache.to)
			return 0;
	}
	return copy_airing(a, out) == 0 ? 1 : -1;
}
