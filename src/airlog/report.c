/*
 * report.c — builds the broadcast report once: the station, the frame
 * (report_text.c), the figures folded from the log (report_tally.c) and
 * the planned-versus-aired part (report_csv.c, report_json.c,
 * report_doc.c and the writers of xlsx, docx and html lay it out).
 *
 * Key decisions. Everything is counted per item: the log is walked once,
 * in id order with each row's items read alongside (two scans, no
 * lookups), and each item airing is folded into its topic, its clip and
 * its month; the chain check runs meanwhile on its own thread and
 * connection. A row's topic words are resolved once through the station's
 * topic list (names and aliases, any spelling), so "CCHC" logged last year
 * and "cải cách hành chính" logged today are one topic. Every closed row
 * of the period is exactly one of: on air (something of it went out), not
 * aired (failed, missed, or cut before a sound) or a planned skip
 * (blackout days, validity dates: the schedule's own doing, listed apart
 * and never counted as not aired).
 *
 * The web console asks for the same period again and again while the
 * daemon adds a row every few minutes, so it keeps the period's tally
 * (struct report_cache below) and folds only the rows written since; the
 * command line, which reads the whole chain anyway, folds afresh.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "loa/agenda.h"
#include "loa/airlog.h"
#include "loa/clock.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/report.h"
#include "loa/store.h"
#include "loa/timeutil.h"
#include "loa/topic.h"
#include "loa/utf8.h"
#include "airlog/report_internal.h"

/*
 * The log's rows of the planned airings' span, by (slot, scheduled time):
 * the latest row's status, as airlog_status_of answers, from one walk of
 * the time index instead of one query per planned airing (a quarter
 * plans 91,000 airings; each query took the file's lock anew).
 */
struct logged {
	struct {
		int64_t slot_id, scheduled_ms; /* the key */
		int64_t id;                    /* the latest row's id */
		enum airlog_status st;         /* and its status */
		int used;                      /* the entry holds a row */
	} * v;
	size_t n, cap; /* used, entries (a power of two, at most half full) */
};

static size_t
logged_slot(const struct logged *m, int64_t slot_id, int64_t scheduled_ms)
{
	uint64_t h = ((uint64_t)slot_id * 0x9E3779B97F4A7C15ULL) ^ (uint64_t)scheduled_ms;
	size_t i;

	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ULL;
	h ^= h >> 32;
	for (i = (size_t)h & (m->cap - 1); m->v[i].used; i = (i + 1) & (m->cap - 1))
		if (m->v[i].slot_id == slot_id && m->v[i].scheduled_ms == scheduled_ms)
			break;
	return i;
}

static void
logged_put(void *ctx, int64_t id, int64_t slot_id, int64_t scheduled_ms, enum airlog_status st)
{
	struct logged *m = ctx;
	size_t i;

	if (2 * (m->n + 1) > m->cap) {
		struct logged old = *m;
		m->cap = m->cap ? 2 * m->cap : 1024;
		if (!(m->v = calloc(m->cap, sizeof *m->v)))
			abort();
		for (size_t k = 0; k < old.cap; k++)
			if (old.v[k].used)
				m->v[logged_slot(m, old.v[k].slot_id, old.v[k].scheduled_ms)] = old.v[k];
		free(old.v);
	}
	i = logged_slot(m, slot_id, scheduled_ms);
	if (!m->v[i].used) {
		m->v[i].used = 1, m->v[i].slot_id = slot_id, m->v[i].scheduled_ms = scheduled_ms;
		m->v[i].id = id, m->v[i].st = st;
		m->n++;
	} else if (id > m->v[i].id) {
		m->v[i].id = id, m->v[i].st = st;
	}
}

static int
report_plan_fill(struct store *s, struct report *r)
{
	struct agenda a = {0};
	struct logged m = {0};
	int64_t lo = INT64_MAX, hi = INT64_MIN;

	memset(&r->plan, 0, sizeof r->plan);
	if (agenda_build(s, r->period.from_ms, r->period.to_ms, &a) != 0) {
		warning(_("the report has no planned-versus-aired part: the schedule could not be expanded"));
		return 0;
	}
	r->plan.available = 1;
	for (size_t i = 0; i < a.n; i++)
		if (a.v[i].status != AIRING_SKIPPED) {
			lo = a.v[i].start_ms < lo ? a.v[i].start_ms : lo;
			hi = a.v[i].start_ms > hi ? a.v[i].start_ms : hi;
		}
	if (lo <= hi && airlog_each_status(s, lo, hi + 1, logged_put, &m) != 0) {
		agenda_free(&a);
		free(m.v);
		return -1;
	}
	for (size_t i = 0; i < a.n; i++) {
		const struct airing *x = &a.v[i];
		size_t k;
		if (x->status == AIRING_SKIPPED) {
			r->plan.planned_skip++;
			continue;
		}
		r->plan.planned++;
		if (!m.cap || !m.v[k = logged_slot(&m, x->slot_id, x->start_ms)].used) {
			r->plan.unlogged++;
		} else {
			enum airlog_status st = m.v[k].st;
			r->plan.logged++;
			r->plan.aired +=
			    st == AIRLOG_COMPLETED || st == AIRLOG_PARTIAL || st == AIRLOG_INTERRUPTED;
		}
	}
	agenda_free(&a);
	free(m.v);
	return 0;
}

