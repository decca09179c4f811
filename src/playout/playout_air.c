/*
 * playout_air.c — one airing on air: the player driven in steps from its
 * pre-roll to its end, and the airing log kept up with it item by item.
 *
 * Each item gets its row as its turn comes (playing, then completed,
 * failed part way, skipped or missing), the airing's row its progress
 * every 2 seconds, so a crash or power cut loses at most that much. A row
 * that cannot be written (a full disk) is retried; an airing whose row
 * could not be opened at all is kept in the journal beside the database
 * (keep_aside), so that the log gets it later and it never plays twice.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "loa/approval.h"
#include "loa/agenda.h"
#include "loa/airlog.h"
#include "loa/clip.h"
#include "loa/clock.h"
#include "loa/hash.h"
#include "loa/i18n.h"
#include "loa/journal.h"
#include "loa/log.h"
#include "loa/player.h"
#include "loa/reason.h"
#include "loa/service.h"
#include "loa/store.h"
#include "playout/playout_internal.h"

/* An airing that starts this little after its instant is on time. */
#define LATE_GRACE_MS 1000

/* Copies an agenda airing into what the airing log records. */
void
playout_airlog_fill(struct playout *po, const struct airing *a, struct airlog_airing *out)
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
	if (a->clip_id > 0 && clip_get(po->store, a->clip_id, &po->clip) == 0) {
		out->topic = po->clip.topic[0] ? po->clip.topic : NULL;
		out->sha256 = po->clip.sha256;
	}
	out->device = po->player ? player_device(po->player) : po->cfg->output;
	/* Who let it on air, copied as the topic is (approval.h); none for
	 * the technician's slots and those from before approval existed. */
	if (approval_slot_approver(po->store, a->slot_id, po->approver, sizeof po->approver) == 0 &&
	    po->approver[0])
		out->approved_by = po->approver;
	/* Who asked for it now (the emergency button), copied as the title is. */
	if (playout_request(po, a) == 1)
		out->requested_by = po->request.requested_by;
}

/* Writes a closed row for an airing that did not start; 0, or -1 (a
 * warning in the journal). */
int
playout_record_row(struct playout *po, const struct airing *a, enum airlog_status st, enum reason why,
                   const char *detail)
{
	struct airlog_airing al;
	char b[40];

	playout_airlog_fill(po, a, &al);
	if (airlog_record(po->store, &al, st, why, detail) == 0)
		return 0;
	log_warnx(_("cannot write the airing of slot %lld at %s to the airing log"), (long long)a->slot_id,
	          playout_when(po, a->start_ms, b, sizeof b));
	return -1;
}

/* Logs a closed row for an airing that did not start, and says so. */
static void
record(struct playout *po, const struct airing *a, enum airlog_status st, enum reason why, const char *detail)
{
	char b[40];

	if (playout_record_row(po, a, st, why, detail) == 0)
		log_info(_("%s: %s (slot %lld) at %s: %s"), playout_status_word(st), a->title ? a->title : "",
		         (long long)a->slot_id, playout_when(po, a->start_ms, b, sizeof b),
		         playout_detail(why, detail));
}

/*
 * Is an emergency airing due now that is not the one at hand (on air, or
 * in its pre-roll)? Then that one is cut, or not started: the agenda ranks
 * the emergency first. An emergency asked for now starts at its request's
 * second, which may be before the airing at hand started, so the search
 * starts a little before both; airings that take no time (skipped) may
 * sit between, so every airing due by now is looked at, a bounded few.
 * At once after the store changed (a commit by another process, or this
 * one's slots: an emergency asked for now), else once a second (one given
 * a time ahead, reached while an airing runs longer than planned); the
 * steps between cost one PRAGMA.
 */
