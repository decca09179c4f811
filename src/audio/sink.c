/*
 * sink.c — the output interface, and what the timed drivers share.
 *
 * Exact start. A timed driver tells sink_ring_pull() when the first frame
 * of each buffer it hands over will leave the output (t0), in its own
 * timebase: the monotonic clock for PortAudio (which reports the
 * buffer's DAC time relative to "now" in every callback), the wall clock
 * for the null sink. The airing's instant is converted once into that
 * timebase (target_ns); the buffer that contains it gets silence up to the
 * exact frame and the airing's first frame there. Because every callback
 * measures its own buffer time afresh, an xrun between the conversion and
 * the start cannot shift the start (unlike PortAudio's stream time on JACK,
 * which counts frames and loses a period per xrun). The wall-to-monotonic
 * conversion is redone SINK_REMAP_MS before the instant so that a clock
 * slewed by NTP during the pre-roll is followed.
 *
 * The ring is single-producer single-consumer with C11 atomics: the
 * player's thread writes, the real-time side reads, and neither ever
 * waits for the other; the real-time side wakes a waiting player with a
 * semaphore. A watchdog (as in sndiod) turns a device that stops calling
 * back for SINK_STALL_MS into an airing's failure, never a hang.
 */
#define _GNU_SOURCE /* sem_clockwait */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "loa/clock.h"
#include "loa/i18n.h"
#include "audio/sink_internal.h"

/* The ring's length: how far the player may run ahead of the output. */
#define SINK_RING_MS 500
/* Redo the wall-to-timebase mapping this long before the start. */
#define SINK_REMAP_MS 250
/* The longest sink_wait() sleeps before it checks the device again. */
#define SINK_WAIT_SLICE_MS 100

/* Extra state the player thread keeps per sink (not shared). */
struct sink_watch {
	uint64_t pulls;   /* pulls seen at the last check */
	int64_t since_ns; /* monotonic time pulls last moved */
};

static struct sink_watch *
watch_of(struct sink *s)
{
	/* Stored right after the sink (see sink_open's allocation). */
	return (struct sink_watch *)(s + 1);
}

static void
set_err(char *err, size_t errlen, const char *msg)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", msg);
}

int64_t
sink_timebase_now(const struct sink *s)
{
	if (s->driver->wall_timebase)
		return clock_wall_ms() * 1000000;
	return clock_mono_ns();
}

/*
 * Pairs a wall-clock instant with the timebase. clock_wall_ms() only
 * resolves milliseconds, so wait (at most 3 ms) for it to tick over and
 * read the monotonic clock at that edge: the pair is then good to a few
 * microseconds. A clock that never ticks (a simulated one) gets the pair
 * without the wait.
 */
static void
timebase_pair(struct sink *s)
{
	int64_t w0, w, m, limit;

	if (s->driver->wall_timebase) {
		s->pair_wall_ns = s->pair_base_ns = clock_wall_ms() * 1000000;
		return;
	}
	w0 = clock_wall_ms();
	m = clock_mono_ns();
	limit = m + 3000000;
	for (;;) {
		m = clock_mono_ns();
		w = clock_wall_ms();
		if (w != w0) {
			s->pair_wall_ns = w * 1000000;
			s->pair_base_ns = m;
			return;
		}
		if (m > limit)
			break;
	}
	s->pair_wall_ns = w0 * 1000000 + 500000;
	s->pair_base_ns = m;
}

static void
set_target(struct sink *s)
{
	int64_t start_ns = s->start_ms * 1000000;

	atomic_store(&s->target_ns, s->pair_base_ns + (start_ns - s->pair_wall_ns));
}

