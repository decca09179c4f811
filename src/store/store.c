/*
 * store.c — opening a station, its schema steps, and transactions.
 *
 * Key decision: a station is one SQLite file marked with application_id
 * 'loa!' and versioned with user_version. Opening never creates a file by
 * accident (SQLITE_OPEN_CREATE only for loa init), refuses a file that is
 * not a station or was written by a newer loa, and upgrades an older schema
 * inside one transaction, so an interrupted upgrade leaves the old schema.
 * Domains add their tables as new numbered steps; steps are never edited
 * once released, because stations in the field have already run them.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loa/i18n.h"
#include "loa/log.h"
#include "store/store_internal.h"

#define LOA_APPLICATION_ID 0x6c6f6121 /* "loa!" */

const char store_schema_v1[] = "CREATE TABLE station (\n"
                               "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
                               "  name TEXT NOT NULL,\n"
                               "  tz TEXT NOT NULL,\n"
                               "  target_lufs REAL NOT NULL DEFAULT -16,\n"
                               "  library TEXT NOT NULL DEFAULT 'clips',\n"
                               "  created_ms INTEGER NOT NULL\n"
                               ");\n";

/* Every schema step, oldest first. Append only. */
static const struct store_migration migrations[] = {
    {1, store_schema_v1, NULL},   {2, store_schema_v2, NULL},   {3, store_schema_v3, NULL},
    {4, store_schema_v4, NULL},   {5, store_schema_v5, NULL},   {6, store_schema_v6, store_topic_upgrade},
    {7, store_schema_v7, NULL},   {8, store_schema_v8, NULL},   {9, store_schema_v9, NULL},
    {10, store_schema_v10, NULL}, {11, store_schema_v11, NULL}, {12, store_schema_v12, NULL},
    {13, store_schema_v13, NULL}, {14, store_schema_v14, NULL}, {15, store_schema_v15, NULL},
};
#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

int
store_schema_version(void)
{
	return migrations[NMIGRATIONS - 1].version;
}

/* After a failed call: the faults an unattended PC meets, and what to do
 * about each, as a hint (nothing for the other errors). */
static void
store_hint(struct store *s)
{
	int code = sqlite3_errcode(s->db) & 0xff;

	if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
		hint(_("the station's database is damaged; stop loa, keep a copy of this file and restore "
		       "the station from a backup"));
	else if (code == SQLITE_FULL)
		hint(_("the disk is full; free some space, then try again (nothing was changed)"));
	else if (code == SQLITE_IOERR)
		hint(_("the disk failed to read or write; check it (dmesg), then try again"));
}

int
store_error(struct store *s, const char *what)
{
	error(_("%s: %s: database '%s'"), what, sqlite3_errmsg(s->db), s->path);
	store_hint(s);
	return -1;
}

sqlite3_stmt *
store_prepare(struct store *s, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		store_error(s, _("cannot prepare a query"));
		return NULL;
	}
	return st;
}

int
store_exec(struct store *s, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		error(_("database error: %s: '%s'"), msg ? msg : "?", s->path);
		store_hint(s);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int
store_bind_text(sqlite3_stmt *st, int i, const char *t)
{
	return t ? sqlite3_bind_text(st, i, t, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

sqlite3_stmt *
store_cached(struct store *s, const char *sql)
{
	int i;

	for (i = 0; i < STORE_NCACHED && s->cached[i].sql; i++)
		if (s->cached[i].sql == sql) {
			sqlite3_reset(s->cached[i].st);
			sqlite3_clear_bindings(s->cached[i].st);
			return s->cached[i].st;
		}
	if (i == STORE_NCACHED) {
		error(_("internal error: more than %d cached queries: database '%s'"), STORE_NCACHED,
		      s->path);
		return NULL;
	}
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->cached[i].st, NULL) !=
	    SQLITE_OK) {
		store_error(s, _("cannot prepare a query"));
		sqlite3_finalize(s->cached[i].st);
		s->cached[i].st = NULL;
		return NULL;
	}
	s->cached[i].sql = sql;
	return s->cached[i].st;
}

const char *
store_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : "";
}

static int64_t
pragma_int(struct store *s, const char *pragma)
{
	char sql[64];
	sqlite3_stmt *st;
	int64_t v = -1;

	snprintf(sql, sizeof sql, "PRAGMA %s", pragma);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
store_begin(struct store *s)
{
	s->begun = sqlite3_total_changes(s->db);
	return store_exec(s, "BEGIN IMMEDIATE");
}

int
store_commit(struct store *s)
{
	s->begun = -1;
	return store_exec(s, "COMMIT");
}

void
store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db)) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		/* What was undone changed nothing (a dry run's slots, a refused
		 * import): store_change_token must not move for it. */
		if (s->begun >= 0)
			s->quiet += sqlite3_total_changes(s->db) - s->begun;
	}
	s->begun = -1;
}

