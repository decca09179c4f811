/*
 * agenda_cache.h — each slot's occurrences, expanded by libical once and
 * kept: in memory between builds, and in the station's expansion table
 * across processes (the key decisions of agenda.c). Only the agenda uses
 * it.
 */
#ifndef LOA_AGENDA_CACHE_H
#define LOA_AGENDA_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "loa/ical.h"
#include "loa/slot.h"

#define MALLOC_SLACK 16 /* what malloc adds to each block, about */

/*
 * What one build holds in memory, counted before it is allocated, so that
 * a schedule that airs absurdly often (ten slots of 86,400 airings on one
 * day once took 322 MB) is refused with a clear message instead of
 * filling the PC's memory. AGENDA_MAX_BYTES (agenda.h) is the limit.
 */
struct budget {
	size_t used;      /* bytes counted so far */
	int64_t top_slot; /* the slot with the most airings so far */
	size_t top_n;     /* how many it has */
};

/* Counts bytes for slot id's n airings against the budget: 0, or -1 with
 * the refusal printed. */
int agenda_budget_take(struct budget *b, int64_t id, size_t n, size_t bytes);

/*
 * The occurrences of slot s whose start is in [from, to), with floating
 * times in the station zone zone: from the memory kept, else from libical
 * (helped by the span kept in the station), counted against bud. *occ is
 * malloc'd, in time order. 0, or -1 with the error printed.
 */
int agenda_expand_slot(struct store *st, const struct slot *s, const char *zone, int64_t from, int64_t to,
                       struct budget *bud, struct ical_occurrence **occ, size_t *nocc);
/* Writes the spans libical made during this build to the station (a
 * cache: a failure is quiet). */
void agenda_spans_flush(struct store *st);
/* Drops the expansions kept in memory. */
void agenda_expansions_drop(void);

#endif
