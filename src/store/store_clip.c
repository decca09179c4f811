/*
 * store_clip.c — the clip and playlist tables (schema step 2) and every
 * query on the clips (the playlists' are store_playlist.c's).
 *
 * A clip row stores the library copy as a path relative to the library
 * folder, so a station can be moved as a whole (database and clips/). The
 * sha256 column is UNIQUE: the same bytes are one clip. Loudness and true
 * peak are NULL for silence (SQL has no -inf). Playlist entries are rows
 * (playlist, position 1..n); edits rewrite a playlist's entries in the
 * caller's transaction, which keeps positions dense without renumbering
 * tricks against the primary key.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/approval.h"
#include "loa/catalog.h"
#include "loa/clock.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/topic.h"
#include "loa/utf8.h"
#include "store/store_internal.h"

/* clang-format off */
const char store_schema_v2[] =
	"CREATE TABLE clip (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),\n"
	"  title TEXT NOT NULL,\n"
	"  topic TEXT NOT NULL DEFAULT '',\n"
	"  original_name TEXT NOT NULL,\n"
	"  file TEXT NOT NULL,\n"            /* relative to the library folder */
	"  format TEXT NOT NULL,\n"
	"  sample_rate INTEGER NOT NULL CHECK (sample_rate > 0),\n"
	"  channels INTEGER NOT NULL CHECK (channels > 0),\n"
	"  frames INTEGER NOT NULL CHECK (frames > 0),\n"
	"  loudness_lufs REAL,\n"            /* NULL: silence */
	"  true_peak_dbtp REAL,\n"           /* NULL: silence */
	"  gain_db REAL NOT NULL,\n"
	"  valid_from TEXT NOT NULL DEFAULT '',\n"
	"  valid_until TEXT NOT NULL DEFAULT '',\n"
	"  added_ms INTEGER NOT NULL\n"
	");\n"
	"CREATE INDEX clip_by_original_name ON clip (original_name);\n"
	"CREATE INDEX clip_by_title ON clip (title);\n"
	"CREATE TABLE playlist (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE,\n"
	"  created_ms INTEGER NOT NULL\n"
	");\n"
	"CREATE TABLE playlist_item (\n"
	"  playlist_id INTEGER NOT NULL REFERENCES playlist (id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL CHECK (position > 0),\n"
	"  clip_id INTEGER NOT NULL REFERENCES clip (id),\n"
	"  PRIMARY KEY (playlist_id, position)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX playlist_item_by_clip ON playlist_item (clip_id);\n";

#define CLIP_COLUMNS                                                                               \
	"id, sha256, title, topic, original_name, file, format, sample_rate, channels, frames,"    \
	" loudness_lufs, true_peak_dbtp, gain_db, valid_from, valid_until, added_ms, approval"
/* clang-format on */

int
clip_library_name(const char *sha, const char *format, char *buf, size_t n)
{
	static const char *const formats[] = {"wav", "flac", "ogg", "opus", "mp3", "m4a", "aac", "wma"};
	size_t i;

	if (n)
		buf[0] = '\0';
	if (strlen(sha) != HASH_HEX_LEN)
		return -1;
	for (i = 0; i < HASH_HEX_LEN; i++)
		if (!((sha[i] >= '0' && sha[i] <= '9') || (sha[i] >= 'a' && sha[i] <= 'f')))
			return -1;
	for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(format, formats[i]) == 0)
			break;
	if (i == sizeof formats / sizeof formats[0])
		return -1;
	return snprintf(buf, n, "%.2s/%s.%s", sha, sha, format) < (int)n ? 0 : -1;
}

/* Fills c from a row of CLIP_COLUMNS. The path is made from the SHA-256
 * and the format (clip_library_name), never from the file column, which a
 * hand-edited database could point at any file; a row whose SHA-256 or
 * format is not one a clip can have gets no path ("", which no file has). */
