/*
 * store_chain.c — airlog_verify: the walk that checks the airing log's
 * hash chain, cut into parts on threads for a long chain. It reads rows
 * through airlog_each (store_airlog_read.c) and recomputes each row's
 * hash with airlog_row_hash (src/airlog/airlog_row.c, which documents the
 * encoding).
 *
 * Key decision: the chain runs in the order rows are *closed*, not opened.
 * Airings overlap (an emergency cuts in while a normal airing is playing)
 * and a row opened first may close last, so each row receives its chain
 * position `seq` in the same transaction that closes it, and that
 * transaction reads the previous closed row's hash from airing_head. The
 * head row also pins the end of the chain, so removing the last rows is
 * seen too — unless the tamperer also rewrites the head, which no local
 * check can catch; that is why the report prints the head hash for the
 * district to keep.
 *
 * A process that answers verdict after verdict (loa web) keeps a mark
 * instead (airlog_verify_mark, at the end): closed rows never change, so
 * after one full pass only the rows closed since need re-hashing, and a
 * change to an older row is left to the caller's next full pass.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/airlog.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/store.h"

/*
 * The chain walk. Rows arrive in seq order. A row is sound when its own
 * hash recomputes (self) and its prev_hash is the hash of the row before
 * it (link) and its seq follows. The first row that is not sound is held
 * for one more row, because the next row tells what happened to it: a
 * next row that links past it means it was inserted.
 */
struct walk {
	struct airlog_check *out; /* the verdict being built */
	int64_t head_seq;         /* the chain's end as airing_head records it */
	int64_t last_seq;         /* the last sound row's seq (0 before the first) */
	int64_t last_id;          /* and its id */
	char last_hash[65];       /* and its hash (AIRLOG_GENESIS before the first) */
	int pending;              /* a suspicious row is held */
	int64_t p_id, p_seq;      /* the held row */
	int p_self;               /* did its own hash recompute */
	char p_prev[65];          /* the held row's stored prev_hash */
};

static int walk_fail(struct walk *w, int64_t id, int64_t seq, const char *fmt, ...) LOA_PRINTF(4, 5);

static int
walk_fail(struct walk *w, int64_t id, int64_t seq, const char *fmt, ...)
{
	va_list ap;

	w->out->intact = 0;
	w->out->bad_id = id;
	w->out->bad_seq = seq;
	va_start(ap, fmt);
	vsnprintf(w->out->problem, sizeof w->out->problem, fmt, ap);
	va_end(ap);
	return 1; /* stops the walk */
}

/* Decides about the held row, knowing the row after it (NULL at the end). */
static int
walk_judge(struct walk *w, const struct airlog_row *next)
{
	int next_skips = next && strcmp(next->prev_hash, w->p_prev) == 0;
	int64_t expect = w->last_seq + 1;

	if (next_skips || w->p_seq < expect || w->p_seq > w->head_seq)
		return walk_fail(
		    w, w->p_id, w->p_seq,
		    _("row %" PRId64 " (seq %" PRId64 ") was inserted: it is not part of the chain"), w->p_id,
		    w->p_seq);
	if (w->p_seq > expect)
		return walk_fail(w, w->p_id, w->p_seq,
		                 _("%" PRId64 " row(s) removed before row %" PRId64 " (seq %" PRId64
		                   " to %" PRId64 " are missing; the row before them is row %" PRId64 ")"),
		                 w->p_seq - expect, w->p_id, expect, w->p_seq - 1, w->last_id);
	if (!w->p_self)
		return walk_fail(
		    w, w->p_id, w->p_seq,
		    _("row %" PRId64 " (seq %" PRId64 ") or its items were changed after it was closed"),
		    w->p_id, w->p_seq);
	/* It hashes right but does not link: the row before it was changed and
	 * re-hashed, or it was forged with its own hash. */
	return walk_fail(w, w->last_id, w->last_seq,
	                 _("the chain breaks between row %" PRId64 " (seq %" PRId64 ") and row %" PRId64
	                   " (seq %" PRId64 "): row %" PRId64 " was changed and re-hashed, or row %" PRId64
	                   " forged"),
	                 w->last_id, w->last_seq, w->p_id, w->p_seq, w->last_id, w->p_id);
}

