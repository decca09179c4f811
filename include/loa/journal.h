/*
 * journal.h — the airings the airing log could not take, kept in a plain
 * file beside the station's database until it can.
 *
 * The commune needs the broadcast even when the database cannot be
 * written (read-only after a careless chmod, a full disk, an I/O error):
 * the daemon plays, and what it played goes into <database>-pending-airings,
 * one line per airing, appended with one write() and fsync'd. When the
 * database is writable again the daemon replays the file into the log in
 * one transaction (an airing the log already has is left out) and removes
 * it. Until then the daemon treats an airing in the journal as handled, so
 * it never airs twice and is never logged as missed.
 */
#ifndef LOA_JOURNAL_H
#define LOA_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "loa/airlog.h"
#include "loa/reason.h"

struct store;

/* An item of a journaled airing. */
struct journal_item {
	struct airlog_clip c;      /* what it played */
	int64_t started_ms;        /* when it started, AIRLOG_NONE if it never did */
	double played_s;           /* seconds played */
	enum airlog_status status; /* completed, interrupted, failed or skipped */
	enum reason why;           /* REASON_NONE when completed */
	const char *detail;        /* more words, or NULL */
};

/* A whole airing: its row as airlog_begin and airlog_end would write it. */
struct journal_airing {
	struct airlog_airing a;    /* slot, instant, tier, clip, titles */
	int64_t started_ms;        /* when it started (AIRLOG_NONE: none of it played) */
	int64_t ended_ms;          /* when it ended */
	int64_t late_ms;           /* how late it started, 0 when on time */
	double played_s;           /* seconds played */
	enum airlog_status status; /* how it ended */
	enum reason why;           /* REASON_NONE when completed */
	const char *detail;        /* more words, or NULL */
	int nitems;                /* entries in items */
	const struct journal_item *items;
};

/* An airing's identity: its slot and nominal start. */
struct journal_key {
	int64_t slot_id;
	int64_t scheduled_ms;
};

/* The journal's path for the database at db: "<db>-pending-airings" (a
 * name apart from SQLite's own "-journal"). 0, or -1 when too long. */
int journal_path(const char *db, char *buf, size_t n);

/* Appends an airing to the journal (created 0640 if absent; never through
 * a link) and syncs it. 0, or -1 (printed). */
int journal_append(const char *db, const struct journal_airing *j);

/* Appends the close of an open row whose close could not be written. 0 or -1. */
int journal_append_close(const char *db, int64_t row, enum airlog_status status, int64_t ended_ms,
                         double played_s, enum reason why, const char *detail);

/* The airings in the journal (a malloc'ed array the caller frees, *n
 * entries; NULL and 0 when there is no journal). 0, or -1 (printed). */
int journal_keys(const char *db, struct journal_key **v, size_t *n);

/* Writes what the journal holds into the airing log, in one transaction,
 * and removes the journal. Returns the number of airings and closes
 * written (0: no journal), or -1 when the log still cannot take them (the
 * journal is kept, printed). Lines that cannot be read — the torn end of a
 * write cut by a power failure — are reported and left out. */
int journal_replay(struct store *s, const char *db);

#endif
