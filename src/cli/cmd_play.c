/*
 * cmd_play.c — loa play and loa render: one airing (a clip, or a playlist
 * back to back) played now on a loudspeaker, or rendered to a file. Both
 * go through the player exactly as the daemon does, so what `loa render`
 * writes is what the loudspeaker gets (48 kHz stereo, gain applied).
 * `loa render --from --to` renders a stretch of the agenda (the same
 * expansion the daemon plays): silence, each airing at its planned
 * instant, silence between, to the end of the stretch. `loa play
 * --emergency` plays nothing itself: it asks the running daemon for an
 * emergency airing (emergency.h) and waits until it is on air.
 */
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_input.h"
#include "cli/cmds.h"
#include "loa/agenda.h"
#include "loa/clip.h"
#include "loa/clock.h"
#include "loa/decode.h"
#include "loa/emergency.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/outfile.h"
#include "loa/player.h"
#include "loa/reason.h"
#include "loa/timeutil.h"

static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* What one command plays: its items and how to name it. */
struct play_airing {
	struct player_item *items; /* the files in order */
	int n;                     /* how many */
	struct playlist pl;        /* the playlist (owns the clips' paths) */
	struct clip clip;          /* or the single clip */
	int is_playlist;           /* 1 for --playlist */
	char what[600];            /* "clip 12 \"Tin tức\"" or "playlist \"sáng\"" */
};

/* Looks up the clip or playlist the officer named. 0, or the exit status. */
static int
airing_load(struct cli *cli, const char *clip_arg, const char *playlist, struct play_airing *a)
{
	memset(a, 0, sizeof *a);
	if (playlist) {
		int r = playlist_find(cli->store, playlist, &a->pl);
		if (r < 0)
			return 1;
		if (r == 1) {
			error(_("no playlist named '%s'"), playlist);
			hint(_("'loa playlist list' shows the playlists"));
			return 1;
		}
		if (a->pl.nclips == 0) {
			error(_("playlist '%s' is empty"), playlist);
			hint(_("add clips to it with 'loa playlist add'"));
			playlist_release(&a->pl);
			return 1;
		}
		a->is_playlist = 1;
		a->n = a->pl.nclips;
		snprintf(a->what, sizeof a->what, _("playlist \"%s\""), a->pl.name);
	} else {
		char *end;
		long long id = strtoll(clip_arg, &end, 10);
		int r;
		if (*end || end == clip_arg || id < 1)
			return cli_usage_error(cli, _("a clip is given by its number: '%s'"), clip_arg);
		r = clip_get(cli->store, id, &a->clip);
		if (r < 0)
			return 1;
		if (r == 1) {
			error(_("no clip number %lld"), id);
			hint(_("'loa clip list' shows the clips and their numbers"));
			return 1;
		}
		a->n = 1;
		snprintf(a->what, sizeof a->what, _("clip %lld \"%s\""), id, a->clip.title);
	}
	if (!(a->items = calloc((size_t)a->n, sizeof *a->items))) {
		error(_("out of memory"));
		return 1;
	}
	for (int i = 0; i < a->n; i++) {
		const struct clip *c = a->is_playlist ? &a->pl.clips[i] : &a->clip;
		a->items[i].path = c->path;
		a->items[i].gain_db = c->gain_db;
		a->items[i].clip_id = c->id;
	}
	return 0;
}

static void
airing_free(struct play_airing *a)
{
	free(a->items);
	if (a->is_playlist)
		playlist_release(&a->pl);
}

static const char *range_from, *range_to; /* render --from/--to */
static int emergency;                     /* play --emergency */

/* Parses the options both commands share; returns -1 to go on, else the
 * exit status. */
static int
parse(struct cli *cli, int argc, char **argv, int render, const char **clip, const char **playlist,
      const char **target)
{
	static const struct option opts[] = {
	    {"playlist", required_argument, NULL, 'p'}, {"device", required_argument, NULL, 'd'},
	    {"clip", required_argument, NULL, 'c'},     {"output", required_argument, NULL, 'o'},
	    {"from", required_argument, NULL, 'F'},     {"to", required_argument, NULL, 'T'},
	    {"emergency", no_argument, NULL, 'E'},      {NULL, 0, NULL, 0},
	};
	int c;

	while ((c = getopt_long(argc, argv, render ? "o:" : "", opts, NULL)) != -1) {
		if (c == 'p')
			*playlist = optarg;
		else if (c == 'd' && !render)
			*target = optarg;
		else if (c == 'c' && render)
			*clip = optarg;
		else if (c == 'o' && render)
			*target = optarg;
		else if (c == 'F' && render)
			range_from = optarg;
		else if (c == 'T' && render)
			range_to = optarg;
		else if (c == 'E' && !render)
			emergency = 1;
		else
			return cli_usage_error(cli, _("unknown option"));
	}
	if (!render && optind < argc)
		*clip = argv[optind++];
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
	if (render && (range_from || range_to)) {
		if (!range_from || !range_to || *clip || *playlist)
			return cli_usage_error(cli, "%s",
			                       _("give both --from and --to (and no --clip or --playlist)"));
	} else if (!*clip == !*playlist)
		return cli_usage_error(cli, "%s",
		                       render ? _("give one of --clip ID or --playlist NAME")
		                              : _("give a clip number or --playlist NAME"));
	if (render && !*target)
		return cli_usage_error(cli, "%s", _("give the file to write with -o FILE"));
	if (emergency && *target)
		return cli_usage_error(
		    cli, "%s", _("--emergency plays on the broadcast program's device: leave out --device"));
	return -1;
}

