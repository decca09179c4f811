/*
 * json_in.c — reads the console's request bodies: one JSON object of
 * strings, numbers, booleans, nulls and lists of those ({"user": "...",
 * "password": "..."}, {"name": "...", "clips": [3, 1, 2]}); no deeper
 * list and no object inside: no endpoint takes one. The reading itself is
 * the core's (loa/json.h, also the link's); this file is what an endpoint
 * asks of a body: web_json_get reads a string, web_json_ids a list of
 * numbers, web_json_value any single value with its kind (the schedule's
 * {"clip": 3, "enabled": false, "version": 2}).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "loa/json.h"
#include "web/web.h"

/* How deep a body nests: a member's value is a scalar or a list of them
 * ({"clips": [3, 1, 2]}); no endpoint takes more. */
#define WEB_JSON_DEPTH 1

/* A walk of a body (json_walk) that also refuses an object as a value,
 * or in a list: one level of lists, never objects. */
struct flat {
	json_member_fn fn; /* the caller's callback */
	void *ctx;         /* and its context */
};

static int
flat_member(void *ctx, const char *key, const char *p, const char *end)
{
	struct flat *x = ctx;

	if (*p == '{' || (*p == '[' && !json_array(p, 0, NULL, NULL)))
		return -1;
	return x->fn(x->ctx, key, p, end);
}

static int
walk(const char *text, json_member_fn fn, void *ctx)
{
	struct flat x = {fn, ctx};

	return json_walk(text, WEB_JSON_DEPTH, flat_member, &x);
}

/* The value of the first member key of the object text, at its first
 * character, or NULL when there is none. -1 when text is not an object
 * of the values a body may hold (WEB_JSON_DEPTH), else 0. */
struct member_at {
	const char *key; /* the key looked for */
	const char *at;  /* its value, once found */
};

static int
member_at(void *ctx, const char *key, const char *p, const char *end)
{
	struct member_at *x = ctx;

	(void)end;
	if (!x->at && strcmp(key, x->key) == 0)
		x->at = p;
	return 0;
}

static int
member(const char *text, const char *key, const char **at)
{
	struct member_at x = {key, NULL};
	int rc = walk(text, member_at, &x);

	*at = rc == 0 ? x.at : NULL;
	return rc;
}

char
web_json_type(const char *text, const char *key)
{
	const char *at;

	if (member(text, key, &at) != 0 || !at)
		return 0;
	if (*at == '"' || *at == '[')
		return *at;
	if (strncmp(at, "true", 4) == 0 || strncmp(at, "false", 5) == 0)
		return 'b';
	return strncmp(at, "null", 4) == 0 ? 'z' : '0';
}

/* The value at p (what json_skip() skips) shown for a message: at most n - 1
 * bytes (n > 4), cut between two characters with "...". */
static void
shown(const char *p, char *out, size_t n)
{
	const char *end = json_skip(p, WEB_JSON_DEPTH);
	size_t len = end ? (size_t)(end - p) : strcspn(p, ",]}");

	if (len < n) {
		snprintf(out, n, "%.*s", (int)len, p);
		return;
	}
	len = n - 4;
	while (len && ((unsigned char)p[len] & 0xC0) == 0x80)
		len--;
	snprintf(out, n, "%.*s...", (int)len, p);
}

int
web_json_ids(const char *text, const char *key, int64_t *ids, int max, int *n, char *bad, size_t nbad)
{
	const char *p;

	*n = 0;
	bad[0] = 0;
	if (member(text, key, &p) != 0)
		return -1;
	if (!p)
		return 0;
	if (*p != '[') {
		shown(p, bad, nbad);
		return -2;
	}
	p = json_blank(p + 1);
	if (*p == ']')
		return 1;
	for (;;) {
		const char *s = p;
		int64_t v = 0;

		/* A whole number from 1, in at most 15 digits (what a double,
		 * and so a page's script, holds exactly). */
		while (*p >= '0' && *p <= '9' && p - s < 16)
			v = v * 10 + (*p++ - '0');
		if (p == s || p - s > 15 || v <= 0 || (*json_blank(p) != ',' && *json_blank(p) != ']')) {
			shown(s, bad, nbad);
			return -2;
		}
		if (*n == max)
			return -3;
		ids[(*n)++] = v;
		p = json_blank(p);
		if (*p == ']')
			return 1;
		p = json_blank(p + 1);
	}
}

