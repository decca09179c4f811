/*
 * cmd_init.c — loa init: create a station.
 *
 * The zone is read from the system once, here, and stored: a station's
 * schedule must not shift because someone later changed TZ or the PC's
 * zone. The folders are created as needed, so "loa init" works on a fresh
 * machine with nothing but a path.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "loa/clock.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/timeutil.h"
#include "loa/utf8.h"

/* mkdir -p: creates path and its missing parents. */
static int
make_dirs(const char *path)
{
	char buf[PATH_MAX];

	if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
		return errno = ENAMETOOLONG, -1;
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0775) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(buf, 0775) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

int
cmd_init(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"tz", required_argument, NULL, 't'},
	    {"name", required_argument, NULL, 'n'},
	    {"target-lufs", required_argument, NULL, 'L'},
	    {NULL, 0, NULL, 0},
	};
	struct station st = {.target_lufs = -16.0};
	char dir[PATH_MAX], *end;
	const char *slash;
	struct store *s;
	int c;

	snprintf(st.name, sizeof st.name, "%s", _("loa station"));
	tz_system(st.tz, sizeof st.tz);
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (tz_valid(optarg) != 0)
				return cli_usage_error(
				    cli,
				    _("unknown time zone: '%s' (use an IANA name such as Asia/Ho_Chi_Minh)"),
				    optarg);
			snprintf(st.tz, sizeof st.tz, "%s", optarg);
			break;
		case 'n':
			if (!*optarg)
				return cli_usage_error(cli, _("the station's name must not be empty"));
			if (cli_check_line(cli, "--name", optarg, UTF8_NAME_MAX) != 0)
				return 2;
			snprintf(st.name, sizeof st.name, "%s", optarg);
			break;
		case 'L':
			errno = 0;
			st.target_lufs = strtod(optarg, &end);
			if (errno || *end || end == optarg || st.target_lufs < -70 || st.target_lufs > 0)
				return cli_usage_error(
				    cli,
				    _("the target loudness must be a number of LUFS from -70 to 0: '%s'"),
				    optarg);
			break;
		default:
			return cli_usage_error(cli, _("unknown option"));
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);

	if ((slash = strrchr(cli->db_path, '/')) && slash != cli->db_path) {
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - cli->db_path), cli->db_path);
		if (make_dirs(dir) != 0) {
			error_errno(_("cannot create the station's folder '%s'"), dir);
			hint(_("choose a folder you may write to with --db PATH"));
			return 1;
		}
	}
	st.created_ms = clock_wall_ms();
	if (!(s = store_open(cli->db_path, STORE_CREATE)))
		return 1;
	if (store_station_init(s, &st) != 0 || make_dirs(store_library_dir(s)) != 0) {
		if (errno)
			error_errno(_("cannot create the clip library '%s'"), store_library_dir(s));
		store_close(s);
		remove(cli->db_path);
		return 1;
	}
	printf(_("Created station \"%s\" at %s\n"), st.name, cli->db_path);
	printf(_("  time zone:      %s\n"), st.tz);
	printf(_("  target loudness: %.1f LUFS\n"), st.target_lufs);
	printf(_("  clip library:   %s\n"), store_library_dir(s));
	printf(_("Next: add clips with 'loa clip add FILE...'\n"));
	store_close(s);
	return 0;
}
