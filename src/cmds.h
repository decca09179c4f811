/*
 * cmds.h — every command of the loa front end, and its --help text.
 * One cmd_*.c file owns each; main.c lists them.
 */
#ifndef LOA_CMDS_H
#define LOA_CMDS_H

struct cli;

int cmd_init(struct cli *cli, int argc, char **argv);
#define USAGE_INIT                                                                                 \
	N_("Usage: loa [--db PATH] init [--tz ZONE] [--name STATION] [--target-lufs LUFS]\n"       \
	   "\n"                                                                                    \
	   "Creates a station: the database file (--db, $LOA_DB or /var/lib/loa/station.db)\n"    \
	   "and, beside it, the clip library folder 'clips'.\n"                                    \
	   "\n"                                                                                    \
	   "  --tz ZONE            the station's time zone, an IANA name such as\n"              \
	   "                       Asia/Ho_Chi_Minh (default: this computer's zone)\n"            \
	   "  --name STATION       the station's name, shown in reports\n"                        \
	   "                       (default: \"loa station\")\n"                                  \
	   "  --target-lufs LUFS   loudness every clip is brought to (default: -16)\n"            \
	   "\n"                                                                                    \
	   "Example:\n"                                                                            \
	   "  loa --db /var/lib/loa/station.db init --tz Asia/Ho_Chi_Minh \\\n"                   \
	   "      --name \"Đài truyền thanh xã Đức Hòa\"\n")

int cmd_station(struct cli *cli, int argc, char **argv);
#define USAGE_STATION                                                                              \
	N_("Usage: loa station [--format table|csv|json]\n"                                      \
	   "\n"                                                                                    \
	   "Shows the station's settings: name, time zone, target loudness, where its\n"          \
	   "database and clip library are, and the schema version.\n"                             \
	   "\n"                                                                                    \
	   "Example:\n"                                                                            \
	   "  loa station --format json\n")

int cmd_config(struct cli *cli, int argc, char **argv);
#define USAGE_CONFIG                                                                               \
	N_("Usage: loa [--config PATH] config [--format table|csv|json]\n"                     \
	   "\n"                                                                                    \
	   "Checks the configuration file (--config, $LOA_CONFIG or /etc/loa/loa.conf)\n"        \
	   "and shows the settings in effect and where each comes from: the file and\n"          \
	   "its line, the default, or the station's database. Every mistake in the\n"            \
	   "file is reported with its line; the exit status is then 1. The station's\n"         \
	   "name, zone and target loudness come from its database; if the file's\n"            \
	   "[station] section says otherwise, a warning says so.\n"                              \
	   "\n"                                                                                    \
	   "Example:\n"                                                                            \
	   "  loa --config /etc/loa/loa.conf config\n")

#endif
