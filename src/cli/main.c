/*
 * main.c — the loa command: global options, then one table of commands.
 *
 * Global options come before the command (git's rule), so a command's own
 * options never collide with them: loa [--db PATH] [--config PATH] [-v|-q]
 * COMMAND [ARGS]. The station is --db, else $LOA_DB, else
 * STORE_DEFAULT_PATH; the configuration file is --config, else
 * $LOA_CONFIG, else /etc/loa/loa.conf (cli_main.c reads them).
 *
 * `loa web` and `loa link` run the lean programs loa-web and loa-link
 * (main_web.c, main_link.c) with the same command line: the console and
 * the link, which run for months, map only the libraries they use.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "loa/i18n.h"

static const struct cli_command clip_commands[] = {
    {"add", cmd_clip_add, NULL, CLI_STORE, N_("add audio files or folders to the library"), USAGE_CLIP_ADD},
    {"list", cmd_clip_list, NULL, CLI_STORE_RO, N_("list the clips"), USAGE_CLIP_LIST},
    {"show", cmd_clip_show, NULL, CLI_STORE_RO, N_("show one clip"), USAGE_CLIP_SHOW},
    {"edit", cmd_clip_edit, NULL, CLI_STORE, N_("change a clip's title, topic or dates"), USAGE_CLIP_EDIT},
    {"rm", cmd_clip_rm, NULL, CLI_STORE, N_("remove clips from the library"), USAGE_CLIP_RM},
    {NULL, NULL, NULL, 0, NULL, NULL},
};

static const struct cli_command playlist_commands[] = {
    {"create", cmd_playlist_create, NULL, CLI_STORE, N_("create a playlist from clips"),
     USAGE_PLAYLIST_CREATE},
    {"add", cmd_playlist_add, NULL, CLI_STORE, N_("add clips to a playlist"), USAGE_PLAYLIST_ADD},
    {"rm", cmd_playlist_rm, NULL, CLI_STORE, N_("remove a playlist, or one of its clips"), USAGE_PLAYLIST_RM},
    {"list", cmd_playlist_list, NULL, CLI_STORE_RO, N_("list the playlists"), USAGE_PLAYLIST_LIST},
    {"show", cmd_playlist_show, NULL, CLI_STORE_RO, N_("show a playlist's clips in order"),
     USAGE_PLAYLIST_SHOW},
    {"import", cmd_playlist_import, NULL, CLI_STORE, N_("import an M3U/M3U8 playlist"),
     USAGE_PLAYLIST_IMPORT},
    {"export", cmd_playlist_export, NULL, CLI_STORE_RO, N_("write a playlist as M3U8"),
     USAGE_PLAYLIST_EXPORT},
    {NULL, NULL, NULL, 0, NULL, NULL},
};

static const struct cli_command topic_commands[] = {
    {"list", cmd_topic_list, NULL, CLI_STORE_RO, N_("list the station's topics"), USAGE_TOPIC_LIST},
    {"add", cmd_topic_add, NULL, CLI_STORE, N_("add a topic"), USAGE_TOPIC_ADD},
    {"alias", cmd_topic_alias, NULL, CLI_STORE, N_("give a topic other names"), USAGE_TOPIC_ALIAS},
    {"rename", cmd_topic_rename, NULL, CLI_STORE, N_("rename a topic"), USAGE_TOPIC_RENAME},
    {"rm", cmd_topic_rm, NULL, CLI_STORE, N_("remove a topic"), USAGE_TOPIC_RM},
    {NULL, NULL, NULL, 0, NULL, NULL},
};

static const struct cli_command bulletin_commands[] = {
    {"list", cmd_bulletin_list, NULL, CLI_STORE_RO, N_("list the bulletins the hub sent"),
     USAGE_BULLETIN_LIST},
    {"schedule", cmd_bulletin_schedule, NULL, CLI_STORE,
     N_("schedule a bulletin at the hub's times or others"), USAGE_BULLETIN_SCHEDULE},
    {NULL, NULL, NULL, 0, NULL, NULL},
};

static const struct cli_command slot_commands[] = {
    {"add", cmd_slot_add, NULL, CLI_STORE, N_("add a slot: a clip at set times"), USAGE_SLOT_ADD},
    {"list", cmd_slot_list, NULL, CLI_STORE_RO, N_("list the slots"), USAGE_SLOT_LIST},
    {"show", cmd_slot_show, NULL, CLI_STORE_RO, N_("show one slot and its rule in words"), USAGE_SLOT_SHOW},
    {"rm", cmd_slot_rm, NULL, CLI_STORE, N_("remove slots"), USAGE_SLOT_RM},
    {"enable", cmd_slot_enable, NULL, CLI_STORE, N_("let slots air again"), USAGE_SLOT_ENABLE},
    {"disable", cmd_slot_disable, NULL, CLI_STORE, N_("stop slots from airing"), USAGE_SLOT_DISABLE},
    {"edit", cmd_slot_edit, NULL, CLI_STORE, N_("change a slot's clip, tier, title or rule"),
     USAGE_SLOT_EDIT},
    {"import", cmd_slot_import, NULL, CLI_STORE, N_("import slots from an .ics calendar"), USAGE_SLOT_IMPORT},
    {"export", cmd_slot_export, NULL, CLI_STORE_RO, N_("write the slots as an .ics calendar"),
     USAGE_SLOT_EXPORT},
    {"blackout", cmd_slot_blackout, NULL, CLI_STORE, N_("list, add or remove blackout days (holidays)"),
     USAGE_SLOT_BLACKOUT},
    {NULL, NULL, NULL, 0, NULL, NULL},
};

static const struct cli_command user_commands[] = {
    {"add", cmd_user_add, NULL, CLI_STORE, N_("add a user of the web console"), USAGE_USER_ADD},
    {"list", cmd_user_list, NULL, CLI_STORE_RO, N_("list the users"), USAGE_USER_LIST},
    {"passwd", cmd_user_passwd, NULL, CLI_STORE, N_("give a user a new password"), USAGE_USER_PASSWD},
    {"edit", cmd_user_edit, NULL, CLI_STORE, N_("give a user another role"), USAGE_USER_EDIT},
    {"rm", cmd_user_rm, NULL, CLI_STORE, N_("remove a user"), USAGE_USER_RM},
    {NULL, NULL, NULL, 0, NULL, NULL},
};

/* loa web, loa link: the lean programs, in this process (cli_main.c). */
static int
cmd_web_exec(struct cli *cli, int argc, char **argv)
{
	(void)argc, (void)argv;
	return cli_exec_program(cli, "loa-web");
}

