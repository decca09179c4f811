/*
 * daemon.c — `loa run`: sleep until the next airing, play it, log it, repeat.
 *
 * Shape (after Redis's ae.c and OpenBSD's ntpd): one loop, one poll(), one
 * absolute-time timer. Each turn of the loop re-plans from scratch — it
 * asks the agenda (agenda.c, the same code `loa agenda` prints) for the
 * airings not yet in the airing log and acts on the first one — so a
 * re-plan after an airing, a SIGHUP, a schedule edit or a clock step is
 * simply another turn. Nothing is cached here that could go stale.
 *
 * What wakes the loop, all in the one poll():
 *   - the timer (clock_timer_*: a timerfd on CLOCK_REALTIME, armed at an
 *     absolute instant with TFD_TIMER_CANCEL_ON_SET, so a step of the wall
 *     clock wakes us too); under a simulated clock arming jumps the clock;
 *   - a self-pipe written by the signal handlers, which otherwise only set
 *     volatile sig_atomic_t flags (SIGTERM/SIGINT stop, SIGHUP re-plans);
 *   - inotify on the database's folder: an edit by `loa slot ...` commits
 *     to the WAL file, which wakes us within milliseconds; PRAGMA
 *     data_version then tells another connection's commit from our own log
 *     writes, so our own writes never cause a re-plan;
 *   - the systemd watchdog, only when the unit sets WatchdogSec=.
 * While idle nothing else runs: no polling, no periodic tick.
 *
 * Exactly once: an airing is identified by (slot, nominal start), which is
 * the airing log's key; airlog_has() says whether it was handled, so a
 * restart never replays or double-logs, and airlog_recover() closes the row
 * a crash left open. After downtime, an airing whose time passed less than
 * max_lateness ago plays late (logged with its delay); older ones are
 * logged missed, never replayed in a burst.
 *
 * Faults are the airing's, never the daemon's: a missing or corrupt clip,
 * a device that does not open or disappears, a stalled write (the player's
 * watchdog) — each is logged as failed with the player's reason, the
 * player is recreated (PortAudio re-initialised, so a replugged device is
 * seen again) and the loop goes on to the next airing.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "loa/agenda.h"
#include "loa/airlog.h"
#include "loa/clip.h"
#include "loa/clock.h"
#include "loa/daemon.h"
#include "loa/hash.h"
#include "loa/hook.h"
#include "loa/i18n.h"
#include "loa/journal.h"
#include "loa/log.h"
#include "loa/player.h"
#include "loa/reason.h"
#include "loa/service.h"
#include "loa/store.h"
#include "loa/timeutil.h"

/* How far ahead one plan looks; beyond it agenda_next() finds the next. */
#define PLAN_AHEAD_MS 86400000LL
/* The longest player_run() step while on air: the log's played seconds,
 * a SIGTERM and an emergency are all looked at this often. */
#define TICK_MS 1000
/* An airing that starts this little after its instant is on time. */
#define LATE_GRACE_MS 1000
/* Back-off after the output failed: first retry, and the longest wait. */
#define RETRY_FIRST_MS 2000
#define RETRY_MAX_MS   60000

/* Set by the signal handlers; the loop acts on them. */
static volatile sig_atomic_t got_term; /* SIGTERM or SIGINT: stop (also the player's stop flag) */
static volatile sig_atomic_t got_hup;  /* SIGHUP: re-plan */
static int sig_pipe[2] = {-1, -1};     /* the handlers' wake-up for poll() */

struct daemon {
	const struct daemon_config *cfg; /* the settings */
	struct store *store;             /* the open station */
	const struct station *station;   /* its zone, for messages */
	struct player *player;           /* the output; recreated after a failure */
	int tfd;                         /* the wall-clock timer */
	int ifd;                         /* inotify on the database's folder, or -1 */
	char db_base[256];               /* the database's file name, for inotify */
	int64_t data_version;            /* PRAGMA data_version last seen */
	int changed;                     /* the schedule may have changed: re-plan */
	int64_t cursor_ms;               /* airings with a nominal start before this are handled */
	int64_t started_ms;              /* when this run began (for miss reasons) */
	int64_t watchdog_ms;             /* systemd watchdog interval, 0 for none */
	int64_t watchdog_next_ns;        /* monotonic time of the next ping */
	int on_air;                      /* the on-air hook ran and off-air has not */
	struct hook_runner hooks;        /* the amplifier commands, watched from the loop */
	int hook_timeout_ms;             /* theirs, capped below the systemd watchdog */
	int64_t last_end_ms;             /* when the last airing ended */
	int fail_count;                  /* output failures in a row (back-off) */
	int64_t retry_at_ms;             /* no new output attempt before this */
	int handled;                     /* airings handled (for --once) */
	struct clip clip;                /* the airing's clip, for the log's copies */
	struct {
		int64_t slot_id, start_ms;
	} recent[64]; /* airings handled lately: if the log could not
	                 be written (disk full), never handle one twice */
	int nrecent;  /* entries written to recent (mod 64) */
	int restart;  /* the sound device was lost mid-airing: re-exec */
	struct journal_key *jkeys;      /* airings in the journal, sorted: handled */
	size_t njkeys;                  /* entries in jkeys */
	int journal;                    /* the journal holds what the log does not yet */
	int64_t replay_next_ns;         /* monotonic time of the next attempt to replay it */
	struct {
		int64_t row;                 /* the open row whose close failed, 0 = none */
		enum airlog_status status;   /* how the airing ended */
		int64_t ended_ms;            /* when */
		double played_s;             /* seconds played */
		enum reason why;             /* why, REASON_NONE for completed */
		char detail[256];            /* and in words, "" for its code's */
	} unclosed[8]; /* rows whose close could not be written (disk full):
	                  retried before each airing and at exit, so a
	                  completed airing is never left "playing" (and later
	                  recovered as interrupted) once space returns */
};

static void
on_signal(int sig)
{
	int saved = errno;

	if (sig == SIGHUP)
		got_hup = 1;
	else
		got_term = 1;
	if (sig_pipe[1] >= 0)
		(void)!write(sig_pipe[1], "", 1);
	errno = saved;
}

void
daemon_config_init(struct daemon_config *c)
{
	memset(c, 0, sizeof *c);
	c->until_ms = INT64_MAX;
	c->max_lateness_ms = DAEMON_MAX_LATENESS_MS;
	c->on_air_lead_ms = DAEMON_ON_AIR_LEAD_MS;
	c->hook_gap_ms = DAEMON_HOOK_GAP_MS;
	c->hook_timeout_ms = DAEMON_HOOK_TIMEOUT_MS;
	c->lookback_ms = DAEMON_LOOKBACK_MS;
}

/* An instant for the journal: ISO 8601 in the station's zone. */
static const char *
when(const struct daemon *d, int64_t ms, char *buf, size_t n)
{
	return time_format_iso(ms, d->station->tz, buf, n);
}

static int
signals_setup(void)
{
	struct sigaction sa;

	if (pipe(sig_pipe) != 0)
		return error_errno(_("cannot create a pipe for signals"));
	for (int i = 0; i < 2; i++) {
		fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC);
		fcntl(sig_pipe[i], F_SETFL, O_NONBLOCK);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	return 0;
}

static void
signals_teardown(void)
{
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	for (int i = 0; i < 2; i++) {
		if (sig_pipe[i] >= 0)
			close(sig_pipe[i]);
		sig_pipe[i] = -1;
	}
}

/* Watches the database's folder so a commit by another process (its WAL
 * write) wakes the loop. A failure only costs the 1-second reaction to
 * edits (SIGHUP still works), so it is a warning. */
