/*
 * store_airlog_write.c — appending to the airing log: a row opened when an
 * airing starts, its progress, its items, and its close, which hashes the
 * row over its items (airlog_row_hash) and chains it onto airing_head in
 * the same transaction; and closing at the next start the rows a crash
 * left playing.
 *
 * An airing of a clip the hub sent as a bulletin (bulletin.h) names the
 * bulletin in its row: the store looks it up by the row's clip when the
 * row is written (opened or recorded), so neither the daemon nor its
 * journal need to know bulletins exist.
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
#include "store/store_airlog.h"
#include "store/store_internal.h"

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
	r->requested_by = a->requested_by ? a->requested_by : "";
	r->reason = r->reason_code = "";
	r->approved_by = a->approved_by ? a->approved_by : "";
	r->null_mask = (a->tier ? 0 : 2) | (a->playlist ? 0 : 4) | (a->title ? 0 : 8) | (a->topic ? 0 : 16) |
	               (a->sha256 ? 0 : 32) | (a->device ? 0 : 64) | 1 | 128 | (a->approved_by ? 0 : 256) |
	               (a->requested_by ? 0 : 512);
}

/* The hub's bulletin whose clip clip_id is, or 0 (none, or an error:
 * printed; the airing is logged without it rather than not at all). The
 * same audio sent twice is one clip: a scheduled bulletin before one
 * waiting, before a refused one; the latest of those. */
static int64_t
bulletin_of_clip(struct store *s, int64_t clip_id)
{
	sqlite3_stmt *st;
	int64_t id = 0;
	int rc;

	if (clip_id <= 0 || !(st = store_cached(s, "SELECT id FROM bulletin WHERE clip_id = ?"
	                                           " ORDER BY state = 'refused', state = 'received',"
	                                           " id DESC LIMIT 1")))
		return 0;
	sqlite3_bind_int64(st, 1, clip_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		store_error(s, _("cannot read the hub's bulletins"));
	sqlite3_reset(st);
	return id;
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
	    " clip_id, playlist, title, topic, sha256, device, approved_by, requested_by, bulletin)"
	    " VALUES (2, ?, ?, 'playing', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	int64_t id = -1, bulletin;
	sqlite3_stmt *st;

	if (check_airing(a) != 0)
		return -1;
	bulletin = bulletin_of_clip(s, a->clip_id);
	if (!(st = store_cached(s, sql)))
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
	store_bind_text(st, 13, a->approved_by);
	store_bind_text(st, 14, a->requested_by);
	if (bulletin > 0)
		sqlite3_bind_int64(st, 15, bulletin);
	else
		sqlite3_bind_null(st, 15);
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
	static const char sql[] =
	    "INSERT INTO airing_item (airing_id, position, clip_id, title, topic, sha256,"
	    " started_ms, played_ms, status, reason_code, reason)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)";
	sqlite3_stmt *st = store_cached(s, sql);
	int rc = -1;

	if (!st)
		return -1;
	if (position < 1 || !c || !c->title) {
		sqlite3_reset(st);
		return error(
		    _("internal error: an item needs a position and a title (airing log row %" PRId64 ")"),
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
		return error(
		    _("internal error: an item that did not play is skipped or failed, with a reason"));
	return item_write(s, row, position, c, AIRLOG_NONE, status, why, detail);
}

int
airlog_item_end(struct store *s, int64_t row, int position, enum airlog_status status, double played_s,
                enum reason why, const char *detail)
{
	static const char sql[] =
	    "UPDATE airing_item SET status = ?, played_ms = max(played_ms, ?),"
	    " reason_code = ?, reason = ? WHERE airing_id = ? AND position = ? AND status = 'playing'";
	sqlite3_stmt *st;

	if (status == AIRLOG_PLAYING || !airlog_status_name(status) ||
	    (status != AIRLOG_COMPLETED) != (why != REASON_NONE))
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
	    " status, late, delay_ms, reason, reason_code, slot_id, tier, clip_id, playlist, title, topic, "
	    "sha256,"
	    " device, prev_hash, hash, approved_by, requested_by, bulletin) VALUES "
	    "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
	static const char upd[] =
	    "UPDATE airing SET seq = ?2, ended_ms = ?6, closed_ms = ?7, played_ms = ?8, status = ?9,"
	    " reason = ?12, reason_code = ?13, prev_hash = ?22, hash = ?23 WHERE id = ?1 AND status = "
	    "'playing'";
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
	/* An open row got its approver and requester when it began (airlog_begin). */
	if (insert) {
		store_bind_text(st, 24, r->null_mask & 256 || !r->approved_by ? NULL : r->approved_by);
		store_bind_text(st, 25, r->null_mask & 512 || !r->requested_by ? NULL : r->requested_by);
		if (r->bulletin > 0)
			sqlite3_bind_int64(st, 26, r->bulletin);
		else
			sqlite3_bind_null(st, 26);
	}
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
	    " max(?5, (SELECT played_ms FROM airing WHERE id = ?4)) - (SELECT coalesce(sum(played_ms), 0) "
	    "FROM airing_item WHERE airing_id = ?4 AND status <> 'playing'))"
	    " WHERE airing_id = ?4 AND status = 'playing'";
	enum airlog_status item_status = item_status_at_close(status);
	struct store_items b = {0};
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
	if (store_items_load(s, id, &b) != 0) {
		store_items_free(&b);
		return -1;
	}
	if (!(st = store_cached(s, sql))) {
		store_items_free(&b);
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		store_items_free(&b);
		return error(_("internal error: no airing log row %" PRId64), id);
	}
	store_row_read(st, &r);
	if (r.status != AIRLOG_PLAYING) {
		sqlite3_reset(st);
		store_items_free(&b);
		return error(_("internal error: airing log row %" PRId64 " is already closed"), id);
	}
	/* The text stays valid until the statement is reset, i.e. through
	 * chain_write, which uses other statements. */
	store_items_attach(&b, &r);
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
	store_items_free(&b);
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
	               close_row(s, row, status, ended_ms, to_ms(played_s), why, detail, clock_wall_ms()) ==
	                   0);
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
	r.bulletin = bulletin_of_clip(s, a->clip_id);
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
			started[n] = store_col_ms(st, 1);
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
			              "loa stopped during the airing (crash, power cut or kill); closed at "
			              "the next start",
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
