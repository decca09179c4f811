/*
 * cmd_hub.c — loa hub ARGS: runs loa-hub, the hub's own executable (it
 * links PostgreSQL's library, which the station's loa never maps), with
 * the same arguments, so a province that runs both from one package
 * types one command name.
 *
 * loa-hub is looked for beside this loa first (a build folder, or
 * /usr/bin for both), then on PATH; exec replaces this process, so the
 * exit status, signals and output are loa-hub's own.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "loa/i18n.h"
#include "loa/log.h"

#define HUB_PROGRAM "loa-hub"

int
cmd_hub(struct cli *cli, int argc, char **argv)
{
	char self[PATH_MAX], beside[PATH_MAX + sizeof HUB_PROGRAM];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	char *slash;

	if (argc < 2)
		return cli_usage_error(
		    cli, "%s", _("name a command of loa-hub: report, stations, bulletin, run or init"));
	argv[0] = (char *)HUB_PROGRAM;
	fflush(stdout);
	if (n > 0) {
		self[n] = 0;
		if ((slash = strrchr(self, '/'))) {
			snprintf(beside, sizeof beside, "%.*s/%s", (int)(slash - self), self, HUB_PROGRAM);
			if (access(beside, X_OK) == 0) {
				execv(beside, argv);
				return error_errno(_("cannot run %s"), beside), 1;
			}
		}
	}
	execvp(HUB_PROGRAM, argv);
	if (errno == ENOENT) {
		error(_("loa hub needs loa-hub, the hub's program, and it is not installed here"));
		hint(_("install loa-hub on the hub's machine (cmake --install BUILD --component hub), or "
		       "put it beside loa or on PATH; a station does not need it"));
		return 127;
	}
	return error_errno(_("cannot run %s"), HUB_PROGRAM), 1;
}
