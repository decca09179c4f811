/*
 * view_airlog.c — the airing log's columns (loa log, and loa log --items)
 * and the cells of a row and of an item.
 *
 * Instants are ISO 8601 with the station zone's offset, so a spreadsheet
 * and a script read the same wall-clock times the officer saw; played
 * seconds have one decimal (fmt_tenths), as in every report. Rows written
 * before reason codes existed get the code of their words.
 *
 * The table on a terminal (VIEW_NARROW) leaves out what only a script or
 * an audit needs (hashes, the device, the detail sentence, which is
 * English whatever the language) and says the reason in the reader's words
 * from its code.
 */
#include <stdint.h>
#include <string.h>

#include "loa/airlog.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/reason.h"
#include "loa/timeutil.h"
#include "loa/views.h"

static const struct fmt_col airing_cols[] = {
    {"id", FMT_NUM, N_("row"), NULL},
    {"seq", FMT_NUM, N_("seq"), NULL},
    {"scheduled", FMT_INSTANT, N_("scheduled"), NULL},
    {"started", FMT_INSTANT_S, N_("started"), NULL},
    {"ended", FMT_INSTANT_S, N_("ended"), NULL},
    {"played", FMT_NUM, N_("played (s)"), NULL},
    {"status", FMT_WORD, N_("status"), view_word_airlog_status},
    {"late", FMT_BOOL, N_("late"), NULL},
    {"delay", FMT_NUM, N_("delay (s)"), NULL},
    {"reason", FMT_TEXT, N_("detail"), NULL},
    {"slot", FMT_NUM, N_("slot"), NULL},
    {"tier", FMT_WORD, N_("tier"), view_word_tier},
    {"clip", FMT_NUM, N_("clip"), NULL},
    {"playlist", FMT_TEXT, N_("playlist"), NULL},
    {"title", FMT_TEXT, N_("title"), NULL},
    {"topic", FMT_TEXT, N_("topic"), NULL},
    {"sha256", FMT_TEXT, N_("SHA-256"), NULL},
    {"device", FMT_TEXT, N_("device"), NULL},
    {"hash", FMT_TEXT, N_("row hash"), NULL},
    {"reason_code", FMT_WORD, N_("reason"), view_word_reason},
    {"requested_by", FMT_TEXT, N_("requested by"), NULL},
    /* Last, as each column added since: scripts that read the columns
     * by position keep working. */
    {"approved_by", FMT_TEXT, N_("approved by"), NULL},
};
static const unsigned char airing_narrow[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1,
                                              1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1};
const struct view view_airing = {airing_cols, (int)(sizeof airing_cols / sizeof airing_cols[0]),
                                 airing_narrow};

static const struct fmt_col item_cols[] = {
    {"seq", FMT_NUM, N_("seq"), NULL},
    {"position", FMT_NUM, N_("position"), NULL},
    {"started", FMT_INSTANT_S, N_("started"), NULL},
    {"played", FMT_NUM, N_("played (s)"), NULL},
    {"status", FMT_WORD, N_("status"), view_word_airlog_status},
    {"reason_code", FMT_WORD, N_("reason"), view_word_reason},
    {"clip", FMT_NUM, N_("clip"), NULL},
    {"title", FMT_TEXT, N_("title"), NULL},
    {"topic", FMT_TEXT, N_("topic"), NULL},
    {"sha256", FMT_TEXT, N_("SHA-256"), NULL},
};
static const unsigned char item_narrow[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 0};
const struct view view_airing_item = {item_cols, (int)(sizeof item_cols / sizeof item_cols[0]), item_narrow};

/* An instant in ISO 8601 in zone, or NULL for none. */
static const char *
instant(struct view_cells *c, int64_t ms, const char *zone)
{
	char *at;

	if (ms == AIRLOG_NONE || !(at = view_room(c, 40)))
		return NULL;
	return time_format_iso(ms, zone, at, 40);
}

static const char *
tenths(struct view_cells *c, int64_t ms)
{
	char *at = view_room(c, 32);

	return at ? fmt_tenths(at, 32, ms) : "";
}

static const char *
status_cell(enum airlog_status st)
{
	const char *w = airlog_status_name(st);

	return w ? w : "?";
}

/* Whether something with status st has a reason (it did not complete). */
static int
has_reason(enum airlog_status st)
{
	return st != AIRLOG_COMPLETED && st != AIRLOG_PLAYING;
}

static const char *
code_cell(enum reason why)
{
	const char *code = reason_code(why);

	return code && *code ? code : NULL;
}

static const char *
text_or_null(const char *s)
{
	return *s ? s : NULL;
}

void
view_airing_cells(struct view_cells *c, const struct airlog_row *r, const char *zone)
{
	c->used = 0;
	c->v[0] = view_int(c, r->id);
	c->v[1] = r->seq ? view_int(c, r->seq) : NULL;
	c->v[2] = instant(c, r->scheduled_ms, zone);
	c->v[3] = instant(c, r->started_ms, zone);
	c->v[4] = instant(c, r->ended_ms, zone);
	c->v[5] = tenths(c, r->played_ms);
	c->v[6] = status_cell(r->status);
	c->v[7] = r->late ? "true" : "false";
	c->v[8] = tenths(c, r->late ? r->delay_ms : 0);
	c->v[9] = text_or_null(r->reason);
	c->v[10] = view_int(c, r->slot_id);
	c->v[11] = r->tier;
	c->v[12] = r->clip_id ? view_int(c, r->clip_id) : NULL;
	c->v[13] = text_or_null(r->playlist);
	c->v[14] = r->title;
	c->v[15] = text_or_null(r->topic);
	c->v[16] = text_or_null(r->sha256);
	c->v[17] = text_or_null(r->device);
	c->v[18] = text_or_null(r->hash);
	c->v[19] = has_reason(r->status) ? code_cell(airlog_row_reason(r)) : NULL;
	c->v[20] = r->requested_by && *r->requested_by ? r->requested_by : NULL;
	/* The leader who approved the slot that aired (approval.h); none
	 * when the station does not require approval, or the technician did. */
	c->v[21] = r->approved_by && *r->approved_by ? r->approved_by : NULL;
}

int
view_airing_items(const struct airlog_row *r, struct airlog_item *one, const struct airlog_item **v)
{
	*v = r->items;
	if (r->v >= 2)
		return r->nitems;
	if (r->status != AIRLOG_COMPLETED && r->status != AIRLOG_INTERRUPTED)
		return 0;
	*one = (struct airlog_item){.position = 1,
	                            .clip_id = r->clip_id,
	                            .title = r->title,
	                            .topic = r->topic,
	                            .sha256 = r->sha256,
	                            .started_ms = r->started_ms,
	                            .played_ms = r->played_ms,
	                            .status = r->status,
	                            .reason_code = "",
	                            .reason = r->reason};
	*v = one;
	return 1;
}

void
view_airing_item_cells(struct view_cells *c, const struct airlog_row *r, const struct airlog_item *it,
                       const char *zone)
{
	c->used = 0;
	c->v[0] = r->seq ? view_int(c, r->seq) : NULL;
	c->v[1] = view_int(c, it->position);
	c->v[2] = instant(c, it->started_ms, zone);
	c->v[3] = tenths(c, it->played_ms);
	c->v[4] = status_cell(it->status);
	c->v[5] = has_reason(it->status) ? code_cell(airlog_item_reason(it)) : NULL;
	c->v[6] = it->clip_id ? view_int(c, it->clip_id) : NULL;
	c->v[7] = it->title;
	c->v[8] = text_or_null(it->topic);
	c->v[9] = text_or_null(it->sha256);
}
