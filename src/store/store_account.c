/*
 * store_account.c — accounts, sessions, login failures and the audit
 * trail (schema step 10), and every query on them.
 *
 * Key decisions. The rules that matter most are also the schema's, so no
 * path through the code can break them: triggers keep the station's last
 * leader (it cannot be removed or given another role) and make the audit
 * trail append-only (no UPDATE, no DELETE of an entry; someone who can
 * write the database file can still drop a trigger, which is why the
 * trail's evidence is also the airing log's chain for what went on air).
 * A session row holds the SHA-256 of its token, never the token, and goes
 * with its account (ON DELETE CASCADE). Login failures are rows with a
 * time, so the throttle needs no timer; those older than a day are
 * forgotten whenever a new one is written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/account.h"
#include "loa/account_store.h"
#include "loa/clock.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "store/store_internal.h"

const char store_schema_v10[] =
    "CREATE TABLE account (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL,\n"
    "  key TEXT NOT NULL UNIQUE,\n" /* utf8_key(name) */
    "  role TEXT NOT NULL CHECK (role IN ('viewer', 'officer', 'leader')),\n"
    "  hash TEXT NOT NULL,\n" /* Argon2id, crypto_pwhash_str's string */
    "  created_ms INTEGER NOT NULL,\n"
    "  last_login_ms INTEGER\n" /* NULL: never */
    ");\n"
    "CREATE TRIGGER account_last_leader_delete BEFORE DELETE ON account\n"
    "WHEN OLD.role = 'leader' AND (SELECT count(*) FROM account WHERE role = 'leader') = 1\n"
    "BEGIN SELECT RAISE(ABORT, 'the station''s last leader cannot be removed'); END;\n"
    "CREATE TRIGGER account_last_leader_role BEFORE UPDATE OF role ON account\n"
    "WHEN OLD.role = 'leader' AND NEW.role <> 'leader'\n"
    " AND (SELECT count(*) FROM account WHERE role = 'leader') = 1\n"
    "BEGIN SELECT RAISE(ABORT, 'the station''s last leader must stay a leader'); END;\n"
    "CREATE TABLE session (\n"
    "  token_sha256 TEXT PRIMARY KEY,\n"
    "  account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,\n"
    "  csrf TEXT NOT NULL,\n"
    "  addr TEXT NOT NULL,\n"
    "  created_ms INTEGER NOT NULL,\n"
    "  seen_ms INTEGER NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX session_by_account ON session (account_id);\n"
    "CREATE TABLE login_failure (\n"
    "  key TEXT NOT NULL,\n" /* utf8_key of the name tried */
    "  addr TEXT,\n"
    "  at_ms INTEGER NOT NULL\n"
    ");\n"
    "CREATE INDEX login_failure_by_key ON login_failure (key, at_ms);\n"
    "CREATE INDEX login_failure_by_addr ON login_failure (addr, at_ms);\n"
    "CREATE TABLE audit (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  at_ms INTEGER NOT NULL,\n"
    "  user TEXT NOT NULL,\n"
    "  addr TEXT NOT NULL,\n"
    "  action TEXT NOT NULL,\n"
    "  object TEXT NOT NULL,\n"
    "  before_json TEXT,\n"
    "  after_json TEXT\n"
    ");\n"
    "CREATE INDEX audit_by_time ON audit (at_ms);\n"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\n"
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;\n"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit\n"
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;\n";

static const char *const role_names[] = {"viewer", "officer", "leader"};

static enum role
role_of(const char *s)
{
	for (int r = 0; r < 3; r++)
		if (strcmp(s, role_names[r]) == 0)
			return (enum role)r;
	return ROLE_VIEWER; /* the CHECK keeps others out; the least is the safe guess */
}

/* Steps q once, expecting no row: 0, or -1 reported with what. */
static int
done(struct store *s, sqlite3_stmt *q, const char *what)
{
	return sqlite3_step(q) == SQLITE_DONE ? 0 : store_error(s, what);
}

