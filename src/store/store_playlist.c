/*
 * store_playlist.c — every query on the playlist tables (store_clip.c
 * makes them, schema step 2): finding a playlist by the name the officer
 * types, listing, creating, renaming, refilling and deleting one.
 *
 * A playlist's entries are rows (playlist, position 1..n); an edit
 * rewrites them all in the caller's transaction, which keeps positions
 * dense without renumbering tricks against the primary key. Names are
 * one name whatever their capitals and spaces (utf8_key), so "tin sáng"
 * and "Tin  Sáng" can never be two playlists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/catalog.h"
#include "loa/clock.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/utf8.h"
#include "store/store_internal.h"

/*
 * The playlist the officer names: by its name as stored, else by key
 * (utf8_key: case, spaces, dashes and the tone's place folded away), so "
 * Tin  Sáng " finds "tin sáng". The exact name is tried first, which keeps
 * the agenda's many lookups of stored names one query each, and picks the
 * right one on an older station that has two names sharing a key (new
 * ones are refused by playlist_create). Sets *id, and stored (when not
 * NULL) to the name as stored. 0, 1 not found, -1 (printed).
 */
static int
playlist_id_name(struct store *s, const char *name, int64_t *id, char *stored)
{
	sqlite3_stmt *q = store_prepare(s, "SELECT id FROM playlist WHERE name = ?");
	char *key = NULL, *k;
	int rc;

	if (!q)
		return -1;
	store_bind_text(q, 1, name);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(q, 0);
		if (stored)
			snprintf(stored, PLAYLIST_NAME_MAX, "%s", name);
		sqlite3_finalize(q);
		return 0;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_error(s, _("cannot read the playlist"));
	if (!(key = utf8_key(name)))
		return 1; /* a name that is not UTF-8 names none */
	if (!(q = store_prepare(s, "SELECT id, name FROM playlist ORDER BY id"))) {
		free(key);
		return -1;
	}
	rc = 1;
	while (rc == 1 && sqlite3_step(q) == SQLITE_ROW) {
		if (!(k = utf8_key(store_col_text(q, 1))))
			continue;
		if (strcmp(k, key) == 0) {
			*id = sqlite3_column_int64(q, 0);
			if (stored)
				snprintf(stored, PLAYLIST_NAME_MAX, "%s", store_col_text(q, 1));
			rc = 0;
		}
		free(k);
	}
	sqlite3_finalize(q);
	free(key);
	return rc;
}

static int
playlist_id(struct store *s, const char *name, int64_t *id)
{
	return playlist_id_name(s, name, id, NULL);
}

int
playlist_find(struct store *s, const char *name, struct playlist *out)
{
	sqlite3_stmt *q;
	int rc, step, cap = 0;

	memset(out, 0, sizeof *out);
	if ((rc = playlist_id_name(s, name, &out->id, out->name)) != 0)
		return rc;
	q = store_prepare(
	    s, "SELECT c.id, c.sha256, c.title, c.topic, c.original_name, c.file, c.format,"
	       " c.sample_rate, c.channels, c.frames, c.loudness_lufs, c.true_peak_dbtp, c.gain_db,"
	       " c.valid_from, c.valid_until, c.added_ms, c.approval"
	       " FROM playlist_item i JOIN clip c ON c.id = i.clip_id"
	       " WHERE i.playlist_id = ? ORDER BY i.position");
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, out->id);
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		if (out->nclips == cap) {
			struct clip *more = realloc(out->clips, (size_t)(cap ? cap * 2 : 8) * sizeof *more);
			if (!more) {
				sqlite3_finalize(q);
				playlist_release(out);
				return error(_("out of memory"));
			}
			out->clips = more;
			cap = cap ? cap * 2 : 8;
		}
		store_row_to_clip(s, q, &out->clips[out->nclips]);
		out->duration_s += out->clips[out->nclips].duration_s;
		out->nclips++;
	}
	sqlite3_finalize(q);
	if (step != SQLITE_DONE) {
		playlist_release(out);
		return store_error(s, _("cannot read the playlist"));
	}
	return 0;
}

