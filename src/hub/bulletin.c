/*
 * bulletin.c — the bulletins down, the hub's end (hub.h; doc/link.md,
 * "Bulletins down"): loa-hub bulletin send, what the stations say back,
 * and the clearing of a bulletin whose period ended.
 *
 * Key decisions. Everything a person can get wrong is checked before the
 * database or the broker is touched (the title, the tier, the stations'
 * ids, the period, the times, and that the file is audio loa decodes), so
 * a refused command stores and sends nothing. Send then connects to the
 * broker, stores the bulletin in a transaction, publishes one retained
 * QoS 1 message per target (or one to all) and waits for the broker's
 * PUBACK of each before the next: the audio is copied into one message
 * at a time, and the transaction is committed only when every message is
 * the broker's, so the hub never lists a bulletin it did not publish. A
 * station the hub has never heard from is warned about, not refused: a
 * new station may not have connected yet, and its message waits for it.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hub/hub.h"
#include "loa/clock.h"
#include "loa/config.h"
#include "loa/decode.h"
#include "loa/fmt.h"
#include "loa/hash.h"
#include "loa/i18n.h"
#include "loa/json.h"
#include "loa/log.h"
#include "loa/mqtt.h"
#include "loa/timeutil.h"
#include "loa/utf8.h"
#include "loa/words.h"

void
hub_bulletin_topic(char *buf, size_t n, const char *station, int64_t id)
{
	snprintf(buf, n, "loa/%s/bulletin/%" PRId64, station ? station : "all", id);
}

/* An instant typed for --from or --until into *ms: a day alone is its
 * start (end 0) or the start of the next day (end 1). 0 or -1 (printed). */
static int
read_when(const char *opt, const char *s, int end, int64_t *ms)
{
	struct time_reading how = {0};
	struct civil today, c;
	char why[256];
	int off;

	time_today(HUB_ZONE, &today);
	if (time_read_instant(s, HUB_ZONE, &today, 0, ms, &how) != 0) {
		error(_("%s: %s"), opt, time_fault_text(TIME_INSTANT, s, &how, why, sizeof why));
		hint("%s", time_examples(TIME_INSTANT));
		return -1;
	}
	if (end && !how.has_time && tz_from_utc(HUB_ZONE, *ms, &c, &off) == 0) {
		c = civil_of_secs(civil_secs(&c) + 86400);
		tz_to_utc(HUB_ZONE, &c, ms);
	}
	return 0;
}

/* The suggested times "HH:MM,..." into b. 0 or -1 (printed). */
static int
read_at(const char *list, struct hub_bulletin *b)
{
	char word[64], why[256];

	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		struct time_reading how = {0};
		int h, m, sec;

		snprintf(word, sizeof word, "%.*s", (int)(len < sizeof word ? len : sizeof word - 1), p);
		if (time_read_clock(word, &h, &m, &sec, &how) != 0) {
			error(_("--at: %s"), time_fault_text(TIME_CLOCK, word, &how, why, sizeof why));
			hint(_("write the times of day separated by commas, e.g. --at 06:00,17:30"));
			return -1;
		}
		if (b->nat == HUB_BULLETIN_AT_MAX)
			return error(_("--at: more than %d times"), HUB_BULLETIN_AT_MAX);
		snprintf(b->at[b->nat++], sizeof b->at[0], "%02u:%02u", (unsigned)h % 24u, (unsigned)m % 60u);
		p += len + (p[len] == ',');
	}
	return 0;
}

/* Adds the station ids in list (comma-separated) to b's targets, once
 * each; "all" sets *all. 0 or -1 (printed). */
