/*
 * cmd_playlist.c — loa playlist create|add|rm|list|show|import|export.
 *
 * A playlist is an ordered list of clips aired back to back as one airing.
 * Clips are named by their numbers; positions are 1-based, as the officer
 * counts. Every change reads and rewrites the playlist inside one
 * transaction, so two officers editing at once cannot interleave.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "loa/clip.h"
#include "loa/i18n.h"
#include "loa/topic.h"
#include "loa/log.h"
#include "loa/outfile.h"
#include "loa/utf8.h"
#include "loa/views.h"

/* A new playlist's name: one line of 1 to UTF8_NAME_MAX characters, not
 * starting with '-' (it would read as an option). 0, or 2 (printed). */
static int
check_name(struct cli *cli, const char *name)
{
	if (!*name || name[0] == '-')
		return cli_usage_error(cli, _("a playlist's name must not be empty or start with '-': '%s'"),
		                       name);
	return cli_check_line(cli, _("the playlist's name"), name, UTF8_NAME_MAX);
}

/* Parses a positive number (a clip id or a position). */
static int
parse_num(struct cli *cli, const char *what, const char *s, int64_t *out)
{
	char *end;

	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v <= 0)
		return cli_usage_error(cli, _("%s must be a whole number from 1: '%s'"), what, s);
	*out = v;
	return 0;
}

static int
no_playlist(const char *name)
{
	error(_("no playlist named '%s'"), name);
	hint(_("'loa playlist list' shows the playlists"));
	return 1;
}

/* Parses clip numbers argv[from..argc) into a new array. */
static int
parse_ids(struct cli *cli, int argc, char **argv, int from, int64_t **ids, int *n)
{
	*n = argc - from;
	*ids = calloc((size_t)(*n ? *n : 1), sizeof **ids);
	if (!*ids)
		return error(_("out of memory"));
	for (int i = 0; i < *n; i++)
		if (parse_num(cli, _("a clip number"), argv[from + i], &(*ids)[i]) != 0) {
			free(*ids);
			return -1;
		}
	return 0;
}

int
cmd_playlist_create(struct cli *cli, int argc, char **argv)
{
	int64_t *ids;
	int n, c;

	while ((c = getopt_long(argc, argv, "+", (const struct option[]){{0}}, NULL)) != -1)
		return cli_usage_error(cli, _("unknown option"));
	if (optind >= argc)
		return cli_usage_error(cli, _("name the playlist, then its clips by number"));
	if (check_name(cli, argv[optind]) != 0 || parse_ids(cli, argc, argv, optind + 1, &ids, &n) != 0)
		return 2;
	if (store_begin(cli->store) != 0 || playlist_create(cli->store, argv[optind], ids, n) != 0 ||
	    store_commit(cli->store) != 0) {
		store_rollback(cli->store);
		free(ids);
		return 1;
	}
	free(ids);
	/* The name as stored: blanks at the ends and doubled inside are dropped. */
	struct playlist p;
	if (playlist_find(cli->store, argv[optind], &p) == 0) {
		printf(_("created playlist '%s' with %d clips\n"), p.name, n);
		playlist_release(&p);
	} else {
		printf(_("created playlist '%s' with %d clips\n"), argv[optind], n);
	}
	return 0;
}

/* Loads playlist name's clip ids inside the open transaction. */
static int
load_ids(struct cli *cli, const char *name, int64_t **ids, int *n, int extra)
{
	struct playlist p;
	int rc = playlist_find(cli->store, name, &p);

	if (rc != 0)
		return rc > 0 ? no_playlist(name) : 1;
	*n = p.nclips;
	if (!(*ids = calloc((size_t)(p.nclips + extra + 1), sizeof **ids))) {
		playlist_release(&p);
		return error(_("out of memory")), 1;
	}
	for (int i = 0; i < p.nclips; i++)
		(*ids)[i] = p.clips[i].id;
	playlist_release(&p);
	return 0;
}

