/*
 * test_timeread.c — dates, times, weekdays, periods, tiers and statuses as
 * the officer types them (timeutil.h's readers, words.h), and the words of
 * their refusals.
 *
 * Expected values are written out by hand from the calendar (1 July 2026
 * is a Wednesday; 2026 is not a leap year, 2028 is).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "loa/log.h"
#include "loa/timeutil.h"
#include "loa/words.h"

/* "Today" for year-less dates: 15 March 2026. */
static const struct civil today = {2026, 3, 15, 0, 0, 0};

static char notes[4096];

static void
catch_msgs(const struct log_msg *m, void *ctx)
{
	(void)ctx;
	if (m->text)
		snprintf(notes + strlen(notes), sizeof notes - strlen(notes), "%s\n", m->text);
}

static void
date_is(const char *s, int past, int y, int m, int d)
{
	struct civil c;
	struct time_reading how;

	if (time_read_date(s, &today, past, &c, &how) != 0)
		fail_msg("'%s' refused (fault %d)", s, how.fault);
	if (c.year != y || c.month != m || c.day != d)
		fail_msg("'%s' read as %04d-%02d-%02d, not %04d-%02d-%02d", s, c.year, c.month, c.day, y, m,
		         d);
}

static void
date_refused(const char *s, enum time_fault f)
{
	struct civil c;
	struct time_reading how;

	if (time_read_date(s, &today, 0, &c, &how) == 0)
		fail_msg("'%s' read as %04d-%02d-%02d, not refused", s, c.year, c.month, c.day);
	if (how.fault != f)
		fail_msg("'%s' refused with fault %d, not %d", s, how.fault, f);
}

static void
test_dates(void **state)
{
	(void)state;
	date_is("2026-07-01", 0, 2026, 7, 1);
	date_is("01/07/2026", 0, 2026, 7, 1);
	date_is("1/7/2026", 0, 2026, 7, 1);
	date_is("1-7-2026", 0, 2026, 7, 1);
	date_is("1.7.2026", 0, 2026, 7, 1);
	date_is(" 30/9/2026 ", 0, 2026, 9, 30);
	date_is("ngày 1 tháng 7 năm 2026", 0, 2026, 7, 1);
	date_is("Ngay 2 thang 9 nam 2026", 0, 2026, 9, 2);
	date_is("29/02/2028", 0, 2028, 2, 29);
	/* No year: the next such day from today, today included; or the last. */
	date_is("01/02", 0, 2027, 2, 1);
	date_is("15/3", 0, 2026, 3, 15);
	date_is("16/3", 0, 2026, 3, 16);
	date_is("01/02", 1, 2026, 2, 1);
	date_is("16/3", 1, 2025, 3, 16);
	date_is("29/2", 0, 2028, 2, 29);
	date_is("29/2", 1, 2024, 2, 29);
	date_is("ngày 2 tháng 9", 0, 2026, 9, 2);
}