void
store_row_to_clip(struct store *s, sqlite3_stmt *q, struct clip *c)
{
	const char *lib = store_library_dir(s);
	char cwd[PATH_MAX] = "", name[HASH_HEX_LEN + 16];

	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(q, 0);
	snprintf(c->sha256, sizeof c->sha256, "%s", store_col_text(q, 1));
	snprintf(c->title, sizeof c->title, "%s", store_col_text(q, 2));
	snprintf(c->topic, sizeof c->topic, "%s", store_col_text(q, 3));
	snprintf(c->original_name, sizeof c->original_name, "%s", store_col_text(q, 4));
	if (snprintf(c->format, sizeof c->format, "%s", store_col_text(q, 6)) >= (int)sizeof c->format)
		c->format[0] = 0; /* cut short, it would name another format */
	if (lib[0] != '/' && !getcwd(cwd, sizeof cwd))
		cwd[0] = 0;
	if (clip_library_name(store_col_text(q, 1), c->format, name, sizeof name) != 0 ||
	    snprintf(c->path, sizeof c->path, "%s%s%s/%s", cwd, cwd[0] ? "/" : "", lib, name) >=
	        (int)sizeof c->path)
		c->path[0] = 0; /* not a clip's name, or longer than PATH_MAX: nothing is opened */
	c->sample_rate = sqlite3_column_int(q, 7);
	c->channels = sqlite3_column_int(q, 8);
	c->frames = sqlite3_column_int64(q, 9);
	c->duration_s = c->sample_rate > 0 ? (double)c->frames / c->sample_rate : 0;
	c->loudness_lufs =
	    sqlite3_column_type(q, 10) == SQLITE_NULL ? -INFINITY : sqlite3_column_double(q, 10);
	c->true_peak_dbtp =
	    sqlite3_column_type(q, 11) == SQLITE_NULL ? -INFINITY : sqlite3_column_double(q, 11);
	c->gain_db = sqlite3_column_double(q, 12);
	snprintf(c->valid_from, sizeof c->valid_from, "%s", store_col_text(q, 13));
	snprintf(c->valid_until, sizeof c->valid_until, "%s", store_col_text(q, 14));
	c->added_ms = sqlite3_column_int64(q, 15);
	enum approval ap;
	/* Another word is only a tamperer's: it does not air. */
	c->approval = approval_parse(store_col_text(q, 16), &ap) == 0 ? (int)ap : APPROVAL_PENDING;
}

int
clip_get(struct store *s, int64_t id, struct clip *out)
{
	/* Cached: the daemon reads a clip for every airing it logs. */
	sqlite3_stmt *q = store_cached(s, "SELECT " CLIP_COLUMNS " FROM clip WHERE id = ?");
	int rc;

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		store_row_to_clip(s, q, out);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = 1;
	} else {
		rc = store_error(s, _("cannot read the clip"));
	}
	sqlite3_reset(q);
	return rc;
}

/* Counts rows where column = value and gives the newest id. */
static int
find_by(struct store *s, const char *sql, const char *value, int64_t *id_out)
{
	sqlite3_stmt *q = store_prepare(s, sql);
	int n = -1;

	if (!q)
		return -1;
	store_bind_text(q, 1, value);
	if (sqlite3_step(q) == SQLITE_ROW) {
		n = sqlite3_column_int(q, 0);
		if (n > 0 && id_out)
			*id_out = sqlite3_column_int64(q, 1);
	} else {
		store_error(s, _("cannot look up a clip"));
	}
	sqlite3_finalize(q);
	return n;
}

int
clip_find_by_original_name(struct store *s, const char *name, int64_t *id_out)
{
	return find_by(s, "SELECT count(*), max(id) FROM clip WHERE original_name = ?", name, id_out);
}

int
clip_find_by_title(struct store *s, const char *title, int64_t *id_out)
{
	return find_by(s, "SELECT count(*), max(id) FROM clip WHERE title = ?", title, id_out);
}

int
clip_find_by_sha256(struct store *s, const char *sha256, int64_t *id_out)
{
	int n = find_by(s, "SELECT count(*), max(id) FROM clip WHERE sha256 = ?", sha256, id_out);

	return n < 0 ? -1 : n > 0 ? 0 : 1;
}

