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
 *
 * The line check (utf8_line_check) is the one gate every title and name
 * passes on its way into the store, whatever brought it (the command
 * line, a calendar, a playlist file): one rule, one wording, so the
 * officer reads the same message for the same fault everywhere.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/utf8.h"

int
utf8_check(const char *s, size_t len, size_t *bad)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;
	size_t off = 0;

	while (off < len) {
		utf8proc_ssize_t n = utf8proc_iterate(p + off, (utf8proc_ssize_t)(len - off), &cp);
		if (n <= 0 || cp < 0) {
			if (bad)
				*bad = off;
			return -1;
		}
		off += (size_t)n;
	}
	return 0;
}

int
utf8_valid(const char *s, size_t len)
{
	return utf8_check(s, len, NULL) == 0;
}

int
utf8_width(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;
	int w = 0;

	while (*p) {
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
		if (n <= 0 || cp < 0) {
			/* A stray byte: count it as one column, as a terminal shows
			 * its replacement character. */
			w++, p++;
			continue;
		}
		if (utf8proc_charwidth(cp) > 0)
			w += utf8proc_charwidth(cp);
		p += n;
	}
	return w;
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
utf8_nfc(const char *s)
{
	utf8proc_ssize_t n;
	utf8proc_int32_t *v = decompose(s, 0, &n);

	return v ? recompose(v, n) : NULL;
}

int
utf8_word_chars(const char *s, const char *also)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;

	while (*p) {
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
		if (n <= 0)
			return 0;
		if (!is_letter(cp) && utf8proc_category(cp) != UTF8PROC_CATEGORY_ND &&
		    !(cp < 0x80 && cp && strchr(also, (int)cp)))
			return 0;
		p += n;
	}
	return 1;
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
utf8_bare(const char *s)
{
	const utf8proc_option_t o = UTF8PROC_CASEFOLD | UTF8PROC_LUMP | UTF8PROC_IGNORE | UTF8PROC_STRIPMARK;
	utf8proc_ssize_t n;
	utf8proc_int32_t *v = decompose(s, o, &n);

	if (!v)
		return NULL;
	for (utf8proc_ssize_t i = 0; i < n; i++)
		if (v[i] == 0x0111) /* đ has no decomposition: its stroke is not a mark */
			v[i] = 'd';
	return recompose(v, tidy(v, n, 1));
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

/* The code point at s (*n bytes long), or -1 for a byte that is not part
 * of valid UTF-8 (then *n is 1). */
static long
next_cp(const char *s, size_t *n)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);

	if (k <= 0 || cp < 0) {
		*n = 1;
		return -1;
	}
	*n = (size_t)k;
	return cp;
}

size_t
utf8_length(const char *s)
{
	size_t len = 0, n;

	for (; *s; s += n, len++)
		next_cp(s, &n);
	return len;
}

int
utf8_is_control(long c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 ||
	       (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/* Writes the visible form of code point c (or of byte b when c is -1). */
static void
visible_one(long c, unsigned char b, char out[12])
{
	if (c == '\n' || c == '\r' || c == '\t')
		snprintf(out, 12, "\\%c", c == '\n' ? 'n' : c == '\r' ? 'r' : 't');
	else if (c < 0)
		snprintf(out, 12, "\\x%02x", b);
	else if (c < 0x80)
		snprintf(out, 12, "\\x%02lx", c);
	else
		snprintf(out, 12, "\\u%04x", (unsigned)c & 0x1fffff);
}

char *
utf8_visible(const char *s, size_t max)
{
	size_t cap = strlen(s) * 6 + 8, w = 0, n, k = 0;
	char *out = malloc(cap), one[12];

	if (!out)
		return NULL;
	for (; *s; s += n, k++) {
		long c = next_cp(s, &n);
		if (max && k == max) {
			memcpy(out + w, "…", 3);
			w += 3;
			break;
		}
		if (c < 0 || utf8_is_control(c)) {
			visible_one(c, (unsigned char)*s, one);
			memcpy(out + w, one, strlen(one));
			w += strlen(one);
		} else {
			memcpy(out + w, s, n);
			w += n;
		}
	}
	out[w] = 0;
	return out;
}

int
utf8_line_check(const char *s, size_t max, struct utf8_fault *f)
{
	size_t n, len = 0;
	long bad = 0;
	char *v;

	for (const char *p = s; *p; p += n, len++) {
		long c = next_cp(p, &n);
		if (c >= 0 && utf8_is_control(c) && !bad)
			bad = c;
	}
	if (!bad && len <= max)
		return 0;
	f->control = bad != 0;
	if (bad) {
		char one[12];
		visible_one(bad, 0, one);
		snprintf(f->why, sizeof f->why,
		         _("it holds a control character (a line break, a tab or a terminal code; shown here "
		           "as %s)"),
		         one);
	} else {
		snprintf(f->why, sizeof f->why, _("it is %zu characters long, and at most %zu are allowed"),
		         len, max);
	}
	v = utf8_visible(s, 60);
	snprintf(f->shown, sizeof f->shown, "%s", v ? v : "");
	free(v);
	return -1;
}

int
utf8_line_refuse(const char *s, size_t max, const char *what)
{
	struct utf8_fault f;

	if (utf8_line_check(s, max, &f) == 0)
		return 0;
	error(_("%s is refused: %s: '%s'"), what, f.why, f.shown);
	if (f.control)
		hint(_("write it as one line of plain text, without line breaks, tabs or control codes"));
	else
		hint(_("shorten it to at most %zu characters"), max);
	return -1;
}

void
utf8_line_fix(char *s)
{
	char *w = s;
	size_t n;

	while (*s) {
		long c = next_cp(s, &n);
		if ((c >= '\t' && c <= '\r') || c == 0x85 || c == 0x2028 || c == 0x2029) {
			*w++ = ' ';
		} else if (c < 0 || utf8_is_control(c)) {
			*w++ = '?';
		} else {
			memmove(w, s, n);
			w += n;
		}
		s += n;
	}
	*w = 0;
}

void
utf8_cut(char *s, size_t max)
{
	size_t n;

	for (size_t k = 0; *s; s += n, k++) {
		if (k == max) {
			*s = 0;
			return;
		}
		next_cp(s, &n);
	}
}

/* The columns code point c takes (a byte that is not UTF-8: c -1, one). */
static int
cp_width(long c)
{
	int w = c < 0 ? 1 : utf8proc_charwidth((utf8proc_int32_t)c);

	return w > 0 ? w : 0;
}

const char *
utf8_tail(const char *s, int cols)
{
	int w = utf8_width(s);
	size_t n;
	long c;

	while (*s && w > cols) {
		c = next_cp(s, &n);
		w -= cp_width(c);
		s += n;
	}
	/* Never start on a combining mark: it belongs to the letter cut off. */
	while (*s && (c = next_cp(s, &n)) >= 0 && cp_width(c) == 0)
		s += n;
	return s;
}
