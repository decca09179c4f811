/*
 * view_library.c — the columns of the clip library's listings (loa clip,
 * loa playlist, loa topic) and the cells of a clip, a playlist, a
 * playlist's entry and a topic.
 *
 * The clip listing's table on a terminal is a narrower set of columns
 * (VIEW_NARROW); CSV, JSON and "clip show" carry them all. A silent clip
 * has no loudness: its loudness and true peak are null, not -inf.
 */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>

#include "loa/approval.h"
#include "loa/clip.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/topic.h"
#include "loa/views.h"

static const struct fmt_col clip_cols[] = {
    {"id", FMT_NUM, N_("id"), NULL},
    {"title", FMT_TEXT, N_("title"), NULL},
    {"topic", FMT_TEXT, N_("topic"), NULL},
    {"duration", FMT_NUM, N_("duration (s)"), NULL},
    {"loudness", FMT_NUM, N_("loudness (LUFS)"), NULL},
    {"gain", FMT_NUM, N_("gain (dB)"), NULL},
    {"true_peak", FMT_NUM, N_("true peak (dBTP)"), NULL},
    {"format", FMT_TEXT, N_("format"), NULL},
    {"sample_rate", FMT_NUM, N_("sample rate"), NULL},
    {"channels", FMT_NUM, N_("channels"), NULL},
    {"valid_from", FMT_DATE, N_("valid from"), NULL},
    {"valid_until", FMT_DATE, N_("valid until"), NULL},
    {"sha256", FMT_TEXT, N_("SHA-256"), NULL},
    {"original_name", FMT_TEXT, N_("original file"), NULL},
    {"path", FMT_TEXT, N_("library file"), NULL},
    {"approval", FMT_WORD, N_("approval"), view_word_approval},
};
static const unsigned char clip_narrow[] = {1, 1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1};
const struct view view_clip = {clip_cols, (int)(sizeof clip_cols / sizeof clip_cols[0]), clip_narrow};

static const struct fmt_col playlist_cols[] = {
    {"id", FMT_NUM, N_("id"), NULL},
    {"name", FMT_TEXT, N_("name"), NULL},
    {"clips", FMT_NUM, N_("clips"), NULL},
    {"duration", FMT_NUM, N_("duration (s)"), NULL},
};
const struct view view_playlist = {playlist_cols, (int)(sizeof playlist_cols / sizeof playlist_cols[0]),
                                   NULL};

static const struct fmt_col playlist_item_cols[] = {
    {"position", FMT_NUM, N_("#"), NULL},          {"clip", FMT_NUM, N_("clip"), NULL},
    {"title", FMT_TEXT, N_("title"), NULL},        {"duration", FMT_NUM, N_("duration (s)"), NULL},
    {"start", FMT_NUM, N_("starts at (s)"), NULL}, {"gain", FMT_NUM, N_("gain (dB)"), NULL},
    {"path", FMT_TEXT, N_("library file"), NULL},
};
const struct view view_playlist_item = {
    playlist_item_cols, (int)(sizeof playlist_item_cols / sizeof playlist_item_cols[0]), NULL};

static const struct fmt_col topic_cols[] = {
    {"id", FMT_NUM, N_("id"), NULL},
    {"name", FMT_TEXT, N_("topic"), NULL},
    {"aliases", FMT_TEXT, N_("other names"), NULL},
    {"furniture", FMT_BOOL, N_("programme furniture"), NULL},
    {"clips", FMT_NUM, N_("clips"), NULL},
};
const struct view view_topic = {topic_cols, (int)(sizeof topic_cols / sizeof topic_cols[0]), NULL};

/* A duration in seconds as clip_format_duration writes it. */
static const char *
duration(struct view_cells *c, double s)
{
	char *at = view_room(c, 32);

	if (!at)
		return "";
	clip_format_duration(s, at, 32);
	return at;
}

void
view_clip_cells(struct view_cells *c, const struct clip *cl)
{
	c->used = 0;
	c->v[0] = view_int(c, cl->id);
	c->v[1] = cl->title;
	c->v[2] = cl->topic;
	c->v[3] = duration(c, cl->duration_s);
	c->v[4] = isfinite(cl->loudness_lufs) ? view_printf(c, "%.2f", cl->loudness_lufs) : NULL;
	c->v[5] = view_printf(c, "%.2f", cl->gain_db);
	c->v[6] = isfinite(cl->true_peak_dbtp) ? view_printf(c, "%.2f", cl->true_peak_dbtp) : NULL;
	c->v[7] = cl->format;
	c->v[8] = view_int(c, cl->sample_rate);
	c->v[9] = view_int(c, cl->channels);
	c->v[10] = cl->valid_from;
	c->v[11] = cl->valid_until;
	c->v[12] = cl->sha256;
	c->v[13] = cl->original_name;
	c->v[14] = cl->path;
	c->v[15] = approval_name((enum approval)cl->approval);
}

void
view_playlist_cells(struct view_cells *c, const struct playlist *p)
{
	c->used = 0;
	c->v[0] = view_int(c, p->id);
	c->v[1] = p->name;
	c->v[2] = view_int(c, p->nclips);
	c->v[3] = duration(c, p->duration_s);
}

void
view_playlist_item_cells(struct view_cells *c, int position, const struct clip *cl, double start_s)
{
	c->used = 0;
	c->v[0] = view_int(c, position);
	c->v[1] = view_int(c, cl->id);
	c->v[2] = cl->title;
	c->v[3] = duration(c, cl->duration_s);
	c->v[4] = duration(c, start_s);
	c->v[5] = view_printf(c, "%.2f", cl->gain_db);
	c->v[6] = cl->path;
}

void
view_topic_cells(struct view_cells *c, const struct topic *t)
{
	c->used = 0;
	c->v[0] = view_int(c, t->id);
	c->v[1] = t->name;
	c->v[2] = *t->aliases ? t->aliases : NULL;
	c->v[3] = t->furniture ? "true" : "false";
	c->v[4] = view_int(c, t->clips);
}
