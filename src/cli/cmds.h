/*
 * cmds.h — every command of the loa front end, and its --help text.
 * One cmd_*.c file owns each; main.c lists them.
 */
#ifndef LOA_CMDS_H
#define LOA_CMDS_H

struct cli;

int cmd_init(struct cli *cli, int argc, char **argv);
#define USAGE_INIT                                                                                           \
	N_("Usage: loa [--db PATH] init [--tz ZONE] [--name STATION] [--target-lufs LUFS]\n"                 \
	   "\n"                                                                                              \
	   "Creates a station: the database file (--db, $LOA_DB or /var/lib/loa/station.db)\n"               \
	   "and, beside it, the clip library folder 'clips'.\n"                                              \
	   "\n"                                                                                              \
	   "  --tz ZONE            the station's time zone, an IANA name such as\n"                          \
	   "                       Asia/Ho_Chi_Minh (default: this computer's zone)\n"                       \
	   "  --name STATION       the station's name, shown in reports: one line, at most\n"                \
	   "                       80 characters (default: \"loa station\")\n"                               \
	   "  --target-lufs LUFS   loudness every clip is brought to (default: -16)\n"                       \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa --db /var/lib/loa/station.db init --tz Asia/Ho_Chi_Minh \\\n"                              \
	   "      --name \"Đài truyền thanh xã Đức Hòa\"\n")

int cmd_station(struct cli *cli, int argc, char **argv);
#define USAGE_STATION                                                                                        \
	N_("Usage: loa station [--name STATION] [--tz ZONE] [--approval required|off]\n"                     \
	   "                   [--format table|csv|json]\n"                                                  \
	   "\n"                                                                                              \
	   "Shows the station's settings: name, time zone, target loudness, where its\n"                     \
	   "database and clip library are, the schema version, and whether officers'\n"                      \
	   "changes wait for a leader's approval.\n"                                                         \
	   "\n"                                                                                              \
	   "  --name STATION   change the station's name (shown in reports; one line, at\n"                  \
	   "                   most 80 characters)\n"                                                        \
	   "  --tz ZONE        change its time zone, an IANA name such as Asia/Ho_Chi_Minh;\n"               \
	   "                   the slots' times are read in the new zone from then on\n"                     \
	   "  --approval required|off\n"                                                                     \
	   "                   required: what an officer adds or changes in the web console\n"               \
	   "                   waits for a leader's approval before it airs (loa approve);\n"                \
	   "                   off (the default): it airs at once. Changes made here at the\n"               \
	   "                   command line count as approved\n"                                             \
	   "\n"                                                                                              \
	   "Examples:\n"                                                                                     \
	   "  loa station --format json\n"                                                                   \
	   "  loa station --name \"Đài truyền thanh xã Đức Hòa\" --tz Asia/Ho_Chi_Minh\n"           \
	   "  loa station --approval required\n")