int
clip_foreach(struct store *s, int (*fn)(const struct clip *c, void *arg), void *arg)
{
	sqlite3_stmt *q = store_prepare(s, "SELECT " CLIP_COLUMNS " FROM clip ORDER BY id");
	struct clip *c = malloc(sizeof *c);
	int rc = 0, step;

	if (!q || !c) {
		sqlite3_finalize(q);
		free(c);
		return q ? error(_("out of memory")) : -1;
	}
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		store_row_to_clip(s, q, c);
		if ((rc = fn(c, arg)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = store_error(s, _("cannot list the clips"));
	sqlite3_finalize(q);
	free(c);
	return rc;
}

/* Replaces topic (CLIP_TITLE_MAX bytes) by the name of the station's topic
 * it names ("CCHC" -> "cải cách hành chính"); "" stays "". 0, or -1
 * (printed) when it names none. */
static int
canonical_topic(struct store *s, char *topic)
{
	struct topic t;
	int rc;

	if (!*topic)
		return 0;
	if ((rc = topic_find(s, topic, &t)) < 0)
		return -1;
	if (rc == 1)
		return error(_("not one of the station's topics: '%s'"), topic);
	snprintf(topic, CLIP_TITLE_MAX, "%s", t.name);
	return 0;
}

int
store_clip_insert(struct store *s, const struct clip *given, const char *file, int64_t *id_out)
{
	struct clip fixed = *given, *c = &fixed;
	sqlite3_stmt *q = store_prepare(
	    s, "INSERT INTO clip (sha256, title, topic, original_name, file, format, sample_rate,"
	       " channels, frames, loudness_lufs, true_peak_dbtp, gain_db, valid_from, valid_until,"
	       " added_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
	int rc;

	if (!q)
		return -1;
	if (canonical_topic(s, c->topic) != 0) {
		sqlite3_finalize(q);
		return -1;
	}
	store_bind_text(q, 1, c->sha256);
	store_bind_text(q, 2, c->title);
	store_bind_text(q, 3, c->topic);
	store_bind_text(q, 4, c->original_name);
	store_bind_text(q, 5, file);
	store_bind_text(q, 6, c->format);
	sqlite3_bind_int(q, 7, c->sample_rate);
	sqlite3_bind_int(q, 8, c->channels);
	sqlite3_bind_int64(q, 9, c->frames);
	if (isfinite(c->loudness_lufs))
		sqlite3_bind_double(q, 10, c->loudness_lufs);
	if (isfinite(c->true_peak_dbtp))
		sqlite3_bind_double(q, 11, c->true_peak_dbtp);
	sqlite3_bind_double(q, 12, c->gain_db);
	store_bind_text(q, 13, c->valid_from);
	store_bind_text(q, 14, c->valid_until);
	sqlite3_bind_int64(q, 15, c->added_ms);
	if (sqlite3_step(q) == SQLITE_DONE) {
		*id_out = sqlite3_last_insert_rowid(s->db);
		rc = store_approval_after_write(s, APPROVAL_CLIP, *id_out) < 0 ? -1 : 0;
	} else {
		rc = store_error(s, _("cannot record the clip"));
	}
	sqlite3_finalize(q);
	return rc;
}

int
clip_update(struct store *s, const struct clip *given)
{
	struct clip fixed = *given, *c = &fixed;
	sqlite3_stmt *q = store_prepare(s, "UPDATE clip SET title = ?, topic = ?, valid_from = ?,"
	                                   " valid_until = ? WHERE id = ?");
	int rc;

	if (!q)
		return -1;
	/* What is not UTF-8 or not one line (an older station's rows) is
	 * made one line: the store takes no control character from here on. */
	utf8_line_fix(c->title);
	utf8_line_fix(c->topic);
	if (canonical_topic(s, c->topic) != 0) {
		sqlite3_finalize(q);
		return -1;
	}
	store_bind_text(q, 1, c->title);
	store_bind_text(q, 2, c->topic);
	store_bind_text(q, 3, c->valid_from);
	store_bind_text(q, 4, c->valid_until);
	sqlite3_bind_int64(q, 5, c->id);
	rc = sqlite3_step(q) == SQLITE_DONE ? 0 : store_error(s, _("cannot change the clip"));
	sqlite3_finalize(q);
	return rc == 0 && store_approval_after_write(s, APPROVAL_CLIP, c->id) < 0 ? -1 : rc;
}

static int
count(struct store *s, const char *sql, int64_t id)
{
	sqlite3_stmt *q = store_prepare(s, sql);
	int n = -1;

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	else
		store_error(s, _("cannot look up a clip"));
	sqlite3_finalize(q);
	return n;
}

/* 1 if table has column, else 0. */
static int
has_column(struct store *s, const char *table, const char *column)
{
	sqlite3_stmt *q = store_prepare(s, "SELECT count(*) FROM pragma_table_info(?) WHERE name = ?");
	int n = 0;

	if (!q)
		return 0;
	store_bind_text(q, 1, table);
	store_bind_text(q, 2, column);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return n > 0;
}

int
store_clip_in_use(struct store *s, int64_t id)
{
	if (!has_column(s, "slot", "clip_id"))
		return 0;
	return count(s, "SELECT count(*) FROM slot WHERE clip_id = ?", id);
}

int
clip_uses(struct store *s, int64_t id, int *slots, int *playlist_items)
{
	*slots = store_clip_in_use(s, id);
	*playlist_items = count(s, "SELECT count(*) FROM playlist_item WHERE clip_id = ?", id);
	return *slots < 0 || *playlist_items < 0 ? -1 : 0;
}

/* Rewrites positions of every playlist that held clip id after its
 * entries were deleted, so they stay 1..n. */
static int
renumber_all(struct store *s)
{
	return store_exec(s,
	                  "CREATE TEMP TABLE IF NOT EXISTS renumber AS SELECT * FROM playlist_item WHERE 0;"
	                  "DELETE FROM temp.renumber;"
	                  "INSERT INTO temp.renumber SELECT playlist_id, row_number() OVER"
	                  " (PARTITION BY playlist_id ORDER BY position), clip_id FROM playlist_item;"
	                  "DELETE FROM playlist_item;"
	                  "INSERT INTO playlist_item SELECT * FROM temp.renumber;"
	                  "DROP TABLE temp.renumber;");
}

int
store_clip_delete(struct store *s, int64_t id, int force, struct clip *gone, char *file, size_t n)
{
	struct clip c;
	sqlite3_stmt *q;
	int slots, items, rc;

	if (n)
		file[0] = '\0';

	if (store_begin(s) != 0)
		return -1;
	if ((rc = clip_get(s, id, &c)) != 0 || clip_uses(s, id, &slots, &items) != 0)
		goto out;
	if ((q = store_prepare(s, "SELECT file FROM clip WHERE id = ?"))) {
		sqlite3_bind_int64(q, 1, id);
		if (sqlite3_step(q) == SQLITE_ROW)
			snprintf(file, n, "%s", store_col_text(q, 0));
		sqlite3_finalize(q);
	}
	if ((slots > 0 || items > 0) && !force) {
		error_at(ERR_IN_USE, NULL,
		         _("clip %lld is in use (%d schedule slots, %d playlist entries): '%s'"),
		         (long long)id, slots, items, c.title);
		advise(ADVICE_CLIP_IN_USE, NULL);
		rc = -1;
		goto out;
	}
	if (slots > 0 && has_column(s, "slot", "clip_id")) {
		/* The slots stay (their times, UIDs and history matter) with no
		 * clip: the agenda and the daemon show them as "no clip assigned"
		 * until the officer assigns another. */
		q = store_prepare(s, "UPDATE slot SET clip_id = NULL WHERE clip_id = ?");
		if (!q || (sqlite3_bind_int64(q, 1, id), sqlite3_step(q)) != SQLITE_DONE) {
			sqlite3_finalize(q);
			rc = store_error(s, _("cannot take the clip out of its slots"));
			goto out;
		}
		sqlite3_finalize(q);
	}
	q = store_prepare(s, "DELETE FROM playlist_item WHERE clip_id = ?");
	if (!q)
		goto fail;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		goto fail;
	q = store_prepare(s, "DELETE FROM clip WHERE id = ?");
	if (!q)
		goto fail;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		store_error(s, _("cannot remove the clip"));
		goto fail;
	}
	if ((items > 0 && renumber_all(s) != 0) || store_commit(s) != 0)
		goto fail;
	*gone = c;
	return 0;
fail:
	rc = -1;
out:
	store_rollback(s);
	return rc;
}
