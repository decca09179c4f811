/*
 * report_province.c — the province's report (loa-hub report, report.h):
 * one row per commune, the province's totals, and a section per commune,
 * in JSON, CSV, text and html (report_xlsx.c makes the workbook).
 *
 * Key decisions. Every commune's figures are its own report's, built by
 * the one tally from the rows it sent, so a commune's row says what its
 * own `loa report` says for the period; the province's figures are those
 * rows added up, nothing counted again. Airtime is added in whole
 * seconds, as each commune's report shows it, so the province's seconds
 * are exactly the sum of the communes' (adding milliseconds and rounding
 * once could differ from the sum by a second per commune).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/fmt.h"
#include "loa/report.h"
#include "loa/timeutil.h"
#include "airlog/report_doc.h"

/* The words of the province's document that the station's has not. */
enum {
	PL_TITLE,
	PL_SUMMARY,
	PL_ID,
	PL_HEARD,
	PL_PROVINCE,
	PL_INTACT,
	PL_BROKEN,
	PL_COMMUNES,
	PL_NEVER,
	PL_COUNT
};
static const char *const words[PL_COUNT][2] = {
    [PL_TITLE] = {"Báo cáo tổng hợp kết quả hoạt động của hệ thống truyền thanh cơ sở",
                  "Summary of the communes' loudspeaker broadcasts"},
    [PL_SUMMARY] = {"Tổng hợp kết quả hoạt động của hệ thống truyền thanh cơ sở các xã, phường",
                    "The communes' loudspeaker broadcasts"},
    [PL_ID] = {"Mã đài", "Station id"},
    [PL_HEARD] = {"Liên lạc lần cuối", "Last heard from"},
    [PL_PROVINCE] = {"Toàn tỉnh", "Province"},
    [PL_INTACT] = {"toàn vẹn", "intact"},
    [PL_BROKEN] = {"có sai lệch", "broken"},
    [PL_COMMUNES] = {"Chi tiết từng đài", "Each commune"},
    [PL_NEVER] = {"chưa", "never"},
};

static const char *
word(const struct report_province *p, int id)
{
	return words[id][p->sum.lang == REPORT_EN];
}

static int64_t
rounded(int64_t ms)
{
	return (ms + 500) / 1000 * 1000;
}

void
report_province_sum(struct report_province *p)
{
	struct report *s = &p->sum;

	memset(&s->totals, 0, sizeof s->totals);
	memset(&s->subject, 0, sizeof s->subject);
	memset(s->by_status, 0, sizeof s->by_status);
	s->content_airtime_ms = s->furniture_airtime_ms = s->furniture_airings = 0;
	s->skipped_total = s->late = 0;
	s->check.intact = 1;
	for (int i = 0; i < p->n; i++) {
		const struct report *r = &p->v[i].r;
		s->totals.items += r->totals.items;
		s->totals.airings += r->totals.airings;
		s->totals.programmes += r->totals.programmes;
		s->totals.airtime_ms += rounded(r->totals.airtime_ms);
		s->totals.not_aired += r->totals.not_aired;
		s->content_airtime_ms += rounded(r->content_airtime_ms);
		s->furniture_airings += r->furniture_airings;
		s->furniture_airtime_ms += rounded(r->furniture_airtime_ms);
		s->skipped_total += r->skipped_total;
		s->late += r->late;
		for (int k = 0; k < AIRLOG_NSTATUS; k++)
			s->by_status[k] += r->by_status[k];
		s->subject.items += r->subject.items;
		s->subject.airings += r->subject.airings;
		s->subject.programmes += r->subject.programmes;
		s->subject.airtime_ms += rounded(r->subject.airtime_ms);
		s->check.intact &= r->check.intact;
		s->check.rows += r->check.rows;
		s->check.items += r->check.items;
	}
}

void
report_province_free(struct report_province *p)
{
	for (int i = 0; i < p->n; i++)
		report_free(&p->v[i].r);
	free(p->v);
	report_free(&p->sum);
	p->v = NULL;
	p->n = 0;
}

