/*
 * emergency.c — an emergency asked for (emergency.h): the checks, then the
 * one-off slot, its request and the audit trail's entry in one
 * transaction; and where it stands in the airing log.
 *
 * Key decision: an emergency is a slot in the store, not a message to the
 * daemon (a request table it would poll, a socket it would listen on).
 * The daemon already watches the store and already plays the agenda, with
 * its tiers, its cut-in, its exactly-once airing log and its recovery
 * after a crash; an emergency slot takes all of that as it is, shows in
 * `loa agenda` and the console like any airing, and costs the daemon no
 * new wake-up: the commit wakes it through inotify. A request table would
 * have needed a second path through the playout for each of those, and
 * polling it would have woken an idle daemon for nothing.
 *
 * What a slot does not have is said here: who asked (the emergency table,
 * copied into the airing log's row), and that it plays now or never (the
 * daemon must run: checked here; it must start within EMERGENCY_WINDOW_MS:
 * checked by the daemon). Its start is the request's second (an event's
 * start has no finer unit), so it is due at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/account.h"
#include "loa/emergency.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/playout.h"
#include "loa/slot.h"
#include "loa/slot_rule.h"
#include "loa/store.h"
#include "loa/timeutil.h"

/* Why clip c cannot air today (the station's date), or NULL when it can. */
static const char *
clip_unplayable(const struct clip *c, const char *today)
{
	if (access(c->path, F_OK) != 0)
		return _("its file is missing from the library");
	if (*c->valid_from && strcmp(today, c->valid_from) < 0)
		return _("it may not air before its first day");
	if (*c->valid_until && strcmp(today, c->valid_until) > 0)
		return _("its last day to air has passed");
	return NULL;
}

/* What to play, checked: out's clip or playlist, title and duration. */
static enum emergency_refusal
target(struct store *s, int64_t clip_id, const char *playlist, const char *today, struct emergency *out)
{
	struct clip c;
	struct playlist pl;
	const char *why = NULL;
	int r, playable = 0;

	if (clip_id > 0) {
		if ((r = clip_get(s, clip_id, &c)) < 0)
			return EMERGENCY_ERROR;
		if (r == 1) {
			error_at(ERR_NOT_FOUND, "clip", _("no clip number %lld"), (long long)clip_id);
			advise(ADVICE_CLIP_LIST, NULL);
			return EMERGENCY_NOT_FOUND;
		}
		if ((why = clip_unplayable(&c, today))) {
			error_at(ERR_INPUT, "clip", _("clip %lld '%s' cannot air now: %s"),
			         (long long)clip_id, c.title, why);
			return EMERGENCY_UNPLAYABLE;
		}
		out->clip_id = clip_id;
		snprintf(out->title, sizeof out->title, "%s", c.title);
		out->duration_ms = (int64_t)(c.duration_s * 1000 + 0.5);
		return EMERGENCY_OK;
	}
	if ((r = playlist_find(s, playlist, &pl)) < 0)
		return EMERGENCY_ERROR;
	if (r == 1) {
		error_at(ERR_NOT_FOUND, "playlist", _("no playlist named '%s'"), playlist);
		return EMERGENCY_NOT_FOUND;
	}
	/* As the daemon plays it: a clip that cannot air is left out. */
	for (int i = 0; i < pl.nclips; i++) {
		const char *w = clip_unplayable(&pl.clips[i], today);
		if (w) {
			why = why ? why : w;
			continue;
		}
		playable++;
		out->duration_ms += (int64_t)(pl.clips[i].duration_s * 1000 + 0.5);
	}
	snprintf(out->playlist, sizeof out->playlist, "%s", pl.name);
	snprintf(out->title, sizeof out->title, "%s", pl.name);
	r = pl.nclips;
	playlist_release(&pl);
	if (!r) {
		error_at(ERR_INPUT, "playlist", _("playlist '%s' is empty"), out->playlist);
		return EMERGENCY_UNPLAYABLE;
	}
	if (!playable) {
		error_at(ERR_INPUT, "playlist", _("none of the clips of playlist '%s' can air now: %s"),
		         out->playlist, why);
		return EMERGENCY_UNPLAYABLE;
	}
	return EMERGENCY_OK;
}

