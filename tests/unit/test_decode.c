/*
 * test_decode.c — decode.h and loudness.h on files and signals made here:
 * exact frame counts and sample values, seeking, refusal of lying and
 * absurd WAV headers, the length cap, and the EBU Tech 3341 1 kHz sine;
 * AAC in M4A, raw AAC and WMA (made with the ffmpeg program) through the
 * FFmpeg path: lengths, seeking back and forth, and damaged copies.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "loa/decode.h"
#include "loa/loudness.h"

static char dir[] = "/tmp/loa-test-decode-XXXXXX";

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = v & 255, p[1] = v >> 8 & 255, p[2] = v >> 16 & 255, p[3] = v >> 24;
}

static void
put16(unsigned char *p, unsigned v)
{
	p[0] = v & 255, p[1] = v >> 8 & 255;
}

/* Writes a 16-bit PCM WAV whose header claims claim_frames and which
 * holds frames frames of a ramp (sample i of channel c = i + c). */
static void
write_wav(const char *path, int channels, int rate, uint32_t claim_frames, int frames)
{
	unsigned char h[44];
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	memcpy(h, "RIFF", 4);
	put32(h + 4, 36 + claim_frames * channels * 2);
	memcpy(h + 8, "WAVEfmt ", 8);
	put32(h + 16, 16);
	put16(h + 20, 1);
	put16(h + 22, (unsigned)channels);
	put32(h + 24, (uint32_t)rate);
	put32(h + 28, (uint32_t)rate * channels * 2);
	put16(h + 32, (unsigned)channels * 2);
	put16(h + 34, 16);
	memcpy(h + 36, "data", 4);
	put32(h + 40, claim_frames * channels * 2);
	fwrite(h, 1, sizeof h, f);
	for (int i = 0; i < frames; i++)
		for (int c = 0; c < channels; c++) {
			unsigned char s[2];
			put16(s, (unsigned)(i + c) & 0xffff);
			fwrite(s, 1, 2, f);
		}
	fclose(f);
}

static void
test_reads_exact_frames(void **state)
{
	char path[128];
	struct decode_info info;
	struct decoder *d;
	float buf[2 * 1000];
	int64_t n, total = 0;

	(void)state;
	snprintf(path, sizeof path, "%s/ramp.wav", dir);
	write_wav(path, 2, 8000, 12345, 12345);
	d = decoder_open(path, &info);
	assert_non_null(d);
	assert_string_equal(info.format, "wav");
	assert_int_equal(info.sample_rate, 8000);
	assert_int_equal(info.channels, 2);
	assert_int_equal(info.frames, 12345);
	while ((n = decoder_read(d, buf, 1000)) > 0) {
		if (total == 0) {
			assert_float_equal(buf[0], 0.0f, 1e-9);
			assert_float_equal(buf[1], 1.0f / 32768, 1e-9);
			assert_float_equal(buf[2], 1.0f / 32768, 1e-9);
		}
		total += n;
	}
	assert_int_equal(n, 0);
	assert_int_equal(total, 12345);
	/* Seek back and read frame 100: its left sample is 100/32768. */
	assert_int_equal(decoder_seek(d, 100), 0);
	assert_int_equal(decoder_read(d, buf, 1), 1);
	assert_float_equal(buf[0], 100.0f / 32768, 1e-9);
	decoder_close(d);
}

static void
test_refuses_bad_headers(void **state)
{
	char path[128];

	(void)state;
	snprintf(path, sizeof path, "%s/liar.wav", dir);
	write_wav(path, 2, 48000, 48000 * 60, 4800);
	assert_null(decoder_open(path, NULL));
	snprintf(path, sizeof path, "%s/many.wav", dir);
	write_wav(path, 1000, 48000, 10, 10);
	assert_null(decoder_open(path, NULL));
	snprintf(path, sizeof path, "%s/fast.wav", dir);
	write_wav(path, 2, 10000000, 10, 10);
	assert_null(decoder_open(path, NULL));
	snprintf(path, sizeof path, "%s/slow.wav", dir);
	write_wav(path, 2, 100, 10, 10);
	assert_null(decoder_open(path, NULL));
	assert_null(decoder_open(dir, NULL));
	snprintf(path, sizeof path, "%s/none.wav", dir);
	assert_null(decoder_open(path, NULL));
}

/* Runs ffmpeg to make path from a 3.25 s 440 Hz sine at 44.1 kHz with
 * the codec given. */
static void
make_with_ffmpeg(const char *path, const char *codec, int channels)
{
	char cmd[512];

	snprintf(cmd, sizeof cmd,
	         "ffmpeg -nostdin -v error -y -f lavfi -i sine=frequency=440:duration=3.25:sample_rate=44100 "
	         "-ac %d -c:a %s '%s'",
	         channels, codec, path);
	assert_int_equal(system(cmd), 0);
}

/* Decodes all of d into a new buffer; *frames is its length. */
static float *
decode_all(struct decoder *d, int channels, int64_t *frames)
{
	float *all = NULL;
	int64_t n, total = 0;

	do {
		all = realloc(all, (size_t)(total + 1000) * channels * sizeof *all);
		assert_non_null(all);
		n = decoder_read(d, all + total * channels, 1000);
		assert_true(n >= 0);
		total += n;
	} while (n > 0);
	*frames = total;
	return all;
}

