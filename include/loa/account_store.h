/*
 * account_store.h — the rows of accounts, sessions and login failures as
 * the store keeps them (src/store/store_account.c), for src/access only:
 * front ends call account.h, which checks names, passwords and throttling
 * before anything reaches these.
 *
 * Names are looked up by key (utf8_key of the name), sessions by the
 * SHA-256 of their token (hex). Return rule: 0 done, 1 not found or
 * refused as the comment says (quiet), -1 error (printed).
 */
#ifndef LOA_ACCOUNT_STORE_H
#define LOA_ACCOUNT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "loa/account.h"
#include "loa/secret.h"

struct store;

/* Adds an account; 1 when its key is taken. *id (may be NULL): the new one. */
int store_account_insert(struct store *s, const char *name, const char *key, enum role role, const char *hash,
                         int64_t now_ms, int64_t *id);
/* The account of key, and its hash (hash may be NULL); 1 when none. */
int store_account_find(struct store *s, const char *key, struct account *out, char hash[SECRET_HASH_MAX]);
/* Every account by name into a new array (free it). */
int store_account_all(struct store *s, struct account **v, size_t *n);
/* Replaces account id's hash and ends its sessions, in one transaction. */
int store_account_set_hash(struct store *s, int64_t id, const char *hash);
/* Changes account id's role; 1 when that would leave the station without
 * a leader. */
int store_account_set_role(struct store *s, int64_t id, enum role role);
/* Removes account id (its sessions go with it); 1 when it is the last
 * leader. */
int store_account_delete(struct store *s, int64_t id);
/* Sets account id's last login. */
int store_account_logged_in(struct store *s, int64_t id, int64_t now_ms);

/* The times of the latest failures (at most max, newest first, none
 * before since_ms) of the name key (when key is not NULL) or of the
 * address addr (when key is NULL), into v; *n says how many. */
int store_login_failures(struct store *s, const char *key, const char *addr, int64_t since_ms, int64_t *v,
                         int max, int *n);
/* Records a failure of key from addr (may be NULL) at now_ms, and forgets
 * those before forget_ms. */
int store_login_failure_add(struct store *s, const char *key, const char *addr, int64_t now_ms,
                            int64_t forget_ms);
/* Forgets every failure of key. */
int store_login_failures_clear(struct store *s, const char *key);

/* Adds a session: token_hash is the hex SHA-256 of its token. */
int store_session_insert(struct store *s, const char *token_hash, int64_t account_id, const char *csrf,
                         const char *addr, int64_t now_ms);
/* The session of token_hash with its account's name and role now (token
 * left empty); 1 when none. */
int store_session_find(struct store *s, const char *token_hash, struct session *out);
/* Sets its last request. */
int store_session_seen(struct store *s, const char *token_hash, int64_t now_ms);
/* Ends it; 0 also when there was none. */
int store_session_delete(struct store *s, const char *token_hash);
/* Ends every session last seen before seen_before or created before
 * created_before. */
int store_session_prune(struct store *s, int64_t seen_before, int64_t created_before);

#endif
