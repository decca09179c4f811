/*
 * view_bulletin.c — the columns of the hub's bulletins as the station
 * keeps them (bulletin.h) and their cells: the same for `loa bulletin
 * list` and GET /api/v1/bulletins, with the reader's words for a
 * bulletin's state and for why one was refused.
 *
 * A refusal's code gets words for the officer; its reason stays the
 * station's English sentence, written for the hub's technician.
 */
#include <stdio.h>
#include <string.h>

#include "loa/bulletin.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/timeutil.h"
#include "loa/views.h"

const char *
view_word_bulletin_state(const char *st)
{
	if (strcmp(st, "received") == 0)
		return C_("bulletin", "received");
	if (strcmp(st, "scheduled") == 0)
		return C_("bulletin", "scheduled");
	if (strcmp(st, "refused") == 0)
		return C_("bulletin", "refused");
	return st;
}

const char *
view_word_bulletin_code(const char *code)
{
	static const struct {
		const char *code, *words;
	} w[] = {
	    {"hash_mismatch", N_("the audio arrived damaged (its SHA-256 does not match)")},
	    {"bad_message", N_("the hub's message cannot be read")},
	    {"import_refused", N_("the audio file was refused")},
	    {"expired", N_("its period was over when it arrived")},
	    {"no_daemon", N_("no daemon was playing the station")},
	    {"no_programme", N_("no programme in its period to air it before")},
	};

	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
		if (strcmp(code, w[i].code) == 0)
			return _(w[i].words);
	return code;
}

static const struct fmt_col bulletin_cols[] = {
    {"id", FMT_NUM, N_("no."), NULL},
    {"tier", FMT_WORD, N_("tier"), view_word_tier},
    {"title", FMT_TEXT, N_("title"), NULL},
    {"topic", FMT_TEXT, N_("topic"), NULL},
    {"state", FMT_WORD, N_("state"), view_word_bulletin_state},
    {"received", FMT_INSTANT, N_("arrived"), NULL},
    {"from", FMT_INSTANT, N_("may air from"), NULL},
    {"until", FMT_INSTANT, N_("may air until"), NULL},
    {"at", FMT_TEXT, N_("suggested times"), NULL},
    {"clip", FMT_NUM, N_("clip"), NULL},
    {"code", FMT_WORD, N_("why refused"), view_word_bulletin_code},
    {"reason", FMT_TEXT, N_("reason"), NULL},
};
const struct view view_bulletin = {bulletin_cols, (int)(sizeof bulletin_cols / sizeof bulletin_cols[0]),
                                   NULL};

/* Instant ms in ISO 8601 in zone, in c's buffer. */
static const char *
instant(struct view_cells *c, int64_t ms, const char *zone)
{
	char *t = view_room(c, 64);

	return t ? time_format_iso(ms, zone, t, 64) : "";
}

void
view_bulletin_cells(struct view_cells *c, const struct bulletin *b, const char *zone)
{
	view_cells_clear(c);
	c->v[0] = view_int(c, b->id);
	c->v[1] = b->tier;
	c->v[2] = b->title;
	c->v[3] = *b->topic ? b->topic : NULL;
	c->v[4] = bulletin_state_name(b->state);
	c->v[5] = instant(c, b->received_ms, zone);
	c->v[6] = instant(c, b->from_ms, zone);
	c->v[7] = b->until_ms ? instant(c, b->until_ms, zone) : NULL;
	c->v[8] = b->at;
	c->v[9] = b->clip_id > 0 ? view_int(c, b->clip_id) : NULL;
	c->v[10] = *b->code ? b->code : NULL;
	c->v[11] = *b->reason ? b->reason : NULL;
}
