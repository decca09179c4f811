/*
 * api_station.c — the station and its broadcast in the API: GET
 * /api/v1/station, /status, /agenda, /log, /log/verify and /report.
 *
 * Each answer is what the command's --format json prints (loa station,
 * loa status, loa agenda, loa log, loa report), written by the same view
 * or writer of the core. Query values are read as the command line reads
 * its options (timeutil.h's readers, words.h): an officer may type
 * "1/7/2026 6h" in a form as on the command line.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/agenda_view.h"
#include "loa/airlog.h"
#include "loa/config.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/link_mark.h"
#include "loa/report.h"
#include "loa/status.h"
#include "loa/timeutil.h"
#include "loa/words.h"
#include "web/web.h"

int
api_station(struct web *w, struct web_req *r, struct web_resp *out)
{
	struct web_listing ls;
	struct view_cells row;
	struct link_mark mark;

	(void)r;
	view_station_cells(&row, &w->station, store_db_path(w->store), store_library_dir(w->store),
	                   store_schema_version(), link_mark_get(w->store, &mark) == 0 ? &mark : NULL);
	if (web_list_open(out, &ls, &view_station, FMT_VERTICAL | FMT_SINGLE) != 0)
		return -1;
	return web_list_close(out, &ls, view_add(&ls.l, row.v) == 0 ? 0 : -1);
}

int
api_status(struct web *w, struct web_req *r, struct web_resp *out)
{
	struct station_status s;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	if (station_status(w->store, &w->station, r->now_ms, &s) != 0)
		return web_fail_core(out, 500);
	if (!(f = web_json_open(out, &buf, &len))) {
		station_status_free(&s);
		return -1;
	}
	rc = view_status_json(f, &w->station, &s);
	station_status_free(&s);
	if (rc != 0) {
		fclose(f);
		free(buf);
		return web_fail_core(out, 500);
	}
	return web_json_close(out, f, &buf, &len);
}

/* The station's change token (store_change_token): a page polls this,
 * a few bytes, and reads again what it shows only when it moved. */
int
api_changes(struct web *w, struct web_req *r, struct web_resp *out)
{
	char token[48], *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)r;
	store_change_token(w->store, token, sizeof token);
	if (!(f = web_json_open(out, &buf, &len)))
		return -1;
	fprintf(f, "{\"changes\": \"%s\"}\n", token);
	return web_json_close(out, f, &buf, &len);
}

/* The query argument field read as an instant (a date, or a date and a
 * time) in the station's zone; a year left out is the next such day, or
 * with past the last one. 1 read, 0 absent, -1 refused (out holds why). */
static int
arg_instant(struct web *w, struct web_req *r, struct web_resp *out, const char *field, int past, int64_t *ms,
            int *has_time)
{
	const char *v = web_arg(r, field);
	struct time_reading how;
	struct civil today;
	char msg[512];

	if (!v || !*v)
		return 0;
	time_today(w->station.tz, &today);
	if (time_read_instant(v, w->station.tz, &today, past, ms, &how) != 0) {
		time_fault_text(TIME_INSTANT, v, &how, msg, sizeof msg);
		web_fail(out, 400, field, time_examples(TIME_INSTANT), "%s", msg);
		return -1;
	}
	if (has_time)
		*has_time = how.has_time;
	return 1;
}

/*
 * The agenda as the client reads it (web.h's streams): built whole, as the
 * overlaps are resolved over the whole period, then written AGENDA_PART
 * rows at a time, each row's note made as it is written. A quarter of a
 * station of 1,000 daily slots is 91,000 rows and 20 MB of JSON: the
 * answer never holds more than a part of it, nor the rows' notes.
 */
#define AGENDA_PART 1024 /* rows a part holds */

struct agenda_stream {
	struct store *store;   /* the station: a rejected airing's reason */
	struct agenda agenda;  /* the airings */
	size_t next;           /* the first not written */
	char zone[80];         /* the station's */
	struct view_listing l; /* the listing, on the stream's FILE */
	int open;              /* l is open */
};

/* The next part: 0 (more follow), 1 (the last: the listing is closed),
 * -1. */
