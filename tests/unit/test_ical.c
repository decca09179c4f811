/*
 * test_ical.c — calendars read and rules built and checked, through the
 * core's API (loa/ical.h) only.
 *
 * Every calendar is written here, one property to a line, so a message's
 * line number can be counted by eye. What the core reports goes through a
 * log writer installed by the test (log_set_writer), so refusals and
 * warnings are checked word for word instead of reaching stderr. Instants
 * are worked out in the comments (Asia/Ho_Chi_Minh is UTC+7 all year).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "loa/agenda.h"
#include "loa/ical.h"
#include "loa/log.h"
#include "loa/slot.h"
#include "loa/store.h"
#include "loa/timeutil.h"

#define HCM  "Asia/Ho_Chi_Minh"
#define DAY  86400000LL
#define HOUR 3600000LL
#define T0   1709247600000LL /* 2024-03-01 06:00 +07:00 (23:00Z the day before) */

/* What the core said since the last clear: "error: ...", "warning: ...",
 * "hint: ..." lines. */
static char said[8192];

static void
capture(const struct log_msg *m, void *ctx)
{
	size_t n = strlen(said);
	(void)ctx;

	snprintf(said + n, sizeof said - n, "%s: %s\n",
	         m->hint      ? "hint"
	         : m->warning ? "warning"
	                      : "error",
	         m->text ? m->text : "(advice)");
}

static int
setup(void **state)
{
	(void)state;
	said[0] = 0;
	log_set_writer(capture, NULL);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	log_set_writer(NULL, NULL);
	ical_scratch_free();
	return 0;
}

/* A calendar of the lines given (one VEVENT's, or several), CRLF-ended. */
static char *
calendar(const char *body)
{
	static char buf[4096];

	snprintf(buf, sizeof buf,
	         "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//loa tests//EN\r\n%sEND:VCALENDAR\r\n", body);
	return buf;
}

/* Reads body as a calendar: 0 or -1, as ical_read_text. */
static int
read_cal(const char *body, struct ical_file *f)
{
	const char *text = calendar(body);

	return ical_read_text(text, strlen(text), "t.ics", HCM, f);
}

/* The occurrences of canonical text in [from, to): how many, into v. */
static size_t
expand(const char *text, int64_t from, int64_t to, struct ical_occurrence *out, size_t max)
{
	struct ical_rule *r = ical_rule_load(text, HCM, "test");
	struct ical_occurrence *v = NULL;
	size_t n = 0, cap = 0;

	assert_non_null(r);
	assert_int_equal(ical_rule_expand(r, from, to, 1000, &v, &n, &cap), 0);
	assert_true(n <= max);
	if (n)
		memcpy(out, v, n * sizeof *v);
	free(v);
	ical_rule_free(r);
	return n;
}

/* Checks that canonical text airs once in the day either side of at, at at. */
static void
airs_once_at(const char *text, int64_t at)
{
	struct ical_occurrence v[2];

	assert_int_equal(expand(text, at - DAY, at + DAY, v, 2), 1);
	assert_int_equal(v[0].start_ms, at);
}

static void
test_tzid_event(void **state)
{
	struct ical_file f;
	struct ical_occurrence v[8];
	(void)state;

	assert_int_equal(read_cal("BEGIN:VEVENT\r\nUID:a@t\r\nSUMMARY:Bản tin sáng\r\n"
	                          "DTSTART;TZID=Asia/Ho_Chi_Minh:20240301T060000\r\nDURATION:PT15M\r\n"
	                          "RRULE:FREQ=DAILY;COUNT=3\r\nEND:VEVENT\r\n",
	                          &f),
	                 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.ev[0].uid, "a@t");
	assert_string_equal(f.ev[0].summary, "Bản tin sáng");
	assert_int_equal(f.ev[0].line, 4);
	assert_int_equal(f.ev[0].nov, 0);
	/* 06:00 on 1, 2 and 3 March, 15 minutes each. */
	assert_int_equal(expand(f.ev[0].text, T0 - DAY, T0 + 10 * DAY, v, 8), 3);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(v[i].start_ms, T0 + i * DAY);
		assert_int_equal(v[i].dur_ms, 15 * 60000);
		assert_int_equal(v[i].override, 0);
	}
	ical_file_free(&f);
	assert_string_equal(said, "");
}

static void
test_floating_and_utc_times(void **state)
{
	struct ical_file f;
	(void)state;

	/* A floating time is the station's zone; a UTC one is UTC: 23:00Z is
	 * 06:00 the next morning in Hà Nội. */
	assert_int_equal(read_cal("BEGIN:VEVENT\r\nUID:float@t\r\nDTSTART:20240301T060000\r\nEND:VEVENT\r\n"
	                          "BEGIN:VEVENT\r\nUID:utc@t\r\nDTSTART:20240229T230000Z\r\nEND:VEVENT\r\n",
	                          &f),
	                 0);
	assert_int_equal(f.n, 2);
	airs_once_at(f.ev[0].text, T0);
	airs_once_at(f.ev[1].text, T0);
	ical_file_free(&f);
}

