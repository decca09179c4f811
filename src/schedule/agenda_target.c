/*
 * agenda_target.c — a slot's clip or playlist, as files to play.
 *
 * The clip library (clip.h) owns clips and playlists; this file only asks
 * it. Validity dates are whole days in the station's zone: valid_until is
 * the last day a clip may air, so the limit is the next midnight.
 */
#include <stdlib.h>
#include <string.h>

#include "schedule/agenda_target.h"
#include "loa/approval.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/store.h"
#include "loa/timeutil.h"

#include "loa/clip.h"

void
agenda_target_clear(struct agenda_target *t)
{
	for (int i = 0; i < t->nitems; i++)
		free(t->items[i].path);
	free(t->items);
	memset(t, 0, sizeof *t);
}

static int64_t day_ms(const char *day, const char *zone, int next);

static int
add_clip(struct agenda_target *t, const struct clip *c, const char *zone)
{
	struct airing_item *nv = realloc(t->items, (t->nitems + 1) * sizeof *nv);

	if (!nv || !(nv[t->nitems].path = strdup(c->path))) {
		if (nv)
			t->items = nv;
		return error(_("out of memory"));
	}
	t->items = nv;
	nv[t->nitems].clip_id = c->id;
	nv[t->nitems].gain_db = c->gain_db;
	nv[t->nitems].duration_ms = (int64_t)(c->duration_s * 1000.0 + 0.5);
	nv[t->nitems].valid_from_ms = day_ms(c->valid_from, zone, 0);
	nv[t->nitems].valid_until_ms = day_ms(c->valid_until, zone, 1);
	nv[t->nitems].skip = REASON_NONE;
	nv[t->nitems].unapproved = (int)c->approval;
	t->nitems++;
	return 0;
}

/* A "YYYY-MM-DD" day's first instant in zone (+1 day when next). */
static int64_t
day_ms(const char *day, const char *zone, int next)
{
	struct civil c;
	int64_t ms;

	if (!day[0] || time_parse_date(day, &c) != 0)
		return 0;
	if (next) {
		if (++c.day > civil_days_in_month(c.year, c.month)) {
			c.day = 1;
			if (++c.month > 12)
				c.month = 1, c.year++;
		}
	}
	return tz_to_utc(zone, &c, &ms) == 0 ? ms : 0;
}

int
agenda_target_resolve(struct store *st, const struct slot *s, const char *zone, struct agenda_target *out)
{
	memset(out, 0, sizeof *out);
	if (s->clip_id <= 0 && !s->playlist) {
		out->skip_reason = N_("no clip assigned");
		out->skip_code = REASON_NO_CLIP;
		return 0;
	}
	int rc;

	if (s->clip_id > 0) {
		struct clip c;
		if ((rc = clip_get(st, s->clip_id, &c)) < 0)
			return -1;
		if (rc == 1) {
			out->skip_reason = N_("its clip is no longer in the library");
			out->skip_code = REASON_CLIP_REMOVED;
			return 0;
		}
		return add_clip(out, &c, zone);
	}
	struct playlist p;
	if ((rc = playlist_find(st, s->playlist, &p)) < 0)
		return -1;
	if (rc == 1 || p.nclips == 0) {
		out->skip_reason =
		    rc == 1 ? N_("its playlist is no longer in the library") : N_("its playlist is empty");
		out->skip_code = rc == 1 ? REASON_PLAYLIST_MISSING : REASON_PLAYLIST_EMPTY;
		if (rc == 0)
			playlist_release(&p);
		return 0;
	}
	for (int i = 0; i < p.nclips; i++)
		if (add_clip(out, &p.clips[i], zone) != 0) {
			playlist_release(&p);
			agenda_target_clear(out);
			return -1;
		}
	playlist_release(&p);
	return 0;
}