static int
read_to(const char *list, struct hub_bulletin *b, int *all)
{
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ", ");
		char id[CONFIG_STATION_ID_MAX + 8];
		int seen = 0;

		if (len == 0) {
			p++;
			continue;
		}
		snprintf(id, sizeof id, "%.*s", (int)(len < sizeof id ? len : sizeof id - 1), p);
		p += len;
		if (strcmp(id, "all") == 0) {
			*all = 1;
			continue;
		}
		if (len >= sizeof id - 7 || config_station_id_check(id) != 0) {
			error(_("--to: '%s' is not a station's id (1 to 64 letters, digits, '-' or '_')"),
			      id);
			return -1;
		}
		for (int i = 0; i < b->ntargets; i++)
			seen |= strcmp(b->targets[i], id) == 0;
		if (seen)
			continue;
		char **v = realloc(b->targets, (size_t)(b->ntargets + 1) * sizeof *v);
		if (!v || !(v[b->ntargets] = strdup(id))) {
			if (v)
				b->targets = v;
			return error(_("out of memory"));
		}
		b->targets = v;
		b->ntargets++;
	}
	return 0;
}

/* The file: a regular, readable, non-empty file of at most the limit,
 * and audio loa decodes. 0 or -1 (printed). */
static int
check_file(const char *path, struct hub_bulletin *b)
{
	struct decode_info info;
	struct decoder *d;
	struct stat sb;
	const char *slash = strrchr(path, '/');

	if (stat(path, &sb) != 0)
		return error_errno(_("cannot read the bulletin's file '%s'"), path);
	if (!S_ISREG(sb.st_mode))
		return error(_("the bulletin's file '%s' is not a file"), path);
	if (sb.st_size == 0)
		return error(_("the bulletin's file '%s' is empty"), path);
	if (sb.st_size > HUB_BULLETIN_MAX_BYTES)
		return error(_("the bulletin's file '%s' is too large: %lld MB (at most %d MB)"), path,
		             (long long)(sb.st_size >> 20), HUB_BULLETIN_MAX_BYTES >> 20);
	if (access(path, R_OK) != 0)
		return error_errno(_("cannot read the bulletin's file '%s'"), path);
	/* What the stations' clip add will decode: refused here, it is not
	 * sent to a hundred stations to be refused by each. */
	if (!(d = decoder_open(path, &info)))
		return -1;
	decoder_close(d);
	snprintf(b->name, sizeof b->name, "%s", slash ? slash + 1 : path);
	b->bytes = sb.st_size;
	return 0;
}

int
hub_send_check(const struct hub_send *s, struct hub_bulletin *b)
{
	const char *tier;
	int all = 0;
	int64_t now = clock_wall_ms();

	memset(b, 0, sizeof *b);
	b->until_ms = b->cleared_ms = -1;
	if (!s->title || strspn(s->title, " \t") == strlen(s->title))
		return error(_("the bulletin needs a title: --title TEXT"));
	if (strlen(s->title) >= sizeof b->title)
		return error(_("the bulletin's title is too long: %zu bytes (at most %zu)"), strlen(s->title),
		             sizeof b->title - 1);
	/* One line of plain text, as every station's clip add takes it: a
	 * line break or a control code would have it refused by each. */
	if (utf8_line_refuse(s->title, UTF8_TITLE_MAX, _("the bulletin's title")) != 0)
		return -1;
	snprintf(b->title, sizeof b->title, "%s", s->title);
	if (!s->tier)
		return error(_("the bulletin needs its tier: --tier normal, priority or emergency"));
	if (!(tier = words_code(WORDS_TIER, s->tier))) {
		error(_("unknown tier '%s'"), s->tier);
		hint("%s", words_examples(WORDS_TIER));
		return -1;
	}
	snprintf(b->tier, sizeof b->tier, "%s", tier);
	if (s->topic && *s->topic) {
		if (strlen(s->topic) >= sizeof b->topic)
			return error(_("the bulletin's topic is too long: %zu bytes (at most %zu)"),
			             strlen(s->topic), sizeof b->topic - 1);
		if (utf8_line_refuse(s->topic, UTF8_TITLE_MAX, _("the bulletin's topic")) != 0)
			return -1;
		snprintf(b->topic, sizeof b->topic, "%s", s->topic);
		b->has_topic = 1;
	}
	for (int i = 0; i < s->nto; i++)
		if (read_to(s->to[i], b, &all) != 0)
			return -1;
	if (!all && !b->ntargets)
		return error(
		    _("say which stations the bulletin is for: --to all, or --to STATION[,STATION...]"));
	if (all && b->ntargets)
		return error(_("--to all sends the bulletin to every station: name no station beside it"));
	b->from_ms = now;
	if (s->from && read_when("--from", s->from, 0, &b->from_ms) != 0)
		return -1;
	if (s->until && read_when("--until", s->until, 1, &b->until_ms) != 0)
		return -1;
	if (!s->until && strcmp(b->tier, "emergency") == 0)
		b->until_ms = b->from_ms + HUB_EMERGENCY_DEFAULT_MS;
	if (b->until_ms >= 0 && b->until_ms <= b->from_ms)
		return error(_("--until %s is not after the bulletin's start"), s->until);
	if (b->until_ms >= 0 && b->until_ms <= now)
		return error(_("--until %s has passed already"), s->until);
	if (s->at && read_at(s->at, b) != 0)
		return -1;
	return check_file(s->file, b) != 0 ? -2 : 0;
}

