/*
 * cmd_clip.c — loa clip add|list|show|edit|rm: the officer's view of the
 * clip library.
 *
 * A batch import goes on past a bad file: each failure is reported naming
 * the file and the reason, the rest import, and the exit status says
 * whether anything failed. The listing's columns are view_clip's
 * (src/views/view_library.c): a contract for scripts, and a narrower
 * table that fits a terminal.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_input.h"
#include "cli/cmds.h"
#include "loa/clip.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/timeutil.h"
#include "loa/topic.h"
#include "loa/utf8.h"
#include "loa/views.h"

/* ---- shared by the clip commands ---- */

/* Reads a --valid-from/--valid-until value: "" or a date as the officer
 * types it (1/7/2026, 2026-07-01; without a year, the next such day).
 * Returns it as the clip stores it, YYYY-MM-DD (one buffer per option),
 * or NULL (printed). */
static const char *
check_date(struct cli *cli, const char *opt, const char *v)
{
	static char iso_from[sizeof((struct clip *)0)->valid_from], iso_until[sizeof iso_from];
	char *out = strcmp(opt, "--valid-until") == 0 ? iso_until : iso_from;
	struct civil c;

	out[0] = 0;
	if (!*v)
		return out;
	if (cli_date(cli, opt, v, 0, &c) != 0)
		return NULL;
	/* Unsigned and cut to their widths, so the compiler sees it fits the
	 * clip's field (cli_date gave a real date: nothing is cut). */
	snprintf(out, sizeof iso_from, "%04u-%02u-%02u", (unsigned)c.year % 10000u, (unsigned)c.month % 100u,
	         (unsigned)c.day % 100u);
	return out;
}

/* Checks a --title (one line of UTF8_TITLE_MAX characters at most). 0, or
 * 2 (printed). */
static int
check_title(struct cli *cli, const char *v)
{
	return cli_check_line(cli, "--title", v, UTF8_TITLE_MAX);
}

/* Checks a --topic: a name, so one line of UTF8_NAME_MAX characters at
 * most. 0, or 2 (printed). */
static int
check_topic(struct cli *cli, const char *v)
{
	return cli_check_line(cli, "--topic", v, UTF8_NAME_MAX);
}

/* Parses a clip number. 0 or -1 (printed as a usage error). */
static int
parse_id(struct cli *cli, const char *s, int64_t *id)
{
	char *end;

	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v <= 0)
		return cli_usage_error(cli, _("a clip is named by its number (see 'loa clip list'): '%s'"),
		                       s),
		       -1;
	*id = v;
	return 0;
}

static void
no_clip(int64_t id)
{
	error(_("no clip numbered %" PRId64), id);
	hint(_("'loa clip list' shows the clips and their numbers"));
}

/* Lists clip cl (a clip_foreach callback; arg is the open listing). */
static int
clip_listing_row(const struct clip *cl, void *arg)
{
	struct view_cells c;

	view_clip_cells(&c, cl);
	return view_add(arg, c.v) == 0 ? 0 : -1;
}

/* ---- loa clip add ---- */

/* v with one decimal (and its sign, when sign), with the decimal comma
 * when the messages are in Vietnamese. Returns buf. */
static const char *
decimal(char *buf, size_t n, int sign, double v)
{
	snprintf(buf, n, sign ? "%+.1f" : "%.1f", v);
	if (strcmp(i18n_language(), "vi") == 0)
		for (char *p = buf; *p; p++)
			if (*p == '.')
				*p = ',';
	return buf;
}

/* One line for a new clip: what it is, and one plain sentence on what
 * was done to its volume (the measured figures are in 'loa clip show'). */
