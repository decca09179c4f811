/*
 * test_slot_airing.c — one airing of a slot left out (an EXDATE) or moved
 * (a RECURRENCE-ID override), as the week view asks (slot_rule.h), checked
 * by expanding the changed event with the agenda's own code: exactly that
 * airing goes or moves, every other stays.
 *
 * Instants: Asia/Ho_Chi_Minh is UTC+7 all year; Europe/Berlin went from
 * CEST (UTC+2) back to CET (UTC+1) at 03:00 on 27 October 2024, so its
 * clocks showed 02:00-03:00 twice that night.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "loa/ical.h"
#include "loa/log.h"
#include "loa/slot.h"
#include "loa/slot_rule.h"
#include "loa/timeutil.h"

#define ZONE "Asia/Ho_Chi_Minh"
#define H    3600000LL

/* The last error the writer was handed, and its hint. */
struct seen {
	int errors;
	char field[16];
	char text[512];
	char hint[512];
};

static void
capture(const struct log_msg *m, void *ctx)
{
	struct seen *s = ctx;

	if (m->hint) {
		snprintf(s->hint, sizeof s->hint, "%s", m->text ? m->text : "");
		return;
	}
	if (m->level != LOG_LEVEL_ERR)
		return;
	s->errors++;
	snprintf(s->field, sizeof s->field, "%s", m->field ? m->field : "");
	snprintf(s->text, sizeof s->text, "%s", m->text ? m->text : "");
}

/* An instant from its UTC civil time. */
static int64_t
utc(int y, int mo, int d, int h, int mi)
{
	struct civil c = {.year = y, .month = mo, .day = d, .hour = h, .min = mi};
	int64_t ms;

	assert_int_equal(tz_to_utc("UTC", &c, &ms), 0);
	return ms;
}

/* A slot of rrule from start (civil, in zone). */
static void
make(struct slot *s, const char *zone, struct civil start, const char *rrule)
{
	struct slot_rule r = {.start = start};

	memset(s, 0, sizeof *s);
	snprintf(r.rrule, sizeof r.rrule, "%s", rrule);
	s->id = 7;
	s->vevent = slot_rule_text(&r, zone, "airing@loa", "Tin sáng");
	assert_non_null(s->vevent);
}

/* The starts of s's airings in [from, to), into v (at most 64). */
static int
airings(const struct slot *s, const char *zone, int64_t from, int64_t to, int64_t *v)
{
	struct ical_rule *r = ical_rule_load(s->vevent, zone, "test");
	struct ical_occurrence *o = NULL;
	size_t n = 0, cap = 0;

	assert_non_null(r);
	assert_int_equal(ical_rule_expand(r, from, to, 64, &o, &n, &cap), 0);
	for (size_t i = 0; i < n; i++)
		v[i] = o[i].start_ms;
	free(o);
	ical_rule_free(r);
	return (int)n;
}

static int
count(const char *text, const char *what)
{
	int n = 0;

	for (const char *p = text; (p = strstr(p, what)); p++)
		n++;
	return n;
}

/* 06:00 every day but Sunday, from Monday 4 March 2024: 4..9 March. */
static void
week(struct slot *s)
{
	make(s, ZONE, (struct civil){.year = 2024, .month = 3, .day = 4, .hour = 6},
	     "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR,SA");
}

static void
test_skip_leaves_out_exactly_one(void **state)
{
	int64_t before[64], after[64], from = utc(2024, 3, 3, 0, 0), to = utc(2024, 3, 10, 0, 0);
	struct slot_fault f;
	struct slot s;
	int nb, na;

	(void)state;
	week(&s);
	nb = airings(&s, ZONE, from, to, before);
	assert_int_equal(nb, 6);
	/* Wednesday 6 March 06:00 +07:00 is 5 March 23:00 UTC. */
	assert_int_equal(slot_airing_skip(&s, ZONE, utc(2024, 3, 5, 23, 0), 0, &f), 0);
	na = airings(&s, ZONE, from, to, after);
	assert_int_equal(na, 5);
	for (int i = 0, k = 0; i < nb; i++)
		if (before[i] != utc(2024, 3, 5, 23, 0))
			assert_int_equal(after[k++], before[i]);
	assert_non_null(strstr(s.vevent, "EXDATE;TZID=Asia/Ho_Chi_Minh:20240306T060000"));
	assert_non_null(strstr(s.vevent, "UID:airing@loa"));
	assert_non_null(strstr(s.vevent, "SUMMARY:Tin sáng"));
	slot_clear(&s);
}

