/*
 * cmd_report.c — loa report: the broadcast report for a quarter, a half
 * year, a year or a range of dates.
 *
 * A file named with -o is written beside itself under a temporary name and
 * renamed into place only when complete, so a failure never leaves half a
 * report where last quarter's good one was. Whether the output can be
 * written is checked before the work starts. A log that fails verification
 * still gets its report — with the failure in its header and a warning
 * here — because the district needs to hear about it either way.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_input.h"
#include "cli/cmds.h"
#include "loa/config.h"
#include "loa/i18n.h"
#include "loa/journal.h"
#include "loa/log.h"
#include "loa/outfile.h"
#include "loa/report.h"

static int
parse_format(const char *s, enum report_format *out)
{
	static const char *const names[] = {"xlsx", "csv", "html", "json", "docx"};

	for (int i = 0; i < 5; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum report_format)i;
			return 0;
		}
	return -1;
}

/* The format a file name's extension asks for, else xlsx. */
static enum report_format
format_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	enum report_format f;

	if (dot && parse_format(dot + 1, &f) == 0)
		return f;
	if (dot && strcmp(dot, ".htm") == 0)
		return REPORT_HTML;
	return REPORT_XLSX;
}

/* Warns when airings that played wait in the journal beside the database
 * (it could not be written): the report does not count them yet. */
static void
kept_aside(struct cli *cli)
{
	struct journal_key *v = NULL;
	char path[PATH_MAX];
	size_t n = 0;

	if (journal_keys(store_db_path(cli->store), &v, &n) != 0 || n == 0) {
		free(v);
		return;
	}
	free(v);
	journal_path(store_db_path(cli->store), path, sizeof path);
	warning(
	    _("%zu airing(s) that played while the database could not be written wait in '%s'; the report "
	      "does not count them yet"),
	    n, path);
	hint(_("make the station's database writable for loa run (see 'loa run' in the README); it adds them "
	       "to the "
	       "airing log, then run the report again"));
}

int
cmd_report(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"quarter", required_argument, NULL, 'Q'},
	    {"half", required_argument, NULL, 'H'},
	    {"year", required_argument, NULL, 'Y'},
	    {"from", required_argument, NULL, 'F'},
	    {"to", required_argument, NULL, 'T'},
	    {"format", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'o'},
	    {"lang", required_argument, NULL, 'l'},
	    {NULL, 0, NULL, 0},
	};
	const char *from = NULL, *to = NULL, *period = NULL, *output = NULL;
	char kind = 0;
	struct outfile of;
	enum report_format format = REPORT_CSV;
	enum report_lang lang = REPORT_VI;
	struct report_period p;
	struct report r;
	struct loa_config cfg;
	int c, format_given = 0, rc;
	FILE *out = stdout;

	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'Q':
		case 'H':
		case 'Y':
			if (kind)
				return cli_usage_error(
				    cli, _("give one period: --quarter, --half, --year or --from/--to"));
			kind = (char)c;
			period = optarg;
			break;
		case 'F':
			from = optarg;
			break;
		case 'T':
			to = optarg;
			break;
		case 'f':
			if (parse_format(optarg, &format) != 0)
				return cli_usage_error(
				    cli, _("unknown report format '%s' (use docx, xlsx, csv, html or json)"),
				    optarg);
			format_given = 1;
			break;
		case 'o':
			output = optarg;
			break;
		case 'l':
			if (strcmp(optarg, "vi") == 0)
				lang = REPORT_VI;
			else if (strcmp(optarg, "en") == 0)
				lang = REPORT_EN;
			else
				return cli_usage_error(cli, _("unknown language '%s' (use vi or en)"),
				                       optarg);
			break;
		default:
			return cli_usage_error(cli, _("unknown option"));
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
	if (kind && (from || to))
		return cli_usage_error(cli, _("give one period: --quarter, --half, --year or --from/--to"));
	if (!kind && !from && !to)
		return cli_usage_error(
		    cli, _("say which period: --quarter 3/2026, --half \"6 tháng đầu năm 2026\", "
		           "--year 2026, or --from 1/7/2026 --to 30/9/2026"));
	if (kind) {
		const char *opt = kind == 'Q' ? "--quarter" : kind == 'H' ? "--half" : "--year";
		enum time_what what = kind == 'Q' ? TIME_QUARTER : kind == 'H' ? TIME_HALF : TIME_YEAR;
		struct time_reading how;
		int year, part;
		if (time_read_period(period, kind, &year, &part, &how) != 0)
			return cli_time_error(cli, opt, what, period, &how);
		if (report_period_parse(kind, period, cli->station.tz, &p) != 0) {
			how.fault = TIME_SHAPE;
			return cli_time_error(cli, opt, what, period, &how);
		}
	}
	if (!kind) {
		struct civil a, b;
		if (!from || !to)
			return cli_usage_error(cli, _("--from and --to go together: give both dates"));
		/* The report is of the past: a date without a year is the last such day. */
		if (cli_date(cli, "--from", from, 1, &a) != 0 || cli_date(cli, "--to", to, 1, &b) != 0)
			return 2;
		rc = report_period_range(from, to, cli->station.tz, &p);
		if (rc == -2)
			return cli_usage_error(cli, _("--to %s is before --from %s"), to, from);
		if (rc != 0)
			return error(_("cannot compute the period from %s to %s in the station's time zone"),
			             from, to),
			       1;
	}
	if (output && !format_given)
		format = format_of(output);
	if (format == REPORT_XLSX && !output)
		return cli_usage_error(cli, _("an xlsx report needs a file: add -o FILE.xlsx"));
	if (format == REPORT_DOCX && !output)
		return cli_usage_error(cli, _("a docx report needs a file: add -o FILE.docx"));
	if (output) {
		/* Fail now, not after the work, when the file cannot be written. */
		if ((format == REPORT_XLSX || format == REPORT_DOCX ? outfile_open_name(&of, output)
		                                                    : outfile_open(&of, output)) != 0) {
			hint(_("choose a folder you may write to, e.g. -o $HOME/bao-cao.xlsx"));
			return 1;
		}
		out = of.f;
	}
	if (config_load(&cfg, cli->config_path, cli->config_given) != 0) {
		hint(_("fix the [report] section (or another) of the configuration file, then run the report "
		       "again"));
		rc = 1;
		goto done;
	}
	if (report_build(cli->store, &p, lang, &cfg.report, &r) != 0) {
		report_free(&r);
		rc = 1;
		goto done;
	}
	switch (format) {
	case REPORT_XLSX:
		rc = report_write_xlsx(&r, of.tmp, output);
		break;
	case REPORT_DOCX:
		rc = report_write_docx(&r, of.tmp, output);
		break;
	case REPORT_CSV:
		rc = report_write_csv(&r, out);
		break;
	case REPORT_HTML:
		rc = report_write_html(&r, out);
		break;
	default:
		rc = report_write_json(&r, out);
		break;
	}
	if (rc != 0 && out)
		error_errno(_("cannot write the report '%s'"), output ? output : _("standard output"));
	if (!r.check.intact) {
		warning(_("the airing log fails verification: %s"), r.check.problem);
		hint(_("the report says so in its header; run 'loa log verify' for details"));
	}
	kept_aside(cli);
	report_free(&r);
	rc = rc ? 1 : 0;
done:
	if (output) {
		if (rc != 0)
			outfile_abort(&of);
		else if (outfile_commit(&of) != 0)
			rc = 1;
		else
			log_info(_("report written: %s"), output);
	}
	return rc;
}