int cmd_status(struct cli *cli, int argc, char **argv);
#define USAGE_STATUS                                                                                         \
	N_("Usage: loa status [--format table|json]\n"                                                       \
	   "\n"                                                                                              \
	   "Did this morning's broadcast go out? One screen: whether the broadcast\n"                        \
	   "program runs and the sound device worked at its last try, what is on air,\n"                     \
	   "every airing of today and yesterday with its outcome (each item of a\n"                          \
	   "programme by its title, every failure with its reason), the next airings,\n"                     \
	   "and what needs you before the loudspeakers fall silent: the schedule ends\n"                     \
	   "within 7 days, nothing airs in them, a clip stops being valid, a slot has\n"                     \
	   "nothing to play, no sound device, the program not running.\n"                                    \
	   "\n"                                                                                              \
	   "  --format json   the same as one JSON object, for scripts\n"                                    \
	   "\n"                                                                                              \
	   "Exit status: 0 when nothing needs you, 1 when something does (each is said\n"                    \
	   "with what to do), 2 for a usage error.\n"                                                        \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa status\n")

int cmd_play(struct cli *cli, int argc, char **argv);
#define USAGE_PLAY                                                                                           \
	N_("Usage: loa play CLIP | --playlist NAME [--device DEVICE | --emergency]\n"                        \
	   "\n"                                                                                              \
	   "Plays a clip (by its number) or a playlist now, through the loudspeaker, to\n"                   \
	   "test the sound before the schedule airs it. Ctrl-C fades it out.\n"                              \
	   "\n"                                                                                              \
	   "With --emergency it goes on air instead: the broadcast program\n"                                \
	   "('loa run', which must be running) plays it at once at the emergency tier,\n"                    \
	   "cutting in over whatever airs; the airing log names you. loa waits until it\n"                   \
	   "is on air and says when it started.\n"                                                           \
	   "\n"                                                                                              \
	   "  --playlist NAME   play this playlist's clips back to back\n"                                   \
	   "  --device DEVICE   the sound output: a number or a part of a name from\n"                       \
	   "                    'loa devices' (default: the default output)\n"                               \
	   "  --emergency       put it on air now through the broadcast program\n"                           \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa play 12\n"                                                                                 \
	   "  loa play --playlist \"bản tin sáng\" --device \"USB Audio\"\n"                              \
	   "  loa play --emergency 7\n")

int cmd_render(struct cli *cli, int argc, char **argv);
#define USAGE_RENDER                                                                                         \
	N_("Usage: loa render (--clip ID | --playlist NAME | --from DATETIME --to DATETIME) -o FILE\n"       \
	   "\n"                                                                                              \
	   "Writes a clip or a playlist, exactly as the loudspeaker would get it (its\n"                     \
	   "loudness gain applied, 48 kHz stereo), to FILE: .wav, .flac or .mp3.\n"                          \
	   "With --from and --to it writes that stretch of the agenda instead: each airing\n"                \
	   "at its planned time, with the silence between (at most 31 days).\n"                              \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa render --playlist \"bản tin sáng\" -o ban-tin-sang.mp3\n"                               \
	   "  loa render --from 2024-03-01T05:55 --to 2024-03-01T07:00 -o sang.flac\n")

int cmd_devices(struct cli *cli, int argc, char **argv);
#define USAGE_DEVICES                                                                                        \
	N_("Usage: loa devices [--format table|csv|json]\n"                                                  \
	   "\n"                                                                                              \
	   "Lists the sound outputs this computer has (through PortAudio): the number\n"                     \
	   "and name to give to --device, the sound system each belongs to (ALSA,\n"                         \
	   "JACK), its channels and rate, and which one loa uses by default.\n"                              \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa devices\n"                                                                                 \
	   "  loa play 12 --device \"USB Audio\"\n")

int cmd_hub(struct cli *cli, int argc, char **argv);
#define USAGE_HUB                                                                                            \
	N_("Usage: loa hub report|stations|bulletin|run|init [OPTIONS]\n"                                    \
	   "\n"                                                                                              \
	   "Runs loa-hub, the hub's own program, with the same command and options:\n"                       \
	   "at the province, 'loa hub report --quarter 2026Q4' is every commune's\n"                         \
	   "report, 'loa hub stations' each station's link and 'loa hub bulletin send'\n"                    \
	   "a bulletin down to the stations. loa-hub is found beside\n"                                      \
	   "loa or on PATH; it is installed apart (it needs PostgreSQL's library, which\n"                   \
	   "a station does not). 'loa hub report --help' shows loa-hub's help.\n"                            \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa hub stations --db postgresql://loa@localhost/hub\n")

int cmd_link(struct cli *cli, int argc, char **argv);
#define USAGE_LINK                                                                                           \
	N_("Usage: loa link [--broker URL] [--station ID] [--user NAME] [--ca FILE]\n"                       \
	   "                [--check [--format table|json]]\n"                                               \
	   "\n"                                                                                              \
	   "Sends the airing log up to the hub (the province) over MQTT, every airing\n"                     \
	   "once and in order, and keeps sending as airings close. It runs as a program\n"                   \
	   "of its own beside 'loa run' and never touches an airing; when the network\n"                     \
	   "or the hub is away the log waits in the station and goes up when they are\n"                     \
	   "back. The hub acknowledges what it has stored; nothing is deleted here.\n"                       \
	   "It also receives the hub's bulletins: each is checked, its audio added to the\n"                 \
	   "clip library, and by its tier played at once (emergency), put right before\n"                    \
	   "the next programme (priority), or kept for the officer (loa bulletin list).\n"                   \
	   "\n"                                                                                              \
	   "  --broker URL    the hub's broker, mqtt://HOST:PORT or mqtts://HOST:PORT\n"                     \
	   "                  (TLS) (default: [link] broker in loa.conf)\n"                                  \
	   "  --station ID    this station's id at the hub (default: [link] station)\n"                      \
	   "  --user NAME     the station's account at the broker (default: [link] user;\n"                  \
	   "                  its password is [link] password or $LOA_LINK_PASSWORD)\n"                      \
	   "  --ca FILE       the CA certificate of an mqtts broker (default: [link] ca,\n"                  \
	   "                  else the system's)\n"                                                          \
	   "  --check         say whether the broker is reachable and how far the hub has\n"                 \
	   "                  acknowledged the log, then exit (status 1 when it is not\n"                    \
	   "                  reachable or the hub refused a row)\n"                                         \
	   "\n"                                                                                              \
	   "Examples:\n"                                                                                     \
	   "  loa link --check\n"                                                                            \
	   "  loa link --broker mqtts://hub.example.vn:8883 --station xa-duc-hoa\n")

int cmd_web(struct cli *cli, int argc, char **argv);
#define USAGE_WEB                                                                                            \
	N_("Usage: loa web [--listen ADDR:PORT] [--cert FILE --key FILE]\n"                                  \
	   "\n"                                                                                              \
	   "Serves the web console: the station's state at a glance, the clip library\n"                     \
	   "with a player, and the JSON API under /api/v1/ (doc/api.md). It runs as a\n"                     \
	   "program of its own beside 'loa run' and never touches an airing; stop it\n"                      \
	   "with Ctrl-C or SIGTERM. Only people with an account can log in.\n"                               \
	   "\n"                                                                                              \
	   "  --listen ADDR:PORT   where browsers reach it (default: [web] listen in\n"                      \
	   "                       loa.conf, else 127.0.0.1:8080, this computer only);\n"                    \
	   "                       0.0.0.0:8080 lets the office's network in\n"                              \
	   "  --cert FILE          serve HTTPS with this certificate (PEM; default:\n"                       \
	   "                       [web] cert in loa.conf, else plain HTTP)\n"                               \
	   "  --key FILE           and its private key (PEM, without a passphrase, not\n"                    \
	   "                       readable by other users; default: [web] key)\n"                           \
	   "\n"                                                                                              \
	   "Examples:\n"                                                                                     \
	   "  loa web --listen 0.0.0.0:8080\n"                                                               \
	   "  loa web --listen 0.0.0.0:8443 --cert /etc/loa/tls/cert.pem --key /etc/loa/tls/key.pem\n")

int cmd_config(struct cli *cli, int argc, char **argv);
#define USAGE_CONFIG                                                                                         \
	N_("Usage: loa [--config PATH] config [--format table|csv|json]\n"                                   \
	   "\n"                                                                                              \
	   "Checks the configuration file (--config, $LOA_CONFIG or /etc/loa/loa.conf)\n"                    \
	   "and shows the settings in effect and where each comes from: the file and\n"                      \
	   "its line, the default, or the station's database. Every mistake in the\n"                        \
	   "file is reported with its line; the exit status is then 1. The station's\n"                      \
	   "name, zone and target loudness come from its database; if the file's\n"                          \
	   "[station] section says otherwise, a warning says so.\n"                                          \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa --config /etc/loa/loa.conf config\n")
/* ---- loa topic ---- */

int cmd_topic_list(struct cli *cli, int argc, char **argv);
#define USAGE_TOPIC_LIST                                                                                     \
	N_("Usage: loa topic list [--format table|csv|json]\n"                                               \
	   "\n"                                                                                              \
	   "Lists the station's topics: every clip's topic is one of them. A topic is\n"                     \
	   "found by its name or any of its other names, in any case or spelling (\"CCHC\",\n"               \
	   "\"cchc\" and \"Cải cách hành chính\" are one topic). Programme furniture (jingles,\n"       \
	   "openings, closings) is aired and logged but never counted as a news item.\n"                     \
	   "CSV and JSON columns: id, name, aliases, furniture, clips.\n"                                    \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa topic list\n")

int cmd_topic_add(struct cli *cli, int argc, char **argv);
#define USAGE_TOPIC_ADD                                                                                      \
	N_("Usage: loa topic add NAME [--alias OTHER]... [--furniture]\n"                                    \
	   "\n"                                                                                              \
	   "Adds a topic to the station's list. A name or other name is at most 80\n"                        \
	   "characters; line breaks and tabs in it become spaces.\n"                                         \
	   "\n"                                                                                              \
	   "  --alias OTHER   another name that finds the same topic (repeat for more)\n"                    \
	   "  --furniture     programme furniture (jingles, openings, closings): aired and\n"                \
	   "                  logged, never counted as a news item in reports\n"                             \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa topic add \"phòng cháy chữa cháy\" --alias PCCC\n")

int cmd_topic_alias(struct cli *cli, int argc, char **argv);
#define USAGE_TOPIC_ALIAS                                                                                    \
	N_("Usage: loa topic alias TOPIC OTHER... [--rm]\n"                                                  \
	   "\n"                                                                                              \
	   "Gives a topic other names that find it, or with --rm takes them away.\n"                         \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa topic alias \"y tế\" \"sức khỏe cộng đồng\"\n")

int cmd_topic_rename(struct cli *cli, int argc, char **argv);
#define USAGE_TOPIC_RENAME                                                                                   \
	N_("Usage: loa topic rename TOPIC NEW-NAME\n"                                                        \
	   "\n"                                                                                              \
	   "Renames a topic. Its clips follow, and the old name stays one of its other\n"                    \
	   "names, so airings logged under it are still counted under the topic.\n"                          \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa topic rename \"thông báo\" \"thông báo của xã\"\n")

int cmd_topic_rm(struct cli *cli, int argc, char **argv);
#define USAGE_TOPIC_RM                                                                                       \
	N_("Usage: loa topic rm TOPIC [--force]\n"                                                           \
	   "\n"                                                                                              \
	   "Removes a topic from the list. A topic that clips have is refused unless\n"                      \
	   "--force, which leaves those clips with no topic.\n"                                              \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa topic rm \"nông nghiệp\"\n")

/* ---- loa clip ---- */

int cmd_clip_add(struct cli *cli, int argc, char **argv);
#define USAGE_CLIP_ADD                                                                                       \
	N_("Usage: loa clip add FILE|FOLDER... [--title T] [--topic TOPIC] [--topic-from-folder]\n"          \
	   "                    [--valid-from YYYY-MM-DD] [--valid-until YYYY-MM-DD]\n"                      \
	   "                    [--format table|json]\n"                                                     \
	   "\n"                                                                                              \
	   "Adds audio files (WAV, FLAC, Ogg Vorbis, Opus, MP3, M4A/AAC from a phone, WMA)\n"                \
	   "to the clip library. Each file is decoded in full, its loudness measured and\n"                  \
	   "its volume matched to the station's other clips, and a copy kept in the\n"                       \
	   "library (so the USB stick can be pulled). A folder adds every audio file in it\n"                \
	   "and in the folders inside it, in name order; hidden and system folders are\n"                    \
	   "left out, and other files (documents, pictures) are named as skipped. The same\n"                \
	   "file added twice is recognised and kept once, with its first title. A file\n"                    \
	   "that cannot be read is named with the reason; the others are still added, and\n"                 \
	   "the exit status is 1.\n"                                                                         \
	   "\n"                                                                                              \
	   "  --title T              the clip's title (one file only; default: the file name):\n"            \
	   "                         one line, at most 500 characters\n"                                     \
	   "  --topic TOPIC          one of the station's topics (loa topic list), e.g.\n"                   \
	   "                         \"cải cách hành chính\" or CCHC\n"                                 \
	   "  --topic-from-folder    each clip's topic is the name of its folder when that\n"                \
	   "                         names one of the station's topics (else --topic, or none)\n"            \
	   "  --valid-from DATE      first day the clip may air\n"                                           \
	   "  --valid-until DATE     last day the clip may air\n"                                            \
	   "  --format json          for programs: one line per file added, {\"file\", \"clip\",\n"          \
	   "                         \"state\": added, known or restored}; folders are not taken\n"          \
	   "\n"                                                                                              \
	   "Examples:\n"                                                                                     \
	   "  loa clip add ban-tin-sang.mp3 --title \"Bản tin sáng\" --topic CCHC\n"                      \
	   "  loa clip add /media/usb/ --topic-from-folder\n")

int cmd_clip_list(struct cli *cli, int argc, char **argv);
#define USAGE_CLIP_LIST                                                                                      \
	N_("Usage: loa clip list [--format table|csv|json]\n"                                                \
	   "\n"                                                                                              \
	   "Lists the clips. CSV and JSON give every field: id, title, topic, duration\n"                    \
	   "(seconds), loudness (LUFS; empty/null when silent), gain (dB), true_peak (dBTP),\n"              \
	   "format, sample_rate, channels, valid_from, valid_until, sha256, original_name,\n"                \
	   "path (the library copy).\n"                                                                      \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa clip list --format csv > clips.csv\n")

int cmd_clip_show(struct cli *cli, int argc, char **argv);
#define USAGE_CLIP_SHOW                                                                                      \
	N_("Usage: loa clip show ID [--format table|csv|json]\n"                                             \
	   "\n"                                                                                              \
	   "Shows every field of one clip.\n"                                                                \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa clip show 3\n")

int cmd_clip_edit(struct cli *cli, int argc, char **argv);
#define USAGE_CLIP_EDIT                                                                                      \
	N_("Usage: loa clip edit ID [--title T] [--topic TOPIC] [--valid-from DATE]\n"                       \
	   "                        [--valid-until DATE]\n"                                                  \
	   "\n"                                                                                              \
	   "Changes a clip's title, topic or the days it may air. An empty value\n"                          \
	   "(--topic \"\") clears a topic or date. A title is one line of at most 500\n"                     \
	   "characters.\n"                                                                                   \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa clip edit 3 --title \"Phòng chống sốt xuất huyết\" --valid-until 2024-06-30\n")

int cmd_clip_rm(struct cli *cli, int argc, char **argv);
#define USAGE_CLIP_RM                                                                                        \
	N_("Usage: loa clip rm ID... [--force]\n"                                                            \
	   "\n"                                                                                              \
	   "Removes clips from the library and deletes their library copies. A clip that\n"                  \
	   "a schedule slot or a playlist uses is refused unless --force, which takes it\n"                  \
	   "out of those playlists and leaves those slots with no clip (skipped until you\n"                 \
	   "assign one with 'loa slot edit ID --clip CLIP'). The airing log is never\n"                      \
	   "changed: past airings of the clip stay recorded.\n"                                              \
	   "\n"                                                                                              \
	   "  --force   remove it even while slots or playlists use it\n"                                    \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa clip rm 3\n")

/* ---- loa playlist ---- */

int cmd_playlist_create(struct cli *cli, int argc, char **argv);
#define USAGE_PLAYLIST_CREATE                                                                                \
	N_("Usage: loa playlist create NAME [CLIP...]\n"                                                     \
	   "\n"                                                                                              \
	   "Creates a playlist: clips (by number, see 'loa clip list') aired back to back\n"                 \
	   "as one airing. A clip may appear more than once. A name is one line of at most\n"                \
	   "80 characters; a playlist holds at most 1000 clips.\n"                                           \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa playlist create \"Chương trình sáng\" 1 4 2 5\n")

int cmd_playlist_add(struct cli *cli, int argc, char **argv);
#define USAGE_PLAYLIST_ADD                                                                                   \
	N_("Usage: loa playlist add NAME CLIP... [--at POS]\n"                                               \
	   "\n"                                                                                              \
	   "Adds clips to a playlist: at the end, or from position POS on (1 is first).\n"                   \
	   "\n"                                                                                              \
	   "  --at POS   insert before the clip now at position POS\n"                                       \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa playlist add \"Chương trình sáng\" 7 --at 1\n")

int cmd_playlist_rm(struct cli *cli, int argc, char **argv);
#define USAGE_PLAYLIST_RM                                                                                    \
	N_("Usage: loa playlist rm NAME [POS | --clip ID]\n"                                                 \
	   "\n"                                                                                              \
	   "With only a NAME, removes the whole playlist (its clips stay in the library).\n"                 \
	   "With POS, removes the clip at that position (1 is first); with --clip ID,\n"                     \
	   "removes every entry of that clip. The positions after it move up.\n"                             \
	   "\n"                                                                                              \
	   "Examples:\n"                                                                                     \
	   "  loa playlist rm \"Chương trình sáng\" 2\n"                                                 \
	   "  loa playlist rm \"Chương trình sáng\" --clip 7\n"                                          \
	   "  loa playlist rm \"Chương trình cũ\"\n")

int cmd_playlist_list(struct cli *cli, int argc, char **argv);
#define USAGE_PLAYLIST_LIST                                                                                  \
	N_("Usage: loa playlist list [--format table|csv|json]\n"                                            \
	   "\n"                                                                                              \
	   "Lists the playlists: id, name, clips (how many entries), duration (seconds).\n"                  \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa playlist list\n")

int cmd_playlist_show(struct cli *cli, int argc, char **argv);
#define USAGE_PLAYLIST_SHOW                                                                                  \
	N_("Usage: loa playlist show NAME [--format table|csv|json]\n"                                       \
	   "\n"                                                                                              \
	   "Shows a playlist's clips in airing order: position, clip, title, duration,\n"                    \
	   "start (seconds from the start of the airing), gain and library file.\n"                          \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa playlist show \"Chương trình sáng\"\n")

int cmd_playlist_import(struct cli *cli, int argc, char **argv);
#define USAGE_PLAYLIST_IMPORT                                                                                \
	N_("Usage: loa playlist import FILE.m3u [--name NAME] [--topic TOPIC] [--allow-outside]\n"           \
	   "\n"                                                                                              \
	   "Imports an M3U or M3U8 playlist (UTF-8; one file per line, at most 1000;\n"                      \
	   "#EXTINF titles, one line of at most 500 characters, are used for new clips).\n"                  \
	   "Relative paths are found from the playlist's folder.\n"                                          \
	   "Files not yet in the library are added. All or nothing: if any file cannot\n"                    \
	   "be added, the line is named and nothing is imported. The files must be in\n"                     \
	   "the playlist's folder or a folder inside it.\n"                                                  \
	   "\n"                                                                                              \
	   "  --name NAME       the playlist's name (default: the file name without .m3u)\n"                 \
	   "  --topic TOPIC     topic of the clips added from it\n"                                          \
	   "  --allow-outside   also read files outside the playlist's folder (../x.mp3,\n"                  \
	   "                    /home/..., file:///...): only for a playlist you trust\n"                    \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa playlist import /media/usb/chuong-trinh-sang.m3u8\n")

int cmd_playlist_export(struct cli *cli, int argc, char **argv);
#define USAGE_PLAYLIST_EXPORT                                                                                \
	N_("Usage: loa playlist export NAME [-o FILE]\n"                                                     \
	   "\n"                                                                                              \
	   "Writes a playlist as M3U8 (the library copies' full paths) to FILE, or to the\n"                 \
	   "screen.\n"                                                                                       \
	   "\n"                                                                                              \
	   "  -o, --output FILE   write to FILE instead\n"                                                   \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa playlist export \"Chương trình sáng\" -o sang.m3u8\n")

#include "cli/cmds_schedule.h"

/* ---- loa user, loa audit ---- */

int cmd_user_add(struct cli *cli, int argc, char **argv);
#define USAGE_USER_ADD                                                                                       \
	N_("Usage: loa user add NAME --role leader|officer|viewer\n"                                         \
	   "\n"                                                                                              \
	   "Adds a user of the web console. A leader may do everything, the users\n"                         \
	   "included; an officer changes clips, playlists, the schedule and reports; a\n"                    \
	   "viewer only reads (an inspector from the province). The station has no user\n"                   \
	   "and no password until you add one: make the first user a leader.\n"                              \
	   "\n"                                                                                              \
	   "The password is read from standard input (its first line) when that is not a\n"                  \
	   "terminal; on a terminal it is asked twice, without showing it. It has at least\n"                \
	   "10 characters and is not the name.\n"                                                            \
	   "\n"                                                                                              \
	   "  --role ROLE   leader (lãnh đạo), officer (cán bộ) or viewer (người xem)\n"           \
	   "\n"                                                                                              \
	   "A name is letters (Vietnamese ones too), digits, '.', '_' and '-', without\n"                    \
	   "spaces, beginning with a letter or a digit; it is found in any case.\n"                          \
	   "\n"                                                                                              \
	   "Examples:\n"                                                                                     \
	   "  loa user add chu-tich --role leader\n"                                                         \
	   "  loa user add can-bo.van-hoa --role \"cán bộ\"\n")

int cmd_user_list(struct cli *cli, int argc, char **argv);
#define USAGE_USER_LIST                                                                                      \
	N_("Usage: loa user list [--format table|csv|json]\n"                                                \
	   "\n"                                                                                              \
	   "Lists the users of the web console. CSV and JSON columns: name, role\n"                          \
	   "(leader, officer or viewer), created, last_login (ISO 8601 in the station's\n"                   \
	   "zone; empty, or null in JSON, for a user who never logged in). Passwords are\n"                  \
	   "never shown: only a hash of each is kept.\n"                                                     \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa user list\n")

int cmd_user_passwd(struct cli *cli, int argc, char **argv);
#define USAGE_USER_PASSWD                                                                                    \
	N_("Usage: loa user passwd NAME\n"                                                                   \
	   "\n"                                                                                              \
	   "Gives a user a new password, read as 'loa user add' reads it. Whoever is\n"                      \
	   "logged in as that user in the web console must log in again.\n"                                  \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa user passwd chu-tich\n")

int cmd_user_edit(struct cli *cli, int argc, char **argv);
#define USAGE_USER_EDIT                                                                                      \
	N_("Usage: loa user edit NAME --role leader|officer|viewer\n"                                        \
	   "\n"                                                                                              \
	   "Gives a user another role; whoever is logged in as that user has it at\n"                        \
	   "once. The station's last leader stays a leader: make another user a\n"                           \
	   "leader first.\n"                                                                                 \
	   "\n"                                                                                              \
	   "  --role ROLE   leader (lãnh đạo), officer (cán bộ) or viewer (người xem)\n"           \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa user edit pho-chu-tich --role leader\n")

int cmd_user_rm(struct cli *cli, int argc, char **argv);
#define USAGE_USER_RM                                                                                        \
	N_("Usage: loa user rm NAME\n"                                                                       \
	   "\n"                                                                                              \
	   "Removes a user; whoever is logged in as that user is logged out. The\n"                          \
	   "station's last leader cannot be removed: make another user a leader first\n"                     \
	   "(loa user edit NAME --role leader). The audit trail keeps what the user did.\n"                  \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa user rm can-bo.cu\n")

int cmd_approve(struct cli *cli, int argc, char **argv);
#define USAGE_APPROVE                                                                                        \
	N_("Usage: loa approve list [--format table|csv|json]\n"                                             \
	   "       loa approve slot:ID|clip:ID...\n"                                                         \
	   "       loa approve --reject slot:ID|clip:ID --reason TEXT\n"                                     \
	   "\n"                                                                                              \
	   "With the station's setting approval = required (loa station --approval\n"                        \
	   "required), what an officer adds or changes in the web console waits for a\n"                     \
	   "leader: its airings show as pending in loa agenda and are skipped (the\n"                        \
	   "airing log says pending_approval) until it is approved; a rejected one shows\n"                  \
	   "as rejected, with the leader's reason (the log says rejected). A leader's own\n"                 \
	   "changes, and changes made with loa at this computer, are approved at once.\n"                    \
	   "A slot an officer changes again stops airing until it is approved again.\n"                      \
	   "\n"                                                                                              \
	   "  list              what waits: slot or clip, its number, title, who asked\n"                    \
	   "                    and when, the slot's rule in words or the clip's length\n"                   \
	   "  slot:ID clip:ID   approve these slots and clips: they air as scheduled\n"                      \
	   "  --reject REF      refuse one: it does not air until it is changed and\n"                       \
	   "                    approved; --reason TEXT says why (one line, required)\n"                     \
	   "\n"                                                                                              \
	   "Every decision is in the audit trail (loa audit: approve, reject) with\n"                        \
	   "this computer's user name; the airing log names who approved each slot.\n"                       \
	   "\n"                                                                                              \
	   "Examples:\n"                                                                                     \
	   "  loa approve list\n"                                                                            \
	   "  loa approve slot:5 clip:12\n"                                                                  \
	   "  loa approve --reject slot:7 --reason \"Sai giờ phát, sửa lại 17:00\"\n")

int cmd_audit(struct cli *cli, int argc, char **argv);
#define USAGE_AUDIT                                                                                          \
	N_("Usage: loa audit [--from DT] [--to DT] [--format table|csv|json]\n"                              \
	   "\n"                                                                                              \
	   "Lists the audit trail, oldest first: every change made through the web\n"                        \
	   "console or by 'loa user', who made it, when, from which address (\"local\"\n"                    \
	   "for this computer's command line), what and on what, and the object before\n"                    \
	   "and after. Entries are only ever added: none can be changed or removed.\n"                       \
	   "CSV and JSON columns: at (ISO 8601 in the station's zone), user, addr,\n"                        \
	   "action (user.add, user.passwd, user.rm, ...), object, before, after (JSON\n"                     \
	   "text, empty when there is none).\n"                                                              \
	   "\n"                                                                                              \
	   "  --from DT   entries at or after DT: 1/7/2026, \"1/7/2026 6h\", 2026-07-01 or\n"                \
	   "              2026-07-01T06:00 (a date without its year is the last such day)\n"                 \
	   "  --to DT     entries before DT; a date alone means through that day\n"                          \
	   "\n"                                                                                              \
	   "Example:\n"                                                                                      \
	   "  loa audit --from 1/7/2026 --to 30/9/2026\n")

#endif