static void
test_not_an_airing_names_start(void **state)
{
	struct slot_fault f;
	struct slot s;
	struct seen seen = {0};
	char *was;

	(void)state;
	week(&s);
	was = strdup(s.vevent);
	log_set_writer(capture, &seen);
	/* 06:30, and a Sunday 06:00: neither is an airing. */
	assert_int_equal(slot_airing_skip(&s, ZONE, utc(2024, 3, 5, 23, 30), 0, &f), -1);
	assert_int_equal(seen.errors, 1);
	assert_string_equal(seen.field, "start");
	assert_non_null(strstr(seen.text, "slot 7"));
	assert_non_null(strstr(seen.text, "2024-03-06T06:30:00+07:00"));
	assert_true(seen.hint[0] != 0);
	assert_int_equal(f.kind, SLOT_FAULT_VALUE);
	assert_string_equal(f.field, "start");
	assert_int_equal(slot_airing_move(&s, ZONE, utc(2024, 3, 9, 23, 0), utc(2024, 3, 10, 1, 0), 0, &f),
	                 -1);
	assert_string_equal(seen.field, "start");
	/* Quiet: the fault only. */
	assert_int_equal(slot_airing_skip(&s, ZONE, utc(2024, 3, 9, 23, 0), 1, &f), -1);
	assert_int_equal(seen.errors, 2);
	assert_string_equal(f.field, "start");
	log_set_writer(NULL, NULL);
	assert_string_equal(s.vevent, was);
	free(was);
	slot_clear(&s);
}

static void
test_move_moves_exactly_one(void **state)
{
	int64_t before[64], after[64], from = utc(2024, 3, 3, 0, 0), to = utc(2024, 3, 10, 0, 0);
	int64_t wed = utc(2024, 3, 5, 23, 0), later = wed + 2 * H + 30 * 60000, again = wed + 3 * H;
	struct slot_fault f;
	struct slot s;
	int nb, na;

	(void)state;
	week(&s);
	nb = airings(&s, ZONE, from, to, before);
	assert_int_equal(slot_airing_move(&s, ZONE, wed, later, 0, &f), 0);
	na = airings(&s, ZONE, from, to, after);
	assert_int_equal(na, nb);
	for (int i = 0; i < nb; i++)
		assert_int_equal(after[i], before[i] == wed ? later : before[i]);
	assert_int_equal(count(s.vevent, "RECURRENCE-ID"), 1);
	assert_non_null(strstr(s.vevent, "RECURRENCE-ID;TZID=Asia/Ho_Chi_Minh:20240306T060000"));
	assert_non_null(strstr(s.vevent, "DTSTART;TZID=Asia/Ho_Chi_Minh:20240306T083000"));

	/* Moved again, named by where it airs now: the same override. */
	assert_int_equal(slot_airing_move(&s, ZONE, later, again, 0, &f), 0);
	assert_int_equal(count(s.vevent, "RECURRENCE-ID"), 1);
	na = airings(&s, ZONE, from, to, after);
	for (int i = 0; i < nb; i++)
		assert_int_equal(after[i], before[i] == wed ? again : before[i]);

	/* Then left out: its override goes, the occurrence is excluded. */
	assert_int_equal(slot_airing_skip(&s, ZONE, again, 0, &f), 0);
	assert_int_equal(count(s.vevent, "RECURRENCE-ID"), 0);
	assert_non_null(strstr(s.vevent, "EXDATE;TZID=Asia/Ho_Chi_Minh:20240306T060000"));
	assert_int_equal(airings(&s, ZONE, from, to, after), nb - 1);
	slot_clear(&s);
}

static void
test_move_onto_an_airing_names_to(void **state)
{
	int64_t thu = utc(2024, 3, 6, 23, 0), fri = utc(2024, 3, 7, 23, 0);
	struct slot_fault f;
	struct slot s;
	struct seen seen = {0};
	char *was;

	(void)state;
	week(&s);
	was = strdup(s.vevent);
	log_set_writer(capture, &seen);
	assert_int_equal(slot_airing_move(&s, ZONE, thu, fri, 0, &f), -1);
	assert_string_equal(seen.field, "to");
	assert_string_equal(f.field, "to");
	assert_non_null(strstr(seen.text, "2024-03-08T06:00:00+07:00"));
	assert_int_equal(slot_airing_move(&s, ZONE, thu, thu, 0, &f), -1);
	assert_string_equal(f.field, "to");
	assert_int_equal(seen.errors, 2);
	log_set_writer(NULL, NULL);
	assert_string_equal(s.vevent, was);
	free(was);
	slot_clear(&s);
}