static void
print_added(struct cli *cli, int64_t id, const struct clip *cl)
{
	char head[1024], dur[32], gain[32];
	double target = cli->station.target_lufs;

	decimal(dur, sizeof dur, 0, cl->duration_s);
	if (cl->topic[0])
		snprintf(head, sizeof head, _("added clip %" PRId64 ": '%s' (%s s, %s, topic '%s')"), id,
		         cl->title, dur, cl->format, cl->topic);
	else
		snprintf(head, sizeof head, _("added clip %" PRId64 ": '%s' (%s s, %s)"), id, cl->title, dur,
		         cl->format);
	decimal(gain, sizeof gain, 1, cl->gain_db);
	if (!isfinite(cl->loudness_lufs))
		printf("%s\n", head); /* the warning above says it is silent */
	else if (target - cl->loudness_lufs - cl->gain_db >= 0.05)
		printf(_("%s; volume changed by %s dB, as far as its loudest moments allow: it stays a "
		         "little quieter than the other clips\n"),
		       head, gain);
	else if (fabs(cl->gain_db) < 0.05)
		printf(_("%s; its volume already matches the other clips\n"), head);
	else
		printf(_("%s; volume matched to the other clips (%s dB)\n"), head, gain);
}

/* The topic of the clips in folder (--topic-from-folder): the station's
 * topic of that name, else the --topic given (fallback, "" for none), said
 * once per folder. Remembers the last folder in last/topic. 0 or -1. */
static int
folder_topic(struct cli *cli, const char *folder, const char *fallback, char *last, size_t last_n,
             char *topic)
{
	struct topic t;
	int rc;

	if (*last && strcmp(last, folder) == 0)
		return 0;
	snprintf(last, last_n, "%s", folder);
	if (*folder && (rc = topic_find(cli->store, folder, &t)) <= 0) {
		if (rc < 0)
			return -1;
		snprintf(topic, TOPIC_NAME_MAX, "%s", t.name);
		return 0;
	}
	snprintf(topic, TOPIC_NAME_MAX, "%s", fallback);
	if (*fallback)
		printf(_("folder '%s' is not one of the station's topics: its clips get the topic "
		         "given, '%s'\n"),
		       folder, fallback);
	else
		printf(_("folder '%s' is not one of the station's topics: its clips get no topic\n"), folder);
	return 0;
}

/* Says why entry e of a folder is not imported; 1 when that counts as a
 * failure, 0 for a file that is not audio (a note). */
static int
print_skipped(const struct clip_scan_entry *e)
{
	switch (e->kind) {
	case CLIP_SCAN_NOT_AUDIO:
		printf(_("skipped '%s': not an audio file\n"), e->rel);
		return 0;
	case CLIP_SCAN_PLAYLIST:
		printf(_("skipped '%s': a playlist (import it with 'loa playlist import')\n"), e->rel);
		return 0;
	case CLIP_SCAN_LINK:
		error(_("did not go into '%s': it is a link to another folder"), e->path);
		hint(_("to add the files there, name that folder itself: loa clip add FOLDER"));
		return 1;
	case CLIP_SCAN_TOO_DEEP:
		error(_("did not go into '%s': folders nested more than %d deep"), e->path,
		      CLIP_SCAN_MAX_DEPTH);
		hint(_("name that folder itself: loa clip add FOLDER"));
		return 1;
	case CLIP_SCAN_UNREADABLE:
		error(_("cannot read folder '%s': %s"), e->path, strerror(e->err));
		hint(_("check that the USB stick is still plugged in and that you may read the folder"));
		return 1;
	default:
		return 0;
	}
}

/* loa clip add --format json: each file named, imported, as one line
 * {"file": ..., "clip": ID, "state": "added"|"known"|"restored"} (a file
 * that failed has its error on stderr and no line), for a program that
 * imports (loa link's bulletins). Folders are not taken: name files. */
static int
add_json(struct cli *cli, const struct clip_import_opts *o, int n, char **files)
{
	static const char *const states[] = {"added", "known", "restored"};
	int failed = 0;

	for (int i = 0; i < n; i++) {
		int64_t id = 0;
		int rc = clip_import(cli->store, files[i], o, &id);
		if (rc < 0 || rc > 2) {
			failed++;
			continue;
		}
		fputs("{\"file\":", stdout);
		fmt_json_string(stdout, files[i]);
		printf(",\"clip\":%" PRId64 ",\"state\":\"%s\"}\n", id, states[rc]);
		fflush(stdout);
	}
	return failed ? 1 : 0;
}

