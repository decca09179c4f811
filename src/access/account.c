/*
 * account.c — accounts: the rules for names and passwords, roles, and
 * logging in with its throttle (account.h).
 *
 * Key decisions. A password is hashed in NFC (so the same word typed on a
 * phone and on a PC is the same password) and otherwise as typed: its
 * blanks and case are its own. A login with a wrong name verifies the
 * password against a hash nobody's password matches, so it costs what a
 * wrong password costs and both get the same answer. The throttle counts
 * failures per name key and per address over a window and refuses, before
 * any hash is computed, until the back-off since the last failure has
 * passed: guessing costs the guesser time, not the station CPU. A refused
 * try is not itself a failure, so waiting is always enough. Failures
 * count as a run while they keep coming (each within LOGIN_WINDOW_MS of
 * the next), not over a window from now: with a window, a guesser who
 * waited out a long back-off found the old failures gone and the next
 * five tries free; with a run, the back-off stays at its cap for as long
 * as the guessing goes on, four tries an hour.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/account.h"
#include "loa/account_store.h"
#include "loa/clock.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/secret.h"
#include "loa/utf8.h"
#include "loa/words.h"

static const char *const roles[] = {"viewer", "officer", "leader"};

const char *
role_name(enum role r)
{
	return (unsigned)r < 3 ? roles[r] : "viewer";
}

int
role_parse(const char *s, enum role *out)
{
	const char *code = words_code(WORDS_ROLE, s);

	for (int r = 0; code && r < 3; r++)
		if (strcmp(code, roles[r]) == 0) {
			*out = (enum role)r;
			return 0;
		}
	return -1;
}

/* The name as a message shows it: control characters visible, cut. */
static char *
shown(const char *name)
{
	return utf8_visible(name ? name : "", 60);
}

int
account_check_name(const char *name)
{
	char *v, *nfc;
	size_t len;
	int rc = -1;

	if (!name || !*name)
		return error_at(ERR_INPUT, "name", _("a user needs a name"));
	v = shown(name);
	nfc = utf8_nfc(name);
	if (!nfc || !utf8_word_chars(nfc, "._-") || strchr("._-", nfc[0])) {
		error_at(ERR_INPUT, "name",
		         _("the user name '%s' is refused: a name is letters (Vietnamese ones too), digits, "
		           "'.', '_' and '-', beginning with a letter or a digit, without spaces"),
		         v ? v : "");
		hint(_("for example: chu-tich, can-bo.van-hoa, nguyễn.an"));
	} else if ((len = strlen(nfc)) >= ACCOUNT_NAME_MAX) {
		error_at(ERR_INPUT, "name", _("the user name '%s' is too long: %zu bytes, at most %d"),
		         v ? v : "", len, ACCOUNT_NAME_MAX - 1);
		hint(_("choose a shorter name: a letter without marks takes one byte, a letter with "
		       "Vietnamese marks two or three"));
	} else {
		rc = 0;
	}
	free(nfc);
	free(v);
	return rc;
}