const char *
report_province_head(const struct report_province *p, int col)
{
	static char cchc[2][2][512];
	const struct report *r = &p->sum;
	int en = r->lang == REPORT_EN;

	switch (col) {
	case 0:
		return report_label(r, RL_NUMBER);
	case 1:
		return word(p, PL_ID);
	case 2:
		return report_label(r, RL_STATION);
	case 3:
		return report_label(r, RL_ITEMS);
	case 4:
		return report_label(r, RL_AIRINGS);
	case 5:
		return report_label(r, RL_AIRTIME_HOURS);
	case 6:
	case 7:
		/* "Số tin, bài về cải cách hành chính": the report's topic by name. */
		snprintf(cchc[en][col - 6], sizeof cchc[en][col - 6], "%s (%s)",
		         report_label(r, col == 6 ? RL_ITEMS : RL_AIRINGS), r->subject_topic);
		return cchc[en][col - 6];
	case 8:
		return en ? "Missed" : "Số buổi bị lỡ";
	case 9:
		return en ? "Failed" : "Số buổi lỗi";
	case 10:
		return report_label(r, RL_CHAIN);
	default:
		return word(p, PL_HEARD);
	}
}

const char *
report_province_cell(const struct report_province *p, int c, int col, char *buf, size_t n, double *number)
{
	const struct report *r = c < 0 ? &p->sum : &p->v[c].r;
	int64_t v = -1;

	*number = -1;
	switch (col) {
	case 0:
		if (c < 0)
			return "";
		v = c + 1;
		break;
	case 1:
		return c < 0 ? "" : p->v[c].id;
	case 2:
		return c < 0 ? word(p, PL_PROVINCE) : r->station;
	case 3:
		v = r->totals.items;
		break;
	case 4:
		v = r->totals.airings;
		break;
	case 5:
		*number = (double)rounded(r->totals.airtime_ms) / 3600000.0;
		snprintf(buf, n, "%.2f", *number);
		return buf;
	case 6:
		v = r->subject.items;
		break;
	case 7:
		v = r->subject.airings;
		break;
	case 8:
		v = r->by_status[AIRLOG_MISSED];
		break;
	case 9:
		v = r->by_status[AIRLOG_FAILED];
		break;
	case 10:
		return word(p, r->check.intact ? PL_INTACT : PL_BROKEN);
	default:
		if (c < 0)
			return "";
		if (!p->v[c].last_heard_ms)
			return word(p, PL_NEVER);
		return time_format_vn(p->v[c].last_heard_ms, r->tz, buf, n);
	}
	*number = (double)v;
	snprintf(buf, n, "%" PRId64, v);
	return buf;
}

static void
jtime(FILE *out, const struct report *r, const char *k, int64_t ms)
{
	char t[48];

	fmt_json_string(out, k);
	fputs(": ", out);
	fmt_json_string(out, time_format_iso(ms, r->tz, t, sizeof t));
}

static void
jchain(FILE *out, const struct report *r)
{
	fprintf(out, "{\"intact\": %s, \"rows\": %" PRId64 ", \"head\": ", r->check.intact ? "true" : "false",
	        r->check.rows);
	fmt_json_string(out, r->check.head);
	fputs(", \"problem\": ", out);
	if (r->check.intact)
		fputs("null", out);
	else
		fmt_json_string(out, r->check.problem);
	fprintf(out, ", \"bad_seq\": %" PRId64 "}", r->check.bad_seq);
}

int
report_province_json(const struct report_province *p, FILE *out)
{
	const struct report *s = &p->sum;
	char t[128];

	fputs("{\n  \"period\": {\"label\": ", out);
	fmt_json_string(out, report_period_label(s, t, sizeof t));
	fputs(", ", out);
	jtime(out, s, "from", s->period.from_ms);
	fputs(", ", out);
	jtime(out, s, "to", s->period.to_ms);
	fputs("},\n  ", out);
	jtime(out, s, "generated", s->generated_ms);
	fputs(",\n  \"stations\": [", out);
	for (int i = 0; i < p->n; i++) {
		const struct report *r = &p->v[i].r;
		fputs(i ? ",\n    {\"station\": " : "\n    {\"station\": ", out);
		fmt_json_string(out, p->v[i].id);
		fputs(", \"name\": ", out);
		fmt_json_string(out, r->station);
		fputs(", ", out);
		if (p->v[i].last_heard_ms)
			jtime(out, r, "last_heard", p->v[i].last_heard_ms);
		else
			fputs("\"last_heard\": null", out);
		fputs(",\n     \"chain\": ", out);
		jchain(out, r);
		fputs(",\n     \"totals\": ", out);
		report_json_totals(r, out);
		fputs(",\n     \"cchc\": ", out);
		report_json_cchc(r, out);
		fputc('}', out);
	}
	fprintf(out, "],\n  \"chain\": {\"intact\": %s, \"rows\": %" PRId64 "},\n  \"totals\": ",
	        s->check.intact ? "true" : "false", s->check.rows);
	report_json_totals(s, out);
	fputs(",\n  \"cchc\": ", out);
	report_json_cchc(s, out);
	fputs("\n}\n", out);
	return fflush(out) != 0 || ferror(out) ? -1 : 0;
}

