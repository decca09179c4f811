/*
 * test_playout_config.c — the playout's settings come from one place: the
 * configuration file's defaults (which the agenda's lateness is too) and
 * its keys, mapped by playout_config_from_file() with the hook commands
 * split into argv.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "loa/agenda.h"
#include "loa/config.h"
#include "loa/playout.h"

static void
test_defaults(void **state)
{
	struct playout_config pc;

	(void)state;
	assert_int_equal(playout_config_from_file(&pc, NULL), 0);
	assert_null(pc.output);
	assert_true(pc.until_ms == INT64_MAX);
	assert_int_equal(pc.max_lateness_ms, 300000);
	assert_int_equal(pc.max_lateness_ms, AGENDA_MAX_LATENESS_MS);
	assert_int_equal(pc.on_air_lead_ms, CONFIG_DEFAULT_LEAD_MS);
	assert_int_equal(pc.hook_gap_ms, CONFIG_DEFAULT_HOOK_GAP_MS);
	assert_int_equal(pc.hook_timeout_ms, CONFIG_DEFAULT_HOOK_TIMEOUT_MS);
	assert_true(pc.lookback_ms == PLAYOUT_LOOKBACK_MS);
	assert_null(pc.on_air_argv);
	assert_null(pc.off_air_argv);
	assert_int_equal(pc.once, 0);
	playout_config_free(&pc);
}

static void
test_from_file(void **state)
{
	static const char text[] = "[output]\n"
	                           "device = system\n"
	                           "[playout]\n"
	                           "max_lateness = 90s\n"
	                           "[hooks]\n"
	                           "on_air = echo \"amp on\" 'now'\n"
	                           "off_air = echo off\n"
	                           "lead = 2.5s\n"
	                           "gap = 1m\n"
	                           "timeout = 30\n";
	struct playout_config pc;
	struct loa_config c;

	(void)state;
	config_defaults(&c);
	assert_int_equal(config_load_text(&c, "loa.conf", text, sizeof text - 1), 0);
	assert_int_equal(playout_config_from_file(&pc, &c), 0);
	assert_string_equal(pc.output, "system");
	assert_int_equal(pc.max_lateness_ms, 90000);
	assert_int_equal(pc.on_air_lead_ms, 2500);
	assert_int_equal(pc.hook_gap_ms, 60000);
	assert_int_equal(pc.hook_timeout_ms, 30000);
	assert_non_null(pc.on_air_argv);
	assert_string_equal(pc.on_air_argv[0], "echo");
	assert_string_equal(pc.on_air_argv[1], "amp on");
	assert_string_equal(pc.on_air_argv[2], "now");
	assert_null(pc.on_air_argv[3]);
	assert_string_equal(pc.off_air_argv[0], "echo");
	assert_string_equal(pc.off_air_argv[1], "off");
	assert_null(pc.off_air_argv[2]);
	playout_config_free(&pc);
	assert_null(pc.on_air_argv);
	assert_null(pc.off_air_argv);
	/* No device in the file: the default output. */
	config_defaults(&c);
	assert_int_equal(playout_config_from_file(&pc, &c), 0);
	assert_null(pc.output);
	playout_config_free(&pc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_from_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
