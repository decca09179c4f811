/*
 * link_bulletin.c — the bulletins down at the station (link_bulletin.h,
 * doc/link.md "Bulletins down").
 *
 * A bulletin arrives as one retained message: a line of JSON, a newline,
 * the audio's bytes. Every key is checked, then the length and the
 * SHA-256; a bulletin the station holds already (its id) is left as it
 * is, so the broker's retained copy delivered on every connection changes
 * nothing. The audio is imported by `loa clip add` run as a child
 * (link_import.c).
 *
 * Then the tier: emergency goes through emergency.h as the console's
 * button does (no daemon playing: refused no_daemon); priority becomes a
 * one-off slot of the priority tier ending when the next airing of the
 * agenda within the bulletin's period begins (none: refused
 * no_programme); normal waits for the officer (received).
 *
 * Each state is told on loa/<station>/bulletins until the broker confirmed
 * the message (QoS 1); what was not confirmed goes again on the next
 * connection, and whenever another process changed a state (the link
 * wakes on the station's commits already): no timer of its own.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "link/link_bulletin.h"
#include "loa/agenda.h"
#include "loa/bulletin.h"
#include "loa/catalog.h"
#include "loa/clock.h"
#include "loa/emergency.h"
#include "loa/fmt.h"
#include "loa/hash.h"
#include "loa/i18n.h"
#include "loa/json.h"
#include "loa/link.h"
#include "loa/log.h"
#include "loa/slot.h"
#include "loa/slot_rule.h"
#include "loa/store.h"
#include "loa/timeutil.h"

#define ID_MAX ((int64_t)1 << 53) /* the hub's ids are below 2^53 (JSON numbers) */

void
link_bulletin_init(struct link_bulletins *lb, const char *station)
{
	memset(lb, 0, sizeof *lb);
	snprintf(lb->prefix_own, sizeof lb->prefix_own, "loa/%s/bulletin/", station);
	snprintf(lb->topic_up, sizeof lb->topic_up, "loa/%s/bulletins", station);
}

/* ---- telling the hub ---- */

/* 1 when (id, state_ms) is in a message awaiting confirmation. */
static int
awaiting(const struct link_bulletins *lb, int64_t id, int64_t state_ms)
{
	for (int p = 0; p < LINK_BULLETIN_PENDING; p++)
		for (int i = 0; i < lb->pending[p].n; i++)
			if (lb->pending[p].id[i] == id && lb->pending[p].state_ms[i] == state_ms)
				return 1;
	return 0;
}

struct telling {
	struct link_bulletins *lb;
	FILE *f;
	int slot, n;
};

static void
json_text_or_null(FILE *f, const char *t)
{
	if (*t)
		fmt_json_string(f, t);
	else
		fputs("null", f);
}

static int
add_state(void *ctx, const struct bulletin *b)
{
	struct telling *t = ctx;

	if (awaiting(t->lb, b->id, b->state_ms))
		return 0;
	fprintf(t->f, "%s{\"id\":%" PRId64 ",\"state\":\"%s\",\"code\":", t->n ? "," : "", b->id,
	        bulletin_state_name(b->state));
	json_text_or_null(t->f, b->code);
	fputs(",\"reason\":", t->f);
	json_text_or_null(t->f, b->reason);
	if (b->clip_id > 0)
		fprintf(t->f, ",\"clip\":%" PRId64, b->clip_id);
	else
		fputs(",\"clip\":null", t->f);
	fprintf(t->f, ",\"at_ms\":%" PRId64 "}", b->state_ms);
	t->lb->pending[t->slot].id[t->n] = b->id;
	t->lb->pending[t->slot].state_ms[t->n] = b->state_ms;
	return ++t->n == LINK_BULLETIN_TELL_MAX ? 1 : 0;
}

void
link_bulletin_tell(struct link_bulletins *lb, struct mqtt *m, struct store *s, const struct link_options *o)
{
	struct telling t = {.lb = lb, .slot = -1};
	char *buf = NULL;
	size_t len = 0;
	int mid = 0;

	for (int p = 0; p < LINK_BULLETIN_PENDING && t.slot < 0; p++)
		if (!lb->pending[p].n)
			t.slot = p;
	if (t.slot < 0)
		return; /* four messages await the broker: these go after */
	if (!(t.f = open_memstream(&buf, &len)))
		return;
	fputs("{\"station\":", t.f);
	fmt_json_string(t.f, o->station);
	fputs(",\"bulletins\":[", t.f);
	if (bulletin_each(s, 1, add_state, &t) < 0)
		t.n = 0;
	fputs("]}", t.f);
	if (fclose(t.f) != 0 || t.n == 0) {
		free(buf);
		return;
	}
	if (mqtt_publish_id(m, lb->topic_up, buf, len, 1, 0, &mid) == 0) {
		lb->pending[t.slot].mid = mid;
		lb->pending[t.slot].n = t.n;
		log_debug("told the hub %d bulletin states", t.n);
	}
	free(buf);
}

