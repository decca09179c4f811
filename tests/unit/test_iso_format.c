/*
 * test_iso_format.c — time_format_iso's fast path (the UTC offset cached per
 * UTC day, civil fields by arithmetic) against an independent reference:
 * glibc's localtime_r and strftime, instant by instant, across DST changes
 * in both directions, zones with odd offsets, and the days around them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "loa/timeutil.h"

/* The same instant formatted by the C library. */
static void
reference(int64_t ms, const char *zone, char *buf, size_t n)
{
	char spec[96], date[32];
	struct tm tm;
	time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
	long off;

	snprintf(spec, sizeof spec, ":%s", zone);
	setenv("TZ", spec, 1);
	tzset();
	localtime_r(&t, &tm);
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
	off = tm.tm_gmtoff;
	snprintf(buf, n, "%s%c%02ld:%02ld", date, off < 0 ? '-' : '+', labs(off) / 3600,
	         labs(off) % 3600 / 60);
}

static void
check_span(const char *zone, int64_t from_s, int64_t to_s, int64_t step_s)
{
	char got[64], want[64];

	for (int64_t s = from_s; s <= to_s; s += step_s) {
		int64_t ms = s * 1000 + 999;
		time_format_iso(ms, zone, got, sizeof got);
		reference(ms, zone, want, sizeof want);
		if (strcmp(got, want) != 0)
			fail_msg("%s at %lld: got %s, want %s", zone, (long long)s, got, want);
	}
}

static void
test_against_libc(void **state)
{
	(void)state;
	/* New York, both changes of 2024 (10 March, 3 November), every 7 minutes
	 * for three days around each, in an order that defeats the cache. */
	check_span("America/New_York", 1709856000, 1710115200, 420);
	check_span("America/New_York", 1730419200, 1730678400, 420);
	check_span("America/New_York", 1730678400, 1730419200 + 86400 * 30, 86400 * 3 + 1);
	/* Lord Howe moves by 30 minutes; Kathmandu is +05:45; Ho Chi Minh City
	 * had other offsets before 1975. */
	check_span("Australia/Lord_Howe", 1712318400, 1712577600, 600);
	check_span("Asia/Kathmandu", 1700000000, 1700259200, 3593);
	check_span("Asia/Ho_Chi_Minh", 0, 400000000, 86400 * 7 + 13);
	check_span("Asia/Ho_Chi_Minh", 1704067200, 1735689600, 86400 + 7);
	check_span("UTC", 1704067200, 1706745600, 3601);
}

static void
test_small_buffer(void **state)
{
	char buf[11];

	(void)state;
	time_format_iso(1709247600000LL, "Asia/Ho_Chi_Minh", buf, sizeof buf);
	assert_string_equal(buf, "2024-03-01");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_against_libc),
	    cmocka_unit_test(test_small_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
