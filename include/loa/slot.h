/*
 * slot.h — slots in the station store: one VEVENT each (its canonical
 * text, see ical.h) plus what loa needs to air it, and blackout days.
 *
 * A slot is found by id (what the officer types) or by UID (what calendar
 * files carry: re-importing a file updates the slots with its UIDs). An
 * id is never given twice, even after its slot is removed, and a slot's
 * version counts its changes, so (id, version) names one state of one
 * slot for as long as the station lives.
 */
#ifndef LOA_SLOT_H
#define LOA_SLOT_H

#include <stddef.h>
#include <stdint.h>

struct store;

/* A slot's priority tier, after Vietnam's bulletin rules. Higher wins. */
enum tier {
	TIER_NORMAL = 0,    /* programmes; skipped on blackout days */
	TIER_PRIORITY = 1,  /* official announcements */
	TIER_EMERGENCY = 2, /* disaster and emergency warnings */
};

/* "normal", "priority", "emergency"; tier_parse returns -1 on anything else. */
const char *tier_name(enum tier t);
int tier_parse(const char *s, enum tier *out);

struct slot {
	int64_t id;         /* row id, what `loa slot` commands take */
	char *uid;          /* iCalendar UID, unique in the station */
	char *title;        /* shown in listings and the airing log */
	char *vevent;       /* canonical event text (master VEVENT + overrides) */
	int64_t clip_id;    /* the clip it airs, 0 when none */
	char *playlist;     /* or the playlist it airs (name), NULL when none */
	enum tier tier;     /* normal, priority or emergency */
	int enabled;        /* 0 when disabled: it does not air */
	char *source;       /* "add", or the .ics file it was imported from */
	int64_t created_ms; /* when it was added */
	int64_t updated_ms; /* when it last changed */
	int64_t version;    /* 1 when added, one more on every change (store_slot_update) */
	int approval;       /* enum approval (approval.h): only an approved slot airs */
};

/* Frees what a slot owns and zeroes it. */
void slot_clear(struct slot *s);

/* Adds a slot (id set on return); 0 or -1 (printed, e.g. UID taken). */
int store_slot_add(struct store *st, struct slot *s);
/* Replaces every field but id and created_ms of slot s->id, which must
 * still be at s->version (read in the same transaction), and counts one
 * more version. 0, or -1 (printed; ERR_IN_USE, field "version", when the
 * slot has changed since or is gone). */
int store_slot_update(struct store *st, const struct slot *s);
/* Reads slot id into out. 0, 1 when there is no such slot (quiet), -1 error. */
int store_slot_get(struct store *st, int64_t id, struct slot *out);
/* Same, by UID. */
int store_slot_get_uid(struct store *st, const char *uid, struct slot *out);
/* Every slot, by id. *v is malloc'd; free each with slot_clear. 0 or -1. */
int store_slot_list(struct store *st, struct slot **v, size_t *n);
void store_slot_list_free(struct slot *v, size_t n);
/* Removes slot id. 0, 1 when there is no such slot, -1 error. */
int store_slot_rm(struct store *st, int64_t id);
/* How many slots air clip_id (for `clip rm`). -1 on error. */
int store_slot_count_clip(struct store *st, int64_t clip_id);

/* Blackout days ("YYYY-MM-DD" in the station zone): normal slots skip them. */
struct blackout {
	char day[11]; /* YYYY-MM-DD */
	char *uid;    /* the calendar event that made it */
	char *title;  /* its SUMMARY */
};
/* Replaces the days of event uid with days[0..n). 0 or -1. */
int store_blackout_set(struct store *st, const char *uid, const char *title, const char (*days)[11], int n);
int store_blackout_list(struct store *st, struct blackout **v, size_t *n);
/* The most days one store_blackout_add takes: a year's. */
#define BLACKOUT_RUN_MAX 366
/* Adds the days from..to ("YYYY-MM-DD"; to NULL or "": from alone) as one
 * event of its own titled title, its UID written into uid (uid_n bytes;
 * 64 is enough). Refused, with the field at fault: a date that is none,
 * to before from, more than BLACKOUT_RUN_MAX days, a title of more than
 * one line; a day already a blackout day (ERR_EXISTS, naming it). 0 or -1. */
int store_blackout_add(struct store *st, const char *from, const char *to, const char *title, char *uid,
                       size_t uid_n);
/* Removes blackout day day ("YYYY-MM-DD"), whichever events made it.
 * 0, 1 when it is no blackout day (quiet), -1 error. */
int store_blackout_rm(struct store *st, const char *day);
void store_blackout_list_free(struct blackout *v, size_t n);

/* Changes whenever this process writes slots or blackout days, so caches
 * (agenda_next) know to rebuild; combine with store_data_version() for
 * other processes' writes. */
uint64_t store_slot_generation(void);

/* One row of the expansion cache (agenda.c gives the rows their meaning). */
struct store_expansion {
	int64_t slot_id;  /* the slot */
	const char *key;  /* what the row was made from (a digest) */
	const void *data; /* the row's bytes */
	size_t len;       /* how many */
};
/* The cached row of slot_id made from key: 1 with a malloc'd copy in
 * *data, 0 when there is none, -1 on error (printed). */
int store_expansion_get(struct store *st, int64_t slot_id, const char *key, void **data, size_t *len);
/* Writes rows v[0..n) (replacing each slot's row) in one transaction.
 * 0, or -1 when they could not be written, or the store is read-only
 * (quiet: a cache may always be missing). */
int store_expansion_put(struct store *st, const struct store_expansion *v, size_t n);
/* 1 when rows can be written (the store is not read-only), else 0. */
int store_expansion_writable(const struct store *st);
/* Empties the expansion cache. 0 or -1 (printed). */
int store_expansion_clear(struct store *st);

#endif
