/*
 * test_agenda.c — overlap resolution and the words for a rule.
 *
 * Overlaps are checked on hand-made airings with known lengths, so each
 * rule of agenda.h (higher tier first, then earlier start, then lower slot
 * id; the loser follows right after or is skipped past the maximum
 * lateness; a delay that runs into the next airing pulls it in) is pinned
 * by its own case. The expected instants are worked out in the comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "schedule/agenda_target.h"
#include "loa/agenda.h"
#include "loa/config.h"
#include "loa/ical.h"
#include "loa/log.h"
#include "loa/slot.h"
#include "loa/store.h"
#include <stdio.h>
#include <unistd.h>

#define MIN 60000LL
#define T0  1709247600000LL /* 2024-03-01 06:00 +07:00 */

static struct airing_item items[8];

/* An airing of slot id, tier t, nominal start T0+start_min, lasting len_min. */
static struct airing
mk(int64_t id, enum tier t, int start_min, int len_min)
{
	struct airing a = {0};

	a.slot_id = id;
	a.tier = t;
	a.start_ms = a.planned_ms = T0 + start_min * MIN;
	a.nominal_end_ms = a.start_ms;
	items[id].duration_ms = len_min * MIN;
	a.items = &items[id];
	a.nitems = 1;
	return a;
}

static void
run(struct airing *v, size_t n)
{
	struct airing *p[8];

	for (size_t i = 0; i < n; i++)
		p[i] = &v[i];
	assert_int_equal(agenda_resolve(p, n), 0);
}

static void
test_same_tier_follows(void **state)
{
	(void)state;
	/* 1: 06:00-06:10; 2: 06:05 for 5 min -> follows at 06:10, 5 min late. */
	struct airing v[] = {mk(1, TIER_NORMAL, 0, 10), mk(2, TIER_NORMAL, 5, 5)};
	agenda_set_max_lateness_ms(300000);
	run(v, 2);
	assert_int_equal(v[0].status, AIRING_PLAYS);
	assert_int_equal(v[0].planned_ms, T0);
	assert_int_equal(v[1].status, AIRING_DELAYED);
	assert_int_equal(v[1].planned_ms, T0 + 10 * MIN);
	assert_int_equal(v[1].overlap_slot_id, 1);
}

static void
test_higher_tier_first_loser_skipped(void **state)
{
	(void)state;
	/* Normal 06:00 (10 min) against emergency 06:05 (3 min): the
	 * emergency airs at 06:05; the normal would follow at 06:08, 8 min
	 * late: more than 5 min, so it is skipped. */
	struct airing v[] = {mk(1, TIER_NORMAL, 0, 10), mk(2, TIER_EMERGENCY, 5, 3)};
	agenda_set_max_lateness_ms(300000);
	run(v, 2);
	assert_int_equal(v[1].status, AIRING_PLAYS);
	assert_int_equal(v[1].planned_ms, T0 + 5 * MIN);
	assert_int_equal(v[0].status, AIRING_SKIPPED);
	assert_non_null(v[0].skip_reason);
	assert_int_equal(v[0].overlap_slot_id, 2);
	/* With 10 min allowed it follows right after, at 06:08. */
	struct airing w[] = {mk(1, TIER_NORMAL, 0, 10), mk(2, TIER_EMERGENCY, 5, 3)};
	agenda_set_max_lateness_ms(600000);
	run(w, 2);
	assert_int_equal(w[0].status, AIRING_DELAYED);
	assert_int_equal(w[0].planned_ms, T0 + 8 * MIN);
	agenda_set_max_lateness_ms(AGENDA_MAX_LATENESS_MS);
}

