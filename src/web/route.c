/*
 * route.c — which endpoint answers a request, and who may ask.
 *
 * Every API call but logging in needs a session (its cookie); without
 * one the answer is 401. A call that changes something (any method but
 * GET and HEAD) must also send the session's CSRF token in X-CSRF-Token
 * (403 otherwise): a page of another site can make the browser send the
 * cookie, never read the token. What is not the API is a file of web/,
 * built into the binary.
 */
#include <stdlib.h>
#include <string.h>

#include "loa/approval.h"
#include "loa/i18n.h"
#include "loa/ical.h"
#include "web/web.h"

#define API "/api/v1/"

/* The number at the start of s ("12", "12/audio"), the rest in *rest. 0,
 * or -1 when s does not start with a number of a clip. */
static int
read_id(const char *s, int64_t *id, const char **rest)
{
	int64_t v = 0;
	const char *p = s;

	while (*p >= '0' && *p <= '9' && p - s < 18)
		v = v * 10 + (*p++ - '0');
	if (p == s || (*p && *p != '/') || v <= 0)
		return -1;
	*id = v;
	*rest = p;
	return 0;
}

static int
is_get(const struct web_req *r)
{
	return strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
}

/* 405, naming what path allows. */
static void
not_allowed(const struct web_req *r, struct web_resp *out, const char *allow)
{
	web_resp_header(out, "Allow", allow);
	web_fail(out, 405, NULL, NULL, _("this address does not take the method %s (it takes %s)"), r->method,
	         allow);
}

static void
static_file(struct web_req *r, struct web_resp *out)
{
	const struct web_asset *a;
	const char *path = strcmp(r->path, "/") == 0 ? "/index.html" : r->path;

	if (!is_get(r)) {
		web_resp_header(out, "Allow", "GET, HEAD");
		out->status = 405;
		out->type = "text/plain; charset=utf-8";
		out->body = strdup("405\n");
		out->len = out->body ? 4 : 0;
		return;
	}
	if (!(a = web_asset_find(path))) {
		out->status = 404;
		out->type = "text/plain; charset=utf-8";
		out->body = strdup("404\n");
		out->len = out->body ? 4 : 0;
		return;
	}
	if (!(out->body = malloc(a->len ? a->len : 1)))
		return;
	memcpy(out->body, a->data, a->len);
	out->len = a->len;
	out->type = a->type;
	out->status = 200;
	/* The pages change with loa itself: ask again each time (cheap). */
	out->cache = "no-cache";
}

/* The session of r into r->session and its CSRF token for a change: 0, or
 * -1 with out holding 401 or 403. */
static int
gate(struct web *w, struct web_req *r, struct web_resp *out)
{
	const char *tok = web_cookie(r, "loa_session");

	if (!tok || session_lookup(w->store, tok, r->now_ms, &r->session) != 1)
		return web_fail(out, 401, NULL, _("log in again"), "%s",
		                _("you are not logged in, or your session ended"));
	r->have_session = 1;
	if (!is_get(r) && csrf_check(&r->session, web_header(r, "X-CSRF-Token")) != 1)
		return web_fail(out, 403, NULL, _("reload the page and try again"), "%s",
		                _("the request did not carry this session's token"));
	return 0;
}

size_t
web_body_max(const char *method, const char *url)
{
	/* A calendar exported by a large station is more than 64 KiB. */
	if (strcmp(method, "POST") == 0 &&
	    (strcmp(url, API "slots/import") == 0 || strcmp(url, API "holidays/import") == 0))
		return ICAL_MAX_FILE_BYTES;
	return WEB_JSON_MAX;
}

int
web_upload_gate(struct web *w, struct web_req *r, struct web_resp *out)
{
	out->fd = -1;
	out->api = 1;
	store_station_get(w->store, &w->station);
	if (gate(w, r, out) != 0)
		return -1;
	store_actor_set(w->store, r->session.user, r->session.role == ROLE_OFFICER);
	return web_may_change(r, out);
}