static void
account_of(sqlite3_stmt *q, int i, struct account *a)
{
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(q, i);
	snprintf(a->name, sizeof a->name, "%s", store_col_text(q, i + 1));
	a->role = role_of(store_col_text(q, i + 2));
	a->created_ms = sqlite3_column_int64(q, i + 3);
	a->last_login_ms = sqlite3_column_int64(q, i + 4);
}

int
store_account_insert(struct store *s, const char *name, const char *key, enum role role, const char *hash,
                     int64_t now_ms, int64_t *id)
{
	sqlite3_stmt *q = store_cached(s, "INSERT INTO account (name, key, role, hash, created_ms) "
	                                  "VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING");

	if (!q)
		return -1;
	store_bind_text(q, 1, name);
	store_bind_text(q, 2, key);
	store_bind_text(q, 3, role_names[role]);
	store_bind_text(q, 4, hash);
	sqlite3_bind_int64(q, 5, now_ms);
	if (done(s, q, _("cannot add the user")) != 0)
		return -1;
	if (sqlite3_changes(s->db) == 0)
		return 1;
	if (id)
		*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
store_account_find(struct store *s, const char *key, struct account *out, char hash[SECRET_HASH_MAX])
{
	sqlite3_stmt *q = store_cached(s, "SELECT id, name, role, created_ms, last_login_ms, hash "
	                                  "FROM account WHERE key = ?");
	int rc;

	if (!q)
		return -1;
	store_bind_text(q, 1, key);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		account_of(q, 0, out);
		if (hash)
			snprintf(hash, SECRET_HASH_MAX, "%s", store_col_text(q, 5));
	}
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return 1;
	return store_error(s, _("cannot read the users"));
}

int
store_account_all(struct store *s, struct account **v, size_t *n)
{
	sqlite3_stmt *q = store_prepare(s, "SELECT id, name, role, created_ms, last_login_ms FROM account "
	                                   "ORDER BY key, id");
	struct account *all = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*v = NULL;
	*n = 0;
	if (!q)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (len == cap) {
			struct account *more = realloc(all, (cap = cap ? 2 * cap : 8) * sizeof *all);
			if (!more) {
				free(all);
				sqlite3_finalize(q);
				return error(_("out of memory"));
			}
			all = more;
		}
		account_of(q, 0, &all[len++]);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		free(all);
		return store_error(s, _("cannot read the users"));
	}
	*v = all;
	*n = len;
	return 0;
}

int
store_account_set_hash(struct store *s, int64_t id, const char *hash)
{
	sqlite3_stmt *q;

	/* A savepoint is a transaction of its own outside one, and nests
	 * inside the caller's. */
	if (store_exec(s, "SAVEPOINT account_hash") != 0)
		return -1;
	if (!(q = store_cached(s, "UPDATE account SET hash = ? WHERE id = ?")))
		goto fail;
	store_bind_text(q, 1, hash);
	sqlite3_bind_int64(q, 2, id);
	if (done(s, q, _("cannot change the password")) != 0)
		goto fail;
	if (!(q = store_cached(s, "DELETE FROM session WHERE account_id = ?")))
		goto fail;
	sqlite3_bind_int64(q, 1, id);
	if (done(s, q, _("cannot end the user's sessions")) != 0)
		goto fail;
	return store_exec(s, "RELEASE account_hash");
fail:
	store_exec(s, "ROLLBACK TO account_hash");
	store_exec(s, "RELEASE account_hash");
	return -1;
}

/* Runs sql (?1 the account, ?2 the role when not NULL) unless it would
 * leave no leader: 0, 1 refused, -1. The guard is in sql's WHERE, the
 * schema's triggers back it. */
static int
guarded(struct store *s, const char *sql, int64_t id, const char *role, const char *what)
{
	sqlite3_stmt *q = store_cached(s, sql);

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	if (role)
		store_bind_text(q, 2, role);
	if (done(s, q, what) != 0)
		return -1;
	return sqlite3_changes(s->db) ? 0 : 1;
}

