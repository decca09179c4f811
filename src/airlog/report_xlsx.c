/*
 * report_xlsx.c — the report as an Excel workbook, for the province's own
 * summaries (the only file that includes libxlsxwriter).
 *
 * Key decisions. The workbook keeps the data: counts are numbers, airtime
 * is an Excel duration ([h]:mm) and hours, instants are Excel dates in the
 * station's zone shown dd/mm/yyyy hh:mm, so they add up, sort and filter in
 * a spreadsheet; reasons are words with their codes beside them. One sheet
 * per section, so a table can be copied into another summary whole. The
 * summary sheet opens with the document's header and ends with its
 * signature block (report_doc.c), so it can be printed and signed too.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <xlsxwriter.h>

#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/report.h"
#include "loa/timeutil.h"
#include "airlog/report_doc.h"
#define LAZY_XLSXWRITER_DEFINE
#include "airlog/xlsxwriter_lazy.h"

struct book {
	lxw_workbook *wb; /* the workbook */
	const struct report *r;
	lxw_format *bold;   /* headings */
	lxw_format *head;   /* a table's heading row */
	lxw_format *title;  /* centred, bold: the document's title */
	lxw_format *center; /* centred */
	lxw_format *italic; /* centred, italic */
	lxw_format *hours;  /* 0.00 */
	lxw_format *dur;    /* [h]:mm */
	lxw_format *when;   /* dd/mm/yyyy hh:mm */
	lxw_format *day;    /* dd/mm/yyyy */
	lxw_format *month;  /* mm/yyyy */
	lxw_format *pct;    /* 0.0% */
	lxw_format *bad;    /* a failed chain check */
	lxw_format *mono;   /* a hash */
};

static double
hours(int64_t ms)
{
	return (double)ms / 3600000.0;
}

/* An instant as an Excel date in the station's zone. */
static void
when(struct book *b, lxw_worksheet *ws, int row, int col, int64_t ms, lxw_format *f)
{
	struct civil c;
	lxw_datetime dt;

	if (!ms || tz_from_utc(b->r->tz, ms, &c, NULL) != 0)
		return;
	dt = (lxw_datetime){.year = c.year,
	                    .month = c.month,
	                    .day = c.day,
	                    .hour = c.hour,
	                    .min = c.min,
	                    .sec = (double)c.sec};
	worksheet_write_datetime(ws, (lxw_row_t)row, (lxw_col_t)col, &dt, f);
}

/* Airtime as a duration and as hours in two cells. */
static void
airtime(struct book *b, lxw_worksheet *ws, int row, int col, int64_t ms)
{
	worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, (double)ms / 86400000.0, b->dur);
	worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col + 1, hours(ms), b->hours);
}

static void
heading(struct book *b, lxw_worksheet *ws, int row, int n, const char *const *cells)
{
	for (int i = 0; i < n; i++)
		worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)i, cells[i], b->head);
}

#define HEADING(b, ws, row, ...)                                                                             \
	do {                                                                                                 \
		const char *cells_[] = {__VA_ARGS__};                                                        \
		heading(b, ws, row, (int)(sizeof cells_ / sizeof cells_[0]), cells_);                        \
	} while (0)

static lxw_worksheet *
sheet(struct book *b, const char *name, const char *title, double first_width)
{
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);

	if (!ws)
		return NULL;
	worksheet_write_string(ws, 0, 0, title, b->bold);
	worksheet_set_column(ws, 0, 0, first_width, NULL);
	worksheet_set_column(ws, 1, 9, 16, NULL);
	worksheet_freeze_panes(ws, 2, 0);
	return ws;
}

