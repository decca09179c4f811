/*
 * test_hook.c — amplifier hooks: argv without a shell, exit status, the
 * timeout kill, a missing program, the child's environment and signal mask.
 */
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "loa/clock.h"
#include "loa/hook.h"

static void
test_parse_words_and_quotes(void **state)
{
	(void)state;
	char **av = hook_argv_parse("  /usr/bin/relay  'channel 1' \"on now\"  x\"y z\" ");
	assert_non_null(av);
	assert_string_equal(av[0], "/usr/bin/relay");
	assert_string_equal(av[1], "channel 1");
	assert_string_equal(av[2], "on now");
	assert_string_equal(av[3], "xy z");
	assert_null(av[4]);
	hook_argv_free(av);
	/* Shell syntax is not interpreted: ; and $ are plain characters. */
	av = hook_argv_parse("echo a;b $HOME");
	assert_non_null(av);
	assert_string_equal(av[1], "a;b");
	assert_string_equal(av[2], "$HOME");
	hook_argv_free(av);
}

static void
test_parse_refuses(void **state)
{
	(void)state;
	assert_null(hook_argv_parse("relay 'on"));
	assert_null(hook_argv_parse("   "));
	assert_null(hook_argv_parse(""));
}

static void
test_exit_status(void **state)
{
	(void)state;
	char *ok[] = {"true", NULL}, *bad[] = {"sh", "-c", "exit 3", NULL};
	assert_int_equal(hook_run(ok, "on-air", 5000), 0);
	assert_int_equal(hook_run(bad, "on-air", 5000), 3);
}

static void
test_missing_program(void **state)
{
	(void)state;
	char *av[] = {"/nonexistent/loa-relay", NULL};
	assert_int_equal(hook_run(av, "on-air", 5000), 127);
}

/* 1 when pid is gone (or a zombie waiting for its new parent). */
static int
gone(long pid)
{
	char path[64], buf[256];
	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return 1;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *rp = strrchr(buf, ')');
	return rp && rp[1] == ' ' && rp[2] == 'Z';
}

static void
test_timeout_kills(void **state)
{
	(void)state;
	char out[] = "/tmp/loa-hook-XXXXXX", cmd[256];
	int fd = mkstemp(out);
	long child = 0;

	assert_true(fd >= 0);
	close(fd);
	/* The hook ignores SIGTERM, so the kill must escalate to SIGKILL;
	 * and what it started (the sleep) must die with it. */
	snprintf(cmd, sizeof cmd, "trap '' TERM; sleep 30 & echo $! > %s; wait", out);
	char *av[] = {"sh", "-c", cmd, NULL};
	int64_t t0 = clock_mono_ns();
	assert_int_equal(hook_run(av, "on-air", 300), -1);
	int64_t ms = (clock_mono_ns() - t0) / 1000000;
	assert_true(ms >= 300);
	assert_true(ms < 5000);
	FILE *f = fopen(out, "r");
	assert_non_null(f);
	assert_int_equal(fscanf(f, "%ld", &child), 1);
	fclose(f);
	unlink(out);
	for (int i = 0; i < 50 && !gone(child); i++)
		usleep(20000);
	assert_true(gone(child));
}

static void
test_environment_and_signals(void **state)
{
	(void)state;
	char out[] = "/tmp/loa-hook-XXXXXX";
	int fd = mkstemp(out);
	char cmd[512], buf[256] = "";
	sigset_t block, old;

	assert_true(fd >= 0);
	close(fd);
	/* The daemon blocks nothing today, but a hook must start clean
	 * whatever its parent blocks: SigBlk must be all zero. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	snprintf(cmd, sizeof cmd, "printf '%%s ' \"$LOA_HOOK\" > %s; grep SigBlk /proc/self/status >> %s",
	         out, out);
	char *av[] = {"sh", "-c", cmd, NULL};
	assert_int_equal(hook_run(av, "off-air", 5000), 0);
	sigprocmask(SIG_SETMASK, &old, NULL);
	FILE *f = fopen(out, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	unlink(out);
	assert_non_null(strstr(buf, "off-air "));
	assert_non_null(strstr(buf, "SigBlk:\t0000000000000000"));
}

/* hook_start() returns at once; a second command waits for the first and
 * runs after it; a hung one is stopped at its timeout by hook_check(). */
static void
test_start_never_blocks_and_keeps_order(void **state)
{
	(void)state;
	char out[] = "/tmp/loa-hook-XXXXXX", c1[256], c2[256], buf[64] = "";
	int fd = mkstemp(out);
	struct hook_runner r;

	assert_true(fd >= 0);
	close(fd);
	snprintf(c1, sizeof c1, "trap 'echo term >> %s; exit 1' TERM; sleep 30 & wait", out);
	snprintf(c2, sizeof c2, "echo second >> %s", out);
	char *first[] = {"sh", "-c", c1, NULL}, *second[] = {"sh", "-c", c2, NULL};
	hook_runner_init(&r);
	int64_t t0 = clock_mono_ns();
	assert_int_equal(hook_start(&r, first, "on-air", 400), 0);
	assert_int_equal(hook_start(&r, second, "off-air", 5000), 0);
	assert_true((clock_mono_ns() - t0) / 1000000 < 200);
	assert_true(hook_busy(&r));
	assert_true(hook_poll_ms(&r) <= 400);
	/* The caller's own loop: poll what the runner says, check on waking. */
	while (hook_busy(&r) && (clock_mono_ns() - t0) / 1000000 < 5000) {
		struct pollfd p = {hook_pollfd(&r), POLLIN, 0};
		poll(&p, 1, hook_poll_ms(&r));
		hook_check(&r);
	}
	assert_false(hook_busy(&r));
	assert_int_equal(r.status, 0);
	int64_t ms = (clock_mono_ns() - t0) / 1000000;
	assert_true(ms >= 400 && ms < 3000);
	FILE *f = fopen(out, "r");
	assert_non_null(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	unlink(out);
	buf[n] = '\0';
	assert_string_equal(buf, "term\nsecond\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_words_and_quotes),
	    cmocka_unit_test(test_parse_refuses),
	    cmocka_unit_test(test_exit_status),
	    cmocka_unit_test(test_missing_program),
	    cmocka_unit_test(test_timeout_kills),
	    cmocka_unit_test(test_environment_and_signals),
	    cmocka_unit_test(test_start_never_blocks_and_keeps_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