static void
test_date_refusals(void **state)
{
	struct civil c;
	struct time_reading how;
	char buf[256];

	(void)state;
	date_refused("31/02/2026", TIME_NO_SUCH_DAY);
	date_refused("29/02/2026", TIME_NO_SUCH_DAY);
	date_refused("01/13/2026", TIME_NO_SUCH_DAY);
	date_refused("0/1/2026", TIME_NO_SUCH_DAY);
	date_refused("32/1", TIME_NO_SUCH_DAY);
	date_refused("30/2", TIME_NO_SUCH_DAY);
	date_refused("1/7/26", TIME_SHORT_YEAR);
	date_refused("1/7/202", TIME_SHAPE);
	date_refused("1/7/1900", TIME_RANGE);
	date_refused("", TIME_EMPTY);
	date_refused("   ", TIME_EMPTY);
	date_refused("hôm qua", TIME_SHAPE);
	date_refused("1/7-2026", TIME_SHAPE);
	date_refused("2026-07", TIME_SHAPE);
	date_refused("1/7/2026x", TIME_SHAPE);
	date_refused("\xff/7/2026", TIME_SHAPE);
	/* Without today, a year must be given. */
	assert_int_equal(time_read_date("01/02", NULL, 0, &c, &how), -1);
	assert_int_equal(how.fault, TIME_NO_YEAR);

	/* The words name the value and say what is wrong. */
	time_read_date("31/02/2026", &today, 0, &c, &how);
	time_fault_text(TIME_DATE, "31/02/2026", &how, buf, sizeof buf);
	assert_string_equal(buf, "there is no such day: '31/02/2026' (month 2 of 2026 has 28 days)");
	time_read_date("01/13/2026", &today, 0, &c, &how);
	time_fault_text(TIME_DATE, "01/13/2026", &how, buf, sizeof buf);
	assert_string_equal(buf, "there is no month 13: '01/13/2026' (the day comes first: 13/01/2026)");
	time_read_date("1/7/26", &today, 0, &c, &how);
	time_fault_text(TIME_DATE, "1/7/26", &how, buf, sizeof buf);
	assert_string_equal(buf, "write the year with four digits (2026, not 26): '1/7/26'");
	time_read_date("", &today, 0, &c, &how);
	time_fault_text(TIME_DATE, "", &how, buf, sizeof buf);
	assert_string_equal(buf, "nothing was given: ''");
	time_read_date("rubbish", &today, 0, &c, &how);
	time_fault_text(TIME_DATE, "rubbish", &how, buf, sizeof buf);
	assert_string_equal(buf, "not a date: 'rubbish'");
	assert_non_null(strstr(time_examples(TIME_DATE), "01/07/2026"));
	assert_non_null(strstr(time_examples(TIME_DATE), "2026-07-01"));
}

static void
test_notes(void **state)
{
	struct civil c;
	struct time_reading how;

	(void)state;
	log_set_writer(catch_msgs, NULL);
	notes[0] = 0;
	assert_int_equal(time_read_date("01/02", &today, 0, &c, &how), 0);
	assert_true(how.year_chosen && how.day_first);
	time_reading_note("01/02", &c, &how);
	assert_string_equal(notes, "'01/02' is read as 1 February 2027\n");
	/* 13/02/2026 can only be day first, and has its year: no note. */
	notes[0] = 0;
	assert_int_equal(time_read_date("13/02/2026", &today, 0, &c, &how), 0);
	time_reading_note("13/02/2026", &c, &how);
	assert_string_equal(notes, "");
	assert_int_equal(time_read_date("2026-02-01", &today, 0, &c, &how), 0);
	time_reading_note("2026-02-01", &c, &how);
	assert_string_equal(notes, "");
	assert_int_equal(time_read_date("1/7/2026", &today, 0, &c, &how), 0);
	time_reading_note("1/7/2026", &c, &how);
	assert_string_equal(notes, "'1/7/2026' is read as 1 July 2026\n");
	log_set_writer(NULL, NULL);
}

static void
clock_is(const char *s, int h, int m, int sec)
{
	struct time_reading how;
	int hh = -1, mm = -1, ss = -1;

	if (time_read_clock(s, &hh, &mm, &ss, &how) != 0)
		fail_msg("'%s' refused (fault %d)", s, how.fault);
	if (hh != h || mm != m || ss != sec)
		fail_msg("'%s' read as %02d:%02d:%02d, not %02d:%02d:%02d", s, hh, mm, ss, h, m, sec);
}

static void
clock_refused(const char *s, enum time_fault f)
{
	struct time_reading how;
	int hh, mm, ss;

	if (time_read_clock(s, &hh, &mm, &ss, &how) == 0)
		fail_msg("'%s' read as %02d:%02d:%02d, not refused", s, hh, mm, ss);
	if (how.fault != f)
		fail_msg("'%s' refused with fault %d, not %d", s, how.fault, f);
}

