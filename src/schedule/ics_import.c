/*
 * ics_import.c — a calendar file into the station's slots and blackout
 * days (ics_import.h).
 *
 * Key decisions:
 *  - The file is read and checked whole before anything is written, and
 *    the slots are written in one transaction: a bad event rejects the
 *    whole file.
 *  - An event's clip is found in the order the README gives (X-LOA-PLAYLIST,
 *    X-LOA-CLIP with its X-LOA-SHA256, ATTACH, ATTACH's file name, SUMMARY).
 *    Audio files and playlists an ATTACH names are imported first; they
 *    commit on their own, so a failure afterwards undoes them
 *    (struct import_undo) and leaves the station as it was.
 *  - A calendar from someone's USB stick reads files from its own folder
 *    only, unless the officer trusts it (allow_outside).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loa/clip.h"
#include "loa/i18n.h"
#include "loa/ical.h"
#include "loa/ics_import.h"
#include "loa/infile.h"
#include "loa/log.h"
#include "loa/slot.h"
#include "loa/store.h"

/* Is path an audio file name loa imports? */
static int
is_m3u(const char *p)
{
	const char *dot = strrchr(p, '.');
	return dot && (strcasecmp(dot, ".m3u") == 0 || strcasecmp(dot, ".m3u8") == 0);
}

/*
 * What one slot import changed outside its own transaction: clip_import and
 * playlist_import_m3u commit on their own, so a failed import undoes them
 * (import_undo_run) and leaves the station as it was.
 */
struct import_undo {
	int64_t *known; /* clip ids in the library before the first .m3u */
	int nknown;     /* how many; -1 not taken yet */
	int64_t *clips; /* clips this run added */
	int nclips;
	struct playlist *old; /* playlists before the first .m3u, with their clips */
	int nold;
	char **touched; /* playlists this run created or replaced */
	int ntouched;
};

static int
undo_collect_clip(const struct clip *c, void *arg)
{
	struct import_undo *u = arg;
	int64_t *n = realloc(u->known, (size_t)(u->nknown + 1) * sizeof *n);
	if (!n)
		return error(_("out of memory"));
	u->known = n;
	u->known[u->nknown++] = c->id;
	return 0;
}

static int
undo_collect_playlist(const struct playlist *p, void *arg)
{
	struct import_undo *u = arg;
	struct playlist *n = realloc(u->old, (size_t)(u->nold + 1) * sizeof *n);
	if (!n)
		return error(_("out of memory"));
	u->old = n;
	memset(&u->old[u->nold], 0, sizeof *n);
	snprintf(u->old[u->nold].name, sizeof n->name, "%s", p->name);
	u->nold++;
	return 0;
}

/* Notes the library's clips and playlists before the first .m3u import. */
static int
undo_snapshot(struct store *st, struct import_undo *u)
{
	if (u->nknown >= 0)
		return 0;
	u->nknown = 0;
	if (clip_foreach(st, undo_collect_clip, u) != 0 ||
	    playlist_foreach(st, undo_collect_playlist, u) != 0)
		return -1;
	for (int i = 0; i < u->nold; i++) {
		char name[sizeof u->old[i].name];
		snprintf(name, sizeof name, "%s", u->old[i].name);
		if (playlist_find(st, name, &u->old[i]) != 0)
			return -1;
	}
	return 0;
}

static int
undo_add_clip(struct import_undo *u, int64_t id)
{
	for (int i = 0; i < u->nclips; i++)
		if (u->clips[i] == id)
			return 0;
	for (int i = 0; i < u->nknown; i++)
		if (u->known[i] == id)
			return 0;
	int64_t *n = realloc(u->clips, (size_t)(u->nclips + 1) * sizeof *n);
	if (!n)
		return error(_("out of memory"));
	u->clips = n;
	u->clips[u->nclips++] = id;
	return 0;
}

/* Notes playlist pl, just imported from an .m3u, and the clips it added. */
static int
undo_add_playlist(struct import_undo *u, const struct playlist *pl)
{
	for (int i = 0; i < pl->nclips; i++)
		if (undo_add_clip(u, pl->clips[i].id) != 0)
			return -1;
	for (int i = 0; i < u->ntouched; i++)
		if (strcmp(u->touched[i], pl->name) == 0)
			return 0;
	char **n = realloc(u->touched, (size_t)(u->ntouched + 1) * sizeof *n);
	if (!n || !(n[u->ntouched] = strdup(pl->name))) {
		if (n)
			u->touched = n;
		return error(_("out of memory"));
	}
	u->touched = n;
	u->ntouched++;
	return 0;
}

