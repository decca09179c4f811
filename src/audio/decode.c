/*
 * decode.c — reading audio files through libsndfile (the only file that
 * includes sndfile.h).
 *
 * libsndfile reads WAV, FLAC, Ogg Vorbis, Opus and (since 1.1, through
 * mpg123) MP3, and hands back float samples, so the rest of loa sees one
 * shape of audio. What this module adds is distrust: a file on a USB stick
 * may be damaged or hostile. Before libsndfile allocates anything per
 * channel we refuse absurd headers; for WAV we read the RIFF chunk list
 * ourselves, because libsndfile quietly shortens a data chunk that claims
 * more bytes than the file holds, and a truncated copy would otherwise be
 * imported as a shorter clip without a word. Reading is capped at
 * DECODE_MAX_SECONDS of audio so a file cannot keep the importer busy
 * without bound; samples are read block by block, so memory stays bounded
 * whatever the file's length.
 *
 * What libsndfile cannot read, AAC in MP4 (what phones record), raw AAC
 * and WMA, goes to decode_av.c (FFmpeg), chosen by the file's first bytes;
 * the checks of a header and the cap on decoded audio here apply to it as
 * to every format.
 *
 * The encoder half at the end (encoder_*) belongs to playout: `loa render`
 * and the file sink write WAV, FLAC or MP3 through it, so libsndfile stays
 * in this one module.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sndfile.h>

#include "audio/decode_av.h"
#include "loa/decode.h"
#include "loa/i18n.h"
#include "loa/infile.h"
#include "loa/log.h"
#define LAZY_SNDFILE_DEFINE
#include "audio/sndfile_lazy.h"

struct decoder {
	SNDFILE *sf;             /* libsndfile's handle, or NULL when av reads the file */
	struct av_decoder *av;   /* decode_av's, for what libsndfile cannot read */
	int fd;                  /* the open file (ours to close, not libsndfile's) */
	char *path;              /* for messages */
	struct decode_info info; /* what open found */
	int64_t pos;             /* frames delivered so far (or sought to) */
	int64_t max_frames;      /* DECODE_MAX_SECONDS at the file's rate */
};

static void
refuse(const char *path, const char *reason, const char *what_to_do)
{
	error(_("cannot read audio file '%s': %s"), path, reason);
	if (what_to_do)
		hint("%s", what_to_do);
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * Walks the RIFF chunks of a WAV file and compares the size its data chunk
 * promises with the bytes that follow it. 0 if they agree (or the file
 * is not plain RIFF, e.g. RF64, which libsndfile checks itself), else -1
 * with the reason printed.
 */
static int
check_wav_data(int fd, const char *path, off_t filesize)
{
	unsigned char h[12];
	off_t off = 12;
	char reason[256];

	if (pread(fd, h, 12, 0) != 12 || memcmp(h, "RIFF", 4) != 0 || memcmp(h + 8, "WAVE", 4) != 0)
		return 0;
	for (int n = 0; n < 1000 && off + 8 <= filesize; n++) {
		if (pread(fd, h, 8, off) != 8)
			return 0;
		uint32_t size = le32(h + 4);
		off += 8;
		if (memcmp(h, "data", 4) == 0) {
			if ((off_t)size > filesize - off) {
				snprintf(
				    reason, sizeof reason,
				    _("the header promises %llu bytes of audio but the file holds only %llu"
				      " (the file is truncated or damaged)"),
				    (unsigned long long)size, (unsigned long long)(filesize - off));
				refuse(path, reason,
				       _("copy the file again from its original source, or export it again"));
				return -1;
			}
			return 0;
		}
		off += (off_t)size + (size & 1);
	}
	return 0;
}

/*
 * 1 if an MP3 file states its exact length: a Xing or Info tag (LAME and
 * most encoders) or a VBRI tag (Fraunhofer) in its first frame. Without
 * one, libsndfile's frame count is an estimate from the file size, wrong
 * by the size of any ID3 tag or cover picture, so it is no promise a
 * decoded length can be checked against.
 */
static int
mp3_states_length(int fd)
{
	unsigned char h[10], buf[4096];
	off_t off = 0;
	ssize_t n;

	/* Skip ID3v2 tags (there may be several). */
	while (pread(fd, h, 10, off) == 10 && memcmp(h, "ID3", 3) == 0) {
		uint32_t size = (uint32_t)(h[6] & 0x7f) << 21 | (uint32_t)(h[7] & 0x7f) << 14 |
		                (uint32_t)(h[8] & 0x7f) << 7 | (uint32_t)(h[9] & 0x7f);
		off += 10 + (off_t)size + ((h[5] & 0x10) ? 10 : 0);
	}
	if ((n = pread(fd, buf, sizeof buf, off)) < 4)
		return 0;
	for (ssize_t i = 0; i + 4 <= n; i++) {
		if (buf[i] != 0xff || (buf[i + 1] & 0xe0) != 0xe0)
			continue;
		/* The first frame: the tag sits after the side information,
		 * within its first 64 bytes. */
		for (ssize_t j = i + 4; j + 4 <= n && j < i + 4 + 64; j++)
			if (memcmp(buf + j, "Xing", 4) == 0 || memcmp(buf + j, "Info", 4) == 0 ||
			    memcmp(buf + j, "VBRI", 4) == 0)
				return 1;
		return 0;
	}
	return 0;
}

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
		if ((format & SF_FORMAT_SUBMASK) == SF_FORMAT_VORBIS)
			return "ogg";
		if ((format & SF_FORMAT_SUBMASK) == SF_FORMAT_OPUS)
			return "opus";
		return NULL;
	case SF_FORMAT_MPEG:
		return "mp3";
	default:
		return NULL;
	}
}

