/*
 * test_timeutil.c — civil time parsing and zone conversion.
 *
 * Expected instants were computed independently (python3 zoneinfo, and
 * `date -d ... +%s` from coreutils) and are written here as epoch seconds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "loa/timeutil.h"

static int64_t
instant(const char *s, const char *zone)
{
	int64_t ms = -1;

	assert_int_equal(time_parse_instant(s, zone, &ms), 0);
	return ms;
}

static void
test_parse_forms(void **state)
{
	(void)state;
	/* 2024-03-01 06:00 in Ho Chi Minh City (UTC+7) is 1709247600. */
	assert_int_equal(instant("2024-03-01T06:00", "Asia/Ho_Chi_Minh"), 1709247600000LL);
	assert_int_equal(instant("2024-03-01 06:00:00", "Asia/Ho_Chi_Minh"), 1709247600000LL);
	assert_int_equal(instant("2024-02-29T23:00:00Z", "Asia/Ho_Chi_Minh"), 1709247600000LL);
	assert_int_equal(instant("2024-03-01T06:00:00+07:00", "UTC"), 1709247600000LL);
	assert_int_equal(instant("2024-03-01", "Asia/Ho_Chi_Minh"), 1709226000000LL);
}

static void
test_parse_rejects(void **state)
{
	static const char *bad[] = {
	    "2024-02-30",       "2023-02-29",       "2024-13-01",    "2024-1-01", "24:00",
	    "2024-03-01T24:00", "2024-03-01T06:60", "2024-03-01T06", "",          "2024-03-01T06:00:00+7",
	    "2024-03-01x",      "1969-12-31"};
	int64_t ms;
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(time_parse_instant(bad[i], "UTC", &ms), -1);
	assert_int_equal(time_parse_instant("2024-03-01", "Mars/Olympus", &ms), -1);
}

static void
test_dst_new_york(void **state)
{
	(void)state;
	/* 2024-03-10 01:30 EST = 06:30Z; 03:30 EDT = 07:30Z. */
	assert_int_equal(instant("2024-03-10T01:30", "America/New_York"), 1710052200000LL);
	assert_int_equal(instant("2024-03-10T03:30", "America/New_York"), 1710055800000LL);
	/* 02:30 does not exist; RFC 5545 reads it with the offset before the
	 * gap (EST), which is 07:30Z = 03:30 EDT. */
	assert_int_equal(instant("2024-03-10T02:30", "America/New_York"), 1710055800000LL);
	/* 2024-11-03 01:30 happens twice; the first (EDT, 05:30Z) is taken. */
	assert_int_equal(instant("2024-11-03T01:30", "America/New_York"), 1730611800000LL);
}

static void
test_format(void **state)
{
	char buf[64];
	(void)state;
	assert_string_equal(time_format_iso(1709247600000LL, "Asia/Ho_Chi_Minh", buf, sizeof buf),
	                    "2024-03-01T06:00:00+07:00");
	assert_string_equal(time_format_iso(1710055800000LL, "America/New_York", buf, sizeof buf),
	                    "2024-03-10T03:30:00-04:00");
	assert_string_equal(time_format_vn(1709247600000LL, "Asia/Ho_Chi_Minh", buf, sizeof buf),
	                    "01/03/2024 06:00");
	assert_string_equal(time_format_vn_date(1709247600000LL, "Asia/Ho_Chi_Minh", buf, sizeof buf),
	                    "01/03/2024");
}

/* Instants one after another (time_format_iso's kept day) are written as
 * each alone: across offset changes, zones of half and quarter hours,
 * midnights and instants before 1970. */
static void
test_format_runs(void **state)
{
	static const char *const zones[] = {"Asia/Ho_Chi_Minh",
	                                    "America/New_York",
	                                    "Europe/Berlin",
	                                    "Asia/Kathmandu",
	                                    "Australia/Lord_Howe",
	                                    "America/St_Johns",
	                                    "UTC"};
	enum { N = 60000 };
	static char ref[N][32];
	char buf[64];
	(void)state;
	for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
		for (int pass = 0; pass < 2; pass++) {
			int64_t ms = -86400000LL * 3 - 4321;
			for (int i = 0; i < N; i++) {
				/* 9 min 58.7 s apart: about 400 days; then from 2024. */
				ms = i == 200 ? 1704067200000LL - 86400000LL * 2 : ms + 598700;
				if (pass == 0) {
					time_format_iso(0, "Etc/GMT+5", buf, sizeof buf); /* nothing kept */
					time_format_iso(ms, zones[z], ref[i], sizeof ref[i]);
				} else {
					assert_string_equal(time_format_iso(ms, zones[z], buf, sizeof buf),
					                    ref[i]);
				}
			}
		}
	}
}

static void
test_zones(void **state)
{
	(void)state;
	assert_int_equal(tz_valid("Asia/Ho_Chi_Minh"), 0);
	assert_int_equal(tz_valid("UTC"), 0);
	assert_int_equal(tz_valid("Asia/Atlantis"), -1);
	assert_int_equal(tz_valid("../../etc/passwd"), -1);
	assert_int_equal(tz_valid("/etc/localtime"), -1);
	assert_int_equal(tz_valid(""), -1);
}

