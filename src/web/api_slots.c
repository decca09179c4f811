/*
 * api_slots.c — the schedule in the API: GET /api/v1/slots, /slots/ID and
 * /slots/export, POST /api/v1/slots (and its dry run) and /slots/import;
 * the changes to one slot are api_slot_write.c's.
 *
 * The objects are the views of `loa slot list` and `loa slot show`
 * (views.h), the same keys and values as their --format json, and a slot
 * is added by the core's slot_rules_build from the very choices `loa slot
 * add` takes (slot_rule.h), read as the officer types them: a form's "6h",
 * "t2-t7" and "1/7/2026" are the command line's. A wrong choice is 422
 * with the core's words and the choice at fault in "field".
 *
 * Each change needs an officer or a leader, and is written to the audit
 * trail in its transaction with the slot's record before and after
 * ("slot.add"; view_slot_record: what is stored, no words, so an entry
 * reads the same in every language). A dry run adds the slots in a transaction,
 * reads the agenda with them and rolls back: what the form shows before
 * saving is what saving makes, by the same code.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/agenda_view.h"
#include "loa/catalog.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/ical.h"
#include "loa/ics_export.h"
#include "loa/ics_import.h"
#include "loa/slot.h"
#include "loa/slot_rule.h"
#include "loa/timeutil.h"
#include "loa/utf8.h"
#include "loa/words.h"
#include "web/web.h"

/* ---- shared with api_slot_write.c ---- */

int
web_find_slot(struct web *w, int64_t id, struct slot *s, struct web_resp *out)
{
	int rc = store_slot_get(w->store, id, s);

	if (rc > 0)
		return web_fail(out, 404, "id", _("the schedule lists every slot with its number"),
		                _("there is no slot %" PRId64), id);
	return rc == 0 ? 0 : web_fail_core(out, 500);
}

int
web_slots_next(struct web *w, struct web_req *r, const int64_t *ids, int64_t *next, size_t n)
{
	return agenda_slots_next(w->store, r->now_ms, ids, next, n);
}

/* Writes slot s's object (`loa slot show --format json`) to f, its "id"
 * null when anonymous (a dry run's). 0, or -1. */
static int
slot_object(struct web *w, FILE *f, const struct slot *s, int64_t next_ms, int anonymous)
{
	struct view_listing l;
	struct view_cells c;
	char *rule = slot_describe(s, w->station.tz);
	int rc;

	if (!rule || view_open(&l, &view_slot_detail, f, FMT_JSON, FMT_VERTICAL | FMT_SINGLE) != 0) {
		free(rule);
		return -1;
	}
	view_slot_detail_cells(&c, s, rule, next_ms, w->station.tz);
	if (anonymous)
		c.v[0] = NULL;
	rc = view_add(&l, c.v);
	if (view_close(&l) != 0)
		rc = -1;
	free(rule);
	return rc;
}

char *
web_slot_json(struct web *w, const struct slot *s, int64_t next_ms)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	int rc = slot_object(w, f, s, next_ms, 0);

	if (fclose(f) != 0 || rc != 0) {
		free(buf);
		return NULL;
	}
	while (len && buf[len - 1] == '\n')
		buf[--len] = 0;
	return buf;
}

char *
web_slot_record(struct web *w, const struct slot *s)
{
	struct view_cells c;

	view_slot_record_cells(&c, s, w->station.tz);
	return view_record_json(&view_slot_record, FMT_VERTICAL | FMT_SINGLE, c.v);
}

int
web_slot_answer(struct web_resp *out, int status, const char *json, int64_t version)
{
	size_t n = strlen(json);
	char etag[32];

	free(out->body);
	if (!(out->body = malloc(n + 2)))
		return web_fail(out, 500, NULL, NULL, "%s", _("out of memory"));
	memcpy(out->body, json, n);
	out->body[n++] = '\n';
	out->body[n] = 0;
	out->len = n;
	out->type = "application/json";
	out->api = 1;
	out->status = status;
	snprintf(etag, sizeof etag, "\"%" PRId64 "\"", version);
	web_resp_header(out, "ETag", etag);
	return 0;
}

int
web_body_object(struct web_req *r, struct web_resp *out, const char *const *keys, size_t n, const char *send)
{
	char other[128];
	enum web_json_kind k;

	/* -1 only when the body is not an object of scalars (a key "" too
	 * long for other is -2). */
	if (web_json_value(r->body ? r->body : "", "", other, sizeof other, &k) == -1)
		return web_fail(out, 400, NULL, send, "%s", _("the request is not a JSON object"));
	if (web_json_unknown(r->body, keys, n, other, sizeof other)) {
		char list[512] = "";
		for (size_t i = 0; i < n; i++)
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
			         keys[i]);
		return web_fail(out, 422, other, send, _("'%s' is not one of the choices here (%s)"), other,
		                list);
	}
	return 0;
}

