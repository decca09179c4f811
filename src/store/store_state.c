/*
 * store_state.c — the daemon's own word on how it is (schema step 9): one
 * row, written by the playout when it starts and each time it tries the
 * sound device, read by `loa status` and the web console.
 *
 * Key decisions. One row, replaced whole: a reader wants the latest word,
 * not a history (the airing log is the history). It is written only when
 * the daemon already does something — starting, opening the device for an
 * airing, failing to — and, from step 13 on (store_emergency.c), as a
 * heartbeat at most once a minute, the one write an idle daemon wakes for
 * (playout.h, playout_heartbeat). Whether
 * the daemon runs now is not stored: a row cannot say its writer died; the
 * daemon's lock tells that (playout.h, playout_running()).
 */
#include <stdio.h>
#include <string.h>

#include "store/store_internal.h"

const char store_schema_v9[] = "CREATE TABLE daemon_state (\n"
                               "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
                               "  pid INTEGER NOT NULL,\n"
                               "  version TEXT NOT NULL,\n"
                               "  started_ms INTEGER NOT NULL,\n"
                               "  checked_ms INTEGER NOT NULL,\n" /* 0: the device not tried yet */
                               "  device_ok INTEGER NOT NULL CHECK (device_ok IN (-1, 0, 1)),\n"
                               "  device TEXT NOT NULL,\n"
                               "  reason_code TEXT NOT NULL,\n"
                               "  detail TEXT NOT NULL\n"
                               ");\n";

int
store_daemon_state_put(struct store *s, const struct daemon_state *d)
{
	sqlite3_stmt *q =
	    store_cached(s, "INSERT OR REPLACE INTO daemon_state (id, pid, version, started_ms, "
	                    "checked_ms, device_ok, device, reason_code, detail, heartbeat_ms) "
	                    "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)");

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, d->pid);
	sqlite3_bind_text(q, 2, d->version, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, d->started_ms);
	sqlite3_bind_int64(q, 4, d->checked_ms);
	sqlite3_bind_int(q, 5, d->device_ok);
	sqlite3_bind_text(q, 6, d->device, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 7, d->reason_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 8, d->detail, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 9, d->heartbeat_ms);
	if (sqlite3_step(q) != SQLITE_DONE)
		return store_error(s, "cannot write the daemon's state");
	return 0;
}

int
store_daemon_heartbeat(struct store *s, int64_t now_ms)
{
	sqlite3_stmt *q = store_cached(s, "UPDATE daemon_state SET heartbeat_ms = ? WHERE id = 1");

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, now_ms);
	if (sqlite3_step(q) != SQLITE_DONE)
		return store_error(s, "cannot write the daemon's heartbeat");
	return 0;
}

int
store_daemon_state_get(struct store *s, struct daemon_state *out)
{
	sqlite3_stmt *q = store_cached(s, "SELECT pid, version, started_ms, checked_ms, device_ok, device, "
	                                  "reason_code, detail, heartbeat_ms FROM daemon_state WHERE id = 1");
	int rc;

	memset(out, 0, sizeof *out);
	out->device_ok = -1;
	if (!q)
		return -1;
	rc = sqlite3_step(q);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW) {
		store_error(s, "cannot read the daemon's state");
		sqlite3_reset(q);
		return -1;
	}
	out->pid = sqlite3_column_int64(q, 0);
	snprintf(out->version, sizeof out->version, "%s", store_col_text(q, 1));
	out->started_ms = sqlite3_column_int64(q, 2);
	out->checked_ms = sqlite3_column_int64(q, 3);
	out->device_ok = sqlite3_column_int(q, 4);
	snprintf(out->device, sizeof out->device, "%s", store_col_text(q, 5));
	snprintf(out->reason_code, sizeof out->reason_code, "%s", store_col_text(q, 6));
	snprintf(out->detail, sizeof out->detail, "%s", store_col_text(q, 7));
	out->heartbeat_ms = sqlite3_column_int64(q, 8);
	/* Reset, not left on its row: a statement left stepping keeps the
	 * connection's read transaction open, and a long-lived process (loa
	 * web) would then read the station as it was and fail to write once
	 * another process had written. */
	sqlite3_reset(q);
	return 1;
}
