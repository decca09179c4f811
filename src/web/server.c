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
 * The main thread waits for SIGTERM or SIGINT (blocked before the
 * server's thread starts, so that thread never receives them), then stops
 * the server: connections are closed and the process exits 0. While it
 * waits it renews the airing log's verified-through mark on time: the
 * full pass of the chain (chain.c).
 *
 * HTTPS is libmicrohttpd's own TLS (GnuTLS), given the certificate and key
 * tls.c read and checked; only TLS 1.2 and 1.3, with forward-secret key
 * exchanges and AEAD ciphers (TLS_PRIORITIES below).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "loa/clock.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "web/web.h"

#define CONNECTIONS_MAX    64 /* connections open at once */
#define CONNECTIONS_PER_IP 16 /* from one address */
#define IDLE_TIMEOUT_S     30 /* a connection idle this long is closed */

/* GnuTLS's priorities under HTTPS: TLS 1.2 and 1.3 only (1.0 and 1.1 are
 * broken and every browser of the last years has 1.2), ECDHE key exchange
 * (forward secrecy) and AEAD ciphers; close to Mozilla's "intermediate"
 * profile, so phones from Android 5 (2014) on still get in. The server
 * picks the order. */
#define TLS_PRIORITIES                                                                                       \
	"SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-CIPHER-ALL:+AES-128-GCM:+AES-256-GCM:"               \
	"+CHACHA20-POLY1305:-MAC-ALL:+AEAD:-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:%SERVER_PRECEDENCE"
/* Under HTTPS a browser that has seen the console once comes back only by
 * HTTPS for a year, so nobody on the office's network can offer it the
 * plain page. Without includeSubDomains: the console's name may be one of
 * many on the commune's network. */
#define HSTS "max-age=31536000"

#define UPLOAD_FIELD_MAX 8192 /* bytes of a form's text field (longer: refused as too long) */
#define UPLOAD_PATH      "/api/v1/clips"

/* An upload being received (POST /api/v1/clips, multipart/form-data):
 * the file goes straight to a temporary folder of the library, never
 * into memory. */
struct upload {
	struct MHD_PostProcessor *pp;    /* libmicrohttpd's parser of the form */
	int64_t max;                     /* bytes the file may have */
	char lib[PATH_MAX - 400];        /* the library's folder */
	char dir[PATH_MAX - 300];        /* lib/.upload-XXXXXX ("" none yet) */
	char path[PATH_MAX];             /* dir/<the browser's file name> ("" none yet) */
	char name[256];                  /* that name */
	int fd;                          /* the file being written, or -1 */
	int64_t bytes;                   /* written so far */
	int files;                       /* parts named "file" seen */
	int failed;                      /* a write failed (errno in err) */
	int err;                         /* that errno */
	char field[4][UPLOAD_FIELD_MAX]; /* title, topic, valid_from, valid_until */
	int given[4];                    /* each was sent */
};

/* What one request has sent so far. */
struct pending {
	char *body;        /* the body received (NUL-terminated), or NULL */
	size_t len, cap;   /* its bytes, and room */
	int too_big;       /* it went over the limit: the rest is dropped, the answer is 413 */
	size_t max;        /* the limit: bytes the body may have (web_body_max) */
	struct upload *up; /* an upload's state, or NULL */
};

/* An upload's folder in the library: ".upload-PID-XXXXXX", so a console
 * starting after a crash (kill -9, a power cut) knows which it may remove:
 * those of a process that no longer runs. */
#define UPLOAD_PREFIX ".upload-"

static const char *const upload_fields[4] = {"title", "topic", "valid_from", "valid_until"};

/* Served over TLS: every answer says so (HSTS). Set once, before the
 * server's thread starts. */
static int serving_https;

/* Removes what the upload left in the library: its file and folder. */
static void
upload_clean(struct upload *u)
{
	if (u->fd >= 0)
		close(u->fd);
	u->fd = -1;
	if (*u->path)
		unlink(u->path);
	if (*u->dir)
		rmdir(u->dir);
	u->path[0] = u->dir[0] = 0;
}

void
web_safe_name(const char *given, const char *fallback, char *out, size_t n)
{
	const char *b = given ? given : "";

	for (const char *p = b; *p; p++)
		if (*p == '/' || *p == '\\')
			b = p + 1;
	snprintf(out, n, "%s", b);
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '_';
	if (!*out || strcmp(out, ".") == 0 || strcmp(out, "..") == 0)
		snprintf(out, n, "%s", fallback);
}

/* libmicrohttpd's form parser hands each part's bytes here. */
static enum MHD_Result
on_form(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename, const char *content_type,
        const char *transfer_encoding, const char *data, uint64_t off, size_t size)
{
	struct pending *p = cls;
	struct upload *u = p->up;

	(void)kind, (void)content_type, (void)transfer_encoding;
	if (strcmp(key, "file") == 0) {
		if (off == 0 && u->files++ == 0) {
			snprintf(u->dir, sizeof u->dir, "%s/" UPLOAD_PREFIX "%ld-XXXXXX", u->lib,
			         (long)getpid());
			if (!mkdtemp(u->dir)) {
				u->dir[0] = 0;
				u->failed = 1, u->err = errno;
				return MHD_YES;
			}
			web_safe_name(filename, "upload", u->name, sizeof u->name);
			snprintf(u->path, sizeof u->path, "%s/%s", u->dir, u->name);
			u->fd = open(u->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
			if (u->fd < 0)
				u->failed = 1, u->err = errno;
		}
		if (u->files > 1 || u->failed || p->too_big)
			return MHD_YES; /* one file a request: the rest is dropped */
		if (u->bytes + (int64_t)size > u->max) {
			p->too_big = 1;
			upload_clean(u);
			return MHD_YES;
		}
		for (size_t done = 0; done < size;) {
			ssize_t n = write(u->fd, data + done, size - done);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				u->failed = 1, u->err = n < 0 ? errno : ENOSPC;
				upload_clean(u);
				return MHD_YES;
			}
			done += (size_t)n;
		}
		u->bytes += (int64_t)size;
		return MHD_YES;
	}
	for (int i = 0; i < 4; i++)
		if (strcmp(key, upload_fields[i]) == 0) {
			size_t have = strlen(u->field[i]);
			size_t room = sizeof u->field[i] - 1 - have;
			u->given[i] = 1;
			memcpy(u->field[i] + have, data, size < room ? size : room);
			u->field[i][have + (size < room ? size : room)] = 0;
		}
	return MHD_YES;
}

/* Starts an upload's parsing; NULL when the body is not a form. */
static struct upload *
upload_start(struct MHD_Connection *c, struct pending *p, const struct web *w)
{
	struct upload *u = calloc(1, sizeof *u);

	if (!u)
		return NULL;
	u->fd = -1;
	u->max = w->o->upload_max;
	snprintf(u->lib, sizeof u->lib, "%s", store_library_dir(w->store));
	p->up = u;
	if (!(u->pp = MHD_create_post_processor(c, 64 * 1024, on_form, p))) {
		free(u);
		p->up = NULL;
		return NULL;
	}
	return u;
}

static void
upload_free(struct upload *u)
{
	if (!u)
		return;
	if (u->pp)
		MHD_destroy_post_processor(u->pp);
	upload_clean(u);
	free(u);
}

int
web_tls_supported(void)
{
	return MHD_is_feature_supported(MHD_FEATURE_TLS) == MHD_YES;
}

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

/* libmicrohttpd's reader of a streamed body. It never returns 0: with
 * libmicrohttpd's own thread that would make it ask again at once. */
static ssize_t
stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	long n = web_stream_read(cls, buf, max);

	(void)pos;
	if (n > 0)
		return (ssize_t)n;
	return n == 0 ? MHD_CONTENT_READER_END_OF_STREAM : MHD_CONTENT_READER_END_WITH_ERROR;
}

