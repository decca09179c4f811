/*
 * store_airlog.c — the airing log's table, its guards, and every query on
 * it (schema step 4).
 *
 * Key decisions. Durability first: a row is committed when the airing
 * starts and again at each progress update, so a power cut loses at most
 * the last two seconds of one airing (the store runs WAL with
 * synchronous=FULL). Honesty next: triggers refuse any change to a closed
 * row and any deletion, keep a row's identity fixed while it plays, and
 * refuse a close that does not extend the chain from airing_head by exactly
 * one — so even a buggy writer cannot fork the chain. A tamperer can drop
 * the triggers; the hash chain (airlog.c) is what then tells. Reports read
 * each row once (on the scheduled_ms index, or as a plain scan when the
 * period holds the whole log) and group in C, because SQLite's GROUP BY
 * sorts every row.
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
#include "store_internal.h"

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

/* The columns every row reader selects, in airlog_row order. */
#define ROW_COLUMNS                                                                                          \
	"id, seq, scheduled_ms, started_ms, ended_ms, closed_ms, played_ms, status, late,"                   \
	" delay_ms, reason, slot_id, tier, clip_id, playlist, title, topic, sha256, device,"                 \
	" prev_hash, hash"

static int64_t
col_ms(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? AIRLOG_NONE : sqlite3_column_int64(st, i);
}

/* Fills r from the current result row of a ROW_COLUMNS query. */
static void
row_read(sqlite3_stmt *st, struct airlog_row *r)
{
	static const int text_cols[] = {10, 12, 14, 15, 16, 17, 18};
	const char *status;

	r->id = sqlite3_column_int64(st, 0);
	r->seq = sqlite3_column_int64(st, 1);
	r->scheduled_ms = sqlite3_column_int64(st, 2);
	r->started_ms = col_ms(st, 3);
	r->ended_ms = col_ms(st, 4);
	r->closed_ms = col_ms(st, 5);
	r->played_ms = sqlite3_column_int64(st, 6);
	status = store_col_text(st, 7);
	if (airlog_status_parse(status, &r->status) != 0)
		r->status = (enum airlog_status) - 1; /* only a tamperer writes this; the hash tells */
	r->late = sqlite3_column_int(st, 8);
	r->delay_ms = sqlite3_column_int64(st, 9);
	r->reason = store_col_text(st, 10);
	r->slot_id = sqlite3_column_int64(st, 11);
	r->tier = store_col_text(st, 12);
	r->clip_id = sqlite3_column_int64(st, 13);
	r->playlist = store_col_text(st, 14);
	r->title = store_col_text(st, 15);
	r->topic = store_col_text(st, 16);
	r->sha256 = store_col_text(st, 17);
	r->device = store_col_text(st, 18);
	r->prev_hash = store_col_text(st, 19);
	r->hash = store_col_text(st, 20);
	r->null_mask = 0;
	for (int i = 0; i < (int)(sizeof text_cols / sizeof text_cols[0]); i++)
		if (sqlite3_column_type(st, text_cols[i]) == SQLITE_NULL)
			r->null_mask |= 1 << i;
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
		hint(_("restore the station from a backup; 'loa log verify' shows what is left"));
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
	r->scheduled_ms = a->scheduled_ms;
	r->slot_id = a->slot_id;
	r->clip_id = a->clip_id;
	r->tier = a->tier ? a->tier : "";
	r->playlist = a->playlist ? a->playlist : "";
	r->title = a->title ? a->title : "";
	r->topic = a->topic ? a->topic : "";
	r->sha256 = a->sha256 ? a->sha256 : "";
	r->device = a->device ? a->device : "";
	r->reason = "";
	r->null_mask = (a->tier ? 0 : 2) | (a->playlist ? 0 : 4) | (a->title ? 0 : 8) | (a->topic ? 0 : 16) |
	               (a->sha256 ? 0 : 32) | (a->device ? 0 : 64) | 1;
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
	    "INSERT INTO airing (scheduled_ms, started_ms, status, late, delay_ms, slot_id, tier,"
	    " clip_id, playlist, title, topic, sha256, device)"
	    " VALUES (?, ?, 'playing', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st;
	int64_t id = -1;

	if (check_airing(a) != 0 || !(st = store_cached(s, sql)))
		return -1;
	sqlite3_bind_int64(st, 1, a->scheduled_ms);
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

int
airlog_progress(struct store *s, int64_t row, double played_s)
{
	static const char sql[] =
	    "UPDATE airing SET played_ms = max(played_ms, ?) WHERE id = ? AND status = 'playing'";
	sqlite3_stmt *st = store_cached(s, sql);
	int rc = -1;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, to_ms(played_s));
	sqlite3_bind_int64(st, 2, row);
	if (sqlite3_step(st) != SQLITE_DONE)
		store_error(s, _("cannot write the airing log"));
	else if (sqlite3_changes(s->db) != 1)
		error(_("internal error: airing log row %" PRId64 " is not playing"), row);
	else
		rc = 0;
	sqlite3_reset(st);
	return rc;
}