int
account_check_password(const char *name, const char *password)
{
	char *pk = NULL, *nk = NULL;
	size_t chars;
	int rc = -1;

	if (!password || !utf8_valid(password, strlen(password)))
		return error_at(ERR_INPUT, "password", _("the password is not UTF-8 text"));
	if (strlen(password) > ACCOUNT_PASSWORD_MAX)
		return error_at(ERR_INPUT, "password", _("the password is too long: at most %d bytes"),
		                ACCOUNT_PASSWORD_MAX);
	for (const char *p = password; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return error_at(ERR_INPUT, "password",
			                _("the password holds a control character (a tab or a line break)"));
	chars = utf8_length(password);
	if (chars < ACCOUNT_PASSWORD_MIN) {
		error_at(ERR_INPUT, "password", _("the password is too short: %zu characters, at least %d"),
		         chars, ACCOUNT_PASSWORD_MIN);
		hint(_("choose a longer one: a few words that make a sentence are easy to remember and hard "
		       "to guess"));
		return -1;
	}
	pk = utf8_key(password);
	nk = name ? utf8_key(name) : NULL;
	if (pk && nk && strcmp(pk, nk) == 0) {
		error_at(ERR_INPUT, "password", _("the password is the user's name"));
		hint(_("choose a password that anyone who knows the name cannot guess"));
	} else {
		rc = 0;
	}
	free(pk);
	free(nk);
	return rc;
}

/* The Argon2id hash of password in NFC, into hash. 0, or -1 (printed). */
static int
hash_password(const char *password, char hash[SECRET_HASH_MAX])
{
	char *nfc = utf8_nfc(password);
	int rc;

	if (!nfc)
		return error(_("out of memory"));
	rc = secret_password_hash(nfc, hash);
	secret_wipe(nfc, strlen(nfc));
	free(nfc);
	return rc;
}

/* The account name names, or -1 after saying there is none. */
static int
find(struct store *s, const char *name, struct account *a)
{
	char *key = utf8_key(name ? name : ""), *v;
	int rc;

	if (!key)
		return error_at(ERR_INPUT, "name", _("a user name must be UTF-8 text"));
	rc = store_account_find(s, key, a, NULL);
	free(key);
	if (rc != 1)
		return rc;
	v = shown(name);
	error_at(ERR_NOT_FOUND, "name", _("no such user: '%s'"), v ? v : "");
	free(v);
	return -1;
}

int
account_add(struct store *s, const char *name, enum role role, const char *password)
{
	char hash[SECRET_HASH_MAX], *nfc = NULL, *key = NULL;
	int rc = -1;

	if (account_check_name(name) != 0 || account_check_password(name, password) != 0)
		return -1;
	if ((unsigned)role > ROLE_LEADER)
		return error_at(ERR_INPUT, "role", _("no such role"));
	if (!(nfc = utf8_nfc(name)) || !(key = utf8_key(nfc))) {
		error(_("out of memory"));
		goto out;
	}
	if (hash_password(password, hash) != 0)
		goto out;
	rc = store_account_insert(s, nfc, key, role, hash, clock_wall_ms(), NULL);
	secret_wipe(hash, sizeof hash);
	if (rc == 1) {
		error_at(ERR_EXISTS, "name", _("there is already a user named '%s'"), nfc);
		hint(_("names are told apart without regard to case: choose another name"));
		rc = -1;
	}
out:
	free(nfc);
	free(key);
	return rc;
}

int
account_passwd(struct store *s, const char *name, const char *password)
{
	char hash[SECRET_HASH_MAX];
	struct account a;
	int rc;

	if (find(s, name, &a) != 0 || account_check_password(a.name, password) != 0)
		return -1;
	if (hash_password(password, hash) != 0)
		return -1;
	rc = store_account_set_hash(s, a.id, hash);
	secret_wipe(hash, sizeof hash);
	return rc;
}

int
account_remove(struct store *s, const char *name)
{
	struct account a;
	int rc;

	if (find(s, name, &a) != 0)
		return -1;
	if ((rc = store_account_delete(s, a.id)) == 1) {
		error_at(ERR_IN_USE, "name", _("'%s' is the station's last leader and cannot be removed"),
		         a.name);
		hint(_("make another user a leader first; a station always keeps one who can manage the "
		       "users"));
		return -1;
	}
	return rc;
}

int
account_list(struct store *s, struct account **v, size_t *n)
{
	return store_account_all(s, v, n);
}

int
account_get(struct store *s, const char *name, struct account *out)
{
	char *key = utf8_key(name ? name : "");
	int rc;

	if (!key)
		return 1;
	rc = store_account_find(s, key, out, NULL);
	free(key);
	return rc;
}

int
account_set_role(struct store *s, const char *name, enum role role)
{
	struct account a;
	int rc;

	if ((unsigned)role > ROLE_LEADER)
		return error_at(ERR_INPUT, "role", _("no such role"));
	if (find(s, name, &a) != 0)
		return -1;
	if ((rc = store_account_set_role(s, a.id, role)) == 1) {
		error_at(ERR_IN_USE, "role", _("'%s' is the station's last leader and must stay a leader"),
		         a.name);
		hint(_("make another user a leader first; a station always keeps one who can manage the "
		       "users"));
		return -1;
	}
	return rc;
}

/* Failures remembered, and how many of the latest are read: the back-off
 * stops growing after LOGIN_FAILURES_MAX + 4 of them (60 s doubled 4
 * times passes the 15 minutes' cap). */
#define FORGET_MS   (24LL * 60 * 60 * 1000)
#define STREAK_READ 16

/* How long, in ms, a try at now must still wait after the failures at
 * v[0..n) (newest first). They count as a run while each came within
 * LOGIN_WINDOW_MS of the next (and the newest within it of now): the
 * run's LOGIN_FAILURES_MAX-th failure holds off the next try for
 * LOGIN_BACKOFF_MS, each one beyond doubles it up to LOGIN_BACKOFF_MAX_MS,
 * counted from the newest. Quiet for LOGIN_WINDOW_MS, the run is over. */
static int64_t
backoff(const int64_t *v, int n, int64_t now)
{
	int64_t wait = LOGIN_BACKOFF_MS, prev = now;
	int run = 0;

	while (run < n && prev - v[run] <= LOGIN_WINDOW_MS)
		prev = v[run++];
	if (run < LOGIN_FAILURES_MAX)
		return 0;
	for (int i = LOGIN_FAILURES_MAX; i < run && wait < LOGIN_BACKOFF_MAX_MS; i++)
		wait *= 2;
	if (wait > LOGIN_BACKOFF_MAX_MS)
		wait = LOGIN_BACKOFF_MAX_MS;
	return v[0] + wait > now ? v[0] + wait - now : 0;
}

int
account_login(struct store *s, const char *name, const char *password, const char *addr, int64_t now_ms,
              struct account *out, int *retry_after_s)
{
	char hash[SECRET_HASH_MAX], *key = utf8_key(name ? name : ""),
	                            *pw = utf8_nfc(password ? password : "");
	int64_t since = now_ms - FORGET_MS, times[STREAK_READ], wait;
	int n, rc = -1, found, ok;

	if (!key)
		key = strdup(""); /* not UTF-8: no account has it; still throttled as "" */
	if (!key || !pw) {
		error(_("out of memory"));
		goto out;
	}
	if (store_login_failures(s, key, NULL, since, times, STREAK_READ, &n) != 0)
		goto out;
	wait = backoff(times, n, now_ms);
	if (addr && *addr) {
		int64_t w;
		if (store_login_failures(s, NULL, addr, since, times, STREAK_READ, &n) != 0)
			goto out;
		if ((w = backoff(times, n, now_ms)) > wait)
			wait = w;
	}
	if (wait > 0) {
		if (retry_after_s)
			*retry_after_s = (int)((wait + 999) / 1000);
		rc = 2;
		goto out;
	}
	if ((found = store_account_find(s, key, out, hash)) < 0)
		goto out;
	if (found == 0) {
		ok = secret_password_verify(hash, pw);
	} else {
		secret_password_verify_none(pw);
		ok = 0;
	}
	secret_wipe(hash, sizeof hash);
	if (!ok) {
		if (found == 0)
			memset(out, 0, sizeof *out);
		rc = store_login_failure_add(s, key, addr, now_ms, since) == 0 ? 1 : -1;
		goto out;
	}
	if (store_login_failures_clear(s, key) != 0 || store_account_logged_in(s, out->id, now_ms) != 0)
		goto out;
	out->last_login_ms = now_ms;
	rc = 0;
out:
	if (pw) {
		secret_wipe(pw, strlen(pw));
		free(pw);
	}
	free(key);
	return rc;
}

char *
account_audit_json(const struct account *a)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	fputs("{\"name\": ", f);
	fmt_json_string(f, a->name);
	fputs(", \"role\": ", f);
	fmt_json_string(f, role_name(a->role));
	fputs("}", f);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}
