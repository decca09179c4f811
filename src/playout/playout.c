/*
 * playout.c — the turns of the playout: plan, then act on the first
 * airing not yet in the airing log, or say how long nothing is due.
 *
 * Each turn asks the agenda (agenda.c, the same code `loa agenda` prints)
 * for the airings not yet in the airing log and acts on the first one, so
 * nothing is cached here that could go stale: a turn after an airing, a
 * SIGHUP, a schedule edit or a clock step is simply another turn. Passed
 * airings are logged in one pass (catch_up), never replayed in a burst;
 * the one due now is played by playout_air.c. The front end (the daemon)
 * owns the process: it sleeps until the instant a turn names and feeds
 * the systemd watchdog through struct playout_env's tick.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/agenda.h"
#include "loa/airlog.h"
#include "loa/clock.h"
#include "loa/config.h"
#include "loa/hook.h"
#include "loa/i18n.h"
#include "loa/journal.h"
#include "loa/log.h"
#include "loa/player.h"
#include "loa/reason.h"
#include "loa/service.h"
#include "loa/store.h"
#include "loa/timeutil.h"
#include "playout/playout_internal.h"

/* How far ahead one plan looks; beyond it agenda_next() finds the next. */
#define PLAN_AHEAD_MS 86400000LL
/* Back-off after the output failed: first retry, and the longest wait. */
#define RETRY_FIRST_MS 2000
#define RETRY_MAX_MS   60000

/* Between the steps of an airing: the amplifier command's timeout, and
 * the front end's tick (the watchdog). */
int
playout_tick(struct playout *po)
{
	hook_check(&po->hooks);
	return po->env.tick ? po->env.tick(po->env.arg) : -1;
}

/* The front end asked to stop (SIGTERM). */
int
playout_stopping(const struct playout *po)
{
	return po->env.stop && *po->env.stop;
}

/* An instant for the journal, in the station's zone, as its language
 * writes it (i18n_format_when). */
const char *
playout_when(const struct playout *po, int64_t ms, char *buf, size_t n)
{
	return i18n_format_when(ms, po->station->tz, buf, n);
}

/* A reason in the journal's language. */
const char *
playout_words(enum reason why)
{
	return reason_words(why, strcmp(i18n_language(), "vi") == 0);
}

const char *
playout_status_word(enum airlog_status st)
{
	const char *name = airlog_status_name(st);

	/* The words of the airing log's table (views.h's list). */
	return name ? i18n_pgettext("airing status", name) : "?";
}

const char *
playout_detail(enum reason why, const char *detail)
{
	if (!detail || !*detail ||
	    (strcmp(i18n_language(), "vi") == 0 && why != REASON_NONE && why != REASON_OTHER))
		return playout_words(why);
	return detail;
}

const char *
playout_seconds(double s, char *buf, size_t n)
{
	return i18n_format_decimal(s, 1, buf, n);
}

/* Moves the planning cursor past a handled airing. Anything not handled
 * yet starts no earlier than its planned instant minus the maximum
 * lateness (the agenda never delays an airing longer), so older nominal
 * starts need not be looked at again. */
static void
handled(struct playout *po, const struct airing *a)
{
	int64_t lo = a->planned_ms - po->cfg->max_lateness_ms;

	if (lo > po->cursor_ms)
		po->cursor_ms = lo;
	po->recent[po->nrecent % 64].slot_id = a->slot_id;
	po->recent[po->nrecent % 64].start_ms = a->start_ms;
	po->nrecent++;
	po->handled++;
}