static void
test_ties_by_start_then_slot(void **state)
{
	(void)state;
	/* Same tier, same start: the lower slot id airs first. */
	struct airing v[] = {mk(3, TIER_PRIORITY, 0, 2), mk(4, TIER_PRIORITY, 0, 2)};
	run(v, 2);
	assert_int_equal(v[0].planned_ms, T0);
	assert_int_equal(v[1].planned_ms, T0 + 2 * MIN);
	/* Same tier: the earlier start first even with a higher slot id. */
	struct airing w[] = {mk(5, TIER_NORMAL, 0, 4), mk(1, TIER_NORMAL, 1, 1)};
	run(w, 2);
	assert_int_equal(w[0].planned_ms, T0);
	assert_int_equal(w[1].planned_ms, T0 + 4 * MIN);
}

static void
test_delay_cascades(void **state)
{
	(void)state;
	/* 1: 06:00 (10); 2: 06:09 (10) -> 06:10-06:20; 3: 06:19 (5) did not
	 * overlap 2's nominal end (06:19) but overlaps its delayed end, so it
	 * follows at 06:20. 4: 06:40 is clear and plays on time. */
	struct airing v[] = {mk(1, TIER_NORMAL, 0, 10), mk(2, TIER_NORMAL, 9, 10), mk(3, TIER_NORMAL, 19, 5),
	                     mk(4, TIER_NORMAL, 40, 5)};
	run(v, 4);
	assert_int_equal(v[1].planned_ms, T0 + 10 * MIN);
	assert_int_equal(v[2].status, AIRING_DELAYED);
	assert_int_equal(v[2].planned_ms, T0 + 20 * MIN);
	assert_int_equal(v[3].status, AIRING_PLAYS);
	assert_int_equal(v[3].planned_ms, T0 + 40 * MIN);
}

static void
test_skipped_takes_no_time(void **state)
{
	(void)state;
	/* Emergency 06:00 (20 min) wins; normal 06:01 (5) is skipped (19 min
	 * late); priority 06:10 (5) follows at 06:20 only if within the
	 * lateness: 10 min late, so skipped too, with the default 5 min. */
	struct airing v[] = {mk(1, TIER_EMERGENCY, 0, 20), mk(2, TIER_NORMAL, 1, 5),
	                     mk(3, TIER_PRIORITY, 10, 5)};
	run(v, 3);
	assert_int_equal(v[0].status, AIRING_PLAYS);
	assert_int_equal(v[1].status, AIRING_SKIPPED);
	assert_int_equal(v[2].status, AIRING_SKIPPED);
}

static void
test_rule_in_words(void **state)
{
	(void)state;
	/* What `loa slot add --at 06:00,17:00 --days mon-sat --from 2024-01-01
	 * --until 2024-03-31` writes (UNTIL is 23:59:59 in Ho Chi Minh City). */
	struct ical_spec sp = {
	    .uid = "t@loa",
	    .summary = "Tin",
	    .zone = "Asia/Ho_Chi_Minh",
	    .start = {2024, 1, 1, 6, 0, 0},
	    .rrule = "FREQ=DAILY;BYHOUR=6,17;BYMINUTE=0;BYDAY=MO,TU,WE,TH,FR,SA;UNTIL=20240331T165959Z",
	};
	char *text = ical_spec_text(&sp);
	assert_non_null(text);
	struct ical_rule *r = ical_rule_load(text, "Asia/Ho_Chi_Minh", "test");
	assert_non_null(r);
	char *d = ical_rule_describe(r);
	assert_string_equal(d, "06:00 and 17:00, Monday to Saturday, from 01/01 to 31/03/2024");
	free(d);
	ical_rule_free(r);
	free(text);
}

/* The rule in words of a spec in Ho Chi Minh City (malloc'd). */
static char *
words(struct civil start, const char *rule, const struct civil *ex, int nex)
{
	struct ical_spec sp = {.uid = "w@loa",
	                       .summary = "Tin",
	                       .zone = "Asia/Ho_Chi_Minh",
	                       .start = start,
	                       .rrule = rule,
	                       .exdates = ex,
	                       .nexdates = nex};
	char *text = ical_spec_text(&sp), *d;
	struct ical_rule *r;

	assert_non_null(text);
	r = ical_rule_load(text, "Asia/Ho_Chi_Minh", "test");
	assert_non_null(r);
	d = ical_rule_describe(r);
	ical_rule_free(r);
	free(text);
	assert_non_null(d);
	return d;
}

