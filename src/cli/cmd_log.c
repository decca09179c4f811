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
#include "cli/cmds.h"
#include "loa/airlog.h"
#include "loa/i18n.h"
#include "loa/reason.h"
#include "loa/log.h"
#include "loa/timeutil.h"

#define NCOLS 20
#define NITEM_COLS 10

struct export
{
	struct fmt *f;    /* the listing being written */
	const char *zone; /* the station's zone */
	long rows;        /* rows written */
	int failed;       /* a write failed */
	unsigned statuses; /* --items: the item statuses asked for (0: all) */
};

static int
export_row(void *ctx, const struct airlog_row *r)
{
	struct export *e = ctx;
	char sched[40], start[40] = "", end[40] = "", played[32], delay[32], id[FMT_INT_LEN],
	    seq[FMT_INT_LEN], slot[FMT_INT_LEN], clip[FMT_INT_LEN];
	const char *cells[NCOLS];

	time_format_iso(r->scheduled_ms, e->zone, sched, sizeof sched);
	if (r->started_ms != AIRLOG_NONE)
		time_format_iso(r->started_ms, e->zone, start, sizeof start);
	if (r->ended_ms != AIRLOG_NONE)
		time_format_iso(r->ended_ms, e->zone, end, sizeof end);
	fmt_tenths(played, sizeof played, r->played_ms);
	fmt_tenths(delay, sizeof delay, r->late ? r->delay_ms : 0);
	cells[0] = fmt_int(id, r->id);
	cells[1] = r->seq ? fmt_int(seq, r->seq) : NULL;
	cells[2] = sched;
	cells[3] = r->started_ms != AIRLOG_NONE ? start : NULL;
	cells[4] = r->ended_ms != AIRLOG_NONE ? end : NULL;
	cells[5] = played;
	cells[6] = airlog_status_name(r->status) ? airlog_status_name(r->status) : "?";
	cells[7] = r->late ? "true" : "false";
	cells[8] = delay;
	cells[9] = *r->reason ? r->reason : NULL;
	cells[10] = fmt_int(slot, r->slot_id);
	cells[11] = r->tier;
	cells[12] = r->clip_id ? fmt_int(clip, r->clip_id) : NULL;
	cells[13] = *r->playlist ? r->playlist : NULL;
	cells[14] = r->title;
	cells[15] = *r->topic ? r->topic : NULL;
	cells[16] = *r->sha256 ? r->sha256 : NULL;
	cells[17] = *r->device ? r->device : NULL;
	cells[18] = *r->hash ? r->hash : NULL;
	/* Rows written before codes existed get the code of their words. */
	cells[19] = r->status == AIRLOG_COMPLETED || r->status == AIRLOG_PLAYING
	                ? NULL
	                : reason_code(airlog_row_reason(r));
	if (cells[19] && !*cells[19])
		cells[19] = NULL;
	if (fmt_row(e->f, cells) != 0) {
		e->failed = 1;
		return 1;
	}
	e->rows++;
	return 0;
}

/* The items of a row: one line each, after the airing's chain position. A
 * version 1 row (written before items were logged) stands for its one
 * item. */
static int
export_items(void *ctx, const struct airlog_row *r)
{
	struct export *e = ctx;
	char seq[FMT_INT_LEN], pos[FMT_INT_LEN], clip[FMT_INT_LEN], start[40], played[32];
	const char *cells[NITEM_COLS];
	struct airlog_item one;
	const struct airlog_item *v = r->items;
	int n = r->nitems;

	if (r->v < 2) {
		if (r->status != AIRLOG_COMPLETED && r->status != AIRLOG_INTERRUPTED)
			return 0;
		one = (struct airlog_item){.position = 1,
		                           .clip_id = r->clip_id,
		                           .title = r->title,
		                           .topic = r->topic,
		                           .sha256 = r->sha256,
		                           .started_ms = r->started_ms,
		                           .played_ms = r->played_ms,
		                           .status = r->status,
		                           .reason_code = "",
		                           .reason = r->reason};
		v = &one;
		n = 1;
	}
	for (int i = 0; i < n; i++) {
		const struct airlog_item *it = &v[i];
		if (e->statuses && !(e->statuses & (1u << it->status)))
			continue;
		cells[0] = r->seq ? fmt_int(seq, r->seq) : NULL;
		cells[1] = fmt_int(pos, it->position);
		cells[2] = it->started_ms != AIRLOG_NONE ? time_format_iso(it->started_ms, e->zone, start, sizeof start)
		                                         : NULL;
		cells[3] = fmt_tenths(played, sizeof played, it->played_ms);
		cells[4] = airlog_status_name(it->status) ? airlog_status_name(it->status) : "?";
		cells[5] = it->status == AIRLOG_COMPLETED || it->status == AIRLOG_PLAYING
		               ? NULL
		               : reason_code(airlog_item_reason(it));
		if (cells[5] && !*cells[5])
			cells[5] = NULL;
		cells[6] = it->clip_id ? fmt_int(clip, it->clip_id) : NULL;
		cells[7] = it->title;
		cells[8] = *it->topic ? it->topic : NULL;
		cells[9] = *it->sha256 ? it->sha256 : NULL;
		if (fmt_row(e->f, cells) != 0) {
			e->failed = 1;
			return 1;
		}
		e->rows++;
	}
	return 0;
}

