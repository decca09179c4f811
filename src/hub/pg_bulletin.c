/*
 * pg_bulletin.c — the bulletins in the hub's PostgreSQL database (hub.h):
 * schema step 3, what was sent, what each station said of it, and where
 * it aired (doc/link.md, "Bulletins down").
 *
 * Key decisions. A bulletin's row holds its audio (bytea): what was sent
 * stays the hub's own, whatever the broker keeps. It is inserted in a
 * transaction that `bulletin send` commits only once the broker has
 * confirmed every message, so a bulletin the hub lists was published.
 * The commit also NOTIFYs loa_bulletin: `loa-hub run` LISTENs, and plans
 * the clearing of the new bulletin's retained messages without looking
 * at the table on a timer. A station's state is kept per (bulletin,
 * station), the latest by the station's own instant (at_ms): the station
 * says its states again on every connection, and QoS 1 repeats, so an
 * older word arriving late never overwrites a newer one. Where it aired
 * is not the station's word: it is counted from the verified rows in
 * airing whose bulletin column names it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub/hub.h"
#include "hub/pg_internal.h"
#include "loa/i18n.h"
#include "loa/log.h"

const char hub_pg_schema_v3[] =
    "CREATE TABLE bulletin (\n"
    "  id bigserial PRIMARY KEY,\n"
    "  title text NOT NULL,\n"
    "  topic text,\n"
    "  tier text NOT NULL CHECK (tier IN ('normal', 'priority', 'emergency')),\n"
    "  name text NOT NULL,\n"
    "  sha256 text NOT NULL,\n"
    "  bytes bigint NOT NULL,\n"
    "  audio bytea NOT NULL,\n"
    "  from_ms bigint NOT NULL,\n"
    "  until_ms bigint,\n"
    "  at text[] NOT NULL DEFAULT '{}',\n"
    "  targets text[],\n"
    "  sent_ms bigint NOT NULL,\n"
    "  sent_by text,\n"
    "  cleared_ms bigint\n"
    ");\n"
    "CREATE INDEX bulletin_due ON bulletin (until_ms) WHERE cleared_ms IS NULL;\n"
    "CREATE TABLE bulletin_state (\n"
    "  bulletin bigint NOT NULL REFERENCES bulletin (id),\n"
    "  station text NOT NULL,\n"
    "  state text NOT NULL,\n"
    "  code text,\n"
    "  reason text,\n"
    "  clip bigint,\n"
    "  at_ms bigint NOT NULL,\n"
    "  received_ms bigint NOT NULL,\n"
    "  PRIMARY KEY (bulletin, station)\n"
    ");\n"
    "CREATE INDEX airing_by_bulletin ON airing (bulletin) WHERE bulletin IS NOT NULL;\n";

/* The columns read into a struct hub_bulletin, in read_bulletin's order. */
#define BULLETIN_COLS                                                                                        \
	"id, title, topic, tier, name, sha256, bytes, from_ms, until_ms, array_to_string(at, ','),"          \
	" targets IS NULL, array_to_string(targets, ','), sent_ms, COALESCE(sent_by, ''), cleared_ms"

static int
query_ok(struct hub_db *db, PGresult *res, ExecStatusType want, const char *what)
{
	if (PQresultStatus(res) == want)
		return 1;
	hub_pg_error(db, what, res);
	PQclear(res);
	return 0;
}

static PGresult *
params(struct hub_db *db, const char *sql, int n, const char *const *v)
{
	return PQexecParams(db->conn, sql, n, NULL, v, NULL, NULL, 0);
}

static int64_t
col_num(const PGresult *res, int row, int col, int64_t def)
{
	return PQgetisnull(res, row, col) ? def : strtoll(PQgetvalue(res, row, col), NULL, 10);
}

#define COPY_COL(dst, res, row, col) snprintf(dst, sizeof dst, "%s", PQgetvalue(res, row, col))

int
hub_pg_reset(struct hub_db *db)
{
	PQreset(db->conn);
	db->prepared = db->listening = 0;
	return PQstatus(db->conn) == CONNECTION_OK ? 0 : -1;
}

void
hub_bulletin_free(struct hub_bulletin *b)
{
	for (int i = 0; i < b->ntargets; i++)
		free(b->targets[i]);
	free(b->targets);
	b->targets = NULL;
	b->ntargets = 0;
}

