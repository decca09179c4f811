/*
 * player.c — plays one airing: decode → gain → resample → channel map →
 * sink, item after item with no gap.
 *
 * Streaming: one decoder is open at a time and the pipeline holds a few
 * thousand frames (the blocks below) plus the sink's ring (half a second),
 * whatever the clip's length. Channels are reduced before resampling
 * (stereo to a mono device) and widened after it (mono to both channels),
 * so the resampler never works on duplicated channels. Each item has its
 * own resampler, flushed at the item's end, so a playlist comes out as
 * the exact concatenation of its items at the output rate.
 *
 * The player never prints: a failure is kept in player_error() for the
 * airing log, and the caller says it to the officer. (decode.c prints its
 * own message when a file cannot be read; the player's reason names the
 * file too.)
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/clock.h"
#include "loa/decode.h"
#include "loa/i18n.h"
#include "loa/player.h"
#include "resample.h"
#include "sink.h"

/* Frames decoded per read, and produced per resampler call. */
#define PLAYER_BLOCK 2048
/* The rate asked of outputs without one of their own (file, null). */
#define PLAYER_RATE 48000

enum player_state { ST_IDLE, ST_PLAYING, ST_DRAINING, ST_ENDED };

struct player {
	char *output;              /* the output spec given to player_new() */
	struct sink *sink;         /* the open output, or NULL */
	enum player_state state;   /* where the airing is */
	struct player_item *items; /* the airing's items (paths copied) */
	int n;                     /* number of items */
	int cur;                   /* the item being decoded */
	struct decoder *dec;       /* its decoder */
	struct decode_info info;   /* its format */
	struct resampler *rs;      /* its resampler (to the sink's rate) */
	float gain;                /* its linear gain */
	int mid;                   /* channels through the resampler */
	int in_eof;                /* the item's decoder reached its end */
	float *dbuf;               /* decoded frames (file channels) */
	float *mbuf;               /* reduced, gained frames (mid channels) */
	long m_len, m_pos;         /* frames in mbuf, frames given to the resampler */
	float *rbuf;               /* resampled frames (mid channels) */
	float *obuf;               /* output frames (sink channels) */
	long o_len, o_pos;         /* frames in obuf, frames the sink took */
	int rate, channels;        /* the sink's format */
	int64_t start_ms;          /* the instant asked for */
	int64_t played;            /* frames out when the sink closed */
	int64_t started_ms;        /* when the first frame left, kept after close */
	int untimed;               /* the output renders faster than real time */
	char device[160];          /* the output's name for the log */
	char err[512];             /* why the last step failed */
};

struct player *
player_new(const char *output)
{
	struct player *p = calloc(1, sizeof *p);

	if (!p || !(p->output = strdup(output ? output : ""))) {
		free(p);
		return NULL;
	}
	if (strncmp(p->output, "file:", 5) == 0)
		p->untimed = 1;
	snprintf(p->device, sizeof p->device, "%s", *p->output ? p->output : "default");
	return p;
}

static void
close_item(struct player *p)
{
	decoder_close(p->dec);
	resample_free(p->rs);
	p->dec = NULL;
	p->rs = NULL;
}

/* Remembers what the sink knows, then closes it. */
static void
close_sink(struct player *p)
{
	if (!p->sink)
		return;
	p->played = sink_played(p->sink);
	p->started_ms = sink_started_ms(p->sink);
	sink_close(p->sink);
	p->sink = NULL;
}

static void
reset(struct player *p)
{
	close_item(p);
	close_sink(p);
	for (int i = 0; i < p->n; i++)
		free((char *)p->items[i].path);
	free(p->items);
	free(p->dbuf);
	free(p->mbuf);
	free(p->rbuf);
	free(p->obuf);
	p->items = NULL;
	p->dbuf = p->mbuf = p->rbuf = p->obuf = NULL;
	p->n = p->cur = 0;
	p->m_len = p->m_pos = p->o_len = p->o_pos = 0;
	p->state = ST_IDLE;
}

void
player_free(struct player *p)
{
	if (!p)
		return;
	reset(p);
	free(p->output);
	free(p);
}

static int fail(struct player *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Keeps the reason for player_error(); returns -1. */
static int
fail(struct player *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->err, sizeof p->err, fmt, ap);
	va_end(ap);
	return -1;
}

/* Opens item i for decoding into the pipeline. 0 or -1. */
static int
open_item(struct player *p, int i)
{
	const struct player_item *it = &p->items[i];

	if (!(p->dec = decoder_open(it->path, &p->info)))
		return fail(p, _("cannot read audio file '%s'"), it->path);
	p->mid = p->info.channels < p->channels ? p->info.channels : p->channels;
	if (!(p->rs = resample_new(p->info.sample_rate, p->rate, p->mid))) {
		close_item(p);
		return fail(p, _("cannot convert the sample rate of '%s'"), it->path);
	}
	p->gain = (float)pow(10.0, it->gain_db / 20.0);
	p->cur = i;
	p->in_eof = 0;
	p->m_len = p->m_pos = 0;
	return 0;
}

