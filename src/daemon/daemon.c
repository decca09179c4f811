/*
 * daemon.c — `loa run`'s process: sleep until the playout has something
 * to do, let it do it, repeat; the playout itself (which airing, playing
 * it, the airing log) is the core's (playout.h).
 *
 * Shape (after Redis's ae.c and OpenBSD's ntpd): one loop, one poll(), one
 * absolute-time timer. Each turn of the loop is a playout_turn(), which
 * re-plans from scratch and names the instant it next has something to
 * do; the loop sleeps until then.
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
 *   - the amplifier commands the playout started (their end or timeout);
 *   - the systemd watchdog, only when the unit sets WatchdogSec=;
 *   - the heartbeat (playout_heartbeat): the daemon's word in the store
 *     that it is alive, due a minute after its last write of its state.
 * While idle nothing else runs: no polling, no other periodic tick; the
 * heartbeat costs one wake-up and one small commit a minute (under a
 * simulated clock it adds none: it is written when the loop wakes anyway).
 * While an airing plays, the playout calls back (tick) to feed the
 * watchdog and write the heartbeat. An emergency (emergency.h) needs no
 * wake-up of its own: it is a slot, and its commit wakes us like any edit.
 *
 * Around the loop: one daemon per station (a lock file), and a restart in
 * place when the sound device was lost mid-airing or the database can be
 * written again.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "loa/agenda.h"
#include "loa/clock.h"
#include "loa/daemon.h"
#include "loa/hook.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/playout.h"
#include "loa/service.h"
#include "loa/store.h"
#include "loa/timeutil.h"

/* Set by the signal handlers; the loop acts on them. */
static volatile sig_atomic_t got_term; /* SIGTERM or SIGINT: stop (also the playout's stop flag) */
static volatile sig_atomic_t got_hup;  /* SIGHUP: re-plan */
static int sig_pipe[2] = {-1, -1};     /* the handlers' wake-up for poll() */

struct daemon {
	struct store *store;           /* the open station */
	const struct station *station; /* its zone, for messages */
	struct playout *playout;       /* the broadcast */
	int tfd;                       /* the wall-clock timer */
	int ifd;                       /* inotify on the database's folder, or -1 */
	char db_base[256];             /* the database's file name, for inotify */
	int64_t data_version;          /* PRAGMA data_version last seen */
	int changed;                   /* the schedule may have changed: re-plan */
	int64_t watchdog_ms;           /* systemd watchdog interval, 0 for none */
	int64_t watchdog_next_ns;      /* monotonic time of the next ping */
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
 * committed to the station (data_version moved), not for our own writes.
 * The event comes with a writer's first WAL write, before its commit can
 * be seen (the WAL synced, its index updated): when data_version has not
 * moved yet, wait for the writer to finish and look again, or the commit
 * of an emergency could be missed until the next wake-up. */
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
		if (v == d->data_version && store_wait_writers(d->store) == 0)
			v = store_data_version(d->store);
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

/* Writes the heartbeat when due; ms until the next, -1 for none (and none
 * under a simulated clock, whose wait would jump the clock). The write's
 * own inotify events are read at once, so it costs one wake-up, not two. */
static int
heartbeat(struct daemon *d)
{
	int64_t left = playout_heartbeat(d->playout);

	if (left == PLAYOUT_HEARTBEAT_MS && d->ifd >= 0)
		watch_read(d);
	if (left < 0 || clock_simulated())
		return -1;
	return left > INT_MAX ? INT_MAX : (int)left;
}

/*
 * The one wait: until the wall clock reads wall_ms, or a signal, a commit
 * by another process, a clock step (each sets a flag the loop reads). A
 * wake-up that changes nothing — the watchdog ping, the heartbeat, inotify
 * seeing our own log writes or a reader's — goes straight back to sleep
 * without re-planning. Only a systemd watchdog and the heartbeat add a
 * timeout to poll().
 */
static void
wait_until(struct daemon *d, int64_t wall_ms)
{
	struct hook_runner *hooks = playout_hooks(d->playout);
	struct pollfd fds[4];
	int nfds, timeout, hook_ms, at_ifd, beat_ms;

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
		fds[nfds++] = (struct pollfd){hook_pollfd(hooks), POLLIN, 0};
		if ((hook_ms = hook_poll_ms(hooks)) >= 0 && (timeout < 0 || hook_ms < timeout))
			timeout = hook_ms;
		if ((beat_ms = heartbeat(d)) >= 0 && (timeout < 0 || beat_ms < timeout))
			timeout = beat_ms;
		if (d->changed)
			return; /* another process wrote too, seen with the heartbeat's events */
		if (got_term || got_hup)
			timeout = 0;
		if (poll(fds, nfds, timeout) < 0 && errno != EINTR)
			log_warn("poll");
		watchdog_kick(d);
		hook_check(hooks);
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
				         i18n_format_when(clock_wall_ms(), d->station->tz, b, sizeof b));
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