/* Inside a transaction: chains r (all but seq, prev_hash and hash filled)
 * onto the head, and writes it as a new row (insert) or over its open row. */
static int
chain_write(struct store *s, struct airlog_row *r, int insert)
{
	static const char ins[] =
	    "INSERT INTO airing (id, seq, scheduled_ms, started_ms, ended_ms, closed_ms, played_ms,"
	    " status, late, delay_ms, reason, slot_id, tier, clip_id, playlist, title, topic, sha256,"
	    " device, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
	static const char upd[] =
	    "UPDATE airing SET seq = ?2, ended_ms = ?5, closed_ms = ?6, played_ms = ?7, status = ?8,"
	    " reason = ?11, prev_hash = ?20, hash = ?21 WHERE id = ?1 AND status = 'playing'";
	static const char maxid[] = "SELECT coalesce(max(id), 0) + 1 FROM airing";
	char prev[65], hash[65];
	sqlite3_stmt *st;
	int64_t head;
	int rc = -1;

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
	sqlite3_bind_int64(st, 3, r->scheduled_ms);
#define BIND_MS(i, v) ((v) == AIRLOG_NONE ? sqlite3_bind_null(st, i) : sqlite3_bind_int64(st, i, v))
	BIND_MS(4, r->started_ms);
	BIND_MS(5, r->ended_ms);
	BIND_MS(6, r->closed_ms);
#undef BIND_MS
	sqlite3_bind_int64(st, 7, r->played_ms);
	store_bind_text(st, 8, airlog_status_name(r->status));
	sqlite3_bind_int(st, 9, r->late);
	sqlite3_bind_int64(st, 10, r->delay_ms);
	store_bind_text(st, 11, r->null_mask & 1 ? NULL : r->reason);
	sqlite3_bind_int64(st, 12, r->slot_id);
	store_bind_text(st, 13, r->null_mask & 2 ? NULL : r->tier);
	sqlite3_bind_int64(st, 14, r->clip_id);
	store_bind_text(st, 15, r->null_mask & 4 ? NULL : r->playlist);
	store_bind_text(st, 16, r->null_mask & 8 ? NULL : r->title);
	store_bind_text(st, 17, r->null_mask & 16 ? NULL : r->topic);
	store_bind_text(st, 18, r->null_mask & 32 ? NULL : r->sha256);
	store_bind_text(st, 19, r->null_mask & 64 ? NULL : r->device);
	store_bind_text(st, 20, prev);
	store_bind_text(st, 21, hash);
	if (sqlite3_step(st) != SQLITE_DONE)
		store_error(s, _("cannot write the airing log"));
	else if (sqlite3_changes(s->db) != 1)
		error(_("internal error: airing log row %" PRId64 " is not playing"), r->id);
	else
		rc = 0;
	sqlite3_reset(st);
	return rc;
}

/* Closes the open row id (inside a transaction). */
static int
close_row(struct store *s, int64_t id, enum airlog_status status, int64_t ended_ms, int64_t played_ms,
          const char *reason, int64_t closed_ms)
{
	static const char sql[] = "SELECT " ROW_COLUMNS " FROM airing WHERE id = ?";
	sqlite3_stmt *st = store_cached(s, sql);
	struct airlog_row r;
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return error(_("internal error: no airing log row %" PRId64), id);
	}
	row_read(st, &r);
	if (r.status != AIRLOG_PLAYING) {
		sqlite3_reset(st);
		return error(_("internal error: airing log row %" PRId64 " is already closed"), id);
	}
	/* The text stays valid until the statement is reset, i.e. through
	 * chain_write, which uses other statements. */
	r.status = status;
	r.ended_ms = ended_ms;
	r.played_ms = played_ms > r.played_ms ? played_ms : r.played_ms;
	r.closed_ms = closed_ms;
	r.reason = reason ? reason : "";
	r.null_mask = (r.null_mask & ~1) | (reason ? 0 : 1);
	rc = chain_write(s, &r, 0);
	sqlite3_reset(st);
	return rc;
}

