/*
 * emergency.h — "phát khẩn": a clip or a playlist played now, at the
 * emergency tier, cutting in over whatever airs, through the daemon that
 * plays the station (`loa play --emergency`, POST /api/v1/emergency).
 *
 * An emergency is a one-off slot of the emergency tier whose start is the
 * second of the request, written to the store in one transaction with a
 * row saying who asked and when (table emergency, schema step 13) and the
 * audit trail's entry. Nothing new has to reach the daemon: it watches the
 * store already (inotify on the database's folder, then PRAGMA
 * data_version), so an idle daemon wakes within milliseconds and plays it,
 * and a daemon on air looks for an emergency between the steps of the
 * airing (every 100 ms) and cuts it (logged interrupted, reason
 * interrupted_emergency). The agenda ranks the emergency first, so the
 * airing it overlaps is delayed after it, or skipped, as for any slot.
 * The emergency's airing log row names who asked (requested_by).
 *
 * Nothing is queued to surprise later: the slot is written only while a
 * daemon plays the station (its lock), and a daemon that reaches an
 * emergency more than EMERGENCY_WINDOW_MS after it was asked for (it was
 * stopped meanwhile) logs it missed instead of playing it late.
 */
#ifndef LOA_EMERGENCY_H
#define LOA_EMERGENCY_H

#include <stdint.h>

#include "loa/airlog.h"
#include "loa/catalog.h"

struct store;
struct station;

/* An emergency not started this long after its request is never played. */
#define EMERGENCY_WINDOW_MS 30000

/* The store's row of an emergency: who asked for its slot, and when. */
struct emergency_request {
	int64_t slot_id;        /* the one-off slot */
	int64_t requested_ms;   /* when it was asked for */
	char requested_by[256]; /* who: an account of the console, or the system user */
	char via[64];           /* from where: the client's address, or "local" */
};

/* Records r (inside the caller's transaction). 0 or -1 (printed). */
int store_emergency_add(struct store *s, const struct emergency_request *r);
/* The request of slot slot_id: 1 and *out filled, 0 when the slot is no
 * emergency asked for (quiet), -1 on error (printed). */
int store_emergency_get(struct store *s, int64_t slot_id, struct emergency_request *out);

/* Why an emergency was not written. */
enum emergency_refusal {
	EMERGENCY_OK = 0,
	EMERGENCY_NO_DAEMON,  /* no daemon plays the station: nothing written */
	EMERGENCY_NOT_FOUND,  /* no such clip or playlist (ERR_NOT_FOUND, field "clip" or "playlist") */
	EMERGENCY_UNPLAYABLE, /* nothing of it can play now: an empty playlist, a clip's file
	                         missing, a clip outside its dates (ERR_INPUT, the field) */
	EMERGENCY_ERROR,      /* the store failed (reported) */
};

/* An emergency written. */
struct emergency {
	int64_t slot_id;                  /* its one-off slot */
	int64_t start_ms;                 /* its start (the request's second): the log's "scheduled" */
	int64_t requested_ms;             /* when it was asked for */
	int64_t clip_id;                  /* the clip it plays, or 0 */
	char playlist[PLAYLIST_NAME_MAX]; /* or the playlist, as the station names it ("" for a clip) */
	char title[CLIP_TITLE_MAX];       /* what plays, as the slot and the log name it */
	int64_t duration_ms;              /* how long it plays (what of it can play) */
};

/*
 * Asks the daemon to play clip clip_id (> 0), or else the playlist called
 * playlist, now at the emergency tier, for user (from addr: "local" for
 * the command line), at now_ms: writes the one-off slot, its request and
 * the audit trail's "emergency" entry in one transaction. Returns
 * EMERGENCY_OK with *out filled, else why not (each refusal reported
 * through log.h with its kind and field; EMERGENCY_NO_DAEMON with
 * ADVICE_START_DAEMON).
 */
enum emergency_refusal emergency_now(struct store *s, const struct station *st, int64_t clip_id,
                                     const char *playlist, const char *user, const char *addr, int64_t now_ms,
                                     struct emergency *out);

/* Where emergency e stands in the airing log: 1 with *status and
 * *started_ms (AIRLOG_NONE when it did not start) once the daemon has
 * its row, 0 while it has none yet, -1 on error (printed). */
int emergency_state(struct store *s, const struct emergency *e, enum airlog_status *status,
                    int64_t *started_ms);

#endif
