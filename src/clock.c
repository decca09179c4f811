/*
 * clock.c — the real clock, and the switch that lets tests replace it.
 *
 * Wall time is CLOCK_REALTIME because the schedule is about civil instants:
 * if NTP steps the clock, airings must follow the new time. Durations use
 * CLOCK_MONOTONIC so a step never stretches or shrinks a measurement. The
 * real sleep is clock_nanosleep(TIMER_ABSTIME) on CLOCK_REALTIME: the kernel
 * wakes us at the instant itself, with no polling, and (unlike a relative
 * sleep) a clock step is honoured by the kernel (see clock_nanosleep(2)).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

static const struct clock_ops real_ops = { real_wall_ms, real_mono_ns, real_sleep_until_ms, NULL };
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
	int64_t fixed_ms;   /* fixed: the instant; offset: real-to-fake shift */
	int offset;         /* 1 when shifting the real clock */
} envclock;

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

static const struct clock_ops env_ops = { env_wall_ms, real_mono_ns, env_sleep_until_ms, NULL };

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
	} else if (strncmp(v, "offset:", 7) == 0 && time_parse_instant(v + 7, "UTC", &at) == 0) {
		envclock.fixed_ms = at - real_wall_ms(NULL);
		envclock.offset = 1;
	} else {
		return error("LOA_CLOCK is not 'fixed:INSTANT' or 'offset:INSTANT': '%s'", v);
	}
	clock_use(&env_ops);
	return 0;
}