/* Decodes the next block of the current item into mbuf: reduced to mid
 * channels and gained. 0 (in_eof set at the end) or -1. */
static int
decode_block(struct player *p)
{
	const int ic = p->info.channels, mc = p->mid;
	int64_t got = decoder_read(p->dec, p->dbuf, PLAYER_BLOCK);
	long i;

	if (got < 0)
		return fail(p, _("cannot decode audio file '%s' (damaged?)"), p->items[p->cur].path);
	if (got == 0) {
		p->in_eof = 1;
		p->m_len = p->m_pos = 0;
		return 0;
	}
	for (i = 0; i < got; i++) {
		const float *in = p->dbuf + i * ic;
		float *out = p->mbuf + i * mc;
		if (mc == 1 && ic > 1) {
			float sum = 0;
			for (int c = 0; c < ic; c++)
				sum += in[c];
			out[0] = sum / ic * p->gain;
		} else {
			for (int c = 0; c < mc; c++)
				out[c] = in[c] * p->gain;
		}
	}
	p->m_len = (long)got;
	p->m_pos = 0;
	return 0;
}

/* Fills obuf with the airing's next frames. Returns the frames made, 0 at
 * the end of the last item, -1 on failure. */
static long
produce(struct player *p)
{
	for (;;) {
		long used = 0, gen;

		if (!p->dec)
			return 0;
		if (p->m_pos >= p->m_len && !p->in_eof && decode_block(p) != 0)
			return -1;
		gen = resample_run(p->rs, p->mbuf + p->m_pos * p->mid, p->m_len - p->m_pos, &used, p->rbuf,
		                   PLAYER_BLOCK * 2, p->in_eof);
		if (gen < 0)
			return fail(p, _("cannot convert the sample rate of '%s'"), p->items[p->cur].path);
		p->m_pos += used;
		if (gen > 0) {
			/* Widen to the output's channels; clip what resampling
			 * pushed over full scale. */
			const int mc = p->mid, oc = p->channels;
			for (long i = 0; i < gen; i++) {
				for (int c = 0; c < oc; c++) {
					float v = c < mc ? p->rbuf[i * mc + c] : mc == 1 ? p->rbuf[i] : 0.0f;
					p->obuf[i * oc + c] = v > 1.0f ? 1.0f : v < -1.0f ? -1.0f : v;
				}
			}
			p->o_len = gen;
			p->o_pos = 0;
			return gen;
		}
		if (p->in_eof && p->m_pos >= p->m_len) {
			/* The item is flushed: on to the next, without a gap. */
			int next = p->cur + 1;
			close_item(p);
			if (next >= p->n)
				return 0;
			if (open_item(p, next) != 0)
				return -1;
		}
	}
}

/*
 * Moves audio into the sink until it is full (timed) or until play_until
 * frames of content have been written (untimed; -1 for no limit).
 * Returns 1 when the content ended, 0 when the sink is full, -1 on failure.
 */
static int
feed(struct player *p, int64_t limit)
{
	for (;;) {
		long n;

		if (sink_done(p->sink))
			return 1; /* faded out: the rest is never heard */
		if (p->o_pos >= p->o_len) {
			if (limit >= 0 && sink_played(p->sink) >= limit)
				return 0;
			n = produce(p);
			if (n < 0)
				return -1;
			if (n == 0)
				return 1;
		}
		n = sink_write(p->sink, p->obuf + p->o_pos * p->channels, p->o_len - p->o_pos);
		if (n < 0)
			return fail(p, "%s", sink_error(p->sink));
		p->o_pos += n;
		if (n == 0)
			return 0;
	}
}

int
player_prepare(struct player *p, const struct player_item *items, int n, int64_t start_ms)
{
	char err[256];
	int64_t now = clock_wall_ms();
	int i;

	reset(p);
	p->err[0] = '\0';
	p->played = 0;
	p->started_ms = 0;
	if (n < 1)
		return fail(p, "%s", _("nothing to play (an empty playlist)"));
	if (!(p->items = calloc((size_t)n, sizeof *p->items)))
		return fail(p, "%s", _("out of memory"));
	for (i = 0; i < n; i++) {
		p->items[i] = items[i];
		if (!(p->items[i].path = strdup(items[i].path)))
			return fail(p, "%s", _("out of memory"));
		p->n = i + 1;
	}
	/* Every item must open now: a missing or corrupt file fails the
	 * airing before anything is heard, not halfway through a playlist. */
	for (i = 1; i < n; i++) {
		struct decode_info info;
		struct decoder *d = decoder_open(p->items[i].path, &info);
		if (!d)
			return fail(p, _("cannot read audio file '%s'"), p->items[i].path);
		decoder_close(d);
	}
	p->start_ms = start_ms > now ? start_ms : now;
	if (!(p->sink = sink_open(p->output, PLAYER_RATE, p->start_ms, err, sizeof err)))
		return fail(p, "%s", err);
	snprintf(p->device, sizeof p->device, "%s", sink_device(p->sink));
	p->rate = sink_rate(p->sink);
	p->channels = sink_channels(p->sink);
	p->untimed = sink_untimed(p->sink);
	p->dbuf = malloc(sizeof *p->dbuf * PLAYER_BLOCK * DECODE_MAX_CHANNELS);
	p->mbuf = malloc(sizeof *p->mbuf * PLAYER_BLOCK * DECODE_MAX_CHANNELS);
	p->rbuf = malloc(sizeof *p->rbuf * PLAYER_BLOCK * 2 * DECODE_MAX_CHANNELS);
	p->obuf = malloc(sizeof *p->obuf * PLAYER_BLOCK * 2 * DECODE_MAX_CHANNELS);
	if (!p->dbuf || !p->mbuf || !p->rbuf || !p->obuf) {
		reset(p);
		return fail(p, "%s", _("out of memory"));
	}
	if (open_item(p, 0) != 0) {
		reset(p);
		return -1;
	}
	p->state = ST_PLAYING;
	/* Pre-roll: fill the ring now so the output has the first half
	 * second in hand at the instant, whatever the load then. */
	if (!p->untimed) {
		int r = feed(p, -1);
		if (r < 0) {
			reset(p);
			return -1;
		}
		if (r == 1) {
			close_item(p);
			sink_drain(p->sink);
			p->state = ST_DRAINING;
		}
		if (sink_start(p->sink) != 0) {
			fail(p, "%s", sink_error(p->sink));
			reset(p);
			return -1;
		}
	}
	return 0;
}

