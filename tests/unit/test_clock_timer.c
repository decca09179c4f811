/*
 * test_clock_timer.c — the daemon's wait: the wall-clock timer fires at
 * its absolute instant, a simulated clock jumps instead of sleeping, and a
 * step of the wall clock (settimeofday) wakes the timer as "stepped".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "loa/clock.h"
#include "loa/timeutil.h"

static int
wait_readable(int fd, int ms)
{
	struct pollfd p = {fd, POLLIN, 0};
	return poll(&p, 1, ms);
}

static void
test_fires_at_instant(void **state)
{
	(void)state;
	clock_use(NULL);
	int fd = clock_timer_open();
	assert_true(fd >= 0);
	assert_int_equal(clock_simulated(), 0);
	int64_t at = clock_wall_ms() + 150;
	assert_int_equal(clock_timer_arm(fd, at), 0);
	/* Not before its instant ... */
	assert_int_equal(wait_readable(fd, 50), 0);
	assert_int_equal(clock_timer_read(fd), CLOCK_TIMER_NONE);
	/* ... and at it. */
	assert_int_equal(wait_readable(fd, 5000), 1);
	assert_true(clock_wall_ms() >= at);
	assert_int_equal(clock_timer_read(fd), CLOCK_TIMER_EXPIRED);
	/* A past instant fires at once; "forever" never does. */
	assert_int_equal(clock_timer_arm(fd, at - 10000), 0);
	assert_int_equal(wait_readable(fd, 1000), 1);
	assert_int_equal(clock_timer_read(fd), CLOCK_TIMER_EXPIRED);
	assert_int_equal(clock_timer_arm(fd, INT64_MAX), 0);
	assert_int_equal(wait_readable(fd, 100), 0);
	close(fd);
}

static void
test_simulated_jumps(void **state)
{
	(void)state;
	int64_t start, target;
	assert_int_equal(setenv("LOA_CLOCK", "sim:2024-03-01T06:00:00+07:00", 1), 0);
	assert_int_equal(clock_from_env(), 0);
	assert_int_equal(clock_simulated(), 1);
	start = clock_wall_ms();
	assert_int_equal(time_parse_instant("2024-02-29T23:00:00Z", "UTC", &target), 0);
	assert_true(start == target);
	int fd = clock_timer_open();
	int64_t t0 = clock_mono_ns();
	/* Thirty days ahead: readable at once, the clock now reads it. */
	assert_int_equal(clock_timer_arm(fd, start + 30LL * 86400000), 0);
	assert_int_equal(wait_readable(fd, 1000), 1);
	assert_int_equal(clock_timer_read(fd), CLOCK_TIMER_EXPIRED);
	assert_true(clock_wall_ms() == start + 30LL * 86400000);
	assert_true(clock_mono_ns() - t0 < 500000000LL);
	/* A simulated clock never runs backwards. */
	assert_int_equal(clock_timer_arm(fd, start), 0);
	assert_true(clock_wall_ms() == start + 30LL * 86400000);
	close(fd);
	unsetenv("LOA_CLOCK");
	clock_use(NULL);
	/* A bad value is refused with a message. */
	assert_int_equal(setenv("LOA_CLOCK", "sim:yesterday", 1), 0);
	assert_int_equal(clock_from_env(), -1);
	unsetenv("LOA_CLOCK");
}

static void
test_offset_clock_arms_real_instant(void **state)
{
	(void)state;
	assert_int_equal(setenv("LOA_CLOCK", "offset:2024-03-01T06:00:00+07:00", 1), 0);
	assert_int_equal(clock_from_env(), 0);
	assert_int_equal(clock_simulated(), 0);
	int fd = clock_timer_open();
	int64_t at = clock_wall_ms() + 120;
	assert_int_equal(clock_timer_arm(fd, at), 0);
	assert_int_equal(wait_readable(fd, 40), 0);
	assert_int_equal(wait_readable(fd, 5000), 1);
	assert_true(clock_wall_ms() >= at);
	assert_int_equal(clock_timer_read(fd), CLOCK_TIMER_EXPIRED);
	close(fd);
	unsetenv("LOA_CLOCK");
	clock_use(NULL);
}

/*
 * TFD_TIMER_CANCEL_ON_SET: the kernel cancels the timer whenever the wall
 * clock is set. Setting it to the value it already has (a zero step, a few
 * microseconds at most) is enough to trigger that and harms nothing; it
 * needs CAP_SYS_TIME, so without it the test is skipped.
 */
static void
test_step_wakes_timer(void **state)
{
	(void)state;
	struct timespec now;
	clock_use(NULL);
	int fd = clock_timer_open();
	assert_int_equal(clock_timer_arm(fd, clock_wall_ms() + 3600000), 0);
	assert_int_equal(wait_readable(fd, 20), 0);
	clock_gettime(CLOCK_REALTIME, &now);
	if (clock_settime(CLOCK_REALTIME, &now) != 0) {
		close(fd);
		skip();
	}
	assert_int_equal(wait_readable(fd, 2000), 1);
	assert_int_equal(clock_timer_read(fd), CLOCK_TIMER_STEPPED);
	/* Re-armed, it waits again. */
	assert_int_equal(clock_timer_arm(fd, clock_wall_ms() + 3600000), 0);
	assert_int_equal(wait_readable(fd, 50), 0);
	close(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fires_at_instant),
	    cmocka_unit_test(test_simulated_jumps),
	    cmocka_unit_test(test_offset_clock_arms_real_instant),
	    cmocka_unit_test(test_step_wakes_timer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
