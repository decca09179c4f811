/*
 * sink_portaudio.c — the loudspeaker: a PortAudio output stream (the only
 * file that includes portaudio.h).
 *
 * PortAudio is initialised when an airing opens its output and terminated
 * when it closes: PortAudio scans devices only in Pa_Initialize(), so a
 * sound card unplugged and plugged back, or a JACK server restarted, is
 * seen again at the next airing without restarting loa.
 *
 * The stream uses the callback API; the callback only copies from the
 * ring (sink.c) — no allocation, lock or I/O. Each callback computes when
 * its buffer's first frame reaches the DAC: now (the monotonic clock)
 * plus outputBufferDacTime - currentTime, the latency PortAudio reports
 * for this buffer. We aim the airing's first sample at the DAC, where the
 * loudspeaker is, not at the sound server's graph: on JACK the sample
 * enters the graph one declared playback latency earlier (about 10.7 ms
 * with 2 periods of 256 frames at 48 kHz). "Now" is read in the callback
 * itself, as PortAudio reads currentTime, so the two agree however late
 * the callback thread was woken within its cycle (JACK's frame counter is
 * not aligned to periods, so the cycle start cannot be recovered from it).
 */
#define _GNU_SOURCE /* strcasestr */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <pa_jack.h>
#include <portaudio.h>

#include "loa/clock.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "audio/sink_internal.h"

/* How long closing waits for PortAudio before leaving it to a thread. */
#define PA_TEARDOWN_MS 1500

struct pa_sink {
	PaStream *stream;         /* the open stream, or NULL */
	int initialised;          /* 1 between Pa_Initialize and Pa_Terminate */
	_Atomic double latency_s; /* the last callback's DAC latency, for -v -v */
	struct sink *sink;        /* the sink the callback feeds from */
	int channels;             /* its channels, for silence once detached */
	_Atomic int in_callback;  /* 1 while the callback runs */
	_Atomic int detached;     /* 1 once closing began: the sink may be gone */
};

/*
 * PortAudio's ALSA and JACK back ends print diagnostics on stderr while
 * they probe (cards that do not exist, no JACK server): noise to the
 * officer, who gets one plain message from us instead. Unless loa runs
 * with -v -v, stderr is pointed at /dev/null around those calls.
 */
static int
quiet_begin(void)
{
	int saved, null;

	if (log_verbosity() >= LOG_LEVEL_DEBUG)
		return -1;
	fflush(stderr);
	if ((null = open("/dev/null", O_WRONLY | O_CLOEXEC)) < 0)
		return -1;
	saved = dup(2);
	dup2(null, 2);
	close(null);
	return saved;
}

static void
quiet_end(int saved)
{
	if (saved < 0)
		return;
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
}

static int check_wedged(char *err, size_t errlen);

static int
pa_init(char *err, size_t errlen)
{
	int q = quiet_begin();
	PaError e;

	PaJack_SetClientName("loa");
	e = Pa_Initialize();
	quiet_end(q);
	if (e != paNoError) {
		snprintf(err, errlen, _("cannot start the sound system (PortAudio): %s"), Pa_GetErrorText(e));
		return -1;
	}
	return 0;
}

static int
is_output(PaDeviceIndex i)
{
	const PaDeviceInfo *d = Pa_GetDeviceInfo(i);

	return d && d->maxOutputChannels > 0;
}

/* Finds the output device for arg (empty: the default). -1 with s->err. */
static PaDeviceIndex
find_device(struct sink *s, const char *arg)
{
	PaDeviceIndex n = Pa_GetDeviceCount(), i, found = paNoDevice;
	char *end;
	long idx;

	if (n <= 0) {
		snprintf(s->err, sizeof s->err, "%s",
		         _("no sound output device found (is the sound card connected and the sound server "
		           "running?)"));
		s->why = REASON_DEVICE_MISSING;
		return paNoDevice;
	}
	if (!*arg) {
		i = Pa_GetDefaultOutputDevice();
		if (i == paNoDevice || !is_output(i)) {
			for (i = 0; i < n && !is_output(i); i++)
				;
			if (i == n) {
				snprintf(s->err, sizeof s->err, "%s", _("no sound output device found"));
				s->why = REASON_DEVICE_MISSING;
				return paNoDevice;
			}
		}
		return i;
	}
	idx = strtol(arg, &end, 10);
	if (*end == '\0' && end != arg) {
		if (idx < 0 || idx >= n || !is_output((PaDeviceIndex)idx)) {
			snprintf(s->err, sizeof s->err, _("no sound output device number %ld"), idx);
			s->why = REASON_DEVICE_MISSING;
			return paNoDevice;
		}
		return (PaDeviceIndex)idx;
	}
	/* An exact name wins over a substring ("default" vs "sysdefault"). */
	for (i = 0; i < n; i++)
		if (is_output(i) && strcmp(Pa_GetDeviceInfo(i)->name, arg) == 0)
			return i;
	for (i = 0; i < n; i++)
		if (is_output(i) && strcasestr(Pa_GetDeviceInfo(i)->name, arg) && found == paNoDevice)
			found = i;
	if (found == paNoDevice) {
		snprintf(s->err, sizeof s->err, _("no sound output device named '%s'"), arg);
		s->why = REASON_DEVICE_MISSING;
	}
	return found;
}

