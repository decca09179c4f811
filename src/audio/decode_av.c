/*
 * decode_av.c — reading what libsndfile cannot, through FFmpeg's
 * libavformat and libavcodec (the only file that includes their headers).
 *
 * Phones record AAC in an MP4 file (.m4a, .mp4, .3gp), some voice
 * recorders write raw AAC (.aac), and old Windows machines Windows Media
 * Audio (.wma): the files an officer finds on a USB stick. WAV, FLAC, Ogg
 * and MP3 stay on libsndfile's path (decode.c); this module takes only
 * files whose first bytes say they are one of the three containers above
 * (decode_av_sniff), never a file by its name, so a damaged MP3 is not
 * handed to a second, more lenient decoder.
 *
 * FFmpeg reads everything; what this module adds is restraint. It reads
 * the one descriptor decode.c opened (through a custom AVIOContext, so no
 * protocol, network or second file is ever opened, and the file decoded is
 * the file hashed), with the demuxer named by the sniff instead of
 * probing, and only the audio codecs such files hold. Samples come out
 * block by block, one decoded frame held at a time, converted to the
 * interleaved float the rest of loa takes. FFmpeg's own log is silenced:
 * its errors become loa's messages here.
 *
 * FFmpeg is loaded only when a file needs it. Linked, its libraries bring
 * about 115 shared objects (every codec Debian builds it with) into every
 * loa process: each command started six times slower and the idle daemon
 * held twice the memory, for files almost no airing uses. So nothing here
 * is linked: the headers give the types and constants, and the first file
 * sniffed as one of ours dlopen()s the sonames those headers were built
 * against and resolves the functions below into one table, once for the
 * process (pthread_once: sinks run threads), never unloaded. Libraries
 * missing or of another version refuse that file, and every later one,
 * with what to install; WAV, FLAC, Ogg and MP3 never notice.
 */
#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/log.h>
#include <libavutil/mem.h>
#include <libavutil/samplefmt.h>

#include "audio/decode_av.h"
#include "loa/i18n.h"
#include "loa/log.h"

/* The FFmpeg functions this file calls, each with the library it is in
 * (the index in ff_libs). The calls read ff.name(...): the table below. */
#define FF_FUNCS(X)                                                                                          \
	X(FF_AVUTIL, avutil_version)                                                                         \
	X(FF_AVUTIL, av_log_set_level)                                                                       \
	X(FF_AVUTIL, av_malloc)                                                                              \
	X(FF_AVUTIL, av_free)                                                                                \
	X(FF_AVUTIL, av_freep)                                                                               \
	X(FF_AVUTIL, av_dict_set)                                                                            \
	X(FF_AVUTIL, av_dict_free)                                                                           \
	X(FF_AVUTIL, av_frame_alloc)                                                                         \
	X(FF_AVUTIL, av_frame_free)                                                                          \
	X(FF_AVUTIL, av_rescale_q)                                                                           \
	X(FF_AVUTIL, av_get_packed_sample_fmt)                                                               \
	X(FF_AVUTIL, av_sample_fmt_is_planar)                                                                \
	X(FF_AVCODEC, avcodec_version)                                                                       \
	X(FF_AVCODEC, avcodec_find_decoder)                                                                  \
	X(FF_AVCODEC, avcodec_alloc_context3)                                                                \
	X(FF_AVCODEC, avcodec_free_context)                                                                  \
	X(FF_AVCODEC, avcodec_parameters_to_context)                                                         \
	X(FF_AVCODEC, avcodec_open2)                                                                         \
	X(FF_AVCODEC, avcodec_get_name)                                                                      \
	X(FF_AVCODEC, avcodec_send_packet)                                                                   \
	X(FF_AVCODEC, avcodec_receive_frame)                                                                 \
	X(FF_AVCODEC, av_packet_alloc)                                                                       \
	X(FF_AVCODEC, av_packet_unref)                                                                       \
	X(FF_AVCODEC, av_packet_free)                                                                        \
	X(FF_AVFORMAT, avformat_version)                                                                     \
	X(FF_AVFORMAT, av_find_input_format)                                                                 \
	X(FF_AVFORMAT, avio_alloc_context)                                                                   \
	X(FF_AVFORMAT, avio_context_free)                                                                    \
	X(FF_AVFORMAT, avformat_alloc_context)                                                               \
	X(FF_AVFORMAT, avformat_open_input)                                                                  \
	X(FF_AVFORMAT, avformat_find_stream_info)                                                            \
	X(FF_AVFORMAT, av_find_best_stream)                                                                  \
	X(FF_AVFORMAT, av_read_frame)                                                                        \
	X(FF_AVFORMAT, av_seek_frame)                                                                        \
	X(FF_AVFORMAT, avformat_seek_file)                                                                   \
	X(FF_AVFORMAT, avformat_close_input)

