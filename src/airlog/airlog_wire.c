/*
 * airlog_wire.c — an airing log row to and from the link's JSON
 * (airlog_wire.h).
 *
 * Key decision: the message carries the row's fields themselves, each one
 * the hash covers, nulls as nulls, and nothing derived from them; the
 * reader fills a struct airlog_row exactly as the store's reader does, so
 * airlog_row_hash gives the same hash at the hub as at the station, and
 * any field changed on the way (or on the station's disk) changes it.
 * One table per object names each key, its type, where it goes and its
 * null bit: the writer and the reader cannot disagree on a key.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/airlog_wire.h"
#include "loa/fmt.h"
#include "loa/json.h"
#include "loa/log.h"

enum wire_type {
	W_I64,    /* an int64_t, AIRLOG_NONE as null */
	W_INT,    /* an int */
	W_TEXT,   /* a const char *, its null bit as null */
	W_STATUS, /* an enum airlog_status, by name */
	W_HASH,   /* a const char * never null (prev_hash, hash) */
	W_ID,     /* an int64_t, positive, 0 (none) as null (bulletin) */
};

/* One key of an object: its type, its place in the struct, its null bit
 * (0: never null). */
struct wire_field {
	const char *key;
	enum wire_type type;
	size_t off;
	int null_bit;
};

#define R(k, t, f, b)                                                                                        \
	{                                                                                                    \
		k, t, offsetof(struct airlog_row, f), b                                                      \
	}
static const struct wire_field row_fields[] = {
    R("id", W_I64, id, 0),
    R("seq", W_I64, seq, 0),
    R("v", W_INT, v, 0),
    R("scheduled_ms", W_I64, scheduled_ms, 0),
    R("started_ms", W_I64, started_ms, 0),
    R("ended_ms", W_I64, ended_ms, 0),
    R("closed_ms", W_I64, closed_ms, 0),
    R("played_ms", W_I64, played_ms, 0),
    R("status", W_STATUS, status, 0),
    R("late", W_INT, late, 0),
    R("delay_ms", W_I64, delay_ms, 0),
    R("reason", W_TEXT, reason, 1),
    R("reason_code", W_TEXT, reason_code, 128),
    R("slot", W_I64, slot_id, 0),
    R("tier", W_TEXT, tier, 2),
    R("clip", W_I64, clip_id, 0),
    R("playlist", W_TEXT, playlist, 4),
    R("title", W_TEXT, title, 8),
    R("topic", W_TEXT, topic, 16),
    R("sha256", W_TEXT, sha256, 32),
    R("device", W_TEXT, device, 64),
    R("requested_by", W_TEXT, requested_by, 512),
    R("approved_by", W_TEXT, approved_by, 256),
    R("bulletin", W_ID, bulletin, 0),
    R("prev_hash", W_HASH, prev_hash, 0),
    R("hash", W_HASH, hash, 0),
};
#undef R
#define NROW ((int)(sizeof row_fields / sizeof row_fields[0]))

#define I(k, t, f, b)                                                                                        \
	{                                                                                                    \
		k, t, offsetof(struct airlog_item, f), b                                                     \
	}
static const struct wire_field item_fields[] = {
    I("position", W_INT, position, 0),
    I("clip", W_I64, clip_id, 0),
    I("title", W_TEXT, title, 0),
    I("topic", W_TEXT, topic, 1),
    I("sha256", W_TEXT, sha256, 2),
    I("started_ms", W_I64, started_ms, 0),
    I("played_ms", W_I64, played_ms, 0),
    I("status", W_STATUS, status, 0),
    I("reason_code", W_TEXT, reason_code, 4),
    I("reason", W_TEXT, reason, 8),
};
#undef I
#define NITEM ((int)(sizeof item_fields / sizeof item_fields[0]))