int
web_body_text(struct web_req *r, struct web_resp *out, const char *key, char *buf, size_t n, const char **v)
{
	enum web_json_kind k;
	int rc = web_json_value(r->body, key, buf, n, &k);

	*v = NULL;
	if (rc == -2)
		return web_fail(out, 422, key, NULL, _("%s is too long (at most %zu bytes)"), key, n - 1);
	if (rc != 0)
		return web_fail(out, 400, NULL, NULL, "%s", _("the request is not a JSON object"));
	if (k == WEB_JSON_STRING)
		*v = buf;
	else if (k != WEB_JSON_ABSENT && k != WEB_JSON_NULL)
		return web_fail(out, 422, key, NULL, _("%s must be text, in quotes: %s"), key, buf);
	return 0;
}

int
web_body_int(struct web_req *r, struct web_resp *out, const char *key, int64_t *v)
{
	char buf[64], *end;
	enum web_json_kind k;
	long long n;
	int rc = web_json_value(r->body, key, buf, sizeof buf, &k);

	*v = 0;
	if (rc == -1)
		return web_fail(out, 400, NULL, NULL, "%s", _("the request is not a JSON object"));
	if (k == WEB_JSON_ABSENT || (k == WEB_JSON_STRING && !*buf))
		return 0; /* a form's empty field: not chosen */
	if (k == WEB_JSON_NULL)
		return 2;
	errno = 0;
	n = rc == 0 && (k == WEB_JSON_NUMBER || k == WEB_JSON_STRING) ? strtoll(buf, &end, 10) : 0;
	if (rc != 0 || (k != WEB_JSON_NUMBER && k != WEB_JSON_STRING) || errno || end == buf || *end ||
	    n <= 0)
		return web_fail(out, 422, key, NULL, _("%s takes a whole number above 0: %s"), key,
		                rc == 0 ? buf : "…");
	*v = n;
	return 1;
}

int
web_slot_title(struct web_resp *out, const char *v)
{
	struct utf8_fault f;

	if (utf8_line_check(v, UTF8_TITLE_MAX, &f) == 0)
		return 0;
	return web_fail(out, 422, "title",
	                f.control ? _("type it as one line of plain text, without line breaks, tabs or "
	                              "control codes")
	                          : NULL,
	                _("%s is refused: %s: '%s'"), "title", f.why, f.shown);
}

int
web_slot_tier(struct web_resp *out, const char *v, enum tier *t)
{
	const char *code = words_code(WORDS_TIER, v);

	if (code && tier_parse(code, t) == 0)
		return 0;
	return web_fail(out, 422, "tier", words_examples(WORDS_TIER), _("not a tier: '%s'"), v);
}

int
web_slot_target(struct web *w, struct web_resp *out, int64_t clip_id, const char *playlist, char **title)
{
	int rc;

	*title = NULL;
	if (clip_id > 0) {
		struct clip c;
		if ((rc = clip_get(w->store, clip_id, &c)) < 0)
			return web_fail_core(out, 500);
		if (rc == 1)
			return web_fail(out, 422, "clip",
			                _("the clip library lists every clip with its number"),
			                _("there is no clip %" PRId64), clip_id);
		*title = strdup(c.title);
	} else if (playlist) {
		struct playlist p;
		if ((rc = playlist_find(w->store, playlist, &p)) < 0)
			return web_fail_core(out, 500);
		if (rc == 1)
			return web_fail(out, 422, "playlist", _("choose one of the station's playlists"),
			                _("there is no playlist named '%s'"), playlist);
		playlist_release(&p);
		*title = strdup(p.name); /* the name as stored */
	}
	return (clip_id > 0 || playlist) && !*title ? web_fail(out, 500, NULL, NULL, "%s", _("out of memory"))
	                                            : 0;
}

/* ---- GET /api/v1/slots, /slots/ID ---- */

int
api_slots(struct web *w, struct web_req *r, struct web_resp *out)
{
	struct web_listing ls;
	struct view_cells c;
	struct slot *v;
	size_t n;
	int rc = 0;

	(void)r;
	if (store_slot_list(w->store, &v, &n) != 0)
		return web_fail_core(out, 500);
	if (web_list_open(out, &ls, &view_slot, 0) != 0) {
		store_slot_list_free(v, n);
		return -1;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *rule = slot_describe(&v[i], w->station.tz);
		view_slot_cells(&c, &v[i], rule ? rule : "?");
		rc = view_add(&ls.l, c.v);
		free(rule);
	}
	store_slot_list_free(v, n);
	return web_list_close(out, &ls, rc);
}

