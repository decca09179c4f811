/*
 * airlog.h — the airing log: evidence of every airing and every miss.
 *
 * The daemon writes one row per agenda airing it handled. A row is
 * committed when the airing starts (status "playing"), its played seconds
 * are updated at least every 2 seconds, and it is closed once with its final
 * status. Each item it plays (a clip of a programme, or the one clip of a
 * single-clip slot) gets an item row of its own as its turn comes: clip,
 * title, topic, position, start, seconds played, status and reason. Closed
 * rows and their items are append-only (triggers enforce it) and
 * hash-chained (SHA-256 over the row's fields, its items and the previous
 * closed row's hash), so `loa log verify` can name the first row that was
 * altered, inserted or removed. Title, topic and the clip's SHA-256 are
 * copied at airing time so later edits or deletions of clips never change
 * history.
 *
 * Every row that did not complete carries a reason code (reason.h) and a
 * sentence of detail. Rows written before schema step 7 are chain version
 * 1: no items, no code (airlog_row_reason derives one from the sentence);
 * they keep their encoding and verify as they were written.
 */
#ifndef LOA_AIRLOG_H
#define LOA_AIRLOG_H

#include <stdint.h>

#include "loa/reason.h"

struct store;

enum airlog_status {
	AIRLOG_PLAYING,     /* on air now (or the daemon died during it) */
	AIRLOG_COMPLETED,   /* played to its end */
	AIRLOG_INTERRUPTED, /* cut: an emergency, SIGTERM, a crash */
	AIRLOG_FAILED,      /* could not play: missing or corrupt file, no device */
	AIRLOG_MISSED,      /* its time passed while loa was not running */
	AIRLOG_SKIPPED,     /* not played on purpose: blackout, conflict, no clip assigned */
	AIRLOG_PARTIAL,     /* played to its end, but some of its items failed */
	AIRLOG_NSTATUS
};

/* What was scheduled, copied into the row. */
struct airlog_airing {
	int64_t scheduled_ms;     /* the agenda's instant (UTC ms) */
	int64_t slot_id;          /* the slot it came from */
	const char *tier;         /* "normal", "priority" or "emergency" */
	int64_t clip_id;          /* the slot's clip; 0 for a playlist or when none is assigned */
	const char *playlist;     /* playlist name, or NULL */
	const char *title;        /* the slot's title at airing time */
	const char *topic;        /* a single clip's topic at airing time, or NULL (a playlist's
	                             topics are its items') */
	const char *sha256;       /* a single clip's SHA-256, or NULL */
	const char *device;       /* the output device, or NULL */
	const char *approved_by;  /* the leader who approved the slot (approval.h), or NULL */
	const char *requested_by; /* who asked for it now (the emergency button: an account, or
	                             the system user of the command line), NULL for the schedule's */
};

/* What an item plays, copied into its row. */
struct airlog_clip {
	int64_t clip_id;    /* the clip */
	const char *title;  /* its title at airing time */
	const char *topic;  /* its topic at airing time, or NULL */
	const char *sha256; /* its file's SHA-256, or NULL */
};

/* "completed", "interrupted"...; NULL for an unknown status. */
const char *airlog_status_name(enum airlog_status s);

/* Opens a "playing" row; returns its id (> 0) or -1. late_ms > 0 marks it
 * late; started_ms is AIRLOG_NONE for a programme none of whose items
 * could start (its items are then recorded, and it is closed as failed). */
int64_t airlog_begin(struct store *s, const struct airlog_airing *a, int64_t started_ms, int64_t late_ms);
/* Records the seconds played so far of an open row, and of its item at
 * position (1, 2...; 0 for none), in one commit. */
int airlog_progress(struct store *s, int64_t row, double played_s, int position, double item_played_s);
/* Closes an open row with its final status and chains its hash. why is
 * REASON_NONE only for AIRLOG_COMPLETED; detail (NULL: the reason's
 * English words) says more, e.g. the device and its error. Items still
 * playing are closed with it: as completed, or as interrupted or failed for
 * why. */