static int
pa_callback(const void *in, void *out, unsigned long frames, const PaStreamCallbackTimeInfo *ti,
            PaStreamCallbackFlags flags, void *user)
{
	struct pa_sink *p = user;
	int64_t now = clock_mono_ns();
	double lat = 0;

	(void)in;
	(void)flags;
	/* Closing hands the stream to a teardown thread and frees the sink
	 * (see pa_close): from then on, play silence and touch nothing. */
	atomic_store(&p->in_callback, 1);
	if (atomic_load(&p->detached)) {
		memset(out, 0, sizeof(float) * frames * p->channels);
		atomic_store(&p->in_callback, 0);
		return paContinue;
	}
	if (ti->outputBufferDacTime > 0 && ti->outputBufferDacTime > ti->currentTime)
		lat = ti->outputBufferDacTime - ti->currentTime;
	atomic_store(&p->latency_s, lat);
	sink_ring_pull(p->sink, out, (long)frames, now + (int64_t)(lat * 1e9));
	atomic_store(&p->in_callback, 0);
	return paContinue;
}

static int
pa_open(struct sink *s, const char *arg)
{
	struct pa_sink *p;
	PaStreamParameters op;
	const PaDeviceInfo *di;
	PaDeviceIndex dev;
	PaError e;
	int q;

	if (!(p = calloc(1, sizeof *p))) {
		snprintf(s->err, sizeof s->err, "%s", _("out of memory"));
		s->why = REASON_OUT_OF_MEMORY;
		return -1;
	}
	s->priv = p;
	if (check_wedged(s->err, sizeof s->err) != 0 || pa_init(s->err, sizeof s->err) != 0) {
		s->why = REASON_DEVICE_ERROR;
		free(p);
		return -1;
	}
	p->initialised = 1;
	if ((dev = find_device(s, arg)) == paNoDevice)
		goto fail;
	di = Pa_GetDeviceInfo(dev);
	s->channels = di->maxOutputChannels >= 2 ? 2 : 1;
	snprintf(s->device, sizeof s->device, "%s", di->name);
	p->sink = s;
	p->channels = s->channels;
	memset(&op, 0, sizeof op);
	op.device = dev;
	op.channelCount = s->channels;
	op.sampleFormat = paFloat32;
	op.suggestedLatency = di->defaultHighOutputLatency;
	q = quiet_begin();
	/* 48 kHz where the device takes it: sound cards and ALSA's dmix run
	 * at 48 kHz, and PortAudio's 44.1 kHz default would resample twice. */
	s->rate = Pa_IsFormatSupported(NULL, &op, 48000) == paFormatIsSupported
	              ? 48000
	              : (int)lround(di->defaultSampleRate);
	e = Pa_OpenStream(&p->stream, NULL, &op, s->rate, paFramesPerBufferUnspecified, paNoFlag, pa_callback,
	                  p);
	quiet_end(q);
	if (e != paNoError) {
		p->stream = NULL;
		snprintf(s->err, sizeof s->err, _("cannot open sound output device '%s': %s"), di->name,
		         Pa_GetErrorText(e));
		s->why = REASON_DEVICE_ERROR;
		goto fail;
	}
	return 0;
fail:
	Pa_Terminate();
	free(p);
	s->priv = NULL;
	return -1;
}

