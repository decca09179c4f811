/*
 * api_session.c — logging in and out: POST, GET and DELETE
 * /api/v1/session.
 *
 * The session's token travels only in an HttpOnly, SameSite=Strict
 * cookie (Secure under HTTPS): scripts cannot read it and other sites
 * cannot make the browser send it. The CSRF token comes in the answer's
 * body, for the page to send back in X-CSRF-Token.
 */
#include <stdio.h>
#include <string.h>

#include "loa/fmt.h"
#include "loa/i18n.h"
#include "web/web.h"

/* {"user","role","csrf"} of se. */
static int
session_json(struct web_resp *out, const struct session *se)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = web_json_open(out, &buf, &len);

	if (!f)
		return -1;
	fputs("{\"user\":", f);
	fmt_json_string(f, se->user);
	fputs(",\"role\":", f);
	fmt_json_string(f, role_name(se->role));
	fputs(",\"csrf\":", f);
	fmt_json_string(f, se->csrf);
	fputs("}\n", f);
	return web_json_close(out, f, &buf, &len);
}

int
api_session_post(struct web *w, struct web_req *r, struct web_resp *out)
{
	char user[ACCOUNT_NAME_MAX * 4], password[1024], cookie[256], retry[32];
	struct account a;
	struct session se;
	int bad, wait = 0, rc;

	if (!web_json_get(r->body, "user", user, sizeof user, &bad) || bad)
		return web_fail(out, 400, bad ? NULL : "user", _("send {\"user\": ..., \"password\": ...}"),
		                "%s",
		                bad ? _("the request is not a JSON object") : _("the user name is missing"));
	if (!web_json_get(r->body, "password", password, sizeof password, &bad))
		return web_fail(out, 400, "password", NULL, "%s", _("the password is missing"));
	rc = account_login(w->store, user, password, r->addr, r->now_ms, &a, &wait);
	memset(password, 0, sizeof password);
	if (rc == 2) {
		snprintf(retry, sizeof retry, "%d", wait > 0 ? wait : 1);
		web_resp_header(out, "Retry-After", retry);
		return web_fail(out, 429, NULL, _("wait a while, then try again"),
		                _("too many wrong passwords: logging in is paused for %d seconds"),
		                wait > 0 ? wait : 1);
	}
	if (rc == 1)
		return web_fail(out, 401, "password", _("check the name and the password (capitals count)"),
		                "%s", _("wrong user name or password"));
	if (rc != 0 || session_create(w->store, &a, r->addr, r->now_ms, &se) != 0 ||
	    audit_write(w->store, a.name, r->addr, "session.login", a.name, NULL, NULL) != 0)
		return web_fail_core(out, 500);
	snprintf(cookie, sizeof cookie, "loa_session=%s; HttpOnly; SameSite=Strict; Path=/%s", se.token,
	         w->https ? "; Secure" : "");
	web_resp_header(out, "Set-Cookie", cookie);
	return session_json(out, &se);
}

int
api_session_get(struct web *w, struct web_req *r, struct web_resp *out)
{
	(void)w;
	return session_json(out, &r->session);
}

int
api_session_delete(struct web *w, struct web_req *r, struct web_resp *out)
{
	if (session_drop(w->store, r->session.token) != 0 ||
	    audit_write(w->store, r->session.user, r->addr, "session.logout", r->session.user, NULL, NULL) !=
	        0)
		return web_fail_core(out, 500);
	web_resp_header(out, "Set-Cookie",
	                w->https ? "loa_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0; Secure"
	                         : "loa_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
	out->status = 204;
	out->api = 1;
	return 0;
}
