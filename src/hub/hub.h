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

/* The zone of a station that has not said its own, and of the dates
 * typed at the hub. */
#define HUB_ZONE "Asia/Ho_Chi_Minh"

/* The hub's schema version (pg.c's steps). */
#define HUB_SCHEMA_VERSION 3

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

/*
 * ---- Bulletins down (doc/link.md, "Bulletins down") ----
 */

#define HUB_BULLETIN_MAX_BYTES (100 * 1024 * 1024) /* the largest audio file sent */
/* An emergency sent without --until ends this long after its start: one
 * without an end stayed retained at the broker for ever, and every
 * station that joined or was set up again later aired it at once. */
#define HUB_EMERGENCY_DEFAULT_MS (24LL * 3600 * 1000)
#define HUB_BULLETIN_AT_MAX      24 /* suggested times of day, at most */

/* A bulletin as the hub stores it. */
struct hub_bulletin {
	int64_t id;                      /* the hub's number (1, 2, ...) */
	char title[512];                 /* its title */
	char topic[256];                 /* its topic ("" with has_topic 0: none) */
	int has_topic;                   /* a topic was given */
	char tier[16];                   /* normal, priority or emergency */
	char name[256];                  /* the audio file's name, without its folder */
	char sha256[65];                 /* its bytes' SHA-256 */
	int64_t bytes;                   /* their length */
	int64_t from_ms;                 /* it may air from (UTC ms) */
	int64_t until_ms;                /* until (-1: no end) */
	char at[HUB_BULLETIN_AT_MAX][6]; /* suggested times, "HH:MM" */
	int nat;                         /* how many */
	char **targets;                  /* the station ids it is for (NULL: all) */
	int ntargets;                    /* how many (0: all) */
	int64_t sent_ms;                 /* when it was sent */
	char sent_by[80];                /* who sent it (the system account; "" unknown) */
	int64_t cleared_ms;              /* when its retained messages were cleared (-1: not) */
};

/* A target station's part of a bulletin (loa-hub bulletin status). */
struct hub_bulletin_target {
	char station[80];       /* the station's id */
	char state[16];         /* what it said: received, scheduled, refused ("" nothing) */
	char code[40];          /* a refusal's code */
	char reason[512];       /* and the station's sentence */
	int64_t clip;           /* the station's clip of it (-1: none said) */
	int64_t state_ms;       /* when the station reached the state (-1: none) */
	int64_t airings;        /* its airings in the rows the hub holds */
	int64_t first_aired_ms; /* the first one's scheduled time (-1: none) */
	int64_t last_heard_ms;  /* when the hub last heard from the station (-1: never) */
};

/* Frees b's targets. */
void hub_bulletin_free(struct hub_bulletin *b);
/* Stores bulletin b with its audio (len bytes) in a transaction left
 * open, setting b->id: commit it (hub_db_bulletin_commit) once the broker
 * holds its messages, or roll it back. 0 or -1 (printed). */
int hub_db_bulletin_add(struct hub_db *db, struct hub_bulletin *b, const void *audio, size_t len);
/* Commits the bulletin added, waking a running loa-hub run (NOTIFY) to
 * plan its clearing. 0 or -1 (printed; rolled back). */
int hub_db_bulletin_commit(struct hub_db *db);
/* Whether the hub has heard from station: 1, 0, or -1 (printed). */
int hub_db_station_known(struct hub_db *db, const char *station);
/* Bulletin id into b (free it): 0, 1 when there is none, -1 (printed). */
int hub_db_bulletin_get(struct hub_db *db, int64_t id, struct hub_bulletin *b);
/* Every bulletin, newest first, into a new array (free each, then it). 0 or -1. */
int hub_db_bulletins(struct hub_db *db, struct hub_bulletin **out, int *n);
/* Bulletin b's target stations (all stations heard, for a bulletin to
 * all) with their state and airings, by id, into a new array. 0 or -1. */
int hub_db_bulletin_targets(struct hub_db *db, const struct hub_bulletin *b, struct hub_bulletin_target **out,
                            int *n);
/* Keeps what station said of bulletin id (t: state, code, reason, clip,
 * state_ms), unless it holds a later word of the station's already, or
 * the bulletin is not the station's. 1 kept, 0 not, -1 (printed). */
int hub_db_bulletin_state(struct hub_db *db, const char *station, int64_t id,
                          const struct hub_bulletin_target *t, int64_t now_ms);
/* The bulletins whose period ended by now_ms and whose messages are
 * still retained, into a new array (*n of them; free each), and the end
 * of the next one's period in *next_ms (INT64_MAX: none). 0 or -1. */
int hub_db_bulletins_due(struct hub_db *db, int64_t now_ms, struct hub_bulletin **out, int *n,
                         int64_t *next_ms);
/* Records that bulletin id's retained messages were cleared. 0 or -1. */
int hub_db_bulletin_cleared(struct hub_db *db, int64_t id, int64_t now_ms);
/* Listens for bulletins added by other processes: 0 or -1 (printed). */
int hub_db_listen(struct hub_db *db);
/* The connection's socket to poll while listening (-1: none). */
int hub_db_fd(struct hub_db *db);
/* Reads what arrived on the socket: 1 when a bulletin was added, 0 when
 * nothing was, -1 when the connection failed (listen again). */
int hub_db_notified(struct hub_db *db);

/* The options of loa-hub bulletin send. */
struct hub_send {
	const char *file;         /* the audio file */
	const char *title;        /* its title */
	const char *topic;        /* its topic, or NULL */
	const char *tier;         /* normal, priority or emergency (or the officer's word) */
	const char **to;          /* "all" or station ids (each may be a comma-separated list) */
	int nto;                  /* how many */
	const char *from, *until; /* its period as typed, or NULL */
	const char *at;           /* "HH:MM,HH:MM", or NULL */
	const char *broker;       /* the broker's url */
	const char *user, *ca;    /* its account and CA (the password: $LOA_HUB_PASSWORD) */
	int json;                 /* print JSON */
};
/* Checks the options before anything is opened, filling b: 0, or -1
 * (printed: a usage error) or -2 (printed: the file). */
int hub_send_check(const struct hub_send *s, struct hub_bulletin *b);
/* loa-hub bulletin send (bulletin.c): stores and publishes. 0 or -1. */
int hub_bulletin_send(struct hub_db *db, const struct hub_send *s, struct hub_bulletin *b);
/* loa-hub bulletin status ID / list (bulletin_show.c). 0 or -1. */
int hub_bulletin_status(struct hub_db *db, int64_t id, enum fmt_kind kind);
int hub_bulletin_list(struct hub_db *db, enum fmt_kind kind);

struct mqtt;
/* A station's message on loa/<station>/bulletins: the states kept. */
void hub_bulletin_states(struct hub_db *db, const char *station, const char *payload, size_t len);
/* Clears the retained messages of the bulletins whose period ended, and
 * says when the next one ends (*next_ms, INT64_MAX: none). 0 or -1. */
int hub_bulletin_expire(struct hub_db *db, struct mqtt *m, int64_t now_ms, int64_t *next_ms);
/* The topic of bulletin id for station (NULL: all) into buf. */
void hub_bulletin_topic(char *buf, size_t n, const char *station, int64_t id);

#endif
