/*
 * json.h — a small JSON reader over text in memory: what the web
 * console's request bodies and the link's messages (an airing log row
 * with its items, an acknowledgement) are read with.
 *
 * It reads in place and allocates nothing: a walk hands each member's key
 * and the start and end of its value to a callback, which reads the value
 * it wants (json_string, json_int) and skips the rest. Nesting is bounded
 * by the caller (depth, at most JSON_DEPTH_MAX), so no message can make
 * the reader recurse deeper than the caller allowed.
 *
 * Every function returns NULL (or -1) for text that is not what it reads;
 * none says why: the caller names the message and the field.
 */
#ifndef LOA_JSON_H
#define LOA_JSON_H

#include <stddef.h>
#include <stdint.h>

/* The deepest nesting any reader may ask for. */
#define JSON_DEPTH_MAX 8
/* The longest key read; a longer one makes the text unreadable. */
#define JSON_KEY_MAX 128

/* Called for each member of an object: its key, its value's first
 * character and the character after it. Nonzero stops the walk, which
 * then fails. */
typedef int (*json_member_fn)(void *ctx, const char *key, const char *value, const char *end);
/* Called for each element of an array (index from 0), the same way. */
typedef int (*json_element_fn)(void *ctx, int index, const char *value, const char *end);

/* p past any blanks. */
const char *json_blank(const char *p);
/* Reads the string at p (at its opening quote) into buf, n bytes with the
 * NUL (buf NULL: skips it). The character after its closing quote, or
 * NULL (not a string, a NUL escaped into it, or longer than buf). */
const char *json_string(const char *p, char *buf, size_t n);
/* Skips the value at p: a string, a number, true, false, null, or — when
 * depth > 0 — an array or object whose values nest at most depth - 1
 * levels further. The character after it, or NULL. */
const char *json_skip(const char *p, int depth);
/* Walks the object at p ('{'), its members' values nesting at most depth
 * levels (0: no arrays or objects); fn may be NULL. The character after
 * the object, or NULL. */
const char *json_object(const char *p, int depth, json_member_fn fn, void *ctx);
/* Walks the array at p ('['), as json_object. */
const char *json_array(const char *p, int depth, json_element_fn fn, void *ctx);
/* Walks text that is one object and nothing more (blanks aside), as
 * json_object. 0, or -1 when text is not such an object or fn stopped. */
int json_walk(const char *text, int depth, json_member_fn fn, void *ctx);
/* The whole number written between p and end (no fraction, no exponent,
 * within int64_t): 0 and *out, or -1. */
int json_int(const char *p, const char *end, int64_t *out);
/* 1 when the value at p is null. */
int json_is_null(const char *p);

#endif
