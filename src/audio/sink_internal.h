/*
 * sink_internal.h — what the output drivers see (after mpv's internal.h).
 *
 * One file per driver (sink_portaudio.c, sink_file.c, sink_null.c), each
 * exporting one const struct sink_driver and keeping everything else
 * static. sink.c owns what drivers share: the lock-free ring a timed
 * driver's real-time side drains with sink_ring_pull(), the exact start,
 * the fade, the drain and the stall watchdog.
 *
 * Threads: the player thread writes the ring (wpos); the driver's real-time
 * side (PortAudio's callback, the null sink's pacing thread) reads it
 * (rpos). Everything they share is a C11 atomic; the real-time side never
 * allocates, locks, or does I/O — it only copies, multiplies and posts a
 * semaphore to wake the player.
 */
#ifndef LOA_SINK_INTERNAL_H
#define LOA_SINK_INTERNAL_H

#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>

#include "audio/sink.h"

struct sink;

struct sink_driver {
	const char *name;  /* "portaudio", "file", "null" */
	int untimed;       /* 1: consumes as fast as written, no ring (file) */
	int wall_timebase; /* 1: buffer times are wall-clock ns; 0: monotonic ns */
	/* Opens the device for arg (the spec after "file:", "null:"...): sets
	 * s->rate, s->channels, s->device and s->priv. 0, or -1 with s->err. */
	int (*open)(struct sink *s, const char *arg);
	/* Timed: starts the real-time side (the ring exists). 0 or -1. */
	int (*start)(struct sink *s);
	/* Untimed: writes frames frames. 0 or -1 with s->err. */
	int (*write)(struct sink *s, const float *buf, long frames);
	/* Timed, optional: 0 while the device runs, -1 with s->err when not. */
	int (*check)(struct sink *s);
	/* Stops and frees the device (after a drain or fade, or on failure). */
	void (*close)(struct sink *s);
	/* Optional: lists the devices (see sink_list_devices). */
	int (*list)(struct sink_device *out, int max, char *err, size_t errlen);
};

extern const struct sink_driver sink_driver_portaudio;
extern const struct sink_driver sink_driver_file;
extern const struct sink_driver sink_driver_null;

struct sink {
	const struct sink_driver *driver; /* the driver behind it */
	void *priv;                       /* the driver's state */
	int rate;                         /* frames per second on the output */
	int channels;                     /* interleaved channels on the output */
	char device[160];                 /* what the airing log names ("system", "file:x.wav") */
	char err[256];                    /* why the last operation failed */
	enum reason why;                  /* the same as a code (REASON_NONE when none) */
	int64_t start_ms;                 /* the instant asked for (wall ms) */

	/* The mapping between the wall clock and the timebase, taken just
	 * before the start (sink.c: timebase_pair). */
	int64_t pair_wall_ns; /* a wall-clock instant, ns */
	int64_t pair_base_ns; /* the timebase reading at that instant */
	int remapped;         /* 1 once the mapping was redone near the start */

	/* The ring, frames of channels floats; positions count frames forever. */
	float *ring;           /* cap * channels floats */
	long cap;              /* frames the ring holds */
	_Atomic uint64_t wpos; /* frames written (player thread) */
	_Atomic uint64_t rpos; /* frames read (real-time side) */
	sem_t wake;            /* posted by the real-time side when room frees or state changes */

	_Atomic int64_t target_ns;      /* timebase instant frame 0 must leave the output */
	_Atomic int started;            /* 1 once frame 0 left (or was placed in a buffer) */
	_Atomic int64_t started_ns;     /* timebase instant of frame 0 */
	_Atomic int64_t played;         /* content frames output */
	_Atomic int draining;           /* 1: the player wrote its last frame */
	_Atomic int done;               /* 1: the last frame is in an output buffer */
	_Atomic int64_t end_ns;         /* timebase instant the last frame leaves the output */
	_Atomic long fade_total;        /* frames of the requested fade, 0 for none */
	long fade_done;                 /* frames faded so far (real-time side only) */
	_Atomic uint64_t pulls;         /* real-time side calls, for the stall watchdog */
	_Atomic long underruns;         /* buffers the ring could not fill after the start */
	_Atomic(const char *) rt_error; /* a failure seen on the real-time side (static text) */
};

/*
 * The real-time side: fills out (frames frames) from the ring, given the
 * timebase instant t0_ns at which out's first frame leaves the output.
 * Before the start it writes silence, at the start it places frame 0 at
 * its exact offset in the buffer. Never blocks, allocates or locks.
 */
void sink_ring_pull(struct sink *s, float *out, long frames, int64_t t0_ns);
/* The real-time side reports a failure (msg must be static text). */
void sink_ring_fail(struct sink *s, const char *msg);
/* The timebase's current reading (monotonic or wall-clock ns). */
int64_t sink_timebase_now(const struct sink *s);

#endif
