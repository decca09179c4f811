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

/* "FILE:LINE" when the key is in the file, else "default", into buf. */
static void
source_of(const struct loa_config *cfg, enum config_key k, char *buf, size_t n)
{
	if (cfg->line[k])
		snprintf(buf, n, "%s:%d", cfg->path, cfg->line[k]);
	else
		snprintf(buf, n, "%s", _("default"));
}

int
cmd_config(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const struct fmt_col cols[] = {
		{ "setting", FMT_TEXT, _("setting") },
		{ "value", FMT_TEXT, _("value") },
		{ "source", FMT_TEXT, _("from") },
	};
	enum fmt_kind kind = fmt_default_kind(stdout);
	struct loa_config cfg;
	struct station st;
	struct store *s = NULL;
	char val[CONFIG_KEY_COUNT][64], src[CONFIG_KEY_COUNT][4200];
	struct fmt *f;
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

	snprintf(val[CONFIG_MAX_LATENESS], 64, "%g s", cfg.max_lateness_ms / 1000.0);
	snprintf(val[CONFIG_LEAD], 64, "%g s", cfg.on_air_lead_ms / 1000.0);
	snprintf(val[CONFIG_HOOK_GAP], 64, "%g s", cfg.hook_gap_ms / 1000.0);
	snprintf(val[CONFIG_HOOK_TIMEOUT], 64, "%g s", cfg.hook_timeout_ms / 1000.0);
	for (int k = 0; k < CONFIG_KEY_COUNT; k++)
		source_of(&cfg, k, src[k], sizeof src[k]);

	f = fmt_open(stdout, kind, cols, 3, 0);
	{
		const char *rows[][3] = {
			{ "output.device", *cfg.device ? cfg.device : _("(the default device)"), src[CONFIG_DEVICE] },
			{ "playout.max_lateness", val[CONFIG_MAX_LATENESS], src[CONFIG_MAX_LATENESS] },
			{ "hooks.on_air", *cfg.on_air ? cfg.on_air : _("(none)"), src[CONFIG_ON_AIR] },
			{ "hooks.off_air", *cfg.off_air ? cfg.off_air : _("(none)"), src[CONFIG_OFF_AIR] },
			{ "hooks.lead", val[CONFIG_LEAD], src[CONFIG_LEAD] },
			{ "hooks.gap", val[CONFIG_HOOK_GAP], src[CONFIG_HOOK_GAP] },
			{ "hooks.timeout", val[CONFIG_HOOK_TIMEOUT], src[CONFIG_HOOK_TIMEOUT] },
		};
		for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
			fmt_row(f, rows[i]);
	}
	{
		/* The report's form as the document will have it: the file's
		 * values, the rest made from the station's name. */
		struct report_form form = cfg.report;
		report_form_defaults(&form, s && rc == 0 ? st.name : "");
		const char *rows[][3] = {
			{ "report.issuer", form.issuer, src[CONFIG_REPORT_ISSUER] },
			{ "report.place", form.place, src[CONFIG_REPORT_PLACE] },
			{ "report.number", form.number, src[CONFIG_REPORT_NUMBER] },
			{ "report.recipients", form.recipients, src[CONFIG_REPORT_RECIPIENTS] },
			{ "report.authority", form.authority, src[CONFIG_REPORT_AUTHORITY] },
			{ "report.signer_title", form.signer_title, src[CONFIG_REPORT_SIGNER_TITLE] },
			{ "report.signer", form.signer, src[CONFIG_REPORT_SIGNER] },
			{ "report.topic", form.topic, src[CONFIG_REPORT_TOPIC] },
		};
		for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
			fmt_row(f, rows[i]);
	}
	if (s && rc == 0) {
		char lufs[32];
		const char *db = store_db_path(s);
		snprintf(lufs, sizeof lufs, "%.1f", st.target_lufs);
		const char *r1[] = { "station.name", st.name, db };
		const char *r2[] = { "station.zone", st.tz, db };
		const char *r3[] = { "station.target_lufs", lufs, db };
		fmt_row(f, r1);
		fmt_row(f, r2);
		fmt_row(f, r3);
	}
	if (fmt_close(f) != 0)
		rc = 1;
	store_close(s);
	return rc;
}
