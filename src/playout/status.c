/*
 * status.c — the station at a glance (status.h): the daemon, the last two
 * days of the airing log, the next airings, and what needs the officer.
 *
 * The daemon's state, the slots and the log are read in one snapshot. The
 * agenda of the next STATUS_DAYS days is built
 * as the daemon builds it (agenda.h), so a warning about an airing is about
 * the airing the daemon will play.
 */
#include <stdlib.h>
#include <string.h>

#include "loa/bulletin.h"
#include "loa/catalog.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/playout.h"
#include "loa/slot.h"
#include "loa/status.h"
#include "loa/timeutil.h"

#define DAY_MS 86400000LL

const char *
status_warning_code(enum status_warning_kind k)
{
	static const char *const codes[] = {
	    [STATUS_NO_SLOTS] = "no_slots",
	    [STATUS_NOTHING_AHEAD] = "nothing_ahead",
	    [STATUS_SCHEDULE_ENDS] = "schedule_ends",
	    [STATUS_SLOT_NO_CLIP] = "slot_no_clip",
	    [STATUS_CLIP_EXPIRES] = "clip_expires",
	    [STATUS_NO_DEVICE] = "no_device",
	    [STATUS_DAEMON_STOPPED] = "daemon_stopped",
	    [STATUS_DAEMON_SILENT] = "daemon_silent",
	    [STATUS_BULLETINS_WAITING] = "bulletins_waiting",
	};
	return (unsigned)k < sizeof codes / sizeof codes[0] ? codes[k] : "";
}

/* A new warning of kind k at the end of out's list; NULL when out of
 * memory (reported). */
static struct status_warning *
warn(struct station_status *out, enum status_warning_kind k)
{
	struct status_warning *v = realloc(out->warn, (out->nwarn + 1) * sizeof *v);

	if (!v) {
		error(_("out of memory"));
		return NULL;
	}
	out->warn = v;
	v += out->nwarn++;
	memset(v, 0, sizeof *v);
	v->kind = k;
	return v;
}

/* The first instant of the day of ms in zone, minus days days. */
static int64_t
day_start(const char *zone, int64_t ms, int days)
{
	struct civil c;
	int64_t out;

	if (tz_from_utc(zone, ms, &c, NULL) != 0)
		return ms - days * DAY_MS;
	c.hour = c.min = c.sec = 0;
	c = civil_of_secs(civil_secs(&c) - (int64_t)days * 86400);
	if (tz_to_utc(zone, &c, &out) != 0)
		return ms - days * DAY_MS;
	return out;
}

static char *
dup_text(const char *s)
{
	return strdup(s ? s : "");
}

/* Copies row r of the log into a (cleared first); 0 or -1 (reported;
 * what was copied is a's to free). */
static int
copy_row(struct status_aired *a, const struct airlog_row *r)
{
	memset(a, 0, sizeof *a);
	a->id = r->id;
	a->slot_id = r->slot_id;
	a->scheduled_ms = r->scheduled_ms;
	a->started_ms = r->started_ms;
	a->played_ms = r->played_ms;
	a->status = r->status;
	a->why = airlog_row_reason(r);
	snprintf(a->tier, sizeof a->tier, "%s", r->tier ? r->tier : "");
	a->reason = dup_text(r->reason);
	a->title = dup_text(r->title);
	a->playlist = dup_text(r->playlist);
	a->requested_by = dup_text(r->requested_by);
	if (!a->reason || !a->title || !a->playlist || !a->requested_by)
		return error(_("out of memory"));
	if (r->nitems > 0 && !(a->items = calloc((size_t)r->nitems, sizeof *a->items)))
		return error(_("out of memory"));
	for (int i = 0; i < r->nitems; i++) {
		const struct airlog_item *it = &r->items[i];
		struct status_item *si = &a->items[i];
		si->position = it->position;
		si->status = it->status;
		si->why = airlog_item_reason(it);
		si->played_ms = it->played_ms;
		a->nitems++;
		if (!(si->title = dup_text(it->title)))
			return error(_("out of memory"));
	}
	return 0;
}

/* Copies a row of the log (airlog_each's callback). */
static int
keep_row(void *ctx, const struct airlog_row *r)
{
	struct station_status *out = ctx;
	struct status_aired *v = realloc(out->aired, (out->naired + 1) * sizeof *v);

	if (!v)
		return error(_("out of memory"));
	out->aired = v;
	return copy_row(&v[out->naired++], r);
}