static int
check_close(enum airlog_status status, const char *reason)
{
	if (status == AIRLOG_PLAYING || !airlog_status_name(status))
		return error(_("internal error: cannot close an airing as status %d"), (int)status);
	if (status != AIRLOG_COMPLETED && (!reason || !*reason))
		return error(_("internal error: an airing that did not complete needs a reason"));
	return 0;
}

int
airlog_end(struct store *s, int64_t row, enum airlog_status status, int64_t ended_ms, double played_s,
           const char *reason)
{
	int nested;

	if (check_close(status, reason) != 0 || txn_begin(s, &nested) != 0)
		return -1;
	return txn_end(s, nested,
	               close_row(s, row, status, ended_ms, to_ms(played_s), reason, clock_wall_ms()) == 0);
}

int
airlog_record(struct store *s, const struct airlog_airing *a, enum airlog_status status, const char *reason)
{
	struct airlog_row r;
	int nested;

	if (check_airing(a) != 0 || check_close(status, reason) != 0)
		return -1;
	row_from_airing(&r, a);
	r.status = status;
	r.started_ms = r.ended_ms = AIRLOG_NONE;
	r.closed_ms = clock_wall_ms();
	if (reason) {
		r.reason = reason;
		r.null_mask &= ~1;
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

int
airlog_status_of(struct store *s, int64_t slot_id, int64_t scheduled_ms, enum airlog_status *out)
{
	static const char sql[] =
	    "SELECT status FROM airing WHERE scheduled_ms = ? AND slot_id = ? ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st = store_cached(s, sql);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, scheduled_ms);
	sqlite3_bind_int64(st, 2, slot_id);
	rc = sqlite3_step(st);
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
airlog_recover(struct store *s, int64_t now_ms)
{
	static const char sql[] =
	    "SELECT id, started_ms, played_ms FROM airing WHERE status = 'playing' ORDER BY id";
	const char *reason = AIRLOG_WHY_CRASH;
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
			if (close_row(s, ids[i], AIRLOG_INTERRUPTED, end, played[i], reason, now_ms) != 0)
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

int
airlog_each(struct store *s, const struct airlog_filter *f, int (*fn)(void *ctx, const struct airlog_row *r),
            void *ctx)
{
	char sql[512];
	sqlite3_stmt *st;
	struct airlog_row r;
	int rc = 0, step;

	/* Without bounds, no range test: it would make SQLite walk the time
	 * index and sort a chain-order walk in a temporary file. */
	snprintf(sql, sizeof sql, "SELECT " ROW_COLUMNS " FROM airing WHERE %s%s%s%s%s",
	         f->from_ms == AIRLOG_NONE && f->to_ms == AIRLOG_NONE
	             ? "1"
	             : "scheduled_ms >= ?1 AND scheduled_ms < ?2",
	         f->statuses ? " AND (?3 >> CASE status WHEN 'playing' THEN 0 WHEN 'completed' THEN 1"
	                       " WHEN 'interrupted' THEN 2 WHEN 'failed' THEN 3 WHEN 'missed' THEN 4"
	                       " WHEN 'skipped' THEN 5 ELSE 30 END) & 1"
	                     : "",
	         f->late_only ? " AND late = 1" : "",
	         /* "+seq": a part of the chain is read in id order, never on
	          * the seq index (which would need a sort by id). */
	         f->closed_by_id && f->seq_to ? " AND id >= ?4 AND +seq >= ?5 AND +seq < ?6" : "",
	         f->by_seq         ? " AND seq IS NOT NULL ORDER BY seq"
	         : f->closed_by_id ? " AND seq IS NOT NULL ORDER BY id"
	                           : " ORDER BY scheduled_ms, id");
	/* Long walks read the file through the page cache, not read(2). */
	sqlite3_exec(s->db, "PRAGMA mmap_size = 1073741824", NULL, NULL, NULL);
	if (!(st = store_prepare(s, sql)))
		return -1;
	if (f->from_ms != AIRLOG_NONE || f->to_ms != AIRLOG_NONE)
		sqlite3_bind_int64(st, 1, f->from_ms == AIRLOG_NONE ? INT64_MIN : f->from_ms);
	if (f->from_ms != AIRLOG_NONE || f->to_ms != AIRLOG_NONE)
		sqlite3_bind_int64(st, 2, f->to_ms == AIRLOG_NONE ? INT64_MAX : f->to_ms);
	if (f->statuses)
		sqlite3_bind_int64(st, 3, (sqlite3_int64)f->statuses);
	if (f->closed_by_id && f->seq_to) {
		sqlite3_bind_int64(st, 4, f->id_from);
		sqlite3_bind_int64(st, 5, f->seq_from);
		sqlite3_bind_int64(st, 6, f->seq_to);
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		row_read(st, &r);
		if ((rc = fn(ctx, &r)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = store_error(s, _("cannot read the airing log"));
	sqlite3_finalize(st);
	return rc;
}

/*
 * The GROUP BY of airlog_tally_buckets, done in C. SQLite's GROUP BY sorts
 * every row in a temporary b-tree (1.7 s for a million airings); a hash
 * table of the few thousand groups costs one lookup per row. Each group
 * owns its strings ("playlist\0title\0topic\0" in one block).
 */
struct tgroup {
	struct airlog_tally t; /* the sums; its strings point into key */
	int bucket;            /* which edges interval */
	uint64_t hash;         /* of bucket, clip, status and the strings */
	int next;              /* the next group in this hash chain, or -1 */
	char *key;             /* the strings, owned */
};

struct tally {
	struct tgroup *g;  /* the groups, in order of first sight */
	int n, cap;        /* used, allocated */
	int *head;         /* first group of each hash chain, or -1 */
	uint64_t mask;     /* chain count - 1 (a power of two) */
};

static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

static int
tally_rehash(struct tally *ty, uint64_t chains)
{
	int *head = malloc(chains * sizeof *head);

	if (!head)
		return -1;
	for (uint64_t i = 0; i < chains; i++)
		head[i] = -1;
	for (int i = 0; i < ty->n; i++) {
		uint64_t c = ty->g[i].hash & (chains - 1);
		ty->g[i].next = head[c];
		head[c] = i;
	}
	free(ty->head);
	ty->head = head;
	ty->mask = chains - 1;
	return 0;
}

/* Adds one row to its group, making the group on first sight. */
static int
tally_add(struct tally *ty, int bucket, int64_t clip_id, enum airlog_status status, const char *playlist,
          const char *title, const char *topic, int late, int64_t played_ms, int64_t scheduled_ms)
{
	size_t lp = strlen(playlist), lt = strlen(title), lc = strlen(topic);
	uint64_t h = 14695981039346656037ULL;
	struct tgroup *g;
	int i;

	h = fnv(h, &bucket, sizeof bucket);
	h = fnv(h, &clip_id, sizeof clip_id);
	h = fnv(h, &status, sizeof status);
	h = fnv(h, playlist, lp + 1);
	h = fnv(h, title, lt + 1);
	h = fnv(h, topic, lc + 1);
	for (i = ty->head[h & ty->mask]; i >= 0; i = ty->g[i].next) {
		g = &ty->g[i];
		if (g->hash == h && g->bucket == bucket && g->t.clip_id == clip_id && g->t.status == status &&
		    strcmp(g->t.playlist, playlist) == 0 && strcmp(g->t.title, title) == 0 &&
		    strcmp(g->t.topic, topic) == 0)
			break;
	}
	if (i < 0) {
		if (ty->n == ty->cap) {
			int cap = ty->cap ? ty->cap * 2 : 256;
			struct tgroup *v = realloc(ty->g, (size_t)cap * sizeof *v);
			if (!v)
				return -1;
			ty->g = v;
			ty->cap = cap;
		}
		g = &ty->g[ty->n];
		if (!(g->key = malloc(lp + lt + lc + 3)))
			return -1;
		memcpy(g->key, playlist, lp + 1);
		memcpy(g->key + lp + 1, title, lt + 1);
		memcpy(g->key + lp + lt + 2, topic, lc + 1);
		g->t = (struct airlog_tally){.clip_id = clip_id,
		                             .playlist = g->key,
		                             .title = g->key + lp + 1,
		                             .topic = g->key + lp + lt + 2,
		                             .status = status,
		                             .first_ms = scheduled_ms,
		                             .last_ms = scheduled_ms};
		g->bucket = bucket;
		g->hash = h;
		g->next = ty->head[h & ty->mask];
		ty->head[h & ty->mask] = ty->n++;
		if ((uint64_t)ty->n > ty->mask && tally_rehash(ty, (ty->mask + 1) * 4) != 0)
			return -1;
		g = &ty->g[ty->n - 1];
	}
	g->t.airings++;
	g->t.late += late != 0;
	g->t.played_ms += played_ms;
	if (scheduled_ms < g->t.first_ms)
		g->t.first_ms = scheduled_ms;
	if (scheduled_ms > g->t.last_ms)
		g->t.last_ms = scheduled_ms;
	return 0;
}

static int
tgroup_order(const void *a, const void *b)
{
	const struct tgroup *x = *(struct tgroup *const *)a, *y = *(struct tgroup *const *)b;
	int c;

	if (x->bucket != y->bucket)
		return x->bucket < y->bucket ? -1 : 1;
	if (x->t.clip_id != y->t.clip_id)
		return x->t.clip_id < y->t.clip_id ? -1 : 1;
	if ((c = strcmp(x->t.playlist, y->t.playlist)) || (c = strcmp(x->t.title, y->t.title)) ||
	    (c = strcmp(x->t.topic, y->t.topic)))
		return c;
	return (int)x->t.status - (int)y->t.status;
}

/* The earliest and latest scheduled instant in the log (two index probes);
 * 0 when the log is empty. */
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

int
airlog_tally_buckets(struct store *s, const int64_t *edges, int nbuckets,
                     int (*fn)(void *ctx, int bucket, const struct airlog_tally *t), void *ctx)
{
	/* A period that holds the whole log is read as a plain table scan;
	 * a shorter one on the scheduled-time index. */
	static const char by_index[] =
	    "SELECT scheduled_ms, clip_id, coalesce(playlist, ''), title, coalesce(topic, ''), status, late,"
	    " played_ms FROM airing WHERE scheduled_ms >= ?1 AND scheduled_ms < ?2";
	static const char by_scan[] =
	    "SELECT scheduled_ms, clip_id, coalesce(playlist, ''), title, coalesce(topic, ''), status, late,"
	    " played_ms FROM airing NOT INDEXED WHERE scheduled_ms >= ?1 AND scheduled_ms < ?2";
	struct tally ty = {0};
	struct tgroup **order = NULL;
	sqlite3_stmt *st;
	int64_t lo = 0, hi = 0, from = edges[0], to = edges[nbuckets];
	int rc = 0, step = SQLITE_DONE, found;

	if (nbuckets < 1 || (found = scheduled_span(s, &lo, &hi)) < 0)
		return nbuckets < 1 ? 0 : -1;
	if (!found || hi < from || lo >= to)
		return 0;
	sqlite3_exec(s->db, "PRAGMA mmap_size = 1073741824", NULL, NULL, NULL);
	if (!(st = store_cached(s, lo >= from && hi < to ? by_scan : by_index)))
		return -1;
	if (tally_rehash(&ty, 1024) != 0) {
		rc = error(_("out of memory"));
		goto done;
	}
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t at = sqlite3_column_int64(st, 0);
		enum airlog_status status;
		int b = 0, e = nbuckets;

		if (airlog_status_parse(store_col_text(st, 5), &status) != 0)
			continue; /* only a tamperer writes another word; verify names it */
		while (e - b > 1) { /* edges[b] <= at < edges[e] */
			int m = (b + e) / 2;
			if (at >= edges[m])
				b = m;
			else
				e = m;
		}
		if (tally_add(&ty, b, sqlite3_column_int64(st, 1), status, store_col_text(st, 2), store_col_text(st, 3),
		              store_col_text(st, 4), sqlite3_column_int(st, 6), sqlite3_column_int64(st, 7), at) != 0) {
			rc = error(_("out of memory"));
			goto done;
		}
	}
	if (step != SQLITE_DONE) {
		rc = store_error(s, _("cannot read the airing log"));
		goto done;
	}
	if (ty.n && !(order = malloc((size_t)ty.n * sizeof *order))) {
		rc = error(_("out of memory"));
		goto done;
	}
	for (int i = 0; i < ty.n; i++)
		order[i] = &ty.g[i];
	if (ty.n)
		qsort(order, (size_t)ty.n, sizeof *order, tgroup_order);
	for (int i = 0; i < ty.n && rc == 0; i++)
		rc = fn(ctx, order[i]->bucket, &order[i]->t);
done:
	sqlite3_reset(st);
	free(order);
	for (int i = 0; i < ty.n; i++)
		free(ty.g[i].key);
	free(ty.g);
	free(ty.head);
	return rc;
}
