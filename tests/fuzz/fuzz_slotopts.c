/*
 * fuzz_slotopts.c — the schedule options of `loa slot add` and `slot edit`.
 *
 * The input is split at newlines into the values of --at, --days,
 * --except, --start, --rrule and --exdate, in that order, and each goes
 * through the same core functions cmd_slot.c calls: time_parse_clock per
 * comma-separated time, time_parse_weekdays, time_parse_date_list,
 * time_parse_instant, ical_rrule_valid. What they accept must be in range.
 * When --start and --rrule are both accepted, the rule is checked against
 * the start as `slot add` checks it (ical_rrule_check: RFC 5545's limits,
 * then the first year expanded in a child killed after 400 ms, which
 * refuses rules libical would search for centuries), and only a rule that
 * passes is built into the event text and expanded over a bounded window,
 * as the agenda would.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loa/ical.h"
#include "loa/log.h"
#include "loa/timeutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ZONE "Asia/Ho_Chi_Minh"

static int
civil_ok(const struct civil *c)
{
	return c->month >= 1 && c->month <= 12 && c->day >= 1 && c->day <= civil_days_in_month(c->year, c->month) &&
	       c->hour >= 0 && c->hour < 24 && c->min >= 0 && c->min < 60 && c->sec >= 0 && c->sec < 61;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int quiet;
	char *buf, *field[6] = { "", "", "", "", "", "" }, *p, *tok, *save = NULL;
	struct civil *ex = NULL, start;
	int nex = 0, mask, h, m, s, nf = 0;
	int64_t ms;

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

	/* --at: what cmd_slot_add does with each time. */
	char *at = strdup(field[0]);
	for (tok = at ? strtok_r(at, ",", &save) : NULL; tok; tok = strtok_r(NULL, ",", &save))
		if (time_parse_clock(tok, &h, &m, &s) == 0 && (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 60))
			abort();
	free(at);
	/* --days */
	if (time_parse_weekdays(field[1], &mask) == 0 && (mask < 1 || mask > 0x7f))
		abort();
	/* --except */
	if (time_parse_date_list(field[2], &ex, &nex) == 0)
		for (int i = 0; i < nex; i++)
			if (!civil_ok(&ex[i]))
				abort();
	free(ex);
	ex = NULL, nex = 0;
	/* --start, --rrule, --exdate: the event slot add would store. */
	if (time_parse_instant(field[3], ZONE, &ms) == 0 && ms > -62135596800000LL && ms < 253402300799000LL &&
	    tz_from_utc(ZONE, ms, &start, NULL) == 0) {
		int rrule_ok = ical_rrule_valid(field[4]) == 0;
		if (rrule_ok) {
			struct ical_spec once = { .uid = "check@loa", .zone = ZONE, .start = start };
			char *base = ical_spec_text(&once);
			const char *why;
			rrule_ok = base && ical_rrule_check(field[4], base, ZONE, &why) == 0;
			free(base);
		}
		char *exd = strdup(field[5]);
		save = NULL;
		for (tok = exd ? strtok_r(exd, ",", &save) : NULL; tok && nex < 64; tok = strtok_r(NULL, ",", &save)) {
			struct civil x, *nv;
			int64_t xm;
			if (time_parse_date(tok, &x) == 0)
				x.hour = start.hour, x.min = start.min, x.sec = start.sec;
			else if (time_parse_instant(tok, ZONE, &xm) != 0 || tz_from_utc(ZONE, xm, &x, NULL) != 0)
				continue;
			if (!(nv = realloc(ex, (nex + 1) * sizeof *nv)))
				break;
			ex = nv;
			ex[nex++] = x;
		}
		free(exd);
		if (rrule_ok || !*field[4]) {
			struct ical_spec sp = { .uid = "fuzz@loa", .summary = "fuzz", .zone = ZONE, .start = start,
						.rrule = rrule_ok ? field[4] : NULL, .exdates = ex, .nexdates = nex };
			char *text = ical_spec_text(&sp);
			struct ical_rule *r = text ? ical_rule_load(text, ZONE, "fuzz") : NULL;
			if (text && !r)
				abort(); /* what ical_spec_text built must load */
			if (r) {
				struct ical_occurrence *v = NULL;
				size_t n = 0, cap = 0;
				int64_t t0 = ical_rule_first_ms(r);
				ical_rule_expand(r, t0, t0 + 31LL * 86400000, 10000, &v, &n, &cap);
				free(ical_rule_describe(r));
				free(v);
				ical_rule_free(r);
			}
			free(text);
		}
	}
	free(ex);
	free(buf);
	ical_scratch_free();
	return 0;
}