int
cmd_playlist_add(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"at", required_argument, NULL, 'a'},
	    {NULL, 0, NULL, 0},
	};
	int64_t at = 0, *add = NULL, *ids = NULL;
	int c, nadd, n, rc = 1;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'a')
			return cli_usage_error(cli, _("unknown option"));
		if (parse_num(cli, "--at", optarg, &at) != 0)
			return 2;
	}
	if (argc - optind < 2)
		return cli_usage_error(cli, _("name the playlist, then the clips to add by number"));
	const char *name = argv[optind];
	if (parse_ids(cli, argc, argv, optind + 1, &add, &nadd) != 0)
		return 2;
	if (store_begin(cli->store) != 0)
		goto out;
	if (load_ids(cli, name, &ids, &n, nadd) != 0)
		goto out;
	if (at == 0)
		at = n + 1;
	if (at > n + 1) {
		rc = cli_usage_error(cli, _("--at %" PRId64 " is past the end: playlist '%s' has %d clips"),
		                     at, name, n);
		goto out;
	}
	memmove(ids + at - 1 + nadd, ids + at - 1, (size_t)(n - (at - 1)) * sizeof *ids);
	memcpy(ids + at - 1, add, (size_t)nadd * sizeof *ids);
	if (playlist_set(cli->store, name, ids, n + nadd) != 0 || store_commit(cli->store) != 0)
		goto out;
	printf(_("playlist '%s' now has %d clips\n"), name, n + nadd);
	rc = 0;
out:
	store_rollback(cli->store);
	free(add);
	free(ids);
	return rc;
}

int
cmd_playlist_rm(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"clip", required_argument, NULL, 'c'},
	    {NULL, 0, NULL, 0},
	};
	int64_t clip = 0, pos = 0, *ids = NULL;
	int c, n, kept = 0, rc = 1;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'c')
			return cli_usage_error(cli, _("unknown option"));
		if (parse_num(cli, "--clip", optarg, &clip) != 0)
			return 2;
	}
	if (optind >= argc || argc - optind > 2)
		return cli_usage_error(cli, _("name the playlist, and optionally one position to remove"));
	const char *name = argv[optind];
	if (optind + 1 < argc && parse_num(cli, _("a position"), argv[optind + 1], &pos) != 0)
		return 2;
	if (pos && clip)
		return cli_usage_error(cli, _("give a position or --clip ID, not both"));
	if (store_begin(cli->store) != 0)
		goto out;
	if (!pos && !clip) {
		rc = playlist_delete(cli->store, name);
		if (rc == 0 && store_commit(cli->store) == 0) {
			printf(_("removed playlist '%s' (its clips stay in the library)\n"), name);
			goto out;
		}
		rc = rc > 0 ? no_playlist(name) : 1;
		goto out;
	}
	if (load_ids(cli, name, &ids, &n, 0) != 0)
		goto out;
	if (pos > n) {
		error(_("playlist '%s' has %d clips; there is no position %" PRId64), name, n, pos);
		hint(_("'loa playlist show %s' shows the positions"), name);
		goto out;
	}
	for (int i = 0; i < n; i++)
		if (pos ? i + 1 != pos : ids[i] != clip)
			ids[kept++] = ids[i];
	if (kept == n) {
		error(_("clip %" PRId64 " is not in playlist '%s'"), clip, name);
		goto out;
	}
	if (playlist_set(cli->store, name, ids, kept) != 0 || store_commit(cli->store) != 0)
		goto out;
	printf(_("playlist '%s' now has %d clips\n"), name, kept);
	rc = 0;
out:
	store_rollback(cli->store);
	free(ids);
	return rc;
}

static int
parse_format_only(struct cli *cli, int argc, char **argv, enum fmt_kind *kind, int nargs)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	*kind = fmt_default_kind(stdout);
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage_error(cli, _("unknown option"));
		if (cli_format(cli, optarg, kind) != 0)
			return 2;
	}
	if (argc - optind != nargs)
		return nargs ? cli_usage_error(cli, _("name one playlist"))
		             : cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
	return 0;
}

