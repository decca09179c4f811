/*
 * cmd_devices.c — loa devices: the sound outputs PortAudio can see, to
 * pick the one for --device (by number or by a part of its name).
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/sink.h"
#include "loa/views.h"

#define DEVICES_MAX 64

int
cmd_devices(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	enum fmt_kind kind = fmt_default_kind(stdout);
	struct sink_device devs[DEVICES_MAX];
	char err[256];
	struct view_listing l;
	struct view_cells row;
	int c, n;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage_error(cli, _("unknown option"));
		if (cli_format(cli, optarg, &kind) != 0)
			return 2;
	}
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
	if ((n = sink_list_devices(devs, DEVICES_MAX, err, sizeof err)) < 0) {
		error("%s", err);
		return 1;
	}
	if (n == 0) {
		error("%s", _("no sound output device found"));
		hint("%s",
		     _("connect the sound card (or start the JACK server), then run 'loa devices' again"));
		return 1;
	}
	if (view_open(&l, &view_device, stdout, kind, 0) != 0)
		return error(_("out of memory")), 1;
	for (int i = 0; i < n; i++) {
		view_device_cells(&row, devs[i].index, devs[i].name, devs[i].api, devs[i].channels,
		                  devs[i].rate, devs[i].is_default);
		view_add(&l, row.v);
	}
	return view_close(&l) == 0 ? 0 : 1;
}
