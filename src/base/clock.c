/*
 * clock.c — the real clock, and the switch that lets tests replace it.
 *
 * Wall time is CLOCK_REALTIME because the schedule is about civil instants:
 * if NTP steps the clock, airings must follow the new time. Durations use
 * CLOCK_MONOTONIC so a step never stretches or shrinks a measurement. The
 * real sleep is clock_nanosleep(TIMER_ABSTIME) on CLOCK_REALTIME: the kernel
 * wakes us at the instant itself, with no polling, and (unlike a relative
 * sleep) a clock step is honoured by the kernel (see clock_nanosleep(2)).
 * The daemon's wait is a timerfd on CLOCK_REALTIME armed at the absolute
 * instant with TFD_TIMER_CANCEL_ON_SET, so a step of the wall clock also
 * wakes it (the kernel cancels the timer) and it re-plans at once.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "loa/clock.h"
#include "loa/log.h"
#include "loa/timeutil.h"

static int64_t
real_wall_ms(void *ctx)
{
	struct timespec ts;

	(void)ctx;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t
real_mono_ns(void *ctx)
{
	struct timespec ts;

	(void)ctx;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
real_sleep_until_ms(void *ctx, int64_t wall_ms)
{
	struct timespec ts;
	int rc;

	(void)ctx;
	ts.tv_sec = wall_ms / 1000;
	ts.tv_nsec = (wall_ms % 1000) * 1000000;
	rc = clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &ts, NULL);
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	return 0;
}

static const struct clock_ops real_ops = {real_wall_ms, real_mono_ns, real_sleep_until_ms, NULL};
static const struct clock_ops *ops = &real_ops;

int64_t
clock_wall_ms(void)
{
	return ops->wall_ms(ops->ctx);
}

int64_t
clock_mono_ns(void)
{
	return ops->mono_ns(ops->ctx);
}

int
clock_sleep_until_ms(int64_t wall_ms)
{
	return ops->sleep_until_ms(ops->ctx, wall_ms);
}

void
clock_use(const struct clock_ops *new_ops)
{
	ops = new_ops ? new_ops : &real_ops;
}

const struct clock_ops *
clock_real(void)
{
	return &real_ops;
}

/* State of the environment-selected test clocks. */
static struct {
	int64_t fixed_ms;      /* fixed: the instant; offset: real-to-fake shift */
	int offset;            /* 1 when shifting the real clock */
	int64_t base_ms;       /* offset: the shift LOA_CLOCK set */
	const char *step_file; /* offset: LOA_CLOCK_STEP_FILE, or NULL */
} envclock;

/*
 * For tests of a clock step while the daemon runs, without stepping the
 * machine's clock by an hour: with LOA_CLOCK=offset:... and
 * LOA_CLOCK_STEP_FILE=PATH, each time the kernel reports the wall clock
 * set (a timerfd cancelled; a test sets the real clock to the value it
 * already has), the offset clock re-reads PATH — a signed number of
 * seconds — and moves its "now" by that much from where LOA_CLOCK put it.
 * The daemon then sees the step the kernel reported, by that amount.
 */
static void
env_reread_step(void)
{
	FILE *f;
	long long s;

	if (!envclock.offset || !envclock.step_file || !(f = fopen(envclock.step_file, "r")))
		return;
	if (fscanf(f, "%lld", &s) == 1 && s > -86400LL * 366 && s < 86400LL * 366)
		envclock.fixed_ms = envclock.base_ms + s * 1000;
	fclose(f);
}

static int64_t
env_wall_ms(void *ctx)
{
	(void)ctx;
	return envclock.offset ? real_wall_ms(NULL) + envclock.fixed_ms : envclock.fixed_ms;
}

static int
env_sleep_until_ms(void *ctx, int64_t wall_ms)
{
	(void)ctx;
	if (envclock.offset)
		return real_sleep_until_ms(NULL, wall_ms - envclock.fixed_ms);
	if (wall_ms > envclock.fixed_ms)
		envclock.fixed_ms = wall_ms;
	return 0;
}

