/*
 * test_store.c — the station store on real SQLite files: created, reopened,
 * opened read-only; a clip and a slot written and read back; a playlist
 * renamed, and the slots that air it (in their series or one moved
 * occurrence) following it; a file that is not a station refused with the
 * kind of error and the advice a front end words.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "loa/clip.h"
#include "loa/log.h"
#include "loa/slot.h"
#include "loa/slot_uses.h"
#include "loa/store.h"
#include "unit_station.h"

static void
put_le(FILE *f, uint32_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		putc((int)((v >> (8 * i)) & 0xff), f);
}

/* One second of a 440 Hz tone at -20 dBFS: 48 kHz, mono, 16-bit PCM. */
static void
write_wav(const char *path)
{
	const uint32_t rate = 48000, n = 48000;
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fputs("RIFF", f);
	put_le(f, 36 + 2 * n, 4);
	fputs("WAVEfmt ", f);
	put_le(f, 16, 4);
	put_le(f, 1, 2); /* PCM */
	put_le(f, 1, 2); /* mono */
	put_le(f, rate, 4);
	put_le(f, rate * 2, 4);
	put_le(f, 2, 2);
	put_le(f, 16, 2);
	fputs("data", f);
	put_le(f, 2 * n, 4);
	for (uint32_t i = 0; i < n; i++)
		put_le(f, (uint32_t)(uint16_t)(int16_t)lrint(3277.0 * sin(2 * M_PI * 440.0 * i / rate)), 2);
	assert_int_equal(fclose(f), 0);
}

static void
test_create_reopen_readonly(void **state)
{
	struct unit_station u;
	struct station st;
	struct store *s;
	struct unit_log l;

	(void)state;
	unit_station_make(&u, 1);
	store_close(u.s);
	u.s = NULL;
	/* Reopened for writing: the settings written at creation. */
	assert_non_null(s = store_open(u.db, 0));
	assert_int_equal(store_station_get(s, &st), 0);
	assert_string_equal(st.name, "Đài truyền thanh xã Thử");
	assert_string_equal(st.tz, "Asia/Ho_Chi_Minh");
	assert_int_equal(store_readonly(s), 0);
	store_close(s);
	/* Read-only: the same station, and a write is refused. */
	assert_non_null(s = store_open(u.db, STORE_READONLY));
	assert_int_equal(store_readonly(s), 1);
	assert_int_equal(store_station_get(s, &st), 0);
	assert_string_equal(st.tz, "Asia/Ho_Chi_Minh");
	unit_log_catch(&l);
	snprintf(st.name, sizeof st.name, "%s", "Đổi tên");
	assert_int_not_equal(store_station_set(s, &st), 0);
	unit_log_release();
	assert_true(l.errors > 0);
	store_close(s);
	/* Creating over it is refused: it exists. */
	unit_log_catch(&l);
	assert_null(store_open(u.db, STORE_CREATE));
	unit_log_release();
	assert_int_equal(l.kind, ERR_EXISTS);
	assert_int_equal(l.advice, ADVICE_DB_EXISTS);
	unit_station_done(&u);
}

