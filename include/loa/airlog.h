/*
 * airlog.h — the airing log: evidence of every airing and every miss.
 *
 * The daemon writes one row per agenda airing it handled. A row is
 * committed when the airing starts (status "playing"), its played seconds
 * are updated at least every 2 seconds, and it is closed once with its final
 * status. Closed rows are append-only (triggers enforce it) and hash-chained
 * (SHA-256 over the row's fields and the previous closed row's hash), so
 * `loa log verify` can name the first row that was altered, inserted or
 * removed. Title, topic and the clip's SHA-256 are copied at airing time so
 * later edits or deletions of clips never change history.
 */
#ifndef LOA_AIRLOG_H
#define LOA_AIRLOG_H

#include <stdint.h>

struct store;

enum airlog_status {
	AIRLOG_PLAYING,     /* on air now (or the daemon died during it) */
	AIRLOG_COMPLETED,   /* played to its end */
	AIRLOG_INTERRUPTED, /* cut: an emergency, SIGTERM, a crash */
	AIRLOG_FAILED,      /* could not play: missing or corrupt file, no device */
	AIRLOG_MISSED,      /* its time passed while loa was not running */
	AIRLOG_SKIPPED,     /* not played on purpose: blackout, conflict, no clip assigned */
};

/* What was scheduled, copied into the row. */
struct airlog_airing {
	int64_t scheduled_ms;  /* the agenda's instant (UTC ms) */
	int64_t slot_id;       /* the slot it came from */
	const char *tier;      /* "normal", "priority" or "emergency" */
	int64_t clip_id;       /* 0 for a playlist or when none is assigned */
	const char *playlist;  /* playlist name, or NULL */
	const char *title;     /* the slot's title at airing time */
	const char *topic;     /* the clip's topic at airing time, or NULL */
	const char *sha256;    /* the clip file's SHA-256 (playlist: of the first clip), or NULL */
	const char *device;    /* the output device, or NULL */
};

/* "completed", "interrupted"...; NULL for an unknown status. */
const char *airlog_status_name(enum airlog_status s);

/* Opens a "playing" row; returns its id (> 0) or -1. late_ms > 0 marks it late. */
int64_t airlog_begin(struct store *s, const struct airlog_airing *a, int64_t started_ms, int64_t late_ms);
/* Records the seconds played so far of an open row. */
int airlog_progress(struct store *s, int64_t row, double played_s);
/* Closes an open row with its final status and chains its hash. reason is
 * NULL only for AIRLOG_COMPLETED. */
int airlog_end(struct store *s, int64_t row, enum airlog_status status, int64_t ended_ms, double played_s,
	       const char *reason);
/* Writes a closed row for an airing that never started (missed, skipped,
 * failed before the first sample). */
int airlog_record(struct store *s, const struct airlog_airing *a, enum airlog_status status, const char *reason);
/* 1 if the log already has a row for (slot_id, scheduled_ms), 0 if not, -1 on error. */
int airlog_has(struct store *s, int64_t slot_id, int64_t scheduled_ms);
/* At daemon start: closes rows left "playing" by a crash as interrupted
 * with their last recorded played seconds. Returns how many, or -1. */
int airlog_recover(struct store *s, int64_t now_ms);

#endif