static int
summary(struct book *b, const struct report_doc *d)
{
	const struct report *r = b->r;
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, r->lang == REPORT_EN ? "Summary" : "Tổng hợp");
	int row = 0;

	if (!ws)
		return -1;
	worksheet_set_column(ws, 0, 0, 40, NULL);
	worksheet_set_column(ws, 1, 4, 18, NULL);
	worksheet_set_paper(ws, 9); /* A4 */
	for (int i = 0; i < d->nissuer || i < 3; i++) {
		if (i < d->nissuer)
			worksheet_write_string(ws, (lxw_row_t)i, 0, d->issuer[i], b->title);
		else if (i == d->nissuer)
			worksheet_write_string(ws, (lxw_row_t)i, 0, d->number, b->center);
		if (i < 2)
			worksheet_merge_range(ws, (lxw_row_t)i, 1, (lxw_row_t)i, 4, d->motto[i], b->title);
		else if (i == 2)
			worksheet_merge_range(ws, (lxw_row_t)i, 1, (lxw_row_t)i, 4, d->place_date, b->italic);
	}
	row = (d->nissuer > 2 ? d->nissuer : 3) + 1;
	if (d->nissuer >= 3)
		worksheet_write_string(ws, (lxw_row_t)row++, 0, d->number, b->center);
	worksheet_merge_range(ws, (lxw_row_t)row, 0, (lxw_row_t)row, 4, d->title, b->title);
	row++;
	worksheet_merge_range(ws, (lxw_row_t)row, 0, (lxw_row_t)row, 4, d->summary, b->title);
	row += 2;
	HEADING(b, ws, row, r->lang == REPORT_EN ? "Figure" : "Chỉ tiêu", r->subject_topic,
	        report_label(r, RL_ALL_TOPICS));
	row++;
	const struct {
		enum report_label_id id;
		int64_t subject, all;
	} counts[] = {
	    {RL_ITEMS, r->subject.items, r->totals.items},
	    {RL_AIRINGS, r->subject.airings, r->totals.airings},
	    {RL_PROGRAMMES, r->subject.programmes, r->totals.programmes},
	};
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++, row++) {
		worksheet_write_string(ws, (lxw_row_t)row, 0, report_label(r, counts[i].id), b->bold);
		worksheet_write_number(ws, (lxw_row_t)row, 1, (double)counts[i].subject, NULL);
		worksheet_write_number(ws, (lxw_row_t)row, 2, (double)counts[i].all, NULL);
	}
	worksheet_write_string(ws, (lxw_row_t)row, 0, report_label(r, RL_AIRTIME), b->bold);
	worksheet_write_number(ws, (lxw_row_t)row, 1, (double)r->subject.airtime_ms / 86400000.0, b->dur);
	worksheet_write_number(ws, (lxw_row_t)row++, 2, (double)r->content_airtime_ms / 86400000.0, b->dur);
	worksheet_write_string(ws, (lxw_row_t)row, 0, report_label(r, RL_AIRTIME_HOURS), b->bold);
	worksheet_write_number(ws, (lxw_row_t)row, 1, hours(r->subject.airtime_ms), b->hours);
	worksheet_write_number(ws, (lxw_row_t)row++, 2, hours(r->content_airtime_ms), b->hours);
	worksheet_write_string(ws, (lxw_row_t)row, 0, report_label(r, RL_SHARE), b->bold);
	worksheet_write_number(ws, (lxw_row_t)row++, 1, report_subject_share(r) / 100.0, b->pct);
	row++;
	worksheet_write_string(ws, (lxw_row_t)row, 0, report_label(r, RL_FURNITURE), b->bold);
	worksheet_write_number(ws, (lxw_row_t)row, 1, (double)r->furniture_airings, NULL);
	worksheet_write_number(ws, (lxw_row_t)row++, 2, (double)r->furniture_airtime_ms / 86400000.0, b->dur);
	worksheet_write_string(ws, (lxw_row_t)row, 0,
	                       r->lang == REPORT_EN ? "Airtime in all" : "Tổng thời lượng phát sóng",
	                       b->bold);
	worksheet_write_number(ws, (lxw_row_t)row++, 2, (double)r->totals.airtime_ms / 86400000.0, b->dur);
	worksheet_write_string(ws, (lxw_row_t)row, 0, report_label(r, RL_NOT_AIRED), b->bold);
	worksheet_write_number(ws, (lxw_row_t)row++, 2, (double)r->totals.not_aired, NULL);
	worksheet_write_string(ws, (lxw_row_t)row, 0,
	                       r->lang == REPORT_EN ? "Planned skips" : "Tạm ngừng theo kế hoạch", b->bold);
	worksheet_write_number(ws, (lxw_row_t)row++, 2, (double)r->skipped_total, NULL);
	worksheet_write_string(ws, (lxw_row_t)row, 0, report_label(r, RL_LATE), b->bold);
	worksheet_write_number(ws, (lxw_row_t)row++, 2, (double)r->late, NULL);
	row++;
	worksheet_write_string(ws, (lxw_row_t)row++, 0, report_label(r, RL_BY_STATUS), b->bold);
	for (int s = AIRLOG_COMPLETED; s < AIRLOG_NSTATUS; s++, row++) {
		worksheet_write_string(ws, (lxw_row_t)row, 0, report_status_label(r, (enum airlog_status)s),
		                       NULL);
		worksheet_write_number(ws, (lxw_row_t)row, 1, (double)r->by_status[s], NULL);
	}
	row++;
	worksheet_write_string(ws, (lxw_row_t)row, 0, report_label(r, RL_CHAIN), b->bold);
	worksheet_write_string(ws, (lxw_row_t)row++, 1,
	                       report_label(r, r->check.intact ? RL_CHAIN_OK : RL_CHAIN_BAD),
	                       r->check.intact ? NULL : b->bad);
	row++;
	/* The signature block, as on the document. */
	worksheet_write_string(ws, (lxw_row_t)row, 0, d->recipients_label, b->bold);
	for (int i = 0; i < d->nsign; i++)
		worksheet_merge_range(ws, (lxw_row_t)(row + i), 2, (lxw_row_t)(row + i), 4, d->sign[i],
		                      b->title);
	for (int i = 0; i < d->nrecipients; i++)
		worksheet_write_string(ws, (lxw_row_t)(row + 1 + i), 0, d->recipients[i], NULL);
	worksheet_merge_range(ws, (lxw_row_t)(row + d->nsign), 2, (lxw_row_t)(row + d->nsign), 4,
	                      d->sign_note, b->italic);
	if (d->signer[0])
		worksheet_merge_range(ws, (lxw_row_t)(row + d->nsign + 5), 2, (lxw_row_t)(row + d->nsign + 5),
		                      4, d->signer, b->title);
	return 0;
}

