/*
 * cmds_schedule.h — the commands of the schedule and what it aired (loa
 * slot, agenda, log, report, run) and their --help text; cmds.h includes
 * it, to keep each header short.
 */
#ifndef LOA_CMDS_SCHEDULE_H
#define LOA_CMDS_SCHEDULE_H

struct cli;

/* ---- the schedule: slots and the agenda (cmd_slot.c, cmd_agenda.c) ---- */

int cmd_slot_add(struct cli *cli, int argc, char **argv);
#define USAGE_SLOT_ADD                                                                                       \
	N_("Usage: loa slot add (--clip ID | --playlist NAME)\n"                                             \
	   "           (--at TIMES [--days DAYS] [--from DATE] [--until DATE] [--except DATES]\n"            \
	   "            | --start DATETIME [--rrule RULE] [--exdate DATES])\n"                               \
	   "           [--tier TIER] [--title TITLE]\n"                                                      \
	   "\n"                                                                                              \
	   "Adds a slot: a clip or playlist that airs at set times, in the station's zone.\n"                \
	   "\n"                                                                                              \
	   "  --clip ID          the clip to air (see 'loa clip list')\n"                                    \
	   "  --playlist NAME    or the playlist to air\n"                                                   \
	   "  --at TIMES         times of day: 6h,17h, 6h30, 17g or 06:00,17:00\n"                           \
	   "  --days DAYS        days of the week: t2-t7, \"thứ 2 - thứ 7\", t2,t4,t6, cn,\n"            \
	   "                     mon-sat or daily (default: every day)\n"                                    \
	   "  --from DATE        first day, day first: 1/7/2026, 01/07/2026 or 2026-07-01\n"                 \
	   "                     (default today)\n"                                                          \
	   "  --until DATE       last day (default: no end)\n"                                               \
	   "  --except DATES     days left out, e.g. 2/9/2026,3/9/2026\n"                                    \
	   "                     A date without its year (2/9) is the next such day: from\n"                 \
	   "                     today for --from, from the first day for the others.\n"                     \
	   "  --start DATETIME   the first airing, e.g. \"1/7/2026 6h30\" or 2026-07-01T06:30;\n"            \
	   "                     alone: airs once\n"                                                         \
	   "  --rrule RULE       an iCalendar rule, e.g. 'FREQ=WEEKLY;BYDAY=MO,WE,FR'\n"                     \
	   "  --exdate DATES     airings left out (dates, or dates and times)\n"                             \
	   "  --tier TIER        normal (thường, the default), priority (ưu tiên) or\n"                 \
	   "                     emergency (khẩn cấp): on an overlap the higher tier airs\n"             \
	   "                     first; normal slots skip blackout days\n"                                   \
	   "  --title TITLE      the slot's title (default: the clip's title): one line, at\n"               \
	   "                     most 500 characters\n"                                                      \
	   "\n"                                                                                              \
	   "Examples:\n"                                                                                     \
	   "  loa slot add --clip 3 --at 6h,17h --days t2-t7 --from 01/07/2026 \\\n"                         \
	   "      --until 30/09/2026 --except 2/9/2026,3/9/2026\n"                                           \
	   "  loa slot add --playlist \"tin sáng\" --at 6h30 --days \"thứ 2 - thứ 7\" \\\n"             \
	   "      --from 1/7/2026 --until 30/9/2026 --tier \"ưu tiên\"\n"                                  \
	   "  loa slot add --clip 5 --start 2024-01-01T06:30 --rrule 'FREQ=WEEKLY;BYDAY=MO,WE,FR'\n")

