/*
 * store_airlog.c — the airing log's tables, their guards, and every query
 * on them (schema steps 4 and 7).
 *
 * Key decisions. Durability first: a row is committed when the airing
 * starts and again at each progress update, so a power cut loses at most
 * the last two seconds of one airing (the store runs WAL with
 * synchronous=FULL). Honesty next: triggers refuse any change to a closed
 * row and any deletion, keep a row's identity fixed while it plays, and
 * refuse a close that does not extend the chain from airing_head by exactly
 * one — so even a buggy writer cannot fork the chain. A tamperer can drop
 * the triggers; the hash chain (airlog.c) is what then tells.
 *
 * Items (step 7): airing_item holds one row per item an airing played or
 * skipped, keyed (airing_id, position) WITHOUT ROWID, so an airing's items
 * sit together in the file and a walk of the log in id order reads them
 * in the same order as their airings. Item rows change only while their
 * airing plays and are hashed into the airing's row when it closes.
 * Step 7 rebuilt the airing table (its CHECK of statuses gains 'partial',
 * and it gains a chain version and a reason code); the rows before it are
 * copied as they were, as version 1.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/airlog.h"
#include "loa/clock.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "store/store_internal.h"

const char store_schema_v4[] =
    "CREATE TABLE airing (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  seq INTEGER UNIQUE,\n" /* chain position, set at close */
    "  scheduled_ms INTEGER NOT NULL,\n"
    "  started_ms INTEGER,\n"
    "  ended_ms INTEGER,\n"
    "  closed_ms INTEGER,\n"
    "  played_ms INTEGER NOT NULL DEFAULT 0 CHECK (played_ms >= 0),\n"
    "  status TEXT NOT NULL CHECK (status IN ('playing', 'completed', 'interrupted',"
    " 'failed', 'missed', 'skipped')),\n"
    "  late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),\n"
    "  delay_ms INTEGER NOT NULL DEFAULT 0,\n"
    "  reason TEXT,\n"
    "  slot_id INTEGER NOT NULL,\n"
    "  tier TEXT NOT NULL,\n"
    "  clip_id INTEGER NOT NULL DEFAULT 0,\n" /* no foreign key: history outlives clips */
    "  playlist TEXT,\n"
    "  title TEXT NOT NULL,\n"
    "  topic TEXT,\n"
    "  sha256 TEXT,\n"
    "  device TEXT,\n"
    "  prev_hash TEXT,\n"
    "  hash TEXT,\n"
    "  CHECK ((status = 'playing') = (seq IS NULL)),\n"
    "  CHECK (status = 'playing' OR (hash IS NOT NULL AND prev_hash IS NOT NULL"
    " AND closed_ms IS NOT NULL))\n"
    ");\n"
    "CREATE INDEX airing_by_time ON airing (scheduled_ms);\n"
    "CREATE INDEX airing_playing ON airing (status) WHERE status = 'playing';\n"
    "CREATE TABLE airing_head (\n"
    "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "  seq INTEGER NOT NULL,\n"
    "  hash TEXT NOT NULL\n"
    ");\n"
    "INSERT INTO airing_head VALUES (1, 0, '" AIRLOG_GENESIS "');\n"
    "CREATE TRIGGER airing_no_update BEFORE UPDATE ON airing WHEN OLD.status <> 'playing'\n"
    "BEGIN SELECT RAISE(ABORT, 'the airing log is append-only: a closed row cannot change'); END;\n"
    "CREATE TRIGGER airing_no_delete BEFORE DELETE ON airing\n"
    "BEGIN SELECT RAISE(ABORT, 'the airing log is append-only: rows cannot be deleted'); END;\n"
    "CREATE TRIGGER airing_fixed_identity BEFORE UPDATE ON airing WHEN OLD.status = 'playing' AND (\n"
    "  NEW.id IS NOT OLD.id OR NEW.scheduled_ms IS NOT OLD.scheduled_ms\n"
    "  OR NEW.started_ms IS NOT OLD.started_ms OR NEW.slot_id IS NOT OLD.slot_id\n"
    "  OR NEW.clip_id IS NOT OLD.clip_id OR NEW.title IS NOT OLD.title\n"
    "  OR NEW.sha256 IS NOT OLD.sha256 OR NEW.played_ms < OLD.played_ms)\n"
    "BEGIN SELECT RAISE(ABORT, 'the airing log: what is airing cannot change while it plays'); END;\n"
    "CREATE TRIGGER airing_chain_insert BEFORE INSERT ON airing WHEN NEW.seq IS NOT NULL AND (\n"
    "  NEW.seq IS NOT (SELECT seq + 1 FROM airing_head)"
    " OR NEW.prev_hash IS NOT (SELECT hash FROM airing_head))\n"
    "BEGIN SELECT RAISE(ABORT, 'the airing log: a closed row must extend the chain'); END;\n"
    "CREATE TRIGGER airing_chain_close BEFORE UPDATE ON airing WHEN OLD.seq IS NULL AND NEW.seq IS NOT NULL "
    "AND (\n"
    "  NEW.seq IS NOT (SELECT seq + 1 FROM airing_head)"
    " OR NEW.prev_hash IS NOT (SELECT hash FROM airing_head))\n"
    "BEGIN SELECT RAISE(ABORT, 'the airing log: a closed row must extend the chain'); END;\n"
    "CREATE TRIGGER airing_head_insert AFTER INSERT ON airing WHEN NEW.seq IS NOT NULL\n"
    "BEGIN UPDATE airing_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1; END;\n"
    "CREATE TRIGGER airing_head_close AFTER UPDATE OF seq ON airing WHEN OLD.seq IS NULL AND NEW.seq IS NOT "
    "NULL\n"
    "BEGIN UPDATE airing_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1; END;\n"
    "CREATE TRIGGER airing_head_forward BEFORE UPDATE ON airing_head WHEN NEW.seq <> OLD.seq + 1\n"
    "BEGIN SELECT RAISE(ABORT, 'the airing log: the chain head only moves forward'); END;\n"
    "CREATE TRIGGER airing_head_no_delete BEFORE DELETE ON airing_head\n"
    "BEGIN SELECT RAISE(ABORT, 'the airing log: the chain head cannot be deleted'); END;\n";