static int
agenda_fill(void *ctx, FILE *f)
{
	struct agenda_stream *e = ctx;
	struct view_cells cells;
	char note[sizeof((struct agenda_row *)0)->note];
	size_t end = e->next + AGENDA_PART < e->agenda.n ? e->next + AGENDA_PART : e->agenda.n;

	(void)f;
	for (; e->next < end; e->next++) {
		const struct airing *a = &e->agenda.v[e->next];
		agenda_view_note(e->store, a, note, sizeof note);
		view_agenda_cells(&cells, a, note, e->zone);
		if (view_add(&e->l, cells.v) != 0)
			return -1;
	}
	if (e->next < e->agenda.n)
		return 0;
	e->open = 0;
	return view_close(&e->l) == 0 ? 1 : -1;
}

static void
agenda_release(void *ctx)
{
	struct agenda_stream *e = ctx;

	if (e->open)
		view_close(&e->l);
	agenda_free(&e->agenda);
	free(e);
}

int
api_agenda(struct web *w, struct web_req *r, struct web_resp *out)
{
	int64_t from = r->now_ms, to = 0;
	struct agenda_stream *e;
	struct web_stream *ws;
	int have_to;

	if (arg_instant(w, r, out, "from", 0, &from, NULL) < 0 ||
	    (have_to = arg_instant(w, r, out, "to", 0, &to, NULL)) < 0)
		return -1;
	if (!have_to)
		to = from + AGENDA_VIEW_DEFAULT_MS;
	if (to <= from)
		return web_fail(out, 400, "to", NULL, "%s", _("the end must be after the start"));
	if (to - from > AGENDA_VIEW_MAX_MS)
		return web_fail(out, 400, "to", _("ask for a shorter period"), "%s",
		                _("the period is longer than ten years"));
	if (!(e = calloc(1, sizeof *e)))
		return web_fail(out, 500, NULL, NULL, "%s", _("out of memory"));
	if (agenda_build(w->store, from, to, &e->agenda) != 0) {
		agenda_free(&e->agenda);
		free(e);
		return web_fail_core(out, 500);
	}
	e->store = w->store;
	snprintf(e->zone, sizeof e->zone, "%s", w->station.tz);
	if (!(ws = web_stream_new(out, r->lang))) {
		agenda_release(e);
		return -1;
	}
	if (view_open(&e->l, &view_agenda, web_stream_file(ws), FMT_JSON, 0) != 0) {
		agenda_release(e);
		web_stream_free(ws);
		return web_fail(out, 500, NULL, NULL, "%s", _("out of memory"));
	}
	e->open = 1;
	return web_stream_send(out, ws, agenda_fill, agenda_release, e, "application/json");
}

/* A log's bound: an instant, or a date (for "to": through that day's
 * end); a date without a year is the last such day, the log being the
 * past. As `loa log` reads --from and --to. 1, 0 absent, -1 refused. */
static int
log_bound(struct web *w, struct web_req *r, struct web_resp *out, const char *field, int64_t *ms)
{
	struct civil c;
	int has_time = 0, rc = arg_instant(w, r, out, field, 1, ms, &has_time);

	if (rc <= 0 || strcmp(field, "to") != 0 || has_time)
		return rc;
	if (tz_from_utc(w->station.tz, *ms, &c, NULL) != 0)
		return web_fail_core(out, 500);
	c.hour = c.min = c.sec = 0;
	if (++c.day > civil_days_in_month(c.year, c.month)) {
		c.day = 1;
		if (++c.month > 12)
			c.month = 1, c.year++;
	}
	return tz_to_utc(w->station.tz, &c, ms) == 0 ? 1 : web_fail_core(out, 500);
}

int
web_past_bound(struct web *w, struct web_req *r, struct web_resp *out, const char *field, int64_t *ms)
{
	return log_bound(w, r, out, field, ms);
}

/*
 * The airing log as the client reads it (web.h's streams): parts of
 * LOG_PART_LINES lines, each read by a walk of its own that takes up from
 * the row after the last one sent. Nothing stays open on the station's
 * connection between two parts — a walk left open would hold the
 * connection's snapshot for every other request (store.h, store_settle) —
 * and the memory is one part's whatever the period: the whole log of a
 * busy station is tens of megabytes of JSON. A row written while the
 * answer is being sent is in it when it sorts after what was sent.
 */
