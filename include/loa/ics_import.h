/*
 * ics_import.h — a calendar file (.ics) into the station: each timed event
 * a slot (a UID already in the station updates its slot), each all-day
 * event blackout days, each event's clip found in the library or imported
 * from the file its ATTACH names. All or nothing: a file with a bad event
 * changes nothing, and what an import added to the library before failing
 * is taken out again.
 */
#ifndef LOA_ICS_IMPORT_H
#define LOA_ICS_IMPORT_H

#include <stdint.h>

struct store;

struct ics_import_opts {
	const char *path;   /* the calendar file */
	const char *zone;   /* the station's zone (floating times) */
	double target_lufs; /* the station's loudness, for audio files it imports */
	int blackout;       /* 1: all-day events are blackout days (holidays) */
	int allow_outside;  /* 1: ATTACH may name files outside the calendar's folder */
	const char *source; /* the slots' source: the file as the officer knows it (NULL: path) */
};

/* A slot an import wrote. */
struct ics_import_slot {
	int64_t id; /* the slot */
	int added;  /* 1 new, 0 updated (its UID was in the station) */
};

/* What an import did. */
struct ics_import_result {
	int added;                     /* new slots */
	int updated;                   /* slots whose UID was in the station */
	int noclip;                    /* slots left without a clip or playlist */
	int ndays;                     /* blackout days */
	int ncancelled;                /* STATUS:CANCELLED events left out */
	struct ics_import_slot *slots; /* each slot written, in the file's order (malloc'd) */
	int nslots;                    /* how many (added + updated) */
};

/* Imports o->path into st. 0, or -1 with what is wrong reported and
 * nothing changed. Free out with ics_import_result_free either way. */
int ics_import(struct store *st, const struct ics_import_opts *o, struct ics_import_result *out);
void ics_import_result_free(struct ics_import_result *r);

#endif
