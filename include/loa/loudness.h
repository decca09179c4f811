/*
 * loudness.h — integrated loudness (EBU R 128 / ITU-R BS.1770) and true
 * peak of a stream of float frames (the only module that uses libebur128).
 *
 * The clip library measures each clip once at import and stores the gain
 * that brings it to the station's target, so playout only multiplies.
 */
#ifndef LOA_LOUDNESS_H
#define LOA_LOUDNESS_H

#include <stdint.h>

/* Highest true peak a gained clip may reach, in dBTP (EBU R 128 s1). */
#define LOUDNESS_PEAK_CEILING_DBTP (-1.0)

struct loudness;

/* A meter for interleaved frames of channels at rate. A mono stream is
 * measured as dual mono (as it sounds when played on both sides of a
 * stereo system). NULL on failure (printed). */
struct loudness *loudness_new(int channels, int rate);
/* Feeds frames frames (frames * channels floats). 0 or -1 (printed). */
int loudness_add(struct loudness *m, const float *buf, int64_t frames);
/* Integrated loudness in LUFS and the highest true peak in dBTP. Both are
 * -INFINITY for silence (nothing above the -70 LUFS absolute gate, or all
 * zero samples). 0 or -1 (printed). */
int loudness_result(struct loudness *m, double *lufs, double *true_peak_dbtp);
void loudness_free(struct loudness *m);

/*
 * The gain in dB that brings a clip measured at lufs to target_lufs,
 * lowered where needed so the true peak stays at or below
 * LOUDNESS_PEAK_CEILING_DBTP. 0 for silence (lufs not finite). *limited
 * (may be NULL) is set to 1 when the peak ceiling lowered the gain.
 */
double loudness_gain(double lufs, double true_peak_dbtp, double target_lufs, int *limited);

#endif
