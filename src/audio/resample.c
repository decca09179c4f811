/*
 * resample.c — the one module that uses libsamplerate.
 *
 * The converter is SRC_SINC_FASTEST: its 97 dB of signal-to-noise and 80%
 * bandwidth are far beyond a commune loudspeaker, and it costs a fraction
 * of the better sinc converters on the broadcast PC's small CPU. Equal
 * rates (the common 48 kHz clip on a 48 kHz device) skip libsamplerate
 * altogether, so such clips play bit-exact.
 */
#include <stdlib.h>
#include <string.h>

#include <samplerate.h>

#include "loa/i18n.h"
#include "loa/log.h"
#include "audio/resample.h"

struct resampler {
	SRC_STATE *src; /* libsamplerate's state; NULL when passing through */
	double ratio;   /* out_rate / in_rate */
	int channels;   /* interleaved channels */
};

struct resampler *
resample_new(int in_rate, int out_rate, int channels)
{
	struct resampler *r;
	int err = 0;

	if (!(r = calloc(1, sizeof *r))) {
		error(_("out of memory"));
		return NULL;
	}
	r->channels = channels;
	r->ratio = (double)out_rate / in_rate;
	if (in_rate != out_rate) {
		r->src = src_new(SRC_SINC_FASTEST, channels, &err);
		if (!r->src || !src_is_valid_ratio(r->ratio)) {
			error(_("cannot convert audio from %d Hz to %d Hz: %s"), in_rate, out_rate,
			      src_strerror(err));
			resample_free(r);
			return NULL;
		}
	}
	return r;
}

void
resample_free(struct resampler *r)
{
	if (!r)
		return;
	if (r->src)
		src_delete(r->src);
	free(r);
}

long
resample_run(struct resampler *r, const float *in, long in_frames, long *used, float *out, long out_cap,
             int last)
{
	SRC_DATA d;
	int err;

	if (!r->src) {
		long n = in_frames < out_cap ? in_frames : out_cap;
		if (n > 0)
			memcpy(out, in, (size_t)n * r->channels * sizeof *out);
		*used = n;
		return n;
	}
	memset(&d, 0, sizeof d);
	d.data_in = in;
	d.input_frames = in_frames;
	d.data_out = out;
	d.output_frames = out_cap;
	d.end_of_input = last;
	d.src_ratio = r->ratio;
	if ((err = src_process(r->src, &d)) != 0) {
		error(_("cannot convert the sample rate: %s"), src_strerror(err));
		return -1;
	}
	*used = d.input_frames_used;
	return d.output_frames_gen;
}
