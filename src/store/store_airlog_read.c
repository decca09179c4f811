/*
 * store_airlog_read.c — the queries that read the airing log: its chain
 * head and counts, whether an airing is logged, and airlog_each, the walk
 * every export, report and chain check goes through, with each row's
 * items read alongside.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/airlog.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "store/store_airlog.h"
#include "store/store_internal.h"

/* Steps a bound query whose one row is one integer. 0 or -1 (printed). */
static int
one_int(struct store *s, sqlite3_stmt *st, int64_t *out)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : store_error(s, _("cannot read the airing log"));
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

	return st ? one_int(s, st, n) : -1;
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
airlog_each_status(struct store *s, int64_t from_ms, int64_t to_ms,
                   void (*fn)(void *ctx, int64_t id, int64_t slot_id, int64_t scheduled_ms,
                              enum airlog_status st),
                   void *ctx)
{
	static const char sql[] = "SELECT id, slot_id, scheduled_ms, status FROM airing WHERE scheduled_ms "
	                          ">= ?1 AND scheduled_ms < ?2";
	sqlite3_stmt *st = store_cached(s, sql);
	enum airlog_status status;
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, from_ms);
	sqlite3_bind_int64(st, 2, to_ms);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (airlog_status_parse(store_col_text(st, 3), &status) != 0)
			status = AIRLOG_PLAYING;
		fn(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
		   status);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, _("cannot read the airing log"));
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
airlog_row_scheduled(struct store *s, int64_t row, int64_t *scheduled_ms)
{
	sqlite3_stmt *st = store_cached(s, "SELECT scheduled_ms FROM airing WHERE id = ?");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, row);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*scheduled_ms = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_error(s, _("cannot read the airing log"));
}

int
airlog_count_inserted(struct store *s, int64_t after_id, int64_t before_ms, int64_t *n)
{
	/* On the table's ids: the rows written since are few. */
	sqlite3_stmt *st =
	    store_cached(s, "SELECT count(*) FROM airing WHERE id > ?1 AND +scheduled_ms < ?2");

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, after_id);
	sqlite3_bind_int64(st, 2, before_ms);
	return one_int(s, st, n);
}

/*
 * The items of the rows a walk hands over. A walk in id order reads the
 * item table alongside, in its own (airing_id, position) order: two scans,
 * no lookups. Any other order looks each row's items up by its id.
 */
struct walk_items {
	sqlite3_stmt *scan;   /* merge: items from airing_id >= the first id, in order */
	int scan_state;       /* SQLITE_ROW (a row waits in scan), SQLITE_DONE, or 0 before the first step */
	struct store_items b; /* the current row's items */
};

static int
walk_items_for(struct store *s, struct walk_items *w, struct airlog_row *r)
{
	if (!w->scan) {
		if (store_items_load(s, r->id, &w->b) != 0)
			return -1;
		store_items_attach(&w->b, r);
		return 0;
	}
	w->b.n = 0, w->b.tlen = 0;
	if (w->scan_state == 0)
		w->scan_state = sqlite3_step(w->scan);
	while (w->scan_state == SQLITE_ROW && sqlite3_column_int64(w->scan, 0) < r->id)
		w->scan_state = sqlite3_step(w->scan);
	while (w->scan_state == SQLITE_ROW && sqlite3_column_int64(w->scan, 0) == r->id) {
		if (store_items_add(&w->b, w->scan) != 0)
			return error(_("out of memory"));
		w->scan_state = sqlite3_step(w->scan);
	}
	if (w->scan_state != SQLITE_ROW && w->scan_state != SQLITE_DONE)
		return store_error(s, _("cannot read the airing log"));
	store_items_attach(&w->b, r);
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

/* The smallest and largest id scheduled in [from, to) (on the time index
 * alone), or 0 and 0 when none. 0 or -1 (printed). */
static int
id_span(struct store *s, int64_t from, int64_t to, int64_t *lo, int64_t *hi)
{
	sqlite3_stmt *st = store_cached(
	    s, "SELECT min(id), max(id) FROM airing WHERE scheduled_ms >= ?1 AND scheduled_ms < ?2");

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_error(s, _("cannot read the airing log"));
	}
	*lo = sqlite3_column_int64(st, 0);
	*hi = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return 0;
}

