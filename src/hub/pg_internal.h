/*
 * pg_internal.h — what the hub's PostgreSQL modules share (pg.c, the
 * connection and the rows; pg_bulletin.c, the bulletins): the only
 * files that include libpq.
 */
#ifndef LOA_HUB_PG_INTERNAL_H
#define LOA_HUB_PG_INTERNAL_H

#include <libpq-fe.h>

struct hub_db;

/* The database's connection. */
PGconn *hub_pg_conn(struct hub_db *db);
/* Prints what failed (res's message, or the connection's), with the
 * database's url without its password. Returns -1. */
int hub_pg_error(struct hub_db *db, const char *what, const PGresult *res);
/* The flag "LISTEN loa_bulletin was sent on this connection" (a reset
 * connection clears it). */
int *hub_pg_listening(struct hub_db *db);
/* Connects again (prepared statements and LISTEN are gone): 0 or -1. */
int hub_pg_reset(struct hub_db *db);

/* Schema step 3: the bulletins (pg_bulletin.c). */
extern const char hub_pg_schema_v3[];

#endif
