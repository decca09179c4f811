/*
 * bench_agenda.c — how fast the agenda is built and the next airing found.
 *
 * Makes a throw-away station in $TMPDIR with 1,000 slots of the kinds a
 * commune station has (daily at set times, some on weekdays only, weekly,
 * monthly), then times:
 *   agenda_1000_slots_1_year_uncached  agenda_build over one year, nothing
 *                              cached anywhere: libical expands every slot,
 *                              as after every slot changed (ms)
 *   agenda_1000_slots_1_year   the same in a new process (`loa agenda`, a
 *                              daemon start): libical's output is read from
 *                              the station's expansion table, as kept by a
 *                              read-write process such as the daemon (ms)
 *   agenda_1000_slots_1_year_warm  the same with the expansions cached in the
 *                              process, as the daemon's rebuilds see (ms)
 *   next_airing_1000_slots     agenda_next, cache warm (µs per call)
 *   next_airing_cold           the first agenda_next, which builds its cache (ms)
 * Output: one "name<TAB>value<TAB>unit[<TAB>aim]" line each. Times are the best of a
 * few runs, on the monotonic clock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/agenda.h"
#include "loa/clock.h"
#include "loa/ical.h"
#include "loa/log.h"
#include "loa/slot.h"
#include "loa/store.h"

#define NSLOTS 1000
#define DAY_MS 86400000LL

static const char *const rules[] = {
    "FREQ=DAILY",
    "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR,SA",
    "FREQ=WEEKLY;BYDAY=MO,WE,FR",
    "FREQ=MONTHLY;BYDAY=-1FR",
    "FREQ=DAILY;INTERVAL=2",
};

static double
ms_since(int64_t t0)
{
	return (clock_mono_ns() - t0) / 1e6;
}

int
main(void)
{
	char dir[] = "/tmp/loa-bench-XXXXXX", db[64];
	struct station st = {.name = "bench", .tz = "Asia/Ho_Chi_Minh", .target_lufs = -16};
	struct store *s;
	struct agenda a;
	struct airing x;
	int64_t from = 1704067200000LL; /* 2024-01-01T07:00+07:00 */
	double best = 1e18;
	size_t nair = 0;

	log_init(LOG_LEVEL_ERR, 0);
	if (!mkdtemp(dir))
		return 1;
	snprintf(db, sizeof db, "%s/station.db", dir);
	if (!(s = store_open(db, STORE_CREATE)) || store_station_init(s, &st) != 0)
		return 1;
	store_begin(s);
	for (int i = 0; i < NSLOTS; i++) {
		char uid[32], title[32];
		snprintf(uid, sizeof uid, "bench-%d@loa", i);
		snprintf(title, sizeof title, "slot %d", i);
		struct ical_spec sp = {.uid = uid,
		                       .summary = title,
		                       .zone = st.tz,
		                       .start = {2024, 1, 1, 5 + (i % 16), (i * 7) % 60, 0},
		                       .dur_ms = 5 * 60000,
		                       .rrule = rules[i % 5]};
		char *text = ical_spec_text(&sp);
		struct slot sl = {.uid = uid,
		                  .title = title,
		                  .vevent = text,
		                  .tier = (enum tier)(i % 3),
		                  .enabled = 1,
		                  .source = "bench"};
		if (!text || store_slot_add(s, &sl) != 0)
			return 1;
		free(text);
	}
	store_commit(s);

	/* Uncached: every slot expanded by libical. */
	for (int run = 0; run < 3; run++) {
		agenda_cache_drop();
		if (store_expansion_clear(s) != 0)
			return 1;
		int64_t t0 = clock_mono_ns();
		if (agenda_build(s, from, from + 366 * DAY_MS, &a) != 0)
			return 1;
		double t = ms_since(t0);
		best = t < best ? t : best;
		agenda_free(&a);
	}
	printf("agenda_1000_slots_1_year_uncached\t%.1f\tms\n", best);
	best = 1e18;
	/* A new process: nothing in memory, libical's output in the station
	 * (kept by the last run above). Warm: expansions reused in-process
	 * (what the daemon's repeated builds see). */
	for (int run = 0; run < 3; run++) {
		agenda_cache_drop();
		int64_t t0 = clock_mono_ns();
		if (agenda_build(s, from, from + 366 * DAY_MS, &a) != 0)
			return 1;
		double t = ms_since(t0);
		best = t < best ? t : best;
		nair = a.n;
		agenda_free(&a);
	}
	printf("agenda_1000_slots_1_year\t%.1f\tms\t< 200\n", best);
	best = 1e18;
	for (int run = 0; run < 3; run++) {
		int64_t t0 = clock_mono_ns();
		if (agenda_build(s, from, from + 366 * DAY_MS, &a) != 0)
			return 1;
		double t = ms_since(t0);
		best = t < best ? t : best;
		agenda_free(&a);
	}
	printf("agenda_1000_slots_1_year_warm\t%.1f\tms\t< 200\n", best);
	agenda_cache_drop();
	printf("agenda_1000_slots_1_year_airings\t%zu\tairings\n", nair);

	int64_t t0 = clock_mono_ns();
	if (agenda_next(s, from, &x) != 1)
		return 1;
	printf("next_airing_cold\t%.1f\tms\n", ms_since(t0));
	airing_clear(&x);

	/* Step through the next 1,000 airings as the daemon does. */
	int64_t after = from;
	t0 = clock_mono_ns();
	for (int i = 0; i < 1000; i++) {
		if (agenda_next(s, after, &x) != 1)
			return 1;
		after = x.planned_ms + 1;
		airing_clear(&x);
	}
	printf("next_airing_1000_slots\t%.1f\tus\t< 1000\n", ms_since(t0) * 1000.0 / 1000);

	store_close(s);
	agenda_cache_drop();
	unlink(db);
	char side[80];
	snprintf(side, sizeof side, "%s-wal", db);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", db);
	unlink(side);
	rmdir(dir);
	return 0;
}
