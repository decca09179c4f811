/*
 * json_in.c — reads the console's request bodies: one JSON object of
 * strings, numbers, booleans, nulls and arrays of those ({"user": "...",
 * "password": "..."}, {"name": "...", "clips": [3, 1, 2]}). Nothing
 * deeper is accepted: no endpoint takes it, and a reader one level deep
 * has no depth to exhaust. web_json_get reads a string, web_json_ids a
 * list of numbers, web_json_value any single value with its kind (the
 * schedule's {"clip": 3, "enabled": false, "version": 2}).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "web/web.h"

static const char *
blank(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static int
hex4(const char *p, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

/* Appends code point u to buf as UTF-8 (at *at, keeping room for the NUL). */
static int
put_utf8(char *buf, size_t n, size_t *at, unsigned u)
{
	unsigned char b[4];
	size_t k;

	if (u < 0x80)
		b[0] = (unsigned char)u, k = 1;
	else if (u < 0x800)
		b[0] = (unsigned char)(0xC0 | u >> 6), b[1] = (unsigned char)(0x80 | (u & 63)), k = 2;
	else if (u < 0x10000)
		b[0] = (unsigned char)(0xE0 | u >> 12), b[1] = (unsigned char)(0x80 | ((u >> 6) & 63)),
		b[2] = (unsigned char)(0x80 | (u & 63)), k = 3;
	else
		b[0] = (unsigned char)(0xF0 | u >> 18), b[1] = (unsigned char)(0x80 | ((u >> 12) & 63)),
		b[2] = (unsigned char)(0x80 | ((u >> 6) & 63)), b[3] = (unsigned char)(0x80 | (u & 63)),
		k = 4;
	if (buf) {
		if (*at + k >= n)
			return -1;
		memcpy(buf + *at, b, k);
	}
	*at += k;
	return 0;
}

/* Reads the string at p (at its opening quote) into buf (NULL: skip it).
 * Returns the character after its closing quote, or NULL. */
static const char *
string(const char *p, char *buf, size_t n)
{
	size_t at = 0;
	unsigned u, lo;

	if (*p++ != '"')
		return NULL;
	while (*p != '"') {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p != '\\') {
			if (buf) {
				if (at + 1 >= n)
					return NULL;
				buf[at] = *p;
			}
			at++, p++;
			continue;
		}
		p++;
		switch (*p) {
		case '"':
		case '\\':
		case '/':
			u = (unsigned char)*p;
			break;
		case 'b':
			u = '\b';
			break;
		case 'f':
			u = '\f';
			break;
		case 'n':
			u = '\n';
			break;
		case 'r':
			u = '\r';
			break;
		case 't':
			u = '\t';
			break;
		case 'u':
			if (hex4(p + 1, &u) != 0)
				return NULL;
			p += 4;
			if (u >= 0xD800 && u < 0xDC00) {
				if (p[1] != '\\' || p[2] != 'u' || hex4(p + 3, &lo) != 0 || lo < 0xDC00 ||
				    lo > 0xDFFF)
					return NULL;
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				p += 6;
			} else if (u >= 0xDC00 && u < 0xE000) {
				return NULL;
			}
			if (u == 0)
				return NULL; /* a NUL would cut the text short */
			break;
		default:
			return NULL;
		}
		if (put_utf8(buf, n, &at, u) != 0)
			return NULL;
		p++;
	}
	if (buf)
		buf[at] = 0;
	return p + 1;
}

