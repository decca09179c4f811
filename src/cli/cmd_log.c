/*
 * cmd_log.c — loa log: export the airing log; loa log verify: check its
 * hash chain.
 *
 * The export streams: rows go from SQLite through fmt's CSV or JSON writer
 * to stdout one by one, so a ten-year log needs no memory and starts at
 * once. Instants are written in ISO 8601 with the station zone's offset,
 * so a spreadsheet and a script read the same wall-clock times the officer
 * saw.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_input.h"
#include "cli/cmds.h"
#include "loa/airlog.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/timeutil.h"
#include "loa/views.h"

struct export
{
	struct view_listing l; /* the listing being written */
	struct view_cells c;   /* a row's cells */
	const char *zone;      /* the station's zone */
	long rows;             /* rows written */
	int failed;            /* a write failed */
	unsigned statuses;     /* --items: the item statuses asked for (0: all) */
};

static int
export_row(void *ctx, const struct airlog_row *r)
{
	struct export *e = ctx;

	view_airing_cells(&e->c, r, e->zone);
	if (view_add(&e->l, e->c.v) != 0) {
		e->failed = 1;
		return 1;
	}
	e->rows++;
	return 0;
}

/* The items of a row: one line each, after the airing's chain position. */
static int
export_items(void *ctx, const struct airlog_row *r)
{
	struct export *e = ctx;
	struct airlog_item one;
	const struct airlog_item *v;
	int n = view_airing_items(r, &one, &v);

	for (int i = 0; i < n; i++) {
		if (e->statuses && !(e->statuses & (1u << v[i].status)))
			continue;
		view_airing_item_cells(&e->c, r, &v[i], e->zone);
		if (view_add(&e->l, e->c.v) != 0) {
			e->failed = 1;
			return 1;
		}
		e->rows++;
	}
	return 0;
}

/* Parses --from/--to (cli_bound). 0, or -1 (printed). */
static int
parse_bound(struct cli *cli, const char *opt, const char *arg, int is_to, int64_t *out)
{
	return cli_bound(cli, opt, arg, is_to, out) == 0 ? 0 : -1;
}

static int
log_verify(struct cli *cli, int argc, char **argv)
{
	struct airlog_check c;

	if (argc > 1)
		return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[1]);
	if (airlog_verify(cli->store, &c) != 0)
		return 1;
	if (!c.intact) {
		error(_("the airing log fails verification: %s: database '%s'"), c.problem,
		      store_db_path(cli->store));
		hint(_("the log was changed outside loa; keep this file as evidence and compare it with a "
		       "backup"));
		return 1;
	}
	printf(_("the airing log is intact: %" PRId64 " closed rows, chain head %s\n"), c.rows, c.head);
	if (c.open)
		printf(
		    _("%" PRId64
		      " row(s) still playing (closed when the airing ends, or at the daemon's next start)\n"),
		    c.open);
	return 0;
}

int
cmd_log(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"from", required_argument, NULL, 'F'},
	    {"to", required_argument, NULL, 'T'},
	    {"status", required_argument, NULL, 's'},
	    {"format", required_argument, NULL, 'f'},
	    {"excel", no_argument, NULL, 'x'},
	    {"items", no_argument, NULL, 'i'},
	    {NULL, 0, NULL, 0},
	};
	struct airlog_filter flt = {.from_ms = AIRLOG_NONE, .to_ms = AIRLOG_NONE};
	enum fmt_kind kind = fmt_default_kind(stdout);
	struct export e = {.zone = cli->station.tz};
	enum airlog_status st;
	static char buf[1 << 16];
	int c, flags = 0, rc, format_given = 0, items = 0;

	if (argc > 1 && strcmp(argv[1], "verify") == 0)
		return log_verify(cli, argc - 1, argv + 1);
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'F':
		case 'T':
			if (parse_bound(cli, c == 'F' ? "--from" : "--to", optarg, c == 'T',
			                c == 'F' ? &flt.from_ms : &flt.to_ms) != 0)
				return 2;
			break;
		case 's':
			for (char *tok = strtok(optarg, ",;"); tok; tok = strtok(NULL, ",;")) {
				const char *code;
				if (cli_word(cli, "--status", WORDS_STATUS, tok, &code) != 0)
					return 2;
				if (strcmp(code, "late") == 0)
					flt.late_only = 1;
				else if (airlog_status_parse(code, &st) == 0)
					flt.statuses |= 1u << st;
			}
			break;
		case 'f':
			if (cli_format(cli, optarg, &kind) != 0)
				return 2;
			format_given = 1;
			break;
		case 'x':
			flags |= FMT_BOM | FMT_EXCEL;
			break;
		case 'i':
			items = 1;
			break;
		default:
			return cli_usage_error(cli, _("unknown option"));
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
	if (flt.from_ms != AIRLOG_NONE && flt.to_ms != AIRLOG_NONE && flt.to_ms <= flt.from_ms)
		return cli_usage_error(cli, _("--to must be after --from"));
	if ((flags & FMT_BOM) && format_given && kind != FMT_CSV)
		return cli_usage_error(cli, _("--excel writes CSV; leave out --format or use --format csv"));
	if (flags & FMT_BOM)
		kind = FMT_CSV;
	/* A big buffer: the export is one long stream of small writes. */
	setvbuf(stdout, buf, _IOFBF, sizeof buf);
	if (items) {
		/* --status picks items by their own status; --late, programmes. */
		e.statuses = flt.statuses;
		flt.statuses = 0;
		flt.with_items = 1;
	}
	if (view_open(&e.l, items ? &view_airing_item : &view_airing, stdout, kind, flags | VIEW_NARROW) != 0)
		return error(_("out of memory")), 1;
	rc = airlog_each(cli->store, &flt, items ? export_items : export_row, &e);
	if (view_close(&e.l) != 0)
		e.failed = 1;
	if (rc < 0)
		return 1;
	if (e.failed)
		return cli_check_stdout(); /* EPIPE (| head) is fine, ENOSPC is not */
	return 0;
}
