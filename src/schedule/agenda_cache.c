/*
 * agenda_cache.c — each slot's occurrences, from libical once and then
 * from what was kept: in memory between builds, and in the station's
 * expansion table across processes (agenda.c says why and when).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schedule/agenda_cache.h"
#include "loa/agenda.h"
#include "loa/hash.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/store.h"

#define DAY_MS       86400000LL
#define MAX_PER_SLOT 200000 /* airings of one slot in one window */

/* Counts bytes for slot id's n airings against the budget: 0, or -1 with
 * the refusal printed. */
int
agenda_budget_take(struct budget *b, int64_t id, size_t n, size_t bytes)
{
	if (n > b->top_n)
		b->top_n = n, b->top_slot = id;
	if (bytes > AGENDA_MAX_BYTES - b->used) {
		error(_("cannot build the agenda: its airings would take more than %d MB of memory (slot "
		        "%lld alone has %zu "
		        "airings in the period)"),
		      (int)(AGENDA_MAX_BYTES >> 20), (long long)b->top_slot, b->top_n);
		advise(ADVICE_AGENDA_TOO_BIG, NULL);
		return -1;
	}
	b->used += bytes;
	return 0;
}

/*
 * Expansions kept between builds, one per slot: libical's iterator is the
 * cost of an agenda (it steps an ICU calendar for every occurrence), and
 * the daemon rebuilds a sliding window all day. An entry is used only for
 * the same event text, station zone and a window it covers.
 */
#define EXPANSION_AHEAD_MS (8 * DAY_MS)
#define EXPANSION_KEEP_MS  (400 * DAY_MS) /* kept in the station when it can be */
struct expansion {
	int64_t slot_id;           /* the slot */
	char *vevent;              /* its event text when expanded */
	char zone[80];             /* the station zone then (floating times) */
	int64_t from, to;          /* the window expanded */
	struct ical_occurrence *v; /* its occurrences, in time order */
	size_t n;                  /* how many */
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

	if (!e || from < e->from || to > e->to || strcmp(e->zone, zone) != 0 ||
	    strcmp(e->vevent, s->vevent) != 0)
		return NULL;
	return e;
}

/* Keeps a copy of v[0..n) for slot s; quietly keeps nothing on failure. */
static void
expansion_store(const struct slot *s, const char *zone, int64_t from, int64_t to,
                const struct ical_occurrence *v, size_t n)
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

void
agenda_expansions_drop(void)
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
#define SPAN_HEAD  32 /* magic, from_s, to_s, n */

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
	pending[npending++] = (struct store_expansion){.slot_id = s->id, .key = k, .data = b, .len = len};
}

/* Writes the queued spans (a cache: a failure is not an error). */
void
agenda_spans_flush(struct store *st)
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

int
agenda_expand_slot(struct store *st, const struct slot *s, const char *zone, int64_t from, int64_t to,
                   struct budget *bud, struct ical_occurrence **occp, size_t *noccp)
{
	struct ical_occurrence *occ = NULL;
	size_t nocc = 0, ocap = 0;
	char what[64];
	struct ical_rule *r;
	int rc;

	struct expansion *e = expansion_find(s, zone, from, to);
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
		if (!(r = ical_rule_load(s->vevent, zone, what)))
			return -1;
		span_key(s, zone, key);
		int got = span_load(st, s, key, &have);
		rc = ical_rule_expand_span(r, from, ahead, MAX_PER_SLOT, got ? &have : NULL, &made, &occ,
		                           &nocc, &ocap);
		ical_span_clear(&have);
		ical_rule_free(r);
		if (rc != 0) {
			free(occ);
			return error(_("cannot build the agenda: slot %lld airs too often"),
			             (long long)s->id);
		}
		if (made.to_s != 0)
			span_keep(s, key, &made);
		ical_span_clear(&made);
		/* The expansion is kept (a copy) for the next builds. */
		if (agenda_budget_take(bud, s->id, 0, nocc * sizeof *occ) != 0) {
			free(occ);
			return -1;
		}
		expansion_store(s, zone, from, ahead, occ, nocc);
		while (nocc && occ[nocc - 1].start_ms >= to)
			nocc--;
	}
	*occp = occ, *noccp = nocc;
	return 0;
}