int
report_province_csv(const struct report_province *p, FILE *out)
{
	char buf[128];
	double num;

	/* The summary table alone: one line per commune and the province's
	 * last, as a spreadsheet wants it. */
	for (int col = 0; col < REPORT_PROVINCE_COLS; col++) {
		if (col)
			fputc(',', out);
		fmt_csv_field(out, report_province_head(p, col));
	}
	fputs("\r\n", out);
	for (int c = 0; c <= p->n; c++) {
		for (int col = 0; col < REPORT_PROVINCE_COLS; col++) {
			if (col)
				fputc(',', out);
			fmt_csv_field(out,
			              report_province_cell(p, c < p->n ? c : -1, col, buf, sizeof buf, &num));
		}
		fputs("\r\n", out);
	}
	return fflush(out) != 0 || ferror(out) ? -1 : 0;
}

int
report_province_text(const struct report_province *p, FILE *out)
{
	const struct report *s = &p->sum;
	char buf[128], t[128];
	double num;

	fprintf(out, "%s\n%s: %s\n\n", word(p, PL_TITLE), report_label(s, RL_PERIOD),
	        report_period_label(s, t, sizeof t));
	for (int c = 0; c <= p->n; c++) {
		const struct report *r = c < p->n ? &p->v[c].r : s;
		fprintf(out, "%s%s%s\n", c < p->n ? p->v[c].id : word(p, PL_PROVINCE), c < p->n ? " — " : "",
		        c < p->n ? r->station : "");
		for (int col = 3; col < REPORT_PROVINCE_COLS; col++)
			if (c < p->n || col < 10)
				fprintf(
				    out, "  %-40s %s\n", report_province_head(p, col),
				    report_province_cell(p, c < p->n ? c : -1, col, buf, sizeof buf, &num));
		if (c < p->n && !r->check.intact)
			fprintf(out, "  %s\n", r->check.problem);
		fputc('\n', out);
	}
	return fflush(out) != 0 || ferror(out) ? -1 : 0;
}

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
			fputc(*s, out);
		}
	}
}

