/*
 * pg.c — the hub's PostgreSQL database (hub.h), the only module that
 * includes libpq.
 *
 * Key decisions. The rows keep the station's own columns, nulls as
 * nulls, keyed (station, seq): a row is stored once whatever the network
 * repeats, and everything the station's report counts (status, reason
 * code, tier, topics, items, times) is there to count per station later.
 * Each message is one transaction that also moves the station's chain
 * head and records the acknowledgement, so the head never says more than
 * the rows hold. Its rows and items go in with COPY, one stream each per
 * message: 20,000 rows (56,000 items) take 0.9 s so, 1.4 s as pipelined
 * INSERTs. An item has no foreign key to its row: it is written in the
 * row's own transaction, right after it, and the key's check, planned
 * while the table was empty (a sequential scan, kept for the connection's
 * life), made each message slower than the last — 60 s for those 20,000
 * rows. Schema steps are numbered and append-only, as the station's are
 * (src/store/store.c).
 */
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub/hub.h"
#include "hub/pg_internal.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/topic.h"

static const char schema_v1[] =
    "CREATE TABLE hub_schema (version integer NOT NULL);\n"
    "INSERT INTO hub_schema VALUES (0);\n"
    "CREATE TABLE station (\n"
    "  id text PRIMARY KEY,\n"
    "  first_heard_ms bigint NOT NULL,\n"
    "  last_heard_ms bigint NOT NULL,\n"
    "  head_seq bigint NOT NULL DEFAULT 0,\n"
    "  head_hash text NOT NULL DEFAULT '" AIRLOG_GENESIS "',\n"
    "  problem_seq bigint NOT NULL DEFAULT 0,\n"
    "  problem_code text NOT NULL DEFAULT '',\n"
    "  problem text NOT NULL DEFAULT '',\n"
    "  problem_ms bigint NOT NULL DEFAULT 0,\n"
    "  status jsonb,\n"
    "  status_ms bigint\n"
    ");\n"
    "CREATE TABLE airing (\n"
    "  station text NOT NULL REFERENCES station (id),\n"
    "  seq bigint NOT NULL,\n"
    "  id bigint NOT NULL,\n"
    "  v integer NOT NULL,\n"
    "  scheduled_ms bigint, started_ms bigint, ended_ms bigint, closed_ms bigint, played_ms bigint,\n"
    "  status text NOT NULL,\n"
    "  late integer, delay_ms bigint,\n"
    "  reason text, reason_code text,\n"
    "  slot_id bigint, tier text, clip_id bigint, playlist text, title text, topic text,\n"
    "  sha256 text, device text, requested_by text, approved_by text,\n"
    "  prev_hash text NOT NULL,\n"
    "  hash text NOT NULL,\n"
    "  received_ms bigint NOT NULL,\n"
    "  PRIMARY KEY (station, seq)\n"
    ");\n"
    "CREATE INDEX airing_by_time ON airing (station, scheduled_ms);\n"
    "CREATE TABLE airing_item (\n"
    "  station text NOT NULL,\n"
    "  seq bigint NOT NULL,\n"
    "  position integer NOT NULL,\n"
    "  clip_id bigint, title text NOT NULL, topic text, sha256 text,\n"
    "  started_ms bigint, played_ms bigint, status text NOT NULL, reason_code text, reason text,\n"
    "  PRIMARY KEY (station, seq, position)\n"
    ");\n"
    "CREATE TABLE ack (\n"
    "  station text PRIMARY KEY REFERENCES station (id),\n"
    "  through bigint NOT NULL,\n"
    "  hash text NOT NULL,\n"
    "  resend_from bigint NOT NULL,\n"
    "  code text NOT NULL,\n"
    "  problem text NOT NULL,\n"
    "  sent_ms bigint NOT NULL\n"
    ");\n";

/* Step 2: the bulletin each airing was of (doc/link.md, "Where each
 * bulletin aired"). */
static const char schema_v2[] = "ALTER TABLE airing ADD COLUMN bulletin bigint;\n";

/* Every schema step, oldest first. Append only. Step 3 (the bulletins
 * sent and what each station said of them) is pg_bulletin.c's. */
static const char *const steps[HUB_SCHEMA_VERSION] = {schema_v1, schema_v2, hub_pg_schema_v3};