/* Writes the members of the struct at base as fields say. */
static void
write_fields(FILE *out, const void *base, const struct wire_field *fields, int n, int null_mask)
{
	const char *b = base;

	for (int i = 0; i < n; i++) {
		const struct wire_field *f = &fields[i];
		const char *t;
		int64_t v;

		fprintf(out, "%s\"%s\":", i ? "," : "", f->key);
		switch (f->type) {
		case W_I64:
		case W_INT:
			v = f->type == W_I64 ? *(const int64_t *)(b + f->off) : *(const int *)(b + f->off);
			if (v == AIRLOG_NONE)
				fputs("null", out);
			else
				fprintf(out, "%lld", (long long)v);
			break;
		case W_ID:
			v = *(const int64_t *)(b + f->off);
			if (v > 0)
				fprintf(out, "%lld", (long long)v);
			else
				fputs("null", out);
			break;
		case W_STATUS:
			t = airlog_status_name(*(const enum airlog_status *)(b + f->off));
			fmt_json_string(out, t ? t : "?");
			break;
		case W_TEXT:
		case W_HASH:
			t = *(const char *const *)(b + f->off);
			if (!t || (null_mask & f->null_bit))
				fputs("null", out);
			else
				fmt_json_string(out, t);
			break;
		}
	}
}

void
airlog_wire_topic(char *buf, size_t n, const char *station, const char *kind)
{
	snprintf(buf, n, "loa/%s/%s", station, kind);
}

int
airlog_wire_write(FILE *out, const struct airlog_row *r)
{
	fputc('{', out);
	write_fields(out, r, row_fields, NROW - 2, r->null_mask);
	fputs(",\"items\":[", out);
	for (int k = 0; k < r->nitems; k++) {
		fputs(k ? ",{" : "{", out);
		write_fields(out, &r->items[k], item_fields, NITEM, r->items[k].null_mask);
		fputc('}', out);
	}
	fputc(']', out);
	fputc(',', out);
	write_fields(out, r, row_fields + NROW - 2, 2, 0);
	fputc('}', out);
	return ferror(out) ? -1 : 0;
}

/* What one object's reading carries. */
struct reading {
	struct airlog_wire *w;           /* the row read into */
	const struct wire_field *fields; /* the object's keys */
	int n;                           /* how many */
	char *base;                      /* the struct filled */
	int *null_mask;                  /* its null bits */
	unsigned seen;                   /* bit i: fields[i] was read */
	int items_seen;                  /* the row's "items" was read */
};