struct sink *
sink_open(const char *spec, int rate, int64_t start_ms, char *err, size_t errlen, enum reason *why)
{
	const struct sink_driver *drv = &sink_driver_portaudio;
	const char *arg = spec ? spec : "";
	struct sink *s;

	if (strncmp(arg, "file:", 5) == 0) {
		drv = &sink_driver_file;
		arg += 5;
	} else if (strcmp(arg, "null") == 0 || strncmp(arg, "null:", 5) == 0) {
		drv = &sink_driver_null;
		arg += arg[4] ? 5 : 4;
	}
	*why = REASON_OUT_OF_MEMORY;
	if (!(s = calloc(1, sizeof *s + sizeof(struct sink_watch)))) {
		set_err(err, errlen, _("out of memory"));
		return NULL;
	}
	s->driver = drv;
	s->rate = rate;
	s->channels = 2;
	s->start_ms = start_ms;
	if (drv->open(s, arg) != 0) {
		set_err(err, errlen, s->err);
		*why = s->why != REASON_NONE ? s->why : REASON_OTHER;
		free(s);
		return NULL;
	}
	if (drv->untimed)
		return s;
	s->cap = (long)s->rate * SINK_RING_MS / 1000;
	if (!(s->ring = calloc((size_t)s->cap * s->channels, sizeof *s->ring))) {
		drv->close(s);
		set_err(err, errlen, _("out of memory"));
		free(s);
		return NULL;
	}
	sem_init(&s->wake, 0, 0);
	timebase_pair(s);
	set_target(s);
	return s;
}

int
sink_start(struct sink *s)
{
	if (s->driver->untimed)
		return 0;
	watch_of(s)->since_ns = clock_mono_ns();
	return s->driver->start(s);
}

/* Applies the fade to n frames of buf; returns the frames before its end. */
static long
fade_apply(struct sink *s, float *buf, long n, long total)
{
	long i;
	int c;

	for (i = 0; i < n; i++) {
		if (s->fade_done >= total)
			return i;
		float g = 1.0f - (float)s->fade_done / (float)total;
		for (c = 0; c < s->channels; c++)
			buf[i * s->channels + c] *= g;
		s->fade_done++;
	}
	return n;
}

void
sink_ring_pull(struct sink *s, float *out, long frames, int64_t t0_ns)
{
	const int ch = s->channels;
	const double ns_per_frame = 1e9 / s->rate;
	long off = 0, n = 0, want, fade;
	uint64_t r, w;
	int wake = 0;

	atomic_fetch_add(&s->pulls, 1);
	if (atomic_load(&s->done) || atomic_load(&s->rt_error)) {
		memset(out, 0, sizeof *out * frames * ch);
		return;
	}
	fade = atomic_load(&s->fade_total);
	if (!atomic_load(&s->started)) {
		double d = (double)(atomic_load(&s->target_ns) - t0_ns) / ns_per_frame;
		if (fade > 0) {
			/* Cut before it began: nothing was heard. */
			atomic_store(&s->end_ns, t0_ns);
			atomic_store(&s->done, 1);
			d = frames;
			wake = 1;
		}
		if (d >= frames - 0.5) {
			memset(out, 0, sizeof *out * frames * ch);
			goto out;
		}
		off = d <= 0 ? 0 : lround(d);
		atomic_store(&s->started_ns, t0_ns + (int64_t)(off * ns_per_frame));
		atomic_store(&s->started, 1);
		memset(out, 0, sizeof *out * off * ch);
	}
	want = frames - off;
	r = atomic_load_explicit(&s->rpos, memory_order_relaxed);
	w = atomic_load_explicit(&s->wpos, memory_order_acquire);
	n = (long)(w - r) < want ? (long)(w - r) : want;
	if (n > 0) {
		long at = (long)(r % (uint64_t)s->cap);
		long first = n < s->cap - at ? n : s->cap - at;
		memcpy(out + off * ch, s->ring + at * ch, sizeof *out * first * ch);
		memcpy(out + (off + first) * ch, s->ring, sizeof *out * (n - first) * ch);
		if (fade > 0)
			n = fade_apply(s, out + off * ch, n, fade);
		atomic_store_explicit(&s->rpos, r + n, memory_order_release);
		atomic_fetch_add(&s->played, n);
	}
	if (n < want)
		memset(out + (off + n) * ch, 0, sizeof *out * (want - n) * ch);
	if (fade > 0 && s->fade_done >= fade) {
		/* Faded out: the rest of the ring is never heard. */
		atomic_store_explicit(&s->rpos, atomic_load(&s->wpos), memory_order_release);
		atomic_store(&s->end_ns, t0_ns + (int64_t)((off + n) * ns_per_frame));
		atomic_store(&s->done, 1);
		wake = 1;
	} else if (n < want) {
		if (atomic_load(&s->draining) && atomic_load(&s->wpos) == r + (uint64_t)n) {
			atomic_store(&s->end_ns, t0_ns + (int64_t)((off + n) * ns_per_frame));
			atomic_store(&s->done, 1);
			wake = 1;
		} else {
			atomic_fetch_add(&s->underruns, 1);
		}
	}
	if (s->cap - (long)(atomic_load(&s->wpos) - (r + (uint64_t)n)) >= s->cap / 4)
		wake = 1;
out:
	if (wake)
		sem_post(&s->wake);
}

