/*
 * json.c — the JSON reader (json.h): strings with every escape, numbers,
 * the three words, and arrays and objects to a depth the caller bounds.
 *
 * Key decision: no tree. A message is read where it lies, member by
 * member, by callbacks that copy out what they want; nothing is allocated,
 * and the depth the caller passes bounds the recursion (json_skip and the
 * walks call one another at most depth times), so a hostile message of a
 * million '[' costs one refusal, not the stack.
 */
#include <stdint.h>
#include <string.h>

#include "loa/json.h"

const char *
json_blank(const char *p)
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

const char *
json_string(const char *p, char *buf, size_t n)
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

const char *
json_skip(const char *p, int depth)
{
	if (depth > JSON_DEPTH_MAX)
		depth = JSON_DEPTH_MAX;
	if (*p == '"')
		return json_string(p, NULL, 0);
	if (*p == '[')
		return depth > 0 ? json_array(p, depth - 1, NULL, NULL) : NULL;
	if (*p == '{')
		return depth > 0 ? json_object(p, depth - 1, NULL, NULL) : NULL;
	return scalar(p);
}

const char *
json_object(const char *p, int depth, json_member_fn fn, void *ctx)
{
	char k[JSON_KEY_MAX];
	const char *v;

	if (*p++ != '{')
		return NULL;
	p = json_blank(p);
	if (*p == '}')
		return p + 1;
	for (;;) {
		if (!(p = json_string(p, k, sizeof k)))
			return NULL;
		p = json_blank(p);
		if (*p++ != ':')
			return NULL;
		v = p = json_blank(p);
		if (!(p = json_skip(p, depth)))
			return NULL;
		if (fn && fn(ctx, k, v, p) != 0)
			return NULL;
		p = json_blank(p);
		if (*p == '}')
			return p + 1;
		if (*p++ != ',')
			return NULL;
		p = json_blank(p);
	}
}

const char *
json_array(const char *p, int depth, json_element_fn fn, void *ctx)
{
	const char *v;

	if (*p++ != '[')
		return NULL;
	p = json_blank(p);
	if (*p == ']')
		return p + 1;
	for (int i = 0;; i++) {
		v = p;
		if (!(p = json_skip(p, depth)))
			return NULL;
		if (fn && fn(ctx, i, v, p) != 0)
			return NULL;
		p = json_blank(p);
		if (*p == ']')
			return p + 1;
		if (*p++ != ',')
			return NULL;
		p = json_blank(p);
	}
}

int
json_walk(const char *text, int depth, json_member_fn fn, void *ctx)
{
	const char *p = text ? json_blank(text) : NULL;

	if (!p || !(p = json_object(p, depth, fn, ctx)))
		return -1;
	return *json_blank(p) ? -1 : 0;
}

int
json_int(const char *p, const char *end, int64_t *out)
{
	uint64_t v = 0, max = (uint64_t)INT64_MAX;
	int neg = 0;

	if (p < end && *p == '-')
		neg = 1, p++, max++;
	if (p == end)
		return -1;
	for (; p < end; p++) {
		if (*p < '0' || *p > '9' || v > (max - (uint64_t)(*p - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

int
json_is_null(const char *p)
{
	return strncmp(p, "null", 4) == 0;
}
