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
 *  - Each slot's expansion is kept between builds (agenda_cache.c; keyed
 *    by slot id, event text and station zone, covering the window asked
 *    plus a week), since libical's iterator is most of an agenda's cost.
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

#include "schedule/agenda_cache.h"
#include "schedule/agenda_target.h"
#include "loa/approval.h"
#include "loa/agenda.h"
#include "loa/emergency.h"
#include "loa/i18n.h"
#include "loa/ical.h"
#include "loa/log.h"
#include "loa/slot.h"
#include "loa/store.h"
#include "loa/timeutil.h"

#define DAY_MS 86400000LL

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

/*
 * An agenda's strings and item lists, allocated from blocks freed all at
 * once. A quarter of a station of 1,000 daily slots is 91,000 airings:
 * with a title, an item list and a path of its own each, freeing them
 * was a fifth of the time the console took to send that agenda (perf).
 * A slot's title, playlist and paths are copied once and shared by its
 * airings.
 */
#define POOL_BLOCK ((size_t)64 << 10)
struct agenda_block {
	struct agenda_block *next; /* the block made before */
	size_t used, size;         /* bytes given out, and its room */
	max_align_t data[];        /* the room */
};

static void *
pool_alloc(struct agenda_block **pool, size_t n)
{
	struct agenda_block *b = *pool;
	void *p;

	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	if (!b || b->size - b->used < n) {
		size_t size = n > POOL_BLOCK ? n : POOL_BLOCK;
		if (!(b = malloc(sizeof *b + size)))
			return NULL;
		b->next = *pool, b->used = 0, b->size = size;
		*pool = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

static char *
pool_strdup(struct agenda_block **pool, const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = pool_alloc(pool, n);

	return d ? memcpy(d, s, n) : NULL;
}

static void
pool_free(struct agenda_block **pool)
{
	while (*pool) {
		struct agenda_block *b = *pool;
		*pool = b->next;
		free(b);
	}
}

void
agenda_free(struct agenda *a)
{
	pool_free(&a->pool);
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

/*
 * The airings are put in order by sorting small keys, not the airings:
 * a quarter of 1,000 daily slots is 91,000 airings, sorted twice (by
 * start to resolve overlaps, by planned start to list them), and qsort
 * moving whole airings, or comparing through pointers to them, was a
 * quarter of a report's time (perf); a radix sort of the keys by t is
 * linear. t is the start or the planned start;
 * then higher tier, lower slot id, earlier nominal start.
 */
struct order {
	int64_t t, slot_id, start_ms; /* the key */
	int tier;                     /* the key */
	uint32_t i;                   /* the airing's index */
};

static int
cmp_order(const void *x, const void *y)
{
	const struct order *a = x, *b = y;

	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	if (a->tier != b->tier)
		return a->tier > b->tier ? -1 : 1;
	if (a->slot_id != b->slot_id)
		return a->slot_id < b->slot_id ? -1 : 1;
	return a->start_ms < b->start_ms ? -1 : a->start_ms > b->start_ms;
}

/* Sorts ord[0..n) as cmp_order says: by t with a radix sort (linear, and
 * stable), then each run of one t by the rest of the key (a run is the
 * airings that start at one instant: a few at most). */
#define RADIX_BITS 11
static void
sort_order(struct order *ord, size_t n)
{
	size_t at[1 << RADIX_BITS]; /* 16 KiB */
	struct order *src = ord, *dst, *tmp;
	int64_t lo = INT64_MAX, hi = INT64_MIN;

	if (n < 2)
		return;
	if (!(tmp = malloc(n * sizeof *tmp))) {
		sort_order(ord, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		lo = ord[i].t < lo ? ord[i].t : lo;
		hi = ord[i].t > hi ? ord[i].t : hi;
	}
	dst = tmp;
	for (int shift = 0; shift < 64 && ((uint64_t)hi - (uint64_t)lo) >> shift; shift += RADIX_BITS) {
		size_t sum = 0;
		memset(at, 0, sizeof at);
		for (size_t i = 0; i < n; i++)
			at[(((uint64_t)src[i].t - (uint64_t)lo) >> shift) & ((1u << RADIX_BITS) - 1)]++;
		for (size_t d = 0; d < (1u << RADIX_BITS); d++) {
			size_t c = at[d];
			at[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[at[(((uint64_t)src[i].t - (uint64_t)lo) >> shift) & ((1u << RADIX_BITS) - 1)]++] =
			    src[i];
		struct order *x = src;
		src = dst, dst = x;
	}
	if (src != ord)
		memcpy(ord, src, n * sizeof *ord);
	free(tmp);
	for (size_t a = 0, b; a < n; a = b) {
		for (b = a + 1; b < n && ord[b].t == ord[a].t; b++)
			;
		if (b - a > 1)
			qsort(ord + a, b - a, sizeof *ord, cmp_order);
	}
}

static struct order
order_of(const struct airing *a, int64_t t, size_t i)
{
	return (struct order){
	    .t = t, .slot_id = a->slot_id, .start_ms = a->start_ms, .tier = (int)a->tier, .i = (uint32_t)i};
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

/* Whether the clip of it may air at instant at: REASON_NONE, or why not. */
static enum reason
validity(const struct airing_item *it, int64_t at)
{
	if (it->unapproved)
		return it->unapproved == APPROVAL_REJECTED ? REASON_REJECTED : REASON_PENDING_APPROVAL;
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
	size_t c = sizeof(struct airing) + sizeof(struct airing *) + strlen(s->title ? s->title : "") + 1 +
	           MALLOC_SLACK;

	if (s->playlist)
		c += strlen(s->playlist) + 1 + MALLOC_SLACK;
	if (tg->nitems)
		c += MALLOC_SLACK;
	for (int k = 0; k < tg->nitems; k++)
		c += sizeof(struct airing_item) + strlen(tg->items[k].path) + 1 + MALLOC_SLACK;
	return c;
}

/*
 * What the override (RECURRENCE-ID) that made occurrence o says of its own
 * airing, into *ov: its title, and the clip or playlist it names, resolved
 * into *own. *r is the slot's rule, loaded on first need. 0 or -1.
 */
static int
override_of(struct store *st, const struct station *sta, const struct slot *s,
            const struct ical_occurrence *o, struct ical_rule **r, struct ical_override *ov,
            struct agenda_target *own)
{
	char what[64];

	snprintf(what, sizeof what, _("slot %lld"), (long long)s->id);
	if (!*r && !(*r = ical_rule_load(s->vevent, sta->tz, what)))
		return -1;
	ical_rule_override(*r, o->override, ov);
	if (!ov->clip_id && !ov->playlist)
		return 0;
	struct slot os = *s;
	os.clip_id = ov->clip_id;
	os.playlist = (char *)ov->playlist;
	agenda_target_clear(own);
	return agenda_target_resolve(st, &os, sta->tz, own);
}

/* One slot's occurrences as airings, appended to *out. */
static int
add_slot(struct store *st, const struct station *sta, const struct slot *s, int64_t from, int64_t to,
         const struct blackout *bo, size_t nbo, struct budget *bud, struct airing **out, size_t *n,
         size_t *cap, struct agenda_block **pool)
{
	struct ical_occurrence *occ = NULL;
	size_t nocc = 0;
	struct ical_rule *ovr = NULL; /* for overrides' own fields */
	struct agenda_target stg, own = {0};
	char *title, *slot_playlist = NULL, **paths = NULL; /* the slot's, in the pool */
	int rc = 0;

	if (agenda_expand_slot(st, s, sta->tz, from, to, bud, &occ, &nocc) != 0)
		return -1;
	if (nocc == 0) {
		free(occ);
		return 0;
	}
	if (agenda_target_resolve(st, s, sta->tz, &stg) != 0) {
		free(occ);
		return -1;
	}
	if (nocc > SIZE_MAX / row_cost(s, &stg) ||
	    agenda_budget_take(bud, s->id, nocc, nocc * row_cost(s, &stg)) != 0) {
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
	title = pool_strdup(pool, s->title ? s->title : "");
	if (s->playlist)
		slot_playlist = pool_strdup(pool, s->playlist);
	if (stg.nitems && (paths = pool_alloc(pool, (size_t)stg.nitems * sizeof *paths)))
		for (int k = 0; k < stg.nitems && paths; k++)
			if (!(paths[k] = pool_strdup(pool, stg.items[k].path)))
				paths = NULL;
	if (!title || (s->playlist && !slot_playlist) || (stg.nitems && !paths)) {
		rc = error(_("out of memory"));
		goto done;
	}
	for (size_t i = 0; i < nocc; i++) {
		struct airing *a = &(*out)[(*n)++];
		struct agenda_target tg = stg; /* what airs: the slot's, or its override's own */
		struct ical_override ov = {0};
		char day[11];
		memset(a, 0, sizeof *a);
		if (occ[i].override && override_of(st, sta, s, &occ[i], &ovr, &ov, &own) != 0) {
			rc = -1;
			goto done;
		}
		int own_target = ov.clip_id || ov.playlist;
		const char *playlist = own_target ? ov.playlist : s->playlist;
		if (own_target)
			tg = own;
		a->start_ms = a->planned_ms = occ[i].start_ms;
		a->nominal_end_ms = occ[i].start_ms + occ[i].dur_ms;
		a->slot_id = s->id;
		a->tier = s->tier;
		a->clip_id = own_target ? ov.clip_id : s->clip_id;
		a->playlist = !playlist ? NULL : own_target ? pool_strdup(pool, playlist) : slot_playlist;
		a->title = ov.summary ? pool_strdup(pool, ov.summary) : title;
		if (!a->title || (playlist && !a->playlist)) {
			rc = error(_("out of memory"));
			goto done;
		}
		/* Not approved: it does not air, whatever else holds (approval.h).
		 * Rejected is said apart from waiting: the officer must change
		 * it, not wait for it. */
		if (s->approval != APPROVAL_APPROVED) {
			int no = s->approval == APPROVAL_REJECTED;
			a->status = AIRING_SKIPPED;
			a->skip_reason =
			    no ? N_("rejected by the leader") : N_("waiting for the leader's approval");
			a->skip_code = no ? REASON_REJECTED : REASON_PENDING_APPROVAL;
			continue;
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
			a->skip_reason =
			    first_out == REASON_PENDING_APPROVAL ? N_("waiting for the leader's approval")
			    : first_out == REASON_REJECTED       ? N_("rejected by the leader")
			                                         : N_("the clip is not valid on that date");
			a->skip_code = first_out;
			continue;
		}
		if (tg.nitems > 0) {
			a->items = pool_alloc(pool, (size_t)tg.nitems * sizeof *a->items);
			for (int k = 0; k < tg.nitems && a->items; k++) {
				struct airing_item *it = &a->items[k];
				*it = tg.items[k];
				it->skip = validity(it, a->start_ms);
				it->path = own_target ? pool_strdup(pool, tg.items[k].path) : paths[k];
				if (!it->path)
					a->items = NULL;
			}
			if (!a->items) {
				rc = error(_("out of memory"));
				goto done;
			}
			a->nitems = tg.nitems;
			if (out_of_date)
				a->warning = N_("a clip of the playlist is not valid on that date: the "
				                "playlist airs without it");
			if (occ[i].dur_ms > 0 && air_len(a) > occ[i].dur_ms)
				a->warning = N_("content longer than the event");
		}
	}
done:
	agenda_target_clear(&stg);
	agenda_target_clear(&own);
	ical_rule_free(ovr);
	free(occ);
	return rc;
}

/*
 * An emergency asked for now (emergency.h) cuts in over the airing that
 * was on air when it was asked for: that airing ends there, as the daemon
 * ends it, instead of being placed again after the emergency as an
 * airing that had not begun would be — it would hold the air for the
 * rest of its length and push back, or skip, the airings after it. So an
 * airing of a lower tier that began before the request and overlaps the
 * emergency is skipped here, its reason the cut; the airing log has what
 * of it went out. An emergency given a time ahead (a slot of the tier)
 * still goes by the overlap rules. 0, or -1 (printed).
 */
static int
cut_by_requests(struct store *st, struct airing *v, size_t n)
{
	struct emergency_request req;
	int r;

	for (size_t i = 0; i < n; i++) {
		const struct airing *e = &v[i];
		if (e->tier != TIER_EMERGENCY || e->status == AIRING_SKIPPED || !e->nitems)
			continue;
		if ((r = store_emergency_get(st, e->slot_id, &req)) < 0)
			return -1;
		if (r == 0)
			continue;
		for (size_t k = 0; k < n; k++) {
			struct airing *a = &v[k];
			if (a->tier >= e->tier || a->status == AIRING_SKIPPED ||
			    a->start_ms >= req.requested_ms || a->start_ms + air_len(a) <= e->start_ms)
				continue;
			a->status = AIRING_SKIPPED;
			a->skip_reason = N_("cut by an emergency asked for while it aired");
			a->skip_code = REASON_INTERRUPTED_EMERGENCY;
			a->overlap_slot_id = e->slot_id;
		}
	}
	return 0;
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
	struct order *ord = NULL;
	struct agenda_block *pool = NULL;
	struct budget bud = {0};
	int64_t lo = from - max_lateness_ms - DAY_MS;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (store_station_get(st, &sta) != 0 || store_slot_list(st, &slots, &nslots) != 0)
		return -1;
	if (store_blackout_list(st, &bo, &nbo) != 0)
		goto done;
	for (size_t i = 0; i < nslots; i++)
		if (slots[i].enabled &&
		    add_slot(st, &sta, &slots[i], lo, to, bo, nbo, &bud, &v, &n, &cap, &pool) != 0)
			goto done;
	if (cut_by_requests(st, v, n) != 0)
		goto done;
	if (n > UINT32_MAX || !(act = malloc((n ? n : 1) * sizeof *act)) ||
	    !(ord = malloc((n ? n : 1) * sizeof *ord))) {
		error(_("out of memory"));
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		if (v[i].status != AIRING_SKIPPED)
			ord[nact++] = order_of(&v[i], v[i].start_ms, i);
	if (nact)
		sort_order(ord, nact);
	for (size_t k = 0; k < nact; k++)
		act[k] = &v[ord[k].i];
	if (agenda_resolve(act, nact) != 0)
		goto done;
	/* Keep the window; compute ends. */
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		struct airing *a = &v[i];
		if (a->start_ms < from || a->start_ms >= to)
			continue; /* its strings stay in the pool till agenda_free */
		a->end_ms = a->status == AIRING_SKIPPED ? a->nominal_end_ms : a->planned_ms + air_len(a);
		if (a->status == AIRING_SKIPPED && !a->nitems)
			a->end_ms = a->planned_ms + (a->nominal_end_ms - a->start_ms);
		if (w != i)
			v[w] = *a;
		w++;
	}
	n = w;
	for (size_t i = 0; i < n; i++)
		ord[i] = order_of(&v[i], v[i].planned_ms, i);
	sort_order(ord, n);
	/* v[k] becomes the v[ord[k].i] of before, in place, a cycle at a
	 * time (a copy would be 12 MB more for a quarter of 1,000 slots). */
	for (size_t k = 0; k < n; k++) {
		if (ord[k].i == k)
			continue;
		struct airing first = v[k];
		for (size_t j = k;;) {
			size_t src = ord[j].i;
			ord[j].i = (uint32_t)j;
			if (src == k) {
				v[j] = first;
				break;
			}
			v[j] = v[src];
			j = src;
		}
	}
	out->v = v, out->n = n, out->pool = pool;
	v = NULL, pool = NULL;
	rc = 0;
done:
	agenda_spans_flush(st);
	free(v);
	pool_free(&pool);
	free(act);
	free(ord);
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
	struct store *store;  /* the store it was built from */
	int64_t data_version; /* store_data_version() then */
	uint64_t generation;  /* store_slot_generation() then */
	int64_t from, to;     /* the window built */
	struct agenda a;      /* the airings */
	int valid;            /* something is cached */
} cache;

void
agenda_cache_drop(void)
{
	agenda_expansions_drop();
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
