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

/*
 * Beyond the daemon's contract above: reading the log back, checking the
 * chain, and the sums the report is built from.
 */

#define AIRLOG_NONE INT64_MIN /* an instant that is not there (never started) */
/*
 * The reasons loa itself writes into the log. The log is evidence and is
 * written in English whatever the daemon's language, so the same event
 * always reads the same; reports show these in the officer's language
 * (report.c keeps the Vietnamese for each).
 */
#define AIRLOG_WHY_NOT_RUNNING "loa was not running at the time"
#define AIRLOG_WHY_BUSY "loa was busy or stalled at the time"
#define AIRLOG_WHY_EMERGENCY "cut by an emergency airing"
#define AIRLOG_WHY_SIGTERM "loa was stopped (SIGTERM)"
#define AIRLOG_WHY_STOPPED "stopped"
#define AIRLOG_WHY_UNTIL "loa run --until was reached"
#define AIRLOG_WHY_NO_START "the player could not start"
#define AIRLOG_WHY_NO_CLIP "no clip assigned"
#define AIRLOG_WHY_SKIPPED "skipped"
#define AIRLOG_WHY_CRASH "loa stopped during the airing (crash, power cut or kill); closed at the next start"

#define AIRLOG_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* One row as stored. Strings are never NULL ("" for none) and live only
 * during the callback that receives the row. */
struct airlog_row {
	int64_t id;               /* the row's id, fixed at insertion */
	int64_t seq;              /* position in the hash chain (1, 2...), 0 while playing */
	int64_t scheduled_ms;     /* the agenda's instant */
	int64_t started_ms;       /* first sample out, or AIRLOG_NONE */
	int64_t ended_ms;         /* last sample out, or AIRLOG_NONE */
	int64_t closed_ms;        /* when the row was closed, or AIRLOG_NONE while playing */
	int64_t played_ms;        /* milliseconds actually played */
	enum airlog_status status;/* the final status (or AIRLOG_PLAYING) */
	int late;                 /* 1 when it started late */
	int64_t delay_ms;         /* how late, when late */
	const char *reason;       /* why it was not completed, or "" */
	int64_t slot_id;          /* the slot it came from */
	const char *tier;         /* "normal", "priority" or "emergency" */
	int64_t clip_id;          /* the clip, 0 for a playlist or none */
	const char *playlist;     /* the playlist's name, or "" */
	const char *title;        /* the slot's title at airing time */
	const char *topic;        /* the clip's topic at airing time, or "" */
	const char *sha256;       /* the clip file's SHA-256, or "" */
	const char *device;       /* the output device, or "" */
	const char *prev_hash;    /* the previous closed row's hash (AIRLOG_GENESIS first) */
	const char *hash;         /* this row's hash, "" while playing */
	int null_mask;            /* bit i set: text field i (reason..device) is SQL NULL */
};

/* Which rows airlog_each() hands over. */
struct airlog_filter {
	int64_t from_ms;     /* scheduled at or after this, or AIRLOG_NONE */
	int64_t to_ms;       /* scheduled before this, or AIRLOG_NONE */
	unsigned statuses;   /* bit (1u << status) per wanted status; 0 for all */
	int late_only;       /* only rows flagged late */
	int by_seq;          /* closed rows in chain order instead of by scheduled time */
	int closed_by_id;    /* closed rows in id order (a plain table scan) */
	/* With closed_by_id and seq_to > 0: only rows with id >= id_from and
	 * seq_from <= seq < seq_to (one part of a chain check). */
	int64_t id_from, seq_from, seq_to;
};

/* Parses a status name ("completed"...); 0 or -1. */
int airlog_status_parse(const char *name, enum airlog_status *out);

/* The row's hash: SHA-256 over its canonical encoding (see airlog.c) with
 * prev_hash last. */
void airlog_row_hash(const struct airlog_row *r, const char *prev_hash, char out[65]);

/* Calls fn for every matching row, by scheduled time (or chain order).
 * Returns 0, -1 on a database error (printed), or fn's first nonzero
 * return value, which stops the walk. */
int airlog_each(struct store *s, const struct airlog_filter *f,
		int (*fn)(void *ctx, const struct airlog_row *r), void *ctx);

/* The status of the row for (slot_id, scheduled_ms): 1 and *out set when
 * there is one (the latest, if several), 0 when none, -1 on error. */
int airlog_status_of(struct store *s, int64_t slot_id, int64_t scheduled_ms, enum airlog_status *out);

/* The chain's head as recorded at each close: the last seq and its hash. */
int airlog_head(struct store *s, int64_t *seq, char hash[65]);

/* With closed: how many rows are closed (have a chain position). Without:
 * the id of the row at chain position seq (-1 when none) in *id_of_seq.
 * 0 or -1 (printed). */
int airlog_chain_stats(struct store *s, int64_t seq, int64_t *closed, int64_t *id_of_seq);

/* How many rows are still "playing", in *n (from their own index: no scan
 * of the log). 0 or -1 (printed). */
int airlog_count_open(struct store *s, int64_t *n);

/* What airlog_verify() found. */
struct airlog_check {
	int intact;          /* 1 when every closed row is in the chain, unaltered */
	int64_t rows;        /* closed rows checked */
	int64_t open;        /* rows still "playing" */
	int64_t bad_id;      /* the first row found wrong (0: none, or a removed tail) */
	int64_t bad_seq;     /* its chain position */
	char head[65];       /* the last closed row's hash: quote it to pin the log */
	char problem[512];   /* what is wrong, in the officer's words ("" when intact) */
};

/* Walks the whole chain. Returns 0 when it could be checked (the verdict
 * is in out->intact), -1 on a database error (printed). */
int airlog_verify(struct store *s, struct airlog_check *out);

/* One group of airings with the same clip, title, topic and status. */
struct airlog_tally {
	int64_t clip_id;          /* the clip, 0 for a playlist or none */
	const char *playlist;     /* "" unless a playlist */
	const char *title;        /* the title of the group's latest airing */
	const char *topic;        /* "" when none */
	enum airlog_status status;/* the status of every airing in the group */
	int64_t airings;          /* how many */
	int64_t late;             /* how many of them started late */
	int64_t played_ms;        /* their airtime */
	int64_t first_ms;         /* the earliest scheduled instant */
	int64_t last_ms;          /* the latest scheduled instant */
};

/* Sums the rows scheduled in [edges[0], edges[nbuckets]) by bucket (row
 * in bucket i when edges[i] <= scheduled < edges[i + 1]; edges ascend),
 * clip, playlist, title, topic and status in one pass over the log, and
 * calls fn for each group, by bucket, then clip id, playlist, title, topic
 * and status. 0, -1 (printed), or fn's nonzero return. */
int airlog_tally_buckets(struct store *s, const int64_t *edges, int nbuckets,
			 int (*fn)(void *ctx, int bucket, const struct airlog_tally *t), void *ctx);

#endif
