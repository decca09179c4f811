/*
 * report_html.c — the report as one self-contained HTML page: inline CSS
 * that prints on A4, and an inline SVG bar chart of airtime per month (or
 * week). No scripts, no fonts, no images from elsewhere: the file opens the
 * same on a commune PC offline and at the district.
 */
#include <inttypes.h>
#include <string.h>

#include "loa/fmt.h"
#include "loa/report.h"
#include "loa/timeutil.h"

static void
esc(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '&':
			fputs("&amp;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		default:
			putc(*s, out);
		}
	}
}

static void
row2(FILE *out, const char *k, const char *v)
{
	fputs("<tr><th>", out);
	esc(out, k);
	fputs("</th><td>", out);
	esc(out, v);
	fputs("</td></tr>\n", out);
}

static void
th(FILE *out, const struct report *r, int n, const enum report_label_id *ids)
{
	fputs("<tr>", out);
	for (int i = 0; i < n; i++) {
		fputs("<th>", out);
		esc(out, report_label(r, ids[i]));
		fputs("</th>", out);
	}
	fputs("</tr>\n", out);
}

static void
td(FILE *out, const char *v, int numeric)
{
	fputs(numeric ? "<td class=n>" : "<td>", out);
	esc(out, v);
	fputs("</td>", out);
}

static void
h2(FILE *out, const struct report *r, enum report_label_id id)
{
	fputs("<h2>", out);
	esc(out, report_label(r, id));
	fputs("</h2>\n", out);
}

/* Bars of airtime per bucket, scaled to the largest; hours on the axis. */
static void
chart(FILE *out, const struct report *r)
{
	const int w = 680, h = 240, left = 48, bottom = 40, top = 16;
	int64_t max = 0;
	double bw, scale;
	char label[64];

	for (int i = 0; i < r->nbuckets; i++)
		if (r->buckets[i].sums.played_ms > max)
			max = r->buckets[i].sums.played_ms;
	if (r->nbuckets == 0)
		return;
	bw = (double)(w - left - 8) / r->nbuckets;
	scale = max ? (double)(h - bottom - top) / (double)max : 0;
	fprintf(out,
	        "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" class=chart width=\"%d\" height=\"%d\""
	        " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"",
	        w, h, w, h);
	esc(out, report_label(r, RL_CHART));
	fputs("\">\n", out);
	fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>\n", left, h - bottom,
	        w - 4, h - bottom);
	fprintf(out, "<text x=\"4\" y=\"%d\" font-size=\"11\">%.1f %s</text>\n", top + 4,
	        (double)max / 3600000.0, report_label(r, RL_HOURS));
	for (int i = 0; i < r->nbuckets; i++) {
		const struct report_bucket *b = &r->buckets[i];
		double bh = (double)b->sums.played_ms * scale;
		double x = left + i * bw + bw * 0.15;
		fprintf(
		    out,
		    "<rect class=bar x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#2b6cb0\">"
		    "<title>",
		    x, h - bottom - bh, bw * 0.7, bh);
		esc(out, report_bucket_label(r, b, label, sizeof label));
		fprintf(out, ": %.1f %s</title></rect>\n", (double)b->sums.played_ms / 3600000.0,
		        report_label(r, RL_HOURS));
		if (r->weekly)
			snprintf(label, sizeof label, "%02d/%02d", b->day, b->month);
		else
			snprintf(label, sizeof label, "%02d/%d", b->month, b->year % 100);
		fprintf(out, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>\n",
		        x + bw * 0.35, h - bottom + 14, label);
	}
	fputs("</svg><figcaption>", out);
	esc(out, report_label(r, RL_CHART));
	fputs("</figcaption></figure>\n", out);
}

