/*
 * agenda_target.h — what a slot airs, resolved through the clip library:
 * the files with their gains and lengths, and the dates the clip may air.
 * Only the agenda uses it (src/agenda.c).
 */
#ifndef LOA_AGENDA_TARGET_H
#define LOA_AGENDA_TARGET_H

#include "loa/agenda.h"
#include "loa/slot.h"

struct agenda_target {
	struct airing_item *items; /* files to play, in order (paths owned here) */
	int nitems;                /* how many */
	const char *skip_reason;   /* static text when nothing can air, else NULL */
	enum reason skip_code;     /* the same as a code */
};

/* Resolves slot s's clip or playlist, the clips' validity days read in
 * zone (the station's: the caller has it, and reading it for each of a
 * thousand slots was a sixth of an agenda's time). 0 (possibly with
 * skip_reason set), or -1 on a database error (printed). */
int agenda_target_resolve(struct store *st, const struct slot *s, const char *zone,
                          struct agenda_target *out);
void agenda_target_clear(struct agenda_target *t);

/*
 * Resolves overlaps among the airings act[0..n) (sorted by start, then
 * tier, then slot; none skipped): sets planned_ms, status, skip_reason and
 * overlap_slot_id by the rules of agenda.h. Exposed for unit tests.
 * 0 or -1 (out of memory).
 */
int agenda_resolve(struct airing **act, size_t n);

#endif
