/*
 * views.h — the listings' column contracts, and how each core row becomes
 * its cells: one place for the command line's tables, CSV and JSON and for
 * the web API's JSON, so they can never disagree.
 *
 * A view is a fixed list of columns (struct fmt_col). Their names are the
 * CSV header and the JSON keys: a public contract, never translated and
 * never reordered. Their headings are msgids (N_()) that view_open
 * translates for the table. A view may mark a narrower set of columns for
 * a listing's table on a terminal (VIEW_NARROW); CSV, JSON and "show"
 * always carry every column.
 *
 * Each view_*_cells() function fills a struct view_cells from a core
 * struct: one cell per column of its view, in order, NULL for an empty
 * cell (empty in CSV, null in JSON). Cells are values in the machine's
 * form whatever the language (English words, ISO 8601, a decimal point,
 * true/false), so CSV and JSON are the same under every locale; a column's
 * type (fmt.h) lets the table put them in the reader's words. Numbers and
 * instants are written into the struct's own buffer, so the cells stay
 * valid until it is filled again. A listing, whatever the view:
 *
 *	struct view_listing l;
 *	struct view_cells c;
 *
 *	if (view_open(&l, &view_topic, stdout, kind, 0) != 0)
 *		return error(_("out of memory")), 1;
 *	for (size_t i = 0; i < n; i++) {
 *		view_topic_cells(&c, &v[i], kind);
 *		view_add(&l, c.v);
 *	}
 *	return view_close(&l) == 0 ? 0 : 1;
 *
 * A new view is a static table of struct fmt_col with N_() headings and a
 * struct view naming it (src/views/view_*.c), declared here with its
 * cells function. A column of English words is FMT_WORD with one of the
 * view_word_*() functions below; a new list of words gets its own.
 */
#ifndef LOA_VIEWS_H
#define LOA_VIEWS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "loa/fmt.h"

#define VIEW_COLS_MAX 24    /* the most columns a view has */
#define VIEW_NARROW   0x100 /* view_open: a table shows only the view's narrow columns */

struct view {
	const struct fmt_col *cols;  /* every column in order; headings are msgids */
	int ncols;                   /* how many */
	const unsigned char *narrow; /* 1 for each column a narrow table shows, or NULL: all */
};

/* One row of a view's cells. */
struct view_cells {
	const char *v[VIEW_COLS_MAX]; /* the cells, one per column of the view */
	char buf[1024];               /* where numbers and instants are written */
	size_t used;                  /* bytes of buf in use */
};

/* An open listing of a view (the caller's: fmt keeps a pointer to cols). */
struct view_listing {
	struct fmt *f;                      /* the listing being written */
	const struct view *view;            /* its view */
	struct fmt_col cols[VIEW_COLS_MAX]; /* the columns shown, headings translated */
	unsigned char shown[VIEW_COLS_MAX]; /* per column of the view: 1 when shown */
	int all;                            /* every column is shown */
};

/* Opens a listing of v on out (fmt_open's flags, and VIEW_NARROW). 0, or
 * -1 when memory ran out. */
int view_open(struct view_listing *l, const struct view *v, FILE *out, enum fmt_kind kind, int flags);
/* Adds a row: cells holds one cell per column of the view (the listing
 * picks those it shows). 0, or -1 on a write error. */
int view_add(struct view_listing *l, const char *const *cells);
/* Writes what is buffered and ends the listing. 0, or -1 if a write failed. */
int view_close(struct view_listing *l);
/* One record of v (cells, as view_add takes them) as `--format json`
 * prints it, without the line's end, for an API's answer: malloc'd, or
 * NULL when memory ran out. flags as view_open's (FMT_SINGLE, and
 * FMT_VERTICAL for a record `loa ... show` prints). */
char *view_record_json(const struct view *v, int flags, const char *const *cells);