/* Keeps the first problem found. Returns -1. */
static int LOA_PRINTF(2, 3) refuse(struct airlog_wire *w, const char *fmt, ...)
{
	va_list ap;

	if (!*w->problem) {
		va_start(ap, fmt);
		vsnprintf(w->problem, sizeof w->problem, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Copies the string at p into w's storage; NULL when it is not one. */
static const char *
keep_string(struct airlog_wire *w, const char *p, const char *end)
{
	char *at = w->text + w->used;

	/* The text is never longer than the JSON that writes it (end - p),
	 * and the storage was sized for the whole object. */
	if (!json_string(p, at, (size_t)(end - p)))
		return NULL;
	w->used += strlen(at) + 1;
	return at;
}

static int read_item(void *ctx, int index, const char *p, const char *end);

static int
read_field(void *ctx, const char *key, const char *p, const char *end)
{
	struct reading *x = ctx;
	struct airlog_wire *w = x->w;
	int i;

	if (x->fields == row_fields && strcmp(key, "items") == 0) {
		if (x->items_seen++ || *p != '[')
			return refuse(w, "\"items\" is not one list");
		return json_array(p, 1, read_item, w) ? 0 : refuse(w, "\"items\" is not a list of items");
	}
	for (i = 0; i < x->n && strcmp(key, x->fields[i].key) != 0; i++)
		;
	if (i == x->n)
		return refuse(w, "unknown field \"%s\"", key);
	const struct wire_field *f = &x->fields[i];
	if (x->seen & (1u << i))
		return refuse(w, "\"%s\" is given twice", key);
	x->seen |= 1u << i;
	if (json_is_null(p)) {
		if (f->type == W_I64 || f->type == W_ID) {
			*(int64_t *)(x->base + f->off) = f->type == W_ID ? 0 : AIRLOG_NONE;
			return 0;
		}
		if (f->type != W_TEXT || !f->null_bit)
			return refuse(w, "\"%s\" may not be null", key);
		*(const char **)(x->base + f->off) = "";
		*x->null_mask |= f->null_bit;
		return 0;
	}
	if (f->type == W_I64 || f->type == W_INT || f->type == W_ID) {
		int64_t v;
		if (json_int(p, end, &v) != 0 || v == AIRLOG_NONE ||
		    (f->type == W_INT && (v < -2147483647 || v > 2147483647)))
			return refuse(w, "\"%s\" is not a whole number", key);
		if (f->type == W_ID && v <= 0)
			return refuse(w, "\"%s\" is not a positive number", key);
		if (f->type != W_INT)
			*(int64_t *)(x->base + f->off) = v;
		else
			*(int *)(x->base + f->off) = (int)v;
		return 0;
	}
	const char *t = *p == '"' ? keep_string(w, p, end) : NULL;
	if (!t)
		return refuse(w, "\"%s\" is not a text", key);
	if (f->type == W_STATUS) {
		enum airlog_status st;
		if (airlog_status_parse(t, &st) != 0)
			return refuse(w, "\"%s\" is not a status: '%s'", key, t);
		*(enum airlog_status *)(x->base + f->off) = st;
		return 0;
	}
	*(const char **)(x->base + f->off) = t;
	return 0;
}

static int
read_item(void *ctx, int index, const char *p, const char *end)
{
	struct airlog_wire *w = ctx;
	struct airlog_item *it;
	struct reading x = {.w = w, .fields = item_fields, .n = NITEM};

	(void)end;
	if (index >= AIRLOG_WIRE_ITEMS_MAX)
		return refuse(w, "more than %d items", AIRLOG_WIRE_ITEMS_MAX);
	if (*p != '{')
		return refuse(w, "item %d is not an object", index + 1);
	if (index % 16 == 0) {
		it = realloc(w->items, (size_t)(index + 16) * sizeof *it);
		if (!it)
			return refuse(w, "out of memory");
		w->items = it;
	}
	it = &w->items[index];
	memset(it, 0, sizeof *it);
	x.base = (char *)it;
	x.null_mask = &it->null_mask;
	if (!json_object(p, 0, read_field, &x))
		return refuse(w, "item %d is not an item", index + 1);
	if (x.seen != (1u << NITEM) - 1)
		for (int i = 0; i < NITEM; i++)
			if (!(x.seen & (1u << i)))
				return refuse(w, "item %d has no \"%s\"", index + 1, item_fields[i].key);
	w->row.nitems = index + 1;
	return 0;
}

void
airlog_wire_free(struct airlog_wire *w)
{
	free(w->items);
	free(w->text);
	memset(w, 0, sizeof *w);
}

const char *
airlog_wire_read(struct airlog_wire *w, const char *p)
{
	const char *end = json_skip(p, AIRLOG_WIRE_DEPTH + 1);
	struct reading x = {.w = w, .fields = row_fields, .n = NROW};
	size_t need;

	airlog_wire_free(w);
	if (*p != '{' || !end) {
		refuse(w, "not an airing log row (a JSON object)");
		return NULL;
	}
	need = (size_t)(end - p) + 1;
	if (!(w->text = malloc(need))) {
		refuse(w, "out of memory");
		return NULL;
	}
	w->cap = need;
	x.base = (char *)&w->row;
	x.null_mask = &w->row.null_mask;
	if (!json_object(p, AIRLOG_WIRE_DEPTH, read_field, &x)) {
		refuse(w, "not an airing log row");
		return NULL;
	}
	for (int i = 0; i < NROW; i++)
		if (!(x.seen & (1u << i))) {
			refuse(w, "the row has no \"%s\"", row_fields[i].key);
			return NULL;
		}
	if (!x.items_seen) {
		refuse(w, "the row has no \"items\"");
		return NULL;
	}
	w->row.items = w->items;
	return end;
}
