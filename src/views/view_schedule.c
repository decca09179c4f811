/*
 * view_schedule.c — the columns of the schedule's listings (loa slot list,
 * loa slot show, loa agenda) and the agenda's cells.
 */
#include <stdio.h>

#include "loa/agenda.h"
#include "loa/approval.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/slot.h"
#include "loa/timeutil.h"
#include "loa/views.h"

static const struct fmt_col slot_cols[] = {
    {"id", FMT_NUM, N_("id"), NULL},
    {"title", FMT_TEXT, N_("title"), NULL},
    {"tier", FMT_WORD, N_("tier"), view_word_tier},
    {"enabled", FMT_BOOL, N_("enabled"), NULL},
    {"clip", FMT_TEXT, N_("clip"), NULL},
    {"rule", FMT_TEXT, N_("when"), NULL},
    {"uid", FMT_TEXT, N_("UID"), NULL},
    {"approval", FMT_WORD, N_("approval"), view_word_approval},
    {"version", FMT_NUM, N_("version"), NULL},
};
/* The table of 'slot list' leaves out the UID and the version, which only
 * a script (or the console, against overwriting) needs. */
static const unsigned char slot_narrow[] = {1, 1, 1, 1, 1, 1, 0, 1, 0};
const struct view view_slot = {slot_cols, (int)(sizeof slot_cols / sizeof slot_cols[0]), slot_narrow};

static const struct fmt_col slot_detail_cols[] = {
    {"id", FMT_NUM, N_("id"), NULL},
    {"uid", FMT_TEXT, N_("UID"), NULL},
    {"title", FMT_TEXT, N_("title"), NULL},
    {"tier", FMT_WORD, N_("tier"), view_word_tier},
    {"enabled", FMT_BOOL, N_("enabled"), NULL},
    {"clip", FMT_TEXT, N_("clip"), NULL},
    {"rule", FMT_TEXT, N_("when"), NULL},
    {"next", FMT_INSTANT, N_("next airing"), NULL},
    {"source", FMT_WORD, N_("source"), view_word_source},
    {"created", FMT_INSTANT, N_("created"), NULL},
    {"updated", FMT_INSTANT, N_("updated"), NULL},
    {"event", FMT_LINES, N_("event"), NULL},
    {"approval", FMT_WORD, N_("approval"), view_word_approval},
    {"version", FMT_NUM, N_("version"), NULL},
};
const struct view view_slot_detail = {slot_detail_cols,
                                      (int)(sizeof slot_detail_cols / sizeof slot_detail_cols[0]), NULL};

/* A slot as the audit trail keeps it: what is stored, no words and no next
 * airing (made at reading, in the reader's language and time), so an
 * entry reads the same in every language and for ever. */
static const struct fmt_col slot_record_cols[] = {
    {"id", FMT_NUM, N_("id"), NULL},
    {"uid", FMT_TEXT, N_("UID"), NULL},
    {"title", FMT_TEXT, N_("title"), NULL},
    {"tier", FMT_WORD, N_("tier"), view_word_tier},
    {"enabled", FMT_BOOL, N_("enabled"), NULL},
    {"clip", FMT_TEXT, N_("clip"), NULL},
    {"source", FMT_WORD, N_("source"), view_word_source},
    {"created", FMT_INSTANT, N_("created"), NULL},
    {"updated", FMT_INSTANT, N_("updated"), NULL},
    {"event", FMT_LINES, N_("event"), NULL},
    {"approval", FMT_WORD, N_("approval"), view_word_approval},
    {"version", FMT_NUM, N_("version"), NULL},
};
const struct view view_slot_record = {slot_record_cols,
                                      (int)(sizeof slot_record_cols / sizeof slot_record_cols[0]), NULL};

/* The clip's number, or the playlist's name, or "" for neither. */
static const char *
slot_target(struct view_cells *c, const struct slot *s)
{
	if (s->clip_id > 0)
		return view_int(c, s->clip_id);
	return s->playlist ? s->playlist : "";
}

void
view_slot_cells(struct view_cells *c, const struct slot *s, const char *rule)
{
	view_cells_clear(c);
	c->v[0] = view_int(c, s->id);
	c->v[1] = s->title;
	c->v[2] = tier_name(s->tier);
	c->v[3] = s->enabled ? "true" : "false";
	c->v[4] = slot_target(c, s);
	c->v[5] = rule;
	c->v[6] = s->uid;
	c->v[7] = approval_name((enum approval)s->approval);
	c->v[8] = view_int(c, s->version);
}