int
report_write_html(const struct report *r, FILE *out)
{
	static const enum report_label_id topic_cols[] = {RL_TOPIC, RL_ITEMS, RL_AIRINGS, RL_AIRTIME};
	static const enum report_label_id bucket_cols[] = {RL_MONTH, RL_AIRINGS, RL_AIRTIME, RL_NOT_AIRED};
	static const enum report_label_id week_cols[] = {RL_WEEK, RL_AIRINGS, RL_AIRTIME, RL_NOT_AIRED};
	static const enum report_label_id clip_cols[] = {RL_CLIP,    RL_TITLE_COL, RL_TOPIC, RL_AIRINGS,
	                                                 RL_AIRTIME, RL_FIRST,     RL_LAST};
	static const enum report_label_id prob_cols[] = {RL_ROW,    RL_SCHEDULED, RL_TITLE_COL,
	                                                 RL_STATUS, RL_PLAYED,    RL_REASON};
	char a[64], b[64], c[64];

	fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
	        r->lang == REPORT_EN ? "en" : "vi");
	esc(out, report_label(r, RL_TITLE));
	fputs(" — ", out);
	esc(out, report_period_label(r, a, sizeof a));
	fputs("</title>\n<style>\n"
	      "body{font-family:'Times New Roman',serif;max-width:46em;margin:2em auto;color:#111}\n"
	      "h1{font-size:1.4em;text-align:center;text-transform:uppercase}\n"
	      "h2{font-size:1.1em;margin-top:1.6em;border-bottom:1px solid #999}\n"
	      "table{border-collapse:collapse;width:100%;margin:.4em 0}\n"
	      "th,td{border:1px solid #888;padding:.2em .4em;text-align:left;vertical-align:top}\n"
	      "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	      ".bad{color:#b00;font-weight:bold}.ok{color:#070}\n"
	      "figure{margin:1em 0}figcaption{font-size:.9em;text-align:center}\n"
	      "@page{size:A4;margin:15mm}@media print{body{margin:0;max-width:none}h2{break-after:avoid}"
	      "tr{break-inside:avoid}}\n"
	      "</style>\n</head>\n<body>\n<h1>",
	      out);
	esc(out, report_label(r, RL_TITLE));
	fputs("</h1>\n<table class=header>\n", out);
	row2(out, report_label(r, RL_STATION), r->station);
	row2(out, report_label(r, RL_PERIOD), report_period_label(r, a, sizeof a));
	row2(out, report_label(r, RL_GENERATED), time_format_vn(r->generated_ms, r->tz, a, sizeof a));
	fputs("<tr><th>", out);
	esc(out, report_label(r, RL_CHAIN));
	fprintf(out, "</th><td class=%s>", r->check.intact ? "ok" : "bad");
	esc(out, report_label(r, r->check.intact ? RL_CHAIN_OK : RL_CHAIN_BAD));
	if (!r->check.intact) {
		fputs(": ", out);
		esc(out, r->check.problem);
	}
	fputs("</td></tr>\n", out);
	row2(out, report_label(r, RL_CHAIN_HEAD), r->check.head);
	fputs("</table>\n", out);
	if (!r->totals.aired) {
		fputs("<p class=nothing><strong>", out);
		esc(out, report_label(r, RL_NOTHING));
		fputs("</strong></p>\n", out);
	}

	h2(out, r, RL_TOTALS);
	fputs("<table>\n", out);
	snprintf(a, sizeof a, "%" PRId64, r->totals.items);
	row2(out, report_label(r, RL_ITEMS), a);
	snprintf(a, sizeof a, "%" PRId64, r->totals.aired);
	row2(out, report_label(r, RL_AIRINGS), a);
	row2(out, report_label(r, RL_AIRTIME), report_airtime(r, r->totals.played_ms, a, sizeof a));
	snprintf(a, sizeof a, "%" PRId64, r->totals.not_aired);
	row2(out, report_label(r, RL_NOT_AIRED), a);
	snprintf(a, sizeof a, "%" PRId64, r->late);
	row2(out, report_label(r, RL_LATE), a);
	fputs("</table>\n", out);

	h2(out, r, RL_BY_STATUS);
	fputs("<table>\n", out);
	for (int s = AIRLOG_COMPLETED; s <= AIRLOG_SKIPPED; s++) {
		snprintf(a, sizeof a, "%" PRId64, r->by_status[s]);
		row2(out, report_status_label(r, (enum airlog_status)s), a);
	}
	fputs("</table>\n", out);

	h2(out, r, r->weekly ? RL_BY_WEEK : RL_BY_MONTH);
	chart(out, r);
	fputs("<table>\n", out);
	th(out, r, 4, r->weekly ? week_cols : bucket_cols);
	for (int i = 0; i < r->nbuckets; i++) {
		const struct report_bucket *k = &r->buckets[i];
		fputs("<tr>", out);
		td(out, report_bucket_label(r, k, a, sizeof a), 0);
		snprintf(b, sizeof b, "%" PRId64, k->sums.aired);
		td(out, b, 1);
		td(out, report_airtime(r, k->sums.played_ms, c, sizeof c), 1);
		snprintf(b, sizeof b, "%" PRId64, k->sums.not_aired);
		td(out, b, 1);
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);

	h2(out, r, RL_BY_TOPIC);
	fputs("<table>\n", out);
	th(out, r, 4, topic_cols);
	for (int i = 0; i < r->ntopics; i++) {
		const struct report_topic *t = &r->topics[i];
		fputs("<tr>", out);
		td(out, *t->topic ? t->topic : report_label(r, RL_NO_TOPIC), 0);
		snprintf(b, sizeof b, "%" PRId64, t->sums.items);
		td(out, b, 1);
		snprintf(b, sizeof b, "%" PRId64, t->sums.aired);
		td(out, b, 1);
		td(out, report_airtime(r, t->sums.played_ms, c, sizeof c), 1);
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);

	h2(out, r, RL_BY_CLIP);
	fputs("<table>\n", out);
	th(out, r, 7, clip_cols);
	for (int i = 0; i < r->nclips; i++) {
		const struct report_clip *k = &r->clips[i];
		if (!k->sums.aired)
			continue;
		fputs("<tr>", out);
		snprintf(b, sizeof b, "%" PRId64, k->clip_id);
		td(out, k->clip_id ? b : "", 1);
		td(out, report_clip_title(k), 0);
		td(out, k->topic, 0);
		snprintf(b, sizeof b, "%" PRId64, k->sums.aired);
		td(out, b, 1);
		td(out, report_airtime(r, k->sums.played_ms, c, sizeof c), 1);
		td(out, time_format_vn(k->first_ms, r->tz, a, sizeof a), 0);
		td(out, time_format_vn(k->last_ms, r->tz, a, sizeof a), 0);
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);

	h2(out, r, RL_RECON);
	fputs("<table>\n", out);
	if (!r->plan.available) {
		fputs("<tr><td>", out);
		esc(out, report_label(r, RL_NO_PLAN));
		fputs("</td></tr>\n", out);
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
			snprintf(a, sizeof a, "%" PRId64, rows[i].v);
			row2(out, report_label(r, rows[i].id), a);
		}
	}
	fputs("</table>\n", out);
	h2(out, r, RL_PROBLEMS);
	fputs("<table class=problems>\n", out);
	th(out, r, 6, prob_cols);
	for (int i = 0; i < r->nproblems; i++) {
		const struct report_problem *q = &r->problems[i];
		char why[REPORT_REASON_MAX];
		fputs("<tr>", out);
		snprintf(b, sizeof b, "%" PRId64, q->id);
		td(out, b, 1);
		td(out, time_format_vn(q->scheduled_ms, r->tz, a, sizeof a), 0);
		td(out, q->title, 0);
		td(out, report_status_label(r, q->status), 0);
		td(out, fmt_tenths(b, sizeof b, q->played_ms), 1);
		td(out, report_reason(r, q->reason, why, sizeof why), 0);
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);
	if (r->problems_total > r->nproblems) {
		char more[160];
		fputs("<p>", out);
		esc(out, report_more(r, more, sizeof more));
		fputs("</p>\n", out);
	}
	fputs("</body>\n</html>\n", out);
	return fflush(out) != 0 || ferror(out) ? -1 : 0;
}