/* The guards of the airing table, as step 7 remade them. */
#define AIRING_TRIGGERS                                                                                      \
	"CREATE TRIGGER airing_no_update BEFORE UPDATE ON airing WHEN OLD.status <> 'playing'\n"              \
	"BEGIN SELECT RAISE(ABORT, 'the airing log is append-only: a closed row cannot change'); END;\n"      \
	"CREATE TRIGGER airing_no_delete BEFORE DELETE ON airing\n"                                           \
	"BEGIN SELECT RAISE(ABORT, 'the airing log is append-only: rows cannot be deleted'); END;\n"          \
	"CREATE TRIGGER airing_fixed_identity BEFORE UPDATE ON airing WHEN OLD.status = 'playing' AND (\n"     \
	"  NEW.id IS NOT OLD.id OR NEW.v IS NOT OLD.v OR NEW.scheduled_ms IS NOT OLD.scheduled_ms\n"          \
	"  OR NEW.started_ms IS NOT OLD.started_ms OR NEW.slot_id IS NOT OLD.slot_id\n"                       \
	"  OR NEW.clip_id IS NOT OLD.clip_id OR NEW.title IS NOT OLD.title\n"                                 \
	"  OR NEW.sha256 IS NOT OLD.sha256 OR NEW.played_ms < OLD.played_ms)\n"                               \
	"BEGIN SELECT RAISE(ABORT, 'the airing log: what is airing cannot change while it plays'); END;\n"    \
	"CREATE TRIGGER airing_chain_insert BEFORE INSERT ON airing WHEN NEW.seq IS NOT NULL AND (\n"          \
	"  NEW.seq IS NOT (SELECT seq + 1 FROM airing_head)"                                                  \
	" OR NEW.prev_hash IS NOT (SELECT hash FROM airing_head))\n"                                          \
	"BEGIN SELECT RAISE(ABORT, 'the airing log: a closed row must extend the chain'); END;\n"              \
	"CREATE TRIGGER airing_chain_close BEFORE UPDATE ON airing WHEN OLD.seq IS NULL AND NEW.seq IS NOT NULL " \
	"AND (\n"                                                                                              \
	"  NEW.seq IS NOT (SELECT seq + 1 FROM airing_head)"                                                  \
	" OR NEW.prev_hash IS NOT (SELECT hash FROM airing_head))\n"                                          \
	"BEGIN SELECT RAISE(ABORT, 'the airing log: a closed row must extend the chain'); END;\n"              \
	"CREATE TRIGGER airing_head_insert AFTER INSERT ON airing WHEN NEW.seq IS NOT NULL\n"                  \
	"BEGIN UPDATE airing_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1; END;\n"                    \
	"CREATE TRIGGER airing_head_close AFTER UPDATE OF seq ON airing WHEN OLD.seq IS NULL AND NEW.seq IS "  \
	"NOT NULL\n"                                                                                           \
	"BEGIN UPDATE airing_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1; END;\n"

const char store_schema_v7[] =
    "CREATE TABLE airing_v7 (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  seq INTEGER UNIQUE,\n"
    "  v INTEGER NOT NULL DEFAULT 2 CHECK (v IN (1, 2)),\n" /* chain version of the row's encoding */
    "  scheduled_ms INTEGER NOT NULL,\n"
    "  started_ms INTEGER,\n"
    "  ended_ms INTEGER,\n"
    "  closed_ms INTEGER,\n"
    "  played_ms INTEGER NOT NULL DEFAULT 0 CHECK (played_ms >= 0),\n"
    "  status TEXT NOT NULL CHECK (status IN ('playing', 'completed', 'partial', 'interrupted',"
    " 'failed', 'missed', 'skipped')),\n"
    "  late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),\n"
    "  delay_ms INTEGER NOT NULL DEFAULT 0,\n"
    "  reason TEXT,\n"
    "  reason_code TEXT,\n"
    "  slot_id INTEGER NOT NULL,\n"
    "  tier TEXT NOT NULL,\n"
    "  clip_id INTEGER NOT NULL DEFAULT 0,\n"
    "  playlist TEXT,\n"
    "  title TEXT NOT NULL,\n"
    "  topic TEXT,\n"
    "  sha256 TEXT,\n"
    "  device TEXT,\n"
    "  prev_hash TEXT,\n"
    "  hash TEXT,\n"
    "  CHECK ((status = 'playing') = (seq IS NULL)),\n"
    "  CHECK (status = 'playing' OR (hash IS NOT NULL AND prev_hash IS NOT NULL"
    " AND closed_ms IS NOT NULL))\n"
    ");\n"
    "INSERT INTO airing_v7 (id, seq, v, scheduled_ms, started_ms, ended_ms, closed_ms, played_ms, status,"
    " late, delay_ms, reason, reason_code, slot_id, tier, clip_id, playlist, title, topic, sha256, device,"
    " prev_hash, hash)"
    " SELECT id, seq, 1, scheduled_ms, started_ms, ended_ms, closed_ms, played_ms, status, late, delay_ms,"
    " reason, NULL, slot_id, tier, clip_id, playlist, title, topic, sha256, device, prev_hash, hash"
    " FROM airing ORDER BY id;\n"
    "DROP TABLE airing;\n"
    "ALTER TABLE airing_v7 RENAME TO airing;\n"
    "CREATE INDEX airing_by_time ON airing (scheduled_ms);\n"
    "CREATE INDEX airing_playing ON airing (status) WHERE status = 'playing';\n"
    AIRING_TRIGGERS
    "CREATE TABLE airing_item (\n"
    "  airing_id INTEGER NOT NULL,\n"
    "  position INTEGER NOT NULL CHECK (position > 0),\n"
    "  clip_id INTEGER NOT NULL,\n" /* no foreign key: history outlives clips */
    "  title TEXT NOT NULL,\n"
    "  topic TEXT,\n"
    "  sha256 TEXT,\n"
    "  started_ms INTEGER,\n"
    "  played_ms INTEGER NOT NULL DEFAULT 0 CHECK (played_ms >= 0),\n"
    "  status TEXT NOT NULL CHECK (status IN ('playing', 'completed', 'interrupted', 'failed', 'skipped')),\n"
    "  reason_code TEXT,\n"
    "  reason TEXT,\n"
    "  PRIMARY KEY (airing_id, position)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TRIGGER airing_item_open BEFORE INSERT ON airing_item\n"
    "WHEN (SELECT status FROM airing WHERE id = NEW.airing_id) IS NOT 'playing'\n"
    "BEGIN SELECT RAISE(ABORT, 'the airing log: items are written only while their airing plays'); END;\n"
    "CREATE TRIGGER airing_item_no_update BEFORE UPDATE ON airing_item\n"
    "WHEN (SELECT status FROM airing WHERE id = OLD.airing_id) IS NOT 'playing'\n"
    "  OR NEW.airing_id IS NOT OLD.airing_id OR NEW.position IS NOT OLD.position\n"
    "  OR NEW.clip_id IS NOT OLD.clip_id OR NEW.title IS NOT OLD.title OR NEW.sha256 IS NOT OLD.sha256\n"
    "  OR NEW.played_ms < OLD.played_ms OR OLD.status <> 'playing'\n"
    "BEGIN SELECT RAISE(ABORT, 'the airing log is append-only: a closed item cannot change'); END;\n"
    "CREATE TRIGGER airing_item_no_delete BEFORE DELETE ON airing_item\n"
    "BEGIN SELECT RAISE(ABORT, 'the airing log is append-only: items cannot be deleted'); END;\n";