static int
by_topic(struct book *b)
{
	const struct report *r = b->r;
	lxw_worksheet *ws =
	    sheet(b, r->lang == REPORT_EN ? "By topic" : "Theo chủ đề", report_label(r, RL_BY_TOPIC), 36);
	int row = 2;

	if (!ws)
		return -1;
	HEADING(b, ws, 1, report_label(r, RL_TOPIC),
	        r->lang == REPORT_EN ? "Furniture" : "Phần khung chương trình", report_label(r, RL_ITEMS),
	        report_label(r, RL_AIRINGS), report_label(r, RL_AIRTIME), report_label(r, RL_AIRTIME_HOURS));
	for (int i = 0; i < r->ntopics; i++, row++) {
		const struct report_topic *k = &r->topics[i];
		worksheet_write_string(ws, (lxw_row_t)row, 0,
		                       *k->topic ? k->topic : report_label(r, RL_NO_TOPIC), NULL);
		worksheet_write_boolean(ws, (lxw_row_t)row, 1, k->furniture, NULL);
		worksheet_write_number(ws, (lxw_row_t)row, 2, (double)k->sums.items, NULL);
		worksheet_write_number(ws, (lxw_row_t)row, 3, (double)k->sums.airings, NULL);
		airtime(b, ws, row, 4, k->sums.airtime_ms);
	}
	return 0;
}