int
decoder_file_open(const char *path, const struct infile_root *root, struct stat *sb)
{
	struct infile_error e;
	char reason[PATH_MAX + 64];
	int fd = infile_open(path, root, DECODE_MAX_BYTES, sb, &e);

	if (fd < 0) {
		infile_reason(&e, root, DECODE_MAX_BYTES, reason, sizeof reason);
		if (e.fail == INFILE_SYSTEM && e.err == ENOENT)
			refuse(path, reason, _("check the file name and folder"));
		else if (e.fail == INFILE_NOT_REGULAR && S_ISDIR(e.mode))
			refuse(path, reason, NULL), advise(ADVICE_FILE_IS_FOLDER, NULL);
		else if (e.fail == INFILE_TOO_BIG)
			refuse(path, _("the file is larger than 4 GiB"), _("cut it into shorter clips"));
		else if (e.fail == INFILE_OUTSIDE)
			refuse(path, reason, NULL), advise(ADVICE_FILE_OUTSIDE, NULL);
		else
			refuse(path, reason, NULL);
		return -1;
	}
	if (sb->st_size == 0) {
		close(fd);
		refuse(path, _("the file is empty (0 bytes)"),
		       _("copy the file again from its original source"));
		return -1;
	}
	return fd;
}

struct decoder *
decoder_open(const char *path, struct decode_info *info)
{
	struct stat sb;
	int fd = decoder_file_open(path, NULL, &sb);

	return fd < 0 ? NULL : decoder_open_fd(fd, path, info);
}

static const char formats[] = N_("loa takes WAV, FLAC, Ogg Vorbis, Opus, MP3, M4A/AAC and WMA files");

/* The checks every format's header passes before a sample is decoded.
 * 0, or -1 (printed). */
