/*
 * store_bulletin.c — station schema step 15, the hub's bulletins as the
 * station keeps them (bulletin.h), and the airing log's column naming
 * the bulletin an airing aired.
 *
 * Key decisions. The hub's id is the key, so a retained message delivered
 * again finds its row and changes nothing. A change of state clears
 * told; the link sets it once the broker confirmed the state it
 * published, naming the state's instant, so a change made meanwhile is
 * still told. The airing log's bulletin column is filled when the row is
 * written (store_airlog_write.c) and is part of an airing's identity
 * while it plays, as its clip is.
 */
#include <stdio.h>
#include <string.h>

#include "loa/bulletin.h"
#include "loa/i18n.h"
#include "store/store_internal.h"

const char store_schema_v15[] =
    "CREATE TABLE bulletin (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  title TEXT NOT NULL,\n"
    "  topic TEXT,\n"
    "  tier TEXT NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  sha256 TEXT NOT NULL,\n"
    "  bytes INTEGER NOT NULL,\n"
    "  from_ms INTEGER NOT NULL,\n"
    "  until_ms INTEGER,\n"
    "  at TEXT NOT NULL DEFAULT '',\n"
    "  sent_ms INTEGER NOT NULL,\n"
    "  received_ms INTEGER NOT NULL,\n"
    "  state TEXT NOT NULL CHECK (state IN ('received', 'scheduled', 'refused')),\n"
    "  code TEXT,\n"
    "  reason TEXT,\n"
    "  clip_id INTEGER,\n"
    "  state_ms INTEGER NOT NULL,\n"
    "  told INTEGER NOT NULL DEFAULT 0\n"
    ");\n"
    "CREATE INDEX bulletin_by_clip ON bulletin (clip_id) WHERE clip_id IS NOT NULL;\n"
    "CREATE INDEX bulletin_untold ON bulletin (id) WHERE told = 0;\n"
    "ALTER TABLE airing ADD COLUMN bulletin INTEGER;\n"
    "DROP TRIGGER airing_fixed_identity;\n"
    "CREATE TRIGGER airing_fixed_identity BEFORE UPDATE ON airing WHEN OLD.status = 'playing' AND (\n"
    "  NEW.id IS NOT OLD.id OR NEW.v IS NOT OLD.v OR NEW.scheduled_ms IS NOT OLD.scheduled_ms\n"
    "  OR NEW.started_ms IS NOT OLD.started_ms OR NEW.slot_id IS NOT OLD.slot_id\n"
    "  OR NEW.clip_id IS NOT OLD.clip_id OR NEW.title IS NOT OLD.title\n"
    "  OR NEW.sha256 IS NOT OLD.sha256 OR NEW.requested_by IS NOT OLD.requested_by\n"
    "  OR NEW.bulletin IS NOT OLD.bulletin OR NEW.played_ms < OLD.played_ms)\n"
    "BEGIN SELECT RAISE(ABORT, 'the airing log: what is airing cannot change while it plays'); END;\n";

static const char *const state_names[] = {
    [BULLETIN_RECEIVED] = "received",
    [BULLETIN_SCHEDULED] = "scheduled",
    [BULLETIN_REFUSED] = "refused",
};

const char *
bulletin_state_name(enum bulletin_state st)
{
	return (int)st >= 0 && (int)st < 3 ? state_names[st] : "?";
}

static void
bind_opt_text(sqlite3_stmt *q, int i, const char *t)
{
	if (t && *t)
		sqlite3_bind_text(q, i, t, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, i);
}

static void
bind_opt_int(sqlite3_stmt *q, int i, int64_t v)
{
	if (v > 0)
		sqlite3_bind_int64(q, i, v);
	else
		sqlite3_bind_null(q, i);
}

int
bulletin_add(struct store *s, const struct bulletin *b)
{
	sqlite3_stmt *q = store_cached(
	    s, "INSERT INTO bulletin (id, title, topic, tier, name, sha256, bytes, from_ms, until_ms, at,"
	       " sent_ms, received_ms, state, code, reason, clip_id, state_ms, told)"
	       " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0) ON CONFLICT (id) DO NOTHING");
	int rc;

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, b->id);
	sqlite3_bind_text(q, 2, b->title, -1, SQLITE_STATIC);
	bind_opt_text(q, 3, b->topic);
	sqlite3_bind_text(q, 4, b->tier, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, b->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, b->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 7, b->bytes);
	sqlite3_bind_int64(q, 8, b->from_ms);
	bind_opt_int(q, 9, b->until_ms);
	sqlite3_bind_text(q, 10, b->at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 11, b->sent_ms);
	sqlite3_bind_int64(q, 12, b->received_ms);
	sqlite3_bind_text(q, 13, bulletin_state_name(b->state), -1, SQLITE_STATIC);
	bind_opt_text(q, 14, b->code);
	bind_opt_text(q, 15, b->reason);
	bind_opt_int(q, 16, b->clip_id);
	sqlite3_bind_int64(q, 17, b->state_ms);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_error(s, _("cannot record the hub's bulletin"));
	return sqlite3_changes(s->db) == 1 ? 0 : 1;
}