/* Says which clips of a playlist were left out (a missing or damaged
 * file, a clip outside its dates), as the daemon would leave them out.
 * Returns how many failed (the skipped ones are planned). */
static int
left_out(const struct player *p, const struct play_airing *a)
{
	struct player_item_status is;
	int failed = 0, vi = strcmp(i18n_language(), "vi") == 0;

	for (int i = 0; i < a->n; i++) {
		if (player_item(p, i, &is) != 0 || is.why == REASON_NONE)
			continue;
		warning(_("clip %lld of %s was left out: %s"), (long long)a->items[i].clip_id, a->what,
		        reason_words(is.why, vi));
		failed += !reason_planned(is.why);
	}
	if (failed)
		hint(_("add the clip's file again with 'loa clip add FILE' (the same file puts its library "
		       "copy back)"));
	return failed;
}

/* What to do when an airing could not start: about its clips when they
 * are what failed, else output_hint (the output's). */
static void
hint_not_started(const struct player *p, const char *output_hint)
{
	enum reason why = player_error_reason(p);

	if (why == REASON_CLIP_MISSING || why == REASON_CLIP_CORRUPT)
		hint(_("add the clip's file again with 'loa clip add FILE' (the same file puts its library "
		       "copy back)"));
	else if (reason_planned(why))
		hint(_(
		    "change the clip's dates with 'loa clip edit ID --valid-from DATE --valid-until DATE'"));
	else
		hint("%s", output_hint);
}

/* How long `loa play --emergency` waits for the daemon to start it. */
#define EMERGENCY_WAIT_MS 5000

/*
 * loa play --emergency: written for the daemon (through a read-write
 * connection of its own: plain `loa play` only reads the station), then
 * watched in the airing log until it starts. 0 once on air, 1 otherwise.
 */
static int
play_emergency(struct cli *cli, const char *clip, const char *playlist)
{
	char who[256], when[40], secs[32], *end;
	enum airlog_status st = AIRLOG_PLAYING;
	int64_t id = 0, started = AIRLOG_NONE;
	struct emergency e;
	struct store *s;
	int r = 0;

	if (clip) {
		id = strtoll(clip, &end, 10);
		if (*end || end == clip || id < 1)
			return cli_usage_error(cli, _("a clip is given by its number: '%s'"), clip);
	}
	if (!(s = store_open(cli->db_path, 0)))
		return 1;
	if (emergency_now(s, &cli->station, id, playlist, cli_os_user(who, sizeof who), "local",
	                  clock_wall_ms(), &e) != EMERGENCY_OK) {
		store_close(s);
		return 1;
	}
	/* The core said what was sent (an info line). The daemon starts it within a second; a poll here costs
	 * the daemon nothing (a reader never blocks it). */
	for (int64_t waited = 0; waited < EMERGENCY_WAIT_MS; waited += 50) {
		if ((r = emergency_state(s, &e, &st, &started)) != 0)
			break;
		usleep(50000);
	}
	store_close(s);
	if (r < 0)
		return 1;
	if (r == 0) {
		warning(_("the broadcast program has not started '%s' after %d s"), e.title,
		        EMERGENCY_WAIT_MS / 1000);
		hint(_("see what it is doing with 'loa status'; an emergency it cannot start within %d s is "
		       "not "
		       "played later"),
		     EMERGENCY_WINDOW_MS / 1000);
		return 1;
	}
	if (started == AIRLOG_NONE) {
		error(_("the broadcast program could not play '%s' (%s)"), e.title, airlog_status_name(st));
		hint(_("see why with 'loa log --status failed,missed' and 'loa status'"));
		return 1;
	}
	i18n_format_when(started, cli->station.tz, when, sizeof when);
	printf(_("on air since %s, %s s after the request\n"), when,
	       i18n_format_decimal((double)(started - e.requested_ms) / 1000, 2, secs, sizeof secs));
	return cli_check_stdout();
}