int
hub_pg_error(struct hub_db *db, const char *what, const PGresult *res)
{
	const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(db->conn);
	size_t len = strlen(msg);

	while (len && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
		len--;
	error(_("%s: %.*s: database %s"), what, (int)len, msg, db->url_shown);
	return -1;
}

/* Runs sql (no parameters, no rows wanted). 0 or -1 (printed). */
static int
exec(struct hub_db *db, const char *sql, const char *what)
{
	PGresult *res = PQexec(db->conn, sql);
	int rc = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK
	             ? 0
	             : hub_pg_error(db, what, res);

	PQclear(res);
	return rc;
}

struct hub_db *
hub_db_open(const char *url)
{
	struct hub_db *db = calloc(1, sizeof *db);
	const char *at = strrchr(url, '@'), *scheme = strstr(url, "://");

	if (!db)
		return error(_("out of memory")), NULL;
	/* postgresql://user:password@host/db is shown as postgresql://user@host/db. */
	if (at && scheme && scheme < at) {
		const char *colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3));
		snprintf(db->url_shown, sizeof db->url_shown, "%.*s%s", (int)((colon ? colon : at) - url),
		         url, at);
	} else {
		snprintf(db->url_shown, sizeof db->url_shown, "%s", url);
	}
	db->conn = PQconnectdb(url);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		hub_pg_error(db, _("cannot connect to the hub's database"), NULL);
		hint(
		    _("check --db (postgresql://USER:PASSWORD@HOST:PORT/DATABASE) and that PostgreSQL runs"));
		hub_db_close(db);
		return NULL;
	}
	exec(db, "SET client_min_messages = warning", "set");
	return db;
}

void
hub_db_close(struct hub_db *db)
{
	if (!db)
		return;
	PQfinish(db->conn);
	free(db);
}

/* The schema version: 0 for a database without loa's tables, -1 on error. */
static int
version(struct hub_db *db)
{
	PGresult *res = PQexec(db->conn, "SELECT to_regclass('hub_schema') IS NOT NULL");
	int v = -1;

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		hub_pg_error(db, _("cannot read the hub's schema"), res);
	} else if (strcmp(PQgetvalue(res, 0, 0), "t") != 0) {
		v = 0;
	} else {
		PQclear(res);
		res = PQexec(db->conn, "SELECT version FROM hub_schema");
		if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
			v = atoi(PQgetvalue(res, 0, 0));
		else
			hub_pg_error(db, _("cannot read the hub's schema"), res);
	}
	PQclear(res);
	return v;
}

int
hub_db_init(struct hub_db *db, int *from)
{
	char sql[64];

	if (exec(db, "BEGIN; SELECT pg_advisory_xact_lock(1819238689)",
	         _("cannot start the schema's upgrade")) != 0)
		return -1;
	if ((*from = version(db)) < 0)
		goto fail;
	if (*from > HUB_SCHEMA_VERSION) {
		error(_("the hub's database was made by a newer loa-hub (schema %d, this one knows %d): "
		        "database %s"),
		      *from, HUB_SCHEMA_VERSION, db->url_shown);
		goto fail;
	}
	for (int v = *from; v < HUB_SCHEMA_VERSION; v++)
		if (exec(db, steps[v], _("cannot create the hub's tables")) != 0)
			goto fail;
	snprintf(sql, sizeof sql, "UPDATE hub_schema SET version = %d", HUB_SCHEMA_VERSION);
	if (exec(db, sql, _("cannot create the hub's tables")) != 0 ||
	    exec(db, "COMMIT", _("cannot create the hub's tables")) != 0)
		goto fail;
	return 0;
fail:
	exec(db, "ROLLBACK", "rollback");
	return -1;
}

int
hub_db_check(struct hub_db *db)
{
	int v = version(db);

	if (v < 0)
		return -1;
	if (v != HUB_SCHEMA_VERSION) {
		error(_("the hub's database has schema %d, this loa-hub needs %d: database %s"), v,
		      HUB_SCHEMA_VERSION, db->url_shown);
		hint(_("run loa-hub init --db URL first (it creates or upgrades the tables)"));
		return -1;
	}
	return 0;
}

/* The columns a batch's COPY fills, in the order hub_db_row writes them. */
#define ROW_COLS                                                                                             \
	"station, seq, id, v, scheduled_ms, started_ms, ended_ms, closed_ms, played_ms, status, late, "      \
	"delay_ms, reason, reason_code, slot_id, tier, clip_id, playlist, title, topic, sha256, device, "    \
	"requested_by, approved_by, prev_hash, hash, received_ms, bulletin"