static void
stream_free(void *cls)
{
	web_stream_free(cls);
}

/* Sends out on c with the headers every answer carries. */
static enum MHD_Result
send_resp(struct MHD_Connection *c, struct web_resp *out)
{
	struct MHD_Response *resp;
	enum MHD_Result rc;

	if (out->stream) {
		/* Each part is written as the client has read the one before
		 * (128 KiB at a time: a quarter's agenda is 20 MB, and each chunk
		 * costs the client a turn of its own): chunked, or closed at the end
		 * for HTTP/1.0. */
		resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 128 * 1024, stream_read,
		                                         out->stream, stream_free);
		if (!resp)
			web_stream_free(out->stream);
		out->stream = NULL;
		free(out->body);
	} else if (out->fd >= 0) {
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
	if (serving_https)
		MHD_add_response_header(resp, "Strict-Transport-Security", HSTS);
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

/* Answers 413 at once (the body is not read): more than max bytes. */
static enum MHD_Result
too_big(struct MHD_Connection *c, const char *lang, size_t max)
{
	struct web_resp out = {.fd = -1, .api = 1};
	char size[32];

	web_capture_begin(lang);
	snprintf(size, sizeof size, "%zu", max / 1024);
	web_fail(&out, 413, NULL, _("send less at once"), _("the request is larger than %s KiB"), size);
	return send_resp(c, &out);
}

/* The request's parts that need no body. */
static void
req_head(struct web_req *r, struct MHD_Connection *c, const char *url, const char *method, const char *lang)
{
	r->method = method;
	r->path = url;
	r->lang = lang;
	r->conn = c;
	r->now_ms = clock_wall_ms();
	client_addr(c, r->addr, sizeof r->addr);
	web_capture_begin(lang);
}

/* Answers 413 for an upload over the limit (its file already removed). */
static enum MHD_Result
upload_too_big(struct MHD_Connection *c, const struct web *w, const char *lang)
{
	struct web_resp out = {.fd = -1, .api = 1};
	char size[32];

	web_capture_begin(lang);
	snprintf(size, sizeof size, "%lld MB", (long long)(w->o->upload_max / 1000000));
	web_fail(&out, 413, "file",
	         _("cut the recording into shorter parts, or raise [web] upload_max in loa.conf"),
	         _("the file is larger than the console takes (%s)"), size);
	return send_resp(c, &out);
}

/* An upload: checked before its body is read, then parsed as it comes
 * (the file to the library's disk), then answered. */
static enum MHD_Result
on_upload(struct web *w, struct MHD_Connection *c, struct pending *p, const char *url, const char *method,
          const char *lang, const char *data, size_t *size)
{
	struct web_req r = {0};
	struct web_resp out = {.fd = -1, .status = 200};
	struct upload *u = p->up;

	if (*size) {
		if (u && !p->too_big && MHD_post_process(u->pp, data, *size) != MHD_YES)
			u->failed = u->failed ? u->failed : 2;
		*size = 0;
		return MHD_YES;
	}
	if (p->too_big) {
		if (u)
			upload_clean(u);
		return upload_too_big(c, w, lang);
	}
	req_head(&r, c, url, method, lang);
	if (u && u->fd >= 0) {
		close(u->fd);
		u->fd = -1;
	}
	if (u && u->failed == 1) {
		upload_clean(u);
		error_at(ERR_FILE, "file", _("cannot write the file received into the library folder: %s"),
		         strerror(u->err));
		web_fail_core(&out, 500);
		return send_resp(c, &out);
	}
	if (u && u->files && *u->path) {
		r.upload_path = u->path;
		r.upload_name = u->name;
	}
	for (int i = 0; u && i < 4; i++)
		r.form[i] = u->given[i] ? u->field[i] : NULL;
	web_handle(w, &r, &out);
	if (u)
		upload_clean(u);
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
	size_t max = WEB_JSON_MAX;

	(void)version;
	if (!p) {
		const char *cl =
		    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		int upload = strcmp(method, "POST") == 0 && strcmp(url, UPLOAD_PATH) == 0;
		if (upload) {
			/* Who may send is known before a byte of the file is read. */
			req_head(&r, c, url, method, lang);
			if (web_upload_gate(w, &r, &out) != 0)
				return send_resp(c, &out);
			/* The form's fields and boundaries take a little more than the file. */
			if (cl && strtoll(cl, NULL, 10) > w->o->upload_max + 4 * UPLOAD_FIELD_MAX + 4096)
				return upload_too_big(c, w, lang);
		} else {
			/* A body larger than JSON's (a calendar) is read only when
			 * its sender may change the station, as an upload is. */
			if ((max = web_body_max(method, url)) > WEB_JSON_MAX) {
				req_head(&r, c, url, method, lang);
				if (web_upload_gate(w, &r, &out) != 0)
					return send_resp(c, &out);
			}
			if (cl && strtoll(cl, NULL, 10) > (long long)max)
				return too_big(c, lang, max);
		}
		if (!(p = calloc(1, sizeof *p)))
			return MHD_NO;
		*con_cls = p;
		p->max = max;
		if (upload && !upload_start(c, p, w)) {
			/* Not a form (or no memory): answered when the body is in. */
			p->up = NULL;
		}
		if (upload)
			p->len = (size_t)-1; /* marks an upload */
		return MHD_YES;
	}
	if (p->len == (size_t)-1)
		return on_upload(w, c, p, url, method, lang, upload_data, upload_data_size);
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (p->too_big || p->len + n > p->max) {
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
		return too_big(c, lang, p->max);
	req_head(&r, c, url, method, lang);
	r.body = p->body;
	r.body_len = p->len;
	web_handle(w, &r, &out);
	return send_resp(c, &out);
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct pending *p = *con_cls;

	(void)cls, (void)c, (void)toe;
	if (p) {
		upload_free(p->up);
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

/* Removes what uploads cut short by a dead console left in the library
 * (lib/.upload-PID-XXXXXX whose PID no longer runs, or without a PID). */
static void
sweep_uploads(const char *lib)
{
	DIR *d = opendir(lib);
	struct dirent *e;
	int n = 0;

	if (!d)
		return;
	while ((e = readdir(d))) {
		const char *name = e->d_name;
		char *end;
		long pid;
		if (strncmp(name, UPLOAD_PREFIX, strlen(UPLOAD_PREFIX)) != 0)
			continue;
		pid = strtol(name + strlen(UPLOAD_PREFIX), &end, 10);
		if (*end == '-' && pid > 0 &&
		    (pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno == EPERM))
			continue; /* a live console's upload */
		int fd = openat(dirfd(d), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		DIR *sub = fd >= 0 ? fdopendir(fd) : NULL;
		if (!sub) {
			if (fd >= 0)
				close(fd);
			continue;
		}
		for (struct dirent *f; (f = readdir(sub));)
			if (strcmp(f->d_name, ".") != 0 && strcmp(f->d_name, "..") != 0)
				unlinkat(dirfd(sub), f->d_name, 0);
		closedir(sub);
		n += unlinkat(dirfd(d), name, AT_REMOVEDIR) == 0;
	}
	closedir(d);
	if (n)
		log_info(_("removed %d unfinished upload(s) left in the clip library by an earlier run"), n);
}

int
web_serve(struct store *s, const struct web_options *o)
{
	struct web w = {.store = s, .o = o, .https = o->tls != NULL, .chain = web_chain_init()};
	struct MHD_OptionItem tls[] = {
	    {MHD_OPTION_HTTPS_MEM_CERT, 0, o->tls ? o->tls->cert : NULL},
	    {MHD_OPTION_HTTPS_MEM_KEY, 0, o->tls ? o->tls->key : NULL},
	    {MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)TLS_PRIORITIES},
	    {MHD_OPTION_END, 0, NULL},
	};
	struct MHD_OptionItem plain[] = {{MHD_OPTION_END, 0, NULL}};
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
	if (o->tls)
		flags |= MHD_USE_TLS;
	serving_https = w.https;
	if (store_station_get(s, &w.station) != 0)
		return -1;
	sweep_uploads(store_library_dir(s));
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
	                     MHD_OPTION_ARRAY, o->tls ? tls : plain, MHD_OPTION_END);
	if (!d) {
		pthread_sigmask(SIG_UNBLOCK, &set, NULL);
		return error(_("cannot listen on %s: the address is taken or not this computer's"),
		             o->listen);
	}
	if (o->tls)
		log_info(_("the web console listens on https://%s/"), o->listen);
	else
		log_info(_("the web console listens on http://%s/"), o->listen);
	/* Between two signals the main thread renews the chain's mark on
	 * time (chain.c says why here). */
	for (;;) {
		struct timespec every = {web_chain_every(w.chain), 0};
		sig = sigtimedwait(&set, NULL, &every);
		if (sig == SIGTERM || sig == SIGINT)
			break;
		if (sig < 0 && errno == EAGAIN)
			web_chain_tick(&w);
	}
	MHD_stop_daemon(d);
	web_chain_done(w.chain);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	log_info(_("the web console stopped"));
	return 0;
}