int airlog_end(struct store *s, int64_t row, enum airlog_status status, int64_t ended_ms, double played_s,
               enum reason why, const char *detail);
/* Writes a closed row for an airing that never started (missed, skipped,
 * failed before the first sample). */
int airlog_record(struct store *s, const struct airlog_airing *a, enum airlog_status status, enum reason why,
                  const char *detail);

/* An item of open row `row` starts at position (1, 2...): its row is
 * written as playing. 0 or -1. */
int airlog_item_begin(struct store *s, int64_t row, int position, const struct airlog_clip *c,
                      int64_t started_ms);
/* Closes the playing item at position: completed (why REASON_NONE), or
 * interrupted or failed with why and detail (NULL: the reason's words). */
int airlog_item_end(struct store *s, int64_t row, int position, enum airlog_status status, double played_s,
                    enum reason why, const char *detail);
/* Records an item that did not play at its turn: skipped (outside its
 * validity dates) or failed (its file missing or damaged). */
int airlog_item_record(struct store *s, int64_t row, int position, const struct airlog_clip *c,
                       enum airlog_status status, enum reason why, const char *detail);

/* 1 if the log already has a row for (slot_id, scheduled_ms), 0 if not, -1 on error. */
int airlog_has(struct store *s, int64_t slot_id, int64_t scheduled_ms);
/* At daemon start: closes rows left "playing" by a crash as interrupted
 * with their last recorded played seconds. Returns how many, or -1. */
int airlog_recover(struct store *s, int64_t now_ms);

/*
 * Beyond the daemon's contract above: reading the log back, checking the
 * chain, and the sums the report is built from.
 */

#define AIRLOG_NONE    INT64_MIN /* an instant that is not there (never started) */
#define AIRLOG_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* One item of a row as stored. Strings are never NULL ("" for none). */
struct airlog_item {
	int position;              /* 1, 2... in the programme */
	int64_t clip_id;           /* the clip */
	const char *title;         /* its title at airing time */
	const char *topic;         /* its topic at airing time, or "" */
	const char *sha256;        /* its file's SHA-256, or "" */
	int64_t started_ms;        /* its first sample out, or AIRLOG_NONE (never started) */
	int64_t played_ms;         /* milliseconds of it that went out */
	enum airlog_status status; /* playing, completed, interrupted, failed or skipped */
	const char *reason_code;   /* why it did not complete (reason.h), or "" */
	const char *reason;        /* the detail, or "" */
	int null_mask;             /* bit i set: text field i (topic, sha256, reason_code, reason) is NULL */
};

/* One row as stored. Strings are never NULL ("" for none) and live only
 * during the callback that receives the row. */
struct airlog_row {
	int64_t id;                      /* the row's id, fixed at insertion */
	int64_t seq;                     /* position in the hash chain (1, 2...), 0 while playing */
	int v;                           /* its chain version: 1 (before items), 2 */
	int64_t scheduled_ms;            /* the agenda's instant */
	int64_t started_ms;              /* first sample out, or AIRLOG_NONE */
	int64_t ended_ms;                /* last sample out, or AIRLOG_NONE */
	int64_t closed_ms;               /* when the row was closed, or AIRLOG_NONE while playing */
	int64_t played_ms;               /* milliseconds actually played */
	enum airlog_status status;       /* the final status (or AIRLOG_PLAYING) */
	int late;                        /* 1 when it started late */
	int64_t delay_ms;                /* how late, when late */
	const char *reason;              /* why it was not completed, in words, or "" */
	const char *reason_code;         /* the same as a code (reason.h), or "" (and for version 1) */
	int64_t slot_id;                 /* the slot it came from */
	const char *tier;                /* "normal", "priority" or "emergency" */
	int64_t clip_id;                 /* the slot's clip, 0 for a playlist or none */
	const char *playlist;            /* the playlist's name, or "" */
	const char *title;               /* the slot's title at airing time */
	const char *topic;               /* a single clip's topic at airing time, or "" */
	const char *sha256;              /* a single clip's SHA-256, or "" */
	const char *device;              /* the output device, or "" */
	const char *requested_by;        /* who asked for it now (emergency), or "" (schema step 13) */
	const char *prev_hash;           /* the previous closed row's hash (AIRLOG_GENESIS first) */
	const char *hash;                /* this row's hash, "" while playing */
	const char *approved_by;         /* who approved the slot (schema 12), "" when none;
	                                    NULL in a row made by hand: none */
	int null_mask;                   /* bit i set: text field i (reason..device, then
	                                    reason_code as bit 7, approved_by as bit 8,
	                                    requested_by as bit 9) is SQL NULL */
	int64_t bulletin;                /* the hub's bulletin whose clip aired (schema 15,
	                                    bulletin.h), 0 for none (SQL NULL) */
	const struct airlog_item *items; /* its items in position order (with_items) */
	int nitems;                      /* how many */
};