/* Puts back the playlists and removes the clips this run added. */
static void
undo_run(struct store *st, struct import_undo *u)
{
	for (int i = 0; i < u->ntouched; i++) {
		const struct playlist *old = NULL;
		for (int k = 0; k < u->nold; k++)
			if (strcmp(u->old[k].name, u->touched[i]) == 0)
				old = &u->old[k];
		if (!old) {
			if (playlist_delete(st, u->touched[i]) < 0)
				warning(_("cannot remove the playlist this import added: '%s'"),
				        u->touched[i]);
			continue;
		}
		int64_t *ids = malloc((size_t)(old->nclips ? old->nclips : 1) * sizeof *ids);
		for (int k = 0; ids && k < old->nclips; k++)
			ids[k] = old->clips[k].id;
		if (!ids || store_begin(st) != 0 || playlist_set(st, old->name, ids, old->nclips) != 0 ||
		    store_commit(st) != 0) {
			store_rollback(st);
			warning(_("cannot put back the clips of playlist '%s'"), old->name);
		}
		free(ids);
	}
	for (int i = 0; i < u->nclips; i++)
		if (clip_remove(st, u->clips[i], 1) < 0)
			warning(_("cannot remove clip %lld, which this import added"),
			        (long long)u->clips[i]);
}

static void
undo_free(struct import_undo *u)
{
	for (int i = 0; i < u->nold; i++)
		playlist_release(&u->old[i]);
	for (int i = 0; i < u->ntouched; i++)
		free(u->touched[i]);
	free(u->old);
	free(u->touched);
	free(u->known);
	free(u->clips);
}

/* Ids of the clips titled title, for a message: "3, 7". */
struct title_ids {
	const char *title; /* the title looked for */
	char list[256];    /* ids found so far, comma separated */
};

static int
collect_title(const struct clip *c, void *arg)
{
	struct title_ids *t = arg;
	size_t n = strlen(t->list);
	if (strcmp(c->title, t->title) == 0 && n + 24 < sizeof t->list)
		snprintf(t->list + n, sizeof t->list - n, "%s%lld", n ? ", " : "", (long long)c->id);
	return 0;
}

/*
 * Finds the clip (or playlist) an imported event names, in the order the
 * README gives: X-LOA-PLAYLIST, X-LOA-CLIP (trusted only when its
 * X-LOA-SHA256, if any, matches; else the clip with those bytes), ATTACH
 * as a local file, ATTACH's file name, SUMMARY. A name that leads nowhere
 * is warned about with its line; an event naming a playlist, or a title
 * several clips share, is never matched by title. An ATTACH file is read
 * only inside the folder inside (NULL: anywhere); one outside is warned
 * about in the same words whether or not it exists, and not read. 0
 * (possibly nothing found), -1 on a failure (printed).
 */