/* An override from a calendar file, with a DTEND of its own: moved, it
 * keeps its own length; the others keep the series'. */
static void
test_imported_override_keeps_its_length(void **state)
{
	static const char cal[] = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
	                          "BEGIN:VEVENT\r\nUID:ov@test\r\nDTSTAMP:20240101T000000Z\r\n"
	                          "DTSTART;TZID=Asia/Ho_Chi_Minh:20240304T060000\r\n"
	                          "DTEND;TZID=Asia/Ho_Chi_Minh:20240304T061500\r\n"
	                          "RRULE:FREQ=DAILY;COUNT=5\r\nSUMMARY:Tin\r\nEND:VEVENT\r\n"
	                          "BEGIN:VEVENT\r\nUID:ov@test\r\nDTSTAMP:20240101T000000Z\r\n"
	                          "RECURRENCE-ID;TZID=Asia/Ho_Chi_Minh:20240305T060000\r\n"
	                          "DTSTART;TZID=Asia/Ho_Chi_Minh:20240305T070000\r\n"
	                          "DTEND;TZID=Asia/Ho_Chi_Minh:20240305T074500\r\nEND:VEVENT\r\n"
	                          "END:VCALENDAR\r\n";
	struct ical_file file;
	struct ical_airing a;
	struct slot_fault f;
	struct slot s = {.id = 3};
	int64_t moved = utc(2024, 3, 5, 0, 0), to = utc(2024, 3, 5, 2, 0);

	(void)state;
	assert_int_equal(ical_read_text(cal, sizeof cal - 1, "test.ics", ZONE, &file), 0);
	s.vevent = file.ev[0].text;
	file.ev[0].text = NULL;
	ical_file_free(&file);
	assert_int_equal(ical_text_airing(s.vevent, ZONE, moved, &a), 1);
	assert_int_equal(a.override, 1);
	assert_int_equal(a.rid_ms, utc(2024, 3, 4, 23, 0));
	assert_int_equal(a.dur_ms, 45 * 60000);
	assert_int_equal(slot_airing_move(&s, ZONE, moved, to, 0, &f), 0);
	assert_int_equal(ical_text_airing(s.vevent, ZONE, to, &a), 1);
	assert_int_equal(a.dur_ms, 45 * 60000);
	assert_int_equal(count(s.vevent, "RECURRENCE-ID"), 1);
	/* The next day's airing keeps the series' quarter hour. */
	assert_int_equal(ical_text_airing(s.vevent, ZONE, utc(2024, 3, 5, 23, 0), &a), 1);
	assert_int_equal(a.dur_ms, 15 * 60000);
	slot_clear(&s);
}

/* Moved into the hour a DST change repeats: the second 02:30 of Berlin's
 * night is named in UTC, and airs then. */
static void
test_move_into_the_repeated_hour(void **state)
{
	int64_t sun = utc(2024, 10, 27, 5, 0), second = utc(2024, 10, 27, 1, 30), first = second - H;
	struct slot_fault f;
	struct slot s;
	int64_t v[64];
	int n;

	(void)state;
	make(&s, "Europe/Berlin", (struct civil){.year = 2024, .month = 10, .day = 25, .hour = 6},
	     "FREQ=DAILY;COUNT=5");
	assert_int_equal(slot_airing_move(&s, "Europe/Berlin", sun, second, 0, &f), 0);
	n = airings(&s, "Europe/Berlin", utc(2024, 10, 27, 0, 0), utc(2024, 10, 28, 0, 0), v);
	assert_int_equal(n, 1);
	assert_int_equal(v[0], second);
	assert_non_null(strstr(s.vevent, "DTSTART:20241027T013000Z"));
	/* The first 02:30 is the zone's own name for it. */
	assert_int_equal(slot_airing_move(&s, "Europe/Berlin", second, first, 0, &f), 0);
	n = airings(&s, "Europe/Berlin", utc(2024, 10, 27, 0, 0), utc(2024, 10, 28, 0, 0), v);
	assert_int_equal(n, 1);
	assert_int_equal(v[0], first);
	slot_clear(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_skip_leaves_out_exactly_one),
	    cmocka_unit_test(test_not_an_airing_names_start),
	    cmocka_unit_test(test_move_moves_exactly_one),
	    cmocka_unit_test(test_move_onto_an_airing_names_to),
	    cmocka_unit_test(test_imported_override_keeps_its_length),
	    cmocka_unit_test(test_move_into_the_repeated_hour),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
