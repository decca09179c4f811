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
 * is not valid UTF-8 or memory ran out (quiet: the caller names the value),
 * unless its comment says otherwise.
 *
 * Text that enters the store as a title or a name is one line
 * (utf8_line_check): no control character, because a line break in a
 * playlist's name became a line of the calendar loa exports, and an ESC
 * in a title was a command to the terminal that lists it. What is already
 * stored is shown with its control characters made visible (utf8_visible).
 */
#ifndef LOA_UTF8_H
#define LOA_UTF8_H

#include <stddef.h>

/* The longest text the store takes, in characters (code points): one rule
 * for the command line, calendars and playlist files alike. */
#define UTF8_TITLE_MAX 500 /* a clip's or slot's title (--title, #EXTINF, SUMMARY) */
#define UTF8_NAME_MAX  80  /* a playlist's, topic's or station's name */
/* Bytes that always hold n characters of UTF-8, NUL included. */
#define UTF8_BYTES(n) (4 * (n) + 1)

/* 0 if the len bytes of s are valid UTF-8 (no overlong forms, no
 * surrogates); else -1 with *bad (if not NULL) the offset of the first
 * byte that is not. */
int utf8_check(const char *s, size_t len, size_t *bad);

/* 1 when s[0..len) is valid UTF-8 (no overlong forms, no surrogates). */
int utf8_valid(const char *s, size_t len);
/* The columns s takes on a terminal (combining marks 0, wide characters 2),
 * whatever the locale; a byte that is not UTF-8 counts one. */
int utf8_width(const char *s);

/* s in NFC, blanks at both ends removed and runs of blanks made one
 * space: how a name is stored. */
char *utf8_clean(const char *s);

/* s in NFC, nothing else changed (a password: its blanks are its own). */
char *utf8_nfc(const char *s);

/* 1 when every character of s is a letter (with its marks: Vietnamese
 * letters are letters), a decimal digit, or one of the ASCII characters in
 * also; else 0, and 0 for invalid UTF-8. "" is 1. */
int utf8_word_chars(const char *s, const char *also);

/* The key two spellings share when they mean the same word: NFC, case
 * folded, dashes and blanks unified, blanks around a dash dropped, and the
 * tone mark of a final "oa", "oe" or "uy" on its first vowel. */
char *utf8_key(const char *s);

/* The key without its diacritics, as an officer types on a keyboard that
 * has none: utf8_key's folding, every mark dropped and "đ" made "d"
 * ("Thứ Hai" -> "thu hai", "ưu tiên" -> "uu tien"). For reading words and
 * dates the officer types, never for telling names apart ("Hòa" and "Hoa"
 * are two people). */
char *utf8_bare(const char *s);

/* s in capitals ("Xã Đức Hòa" -> "XÃ ĐỨC HÒA"), NFC: for a document's
 * header lines. */
char *utf8_upper(const char *s);

/* s with its first letter a capital ("y tế" -> "Y tế"), NFC: a list's
 * name at the head of a table row. */
char *utf8_capital(const char *s);

/* How many characters (code points) s holds; a byte that is not part of
 * valid UTF-8 counts as one. */
size_t utf8_length(const char *s);

/* 1 when c is a code point that has no place in one line of text: C0
 * controls (tab and line breaks included), DEL, C1 controls, the line and
 * paragraph separators, and the bidirectional overrides and isolates (they
 * reorder what a terminal shows). */
int utf8_is_control(long c);

/* What is wrong with a line of text, in words for a message. */
struct utf8_fault {
	char why[200];   /* "it holds a control character (shown as \n)..." */
	char shown[400]; /* the text, made visible and cut to 60 characters */
	int control;     /* 1: a control character; 0: too long */
};

/* 0 when s may be stored as one line of at most max characters; else -1
 * with *f saying why (nothing printed: the caller names the field). */
int utf8_line_check(const char *s, size_t max, struct utf8_fault *f);
/* utf8_line_check, printing "<what> is refused: <why>: '<text>'" and a
 * hint when it fails (what: the field in words, "the title"). 0 or -1. */
int utf8_line_refuse(const char *s, size_t max, const char *what);

/* s with every control character (utf8_is_control) and every byte that is
 * not UTF-8 written visibly, "\n", "\t", "\x1b", "\u0085", and when max is
 * not 0 cut to max characters with "…" after: how stored text is printed
 * on a terminal. Never NULL-on-invalid: NULL only when memory ran out. */
char *utf8_visible(const char *s, size_t max);

/* Cuts s, in place, after its first max characters (never inside one). */
void utf8_cut(char *s, size_t max);
/* The longest end of s that takes at most cols columns on a terminal
 * (utf8_width): a pointer into s, at the start of a character and never
 * at a combining mark. For a file name cut from the left, "…n tin.mp3". */
const char *utf8_tail(const char *s, int cols);

/* Makes s, in place, fit to store as one line: each line break or tab
 * becomes a space, each other control character and each byte that is not
 * UTF-8 a '?'. For text the officer cannot easily change: a file's name
 * on disk, a calendar's SUMMARY, an older station's rows. */
void utf8_line_fix(char *s);

#endif
