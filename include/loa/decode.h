/*
 * decode.h — reading audio files (the only module that uses libsndfile,
 * and, for AAC and WMA, FFmpeg's libavformat and libavcodec).
 *
 * Two users: the clip library probes and measures a whole file once at
 * import; playout streams it block by block at air time, never holding the
 * whole file in memory. Samples are interleaved 32-bit float at the file's
 * own rate and channel count; resampling and channel mapping happen later.
 * Opening refuses absurd headers (more than DECODE_MAX_CHANNELS channels,
 * rates outside DECODE_MIN_RATE..DECODE_MAX_RATE) so a hostile file cannot
 * make loa allocate or loop without bound.
 */
#ifndef LOA_DECODE_H
#define LOA_DECODE_H

#include <stdint.h>
#include <sys/stat.h>

struct infile_root;

#define DECODE_MAX_CHANNELS 8
#define DECODE_MIN_RATE     8000
#define DECODE_MAX_RATE     192000
/* Bounds on the work one file may cause: its size and decoded length. */
#define DECODE_MAX_BYTES   (4ULL << 30)
#define DECODE_MAX_SECONDS (6 * 3600)

struct decoder;

struct decode_info {
	char format[8];  /* "wav", "flac", "ogg", "opus", "mp3", "m4a" (AAC in MP4),
	                    "aac" (raw AAC) or "wma" */
	int sample_rate; /* frames per second */
	int channels;    /* interleaved channels */
	int64_t frames;  /* frames the header promises (may be wrong for damaged files);
	                    0 when unknown (an MP3 without a Xing/Info/VBRI tag, raw AAC) */
};

/*
 * Opens path for reading. On failure prints "cannot read audio file
 * '<path>': <reason>" with a hint, and returns NULL.
 */
struct decoder *decoder_open(const char *path, struct decode_info *info);
/*
 * The checks of decoder_open() before any decoding, for a caller that
 * also hashes and copies the file (clip import): path is opened as
 * infile_open() does (inside root unless root is NULL) and refused unless
 * a regular, non-empty file of at most DECODE_MAX_BYTES. The descriptor,
 * or -1 (printed as decoder_open() prints).
 */
int decoder_file_open(const char *path, const struct infile_root *root, struct stat *sb);
/* decoder_open() on a descriptor from decoder_file_open(), which the
 * decoder takes (it is closed on failure too); path names it in messages. */
struct decoder *decoder_open_fd(int fd, const char *path, struct decode_info *info);
/* Reads up to frames frames into buf (frames * channels floats). Returns
 * the frames read, 0 at the end, -1 on a decoding error (printed). */
int64_t decoder_read(struct decoder *d, float *buf, int64_t frames);
/* Moves to frame (for resuming a cut airing); 0 or -1. */
int decoder_seek(struct decoder *d, int64_t frame);
void decoder_close(struct decoder *d);

/*
 * Writing audio files (for `loa render` and the file sink), kept apart from
 * the decoder: the format comes from the extension, .wav and .flac as 16-bit
 * PCM, .mp3 as MPEG layer III. Samples are interleaved float, clipped to
 * full scale.
 */
struct encoder;

/* Creates path (replacing it). On failure prints "cannot write audio file
 * '<path>': <reason>" with a hint, and returns NULL. */
struct encoder *encoder_open(const char *path, int rate, int channels);
/* Appends frames frames of buf; 0 or -1 (printed). */
int encoder_write(struct encoder *e, const float *buf, int64_t frames);
/* Finishes the file (headers) and frees e; 0 or -1 (printed). */
int encoder_close(struct encoder *e);
/* 1 if path's extension names a format encoder_open() writes. */
int encoder_supported(const char *path);

#endif