/* An airing is one (slot, nominal start): a second row for it, whoever
 * writes it, is refused (step 8). A trigger, not a UNIQUE index: logs
 * written before may already hold such doubles (two daemons on one
 * station), and an index could not be made over them. */
const char store_schema_v8[] =
    "CREATE TRIGGER airing_once BEFORE INSERT ON airing\n"
    "WHEN EXISTS (SELECT 1 FROM airing WHERE scheduled_ms = NEW.scheduled_ms AND slot_id = NEW.slot_id)\n"
    "BEGIN SELECT RAISE(ABORT, 'the airing log already has this airing (same slot and time)'); END;\n";

/* The columns every row reader selects, in airlog_row order. */
#define ROW_COLUMNS                                                                                          \
	"id, seq, v, scheduled_ms, started_ms, ended_ms, closed_ms, played_ms, status, late,"                \
	" delay_ms, reason, reason_code, slot_id, tier, clip_id, playlist, title, topic, sha256, device,"    \
	" prev_hash, hash"
/* And every item reader. */
#define ITEM_COLUMNS                                                                                         \
	"airing_id, position, clip_id, title, topic, sha256, started_ms, played_ms, status, reason_code, reason"

static int64_t
col_ms(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? AIRLOG_NONE : sqlite3_column_int64(st, i);
}

static enum airlog_status
col_status(sqlite3_stmt *st, int i)
{
	enum airlog_status s;

	if (airlog_status_parse(store_col_text(st, i), &s) != 0)
		s = (enum airlog_status)-1; /* only a tamperer writes this; the hash tells */
	return s;
}

/* Column i as text, "" for NULL (setting bit of *mask): one call into
 * SQLite, which answers NULL for NULL (a walk of the log reads millions). */
static const char *
col_text(sqlite3_stmt *st, int i, int *mask, int bit)
{
	const char *t = (const char *)sqlite3_column_text(st, i);

	if (t)
		return t;
	*mask |= bit;
	return "";
}

/* Fills r from the current result row of a ROW_COLUMNS query. */
static void
row_read(sqlite3_stmt *st, struct airlog_row *r)
{
	r->null_mask = 0;
	r->id = sqlite3_column_int64(st, 0);
	r->seq = sqlite3_column_int64(st, 1);
	r->v = sqlite3_column_int(st, 2);
	r->scheduled_ms = sqlite3_column_int64(st, 3);
	r->started_ms = col_ms(st, 4);
	r->ended_ms = col_ms(st, 5);
	r->closed_ms = col_ms(st, 6);
	r->played_ms = sqlite3_column_int64(st, 7);
	r->status = col_status(st, 8);
	r->late = sqlite3_column_int(st, 9);
	r->delay_ms = sqlite3_column_int64(st, 10);
	r->reason = col_text(st, 11, &r->null_mask, 1);
	r->reason_code = col_text(st, 12, &r->null_mask, 128);
	r->slot_id = sqlite3_column_int64(st, 13);
	r->tier = col_text(st, 14, &r->null_mask, 2);
	r->clip_id = sqlite3_column_int64(st, 15);
	r->playlist = col_text(st, 16, &r->null_mask, 4);
	r->title = col_text(st, 17, &r->null_mask, 8);
	r->topic = col_text(st, 18, &r->null_mask, 16);
	r->sha256 = col_text(st, 19, &r->null_mask, 32);
	r->device = col_text(st, 20, &r->null_mask, 64);
	r->prev_hash = store_col_text(st, 21);
	r->hash = store_col_text(st, 22);
	r->items = NULL;
	r->nitems = 0;
}

/*
 * A row's items, copied out of SQLite's buffers (which the next step of
 * the item query reuses). The strings go into one block; the items point
 * into it once all are read, since the block may move while it grows.
 */
struct items {
	struct airlog_item *v; /* the items */
	int n, cap;            /* used, allocated */
	char *text;            /* their strings, NUL-separated */
	size_t tlen, tcap;     /* used, allocated */
	size_t (*off)[5];      /* per item: title, topic, sha256, reason_code, reason offsets */
};

static void
items_free(struct items *b)
{
	free(b->v);
	free(b->text);
	free(b->off);
	memset(b, 0, sizeof *b);
}

/* Copies s (with its NUL) into the block; its offset, or (size_t)-1. */
static size_t
items_text(struct items *b, const char *s, size_t len)
{
	size_t at = b->tlen;

	len++; /* the NUL */
	if (b->tlen + len > b->tcap) {
		size_t cap = b->tcap ? b->tcap : 1024;
		while (cap < b->tlen + len)
			cap *= 2;
		char *t = realloc(b->text, cap);
		if (!t)
			return (size_t)-1;
		b->text = t, b->tcap = cap;
	}
	memcpy(b->text + at, s, len);
	b->tlen += len;
	return at;
}