void
link_bulletin_published(struct link_bulletins *lb, struct store *s, int mid)
{
	for (int p = 0; p < LINK_BULLETIN_PENDING; p++) {
		if (!lb->pending[p].n || lb->pending[p].mid != mid)
			continue;
		for (int i = 0; i < lb->pending[p].n; i++)
			bulletin_told(s, lb->pending[p].id[i], lb->pending[p].state_ms[i]);
		lb->pending[p].n = 0;
	}
}

int
link_bulletin_connected(struct link_bulletins *lb, struct mqtt *m, struct store *s,
                        const struct link_options *o)
{
	char own[160], all[] = "loa/all/bulletin/+";

	for (int p = 0; p < LINK_BULLETIN_PENDING; p++)
		lb->pending[p].n = 0;
	snprintf(own, sizeof own, "%s+", lb->prefix_own);
	if (mqtt_subscribe(m, own, 1) != 0 || mqtt_subscribe(m, all, 1) != 0)
		return -1;
	link_bulletin_tell(lb, m, s, o);
	return 0;
}

/* ---- reading a bulletin ---- */

enum { K_ID, K_TITLE, K_TOPIC, K_TIER, K_NAME, K_BYTES, K_SHA256, K_FROM, K_UNTIL, K_AT, K_SENT, NKEYS };
static const char *const keys[NKEYS] = {"id",     "title",   "topic",    "tier", "name",   "bytes",
                                        "sha256", "from_ms", "until_ms", "at",   "sent_ms"};

struct reading {
	struct bulletin *b;
	unsigned seen;
	char problem[256];
};