static void
handle(struct web *w, struct web_req *r, struct web_resp *out)
{
	const char *p = r->path, *rest;
	int64_t id;

	out->fd = -1;
	out->status = 200;
	if (strncmp(p, API, strlen(API)) != 0) {
		static_file(r, out);
		return;
	}
	out->api = 1;
	p += strlen(API);
	store_actor_set(w->store, NULL, 0);
	store_station_get(w->store, &w->station);
	if (strcmp(p, "session") == 0 && strcmp(r->method, "POST") == 0) {
		api_session_post(w, r, out);
		return;
	}
	if (gate(w, r, out) != 0)
		return;
	/* Whose the request's writes of clips and slots are: an officer's
	 * wait for a leader when the station requires it (approval.h). */
	store_actor_set(w->store, r->session.user, r->session.role == ROLE_OFFICER);
	if (strcmp(p, "approvals") == 0) {
		if (strcmp(r->method, "POST") == 0)
			api_approval_post(w, r, out);
		else if (is_get(r))
			api_approvals(w, r, out);
		else
			not_allowed(r, out, "GET, HEAD, POST");
		return;
	}
	if (strcmp(p, "session") == 0) {
		if (is_get(r))
			api_session_get(w, r, out);
		else if (strcmp(r->method, "DELETE") == 0)
			api_session_delete(w, r, out);
		else
			not_allowed(r, out, "GET, POST, DELETE");
		return;
	}
	if (strncmp(p, "clips/", 6) == 0 && read_id(p + 6, &id, &rest) == 0) {
		if (!*rest && strcmp(r->method, "PATCH") == 0)
			api_clip_patch(w, r, out, id);
		else if (!*rest && strcmp(r->method, "DELETE") == 0)
			api_clip_delete(w, r, out, id);
		else if (!is_get(r))
			not_allowed(r, out, *rest ? "GET, HEAD" : "GET, HEAD, PATCH, DELETE");
		else if (!*rest)
			api_clip(w, r, out, id);
		else if (strcmp(rest, "/audio") == 0)
			api_clip_audio(w, r, out, id);
		else
			web_fail(out, 404, NULL, NULL, "%s",
			         _("there is no such address in the console's API"));
		return;
	}
	if (strncmp(p, "slots/", 6) == 0 && read_id(p + 6, &id, &rest) == 0) {
		if (!*rest && strcmp(r->method, "PATCH") == 0)
			api_slot_patch(w, r, out, id);
		else if (!*rest && strcmp(r->method, "DELETE") == 0)
			api_slot_delete(w, r, out, id);
		else if (!*rest && is_get(r))
			api_slot(w, r, out, id);
		else if (!*rest)
			not_allowed(r, out, "GET, HEAD, PATCH, DELETE");
		else if (strcmp(rest, "/skip") != 0 && strcmp(rest, "/move") != 0)
			web_fail(out, 404, NULL, NULL, "%s",
			         _("there is no such address in the console's API"));
		else if (strcmp(r->method, "POST") != 0)
			not_allowed(r, out, "POST");
		else if (strcmp(rest, "/skip") == 0)
			api_slot_skip(w, r, out, id);
		else
			api_slot_move(w, r, out, id);
		return;
	}
	if (strcmp(p, "bulletins") == 0) {
		if (is_get(r))
			api_bulletins(w, r, out);
		else
			not_allowed(r, out, "GET, HEAD");
		return;
	}
	if (strncmp(p, "bulletins/", 10) == 0 && read_id(p + 10, &id, &rest) == 0) {
		if (strcmp(rest, "/schedule") != 0)
			web_fail(out, 404, NULL, NULL, "%s",
			         _("there is no such address in the console's API"));
		else if (strcmp(r->method, "POST") != 0)
			not_allowed(r, out, "POST");
		else
			api_bulletin_schedule(w, r, out, id);
		return;
	}
	if (strcmp(p, "slots") == 0 || strcmp(p, "slots/import") == 0 || strcmp(p, "slots/export") == 0) {
		int post = strcmp(r->method, "POST") == 0;
		if (strcmp(p, "slots/import") == 0 && post)
			api_slots_import(w, r, out);
		else if (strcmp(p, "slots/import") == 0)
			not_allowed(r, out, "POST");
		else if (strcmp(p, "slots/export") == 0 && is_get(r))
			api_slots_export(w, r, out);
		else if (strcmp(p, "slots/export") == 0)
			not_allowed(r, out, "GET, HEAD");
		else if (post)
			api_slot_post(w, r, out);
		else if (is_get(r))
			api_slots(w, r, out);
		else
			not_allowed(r, out, "GET, HEAD, POST");
		return;
	}
	if (strcmp(p, "holidays/import") == 0) {
		if (strcmp(r->method, "POST") == 0)
			api_holidays_import(w, r, out);
		else
			not_allowed(r, out, "POST");
		return;
	}
	if (strncmp(p, "holidays/", 9) == 0 && p[9] && !strchr(p + 9, '/')) {
		if (strcmp(r->method, "DELETE") == 0)
			api_holiday_delete(w, r, out, p + 9);
		else
			not_allowed(r, out, "DELETE");
		return;
	}
	if (strcmp(p, "holidays") == 0) {
		if (strcmp(r->method, "POST") == 0)
			api_holiday_post(w, r, out);
		else if (is_get(r))
			api_holidays(w, r, out);
		else
			not_allowed(r, out, "GET, HEAD, POST");
		return;
	}
	if (strncmp(p, "users/", 6) == 0 && p[6] && !strchr(p + 6, '/')) {
		if (strcmp(r->method, "PATCH") == 0)
			api_user_patch(w, r, out, p + 6);
		else if (strcmp(r->method, "DELETE") == 0)
			api_user_delete(w, r, out, p + 6);
		else
			not_allowed(r, out, "PATCH, DELETE");
		return;
	}
	if (strcmp(p, "users") == 0) {
		if (strcmp(r->method, "POST") == 0)
			api_user_post(w, r, out);
		else if (is_get(r))
			api_users(w, r, out);
		else
			not_allowed(r, out, "GET, HEAD, POST");
		return;
	}
	/* A playlist's name is the rest of the path, '/' included: a name
	 * may hold one ("Tin 6/7"), and nothing lies below a playlist. */
	if (strncmp(p, "playlists/", 10) == 0 && p[10]) {
		if (strcmp(r->method, "PATCH") == 0)
			api_playlist_patch(w, r, out, p + 10);
		else if (strcmp(r->method, "DELETE") == 0)
			api_playlist_delete(w, r, out, p + 10);
		else if (is_get(r))
			api_playlist(w, r, out, p + 10);
		else
			not_allowed(r, out, "GET, HEAD, PATCH, DELETE");
		return;
	}
	if (strcmp(p, "playlists") == 0) {
		if (strcmp(r->method, "POST") == 0)
			api_playlist_post(w, r, out);
		else if (is_get(r))
			api_playlists(w, r, out);
		else
			not_allowed(r, out, "GET, HEAD, POST");
		return;
	}
	if (strcmp(p, "clips") == 0 && strcmp(r->method, "POST") == 0) {
		api_clip_post(w, r, out);
		return;
	}
	if (strcmp(p, "emergency") == 0) {
		if (strcmp(r->method, "POST") == 0)
			api_emergency_post(w, r, out);
		else
			not_allowed(r, out, "POST");
		return;
	}
	static const struct {
		const char *path;
		int (*fn)(struct web *, struct web_req *, struct web_resp *);
	} gets[] = {
	    {"station", api_station},    {"status", api_status},   {"clips", api_clips},
	    {"agenda", api_agenda},      {"log", api_log},         {"log/verify", api_log_verify},
	    {"report", api_report},      {"audit", api_audit},     {"reasons", api_reasons},
	    {"blackouts", api_holidays}, {"changes", api_changes},
	};
	for (size_t i = 0; i < sizeof gets / sizeof gets[0]; i++)
		if (strcmp(p, gets[i].path) == 0) {
			if (!is_get(r))
				not_allowed(r, out, "GET, HEAD");
			else
				gets[i].fn(w, r, out);
			return;
		}
	web_fail(out, 404, NULL, NULL, "%s", _("there is no such address in the console's API"));
}

void
web_handle(struct web *w, struct web_req *r, struct web_resp *out)
{
	handle(w, r, out);
	/* One connection serves every request: nothing of this one may stay
	 * open on it (store.h says why). A streamed answer reads each of its
	 * parts whole. */
	store_settle(w->store);
}