static int
by_month(struct book *b)
{
	const struct report *r = b->r;
	const char *name = r->lang == REPORT_EN ? (r->weekly ? "By week" : "By month")
	                                        : (r->weekly ? "Theo tuần" : "Theo tháng");
	lxw_worksheet *ws = sheet(b, name, report_label(r, r->weekly ? RL_BY_WEEK : RL_BY_MONTH), 16);
	char f1[160], f2[160];
	lxw_chart *chart;

	if (!ws)
		return -1;
	HEADING(b, ws, 1, report_label(r, r->weekly ? RL_WEEK : RL_MONTH), report_label(r, RL_PROGRAMMES),
	        report_label(r, RL_AIRINGS), r->subject_topic, report_label(r, RL_AIRTIME),
	        report_label(r, RL_AIRTIME_HOURS), report_label(r, RL_NOT_AIRED));
	for (int i = 0; i < r->nbuckets; i++) {
		const struct report_bucket *k = &r->buckets[i];
		when(b, ws, 2 + i, 0, k->from_ms, r->weekly ? b->day : b->month);
		worksheet_write_number(ws, (lxw_row_t)(2 + i), 1, (double)k->sums.programmes, NULL);
		worksheet_write_number(ws, (lxw_row_t)(2 + i), 2, (double)k->sums.airings, NULL);
		worksheet_write_number(ws, (lxw_row_t)(2 + i), 3, (double)k->subject_airings, NULL);
		airtime(b, ws, 2 + i, 4, k->sums.airtime_ms);
		worksheet_write_number(ws, (lxw_row_t)(2 + i), 6, (double)k->sums.not_aired, NULL);
	}
	if (r->nbuckets && (chart = workbook_add_chart(b->wb, LXW_CHART_COLUMN))) {
		snprintf(f1, sizeof f1, "='%s'!$A$3:$A$%d", name, 2 + r->nbuckets);
		snprintf(f2, sizeof f2, "='%s'!$F$3:$F$%d", name, 2 + r->nbuckets);
		lxw_chart_series *series = chart_add_series(chart, f1, f2);
		if (series)
			chart_series_set_name(series, report_label(r, RL_CHART));
		chart_title_set_name(chart, report_label(r, RL_CHART));
		chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
		worksheet_insert_chart(ws, (lxw_row_t)(3 + r->nbuckets), 0, chart);
	}
	return 0;
}

static int
by_clip(struct book *b)
{
	const struct report *r = b->r;
	lxw_worksheet *ws =
	    sheet(b, r->lang == REPORT_EN ? "Items" : "Tin bài", report_label(r, RL_BY_CLIP), 10);
	int row = 2;

	if (!ws)
		return -1;
	worksheet_set_column(ws, 1, 1, 44, NULL);
	worksheet_set_column(ws, 2, 2, 26, NULL);
	HEADING(b, ws, 1, report_label(r, RL_CLIP), report_label(r, RL_TITLE_COL), report_label(r, RL_TOPIC),
	        r->lang == REPORT_EN ? "Furniture" : "Phần khung chương trình", report_label(r, RL_AIRINGS),
	        report_label(r, RL_AIRTIME), report_label(r, RL_AIRTIME_HOURS), report_label(r, RL_FIRST),
	        report_label(r, RL_LAST));
	for (int i = 0; i < r->nclips; i++) {
		const struct report_clip *k = &r->clips[i];
		if (!k->airings)
			continue;
		if (k->clip_id)
			worksheet_write_number(ws, (lxw_row_t)row, 0, (double)k->clip_id, NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 1, report_clip_title(k), NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 2, k->topic, NULL);
		worksheet_write_boolean(ws, (lxw_row_t)row, 3, k->furniture, NULL);
		worksheet_write_number(ws, (lxw_row_t)row, 4, (double)k->airings, NULL);
		airtime(b, ws, row, 5, k->airtime_ms);
		when(b, ws, row, 7, k->first_ms, b->when);
		when(b, ws, row, 8, k->last_ms, b->when);
		row++;
	}
	return 0;
}

static int
problems(struct book *b)
{
	const struct report *r = b->r;
	lxw_worksheet *ws = sheet(b, r->lang == REPORT_EN ? "Not aired" : "Không phát được",
	                          report_label(r, RL_PROBLEMS), 12);
	char t[256];
	int row = 2;

	if (!ws)
		return -1;
	worksheet_set_column(ws, 2, 3, 30, NULL);
	worksheet_set_column(ws, 6, 6, 40, NULL);
	worksheet_set_column(ws, 8, 8, 50, NULL);
	HEADING(b, ws, 1, report_label(r, RL_ROW), report_label(r, RL_SCHEDULED),
	        r->lang == REPORT_EN ? "Programme" : "Chương trình", report_label(r, RL_ITEM_COL),
	        report_label(r, RL_STATUS), report_label(r, RL_PLAYED), report_label(r, RL_REASON),
	        "reason_code", report_label(r, RL_DETAIL));
	for (int i = 0; i < r->nproblems; i++, row++) {
		const struct report_problem *q = &r->problems[i];
		worksheet_write_number(ws, (lxw_row_t)row, 0, (double)q->id, NULL);
		when(b, ws, row, 1, q->scheduled_ms, b->when);
		worksheet_write_string(ws, (lxw_row_t)row, 2, q->title, NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 3, q->item, NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 4, report_status_label(r, q->status), NULL);
		worksheet_write_number(ws, (lxw_row_t)row, 5, (double)q->played_ms / 1000.0, NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 6, report_reason(r, q->why), NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 7, reason_code(q->why), NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 8, q->detail, NULL);
	}
	if (r->problems_total > r->nproblems)
		worksheet_write_string(ws, (lxw_row_t)row, 0, report_more(r, t, sizeof t), NULL);
	return 0;
}