/* Splits list (separated by sep) into words: 0, or -1 out of memory. */
static int
split(const char *list, char ***out, int *n)
{
	const char *p = list;

	*out = NULL;
	*n = 0;
	while (*p) {
		size_t len = strcspn(p, ",");
		char **v = realloc(*out, (size_t)(*n + 1) * sizeof *v);
		if (!v || !(v[*n] = strndup(p, len))) {
			*out = v ? v : *out;
			return -1;
		}
		*out = v;
		++*n;
		p += len + (p[len] == ',');
	}
	return 0;
}

static int
read_bulletin(const PGresult *res, int i, struct hub_bulletin *b)
{
	const char *at = PQgetvalue(res, i, 9);

	memset(b, 0, sizeof *b);
	b->id = col_num(res, i, 0, 0);
	COPY_COL(b->title, res, i, 1);
	b->has_topic = !PQgetisnull(res, i, 2);
	COPY_COL(b->topic, res, i, 2);
	COPY_COL(b->tier, res, i, 3);
	COPY_COL(b->name, res, i, 4);
	COPY_COL(b->sha256, res, i, 5);
	b->bytes = col_num(res, i, 6, 0);
	b->from_ms = col_num(res, i, 7, 0);
	b->until_ms = col_num(res, i, 8, -1);
	while (*at && b->nat < HUB_BULLETIN_AT_MAX) {
		snprintf(b->at[b->nat++], sizeof b->at[0], "%.5s", at);
		at += strcspn(at, ",");
		at += *at == ',';
	}
	if (strcmp(PQgetvalue(res, i, 10), "f") == 0 &&
	    split(PQgetvalue(res, i, 11), &b->targets, &b->ntargets))
		return error(_("out of memory"));
	b->sent_ms = col_num(res, i, 12, 0);
	COPY_COL(b->sent_by, res, i, 13);
	b->cleared_ms = col_num(res, i, 14, -1);
	return 0;
}

