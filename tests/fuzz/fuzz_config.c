/*
 * fuzz_config.c — the configuration file (config.c on libinih).
 *
 * /etc/loa/loa.conf is edited by hand, by Notepad on a USB stick, by a
 * package upgrade: any bytes at all. config_load_text() must accept it or
 * refuse it with messages, never crash, read past a line or leak. What it
 * accepts must be in range (the daemon trusts it), and each accepted hook
 * command must split into words. The duration and command-splitting
 * helpers are also fed the raw input, as single values.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loa/config.h"
#include "loa/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int quiet;
	struct loa_config c;
	char *s, buf[CONFIG_CMD_MAX], *argv[CONFIG_ARGV_MAX];
	int64_t ms;

	if (!quiet) {
		log_init(LOG_LEVEL_ERR, 0);
		quiet = 1;
	}
	if (config_load_text(&c, "fuzz.conf", (const char *)data, size) == 0) {
		if (c.max_lateness_ms < 0 || c.max_lateness_ms > 86400000 || c.on_air_lead_ms < 0 ||
		    c.on_air_lead_ms > 600000 || c.hook_gap_ms < 0 || c.hook_gap_ms > 3600000 ||
		    c.hook_timeout_ms < 1000 || c.hook_timeout_ms > 600000)
			abort();
		if (*c.on_air && config_split_command(c.on_air, buf, sizeof buf, argv, CONFIG_ARGV_MAX) < 1)
			abort();
		if (*c.off_air && config_split_command(c.off_air, buf, sizeof buf, argv, CONFIG_ARGV_MAX) < 1)
			abort();
		if (!memchr(c.device, 0, sizeof c.device) ||
		    !memchr(c.station_name, 0, sizeof c.station_name))
			abort();
	}
	if (!(s = malloc(size + 1)))
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	if (config_parse_duration(s, &ms) == 0 && ms < 0)
		abort();
	int n = config_split_command(s, buf, sizeof buf, argv, CONFIG_ARGV_MAX);
	if (n >= CONFIG_ARGV_MAX || (n >= 0 && argv[n] != NULL))
		abort();
	free(s);
	return 0;
}
