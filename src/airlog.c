/*
 * airlog.c — the airing log's rules that do not depend on SQL: status
 * names, the canonical encoding each row is hashed over, and the walk that
 * checks the hash chain, cut into parts on threads for a long chain
 * (store_airlog.c reads and writes the rows).
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
 * The canonical encoding is plain text so an independent program can
 * recompute a hash (tests/cli/test_airlog.py does, in Python):
 *
 *   "loa-airing-1\n" then, for each field in this order, one line:
 *   id seq scheduled_ms started_ms ended_ms closed_ms played_ms status late
 *   delay_ms reason slot_id tier clip_id playlist title topic sha256 device
 *   prev_hash
 *   integers as "i<decimal>", text as "t<byte length>:<bytes>", SQL NULL
 *   as "n"; each followed by "\n".
 *
 * The length prefix makes the encoding unambiguous whatever the text holds.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/airlog.h"
#include "loa/fmt.h"
#include "loa/hash.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/store.h"

static const char *const status_names[] = {
    [AIRLOG_PLAYING] = "playing", [AIRLOG_COMPLETED] = "completed", [AIRLOG_INTERRUPTED] = "interrupted",
    [AIRLOG_FAILED] = "failed",   [AIRLOG_MISSED] = "missed",       [AIRLOG_SKIPPED] = "skipped",
};
#define NSTATUS ((int)(sizeof status_names / sizeof status_names[0]))

const char *
airlog_status_name(enum airlog_status s)
{
	return (int)s >= 0 && (int)s < NSTATUS ? status_names[s] : NULL;
}

int
airlog_status_parse(const char *name, enum airlog_status *out)
{
	for (int i = 0; i < NSTATUS; i++)
		if (strcmp(name, status_names[i]) == 0) {
			*out = (enum airlog_status)i;
			return 0;
		}
	return -1;
}

/* The canonical encoding is written straight into one buffer sized
 * beforehand (on the stack for every ordinary row): a walk of a million
 * rows spent a sixth of its time appending it piece by piece. */
#define ENC_INT_MAX  23 /* "i" "-" 20 digits "\n" */
#define ENC_INTS     11 /* integer fields */
#define ENC_TEXTS    9  /* text fields, prev_hash included */
#define ENC_SMALL    1024

static char *
put_int(char *p, int64_t v)
{
	if (v == AIRLOG_NONE) {
		memcpy(p, "n\n", 2);
		return p + 2;
	}
	*p++ = 'i';
	if (v < 0)
		*p++ = '-';
	p = fmt_decimal(p, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
	*p++ = '\n';
	return p;
}

static char *
put_text(char *p, const char *t, size_t len, int is_null)
{
	if (is_null) {
		memcpy(p, "n\n", 2);
		return p + 2;
	}
	*p++ = 't';
	p = fmt_decimal(p, len);
	*p++ = ':';
	memcpy(p, t, len);
	p += len;
	*p++ = '\n';
	return p;
}

void
airlog_row_hash(const struct airlog_row *r, const char *prev_hash, char out[65])
{
	const char *status = airlog_status_name(r->status) ? airlog_status_name(r->status) : "?";
	const char *text[ENC_TEXTS] = {status,     r->reason, r->tier,   r->playlist, r->title,
				       r->topic,   r->sha256, r->device, prev_hash};
	/* Bit i of null_mask is text field i + 1 (status and prev_hash are never NULL). */
	int is_null[ENC_TEXTS] = {0, r->null_mask & 1, r->null_mask & 2, r->null_mask & 4, r->null_mask & 8,
				  r->null_mask & 16, r->null_mask & 32, r->null_mask & 64, 0};
	size_t len[ENC_TEXTS], need = 13 + ENC_INTS * ENC_INT_MAX;
	char small[ENC_SMALL], *buf = small, *p;

	for (int i = 0; i < ENC_TEXTS; i++) {
		len[i] = is_null[i] ? 0 : strlen(text[i]);
		need += len[i] + ENC_INT_MAX + 2; /* "t" length ":" text "\n" */
	}
	if (need > sizeof small && !(buf = malloc(need)))
		abort(); /* a wrong hash in the log would be worse */
	p = buf;
	memcpy(p, "loa-airing-1\n", 13);
	p += 13;
	p = put_int(p, r->id);
	p = put_int(p, r->seq);
	p = put_int(p, r->scheduled_ms);
	p = put_int(p, r->started_ms);
	p = put_int(p, r->ended_ms);
	p = put_int(p, r->closed_ms);
	p = put_int(p, r->played_ms);
	p = put_text(p, text[0], len[0], 0);
	p = put_int(p, r->late);
	p = put_int(p, r->delay_ms);
	p = put_text(p, text[1], len[1], is_null[1]);
	p = put_int(p, r->slot_id);
	p = put_text(p, text[2], len[2], is_null[2]);
	p = put_int(p, r->clip_id);
	for (int i = 3; i < ENC_TEXTS; i++)
		p = put_text(p, text[i], len[i], is_null[i]);
	hash_sha256_hex(buf, (size_t)(p - buf), out);
	if (buf != small)
		free(buf);
}

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
		return walk_fail(w, w->p_id, w->p_seq,
		                 _("row %" PRId64 " (seq %" PRId64 ") was changed after it was closed"),
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
#define FAST_WINDOW 4096
#define FAST_PART_MIN 100000 /* fewer rows than this per part: one thread */
#define FAST_PARTS_MAX 4

struct fast {
	struct store *s;   /* the connection this part reads on */
	const char *path;  /* or the station to open one on (a thread's part) */
	int64_t from, to;  /* the chain positions it checks: [from, to) */
	int64_t id_from;   /* and the id its scan starts at */
	int64_t next;      /* the chain position expected next */
	int64_t rows;      /* rows checked and linked */
	char first_prev[65]; /* the prev_hash of the part's first row */
	char last_hash[65];/* the hash of the last linked row ("" before the first) */
	int result;        /* 1 proven, 0 in doubt, -1 database error */
	struct {
		int64_t seq;     /* 0: empty */
		char prev[65];   /* its prev_hash */
		char hash[65];   /* its hash */
	} *slot;           /* FAST_WINDOW rows waiting for their turn */
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
verify_fast(struct store *s, int64_t head_seq, const char *head_hash, struct airlog_check *out)
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
	for (int k = 0; k < n; k++)
		out->rows += part[k].rows;
	snprintf(out->head, sizeof out->head, "%s", part[n - 1].last_hash);
	return 1;
}

static int
verify_snapshot(struct store *s, struct airlog_check *out)
{
	struct airlog_filter f = {.from_ms = AIRLOG_NONE, .to_ms = AIRLOG_NONE, .by_seq = 1};
	struct walk w = {.out = out};
	char head_hash[65];
	int64_t head_seq;
	int rc;

	memset(out, 0, sizeof *out);
	out->intact = 1;
	snprintf(w.last_hash, sizeof w.last_hash, "%s", AIRLOG_GENESIS);
	if (airlog_head(s, &head_seq, head_hash) != 0)
		return -1;
	if (airlog_count_open(s, &out->open) != 0)
		return -1;
	if ((rc = verify_fast(s, head_seq, head_hash, out)) != 0)
		return rc < 0 ? -1 : 0;
	w.head_seq = head_seq;
	rc = airlog_each(s, &f, walk_row, &w);
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
airlog_verify(struct store *s, struct airlog_check *out)
{
	int began = store_read_begin(s), rc;

	if (began < 0)
		return -1;
	rc = verify_snapshot(s, out);
	store_read_end(s, began);
	return rc;
}
