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

static int
report_plan_fill(struct store *s, struct report *r)
{
	struct agenda a = {0};
	enum airlog_status st;
	int found;

	memset(&r->plan, 0, sizeof r->plan);
	if (agenda_build(s, r->period.from_ms, r->period.to_ms, &a) != 0) {
		warning(_("the report has no planned-versus-aired part: the schedule could not be expanded"));
		return 0;
	}
	r->plan.available = 1;
	for (size_t i = 0; i < a.n; i++) {
		const struct airing *x = &a.v[i];
		if (x->status == AIRING_SKIPPED) {
			r->plan.planned_skip++;
			continue;
		}
		r->plan.planned++;
		if ((found = airlog_status_of(s, x->slot_id, x->start_ms, &st)) < 0) {
			agenda_free(&a);
			return -1;
		}
		if (!found) {
			r->plan.unlogged++;
		} else {
			r->plan.logged++;
			r->plan.aired +=
			    st == AIRLOG_COMPLETED || st == AIRLOG_PARTIAL || st == AIRLOG_INTERRUPTED;
		}
	}
	agenda_free(&a);
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

static void *
part_start(void *ctx, int index)
{
	struct parts *ps = ctx;
	struct report_fold *f = &ps->fold[index];
	struct report *part = &ps->part[index], *r = ps->r;

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
	f->r = part;
	f->subject_id = ps->subject_id;
	f->subject_key = ps->subject_key ? report_dup(ps->subject_key) : NULL;
	if (index >= ps->n)
		ps->n = index + 1;
	return f;
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

/* Adds what part folded into r; part's strings and arrays go to r. */

int
report_build(struct store *s, const struct report_period *p, enum report_lang lang,
             const struct report_form *form, struct report *r)
{
	return report_build_marked(s, p, lang, form, NULL, r);
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
                    const struct report_form *form, struct airlog_mark *mark, struct report *r)
{
	struct airlog_filter flt = {.from_ms = p->from_ms, .to_ms = p->to_ms, .with_items = 1, .by_id = 1};
	struct parts *ps = calloc(1, sizeof *ps);
	struct airlog_observer obs = {part_start, part_row, ps};
	struct report_fold f = {.r = r, .s = s};
	int began, rc = 0, observed = 0;
	struct station st;

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
	if (rc == 0 && !observed)
		rc = airlog_each(s, &flt, report_fold_row, &f) < 0 ? -1 : 0;
	store_read_end(s, began);
	report_fold_done(&f);
	free(ps);
	if (rc != 0)
		return -1;
	report_tally_finish(r);
	return report_plan_fill(s, r);
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
