/*
 * pg_internal.h — what the hub's PostgreSQL modules share (pg.c, the
 * connection and the rows; pg_bulletin.c, the bulletins): the only
 * files that include libpq.
 */
#ifndef LOA_HUB_PG_INTERNAL_H
#define LOA_HUB_PG_INTERNAL_H

#include <libpq-fe.h>

#include <stdio.h>

struct hub_db {
	PGconn *conn;               /* the connection */
	int prepared;               /* pg.c's statements are prepared on it */
	int listening;              /* LISTEN loa_bulletin was sent on it */
	FILE *rows, *items;         /* the batch's rows and items, as COPY's text */
	char *rows_buf, *items_buf; /* what those streams write to */
	size_t rows_len, items_len; /* and its length */
	char url_shown[256];        /* the url without its password, for messages */
};

/* Prints what failed (res's message, or the connection's), with the
 * database's url without its password. Returns -1. */
int hub_pg_error(struct hub_db *db, const char *what, const PGresult *res);
/* Connects again (prepared statements and LISTEN are gone): 0 or -1. */
int hub_pg_reset(struct hub_db *db);

/* Schema step 3: the bulletins (pg_bulletin.c). */
extern const char hub_pg_schema_v3[];

#endif