/* The example and its neighbours: the time, the days, the dates
 * in order with the year once, the days left out in order. */
static void
test_rule_in_words_dates(void **state)
{
	const struct civil sep[] = {{2026, 9, 2, 6, 0, 0}, {2026, 9, 1, 6, 0, 0}};
	const struct civil jan[] = {{2026, 1, 1, 6, 0, 0}};
	struct civil many[8];
	char *d;
	(void)state;

	d = words((struct civil){2026, 7, 1, 6, 0, 0},
	          "FREQ=DAILY;BYHOUR=6;BYMINUTE=0;BYDAY=MO,TU,WE,TH,FR,SA;UNTIL=20260930T165959Z", sep, 2);
	assert_string_equal(d, "06:00, Monday to Saturday, from 01/07 to 30/09/2026, except 01/09, 02/09");
	free(d);
	/* Across a new year: every date with its year. */
	d = words((struct civil){2025, 12, 1, 6, 0, 0}, "FREQ=DAILY;UNTIL=20260228T165959Z", jan, 1);
	assert_string_equal(d, "06:00 every day, from 01/12/2025 to 28/02/2026, except 01/01/2026");
	free(d);
	/* No end: the first day with its year, the days left out without. */
	d = words((struct civil){2026, 7, 1, 17, 30, 0}, "FREQ=WEEKLY;BYDAY=MO,WE,FR", sep, 2);
	assert_string_equal(d, "17:30, Monday, Wednesday and Friday, from 01/07/2026, except 01/09, 02/09");
	free(d);
	/* A weekly rule without days airs on its start's weekday. */
	d = words((struct civil){2026, 7, 1, 6, 0, 0}, "FREQ=WEEKLY;COUNT=10", NULL, 0);
	assert_string_equal(d, "06:00 every Wednesday, from 01/07/2026, 10 times");
	free(d);
	/* Many days left out are counted. */
	for (int i = 0; i < 8; i++)
		many[i] = (struct civil){2026, 8, 1 + i, 6, 0, 0};
	d = words((struct civil){2026, 7, 1, 6, 0, 0}, "FREQ=DAILY;UNTIL=20261231T165959Z", many, 8);
	assert_string_equal(d, "06:00 every day, from 01/07 to 31/12/2026, except 8 date(s)");
	free(d);
}

static void
test_windows_zones(void **state)
{
	(void)state;
	assert_string_equal(ical_windows_zone("SE Asia Standard Time"), "Asia/Bangkok");
	assert_string_equal(ical_windows_zone("China Standard Time"), "Asia/Shanghai");
	assert_string_equal(ical_windows_zone("Tokyo Standard Time"), "Asia/Tokyo");
	assert_string_equal(ical_windows_zone("Eastern Standard Time"), "America/New_York");
	assert_null(ical_windows_zone("Atlantis Standard Time"));
}

static void
test_spec_refuses_bad_rule(void **state)
{
	(void)state;
	struct ical_spec sp = {.uid = "t@loa",
	                       .zone = "Asia/Ho_Chi_Minh",
	                       .start = {2024, 1, 1, 6, 0, 0},
	                       .rrule = "FREQ=SOMETIMES"};
	assert_null(ical_spec_text(&sp));
}

/* Adds a slot from a rule to a real store. */
static int64_t
add(struct store *s, const char *uid, struct civil start, const char *rule, enum tier t, int enabled)
{
	struct ical_spec sp = {
	    .uid = uid, .summary = uid, .zone = "Asia/Ho_Chi_Minh", .start = start, .rrule = rule};
	char *text = ical_spec_text(&sp);
	struct slot sl = {.uid = (char *)uid,
	                  .title = (char *)uid,
	                  .vevent = text,
	                  .tier = t,
	                  .enabled = enabled,
	                  .source = "test"};
	assert_non_null(text);
	assert_int_equal(store_slot_add(s, &sl), 0);
	free(text);
	return sl.id;
}

