/*
 * report.c — loa-hub's report and station list (hub.h): what the hub
 * holds, read back from PostgreSQL.
 *
 * Key decision: the report is the stations' own. Each commune's rows are
 * read back as struct airlog_row (the hub keeps the station's columns)
 * and counted by the core's tally (report_build_rows), with the topic
 * list the station sent in its status: which topic words are one topic,
 * which are programme furniture, which is the report's topic (CCHC) —
 * decided as the station's own report decides them. What the hub cannot
 * have is the station's schedule: the province's report has no planned
 * versus aired part. A commune is counted in its own zone.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub/hub.h"
#include "loa/clock.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/outfile.h"
#include "loa/report.h"
#include "loa/timeutil.h"
#include "loa/topic.h"

struct rows_ctx {
	struct hub_db *db;
	const char *station;
};

static int
each_row(void *ctx, const struct report_period *p, int (*row)(void *, const struct airlog_row *),
         void *row_ctx)
{
	struct rows_ctx *x = ctx;

	return hub_db_rows(x->db, x->station, p->from_ms, p->to_ms, row, row_ctx) < 0 ? -1 : 0;
}

/* The period in zone: 0, or -1 (printed). */
static int
period_in(const struct hub_period *hp, const char *zone, struct report_period *p)
{
	int rc;

	if (hp->kind == 'R') {
		rc = report_period_range(hp->from, hp->to, zone, p);
		if (rc == -2)
			return error(_("--to %s is before --from %s"), hp->to, hp->from);
		if (rc != 0)
			return error(_("not a date: '%s' or '%s' (write 1/7/2026 or 2026-07-01)"), hp->from,
			             hp->to);
		return 0;
	}
	if (report_period_parse(hp->kind, hp->text, zone, p) != 0)
		return error(_("not a period: '%s' (write 2026Q4, 2026H2 or 2026)"), hp->text);
	return 0;
}

int
hub_report(struct hub_db *db, const struct hub_period *hp, enum report_format format, const char *output)
{
	struct report_province prov = {0};
	struct hub_station *st = NULL;
	struct outfile of = {0};
	FILE *out = stdout;
	int n = 0, rc = -1;

	if (format == REPORT_XLSX && !output)
		return error(_("an xlsx report needs a file: add -o FILE.xlsx"));
	if (output &&
	    (format == REPORT_XLSX ? outfile_open_name(&of, output) : outfile_open(&of, output)) != 0)
		return -1;
	if (output)
		out = of.f;
	if (hub_db_stations(db, &st, &n) != 0)
		goto done;
	prov.sum.lang = REPORT_VI;
	snprintf(prov.sum.tz, sizeof prov.sum.tz, "%s", n && *st[0].tz ? st[0].tz : HUB_ZONE);
	snprintf(prov.sum.subject_topic, sizeof prov.sum.subject_topic, "%s",
	         n && *st[0].report_topic ? st[0].report_topic : TOPIC_CCHC);
	if (period_in(hp, prov.sum.tz, &prov.sum.period) != 0)
		goto done;
	prov.sum.generated_ms = clock_wall_ms();
	/* The province's document: its issuing body left to fill by hand
	 * (the level above the communes: today the province). */
	snprintf(prov.sum.form.issuer, sizeof prov.sum.form.issuer, "%s",
	         "ỦY BAN NHÂN DÂN;TỈNH ....................");
	report_form_defaults(&prov.sum.form, "");
	if (!(prov.v = calloc((size_t)n + 1, sizeof *prov.v))) {
		error(_("out of memory"));
		goto done;
	}
	for (int i = 0; i < n; i++) {
		struct report_commune *c = &prov.v[i];
		struct rows_ctx x = {db, st[i].id};
		struct report_source src = {.station = *st[i].name ? st[i].name : st[i].id,
		                            .tz = *st[i].tz ? st[i].tz : HUB_ZONE,
		                            .each = each_row,
		                            .ctx = &x};
		struct report_form form = {0};
		struct report_period p;
		struct topic *topics = NULL;
		size_t ntopics = 0;
		int ok;

		snprintf(c->id, sizeof c->id, "%s", st[i].id);
		c->last_heard_ms = st[i].last_heard_ms;
		snprintf(form.topic, sizeof form.topic, "%s", st[i].report_topic);
		/* The hub's verdict: every row it holds followed the chain when
		 * it came; a problem is the row that did not. */
		src.check.intact = st[i].problem_seq == 0;
		src.check.rows = st[i].head_seq;
		src.check.items = st[i].items;
		src.check.bad_seq = st[i].problem_seq;
		src.check.full = 1;
		snprintf(src.check.head, sizeof src.check.head, "%s", st[i].head_hash);
		snprintf(src.check.problem, sizeof src.check.problem, "%s", st[i].problem);
		if (period_in(hp, src.tz, &p) != 0 || hub_db_topics(db, st[i].id, &topics, &ntopics) != 0)
			goto done;
		src.topics = topics;
		src.ntopics = ntopics;
		ok = report_build_rows(&src, &p, REPORT_VI, &form, &c->r) == 0;
		free(topics);
		if (!ok)
			goto done;
		prov.n = i + 1;
	}
	report_province_sum(&prov);
	switch (format) {
	case REPORT_XLSX:
		rc = report_write_xlsx_province(&prov, of.tmp, output);
		break;
	case REPORT_CSV:
		rc = report_province_csv(&prov, out);
		break;
	case REPORT_HTML:
		rc = report_province_html(&prov, out);
		break;
	case REPORT_JSON:
		rc = report_province_json(&prov, out);
		break;
	default:
		rc = report_province_text(&prov, out);
		break;
	}
	if (rc != 0 && format != REPORT_XLSX)
		error_errno(_("cannot write the report '%s'"), output ? output : _("standard output"));
done:
	if (output) {
		if (rc == 0)
			rc = outfile_commit(&of);
		else
			outfile_abort(&of);
	}
	report_province_free(&prov);
	free(st);
	return rc;
}

