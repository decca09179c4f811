/*
 * airlog_fill.c — writes airing log rows through airlog.h, as the daemon
 * does, for the tests and the bench.
 *
 *   airlog_fill DB script           reads commands from stdin, one per line,
 *                                   fields separated by TABs ("" = NULL),
 *                                   each committed on its own:
 *     begin SCHED STARTED LATE_MS SLOT TIER CLIP PLAYLIST TITLE TOPIC SHA DEVICE [REQUESTED_BY]
 *                                   -> prints "row ID"
 *     progress ROW PLAYED_S [POSITION ITEM_PLAYED_S]
 *     end ROW STATUS ENDED PLAYED_S REASON [CODE]
 *     record STATUS REASON SCHED SLOT TIER CLIP PLAYLIST TITLE TOPIC SHA DEVICE [CODE]
 *     item ROW POSITION CLIP TITLE TOPIC SHA STARTED      (an item starts playing)
 *     itemend ROW POSITION STATUS PLAYED_S [REASON [CODE]]
 *     itemrec ROW POSITION CLIP TITLE TOPIC SHA STATUS REASON [CODE]
 *                                   (an item that did not play: skipped or failed)
 *   A REASON without a CODE gets the code loa used to write it with
 *   (reason_from_text), as rows of an older loa have.
 *     recover NOW                   -> prints "recovered N"
 *     hang                          prints "hanging" and sleeps (to be killed)
 *   Instants are ISO 8601 (with Z or an offset, or civil in the station's zone).
 *
 *   airlog_fill DB generate N FROM STEP_S [SEED [ITEMS]]
 *                                   N airings from FROM every STEP_S seconds in
 *                                   batches of 20,000: a deterministic mix of
 *                                   statuses, 200 clips, 8 topics (the bench).
 *                                   With ITEMS > 1 each airing is a programme
 *                                   of ITEMS item rows: a jingle, then clips.
 *
 * Exit 0 when every command succeeded, 1 otherwise.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/airlog.h"
#include "loa/log.h"
#include "loa/store.h"
#include "loa/timeutil.h"

static const char *zone;

static int
split(char *line, char **f, int max)
{
	int n = 0;

	line[strcspn(line, "\r\n")] = 0;
	f[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == '\t') {
			*p = 0;
			f[n++] = p + 1;
		}
	for (int i = n; i < max; i++)
		f[i] = "";
	return n;
}

static const char *
opt(const char *s)
{
	return *s ? s : NULL;
}

static int64_t
instant(const char *s)
{
	int64_t ms;

	if (!*s)
		return AIRLOG_NONE;
	if (time_parse_instant(s, zone, &ms) != 0) {
		fprintf(stderr, "airlog_fill: bad instant '%s'\n", s);
		exit(1);
	}
	return ms;
}

static void
airing_from(struct airlog_airing *a, char **f)
{
	/* SCHED SLOT TIER CLIP PLAYLIST TITLE TOPIC SHA DEVICE */
	memset(a, 0, sizeof *a);
	a->scheduled_ms = instant(f[0]);
	a->slot_id = strtoll(f[1], NULL, 10);
	a->tier = opt(f[2]);
	a->clip_id = strtoll(f[3], NULL, 10);
	a->playlist = opt(f[4]);
	a->title = opt(f[5]);
	a->topic = opt(f[6]);
	a->sha256 = opt(f[7]);
	a->device = opt(f[8]);
	a->requested_by = NULL;
}

/* The reason of a REASON column and an optional CODE column. */
static enum reason
why_of(const char *text, const char *code)
{
	enum reason why;

	if (*code && reason_parse(code, &why) == 0)
		return why;
	if (*code) {
		fprintf(stderr, "airlog_fill: bad reason code '%s'\n", code);
		exit(1);
	}
	return reason_from_text(text);
}

static int
status_of(const char *name, enum airlog_status *st)
{
	if (airlog_status_parse(name, st) == 0)
		return 0;
	fprintf(stderr, "airlog_fill: bad status '%s'\n", name);
	return -1;
}

