/*
 * play_file — plays audio files as one airing through player.h, for the
 * audio tests and the bench (the real player and sinks, no station needed).
 *
 *   play_file [-o OUTPUT] [-a WALL_MS | -i SECONDS] [-g DB] [-s STOP_S]
 *             [-f FADE_MS] FILE...
 *
 * -o the output (player_new's spec), -a the start instant (UTC ms) or -i
 * seconds from now, -g gain in dB for every file, -s raise the stop flag
 * after STOP_S seconds of playing and fade out over FADE_MS. Prints
 * "key=value" lines: scheduled_ms, started_ms, played_s, status, error.
 * Exit 0 when the airing played (or was stopped as asked), 1 on failure.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/clock.h"
#include "loa/log.h"
#include "loa/player.h"

int
main(int argc, char **argv)
{
	const char *output = "";
	double in_s = -1, stop_s = -1, gain = 0;
	int64_t at = 0;
	int fade = PLAYER_FADE_MS, opt, n, rc = 0;
	static volatile sig_atomic_t stop;
	struct player_item *items;
	struct player *p;
	enum player_status st;
	const char *names[] = {"done", "running", "stopped", "failed"};

	log_init(getenv("PLAY_FILE_DEBUG") ? LOG_LEVEL_DEBUG : LOG_LEVEL_INFO, 0);
	while ((opt = getopt(argc, argv, "o:a:i:g:s:f:")) != -1) {
		switch (opt) {
		case 'o':
			output = optarg;
			break;
		case 'a':
			at = strtoll(optarg, NULL, 10);
			break;
		case 'i':
			in_s = strtod(optarg, NULL);
			break;
		case 'g':
			gain = strtod(optarg, NULL);
			break;
		case 's':
			stop_s = strtod(optarg, NULL);
			break;
		case 'f':
			fade = atoi(optarg);
			break;
		default:
			fprintf(stderr,
			        "usage: play_file [-o OUT] [-a MS|-i S] [-g DB] [-s S] [-f MS] FILE...\n");
			return 2;
		}
	}
	n = argc - optind;
	if (n < 1)
		return 2;
	items = calloc((size_t)n, sizeof *items);
	for (int i = 0; i < n; i++) {
		items[i].path = argv[optind + i];
		items[i].gain_db = gain;
		items[i].clip_id = i + 1;
	}
	if (in_s >= 0)
		at = clock_wall_ms() + (int64_t)(in_s * 1000);
	p = player_new(output);
	printf("scheduled_ms=%lld\n", (long long)at);
	if (player_prepare(p, items, n, at) != 0) {
		printf("status=failed\nerror=%s\nreason=%s\n", player_error(p),
		       reason_code(player_error_reason(p)));
		player_free(p);
		free(items);
		return 1;
	}
	printf("device=%s\n", player_device(p));
	fflush(stdout);
	for (;;) {
		int64_t until = clock_wall_ms() + (stop_s >= 0 ? 20 : 2000);
		if (player_untimed(p) && stop_s < 0)
			until = INT64_MAX; /* render it all at once */
		st = player_run(p, until, &stop);
		if (st == PLAYER_RUNNING || (st == PLAYER_STOPPED && !stop)) {
			if (stop_s >= 0 && player_played_s(p) >= stop_s)
				stop = 1;
			continue;
		}
		break;
	}
	if (st == PLAYER_STOPPED)
		player_stop(p, fade);
	printf("started_ms=%lld\nplayed_s=%.6f\nstatus=%s\nerror=%s\n", (long long)player_started_ms(p),
	       player_played_s(p), names[st], player_error(p));
	for (int i = 0; i < n; i++) {
		static const char *const states[] = {"pending", "playing", "done"};
		struct player_item_status is;
		if (player_item(p, i, &is) == 0)
			printf("item%d=%s %s %.6f %.6f\n", i + 1, states[is.state],
			       is.why == REASON_NONE ? "-" : reason_code(is.why), is.start_s, is.played_s);
	}
	if (st == PLAYER_FAILED)
		rc = 1;
	player_free(p);
	free(items);
	return rc;
}
