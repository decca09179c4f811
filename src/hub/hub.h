/*
 * hub.h — loa-hub's parts: the database (pg.c, the only module that
 * includes libpq) and the ingest of a station's rows (hub.c).
 */
#ifndef LOA_HUB_HUB_H
#define LOA_HUB_HUB_H

#include <stddef.h>
#include <stdint.h>

#include "loa/airlog.h"

struct hub_db;

/* The hub's schema version (pg.c's steps). */
#define HUB_SCHEMA_VERSION 1

/* Connects to the PostgreSQL database at url (postgresql://...). NULL on
 * failure (printed). */
struct hub_db *hub_db_open(const char *url);
void hub_db_close(struct hub_db *db);
/* Creates or migrates the schema: 0 or -1 (printed). *from is the
 * version found (0: an empty database). */
int hub_db_init(struct hub_db *db, int *from);
/* Checks that the schema is this hub's: 0, or -1 (printed, with what to run). */
int hub_db_check(struct hub_db *db);

/* What the hub holds of a station: the chain's head. */
struct hub_head {
	int64_t seq;   /* the last row stored (0: none) */
	char hash[65]; /* its hash (AIRLOG_GENESIS for none) */
};

/* Begins a batch for station: a transaction, the station's row made if
 * new and locked, its head read into h. 0 or -1 (printed; rolled back). */
int hub_db_begin(struct hub_db *db, const char *station, int64_t now_ms, struct hub_head *h);
/* Stores row r of the station in the open batch. 0 or -1 (printed). */
int hub_db_row(struct hub_db *db, const char *station, const struct airlog_row *r, int64_t now_ms);
/* Ends the batch: the new head, the problem (seq 0 and "" for none; a
 * problem of a row at or below the head is cleared), and the
 * acknowledgement sent; commits. 0 or -1 (printed; rolled back). */
int hub_db_commit(struct hub_db *db, const char *station, const struct hub_head *h, int64_t problem_seq,
                  const char *code, const char *problem, int64_t resend_from, int64_t now_ms);
/* Keeps status (a JSON object, checked) as the station's latest. 0 or -1
 * (printed). */
int hub_db_status(struct hub_db *db, const char *station, const char *status, int64_t now_ms);
/* Abandons the batch. */
void hub_db_rollback(struct hub_db *db);

/* Ingests one message of rows from station (hub.c): stores the rows that
 * follow the chain, and writes the acknowledgement to publish into ack
 * (n bytes). 0 with ack set, or -1 when the database failed (nothing is
 * acknowledged: the station sends again). */
int hub_ingest(struct hub_db *db, const char *station, const char *payload, size_t len, char *ack, size_t n,
               int64_t *stored);

#endif
