/*
 * link.c — `loa link`'s process (link.h): the station's airing log up to
 * the hub, exactly once, whatever the network does.
 *
 * Shape: one poll() over the broker's socket, inotify on the database's
 * folder and the signal pipe, as the daemon's loop (daemon.c). The state
 * is three numbers: the hub's mark (stored, moved only by the hub's
 * acknowledgement), sent (the last seq published on this connection) and
 * the log's head. Each wake-up publishes what fits between sent and the
 * head within the window; an acknowledgement moves the mark and opens
 * the window again. A new connection starts sending from the mark: what
 * was in flight when it dropped goes again, and the hub, which stores a
 * (station, seq) once, takes each row once. A hub that found a row it
 * cannot trust (its hash does not recompute, or it does not follow the
 * row before) names it; the link records that, stops sending, and tries
 * again only when the station's database changes or on its next
 * connection — the hub would refuse the same bytes again.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "link/link_bulletin.h"
#include "link/link_status.h"
#include "loa/airlog.h"
#include "loa/airlog_wire.h"
#include "loa/clock.h"
#include "loa/config.h"
#include "loa/i18n.h"
#include "loa/json.h"
#include "loa/link.h"
#include "loa/log.h"
#include "loa/store.h"

#define CLIENT_ID_MAX (CONFIG_STATION_ID_MAX + 32)

static volatile sig_atomic_t got_term;
static int sig_pipe[2] = {-1, -1};

struct link {
	struct store *s;              /* the station */
	const struct link_options *o; /* what to connect to */
	struct mqtt *mqtt;            /* the client */
	char topic_rows[128];         /* loa/<station>/rows */
	char topic_ack[128];          /* loa/<station>/ack */
	char topic_status[128];       /* loa/<station>/status */
	char status_sig[256];         /* what the last status published said, as link_status_text() sums it */
	int64_t status_ns;            /* monotonic: when it was published (0: not on this connection) */
	int status_due;               /* the station changed since: publish when LINK_STATUS_MIN_S allows */
	int up;                       /* the broker accepted us on this connection */
	struct link_mark mark;        /* the hub's mark and the log's head */
	int64_t sent;                 /* the last seq published on this connection */
	int64_t held;                 /* a row the hub refused: nothing is sent from it (0: none) */
	int64_t rewound;              /* the seq the last request to send again went back to (0: none) */
	int64_t last_ack_ns;          /* monotonic: the last acknowledgement, or the first send after it */
	int ifd;                      /* inotify on the database's folder, or -1 */
	char db_base[256];            /* the database's file name */
	int64_t data_version;         /* PRAGMA data_version last seen */
	int64_t rows_sent;            /* rows published since start (for the log) */
	int64_t backoff_ms;           /* the pause before the next try to connect */
	char last_why[256];           /* why the last try failed, said once until it changes */
	struct link_bulletins bul;    /* the bulletins down (link_bulletin.c) */
};

static void
on_signal(int sig)
{
	int saved = errno;

	(void)sig;
	got_term = 1;
	if (sig_pipe[1] >= 0)
		(void)!write(sig_pipe[1], "", 1);
	errno = saved;
}

/* The hash of the station's row at seq (AIRLOG_GENESIS for 0): 1 found,
 * 0 none, -1 error. */
struct hash_of {
	char hash[65];
	int found;
};

static int
take_hash(void *ctx, const struct airlog_row *r)
{
	struct hash_of *x = ctx;

	snprintf(x->hash, sizeof x->hash, "%s", r->hash);
	x->found = 1;
	return 1;
}

static int
row_hash(struct store *s, int64_t seq, char hash[65])
{
	struct airlog_filter f = {.from_ms = AIRLOG_NONE, .to_ms = AIRLOG_NONE, .by_seq = 1, .seq_from = seq};
	struct hash_of x = {.found = 0};

	if (seq == 0) {
		snprintf(hash, 65, "%s", AIRLOG_GENESIS);
		return 1;
	}
	if (airlog_each(s, &f, take_hash, &x) < 0)
		return -1;
	snprintf(hash, 65, "%s", x.hash);
	return x.found;
}

/* One message of rows being written. */
struct batch {
	FILE *f;      /* the message */
	int n, max;   /* rows in it, and the most it takes */
	int64_t last; /* the last row's seq */
};

