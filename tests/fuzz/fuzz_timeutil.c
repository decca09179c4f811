/*
 * fuzz_timeutil.c — the date, time and instant parsers of the CLI.
 *
 * Everything the officer types as --from, --until, --at or --start passes
 * through these; each must reject garbage quietly and never read past the
 * string. Accepted instants must format and parse back to themselves; the
 * officer's readers (time_read_*) must accept only real dates, times and
 * periods, and word every refusal.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loa/timeutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), iso[64];
	struct civil c;
	int64_t ms, back;
	int h, m, sec;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	time_parse_date(s, &c);
	time_parse_clock(s, &h, &m, &sec);
	{
		static const struct civil today = {2026, 3, 15, 0, 0, 0};
		struct time_reading how;
		char why[512];
		int mask, y, part;
		for (int past = 0; past < 2; past++)
			if (time_read_date(s, &today, past, &c, &how) == 0 &&
			    (c.month < 1 || c.month > 12 || c.day < 1 ||
			     c.day > civil_days_in_month(c.year, c.month)))
				abort();
		time_fault_text(TIME_DATE, s, &how, why, sizeof why);
		if (time_read_clock(s, &h, &m, &sec, &how) == 0 && (h > 23 || m > 59 || sec > 59))
			abort();
		time_fault_text(TIME_CLOCK, s, &how, why, sizeof why);
		time_read_instant(s, "Asia/Ho_Chi_Minh", &today, 0, &ms, &how);
		time_fault_text(TIME_INSTANT, s, &how, why, sizeof why);
		if (time_read_weekdays(s, &mask, &how) == 0 && (mask < 1 || mask > 0x7f))
			abort();
		for (const char *k = "QHY"; *k; k++)
			if (time_read_period(s, *k, &y, &part, &how) == 0 &&
			    (part > (*k == 'Q' ? 4 : 2) || y < 1970))
				abort();
		time_fault_text(TIME_QUARTER, s, &how, why, sizeof why);
	}
	if (time_parse_instant(s, "Asia/Ho_Chi_Minh", &ms) == 0 && ms >= 0 && ms < 253402300799000LL) {
		time_format_iso(ms, "Asia/Ho_Chi_Minh", iso, sizeof iso);
		if (time_parse_instant(iso, "UTC", &back) != 0 || back != ms)
			abort();
	}
	free(s);
	return 0;
}
