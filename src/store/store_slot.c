/*
 * store_slot.c — the slot and blackout tables (schema step 3), and the
 * slot's version with numbers never given twice (step 11).
 *
 * Key decision: the event text is the slot. loa's columns (clip, playlist,
 * tier, enabled) say what to air and how; when the slot airs is only ever
 * read from the VEVENT text, so an export writes back exactly what was
 * imported and no column can disagree with the rule. The UID is unique, so
 * importing a calendar again finds and updates its slots instead of adding
 * copies. A slot names a clip by id or a playlist by name, never both.
 *
 * Each slot carries a version: 1 when added, one more on every change,
 * whoever makes it (the command line, the console, an import). A change
 * is written only over the version it was read at, so two front ends
 * editing one slot cannot overwrite each other unseen: the second is
 * told, and the console shows it the slot as it now is. A leader's
 * approval (to come) names the version it approved, beside this column.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/approval.h"
#include "loa/clock.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/slot.h"
#include "loa/timeutil.h"
#include "loa/utf8.h"
#include "store/store_internal.h"

const char store_schema_v3[] =
    "CREATE TABLE slot (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  uid TEXT NOT NULL UNIQUE,\n"
    "  title TEXT NOT NULL DEFAULT '',\n"
    "  vevent TEXT NOT NULL,\n"
    "  clip_id INTEGER,\n"
    "  playlist TEXT,\n"
    "  tier TEXT NOT NULL DEFAULT 'normal' CHECK (tier IN ('normal', 'priority', 'emergency')),\n"
    "  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),\n"
    "  source TEXT NOT NULL DEFAULT 'add',\n"
    "  created_ms INTEGER NOT NULL,\n"
    "  updated_ms INTEGER NOT NULL,\n"
    "  CHECK (clip_id IS NULL OR playlist IS NULL)\n"
    ");\n"
    "CREATE INDEX slot_clip ON slot (clip_id);\n"
    "CREATE TABLE blackout (\n"
    "  day TEXT NOT NULL,\n"
    "  uid TEXT NOT NULL,\n"
    "  title TEXT NOT NULL DEFAULT '',\n"
    "  PRIMARY KEY (day, uid)\n"
    ");\n";

/*
 * Step 11: each slot's version, and numbers never given twice. The table
 * is made again with AUTOINCREMENT (SQLite cannot add it to a table), its
 * rows copied with their numbers, each at version 1: a slot removed
 * leaves its number to no other, so a page holding "slot 5, version 1"
 * can never change a newer slot 5 by mistake, and the audit trail and
 * the airing log, which name slots by number, name one slot each.
 * Dropping the old table empties the expansion cache (its rows follow
 * their slot), which the agenda rebuilds.
 */
const char store_schema_v11[] =
    "CREATE TABLE slot_v11 (\n"
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  uid TEXT NOT NULL UNIQUE,\n"
    "  title TEXT NOT NULL DEFAULT '',\n"
    "  vevent TEXT NOT NULL,\n"
    "  clip_id INTEGER,\n"
    "  playlist TEXT,\n"
    "  tier TEXT NOT NULL DEFAULT 'normal' CHECK (tier IN ('normal', 'priority', 'emergency')),\n"
    "  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),\n"
    "  source TEXT NOT NULL DEFAULT 'add',\n"
    "  created_ms INTEGER NOT NULL,\n"
    "  updated_ms INTEGER NOT NULL,\n"
    "  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),\n"
    "  CHECK (clip_id IS NULL OR playlist IS NULL)\n"
    ");\n"
    "INSERT INTO slot_v11 (id, uid, title, vevent, clip_id, playlist, tier, enabled, source, created_ms,"
    " updated_ms)\n"
    "  SELECT id, uid, title, vevent, clip_id, playlist, tier, enabled, source, created_ms, updated_ms"
    " FROM slot;\n"
    "DROP TABLE slot;\n"
    "ALTER TABLE slot_v11 RENAME TO slot;\n"
    "CREATE INDEX slot_clip ON slot (clip_id);\n";

static uint64_t generation = 1;

void
store_slot_touch(void)
{
	generation++;
}

uint64_t
store_slot_generation(void)
{
	return generation;
}

static const char *const tier_names[] = {"normal", "priority", "emergency"};

const char *
tier_name(enum tier t)
{
	return t >= TIER_NORMAL && t <= TIER_EMERGENCY ? tier_names[t] : "normal";
}

