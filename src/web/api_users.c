/*
 * api_users.c — the accounts and the audit trail through the API, for a
 * leader only: GET and POST /api/v1/users, PATCH and DELETE
 * /api/v1/users/NAME, GET /api/v1/audit.
 *
 * The objects are the command line's (`loa user list`, `loa audit`, the
 * same views), the rules the core's (account.h: a name's letters, a
 * password's length, the last leader kept), and each change is written
 * to the audit trail in the same transaction as `loa user` writes it —
 * the account's {"name", "role"} before and after, never a password —
 * as done by the leader logged in, from the client's address.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/utf8.h"
#include "loa/words.h"
#include "web/web.h"

/* 0 when the session is a leader's, else -1 with out holding 403. */
static int
leader_only(struct web_req *r, struct web_resp *out)
{
	if (r->session.role == ROLE_LEADER)
		return 0;
	return web_fail(out, 403, NULL, _("ask the station's leader"),
	                _("only a leader manages the users and reads the audit trail (%s is a %s)"),
	                r->session.user, view_word_role(role_name(r->session.role)));
}

/* Writes the audit entry of a change to an account. 0 or -1. */
static int
audit(struct web *w, struct web_req *r, const char *action, const char *object, const struct account *before,
      const struct account *after)
{
	char *b = before ? account_audit_json(before) : NULL, *a = after ? account_audit_json(after) : NULL;
	int rc = -1;

	if ((!before || b) && (!after || a))
		rc = audit_write(w->store, r->session.user, r->addr, action, object, b, a);
	free(b);
	free(a);
	return rc;
}

/* The account's row as `loa user list --format json` prints it (one
 * object), status 200 or 201. */
static int
answer_account(struct web *w, struct web_resp *out, const struct account *a, int status)
{
	struct web_listing ls;
	struct view_cells c;

	if (web_list_open(out, &ls, &view_account, FMT_SINGLE) != 0)
		return -1;
	view_account_cells(&c, a, w->station.tz);
	if (web_list_close(out, &ls, view_add(&ls.l, c.v)) != 0)
		return -1;
	out->status = status;
	return 0;
}

/* The account named name into a: 0, or -1 with out holding 404 or 500. */
static int
get_account(struct web *w, const char *name, struct account *a, struct web_resp *out)
{
	char *v;
	int rc = account_get(w->store, name, a);

	if (rc < 0)
		return web_fail_core(out, 500);
	if (rc == 0)
		return 0;
	v = utf8_visible(name, 60);
	web_fail(out, 404, "name", _("the page of users lists them"), _("no such user: '%s'"), v ? v : "");
	free(v);
	return -1;
}

/* The role named by text into role: 0, or -1 with out holding 422. */
static int
read_role(const char *text, enum role *role, struct web_resp *out)
{
	if (role_parse(text, role) == 0)
		return 0;
	return web_fail(out, 422, "role", words_examples(WORDS_ROLE), _("not a role: '%s'"), text);
}

int
api_users(struct web *w, struct web_req *r, struct web_resp *out)
{
	struct web_listing ls;
	struct view_cells c;
	struct account *v;
	size_t n;
	int rc = 0;

	if (leader_only(r, out) != 0)
		return -1;
	if (account_list(w->store, &v, &n) != 0)
		return web_fail_core(out, 500);
	if (web_list_open(out, &ls, &view_account, 0) != 0) {
		free(v);
		return -1;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		view_account_cells(&c, &v[i], w->station.tz);
		rc = view_add(&ls.l, c.v);
	}
	free(v);
	return web_list_close(out, &ls, rc);
}

int
api_user_post(struct web *w, struct web_req *r, struct web_resp *out)
{
	char name[ACCOUNT_NAME_MAX * 4], role_text[128], password[ACCOUNT_PASSWORD_MAX + 8];
	const char *have_name, *have_role, *have_pw;
	struct account a;
	enum role role;
	int bad = 0, found, rc = -1;

	if (leader_only(r, out) != 0)
		return -1;
	have_name = web_json_get(r->body, "name", name, sizeof name, &bad);
	have_role = bad ? NULL : web_json_get(r->body, "role", role_text, sizeof role_text, &bad);
	have_pw = bad ? NULL : web_json_get(r->body, "password", password, sizeof password, &bad);
	if (bad)
		return web_fail(out, 400, NULL, _("send {\"name\": ..., \"role\": ..., \"password\": ...}"),
		                "%s", _("the request is not a JSON object"));
	if (!have_role || !*role_text)
		rc = web_fail(out, 422, "role", words_examples(WORDS_ROLE), "%s",
		              _("give the user a role: leader, officer or viewer"));
	else if (read_role(role_text, &role, out) != 0)
		rc = -1;
	else if (account_check_name(have_name ? name : "") != 0)
		rc = web_fail_core_as(out, 422, NULL, NULL);
	else if ((found = account_get(w->store, name, &a)) <= 0)
		rc = found < 0 ? web_fail_core(out, 500)
		               : web_fail(out, 409, "name",
		                          _("choose another name, or give this user a new password"),
		                          _("there is already a user named '%s'"), a.name);
	else if (account_check_password(name, have_pw ? password : "") != 0)
		rc = web_fail_core_as(out, 422, NULL, NULL);
	else if (store_begin(w->store) != 0)
		rc = web_fail_core(out, 500);
	else if (account_add(w->store, name, role, password) != 0 || account_get(w->store, name, &a) != 0 ||
	         audit(w, r, "user.add", a.name, NULL, &a) != 0 || store_commit(w->store) != 0) {
		store_rollback(w->store);
		rc = web_fail_core(out, 500);
	} else {
		rc = answer_account(w, out, &a, 201);
	}
	memset(password, 0, sizeof password);
	return rc;
}

