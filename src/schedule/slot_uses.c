/*
 * slot_uses.c — which slots air a clip or a playlist (a series, or one of
 * its moved occurrences), and a playlist's rename carried into them.
 *
 * The slots are read whole and their event text parsed only when it holds
 * a moved occurrence (RECURRENCE-ID): a station's thousand slots are one
 * query and no parse in the usual case. This runs when the officer deletes
 * or renames something, never on the daemon's path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/i18n.h"
#include "loa/ical.h"
#include "loa/log.h"
#include "loa/slot.h"
#include "loa/slot_uses.h"
#include "loa/store.h"

/* What one slot airs of the target: its series, and which overrides. */
struct use {
	int series; /* the slot's own clip or playlist is the target */
	int *ks;    /* the overrides (from 1) that air it, malloc'd */
	int nks;    /* how many */
};

/* 1 when the playlist called name is the playlist numbered pid, else 0
 * (-1 on error). */
static int
is_playlist(struct store *st, const char *name, int64_t pid)
{
	int64_t id = 0;
	int rc;

	if (!name || pid <= 0)
		return 0;
	if ((rc = playlist_id_of(st, name, &id)) < 0)
		return -1;
	return rc == 0 && id == pid;
}

/* Fills u with what slot s airs of clip_id (> 0) or of playlist pid. 0 or
 * -1 (printed). */
static int
use_of(struct store *st, const struct slot *s, const char *zone, int64_t clip_id, int64_t pid, struct use *u)
{
	struct ical_override ov;
	struct ical_rule *r;
	char what[64];
	int rc = 0, hit;

	memset(u, 0, sizeof *u);
	if ((hit = clip_id > 0 ? s->clip_id == clip_id : is_playlist(st, s->playlist, pid)) < 0)
		return -1;
	u->series = hit;
	if (!strstr(s->vevent, "RECURRENCE-ID"))
		return 0;
	snprintf(what, sizeof what, _("slot %lld"), (long long)s->id);
	if (!(r = ical_rule_load(s->vevent, zone, what)))
		return -1;
	for (int k = 1; rc == 0 && ical_rule_override(r, k, &ov) == 0; k++) {
		if ((hit = clip_id > 0 ? ov.clip_id == clip_id : is_playlist(st, ov.playlist, pid)) < 0) {
			rc = -1;
		} else if (hit) {
			int *more = realloc(u->ks, (size_t)(u->nks + 1) * sizeof *more);
			if (!more) {
				rc = error(_("out of memory"));
				break;
			}
			u->ks = more;
			u->ks[u->nks++] = k;
		}
	}
	ical_rule_free(r);
	if (rc != 0) {
		free(u->ks);
		memset(u, 0, sizeof *u);
	}
	return rc;
}

/* Every slot with what it airs of the target (uses[i] for v[i]). 0 or -1
 * (printed); on success free with free_uses. */
static int
all_uses(struct store *st, int64_t clip_id, int64_t pid, struct slot **v, size_t *n, struct use **uses)
{
	struct station sta;

	*uses = NULL;
	if (store_station_get(st, &sta) != 0 || store_slot_list(st, v, n) != 0)
		return -1;
	if (!(*uses = calloc(*n ? *n : 1, sizeof **uses))) {
		store_slot_list_free(*v, *n);
		return error(_("out of memory"));
	}
	for (size_t i = 0; i < *n; i++)
		if (use_of(st, &(*v)[i], sta.tz, clip_id, pid, &(*uses)[i]) != 0) {
			for (size_t j = 0; j < i; j++)
				free((*uses)[j].ks);
			free(*uses);
			store_slot_list_free(*v, *n);
			return -1;
		}
	return 0;
}

static void
free_uses(struct slot *v, size_t n, struct use *uses)
{
	for (size_t i = 0; i < n; i++)
		free(uses[i].ks);
	free(uses);
	store_slot_list_free(v, n);
}

int
slot_uses(struct store *st, int64_t clip_id, const char *playlist, int64_t **ids, size_t *n)
{
	struct slot *v;
	struct use *uses;
	int64_t pid = 0;
	size_t nv;
	int rc;

	*ids = NULL;
	*n = 0;
	if (clip_id <= 0 && (rc = playlist_id_of(st, playlist, &pid)) != 0)
		return rc < 0 ? -1 : 0; /* no such playlist: no slot airs it */
	if (all_uses(st, clip_id, pid, &v, &nv, &uses) != 0)
		return -1;
	for (size_t i = 0; i < nv; i++) {
		if (!uses[i].series && !uses[i].nks)
			continue;
		int64_t *more = realloc(*ids, (*n + 1) * sizeof *more);
		if (!more) {
			free(*ids);
			*ids = NULL;
			*n = 0;
			free_uses(v, nv, uses);
			return error(_("out of memory"));
		}
		*ids = more;
		(*ids)[(*n)++] = v[i].id; /* store_slot_list gives them by id */
	}
	free_uses(v, nv, uses);
	return 0;
}

int
slot_playlist_rename(struct store *st, const char *name, const char *given, char stored[PLAYLIST_NAME_MAX])
{
	char to[PLAYLIST_NAME_MAX];
	struct slot *v;
	struct use *uses;
	int64_t pid = 0;
	size_t nv;
	int rc;

	if ((rc = playlist_id_of(st, name, &pid)) != 0)
		return rc;
	/* Which slots air it is read before the rename: after it, their old
	 * name finds no playlist. */
	if (all_uses(st, 0, pid, &v, &nv, &uses) != 0)
		return -1;
	if ((rc = playlist_rename(st, name, given, to)) != 0) {
		free_uses(v, nv, uses);
		return rc;
	}
	for (size_t i = 0; i < nv && rc == 0; i++) {
		struct slot *s = &v[i];
		if (!uses[i].series && !uses[i].nks)
			continue;
		if (uses[i].series) {
			char *p = strdup(to);
			if (!p) {
				rc = error(_("out of memory"));
				break;
			}
			free(s->playlist);
			s->playlist = p;
		}
		for (int j = 0; j < uses[i].nks && rc == 0; j++) {
			char *text = ical_text_set_override(s->vevent, uses[i].ks[j], "X-LOA-PLAYLIST", to);
			if (!text) {
				rc = -1;
				break;
			}
			free(s->vevent);
			s->vevent = text;
		}
		if (rc == 0)
			rc = store_slot_update(st, s);
	}
	free_uses(v, nv, uses);
	if (rc == 0 && stored)
		snprintf(stored, PLAYLIST_NAME_MAX, "%s", to);
	return rc;
}