int
tier_parse(const char *s, enum tier *out)
{
	for (int i = 0; i < 3; i++)
		if (s && strcmp(s, tier_names[i]) == 0)
			return *out = (enum tier)i, 0;
	return -1;
}

void
slot_clear(struct slot *s)
{
	free(s->uid);
	free(s->title);
	free(s->vevent);
	free(s->playlist);
	free(s->source);
	memset(s, 0, sizeof *s);
}

#define SLOT_COLS                                                                                            \
	"id, uid, title, vevent, clip_id, playlist, tier, enabled, source, created_ms, updated_ms, "         \
	"version, approval"

static int
read_row(sqlite3_stmt *q, struct slot *s)
{
	memset(s, 0, sizeof *s);
	s->id = sqlite3_column_int64(q, 0);
	s->uid = strdup(store_col_text(q, 1));
	s->title = strdup(store_col_text(q, 2));
	s->vevent = strdup(store_col_text(q, 3));
	s->clip_id = sqlite3_column_int64(q, 4);
	s->playlist = sqlite3_column_type(q, 5) == SQLITE_NULL ? NULL : strdup(store_col_text(q, 5));
	if (tier_parse(store_col_text(q, 6), &s->tier) != 0)
		s->tier = TIER_NORMAL;
	s->enabled = sqlite3_column_int(q, 7);
	s->source = strdup(store_col_text(q, 8));
	s->created_ms = sqlite3_column_int64(q, 9);
	s->updated_ms = sqlite3_column_int64(q, 10);
	s->version = sqlite3_column_int64(q, 11);
	enum approval ap;
	/* Another word is only a tamperer's: it does not air. */
	s->approval = approval_parse(store_col_text(q, 12), &ap) == 0 ? (int)ap : APPROVAL_PENDING;
	if (!s->uid || !s->title || !s->vevent || !s->source) {
		slot_clear(s);
		return error(_("out of memory"));
	}
	return 0;
}

/* Binds the fields from uid on, in SLOT_COLS order, from index 1. */
static void
bind_fields(sqlite3_stmt *q, const struct slot *s, int64_t now)
{
	store_bind_text(q, 1, s->uid);
	store_bind_text(q, 2, s->title ? s->title : "");
	store_bind_text(q, 3, s->vevent);
	if (s->clip_id > 0)
		sqlite3_bind_int64(q, 4, s->clip_id);
	else
		sqlite3_bind_null(q, 4);
	store_bind_text(q, 5, s->playlist);
	store_bind_text(q, 6, tier_name(s->tier));
	sqlite3_bind_int(q, 7, s->enabled ? 1 : 0);
	store_bind_text(q, 8, s->source ? s->source : "add");
	sqlite3_bind_int64(q, 9, now);
}

int
store_slot_add(struct store *st, struct slot *s)
{
	sqlite3_stmt *q;
	int64_t now = clock_wall_ms();
	int rc;

	/* Its title goes into every airing row and journal line: one line,
	 * bounded (the front ends check first, naming their option or line). */
	if (utf8_line_refuse(s->title ? s->title : "", UTF8_TITLE_MAX, _("the slot's title")) != 0)
		return -1;
	q = store_prepare(st,
	                  "INSERT INTO slot (uid, title, vevent, clip_id, playlist, tier, enabled, source,"
	                  " created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?9)");
	if (!q)
		return -1;
	bind_fields(q, s, now);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return error(_("a slot with this UID already exists: '%s'"), s->uid);
	if (rc != SQLITE_DONE)
		return store_error(st, _("cannot add the slot"));
	s->id = sqlite3_last_insert_rowid(st->db);
	s->created_ms = s->updated_ms = now;
	s->version = 1;
	generation++;
	if ((rc = store_approval_after_write(st, APPROVAL_SLOT, s->id)) < 0)
		return -1;
	s->approval = rc;
	return 0;
}

int
store_slot_update(struct store *st, const struct slot *s)
{
	sqlite3_stmt *q;
	int rc;

	q = store_prepare(st, "UPDATE slot SET uid = ?, title = ?, vevent = ?, clip_id = ?, playlist = ?,"
	                      " tier = ?, enabled = ?, source = ?, updated_ms = ?, version = version + 1"
	                      " WHERE id = ? AND version = ?");
	if (!q)
		return -1;
	bind_fields(q, s, clock_wall_ms());
	sqlite3_bind_int64(q, 10, s->id);
	sqlite3_bind_int64(q, 11, s->version);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return error(_("a slot with this UID already exists: '%s'"), s->uid);
	if (rc != SQLITE_DONE)
		return store_error(st, _("cannot change the slot"));
	/* Read and written in one transaction, a slot cannot have moved on;
	 * this is the rule's last guard. */
	if (sqlite3_changes(st->db) == 0)
		return error_at(ERR_IN_USE, "version",
		                _("slot %lld was changed or removed by someone else since it was read"),
		                (long long)s->id);
	generation++;
	return store_approval_after_write(st, APPROVAL_SLOT, s->id) < 0 ? -1 : 0;
}