int
api_user_patch(struct web *w, struct web_req *r, struct web_resp *out, const char *name)
{
	char role_text[128], password[ACCOUNT_PASSWORD_MAX + 8];
	const char *have_role, *have_pw;
	struct account a, b;
	enum role role = ROLE_VIEWER;
	int bad = 0, rc = -1;

	if (leader_only(r, out) != 0)
		return -1;
	have_role = web_json_get(r->body, "role", role_text, sizeof role_text, &bad);
	have_pw = bad ? NULL : web_json_get(r->body, "password", password, sizeof password, &bad);
	if (bad)
		return web_fail(out, 400, NULL, _("send {\"role\": ...} or {\"password\": ...}"), "%s",
		                _("the request is not a JSON object"));
	if (!have_role && !have_pw)
		rc = web_fail(out, 400, NULL, NULL, "%s", _("say what to change: role or password"));
	else if (have_role && read_role(role_text, &role, out) != 0)
		rc = -1;
	else if (get_account(w, name, &a, out) != 0)
		rc = -1;
	else if (have_pw && account_check_password(a.name, password) != 0)
		rc = web_fail_core_as(out, 422, NULL, NULL);
	else if (store_begin(w->store) != 0)
		rc = web_fail_core(out, 500);
	else {
		b = a;
		b.role = role;
		if ((have_role && role != a.role &&
		     (account_set_role(w->store, a.name, role) != 0 ||
		      audit(w, r, "user.role", a.name, &a, &b) != 0)) ||
		    (have_pw && (account_passwd(w->store, a.name, password) != 0 ||
		                 audit(w, r, "user.passwd", a.name, NULL, NULL) != 0)) ||
		    account_get(w->store, a.name, &b) != 0 || store_commit(w->store) != 0) {
			store_rollback(w->store);
			rc = web_fail_core(out, 500);
		} else {
			rc = answer_account(w, out, &b, 200);
		}
	}
	memset(password, 0, sizeof password);
	return rc;
}

int
api_user_delete(struct web *w, struct web_req *r, struct web_resp *out, const char *name)
{
	struct account a;

	if (leader_only(r, out) != 0)
		return -1;
	if (get_account(w, name, &a, out) != 0)
		return -1;
	if (store_begin(w->store) != 0)
		return web_fail_core(out, 500);
	if (account_remove(w->store, a.name) != 0 || audit(w, r, "user.rm", a.name, &a, NULL) != 0 ||
	    store_commit(w->store) != 0) {
		store_rollback(w->store);
		return web_fail_core(out, 500);
	}
	out->status = 204;
	out->api = 1;
	return 0;
}

struct audit_listing {
	struct web_listing ls; /* the answer */
	const char *zone;      /* the station's */
	int failed;            /* a write failed */
};

static int
audit_row(void *ctx, const struct audit_entry *e)
{
	struct audit_listing *x = ctx;
	struct view_cells c;

	view_audit_cells(&c, e, x->zone);
	return view_add(&x->ls.l, c.v) == 0 ? 0 : (x->failed = 1);
}

int
api_audit(struct web *w, struct web_req *r, struct web_resp *out)
{
	struct audit_listing x = {.zone = w->station.tz};
	int64_t from = 0, to = 0;
	int rc;

	if (leader_only(r, out) != 0)
		return -1;
	if (web_past_bound(w, r, out, "from", &from) < 0 || web_past_bound(w, r, out, "to", &to) < 0)
		return -1;
	if (from && to && to <= from)
		return web_fail(out, 400, "to", NULL, "%s", _("the end must be after the start"));
	if (web_list_open(out, &x.ls, &view_audit, 0) != 0)
		return -1;
	rc = audit_each(w->store, from, to, audit_row, &x);
	return web_list_close(out, &x.ls, rc < 0 || x.failed ? -1 : 0);
}
