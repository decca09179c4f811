/*
 * playout_check.c — `loa run --check`: would the coming airings play?
 *
 * The agenda of the next days is built as the playout would build it;
 * every clip it plays is tested once for a readable library file, and the
 * airings that need it are counted against it; then the output is opened
 * alone, with no clip, so a missing clip is never blamed on the device.
 * What is found is returned, never printed: the front end words it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/agenda.h"
#include "loa/clip.h"
#include "loa/clock.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/player.h"
#include "loa/playout.h"
#include "loa/slot.h"
#include "loa/status.h"

/* Adds an empty problem to out; NULL when out of memory (reported). */
static struct playout_problem *
add_problem(struct playout_check *out, int *cap)
{
	if (out->n == *cap) {
		int ncap = *cap ? *cap * 2 : 8;
		struct playout_problem *v = realloc(out->v, (size_t)ncap * sizeof *v);
		if (!v) {
			error(_("out of memory"));
			return NULL;
		}
		out->v = v;
		*cap = ncap;
	}
	memset(&out->v[out->n], 0, sizeof out->v[0]);
	return &out->v[out->n++];
}

/* Each clip of the agenda once: its first item and how many airings play
 * it, and whether its file reads. */
struct seen_clip {
	int64_t clip_id;            /* the clip */
	const char *path;           /* its library file ("" for a damaged row) */
	int err;                    /* errno of the read test, 0 when it reads */
	int airings;                /* airings that play it */
	const struct airing *first; /* the first of them */
};

/* Tests each clip of ag once; *seen gets them (free it). -1 when out of
 * memory (reported). */
static int
test_clips(const struct agenda *ag, struct playout_check *out, struct seen_clip **seen, int *nseen)
{
	int cap = 0;

	*seen = NULL, *nseen = 0;
	for (size_t i = 0; i < ag->n; i++) {
		const struct airing *a = &ag->v[i];
		if (a->status == AIRING_SKIPPED || a->nitems <= 0) {
			out->skipped++;
			continue;
		}
		out->plays++;
		out->ends_ms = a->planned_ms;
		for (int j = 0; j < a->nitems; j++) {
			int k;
			for (k = 0; k < *nseen && (*seen)[k].clip_id != a->items[j].clip_id; k++)
				;
			if (k == *nseen) {
				if (*nseen == cap) {
					struct seen_clip *more =
					    realloc(*seen, (size_t)(cap ? cap * 2 : 16) * sizeof *more);
					if (!more)
						return error(_("out of memory"));
					*seen = more;
					cap = cap ? cap * 2 : 16;
				}
				(*seen)[(*nseen)++] =
				    (struct seen_clip){a->items[j].clip_id, a->items[j].path,
				                       access(a->items[j].path, R_OK) == 0 ? 0 : errno, 0, a};
			}
			(*seen)[k].airings++;
		}
	}
	return 0;
}

/* Records the clips whose file does not read, in the agenda's order. */
static int
clip_problems(struct store *s, const struct seen_clip *seen, int nseen, struct playout_check *out, int *cap)
{
	struct clip *c = malloc(sizeof *c);

	if (!c)
		return error(_("out of memory"));
	for (int k = 0; k < nseen; k++) {
		const struct seen_clip *sc = &seen[k];
		struct playout_problem *p;
		if (!sc->err)
			continue;
		if (!(p = add_problem(out, cap))) {
			free(c);
			return -1;
		}
		p->kind = !*sc->path                                ? PLAYOUT_CLIP_DAMAGED
		          : sc->err == ENOENT || sc->err == ENOTDIR ? PLAYOUT_CLIP_MISSING
		                                                    : PLAYOUT_CLIP_UNREADABLE;
		p->clip_id = sc->clip_id;
		if (clip_get(s, sc->clip_id, c) == 0)
			snprintf(p->title, sizeof p->title, "%s", c->title);
		snprintf(p->path, sizeof p->path, "%s", sc->path);
		p->err = sc->err;
		p->airings = sc->airings;
		p->first_ms = sc->first->planned_ms;
		p->first_slot_id = sc->first->slot_id;
	}
	free(c);
	return 0;
}

/* Opens the output alone, with no clip. */
static int
output_check(const struct playout_config *c, struct playout_check *out, int *cap)
{
	struct player *pl = player_new(c->output);
	struct playout_problem *p;

	out->output_checked = 1;
	if (pl && player_check_output(pl) == 0) {
		snprintf(out->device, sizeof out->device, "%s", player_device(pl));
		player_free(pl);
		return 0;
	}
	if (!(p = add_problem(out, cap))) {
		player_free(pl);
		return -1;
	}
	p->kind = PLAYOUT_OUTPUT;
	snprintf(p->detail, sizeof p->detail, "%s", pl ? player_error(pl) : _("out of memory"));
	player_free(pl);
	return 0;
}

/* How many slots are enabled. */
static int
count_enabled(struct store *s, struct playout_check *out)
{
	struct slot *v;
	size_t n;

	if (store_slot_list(s, &v, &n) != 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		out->slots_enabled += v[i].enabled != 0;
	store_slot_list_free(v, n);
	return 0;
}

int
playout_check(struct store *s, const struct playout_config *c, int check_output, struct playout_check *out)
{
	struct agenda ag = {0};
	struct seen_clip *seen;
	int64_t now = clock_wall_ms();
	int nseen, cap = 0, rc = 0;

	memset(out, 0, sizeof *out);
	agenda_set_max_lateness_ms(c->max_lateness_ms);
	if (agenda_build(s, now, now + PLAYOUT_CHECK_DAYS * 86400000LL, &ag) != 0)
		return -1;
	if (test_clips(&ag, out, &seen, &nseen) != 0 || clip_problems(s, seen, nseen, out, &cap) != 0 ||
	    (check_output && out->plays > 0 && output_check(c, out, &cap) != 0))
		rc = -2;
	free(seen);
	agenda_free(&ag);
	if (rc == 0 && count_enabled(s, out) != 0)
		rc = -1;
	if (rc == 0 && out->plays > 0) {
		int r = status_plays_after(s, now + PLAYOUT_CHECK_DAYS * 86400000LL);
		if (r < 0)
			rc = -1;
		else if (r == 1)
			out->ends_ms = 0;
	} else {
		out->ends_ms = 0;
	}
	if (rc)
		playout_check_free(out);
	return rc;
}

void
playout_check_free(struct playout_check *out)
{
	free(out->v);
	memset(out, 0, sizeof *out);
}