int
cmd_clip_add(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"title", required_argument, NULL, 't'},
	    {"topic", required_argument, NULL, 'T'},
	    {"topic-from-folder", no_argument, NULL, 'F'},
	    {"valid-from", required_argument, NULL, 'f'},
	    {"valid-until", required_argument, NULL, 'u'},
	    {"format", required_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0},
	};
	struct clip_import_opts o = {.target_lufs = cli->station.target_lufs};
	enum fmt_kind kind = FMT_TABLE;
	struct clip_scan scan = {0};
	struct stat sb;
	char topic[TOPIC_NAME_MAX] = "", ftopic[TOPIC_NAME_MAX] = "", last[NAME_MAX + 1] = "";
	int c, failed = 0, added = 0, known = 0, skipped = 0, folders = 0, bar = 0, from_folder = 0;
	int done = 0, rc;
	unsigned char *bad = NULL; /* bad[i]: entry i was not added (a failure) */

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (!*optarg || check_title(cli, optarg))
				return *optarg ? 2 : cli_usage_error(cli, _("--title must not be empty"));
			o.title = optarg;
			break;
		case 'T':
			if (check_topic(cli, optarg))
				return 2;
			o.topic = optarg;
			break;
		case 'F':
			from_folder = 1;
			break;
		case 'f':
			if (!(o.valid_from = check_date(cli, "--valid-from", optarg)))
				return 2;
			break;
		case 'u':
			if (!(o.valid_until = check_date(cli, "--valid-until", optarg)))
				return 2;
			break;
		case 'o':
			if (cli_format(cli, optarg, &kind) != 0)
				return 2;
			break;
		default:
			return cli_usage_error(cli, _("unknown option"));
		}
	}
	if (optind >= argc)
		return cli_usage_error(cli, _("name at least one audio file or folder to add"));
	if (kind == FMT_JSON)
		return add_json(cli, &o, argc - optind, argv + optind);
	if (o.topic && (rc = cli_topic(cli, "--topic", o.topic, topic)) != 0)
		return rc;
	if (o.topic)
		o.topic = topic;
	if (o.valid_from && o.valid_until && *o.valid_from && *o.valid_until &&
	    strcmp(o.valid_from, o.valid_until) > 0)
		return cli_usage_error(cli, _("--valid-until (%s) is before --valid-from (%s)"),
		                       o.valid_until, o.valid_from);
	for (int i = optind; i < argc; i++) {
		int files = scan.files, is_dir = stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode);
		if (clip_scan_path(&scan, argv[i]) != 0) {
			failed++;
			continue;
		}
		folders += is_dir;
		if (is_dir && scan.files == files) {
			error(_("no audio files in folder '%s' (nor in the folders inside it)"), argv[i]);
			hint(_("name the audio files themselves, or the folder that holds them"));
			failed++;
		}
	}
	if (o.title && (scan.files > 1 || folders))
		return clip_scan_free(&scan),
		       cli_usage_error(cli, _("--title names one clip; give exactly one file with it"));
	if (scan.n && !(bad = calloc((size_t)scan.n, 1))) {
		clip_scan_free(&scan);
		return error(_("out of memory")), 1;
	}
	for (int i = 0; i < scan.n; i++) {
		const struct clip_scan_entry *e = &scan.v[i];
		int64_t id = 0;
		struct clip cl;
		/* The bar shows while a file is measured; it is wiped before
		 * anything is printed, so messages start on a clean line. */
		if (bar)
			fputs("\r\033[K", stderr);
		if (e->kind != CLIP_SCAN_FILE) {
			if (print_skipped(e))
				failed++, bad[i] = 1;
			else
				skipped++;
			fflush(stdout);
			continue;
		}
		if (from_folder) {
			if (folder_topic(cli, e->folder, topic, last, sizeof last, ftopic) != 0) {
				failed++, bad[i] = 1;
				continue;
			}
			o.topic = ftopic;
		}
		rc = clip_import(cli->store, e->path, &o, &id);
		if (rc < 0) {
			failed++, bad[i] = 1;
		} else if (rc == 1 && clip_get(cli->store, id, &cl) == 0) {
			known++;
			/* The clip keeps its title (and topic): the same audio
			 * under another name is a copy, not a new programme. */
			printf(_("'%s' is already in the library as clip %" PRId64
			         " '%s' (the same audio): nothing changed\n"),
			       e->path, id, cl.title);
			if (o.title && strcmp(o.title, cl.title) != 0)
				hint(_("to give it the title '%s': loa clip edit %" PRId64 " --title \"%s\""),
				     o.title, id, o.title);
		} else if (rc == 2) {
			known++;
			printf(_("restored the library copy of clip %" PRId64 " from '%s'\n"), id, e->path);
		} else if (rc == 0 && clip_get(cli->store, id, &cl) == 0) {
			added++;
			print_added(cli, id, &cl);
		} else {
			failed++, bad[i] = 1;
		}
		fflush(stdout);
		done++;
		if (scan.files > 1)
			cli_progress(e->rel, done, scan.files);
		bar = scan.files > 1 && done < scan.files && isatty(STDERR_FILENO);
	}
	if (bar)
		fputs("\r\033[K", stderr);
	if (scan.n > 1 || folders) {
		printf(_("%d added, %d already in the library, %d failed\n"), added, known, failed);
		if (skipped)
			printf(_("files skipped as not audio: %d (named above)\n"), skipped);
	}
	if (failed && (scan.n > 1 || folders)) {
		/* Each failure was named as it happened; on a long stick they
		 * scrolled away, so name them again, as the folder has them. */
		for (int i = 0, first = 1; i < scan.n; i++)
			if (bad[i]) {
				if (first)
					printf(_("not added:\n"));
				printf("  %s\n", scan.v[i].rel);
				first = 0;
			}
		hint(_("the files named above were not added; the others were"));
	}
	free(bad);
	clip_scan_free(&scan);
	return failed ? 1 : 0;
}

