/*
 * report_json.c — the report as JSON, for the province's tools and the web
 * console. The keys are a public contract (README, "The report's JSON"):
 * stable English words; numbers bare; instants ISO 8601 with the station's
 * offset; reasons as codes (reason.h), which every reader words itself.
 */
#include <inttypes.h>
#include <stdio.h>

#include "loa/fmt.h"
#include "loa/report.h"
#include "loa/timeutil.h"

static void
jkey(FILE *out, const char *k)
{
	fmt_json_string(out, k);
	fputs(": ", out);
}

static void
jstr(FILE *out, const char *k, const char *v)
{
	jkey(out, k);
	fmt_json_string(out, v);
}

static void
jtime(FILE *out, const struct report *r, const char *k, int64_t ms)
{
	char t[48];

	jkey(out, k);
	fmt_json_string(out, time_format_iso(ms, r->tz, t, sizeof t));
}

static int64_t
seconds(int64_t ms)
{
	return (ms + 500) / 1000;
}

void
report_json_totals(const struct report *r, FILE *out)
{
	fprintf(out,
	        "{\"items\": %" PRId64 ", \"airings\": %" PRId64 ", \"programmes\": %" PRId64
	        ", \"airtime_s\": %" PRId64 ", \"content_airtime_s\": %" PRId64 ", \"not_aired\": %" PRId64
	        ", \"skipped\": %" PRId64 ", \"late\": %" PRId64
	        ",\n    \"furniture\": {\"airings\": %" PRId64 ", \"airtime_s\": %" PRId64
	        "}, \"by_status\": {",
	        r->totals.items, r->totals.airings, r->totals.programmes, seconds(r->totals.airtime_ms),
	        seconds(r->content_airtime_ms), r->totals.not_aired, r->skipped_total, r->late,
	        r->furniture_airings, seconds(r->furniture_airtime_ms));
	for (int s = AIRLOG_COMPLETED, n = 0; s < AIRLOG_NSTATUS; s++)
		fprintf(out, "%s\"%s\": %" PRId64, n++ ? ", " : "", airlog_status_name((enum airlog_status)s),
		        r->by_status[s]);
	fputs("}}", out);
}

void
report_json_cchc(const struct report *r, FILE *out)
{
	fputc('{', out);
	jstr(out, "topic", r->subject_topic);
	fprintf(out,
	        ", \"items\": %" PRId64 ", \"airings\": %" PRId64 ", \"airtime_s\": %" PRId64
	        ", \"programmes\": %" PRId64 ", \"share\": %.1f}",
	        r->subject.items, r->subject.airings, seconds(r->subject.airtime_ms), r->subject.programmes,
	        report_subject_share(r));
}

