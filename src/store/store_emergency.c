/*
 * store_emergency.c — schema step 13, the live console (issue 21): who
 * asked for an emergency, the airing log's column that names them, and
 * the daemon's heartbeat; and the emergency table's queries.
 *
 * Key decisions. An emergency is an ordinary one-off slot (emergency.h),
 * so the daemon finds it the way it finds every edit; this table only adds
 * who asked and when, one row per such slot, gone with it (ON DELETE
 * CASCADE). The airing log copies the requester into its row, as it
 * copies the title, so history outlives the slot: the column is added to
 * the table as it is (no rebuild of a long log), NULL for every row before
 * and for every airing of the schedule, and its value is hashed into the
 * row only when there is one (airlog_row.c), so the rows written before
 * keep their hashes. It is part of an airing's identity while it plays
 * (the trigger that guards that is remade with it). The heartbeat is one
 * more column of the daemon's one row (store_state.c).
 */
#include <stdio.h>
#include <string.h>

#include "loa/emergency.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "store/store_internal.h"

const char store_schema_v13[] =
    "CREATE TABLE emergency (\n"
    "  slot_id INTEGER PRIMARY KEY REFERENCES slot (id) ON DELETE CASCADE,\n"
    "  requested_ms INTEGER NOT NULL,\n"
    "  requested_by TEXT NOT NULL,\n"
    "  via TEXT NOT NULL\n"
    ");\n"
    "ALTER TABLE airing ADD COLUMN requested_by TEXT;\n"
    "DROP TRIGGER airing_fixed_identity;\n"
    "CREATE TRIGGER airing_fixed_identity BEFORE UPDATE ON airing WHEN OLD.status = 'playing' AND (\n"
    "  NEW.id IS NOT OLD.id OR NEW.v IS NOT OLD.v OR NEW.scheduled_ms IS NOT OLD.scheduled_ms\n"
    "  OR NEW.started_ms IS NOT OLD.started_ms OR NEW.slot_id IS NOT OLD.slot_id\n"
    "  OR NEW.clip_id IS NOT OLD.clip_id OR NEW.title IS NOT OLD.title\n"
    "  OR NEW.sha256 IS NOT OLD.sha256 OR NEW.requested_by IS NOT OLD.requested_by\n"
    "  OR NEW.played_ms < OLD.played_ms)\n"
    "BEGIN SELECT RAISE(ABORT, 'the airing log: what is airing cannot change while it plays'); END;\n"
    "ALTER TABLE daemon_state ADD COLUMN heartbeat_ms INTEGER NOT NULL DEFAULT 0;\n";

int
store_emergency_add(struct store *s, const struct emergency_request *r)
{
	sqlite3_stmt *q = store_cached(s, "INSERT INTO emergency (slot_id, requested_ms, requested_by, via)"
	                                  " VALUES (?, ?, ?, ?)");

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, r->slot_id);
	sqlite3_bind_int64(q, 2, r->requested_ms);
	store_bind_text(q, 3, r->requested_by);
	store_bind_text(q, 4, r->via);
	if (sqlite3_step(q) != SQLITE_DONE)
		return store_error(s, _("cannot record the emergency"));
	return 0;
}

int
store_emergency_get(struct store *s, int64_t slot_id, struct emergency_request *out)
{
	sqlite3_stmt *q = store_cached(s, "SELECT requested_ms, requested_by, via FROM emergency"
	                                  " WHERE slot_id = ?");
	int rc;

	memset(out, 0, sizeof *out);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, slot_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return store_error(s, _("cannot read the emergency"));
	out->slot_id = slot_id;
	out->requested_ms = sqlite3_column_int64(q, 0);
	snprintf(out->requested_by, sizeof out->requested_by, "%s", store_col_text(q, 1));
	snprintf(out->via, sizeof out->via, "%s", store_col_text(q, 2));
	sqlite3_reset(q);
	return 1;
}
