/*
 * api_slot_write.c — changing one slot through the API: PATCH and DELETE
 * /api/v1/slots/ID, POST /api/v1/slots/ID/skip (one airing left out: an
 * EXDATE) and /slots/ID/move (one airing moved: a RECURRENCE-ID override).
 *
 * Each change names the version of the slot it was made on: "version" in
 * the body, or the header If-Match: "N" (GET /api/v1/slots/ID sends the
 * version as its ETag). The slot is read, compared and written in one
 * transaction; another version than the slot's is 409, answered with the
 * slot as it is now and, when the audit trail says, who changed it and
 * when, so a page shows the officer what changed instead of overwriting
 * it unseen. The version counts every change by any front end (the
 * store's rule, slot.h), so the command line's edits are seen too.
 *
 * Each needs an officer or a leader and is written to the audit trail in
 * its transaction with the slot's record (view_slot_record: `loa slot
 * show`'s object but its words and next airing) before and after:
 * "slot.edit", "slot.rm", "slot.skip", "slot.move".
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/catalog.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/ical.h"
#include "loa/slot.h"
#include "loa/slot_rule.h"
#include "loa/timeutil.h"
#include "loa/utf8.h"
#include "web/web.h"

/* The version the change was made on: the body's "version", else the
 * header If-Match ("3", W/"3" or 3). 0, or -1 with out holding 428 (none
 * given) or 422 (not a version). */