static int
recently_handled(const struct playout *po, const struct airing *a)
{
	for (int i = 0; i < 64 && i < po->nrecent; i++)
		if (po->recent[i].slot_id == a->slot_id && po->recent[i].start_ms == a->start_ms)
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
journaled(const struct playout *po, const struct airing *a)
{
	struct journal_key k = {a->slot_id, a->start_ms};

	return po->njkeys && bsearch(&k, po->jkeys, po->njkeys, sizeof k, key_cmp) != NULL;
}

/* Reads which airings the journal holds (at start, when it could not be
 * replayed). */
static void
journal_load(struct playout *po)
{
	free(po->jkeys);
	po->jkeys = NULL;
	po->njkeys = 0;
	if (journal_keys(store_db_path(po->store), &po->jkeys, &po->njkeys) != 0)
		return;
	qsort(po->jkeys, po->njkeys, sizeof *po->jkeys, key_cmp);
}

/* Adds an airing just kept in the journal to the handled ones. */
void
playout_journal_note(struct playout *po, const struct airing *a)
{
	struct journal_key *v = realloc(po->jkeys, (po->njkeys + 1) * sizeof *v);

	po->journal = 1;
	if (!v)
		return; /* recent[] still covers it in this run */
	po->jkeys = v;
	po->jkeys[po->njkeys++] = (struct journal_key){a->slot_id, a->start_ms};
	qsort(po->jkeys, po->njkeys, sizeof *po->jkeys, key_cmp);
}

/*
 * Writes the journal into the airing log: at start, then at most once a
 * minute while it holds anything. A database opened read-only stays so
 * for this process's life (SQLite decides at open): once its files can be
 * written again, loa restarts itself in place to open it afresh.
 */
static void
journal_flush(struct playout *po, int now)
{
	const char *db = store_db_path(po->store);
	int n;

	if (!po->journal || (!now && clock_mono_ns() < po->replay_next_ns))
		return;
	po->replay_next_ns = clock_mono_ns() + 60000000000LL;
	if (store_readonly(po->store)) {
		/* Never at start: a restart finding it still read-only would
		 * restart again at once. */
		if (!now && !clock_simulated() && store_unwritable(db, NULL, 0) == 0) {
			log_info(_("the station's database can be written again: loa restarts to write the "
			           "airings kept aside"));
			po->restart = 1;
		}
		return;
	}
	if ((n = journal_replay(po->store, db)) < 0)
		return;
	if (n > 0)
		log_info(_("%d airing(s) kept aside while the airing log could not be written are in it now"),
		         n);
	free(po->jkeys);
	po->jkeys = NULL;
	po->njkeys = 0;
	po->journal = 0;
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
catch_up(struct playout *po, const struct agenda *ag, const struct airing *from, int64_t now)
{
	int64_t first = 0, last = 0, cursor = po->cursor_ms;
	int missed = 0, skipped = 0, lost = 0, batch = 0, tx, nrecent = po->nrecent;
	const struct airing *only = NULL;
	enum airlog_status only_st = AIRLOG_MISSED;
	enum reason only_why = REASON_NONE;
	const char *only_detail = NULL;
	char b1[40], b2[40];

	tx = store_begin(po->store) == 0;
	for (size_t i = (size_t)(from - ag->v); i < ag->n && !playout_stopping(po); i++) {
		const struct airing *a = &ag->v[i];
		enum airlog_status st;
		enum reason why;
		const char *detail = NULL;
		int has;

		if (a->planned_ms >= po->cfg->until_ms ||
		    (has = airlog_has(po->store, a->slot_id, a->start_ms)) < 0)
			break;
		if (has || recently_handled(po, a) || journaled(po, a))
			continue;
		if (a->status == AIRING_SKIPPED || a->nitems <= 0) {
			/* At its time, or with the pre-roll of an airing right
			 * after it, so the skip never delays that one's start. */
			if (a->planned_ms - PLAYER_PREROLL_MS > now)
				break;
			st = AIRLOG_SKIPPED, why = skip_why(a), detail = a->skip_reason;
		} else if (now - a->planned_ms > po->cfg->max_lateness_ms) {
			st = AIRLOG_MISSED;
			why = a->planned_ms < po->started_ms ? REASON_MISSED_DOWNTIME : REASON_MISSED_BUSY;
			detail = why == REASON_MISSED_DOWNTIME ? "loa was not running at the time"
			                                       : "loa was busy or stalled at the time";
		} else {
			break;
		}
		if (playout_record_row(po, a, st, why, detail) != 0)
			lost++;
		handled(po, a);
		*(st == AIRLOG_MISSED ? &missed : &skipped) += 1;
		if (!first)
			first = a->start_ms, only = a, only_st = st, only_why = why, only_detail = detail;
		last = a->start_ms;
		if (++batch % CATCH_UP_BATCH == 0) {
			if (tx && store_commit(po->store) != 0)
				break;
			tx = store_begin(po->store) == 0;
			cursor = po->cursor_ms, nrecent = po->nrecent;
			playout_tick(po);
		}
	}
	if (tx && store_commit(po->store) != 0) {
		/* None of the last batch is in the log: handle it again. */
		store_rollback(po->store);
		po->cursor_ms = cursor, po->nrecent = nrecent;
		log_warnx(_("cannot write the airing log; retrying"));
		return;
	}
	playout_tick(po);
	if (missed + skipped == 1 && !lost)
		log_info(_("%s: %s (slot %lld) at %s: %s"), playout_status_word(only_st),
		         only->title ? only->title : "", (long long)only->slot_id,
		         playout_when(po, only->start_ms, b1, sizeof b1),
		         playout_detail(only_why, only_detail));
	else if (missed + skipped > 1)
		log_info(_("logged %d missed and %d skipped airing(s) scheduled from %s to %s"), missed,
		         skipped, playout_when(po, first, b1, sizeof b1),
		         playout_when(po, last, b2, sizeof b2));
}

/*
 * Starts an amplifier command and returns at once: the front end's loop
 * and the airing's steps watch it and stop it at its timeout, so a hung
 * relay never delays an airing nor starves the watchdog. The on-air
 * command starts on_air_lead_ms before the airing, which is its time to switch the
 * amplifier on; the airing starts at its instant whether it has finished
 * or not. Under a simulated clock, where the instant comes at once, the
 * command is waited for (to its timeout), as the lead's time would allow.
 */
static void
hook_start_now(struct playout *po, char **argv, const char *event)
{
	hook_start(&po->hooks, argv, event, po->cfg->hook_timeout_ms);
	if (clock_simulated())
		hook_wait(&po->hooks, po->env.tick, po->env.arg);
}

void
playout_on_air(struct playout *po)
{
	if (po->on_air || !po->cfg->on_air_argv)
		return;
	log_info(_("amplifier on: running '%s'"), po->cfg->on_air_argv[0]);
	hook_start_now(po, po->cfg->on_air_argv, "on-air");
	po->on_air = 1;
}

static void
hook_off_air(struct playout *po)
{
	if (!po->on_air)
		return;
	po->on_air = 0;
	if (!po->cfg->off_air_argv)
		return;
	log_info(_("amplifier off: running '%s'"), po->cfg->off_air_argv[0]);
	hook_start_now(po, po->cfg->off_air_argv, "off-air");
}

/* Recreates the player after an output failure (a new player re-opens
 * PortAudio, so a device plugged back in is seen) and backs off. */
void
playout_output_failed(struct playout *po)
{
	int64_t wait = RETRY_FIRST_MS;

	for (int i = 1; i < po->fail_count && wait < RETRY_MAX_MS; i++)
		wait *= 2;
	if (wait > RETRY_MAX_MS)
		wait = RETRY_MAX_MS;
	po->fail_count++;
	po->retry_at_ms = clock_wall_ms() + wait;
	player_free(po->player);
	po->player = player_new(po->cfg->output);
}

/* Says, at start, when the station's files cannot be written, and how to
 * repair them: the airings still play, and are kept aside meanwhile. */
static void
warn_unwritable(struct playout *po)
{
	const char *db = store_db_path(po->store);
	char names[2048], jp[PATH_MAX];

	if (store_unwritable(db, names, sizeof names) == 0) {
		if (!store_readonly(po->store))
			return;
		snprintf(names, sizeof names, "'%s'", db);
	}
	journal_path(db, jp, sizeof jp);
	log_warnx(
	    _("the station's database cannot be written: %s; airings still play, and each is kept in '%s' "
	      "until the airing log can take it"),
	    names, jp);
	log_warnx(
	    _("to repair it, let the user loa runs as write those files and their folder "
	      "(e.g. chown loa: and chmod u+rw on each); loa writes the kept airings as soon as it can"));
}

/*
 * An emergency asked for now plays at once or never (emergency.h): one
 * reached more than EMERGENCY_WINDOW_MS after its request — this daemon
 * was stopped, or busy, meanwhile — is logged missed instead of surprising
 * the commune later. Returns 1 when a was so logged.
 */
static int
stale_request(struct playout *po, const struct airing *a, int64_t now)
{
	char b[40], detail[200];
	enum reason why;

	if (playout_request(po, a) != 1 || now - po->request.requested_ms <= EMERGENCY_WINDOW_MS)
		return 0;
	why = po->request.requested_ms < po->started_ms ? REASON_MISSED_DOWNTIME : REASON_MISSED_BUSY;
	snprintf(detail, sizeof detail,
	         "the emergency asked for by %.64s was not started within %d s of the request; it is "
	         "not played late",
	         po->request.requested_by, EMERGENCY_WINDOW_MS / 1000);
	if (playout_record_row(po, a, AIRLOG_MISSED, why, detail) == 0)
		log_warnx(
		    _("missed: the emergency '%s' (slot %lld) asked for at %s was not started within %d s; "
		      "it is not played late"),
		    a->title ? a->title : "", (long long)a->slot_id,
		    playout_when(po, po->request.requested_ms, b, sizeof b), EMERGENCY_WINDOW_MS / 1000);
	return 1;
}

/* The first airing in ag not yet in the airing log, and the first of
 * those that plays (for the amplifier); NULL when none. -1 on error. */
static int
pending(struct playout *po, const struct agenda *ag, const struct airing **first,
        const struct airing **play_first)
{
	*first = *play_first = NULL;
	for (size_t i = 0; i < ag->n; i++) {
		const struct airing *a = &ag->v[i];
		if (a->planned_ms >= po->cfg->until_ms)
			break;
		int has = airlog_has(po->store, a->slot_id, a->start_ms);
		if (has < 0)
			return -1;
		if (!has && (recently_handled(po, a) || journaled(po, a)))
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

int
playout_turn(struct playout *po, int64_t *wake_ms)
{
	struct agenda ag = {0};
	const struct airing *a, *p;
	int64_t now = clock_wall_ms(), wake = po->cfg->until_ms;
	char b[40];
	int rc = 0;

	*wake_ms = 0;
	journal_flush(po, 0);
	if (po->restart)
		return 0;
	if (agenda_build(po->store, po->cursor_ms, now + PLAN_AHEAD_MS, &ag) != 0 ||
	    pending(po, &ag, &a, &p) != 0) {
		agenda_free(&ag);
		return -1;
	}
	/* The amplifier: off when nothing plays within the shared gap. */
	if (po->on_air && (!p || p->planned_ms - po->cfg->on_air_lead_ms - now > po->cfg->hook_gap_ms))
		hook_off_air(po);
	if (!a) {
		/* Nothing pending within a day: find the next airing at all. */
		struct airing nx;
		memset(&nx, 0, sizeof nx);
		if (agenda_next(po->store, now + PLAN_AHEAD_MS, &nx) == 1 && nx.planned_ms < wake)
			wake = nx.planned_ms - PLAN_AHEAD_MS / 2;
		airing_clear(&nx);
		service_status("idle, nothing scheduled in the next 24 hours");
		agenda_free(&ag);
		*wake_ms = wake;
		return 0;
	}
	if (a->status == AIRING_SKIPPED || a->nitems <= 0 ? a->planned_ms - PLAYER_PREROLL_MS <= now
	                                                  : now - a->planned_ms > po->cfg->max_lateness_ms) {
		catch_up(po, &ag, a, now);
		goto done;
	}
	if (a->status == AIRING_SKIPPED || a->nitems <= 0) {
		wake = a->planned_ms - PLAYER_PREROLL_MS;
	} else {
		int64_t preroll = po->player && player_untimed(po->player) ? 0 : PLAYER_PREROLL_MS;
		int64_t at = a->planned_ms - preroll;
		if (po->retry_at_ms > at && po->retry_at_ms < a->planned_ms)
			at = po->retry_at_ms; /* back-off: still on air, late pre-roll */
		if (now >= at && stale_request(po, a, now)) {
			handled(po, a);
			goto done;
		}
		if (now >= at) {
			if (playout_play(po, a) != 0)
				goto done; /* an emergency came in its pre-roll: plan again */
			handled(po, a);
			if (po->cfg->once)
				rc = 1;
			goto done;
		}
		wake = at;
		if (po->cfg->on_air_argv && !po->on_air && a->planned_ms - po->cfg->on_air_lead_ms < wake) {
			int64_t hook_at = a->planned_ms - po->cfg->on_air_lead_ms;
			if (now >= hook_at)
				playout_on_air(po);
			else
				wake = hook_at;
		}
	}
	if (wake > po->cfg->until_ms)
		wake = po->cfg->until_ms;
	service_status("next: %s (slot %lld) at %s", a->title ? a->title : "", (long long)a->slot_id,
	               playout_when(po, a->planned_ms, b, sizeof b));
	agenda_free(&ag);
	*wake_ms = wake;
	return 0;
done:
	agenda_free(&ag);
	return rc;
}

struct playout *
playout_open(struct store *s, const struct station *st, const struct playout_config *c,
             const struct playout_env *env)
{
	struct playout *po = calloc(1, sizeof *po);
	char jp[PATH_MAX];
	int n;

	if (!po) {
		error(_("out of memory"));
		return NULL;
	}
	po->cfg = c;
	po->env = *env;
	po->store = s;
	po->station = st;
	hook_runner_init(&po->hooks);
	po->started_ms = clock_wall_ms();
	agenda_set_max_lateness_ms(c->max_lateness_ms);
	/* What the log could not take last time goes in first (a close kept
	 * aside must find its row still open), then a row left "playing" by a
	 * crash or power cut is closed. */
	warn_unwritable(po);
	po->journal = journal_path(store_db_path(s), jp, sizeof jp) == 0 && access(jp, F_OK) == 0;
	journal_flush(po, 1);
	if (po->journal)
		journal_load(po);
	if ((n = airlog_recover(s, po->started_ms)) < 0) {
		error(_("cannot read the airing log of '%s'"), store_db_path(s));
		advise(ADVICE_LOG_VERIFY, NULL);
		playout_free(po);
		return NULL;
	}
	if (n > 0)
		log_info(_("closed %d airing(s) left open by a crash as interrupted"), n);
	/* Misses are logged back to the look-back limit, never before the
	 * station existed; but a clock that was ahead when the station was made
	 * (and was then corrected) must not silence the airings still to come:
	 * the cursor never starts after now. */
	po->cursor_ms = po->started_ms - c->lookback_ms;
	if (st->created_ms > po->cursor_ms)
		po->cursor_ms = st->created_ms < po->started_ms ? st->created_ms : po->started_ms;
	/* Events start on whole seconds: one in the second the station was
	 * made (an emergency asked for at once) is not before it. */
	po->cursor_ms -= ((po->cursor_ms % 1000) + 1000) % 1000;
	playout_note_start(po);
	if (!(po->player = player_new(c->output))) {
		error(_("cannot create the output '%s'"), c->output ? c->output : "default");
		playout_free(po);
		return NULL;
	}
	return po;
}

struct hook_runner *
playout_hooks(struct playout *po)
{
	return &po->hooks;
}

const char *
playout_device(const struct playout *po)
{
	return po->player ? player_device(po->player) : po->cfg->output ? po->cfg->output : "default";
}

int
playout_restart(const struct playout *po)
{
	return po->restart;
}

void
playout_finish(struct playout *po)
{
	if (playout_close_pending(po, 1))
		log_warnx(
		    _("some airing log rows could not be closed; the next start closes them as interrupted"));
	hook_off_air(po);
	hook_wait(&po->hooks, po->env.tick, po->env.arg); /* the amplifier is off before loa exits */
}

void
playout_free(struct playout *po)
{
	if (!po)
		return;
	player_free(po->player);
	free(po->jkeys);
	free(po);
}
