/*
 * report_csv.c — the report as CSV: one block per section, each with its
 * own header row, labels in the report's language, numbers bare, for a
 * spreadsheet (UTF-8 with a byte-order mark, so Excel reads Vietnamese).
 * Text that a spreadsheet would run as a formula is written with a leading
 * apostrophe (fmt_csv_text_field); the numbers loa writes are left alone.
 */
#include <inttypes.h>
#include <stdio.h>

#include "loa/fmt.h"
#include "loa/report.h"
#include "loa/timeutil.h"

/* One cell of a row: text (made safe for the spreadsheet: a station name,
 * title or topic beginning with '=', '+', '-' or '@' must not become a
 * formula), or a number loa formatted itself, written as it is. */
struct cell {
	const char *s; /* the value; NULL for an empty cell */
	int num;       /* 1: a number */
};
#define T(x) ((struct cell){(x), 0})
#define N(x) ((struct cell){(x), 1})

static void
csv_line(FILE *out, int n, const struct cell *cells)
{
	for (int i = 0; i < n; i++) {
		if (i)
			putc(',', out);
		if (cells[i].num)
			fmt_csv_field(out, cells[i].s ? cells[i].s : "");
		else
			fmt_csv_text_field(out, cells[i].s ? cells[i].s : "");
	}
	fputs("\r\n", out);
}

#define CSV(out, ...)                                                                                        \
	do {                                                                                                 \
		const struct cell cells_[] = {__VA_ARGS__};                                                  \
		csv_line(out, (int)(sizeof cells_ / sizeof cells_[0]), cells_);                              \
	} while (0)

static char *
num(char *buf, int64_t v)
{
	snprintf(buf, 24, "%" PRId64, v);
	return buf;
}

static char *
hours(char *buf, int64_t ms)
{
	snprintf(buf, 24, "%.2f", (double)ms / 3600000.0);
	return buf;
}