#define COLUMNS                                                                                              \
	"id, title, topic, tier, name, sha256, bytes, from_ms, until_ms, at, sent_ms, received_ms, state,"   \
	" code, reason, clip_id, state_ms, told"

static void
copy_text(char *dst, size_t n, sqlite3_stmt *q, int i)
{
	snprintf(dst, n, "%s", store_col_text(q, i));
}

static void
read_row(sqlite3_stmt *q, struct bulletin *b)
{
	const char *st;

	memset(b, 0, sizeof *b);
	b->id = sqlite3_column_int64(q, 0);
	copy_text(b->title, sizeof b->title, q, 1);
	copy_text(b->topic, sizeof b->topic, q, 2);
	copy_text(b->tier, sizeof b->tier, q, 3);
	copy_text(b->name, sizeof b->name, q, 4);
	copy_text(b->sha256, sizeof b->sha256, q, 5);
	b->bytes = sqlite3_column_int64(q, 6);
	b->from_ms = sqlite3_column_int64(q, 7);
	b->until_ms = sqlite3_column_int64(q, 8);
	copy_text(b->at, sizeof b->at, q, 9);
	b->sent_ms = sqlite3_column_int64(q, 10);
	b->received_ms = sqlite3_column_int64(q, 11);
	st = store_col_text(q, 12);
	b->state = strcmp(st, "scheduled") == 0 ? BULLETIN_SCHEDULED
	           : strcmp(st, "refused") == 0 ? BULLETIN_REFUSED
	                                        : BULLETIN_RECEIVED;
	copy_text(b->code, sizeof b->code, q, 13);
	copy_text(b->reason, sizeof b->reason, q, 14);
	b->clip_id = sqlite3_column_int64(q, 15);
	b->state_ms = sqlite3_column_int64(q, 16);
	b->told = sqlite3_column_int(q, 17);
}

int
bulletin_get(struct store *s, int64_t id, struct bulletin *out)
{
	sqlite3_stmt *q = store_cached(s, "SELECT " COLUMNS " FROM bulletin WHERE id = ?");
	int rc;

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		read_row(q, out);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_error(s, _("cannot read the hub's bulletins"));
}

int
bulletin_set_state(struct store *s, int64_t id, enum bulletin_state st, const char *code, const char *reason,
                   int64_t clip_id, int64_t now_ms)
{
	sqlite3_stmt *q = store_cached(s, "UPDATE bulletin SET state = ?2, code = ?3, reason = ?4,"
	                                  " clip_id = coalesce(?5, clip_id), state_ms = ?6, told = 0"
	                                  " WHERE id = ?1");
	int rc;

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, bulletin_state_name(st), -1, SQLITE_STATIC);
	bind_opt_text(q, 3, code);
	bind_opt_text(q, 4, reason);
	bind_opt_int(q, 5, clip_id);
	sqlite3_bind_int64(q, 6, now_ms);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : store_error(s, _("cannot record the hub's bulletin"));
}

int
bulletin_told(struct store *s, int64_t id, int64_t state_ms)
{
	sqlite3_stmt *q = store_cached(s, "UPDATE bulletin SET told = 1 WHERE id = ? AND state_ms = ?");
	int rc;

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_int64(q, 2, state_ms);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : store_error(s, _("cannot record the hub's bulletin"));
}

int
bulletin_each(struct store *s, int untold, int (*fn)(void *ctx, const struct bulletin *b), void *ctx)
{
	sqlite3_stmt *q =
	    store_cached(s, untold ? "SELECT " COLUMNS " FROM bulletin WHERE told = 0 ORDER BY id"
	                           : "SELECT " COLUMNS " FROM bulletin ORDER BY id DESC");
	struct bulletin b;
	int rc, r = 0;

	if (!q)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		read_row(q, &b);
		if ((r = fn(ctx, &b)) != 0)
			break;
	}
	sqlite3_reset(q);
	if (r)
		return r;
	return rc == SQLITE_DONE ? 0 : store_error(s, _("cannot read the hub's bulletins"));
}