static void
test_clocks(void **state)
{
	char buf[256];
	struct time_reading how;
	int h, m, s;

	(void)state;
	clock_is("6h", 6, 0, 0);
	clock_is("6H", 6, 0, 0);
	clock_is("6h30", 6, 30, 0);
	clock_is("06h05", 6, 5, 0);
	clock_is("6g30", 6, 30, 0);
	clock_is("17g", 17, 0, 0);
	clock_is("6:00", 6, 0, 0);
	clock_is("06:00", 6, 0, 0);
	clock_is("06:00:30", 6, 0, 30);
	clock_is("6 giờ", 6, 0, 0);
	clock_is("6 giờ 30", 6, 30, 0);
	clock_is("6 giờ 30 phút", 6, 30, 0);
	clock_is("6 gio 30 phut", 6, 30, 0);
	clock_is("6h30p", 6, 30, 0);
	clock_is("6 giờ rưỡi", 6, 30, 0);
	clock_is("5 giờ chiều", 17, 0, 0);
	clock_is("17h chiều", 17, 0, 0);
	clock_is("8 giờ tối", 20, 0, 0);
	clock_is("6 giờ sáng", 6, 0, 0);
	clock_is("1 giờ trưa", 13, 0, 0);
	clock_is("lúc 6h", 6, 0, 0);
	clock_is(" 23h59 ", 23, 59, 0);
	clock_refused("25h", TIME_RANGE);
	clock_refused("24:00", TIME_RANGE);
	clock_refused("6h60", TIME_RANGE);
	clock_refused("9 giờ chiều", TIME_RANGE);
	clock_refused("6", TIME_SHAPE);
	clock_refused("6:0", TIME_SHAPE);
	clock_refused("6h300", TIME_SHAPE);
	clock_refused("sáu giờ", TIME_SHAPE);
	clock_refused("6x", TIME_SHAPE);
	clock_refused("", TIME_EMPTY);
	time_read_clock("25h", &h, &m, &s, &how);
	time_fault_text(TIME_CLOCK, "25h", &how, buf, sizeof buf);
	assert_string_equal(
	    buf, "there is no such time of day: '25h' (hours go from 0 to 23, minutes from 0 to 59)");
	assert_non_null(strstr(time_examples(TIME_CLOCK), "6h30"));
}

static void
instant_is(const char *s, const char *iso, int has_time)
{
	struct time_reading how;
	int64_t got, want;

	assert_int_equal(time_parse_instant(iso, "Asia/Ho_Chi_Minh", &want), 0);
	if (time_read_instant(s, "Asia/Ho_Chi_Minh", &today, 0, &got, &how) != 0)
		fail_msg("'%s' refused (fault %d)", s, how.fault);
	if (got != want)
		fail_msg("'%s' read as %lld ms, not %s", s, (long long)got, iso);
	assert_int_equal(how.has_time, has_time);
}