#define LOG_PART_LINES 1024 /* lines (rows, or items) a part holds, a row's items never split */

/*
 * The log as JSON is paged: LOG_PAGE_ROWS rows (programmes; with items=1
 * their items) at most, and as many when limit= is not given; the whole
 * log of a busy station is 100,000 rows and 50 MB, which no client reads
 * in the 100 ms a call should take. A page is written in one walk and
 * sent whole, so that when more rows follow its last, the answer says
 * where the next page is before its body: a Link header, rel="next", the
 * same query with after= the last row (RFC 8288). CSV, a download, stays
 * whole, sent in parts.
 */
#define LOG_PAGE_ROWS 1000

/* Where the next page starts (filled while the first part is written). */
struct log_next {
	int more;         /* rows follow the last one sent */
	int64_t after_id; /* the last row sent */
};

struct log_stream {
	struct store *store;      /* the station */
	struct airlog_filter flt; /* the rows asked for; after_ms, after_id: the last sent */
	char zone[80];            /* the station's */
	int items;                /* a line per item (items=1) */
	unsigned statuses;        /* items: the statuses asked for (0: all) */
	struct view_listing l;    /* the listing, on the stream's FILE */
	int open;                 /* l is open */
	int lines;                /* lines written in this part */
	int failed;               /* a write failed */
	int64_t limit;            /* rows to send at most (limit=; 0: all) */
	int64_t sent;             /* rows sent so far */
	int64_t last_ms, last_id; /* through=: the last row to send (last_id 0: none) */
	int done;                 /* the limit or the last row was reached */
	int page;                 /* a page: written in one part, however many lines */
	struct log_next *next;    /* where to say that rows follow the limit, or NULL */
};

/* The walk stops after a row once the part is full or the answer done (1). */
static int
log_sent(struct log_stream *e, const struct airlog_row *row)
{
	e->flt.after_ms = row->scheduled_ms;
	e->flt.after_id = row->id;
	e->sent++;
	if (row->id == e->last_id)
		e->done = 1;
	return e->done || (!e->page && e->lines >= LOG_PART_LINES);
}

/* 1 when row is not sent and the answer is done: it sorts after the last
 * row asked for (through=), or the limit was reached before it (then
 * rows follow the answer's last). */
static int
log_past(struct log_stream *e, const struct airlog_row *row)
{
	if (e->last_id &&
	    (row->scheduled_ms > e->last_ms || (row->scheduled_ms == e->last_ms && row->id > e->last_id)))
		return e->done = 1;
	if (e->limit && e->sent == e->limit) {
		if (e->next)
			e->next->more = 1, e->next->after_id = e->flt.after_id;
		return e->done = 1;
	}
	return 0;
}

static int
log_row(void *ctx, const struct airlog_row *row)
{
	struct log_stream *e = ctx;
	struct view_cells c;

	if (log_past(e, row))
		return 1;
	view_airing_cells(&c, row, e->zone);
	if (view_add(&e->l, c.v) != 0)
		return e->failed = -1;
	e->lines++;
	return log_sent(e, row);
}

static int
log_items(void *ctx, const struct airlog_row *row)
{
	struct log_stream *e = ctx;
	struct airlog_item one;
	const struct airlog_item *v;
	struct view_cells c;
	int n;

	if (log_past(e, row))
		return 1;
	n = view_airing_items(row, &one, &v);
	for (int i = 0; i < n; i++) {
		if (e->statuses && !(e->statuses & (1u << v[i].status)))
			continue;
		view_airing_item_cells(&c, row, &v[i], e->zone);
		if (view_add(&e->l, c.v) != 0)
			return e->failed = -1;
		e->lines++;
	}
	return log_sent(e, row);
}

/* The next part: 0 (more may follow), 1 (the last: the listing is
 * closed), -1. */
static int
log_fill(void *ctx, FILE *f)
{
	struct log_stream *e = ctx;
	int rc;

	(void)f;
	e->lines = 0;
	rc = e->done ? 0 : airlog_each(e->store, &e->flt, e->items ? log_items : log_row, e);
	if (rc < 0 || e->failed)
		return -1;
	if (rc > 0 && !e->done)
		return 0;
	e->open = 0;
	return view_close(&e->l) == 0 ? 1 : -1;
}

