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

int cmd_report(struct cli *cli, int argc, char **argv);
#define USAGE_REPORT                                                                               \
	N_("Usage: loa report (--quarter 2024Q1 | --half 2024H1 | --year 2024 | --from D --to D)\n" \
	   "                  [--format xlsx|csv|html|json] [-o FILE] [--lang vi|en]\n"           \
	   "\n"                                                                                    \
	   "Writes the broadcast report for the district from the airing log: items,\n"          \
	   "airings and airtime, by topic, by month (or week) and by item, planned versus\n"     \
	   "aired, and every missed, failed or interrupted airing with its reason. The\n"        \
	   "header says whether the airing log passed its tamper check.\n"                      \
	   "\n"                                                                                    \
	   "  --quarter YYYYQn   a quarter, e.g. 2024Q1 (January to March)\n"                    \
	   "  --half YYYYHn      a half year, e.g. 2024H2 (July to December)\n"                  \
	   "  --year YYYY        a calendar year\n"                                               \
	   "  --from D --to D    whole days from D through D (YYYY-MM-DD)\n"                      \
	   "  --format F         xlsx (Excel), csv, html (printable, with a chart) or json;\n"   \
	   "                     default: from -o's extension, else csv on the screen\n"         \
	   "  -o, --output FILE  write to FILE (replaced only when the report is complete)\n"    \
	   "  --lang L           vi (Vietnamese, the default) or en (English)\n"                  \
	   "\n"                                                                                    \
	   "Examples:\n"                                                                           \
	   "  loa report --quarter 2024Q1 -o bao-cao-quy1-2024.xlsx\n"                            \
	   "  loa report --year 2024 --format html -o bao-cao-2024.html\n"                        \
	   "  loa report --from 2024-03-01 --to 2024-03-15 --lang en --format json\n")

#endif