int
airlog_each(struct store *s, const struct airlog_filter *f, int (*fn)(void *ctx, const struct airlog_row *r),
            void *ctx)
{
	char sql[1024];
	sqlite3_stmt *st;
	struct airlog_row r;
	struct walk_items wi = {0};
	int64_t from = f->from_ms, to = f->to_ms, lo = 0, hi = 0, items_from = 0, id_lo = 0, id_hi = 0;
	int rc = 0, step, bounded, span;

	/* A period that holds the whole log is no bound at all: a walk in id
	 * order then reads the table straight through, with no sort. */
	if ((from != AIRLOG_NONE || to != AIRLOG_NONE) && f->by_id) {
		int found = scheduled_span(s, &lo, &hi);
		if (found < 0)
			return -1;
		if (!found)
			return 0;
		if ((from == AIRLOG_NONE || lo >= from) && (to == AIRLOG_NONE || hi < to) && f->id_from <= 0)
			from = to = AIRLOG_NONE;
	}
	/* A walk taken up again starts on the time index at the last row's
	 * instant; that row and those before it at the same instant are left
	 * out by id below. */
	if (f->after_id > 0 && (from == AIRLOG_NONE || from < f->after_ms))
		from = f->after_ms;
	bounded = from != AIRLOG_NONE || to != AIRLOG_NONE;
	/* A period in id order (a report's): rows are written nearly in the
	 * order they are scheduled, so the period's rows lie in one span of
	 * ids, found on the time index. Reading that span of the table and
	 * keeping the period's rows costs no sort; sorting the period's rows
	 * by id (what the time index alone gives) costs a temporary b-tree of
	 * every row of the period. */
	span = f->by_id && bounded;
	if (span) {
		if (id_span(s, from == AIRLOG_NONE ? INT64_MIN : from, to == AIRLOG_NONE ? INT64_MAX : to,
		            &id_lo, &id_hi) != 0)
			return -1;
		if (f->id_from > id_lo)
			id_lo = f->id_from;
		items_from = id_lo;
	}
	/* Without bounds, no range test: it would make SQLite walk the time
	 * index and sort a chain-order walk in a temporary file. */
	snprintf(sql, sizeof sql, "SELECT " ROW_COLUMNS " FROM airing WHERE %s%s%s%s%s%s",
	         span      ? "id >= ?9 AND id <= ?10 AND +scheduled_ms >= ?1 AND +scheduled_ms < ?2"
	         : bounded ? "scheduled_ms >= ?1 AND scheduled_ms < ?2"
	                   : "1",
	         f->statuses ? " AND (?3 >> CASE status WHEN 'playing' THEN 0 WHEN 'completed' THEN 1"
	                       " WHEN 'interrupted' THEN 2 WHEN 'failed' THEN 3 WHEN 'missed' THEN 4"
	                       " WHEN 'skipped' THEN 5 WHEN 'partial' THEN 6 ELSE 30 END) & 1"
	                     : "",
	         f->late_only ? " AND late = 1" : "",
	         /* "+seq": a part of the chain is read in id order, never on
	          * the seq index (which would need a sort by id). */
	         f->closed_by_id && f->seq_to   ? " AND id >= ?4 AND +seq >= ?5 AND +seq < ?6"
	         : f->by_seq && f->seq_from > 0 ? " AND seq >= ?5"
	                                        : "",
	         f->after_id > 0 ? " AND (scheduled_ms > ?7 OR id > ?8)" : "",
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
	if (f->by_seq && f->seq_from > 0)
		sqlite3_bind_int64(st, 5, f->seq_from);
	if (f->after_id > 0) {
		sqlite3_bind_int64(st, 7, f->after_ms);
		sqlite3_bind_int64(st, 8, f->after_id);
	}
	if (span) {
		sqlite3_bind_int64(st, 9, id_lo);
		sqlite3_bind_int64(st, 10, id_hi);
	}
	if (f->with_items && (f->closed_by_id || f->by_id)) {
		if (!(wi.scan =
		          store_prepare(s, "SELECT " ITEM_COLUMNS " FROM airing_item WHERE airing_id >= ?1"
		                           " ORDER BY airing_id, position"))) {
			sqlite3_finalize(st);
			return -1;
		}
		sqlite3_bind_int64(wi.scan, 1, items_from);
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		store_row_read(st, &r);
		if (f->with_items && (rc = walk_items_for(s, &wi, &r)) != 0)
			break;
		if ((rc = fn(ctx, &r)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = store_error(s, _("cannot read the airing log"));
	sqlite3_finalize(st);
	sqlite3_finalize(wi.scan);
	store_items_free(&wi.b);
	return rc;
}
