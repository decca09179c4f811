/*
 * account.h — who may use the web console, their sessions, and the audit
 * trail of every change made through it or through the user commands.
 *
 * An account has a name, a role and a password kept only as an Argon2id
 * hash (secret.h). The roles, from least to most: a viewer reads (an
 * inspector from the province), an officer changes clips, playlists, the
 * schedule and reports, a leader does everything, the accounts included.
 * There is no default account and no default password: the first leader
 * is made on the broadcast PC with the command line. The station keeps at
 * least one leader once it has one.
 *
 * Names are one line of 1 to 63 bytes (ACCOUNT_NAME_MAX with its NUL) of
 * letters (Vietnamese ones too), digits and '.', '_', '-', beginning with
 * a letter or a digit; they are found in any case and Unicode spelling
 * (utf8_key), as topics are. A password is at least ACCOUNT_PASSWORD_MIN
 * characters (counted as characters, not bytes), is not the name, and is
 * compared in NFC, so a phone's decomposed "ệ" is the PC's composed one.
 *
 * Logging in is throttled per name and per address. Failures count as a
 * run while each comes within LOGIN_WINDOW_MS of the one before: the
 * run's LOGIN_FAILURES_MAX-th failure holds off the next try for
 * LOGIN_BACKOFF_MS from it, each failure beyond doubles that, up to
 * LOGIN_BACKOFF_MAX_MS (so five failures within 15 minutes always stop
 * the sixth try for a minute at least); a try held off
 * is refused without the password being checked, and is not a failure.
 * LOGIN_WINDOW_MS without a failure ends the run; a success clears the
 * name's failures (not the address's). A wrong name and a wrong password
 * get the same answer after the same work, so a try does not tell which
 * names exist.
 *
 * A session is a random token the browser keeps in a cookie; the store
 * keeps only its SHA-256, so a copy of the database lets nobody in. Each
 * session has its own CSRF token. Sessions end after SESSION_IDLE_MS
 * without a request and SESSION_MAX_MS after login whatever happens, and
 * when their account's password changes or the account is removed. A
 * session's role is its account's at each lookup, so a change of role
 * applies at once.
 *
 * The audit trail is append-only: triggers in the store refuse to change
 * or delete an entry. Each entry says who (an account's name, or the
 * system user for the command line), from where (an address, or "local"),
 * what ("user.add", "clip.edit": the object's kind and the verb), on
 * what (the object's name or number) and the object before and after as
 * JSON (NULL when there is none: before an addition, after a removal).
 *
 * Functions return 0 or -1 after printing the cause (log.h), unless their
 * comment says otherwise. Names, roles and passwords given by a person are
 * reported with the field at fault ("name", "role", "password").
 */
#ifndef LOA_ACCOUNT_H
#define LOA_ACCOUNT_H

#include <stddef.h>
#include <stdint.h>

struct store;

enum role { ROLE_VIEWER = 0, ROLE_OFFICER = 1, ROLE_LEADER = 2 };

/* "viewer", "officer", "leader": what the store keeps and CSV/JSON write. */
const char *role_name(enum role r);
/* The role s names: its English word, or the Vietnamese one with or
 * without marks ("lãnh đạo", "cán bộ", "người xem"), in any case. 0, or
 * -1 (quiet: the caller names the value; words.h's examples list them). */
int role_parse(const char *s, enum role *out);

#define ACCOUNT_NAME_MAX     64   /* bytes of a name, NUL included */
#define ACCOUNT_PASSWORD_MIN 10   /* characters of a password, at least */
#define ACCOUNT_PASSWORD_MAX 1024 /* bytes of a password, at most */

struct account {
	int64_t id;                  /* the account's number */
	char name[ACCOUNT_NAME_MAX]; /* as given, NFC */
	enum role role;              /* what it may do */
	int64_t created_ms;          /* when it was added */
	int64_t last_login_ms;       /* its last login through the console; 0: never */
};

/* Adds an account. -1 (reported) when the name is taken or not a name, or
 * the password is too weak (the message says what to do). */
int account_add(struct store *s, const char *name, enum role role, const char *password);
/* Gives the account a new password (the same rules) and ends its sessions. */
int account_passwd(struct store *s, const char *name, const char *password);
/* Removes the account and ends its sessions; refused for the last leader. */
int account_remove(struct store *s, const char *name);
/* Every account, by name, into a new array of *n (free(*v)). */
int account_list(struct store *s, struct account **v, size_t *n);
/* {"name": ..., "role": ...} of a: what the audit trail keeps before and
 * after a change to an account, whichever front end makes it (malloc'd),
 * or NULL when out of memory. */
