/*
 * test_utf8.c — the spellings officers type fold to one key; names are kept
 * as NFC with tidy spaces; capitals for document headers.
 *
 * The decomposed (NFD) spellings are written with explicit combining marks,
 * as a phone or a macOS file name sends them.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "loa/utf8.h"

static void
same_key(const char *a, const char *b)
{
	char *ka = utf8_key(a), *kb = utf8_key(b);

	assert_non_null(ka);
	assert_non_null(kb);
	if (strcmp(ka, kb) != 0)
		fail_msg("'%s' and '%s' should share a key: '%s' / '%s'", a, b, ka, kb);
	free(ka);
	free(kb);
}

static void
other_key(const char *a, const char *b)
{
	char *ka = utf8_key(a), *kb = utf8_key(b);

	assert_non_null(ka);
	assert_non_null(kb);
	if (strcmp(ka, kb) == 0)
		fail_msg("'%s' and '%s' should not share a key ('%s')", a, b, ka);
	free(ka);
	free(kb);
}

static void
test_case_spaces_and_forms(void **state)
{
	(void)state;
	same_key("Cải cách hành chính", "cải cách hành chính ");
	same_key("Cải cách hành chính", "  CẢI   CÁCH\tHÀNH CHÍNH");
	/* "ả" as a + U+0309, "á" as a + U+0301, "à" as a + U+0300, "í" as i + U+0301. */
	same_key("Cải cách hành chính", "Ca\xcc\x89i ca\xcc\x81"
	                                "ch ha\xcc\x80nh chi\xcc\x81nh");
	same_key("CCHC", "cchc");
	/* A non-breaking space pasted from a word processor. */
	same_key("y tế", "y\xc2\xa0tế");
	same_key("Đức Hòa", "đức hòa");
	other_key("y tế", "ý tế");
	other_key("nông nghiệp", "nông nghiệp mới");
}

static void
test_dashes(void **state)
{
	(void)state;
	same_key("thời sự – chính sách", "thời sự - chính sách");
	same_key("thời sự – chính sách", "thời sự—chính sách");
	same_key("thời sự – chính sách", "Thời sự-Chính sách");
}

static void
test_tone_placement(void **state)
{
	(void)state;
	/* Both placements are taught; they are the same word. */
	same_key("Đức Hòa", "Đức Hoà");
	same_key("sức khỏe", "sức khoẻ");
	same_key("thủy lợi", "thuỷ lợi");
	same_key("hóa", "hoá");
	same_key("Hòa", "HOÀ");
	/* "qu" is one consonant: "quý" has its tone on the y in both. */
	other_key("quý", "qúy");
	/* Before a final consonant there is one placement only. */
	other_key("hoàng", "hòang");
}

static void
test_clean(void **state)
{
	char *c;

	(void)state;
	c = utf8_clean("  Cải   cách\thành chính  ");
	assert_string_equal(c, "Cải cách hành chính");
	free(c);
	c = utf8_clean("Ca\xcc\x89i");
	assert_string_equal(c, "Cải");
	free(c);
	/* The tone stays where the officer put it: only the key folds it. */
	c = utf8_clean("Đức Hoà");
	assert_string_equal(c, "Đức Hoà");
	free(c);
	c = utf8_clean("");
	assert_string_equal(c, "");
	free(c);
}

static void
test_upper(void **state)
{
	char *c;

	(void)state;
	c = utf8_upper("Ủy ban nhân dân xã Đức Hòa");
	assert_string_equal(c, "ỦY BAN NHÂN DÂN XÃ ĐỨC HÒA");
	free(c);
	c = utf8_capital("ủy ban nhân dân");
	assert_string_equal(c, "Ủy ban nhân dân");
	free(c);
	c = utf8_capital("đ");
	assert_string_equal(c, "Đ");
	free(c);
}

static void
test_invalid(void **state)
{
	(void)state;
	assert_null(utf8_key("caf\xe9"));
	assert_null(utf8_clean("\xff"));
	assert_int_equal(utf8_valid("caf\xe9", 4), 0);
	assert_int_equal(utf8_valid("\xed\xa0\x80", 3), 0); /* a surrogate */
	assert_int_equal(utf8_valid("\xc0\xaf", 2), 0);     /* overlong */
	assert_int_equal(utf8_valid("Hòa", strlen("Hòa")), 1);
}

/* The one gate for stored text: one line, bounded in characters. */
/* One validator and one width for every module (config, fmt and ical had
 * copies of their own): the first bad byte is named, and widths do not
 * depend on the locale the command runs in. */
