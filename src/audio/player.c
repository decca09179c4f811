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
 * One bad item does not silence a programme: an item whose file is missing
 * or cannot be decoded (at its turn or part way) ends there, and the next
 * one follows without a gap. Every item's span is kept as output frames —
 * where its first frame left the pipeline and where its last did — so that,
 * against the frames the output has played, player_item() tells which item
 * is on air and how much of it was heard.
 *
 * The player never prints: a failure is kept in player_error() for the
 * airing log, and the caller says it to the officer. (decode.c prints its
 * own message when a file cannot be read; the player's reason names the
 * file too.)
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/clock.h"
#include "loa/decode.h"
#include "loa/i18n.h"
#include "loa/player.h"
#include "audio/resample.h"
#include "audio/sink.h"

/* Frames decoded per read, and produced per resampler call. */
#define PLAYER_BLOCK 2048
/* The rate asked of outputs without one of their own (file, null). */
#define PLAYER_RATE 48000

enum player_state { ST_IDLE, ST_PLAYING, ST_DRAINING, ST_ENDED };

/* What became of one item, in output frames from the airing's start. */
struct item_span {
	int64_t first;   /* its first frame, -1 until it is reached */
	int64_t end;     /* the frame after its last, -1 until it ends */
	enum reason why; /* REASON_NONE, or why it is skipped or stopped early */
};

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
	struct item_span *span;    /* per item: where it lies in the output (kept after the airing) */
	int nspan;                 /* how many */
	int64_t produced;          /* frames of the airing made so far (at the output rate) */
	enum reason why;           /* why the last step failed, as a code */
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
	free(p->span);
	free(p->output);
	free(p);
}

static int fail(struct player *p, enum reason why, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Keeps the reason for player_error() and player_error_reason(); -1. */
static int
fail(struct player *p, enum reason why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->err, sizeof p->err, fmt, ap);
	va_end(ap);
	p->why = why;
	return -1;
}

/* Why a file that decode.c refused cannot play: gone, or damaged. */
static enum reason
unreadable(const char *path)
{
	return access(path, F_OK) != 0 && errno == ENOENT ? REASON_CLIP_MISSING : REASON_CLIP_CORRUPT;
}

/* Opens item i for decoding into the pipeline. 0, or the reason it cannot
 * play (nothing left open). */
static enum reason
open_item(struct player *p, int i)
{
	const struct player_item *it = &p->items[i];

	if (!(p->dec = decoder_open(it->path, &p->info)))
		return unreadable(it->path);
	p->mid = p->info.channels < p->channels ? p->info.channels : p->channels;
	if (!(p->rs = resample_new(p->info.sample_rate, p->rate, p->mid))) {
		close_item(p);
		return REASON_OTHER;
	}
	p->gain = (float)pow(10.0, it->gain_db / 20.0);
	p->cur = i;
	p->in_eof = 0;
	p->m_len = p->m_pos = 0;
	return REASON_NONE;
}

/* Item i ends here (why: REASON_NONE when it played to its end). */
static void
end_item(struct player *p, int i, enum reason why)
{
	if (p->span[i].first < 0)
		p->span[i].first = p->produced;
	p->span[i].end = p->produced;
	if (why != REASON_NONE && p->span[i].why == REASON_NONE)
		p->span[i].why = why;
}

/* Opens the first item from i on that can play; the ones before it end at
 * once, with their reason. No decoder is left open when none can. */