static void
watch_setup(struct daemon *d)
{
	const char *path = store_db_path(d->store), *slash = strrchr(path, '/');
	char dir[PATH_MAX];

	snprintf(d->db_base, sizeof d->db_base, "%s", slash ? slash + 1 : path);
	if (slash)
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	else
		snprintf(dir, sizeof dir, ".");
	if (!dir[0])
		snprintf(dir, sizeof dir, "/");
	d->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (d->ifd < 0 ||
	    inotify_add_watch(d->ifd, dir, IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) < 0) {
		log_warn(_("cannot watch the station's folder '%s' for schedule changes; send SIGHUP after "
		           "an edit"),
		         dir);
		if (d->ifd >= 0)
			close(d->ifd);
		d->ifd = -1;
	}
	d->data_version = store_data_version(d->store);
}

/* Reads pending inotify events; marks a re-plan when another connection
 * committed to the station (data_version moved), not for our own writes. */
static void
watch_read(struct daemon *d)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	size_t blen = strlen(d->db_base);
	int ours = 0;
	ssize_t n;

	while ((n = read(d->ifd, buf, sizeof buf)) > 0) {
		for (char *p = buf; p < buf + n;) {
			struct inotify_event *ev = (struct inotify_event *)p;
			if (ev->len && strncmp(ev->name, d->db_base, blen) == 0)
				ours = 1;
			p += sizeof *ev + ev->len;
		}
	}
	if (ours) {
		int64_t v = store_data_version(d->store);
		if (v != d->data_version) {
			d->data_version = v;
			d->changed = 1;
			log_debug("the station's database changed: re-planning");
		}
	}
}

/* Pings the systemd watchdog when due. */
static void
watchdog_kick(struct daemon *d)
{
	if (d->watchdog_ms <= 0)
		return;
	int64_t now = clock_mono_ns();
	if (now >= d->watchdog_next_ns) {
		service_watchdog();
		d->watchdog_next_ns = now + d->watchdog_ms * 1000000;
	}
}

/*
 * The one wait: until the wall clock reads wall_ms, or a signal, a commit
 * by another process, a clock step (each sets a flag the loop reads). A
 * wake-up that changes nothing — the watchdog ping, inotify seeing our own
 * log writes or a reader's — goes straight back to sleep without
 * re-planning. Only a systemd watchdog adds a timeout to poll().
 */
static void
wait_until(struct daemon *d, int64_t wall_ms)
{
	struct pollfd fds[4];
	int nfds, timeout, hook_ms, at_ifd;

	if (clock_timer_arm(d->tfd, wall_ms) != 0) {
		/* Cannot happen with a valid timerfd; do not spin. */
		clock_sleep_until_ms(wall_ms);
		return;
	}
	d->changed = 0;
	for (;;) {
		nfds = 0;
		timeout = -1;
		fds[nfds++] = (struct pollfd){d->tfd, POLLIN, 0};
		fds[nfds++] = (struct pollfd){sig_pipe[0], POLLIN, 0};
		at_ifd = nfds;
		if (d->ifd >= 0)
			fds[nfds++] = (struct pollfd){d->ifd, POLLIN, 0};
		if (d->watchdog_ms > 0) {
			int64_t left = (d->watchdog_next_ns - clock_mono_ns()) / 1000000;
			timeout = left < 0 ? 0 : left > INT_MAX ? INT_MAX : (int)left;
		}
		/* A hook's end or timeout wakes us too (hook_check below). */
		fds[nfds++] = (struct pollfd){hook_pollfd(&d->hooks), POLLIN, 0};
		if ((hook_ms = hook_poll_ms(&d->hooks)) >= 0 && (timeout < 0 || hook_ms < timeout))
			timeout = hook_ms;
		if (got_term || got_hup)
			timeout = 0;
		if (poll(fds, nfds, timeout) < 0 && errno != EINTR)
			log_warn("poll");
		watchdog_kick(d);
		hook_check(&d->hooks);
		if (fds[1].revents & POLLIN) {
			char b[64];
			while (read(sig_pipe[0], b, sizeof b) > 0)
				;
		}
		if (got_term)
			return;
		if (got_hup) {
			got_hup = 0;
			log_info(_("SIGHUP: re-reading the schedule"));
			agenda_cache_drop();
			return;
		}
		if (d->ifd >= 0 && (fds[at_ifd].revents & POLLIN)) {
			watch_read(d);
			if (d->changed)
				return;
		}
		if (fds[0].revents & POLLIN) {
			switch (clock_timer_read(d->tfd)) {
			case CLOCK_TIMER_STEPPED: {
				char b[40];
				log_info(_("the computer's clock was set (now %s): re-planning"),
				         when(d, clock_wall_ms(), b, sizeof b));
				return;
			}
			case CLOCK_TIMER_EXPIRED:
				return;
			case CLOCK_TIMER_NONE:
				break;
			}
		}
	}
}

/* A reason in the journal's language. */
static const char *
words(enum reason why)
{
	return reason_words(why, strcmp(i18n_language(), "vi") == 0);
}

/* Copies an agenda airing into what the airing log records. */
static void
airlog_fill(struct daemon *d, const struct airing *a, struct airlog_airing *out)
{
	memset(out, 0, sizeof *out);
	out->scheduled_ms = a->start_ms;
	out->slot_id = a->slot_id;
	out->tier = tier_name(a->tier);
	out->clip_id = a->clip_id;
	out->playlist = a->playlist;
	out->title = a->title;
	/* Copied now, so a later edit or removal of the clip never changes
	 * history. A playlist's topics are its items'. A clip removed since the
	 * agenda was built simply has none. */
	if (a->clip_id > 0 && clip_get(d->store, a->clip_id, &d->clip) == 0) {
		out->topic = d->clip.topic[0] ? d->clip.topic : NULL;
		out->sha256 = d->clip.sha256;
	}
	out->device = d->player ? player_device(d->player) : d->cfg->output;
}

/* Writes a closed row for an airing that did not start; 0, or -1 (a
 * warning in the journal). */
static int
record_row(struct daemon *d, const struct airing *a, enum airlog_status st, enum reason why, const char *detail)
{
	struct airlog_airing al;
	char b[40];

	airlog_fill(d, a, &al);
	if (airlog_record(d->store, &al, st, why, detail) == 0)
		return 0;
	log_warnx(_("cannot write the airing of slot %lld at %s to the airing log"), (long long)a->slot_id,
	          when(d, a->start_ms, b, sizeof b));
	return -1;
}

/* Logs a closed row for an airing that did not start, and says so. */
static void
record(struct daemon *d, const struct airing *a, enum airlog_status st, enum reason why, const char *detail)
{
	char b[40];

	if (record_row(d, a, st, why, detail) == 0)
		log_info(_("%s: %s (slot %lld) at %s: %s"), airlog_status_name(st), a->title ? a->title : "",
		         (long long)a->slot_id, when(d, a->start_ms, b, sizeof b), detail && *detail ? detail : words(why));
}

/* Moves the planning cursor past a handled airing. Anything not handled
 * yet starts no earlier than its planned instant minus the maximum
 * lateness (the agenda never delays an airing longer), so older nominal
 * starts need not be looked at again. */
static void
handled(struct daemon *d, const struct airing *a)
{
	int64_t lo = a->planned_ms - d->cfg->max_lateness_ms;

	if (lo > d->cursor_ms)
		d->cursor_ms = lo;
	d->recent[d->nrecent % 64].slot_id = a->slot_id;
	d->recent[d->nrecent % 64].start_ms = a->start_ms;
	d->nrecent++;
	d->handled++;
}

static int
recently_handled(const struct daemon *d, const struct airing *a)
{
	for (int i = 0; i < 64 && i < d->nrecent; i++)
		if (d->recent[i].slot_id == a->slot_id && d->recent[i].start_ms == a->start_ms)
			return 1;
	return 0;
}

