/*
 * test_wire.c — an airing log row on the link's wire (airlog_wire.h) and
 * the JSON reader under it (json.h): rows written by the store's own
 * writers on a real station go out as JSON and come back with the very
 * hash they were stored with; any field changed on the way, a value as
 * much as a null, gives another hash; a message that is not a row, or
 * nests deeper than a row may, is refused with the field named.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "loa/airlog.h"
#include "loa/airlog_wire.h"
#include "loa/bulletin.h"
#include "loa/hash.h"
#include "loa/json.h"
#include "loa/store.h"
#include "unit_station.h"

#define T0 1709247600000LL /* 2024-03-01 06:00 in Asia/Ho_Chi_Minh */

/* The rows of a station, as JSON, one string per row. */
struct rows {
	char *json[8];
	char hash[8][65];
	int n;
};

static int
keep(void *ctx, const struct airlog_row *r)
{
	struct rows *x = ctx;
	size_t len = 0;
	FILE *f;

	assert_true(x->n < 8);
	f = open_memstream(&x->json[x->n], &len);
	assert_non_null(f);
	assert_int_equal(airlog_wire_write(f, r), 0);
	fclose(f);
	snprintf(x->hash[x->n], 65, "%s", r->hash);
	x->n++;
	return 0;
}

/* A station with a programme of two items, an emergency, and a missed
 * airing with nulls in it; its rows in x. */
static void
station_rows(struct unit_station *u, struct rows *x)
{
	struct airlog_airing a = {.scheduled_ms = T0,
	                          .slot_id = 1,
	                          .tier = "normal",
	                          .playlist = "Bản tin \"sáng\"\n",
	                          .title = "Bản tin sáng",
	                          .device = "default",
	                          .approved_by = "chủ tịch"};
	struct airlog_airing e = {.scheduled_ms = T0 + 3600000,
	                          .slot_id = 2,
	                          .tier = "emergency",
	                          .clip_id = 3,
	                          .title = "Bão số 3",
	                          .topic = "phòng chống thiên tai",
	                          .sha256 = "ab",
	                          .requested_by = "lan"};
	struct airlog_airing miss = {
	    .scheduled_ms = T0 - 3600000, .slot_id = 4, .tier = "priority", .title = "x"};
	struct airlog_clip c1 = {1, "Thủ tục hành chính mới", "CCHC", "aa"},
	                   c2 = {2, "Tiêm chủng", NULL, NULL};
	struct airlog_filter f = {.from_ms = AIRLOG_NONE, .to_ms = AIRLOG_NONE, .by_seq = 1, .with_items = 1};
	int64_t row;

	struct bulletin b = {.id = 17, .title = "Bão số 3", .tier = "emergency", .clip_id = 3};

	unit_station_make(u, 1);
	/* Clip 3 came from the hub as bulletin 17: its airing names it. */
	assert_int_equal(bulletin_add(u->s, &b), 0);
	assert_int_equal(bulletin_add(u->s, &b), 1);
	row = airlog_begin(u->s, &a, T0 + 1500, 1500);
	assert_true(row > 0);
	assert_int_equal(airlog_item_begin(u->s, row, 1, &c1, T0 + 1500), 0);
	assert_int_equal(airlog_item_end(u->s, row, 1, AIRLOG_COMPLETED, 60.0, REASON_NONE, NULL), 0);
	assert_int_equal(airlog_item_record(u->s, row, 2, &c2, AIRLOG_FAILED, REASON_CLIP_MISSING, NULL), 0);
	assert_int_equal(airlog_end(u->s, row, AIRLOG_PARTIAL, T0 + 61500, 60.0, REASON_CLIP_MISSING, NULL),
	                 0);
	row = airlog_begin(u->s, &e, T0 + 3600000, 0);
	assert_int_equal(
	    airlog_end(u->s, row, AIRLOG_INTERRUPTED, T0 + 3610000, 10.0, REASON_INTERRUPTED_STOP, "đã dừng"),
	    0);
	assert_int_equal(airlog_record(u->s, &miss, AIRLOG_MISSED, REASON_MISSED_DOWNTIME, NULL), 0);
	memset(x, 0, sizeof *x);
	assert_int_equal(airlog_each(u->s, &f, keep, x), 0);
	assert_int_equal(x->n, 3);
}

static void
free_rows(struct rows *x)
{
	for (int i = 0; i < x->n; i++)
		free(x->json[i]);
}

