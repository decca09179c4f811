/*
 * playout.h — the broadcast itself: which airing comes next, playing it
 * item by item, and writing every airing, item and miss to the airing log.
 *
 * The playout plays the agenda (agenda.h: the same expansion and overlap
 * resolution `loa agenda` shows) through the player (player.h). It is
 * driven in turns by a front end that owns the process: the daemon
 * (daemon.h) sleeps on its timer, signals and inotify between turns, and
 * is called back between the steps of an airing (struct playout_env) to
 * feed the systemd watchdog. Each turn re-plans from scratch, so a turn
 * after an airing, a SIGHUP, a schedule edit or a clock step is the same.
 *
 * Exactly once: an airing is identified by (slot, nominal start), which is
 * the airing log's key; a restart never replays or double-logs, and a row
 * left open by a crash is closed as interrupted. After downtime, an airing
 * whose time passed less than max_lateness ago plays late (logged with its
 * delay); older ones are logged missed, never replayed in a burst. When the
 * log cannot be written, airings still play and are kept in a journal
 * beside the database (journal.h) until it can.
 *
 * Faults are the airing's, never the playout's: a missing or corrupt clip,
 * a device that does not open or disappears, a stalled write — each is
 * logged as failed with the player's reason, the player is recreated and
 * the next turn goes on.
 *
 * Every setting lives in struct playout_config, so the command line and
 * the configuration file (config.h) map to the same fields.
 */
#ifndef LOA_PLAYOUT_H
#define LOA_PLAYOUT_H

#include <signal.h>
#include <stdint.h>

#include "loa/clip.h"

struct hook_runner;
struct loa_config;
struct station;
struct store;

/* After downtime, misses are logged at most this far back. The other
 * defaults are the configuration file's (config.h, CONFIG_DEFAULT_*). */
#define PLAYOUT_LOOKBACK_MS (31LL * 86400000)
/* How far ahead `loa run --check` looks. */
#define PLAYOUT_CHECK_DAYS 7
/* The daemon's heartbeat in the store (store.h, daemon_state): at most
 * this often. */
#define PLAYOUT_HEARTBEAT_MS 60000

struct playout_config {
	const char *output;      /* player_new(): NULL default device, "NAME", "file:PATH", "null" */
	int64_t until_ms;        /* stop cleanly at this instant; INT64_MAX: never */
	int64_t max_lateness_ms; /* an airing whose start passed longer ago is missed */
	char **on_air_argv;      /* amplifier on command (argv), or NULL */
	char **off_air_argv;     /* amplifier off command (argv), or NULL */
	int64_t on_air_lead_ms;  /* how long before an airing the on-air command runs */
	int64_t hook_gap_ms;     /* airings closer than this share one on-air period */
	int hook_timeout_ms;     /* a hook still running after this is killed */
	int64_t lookback_ms;     /* after downtime, misses are logged this far back at most */
	int once;                /* handle the next airing, then exit */
};

/*
 * Fills c from the configuration file's settings (file NULL: its defaults,
 * config_defaults()): the device, the lateness and the hooks (their
 * commands split into argv); no end, no look-back beyond
 * PLAYOUT_LOOKBACK_MS. Options given to a front end then win over these.
 * Returns 0, or -1 when a hook command cannot be read (reported); c is
 * filled either way and must be released with playout_config_free().
 */
int playout_config_from_file(struct playout_config *c, const struct loa_config *file);
/* Frees the hook commands of c (a NULL one is fine). */
void playout_config_free(struct playout_config *c);

/* What the process running the playout provides. */
struct playout_env {
	/* Raised by the front end (SIGTERM): the airing on air is cut and
	 * the turn returns. */
	volatile sig_atomic_t *stop;
	/* Called often while an airing plays or misses are being logged
	 * (at least once a second): feed the watchdog, read pending events.
	 * Returns the milliseconds until it must be called again, or -1 for
	 * no limit. May be NULL. */
	int (*tick)(void *arg);
	void *arg;
};

struct playout;

/*
 * Starts the playout of an open station: writes what the journal kept
 * aside, closes the rows a crash left open, creates the output. NULL after
 * reporting a fatal error (the airing log cannot be read, no output).
 */