/* Each function, typed as its header declares it. */
static struct {
#define FF_FIELD(lib, name) __typeof__(name) *name;
	FF_FUNCS(FF_FIELD)
#undef FF_FIELD
} ff;

#define FF_STR_(x) #x
#define FF_STR(x)  FF_STR_(x)

enum { FF_AVUTIL, FF_AVCODEC, FF_AVFORMAT, FF_NLIBS };

/* The libraries, in the order they depend on one another: the sonames
 * and Debian packages of the major versions the headers are from (a
 * library of another major has another ABI: it is never loaded). */
static const struct ff_lib {
	const char *soname;  /* what dlopen looks for */
	const char *package; /* the Debian package that has it */
	unsigned version;    /* the headers' version: the oldest that fits them */
} ff_libs[FF_NLIBS] = {
    [FF_AVUTIL] = {"libavutil.so." FF_STR(LIBAVUTIL_VERSION_MAJOR),
                   "libavutil" FF_STR(LIBAVUTIL_VERSION_MAJOR),
                   AV_VERSION_INT(LIBAVUTIL_VERSION_MAJOR, LIBAVUTIL_VERSION_MINOR, 0)},
    [FF_AVCODEC] = {"libavcodec.so." FF_STR(LIBAVCODEC_VERSION_MAJOR),
                    "libavcodec" FF_STR(LIBAVCODEC_VERSION_MAJOR),
                    AV_VERSION_INT(LIBAVCODEC_VERSION_MAJOR, LIBAVCODEC_VERSION_MINOR, 0)},
    [FF_AVFORMAT] = {"libavformat.so." FF_STR(LIBAVFORMAT_VERSION_MAJOR),
                     "libavformat" FF_STR(LIBAVFORMAT_VERSION_MAJOR),
                     AV_VERSION_INT(LIBAVFORMAT_VERSION_MAJOR, LIBAVFORMAT_VERSION_MINOR, 0)},
};

/* What the first file needing FFmpeg found, for every file after it. */
static pthread_once_t ff_once = PTHREAD_ONCE_INIT;
static enum { FF_UNTRIED, FF_LOADED, FF_MISSING, FF_MISMATCH } ff_state;
static const struct ff_lib *ff_bad; /* the library missing or mismatched */

/* Sets ff_state and ff_bad to library i, says why at debug level (the
 * loader's own words, for whoever installs loa), and returns. */
static void
ff_fail(int state, int i, const char *why)
{
	ff_state = state;
	ff_bad = &ff_libs[i];
	log_debug("FFmpeg not loaded: %s: %s", ff_libs[i].soname, why);
}

/* Loads the libraries and resolves ff, or sets what failed. dlsym's void *
 * goes into a function pointer through memcpy: ISO C has no conversion
 * between the two, POSIX guarantees the bytes are the function's. On
 * failure nothing stays loaded. */
