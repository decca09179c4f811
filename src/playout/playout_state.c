/*
 * playout_state.c — what the daemon tells the officer's tools about
 * itself: its state row in the store (store.h, struct daemon_state),
 * written when it starts and each time it tries the sound device, its
 * heartbeat; and who asked for an airing (an emergency), read from the
 * store. Its lock, which says whether it runs at all, is playout_lock.c's.
 *
 * The row is best effort: a station whose database cannot be written still
 * airs (the journal keeps its airings), so a failed write is said once and
 * then left alone until the next start.
 *
 * The heartbeat is what tells a daemon that hangs (its lock still held)
 * from one that idles: every write of the row counts as one, and
 * playout_heartbeat() writes it when a minute has passed since the last.
 * Its cost is one wake-up a minute while idle (the daemon has no other)
 * and one small commit: a page of the WAL (about 4 KB) and an fsync, some
 * 6 MB of writes a day, checkpointed into the database's one page.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "loa/agenda.h"
#include "loa/clock.h"
#include "loa/emergency.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/player.h"
#include "loa/playout.h"
#include "loa/reason.h"
#include "loa/store.h"
#include "playout/playout_internal.h"

/* Writes the row; after a failure, says so once and stops trying. */
static void
put(struct playout *po)
{
	if (po->state_failed)
		return;
	po->state.heartbeat_ms = clock_wall_ms();
	log_debug("daemon state written at %lld", (long long)po->state.heartbeat_ms);
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

int64_t
playout_heartbeat(struct playout *po)
{
	int64_t now = clock_wall_ms(), last = po->state.heartbeat_ms;

	if (po->state_failed)
		return -1; /* said once; nothing to keep fresh */
	/* Due a minute after the last, or at once after the wall clock was
	 * set back past it. */
	if (now - last < PLAYOUT_HEARTBEAT_MS && now >= last)
		return last + PLAYOUT_HEARTBEAT_MS - now;
	if (store_readonly(po->store) || store_daemon_heartbeat(po->store, now) != 0) {
		po->state_failed = 1;
		log_info(_("cannot record the daemon's state in the station's database; the airings are "
		           "not affected"));
		return -1;
	}
	po->state.heartbeat_ms = now;
	log_debug("heartbeat written at %lld", (long long)now);
	return PLAYOUT_HEARTBEAT_MS;
}

int
playout_request(struct playout *po, const struct airing *a)
{
	if (a->tier != TIER_EMERGENCY)
		return 0;
	return store_emergency_get(po->store, a->slot_id, &po->request) == 1;
}