static int
find_event_clip(struct store *st, double target_lufs, const struct ical_event *e, const char *ics,
                const char *dir, const struct infile_root *inside, struct import_undo *u, int64_t *clip_id,
                char **playlist)
{
	*clip_id = 0, *playlist = NULL;
	struct clip c;
	int rc, missed = 0;
	if (e->x_playlist) {
		struct playlist p;
		if ((rc = playlist_find(st, e->x_playlist, &p)) < 0)
			return -1;
		if (rc == 0) {
			playlist_release(&p);
			*playlist = strdup(e->x_playlist);
			return 0;
		}
		missed = 2;
	}
	if (e->x_clip > 0 || e->x_sha256) {
		if (e->x_clip > 0 && (rc = clip_get(st, e->x_clip, &c)) < 0)
			return -1;
		if (e->x_clip > 0 && rc == 0 && (!e->x_sha256 || strcasecmp(c.sha256, e->x_sha256) == 0))
			return *clip_id = e->x_clip, 0;
		/* Another station numbers its clips differently: find the bytes. */
		if (e->x_sha256 && (rc = clip_find_by_sha256(st, e->x_sha256, clip_id)) != 1)
			return rc < 0 ? -1 : 0;
		*clip_id = 0;
		missed = missed ? missed : 1;
	}
	if (e->attach) {
		char path[PATH_MAX], raw[PATH_MAX], uri[PATH_MAX + 8];
		int local;
		/* A file: URI (RFC 8089: no host, or localhost), or a plain path
		 * with %-escapes as loa's export writes it; never another computer. */
		if (strncasecmp(e->attach, "file:", 5) == 0)
			local = infile_uri_path(e->attach, raw, sizeof raw) == 0;
		else
			local = !strstr(e->attach, "://") &&
			        snprintf(uri, sizeof uri, "file:%s", e->attach) < (int)sizeof uri &&
			        infile_uri_path(uri, raw, sizeof raw) == 0;
		if (local) {
			int plen = raw[0] == '/' ? snprintf(path, sizeof path, "%s", raw)
			                         : snprintf(path, sizeof path, "%s/%s", dir, raw);
			struct infile_error ie = {.fail = INFILE_SYSTEM, .err = ENAMETOOLONG};
			struct stat sb;
			char reason[PATH_MAX + 64];
			int fd =
			    plen < (int)sizeof path ? infile_open(path, inside, UINT64_MAX, &sb, &ie) : -1;
			if (fd >= 0)
				close(fd); /* the import opens it again, inside the folder as well */
			if (fd < 0 && ie.fail == INFILE_OUTSIDE) {
				/* Decided on the name alone (or by the kernel at a link
				 * that leads out): nothing about the file is told. */
				warning(_("%s line %d: ATTACH names a file outside the calendar's folder "
				          "'%s'; loa does not read it: '%s'"),
				        ics, e->attach_line ? e->attach_line : e->line, dir, path);
				advise(ADVICE_ICS_ATTACH_OUTSIDE, NULL);
				missed = missed ? missed : 3;
			} else if (fd < 0 &&
			           !(ie.fail == INFILE_SYSTEM &&
			             (ie.err == ENOENT || ie.err == ENOTDIR || ie.err == ENAMETOOLONG))) {
				error(_("%s line %d: cannot read the file that ATTACH names: '%s': %s"), ics,
				      e->attach_line ? e->attach_line : e->line, path,
				      infile_reason(&ie, inside, UINT64_MAX, reason, sizeof reason));
				return -1;
			} else if (fd >= 0) {
				if (is_m3u(path)) {
					struct playlist pl;
					struct clip_import_opts po = {.target_lufs = target_lufs,
					                              .inside = inside};
					if (undo_snapshot(st, u) != 0 ||
					    playlist_import_m3u(st, path, NULL, &po, 1, &pl) != 0)
						return -1;
					rc = undo_add_playlist(u, &pl);
					*playlist = strdup(pl.name);
					playlist_release(&pl);
					return rc;
				}
				struct clip_import_opts io = {
				    .title = e->summary, .target_lufs = target_lufs, .inside = inside};
				if ((rc = clip_import(st, path, &io, clip_id)) < 0)
					return -1;
				if (rc == 0 && undo_add_clip(u, *clip_id) != 0)
					return -1;
				return 0;
			} else {
				warning(_("%s line %d: the file that ATTACH names does not exist: '%s'"), ics,
				        e->attach_line ? e->attach_line : e->line, path);
				hint(_("put the file there (a relative ATTACH is read from the calendar's "
				       "folder) or correct the ATTACH line, then import again"));
				missed = missed ? missed : 3;
			}
		}
	}
	if (missed == 1)
		warning(_("%s line %d: X-LOA-CLIP names clip %lld, which is not in this station's library%s"),
		        ics, e->x_clip_line ? e->x_clip_line : e->line, (long long)e->x_clip,
		        e->x_sha256 ? _(" (no clip has its X-LOA-SHA256 content)") : "");
	if (missed == 1 && !e->attach)
		advise(ADVICE_ICS_CLIP_ADD, NULL);
	if (missed == 2) {
		warning(_("%s line %d: X-LOA-PLAYLIST names a playlist this station does not have: '%s'; the "
		          "slot gets no clip"),
		        ics, e->x_playlist_line ? e->x_playlist_line : e->line, e->x_playlist);
		advise(ADVICE_ICS_PLAYLIST_IMPORT, e->x_playlist);
		return 0; /* never a title match for an event that names a playlist */
	}
	const char *name = e->attach_name;
	if (!name && e->attach) {
		const char *slash = strrchr(e->attach, '/');
		name = slash ? slash + 1 : e->attach;
	}
	if (name && *name && (rc = clip_find_by_original_name(st, name, clip_id)) != 0) {
		if (rc > 0 && missed) {
			warning(_("%s line %d: event '%s' gets clip %lld because it was imported from a file "
			          "named '%s'"),
			        ics, e->line, e->uid, (long long)*clip_id, name);
			advise(ADVICE_SLOT_CHECK, NULL);
		}
		return rc < 0 ? -1 : 0;
	}
	*clip_id = 0;
	if (!e->summary || (rc = clip_find_by_title(st, e->summary, clip_id)) == 0)
		return *clip_id = 0, 0;
	if (rc < 0)
		return -1;
	if (rc > 1) {
		struct title_ids t = {.title = e->summary};
		if (clip_foreach(st, collect_title, &t) < 0)
			return -1;
		warning(_("%s line %d: %d clips are titled '%s' (clips %s); the slot of event '%s' is left "
		          "without a clip"),
		        ics, e->line, rc, e->summary, t.list, e->uid);
		advise(ADVICE_ICS_CHOOSE_CLIP, NULL);
		return *clip_id = 0, 0;
	}
	if (missed) {
		warning(_("%s line %d: event '%s' gets clip %lld because its title is '%s'"), ics, e->line,
		        e->uid, (long long)*clip_id, e->summary);
		advise(ADVICE_SLOT_CHECK, NULL);
	}
	return 0;
}