static void
ff_load(void)
{
	void *h[FF_NLIBS] = {NULL};
	unsigned (*version[FF_NLIBS])(void);
	void *p;

	for (int i = 0; i < FF_NLIBS; i++)
		if (!(h[i] = dlopen(ff_libs[i].soname, RTLD_NOW | RTLD_LOCAL))) {
			ff_fail(FF_MISSING, i, dlerror());
			goto fail;
		}
#define FF_RESOLVE(lib, name)                                                                                \
	if (!(p = dlsym(h[lib], #name))) {                                                                   \
		ff_fail(FF_MISMATCH, lib, dlerror());                                                        \
		goto fail;                                                                                   \
	}                                                                                                    \
	memcpy(&ff.name, &p, sizeof p);
	FF_FUNCS(FF_RESOLVE)
#undef FF_RESOLVE
	version[FF_AVUTIL] = ff.avutil_version;
	version[FF_AVCODEC] = ff.avcodec_version;
	version[FF_AVFORMAT] = ff.avformat_version;
	for (int i = 0; i < FF_NLIBS; i++) {
		unsigned v = version[i]();
		/* The same major (its soname says so), and at least the minor
		 * of the headers: the structures' fields read here (ch_layout,
		 * say) are as those headers lay them out. */
		if (v >> 16 != ff_libs[i].version >> 16 || v < ff_libs[i].version) {
			char why[64];
			snprintf(why, sizeof why, "version %u.%u.%u, built for %u.%u or later", v >> 16,
			         v >> 8 & 0xff, v & 0xff, ff_libs[i].version >> 16,
			         ff_libs[i].version >> 8 & 0xff);
			ff_fail(FF_MISMATCH, i, why);
			goto fail;
		}
	}
	/* FFmpeg's log would reach the officer's terminal or the journal in
	 * its own words; what it finds is said here, once, in loa's. */
	ff.av_log_set_level(AV_LOG_QUIET);
	ff_state = FF_LOADED;
	return;
fail:
	memset(&ff, 0, sizeof ff);
	for (int i = FF_NLIBS - 1; i >= 0; i--)
		if (h[i])
			dlclose(h[i]);
}

/* The bytes the AVIOContext reads at a time. */
#define IO_BUF 32768

struct av_decoder {
	AVFormatContext *fmt; /* the demuxer, reading through io */
	AVIOContext *io;      /* our reads of fd (ours to free, with its buffer) */
	AVCodecContext *dec;  /* the audio decoder */
	AVPacket *pkt;        /* the packet being sent */
	AVFrame *frame;       /* the decoded frame being delivered */
	const char *path;     /* for messages (decode.c's copy) */
	int fd;               /* the file (decode.c's to close) */
	int64_t off;          /* where the next read of fd starts */
	int64_t size;         /* the file's size */
	int stream;           /* the audio stream's index */
	int rate, channels;   /* what open found; every frame must match */
	int used;             /* frames of frame already delivered */
	int have;             /* 1: frame holds decoded audio */
	int draining;         /* the demuxer ended; the decoder gives what it holds */
	int done;             /* the decoder has nothing more */
	int64_t skip;         /* frames still to drop (a seek forward) */
	int64_t pos;          /* frames delivered or dropped since the start */
	int64_t end;          /* the length an MP4 states (its padding is not audio), or 0 */
};

/* The audio codecs of the containers read here; anything else in them
 * (a video's picture, a codec from elsewhere) is refused by name. */
static const enum AVCodecID codecs[] = {
    AV_CODEC_ID_AAC,    AV_CODEC_ID_AAC_LATM, AV_CODEC_ID_ALAC,  AV_CODEC_ID_MP3,    AV_CODEC_ID_AMR_NB,
    AV_CODEC_ID_AMR_WB, AV_CODEC_ID_WMAV1,    AV_CODEC_ID_WMAV2, AV_CODEC_ID_WMAPRO, AV_CODEC_ID_WMALOSSLESS,
};

static const char formats[] = N_("loa takes WAV, FLAC, Ogg Vorbis, Opus, MP3, M4A/AAC and WMA files");

static void
refuse(const char *path, const char *reason, const char *what_to_do)
{
	error(_("cannot read audio file '%s': %s"), path, reason);
	if (what_to_do)
		hint("%s", what_to_do);
}

/* What an FFmpeg error means to the officer. */
static const char *
reason_of(int err, char *buf, size_t n)
{
	if (err == AVERROR(ENOMEM))
		snprintf(buf, n, "%s", _("out of memory"));
	else if (err < 0 && err > -4096 && err != AVERROR(EINVAL))
		snprintf(buf, n, "%s", strerror(AVUNERROR(err)));
	else
		snprintf(buf, n, "%s",
		         _("the file is damaged or incomplete (a recording cut short, or copied "
		           "before it was finished)"));
	return buf;
}

/* 0 when FFmpeg is loaded (the first call loads it); -1 after refusing
 * path with what is missing and what to install. */
static int
ff_ready(const char *path)
{
	char pkgs[128], reason[256], what_to_do[512];

	pthread_once(&ff_once, ff_load);
	if (ff_state == FF_LOADED)
		return 0;
	snprintf(pkgs, sizeof pkgs, "%s %s %s", ff_libs[FF_AVFORMAT].package, ff_libs[FF_AVCODEC].package,
	         ff_libs[FF_AVUTIL].package);
	if (ff_state == FF_MISSING)
		snprintf(reason, sizeof reason,
		         _("the FFmpeg library that reads M4A, AAC and WMA files is not "
		           "installed or is damaged (%s)"),
		         ff_bad->soname);
	else
		snprintf(reason, sizeof reason,
		         _("the FFmpeg library %s on this computer is not the version this copy of loa was "
		           "built for"),
		         ff_bad->soname);
	snprintf(what_to_do, sizeof what_to_do,
	         _("install the packages %s (as root: apt install %s), or convert the file to MP3 or WAV "
	           "first"),
	         pkgs, pkgs);
	refuse(path, reason, what_to_do);
	return -1;
}

const char *
decode_av_sniff(int fd)
{
	static const unsigned char asf[16] = {0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11,
	                                      0xa6, 0xd9, 0x00, 0xaa, 0x00, 0x62, 0xce, 0x6c};
	unsigned char h[16];
	off_t off = 0;

	if (pread(fd, h, sizeof h, 0) != (ssize_t)sizeof h)
		return NULL;
	if (memcmp(h + 4, "ftyp", 4) == 0)
		return "m4a";
	if (memcmp(h, asf, sizeof asf) == 0)
		return "wma";
	/* Raw AAC may follow ID3v2 tags, as MP3 does. */
	for (int i = 0; i < 16 && pread(fd, h, 10, off) == 10 && memcmp(h, "ID3", 3) == 0; i++)
		off += 10 +
		       ((off_t)(h[6] & 0x7f) << 21 | (off_t)(h[7] & 0x7f) << 14 | (off_t)(h[8] & 0x7f) << 7 |
		        (off_t)(h[9] & 0x7f)) +
		       ((h[5] & 0x10) ? 10 : 0);
	/* An ADTS header: twelve bits of sync, then layer 00 (an MP3 frame
	 * has layer 01 to 11 there); the next frame must follow it. */
	if (pread(fd, h, 7, off) != 7 || h[0] != 0xff || (h[1] & 0xf6) != 0xf0)
		return NULL;
	off_t len = (off_t)(h[3] & 3) << 11 | (off_t)h[4] << 3 | h[5] >> 5;
	if (len < 7)
		return NULL;
	ssize_t n = pread(fd, h, 2, off + len);
	if (n == 0)
		return "aac"; /* a file of one frame */
	return n == 2 && h[0] == 0xff && (h[1] & 0xf6) == 0xf0 ? "aac" : NULL;
}

static int
io_read(void *opaque, uint8_t *buf, int n)
{
	struct av_decoder *d = opaque;
	ssize_t got;

	do
		got = pread(d->fd, buf, (size_t)n, d->off);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return AVERROR(errno);
	if (got == 0)
		return AVERROR_EOF;
	d->off += got;
	return (int)got;
}

static int64_t
io_seek(void *opaque, int64_t offset, int whence)
{
	struct av_decoder *d = opaque;

	switch (whence & ~AVSEEK_FORCE) {
	case AVSEEK_SIZE:
		return d->size;
	case SEEK_SET:
		break;
	case SEEK_CUR:
		offset += d->off;
		break;
	case SEEK_END:
		offset += d->size;
		break;
	default:
		return AVERROR(EINVAL);
	}
	if (offset < 0)
		return AVERROR(EINVAL);
	return d->off = offset;
}

static int
codec_allowed(enum AVCodecID id)
{
	for (size_t i = 0; i < sizeof codecs / sizeof codecs[0]; i++)
		if (codecs[i] == id)
			return 1;
	return 0;
}

/* A new decoder for the stream (at the start, or after a seek back: a
 * flushed one keeps state, e.g. the noise generator of AAC's PNS, so the
 * same frame would not decode to the same samples). 0 or an AVERROR. */
static int
open_codec(struct av_decoder *d)
{
	const AVStream *st = d->fmt->streams[d->stream];
	const AVCodec *codec = ff.avcodec_find_decoder(st->codecpar->codec_id);
	int r;

	ff.avcodec_free_context(&d->dec);
	if (!codec)
		return AVERROR_DECODER_NOT_FOUND;
	if (!(d->dec = ff.avcodec_alloc_context3(codec)))
		return AVERROR(ENOMEM);
	if ((r = ff.avcodec_parameters_to_context(d->dec, st->codecpar)) < 0)
		return r;
	d->dec->pkt_timebase = st->time_base;
	d->dec->thread_count = 1; /* audio: no gain, and no threads in the daemon */
	return ff.avcodec_open2(d->dec, codec, NULL);
}

struct av_decoder *
decode_av_open(int fd, const char *path, const char *kind, int *rate, int *channels, int64_t *frames)
{
	const char *demuxer = strcmp(kind, "m4a") == 0 ? "mov" : strcmp(kind, "wma") == 0 ? "asf" : "aac";
	const AVInputFormat *ifmt;
	struct av_decoder *d;
	const AVCodec *codec = NULL;
	unsigned char *iobuf = NULL;
	char reason[256];
	struct stat sb;
	AVStream *st;
	int r;

	if (ff_ready(path) != 0)
		return NULL;
	ifmt = ff.av_find_input_format(demuxer);
	d = calloc(1, sizeof *d);
	if (!d || !ifmt || fstat(fd, &sb) != 0) {
		free(d);
		refuse(path, ifmt ? strerror(errno) : _("this copy of loa was built without that format"),
		       NULL);
		return NULL;
	}
	d->fd = fd;
	d->path = path;
	d->size = sb.st_size;
	if (!(iobuf = ff.av_malloc(IO_BUF)) ||
	    !(d->io = ff.avio_alloc_context(iobuf, IO_BUF, 0, d, io_read, NULL, io_seek)) ||
	    !(d->fmt = ff.avformat_alloc_context()) || !(d->pkt = ff.av_packet_alloc()) ||
	    !(d->frame = ff.av_frame_alloc())) {
		if (!d->io)
			ff.av_free(iobuf);
		error(_("out of memory"));
		goto fail;
	}
	d->fmt->pb = d->io;
	/* An MP4's references to other files are never followed (the
	 * demuxer's default, said here because it matters). */
	AVDictionary *opts = NULL;
	ff.av_dict_set(&opts, "enable_drefs", "0", 0);
	r = ff.avformat_open_input(&d->fmt, "", ifmt, &opts);
	ff.av_dict_free(&opts);
	if (r < 0) { /* it freed fmt */
		refuse(path, reason_of(r, reason, sizeof reason),
		       _("copy the file again from its original source"));
		goto fail;
	}
	if ((r = ff.avformat_find_stream_info(d->fmt, NULL)) < 0) {
		refuse(path, reason_of(r, reason, sizeof reason),
		       _("copy the file again from its original source"));
		goto fail;
	}
	r = ff.av_find_best_stream(d->fmt, AVMEDIA_TYPE_AUDIO, -1, -1, &codec, 0);
	if (r == AVERROR_STREAM_NOT_FOUND) {
		refuse(path, _("it holds no sound"), _(formats));
		goto fail;
	}
	st = r >= 0 ? d->fmt->streams[r] : NULL;
	if (!st || !codec || !codec_allowed(st->codecpar->codec_id)) {
		snprintf(reason, sizeof reason, _("its sound is in a format loa cannot read (%s)"),
		         st ? ff.avcodec_get_name(st->codecpar->codec_id) : "?");
		refuse(path, reason, _(formats));
		goto fail;
	}
	d->stream = r;
	for (unsigned i = 0; i < d->fmt->nb_streams; i++)
		if ((int)i != d->stream)
			d->fmt->streams[i]->discard = AVDISCARD_ALL;
	if ((r = open_codec(d)) < 0) {
		if (r == AVERROR(ENOMEM))
			error(_("out of memory"));
		else
			refuse(path, reason_of(r, reason, sizeof reason),
			       _("copy the file again from its original source"));
		goto fail;
	}
	d->rate = d->dec->sample_rate;
	d->channels = d->dec->ch_layout.nb_channels;
	*rate = d->rate;
	*channels = d->channels;
	/* An MP4 states its length exactly (its edit list leaves the
	 * encoder's priming out; the padding of the last AAC frame is cut
	 * here), so a copy cut short is found. Raw AAC states none (FFmpeg
	 * guesses it from the bit rate), and an ASF header's play time can
	 * differ from the decoded length by a WMA frame: a copy cut short
	 * of either fails to decode instead. */
	*frames = 0;
	if (strcmp(kind, "m4a") == 0 && st->duration > 0 && st->duration != AV_NOPTS_VALUE)
		*frames = d->end = ff.av_rescale_q(st->duration, st->time_base, (AVRational){1, d->rate});
	return d;
fail:
	decode_av_close(d);
	return NULL;
}

/* Sample i of plane p (a planar format) or of the interleaved plane. */
static float
sample(const uint8_t *p, enum AVSampleFormat f, size_t i)
{
	switch (f) {
	case AV_SAMPLE_FMT_U8:
		return ((float)p[i] - 128.0f) / 128.0f;
	case AV_SAMPLE_FMT_S16:
		return (float)((const int16_t *)p)[i] / 32768.0f;
	case AV_SAMPLE_FMT_S32:
		return (float)((const int32_t *)p)[i] / 2147483648.0f;
	case AV_SAMPLE_FMT_S64:
		return (float)((double)((const int64_t *)p)[i] / 9223372036854775808.0);
	case AV_SAMPLE_FMT_FLT:
		return ((const float *)p)[i];
	case AV_SAMPLE_FMT_DBL:
		return (float)((const double *)p)[i];
	default:
		return 0.0f;
	}
}

/* Copies n frames of the held frame, from d->used on, into out. */
static void
convert(struct av_decoder *d, float *out, int n)
{
	const AVFrame *f = d->frame;
	enum AVSampleFormat fmt = (enum AVSampleFormat)f->format;
	enum AVSampleFormat packed = ff.av_get_packed_sample_fmt(fmt);
	int planar = ff.av_sample_fmt_is_planar(fmt), ch = d->channels;

	for (int k = 0; k < n; k++)
		for (int c = 0; c < ch; c++) {
			size_t at = (size_t)(d->used + k);
			float v = planar ? sample(f->extended_data[c], packed, at)
			                 : sample(f->extended_data[0], packed, at * (size_t)ch + (size_t)c);
			/* A damaged stream must not hand NaN or infinity on. */
			out[(size_t)k * (size_t)ch + (size_t)c] = isfinite(v) ? v : 0.0f;
		}
}

static int
damaged(struct av_decoder *d, int err)
{
	char reason[256];

	if (err == AVERROR(ENOMEM))
		return error(_("out of memory"));
	error(_("cannot decode audio file '%s': %s"), d->path, reason_of(err, reason, sizeof reason));
	hint(_("the file is damaged; copy it again from its original source"));
	return -1;
}

/* Makes the next decoded frame the held one: 1, 0 at the end, -1. */
static int
next_frame(struct av_decoder *d)
{
	int r;

	for (;;) {
		r = ff.avcodec_receive_frame(d->dec, d->frame);
		if (r == 0) {
			if (d->frame->sample_rate != d->rate ||
			    d->frame->ch_layout.nb_channels != d->channels) {
				error(_("cannot decode audio file '%s': %s"), d->path,
				      _("its sample rate or channels change part way through"));
				hint(
				    _("the file is damaged, or was joined from several recordings; export it "
				      "again as one"));
				return -1;
			}
			d->used = 0;
			d->have = 1;
			return 1;
		}
		if (r == AVERROR_EOF)
			return 0;
		if (r != AVERROR(EAGAIN))
			return damaged(d, r);
		if (d->draining)
			return 0;
		r = ff.av_read_frame(d->fmt, d->pkt);
		if (r == AVERROR_EOF) {
			d->draining = 1;
			if ((r = ff.avcodec_send_packet(d->dec, NULL)) < 0 && r != AVERROR_EOF)
				return damaged(d, r);
			continue;
		}
		if (r < 0)
			return damaged(d, r);
		if (d->pkt->stream_index != d->stream) {
			ff.av_packet_unref(d->pkt);
			continue;
		}
		r = ff.avcodec_send_packet(d->dec, d->pkt);
		ff.av_packet_unref(d->pkt);
		if (r < 0)
			return damaged(d, r);
	}
}

int64_t
decode_av_read(struct av_decoder *d, float *buf, int64_t frames)
{
	int64_t got = 0;

	while (got < frames) {
		if (d->end > 0 && d->pos >= d->end)
			break;
		if (d->have && d->used < d->frame->nb_samples) {
			int64_t n = d->frame->nb_samples - d->used;
			if (d->end > 0 && n > d->end - d->pos)
				n = d->end - d->pos;
			if (d->skip > 0) {
				n = n < d->skip ? n : d->skip;
				d->skip -= n;
			} else {
				n = n < frames - got ? n : frames - got;
				convert(d, buf + got * d->channels, (int)n);
				got += n;
			}
			d->used += (int)n;
			d->pos += n;
			continue;
		}
		d->have = 0;
		if (d->done)
			break;
		int r = next_frame(d);
		if (r < 0)
			return -1;
		if (r == 0)
			d->done = 1;
	}
	return got;
}

int
decode_av_seek(struct av_decoder *d, int64_t frame)
{
	int r;

	if (frame < d->pos) {
		/* Back to the start, then forward: exact whatever the
		 * container's index says (decode.c's users seek rarely). */
		if ((r = ff.av_seek_frame(d->fmt, d->stream, INT64_MIN, AVSEEK_FLAG_BACKWARD)) < 0 &&
		    (r = ff.avformat_seek_file(d->fmt, d->stream, INT64_MIN, 0, 0, 0)) < 0)
			return damaged(d, r);
		if ((r = open_codec(d)) < 0)
			return damaged(d, r);
		d->have = d->draining = d->done = 0;
		d->pos = 0;
	}
	d->skip = frame - d->pos;
	return 0;
}

void
decode_av_close(struct av_decoder *d)
{
	if (!d)
		return;
	ff.avcodec_free_context(&d->dec);
	ff.avformat_close_input(&d->fmt);
	if (d->io) {
		ff.av_freep(&d->io->buffer);
		ff.avio_context_free(&d->io);
	}
	ff.av_packet_free(&d->pkt);
	ff.av_frame_free(&d->frame);
	free(d);
}