void
store_unmap(struct store *s)
{
	/* SQLite unmaps when the limit goes down; the walks raise it again. */
	sqlite3_exec(s->db, "PRAGMA mmap_size = 0", NULL, NULL, NULL);
}

int
store_read_begin(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		return 0;
	s->begun = sqlite3_total_changes(s->db);
	return store_exec(s, "BEGIN DEFERRED") == 0 ? 1 : -1;
}

void
store_read_end(struct store *s, int began)
{
	if (began == 1 && !sqlite3_get_autocommit(s->db)) {
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
		s->begun = -1;
	}
}

int
store_settle(struct store *s)
{
	int n = 0;

	for (sqlite3_stmt *st = sqlite3_next_stmt(s->db, NULL); st; st = sqlite3_next_stmt(s->db, st))
		if (sqlite3_stmt_busy(st)) {
			log_warnx(_("internal error: a query was left open: %s"), sqlite3_sql(st));
			sqlite3_reset(st);
			n++;
		}
	if (!sqlite3_get_autocommit(s->db)) {
		log_warnx("%s", _("internal error: a transaction was left open"));
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		n++;
	}
	return n;
}

const char *
store_db_path(const struct store *s)
{
	return s->path;
}

int
store_readonly(const struct store *s)
{
	return s->readonly || sqlite3_db_readonly(s->db, "main") == 1;
}

int
store_unwritable(const char *db, char *buf, size_t n)
{
	static const char *const suffix[] = {"", "-wal", "-shm"};
	char path[PATH_MAX], dir[PATH_MAX];
	const char *slash = strrchr(db, '/');
	size_t len = 0;
	int count = 0;

	if (buf && n)
		buf[0] = 0;
	/* SQLite makes -wal and -shm with the database's mode: a chmod of
	 * the database alone leaves them as they were. */
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(path, sizeof path, "%s%s", db, suffix[i]);
		if ((i == 0 || access(path, F_OK) == 0) && access(path, W_OK) != 0) {
			count++;
			if (buf && len < n)
				len += (size_t)snprintf(buf + len, n - len, "%s'%s'", len ? ", " : "", path);
		}
	}
	/* The folder holds the journal, -wal and -shm. */
	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - db) + (slash == db) : 1, slash ? db : ".");
	if (access(dir, W_OK) != 0) {
		count++;
		if (buf && len < n)
			snprintf(buf + len, n - len, "%s'%s/'", len ? ", " : "", dir);
	}
	return count;
}

const char *
store_library_dir(const struct store *s)
{
	return s->library;
}

int64_t
store_data_version(struct store *s)
{
	return pragma_int(s, "data_version");
}

void
store_change_token(struct store *s, char *buf, size_t n)
{
	snprintf(buf, n, "%lld.%lld", (long long)store_data_version(s),
	         (long long)sqlite3_total_changes(s->db) - (long long)s->quiet);
}

int
store_wait_writers(struct store *s)
{
	if (store_readonly(s) || !sqlite3_get_autocommit(s->db))
		return -1;
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return 0;
}

/* Runs the schema steps above the station's version, in one transaction. */
static int
migrate(struct store *s, int from)
{
	char sql[64];

	if (from >= store_schema_version())
		return 0;
	if (s->readonly)
		return error(_("station was made by an older loa and needs an upgrade: '%s'"), s->path),
		       advise(ADVICE_UPGRADE_STATION, NULL), -1;
	if (store_begin(s) != 0)
		return -1;
	for (int i = 0; i < NMIGRATIONS; i++) {
		if (migrations[i].version <= from)
			continue;
		if (store_exec(s, migrations[i].sql) != 0 || (migrations[i].fn && migrations[i].fn(s) != 0))
			goto fail;
	}
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", store_schema_version());
	if (store_exec(s, sql) != 0)
		goto fail;
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d", LOA_APPLICATION_ID);
	if (store_exec(s, sql) != 0 || store_commit(s) != 0)
		goto fail;
	return 0;
fail:
	store_rollback(s);
	return error(_("cannot upgrade the station's database: '%s'"), s->path);
}