#define ITEM_COLS                                                                                            \
	"station, seq, position, clip_id, title, topic, sha256, started_ms, played_ms, status, "             \
	"reason_code, "                                                                                      \
	"reason"

/* Releases a batch's COPY text. */
static void
batch_free(struct hub_db *db)
{
	if (db->rows)
		fclose(db->rows);
	if (db->items)
		fclose(db->items);
	free(db->rows_buf);
	free(db->items_buf);
	db->rows = db->items = NULL;
	db->rows_buf = db->items_buf = NULL;
	db->rows_len = db->items_len = 0;
}

/* The statements of a batch, prepared once per connection. */
static const struct {
	const char *name;
	const char *sql;
} statements[] = {
    {"station", "INSERT INTO station (id, first_heard_ms, last_heard_ms) VALUES ($1, $2, $2)"
                " ON CONFLICT (id) DO UPDATE SET last_heard_ms = $2"
                " RETURNING head_seq, head_hash"},
    {"head", "UPDATE station SET head_seq = $2, head_hash = $3,"
             " problem_seq = CASE WHEN $4::bigint > 0 THEN $4::bigint WHEN problem_seq <= $2 THEN 0"
             " ELSE problem_seq END,"
             " problem = CASE WHEN $4::bigint > 0 THEN $5 WHEN problem_seq <= $2 THEN '' ELSE problem END,"
             " problem_ms = CASE WHEN $4::bigint > 0 THEN $6::bigint ELSE problem_ms END,"
             " problem_code = CASE WHEN $4::bigint > 0 THEN $7 WHEN problem_seq <= $2 THEN ''"
             " ELSE problem_code END WHERE id = $1"},
    {"ack", "INSERT INTO ack (station, through, hash, resend_from, problem, sent_ms, code)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (station) DO UPDATE SET through = $2,"
            " hash = $3, resend_from = $4, problem = $5, sent_ms = $6, code = $7"},
};

static int
prepare(struct hub_db *db)
{
	for (size_t i = 0; i < sizeof statements / sizeof statements[0]; i++) {
		PGresult *res = PQprepare(db->conn, statements[i].name, statements[i].sql, 0, NULL);
		int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		if (!ok)
			hub_pg_error(db, _("cannot prepare a query"), res);
		PQclear(res);
		if (!ok)
			return -1;
	}
	db->prepared = 1;
	return 0;
}

/* Runs prepared statement name with n text parameters (NULL: SQL NULL). */
static PGresult *
run(struct hub_db *db, const char *name, int n, const char *const *v)
{
	return PQexecPrepared(db->conn, name, n, v, NULL, NULL, 0);
}

/* Appends one line of COPY's text format to f: the n values, tab
 * separated, NULL as \N, a backslash, tab, newline or carriage return
 * escaped. */
static void
copy_line(FILE *f, const char *const *v, int n)
{
	for (int i = 0; i < n; i++) {
		if (i)
			fputc('\t', f);
		if (!v[i]) {
			fputs("\\N", f);
			continue;
		}
		for (const char *p = v[i]; *p; p++) {
			switch (*p) {
			case '\\':
				fputs("\\\\", f);
				break;
			case '\t':
				fputs("\\t", f);
				break;
			case '\n':
				fputs("\\n", f);
				break;
			case '\r':
				fputs("\\r", f);
				break;
			default:
				fputc(*p, f);
			}
		}
	}
	fputc('\n', f);
}

/* Sends len bytes of COPY text into table (columns cols). 0 or -1 (printed). */
static int
copy_in(struct hub_db *db, const char *sql, const char *data, size_t len, const char *what)
{
	PGresult *res = PQexec(db->conn, sql);
	int ok = PQresultStatus(res) == PGRES_COPY_IN;

	if (!ok)
		hub_pg_error(db, what, res);
	PQclear(res);
	if (!ok)
		return -1;
	/* In pieces: libpq takes any size, but a piece of a few hundred
	 * kilobytes keeps its buffer small. */
	for (size_t at = 0; at < len && ok;) {
		size_t k = len - at > 262144 ? 262144 : len - at;
		ok = PQputCopyData(db->conn, data + at, (int)k) == 1;
		at += k;
	}
	if (PQputCopyEnd(db->conn, ok ? NULL : "loa-hub could not send the rows") != 1)
		ok = 0;
	while ((res = PQgetResult(db->conn))) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && ok) {
			hub_pg_error(db, what, res);
			ok = 0;
		}
		PQclear(res);
	}
	return ok ? 0 : -1;
}

