/*
 * status.h — "did this morning's broadcast go out?": the station at a
 * glance, for `loa status` and the web console's dashboard.
 *
 * station_status() gathers, at one instant, what the officer needs to know
 * without reading the log: whether the daemon runs (and still answers: its
 * heartbeat) and what it last found of the sound device, what is on air
 * (with its length, for a progress bar), the airing last closed, every
 * airing of today and yesterday
 * with its outcome (by title, with each item of a programme), the next
 * airings, and the warnings that need the officer before the loudspeakers
 * fall silent. It only reads; the front end words it (views.h writes its
 * JSON, whose keys are a public contract).
 */
#ifndef LOA_STATUS_H
#define LOA_STATUS_H

#include <stddef.h>
#include <stdint.h>

#include "loa/agenda.h"
#include "loa/airlog.h"
#include "loa/reason.h"
#include "loa/store.h"

/* How far ahead the status looks (as `loa run --check`). */
#define STATUS_DAYS 7
/* How many of the next airings it lists. */
#define STATUS_NEXT 5
/* A running daemon whose heartbeat (store.h, daemon_state) is older than
 * this is not answering: it may hang (two heartbeats missed). */
#define STATUS_SILENT_MS 120000

/* What needs the officer. The codes (status_warning_code) are stable: the
 * JSON's "code", what scripts and the web console key on. */
enum status_warning_kind {
	STATUS_NO_SLOTS,          /* nothing is scheduled at all */
	STATUS_NOTHING_AHEAD,     /* slots exist, but nothing airs in the next STATUS_DAYS days */
	STATUS_SCHEDULE_ENDS,     /* the last airing of the schedule is within them (at_ms) */
	STATUS_SLOT_NO_CLIP,      /* a slot's airings have nothing to play (slot_id, reason, at_ms) */
	STATUS_CLIP_EXPIRES,      /* a clip still scheduled stops being valid soon (clip_id, date) */
	STATUS_NO_DEVICE,         /* the daemon's last try of the sound device failed (at_ms, text) */
	STATUS_DAEMON_STOPPED,    /* slots exist and no daemon plays the station */
	STATUS_DAEMON_SILENT,     /* the daemon's lock is held, its heartbeat older than
	                             STATUS_SILENT_MS (at_ms: its last) */
	STATUS_BULLETINS_WAITING, /* bulletins of the hub wait for the officer to schedule
	                             them (count; at_ms: the oldest's arrival) */
};

struct status_warning {
	enum status_warning_kind kind;
	int64_t slot_id;  /* STATUS_SLOT_NO_CLIP: the slot, else 0 */
	int64_t clip_id;  /* STATUS_CLIP_EXPIRES: the clip, else 0 */
	char title[2048]; /* the slot's or the clip's title (the device for STATUS_NO_DEVICE), or "" */
	int64_t at_ms;    /* the instant concerned (see the kinds), or 0 */
	char date[11];    /* STATUS_CLIP_EXPIRES: its last valid day, "YYYY-MM-DD" */
	enum reason why;  /* STATUS_SLOT_NO_CLIP, STATUS_NO_DEVICE: why */
	char detail[256]; /* STATUS_NO_DEVICE: the device's error, or "" */
	int count;        /* STATUS_BULLETINS_WAITING: how many */
};

/* An item of an airing of the log, as the status keeps it. */
struct status_item {
	int position;              /* 1, 2... */
	char *title;               /* the clip's title at airing time */
	enum airlog_status status; /* how it went */
	enum reason why;           /* why it did not complete, REASON_NONE */
	int64_t played_ms;         /* how much of it went out */
};

/* An airing of the log: today's, yesterday's, or the one on air. */
struct status_aired {
	int64_t id;                /* its row */
	int64_t slot_id;           /* its slot */
	int64_t scheduled_ms;      /* the agenda's instant */
	int64_t started_ms;        /* first sample out, or AIRLOG_NONE */
	int64_t played_ms;         /* how much went out */
	enum airlog_status status; /* its outcome (AIRLOG_PLAYING on air) */
	enum reason why;           /* why it did not complete, REASON_NONE */
	char *reason;              /* the detail in words, or "" */
	char *title;               /* the slot's title at airing time */
	char *playlist;            /* its playlist, or "" */
	char tier[12];             /* "normal", "priority", "emergency" */
	char *requested_by;        /* who asked for it now (an emergency), or "" */
	int64_t duration_ms;       /* on air: what it plays in all, as the agenda has it; 0 unknown */
	struct status_item *items; /* its items, in order */
	int nitems;                /* how many */
};

struct station_status {
	int64_t now_ms;              /* the instant it describes */
	int64_t day_ms;              /* today's first instant in the station's zone */
	int64_t yesterday_ms;        /* and yesterday's */
	int running;                 /* the daemon: 1 runs, 0 does not, -1 cannot tell */
	int64_t pid;                 /* its PID when it runs (0 unknown) */
	int have_state;              /* 1 when a daemon ever wrote its state */
	struct daemon_state state;   /* what it last wrote */
	int slots;                   /* slots in the station */
	int slots_enabled;           /* of them, enabled */
	struct status_aired *on_air; /* the airing on air (in aired), or NULL */
	struct status_aired *aired;  /* the log since yesterday's start, by instant */
	size_t naired;               /* how many */
	struct status_aired *last;   /* the airing last closed (in aired, or older), or NULL */
	struct status_aired *older;  /* that airing when it is older than aired (owned), or NULL */
	struct airing *next;         /* the next airings (STATUS_NEXT at most) */
	size_t nnext;                /* how many */
	int plays_ahead;             /* airings that play in the next STATUS_DAYS days */
	int64_t last_ms;             /* the schedule's last airing when it ends within them, else 0 */
	struct status_warning *warn; /* what needs the officer */
	size_t nwarn;                /* how many */
};

/* Gathers the status of the station s (settings st) at now_ms. 0, or -1
 * after reporting an error (out is then empty). Free with
 * station_status_free(). */
int station_status(struct store *s, const struct station *st, int64_t now_ms, struct station_status *out);
void station_status_free(struct station_status *out);

/* Whether anything plays at or after after_ms (within the year agenda_next
 * looks at): 1, 0, or -1 on error (printed). */
int status_plays_after(struct store *s, int64_t after_ms);

/* What the airings of one slot will do (a check after it is added). */
struct slot_outlook {
	int airings;      /* its airings in the period */
	int plays;        /* of them, those that air */
	enum reason why;  /* when none airs: the reason most of them do not */
	int64_t by_slot;  /* when that is an overlap: the slot that takes their time */
	int64_t first_ms; /* its first airing in the period, or 0 */
};

/* The outlook of slot slot_id over [from_ms, to_ms), as the daemon would
 * play it. 0, or -1 on error (printed). */
int status_slot_outlook(struct store *s, int64_t slot_id, int64_t from_ms, int64_t to_ms,
                        struct slot_outlook *out);

/* "no_slots", "nothing_ahead", "schedule_ends", "slot_no_clip",
 * "clip_expires", "no_device", "daemon_stopped", "daemon_silent". */
const char *status_warning_code(enum status_warning_kind k);

#endif