/* The row's reason: its code, or for a version 1 row the code its words
 * were written for; REASON_NONE when it has none. */
enum reason airlog_row_reason(const struct airlog_row *r);
/* The same for an item. */
enum reason airlog_item_reason(const struct airlog_item *it);

/* Which rows airlog_each() hands over. */
struct airlog_filter {
	int64_t from_ms;   /* scheduled at or after this, or AIRLOG_NONE */
	int64_t to_ms;     /* scheduled before this, or AIRLOG_NONE */
	unsigned statuses; /* bit (1u << status) per wanted status; 0 for all */
	int late_only;     /* only rows flagged late */
	int with_items;    /* read each row's items too */
	int by_seq;        /* closed rows in chain order instead of by scheduled time */
	int by_id;         /* every row in id order (the cheapest walk, items read alongside) */
	int closed_by_id;  /* closed rows in id order (a plain table scan) */
	/* With closed_by_id and seq_to > 0: only rows with id >= id_from and
	 * seq_from <= seq < seq_to (one part of a chain check). With by_seq
	 * and seq_from > 0: only rows with seq >= seq_from (the chain's end,
	 * checked from a mark: airlog_verify_mark; what the link has still to
	 * send), on the seq index. With by_id and a period: only rows with
	 * id >= id_from (a report's tally taken up again, report.c). */
	int64_t id_from, seq_from, seq_to;
	/* With after_id > 0 (scheduled-time order only): only the rows after
	 * the row (after_ms, after_id) in that order, a walk taken up again
	 * where an earlier one stopped (the web console sends the log in
	 * parts, each read by a walk of its own). */
	int64_t after_ms, after_id;
};

/* Parses a status name ("completed"...); 0 or -1. */
int airlog_status_parse(const char *name, enum airlog_status *out);

/* The row's hash: SHA-256 over its canonical encoding (see airlog_row.c), its
 * items included, with prev_hash last. */
void airlog_row_hash(const struct airlog_row *r, const char *prev_hash, char out[65]);

/* Calls fn for every matching row, by scheduled time (or chain order).
 * Returns 0, -1 on a database error (printed), or fn's first nonzero
 * return value, which stops the walk. */
int airlog_each(struct store *s, const struct airlog_filter *f,
                int (*fn)(void *ctx, const struct airlog_row *r), void *ctx);

/* The status of the row for (slot_id, scheduled_ms): 1 and *out set when
 * there is one (the latest, if several), 0 when none, -1 on error. */
int airlog_status_of(struct store *s, int64_t slot_id, int64_t scheduled_ms, enum airlog_status *out);
/* Calls fn(ctx, id, slot_id, scheduled_ms, status) for every row scheduled
 * in [from_ms, to_ms), in no set order (the time index, three columns: the
 * report's planned-versus-aired part looks each planned airing up in what
 * this hands over instead of asking airlog_status_of once per airing). A
 * status that does not parse is given as AIRLOG_PLAYING, as
 * airlog_status_of does. 0, -1 on a database error (printed). */
int airlog_each_status(struct store *s, int64_t from_ms, int64_t to_ms,
                       void (*fn)(void *ctx, int64_t id, int64_t slot_id, int64_t scheduled_ms,
                                  enum airlog_status st),
                       void *ctx);
