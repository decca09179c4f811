/*
 * cmd_config.c — loa config: checks the configuration file and shows the
 * settings in effect, with where each comes from.
 *
 * The same loading code as the daemon's (config_load), so "loa config"
 * succeeding means "loa run" will accept the file. When the station's
 * database exists its name, zone and target loudness are shown too, and
 * the [station] keys of the file are checked against them.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "loa/config.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/views.h"

/* Lists one setting (a view_config_each callback). */
static int
config_row(void *ctx, const char *const *cells)
{
	view_add(ctx, cells);
	return 0;
}

int
cmd_config(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	enum fmt_kind kind = fmt_default_kind(stdout);
	struct loa_config cfg;
	struct station st;
	struct store *s = NULL;
	struct view_listing l;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage_error(cli, _("unknown option"));
		if (cli_format(cli, optarg, &kind) != 0)
			return 2;
	}
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
	if (config_load(&cfg, cli->config_path, cli->config_given) != 0)
		return 1;
	if (!*cfg.path)
		log_info(_("no configuration file at '%s': the defaults apply"), cli->config_path);

	/* The station is optional here: a fresh PC may have no station yet. */
	if (access(cli->db_path, F_OK) == 0) {
		if (!(s = store_open(cli->db_path, STORE_READONLY)) || store_station_get(s, &st) != 0)
			rc = 1;
		else
			config_check_station(&cfg, &st);
	}

	if (view_open(&l, &view_config, stdout, kind, 0) != 0) {
		store_close(s);
		return error(_("out of memory")), 1;
	}
	view_config_each(&cfg, s && rc == 0 ? &st : NULL, s ? store_db_path(s) : NULL, config_row, &l);
	if (view_close(&l) != 0)
		rc = 1;
	store_close(s);
	return rc;
}