int
store_account_set_role(struct store *s, int64_t id, enum role role)
{
	static const char sql[] =
	    "UPDATE account SET role = ?2 WHERE id = ?1 AND NOT (role = 'leader' "
	    "AND ?2 <> 'leader' AND (SELECT count(*) FROM account WHERE role = 'leader') <= 1)";

	return guarded(s, sql, id, role_names[role], _("cannot change the user's role"));
}

int
store_account_delete(struct store *s, int64_t id)
{
	static const char sql[] = "DELETE FROM account WHERE id = ?1 AND NOT (role = 'leader' "
	                          "AND (SELECT count(*) FROM account WHERE role = 'leader') <= 1)";

	return guarded(s, sql, id, NULL, _("cannot remove the user"));
}

int
store_account_logged_in(struct store *s, int64_t id, int64_t now_ms)
{
	sqlite3_stmt *q = store_cached(s, "UPDATE account SET last_login_ms = ? WHERE id = ?");

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, now_ms);
	sqlite3_bind_int64(q, 2, id);
	return done(s, q, _("cannot record the login"));
}

int
store_login_failures(struct store *s, const char *key, const char *addr, int64_t since_ms, int64_t *v,
                     int max, int *n)
{
	sqlite3_stmt *q =
	    key ? store_cached(s, "SELECT at_ms FROM login_failure WHERE key = ? AND at_ms >= ? "
	                          "ORDER BY at_ms DESC LIMIT ?")
	        : store_cached(s, "SELECT at_ms FROM login_failure WHERE addr = ? AND at_ms >= ? "
	                          "ORDER BY at_ms DESC LIMIT ?");
	int rc;

	*n = 0;
	if (!q)
		return -1;
	store_bind_text(q, 1, key ? key : addr);
	sqlite3_bind_int64(q, 2, since_ms);
	sqlite3_bind_int(q, 3, max);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW && *n < max)
		v[(*n)++] = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : store_error(s, _("cannot read the failed logins"));
}

int
store_login_failure_add(struct store *s, const char *key, const char *addr, int64_t now_ms, int64_t forget_ms)
{
	sqlite3_stmt *q = store_cached(s, "DELETE FROM login_failure WHERE at_ms < ?");

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, forget_ms);
	if (done(s, q, _("cannot record the failed login")) != 0)
		return -1;
	if (!(q = store_cached(s, "INSERT INTO login_failure (key, addr, at_ms) VALUES (?, ?, ?)")))
		return -1;
	store_bind_text(q, 1, key);
	store_bind_text(q, 2, addr);
	sqlite3_bind_int64(q, 3, now_ms);
	return done(s, q, _("cannot record the failed login"));
}

int
store_login_failures_clear(struct store *s, const char *key)
{
	sqlite3_stmt *q = store_cached(s, "DELETE FROM login_failure WHERE key = ?");

	if (!q)
		return -1;
	store_bind_text(q, 1, key);
	return done(s, q, _("cannot record the login"));
}

int
store_session_insert(struct store *s, const char *token_hash, int64_t account_id, const char *csrf,
                     const char *addr, int64_t now_ms)
{
	sqlite3_stmt *q = store_cached(s, "INSERT INTO session (token_sha256, account_id, csrf, addr, "
	                                  "created_ms, seen_ms) VALUES (?, ?, ?, ?, ?, ?)");

	if (!q)
		return -1;
	store_bind_text(q, 1, token_hash);
	sqlite3_bind_int64(q, 2, account_id);
	store_bind_text(q, 3, csrf);
	store_bind_text(q, 4, addr ? addr : "");
	sqlite3_bind_int64(q, 5, now_ms);
	sqlite3_bind_int64(q, 6, now_ms);
	return done(s, q, _("cannot open the session"));
}