/* Number text in buf for a parameter; AIRLOG_NONE is NULL. */
static const char *
num(char *buf, int64_t v)
{
	if (v == AIRLOG_NONE)
		return NULL;
	snprintf(buf, 24, "%" PRId64, v);
	return buf;
}

/* A text parameter: NULL when null. */
#define TXT(t, isnull) ((isnull) ? NULL : (t))

int
hub_db_begin(struct hub_db *db, const char *station, int64_t now_ms, struct hub_head *h)
{
	char now[24];
	const char *v[2] = {station, num(now, now_ms)};
	PGresult *res;

	if (PQstatus(db->conn) != CONNECTION_OK) {
		if (hub_pg_reset(db) != 0)
			return hub_pg_error(db, _("the hub's database is unreachable"), NULL);
	}
	if (!db->prepared && prepare(db) != 0)
		return -1;
	if (exec(db, "BEGIN", _("cannot begin a transaction")) != 0)
		return -1;
	res = run(db, "station", 2, v);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		hub_pg_error(db, _("cannot record the station"), res);
		PQclear(res);
		hub_db_rollback(db);
		return -1;
	}
	h->seq = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	snprintf(h->hash, sizeof h->hash, "%s", PQgetvalue(res, 0, 1));
	PQclear(res);
	db->rows = open_memstream(&db->rows_buf, &db->rows_len);
	db->items = open_memstream(&db->items_buf, &db->items_len);
	if (!db->rows || !db->items) {
		error(_("out of memory"));
		hub_db_rollback(db);
		return -1;
	}
	return 0;
}

int
hub_db_row(struct hub_db *db, const char *station, const struct airlog_row *r, int64_t now_ms)
{
	char b[16][24];
	const char *st = airlog_status_name(r->status);
	const int m = r->null_mask;
	const char *v[28] = {
	    station,
	    num(b[0], r->seq),
	    num(b[1], r->id),
	    num(b[2], r->v),
	    num(b[3], r->scheduled_ms),
	    num(b[4], r->started_ms),
	    num(b[5], r->ended_ms),
	    num(b[6], r->closed_ms),
	    num(b[7], r->played_ms),
	    st ? st : "?",
	    num(b[8], r->late),
	    num(b[9], r->delay_ms),
	    TXT(r->reason, m & 1),
	    TXT(r->reason_code, m & 128),
	    num(b[10], r->slot_id),
	    TXT(r->tier, m & 2),
	    num(b[11], r->clip_id),
	    TXT(r->playlist, m & 4),
	    TXT(r->title, m & 8),
	    TXT(r->topic, m & 16),
	    TXT(r->sha256, m & 32),
	    TXT(r->device, m & 64),
	    TXT(r->requested_by, !r->requested_by || (m & 512)),
	    TXT(r->approved_by, !r->approved_by || (m & 256)),
	    r->prev_hash,
	    r->hash,
	    num(b[12], now_ms),
	    r->bulletin > 0 ? num(b[13], r->bulletin) : NULL,
	};
	copy_line(db->rows, v, 28);
	for (int k = 0; k < r->nitems; k++) {
		const struct airlog_item *it = &r->items[k];
		const char *ist = airlog_status_name(it->status);
		const char *iv[12] = {
		    station,
		    num(b[0], r->seq),
		    num(b[1], it->position),
		    num(b[2], it->clip_id),
		    it->title,
		    TXT(it->topic, it->null_mask & 1),
		    TXT(it->sha256, it->null_mask & 2),
		    num(b[3], it->started_ms),
		    num(b[4], it->played_ms),
		    ist ? ist : "?",
		    TXT(it->reason_code, it->null_mask & 4),
		    TXT(it->reason, it->null_mask & 8),
		};
		copy_line(db->items, iv, 12);
	}
	return ferror(db->rows) || ferror(db->items) ? error(_("out of memory")) : 0;
}