/* Skips a number, true, false or null. */
static const char *
scalar(const char *p)
{
	static const char *const words[] = {"true", "false", "null"};
	const char *s = p;

	for (int i = 0; i < 3; i++)
		if (strncmp(p, words[i], strlen(words[i])) == 0)
			return p + strlen(words[i]);
	if (*p == '-')
		p++;
	while ((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E' || *p == '+' || *p == '-')
		p++;
	return p > s && (s[0] != '-' || p > s + 1) ? p : NULL;
}

/* Skips a value: a string, a scalar, or an array of those. */
static const char *
value(const char *p)
{
	if (*p == '"')
		return string(p, NULL, 0);
	if (*p != '[')
		return scalar(p);
	p = blank(p + 1);
	if (*p == ']')
		return p + 1;
	for (;;) {
		if (!(p = *p == '"' ? string(p, NULL, 0) : *p == '[' ? NULL : scalar(p)))
			return NULL;
		p = blank(p);
		if (*p == ']')
			return p + 1;
		if (*p++ != ',')
			return NULL;
		p = blank(p);
	}
}

/* The value of the first member key of the object text, at its first
 * character, or NULL when there is none. -1 when text is not an object
 * of values value() skips, else 0. */
static int
member(const char *text, const char *key, const char **at)
{
	char k[128];
	const char *p = text ? blank(text) : NULL;

	*at = NULL;
	if (!p || *p++ != '{')
		return -1;
	p = blank(p);
	if (*p == '}')
		return *blank(p + 1) ? -1 : 0;
	for (;;) {
		if (!(p = string(p, k, sizeof k)))
			return -1;
		p = blank(p);
		if (*p++ != ':')
			return -1;
		p = blank(p);
		if (!*at && strcmp(k, key) == 0)
			*at = p;
		if (!(p = value(p)))
			return -1;
		p = blank(p);
		if (*p == '}')
			break;
		if (*p++ != ',')
			return -1;
		p = blank(p);
	}
	return *blank(p + 1) ? -1 : 0;
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

/* The value at p (what value() skips) shown for a message: at most n - 1
 * bytes (n > 4), cut between two characters with "...". */
static void
shown(const char *p, char *out, size_t n)
{
	const char *end = value(p);
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
	p = blank(p + 1);
	if (*p == ']')
		return 1;
	for (;;) {
		const char *s = p;
		int64_t v = 0;

		/* A whole number from 1, in at most 15 digits (what a double,
		 * and so a page's script, holds exactly). */
		while (*p >= '0' && *p <= '9' && p - s < 16)
			v = v * 10 + (*p++ - '0');
		if (p == s || p - s > 15 || v <= 0 || (*blank(p) != ',' && *blank(p) != ']')) {
			shown(s, bad, nbad);
			return -2;
		}
		if (*n == max)
			return -3;
		ids[(*n)++] = v;
		p = blank(p);
		if (*p == ']')
			return 1;
		p = blank(p + 1);
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
	if (p == s || p - s > 15 || v <= 0 || (*blank(p) != ',' && *blank(p) != '}')) {
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
	if (!string(at, buf, n))
		return *bad = 1, NULL; /* longer than buf: no value of the endpoint's */
	return buf;
}

/* Walks the object text, calling fn with each key and the start of its
 * value (p), then skipping the value. 0 when text is an object of values
 * value() skips; -1 when it is not, or fn returns -1. */
static int
walk(const char *text, int (*fn)(void *ctx, const char *key, const char *p, const char *end), void *ctx)
{
	char k[128];
	const char *p = text ? blank(text) : NULL, *v;

	if (!p || *p++ != '{')
		return -1;
	p = blank(p);
	if (*p == '}')
		return *blank(p + 1) ? -1 : 0;
	for (;;) {
		if (!(p = string(p, k, sizeof k)))
			return -1;
		p = blank(p);
		if (*p++ != ':')
			return -1;
		v = p = blank(p);
		if (!(p = value(p)))
			return -1;
		if (fn(ctx, k, v, p) != 0)
			return -1;
		p = blank(p);
		if (*p == '}')
			break;
		if (*p++ != ',')
			return -1;
		p = blank(p);
	}
	return *blank(p + 1) ? -1 : 0;
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
	if (*p == '[')
		return -1; /* a list where a single value is read: not the endpoint's */
	if (*p == '"') {
		/* walk() read the string once: it fails now only for room. */
		if (!string(p, x->buf, x->n))
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