int
report_write_json(const struct report *r, FILE *out)
{
	char t[128];

	fputs("{\n  ", out);
	jstr(out, "station", r->station);
	fputs(",\n  \"period\": {", out);
	jstr(out, "label", report_period_label(r, t, sizeof t));
	fputs(", ", out);
	jtime(out, r, "from", r->period.from_ms);
	fputs(", ", out);
	jtime(out, r, "to", r->period.to_ms);
	fputs("},\n  ", out);
	jtime(out, r, "generated", r->generated_ms);
	fprintf(out,
	        ",\n  \"chain\": {\"intact\": %s, \"rows\": %" PRId64 ", \"items\": %" PRId64
	        ", \"head\": \"%s\", \"problem\": ",
	        r->check.intact ? "true" : "false", r->check.rows, r->check.items, r->check.head);
	if (r->check.intact)
		fputs("null", out);
	else
		fmt_json_string(out, r->check.problem);
	fprintf(out, ", \"bad_row\": %" PRId64 "},\n", r->check.bad_id);
	fputs("  \"totals\": ", out);
	report_json_totals(r, out);
	fputs(",\n  \"cchc\": ", out);
	report_json_cchc(r, out);
	fputs(",\n  \"by_topic\": [", out);
	for (int i = 0; i < r->ntopics; i++) {
		const struct report_topic *k = &r->topics[i];
		fputs(i ? ",\n    {" : "\n    {", out);
		jstr(out, "topic", k->topic);
		fprintf(out,
		        ", \"furniture\": %s, \"cchc\": %s, \"items\": %" PRId64 ", \"airings\": %" PRId64
		        ", \"airtime_s\": %" PRId64 "}",
		        k->furniture ? "true" : "false", k->subject && !k->furniture ? "true" : "false",
		        k->sums.items, k->sums.airings, seconds(k->sums.airtime_ms));
	}
	fprintf(out, "],\n  \"by_%s\": [", r->weekly ? "week" : "month");
	for (int i = 0; i < r->nbuckets; i++) {
		const struct report_bucket *b = &r->buckets[i];
		fputs(i ? ",\n    {" : "\n    {", out);
		jtime(out, r, "from", b->from_ms);
		fprintf(out,
		        ", \"programmes\": %" PRId64 ", \"airings\": %" PRId64 ", \"airtime_s\": %" PRId64
		        ", \"not_aired\": %" PRId64 ", \"cchc_airings\": %" PRId64 "}",
		        b->sums.programmes, b->sums.airings, seconds(b->sums.airtime_ms), b->sums.not_aired,
		        b->subject_airings);
	}
	fputs("],\n  \"by_clip\": [", out);
	for (int i = 0, n = 0; i < r->nclips; i++) {
		const struct report_clip *k = &r->clips[i];
		if (!k->airings)
			continue;
		fprintf(out, "%s{\"clip\": %" PRId64 ", ", n++ ? ",\n    " : "\n    ", k->clip_id);
		jstr(out, "playlist", k->playlist);
		fputs(", ", out);
		jstr(out, "title", k->title);
		fputs(", ", out);
		jstr(out, "topic", k->topic);
		fprintf(out, ", \"furniture\": %s, \"airings\": %" PRId64 ", \"airtime_s\": %" PRId64 ", ",
		        k->furniture ? "true" : "false", k->airings, seconds(k->airtime_ms));
		jtime(out, r, "first", k->first_ms);
		fputs(", ", out);
		jtime(out, r, "last", k->last_ms);
		putc('}', out);
	}
	fputs("],\n  \"plan\": ", out);
	if (!r->plan.available)
		fputs("null", out);
	else
		fprintf(out,
		        "{\"planned\": %" PRId64 ", \"planned_skipped\": %" PRId64 ", \"logged\": %" PRId64
		        ", \"aired\": %" PRId64 ", \"unlogged\": %" PRId64 "}",
		        r->plan.planned, r->plan.planned_skip, r->plan.logged, r->plan.aired,
		        r->plan.unlogged);
	fprintf(out, ",\n  \"problems_total\": %" PRId64 ",\n  \"problems\": [", r->problems_total);
	for (int i = 0; i < r->nproblems; i++) {
		const struct report_problem *q = &r->problems[i];
		fprintf(out, "%s{\"row\": %" PRId64 ", ", i ? ",\n    " : "\n    ", q->id);
		jtime(out, r, "scheduled", q->scheduled_ms);
		fprintf(out, ", \"status\": \"%s\", \"played_s\": %s, ", airlog_status_name(q->status),
		        fmt_tenths(t, sizeof t, q->played_ms));
		jstr(out, "title", q->title);
		fputs(", ", out);
		jstr(out, "item", q->item);
		fputs(", ", out);
		jstr(out, "reason_code", reason_code(q->why));
		fputs(", ", out);
		jstr(out, "reason", q->detail);
		putc('}', out);
	}
	fprintf(out, "],\n  \"skipped_total\": %" PRId64 ",\n  \"skipped\": [", r->skipped_total);
	for (int i = 0, n = 0; i < REASON_COUNT; i++) {
		const struct report_skip *k = &r->skips[i];
		if (!k->programmes && !k->items)
			continue;
		fputs(n++ ? ",\n    {" : "\n    {", out);
		jstr(out, "reason_code", reason_code(k->why));
		fprintf(out, ", \"programmes\": %" PRId64 ", \"items\": %" PRId64 ", ", k->programmes,
		        k->items);
		jtime(out, r, "first", k->first_ms);
		fputs(", ", out);
		jtime(out, r, "last", k->last_ms);
		putc('}', out);
	}
	fputs("]\n}\n", out);
	return fflush(out) != 0 || ferror(out) ? -1 : 0;
}
