/*
 * clock.h — every read of the time in loa goes through here.
 *
 * Two clocks: the wall clock (UTC milliseconds since the epoch) that the
 * schedule is written in, and the monotonic clock (nanoseconds) for
 * measuring durations. Tests and the simulated soak replace both with
 * clock_use(); nothing else in loa may call time(), gettimeofday() or
 * clock_gettime() directly (tests/unit/test_layers.sh checks).
 */
#ifndef LOA_CLOCK_H
#define LOA_CLOCK_H

#include <stdint.h>

struct clock_ops {
	int64_t (*wall_ms)(void *ctx);   /* UTC ms since 1970-01-01 */
	int64_t (*mono_ns)(void *ctx);   /* monotonic ns, arbitrary origin */
	/* Sleeps until the wall clock reads wall_ms or until interrupted by a
	 * signal; returns 0 when the instant was reached, -1 with errno EINTR
	 * when interrupted. A simulated clock jumps instead of sleeping. */
	int (*sleep_until_ms)(void *ctx, int64_t wall_ms);
	void *ctx;                       /* passed to each function */
};

int64_t clock_wall_ms(void);
int64_t clock_mono_ns(void);
int clock_sleep_until_ms(int64_t wall_ms);

/* Replaces the clock; NULL restores the real one. */
void clock_use(const struct clock_ops *ops);
/* The real clock, for wrapping. */
const struct clock_ops *clock_real(void);

/*
 * Installs a clock from the LOA_CLOCK environment variable, for tests:
 *   LOA_CLOCK=fixed:2024-03-01T06:00:00+07:00   wall clock stands still
 *   LOA_CLOCK=offset:2024-03-01T06:00:00+07:00  real clock shifted so that
 *                                               "now" starts at that instant
 * Returns 0 (also when unset), -1 on a value that does not parse.
 */
int clock_from_env(void);

#endif
