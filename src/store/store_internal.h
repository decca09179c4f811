/*
 * store_internal.h — what only the store's own files (src/store*.c) see.
 */
#ifndef LOA_STORE_INTERNAL_H
#define LOA_STORE_INTERNAL_H

#include <sqlite3.h>

#include "loa/store.h"

/* How many statements store_cached() keeps per connection. */
#define STORE_NCACHED 32

struct store {
	sqlite3 *db;            /* the open connection */
	char *path;             /* the database file as given */
	char *library;          /* the clip library folder */
	int readonly;           /* opened with STORE_READONLY */
	char actor[64];         /* who writes clips and slots (store_actor_set), "" the technician */
	int actor_needs_leader; /* and whether those writes wait for a leader's approval */
	int64_t quiet;          /* rows this connection wrote that no listing shows (the agenda's
	                           cache, a session's last request, what a rollback undid):
	                           store_change_token leaves them out */
	int64_t begun;          /* sqlite3_total_changes when this transaction began (store_begin,
	                           store_read_begin), -1 when it was ended */
	struct {
		const char *sql;  /* a static string: its address is the key */
		sqlite3_stmt *st; /* prepared once, reset on each reuse */
	} cached[STORE_NCACHED];  /* hot queries kept for the connection's life */
};

/* One schema step: running sql, then fn when there is one (work SQL
 * cannot do, such as Unicode keys), takes a station from version-1 to
 * version, inside the upgrade's one transaction. */
struct store_migration {
	int version;
	const char *sql;
	int (*fn)(struct store *s); /* 0, or -1 (printed); NULL for none */
};

/* Prepares sql; on failure prints the SQLite error and returns NULL. */
sqlite3_stmt *store_prepare(struct store *s, const char *sql);
/* Runs sql (one or more statements, no results); 0 or -1 (printed). */
int store_exec(struct store *s, const char *sql);
/* Reports the connection's last error as "<what>: <sqlite message>"; -1. */
int store_error(struct store *s, const char *what);
/* Returns the statement for sql prepared once per connection and reset
 * (bindings cleared) on each call; sql must be a string with static
 * storage, since its address is the key. NULL on failure (printed). Never
 * finalize the result: store_close() does. */
sqlite3_stmt *store_cached(struct store *s, const char *sql);
/* Binds text, or NULL when t is NULL. */
int store_bind_text(sqlite3_stmt *st, int i, const char *t);
/* A column as text, never NULL ("" for SQL NULL). */
const char *store_col_text(sqlite3_stmt *st, int i);

struct clip;
/* Fills c from a row whose first columns are store_clip.c's CLIP_COLUMNS
 * (store_clip.c: the playlists read their clips with it). */
void store_row_to_clip(struct store *s, sqlite3_stmt *q, struct clip *c);

/* Schema steps, one per domain, in version order (store.c lists them). */
extern const char store_schema_v1[];
extern const char store_schema_v2[];  /* store_clip.c: clip, playlist, playlist_item */
extern const char store_schema_v3[];  /* store_slot.c: slots and blackout days */
extern const char store_schema_v4[];  /* store_airlog.c: the airing log */
extern const char store_schema_v5[];  /* store_expansion.c: the expansion cache */
extern const char store_schema_v6[];  /* store_topic.c: the topic list */
extern const char store_schema_v7[];  /* store_airlog.c: airing items, reason codes */
extern const char store_schema_v8[];  /* store_airlog.c: one row per airing */
extern const char store_schema_v9[];  /* store_state.c: the daemon's own word */
extern const char store_schema_v10[]; /* store_account.c: accounts, sessions, the audit trail */
extern const char store_schema_v11[]; /* store_slot.c: each slot's version, numbers never reused */
extern const char store_schema_v12[]; /* store_approval.c: the leader's approval */
extern const char store_schema_v13[]; /* store_emergency.c: emergencies, the heartbeat */
extern const char store_schema_v14[]; /* store_link.c: how far the hub has acknowledged */
extern const char store_schema_v15[]; /* store_bulletin.c: the hub's bulletins */

/* After a write of slot or clip id (k: enum approval_kind): marks it as
 * the actor's role and the station's setting say (approval.h): the state
 * set (enum approval), or -1. */
int store_approval_after_write(struct store *s, int k, int64_t id);
/* Tells the agenda's caches that what airs may have changed. */
void store_slot_touch(void);
/* Step 6's C part: the usual topics, the clips' old topics mapped. */
int store_topic_upgrade(struct store *s);

#endif
