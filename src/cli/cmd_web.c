/*
 * cmd_web.c — loa web: the officer's web console (include/loa/web.h).
 *
 * Where to listen comes from --listen, else [web] listen in loa.conf, else
 * 127.0.0.1:8080 (this computer only: the office's network must be asked
 * for). The console is its own process, never the daemon's; it opens the
 * station read-write for the sessions and the officer's changes.
 *
 * HTTPS when a certificate and its key are named (--cert and --key, else
 * [web] cert and key): both or neither, each option winning over its key.
 * They are read and checked before anything is served; a mistake is a
 * usage error (2), and nothing is served in plain HTTP instead.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "loa/config.h"
#include "loa/i18n.h"
#include "loa/web.h"

/* Only the certificate or only the key was named (given, at path): says
 * where it was named and what to do. Returns 2. */
static int
tls_half(const struct loa_config *cfg, const char *given, const char *path)
{
	const char *missing = strcmp(given, "cert") == 0 ? "key" : "cert";
	int line = cfg->line[strcmp(given, "cert") == 0 ? CONFIG_WEB_CERT : CONFIG_WEB_KEY];
	const char *in_file = strcmp(given, "cert") == 0 ? cfg->web_cert : cfg->web_key;

	if (line && strcmp(in_file, path) == 0)
		error(_("%s:%d: [web] %s is set but %s is not: HTTPS needs both the certificate and its key"),
		      cfg->path, line, given, missing);
	else
		error(_("--%s is given but --%s is not: HTTPS needs both the certificate and its key"), given,
		      missing);
	hint(_("name both (--cert and --key, or [web] cert and key in loa.conf), or neither to serve plain "
	       "HTTP"));
	return 2;
}

int
cmd_web(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"listen", required_argument, NULL, 'l'},
	    {"cert", required_argument, NULL, 'c'},
	    {"key", required_argument, NULL, 'k'},
	    {NULL, 0, NULL, 0},
	};
	struct web_options o = {0};
	struct loa_config cfg;
	struct sockaddr_storage sa;
	struct web_tls *tls = NULL;
	const char *listen = NULL, *cert = NULL, *key = NULL;
	unsigned len;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'l')
			listen = optarg;
		else if (c == 'c')
			cert = optarg;
		else if (c == 'k')
			key = optarg;
		else
			return cli_usage_error(cli, _("unknown option"));
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
	if (!cert && *cfg.web_cert)
		cert = cfg.web_cert;
	if (!key && *cfg.web_key)
		key = cfg.web_key;
	if ((cert && !*cert) || (key && !*key))
		return cli_usage_error(cli, "%s", _("--cert and --key need a file's path"));
	if (!cert != !key)
		return tls_half(&cfg, cert ? "cert" : "key", cert ? cert : key);
	if (cert && !(tls = web_tls_load(cert, key)))
		return 2;
	o.listen = listen;
	o.upload_max = cfg.web_upload_max;
	o.config_path = cli->config_path;
	o.config_given = cli->config_given;
	o.tls = tls;
	rc = web_serve(cli->store, &o) == 0 ? 0 : 1;
	web_tls_free(tls);
	return rc;
}