static int
key_cmp(const void *x, const void *y)
{
	const struct journal_key *a = x, *b = y;

	if (a->slot_id != b->slot_id)
		return a->slot_id < b->slot_id ? -1 : 1;
	return a->scheduled_ms < b->scheduled_ms ? -1 : a->scheduled_ms > b->scheduled_ms;
}

/* Is the airing in the journal (played while the log could not take it)? */
static int
journaled(const struct daemon *d, const struct airing *a)
{
	struct journal_key k = {a->slot_id, a->start_ms};

	return d->njkeys && bsearch(&k, d->jkeys, d->njkeys, sizeof k, key_cmp) != NULL;
}

/* Reads which airings the journal holds (at start, when it could not be
 * replayed). */
static void
journal_load(struct daemon *d)
{
	free(d->jkeys);
	d->jkeys = NULL;
	d->njkeys = 0;
	if (journal_keys(store_db_path(d->store), &d->jkeys, &d->njkeys) != 0)
		return;
	qsort(d->jkeys, d->njkeys, sizeof *d->jkeys, key_cmp);
}

/* Adds an airing just kept in the journal to the handled ones. */
static void
journal_note(struct daemon *d, const struct airing *a)
{
	struct journal_key *v = realloc(d->jkeys, (d->njkeys + 1) * sizeof *v);

	d->journal = 1;
	if (!v)
		return; /* recent[] still covers it in this run */
	d->jkeys = v;
	d->jkeys[d->njkeys++] = (struct journal_key){a->slot_id, a->start_ms};
	qsort(d->jkeys, d->njkeys, sizeof *d->jkeys, key_cmp);
}

/*
 * Writes the journal into the airing log: at start, then at most once a
 * minute while it holds anything. A database opened read-only stays so
 * for this process's life (SQLite decides at open): once its files can be
 * written again, loa restarts itself in place to open it afresh.
 */
static void
journal_flush(struct daemon *d, int now)
{
	const char *db = store_db_path(d->store);
	int n;

	if (!d->journal || (!now && clock_mono_ns() < d->replay_next_ns))
		return;
	d->replay_next_ns = clock_mono_ns() + 60000000000LL;
	if (store_readonly(d->store)) {
		/* Never at start: a restart finding it still read-only would
		 * restart again at once. */
		if (!now && !clock_simulated() && store_unwritable(db, NULL, 0) == 0) {
			log_info(_("the station's database can be written again: loa restarts to write the airings kept aside"));
			d->restart = 1;
		}
		return;
	}
	if ((n = journal_replay(d->store, db)) < 0)
		return;
	if (n > 0)
		log_info(_("%d airing(s) kept aside while the airing log could not be written are in it now"), n);
	free(d->jkeys);
	d->jkeys = NULL;
	d->njkeys = 0;
	d->journal = 0;
}

/* Why a skipped airing is skipped. */
static enum reason
skip_why(const struct airing *a)
{
	return a->skip_code != REASON_NONE ? a->skip_code : a->nitems <= 0 ? REASON_NO_CLIP : REASON_OTHER;
}

/* Rows written per transaction while catching up. */
#define CATCH_UP_BATCH 256

/*
 * Logs every pending airing from `from` on whose time has passed — a skip
 * at its time, a miss beyond the lateness window — in one pass over the
 * agenda, committed in batches, and stops at the first airing to play or
 * to wait for. Linear in the airings, with the watchdog pinged between
 * batches, so a station back from weeks off is ready in seconds and
 * systemd never takes the catching up for a hang. One airing gets its own
 * journal line as before; more get one line in all.
 */
static void
catch_up(struct daemon *d, const struct agenda *ag, const struct airing *from, int64_t now)
{
	int64_t first = 0, last = 0, cursor = d->cursor_ms;
	int missed = 0, skipped = 0, lost = 0, batch = 0, tx, nrecent = d->nrecent;
	const struct airing *only = NULL;
	enum airlog_status only_st = AIRLOG_MISSED;
	enum reason only_why = REASON_NONE;
	const char *only_detail = NULL;
	char b1[40], b2[40];

	tx = store_begin(d->store) == 0;
	for (size_t i = (size_t)(from - ag->v); i < ag->n && !got_term; i++) {
		const struct airing *a = &ag->v[i];
		enum airlog_status st;
		enum reason why;
		const char *detail = NULL;
		int has;

		if (a->planned_ms >= d->cfg->until_ms || (has = airlog_has(d->store, a->slot_id, a->start_ms)) < 0)
			break;
		if (has || recently_handled(d, a) || journaled(d, a))
			continue;
		if (a->status == AIRING_SKIPPED || a->nitems <= 0) {
			/* At its time, or with the pre-roll of an airing right
			 * after it, so the skip never delays that one's start. */
			if (a->planned_ms - PLAYER_PREROLL_MS > now)
				break;
			st = AIRLOG_SKIPPED, why = skip_why(a), detail = a->skip_reason;
		} else if (now - a->planned_ms > d->cfg->max_lateness_ms) {
			st = AIRLOG_MISSED;
			why = a->planned_ms < d->started_ms ? REASON_MISSED_DOWNTIME : REASON_MISSED_BUSY;
			detail = why == REASON_MISSED_DOWNTIME ? "loa was not running at the time"
			                                       : "loa was busy or stalled at the time";
		} else {
			break;
		}
		if (record_row(d, a, st, why, detail) != 0)
			lost++;
		handled(d, a);
		*(st == AIRLOG_MISSED ? &missed : &skipped) += 1;
		if (!first)
			first = a->start_ms, only = a, only_st = st, only_why = why, only_detail = detail;
		last = a->start_ms;
		if (++batch % CATCH_UP_BATCH == 0) {
			if (tx && store_commit(d->store) != 0)
				break;
			tx = store_begin(d->store) == 0;
			cursor = d->cursor_ms, nrecent = d->nrecent;
			watchdog_kick(d);
		}
	}
	if (tx && store_commit(d->store) != 0) {
		/* None of the last batch is in the log: handle it again. */
		store_rollback(d->store);
		d->cursor_ms = cursor, d->nrecent = nrecent;
		log_warnx(_("cannot write the airing log; retrying"));
		return;
	}
	watchdog_kick(d);
	if (missed + skipped == 1 && !lost)
		log_info(_("%s: %s (slot %lld) at %s: %s"), airlog_status_name(only_st), only->title ? only->title : "",
		         (long long)only->slot_id, when(d, only->start_ms, b1, sizeof b1),
		         only_detail && *only_detail ? only_detail : words(only_why));
	else if (missed + skipped > 1)
		log_info(_("logged %d missed and %d skipped airing(s) scheduled from %s to %s"), missed, skipped,
		         when(d, first, b1, sizeof b1), when(d, last, b2, sizeof b2));
}

/* hook_wait()'s tick: feeds the systemd watchdog; ms until it is due. */
static int
hook_tick(void *arg)
{
	struct daemon *d = arg;

	watchdog_kick(d);
	if (d->watchdog_ms <= 0)
		return -1;
	int64_t left = (d->watchdog_next_ns - clock_mono_ns()) / 1000000;
	return left < 0 ? 0 : left > INT_MAX ? INT_MAX : (int)left;
}

/*
 * Starts an amplifier command and returns at once: the loop watches it
 * (wait_until, play) and stops it at its timeout, so a hung relay never
 * delays an airing nor starves the watchdog. The on-air command starts
 * --on-air-lead before the airing, which is its time to switch the
 * amplifier on; the airing starts at its instant whether it has finished
 * or not. Under a simulated clock, where the instant comes at once, the
 * command is waited for (to its timeout), as the lead's time would allow.
 */
static void
hook_start_daemon(struct daemon *d, char **argv, const char *event)
{
	hook_start(&d->hooks, argv, event, d->hook_timeout_ms);
	if (clock_simulated())
		hook_wait(&d->hooks, hook_tick, d);
}