void
sink_ring_fail(struct sink *s, const char *msg)
{
	const char *none = NULL;

	atomic_compare_exchange_strong(&s->rt_error, &none, msg);
	sem_post(&s->wake);
}

long
sink_write(struct sink *s, const float *buf, long frames)
{
	const int ch = s->channels;
	uint64_t w, r;
	long n, at, first;

	if (s->driver->untimed) {
		long total = atomic_load(&s->fade_total);
		float tmp[1024 * 8];

		if (atomic_load(&s->done))
			return frames;
		if (total <= 0) {
			if (s->driver->write(s, buf, frames) != 0)
				return -1;
			atomic_fetch_add(&s->played, frames);
			return frames;
		}
		/* Fading: the file gets the ramp, then nothing. */
		for (long done = 0; done < frames;) {
			long k = frames - done < 1024 ? frames - done : 1024;
			memcpy(tmp, buf + done * ch, sizeof *tmp * k * ch);
			long kept = fade_apply(s, tmp, k, total);
			if (kept > 0 && s->driver->write(s, tmp, kept) != 0)
				return -1;
			atomic_fetch_add(&s->played, kept);
			if (kept < k || s->fade_done >= total) {
				atomic_store(&s->done, 1);
				break;
			}
			done += k;
		}
		return frames;
	}
	if (atomic_load(&s->rt_error)) {
		snprintf(s->err, sizeof s->err, "%s", atomic_load(&s->rt_error));
		s->why = REASON_DEVICE_LOST;
		return -1;
	}
	if (atomic_load(&s->done))
		return frames;
	w = atomic_load_explicit(&s->wpos, memory_order_relaxed);
	r = atomic_load_explicit(&s->rpos, memory_order_acquire);
	n = s->cap - (long)(w - r);
	if (n > frames)
		n = frames;
	if (n <= 0)
		return 0;
	at = (long)(w % (uint64_t)s->cap);
	first = n < s->cap - at ? n : s->cap - at;
	memcpy(s->ring + at * ch, buf, sizeof *buf * first * ch);
	memcpy(s->ring, buf + first * ch, sizeof *buf * (n - first) * ch);
	atomic_store_explicit(&s->wpos, w + n, memory_order_release);
	return n;
}

