/*
 * test_player.c — the player's timing through player.h, on real WAV files
 * written here with libsndfile, under clocks the test controls:
 *   - the file output (untimed) with a clock that jumps: each step of
 *     player_run() renders exactly to its deadline, so the positions and
 *     seconds played of each item can be checked to the millisecond, and
 *     the rendered file holds each item where and as long as it should;
 *   - the null output (paced like a sound card) with the real clock moved
 *     to a fixed date: the first sample leaves at the instant asked for,
 *     the programme lasts its length, and a stop ends it within the fade.
 */
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sndfile.h>

#include "loa/clock.h"
#include "loa/player.h"
#include "loa/timeutil.h"

#define RATE 48000 /* the player's rate for the file and null outputs */

static char dir[4096];

/* --- Clocks the test controls. --- */

/* A simulated clock: it reads what the test set, and a sleep jumps to
 * its instant at once. */
static _Atomic int64_t sim_now_ms;

static int64_t
sim_wall_ms(void *ctx)
{
	(void)ctx;
	return atomic_load(&sim_now_ms);
}

static int64_t
sim_mono_ns(void *ctx)
{
	(void)ctx;
	return atomic_load(&sim_now_ms) * 1000000;
}

static int
sim_sleep_until_ms(void *ctx, int64_t wall_ms)
{
	int64_t now = atomic_load(&sim_now_ms);

	(void)ctx;
	while (wall_ms > now && !atomic_compare_exchange_weak(&sim_now_ms, &now, wall_ms))
		;
	return 0;
}

static const struct clock_ops sim_ops = {sim_wall_ms, sim_mono_ns, sim_sleep_until_ms, NULL};

/* The real clock's pace, moved to a date the test chose. */
static int64_t shift_ms;

static int64_t
shifted_wall_ms(void *ctx)
{
	(void)ctx;
	return clock_real()->wall_ms(clock_real()->ctx) + shift_ms;
}

static int64_t
shifted_mono_ns(void *ctx)
{
	(void)ctx;
	return clock_real()->mono_ns(clock_real()->ctx);
}

static int
shifted_sleep_until_ms(void *ctx, int64_t wall_ms)
{
	(void)ctx;
	return clock_real()->sleep_until_ms(clock_real()->ctx, wall_ms - shift_ms);
}

static const struct clock_ops shifted_ops = {shifted_wall_ms, shifted_mono_ns, shifted_sleep_until_ms, NULL};

/* 2024-03-01T06:00:00+07:00, the instant every test starts from. */
static int64_t
t0(void)
{
	int64_t t;

	assert_int_equal(time_parse_instant("2024-03-01T06:00:00+07:00", "UTC", &t), 0);
	return t;
}

/* --- Sound files. --- */

/* Writes a 16-bit WAV of seconds s at rate, channels wide: a 440 Hz tone
 * at amp (0 for silence). Returns its path (static storage per name). */
