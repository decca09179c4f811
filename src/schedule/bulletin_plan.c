/*
 * bulletin_plan.c — what scheduling one of the hub's bulletins takes
 * (bulletin.h): the one rule `loa bulletin schedule` and the console's
 * "Xếp lịch" follow, so both refuse and fill in alike.
 *
 * The period is the station's days: from the day of from_ms (only when
 * it is still to come: a slot from a past day adds nothing) through the
 * day of until_ms - 1 ms, until_ms being the first instant it may no
 * longer air.
 */
#include <stdio.h>

#include "loa/bulletin.h"
#include "loa/timeutil.h"

const char *
bulletin_day(const char *zone, int64_t ms, char out[16])
{
	struct civil c;

	if (tz_from_utc(zone, ms, &c, NULL) != 0)
		return NULL;
	snprintf(out, 16, "%04d-%02d-%02d", c.year % 10000, c.month % 100, c.day % 100);
	return out;
}

enum bulletin_plan_fault
bulletin_plan(const struct bulletin *b, const char *zone, int64_t now_ms, struct bulletin_plan *p)
{
	if (b->clip_id <= 0)
		return BULLETIN_PLAN_NO_AUDIO;
	if (b->until_ms && b->until_ms <= now_ms)
		return BULLETIN_PLAN_OVER;
	if (!p->at && !*b->at)
		return BULLETIN_PLAN_NO_TIMES;
	if (!p->at)
		p->at = b->at;
	if (!p->from && b->from_ms > now_ms)
		p->from = bulletin_day(zone, b->from_ms, p->from_day);
	if (!p->until && b->until_ms)
		p->until = bulletin_day(zone, b->until_ms - 1, p->until_day);
	return BULLETIN_PLAN_OK;
}