static int
walk_row(void *ctx, const struct airlog_row *r)
{
	struct walk *w = ctx;
	char h[65];
	int self, link;

	if (w->pending)
		return walk_judge(w, r);
	if (r->seq > w->head_seq)
		return walk_fail(w, r->id, r->seq,
		                 _("row %" PRId64 " (seq %" PRId64
		                   ") was inserted: it is beyond the chain's recorded end"),
		                 r->id, r->seq);
	airlog_row_hash(r, r->prev_hash, h);
	self = strcmp(h, r->hash) == 0;
	link = strcmp(r->prev_hash, w->last_hash) == 0;
	if (self && link && r->seq == w->last_seq + 1) {
		w->last_seq = r->seq;
		w->last_id = r->id;
		snprintf(w->last_hash, sizeof w->last_hash, "%s", r->hash);
		w->out->rows++;
		w->out->items += r->nitems;
		return 0;
	}
	w->pending = 1;
	w->p_id = r->id;
	w->p_seq = r->seq;
	w->p_self = self;
	snprintf(w->p_prev, sizeof w->p_prev, "%s", r->prev_hash);
	return 0;
}

/*
 * The fast path for the usual case, an intact log. Reading rows in chain
 * order costs an index lookup per row; reading them in id order is a plain
 * scan of the table, and since rows close nearly in the order they open, a
 * window of FAST_WINDOW chain positions puts them back in chain order. At
 * the first doubt — a hash that does not recompute, a link that does not
 * hold, a row too far out of place, a missing or extra row — the fast path
 * gives up and the exact walk above decides and names the row.
 *
 * A long chain is cut into parts by chain position, one thread and one
 * read-only connection each (re-hashing is most of a report's time). Each
 * part checks every row of its positions and the links between them; the
 * parts are then joined (each part's first prev_hash must be the hash the
 * part before ended on), and the number of closed rows must equal the
 * head's position, so no row hides outside every part. Closed rows never
 * change, so parts that read a slightly newer snapshot than the caller's
 * see the same rows below the head.
 */
#define FAST_WINDOW    4096
#define FAST_PART_MIN  100000 /* fewer rows than this per part: one thread */
#define FAST_PARTS_MAX AIRLOG_PARTS_MAX

struct fast {
	struct store *s;                   /* the connection this part reads on */
	const char *path;                  /* or the station to open one on (a thread's part) */
	int64_t from, to;                  /* the chain positions it checks: [from, to) */
	int64_t id_from;                   /* and the id its scan starts at */
	int64_t next;                      /* the chain position expected next */
	int64_t rows;                      /* rows checked and linked */
	int64_t items;                     /* their items */
	char first_prev[65];               /* the prev_hash of the part's first row */
	char last_hash[65];                /* the hash of the last linked row ("" before the first) */
	int result;                        /* 1 proven, 0 in doubt, -1 database error */
	const struct airlog_observer *obs; /* who else wants each row, or NULL */
	void *obs_state;                   /* and its state for this part */
	struct {
		int64_t seq;   /* 0: empty */
		char prev[65]; /* its prev_hash */
		char hash[65]; /* its hash */
	} * slot;              /* FAST_WINDOW rows waiting for their turn */
};