/* Room kept before the audio for the message's header line: a title,
 * topic and name of 511, 255 and 255 bytes, each escaped at worst to six
 * bytes a byte, and the rest. */
#define HEADER_ROOM 8192

/* The bulletin's message: the header line and a newline written into the
 * HEADER_ROOM bytes before the audio (audio[-HEADER_ROOM..-1]), so the
 * audio is not copied. Its start and *len, or NULL. */
static char *
message(const struct hub_bulletin *b, char *audio, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	if (!f)
		return NULL;
	fprintf(f, "{\"id\": %" PRId64 ", \"title\": ", b->id);
	fmt_json_string(f, b->title);
	fputs(", \"topic\": ", f);
	if (b->has_topic)
		fmt_json_string(f, b->topic);
	else
		fputs("null", f);
	fputs(", \"tier\": ", f);
	fmt_json_string(f, b->tier);
	fputs(", \"name\": ", f);
	fmt_json_string(f, b->name);
	fprintf(f, ", \"bytes\": %" PRId64 ", \"sha256\": \"%s\", \"from_ms\": %" PRId64 ", \"until_ms\": ",
	        b->bytes, b->sha256, b->from_ms);
	if (b->until_ms >= 0)
		fprintf(f, "%" PRId64, b->until_ms);
	else
		fputs("null", f);
	fputs(", \"at\": [", f);
	for (int i = 0; i < b->nat; i++)
		fprintf(f, "%s\"%s\"", i ? ", " : "", b->at[i]);
	fprintf(f, "], \"sent_ms\": %" PRId64 "}\n", b->sent_ms);
	if (fclose(f) != 0 || n > HEADER_ROOM) {
		free(buf);
		return NULL;
	}
	memcpy(audio - n, buf, n);
	free(buf);
	*len = n + (size_t)b->bytes;
	return audio - n;
}

/* The broker, as send waits for it. */
struct wait {
	int answered; /* the broker answered the connection */
	int ok;       /* and accepted it */
	char why[128];
};

static void
on_connect(void *ctx, int ok, const char *why)
{
	struct wait *w = ctx;

	w->answered = 1;
	w->ok = ok;
	snprintf(w->why, sizeof w->why, "%s", why);
}

/* Services m until the broker answered (connecting) or confirmed every
 * message, for at most timeout_ms. 0, or -1 (why set). */
static int
pump(struct mqtt *m, struct wait *w, int connecting, int64_t timeout_ms, char *why, size_t n)
{
	int64_t end = clock_mono_ns() + timeout_ms * 1000000;

	while (connecting ? !w->answered : mqtt_unconfirmed(m) > 0) {
		int64_t left = (end - clock_mono_ns()) / 1000000;
		struct pollfd pf = {.fd = mqtt_fd(m), .events = POLLIN | (mqtt_wants_write(m) ? POLLOUT : 0)};

		if (left <= 0) {
			snprintf(why, n, "%s", _("the broker did not answer in time"));
			return -1;
		}
		if (poll(&pf, 1, (int)(left > 1000 ? 1000 : left)) < 0 && errno != EINTR) {
			snprintf(why, n, "%s", strerror(errno));
			return -1;
		}
		if (mqtt_service(m, (pf.revents & (POLLIN | POLLERR | POLLHUP)) != 0,
		                 (pf.revents & POLLOUT) != 0, why, n) != 0)
			return -1;
	}
	return 0;
}