static void
hook_on_air(struct daemon *d)
{
	if (d->on_air || !d->cfg->on_air_argv)
		return;
	log_info(_("amplifier on: running '%s'"), d->cfg->on_air_argv[0]);
	hook_start_daemon(d, d->cfg->on_air_argv, "on-air");
	d->on_air = 1;
}

static void
hook_off_air(struct daemon *d)
{
	if (!d->on_air)
		return;
	d->on_air = 0;
	if (!d->cfg->off_air_argv)
		return;
	log_info(_("amplifier off: running '%s'"), d->cfg->off_air_argv[0]);
	hook_start_daemon(d, d->cfg->off_air_argv, "off-air");
}

/* Recreates the player after an output failure (a new player re-opens
 * PortAudio, so a device plugged back in is seen) and backs off. */
static void
output_failed(struct daemon *d)
{
	int64_t wait = RETRY_FIRST_MS;

	for (int i = 1; i < d->fail_count && wait < RETRY_MAX_MS; i++)
		wait *= 2;
	if (wait > RETRY_MAX_MS)
		wait = RETRY_MAX_MS;
	d->fail_count++;
	d->retry_at_ms = clock_wall_ms() + wait;
	player_free(d->player);
	d->player = player_new(d->cfg->output);
}

/* Is an emergency airing due now that is not the one on air? Then the
 * current airing is cut (the agenda ranks emergency first). Airings that
 * take no time (skipped) may sit between the current one and the
 * emergency, so look at every airing due by now, a bounded few. */
static int
emergency_due(struct daemon *d, const struct airing *cur)
{
	int64_t after = cur->planned_ms + 1, now = clock_wall_ms();
	struct airing nx;
	int due = 0;

	for (int i = 0; i < 16 && !due; i++) {
		memset(&nx, 0, sizeof nx);
		if (agenda_next(d->store, after, &nx) != 1 || nx.planned_ms > now) {
			airing_clear(&nx);
			break;
		}
		if (nx.tier == TIER_EMERGENCY && nx.status != AIRING_SKIPPED && nx.slot_id != cur->slot_id &&
		    airlog_has(d->store, nx.slot_id, nx.start_ms) == 0) {
			log_info(_("emergency airing '%s' (slot %lld) cuts in"), nx.title ? nx.title : "",
			         (long long)nx.slot_id);
			due = 1;
		}
		after = nx.planned_ms + 1;
		airing_clear(&nx);
	}
	return due;
}

/*
 * Closes an airing's row; when that cannot be written (a full disk, an
 * I/O error), keeps what to write and retries it later (close_pending):
 * the airing was heard, and the log must say so once it can.
 */
static void
close_row(struct daemon *d, int64_t row, enum airlog_status status, int64_t ended, double played, enum reason why,
          const char *detail)
{
	if (row <= 0 || airlog_end(d->store, row, status, ended, played, why, detail) == 0)
		return;
	for (size_t i = 0; i < sizeof d->unclosed / sizeof d->unclosed[0]; i++) {
		if (d->unclosed[i].row)
			continue;
		d->unclosed[i].row = row;
		d->unclosed[i].status = status;
		d->unclosed[i].ended_ms = ended;
		d->unclosed[i].played_s = played;
		d->unclosed[i].why = why;
		snprintf(d->unclosed[i].detail, sizeof d->unclosed[i].detail, "%s", detail ? detail : "");
		log_warnx(_("cannot close the airing log row %lld; will retry"), (long long)row);
		return;
	}
}

/* Retries the closes that failed; returns how many are still pending.
 * At exit (aside set) one that still fails is kept in the journal for the
 * next start, and counts as pending only if that fails too. */
static int
close_pending(struct daemon *d, int aside)
{
	int left = 0;

	for (size_t i = 0; i < sizeof d->unclosed / sizeof d->unclosed[0]; i++) {
		const char *detail = *d->unclosed[i].detail ? d->unclosed[i].detail : NULL;
		if (!d->unclosed[i].row)
			continue;
		if (airlog_end(d->store, d->unclosed[i].row, d->unclosed[i].status, d->unclosed[i].ended_ms,
			       d->unclosed[i].played_s, d->unclosed[i].why, detail) == 0) {
			log_info(_("airing log row %lld closed after all"), (long long)d->unclosed[i].row);
			d->unclosed[i].row = 0;
		} else if (!aside || journal_append_close(store_db_path(d->store), d->unclosed[i].row,
		                                          d->unclosed[i].status, d->unclosed[i].ended_ms,
		                                          d->unclosed[i].played_s, d->unclosed[i].why, detail) != 0) {
			left++;
		}
	}
	return left;
}

/* Says, at start, when the station's files cannot be written, and how to
 * repair them: the airings still play, and are kept aside meanwhile. */
static void
warn_unwritable(struct daemon *d)
{
	const char *db = store_db_path(d->store);
	char names[2048], jp[PATH_MAX];

	if (store_unwritable(db, names, sizeof names) == 0) {
		if (!store_readonly(d->store))
			return;
		snprintf(names, sizeof names, "'%s'", db);
	}
	journal_path(db, jp, sizeof jp);
	log_warnx(_("the station's database cannot be written: %s; airings still play, and each is kept in '%s' "
	            "until the airing log can take it"),
	          names, jp);
	log_warnx(_("to repair it, let the user loa runs as write those files and their folder "
	            "(e.g. chown loa: and chmod u+rw on each); loa writes the kept airings as soon as it can"));
}

/* What an airing's items are, for their log rows: copied from the library
 * when the airing starts (a clip removed since the agenda was built keeps
 * its number and no title). */
struct item_log {
	char title[CLIP_TITLE_MAX];  /* the clip's title */
	char topic[CLIP_TITLE_MAX];  /* its topic, "" for none */
	char sha256[HASH_HEX_LEN + 1]; /* its file's SHA-256, "" when not known */
	struct airlog_clip c;        /* pointing into the above */
	int open;                    /* its log row is written, playing */
	int done;                    /* its log row is closed */
};

static struct item_log *
items_for_log(struct daemon *d, const struct airing *a)
{
	struct item_log *v = calloc((size_t)a->nitems, sizeof *v);

	for (int i = 0; v && i < a->nitems; i++) {
		struct item_log *it = &v[i];
		if (clip_get(d->store, a->items[i].clip_id, &d->clip) == 0) {
			snprintf(it->title, sizeof it->title, "%s", d->clip.title);
			snprintf(it->topic, sizeof it->topic, "%s", d->clip.topic);
			snprintf(it->sha256, sizeof it->sha256, "%s", d->clip.sha256);
		} else {
			snprintf(it->title, sizeof it->title, _("clip %lld"), (long long)a->items[i].clip_id);
		}
		it->c = (struct airlog_clip){.clip_id = a->items[i].clip_id,
		                             .title = it->title,
		                             .topic = *it->topic ? it->topic : NULL,
		                             .sha256 = *it->sha256 ? it->sha256 : NULL};
	}
	return v;
}

/* A sentence of detail for an item's reason: its title, never a path. */
static const char *
item_detail(const struct item_log *it, enum reason why, char *buf, size_t n)
{
	snprintf(buf, n, "%s: '%.300s' (clip %lld)", reason_words(why, 0), it->title, (long long)it->c.clip_id);
	return buf;
}

/*
 * Brings the item rows of an airing up to what the output has played:
 * each item whose turn came is written as playing, each that is over is
 * closed (completed, or failed part way), and one that never played at its
 * turn (skipped, or its file missing or damaged) is recorded as such. With
 * cut set (the airing ended early), the item on air is closed with cut's
 * status and reason. Returns the position of the item on air, 0 for none.
 */
static int
sync_items(struct daemon *d, const struct airing *a, struct item_log *v, int64_t row, int64_t started,
           enum airlog_status cut, enum reason why, const char *detail)
{
	struct player_item_status is;
	int on_air = 0;
	char b[512];

