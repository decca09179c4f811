/*
 * decode.c — reading and writing audio files through libsndfile (the only
 * file that includes sndfile.h).
 *
 * PROVISIONAL decoder: the clips helper owns the decoder half of this file
 * (with its checks against damaged and hostile files); this minimal version
 * implements decode.h with sf_open/sf_readf_float so playout can be built
 * and tested before it lands, and is replaced by it on merge. The encoder
 * half at the end (encoder_*) belongs to playout: `loa render` and the file
 * sink write WAV, FLAC or MP3 through it, so libsndfile stays in one module.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sndfile.h>

#include "loa/decode.h"
#include "loa/i18n.h"
#include "loa/log.h"

struct decoder {
	SNDFILE *sf;             /* libsndfile's handle */
	char *path;              /* for messages */
	struct decode_info info; /* what open found */
};

static const char *
format_name(int format)
{
	switch (format & SF_FORMAT_TYPEMASK) {
	case SF_FORMAT_WAV:
	case SF_FORMAT_WAVEX:
	case SF_FORMAT_RF64:
		return "wav";
	case SF_FORMAT_FLAC:
		return "flac";
	case SF_FORMAT_OGG:
		return (format & SF_FORMAT_SUBMASK) == SF_FORMAT_OPUS ? "opus" : "ogg";
	case SF_FORMAT_MPEG:
		return "mp3";
	default:
		return NULL;
	}
}

struct decoder *
decoder_open(const char *path, struct decode_info *info)
{
	SF_INFO sfi = { 0 };
	struct decoder *d;
	const char *name;
	SNDFILE *sf;

	if (!(sf = sf_open(path, SFM_READ, &sfi))) {
		error(_("cannot read audio file '%s': %s"), path, sf_strerror(NULL));
		hint(_("check that the file exists and is a WAV, FLAC, Ogg, Opus or MP3 file"));
		return NULL;
	}
	name = format_name(sfi.format);
	if (!name || sfi.channels < 1 || sfi.channels > DECODE_MAX_CHANNELS ||
	    sfi.samplerate < DECODE_MIN_RATE || sfi.samplerate > DECODE_MAX_RATE) {
		error(_("cannot read audio file '%s': unsupported format, %d channels at %d Hz"), path,
		      sfi.channels, sfi.samplerate);
		hint(_("export it as a mono or stereo WAV, FLAC or MP3 at 44100 or 48000 Hz"));
		sf_close(sf);
		return NULL;
	}
	if (!(d = calloc(1, sizeof *d)) || !(d->path = strdup(path))) {
		free(d);
		sf_close(sf);
		error(_("out of memory"));
		return NULL;
	}
	sf_command(sf, SFC_SET_CLIPPING, NULL, SF_FALSE);
	d->sf = sf;
	snprintf(d->info.format, sizeof d->info.format, "%s", name);
	d->info.sample_rate = sfi.samplerate;
	d->info.channels = sfi.channels;
	d->info.frames = sfi.frames < 0 ? 0 : sfi.frames;
	if (info)
		*info = d->info;
	return d;
}

int64_t
decoder_read(struct decoder *d, float *buf, int64_t frames)
{
	sf_count_t n;

	if (frames <= 0)
		return 0;
	n = sf_readf_float(d->sf, buf, frames);
	if (n < 0 || (n < frames && sf_error(d->sf) != SF_ERR_NO_ERROR)) {
		error(_("cannot decode audio file '%s': %s"), d->path, sf_strerror(d->sf));
		hint(_("the file is damaged; copy it again from its original source"));
		return -1;
	}
	return n;
}

int
decoder_seek(struct decoder *d, int64_t frame)
{
	if (frame < 0 || sf_seek(d->sf, frame, SEEK_SET) < 0)
		return error(_("cannot seek to frame %lld in audio file '%s': %s"), (long long)frame,
			     d->path, sf_strerror(d->sf));
	return 0;
}

void
decoder_close(struct decoder *d)
{
	if (!d)
		return;
	sf_close(d->sf);
	free(d->path);
	free(d);
}

/* ---- Encoder (playout) ------------------------------------------------ */

struct encoder {
	SNDFILE *sf;  /* libsndfile's handle */
	char *path;   /* for messages */
};

/* The libsndfile format for path's extension, or 0. */
static int
encoder_format(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (!dot || strchr(dot, '/'))
		return 0;
	if (strcasecmp(dot, ".wav") == 0)
		return SF_FORMAT_WAV | SF_FORMAT_PCM_16;
	if (strcasecmp(dot, ".flac") == 0)
		return SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
	if (strcasecmp(dot, ".mp3") == 0)
		return SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III;
	return 0;
}

int
encoder_supported(const char *path)
{
	return encoder_format(path) != 0;
}

struct encoder *
encoder_open(const char *path, int rate, int channels)
{
	SF_INFO sfi = { 0 };
	struct encoder *e;
	SNDFILE *sf;

	sfi.samplerate = rate;
	sfi.channels = channels;
	sfi.format = encoder_format(path);
	if (!sfi.format) {
		error(_("cannot write audio file '%s': unknown format"), path);
		hint(_("name the file with .wav, .flac or .mp3 at the end"));
		return NULL;
	}
	if (!(sf = sf_open(path, SFM_WRITE, &sfi))) {
		error(_("cannot write audio file '%s': %s"), path, sf_strerror(NULL));
		hint(_("check that the folder exists and that you may write in it"));
		return NULL;
	}
	/* Float beyond full scale is clipped, never wrapped around. */
	sf_command(sf, SFC_SET_CLIPPING, NULL, SF_TRUE);
	if (!(e = calloc(1, sizeof *e)) || !(e->path = strdup(path))) {
		free(e);
		sf_close(sf);
		error(_("out of memory"));
		return NULL;
	}
	e->sf = sf;
	return e;
}

int
encoder_write(struct encoder *e, const float *buf, int64_t frames)
{
	if (frames <= 0)
		return 0;
	if (sf_writef_float(e->sf, buf, frames) != frames)
		return error(_("cannot write audio file '%s': %s"), e->path, sf_strerror(e->sf));
	return 0;
}

int
encoder_close(struct encoder *e)
{
	int rc = 0;

	if (!e)
		return 0;
	sf_write_sync(e->sf);
	if (sf_close(e->sf) != 0)
		rc = error(_("cannot finish audio file '%s'"), e->path);
	free(e->path);
	free(e);
	return rc;
}