static int
cmd_link_exec(struct cli *cli, int argc, char **argv)
{
	(void)argc, (void)argv;
	return cli_exec_program(cli, "loa-link");
}

static const struct cli_command commands[] = {
    {"init", cmd_init, NULL, 0, N_("create a station: its database and clip library"), USAGE_INIT},
    {"station", cmd_station, NULL, CLI_STORE, N_("show or change the station's name and zone"),
     USAGE_STATION},
    {"status", cmd_status, NULL, CLI_STORE_RO, N_("did the broadcast go out? what airs next, what needs you"),
     USAGE_STATUS},
    {"config", cmd_config, NULL, 0, N_("check the configuration file and show the settings in effect"),
     USAGE_CONFIG},
    {"clip", NULL, clip_commands, 0, N_("the clip library: add, list, show, edit, rm"), NULL},
    {"topic", NULL, topic_commands, 0, N_("the topic list: list, add, alias, rename, rm"), NULL},
    {"playlist", NULL, playlist_commands, 0, N_("playlists: create, add, rm, list, show, import, export"),
     NULL},
    {"slot", NULL, slot_commands, 0,
     N_("the schedule: add, list, show, edit, import, export slots; blackout days"), NULL},
    {"bulletin", NULL, bulletin_commands, 0, N_("the hub's bulletins: list, schedule"), NULL},
    {"agenda", cmd_agenda, NULL, CLI_STORE_RO, N_("list what airs when, overlaps resolved"), USAGE_AGENDA},
    {"play", cmd_play, NULL, CLI_STORE_RO, N_("play a clip or a playlist now"), USAGE_PLAY},
    {"render", cmd_render, NULL, CLI_STORE_RO, N_("write a clip or a playlist to an audio file"),
     USAGE_RENDER},
    {"devices", cmd_devices, NULL, 0, N_("list the sound outputs to play on"), USAGE_DEVICES},
    {"run", cmd_run, NULL, CLI_STORE, N_("play the schedule unattended (the daemon)"), USAGE_RUN},
    {"log", cmd_log, NULL, CLI_STORE_RO, N_("export the airing log, or verify it (loa log verify)"),
     USAGE_LOG},
    {"report", cmd_report, NULL, CLI_STORE_RO, N_("write the broadcast report for the district"),
     USAGE_REPORT},
    {"web", cmd_web_exec, NULL, CLI_PASS, N_("serve the web console (pages and JSON API)"), USAGE_WEB},
    {"link", cmd_link_exec, NULL, CLI_PASS, N_("send the airing log up to the hub (the province)"),
     USAGE_LINK},
    {"hub", cmd_hub, NULL, CLI_PASS,
     N_("run loa-hub, the hub's program (the province's report, stations, bulletins)"), USAGE_HUB},
    {"user", NULL, user_commands, 0, N_("the web console's users: add, list, passwd, edit, rm"), NULL},
    {"approve", cmd_approve, NULL, CLI_STORE,
     N_("the leader's approval: list what waits, approve or reject it"), USAGE_APPROVE},
    {"audit", cmd_audit, NULL, CLI_STORE_RO, N_("list who changed what, when and from where"), USAGE_AUDIT},
    {NULL, NULL, NULL, 0, NULL, NULL},
};

static const char main_usage[] =
    N_("Usage: loa [--db PATH] [--config PATH] [-v|-q] COMMAND [ARGS]\n"
       "       loa --version\n"
       "\n"
       "loa plays a commune's loudspeaker schedule and keeps the airing log.\n"
       "\n"
       "Global options:\n"
       "  --db PATH       the station's database (default: $LOA_DB, else /var/lib/loa/station.db)\n"
       "  --config PATH   the configuration file (default: $LOA_CONFIG, else /etc/loa/loa.conf)\n"
       "  -v, --verbose   say more (repeat for debug messages)\n"
       "  -q, --quiet     only errors\n"
       "\n");

static int
main_help(FILE *out)
{
	fputs(_(main_usage), out);
	fputs(_("Commands:\n"), out);
	for (const struct cli_command *c = commands; c->name; c++)
		fprintf(out, "  %-12s %s\n", c->name, _(c->summary));
	fputs(_("\nRun 'loa COMMAND --help' for the options of one command.\n"), out);
	return 0;
}

int
main(int argc, char **argv)
{
	return cli_main(argc, argv, commands, main_help);
}