static enum player_status
failed(struct player *p)
{
	if (!p->err[0] && p->sink)
		snprintf(p->err, sizeof p->err, "%s", sink_error(p->sink));
	close_item(p);
	close_sink(p);
	p->state = ST_ENDED;
	return PLAYER_FAILED;
}

enum player_status
player_run(struct player *p, int64_t until_ms, volatile sig_atomic_t *stop)
{
	if (p->state == ST_IDLE || p->state == ST_ENDED) {
		if (!p->err[0])
			snprintf(p->err, sizeof p->err, "%s", _("nothing prepared to play"));
		return PLAYER_FAILED;
	}
	if (p->untimed) {
		/* The file takes audio at once. The deadline is in content time
		 * (the airing's start plus what was rendered): render up to it,
		 * then sleep until the clock reads it, so a real clock paces a
		 * file output as the daemon's loop expects, a simulated clock
		 * jumps there at once, and INT64_MAX renders the whole airing. */
		int64_t limit = until_ms <= p->start_ms ? 0
		                : until_ms == INT64_MAX ? -1
		                                        : (until_ms - p->start_ms) * (int64_t)p->rate / 1000;
		int r;
		if (stop && *stop)
			return PLAYER_STOPPED;
		r = feed(p, limit);
		if (r < 0)
			return failed(p);
		if (r == 0) {
			clock_sleep_until_ms(until_ms);
			return PLAYER_RUNNING;
		}
		close_item(p);
		close_sink(p);
		p->state = ST_ENDED;
		return PLAYER_DONE;
	}
	for (;;) {
		if (stop && *stop)
			return PLAYER_STOPPED;
		if (p->state == ST_PLAYING) {
			int r = feed(p, -1);
			if (r < 0)
				return failed(p);
			if (r == 1) {
				close_item(p);
				sink_drain(p->sink);
				p->state = ST_DRAINING;
			}
		}
		if (p->state == ST_DRAINING && sink_done(p->sink)) {
			close_sink(p);
			p->state = ST_ENDED;
			return PLAYER_DONE;
		}
		if (clock_wall_ms() >= until_ms)
			return PLAYER_RUNNING;
		if (sink_wait(p->sink, until_ms) != 0)
			return failed(p);
	}
}

void
player_stop(struct player *p, int fade_ms)
{
	int64_t give_up;

	if (p->state == ST_IDLE || p->state == ST_ENDED || !p->sink) {
		reset(p);
		return;
	}
	sink_fade(p->sink, (long)((int64_t)fade_ms * p->rate / 1000));
	if (p->untimed) {
		while (!sink_done(p->sink) && feed(p, -1) == 0)
			;
		reset(p);
		return;
	}
	/* Keep the ring fed while the fade plays; give up on a dead device. */
	give_up = clock_wall_ms() + fade_ms + SINK_STALL_MS;
	while (!sink_done(p->sink) && clock_wall_ms() < give_up) {
		if (p->state == ST_PLAYING && feed(p, -1) != 0)
			sink_drain(p->sink), p->state = ST_DRAINING;
		if (sink_wait(p->sink, give_up) != 0)
			break;
	}
	reset(p);
}

double
player_played_s(const struct player *p)
{
	int64_t frames = p->sink ? sink_played(p->sink) : p->played;

	return p->rate > 0 ? (double)frames / p->rate : 0.0;
}

int64_t
player_started_ms(const struct player *p)
{
	return p->sink ? sink_started_ms(p->sink) : p->started_ms;
}

const char *
player_error(const struct player *p)
{
	return p->err;
}

const char *
player_device(const struct player *p)
{
	return p->device;
}

int
player_untimed(const struct player *p)
{
	return p->untimed;
}
