/*
 * cmd_blackout.c — loa slot blackout: the station's blackout days
 * (holidays), one by one: list them, add a day or a run of days, remove
 * days. A holiday calendar is still 'loa slot import FILE --blackout'.
 *
 * The days are the store's (store_blackout_*), the listing's columns the
 * view's (view_blackout), so this command, the console's Lịch phát page
 * and GET /api/v1/holidays show the same objects. Dates are read as the
 * officer types them (cli_date): a date without its year is the next
 * such day.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_input.h"
#include "cli/cmds.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/slot.h"
#include "loa/store.h"
#include "loa/timeutil.h"
#include "loa/utf8.h"
#include "loa/views.h"

static int
blackout_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	enum fmt_kind kind = fmt_default_kind(stdout);
	struct view_listing l;
	struct view_cells cells;
	struct blackout *v;
	size_t n;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage_error(cli, _("unknown option"));
		if (cli_format(cli, optarg, &kind) != 0)
			return 2;
	}
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
	if (store_blackout_list(cli->store, &v, &n) != 0)
		return 1;
	if (view_open(&l, &view_blackout, stdout, kind, VIEW_NARROW) != 0) {
		store_blackout_list_free(v, n);
		return error(_("out of memory")), 1;
	}
	for (size_t i = 0; i < n; i++) {
		view_blackout_cells(&cells, &v[i]);
		view_add(&l, cells.v);
	}
	c = view_close(&l);
	store_blackout_list_free(v, n);
	return c == 0 ? 0 : 1;
}

static void
iso_of(const struct civil *c, char out[16])
{
	snprintf(out, 16, "%04u-%02u-%02u", (unsigned)c->year % 10000, (unsigned)c->month % 100,
	         (unsigned)c->day % 100);
}

static int
blackout_add(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"to", required_argument, NULL, 't'},
	    {"title", required_argument, NULL, 'T'},
	    {NULL, 0, NULL, 0},
	};
	const char *to_arg = NULL, *title = "";
	char from[16], to[16] = "", uid[64];
	struct civil a, b;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 't')
			to_arg = optarg;
		else if (c == 'T')
			title = optarg;
		else
			return cli_usage_error(cli, _("unknown option"));
	}
	if (optind + 1 != argc)
		return cli_usage_error(cli, _("name one day, e.g. 17/02/2027 (a run of days: add --to DAY)"));
	if ((rc = cli_date(cli, _("the day"), argv[optind], 0, &a)) != 0)
		return rc;
	iso_of(&a, from);
	if (to_arg) {
		if ((rc = cli_date(cli, "--to", to_arg, 0, &b)) != 0)
			return rc;
		iso_of(&b, to);
	}
	if (utf8_line_refuse(title, UTF8_TITLE_MAX, _("the title")) != 0)
		return 2;
	if (store_begin(cli->store) != 0)
		return 1;
	if (store_blackout_add(cli->store, from, to, title, uid, sizeof uid) != 0 ||
	    store_commit(cli->store) != 0) {
		store_rollback(cli->store);
		return 1;
	}
	if (*to && strcmp(to, from) != 0)
		printf(
		    _("Added blackout days %02d/%02d/%04d to %02d/%02d/%04d%s%s: normal slots do not air on "
		      "them\n"),
		    a.day, a.month, a.year, b.day, b.month, b.year, *title ? ", " : "", title);
	else
		printf(_("Added blackout day %02d/%02d/%04d%s%s: normal slots do not air on it\n"), a.day,
		       a.month, a.year, *title ? ", " : "", title);
	return 0;
}

static int
blackout_rm(struct cli *cli, int argc, char **argv)
{
	char iso[64][16];
	struct civil d;
	int n = argc - 1, rc;

	if (n < 1)
		return cli_usage_error(cli, _("name the blackout days to remove, e.g. 17/02/2027"));
	if (n > 64)
		return cli_usage_error(cli, _("at most 64 days at once"));
	for (int i = 0; i < n; i++) {
		if ((rc = cli_date(cli, _("the day"), argv[i + 1], 0, &d)) != 0)
			return rc;
		iso_of(&d, iso[i]);
	}
	if (store_begin(cli->store) != 0)
		return 1;
	for (int i = 0; i < n; i++) {
		if ((rc = store_blackout_rm(cli->store, iso[i])) == 1)
			error_at(ERR_NOT_FOUND, NULL,
			         _("%s is not a blackout day (loa slot blackout list shows them)"),
			         argv[i + 1]);
		if (rc != 0) {
			store_rollback(cli->store);
			return 1;
		}
	}
	if (store_commit(cli->store) != 0)
		return 1;
	printf(_("Removed %d blackout day(s): normal slots air on them again\n"), n);
	return 0;
}

int
cmd_slot_blackout(struct cli *cli, int argc, char **argv)
{
	if (argc < 2 || argv[1][0] == '-')
		return blackout_list(cli, argc, argv);
	if (strcmp(argv[1], "list") == 0)
		return blackout_list(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "add") == 0)
		return blackout_add(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "rm") == 0)
		return blackout_rm(cli, argc - 1, argv + 1);
	return cli_usage_error(cli, _("unknown action '%s': use list, add or rm"), argv[1]);
}
