/*
 * store_link.c — schema step 14, the link to the hub (link_mark.h): one
 * row saying how far the hub has acknowledged the airing log, and the
 * problem the hub last named.
 *
 * Key decisions. One row, moved forward by the hub's word only; the rows
 * it counts are the airing log's own, read by seq (airlog_each, by_seq),
 * so the outbox needs no copy of them and no queue to drain: what is
 * after the mark is what is left to send, whatever happened in between.
 */
#include <stdio.h>
#include <string.h>

#include "loa/airlog.h"
#include "loa/i18n.h"
#include "loa/link_mark.h"
#include "store/store_internal.h"

const char store_schema_v14[] =
    "CREATE TABLE link_mark (\n"
    "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "  seq INTEGER NOT NULL,\n"
    "  hash TEXT NOT NULL,\n"
    "  acked_ms INTEGER NOT NULL,\n"
    "  problem_seq INTEGER NOT NULL DEFAULT 0,\n"
    "  problem_ms INTEGER NOT NULL DEFAULT 0,\n"
    "  problem_code TEXT NOT NULL DEFAULT '',\n"
    "  problem TEXT NOT NULL DEFAULT ''\n"
    ");\n"
    "INSERT INTO link_mark (id, seq, hash, acked_ms) VALUES (1, 0, '" AIRLOG_GENESIS "', 0);\n";

int
link_mark_get(struct store *s, struct link_mark *m)
{
	sqlite3_stmt *q = store_cached(
	    s, "SELECT m.seq, m.hash, m.acked_ms, (SELECT scheduled_ms FROM airing WHERE seq = m.seq),"
	       " (SELECT seq FROM airing_head WHERE id = 1), m.problem_seq, m.problem_ms, m.problem,"
	       " m.problem_code"
	       " FROM link_mark m WHERE m.id = 1");
	int rc;

	memset(m, 0, sizeof *m);
	if (!q)
		return -1;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		m->seq = sqlite3_column_int64(q, 0);
		snprintf(m->hash, sizeof m->hash, "%s", store_col_text(q, 1));
		m->acked_ms = sqlite3_column_int64(q, 2);
		m->through_ms =
		    sqlite3_column_type(q, 3) == SQLITE_NULL ? AIRLOG_NONE : sqlite3_column_int64(q, 3);
		m->head_seq = sqlite3_column_int64(q, 4);
		m->problem_seq = sqlite3_column_int64(q, 5);
		m->problem_ms = sqlite3_column_int64(q, 6);
		snprintf(m->problem, sizeof m->problem, "%s", store_col_text(q, 7));
		snprintf(m->problem_code, sizeof m->problem_code, "%s", store_col_text(q, 8));
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : store_error(s, _("cannot read how far the hub has acknowledged"));
}

int
link_mark_set(struct store *s, int64_t seq, const char *hash, int64_t now_ms)
{
	sqlite3_stmt *q =
	    store_cached(s, "UPDATE link_mark SET seq = ?1, hash = ?2, acked_ms = ?3,"
	                    " problem_seq = CASE WHEN problem_seq <= ?1 THEN 0 ELSE problem_seq END,"
	                    " problem = CASE WHEN problem_seq <= ?1 THEN '' ELSE problem END,"
	                    " problem_code = CASE WHEN problem_seq <= ?1 THEN '' ELSE problem_code END"
	                    " WHERE id = 1");

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, seq);
	sqlite3_bind_text(q, 2, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, now_ms);
	if (sqlite3_step(q) != SQLITE_DONE)
		return store_error(s, _("cannot record how far the hub has acknowledged"));
	return 0;
}

int
link_problem_set(struct store *s, int64_t seq, const char *code, const char *problem, int64_t now_ms)
{
	sqlite3_stmt *q = store_cached(s, "UPDATE link_mark SET problem_seq = ?, problem = ?, problem_ms = "
	                                  "?, problem_code = ? WHERE id = 1");

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, seq);
	sqlite3_bind_text(q, 2, problem, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, now_ms);
	sqlite3_bind_text(q, 4, code, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE)
		return store_error(s, _("cannot record what the hub refused"));
	return 0;
}

char *
link_problem_words(const struct link_mark *m, char *buf, size_t n)
{
	const char *words;

	if (m->problem_seq <= 0) {
		if (n)
			buf[0] = 0;
		return buf;
	}
	/* Stored as a code: said in the reader's language when it is read. */
	if (strcmp(m->problem_code, LINK_PROBLEM_CHANGED) == 0)
		words = _("it was changed after it was written (its hash does not match)");
	else if (strcmp(m->problem_code, LINK_PROBLEM_NOT_FOLLOW) == 0)
		words = _("it does not follow the row before it: a row was changed, inserted or removed");
	else if (strcmp(m->problem_code, LINK_PROBLEM_UNREADABLE) == 0)
		words = _("the hub could not read it");
	else if (strcmp(m->problem_code, LINK_PROBLEM_OTHER_HASH) == 0)
		words = _("the hub holds it with another hash");
	else
		words = m->problem; /* a newer hub's code: its own words */
	snprintf(buf, n, _("row %lld: %s"), (long long)m->problem_seq, words);
	return buf;
}