int cmd_slot_list(struct cli *cli, int argc, char **argv);
#define USAGE_SLOT_LIST                                                                                      \
	N_("Usage: loa slot list [--format table|csv|json]\n"                                                \
	   "\n"                                                                                              \
	   "Lists the slots: number, title, tier, whether enabled, the clip or playlist and\n"               \
	   "when it airs, in words. Slots with no clip yet are counted in a warning.\n"                      \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa slot list --format csv\n")

int cmd_slot_show(struct cli *cli, int argc, char **argv);
#define USAGE_SLOT_SHOW                                                                                      \
	N_("Usage: loa slot show ID [--format table|csv|json]\n"                                             \
	   "\n"                                                                                              \
	   "Shows one slot: its rule in words, its next airing and its iCalendar event.\n"                   \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa slot show 4\n")

int cmd_slot_rm(struct cli *cli, int argc, char **argv);
#define USAGE_SLOT_RM                                                                                        \
	N_("Usage: loa slot rm ID...\n"                                                                      \
	   "\n"                                                                                              \
	   "Removes slots (all or none). Past airings stay in the airing log.\n"                             \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa slot rm 4 5\n")

int cmd_slot_enable(struct cli *cli, int argc, char **argv);
#define USAGE_SLOT_ENABLE                                                                                    \
	N_("Usage: loa slot enable ID...\n"                                                                  \
	   "\n"                                                                                              \
	   "Lets disabled slots air again.\n"                                                                \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa slot enable 4\n")

int cmd_slot_disable(struct cli *cli, int argc, char **argv);
#define USAGE_SLOT_DISABLE                                                                                   \
	N_("Usage: loa slot disable ID...\n"                                                                 \
	   "\n"                                                                                              \
	   "Stops slots from airing without removing them (they leave the agenda).\n"                        \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa slot disable 4\n")

int cmd_slot_edit(struct cli *cli, int argc, char **argv);
#define USAGE_SLOT_EDIT                                                                                      \
	N_("Usage: loa slot edit ID [--clip ID | --playlist NAME | --no-clip] [--tier TIER]\n"               \
	   "                        [--title TITLE] [--rrule RULE]\n"                                        \
	   "\n"                                                                                              \
	   "Changes a slot: what it airs (e.g. give an imported slot its clip), its tier,\n"                 \
	   "its title, or its recurrence rule ('' removes the rule: it airs once).\n"                        \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa slot edit 7 --clip 12 --tier priority\n"                                                   \
	   "  loa slot edit 7 --tier \"khẩn cấp\"\n")

int cmd_slot_import(struct cli *cli, int argc, char **argv);
#define USAGE_SLOT_IMPORT                                                                                    \
	N_("Usage: loa slot import FILE.ics [--blackout] [--allow-outside]\n"                                \
	   "\n"                                                                                              \
	   "Imports a calendar (Google Calendar, Thunderbird, Outlook, Evolution, or a file\n"               \
	   "loa exported): each event becomes a slot; its SUMMARY is the title. Importing\n"                 \
	   "the same file again updates those slots (by UID), never duplicates them.\n"                      \
	   "The clip is found by X-LOA-CLIP, by ATTACH (a local audio file or .m3u, imported\n"              \
	   "if new), by ATTACH's file name, or by a clip titled like the SUMMARY; otherwise\n"               \
	   "the slot waits for 'loa slot edit ID --clip C'. Any invalid event rejects the\n"                 \
	   "whole file, with its line number; nothing is imported then. An ATTACH file\n"                    \
	   "is read only from the calendar's folder or a folder inside it.\n"                                \
	   "\n"                                                                                              \
	   "  --blackout        all-day events become blackout days: normal slots skip\n"                    \
	   "                    them (a public holiday calendar); without it they are\n"                     \
	   "                    refused\n"                                                                   \
	   "  --allow-outside   also read ATTACH files (and the files of an ATTACHed\n"                      \
	   "                    playlist) outside the calendar's folder: only for a\n"                       \
	   "                    calendar you trust, such as your own 'loa slot export'\n"                    \
	   "\n"                                                                                              \
	   "Examples:\n"                                                                                     \
	   "  loa slot import lich-phat-thanh.ics\n"                                                         \
	   "  loa slot import ngay-le-2024.ics --blackout\n")

int cmd_slot_export(struct cli *cli, int argc, char **argv);
#define USAGE_SLOT_EXPORT                                                                                    \
	N_("Usage: loa slot export [-o FILE]\n"                                                              \
	   "\n"                                                                                              \
	   "Writes every slot and blackout day as an iCalendar file (stdout by default) that\n"              \
	   "calendar programs open and that 'loa slot import' reads back to the same agenda.\n"              \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa slot export -o lich.ics\n")

int cmd_slot_blackout(struct cli *cli, int argc, char **argv);
#define USAGE_SLOT_BLACKOUT                                                                                  \
	N_("Usage: loa slot blackout [list] [--format table|csv|json]\n"                                     \
	   "       loa slot blackout add DAY [--to DAY] [--title TITLE]\n"                                   \
	   "       loa slot blackout rm DAY...\n"                                                            \
	   "\n"                                                                                              \
	   "Blackout days (holidays): normal slots do not air on them; priority and\n"                       \
	   "emergency slots still do. 'add' adds one day, or with --to every day through\n"                  \
	   "that one (at most 366); a day that is already a blackout day is refused.\n"                      \
	   "'rm' removes days, whichever calendar made them. A holiday calendar (.ics)\n"                    \
	   "is imported with 'loa slot import FILE.ics --blackout'.\n"                                       \
	   "CSV columns: day,title,uid (the calendar event that made the day).\n"                            \
	   "\n"                                                                                              \
	   "  --to DAY       the last day of a run of days\n"                                                \
	   "  --title TITLE  what the day is (e.g. Tết Nguyên Đán): one line\n"                         \
	   "\n"                                                                                              \
	   "Examples:\n"                                                                                     \
	   "  loa slot blackout add 17/02/2027 --to 21/02/2027 --title \"Tết Nguyên Đán\"\n"            \
	   "  loa slot blackout list --format json\n"                                                        \
	   "  loa slot blackout rm 19/02/2027\n")

int cmd_agenda(struct cli *cli, int argc, char **argv);
#define USAGE_AGENDA                                                                                         \
	N_("Usage: loa agenda [--from DATETIME] [--to DATETIME] [--format table|csv|json]\n"                 \
	   "                  [--max-lateness SECONDS]\n"                                                    \
	   "\n"                                                                                              \
	   "Lists every airing that starts in the window (from <= start < to), in time order,\n"             \
	   "in the station's zone. Overlaps are resolved as the daemon will: higher tier first,\n"           \
	   "then earlier start, then lower slot number; the other follows right after, or is\n"              \
	   "skipped when it would be more than the maximum lateness late (default 300 s).\n"                 \
	   "Blackout days skip normal slots; disabled slots are left out.\n"                                 \
	   "CSV columns: start,end,slot,tier,clip,title (start is when it airs), then\n"                     \
	   "status (plays, delayed, skipped, or pending: skipped until a leader approves\n"                  \
	   "it, see loa approve; rejected: a leader refused it, the note says why),\n"                       \
	   "nominal_start and note (why).\n"                                                                 \
	   "\n"                                                                                              \
	   "  --from DATETIME   a date, or a date and time: 1/7/2026, \"1/7/2026 6h\",\n"                    \
	   "                    2026-07-01T06:00 (default: now)\n"                                           \
	   "  --to DATETIME     default: 7 days after --from\n"                                              \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa agenda --from 1/7/2026 --to 8/7/2026 --format csv\n")
int cmd_log(struct cli *cli, int argc, char **argv);
#define USAGE_LOG                                                                                            \
	N_("Usage: loa log [--from DT] [--to DT] [--status S[,S...]] [--items]\n"                            \
	   "               [--format table|csv|json] [--excel]\n"                                            \
	   "       loa log verify\n"                                                                         \
	   "\n"                                                                                              \
	   "Exports the airing log: one row per airing loa handled, played or not, by\n"                     \
	   "scheduled time. Times are in the station's zone with their UTC offset. A row\n"                  \
	   "that did not complete has a reason_code (device_lost, clip_missing, blackout...).\n"             \
	   "The last columns name who asked for an emergency (requested_by) and the leader\n"                \
	   "who approved the slot (approved_by); new columns are only ever added at the end.\n"              \
	   "\n"                                                                                              \
	   "  --from DT        rows scheduled at or after DT: 1/7/2026, \"1/7/2026 6h\",\n"                  \
	   "                   2026-07-01 or 2026-07-01T06:00 (a date without its year,\n"                   \
	   "                   1/7, is the last such day)\n"                                                 \
	   "  --to DT          rows scheduled before DT; a date alone means through that day\n"              \
	   "  --status S       only these statuses, comma-separated: completed (hoàn thành),\n"            \
	   "                   partial (phát một phần), interrupted (bị gián đoạn), failed\n"     \
	   "                   (lỗi), missed (bị lỡ), skipped (bỏ qua), playing (đang phát);\n"    \
	   "                   'late' (trễ) keeps late rows (with --items: the items' own\n"               \
	   "                   statuses)\n"                                                                  \
	   "  --items          one row per item of each airing (the clips of a programme):\n"                \
	   "                   seq, position, started, played, status, reason_code, clip,\n"                 \
	   "                   title, topic, sha256\n"                                                       \
	   "  --format F       table (on a terminal), csv (otherwise) or json; CSV and JSON\n"               \
	   "                   give every value exactly as stored, for scripts\n"                            \
	   "  --excel          CSV for a spreadsheet: a byte-order mark, so Excel shows\n"                   \
	   "                   Vietnamese right, and a text cell that begins with = + - @\n"                 \
	   "                   (or a tab) written with a ' before it, so Excel shows it\n"                   \
	   "                   as text and never runs it as a formula; numbers unchanged\n"                  \
	   "\n"                                                                                              \
	   "'loa log verify' checks the log's hash chain: every closed row and its items\n"                  \
	   "must be unchanged, none removed, none inserted. It names the first row that\n"                   \
	   "is not, and exits 0 only when the log is intact.\n"                                              \
	   "\n"                                                                                              \
	   "Examples:\n"                                                                                     \
	   "  loa log --from 1/7/2026 --to 30/9/2026 --excel > nhat-ky-quy3.csv\n"                           \
	   "  loa log --status \"bị lỡ,lỗi\" --format table\n"                                         \
	   "  loa log --items --from 1/7/2026 --to 1/7/2026\n"                                               \
	   "  loa log verify\n")

int cmd_report(struct cli *cli, int argc, char **argv);
#define USAGE_REPORT                                                                                         \
	N_("Usage: loa report (--quarter Q | --half H | --year YYYY | --from D --to D)\n"                    \
	   "                  [--format docx|xlsx|csv|html|json] [-o FILE] [--lang vi|en]\n"                 \
	   "\n"                                                                                              \
	   "Writes the broadcast report for the level above from the airing log: news\n"                     \
	   "items, airings, programmes and airtime for administrative reform (CCHC) and\n"                   \
	   "for every topic, by month (or week) and by item, and every programme that did\n"                 \
	   "not air as planned, with its reason. Each item of a programme counts under its\n"                \
	   "own topic; jingles, openings and closings are airtime, never news items. The\n"                  \
	   "docx is the administrative document (Decree 30/2020/NĐ-CP) to finish and sign;\n"               \
	   "its header and signature come from the [report] section of loa.conf.\n"                          \
	   "\n"                                                                                              \
	   "  --quarter Q        a quarter: 3/2026, III/2026, \"quý 3/2026\" or 2026Q3 (July\n"             \
	   "                     to September)\n"                                                            \
	   "  --half H           a half year: \"6 tháng đầu năm 2026\" (January to June),\n"            \
	   "                     \"6 tháng cuối năm 2026\", H2/2026 or 2026H2 (July to\n"                \
	   "                     December)\n"                                                                \
	   "  --year YYYY        a calendar year\n"                                                          \
	   "  --from D --to D    whole days from D through D: 1/7/2026 or 2026-07-01\n"                      \
	   "  --format F         docx (the document, for Word or Writer), xlsx (Excel, the\n"                \
	   "                     data), html (printable preview of the document), csv or\n"                  \
	   "                     json; default: from -o's extension, else csv on the screen.\n"              \
	   "                     The CSV is for a spreadsheet: a text cell that begins with\n"               \
	   "                     = + - @ (or a tab) has a ' before it, so it is never run\n"                 \
	   "                     as a formula\n"                                                             \
	   "  -o, --output FILE  write to FILE (replaced only when the report is complete)\n"                \
	   "  --lang L           vi (Vietnamese, the default) or en (English)\n"                             \
	   "\n"                                                                                              \
	   "Examples:\n"                                                                                     \
	   "  loa report --quarter \"quý 3/2026\" -o bao-cao-quy3-2026.docx\n"                              \
	   "  loa report --year 2026 -o bao-cao-2026.xlsx\n"                                                 \
	   "  loa report --from 1/3/2026 --to 15/3/2026 --lang en --format json\n")

int cmd_run(struct cli *cli, int argc, char **argv);
#define USAGE_RUN                                                                                            \
	N_("Usage: loa run [--device NAME | --output file:PATH|null] [--until DATETIME]\n"                   \
	   "               [--once] [--check] [--max-lateness SECONDS]\n"                                    \
	   "               [--on-air-cmd CMD] [--off-air-cmd CMD] [--on-air-lead SECONDS]\n"                 \
	   "               [--hook-gap SECONDS] [--hook-timeout SECONDS]\n"                                  \
	   "\n"                                                                                              \
	   "Plays the station's agenda, unattended, at the exact scheduled instants, and\n"                  \
	   "writes every airing (and every miss) to the airing log. It runs in the\n"                        \
	   "foreground (systemd starts it: see packaging/loa.service) until SIGTERM;\n"                      \
	   "a schedule edit takes effect within a second, without a restart.\n"                              \
	   "\n"                                                                                              \
	   "  --device NAME          play on this sound device (name or number from\n"                       \
	   "                         'loa devices'; default: the default device)\n"                          \
	   "  --output file:PATH     write the airings to a WAV, FLAC or MP3 file instead\n"                 \
	   "                         (for tests; 'null' discards the sound)\n"                               \
	   "  --until DATETIME       stop cleanly at that instant (\"1/3/2026 18h\" or\n"                    \
	   "                         2026-03-01T18:00)\n"                                                    \
	   "  --once                 play the next airing, then stop\n"                                      \
	   "  --check                check the station (clip files of the next 7 days, and\n"                \
	   "                         that the output opens) and exit:\n"                                     \
	   "                         0 when ready to air, 1 when something needs fixing\n"                   \
	   "  --max-lateness SECONDS an airing missed by loa (computer off) still plays if\n"                \
	   "                         its time passed less than this ago (default: 300);\n"                   \
	   "                         older ones are logged as missed\n"                                      \
	   "  --on-air-cmd CMD       command run before airings (switch the amplifier on);\n"                \
	   "                         run without a shell: words split at spaces, quotes kept\n"              \
	   "  --off-air-cmd CMD      command run after airings (amplifier off)\n"                            \
	   "  --on-air-lead SECONDS  run the on-air command this early (default: 5)\n"                       \
	   "  --hook-gap SECONDS     airings closer than this share one on-air period\n"                     \
	   "                         (default: 120)\n"                                                       \
	   "  --hook-timeout SECONDS stop a hook still running after this (default: 10)\n"                   \
	   "\n"                                                                                              \
	   "Examples:\n"                                                                                     \
	   "  loa run --check\n"                                                                             \
	   "  loa run --device \"USB Audio\" --on-air-cmd \"/usr/local/bin/relay on\" \\\n"                  \
	   "      --off-air-cmd \"/usr/local/bin/relay off\"\n"                                              \
	   "  loa run --output file:/tmp/today.wav --until 2024-03-01T20:00\n")

int cmd_bulletin_list(struct cli *cli, int argc, char **argv);
#define USAGE_BULLETIN_LIST                                                                                  \
	N_("Usage: loa bulletin list [--format table|csv|json]\n"                                            \
	   "\n"                                                                                              \
	   "Lists the bulletins the hub (the province) sent to this station, newest\n"                       \
	   "first: their number, tier, title and topic, what the station did with each\n"                    \
	   "(received: waiting for you; scheduled; refused, with the reason), when it\n"                     \
	   "arrived, the period in which it may air, the times the hub suggests and the\n"                   \
	   "clip its audio was added as. 'loa link' receives them.\n"                                        \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa bulletin list\n")

int cmd_bulletin_schedule(struct cli *cli, int argc, char **argv);
#define USAGE_BULLETIN_SCHEDULE                                                                              \
	N_("Usage: loa bulletin schedule ID [--at TIMES] [--days DAYS] [--from DATE] [--until DATE]\n"       \
	   "\n"                                                                                              \
	   "Schedules bulletin ID (see 'loa bulletin list'): adds slots airing its clip,\n"                  \
	   "as 'loa slot add --clip' does, and tells the hub it is scheduled.\n"                             \
	   "\n"                                                                                              \
	   "  --at TIMES     times of day, e.g. 6h,17h or 06:00,17:00 (default: the\n"                       \
	   "                 times the hub suggests)\n"                                                      \
	   "  --days DAYS    weekdays, e.g. t2-t7 or mon-sat (default: every day)\n"                         \
	   "  --from DATE    first day (default: the first day of the bulletin's period,\n"                  \
	   "                 or today)\n"                                                                    \
	   "  --until DATE   last day (default: the last day of its period)\n"                               \
	   "\n"                                                                                              \
	   "Examples:\n"                                                                                     \
	   "  loa bulletin schedule 17\n"                                                                    \
	   "  loa bulletin schedule 17 --at 6h30,17h --days t2-t6\n")

#endif