void
view_slot_detail_cells(struct view_cells *c, const struct slot *s, const char *rule, int64_t next_ms,
                       const char *zone)
{
	char *t;

	view_cells_clear(c);
	c->v[0] = view_int(c, s->id);
	c->v[1] = s->uid;
	c->v[2] = s->title;
	c->v[3] = tier_name(s->tier);
	c->v[4] = s->enabled ? "true" : "false";
	c->v[5] = slot_target(c, s);
	c->v[6] = rule;
	c->v[7] = next_ms && (t = view_room(c, 48)) ? (time_format_iso(next_ms, zone, t, 48), t) : "";
	c->v[8] = s->source;
	c->v[9] = (t = view_room(c, 40)) ? (time_format_iso(s->created_ms, zone, t, 40), t) : "";
	c->v[10] = (t = view_room(c, 40)) ? (time_format_iso(s->updated_ms, zone, t, 40), t) : "";
	c->v[11] = s->vevent;
	c->v[12] = approval_name((enum approval)s->approval);
	c->v[13] = view_int(c, s->version);
}

void
view_slot_record_cells(struct view_cells *c, const struct slot *s, const char *zone)
{
	char *t;

	view_cells_clear(c);
	c->v[0] = view_int(c, s->id);
	c->v[1] = s->uid;
	c->v[2] = s->title;
	c->v[3] = tier_name(s->tier);
	c->v[4] = s->enabled ? "true" : "false";
	c->v[5] = slot_target(c, s);
	c->v[6] = s->source;
	c->v[7] = (t = view_room(c, 40)) ? (time_format_iso(s->created_ms, zone, t, 40), t) : "";
	c->v[8] = (t = view_room(c, 40)) ? (time_format_iso(s->updated_ms, zone, t, 40), t) : "";
	c->v[9] = s->vevent;
	c->v[10] = approval_name((enum approval)s->approval);
	c->v[11] = view_int(c, s->version);
}

/* An airing's start and end are after overlaps; nominal_start is the
 * slot's own time, which the officer knows as the scheduled time. */
static const struct fmt_col agenda_cols[] = {
    {"start", FMT_INSTANT, N_("start"), NULL},
    {"end", FMT_INSTANT, N_("end"), NULL},
    {"slot", FMT_NUM, N_("slot"), NULL},
    {"tier", FMT_WORD, N_("tier"), view_word_tier},
    {"clip", FMT_TEXT, N_("clip"), NULL},
    {"title", FMT_TEXT, N_("title"), NULL},
    {"status", FMT_WORD, N_("status"), view_word_agenda_status},
    {"nominal_start", FMT_INSTANT, N_("scheduled"), NULL},
    {"note", FMT_TEXT, N_("note"), NULL},
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
	/* "pending": skipped until a leader approves it (approval.h);
	 * "rejected": a leader refused it, it waits for the officer. */
	c->v[6] = x->status != AIRING_SKIPPED               ? airing_status_name(x->status)
	          : x->skip_code == REASON_PENDING_APPROVAL ? "pending"
	          : x->skip_code == REASON_REJECTED         ? "rejected"
	                                                    : airing_status_name(x->status);
	c->v[7] = (s = view_room(c, 40)) ? (time_format_iso(x->start_ms, zone, s, 40), s) : "";
	c->v[8] = note;
}

/* A blackout day (a holiday): normal slots do not air on it. uid names
 * the calendar event that made it, or loa-blackout-... for one added by
 * hand (store_blackout_add). */
static const struct fmt_col blackout_cols[] = {
    {"day", FMT_DATE, N_("day"), NULL},
    {"title", FMT_TEXT, N_("title"), NULL},
    {"uid", FMT_TEXT, N_("UID"), NULL},
};
static const unsigned char blackout_narrow[] = {1, 1, 0};
const struct view view_blackout = {blackout_cols, (int)(sizeof blackout_cols / sizeof blackout_cols[0]),
                                   blackout_narrow};

void
view_blackout_cells(struct view_cells *c, const struct blackout *b)
{
	view_cells_clear(c);
	c->v[0] = b->day;
	c->v[1] = b->title ? b->title : "";
	c->v[2] = b->uid ? b->uid : "";
}