static const char *
write_wav(const char *name, int rate, int channels, double s, double amp)
{
	static char paths[8][4200];
	static int next;
	char *path = paths[next++ % 8];
	SF_INFO info = {.samplerate = rate, .channels = channels, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
	long frames = lround(s * rate);
	float *buf = calloc((size_t)frames * channels, sizeof *buf);
	SNDFILE *f;

	snprintf(path, sizeof paths[0], "%s/%s", dir, name);
	assert_non_null(buf);
	for (long i = 0; i < frames; i++)
		for (int c = 0; c < channels; c++)
			buf[i * channels + c] = (float)(amp * sin(2 * M_PI * 440.0 * i / rate));
	assert_non_null(f = sf_open(path, SFM_WRITE, &info));
	assert_int_equal(sf_writef_float(f, buf, frames), frames);
	sf_close(f);
	free(buf);
	return path;
}

/* The RMS of frames [from, to) of the first channel of a file's frames. */
static double
rms(const float *v, int channels, long from, long to)
{
	double sum = 0;

	for (long i = from; i < to; i++)
		sum += (double)v[i * channels] * v[i * channels];
	return to > from ? sqrt(sum / (double)(to - from)) : 0;
}

static void
assert_item(struct player *p, int i, enum player_item_state state, double start_s, double played_s)
{
	struct player_item_status is;

	assert_int_equal(player_item(p, i, &is), 0);
	assert_int_equal(is.state, state);
	assert_int_equal(is.why, REASON_NONE);
	assert_true(fabs(is.start_s - start_s) < 0.001);
	assert_true(fabs(is.played_s - played_s) < 0.001);
}

/*
 * Three items, one at another rate and mono (resampled and mapped), one
 * silent: rendered in deadlines, each item is on air for exactly its
 * length, at its place, and the file holds them end to end.
 */
static void
test_file_output_positions(void **state)
{
	const char *a = write_wav("a.wav", 48000, 2, 0.5, 0.5);
	const char *b = write_wav("b.wav", 44100, 1, 0.3, 0.0);
	const char *c = write_wav("c.wav", 48000, 2, 0.2, 0.5);
	struct player_item items[] = {{a, 0, 1, REASON_NONE}, {b, 0, 2, REASON_NONE}, {c, 0, 3, REASON_NONE}};
	char out[4200], spec[4300];
	int64_t start;
	struct player *p;
	SF_INFO info = {0};
	SNDFILE *f;
	float *v;

	(void)state;
	atomic_store(&sim_now_ms, t0());
	clock_use(&sim_ops);
	start = clock_wall_ms() + PLAYER_PREROLL_MS;
	snprintf(out, sizeof out, "%s/out.wav", dir);
	snprintf(spec, sizeof spec, "file:%s", out);
	assert_non_null(p = player_new(spec));
	assert_int_equal(player_untimed(p), 1);
	assert_int_equal(player_prepare(p, items, 3, start), 0);
	/* Nothing is out before the first deadline. */
	assert_item(p, 0, PLAYER_ITEM_PENDING, 0, 0);
	assert_item(p, 1, PLAYER_ITEM_PENDING, 0, 0);

	/* A quarter of a second in: the first item is on air. The file output
	 * renders whole blocks, so what is out is within a block of it. */
	assert_int_equal(player_run(p, start + 250, NULL), PLAYER_RUNNING);
	assert_true(clock_wall_ms() == start + 250);
	assert_true(player_played_s(p) >= 0.25 && player_played_s(p) < 0.25 + 2048.0 / RATE + 0.001);
	{
		struct player_item_status is;
		assert_int_equal(player_item(p, 0, &is), 0);
		assert_int_equal(is.state, PLAYER_ITEM_PLAYING);
		assert_true(fabs(is.played_s - player_played_s(p)) < 0.001);
	}
	assert_item(p, 2, PLAYER_ITEM_PENDING, 0, 0);

	/* At 0.65 s the first is over after its 0.5 s; the second started at
	 * 0.5 s. */
	assert_int_equal(player_run(p, start + 650, NULL), PLAYER_RUNNING);
	assert_item(p, 0, PLAYER_ITEM_DONE, 0, 0.5);
	{
		struct player_item_status is;
		assert_int_equal(player_item(p, 1, &is), 0);
		assert_int_equal(is.state, PLAYER_ITEM_PLAYING);
		assert_true(fabs(is.start_s - 0.5) < 0.001);
		assert_true(is.played_s >= 0.15 - 0.001 && is.played_s < 0.3);
	}

	/* To the end: 1.0 s in all, each item its own length, end to end. */
	assert_int_equal(player_run(p, INT64_MAX, NULL), PLAYER_DONE);
	assert_true(fabs(player_played_s(p) - 1.0) < 0.001);
	assert_item(p, 0, PLAYER_ITEM_DONE, 0, 0.5);
	assert_item(p, 1, PLAYER_ITEM_DONE, 0.5, 0.3);
	assert_item(p, 2, PLAYER_ITEM_DONE, 0.8, 0.2);
	assert_int_equal(player_item(p, 3, &(struct player_item_status){0}), -1);
	player_free(p);

	/* The file: 1.0 s at the output rate, tone, silence, tone. */
	assert_non_null(f = sf_open(out, SFM_READ, &info));
	assert_int_equal(info.samplerate, RATE);
	assert_true(labs((long)info.frames - RATE) <= 1);
	assert_non_null(v = malloc(sizeof *v * (size_t)info.frames * (size_t)info.channels));
	assert_int_equal(sf_readf_float(f, v, info.frames), info.frames);
	sf_close(f);
	assert_true(rms(v, info.channels, 100, 24000 - 100) > 0.3);
	assert_true(rms(v, info.channels, 24000 + 100, 38400 - 100) < 0.01);
	assert_true(rms(v, info.channels, 38400 + 100, (long)info.frames - 100) > 0.3);
	free(v);
	clock_use(NULL);
}

/*
 * The null output at the pace of a sound card: the first sample leaves at
 * the instant (to its 10 ms period), nothing counts as played before it,
 * and the programme ends after its length.
 */
static void
test_null_output_timing(void **state)
{
	const char *a = write_wav("n1.wav", 48000, 2, 0.3, 0.5);
	const char *b = write_wav("n2.wav", 22050, 1, 0.2, 0.5);
	struct player_item items[] = {{a, 0, 1, REASON_NONE}, {b, 0, 2, REASON_NONE}};
	struct player *p;
	int64_t start, now;

	(void)state;
	shift_ms = t0() - clock_real()->wall_ms(clock_real()->ctx);
	clock_use(&shifted_ops);
	start = clock_wall_ms() + 300;
	assert_non_null(p = player_new("null"));
	assert_int_equal(player_untimed(p), 0);
	assert_int_equal(player_prepare(p, items, 2, start), 0);
	/* The pre-roll: the output is open and fed, nothing is out yet. */
	assert_int_equal(player_run(p, start - 100, NULL), PLAYER_RUNNING);
	assert_true(clock_wall_ms() >= start - 100);
	assert_true(player_played_s(p) == 0);
	assert_int_equal(player_started_ms(p), 0);
	assert_item(p, 0, PLAYER_ITEM_PENDING, 0, 0);
	/* To the end. */
	assert_int_equal(player_run(p, INT64_MAX, NULL), PLAYER_DONE);
	now = clock_wall_ms();
	assert_true(player_started_ms(p) >= start && player_started_ms(p) <= start + 10);
	/* Not before the programme's length has gone out; the upper bound
	 * leaves room for a loaded machine. */
	assert_true(now >= start + 500);
	assert_true(now < start + 500 + 1500);
	assert_true(fabs(player_played_s(p) - 0.5) < 0.011);
	assert_item(p, 0, PLAYER_ITEM_DONE, 0, 0.3);
	assert_item(p, 1, PLAYER_ITEM_DONE, 0.3, 0.2);
	player_free(p);
	clock_use(NULL);
}

/*
 * A stop on request: player_run() returns at once once the flag is up,
 * player_stop() fades out within its fade, and what was played is the
 * time the item was on air, far short of its length.
 */
static void
test_null_output_stop(void **state)
{
	const char *a = write_wav("long.wav", 48000, 2, 3.0, 0.5);
	struct player_item items[] = {{a, 0, 1, REASON_NONE}};
	volatile sig_atomic_t stop = 0;
	struct player_item_status is;
	struct player *p;
	int64_t start, asked;
	double at_stop;

	(void)state;
	shift_ms = t0() - clock_real()->wall_ms(clock_real()->ctx);
	clock_use(&shifted_ops);
	start = clock_wall_ms() + 100;
	assert_non_null(p = player_new("null"));
	assert_int_equal(player_prepare(p, items, 1, start), 0);
	assert_int_equal(player_run(p, start + 400, &stop), PLAYER_RUNNING);
	at_stop = player_played_s(p);
	assert_true(at_stop > 0.3 && at_stop < 0.45);
	assert_int_equal(player_item(p, 0, &is), 0);
	assert_int_equal(is.state, PLAYER_ITEM_PLAYING);
	stop = 1;
	asked = clock_wall_ms();
	assert_int_equal(player_run(p, INT64_MAX, &stop), PLAYER_STOPPED);
	assert_true(clock_wall_ms() - asked < 50);
	player_stop(p, PLAYER_FADE_MS);
	/* The fade plays out, then the output is closed. */
	assert_true(clock_wall_ms() - asked >= PLAYER_FADE_MS - 20);
	assert_true(clock_wall_ms() - asked < PLAYER_FADE_MS + 1000);
	assert_true(player_played_s(p) >= at_stop + PLAYER_FADE_MS / 1000.0 - 0.02);
	assert_true(player_played_s(p) < 1.5);
	assert_int_equal(player_item(p, 0, &is), 0);
	assert_true(fabs(is.played_s - player_played_s(p)) < 0.001);
	player_free(p);
	clock_use(NULL);
}

/* A private folder for the sound files, in the test's $TMPDIR. */
static int
make_dir(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(dir, sizeof dir, "%s/loa-test-player-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

static int
remove_dir(void **state)
{
	char cmd[4200];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_file_output_positions),
	    cmocka_unit_test(test_null_output_timing),
	    cmocka_unit_test(test_null_output_stop),
	};

	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