/* The report's topic in the station's list. */
static void
find_subject(struct report_fold *f)
{
	struct report *r = f->r;
	struct topic t;

	if (report_topic_find(f, r->form.topic, &t) == 0) {
		f->subject_id = t.id;
		snprintf(r->subject_topic, sizeof r->subject_topic, "%s", t.name);
		f->subject_key = utf8_key(t.name);
	} else {
		char *c = utf8_clean(r->form.topic);
		snprintf(r->subject_topic, sizeof r->subject_topic, "%s", c ? c : r->form.topic);
		free(c);
		f->subject_key = utf8_key(r->form.topic);
	}
}

/*
 * The log is read once, by the chain check (airlog_verify_observed): each
 * of its parts folds the rows it checks into a report of its own, and the
 * parts are added together here. The check reads every row ever written
 * anyway, and re-reading the period's rows for the sums cost as much
 * again. When the check is in doubt (a tampered log) it goes row by row,
 * and the period is then read on its own.
 */
struct parts {
	struct report *r;                          /* the report being built */
	int64_t subject_id;                        /* its topic in the list (0: not in it) */
	const char *subject_key;                   /* and its key */
	struct report_fold fold[AIRLOG_PARTS_MAX]; /* each part's fold */
	struct report part[AIRLOG_PARTS_MAX];      /* and what it folded into */
	int n;                                     /* parts started (fold[0..n)) */
};

/* f folding into part: r's frame (period, buckets, topic), no figures. */
static void
part_init(struct report_fold *f, struct report *part, const struct report *r, int64_t subject_id,
          const char *subject_key)
{
	memset(f, 0, sizeof *f);
	memset(part, 0, sizeof *part);
	part->lang = r->lang;
	part->period = r->period;
	snprintf(part->tz, sizeof part->tz, "%s", r->tz);
	snprintf(part->subject_topic, sizeof part->subject_topic, "%s", r->subject_topic);
	part->nbuckets = r->nbuckets;
	part->weekly = r->weekly;
	if (!(part->buckets = malloc(((size_t)r->nbuckets + 1) * sizeof *part->buckets)))
		abort();
	memcpy(part->buckets, r->buckets, (size_t)r->nbuckets * sizeof *part->buckets);
	/* The frame only: r may already hold figures (fold_cached). */
	for (int i = 0; i < part->nbuckets; i++) {
		memset(&part->buckets[i].sums, 0, sizeof part->buckets[i].sums);
		part->buckets[i].subject_airings = 0;
	}
	f->r = part;
	f->subject_id = subject_id;
	f->subject_key = subject_key ? report_dup(subject_key) : NULL;
}

static void *
part_start(void *ctx, int index)
{
	struct parts *ps = ctx;

	part_init(&ps->fold[index], &ps->part[index], ps->r, ps->subject_id, ps->subject_key);
	if (index >= ps->n)
		ps->n = index + 1;
	return &ps->fold[index];
}

static int
part_row(void *state, struct store *s, const struct airlog_row *row)
{
	struct report_fold *f = state;

	if (row->scheduled_ms < f->r->period.from_ms || row->scheduled_ms >= f->r->period.to_ms)
		return 0;
	f->s = s; /* this part's connection: topic words are looked up on it */
	return report_fold_row(f, row);
}

int
report_build(struct store *s, const struct report_period *p, enum report_lang lang,
             const struct report_form *form, struct report *r)
{
	return report_build_marked(s, p, lang, form, NULL, NULL, r);
}

/*
 * The console's tally kept between reports. The fold is a sum over the
 * period's rows in id order, so what was folded stays right while those
 * rows stay as they were: a report folds only the rows written since, and
 * starts again when anything it rests on may have moved — another period,
 * subject or zone, a change to the topic list (the words a row was logged
 * with resolve through it), or a chain check that was a full pass (no
 * mark, or the mark in doubt: an old row may have changed). Closed rows
 * never change while the chain holds (the log's triggers refuse it, and a
 * changed row fails the check within the mark's promise, chain.c), but a
 * row still on air does: the kept tally stops before the first such row,
 * and what follows it is folded afresh into each report. The problems kept
 * are the first REPORT_MAX_PROBLEMS by time, which is all a report shows.
 */
