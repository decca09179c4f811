/*
 * agenda.h — what airs when: the slots expanded into airings, with overlaps
 * resolved. `loa agenda` prints it; the daemon (`loa run`) plays it. Both
 * use this one expansion, so what the officer sees is what airs.
 *
 * An airing is one occurrence of one slot (RRULE/RDATE minus EXDATE, with
 * RECURRENCE-ID overrides applied), expanded by the recurrence module
 * (src/schedule/ical_*.c, on libical) in the slot's zone and kept in UTC
 * milliseconds.
 *
 * Overlaps: airings whose times intersect are put in order — higher tier
 * first, then earlier nominal start, then lower slot id. Each follows right
 * after the one before it; one that would start more than max_lateness_ms
 * after its nominal start is skipped instead. Airings that cannot air
 * (blackout day for a normal slot, no clip assigned, clip outside its
 * validity dates) are listed as skipped, with the reason, and take no time.
 * An emergency asked for now (emergency.h) cuts the lower-tier airing that
 * began before the request: that one is listed as skipped, reason
 * interrupted_emergency (the airing log has what of it aired), rather than
 * placed again after the emergency. Disabled slots are not listed at all.
 *
 * The agenda is a snapshot: it owns every string it points to.
 */
#ifndef LOA_AGENDA_H
#define LOA_AGENDA_H

#include <stddef.h>
#include <stdint.h>

#include "loa/config.h" /* the lateness default */
#include "loa/reason.h"
#include "loa/slot.h" /* enum tier */

struct store;

/* What happens to an airing. */
enum airing_status {
	AIRING_PLAYS = 0,   /* airs at its nominal start */
	AIRING_DELAYED = 1, /* airs late (planned_ms > start_ms), after an overlap */
	AIRING_SKIPPED = 2, /* does not air; skip_reason says why */
};

/* One file to play within an airing, in order. */
struct airing_item {
	int64_t clip_id;        /* the clip in the library */
	char *path;             /* the audio file to decode (absolute) */
	double gain_db;         /* gain that brings it to the station's loudness */
	int64_t duration_ms;    /* its length */
	int64_t valid_from_ms;  /* the clip's validity: first instant it may air, 0 = always */
	int64_t valid_until_ms; /* first instant it may no longer air, 0 = never ends */
	enum reason skip;       /* REASON_NONE, or why it is skipped in this airing (a clip of a
	                           playlist outside its validity dates: it takes no time) */
	int unapproved;         /* the clip's enum approval: 0 approved, else it waits for
	                           (APPROVAL_PENDING) or was refused (APPROVAL_REJECTED) */
};

struct airing {
	int64_t start_ms;          /* nominal start: the occurrence (UTC ms) */
	int64_t planned_ms;        /* when it will air after overlap resolution (= start_ms
	                              unless delayed; = start_ms when skipped) */
	int64_t end_ms;            /* planned_ms + duration of what airs; with nothing to
	                              air, the event's own end (DTEND/DURATION) */
	int64_t nominal_end_ms;    /* start_ms + the event's DTEND/DURATION (= start_ms
	                              when it has none) */
	int64_t slot_id;           /* the slot it comes from */
	enum tier tier;            /* the slot's tier */
	int64_t clip_id;           /* the clip it airs, 0 when none (playlist or unassigned) */
	char *playlist;            /* the playlist it airs, NULL when none */
	char *title;               /* the slot's title */
	enum airing_status status; /* plays, delayed or skipped */
	const char *skip_reason;   /* why skipped or delayed (static English text, translate
	                              with _() when shown), NULL when it plays on time */
	enum reason skip_code;     /* why skipped, as a code (REASON_NONE when it airs) */
	int64_t overlap_slot_id;   /* the slot that caused a delay or an overlap skip, or 0 */
	const char *warning;       /* a note for the officer on an airing that airs (static
	                              English text: "content longer than the event"), or NULL;
	                              why one does not air is skip_reason and skip_code */
	struct airing_item *items; /* what to play, in order (NULL when skipped or unassigned) */
	int nitems;                /* number of items */
};

/* A list of airings in time order (planned_ms, then tier, then slot id).
 * Its airings' strings and items live in its pool, shared between the
 * airings of a slot: agenda_free frees them, never airing_clear; copy an
 * airing that must outlive its agenda. */
struct agenda_block;
struct agenda {
	struct airing *v;          /* the airings */
	size_t n;                  /* how many */
	struct agenda_block *pool; /* their strings and items (agenda.c) */
};

/* The most memory one agenda may take (its airings, their strings and the
 * slots' kept expansions), counted before it is allocated: a station of a
 * thousand slots takes about 70 MB for a year. */
#define AGENDA_MAX_BYTES ((size_t)128 << 20)

/*
 * Builds the agenda of every airing whose nominal start is in
 * [from_ms, to_ms). Overlaps are resolved over the whole window, looking
 * back far enough that an airing delayed from before from_ms is accounted
 * for. Returns 0, or -1 with the error printed (e.g. a slot whose rule
 * cannot be expanded, or airings that would take more than
 * AGENDA_MAX_BYTES). out is empty on failure; free it with agenda_free.
 */
int agenda_build(struct store *s, int64_t from_ms, int64_t to_ms, struct agenda *out);
void agenda_free(struct agenda *a);

/*
 * The first airing (of any status) with planned_ms >= after_ms, across all
 * enabled slots, copied into out (free with airing_clear). Returns 1 when
 * found, 0 when nothing airs within the look-ahead horizon (366 days), -1
 * on error (printed). Expansions are cached and rebuilt only when the
 * slots change (this process's writes or another connection's commits), so
 * a call is a binary search. To step through airings, pass the previous
 * airing's planned_ms + 1.
 */
int agenda_next(struct store *s, int64_t after_ms, struct airing *out);
/* Frees what an airing owns and zeroes it. */
void airing_clear(struct airing *a);
/* Drops what agenda_next and agenda_build keep between calls (the built
 * look-ahead and each slot's expansion), e.g. before closing the store. */
void agenda_cache_drop(void);

/* The maximum lateness for an airing delayed by an overlap before it is
 * skipped instead; default AGENDA_MAX_LATENESS_MS. Applies to later calls. */
#define AGENDA_MAX_LATENESS_MS CONFIG_DEFAULT_MAX_LATENESS_MS /* loa/config.h: the one default */
void agenda_set_max_lateness_ms(int64_t ms);
int64_t agenda_max_lateness_ms(void);

/* "plays", "delayed", "skipped". */
const char *airing_status_name(enum airing_status st);

#endif
