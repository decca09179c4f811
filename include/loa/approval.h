/*
 * approval.h — the leader's approval (kiểm duyệt) of what officers put on
 * air: the station's setting, each clip's and slot's state, the queue and
 * the leader's decisions.
 *
 * Vietnamese practice: content goes on air after the commune leader has
 * approved it. With the station's setting `approval = required`, a clip or
 * slot an officer adds or changes through the web console is pending: the
 * agenda shows its airings as "pending" and the daemon skips them (logged
 * skipped, reason pending_approval) until a leader approves it. A
 * leader's own changes are approved at once; so are the changes made at
 * this computer's command line, whose user is the station's technician
 * (no account: who can run loa here can also write the database).
 *
 * Key decision: the state is columns of the clip and slot rows (schema
 * step 12), written by the store itself after every write of a clip or a
 * slot, from the actor the front end named for its request
 * (store_actor_set). Every path that changes a slot (edit, skip, move,
 * import) so leaves it in the state its author's role calls for, without
 * each front end having to remember. An approved slot an officer changes
 * stops airing until it is approved again: the version approved is kept
 * (approved_version) but not its text, so nothing older can air instead.
 */
#ifndef LOA_APPROVAL_H
#define LOA_APPROVAL_H

#include <stddef.h>
#include <stdint.h>

struct store;

/* A clip's or slot's state. Only APPROVAL_APPROVED airs. */
enum approval {
	APPROVAL_APPROVED = 0, /* airs (the default, and every row before step 12) */
	APPROVAL_PENDING = 1,  /* waits for a leader: does not air */
	APPROVAL_REJECTED = 2, /* a leader refused it (with a reason): does not air */
};

/* "approved", "pending", "rejected"; approval_parse returns -1 on anything else. */
const char *approval_name(enum approval a);
int approval_parse(const char *s, enum approval *out);

/* What approval is about. */
enum approval_kind { APPROVAL_SLOT = 0, APPROVAL_CLIP = 1 };
/* "slot", "clip". */
const char *approval_kind_name(enum approval_kind k);

#define APPROVAL_NAME_MAX   64  /* bytes of a user's name (ACCOUNT_NAME_MAX) */
#define APPROVAL_REASON_MAX 500 /* characters of a rejection's reason */

/* One clip's or slot's approval. */
struct approval_state {
	enum approval state;              /* approved, pending or rejected */
	char asked_by[APPROVAL_NAME_MAX]; /* the officer whose change waits, "" when none */
	int64_t asked_ms;                 /* when, 0 when none */
	char by[APPROVAL_NAME_MAX];       /* who decided: the leader, "" for the technician */
	int64_t ms;                       /* when it was decided, 0 when never */
	char *reason;                     /* a rejection's reason (malloc'd), NULL when none */
	int64_t version;                  /* a slot's version approved, 0 when none (or a clip) */
};
void approval_state_clear(struct approval_state *a);

/*
 * Who makes the store's next writes of clips and slots: user (the account,
 * NULL for the technician at the command line), and whether that user's
 * changes need a leader (an officer: the caller knows the role). The
 * station's setting decides the rest: a write marks the row pending only
 * when needs_leader and the station requires approval; otherwise it is
 * approved by user at once. store_actor_set(s, NULL, 0) is the default.
 */
void store_actor_set(struct store *s, const char *user, int needs_leader);

/* The station's setting: 1 when approval is required, 0 when off, -1 on error. */
int store_approval_required(struct store *s);
int store_approval_set_required(struct store *s, int required);

/* Reads the state of slot or clip id. 0, 1 when there is none, -1 error. */
int approval_get(struct store *s, enum approval_kind k, int64_t id, struct approval_state *out);

/*
 * A leader's decision on slot or clip id: approve (reason ignored) or
 * reject (reason required). Slots are approved at the version they are at
 * now; when version > 0 it must be that one (what the leader looked at):
 * ERR_IN_USE ("version") otherwise. 0, 1 no such slot or clip (quiet),
 * -1 (printed). The caller writes the audit entry in the same transaction.
 */
int approval_decide(struct store *s, enum approval_kind k, int64_t id, int64_t version, const char *user,
                    int approve, const char *reason);

/*
 * approval_decide and its audit entry (action "approve" or "reject",
 * object "slot 5" or "clip 12", the state before and after as JSON) in one
 * transaction: what every front end calls. addr is where the decision came
 * from ("local" for the command line). A rejection needs a reason (one
 * line, at most APPROVAL_REASON_MAX characters: ERR_INPUT "reason"
 * otherwise). Returns as approval_decide.
 */
int approval_record(struct store *s, enum approval_kind k, int64_t id, int64_t version, const char *user,
                    const char *addr, int approve, const char *reason);

/* One entry of the queue: a pending slot or clip. */
struct approval_entry {
	enum approval_kind kind;
	int64_t id;
	char *title;                      /* the slot's or clip's title */
	char asked_by[APPROVAL_NAME_MAX]; /* the officer */
	int64_t asked_ms;                 /* when */
	int64_t version;                  /* a slot's version, 0 for a clip */
	int64_t clip_id;                  /* a slot's clip (0: none or a playlist), a clip's own id */
	char *playlist;                   /* a slot's playlist, NULL when none */
	char *vevent;                     /* a slot's rule (its VEVENT), NULL for a clip */
	double duration_s;                /* a clip's length, 0 for a slot */
};
/* Every pending slot and clip, oldest request first. 0 or -1. */
int approval_queue(struct store *s, struct approval_entry **v, size_t *n);
void approval_queue_free(struct approval_entry *v, size_t n);

/* Whether clip id may air: 1 approved (or no such clip), 0 not, -1 error. */
int approval_clip_airs(struct store *s, int64_t id);

/* The leader who approved slot id, into by ("" when the technician or
 * before step 12). 0, 1 no such slot, -1. For the airing log's row. */
int approval_slot_approver(struct store *s, int64_t id, char *by, size_t n);

#endif
