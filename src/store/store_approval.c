/*
 * store_approval.c — the leader's approval in the store: schema step 12,
 * the state the store writes after each write of a clip or a slot, the
 * leader's decisions and the queue (see approval.h).
 *
 * Step 12 only adds columns (ALTER TABLE ... ADD COLUMN), each with a
 * default that leaves every older row as it aired before: approved, the
 * setting off, no approver in the airing log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/account.h"
#include "loa/approval.h"
#include "loa/clock.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/utf8.h"
#include "store/store_internal.h"

#define STATE_COLS(t)                                                                                        \
	"ALTER TABLE " t " ADD COLUMN approval TEXT NOT NULL DEFAULT 'approved'"                             \
	" CHECK (approval IN ('approved', 'pending', 'rejected'));\n"                                        \
	"ALTER TABLE " t " ADD COLUMN approval_asked_by TEXT;\n"                                             \
	"ALTER TABLE " t " ADD COLUMN approval_asked_ms INTEGER;\n"                                          \
	"ALTER TABLE " t " ADD COLUMN approval_by TEXT;\n"                                                   \
	"ALTER TABLE " t " ADD COLUMN approval_ms INTEGER;\n"                                                \
	"ALTER TABLE " t " ADD COLUMN approval_reason TEXT;\n"

/* The airing log's approved_by is outside the rows' hash encoding only
 * when it is NULL (airlog_row.c): every row written before keeps its hash. */
const char store_schema_v12[] =
    "ALTER TABLE station ADD COLUMN approval TEXT NOT NULL DEFAULT 'off'"
    " CHECK (approval IN ('off', 'required'));\n" STATE_COLS("slot")
        STATE_COLS("clip") "ALTER TABLE slot ADD COLUMN approved_version INTEGER;\n"
                           "ALTER TABLE airing ADD COLUMN approved_by TEXT;\n"
                           "CREATE INDEX slot_pending ON slot (approval) WHERE approval <> 'approved';\n"
                           "CREATE INDEX clip_pending ON clip (approval) WHERE approval <> 'approved';\n";

static const char *const state_names[] = {"approved", "pending", "rejected"};

const char *
approval_name(enum approval a)
{
	return a >= APPROVAL_APPROVED && a <= APPROVAL_REJECTED ? state_names[a] : "approved";
}

int
approval_parse(const char *s, enum approval *out)
{
	for (int i = 0; i < 3; i++)
		if (s && strcmp(s, state_names[i]) == 0)
			return *out = (enum approval)i, 0;
	return -1;
}

const char *
approval_kind_name(enum approval_kind k)
{
	return k == APPROVAL_CLIP ? "clip" : "slot";
}

void
approval_state_clear(struct approval_state *a)
{
	free(a->reason);
	memset(a, 0, sizeof *a);
}

void
store_actor_set(struct store *s, const char *user, int needs_leader)
{
	snprintf(s->actor, sizeof s->actor, "%s", user ? user : "");
	s->actor_needs_leader = needs_leader;
}

int
store_approval_required(struct store *s)
{
	sqlite3_stmt *q = store_prepare(s, "SELECT approval = 'required' FROM station WHERE id = 1");
	int rc = -1;

	if (!q)
		return -1;
	if (sqlite3_step(q) == SQLITE_ROW)
		rc = sqlite3_column_int(q, 0);
	else
		store_error(s, _("cannot read the station's settings"));
	sqlite3_finalize(q);
	return rc;
}

int
store_approval_set_required(struct store *s, int required)
{
	sqlite3_stmt *q = store_prepare(s, "UPDATE station SET approval = ? WHERE id = 1");
	int rc;

	if (!q)
		return -1;
	store_bind_text(q, 1, required ? "required" : "off");
	rc = sqlite3_step(q) == SQLITE_DONE ? 0 : store_error(s, _("cannot change the station's settings"));
	sqlite3_finalize(q);
	return rc;
}

static const char *
table_of(enum approval_kind k)
{
	return k == APPROVAL_CLIP ? "clip" : "slot";
}

int
store_approval_after_write(struct store *s, int kind, int64_t id)
{
	enum approval_kind k = (enum approval_kind)kind;
	char sql[512];
	sqlite3_stmt *q;
	int required = store_approval_required(s), pending, rc;

	if (required < 0)
		return -1;
	pending = required && s->actor_needs_leader;
	/* The approver is named only where someone decided: a leader under
	 * the rule, not everyone's change while approval is off. */
	if (pending)
		snprintf(sql, sizeof sql,
		         "UPDATE %s SET approval = 'pending', approval_asked_by = ?1, approval_asked_ms = ?2,"
		         " approval_by = NULL, approval_ms = NULL, approval_reason = NULL WHERE id = ?3",
		         table_of(k));
	else
		snprintf(
		    sql, sizeof sql,
		    "UPDATE %s SET approval = 'approved', approval_asked_by = NULL, approval_asked_ms = NULL,"
		    " approval_by = ?1, approval_ms = ?2, approval_reason = NULL%s WHERE id = ?3",
		    table_of(k), k == APPROVAL_SLOT ? ", approved_version = version" : "");
	if (!(q = store_prepare(s, sql)))
		return -1;
	store_bind_text(q, 1, (pending || required) && s->actor[0] ? s->actor : NULL);
	sqlite3_bind_int64(q, 2, clock_wall_ms());
	sqlite3_bind_int64(q, 3, id);
	rc = sqlite3_step(q) == SQLITE_DONE ? 0 : store_error(s, _("cannot record the approval"));
	sqlite3_finalize(q);
	store_slot_touch();
	return rc < 0 ? -1 : pending ? APPROVAL_PENDING : APPROVAL_APPROVED;
}