static int
skips(struct book *b)
{
	const struct report *r = b->r;
	lxw_worksheet *ws =
	    sheet(b, r->lang == REPORT_EN ? "Planned skips" : "Tạm ngừng", report_label(r, RL_SKIPS), 44);
	int row = 2;

	if (!ws)
		return -1;
	HEADING(b, ws, 1, report_label(r, RL_REASON), "reason_code", report_label(r, RL_COUNT),
	        r->lang == REPORT_EN ? "Items left out" : "Số tin, bài bỏ qua", report_label(r, RL_FROM),
	        report_label(r, RL_TO));
	for (int i = 0; i < REASON_COUNT; i++) {
		const struct report_skip *k = &r->skips[i];
		if (!k->programmes && !k->items)
			continue;
		worksheet_write_string(ws, (lxw_row_t)row, 0, report_reason(r, k->why), NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 1, reason_code(k->why), NULL);
		worksheet_write_number(ws, (lxw_row_t)row, 2, (double)k->programmes, NULL);
		worksheet_write_number(ws, (lxw_row_t)row, 3, (double)k->items, NULL);
		when(b, ws, row, 4, k->first_ms, b->when);
		when(b, ws, row, 5, k->last_ms, b->when);
		row++;
	}
	return 0;
}

static int
appendix(struct book *b)
{
	const struct report *r = b->r;
	lxw_worksheet *ws =
	    sheet(b, r->lang == REPORT_EN ? "Appendix" : "Phụ lục", report_label(r, RL_CHAIN), 52);
	int row = 2;

	if (!ws)
		return -1;
	worksheet_set_column(ws, 1, 1, 72, NULL);
	worksheet_write_string(ws, (lxw_row_t)row, 0, report_label(r, RL_CHAIN), b->bold);
	worksheet_write_string(ws, (lxw_row_t)row++, 1,
	                       report_label(r, r->check.intact ? RL_CHAIN_OK : RL_CHAIN_BAD),
	                       r->check.intact ? NULL : b->bad);
	if (!r->check.intact) {
		worksheet_write_string(ws, (lxw_row_t)row, 0, report_label(r, RL_DETAIL), b->bold);
		worksheet_write_string(ws, (lxw_row_t)row++, 1, r->check.problem, b->bad);
	}
	worksheet_write_string(ws, (lxw_row_t)row, 0, report_label(r, RL_CHAIN_ROWS), b->bold);
	worksheet_write_number(ws, (lxw_row_t)row++, 1, (double)r->check.rows, NULL);
	worksheet_write_string(ws, (lxw_row_t)row, 0,
	                       r->lang == REPORT_EN ? "Item rows checked" : "Số dòng tin, bài đã kiểm tra",
	                       b->bold);
	worksheet_write_number(ws, (lxw_row_t)row++, 1, (double)r->check.items, NULL);
	worksheet_write_string(ws, (lxw_row_t)row, 0, report_label(r, RL_CHAIN_HEAD), b->bold);
	worksheet_write_string(ws, (lxw_row_t)row++, 1, r->check.head, b->mono);
	worksheet_write_string(ws, (lxw_row_t)row, 0, report_label(r, RL_GENERATED), b->bold);
	when(b, ws, row++, 1, r->generated_ms, b->when);
	row++;
	worksheet_write_string(ws, (lxw_row_t)row++, 0, report_label(r, RL_RECON), b->bold);
	if (!r->plan.available) {
		worksheet_write_string(ws, (lxw_row_t)row, 0, report_label(r, RL_NO_PLAN), NULL);
		return 0;
	}
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
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++, row++) {
		worksheet_write_string(ws, (lxw_row_t)row, 0, report_label(r, rows[i].id), NULL);
		worksheet_write_number(ws, (lxw_row_t)row, 1, (double)rows[i].v, NULL);
	}
	return 0;
}