static void
test_calendar(void **state)
{
	struct civil c = {2024, 3, 1, 0, 0, 0};
	(void)state;
	assert_int_equal(civil_weekday(&c), 5); /* a Friday */
	assert_int_equal(civil_days_in_month(2024, 2), 29);
	assert_int_equal(civil_days_in_month(2100, 2), 28);
	assert_int_equal(civil_days_in_month(2000, 2), 29);
}

static int
same_civil(const struct civil *a, const struct civil *b)
{
	return a->year == b->year && a->month == b->month && a->day == b->day && a->hour == b->hour &&
	       a->min == b->min && a->sec == b->sec;
}

/* tz_to_utc against its definition, found by brute force with
 * tz_from_utc: the earliest instant whose civil time is c; none in a gap,
 * where the reading moves forward by the gap. */
static void
check_to_utc(const char *zone, const struct civil *c)
{
	int64_t local = civil_secs(c), got_ms, best = INT64_MAX;
	struct civil back;
	int off_before, off_after, off;

	assert_int_equal(tz_to_utc(zone, c, &got_ms), 0);
	/* Every offset of these zones since 2010 is a whole number of quarter
	 * hours within 15 hours, and c is on a quarter hour. */
	for (int64_t t = local - 15 * 3600; t <= local + 15 * 3600; t += 900) {
		assert_int_equal(tz_from_utc(zone, t * 1000, &back, &off), 0);
		if (same_civil(&back, c) && t < best)
			best = t;
	}
	if (best != INT64_MAX) {
		if (got_ms != best * 1000)
			fail_msg("%s %04d-%02d-%02dT%02d:%02d: %lld, want %lld", zone, c->year, c->month,
			         c->day, c->hour, c->min, (long long)got_ms, (long long)best * 1000);
		return;
	}
	assert_int_equal(tz_from_utc(zone, (local - 86400) * 1000, &back, &off_before), 0);
	assert_int_equal(tz_from_utc(zone, (local + 86400) * 1000, &back, &off_after), 0);
	assert_int_equal(tz_from_utc(zone, got_ms, &back, &off), 0);
	if (civil_secs(&back) - local != off_after - off_before)
		fail_msg("%s %04d-%02d-%02dT%02d:%02d (a gap) read as %04d-%02d-%02dT%02d:%02d", zone,
		         c->year, c->month, c->day, c->hour, c->min, back.year, back.month, back.day,
		         back.hour, back.min);
}

/* Around every offset change of 2010-2027 in zones with DST, half-hour
 * DST, a skipped day (Apia, 2011-12-30) and none, each quarter hour of
 * the eight hours around it; and a day of every month. */
static void
test_to_utc_exhaustive(void **state)
{
	static const char *zones[] = {"Asia/Ho_Chi_Minh",    "America/New_York", "Europe/London",
	                              "Australia/Lord_Howe", "Pacific/Apia",     "America/Sao_Paulo",
	                              "Asia/Kolkata"};
	int checked = 0;
	(void)state;
	for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
		int prev = 0, off;
		struct civil c;
		for (int64_t day = 14610; day < 21184; day++) { /* 2010-01-01 .. 2027-12-31 */
			assert_int_equal(tz_from_utc(zones[z], day * 86400000, &c, &off), 0);
			if (day > 14610 && off != prev) {
				for (int64_t s = day * 86400 - 86400; s < day * 86400 + 86400; s += 900) {
					struct civil l = civil_of_secs(s + prev);
					check_to_utc(zones[z], &l);
					checked++;
				}
			}
			if (c.day == 15) {
				c.hour = 6, c.min = 0, c.sec = 0;
				check_to_utc(zones[z], &c);
				checked++;
			}
			prev = off;
		}
	}
	assert_true(checked > 10000);
	/* Fields past their range count on, as mktime's did. */
	struct civil over = {2024, 2, 29, 24, 0, 0}, next = {2024, 3, 1, 0, 0, 0},
	             m13 = {2023, 13, 1, 0, 0, 0}, jan = {2024, 1, 1, 0, 0, 0};
	int64_t a, b;
	assert_int_equal(tz_to_utc("Asia/Ho_Chi_Minh", &over, &a), 0);
	assert_int_equal(tz_to_utc("Asia/Ho_Chi_Minh", &next, &b), 0);
	assert_int_equal(a, b);
	assert_int_equal(tz_to_utc("Asia/Ho_Chi_Minh", &m13, &a), 0);
	assert_int_equal(tz_to_utc("Asia/Ho_Chi_Minh", &jan, &b), 0);
	assert_int_equal(a, b);
	struct civil r = civil_of_secs(civil_secs(&next));
	assert_true(same_civil(&r, &next));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_forms),  cmocka_unit_test(test_parse_rejects),
	    cmocka_unit_test(test_dst_new_york), cmocka_unit_test(test_format),
	    cmocka_unit_test(test_format_runs),  cmocka_unit_test(test_zones),
	    cmocka_unit_test(test_calendar),     cmocka_unit_test(test_to_utc_exhaustive),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
