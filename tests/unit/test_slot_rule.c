/*
 * test_slot_rule.c — the officer's choices of when a slot airs, as RRULEs
 * (slot_rule.h), and the errors a form shows beside the choice at fault.
 *
 * Expected UNTIL values: the last day's 23:59:59 in Asia/Ho_Chi_Minh
 * (UTC+7, no daylight saving) is 16:59:59 UTC; weekdays of 2024 checked
 * with `cal 2024`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "loa/log.h"
#include "loa/slot.h"
#include "loa/slot_rule.h"

#define ZONE "Asia/Ho_Chi_Minh"

/* What the writer was handed: the last error, and how many messages;
 * the last hint apart. */
struct seen {
	int n;
	enum log_level level;
	enum err_kind kind;
	char field[16];
	char text[512];
	int hints;
	char hint[512];
};

static void
capture(const struct log_msg *m, void *ctx)
{
	struct seen *s = ctx;

	if (m->hint) {
		s->hints++;
		snprintf(s->hint, sizeof s->hint, "%s", m->text ? m->text : "");
		return;
	}
	if (m->level > LOG_LEVEL_WARNING)
		return; /* info: a note saying how a date was read */
	s->n++;
	s->level = m->level;
	s->kind = m->kind;
	snprintf(s->field, sizeof s->field, "%s", m->field ? m->field : "");
	snprintf(s->text, sizeof s->text, "%s", m->text ? m->text : "");
}

/* Builds w's rules with the writer capturing; returns what it returned. */
static int
build(const struct slot_when *w, struct slot_rules *r, struct seen *s)
{
	int rc;

	memset(s, 0, sizeof *s);
	log_set_writer(capture, s);
	rc = slot_rules_build(w, r);
	log_set_writer(NULL, NULL);
	return rc;
}

static void
assert_civil(const struct civil *c, int y, int mo, int d, int h, int mi, int sec)
{
	assert_int_equal(c->year, y);
	assert_int_equal(c->month, mo);
	assert_int_equal(c->day, d);
	assert_int_equal(c->hour, h);
	assert_int_equal(c->min, mi);
	assert_int_equal(c->sec, sec);
}

static void
test_quarter_mon_to_sat(void **state)
{
	struct slot_when w = {.zone = ZONE,
	                      .at = "06:00,17:00",
	                      .days = "mon-sat",
	                      .from = "2024-01-01",
	                      .until = "2024-03-31"};
	struct slot_rules r;
	struct seen s;
	char *text;

	(void)state;
	assert_int_equal(build(&w, &r, &s), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(r.n, 1); /* same minute: one rule with two hours */
	assert_string_equal(
	    r.v[0].rrule, "FREQ=DAILY;BYHOUR=6,17;BYMINUTE=0;BYDAY=MO,TU,WE,TH,FR,SA;UNTIL=20240331T165959Z");
	assert_civil(&r.v[0].start, 2024, 1, 1, 6, 0, 0); /* a Monday */
	assert_int_equal(r.v[0].nexdates, 0);
	text = slot_rule_text(&r.v[0], ZONE, "q1@loa", "Bản tin sáng");
	assert_non_null(text);
	assert_non_null(strstr(text, "DTSTART;TZID=" ZONE ":20240101T060000"));
	/* libical writes the rule's parts in its own order, folded at 75 octets. */
	assert_non_null(strstr(text, "RRULE:FREQ=DAILY;UNTIL=20240331T165959Z;BYMINUTE=0;BYHOUR=6,17;\r\n "
	                             "BYDAY=MO,TU,WE,TH,FR,SA\r\n"));
	assert_non_null(strstr(text, "UID:q1@loa"));
	free(text);
	slot_rules_free(&r);
}

static void
test_start_on_first_chosen_day(void **state)
{
	/* 2024-03-03 is a Sunday: DTSTART moves to Monday the 4th, since RFC
	 * 5545 airs DTSTART even when the rule does not match it. Times of
	 * other minutes get a rule each; days left out apply to each time. */
	struct slot_when w = {.zone = ZONE,
	                      .at = "17:30,06:00:15",
	                      .days = "mon-sat",
	                      .from = "2024-03-03",
	                      .except = "2024-03-08"};
	struct slot_rules r;
	struct seen s;

	(void)state;
	assert_int_equal(build(&w, &r, &s), 0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.v[0].rrule, "FREQ=DAILY;BYHOUR=17;BYMINUTE=30;BYDAY=MO,TU,WE,TH,FR,SA");
	assert_civil(&r.v[0].start, 2024, 3, 4, 17, 30, 0);
	assert_int_equal(r.v[0].nexdates, 1);
	assert_civil(&r.v[0].exdates[0], 2024, 3, 8, 17, 30, 0);
	assert_string_equal(r.v[1].rrule,
	                    "FREQ=DAILY;BYHOUR=6;BYMINUTE=0;BYSECOND=15;BYDAY=MO,TU,WE,TH,FR,SA");
	assert_civil(&r.v[1].start, 2024, 3, 4, 6, 0, 15);
	assert_civil(&r.v[1].exdates[0], 2024, 3, 8, 6, 0, 15);
	slot_rules_free(&r);
}

static void
test_today_when_no_first_day(void **state)
{
	/* 2024-03-01T10:00+07:00; every day, so DTSTART is today. */
	struct slot_when w = {.zone = ZONE, .now_ms = 1709262000000LL, .at = "06:00"};
	struct slot_rules r;
	struct seen s;

	(void)state;
	assert_int_equal(build(&w, &r, &s), 0);
	assert_string_equal(r.v[0].rrule, "FREQ=DAILY;BYHOUR=6;BYMINUTE=0");
	assert_civil(&r.v[0].start, 2024, 3, 1, 6, 0, 0);
	slot_rules_free(&r);
}

static void
test_bad_time(void **state)
{
	struct slot_when w = {.zone = ZONE, .at = "06:00,25:00", .from = "2024-01-01"};
	struct slot_rules r;
	struct seen s;

	(void)state;
	assert_int_equal(build(&w, &r, &s), -1);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.level, LOG_LEVEL_ERR);
	assert_int_equal(s.kind, ERR_INPUT);
	assert_string_equal(s.field, "at");
	assert_non_null(strstr(s.text, "'25:00'"));
	assert_null(strstr(s.text, "--")); /* the core names no option */
	/* The hint shows the forms a time is written in. */
	assert_int_equal(s.hints, 1);
	assert_non_null(strstr(s.hint, "6h30"));
	assert_int_equal(r.fault.what, TIME_CLOCK);
	assert_int_equal(r.fault.how.fault, TIME_RANGE);
	assert_int_equal(r.fault.kind, SLOT_FAULT_VALUE);
	assert_string_equal(r.fault.field, "at");
	assert_string_equal(r.fault.bad, "25:00");
	slot_rules_free(&r);

	/* Quiet: the fault only, for a front end with its own words. */
	w.quiet = 1;
	assert_int_equal(build(&w, &r, &s), -1);
	assert_int_equal(s.n, 0);
	assert_int_equal(s.hints, 0);
	assert_string_equal(r.fault.bad, "25:00");
	slot_rules_free(&r);
}