static void
test_ffmpeg_formats(void **state)
{
	static const struct {
		const char *name, *codec, *format;
		int channels;
		int64_t frames; /* what the header promises; 0 none */
	} cases[] = {
	    {"phone.m4a", "aac", "m4a", 2, 143325},
	    {"recorder.aac", "aac", "aac", 1, 0},
	    {"windows.wma", "wmav2", "wma", 1, 0},
	};
	char path[128], cut[160], cmd[600];
	struct decode_info info;
	float buf[2 * 10];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t total, again;
		snprintf(path, sizeof path, "%s/%s", dir, cases[i].name);
		make_with_ffmpeg(path, cases[i].codec, cases[i].channels);
		struct decoder *d = decoder_open(path, &info);
		assert_non_null(d);
		assert_string_equal(info.format, cases[i].format);
		assert_int_equal(info.sample_rate, 44100);
		assert_int_equal(info.channels, cases[i].channels);
		assert_int_equal(info.frames, cases[i].frames);
		float *all = decode_all(d, info.channels, &total);
		/* The M4A's stated length exactly; the others within a codec
		 * frame of 3.25 s (priming and padding). */
		if (cases[i].frames)
			assert_int_equal(total, cases[i].frames);
		assert_true(total > 143325 - 2100 && total < 143325 + 2100);
		/* Back to frame 30000 and forward to 100000: the samples read
		 * there are the ones read straight through. */
		assert_int_equal(decoder_seek(d, 30000), 0);
		assert_int_equal(decoder_read(d, buf, 10), 10);
		assert_memory_equal(buf, all + 30000 * info.channels, 10 * info.channels * sizeof *buf);
		assert_int_equal(decoder_seek(d, 100000), 0);
		assert_int_equal(decoder_read(d, buf, 10), 10);
		assert_memory_equal(buf, all + 100000 * info.channels, 10 * info.channels * sizeof *buf);
		assert_int_equal(decoder_seek(d, 0), 0);
		free(decode_all(d, info.channels, &again));
		assert_int_equal(again, total);
		free(all);
		decoder_close(d);
		/* Its first half alone: refused, not imported as a shorter clip. */
		snprintf(cut, sizeof cut, "%s/half-%s", dir, cases[i].name);
		snprintf(cmd, sizeof cmd, "head -c $(( $(stat -c %%s '%s') / 2 )) '%s' > '%s'", path, path,
		         cut);
		assert_int_equal(system(cmd), 0);
		if ((d = decoder_open(cut, &info))) {
			int64_t n, got = 0;
			while ((n = decoder_read(d, buf, 10)) > 0)
				got += n;
			assert_true(n < 0 || (info.frames > 0 && got < info.frames));
			decoder_close(d);
		}
	}
}

/* Interleaved stereo 1 kHz sine at dbfs (peak) for seconds. */
static float *
sine(double dbfs, int rate, double seconds, int64_t *frames)
{
	int64_t n = (int64_t)(rate * seconds);
	float *buf = malloc((size_t)n * 2 * sizeof *buf);
	double amp = pow(10, dbfs / 20);

	assert_non_null(buf);
	for (int64_t i = 0; i < n; i++)
		buf[2 * i] = buf[2 * i + 1] = (float)(amp * sin(2 * M_PI * 1000 * i / rate));
	*frames = n;
	return buf;
}

static void
test_loudness_tech3341(void **state)
{
	static const double levels[] = {-23, -33};
	double lufs, peak;
	int64_t n;

	(void)state;
	for (int i = 0; i < 2; i++) {
		float *buf = sine(levels[i], 48000, 20, &n);
		struct loudness *m = loudness_new(2, 48000);
		assert_non_null(m);
		assert_int_equal(loudness_add(m, buf, n), 0);
		assert_int_equal(loudness_result(m, &lufs, &peak), 0);
		assert_float_equal(lufs, levels[i], 0.1);
		assert_float_equal(peak, levels[i], 0.2);
		loudness_free(m);
		free(buf);
	}
}

static void
test_loudness_silence_and_gain(void **state)
{
	float zeros[2 * 4800] = {0};
	double lufs, peak;
	int limited;
	struct loudness *m = loudness_new(2, 48000);

	(void)state;
	for (int i = 0; i < 10; i++)
		assert_int_equal(loudness_add(m, zeros, 4800), 0);
	assert_int_equal(loudness_result(m, &lufs, &peak), 0);
	assert_true(isinf(lufs) && lufs < 0);
	assert_true(isinf(peak) && peak < 0);
	loudness_free(m);
	assert_float_equal(loudness_gain(lufs, peak, -16, &limited), 0, 0);
	assert_int_equal(limited, 0);
	assert_float_equal(loudness_gain(-23, -20, -16, &limited), 7, 1e-9);
	assert_int_equal(limited, 0);
	/* Peaks at -3 dBTP allow only +2 dB before the -1 dBTP ceiling. */
	assert_float_equal(loudness_gain(-23, -3, -16, &limited), 2, 1e-9);
	assert_int_equal(limited, 1);
	assert_float_equal(loudness_gain(-10, -1, -16, NULL), -6, 1e-9);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reads_exact_frames),
	    cmocka_unit_test(test_refuses_bad_headers),
	    cmocka_unit_test(test_ffmpeg_formats),
	    cmocka_unit_test(test_loudness_tech3341),
	    cmocka_unit_test(test_loudness_silence_and_gain),
	};
	char cmd[128];
	int rc;

	if (!mkdtemp(dir))
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
