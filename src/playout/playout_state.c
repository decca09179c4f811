/*
 * playout_state.c — what the daemon tells the officer's tools about
 * itself: its state row in the store (store.h, struct daemon_state),
 * written when it starts and each time it tries the sound device, and its
 * lock, which says whether it runs at all.
 *
 * The row is best effort: a station whose database cannot be written still
 * airs (the journal keeps its airings), so a failed write is said once and
 * then left alone until the next start.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "loa/clock.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/player.h"
#include "loa/playout.h"
#include "loa/reason.h"
#include "loa/store.h"
#include "playout/playout_internal.h"

int
playout_lock_path(const char *db, char *buf, size_t n)
{
	return snprintf(buf, n, "%s-daemon.lock", db) < (int)n ? 0 : -1;
}

int
playout_running(const char *db, int64_t *pid)
{
	char path[4096], b[32];
	int fd, n, rc;

	*pid = 0;
	if (playout_lock_path(db, path, sizeof path) != 0)
		return -1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)) < 0)
		return errno == ENOENT ? 0 : -1;
	if (flock(fd, LOCK_SH | LOCK_NB) == 0) {
		flock(fd, LOCK_UN);
		rc = 0;
	} else if (errno == EWOULDBLOCK) {
		n = (int)pread(fd, b, sizeof b - 1, 0);
		b[n > 0 ? n : 0] = 0;
		sscanf(b, "%lld", (long long *)pid);
		rc = 1;
	} else {
		rc = -1;
	}
	close(fd);
	return rc;
}

/* Writes the row; after a failure, says so once and stops trying. */
static void
put(struct playout *po)
{
	if (po->state_failed)
		return;
	if (store_readonly(po->store) || store_daemon_state_put(po->store, &po->state) != 0) {
		po->state_failed = 1;
		log_info(_("cannot record the daemon's state in the station's database; the airings are "
		           "not affected"));
	}
}

void
playout_note_start(struct playout *po)
{
	struct daemon_state *d = &po->state;

	memset(d, 0, sizeof *d);
	d->pid = (int64_t)getpid();
	snprintf(d->version, sizeof d->version, "%s", LOA_VERSION);
	d->started_ms = po->started_ms;
	d->device_ok = -1;
	snprintf(d->device, sizeof d->device, "%s", po->cfg->output ? po->cfg->output : "default");
	put(po);
}

void
playout_note_device(struct playout *po, int ok, enum reason why, const char *detail)
{
	struct daemon_state *d = &po->state;
	const char *dev = po->player && ok ? player_device(po->player) : NULL;

	d->checked_ms = clock_wall_ms();
	d->device_ok = ok ? 1 : 0;
	snprintf(d->device, sizeof d->device, "%s",
	         dev && *dev       ? dev
	         : po->cfg->output ? po->cfg->output
	                           : "default");
	snprintf(d->reason_code, sizeof d->reason_code, "%s",
	         ok                 ? ""
	         : reason_code(why) ? reason_code(why)
	                            : "");
	snprintf(d->detail, sizeof d->detail, "%s", ok || !detail ? "" : detail);
	put(po);
}
