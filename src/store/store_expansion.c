/*
 * store_expansion.c — the expansion cache table (schema step 5): each
 * slot's recurrence as libical last produced it, so that a new process
 * (`loa agenda`, `loa report`, the daemon starting) need not run libical's
 * iterator again for slots that have not changed.
 *
 * Key decisions:
 *  - The store keeps opaque rows: a slot id, a key naming what the row was
 *    made from, and a blob. agenda.c owns what they mean and checks every
 *    row it reads; a row whose key does not match is simply not used.
 *  - The rows are a cache, not the station's data: failing to write one is
 *    never an error (nothing is printed), and a slot's rows go with it
 *    (ON DELETE CASCADE).
 *  - Read-only commands (`loa agenda`, `loa report`) read rows but never
 *    write them: reading a station never changes its file (a damaged one
 *    above all). Rows are written by read-write processes: the daemon,
 *    `loa run --check`, `loa slot show`... (see agenda.c).
 */
#include <stdlib.h>
#include <string.h>

#include "loa/slot.h"
#include "store/store_internal.h"

const char store_schema_v5[] = "CREATE TABLE expansion (\n"
                               "  slot_id INTEGER PRIMARY KEY REFERENCES slot (id) ON DELETE CASCADE,\n"
                               "  key TEXT NOT NULL,\n"
                               "  data BLOB NOT NULL\n"
                               ");\n";

static const char sql_get[] = "SELECT data FROM expansion WHERE slot_id = ? AND key = ?";
static const char sql_put[] = "INSERT OR REPLACE INTO expansion (slot_id, key, data) VALUES (?, ?, ?)";

int
store_expansion_get(struct store *s, int64_t slot_id, const char *key, void **data, size_t *len)
{
	sqlite3_stmt *q = store_cached(s, sql_get);
	int rc = 0;

	*data = NULL, *len = 0;
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, slot_id);
	store_bind_text(q, 2, key);
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) == SQLITE_BLOB) {
		int n = sqlite3_column_bytes(q, 0);
		const void *p = sqlite3_column_blob(q, 0);
		if (n > 0 && p && (*data = malloc((size_t)n))) {
			memcpy(*data, p, (size_t)n);
			*len = (size_t)n, rc = 1;
		}
	}
	sqlite3_reset(q);
	return rc;
}

int
store_expansion_put(struct store *s, const struct store_expansion *v, size_t n)
{
	sqlite3 *db = n && !s->readonly ? s->db : NULL;
	sqlite3_stmt *q = NULL;
	int own = 0, rc = -1, before;

	if (!db)
		return n ? -1 : 0;
	/* The cache is no change of the station's (store_change_token). */
	before = sqlite3_total_changes(db);
	if (sqlite3_get_autocommit(db)) {
		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			return -1;
		own = 1;
	}
	if (sqlite3_prepare_v2(db, sql_put, -1, &q, NULL) != SQLITE_OK)
		goto done;
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(q, 1, v[i].slot_id);
		sqlite3_bind_text(q, 2, v[i].key, -1, SQLITE_STATIC);
		sqlite3_bind_blob64(q, 3, v[i].data, v[i].len, SQLITE_STATIC);
		int st = sqlite3_step(q);
		sqlite3_reset(q);
		/* A slot deleted meanwhile fails its foreign key: skip it. */
		if (st != SQLITE_DONE && st != SQLITE_CONSTRAINT && (st & 0xff) != SQLITE_CONSTRAINT)
			goto done;
	}
	rc = 0;
done:
	sqlite3_finalize(q);
	if (own)
		sqlite3_exec(db, rc == 0 ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
	if (own && !sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), rc = -1;
	/* Inside the caller's transaction, its end decides (a rollback
	 * quiets the whole of it; a commit is a change anyway). */
	if (own)
		s->quiet += sqlite3_total_changes(db) - before;
	return rc;
}

int
store_expansion_writable(const struct store *s)
{
	return !s->readonly;
}

int
store_expansion_clear(struct store *s)
{
	return store_exec(s, "DELETE FROM expansion");
}
