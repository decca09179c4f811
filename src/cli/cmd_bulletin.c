/*
 * cmd_bulletin.c — loa bulletin list and loa bulletin schedule: the
 * bulletins the hub sent (bulletin.h), which `loa link` received.
 *
 * A normal bulletin waits for the officer; scheduling it adds slots
 * airing its clip through the very code of `loa slot add --clip`
 * (cli_slot_add_do), by default at the times the hub suggested over the
 * bulletin's period, and moves it to scheduled, which the link tells the
 * hub (it wakes on the station's commit). One refused after its audio
 * was imported (no programme to go before, no daemon for an emergency)
 * can be scheduled too; one whose audio was never imported cannot.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "loa/bulletin.h"
#include "loa/clock.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/timeutil.h"
#include "loa/views.h"

struct listing {
	struct view_listing l;
	const char *zone;
	int n;
};

static int
list_one(void *ctx, const struct bulletin *b)
{
	struct listing *x = ctx;
	struct view_cells c;

	view_bulletin_cells(&c, b, x->zone);
	x->n++;
	return view_add(&x->l, c.v) == 0 ? 0 : -1;
}

int
cmd_bulletin_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	enum fmt_kind kind = fmt_default_kind(stdout);
	struct listing x = {.zone = cli->station.tz};
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage_error(cli, _("unknown option"));
		if (cli_format(cli, optarg, &kind) != 0)
			return 2;
	}
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
	if (view_open(&x.l, &view_bulletin, stdout, kind, 0) != 0)
		return error(_("out of memory")), 1;
	rc = bulletin_each(cli->store, 0, list_one, &x);
	if (view_close(&x.l) != 0 || rc != 0)
		return 1;
	if (x.n == 0 && kind == FMT_TABLE)
		hint(_("no bulletin from the hub yet; 'loa link' receives them"));
	return cli_check_stdout();
}

int
cmd_bulletin_schedule(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"at", required_argument, NULL, 'a'},
	    {"days", required_argument, NULL, 'd'},
	    {"from", required_argument, NULL, 'f'},
	    {"until", required_argument, NULL, 'u'},
	    {NULL, 0, NULL, 0},
	};
	struct cli_slot_add o = {.tier = TIER_NORMAL};
	struct bulletin_plan plan = {0};
	struct bulletin b;
	char *end;
	int64_t id, now = clock_wall_ms();
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			plan.at = optarg;
			break;
		case 'd':
			plan.days = optarg;
			break;
		case 'f':
			plan.from = optarg;
			break;
		case 'u':
			plan.until = optarg;
			break;
		default:
			return cli_usage_error(cli, _("unknown option"));
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error(cli, _("name one bulletin by its number (see 'loa bulletin list')"));
	errno = 0;
	id = strtoll(argv[optind], &end, 10);
	if (errno || *end || end == argv[optind] || id <= 0)
		return cli_usage_error(cli, _("not a bulletin's number: '%s' (see 'loa bulletin list')"),
		                       argv[optind]);
	if ((rc = bulletin_get(cli->store, id, &b)) < 0)
		return 1;
	if (rc == 0) {
		error(_("no bulletin numbered %" PRId64 " from the hub"), id);
		hint(_("'loa bulletin list' shows the bulletins and their numbers"));
		return 1;
	}
	switch (bulletin_plan(&b, cli->station.tz, now, &plan)) {
	case BULLETIN_PLAN_NO_AUDIO:
		error(_("bulletin %" PRId64 " was refused and cannot air: %s"), id,
		      *b.reason ? b.reason : _("its audio was not added to the clip library"));
		hint(_("ask the hub to send it again"));
		return 1;
	case BULLETIN_PLAN_OVER:
		error(_("bulletin %" PRId64 "'s period is over: it may not air any more"), id);
		return 1;
	case BULLETIN_PLAN_NO_TIMES:
		return cli_usage_error(cli,
		                       _("the hub suggested no times for bulletin %" PRId64
		                         ": say when with --at, e.g. --at 6h,17h"),
		                       id);
	case BULLETIN_PLAN_OK:
		break;
	}
	o.at = plan.at;
	o.days = plan.days;
	o.from = plan.from;
	o.until = plan.until;
	o.clip_id = b.clip_id;
	o.title = b.title;
	o.tier = TIER_NORMAL;
	if ((rc = cli_slot_add_do(cli, &o)) != 0)
		return rc;
	if (bulletin_set_state(cli->store, id, BULLETIN_SCHEDULED, NULL, NULL, 0, now) != 0)
		return 1;
	printf(_("Bulletin %" PRId64 " is scheduled; 'loa link' tells the hub.\n"), id);
	return cli_check_stdout();
}