/* Publishes payload to each of b's topics, retained, QoS 1, waiting for
 * each. 0, or -1 (why set). */
static int
publish_all(struct mqtt *m, struct wait *w, const struct hub_bulletin *b, const char *payload, size_t len,
            char *why, size_t n)
{
	char topic[160];
	/* A minute, and a second more per megabyte to send. */
	int64_t timeout_ms = 60000 + (int64_t)(len >> 20) * 1000;

	for (int i = 0; i < (b->ntargets ? b->ntargets : 1); i++) {
		hub_bulletin_topic(topic, sizeof topic, b->ntargets ? b->targets[i] : NULL, b->id);
		if (mqtt_publish(m, topic, payload, len, 1, 1) != 0) {
			snprintf(why, n, "%s", _("the message was not taken"));
			return -1;
		}
		if (pump(m, w, 0, timeout_ms, why, n) != 0)
			return -1;
	}
	return 0;
}

/* Reads the whole file into a new buffer, HEADER_ROOM bytes into it
 * (the message's header goes before it), setting b->bytes. The buffer,
 * or NULL (printed). */
static char *
slurp(const char *path, struct hub_bulletin *b)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	char *buf;
	size_t got = 0;

	if (fd < 0)
		return error_errno(_("cannot read the bulletin's file '%s'"), path), NULL;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size == 0 ||
	    sb.st_size > HUB_BULLETIN_MAX_BYTES || !(buf = malloc(HEADER_ROOM + (size_t)sb.st_size))) {
		close(fd);
		return error(_("the bulletin's file '%s' changed while it was read"), path), NULL;
	}
	while (got < (size_t)sb.st_size) {
		ssize_t k = read(fd, buf + HEADER_ROOM + got, (size_t)sb.st_size - got);
		if (k <= 0) {
			error_errno(_("cannot read the bulletin's file '%s'"), path);
			free(buf);
			close(fd);
			return NULL;
		}
		got += (size_t)k;
	}
	close(fd);
	b->bytes = (int64_t)got;
	return buf;
}

static void
print_sent(const struct hub_bulletin *b, int json)
{
	char topic[160];

	if (json) {
		printf("{\"id\": %" PRId64 ", \"tier\": \"%s\", \"bytes\": %" PRId64
		       ", \"sha256\": \"%s\", \"to\": ",
		       b->id, b->tier, b->bytes, b->sha256);
		if (!b->ntargets) {
			fputs("\"all\"", stdout);
		} else {
			for (int i = 0; i < b->ntargets; i++) {
				fputs(i ? ", " : "[", stdout);
				fmt_json_string(stdout, b->targets[i]);
			}
			fputs("]", stdout);
		}
		fputs(", \"topics\": [", stdout);
		for (int i = 0; i < (b->ntargets ? b->ntargets : 1); i++) {
			hub_bulletin_topic(topic, sizeof topic, b->ntargets ? b->targets[i] : NULL, b->id);
			printf("%s\"%s\"", i ? ", " : "", topic);
		}
		fputs("]}\n", stdout);
		return;
	}
	if (!b->ntargets)
		printf(_("bulletin %lld sent to every station\n"), (long long)b->id);
	else
		printf(ngettext("bulletin %lld sent to %d station\n", "bulletin %lld sent to %d stations\n",
		                (unsigned long)b->ntargets),
		       (long long)b->id, b->ntargets);
}

