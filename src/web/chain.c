/*
 * chain.c — the console's verified-through mark of the airing log's
 * chain (struct airlog_mark, airlog.h): the verdict (/api/v1/log/verify)
 * and the reports check the chain from it, re-hashing only the programmes
 * closed since the last answer, and a full pass renews it every
 * WEB_CHAIN_FULL_S seconds.
 *
 * What a verdict then promises: every row closed since the last full pass
 * and the newest AIRLOG_MARK_TAIL rows before the mark are re-hashed at
 * each answer, so a change to them is seen at once; a change to an older
 * row is seen by the next full pass, within WEB_CHAIN_FULL_S of the time
 * the answer gives for the last one (full_at), not at once. A mark's row
 * that no longer hashes as it did, a row missing or inserted after it or
 * a head that does not agree makes that answer a full pass.
 *
 * Key decision: the full pass runs on the console's main thread, which
 * otherwise only waits for SIGTERM (server.c), on a read-only connection
 * of its own, opened for the pass and closed after it (so an idle console
 * does not keep the station's file mapped). Not on the server's thread
 * between requests: a full pass of 100,000 programmes takes half a
 * second, which would hold every request behind it, and cut into parts it
 * would be a walk taken up again across snapshots the daemon writes
 * between, whose parts need not agree. A second thread is safe here where
 * a second request thread is not (server.c): the pass shares nothing with
 * the server's thread but the mark, behind the mutex below — its own
 * SQLite connection (the chain check already reads on threads with
 * connections of their own), no agenda, no response. Its words are not
 * used: a pass that finds a problem only drops the mark, and the next
 * verdict runs the full pass again on the server's thread, to name the
 * row in the request's language.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loa/airlog.h"
#include "loa/clock.h"
#include "loa/report.h"
#include "loa/store.h"
#include "web/web.h"

#define WEB_CHAIN_FULL_S 600 /* seconds between two full passes */

struct web_chain {
	pthread_mutex_t lock;    /* guards what follows */
	struct airlog_mark mark; /* verified through here (seq 0: none) */
	int64_t full_ms;         /* when the full pass the mark rests on began (0: none yet) */
	unsigned gen;            /* bumped each time a full pass sets or drops the mark */
	uint64_t tickets;        /* verdicts started (each takes the next number) */
	uint64_t full_ticket;    /* the number of the full pass the mark was last set or dropped by */
	int asked;               /* a verdict or report was asked for: keep the mark fresh */
	int every_s;             /* seconds between two full passes */
	/* The reports' tally kept between them (report.c; the server's
	 * thread only, so outside the mutex): one period's topics and clip
	 * entries, at most REPORT_MAX_PROBLEMS problems and the plan's five
	 * counts. */
	struct report_cache *tally;
};

static struct web_chain the_chain = {.lock = PTHREAD_MUTEX_INITIALIZER};

struct web_chain *
web_chain_init(void)
{
	const char *v = getenv("LOA_WEB_CHAIN_FULL_S");
	long n = v ? strtol(v, NULL, 10) : 0;

	/* LOA_WEB_CHAIN_FULL_S: a test's knob, so that a full pass comes in a
	 * second rather than in ten minutes. */
	the_chain.every_s = n > 0 && n <= 86400 ? (int)n : WEB_CHAIN_FULL_S;
	return &the_chain;
}

void
web_chain_done(struct web_chain *c)
{
	report_cache_free(c->tally);
	c->tally = NULL;
}

int
web_chain_every(const struct web_chain *c)
{
	return c->every_s;
}

/* What a verdict starts from: a copy of the mark, its generation, and the
 * verdict's number. */
struct start {
	struct airlog_mark m; /* the mark */
	unsigned gen;         /* its generation */
	uint64_t ticket;      /* this verdict's number */
	int64_t full_ms;      /* when the full pass it rests on began */
};

static void
take(struct web_chain *c, struct start *st)
{
	pthread_mutex_lock(&c->lock);
	c->asked = 1;
	st->m = c->mark;
	st->gen = c->gen;
	st->ticket = ++c->tickets;
	st->full_ms = c->full_ms;
	pthread_mutex_unlock(&c->lock);
}

/* Keeps what a verdict found (st->m, moved or dropped). A full pass (of
 * either thread) replaces the mark, unless a pass that started after it
 * already did: the timer's pass of an older snapshot must not bring back
 * a mark that a request's pass dropped on finding a changed row. A check
 * from the mark moves it only when no full pass replaced or dropped it
 * meanwhile. st->full_ms: the time the answer rests on. */
static void
put(struct web_chain *c, struct start *st, int full, int64_t began_ms)
{
	pthread_mutex_lock(&c->lock);
	if (full) {
		if (st->ticket > c->full_ticket) {
			c->mark = st->m;
			c->full_ms = st->m.seq > 0 ? began_ms : 0;
			c->full_ticket = st->ticket;
			c->gen++;
		}
		st->full_ms = began_ms;
	} else if (c->gen == st->gen) {
		c->mark = st->m;
	}
	pthread_mutex_unlock(&c->lock);
}

int
web_chain_verdict(struct web *w, struct airlog_check *out, int64_t *full_ms)
{
	struct start st;
	int64_t began = clock_wall_ms();
	int rc;

	take(w->chain, &st);
	rc = airlog_verify_mark(w->store, &st.m, out);
	put(w->chain, &st, rc != 0 || out->full, began);
	*full_ms = st.full_ms;
	return rc;
}

int
web_chain_broken(struct web_chain *c)
{
	int broken;

	pthread_mutex_lock(&c->lock);
	broken = c->full_ticket != 0 && c->mark.seq == 0;
	pthread_mutex_unlock(&c->lock);
	return broken;
}

int
web_chain_report(struct web *w, const struct report_period *p, enum report_lang lang,
                 const struct report_form *form, struct report *r)
{
	struct start st;
	int64_t began = clock_wall_ms();
	int rc;

	take(w->chain, &st);
	/* Only the server's thread builds reports: the tally is its own. */
	if (!w->chain->tally)
		w->chain->tally = report_cache_new();
	rc = report_build_marked(w->store, p, lang, form, &st.m, w->chain->tally, r);
	put(w->chain, &st, rc != 0 || r->check.full, began);
	return rc;
}

void
web_chain_tick(struct web *w)
{
	struct web_chain *c = w->chain;
	struct airlog_check out;
	struct start st;
	struct store *s;
	int64_t began = clock_wall_ms();
	int asked;

	pthread_mutex_lock(&c->lock);
	asked = c->asked;
	pthread_mutex_unlock(&c->lock);
	/* Nobody has asked since the console started: nothing to renew (a
	 * first verdict makes the first full pass itself). */
	if (!asked || !(s = store_open(store_db_path(w->store), STORE_READONLY)))
		return;
	take(c, &st);
	memset(&st.m, 0, sizeof st.m); /* a full pass */
	/* A problem or an error leaves st.m.seq 0: the mark is dropped. */
	(void)airlog_verify_mark(s, &st.m, &out);
	put(c, &st, 1, began);
	store_close(s);
}