struct report_cache {
	int used;                    /* holds a tally */
	struct report_period period; /* of this period */
	char tz[80];                 /* in this zone */
	char topic[128];             /* about this topic (form.topic) */
	uint64_t topics;             /* with this topic list (topics_print) */
	int64_t through_id;          /* the rows with id <= this are folded */
	struct report_fold f;        /* the fold and its indexes */
	struct report r;             /* what it folded (before report_tally_finish) */
	/* The planned-versus-aired part, kept while nothing at all changed
	 * in the station (store_change_token: any other connection's commit,
	 * the daemon's log rows and heartbeat included, or a change of this
	 * one's): the agenda rests on slots, playlists, clips, blackouts,
	 * holidays, approvals and emergencies, and its counts on the log. */
	struct report_period plan_period; /* of this period */
	char plan_token[48];              /* with this token ("": none kept) */
	struct report_plan plan;          /* its figures */
};

struct report_cache *
report_cache_new(void)
{
	return calloc(1, sizeof(struct report_cache));
}

static void
cache_drop(struct report_cache *c)
{
	if (c->used) {
		report_fold_done(&c->f);
		report_free(&c->r);
	}
	memset(c, 0, sizeof *c);
}

void
report_cache_free(struct report_cache *c)
{
	if (c) {
		cache_drop(c);
		free(c);
	}
}

/* A digest of the topic list as the fold reads it. 0 or -1 (printed). */
static int
topics_print(struct store *s, uint64_t *out)
{
	struct topic *v;
	size_t n;
	uint64_t h = 14695981039346656037ULL;

	if (topic_list(s, &v, &n) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char head[48];
		int k = snprintf(head, sizeof head, "%" PRId64 "/%d/", v[i].id, v[i].furniture);
		const char *parts[] = {head, v[i].name, "/", v[i].aliases, "\n"};
		for (size_t j = 0; j < sizeof parts / sizeof *parts; j++)
			for (const char *c = parts[j], *e = c + (j == 0 ? (size_t)k : strlen(c)); c < e; c++)
				h = (h ^ (unsigned char)*c) * 1099511628211ULL;
	}
	free(v);
	*out = h;
	return 0;
}

/* Folds a row into the kept tally, up to the first row still on air. */
static int
cache_row(void *ctx, const struct airlog_row *row)
{
	struct report_cache *c = ctx;

	if (row->status == AIRLOG_PLAYING)
		return 1;
	report_fold_row(&c->f, row);
	c->through_id = row->id;
	return 0;
}

/* r's figures from the kept tally c, brought up to date first; full: the
 * chain check was a full pass. 0 or -1 (printed). */
static int
fold_cached(struct store *s, struct report_cache *c, struct report *r, int full, int64_t subject_id,
            const char *subject_key)
{
	struct airlog_filter flt = {
	    .from_ms = r->period.from_ms, .to_ms = r->period.to_ms, .with_items = 1, .by_id = 1};
	struct report copy, part;
	struct report_fold pf;
	uint64_t topics;
	int rc;

	if (topics_print(s, &topics) != 0)
		return -1;
	if (!c->used || full || c->period.from_ms != r->period.from_ms ||
	    c->period.to_ms != r->period.to_ms || strcmp(c->tz, r->tz) != 0 ||
	    strcmp(c->topic, r->form.topic) != 0 || c->topics != topics) {
		cache_drop(c);
		c->used = 1;
		c->period = r->period;
		snprintf(c->tz, sizeof c->tz, "%s", r->tz);
		snprintf(c->topic, sizeof c->topic, "%s", r->form.topic);
		c->topics = topics;
		part_init(&c->f, &c->r, r, subject_id, subject_key);
	}
	c->f.s = s;
	flt.id_from = c->through_id + 1;
	if ((rc = airlog_each(s, &flt, cache_row, c)) < 0) {
		cache_drop(c);
		return -1;
	}
	report_trim_problems(&c->r);
	report_copy(&copy, &c->r);
	report_merge(r, &copy);
	if (rc == 0)
		return 0;
	/* Stopped at a row on air: it and the rows after it, afresh. */
	part_init(&pf, &part, r, subject_id, subject_key);
	pf.s = s;
	flt.id_from = c->through_id + 1;
	rc = airlog_each(s, &flt, report_fold_row, &pf);
	report_fold_done(&pf);
	if (rc != 0) {
		report_free(&part);
		return -1;
	}
	report_merge(r, &part);
	return 0;
}

/*
 * With a mark (loa web) the chain check re-hashes only what closed since
 * the last one, so folding the rows as it reads them no longer saves a
 * second read: the period's rows are read on their own, on the time
 * index, whatever the log's length. Without one (loa report) the check
 * reads every row anyway and folds them as it goes (struct parts above).
 */