	for (int i = 0; i < a->nitems && row > 0; i++) {
		struct item_log *it = &v[i];
		if (it->done)
			continue;
		if (player_item(d->player, i, &is) != 0 || is.state == PLAYER_ITEM_PENDING)
			break;
		if (is.state == PLAYER_ITEM_DONE && is.why != REASON_NONE && is.played_s <= 0 && !it->open) {
			enum airlog_status st = reason_planned(is.why) ? AIRLOG_SKIPPED : AIRLOG_FAILED;
			airlog_item_record(d->store, row, i + 1, &it->c, st, is.why, item_detail(it, is.why, b, sizeof b));
			log_warnx(_("%s in '%s' (slot %lld): %s"), st == AIRLOG_SKIPPED ? _("skipped") : _("failed"),
			          a->title, (long long)a->slot_id, item_detail(it, is.why, b, sizeof b));
			it->done = 1;
			continue;
		}
		if (!it->open) {
			airlog_item_begin(d->store, row, i + 1, &it->c, started + (int64_t)llround(is.start_s * 1000));
			it->open = 1;
		}
		if (is.state == PLAYER_ITEM_DONE) {
			if (is.why == REASON_NONE) {
				airlog_item_end(d->store, row, i + 1, AIRLOG_COMPLETED, is.played_s, REASON_NONE, NULL);
			} else {
				airlog_item_end(d->store, row, i + 1, AIRLOG_FAILED, is.played_s, is.why,
				                item_detail(it, is.why, b, sizeof b));
				log_warnx(_("failed in '%s' (slot %lld) after %.1f s: %s"), a->title, (long long)a->slot_id,
				          is.played_s, item_detail(it, is.why, b, sizeof b));
			}
			it->done = 1;
			continue;
		}
		on_air = i + 1;
		if (cut != AIRLOG_PLAYING) {
			airlog_item_end(d->store, row, i + 1, cut, is.played_s, why, detail);
			it->done = 1;
			on_air = 0;
		}
		break;
	}
	return on_air;
}

/*
 * Keeps an airing that played (or failed) without its log row in the
 * journal beside the database, with each item as far as the player took
 * it, so that the log gets it later and the airing never plays twice.
 * unplayable: none of it could start (each item recorded with its reason,
 * why for those without one).
 */
static void
keep_aside(struct daemon *d, const struct airing *a, const struct item_log *ilog, int64_t started, int64_t ended,
           int64_t late, double played, enum airlog_status st, enum reason why, const char *detail, int unplayable)
{
	struct journal_item items[a->nitems > 0 ? a->nitems : 1];
	struct journal_airing j = {0};
	struct player_item_status is;
	char b[40], path[4096];
	int n = 0;

	for (int i = 0; i < a->nitems; i++) {
		int known = player_item(d->player, i, &is) == 0;
		struct journal_item *it = &items[n];
		if (!unplayable && (!known || is.state == PLAYER_ITEM_PENDING))
			break;
		memset(it, 0, sizeof *it);
		it->c = ilog[i].c;
		n++;
		if (unplayable || (is.state == PLAYER_ITEM_DONE && is.why != REASON_NONE && is.played_s <= 0)) {
			it->why = known && is.why != REASON_NONE ? is.why : why;
			it->status = reason_planned(it->why) ? AIRLOG_SKIPPED : AIRLOG_FAILED;
			it->started_ms = AIRLOG_NONE;
			continue;
		}
		it->started_ms = started + (int64_t)llround(is.start_s * 1000);
		it->played_s = is.played_s;
		if (is.state == PLAYER_ITEM_DONE) {
			it->status = is.why == REASON_NONE ? AIRLOG_COMPLETED : AIRLOG_FAILED;
			it->why = is.why;
		} else {
			it->status = st, it->why = why, it->detail = detail; /* on air when it was cut */
		}
	}
	airlog_fill(d, a, &j.a);
	j.started_ms = started, j.ended_ms = ended, j.late_ms = late, j.played_s = played;
	j.status = st, j.why = why, j.detail = detail;
	j.nitems = n, j.items = items;
	journal_path(store_db_path(d->store), path, sizeof path);
	if (journal_append(store_db_path(d->store), &j) != 0) {
		log_warnx(_("the airing of slot %lld at %s is in no log: neither the database nor '%s' can be written"),
		          (long long)a->slot_id, when(d, a->start_ms, b, sizeof b), path);
		return;
	}
	journal_note(d, a);
	log_warnx(_("the airing log cannot be written: the airing of slot %lld at %s is kept in '%s' until it can"),
	          (long long)a->slot_id, when(d, a->start_ms, b, sizeof b), path);
}

/* The first item that failed (not skipped), or -1. */
static int
first_failed(const struct daemon *d, const struct airing *a)
{
	struct player_item_status is;

	for (int i = 0; i < a->nitems; i++)
		if (player_item(d->player, i, &is) == 0 && is.state == PLAYER_ITEM_DONE && is.why != REASON_NONE &&
		    !reason_planned(is.why))
			return i;
	return -1;
}

/* Logs a programme none of whose items could play: a row with each item
 * as failed or skipped, closed as failed. */
static void
record_unplayable(struct daemon *d, const struct airing *a, struct item_log *v)
{
	struct player_item_status is;
	struct airlog_airing al;
	enum reason why = player_error_reason(d->player);
	char b[512], w[40];
	int64_t row;
	int first = -1;

	airlog_fill(d, a, &al);
	if ((row = airlog_begin(d->store, &al, AIRLOG_NONE, 0)) <= 0) {
		keep_aside(d, a, v, AIRLOG_NONE, AIRLOG_NONE, 0, 0, AIRLOG_FAILED, why, NULL, 1);
		return;
	}
	for (int i = 0; i < a->nitems; i++) {
		enum reason iw = player_item(d->player, i, &is) == 0 && is.why != REASON_NONE ? is.why : why;
		if (first < 0 && !reason_planned(iw))
			first = i;
		airlog_item_record(d->store, row, i + 1, &v[i].c, reason_planned(iw) ? AIRLOG_SKIPPED : AIRLOG_FAILED, iw,
		                   item_detail(&v[i], iw, b, sizeof b));
	}
	if (first < 0)
		first = 0;
	item_detail(&v[first], why, b, sizeof b);
	close_row(d, row, AIRLOG_FAILED, AIRLOG_NONE, 0, why, b);
	log_warnx(_("%s: %s (slot %lld) at %s: %s"), airlog_status_name(AIRLOG_FAILED), a->title ? a->title : "",
	          (long long)a->slot_id, when(d, a->start_ms, w, sizeof w), b);
}