static int
get_where(struct store *st, const char *where, int64_t id, const char *uid, struct slot *out)
{
	char sql[256];
	sqlite3_stmt *q;
	int rc;

	snprintf(sql, sizeof sql, "SELECT " SLOT_COLS " FROM slot WHERE %s", where);
	if (!(q = store_prepare(st, sql)))
		return -1;
	if (uid)
		store_bind_text(q, 1, uid);
	else
		sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		rc = read_row(q, out);
	else if (rc == SQLITE_DONE)
		rc = 1;
	else
		rc = store_error(st, _("cannot read the slot"));
	sqlite3_finalize(q);
	return rc;
}

int
store_slot_get(struct store *st, int64_t id, struct slot *out)
{
	return get_where(st, "id = ?", id, NULL, out);
}

int
store_slot_get_uid(struct store *st, const char *uid, struct slot *out)
{
	return get_where(st, "uid = ?", 0, uid, out);
}

void
store_slot_list_free(struct slot *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		slot_clear(&v[i]);
	free(v);
}

int
store_slot_list(struct store *st, struct slot **v, size_t *n)
{
	sqlite3_stmt *q;
	size_t cap = 0;
	int rc;

	*v = NULL, *n = 0;
	if (!(q = store_prepare(st, "SELECT " SLOT_COLS " FROM slot ORDER BY id")))
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			struct slot *nv = realloc(*v, cap * sizeof *nv);
			if (!nv)
				break;
			*v = nv;
		}
		if (read_row(q, &(*v)[*n]) != 0)
			break;
		(*n)++;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		store_slot_list_free(*v, *n);
		*v = NULL, *n = 0;
		return rc == SQLITE_ROW ? error(_("out of memory"))
		                        : store_error(st, _("cannot list the slots"));
	}
	return 0;
}

int
store_slot_rm(struct store *st, int64_t id)
{
	sqlite3_stmt *q = store_prepare(st, "DELETE FROM slot WHERE id = ?");
	int rc;

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_error(st, _("cannot remove the slot"));
	generation++;
	return sqlite3_changes(st->db) ? 0 : 1;
}

int
store_slot_count_clip(struct store *st, int64_t clip_id)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT count(*) FROM slot WHERE clip_id = ?");
	int n = -1;

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, clip_id);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return n;
}

int
store_blackout_set(struct store *st, const char *uid, const char *title, const char (*days)[11], int n)
{
	sqlite3_stmt *q = store_prepare(st, "DELETE FROM blackout WHERE uid = ?");
	int rc;

	if (!q)
		return -1;
	store_bind_text(q, 1, uid);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_error(st, _("cannot change blackout days"));
	if (!(q = store_prepare(st, "INSERT OR IGNORE INTO blackout (day, uid, title) VALUES (?, ?, ?)")))
		return -1;
	for (int i = 0; i < n; i++) {
		sqlite3_reset(q);
		store_bind_text(q, 1, days[i]);
		store_bind_text(q, 2, uid);
		store_bind_text(q, 3, title ? title : "");
		if (sqlite3_step(q) != SQLITE_DONE) {
			sqlite3_finalize(q);
			return store_error(st, _("cannot add a blackout day"));
		}
	}
	sqlite3_finalize(q);
	generation++;
	return 0;
}

void
store_blackout_list_free(struct blackout *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].uid);
		free(v[i].title);
	}
	free(v);
}

int
store_blackout_list(struct store *st, struct blackout **v, size_t *n)
{
	sqlite3_stmt *q;
	size_t cap = 0;
	int rc;

	*v = NULL, *n = 0;
	if (!(q = store_prepare(st, "SELECT day, uid, title FROM blackout ORDER BY day, uid")))
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			struct blackout *nv = realloc(*v, cap * sizeof *nv);
			if (!nv)
				break;
			*v = nv;
		}
		struct blackout *b = &(*v)[(*n)++];
		snprintf(b->day, sizeof b->day, "%s", store_col_text(q, 0));
		b->uid = strdup(store_col_text(q, 1));
		b->title = strdup(store_col_text(q, 2));
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		store_blackout_list_free(*v, *n);
		*v = NULL, *n = 0;
		return store_error(st, _("cannot list blackout days"));
	}
	return 0;
}