static void
next_item(struct player *p, int i)
{
	for (; i < p->n; i++) {
		enum reason why = p->span[i].why;
		if (why == REASON_NONE)
			why = open_item(p, i);
		if (why == REASON_NONE) {
			p->span[i].first = p->produced;
			return;
		}
		end_item(p, i, why);
	}
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
		return -1; /* the item's span says so: produce() goes on with the next */
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
		if (p->m_pos >= p->m_len && !p->in_eof && decode_block(p) != 0) {
			/* Damaged part way: the item ends where it broke, and the
			 * programme goes on with the next one. */
			int next = p->cur + 1;
			close_item(p);
			end_item(p, next - 1, REASON_CLIP_CORRUPT);
			next_item(p, next);
			continue;
		}
		gen = resample_run(p->rs, p->mbuf + p->m_pos * p->mid, p->m_len - p->m_pos, &used, p->rbuf,
		                   PLAYER_BLOCK * 2, p->in_eof);
		if (gen < 0)
			return fail(p, REASON_OTHER, _("cannot convert the sample rate of '%s'"),
			            p->items[p->cur].path);
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
			p->produced += gen;
			return gen;
		}
		if (p->in_eof && p->m_pos >= p->m_len) {
			/* The item is flushed: on to the next, without a gap. */
			int next = p->cur + 1;
			close_item(p);
			end_item(p, next - 1, REASON_NONE);
			next_item(p, next);
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
			return fail(p, sink_error_reason(p->sink), "%s", sink_error(p->sink));
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
	enum reason why;
	int i, playable = 0;

	reset(p);
	p->err[0] = '\0';
	p->why = REASON_NONE;
	p->played = 0;
	p->started_ms = 0;
	p->produced = 0;
	free(p->span);
	p->span = NULL;
	p->nspan = 0;
	if (n < 1)
		return fail(p, REASON_PLAYLIST_EMPTY, "%s", _("nothing to play (an empty playlist)"));
	if (!(p->items = calloc((size_t)n, sizeof *p->items)) ||
	    !(p->span = calloc((size_t)n, sizeof *p->span)))
		return fail(p, REASON_OUT_OF_MEMORY, "%s", _("out of memory"));
	p->nspan = n;
	for (i = 0; i < n; i++) {
		p->items[i] = items[i];
		if (!(p->items[i].path = strdup(items[i].path)))
			return fail(p, REASON_OUT_OF_MEMORY, "%s", _("out of memory"));
		p->n = i + 1;
		p->span[i] = (struct item_span){.first = -1, .end = -1, .why = items[i].skip};
	}
	/* Every item is opened now, so that one whose file is missing or
	 * damaged is known before anything is heard: it is left out (and so
	 * logged), and the others play. */
	for (i = 0; i < n; i++) {
		struct decode_info info;
		struct decoder *d;
		if (p->span[i].why != REASON_NONE)
			continue;
		if (!(d = decoder_open(p->items[i].path, &info))) {
			p->span[i].why = unreadable(p->items[i].path);
			continue;
		}
		decoder_close(d);
		playable++;
	}
	if (!playable) {
		for (i = 0; i < n && p->span[i].why == REASON_NONE; i++)
			;
		why = i < n ? p->span[i].why : REASON_OTHER;
		return fail(p, why,
		            why == REASON_CLIP_MISSING
		                ? _("the file of clip %lld is missing from the library")
		            : why == REASON_CLIP_CORRUPT ? _("the file of clip %lld is damaged")
		                                         : _("clip %lld may not air on this date"),
		            (long long)p->items[i < n ? i : 0].clip_id);
	}
	p->start_ms = start_ms > now ? start_ms : now;
	if (!(p->sink = sink_open(p->output, PLAYER_RATE, p->start_ms, err, sizeof err, &why)))
		return fail(p, why, "%s", err);
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
		return fail(p, REASON_OUT_OF_MEMORY, "%s", _("out of memory"));
	}
	next_item(p, 0);
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
			fail(p, sink_error_reason(p->sink), "%s", sink_error(p->sink));
			reset(p);
			return -1;
		}
	}
	return 0;
}

int
player_check_output(struct player *p)
{
	char err[256];
	enum reason why;
	int rc = 0;

	reset(p);
	p->err[0] = '\0';
	p->why = REASON_NONE;
	/* An hour ahead: the output plays silence until the check closes it. */
	if (!(p->sink = sink_open(p->output, PLAYER_RATE, clock_wall_ms() + 3600000, err, sizeof err, &why)))
		return fail(p, why, "%s", err);
	snprintf(p->device, sizeof p->device, "%s", sink_device(p->sink));
	if (sink_start(p->sink) != 0)
		rc = fail(p, sink_error_reason(p->sink), "%s", sink_error(p->sink));
	close_sink(p);
	return rc;
}

static enum player_status
failed(struct player *p)
{
	if (!p->err[0] && p->sink) {
		snprintf(p->err, sizeof p->err, "%s", sink_error(p->sink));
		p->why = sink_error_reason(p->sink);
	}
	if (p->why == REASON_NONE)
		p->why = REASON_OTHER;
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
			fail(p, REASON_OTHER, "%s", _("nothing prepared to play"));
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

enum reason
player_error_reason(const struct player *p)
{
	return p->why != REASON_NONE || !p->err[0] ? p->why : REASON_OTHER;
}

int
player_item(const struct player *p, int i, struct player_item_status *out)
{
	const struct item_span *sp;
	int64_t played = p->sink ? sink_played(p->sink) : p->played, n;

	if (i < 0 || i >= p->nspan)
		return -1;
	sp = &p->span[i];
	memset(out, 0, sizeof *out);
	out->why = sp->why;
	if (sp->first < 0) {
		out->state = PLAYER_ITEM_PENDING;
		return 0;
	}
	n = played - sp->first;
	if (n < 0)
		n = 0;
	if (sp->end >= 0 && n > sp->end - sp->first)
		n = sp->end - sp->first;
	out->start_s = p->rate > 0 ? (double)sp->first / p->rate : 0;
	out->played_s = p->rate > 0 ? (double)n / p->rate : 0;
	if (sp->end >= 0 && played >= sp->end)
		out->state = PLAYER_ITEM_DONE;
	else if (played > sp->first)
		out->state = PLAYER_ITEM_PLAYING;
	else
		out->state = PLAYER_ITEM_PENDING;
	return 0;
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
