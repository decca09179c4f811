/*
 * link.h — `loa link`: the station's side of the link to the hub
 * (doc/link.md). Its own process, like `loa web`: a link that is down,
 * stuck or crashed never touches an airing; it meets the daemon only in
 * the station's database, whose airing log is its outbox.
 *
 * It sends every closed airing log row after the hub's mark
 * (link_mark.h) in seq order, in batches, QoS 1 over a persistent
 * session, with a bounded number of rows in flight; moves the mark only
 * on the hub's acknowledgement; goes back when the hub asks for rows
 * again; wakes when the daemon commits (inotify on the database's
 * folder, as the daemon itself does); connects again with a growing
 * pause when the broker is away. It deletes nothing.
 */
#ifndef LOA_LINK_H
#define LOA_LINK_H

#include <stdint.h>

#include "loa/link_mark.h"
#include "loa/mqtt.h"

struct station;
struct store;

#define LINK_BATCH_ROWS    200  /* rows in one message */
#define LINK_WINDOW_ROWS   2000 /* rows sent and not yet acknowledged, at most */
#define LINK_KEEPALIVE_S   120  /* the broker's keep-alive: the link's one wake-up while idle */
#define LINK_RESEND_S      60   /* no acknowledgement this long with rows in flight: send them again */
#define LINK_BACKOFF_MAX_S 60   /* the longest pause between two tries to connect */

struct link_options {
	struct mqtt_url broker;         /* the hub's broker */
	const char *station;            /* this station's id at the hub (topics loa/<station>/...) */
	const char *user;               /* the broker account, or NULL */
	const char *password;           /* its password, or NULL */
	const char *ca;                 /* the CA certificate for mqtts, or NULL */
	const char *db_path;            /* the station's database, whose folder is watched */
	const char *report_topic;       /* loa.conf's [report] topic, told to the hub (NULL: CCHC) */
	int batch;                      /* rows per message (0: LINK_BATCH_ROWS) */
	const struct station *settings; /* the station's settings: its zone (bulletins) */
};

/* Runs the link until SIGTERM or SIGINT. 0 on a clean stop, -1 when it
 * could not start (printed). */
int link_run(struct store *s, const struct link_options *o);

/* What link_check found. */
struct link_check {
	int reachable;         /* the broker accepted us */
	char why[256];         /* why not (English), when not */
	int heard;             /* the hub's acknowledgement was read from the broker */
	int64_t hub_through;   /* the seq it acknowledged there */
	char hub_problem[256]; /* the problem it named there, or "" */
	struct link_mark mark; /* the station's own mark and head */
};

/* Connects to the broker, reads the hub's retained acknowledgement
 * (waiting at most timeout_ms) and the station's mark. 0 when it could
 * look (the verdict is in out), -1 on a local error (printed). */
int link_check(struct store *s, const struct link_options *o, int timeout_ms, struct link_check *out);

#endif