static int
add_row(void *ctx, const struct airlog_row *r)
{
	struct batch *b = ctx;

	if (b->n && r->seq != b->last + 1)
		return 1; /* a hole in the chain: the hub will name it; send up to it */
	if (b->n)
		fputc(',', b->f);
	if (airlog_wire_write(b->f, r) != 0)
		return -1;
	b->last = r->seq;
	return ++b->n == b->max ? 1 : 0;
}

/* Publishes what fits between sent and the head. 0 or -1 (the
 * connection is in trouble). */
static int
pump(struct link *l)
{
	int batch = l->o->batch > 0 ? l->o->batch : LINK_BATCH_ROWS, walked = 0;

	if (!l->up || l->held)
		return 0;
	if (link_mark_get(l->s, &l->mark) != 0)
		return -1;
	if (l->sent < l->mark.seq)
		l->sent = l->mark.seq;
	while (l->sent < l->mark.head_seq && l->sent - l->mark.seq < LINK_WINDOW_ROWS) {
		struct airlog_filter f = {.from_ms = AIRLOG_NONE,
		                          .to_ms = AIRLOG_NONE,
		                          .by_seq = 1,
		                          .with_items = 1,
		                          .seq_from = l->sent + 1};
		struct batch b = {.max = batch, .last = l->sent};
		char *buf = NULL;
		size_t len = 0;
		int rc;

		if (!(b.f = open_memstream(&buf, &len)))
			return error(_("out of memory"));
		fputs("{\"station\":", b.f);
		fprintf(b.f, "\"%s\",\"rows\":[", l->o->station);
		rc = airlog_each(l->s, &f, add_row, &b);
		fputs("]}", b.f);
		if (fclose(b.f) != 0 || rc < 0) {
			free(buf);
			return -1;
		}
		if (b.n == 0) {
			free(buf);
			break;
		}
		rc = mqtt_publish(l->mqtt, l->topic_rows, buf, len, 1, 0);
		free(buf);
		if (rc != 0)
			return -1;
		if (l->sent == l->mark.seq)
			l->last_ack_ns = clock_mono_ns(); /* the wait for an answer starts now */
		log_debug("sent rows %lld to %lld to the hub", (long long)l->sent + 1, (long long)b.last);
		l->rows_sent += b.n;
		l->sent = b.last;
		walked = 1;
	}
	if (walked && l->sent >= l->mark.head_seq) {
		/* All sent: idle until the next airing closes. The log's pages
		 * go back to the page cache, the batches' memory to the system. */
		store_unmap(l->s);
		malloc_trim(0);
	}
	return 0;
}

/* What an acknowledgement says. */
struct ack {
	int64_t through;   /* the hub holds every row up to this */
	int64_t resend;    /* send again from this (0: no request) */
	char hash[65];     /* row through's hash at the hub */
	char problem[256]; /* what the hub found wrong, in its words, or "" */
	char code[32];     /* the same as a code (link_mark.h), or "" */
	int has_through;
};

static int
read_ack(void *ctx, const char *key, const char *p, const char *end)
{
	struct ack *a = ctx;

	if (strcmp(key, "through") == 0)
		return a->has_through = 1, json_int(p, end, &a->through);
	if (strcmp(key, "resend_from") == 0)
		return json_int(p, end, &a->resend);
	if (strcmp(key, "hash") == 0)
		return json_string(p, a->hash, sizeof a->hash) ? 0 : -1;
	if (strcmp(key, "problem") == 0)
		return json_string(p, a->problem, sizeof a->problem) ? 0 : -1;
	if (strcmp(key, "code") == 0)
		return json_string(p, a->code, sizeof a->code) ? 0 : -1;
	return 0; /* a newer hub's field */
}