void
playlist_release(struct playlist *p)
{
	free(p->clips);
	p->clips = NULL;
	p->nclips = 0;
}

int
playlist_foreach(struct store *s, int (*fn)(const struct playlist *p, void *arg), void *arg)
{
	sqlite3_stmt *q = store_prepare(
	    s, "SELECT p.id, p.name, count(c.id), coalesce(sum(CAST(c.frames AS REAL) / c.sample_rate), 0)"
	       " FROM playlist p LEFT JOIN playlist_item i ON i.playlist_id = p.id"
	       " LEFT JOIN clip c ON c.id = i.clip_id GROUP BY p.id ORDER BY p.name");
	struct playlist p = {0};
	int rc = 0, step;

	if (!q)
		return -1;
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		p.id = sqlite3_column_int64(q, 0);
		snprintf(p.name, sizeof p.name, "%s", store_col_text(q, 1));
		p.nclips = sqlite3_column_int(q, 2);
		p.duration_s = sqlite3_column_double(q, 3);
		if ((rc = fn(&p, arg)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = store_error(s, _("cannot list the playlists"));
	sqlite3_finalize(q);
	return rc;
}

static int
write_items(struct store *s, int64_t pid, const int64_t *ids, int n)
{
	sqlite3_stmt *q;

	q = store_prepare(s, "DELETE FROM playlist_item WHERE playlist_id = ?");
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, pid);
	if (sqlite3_step(q) != SQLITE_DONE) {
		sqlite3_finalize(q);
		return store_error(s, _("cannot change the playlist"));
	}
	sqlite3_finalize(q);
	if (!(q = store_prepare(
	          s, "INSERT INTO playlist_item (playlist_id, position, clip_id) VALUES (?, ?, ?)")))
		return -1;
	for (int i = 0; i < n; i++) {
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, pid);
		sqlite3_bind_int(q, 2, i + 1);
		sqlite3_bind_int64(q, 3, ids[i]);
		if (sqlite3_step(q) != SQLITE_DONE) {
			int fk = sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_FOREIGNKEY;
			sqlite3_finalize(q);
			if (fk) {
				error(_("no clip numbered %lld"), (long long)ids[i]);
				advise(ADVICE_CLIP_LIST, NULL);
				return -1;
			}
			return store_error(s, _("cannot change the playlist"));
		}
	}
	sqlite3_finalize(q);
	return 0;
}

/* Refuses a playlist of more than PLAYLIST_MAX_CLIPS entries. 0 or -1. */
static int
check_size(const char *name, int n)
{
	if (n <= PLAYLIST_MAX_CLIPS)
		return 0;
	error(_("playlist '%s' would have %d clips; a playlist holds at most %d"), name, n,
	      PLAYLIST_MAX_CLIPS);
	hint(_("split the programme into two playlists and schedule them one after the other"));
	return -1;
}

/*
 * The name given made a playlist's name (NFC, one line, no blanks at the
 * ends or doubled inside) into name, refused when it is empty, too long,
 * or another playlist's than self's (self 0: any). 0 or -1 (printed; a
 * name taken as ERR_EXISTS of the field "name").
 */
static int
new_name(struct store *s, const char *given, int64_t self, char name[PLAYLIST_NAME_MAX])
{
	char other[PLAYLIST_NAME_MAX], *clean;
	int64_t pid;
	int rc;

	if (utf8_line_refuse(given, UTF8_NAME_MAX, _("the playlist's name")) != 0)
		return -1;
	snprintf(name, PLAYLIST_NAME_MAX, "%s", given);
	utf8_line_fix(name); /* bytes that are not UTF-8 become '?' */
	if ((clean = utf8_clean(name))) {
		snprintf(name, PLAYLIST_NAME_MAX, "%s", clean);
		free(clean);
	}
	if (!*name)
		return error(_("a playlist needs a name"));
	if ((rc = playlist_id_name(s, name, &pid, other)) < 0)
		return -1;
	if (rc == 0 && pid != self) {
		if (strcmp(other, name) == 0)
			error_at(ERR_EXISTS, "name", _("a playlist with this name already exists: '%s'"),
			         name);
		else
			error_at(
			    ERR_EXISTS, "name",
			    _("the name '%s' is the playlist '%s' (names that differ only in capitals or "
			      "spaces are one name)"),
			    name, other);
		advise(ADVICE_PLAYLIST_NAME, NULL);
		return -1;
	}
	return 0;
}