/* A text[] literal of n strings ("{"a","b"}"), each quoted and escaped. */
static char *
text_array(const char *const *v, int n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	fputc('{', f);
	for (int i = 0; i < n; i++) {
		fputs(i ? ",\"" : "\"", f);
		for (const char *p = v[i]; *p; p++) {
			if (*p == '"' || *p == '\\')
				fputc('\\', f);
			fputc(*p, f);
		}
		fputc('"', f);
	}
	fputc('}', f);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Appends v to f as one field of COPY's text format (NULL as \\N), and
 * the tab after it. */
static void
copy_field(FILE *f, const char *v)
{
	if (!v)
		fputs("\\N", f);
	for (const char *p = v; p && *p; p++) {
		if (*p == '\\' || *p == '\t' || *p == '\n' || *p == '\r')
			fprintf(f, "\\%c", *p == '\t' ? 't' : *p == '\n' ? 'n' : *p == '\r' ? 'r' : '\\');
		else
			fputc(*p, f);
	}
	fputc('\t', f);
}

/* Sends len bytes of audio as the bytea field of the COPY line, in hex
 * ("\\x..." once escaped for COPY), a piece at a time: libpq never holds
 * more than a piece of it. 1, or 0 when the connection failed. */
static int
copy_audio(PGconn *c, const unsigned char *audio, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	char piece[65536];
	int ok = PQputCopyData(c, "\\\\x", 3) == 1;

	for (size_t at = 0; at < len && ok;) {
		size_t k = 0;
		for (; k < sizeof piece && at < len; at++) {
			piece[k++] = hex[audio[at] >> 4];
			piece[k++] = hex[audio[at] & 15];
		}
		ok = PQputCopyData(c, piece, (int)k) == 1;
	}
	return ok && PQputCopyData(c, "\n", 1) == 1;
}

int
hub_db_bulletin_add(struct hub_db *db, struct hub_bulletin *b, const void *audio, size_t len)
{
	const char *at[HUB_BULLETIN_AT_MAX];
	char n[5][24], *ats, *targets = NULL, *line = NULL;
	size_t line_len = 0;
	PGresult *res;
	FILE *f;
	int ok;

	for (int i = 0; i < b->nat; i++)
		at[i] = b->at[i];
	ats = text_array(at, b->nat);
	if (b->ntargets)
		targets = text_array((const char *const *)b->targets, b->ntargets);
	if (!ats || (b->ntargets && !targets)) {
		free(ats);
		free(targets);
		return error(_("out of memory"));
	}
	/* The id first, so the audio can go in by COPY, streamed: as a
	 * parameter of an INSERT, libpq would hold the whole of it, twice. */
	res = PQexec(db->conn, "BEGIN; SELECT nextval(pg_get_serial_sequence('bulletin', 'id'))");
	if (!(ok = query_ok(db, res, PGRES_TUPLES_OK, _("cannot store the bulletin"))))
		goto done;
	b->id = col_num(res, 0, 0, 0);
	PQclear(res);
	snprintf(n[0], 24, "%" PRId64, b->id);
	snprintf(n[1], 24, "%" PRId64, (int64_t)len);
	snprintf(n[2], 24, "%" PRId64, b->from_ms);
	snprintf(n[3], 24, "%" PRId64, b->until_ms);
	snprintf(n[4], 24, "%" PRId64, b->sent_ms);
	const char *v[13] = {n[0],
	                     b->title,
	                     b->has_topic ? b->topic : NULL,
	                     b->tier,
	                     b->name,
	                     b->sha256,
	                     n[1],
	                     n[2],
	                     b->until_ms < 0 ? NULL : n[3],
	                     ats,
	                     targets,
	                     n[4],
	                     *b->sent_by ? b->sent_by : NULL};
	if (!(f = open_memstream(&line, &line_len))) {
		ok = 0;
		error(_("out of memory"));
		goto done;
	}
	for (int i = 0; i < 13; i++)
		copy_field(f, v[i]);
	ok = fclose(f) == 0;
	res = PQexec(db->conn,
	             "COPY bulletin (id, title, topic, tier, name, sha256, bytes, from_ms, until_ms, at,"
	             " targets, sent_ms, sent_by, audio) FROM STDIN");
	if (!(ok = ok && query_ok(db, res, PGRES_COPY_IN, _("cannot store the bulletin"))))
		goto done;
	PQclear(res);
	ok = PQputCopyData(db->conn, line, (int)line_len) == 1 && copy_audio(db->conn, audio, len);
	if (PQputCopyEnd(db->conn, ok ? NULL : "loa-hub could not send the bulletin") != 1)
		ok = 0;
	while ((res = PQgetResult(db->conn))) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && ok) {
			hub_pg_error(db, _("cannot store the bulletin"), res);
			ok = 0;
		}
		PQclear(res);
	}
done:
	if (!ok)
		PQclear(PQexec(db->conn, "ROLLBACK"));
	free(line);
	free(ats);
	free(targets);
	return ok ? 0 : -1;
}

int
hub_db_bulletin_commit(struct hub_db *db)
{
	PGresult *res = PQexec(db->conn, "NOTIFY loa_bulletin; COMMIT");

	if (!query_ok(db, res, PGRES_COMMAND_OK, _("cannot store the bulletin"))) {
		PQclear(PQexec(db->conn, "ROLLBACK"));
		return -1;
	}
	PQclear(res);
	return 0;
}

int
hub_db_station_known(struct hub_db *db, const char *station)
{
	const char *v[1] = {station};
	PGresult *res = params(db, "SELECT 1 FROM station WHERE id = $1", 1, v);
	int known;

	if (!query_ok(db, res, PGRES_TUPLES_OK, _("cannot read the stations")))
		return -1;
	known = PQntuples(res) > 0;
	PQclear(res);
	return known;
}

int
hub_db_bulletin_get(struct hub_db *db, int64_t id, struct hub_bulletin *b)
{
	char n[24];
	const char *v[1] = {n};
	PGresult *res;
	int rc;

	snprintf(n, sizeof n, "%" PRId64, id);
	res = params(db, "SELECT " BULLETIN_COLS " FROM bulletin WHERE id = $1", 1, v);
	if (!query_ok(db, res, PGRES_TUPLES_OK, _("cannot read the bulletins")))
		return -1;
	rc = PQntuples(res) == 0 ? 1 : read_bulletin(res, 0, b);
	PQclear(res);
	return rc;
}