/* The hash of the row the JSON text holds, recomputed; 0 when read. */
static int
rehash(const char *json, char out[65], char *problem, size_t n)
{
	struct airlog_wire w = {0};
	const char *end = airlog_wire_read(&w, json);

	snprintf(problem, n, "%s", w.problem);
	if (end)
		airlog_row_hash(&w.row, w.row.prev_hash, out);
	airlog_wire_free(&w);
	return end ? 0 : -1;
}

/* Replaces the first "from" of text with "to" (a changed field). */
static char *
changed(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	char *out;

	if (!at)
		fail_msg("no %s in %s", from, text);
	out = malloc(strlen(text) + strlen(to) + 1);
	assert_non_null(out);
	sprintf(out, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	return out;
}

static void
test_round_trip(void **state)
{
	struct unit_station u;
	struct rows x;
	char h[65], problem[256];

	(void)state;
	station_rows(&u, &x);
	for (int i = 0; i < x.n; i++) {
		struct airlog_wire w = {0};
		assert_non_null(airlog_wire_read(&w, x.json[i]));
		airlog_row_hash(&w.row, w.row.prev_hash, h);
		assert_string_equal(h, x.hash[i]);
		assert_string_equal(w.row.hash, x.hash[i]);
		airlog_wire_free(&w);
	}
	assert_non_null(strstr(x.json[0], "\"items\":[{\"position\":1"));
	assert_non_null(strstr(x.json[0], "\"approved_by\":\"chủ tịch\""));
	assert_non_null(strstr(x.json[1], "\"requested_by\":\"lan\""));
	assert_non_null(strstr(x.json[1], "\"bulletin\":17"));
	assert_non_null(strstr(x.json[0], "\"bulletin\":null"));
	assert_non_null(strstr(x.json[2], "\"bulletin\":null"));
	assert_non_null(strstr(x.json[2], "\"started_ms\":null"));
	assert_non_null(strstr(x.json[2], "\"playlist\":null"));
	/* Every kind of change gives another hash: a text, a number, a null
	 * made empty, an item's field, a field that is there only when it is
	 * not null. */
	static const struct {
		int row;
		const char *from, *to;
	} edits[] = {
	    {0, "\"title\":\"Bản tin sáng\"", "\"title\":\"Bản tin chiều\""},
	    {0, "\"played_ms\":60000", "\"played_ms\":60001"},
	    {2, "\"device\":null", "\"device\":\"\""},
	    {0, "\"topic\":null", "\"topic\":\"y tế\""},
	    {1, "\"requested_by\":\"lan\"", "\"requested_by\":null"},
	    {1, "\"bulletin\":17", "\"bulletin\":null"},
	    {1, "\"bulletin\":17", "\"bulletin\":18"},
	    {0, "\"bulletin\":null", "\"bulletin\":17"},
	    {0, "\"prev_hash\":\"0", "\"prev_hash\":\"1"},
	};
	for (size_t k = 0; k < sizeof edits / sizeof edits[0]; k++) {
		char *t = changed(x.json[edits[k].row], edits[k].from, edits[k].to);
		assert_int_equal(rehash(t, h, problem, sizeof problem), 0);
		assert_string_not_equal(h, x.hash[edits[k].row]);
		free(t);
	}
	free_rows(&x);
	unit_station_done(&u);
}

static void
test_refused(void **state)
{
	struct unit_station u;
	struct rows x;
	char h[65], problem[256], *t;

	(void)state;
	station_rows(&u, &x);
	t = changed(x.json[0], "\"v\":2", "\"v\":null");
	assert_int_equal(rehash(t, h, problem, sizeof problem), -1);
	assert_string_equal(problem, "\"v\" may not be null");
	free(t);
	t = changed(x.json[0], "\"hash\":", "\"hush\":");
	assert_int_equal(rehash(t, h, problem, sizeof problem), -1);
	assert_string_equal(problem, "unknown field \"hush\"");
	free(t);
	t = changed(x.json[0], "\"status\":\"partial\"", "\"status\":\"fine\"");
	assert_int_equal(rehash(t, h, problem, sizeof problem), -1);
	assert_string_equal(problem, "\"status\" is not a status: 'fine'");
	free(t);
	t = changed(x.json[0], "\"position\":1,", "");
	assert_int_equal(rehash(t, h, problem, sizeof problem), -1);
	assert_string_equal(problem, "item 1 has no \"position\"");
	free(t);
	t = changed(x.json[0], "\"title\":\"Thủ tục hành chính mới\"", "\"title\":[[1]]");
	assert_int_equal(rehash(t, h, problem, sizeof problem), -1);
	free(t);
	t = changed(x.json[0], "\"bulletin\":null,", "");
	assert_int_equal(rehash(t, h, problem, sizeof problem), -1);
	assert_string_equal(problem, "the row has no \"bulletin\"");
	free(t);
	t = changed(x.json[1], "\"bulletin\":17", "\"bulletin\":0");
	assert_int_equal(rehash(t, h, problem, sizeof problem), -1);
	assert_string_equal(problem, "\"bulletin\" is not a positive number");
	free(t);
	t = changed(x.json[0], "\"v\":2", "\"v\":99999999999");
	assert_int_equal(rehash(t, h, problem, sizeof problem), -1);
	assert_string_equal(problem, "\"v\" is not a whole number");
	free(t);
	free_rows(&x);
	unit_station_done(&u);
}

/*
 * A row that names no bulletin is encoded exactly as before schema step 15
 * (the canonical encoding written out here by hand, as airlog_row.c
 * describes it), so every row already in a log keeps its hash; one that
 * names a bulletin has one more integer field just before prev_hash.
 */
static void
test_old_rows_keep_their_hash(void **state)
{
	static const char enc_head[] = "loa-airing-2\n"
	                               "i7\ni5\ni1782864000000\ni1782864000000\ni1782864305000\n"
	                               "i1782864305120\ni305000\nt9:completed\ni0\ni0\nn\nn\n"
	                               "i18\nt6:normal\ni4\nn\nt5:Sáng\nn\nn\nt7:default\n"
	                               "i0\nt12:chủ tịch\n";
	static const char prev[] = AIRLOG_GENESIS;
	struct airlog_row r = {.id = 7,
	                       .seq = 5,
	                       .v = 2,
	                       .scheduled_ms = 1782864000000,
	                       .started_ms = 1782864000000,
	                       .ended_ms = 1782864305000,
	                       .closed_ms = 1782864305120,
	                       .played_ms = 305000,
	                       .status = AIRLOG_COMPLETED,
	                       .reason = "",
	                       .reason_code = "",
	                       .slot_id = 18,
	                       .tier = "normal",
	                       .clip_id = 4,
	                       .playlist = "",
	                       .title = "Sáng",
	                       .topic = "",
	                       .sha256 = "",
	                       .device = "default",
	                       .requested_by = "",
	                       .approved_by = "chủ tịch",
	                       .null_mask = 1 | 128 | 4 | 16 | 32 | 512};
	char enc[1024], want[65], got[65];

	(void)state;
	snprintf(enc, sizeof enc, "%st%zu:%s\n", enc_head, strlen(prev), prev);
	hash_sha256_hex(enc, strlen(enc), want);
	airlog_row_hash(&r, prev, got);
	assert_string_equal(got, want);
	r.bulletin = 17;
	snprintf(enc, sizeof enc, "%si17\nt%zu:%s\n", enc_head, strlen(prev), prev);
	hash_sha256_hex(enc, strlen(enc), want);
	airlog_row_hash(&r, prev, got);
	assert_string_equal(got, want);
}

static int
count_member(void *ctx, const char *key, const char *p, const char *end)
{
	(void)key, (void)p, (void)end;
	++*(int *)ctx;
	return 0;
}

static void
test_json_bounds(void **state)
{
	static char deep[200000];
	int64_t v;
	int n = 0;

	(void)state;
	/* A million brackets cost a refusal, not the stack. */
	deep[0] = '{', deep[1] = '"', deep[2] = 'a', deep[3] = '"', deep[4] = ':';
	memset(deep + 5, '[', sizeof deep - 6);
	assert_int_equal(json_walk(deep, JSON_DEPTH_MAX, count_member, &n), -1);
	assert_int_equal(json_walk("{\"a\": [[1]], \"b\": {\"c\": [2]}}", 2, count_member, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(json_walk("{\"a\": [[1]]}", 1, count_member, &n), -1);
	assert_int_equal(json_walk("{\"a\": 1} x", 1, count_member, &n), -1);
	const char *big = "9223372036854775807", *over = "9223372036854775808", *min = "-9223372036854775808";
	assert_int_equal(json_int(big, big + strlen(big), &v), 0);
	assert_true(v == INT64_MAX);
	assert_int_equal(json_int(over, over + strlen(over), &v), -1);
	assert_int_equal(json_int(min, min + strlen(min), &v), 0);
	assert_true(v == INT64_MIN);
	assert_int_equal(json_int("1.5", "1.5" + 3, &v), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_old_rows_keep_their_hash),
	    cmocka_unit_test(test_json_bounds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