int
hub_db_commit(struct hub_db *db, const char *station, const struct hub_head *h, int64_t problem_seq,
              const char *code, const char *problem, int64_t resend_from, int64_t now_ms)
{
	char b[4][24];
	const char *hv[7] = {station, num(b[0], h->seq), h->hash, num(b[1], problem_seq),
	                     problem, num(b[2], now_ms), code};
	const char *av[7] = {station, num(b[0], h->seq), h->hash, num(b[3], resend_from),
	                     problem, num(b[2], now_ms), code};
	PGresult *res;
	int ok = fflush(db->rows) == 0 && fflush(db->items) == 0;

	if (ok && db->rows_len)
		ok = copy_in(db, "COPY airing (" ROW_COLS ") FROM STDIN", db->rows_buf, db->rows_len,
		             _("cannot store the station's rows")) == 0;
	if (ok && db->items_len)
		ok = copy_in(db, "COPY airing_item (" ITEM_COLS ") FROM STDIN", db->items_buf, db->items_len,
		             _("cannot store the station's rows")) == 0;
	if (ok) {
		res = run(db, "head", 7, hv);
		if (!(ok = PQresultStatus(res) == PGRES_COMMAND_OK))
			hub_pg_error(db, _("cannot record the station's chain"), res);
		PQclear(res);
	}
	if (ok) {
		res = run(db, "ack", 7, av);
		if (!(ok = PQresultStatus(res) == PGRES_COMMAND_OK))
			hub_pg_error(db, _("cannot record the acknowledgement"), res);
		PQclear(res);
	}
	if (!ok || exec(db, "COMMIT", _("cannot commit the station's rows")) != 0) {
		hub_db_rollback(db);
		return -1;
	}
	batch_free(db);
	return 0;
}

int
hub_db_status(struct hub_db *db, const char *station, const char *status, int64_t now_ms)
{
	char now[24];
	const char *v[3] = {station, num(now, now_ms), status};
	PGresult *res;
	int rc;

	if (PQstatus(db->conn) != CONNECTION_OK)
		hub_pg_reset(db);
	res = PQexecParams(db->conn,
	                   "INSERT INTO station (id, first_heard_ms, last_heard_ms, status, status_ms)"
	                   " VALUES ($1, $2, $2, $3, $2) ON CONFLICT (id) DO UPDATE SET last_heard_ms = $2,"
	                   " status = COALESCE(station.status, '{}'::jsonb) || $3::jsonb, status_ms = $2",
	                   3, NULL, v, NULL, NULL, 0);
	rc = PQresultStatus(res) == PGRES_COMMAND_OK
	         ? 0
	         : hub_pg_error(db, _("cannot record the station's status"), res);
	PQclear(res);
	return rc;
}

void
hub_db_rollback(struct hub_db *db)
{
	PGresult *res = PQexec(db->conn, "ROLLBACK");

	PQclear(res);
	batch_free(db);
}

/* Runs sql with n text parameters for rows. NULL on error (printed). */
static PGresult *
query(struct hub_db *db, const char *sql, int n, const char *const *v, const char *what)
{
	PGresult *res = PQexecParams(db->conn, sql, n, NULL, v, NULL, NULL, 0);

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		hub_pg_error(db, what, res);
		PQclear(res);
		return NULL;
	}
	return res;
}

/* A column as a number: def when null or empty. */
static int64_t
col_num(const PGresult *res, int row, int col, int64_t def)
{
	const char *v = PQgetvalue(res, row, col);

	if (PQgetisnull(res, row, col) || !*v)
		return def;
	if (strcmp(v, "true") == 0)
		return 1;
	if (strcmp(v, "false") == 0)
		return 0;
	return strtoll(v, NULL, 10);
}

#define COPY_COL(dst, res, row, col) snprintf(dst, sizeof dst, "%s", PQgetvalue(res, row, col))

