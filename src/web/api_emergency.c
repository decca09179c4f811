/*
 * api_emergency.c — POST /api/v1/emergency: the console's "Phát khẩn"
 * button, {"clip": number} or {"playlist": "name"}.
 *
 * The core does the work (emergency.h): it checks what to play, and only
 * while `loa run` plays the station writes the one-off emergency slot, who
 * asked (this session's user, from the client's address) and the audit
 * trail's "emergency" entry. The answer comes at once: 202, the daemon
 * having been handed the emergency, not yet having played it (it starts
 * within a second; the console's next look at /api/v1/status shows it on
 * air). Waiting for it here would hold the console's one thread. With no
 * daemon the answer is 503 and nothing is kept to air later.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/emergency.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/timeutil.h"
#include "web/web.h"

/* The answer: what was sent, and when. */
static int
accepted(struct web *w, const struct emergency *e, const char *user, struct web_resp *out)
{
	char *buf = NULL, b[40], secs[32];
	size_t len = 0;
	FILE *f;

	if (!(f = web_json_open(out, &buf, &len)))
		return -1;
	fprintf(f, "{\"slot\":%" PRId64 ",\"clip\":", e->slot_id);
	if (e->clip_id > 0)
		fprintf(f, "%" PRId64, e->clip_id);
	else
		fputs("null", f);
	fputs(",\"playlist\":", f);
	if (*e->playlist)
		fmt_json_string(f, e->playlist);
	else
		fputs("null", f);
	fputs(",\"title\":", f);
	fmt_json_string(f, e->title);
	fprintf(f, ",\"duration\":%s,\"requested\":\"%s\",\"requested_by\":",
	        fmt_tenths(secs, sizeof secs, e->duration_ms),
	        time_format_iso(e->requested_ms, w->station.tz, b, sizeof b));
	fmt_json_string(f, user);
	fprintf(f, ",\"scheduled\":\"%s\"}", time_format_iso(e->start_ms, w->station.tz, b, sizeof b));
	out->status = 202;
	return web_json_close(out, f, &buf, &len);
}

int
api_emergency_post(struct web *w, struct web_req *r, struct web_resp *out)
{
	static const char *const send =
	    N_("send {\"clip\": a clip's number} or {\"playlist\": a playlist's name}");
	char name[PLAYLIST_NAME_MAX], bad[64];
	char tp = web_json_type(r->body, "playlist");
	int64_t clip = 0;
	int rc, bad_json = 0;
	struct emergency e;

	if (web_may_change(r, out) != 0)
		return -1;
	rc = web_json_id(r->body, "clip", &clip, bad, sizeof bad);
	if (rc == -1)
		return web_fail(out, 400, NULL, _(send), "%s", _("the request is not a JSON object"));
	if ((rc == 0) == !tp)
		return web_fail(out, 400, NULL, _(send), "%s",
		                _("say what to play now: a clip or a playlist, one of them"));
	if (rc == -2)
		return web_fail(out, 422, "clip", _("the clip library lists every clip with its number"),
		                _("not a clip's number: %s"), bad);
	if (tp && (tp != '"' || !web_json_get(r->body, "playlist", name, sizeof name, &bad_json) || bad_json))
		return web_fail(out, 422, "playlist", _("the page of playlists lists them"), "%s",
		                _("the playlist must be named by its name, as text"));
	switch (emergency_now(w->store, &w->station, clip, tp ? name : NULL, r->session.user, r->addr,
	                      r->now_ms, &e)) {
	case EMERGENCY_OK:
		return accepted(w, &e, r->session.user, out);
	case EMERGENCY_NO_DAEMON:
		return web_fail_core_as(out, 503, NULL, NULL);
	case EMERGENCY_NOT_FOUND:
		return web_fail_core_as(out, 404, NULL, NULL);
	case EMERGENCY_UNPLAYABLE:
		return web_fail_core_as(out, 422, NULL, NULL);
	default:
		return web_fail_core(out, 500);
	}
}