int
store_session_find(struct store *s, const char *token_hash, struct session *out)
{
	sqlite3_stmt *q =
	    store_cached(s, "SELECT s.account_id, a.name, a.role, s.csrf, s.created_ms, s.seen_ms "
	                    "FROM session s JOIN account a ON a.id = s.account_id "
	                    "WHERE s.token_sha256 = ?");
	int rc;

	memset(out, 0, sizeof *out);
	if (!q)
		return -1;
	store_bind_text(q, 1, token_hash);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		out->account_id = sqlite3_column_int64(q, 0);
		snprintf(out->user, sizeof out->user, "%s", store_col_text(q, 1));
		out->role = role_of(store_col_text(q, 2));
		snprintf(out->csrf, sizeof out->csrf, "%s", store_col_text(q, 3));
		out->created_ms = sqlite3_column_int64(q, 4);
		out->seen_ms = sqlite3_column_int64(q, 5);
	}
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return 1;
	return store_error(s, _("cannot read the session"));
}

int
store_session_seen(struct store *s, const char *token_hash, int64_t now_ms)
{
	sqlite3_stmt *q = store_cached(s, "UPDATE session SET seen_ms = ? WHERE token_sha256 = ?");
	int before = sqlite3_total_changes(s->db), rc;

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, now_ms);
	store_bind_text(q, 2, token_hash);
	rc = done(s, q, _("cannot record the session's request"));
	/* A request's time is no change of the station's (store_change_token);
	 * inside a transaction, its end decides (store_rollback). */
	if (sqlite3_get_autocommit(s->db))
		s->quiet += sqlite3_total_changes(s->db) - before;
	return rc;
}

int
store_session_delete(struct store *s, const char *token_hash)
{
	sqlite3_stmt *q = store_cached(s, "DELETE FROM session WHERE token_sha256 = ?");

	if (!q)
		return -1;
	store_bind_text(q, 1, token_hash);
	return done(s, q, _("cannot end the session"));
}

int
store_session_prune(struct store *s, int64_t seen_before, int64_t created_before)
{
	sqlite3_stmt *q = store_cached(s, "DELETE FROM session WHERE seen_ms < ? OR created_ms < ?");

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, seen_before);
	sqlite3_bind_int64(q, 2, created_before);
	return done(s, q, _("cannot end the expired sessions"));
}

int
audit_write(struct store *s, const char *user, const char *addr, const char *action, const char *object,
            const char *before_json, const char *after_json)
{
	sqlite3_stmt *q =
	    store_cached(s, "INSERT INTO audit (at_ms, user, addr, action, object, before_json, "
	                    "after_json) VALUES (?, ?, ?, ?, ?, ?, ?)");

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, clock_wall_ms());
	store_bind_text(q, 2, user ? user : "");
	store_bind_text(q, 3, addr ? addr : "");
	store_bind_text(q, 4, action ? action : "");
	store_bind_text(q, 5, object ? object : "");
	store_bind_text(q, 6, before_json);
	store_bind_text(q, 7, after_json);
	return done(s, q, _("cannot write the audit trail"));
}

int
audit_each(struct store *s, int64_t from_ms, int64_t to_ms, int (*fn)(void *ctx, const struct audit_entry *e),
           void *ctx)
{
	/* Prepared for this walk alone, so fn may use the store meanwhile. */
	sqlite3_stmt *q =
	    store_prepare(s, "SELECT id, at_ms, user, addr, action, object, before_json, after_json "
	                     "FROM audit WHERE (?1 = 0 OR at_ms >= ?1) AND (?2 = 0 OR at_ms < ?2) "
	                     "ORDER BY at_ms, id");
	struct audit_entry e;
	int rc;

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, from_ms);
	sqlite3_bind_int64(q, 2, to_ms);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		e.id = sqlite3_column_int64(q, 0);
		e.at_ms = sqlite3_column_int64(q, 1);
		e.user = store_col_text(q, 2);
		e.addr = store_col_text(q, 3);
		e.action = store_col_text(q, 4);
		e.object = store_col_text(q, 5);
		e.before = sqlite3_column_type(q, 6) == SQLITE_NULL ? NULL : store_col_text(q, 6);
		e.after = sqlite3_column_type(q, 7) == SQLITE_NULL ? NULL : store_col_text(q, 7);
		if (fn(ctx, &e) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_error(s, _("cannot read the audit trail"));
}