static void
test_next_on_a_real_store(void **state)
{
	char dir[] = "/tmp/loa-test-agenda-XXXXXX", db[80], cmd[120];
	struct station st = {.name = "t", .tz = "Asia/Ho_Chi_Minh", .target_lufs = -16};
	struct airing x;
	struct store *s;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(db, sizeof db, "%s/station.db", dir);
	s = store_open(db, STORE_CREATE);
	assert_non_null(s);
	assert_int_equal(store_station_init(s, &st), 0);
	/* Slot a: daily 06:00; slot b: Mon/Wed/Fri 17:00; slot c disabled. */
	int64_t a = add(s, "a", (struct civil){2024, 3, 1, 6, 0, 0}, "FREQ=DAILY", TIER_NORMAL, 1);
	int64_t b =
	    add(s, "b", (struct civil){2024, 3, 1, 17, 0, 0}, "FREQ=WEEKLY;BYDAY=MO,WE,FR", TIER_PRIORITY, 1);
	add(s, "c", (struct civil){2024, 3, 1, 12, 0, 0}, "FREQ=DAILY", TIER_NORMAL, 0);
	/* 2024-03-01 is a Friday: 06:00 a, 17:00 b, then Saturday 06:00 a. */
	assert_int_equal(agenda_next(s, T0 - MIN, &x), 1);
	assert_int_equal(x.slot_id, a);
	assert_int_equal(x.planned_ms, T0);
	assert_int_equal(x.status, AIRING_SKIPPED); /* no clip assigned */
	assert_string_equal(x.skip_reason, "no clip assigned");
	airing_clear(&x);
	assert_int_equal(agenda_next(s, T0 + 1, &x), 1);
	assert_int_equal(x.slot_id, b);
	assert_int_equal(x.planned_ms, T0 + 11 * 60 * MIN);
	assert_int_equal(x.tier, TIER_PRIORITY);
	airing_clear(&x);
	assert_int_equal(agenda_next(s, T0 + 11 * 60 * MIN + 1, &x), 1);
	assert_int_equal(x.planned_ms, T0 + 24 * 60 * MIN);
	airing_clear(&x);
	/* A new slot is seen at once (the cache follows the store's writes). */
	int64_t d = add(s, "d", (struct civil){2024, 3, 1, 7, 0, 0}, NULL, TIER_EMERGENCY, 1);
	assert_int_equal(agenda_next(s, T0 + 1, &x), 1);
	assert_int_equal(x.slot_id, d);
	assert_int_equal(x.planned_ms, T0 + 60 * MIN);
	airing_clear(&x);
	/* Far in the future, a one-off slot alone: nothing after it. */
	assert_int_equal(store_slot_rm(s, a), 0);
	assert_int_equal(store_slot_rm(s, b), 0);
	assert_int_equal(agenda_next(s, T0 + 2 * 60 * MIN, &x), 0);
	/* agenda_build agrees: one airing of d on March 1st. */
	struct agenda ag;
	assert_int_equal(agenda_build(s, T0 - 6 * 60 * MIN, T0 + 18 * 60 * MIN, &ag), 0);
	assert_int_equal(ag.n, 1);
	assert_int_equal(ag.v[0].slot_id, d);
	agenda_free(&ag);
	agenda_cache_drop();
	store_close(s);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_tier_follows),
	    cmocka_unit_test(test_higher_tier_first_loser_skipped),
	    cmocka_unit_test(test_ties_by_start_then_slot),
	    cmocka_unit_test(test_delay_cascades),
	    cmocka_unit_test(test_skipped_takes_no_time),
	    cmocka_unit_test(test_rule_in_words),
	    cmocka_unit_test(test_rule_in_words_dates),
	    cmocka_unit_test(test_windows_zones),
	    cmocka_unit_test(test_spec_refuses_bad_rule),
	    cmocka_unit_test(test_next_on_a_real_store),
	};
	log_init(LOG_LEVEL_ERR, 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