/* Empties c (every cell NULL). */
void view_cells_clear(struct view_cells *c);
/* v in decimal, written into c's buffer. */
const char *view_int(struct view_cells *c, int64_t v);
/* n bytes of c's buffer (the first set to NUL), or NULL when it is full. */
char *view_room(struct view_cells *c, size_t n);
/* printf into c's buffer ("" when it is full, which no view's cells are). */
const char *view_printf(struct view_cells *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- the reader's words for the values of FMT_WORD columns ----
 * Each returns the translation of a value of its list (for the table and
 * for messages), or the value itself when it is not in the list. */

const char *view_word_tier(const char *tier);            /* tier_name(): normal, priority, emergency */
const char *view_word_airlog_status(const char *status); /* airlog_status_name(): completed... */
const char *view_word_agenda_status(const char *status); /* airing_status_name(), or pending */
const char *view_word_approval(const char *state);       /* approval_name(): approved, pending, rejected */
const char *view_word_approval_kind(const char *kind);   /* approval_kind_name(): slot, clip */
const char *view_word_approval_setting(const char *v);   /* the station's setting: required, off */
const char *view_word_reason(const char *code);          /* reason_code(): reason_words() in the language */
const char *view_word_source(const char *source);        /* a slot's source: "add" (or a file) */
const char *view_word_setting(const char *value);        /* loa config: "default", "(none)"... */
const char *view_word_role(const char *role);            /* role_name(): viewer, officer, leader */
const char *view_word_audit_action(const char *action);  /* an audit entry's action: "user.add"... */

/* ---- the airing log (loa log) ---- */

struct airlog_row;
struct airlog_item;

/* A row of the airing log: the times in ISO 8601 in zone; narrow: the
 * table of 'loa log'. */
extern const struct view view_airing;
void view_airing_cells(struct view_cells *c, const struct airlog_row *r, const char *zone);

/* An item of an airing (loa log --items); narrow: its table. */
extern const struct view view_airing_item;
void view_airing_item_cells(struct view_cells *c, const struct airlog_row *r, const struct airlog_item *it,
                            const char *zone);
/* The items row r stands for: its own, or for a version 1 row (written
 * before items were logged) the row itself as its one item when it aired
 * (filled into *one). Sets *v; returns how many. */
int view_airing_items(const struct airlog_row *r, struct airlog_item *one, const struct airlog_item **v);

/* ---- the library (loa clip, loa playlist, loa topic) ---- */

struct clip;
struct playlist;
struct topic;

extern const struct view view_clip; /* narrow: the table of 'clip list' */
void view_clip_cells(struct view_cells *c, const struct clip *cl);

extern const struct view view_playlist;
void view_playlist_cells(struct view_cells *c, const struct playlist *p);

/* An entry of a playlist: its position (from 1) and when it starts. */
extern const struct view view_playlist_item;
void view_playlist_item_cells(struct view_cells *c, int position, const struct clip *cl, double start_s);

extern const struct view view_topic;
void view_topic_cells(struct view_cells *c, const struct topic *t);

/* ---- the schedule (loa slot list, loa slot show, loa agenda) ---- */

struct airing;

struct slot;

/* A slot: id, title, tier, enabled, clip (the clip's number or the
 * playlist's name, "" for neither), rule (its rule in words:
 * slot_describe), uid, version; narrow: the table of 'slot list'. */
extern const struct view view_slot;
void view_slot_cells(struct view_cells *c, const struct slot *s, const char *rule);
/* One slot shown whole ('slot show'), with its next airing (0: none;
 * agenda_slots_next), its event and its version, the times in ISO 8601
 * in zone. */
extern const struct view view_slot_detail;
void view_slot_detail_cells(struct view_cells *c, const struct slot *s, const char *rule, int64_t next_ms,
                            const char *zone);
/* A slot as the audit trail keeps it (slot.add, slot.edit...): the
 * detail's columns but its rule in words and its next airing. */
extern const struct view view_slot_record;
void view_slot_record_cells(struct view_cells *c, const struct slot *s, const char *zone);

/* An airing of the agenda, with its note; the times in ISO 8601 in zone. */
extern const struct view view_agenda;
void view_agenda_cells(struct view_cells *c, const struct airing *x, const char *note, const char *zone);

struct blackout;

/* A blackout day: day (YYYY-MM-DD), title, uid; narrow: the table of
 * 'slot blackout list'. */
extern const struct view view_blackout;
void view_blackout_cells(struct view_cells *c, const struct blackout *b);

/* ---- the station and its machine (loa station, loa config, loa devices) ---- */

struct station;
struct loa_config;
struct link_mark;

/* The station's settings, and how far the hub has acknowledged its log
 * (m: link_mark.h; NULL leaves those cells empty). */
extern const struct view view_station;
void view_station_cells(struct view_cells *c, const struct station *st, const char *database,
                        const char *library, int schema, const struct link_mark *m);

/* Every setting, its value and where it came from: the file's keys with
 * the report's form completed from the station's name, then the
 * station's own (when st is not NULL; db names where they are kept).
 * Calls fn once a setting; stops at fn's first non-zero and returns it. */
extern const struct view view_config;
int view_config_each(const struct loa_config *cfg, const struct station *st, const char *db,
                     int (*fn)(void *ctx, const char *const *cells), void *ctx);

/* A sound output: its cells are index, name, api, channels, rate, default. */
extern const struct view view_device;
void view_device_cells(struct view_cells *c, int index, const char *name, const char *api, int channels,
                       int rate, int is_default);

/* ---- the station at a glance (loa status) ---- */

struct station_status;
struct status_warning;

/* The status as one JSON object (keys: see view_status.c). 0, or -1 on a
 * write error. */
int view_status_json(FILE *out, const struct station *st, const struct station_status *s);
/* A warning in the reader's words (no advice: the front end adds what to
 * do). Returns buf. */
const char *view_status_warning_text(const struct status_warning *w, const char *zone, char *buf, size_t n);

/* ---- accounts and the audit trail (loa user list, loa audit) ---- */

struct account;
struct audit_entry;

/* An account: name, role, created, last_login (null: never), the times
 * in ISO 8601 in zone. Never its password's hash. */
extern const struct view view_account;
void view_account_cells(struct view_cells *c, const struct account *a, const char *zone);

/* An audit entry: at, user, addr, action, object, before, after (JSON
 * text, or null). */
extern const struct view view_audit;
void view_audit_cells(struct view_cells *c, const struct audit_entry *e, const char *zone);

struct approval_entry;
/* The approval queue (loa approve list, GET /api/v1/approvals): kind
 * ("slot" or "clip"), id, title, asked_by, asked (ISO 8601 in zone), what
 * (a slot's rule in words, from slot_describe; a clip's length as m:ss),
 * duration (a clip's seconds, empty for a slot), clip (a slot's clip number
 * or playlist name), version (a slot's, to approve that one). */
extern const struct view view_approval;
void view_approval_cells(struct view_cells *c, const struct approval_entry *e, const char *what,
                         const char *zone);
struct store;
/* The "what" cell of e (malloc'd, NULL when memory ran out): a slot's
 * rule in words in zone, read from st ("?" when the slot cannot be read:
 * removed meanwhile), or a clip's length as m:ss. */
char *view_approval_what(struct store *st, const struct approval_entry *e, const char *zone);

/* ---- the hub's bulletins (loa bulletin list, GET /api/v1/bulletins) ---- */

struct bulletin;
const char *view_word_bulletin_state(const char *st);  /* bulletin_state_name(): received... */
const char *view_word_bulletin_code(const char *code); /* a refusal's code: hash_mismatch... */
/* A bulletin: id, tier, title, topic, state, received, from, until (the
 * times in ISO 8601 in zone; until null: no end), at (the suggested
 * times, "06:00,17:00"), clip (null: none), code and reason (a
 * refusal's, else null). */
extern const struct view view_bulletin;
void view_bulletin_cells(struct view_cells *c, const struct bulletin *b, const char *zone);

#endif
