/*
 * cli_main.c — what every loa program does first: global options, the
 * log, the clock, then its table of commands (main.c for loa, main_web.c
 * for loa-web, main_link.c for loa-link); and how loa hands a command to
 * one of the lean programs (cli_exec_program).
 *
 * Global options come before the command (git's rule), so a command's own
 * options never collide with them. A lean program parses the same command
 * line as loa: `loa --db X web --listen Y` becomes
 * `loa-web --db X web --listen Y`, in the same process (exec).
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "loa/clock.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/program.h"

int
cli_exec_program(struct cli *cli, const char *program)
{
	char path[PATH_MAX];
	int e;

	if (!program_path(program, path, sizeof path))
		return error(_("cannot run %s"), program), 1;
	cli->argv_all[0] = (char *)program;
	fflush(stdout);
	execv(path, cli->argv_all);
	e = errno;
	error_errno(_("cannot run %s"), path);
	hint(_("%s comes with loa (in %s); install loa's package again"), program, LOA_LIBEXECDIR);
	return e == ENOENT ? 127 : 126;
}

int
cli_main(int argc, char **argv, const struct cli_command *commands, int (*help)(FILE *out))
{
	struct cli cli = {.argc_all = argc, .argv_all = argv};
	enum log_level verbosity = LOG_LEVEL_INFO;
	int i;

	i18n_init();
	signal(SIGPIPE, SIG_IGN);
	cli.db_path = getenv("LOA_DB");
	cli.config_path = getenv("LOA_CONFIG");
	cli.config_given = cli.config_path && *cli.config_path;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--db") == 0 || strcmp(a, "--config") == 0) {
			if (i + 1 >= argc) {
				error(_("option '%s' needs a value"), a);
				hint(_("run 'loa --help' for how to use it"));
				return 2;
			}
			if (a[2] == 'd')
				cli.db_path = argv[++i];
			else
				cli.config_path = argv[++i], cli.config_given = 1;
		} else if (strncmp(a, "--db=", 5) == 0) {
			cli.db_path = a + 5;
		} else if (strncmp(a, "--config=", 9) == 0) {
			cli.config_path = a + 9, cli.config_given = 1;
		} else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
			verbosity = verbosity == LOG_LEVEL_INFO ? LOG_LEVEL_DEBUG : verbosity;
		} else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			verbosity = LOG_LEVEL_ERR;
		} else if (strcmp(a, "--version") == 0) {
			printf("loa %s\n", LOA_VERSION);
			return cli_check_stdout();
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			help(stdout);
			return cli_check_stdout();
		} else {
			error(_("unknown option: '%s'"), a);
			hint(_("global options come before the command; run 'loa --help'"));
			return 2;
		}
	}
	if (!cli.db_path || !*cli.db_path)
		cli.db_path = STORE_DEFAULT_PATH;
	if (!cli.config_path || !*cli.config_path)
		cli.config_path = "/etc/loa/loa.conf";
	log_init(verbosity, getenv("JOURNAL_STREAM") != NULL);
	cli_install_writer();
	if (clock_from_env() != 0)
		return 2;
	if (i >= argc) {
		help(stderr);
		return 2;
	}
	return cli_dispatch(&cli, commands, NULL, argc - i, argv + i);
}