int
web_json_id(const char *text, const char *key, int64_t *id, char *bad, size_t nbad)
{
	const char *p, *s;
	int64_t v = 0;

	*id = 0;
	bad[0] = 0;
	if (member(text, key, &p) != 0)
		return -1;
	if (!p)
		return 0;
	/* As web_json_ids reads each number of its array. */
	for (s = p; *p >= '0' && *p <= '9' && p - s < 16;)
		v = v * 10 + (*p++ - '0');
	if (p == s || p - s > 15 || v <= 0 || (*json_blank(p) != ',' && *json_blank(p) != '}')) {
		shown(s, bad, nbad);
		return -2;
	}
	*id = v;
	return 1;
}

const char *
web_json_get(const char *text, const char *key, char *buf, size_t n, int *bad)
{
	const char *at;

	*bad = member(text, key, &at) != 0;
	if (*bad || !at || *at != '"')
		return NULL;
	if (!json_string(at, buf, n))
		return *bad = 1, NULL; /* longer than buf: no value of the endpoint's */
	return buf;
}

struct value_of {
	const char *key;          /* the key looked for */
	char *buf;                /* where its value goes */
	size_t n;                 /* the room there */
	enum web_json_kind *kind; /* its kind */
	int too_long;             /* it did not fit */
};

static int
value_of(void *ctx, const char *key, const char *p, const char *end)
{
	struct value_of *x = ctx;
	size_t len = (size_t)(end - p);

	if (*x->kind != WEB_JSON_ABSENT || strcmp(key, x->key) != 0)
		return 0;
	if (*p == '[' || *p == '{')
		return -1; /* a list where a single value is read: not the endpoint's */
	if (*p == '"') {
		/* walk() read the string once: it fails now only for room. */
		if (!json_string(p, x->buf, x->n))
			return x->too_long = 1, -1;
		*x->kind = WEB_JSON_STRING;
		return 0;
	}
	if (len >= x->n)
		return x->too_long = 1, -1;
	memcpy(x->buf, p, len);
	x->buf[len] = 0;
	*x->kind = *p == 't'   ? WEB_JSON_TRUE
	           : *p == 'f' ? WEB_JSON_FALSE
	           : *p == 'n' ? WEB_JSON_NULL
	                       : WEB_JSON_NUMBER;
	return 0;
}

int
web_json_value(const char *text, const char *key, char *buf, size_t n, enum web_json_kind *kind)
{
	struct value_of x = {.key = key, .buf = buf, .n = n, .kind = kind};

	*kind = WEB_JSON_ABSENT;
	if (n)
		buf[0] = 0;
	if (walk(text, value_of, &x) == 0)
		return 0;
	*kind = WEB_JSON_ABSENT;
	return x.too_long ? -2 : -1;
}

struct unknown_key {
	const char *const *keys; /* the keys allowed */
	size_t n;                /* how many */
	char *buf;               /* the first other key found */
	size_t bn;               /* the room there */
};

static int
unknown_key(void *ctx, const char *key, const char *p, const char *end)
{
	struct unknown_key *x = ctx;

	(void)p, (void)end;
	for (size_t i = 0; i < x->n; i++)
		if (strcmp(key, x->keys[i]) == 0)
			return 0;
	if (!*x->buf)
		snprintf(x->buf, x->bn, "%s", key);
	return 0;
}

const char *
web_json_unknown(const char *text, const char *const *keys, size_t n, char *buf, size_t bn)
{
	struct unknown_key x = {.keys = keys, .n = n, .buf = buf, .bn = bn};

	buf[0] = 0;
	if (walk(text, unknown_key, &x) != 0)
		return NULL;
	return *buf ? buf : NULL;
}