/* The status of row id `row`: 1 (found, *out set), 0 (no such row), -1. */
int airlog_row_status(struct store *s, int64_t row, enum airlog_status *out);

/* When row id `row` was scheduled: 1 (found, *scheduled_ms set), 0 (no
 * such row), -1. */
int airlog_row_scheduled(struct store *s, int64_t row, int64_t *scheduled_ms);
/* How many rows were written after the row numbered after_id (a larger
 * id) but scheduled before before_ms: rows that sort among older ones. 0,
 * or -1 (printed). */
int airlog_count_inserted(struct store *s, int64_t after_id, int64_t before_ms, int64_t *n);

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
	int intact;        /* 1 when every closed row is in the chain, unaltered */
	int64_t rows;      /* closed rows checked */
	int64_t items;     /* their item rows */
	int64_t open;      /* rows still "playing" */
	int64_t bad_id;    /* the first row found wrong (0: none, or a removed tail) */
	int64_t bad_seq;   /* its chain position */
	char head[65];     /* the last closed row's hash: quote it to pin the log */
	char problem[512]; /* what is wrong, in the officer's words ("" when intact) */
	int full;          /* the whole chain was walked (airlog_verify_mark may not) */
	int64_t rehashed;  /* rows whose hash was computed again */
};

/* Walks the whole chain. Returns 0 when it could be checked (the verdict
 * is in out->intact), -1 on a database error (printed). */
int airlog_verify(struct store *s, struct airlog_check *out);

/*
 * A reader that wants every closed row while the chain is checked (the
 * report): the check reads each row once, in up to AIRLOG_PARTS_MAX parts
 * on threads, and hands each row over as it checks out, so the log is
 * read once for both. part() is called once per part, on the caller's
 * thread, before any row, and returns that part's own state; row() is then
 * called on the part's thread, with that state and the connection the
 * part reads on, for each of its rows, in id order. A nonzero return from
 * row() abandons the hand-over (as a doubt does).
 */
#define AIRLOG_PARTS_MAX 4
struct airlog_observer {
	void *(*part)(void *ctx, int index);
	int (*row)(void *state, struct store *s, const struct airlog_row *r);
	void *ctx;
};

/*
 * A verified-through mark, for a process that answers verdict after
 * verdict (loa web): the chain position a full pass (or a check from an
 * earlier mark) found sound through, and what it found there. Closed rows
 * never change, so a later verdict need only re-hash the rows closed since
 * — after checking that the mark's row, and the AIRLOG_MARK_TAIL rows
 * before it, still hash and link to what was verified. A change to an
 * older row is not seen by such a verdict; the caller runs a full pass
 * (seq = 0) often enough to catch it within the time it promises.
 */
#define AIRLOG_MARK_TAIL 64
struct airlog_mark {
	int64_t seq;   /* the last chain position verified (0: none, a full pass is due) */
	int64_t id;    /* the id of its row */
	char hash[65]; /* its hash as verified */
	int64_t items; /* the item rows of the rows 1..seq */
};

/* As airlog_verify, from the mark m: with m->seq > 0, only the rows from
 * AIRLOG_MARK_TAIL before the mark to the chain's end are re-hashed;
 * whatever does not agree with the mark (its row changed, a row missing
 * or inserted after it, a head that is not the last row's) falls back to
 * a full pass, which names the problem (out->full says which it was).
 * When the chain is intact m is moved to its end, else m->seq is 0. 0, or
 * -1 on a database error (printed; m->seq is then 0 too). */
int airlog_verify_mark(struct store *s, struct airlog_mark *m, struct airlog_check *out);

/* As airlog_verify. *observed is 1 when every closed row (and no other)
 * went to obs exactly once; 0 when not — the chain was in doubt and
 * checked row by row, or a row() failed — and the states must be dropped
 * and the rows read another way. */
int airlog_verify_observed(struct store *s, struct airlog_check *out, const struct airlog_observer *obs,
                           int *observed);

#endif