int
hub_db_stations(struct hub_db *db, struct hub_station **out, int *n)
{
	/* The status's members are read by PostgreSQL: it parsed the JSON
	 * when it was stored. */
	PGresult *res =
	    query(db,
	          "SELECT id, first_heard_ms, last_heard_ms, head_seq, head_hash, problem_seq, problem_code,"
	          " problem, status->>'online', status_ms, status->>'name', status->>'tz',"
	          " status->>'report_topic', status->'daemon'->>'running', status->'daemon'->>'device_ok',"
	          " status->'daemon'->>'reason_code', status->'log'->>'rows',"
	          " status->'log'->>'last_scheduled_ms', status->'log'->>'last_status',"
	          " (SELECT count(*) FROM airing_item i WHERE i.station = s.id)"
	          " FROM station s ORDER BY id",
	          0, NULL, _("cannot read the stations"));
	struct hub_station *v;

	*out = NULL;
	*n = 0;
	if (!res)
		return -1;
	if (!(v = calloc((size_t)PQntuples(res) + 1, sizeof *v))) {
		PQclear(res);
		return error(_("out of memory"));
	}
	for (int i = 0; i < PQntuples(res); i++) {
		struct hub_station *h = &v[i];
		COPY_COL(h->id, res, i, 0);
		h->first_heard_ms = col_num(res, i, 1, 0);
		h->last_heard_ms = col_num(res, i, 2, 0);
		h->head_seq = col_num(res, i, 3, 0);
		COPY_COL(h->head_hash, res, i, 4);
		h->problem_seq = col_num(res, i, 5, 0);
		COPY_COL(h->problem_code, res, i, 6);
		COPY_COL(h->problem, res, i, 7);
		h->online = (int)col_num(res, i, 8, -1);
		h->status_ms = col_num(res, i, 9, -1);
		COPY_COL(h->name, res, i, 10);
		COPY_COL(h->tz, res, i, 11);
		COPY_COL(h->report_topic, res, i, 12);
		h->running = (int)col_num(res, i, 13, -1);
		h->device_ok = (int)col_num(res, i, 14, -1);
		COPY_COL(h->device_reason, res, i, 15);
		h->station_rows = col_num(res, i, 16, -1);
		h->last_airing_ms = col_num(res, i, 17, -1);
		COPY_COL(h->last_outcome, res, i, 18);
		h->items = col_num(res, i, 19, 0);
	}
	*out = v;
	*n = PQntuples(res);
	PQclear(res);
	return 0;
}

int
hub_db_topics(struct hub_db *db, const char *station, struct topic **out, size_t *n)
{
	const char *v[1] = {station};
	PGresult *res =
	    query(db,
	          "SELECT t->>'name', COALESCE(t->>'aliases', ''), COALESCE(t->>'furniture', '')"
	          " FROM station s, jsonb_array_elements(CASE WHEN jsonb_typeof(s.status->'topics')"
	          " = 'array' THEN s.status->'topics' ELSE '[]'::jsonb END) t"
	          " WHERE s.id = $1 AND t->>'name' IS NOT NULL",
	          1, v, _("cannot read the station's topics"));
	struct topic *t;

	*out = NULL;
	*n = 0;
	if (!res)
		return -1;
	if (!(t = calloc((size_t)PQntuples(res) + 1, sizeof *t))) {
		PQclear(res);
		return error(_("out of memory"));
	}
	for (int i = 0; i < PQntuples(res); i++) {
		t[i].id = i + 1;
		COPY_COL(t[i].name, res, i, 0);
		COPY_COL(t[i].aliases, res, i, 1);
		t[i].furniture = strcmp(PQgetvalue(res, i, 2), "true") == 0;
	}
	*out = t;
	*n = (size_t)PQntuples(res);
	PQclear(res);
	return 0;
}

/* A text column as a row's string ("" for null, and bit set in *mask). */
static const char *
col_text(const PGresult *res, int row, int col, int *mask, int bit)
{
	if (PQgetisnull(res, row, col)) {
		*mask |= bit;
		return "";
	}
	return PQgetvalue(res, row, col);
}

static enum airlog_status
col_status(const PGresult *res, int row, int col)
{
	enum airlog_status st;

	return airlog_status_parse(PQgetvalue(res, row, col), &st) == 0 ? st : AIRLOG_NSTATUS;
}

