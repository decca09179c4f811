/*
 * view_access.c — the columns of the accounts' listing (loa user list) and
 * of the audit trail (loa audit), and their cells: the same for the
 * command line and the web console's API.
 *
 * An account's hash is never a column: no listing, in any format, carries
 * it. An audit entry's before and after are JSON text kept as they were
 * written; in JSON output they are strings (a script parses them), so a
 * listing's shape never depends on what an entry held.
 */
#include "loa/account.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/timeutil.h"
#include "loa/views.h"

static const struct fmt_col account_cols[] = {
    {"name", FMT_TEXT, N_("user"), NULL},
    {"role", FMT_WORD, N_("role"), view_word_role},
    {"created", FMT_INSTANT, N_("created"), NULL},
    {"last_login", FMT_INSTANT, N_("last login"), NULL},
};
const struct view view_account = {account_cols, (int)(sizeof account_cols / sizeof account_cols[0]), NULL};

static const struct fmt_col audit_cols[] = {
    {"at", FMT_INSTANT_S, N_("when"), NULL},  {"user", FMT_TEXT, N_("user"), NULL},
    {"addr", FMT_TEXT, N_("address"), NULL},  {"action", FMT_WORD, N_("action"), view_word_audit_action},
    {"object", FMT_TEXT, N_("object"), NULL}, {"before", FMT_TEXT, N_("before"), NULL},
    {"after", FMT_TEXT, N_("after"), NULL},
};
const struct view view_audit = {audit_cols, (int)(sizeof audit_cols / sizeof audit_cols[0]), NULL};

/* ms as ISO 8601 in zone, in c's buffer; NULL for 0 (never). */
static const char *
instant(struct view_cells *c, int64_t ms, const char *zone)
{
	char *at;

	if (!ms)
		return NULL;
	if (!(at = view_room(c, 40)))
		return "";
	return time_format_iso(ms, zone, at, 40);
}

void
view_account_cells(struct view_cells *c, const struct account *a, const char *zone)
{
	c->used = 0;
	c->v[0] = a->name;
	c->v[1] = role_name(a->role);
	c->v[2] = instant(c, a->created_ms, zone);
	c->v[3] = instant(c, a->last_login_ms, zone);
}

void
view_audit_cells(struct view_cells *c, const struct audit_entry *e, const char *zone)
{
	c->used = 0;
	c->v[0] = instant(c, e->at_ms, zone);
	c->v[1] = e->user;
	c->v[2] = e->addr;
	c->v[3] = e->action;
	c->v[4] = e->object;
	c->v[5] = e->before;
	c->v[6] = e->after;
}