int
report_build_marked(struct store *s, const struct report_period *p, enum report_lang lang,
                    const struct report_form *form, struct airlog_mark *mark, struct report_cache *cache,
                    struct report *r)
{
	struct airlog_filter flt = {.from_ms = p->from_ms, .to_ms = p->to_ms, .with_items = 1, .by_id = 1};
	struct parts *ps = calloc(1, sizeof *ps);
	struct airlog_observer obs = {part_start, part_row, ps};
	struct report_fold f = {.r = r, .s = s};
	int began, rc = 0, observed = 0;
	struct station st;
	char token[48];

	memset(r, 0, sizeof *r);
	if (!ps)
		return error(_("out of memory"));
	r->lang = lang;
	r->period = *p;
	r->generated_ms = clock_wall_ms();
	if (form)
		r->form = *form;
	if (store_station_get(s, &st) != 0 ||
	    (snprintf(r->tz, sizeof r->tz, "%s", st.tz), report_make_buckets(r)) != 0) {
		free(ps);
		return -1;
	}
	snprintf(r->station, sizeof r->station, "%s", st.name);
	report_form_defaults(&r->form, r->station);
	/* Every figure from one snapshot, so that they agree while the
	 * daemon goes on writing. */
	if ((began = store_read_begin(s)) < 0) {
		free(ps);
		return -1;
	}
	find_subject(&f);
	ps->r = r;
	ps->subject_id = f.subject_id;
	ps->subject_key = f.subject_key;
	if (mark ? airlog_verify_mark(s, mark, &r->check) != 0
	         : airlog_verify_observed(s, &r->check, &obs, &observed) != 0)
		rc = -1;
	for (int k = 0; k < ps->n; k++) {
		report_fold_done(&ps->fold[k]);
		if (rc == 0 && observed)
			report_merge(r, &ps->part[k]);
		else
			report_free(&ps->part[k]);
	}
	if (rc == 0 && !observed && mark && cache)
		rc = fold_cached(s, cache, r, r->check.full, f.subject_id, f.subject_key);
	else if (rc == 0 && !observed)
		rc = airlog_each(s, &flt, report_fold_row, &f) < 0 ? -1 : 0;
	store_read_end(s, began);
	report_fold_done(&f);
	free(ps);
	if (rc != 0)
		return -1;
	report_tally_finish(r);
	if (!(mark && cache))
		return report_plan_fill(s, r);
	/* The token before the agenda is read: a change meanwhile moves it. */
	store_change_token(s, token, sizeof token);
	if (*cache->plan_token && strcmp(cache->plan_token, token) == 0 &&
	    cache->plan_period.from_ms == p->from_ms && cache->plan_period.to_ms == p->to_ms) {
		r->plan = cache->plan;
		return 0;
	}
	*cache->plan_token = 0;
	if (report_plan_fill(s, r) != 0)
		return -1;
	if (r->plan.available) {
		snprintf(cache->plan_token, sizeof cache->plan_token, "%s", token);
		cache->plan_period = *p;
		cache->plan = r->plan;
	}
	return 0;
}

/*
 * The same figures from rows read elsewhere (loa-hub): the one tally,
 * the topics resolved in the list the station sent instead of its store.
 */
int
report_build_rows(const struct report_source *src, const struct report_period *p, enum report_lang lang,
                  const struct report_form *form, struct report *r)
{
	struct report_fold f = {.r = r, .list = src->topics, .nlist = src->ntopics};
	int rc;

	memset(r, 0, sizeof *r);
	r->lang = lang;
	r->period = *p;
	r->generated_ms = clock_wall_ms();
	if (form)
		r->form = *form;
	snprintf(r->tz, sizeof r->tz, "%s", src->tz);
	snprintf(r->station, sizeof r->station, "%s", src->station);
	if (report_make_buckets(r) != 0)
		return -1;
	report_form_defaults(&r->form, r->station);
	r->check = src->check;
	find_subject(&f);
	rc = src->each(src->ctx, p, report_fold_row, &f);
	report_fold_done(&f);
	if (rc != 0) {
		report_free(r);
		return -1;
	}
	report_tally_finish(r);
	return 0;
}

void
report_free(struct report *r)
{
	for (int i = 0; i < r->ntopics; i++)
		free(r->topics[i].topic);
	for (int i = 0; i < r->nclips; i++) {
		free(r->clips[i].playlist);
		free(r->clips[i].title);
		free(r->clips[i].topic);
	}
	for (int i = 0; i < r->nproblems; i++) {
		free(r->problems[i].title);
		free(r->problems[i].item);
		free(r->problems[i].detail);
	}
	free(r->topics);
	free(r->clips);
	free(r->buckets);
	free(r->problems);
	memset(r, 0, sizeof *r);
}