int
report_province_html(const struct report_province *p, FILE *out)
{
	const struct report *s = &p->sum;
	struct report_doc d;
	char buf[128], t[160];
	double num;
	int rc;

	if (report_doc_build(s, &d) != 0)
		return -1;
	fprintf(out,
	        "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
	        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>",
	        s->lang == REPORT_EN ? "en" : "vi");
	esc(out, word(p, PL_TITLE));
	fputs("</title><style>body{font-family:'Times New Roman',serif;margin:2em}"
	      "table{border-collapse:collapse}td,th{border:1px solid #444;padding:.2em .5em}"
	      "td.n{text-align:right}h1{text-align:center;font-size:1.3em;margin:.2em}"
	      "table.head{width:100%;margin-bottom:1em}table.head td{border:0;text-align:center;"
	      "vertical-align:top;width:50%}.c{text-align:center}"
	      ".bad{color:#b00;font-weight:bold}.wide{overflow-x:auto}"
	      "@media(max-width:600px){body{margin:.5em}}</style></head><body>\n",
	      out);
	/* The document's header as a station's report has it (report_doc.c:
	 * the issuing body, left to fill by hand at the hub, its number, the
	 * national motto, the place and date), then the title. */
	if (d.motto[0][0]) {
		fputs("<table class=\"head\"><tr><td><b>", out);
		for (int i = 0; i < d.nissuer; i++) {
			esc(out, d.issuer[i]);
			fputs(i + 1 < d.nissuer ? "<br>" : "", out);
		}
		fputs("</b><br>", out);
		esc(out, d.number);
		fputs("</td><td><b>", out);
		esc(out, d.motto[0]);
		fputs("<br><u>", out);
		esc(out, d.motto[1]);
		fputs("</u></b><br><em>", out);
		esc(out, d.place_date);
		fputs("</em></td></tr></table>\n", out);
	}
	fputs("<h1>", out);
	esc(out, d.title[0] ? d.title : "");
	fputs("</h1>\n<p class=\"c\"><b>", out);
	esc(out, word(p, PL_SUMMARY));
	fputs("<br>", out);
	esc(out, report_period_words(s, t, sizeof t));
	fputs("</b></p>\n", out);
	/* The summary is wider than a phone: it scrolls on its own. */
	fputs("<div class=\"wide\"><table>\n<tr>", out);
	for (int col = 0; col < REPORT_PROVINCE_COLS; col++) {
		fputs("<th>", out);
		esc(out, report_province_head(p, col));
		fputs("</th>", out);
	}
	fputs("</tr>\n", out);
	for (int c = 0; c <= p->n; c++) {
		fputs(c < p->n ? "<tr>" : "<tr style=\"font-weight:bold\">", out);
		for (int col = 0; col < REPORT_PROVINCE_COLS; col++) {
			const char *v =
			    report_province_cell(p, c < p->n ? c : -1, col, buf, sizeof buf, &num);
			int bad = col == 10 && !(c < p->n ? p->v[c].r.check.intact : s->check.intact);
			fputs(num >= 0 ? "<td class=\"n\">" : bad ? "<td class=\"bad\">" : "<td>", out);
			esc(out, v);
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</table></div>\n<h2>", out);
	esc(out, word(p, PL_COMMUNES));
	fputs("</h2>\n", out);
	for (int c = 0; c < p->n; c++) {
		const struct report *r = &p->v[c].r;
		fprintf(out, "<section id=\"station-");
		esc(out, p->v[c].id);
		fputs("\"><h3>", out);
		esc(out, r->station);
		fputs(" (", out);
		esc(out, p->v[c].id);
		fputs(")</h3>\n<p>", out);
		esc(out, report_label(r, RL_CHAIN));
		fputs(": ", out);
		fputs(r->check.intact ? "" : "<span class=\"bad\">", out);
		esc(out, report_label(r, r->check.intact ? RL_CHAIN_OK : RL_CHAIN_BAD));
		fputs(r->check.intact ? "" : "</span>", out);
		fputs("</p>\n<table><tr><th>", out);
		esc(out, report_label(r, RL_TOPIC));
		fputs("</th><th>", out);
		esc(out, report_label(r, RL_ITEMS));
		fputs("</th><th>", out);
		esc(out, report_label(r, RL_AIRINGS));
		fputs("</th><th>", out);
		esc(out, report_label(r, RL_AIRTIME));
		fputs("</th></tr>\n", out);
		for (int i = 0; i < r->ntopics; i++) {
			const struct report_topic *k = &r->topics[i];
			fputs("<tr><td>", out);
			esc(out, *k->topic ? k->topic : report_label(r, RL_NO_TOPIC));
			if (k->furniture) {
				fputs(" — ", out);
				esc(out, report_label(r, RL_FURNITURE));
			}
			fprintf(out,
			        "</td><td class=\"n\">%" PRId64 "</td><td class=\"n\">%" PRId64
			        "</td><td class=\"n\">",
			        k->sums.items, k->sums.airings);
			esc(out, report_airtime(r, k->sums.airtime_ms, t, sizeof t));
			fputs("</td></tr>\n", out);
		}
		fputs("</table>\n<p>", out);
		esc(out, report_label(r, RL_NOT_AIRED));
		fprintf(out, ": %" PRId64 "; ", r->totals.not_aired);
		esc(out, report_label(r, RL_PROGRAMMES));
		fprintf(out, ": %" PRId64 "</p></section>\n", r->totals.programmes);
	}
	fputs("</body></html>\n", out);
	report_doc_free(&d);
	rc = fflush(out) != 0 || ferror(out) ? -1 : 0;
	return rc;
}
