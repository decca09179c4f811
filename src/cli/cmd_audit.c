/*
 * cmd_audit.c — loa audit: the audit trail, every change made through the
 * web console or the user commands, oldest first.
 *
 * The entries stream from the store to the listing one by one, so a
 * station's years of entries need no memory for CSV and JSON.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cli_input.h"
#include "cli/cmds.h"
#include "loa/account.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/views.h"

struct listing {
	struct view_listing l; /* the listing written */
	struct view_cells c;   /* the row being filled */
	const char *zone;      /* the station's, for the times */
	int failed;            /* a write failed */
};

static int
add_entry(void *ctx, const struct audit_entry *e)
{
	struct listing *x = ctx;

	view_audit_cells(&x->c, e, x->zone);
	if (view_add(&x->l, x->c.v) != 0) {
		x->failed = 1;
		return 1;
	}
	return 0;
}

int
cmd_audit(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"from", required_argument, NULL, 'F'},
	    {"to", required_argument, NULL, 'T'},
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	enum fmt_kind kind = fmt_default_kind(stdout);
	int64_t from = 0, to = 0;
	struct listing x = {.zone = cli->station.tz};
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'F' || c == 'T') {
			if ((rc = cli_bound(cli, c == 'F' ? "--from" : "--to", optarg, c == 'T',
			                    c == 'F' ? &from : &to)) != 0)
				return rc;
		} else if (c == 'f') {
			if (cli_format(cli, optarg, &kind) != 0)
				return 2;
		} else {
			return cli_usage_error(cli, _("unknown option"));
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
	if (from && to && to <= from)
		return cli_usage_error(cli, _("--to must be after --from"));
	if (view_open(&x.l, &view_audit, stdout, kind, 0) != 0)
		return error(_("out of memory")), 1;
	rc = audit_each(cli->store, from, to, add_entry, &x);
	if (view_close(&x.l) != 0 || x.failed)
		return 1;
	return rc == 0 ? 0 : 1;
}