static void
test_clip_and_slot_round_trip(void **state)
{
	struct unit_station u;
	struct clip_import_opts o = {.title = "Thông báo tiêm chủng", .topic = "y tế", .target_lufs = -23};
	struct slot sl = {0}, back = {0};
	struct clip c;
	char wav[320];
	int64_t id = 0, again = 0;

	(void)state;
	unit_station_make(&u, 1);
	snprintf(wav, sizeof wav, "%s/tone.wav", u.dir);
	write_wav(wav);
	assert_int_equal(clip_import(u.s, wav, &o, &id), 0);
	assert_true(id > 0);
	assert_int_equal(clip_import(u.s, wav, &o, &again), 1); /* the same bytes: that clip */
	assert_int_equal(again, id);
	store_close(u.s);
	assert_non_null(u.s = store_open(u.db, STORE_READONLY));
	assert_int_equal(clip_get(u.s, id, &c), 0);
	assert_string_equal(c.title, "Thông báo tiêm chủng");
	assert_string_equal(c.topic, "y tế");
	assert_int_equal(c.sample_rate, 48000);
	assert_int_equal(c.channels, 1);
	assert_true(fabs(c.duration_s - 1.0) < 0.01);
	assert_string_equal(c.original_name, "tone.wav");
	assert_true(fabs(c.loudness_lufs - -23.0) > 0.5); /* measured, not the target */
	store_close(u.s);

	assert_non_null(u.s = store_open(u.db, 0));
	sl.uid = "unit-slot-1@loa";
	sl.title = "Bản tin sáng";
	sl.vevent = "BEGIN:VEVENT\r\nUID:unit-slot-1@loa\r\nDTSTART;TZID=Asia/Ho_Chi_Minh:20240301T060000\r\n"
	            "RRULE:FREQ=DAILY\r\nSUMMARY:Bản tin sáng\r\nEND:VEVENT\r\n";
	sl.clip_id = id;
	sl.tier = TIER_PRIORITY;
	sl.enabled = 1;
	sl.source = "add";
	assert_int_equal(store_slot_add(u.s, &sl), 0);
	assert_true(sl.id > 0);
	store_close(u.s);
	assert_non_null(u.s = store_open(u.db, STORE_READONLY));
	assert_int_equal(store_slot_get_uid(u.s, "unit-slot-1@loa", &back), 0);
	assert_int_equal(back.id, sl.id);
	assert_string_equal(back.title, "Bản tin sáng");
	assert_string_equal(back.vevent, sl.vevent);
	assert_int_equal(back.clip_id, id);
	assert_null(back.playlist);
	assert_int_equal(back.tier, TIER_PRIORITY);
	assert_int_equal(back.enabled, 1);
	assert_int_equal(store_slot_count_clip(u.s, id), 1);
	slot_clear(&back);
	assert_int_equal(store_slot_get(u.s, sl.id + 1, &back), 1); /* none: quiet */
	unit_station_done(&u);
}

/* A slot of the station: its event at 06:00 daily from 1 March 2024, with
 * override (a moved occurrence's lines) when not NULL. */
static int64_t
add_slot(struct store *s, const char *uid, int64_t clip, const char *playlist, const char *override)
{
	struct slot sl = {0};
	char text[1024];

	snprintf(text, sizeof text,
	         "BEGIN:VEVENT\r\nUID:%s\r\nDTSTART;TZID=Asia/Ho_Chi_Minh:20240301T060000\r\n"
	         "RRULE:FREQ=DAILY\r\nSUMMARY:%s\r\nEND:VEVENT\r\n%s%s%s%s",
	         uid, uid, override ? "BEGIN:VEVENT\r\nUID:" : "", override ? uid : "",
	         override ? "\r\nRECURRENCE-ID;TZID=Asia/Ho_Chi_Minh:20240302T060000\r\n"
	                    "DTSTART;TZID=Asia/Ho_Chi_Minh:20240302T070000\r\n"
	                  : "",
	         override ? override : "");
	sl.uid = (char *)uid;
	sl.title = (char *)uid;
	sl.vevent = text;
	sl.clip_id = clip;
	sl.playlist = (char *)playlist;
	sl.enabled = 1;
	sl.source = "add";
	assert_int_equal(store_slot_add(s, &sl), 0);
	return sl.id;
}

static int
holder(const struct playlist *p, void *arg)
{
	char *names = arg;

	snprintf(names + strlen(names), 256 - strlen(names), "%s:%d;", p->name, p->nclips);
	return 0;
}

