/*
 * fuzz_timeutil.c — the date, time and instant parsers of the CLI.
 *
 * Everything the officer types as --from, --until, --at or --start passes
 * through these; each must reject garbage quietly and never read past the
 * string. Accepted instants must format and parse back to themselves.
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
	if (time_parse_instant(s, "Asia/Ho_Chi_Minh", &ms) == 0 && ms >= 0 && ms < 253402300799000LL) {
		time_format_iso(ms, "Asia/Ho_Chi_Minh", iso, sizeof iso);
		if (time_parse_instant(iso, "UTC", &back) != 0 || back != ms)
			abort();
	}
	free(s);
	return 0;
}
