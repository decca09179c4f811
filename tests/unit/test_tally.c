/*
 * test_tally.c — the report's tally on a real station: a playlist airing
 * of a CCHC item and a health item counts one airing under each topic;
 * a partial airing counts what completed and lists the item that failed;
 * a missed airing is not aired and a problem, and counts under no topic.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "loa/airlog.h"
#include "loa/report.h"
#include "loa/store.h"
#include "loa/topic.h"
#include "unit_station.h"

#define T0   1709247600000LL /* 2024-03-01 06:00 in Asia/Ho_Chi_Minh */
#define HOUR 3600000LL

static const struct airlog_clip cchc = {1, "Thủ tục đăng ký khai sinh", "CCHC", "aa"};
static const struct airlog_clip health = {2, "Tiêm chủng mở rộng", "y tế", "bb"};
static const struct airlog_clip health2 = {3, "Phòng sốt xuất huyết", "sức khỏe", "cc"};
static const struct airlog_clip cchc2 = {4, "Dịch vụ công trực tuyến", "cải cách hành chính", "dd"};

/* Opens a programme's row at T0 + k hours. */
static int64_t
open_programme(struct store *s, int k)
{
	struct airlog_airing a = {.scheduled_ms = T0 + k * HOUR,
	                          .slot_id = 1 + k,
	                          .tier = "normal",
	                          .playlist = "Bản tin",
	                          .title = "Bản tin sáng"};
	int64_t row = airlog_begin(s, &a, a.scheduled_ms, 0);

	assert_true(row > 0);
	return row;
}

static void
item(struct store *s, int64_t row, int pos, const struct airlog_clip *c, double played, enum airlog_status st)
{
	assert_int_equal(airlog_item_begin(s, row, pos, c, T0), 0);
	assert_int_equal(airlog_item_end(s, row, pos, st, played,
	                                 st == AIRLOG_COMPLETED ? REASON_NONE : REASON_CLIP_CORRUPT, NULL),
	                 0);
}

/* A programme at T0 of a CCHC item (60 s) and a health item (40 s), both
 * completed. */
static void
air_cchc_and_health(struct store *s)
{
	int64_t row = open_programme(s, 0);

	item(s, row, 1, &cchc, 60.0, AIRLOG_COMPLETED);
	item(s, row, 2, &health, 40.0, AIRLOG_COMPLETED);
	assert_int_equal(airlog_end(s, row, AIRLOG_COMPLETED, T0 + 100000, 100.0, REASON_NONE, NULL), 0);
}

static const struct report_topic *
topic(const struct report *r, const char *name)
{
	for (int i = 0; i < r->ntopics; i++)
		if (strcmp(r->topics[i].topic, name) == 0)
			return &r->topics[i];
	fail_msg("no topic '%s' in the report", name);
	return NULL;
}

static void
build(struct unit_station *u, struct report *r)
{
	struct report_period p;

	assert_int_equal(report_period_parse('Q', "2024Q1", "Asia/Ho_Chi_Minh", &p), 0);
	store_close(u->s);
	assert_non_null(u->s = store_open(u->db, STORE_READONLY));
	assert_int_equal(report_build(u->s, &p, REPORT_EN, NULL, r), 0);
	assert_true(r->check.intact);
}

static void
test_playlist_items_count_under_their_topics(void **state)
{
	struct unit_station u;
	struct report r;

	(void)state;
	unit_station_make(&u, 1);
	air_cchc_and_health(u.s);
	build(&u, &r);
	/* "CCHC" was logged; the report counts it under the topic's name. */
	assert_int_equal(topic(&r, TOPIC_CCHC)->sums.airings, 1);
	assert_int_equal(topic(&r, TOPIC_CCHC)->sums.airtime_ms, 60000);
	assert_int_equal(topic(&r, TOPIC_CCHC)->sums.items, 1);
	assert_true(topic(&r, TOPIC_CCHC)->subject);
	assert_int_equal(topic(&r, "y tế")->sums.airings, 1);
	assert_int_equal(topic(&r, "y tế")->sums.airtime_ms, 40000);
	assert_false(topic(&r, "y tế")->subject);
	assert_int_equal(r.totals.programmes, 1); /* one programme ... */
	assert_int_equal(r.totals.airings, 2);    /* ... two item airings */
	assert_int_equal(r.totals.items, 2);
	assert_int_equal(r.totals.airtime_ms, 100000);
	assert_int_equal(r.subject.airings, 1);
	assert_int_equal(r.subject.programmes, 1);
	assert_int_equal(r.by_status[AIRLOG_COMPLETED], 1);
	assert_int_equal(r.nproblems, 0);
	report_free(&r);
	unit_station_done(&u);
}

static void
test_partial_and_missed(void **state)
{
	struct unit_station u;
	struct airlog_airing miss = {.scheduled_ms = T0 + 5 * HOUR,
	                             .slot_id = 9,
	                             .tier = "priority",
	                             .title = "Thông báo lịch tiêm",
	                             .topic = "y tế"};
	struct report r;
	int64_t b;

	(void)state;
	unit_station_make(&u, 1);
	air_cchc_and_health(u.s);
	/* Partial: the health item went out, the CCHC item's file was damaged. */
	b = open_programme(u.s, 1);
	item(u.s, b, 1, &health2, 30.0, AIRLOG_COMPLETED);
	item(u.s, b, 2, &cchc2, 0.0, AIRLOG_FAILED);
	assert_int_equal(
	    airlog_end(u.s, b, AIRLOG_PARTIAL, T0 + HOUR + 30000, 30.0, REASON_CLIP_CORRUPT, NULL), 0);
	assert_int_equal(airlog_record(u.s, &miss, AIRLOG_MISSED, REASON_MISSED_DOWNTIME, NULL), 0);
	build(&u, &r);
	/* "sức khỏe" is an alias of "y tế": two airings of two clips. */
	assert_int_equal(topic(&r, "y tế")->sums.airings, 2);
	assert_int_equal(topic(&r, "y tế")->sums.items, 2);
	assert_int_equal(topic(&r, "y tế")->sums.airtime_ms, 70000);
	/* The failed CCHC item is no airing: still one, of one clip. */
	assert_int_equal(topic(&r, TOPIC_CCHC)->sums.airings, 1);
	assert_int_equal(topic(&r, TOPIC_CCHC)->sums.items, 1);
	assert_int_equal(r.subject.airings, 1);
	assert_int_equal(r.subject.programmes, 1);
	assert_int_equal(r.totals.programmes, 2);
	assert_int_equal(r.totals.airings, 3);
	assert_int_equal(r.totals.not_aired, 1); /* the miss */
	assert_int_equal(r.by_status[AIRLOG_PARTIAL], 1);
	assert_int_equal(r.by_status[AIRLOG_MISSED], 1);
	assert_int_equal(r.nproblems, 2);
	/* By time: the partial programme's failed item, then the miss. */
	assert_int_equal(r.problems[0].id, b);
	assert_int_equal(r.problems[0].status, AIRLOG_FAILED);
	assert_string_equal(r.problems[0].item, cchc2.title);
	assert_int_equal(r.problems[0].why, REASON_CLIP_CORRUPT);
	assert_int_equal(r.problems[1].status, AIRLOG_MISSED);
	assert_string_equal(r.problems[1].item, "");
	assert_int_equal(r.problems[1].why, REASON_MISSED_DOWNTIME);
	report_free(&r);
	unit_station_done(&u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_playlist_items_count_under_their_topics),
	    cmocka_unit_test(test_partial_and_missed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
