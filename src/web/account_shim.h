/*
 * account_shim.h — TEMPORARY: the declarations of include/loa/account.h
 * (accounts, sessions, CSRF, the audit trail), which the core gains in
 * the same issue. Until then account_shim.c stands in for them with one
 * account from the environment. Delete both when loa/account.h lands.
 */
#ifndef LOA_WEB_ACCOUNT_SHIM_H
#define LOA_WEB_ACCOUNT_SHIM_H

#include <stdint.h>

struct store;

enum role { ROLE_VIEWER = 0, ROLE_OFFICER = 1, ROLE_LEADER = 2 };
const char *role_name(enum role r);
#define ACCOUNT_NAME_MAX 64
struct account {
	int64_t id;
	char name[ACCOUNT_NAME_MAX];
	enum role role;
	int64_t created_ms;
	int64_t last_login_ms;
};
/* 0 ok; 1 wrong name/password; 2 throttled (*retry_after_s); -1 error */
int account_login(struct store *s, const char *name, const char *password, const char *addr, int64_t now_ms,
                  struct account *out, int *retry_after_s);
#define SESSION_IDLE_MS   (30LL * 60 * 1000)
#define SESSION_TOKEN_LEN 43
struct session {
	char token[SESSION_TOKEN_LEN + 1];
	char csrf[SESSION_TOKEN_LEN + 1];
	int64_t account_id;
	char user[ACCOUNT_NAME_MAX];
	enum role role;
	int64_t created_ms;
	int64_t seen_ms;
};
int session_create(struct store *s, const struct account *a, const char *addr, int64_t now_ms,
                   struct session *out);
/* 1 valid, 0 none/expired, -1 error */
int session_lookup(struct store *s, const char *token, int64_t now_ms, struct session *out);
int session_drop(struct store *s, const char *token);
/* 1 equal (constant time) */
int csrf_check(const struct session *se, const char *sent);
int audit_write(struct store *s, const char *user, const char *addr, const char *action, const char *object,
                const char *before_json, const char *after_json);

#endif