static const struct clock_ops env_ops = {env_wall_ms, real_mono_ns, env_sleep_until_ms, NULL};

int
clock_from_env(void)
{
	const char *v = getenv("LOA_CLOCK");
	int64_t at;

	if (!v || !*v)
		return 0;
	if (strncmp(v, "fixed:", 6) == 0 && time_parse_instant(v + 6, "UTC", &at) == 0) {
		envclock.fixed_ms = at;
		envclock.offset = 0;
	} else if (strncmp(v, "sim:", 4) == 0 && time_parse_instant(v + 4, "UTC", &at) == 0) {
		envclock.fixed_ms = at;
		envclock.offset = 0;
	} else if (strncmp(v, "offset:", 7) == 0 && time_parse_instant(v + 7, "UTC", &at) == 0) {
		envclock.fixed_ms = envclock.base_ms = at - real_wall_ms(NULL);
		envclock.offset = 1;
		envclock.step_file = getenv("LOA_CLOCK_STEP_FILE");
		env_reread_step();
	} else {
		return error("LOA_CLOCK is not 'fixed:INSTANT', 'sim:INSTANT' or 'offset:INSTANT': '%s'", v);
	}
	clock_use(&env_ops);
	return 0;
}

int
clock_simulated(void)
{
	if (ops == &real_ops)
		return 0;
	if (ops == &env_ops)
		return !envclock.offset;
	return 1;
}

int
clock_timer_open(void)
{
	int fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);

	if (fd < 0)
		return error_errno("cannot create a timer (timerfd_create)");
	return fd;
}

/* The latest instant a timer is armed at: 9999-12-31, far beyond any
 * schedule; arming there (rather than disarming) keeps step detection. */
#define TIMER_FOREVER_S 253402300799LL

int
clock_timer_arm(int fd, int64_t wall_ms)
{
	struct itimerspec its = {{0, 0}, {0, 0}};
	int64_t real_ms;

	if (clock_simulated()) {
		/* A simulated clock jumps to the instant now; the relative
		 * 1 ns timer just makes the descriptor readable so the caller's
		 * poll() sees the same event as on a real clock. */
		if (wall_ms != INT64_MAX)
			ops->sleep_until_ms(ops->ctx, wall_ms);
		its.it_value.tv_nsec = wall_ms != INT64_MAX ? 1 : 0;
		if (wall_ms == INT64_MAX)
			its.it_value.tv_sec = TIMER_FOREVER_S - real_wall_ms(NULL) / 1000;
		if (timerfd_settime(fd, 0, &its, NULL) != 0)
			return error_errno("cannot arm the timer");
		return 0;
	}
	/* The offset clock is the real one shifted: arm at the real instant. */
	real_ms = wall_ms;
	if (ops == &env_ops && wall_ms != INT64_MAX)
		real_ms = wall_ms - envclock.fixed_ms;
	if (real_ms <= 0)
		real_ms = 1;
	if (wall_ms == INT64_MAX || real_ms / 1000 > TIMER_FOREVER_S) {
		its.it_value.tv_sec = TIMER_FOREVER_S;
	} else {
		its.it_value.tv_sec = real_ms / 1000;
		its.it_value.tv_nsec = (real_ms % 1000) * 1000000;
	}
	if (timerfd_settime(fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &its, NULL) != 0) {
		/* Already cancelled by a step between the last read and now. */
		if (errno == ECANCELED)
			return timerfd_settime(fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &its, NULL) ==
			               0
			           ? 0
			           : error_errno("cannot arm the timer");
		return error_errno("cannot arm the timer");
	}
	return 0;
}

enum clock_timer_event
clock_timer_read(int fd)
{
	uint64_t n;
	ssize_t r = read(fd, &n, sizeof n);

	if (r == (ssize_t)sizeof n)
		return CLOCK_TIMER_EXPIRED;
	if (r < 0 && errno == ECANCELED) {
		if (ops == &env_ops)
			env_reread_step();
		return CLOCK_TIMER_STEPPED;
	}
	return CLOCK_TIMER_NONE;
}