char *account_audit_json(const struct account *a);
/* The account name names (in any case): 0 and *out filled, 1 none
 * (quiet), -1 error. */
int account_get(struct store *s, const char *name, struct account *out);
/* Changes the account's role; refused when it would leave no leader. */
int account_set_role(struct store *s, const char *name, enum role role);
/* Checks a name (0, or -1 reported with the field "name"), and a
 * password for an account of that name (-1 reported with "password"),
 * without the store: a front end may check before it asks twice. */
int account_check_name(const char *name);
int account_check_password(const char *name, const char *password);

#define LOGIN_FAILURES_MAX   5                  /* failures in a run before a back-off */
#define LOGIN_WINDOW_MS      (15LL * 60 * 1000) /* the longest gap inside a run of failures */
#define LOGIN_BACKOFF_MS     (60LL * 1000)      /* the first back-off, doubled after each failure */
#define LOGIN_BACKOFF_MAX_MS (15LL * 60 * 1000) /* the longest back-off */

/* Logs in from address addr (NULL: none, throttled by name only) at
 * now_ms. 0: ok, *out filled and its last login set to now_ms; 1: wrong
 * name or password (same answer for both, same time spent); 2: throttled,
 * *retry_after_s (seconds, at least 1) set; -1: error (reported). */
int account_login(struct store *s, const char *name, const char *password, const char *addr, int64_t now_ms,
                  struct account *out, int *retry_after_s);

#define SESSION_IDLE_MS   (30LL * 60 * 1000)      /* a session ends after this long without a request */
#define SESSION_MAX_MS    (12LL * 60 * 60 * 1000) /* and this long after login, whatever happens */
#define SESSION_TOKEN_LEN 43                      /* base64url of 32 random bytes, no padding */

struct session {
	char token[SESSION_TOKEN_LEN + 1]; /* the cookie's value (session_create only: never stored) */
	char csrf[SESSION_TOKEN_LEN + 1];  /* what every change must send back */
	int64_t account_id;                /* whose */
	char user[ACCOUNT_NAME_MAX];       /* the account's name */
	enum role role;                    /* the account's role now */
	int64_t created_ms;                /* the login */
	int64_t seen_ms;                   /* its last request (to the minute) */
};

/* Opens a session for account a, logged in from addr at now_ms (also
 * ends the station's expired sessions). Stores only a SHA-256 of the token. */
int session_create(struct store *s, const struct account *a, const char *addr, int64_t now_ms,
                   struct session *out);
/* The session of token at now_ms: 1 valid, *out filled (its token is the
 * one given, its csrf filled; seen_ms updated at most once a minute), 0
 * none, expired or idle (an expired one is dropped), -1 error. */
int session_lookup(struct store *s, const char *token, int64_t now_ms, struct session *out);
/* Ends the session of token (logging out); 0 also when there was none. */
int session_drop(struct store *s, const char *token);
/* 1 when sent equals se->csrf (constant time), else 0 (NULL sent too). */
int csrf_check(const struct session *se, const char *sent);

struct audit_entry {
	int64_t id;         /* its number, in order of writing */
	int64_t at_ms;      /* when */
	const char *user;   /* who: an account's name, or the system user of the command line */
	const char *addr;   /* from where: the client's address, or "local" */
	const char *action; /* "user.add", "clip.edit"...: the object's kind and the verb */
	const char *object; /* what: the object's name or number */
	const char *before; /* the object before, JSON, or NULL */
	const char *after;  /* the object after, JSON, or NULL */
};

/* Appends one entry at the clock's now (append-only: triggers refuse
 * UPDATE/DELETE). before/after: JSON text or NULL. 0/-1 */
int audit_write(struct store *s, const char *user, const char *addr, const char *action, const char *object,
                const char *before_json, const char *after_json);
/* Every entry with from_ms <= at_ms < to_ms (0 for unbounded), oldest
 * first; fn's nonzero return stops (and is not an error); 0/-1. The
 * entry's strings live until fn returns. */
int audit_each(struct store *s, int64_t from_ms, int64_t to_ms,
               int (*fn)(void *ctx, const struct audit_entry *e), void *ctx);

#endif
