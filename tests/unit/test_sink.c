/*
 * test_sink.c — the real-time side of the sinks, driven by hand: the
 * exact start to the frame, the drain, the fade, underruns; and the
 * resampler's lengths (a clip comes out whole at the new rate).
 */
#include <math.h>
#include <semaphore.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "audio/resample.h"
#include "audio/sink_internal.h"

#define RATE       48000
#define NS(frames) ((int64_t)(frames)*1000000000 / RATE)

/* A stereo sink on the wall-clock timebase with its ring, no thread: the
 * test plays the real-time side itself through sink_ring_pull(). */
static struct sink *
make_sink(int64_t target_ns)
{
	struct sink *s = calloc(1, sizeof *s);

	s->driver = &sink_driver_null;
	s->rate = RATE;
	s->channels = 2;
	s->cap = 4800;
	s->ring = calloc((size_t)s->cap * 2, sizeof(float));
	sem_init(&s->wake, 0, 0);
	atomic_store(&s->target_ns, target_ns);
	return s;
}

static void
free_sink(struct sink *s)
{
	sem_destroy(&s->wake);
	free(s->ring);
	free(s);
}

/* Writes frames frames counting up from first (both channels). */
static void
write_ramp(struct sink *s, int first, int frames)
{
	float buf[2 * 4800];

	for (int i = 0; i < frames; i++)
		buf[2 * i] = buf[2 * i + 1] = (float)(first + i + 1);
	assert_int_equal(sink_write(s, buf, frames), frames);
}

static void
test_first_frame_at_the_exact_offset(void **state)
{
	const int64_t t0 = 1000000000;
	struct sink *s = make_sink(t0 + NS(256 + 100)); /* second buffer, frame 100 */
	float out[2 * 256];

	(void)state;
	write_ramp(s, 0, 1000);
	sink_ring_pull(s, out, 256, t0);
	for (int i = 0; i < 512; i++)
		assert_true(out[i] == 0.0f);
	assert_int_equal(atomic_load(&s->started), 0);
	sink_ring_pull(s, out, 256, t0 + NS(256));
	for (int i = 0; i < 100; i++)
		assert_true(out[2 * i] == 0.0f);
	assert_true(out[200] == 1.0f && out[201] == 1.0f); /* frame 0 of the airing */
	assert_true(out[2 * 255] == 156.0f);
	assert_int_equal(atomic_load(&s->started_ns), t0 + NS(356));
	assert_int_equal(atomic_load(&s->played), 156);
	free_sink(s);
}

static void
test_late_start_begins_at_once(void **state)
{
	struct sink *s = make_sink(5000);
	float out[2 * 64];

	(void)state;
	write_ramp(s, 0, 64);
	sink_ring_pull(s, out, 64, 1000000);
	assert_true(out[0] == 1.0f);
	assert_int_equal(atomic_load(&s->started_ns), 1000000);
	free_sink(s);
}

static void
test_drain_ends_after_the_last_frame(void **state)
{
	struct sink *s = make_sink(0);
	float out[2 * 256];

	(void)state;
	write_ramp(s, 0, 300);
	sink_drain(s);
	sink_ring_pull(s, out, 256, 0);
	assert_int_equal(atomic_load(&s->done), 0);
	sink_ring_pull(s, out, 256, NS(256));
	assert_true(out[2 * 43] == 300.0f);
	assert_true(out[2 * 44] == 0.0f);
	assert_int_equal(atomic_load(&s->done), 1);
	assert_int_equal(atomic_load(&s->end_ns), NS(256) + NS(44));
	assert_int_equal(atomic_load(&s->underruns), 0);
	assert_int_equal(atomic_load(&s->played), 300);
	free_sink(s);
}

static void
test_underrun_is_counted_not_drained(void **state)
{
	struct sink *s = make_sink(0);
	float out[2 * 256];

	(void)state;
	write_ramp(s, 0, 100);
	sink_ring_pull(s, out, 256, 0);
	assert_int_equal(atomic_load(&s->underruns), 1);
	assert_int_equal(atomic_load(&s->done), 0);
	free_sink(s);
}