int
api_slot(struct web *w, struct web_req *r, struct web_resp *out, int64_t id)
{
	struct slot s;
	int64_t next;
	char *json;
	int rc;

	if (web_find_slot(w, id, &s, out) != 0)
		return -1;
	if (web_slots_next(w, r, &s.id, &next, 1) != 0 || !(json = web_slot_json(w, &s, next))) {
		slot_clear(&s);
		return web_fail_core(out, 500);
	}
	rc = web_slot_answer(out, 200, json, s.version);
	free(json);
	slot_clear(&s);
	return rc;
}

/* ---- POST /api/v1/slots ---- */

static const char *const add_keys[] = {"clip",   "playlist", "at",    "days",   "from", "until",
                                       "except", "start",    "rrule", "exdate", "tier", "title"};
#define SEND_ADD                                                                                             \
	_("send {\"clip\": 3, \"at\": \"6h,17h\", \"days\": \"t2-t7\", \"from\": ..., \"until\": ...} or "   \
	  "{\"clip\": 3, \"start\": ..., \"rrule\": ...}")

/* What a POST /api/v1/slots gives, read and checked as `loa slot add`
 * checks its options. */
struct add_req {
	int64_t clip_id;    /* the clip, 0 when none */
	const char *v[12];  /* each of add_keys as text, or NULL: not chosen */
	char buf[12][2048]; /* where the texts are */
	enum tier tier;     /* the tier, normal unless chosen */
};

enum {
	A_CLIP,
	A_PLAYLIST,
	A_AT,
	A_DAYS,
	A_FROM,
	A_UNTIL,
	A_EXCEPT,
	A_START,
	A_RRULE,
	A_EXDATE,
	A_TIER,
	A_TITLE
};

/* Reads the body into q; 0, or -1 with out holding the refusal. */
static int
add_read(struct web_req *r, struct web_resp *out, struct add_req *q)
{
	static const int with_at[] = {A_DAYS, A_FROM, A_UNTIL, A_EXCEPT};
	int rc;

	if (web_body_object(r, out, add_keys, sizeof add_keys / sizeof add_keys[0], SEND_ADD) != 0)
		return -1;
	if ((rc = web_body_int(r, out, "clip", &q->clip_id)) < 0)
		return -1;
	for (int i = A_PLAYLIST; i <= A_TITLE; i++) {
		if (web_body_text(r, out, add_keys[i], q->buf[i], sizeof q->buf[i], &q->v[i]) != 0)
			return -1;
		if (q->v[i] && !*q->v[i])
			q->v[i] = NULL; /* a form's empty field: not chosen */
	}
	q->tier = TIER_NORMAL;
	if (q->v[A_TIER] && web_slot_tier(out, q->v[A_TIER], &q->tier) != 0)
		return -1;
	if (q->v[A_TITLE] && web_slot_title(out, q->v[A_TITLE]) != 0)
		return -1;
	if (!!q->clip_id + !!q->v[A_PLAYLIST] != 1)
		return web_fail(out, 422, q->clip_id ? "playlist" : "clip",
		                _("choose a clip, or a playlist, not both"), "%s",
		                _("say what the slot airs: a clip or a playlist (one of them)"));
	if (!!q->v[A_AT] == !!q->v[A_START])
		return web_fail(out, 422, q->v[A_AT] ? "start" : "at",
		                _("give times of day (with days, from, until, except), or one start (with "
		                  "rrule, exdate)"),
		                "%s", _("say when it airs: times of day, or one start"));
	if (q->v[A_AT] && (q->v[A_RRULE] || q->v[A_EXDATE]))
		return web_fail(out, 422, q->v[A_RRULE] ? "rrule" : "exdate", NULL, "%s",
		                _("rrule and exdate go with a start, not with times of day"));
	for (size_t i = 0; q->v[A_START] && i < sizeof with_at / sizeof with_at[0]; i++)
		if (q->v[with_at[i]])
			return web_fail(
			    out, 422, add_keys[with_at[i]], NULL, "%s",
			    _("days, from, until and except go with times of day, not with a start"));
	return 0;
}

/* The query's window of a dry run (from=, to=, as GET /api/v1/agenda
 * reads them). 0, or -1 with out holding why. */
