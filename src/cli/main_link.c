/*
 * main_link.c — loa-link, the program behind `loa link` (the link to the hub): loa's
 * dispatch with the one command, so the process that runs for months
 * links only what that command uses (libmosquitto, SQLite and loa's
 * core), not the player's, the reports' or the other front ends' libraries.
 *
 * `loa link ARGS` runs it with the same command line (cli_exec_program);
 * it is installed in loa's private folder (include/loa/program.h), not on
 * PATH.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "loa/i18n.h"

static const struct cli_command commands[] = {
    {"link", cmd_link, NULL, CLI_STORE, N_("send the airing log up to the hub (the province)"), USAGE_LINK},
    {NULL, NULL, NULL, 0, NULL, NULL},
};

static int
help(FILE *out)
{
	fputs(_("loa-link is the program that 'loa link' runs; run 'loa link --help'\n"), out);
	return 0;
}

int
main(int argc, char **argv)
{
	return cli_main(argc, argv, commands, help);
}
