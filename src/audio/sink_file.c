/*
 * sink_file.c — renders to an audio file (WAV, FLAC or MP3 by the
 * extension) through decode.c's encoder. Untimed (mpv's ao_pcm): the file
 * takes audio as fast as the player makes it, so the same playback path
 * renders an hour of airings in seconds. The rate is the one the player
 * asks for, the channels two, as on the loudspeaker's stereo output.
 */
#include <stdio.h>
#include <stdlib.h>

#include "loa/decode.h"
#include "loa/i18n.h"
#include "audio/sink_internal.h"

static int
file_open(struct sink *s, const char *path)
{
	struct encoder *e;

	if (!*path) {
		snprintf(s->err, sizeof s->err, "%s", _("no file name after 'file:'"));
		s->why = REASON_OUTPUT_ERROR;
		return -1;
	}
	if (!encoder_supported(path)) {
		snprintf(s->err, sizeof s->err,
		         _("cannot write audio file '%s': name it .wav, .flac or .mp3"), path);
		s->why = REASON_OUTPUT_ERROR;
		return -1;
	}
	if (s->rate <= 0)
		s->rate = 48000;
	s->channels = 2;
	if (!(e = encoder_open(path, s->rate, s->channels))) {
		snprintf(s->err, sizeof s->err, _("cannot write audio file '%s'"), path);
		s->why = REASON_OUTPUT_ERROR;
		return -1;
	}
	s->priv = e;
	snprintf(s->device, sizeof s->device, "file:%s", path);
	return 0;
}

static int
file_write(struct sink *s, const float *buf, long frames)
{
	if (encoder_write(s->priv, buf, frames) != 0) {
		snprintf(s->err, sizeof s->err, _("cannot write audio file '%s'"), s->device + 5);
		s->why = REASON_OUTPUT_ERROR;
		return -1;
	}
	return 0;
}

static void
file_close(struct sink *s)
{
	encoder_close(s->priv);
	s->priv = NULL;
}

const struct sink_driver sink_driver_file = {
    .name = "file",
    .untimed = 1,
    .wall_timebase = 1,
    .open = file_open,
    .start = NULL,
    .write = file_write,
    .check = NULL,
    .close = file_close,
    .list = NULL,
};