/* ---- loa clip list / show ---- */

int
cmd_clip_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	enum fmt_kind kind = fmt_default_kind(stdout);
	struct view_listing l;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage_error(cli, _("unknown option"));
		if (cli_format(cli, optarg, &kind) != 0)
			return 2;
	}
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
	if (view_open(&l, &view_clip, stdout, kind, VIEW_NARROW) != 0)
		return error(_("out of memory")), 1;
	rc = clip_foreach(cli->store, clip_listing_row, &l);
	return view_close(&l) == 0 && rc == 0 ? 0 : 1;
}

int
cmd_clip_show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	enum fmt_kind kind = fmt_default_kind(stdout);
	struct view_listing l;
	struct clip cl;
	int64_t id;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage_error(cli, _("unknown option"));
		if (cli_format(cli, optarg, &kind) != 0)
			return 2;
	}
	if (optind + 1 != argc)
		return cli_usage_error(cli, _("name one clip by its number"));
	if (parse_id(cli, argv[optind], &id) != 0)
		return 2;
	if ((rc = clip_get(cli->store, id, &cl)) != 0)
		return rc > 0 ? (no_clip(id), 1) : 1;
	if (view_open(&l, &view_clip, stdout, kind, FMT_VERTICAL | FMT_SINGLE) != 0)
		return error(_("out of memory")), 1;
	rc = clip_listing_row(&cl, &l);
	return view_close(&l) == 0 && rc == 0 ? 0 : 1;
}

/* ---- loa clip edit ---- */

