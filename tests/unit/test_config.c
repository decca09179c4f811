/*
 * test_config.c — the configuration file: every key, every kind of mistake
 * (reported with its line, the caller's settings left alone), durations,
 * hook command splitting and the station check. Files are real files in a
 * private temporary folder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "loa/config.h"
#include "loa/store.h"

static char dir[] = "/tmp/loa-test-config-XXXXXX";
static char file[4200];

/* Writes text to a fresh file and returns its path. */
static const char *
write_conf(const char *text)
{
	FILE *f;

	snprintf(file, sizeof file, "%s/loa.conf", dir);
	f = fopen(file, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return file;
}

/* Loads text; returns config_load's result. */
static int
load(struct loa_config *c, const char *text)
{
	return config_load(c, write_conf(text), 1);
}

static void
test_defaults_without_file(void **state)
{
	struct loa_config c;
	char path[4200];

	(void)state;
	snprintf(path, sizeof path, "%s/absent.conf", dir);
	assert_int_equal(config_load(&c, path, 0), 0);
	assert_string_equal(c.path, "");
	assert_string_equal(c.device, "");
	assert_int_equal(c.max_lateness_ms, CONFIG_DEFAULT_MAX_LATENESS_MS);
	assert_int_equal(c.on_air_lead_ms, CONFIG_DEFAULT_LEAD_MS);
	assert_int_equal(c.hook_timeout_ms, CONFIG_DEFAULT_HOOK_TIMEOUT_MS);
	assert_false(c.has_lufs);
	/* Named explicitly, a missing file is an error. */
	assert_int_equal(config_load(&c, path, 1), -1);
}

static void
test_every_key(void **state)
{
	struct loa_config c;

	(void)state;
	assert_int_equal(load(&c, "\xEF\xBB\xBF; loa.conf\n"
	                          "# comment\n"
	                          "[station]\n"
	                          "name = \"Đài truyền thanh xã Đức Hòa\"\n"
	                          "zone = Asia/Ho_Chi_Minh\n"
	                          "target_lufs = -18.5\n"
	                          "\n"
	                          "[output]\n"
	                          "   device = system   ; the JACK ports\n"
	                          "[playout]\n"
	                          "max_lateness = 2m\n"
	                          "[hooks]\n"
	                          "on_air = /bin/echo \"amp on\"\n"
	                          "off_air = echo off\n"
	                          "lead = 2.5s\n"
	                          "gap = 1m\n"
	                          "timeout = 30\n"),
	                 0);
	assert_string_equal(c.path, file);
	assert_string_equal(c.station_name, "Đài truyền thanh xã Đức Hòa");
	assert_string_equal(c.station_zone, "Asia/Ho_Chi_Minh");
	assert_true(c.has_lufs);
	assert_true(c.station_lufs == -18.5);
	assert_string_equal(c.device, "system");
	assert_int_equal(c.line[CONFIG_DEVICE], 9);
	assert_int_equal(c.max_lateness_ms, 120000);
	assert_string_equal(c.on_air, "/bin/echo \"amp on\"");
	assert_string_equal(c.off_air, "echo off");
	assert_int_equal(c.on_air_lead_ms, 2500);
	assert_int_equal(c.hook_timeout_ms, 30000);
	assert_int_equal(c.hook_gap_ms, 60000);
	assert_int_equal(c.line[CONFIG_HOOK_TIMEOUT], 17);
	assert_int_equal(c.line[CONFIG_STATION_NAME], 4);
	assert_string_equal(config_key_name(CONFIG_MAX_LATENESS), "playout.max_lateness");
}

/* A file with a mistake fails and leaves the caller's settings alone. */
static void
expect_rejected(const char *text)
{
	struct loa_config c;

	config_defaults(&c);
	snprintf(c.device, sizeof c.device, "keep-me");
	assert_int_equal(load(&c, text), -1);
	assert_string_equal(c.device, "keep-me");
	assert_int_equal(c.max_lateness_ms, CONFIG_DEFAULT_MAX_LATENESS_MS);
}

static void
test_mistakes_rejected(void **state)
{
	(void)state;
	expect_rejected("[output]\ndevise = hw:0\n");                /* unknown key */
	expect_rejected("[sound]\ndevice = hw:0\n");                 /* unknown section */
	expect_rejected("device = hw:0\n");                          /* outside any section */
	expect_rejected("[output]\ndevice = a\ndevice = b\n");       /* twice */
	expect_rejected("[output]\ndevice = a\njust words\n");       /* not key = value */
	expect_rejected("[output\ndevice = a\n");                    /* broken section */
	expect_rejected("[playout]\nmax_lateness = soon\n");         /* not a duration */
	expect_rejected("[playout]\nmax_lateness = -5\n");           /* negative */
	expect_rejected("[playout]\nmax_lateness = 2d\n");           /* unknown unit */
	expect_rejected("[playout]\nmax_lateness = 25h\n");          /* above the limit */
	expect_rejected("[hooks]\nlead = 11m\n");                    /* above the limit */
	expect_rejected("[hooks]\ntimeout = 0\n");                   /* below the limit */
	expect_rejected("[hooks]\ngap = 2h\n");                      /* above the limit */
	expect_rejected("[hooks]\non_air = /bin/echo \"unclosed\n"); /* quote */
	expect_rejected("[hooks]\non_air = /nonexistent/amp-on\n");  /* no program */
	expect_rejected("[hooks]\noff_air = no-such-program-loa\n"); /* not on PATH */
	expect_rejected("[station]\nzone = Asia/Atlantis\n");        /* zone */
	expect_rejected("[station]\ntarget_lufs = loud\n");          /* number */
	expect_rejected("[station]\ntarget_lufs = 3\n");             /* range */
	expect_rejected("[station]\nname =\n");                      /* empty name */
	expect_rejected("[output]\ndevice = caf\xE9\n");             /* Latin-1, not UTF-8 */
	{
		/* A NUL byte: not a text file. */
		struct loa_config c;
		FILE *f = fopen(write_conf(""), "wb");
		assert_non_null(f);
		fwrite("[output]\ndevice = a\0b\n", 1, 22, f);
		fclose(f);
		assert_int_equal(config_load(&c, file, 1), -1);
	}
	{
		char longline[400];
		memset(longline, 'x', sizeof longline);
		memcpy(longline, "[output]\ndevice = ", 18);
		longline[sizeof longline - 2] = '\n';
		longline[sizeof longline - 1] = 0;
		expect_rejected(longline); /* longer than inih's line */
	}
}

static void
test_empty_values(void **state)
{
	struct loa_config c;

	(void)state;
	assert_int_equal(load(&c, "[output]\ndevice =\n[hooks]\non_air =\n"), 0);
	assert_string_equal(c.device, "");
	assert_string_equal(c.on_air, "");
}

static void
test_durations(void **state)
{
	int64_t ms;

	(void)state;
	assert_int_equal(config_parse_duration("90", &ms), 0);
	assert_int_equal(ms, 90000);
	assert_int_equal(config_parse_duration("1.5s", &ms), 0);
	assert_int_equal(ms, 1500);
	assert_int_equal(config_parse_duration("250ms", &ms), 0);
	assert_int_equal(ms, 250);
	assert_int_equal(config_parse_duration("5m", &ms), 0);
	assert_int_equal(ms, 300000);
	assert_int_equal(config_parse_duration("5 min", &ms), 0);
	assert_int_equal(ms, 300000);
	assert_int_equal(config_parse_duration("1h", &ms), 0);
	assert_int_equal(ms, 3600000);
	assert_int_equal(config_parse_duration("0", &ms), 0);
	assert_int_equal(ms, 0);
	/* The officer's units, with or without diacritics, in any case. */
	assert_int_equal(config_parse_duration("90 giây", &ms), 0);
	assert_int_equal(ms, 90000);
	assert_int_equal(config_parse_duration("5 phút", &ms), 0);
	assert_int_equal(ms, 300000);
	assert_int_equal(config_parse_duration("5 Phut", &ms), 0);
	assert_int_equal(ms, 300000);
	assert_int_equal(config_parse_duration("1 giờ", &ms), 0);
	assert_int_equal(ms, 3600000);
	assert_int_equal(config_parse_duration("5 M", &ms), 0);
	assert_int_equal(ms, 300000);
	assert_int_equal(config_parse_duration("5 phút rưỡi", &ms), -1);
	assert_int_equal(config_parse_duration("", &ms), -1);
	assert_int_equal(config_parse_duration("-1", &ms), -1);
	assert_int_equal(config_parse_duration("5 minutes", &ms), -1);
	assert_int_equal(config_parse_duration("nan", &ms), -1);
	assert_int_equal(config_parse_duration("inf", &ms), -1);
	assert_int_equal(config_parse_duration("s", &ms), -1);
}

static void
test_split_command(void **state)
{
	char buf[256], *argv[8];

	(void)state;
	assert_int_equal(
	    config_split_command("/usr/bin/relay --on  \"amp 1\" 'a\"b' c\\ d", buf, sizeof buf, argv, 8), 5);
	assert_string_equal(argv[0], "/usr/bin/relay");
	assert_string_equal(argv[1], "--on");
	assert_string_equal(argv[2], "amp 1");
	assert_string_equal(argv[3], "a\"b");
	assert_string_equal(argv[4], "c d");
	assert_null(argv[5]);
	/* No expansion of any kind. */
	assert_int_equal(config_split_command("echo $HOME *", buf, sizeof buf, argv, 8), 3);
	assert_string_equal(argv[1], "$HOME");
	assert_string_equal(argv[2], "*");
	assert_int_equal(config_split_command("   ", buf, sizeof buf, argv, 8), 0);
	assert_null(argv[0]);
	assert_int_equal(config_split_command("echo \"open", buf, sizeof buf, argv, 8), -1);
	assert_int_equal(config_split_command("echo \\", buf, sizeof buf, argv, 8), -1);
	assert_int_equal(config_split_command("a b c d e f g h", buf, sizeof buf, argv, 8), -1);
	assert_int_equal(config_split_command("abcdefgh", buf, 5, argv, 8), -1);
}

static void
test_station_check(void **state)
{
	struct loa_config c;
	struct station st = {.name = "Đài xã B", .tz = "Asia/Ho_Chi_Minh", .target_lufs = -16};

	(void)state;
	assert_int_equal(load(&c, "[output]\ndevice = x\n"), 0);
	assert_int_equal(config_check_station(&c, &st), 0);
	assert_int_equal(load(&c, "[station]\nname = Đài xã B\nzone = Asia/Ho_Chi_Minh\ntarget_lufs = -16\n"),
	                 0);
	assert_int_equal(config_check_station(&c, &st), 0);
	assert_int_equal(load(&c, "[station]\nname = Đài xã A\nzone = Asia/Bangkok\ntarget_lufs = -23\n"), 0);
	assert_int_equal(config_check_station(&c, &st), 3);
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
	char path[4200];

	(void)state;
	snprintf(path, sizeof path, "%s/loa.conf", dir);
	unlink(path);
	return rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults_without_file),
	    cmocka_unit_test(test_every_key),
	    cmocka_unit_test(test_mistakes_rejected),
	    cmocka_unit_test(test_empty_values),
	    cmocka_unit_test(test_durations),
	    cmocka_unit_test(test_split_command),
	    cmocka_unit_test(test_station_check),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