static void
copy_name(char *dst, sqlite3_stmt *q, int col)
{
	snprintf(dst, APPROVAL_NAME_MAX, "%s", store_col_text(q, col));
}

int
approval_get(struct store *s, enum approval_kind k, int64_t id, struct approval_state *out)
{
	char sql[256];
	sqlite3_stmt *q;
	int rc;

	memset(out, 0, sizeof *out);
	snprintf(sql, sizeof sql,
	         "SELECT approval, approval_asked_by, approval_asked_ms, approval_by, approval_ms,"
	         " approval_reason, %s FROM %s WHERE id = ?",
	         k == APPROVAL_SLOT ? "approved_version" : "0", table_of(k));
	if (!(q = store_prepare(s, sql)))
		return -1;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		if (approval_parse(store_col_text(q, 0), &out->state) != 0)
			out->state = APPROVAL_PENDING; /* only a tamperer writes another word */
		copy_name(out->asked_by, q, 1);
		out->asked_ms = sqlite3_column_int64(q, 2);
		copy_name(out->by, q, 3);
		out->ms = sqlite3_column_int64(q, 4);
		if (sqlite3_column_type(q, 5) != SQLITE_NULL && !(out->reason = strdup(store_col_text(q, 5))))
			rc = error(_("out of memory"));
		else
			rc = 0;
		out->version = sqlite3_column_int64(q, 6);
	} else if (rc == SQLITE_DONE) {
		rc = 1;
	} else {
		rc = store_error(s, _("cannot read the approval"));
	}
	sqlite3_finalize(q);
	return rc;
}

int
approval_decide(struct store *s, enum approval_kind k, int64_t id, int64_t version, const char *user,
                int approve, const char *reason)
{
	char sql[512];
	sqlite3_stmt *q;
	int64_t now_version = 0;
	int rc;

	if (k == APPROVAL_SLOT) {
		if (!(q = store_prepare(s, "SELECT version FROM slot WHERE id = ?")))
			return -1;
		sqlite3_bind_int64(q, 1, id);
		rc = sqlite3_step(q);
		now_version = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
		sqlite3_finalize(q);
		if (rc == SQLITE_DONE)
			return 1;
		if (rc != SQLITE_ROW)
			return store_error(s, _("cannot read the slot"));
		if (version > 0 && version != now_version)
			return error_at(
			    ERR_IN_USE, "version",
			    _("slot %lld was changed since you looked at it (version %lld, now %lld): "
			      "look at it again before you decide"),
			    (long long)id, (long long)version, (long long)now_version);
	}
	snprintf(sql, sizeof sql,
	         "UPDATE %s SET approval = ?1, approval_by = ?2, approval_ms = ?3, approval_reason = ?4%s"
	         " WHERE id = ?5",
	         table_of(k), k == APPROVAL_SLOT ? (approve ? ", approved_version = version" : "") : "");
	if (!(q = store_prepare(s, sql)))
		return -1;
	store_bind_text(q, 1, approve ? "approved" : "rejected");
	store_bind_text(q, 2, user && *user ? user : NULL);
	sqlite3_bind_int64(q, 3, clock_wall_ms());
	store_bind_text(q, 4, approve ? NULL : reason);
	sqlite3_bind_int64(q, 5, id);
	rc = sqlite3_step(q) == SQLITE_DONE ? 0 : store_error(s, _("cannot record the approval"));
	sqlite3_finalize(q);
	if (rc == 0 && sqlite3_changes(s->db) == 0)
		rc = 1;
	store_slot_touch();
	return rc;
}

void
approval_queue_free(struct approval_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].title);
		free(v[i].playlist);
		free(v[i].vevent);
	}
	free(v);
}