/* Reads every row of res into a new array of bulletins. */
static int
read_all(PGresult *res, struct hub_bulletin **out, int *n)
{
	struct hub_bulletin *v = calloc((size_t)PQntuples(res) + 1, sizeof *v);

	*out = v;
	*n = 0;
	if (!v)
		return error(_("out of memory"));
	for (int i = 0; i < PQntuples(res); i++, ++*n)
		if (read_bulletin(res, i, &v[i]) != 0)
			return -1;
	return 0;
}

int
hub_db_bulletins(struct hub_db *db, struct hub_bulletin **out, int *n)
{
	PGresult *res = params(db, "SELECT " BULLETIN_COLS " FROM bulletin ORDER BY id DESC", 0, NULL);
	int rc;

	*out = NULL;
	*n = 0;
	if (!query_ok(db, res, PGRES_TUPLES_OK, _("cannot read the bulletins")))
		return -1;
	rc = read_all(res, out, n);
	PQclear(res);
	return rc;
}

int
hub_db_bulletin_targets(struct hub_db *db, const struct hub_bulletin *b, struct hub_bulletin_target **out,
                        int *n)
{
	char id[24];
	const char *v[1] = {id};
	struct hub_bulletin_target *t;
	PGresult *res;

	*out = NULL;
	*n = 0;
	snprintf(id, sizeof id, "%" PRId64, b->id);
	/* The targets: those named, or every station heard (and any that
	 * spoke of the bulletin) for a bulletin to all. */
	res = params(
	    db,
	    "WITH b AS (SELECT id, targets FROM bulletin WHERE id = $1),"
	    " t AS (SELECT unnest(targets) AS station FROM b WHERE targets IS NOT NULL"
	    "  UNION SELECT s.id FROM station s, b WHERE b.targets IS NULL"
	    "  UNION SELECT station FROM bulletin_state WHERE bulletin = $1)"
	    " SELECT t.station, bs.state, bs.code, bs.reason, bs.clip, bs.at_ms,"
	    "  (SELECT count(*) FROM airing a WHERE a.bulletin = $1 AND a.station = t.station),"
	    "  (SELECT min(scheduled_ms) FROM airing a WHERE a.bulletin = $1 AND a.station = t.station),"
	    "  s.last_heard_ms"
	    " FROM t LEFT JOIN bulletin_state bs ON bs.bulletin = $1 AND bs.station = t.station"
	    " LEFT JOIN station s ON s.id = t.station ORDER BY t.station",
	    1, v);
	if (!query_ok(db, res, PGRES_TUPLES_OK, _("cannot read the bulletin's stations")))
		return -1;
	if (!(t = calloc((size_t)PQntuples(res) + 1, sizeof *t))) {
		PQclear(res);
		return error(_("out of memory"));
	}
	for (int i = 0; i < PQntuples(res); i++) {
		COPY_COL(t[i].station, res, i, 0);
		COPY_COL(t[i].state, res, i, 1);
		COPY_COL(t[i].code, res, i, 2);
		COPY_COL(t[i].reason, res, i, 3);
		t[i].clip = col_num(res, i, 4, -1);
		t[i].state_ms = col_num(res, i, 5, -1);
		t[i].airings = col_num(res, i, 6, 0);
		t[i].first_aired_ms = col_num(res, i, 7, -1);
		t[i].last_heard_ms = col_num(res, i, 8, -1);
	}
	*out = t;
	*n = PQntuples(res);
	PQclear(res);
	return 0;
}