static int
list_row(const struct playlist *p, void *arg)
{
	struct view_cells c;

	view_playlist_cells(&c, p);
	return view_add(arg, c.v) == 0 ? 0 : -1;
}

int
cmd_playlist_list(struct cli *cli, int argc, char **argv)
{
	enum fmt_kind kind;
	struct view_listing l;
	int rc;

	if ((rc = parse_format_only(cli, argc, argv, &kind, 0)) != 0)
		return rc;
	if (view_open(&l, &view_playlist, stdout, kind, 0) != 0)
		return error(_("out of memory")), 1;
	rc = playlist_foreach(cli->store, list_row, &l);
	return view_close(&l) == 0 && rc == 0 ? 0 : 1;
}

int
cmd_playlist_show(struct cli *cli, int argc, char **argv)
{
	enum fmt_kind kind;
	struct playlist p;
	struct view_listing l;
	struct view_cells c;
	double start = 0;
	int rc;

	if ((rc = parse_format_only(cli, argc, argv, &kind, 1)) != 0)
		return rc;
	if ((rc = playlist_find(cli->store, argv[optind], &p)) != 0)
		return rc > 0 ? no_playlist(argv[optind]) : 1;
	if (view_open(&l, &view_playlist_item, stdout, kind, 0) != 0) {
		playlist_release(&p);
		return error(_("out of memory")), 1;
	}
	for (int i = 0; i < p.nclips; i++) {
		view_playlist_item_cells(&c, i + 1, &p.clips[i], start);
		start += p.clips[i].duration_s;
		view_add(&l, c.v);
	}
	playlist_release(&p);
	return view_close(&l) == 0 ? 0 : 1;
}

int
cmd_playlist_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"name", required_argument, NULL, 'n'},
	    {"topic", required_argument, NULL, 'T'},
	    {"allow-outside", no_argument, NULL, 'A'},
	    {NULL, 0, NULL, 0},
	};
	/* The files a playlist names stay in its folder unless the officer
	 * trusts it (--allow-outside): a playlist from someone's USB stick
	 * must not pull in, or probe for, files elsewhere on the PC. */
	struct clip_import_opts o = {
	    .target_lufs = cli->station.target_lufs, .progress = cli_progress, .confine = 1};
	const char *name = NULL;
	char topic[TOPIC_NAME_MAX];
	struct playlist p;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'n') {
			if (check_name(cli, optarg) != 0)
				return 2;
			name = optarg;
		} else if (c == 'T') {
			if (cli_check_line(cli, "--topic", optarg, UTF8_NAME_MAX) != 0)
				return 2;
			o.topic = optarg;
		} else if (c == 'A') {
			o.confine = 0;
		} else {
			return cli_usage_error(cli, _("unknown option"));
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, _("name one .m3u or .m3u8 playlist file"));
	if (o.topic && (rc = cli_topic(cli, "--topic", o.topic, topic)) != 0)
		return rc;
	if (o.topic)
		o.topic = topic;
	if (playlist_import_m3u(cli->store, argv[optind], name, &o, 0, &p) != 0)
		return 1;
	char secs[32];
	printf(_("imported playlist '%s': %d clips, %s s\n"), p.name, p.nclips,
	       i18n_format_decimal(p.duration_s, 3, secs, sizeof secs));
	playlist_release(&p);
	return 0;
}

int
cmd_playlist_export(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0},
	};
	const char *file = NULL;
	struct outfile of;
	FILE *out = stdout;
	int c, rc;

	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c != 'o')
			return cli_usage_error(cli, _("unknown option"));
		file = optarg;
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, _("name one playlist"));
	if (file) {
		/* Written beside the target and renamed, so a failure never
		 * leaves half a playlist where a good one was. */
		if (outfile_open(&of, file) != 0)
			return 1;
		out = of.f;
	}
	rc = playlist_export_m3u(cli->store, argv[optind], out);
	if (file) {
		if (rc != 0)
			outfile_abort(&of);
		else if (outfile_commit(&of) != 0)
			rc = -1;
	}
	if (rc > 0)
		return no_playlist(argv[optind]);
	return rc == 0 ? 0 : 1;
}
