/*
 * fuzz_ical.c — reading a calendar file (src/schedule/ical_scan.c,
 * ical_read.c and ical_rule.c, on libical).
 *
 * Whatever the officer's USB stick holds reaches ical_read_text(): it must
 * either accept the calendar or refuse it with a message, never crash,
 * hang or leak. An accepted event's canonical text must load and expand.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loa/ical.h"
#include "loa/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int quiet;
	struct ical_file f;

	if (!quiet) {
		log_init(LOG_LEVEL_ERR, 0);
		quiet = 1;
	}
	if (ical_read_text((const char *)data, size, "fuzz.ics", "Asia/Ho_Chi_Minh", &f) != 0) {
		ical_scratch_free();
		return 0;
	}
	for (int i = 0; i < f.n; i++) {
		struct ical_rule *r = ical_rule_load(f.ev[i].text, "Asia/Ho_Chi_Minh", "fuzz");
		struct ical_occurrence *v = NULL;
		size_t n = 0, cap = 0;
		if (!r)
			abort(); /* what ical_read_text accepted must load */
		int64_t t0 = ical_rule_first_ms(r);
		ical_rule_expand(r, t0, t0 + 31LL * 86400000, 10000, &v, &n, &cap);
		free(ical_rule_describe(r));
		free(v);
		ical_rule_free(r);
	}
	ical_file_free(&f);
	ical_scratch_free();
	return 0;
}
