/*
 * store.h — the station store: one SQLite file per station, and beside it
 * the clip library folder.
 *
 * The store is the only module that talks to SQLite (its files are
 * src/store*.c; each domain — clips, slots, airings — has its own
 * store_<domain>.c). The database runs in WAL mode with synchronous=FULL so
 * that a power cut loses no committed airing, foreign keys on, and a busy
 * timeout so the officer's commands and the daemon can share it. The schema
 * is versioned with PRAGMA user_version and upgraded in numbered steps when
 * a station is opened; PRAGMA application_id marks a file as a loa station.
 */
#ifndef LOA_STORE_H
#define LOA_STORE_H

#include <stdint.h>

#include "loa/utf8.h"

struct store;

enum {
	STORE_CREATE = 1,   /* create the station (loa init); fail if it exists */
	STORE_READONLY = 2, /* open for reading only (reports, exports) */
};

/* Where a station lives when neither --db nor LOA_DB says. */
#define STORE_DEFAULT_PATH "/var/lib/loa/station.db"

/* The station's settings, stored at init. */
struct station {
	char name[UTF8_BYTES(UTF8_NAME_MAX)]; /* shown in reports; one line */
	char tz[80];                          /* IANA zone, e.g. "Asia/Ho_Chi_Minh" */
	double target_lufs;                   /* loudness every clip is brought to */
	int64_t created_ms;                   /* when loa init ran */
	int approval;                         /* 1: officers' changes wait for a leader (approval.h) */
};

/*
 * Opens (or with STORE_CREATE creates) the station at path and brings its
 * schema up to date. On failure prints what is wrong and what to do, and
 * returns NULL. Never creates or replaces a file unless STORE_CREATE.
 */
struct store *store_open(const char *path, int flags);
void store_close(struct store *s);

/* Fills the station row of a store created with STORE_CREATE. */
int store_station_init(struct store *s, const struct station *st);
int store_station_get(struct store *s, struct station *out);
/* Changes the station's name and zone (the target loudness stays: every
 * clip's gain was measured against it). */
int store_station_set(struct store *s, const struct station *st);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK; 0 or -1 (error printed). */
int store_begin(struct store *s);
int store_commit(struct store *s);
void store_rollback(struct store *s);

/* A read transaction, so that several queries see one snapshot of the
 * station while the daemon goes on writing (WAL readers never block it).
 * Returns 1 when it began one, 0 when s is already inside a transaction
 * (the caller's snapshot holds), -1 on error (printed). Pass that value to
 * store_read_end, which ends only a transaction store_read_begin began. */
int store_read_begin(struct store *s);
void store_read_end(struct store *s, int began);

/* For a process that serves request after request on one connection (loa
 * web), between two of them: resets every statement a caller left
 * stepping and ends a transaction left open, each named in a warning (a
 * bug to fix where it was left). Left as they were, they would hold the
 * connection's read snapshot: it would go on reading the station as it
 * was, and its writes would fail once another process (the daemon) had
 * written. Returns how many it found (0: all was tidy). */
int store_settle(struct store *s);

/* Gives back the pages of the station's file that long walks of the log
 * mapped (they read it through mmap): for a process that stays up after
 * reading much of it once (loa link after a backlog), so its resident
 * memory is its own again. The next walk maps what it reads. */
void store_unmap(struct store *s);

const char *store_db_path(const struct store *s);
/* 1 when the station cannot be written through s (opened read-only, or
 * SQLite found the file write-protected), else 0. */
int store_readonly(const struct store *s);
/* How many of the database's files (db, its -wal and -shm, its folder)
 * this process may not write; their names, quoted and comma-separated,
 * in buf (may be NULL). */
int store_unwritable(const char *db, char *buf, size_t n);
/* The clip library folder, beside the database. */
const char *store_library_dir(const struct store *s);
/* The schema version this binary writes. */
int store_schema_version(void);
/* Changes whenever another connection commits (PRAGMA data_version). */
int64_t store_data_version(struct store *s);
/* A token ("DV.N") that changes whenever what the station holds may have
 * changed: another connection committed (data_version: the command line,
 * the daemon's log and heartbeat), or this one wrote a row that a listing
 * shows (not the agenda's cache, nor a session's time of last request).
 * One PRAGMA: cheap enough to ask every few seconds, so a page re-reads
 * the week only when this moved. Written into buf (n bytes, 48 enough). */
void store_change_token(struct store *s, char *buf, size_t n);
/*
 * Waits until no other connection is writing: takes the write lock and
 * gives it back at once (BEGIN IMMEDIATE, ROLLBACK), waiting as long as
 * the busy timeout allows. A writer's commit is seen by store_data_version
 * only once its WAL frames are written and synced and the WAL's index is
 * updated, and it holds the lock until then: a watcher woken by its first
 * WAL write calls this before looking again. 0, or -1 when the lock could
 * not be had (a read-only store, or busy: quiet).
 */
int store_wait_writers(struct store *s);

/*
 * The daemon's own word on how it is: written when it starts and each time
 * it tries the sound device (before each airing, after a failure), and its
 * heartbeat at most once a minute while it runs (idle too). Whether it runs
 * now is its lock's to say, not this row's; a heartbeat older than a few
 * minutes under a held lock says it hangs.
 */
struct daemon_state {
	int64_t pid;          /* the daemon's process */
	char version[32];     /* loa's version */
	int64_t started_ms;   /* when it started */
	int64_t checked_ms;   /* when it last tried the device; 0: not yet */
	int device_ok;        /* 1: it opened, 0: it did not, -1: not tried yet */
	char device[256];     /* the device (its name when it opened, else as configured) */
	char reason_code[32]; /* why it did not open (reason.h), or "" */
	char detail[256];     /* the device's error in words, or "" */
	int64_t heartbeat_ms; /* when it last said it is alive (any write of the row is one); 0:
	                         never (a loa before schema step 13) */
};

/* Replaces the daemon's state. 0 or -1 (printed). */
int store_daemon_state_put(struct store *s, const struct daemon_state *d);
/* Writes only the heartbeat (the row must exist). 0 or -1 (printed). */
int store_daemon_heartbeat(struct store *s, int64_t now_ms);
/* 1 and *out filled, 0 when no daemon ever ran on the station (out
 * cleared, device_ok -1), -1 on error (printed). */
int store_daemon_state_get(struct store *s, struct daemon_state *out);

#endif
