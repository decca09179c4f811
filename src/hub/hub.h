/*
 * hub.h — loa-hub's parts: the database (pg.c, the only module that
 * includes libpq) and the ingest of a station's rows (hub.c).
 */
#ifndef LOA_HUB_HUB_H
#define LOA_HUB_HUB_H

#include <stddef.h>
#include <stdint.h>

#include "loa/airlog.h"
#include "loa/fmt.h"
#include "loa/report.h"

struct hub_db;

/* The hub's schema version (pg.c's steps). */
#define HUB_SCHEMA_VERSION 2

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

/* A station as the hub knows it: its chain, its problem, and what its
 * latest status said (doc/link.md; unknown numbers are -1, unknown words ""). */
struct hub_station {
	char id[80];            /* its id */
	int64_t first_heard_ms; /* when the hub first and last heard from it */
	int64_t last_heard_ms;  /* (a row or a status) */
	int64_t head_seq;       /* the last row stored */
	char head_hash[65];     /* its hash */
	int64_t items;          /* item rows stored */
	int64_t problem_seq;    /* the row the chain broke at (0: none) */
	char problem_code[40];  /* its code (link_mark.h) */
	char problem[512];      /* in the hub's words */
	int online;             /* 1 online, 0 offline (its last will or goodbye), -1 no status */
	int64_t status_ms;      /* when its status last came */
	char name[256];         /* the station's name ("" before a status said it) */
	char tz[80];            /* its zone */
	char report_topic[128]; /* the topic its report is about */
	int running;            /* the broadcast program runs (-1: unknown) */
	int device_ok;          /* its sound device worked at its last try (-1: unknown) */
	char device_reason[40]; /* why not (reason.h) */
	int64_t station_rows;   /* closed rows in its log (-1: unknown) */
	int64_t last_airing_ms; /* its last closed row's instant (-1: none) */
	char last_outcome[24];  /* and status */
};

/* Every station heard, by id, into a new array (free it). 0 or -1 (printed). */
int hub_db_stations(struct hub_db *db, struct hub_station **out, int *n);
/* The topic list station sent with its status (topic.h's struct, no
 * ids), into a new array (free it). 0 or -1 (printed). */
struct topic;
int hub_db_topics(struct hub_db *db, const char *station, struct topic **out, size_t *n);
/* Calls fn(ctx, row) for each row of station scheduled in [from_ms,
 * to_ms), in seq order, with its items. 0, -1 (printed), or fn's nonzero. */
int hub_db_rows(struct hub_db *db, const char *station, int64_t from_ms, int64_t to_ms,
                int (*fn)(void *, const struct airlog_row *), void *ctx);

/* The period asked for: kind 'Q', 'H' or 'Y' with text, or 'R' from..to. */
struct hub_period {
	char kind;
	const char *text;
	const char *from, *to;
};
/* loa-hub report (report.c): every station's own report for the period,
 * side by side, in format (REPORT_XLSX needs output; else NULL is
 * standard output). 0 or -1 (printed). */
int hub_report(struct hub_db *db, const struct hub_period *p, enum report_format format, const char *output);
/* loa-hub stations in kind. 0 or -1 (printed). */
int hub_stations(struct hub_db *db, enum fmt_kind kind);

/* Ingests one message of rows from station (hub.c): stores the rows that
 * follow the chain, and writes the acknowledgement to publish into ack
 * (n bytes). 0 with ack set, or -1 when the database failed (nothing is
 * acknowledged: the station sends again). */
int hub_ingest(struct hub_db *db, const char *station, const char *payload, size_t len, char *ack, size_t n,
               int64_t *stored);

#endif
