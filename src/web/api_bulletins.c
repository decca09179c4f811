/*
 * api_bulletins.c — the hub's bulletins in the console: GET
 * /api/v1/bulletins (`loa bulletin list --format json`'s objects, from
 * the same view) and POST /api/v1/bulletins/ID/schedule, what `loa
 * bulletin schedule ID` does: the choices of `loa slot add --at` (at,
 * days, from, until), those left out filled from the bulletin by the
 * core's rule (bulletin_plan: the hub's suggested times over its
 * period), the slots added as POST /api/v1/slots adds them (so an
 * officer's wait for the leader where the station requires it), and the
 * bulletin moved to scheduled, which `loa link` tells the hub.
 *
 * Scheduling needs an officer or a leader; it is one transaction with
 * its audit entries: "slot.add" for each slot, as any added slot, and
 * "bulletin.schedule" with the bulletin's object before and after. The
 * answer (201) is {"bulletin": its object now, "slots": the slots made}.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/bulletin.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/slot_rule.h"
#include "web/web.h"

struct listing {
	struct web_listing ls;
	const char *zone;
};

static int
list_one(void *ctx, const struct bulletin *b)
{
	struct listing *x = ctx;
	struct view_cells c;

	view_bulletin_cells(&c, b, x->zone);
	return view_add(&x->ls.l, c.v) == 0 ? 0 : -1;
}

int
api_bulletins(struct web *w, struct web_req *r, struct web_resp *out)
{
	struct listing x = {.zone = w->station.tz};

	(void)r;
	if (web_list_open(out, &x.ls, &view_bulletin, 0) != 0)
		return -1;
	return web_list_close(out, &x.ls, bulletin_each(w->store, 0, list_one, &x) == 0 ? 0 : -1);
}

/* Bulletin b's object (view_bulletin) as JSON text (malloc'd), or NULL. */
static char *
bulletin_json(struct web *w, const struct bulletin *b)
{
	struct view_cells c;

	view_bulletin_cells(&c, b, w->station.tz);
	return view_record_json(&view_bulletin, FMT_SINGLE, c.v);
}

/* Bulletin id into b: 0, or -1 with out holding 404 or 500. */
static int
find_bulletin(struct web *w, int64_t id, struct bulletin *b, struct web_resp *out)
{
	int rc = bulletin_get(w->store, id, b);

	if (rc == 0)
		return web_fail(out, 404, "id",
		                _("the list of the hub's bulletins shows each with its number"),
		                _("there is no bulletin %" PRId64 " from the hub"), id);
	return rc == 1 ? 0 : web_fail_core(out, 500);
}

/* Whether bulletin b may be scheduled with p's choices: 0 (p filled), or
 * -1 with out holding why, as `loa bulletin schedule` refuses. */
static int
plan(struct web *w, struct web_req *r, struct web_resp *out, const struct bulletin *b,
     struct bulletin_plan *p)
{
	switch (bulletin_plan(b, w->station.tz, r->now_ms, p)) {
	case BULLETIN_PLAN_NO_AUDIO:
		return web_fail(out, 409, NULL, _("ask the hub to send it again"),
		                _("bulletin %" PRId64 " was refused and cannot air: %s"), b->id,
		                *b->reason ? b->reason : _("its audio was not added to the clip library"));
	case BULLETIN_PLAN_OVER:
		return web_fail(out, 409, NULL, NULL,
		                _("bulletin %" PRId64 "'s period is over: it may not air any more"), b->id);
	case BULLETIN_PLAN_NO_TIMES:
		return web_fail(out, 422, "at", _("give the times of day, e.g. 6h, 17h"),
		                _("the hub suggested no times for bulletin %" PRId64 ": say when it airs"),
		                b->id);
	case BULLETIN_PLAN_OK:
		break;
	}
	return 0;
}

int
api_bulletin_schedule(struct web *w, struct web_req *r, struct web_resp *out, int64_t id)
{
	static const char *const keys[] = {"at", "days", "from", "until"};
	char buf[4][2048], object[24], *before = NULL, *after = NULL, *body = NULL;
	const char *v[4];
	struct bulletin_plan p = {0};
	struct web_added a = {0};
	struct bulletin b;
	size_t len = 0;
	FILE *f;
	int rc = -1;

	if (web_may_change(r, out) != 0)
		return -1;
	/* An empty body takes every default, as the command with no option. */
	if (r->body && r->body_len &&
	    web_body_object(r, out, keys, 4,
	                    _("send {} for the hub's times, or {\"at\": \"6h,17h\", \"days\": \"t2-t7\", "
	                      "\"from\": ..., \"until\": ...}")) != 0)
		return -1;
	for (int i = 0; i < 4; i++) {
		v[i] = NULL;
		if (r->body && r->body_len &&
		    web_body_text(r, out, keys[i], buf[i], sizeof buf[i], &v[i]) != 0)
			return -1;
		if (v[i] && !*v[i])
			v[i] = NULL; /* a form's empty field: not chosen */
	}
	p.at = v[0];
	p.days = v[1];
	p.from = v[2];
	p.until = v[3];
	if (find_bulletin(w, id, &b, out) != 0 || plan(w, r, out, &b, &p) != 0)
		return -1;
	struct slot_when when = {.zone = w->station.tz,
	                         .now_ms = r->now_ms,
	                         .at = p.at,
	                         .days = p.days,
	                         .from = p.from,
	                         .until = p.until};
	if (!(before = bulletin_json(w, &b)))
		return web_fail(out, 500, NULL, NULL, "%s", _("out of memory"));
	if (web_slots_add(w, r, out, &when, b.clip_id, NULL, TIER_NORMAL, b.title, &a) != 0)
		goto done;
	snprintf(object, sizeof object, "%" PRId64, id);
	if (bulletin_set_state(w->store, id, BULLETIN_SCHEDULED, NULL, NULL, 0, r->now_ms) != 0 ||
	    bulletin_get(w->store, id, &b) != 1 || !(after = bulletin_json(w, &b)) ||
	    audit_write(w->store, r->session.user, r->addr, "bulletin.schedule", object, before, after) !=
	        0) {
		web_fail_core(out, 500);
		goto rollback;
	}
	if (!(f = web_json_open(out, &body, &len)))
		goto rollback;
	fprintf(f, "{\"bulletin\": %s,\n\"slots\": ", after);
	if (web_slots_added_json(w, r, out, &a, f) != 0) {
		fclose(f);
		free(body);
		goto rollback;
	}
	fputs("}\n", f);
	if (store_commit(w->store) != 0) {
		fclose(f);
		free(body);
		web_fail_core(out, 500);
		goto rollback;
	}
	out->status = 201;
	rc = web_json_close(out, f, &body, &len);
	goto done;
rollback:
	store_rollback(w->store);
done:
	web_added_free(&a);
	free(before);
	free(after);
	return rc;
}
