/*
 * fuzz_slotopts.c — the schedule options of `loa slot add` and `slot edit`.
 *
 * The input is split at newlines into the values of --at, --days,
 * --except, --start, --rrule and --exdate, in that order, and goes through
 * the core function cmd_slot.c calls, slot_rules_build (slot_rule.h):
 * once as --at with --days and --except, once as --start with --rrule and
 * --exdate (its rule checked as `slot add` checks it: RFC 5545's limits,
 * then the first year expanded in a child killed after 400 ms, which
 * refuses rules libical would search for centuries). What it accepts must
 * be in range, and every event it builds must load and is expanded over a
 * bounded window, as the agenda would.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loa/ical.h"
#include "loa/log.h"
#include "loa/slot_rule.h"
#include "loa/timeutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ZONE "Asia/Ho_Chi_Minh"

static int
civil_ok(const struct civil *c)
{
	return c->month >= 1 && c->month <= 12 && c->day >= 1 &&
	       c->day <= civil_days_in_month(c->year, c->month) && c->hour >= 0 && c->hour < 24 &&
	       c->min >= 0 && c->min < 60 && c->sec >= 0 && c->sec < 61;
}

/* Builds w's events; each accepted one must be in range and load. */
static void
check(const struct slot_when *w)
{
	struct slot_rules r;

	if (slot_rules_build(w, &r) == 0) {
		if (r.n < 1)
			abort();
		for (int i = 0; i < r.n; i++) {
			if (!civil_ok(&r.v[i].start))
				abort();
			for (int k = 0; k < r.v[i].nexdates; k++)
				if (!civil_ok(&r.v[i].exdates[k]))
					abort();
			char *text = slot_rule_text(&r.v[i], ZONE, "fuzz@loa", "fuzz");
			struct ical_rule *rule = text ? ical_rule_load(text, ZONE, "fuzz") : NULL;
			if (text && !rule)
				abort(); /* what slot_rule_text built must load */
			if (rule) {
				struct ical_occurrence *v = NULL;
				size_t n = 0, cap = 0;
				int64_t t0 = ical_rule_first_ms(rule);
				ical_rule_expand(rule, t0, t0 + 31LL * 86400000, 10000, &v, &n, &cap);
				free(ical_rule_describe(rule));
				free(v);
				ical_rule_free(rule);
			}
			free(text);
		}
	} else if (r.fault.kind == SLOT_FAULT_NONE) {
		abort(); /* a refusal always says which choice is at fault */
	}
	slot_rules_free(&r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int quiet;
	char *buf, *field[6] = {"", "", "", "", "", ""}, *p;
	int nf = 0;

	if (!quiet) {
		log_init(LOG_LEVEL_ERR, 0);
		quiet = 1;
	}
	if (!(buf = malloc(size + 1)))
		return 0;
	memcpy(buf, data, size);
	buf[size] = 0;
	for (p = buf; nf < 6; nf++) {
		field[nf] = p;
		if (!(p = strchr(p, '\n')))
			break;
		*p++ = 0;
	}
	/* --at, --days, --except (from a fixed day, so runs agree). */
	check(&(struct slot_when){.zone = ZONE,
	                          .now_ms = 1709262000000LL,
	                          .at = field[0],
	                          .days = *field[1] ? field[1] : NULL,
	                          .except = *field[2] ? field[2] : NULL,
	                          .quiet = 1});
	/* --start, --rrule, --exdate: the event slot add would store. */
	check(&(struct slot_when){.zone = ZONE,
	                          .start = field[3],
	                          .rrule = *field[4] ? field[4] : NULL,
	                          .exdate = *field[5] ? field[5] : NULL,
	                          .quiet = 1});
	free(buf);
	ical_scratch_free();
	return 0;
}