static void
test_instants(void **state)
{
	struct time_reading how;
	int64_t ms;
	char buf[256];

	(void)state;
	instant_is("2026-07-01T06:30", "2026-07-01T06:30", 1);
	instant_is("2026-07-01", "2026-07-01", 0);
	instant_is("1/7/2026", "2026-07-01", 0);
	instant_is("1/7/2026 6h30", "2026-07-01T06:30", 1);
	instant_is("01/07/2026 06:30", "2026-07-01T06:30", 1);
	instant_is("6h30 ngày 1/7/2026", "2026-07-01T06:30", 1);
	instant_is("1/7/2026, 5 giờ chiều", "2026-07-01T17:00", 1);
	instant_is("ngày 1 tháng 7 năm 2026", "2026-07-01", 0);
	instant_is("01/02", "2027-02-01", 0);
	assert_int_equal(time_read_instant("31/02/2026 6h", "UTC", &today, 0, &ms, &how), -1);
	assert_int_equal(how.fault, TIME_NO_SUCH_DAY);
	time_fault_text(TIME_INSTANT, "31/02/2026 6h", &how, buf, sizeof buf);
	assert_string_equal(buf, "there is no such day: '31/02/2026 6h' (month 2 of 2026 has 28 days)");
	assert_int_equal(time_read_instant("1/7/2026 25h", "UTC", &today, 0, &ms, &how), -1);
	assert_int_equal(how.fault, TIME_RANGE);
	time_fault_text(TIME_INSTANT, "1/7/2026 25h", &how, buf, sizeof buf);
	assert_non_null(strstr(buf, "no such time of day"));
	assert_int_equal(time_read_instant("6h30", "UTC", &today, 0, &ms, &how), -1);
	assert_int_equal(how.fault, TIME_SHAPE);
	assert_int_equal(time_read_instant("1/7/2026 2/7/2026", "UTC", &today, 0, &ms, &how), -1);
	assert_int_equal(time_read_instant("", "UTC", &today, 0, &ms, &how), -1);
	assert_int_equal(how.fault, TIME_EMPTY);
	assert_int_equal(time_read_instant("garbage", "UTC", &today, 0, &ms, &how), -1);
	time_fault_text(TIME_INSTANT, "garbage", &how, buf, sizeof buf);
	assert_string_equal(buf, "not a date, or a date and time: 'garbage'");
}

/* Bit masks: Sunday is bit 0. */
#define SU 0x01
#define MO 0x02
#define TU 0x04
#define WE 0x08
#define TH 0x10
#define FR 0x20
#define SA 0x40

static void
days_are(const char *s, int want)
{
	struct time_reading how;
	int mask = -1;

	if (time_read_weekdays(s, &mask, &how) != 0)
		fail_msg("'%s' refused (fault %d)", s, how.fault);
	if (mask != want)
		fail_msg("'%s' read as 0x%02x, not 0x%02x", s, mask, want);
}

static void
days_refused(const char *s, enum time_fault f)
{
	struct time_reading how;
	int mask;

	if (time_read_weekdays(s, &mask, &how) == 0)
		fail_msg("'%s' read as 0x%02x, not refused", s, mask);
	if (how.fault != f)
		fail_msg("'%s' refused with fault %d, not %d", s, how.fault, f);
}

static void
test_weekdays(void **state)
{
	const int mon_sat = MO | TU | WE | TH | FR | SA;
	char buf[256];
	struct time_reading how;
	int mask;

	(void)state;
	days_are("mon-sat", mon_sat);
	days_are("Mon,Wed,Fri", MO | WE | FR);
	days_are("monday-friday", MO | TU | WE | TH | FR);
	days_are("thu", TH);
	days_are("fri-mon", FR | SA | SU | MO);
	days_are("daily", 0x7f);
	days_are("t2-t7", mon_sat);
	days_are("T2-T7", mon_sat);
	days_are("thứ 2 - thứ 7", mon_sat);
	days_are("Thứ Hai - Thứ Bảy", mon_sat);
	days_are("thu 2 - thu 7", mon_sat);
	days_are("thứ 2 đến thứ 7", mon_sat);
	days_are("từ thứ 2 đến thứ 7", mon_sat);
	days_are("thứ 2 – thứ 7", mon_sat);
	days_are("t2,t4,t6", MO | WE | FR);
	days_are("t2, t4, t6", MO | WE | FR);
	days_are("thứ 2, 4, 6", MO | WE | FR);
	days_are("thứ hai, thứ tư, thứ sáu", MO | WE | FR);
	days_are("thứ 3 và thứ 5", TU | TH);
	days_are("cn", SU);
	days_are("CN", SU);
	days_are("chủ nhật", SU);
	days_are("t7,cn", SA | SU);
	days_are("t2-cn", 0x7f);
	days_are("hằng ngày", 0x7f);
	days_are("hàng ngày", 0x7f);
	days_are("thứ tư", WE);
	/* A phone's decomposed "thứ bảy" (u + horn + acute, a + hook above). */
	days_are("thu\xcc\x9b\xcc\x81 ba\xcc\x89y", SA);
	days_refused("t8", TIME_RANGE);
	days_refused("thứ 9", TIME_RANGE);
	days_refused("t1", TIME_RANGE);
	days_refused("t2-t8", TIME_RANGE);
	days_refused("xyz", TIME_SHAPE);
	days_refused("mo", TIME_SHAPE);
	days_refused("", TIME_EMPTY);
	days_refused(",", TIME_SHAPE);
	time_read_weekdays("t8", &mask, &how);
	time_fault_text(TIME_DAYS, "t8", &how, buf, sizeof buf);
	assert_string_equal(buf, "there is no such day of the week: 't8' (the days are t2 to t7, and cn)");
	assert_non_null(strstr(time_examples(TIME_DAYS), "t2-t7"));
	/* time_parse_weekdays reads the same. */
	assert_int_equal(time_parse_weekdays("thứ 2 - thứ 7", &mask), 0);
	assert_int_equal(mask, mon_sat);
}