int
hub_bulletin_send(struct hub_db *db, const struct hub_send *s, struct hub_bulletin *b)
{
	const char *pw = getenv("LOA_HUB_PASSWORD");
	struct passwd *me = getpwuid(geteuid());
	struct wait w = {0};
	struct mqtt_url u;
	char id[64], why[256] = "", *buf, *audio, *payload;
	size_t len = 0;
	struct mqtt *m;
	int rc = -1, stored = 0;

	/* Its own session, clean: loa-hub run's (loa-hub) is left alone. */
	snprintf(id, sizeof id, "loa-hub-send-%ld", (long)getpid());
	struct mqtt_options mo = {.client_id = id,
	                          .user = s->user,
	                          .password = pw && *pw ? pw : NULL,
	                          .ca = s->ca,
	                          .clean = 1,
	                          .keepalive_s = 60,
	                          .on_connect = on_connect,
	                          .ctx = &w};

	for (int i = 0; i < b->ntargets; i++) {
		int known = hub_db_station_known(db, b->targets[i]);
		if (known < 0)
			return -1;
		if (!known)
			warning(
			    _("the hub has never heard from station '%s': its bulletin waits at the broker "
			      "until it connects (is the id right?)"),
			    b->targets[i]);
	}
	if (!(buf = slurp(s->file, b)))
		return -1;
	/* One retained copy per station at the broker (and on its disk). */
	if (b->ntargets > 1 && b->bytes * b->ntargets > 512LL * 1024 * 1024)
		warning(
		    _("the broker keeps one copy of the audio per station: %d copies, %lld MB; to most of "
		      "the stations, --to all keeps one"),
		    b->ntargets, (long long)(b->bytes * b->ntargets >> 20));
	audio = buf + HEADER_ROOM;
	hash_sha256_hex(audio, (size_t)b->bytes, b->sha256);
	b->sent_ms = clock_wall_ms();
	if (me)
		snprintf(b->sent_by, sizeof b->sent_by, "%s", me->pw_name);
	if (mqtt_url_parse(s->broker, &u) != 0 || !(m = mqtt_open(&u, &mo))) {
		free(buf);
		return -1;
	}
	if (mqtt_connect(m, why, sizeof why) != 0 || pump(m, &w, 1, 10000, why, sizeof why) != 0 ||
	    (!w.ok && snprintf(why, sizeof why, "%s", w.why) >= 0)) {
		error(_("cannot reach the broker %s:%d: %s"), u.host, u.port, why);
		goto done;
	}
	if (hub_db_bulletin_add(db, b, audio, (size_t)b->bytes) != 0)
		goto done;
	stored = 1;
	if (!(payload = message(b, audio, &len))) {
		error(_("out of memory"));
		goto done;
	}
	if (publish_all(m, &w, b, payload, len, why, sizeof why) != 0) {
		error(_("the broker did not take bulletin %lld: %s; nothing is stored"), (long long)b->id,
		      why);
		/* Take back what it took already, if it still listens. */
		publish_all(m, &w, b, "", 0, why, sizeof why);
		goto done;
	}
	if (hub_db_bulletin_commit(db) != 0) {
		/* Published but not stored: take the messages back. */
		publish_all(m, &w, b, "", 0, why, sizeof why);
		stored = 0;
		goto done;
	}
	stored = 0;
	print_sent(b, s->json);
	rc = 0;
done:
	if (stored)
		hub_db_rollback(db);
	mqtt_disconnect(m);
	mqtt_close(m);
	free(buf);
	return rc;
}

/*
 * ---- What the stations say back ----
 */

/* One station's message of states, as read. */
struct states {
	char station[80];               /* its "station" */
	struct hub_bulletin_target *v;  /* the states */
	int64_t *ids;                   /* and their bulletins */
	int n;                          /* how many */
	struct hub_bulletin_target cur; /* the one being read */
	int64_t cur_id;                 /* its bulletin */
	int has;                        /* which keys it had: 1 id, 2 state, 4 at_ms */
};

