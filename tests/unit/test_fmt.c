/*
 * test_fmt.c — the three listing formats agree and escape correctly.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/utf8.h"

static const struct fmt_col cols[] = {
    {"id", FMT_NUM, NULL, NULL},
    {"title", FMT_TEXT, "Tiêu đề", NULL},
    {"loudness", FMT_NUM, NULL, NULL},
};

static char *
render(enum fmt_kind kind, int flags, const char *const rows[][3], int n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct fmt *t = fmt_open(f, kind, cols, 3, flags);

	for (int i = 0; i < n; i++)
		assert_int_equal(fmt_row(t, rows[i]), 0);
	assert_int_equal(fmt_close(t), 0);
	fclose(f);
	return buf;
}

static const char *const rows[][3] = {
    {"1", "Cải cách hành chính, \"một cửa\"", "-16.0"},
    {"2", "line\nbreak", NULL},
};

static void
test_csv(void **state)
{
	char *s = render(FMT_CSV, 0, rows, 2);
	(void)state;
	assert_string_equal(s, "id,title,loudness\r\n"
	                       "1,\"Cải cách hành chính, \"\"một cửa\"\"\",-16.0\r\n"
	                       "2,\"line\nbreak\",\r\n");
	free(s);
	s = render(FMT_CSV, FMT_BOM, rows, 0);
	assert_string_equal(s, "\xEF\xBB\xBFid,title,loudness\r\n");
	free(s);
}

static void
test_json(void **state)
{
	char *s = render(FMT_JSON, 0, rows, 2);
	(void)state;
	assert_string_equal(s, "[\n  {\"id\": 1, \"title\": \"Cải cách hành chính, \\\"một cửa\\\"\", "
	                       "\"loudness\": -16.0},\n"
	                       "  {\"id\": 2, \"title\": \"line\\nbreak\", \"loudness\": null}\n]\n");
	free(s);
	s = render(FMT_JSON, 0, rows, 0);
	assert_string_equal(s, "[]\n");
	free(s);
}

static void
test_table_widths(void **state)
{
	const char *const r[][3] = {{"10", "Đức Thọ", "-9.5"}};
	char *s = render(FMT_TABLE, 0, r, 1);
	(void)state;
	/* "Tiêu đề" is 7 columns wide though 10 bytes long. */
	assert_string_equal(s, "id  Tiêu đề  loudness\n"
	                       "10  Đức Thọ      -9.5\n");
	free(s);
	assert_int_equal(utf8_width("Đức Thọ"), 7);
}

static void
test_parse_kind(void **state)
{
	enum fmt_kind k;
	(void)state;
	assert_int_equal(fmt_parse_kind("json", &k), 0);
	assert_int_equal(k, FMT_JSON);
	assert_int_equal(fmt_parse_kind("xml", &k), -1);
}

/* fmt_int and fmt_tenths against printf, at every digit-count boundary. */
static void
test_numbers(void **state)
{
	static const int64_t v[] = {0,
	                            1,
	                            9,
	                            10,
	                            49,
	                            50,
	                            99,
	                            100,
	                            101,
	                            999,
	                            1000,
	                            12345,
	                            99999,
	                            100000,
	                            1000000007,
	                            INT64_MAX / 10,
	                            INT64_MAX - 50,
	                            INT64_MAX,
	                            -1,
	                            -9,
	                            -10,
	                            -49,
	                            -50,
	                            -51,
	                            -99,
	                            -100,
	                            -12345,
	                            INT64_MIN + 50,
	                            INT64_MIN + 1,
	                            INT64_MIN};
	char got[FMT_INT_LEN], want[64], tenths[32];
	(void)state;
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		snprintf(want, sizeof want, "%" PRId64, v[i]);
		assert_string_equal(fmt_int(got, v[i]), want);
		if (v[i] > INT64_MIN + 50 && v[i] < INT64_MAX - 50) {
			int64_t t = (v[i] + (v[i] < 0 ? -50 : 50)) / 100;
			snprintf(want, sizeof want, "%s%" PRId64 ".%" PRId64, t < 0 ? "-" : "",
			         (t < 0 ? -t : t) / 10, (t < 0 ? -t : t) % 10);
			assert_string_equal(fmt_tenths(tenths, sizeof tenths, v[i]), want);
		}
	}
	assert_string_equal(fmt_tenths(tenths, sizeof tenths, 180250), "180.3");
	assert_string_equal(fmt_tenths(tenths, sizeof tenths, 180249), "180.2");
	assert_string_equal(fmt_tenths(tenths, sizeof tenths, -180250), "-180.3");
	assert_string_equal(fmt_tenths(tenths, 4, 180250), "180"); /* cut to fit, like snprintf */
	assert_string_equal(fmt_tenths(tenths, 1, 180250), "");
}

/* A word list for FMT_WORD: the reader's word for "priority". */
static const char *
tier_word(const char *v)
{
	return strcmp(v, "priority") == 0 ? C_("tier", "priority") : v;
}