/* The audit trail's "after" of an emergency: its slot and what it plays. */
static char *
audit_json(const struct emergency *e)
{
	char *buf = NULL, secs[32];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	fprintf(f, "{\"slot\":%lld,\"clip\":", (long long)e->slot_id);
	if (e->clip_id > 0)
		fprintf(f, "%lld", (long long)e->clip_id);
	else
		fputs("null", f);
	fputs(",\"playlist\":", f);
	if (*e->playlist)
		fmt_json_string(f, e->playlist);
	else
		fputs("null", f);
	fputs(",\"title\":", f);
	fmt_json_string(f, e->title);
	fprintf(f, ",\"duration\":%s}", fmt_tenths(secs, sizeof secs, e->duration_ms));
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Writes the slot, its request and the audit entry; 0 or -1 (printed). */
static int
write_emergency(struct store *s, const struct station *st, const char *user, const char *addr,
                struct emergency *e)
{
	struct slot_rule rule = {0};
	struct emergency_request req = {0};
	struct slot sl = {0};
	char uid[96], *text = NULL, *after = NULL;
	const char *zone = st->tz;
	int64_t back;
	int rc = -1;

	/* The request's second in the station's zone; in UTC should that
	 * civil time be ambiguous (a clock set back for summer time). */
	if (tz_from_utc(zone, e->start_ms, &rule.start, NULL) != 0 ||
	    tz_to_utc(zone, &rule.start, &back) != 0 || back != e->start_ms) {
		zone = "UTC";
		if (tz_from_utc(zone, e->start_ms, &rule.start, NULL) != 0)
			return error(_("cannot write the time of the emergency"));
	}
	slot_new_uid(uid, sizeof uid);
	if (!(text = slot_rule_text(&rule, zone, uid, e->title)))
		return -1;
	sl.uid = uid;
	sl.title = e->title;
	sl.vevent = text;
	sl.clip_id = e->clip_id;
	sl.playlist = *e->playlist ? e->playlist : NULL;
	sl.tier = TIER_EMERGENCY;
	sl.enabled = 1;
	sl.source = "emergency";
	if (store_begin(s) != 0) {
		free(text);
		return -1;
	}
	if (store_slot_add(s, &sl) != 0)
		goto out;
	e->slot_id = req.slot_id = sl.id;
	req.requested_ms = e->requested_ms;
	snprintf(req.requested_by, sizeof req.requested_by, "%s", user);
	snprintf(req.via, sizeof req.via, "%s", addr);
	if (store_emergency_add(s, &req) != 0)
		goto out;
	if (!(after = audit_json(e))) {
		error(_("out of memory"));
		goto out;
	}
	if (audit_write(s, user, addr, "emergency", e->title, NULL, after) != 0 || store_commit(s) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		store_rollback(s);
	free(after);
	free(text);
	return rc;
}

enum emergency_refusal
emergency_now(struct store *s, const struct station *st, int64_t clip_id, const char *playlist,
              const char *user, const char *addr, int64_t now_ms, struct emergency *out)
{
	enum emergency_refusal r;
	struct civil c;
	char today[11], secs[32];
	int64_t pid;
	int running;

	memset(out, 0, sizeof *out);
	out->requested_ms = now_ms;
	out->start_ms = now_ms - ((now_ms % 1000) + 1000) % 1000;
	/* What to play first, so a wrong number is said as such whether or
	 * not the daemon runs. */
	if (tz_from_utc(st->tz, now_ms, &c, NULL) != 0)
		return error(_("cannot read the date in the station's time zone '%s'"), st->tz),
		       EMERGENCY_ERROR;
	snprintf(today, sizeof today, "%04u-%02u-%02u", (unsigned)c.year % 10000, (unsigned)c.month % 100,
	         (unsigned)c.day % 100);
	if ((r = target(s, clip_id, playlist, today, out)) != EMERGENCY_OK)
		return r;
	/* Only a running daemon may get it: written with none, it would air
	 * whenever one starts, long after it was needed. */
	if ((running = playout_running(store_db_path(s), &pid)) != 1) {
		if (running == 0)
			error(_("the broadcast program is not running: '%s' was not sent and will not air "
			        "later"),
			      out->title);
		else
			error(
			    _("cannot tell whether the broadcast program is running (its lock file cannot be "
			      "read): '%s' was not sent"),
			    out->title);
		advise(ADVICE_START_DAEMON, NULL);
		return EMERGENCY_NO_DAEMON;
	}
	if (write_emergency(s, st, user, addr, out) != 0)
		return EMERGENCY_ERROR;
	log_info(_("emergency: '%s' (%s s) asked for by %s; the broadcast program (PID %lld) plays it now"),
	         out->title, i18n_format_decimal((double)out->duration_ms / 1000, 1, secs, sizeof secs), user,
	         (long long)pid);
	return EMERGENCY_OK;
}

struct state_ctx {
	int64_t slot_id;           /* the emergency's slot */
	int found;                 /* its row was seen */
	enum airlog_status status; /* the row's status */
	int64_t started_ms;        /* and start */
};

static int
state_row(void *ctx, const struct airlog_row *r)
{
	struct state_ctx *x = ctx;

	if (r->slot_id != x->slot_id)
		return 0;
	x->found = 1;
	x->status = r->status;
	x->started_ms = r->started_ms;
	return 1;
}

int
emergency_state(struct store *s, const struct emergency *e, enum airlog_status *status, int64_t *started_ms)
{
	struct airlog_filter f;
	struct state_ctx x = {e->slot_id, 0, AIRLOG_PLAYING, AIRLOG_NONE};
	int rc;

	memset(&f, 0, sizeof f);
	f.from_ms = e->start_ms;
	f.to_ms = e->start_ms + 1;
	if ((rc = airlog_each(s, &f, state_row, &x)) < 0)
		return -1;
	*status = x.status;
	*started_ms = x.started_ms;
	return x.found;
}
