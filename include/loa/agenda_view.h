/*
 * agenda_view.h — the agenda as the officer reads it: one row per airing
 * with a note that says, once, why it is late or does not air, and the
 * counts a front end sums up under the list. `loa agenda` prints it; the
 * web console shows the same rows.
 */
#ifndef LOA_AGENDA_VIEW_H
#define LOA_AGENDA_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "loa/agenda.h"

/* The window `loa agenda` shows when none is given, and the longest one. */
#define AGENDA_VIEW_DEFAULT_MS (7 * 86400000LL)
#define AGENDA_VIEW_MAX_MS     (3660 * 86400000LL)
/* How far ahead a slot's next airing is looked for. */
#define AGENDA_VIEW_NEXT_MS (366 * 86400000LL)

struct agenda_row {
	const struct airing *airing; /* the airing (owned by the view's agenda) */
	char note[320];              /* why it is delayed or skipped, then any warning, translated and
	                                joined with "; "; "" when it airs as planned */
};

struct agenda_view {
	struct agenda agenda;    /* the airings, in time order */
	struct agenda_row *rows; /* one per airing, in the same order */
	size_t n;                /* how many */
	int ndelayed;            /* airings delayed by an overlap */
	int nskipped;            /* airings that do not air */
	int nunassigned;         /* airings of slots with no clip or playlist */
};

/* The rows of every airing with nominal start in [from_ms, to_ms)
 * (agenda_build). 0, or -1 with the error reported; free with
 * agenda_view_free either way. */
int agenda_view_build(struct store *st, int64_t from_ms, int64_t to_ms, struct agenda_view *out);
void agenda_view_free(struct agenda_view *v);

/* The note of airing a, translated, into buf (see struct agenda_row). */
void agenda_note(const struct airing *a, char *buf, size_t n);

/* The note of airing a as its row has it (struct agenda_row): with a
 * rejected airing's reason, read from st. For a writer that makes its
 * rows one at a time (the web console's agenda, sent in parts). */
void agenda_view_note(struct store *st, const struct airing *a, char *buf, size_t n);

/* 1 when the row of a deserves a warning of its own where its note may go
 * unread (a CSV file): it is delayed or skipped for a reason other than
 * having no clip, which the view counts once (nunassigned). Else 0. */
int agenda_row_warns(const struct airing *a);

/* The next airing of each slot ids[k] from from_ms (its planned start,
 * whatever its status: what `slot show` calls next) into next_ms[k], 0
 * when it has none within AGENDA_VIEW_NEXT_MS: the agenda of the week
 * ahead, then, for the slots it lacks, of the year, shared by them all.
 * 0, or -1 with the error reported. */
int agenda_slots_next(struct store *st, int64_t from_ms, const int64_t *ids, int64_t *next_ms, size_t n);

#endif
