/*
 * playout_config.c — the playout's settings: the defaults, then what the
 * configuration file (config.h) says, for every front end alike. The
 * command line's options are applied over these by src/cli/cmd_run.c.
 */
#include <stdint.h>
#include <string.h>

#include "loa/config.h"
#include "loa/hook.h"
#include "loa/playout.h"

int
playout_config_from_file(struct playout_config *c, const struct loa_config *file)
{
	struct loa_config def;

	/* The defaults are the file's (config_defaults): one set for all. */
	if (!file) {
		config_defaults(&def);
		file = &def;
	}
	memset(c, 0, sizeof *c);
	c->until_ms = INT64_MAX;
	c->lookback_ms = PLAYOUT_LOOKBACK_MS;
	if (file->device[0])
		c->output = file->device;
	c->max_lateness_ms = file->max_lateness_ms;
	c->on_air_lead_ms = file->on_air_lead_ms;
	c->hook_gap_ms = file->hook_gap_ms;
	c->hook_timeout_ms = (int)file->hook_timeout_ms;
	/* The file's commands were split once when it was read; a command
	 * that does not split now is reported by hook_argv_parse(). */
	if (file->on_air[0] && !(c->on_air_argv = hook_argv_parse(file->on_air)))
		return -1;
	if (file->off_air[0] && !(c->off_air_argv = hook_argv_parse(file->off_air)))
		return -1;
	return 0;
}

void
playout_config_free(struct playout_config *c)
{
	hook_argv_free(c->on_air_argv);
	hook_argv_free(c->off_air_argv);
	c->on_air_argv = c->off_air_argv = NULL;
}