static int
emergency_due(struct playout *po, const struct airing *cur)
{
	int64_t now = clock_wall_ms(), dv = store_data_version(po->store);
	int64_t after = (cur->planned_ms < now ? cur->planned_ms : now) - 2000;
	uint64_t gen = store_slot_generation();
	struct airing nx;
	int due = 0;

	if (dv == po->data_version && gen == po->generation && clock_mono_ns() < po->emergency_look_ns)
		return 0;
	po->data_version = dv, po->generation = gen;
	po->emergency_look_ns = clock_mono_ns() + 1000000000LL;
	for (int i = 0; i < 16 && !due; i++) {
		memset(&nx, 0, sizeof nx);
		if (agenda_next(po->store, after, &nx) != 1 || nx.planned_ms > now) {
			airing_clear(&nx);
			break;
		}
		if (nx.tier == TIER_EMERGENCY && nx.status != AIRING_SKIPPED && nx.nitems > 0 &&
		    nx.slot_id != cur->slot_id && airlog_has(po->store, nx.slot_id, nx.start_ms) == 0) {
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
close_row(struct playout *po, int64_t row, enum airlog_status status, int64_t ended, double played,
          enum reason why, const char *detail)
{
	if (row <= 0 || airlog_end(po->store, row, status, ended, played, why, detail) == 0)
		return;
	for (size_t i = 0; i < sizeof po->unclosed / sizeof po->unclosed[0]; i++) {
		if (po->unclosed[i].row)
			continue;
		po->unclosed[i].row = row;
		po->unclosed[i].status = status;
		po->unclosed[i].ended_ms = ended;
		po->unclosed[i].played_s = played;
		po->unclosed[i].why = why;
		snprintf(po->unclosed[i].detail, sizeof po->unclosed[i].detail, "%s", detail ? detail : "");
		log_warnx(_("cannot close the airing log row %lld; will retry"), (long long)row);
		return;
	}
}

/* Retries the closes that failed; returns how many are still pending.
 * At exit (aside set) one that still fails is kept in the journal for the
 * next start, and counts as pending only if that fails too. */
int
playout_close_pending(struct playout *po, int aside)
{
	int left = 0;

	for (size_t i = 0; i < sizeof po->unclosed / sizeof po->unclosed[0]; i++) {
		const char *detail = *po->unclosed[i].detail ? po->unclosed[i].detail : NULL;
		if (!po->unclosed[i].row)
			continue;
		if (airlog_end(po->store, po->unclosed[i].row, po->unclosed[i].status,
		               po->unclosed[i].ended_ms, po->unclosed[i].played_s, po->unclosed[i].why,
		               detail) == 0) {
			log_info(_("airing log row %lld closed after all"), (long long)po->unclosed[i].row);
			po->unclosed[i].row = 0;
		} else if (!aside ||
		           journal_append_close(store_db_path(po->store), po->unclosed[i].row,
		                                po->unclosed[i].status, po->unclosed[i].ended_ms,
		                                po->unclosed[i].played_s, po->unclosed[i].why, detail) != 0) {
			left++;
		}
	}
	return left;
}

/* What an airing's items are, for their log rows: copied from the library
 * when the airing starts (a clip removed since the agenda was built keeps
 * its number and no title). */
struct item_log {
	char title[CLIP_TITLE_MAX];    /* the clip's title */
	char topic[CLIP_TITLE_MAX];    /* its topic, "" for none */
	char sha256[HASH_HEX_LEN + 1]; /* its file's SHA-256, "" when not known */
	struct airlog_clip c;          /* pointing into the above */
	int open;                      /* its log row is written, playing */
	int done;                      /* its log row is closed */
};

static struct item_log *
items_for_log(struct playout *po, const struct airing *a)
{
	struct item_log *v = calloc((size_t)a->nitems, sizeof *v);

	for (int i = 0; v && i < a->nitems; i++) {
		struct item_log *it = &v[i];
		if (clip_get(po->store, a->items[i].clip_id, &po->clip) == 0) {
			snprintf(it->title, sizeof it->title, "%s", po->clip.title);
			snprintf(it->topic, sizeof it->topic, "%s", po->clip.topic);
			snprintf(it->sha256, sizeof it->sha256, "%s", po->clip.sha256);
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
	snprintf(buf, n, "%s: '%.300s' (clip %lld)", reason_words(why, 0), it->title,
	         (long long)it->c.clip_id);
	return buf;
}

/* The same for the journal, in its language. */
static const char *
item_words(const struct item_log *it, enum reason why, char *buf, size_t n)
{
	snprintf(buf, n, _("%s: '%.300s' (clip %lld)"), playout_words(why), it->title,
	         (long long)it->c.clip_id);
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
sync_items(struct playout *po, const struct airing *a, struct item_log *v, int64_t row, int64_t started,
           enum airlog_status cut, enum reason why, const char *detail)
{
	struct player_item_status is;
	int on_air = 0;
	char b[512], s[32];

	for (int i = 0; i < a->nitems && row > 0; i++) {
		struct item_log *it = &v[i];
		if (it->done)
			continue;
		if (player_item(po->player, i, &is) != 0 || is.state == PLAYER_ITEM_PENDING)
			break;
		if (is.state == PLAYER_ITEM_DONE && is.why != REASON_NONE && is.played_s <= 0 && !it->open) {
			enum airlog_status st = reason_planned(is.why) ? AIRLOG_SKIPPED : AIRLOG_FAILED;
			airlog_item_record(po->store, row, i + 1, &it->c, st, is.why,
			                   item_detail(it, is.why, b, sizeof b));
			log_warnx(_("%s in '%s' (slot %lld): %s"), playout_status_word(st), a->title,
			          (long long)a->slot_id, item_words(it, is.why, b, sizeof b));
			it->done = 1;
			continue;
		}
		if (!it->open) {
			airlog_item_begin(po->store, row, i + 1, &it->c,
			                  started + (int64_t)llround(is.start_s * 1000));
			it->open = 1;
		}
		if (is.state == PLAYER_ITEM_DONE) {
			if (is.why == REASON_NONE) {
				airlog_item_end(po->store, row, i + 1, AIRLOG_COMPLETED, is.played_s,
				                REASON_NONE, NULL);
			} else {
				airlog_item_end(po->store, row, i + 1, AIRLOG_FAILED, is.played_s, is.why,
				                item_detail(it, is.why, b, sizeof b));
				log_warnx(_("failed in '%s' (slot %lld) after %s s: %s"), a->title,
				          (long long)a->slot_id, playout_seconds(is.played_s, s, sizeof s),
				          item_words(it, is.why, b, sizeof b));
			}
			it->done = 1;
			continue;
		}
		on_air = i + 1;
		if (cut != AIRLOG_PLAYING) {
			airlog_item_end(po->store, row, i + 1, cut, is.played_s, why, detail);
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
keep_aside(struct playout *po, const struct airing *a, const struct item_log *ilog, int64_t started,
           int64_t ended, int64_t late, double played, enum airlog_status st, enum reason why,
           const char *detail, int unplayable)
{
	struct journal_item items[a->nitems > 0 ? a->nitems : 1];
	struct journal_airing j = {0};
	struct player_item_status is;
	char b[40], path[4096];
	int n = 0;

	for (int i = 0; i < a->nitems; i++) {
		int known = player_item(po->player, i, &is) == 0;
		struct journal_item *it = &items[n];
		if (!unplayable && (!known || is.state == PLAYER_ITEM_PENDING))
			break;
		memset(it, 0, sizeof *it);
		it->c = ilog[i].c;
		n++;
		if (unplayable ||
		    (is.state == PLAYER_ITEM_DONE && is.why != REASON_NONE && is.played_s <= 0)) {
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
	playout_airlog_fill(po, a, &j.a);
	j.started_ms = started, j.ended_ms = ended, j.late_ms = late, j.played_s = played;
	j.status = st, j.why = why, j.detail = detail;
	j.nitems = n, j.items = items;
	journal_path(store_db_path(po->store), path, sizeof path);
	if (journal_append(store_db_path(po->store), &j) != 0) {
		log_warnx(_("the airing of slot %lld at %s is in no log: neither the database nor '%s' can "
		            "be written"),
		          (long long)a->slot_id, playout_when(po, a->start_ms, b, sizeof b), path);
		return;
	}
	playout_journal_note(po, a);
	log_warnx(
	    _("the airing log cannot be written: the airing of slot %lld at %s is kept in '%s' until it can"),
	    (long long)a->slot_id, playout_when(po, a->start_ms, b, sizeof b), path);
}

/* The first item that failed (not skipped), or -1. */
static int
first_failed(const struct playout *po, const struct airing *a)
{
	struct player_item_status is;

	for (int i = 0; i < a->nitems; i++)
		if (player_item(po->player, i, &is) == 0 && is.state == PLAYER_ITEM_DONE &&
		    is.why != REASON_NONE && !reason_planned(is.why))
			return i;
	return -1;
}

/* Logs a programme none of whose items could play: a row with each item
 * as failed or skipped, closed as failed. */
static void
record_unplayable(struct playout *po, const struct airing *a, struct item_log *v)
{
	struct player_item_status is;
	struct airlog_airing al;
	enum reason why = player_error_reason(po->player);
	char b[512], w[40];
	int64_t row;
	int first = -1;

	playout_airlog_fill(po, a, &al);
	if ((row = airlog_begin(po->store, &al, AIRLOG_NONE, 0)) <= 0) {
		keep_aside(po, a, v, AIRLOG_NONE, AIRLOG_NONE, 0, 0, AIRLOG_FAILED, why, NULL, 1);
		return;
	}
	for (int i = 0; i < a->nitems; i++) {
		enum reason iw = player_item(po->player, i, &is) == 0 && is.why != REASON_NONE ? is.why : why;
		if (first < 0 && !reason_planned(iw))
			first = i;
		airlog_item_record(po->store, row, i + 1, &v[i].c,
		                   reason_planned(iw) ? AIRLOG_SKIPPED : AIRLOG_FAILED, iw,
		                   item_detail(&v[i], iw, b, sizeof b));
	}
	if (first < 0)
		first = 0;
	item_detail(&v[first], why, b, sizeof b);
	close_row(po, row, AIRLOG_FAILED, AIRLOG_NONE, 0, why, b);
	log_warnx(_("%s: %s (slot %lld) at %s: %s"), playout_status_word(AIRLOG_FAILED),
	          a->title ? a->title : "", (long long)a->slot_id, playout_when(po, a->start_ms, w, sizeof w),
	          item_words(&v[first], why, b, sizeof b));
}

/* Handles one airing that is due to play now (late or on time). */
int
playout_play(struct playout *po, const struct airing *a)
{
	struct player_item items[a->nitems > 0 ? a->nitems : 1];
	struct item_log *ilog;
	struct airlog_airing al;
	enum player_status st;
	int64_t start, now = clock_wall_ms(), started, late, row, next_progress;
	enum reason why = REASON_NONE;
	const char *detail = NULL;
	char b[40], fb[512];
	int untimed, sim = clock_simulated(), on_air = 0, bad, step;

	if (a->nitems <= 0) {
		record(po, a, AIRLOG_SKIPPED, REASON_NO_CLIP, NULL);
		return 0;
	}
	for (int i = 0; i < a->nitems; i++)
		items[i] = (struct player_item){a->items[i].path, a->items[i].gain_db, a->items[i].clip_id,
		                                a->items[i].skip};
	if (!po->player && !(po->player = player_new(po->cfg->output))) {
		playout_note_device(po, 0, REASON_OUTPUT_ERROR, "the output could not be created");
		record(po, a, AIRLOG_FAILED, REASON_OUTPUT_ERROR, "the output could not be created");
		return 0;
	}
	if (!(ilog = items_for_log(po, a))) {
		record(po, a, AIRLOG_FAILED, REASON_OUT_OF_MEMORY, NULL);
		return 0;
	}
	untimed = player_untimed(po->player);
	step = untimed || sim ? TICK_SIM_MS : TICK_MS;
	playout_on_air(po);
	start = a->planned_ms > now ? a->planned_ms : now;
	service_status("on air: %s (slot %lld)", a->title ? a->title : "", (long long)a->slot_id);
	if (player_prepare(po->player, items, a->nitems, start) != 0) {
		why = player_error_reason(po->player);
		if (why == REASON_CLIP_MISSING || why == REASON_CLIP_CORRUPT || reason_planned(why)) {
			/* No item could play: the programme failed, each item
			 * logged with its own reason. The output is fine. */
			record_unplayable(po, a, ilog);
		} else {
			log_warnx(_("cannot play '%s' (slot %lld) at %s: %s"), a->title ? a->title : "",
			          (long long)a->slot_id, playout_when(po, a->start_ms, b, sizeof b),
			          player_error(po->player));
			record(po, a, AIRLOG_FAILED, why, player_error(po->player));
			playout_note_device(po, 0, why, player_error(po->player));
			playout_output_failed(po);
		}
		free(ilog);
		return 0;
	}
	playout_note_device(po, 1, REASON_NONE, NULL);
	/* Pre-roll until the instant; under a simulated clock jump to it. An
	 * emergency asked for meanwhile goes first: this airing has not
	 * started, so it is left for the next turn, which plans it after the
	 * emergency (or skips it), as the agenda now says. */
	st = PLAYER_RUNNING;
	if (sim)
		clock_sleep_until_ms(start);
	else if (!untimed)
		while (st == PLAYER_RUNNING && clock_wall_ms() < start) {
			int64_t until = clock_wall_ms() + step;
			st = player_run(po->player, until < start ? until : start, po->env.stop);
			playout_tick(po); /* a hook's timeout falls due in the pre-roll too */
			if (st == PLAYER_RUNNING && clock_wall_ms() < start && emergency_due(po, a)) {
				log_info(_("'%s' (slot %lld) waits for the emergency"),
				         a->title ? a->title : "", (long long)a->slot_id);
				player_stop(po->player, 0);
				free(ilog);
				service_status("idle");
				return 1;
			}
		}
	started = player_started_ms(po->player);
	if (started <= 0)
		started = start > clock_wall_ms() ? start : clock_wall_ms();
	/* Late: delayed by an overlap (as the agenda shows), or started past
	 * its instant (after downtime, a failed output's back-off). */
	late = started - a->start_ms;
	/* One asked for now (an emergency) is late after its request: its
	 * start is only the request's second. */
	if (playout_request(po, a) == 1)
		late = started - po->request.requested_ms;
	if (late < 0 || (a->status != AIRING_DELAYED && late <= LATE_GRACE_MS))
		late = 0;
	playout_airlog_fill(po, a, &al);
	playout_close_pending(po, 0);
	row = airlog_begin(po->store, &al, started, late);
	if (row <= 0)
		log_warnx(
		    _("cannot open the airing log row for slot %lld; playing anyway (kept in the journal)"),
		    (long long)a->slot_id);
	if (late)
		log_info(_("on air %llds late: %s (slot %lld, scheduled %s)"), (long long)(late / 1000),
		         a->title ? a->title : "", (long long)a->slot_id,
		         playout_when(po, a->start_ms, b, sizeof b));
	else
		log_info(_("on air: %s (slot %lld) at %s"), a->title ? a->title : "", (long long)a->slot_id,
		         playout_when(po, started, b, sizeof b));
	next_progress = clock_mono_ns() + 2000000000LL;
	while (st == PLAYER_RUNNING) {
		int64_t until = clock_wall_ms() + step;
		if (until > po->cfg->until_ms)
			until = po->cfg->until_ms;
		st = player_run(po->player, until, po->env.stop);
		if (sim || untimed) {
			/* An untimed output renders at once: the airing's
			 * time is what it played. */
			int64_t at = started + (int64_t)(player_played_s(po->player) * 1000);
			if (sim)
				clock_sleep_until_ms(at);
		}
		playout_tick(po);
		on_air = sync_items(po, a, ilog, row, started, AIRLOG_PLAYING, REASON_NONE, NULL);
		if (row > 0 && clock_mono_ns() >= next_progress) {
			struct player_item_status is;
			double item_played =
			    on_air && player_item(po->player, on_air - 1, &is) == 0 ? is.played_s : 0;
			airlog_progress(po->store, row, player_played_s(po->player), on_air, item_played);
			next_progress = clock_mono_ns() + 2000000000LL;
		}
		if (st != PLAYER_RUNNING)
			break;
		if (playout_stopping(po)) {
			st = PLAYER_STOPPED;
			break;
		}
		if (clock_wall_ms() >= po->cfg->until_ms) {
			why = REASON_INTERRUPTED_STOP;
			detail = "loa run --until was reached";
			st = PLAYER_STOPPED;
			break;
		}
		/* Cheap: a PRAGMA unless the store changed. */
		if (emergency_due(po, a)) {
			why = REASON_INTERRUPTED_EMERGENCY;
			st = PLAYER_STOPPED;
			break;
		}
	}
	if (st == PLAYER_STOPPED) {
		if (why == REASON_NONE) {
			why = REASON_INTERRUPTED_STOP;
			detail = playout_stopping(po) ? "loa was stopped (SIGTERM)" : "stopped";
		}
		player_stop(po->player,
		            why == REASON_INTERRUPTED_EMERGENCY ? PLAYER_CUT_FADE_MS : PLAYER_FADE_MS);
	}
	enum airlog_status final = AIRLOG_FAILED;
	double played = player_played_s(po->player);
	char secs[32], words[512];
	/* Untimed or simulated, the airing lasted what it played. */
	int64_t ended = untimed || sim ? started + (int64_t)(played * 1000) : clock_wall_ms();
	if (st == PLAYER_DONE) {
		sync_items(po, a, ilog, row, started, AIRLOG_PLAYING, REASON_NONE, NULL);
		if ((bad = first_failed(po, a)) >= 0) {
			struct player_item_status is;
			player_item(po->player, bad, &is);
			close_row(po, row, AIRLOG_PARTIAL, ended, played, is.why,
			          item_detail(&ilog[bad], is.why, fb, sizeof fb));
			final = AIRLOG_PARTIAL, why = is.why, detail = fb;
			log_info(_("partly aired: %s (slot %lld), %s s: %s"), a->title ? a->title : "",
			         (long long)a->slot_id, playout_seconds(played, secs, sizeof secs),
			         item_words(&ilog[bad], is.why, words, sizeof words));
		} else {
			close_row(po, row, AIRLOG_COMPLETED, ended, played, REASON_NONE, NULL);
			final = AIRLOG_COMPLETED;
			log_info(_("completed: %s (slot %lld), %s s"), a->title ? a->title : "",
			         (long long)a->slot_id, playout_seconds(played, secs, sizeof secs));
		}
		po->fail_count = 0;
	} else if (st == PLAYER_STOPPED) {
		sync_items(po, a, ilog, row, started, AIRLOG_INTERRUPTED, why, detail);
		close_row(po, row, AIRLOG_INTERRUPTED, ended, played, why, detail);
		final = AIRLOG_INTERRUPTED;
		log_info(_("interrupted: %s (slot %lld) after %s s: %s"), a->title ? a->title : "",
		         (long long)a->slot_id, playout_seconds(played, secs, sizeof secs),
		         playout_detail(why, detail));
	} else {
		why = player_error_reason(po->player);
		detail = player_error(po->player);
		if (!detail || !*detail)
			detail = "the output failed";
		sync_items(po, a, ilog, row, started, AIRLOG_FAILED, why, detail);
		close_row(po, row, AIRLOG_FAILED, ended, played, why, detail);
		final = AIRLOG_FAILED;
		log_warnx(_("failed: %s (slot %lld) after %s s: %s"), a->title ? a->title : "",
		          (long long)a->slot_id, playout_seconds(played, secs, sizeof secs),
		          playout_detail(why, detail));
		playout_note_device(po, 0, why, detail);
		playout_output_failed(po);
		/* A sound device lost mid-airing can leave the audio library
		 * stuck inside this process (PortAudio's JACK and ALSA
		 * back-ends may hang in their teardown): a fresh process
		 * image is the one sure reset. The file and null outputs are
		 * ours and never need it. */
		if (!po->cfg->output ||
		    (strncmp(po->cfg->output, "file:", 5) != 0 && strncmp(po->cfg->output, "null", 4) != 0))
			po->restart = 1;
	}
	if (row <= 0)
		keep_aside(po, a, ilog, started, ended, late, played, final, why, detail, 0);
	free(ilog);
	po->last_end_ms = ended;
	service_status("idle");
	return 0;
}
