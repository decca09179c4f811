/*
 * decode_av.h — what decode.c asks of decode_av.c, the reader of the
 * formats libsndfile cannot read (not part of the public decode.h).
 *
 * decode.c keeps everything the formats share: opening the file once,
 * the checks of a header's channels, rate and length, the cap on decoded
 * audio. decode_av.c only demuxes and decodes, from the descriptor
 * decode.c owns, and prints what went wrong in loa's words.
 */
#ifndef LOA_DECODE_AV_H
#define LOA_DECODE_AV_H

#include <stdint.h>

struct av_decoder;

/*
 * The format of the open file fd when it is one decode_av reads, judged
 * by its first bytes (never by its name): "m4a" for the MP4 family (.m4a,
 * .mp4, .3gp: what phones record), "aac" for raw AAC (ADTS), "wma" for
 * Windows Media (ASF). NULL for anything else, which stays libsndfile's.
 */
const char *decode_av_sniff(int fd);

/*
 * Opens fd (format kind, from decode_av_sniff) for decoding; fd stays the
 * caller's. Fills *rate, *channels and *frames (the length the container
 * states, 0 when it states none it can be held to). NULL on failure,
 * printed as "cannot read audio file '<path>': <reason>" with a hint.
 * The process's first call loads FFmpeg's libraries (dlopen); when they
 * are missing every call fails, naming the packages to install.
 */
struct av_decoder *decode_av_open(int fd, const char *path, const char *kind, int *rate, int *channels,
                                  int64_t *frames);
/* Up to frames frames, interleaved float, into buf. The frames read, 0 at
 * the end, -1 on a decoding error (printed). */
int64_t decode_av_read(struct av_decoder *d, float *buf, int64_t frames);
/* Moves to frame, exactly (from the start when going back); 0 or -1
 * (printed). */
int decode_av_seek(struct av_decoder *d, int64_t frame);
void decode_av_close(struct av_decoder *d);

#endif