static int
cmp_asked(const void *a, const void *b)
{
	const struct approval_entry *x = a, *y = b;

	if (x->asked_ms != y->asked_ms)
		return x->asked_ms < y->asked_ms ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

int
approval_queue(struct store *s, struct approval_entry **v, size_t *n)
{
	static const char *const sql[2] = {
	    "SELECT id, title, approval_asked_by, approval_asked_ms, version, clip_id, playlist, vevent, 0"
	    " FROM slot WHERE approval = 'pending'",
	    "SELECT id, title, approval_asked_by, approval_asked_ms, 0, id, NULL, NULL,"
	    " CAST(frames AS REAL) / sample_rate FROM clip WHERE approval = 'pending'",
	};
	size_t cap = 0;
	int rc = SQLITE_DONE;

	*v = NULL, *n = 0;
	for (int k = 0; k < 2 && rc == SQLITE_DONE; k++) {
		sqlite3_stmt *q = store_prepare(s, sql[k]);
		if (!q)
			goto fail;
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			if (*n == cap) {
				cap = cap ? cap * 2 : 16;
				struct approval_entry *nv = realloc(*v, cap * sizeof *nv);
				if (!nv)
					break;
				*v = nv;
			}
			struct approval_entry *e = &(*v)[*n];
			memset(e, 0, sizeof *e);
			e->kind = (enum approval_kind)k;
			e->id = sqlite3_column_int64(q, 0);
			e->title = strdup(store_col_text(q, 1));
			copy_name(e->asked_by, q, 2);
			e->asked_ms = sqlite3_column_int64(q, 3);
			e->version = sqlite3_column_int64(q, 4);
			e->clip_id = sqlite3_column_int64(q, 5);
			if (sqlite3_column_type(q, 6) != SQLITE_NULL)
				e->playlist = strdup(store_col_text(q, 6));
			if (sqlite3_column_type(q, 7) != SQLITE_NULL)
				e->vevent = strdup(store_col_text(q, 7));
			e->duration_s = sqlite3_column_double(q, 8);
			(*n)++;
			if (!e->title)
				break;
		}
		sqlite3_finalize(q);
		if (rc != SQLITE_DONE && rc != SQLITE_ROW)
			store_error(s, _("cannot read the approval queue"));
	}
	if (rc != SQLITE_DONE)
		goto fail;
	if (*n > 1)
		qsort(*v, *n, sizeof **v, cmp_asked);
	return 0;
fail:
	if (rc == SQLITE_ROW)
		error(_("out of memory"));
	approval_queue_free(*v, *n);
	*v = NULL, *n = 0;
	return -1;
}

int
approval_clip_airs(struct store *s, int64_t id)
{
	static const char sql[] = "SELECT approval = 'approved' FROM clip WHERE id = ?";
	sqlite3_stmt *q = store_cached(s, sql);
	int rc;

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		rc = sqlite3_column_int(q, 0);
	else if (rc == SQLITE_DONE)
		rc = 1;
	else
		rc = store_error(s, _("cannot read the approval"));
	sqlite3_reset(q);
	return rc;
}

int
approval_slot_approver(struct store *s, int64_t id, char *by, size_t n)
{
	static const char sql[] = "SELECT approval_by FROM slot WHERE id = ?";
	sqlite3_stmt *q = store_cached(s, sql);
	int rc;

	by[0] = 0;
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		snprintf(by, n, "%s", store_col_text(q, 0));
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? 1 : store_error(s, _("cannot read the approval"));
	}
	sqlite3_reset(q);
	return rc;
}

/* The state as the audit trail keeps it (malloc'd JSON, NULL out of memory). */
static char *
state_json(const struct approval_state *a, int64_t version)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	fputs("{\"approval\": ", f);
	fmt_json_string(f, approval_name(a->state));
	if (a->asked_by[0]) {
		fputs(", \"asked_by\": ", f);
		fmt_json_string(f, a->asked_by);
	}
	if (a->by[0]) {
		fputs(", \"by\": ", f);
		fmt_json_string(f, a->by);
	}
	if (a->reason) {
		fputs(", \"reason\": ", f);
		fmt_json_string(f, a->reason);
	}
	if (version > 0)
		fprintf(f, ", \"version\": %lld", (long long)version);
	fputs("}", f);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

int
approval_record(struct store *s, enum approval_kind k, int64_t id, int64_t version, const char *user,
                const char *addr, int approve, const char *reason)
{
	struct approval_state before = {0}, after = {0};
	char object[48], *b = NULL, *a = NULL;
	int rc;

	if (!approve) {
		if (!reason || !*reason)
			return error_at(ERR_INPUT, "reason",
			                _("a rejection needs a reason: say what to change, in one line"));
		if (utf8_line_refuse(reason, APPROVAL_REASON_MAX, _("the reason")) != 0)
			return -1;
	}
	if (store_begin(s) != 0)
		return -1;
	if ((rc = approval_get(s, k, id, &before)) != 0)
		goto done;
	if ((rc = approval_decide(s, k, id, version, user, approve, reason)) != 0)
		goto done;
	if ((rc = approval_get(s, k, id, &after)) != 0)
		goto done;
	snprintf(object, sizeof object, "%s %lld", approval_kind_name(k), (long long)id);
	b = state_json(&before, before.version);
	a = state_json(&after, after.version);
	if (!b || !a)
		rc = error(_("out of memory"));
	else
		rc = audit_write(s, user, addr, approve ? "approve" : "reject", object, b, a);
done:
	if (rc == 0)
		rc = store_commit(s);
	else
		store_rollback(s);
	free(b);
	free(a);
	approval_state_clear(&before);
	approval_state_clear(&after);
	return rc;
}