struct playout *playout_open(struct store *s, const struct station *st, const struct playout_config *c,
                             const struct playout_env *env);
/*
 * One turn: plan, then act on the first pending airing (log a skip or a
 * miss, or play it to its end) or say until when there is nothing to do.
 * Returns 0 with *wake_ms the instant to wait for (0: call again at once;
 * the front end wakes earlier on a signal or a schedule change), 1 once
 * the airing of a `once` run is done, -1 when the schedule cannot be read
 * (the front end retries after a back-off).
 */
int playout_turn(struct playout *po, int64_t *wake_ms);
/* The amplifier commands, for the front end's poll(): hook_pollfd(),
 * hook_poll_ms() and hook_check() on them while it waits. */
struct hook_runner *playout_hooks(struct playout *po);
/*
 * Writes the daemon's heartbeat to the store when PLAYOUT_HEARTBEAT_MS has
 * passed since its last write of its state (or the wall clock went back).
 * Returns the milliseconds until the next is due, for the front end's
 * wait; -1 when the state cannot be written (said once): none is due.
 */
int64_t playout_heartbeat(struct playout *po);
/* The output device in use, for messages. */
const char *playout_device(const struct playout *po);
/* 1 when the process should restart itself in place (the sound device
 * was lost mid-airing, or the database can be written again). */
int playout_restart(const struct playout *po);
/* Before exit: closes the rows still open (keeping in the journal what
 * the log cannot take) and switches the amplifier off, waiting for it. */
void playout_finish(struct playout *po);
void playout_free(struct playout *po);

/* The daemon's lock file of the station at db: "<db>-daemon.lock". 0, or
 * -1 when the path is too long. */
int playout_lock_path(const char *db, char *buf, size_t n);
/* Whether a daemon plays the station at db now: 1 (its PID in *pid, 0 when
 * unreadable), 0 when none does, -1 when it cannot be told (the lock file
 * cannot be read). */
int playout_running(const char *db, int64_t *pid);

/* What `loa run --check` found wrong. */
enum playout_problem_kind {
	PLAYOUT_CLIP_DAMAGED,    /* the clip's row names no valid library file */
	PLAYOUT_CLIP_MISSING,    /* its library file is missing */
	PLAYOUT_CLIP_UNREADABLE, /* its library file cannot be read (err) */
	PLAYOUT_OUTPUT,          /* the output does not open (detail) */
};

struct playout_problem {
	enum playout_problem_kind kind;
	int64_t clip_id;            /* the clip (clip problems) */
	char title[CLIP_TITLE_MAX]; /* its title, "" when unknown */
	char path[4096];            /* its library file, "" for a damaged row */
	int err;                    /* errno of the read test */
	int airings;                /* airings of the period that play it */
	int64_t first_ms;           /* the first of them: its planned start */
	int64_t first_slot_id;      /* and its slot */
	char detail[256];           /* the output's error (PLAYOUT_OUTPUT) */
};

struct playout_check {
	int plays;                 /* airings in the period that play something */
	int skipped;               /* airings in it that are skipped */
	int slots_enabled;         /* enabled slots in the station */
	int64_t ends_ms;           /* the last airing that plays, when nothing plays after the
	                              period (the schedule runs out), else 0 */
	int output_checked;        /* the output was tried */
	char device[256];          /* the device that opened, when it did */
	struct playout_problem *v; /* what is wrong, in the order found */
	int n;                     /* entries in v */
};

/*
 * `loa run --check`: builds the agenda of the next PLAYOUT_CHECK_DAYS days,
 * checks that every airing has something to play and that each clip's file
 * can be read (each clip once, with the airings it costs); with
 * check_output, that the output opens (when anything plays). Returns 0 and
 * fills out (free it with playout_check_free); -1 when the agenda cannot be
 * built, -2 when out of memory (both reported, out empty).
 */
int playout_check(struct store *s, const struct playout_config *c, int check_output,
                  struct playout_check *out);
void playout_check_free(struct playout_check *out);

#endif
