/*
 * test_approval_store.c — the leader's approval in the store (approval.h) on a
 * real station: the state each author's write leaves (an officer's waits
 * only when the station requires it; a leader's and the technician's are
 * approved at once), the queue, the decisions and their refusals (a
 * rejection without a reason, a stale version), the audit entries, and the
 * airing log row's approver: outside the hash encoding when absent, inside
 * when present.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "loa/account.h"
#include "loa/airlog.h"
#include "loa/approval.h"
#include "loa/journal.h"
#include "loa/slot.h"
#include "loa/store.h"
#include "unit_station.h"

static int64_t
add_slot(struct store *s, const char *uid)
{
	struct slot sl = {.uid = (char *)uid,
	                  .title = (char *)"Tin",
	                  .enabled = 1,
	                  .vevent =
	                      (char *)"BEGIN:VEVENT\r\nUID:x\r\nDTSTART:20240304T060000\r\nEND:VEVENT\r\n"};

	assert_int_equal(store_slot_add(s, &sl), 0);
	return sl.id;
}

static enum approval
state_of(struct store *s, int64_t id, struct approval_state *a)
{
	approval_state_clear(a);
	assert_int_equal(approval_get(s, APPROVAL_SLOT, id, a), 0);
	return a->state;
}

static int
count_audit(void *ctx, const struct audit_entry *e)
{
	(void)e;
	++*(int *)ctx;
	return 0;
}

static void
test_states_follow_the_author_and_the_setting(void **state)
{
	struct unit_station u;
	struct approval_state a = {0};
	struct approval_entry *q;
	size_t n;
	int64_t id;

	(void)state;
	unit_station_make(&u, 1);
	/* Off: an officer's change airs at once, no approver named. */
	store_actor_set(u.s, "can.bo", 1);
	id = add_slot(u.s, "a");
	assert_int_equal(state_of(u.s, id, &a), APPROVAL_APPROVED);
	assert_string_equal(a.by, "");
	/* Required: it waits, naming who asked; the queue has it. */
	assert_int_equal(store_approval_set_required(u.s, 1), 0);
	assert_int_equal(store_approval_required(u.s), 1);
	id = add_slot(u.s, "b");
	assert_int_equal(state_of(u.s, id, &a), APPROVAL_PENDING);
	assert_string_equal(a.asked_by, "can.bo");
	assert_int_equal(approval_queue(u.s, &q, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(q[0].id, id);
	assert_int_equal(q[0].kind, APPROVAL_SLOT);
	approval_queue_free(q, n);
	/* A leader's own: approved at once, by the leader, at its version. */
	store_actor_set(u.s, "chu.tich", 0);
	int64_t lead = add_slot(u.s, "c");
	assert_int_equal(state_of(u.s, lead, &a), APPROVAL_APPROVED);
	assert_string_equal(a.by, "chu.tich");
	assert_int_equal(a.version, 1);
	/* The technician (no account): approved, no approver. */
	store_actor_set(u.s, NULL, 0);
	int64_t tech = add_slot(u.s, "d");
	assert_int_equal(state_of(u.s, tech, &a), APPROVAL_APPROVED);
	assert_string_equal(a.by, "");
	approval_state_clear(&a);
	unit_station_done(&u);
}

static void
test_decisions_and_their_refusals(void **state)
{
	struct unit_station u;
	struct unit_log l;
	struct approval_state a = {0};
	struct slot sl;
	int64_t id;
	int entries = 0;

	(void)state;
	unit_station_make(&u, 1);
	assert_int_equal(store_approval_set_required(u.s, 1), 0);
	store_actor_set(u.s, "can.bo", 1);
	id = add_slot(u.s, "a");
	unit_log_catch(&l);
	/* A rejection needs a reason; a stale version is refused. */
	assert_int_equal(approval_record(u.s, APPROVAL_SLOT, id, 0, "chu.tich", "local", 0, ""), -1);
	assert_int_equal(l.kind, ERR_INPUT);
	assert_int_equal(approval_record(u.s, APPROVAL_SLOT, id, 5, "chu.tich", "local", 1, NULL), -1);
	assert_int_equal(l.kind, ERR_IN_USE);
	assert_int_equal(approval_record(u.s, APPROVAL_SLOT, 999, 0, "chu.tich", "local", 1, NULL), 1);
	unit_log_release();
	assert_int_equal(state_of(u.s, id, &a), APPROVAL_PENDING);
	/* Rejected with its reason, then approved at its version. */
	assert_int_equal(approval_record(u.s, APPROVAL_SLOT, id, 1, "chu.tich", "local", 0, "Sai giờ"), 0);
	assert_int_equal(state_of(u.s, id, &a), APPROVAL_REJECTED);
	assert_string_equal(a.reason, "Sai giờ");
	assert_int_equal(approval_record(u.s, APPROVAL_SLOT, id, 1, "chu.tich", "local", 1, NULL), 0);
	assert_int_equal(state_of(u.s, id, &a), APPROVAL_APPROVED);
	assert_null(a.reason);
	assert_int_equal(a.version, 1);
	char by[64];
	assert_int_equal(approval_slot_approver(u.s, id, by, sizeof by), 0);
	assert_string_equal(by, "chu.tich");
	assert_int_equal(audit_each(u.s, 0, 0, count_audit, &entries), 0);
	assert_int_equal(entries, 2);
	/* The officer changes it: waiting again, no approver. */
	assert_int_equal(store_slot_get(u.s, id, &sl), 0);
	assert_int_equal(store_slot_update(u.s, &sl), 0);
	slot_clear(&sl);
	assert_int_equal(state_of(u.s, id, &a), APPROVAL_PENDING);
	assert_int_equal(approval_slot_approver(u.s, id, by, sizeof by), 0);
	assert_string_equal(by, "");
	approval_state_clear(&a);
	unit_station_done(&u);
}

static void
test_approver_is_hashed_only_when_present(void **state)
{
	struct airlog_row r = {.id = 1,
	                       .seq = 1,
	                       .v = 2,
	                       .status = AIRLOG_COMPLETED,
	                       .reason = "",
	                       .reason_code = "",
	                       .tier = "normal",
	                       .playlist = "",
	                       .title = "Tin",
	                       .topic = "",
	                       .sha256 = "",
	                       .device = "",
	                       .null_mask = 1 | 128};
	char none[65], absent[65], named[65], other[65];

	(void)state;
	airlog_row_hash(&r, AIRLOG_GENESIS, none);
	r.approved_by = "";
	r.null_mask |= 256; /* SQL NULL, as read from a row written before */
	airlog_row_hash(&r, AIRLOG_GENESIS, absent);
	assert_string_equal(none, absent);
	r.approved_by = "chu.tich";
	r.null_mask &= ~256;
	airlog_row_hash(&r, AIRLOG_GENESIS, named);
	assert_string_not_equal(none, named);
	r.approved_by = "ai.do";
	airlog_row_hash(&r, AIRLOG_GENESIS, other);
	assert_string_not_equal(named, other);
}

static int
approver_of(void *ctx, const struct airlog_row *r)
{
	char *out = ctx;

	snprintf(out + strlen(out), 128, "%s/%s|", r->null_mask & 256 ? "(none)" : r->approved_by,
	         r->null_mask & 512 ? "(none)" : r->requested_by);
	return 0;
}

/* An airing the log could not take waits in the journal with its
 * approver (an "A 2" line), who asked for it now (an emergency: "A 3") or
 * both ("A 4"), and is replayed with them, in the chain. */
static void
test_journal_keeps_the_approver(void **state)
{
	struct unit_station u;
	struct journal_airing j = {.status = AIRLOG_COMPLETED, .played_s = 1.0, .ended_ms = 1709510401000LL};
	struct airlog_check c;
	char path[400], line[256] = "", seen[512] = "";
	FILE *f;

	(void)state;
	unit_station_make(&u, 1);
	j.a = (struct airlog_airing){.scheduled_ms = 1709510400000LL,
	                             .slot_id = 1,
	                             .tier = "normal",
	                             .title = "Tin",
	                             .approved_by = "chu.tich"};
	j.started_ms = j.a.scheduled_ms;
	assert_int_equal(journal_append(u.db, &j), 0);
	j.a.slot_id = 2;
	j.a.approved_by = NULL;
	assert_int_equal(journal_append(u.db, &j), 0);
	j.a.slot_id = 3;
	j.a.requested_by = "can.bo";
	assert_int_equal(journal_append(u.db, &j), 0);
	j.a.slot_id = 4;
	j.a.approved_by = "chu.tich";
	assert_int_equal(journal_append(u.db, &j), 0);
	assert_int_equal(journal_path(u.db, path, sizeof path), 0);
	assert_non_null(f = fopen(path, "r"));
	assert_non_null(fgets(line, sizeof line, f));
	assert_int_equal(strncmp(line, "A\t2\t", 4), 0);
	assert_non_null(strstr(line, "\tchu.tich\n"));
	assert_non_null(fgets(line, sizeof line, f));
	assert_int_equal(strncmp(line, "A\t1\t", 4), 0);
	assert_non_null(fgets(line, sizeof line, f));
	assert_int_equal(strncmp(line, "A\t3\t", 4), 0);
	assert_non_null(strstr(line, "\tcan.bo\t0\n"));
	assert_non_null(fgets(line, sizeof line, f));
	assert_int_equal(strncmp(line, "A\t4\t", 4), 0);
	assert_non_null(strstr(line, "\tcan.bo\t0\tchu.tich\n"));
	fclose(f);
	assert_int_equal(journal_replay(u.s, u.db), 4);
	assert_int_equal(airlog_each(u.s,
	                             &(struct airlog_filter){.from_ms = AIRLOG_NONE, .to_ms = AIRLOG_NONE},
	                             approver_of, seen),
	                 0);
	assert_string_equal(seen, "chu.tich/(none)|(none)/(none)|(none)/can.bo|chu.tich/can.bo|");
	assert_int_equal(airlog_verify(u.s, &c), 0);
	assert_true(c.intact);
	assert_int_equal(c.rows, 4);
	unit_station_done(&u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_states_follow_the_author_and_the_setting),
	    cmocka_unit_test(test_decisions_and_their_refusals),
	    cmocka_unit_test(test_approver_is_hashed_only_when_present),
	    cmocka_unit_test(test_journal_keeps_the_approver),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
