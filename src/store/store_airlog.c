/*
 * store_airlog.c — the airing log's tables and their guards (schema steps
 * 4, 7 and 8), and the reading of a row and its items that every query on
 * them shares (store_airlog_read.c reads, store_airlog_write.c appends,
 * store_chain.c verifies).
 *
 * Key decisions. Durability first: a row is committed when the airing
 * starts and again at each progress update, so a power cut loses at most
 * the last two seconds of one airing (the store runs WAL with
 * synchronous=FULL). Honesty next: triggers refuse any change to a closed
 * row and any deletion, keep a row's identity fixed while it plays, and
 * refuse a close that does not extend the chain from airing_head by exactly
 * one — so even a buggy writer cannot fork the chain. A tamperer can drop
 * the triggers; the hash chain (store_chain.c) is what then tells.
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
#include <stdlib.h>
#include <string.h>

#include "loa/airlog.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "store/store_airlog.h"
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
	"CREATE TRIGGER airing_no_update BEFORE UPDATE ON airing WHEN OLD.status <> 'playing'\n"             \
	"BEGIN SELECT RAISE(ABORT, 'the airing log is append-only: a closed row cannot change'); END;\n"     \
	"CREATE TRIGGER airing_no_delete BEFORE DELETE ON airing\n"                                          \
	"BEGIN SELECT RAISE(ABORT, 'the airing log is append-only: rows cannot be deleted'); END;\n"         \
	"CREATE TRIGGER airing_fixed_identity BEFORE UPDATE ON airing WHEN OLD.status = 'playing' AND (\n"   \
	"  NEW.id IS NOT OLD.id OR NEW.v IS NOT OLD.v OR NEW.scheduled_ms IS NOT OLD.scheduled_ms\n"         \
	"  OR NEW.started_ms IS NOT OLD.started_ms OR NEW.slot_id IS NOT OLD.slot_id\n"                      \
	"  OR NEW.clip_id IS NOT OLD.clip_id OR NEW.title IS NOT OLD.title\n"                                \
	"  OR NEW.sha256 IS NOT OLD.sha256 OR NEW.played_ms < OLD.played_ms)\n"                              \
	"BEGIN SELECT RAISE(ABORT, 'the airing log: what is airing cannot change while it plays'); END;\n"   \
	"CREATE TRIGGER airing_chain_insert BEFORE INSERT ON airing WHEN NEW.seq IS NOT NULL AND (\n"        \
	"  NEW.seq IS NOT (SELECT seq + 1 FROM airing_head)"                                                 \
	" OR NEW.prev_hash IS NOT (SELECT hash FROM airing_head))\n"                                         \
	"BEGIN SELECT RAISE(ABORT, 'the airing log: a closed row must extend the chain'); END;\n"            \
	"CREATE TRIGGER airing_chain_close BEFORE UPDATE ON airing WHEN OLD.seq IS NULL AND NEW.seq IS NOT " \
	"NULL "                                                                                              \
	"AND (\n"                                                                                            \
	"  NEW.seq IS NOT (SELECT seq + 1 FROM airing_head)"                                                 \
	" OR NEW.prev_hash IS NOT (SELECT hash FROM airing_head))\n"                                         \
	"BEGIN SELECT RAISE(ABORT, 'the airing log: a closed row must extend the chain'); END;\n"            \
	"CREATE TRIGGER airing_head_insert AFTER INSERT ON airing WHEN NEW.seq IS NOT NULL\n"                \
	"BEGIN UPDATE airing_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1; END;\n"                   \
	"CREATE TRIGGER airing_head_close AFTER UPDATE OF seq ON airing WHEN OLD.seq IS NULL AND NEW.seq "   \
	"IS "                                                                                                \
	"NOT NULL\n"                                                                                         \
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
    "CREATE INDEX airing_playing ON airing (status) WHERE status = 'playing';\n" AIRING_TRIGGERS
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

int64_t
store_col_ms(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? AIRLOG_NONE : sqlite3_column_int64(st, i);
}

enum airlog_status
store_col_status(sqlite3_stmt *st, int i)
{
	enum airlog_status s;

	if (airlog_status_parse(store_col_text(st, i), &s) != 0)
		s = (enum airlog_status) - 1; /* only a tamperer writes this; the hash tells */
	return s;
}