static void
test_check_and_width(void **state)
{
	size_t bad = 99;
	(void)state;
	assert_int_equal(utf8_check("Tin CCHC", 8, &bad), 0);
	assert_int_equal(utf8_check("ab\xC3\x28", 4, &bad), -1);
	assert_int_equal(bad, 2);
	assert_int_equal(utf8_check("x\xC0\xAF", 3, &bad), -1); /* overlong "/" */
	assert_int_equal(bad, 1);
	assert_int_equal(utf8_check("\xED\xA0\x80", 3, &bad), -1); /* a surrogate */
	assert_int_equal(bad, 0);
	assert_int_equal(utf8_check("\xE1\xBB", 2, &bad), -1); /* cut short */
	assert_int_equal(bad, 0);
	setlocale(LC_ALL, "C");
	assert_int_equal(utf8_width("Đức Thọ"), 7);
	assert_int_equal(utf8_width("Đu\xCC\x81"
	                            "c"),
	                 3);                             /* "Đúc" decomposed: the mark takes no column */
	assert_int_equal(utf8_width("\xE6\xBC\xA2"), 2); /* a wide character */
	assert_int_equal(utf8_width("a\xFF"
	                            "b"),
	                 3);
	setlocale(LC_ALL, "C.UTF-8");
}

static void
test_line_check(void **state)
{
	struct utf8_fault f;
	char big[4 * 501 + 1] = "";

	(void)state;
	assert_int_equal(utf8_line_check("Bản tin sáng", 12, &f), 0);
	assert_int_equal(utf8_line_check("Bản tin sáng", 11, &f), -1);
	assert_int_equal(f.control, 0);
	assert_non_null(strstr(f.why, "12 characters long"));
	assert_int_equal(utf8_line_check("Tin\r\nBEGIN:VEVENT", 500, &f), -1);
	assert_int_equal(f.control, 1);
	assert_non_null(strstr(f.why, "\\r"));
	assert_string_equal(f.shown, "Tin\\r\\nBEGIN:VEVENT");
	/* DEL, a C1 control, a line separator, a right-to-left override. */
	assert_int_equal(utf8_line_check("a\x7f", 9, &f), -1);
	assert_int_equal(utf8_line_check("a\xc2\x9b", 9, &f), -1);
	assert_int_equal(utf8_line_check("a\xe2\x80\xa8", 9, &f), -1);
	assert_int_equal(utf8_line_check("a\xe2\x80\xae", 9, &f), -1);
	/* 500 three-byte characters are 500, not 1,500. */
	for (int i = 0; i < 500; i++)
		strcat(big, "ệ");
	assert_int_equal(utf8_length(big), 500);
	assert_int_equal(utf8_line_check(big, 500, &f), 0);
	strcat(big, "ệ");
	assert_int_equal(utf8_line_check(big, 500, &f), -1);
	assert_non_null(strstr(f.shown, "…"));
}

static void
test_visible_fix_cut(void **state)
{
	char *v, s[64];

	(void)state;
	v = utf8_visible("x\x1b[2J\t\xc2\x85\xffý", 0);
	assert_string_equal(v, "x\\x1b[2J\\t\\u0085\\xffý");
	free(v);
	v = utf8_visible("ệệệ", 2);
	assert_string_equal(v, "ệệ…");
	free(v);
	snprintf(s, sizeof s,
	         "a\r\nb\x1b\xff\xe2\x80\xa8"
	         "c");
	utf8_line_fix(s);
	assert_string_equal(s, "a  b?? c");
	snprintf(s, sizeof s, "ệệệ");
	utf8_cut(s, 2);
	assert_string_equal(s, "ệệ");
}

/* utf8_tail: the end that fits, cut on a character, never at a mark. */
static void
test_tail(void **state)
{
	/* "Hòa.wav" composed, and decomposed (o + U+0300). */
	static const char nfc[] = "\x48\xc3\xb2\x61.wav", nfd[] = "\x48\x6f\xcc\x80\x61.wav";

	(void)state;
	assert_string_equal(utf8_tail(nfc, 80), nfc);
	assert_string_equal(utf8_tail(nfc, 6), "\xc3\xb2\x61.wav");
	assert_string_equal(utf8_tail(nfc, 5), "a.wav");
	assert_string_equal(utf8_tail(nfd, 6), "\x6f\xcc\x80\x61.wav");
	/* Five columns leave "a.wav": the mark is not left at the start. */
	assert_string_equal(utf8_tail(nfd, 5), "a.wav");
	/* Wide characters take two columns each. */
	assert_string_equal(utf8_tail("\xe4\xb8\xad\xe6\x96\x87", 3), "\xe6\x96\x87");
	assert_string_equal(utf8_tail("abc", 0), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_case_spaces_and_forms),
	    cmocka_unit_test(test_dashes),
	    cmocka_unit_test(test_tone_placement),
	    cmocka_unit_test(test_clean),
	    cmocka_unit_test(test_upper),
	    cmocka_unit_test(test_invalid),
	    cmocka_unit_test(test_check_and_width),
	    cmocka_unit_test(test_line_check),
	    cmocka_unit_test(test_visible_fix_cut),
	    cmocka_unit_test(test_tail),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