static void
test_fade_ramps_down_and_ends(void **state)
{
	struct sink *s = make_sink(0);
	float buf[2 * 1000], out[2 * 256];

	(void)state;
	for (int i = 0; i < 2000; i++)
		buf[i] = 1.0f;
	assert_int_equal(sink_write(s, buf, 1000), 1000);
	sink_ring_pull(s, out, 256, 0);
	assert_true(out[510] == 1.0f);
	sink_fade(s, 100);
	sink_ring_pull(s, out, 256, NS(256));
	assert_true(out[0] == 1.0f);                    /* gain 1 at the fade's start */
	assert_true(fabsf(out[2 * 50] - 0.5f) < 1e-6f); /* halfway */
	assert_true(out[2 * 99] > 0.0f && out[2 * 99] < 0.02f);
	assert_true(out[2 * 100] == 0.0f);
	assert_int_equal(atomic_load(&s->done), 1);
	assert_int_equal(atomic_load(&s->played), 356);
	/* What was left in the ring is never heard. */
	sink_ring_pull(s, out, 256, NS(512));
	for (int i = 0; i < 512; i++)
		assert_true(out[i] == 0.0f);
	free_sink(s);
}

static void
test_cut_before_the_start_plays_nothing(void **state)
{
	struct sink *s = make_sink(NS(10000));
	float out[2 * 256];

	(void)state;
	write_ramp(s, 0, 1000);
	sink_fade(s, 100);
	sink_ring_pull(s, out, 256, 0);
	assert_int_equal(atomic_load(&s->done), 1);
	assert_int_equal(atomic_load(&s->started), 0);
	assert_int_equal(atomic_load(&s->played), 0);
	free_sink(s);
}

static void
test_ring_is_bounded(void **state)
{
	struct sink *s = make_sink(0);
	float buf[2 * 4800] = {0};

	(void)state;
	assert_int_equal(sink_write(s, buf, 4000), 4000);
	assert_int_equal(sink_write(s, buf, 4000), 800);
	assert_int_equal(sink_write(s, buf, 10), 0);
	free_sink(s);
}

/* Resamples n frames of a mono signal in blocks; returns frames out. */
static long
resample_len(int in_rate, int out_rate, long n)
{
	struct resampler *r = resample_new(in_rate, out_rate, 1);
	float in[1000], out[4000];
	long total = 0, fed = 0;

	for (int i = 0; i < 1000; i++)
		in[i] = sinf((float)i * 0.1f) * 0.5f;
	for (;;) {
		long chunk = n - fed < 1000 ? n - fed : 1000, used = 0;
		int last = fed + chunk >= n;
		long got = resample_run(r, in, chunk, &used, out, 4000, last);
		assert_true(got >= 0);
		fed += used;
		total += got;
		if (last && got == 0 && used == chunk)
			break;
	}
	resample_free(r);
	return total;
}

static void
test_resampler_keeps_the_whole_clip(void **state)
{
	(void)state;
	assert_int_equal(resample_len(44100, 48000, 44100), 48000);
	assert_int_equal(resample_len(22050, 48000, 15435), 33600);
	/* Downsampling may end one frame short (libsamplerate's flush). */
	assert_in_range(resample_len(48000, 44100, 48000), 44099, 44100);
	assert_int_equal(resample_len(48000, 48000, 12345), 12345);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_first_frame_at_the_exact_offset),
	    cmocka_unit_test(test_late_start_begins_at_once),
	    cmocka_unit_test(test_drain_ends_after_the_last_frame),
	    cmocka_unit_test(test_underrun_is_counted_not_drained),
	    cmocka_unit_test(test_fade_ramps_down_and_ends),
	    cmocka_unit_test(test_cut_before_the_start_plays_nothing),
	    cmocka_unit_test(test_ring_is_bounded),
	    cmocka_unit_test(test_resampler_keeps_the_whole_clip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