/* Handles one airing that is due to play now (late or on time). */
static void
play(struct daemon *d, const struct airing *a)
{
	struct player_item items[a->nitems > 0 ? a->nitems : 1];
	struct item_log *ilog;
	struct airlog_airing al;
	enum player_status st;
	int64_t start, now = clock_wall_ms(), started, late, row, next_progress;
	enum reason why = REASON_NONE;
	const char *detail = NULL;
	char b[40], fb[512];
	int untimed, sim = clock_simulated(), on_air = 0, bad;

	if (a->nitems <= 0) {
		record(d, a, AIRLOG_SKIPPED, REASON_NO_CLIP, NULL);
		return;
	}
	for (int i = 0; i < a->nitems; i++)
		items[i] = (struct player_item){a->items[i].path, a->items[i].gain_db, a->items[i].clip_id, a->items[i].skip};
	if (!d->player && !(d->player = player_new(d->cfg->output))) {
		record(d, a, AIRLOG_FAILED, REASON_OUTPUT_ERROR, "the output could not be created");
		return;
	}
	if (!(ilog = items_for_log(d, a))) {
		record(d, a, AIRLOG_FAILED, REASON_OUT_OF_MEMORY, NULL);
		return;
	}
	untimed = player_untimed(d->player);
	hook_on_air(d);
	start = a->planned_ms > now ? a->planned_ms : now;
	service_status("on air: %s (slot %lld)", a->title ? a->title : "", (long long)a->slot_id);
	if (player_prepare(d->player, items, a->nitems, start) != 0) {
		why = player_error_reason(d->player);
		if (why == REASON_CLIP_MISSING || why == REASON_CLIP_CORRUPT || reason_planned(why)) {
			/* No item could play: the programme failed, each item
			 * logged with its own reason. The output is fine. */
			record_unplayable(d, a, ilog);
		} else {
			log_warnx(_("cannot play '%s' (slot %lld) at %s: %s"), a->title ? a->title : "",
			          (long long)a->slot_id, when(d, a->start_ms, b, sizeof b), player_error(d->player));
			record(d, a, AIRLOG_FAILED, why, player_error(d->player));
			output_failed(d);
		}
		free(ilog);
		return;
	}
	/* Pre-roll until the instant; under a simulated clock jump to it. */
	st = PLAYER_RUNNING;
	if (sim)
		clock_sleep_until_ms(start);
	else if (!untimed)
		while (st == PLAYER_RUNNING && clock_wall_ms() < start) {
			int64_t until = clock_wall_ms() + TICK_MS;
			st = player_run(d->player, until < start ? until : start, &got_term);
			watchdog_kick(d);
			hook_check(&d->hooks); /* a hook's timeout falls due in the pre-roll too */
		}
	started = player_started_ms(d->player);
	if (started <= 0)
		started = start > clock_wall_ms() ? start : clock_wall_ms();
	/* Late: delayed by an overlap (as the agenda shows), or started past
	 * its instant (after downtime, a failed output's back-off). */
	late = started - a->start_ms;
	if (late < 0 || (a->status != AIRING_DELAYED && late <= LATE_GRACE_MS))
		late = 0;
	airlog_fill(d, a, &al);
	close_pending(d, 0);
	row = airlog_begin(d->store, &al, started, late);
	if (row <= 0)
		log_warnx(_("cannot open the airing log row for slot %lld; playing anyway (kept in the journal)"),
		          (long long)a->slot_id);
	if (late)
		log_info(_("on air %llds late: %s (slot %lld, scheduled %s)"), (long long)(late / 1000),
		         a->title ? a->title : "", (long long)a->slot_id, when(d, a->start_ms, b, sizeof b));
	else
		log_info(_("on air: %s (slot %lld) at %s"), a->title ? a->title : "", (long long)a->slot_id,
		         when(d, started, b, sizeof b));
	next_progress = clock_mono_ns() + 2000000000LL;
	while (st == PLAYER_RUNNING) {
		int64_t until = clock_wall_ms() + TICK_MS;
		if (until > d->cfg->until_ms)
			until = d->cfg->until_ms;
		st = player_run(d->player, until, &got_term);
		if (sim || untimed) {
			/* An untimed output renders at once: the airing's
			 * time is what it played. */
			int64_t at = started + (int64_t)(player_played_s(d->player) * 1000);
			if (sim)
				clock_sleep_until_ms(at);
		}
		watchdog_kick(d);
		hook_check(&d->hooks);
		on_air = sync_items(d, a, ilog, row, started, AIRLOG_PLAYING, REASON_NONE, NULL);
		if (row > 0 && clock_mono_ns() >= next_progress) {
			struct player_item_status is;
			double item_played = on_air && player_item(d->player, on_air - 1, &is) == 0 ? is.played_s : 0;
			airlog_progress(d->store, row, player_played_s(d->player), on_air, item_played);
			next_progress = clock_mono_ns() + 2000000000LL;
		}
		if (st != PLAYER_RUNNING)
			break;
		if (got_term) {
			st = PLAYER_STOPPED;
			break;
		}
		if (clock_wall_ms() >= d->cfg->until_ms) {
			why = REASON_INTERRUPTED_STOP;
			detail = "loa run --until was reached";
			st = PLAYER_STOPPED;
			break;
		}
		/* Cheap: drain inotify; agenda_next is a cached search that
		 * sees another process's commit (data_version). */
		if (d->ifd >= 0)
			watch_read(d);
		if (emergency_due(d, a)) {
			why = REASON_INTERRUPTED_EMERGENCY;
			st = PLAYER_STOPPED;
			break;
		}
	}
	if (st == PLAYER_STOPPED) {
		if (why == REASON_NONE) {
			why = REASON_INTERRUPTED_STOP;
			detail = got_term ? "loa was stopped (SIGTERM)" : "stopped";
		}
		player_stop(d->player, PLAYER_FADE_MS);
	}
	enum airlog_status final = AIRLOG_FAILED;
	double played = player_played_s(d->player);
	/* Untimed or simulated, the airing lasted what it played. */
	int64_t ended = untimed || sim ? started + (int64_t)(played * 1000) : clock_wall_ms();
	if (st == PLAYER_DONE) {
		sync_items(d, a, ilog, row, started, AIRLOG_PLAYING, REASON_NONE, NULL);
		if ((bad = first_failed(d, a)) >= 0) {
			struct player_item_status is;
			player_item(d->player, bad, &is);
			close_row(d, row, AIRLOG_PARTIAL, ended, played, is.why, item_detail(&ilog[bad], is.why, fb, sizeof fb));
			final = AIRLOG_PARTIAL, why = is.why, detail = fb;
			log_info(_("partly aired: %s (slot %lld), %.1f s: %s"), a->title ? a->title : "",
			         (long long)a->slot_id, played, fb);
		} else {
			close_row(d, row, AIRLOG_COMPLETED, ended, played, REASON_NONE, NULL);
			final = AIRLOG_COMPLETED;
			log_info(_("completed: %s (slot %lld), %.1f s"), a->title ? a->title : "", (long long)a->slot_id,
			         played);
		}
		d->fail_count = 0;
	} else if (st == PLAYER_STOPPED) {
		sync_items(d, a, ilog, row, started, AIRLOG_INTERRUPTED, why, detail);
		close_row(d, row, AIRLOG_INTERRUPTED, ended, played, why, detail);
		final = AIRLOG_INTERRUPTED;
		log_info(_("interrupted: %s (slot %lld) after %.1f s: %s"), a->title ? a->title : "",
		         (long long)a->slot_id, played, detail ? detail : words(why));
	} else {
		why = player_error_reason(d->player);
		detail = player_error(d->player);
		if (!detail || !*detail)
			detail = "the output failed";
		sync_items(d, a, ilog, row, started, AIRLOG_FAILED, why, detail);
		close_row(d, row, AIRLOG_FAILED, ended, played, why, detail);
		final = AIRLOG_FAILED;
		log_warnx(_("failed: %s (slot %lld) after %.1f s: %s"), a->title ? a->title : "",
		          (long long)a->slot_id, played, detail);
		output_failed(d);
		/* A sound device lost mid-airing can leave the audio library
		 * stuck inside this process (PortAudio's JACK and ALSA
		 * back-ends may hang in their teardown): a fresh process
		 * image is the one sure reset. The file and null outputs are
		 * ours and never need it. */
		if (!d->cfg->output || (strncmp(d->cfg->output, "file:", 5) != 0 &&
		                        strncmp(d->cfg->output, "null", 4) != 0))
			d->restart = 1;
	}
	if (row <= 0)
		keep_aside(d, a, ilog, started, ended, late, played, final, why, detail, 0);
	free(ilog);
	d->last_end_ms = ended;
	service_status("idle");
}

/* The first airing in ag not yet in the airing log, and the first of
 * those that plays (for the amplifier); NULL when none. -1 on error. */
