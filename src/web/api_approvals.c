/*
 * api_approvals.c — the leader's approval through the API: GET
 * /api/v1/approvals (the queue, as loa approve list --format json prints
 * it) and POST /api/v1/approvals (a leader's decision on one slot or
 * clip: {"slot": ID} or {"clip": ID}, "decision": "approve" or "reject",
 * "reason" for a rejection, and optionally the slot's "version" looked
 * at). Each decision is written to the audit trail by the core
 * (approval_record) in the same transaction, as done by the leader logged
 * in, from the client's address.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/approval.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/utf8.h"
#include "web/web.h"

int
api_approvals(struct web *w, struct web_req *r, struct web_resp *out)
{
	struct approval_entry *v;
	struct web_listing ls;
	struct view_cells c;
	size_t n;
	int rc = 0;

	(void)r;
	if (approval_queue(w->store, &v, &n) != 0)
		return web_fail_core(out, 500);
	if (web_list_open(out, &ls, &view_approval, 0) != 0) {
		approval_queue_free(v, n);
		return -1;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *what = view_approval_what(w->store, &v[i], w->station.tz);
		view_approval_cells(&c, &v[i], what ? what : "?", w->station.tz);
		rc = view_add(&ls.l, c.v);
		free(what);
	}
	approval_queue_free(v, n);
	return web_list_close(out, &ls, rc);
}

int
api_approval_post(struct web *w, struct web_req *r, struct web_resp *out)
{
	static const char *const keys[] = {"slot", "clip", "decision", "reason", "version"};
	static const char send[] = "{\"slot\": 5, \"decision\": \"approve\"} or "
	                           "{\"clip\": 12, \"decision\": \"reject\", \"reason\": \"...\"}";
	char decision[32], reason[APPROVAL_REASON_MAX * 4 + 1];
	const char *dv, *rv;
	int64_t slot = 0, clip = 0, version = 0, id;
	enum approval_kind k;
	struct approval_state st;
	FILE *f;
	char *buf;
	size_t len;
	struct utf8_fault fault;
	int rc, approve;

	if (r->session.role != ROLE_LEADER)
		return web_fail(out, 403, NULL, _("ask the station's leader"),
		                _("only a leader approves or rejects (%s is a %s)"), r->session.user,
		                view_word_role(role_name(r->session.role)));
	if (web_body_object(r, out, keys, sizeof keys / sizeof keys[0], send) != 0 ||
	    web_body_int(r, out, "slot", &slot) < 0 || web_body_int(r, out, "clip", &clip) < 0 ||
	    web_body_int(r, out, "version", &version) < 0 ||
	    web_body_text(r, out, "decision", decision, sizeof decision, &dv) != 0 ||
	    web_body_text(r, out, "reason", reason, sizeof reason, &rv) != 0)
		return -1;
	if ((slot > 0) == (clip > 0))
		return web_fail(out, 422, slot > 0 ? "clip" : "slot", send, "%s",
		                _("name one slot or one clip: \"slot\": ID or \"clip\": ID"));
	if (!dv || (strcmp(dv, "approve") != 0 && strcmp(dv, "reject") != 0))
		return web_fail(out, 422, "decision", send, _("decision is approve or reject, not '%s'"),
		                dv ? dv : "");
	approve = strcmp(dv, "approve") == 0;
	if (!approve && (!rv || !*rv))
		return web_fail(out, 422, "reason", _("say what to change, in one line"), "%s",
		                _("a rejection needs a reason"));
	if (!approve && utf8_line_check(rv, APPROVAL_REASON_MAX, &fault) != 0)
		return web_fail(out, 422, "reason", _("say it in one line of plain text"),
		                _("%s is refused: %s: '%s'"), "reason", fault.why, fault.shown);
	k = slot > 0 ? APPROVAL_SLOT : APPROVAL_CLIP;
	id = slot > 0 ? slot : clip;
	rc = approval_record(w->store, k, id, k == APPROVAL_SLOT ? version : 0, r->session.user, r->addr,
	                     approve, rv);
	if (rc == 1 && k == APPROVAL_SLOT)
		return web_fail(out, 404, "slot", NULL, _("there is no slot %lld"), (long long)id);
	if (rc == 1)
		return web_fail(out, 404, "clip", NULL, _("there is no clip %lld"), (long long)id);
	if (rc != 0)
		return web_fail_core(out, 500);
	if (approval_get(w->store, k, id, &st) != 0)
		return web_fail_core(out, 500);
	if (!(f = web_json_open(out, &buf, &len))) {
		approval_state_clear(&st);
		return -1;
	}
	fprintf(f, "{\"%s\": %lld, \"approval\": ", approval_kind_name(k), (long long)id);
	fmt_json_string(f, approval_name(st.state));
	fputs(", \"by\": ", f);
	fmt_json_string(f, st.by);
	fputs(", \"reason\": ", f);
	if (st.reason)
		fmt_json_string(f, st.reason);
	else
		fputs("null", f);
	if (k == APPROVAL_SLOT)
		fprintf(f, ", \"version\": %lld", (long long)st.version);
	fputs("}\n", f);
	approval_state_clear(&st);
	return web_json_close(out, f, &buf, &len);
}