/* Sets the library folder from the station row (relative to the db). */
static int
find_library(struct store *s)
{
	char dir[PATH_MAX], lib[PATH_MAX] = "clips";
	const char *slash;
	sqlite3_stmt *st;
	int n;

	if ((st = store_prepare(s, "SELECT library FROM station WHERE id = 1"))) {
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(lib, sizeof lib, "%s", store_col_text(st, 0));
		sqlite3_finalize(st);
	}
	slash = strrchr(s->path, '/');
	if (slash)
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - s->path), s->path);
	else
		snprintf(dir, sizeof dir, ".");
	if (lib[0] == '/')
		s->library = strdup(lib);
	else {
		n = snprintf(NULL, 0, "%s/%s", dir[0] ? dir : "/", lib);
		s->library = malloc(n + 1);
		if (s->library)
			snprintf(s->library, n + 1, "%s/%s", dir[0] ? dir : "/", lib);
	}
	return s->library ? 0 : -1;
}

static int
configure(struct store *s)
{
	sqlite3_busy_timeout(s->db, 10000);
	if (s->readonly)
		return store_exec(s, "PRAGMA foreign_keys = ON");
	/* journal_size_limit: a report held open for minutes keeps the WAL
	 * from being reused, so it grows; once the reader ends and the WAL is
	 * reset, it is cut back to 4 MB, not left at its peak for months. */
	return store_exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
	                     " PRAGMA journal_size_limit = 4194304; PRAGMA foreign_keys = ON");
}

/*
 * A database file shorter than its header says was cut (a copy that did
 * not finish, a disk that filled up under another program). SQLite would
 * read the missing pages as empty and fail only when a query reaches them,
 * or write over the gap; refuse the file at once instead. The header's
 * page count is trusted only when its "valid for" counter matches the
 * change counter, as SQLite does. Returns 0, or -1 (reported).
 */
static int
check_length(const char *path, off_t size)
{
	unsigned char h[100];
	uint32_t page, count;
	FILE *f;

	if (size < 100 || !(f = fopen(path, "rb")))
		return 0; /* too short for a header: SQLite says "not a database" */
	if (fread(h, 1, sizeof h, f) != sizeof h || memcmp(h, "SQLite format 3", 16) != 0) {
		fclose(f);
		return 0;
	}
	fclose(f);
	page = (uint32_t)h[16] << 8 | h[17];
	if (page == 1)
		page = 65536;
	count = (uint32_t)h[28] << 24 | (uint32_t)h[29] << 16 | (uint32_t)h[30] << 8 | h[31];
	if (memcmp(h + 24, h + 92, 4) != 0 || count == 0)
		return 0;
	if ((uint64_t)size < (uint64_t)page * count) {
		error(_("the station's database is cut short (%lld of %llu bytes): '%s'"), (long long)size,
		      (unsigned long long)page * count, path);
		hint(_("the station's database is damaged; stop loa, keep a copy of this file and restore "
		       "the station from a backup"));
		return -1;
	}
	return 0;
}

