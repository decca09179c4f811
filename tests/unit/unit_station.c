/*
 * unit_station.c — a real station in a temporary folder for the unit
 * tests, and the core's messages caught (unit_station.h).
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
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

#include "loa/log.h"
#include "loa/store.h"
#include "unit_station.h"

void
unit_station_make(struct unit_station *u, int create)
{
	const char *tmp = getenv("TMPDIR");
	struct station st = {.name = "Đài truyền thanh xã Thử", .tz = "Asia/Ho_Chi_Minh", .target_lufs = -23};

	memset(u, 0, sizeof *u);
	snprintf(u->dir, sizeof u->dir, "%s/loa-unit-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(u->dir));
	snprintf(u->db, sizeof u->db, "%s/station.db", u->dir);
	if (!create)
		return;
	u->s = store_open(u->db, STORE_CREATE);
	assert_non_null(u->s);
	assert_int_equal(store_station_init(u->s, &st), 0);
	/* The clip library beside it, as loa init makes it. */
	assert_int_equal(mkdir(store_library_dir(u->s), 0755), 0);
}

static int
rm_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb, (void)type, (void)ftw;
	return remove(path);
}

void
unit_station_done(struct unit_station *u)
{
	store_close(u->s);
	u->s = NULL;
	nftw(u->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void
catch_msg(const struct log_msg *m, void *ctx)
{
	struct unit_log *l = ctx;

	if (m->hint && m->advice != ADVICE_NONE) {
		l->advice = m->advice;
	} else if (m->level == LOG_LEVEL_ERR && !m->hint && !m->warning) {
		l->errors++;
		l->kind = m->kind;
		snprintf(l->text, sizeof l->text, "%s", m->text ? m->text : "");
	}
}

void
unit_log_catch(struct unit_log *l)
{
	memset(l, 0, sizeof *l);
	log_set_writer(catch_msg, l);
}

void
unit_log_release(void)
{
	log_set_writer(NULL, NULL);
}
