/*
 * report_xlsx.c — the report as an Excel workbook, the district's format of
 * choice (the only file that includes libxlsxwriter).
 *
 * One sheet per section, so the district can copy a table into its own
 * summary without cutting it out of a page: the summary (header, totals,
 * statuses, planned versus aired), by topic, by month or week (with a
 * column chart of airtime), by item, and the airings that did not complete.
 * Counts and hours are written as numbers, not text, so they add up in
 * Excel; dates are text in dd/mm/yyyy, as the district writes them.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/report.h"
#include "loa/timeutil.h"

struct book {
	lxw_workbook *wb;  /* the workbook */
	lxw_format *bold;  /* headings */
	lxw_format *title; /* the report's title */
	lxw_format *hours; /* 0.00 */
	lxw_format *bad;   /* a failed chain check */
};

static lxw_worksheet *
sheet(struct book *b, const char *name, const struct report *r, enum report_label_id heading)
{
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);

	if (!ws)
		return NULL;
	worksheet_write_string(ws, 0, 0, report_label(r, heading), b->title);
	worksheet_set_column(ws, 0, 0, 34, NULL);
	worksheet_set_column(ws, 1, 8, 18, NULL);
	return ws;
}

static void
header_row(lxw_worksheet *ws, struct book *b, const struct report *r, int row, int n,
           const enum report_label_id *ids)
{
	for (int i = 0; i < n; i++)
		worksheet_write_string(ws, row, i, report_label(r, ids[i]), b->bold);
}

static double
h(int64_t ms)
{
	return (double)ms / 3600000.0;
}

static void
summary(lxw_worksheet *ws, struct book *b, const struct report *r)
{
	char t[128];
	int row = 2;

	worksheet_write_string(ws, 0, 0, report_label(r, RL_TITLE), b->title);
	worksheet_write_string(ws, row, 0, report_label(r, RL_STATION), b->bold);
	worksheet_write_string(ws, row++, 1, r->station, NULL);
	worksheet_write_string(ws, row, 0, report_label(r, RL_PERIOD), b->bold);
	worksheet_write_string(ws, row++, 1, report_period_label(r, t, sizeof t), NULL);
	worksheet_write_string(ws, row, 0, report_label(r, RL_GENERATED), b->bold);
	worksheet_write_string(ws, row++, 1, time_format_vn(r->generated_ms, r->tz, t, sizeof t), NULL);
	worksheet_write_string(ws, row, 0, report_label(r, RL_CHAIN), b->bold);
	worksheet_write_string(ws, row, 1, report_label(r, r->check.intact ? RL_CHAIN_OK : RL_CHAIN_BAD),
	                       r->check.intact ? NULL : b->bad);
	if (!r->check.intact)
		worksheet_write_string(ws, row, 2, r->check.problem, b->bad);
	row++;
	worksheet_write_string(ws, row, 0, report_label(r, RL_CHAIN_HEAD), b->bold);
	worksheet_write_string(ws, row++, 1, r->check.head, NULL);
	if (!r->totals.aired)
		worksheet_write_string(ws, row++, 0, report_label(r, RL_NOTHING), b->bold);
	row++;
	worksheet_write_string(ws, row++, 0, report_label(r, RL_TOTALS), b->title);
	worksheet_write_string(ws, row, 0, report_label(r, RL_ITEMS), b->bold);
	worksheet_write_number(ws, row++, 1, (double)r->totals.items, NULL);
	worksheet_write_string(ws, row, 0, report_label(r, RL_AIRINGS), b->bold);
	worksheet_write_number(ws, row++, 1, (double)r->totals.aired, NULL);
	worksheet_write_string(ws, row, 0, report_label(r, RL_AIRTIME), b->bold);
	worksheet_write_string(ws, row, 1, report_airtime(r, r->totals.played_ms, t, sizeof t), NULL);
	worksheet_write_number(ws, row, 2, h(r->totals.played_ms), b->hours);
	worksheet_write_string(ws, row++, 3, report_label(r, RL_HOURS), NULL);
	worksheet_write_string(ws, row, 0, report_label(r, RL_NOT_AIRED), b->bold);
	worksheet_write_number(ws, row++, 1, (double)r->totals.not_aired, NULL);
	worksheet_write_string(ws, row, 0, report_label(r, RL_LATE), b->bold);
	worksheet_write_number(ws, row++, 1, (double)r->late, NULL);
	row++;
	worksheet_write_string(ws, row++, 0, report_label(r, RL_BY_STATUS), b->title);
	for (int s = AIRLOG_COMPLETED; s <= AIRLOG_SKIPPED; s++) {
		worksheet_write_string(ws, row, 0, report_status_label(r, (enum airlog_status)s), b->bold);
		worksheet_write_number(ws, row++, 1, (double)r->by_status[s], NULL);
	}
	row++;
	worksheet_write_string(ws, row++, 0, report_label(r, RL_RECON), b->title);
	if (!r->plan.available) {
		worksheet_write_string(ws, row++, 0, report_label(r, RL_NO_PLAN), NULL);
	} else {
		const struct {
			enum report_label_id id;
			int64_t v;
		} rows[] = {
		    {RL_PLANNED, r->plan.planned},
		    {RL_AIRED_PLANNED, r->plan.aired},
		    {RL_LOGGED, r->plan.logged},
		    {RL_UNLOGGED, r->plan.unlogged},
		    {RL_PLANNED_SKIP, r->plan.planned_skip},
		};
		for (int i = 0; i < (int)(sizeof rows / sizeof rows[0]); i++) {
			worksheet_write_string(ws, row, 0, report_label(r, rows[i].id), b->bold);
			worksheet_write_number(ws, row++, 1, (double)rows[i].v, NULL);
		}
	}
	worksheet_write_string(ws, row, 0, report_label(r, RL_PROBLEMS), b->bold);
	worksheet_write_number(ws, row++, 1, (double)r->problems_total, NULL);
}

