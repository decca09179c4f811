/*
 * bulletin.h — the bulletins the hub sends down (doc/link.md, "Bulletins
 * down"), as the station keeps them: table bulletin, station schema step
 * 15, one row per hub's id.
 *
 * `loa link` receives a bulletin (link_bulletin.c), checks it, imports
 * its audio as a clip and records it here with what it did: received (a
 * normal bulletin waiting for the officer), scheduled (slots made), or
 * refused (never aired, with a code and the station's English sentence).
 * Each change of state is to be told to the hub (told 0) until the link
 * has published it (told 1). An airing of a bulletin's clip names the
 * bulletin in its airing log row (airlog.h's bulletin field): the store
 * looks it up by clip when it writes the row.
 */
#ifndef LOA_BULLETIN_H
#define LOA_BULLETIN_H

#include <stdint.h>

#include "loa/catalog.h"

struct store;

enum bulletin_state {
	BULLETIN_RECEIVED,  /* a normal bulletin, waiting for the officer */
	BULLETIN_SCHEDULED, /* slots made: by the officer, or at once (priority, emergency) */
	BULLETIN_REFUSED,   /* never aired: code and reason say why */
};

#define BULLETIN_AT_MAX 256 /* the suggested times, "06:00,17:00", NUL included */

/* A bulletin as the station keeps it. Times are UTC ms. */
struct bulletin {
	int64_t id;                 /* the hub's number */
	char title[CLIP_TITLE_MAX]; /* as the hub titles it */
	char topic[CLIP_TITLE_MAX]; /* its topic, "" for none */
	char tier[16];              /* "normal", "priority" or "emergency" ("" when unreadable) */
	char name[256];             /* the audio file's name at the hub */
	char sha256[65];            /* the audio's SHA-256 as the hub gave it */
	int64_t bytes;              /* the audio's length */
	int64_t from_ms;            /* it may air from */
	int64_t until_ms;           /* until (0: no end) */
	char at[BULLETIN_AT_MAX];   /* suggested times of day, comma-separated, "" for none */
	int64_t sent_ms;            /* when the hub sent it */
	int64_t received_ms;        /* when the station received it */
	enum bulletin_state state;  /* what the station did */
	char code[32];              /* a refusal's code (hash_mismatch...), "" otherwise */
	char reason[512];           /* a refusal's English sentence, "" otherwise */
	int64_t clip_id;            /* the clip its audio was imported as, 0 when none */
	int64_t state_ms;           /* when it reached its state */
	int told;                   /* the hub has been told this state */
};

/* "received", "scheduled", "refused". */
const char *bulletin_state_name(enum bulletin_state st);

/* Records b (a new id). 0, 1 when the station has that id already
 * (nothing changed), -1 on error (printed). */
int bulletin_add(struct store *s, const struct bulletin *b);
/* Bulletin id: 1 and *out filled, 0 when there is none, -1 on error. */
int bulletin_get(struct store *s, int64_t id, struct bulletin *out);
/* Moves bulletin id to state st (code and reason NULL but for a refusal;
 * clip_id 0 keeps the clip it has) at now_ms, to be told to the hub.
 * 0 or -1 (printed). */
int bulletin_set_state(struct store *s, int64_t id, enum bulletin_state st, const char *code,
                       const char *reason, int64_t clip_id, int64_t now_ms);
/* Records that the hub was told bulletin id's state of state_ms (a later
 * change stays to be told). 0 or -1. */
int bulletin_told(struct store *s, int64_t id, int64_t state_ms);
/* Calls fn for every bulletin, newest id first (only those the hub has
 * not been told when untold). 0, -1 on error (printed), or fn's first
 * nonzero return, which stops the walk. */
int bulletin_each(struct store *s, int untold, int (*fn)(void *ctx, const struct bulletin *b), void *ctx);

/* Scheduling bulletin b (loa bulletin schedule, POST
 * /api/v1/bulletins/ID/schedule): the choices of a slot's times the
 * officer made (NULL: left out), and the rest filled from the bulletin:
 * at, the times the hub suggested; from, the day its period begins when
 * that is after now; until, the last day of its period. */
struct bulletin_plan {
	const char *at, *days, *from, *until; /* the choices; at may point into the bulletin */
	char from_day[16], until_day[16];     /* where the filled dates are (YYYY-MM-DD) */
};
enum bulletin_plan_fault {
	BULLETIN_PLAN_OK,
	BULLETIN_PLAN_NO_AUDIO, /* refused before its audio was imported: it can never air */
	BULLETIN_PLAN_OVER,     /* its period is over */
	BULLETIN_PLAN_NO_TIMES, /* no time chosen and none suggested */
};
/* Fills p's left-out choices from b at now_ms in zone (p->at etc. as the
 * officer chose; the rest filled). Returns what stops it, or
 * BULLETIN_PLAN_OK. A refused bulletin whose audio was imported (no
 * programme to go before, no daemon for an emergency) may still air. */
enum bulletin_plan_fault bulletin_plan(const struct bulletin *b, const char *zone, int64_t now_ms,
                                       struct bulletin_plan *p);
/* The day of instant ms in zone, "YYYY-MM-DD", into out: out, or NULL
 * when zone is unknown. A bulletin's period in days: bulletin_day of
 * from_ms and of until_ms - 1 (its end is not in it). */
const char *bulletin_day(const char *zone, int64_t ms, char out[16]);

#endif
