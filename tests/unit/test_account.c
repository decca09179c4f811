/*
 * test_account.c — accounts, logins and their throttle, sessions, CSRF
 * tokens and the audit trail, on a real station (account.h).
 *
 * Every time is an explicit now_ms (the audit trail's through a replaced
 * clock), so nothing sleeps: fifteen minutes of back-off pass in a call.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "loa/account.h"
#include "loa/clock.h"
#include "loa/store.h"
#include "unit_station.h"

#define T0   1790000000000LL /* 2026-09-21, an instant like any other */
#define SEC  1000LL
#define MIN  (60 * SEC)
#define GOOD "mật khẩu đủ dài"

static struct unit_station u;
static struct unit_log lg;

static int
setup(void **state)
{
	(void)state;
	unit_station_make(&u, 1);
	unit_log_catch(&lg);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unit_log_release();
	unit_station_done(&u);
	return 0;
}

/* Runs sql on a second, raw connection to the station: SQLite's answer. */
static int
raw(const char *sql)
{
	sqlite3 *db;
	int rc;

	assert_int_equal(sqlite3_open(u.db, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

/* The first column of the first row of sql on a raw connection. */
static int64_t
raw_int(const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	int64_t v;

	assert_int_equal(sqlite3_open(u.db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return v;
}

static void
test_roles(void **state)
{
	enum role r;

	(void)state;
	assert_string_equal(role_name(ROLE_LEADER), "leader");
	assert_string_equal(role_name(ROLE_OFFICER), "officer");
	assert_string_equal(role_name(ROLE_VIEWER), "viewer");
	assert_int_equal(role_parse("leader", &r), 0);
	assert_int_equal(r, ROLE_LEADER);
	assert_int_equal(role_parse("Lãnh Đạo", &r), 0);
	assert_int_equal(r, ROLE_LEADER);
	assert_int_equal(role_parse("lanh dao", &r), 0);
	assert_int_equal(r, ROLE_LEADER);
	assert_int_equal(role_parse("cán bộ", &r), 0);
	assert_int_equal(r, ROLE_OFFICER);
	assert_int_equal(role_parse("can bo", &r), 0);
	assert_int_equal(r, ROLE_OFFICER);
	assert_int_equal(role_parse("người xem", &r), 0);
	assert_int_equal(r, ROLE_VIEWER);
	assert_int_equal(role_parse("nguoi xem", &r), 0);
	assert_int_equal(r, ROLE_VIEWER);
	assert_int_equal(role_parse("admin", &r), -1);
	assert_int_equal(role_parse("", &r), -1);
}

static void
test_add_and_rules(void **state)
{
	struct account a, *v;
	size_t n;

	(void)state;
	assert_int_equal(account_add(u.s, "chu-tich", ROLE_LEADER, GOOD), 0);
	/* Names are found in any case and Unicode spelling. */
	assert_int_equal(account_add(u.s, "nguyễn.an", ROLE_OFFICER, "một câu dài dễ nhớ"), 0);
	assert_int_equal(account_get(u.s, "CHU-TICH", &a), 0);
	assert_string_equal(a.name, "chu-tich");
	assert_int_equal(a.role, ROLE_LEADER);
	assert_true(a.created_ms > 0);
	assert_int_equal(a.last_login_ms, 0);
	assert_int_equal(account_get(u.s, "Nguye\xcc\x82\xcc\x83n.An", &a), 0); /* NFD */
	assert_string_equal(a.name, "nguyễn.an");
	assert_int_equal(account_get(u.s, "nobody", &a), 1);

	/* A name taken in another case. */
	lg.errors = 0;
	assert_int_equal(account_add(u.s, "Chu-Tich", ROLE_VIEWER, GOOD), -1);
	assert_int_equal(lg.kind, ERR_EXISTS);
	/* Weak passwords, each with what is wrong. */
	assert_int_equal(account_add(u.s, "an", ROLE_VIEWER, "ngắn quá"), -1);
	assert_int_equal(lg.kind, ERR_INPUT);
	assert_non_null(strstr(lg.text, "too short: 8 characters, at least 10"));
	/* Ten characters of Vietnamese are ten, not their bytes. */
	assert_int_equal(account_add(u.s, "an", ROLE_VIEWER, "đủ mười ký"), 0);
	assert_int_equal(account_add(u.s, "binh.tran", ROLE_VIEWER, "Binh.Tran"), -1);
	assert_non_null(strstr(lg.text, "too short"));
	assert_int_equal(account_add(u.s, "binh.tran.van", ROLE_VIEWER, "BINH.TRAN.VAN"), -1);
	assert_non_null(strstr(lg.text, "the user's name"));
	assert_int_equal(account_add(u.s, "binh", ROLE_VIEWER, "a tab\there ok"), -1);
	assert_non_null(strstr(lg.text, "control character"));
	/* Names that are not names. */
	assert_int_equal(account_add(u.s, "có dấu cách", ROLE_VIEWER, GOOD), -1);
	assert_non_null(strstr(lg.text, "is refused"));
	assert_int_equal(account_add(u.s, "-x", ROLE_VIEWER, GOOD), -1);
	assert_int_equal(account_add(u.s, "", ROLE_VIEWER, GOOD), -1);
	assert_int_equal(account_add(u.s, "a\nb", ROLE_VIEWER, GOOD), -1);
	assert_int_equal(account_add(u.s, "x@y", ROLE_VIEWER, GOOD), -1);
	assert_int_equal(account_add(u.s, "\xff", ROLE_VIEWER, GOOD), -1);
	/* 63 bytes fit, 64 do not. */
	char name[80];
	memset(name, 'a', 63);
	name[63] = '\0';
	assert_int_equal(account_add(u.s, name, ROLE_VIEWER, GOOD), 0);
	name[63] = 'a', name[64] = '\0';
	assert_int_equal(account_add(u.s, name, ROLE_VIEWER, GOOD), -1);
	assert_non_null(strstr(lg.text, "too long"));

	assert_int_equal(account_list(u.s, &v, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(v[1].name, "an");
	assert_string_equal(v[2].name, "chu-tich");
	assert_string_equal(v[3].name, "nguyễn.an");
	free(v);
	/* Kept as Argon2id strings (64 MiB, 2 passes), never the password. */
	assert_int_equal(
	    raw_int("SELECT count(*) FROM account WHERE hash LIKE '$argon2id$v=19$m=65536,t=2,p=1$%'"), 4);
	assert_int_equal(
	    raw_int("SELECT count(*) FROM account WHERE instr(hash, 'mật') OR instr(hash, 'đủ')"), 0);
}

static void
test_login(void **state)
{
	struct account a;
	int retry = -1;

	(void)state;
	assert_int_equal(account_add(u.s, "chu-tich", ROLE_LEADER, GOOD), 0);
	assert_int_equal(account_login(u.s, "chu-tich", GOOD, "10.0.0.2", T0, &a, &retry), 0);
	assert_string_equal(a.name, "chu-tich");
	assert_int_equal(a.last_login_ms, T0);
	assert_int_equal(account_get(u.s, "chu-tich", &a), 0);
	assert_int_equal(a.last_login_ms, T0);
	/* The password as a phone types it (NFD) is the same password. */
	assert_int_equal(
	    account_login(u.s, "Chu-Tich",
	                  "ma\xcc\x82\xcc\xa3t kha\xcc\x82\xcc\x89u \xc4\x91u\xcc\x89 da\xcc\x80i", NULL, T0,
	                  &a, &retry),
	    0);
	assert_int_equal(account_login(u.s, "chu-tich", "sai mật khẩu", NULL, T0, &a, &retry), 1);
	assert_int_equal(account_login(u.s, "không-có", GOOD, NULL, T0, &a, &retry), 1);
	assert_int_equal(account_login(u.s, "\xff", GOOD, NULL, T0, &a, &retry), 1);
	assert_int_equal(account_login(u.s, "chu-tich", "", NULL, T0, &a, &retry), 1);
}

/* A wrong name costs what a wrong password costs: both verify a hash. */
static void
test_login_same_time(void **state)
{
	struct account a;
	int retry;
	int64_t wrong = INT64_MAX, unknown = INT64_MAX;

	(void)state;
	assert_int_equal(account_add(u.s, "chu-tich", ROLE_LEADER, GOOD), 0);
	for (int i = 0; i < 3; i++) {
		int64_t t = clock_mono_ns();
		assert_int_equal(
		    account_login(u.s, "chu-tich", "sai mật khẩu", NULL, T0 + i * 20 * MIN, &a, &retry), 1);
		t = clock_mono_ns() - t;
		wrong = t < wrong ? t : wrong;
		t = clock_mono_ns();
		assert_int_equal(
		    account_login(u.s, "khong-co", "sai mật khẩu", NULL, T0 + i * 20 * MIN, &a, &retry), 1);
		t = clock_mono_ns() - t;
		unknown = t < unknown ? t : unknown;
	}
	print_message("wrong password %.1f ms, unknown name %.1f ms\n", wrong / 1e6, unknown / 1e6);
	assert_true(wrong > 20 * 1000000LL); /* a hash was verified, not skipped */
	assert_true(unknown * 2 > wrong && wrong * 2 > unknown);
}

static void
test_throttle_by_name(void **state)
{
	struct account a;
	int retry = -1;

	(void)state;
	assert_int_equal(account_add(u.s, "chu-tich", ROLE_LEADER, GOOD), 0);
	for (int i = 0; i < LOGIN_FAILURES_MAX; i++)
		assert_int_equal(account_login(u.s, "chu-tich", "sai", "10.0.0.1", T0 + i * SEC, &a, &retry),
		                 1);
	/* The sixth try is refused, the right password too, from any address:
	 * 60 s from the fifth failure (at T0 + 4 s). */
	assert_int_equal(account_login(u.s, "chu-tich", GOOD, "10.0.0.9", T0 + 5 * SEC, &a, &retry), 2);
	assert_int_equal(retry, 59);
	assert_int_equal(account_login(u.s, "CHU-TICH", GOOD, NULL, T0 + 63 * SEC + 500, &a, &retry), 2);
	assert_int_equal(retry, 1);
	/* A refused try is no failure: once the back-off passed, one more
	 * wrong try doubles it (120 s). */
	assert_int_equal(account_login(u.s, "chu-tich", "sai", NULL, T0 + 64 * SEC, &a, &retry), 1);
	assert_int_equal(account_login(u.s, "chu-tich", GOOD, NULL, T0 + 65 * SEC, &a, &retry), 2);
	assert_int_equal(retry, 119);
	/* The right password after the back-off: in, and the failures gone. */
	assert_int_equal(account_login(u.s, "chu-tich", GOOD, NULL, T0 + 184 * SEC, &a, &retry), 0);
	assert_int_equal(account_login(u.s, "chu-tich", "sai", NULL, T0 + 185 * SEC, &a, &retry), 1);
	assert_int_equal(account_login(u.s, "chu-tich", GOOD, NULL, T0 + 186 * SEC, &a, &retry), 0);
}

static void
test_throttle_cap_and_window(void **state)
{
	struct account a;
	int retry = -1;
	int64_t t = T0;

	(void)state;
	assert_int_equal(account_add(u.s, "chu-tich", ROLE_LEADER, GOOD), 0);
	/* Failures more than the window apart never add up to a back-off. */
	for (int i = 0; i < 12; i++, t += 16 * MIN)
		assert_int_equal(account_login(u.s, "chu-tich", "sai", NULL, t, &a, &retry), 1);
	assert_int_equal(account_login(u.s, "chu-tich", GOOD, NULL, t, &a, &retry), 0);
	/* Back to back, each waiting out its back-off: 60, 120, 240, 480,
	 * then 900 s at most. */
	for (int i = 0; i < LOGIN_FAILURES_MAX; i++)
		assert_int_equal(account_login(u.s, "chu-tich", "sai", NULL, t += SEC, &a, &retry), 1);
	for (int k = 0, expect = 60; k<6; k++, expect = expect * 2> 900 ? 900 : expect * 2) {
		assert_int_equal(account_login(u.s, "chu-tich", "sai", NULL, t, &a, &retry), 2);
		assert_int_equal(retry, expect);
		t += expect * SEC;
		assert_int_equal(account_login(u.s, "chu-tich", "sai", NULL, t, &a, &retry), 1);
	}
	assert_int_equal(account_login(u.s, "chu-tich", GOOD, NULL, t, &a, &retry), 2);
	assert_int_equal(retry, 900);
	/* Guessing at the cap's pace keeps the cap: four tries an hour. */
	for (int k = 0; k < 4; k++) {
		t += 900 * SEC;
		assert_int_equal(account_login(u.s, "chu-tich", "sai", NULL, t, &a, &retry), 1);
		assert_int_equal(account_login(u.s, "chu-tich", GOOD, NULL, t + 899 * SEC, &a, &retry), 2);
		assert_int_equal(retry, 1);
	}
	/* Quiet for longer than the window, the run is over. */
	assert_int_equal(account_login(u.s, "chu-tich", GOOD, NULL, t + 15 * MIN + 1, &a, &retry), 0);
}

static void
test_throttle_by_address(void **state)
{
	struct account a;
	int retry = -1;
	char name[32];

	(void)state;
	assert_int_equal(account_add(u.s, "chu-tich", ROLE_LEADER, GOOD), 0);
	/* One address tries five names. */
	for (int i = 0; i < LOGIN_FAILURES_MAX; i++) {
		snprintf(name, sizeof name, "doan-%d", i);
		assert_int_equal(
		    account_login(u.s, name, "sai mật khẩu", "192.0.2.7", T0 + i * SEC, &a, &retry), 1);
	}
	/* From it, even the right name and password wait... */
	assert_int_equal(account_login(u.s, "chu-tich", GOOD, "192.0.2.7", T0 + 10 * SEC, &a, &retry), 2);
	assert_int_equal(retry, 54);
	/* ...while from another address that name logs in. */
	assert_int_equal(account_login(u.s, "chu-tich", GOOD, "192.0.2.8", T0 + 10 * SEC, &a, &retry), 0);
	/* A success clears the name's failures, not the address's. */
	assert_int_equal(account_login(u.s, "chu-tich", GOOD, "192.0.2.7", T0 + 11 * SEC, &a, &retry), 2);
	assert_int_equal(account_login(u.s, "chu-tich", GOOD, "192.0.2.7", T0 + 64 * SEC, &a, &retry), 0);
}

static void
test_sessions(void **state)
{
	struct account a, b;
	struct session se, got, other;
	char sql[256];
	int retry;

	(void)state;
	assert_int_equal(account_add(u.s, "chu-tich", ROLE_LEADER, GOOD), 0);
	assert_int_equal(account_add(u.s, "can-bo", ROLE_OFFICER, "một câu dài dễ nhớ"), 0);
	assert_int_equal(account_login(u.s, "chu-tich", GOOD, "10.0.0.2", T0, &a, &retry), 0);
	assert_int_equal(session_create(u.s, &a, "10.0.0.2", T0, &se), 0);
	assert_int_equal(strlen(se.token), SESSION_TOKEN_LEN);
	assert_int_equal(strlen(se.csrf), SESSION_TOKEN_LEN);
	assert_int_equal(strspn(se.token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
	                 SESSION_TOKEN_LEN);
	assert_string_not_equal(se.token, se.csrf);
	assert_string_equal(se.user, "chu-tich");
	assert_int_equal(se.role, ROLE_LEADER);
	/* The store has the token's SHA-256, never the token. */
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM session WHERE instr(token_sha256, '%s') OR csrf = '%s'", se.token,
	         se.token);
	assert_int_equal(raw_int(sql), 0);
	assert_int_equal(raw_int("SELECT count(*) FROM session WHERE length(token_sha256) = 64"), 1);

	assert_int_equal(session_lookup(u.s, se.token, T0 + 59 * SEC, &got), 1);
	assert_string_equal(got.csrf, se.csrf);
	assert_string_equal(got.token, se.token);
	assert_string_equal(got.user, "chu-tich");
	assert_int_equal(got.seen_ms, T0); /* not written within the minute */
	assert_int_equal(session_lookup(u.s, se.token, T0 + 25 * MIN, &got), 1);
	assert_int_equal(got.seen_ms, T0 + 25 * MIN);
	/* Idle since the last request for 30 minutes: gone. */
	assert_int_equal(session_lookup(u.s, se.token, T0 + 54 * MIN, &got), 1);
	assert_int_equal(session_lookup(u.s, se.token, T0 + 84 * MIN, &got), 0);
	assert_int_equal(session_lookup(u.s, se.token, T0 + 54 * MIN, &got), 0); /* dropped, not just idle */

	/* At most 12 hours, however busy. */
	assert_int_equal(session_create(u.s, &a, "10.0.0.2", T0, &se), 0);
	int64_t t = T0;
	for (; t < T0 + SESSION_MAX_MS - 20 * MIN; t += 20 * MIN)
		assert_int_equal(session_lookup(u.s, se.token, t, &got), 1);
	assert_int_equal(session_lookup(u.s, se.token, T0 + SESSION_MAX_MS, &got), 0);

	/* Logging out; tokens that are not tokens. */
	assert_int_equal(session_create(u.s, &a, "10.0.0.2", T0, &se), 0);
	assert_int_equal(session_drop(u.s, se.token), 0);
	assert_int_equal(session_lookup(u.s, se.token, T0, &got), 0);
	assert_int_equal(session_drop(u.s, se.token), 0);
	assert_int_equal(session_lookup(u.s, NULL, T0, &got), 0);
	assert_int_equal(session_lookup(u.s, "", T0, &got), 0);
	assert_int_equal(session_lookup(u.s, "' OR 1=1 --", T0, &got), 0);
	assert_int_equal(session_lookup(u.s, se.csrf, T0, &got), 0);

	/* A role changed applies to the open session at once. */
	assert_int_equal(account_login(u.s, "can-bo", "một câu dài dễ nhớ", NULL, T0, &b, &retry), 0);
	assert_int_equal(session_create(u.s, &b, "10.0.0.3", T0, &other), 0);
	assert_int_equal(account_set_role(u.s, "can-bo", ROLE_VIEWER), 0);
	assert_int_equal(session_lookup(u.s, other.token, T0 + MIN, &got), 1);
	assert_int_equal(got.role, ROLE_VIEWER);
	/* A new password ends the account's sessions, not others'. */
	assert_int_equal(session_create(u.s, &a, "10.0.0.2", T0, &se), 0);
	assert_int_equal(account_passwd(u.s, "can-bo", "mật khẩu mới đủ dài"), 0);
	assert_int_equal(session_lookup(u.s, other.token, T0 + MIN, &got), 0);
	assert_int_equal(session_lookup(u.s, se.token, T0 + MIN, &got), 1);
	assert_int_equal(account_login(u.s, "can-bo", "một câu dài dễ nhớ", NULL, T0, &b, &retry), 1);
	assert_int_equal(account_login(u.s, "can-bo", "mật khẩu mới đủ dài", NULL, T0, &b, &retry), 0);
	/* Removing an account ends its sessions. */
	assert_int_equal(session_create(u.s, &b, "10.0.0.3", T0, &other), 0);
	assert_int_equal(account_remove(u.s, "can-bo"), 0);
	assert_int_equal(session_lookup(u.s, other.token, T0 + MIN, &got), 0);
}

static void
test_csrf(void **state)
{
	struct session se;
	char copy[SESSION_TOKEN_LEN + 2];

	(void)state;
	memset(&se, 0, sizeof se);
	assert_int_equal(csrf_check(&se, ""), 0); /* a session without a token matches nothing */
	snprintf(se.csrf, sizeof se.csrf, "%s", "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde");
	assert_int_equal(strlen(se.csrf), SESSION_TOKEN_LEN);
	snprintf(copy, sizeof copy, "%s", se.csrf);
	assert_int_equal(csrf_check(&se, copy), 1);
	copy[SESSION_TOKEN_LEN - 1] = 'f';
	assert_int_equal(csrf_check(&se, copy), 0);
	copy[SESSION_TOKEN_LEN - 1] = '\0';
	assert_int_equal(csrf_check(&se, copy), 0); /* a prefix */
	snprintf(copy, sizeof copy, "%sx", se.csrf);
	assert_int_equal(csrf_check(&se, copy), 0); /* longer */
	assert_int_equal(csrf_check(&se, NULL), 0);
	assert_int_equal(csrf_check(&se, ""), 0);
}

static void
test_last_leader(void **state)
{
	(void)state;
	assert_int_equal(account_add(u.s, "chu-tich", ROLE_LEADER, GOOD), 0);
	assert_int_equal(account_add(u.s, "pho-chu-tich", ROLE_OFFICER, GOOD), 0);
	assert_int_equal(account_remove(u.s, "chu-tich"), -1);
	assert_int_equal(lg.kind, ERR_IN_USE);
	assert_non_null(strstr(lg.text, "last leader"));
	assert_int_equal(account_set_role(u.s, "chu-tich", ROLE_OFFICER), -1);
	/* The schema holds the rule too, against any other path. */
	assert_int_equal(raw("DELETE FROM account WHERE name = 'chu-tich'"), SQLITE_CONSTRAINT);
	assert_int_equal(raw("UPDATE account SET role = 'viewer' WHERE name = 'chu-tich'"),
	                 SQLITE_CONSTRAINT);
	/* With a second leader, the first may go. */
	assert_int_equal(account_set_role(u.s, "pho-chu-tich", ROLE_LEADER), 0);
	assert_int_equal(account_remove(u.s, "chu-tich"), 0);
	assert_int_equal(account_remove(u.s, "chu-tich"), -1);
	assert_int_equal(lg.kind, ERR_NOT_FOUND);
	assert_int_equal(account_passwd(u.s, "khong-co", GOOD), -1);
	assert_int_equal(lg.kind, ERR_NOT_FOUND);
}

static int64_t now_ms;

static int64_t
fixed_ms(void *ctx)
{
	(void)ctx;
	return now_ms;
}

struct seen {
	int n;
	char actions[8][32];
	int stop_after;
};

static int
collect(void *ctx, const struct audit_entry *e)
{
	struct seen *s = ctx;

	if (s->n < 8)
		snprintf(s->actions[s->n], sizeof s->actions[0], "%s", e->action);
	s->n++;
	return s->stop_after && s->n >= s->stop_after;
}

static int
check_first(void *ctx, const struct audit_entry *e)
{
	(void)ctx;
	assert_true(e->id > 0);
	assert_int_equal(e->at_ms, T0);
	assert_string_equal(e->user, "chu-tich");
	assert_string_equal(e->addr, "10.0.0.2");
	assert_string_equal(e->object, "12");
	assert_string_equal(e->before, "{\"title\": \"Tin <b>sáng</b>\"}");
	assert_string_equal(e->after, "{\"title\": \"Tin sáng\"}");
	return 1;
}

static void
test_audit(void **state)
{
	struct clock_ops ops = *clock_real();
	struct seen s;

	(void)state;
	ops.wall_ms = fixed_ms;
	clock_use(&ops);
	now_ms = T0;
	assert_int_equal(audit_write(u.s, "chu-tich", "10.0.0.2", "clip.edit", "12",
	                             "{\"title\": \"Tin <b>sáng</b>\"}", "{\"title\": \"Tin sáng\"}"),
	                 0);
	now_ms = T0 + MIN;
	assert_int_equal(audit_write(u.s, "can-bo", "10.0.0.3", "clip.rm", "13", "{\"id\": 13}", NULL), 0);
	now_ms = T0 + 2 * MIN;
	assert_int_equal(audit_write(u.s, "root", "local", "user.add", "an", NULL, "{\"name\": \"an\"}"), 0);
	clock_use(NULL);

	assert_int_equal(audit_each(u.s, 0, 0, check_first, NULL), 0);
	memset(&s, 0, sizeof s);
	assert_int_equal(audit_each(u.s, 0, 0, collect, &s), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.actions[0], "clip.edit");
	assert_string_equal(s.actions[2], "user.add");
	memset(&s, 0, sizeof s);
	assert_int_equal(audit_each(u.s, T0 + MIN, T0 + 2 * MIN, collect, &s), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.actions[0], "clip.rm");
	memset(&s, 0, sizeof s);
	assert_int_equal(audit_each(u.s, T0 + 1, 0, collect, &s), 0);
	assert_int_equal(s.n, 2);
	memset(&s, 0, sizeof s);
	assert_int_equal(audit_each(u.s, 0, T0 + MIN, collect, &s), 0);
	assert_int_equal(s.n, 1);
	memset(&s, 0, sizeof s);
	s.stop_after = 2;
	assert_int_equal(audit_each(u.s, 0, 0, collect, &s), 0);
	assert_int_equal(s.n, 2);

	/* Append-only: SQL that changes or removes an entry is refused. */
	assert_int_equal(raw("UPDATE audit SET user = 'someone else' WHERE id = 1"), SQLITE_CONSTRAINT);
	assert_int_equal(raw("UPDATE audit SET after_json = NULL"), SQLITE_CONSTRAINT);
	assert_int_equal(raw("DELETE FROM audit WHERE action = 'clip.rm'"), SQLITE_CONSTRAINT);
	assert_int_equal(
	    raw("INSERT INTO audit (at_ms, user, addr, action, object) VALUES (1, 'x', 'y', 'z', 'w')"),
	    SQLITE_OK);
	memset(&s, 0, sizeof s);
	assert_int_equal(audit_each(u.s, 0, 0, collect, &s), 0);
	assert_int_equal(s.n, 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_roles),
	    cmocka_unit_test_setup_teardown(test_add_and_rules, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_login, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_login_same_time, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_throttle_by_name, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_throttle_cap_and_window, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_throttle_by_address, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sessions, setup, teardown),
	    cmocka_unit_test(test_csrf),
	    cmocka_unit_test_setup_teardown(test_last_leader, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_audit, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