/* Adds the current row of an ITEM_COLUMNS query. 0 or -1 (out of memory). */
static int
items_add(struct items *b, sqlite3_stmt *st)
{
	static const int text_cols[] = {3, 4, 5, 9, 10};
	struct airlog_item *it;

	if (b->n == b->cap) {
		int cap = b->cap ? b->cap * 2 : 8;
		struct airlog_item *v = realloc(b->v, (size_t)cap * sizeof *v);
		size_t(*off)[5] = v ? realloc(b->off, (size_t)cap * sizeof *off) : NULL;
		if (!v || !off) {
			if (v)
				b->v = v;
			return -1;
		}
		b->v = v, b->off = off, b->cap = cap;
	}
	it = &b->v[b->n];
	it->position = sqlite3_column_int(st, 1);
	it->clip_id = sqlite3_column_int64(st, 2);
	it->started_ms = col_ms(st, 6);
	it->played_ms = sqlite3_column_int64(st, 7);
	it->status = col_status(st, 8);
	it->null_mask = 0;
	for (int i = 0; i < 5; i++) {
		/* title never NULL; then topic, sha256, reason_code, reason: bits 1, 2, 4, 8 */
		const char *t = col_text(st, text_cols[i], &it->null_mask, i ? 1 << (i - 1) : 0);
		if ((b->off[b->n][i] = items_text(b, t, (size_t)sqlite3_column_bytes(st, text_cols[i]))) == (size_t)-1)
			return -1;
	}
	b->n++;
	return 0;
}

/* Points the items' strings into the block, and r at the items. */
static void
items_attach(struct items *b, struct airlog_row *r)
{
	for (int i = 0; i < b->n; i++) {
		b->v[i].title = b->text + b->off[i][0];
		b->v[i].topic = b->text + b->off[i][1];
		b->v[i].sha256 = b->text + b->off[i][2];
		b->v[i].reason_code = b->text + b->off[i][3];
		b->v[i].reason = b->text + b->off[i][4];
	}
	r->items = b->n ? b->v : NULL;
	r->nitems = b->n;
}

/* Reads row id's items into b (emptied first). 0 or -1 (printed). */
static int
items_load(struct store *s, int64_t id, struct items *b)
{
	static const char sql[] = "SELECT " ITEM_COLUMNS " FROM airing_item WHERE airing_id = ? ORDER BY position";
	sqlite3_stmt *st = store_cached(s, sql);
	int step;

	b->n = 0, b->tlen = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if (items_add(b, st) != 0) {
			sqlite3_reset(st);
			return error(_("out of memory"));
		}
	sqlite3_reset(st);
	return step == SQLITE_DONE ? 0 : store_error(s, _("cannot read the airing log"));
}

/* Starts a transaction, or a savepoint inside the caller's. */
static int
txn_begin(struct store *s, int *nested)
{
	*nested = !sqlite3_get_autocommit(s->db);
	return *nested ? store_exec(s, "SAVEPOINT airlog") : store_begin(s);
}

static int
txn_end(struct store *s, int nested, int ok)
{
	if (ok)
		return nested ? store_exec(s, "RELEASE airlog") : store_commit(s);
	if (nested)
		sqlite3_exec(s->db, "ROLLBACK TO airlog; RELEASE airlog", NULL, NULL, NULL);
	else
		store_rollback(s);
	return -1;
}

int
airlog_head(struct store *s, int64_t *seq, char hash[65])
{
	static const char sql[] = "SELECT seq, hash FROM airing_head WHERE id = 1";
	sqlite3_stmt *st = store_cached(s, sql);
	int rc = -1;

	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		snprintf(hash, 65, "%s", store_col_text(st, 1));
		rc = 0;
	} else {
		error(_("the airing log has no chain head (damaged?): database '%s'"), s->path);
		advise(ADVICE_CHAIN_BROKEN, NULL);
	}
	sqlite3_reset(st);
	return rc;
}

int
airlog_chain_stats(struct store *s, int64_t seq, int64_t *closed, int64_t *id_of_seq)
{
	sqlite3_stmt *st = store_cached(s, closed ? "SELECT count(seq) FROM airing"
	                                          : "SELECT id FROM airing WHERE seq = ?1");

	if (!st)
		return -1;
	if (!closed)
		sqlite3_bind_int64(st, 1, seq);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		if (closed)
			*closed = sqlite3_column_int64(st, 0);
		else
			*id_of_seq = sqlite3_column_int64(st, 0);
		break;
	case SQLITE_DONE:
		*id_of_seq = -1;
		break;
	default:
		sqlite3_reset(st);
		return store_error(s, _("cannot read the airing log"));
	}
	sqlite3_reset(st);
	return 0;
}

int
airlog_count_open(struct store *s, int64_t *n)
{
	/* status = 'playing' as written: the partial index airing_playing
	 * answers it (a filter on airlog_each's status bits would read every
	 * row of the log). */
	sqlite3_stmt *st = store_cached(s, "SELECT count(*) FROM airing WHERE status = 'playing'");

	if (!st)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_error(s, _("cannot read the airing log"));
	}
	*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

/* Fills r's fields from what the daemon hands over. */
static void
row_from_airing(struct airlog_row *r, const struct airlog_airing *a)
{
	memset(r, 0, sizeof *r);
	r->v = 2;
	r->scheduled_ms = a->scheduled_ms;
	r->slot_id = a->slot_id;
	r->clip_id = a->clip_id;
	r->tier = a->tier ? a->tier : "";
	r->playlist = a->playlist ? a->playlist : "";
	r->title = a->title ? a->title : "";
	r->topic = a->topic ? a->topic : "";
	r->sha256 = a->sha256 ? a->sha256 : "";
	r->device = a->device ? a->device : "";
	r->reason = r->reason_code = "";
	r->null_mask = (a->tier ? 0 : 2) | (a->playlist ? 0 : 4) | (a->title ? 0 : 8) | (a->topic ? 0 : 16) |
	               (a->sha256 ? 0 : 32) | (a->device ? 0 : 64) | 1 | 128;
}

static int
check_airing(const struct airlog_airing *a)
{
	if (!a->tier || !a->title)
		return error(_("internal error: an airing needs a tier and a title (slot %" PRId64 ")"),
		             a->slot_id);
	return 0;
}

