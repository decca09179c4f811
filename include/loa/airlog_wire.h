/*
 * airlog_wire.h — an airing log row as the link sends it to the hub: one
 * JSON object holding every field the row's hash covers (airlog_row.c),
 * SQL NULL as null, so the hub recomputes the hash from the message alone
 * (airlog_row_hash) and trusts a row only when it recomputes and links to
 * the row before it. doc/link.md describes the messages around it.
 *
 *   {"id": 7, "seq": 5, "v": 2, "scheduled_ms": ..., "started_ms": ...,
 *    "ended_ms": ..., "closed_ms": ..., "played_ms": ..., "status": "completed",
 *    "late": 0, "delay_ms": 0, "reason": null, "reason_code": null,
 *    "slot": 3, "tier": "normal", "clip": 4, "playlist": null, "title": "...",
 *    "topic": "...", "sha256": "...", "device": null, "requested_by": null,
 *    "approved_by": null, "bulletin": null, "items": [{"position": 1, "clip": 4, "title": "...",
 *    "topic": null, "sha256": "...", "started_ms": ..., "played_ms": ...,
 *    "status": "completed", "reason_code": null, "reason": null}],
 *    "prev_hash": "...", "hash": "..."}
 *
 * An instant that is not there (AIRLOG_NONE) is null too, and so is a row
 * that names no bulletin ("bulletin": the hub's id of the bulletin whose
 * clip it aired, schema step 15). Every key is required, "bulletin" too.
 */
#ifndef LOA_AIRLOG_WIRE_H
#define LOA_AIRLOG_WIRE_H

#include <stdio.h>

#include "loa/airlog.h"

/* How deep a row's object nests: items, a list of objects of scalars. */
#define AIRLOG_WIRE_DEPTH 2
/* The most items a row read from the wire may have (a programme of more
 * is refused: the daemon never writes one). */
#define AIRLOG_WIRE_ITEMS_MAX 1000

/* The link's topic of kind ("rows", "ack", "status") for station, into
 * buf: loa/<station>/<kind>. */
void airlog_wire_topic(char *buf, size_t n, const char *station, const char *kind);

/* Writes row r (its items included) as one JSON object. 0, or -1 when
 * out failed. */
int airlog_wire_write(FILE *out, const struct airlog_row *r);

/* A row read from the wire; row's strings and items point into it. */
struct airlog_wire {
	struct airlog_row row;     /* the row, as airlog_row_hash takes it */
	struct airlog_item *items; /* its items (row.items) */
	char *text;                /* the strings' storage */
	size_t used, cap;          /* how much of it is taken */
	char problem[256];         /* why the message was refused (English, for the log and the ack) */
};

/* Reads the row object at p into w (whose earlier contents are
 * released): the character after the object, or NULL with w->problem
 * saying which field is wrong or missing. */
const char *airlog_wire_read(struct airlog_wire *w, const char *p);
/* Releases what w holds (w may be read into again). */
void airlog_wire_free(struct airlog_wire *w);

#endif
