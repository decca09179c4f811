/*
 * reason.h — why an airing, or an item of it, did not air as planned: a
 * closed list of stable codes.
 *
 * The airing log stores the code beside a sentence of detail (in English,
 * whatever the daemon's language, with the device or the clip's title), and
 * every reader — reports, listings, the web console, the province's hub —
 * words the code in its own language. The codes are a public contract:
 * they appear in `loa log` CSV/JSON, in the report's JSON and on the link
 * to the hub. Add codes at the end; never rename or reuse one.
 */
#ifndef LOA_REASON_H
#define LOA_REASON_H

enum reason {
	REASON_NONE = 0,              /* it aired as planned */
	REASON_DEVICE_MISSING,        /* no sound device, or not the one named */
	REASON_DEVICE_ERROR,          /* the device would not open or start */
	REASON_DEVICE_LOST,           /* the device stopped or stalled while playing */
	REASON_OUTPUT_ERROR,          /* another output failed (a file output could not be written) */
	REASON_CLIP_MISSING,          /* the clip's library file is gone */
	REASON_CLIP_CORRUPT,          /* the clip's file cannot be decoded */
	REASON_CLIP_EXPIRED,          /* the clip's last valid day has passed */
	REASON_CLIP_NOT_YET_VALID,    /* the clip's first valid day has not come */
	REASON_CLIP_REMOVED,          /* the slot's clip was removed from the library */
	REASON_PLAYLIST_EMPTY,        /* the slot's playlist has no clips */
	REASON_PLAYLIST_MISSING,      /* the slot's playlist was removed */
	REASON_NO_CLIP,               /* the slot has no clip assigned */
	REASON_MISSED_DOWNTIME,       /* loa was not running at the time */
	REASON_MISSED_BUSY,           /* loa was busy or stalled at the time */
	REASON_INTERRUPTED_CRASH,     /* loa stopped mid-airing (crash, power cut, kill) */
	REASON_INTERRUPTED_EMERGENCY, /* cut by an emergency airing */
	REASON_INTERRUPTED_STOP,      /* loa was stopped (SIGTERM, --until) */
	REASON_BLACKOUT,              /* a blackout day: normal slots do not air */
	REASON_OVERLAP,               /* an overlap would have made it too late */
	REASON_OUT_OF_MEMORY,         /* the computer ran out of memory */
	REASON_OTHER,                 /* anything else: the detail says what */
	REASON_PENDING_APPROVAL,      /* the slot or its clip waits for the leader's approval */
	REASON_REJECTED,              /* a leader rejected the slot or its clip (with a reason) */
	REASON_COUNT
};

/* "device_lost"...; "" for REASON_NONE, NULL outside the list. */
const char *reason_code(enum reason r);
/* The reason of a code; -1 for a code not in the list. */
int reason_parse(const char *code, enum reason *out);

/* The reason in words, for a person: in Vietnamese when vi is set (a
 * report's language, or i18n_language() being "vi"), else English. */
const char *reason_words(enum reason r, int vi);

/* A planned skip: the officer's own settings or the schedule's rules made
 * it (blackout days, validity dates, no clip, an overlap), not a fault. */
int reason_planned(enum reason r);

/*
 * The code for a reason written before codes existed (a row of schema 5 or
 * older, whose reason is only text): the sentences loa used to write,
 * matched as they were written; REASON_OTHER for anything else, REASON_NONE
 * for NULL or "".
 */
enum reason reason_from_text(const char *text);

#endif