int64_t
airlog_begin(struct store *s, const struct airlog_airing *a, int64_t started_ms, int64_t late_ms)
{
	static const char sql[] =
	    "INSERT INTO airing (v, scheduled_ms, started_ms, status, late, delay_ms, slot_id, tier,"
	    " clip_id, playlist, title, topic, sha256, device)"
	    " VALUES (2, ?, ?, 'playing', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st;
	int64_t id = -1;

	if (check_airing(a) != 0 || !(st = store_cached(s, sql)))
		return -1;
	sqlite3_bind_int64(st, 1, a->scheduled_ms);
	if (started_ms != AIRLOG_NONE)
		sqlite3_bind_int64(st, 2, started_ms);
	sqlite3_bind_int(st, 3, late_ms > 0);
	sqlite3_bind_int64(st, 4, late_ms > 0 ? late_ms : 0);
	sqlite3_bind_int64(st, 5, a->slot_id);
	store_bind_text(st, 6, a->tier);
	sqlite3_bind_int64(st, 7, a->clip_id);
	store_bind_text(st, 8, a->playlist);
	store_bind_text(st, 9, a->title);
	store_bind_text(st, 10, a->topic);
	store_bind_text(st, 11, a->sha256);
	store_bind_text(st, 12, a->device);
	if (sqlite3_step(st) == SQLITE_DONE)
		id = sqlite3_last_insert_rowid(s->db);
	else
		store_error(s, _("cannot write the airing log"));
	sqlite3_reset(st);
	return id;
}

static int64_t
to_ms(double seconds)
{
	return seconds > 0 && isfinite(seconds) ? (int64_t)llround(seconds * 1000.0) : 0;
}

/* Runs a cached UPDATE that must change exactly one row (or any number,
 * with any). 0 or -1 (printed). */
static int
update_step(struct store *s, sqlite3_stmt *st, int64_t row, int any)
{
	int rc = -1;

	if (sqlite3_step(st) != SQLITE_DONE)
		store_error(s, _("cannot write the airing log"));
	else if (!any && sqlite3_changes(s->db) != 1)
		error(_("internal error: airing log row %" PRId64 " is not playing"), row);
	else
		rc = 0;
	sqlite3_reset(st);
	return rc;
}

int
airlog_progress(struct store *s, int64_t row, double played_s, int position, double item_played_s)
{
	static const char sql[] =
	    "UPDATE airing SET played_ms = max(played_ms, ?) WHERE id = ? AND status = 'playing'";
	static const char item_sql[] = "UPDATE airing_item SET played_ms = max(played_ms, ?)"
	                               " WHERE airing_id = ? AND position = ? AND status = 'playing'";
	sqlite3_stmt *st;
	int nested;

	if (txn_begin(s, &nested) != 0)
		return -1;
	if (!(st = store_cached(s, sql)))
		return txn_end(s, nested, 0);
	sqlite3_bind_int64(st, 1, to_ms(played_s));
	sqlite3_bind_int64(st, 2, row);
	if (update_step(s, st, row, 0) != 0)
		return txn_end(s, nested, 0);
	if (position > 0) {
		if (!(st = store_cached(s, item_sql)))
			return txn_end(s, nested, 0);
		sqlite3_bind_int64(st, 1, to_ms(item_played_s));
		sqlite3_bind_int64(st, 2, row);
		sqlite3_bind_int(st, 3, position);
		if (update_step(s, st, row, 1) != 0)
			return txn_end(s, nested, 0);
	}
	return txn_end(s, nested, 1);
}

/* The detail stored for a reason: the caller's, else the reason's words. */
static const char *
detail_of(enum reason why, const char *detail)
{
	if (why == REASON_NONE)
		return detail;
	return detail && *detail ? detail : reason_words(why, 0);
}

static int
item_write(struct store *s, int64_t row, int position, const struct airlog_clip *c, int64_t started_ms,
           enum airlog_status status, enum reason why, const char *detail)
{
	static const char sql[] = "INSERT INTO airing_item (airing_id, position, clip_id, title, topic, sha256,"
	                          " started_ms, played_ms, status, reason_code, reason)"
	                          " VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)";
	sqlite3_stmt *st = store_cached(s, sql);
	int rc = -1;

	if (!st)
		return -1;
	if (position < 1 || !c || !c->title) {
		sqlite3_reset(st);
		return error(_("internal error: an item needs a position and a title (airing log row %" PRId64 ")"),
		             row);
	}
	sqlite3_bind_int64(st, 1, row);
	sqlite3_bind_int(st, 2, position);
	sqlite3_bind_int64(st, 3, c->clip_id);
	store_bind_text(st, 4, c->title);
	store_bind_text(st, 5, c->topic);
	store_bind_text(st, 6, c->sha256);
	if (started_ms != AIRLOG_NONE)
		sqlite3_bind_int64(st, 7, started_ms);
	store_bind_text(st, 8, airlog_status_name(status));
	store_bind_text(st, 9, why == REASON_NONE ? NULL : reason_code(why));
	store_bind_text(st, 10, detail_of(why, detail));
	if (sqlite3_step(st) == SQLITE_DONE)
		rc = 0;
	else
		store_error(s, _("cannot write the airing log"));
	sqlite3_reset(st);
	return rc;
}

int
airlog_item_begin(struct store *s, int64_t row, int position, const struct airlog_clip *c, int64_t started_ms)
{
	return item_write(s, row, position, c, started_ms, AIRLOG_PLAYING, REASON_NONE, NULL);
}

int
airlog_item_record(struct store *s, int64_t row, int position, const struct airlog_clip *c,
                   enum airlog_status status, enum reason why, const char *detail)
{
	if ((status != AIRLOG_SKIPPED && status != AIRLOG_FAILED) || why == REASON_NONE)
		return error(_("internal error: an item that did not play is skipped or failed, with a reason"));
	return item_write(s, row, position, c, AIRLOG_NONE, status, why, detail);
}

int
airlog_item_end(struct store *s, int64_t row, int position, enum airlog_status status, double played_s,
                enum reason why, const char *detail)
{
	static const char sql[] = "UPDATE airing_item SET status = ?, played_ms = max(played_ms, ?),"
	                          " reason_code = ?, reason = ? WHERE airing_id = ? AND position = ? AND status = 'playing'";
	sqlite3_stmt *st;

