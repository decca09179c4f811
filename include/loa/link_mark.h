/*
 * link_mark.h — how far the hub has acknowledged the station's airing
 * log (schema step 14), kept in the station's database: the store is the
 * link's outbox, and this mark is all the link adds to it.
 *
 * The mark moves only when the hub answers that it has stored every row
 * up to a seq, with that row's hash (doc/link.md): never on a send, so a
 * message lost anywhere is sent again. A hub that found a row it cannot
 * trust names it and why; the station keeps that problem beside the mark
 * for `loa link --check` and `loa station` to show, until the hub takes
 * the row. Nothing of the log is ever deleted for the link.
 */
#ifndef LOA_LINK_MARK_H
#define LOA_LINK_MARK_H

#include <stddef.h>
#include <stdint.h>

struct store;

struct link_mark {
	int64_t seq;           /* the hub has stored every closed row up to this seq (0: none) */
	char hash[65];         /* row seq's hash, as the hub acknowledged it */
	int64_t acked_ms;      /* when that acknowledgement came (0: never) */
	int64_t through_ms;    /* row seq's scheduled instant (AIRLOG_NONE when seq is 0) */
	int64_t head_seq;      /* the last closed row's seq: what there is to send */
	int64_t problem_seq;   /* the row the hub refused (0: none) */
	int64_t problem_ms;    /* when it said so */
	char problem_code[32]; /* what is wrong with it, a code (LINK_PROBLEM_*; "" when none) */
	char problem[512];     /* what the hub said of it, in its words (English, for the technician) */
};

/* What the hub found wrong with a row (problem_code), as the
 * acknowledgement names it (doc/link.md). */
#define LINK_PROBLEM_CHANGED    "row_changed" /* its hash does not recompute: changed after it was written */
#define LINK_PROBLEM_NOT_FOLLOW "not_following" /* it does not follow the row before it */
#define LINK_PROBLEM_UNREADABLE "unreadable"    /* the message could not be read */
#define LINK_PROBLEM_OTHER_HASH "other_hash"    /* the hub holds the row with another hash (found here) */

/* Reads the mark and the log's head. 0, or -1 (printed). */
int link_mark_get(struct store *s, struct link_mark *m);
/* Moves the mark to seq with its hash, at now_ms, and clears a problem
 * of a row up to seq. 0 or -1 (printed). */
int link_mark_set(struct store *s, int64_t seq, const char *hash, int64_t now_ms);
/* Records that the hub refused row seq, with its code and its words
 * (seq 0, code and problem "": none). 0 or -1 (printed). */
int link_problem_set(struct store *s, int64_t seq, const char *code, const char *problem, int64_t now_ms);
/* The problem of m in the reader's words ("row 40: it was changed after it
 * was written"), into buf (n bytes); "" when none. Returns buf. */
char *link_problem_words(const struct link_mark *m, char *buf, size_t n);

#endif