static void
log_release(void *ctx)
{
	struct log_stream *e = ctx;

	if (e->open)
		view_close(&e->l);
	free(e);
}

/* A row of the log named by its id in field (after=, through=): 1 with
 * its id and instant, 0 when the field is absent, -1 refused (out holds
 * why). */
static int
arg_row(struct web *w, struct web_req *r, struct web_resp *out, const char *field, int64_t *id, int64_t *ms)
{
	const char *v = web_arg(r, field);
	char *end;
	long long n;
	int found;

	if (!v || !*v)
		return 0;
	n = strtoll(v, &end, 10);
	if (*end || n < 1 || strlen(v) > 15)
		return web_fail(out, 400, field, _("give the number (id) of a row the log sent"),
		                _("not a row number: '%s'"), v);
	if ((found = airlog_row_scheduled(w->store, n, ms)) < 0)
		return web_fail_core(out, 500);
	if (!found)
		return web_fail(out, 404, field, _("give the number (id) of a row the log sent"),
		                _("the airing log has no row %lld"), n);
	*id = n;
	return 1;
}

/* Appends "&name=value" (the value percent-encoded) at *p, before end;
 * *p becomes end when it does not fit. */
static void
link_arg(char **p, char *end, const char *name, const char *v)
{
	static const char hex[] = "0123456789ABCDEF";
	char *q = *p;
	int n;

	if (!v || !*v || q >= end)
		return;
	n = snprintf(q, (size_t)(end - q), "%s%s=", q[-1] == '?' ? "" : "&", name);
	if (n < 0 || n >= end - q) {
		*p = end;
		return;
	}
	q += n;
	for (const unsigned char *c = (const unsigned char *)v; *c; c++) {
		if (end - q < 4) {
			*p = end;
			return;
		}
		if ((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    strchr("-._~", *c))
			*q++ = (char)*c;
		else
			*q++ = '%', *q++ = hex[*c >> 4], *q++ = hex[*c & 15];
	}
	*q = 0;
	*p = q;
}

/* The Link header to the page after the row numbered after_id: the same
 * query with after= that row. Left out when it would not fit. */
static void
log_link(struct web_req *r, struct web_resp *out, int64_t after_id)
{
	static const char *const keep[] = {"from",   "to",    "status", "items",
	                                   "format", "excel", "limit",  "through"};
	char link[1024], *p = link, *end = link + sizeof link - 32, id[24];

	p += snprintf(link, sizeof link, "</api/v1/log?");
	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
		link_arg(&p, end, keep[i], web_arg(r, keep[i]));
	snprintf(id, sizeof id, "%" PRId64, after_id);
	link_arg(&p, end, "after", id);
	if (p >= end)
		return;
	snprintf(p, sizeof link - (size_t)(p - link), ">; rel=\"next\"");
	web_resp_header(out, "Link", link);
}

int
api_log(struct web *w, struct web_req *r, struct web_resp *out)
{
	struct airlog_filter flt = {.from_ms = AIRLOG_NONE, .to_ms = AIRLOG_NONE};
	const char *st = web_arg(r, "status"), *items_arg = web_arg(r, "items");
	const char *fa = web_arg(r, "format"), *excel = web_arg(r, "excel"), *la = web_arg(r, "limit");
	int64_t limit = 0, last_id = 0, last_ms = 0;
	int items = items_arg && (strcmp(items_arg, "1") == 0 || strcmp(items_arg, "true") == 0);
	enum fmt_kind kind = FMT_JSON;
	int flags = 0;
	unsigned item_statuses = 0;
	enum airlog_status s;
	struct web_stream *ws;
	struct log_stream *e;
	struct log_next next = {0};
	char list[512];

	if (fa && *fa && strcmp(fa, "json") != 0 && strcmp(fa, "csv") != 0)
		return web_fail(out, 400, "format", _("use json or csv"), _("unknown format '%s'"), fa);
	if (fa && strcmp(fa, "csv") == 0)
		kind = FMT_CSV;
	if (excel && (strcmp(excel, "1") == 0 || strcmp(excel, "true") == 0)) {
		if (fa && *fa && kind != FMT_CSV)
			return web_fail(out, 400, "excel", _("leave out format or use format=csv"), "%s",
			                _("excel=1 writes CSV"));
		kind = FMT_CSV;
		flags |= FMT_BOM | FMT_EXCEL;
	}
	if (log_bound(w, r, out, "from", &flt.from_ms) < 0 || log_bound(w, r, out, "to", &flt.to_ms) < 0)
		return -1;
	if (flt.from_ms != AIRLOG_NONE && flt.to_ms != AIRLOG_NONE && flt.to_ms <= flt.from_ms)
		return web_fail(out, 400, "to", NULL, "%s", _("the end must be after the start"));
	snprintf(list, sizeof list, "%s", st ? st : "");
	for (char *save = NULL, *tok = strtok_r(list, ",;", &save); tok; tok = strtok_r(NULL, ",;", &save)) {
		const char *code = words_code(WORDS_STATUS, tok);
		if (!code)
			return web_fail(out, 400, "status", words_examples(WORDS_STATUS),
			                _("not a status: '%s'"), tok);
		if (strcmp(code, "late") == 0)
			flt.late_only = 1;
		else if (airlog_status_parse(code, &s) == 0)
			flt.statuses |= 1u << s;
	}
	if (arg_row(w, r, out, "after", &flt.after_id, &flt.after_ms) < 0 ||
	    arg_row(w, r, out, "through", &last_id, &last_ms) < 0)
		return -1;
	if (la && *la) {
		char *end;
		limit = strtoll(la, &end, 10);
		if (*end || limit < 1 || strlen(la) > 9)
			return web_fail(out, 400, "limit",
			                _("a whole number of rows from 1, for example 200"),
			                _("not a number of rows: '%s'"), la);
		if (kind == FMT_JSON && limit > LOG_PAGE_ROWS)
			return web_fail(
			    out, 400, "limit",
			    _("ask for the next page with after= the last row's id (the Link header "
			      "gives it), or download the whole period as CSV"),
			    _("at most %d rows a page, not %s"), LOG_PAGE_ROWS, la);
	}
	/* The whole log as `loa log --format csv` prints it: from its kept
	 * copy (log_csv.c). */
	if (kind == FMT_CSV && !flags && !items && flt.from_ms == AIRLOG_NONE && flt.to_ms == AIRLOG_NONE &&
	    !flt.statuses && !flt.late_only && !flt.after_id && !last_id && !limit)
		return web_log_csv(w, r, out);
	if (kind == FMT_JSON && !limit)
		limit = LOG_PAGE_ROWS;
	if (items) {
		item_statuses = flt.statuses;
		flt.statuses = 0;
		flt.with_items = 1;
	}
	if (!(ws = web_stream_new(out, r->lang)))
		return -1;
	if (!(e = calloc(1, sizeof *e))) {
		web_stream_free(ws);
		return web_fail(out, 500, NULL, NULL, "%s", _("out of memory"));
	}
	e->store = w->store;
	e->flt = flt;
	e->items = items;
	e->statuses = item_statuses;
	e->limit = limit;
	e->last_id = last_id;
	e->last_ms = last_ms;
	snprintf(e->zone, sizeof e->zone, "%s", w->station.tz);
	/* As `loa log` writes them: CSV with every column (VIEW_NARROW
	 * narrows only a table). */
	if (view_open(&e->l, items ? &view_airing_item : &view_airing, web_stream_file(ws), kind,
	              flags | (kind == FMT_CSV ? VIEW_NARROW : 0)) != 0) {
		free(e);
		web_stream_free(ws);
		return web_fail(out, 500, NULL, NULL, "%s", _("out of memory"));
	}
	e->open = 1;
	e->page = kind == FMT_JSON;
	e->next = &next;
	if (web_stream_send(out, ws, log_fill, log_release, e,
	                    kind == FMT_CSV ? "text/csv; charset=utf-8" : "application/json") != 0)
		return -1;
	if (out->stream)
		e->next = NULL; /* parts follow: e lives on, next does not */
	if (next.more)
		log_link(r, out, next.after_id);
	if (kind == FMT_CSV)
		web_resp_header(out, "Content-Disposition",
		                items ? "attachment; filename=\"nhat-ky-phat-tung-tin.csv\""
		                      : "attachment; filename=\"nhat-ky-phat.csv\"");
	return 0;
}

int
api_log_verify(struct web *w, struct web_req *r, struct web_resp *out)
{
	struct airlog_check c;
	char *buf = NULL, at[64];
	size_t len = 0;
	int64_t full_ms;
	FILE *f;

	(void)r;
	if (web_chain_verdict(w, &c, &full_ms) != 0)
		return web_fail_core(out, 500);
	if (!(f = web_json_open(out, &buf, &len)))
		return -1;
	fprintf(f, "{\"intact\":%s,\"rows\":%" PRId64 ",\"items\":%" PRId64 ",\"open\":%" PRId64 ",\"head\":",
	        c.intact ? "true" : "false", c.rows, c.items, c.open);
	fmt_json_string(f, c.head);
	/* What the verdict rests on (chain.c): the full pass, and what this
	 * answer re-hashed itself. */
	fprintf(f, ",\"full\":%s,\"rehashed\":%" PRId64 ",\"full_at\":\"%s\",\"full_every\":%d",
	        c.full ? "true" : "false", c.rehashed, time_format_iso(full_ms, w->station.tz, at, sizeof at),
	        web_chain_every(w->chain));
	fputs(",\"problem\":", f);
	if (c.intact)
		fputs("null", f);
	else
		fmt_json_string(f, c.problem);
	fprintf(f, ",\"bad_id\":");
	if (c.bad_id)
		fprintf(f, "%" PRId64 "}\n", c.bad_id);
	else
		fputs("null}\n", f);
	return web_json_close(out, f, &buf, &len);
}

/* The period the query asks for (quarter=, half=, year=, or from= and
 * to=), as `loa report` reads its options. 0, or -1 (out holds why). */
static int
report_period(struct web *w, struct web_req *r, struct web_resp *out, struct report_period *p)
{
	static const struct {
		const char *field;
		char kind;
		enum time_what what;
	} kinds[] = {{"quarter", 'Q', TIME_QUARTER}, {"half", 'H', TIME_HALF}, {"year", 'Y', TIME_YEAR}};
	const char *from = web_arg(r, "from"), *to = web_arg(r, "to"), *v = NULL;
	struct time_reading how;
	struct civil today, c;
	char msg[512];
	int k = -1, year, part, rc;

	for (int i = 0; i < 3; i++)
		if ((v = web_arg(r, kinds[i].field)) && *v) {
			if (k >= 0 || from || to)
				return web_fail(
				    out, 400, kinds[i].field, NULL, "%s",
				    _("give one period: a quarter, a half year, a year, or from and to"));
			k = i;
		}
	if (k >= 0) {
		v = web_arg(r, kinds[k].field);
		if (time_read_period(v, kinds[k].kind, &year, &part, &how) != 0 ||
		    report_period_parse(kinds[k].kind, v, w->station.tz, p) != 0) {
			if (how.fault == TIME_OK)
				how.fault = TIME_SHAPE;
			time_fault_text(kinds[k].what, v, &how, msg, sizeof msg);
			return web_fail(out, 400, kinds[k].field, time_examples(kinds[k].what), "%s", msg);
		}
		return 0;
	}
	if (!from || !to || !*from || !*to)
		return web_fail(
		    out, 400, !from || !*from ? "from" : "to",
		    _("for example quarter=3/2026, half=2026H1, year=2026, or from=1/7/2026&to=30/9/2026"),
		    "%s", _("say which period: a quarter, a half year, a year, or from and to"));
	time_today(w->station.tz, &today);
	for (int i = 0; i < 2; i++) {
		const char *s = i ? to : from;
		if (time_read_date(s, &today, 1, &c, &how) != 0) {
			time_fault_text(TIME_DATE, s, &how, msg, sizeof msg);
			return web_fail(out, 400, i ? "to" : "from", time_examples(TIME_DATE), "%s", msg);
		}
	}
	rc = report_period_range(from, to, w->station.tz, p);
	if (rc == -2)
		return web_fail(out, 400, "to", NULL, _("%s is before %s"), to, from);
	return rc == 0 ? 0 : web_fail(out, 400, "from", NULL, "%s", _("cannot compute the period"));
}

/* An .xlsx or .docx report: written to a temporary file (the library
 * writing it wants a name), then sent from that file, already unlinked. */
static int
report_file(struct web_resp *out, const struct report *rep, enum report_format fmt, const char *name)
{
	char path[] = "/tmp/loa-web-report-XXXXXX", disp[200];
	int fd = mkstemp(path), rc;
	off_t size;

	if (fd < 0)
		return web_fail(out, 500, NULL, NULL, "%s", _("cannot make a temporary file for the report"));
	rc = fmt == REPORT_XLSX ? report_write_xlsx(rep, path, name) : report_write_docx(rep, path, name);
	unlink(path);
	if (rc != 0 || (size = lseek(fd, 0, SEEK_END)) < 0) {
		close(fd);
		return web_fail_core(out, 500);
	}
	snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", name);
	web_resp_header(out, "Content-Disposition", disp);
	out->fd = fd;
	out->offset = 0;
	out->size = size;
	out->type = fmt == REPORT_XLSX
	                ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	                : "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
	out->api = 1;
	out->status = 200;
	return 0;
}

int
api_report(struct web *w, struct web_req *r, struct web_resp *out)
{
	static const struct {
		const char *name, *type;
		enum report_format fmt;
	} formats[] = {
	    {"json", "application/json", REPORT_JSON},
	    {"csv", "text/csv; charset=utf-8", REPORT_CSV},
	    {"html", "text/html; charset=utf-8", REPORT_HTML},
	    {"xlsx", NULL, REPORT_XLSX},
	    {"docx", NULL, REPORT_DOCX},
	};
	const char *fa = web_arg(r, "format"), *la = web_arg(r, "lang");
	enum report_lang lang = la && strcmp(la, "en") == 0 ? REPORT_EN : REPORT_VI;
	struct report_period p;
	struct loa_config cfg;
	struct report rep;
	char *buf = NULL, name[64];
	size_t len = 0, k;
	FILE *f;
	int rc;

	for (k = 0; k < sizeof formats / sizeof formats[0]; k++)
		if (strcmp(fa && *fa ? fa : "json", formats[k].name) == 0)
			break;
	if (k == sizeof formats / sizeof formats[0])
		return web_fail(out, 400, "format", _("use json, csv, html, xlsx or docx"),
		                _("unknown report format '%s'"), fa);
	if (la && strcmp(la, "vi") != 0 && strcmp(la, "en") != 0)
		return web_fail(out, 400, "lang", _("use vi or en"), _("unknown language '%s'"), la);
	if (report_period(w, r, out, &p) != 0)
		return -1;
	if (config_load(&cfg, w->o->config_path, w->o->config_given) != 0)
		return web_fail_core(out, 500);
	if (web_chain_report(w, &p, lang, &cfg.report, &rep) != 0) {
		report_free(&rep);
		return web_fail_core(out, 500);
	}
	if (!formats[k].type) {
		if (p.kind == 'Q' || p.kind == 'H')
			snprintf(name, sizeof name, "bao-cao-%d%c%d.%s", p.year, p.kind, p.part,
			         formats[k].name);
		else if (p.kind == 'Y')
			snprintf(name, sizeof name, "bao-cao-%d.%s", p.year, formats[k].name);
		else
			snprintf(name, sizeof name, "bao-cao.%s", formats[k].name);
		rc = report_file(out, &rep, formats[k].fmt, name);
		report_free(&rep);
		return rc;
	}
	if (!(f = web_json_open(out, &buf, &len))) {
		report_free(&rep);
		return -1;
	}
	rc = formats[k].fmt == REPORT_CSV    ? report_write_csv(&rep, f)
	     : formats[k].fmt == REPORT_HTML ? report_write_html(&rep, f)
	                                     : report_write_json(&rep, f);
	report_free(&rep);
	if (rc != 0) {
		fclose(f);
		free(buf);
		return web_fail_core(out, 500);
	}
	if (web_json_close(out, f, &buf, &len) != 0)
		return -1;
	out->type = formats[k].type;
	return 0;
}
