/*
 * agenda_view.c — the agenda's rows with their notes (agenda_view.h).
 *
 * A note says each thing once: why the airing is delayed or skipped (the
 * overlapping slot named when there is one), then a warning about what it
 * airs, if that says something else. Advice on what to do (assign a clip)
 * is the front end's to word, once under the list, not in every row. A
 * rejected airing's note carries the leader's reason, which the officer
 * needs to mend it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/agenda_view.h"
#include "loa/approval.h"
#include "loa/i18n.h"
#include "loa/log.h"

void
agenda_note(const struct airing *a, char *buf, size_t n)
{
	size_t len;

	buf[0] = 0;
	if (a->skip_reason && a->overlap_slot_id)
		snprintf(buf, n, _("%s (slot %" PRId64 ")"), _(a->skip_reason), a->overlap_slot_id);
	else if (a->skip_reason)
		snprintf(buf, n, "%s", _(a->skip_reason));
	len = strlen(buf);
	if (a->warning && (!a->skip_reason || strcmp(a->warning, a->skip_reason) != 0) && len < n)
		snprintf(buf + len, n - len, "%s%s", len ? "; " : "", _(a->warning));
}

int
agenda_row_warns(const struct airing *a)
{
	return a->status != AIRING_PLAYS && a->skip_reason && a->skip_code != REASON_NO_CLIP;
}

/* Adds the leader's reason to the note of an airing a leader rejected:
 * the slot's, else its clip's. */
static void
rejected_note(struct store *st, const struct airing *a, char *buf, size_t n)
{
	struct approval_state s = {0};
	size_t len = strlen(buf);

	if (approval_get(st, APPROVAL_SLOT, a->slot_id, &s) != 0 || s.state != APPROVAL_REJECTED) {
		approval_state_clear(&s);
		if (a->clip_id <= 0 || approval_get(st, APPROVAL_CLIP, a->clip_id, &s) != 0 ||
		    s.state != APPROVAL_REJECTED) {
			approval_state_clear(&s);
			return;
		}
	}
	if (s.reason && *s.reason && len < n)
		snprintf(buf + len, n - len, ": %s", s.reason);
	approval_state_clear(&s);
}

void
agenda_view_note(struct store *st, const struct airing *a, char *buf, size_t n)
{
	agenda_note(a, buf, n);
	if (a->status == AIRING_SKIPPED && a->skip_code == REASON_REJECTED)
		rejected_note(st, a, buf, n);
}

int
agenda_view_build(struct store *st, int64_t from_ms, int64_t to_ms, struct agenda_view *out)
{
	memset(out, 0, sizeof *out);
	if (agenda_build(st, from_ms, to_ms, &out->agenda) != 0)
		return -1;
	if (out->agenda.n && !(out->rows = calloc(out->agenda.n, sizeof *out->rows))) {
		agenda_view_free(out);
		return error(_("out of memory"));
	}
	for (size_t i = 0; i < out->agenda.n; i++) {
		const struct airing *a = &out->agenda.v[i];
		out->rows[i].airing = a;
		agenda_view_note(st, a, out->rows[i].note, sizeof out->rows[i].note);
		out->nskipped += a->status == AIRING_SKIPPED;
		out->ndelayed += a->status == AIRING_DELAYED;
		out->nunassigned += a->clip_id <= 0 && !a->playlist;
	}
	out->n = out->agenda.n;
	return 0;
}

void
agenda_view_free(struct agenda_view *v)
{
	agenda_free(&v->agenda);
	free(v->rows);
	memset(v, 0, sizeof *v);
}

int
agenda_slots_next(struct store *st, int64_t from_ms, const int64_t *ids, int64_t *next_ms, size_t n)
{
	/* The week ahead first, then the year, as agenda_next looks: most
	 * slots air within a week, and a year of a large station's airings
	 * takes a hundred times longer to build. */
	static const int64_t ahead[] = {8 * 86400000LL, AGENDA_VIEW_NEXT_MS};
	size_t left = n;

	for (size_t k = 0; k < n; k++)
		next_ms[k] = 0;
	for (size_t w = 0; w < sizeof ahead / sizeof ahead[0] && left; w++) {
		struct agenda a;
		if (agenda_build(st, from_ms, from_ms + ahead[w], &a) != 0)
			return -1;
		for (size_t i = 0; i < a.n && left; i++)
			for (size_t k = 0; k < n; k++)
				if (ids[k] == a.v[i].slot_id && !next_ms[k]) {
					next_ms[k] = a.v[i].planned_ms;
					left--;
				}
		agenda_free(&a);
	}
	return 0;
}