static int
fast_row(void *ctx, const struct airlog_row *r)
{
	struct fast *f = ctx;
	char h[65];

	if (r->seq < f->next || r->seq >= f->next + FAST_WINDOW || r->seq >= f->to ||
	    strlen(r->prev_hash) != 64 || strlen(r->hash) != 64 || f->slot[r->seq % FAST_WINDOW].seq)
		return 1;
	airlog_row_hash(r, r->prev_hash, h);
	if (strcmp(h, r->hash) != 0)
		return 1;
	if (f->obs && f->obs->row(f->obs_state, f->s, r) != 0)
		return 1;
	f->items += r->nitems;
	f->slot[r->seq % FAST_WINDOW].seq = r->seq;
	memcpy(f->slot[r->seq % FAST_WINDOW].prev, r->prev_hash, 65);
	memcpy(f->slot[r->seq % FAST_WINDOW].hash, r->hash, 65);
	while (f->slot[f->next % FAST_WINDOW].seq == f->next) {
		int i = (int)(f->next % FAST_WINDOW);
		if (f->next == f->from)
			memcpy(f->first_prev, f->slot[i].prev, 65);
		else if (strcmp(f->slot[i].prev, f->last_hash) != 0)
			return 1;
		memcpy(f->last_hash, f->slot[i].hash, 65);
		f->slot[i].seq = 0;
		f->next++;
		f->rows++;
	}
	return f->next == f->to ? 2 : 0; /* 2: every position seen, stop */
}

/* Checks one part; sets f->result. */
static void
fast_part(struct fast *f)
{
	struct airlog_filter flt = {.from_ms = AIRLOG_NONE,
	                            .to_ms = AIRLOG_NONE,
	                            .closed_by_id = 1,
	                            .with_items = 1,
	                            .id_from = f->id_from,
	                            .seq_from = f->from,
	                            .seq_to = f->to};
	struct store *own = NULL;
	int rc;

	f->result = 0;
	f->next = f->from;
	if (f->from == f->to) {
		f->result = 1;
		return;
	}
	if (!f->s && !(f->s = own = store_open(f->path, STORE_READONLY)))
		return; /* in doubt: the exact walk decides */
	if ((f->slot = calloc(FAST_WINDOW, sizeof *f->slot))) {
		rc = airlog_each(f->s, &flt, fast_row, f);
		f->result = rc < 0 ? -1 : rc == 2 && f->next == f->to;
	}
	free(f->slot);
	f->slot = NULL;
	store_close(own);
	f->s = NULL;
}

static void *
fast_thread(void *arg)
{
	fast_part(arg);
	return NULL;
}

/* 1 when the fast path proves the chain intact, 0 when in doubt, -1 on error. */
static int
verify_fast(struct store *s, int64_t head_seq, const char *head_hash, struct airlog_check *out,
            const struct airlog_observer *obs)
{
	struct fast part[FAST_PARTS_MAX] = {{0}};
	pthread_t tid[FAST_PARTS_MAX];
	int started[FAST_PARTS_MAX] = {0};
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int64_t closed, id = -1;
	int n = (int)(head_seq / FAST_PART_MIN), result = 1;

	if (n > FAST_PARTS_MAX)
		n = FAST_PARTS_MAX;
	if (n > cpus)
		n = (int)cpus;
	if (n < 1)
		n = 1;
	if (airlog_chain_stats(s, 0, &closed, NULL) != 0)
		return -1;
	if (closed != head_seq)
		return 0; /* a row removed, or one hiding outside the chain */
	if (head_seq == 0) {
		if (strcmp(head_hash, AIRLOG_GENESIS) != 0)
			return 0;
		snprintf(out->head, sizeof out->head, "%s", AIRLOG_GENESIS);
		return 1;
	}
	for (int k = 0; k < n; k++) {
		part[k].from = 1 + head_seq * k / n;
		part[k].to = 1 + head_seq * (k + 1) / n;
		/* Start a little before the first position's row: the rows around
		 * it closed in nearly the same order they were opened. */
		if (k > 0 && airlog_chain_stats(s, part[k].from, NULL, &id) != 0)
			return -1;
		part[k].id_from = k == 0 || id < 0 ? 0 : id - 4 * FAST_WINDOW;
		part[k].s = k == 0 ? s : NULL;
		part[k].path = store_db_path(s);
		part[k].obs = obs;
		part[k].obs_state = obs ? obs->part(obs->ctx, k) : NULL;
	}
	for (int k = 1; k < n; k++)
		started[k] = pthread_create(&tid[k], NULL, fast_thread, &part[k]) == 0;
	for (int k = 1; k < n; k++)
		if (!started[k])
			fast_part(&part[k]);
	fast_part(&part[0]);
	for (int k = 1; k < n; k++)
		if (started[k])
			pthread_join(tid[k], NULL);
	for (int k = 0; k < n; k++) {
		if (part[k].result < 0)
			return -1;
		if (part[k].result == 0)
			result = 0;
	}
	if (!result)
		return 0;
	if (strcmp(part[0].first_prev, AIRLOG_GENESIS) != 0)
		return 0;
	for (int k = 1; k < n; k++)
		if (strcmp(part[k].first_prev, part[k - 1].last_hash) != 0)
			return 0;
	if (strcmp(part[n - 1].last_hash, head_hash) != 0)
		return 0;
	for (int k = 0; k < n; k++) {
		out->rows += part[k].rows;
		out->items += part[k].items;
	}
	snprintf(out->head, sizeof out->head, "%s", part[n - 1].last_hash);
	return 1;
}