/* Copies the row last closed, when it is older than the rows kept. */
static int
keep_older(void *ctx, const struct airlog_row *r)
{
	struct station_status *out = ctx;

	if (!(out->older = calloc(1, sizeof *out->older)))
		return error(_("out of memory"));
	return copy_row(out->older, r);
}

/* The airing the daemon closed last (the chain's head): among the rows
 * kept, or read on its own. */
static int
find_last(struct store *s, struct station_status *out)
{
	struct airlog_filter f;
	int64_t seq, id;
	char hash[65];

	if (airlog_head(s, &seq, hash) != 0)
		return -1;
	if (seq <= 0)
		return 0;
	if (airlog_chain_stats(s, seq, NULL, &id) != 0)
		return -1;
	for (size_t i = 0; i < out->naired; i++)
		if (out->aired[i].id == id) {
			out->last = &out->aired[i];
			return 0;
		}
	if (id <= 0)
		return 0;
	memset(&f, 0, sizeof f);
	f.from_ms = f.to_ms = AIRLOG_NONE;
	f.closed_by_id = f.with_items = 1;
	f.id_from = id, f.seq_from = seq, f.seq_to = seq + 1;
	if (airlog_each(s, &f, keep_older, out) != 0)
		return -1;
	out->last = out->older;
	return 0;
}

/* How long the airing on air plays in all: its airing in the agenda. */
static int
on_air_length(struct store *s, struct status_aired *a)
{
	struct agenda ag = {0};

	if (agenda_build(s, a->scheduled_ms, a->scheduled_ms + 1, &ag) != 0)
		return -1;
	for (size_t i = 0; i < ag.n; i++)
		if (ag.v[i].slot_id == a->slot_id && ag.v[i].start_ms == a->scheduled_ms &&
		    ag.v[i].nitems > 0)
			a->duration_ms = ag.v[i].end_ms - ag.v[i].planned_ms;
	agenda_free(&ag);
	return 0;
}

/* Copies an airing of the agenda into out->next. */
static int
keep_next(struct station_status *out, const struct airing *x)
{
	struct airing *a = &out->next[out->nnext];

	*a = *x;
	a->items = NULL, a->nitems = 0;
	a->title = x->title ? strdup(x->title) : NULL;
	a->playlist = x->playlist ? strdup(x->playlist) : NULL;
	out->nnext++;
	if ((x->title && !a->title) || (x->playlist && !a->playlist))
		return error(_("out of memory"));
	if (x->nitems > 0) {
		if (!(a->items = calloc((size_t)x->nitems, sizeof *a->items)))
			return error(_("out of memory"));
		for (int i = 0; i < x->nitems; i++) {
			a->items[i] = x->items[i];
			a->items[i].path = NULL;
		}
		a->nitems = x->nitems;
	}
	return 0;
}

/* A slot with nothing to play: once per slot, at its first such airing. */
static int
slot_no_clip(struct station_status *out, const struct airing *x)
{
	struct status_warning *w;

	for (size_t i = 0; i < out->nwarn; i++)
		if (out->warn[i].kind == STATUS_SLOT_NO_CLIP && out->warn[i].slot_id == x->slot_id)
			return 0;
	if (!(w = warn(out, STATUS_SLOT_NO_CLIP)))
		return -1;
	w->slot_id = x->slot_id;
	w->at_ms = x->planned_ms;
	w->why = x->skip_code;
	snprintf(w->title, sizeof w->title, "%s", x->title ? x->title : "");
	return 0;
}

int
status_plays_after(struct store *s, int64_t after_ms)
{
	struct airing x;
	int r;

	while ((r = agenda_next(s, after_ms, &x)) == 1) {
		int plays = x.status != AIRING_SKIPPED && x.nitems > 0;
		after_ms = x.planned_ms + 1;
		airing_clear(&x);
		if (plays)
			return 1;
	}
	return r;
}

int
status_slot_outlook(struct store *s, int64_t slot_id, int64_t from_ms, int64_t to_ms,
                    struct slot_outlook *out)
{
	struct agenda ag = {0};
	int count[REASON_COUNT] = {0};

	memset(out, 0, sizeof *out);
	if (agenda_build(s, from_ms, to_ms, &ag) != 0)
		return -1;
	for (size_t i = 0; i < ag.n; i++) {
		const struct airing *x = &ag.v[i];
		if (x->slot_id != slot_id)
			continue;
		if (!out->airings++)
			out->first_ms = x->planned_ms;
		if (x->status != AIRING_SKIPPED && x->nitems > 0) {
			out->plays++;
			continue;
		}
		enum reason why = x->skip_code;
		/* A single clip out of its validity is skipped as an item. */
		if (why == REASON_NONE && x->nitems > 0 && x->items[0].skip != REASON_NONE)
			why = x->items[0].skip;
		if ((int)why > 0 && why < REASON_COUNT && ++count[why] > count[out->why]) {
			out->why = why;
			if (why == REASON_OVERLAP)
				out->by_slot = x->overlap_slot_id;
		}
	}
	agenda_free(&ag);
	return 0;
}