	if (playout_lock_path(store_db_path(s), path, sizeof path) != 0)
		return error(_("the station's path is too long: '%s'"), store_db_path(s));
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644)) < 0 &&
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
		/* A station in a folder loa may not write: the broadcast still
		 * goes out, unguarded, rather than not at all. */
		log_warn(_("cannot take the daemon's lock file '%s': %s; make sure only one 'loa run' plays "
		           "this station"),
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
		hint(_("stop it first (systemctl stop loa, or kill %s); one station has one daemon"),
		     *pid ? pid : "PID");
		return -1;
	}
	n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n)
		log_warn(_("cannot write the PID to the lock file '%s'"), path);
	return fd;
}

/* The playout's tick, between the steps of an airing: feeds the systemd
 * watchdog, writes the heartbeat when due and drains inotify; ms until the
 * watchdog is due, -1 for none. */
static int
tick(void *arg)
{
	struct daemon *d = arg;

	watchdog_kick(d);
	if (d->playout)
		heartbeat(d);
	if (d->ifd >= 0)
		watch_read(d);
	if (d->watchdog_ms <= 0)
		return -1;
	int64_t left = (d->watchdog_next_ns - clock_mono_ns()) / 1000000;
	return left < 0 ? 0 : left > INT_MAX ? INT_MAX : (int)left;
}

int
daemon_run(struct store *s, const struct station *st, const struct playout_config *c)
{
	struct playout_config cfg = *c;
	struct playout_env env = {&got_term, tick, NULL};
	struct daemon d;
	char b[40];
	int rc = 0, errs = 0, lock, restart = 0;

	memset(&d, 0, sizeof d);
	d.store = s;
	d.station = st;
	d.ifd = -1;
	env.arg = &d;
	if ((lock = lock_station(s)) < 0)
		return -1;
	if ((d.tfd = clock_timer_open()) < 0 || signals_setup() != 0) {
		if (d.tfd >= 0)
			close(d.tfd);
		if (lock != INT_MAX)
			close(lock);
		return -1;
	}
	d.watchdog_ms = service_watchdog_ms();
	d.watchdog_next_ns = clock_mono_ns() + d.watchdog_ms * 1000000;
	/* A hook never blocks the loop, but the last one is waited for at
	 * exit: it must end (or be stopped) well within systemd's watchdog. */
	if (d.watchdog_ms > 0 && cfg.hook_timeout_ms > d.watchdog_ms) {
		cfg.hook_timeout_ms = (int)d.watchdog_ms;
		log_warnx(_("the hook timeout of %.1f s is longer than half of systemd's watchdog "
		            "(WatchdogSec=%.1f s): a hook is stopped after %.1f s"),
		          c->hook_timeout_ms / 1000.0, d.watchdog_ms * 2 / 1000.0,
		          cfg.hook_timeout_ms / 1000.0);
	}
	if (!(d.playout = playout_open(s, st, &cfg, &env))) {
		rc = -1;
		goto out;
	}
	watch_setup(&d);
	log_info(_("loa run: station '%s', output %s, now %s"), st->name, playout_device(d.playout),
	         i18n_format_when(clock_wall_ms(), st->tz, b, sizeof b));
	service_ready();
	while (!got_term && clock_wall_ms() < c->until_ms) {
		int64_t wake;
		int r = playout_turn(d.playout, &wake);
		if (r == 1 || playout_restart(d.playout))
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
			if (wake)
				wait_until(&d, wake);
		}
	}
	restart = playout_restart(d.playout);
	if (!restart)
		service_stopping();
	playout_finish(d.playout);
	if (restart) {
		playout_free(d.playout);
		d.playout = NULL;
		reexec();
		rc = -1; /* exec failed (logged): exit 1, systemd restarts us */
		goto out;
	}
	log_info(_("loa run stops: %s"), got_term  ? _("signal")
	                                 : c->once ? _("one airing done")
	                                           : _("--until reached"));
out:
	playout_free(d.playout);
	if (d.ifd >= 0)
		close(d.ifd);
	close(d.tfd);
	if (lock != INT_MAX)
		close(lock);
	signals_teardown();
	got_term = got_hup = 0;
	return rc;
}