/*
 * A moved occurrence (RECURRENCE-ID) that names its own clip (ATTACH,
 * X-LOA-CLIP, X-LOA-SHA256) or playlist airs that one: each is found as an
 * event's is, and written into the event's text as the override's
 * X-LOA-CLIP or X-LOA-PLAYLIST, which the agenda reads (an override that
 * names none airs the series' clip; its SUMMARY alone is never matched to
 * a clip). 0 or -1 (printed).
 */
static int
own_clips(struct store *st, const struct ics_import_opts *o, struct ical_event *e, const char *ics,
          const char *dir, const struct infile_root *inside, struct import_undo *u)
{
	for (int k = 1; k <= e->nov; k++) {
		const struct ical_event *ov = &e->ov[k - 1];
		int64_t id;
		char *pl, num[24], *text;
		if (!ov->attach && !ov->x_clip && !ov->x_sha256 && !ov->x_playlist)
			continue;
		if (find_event_clip(st, o->target_lufs, ov, ics, dir, inside, u, &id, &pl) != 0)
			return error(_("%s line %d: cannot import the clip of event '%s'"), ics, ov->line,
			             e->uid);
		if (!id && !pl)
			continue;
		snprintf(num, sizeof num, "%lld", (long long)id);
		text =
		    ical_text_set_override(e->text, k, pl ? "X-LOA-PLAYLIST" : "X-LOA-CLIP", pl ? pl : num);
		free(pl);
		if (!text)
			return -1;
		free(e->text);
		e->text = text;
	}
	return 0;
}

/* Notes slot id among those the import wrote. 0 or -1 (printed). */
static int
note_slot(struct ics_import_result *r, int64_t id, int added)
{
	struct ics_import_slot *v = realloc(r->slots, (size_t)(r->nslots + 1) * sizeof *v);

	if (!v)
		return error(_("out of memory"));
	r->slots = v;
	r->slots[r->nslots].id = id;
	r->slots[r->nslots++].added = added;
	return 0;
}

void
ics_import_result_free(struct ics_import_result *r)
{
	free(r->slots);
	r->slots = NULL;
	r->nslots = 0;
}