/* The agenda ahead: the next airings, what plays, the slots that have
 * nothing to play, where the schedule ends. */
static int
look_ahead(struct store *s, struct station_status *out)
{
	struct agenda ag = {0};
	int64_t to = out->now_ms + STATUS_DAYS * DAY_MS, last = 0;
	int rc = 0, r;

	if (agenda_build(s, out->now_ms, to, &ag) != 0)
		return -1;
	if (!(out->next = calloc(STATUS_NEXT, sizeof *out->next)) && ag.n)
		rc = error(_("out of memory"));
	for (size_t i = 0; i < ag.n && rc == 0; i++) {
		const struct airing *x = &ag.v[i];
		if (out->nnext < STATUS_NEXT)
			rc = keep_next(out, x);
		if (x->status != AIRING_SKIPPED && x->nitems > 0) {
			out->plays_ahead++;
			last = x->planned_ms;
		}
		switch (x->skip_code) {
		case REASON_NO_CLIP:
		case REASON_CLIP_REMOVED:
		case REASON_PLAYLIST_EMPTY:
		case REASON_PLAYLIST_MISSING:
			if (rc == 0)
				rc = slot_no_clip(out, x);
			break;
		default:
			break;
		}
	}
	agenda_free(&ag);
	if (rc != 0)
		return -1;
	/* Ends within the days: nothing plays after them (within the year
	 * agenda_next looks at). */
	if (out->plays_ahead > 0) {
		if ((r = status_plays_after(s, to)) < 0)
			return -1;
		if (r == 0)
			out->last_ms = last;
	}
	return 0;
}

struct expiring {
	struct station_status *out;
	struct store *s;
	char from[11], to[11]; /* today and the last day looked at, YYYY-MM-DD */
	int rc;
};

/* A clip still in the schedule whose last valid day is within the days. */
static int
expiring_clip(const struct clip *c, void *arg)
{
	struct expiring *e = arg;
	struct status_warning *w;
	int slots = 0, items = 0;

	if (!*c->valid_until || strcmp(c->valid_until, e->from) < 0 || strcmp(c->valid_until, e->to) > 0)
		return 0;
	if (clip_uses(e->s, c->id, &slots, &items) != 0 || slots + items == 0)
		return 0;
	if (!(w = warn(e->out, STATUS_CLIP_EXPIRES))) {
		e->rc = -1;
		return 1;
	}
	w->clip_id = c->id;
	snprintf(w->title, sizeof w->title, "%s", c->title);
	snprintf(w->date, sizeof w->date, "%s", c->valid_until);
	return 0;
}

/* Today and the last day of the look-ahead, as YYYY-MM-DD in zone. */
static void
days_of(const char *zone, int64_t now, char from[11], char to[11])
{
	struct civil c;

	if (tz_from_utc(zone, now, &c, NULL) != 0)
		memset(&c, 0, sizeof c);
	snprintf(from, 11, "%04u-%02u-%02u", (unsigned)c.year % 10000, (unsigned)c.month % 100,
	         (unsigned)c.day % 100);
	c = civil_of_secs(civil_secs(&c) + (int64_t)(STATUS_DAYS - 1) * 86400);
	snprintf(to, 11, "%04u-%02u-%02u", (unsigned)c.year % 10000, (unsigned)c.month % 100,
	         (unsigned)c.day % 100);
}

/* Counts the slots, and the enabled ones. */
static int
count_slots(struct store *s, struct station_status *out)
{
	struct slot *v;
	size_t n;

	if (store_slot_list(s, &v, &n) != 0)
		return -1;
	out->slots = (int)n;
	for (size_t i = 0; i < n; i++)
		out->slots_enabled += v[i].enabled != 0;
	store_slot_list_free(v, n);
	return 0;
}

/* The hub's bulletins waiting for the officer, counted into w. */
static int
count_waiting(void *ctx, const struct bulletin *b)
{
	struct status_warning *w = ctx;

	if (b->state == BULLETIN_RECEIVED) {
		w->count++;
		if (!w->at_ms || b->received_ms < w->at_ms)
			w->at_ms = b->received_ms;
	}
	return 0;
}