static void
on_ack(struct link *l, const char *payload, size_t len)
{
	struct ack a = {0};
	char *text = strndup(payload, len), mine[65];
	int64_t now = clock_wall_ms();

	if (!text || json_walk(text, 0, read_ack, &a) != 0 || !a.has_through || a.through < 0) {
		warning(_("the hub's acknowledgement cannot be read: '%.200s'"), text ? text : "");
		free(text);
		return;
	}
	free(text);
	l->last_ack_ns = clock_mono_ns();
	if (link_mark_get(l->s, &l->mark) != 0)
		return;
	if (a.through != l->mark.seq || strcmp(a.hash, l->mark.hash) != 0) {
		/* The hub holds rows up to a.through: it must hold them as the
		 * station does. */
		int found = row_hash(l->s, a.through, mine);
		if (found < 0)
			return;
		if (!found || strcmp(mine, a.hash) != 0) {
			error(
			    _("the hub holds row %lld with another hash than this station's: %s (here: %s)"),
			    (long long)a.through, a.hash, found ? mine : "no such row");
			snprintf(a.problem, sizeof a.problem, "row %lld: the hub holds it with another hash",
			         (long long)a.through);
			link_problem_set(l->s, a.through, LINK_PROBLEM_OTHER_HASH, a.problem, now);
			l->held = a.through;
			return;
		}
		if (link_mark_set(l->s, a.through, a.hash, now) != 0)
			return;
		l->status_due = 1; /* the status's acknowledged count, within the minute */
		log_debug("the hub holds every row up to %lld", (long long)a.through);
	}
	if (a.resend > 0) {
		if (*a.problem) {
			if (l->held != a.resend)
				error(_("the hub refused row %lld of the airing log: %s"),
				      (long long)a.resend, a.problem);
			link_problem_set(l->s, a.resend, *a.code ? a.code : LINK_PROBLEM_UNREADABLE,
			                 a.problem, now);
			l->held = a.resend;
		}
		/* Every message in flight behind a lost one asks for the same
		 * rows again: go back once per gap, not once per message. */
		if (l->sent >= a.resend && (*a.problem || l->rewound != a.resend)) {
			log_debug("the hub asks for rows again from %lld", (long long)a.resend);
			l->sent = a.resend - 1;
			l->rewound = a.resend;
		}
	}
	if (l->rewound && a.through >= l->rewound)
		l->rewound = 0; /* the gap is filled */
	if (l->held && a.through >= l->held)
		l->held = 0; /* the hub took the row after all */
	if (l->sent < a.through)
		l->sent = a.through;
	pump(l);
}

/* Publishes the station's status when it changed (or force), at most
 * once a LINK_STATUS_MIN_S; a change that comes sooner waits (status_due). */
static void
status_publish(struct link *l, int force)
{
	static char text[LINK_STATUS_MAX];
	char sig[sizeof l->status_sig];
	int64_t now = clock_mono_ns();

	if (!l->up)
		return;
	if (link_status_text(l->s, l->o->db_path, l->o->report_topic, text, sizeof text, sig, sizeof sig) !=
	    0)
		return;
	l->status_due = 0;
	if (!force && strcmp(sig, l->status_sig) == 0)
		return; /* nothing the hub would see changed (a heartbeat) */
	if (!force && l->status_ns && now - l->status_ns < (int64_t)LINK_STATUS_MIN_S * 1000000000) {
		l->status_due = 1; /* too soon: once the minute is over */
		return;
	}
	if (mqtt_publish(l->mqtt, l->topic_status, text, strlen(text), 1, 1) == 0) {
		snprintf(l->status_sig, sizeof l->status_sig, "%s", sig);
		l->status_ns = now;
	}
}

static void
on_connect(void *ctx, int ok, const char *why)
{
	struct link *l = ctx;

	if (!ok) {
		/* A wrong password stays wrong: said once, tried again with
		 * the growing pause, not every second. */
		if (strcmp(why, l->last_why) != 0)
			warning(_("the hub's broker %s refused this station: %s"), l->o->broker.host, why);
		snprintf(l->last_why, sizeof l->last_why, "%s", why);
		return;
	}
	l->backoff_ms = 1000;
	*l->last_why = 0;
	l->up = 1;
	l->sent = 0;
	l->rewound = 0;
	if (mqtt_subscribe(l->mqtt, l->topic_ack, 1) != 0)
		return;
	log_info(_("connected to the hub's broker %s:%d as %s"), l->o->broker.host, l->o->broker.port,
	         l->o->station);
	status_publish(l, 1);
	link_bulletin_connected(&l->bul, l->mqtt, l->s, l->o);
	pump(l);
}

static void
on_published(void *ctx, int mid)
{
	struct link *l = ctx;

	link_bulletin_published(&l->bul, l->s, mid);
}