/* Column i as text, "" for NULL (setting bit of *mask): one call into
 * SQLite, which answers NULL for NULL (a walk of the log reads millions). */
const char *
store_col_text_null(sqlite3_stmt *st, int i, int *mask, int bit)
{
	const char *t = (const char *)sqlite3_column_text(st, i);

	if (t)
		return t;
	*mask |= bit;
	return "";
}

/* Fills r from the current result row of a ROW_COLUMNS query. */
void
store_row_read(sqlite3_stmt *st, struct airlog_row *r)
{
	r->null_mask = 0;
	r->id = sqlite3_column_int64(st, 0);
	r->seq = sqlite3_column_int64(st, 1);
	r->v = sqlite3_column_int(st, 2);
	r->scheduled_ms = sqlite3_column_int64(st, 3);
	r->started_ms = store_col_ms(st, 4);
	r->ended_ms = store_col_ms(st, 5);
	r->closed_ms = store_col_ms(st, 6);
	r->played_ms = sqlite3_column_int64(st, 7);
	r->status = store_col_status(st, 8);
	r->late = sqlite3_column_int(st, 9);
	r->delay_ms = sqlite3_column_int64(st, 10);
	r->reason = store_col_text_null(st, 11, &r->null_mask, 1);
	r->reason_code = store_col_text_null(st, 12, &r->null_mask, 128);
	r->slot_id = sqlite3_column_int64(st, 13);
	r->tier = store_col_text_null(st, 14, &r->null_mask, 2);
	r->clip_id = sqlite3_column_int64(st, 15);
	r->playlist = store_col_text_null(st, 16, &r->null_mask, 4);
	r->title = store_col_text_null(st, 17, &r->null_mask, 8);
	r->topic = store_col_text_null(st, 18, &r->null_mask, 16);
	r->sha256 = store_col_text_null(st, 19, &r->null_mask, 32);
	r->device = store_col_text_null(st, 20, &r->null_mask, 64);
	r->prev_hash = store_col_text(st, 21);
	r->hash = store_col_text(st, 22);
	r->approved_by = store_col_text_null(st, 23, &r->null_mask, 256);
	r->requested_by = store_col_text_null(st, 24, &r->null_mask, 512);
	r->bulletin = sqlite3_column_int64(st, 25); /* NULL reads as 0: none */
	r->items = NULL;
	r->nitems = 0;
}

void
store_items_free(struct store_items *b)
{
	free(b->v);
	free(b->text);
	free(b->off);
	memset(b, 0, sizeof *b);
}

/* Copies s (with its NUL) into the block; its offset, or (size_t)-1. */
static size_t
items_text(struct store_items *b, const char *s, size_t len)
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
int
store_items_add(struct store_items *b, sqlite3_stmt *st)
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
	it->started_ms = store_col_ms(st, 6);
	it->played_ms = sqlite3_column_int64(st, 7);
	it->status = store_col_status(st, 8);
	it->null_mask = 0;
	for (int i = 0; i < 5; i++) {
		/* title never NULL; then topic, sha256, reason_code, reason: bits 1, 2, 4, 8 */
		const char *t = store_col_text_null(st, text_cols[i], &it->null_mask, i ? 1 << (i - 1) : 0);
		if ((b->off[b->n][i] = items_text(b, t, (size_t)sqlite3_column_bytes(st, text_cols[i]))) ==
		    (size_t)-1)
			return -1;
	}
	b->n++;
	return 0;
}

/* Points the items' strings into the block, and r at the items. */
void
store_items_attach(struct store_items *b, struct airlog_row *r)
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
int
store_items_load(struct store *s, int64_t id, struct store_items *b)
{
	static const char sql[] =
	    "SELECT " ITEM_COLUMNS " FROM airing_item WHERE airing_id = ? ORDER BY position";
	sqlite3_stmt *st = store_cached(s, sql);
	int step;

	b->n = 0, b->tlen = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if (store_items_add(b, st) != 0) {
			sqlite3_reset(st);
			return error(_("out of memory"));
		}
	sqlite3_reset(st);
	return step == SQLITE_DONE ? 0 : store_error(s, _("cannot read the airing log"));
}