/* A warning when bulletins of the hub wait to be scheduled (loa link
 * keeps them: normal ones wait for the officer). */
static int
waiting_bulletins(struct store *s, struct station_status *out)
{
	struct status_warning n = {.kind = STATUS_BULLETINS_WAITING}, *w;

	if (bulletin_each(s, 0, count_waiting, &n) != 0)
		return -1;
	if (n.count == 0)
		return 0;
	if (!(w = warn(out, STATUS_BULLETINS_WAITING)))
		return -1;
	*w = n;
	return 0;
}

/* The warnings that follow from what was gathered, in the order the
 * officer should act on them. */
static int
warnings(struct store *s, const struct station *st, struct station_status *out)
{
	struct status_warning *w;
	struct expiring e = {out, s, "", "", 0};

	if (out->running == 0 && out->slots_enabled > 0 && !warn(out, STATUS_DAEMON_STOPPED))
		return -1;
	/* Its lock held, its heartbeat stale: it hangs. A loa before the
	 * heartbeat (0) says nothing either way. */
	if (out->running == 1 && out->have_state && out->state.heartbeat_ms > 0 &&
	    out->now_ms - out->state.heartbeat_ms > STATUS_SILENT_MS) {
		if (!(w = warn(out, STATUS_DAEMON_SILENT)))
			return -1;
		w->at_ms = out->state.heartbeat_ms;
	}
	if (out->have_state && out->state.device_ok == 0) {
		if (!(w = warn(out, STATUS_NO_DEVICE)))
			return -1;
		w->at_ms = out->state.checked_ms;
		reason_parse(out->state.reason_code, &w->why);
		snprintf(w->detail, sizeof w->detail, "%s", out->state.detail);
		snprintf(w->title, sizeof w->title, "%s", out->state.device);
	}
	if (out->slots_enabled == 0) {
		if (!warn(out, STATUS_NO_SLOTS))
			return -1;
	} else if (out->plays_ahead == 0) {
		if (!warn(out, STATUS_NOTHING_AHEAD))
			return -1;
	} else if (out->last_ms) {
		if (!(w = warn(out, STATUS_SCHEDULE_ENDS)))
			return -1;
		w->at_ms = out->last_ms;
	}
	days_of(st->tz, out->now_ms, e.from, e.to);
	if (clip_foreach(s, expiring_clip, &e) < 0 || e.rc)
		return -1;
	return waiting_bulletins(s, out);
}

int
station_status(struct store *s, const struct station *st, int64_t now_ms, struct station_status *out)
{
	struct airlog_filter f;
	int began, rc = -1;

	memset(out, 0, sizeof *out);
	out->now_ms = now_ms;
	out->day_ms = day_start(st->tz, now_ms, 0);
	out->yesterday_ms = day_start(st->tz, now_ms, 1);
	out->running = playout_running(store_db_path(s), &out->pid);
	began = store_read_begin(s);
	if ((out->have_state = store_daemon_state_get(s, &out->state)) < 0)
		goto done;
	if (count_slots(s, out) != 0)
		goto done;
	memset(&f, 0, sizeof f);
	f.from_ms = out->yesterday_ms;
	f.to_ms = AIRLOG_NONE;
	f.with_items = 1;
	if (airlog_each(s, &f, keep_row, out) != 0)
		goto done;
	for (size_t i = 0; i < out->naired; i++)
		if (out->aired[i].status == AIRLOG_PLAYING && out->running == 1)
			out->on_air = &out->aired[i];
	if (find_last(s, out) != 0)
		goto done;
	rc = 0;
done:
	store_read_end(s, began);
	/* The agenda outside the snapshot: building it may keep expansions. */
	if (rc == 0 && ((out->on_air && on_air_length(s, out->on_air) != 0) || look_ahead(s, out) != 0 ||
	                warnings(s, st, out) != 0))
		rc = -1;
	if (rc != 0)
		station_status_free(out);
	return rc;
}

static void
aired_free(struct status_aired *a)
{
	free(a->reason);
	free(a->title);
	free(a->playlist);
	free(a->requested_by);
	for (int j = 0; j < a->nitems; j++)
		free(a->items[j].title);
	free(a->items);
}

void
station_status_free(struct station_status *out)
{
	for (size_t i = 0; i < out->naired; i++)
		aired_free(&out->aired[i]);
	free(out->aired);
	if (out->older)
		aired_free(out->older);
	free(out->older);
	for (size_t i = 0; i < out->nnext; i++)
		airing_clear(&out->next[i]);
	free(out->next);
	free(out->warn);
	memset(out, 0, sizeof *out);
}
