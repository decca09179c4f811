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
	static char iso[2][16];
	char *out = iso[strcmp(opt, "--valid-until") == 0];
	struct civil c;

	out[0] = 0;
	if (!*v)
		return out;
	if (cli_date(cli, opt, v, 0, &c) != 0)
		return NULL;
	snprintf(out, sizeof iso[0], "%04d-%02d-%02d", c.year % 10000, c.month % 100, c.day % 100);
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

static int
is_audio_name(const char *name)
{
	static const char *const exts[] = {"wav", "flac", "ogg", "oga", "opus", "mp3"};
	const char *dot = strrchr(name, '.');

	if (!dot || name[0] == '.')
		return 0;
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
		if (strcasecmp(dot + 1, exts[i]) == 0)
			return 1;
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct pathlist {
	char **v;   /* paths, owned */
	int n, cap; /* used, allocated */
};

static int
pathlist_add(struct pathlist *l, const char *dir, const char *name)
{
	char *p;
	size_t len = (dir ? strlen(dir) + 1 : 0) + strlen(name) + 1;

	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 16;
		char **v = realloc(l->v, (size_t)cap * sizeof *v);
		if (!v)
			return error(_("out of memory"));
		l->v = v, l->cap = cap;
	}
	if (!(p = malloc(len)))
		return error(_("out of memory"));
	if (dir)
		snprintf(p, len, "%s/%s", dir, name);
	else
		snprintf(p, len, "%s", name);
	l->v[l->n++] = p;
	return 0;
}

/* Adds the audio files in folder dir, sorted by name. */
static int
pathlist_add_dir(struct pathlist *l, const char *dir, int *found)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int first = l->n;

	*found = 0;
	if (!d)
		return error_errno(_("cannot read folder '%s'"), dir);
	while ((e = readdir(d)))
		if (is_audio_name(e->d_name)) {
			if (pathlist_add(l, dir, e->d_name) != 0) {
				closedir(d);
				return -1;
			}
			(*found)++;
		}
	closedir(d);
	if (l->n > first)
		qsort(l->v + first, (size_t)(l->n - first), sizeof *l->v, cmp_str);
	return 0;
}

static void
pathlist_free(struct pathlist *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

int
cmd_clip_add(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"title", required_argument, NULL, 't'},
	    {"topic", required_argument, NULL, 'T'},
	    {"valid-from", required_argument, NULL, 'f'},
	    {"valid-until", required_argument, NULL, 'u'},
	    {NULL, 0, NULL, 0},
	};
	struct clip_import_opts o = {.target_lufs = cli->station.target_lufs};
	struct pathlist files = {0};
	struct stat sb;
	char topic[TOPIC_NAME_MAX];
	int c, failed = 0, added = 0, known = 0, folders = 0, bar = 0, rc;

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
		case 'f':
			if (!(o.valid_from = check_date(cli, "--valid-from", optarg)))
				return 2;
			break;
		case 'u':
			if (!(o.valid_until = check_date(cli, "--valid-until", optarg)))
				return 2;
			break;
		default:
			return cli_usage_error(cli, _("unknown option"));
		}
	}
	if (optind >= argc)
		return cli_usage_error(cli, _("name at least one audio file or folder to add"));
	if (o.topic && (rc = cli_topic(cli, "--topic", o.topic, topic)) != 0)
		return rc;
	if (o.topic)
		o.topic = topic;
	if (o.valid_from && o.valid_until && *o.valid_from && *o.valid_until &&
	    strcmp(o.valid_from, o.valid_until) > 0)
		return cli_usage_error(cli, _("--valid-until (%s) is before --valid-from (%s)"),
		                       o.valid_until, o.valid_from);
	for (int i = optind; i < argc; i++) {
		int found;
		if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			folders++;
			if (pathlist_add_dir(&files, argv[i], &found) != 0) {
				failed++;
				continue;
			}
			if (found == 0) {
				error(_("no audio files (.wav .flac .ogg .oga .opus .mp3) in folder '%s'"),
				      argv[i]);
				hint(_("name the audio files themselves, or the folder that holds them"));
				failed++;
			}
		} else if (pathlist_add(&files, NULL, argv[i]) != 0) {
			pathlist_free(&files);
			return 1;
		}
	}
	if (o.title && (files.n > 1 || folders))
		return pathlist_free(&files),
		       cli_usage_error(cli, _("--title names one clip; give exactly one file with it"));
	for (int i = 0; i < files.n; i++) {
		int64_t id = 0;
		struct clip cl;
		/* The bar shows while a file is measured; it is wiped before
		 * anything is printed, so messages start on a clean line. */
		if (bar)
			fputs("\r\033[K", stderr);
		rc = clip_import(cli->store, files.v[i], &o, &id);
		if (rc < 0) {
			failed++;
		} else if (rc == 1) {
			known++;
			printf(_("'%s' is already in the library as clip %" PRId64 "\n"), files.v[i], id);
		} else if (rc == 2) {
			known++;
			printf(_("restored the library copy of clip %" PRId64 " from '%s'\n"), id,
			       files.v[i]);
		} else if (clip_get(cli->store, id, &cl) == 0) {
			added++;
			if (isfinite(cl.loudness_lufs))
				printf(_("added clip %" PRId64
				         ": '%s' (%.3f s, %s, %.1f LUFS, gain %+.1f dB)\n"),
				       id, cl.title, cl.duration_s, cl.format, cl.loudness_lufs, cl.gain_db);
			else
				printf(_("added clip %" PRId64 ": '%s' (%.3f s, %s, silent)\n"), id, cl.title,
				       cl.duration_s, cl.format);
		}
		fflush(stdout);
		if (files.n > 1)
			cli_progress(files.v[i], i + 1, files.n);
		bar = files.n > 1 && i + 1 < files.n && isatty(STDERR_FILENO);
	}
	if (files.n > 1) {
		printf(_("%d added, %d already in the library, %d failed\n"), added, known, failed);
	}
	pathlist_free(&files);
	if (failed && files.n > 1)
		hint(_("the files named above were not added; the others were"));
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
