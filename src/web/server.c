/*
 * server.c — loa web's HTTP server: the one module that includes
 * libmicrohttpd (microhttpd.h).
 *
 * One thread serves every request: libmicrohttpd's internal polling
 * thread (MHD_USE_INTERNAL_POLLING_THREAD without a thread pool or a
 * thread per connection). The core was written for one thread per
 * process: the station's SQLite connection and its cache of prepared
 * statements, the agenda's cache and the language gettext answers in are
 * per process and unlocked. A second request thread would race on them;
 * one thread needs no lock, and a request of the console takes
 * milliseconds (the benchmark measures it). Slow clients cannot hold that
 * thread: the server never blocks on a socket, and the limits below close
 * what is idle too long, cap the connections (in all and per address),
 * and cap what a request may send.
 *
 * The main thread only waits for SIGTERM or SIGINT (blocked before the
 * server's thread starts, so that thread never receives them), then stops
 * the server: connections are closed and the process exits 0.
 */
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "loa/clock.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "web/web.h"

#define CONNECTIONS_MAX    64 /* connections open at once */
#define CONNECTIONS_PER_IP 16 /* from one address */
#define IDLE_TIMEOUT_S     30 /* a connection idle this long is closed */

/* What one request has sent so far. */
struct pending {
	char *body;      /* the body received (NUL-terminated), or NULL */
	size_t len, cap; /* its bytes, and room */
	int too_big;     /* it went over the limit: the rest is dropped, the answer is 413 */
};

int
web_parse_listen(const char *text, void *sa, unsigned *len)
{
	struct addrinfo hints = {.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE,
	                         .ai_socktype = SOCK_STREAM};
	struct addrinfo *ai = NULL;
	char host[128];
	const char *colon, *port, *start;
	size_t hl;
	char *end;
	long p;

	if (!text || !*text)
		return -1;
	if (*text == '[') {
		const char *close = strchr(text, ']');
		if (!close || close[1] != ':')
			return -1;
		start = text + 1;
		hl = (size_t)(close - start);
		colon = close + 1;
	} else {
		if (!(colon = strrchr(text, ':')) || memchr(text, ':', (size_t)(colon - text)))
			return -1;
		start = text;
		hl = (size_t)(colon - text);
	}
	if (hl >= sizeof host)
		return -1;
	memcpy(host, start, hl);
	host[hl] = 0;
	port = colon + 1;
	p = strtol(port, &end, 10);
	if (!*port || *end || p < 1 || p > 65535)
		return -1;
	if (getaddrinfo(*host ? host : NULL, port, &hints, &ai) != 0 || !ai)
		return -1;
	memcpy(sa, ai->ai_addr, ai->ai_addrlen);
	*len = (unsigned)ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

const char *
web_arg(const struct web_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *
web_header(const struct web_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *
web_cookie(const struct web_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

/* The client's address in text. */
static void
client_addr(struct MHD_Connection *c, char *buf, size_t n)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	socklen_t len =
	    sa && sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);

	if (!sa || getnameinfo(sa, len, buf, (socklen_t)n, NULL, 0, NI_NUMERICHOST) != 0)
		snprintf(buf, n, "?");
}

/* Sends out on c with the headers every answer carries. */
static enum MHD_Result
send_resp(struct MHD_Connection *c, struct web_resp *out)
{
	struct MHD_Response *resp;
	enum MHD_Result rc;

	if (out->fd >= 0) {
		resp = MHD_create_response_from_fd_at_offset64((uint64_t)out->size, out->fd,
		                                               (uint64_t)out->offset);
		if (!resp)
			close(out->fd);
		free(out->body);
	} else {
		resp = MHD_create_response_from_buffer(out->len, out->body, MHD_RESPMEM_MUST_FREE);
		if (!resp)
			free(out->body);
	}
	out->body = NULL;
	if (!resp)
		return MHD_NO;
	/* Nothing of the console may be framed, sniffed, or load a script or
	 * a style from elsewhere (doc/api.md). */
	MHD_add_response_header(resp, "Content-Security-Policy",
	                        "default-src 'self'; img-src 'self' data:; style-src 'self'; "
	                        "script-src 'self'; frame-ancestors 'none'");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	if (out->type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, out->type);
	if (out->api || !out->cache)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	else
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, out->cache);
	for (int i = 0; i < out->nheaders; i++)
		MHD_add_response_header(resp, out->headers[i][0], out->headers[i][1]);
	rc = MHD_queue_response(c, (unsigned)out->status, resp);
	MHD_destroy_response(resp);
	return rc;
}

/* Answers 413 at once (the body is not read). */
static enum MHD_Result
too_big(struct MHD_Connection *c, const char *lang)
{
	struct web_resp out = {.fd = -1, .api = 1};
	char size[32];

	web_capture_begin(lang);
	snprintf(size, sizeof size, "%d", WEB_JSON_MAX / 1024);
	web_fail(&out, 413, NULL, _("send less at once"), _("the request is larger than %s KiB"), size);
	return send_resp(c, &out);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method, const char *version,
           const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct web *w = cls;
	struct pending *p = *con_cls;
	struct web_req r = {0};
	struct web_resp out = {.fd = -1, .status = 200};
	const char *lang = web_lang_of(MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Language"));

	(void)version;
	if (!p) {
		const char *cl =
		    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoll(cl, NULL, 10) > WEB_JSON_MAX)
			return too_big(c, lang);
		if (!(p = calloc(1, sizeof *p)))
			return MHD_NO;
		*con_cls = p;
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (p->too_big || p->len + n > WEB_JSON_MAX) {
			p->too_big = 1;
			return MHD_YES;
		}
		if (p->len + n + 1 > p->cap) {
			size_t cap = (p->len + n + 1) * 2;
			char *b = realloc(p->body, cap);
			if (!b)
				return MHD_NO;
			p->body = b, p->cap = cap;
		}
		memcpy(p->body + p->len, upload_data, n);
		p->len += n;
		p->body[p->len] = 0;
		return MHD_YES;
	}
	if (p->too_big)
		return too_big(c, lang);
	r.method = method;
	r.path = url;
	r.body = p->body;
	r.body_len = p->len;
	r.lang = lang;
	r.conn = c;
	r.now_ms = clock_wall_ms();
	client_addr(c, r.addr, sizeof r.addr);
	web_capture_begin(lang);
	web_handle(w, &r, &out);
	return send_resp(c, &out);
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct pending *p = *con_cls;

	(void)cls, (void)c, (void)toe;
	if (p) {
		free(p->body);
		free(p);
		*con_cls = NULL;
	}
}

/* libmicrohttpd's own messages (a socket error...), as log lines. */
static void
on_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	size_t n;

	(void)cls;
	vsnprintf(msg, sizeof msg, fmt, ap);
	n = strlen(msg);
	while (n && msg[n - 1] == '\n')
		msg[--n] = 0;
	log_info("libmicrohttpd: %s", msg);
}