	if (status == AIRLOG_PLAYING || !airlog_status_name(status) || (status != AIRLOG_COMPLETED) != (why != REASON_NONE))
		return error(_("internal error: an item ends completed, or otherwise with a reason"));
	if (!(st = store_cached(s, sql)))
		return -1;
	store_bind_text(st, 1, airlog_status_name(status));
	sqlite3_bind_int64(st, 2, to_ms(played_s));
	store_bind_text(st, 3, why == REASON_NONE ? NULL : reason_code(why));
	store_bind_text(st, 4, detail_of(why, detail));
	sqlite3_bind_int64(st, 5, row);
	sqlite3_bind_int(st, 6, position);
	return update_step(s, st, row, 0);
}

/* Inside a transaction: chains r (all but seq, prev_hash and hash filled,
 * items attached) onto the head, and writes it as a new row (insert) or
 * over its open row. */
static int
chain_write(struct store *s, struct airlog_row *r, int insert)
{
	static const char ins[] =
	    "INSERT INTO airing (id, seq, v, scheduled_ms, started_ms, ended_ms, closed_ms, played_ms,"
	    " status, late, delay_ms, reason, reason_code, slot_id, tier, clip_id, playlist, title, topic, sha256,"
	    " device, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
	static const char upd[] =
	    "UPDATE airing SET seq = ?2, ended_ms = ?6, closed_ms = ?7, played_ms = ?8, status = ?9,"
	    " reason = ?12, reason_code = ?13, prev_hash = ?22, hash = ?23 WHERE id = ?1 AND status = 'playing'";
	static const char maxid[] = "SELECT coalesce(max(id), 0) + 1 FROM airing";
	char prev[65], hash[65];
	sqlite3_stmt *st;
	int64_t head;

	if (airlog_head(s, &head, prev) != 0)
		return -1;
	if (insert) {
		if (!(st = store_cached(s, maxid)))
			return -1;
		if (sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_reset(st);
			return store_error(s, _("cannot read the airing log"));
		}
		r->id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	r->seq = head + 1;
	r->prev_hash = prev;
	airlog_row_hash(r, prev, hash);
	if (!(st = store_cached(s, insert ? ins : upd)))
		return -1;
	sqlite3_bind_int64(st, 1, r->id);
	sqlite3_bind_int64(st, 2, r->seq);
	sqlite3_bind_int(st, 3, r->v);
	sqlite3_bind_int64(st, 4, r->scheduled_ms);
#define BIND_MS(i, v) ((v) == AIRLOG_NONE ? sqlite3_bind_null(st, i) : sqlite3_bind_int64(st, i, v))
	BIND_MS(5, r->started_ms);
	BIND_MS(6, r->ended_ms);
	BIND_MS(7, r->closed_ms);
#undef BIND_MS
	sqlite3_bind_int64(st, 8, r->played_ms);
	store_bind_text(st, 9, airlog_status_name(r->status));
	sqlite3_bind_int(st, 10, r->late);
	sqlite3_bind_int64(st, 11, r->delay_ms);
	store_bind_text(st, 12, r->null_mask & 1 ? NULL : r->reason);
	store_bind_text(st, 13, r->null_mask & 128 ? NULL : r->reason_code);
	sqlite3_bind_int64(st, 14, r->slot_id);
	store_bind_text(st, 15, r->null_mask & 2 ? NULL : r->tier);
	sqlite3_bind_int64(st, 16, r->clip_id);
	store_bind_text(st, 17, r->null_mask & 4 ? NULL : r->playlist);
	store_bind_text(st, 18, r->null_mask & 8 ? NULL : r->title);
	store_bind_text(st, 19, r->null_mask & 16 ? NULL : r->topic);
	store_bind_text(st, 20, r->null_mask & 32 ? NULL : r->sha256);
	store_bind_text(st, 21, r->null_mask & 64 ? NULL : r->device);
	store_bind_text(st, 22, prev);
	store_bind_text(st, 23, hash);
	return update_step(s, st, r->id, 0);
}

/* How the items still playing end when their airing closes. */
static enum airlog_status
item_status_at_close(enum airlog_status airing)
{
	switch (airing) {
	case AIRLOG_COMPLETED:
	case AIRLOG_PARTIAL:
		return AIRLOG_COMPLETED;
	case AIRLOG_FAILED:
		return AIRLOG_FAILED;
	default:
		return AIRLOG_INTERRUPTED;
	}
}

/* Closes the open row id (inside a transaction): its items still playing
 * first, then the row itself, hashed over its items. */
static int
close_row(struct store *s, int64_t id, enum airlog_status status, int64_t ended_ms, int64_t played_ms,
          enum reason why, const char *detail, int64_t closed_ms)
{
	static const char sql[] = "SELECT " ROW_COLUMNS " FROM airing WHERE id = ?";
	/* The item on air gets what the airing played beyond its other items
	 * (one item plays at a time): after a crash, more than its last
	 * progress says. */
	static const char items_sql[] =
	    "UPDATE airing_item SET status = ?1, reason_code = ?2, reason = ?3, played_ms = max(played_ms,"
	    " max(?5, (SELECT played_ms FROM airing WHERE id = ?4)) - (SELECT coalesce(sum(played_ms), 0) FROM airing_item WHERE airing_id = ?4 AND status <> 'playing'))"
	    " WHERE airing_id = ?4 AND status = 'playing'";
	enum airlog_status item_status = item_status_at_close(status);
	struct items b = {0};
	struct airlog_row r;
	sqlite3_stmt *st;
	int rc;

	if (!(st = store_cached(s, items_sql)))
		return -1;
	store_bind_text(st, 1, airlog_status_name(item_status));
	store_bind_text(st, 2, item_status == AIRLOG_COMPLETED ? NULL : reason_code(why));
	store_bind_text(st, 3, item_status == AIRLOG_COMPLETED ? NULL : detail_of(why, detail));
	sqlite3_bind_int64(st, 4, id);
	sqlite3_bind_int64(st, 5, played_ms);
	if (update_step(s, st, id, 1) != 0)
		return -1;
	if (items_load(s, id, &b) != 0) {
		items_free(&b);
		return -1;
	}
	if (!(st = store_cached(s, sql))) {
		items_free(&b);
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		items_free(&b);
		return error(_("internal error: no airing log row %" PRId64), id);
	}
	row_read(st, &r);
	if (r.status != AIRLOG_PLAYING) {
		sqlite3_reset(st);
		items_free(&b);
		return error(_("internal error: airing log row %" PRId64 " is already closed"), id);
	}
	/* The text stays valid until the statement is reset, i.e. through
	 * chain_write, which uses other statements. */
	items_attach(&b, &r);
	r.status = status;
	r.ended_ms = ended_ms;
	r.played_ms = played_ms > r.played_ms ? played_ms : r.played_ms;
	r.closed_ms = closed_ms;
	r.reason = why == REASON_NONE ? "" : detail_of(why, detail);
	/* A version 1 row (left open across the upgrade) keeps its encoding:
	 * its words only. */
	r.reason_code = why == REASON_NONE || r.v < 2 ? "" : reason_code(why);
	r.null_mask = (r.null_mask & ~(1 | 128)) | (why == REASON_NONE ? 1 : 0) |
	              (why == REASON_NONE || r.v < 2 ? 128 : 0);
	rc = chain_write(s, &r, 0);
	sqlite3_reset(st);
	items_free(&b);
	return rc;
}

static int
check_close(enum airlog_status status, enum reason why)
{
	if (status == AIRLOG_PLAYING || !airlog_status_name(status) || !reason_code(why))
		return error(_("internal error: cannot close an airing as status %d"), (int)status);
	if (status != AIRLOG_COMPLETED && why == REASON_NONE)
		return error(_("internal error: an airing that did not complete needs a reason"));
	return 0;
}

int
airlog_end(struct store *s, int64_t row, enum airlog_status status, int64_t ended_ms, double played_s,
           enum reason why, const char *detail)
{
	int nested;

	if (status == AIRLOG_COMPLETED)
		why = REASON_NONE;
	if (check_close(status, why) != 0 || txn_begin(s, &nested) != 0)
		return -1;
	return txn_end(s, nested,
	               close_row(s, row, status, ended_ms, to_ms(played_s), why, detail, clock_wall_ms()) == 0);
}

int
airlog_record(struct store *s, const struct airlog_airing *a, enum airlog_status status, enum reason why,
              const char *detail)
{
	struct airlog_row r;
	int nested;

	if (status == AIRLOG_COMPLETED)
		why = REASON_NONE;
	if (check_airing(a) != 0 || check_close(status, why) != 0)
		return -1;
	row_from_airing(&r, a);
	r.status = status;
	r.started_ms = r.ended_ms = AIRLOG_NONE;
	r.closed_ms = clock_wall_ms();
	if (why != REASON_NONE) {
		r.reason = detail_of(why, detail);
		r.reason_code = reason_code(why);
		r.null_mask &= ~(1 | 128);
	}
	if (txn_begin(s, &nested) != 0)
		return -1;
	return txn_end(s, nested, chain_write(s, &r, 1) == 0);
}

int
airlog_has(struct store *s, int64_t slot_id, int64_t scheduled_ms)
{
	static const char sql[] = "SELECT 1 FROM airing WHERE scheduled_ms = ? AND slot_id = ? LIMIT 1";
	sqlite3_stmt *st = store_cached(s, sql);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, scheduled_ms);
	sqlite3_bind_int64(st, 2, slot_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_error(s, _("cannot read the airing log"));
}

/* Steps a bound one-column status query: 1 (a row: *out set), 0, -1. */
static int
status_step(struct store *s, sqlite3_stmt *st, enum airlog_status *out)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW && airlog_status_parse(store_col_text(st, 0), out) != 0)
		*out = AIRLOG_PLAYING;
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_error(s, _("cannot read the airing log"));
}

