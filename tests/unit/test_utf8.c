/*
 * test_utf8.c — the spellings officers type fold to one key; names are kept
 * as NFC with tidy spaces; capitals for document headers.
 *
 * The decomposed (NFD) spellings are written with explicit combining marks,
 * as a phone or a macOS file name sends them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