struct store *
store_open(const char *path, int flags)
{
	struct store *s;
	struct stat sb;
	int64_t appid, version;
	int oflags;

	if (!(flags & STORE_CREATE)) {
		if (stat(path, &sb) != 0) {
			error_errno(_("cannot open station '%s'"), path);
			if (errno == ENOENT)
				advise(ADVICE_CREATE_STATION, NULL);
			return NULL;
		}
		if (S_ISDIR(sb.st_mode)) {
			error(_("cannot open station: '%s' is a folder, not a database file"), path);
			advise(ADVICE_DB_IS_FOLDER, path);
			return NULL;
		}
		/* A FIFO or a device is no database: SQLite would block on it or
		 * read it forever. */
		if (!S_ISREG(sb.st_mode)) {
			error(_("cannot open station: '%s' is not a regular file"), path);
			advise(ADVICE_NAME_DB, NULL);
			return NULL;
		}
		if (check_length(path, sb.st_size) != 0)
			return NULL;
	} else if (access(path, F_OK) == 0) {
		error_at(ERR_EXISTS, NULL, _("a station already exists: '%s'"), path);
		advise(ADVICE_DB_EXISTS, NULL);
		return NULL;
	}
	if (!(s = calloc(1, sizeof *s)) || !(s->path = strdup(path))) {
		free(s);
		error(_("out of memory"));
		return NULL;
	}
	s->readonly = !!(flags & STORE_READONLY);
	oflags = s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (flags & STORE_CREATE)
		oflags |= SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE;
	if (sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		error(_("cannot open station: %s: '%s'"), s->db ? sqlite3_errmsg(s->db) : "?", path);
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	/* Identify the file before configuring it: switching to WAL writes,
	 * and must never touch an empty file or another program's database. */
	sqlite3_busy_timeout(s->db, 10000);
	appid = pragma_int(s, "application_id");
	version = pragma_int(s, "user_version");
	if (appid >= 0 && version >= 0 && ((flags & STORE_CREATE) || appid == LOA_APPLICATION_ID) &&
	    configure(s) != 0) {
		hint(_("check that '%s' is a loa station and that you may write to it and its folder"), path);
		goto fail;
	}
	if (appid < 0 || version < 0) {
		error_at(ERR_STORE, NULL, _("not a loa station (not an SQLite database, or damaged): '%s'"),
		         path);
		advise(ADVICE_DB_NOT_SQLITE, NULL);
		goto fail;
	}
	if (!(flags & STORE_CREATE) && appid != LOA_APPLICATION_ID) {
		error_at(ERR_STORE, NULL, _("not a loa station: '%s'"), path);
		advise(ADVICE_DB_NOT_LOA, NULL);
		goto fail;
	}
	if (version > store_schema_version()) {
		error(_("station was made by a newer loa (schema %lld; this loa knows %d): '%s'"),
		      (long long)version, store_schema_version(), path);
		hint(_("install the newer loa that manages this station"));
		goto fail;
	}
	if (s->readonly && version < store_schema_version()) {
		/* A reader of an older station (a report, an export) upgrades it
		 * first through a writer of its own, when it may write the file;
		 * else the message below says what to do. */
		struct store *w;
		store_close(s);
		if (access(path, W_OK) == 0 && (w = store_open(path, 0))) {
			store_close(w);
			return store_open(path, flags);
		}
		error(_("station was made by an older loa and needs an upgrade: '%s'"), path);
		advise(ADVICE_UPGRADE_STATION, NULL);
		return NULL;
	}
	if (migrate(s, (int)version) != 0 || find_library(s) != 0)
		goto fail;
	return s;
fail:
	store_close(s);
	if (flags & STORE_CREATE)
		unlink(path);
	return NULL;
}

void
store_close(struct store *s)
{
	if (!s)
		return;
	for (int i = 0; i < STORE_NCACHED && s->cached[i].sql; i++)
		sqlite3_finalize(s->cached[i].st);
	sqlite3_close_v2(s->db);
	free(s->path);
	free(s->library);
	free(s);
}

int
store_station_init(struct store *s, const struct station *st)
{
	sqlite3_stmt *q;
	int rc;

	q = store_prepare(s, "INSERT INTO station (id, name, tz, target_lufs, created_ms)"
	                     " VALUES (1, ?, ?, ?, ?)");
	if (!q)
		return -1;
	store_bind_text(q, 1, st->name);
	store_bind_text(q, 2, st->tz);
	sqlite3_bind_double(q, 3, st->target_lufs);
	sqlite3_bind_int64(q, 4, st->created_ms);
	rc = sqlite3_step(q) == SQLITE_DONE ? 0 : store_error(s, _("cannot record the station"));
	sqlite3_finalize(q);
	return rc;
}

int
store_station_set(struct store *s, const struct station *st)
{
	sqlite3_stmt *q;
	int rc;

	q = store_prepare(s, "UPDATE station SET name = ?, tz = ?, approval = ? WHERE id = 1");
	if (!q)
		return -1;
	store_bind_text(q, 1, st->name);
	store_bind_text(q, 2, st->tz);
	store_bind_text(q, 3, st->approval ? "required" : "off");
	rc = sqlite3_step(q) == SQLITE_DONE ? 0 : store_error(s, _("cannot change the station's settings"));
	sqlite3_finalize(q);
	return rc;
}

int
store_station_get(struct store *s, struct station *out)
{
	sqlite3_stmt *q;
	int rc = -1;

	q = store_prepare(s, "SELECT name, tz, target_lufs, created_ms, approval = 'required' FROM station"
	                     " WHERE id = 1");
	if (!q)
		return -1;
	if (sqlite3_step(q) == SQLITE_ROW) {
		snprintf(out->name, sizeof out->name, "%s", store_col_text(q, 0));
		snprintf(out->tz, sizeof out->tz, "%s", store_col_text(q, 1));
		out->target_lufs = sqlite3_column_double(q, 2);
		out->created_ms = sqlite3_column_int64(q, 3);
		out->approval = sqlite3_column_int(q, 4);
		rc = 0;
	} else {
		error(_("the station has no settings row (damaged?): '%s'"), s->path);
		hint(_("the station's database is damaged; stop loa, keep a copy of this file and restore "
		       "the station from a backup"));
	}
	sqlite3_finalize(q);
	return rc;
}