int
airlog_status_of(struct store *s, int64_t slot_id, int64_t scheduled_ms, enum airlog_status *out)
{
	static const char sql[] =
	    "SELECT status FROM airing WHERE scheduled_ms = ? AND slot_id = ? ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st = store_cached(s, sql);

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, scheduled_ms);
	sqlite3_bind_int64(st, 2, slot_id);
	return status_step(s, st, out);
}

int
airlog_row_status(struct store *s, int64_t row, enum airlog_status *out)
{
	sqlite3_stmt *st = store_cached(s, "SELECT status FROM airing WHERE id = ?");

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, row);
	return status_step(s, st, out);
}

int
airlog_recover(struct store *s, int64_t now_ms)
{
	static const char sql[] =
	    "SELECT id, started_ms, played_ms FROM airing WHERE status = 'playing' ORDER BY id";
	int64_t ids[64], started[64], played[64];
	int n, total = 0, nested;
	sqlite3_stmt *st;

	/* In batches, because closing moves rows out of the query's result. */
	do {
		if (!(st = store_cached(s, sql)))
			return -1;
		for (n = 0; n < 64 && sqlite3_step(st) == SQLITE_ROW; n++) {
			ids[n] = sqlite3_column_int64(st, 0);
			started[n] = col_ms(st, 1);
			played[n] = sqlite3_column_int64(st, 2);
		}
		sqlite3_reset(st);
		if (n == 0)
			break;
		if (txn_begin(s, &nested) != 0)
			return -1;
		for (int i = 0; i < n; i++) {
			int64_t end = started[i] == AIRLOG_NONE ? AIRLOG_NONE : started[i] + played[i];
			if (close_row(s, ids[i], AIRLOG_INTERRUPTED, end, played[i], REASON_INTERRUPTED_CRASH,
			              "loa stopped during the airing (crash, power cut or kill); closed at the next start",
			              now_ms) != 0)
				return txn_end(s, nested, 0);
			log_info(_("airing log row %" PRId64
			           " was left playing; closed as interrupted after %.1f s"),
			         ids[i], (double)played[i] / 1000.0);
		}
		if (txn_end(s, nested, 1) != 0)
			return -1;
		total += n;
	} while (n == 64);
	return total;
}

/*
 * The items of the rows a walk hands over. A walk in id order reads the
 * item table alongside, in its own (airing_id, position) order: two scans,
 * no lookups. Any other order looks each row's items up by its id.
 */
struct walk_items {
	sqlite3_stmt *scan;  /* merge: items from airing_id >= the first id, in order */
	int scan_state;      /* SQLITE_ROW (a row waits in scan), SQLITE_DONE, or 0 before the first step */
	struct items b;      /* the current row's items */
};

