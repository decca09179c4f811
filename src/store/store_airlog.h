/*
 * store_airlog.h — what the airing log's store files share: the columns
 * every row and item query selects, and reading a result row into a
 * struct airlog_row with its items (store_airlog.c).
 */
#ifndef LOA_STORE_AIRLOG_H
#define LOA_STORE_AIRLOG_H

#include <stddef.h>
#include <stdint.h>

#include "loa/airlog.h"
#include "store/store_internal.h"

/* The columns every row reader selects, in airlog_row order. */
#define ROW_COLUMNS                                                                                          \
	"id, seq, v, scheduled_ms, started_ms, ended_ms, closed_ms, played_ms, status, late,"                \
	" delay_ms, reason, reason_code, slot_id, tier, clip_id, playlist, title, topic, sha256, device,"    \
	" prev_hash, hash, approved_by, requested_by, bulletin"
/* And every item reader. */
#define ITEM_COLUMNS                                                                                         \
	"airing_id, position, clip_id, title, topic, sha256, started_ms, played_ms, status, reason_code, "   \
	"reason"

/*
 * A row's items, copied out of SQLite's buffers (which the next step of
 * the item query reuses). The strings go into one block; the items point
 * into it once all are read, since the block may move while it grows.
 */
struct store_items {
	struct airlog_item *v; /* the items */
	int n, cap;            /* used, allocated */
	char *text;            /* their strings, NUL-separated */
	size_t tlen, tcap;     /* used, allocated */
	size_t (*off)[5];      /* per item: title, topic, sha256, reason_code, reason offsets */
};

/* Column i as milliseconds, AIRLOG_NONE for NULL. */
int64_t store_col_ms(sqlite3_stmt *st, int i);
/* Column i as a status; -1 (cast) for a word no status has. */
enum airlog_status store_col_status(sqlite3_stmt *st, int i);
/* Column i as text, "" for NULL (setting bit of *mask). */
const char *store_col_text_null(sqlite3_stmt *st, int i, int *mask, int bit);
/* Fills r from the current result row of a ROW_COLUMNS query (no items). */
void store_row_read(sqlite3_stmt *st, struct airlog_row *r);
void store_items_free(struct store_items *b);
/* Adds the current row of an ITEM_COLUMNS query. 0 or -1 (out of memory). */
int store_items_add(struct store_items *b, sqlite3_stmt *st);
/* Points the items' strings into the block, and r at the items. */
void store_items_attach(struct store_items *b, struct airlog_row *r);
/* Reads row id's items into b (emptied first). 0 or -1 (printed). */
int store_items_load(struct store *s, int64_t id, struct store_items *b);

#endif
