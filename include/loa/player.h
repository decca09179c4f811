/*
 * player.h — plays one airing (a clip, or a playlist gap-free) on an output,
 * with its first sample placed at an exact wall-clock instant.
 *
 * This is what the daemon, `loa play` and `loa render` call; the sinks
 * (PortAudio, file, null) and the decode → gain → resample → channel-map
 * chain sit behind it. The daemon drives an airing in steps so it stays in
 * control between them: prepare a few seconds early (open files and the
 * output, pre-roll), then call player_run() with a deadline; it returns when
 * the airing ends, when the deadline passes (the daemon updates the airing
 * log at least every 2 seconds and checks for an emergency or a stop), or
 * when the stop flag is raised. A failure is reported, never fatal: the
 * reason is in player_error() for the airing log.
 *
 * Untimed outputs (the file sink) consume as fast as they are written, so
 * the same path renders faster than real time; under a simulated clock the
 * caller advances the clock by player_played_s().
 */
#ifndef LOA_PLAYER_H
#define LOA_PLAYER_H

#include <signal.h>
#include <stdint.h>

#include "loa/reason.h"

/* How long before an airing player_prepare() should be called. */
#define PLAYER_PREROLL_MS 3000
/* Fade applied when an airing is cut (SIGTERM, --until). */
#define PLAYER_FADE_MS 500
/* The shorter fade of an airing an emergency cuts: the emergency must be
 * heard within a second of its request (emergency.h), and the cut airing's
 * fade and the closing of its stream come first. Long enough that the
 * cut makes no click. */
#define PLAYER_CUT_FADE_MS 200

/* One file of an airing. */
struct player_item {
	const char *path; /* the clip's file in the library */
	double gain_db;   /* the clip's loudness gain to the station target */
	int64_t clip_id;  /* for messages and the log */
	enum reason skip; /* REASON_NONE; else it is not played (outside its validity dates) */
};

/* Where an item of the airing stands at the output. */
enum player_item_state {
	PLAYER_ITEM_PENDING, /* not reached yet */
	PLAYER_ITEM_PLAYING, /* its sound is going out now */
	PLAYER_ITEM_DONE,    /* over: played to its end, failed or skipped (see why) */
};

struct player_item_status {
	enum player_item_state state; /* as above */
	double start_s;               /* where it starts, seconds from the airing's first sample */
	double played_s;              /* seconds of it that have gone out */
	enum reason why;              /* REASON_NONE: it plays (or played) to its end; else why
	                                 not: skipped (item's skip), or failed (clip_missing,
	                                 clip_corrupt...) at its turn or part way */
};

enum player_status {
	PLAYER_DONE,    /* the airing played to its end (tail drained) */
	PLAYER_RUNNING, /* the deadline passed; call player_run() again */
	PLAYER_STOPPED, /* the stop flag was raised; call player_stop() */
	PLAYER_FAILED,  /* see player_error(); the output is closed */
};

struct player;

/*
 * Creates a player for an output:
 *   NULL or ""      the default PortAudio device
 *   "NAME" or "N"   the PortAudio device with that name (substring) or index
 *   "file:PATH"     a WAV, FLAC or MP3 file (by extension), untimed
 *   "null"          discards audio at real-time pace; "null:fail-open",
 *                   "null:fail-write=SECONDS", "null:stall=SECONDS" inject faults
 * The output is opened by player_prepare(), not here, so a missing device
 * is an airing's failure, not the daemon's.
 */
struct player *player_new(const char *output);
void player_free(struct player *p);

/* Opens and checks every item, opens the output and pre-rolls it so the
 * first sample leaves it at start_ms (or at once when start_ms has passed).
 * An item that is skipped, or whose file is missing or damaged, takes no
 * time: the next one follows (player_item() says what became of each). -1
 * (see player_error()) when no item can play or the output does not open. */
int player_prepare(struct player *p, const struct player_item *items, int n, int64_t start_ms);
/* Opens the output and starts it as an airing would, silently, then closes
 * it: `loa run --check`'s test of the output alone, whatever the clips.
 * 0, or -1 (see player_error()) when it does not open or start. */
int player_check_output(struct player *p);
/* Plays until the airing ends, until_ms (wall clock) passes, or *stop is
 * set (stop may be NULL). */
enum player_status player_run(struct player *p, int64_t until_ms, volatile sig_atomic_t *stop);
/* Fades out over fade_ms and closes the airing (an interrupted airing). */
void player_stop(struct player *p, int fade_ms);

/* Seconds of content that have left the output so far. */
double player_played_s(const struct player *p);
/* The wall-clock instant the first sample left the output (0 before). */
int64_t player_started_ms(const struct player *p);
/* Why the last prepare or run failed, for the airing log. */
const char *player_error(const struct player *p);
/* The same as a code (device_lost, clip_missing...). */
enum reason player_error_reason(const struct player *p);
/* Where item i (0-based) of the airing last prepared stands; also after
 * the airing ended or failed. 0, or -1 for no such item. */
int player_item(const struct player *p, int i, struct player_item_status *out);
/* The device in use, for the airing log ("system", "file:out.wav"...). */
const char *player_device(const struct player *p);
/* 1 when the output is untimed (renders faster than real time). */
int player_untimed(const struct player *p);

#endif