/* "17/02/2027" for "2027-02-17": how the officer reads a day. */
static const char *
day_vn(const char *iso, char out[16])
{
	snprintf(out, 16, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
	return out;
}

/*
 * A day (or a run of days) added by hand, from a form or the command line,
 * is one event of its own, as a calendar's holiday is: its UID names the
 * days ("loa-blackout-20270217-20270219"), so an export writes it as one
 * all-day event and removing one of its days leaves the others. A day
 * that is already a holiday is refused rather than given a second title.
 */
int
store_blackout_add(struct store *st, const char *from, const char *to, const char *title, char *uid,
                   size_t uid_n)
{
	struct civil a, b;
	sqlite3_stmt *q;
	char day[11], shown[16], shown2[16];
	int64_t first, last;
	int rc;

	if (!to || !*to)
		to = from;
	if (time_parse_date(from, &a) != 0)
		return error_at(ERR_INPUT, "date", _("'%s' is not a date (YYYY-MM-DD)"), from);
	if (time_parse_date(to, &b) != 0)
		return error_at(ERR_INPUT, "to", _("'%s' is not a date (YYYY-MM-DD)"), to);
	first = civil_secs(&a) / 86400, last = civil_secs(&b) / 86400;
	if (last < first)
		return error_at(ERR_INPUT, "to", _("the last day %s is before the first day %s"),
		                day_vn(to, shown), day_vn(from, shown2));
	if (last - first >= BLACKOUT_RUN_MAX)
		return error_at(
		    ERR_INPUT, "to", _("%s to %s is %d days: at most %d blackout days can be added at once"),
		    day_vn(from, shown), day_vn(to, shown2), (int)(last - first + 1), BLACKOUT_RUN_MAX);
	if (title && utf8_line_check(title, UTF8_TITLE_MAX, &(struct utf8_fault){0}) != 0)
		return error_at(ERR_INPUT, "title", "%s", _("the title must be one line of plain text"));
	if (!(q = store_prepare(
	          st, "SELECT day, title FROM blackout WHERE day BETWEEN ? AND ? ORDER BY day LIMIT 1")))
		return -1;
	store_bind_text(q, 1, from);
	store_bind_text(q, 2, to);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		snprintf(day, sizeof day, "%s", store_col_text(q, 0));
		char *t = strdup(store_col_text(q, 1));
		sqlite3_finalize(q);
		rc = error_at(ERR_EXISTS, "date", _("%s is already a blackout day (%s)"), day_vn(day, shown),
		              t && *t ? t : "-");
		free(t);
		return rc;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_error(st, _("cannot list blackout days"));
	if (first == last)
		snprintf(uid, uid_n, "loa-blackout-%.4s%.2s%.2s", from, from + 5, from + 8);
	else
		snprintf(uid, uid_n, "loa-blackout-%.4s%.2s%.2s-%.4s%.2s%.2s", from, from + 5, from + 8, to,
		         to + 5, to + 8);
	if (!(q = store_prepare(st, "INSERT INTO blackout (day, uid, title) VALUES (?, ?, ?)")))
		return -1;
	for (int64_t d = first; d <= last; d++) {
		struct civil c = civil_of_secs(d * 86400);
		snprintf(day, sizeof day, "%04u-%02u-%02u", (unsigned)c.year % 10000, (unsigned)c.month % 100,
		         (unsigned)c.day % 100);
		sqlite3_reset(q);
		store_bind_text(q, 1, day);
		store_bind_text(q, 2, uid);
		store_bind_text(q, 3, title ? title : "");
		if (sqlite3_step(q) != SQLITE_DONE) {
			sqlite3_finalize(q);
			return store_error(st, _("cannot add a blackout day"));
		}
	}
	sqlite3_finalize(q);
	generation++;
	return 0;
}

int
store_blackout_rm(struct store *st, const char *day)
{
	sqlite3_stmt *q = store_prepare(st, "DELETE FROM blackout WHERE day = ?");
	int rc;

	if (!q)
		return -1;
	store_bind_text(q, 1, day);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_error(st, _("cannot remove the blackout day"));
	generation++;
	return sqlite3_changes(st->db) ? 0 : 1;
}
