/*
 * cmd_web.c — loa web: the officer's web console (include/loa/web.h).
 *
 * Where to listen comes from --listen, else [web] listen in loa.conf, else
 * 127.0.0.1:8080 (this computer only: the office's network must be asked
 * for). The console is its own process, never the daemon's; it opens the
 * station read-write for the sessions and the officer's changes.
 */
#include <getopt.h>
#include <stdio.h>
#include <sys/socket.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "loa/config.h"
#include "loa/i18n.h"
#include "loa/web.h"

int
cmd_web(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"listen", required_argument, NULL, 'l'},
	    {NULL, 0, NULL, 0},
	};
	struct web_options o = {0};
	struct loa_config cfg;
	struct sockaddr_storage sa;
	const char *listen = NULL;
	unsigned len;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'l')
			return cli_usage_error(cli, _("unknown option"));
		listen = optarg;
	}
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
	if (config_load(&cfg, cli->config_path, cli->config_given) != 0)
		return 1;
	if (!listen)
		listen = *cfg.web_listen ? cfg.web_listen : CONFIG_DEFAULT_WEB_LISTEN;
	if (web_parse_listen(listen, &sa, &len) != 0)
		return cli_usage_error(
		    cli, _("not an address and port to listen on: '%s' (e.g. 127.0.0.1:8080)"), listen);
	o.listen = listen;
	o.upload_max = cfg.web_upload_max;
	o.config_path = cli->config_path;
	o.config_given = cli->config_given;
	return web_serve(cli->store, &o) == 0 ? 0 : 1;
}