static const struct fmt_col typed[] = {
    {"tier", FMT_WORD, NULL, tier_word},    {"late", FMT_BOOL, NULL, NULL},
    {"from", FMT_DATE, NULL, NULL},         {"at", FMT_INSTANT, NULL, NULL},
    {"started", FMT_INSTANT_S, NULL, NULL}, {"played", FMT_NUM, NULL, NULL},
    {"note", FMT_TEXT, NULL, NULL},
};
static const char *const typed_row[] = {
    "priority", "true", "2026-07-01", "2026-07-01T06:00:00+07:00", "2026-07-01T06:00:03+07:00", "76.4", NULL};

static char *
render_typed(enum fmt_kind kind)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct fmt *t = fmt_open(f, kind, typed, 7, 0);

	assert_int_equal(fmt_row(t, typed_row), 0);
	assert_int_equal(fmt_close(t), 0);
	fclose(f);
	return buf;
}

/* Under Vietnamese messages (LANGUAGE=vi, the catalogue in LOA_LOCALEDIR)
 * a table puts each typed cell in the reader's words; CSV and JSON are
 * what they are in English. */
static void
test_typed_cells(void **state)
{
	const char *csv =
	    "tier,late,from,at,started,played,note\r\n"
	    "priority,true,2026-07-01,2026-07-01T06:00:00+07:00,2026-07-01T06:00:03+07:00,76.4,\r\n";
	const char *json =
	    "[\n  {\"tier\": \"priority\", \"late\": true, \"from\": \"2026-07-01\", "
	    "\"at\": \"2026-07-01T06:00:00+07:00\", \"started\": \"2026-07-01T06:00:03+07:00\", "
	    "\"played\": 76.4, \"note\": null}\n]\n";
	char *s;
	(void)state;

	unsetenv("LANGUAGE");
	i18n_init();
	s = render_typed(FMT_TABLE);
	assert_string_equal(
	    s, "tier      late  from        at                started              played  note\n"
	       "priority  yes   2026-07-01  2026-07-01 06:00  2026-07-01 06:00:03    76.4  \n");
	free(s);
	s = render_typed(FMT_CSV);
	assert_string_equal(s, csv);
	free(s);

	setenv("LANGUAGE", "vi", 1);
	i18n_init();
	assert_string_equal(i18n_language(), "vi");
	assert_int_equal(i18n_decimal_point(), ',');
	s = render_typed(FMT_TABLE);
	assert_string_equal(s,
	                    "tier     late  from        at                started              played  note\n"
	                    "ưu tiên  có    01/07/2026  01/07/2026 06:00  01/07/2026 06:00:03    76,4  \n");
	free(s);
	s = render_typed(FMT_CSV);
	assert_string_equal(s, csv);
	free(s);
	s = render_typed(FMT_JSON);
	assert_string_equal(s, json);
	free(s);
	/* A cell that is not what its type says is shown as it is. */
	const char *odd[] = {"someday", "maybe", "July", "soon", "", "n/a", "x"};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct fmt *t = fmt_open(f, FMT_TABLE, typed, 7, 0);
	assert_int_equal(fmt_row(t, odd), 0);
	assert_int_equal(fmt_close(t), 0);
	fclose(f);
	assert_non_null(strstr(buf, "someday  maybe  July  soon"));
	free(buf);
	unsetenv("LANGUAGE");
	i18n_init();
}

/* A JSON row's text cells (plain bytes found 8 at a time) escape as
 * fmt_json_string does, whatever the length and wherever the byte to
 * escape falls. */
static void
test_json_runs(void **state)
{
	static const struct fmt_col one[] = {{"t", FMT_TEXT, "t", NULL}};
	static const char *const special[] = {"\"", "\\", "\n", "\x1f", "\x01", "\xc3\xa9", "x"};
	char cell[64], *row, *want;
	size_t rlen, wlen;
	(void)state;
	for (size_t k = 0; k < sizeof special / sizeof special[0]; k++)
		for (int len = 0; len <= 40; len++)
			for (int pos = 0; pos <= len; pos++) {
				memset(cell, 'a', (size_t)len);
				cell[len] = 0;
				if (pos < len) {
					memcpy(cell + pos, special[k], strlen(special[k]));
					cell[pos + strlen(special[k]) < (size_t)len
					         ? (size_t)len
					         : pos + strlen(special[k])] = 0;
				}
				FILE *f = open_memstream(&row, &rlen), *g = open_memstream(&want, &wlen);
				struct fmt *fm = fmt_open(f, FMT_JSON, one, 1, FMT_SINGLE);
				const char *cells[] = {cell};
				fmt_row(fm, cells);
				fmt_close(fm);
				fputs("{\"t\": ", g);
				fmt_json_string(g, cell);
				fputs("}\n", g);
				fclose(f);
				fclose(g);
				assert_string_equal(row, want);
				free(row);
				free(want);
			}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_csv),          cmocka_unit_test(test_json),
	    cmocka_unit_test(test_table_widths), cmocka_unit_test(test_parse_kind),
	    cmocka_unit_test(test_numbers),      cmocka_unit_test(test_typed_cells),
	    cmocka_unit_test(test_json_runs),
	};
	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
