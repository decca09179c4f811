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
	   "Creates a station: the database file (--db, $LOA_DB or " STORE_DEFAULT_PATH ")\n"    \
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

int cmd_devices(struct cli *cli, int argc, char **argv);
#define USAGE_DEVICES                                                                              \
	N_("Usage: loa devices [--format table|csv|json]\n"                                      \
	   "\n"                                                                                    \
	   "Lists the sound outputs this computer has (through PortAudio): the number\n"          \
	   "and name to give to --device, the sound system each belongs to (ALSA,\n"             \
	   "JACK), its channels and rate, and which one loa uses by default.\n"                  \
	   "\n"                                                                                    \
	   "Example:\n"                                                                            \
	   "  loa devices\n"                                                                       \
	   "  loa play 12 --device \"USB Audio\"\n")

#endif
