/*
 * test_chain.c — the airing log's hash chain on a real station: airings
 * with items appended as the daemon appends them verify intact; one byte
 * of a stored row or of an item changed in the SQLite file behind loa's
 * back (its guards dropped, as a tamperer would) is named by its row.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "loa/airlog.h"
#include "loa/store.h"
#include "unit_station.h"

#define T0 1709247600000LL /* 2024-03-01 06:00 in Asia/Ho_Chi_Minh */

/* Airs a programme of two items at T0 + k hours; returns its row. */
static int64_t
air_programme(struct store *s, int k)
{
	struct airlog_airing a = {.scheduled_ms = T0 + k * 3600000LL,
	                          .slot_id = 1,
	                          .tier = "normal",
	                          .playlist = "Bản tin",
	                          .title = "Bản tin sáng",
	                          .device = "default"};
	struct airlog_clip c1 = {1, "Thủ tục hành chính mới", "CCHC", "aa"},
	                   c2 = {2, "Tiêm chủng", "y tế", NULL};
	int64_t row = airlog_begin(s, &a, a.scheduled_ms, 0);

	assert_true(row > 0);
	assert_int_equal(airlog_item_begin(s, row, 1, &c1, a.scheduled_ms), 0);
	assert_int_equal(airlog_item_end(s, row, 1, AIRLOG_COMPLETED, 60.0, REASON_NONE, NULL), 0);
	assert_int_equal(airlog_item_begin(s, row, 2, &c2, a.scheduled_ms + 60000), 0);
	assert_int_equal(airlog_progress(s, row, 90.0, 2, 30.0), 0);
	assert_int_equal(
	    airlog_end(s, row, AIRLOG_COMPLETED, a.scheduled_ms + 120000, 120.0, REASON_NONE, NULL), 0);
	return row;
}

/* Fills a station with n programmes and a missed airing; their rows in ids. */
static void
fill(struct unit_station *u, int n, int64_t *ids)
{
	struct airlog_airing miss = {
	    .scheduled_ms = T0 - 3600000, .slot_id = 2, .tier = "priority", .title = "Thông báo"};

	unit_station_make(u, 1);
	for (int k = 0; k < n; k++)
		ids[k] = air_programme(u->s, k);
	assert_int_equal(airlog_record(u->s, &miss, AIRLOG_MISSED, REASON_MISSED_DOWNTIME, NULL), 0);
	store_close(u->s);
	u->s = NULL;
}