static void
period_is(const char *s, char kind, int y, int part)
{
	struct time_reading how;
	int yy = -1, pp = -1;

	if (time_read_period(s, kind, &yy, &pp, &how) != 0)
		fail_msg("'%s' (%c) refused (fault %d)", s, kind, how.fault);
	if (yy != y || pp != part)
		fail_msg("'%s' (%c) read as %d/%d, not %d/%d", s, kind, pp, yy, part, y);
}

static void
period_refused(const char *s, char kind, enum time_fault f)
{
	struct time_reading how;
	int yy, pp;

	if (time_read_period(s, kind, &yy, &pp, &how) == 0)
		fail_msg("'%s' (%c) read as %d/%d, not refused", s, kind, pp, yy);
	if (how.fault != f)
		fail_msg("'%s' (%c) refused with fault %d, not %d", s, kind, how.fault, f);
}

static void
test_periods(void **state)
{
	char buf[256];
	struct time_reading how;
	int y, p;

	(void)state;
	period_is("2026Q3", 'Q', 2026, 3);
	period_is("2026q3", 'Q', 2026, 3);
	period_is("3/2026", 'Q', 2026, 3);
	period_is("III/2026", 'Q', 2026, 3);
	period_is("iii/2026", 'Q', 2026, 3);
	period_is("quý 3/2026", 'Q', 2026, 3);
	period_is("Quý III năm 2026", 'Q', 2026, 3);
	period_is("quy 3 nam 2026", 'Q', 2026, 3);
	period_is("Q3/2026", 'Q', 2026, 3);
	period_is("Q3-2026", 'Q', 2026, 3);
	period_is("IV/2026", 'Q', 2026, 4);
	period_is("2026H1", 'H', 2026, 1);
	period_is("H2/2026", 'H', 2026, 2);
	period_is("1/2026", 'H', 2026, 1);
	period_is("II/2026", 'H', 2026, 2);
	period_is("6 tháng đầu năm 2026", 'H', 2026, 1);
	period_is("6 tháng cuối năm 2026", 'H', 2026, 2);
	period_is("6 thang dau nam 2026", 'H', 2026, 1);
	period_is("nửa cuối năm 2026", 'H', 2026, 2);
	period_is("2026", 'Y', 2026, 0);
	period_is("năm 2026", 'Y', 2026, 0);
	period_refused("quý 5/2026", 'Q', TIME_RANGE);
	period_refused("5/2026", 'Q', TIME_RANGE);
	period_refused("V/2026", 'Q', TIME_RANGE);
	period_refused("2026Q0", 'Q', TIME_SHAPE);
	period_refused("3/2026", 'H', TIME_RANGE);
	period_refused("quý 3", 'Q', TIME_NO_YEAR);
	period_refused("3/26", 'Q', TIME_SHORT_YEAR);
	period_refused("2026", 'Q', TIME_SHAPE);
	period_refused("6 tháng đầu năm 2026", 'Q', TIME_SHAPE);
	period_refused("quý 3/2026", 'H', TIME_SHAPE);
	period_refused("2026Q3", 'Y', TIME_SHAPE);
	period_refused("1969", 'Y', TIME_RANGE);
	period_refused("26", 'Y', TIME_SHORT_YEAR);
	period_refused("abc", 'Y', TIME_SHAPE);
	period_refused("", 'Q', TIME_EMPTY);
	period_refused("3/2026/2027", 'Q', TIME_SHAPE);
	time_read_period("quý 5/2026", 'Q', &y, &p, &how);
	time_fault_text(TIME_QUARTER, "quý 5/2026", &how, buf, sizeof buf);
	assert_string_equal(buf, "there is no such quarter: 'quý 5/2026' (quarters are 1 to 4)");
	time_read_period("quý 3/26", 'Q', &y, &p, &how);
	time_fault_text(TIME_QUARTER, "quý 3/26", &how, buf, sizeof buf);
	assert_string_equal(buf, "write the year with four digits (2026, not 26): 'quý 3/26'");
	assert_non_null(strstr(time_examples(TIME_QUARTER), "III/2026"));
	assert_non_null(strstr(time_examples(TIME_HALF), "2026H1"));
}