static void
test_playlist_rename_and_its_slots(void **state)
{
	struct unit_station u;
	struct clip_import_opts o = {.title = "Nhạc hiệu", .target_lufs = -23};
	struct unit_log l;
	struct playlist p;
	struct slot back;
	char wav[320], stored[PLAYLIST_NAME_MAX], names[256] = "";
	int64_t clip = 0, two[2], *ids, a, b, c, d;
	size_t n;

	(void)state;
	unit_station_make(&u, 1);
	snprintf(wav, sizeof wav, "%s/tone.wav", u.dir);
	write_wav(wav);
	assert_int_equal(clip_import(u.s, wav, &o, &clip), 0);
	two[0] = two[1] = clip;
	assert_int_equal(playlist_create(u.s, "Tin sáng", two, 2), 0);
	assert_int_equal(playlist_create(u.s, "Tin chiều", NULL, 0), 0);
	/* The series airs it; a moved occurrence names it in other capitals
	 * and spacing; another playlist; the clip alone. */
	a = add_slot(u.s, "a@loa", 0, "Tin sáng", NULL);
	b = add_slot(u.s, "b@loa", clip, NULL, "X-LOA-PLAYLIST:tin  SÁNG\r\nEND:VEVENT\r\n");
	c = add_slot(u.s, "c@loa", 0, "Tin chiều", NULL);
	d = add_slot(u.s, "d@loa", clip, NULL, NULL);

	assert_int_equal(slot_uses(u.s, 0, "TIN SÁNG", &ids, &n), 0);
	assert_int_equal(n, 2);
	assert_true(ids[0] == a && ids[1] == b);
	free(ids);
	assert_int_equal(slot_uses(u.s, clip, NULL, &ids, &n), 0);
	assert_int_equal(n, 2);
	assert_true(ids[0] == b && ids[1] == d);
	free(ids);
	assert_int_equal(slot_uses(u.s, 0, "không có", &ids, &n), 0);
	assert_int_equal(n, 0);
	assert_null(ids);
	assert_int_equal(playlist_foreach_holding(u.s, clip, holder, names), 0);
	assert_string_equal(names, "Tin sáng:2;");

	/* Another playlist's name, in any capitals: refused, nothing changed. */
	unit_log_catch(&l);
	assert_int_equal(slot_playlist_rename(u.s, "tin sáng", "TIN CHIỀU", stored), -1);
	unit_log_release();
	assert_int_equal(l.kind, ERR_EXISTS);
	assert_int_equal(l.advice, ADVICE_PLAYLIST_NAME);
	assert_int_equal(playlist_find(u.s, "Tin sáng", &p), 0);
	playlist_release(&p);
	assert_int_equal(slot_playlist_rename(u.s, "không có", "Tin tối", stored), 1);

	/* Renamed: stored clean, and every slot that aired it follows. */
	assert_int_equal(store_begin(u.s), 0);
	assert_int_equal(slot_playlist_rename(u.s, "tin sáng", "  Bản tin   sáng ", stored), 0);
	assert_int_equal(store_commit(u.s), 0);
	assert_string_equal(stored, "Bản tin sáng");
	assert_int_equal(playlist_find(u.s, "Tin sáng", &p), 1);
	assert_int_equal(playlist_find(u.s, "bản tin sáng", &p), 0);
	assert_string_equal(p.name, "Bản tin sáng");
	assert_int_equal(p.nclips, 2);
	playlist_release(&p);
	assert_int_equal(store_slot_get(u.s, a, &back), 0);
	assert_string_equal(back.playlist, "Bản tin sáng");
	slot_clear(&back);
	assert_int_equal(store_slot_get(u.s, b, &back), 0);
	assert_null(back.playlist);
	assert_int_equal(back.clip_id, clip);
	assert_non_null(strstr(back.vevent, "X-LOA-PLAYLIST:Bản tin sáng"));
	assert_null(strstr(back.vevent, "SÁNG"));
	slot_clear(&back);
	assert_int_equal(store_slot_get(u.s, c, &back), 0);
	assert_string_equal(back.playlist, "Tin chiều");
	slot_clear(&back);
	assert_int_equal(slot_uses(u.s, 0, "Bản tin sáng", &ids, &n), 0);
	assert_int_equal(n, 2);
	free(ids);
	/* Its own name in other capitals is a name it may take. */
	assert_int_equal(playlist_rename(u.s, "bản tin sáng", "Bản Tin Sáng", stored), 0);
	assert_string_equal(stored, "Bản Tin Sáng");
	unit_station_done(&u);
}

