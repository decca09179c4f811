/*
 * link_status.c — what the station says of itself to the hub (retained on
 * loa/<station>/status): whether it is online, its loa version, whether
 * the broadcast program runs and its sound device worked at its last try,
 * how much of the airing log there is and how much the hub holds, the last
 * airing's outcome, and the disk's free space.
 *
 * Key decision: all of it is read from what the station already keeps —
 * the daemon's state row, its lock, the airing log's head, the link's
 * mark — so the status costs the daemon nothing, and the link reads it
 * only when the database changed. A heartbeat alone is not a change: the
 * daemon writes one every minute, and the status would follow it.
 *
 * The station's name, zone, topic list and the report's topic travel
 * with it too: the hub's report (loa-hub report) counts the station's
 * rows with the station's own tally, which needs to know which topics
 * are one (aliases), which are programme furniture and which is CCHC —
 * things only the station's database knows. A few hundred bytes a
 * minute at most, and only when something changed.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include "link/link_status.h"
#include "loa/airlog.h"
#include "loa/clock.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/link_mark.h"
#include "loa/log.h"
#include "loa/playout.h"
#include "loa/store.h"
#include "loa/topic.h"

/* The last closed row's status and instant, for the message. */
struct last_row {
	char status[16];
	int64_t scheduled_ms;
	int found;
};

static int
take_last(void *ctx, const struct airlog_row *r)
{
	struct last_row *x = ctx;
	const char *st = airlog_status_name(r->status);

	snprintf(x->status, sizeof x->status, "%s", st ? st : "?");
	x->scheduled_ms = r->scheduled_ms;
	x->found = 1;
	return 1;
}

/* ,"name":...,"tz":...,"report_topic":...,"topics":[...] into f: the
 * station's own words for the hub's report. 0 or -1 (printed). */
static int
station_words(struct store *s, const char *report_topic, FILE *f)
{
	struct station st;
	struct topic *t = NULL;
	size_t nt = 0;

	if (store_station_get(s, &st) != 0 || topic_list(s, &t, &nt) != 0)
		return -1;
	fputs(",\"name\":", f);
	fmt_json_string(f, st.name);
	fputs(",\"tz\":", f);
	fmt_json_string(f, st.tz);
	fputs(",\"report_topic\":", f);
	fmt_json_string(f, report_topic && *report_topic ? report_topic : TOPIC_CCHC);
	fputs(",\"topics\":[", f);
	for (size_t i = 0; i < nt; i++) {
		fputs(i ? ",{\"name\":" : "{\"name\":", f);
		fmt_json_string(f, t[i].name);
		fputs(",\"aliases\":", f);
		fmt_json_string(f, t[i].aliases);
		fprintf(f, ",\"furniture\":%s}", t[i].furniture ? "true" : "false");
	}
	fputc(']', f);
	free(t);
	return 0;
}

/* FNV-1a of text, for the signature: the words change rarely and are long. */
static uint64_t
words_sum(const char *text)
{
	uint64_t h = 14695981039346656037ULL;

	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return h;
}

int
link_status_text(struct store *s, const char *db_path, const char *report_topic, char *buf, size_t n,
                 char *sig, size_t nsig)
{
	char *words = NULL;
	size_t nwords = 0;
	FILE *wf;
	int k;

	struct daemon_state d;
	struct link_mark m;
	struct last_row last = {.found = 0};
	struct statvfs fs;
	int64_t pid = 0, now = clock_wall_ms(), free_mb = -1;
	int running;

	if (store_daemon_state_get(s, &d) < 0 || link_mark_get(s, &m) != 0)
		return -1;
	if (m.head_seq > 0) {
		struct airlog_filter f = {
		    .from_ms = AIRLOG_NONE, .to_ms = AIRLOG_NONE, .by_seq = 1, .seq_from = m.head_seq};
		if (airlog_each(s, &f, take_last, &last) < 0)
			return -1;
	}
	running = playout_running(db_path, &pid) == 1;
	if (statvfs(db_path, &fs) == 0)
		free_mb = (int64_t)((unsigned long long)fs.f_bavail * fs.f_frsize / (1024 * 1024));
	/* Text values here are loa's own codes and versions; the device's
	 * name is the one free text, so it is left out (the hub needs whether
	 * it works, not what it is called). */
	if (!(wf = open_memstream(&words, &nwords)))
		return -1;
	if (station_words(s, report_topic, wf) != 0) {
		fclose(wf);
		free(words);
		return -1;
	}
	fclose(wf);
	snprintf(sig, nsig, "%d|%d|%s|%" PRId64 "|%" PRId64 "|%" PRId64 "|%s|%016" PRIx64, running,
	         d.device_ok, d.reason_code, m.head_seq, m.seq, free_mb / 1024, last.status,
	         words_sum(words));
	char last_status[24] = "null", last_ms[24] = "null";

	if (last.found) {
		snprintf(last_status, sizeof last_status, "\"%s\"", last.status);
		snprintf(last_ms, sizeof last_ms, "%" PRId64, last.scheduled_ms);
	}
	k = snprintf(buf, n,
	             "{\"online\":true,\"version\":\"%s\",\"at_ms\":%" PRId64 ",\"daemon\":{\"running\":%s,"
	             "\"device_ok\":%s,\"reason_code\":\"%s\",\"heartbeat_ms\":%" PRId64 "},"
	             "\"log\":{\"rows\":%" PRId64 ",\"acknowledged\":%" PRId64 ",\"last_status\":%s,"
	             "\"last_scheduled_ms\":%s},\"disk_free_mb\":%" PRId64 "%s}",
	             LOA_VERSION, now, running ? "true" : "false",
	             d.device_ok < 0 ? "null"
	             : d.device_ok   ? "true"
	                             : "false",
	             d.reason_code, d.heartbeat_ms, m.head_seq, m.seq, last_status, last_ms, free_mb, words);
	free(words);
	if (k < 0 || (size_t)k >= n)
		return error(_("the station's status is longer than %zu bytes (its topic list)"), n);
	return 0;
}