static void
on_message(void *ctx, const char *topic, const char *payload, size_t len)
{
	struct link *l = ctx;

	if (strcmp(topic, l->topic_ack) == 0)
		on_ack(l, payload, len);
	else
		link_bulletin_message(&l->bul, l->mqtt, l->s, l->o, topic, payload, len);
}

static void
watch_setup(struct link *l)
{
	const char *path = l->o->db_path, *slash = strrchr(path, '/');
	char dir[PATH_MAX];

	snprintf(l->db_base, sizeof l->db_base, "%s", slash ? slash + 1 : path);
	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
	if (!*dir)
		snprintf(dir, sizeof dir, "/");
	l->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (l->ifd < 0 ||
	    inotify_add_watch(l->ifd, dir, IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) < 0) {
		log_warn(_("cannot watch the station's folder '%s': new airings go to the hub every %d s"),
		         dir, LINK_RESEND_S);
		if (l->ifd >= 0)
			close(l->ifd);
		l->ifd = -1;
	}
	l->data_version = store_data_version(l->s);
}

/* Drains inotify; 1 when another process committed to the station. */
static int
watch_read(struct link *l)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	size_t blen = strlen(l->db_base);
	int ours = 0;
	ssize_t n;

	while ((n = read(l->ifd, buf, sizeof buf)) > 0)
		for (char *p = buf; p < buf + n;) {
			struct inotify_event *ev = (struct inotify_event *)p;
			if (ev->len && strncmp(ev->name, l->db_base, blen) == 0)
				ours = 1;
			p += sizeof *ev + ev->len;
		}
	if (!ours)
		return 0;
	int64_t v = store_data_version(l->s);
	if (v == l->data_version && store_wait_writers(l->s) == 0)
		v = store_data_version(l->s);
	if (v == l->data_version)
		return 0;
	l->data_version = v;
	return 1;
}

