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
	int64_t (*wall_ms)(void *ctx); /* UTC ms since 1970-01-01 */
	int64_t (*mono_ns)(void *ctx); /* monotonic ns, arbitrary origin */
	/* Sleeps until the wall clock reads wall_ms or until interrupted by a
	 * signal; returns 0 when the instant was reached, -1 with errno EINTR
	 * when interrupted. A simulated clock jumps instead of sleeping. */
	int (*sleep_until_ms)(void *ctx, int64_t wall_ms);
	void *ctx; /* passed to each function */
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
 *   LOA_CLOCK=sim:2024-03-01T06:00:00+07:00     simulated: stands still and
 *                                               every sleep jumps at once to
 *                                               its instant (the daemon then
 *                                               advances it by what it played)
 * ("fixed:" sleeps jump too; "sim:" says what the test means.)
 * With offset:, LOA_CLOCK_STEP_FILE=PATH names a file holding a signed
 * number of seconds, re-read whenever the kernel reports the wall clock
 * set: "now" moves by that much from where LOA_CLOCK put it (a test steps
 * a running daemon by an hour with a zero step of the real clock).
 * Returns 0 (also when unset), -1 on a value that does not parse.
 */
int clock_from_env(void);
/* 1 when sleeps jump instead of waiting (fixed:, sim: or a clock_use()
 * clock whose sleep returns at once), 0 for the real and offset clocks. */
int clock_simulated(void);

/*
 * A wall-clock timer for poll(), for the daemon's one wait: a file
 * descriptor that becomes readable when the wall clock reaches the armed
 * instant, or when the wall clock is stepped (settimeofday, NTP, the officer
 * fixing the clock), so the caller re-plans instead of sleeping to a stale
 * instant. On the real and offset clocks it is a timerfd on CLOCK_REALTIME
 * with TFD_TIMER_ABSTIME|TFD_TIMER_CANCEL_ON_SET: the kernel wakes us at the
 * instant itself, with no polling. On a simulated clock arming jumps the
 * clock to the instant and the descriptor is readable at once.
 */
enum clock_timer_event {
	CLOCK_TIMER_NONE,    /* nothing yet (a spurious wake-up) */
	CLOCK_TIMER_EXPIRED, /* the armed instant was reached */
	CLOCK_TIMER_STEPPED, /* the wall clock was set: re-plan, then re-arm */
};
/* Returns the descriptor (close it with close(2)), or -1 (printed). */
int clock_timer_open(void);
/* Arms fd for the wall-clock instant wall_ms (past instants fire at once);
 * INT64_MAX disarms it. 0 or -1 (printed). */
int clock_timer_arm(int fd, int64_t wall_ms);
/* Consumes what made fd readable. */
enum clock_timer_event clock_timer_read(int fd);

#endif