int
hub_db_bulletin_state(struct hub_db *db, const char *station, int64_t id, const struct hub_bulletin_target *t,
                      int64_t now_ms)
{
	char n[4][24];
	PGresult *res;
	int kept;

	snprintf(n[0], 24, "%" PRId64, id);
	snprintf(n[1], 24, "%" PRId64, t->clip);
	snprintf(n[2], 24, "%" PRId64, t->state_ms);
	snprintf(n[3], 24, "%" PRId64, now_ms);
	const char *v[8] = {n[0],
	                    station,
	                    t->state,
	                    *t->code ? t->code : NULL,
	                    *t->reason ? t->reason : NULL,
	                    t->clip < 0 ? NULL : n[1],
	                    n[2],
	                    n[3]};

	/* Only a bulletin sent to the station: its account may say anything
	 * on its own topic, but not of another's bulletin. */
	res = params(
	    db,
	    "INSERT INTO bulletin_state (bulletin, station, state, code, reason, clip, at_ms, received_ms)"
	    " SELECT $1, $2, $3, $4, $5, $6, $7, $8 FROM bulletin b WHERE b.id = $1"
	    " AND (b.targets IS NULL OR $2 = ANY (b.targets))"
	    " ON CONFLICT (bulletin, station) DO UPDATE SET state = $3, code = $4, reason = $5, clip = $6,"
	    " at_ms = $7, received_ms = $8 WHERE bulletin_state.at_ms <= $7",
	    8, v);
	if (!query_ok(db, res, PGRES_COMMAND_OK, _("cannot record what the station said of a bulletin")))
		return -1;
	kept = atoi(PQcmdTuples(res)) > 0;
	PQclear(res);
	/* Hearing from the station. */
	res = params(db,
	             "INSERT INTO station (id, first_heard_ms, last_heard_ms) VALUES ($1, $2, $2)"
	             " ON CONFLICT (id) DO UPDATE SET last_heard_ms = $2",
	             2, (const char *const[]){station, n[3]});
	if (!query_ok(db, res, PGRES_COMMAND_OK, _("cannot record the station")))
		return -1;
	PQclear(res);
	return kept;
}

int
hub_db_bulletins_due(struct hub_db *db, int64_t now_ms, struct hub_bulletin **out, int *n, int64_t *next_ms)
{
	char now[24];
	const char *v[1] = {now};
	PGresult *res;
	int rc;

	*out = NULL;
	*n = 0;
	*next_ms = INT64_MAX;
	snprintf(now, sizeof now, "%" PRId64, now_ms);
	res = params(db,
	             "SELECT min(until_ms) FROM bulletin WHERE cleared_ms IS NULL AND until_ms IS NOT NULL"
	             " AND until_ms > $1",
	             1, v);
	if (!query_ok(db, res, PGRES_TUPLES_OK, _("cannot read the bulletins")))
		return -1;
	*next_ms = col_num(res, 0, 0, INT64_MAX);
	PQclear(res);
	res =
	    params(db,
	           "SELECT " BULLETIN_COLS " FROM bulletin WHERE cleared_ms IS NULL AND until_ms IS NOT NULL"
	           " AND until_ms <= $1 ORDER BY id",
	           1, v);
	if (!query_ok(db, res, PGRES_TUPLES_OK, _("cannot read the bulletins")))
		return -1;
	rc = read_all(res, out, n);
	PQclear(res);
	return rc;
}

int
hub_db_bulletin_cleared(struct hub_db *db, int64_t id, int64_t now_ms)
{
	char n[2][24];
	const char *v[2] = {n[0], n[1]};
	PGresult *res;

	snprintf(n[0], 24, "%" PRId64, id);
	snprintf(n[1], 24, "%" PRId64, now_ms);
	res = params(db, "UPDATE bulletin SET cleared_ms = $2 WHERE id = $1", 2, v);
	if (!query_ok(db, res, PGRES_COMMAND_OK, _("cannot record the bulletin's clearing")))
		return -1;
	PQclear(res);
	return 0;
}

int
hub_db_listen(struct hub_db *db)
{
	PGconn *c = db->conn;
	PGresult *res;

	if (PQstatus(c) != CONNECTION_OK) {
		if (hub_pg_reset(db) != 0)
			return hub_pg_error(db, _("the hub's database is unreachable"), NULL);
	}
	res = PQexec(c, "LISTEN loa_bulletin");
	if (!query_ok(db, res, PGRES_COMMAND_OK, _("cannot listen for new bulletins")))
		return -1;
	PQclear(res);
	db->listening = 1;
	return 0;
}

int
hub_db_fd(struct hub_db *db)
{
	return db->listening && PQstatus(db->conn) == CONNECTION_OK ? PQsocket(db->conn) : -1;
}

int
hub_db_notified(struct hub_db *db)
{
	PGconn *c = db->conn;
	PGnotify *note;
	int got = 0;

	if (!PQconsumeInput(c) || PQstatus(c) != CONNECTION_OK) {
		db->listening = 0;
		hub_pg_error(db, _("the hub's database connection failed"), NULL);
		return -1;
	}
	while ((note = PQnotifies(c))) {
		got = 1;
		PQfreemem(note);
	}
	return got;
}
