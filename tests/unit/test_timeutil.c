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
	static const char *bad[] = { "2024-02-30", "2023-02-29", "2024-13-01", "2024-1-01", "24:00",
				     "2024-03-01T24:00", "2024-03-01T06:60", "2024-03-01T06", "",
				     "2024-03-01T06:00:00+7", "2024-03-01x", "1969-12-31" };
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
	struct civil c = { 2024, 3, 1, 0, 0, 0 };
	(void)state;
	assert_int_equal(civil_weekday(&c), 5); /* a Friday */
	assert_int_equal(civil_days_in_month(2024, 2), 29);
	assert_int_equal(civil_days_in_month(2100, 2), 28);
	assert_int_equal(civil_days_in_month(2000, 2), 29);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_forms), cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_dst_new_york), cmocka_unit_test(test_format),
		cmocka_unit_test(test_zones),       cmocka_unit_test(test_calendar),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