static int
state_member(void *ctx, const char *key, const char *p, const char *end)
{
	struct states *s = ctx;
	struct hub_bulletin_target *t = &s->cur;

	if (strcmp(key, "id") == 0)
		return s->has |= 1, json_int(p, end, &s->cur_id);
	if (strcmp(key, "state") == 0)
		return s->has |= 2, json_string(p, t->state, sizeof t->state) ? 0 : -1;
	if (strcmp(key, "at_ms") == 0)
		return s->has |= 4, json_int(p, end, &t->state_ms);
	if (json_is_null(p))
		return 0;
	if (strcmp(key, "code") == 0)
		return json_string(p, t->code, sizeof t->code) ? 0 : -1;
	if (strcmp(key, "reason") == 0)
		return json_string(p, t->reason, sizeof t->reason) ? 0 : -1;
	if (strcmp(key, "clip") == 0)
		return json_int(p, end, &t->clip);
	return 0; /* a key this hub does not know: a later station's */
}

static int
state_element(void *ctx, int index, const char *p, const char *end)
{
	struct states *s = ctx;

	(void)index, (void)end;
	memset(&s->cur, 0, sizeof s->cur);
	s->cur.clip = -1;
	s->has = 0;
	if (*p != '{' || !json_object(p, 0, state_member, s) || s->has != 7)
		return -1;
	if (strcmp(s->cur.state, "received") != 0 && strcmp(s->cur.state, "scheduled") != 0 &&
	    strcmp(s->cur.state, "refused") != 0)
		return -1;
	struct hub_bulletin_target *v = realloc(s->v, (size_t)(s->n + 1) * sizeof *v);
	int64_t *ids = realloc(s->ids, (size_t)(s->n + 1) * sizeof *ids);
	if (v)
		s->v = v;
	if (ids)
		s->ids = ids;
	if (!v || !ids)
		return -1;
	s->v[s->n] = s->cur;
	s->ids[s->n++] = s->cur_id;
	return 0;
}

static int
states_member(void *ctx, const char *key, const char *p, const char *end)
{
	struct states *s = ctx;

	(void)end;
	if (strcmp(key, "station") == 0)
		return json_string(p, s->station, sizeof s->station) ? 0 : -1;
	if (strcmp(key, "bulletins") == 0)
		return *p == '[' && json_array(p, 1, state_element, s) ? 0 : -1;
	return 0;
}

void
hub_bulletin_states(struct hub_db *db, const char *station, const char *payload, size_t len)
{
	struct states s = {0};
	char *text = strndup(payload, len);
	int64_t now = clock_wall_ms();
	int kept = 0;

	if (!text)
		return;
	if (json_walk(text, 2, states_member, &s) != 0)
		warning(_("station %s: a message of bulletin states could not be read: '%.100s'"), station,
		        text);
	else if (strcmp(s.station, station) != 0)
		warning(_("station %s: a message of bulletin states names station '%s'; ignored"), station,
		        s.station);
	else
		for (int i = 0; i < s.n; i++) {
			int rc = hub_db_bulletin_state(db, station, s.ids[i], &s.v[i], now);
			if (rc < 0)
				break;
			kept += rc;
		}
	log_debug("station %s: %d bulletin states, %d kept", station, s.n, kept);
	free(s.v);
	free(s.ids);
	free(text);
}

int
hub_bulletin_expire(struct hub_db *db, struct mqtt *m, int64_t now_ms, int64_t *next_ms)
{
	struct hub_bulletin *due = NULL;
	char topic[160];
	int n = 0, rc = 0;

	if (hub_db_bulletins_due(db, now_ms, &due, &n, next_ms) != 0)
		rc = -1;
	for (int i = 0; i < n && rc == 0; i++) {
		const struct hub_bulletin *b = &due[i];
		/* An empty retained message clears the retained one. */
		for (int k = 0; k < (b->ntargets ? b->ntargets : 1) && rc == 0; k++) {
			hub_bulletin_topic(topic, sizeof topic, b->ntargets ? b->targets[k] : NULL, b->id);
			rc = mqtt_publish(m, topic, "", 0, 1, 1);
		}
		if (rc == 0 && (rc = hub_db_bulletin_cleared(db, b->id, now_ms)) == 0)
			log_info(_("bulletin %lld: its period ended; its messages at the broker are cleared"),
			         (long long)b->id);
	}
	for (int i = 0; i < n; i++)
		hub_bulletin_free(&due[i]);
	free(due);
	return rc;
}