static int
verify_snapshot(struct store *s, struct airlog_check *out, const struct airlog_observer *obs, int *observed)
{
	struct airlog_filter f = {.from_ms = AIRLOG_NONE, .to_ms = AIRLOG_NONE, .by_seq = 1, .with_items = 1};
	struct walk w = {.out = out};
	char head_hash[65];
	int64_t head_seq, open;
	int rc;

	*observed = 0;
	memset(out, 0, sizeof *out);
	out->intact = 1;
	snprintf(w.last_hash, sizeof w.last_hash, "%s", AIRLOG_GENESIS);
	if (airlog_head(s, &head_seq, head_hash) != 0)
		return -1;
	if (airlog_count_open(s, &out->open) != 0)
		return -1;
	open = out->open;
	out->full = 1;
	if ((rc = verify_fast(s, head_seq, head_hash, out, obs)) != 0) {
		*observed = rc > 0 && obs;
		out->rehashed = out->rows;
		return rc < 0 ? -1 : 0;
	}
	memset(out, 0, sizeof *out); /* the fast path's partial counts */
	out->intact = 1;
	out->full = 1;
	out->open = open;
	w.head_seq = head_seq;
	rc = airlog_each(s, &f, walk_row, &w);
	out->rehashed = out->rows + w.pending;
	if (rc < 0)
		return -1;
	if (rc == 0 && w.pending)
		walk_judge(&w, NULL);
	snprintf(out->head, sizeof out->head, "%s", w.last_hash);
	if (!out->intact)
		return 0;
	/* Every row is sound; does the chain end where the last close left it? */
	if (head_seq > w.last_seq) {
		out->intact = 0;
		out->bad_seq = w.last_seq + 1;
		snprintf(out->problem, sizeof out->problem,
		         _("the last %" PRId64 " row(s) were removed (seq %" PRId64 " to %" PRId64
		           " are missing after row %" PRId64 ")"),
		         head_seq - w.last_seq, w.last_seq + 1, head_seq, w.last_id);
	} else if (strcmp(head_hash, w.last_hash) != 0) {
		out->intact = 0;
		out->bad_id = w.last_id;
		out->bad_seq = w.last_seq;
		snprintf(out->problem, sizeof out->problem,
		         _("row %" PRId64 " (seq %" PRId64 ") was changed and re-hashed after it was closed"),
		         w.last_id, w.last_seq);
	}
	return 0;
}

/* The head and the rows are read in one snapshot: a row the daemon closes
 * between reading the head and walking the rows would otherwise look
 * inserted beyond the chain's end. */
int
airlog_verify_observed(struct store *s, struct airlog_check *out, const struct airlog_observer *obs,
                       int *observed)
{
	int began = store_read_begin(s), rc;

	*observed = 0;
	if (began < 0)
		return -1;
	rc = verify_snapshot(s, out, obs, observed);
	store_read_end(s, began);
	return rc;
}

int
airlog_verify(struct store *s, struct airlog_check *out)
{
	int observed;

	return airlog_verify_observed(s, out, NULL, &observed);
}

/*
 * The check from a mark. The rows from AIRLOG_MARK_TAIL before the mark
 * to the chain's end are read in chain order (the seq index: a handful
 * of rows, each with its items looked up) and each must re-hash, follow
 * the one before it and link to its hash; the mark's own row must still
 * be the row and the hash verified. Any doubt gives up (0), and the full
 * pass decides and names the row: this path never words a problem.
 */
