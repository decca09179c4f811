/*
 * session.c — the web console's sessions and their CSRF tokens
 * (account.h).
 *
 * Key decisions. The token is 32 random bytes (base64url) that only the
 * browser keeps; the store has its SHA-256, which is enough to find the
 * session and useless to anyone who copies the database. A plain SHA-256
 * suffices here, unlike for passwords: a token has 256 random bits, so
 * there is nothing to guess from its hash. A token that is not one (wrong
 * length or characters) is refused before any query. The time a session
 * was last seen is written at most once a minute, so a page that asks for
 * ten things does not write the database ten times; the idle limit is
 * measured against it, so it is exact to that minute.
 */
#include <string.h>

#include "loa/account.h"
#include "loa/account_store.h"
#include "loa/hash.h"
#include "loa/secret.h"

_Static_assert(SESSION_TOKEN_LEN == SECRET_TOKEN_LEN, "a session's token is a secret token");

/* How often a session's last request is written, at most. */
#define SEEN_EVERY_MS (60LL * 1000)

int
session_create(struct store *s, const struct account *a, const char *addr, int64_t now_ms,
               struct session *out)
{
	char digest[HASH_HEX_LEN + 1];

	memset(out, 0, sizeof *out);
	if (secret_token(out->token) != 0 || secret_token(out->csrf) != 0)
		return -1;
	hash_sha256_hex(out->token, SESSION_TOKEN_LEN, digest);
	if (store_session_prune(s, now_ms - SESSION_IDLE_MS, now_ms - SESSION_MAX_MS) != 0 ||
	    store_session_insert(s, digest, a->id, out->csrf, addr, now_ms) != 0) {
		secret_wipe(out, sizeof *out);
		return -1;
	}
	out->account_id = a->id;
	memcpy(out->user, a->name, sizeof out->user);
	out->user[sizeof out->user - 1] = '\0';
	out->role = a->role;
	out->created_ms = now_ms;
	out->seen_ms = now_ms;
	return 0;
}

int
session_lookup(struct store *s, const char *token, int64_t now_ms, struct session *out)
{
	char digest[HASH_HEX_LEN + 1];
	int rc;

	memset(out, 0, sizeof *out);
	if (!token || !secret_token_valid(token))
		return 0;
	hash_sha256_hex(token, SESSION_TOKEN_LEN, digest);
	if ((rc = store_session_find(s, digest, out)) != 0)
		return rc < 0 ? -1 : 0;
	if (now_ms - out->seen_ms >= SESSION_IDLE_MS || now_ms - out->created_ms >= SESSION_MAX_MS) {
		memset(out, 0, sizeof *out);
		return store_session_delete(s, digest) == 0 ? 0 : -1;
	}
	if (now_ms - out->seen_ms >= SEEN_EVERY_MS) {
		if (store_session_seen(s, digest, now_ms) != 0)
			return -1;
		out->seen_ms = now_ms;
	}
	memcpy(out->token, token, SESSION_TOKEN_LEN + 1);
	return 1;
}

int
session_drop(struct store *s, const char *token)
{
	char digest[HASH_HEX_LEN + 1];

	if (!token || !secret_token_valid(token))
		return 0;
	hash_sha256_hex(token, SESSION_TOKEN_LEN, digest);
	return store_session_delete(s, digest);
}

int
csrf_check(const struct session *se, const char *sent)
{
	/* The length is no secret (every token has the same); the bytes are
	 * compared in constant time. */
	if (!se || !sent || strlen(sent) != SESSION_TOKEN_LEN || strlen(se->csrf) != SESSION_TOKEN_LEN)
		return 0;
	return secret_equal(se->csrf, sent, SESSION_TOKEN_LEN);
}
