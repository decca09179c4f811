/*
 * account_shim.c — TEMPORARY stand-in for the core's accounts (see
 * account_shim.h): one account named by LOA_WEB_SHIM_USER and
 * LOA_WEB_SHIM_PASSWORD (role LOA_WEB_SHIM_ROLE: viewer, officer or
 * leader; leader by default), sessions kept in memory, no throttling, an
 * audit trail that is only logged. Delete it when loa/account.h lands.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/i18n.h"
#include "loa/log.h"
#include "web/account_shim.h"

#define SHIM_SESSIONS 64

static struct session sessions[SHIM_SESSIONS];

const char *
role_name(enum role r)
{
	return r == ROLE_LEADER ? "leader" : r == ROLE_OFFICER ? "officer" : "viewer";
}

int
account_login(struct store *s, const char *name, const char *password, const char *addr, int64_t now_ms,
              struct account *out, int *retry_after_s)
{
	const char *u = getenv("LOA_WEB_SHIM_USER"), *p = getenv("LOA_WEB_SHIM_PASSWORD");
	const char *role = getenv("LOA_WEB_SHIM_ROLE");

	(void)s, (void)addr, (void)retry_after_s;
	if (!u || !p || !*u || !*p || strcmp(name, u) != 0 || strcmp(password, p) != 0)
		return 1;
	memset(out, 0, sizeof *out);
	out->id = 1;
	snprintf(out->name, sizeof out->name, "%s", u);
	out->role = !role || strcmp(role, "leader") == 0 ? ROLE_LEADER
	            : strcmp(role, "officer") == 0       ? ROLE_OFFICER
	                                                 : ROLE_VIEWER;
	out->last_login_ms = now_ms;
	return 0;
}

/* A token of 32 random bytes in base64url (43 characters). */
static int
token(char out[SESSION_TOKEN_LEN + 1])
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char r[33] = {0};
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC), n = 0;

	if (fd < 0 || read(fd, r, 32) != 32) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	for (int i = 0; i < 33; i += 3) {
		unsigned v = (unsigned)r[i] << 16 | (unsigned)r[i + 1] << 8 | r[i + 2];
		for (int k = 3; k >= 0 && n < SESSION_TOKEN_LEN; k--)
			out[n++] = b64[(v >> (6 * k)) & 63];
	}
	out[SESSION_TOKEN_LEN] = 0;
	return 0;
}

int
session_create(struct store *s, const struct account *a, const char *addr, int64_t now_ms, struct session *out)
{
	struct session *slot = &sessions[0];

	(void)s, (void)addr;
	for (int i = 0; i < SHIM_SESSIONS; i++)
		if (sessions[i].seen_ms < slot->seen_ms)
			slot = &sessions[i];
	memset(out, 0, sizeof *out);
	if (token(out->token) != 0 || token(out->csrf) != 0)
		return error(_("cannot read random bytes"));
	out->account_id = a->id;
	snprintf(out->user, sizeof out->user, "%s", a->name);
	out->role = a->role;
	out->created_ms = out->seen_ms = now_ms;
	*slot = *out;
	return 0;
}

int
session_lookup(struct store *s, const char *tok, int64_t now_ms, struct session *out)
{
	(void)s;
	for (int i = 0; tok && i < SHIM_SESSIONS; i++)
		if (*sessions[i].token && strcmp(sessions[i].token, tok) == 0) {
			if (now_ms - sessions[i].seen_ms > SESSION_IDLE_MS)
				return 0;
			sessions[i].seen_ms = now_ms;
			*out = sessions[i];
			return 1;
		}
	return 0;
}

int
session_drop(struct store *s, const char *tok)
{
	(void)s;
	for (int i = 0; tok && i < SHIM_SESSIONS; i++)
		if (strcmp(sessions[i].token, tok) == 0)
			memset(&sessions[i], 0, sizeof sessions[i]);
	return 0;
}

int
csrf_check(const struct session *se, const char *sent)
{
	unsigned char d = 0;

	if (!sent || strlen(sent) != SESSION_TOKEN_LEN)
		return 0;
	for (int i = 0; i < SESSION_TOKEN_LEN; i++)
		d |= (unsigned char)(se->csrf[i] ^ sent[i]);
	return d == 0;
}

int
audit_write(struct store *s, const char *user, const char *addr, const char *action, const char *object,
            const char *before_json, const char *after_json)
{
	(void)s;
	log_info("audit: %s from %s: %s %s (%s -> %s)", user, addr, action, object,
	         before_json ? before_json : "null", after_json ? after_json : "null");
	return 0;
}