int
cmd_play(struct cli *cli, int argc, char **argv)
{
	const char *clip = NULL, *playlist = NULL, *device = NULL;
	struct play_airing a;
	struct player *p;
	enum player_status st;
	char when[40], secs[32];
	int rc;

	emergency = 0;
	if ((rc = parse(cli, argc, argv, 0, &clip, &playlist, &device)) >= 0)
		return rc;
	if (emergency)
		return play_emergency(cli, clip, playlist);
	if ((rc = airing_load(cli, clip, playlist, &a)) != 0)
		return rc;
	if (!(p = player_new(device))) {
		airing_free(&a);
		return error(_("out of memory")), 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (player_prepare(p, a.items, a.n, clock_wall_ms()) != 0) {
		error(_("cannot play %s: %s"), a.what, player_error(p));
		hint_not_started(
		    p, _("run 'loa devices' to see the sound outputs, then choose one with --device"));
		player_free(p);
		airing_free(&a);
		return 1;
	}
	fprintf(stderr, _("playing %s on '%s' (Ctrl-C fades it out)\n"), a.what, player_device(p));
	do
		st = player_run(p, clock_wall_ms() + 1000, &interrupted);
	while (st == PLAYER_RUNNING);
	if (st == PLAYER_STOPPED)
		player_stop(p, PLAYER_FADE_MS);
	rc = 0;
	if (st == PLAYER_FAILED) {
		error(_("playing %s failed after %s s: %s"), a.what,
		      i18n_format_decimal(player_played_s(p), 1, secs, sizeof secs), player_error(p));
		hint(_("check the sound output ('loa devices') and play it again"));
		rc = 1;
	} else {
		i18n_format_when(player_started_ms(p), cli->station.tz, when, sizeof when);
		printf(_("%s %s: %s s on '%s', from %s\n"), st == PLAYER_DONE ? _("played") : _("stopped"),
		       a.what, i18n_format_decimal(player_played_s(p), 3, secs, sizeof secs),
		       player_device(p), when);
		rc = cli_check_stdout();
		if (left_out(p, &a))
			rc = 1;
	}
	player_free(p);
	airing_free(&a);
	return rc;
}

#define RENDER_RATE   48000
#define RENDER_MAX_MS (31LL * 24 * 3600 * 1000)

/* Appends frames frames of silence to e. 0 or -1. */
static int
write_silence(struct encoder *e, int64_t frames)
{
	static const float zero[2 * 4800];

	while (frames > 0) {
		int64_t n = frames < 4800 ? frames : 4800;
		if (encoder_write(e, zero, n) != 0)
			return -1;
		frames -= n;
	}
	return 0;
}

/* Renders one airing through the player into tmp, then appends tmp to e.
 * Returns the frames appended, or -1 (the reason printed). */
static int64_t
render_airing(const struct airing *a, const char *tmp, struct encoder *e)
{
	struct player_item *items = calloc((size_t)a->nitems, sizeof *items);
	char output[4300];
	struct player *p;
	struct decoder *d;
	struct decode_info info;
	float buf[2 * 4096];
	int64_t n, total = 0;
	int ok;

	if (!items)
		return error(_("out of memory"));
	for (int i = 0; i < a->nitems; i++) {
		items[i].path = a->items[i].path;
		items[i].gain_db = a->items[i].gain_db;
		items[i].clip_id = a->items[i].clip_id;
		items[i].skip = a->items[i].skip; /* as the daemon plays it */
	}
	snprintf(output, sizeof output, "file:%s", tmp);
	p = player_new(output);
	ok = p && player_prepare(p, items, a->nitems, a->planned_ms) == 0 &&
	     player_run(p, INT64_MAX, NULL) == PLAYER_DONE;
	if (!ok)
		warning(_("the airing of '%s' could not be rendered: %s"), a->title,
		        p ? player_error(p) : "");
	player_free(p);
	free(items);
	if (!ok)
		return 0; /* its time stays silent, as it would on air */
	if (!(d = decoder_open(tmp, &info)))
		return -1;
	while ((n = decoder_read(d, buf, 4096)) > 0) {
		if (encoder_write(e, buf, n) != 0) {
			decoder_close(d);
			return -1;
		}
		total += n;
	}
	decoder_close(d);
	return n < 0 ? -1 : total;
}

static int
render_agenda(struct cli *cli, const char *file)
{
	int64_t from, to, cursor = 0, end;
	struct agenda ag = {0};
	struct encoder *e;
	struct outfile of;
	char tmp[PATH_MAX];
	int aired = 0, rc = 0, fd;

	if (cli_instant(cli, "--from", range_from, 0, &from, NULL) != 0 ||
	    cli_instant(cli, "--to", range_to, 0, &to, NULL) != 0)
		return 2;
	if (to <= from || to - from > RENDER_MAX_MS)
		return cli_usage_error(cli, "%s", _("--to must be after --from, and at most 31 days later"));
	if (!encoder_supported(file)) {
		error(_("cannot write audio file '%s': name it .wav, .flac or .mp3"), file);
		return 1;
	}
	if (agenda_build(cli->store, from, to, &ag) != 0)
		return 1;
	/* Each airing is played into a private temporary, then appended. */
	if ((fd = outfile_temp(tmp, sizeof tmp, "airing.wav", 0)) < 0) {
		agenda_free(&ag);
		return 1;
	}
	close(fd);
	if (outfile_open_name(&of, file) != 0 || !(e = encoder_open(of.tmp, RENDER_RATE, 2))) {
		outfile_abort(&of);
		remove(tmp);
		agenda_free(&ag);
		return 1;
	}
	for (size_t i = 0; i < ag.n && rc == 0; i++) {
		const struct airing *a = &ag.v[i];
		int64_t at, got;
		if (a->status == AIRING_SKIPPED || a->nitems == 0)
			continue;
		/* Silence up to its planned instant; an airing that a long one
		 * before it pushed back starts right after it, as on air. */
		at = (a->planned_ms - from) * RENDER_RATE / 1000;
		if (at > cursor && write_silence(e, at - cursor) != 0)
			rc = 1;
		if (at > cursor)
			cursor = at;
		if (rc == 0 && (got = render_airing(a, tmp, e)) < 0)
			rc = 1;
		else if (rc == 0)
			cursor += got, aired += got > 0;
	}
	remove(tmp);
	end = (to - from) * RENDER_RATE / 1000;
	if (rc == 0 && end > cursor && write_silence(e, end - cursor) != 0)
		rc = 1;
	if (rc == 0 && end > cursor)
		cursor = end;
	if (encoder_close(e) != 0)
		rc = 1;
	if (rc != 0)
		outfile_abort(&of);
	else if (outfile_commit(&of) != 0)
		rc = 1;
	agenda_free(&ag);
	if (rc != 0) {
		hint(_("check that the disk has room and that the clips are in the library"));
		return 1;
	}
	char secs[32];
	printf(_("rendered %d airings, %s s, from %s to %s into '%s'\n"), aired,
	       i18n_format_decimal((double)cursor / RENDER_RATE, 3, secs, sizeof secs), range_from, range_to,
	       file);
	return cli_check_stdout();
}

int
cmd_render(struct cli *cli, int argc, char **argv)
{
	const char *clip = NULL, *playlist = NULL, *file = NULL;
	char output[PATH_MAX + 8];
	struct outfile of;
	struct play_airing a;
	struct player *p;
	enum player_status st;
	char what[600], secs[32];
	double played;
	int rc, left;

	range_from = range_to = NULL;
	if ((rc = parse(cli, argc, argv, 1, &clip, &playlist, &file)) >= 0)
		return rc;
	if (range_from)
		return render_agenda(cli, file);
	if ((rc = airing_load(cli, clip, playlist, &a)) != 0)
		return rc;
	if (!encoder_supported(file)) {
		airing_free(&a);
		error(_("cannot write audio file '%s': name it .wav, .flac or .mp3"), file);
		return 1;
	}
	snprintf(what, sizeof what, "%s", a.what);
	/* Rendered into a temporary beside the file, put in place when whole. */
	if (outfile_open_name(&of, file) != 0) {
		airing_free(&a);
		return 1;
	}
	snprintf(output, sizeof output, "file:%s", of.tmp);
	if (!(p = player_new(output))) {
		outfile_abort(&of);
		airing_free(&a);
		return error(_("out of memory")), 1;
	}
	if (player_prepare(p, a.items, a.n, clock_wall_ms()) != 0 ||
	    (st = player_run(p, INT64_MAX, NULL)) != PLAYER_DONE) {
		error(_("cannot render %s: %s"), a.what, player_error(p));
		hint_not_started(p,
		                 _("check the file name (.wav, .flac or .mp3) and that its folder exists"));
		outfile_abort(&of);
		player_free(p);
		airing_free(&a);
		return 1;
	}
	played = player_played_s(p);
	left = left_out(p, &a);
	player_free(p); /* closes the file */
	airing_free(&a);
	if (outfile_commit(&of) != 0)
		return 1;
	printf(_("rendered %s: %s s to '%s'\n"), what, i18n_format_decimal(played, 3, secs, sizeof secs),
	       file);
	rc = cli_check_stdout();
	if (left)
		rc = 1;
	return rc;
}