int
cmd_clip_edit(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"title", required_argument, NULL, 't'},
	    {"topic", required_argument, NULL, 'T'},
	    {"valid-from", required_argument, NULL, 'f'},
	    {"valid-until", required_argument, NULL, 'u'},
	    {NULL, 0, NULL, 0},
	};
	const char *title = NULL, *topic = NULL, *from = NULL, *until = NULL;
	char topic_name[TOPIC_NAME_MAX];
	struct clip cl;
	int64_t id;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (!*optarg)
				return cli_usage_error(cli, _("--title must not be empty"));
			if (check_title(cli, optarg))
				return 2;
			title = optarg;
			break;
		case 'T':
			if (check_topic(cli, optarg))
				return 2;
			topic = optarg;
			break;
		case 'f':
			if (!(from = check_date(cli, "--valid-from", optarg)))
				return 2;
			break;
		case 'u':
			if (!(until = check_date(cli, "--valid-until", optarg)))
				return 2;
			break;
		default:
			return cli_usage_error(cli, _("unknown option"));
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error(cli, _("name one clip by its number"));
	if (parse_id(cli, argv[optind], &id) != 0)
		return 2;
	if (!title && !topic && !from && !until)
		return cli_usage_error(
		    cli, _("say what to change: --title, --topic, --valid-from or --valid-until"));
	if (topic && (rc = cli_topic(cli, "--topic", topic, topic_name)) != 0)
		return rc;
	if (topic)
		topic = topic_name;
	if (store_begin(cli->store) != 0)
		return 1;
	if ((rc = clip_get(cli->store, id, &cl)) != 0) {
		store_rollback(cli->store);
		return rc > 0 ? (no_clip(id), 1) : 1;
	}
	if (title)
		snprintf(cl.title, sizeof cl.title, "%s", title);
	if (topic)
		snprintf(cl.topic, sizeof cl.topic, "%s", topic);
	if (from)
		snprintf(cl.valid_from, sizeof cl.valid_from, "%s", from);
	if (until)
		snprintf(cl.valid_until, sizeof cl.valid_until, "%s", until);
	if (cl.valid_from[0] && cl.valid_until[0] && strcmp(cl.valid_from, cl.valid_until) > 0) {
		store_rollback(cli->store);
		return cli_usage_error(cli,
		                       _("the clip would be valid until %s, before it becomes valid on %s"),
		                       cl.valid_until, cl.valid_from);
	}
	if (clip_update(cli->store, &cl) != 0 || store_commit(cli->store) != 0) {
		store_rollback(cli->store);
		return 1;
	}
	printf(_("changed clip %" PRId64 ": '%s'\n"), id, cl.title);
	return 0;
}

/* ---- loa clip rm ---- */

int
cmd_clip_rm(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"force", no_argument, NULL, 'F'},
	    {NULL, 0, NULL, 0},
	};
	int c, force = 0, failed = 0, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'F')
			return cli_usage_error(cli, _("unknown option"));
		force = 1;
	}
	if (optind >= argc)
		return cli_usage_error(cli, _("name the clips to remove by their numbers"));
	for (int i = optind; i < argc; i++) {
		int64_t id;
		struct clip cl;
		if (parse_id(cli, argv[i], &id) != 0)
			return 2;
		if ((rc = clip_get(cli->store, id, &cl)) != 0) {
			if (rc > 0)
				no_clip(id);
			failed++;
			continue;
		}
		int slots = 0, items = 0;
		if (clip_uses(cli->store, id, &slots, &items) != 0) {
			failed++;
			continue;
		}
		rc = clip_remove(cli->store, id, force);
		if (rc != 0) {
			if (rc > 0)
				no_clip(id);
			failed++;
			continue;
		}
		printf(_("removed clip %" PRId64 ": '%s'\n"), id, cl.title);
		if (slots > 0) {
			warning(_("%d schedule slot(s) that aired clip %" PRId64
			          " now have no clip and will be skipped"),
			        slots, id);
			hint(_("see them with 'loa slot list' and assign a clip with 'loa slot edit ID "
			       "--clip CLIP'"));
		}
	}
	return failed ? 1 : 0;
}