/* Parses --from/--to: an instant, or a date (--to DATE means through that
 * day's end). */
static int
parse_bound(struct cli *cli, const char *opt, const char *arg, int is_to, int64_t *out)
{
	struct civil c;

	if (time_parse_date(arg, &c) == 0 && is_to) {
		int64_t ms;
		if (time_parse_instant(arg, cli->station.tz, &ms) != 0)
			goto bad;
		/* The next day's midnight, found by civil arithmetic so a DST
		 * change inside the day does not matter. */
		c.day++;
		if (c.day > civil_days_in_month(c.year, c.month)) {
			c.day = 1;
			if (++c.month > 12) {
				c.month = 1;
				c.year++;
			}
		}
		return tz_to_utc(cli->station.tz, &c, out) == 0 ? 0 : -1;
	}
	if (time_parse_instant(arg, cli->station.tz, out) == 0)
		return 0;
bad:
	cli_usage_error(cli, _("%s: not a date or time: '%s' (use YYYY-MM-DD or YYYY-MM-DDTHH:MM)"), opt,
	                arg);
	return -1;
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
	    {"from", required_argument, NULL, 'F'},   {"to", required_argument, NULL, 'T'},
	    {"status", required_argument, NULL, 's'}, {"format", required_argument, NULL, 'f'},
	    {"excel", no_argument, NULL, 'x'},        {"items", no_argument, NULL, 'i'},
	    {NULL, 0, NULL, 0},
	};
	const struct fmt_col cols[NCOLS] = {
	    {"id", FMT_NUM, _("row")},
	    {"seq", FMT_NUM, _("seq")},
	    {"scheduled", FMT_TEXT, _("scheduled")},
	    {"started", FMT_TEXT, _("started")},
	    {"ended", FMT_TEXT, _("ended")},
	    {"played", FMT_NUM, _("played (s)")},
	    {"status", FMT_TEXT, _("status")},
	    {"late", FMT_BOOL, _("late")},
	    {"delay", FMT_NUM, _("delay (s)")},
	    {"reason", FMT_TEXT, _("reason")},
	    {"slot", FMT_NUM, _("slot")},
	    {"tier", FMT_TEXT, _("tier")},
	    {"clip", FMT_NUM, _("clip")},
	    {"playlist", FMT_TEXT, _("playlist")},
	    {"title", FMT_TEXT, _("title")},
	    {"topic", FMT_TEXT, _("topic")},
	    {"sha256", FMT_TEXT, _("SHA-256")},
	    {"device", FMT_TEXT, _("device")},
	    {"hash", FMT_TEXT, _("row hash")},
	    {"reason_code", FMT_TEXT, _("reason code")},
	};
	const struct fmt_col item_cols[NITEM_COLS] = {
	    {"seq", FMT_NUM, _("seq")},
	    {"position", FMT_NUM, _("position")},
	    {"started", FMT_TEXT, _("started")},
	    {"played", FMT_NUM, _("played (s)")},
	    {"status", FMT_TEXT, _("status")},
	    {"reason_code", FMT_TEXT, _("reason code")},
	    {"clip", FMT_NUM, _("clip")},
	    {"title", FMT_TEXT, _("title")},
	    {"topic", FMT_TEXT, _("topic")},
	    {"sha256", FMT_TEXT, _("SHA-256")},
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
			for (char *tok = strtok(optarg, ","); tok; tok = strtok(NULL, ",")) {
				if (strcmp(tok, "late") == 0)
					flt.late_only = 1;
				else if (airlog_status_parse(tok, &st) == 0)
					flt.statuses |= 1u << st;
				else
					return cli_usage_error(
					    cli,
					    _("unknown status '%s' (use completed, partial, interrupted, "
					      "failed, missed, skipped, playing or late)"),
					    tok);
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
		e.f = fmt_open(stdout, kind, item_cols, NITEM_COLS, flags);
	} else {
		e.f = fmt_open(stdout, kind, cols, NCOLS, flags);
	}
	if (!e.f)
		return error(_("out of memory")), 1;
	rc = airlog_each(cli->store, &flt, items ? export_items : export_row, &e);
	if (fmt_close(e.f) != 0)
		e.failed = 1;
	if (rc < 0)
		return 1;
	if (e.failed)
		return cli_check_stdout(); /* EPIPE (| head) is fine, ENOSPC is not */
	return 0;
}