static void
test_windows_zone_name(void **state)
{
	struct ical_file f;
	(void)state;

	/* Outlook's name for UTC+7 (CLDR: Asia/Bangkok), rewritten to IANA. */
	assert_int_equal(read_cal("BEGIN:VEVENT\r\nUID:w@t\r\n"
	                          "DTSTART;TZID=SE Asia Standard Time:20240301T060000\r\nEND:VEVENT\r\n",
	                          &f),
	                 0);
	assert_non_null(strstr(f.ev[0].text, "TZID=Asia/Bangkok:20240301T060000"));
	assert_null(strstr(f.ev[0].text, "SE Asia"));
	airs_once_at(f.ev[0].text, T0);
	ical_file_free(&f);
}

static void
test_unknown_zone_refused(void **state)
{
	struct ical_file f;
	(void)state;

	assert_int_equal(read_cal("BEGIN:VEVENT\r\nUID:m@t\r\nSUMMARY:Sao Hỏa\r\n"
	                          "DTSTART;TZID=Mars/Olympus_Mons:20240301T060000\r\nEND:VEVENT\r\n",
	                          &f),
	                 -1);
	assert_int_equal(f.n, 0);
	assert_string_equal(
	    said, "error: t.ics line 7: unknown time zone 'Mars/Olympus_Mons' (neither an IANA zone "
	          "such as Asia/Ho_Chi_Minh, a Windows zone name, nor a VTIMEZONE of this file naming "
	          "one); the event is refused rather than shifted\n");
}

static void
test_exdate(void **state)
{
	struct ical_file f;
	struct ical_occurrence v[8];
	(void)state;

	/* Daily at 06:00 but not on 2 March (a time) nor on 4 March (a date). */
	assert_int_equal(
	    read_cal("BEGIN:VEVENT\r\nUID:x@t\r\nDTSTART;TZID=Asia/Ho_Chi_Minh:20240301T060000\r\n"
	             "RRULE:FREQ=DAILY;COUNT=5\r\n"
	             "EXDATE;TZID=Asia/Ho_Chi_Minh:20240302T060000\r\nEXDATE;VALUE=DATE:20240304\r\n"
	             "END:VEVENT\r\n",
	             &f),
	    0);
	assert_int_equal(expand(f.ev[0].text, T0 - DAY, T0 + 10 * DAY, v, 8), 3);
	assert_int_equal(v[0].start_ms, T0);
	assert_int_equal(v[1].start_ms, T0 + 2 * DAY);
	assert_int_equal(v[2].start_ms, T0 + 4 * DAY);
	ical_file_free(&f);
}

/* A daily bulletin whose 3 March airing moves to 07:00 with its own title
 * and its own file. */
static const char moved[] =
    "BEGIN:VEVENT\r\nUID:sang@t\r\nSUMMARY:Bản tin sáng\r\n"
    "DTSTART;TZID=Asia/Ho_Chi_Minh:20240301T060000\r\nDURATION:PT15M\r\n"
    "RRULE:FREQ=DAILY;COUNT=4\r\nATTACH:tin-sang.mp3\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:sang@t\r\nRECURRENCE-ID;TZID=Asia/Ho_Chi_Minh:20240303T060000\r\n"
    "SUMMARY:Bản tin sáng (dời sang 7 giờ vì họp dân)\r\n"
    "DTSTART;TZID=Asia/Ho_Chi_Minh:20240303T070000\r\nDURATION:PT10M\r\n"
    "ATTACH;FILENAME=hop-dan.mp3:file:///media/usb/hop-dan.mp3\r\nEND:VEVENT\r\n";

