/*
 * sink.h — where the player sends audio: one small interface over the
 * output drivers (after mpv's ao.h; drivers see sink_internal.h).
 *
 * An output is named by a spec: "" (the default PortAudio device), a
 * PortAudio device name (substring) or index, "file:PATH" or "null[:...]".
 * Timed sinks (PortAudio, null) play in real time from a ring buffer that
 * the player fills; the sink puts the ring's first frame on the output at
 * the instant given to sink_open(), to the frame, and outputs silence
 * before it. The untimed file sink writes as fast as it is given audio.
 *
 * Functions do not print: a failure leaves its reason in sink_error()
 * (for the airing log) and the caller reports it.
 */
#ifndef AUDIO_SINK_H
#define AUDIO_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "loa/reason.h"
#include "loa/sink.h" /* struct sink_device, sink_list_devices() */

/* How long the stream may stop taking audio before it counts as stalled. */
#define SINK_STALL_MS 2000

struct sink;

/*
 * Opens the output named by spec so that, once started, the first frame
 * written leaves it at the wall-clock instant start_ms (at once if that
 * has passed). rate is
 * the rate wanted where the output has no rate of its own (file, null).
 * NULL on failure, with the reason in err (errlen bytes) and as a code in
 * *why (device_missing, device_error, output_error...).
 */
struct sink *sink_open(const char *spec, int rate, int64_t start_ms, char *err, size_t errlen,
                       enum reason *why);
/* Starts the output once the ring holds the pre-roll: until the instant it
 * plays silence. 0, or -1 with the reason in sink_error(). */
int sink_start(struct sink *s);
/* Queues up to frames frames (interleaved, sink_channels() wide). Returns
 * the frames taken (0 when the ring is full), or -1 on failure. */
long sink_write(struct sink *s, const float *buf, long frames);
/* Waits for room in the ring, for the drain to finish, or until the wall
 * clock reads until_ms; 0, or -1 when the output failed or stalled. */
int sink_wait(struct sink *s, int64_t until_ms);
/* No more audio will come: the sink plays what it holds, then is done. */
void sink_drain(struct sink *s);
/* Fades out over frames frames from what is playing now and ends there. */
void sink_fade(struct sink *s, long frames);
/* 1 once the last frame (after a drain or fade) has left the output. */
int sink_done(struct sink *s);
/* Closes the output and frees s. */
void sink_close(struct sink *s);

int sink_rate(const struct sink *s);
int sink_channels(const struct sink *s);
int sink_untimed(const struct sink *s);
const char *sink_device(const struct sink *s);
const char *sink_error(const struct sink *s);
/* The same as a code: device_lost for a device that stopped or stalled. */
enum reason sink_error_reason(const struct sink *s);
/* Frames of content that have left the output. */
int64_t sink_played(const struct sink *s);
/* When the first frame left the output (wall ms), 0 before. */
int64_t sink_started_ms(const struct sink *s);

#endif