/* An instant as ISO 8601 in the station's zone into buf, or NULL for none. */
static const char *
when(int64_t ms, const char *tz, char *buf, size_t n)
{
	if (ms <= 0)
		return NULL;
	return time_format_iso(ms, *tz ? tz : HUB_ZONE, buf, n);
}

static const char *
yes_no(int v)
{
	return v < 0 ? NULL : v ? "true" : "false";
}

int
hub_stations(struct hub_db *db, enum fmt_kind kind)
{
	const struct fmt_col cols[] = {
	    {"station", FMT_TEXT, _("STATION"), NULL},
	    {"name", FMT_TEXT, _("NAME"), NULL},
	    {"online", FMT_BOOL, _("ONLINE"), NULL},
	    {"last_airing", FMT_INSTANT, _("LAST AIRING"), NULL},
	    {"last_outcome", FMT_TEXT, _("OUTCOME"), NULL},
	    {"device_ok", FMT_BOOL, _("DEVICE OK"), NULL},
	    {"device_reason", FMT_TEXT, _("DEVICE PROBLEM"), NULL},
	    {"rows_held", FMT_NUM, _("ROWS AT HUB"), NULL},
	    {"unsent", FMT_NUM, _("UNSENT"), NULL},
	    {"last_heard", FMT_INSTANT, _("LAST HEARD"), NULL},
	    {"problem_seq", FMT_NUM, _("PROBLEM ROW"), NULL},
	    {"problem", FMT_TEXT, _("PROBLEM"), NULL},
	};
	struct hub_station *st = NULL;
	struct fmt *f;
	int n = 0, rc = 0;

	if (hub_db_stations(db, &st, &n) != 0)
		return -1;
	if (!(f = fmt_open(stdout, kind, cols, (int)(sizeof cols / sizeof *cols), 0))) {
		free(st);
		return -1;
	}
	for (int i = 0; i < n && rc == 0; i++) {
		const struct hub_station *h = &st[i];
		/* Rows the station has closed that the hub does not hold yet:
		 * its log's head, as its status last said, less the hub's. */
		int64_t unsent = h->station_rows < 0 ? -1 : h->station_rows - h->head_seq;
		char a[48], b[48], held[24], un[24], pseq[24];

		snprintf(held, sizeof held, "%" PRId64, h->head_seq);
		snprintf(un, sizeof un, "%" PRId64, unsent < 0 ? 0 : unsent);
		snprintf(pseq, sizeof pseq, "%" PRId64, h->problem_seq);
		const char *cells[] = {h->id,
		                       *h->name ? h->name : NULL,
		                       yes_no(h->online),
		                       when(h->last_airing_ms, h->tz, a, sizeof a),
		                       *h->last_outcome ? h->last_outcome : NULL,
		                       yes_no(h->device_ok),
		                       *h->device_reason ? h->device_reason : NULL,
		                       held,
		                       unsent < 0 ? NULL : un,
		                       when(h->last_heard_ms, h->tz, b, sizeof b),
		                       h->problem_seq ? pseq : NULL,
		                       *h->problem ? h->problem : NULL};
		rc = fmt_row(f, cells);
	}
	if (fmt_close(f) != 0)
		rc = -1;
	free(st);
	return rc;
}