int
playlist_create(struct store *s, const char *given, const int64_t *ids, int n)
{
	char name[PLAYLIST_NAME_MAX];
	sqlite3_stmt *q;
	int64_t pid;

	if (new_name(s, given, 0, name) != 0 || check_size(name, n) != 0)
		return -1;
	if (!(q = store_prepare(s, "INSERT INTO playlist (name, created_ms) VALUES (?, ?)")))
		return -1;
	store_bind_text(q, 1, name);
	sqlite3_bind_int64(q, 2, clock_wall_ms());
	if (sqlite3_step(q) != SQLITE_DONE) {
		sqlite3_finalize(q);
		return store_error(s, _("cannot create the playlist"));
	}
	sqlite3_finalize(q);
	pid = sqlite3_last_insert_rowid(s->db);
	return write_items(s, pid, ids, n);
}

int
playlist_rename(struct store *s, const char *name, const char *given, char stored[PLAYLIST_NAME_MAX])
{
	char to[PLAYLIST_NAME_MAX];
	sqlite3_stmt *q;
	int64_t pid = 0;
	int rc = playlist_id(s, name, &pid);

	if (rc != 0)
		return rc;
	/* Its own name again, in other capitals, is a rename too. */
	if (new_name(s, given, pid, to) != 0)
		return -1;
	if (!(q = store_prepare(s, "UPDATE playlist SET name = ? WHERE id = ?")))
		return -1;
	store_bind_text(q, 1, to);
	sqlite3_bind_int64(q, 2, pid);
	rc = sqlite3_step(q) == SQLITE_DONE ? 0 : store_error(s, _("cannot rename the playlist"));
	sqlite3_finalize(q);
	if (rc == 0 && stored)
		snprintf(stored, PLAYLIST_NAME_MAX, "%s", to);
	return rc;
}

int
playlist_id_of(struct store *s, const char *name, int64_t *id)
{
	return playlist_id_name(s, name, id, NULL);
}

int
playlist_foreach_holding(struct store *s, int64_t clip_id, int (*fn)(const struct playlist *p, void *arg),
                         void *arg)
{
	sqlite3_stmt *q = store_prepare(
	    s, "SELECT p.id, p.name, count(*) FROM playlist p JOIN playlist_item i ON i.playlist_id = p.id"
	       " WHERE i.clip_id = ? GROUP BY p.id ORDER BY p.name");
	struct playlist p = {0};
	int rc = 0, step;

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, clip_id);
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		p.id = sqlite3_column_int64(q, 0);
		snprintf(p.name, sizeof p.name, "%s", store_col_text(q, 1));
		p.nclips = sqlite3_column_int(q, 2);
		if ((rc = fn(&p, arg)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = store_error(s, _("cannot list the playlists"));
	sqlite3_finalize(q);
	return rc;
}

int
playlist_set(struct store *s, const char *name, const int64_t *ids, int n)
{
	int64_t pid = 0;
	int rc = playlist_id(s, name, &pid);

	if (rc != 0)
		return rc > 0 ? error(_("no playlist named '%s'"), name) : -1;
	if (check_size(name, n) != 0)
		return -1;
	return write_items(s, pid, ids, n);
}

int
playlist_delete(struct store *s, const char *name)
{
	sqlite3_stmt *q;
	int64_t pid = 0;
	int rc = playlist_id(s, name, &pid);

	if (rc != 0)
		return rc;
	if (!(q = store_prepare(s, "DELETE FROM playlist WHERE id = ?")))
		return -1;
	sqlite3_bind_int64(q, 1, pid);
	rc = sqlite3_step(q) == SQLITE_DONE ? 0 : store_error(s, _("cannot delete the playlist"));
	if (rc == 0 && sqlite3_changes(s->db) == 0)
		rc = 1;
	sqlite3_finalize(q);
	return rc;
}
