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

int cmd_log(struct cli *cli, int argc, char **argv);
#define USAGE_LOG                                                                                  \
	N_("Usage: loa log [--from DT] [--to DT] [--status S[,S...]] [--format table|csv|json] [--excel]\n" \
	   "       loa log verify\n"                                                                \
	   "\n"                                                                                    \
	   "Exports the airing log: one row per airing loa handled, played or not, by\n"          \
	   "scheduled time. Times are in the station's zone with their UTC offset.\n"             \
	   "\n"                                                                                    \
	   "  --from DT        rows scheduled at or after DT (2024-01-01 or 2024-01-01T06:00)\n"  \
	   "  --to DT          rows scheduled before DT; a date alone means through that day\n"   \
	   "  --status S       only these statuses, comma-separated: completed, interrupted,\n"   \
	   "                   failed, missed, skipped, playing; 'late' keeps late rows\n"         \
	   "  --format F       table (on a terminal), csv (otherwise) or json\n"                  \
	   "  --excel          CSV with a byte-order mark, so Excel shows Vietnamese right\n"     \
	   "\n"                                                                                    \
	   "'loa log verify' checks the log's hash chain: every closed row must be\n"             \
	   "unchanged, none removed, none inserted. It names the first row that is\n"             \
	   "not, and exits 0 only when the log is intact.\n"                                      \
	   "\n"                                                                                    \
	   "Examples:\n"                                                                           \
	   "  loa log --from 2024-01-01 --to 2024-03-31 --excel > nhat-ky-quy1.csv\n"             \
	   "  loa log --status missed,failed --format table\n"                                    \
	   "  loa log verify\n")

#endif
