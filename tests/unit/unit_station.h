/*
 * unit_station.h — what the unit tests on a real station share: a station
 * created in a temporary folder of its own (removed at the end), and the
 * messages the core reported, caught through log_set_writer.
 */
#ifndef LOA_UNIT_STATION_H
#define LOA_UNIT_STATION_H

#include <stddef.h>

#include "loa/log.h"

struct store;

/* A temporary folder and the station's database path in it. */
struct unit_station {
	char dir[256];   /* the folder (mkdtemp) */
	char db[300];    /* dir/station.db */
	struct store *s; /* the open station, or NULL */
};

/* Makes the folder; creates the station (zone Asia/Ho_Chi_Minh) and its
 * clip library when create is 1. Fails the test on any error. */
void unit_station_make(struct unit_station *u, int create);
/* Closes the station and removes the folder with all it holds. */
void unit_station_done(struct unit_station *u);

/* The last error and advice the core reported since unit_log_catch. */
struct unit_log {
	int errors;         /* errors reported */
	enum err_kind kind; /* the last error's kind */
	char text[512];     /* and its text */
	enum advice advice; /* the last advice, or ADVICE_NONE */
};
/* Catches every message into l (and no longer prints them). */
void unit_log_catch(struct unit_log *l);
/* Back to stderr. */
void unit_log_release(void);

#endif
