/*
 * loudness.c — EBU R 128 measurement through libebur128 (the only file
 * that includes ebur128.h).
 *
 * True peak is measured as libebur128 does it (4x oversampling below
 * 96 kHz, as BS.1770-4 annex 2 asks); integrated loudness uses the gated
 * block list rather than the histogram mode, because the histogram rounds
 * to bins and the tests hold us to 0.1 LU of the EBU Tech 3341 signals.
 * Memory grows by one double per 100 ms of audio, and decode.h caps the
 * length, so it stays bounded.
 */
#include <math.h>
#include <stdlib.h>

#include <ebur128.h>

#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/loudness.h"
#define LAZY_EBUR128_DEFINE
#include "audio/ebur128_lazy.h"

struct loudness {
	ebur128_state *st; /* libebur128's meter */
	int channels;      /* interleaved channels fed */
};

struct loudness *
loudness_new(int channels, int rate)
{
	struct loudness *m = calloc(1, sizeof *m);

	if (!m || !(m->st = ebur128_init((unsigned)channels, (unsigned long)rate,
	                                 EBUR128_MODE_I | EBUR128_MODE_TRUE_PEAK))) {
		free(m);
		error(_("cannot start the loudness meter (%d channels at %d Hz)"), channels, rate);
		return NULL;
	}
	m->channels = channels;
	if (channels == 1)
		ebur128_set_channel(m->st, 0, EBUR128_DUAL_MONO);
	return m;
}

int
loudness_add(struct loudness *m, const float *buf, int64_t frames)
{
	if (frames > 0 && ebur128_add_frames_float(m->st, buf, (size_t)frames) != EBUR128_SUCCESS)
		return error(_("the loudness meter failed (out of memory?)"));
	return 0;
}

int
loudness_result(struct loudness *m, double *lufs, double *true_peak_dbtp)
{
	double l = -HUGE_VAL, peak = 0, p;

	if (ebur128_loudness_global(m->st, &l) != EBUR128_SUCCESS)
		return error(_("the loudness meter failed"));
	for (int c = 0; c < m->channels; c++) {
		if (ebur128_true_peak(m->st, (unsigned)c, &p) != EBUR128_SUCCESS)
			return error(_("the loudness meter failed"));
		if (p > peak)
			peak = p;
	}
	*lufs = isfinite(l) ? l : -INFINITY;
	*true_peak_dbtp = peak > 0 ? 20 * log10(peak) : -INFINITY;
	return 0;
}

void
loudness_free(struct loudness *m)
{
	if (!m)
		return;
	ebur128_destroy(&m->st);
	free(m);
}

double
loudness_gain(double lufs, double true_peak_dbtp, double target_lufs, int *limited)
{
	double gain;

	if (limited)
		*limited = 0;
	if (!isfinite(lufs))
		return 0;
	gain = target_lufs - lufs;
	if (isfinite(true_peak_dbtp) && true_peak_dbtp + gain > LOUDNESS_PEAK_CEILING_DBTP) {
		gain = LOUDNESS_PEAK_CEILING_DBTP - true_peak_dbtp;
		if (limited)
			*limited = 1;
	}
	return gain;
}
