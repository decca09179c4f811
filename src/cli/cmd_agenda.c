/*
 * cmd_agenda.c — loa agenda: every airing in a window, in the station's
 * zone, with overlaps resolved as the daemon will play them.
 *
 * The CSV columns are a contract (start,end,slot,tier,clip,title); the
 * table and JSON add the status, the nominal start and the reason, so
 * the officer sees which airing is delayed or skipped and why.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/cli_input.h"
#include "cli/cmds.h"
#include "loa/agenda_view.h"
#include "loa/clock.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/timeutil.h"
#include "loa/views.h"

int
cmd_agenda(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {"format", required_argument, NULL, 'F'},
	    {"max-lateness", required_argument, NULL, 'l'},
	    {NULL, 0, NULL, 0},
	};
	enum fmt_kind kind = fmt_default_kind(stdout);
	const char *zone = cli->station.tz;
	int64_t from = clock_wall_ms(), to = 0;
	int c, have_to = 0;
	struct agenda_view v;
	struct view_listing l;
	struct view_cells cells;
	char *end;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (cli_instant(cli, "--from", optarg, 0, &from, NULL) != 0)
				return 2;
			break;
		case 't':
			if (cli_instant(cli, "--to", optarg, 0, &to, NULL) != 0)
				return 2;
			have_to = 1;
			break;
		case 'F':
			if (cli_format(cli, optarg, &kind) != 0)
				return 2;
			break;
		case 'l': {
			errno = 0;
			long long s = strtoll(optarg, &end, 10);
			if (errno || *end || end == optarg || s < 0 || s > 86400)
				return cli_usage_error(
				    cli, _("--max-lateness takes seconds from 0 to 86400: '%s'"), optarg);
			agenda_set_max_lateness_ms(s * 1000);
			break;
		}
		default:
			return cli_usage_error(cli, _("unknown option"));
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
	if (!have_to)
		to = from + AGENDA_VIEW_DEFAULT_MS;
	if (to <= from)
		return cli_usage_error(cli, _("--to must be after --from"));
	if (to - from > AGENDA_VIEW_MAX_MS)
		return cli_usage_error(
		    cli, _("the window is longer than ten years; choose a shorter --from/--to"));
	if (agenda_view_build(cli->store, from, to, &v) != 0) {
		agenda_view_free(&v);
		return 1;
	}
	if (view_open(&l, &view_agenda, stdout, kind, 0) != 0) {
		agenda_view_free(&v);
		return error(_("out of memory")), 1;
	}
	for (size_t i = 0; i < v.n; i++) {
		const struct airing *x = v.rows[i].airing;
		const char *note = v.rows[i].note;
		view_agenda_cells(&cells, x, note, zone);
		view_add(&l, cells.v);
		if (kind == FMT_CSV && agenda_row_warns(x)) {
			char when[40];
			warning(_("slot %" PRId64 " at %s is %s: %s"), x->slot_id,
			        i18n_format_when(x->start_ms, zone, when, sizeof when),
			        view_word_agenda_status(airing_status_name(x->status)), note);
		}
	}
	c = view_close(&l);
	if (v.nunassigned) {
		warning(_("%d airing(s) have no clip assigned and will be skipped"), v.nunassigned);
		hint(_("assign a clip with 'loa slot edit ID --clip C' ('loa slot list' shows which)"));
	}
	if (kind == FMT_TABLE && (v.nskipped || v.ndelayed))
		fprintf(stderr, _("%d airing(s) delayed and %d skipped (see the status column)\n"),
		        v.ndelayed, v.nskipped);
	agenda_view_free(&v);
	return c == 0 ? 0 : 1;
}
