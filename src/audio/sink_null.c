/*
 * sink_null.c — discards audio at real-time pace, with fault switches for
 * tests (mpv's ao_null). A pacing thread takes one 10 ms period from the
 * ring at each tick of the wall clock, as a sound card would, so the
 * player's exact start, drain, fade and watchdog run exactly as on a real
 * device. Options, comma-separated after "null:":
 *   fail-open          opening fails, as with an unplugged card
 *   fail-write=SECONDS the device fails after that much audio
 *   stall=SECONDS      the device stops taking audio after that much
 *                      (and never returns): the watchdog must notice
 *   channels=N, rate=N the device's format (default 2 channels, the rate
 *                      the player asks for)
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/clock.h"
#include "loa/i18n.h"
#include "audio/sink_internal.h"

#define NULL_PERIOD_MS 10

struct null_sink {
	pthread_t thread;    /* the pacing thread */
	int running;         /* 1 once the thread was started */
	_Atomic int quit;    /* asks the thread to end */
	double fail_write_s; /* fail after this much audio (0: never) */
	double stall_s;      /* stop taking audio after this much (0: never) */
	float *buf;          /* one period of output */
	long period;         /* frames per tick */
};

static int
parse_opts(struct sink *s, struct null_sink *n, const char *arg)
{
	char *copy = strdup(arg), *tok, *save = NULL, *end;

	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		double v = 0;
		char *eq = strchr(tok, '=');
		if (eq) {
			v = strtod(eq + 1, &end);
			if (end == eq + 1 || *end || v < 0)
				goto bad;
			*eq = '\0';
		}
		if (strcmp(tok, "fail-open") == 0 && !eq) {
			s->why = REASON_DEVICE_ERROR;
			snprintf(s->err, sizeof s->err, "%s",
			         _("cannot open the null output (fault switch 'fail-open')"));
			free(copy);
			return -1;
		} else if (strcmp(tok, "fail-write") == 0 && eq) {
			n->fail_write_s = v;
		} else if (strcmp(tok, "stall") == 0 && eq) {
			n->stall_s = v;
		} else if (strcmp(tok, "channels") == 0 && eq && v >= 1 && v <= 8) {
			s->channels = (int)v;
		} else if (strcmp(tok, "rate") == 0 && eq && v >= 8000 && v <= 192000) {
			s->rate = (int)v;
		} else {
			if (eq)
				*eq = '=';
			goto bad;
		}
	}
	free(copy);
	return 0;
bad:
	s->why = REASON_OUTPUT_ERROR;
	snprintf(s->err, sizeof s->err,
	         _("unknown null output option '%s' (try fail-open, fail-write=S, stall=S, channels=N)"),
	         tok);
	free(copy);
	return -1;
}

static int
null_open(struct sink *s, const char *arg)
{
	struct null_sink *n = calloc(1, sizeof *n);

	if (!n) {
		snprintf(s->err, sizeof s->err, "%s", _("out of memory"));
		s->why = REASON_OUT_OF_MEMORY;
		return -1;
	}
	if (s->rate <= 0)
		s->rate = 48000;
	if (parse_opts(s, n, arg) != 0) {
		free(n);
		return -1;
	}
	n->period = (long)s->rate * NULL_PERIOD_MS / 1000;
	if (!(n->buf = calloc((size_t)n->period * s->channels, sizeof *n->buf))) {
		free(n);
		snprintf(s->err, sizeof s->err, "%s", _("out of memory"));
		s->why = REASON_OUT_OF_MEMORY;
		return -1;
	}
	s->priv = n;
	snprintf(s->device, sizeof s->device, "null");
	return 0;
}

static void *
null_thread(void *arg)
{
	struct sink *s = arg;
	struct null_sink *n = s->priv;
	int64_t next = clock_wall_ms();

	while (!atomic_load(&n->quit)) {
		double played_s = (double)atomic_load(&s->played) / s->rate;

		next += NULL_PERIOD_MS;
		clock_sleep_until_ms(next);
		if (clock_wall_ms() - next > 200)
			next = clock_wall_ms(); /* fell far behind: resynchronise */
		if (n->fail_write_s > 0 && played_s >= n->fail_write_s) {
			sink_ring_fail(
			    s, _("the output failed while playing (null output fault switch 'fail-write')"));
			break;
		}
		if (n->stall_s > 0 && played_s >= n->stall_s)
			continue; /* stalled: ticks go on, the device takes nothing */
		sink_ring_pull(s, n->buf, n->period, next * 1000000);
	}
	return NULL;
}

static int
null_start(struct sink *s)
{
	struct null_sink *n = s->priv;

	if (pthread_create(&n->thread, NULL, null_thread, s) != 0) {
		snprintf(s->err, sizeof s->err, "%s", _("cannot start the null output's thread"));
		s->why = REASON_OUTPUT_ERROR;
		return -1;
	}
	n->running = 1;
	return 0;
}

static void
null_close(struct sink *s)
{
	struct null_sink *n = s->priv;

	if (!n)
		return;
	atomic_store(&n->quit, 1);
	if (n->running)
		pthread_join(n->thread, NULL);
	free(n->buf);
	free(n);
	s->priv = NULL;
}

const struct sink_driver sink_driver_null = {
    .name = "null",
    .untimed = 0,
    .wall_timebase = 1,
    .open = null_open,
    .start = null_start,
    .write = NULL,
    .check = NULL,
    .close = null_close,
    .list = NULL,
};