int
hub_db_rows(struct hub_db *db, const char *station, int64_t from_ms, int64_t to_ms,
            int (*fn)(void *, const struct airlog_row *), void *ctx)
{
	char b[2][24];
	const char *v[3] = {station, num(b[0], from_ms), num(b[1], to_ms)};
	PGresult *rows = NULL, *items = NULL;
	struct airlog_item *it = NULL;
	int rc = -1, k = 0, nitems;

	/* The rows and their items as two result sets in seq order, walked
	 * side by side as the station's airlog_each does. */
	rows = query(db,
	             "SELECT seq, id, v, scheduled_ms, started_ms, ended_ms, closed_ms, played_ms, status,"
	             " late, delay_ms, reason, reason_code, slot_id, tier, clip_id, playlist, title, topic,"
	             " sha256, device, requested_by, approved_by, prev_hash, hash, bulletin FROM airing"
	             " WHERE station = $1 AND scheduled_ms >= $2 AND scheduled_ms < $3 ORDER BY seq",
	             3, v, _("cannot read the station's rows"));
	if (rows)
		items =
		    query(db,
		          "SELECT i.seq, i.position, i.clip_id, i.title, i.topic, i.sha256, i.started_ms,"
		          " i.played_ms, i.status, i.reason_code, i.reason FROM airing_item i JOIN airing a"
		          " ON a.station = i.station AND a.seq = i.seq WHERE a.station = $1"
		          " AND a.scheduled_ms >= $2 AND a.scheduled_ms < $3 ORDER BY i.seq, i.position",
		          3, v, _("cannot read the station's rows"));
	if (!rows || !items)
		goto done;
	nitems = PQntuples(items);
	if (!(it = calloc((size_t)nitems + 1, sizeof *it))) {
		error(_("out of memory"));
		goto done;
	}
	for (int i = 0; i < nitems; i++) {
		struct airlog_item *x = &it[i];
		x->position = (int)col_num(items, i, 1, 0);
		x->clip_id = col_num(items, i, 2, 0);
		x->title = PQgetvalue(items, i, 3);
		x->topic = col_text(items, i, 4, &x->null_mask, 1);
		x->sha256 = col_text(items, i, 5, &x->null_mask, 2);
		x->started_ms = col_num(items, i, 6, AIRLOG_NONE);
		x->played_ms = col_num(items, i, 7, 0);
		x->status = col_status(items, i, 8);
		x->reason_code = col_text(items, i, 9, &x->null_mask, 4);
		x->reason = col_text(items, i, 10, &x->null_mask, 8);
	}
	rc = 0;
	for (int i = 0; i < PQntuples(rows) && rc == 0; i++) {
		struct airlog_row r = {0};
		int64_t seq = col_num(rows, i, 0, 0);

		r.seq = seq;
		r.id = col_num(rows, i, 1, 0);
		r.v = (int)col_num(rows, i, 2, 1);
		r.scheduled_ms = col_num(rows, i, 3, AIRLOG_NONE);
		r.started_ms = col_num(rows, i, 4, AIRLOG_NONE);
		r.ended_ms = col_num(rows, i, 5, AIRLOG_NONE);
		r.closed_ms = col_num(rows, i, 6, AIRLOG_NONE);
		r.played_ms = col_num(rows, i, 7, 0);
		r.status = col_status(rows, i, 8);
		r.late = (int)col_num(rows, i, 9, 0);
		r.delay_ms = col_num(rows, i, 10, 0);
		r.reason = col_text(rows, i, 11, &r.null_mask, 1);
		r.reason_code = col_text(rows, i, 12, &r.null_mask, 128);
		r.slot_id = col_num(rows, i, 13, 0);
		r.tier = col_text(rows, i, 14, &r.null_mask, 2);
		r.clip_id = col_num(rows, i, 15, 0);
		r.playlist = col_text(rows, i, 16, &r.null_mask, 4);
		r.title = col_text(rows, i, 17, &r.null_mask, 8);
		r.topic = col_text(rows, i, 18, &r.null_mask, 16);
		r.sha256 = col_text(rows, i, 19, &r.null_mask, 32);
		r.device = col_text(rows, i, 20, &r.null_mask, 64);
		r.requested_by = col_text(rows, i, 21, &r.null_mask, 512);
		r.approved_by = col_text(rows, i, 22, &r.null_mask, 256);
		r.prev_hash = PQgetvalue(rows, i, 23);
		r.hash = PQgetvalue(rows, i, 24);
		r.bulletin = col_num(rows, i, 25, 0);
		while (k < nitems && col_num(items, k, 0, 0) < seq)
			k++;
		r.items = &it[k];
		while (k < nitems && col_num(items, k, 0, 0) == seq)
			k++, r.nitems++;
		rc = fn(ctx, &r);
	}
done:
	free(it);
	PQclear(rows);
	PQclear(items);
	return rc;
}