int
ics_import(struct store *st, const struct ics_import_opts *o, struct ics_import_result *out)
{
	struct ical_file f;
	struct infile_root root = {.fd = -1};
	int added = 0, updated = 0, noclip = 0, ndays = 0;
	char dir[PATH_MAX];
	const char *path = o->path, *slash;
	int64_t *clip_ids = NULL;
	char **playlists = NULL;
	struct import_undo undo = {.nknown = -1};

	memset(out, 0, sizeof *out);
	if (ical_read_file(path, o->zone, &f) != 0) {
		hint(_("nothing was imported; correct the calendar and import it again"));
		return -1;
	}
	for (int i = 0; i < f.n; i++) {
		const struct ical_event *e = &f.ev[i];
		int marked = e->x_tier && strcmp(e->x_tier, "blackout") == 0;
		if (e->all_day && !o->blackout && !marked) {
			error(_("%s line %d: the all-day event '%s' has no time of day, so it cannot air"),
			      path, e->line, e->summary ? e->summary : e->uid);
			advise(ADVICE_ICS_ALL_DAY, NULL);
			hint(_("nothing was imported"));
			ical_file_free(&f);
			return -1;
		}
		if (e->x_tier && !marked) {
			enum tier t;
			if (tier_parse(e->x_tier, &t) != 0) {
				error(_("%s line %d: X-LOA-TIER must be normal, priority or emergency: '%s'"),
				      path, e->line, e->x_tier);
				hint(_("nothing was imported"));
				ical_file_free(&f);
				return -1;
			}
		}
	}
	slash = strrchr(path, '/');
	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
	if (slash == path)
		snprintf(dir, sizeof dir, "/");
	/* A calendar from someone's USB stick reads files from its own folder
	 * only, unless the officer trusts it (allow_outside). */
	if (!o->allow_outside && infile_root_open(&root, dir) != 0)
		goto fail_alloc;
	/* Clips first: importing an audio file commits on its own, so a
	 * failure below undoes what this loop added. */
	clip_ids = calloc(f.n ? f.n : 1, sizeof *clip_ids);
	playlists = calloc(f.n ? f.n : 1, sizeof *playlists);
	if (!clip_ids || !playlists)
		goto fail_alloc;
	for (int i = 0; i < f.n; i++) {
		if (!f.ev[i].all_day &&
		    find_event_clip(st, o->target_lufs, &f.ev[i], path, dir, o->allow_outside ? NULL : &root,
		                    &undo, &clip_ids[i], &playlists[i]) != 0) {
			error(_("%s line %d: cannot import the clip of event '%s'"), path, f.ev[i].line,
			      f.ev[i].uid);
			goto fail_alloc;
		}
		if (!f.ev[i].all_day &&
		    own_clips(st, o, &f.ev[i], path, dir, o->allow_outside ? NULL : &root, &undo) != 0)
			goto fail_alloc;
	}
	if (store_begin(st) != 0)
		goto fail_alloc;
	for (int i = 0; i < f.n; i++) {
		const struct ical_event *e = &f.ev[i];
		struct slot s = {0};
		int rc;
		if (e->all_day) {
			char(*days)[11] = calloc(e->ndays ? e->ndays : 1, sizeof *days);
			if (!days)
				goto fail;
			for (int k = 0; k < e->ndays; k++)
				snprintf(days[k], 11, "%04u-%02u-%02u", (unsigned)e->days[k].year % 10000u,
				         (unsigned)e->days[k].month % 13u, (unsigned)e->days[k].day % 32u);
			rc = store_blackout_set(st, e->uid, e->summary, (const char(*)[11])days, e->ndays);
			free(days);
			if (rc != 0)
				goto fail;
			ndays += e->ndays;
			continue;
		}
		if ((rc = store_slot_get_uid(st, e->uid, &s)) < 0)
			goto fail;
		int exists = rc == 0;
		free(s.title);
		free(s.vevent);
		free(s.source);
		s.uid = exists ? s.uid : strdup(e->uid);
		s.title = strdup(e->summary ? e->summary : "");
		s.vevent = strdup(e->text);
		s.source = strdup(o->source ? o->source : path);
		if (!exists)
			s.enabled = 1, s.tier = TIER_NORMAL;
		if (e->x_tier)
			tier_parse(e->x_tier, &s.tier);
		if (!e->enabled)
			s.enabled = 0;
		if (clip_ids[i] || playlists[i]) {
			free(s.playlist);
			s.clip_id = clip_ids[i];
			s.playlist = playlists[i] ? strdup(playlists[i]) : NULL;
		}
		if (!s.clip_id && !s.playlist)
			noclip++;
		rc = exists ? store_slot_update(st, &s) : store_slot_add(st, &s);
		if (rc == 0)
			rc = note_slot(out, s.id, !exists);
		slot_clear(&s);
		if (rc != 0)
			goto fail;
		exists ? updated++ : added++;
	}
	if (store_commit(st) != 0)
		goto fail;
	out->added = added, out->updated = updated, out->noclip = noclip, out->ndays = ndays;
	out->ncancelled = f.ncancelled;
	for (int i = 0; i < f.n; i++)
		free(playlists[i]);
	free(playlists);
	free(clip_ids);
	undo_free(&undo);
	ical_file_free(&f);
	infile_root_close(&root);
	return 0;
fail:
	store_rollback(st);
	ics_import_result_free(out);
fail_alloc:
	undo_run(st, &undo);
	undo_free(&undo);
	hint(_("nothing was imported"));
	for (int i = 0; playlists && i < f.n; i++)
		free(playlists[i]);
	free(playlists);
	free(clip_ids);
	ical_file_free(&f);
	infile_root_close(&root);
	return -1;
}