int
report_write_csv(const struct report *r, FILE *out)
{
	char a[24], b[24], c[24], d[24], e[24], t1[64], t2[64], per[128], gen[40];

	fputs("\xEF\xBB\xBF", out); /* the province opens it in Excel */
	CSV(out, T(report_label(r, RL_TITLE)));
	CSV(out, T(report_label(r, RL_STATION)), T(r->station));
	CSV(out, T(report_label(r, RL_PERIOD)), T(report_period_label(r, per, sizeof per)));
	CSV(out, T(report_label(r, RL_GENERATED)),
	    T(time_format_vn(r->generated_ms, r->tz, gen, sizeof gen)));
	CSV(out, T(report_label(r, RL_CHAIN)),
	    T(r->check.intact ? report_label(r, RL_CHAIN_OK) : report_label(r, RL_CHAIN_BAD)),
	    T(r->check.problem));
	CSV(out, T(report_label(r, RL_CHAIN_HEAD)), T(r->check.head));
	if (!r->totals.programmes)
		CSV(out, T(report_label(r, RL_NOTHING)));
	fputs("\r\n", out);
	CSV(out, T(report_label(r, RL_TOTALS)), T(r->subject_topic), T(report_label(r, RL_ALL_TOPICS)));
	CSV(out, T(report_label(r, RL_ITEMS)), N(num(a, r->subject.items)), N(num(b, r->totals.items)));
	CSV(out, T(report_label(r, RL_AIRINGS)), N(num(a, r->subject.airings)), N(num(b, r->totals.airings)));
	CSV(out, T(report_label(r, RL_PROGRAMMES)), N(num(a, r->subject.programmes)),
	    N(num(b, r->totals.programmes)));
	CSV(out, T(report_label(r, RL_AIRTIME)), T(report_airtime(r, r->subject.airtime_ms, t1, sizeof t1)),
	    T(report_airtime(r, r->totals.airtime_ms, t2, sizeof t2)));
	CSV(out, T(report_label(r, RL_AIRTIME_HOURS)), N(hours(a, r->subject.airtime_ms)),
	    N(hours(b, r->totals.airtime_ms)));
	snprintf(c, sizeof c, "%.1f", report_subject_share(r));
	CSV(out, T(report_label(r, RL_SHARE)), N(c));
	CSV(out, T(report_label(r, RL_NOT_AIRED)), T(""), N(num(a, r->totals.not_aired)));
	CSV(out, T(report_label(r, RL_LATE)), T(""), N(num(a, r->late)));
	CSV(out, T(report_label(r, RL_FURNITURE)), T(""), N(num(a, r->furniture_airings)),
	    T(report_airtime(r, r->furniture_airtime_ms, t1, sizeof t1)));
	fputs("\r\n", out);
	CSV(out, T(report_label(r, RL_BY_STATUS)));
	CSV(out, T(report_label(r, RL_STATUS)), T(report_label(r, RL_COUNT)));
	for (int s = AIRLOG_COMPLETED; s < AIRLOG_NSTATUS; s++)
		CSV(out, T(report_status_label(r, (enum airlog_status)s)), N(num(a, r->by_status[s])));
	fputs("\r\n", out);
	CSV(out, T(report_label(r, RL_BY_TOPIC)));
	CSV(out, T(report_label(r, RL_TOPIC)), T(report_label(r, RL_ITEMS)), T(report_label(r, RL_AIRINGS)),
	    T(report_label(r, RL_AIRTIME)), T(report_label(r, RL_AIRTIME_HOURS)));
	for (int i = 0; i < r->ntopics; i++) {
		const struct report_topic *k = &r->topics[i];
		CSV(out, T(*k->topic ? k->topic : report_label(r, RL_NO_TOPIC)),
		    N(k->furniture ? "" : num(a, k->sums.items)), N(num(b, k->sums.airings)),
		    T(report_airtime(r, k->sums.airtime_ms, t1, sizeof t1)), N(hours(c, k->sums.airtime_ms)));
	}
	fputs("\r\n", out);
	CSV(out, T(report_label(r, r->weekly ? RL_BY_WEEK : RL_BY_MONTH)));
	CSV(out, T(report_label(r, r->weekly ? RL_WEEK : RL_MONTH)), T(report_label(r, RL_PROGRAMMES)),
	    T(report_label(r, RL_AIRINGS)), T(r->subject_topic), T(report_label(r, RL_AIRTIME)),
	    T(report_label(r, RL_NOT_AIRED)));
	for (int i = 0; i < r->nbuckets; i++) {
		const struct report_bucket *k = &r->buckets[i];
		CSV(out, T(report_bucket_label(r, k, t2, sizeof t2)), N(num(a, k->sums.programmes)),
		    N(num(b, k->sums.airings)), N(num(c, k->subject_airings)),
		    T(report_airtime(r, k->sums.airtime_ms, t1, sizeof t1)), N(num(d, k->sums.not_aired)));
	}
	fputs("\r\n", out);
	CSV(out, T(report_label(r, RL_BY_CLIP)));
	CSV(out, T(report_label(r, RL_CLIP)), T(report_label(r, RL_TITLE_COL)), T(report_label(r, RL_TOPIC)),
	    T(report_label(r, RL_AIRINGS)), T(report_label(r, RL_AIRTIME)), T(report_label(r, RL_FIRST)),
	    T(report_label(r, RL_LAST)));
	for (int i = 0; i < r->nclips; i++) {
		const struct report_clip *k = &r->clips[i];
		char f1[40], f2[40];
		if (!k->airings)
			continue;
		time_format_vn(k->first_ms, r->tz, f1, sizeof f1);
		time_format_vn(k->last_ms, r->tz, f2, sizeof f2);
		CSV(out, N(k->clip_id ? num(a, k->clip_id) : ""), T(report_clip_title(k)), T(k->topic),
		    N(num(b, k->airings)), T(report_airtime(r, k->airtime_ms, t1, sizeof t1)), T(f1), T(f2));
	}
	fputs("\r\n", out);
	CSV(out, T(report_label(r, RL_RECON)));
	if (!r->plan.available) {
		CSV(out, T(report_label(r, RL_NO_PLAN)));
	} else {
		CSV(out, T(report_label(r, RL_PLANNED)), N(num(a, r->plan.planned)));
		CSV(out, T(report_label(r, RL_AIRED_PLANNED)), N(num(a, r->plan.aired)));
		CSV(out, T(report_label(r, RL_LOGGED)), N(num(a, r->plan.logged)));
		CSV(out, T(report_label(r, RL_UNLOGGED)), N(num(a, r->plan.unlogged)));
		CSV(out, T(report_label(r, RL_PLANNED_SKIP)), N(num(a, r->plan.planned_skip)));
	}
	fputs("\r\n", out);
	CSV(out, T(report_label(r, RL_PROBLEMS)));
	CSV(out, T(report_label(r, RL_ROW)), T(report_label(r, RL_SCHEDULED)),
	    T(report_label(r, RL_TITLE_COL)), T(report_label(r, RL_ITEM_COL)), T(report_label(r, RL_STATUS)),
	    T(report_label(r, RL_PLAYED)), T(report_label(r, RL_REASON)), T(report_label(r, RL_DETAIL)));
	for (int i = 0; i < r->nproblems; i++) {
		const struct report_problem *q = &r->problems[i];
		char when[40];
		CSV(out, N(num(c, q->id)), T(time_format_vn(q->scheduled_ms, r->tz, when, sizeof when)),
		    T(q->title), T(q->item), T(report_status_label(r, q->status)),
		    N(fmt_tenths(e, sizeof e, q->played_ms)), T(report_reason(r, q->why)), T(q->detail));
	}
	if (r->problems_total > r->nproblems) {
		char more[200];
		CSV(out, T(report_more(r, more, sizeof more)));
	}
	fputs("\r\n", out);
	CSV(out, T(report_label(r, RL_SKIPS)));
	CSV(out, T(report_label(r, RL_REASON)), T(report_label(r, RL_COUNT)), T(report_label(r, RL_ITEMS)),
	    T(report_label(r, RL_FROM)), T(report_label(r, RL_TO)));
	for (int i = 0; i < REASON_COUNT; i++) {
		const struct report_skip *k = &r->skips[i];
		char f1[16], f2[16];
		if (!k->programmes && !k->items)
			continue;
		CSV(out, T(report_reason(r, k->why)), N(num(a, k->programmes)), N(num(b, k->items)),
		    T(time_format_vn_date(k->first_ms, r->tz, f1, sizeof f1)),
		    T(time_format_vn_date(k->last_ms, r->tz, f2, sizeof f2)));
	}
	return fflush(out) != 0 || ferror(out) ? -1 : 0;
}