static int LOA_PRINTF(2, 3) bad(struct reading *r, const char *fmt, ...)
{
	va_list ap;

	if (!*r->problem) {
		va_start(ap, fmt);
		vsnprintf(r->problem, sizeof r->problem, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int
read_time(void *ctx, int index, const char *p, const char *end)
{
	struct reading *r = ctx;
	char hm[8];
	size_t have = strlen(r->b->at);

	(void)end;
	if (*p != '"' || !json_string(p, hm, sizeof hm) || strlen(hm) != 5 || hm[2] != ':' || hm[0] < '0' ||
	    hm[0] > '2' || hm[1] < '0' || hm[1] > '9' || hm[3] < '0' || hm[3] > '5' || hm[4] < '0' ||
	    hm[4] > '9' || (hm[0] == '2' && hm[1] > '3'))
		return bad(r, "\"at\" item %d is not a time HH:MM", index + 1);
	if (have + 7 > sizeof r->b->at)
		return bad(r, "\"at\" has too many times");
	snprintf(r->b->at + have, sizeof r->b->at - have, "%s%s", have ? "," : "", hm);
	return 0;
}

static int
read_text(struct reading *r, const char *key, const char *p, char *buf, size_t n, int may_null)
{
	if (may_null && json_is_null(p)) {
		*buf = 0;
		return 0;
	}
	if (*p != '"' || !json_string(p, buf, n))
		return bad(r, "\"%s\" is not a text (or is too long)", key);
	return 0;
}

static int
read_num(struct reading *r, const char *key, const char *p, const char *end, int64_t *v, int may_null)
{
	if (may_null && json_is_null(p)) {
		*v = 0;
		return 0;
	}
	if (json_int(p, end, v) != 0 || *v < 0 || *v >= ID_MAX)
		return bad(r, "\"%s\" is not a whole number from 0 to 2^53", key);
	return 0;
}

static int
read_key(void *ctx, const char *key, const char *p, const char *end)
{
	struct reading *r = ctx;
	struct bulletin *b = r->b;
	int k;

	for (k = 0; k < NKEYS && strcmp(key, keys[k]) != 0; k++)
		;
	if (k == NKEYS)
		return bad(r, "unknown key \"%s\"", key);
	if (r->seen & (1u << k))
		return bad(r, "\"%s\" is given twice", key);
	r->seen |= 1u << k;
	switch (k) {
	case K_ID:
		return read_num(r, key, p, end, &b->id, 0);
	case K_TITLE:
		if (read_text(r, key, p, b->title, sizeof b->title, 0) != 0)
			return -1;
		return *b->title && !strchr(b->title, '\n') ? 0
		                                            : bad(r, "\"title\" is empty or not one line");
	case K_TOPIC:
		return read_text(r, key, p, b->topic, sizeof b->topic, 1);
	case K_TIER:
		if (read_text(r, key, p, b->tier, sizeof b->tier, 0) != 0)
			return -1;
		if (strcmp(b->tier, "normal") && strcmp(b->tier, "priority") && strcmp(b->tier, "emergency"))
			return bad(r, "\"tier\" is not normal, priority or emergency");
		return 0;
	case K_NAME:
		return read_text(r, key, p, b->name, sizeof b->name, 0);
	case K_BYTES:
		return read_num(r, key, p, end, &b->bytes, 0);
	case K_SHA256:
		if (read_text(r, key, p, b->sha256, sizeof b->sha256, 0) != 0)
			return -1;
		for (char *c = b->sha256; *c; c++)
			*c = *c >= 'A' && *c <= 'F' ? (char)(*c - 'A' + 'a') : *c; /* as hash.h writes it */
		if (strlen(b->sha256) != 64 || strspn(b->sha256, "0123456789abcdef") != 64)
			return bad(r, "\"sha256\" is not 64 hexadecimal digits");
		return 0;
	case K_FROM:
		return read_num(r, key, p, end, &b->from_ms, 0);
	case K_UNTIL:
		return read_num(r, key, p, end, &b->until_ms, 1);
	case K_AT:
		if (*p != '[' || !json_array(p, 1, read_time, r))
			return bad(r, "\"at\" is not a list of times HH:MM");
		return 0;
	default:
		return read_num(r, key, p, end, &b->sent_ms, 0);
	}
}

/* Reads the message's description into b and points *audio at its
 * audio. 0, or -1 with the problem (English) in why. */
static int
parse(const char *payload, size_t len, int64_t topic_id, struct bulletin *b, const char **audio, size_t *alen,
      char *why, size_t n)
{
	const char *nl = memchr(payload, '\n', len);
	struct reading r = {.b = b};
	char *head;
	int rc;

	*why = 0;
	if (!nl) {
		snprintf(why, n, "the message has no description line");
		return -1;
	}
	if (!(head = strndup(payload, (size_t)(nl - payload)))) {
		snprintf(why, n, "out of memory");
		return -1;
	}
	rc = json_walk(head, 2, read_key, &r);
	free(head);
	if (rc != 0) {
		snprintf(why, n, "the description cannot be read: %s", *r.problem ? r.problem : "not JSON");
		return -1;
	}
	for (int k = 0; k < NKEYS; k++)
		if (!(r.seen & (1u << k))) {
			snprintf(why, n, "the description has no \"%s\"", keys[k]);
			return -1;
		}
	if (b->id != topic_id) {
		snprintf(why, n, "the description's id %" PRId64 " is not the topic's %" PRId64, b->id,
		         topic_id);
		b->id = topic_id;
		return -1;
	}
	if (b->until_ms && b->until_ms <= b->from_ms) {
		snprintf(why, n, "its period ends before it begins");
		return -1;
	}
	*audio = nl + 1;
	*alen = len - (size_t)(nl + 1 - payload);
	return 0;
}

/* ---- by tier ---- */

/* The one-off slot of tier at start_ms (UTC) airing clip for b. 0 or -1. */
static int
one_off_slot(struct store *s, const char *zone, const struct bulletin *b, int64_t clip, int64_t start_ms,
             enum tier tier)
{
	struct slot_rule rule = {0};
	struct slot sl = {0};
	char uid[96], *text;
	int64_t back;
	int rc;

	if (tz_from_utc(zone, start_ms, &rule.start, NULL) != 0 || tz_to_utc(zone, &rule.start, &back) != 0 ||
	    back != start_ms) {
		zone = "UTC";
		if (tz_from_utc(zone, start_ms, &rule.start, NULL) != 0)
			return -1;
	}
	slot_new_uid(uid, sizeof uid);
	if (!(text = slot_rule_text(&rule, zone, uid, b->title)))
		return -1;
	sl.uid = uid;
	sl.title = (char *)b->title;
	sl.vevent = text;
	sl.clip_id = clip;
	sl.tier = tier;
	sl.enabled = 1;
	sl.source = "bulletin";
	rc = store_slot_add(s, &sl);
	free(text);
	return rc;
}

/* A priority bulletin: right before the next airing within its period.
 * 1 made, 0 no airing to go before, -1 error. */
static int
priority(struct store *s, const char *zone, const struct bulletin *b, int64_t clip, int64_t now)
{
	struct clip c;
	int64_t dur, after;
	int r = 0;

	if (clip_get(s, clip, &c) != 0)
		return -1;
	dur = (int64_t)(c.duration_s * 1000 + 0.5);
	after = now + dur;
	for (int k = 0; k < 10000; k++) {
		struct airing a = {0};
		int64_t start;
		if ((r = agenda_next(s, after, &a)) <= 0)
			break;
		start = (a.planned_ms - dur) / 1000 * 1000;
		if (b->until_ms && a.planned_ms >= b->until_ms) {
			airing_clear(&a);
			r = 0;
			break;
		}
		after = a.planned_ms + 1;
		if (a.status != AIRING_SKIPPED && start >= b->from_ms && start >= now - 1000) {
			airing_clear(&a);
			r = one_off_slot(s, zone, b, clip, start, TIER_PRIORITY) == 0 ? 1 : -1;
			break;
		}
		airing_clear(&a);
		r = 0;
	}
	agenda_cache_drop(); /* the link stays small */
	return r;
}

/* What the tier makes of b, its clip imported: its state, code, reason. */
static void
act(struct store *s, const struct link_options *o, struct bulletin *b, int64_t now)
{
	char who[64];

	b->state = BULLETIN_RECEIVED;
	if (strcmp(b->tier, "emergency") == 0) {
		struct emergency e;
		enum emergency_refusal r;
		if (b->from_ms > now) {
			/* Its period has not begun: not before it, but at
			 * once when it begins (to the second, not before). */
			if (one_off_slot(s, o->settings->tz, b, b->clip_id, (b->from_ms + 999) / 1000 * 1000,
			                 TIER_EMERGENCY) == 0) {
				b->state = BULLETIN_SCHEDULED;
				log_info(
				    _("bulletin %lld '%s' from the hub: an emergency, airs when its period "
				      "begins"),
				    (long long)b->id, b->title);
				return;
			}
			b->state = BULLETIN_REFUSED;
			snprintf(b->code, sizeof b->code, "import_refused");
			snprintf(b->reason, sizeof b->reason, "the station could not schedule it");
			return;
		}
		snprintf(who, sizeof who, "bulletin %" PRId64, b->id);
		r = emergency_now(s, o->settings, b->clip_id, NULL, who, "hub", now, &e);
		if (r == EMERGENCY_OK) {
			b->state = BULLETIN_SCHEDULED;
			log_info(_("bulletin %lld '%s' from the hub: an emergency, playing now (slot %lld)"),
			         (long long)b->id, b->title, (long long)e.slot_id);
			return;
		}
		b->state = BULLETIN_REFUSED;
		snprintf(b->code, sizeof b->code, "%s",
		         r == EMERGENCY_NO_DAEMON ? "no_daemon" : "import_refused");
		snprintf(b->reason, sizeof b->reason, "%s",
		         r == EMERGENCY_NO_DAEMON ? "no daemon plays the station: the emergency was not aired"
		                                  : "the emergency cannot air now");
		return;
	}
	if (strcmp(b->tier, "priority") == 0) {
		int r = priority(s, o->settings->tz, b, b->clip_id, now);
		if (r == 1) {
			b->state = BULLETIN_SCHEDULED;
			log_info(
			    _("bulletin %lld '%s' from the hub: priority, airs before the next programme"),
			    (long long)b->id, b->title);
			return;
		}
		b->state = BULLETIN_REFUSED;
		snprintf(b->code, sizeof b->code, "%s", r == 0 ? "no_programme" : "import_refused");
		snprintf(
		    b->reason, sizeof b->reason, "%s",
		    r == 0
		        ? "no airing of the station's schedule within the bulletin's period to air it before"
		        : "the station could not schedule it");
		return;
	}
	log_info(_("bulletin %lld '%s' from the hub: waiting for the officer to schedule it"),
	         (long long)b->id, b->title);
}

/* The bulletin's id from topic: > 0, 0 when topic is no bulletin's, -1
 * when its id is not a number. */
static int64_t
topic_id(const struct link_bulletins *lb, const char *topic)
{
	static const char all[] = "loa/all/bulletin/";
	const char *p = NULL;
	char *end;
	long long id;

	if (strncmp(topic, lb->prefix_own, strlen(lb->prefix_own)) == 0)
		p = topic + strlen(lb->prefix_own);
	else if (strncmp(topic, all, sizeof all - 1) == 0)
		p = topic + sizeof all - 1;
	if (!p)
		return 0;
	errno = 0;
	id = strtoll(p, &end, 10);
	return errno || *end || end == p || id <= 0 || id >= ID_MAX ? -1 : (int64_t)id;
}

/* Says that b was refused, when it was. */
static void
refused(const struct bulletin *b)
{
	if (b->state == BULLETIN_REFUSED)
		warning(_("bulletin %lld from the hub refused (%s): %s"), (long long)b->id, b->code,
		        b->reason);
}

int
link_bulletin_message(struct link_bulletins *lb, struct mqtt *m, struct store *s,
                      const struct link_options *o, const char *topic, const char *payload, size_t len)
{
	int64_t id = topic_id(lb, topic), now = clock_wall_ms();
	struct bulletin *b;
	const char *audio = NULL;
	size_t alen = 0;
	char digest[65], why[512];
	int held;

	if (id == 0)
		return 0;
	if (!o->settings)
		return 1; /* a link run without the station's settings takes no bulletin */
	if (id < 0) {
		warning(_("a bulletin from the hub on topic %s: not a bulletin's number; left aside"), topic);
		return 1;
	}
	if (len == 0)
		return 1; /* the hub cleared it: its period is over */
	if ((held = bulletin_get(s, id, &(struct bulletin){0})) != 0)
		return 1; /* held already (or unreadable: the next delivery tries again) */
	if (!(b = calloc(1, sizeof *b)))
		return 1;
	b->received_ms = b->state_ms = now;
	b->state = BULLETIN_REFUSED;
	if (parse(payload, len, id, b, &audio, &alen, why, sizeof why) != 0) {
		b->id = id; /* kept under the topic's id, whatever the description said */
		snprintf(b->code, sizeof b->code, "bad_message");
	} else if ((int64_t)alen != b->bytes) {
		snprintf(b->code, sizeof b->code, "bad_message");
		snprintf(why, sizeof why, "the audio is %zu bytes, not %" PRId64 " as described", alen,
		         b->bytes);
	} else if (hash_sha256_hex(audio, alen, digest), strcmp(digest, b->sha256) != 0) {
		snprintf(b->code, sizeof b->code, "hash_mismatch");
		snprintf(why, sizeof why, "the audio's SHA-256 is %s, not %s as described", digest,
		         b->sha256);
	} else if (b->until_ms && b->until_ms <= now) {
		snprintf(b->code, sizeof b->code, "expired");
		snprintf(why, sizeof why, "its period ended before it arrived");
	} else if (link_bulletin_import(s, o, b, audio, alen, &b->clip_id, why, sizeof why) != 0) {
		snprintf(b->code, sizeof b->code, "import_refused");
	} else {
		/* Held before the tier acts: a link stopped between the two
		 * (a power cut) finds it held when the broker delivers it
		 * again, so an emergency never plays twice nor a second
		 * slot is made; the officer sees it waiting instead. */
		b->state = BULLETIN_RECEIVED;
		*b->code = *b->reason = 0;
		if (bulletin_add(s, b) != 0) {
			free(b);
			return 1;
		}
		/* The import took its time (the decoder runs in the child):
		 * the tier acts on the clock as it is now. */
		act(s, o, b, b->state_ms = clock_wall_ms());
		if (b->state != BULLETIN_RECEIVED &&
		    bulletin_set_state(s, b->id, b->state, *b->code ? b->code : NULL,
		                       *b->reason ? b->reason : NULL, 0, b->state_ms) != 0) {
			free(b);
			return 1;
		}
		refused(b);
		link_bulletin_tell(lb, m, s, o);
		free(b);
		return 1;
	}
	snprintf(b->reason, sizeof b->reason, "%s", why);
	if (!*b->title)
		snprintf(b->title, sizeof b->title, "?");
	if (!*b->tier)
		snprintf(b->tier, sizeof b->tier, "?");
	refused(b);
	if (bulletin_add(s, b) == 0)
		link_bulletin_tell(lb, m, s, o);
	free(b);
	return 1;
}
