/*
 * cmd_run.c — loa run: the options of the daemon, then daemon_run(); or,
 * with --check, what playout_check() found, in words.
 *
 * Every setting lands in struct playout_config (playout.h): the defaults
 * and /etc/loa/loa.conf (config.h: [output] device, [playout]
 * max_lateness, [hooks]) through playout_config_from_file(), then the
 * options, which win over the file. Bad values are usage errors (exit 2)
 * naming the value; a fatal start-up error is exit 1 (systemd restarts the
 * unit); a clean stop (SIGTERM, --until, --once) is exit 0.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_input.h"
#include "cli/cmds.h"
#include "loa/clock.h"
#include "loa/config.h"
#include "loa/daemon.h"
#include "loa/hook.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/playout.h"
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

/* Says what is wrong with one clip, which airings it costs, and what to do. */
static void
clip_problem(const struct station *st, const struct playout_problem *p)
{
	char b[40];

	if (p->kind == PLAYOUT_CLIP_DAMAGED)
		error(_("clip %lld '%s' has no valid library file in the database (its SHA-256 or format is "
		        "damaged)"),
		      (long long)p->clip_id, p->title);
	else if (p->kind == PLAYOUT_CLIP_MISSING)
		error(_("the library file of clip %lld '%s' is missing: '%s'"), (long long)p->clip_id,
		      p->title, p->path);
	else
		error(_("cannot read the library file of clip %lld '%s': %s: '%s'"), (long long)p->clip_id,
		      p->title, strerror(p->err), p->path);
	hint(_("%d airing(s) in the next 7 days would fail or lose this clip, the first at %s (slot %lld)"),
	     p->airings, time_format_iso(p->first_ms, st->tz, b, sizeof b), (long long)p->first_slot_id);
	if (p->kind == PLAYOUT_CLIP_DAMAGED)
		hint(_("remove it with 'loa clip rm %lld --force', then add its audio file again with 'loa "
		       "clip add FILE'"),
		     (long long)p->clip_id);
	else if (p->kind == PLAYOUT_CLIP_MISSING)
		hint(_("add its audio file again with 'loa clip add FILE': it comes back as clip %lld"),
		     (long long)p->clip_id);
	else
		hint(_("let the user who runs loa read that file, or add its audio file again with 'loa clip "
		       "add FILE'"));
}

/* `loa run --check`: 0 when the station is ready to air, 1 when something
 * needs the officer. */
static int
check(struct cli *cli, const struct playout_config *cfg)
{
	const struct station *st = &cli->station;
	struct playout_check ck;
	int r, silent = 0;

	if ((r = playout_check(cli->store, cfg, 1, &ck)) != 0) {
		if (r == -1)
			hint(_("fix the slot named above with 'loa slot edit', then run 'loa run --check' "
			       "again"));
		return 1;
	}
	for (int i = 0; i < ck.n; i++)
		if (ck.v[i].kind != PLAYOUT_OUTPUT)
			clip_problem(st, &ck.v[i]);
	printf(_("station '%s': %d airing(s) in the next 7 days, %d skipped\n"), st->name, ck.plays,
	       ck.skipped);
	if (ck.plays + ck.skipped == 0 && ck.slots_enabled == 0)
		printf(_("nothing is scheduled: add slots with 'loa slot add'\n"));
	if (ck.plays == 0 && ck.slots_enabled > 0) {
		error(_("nothing will air in the next 7 days, although the station has %d enabled slot(s): "
		        "the loudspeakers will stay silent"),
		      ck.slots_enabled);
		hint(_("see 'loa slot list' and 'loa agenda': the slots may have ended, or their clips may "
		       "be out of their validity; add the coming period's slots with 'loa slot add'"));
		silent = 1;
	} else if (ck.ends_ms) {
		char e[40];
		warning(
		    _("the schedule ends within 7 days: the last airing is at %s, and nothing airs after it"),
		    i18n_format_time(ck.ends_ms, st->tz, e, sizeof e));
		hint(_(
		    "add the next period's slots with 'loa slot add' (or import its calendar) before then"));
	}
	for (int i = 0; i < ck.n; i++) {
		if (ck.v[i].kind != PLAYOUT_OUTPUT)
			continue;
		error(_("the output does not open: %s: '%s'"), ck.v[i].detail,
		      cfg->output ? cfg->output : "default");
		hint(_("run 'loa devices' to list outputs, then 'loa run --device NAME'"));
	}
	if (ck.output_checked && *ck.device)
		printf(_("output %s opens\n"), ck.device);
	if (ck.n)
		hint(_("%d problem(s) above: the airings concerned would fail"), ck.n);
	else if (!silent)
		printf(_("ready to air\n"));
	r = ck.n || silent ? 1 : 0;
	playout_check_free(&ck);
	return r;
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
	struct playout_config cfg;
	struct loa_config file;
	int c, checking = 0, rc, output_given = 0;
	int64_t v;

	/* A configuration file that does not read is a fatal start-up error
	 * (exit 1): systemd shows it, and a wrong file is never half-obeyed. */
	config_defaults(&file);
	if (config_load(&file, cli->config_path, cli->config_given) != 0) {
		hint(_("run 'loa config' to check the file, fix the lines named above, then start again"));
		return 1;
	}
	config_check_station(&file, &cli->station);
	if (playout_config_from_file(&cfg, &file) != 0) {
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
			if (cli_instant(cli, "--until", optarg, 0, &cfg.until_ms, NULL) != 0) {
				rc = 2;
				goto out;
			}
			break;
		case O_CHECK:
			checking = 1;
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
	if (checking)
		rc = check(cli, &cfg);
	else
		rc = daemon_run(cli->store, &cli->station, &cfg) == 0 ? 0 : 1;
out:
	playout_config_free(&cfg);
	return rc;
}
