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

int cmd_play(struct cli *cli, int argc, char **argv);
#define USAGE_PLAY                                                                                 \
	N_("Usage: loa play CLIP | --playlist NAME [--device DEVICE]\n"                            \
	   "\n"                                                                                    \
	   "Plays a clip (by its number) or a playlist now, through the loudspeaker, to\n"        \
	   "test the sound before the schedule airs it. Ctrl-C fades it out.\n"                  \
	   "\n"                                                                                    \
	   "  --playlist NAME   play this playlist's clips back to back\n"                       \
	   "  --device DEVICE   the sound output: a number or a part of a name from\n"            \
	   "                    'loa devices' (default: the default output)\n"                   \
	   "\n"                                                                                    \
	   "Example:\n"                                                                            \
	   "  loa play 12\n"                                                                       \
	   "  loa play --playlist \"bản tin sáng\" --device \"USB Audio\"\n")

int cmd_render(struct cli *cli, int argc, char **argv);
#define USAGE_RENDER                                                                               \
	N_("Usage: loa render (--clip ID | --playlist NAME) -o FILE\n"                            \
	   "\n"                                                                                    \
	   "Writes a clip or a playlist, exactly as the loudspeaker would get it (its\n"         \
	   "loudness gain applied, 48 kHz stereo), to FILE: .wav, .flac or .mp3.\n"              \
	   "\n"                                                                                    \
	   "Example:\n"                                                                            \
	   "  loa render --playlist \"bản tin sáng\" -o ban-tin-sang.mp3\n")

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
/* ---- loa clip ---- */

int cmd_clip_add(struct cli *cli, int argc, char **argv);
#define USAGE_CLIP_ADD                                                                             \
	N_("Usage: loa clip add FILE|FOLDER... [--title T] [--topic TOPIC]\n"                    \
	   "                    [--valid-from YYYY-MM-DD] [--valid-until YYYY-MM-DD]\n"            \
	   "\n"                                                                                    \
	   "Adds audio files (WAV, FLAC, Ogg Vorbis, Opus, MP3) to the clip library. Each\n"      \
	   "file is decoded in full, its loudness measured and the gain to the station's\n"       \
	   "target loudness stored, and a copy kept in the library (so the USB stick can\n"      \
	   "be pulled). A folder adds every audio file in it, in name order. The same file\n"     \
	   "added twice is recognised and kept once. A file that cannot be read is named\n"       \
	   "with the reason; the others are still added, and the exit status is 1.\n"             \
	   "\n"                                                                                    \
	   "  --title T              the clip's title (one file only; default: the file name)\n"  \
	   "  --topic TOPIC          a topic, e.g. \"tin tức\" or \"phòng cháy\"\n"                 \
	   "  --valid-from DATE      first day the clip may air\n"                                \
	   "  --valid-until DATE     last day the clip may air\n"                                 \
	   "\n"                                                                                    \
	   "Examples:\n"                                                                           \
	   "  loa clip add ban-tin-sang.mp3 --title \"Bản tin sáng\" --topic \"tin tức\"\n"         \
	   "  loa clip add /media/usb/thang-3/\n")

int cmd_clip_list(struct cli *cli, int argc, char **argv);
#define USAGE_CLIP_LIST                                                                            \
	N_("Usage: loa clip list [--format table|csv|json]\n"                                    \
	   "\n"                                                                                    \
	   "Lists the clips. CSV and JSON give every field: id, title, topic, duration\n"         \
	   "(seconds), loudness (LUFS; empty/null when silent), gain (dB), true_peak (dBTP),\n"   \
	   "format, sample_rate, channels, valid_from, valid_until, sha256, original_name,\n"     \
	   "path (the library copy).\n"                                                            \
	   "\n"                                                                                    \
	   "Example:\n"                                                                            \
	   "  loa clip list --format csv > clips.csv\n")

int cmd_clip_show(struct cli *cli, int argc, char **argv);
#define USAGE_CLIP_SHOW                                                                            \
	N_("Usage: loa clip show ID [--format table|csv|json]\n"                                 \
	   "\n"                                                                                    \
	   "Shows every field of one clip.\n"                                                      \
	   "\n"                                                                                    \
	   "Example:\n"                                                                            \
	   "  loa clip show 3\n")

int cmd_clip_edit(struct cli *cli, int argc, char **argv);
#define USAGE_CLIP_EDIT                                                                            \
	N_("Usage: loa clip edit ID [--title T] [--topic TOPIC] [--valid-from DATE]\n"           \
	   "                        [--valid-until DATE]\n"                                        \
	   "\n"                                                                                    \
	   "Changes a clip's title, topic or the days it may air. An empty value\n"               \
	   "(--topic \"\") clears a topic or date.\n"                                               \
	   "\n"                                                                                    \
	   "Example:\n"                                                                            \
	   "  loa clip edit 3 --title \"Phòng chống sốt xuất huyết\" --valid-until 2024-06-30\n")