static void
test_override_fields_win(void **state)
{
	struct ical_file f;
	struct ical_occurrence v[8];
	struct ical_override o;
	struct ical_rule *r;
	(void)state;

	assert_int_equal(read_cal(moved, &f), 0);
	assert_int_equal(f.n, 1);
	/* The import sees the override's own file, to resolve it to a clip. */
	assert_string_equal(f.ev[0].attach, "tin-sang.mp3");
	assert_int_equal(f.ev[0].nov, 1);
	assert_int_equal(f.ev[0].ov[0].line, 12);
	assert_string_equal(f.ev[0].ov[0].summary, "Bản tin sáng (dời sang 7 giờ vì họp dân)");
	assert_string_equal(f.ev[0].ov[0].attach, "file:///media/usb/hop-dan.mp3");
	assert_string_equal(f.ev[0].ov[0].attach_name, "hop-dan.mp3");
	/* 06:00 on 1, 2 and 4 March; 07:00 on 3 March, made by override 1. */
	assert_int_equal(expand(f.ev[0].text, T0 - DAY, T0 + 10 * DAY, v, 8), 4);
	assert_int_equal(v[2].start_ms, T0 + 2 * DAY + HOUR);
	assert_int_equal(v[2].dur_ms, 10 * 60000);
	assert_int_equal(v[2].override, 1);
	assert_int_equal(v[3].override, 0);
	/* Its own title; no clip until the import sets the one it found. */
	r = ical_rule_load(f.ev[0].text, HCM, "test");
	assert_non_null(r);
	assert_int_equal(ical_rule_override(r, 1, &o), 0);
	assert_string_equal(o.summary, "Bản tin sáng (dời sang 7 giờ vì họp dân)");
	assert_int_equal(o.clip_id, 0);
	assert_null(o.playlist);
	assert_int_equal(ical_rule_override(r, 2, &o), -1);
	ical_rule_free(r);
	char *text = ical_text_set_override(f.ev[0].text, 1, "X-LOA-CLIP", "42");
	assert_non_null(text);
	r = ical_rule_load(text, HCM, "test");
	assert_non_null(r);
	assert_int_equal(ical_rule_override(r, 1, &o), 0);
	assert_int_equal(o.clip_id, 42);
	ical_rule_free(r);
	assert_null(ical_text_set_override(text, 2, "X-LOA-CLIP", "42"));
	assert_string_equal(said, "error: damaged event text\n");
	free(text);
	ical_file_free(&f);
}

