/*
 * cmd_link.c — loa link: the station's airing log up to the hub
 * (include/loa/link.h), and `loa link --check`.
 *
 * The broker, the station's id and its account come from the options,
 * else from [link] in loa.conf; the password only from the file or
 * LOA_LINK_PASSWORD, never from the command line, where every user of the
 * computer could read it (ps). The link is its own process, never the
 * daemon's; it opens the station read-write for its mark.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "loa/airlog.h"
#include "loa/config.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/link.h"
#include "loa/log.h"
#include "loa/store.h"
#include "loa/timeutil.h"

/* Prints what link_check found, as text or JSON. */
static void
show_check(struct cli *cli, const char *broker, const struct link_check *c, int json)
{
	const struct link_mark *m = &c->mark;
	char when[64] = "", acked[64] = "";

	if (json) {
		if (m->seq > 0 && m->through_ms != AIRLOG_NONE)
			time_format_iso(m->through_ms, cli->station.tz, when, sizeof when);
		if (m->acked_ms > 0)
			time_format_iso(m->acked_ms, cli->station.tz, acked, sizeof acked);
		fputs("{\"broker\":", stdout);
		fmt_json_string(stdout, broker);
		printf(",\"reachable\":%s,\"error\":", c->reachable ? "true" : "false");
		fmt_json_string(stdout, c->why);
		if (c->heard)
			printf(",\"hub_through\":%lld", (long long)c->hub_through);
		else
			fputs(",\"hub_through\":null", stdout);
		printf(",\"acknowledged\":%lld,\"acknowledged_at\":", (long long)m->seq);
		fmt_json_string(stdout, acked);
		fputs(",\"sent_to_hub\":", stdout);
		fmt_json_string(stdout, when);
		printf(",\"head\":%lld,\"unsent\":%lld,\"problem_seq\":%lld,\"problem_code\":",
		       (long long)m->head_seq, (long long)(m->head_seq - m->seq), (long long)m->problem_seq);
		fmt_json_string(stdout, m->problem_code);
		fputs(",\"problem\":", stdout);
		fmt_json_string(stdout, m->problem);
		fputs("}\n", stdout);
		return;
	}
	if (c->reachable)
		printf(_("broker: %s: reachable\n"), broker);
	else
		printf(_("broker: %s: NOT reachable: %s\n"), broker, c->why);
	if (c->heard)
		printf(_("the hub says it holds every airing log row up to %lld\n"),
		       (long long)c->hub_through);
	else if (c->reachable)
		printf(_("the hub has not acknowledged anything of this station yet\n"));
	if (m->seq > 0 && m->through_ms != AIRLOG_NONE)
		printf(_("sent to the hub up to: %s (row %lld, acknowledged %s)\n"),
		       i18n_format_when(m->through_ms, cli->station.tz, when, sizeof when), (long long)m->seq,
		       i18n_format_when(m->acked_ms, cli->station.tz, acked, sizeof acked));
	else
		printf(_("sent to the hub up to: nothing yet\n"));
	printf(_("airing log rows on this station: %lld, not yet acknowledged by the hub: %lld\n"),
	       (long long)m->head_seq, (long long)(m->head_seq - m->seq));
	if (m->problem_seq > 0) {
		char words[640];
		printf(_("refused by the hub: %s\n"), link_problem_words(m, words, sizeof words));
	}
}

int
cmd_link(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"broker", required_argument, NULL, 'b'},
	    {"station", required_argument, NULL, 's'},
	    {"user", required_argument, NULL, 'u'},
	    {"ca", required_argument, NULL, 'a'},
	    {"check", no_argument, NULL, 'c'},
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	struct loa_config cfg;
	struct link_options o = {0};
	struct link_check check;
	const char *broker = NULL, *station = NULL, *user = NULL, *ca = NULL, *pw;
	enum fmt_kind kind = FMT_TABLE;
	int c, do_check = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			broker = optarg;
			break;
		case 's':
			station = optarg;
			break;
		case 'u':
			user = optarg;
			break;
		case 'a':
			ca = optarg;
			break;
		case 'c':
			do_check = 1;
			break;
		case 'f':
			if (cli_format(cli, optarg, &kind) != 0)
				return 2;
			break;
		default:
			return cli_usage_error(cli, _("unknown option"));
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
	if (config_load(&cfg, cli->config_path, cli->config_given) != 0)
		return 1;
	broker = broker ? broker : cfg.link_broker;
	station = station ? station : cfg.link_station;
	user = user ? user : cfg.link_user;
	ca = ca ? ca : cfg.link_ca;
	pw = getenv("LOA_LINK_PASSWORD");
	if (!pw || !*pw)
		pw = cfg.link_password;
	if (!*broker)
		return cli_usage_error(cli, "%s", _("no broker: the link needs the hub's address"));
	if (mqtt_url_parse(broker, &o.broker) != 0)
		return cli_usage_error(
		    cli, _("not a broker's address: '%s' (write mqtt://HOST:PORT or mqtts://HOST:PORT)"),
		    broker);
	if (!*station)
		return cli_usage_error(cli, "%s",
		                       _("no station id: the link needs this station's id at the hub"));
	if (strcmp(station, "all") == 0)
		return cli_usage_error(cli, "%s",
		                       _("'all' cannot be a station id: the hub sends its bulletins to every "
		                         "station under that name; ask the hub for another id"));
	if (config_station_id_check(station) != 0)
		return cli_usage_error(
		    cli,
		    _("not a station id: '%s' (1 to 64 letters, digits, '-' or '_', as the hub gave it)"),
		    station);
	o.station = station;
	o.user = *user ? user : NULL;
	o.password = *pw ? pw : NULL;
	o.ca = *ca ? ca : NULL;
	o.db_path = store_db_path(cli->store);
	o.report_topic = cfg.report.topic;
	o.settings = &cli->station;
	if (!do_check)
		return link_run(cli->store, &o) == 0 ? 0 : 1;
	if (link_check(cli->store, &o, 3000, &check) != 0)
		return 1;
	show_check(cli, broker, &check, kind == FMT_JSON);
	if (!check.reachable)
		hint(_("check [link] broker in loa.conf, the network, and that the hub's broker runs; the "
		       "airing "
		       "log waits in the station until then"));
	return cli_check_stdout() || !check.reachable || check.mark.problem_seq > 0 ? 1 : 0;
}
