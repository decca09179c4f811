/*
 * utf8.h — Unicode text as officers type it: normal forms, matching keys,
 * capitals (only utf8.c includes utf8proc).
 *
 * Vietnamese reaches loa in several spellings of the same word: composed
 * (NFC, what most keyboards send) or decomposed (NFD, from some phones and
 * from macOS file names), with the tone mark on either vowel of "oa", "oe",
 * "uy" ("hòa" and "hoà", "thủy" and "thuỷ": both are taught), in any case,
 * with stray or doubled spaces and with "-", "–" or "—" between words. What
 * loa stores is NFC with spaces tidied (utf8_clean); what it compares is a
 * key (utf8_key) that folds every one of those differences away.
 *
 * Every function returns a string the caller frees, or NULL when the input
 * is not valid UTF-8 or memory ran out (quiet: the caller names the value).
 */
#ifndef LOA_UTF8_H
#define LOA_UTF8_H

#include <stddef.h>

/* 1 when s[0..len) is valid UTF-8 (no overlong forms, no surrogates). */
int utf8_valid(const char *s, size_t len);

/* s in NFC, blanks at both ends removed and runs of blanks made one
 * space: how a name is stored. */
char *utf8_clean(const char *s);

/* The key two spellings share when they mean the same word: NFC, case
 * folded, dashes and blanks unified, blanks around a dash dropped, and the
 * tone mark of a final "oa", "oe" or "uy" on its first vowel. */
char *utf8_key(const char *s);

/* s in capitals ("Xã Đức Hòa" -> "XÃ ĐỨC HÒA"), NFC: for a document's
 * header lines. */
char *utf8_upper(const char *s);

/* s with its first letter a capital ("y tế" -> "Y tế"), NFC: a list's
 * name at the head of a table row. */
char *utf8_capital(const char *s);

#endif