static void
test_override_airs_its_own_clip(void **state)
{
	char dir[] = "/tmp/loa-test-ical-XXXXXX", db[80], cmd[120];
	struct station st = {.name = "t", .tz = HCM, .target_lufs = -16};
	struct ical_file f;
	struct agenda ag;
	struct store *s;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(db, sizeof db, "%s/station.db", dir);
	assert_non_null(s = store_open(db, STORE_CREATE));
	assert_int_equal(store_station_init(s, &st), 0);
	assert_int_equal(read_cal(moved, &f), 0);
	/* The import found clip 77 for the override's ATTACH; the station has
	 * no clip 77 (nor one for the series). */
	char *text = ical_text_set_override(f.ev[0].text, 1, "X-LOA-CLIP", "77");
	struct slot sl = {
	    .uid = "sang@t", .title = "Bản tin sáng", .vevent = text, .enabled = 1, .source = "t"};
	assert_int_equal(store_slot_add(s, &sl), 0);
	assert_int_equal(agenda_build(s, T0 - HOUR, T0 + 4 * DAY, &ag), 0);
	assert_int_equal(ag.n, 4);
	assert_string_equal(ag.v[0].title, "Bản tin sáng");
	assert_int_equal(ag.v[0].clip_id, 0);
	assert_string_equal(ag.v[0].skip_reason, "no clip assigned");
	assert_int_equal(ag.v[2].start_ms, T0 + 2 * DAY + HOUR);
	assert_string_equal(ag.v[2].title, "Bản tin sáng (dời sang 7 giờ vì họp dân)");
	assert_int_equal(ag.v[2].clip_id, 77);
	assert_string_equal(ag.v[2].skip_reason, "its clip is no longer in the library");
	assert_string_equal(ag.v[3].title, "Bản tin sáng");
	agenda_free(&ag);
	/* Built again from the kept expansion: the same. */
	assert_int_equal(agenda_build(s, T0 + 2 * DAY, T0 + 3 * DAY, &ag), 0);
	assert_int_equal(ag.n, 1);
	assert_string_equal(ag.v[0].title, "Bản tin sáng (dời sang 7 giờ vì họp dân)");
	assert_int_equal(ag.v[0].clip_id, 77);
	agenda_free(&ag);
	agenda_cache_drop();
	free(text);
	ical_file_free(&f);
	store_close(s);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void
test_start_off_the_rule(void **state)
{
	struct ical_file f;
	struct ical_occurrence v[8];
	int64_t jan15, jan29;
	(void)state;

	/* 15/01/2027 is a Friday, not January's last (29/01). RFC 5545 counts
	 * DTSTART as the first occurrence: it airs, and COUNT=3 leaves room for
	 * two last Fridays. */
	assert_int_equal(read_cal("BEGIN:VEVENT\r\nUID:hop@t\r\nSUMMARY:Họp dân\r\n"
	                          "DTSTART;TZID=Asia/Ho_Chi_Minh:20270115T090000\r\n"
	                          "RRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=3\r\nEND:VEVENT\r\n",
	                          &f),
	                 0);
	assert_string_equal(
	    said, "warning: t.ics line 7: the start of event 'hop@t', 15/01/2027 09:00, is not on its "
	          "rule 'FREQ=MONTHLY;COUNT=3;BYDAY=-1FR': RFC 5545 airs it as an extra first airing\n");
	assert_int_equal(tz_to_utc(HCM, &(struct civil){2027, 1, 15, 9, 0, 0}, &jan15), 0);
	assert_int_equal(tz_to_utc(HCM, &(struct civil){2027, 1, 29, 9, 0, 0}, &jan29), 0);
	assert_int_equal(expand(f.ev[0].text, jan15 - DAY, jan15 + 400 * DAY, v, 8), 3);
	assert_int_equal(v[0].start_ms, jan15);
	assert_int_equal(v[1].start_ms, jan29);
	assert_int_equal(v[2].start_ms, jan29 + 28 * DAY); /* 26/02 */
	/* A window after it: the start is not there. */
	assert_int_equal(expand(f.ev[0].text, jan15 + 1, jan15 + 400 * DAY, v, 8), 2);
	ical_file_free(&f);

	/* Made from a spec (`loa slot add`): no file or line is named. */
	said[0] = 0;
	struct ical_spec sp = {
	    .uid = "s@t", .zone = HCM, .start = {2027, 1, 15, 9, 0, 0}, .rrule = "FREQ=MONTHLY;BYDAY=-1FR"};
	char *text = ical_spec_text(&sp);
	assert_non_null(text);
	assert_string_equal(
	    said, "warning: the start, 15/01/2027 09:00, is not on the rule 'FREQ=MONTHLY;BYDAY=-1FR': "
	          "RFC 5545 airs it as an extra first airing\n");
	assert_int_equal(expand(text, jan15 - DAY, jan29 + DAY, v, 8), 2);
	assert_int_equal(v[0].start_ms, jan15);
	assert_int_equal(v[1].start_ms, jan29);
	free(text);

	/* On the rule: nothing said, no extra airing. */
	said[0] = 0;
	sp.start.day = 29;
	assert_non_null(text = ical_spec_text(&sp));
	assert_string_equal(said, "");
	assert_int_equal(expand(text, jan15 - DAY, jan29 + DAY, v, 8), 1);
	assert_int_equal(v[0].start_ms, jan29);
	free(text);
}

static void
test_bad_rule_refused(void **state)
{
	struct ical_file f;
	const char *why = NULL;
	(void)state;

	assert_int_equal(ical_rrule_valid("FREQ=WEEKLY;BYDAY=MO,WE,FR"), 0);
	assert_int_equal(ical_rrule_valid("FREQ=SOMETIMES"), -1);
	assert_int_equal(ical_rrule_check("FREQ=SOMETIMES", NULL, HCM, &why), -1);
	assert_non_null(strstr(why, "it is not a rule RFC 5545 knows: FREQ must be SECONDLY, MINUTELY,"));
	assert_int_equal(ical_rrule_check("FREQ=DAILY:BYHOUR=6", NULL, HCM, &why), -1);
	assert_string_equal(why, "a rule is one line of PART=VALUE pairs separated by ';', with no ':'");
	assert_int_equal(ical_rrule_check("FREQ=WEEKLY;BYDAY=2MO", NULL, HCM, &why), -1);
	assert_non_null(strstr(why, "needs FREQ=MONTHLY or FREQ=YEARLY"));
	assert_int_equal(ical_rrule_check("FREQ=DAILY;COUNT=30000", NULL, HCM, &why), -1);
	assert_string_equal(why,
	                    "its COUNT is 30000; loa accepts at most 20000 (use UNTIL or a smaller COUNT)");
	assert_string_equal(said, ""); /* ical_rrule_check prints nothing */

	struct ical_spec sp = {
	    .uid = "t@t", .zone = HCM, .start = {2024, 3, 1, 6, 0, 0}, .rrule = "FREQ=SOMETIMES"};
	assert_null(ical_spec_text(&sp));
	assert_string_equal(said, "error: not a valid recurrence rule: 'FREQ=SOMETIMES'\n"
	                          "hint: write it as RFC 5545 does, e.g. 'FREQ=WEEKLY;BYDAY=MO,WE,FR'\n");

	said[0] = 0;
	assert_int_equal(read_cal("BEGIN:VEVENT\r\nUID:b@t\r\nDTSTART:20240301T060000\r\n"
	                          "RRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\n",
	                          &f),
	                 -1);
	assert_string_equal(said, "error: t.ics line 7: RRULE is not a valid rule: 'FREQ=SOMETIMES'\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_tzid_event, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_floating_and_utc_times, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_windows_zone_name, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_zone_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_exdate, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_override_fields_win, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_override_airs_its_own_clip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_start_off_the_rule, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_rule_refused, setup, teardown),
	};
	log_init(LOG_LEVEL_ERR, 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