int
report_write_xlsx(const struct report *r, const char *path)
{
	static const enum report_label_id topic_cols[] = {RL_TOPIC, RL_ITEMS, RL_AIRINGS, RL_AIRTIME,
	                                                  RL_CHART};
	static const enum report_label_id month_cols[] = {RL_MONTH, RL_AIRINGS, RL_AIRTIME, RL_CHART,
	                                                  RL_NOT_AIRED};
	static const enum report_label_id week_cols[] = {RL_WEEK, RL_AIRINGS, RL_AIRTIME, RL_CHART,
	                                                 RL_NOT_AIRED};
	static const enum report_label_id clip_cols[] = {RL_CLIP,    RL_TITLE_COL, RL_TOPIC, RL_AIRINGS,
	                                                 RL_AIRTIME, RL_CHART,     RL_FIRST, RL_LAST};
	static const enum report_label_id prob_cols[] = {RL_ROW,    RL_SCHEDULED, RL_TITLE_COL,
	                                                 RL_STATUS, RL_PLAYED,    RL_REASON};
	int en = r->lang == REPORT_EN;
	const char *s_sum = en ? "Summary" : "Tổng hợp", *s_topic = en ? "By topic" : "Theo chủ đề",
	           *s_month =
	               en ? (r->weekly ? "By week" : "By month") : (r->weekly ? "Theo tuần" : "Theo tháng"),
	           *s_clip = en ? "By item" : "Theo tin bài",
	           *s_prob = en ? "Not completed" : "Không hoàn thành";
	struct book b = {0};
	lxw_worksheet *ws;
	lxw_chart *chart;
	lxw_error err;
	char t[160], f1[160], f2[160];
	int row;

	if (!(b.wb = workbook_new(path)))
		return error(_("cannot create the workbook '%s'"), path);
	b.bold = workbook_add_format(b.wb);
	format_set_bold(b.bold);
	b.title = workbook_add_format(b.wb);
	format_set_bold(b.title);
	format_set_font_size(b.title, 13);
	b.hours = workbook_add_format(b.wb);
	format_set_num_format(b.hours, "0.00");
	b.bad = workbook_add_format(b.wb);
	format_set_bold(b.bad);
	format_set_font_color(b.bad, LXW_COLOR_RED);

	if (!(ws = sheet(&b, s_sum, r, RL_TITLE)))
		goto fail;
	worksheet_set_column(ws, 0, 0, 52, NULL);
	summary(ws, &b, r);

	if (!(ws = sheet(&b, s_topic, r, RL_BY_TOPIC)))
		goto fail;
	header_row(ws, &b, r, 1, 5, topic_cols);
	for (int i = 0; i < r->ntopics; i++) {
		const struct report_topic *k = &r->topics[i];
		worksheet_write_string(ws, 2 + i, 0, *k->topic ? k->topic : report_label(r, RL_NO_TOPIC),
		                       NULL);
		worksheet_write_number(ws, 2 + i, 1, (double)k->sums.items, NULL);
		worksheet_write_number(ws, 2 + i, 2, (double)k->sums.aired, NULL);
		worksheet_write_string(ws, 2 + i, 3, report_airtime(r, k->sums.played_ms, t, sizeof t), NULL);
		worksheet_write_number(ws, 2 + i, 4, h(k->sums.played_ms), b.hours);
	}

	if (!(ws = sheet(&b, s_month, r, r->weekly ? RL_BY_WEEK : RL_BY_MONTH)))
		goto fail;
	header_row(ws, &b, r, 1, 5, r->weekly ? week_cols : month_cols);
	for (int i = 0; i < r->nbuckets; i++) {
		const struct report_bucket *k = &r->buckets[i];
		worksheet_write_string(ws, 2 + i, 0, report_bucket_label(r, k, t, sizeof t), NULL);
		worksheet_write_number(ws, 2 + i, 1, (double)k->sums.aired, NULL);
		worksheet_write_string(ws, 2 + i, 2, report_airtime(r, k->sums.played_ms, t, sizeof t), NULL);
		worksheet_write_number(ws, 2 + i, 3, h(k->sums.played_ms), b.hours);
		worksheet_write_number(ws, 2 + i, 4, (double)k->sums.not_aired, NULL);
	}
	if (r->nbuckets && (chart = workbook_add_chart(b.wb, LXW_CHART_COLUMN))) {
		snprintf(f1, sizeof f1, "='%s'!$A$3:$A$%d", s_month, 2 + r->nbuckets);
		snprintf(f2, sizeof f2, "='%s'!$D$3:$D$%d", s_month, 2 + r->nbuckets);
		lxw_chart_series *series = chart_add_series(chart, f1, f2);
		if (series)
			chart_series_set_name(series, report_label(r, RL_CHART));
		chart_title_set_name(chart, report_label(r, RL_CHART));
		chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
		worksheet_insert_chart(ws, 3 + r->nbuckets, 0, chart);
	}

	if (!(ws = sheet(&b, s_clip, r, RL_BY_CLIP)))
		goto fail;
	worksheet_set_column(ws, 1, 1, 44, NULL);
	header_row(ws, &b, r, 1, 8, clip_cols);
	row = 2;
	for (int i = 0; i < r->nclips; i++) {
		const struct report_clip *k = &r->clips[i];
		if (!k->sums.aired)
			continue;
		if (k->clip_id)
			worksheet_write_number(ws, row, 0, (double)k->clip_id, NULL);
		worksheet_write_string(ws, row, 1, report_clip_title(k), NULL);
		worksheet_write_string(ws, row, 2, k->topic, NULL);
		worksheet_write_number(ws, row, 3, (double)k->sums.aired, NULL);
		worksheet_write_string(ws, row, 4, report_airtime(r, k->sums.played_ms, t, sizeof t), NULL);
		worksheet_write_number(ws, row, 5, h(k->sums.played_ms), b.hours);
		worksheet_write_string(ws, row, 6, time_format_vn(k->first_ms, r->tz, t, sizeof t), NULL);
		worksheet_write_string(ws, row, 7, time_format_vn(k->last_ms, r->tz, t, sizeof t), NULL);
		row++;
	}

	if (!(ws = sheet(&b, s_prob, r, RL_PROBLEMS)))
		goto fail;
	worksheet_set_column(ws, 2, 2, 40, NULL);
	worksheet_set_column(ws, 5, 5, 50, NULL);
	header_row(ws, &b, r, 1, 6, prob_cols);
	for (int i = 0; i < r->nproblems; i++) {
		const struct report_problem *q = &r->problems[i];
		char why[REPORT_REASON_MAX];
		worksheet_write_number(ws, 2 + i, 0, (double)q->id, NULL);
		worksheet_write_string(ws, 2 + i, 1, time_format_vn(q->scheduled_ms, r->tz, t, sizeof t),
		                       NULL);
		worksheet_write_string(ws, 2 + i, 2, q->title, NULL);
		worksheet_write_string(ws, 2 + i, 3, report_status_label(r, q->status), NULL);
		worksheet_write_number(ws, 2 + i, 4, (double)q->played_ms / 1000.0, NULL);
		worksheet_write_string(ws, 2 + i, 5, report_reason(r, q->reason, why, sizeof why), NULL);
	}
	if (r->problems_total > r->nproblems)
		worksheet_write_string(ws, 2 + r->nproblems, 0, report_more(r, t, sizeof t), NULL);

	if ((err = workbook_close(b.wb)) != LXW_NO_ERROR)
		return error(_("cannot write the workbook '%s': %s"), path, lxw_strerror(err));
	return 0;
fail:
	workbook_close(b.wb);
	return error(_("cannot create the workbook '%s'"), path);
}