/* Runs sql on the station's file directly, as someone with a SQLite shell. */
static void
tamper(const struct unit_station *u, const char *sql)
{
	sqlite3 *db;
	char *err = NULL;

	assert_int_equal(sqlite3_open(u->db, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	assert_int_equal(sqlite3_changes(db) > 0 || strncmp(sql, "DROP", 4) == 0, 1);
	sqlite3_close(db);
}

/* Tampers with the station by sql, then checks its chain: it must fail. */
static void
verify_broken(struct unit_station *u, const char *sql, struct airlog_check *c)
{
	tamper(u, sql);
	assert_non_null(u->s = store_open(u->db, STORE_READONLY));
	assert_int_equal(airlog_verify(u->s, c), 0);
	assert_false(c->intact);
}

static void
test_intact(void **state)
{
	struct unit_station u;
	struct airlog_check c;
	int64_t ids[3];

	(void)state;
	fill(&u, 3, ids);
	assert_non_null(u.s = store_open(u.db, STORE_READONLY));
	assert_int_equal(airlog_verify(u.s, &c), 0);
	assert_true(c.intact);
	assert_int_equal(c.rows, 4);
	assert_int_equal(c.items, 6);
	assert_int_equal(c.open, 0);
	assert_int_equal(strlen(c.head), 64);
	assert_string_not_equal(c.head, AIRLOG_GENESIS);
	unit_station_done(&u);
}

static void
test_changed_row_is_named(void **state)
{
	struct unit_station u;
	struct airlog_check c;
	char sql[256], want[64];
	int64_t ids[3];

	(void)state;
	fill(&u, 3, ids);
	/* One byte of the middle programme's title: "Bản tin sáng" -> "Bản tin sánG". */
	snprintf(
	    sql, sizeof sql,
	    "DROP TRIGGER airing_no_update; UPDATE airing SET title = 'Bản tin sánG' WHERE id = %" PRId64,
	    ids[1]);
	verify_broken(&u, sql, &c);
	assert_int_equal(c.bad_id, ids[1]);
	snprintf(want, sizeof want, "row %" PRId64 " ", ids[1]);
	assert_non_null(strstr(c.problem, want));
	assert_non_null(strstr(c.problem, "changed"));
	unit_station_done(&u);
}

static void
test_changed_item_names_its_row(void **state)
{
	struct unit_station u;
	struct airlog_check c;
	char sql[256];
	int64_t ids[3];

	(void)state;
	fill(&u, 3, ids);
	/* The seconds an item played, 30000 ms -> 39000 ms, on the last programme. */
	snprintf(sql, sizeof sql,
	         "DROP TRIGGER airing_item_no_update; UPDATE airing_item SET played_ms = played_ms + 9000"
	         " WHERE airing_id = %" PRId64 " AND position = 2",
	         ids[2]);
	verify_broken(&u, sql, &c);
	assert_int_equal(c.bad_id, ids[2]);
	assert_non_null(strstr(c.problem, "or its items were changed"));
	unit_station_done(&u);
}

static void
test_removed_last_row(void **state)
{
	struct unit_station u;
	struct airlog_check c;
	int64_t ids[2];

	(void)state;
	fill(&u, 2, ids);
	verify_broken(
	    &u, "DROP TRIGGER airing_no_delete; DELETE FROM airing WHERE seq = (SELECT max(seq) FROM airing)",
	    &c);
	assert_int_equal(c.bad_seq, 3);
	assert_non_null(strstr(c.problem, "removed"));
	unit_station_done(&u);
}

/*
 * The check from a mark (airlog_verify_mark, what loa web answers with):
 * a full pass first; then only the rows closed since and the last
 * AIRLOG_MARK_TAIL before the mark are re-hashed; a change there is seen
 * at once, a change to an older row only by the next full pass.
 */
#define MARKED 80 /* programmes: more than AIRLOG_MARK_TAIL rows */

/* A station of MARKED programmes (and the missed airing), open for
 * writing, its mark set by a full pass. */
static void
mark_fill(struct unit_station *u, int64_t *ids, struct airlog_mark *m)
{
	struct airlog_check c;

	fill(u, MARKED, ids);
	assert_non_null(u->s = store_open(u->db, 0));
	memset(m, 0, sizeof *m);
	assert_int_equal(airlog_verify_mark(u->s, m, &c), 0);
	assert_true(c.intact);
	assert_true(c.full);
	assert_int_equal(c.rehashed, MARKED + 1);
	assert_int_equal(m->seq, MARKED + 1);
	assert_string_equal(m->hash, c.head);
}

static void
test_mark_covers_new_rows(void **state)
{
	struct unit_station u;
	struct airlog_check c, whole;
	struct airlog_mark m;
	int64_t ids[MARKED];

	(void)state;
	mark_fill(&u, ids, &m);
	assert_int_equal(airlog_verify_mark(u.s, &m, &c), 0);
	assert_true(c.intact);
	assert_false(c.full);
	assert_int_equal(c.rehashed, AIRLOG_MARK_TAIL);
	assert_int_equal(c.rows, MARKED + 1);
	air_programme(u.s, MARKED + 1);
	air_programme(u.s, MARKED + 2);
	assert_int_equal(airlog_verify_mark(u.s, &m, &c), 0);
	assert_true(c.intact);
	assert_false(c.full);
	assert_int_equal(c.rehashed, AIRLOG_MARK_TAIL + 2);
	assert_int_equal(m.seq, MARKED + 3);
	/* What a full pass says, from the mark. */
	assert_int_equal(airlog_verify(u.s, &whole), 0);
	assert_true(whole.intact);
	assert_int_equal(c.rows, whole.rows);
	assert_int_equal(c.items, whole.items);
	assert_string_equal(c.head, whole.head);
	assert_string_equal(m.hash, whole.head);
	unit_station_done(&u);
}

/* One byte of row id's title changed, its guard dropped. */
static void
change_title(const struct unit_station *u, int64_t id)
{
	char sql[256];

	snprintf(sql, sizeof sql,
	         "DROP TRIGGER IF EXISTS airing_no_update;"
	         " UPDATE airing SET title = title || '.' WHERE id = %" PRId64,
	         id);
	tamper(u, sql);
}

static void
test_mark_sees_a_changed_newest_row(void **state)
{
	struct unit_station u;
	struct airlog_check c;
	struct airlog_mark m;
	int64_t ids[MARKED], newest;

	(void)state;
	mark_fill(&u, ids, &m);
	newest = ids[MARKED - 10]; /* in the tail before the mark */
	change_title(&u, newest);
	assert_int_equal(airlog_verify_mark(u.s, &m, &c), 0);
	assert_true(c.full);
	assert_false(c.intact);
	assert_int_equal(c.bad_id, newest);
	assert_int_equal(m.seq, 0);
	unit_station_done(&u);
}

static void
test_mark_sees_a_changed_new_row(void **state)
{
	struct unit_station u;
	struct airlog_check c;
	struct airlog_mark m;
	int64_t ids[MARKED], row;

	(void)state;
	mark_fill(&u, ids, &m);
	row = air_programme(u.s, MARKED + 1);
	air_programme(u.s, MARKED + 2);
	change_title(&u, row);
	assert_int_equal(airlog_verify_mark(u.s, &m, &c), 0);
	assert_true(c.full);
	assert_false(c.intact);
	assert_int_equal(c.bad_id, row);
	unit_station_done(&u);
}

static void
test_mark_misses_an_old_row_until_a_full_pass(void **state)
{
	struct unit_station u;
	struct airlog_check c;
	struct airlog_mark m;
	int64_t ids[MARKED];

	(void)state;
	mark_fill(&u, ids, &m);
	change_title(&u, ids[0]);
	/* The limit the console states: an old row is not re-hashed... */
	assert_int_equal(airlog_verify_mark(u.s, &m, &c), 0);
	assert_false(c.full);
	assert_true(c.intact);
	/* ...until the next full pass, which names it. */
	memset(&m, 0, sizeof m);
	assert_int_equal(airlog_verify_mark(u.s, &m, &c), 0);
	assert_true(c.full);
	assert_false(c.intact);
	assert_int_equal(c.bad_id, ids[0]);
	assert_int_equal(m.seq, 0);
	unit_station_done(&u);
}

static void
test_mark_sees_a_removed_last_row(void **state)
{
	struct unit_station u;
	struct airlog_check c;
	struct airlog_mark m;
	int64_t ids[MARKED];

	(void)state;
	mark_fill(&u, ids, &m);
	tamper(&u,
	       "DROP TRIGGER airing_no_delete; DELETE FROM airing WHERE seq = (SELECT max(seq) FROM airing)");
	assert_int_equal(airlog_verify_mark(u.s, &m, &c), 0);
	assert_true(c.full);
	assert_false(c.intact);
	assert_int_equal(c.bad_seq, MARKED + 1);
	unit_station_done(&u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_intact),
	    cmocka_unit_test(test_changed_row_is_named),
	    cmocka_unit_test(test_changed_item_names_its_row),
	    cmocka_unit_test(test_removed_last_row),
	    cmocka_unit_test(test_mark_covers_new_rows),
	    cmocka_unit_test(test_mark_sees_a_changed_newest_row),
	    cmocka_unit_test(test_mark_sees_a_changed_new_row),
	    cmocka_unit_test(test_mark_misses_an_old_row_until_a_full_pass),
	    cmocka_unit_test(test_mark_sees_a_removed_last_row),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