int
sink_wait(struct sink *s, int64_t until_ms)
{
	struct sink_watch *wd = watch_of(s);
	int64_t now_ms, now_mono, wait_ms, pulls;
	struct timespec ts;

	if (s->driver->untimed)
		return 0;
	if (atomic_load(&s->rt_error)) {
		snprintf(s->err, sizeof s->err, "%s", atomic_load(&s->rt_error));
		s->why = REASON_DEVICE_LOST;
		return -1;
	}
	if (s->driver->check && s->driver->check(s) != 0)
		return -1;
	now_ms = clock_wall_ms();
	now_mono = clock_mono_ns();
	pulls = (int64_t)atomic_load(&s->pulls);
	if ((uint64_t)pulls != wd->pulls) {
		wd->pulls = (uint64_t)pulls;
		wd->since_ns = now_mono;
	} else if (now_mono - wd->since_ns > (int64_t)SINK_STALL_MS * 1000000) {
		snprintf(s->err, sizeof s->err,
		         _("the output device stopped taking audio for %d seconds (stalled)"),
		         SINK_STALL_MS / 1000);
		s->why = REASON_DEVICE_LOST;
		return -1;
	}
	if (!s->remapped && !atomic_load(&s->started) && now_ms >= s->start_ms - SINK_REMAP_MS) {
		timebase_pair(s);
		set_target(s);
		s->remapped = 1;
	}
	if (sink_done(s) || now_ms >= until_ms)
		return 0;
	wait_ms = until_ms - now_ms;
	if (wait_ms > SINK_WAIT_SLICE_MS)
		wait_ms = SINK_WAIT_SLICE_MS;
	if (!s->remapped && s->start_ms - SINK_REMAP_MS - now_ms < wait_ms)
		wait_ms = s->start_ms - SINK_REMAP_MS - now_ms;
	if (atomic_load(&s->done)) {
		/* Drained: sleep until the last frame has left the output. */
		int64_t left_ms = (atomic_load(&s->end_ns) - sink_timebase_now(s)) / 1000000 + 1;
		if (left_ms < wait_ms)
			wait_ms = left_ms;
	}
	if (wait_ms <= 0)
		return 0;
	/* The semaphore counts wake-ups the player did not wait for; drop
	 * them so this wait sleeps until something new happens. */
	while (sem_trywait(&s->wake) == 0)
		;
	if (atomic_load(&s->done) || atomic_load(&s->draining) ||
	    s->cap - (long)(atomic_load(&s->wpos) - atomic_load(&s->rpos)) < s->cap / 4) {
		int64_t deadline = now_mono + wait_ms * 1000000;
		ts.tv_sec = deadline / 1000000000;
		ts.tv_nsec = deadline % 1000000000;
		while (sem_clockwait(&s->wake, CLOCK_MONOTONIC, &ts) != 0 && errno == EINTR)
			;
	}
	return 0;
}

void
sink_drain(struct sink *s)
{
	atomic_store(&s->draining, 1);
	if (s->driver->untimed)
		atomic_store(&s->done, 1);
}

void
sink_fade(struct sink *s, long frames)
{
	if (frames < 1)
		frames = 1;
	atomic_store(&s->fade_total, frames);
}

int
sink_done(struct sink *s)
{
	if (!atomic_load(&s->done))
		return 0;
	if (s->driver->untimed)
		return 1;
	return sink_timebase_now(s) >= atomic_load(&s->end_ns);
}

void
sink_close(struct sink *s)
{
	if (!s)
		return;
	s->driver->close(s);
	if (!s->driver->untimed) {
		sem_destroy(&s->wake);
		free(s->ring);
	}
	free(s);
}

int
sink_rate(const struct sink *s)
{
	return s->rate;
}

int
sink_channels(const struct sink *s)
{
	return s->channels;
}

int
sink_untimed(const struct sink *s)
{
	return s->driver->untimed;
}

const char *
sink_device(const struct sink *s)
{
	return s->device;
}

const char *
sink_error(const struct sink *s)
{
	return s->err;
}

enum reason
sink_error_reason(const struct sink *s)
{
	return s->why != REASON_NONE ? s->why : s->err[0] ? REASON_OTHER : REASON_NONE;
}

int64_t
sink_played(const struct sink *s)
{
	return atomic_load(&((struct sink *)s)->played);
}

int64_t
sink_started_ms(const struct sink *s)
{
	struct sink *m = (struct sink *)s;
	int64_t wall_ns;

	if (s->driver->untimed)
		return atomic_load(&m->played) > 0 ? s->start_ms : 0;
	if (!atomic_load(&m->started))
		return 0;
	wall_ns = s->pair_wall_ns + (atomic_load(&m->started_ns) - s->pair_base_ns);
	return (wall_ns + 500000) / 1000000;
}

int
sink_list_devices(struct sink_device *out, int max, char *err, size_t errlen)
{
	return sink_driver_portaudio.list(out, max, err, errlen);
}
