/*
 * main_web.c — loa-web, the program behind `loa web` (the web console): loa's
 * dispatch with the one command, so the process that runs for months
 * links only what that command uses (libmicrohttpd, SQLite, libsodium and loa's
 * core), not the player's, the reports' or the other front ends' libraries.
 *
 * `loa web ARGS` runs it with the same command line (cli_exec_program);
 * it is installed in loa's private folder (include/loa/program.h), not on
 * PATH.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "loa/i18n.h"

static const struct cli_command commands[] = {
    {"web", cmd_web, NULL, CLI_STORE, N_("serve the web console (pages and JSON API)"), USAGE_WEB},
    {NULL, NULL, NULL, 0, NULL, NULL},
};

static int
help(FILE *out)
{
	fputs(_("loa-web is the program that 'loa web' runs; run 'loa web --help'\n"), out);
	return 0;
}

int
main(int argc, char **argv)
{
	return cli_main(argc, argv, commands, help);
}
