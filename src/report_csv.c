/*
 * report_csv.c — the report as CSV: one block per section, each with its
 * own header row, labels in the report's language, numbers bare, for a
 * spreadsheet (UTF-8 with a byte-order mark, so Excel reads Vietnamese).
 */
#include <inttypes.h>
#include <stdio.h>

#include "loa/fmt.h"
#include "loa/report.h"
#include "loa/timeutil.h"

static void
csv_line(FILE *out, int n, const char *const *cells)
{
	for (int i = 0; i < n; i++) {
		if (i)
			putc(',', out);
		fmt_csv_field(out, cells[i] ? cells[i] : "");
	}
	fputs("\r\n", out);
}

#define CSV(out, ...)                                                                                        \
	do {                                                                                                 \
		const char *cells_[] = {__VA_ARGS__};                                                        \
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
	CSV(out, report_label(r, RL_TITLE));
	CSV(out, report_label(r, RL_STATION), r->station);
	CSV(out, report_label(r, RL_PERIOD), report_period_label(r, per, sizeof per));
	CSV(out, report_label(r, RL_GENERATED), time_format_vn(r->generated_ms, r->tz, gen, sizeof gen));
	CSV(out, report_label(r, RL_CHAIN),
	    r->check.intact ? report_label(r, RL_CHAIN_OK) : report_label(r, RL_CHAIN_BAD), r->check.problem);
	CSV(out, report_label(r, RL_CHAIN_HEAD), r->check.head);
	if (!r->totals.programmes)
		CSV(out, report_label(r, RL_NOTHING));
	fputs("\r\n", out);
	CSV(out, report_label(r, RL_TOTALS), r->subject_topic, report_label(r, RL_ALL_TOPICS));
	CSV(out, report_label(r, RL_ITEMS), num(a, r->subject.items), num(b, r->totals.items));
	CSV(out, report_label(r, RL_AIRINGS), num(a, r->subject.airings), num(b, r->totals.airings));
	CSV(out, report_label(r, RL_PROGRAMMES), num(a, r->subject.programmes), num(b, r->totals.programmes));
	CSV(out, report_label(r, RL_AIRTIME), report_airtime(r, r->subject.airtime_ms, t1, sizeof t1),
	    report_airtime(r, r->totals.airtime_ms, t2, sizeof t2));
	CSV(out, report_label(r, RL_AIRTIME_HOURS), hours(a, r->subject.airtime_ms),
	    hours(b, r->totals.airtime_ms));
	snprintf(c, sizeof c, "%.1f", report_subject_share(r));
	CSV(out, report_label(r, RL_SHARE), c);
	CSV(out, report_label(r, RL_NOT_AIRED), "", num(a, r->totals.not_aired));
	CSV(out, report_label(r, RL_LATE), "", num(a, r->late));
	CSV(out, report_label(r, RL_FURNITURE), "", num(a, r->furniture_airings),
	    report_airtime(r, r->furniture_airtime_ms, t1, sizeof t1));
	fputs("\r\n", out);
	CSV(out, report_label(r, RL_BY_STATUS));
	CSV(out, report_label(r, RL_STATUS), report_label(r, RL_COUNT));
	for (int s = AIRLOG_COMPLETED; s < AIRLOG_NSTATUS; s++)
		CSV(out, report_status_label(r, (enum airlog_status)s), num(a, r->by_status[s]));
	fputs("\r\n", out);
	CSV(out, report_label(r, RL_BY_TOPIC));
	CSV(out, report_label(r, RL_TOPIC), report_label(r, RL_ITEMS), report_label(r, RL_AIRINGS),
	    report_label(r, RL_AIRTIME), report_label(r, RL_AIRTIME_HOURS));
	for (int i = 0; i < r->ntopics; i++) {
		const struct report_topic *k = &r->topics[i];
		CSV(out, *k->topic ? k->topic : report_label(r, RL_NO_TOPIC),
		    k->furniture ? "" : num(a, k->sums.items), num(b, k->sums.airings),
		    report_airtime(r, k->sums.airtime_ms, t1, sizeof t1), hours(c, k->sums.airtime_ms));
	}
	fputs("\r\n", out);
	CSV(out, report_label(r, r->weekly ? RL_BY_WEEK : RL_BY_MONTH));
	CSV(out, report_label(r, r->weekly ? RL_WEEK : RL_MONTH), report_label(r, RL_PROGRAMMES),
	    report_label(r, RL_AIRINGS), r->subject_topic, report_label(r, RL_AIRTIME),
	    report_label(r, RL_NOT_AIRED));
	for (int i = 0; i < r->nbuckets; i++) {
		const struct report_bucket *k = &r->buckets[i];
		CSV(out, report_bucket_label(r, k, t2, sizeof t2), num(a, k->sums.programmes),
		    num(b, k->sums.airings), num(c, k->subject_airings),
		    report_airtime(r, k->sums.airtime_ms, t1, sizeof t1), num(d, k->sums.not_aired));
	}
	fputs("\r\n", out);
	CSV(out, report_label(r, RL_BY_CLIP));
	CSV(out, report_label(r, RL_CLIP), report_label(r, RL_TITLE_COL), report_label(r, RL_TOPIC),
	    report_label(r, RL_AIRINGS), report_label(r, RL_AIRTIME), report_label(r, RL_FIRST),
	    report_label(r, RL_LAST));
	for (int i = 0; i < r->nclips; i++) {
		const struct report_clip *k = &r->clips[i];
		char f1[40], f2[40];
		if (!k->airings)
			continue;
		time_format_vn(k->first_ms, r->tz, f1, sizeof f1);
		time_format_vn(k->last_ms, r->tz, f2, sizeof f2);
		CSV(out, k->clip_id ? num(a, k->clip_id) : "", report_clip_title(k), k->topic,
		    num(b, k->airings), report_airtime(r, k->airtime_ms, t1, sizeof t1), f1, f2);
	}
	fputs("\r\n", out);
	CSV(out, report_label(r, RL_RECON));
	if (!r->plan.available) {
		CSV(out, report_label(r, RL_NO_PLAN));
	} else {
		CSV(out, report_label(r, RL_PLANNED), num(a, r->plan.planned));
		CSV(out, report_label(r, RL_AIRED_PLANNED), num(a, r->plan.aired));
		CSV(out, report_label(r, RL_LOGGED), num(a, r->plan.logged));
		CSV(out, report_label(r, RL_UNLOGGED), num(a, r->plan.unlogged));
		CSV(out, report_label(r, RL_PLANNED_SKIP), num(a, r->plan.planned_skip));
	}
	fputs("\r\n", out);
	CSV(out, report_label(r, RL_PROBLEMS));
	CSV(out, report_label(r, RL_ROW), report_label(r, RL_SCHEDULED), report_label(r, RL_TITLE_COL),
	    report_label(r, RL_ITEM_COL), report_label(r, RL_STATUS), report_label(r, RL_PLAYED),
	    report_label(r, RL_REASON), report_label(r, RL_DETAIL));
	for (int i = 0; i < r->nproblems; i++) {
		const struct report_problem *q = &r->problems[i];
		char when[40];
		CSV(out, num(c, q->id), time_format_vn(q->scheduled_ms, r->tz, when, sizeof when), q->title,
		    q->item, report_status_label(r, q->status), fmt_tenths(e, sizeof e, q->played_ms),
		    report_reason(r, q->why), q->detail);
	}
	if (r->problems_total > r->nproblems) {
		char more[200];
		CSV(out, report_more(r, more, sizeof more));
	}
	fputs("\r\n", out);
	CSV(out, report_label(r, RL_SKIPS));
	CSV(out, report_label(r, RL_REASON), report_label(r, RL_COUNT), report_label(r, RL_ITEMS),
	    report_label(r, RL_FROM), report_label(r, RL_TO));
	for (int i = 0; i < REASON_COUNT; i++) {
		const struct report_skip *k = &r->skips[i];
		char f1[16], f2[16];
		if (!k->programmes && !k->items)
			continue;
		CSV(out, report_reason(r, k->why), num(a, k->programmes), num(b, k->items),
		    time_format_vn_date(k->first_ms, r->tz, f1, sizeof f1),
		    time_format_vn_date(k->last_ms, r->tz, f2, sizeof f2));
	}
	return fflush(out) != 0 || ferror(out) ? -1 : 0;
}