static int
pending(struct daemon *d, const struct agenda *ag, const struct airing **first,
        const struct airing **play_first)
{
	*first = *play_first = NULL;
	for (size_t i = 0; i < ag->n; i++) {
		const struct airing *a = &ag->v[i];
		if (a->planned_ms >= d->cfg->until_ms)
			break;
		int has = airlog_has(d->store, a->slot_id, a->start_ms);
		if (has < 0)
			return -1;
		if (!has && (recently_handled(d, a) || journaled(d, a)))
			has = 1;
		if (has)
			continue;
		if (!*first)
			*first = a;
		if (a->status != AIRING_SKIPPED && a->nitems > 0) {
			*play_first = a;
			break;
		}
	}
	return 0;
}

/*
 * One turn of the loop: plan, then either act on the first pending airing
 * (log a skip or a miss, play) or wait for its time. Returns 0 to go on,
 * 1 when --once is done, -1 when the agenda cannot be read (retried after
 * a back-off by the caller).
 */
static int
turn(struct daemon *d)
{
	struct agenda ag = {NULL, 0};
	const struct airing *a, *p;
	int64_t now = clock_wall_ms(), wake = d->cfg->until_ms;
	char b[40];
	int rc = 0;

	journal_flush(d, 0);
	if (d->restart)
		return 0;
	if (agenda_build(d->store, d->cursor_ms, now + PLAN_AHEAD_MS, &ag) != 0 ||
	    pending(d, &ag, &a, &p) != 0) {
		agenda_free(&ag);
		return -1;
	}
	d->changed = 0;
	/* The amplifier: off when nothing plays within the shared gap. */
	if (d->on_air && (!p || p->planned_ms - d->cfg->on_air_lead_ms - now > d->cfg->hook_gap_ms))
		hook_off_air(d);
	if (!a) {
		/* Nothing pending within a day: find the next airing at all. */
		struct airing nx;
		memset(&nx, 0, sizeof nx);
		if (agenda_next(d->store, now + PLAN_AHEAD_MS, &nx) == 1 && nx.planned_ms < wake)
			wake = nx.planned_ms - PLAN_AHEAD_MS / 2;
		airing_clear(&nx);
		service_status("idle, nothing scheduled in the next 24 hours");
		agenda_free(&ag);
		wait_until(d, wake);
		return 0;
	}
	if (a->status == AIRING_SKIPPED || a->nitems <= 0 ? a->planned_ms - PLAYER_PREROLL_MS <= now
	                                                  : now - a->planned_ms > d->cfg->max_lateness_ms) {
		catch_up(d, &ag, a, now);
		goto done;
	}
	if (a->status == AIRING_SKIPPED || a->nitems <= 0) {
		wake = a->planned_ms - PLAYER_PREROLL_MS;
	} else {
		int64_t preroll = d->player && player_untimed(d->player) ? 0 : PLAYER_PREROLL_MS;
		int64_t at = a->planned_ms - preroll;
		if (d->retry_at_ms > at && d->retry_at_ms < a->planned_ms)
			at = d->retry_at_ms; /* back-off: still on air, late pre-roll */
		if (now >= at) {
			play(d, a);
			handled(d, a);
			if (d->cfg->once)
				rc = 1;
			goto done;
		}
		wake = at;
		if (d->cfg->on_air_argv && !d->on_air && a->planned_ms - d->cfg->on_air_lead_ms < wake) {
			int64_t hook_at = a->planned_ms - d->cfg->on_air_lead_ms;
			if (now >= hook_at)
				hook_on_air(d);
			else
				wake = hook_at;
		}
	}
	if (wake > d->cfg->until_ms)
		wake = d->cfg->until_ms;
	service_status("next: %s (slot %lld) at %s", a->title ? a->title : "", (long long)a->slot_id,
	               when(d, a->planned_ms, b, sizeof b));
	agenda_free(&ag);
	wait_until(d, wake);
	return 0;
done:
	agenda_free(&ag);
	return rc;
}

/* Replaces this process with a fresh `loa` run with the same arguments
 * (same PID, so systemd and the airing log see one daemon). Returns only
 * when the exec failed (logged). */
static void
reexec(void)
{
	char buf[8192], *argv[256];
	int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC), n = 0;
	ssize_t len = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;

	if (fd >= 0)
		close(fd);
	if (len <= 0) {
		log_warn(_("cannot read this process's command line to restart"));
		return;
	}
	buf[len] = '\0';
	for (char *p = buf; p < buf + len && n < 255; p += strlen(p) + 1)
		argv[n++] = p;
	argv[n] = NULL;
	log_warnx(_("the sound device was lost during an airing: restarting loa to reset the sound system"));
	signals_teardown();
	execv("/proc/self/exe", argv);
	log_warn(_("cannot restart loa"));
}

/*
 * One daemon per station: two would both play every airing (the store
 * refuses the second row, but not the second sound). The lock is an flock
 * on <database>-daemon.lock, held for the process's life, so the kernel
 * drops it when the process dies however it dies; the file holds the PID
 * of its holder for the message. The descriptor is closed on exec: a
 * daemon that restarts itself in place takes the lock again.
 */
static int
lock_station(const struct store *s)
{
	char path[PATH_MAX], pid[32] = "";
	int fd, n;

	if (snprintf(path, sizeof path, "%s-daemon.lock", store_db_path(s)) >= (int)sizeof path)
		return error(_("the station's path is too long: '%s'"), store_db_path(s));
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644)) < 0 &&
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
		/* A station in a folder loa may not write: the broadcast still
		 * goes out, unguarded, rather than not at all. */
		log_warn(_("cannot take the daemon's lock file '%s': %s; make sure only one 'loa run' plays this station"),
		         path, strerror(errno));
		return INT_MAX;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		n = (int)pread(fd, pid, sizeof pid - 1, 0);
		pid[n > 0 ? n : 0] = 0;
		pid[strcspn(pid, "\n")] = 0;
		close(fd);
		error(_("another 'loa run' (PID %s) is already playing this station: '%s'"), *pid ? pid : "?",
		      store_db_path(s));
		hint(_("stop it first (systemctl stop loa, or kill %s); one station has one daemon"), *pid ? pid : "PID");
		return -1;
	}
	n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n)
		log_warn(_("cannot write the PID to the lock file '%s'"), path);
	return fd;
}