static int
pa_start(struct sink *s)
{
	struct pa_sink *p = s->priv;
	PaError e = Pa_StartStream(p->stream);

	if (e != paNoError) {
		snprintf(s->err, sizeof s->err, _("cannot start sound output device '%s': %s"), s->device,
		         Pa_GetErrorText(e));
		s->why = REASON_DEVICE_ERROR;
		return -1;
	}
	return 0;
}

static int
pa_check(struct sink *s)
{
	struct pa_sink *p = s->priv;

	if (Pa_IsStreamActive(p->stream) != 1) {
		snprintf(s->err, sizeof s->err,
		         _("the sound output device '%s' stopped (unplugged, or the sound server stopped)"),
		         s->device);
		s->why = REASON_DEVICE_LOST;
		return -1;
	}
	return 0;
}

/*
 * Stopping a stream whose JACK server died blocks inside PortAudio 19.6
 * for ten minutes (its JACK back end waits for a process callback that
 * will never come). So the stream is torn down on a thread of its own:
 * close waits for it briefly, and if it is stuck, leaves it and marks
 * PortAudio wedged: outputs fail to open with a plain reason until the
 * teardown ends, instead of hanging the daemon.
 */
static sem_t teardown_done;
static pthread_once_t teardown_once = PTHREAD_ONCE_INIT;
static _Atomic int wedged;

static void
teardown_init(void)
{
	sem_init(&teardown_done, 0, 0);
}

static void *
teardown(void *arg)
{
	struct pa_sink *p = arg;

	if (p->stream) {
		Pa_AbortStream(p->stream);
		Pa_CloseStream(p->stream);
	}
	if (p->initialised)
		Pa_Terminate();
	free(p);
	atomic_store(&wedged, 0);
	sem_post(&teardown_done);
	return NULL;
}

static void
pa_close(struct sink *s)
{
	struct pa_sink *p = s->priv;
	struct timespec ts;
	pthread_t t;
	int64_t deadline;

	if (!p)
		return;
	s->priv = NULL;
	log_debug("portaudio: '%s' latency %.3f ms, %ld underruns", s->device,
	          atomic_load(&p->latency_s) * 1e3, (long)atomic_load(&s->underruns));
	atomic_store(&p->detached, 1);
	while (atomic_load(&p->in_callback))
		sched_yield();
	pthread_once(&teardown_once, teardown_init);
	while (sem_trywait(&teardown_done) == 0)
		;
	atomic_store(&wedged, 1);
	if (pthread_create(&t, NULL, teardown, p) != 0) {
		teardown(p);
		return;
	}
	pthread_detach(t);
	deadline = clock_mono_ns() + (int64_t)PA_TEARDOWN_MS * 1000000;
	ts.tv_sec = deadline / 1000000000;
	ts.tv_nsec = deadline % 1000000000;
	while (sem_clockwait(&teardown_done, CLOCK_MONOTONIC, &ts) != 0 && errno == EINTR)
		;
}

static int
check_wedged(char *err, size_t errlen)
{
	if (!atomic_load(&wedged))
		return 0;
	snprintf(err, errlen, "%s",
	         _("the sound system is still stuck after losing the output device; it frees itself "
	           "within 10 minutes (or restart loa)"));
	return -1;
}

static int
pa_list(struct sink_device *out, int max, char *err, size_t errlen)
{
	PaDeviceIndex n, i, def;
	int count = 0;

	if (check_wedged(err, errlen) != 0 || pa_init(err, errlen) != 0)
		return -1;
	n = Pa_GetDeviceCount();
	def = Pa_GetDefaultOutputDevice();
	for (i = 0; i < n && count < max; i++) {
		const PaDeviceInfo *d = Pa_GetDeviceInfo(i);
		const PaHostApiInfo *h;
		struct sink_device *o = &out[count];

		if (!d || d->maxOutputChannels <= 0)
			continue;
		h = Pa_GetHostApiInfo(d->hostApi);
		o->index = i;
		snprintf(o->name, sizeof o->name, "%s", d->name);
		snprintf(o->api, sizeof o->api, "%s", h ? h->name : "");
		o->channels = d->maxOutputChannels;
		o->rate = (int)lround(d->defaultSampleRate);
		o->is_default = i == def;
		count++;
	}
	Pa_Terminate();
	return count;
}

const struct sink_driver sink_driver_portaudio = {
    .name = "portaudio",
    .untimed = 0,
    .wall_timebase = 0,
    .open = pa_open,
    .start = pa_start,
    .write = NULL,
    .check = pa_check,
    .close = pa_close,
    .list = pa_list,
};
