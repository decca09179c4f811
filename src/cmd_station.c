/*
 * cmd_station.c — loa station: the station's settings at a glance.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "cmds.h"
#include "loa/i18n.h"
#include "loa/timeutil.h"

int
cmd_station(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const struct fmt_col cols[] = {
		{ "name", FMT_TEXT, _("name") },
		{ "tz", FMT_TEXT, _("time zone") },
		{ "target_lufs", FMT_NUM, _("target loudness (LUFS)") },
		{ "database", FMT_TEXT, _("database") },
		{ "library", FMT_TEXT, _("clip library") },
		{ "schema", FMT_NUM, _("schema version") },
		{ "created", FMT_TEXT, _("created") },
	};
	enum fmt_kind kind = fmt_default_kind(stdout);
	char lufs[32], schema[16], created[40];
	struct fmt *f;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage_error(cli, _("unknown option"));
		if (cli_format(cli, optarg, &kind) != 0)
			return 2;
	}
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
	snprintf(lufs, sizeof lufs, "%.1f", cli->station.target_lufs);
	snprintf(schema, sizeof schema, "%d", store_schema_version());
	/* A person reads the table: their date order; programs read ISO 8601. */
	if (kind == FMT_TABLE)
		i18n_format_time(cli->station.created_ms, cli->station.tz, created, sizeof created);
	else
		time_format_iso(cli->station.created_ms, cli->station.tz, created, sizeof created);
	const char *row[] = { cli->station.name, cli->station.tz, lufs, store_db_path(cli->store),
			      store_library_dir(cli->store), schema, created };
	f = fmt_open(stdout, kind, cols, 7, FMT_VERTICAL | FMT_SINGLE);
	fmt_row(f, row);
	return fmt_close(f) == 0 ? 0 : 1;
}
