/*
 * test_infile.c — opening a file the officer (or a calendar) named: file:
 * URIs as RFC 8089 reads them, FIFOs and devices refused without blocking,
 * the size cap checked before reading, and confinement to a folder that
 * no name, link or ".." gets out of, saying the same whether or not the
 * file outside exists.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "loa/infile.h"

static char top[] = "/tmp/loa-test-infile-XXXXXX";

static void
put(const char *rel, const char *text)
{
	char p[PATH_MAX];
	FILE *f;

	snprintf(p, sizeof p, "%s/%s", top, rel);
	assert_non_null(f = fopen(p, "w"));
	fputs(text, f);
	fclose(f);
}

/* infile_open() of top/rel inside top/cal (or anywhere): the descriptor
 * (closed here) or -1 with *e. */
static int
try_open(const char *rel, int confined, uint64_t max, struct infile_error *e)
{
	struct infile_root root;
	struct stat sb;
	char p[PATH_MAX], dir[PATH_MAX];
	int fd;

	snprintf(p, sizeof p, "%s/%s", top, rel);
	snprintf(dir, sizeof dir, "%s/cal", top);
	assert_int_equal(infile_root_open(&root, dir), 0);
	fd = infile_open(p, confined ? &root : NULL, max, &sb, e);
	infile_root_close(&root);
	if (fd >= 0)
		close(fd);
	return fd;
}

static int
setup(void **state)
{
	char p[PATH_MAX];

	(void)state;
	assert_non_null(mkdtemp(top));
	snprintf(p, sizeof p, "%s/cal", top), mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/cal/sub", top), mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/secret", top), mkdir(p, 0755);
	put("cal/in.wav", "RIFF");
	put("cal/sub/deep.wav", "RIFF");
	put("secret/x.wav", "secret");
	snprintf(p, sizeof p, "%s/cal/up", top), assert_int_equal(symlink("../secret/x.wav", p), 0);
	snprintf(p, sizeof p, "%s/cal/up-missing", top), assert_int_equal(symlink("../nowhere/x.wav", p), 0);
	snprintf(p, sizeof p, "%s/cal/abs", top), assert_int_equal(symlink("/etc/hostname", p), 0);
	snprintf(p, sizeof p, "%s/cal/fifo.wav", top), assert_int_equal(mkfifo(p, 0644), 0);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_uri(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(infile_uri_path("file:///a/b%20c.wav", out, sizeof out), 0);
	assert_string_equal(out, "/a/b c.wav");
	assert_int_equal(infile_uri_path("file://localhost/a/b.wav", out, sizeof out), 0);
	assert_string_equal(out, "/a/b.wav"); /* not "localhost/a/b.wav" */
	assert_int_equal(infile_uri_path("FILE://LocalHost/a", out, sizeof out), 0);
	assert_string_equal(out, "/a");
	assert_int_equal(infile_uri_path("file:/a/b", out, sizeof out), 0);
	assert_string_equal(out, "/a/b");
	assert_int_equal(infile_uri_path("file:rel/b.wav", out, sizeof out), 0);
	assert_string_equal(out, "rel/b.wav");
	assert_int_equal(infile_uri_path("file://server/share/b.wav", out, sizeof out), -1);
	assert_int_equal(infile_uri_path("file:///a%00b", out, sizeof out), -1);
	assert_int_equal(infile_uri_path("http://x/y", out, sizeof out), -1);
	assert_int_equal(infile_uri_path("file://", out, sizeof out), -1);
	assert_int_equal(
	    infile_uri_path("file:///aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	                    out, sizeof out),
	    -1);
}

static void
test_special_files(void **state)
{
	struct infile_error e;

	(void)state;
	/* A FIFO nobody writes: refused at once, not waited on. */
	assert_int_equal(try_open("cal/fifo.wav", 0, 100, &e), -1);
	assert_int_equal(e.fail, INFILE_NOT_REGULAR);
	assert_true(S_ISFIFO(e.mode));
	assert_int_equal(try_open("cal", 0, 100, &e), -1);
	assert_true(e.fail == INFILE_NOT_REGULAR && S_ISDIR(e.mode));
	assert_int_equal(try_open("cal/none.wav", 0, 100, &e), -1);
	assert_true(e.fail == INFILE_SYSTEM && e.err == ENOENT);
	assert_int_equal(try_open("secret/x.wav", 0, 3, &e), -1);
	assert_true(e.fail == INFILE_TOO_BIG && e.size == 6);
	assert_true(try_open("secret/x.wav", 0, 6, &e) >= 0);
}

static void
test_confined(void **state)
{
	struct infile_error e;
	static const char *const outside[] = {
	    "secret/x.wav", "cal/../secret/x.wav", "cal/sub/../../secret/x.wav", "cal/up",
	    "cal/abs",      "nowhere/x.wav",       "cal/../nowhere/x.wav",       "cal/up-missing"};

	(void)state;
	assert_true(try_open("cal/in.wav", 1, 100, &e) >= 0);
	assert_true(try_open("cal/sub/deep.wav", 1, 100, &e) >= 0);
	assert_true(try_open("cal/sub/../in.wav", 1, 100, &e) >= 0);
	/* Out by name, by "..", by a link (existing target or not): all the same. */
	for (size_t i = 0; i < sizeof outside / sizeof *outside; i++) {
		assert_int_equal(try_open(outside[i], 1, 100, &e), -1);
		if (e.fail != INFILE_OUTSIDE)
			fail_msg("%s: expected outside, got %d", outside[i], e.fail);
	}
	/* Inside, missing: said as missing. */
	assert_int_equal(try_open("cal/none.wav", 1, 100, &e), -1);
	assert_true(e.fail == INFILE_SYSTEM && e.err == ENOENT);
}

static void
test_read_all(void **state)
{
	struct stat sb;
	struct infile_error e;
	char p[PATH_MAX], *buf;
	size_t len;
	int fd;

	(void)state;
	snprintf(p, sizeof p, "%s/secret/x.wav", top);
	assert_true((fd = infile_open(p, NULL, 100, &sb, &e)) >= 0);
	assert_int_equal(infile_read_all(fd, 100, &buf, &len), 0);
	assert_int_equal(len, 6);
	assert_string_equal(buf, "secret");
	free(buf);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(infile_read_all(fd, 5, &buf, &len), -1); /* it grew past the cap */
	assert_int_equal(errno, EFBIG);
	close(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_uri),
	    cmocka_unit_test(test_special_files),
	    cmocka_unit_test(test_confined),
	    cmocka_unit_test(test_read_all),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
