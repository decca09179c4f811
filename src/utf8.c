/*
 * utf8.c — normal forms, matching keys and capitals on utf8proc (the only
 * file that includes utf8proc.h).
 *
 * Key decision: utf8proc, not ICU. It is small, has no data files to ship
 * and does exactly the transformations loa needs (decomposition and
 * composition, case folding, "lumping" of the dash and space variants);
 * every string goes through the same path: decompose into code points,
 * rewrite the code points, recompose into UTF-8.
 *
 * The Vietnamese tone-placement rule (utf8_key) works on the decomposed
 * form, where a tone is a combining mark after its vowel: in a word that
 * ends in "oa", "oe" or "uy" (not "quy", whose "u" belongs to the "qu"),
 * a tone mark after the second vowel moves to the first — "hoà" and
 * "hòa" get one key. Marks that are not tones (the circumflex of "ô", the
 * breve of "ă", the horn of "ơ") stop the rule.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "loa/utf8.h"

int
utf8_valid(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;

	while (len > 0) {
		utf8proc_ssize_t n = utf8proc_iterate(p, (utf8proc_ssize_t)len, &cp);
		if (n <= 0 || cp < 0)
			return 0;
		p += n;
		len -= (size_t)n;
	}
	return 1;
}

/* s decomposed (with extra options) into a new code point array with room
 * for utf8proc_reencode; *n is its length. NULL on invalid UTF-8. */
static utf8proc_int32_t *
decompose(const char *s, utf8proc_option_t extra, utf8proc_ssize_t *n)
{
	const utf8proc_option_t o = UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | extra;
	utf8proc_ssize_t need = utf8proc_decompose((const utf8proc_uint8_t *)s, 0, NULL, 0, o), got;
	utf8proc_int32_t *v;

	if (need < 0 || !(v = malloc(((size_t)need + 1) * sizeof *v)))
		return NULL;
	got = utf8proc_decompose((const utf8proc_uint8_t *)s, 0, v, need, o);
	if (got < 0 || got > need) {
		free(v);
		return NULL;
	}
	*n = got;
	return v;
}

/* Recomposes v[0..n) into UTF-8 in place; returns it as a string. */
static char *
recompose(utf8proc_int32_t *v, utf8proc_ssize_t n)
{
	if (utf8proc_reencode(v, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE) < 0) {
		free(v);
		return NULL;
	}
	return (char *)v;
}

static int
is_blank(utf8proc_int32_t c)
{
	utf8proc_category_t k = utf8proc_category(c);

	return k == UTF8PROC_CATEGORY_ZS || k == UTF8PROC_CATEGORY_ZL || k == UTF8PROC_CATEGORY_ZP ||
	       k == UTF8PROC_CATEGORY_CC;
}

/* Drops blanks at both ends and makes each run of blanks one space; with
 * dash_tight, no space is kept next to a '-' either. Returns the length. */
static utf8proc_ssize_t
tidy(utf8proc_int32_t *v, utf8proc_ssize_t n, int dash_tight)
{
	utf8proc_ssize_t w = 0;
	int pending = 0;

	for (utf8proc_ssize_t i = 0; i < n; i++) {
		if (is_blank(v[i])) {
			pending = w > 0;
			continue;
		}
		if (pending && !(dash_tight && (v[i] == '-' || v[w - 1] == '-')))
			v[w++] = ' ';
		pending = 0;
		v[w++] = v[i];
	}
	return w;
}

static int
is_tone(utf8proc_int32_t c)
{
	return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 || c == 0x0323;
}

static int
is_mark(utf8proc_int32_t c)
{
	utf8proc_category_t k = utf8proc_category(c);

	return k == UTF8PROC_CATEGORY_MN || k == UTF8PROC_CATEGORY_MC || k == UTF8PROC_CATEGORY_ME;
}

static int
is_letter(utf8proc_int32_t c)
{
	utf8proc_category_t k = utf8proc_category(c);

	return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) || is_mark(c);
}

/* Moves the tone of a word-final "oa", "oe", "uy" onto its first vowel
 * (v is decomposed and case folded). */
static void
tone_first(utf8proc_int32_t *v, utf8proc_ssize_t n)
{
	for (utf8proc_ssize_t i = 0; i + 2 < n; i++) {
		utf8proc_int32_t a = v[i], b = v[i + 1], t = v[i + 2];
		int pair = (a == 'o' && (b == 'a' || b == 'e')) ||
		           (a == 'u' && b == 'y' && !(i > 0 && v[i - 1] == 'q'));
		if (!pair || !is_tone(t) || (i + 3 < n && is_letter(v[i + 3])))
			continue;
		v[i + 2] = b;
		v[i + 1] = t;
	}
}

char *
utf8_clean(const char *s)
{
	utf8proc_ssize_t n;
	utf8proc_int32_t *v = decompose(s, 0, &n);

	return v ? recompose(v, tidy(v, n, 0)) : NULL;
}

char *
utf8_key(const char *s)
{
	utf8proc_ssize_t n;
	utf8proc_int32_t *v = decompose(s, UTF8PROC_CASEFOLD | UTF8PROC_LUMP | UTF8PROC_IGNORE, &n);

	if (!v)
		return NULL;
	n = tidy(v, n, 1);
	tone_first(v, n);
	return recompose(v, n);
}

char *
utf8_upper(const char *s)
{
	utf8proc_ssize_t n;
	utf8proc_int32_t *v = decompose(s, 0, &n);

	if (!v)
		return NULL;
	for (utf8proc_ssize_t i = 0; i < n; i++)
		v[i] = utf8proc_toupper(v[i]);
	return recompose(v, tidy(v, n, 0));
}

char *
utf8_capital(const char *s)
{
	utf8proc_ssize_t n;
	utf8proc_int32_t *v = decompose(s, 0, &n);

	if (!v)
		return NULL;
	if (n > 0)
		v[0] = utf8proc_toupper(v[0]);
	return recompose(v, n);
}