static int
script(struct store *s)
{
	char line[4096], *f[16];
	struct airlog_airing a;
	enum airlog_status st;
	int64_t id;
	int rc = 0, n;

	while (fgets(line, sizeof line, stdin)) {
		split(line, f, 16);
		if (strcmp(f[0], "begin") == 0) {
			/* begin SCHED STARTED LATE SLOT TIER CLIP PLAYLIST TITLE TOPIC SHA DEVICE
			 * [REQUESTED_BY [APPROVED_BY]] */
			char *af[9] = {f[1], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11]};
			airing_from(&a, af);
			a.requested_by = opt(f[12]);
			a.approved_by = opt(f[13]);
			id = airlog_begin(s, &a, instant(f[2]), strtoll(f[3], NULL, 10));
			if (id < 0)
				return 1;
			printf("row %" PRId64 "\n", id);
		} else if (strcmp(f[0], "progress") == 0) {
			if (airlog_progress(s, strtoll(f[1], NULL, 10), strtod(f[2], NULL), atoi(f[3]),
			                    strtod(f[4], NULL)) != 0)
				return 1;
			printf("ok\n");
		} else if (strcmp(f[0], "end") == 0) {
			if (status_of(f[2], &st) != 0 ||
			    airlog_end(s, strtoll(f[1], NULL, 10), st, instant(f[3]), strtod(f[4], NULL),
			               why_of(f[5], f[6]), opt(f[5])) != 0)
				return 1;
			printf("ok\n");
		} else if (strcmp(f[0], "record") == 0) {
			airing_from(&a, f + 3);
			if (status_of(f[1], &st) != 0 ||
			    airlog_record(s, &a, st, why_of(f[2], f[12]), opt(f[2])) != 0)
				return 1;
			printf("ok\n");
		} else if (strcmp(f[0], "item") == 0 || strcmp(f[0], "itemrec") == 0) {
			/* ROW POSITION CLIP TITLE TOPIC SHA (STARTED | STATUS REASON [CODE]) */
			struct airlog_clip c = {strtoll(f[3], NULL, 10), opt(f[4]), opt(f[5]), opt(f[6])};
			if (f[0][4] == 0 ? airlog_item_begin(s, strtoll(f[1], NULL, 10), atoi(f[2]), &c,
			                                     instant(f[7])) != 0
			                 : status_of(f[7], &st) != 0 ||
			                       airlog_item_record(s, strtoll(f[1], NULL, 10), atoi(f[2]), &c,
			                                          st, why_of(f[8], f[9]), opt(f[8])) != 0)
				return 1;
			printf("ok\n");
		} else if (strcmp(f[0], "itemend") == 0) {
			if (status_of(f[3], &st) != 0 ||
			    airlog_item_end(s, strtoll(f[1], NULL, 10), atoi(f[2]), st, strtod(f[4], NULL),
			                    why_of(f[5], f[6]), opt(f[5])) != 0)
				return 1;
			printf("ok\n");
		} else if (strcmp(f[0], "recover") == 0) {
			if ((n = airlog_recover(s, instant(f[1]))) < 0)
				return 1;
			printf("recovered %d\n", n);
		} else if (strcmp(f[0], "hang") == 0) {
			printf("hanging\n");
			fflush(stdout);
			for (;;)
				pause();
		} else if (*f[0]) {
			fprintf(stderr, "airlog_fill: unknown command '%s'\n", f[0]);
			return 1;
		}
		fflush(stdout);
	}
	return rc;
}

static uint64_t rng_state;

static uint32_t
rng(void)
{
	/* splitmix64: deterministic for a seed, fast. */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t)((z ^ (z >> 31)) >> 32);
}