static lxw_format *
format(struct book *b, int bold, int italic, int center, const char *num)
{
	lxw_format *f = workbook_add_format(b->wb);

	if (bold)
		format_set_bold(f);
	if (italic)
		format_set_italic(f);
	if (center)
		format_set_align(f, LXW_ALIGN_CENTER);
	if (num)
		format_set_num_format(f, num);
	return f;
}

int
report_write_xlsx(const struct report *r, const char *path, const char *shown)
{
	struct book b = {.r = r};
	struct report_doc d;
	lxw_error err;
	int rc;

	if (report_doc_build(r, &d) != 0)
		return -1;
	if (!(b.wb = workbook_new(path))) {
		report_doc_free(&d);
		return error(_("cannot create the workbook '%s'"), shown);
	}
	b.bold = format(&b, 1, 0, 0, NULL);
	b.head = format(&b, 1, 0, 1, NULL);
	format_set_bg_color(b.head, 0xE7E6E6);
	format_set_border(b.head, LXW_BORDER_THIN);
	format_set_text_wrap(b.head);
	b.title = format(&b, 1, 0, 1, NULL);
	b.center = format(&b, 0, 0, 1, NULL);
	b.italic = format(&b, 0, 1, 1, NULL);
	b.hours = format(&b, 0, 0, 0, "0.00");
	b.dur = format(&b, 0, 0, 0, "[h]:mm");
	b.when = format(&b, 0, 0, 0, "dd/mm/yyyy hh:mm");
	b.day = format(&b, 0, 0, 0, "dd/mm/yyyy");
	b.month = format(&b, 0, 0, 0, "mm/yyyy");
	b.pct = format(&b, 0, 0, 0, "0.0%");
	b.bad = format(&b, 1, 0, 0, NULL);
	format_set_font_color(b.bad, LXW_COLOR_RED);
	b.mono = format(&b, 0, 0, 0, NULL);
	format_set_font_name(b.mono, "Liberation Mono");
	rc = summary(&b, &d) || by_topic(&b) || by_month(&b) || by_clip(&b) || problems(&b) || skips(&b) ||
	     appendix(&b);
	report_doc_free(&d);
	err = workbook_close(b.wb);
	if (rc)
		return error(_("cannot create the workbook '%s'"), shown);
	if (err != LXW_NO_ERROR)
		return error(_("cannot write the workbook '%s': %s"), shown, lxw_strerror(err));
	return 0;
}

/* Commune c's sheet name into name: its id, which is ASCII letters,
 * digits, '-' and '_' (none of a sheet name's forbidden []:*?/\), cut to
 * the 31 characters a sheet's name may have. A spreadsheet takes two
 * names that differ only in case ("S1", "s1") as one, as it does two ids
 * alike in their first 31 characters, or an id "summary" and the summary
 * sheet: such a name ends in "~2", "~3" … instead, unique among the
 * n names already in used (and so in sheets 2 … n + 1). */
static void
sheet_name(char name[32], const char *id, char (*used)[32], int n)
{
	for (int k = 1;; k++) {
		int clash = 0;
		if (k == 1)
			snprintf(name, 32, "%.31s", id);
		else {
			char tail[16];
			int len = snprintf(tail, sizeof tail, "~%d", k);
			snprintf(name, 32, "%.*s%s", 31 - len, id, tail);
		}
		for (int i = 0; i < n && !clash; i++)
			clash = strcasecmp(name, used[i]) == 0;
		if (!clash)
			return;
	}
}

/* The province's workbook (report.h): the summary table on its first
 * sheet, then a sheet per commune (named by its id) with its topics. */