/* Each change counts a version, written only over the version it was
 * read at; a removed slot's number is never given again. */
static void
test_slot_version_and_numbers(void **state)
{
	struct unit_station u;
	struct unit_log l;
	struct slot a = {0}, b = {0}, back, stale;
	int64_t first;

	(void)state;
	unit_station_make(&u, 1);
	a.uid = "unit-version-a@loa", b.uid = "unit-version-b@loa";
	a.title = b.title = "Tin";
	a.vevent = b.vevent = "BEGIN:VEVENT\r\nUID:x\r\nDTSTART:20240301T060000Z\r\nEND:VEVENT\r\n";
	a.enabled = b.enabled = 1;
	a.source = b.source = "add";
	assert_int_equal(store_slot_add(u.s, &a), 0);
	assert_int_equal(a.version, 1);
	assert_int_equal(store_slot_get(u.s, a.id, &back), 0);
	assert_int_equal(back.version, 1);
	assert_int_equal(store_slot_get(u.s, a.id, &stale), 0);
	free(back.title);
	back.title = strdup("Tin mới");
	assert_int_equal(store_slot_update(u.s, &back), 0);
	slot_clear(&back);
	assert_int_equal(store_slot_get(u.s, a.id, &back), 0);
	assert_int_equal(back.version, 2);
	assert_string_equal(back.title, "Tin mới");
	slot_clear(&back);
	/* Written over version 1 after version 2: refused, nothing changed. */
	unit_log_catch(&l);
	assert_int_equal(store_slot_update(u.s, &stale), -1);
	unit_log_release();
	assert_int_equal(l.kind, ERR_IN_USE);
	assert_non_null(strstr(l.text, "changed or removed"));
	assert_int_equal(store_slot_get(u.s, a.id, &back), 0);
	assert_int_equal(back.version, 2);
	assert_string_equal(back.title, "Tin mới");
	slot_clear(&back);
	slot_clear(&stale);
	/* The last slot removed: the next one gets a new number. */
	first = a.id;
	assert_int_equal(store_slot_rm(u.s, first), 0);
	assert_int_equal(store_slot_add(u.s, &b), 0);
	assert_true(b.id > first);
	unit_station_done(&u);
}

static void
test_not_a_station(void **state)
{
	struct unit_station u;
	struct unit_log l;
	sqlite3 *db;
	FILE *f;

	(void)state;
	unit_station_make(&u, 0);
	/* A text file is not a database. */
	assert_non_null(f = fopen(u.db, "w"));
	fputs("Danh sách đài truyền thanh xã, không phải cơ sở dữ liệu.\n", f);
	fclose(f);
	unit_log_catch(&l);
	assert_null(store_open(u.db, 0));
	unit_log_release();
	assert_int_equal(l.kind, ERR_STORE);
	assert_int_equal(l.advice, ADVICE_DB_NOT_SQLITE);
	assert_non_null(strstr(l.text, "not a loa station"));
	/* Another program's SQLite database: refused, and left as it was. */
	remove(u.db);
	assert_int_equal(sqlite3_open(u.db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x); INSERT INTO t VALUES (42);", NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	unit_log_catch(&l);
	assert_null(store_open(u.db, 0));
	assert_null(store_open(u.db, STORE_READONLY));
	unit_log_release();
	assert_int_equal(l.kind, ERR_STORE);
	assert_int_equal(l.advice, ADVICE_DB_NOT_LOA);
	assert_int_equal(sqlite3_open(u.db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "SELECT x FROM t", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	/* A folder given instead of the file. */
	unit_log_catch(&l);
	assert_null(store_open(u.dir, 0));
	unit_log_release();
	assert_int_equal(l.advice, ADVICE_DB_IS_FOLDER);
	unit_station_done(&u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_create_reopen_readonly),
	    cmocka_unit_test(test_clip_and_slot_round_trip),
	    cmocka_unit_test(test_playlist_rename_and_its_slots),
	    cmocka_unit_test(test_slot_version_and_numbers),
	    cmocka_unit_test(test_not_a_station),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
