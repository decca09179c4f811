/*
 * hub.c — one message of a station's rows, checked and stored (hub.h).
 *
 * Key decision: the hub trusts nothing but the chain. Each row's hash is
 * recomputed from the message alone with the station's own code
 * (airlog_row_hash), and the row must follow the last row stored for the
 * station: seq one more, prev_hash its hash. A row already stored is
 * skipped (the network repeats; QoS 1 means at least once). The first row
 * that does not fit ends the batch: a gap (a message lost or out of
 * order) asks for the rows again from the gap; a row whose hash does not
 * recompute, or that does not follow, is refused with the problem
 * recorded for the station and named in the acknowledgement, which the
 * station keeps and shows. Rows before it are stored and acknowledged.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub/hub.h"
#include "loa/airlog_wire.h"
#include "loa/clock.h"
#include "loa/i18n.h"
#include "loa/json.h"
#include "loa/link_mark.h"
#include "loa/log.h"

/* What one message holds, as read. */
struct message {
	char station[80];         /* the "station" member */
	struct airlog_wire *rows; /* its rows */
	int n, cap;               /* how many, and the room */
	char problem[256];        /* why it could not be read ("" when it could) */
	int bad_index;            /* the row that could not be read (-1: none) */
};

#define HUB_ROWS_MAX 10000 /* rows in one message, at most */

static int
read_row(void *ctx, int index, const char *p, const char *end)
{
	struct message *m = ctx;

	(void)end;
	if (index >= HUB_ROWS_MAX) {
		snprintf(m->problem, sizeof m->problem, "more than %d rows in one message", HUB_ROWS_MAX);
		return -1;
	}
	if (m->n == m->cap) {
		int cap = m->cap ? m->cap * 2 : 64;
		struct airlog_wire *r = realloc(m->rows, (size_t)cap * sizeof *r);
		if (!r)
			return -1;
		memset(r + m->cap, 0, (size_t)(cap - m->cap) * sizeof *r);
		m->rows = r, m->cap = cap;
	}
	if (!airlog_wire_read(&m->rows[m->n], p)) {
		snprintf(m->problem, sizeof m->problem, "%s", m->rows[m->n].problem);
		m->bad_index = index;
		return -1;
	}
	m->n++;
	return 0;
}

static int
read_member(void *ctx, const char *key, const char *p, const char *end)
{
	struct message *m = ctx;

	(void)end;
	if (strcmp(key, "station") == 0)
		return json_string(p, m->station, sizeof m->station) ? 0 : -1;
	if (strcmp(key, "rows") == 0)
		return *p == '[' && json_array(p, AIRLOG_WIRE_DEPTH + 1, read_row, m) ? 0 : -1;
	return 0;
}

static void
message_free(struct message *m)
{
	for (int i = 0; i < m->cap; i++)
		airlog_wire_free(&m->rows[i]);
	free(m->rows);
}

/* The acknowledgement's JSON into ack. */
static void
ack_text(char *ack, size_t n, const struct hub_head *h, int64_t resend, const char *code, const char *problem)
{
	int k = snprintf(ack, n, "{\"through\":%" PRId64 ",\"hash\":\"%s\"", h->seq, h->hash);

	if (resend > 0 && k > 0 && (size_t)k < n) {
		k += snprintf(ack + k, n - (size_t)k,
		              ",\"resend_from\":%" PRId64 ",\"code\":\"%s\",\"problem\":\"", resend, code);
		/* The problem is the hub's own English text; quotes and
		 * backslashes in it (a field's name) are escaped. */
		for (const char *p = problem; *p && (size_t)k + 3 < n; p++) {
			if (*p == '"' || *p == '\\')
				ack[k++] = '\\';
			ack[k++] = *p >= 0 && *p < 0x20 ? ' ' : *p;
		}
		if ((size_t)k + 2 < n)
			ack[k++] = '"';
		ack[k] = 0;
	}
	if ((size_t)k + 2 < n)
		strcat(ack, "}");
}

int
hub_ingest(struct hub_db *db, const char *station, const char *payload, size_t len, char *ack, size_t n,
           int64_t *stored)
{
	struct message m = {.bad_index = -1};
	struct hub_head h;
	char *text = malloc(len + 1), hash[65], problem[512] = "";
	const char *code = "";
	int64_t now = clock_wall_ms(), resend = 0, problem_seq = 0;
	int rc = -1, readable;

	*stored = 0;
	if (!text)
		return error(_("out of memory"));
	memcpy(text, payload, len);
	text[len] = 0;
	readable = json_walk(text, AIRLOG_WIRE_DEPTH + 2, read_member, &m) == 0;
	free(text);
	if (readable && strcmp(m.station, station) != 0) {
		snprintf(m.problem, sizeof m.problem,
		         "the message names station '%s' on station '%s''s topic", m.station, station);
		readable = 0, m.n = 0;
	}
	if (hub_db_begin(db, station, now, &h) != 0)
		goto done;
	for (int i = 0; i < m.n; i++) {
		const struct airlog_row *r = &m.rows[i].row;
		if (r->seq <= h.seq)
			continue; /* stored already: the network repeated it */
		if (r->seq != h.seq + 1) {
			resend = h.seq + 1; /* a gap: a message lost or out of order */
			break;
		}
		airlog_row_hash(r, r->prev_hash, hash);
		if (strcmp(hash, r->hash) != 0 && (code = LINK_PROBLEM_CHANGED))
			snprintf(problem, sizeof problem,
			         "row %" PRId64 " (id %" PRId64
			         ") does not match its hash: it was changed after it "
			         "was written",
			         r->seq, r->id);
		else if (strcmp(r->prev_hash, h.hash) != 0 && (code = LINK_PROBLEM_NOT_FOLLOW))
			snprintf(problem, sizeof problem,
			         "row %" PRId64 " (id %" PRId64 ") does not follow row %" PRId64
			         ": a row was changed, inserted or removed",
			         r->seq, r->id, h.seq);
		if (*problem) {
			resend = problem_seq = r->seq;
			break;
		}
		if (hub_db_row(db, station, r, now) != 0) {
			hub_db_rollback(db);
			goto done;
		}
		h.seq = r->seq;
		snprintf(h.hash, sizeof h.hash, "%s", r->hash);
		++*stored;
	}
	if (!readable && !resend) {
		/* Rows after the last one read could not be: ask again from
		 * there, naming what was wrong. */
		resend = problem_seq = h.seq + 1;
		code = LINK_PROBLEM_UNREADABLE;
		snprintf(problem, sizeof problem, "a message could not be read: %s",
		         *m.problem ? m.problem : "not a message of rows");
	}
	if (hub_db_commit(db, station, &h, problem_seq, code, problem, resend, now) != 0)
		goto done;
	if (*problem)
		error(_("station %s: %s"), station, problem);
	ack_text(ack, n, &h, resend, code, problem);
	rc = 0;
done:
	message_free(&m);
	return rc;
}