static void
test_empty_choices(void **state)
{
	struct slot_when w = {.zone = ZONE, .at = "06:00", .days = ""};
	struct slot_rules r;
	struct seen s;

	(void)state;
	assert_int_equal(build(&w, &r, &s), -1);
	assert_int_equal(s.kind, ERR_INPUT);
	assert_string_equal(s.field, "days");
	assert_string_equal(r.fault.field, "days");
	slot_rules_free(&r);

	w.days = NULL, w.at = ",";
	assert_int_equal(build(&w, &r, &s), -1);
	assert_string_equal(s.field, "at");
	assert_int_equal(r.fault.kind, SLOT_FAULT_EMPTY);
	slot_rules_free(&r);
}

static void
test_until_before_from(void **state)
{
	struct slot_when w = {.zone = ZONE, .at = "06:00", .from = "2024-03-31", .until = "2024-03-01"};
	struct slot_rules r;
	struct seen s;

	(void)state;
	assert_int_equal(build(&w, &r, &s), -1);
	assert_int_equal(s.kind, ERR_INPUT);
	assert_string_equal(s.field, "until");
	assert_non_null(strstr(s.text, "2024-03-01"));
	assert_non_null(strstr(s.text, "31/03/2024")); /* the first day, as the officer reads it */
	assert_int_equal(r.fault.kind, SLOT_FAULT_ORDER);
	assert_string_equal(r.fault.bad, "2024-03-01");
	slot_rules_free(&r);

	/* The same day is a one-day slot, not an error. */
	w.until = "2024-03-31";
	assert_int_equal(build(&w, &r, &s), 0);
	assert_string_equal(r.v[0].rrule, "FREQ=DAILY;BYHOUR=6;BYMINUTE=0;UNTIL=20240331T165959Z");
	slot_rules_free(&r);

	w.from = "2024-02-30";
	assert_int_equal(build(&w, &r, &s), -1);
	assert_string_equal(s.field, "from");
	slot_rules_free(&r);
}

static void
test_start_and_rule(void **state)
{
	struct slot_when w = {.zone = ZONE,
	                      .start = "2024-03-01T06:00",
	                      .rrule = "FREQ=WEEKLY;BYDAY=FR",
	                      .exdate = "2024-03-08,2024-03-15T06:00"};
	struct slot_rules r;
	struct seen s;

	(void)state;
	assert_int_equal(build(&w, &r, &s), 0);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.v[0].rrule, "FREQ=WEEKLY;BYDAY=FR");
	assert_civil(&r.v[0].start, 2024, 3, 1, 6, 0, 0);
	assert_int_equal(r.v[0].nexdates, 2);
	assert_civil(&r.v[0].exdates[0], 2024, 3, 8, 6, 0, 0); /* a date: at the start's time */
	assert_civil(&r.v[0].exdates[1], 2024, 3, 15, 6, 0, 0);
	slot_rules_free(&r);

	w.rrule = "FREQ=SOMETIMES";
	assert_int_equal(build(&w, &r, &s), -1);
	assert_string_equal(s.field, "rrule");
	assert_non_null(r.fault.why);
	assert_non_null(strstr(s.text, r.fault.why));
	slot_rules_free(&r);

	w.rrule = NULL, w.start = "2024-02-30T06:00";
	assert_int_equal(build(&w, &r, &s), -1);
	assert_string_equal(s.field, "start");
	slot_rules_free(&r);

	w.start = "2024-03-01T06:00", w.exdate = "soon";
	assert_int_equal(build(&w, &r, &s), -1);
	assert_string_equal(s.field, "exdate");
	assert_string_equal(r.fault.bad, "soon");
	slot_rules_free(&r);
}