static int
check_header(const char *path, int channels, int rate)
{
	char reason[256];

	if (channels < 1 || channels > DECODE_MAX_CHANNELS) {
		snprintf(reason, sizeof reason, _("the header claims %d channels (loa takes 1 to %d)"),
		         channels, DECODE_MAX_CHANNELS);
		refuse(path, reason,
		       _("the file is damaged, or not a broadcast recording; export it as mono or stereo"));
		return -1;
	}
	if (rate < DECODE_MIN_RATE || rate > DECODE_MAX_RATE) {
		snprintf(reason, sizeof reason,
		         _("the header claims a sample rate of %d Hz (loa takes %d to %d)"), rate,
		         DECODE_MIN_RATE, DECODE_MAX_RATE);
		refuse(path, reason, _("the file is damaged; export it again at 44100 or 48000 Hz"));
		return -1;
	}
	return 0;
}

/* Opens fd through libsndfile, filling d's handle and info. 0 or -1
 * (printed; fd left to the caller). */
static int
open_sndfile(struct decoder *d, int fd, const char *path, off_t size)
{
	SF_INFO sfi = {0};
	const char *name;

	if (check_wav_data(fd, path, size) != 0)
		return -1;
	if (!(d->sf = sf_open_fd(fd, SFM_READ, &sfi, SF_FALSE))) {
		/* libsndfile's words for "not audio" are technical, in English,
		 * and sometimes wrong ("File does not exist" for a damaged MP3):
		 * say it plainly. */
		refuse(path, _("not an audio file loa can read, or a damaged one"), _(formats));
		return -1;
	}
	if (check_header(path, sfi.channels, sfi.samplerate) != 0)
		return -1;
	if (!(name = format_name(sfi.format))) {
		refuse(path, _("unsupported audio format"), _(formats));
		return -1;
	}
	if (sfi.frames == SF_COUNT_MAX && (sfi.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_OGG) {
		/* libsndfile finds an Ogg stream's length on its last page; a
		 * copy cut short has none. */
		refuse(path, _("the file is truncated (the end of the Ogg stream is missing)"),
		       _("copy the file again from its original source"));
		return -1;
	}
	if (sfi.frames == SF_COUNT_MAX ||
	    ((sfi.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_MPEG && !mp3_states_length(fd)))
		sfi.frames = 0; /* unknown: the decoded length is what counts */
	/* Clipping instead of wrap-around for float sources beyond full scale. */
	sf_command(d->sf, SFC_SET_CLIPPING, NULL, SF_FALSE);
	snprintf(d->info.format, sizeof d->info.format, "%s", name);
	d->info.sample_rate = sfi.samplerate;
	d->info.channels = sfi.channels;
	d->info.frames = sfi.frames < 0 ? 0 : sfi.frames;
	return 0;
}

/* Opens fd (of format kind) through decode_av. 0 or -1 (printed). */
static int
open_av(struct decoder *d, int fd, const char *kind)
{
	if (!(d->av = decode_av_open(fd, d->path, kind, &d->info.sample_rate, &d->info.channels,
	                             &d->info.frames)))
		return -1;
	snprintf(d->info.format, sizeof d->info.format, "%s", kind);
	return check_header(d->path, d->info.channels, d->info.sample_rate);
}

struct decoder *
decoder_open_fd(int fd, const char *path, struct decode_info *info)
{
	struct decoder *d;
	struct stat sb;
	const char *kind;
	char reason[256];

	/* libsndfile takes the descriptor's offset as the file's start. */
	if (fstat(fd, &sb) != 0 || lseek(fd, 0, SEEK_SET) != 0) {
		snprintf(reason, sizeof reason, "%s", strerror(errno));
		close(fd);
		refuse(path, reason, NULL);
		return NULL;
	}
	if (!(d = calloc(1, sizeof *d)) || !(d->path = strdup(path))) {
		free(d);
		close(fd);
		error(_("out of memory"));
		return NULL;
	}
	d->fd = fd;
	kind = decode_av_sniff(fd);
	if ((kind ? open_av(d, fd, kind) : open_sndfile(d, fd, path, sb.st_size)) != 0) {
		decoder_close(d);
		return NULL;
	}
	d->max_frames = (int64_t)DECODE_MAX_SECONDS * d->info.sample_rate;
	if (d->info.frames > d->max_frames) {
		snprintf(reason, sizeof reason, _("the header claims more than %d hours of audio"),
		         DECODE_MAX_SECONDS / 3600);
		refuse(path, reason,
		       _("the file is damaged, or too long for a clip; cut it into shorter clips"));
		decoder_close(d);
		return NULL;
	}
	if (info)
		*info = d->info;
	return d;
}

/* Up to frames frames from whichever library reads the file: the frames
 * read, 0 at the end, -1 (printed). */
static int64_t
read_some(struct decoder *d, float *buf, int64_t frames)
{
	sf_count_t n;

	if (d->av)
		return decode_av_read(d->av, buf, frames);
	n = sf_readf_float(d->sf, buf, frames);
	if (n < 0 || (n < frames && sf_error(d->sf) != SF_ERR_NO_ERROR)) {
		error(_("cannot decode audio file '%s': %s"), d->path, sf_strerror(d->sf));
		hint(_("the file is damaged; copy it again from its original source"));
		return -1;
	}
	return n;
}

int64_t
decoder_read(struct decoder *d, float *buf, int64_t frames)
{
	int64_t n;
	char reason[256];

	if (frames <= 0)
		return 0;
	if (d->pos >= d->max_frames) {
		/* One more frame than the cap means the file never ends. */
		if ((n = read_some(d, buf, 1)) <= 0)
			return n;
		snprintf(reason, sizeof reason, _("it decodes to more than %d hours of audio"),
		         DECODE_MAX_SECONDS / 3600);
		error(_("cannot decode audio file '%s': %s"), d->path, reason);
		hint(_("the file is damaged, or too long for a clip; cut it into shorter clips"));
		return -1;
	}
	if (frames > d->max_frames - d->pos)
		frames = d->max_frames - d->pos;
	if ((n = read_some(d, buf, frames)) < 0)
		return -1;
	d->pos += n;
	return n;
}

int
decoder_seek(struct decoder *d, int64_t frame)
{
	if (frame < 0)
		return error(_("cannot seek to frame %lld in audio file '%s': %s"), (long long)frame, d->path,
		             _("not a frame of the file"));
	if (d->av) {
		if (decode_av_seek(d->av, frame) != 0)
			return -1;
	} else if (sf_seek(d->sf, frame, SEEK_SET) < 0) {
		return error(_("cannot seek to frame %lld in audio file '%s': %s"), (long long)frame, d->path,
		             sf_strerror(d->sf));
	}
	d->pos = frame;
	return 0;
}

void
decoder_close(struct decoder *d)
{
	if (!d)
		return;
	if (d->sf)
		sf_close(d->sf);
	decode_av_close(d->av);
	close(d->fd);
	free(d->path);
	free(d);
}

/* ---- Encoder (playout) ------------------------------------------------ */

struct encoder {
	SNDFILE *sf; /* libsndfile's handle */
	char *path;  /* for messages */
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
	SF_INFO sfi = {0};
	struct encoder *e;
	SNDFILE *sf;
	int fd;

	sfi.samplerate = rate;
	sfi.channels = channels;
	sfi.format = encoder_format(path);
	if (!sfi.format) {
		error(_("cannot write audio file '%s': unknown format"), path);
		hint(_("name the file with .wav, .flac or .mp3 at the end"));
		return NULL;
	}
	/* Never through a symbolic link: the file named is the file written. */
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666)) < 0) {
		if (errno == ELOOP)
			error(_("cannot write '%s': it is a symbolic link"), path);
		else
			error_errno(_("cannot write audio file '%s'"), path);
		hint(_("check that the folder exists and that you may write in it"));
		return NULL;
	}
	if (!(sf = sf_open_fd(fd, SFM_WRITE, &sfi, SF_TRUE))) {
		error(_("cannot write audio file '%s': %s"), path, sf_strerror(NULL));
		hint(_("check that the folder exists and that you may write in it"));
		return NULL; /* libsndfile closed fd */
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