static int
dry_window(struct web *w, struct web_req *r, struct web_resp *out, int64_t *from, int64_t *to)
{
	static const char *const names[] = {"from", "to"};
	int64_t *ms[] = {from, to};
	int given[2] = {0, 0};

	*from = r->now_ms;
	for (int i = 0; i < 2; i++) {
		const char *v = web_arg(r, names[i]);
		struct time_reading how;
		struct civil today;
		char msg[512];
		if (!v || !*v)
			continue;
		time_today(w->station.tz, &today);
		if (time_read_instant(v, w->station.tz, &today, 0, ms[i], &how) != 0) {
			time_fault_text(TIME_INSTANT, v, &how, msg, sizeof msg);
			return web_fail(out, 400, names[i], time_examples(TIME_INSTANT), "%s", msg);
		}
		given[i] = 1;
	}
	if (!given[1])
		*to = *from + AGENDA_VIEW_DEFAULT_MS;
	if (*to <= *from)
		return web_fail(out, 400, "to", NULL, "%s", _("the end must be after the start"));
	if (*to - *from > AGENDA_VIEW_MAX_MS)
		return web_fail(out, 400, "to", _("ask for a shorter period"), "%s",
		                _("the period is longer than ten years"));
	return 0;
}

/* A dry run's answer: the slots as they would be, and their airings in
 * the window, from the uncommitted transaction. */
static int
dry_answer(struct web *w, struct web_resp *out, struct slot *v, int n, const int64_t *next, int64_t from,
           int64_t to)
{
	struct agenda_view av;
	struct view_listing l;
	struct view_cells c;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int rc = 0;

	if (agenda_view_build(w->store, from, to, &av) != 0) {
		agenda_view_free(&av);
		return web_fail_core(out, 500);
	}
	if (!(f = web_json_open(out, &buf, &len))) {
		agenda_view_free(&av);
		return -1;
	}
	fputs("{\"slots\": [", f);
	for (int i = 0; i < n && rc == 0; i++) {
		fputs(i ? ",\n  " : "\n  ", f);
		rc = slot_object(w, f, &v[i], next[i], 1);
	}
	fputs("],\n\"airings\": ", f);
	if (rc == 0 && view_open(&l, &view_agenda, f, FMT_JSON, 0) == 0) {
		for (size_t i = 0; i < av.n && rc == 0; i++) {
			int mine = 0;
			for (int k = 0; k < n; k++)
				mine |= av.rows[i].airing->slot_id == v[k].id;
			if (!mine)
				continue;
			view_agenda_cells(&c, av.rows[i].airing, av.rows[i].note, w->station.tz);
			/* The would-be slot's number is not kept: null, like its id. */
			c.v[2] = NULL;
			rc = view_add(&l, c.v);
		}
		if (view_close(&l) != 0)
			rc = -1;
	} else {
		rc = -1;
	}
	/* How the dates were read ("1/7/2026" is 1 July), for the form. */
	fputs(",\n\"notes\": [", f);
	for (int i = 0; web_note(i); i++) {
		fputs(i ? ", " : "", f);
		fmt_json_string(f, web_note(i));
	}
	fputs("]}\n", f);
	agenda_view_free(&av);
	if (rc != 0) {
		fclose(f);
		free(buf);
		return web_fail(out, 500, NULL, NULL, "%s", _("out of memory"));
	}
	return web_json_close(out, f, &buf, &len);
}

void
web_added_free(struct web_added *a)
{
	for (int i = 0; a->v && i < a->n; i++)
		slot_clear(&a->v[i]);
	free(a->v);
	free(a->ids);
	free(a->next);
	memset(a, 0, sizeof *a);
}

