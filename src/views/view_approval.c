/*
 * view_approval.c — the columns of the leader's approval queue and their
 * cells: the same for loa approve list and GET /api/v1/approvals, the
 * "what" cell (the slot's rule in words, or the clip's length) included.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/approval.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/slot.h"
#include "loa/slot_rule.h"
#include "loa/timeutil.h"
#include "loa/views.h"

static const struct fmt_col approval_cols[] = {
    {"kind", FMT_WORD, N_("what"), view_word_approval_kind},
    {"id", FMT_NUM, N_("id"), NULL},
    {"title", FMT_TEXT, N_("title"), NULL},
    {"asked_by", FMT_TEXT, N_("asked by"), NULL},
    {"asked", FMT_INSTANT, N_("asked"), NULL},
    {"what", FMT_TEXT, N_("when / length"), NULL},
    {"duration", FMT_NUM, N_("duration (s)"), NULL},
    {"clip", FMT_TEXT, N_("clip"), NULL},
    {"version", FMT_NUM, N_("version"), NULL},
};
static const unsigned char approval_narrow[] = {1, 1, 1, 1, 1, 1, 0, 1, 0};
const struct view view_approval = {approval_cols, (int)(sizeof approval_cols / sizeof approval_cols[0]),
                                   approval_narrow};

void
view_approval_cells(struct view_cells *c, const struct approval_entry *e, const char *what, const char *zone)
{
	char *t;

	view_cells_clear(c);
	c->v[0] = approval_kind_name(e->kind);
	c->v[1] = view_int(c, e->id);
	c->v[2] = e->title;
	c->v[3] = e->asked_by;
	c->v[4] = e->asked_ms && (t = view_room(c, 40)) ? (time_format_iso(e->asked_ms, zone, t, 40), t) : "";
	c->v[5] = what;
	c->v[6] = e->kind == APPROVAL_CLIP ? view_printf(c, "%.1f", e->duration_s) : "";
	c->v[7] = e->kind == APPROVAL_CLIP ? ""
	          : e->clip_id > 0         ? view_int(c, e->clip_id)
	          : e->playlist            ? e->playlist
	                                   : "";
	c->v[8] = e->kind == APPROVAL_SLOT ? view_int(c, e->version) : "";
}

char *
view_approval_what(struct store *st, const struct approval_entry *e, const char *zone)
{
	char len[32], *what = NULL;
	struct slot s;

	if (e->kind == APPROVAL_CLIP) {
		long sec = (long)(e->duration_s + 0.5);
		snprintf(len, sizeof len, "%ld:%02ld", sec / 60, sec % 60);
		return strdup(len);
	}
	if (store_slot_get(st, e->id, &s) == 0) {
		what = slot_describe(&s, zone);
		slot_clear(&s);
	}
	return what ? what : strdup("?");
}