static int
signals_setup(void)
{
	struct sigaction sa = {.sa_handler = on_signal};

	if (pipe(sig_pipe) != 0)
		return error_errno(_("cannot make a pipe"));
	for (int i = 0; i < 2; i++)
		fcntl(sig_pipe[i], F_SETFL, fcntl(sig_pipe[i], F_GETFL) | O_NONBLOCK);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

/* How long poll may sleep: until the keep-alive, the next try to
 * connect, or the deadline of an answer for rows in flight. */
static int
sleep_ms(const struct link *l, int64_t next_try_ns)
{
	int64_t now = clock_mono_ns(), ms;

	if (mqtt_fd(l->mqtt) < 0)
		ms = (next_try_ns - now) / 1000000;
	else
		ms = mqtt_due_ms(l->mqtt);
	if (l->up && l->sent > l->mark.seq) {
		int64_t left = (l->last_ack_ns + (int64_t)LINK_RESEND_S * 1000000000 - now) / 1000000;
		ms = left < ms ? left : ms;
	}
	if (l->ifd < 0 && ms > LINK_RESEND_S * 1000)
		ms = LINK_RESEND_S * 1000;
	if (l->status_due) {
		int64_t left = (l->status_ns + (int64_t)LINK_STATUS_MIN_S * 1000000000 - now) / 1000000;
		ms = left < ms ? left : ms;
	}
	return ms < 0 ? 0 : ms > INT_MAX ? INT_MAX : (int)ms;
}

/* When to try to connect again: after the pause, which doubles up to
 * LINK_BACKOFF_MAX_S until the broker accepts us. */
static int64_t
next_try(struct link *l)
{
	int64_t at = clock_mono_ns() + l->backoff_ms * 1000000;

	l->backoff_ms =
	    l->backoff_ms * 2 > LINK_BACKOFF_MAX_S * 1000 ? LINK_BACKOFF_MAX_S * 1000 : l->backoff_ms * 2;
	return at;
}

int
link_run(struct store *s, const struct link_options *o)
{
	struct link l = {.s = s, .o = o, .ifd = -1, .backoff_ms = 1000};
	char client[CLIENT_ID_MAX], why[256];
	struct mqtt_options mo = {.client_id = client,
	                          .user = o->user,
	                          .password = o->password,
	                          .ca = o->ca,
	                          .clean = 0,
	                          .keepalive_s = LINK_KEEPALIVE_S,
	                          .will_topic = l.topic_status,
	                          .will_payload = LINK_STATUS_OFFLINE,
	                          .on_connect = on_connect,
	                          .on_message = on_message,
	                          .on_published = on_published,
	                          .ctx = &l};
	int64_t next_try_ns = 0;

	snprintf(client, sizeof client, "loa-station-%s", o->station);
	airlog_wire_topic(l.topic_rows, sizeof l.topic_rows, o->station, "rows");
	airlog_wire_topic(l.topic_ack, sizeof l.topic_ack, o->station, "ack");
	airlog_wire_topic(l.topic_status, sizeof l.topic_status, o->station, "status");
	link_bulletin_init(&l.bul, o->station);
	if (signals_setup() != 0 || link_mark_get(s, &l.mark) != 0)
		return -1;
	if (o->settings)
		link_bulletin_sweep(s);
	if (!(l.mqtt = mqtt_open(&o->broker, &mo)))
		return -1;
	watch_setup(&l);
	log_info(_("the link to the hub starts: %lld rows of the airing log, the hub holds %lld"),
	         (long long)l.mark.head_seq, (long long)l.mark.seq);
	while (!got_term) {
		struct pollfd pf[3];
		int np = 0, mi = -1, changed = 0;

		if (mqtt_fd(l.mqtt) < 0 && clock_mono_ns() >= next_try_ns) {
			l.up = 0;
			if (mqtt_connect(l.mqtt, why, sizeof why) != 0) {
				if (strcmp(why, l.last_why) != 0)
					warning(_("cannot reach the hub's broker %s:%d: %s; trying again, "
					          "the airing log waits in the station"),
					        o->broker.host, o->broker.port, why);
				snprintf(l.last_why, sizeof l.last_why, "%s", why);
				next_try_ns = next_try(&l);
			}
		}
		pf[np++] = (struct pollfd){.fd = sig_pipe[0], .events = POLLIN};
		if (l.ifd >= 0)
			pf[np++] = (struct pollfd){.fd = l.ifd, .events = POLLIN};
		if (mqtt_fd(l.mqtt) >= 0) {
			mi = np;
			pf[np++] =
			    (struct pollfd){.fd = mqtt_fd(l.mqtt),
			                    .events = POLLIN | (mqtt_wants_write(l.mqtt) ? POLLOUT : 0)};
		}
		if (poll(pf, (nfds_t)np, sleep_ms(&l, next_try_ns)) < 0 && errno != EINTR)
			break;
		if (got_term)
			break;
		if (l.ifd >= 0 && (pf[1].revents & POLLIN))
			changed = watch_read(&l);
		if (mi >= 0 && mqtt_service(l.mqtt, (pf[mi].revents & (POLLIN | POLLERR | POLLHUP)) != 0,
		                            (pf[mi].revents & POLLOUT) != 0, why, sizeof why) != 0) {
			if (l.up)
				warning(
				    _("the connection to the hub's broker was lost: %s; connecting again"),
				    why);
			l.up = 0;
			next_try_ns = next_try(&l);
			continue;
		}
		if (l.up && l.sent > l.mark.seq &&
		    clock_mono_ns() - l.last_ack_ns >= (int64_t)LINK_RESEND_S * 1000000000) {
			/* No word from the hub for the rows in flight: it may
			 * have lost them (a broker without its session); they go
			 * again, and the hub takes each row once. */
			log_info(_("no acknowledgement from the hub for %d s: sending again from row %lld"),
			         LINK_RESEND_S, (long long)l.mark.seq + 1);
			l.sent = l.mark.seq;
			changed = 1;
		}
		if ((changed || l.ifd < 0) && pump(&l) != 0)
			warning(_("cannot send the airing log to the hub now; trying again later"));
		if (changed && l.up)
			link_bulletin_tell(&l.bul, l.mqtt, s,
			                   o); /* loa bulletin schedule, in another process */
		if (changed || (l.status_due &&
		                clock_mono_ns() - l.status_ns >= (int64_t)LINK_STATUS_MIN_S * 1000000000))
			status_publish(&l, 0);
	}
	log_info(_("the link to the hub stops: %lld rows sent"), (long long)l.rows_sent);
	if (l.up) {
		/* A clean goodbye publishes no will: say it ourselves, and let
		 * it go out before the connection closes. */
		char why2[64];
		mqtt_publish(l.mqtt, l.topic_status, LINK_STATUS_OFFLINE, strlen(LINK_STATUS_OFFLINE), 1, 1);
		for (int i = 0; i < 10 && mqtt_unconfirmed(l.mqtt) > 0; i++) {
			struct pollfd pf = {.fd = mqtt_fd(l.mqtt), .events = POLLIN | POLLOUT};
			if (pf.fd < 0 || poll(&pf, 1, 100) < 0 ||
			    mqtt_service(l.mqtt, (pf.revents & POLLIN) != 0, (pf.revents & POLLOUT) != 0,
			                 why2, sizeof why2) != 0)
				break;
		}
	}
	mqtt_disconnect(l.mqtt);
	mqtt_close(l.mqtt);
	if (l.ifd >= 0)
		close(l.ifd);
	for (int i = 0; i < 2; i++)
		close(sig_pipe[i]), sig_pipe[i] = -1;
	return 0;
}

/* What link_check's callbacks fill. */
struct checking {
	struct mqtt *mqtt;
	struct link_check *out;
	char topic_ack[128];
	int answered; /* the broker answered the connection */
};

static void
check_connect(void *ctx, int ok, const char *why)
{
	struct checking *c = ctx;

	c->answered = 1;
	c->out->reachable = ok;
	if (!ok)
		snprintf(c->out->why, sizeof c->out->why, "%s", why);
	else
		mqtt_subscribe(c->mqtt, c->topic_ack, 1);
}

static void
check_message(void *ctx, const char *topic, const char *payload, size_t len)
{
	struct checking *c = ctx;
	struct ack a = {0};
	char *text;

	if (strcmp(topic, c->topic_ack) != 0 || !(text = strndup(payload, len)))
		return;
	if (json_walk(text, 0, read_ack, &a) == 0 && a.has_through) {
		c->out->heard = 1;
		c->out->hub_through = a.through;
		snprintf(c->out->hub_problem, sizeof c->out->hub_problem, "%s", a.problem);
	}
	free(text);
}

int
link_check(struct store *s, const struct link_options *o, int timeout_ms, struct link_check *out)
{
	struct checking c = {.out = out};
	char client[CLIENT_ID_MAX], why[256];
	struct mqtt_options mo = {.client_id = client,
	                          .user = o->user,
	                          .password = o->password,
	                          .ca = o->ca,
	                          .clean = 1,
	                          .keepalive_s = 10,
	                          .on_connect = check_connect,
	                          .on_message = check_message,
	                          .ctx = &c};
	int64_t end = clock_mono_ns() + (int64_t)timeout_ms * 1000000;

	memset(out, 0, sizeof *out);
	if (link_mark_get(s, &out->mark) != 0)
		return -1;
	/* Its own session, never the link's: a check must not take the
	 * running link's place at the broker. */
	snprintf(client, sizeof client, "loa-check-%s-%d", o->station, (int)getpid());
	airlog_wire_topic(c.topic_ack, sizeof c.topic_ack, o->station, "ack");
	if (!(c.mqtt = mqtt_open(&o->broker, &mo)))
		return -1;
	if (mqtt_connect(c.mqtt, out->why, sizeof out->why) == 0) {
		while (!out->heard && (!c.answered || out->reachable)) {
			int64_t left = (end - clock_mono_ns()) / 1000000;
			struct pollfd pf = {.fd = mqtt_fd(c.mqtt), .events = POLLIN};
			if (left <= 0 || pf.fd < 0)
				break;
			if (mqtt_wants_write(c.mqtt))
				pf.events |= POLLOUT;
			if (poll(&pf, 1, (int)left) < 0 && errno != EINTR)
				break;
			if (mqtt_service(c.mqtt, (pf.revents & POLLIN) != 0, (pf.revents & POLLOUT) != 0, why,
			                 sizeof why) != 0) {
				/* The broker's own word (not authorised...) first. */
				if (!*out->why)
					snprintf(out->why, sizeof out->why, "%s", why);
				break;
			}
		}
		if (!c.answered && !*out->why)
			snprintf(out->why, sizeof out->why, "no answer from the broker in %d ms", timeout_ms);
		mqtt_disconnect(c.mqtt);
	}
	mqtt_close(c.mqtt);
	return 0;
}