static void
test_rule_set_on_a_slot(void **state)
{
	struct slot_rule one = {.start = {.year = 2024, .month = 3, .day = 1, .hour = 6}};
	struct slot sl = {0};
	struct slot_fault f;
	struct seen s;

	(void)state;
	sl.vevent = slot_rule_text(&one, ZONE, "edit@loa", "Tin");
	assert_non_null(sl.vevent);
	assert_null(strstr(sl.vevent, "RRULE"));
	assert_int_equal(slot_rule_set(&sl, "FREQ=WEEKLY;BYDAY=FR", ZONE, 0, &f), 0);
	assert_non_null(strstr(sl.vevent, "RRULE:FREQ=WEEKLY;BYDAY=FR"));
	assert_non_null(strstr(sl.vevent, "UID:edit@loa"));

	/* A refused rule leaves the slot as it was and names the field. */
	memset(&s, 0, sizeof s);
	log_set_writer(capture, &s);
	assert_int_equal(slot_rule_set(&sl, "FREQ=SECONDLY", ZONE, 0, &f), -1);
	log_set_writer(NULL, NULL);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.field, "rrule");
	assert_int_equal(f.kind, SLOT_FAULT_VALUE);
	assert_non_null(f.why);
	assert_non_null(strstr(sl.vevent, "RRULE:FREQ=WEEKLY;BYDAY=FR"));

	assert_int_equal(slot_rule_set(&sl, "", ZONE, 0, &f), 0);
	assert_null(strstr(sl.vevent, "RRULE"));
	slot_clear(&sl);
}

/* The officer's forms make the very rules the ISO and English ones do; a
 * last day without its year is the next such day from the first day. */
static void
test_officer_forms(void **state)
{
	/* Now: 2026-03-15T10:00+07:00. */
	struct slot_when iso = {.zone = ZONE,
	                        .now_ms = 1773543600000LL,
	                        .at = "06:00,17:00",
	                        .days = "mon-sat",
	                        .from = "2026-07-01",
	                        .until = "2026-09-30",
	                        .except = "2026-09-01,2026-09-02"};
	struct slot_when vi = iso;
	struct slot_rules a, b;
	struct seen s;

	(void)state;
	vi.at = "6h, 17g";
	vi.days = "thứ 2 - thứ 7";
	vi.from = "1/7/2026";
	vi.until = "30/9";
	vi.except = "1/9/2026, 2/9";
	assert_int_equal(build(&iso, &a, &s), 0);
	assert_int_equal(build(&vi, &b, &s), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(a.n, b.n);
	for (int i = 0; i < a.n; i++) {
		assert_string_equal(a.v[i].rrule, b.v[i].rrule);
		assert_memory_equal(&a.v[i].start, &b.v[i].start, sizeof a.v[i].start);
		assert_int_equal(a.v[i].nexdates, b.v[i].nexdates);
		assert_memory_equal(a.v[i].exdates, b.v[i].exdates,
		                    (size_t)a.v[i].nexdates * sizeof *a.v[i].exdates);
	}
	slot_rules_free(&a);
	slot_rules_free(&b);

	/* A refusal names the value and the hint shows the forms. */
	vi.except = "31/02/2026";
	assert_int_equal(build(&vi, &b, &s), -1);
	assert_string_equal(s.field, "except");
	assert_non_null(strstr(s.text, "'31/02/2026'"));
	assert_non_null(strstr(s.hint, "1/7/2026"));
	slot_rules_free(&b);
	vi.except = NULL, vi.days = "t8";
	assert_int_equal(build(&vi, &b, &s), -1);
	assert_string_equal(s.field, "days");
	assert_int_equal(b.fault.how.fault, TIME_RANGE);
	assert_non_null(strstr(s.hint, "t2-t7"));
	slot_rules_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_quarter_mon_to_sat),      cmocka_unit_test(test_start_on_first_chosen_day),
	    cmocka_unit_test(test_today_when_no_first_day), cmocka_unit_test(test_bad_time),
	    cmocka_unit_test(test_empty_choices),           cmocka_unit_test(test_until_before_from),
	    cmocka_unit_test(test_officer_forms),           cmocka_unit_test(test_start_and_rule),
	    cmocka_unit_test(test_rule_set_on_a_slot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