int cmd_clip_rm(struct cli *cli, int argc, char **argv);
#define USAGE_CLIP_RM                                                                              \
	N_("Usage: loa clip rm ID... [--force]\n"                                                \
	   "\n"                                                                                    \
	   "Removes clips from the library and deletes their library copies. A clip that\n"      \
	   "a schedule slot or a playlist uses is refused unless --force, which also\n"          \
	   "removes it from those. The airing log is never changed: past airings of the\n"        \
	   "clip stay recorded.\n"                                                                 \
	   "\n"                                                                                    \
	   "  --force   remove it even while slots or playlists use it\n"                         \
	   "\n"                                                                                    \
	   "Example:\n"                                                                            \
	   "  loa clip rm 3\n")

/* ---- loa playlist ---- */

int cmd_playlist_create(struct cli *cli, int argc, char **argv);
#define USAGE_PLAYLIST_CREATE                                                                      \
	N_("Usage: loa playlist create NAME [CLIP...]\n"                                          \
	   "\n"                                                                                    \
	   "Creates a playlist: clips (by number, see 'loa clip list') aired back to back\n"      \
	   "as one airing. A clip may appear more than once.\n"                                    \
	   "\n"                                                                                    \
	   "Example:\n"                                                                            \
	   "  loa playlist create \"Chương trình sáng\" 1 4 2 5\n")

int cmd_playlist_add(struct cli *cli, int argc, char **argv);
#define USAGE_PLAYLIST_ADD                                                                         \
	N_("Usage: loa playlist add NAME CLIP... [--at POS]\n"                                    \
	   "\n"                                                                                    \
	   "Adds clips to a playlist: at the end, or from position POS on (1 is first).\n"        \
	   "\n"                                                                                    \
	   "  --at POS   insert before the clip now at position POS\n"                            \
	   "\n"                                                                                    \
	   "Example:\n"                                                                            \
	   "  loa playlist add \"Chương trình sáng\" 7 --at 1\n")

int cmd_playlist_rm(struct cli *cli, int argc, char **argv);
#define USAGE_PLAYLIST_RM                                                                          \
	N_("Usage: loa playlist rm NAME [POS | --clip ID]\n"                                      \
	   "\n"                                                                                    \
	   "With only a NAME, removes the whole playlist (its clips stay in the library).\n"     \
	   "With POS, removes the clip at that position (1 is first); with --clip ID,\n"         \
	   "removes every entry of that clip. The positions after it move up.\n"                 \
	   "\n"                                                                                    \
	   "Examples:\n"                                                                           \
	   "  loa playlist rm \"Chương trình sáng\" 2\n"                                             \
	   "  loa playlist rm \"Chương trình sáng\" --clip 7\n"                                      \
	   "  loa playlist rm \"Chương trình cũ\"\n")

int cmd_playlist_list(struct cli *cli, int argc, char **argv);
#define USAGE_PLAYLIST_LIST                                                                        \
	N_("Usage: loa playlist list [--format table|csv|json]\n"                                \
	   "\n"                                                                                    \
	   "Lists the playlists: id, name, clips (how many entries), duration (seconds).\n"      \
	   "\n"                                                                                    \
	   "Example:\n"                                                                            \
	   "  loa playlist list\n")

int cmd_playlist_show(struct cli *cli, int argc, char **argv);
#define USAGE_PLAYLIST_SHOW                                                                        \
	N_("Usage: loa playlist show NAME [--format table|csv|json]\n"                           \
	   "\n"                                                                                    \
	   "Shows a playlist's clips in airing order: position, clip, title, duration,\n"         \
	   "start (seconds from the start of the airing), gain and library file.\n"              \
	   "\n"                                                                                    \
	   "Example:\n"                                                                            \
	   "  loa playlist show \"Chương trình sáng\"\n")

int cmd_playlist_import(struct cli *cli, int argc, char **argv);
#define USAGE_PLAYLIST_IMPORT                                                                      \
	N_("Usage: loa playlist import FILE.m3u [--name NAME] [--topic TOPIC]\n"                 \
	   "\n"                                                                                    \
	   "Imports an M3U or M3U8 playlist (UTF-8; one file per line, #EXTINF titles\n"         \
	   "used for new clips). Relative paths are found from the playlist's folder.\n"         \
	   "Files not yet in the library are added. All or nothing: if any file cannot\n"        \
	   "be added, the line is named and nothing is imported.\n"                              \
	   "\n"                                                                                    \
	   "  --name NAME     the playlist's name (default: the file name without .m3u)\n"        \
	   "  --topic TOPIC   topic of the clips added from it\n"                                 \
	   "\n"                                                                                    \
	   "Example:\n"                                                                            \
	   "  loa playlist import /media/usb/chuong-trinh-sang.m3u8\n")

int cmd_playlist_export(struct cli *cli, int argc, char **argv);
#define USAGE_PLAYLIST_EXPORT                                                                      \
	N_("Usage: loa playlist export NAME [-o FILE]\n"                                          \
	   "\n"                                                                                    \
	   "Writes a playlist as M3U8 (the library copies' full paths) to FILE, or to the\n"     \
	   "screen.\n"                                                                             \
	   "\n"                                                                                    \
	   "  -o, --output FILE   write to FILE instead\n"                                        \
	   "\n"                                                                                    \
	   "Example:\n"                                                                            \
	   "  loa playlist export \"Chương trình sáng\" -o sang.m3u8\n")

#endif