static void
test_words(void **state)
{
	static const char *const tier[][2] = {
	    {"normal", "normal"},
	    {"thường", "normal"},
	    {"Bình thường", "normal"},
	    {"priority", "priority"},
	    {"ưu tiên", "priority"},
	    {"uu tien", "priority"},
	    {"Ưu Tiên", "priority"},
	    {"  ưu   tiên ", "priority"},
	    {"emergency", "emergency"},
	    {"khẩn cấp", "emergency"},
	    {"Khẩn cấp", "emergency"},
	    {"khan cap", "emergency"},
	    /* decomposed: u + horn, e + circumflex */
	    {"u\xcc\x9bu tie\xcc\x82n", "priority"},
	};
	static const char *const status[][2] = {
	    {"missed", "missed"},
	    {"bị lỡ", "missed"},
	    {"bi lo", "missed"},
	    {"lỗi", "failed"},
	    {"hoàn thành", "completed"},
	    {"bị gián đoạn", "interrupted"},
	    {"bỏ qua", "skipped"},
	    {"tạm ngừng", "skipped"},
	    {"phát một phần", "partial"},
	    {"đang phát", "playing"},
	    {"trễ", "late"},
	    {"Late", "late"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof tier / sizeof tier[0]; i++) {
		const char *c = words_code(WORDS_TIER, tier[i][0]);
		if (!c || strcmp(c, tier[i][1]) != 0)
			fail_msg("tier '%s' read as %s, not %s", tier[i][0], c ? c : "nothing", tier[i][1]);
	}
	for (size_t i = 0; i < sizeof status / sizeof status[0]; i++) {
		const char *c = words_code(WORDS_STATUS, status[i][0]);
		if (!c || strcmp(c, status[i][1]) != 0)
			fail_msg("status '%s' read as %s, not %s", status[i][0], c ? c : "nothing",
			         status[i][1]);
	}
	assert_null(words_code(WORDS_TIER, "urgent"));
	assert_null(words_code(WORDS_TIER, ""));
	assert_null(words_code(WORDS_TIER, "bị lỡ"));
	assert_null(words_code(WORDS_STATUS, "ưu tiên"));
	assert_null(words_code(WORDS_STATUS, "\xff"));
	assert_non_null(strstr(words_examples(WORDS_TIER), "ưu tiên"));
	assert_non_null(strstr(words_examples(WORDS_STATUS), "bị lỡ"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dates),    cmocka_unit_test(test_date_refusals),
	    cmocka_unit_test(test_notes),    cmocka_unit_test(test_clocks),
	    cmocka_unit_test(test_instants), cmocka_unit_test(test_weekdays),
	    cmocka_unit_test(test_periods),  cmocka_unit_test(test_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