int
daemon_run(struct store *s, const struct station *st, const struct daemon_config *c)
{
	struct daemon d;
	char b[40];
	int n, rc = 0, errs = 0, lock;

	memset(&d, 0, sizeof d);
	d.cfg = c;
	d.store = s;
	d.station = st;
	d.ifd = -1;
	hook_runner_init(&d.hooks);
	d.started_ms = clock_wall_ms();
	agenda_set_max_lateness_ms(c->max_lateness_ms);
	if ((lock = lock_station(s)) < 0)
		return -1;
	if ((d.tfd = clock_timer_open()) < 0 || signals_setup() != 0) {
		if (d.tfd >= 0)
			close(d.tfd);
		if (lock != INT_MAX)
			close(lock);
		return -1;
	}
	/* What the log could not take last time goes in first (a close kept
	 * aside must find its row still open), then a row left "playing" by a
	 * crash or power cut is closed. */
	warn_unwritable(&d);
	{
		char jp[PATH_MAX];
		d.journal = journal_path(store_db_path(s), jp, sizeof jp) == 0 && access(jp, F_OK) == 0;
	}
	journal_flush(&d, 1);
	if (d.journal)
		journal_load(&d);
	if ((n = airlog_recover(s, d.started_ms)) < 0) {
		rc = error(_("cannot read the airing log of '%s'"), store_db_path(s));
		hint(_("run 'loa log verify' to check the station's database"));
		goto out;
	}
	if (n > 0)
		log_info(_("closed %d airing(s) left open by a crash as interrupted"), n);
	/* Misses are logged back to the look-back limit, never before the
	 * station existed; but a clock that was ahead when the station was made
	 * (and was then corrected) must not silence the airings still to come:
	 * the cursor never starts after now. */
	d.cursor_ms = d.started_ms - c->lookback_ms;
	if (st->created_ms > d.cursor_ms)
		d.cursor_ms = st->created_ms < d.started_ms ? st->created_ms : d.started_ms;
	d.player = player_new(c->output);
	if (!d.player) {
		rc = error(_("cannot create the output '%s'"), c->output ? c->output : "default");
		goto out;
	}
	watch_setup(&d);
	d.watchdog_ms = service_watchdog_ms();
	d.watchdog_next_ns = clock_mono_ns() + d.watchdog_ms * 1000000;
	/* A hook never blocks the loop, but the last one is waited for at
	 * exit: it must end (or be stopped) well within systemd's watchdog. */
	d.hook_timeout_ms = c->hook_timeout_ms;
	if (d.watchdog_ms > 0 && d.hook_timeout_ms > d.watchdog_ms) {
		d.hook_timeout_ms = (int)d.watchdog_ms;
		log_warnx(_("the hook timeout of %.1f s is longer than half of systemd's watchdog "
		            "(WatchdogSec=%.1f s): a hook is stopped after %.1f s"),
		          c->hook_timeout_ms / 1000.0, d.watchdog_ms * 2 / 1000.0,
		          d.hook_timeout_ms / 1000.0);
	}
	log_info(_("loa run: station '%s', output %s, now %s"), st->name, player_device(d.player),
	         when(&d, d.started_ms, b, sizeof b));
	service_ready();
	while (!got_term && clock_wall_ms() < c->until_ms) {
		int r = turn(&d);
		if (r == 1 || d.restart)
			break;
		if (r < 0) {
			/* The database is locked or broken: back off, never spin. */
			int64_t wait = errs < 5 ? 1000LL << errs : 60000;
			errs++;
			log_warnx(_("cannot read the schedule; retrying in %lld s"),
			          (long long)(wait / 1000));
			wait_until(&d, clock_wall_ms() + wait);
		} else {
			errs = 0;
		}
	}
	if (!d.restart)
		service_stopping();
	if (close_pending(&d, 1))
		log_warnx(_("some airing log rows could not be closed; the next start closes them as interrupted"));
	hook_off_air(&d);
	hook_wait(&d.hooks, hook_tick, &d); /* the amplifier is off before loa exits */
	if (d.restart) {
		player_free(d.player);
		d.player = NULL;
		reexec();
		rc = -1; /* exec failed (logged): exit 1, systemd restarts us */
		goto out;
	}
	log_info(_("loa run stops: %s"), got_term  ? _("signal")
	                                 : c->once ? _("one airing done")
	                                           : _("--until reached"));
out:
	player_free(d.player);
	if (d.ifd >= 0)
		close(d.ifd);
	close(d.tfd);
	if (lock != INT_MAX)
		close(lock);
	free(d.jkeys);
	signals_teardown();
	got_term = got_hup = 0;
	return rc;
}

/* A clip of the week's agenda whose library file cannot be read, for
 * `loa run --check`: said once, with how many airings need it. */
struct check_clip {
	int64_t clip_id;            /* the clip */
	const char *path;           /* its library file ("" for a damaged row) */
	int err;                    /* errno of the read test, 0 when it reads */
	int airings;                /* airings of the week that play it */
	const struct airing *first; /* the first of them */
};

/* Says what is wrong with one clip, which airings it costs, and what to do. */
static void
check_clip_report(struct store *s, const struct station *st, const struct check_clip *k)
{
	struct clip *c = malloc(sizeof *c);
	const char *title = c && clip_get(s, k->clip_id, c) == 0 ? c->title : "";
	char b[40];

	if (!*k->path)
		error(_("clip %lld '%s' has no valid library file in the database (its SHA-256 or format is "
		        "damaged)"),
		      (long long)k->clip_id, title);
	else if (k->err == ENOENT || k->err == ENOTDIR)
		error(_("the library file of clip %lld '%s' is missing: '%s'"), (long long)k->clip_id, title,
		      k->path);
	else
		error(_("cannot read the library file of clip %lld '%s': %s: '%s'"), (long long)k->clip_id,
		      title, strerror(k->err), k->path);
	hint(_("%d airing(s) in the next 7 days would fail or lose this clip, the first at %s (slot %lld)"),
	     k->airings, time_format_iso(k->first->planned_ms, st->tz, b, sizeof b),
	     (long long)k->first->slot_id);
	if (!*k->path)
		hint(_("remove it with 'loa clip rm %lld --force', then add its audio file again with 'loa "
		       "clip add FILE'"),
		     (long long)k->clip_id);
	else if (k->err == ENOENT || k->err == ENOTDIR)
		hint(_("add its audio file again with 'loa clip add FILE': it comes back as clip %lld"),
		     (long long)k->clip_id);
	else
		hint(_("let the user who runs loa read that file, or add its audio file again with 'loa clip "
		       "add FILE'"));
	free(c);
}

int
daemon_check(struct store *s, const struct station *st, const struct daemon_config *c, int check_device)
{
	struct agenda ag = {NULL, 0};
	struct check_clip *seen = NULL;
	int64_t now = clock_wall_ms();
	int problems = 0, plays = 0, skipped = 0, nseen = 0, cap = 0;

	agenda_set_max_lateness_ms(c->max_lateness_ms);
	if (agenda_build(s, now, now + 7 * 86400000LL, &ag) != 0) {
		hint(_("fix the slot named above with 'loa slot edit', then run 'loa run --check' again"));
		return 1;
	}
	/* Each clip is tested once; the week's airings are counted against it. */
	for (size_t i = 0; i < ag.n; i++) {
		const struct airing *a = &ag.v[i];
		if (a->status == AIRING_SKIPPED || a->nitems <= 0) {
			skipped++;
			continue;
		}
		plays++;
		for (int j = 0; j < a->nitems; j++) {
			int k;
			for (k = 0; k < nseen && seen[k].clip_id != a->items[j].clip_id; k++)
				;
			if (k == nseen) {
				if (nseen == cap) {
					struct check_clip *more =
					    realloc(seen, (size_t)(cap ? cap * 2 : 16) * sizeof *more);
					if (!more) {
						free(seen);
						agenda_free(&ag);
						return error(_("out of memory")), 1;
					}
					seen = more;
					cap = cap ? cap * 2 : 16;
				}
				seen[nseen++] = (struct check_clip){
				    a->items[j].clip_id, a->items[j].path,
				    access(a->items[j].path, R_OK) == 0 ? 0 : errno, 0, a};
			}
			seen[k].airings++;
		}
	}
	for (int k = 0; k < nseen; k++) {
		if (seen[k].err) {
			check_clip_report(s, st, &seen[k]);
			problems++;
		}
	}
	free(seen);
	printf(_("station '%s': %d airing(s) in the next 7 days, %d skipped\n"), st->name, plays, skipped);
	if (ag.n == 0)
		printf(_("nothing is scheduled: add slots with 'loa slot add'\n"));
	if (check_device && plays > 0) {
		/* The output alone, with no clip: a missing clip is said above,
		 * never blamed on the device. */
		struct player *p = player_new(c->output);
		if (!p || player_check_output(p) != 0) {
			error(_("the output does not open: %s: '%s'"),
			      p ? player_error(p) : _("out of memory"), c->output ? c->output : "default");
			hint(_("run 'loa devices' to list outputs, then 'loa run --device NAME'"));
			problems++;
		} else {
			printf(_("output %s opens\n"), player_device(p));
		}
		player_free(p);
	}
	agenda_free(&ag);
	if (problems)
		hint(_("%d problem(s) above: the airings concerned would fail"), problems);
	else
		printf(_("ready to air\n"));
	return problems ? 1 : 0;
}
