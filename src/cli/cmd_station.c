/*
 * cmd_station.c — loa station: the station's settings at a glance, and
 * changing its name or zone.
 *
 * The package creates a station before anyone has said its name or, on a
 * computer set to UTC, its real zone; the officer corrects both here. A
 * new zone is checked against the tz database, and the slots' times are
 * read in it from then on (the airing log keeps its UTC instants).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "loa/approval.h"
#include "loa/log.h"

#include "cli/cli.h"
#include "cli/cmds.h"
#include "loa/i18n.h"
#include "loa/link_mark.h"
#include "loa/timeutil.h"
#include "loa/utf8.h"
#include "loa/views.h"

int
cmd_station(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"name", required_argument, NULL, 'n'},
	    {"tz", required_argument, NULL, 't'},
	    {"approval", required_argument, NULL, 'a'},
	    {NULL, 0, NULL, 0},
	};
	struct station changed;
	int change = 0;
	enum fmt_kind kind = fmt_default_kind(stdout);
	struct view_listing l;
	struct view_cells row;
	struct link_mark mark;
	int c;

	changed = cli->station;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (cli_format(cli, optarg, &kind) != 0)
				return 2;
			break;
		case 'n':
			if (!*optarg)
				return cli_usage_error(cli, _("the station's name must not be empty"));
			if (cli_check_line(cli, "--name", optarg, UTF8_NAME_MAX) != 0)
				return 2;
			snprintf(changed.name, sizeof changed.name, "%s", optarg);
			change = 1;
			break;
		case 't':
			if (tz_valid(optarg) != 0)
				return cli_usage_error(
				    cli,
				    _("unknown time zone: '%s' (use an IANA name such as Asia/Ho_Chi_Minh)"),
				    optarg);
			snprintf(changed.tz, sizeof changed.tz, "%s", optarg);
			change = 1;
			break;
		case 'a':
			if (strcmp(optarg, "required") != 0 && strcmp(optarg, "off") != 0)
				return cli_usage_error(cli, _("--approval takes required or off, not '%s'"),
				                       optarg);
			changed.approval = strcmp(optarg, "required") == 0;
			change = 1;
			break;
		default:
			return cli_usage_error(cli, _("unknown option"));
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
	if (change) {
		if (store_station_set(cli->store, &changed) != 0)
			return 1;
		if (strcmp(changed.tz, cli->station.tz) != 0)
			warning(_("the station's time zone is now %s (was %s): slots air at their times in "
			          "this zone"),
			        changed.tz, cli->station.tz);
		cli->station = changed;
	}
	if (link_mark_get(cli->store, &mark) != 0)
		return 1;
	view_station_cells(&row, &cli->station, store_db_path(cli->store), store_library_dir(cli->store),
	                   store_schema_version(), &mark);
	if (view_open(&l, &view_station, stdout, kind, FMT_VERTICAL | FMT_SINGLE) != 0)
		return error(_("out of memory")), 1;
	view_add(&l, row.v);
	return view_close(&l) == 0 ? 0 : 1;
}