int
report_write_xlsx_province(const struct report_province *p, const char *path, const char *shown)
{
	struct book b = {.r = &p->sum};
	const char *summary_name = p->sum.lang == REPORT_EN ? "Summary" : "Tổng hợp";
	lxw_worksheet *ws;
	lxw_error err;
	char buf[128], t[160];
	double num;
	int rc = 0;

	if (!(b.wb = workbook_new(path)))
		return error(_("cannot create the workbook '%s'"), shown);
	b.bold = format(&b, 1, 0, 0, NULL);
	b.head = format(&b, 1, 0, 1, NULL);
	format_set_bg_color(b.head, 0xE7E6E6);
	format_set_border(b.head, LXW_BORDER_THIN);
	format_set_text_wrap(b.head);
	b.hours = format(&b, 0, 0, 0, "0.00");
	ws = workbook_add_worksheet(b.wb, summary_name);
	if (!ws)
		rc = -1;
	else {
		worksheet_write_string(ws, 0, 0, report_period_words(&p->sum, t, sizeof t), b.bold);
		for (int col = 0; col < REPORT_PROVINCE_COLS; col++)
			worksheet_write_string(ws, 2, (lxw_col_t)col, report_province_head(p, col), b.head);
		worksheet_set_column(ws, 1, 2, 24, NULL);
		worksheet_set_column(ws, 3, REPORT_PROVINCE_COLS - 1, 14, NULL);
		for (int c = 0; c <= p->n; c++)
			for (int col = 0; col < REPORT_PROVINCE_COLS; col++) {
				const char *v =
				    report_province_cell(p, c < p->n ? c : -1, col, buf, sizeof buf, &num);
				lxw_row_t row = (lxw_row_t)(3 + c);
				if (num >= 0)
					worksheet_write_number(ws, row, (lxw_col_t)col, num,
					                       col == 5   ? b.hours
					                       : c < p->n ? NULL
					                                  : b.bold);
				else
					worksheet_write_string(ws, row, (lxw_col_t)col, v,
					                       c < p->n ? NULL : b.bold);
			}
	}
	char(*used)[32] = calloc((size_t)p->n + 1, sizeof *used);
	if (!used)
		rc = -1;
	else
		snprintf(used[0], sizeof used[0], "%s", summary_name);
	for (int c = 0; c < p->n && rc == 0; c++) {
		const struct report *r = &p->v[c].r;
		char *name = used[c + 1];
		sheet_name(name, p->v[c].id, used, c + 1);
		if (!(ws = workbook_add_worksheet(b.wb, name))) {
			rc = -1;
			break;
		}
		worksheet_set_column(ws, 0, 0, 44, NULL);
		worksheet_set_column(ws, 1, 3, 14, NULL);
		worksheet_write_string(ws, 0, 0, r->station, b.bold);
		worksheet_write_string(ws, 1, 0, report_label(r, RL_CHAIN), NULL);
		worksheet_write_string(ws, 1, 1,
		                       report_label(r, r->check.intact ? RL_CHAIN_OK : RL_CHAIN_BAD),
		                       r->check.intact ? NULL : b.bold);
		worksheet_write_string(ws, 3, 0, report_label(r, RL_TOPIC), b.head);
		worksheet_write_string(ws, 3, 1, report_label(r, RL_ITEMS), b.head);
		worksheet_write_string(ws, 3, 2, report_label(r, RL_AIRINGS), b.head);
		worksheet_write_string(ws, 3, 3, report_label(r, RL_AIRTIME_HOURS), b.head);
		for (int i = 0; i < r->ntopics; i++) {
			const struct report_topic *k = &r->topics[i];
			lxw_row_t row = (lxw_row_t)(4 + i);
			worksheet_write_string(ws, row, 0,
			                       *k->topic ? k->topic : report_label(r, RL_NO_TOPIC), NULL);
			worksheet_write_number(ws, row, 1, (double)k->sums.items, NULL);
			worksheet_write_number(ws, row, 2, (double)k->sums.airings, NULL);
			worksheet_write_number(ws, row, 3, hours(k->sums.airtime_ms), b.hours);
		}
		lxw_row_t row = (lxw_row_t)(5 + r->ntopics);
		worksheet_write_string(ws, row, 0, report_label(r, RL_TOTAL_ROW), b.bold);
		worksheet_write_number(ws, row, 1, (double)r->totals.items, b.bold);
		worksheet_write_number(ws, row, 2, (double)r->totals.airings, b.bold);
		worksheet_write_number(ws, row, 3, hours(r->totals.airtime_ms), b.hours);
		worksheet_write_string(ws, row + 1, 0, report_label(r, RL_NOT_AIRED), NULL);
		worksheet_write_number(ws, row + 1, 1, (double)r->totals.not_aired, NULL);
	}
	free(used);
	err = workbook_close(b.wb);
	if (rc)
		return error(_("cannot create the workbook '%s'"), shown);
	if (err != LXW_NO_ERROR)
		return error(_("cannot write the workbook '%s': %s"), shown, lxw_strerror(err));
	return 0;
}
