/*
 * cmd_run.c — loa run: the options of the daemon, then daemon_run().
 *
 * Every setting lands in struct daemon_config (daemon.h): first the
 * defaults, then /etc/loa/loa.conf (config.h: [output] device, [playout]
 * max_lateness, [hooks]), then the options, which win over the file. Bad values are usage errors (exit 2)
 * naming the value; a fatal start-up error is exit 1 (systemd restarts the unit); a clean stop (SIGTERM,
 * --until, --once) is exit 0.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "loa/clock.h"
#include "loa/config.h"
#include "loa/daemon.h"
#include "loa/hook.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/timeutil.h"

/* Parses a whole number of seconds in [0, max]; -1 when it is not one. */
static int64_t
seconds_ms(const char *v, long max)
{
	char *end;
	long n;

	if (!v || !*v)
		return -1;
	n = strtol(v, &end, 10);
	if (*end || n < 0 || n > max)
		return -1;
	return (int64_t)n * 1000;
}

int
cmd_run(struct cli *cli, int argc, char **argv)
{
	enum { O_ON = 256, O_OFF, O_LEAD, O_GAP, O_TIMEOUT, O_LATE, O_CHECK, O_ONCE, O_UNTIL, O_OUTPUT };
	static const struct option opts[] = {
	    {"device", required_argument, NULL, 'd'},
	    {"output", required_argument, NULL, O_OUTPUT},
	    {"until", required_argument, NULL, O_UNTIL},
	    {"check", no_argument, NULL, O_CHECK},
	    {"once", no_argument, NULL, O_ONCE},
	    {"on-air-cmd", required_argument, NULL, O_ON},
	    {"off-air-cmd", required_argument, NULL, O_OFF},
	    {"on-air-lead", required_argument, NULL, O_LEAD},
	    {"hook-gap", required_argument, NULL, O_GAP},
	    {"hook-timeout", required_argument, NULL, O_TIMEOUT},
	    {"max-lateness", required_argument, NULL, O_LATE},
	    {NULL, 0, NULL, 0},
	};
	struct daemon_config cfg;
	struct loa_config file;
	int c, check = 0, rc, output_given = 0;
	int64_t v;

	daemon_config_init(&cfg);
	/* A configuration file that does not read is a fatal start-up error
	 * (exit 1): systemd shows it, and a wrong file is never half-obeyed. */
	config_defaults(&file);
	if (config_load(&file, cli->config_path, cli->config_given) != 0) {
		hint(_("run 'loa config' to check the file, fix the lines named above, then start again"));
		return 1;
	}
	config_check_station(&file, &cli->station);
	if (file.device[0])
		cfg.output = file.device;
	cfg.max_lateness_ms = file.max_lateness_ms;
	cfg.on_air_lead_ms = file.on_air_lead_ms;
	cfg.hook_gap_ms = file.hook_gap_ms;
	cfg.hook_timeout_ms = (int)file.hook_timeout_ms;
	if ((file.on_air[0] && !(cfg.on_air_argv = hook_argv_parse(file.on_air))) ||
	    (file.off_air[0] && !(cfg.off_air_argv = hook_argv_parse(file.off_air)))) {
		rc = 1;
		goto out;
	}
	while ((c = getopt_long(argc, argv, "d:", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
		case O_OUTPUT:
			if (output_given) {
				rc = cli_usage_error(cli, _("give one output: --device or --output, once"));
				goto out;
			}
			if (c == O_OUTPUT && strncmp(optarg, "file:", 5) != 0 &&
			    strncmp(optarg, "null", 4) != 0) {
				rc =
				    cli_usage_error(cli, _("--output takes file:PATH or null: '%s'"), optarg);
				goto out;
			}
			if (c == O_OUTPUT && strcmp(optarg, "file:") == 0) {
				rc =
				    cli_usage_error(cli, _("--output file: needs a file name: '%s'"), optarg);
				goto out;
			}
			cfg.output = optarg;
			output_given = 1;
			break;
		case O_UNTIL:
			if (time_parse_instant(optarg, cli->station.tz, &cfg.until_ms) != 0) {
				rc = cli_usage_error(
				    cli, _("--until is not a date and time such as 2024-03-01T18:00: '%s'"),
				    optarg);
				goto out;
			}
			break;
		case O_CHECK:
			check = 1;
			break;
		case O_ONCE:
			cfg.once = 1;
			break;
		case O_ON:
		case O_OFF: {
			char **av = hook_argv_parse(optarg);
			if (!av) {
				rc = cli_usage_error(cli, _("the %s command cannot be read: '%s'"),
				                     c == O_ON ? "--on-air-cmd" : "--off-air-cmd", optarg);
				goto out;
			}
			char ***slot = c == O_ON ? &cfg.on_air_argv : &cfg.off_air_argv;
			hook_argv_free(*slot);
			*slot = av;
			break;
		}
		case O_LEAD:
		case O_GAP:
		case O_TIMEOUT:
		case O_LATE:
			v = seconds_ms(optarg, c == O_TIMEOUT ? 3600 : 86400);
			if (v < 0 || (c == O_TIMEOUT && v == 0)) {
				rc = cli_usage_error(cli, _("not a number of seconds: '%s'"), optarg);
				goto out;
			}
			if (c == O_LEAD)
				cfg.on_air_lead_ms = v;
			else if (c == O_GAP)
				cfg.hook_gap_ms = v;
			else if (c == O_TIMEOUT)
				cfg.hook_timeout_ms = (int)v;
			else
				cfg.max_lateness_ms = v;
			break;
		default:
			rc = cli_usage_error(cli, _("unknown option"));
			goto out;
		}
	}
	if (optind < argc) {
		rc = cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
		goto out;
	}
	if (cfg.until_ms != INT64_MAX && cfg.until_ms <= clock_wall_ms()) {
		char b1[40], b2[40];
		rc = cli_usage_error(cli, _("--until is already past (now %s): '%s'"),
		                     time_format_iso(clock_wall_ms(), cli->station.tz, b1, sizeof b1),
		                     time_format_iso(cfg.until_ms, cli->station.tz, b2, sizeof b2));
		goto out;
	}
	if (check)
		rc = daemon_check(cli->store, &cli->station, &cfg, 1);
	else
		rc = daemon_run(cli->store, &cli->station, &cfg) == 0 ? 0 : 1;
out:
	hook_argv_free(cfg.on_air_argv);
	hook_argv_free(cfg.off_air_argv);
	return rc;
}