static int
sent_version(struct web_req *r, struct web_resp *out, int64_t *v)
{
	const char *h = web_header(r, "If-Match"), *p;
	char *end;
	int rc = 0;

	*v = 0;
	for (p = r->body; p && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'); p++)
		;
	if (p && *p && (rc = web_body_int(r, out, "version", v)) < 0)
		return -1;
	if (rc == 1)
		return 0;
	if (rc == 2 || !h)
		return web_fail(out, 428, "version",
		                _("send the slot's \"version\" as the page read it, or the header If-Match"),
		                "%s", _("say which version of the slot this change was made on"));
	p = h;
	if (strncmp(p, "W/", 2) == 0)
		p += 2;
	if (*p == '"')
		p++;
	*v = strtoll(p, &end, 10);
	if (end == p || *v <= 0 || (*end == '"' ? end[1] : *end))
		return web_fail(out, 422, "version", NULL,
		                _("If-Match does not name a version of the slot: %s"), h);
	return 0;
}

/* Who made slot `object`'s version `version`, when the audit trail says:
 * the entry whose record after is that version. */
struct last_change {
	const char *object; /* the slot's number */
	int64_t version;    /* its version now */
	char user[128];     /* who made it, or "" */
	int64_t at_ms;      /* when */
};

/* The "version" of a slot's record (JSON), or 0. */
static int64_t
record_version(const char *json)
{
	const char *p = NULL;

	/* The key's last occurrence: in the record's text a quote inside a
	 * string is escaped, so only a key matches. */
	for (const char *q = json; q && (q = strstr(q, "\"version\": ")); q++)
		p = q;
	return p ? strtoll(p + 11, NULL, 10) : 0;
}

static int
last_change(void *ctx, const struct audit_entry *e)
{
	struct last_change *x = ctx;

	if (strcmp(e->object, x->object) == 0 && strncmp(e->action, "slot.", 5) == 0 && e->after &&
	    record_version(e->after) == x->version) {
		snprintf(x->user, sizeof x->user, "%s", e->user);
		x->at_ms = e->at_ms;
	}
	return 0;
}

/* 409: someone else changed slot s since the page read version sent. The
 * body is the error's and the slot as it now is ("slot"). -1. */
static int
stale(struct web *w, struct web_req *r, struct web_resp *out, const struct slot *s, int64_t sent)
{
	struct last_change x = {0};
	char object[24], when[64], text[1024], etag[32], *json, *buf = NULL;
	int64_t next;
	size_t len = 0;
	FILE *f;

	snprintf(object, sizeof object, "%" PRId64, s->id);
	x.object = object;
	x.version = s->version;
	if (audit_each(w->store, s->updated_ms, 0, last_change, &x) != 0)
		x.user[0] = 0;
	i18n_format_when(x.user[0] ? x.at_ms : s->updated_ms, w->station.tz, when, sizeof when);
	if (x.user[0] && strcmp(x.user, r->session.user) == 0)
		snprintf(text, sizeof text,
		         /* TRANSLATORS: the slot's number, the user, when, its version now, the page's. */
		         _("slot %" PRId64
		           " was changed after this page read it, by you (%s) in another page, at %s "
		           "(it is at version %" PRId64 " now; this page had version %" PRId64 ")"),
		         s->id, x.user, when, s->version, sent);
	else if (x.user[0])
		snprintf(text, sizeof text,
		         /* TRANSLATORS: the slot's number, who, when, its version now, the page's. */
		         _("someone else changed slot %" PRId64
		           " after you read it: %s, at %s (it is at version "
		           "%" PRId64 " now; you had version %" PRId64 ")"),
		         s->id, x.user, when, s->version, sent);
	else
		snprintf(text, sizeof text,
		         /* TRANSLATORS: the slot's number, when, its version now, the page's. */
		         _("someone else changed slot %" PRId64 " after you read it, at %s (it is at version "
		           "%" PRId64 " now; you had version %" PRId64 ")"),
		         s->id, when, s->version, sent);
	if (web_slots_next(w, r, &s->id, &next, 1) != 0 || !(json = web_slot_json(w, s, next)))
		return web_fail_core(out, 500);
	if (!(f = web_json_open(out, &buf, &len))) {
		free(json);
		return -1;
	}
	fputs("{\"error\":", f);
	fmt_json_string(f, text);
	fputs(",\"hint\":", f);
	fmt_json_string(f, _("look at the slot as it is now, then make your change again if it is still "
	                     "needed"));
	fprintf(f, ",\"field\":\"version\",\"slot\":%s}\n", json);
	free(json);
	out->status = 409;
	if (web_json_close(out, f, &buf, &len) != 0)
		return -1;
	snprintf(etag, sizeof etag, "\"%" PRId64 "\"", s->version);
	web_resp_header(out, "ETag", etag);
	return -1;
}

/* A change to slot id: begun, the slot read into *s at the version sent,
 * its record before into *before. 0, or -1 with out holding why and the
 * transaction rolled back. */
static int
change_begin(struct web *w, struct web_req *r, struct web_resp *out, int64_t id, int64_t sent, struct slot *s,
             char **before)
{
	*before = NULL;
	memset(s, 0, sizeof *s);
	if (store_begin(w->store) != 0)
		return web_fail_core(out, 500);
	if (web_find_slot(w, id, s, out) != 0)
		goto fail;
	if (s->version != sent) {
		stale(w, r, out, s, sent);
		goto fail;
	}
	if (!(*before = web_slot_record(w, s))) {
		web_fail_core(out, 500);
		goto fail;
	}
	return 0;
fail:
	slot_clear(s);
	store_rollback(w->store);
	return -1;
}

/* Writes s (changed), audits action with before and after, commits and
 * answers the slot as it now is. 0, or -1 with out holding why and the
 * transaction rolled back. Frees before and clears s either way. */
static int
change_end(struct web *w, struct web_req *r, struct web_resp *out, const char *action, struct slot *s,
           char *before)
{
	char object[24], *after = NULL, *record = NULL;
	int64_t next, version = 0;
	struct slot now;
	int rc = -1;

	snprintf(object, sizeof object, "%" PRId64, s->id);
	if (store_slot_update(w->store, s) != 0 || store_slot_get(w->store, s->id, &now) != 0)
		goto fail;
	version = now.version;
	if (web_slots_next(w, r, &now.id, &next, 1) != 0 || !(after = web_slot_json(w, &now, next)) ||
	    !(record = web_slot_record(w, &now)) ||
	    audit_write(w->store, r->session.user, r->addr, action, object, before, record) != 0 ||
	    store_commit(w->store) != 0) {
		slot_clear(&now);
		goto fail;
	}
	slot_clear(&now);
	rc = web_slot_answer(out, 200, after, version);
	goto done;
fail:
	web_fail_core(out, 500);
	store_rollback(w->store);
done:
	free(after);
	free(record);
	free(before);
	slot_clear(s);
	return rc;
}

/* ---- PATCH /api/v1/slots/ID ---- */

static const char *const patch_keys[] = {"clip", "playlist", "tier", "title", "enabled", "rrule", "version"};
#define SEND_PATCH                                                                                           \
	_("send {\"version\": N} with what changes: \"clip\", \"playlist\", \"tier\", \"title\", "           \
	  "\"enabled\" "                                                                                     \
	  "or \"rrule\"")

int
api_slot_patch(struct web *w, struct web_req *r, struct web_resp *out, int64_t id)
{
	char pl_buf[PLAYLIST_NAME_MAX * 4], tier_buf[64], title_buf[UTF8_BYTES(UTF8_TITLE_MAX) + 8],
	    rule_buf[1024], flag[16], *target = NULL, *before, *text;
	const char *tier_text, *title, *rrule;
	enum web_json_kind pk, ek;
	int64_t clip_id = 0, sent;
	int clip_given, enabled = -1;
	enum tier tier = TIER_NORMAL;
	struct slot_fault fault;
	struct slot s;

	if (web_may_change(r, out) != 0 ||
	    web_body_object(r, out, patch_keys, sizeof patch_keys / sizeof patch_keys[0], SEND_PATCH) != 0 ||
	    (clip_given = web_body_int(r, out, "clip", &clip_id)) < 0 ||
	    web_body_text(r, out, "tier", tier_buf, sizeof tier_buf, &tier_text) != 0 ||
	    web_body_text(r, out, "title", title_buf, sizeof title_buf, &title) != 0 ||
	    web_body_text(r, out, "rrule", rule_buf, sizeof rule_buf, &rrule) != 0)
		return -1;
	if (web_json_value(r->body, "playlist", pl_buf, sizeof pl_buf, &pk) != 0 ||
	    (pk != WEB_JSON_ABSENT && pk != WEB_JSON_NULL && pk != WEB_JSON_STRING))
		return web_fail(out, 422, "playlist", NULL, "%s",
		                _("playlist takes a playlist's name, or null"));
	if (web_json_value(r->body, "enabled", flag, sizeof flag, &ek) != 0 ||
	    (ek != WEB_JSON_ABSENT && ek != WEB_JSON_TRUE && ek != WEB_JSON_FALSE))
		return web_fail(out, 422, "enabled", NULL, "%s", _("enabled takes true or false"));
	if (ek != WEB_JSON_ABSENT)
		enabled = ek == WEB_JSON_TRUE;
	if (pk == WEB_JSON_STRING && !*pl_buf)
		pk = WEB_JSON_NULL; /* a form's empty choice: no playlist */
	if (clip_id && pk == WEB_JSON_STRING)
		return web_fail(out, 422, "playlist", _("choose a clip, or a playlist, not both"), "%s",
		                _("give one of clip and playlist"));
	if (!clip_given && pk == WEB_JSON_ABSENT && !tier_text && !title && !rrule && enabled < 0)
		return web_fail(out, 400, NULL, SEND_PATCH, "%s",
		                _("say what to change: clip, playlist, tier, title, enabled or rrule"));
	if (tier_text && web_slot_tier(out, tier_text, &tier) != 0)
		return -1;
	if (title && !*title)
		return web_fail(out, 422, "title", NULL, "%s", _("the title must not be empty"));
	if (title && web_slot_title(out, title) != 0)
		return -1;
	if (sent_version(r, out, &sent) != 0)
		return -1;
	if ((clip_id || pk == WEB_JSON_STRING) &&
	    web_slot_target(w, out, clip_id, pk == WEB_JSON_STRING ? pl_buf : NULL, &target) != 0)
		return -1;
	if (change_begin(w, r, out, id, sent, &s, &before) != 0) {
		free(target);
		return -1;
	}
	if (clip_given || pk != WEB_JSON_ABSENT) {
		free(s.playlist);
		s.playlist = pk == WEB_JSON_STRING ? target : NULL; /* the name as stored */
		s.clip_id = clip_id;
		if (s.playlist == target)
			target = NULL;
	}
	free(target);
	if (tier_text)
		s.tier = tier;
	if (enabled >= 0)
		s.enabled = enabled;
	if (title) {
		if (!(text = ical_text_set(s.vevent, "SUMMARY", title)))
			goto fail_core;
		free(s.vevent);
		s.vevent = text;
		free(s.title);
		if (!(s.title = strdup(title)))
			goto fail_core;
	}
	if (rrule && slot_rule_set(&s, rrule, w->station.tz, 0, &fault) != 0) {
		web_fail_core_as(out, fault.kind ? 422 : 500, NULL, NULL);
		goto fail;
	}
	return change_end(w, r, out, "slot.edit", &s, before);
fail_core:
	web_fail_core(out, 500);
fail:
	store_rollback(w->store);
	slot_clear(&s);
	free(before);
	return -1;
}

/* ---- DELETE /api/v1/slots/ID ---- */

int
api_slot_delete(struct web *w, struct web_req *r, struct web_resp *out, int64_t id)
{
	char object[24], *before;
	int64_t sent;
	struct slot s;
	int rc;

	if (web_may_change(r, out) != 0 || sent_version(r, out, &sent) != 0 ||
	    change_begin(w, r, out, id, sent, &s, &before) != 0)
		return -1;
	snprintf(object, sizeof object, "%" PRId64, id);
	rc = store_slot_rm(w->store, id) != 0 ||
	     audit_write(w->store, r->session.user, r->addr, "slot.rm", object, before, NULL) != 0 ||
	     store_commit(w->store) != 0;
	slot_clear(&s);
	free(before);
	if (rc) {
		store_rollback(w->store);
		return web_fail_core(out, 500);
	}
	out->status = 204;
	out->api = 1;
	return 0;
}

/* ---- POST /api/v1/slots/ID/skip, /slots/ID/move ---- */

/* The body's instant key (an airing's start, as the agenda gives it, or
 * as the officer types a date and time). 0, or -1 with out holding 422. */
static int
body_instant(struct web *w, struct web_req *r, struct web_resp *out, const char *key, int64_t *ms)
{
	char buf[128], msg[512];
	const char *v;
	struct time_reading how;
	struct civil today;

	if (web_body_text(r, out, key, buf, sizeof buf, &v) != 0)
		return -1;
	if (!v || !*v)
		return web_fail(out, 422, key, time_examples(TIME_INSTANT), "%s",
		                strcmp(key, "to") == 0
		                    ? _("say when the airing should start instead")
		                    : _("say which airing: its start, as the agenda gives it"));
	time_today(w->station.tz, &today);
	if (time_read_instant(v, w->station.tz, &today, 0, ms, &how) != 0) {
		time_fault_text(TIME_INSTANT, v, &how, msg, sizeof msg);
		return web_fail(out, 422, key, time_examples(TIME_INSTANT), "%s", msg);
	}
	if (!how.has_time) /* a day names no airing */
		return web_fail(out, 422, key, time_examples(TIME_INSTANT),
		                _("%s needs a time of day as well as the date: '%s'"), key, v);
	return 0;
}

/* One airing of slot id left out (to NULL) or moved (to given). */
static int
one_airing(struct web *w, struct web_req *r, struct web_resp *out, int64_t id, int move)
{
	static const char *const skip_keys[] = {"start", "version"}, *const move_keys[] = {"start", "to",
	                                                                                   "version"};
	int64_t start = 0, to = 0, sent;
	struct slot_fault fault;
	struct slot s;
	char *before;
	int rc;

	if (web_may_change(r, out) != 0 ||
	    web_body_object(r, out, move ? move_keys : skip_keys, move ? 3 : 2,
	                    move ? _("send {\"start\": ..., \"to\": ..., \"version\": N}")
	                         : _("send {\"start\": ..., \"version\": N}")) != 0)
		return -1;
	if (body_instant(w, r, out, "start", &start) != 0 ||
	    (move && body_instant(w, r, out, "to", &to) != 0) || sent_version(r, out, &sent) != 0 ||
	    change_begin(w, r, out, id, sent, &s, &before) != 0)
		return -1;
	rc = move ? slot_airing_move(&s, w->station.tz, start, to, 0, &fault)
	          : slot_airing_skip(&s, w->station.tz, start, 0, &fault);
	if (rc != 0) {
		web_fail_core_as(out, fault.kind ? 422 : 500, NULL, NULL);
		store_rollback(w->store);
		slot_clear(&s);
		free(before);
		return -1;
	}
	return change_end(w, r, out, move ? "slot.move" : "slot.skip", &s, before);
}

int
api_slot_skip(struct web *w, struct web_req *r, struct web_resp *out, int64_t id)
{
	return one_airing(w, r, out, id, 0);
}

int
api_slot_move(struct web *w, struct web_req *r, struct web_resp *out, int64_t id)
{
	return one_airing(w, r, out, id, 1);
}