int
web_serve(struct store *s, const struct web_options *o)
{
	struct web w = {.store = s, .o = o};
	struct sockaddr_storage sa;
	struct MHD_Daemon *d;
	unsigned len;
	sigset_t set;
	int sig = 0;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;

	if (web_parse_listen(o->listen, &sa, &len) != 0)
		return error_at(ERR_INPUT, "listen", _("not an address and port to listen on: '%s'"),
		                o->listen);
	if (sa.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (store_station_get(s, &w.station) != 0)
		return -1;
	/* Blocked here, before the server's thread starts: it inherits the
	 * mask, so only sigwait below ever sees them. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, &w, MHD_OPTION_EXTERNAL_LOGGER, on_log, NULL,
	                     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_CONNECTION_LIMIT,
	                     (unsigned)CONNECTIONS_MAX, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	                     (unsigned)CONNECTIONS_PER_IP, MHD_OPTION_CONNECTION_TIMEOUT,
	                     (unsigned)IDLE_TIMEOUT_S, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	                     MHD_OPTION_END);
	if (!d) {
		pthread_sigmask(SIG_UNBLOCK, &set, NULL);
		return error(_("cannot listen on %s: the address is taken or not this computer's"),
		             o->listen);
	}
	log_info(_("the web console listens on http://%s/"), o->listen);
	while (sigwait(&set, &sig) != 0 || (sig != SIGTERM && sig != SIGINT))
		;
	MHD_stop_daemon(d);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	log_info(_("the web console stopped"));
	return 0;
}