static int
generate(struct store *s, long n, int64_t from_ms, int64_t step_ms, uint64_t seed, int items)
{
	static const char *const topics[] = {
	    "Cải cách hành chính",   "Dịch vụ công trực tuyến",
	    "Chuyển đổi số",         "An ninh trật tự",
	    "Phòng chống thiên tai", "Y tế",
	    "Nông nghiệp",           "Giáo dục",
	};
	char title[128], sha[65], reason[64], ititle[8][128], isha[8][65];
	struct airlog_airing a = {.tier = "normal", .device = "default"};
	struct airlog_clip ic[8];
	int64_t t = from_ms, id;
	uint32_t r, dur;
	int clip;

	rng_state = seed;
	if (store_begin(s) != 0)
		return 1;
	for (long i = 0; i < n; i++, t += step_ms) {
		/* Commit in batches: one huge transaction makes the WAL huge. */
		if (i && i % 20000 == 0 && (store_commit(s) != 0 || store_begin(s) != 0))
			goto fail;
		r = rng();
		clip = 1 + (int)(r % 200);
		dur = 60 + (r >> 8) % 540;
		snprintf(title, sizeof title, "Tin bài số %d: thủ tục hành chính", clip);
		snprintf(sha, sizeof sha, "%064x", clip);
		a.scheduled_ms = t;
		a.slot_id = 1 + clip % 20;
		a.clip_id = items > 1 ? 0 : clip;
		a.playlist = items > 1 ? "Buổi sáng" : NULL;
		a.title = items > 1 ? "Chương trình phát thanh buổi sáng" : title;
		a.topic = items > 1 ? NULL : topics[clip % 8];
		a.sha256 = items > 1 ? NULL : sha;
		for (int k = 0; k < items && k < 8; k++) {
			int c = k == 0 ? 201 : 1 + (clip + 37 * k) % 200;
			snprintf(ititle[k], sizeof ititle[k],
			         k == 0 ? "Nhạc hiệu" : "Tin bài số %d: thủ tục hành chính", c);
			snprintf(isha[k], sizeof isha[k], "%064x", c);
			ic[k] = (struct airlog_clip){c, ititle[k], k == 0 ? "chương trình" : topics[c % 8],
			                             isha[k]};
		}
		r = rng() % 100;
		if (r < 94) {
			int late = r >= 90, cut = r >= 92;
			int64_t start = t + (late ? 4000 : 0), at = start;
			if ((id = airlog_begin(s, &a, start, late ? 4000 : 0)) < 0)
				goto fail;
			for (int k = 0; k < items && k < 8; k++) {
				uint32_t len = k == 0 ? 15 : dur / (uint32_t)items;
				if (airlog_item_begin(s, id, k + 1, &ic[k], at) != 0)
					goto fail;
				if (cut && k == items / 2)
					break; /* the emergency cuts in here: airlog_end closes it */
				if (airlog_item_end(s, id, k + 1, AIRLOG_COMPLETED, len, REASON_NONE, NULL) !=
				    0)
					goto fail;
				at += len * 1000;
			}
			if (!cut) {
				if (airlog_end(s, id, AIRLOG_COMPLETED, t + dur * 1000, dur, REASON_NONE,
				               NULL) != 0)
					goto fail;
			} else if (airlog_end(s, id, AIRLOG_INTERRUPTED, t + dur * 500, dur / 2.0,
			                      REASON_INTERRUPTED_EMERGENCY, "emergency announcement") != 0) {
				goto fail;
			}
		} else {
			enum airlog_status st = r < 96   ? AIRLOG_FAILED
			                        : r < 98 ? AIRLOG_MISSED
			                                 : AIRLOG_SKIPPED;
			snprintf(reason, sizeof reason, "%s",
			         st == AIRLOG_FAILED   ? "no sound output device found"
			         : st == AIRLOG_MISSED ? "loa was not running at the time"
			                               : "blackout day");
			if (airlog_record(s, &a, st, reason_from_text(reason), reason) != 0)
				goto fail;
		}
	}
	return store_commit(s) == 0 ? 0 : 1;
fail:
	store_rollback(s);
	return 1;
}

int
main(int argc, char **argv)
{
	struct station st;
	struct store *s;
	int rc;

	if (argc < 3) {
		fprintf(
		    stderr,
		    "usage: airlog_fill DB script | airlog_fill DB generate N FROM STEP_S [SEED [ITEMS]]\n");
		return 2;
	}
	if (!(s = store_open(argv[1], 0)) || store_station_get(s, &st) != 0)
		return 1;
	zone = st.tz;
	if (strcmp(argv[2], "script") == 0) {
		rc = script(s);
	} else if (strcmp(argv[2], "generate") == 0 && argc >= 6) {
		rc = generate(s, strtol(argv[3], NULL, 10), instant(argv[4]),
		              strtoll(argv[5], NULL, 10) * 1000, argc > 6 ? strtoull(argv[6], NULL, 10) : 1,
		              argc > 7 ? atoi(argv[7]) : 1);
	} else {
		fprintf(stderr, "airlog_fill: unknown mode '%s'\n", argv[2]);
		rc = 2;
	}
	store_close(s);
	return rc;
}
