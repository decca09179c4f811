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

#define DEVICES_MAX 64

int
cmd_devices(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	const struct fmt_col cols[] = {
	    {"index", FMT_NUM, _("no.")},         {"name", FMT_TEXT, _("device")},
	    {"api", FMT_TEXT, _("sound system")}, {"channels", FMT_NUM, _("channels")},
	    {"rate", FMT_NUM, _("rate (Hz)")},    {"default", FMT_BOOL, _("default")},
	};
	enum fmt_kind kind = fmt_default_kind(stdout);
	struct sink_device devs[DEVICES_MAX];
	char err[256];
	struct fmt *f;
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
	f = fmt_open(stdout, kind, cols, 6, 0);
	for (int i = 0; i < n; i++) {
		char idx[16], ch[16], rate[16];
		snprintf(idx, sizeof idx, "%d", devs[i].index);
		snprintf(ch, sizeof ch, "%d", devs[i].channels);
		snprintf(rate, sizeof rate, "%d", devs[i].rate);
		const char *row[] = {idx, devs[i].name, devs[i].api,
		                     ch,  rate,         devs[i].is_default ? "true" : "false"};
		fmt_row(f, row);
	}
	return fmt_close(f) == 0 ? 0 : 1;
}
