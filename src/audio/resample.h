/*
 * resample.h — sample-rate conversion for playout (libsamplerate, used by
 * resample.c only).
 *
 * A resampler converts one stream of interleaved float frames from the
 * clip's rate to the output's. It is fed block by block and flushed at the
 * end of the stream, so a clip comes out whole: no frame is lost at the
 * end, and a playlist's items join without a gap.
 */
#ifndef LOA_RESAMPLE_H
#define LOA_RESAMPLE_H

struct resampler;

/* A converter from in_rate to out_rate for channels channels; NULL on
 * failure (printed). Equal rates pass samples through untouched. */
struct resampler *resample_new(int in_rate, int out_rate, int channels);
void resample_free(struct resampler *r);

/*
 * Converts up to in_frames frames of in into at most out_cap frames of out.
 * *used is set to the input frames consumed; returns the frames written,
 * or -1 (printed). With last set, in holds the stream's final frames and
 * calls go on (with in_frames 0) until they return 0: the tail is flushed.
 */
long resample_run(struct resampler *r, const float *in, long in_frames, long *used, float *out, long out_cap,
                  int last);

#endif
