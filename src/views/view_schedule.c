/*
 * view_schedule.c — the columns of the schedule's listings (loa slot list,
 * loa slot show, loa agenda) and the agenda's cells.
 */
#include <stdio.h>

#include "loa/agenda.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/slot.h"
#include "loa/timeutil.h"
#include "loa/views.h"

static const struct fmt_col slot_cols[] = {
    {"id", FMT_NUM, N_("id")},      {"title", FMT_TEXT, N_("title")},
    {"tier", FMT_TEXT, N_("tier")}, {"enabled", FMT_BOOL, N_("enabled")},
    {"clip", FMT_TEXT, N_("clip")}, {"rule", FMT_TEXT, N_("when")},
    {"uid", FMT_TEXT, N_("UID")},
};
/* The table of 'slot list' leaves out the UID, which only a script needs. */
static const unsigned char slot_narrow[] = {1, 1, 1, 1, 1, 1, 0};
const struct view view_slot = {slot_cols, (int)(sizeof slot_cols / sizeof slot_cols[0]), slot_narrow};

static const struct fmt_col slot_detail_cols[] = {
    {"id", FMT_NUM, N_("id")},
    {"uid", FMT_TEXT, N_("UID")},
    {"title", FMT_TEXT, N_("title")},
    {"tier", FMT_TEXT, N_("tier")},
    {"enabled", FMT_BOOL, N_("enabled")},
    {"clip", FMT_TEXT, N_("clip")},
    {"rule", FMT_TEXT, N_("when")},
    {"next", FMT_TEXT, N_("next airing")},
    {"source", FMT_TEXT, N_("source")},
    {"created", FMT_TEXT, N_("created")},
    {"updated", FMT_TEXT, N_("updated")},
    {"event", FMT_LINES, N_("event")},
};
const struct view view_slot_detail = {slot_detail_cols,
                                      (int)(sizeof slot_detail_cols / sizeof slot_detail_cols[0]), NULL};

static const struct fmt_col agenda_cols[] = {
    {"start", FMT_TEXT, N_("start")},   {"end", FMT_TEXT, N_("end")},
    {"slot", FMT_NUM, N_("slot")},      {"tier", FMT_TEXT, N_("tier")},
    {"clip", FMT_TEXT, N_("clip")},     {"title", FMT_TEXT, N_("title")},
    {"status", FMT_TEXT, N_("status")}, {"nominal_start", FMT_TEXT, N_("nominal start")},
    {"note", FMT_TEXT, N_("note")},
};
const struct view view_agenda = {agenda_cols, (int)(sizeof agenda_cols / sizeof agenda_cols[0]), NULL};

void
view_agenda_cells(struct view_cells *c, const struct airing *x, const char *note, const char *zone)
{
	char *s;

	c->used = 0;
	c->v[0] = (s = view_room(c, 40)) ? (time_format_iso(x->planned_ms, zone, s, 40), s) : "";
	c->v[1] = (s = view_room(c, 40)) ? (time_format_iso(x->end_ms, zone, s, 40), s) : "";
	c->v[2] = view_int(c, x->slot_id);
	c->v[3] = tier_name(x->tier);
	/* The clip's number, or the playlist's name. */
	c->v[4] = x->clip_id > 0 ? view_int(c, x->clip_id) : x->playlist ? x->playlist : "";
	c->v[5] = x->title;
	c->v[6] = airing_status_name(x->status);
	c->v[7] = (s = view_room(c, 40)) ? (time_format_iso(x->start_ms, zone, s, 40), s) : "";
	c->v[8] = note;
}