struct since {
	const struct airlog_mark *m; /* the mark checked from */
	int64_t next;                /* the chain position expected next */
	int64_t last_id;             /* the last row's id */
	char last[65];               /* and its hash ("" before the first, unless seq 1 is first) */
	int64_t items;               /* item rows of the rows after the mark */
	int64_t rehashed;            /* rows re-hashed */
	int mark_seen;               /* the mark's row was there and unchanged */
};

static int
since_row(void *ctx, const struct airlog_row *r)
{
	struct since *w = ctx;
	char h[65];

	if (r->seq != w->next || strlen(r->hash) != 64 || (w->last[0] && strcmp(r->prev_hash, w->last) != 0))
		return 1;
	airlog_row_hash(r, r->prev_hash, h);
	w->rehashed++;
	if (strcmp(h, r->hash) != 0)
		return 1;
	if (r->seq == w->m->seq) {
		if (r->id != w->m->id || strcmp(r->hash, w->m->hash) != 0)
			return 1;
		w->mark_seen = 1;
	} else if (r->seq > w->m->seq) {
		w->items += r->nitems;
	}
	w->last_id = r->id;
	memcpy(w->last, r->hash, 65);
	w->next++;
	return 0;
}

/* 1 when the chain checks out from m (out filled, m moved), 0 in doubt,
 * -1 on a database error. */
static int
verify_since(struct store *s, struct airlog_mark *m, struct airlog_check *out)
{
	int64_t from = m->seq > AIRLOG_MARK_TAIL ? m->seq - AIRLOG_MARK_TAIL + 1 : 1;
	struct airlog_filter f = {
	    .from_ms = AIRLOG_NONE, .to_ms = AIRLOG_NONE, .by_seq = 1, .with_items = 1, .seq_from = from};
	struct since w = {.m = m, .next = from};
	char head_hash[65];
	int64_t head_seq;
	int rc;

	if (from == 1)
		snprintf(w.last, sizeof w.last, "%s", AIRLOG_GENESIS);
	if (airlog_head(s, &head_seq, head_hash) != 0 || airlog_count_open(s, &out->open) != 0)
		return -1;
	if (head_seq < m->seq)
		return 0;
	rc = airlog_each(s, &f, since_row, &w);
	out->rehashed = w.rehashed;
	if (rc < 0)
		return -1;
	if (rc != 0 || !w.mark_seen || w.next != head_seq + 1 || strcmp(w.last, head_hash) != 0)
		return 0;
	out->intact = 1;
	out->rows = head_seq;
	out->items = m->items + w.items;
	snprintf(out->head, sizeof out->head, "%s", head_hash);
	m->seq = head_seq;
	m->id = w.last_id;
	m->items = out->items;
	memcpy(m->hash, head_hash, 65);
	return 1;
}

int
airlog_verify_mark(struct store *s, struct airlog_mark *m, struct airlog_check *out)
{
	int began = store_read_begin(s), rc = 0, observed;
	int64_t id = -1, rehashed = 0;

	memset(out, 0, sizeof *out);
	if (began < 0) {
		m->seq = 0;
		return -1;
	}
	if (m->seq > 0 && (rc = verify_since(s, m, out)) != 0) {
		store_read_end(s, began);
		if (rc < 0)
			m->seq = 0;
		return rc < 0 ? -1 : 0;
	}
	/* No mark, or in doubt: the whole chain, in the same snapshot. */
	rehashed = out->rehashed;
	memset(m, 0, sizeof *m);
	rc = verify_snapshot(s, out, NULL, &observed);
	out->rehashed += rehashed;
	if (rc == 0 && out->intact && out->rows > 0 && airlog_chain_stats(s, out->rows, NULL, &id) != 0)
		rc = -1;
	if (rc == 0 && out->intact) {
		m->seq = out->rows;
		m->id = id;
		m->items = out->items;
		memcpy(m->hash, out->head, 65);
	}
	store_read_end(s, began);
	return rc;
}