static int
walk_items_for(struct store *s, struct walk_items *w, struct airlog_row *r)
{
	if (!w->scan) {
		if (items_load(s, r->id, &w->b) != 0)
			return -1;
		items_attach(&w->b, r);
		return 0;
	}
	w->b.n = 0, w->b.tlen = 0;
	if (w->scan_state == 0)
		w->scan_state = sqlite3_step(w->scan);
	while (w->scan_state == SQLITE_ROW && sqlite3_column_int64(w->scan, 0) < r->id)
		w->scan_state = sqlite3_step(w->scan);
	while (w->scan_state == SQLITE_ROW && sqlite3_column_int64(w->scan, 0) == r->id) {
		if (items_add(&w->b, w->scan) != 0)
			return error(_("out of memory"));
		w->scan_state = sqlite3_step(w->scan);
	}
	if (w->scan_state != SQLITE_ROW && w->scan_state != SQLITE_DONE)
		return store_error(s, _("cannot read the airing log"));
	items_attach(&w->b, r);
	return 0;
}

/* The earliest and latest scheduled instant in the log (two index probes);
 * 0 when the log is empty, 1 when not, -1 on error. */
static int
scheduled_span(struct store *s, int64_t *lo, int64_t *hi)
{
	sqlite3_stmt *st = store_cached(s, "SELECT (SELECT min(scheduled_ms) FROM airing),"
	                                   " (SELECT max(scheduled_ms) FROM airing)");
	int found;

	if (!st)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_error(s, _("cannot read the airing log"));
	}
	found = sqlite3_column_type(st, 0) != SQLITE_NULL;
	*lo = sqlite3_column_int64(st, 0);
	*hi = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return found;
}

/* The smallest id scheduled in [from, to), or 0 when none. */
static int
first_id(struct store *s, int64_t from, int64_t to, int64_t *id)
{
	sqlite3_stmt *st = store_cached(s, "SELECT min(id) FROM airing WHERE scheduled_ms >= ?1 AND scheduled_ms < ?2");

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_error(s, _("cannot read the airing log"));
	}
	*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

int
airlog_each(struct store *s, const struct airlog_filter *f, int (*fn)(void *ctx, const struct airlog_row *r),
            void *ctx)
{
	char sql[768];
	sqlite3_stmt *st;
	struct airlog_row r;
	struct walk_items wi = {0};
	int64_t from = f->from_ms, to = f->to_ms, lo = 0, hi = 0, items_from = 0;
	int rc = 0, step, bounded;

	/* A period that holds the whole log is no bound at all: a walk in id
	 * order then reads the table straight through, with no sort. */
	if ((from != AIRLOG_NONE || to != AIRLOG_NONE) && f->by_id) {
		int found = scheduled_span(s, &lo, &hi);
		if (found < 0)
			return -1;
		if (!found)
			return 0;
		if ((from == AIRLOG_NONE || lo >= from) && (to == AIRLOG_NONE || hi < to))
			from = to = AIRLOG_NONE;
	}
	bounded = from != AIRLOG_NONE || to != AIRLOG_NONE;
	/* Without bounds, no range test: it would make SQLite walk the time
	 * index and sort a chain-order walk in a temporary file. */
	snprintf(sql, sizeof sql, "SELECT " ROW_COLUMNS " FROM airing WHERE %s%s%s%s%s",
	         bounded ? "scheduled_ms >= ?1 AND scheduled_ms < ?2" : "1",
	         f->statuses ? " AND (?3 >> CASE status WHEN 'playing' THEN 0 WHEN 'completed' THEN 1"
	                       " WHEN 'interrupted' THEN 2 WHEN 'failed' THEN 3 WHEN 'missed' THEN 4"
	                       " WHEN 'skipped' THEN 5 WHEN 'partial' THEN 6 ELSE 30 END) & 1"
	                     : "",
	         f->late_only ? " AND late = 1" : "",
	         /* "+seq": a part of the chain is read in id order, never on
	          * the seq index (which would need a sort by id). */
	         f->closed_by_id && f->seq_to ? " AND id >= ?4 AND +seq >= ?5 AND +seq < ?6" : "",
	         f->by_seq         ? " AND seq IS NOT NULL ORDER BY seq"
	         : f->closed_by_id ? " AND seq IS NOT NULL ORDER BY id"
	         : f->by_id        ? " ORDER BY id"
	                           : " ORDER BY scheduled_ms, id");
	/* Long walks read the file through the page cache, not read(2). */
	sqlite3_exec(s->db, "PRAGMA mmap_size = 4294967296", NULL, NULL, NULL);
	if (bounded) {
		from = from == AIRLOG_NONE ? INT64_MIN : from;
		to = to == AIRLOG_NONE ? INT64_MAX : to;
	}
	if (f->with_items && f->by_id && bounded && first_id(s, from, to, &items_from) != 0)
		return -1;
	if (f->with_items && f->closed_by_id)
		items_from = f->seq_to ? f->id_from : 0;
	if (!(st = store_prepare(s, sql)))
		return -1;
	if (bounded) {
		sqlite3_bind_int64(st, 1, from);
		sqlite3_bind_int64(st, 2, to);
	}
	if (f->statuses)
		sqlite3_bind_int64(st, 3, (sqlite3_int64)f->statuses);
	if (f->closed_by_id && f->seq_to) {
		sqlite3_bind_int64(st, 4, f->id_from);
		sqlite3_bind_int64(st, 5, f->seq_from);
		sqlite3_bind_int64(st, 6, f->seq_to);
	}
	if (f->with_items && (f->closed_by_id || f->by_id)) {
		if (!(wi.scan = store_prepare(s, "SELECT " ITEM_COLUMNS " FROM airing_item WHERE airing_id >= ?1"
		                                 " ORDER BY airing_id, position"))) {
			sqlite3_finalize(st);
			return -1;
		}
		sqlite3_bind_int64(wi.scan, 1, items_from);
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		row_read(st, &r);
		if (f->with_items && (rc = walk_items_for(s, &wi, &r)) != 0)
			break;
		if ((rc = fn(ctx, &r)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = store_error(s, _("cannot read the airing log"));
	sqlite3_finalize(st);
	sqlite3_finalize(wi.scan);
	items_free(&wi.b);
	return rc;
}