int
web_slots_add(struct web *w, struct web_req *r, struct web_resp *out, const struct slot_when *when,
              int64_t clip_id, const char *playlist, enum tier tier, const char *title, struct web_added *a)
{
	struct slot_rules rules = {0};
	char *target = NULL, uid[96];
	int rc = -1;

	memset(a, 0, sizeof *a);
	/* The times first, as the command line: a typing mistake in a time is
	 * reported as such before the clip is looked at. */
	if (slot_rules_build(when, &rules) != 0) {
		web_fail_core_as(out, rules.fault.kind ? 422 : 500, NULL, NULL);
		goto done;
	}
	if (!(a->v = calloc((size_t)rules.n, sizeof *a->v)) ||
	    !(a->ids = calloc((size_t)rules.n, sizeof *a->ids)) ||
	    !(a->next = calloc((size_t)rules.n, sizeof *a->next))) {
		web_fail(out, 500, NULL, NULL, "%s", _("out of memory"));
		goto done;
	}
	if (store_begin(w->store) != 0) {
		web_fail_core(out, 500);
		goto done;
	}
	if (web_slot_target(w, out, clip_id, playlist, &target) != 0)
		goto rollback;
	if (!title)
		title = target;
	for (; a->n < rules.n; a->n++) {
		struct slot *s = &a->v[a->n];
		slot_new_uid(uid, sizeof uid);
		s->vevent = slot_rule_text(&rules.v[a->n], w->station.tz, uid, title);
		s->uid = strdup(uid);
		s->title = strdup(title);
		s->source = strdup("add");
		s->playlist = playlist ? strdup(target) : NULL;
		s->clip_id = clip_id;
		s->tier = tier;
		s->enabled = 1;
		if (!s->vevent || !s->uid || !s->title || !s->source || (playlist && !s->playlist) ||
		    store_slot_add(w->store, s) != 0) {
			a->n++;
			web_fail_core(out, 500);
			goto rollback;
		}
		a->ids[a->n] = s->id;
	}
	if (web_slots_next(w, r, a->ids, a->next, (size_t)a->n) != 0) {
		web_fail_core(out, 500);
		goto rollback;
	}
	rc = 0;
	goto done;
rollback:
	store_rollback(w->store);
done:
	if (rc != 0)
		web_added_free(a);
	free(target);
	slot_rules_free(&rules);
	return rc;
}

int
web_slots_added_json(struct web *w, struct web_req *r, struct web_resp *out, const struct web_added *a,
                     FILE *f)
{
	char object[24];

	fputc('[', f);
	for (int i = 0; i < a->n; i++) {
		char *json = web_slot_json(w, &a->v[i], a->next[i]), *record = web_slot_record(w, &a->v[i]);
		snprintf(object, sizeof object, "%" PRId64, a->v[i].id);
		if (!json || !record ||
		    audit_write(w->store, r->session.user, r->addr, "slot.add", object, NULL, record) != 0) {
			free(json);
			free(record);
			return web_fail_core(out, 500);
		}
		fprintf(f, "%s\n  %s", i ? "," : "", json);
		free(json);
		free(record);
	}
	fputs("\n]", f);
	return 0;
}

int
api_slot_post(struct web *w, struct web_req *r, struct web_resp *out)
{
	const char *dry = web_arg(r, "dry_run");
	int dry_run = dry && (strcmp(dry, "1") == 0 || strcmp(dry, "true") == 0);
	struct add_req *q = calloc(1, sizeof *q);
	struct web_added a = {0};
	int64_t from = 0, to = 0;
	char *buf = NULL;
	size_t len = 0;
	int rc = -1;
	FILE *f = NULL;

	if (!q)
		return web_fail(out, 500, NULL, NULL, "%s", _("out of memory"));
	if (web_may_change(r, out) != 0 || add_read(r, out, q) != 0 ||
	    (dry_run && dry_window(w, r, out, &from, &to) != 0))
		goto done;
	struct slot_when when = {.zone = w->station.tz,
	                         .now_ms = r->now_ms,
	                         .at = q->v[A_AT],
	                         .days = q->v[A_DAYS],
	                         .from = q->v[A_FROM],
	                         .until = q->v[A_UNTIL],
	                         .except = q->v[A_EXCEPT],
	                         .start = q->v[A_START],
	                         .rrule = q->v[A_RRULE],
	                         .exdate = q->v[A_EXDATE]};
	if (web_slots_add(w, r, out, &when, q->clip_id, q->v[A_PLAYLIST], q->tier, q->v[A_TITLE], &a) != 0)
		goto done;
	if (dry_run) {
		rc = dry_answer(w, out, a.v, a.n, a.next, from, to);
		goto rollback;
	}
	if (!(f = web_json_open(out, &buf, &len)))
		goto rollback;
	if (web_slots_added_json(w, r, out, &a, f) != 0) {
		fclose(f);
		free(buf);
		goto rollback;
	}
	fputs("\n", f);
	if (store_commit(w->store) != 0) {
		fclose(f);
		free(buf);
		web_fail_core(out, 500);
		goto rollback;
	}
	if (web_json_close(out, f, &buf, &len) == 0) {
		char loc[64];
		snprintf(loc, sizeof loc, "/api/v1/slots/%" PRId64, a.ids[0]);
		web_resp_header(out, "Location", loc);
		out->status = 201;
		rc = 0;
	}
	goto done;
rollback:
	store_rollback(w->store);
done:
	web_added_free(&a);
	free(q);
	return rc;
}
