/*
 * playout_internal.h — the playout's state, shared by its files:
 * playout.c (the turns: planning, catch-up, the journal, the amplifier)
 * and playout_air.c (one airing played and logged item by item).
 */
#ifndef PLAYOUT_INTERNAL_H
#define PLAYOUT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "loa/airlog.h"
#include "loa/clip.h"
#include "loa/emergency.h"
#include "loa/hook.h"
#include "loa/journal.h"
#include "loa/playout.h"
#include "loa/reason.h"

struct agenda;
struct airing;

/* The longest player_run() step while on air: the log's played seconds,
 * a stop and an emergency are all looked at this often. An emergency
 * must be on air within a second of its request (emergency.h): the fade
 * of the airing it cuts takes half of that, so the step is short; a step
 * costs a few system calls and one PRAGMA data_version. Untimed and
 * simulated airings take no real time: their steps only pace the log. */
#define TICK_MS     100
#define TICK_SIM_MS 1000

struct playout {
	const struct playout_config *cfg; /* the settings */
	struct playout_env env;           /* the front end's stop flag and tick */
	struct store *store;              /* the open station */
	const struct station *station;    /* its zone, for messages */
	struct player *player;            /* the output; recreated after a failure */
	int64_t cursor_ms;                /* airings with a nominal start before this are handled */
	int64_t started_ms;               /* when this run began (for miss reasons) */
	int on_air;                       /* the on-air hook ran and off-air has not */
	struct hook_runner hooks;         /* the amplifier commands, watched by the front end */
	int64_t last_end_ms;              /* when the last airing ended */
	int fail_count;                   /* output failures in a row (back-off) */
	int64_t retry_at_ms;              /* no new output attempt before this */
	int handled;                      /* airings handled (for once) */
	struct clip clip;                 /* the airing's clip, for the log's copies */
	char approver[64];                /* who approved the airing slot (playout_airlog_fill) */
	struct {
		int64_t slot_id, start_ms;
	} recent[64];                     /* airings handled lately: if the log could not
	                                     be written (disk full), never handle one twice */
	int nrecent;                      /* entries written to recent (mod 64) */
	int restart;                      /* the process should restart in place */
	struct journal_key *jkeys;        /* airings in the journal, sorted: handled */
	size_t njkeys;                    /* entries in jkeys */
	int journal;                      /* the journal holds what the log does not yet */
	struct daemon_state state;        /* the daemon's word on itself, as last written */
	int state_failed;                 /* writing it failed: not tried again */
	int64_t replay_next_ns;           /* monotonic time of the next attempt to replay it */
	struct emergency_request request; /* who asked for the airing at hand (playout_request) */
	int64_t data_version;             /* the store's as the last look for an emergency saw it */
	uint64_t generation;              /* and the slots' of this process */
	int64_t emergency_look_ns;        /* monotonic time of its next look regardless */
	struct {
		int64_t row;               /* the open row whose close failed, 0 = none */
		enum airlog_status status; /* how the airing ended */
		int64_t ended_ms;          /* when */
		double played_s;           /* seconds played */
		enum reason why;           /* why, REASON_NONE for completed */
		char detail[256];          /* and in words, "" for its code's */
	} unclosed[8];                     /* rows whose close could not be written (disk full):
	                                      retried before each airing and at exit, so a
	                                      completed airing is never left "playing" (and later
	                                      recovered as interrupted) once space returns */
};

/* playout_state.c */
void playout_note_start(struct playout *po);
/* The device was tried: ok, or not (why, and its error in words). */
void playout_note_device(struct playout *po, int ok, enum reason why, const char *detail);

/* playout_state.c: whether airing a was asked for now (an emergency): 1
 * with po->request filled, 0 when not (or the store failed, printed). */
int playout_request(struct playout *po, const struct airing *a);

/* playout.c */
const char *playout_when(const struct playout *po, int64_t ms, char *buf, size_t n);
const char *playout_words(enum reason why);
/* What became of an airing, in the journal's language ("completed"). */
const char *playout_status_word(enum airlog_status st);
/* Why, for the journal: the detail sentence (English, naming the device
 * or the file) in English, else the reason's words in the journal's
 * language, which a Vietnamese reader can read; the detail of a reason
 * without words (REASON_OTHER), or the words when there is no detail. */
const char *playout_detail(enum reason why, const char *detail);
/* Seconds with one decimal, in the journal's decimal separator. */
const char *playout_seconds(double s, char *buf, size_t n);
int playout_tick(struct playout *po);
int playout_stopping(const struct playout *po);
void playout_on_air(struct playout *po);
void playout_output_failed(struct playout *po);
void playout_journal_note(struct playout *po, const struct airing *a);

/* playout_air.c */
void playout_airlog_fill(struct playout *po, const struct airing *a, struct airlog_airing *out);
int playout_record_row(struct playout *po, const struct airing *a, enum airlog_status st, enum reason why,
                       const char *detail);
/* Plays a due airing; 0 handled (logged), 1 not started: an emergency came
 * in its pre-roll, so the next turn plans again with it. */
int playout_play(struct playout *po, const struct airing *a);
int playout_close_pending(struct playout *po, int aside);

#endif
