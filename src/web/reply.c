/*
 * reply.c — the console's answers: JSON bodies, errors in the request's
 * language, and the core's messages caught while a request runs.
 *
 * The core reports through log.h; while a request runs, the writer here
 * keeps its first error (text, kind, field) and the hint after it, so an
 * endpoint that gets -1 from the core answers with what the core said, in
 * the request's language: gettext follows $LANGUAGE, set for each request
 * (one thread serves them all, server.c). Advice the command line words
 * with its flags is worded here for the console.
 *
 * A long answer (the airing log of years) is streamed: its writer writes
 * one part at a time into a FILE* on a buffer of this module
 * (fopencookie), and the next part is written only once the client has
 * read the one before, so the memory is one part's however long the
 * answer.
 */
#define _GNU_SOURCE /* fopencookie */
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/fmt.h"
#include "loa/i18n.h"
#include "web/web.h"

/* gettext's count of catalogue changes: raising it makes gettext look
 * again at $LANGUAGE (what setlocale does). */
extern int _nl_msg_cat_cntr;

/* The core's first error of the request, and the hint that followed it. */
static struct {
	int have;           /* an error was reported */
	enum err_kind kind; /* its kind */
	char field[64];     /* the input field at fault, or "" */
	char text[1024];    /* what it said */
	char hint[1024];    /* the hint after it, or "" */
} caught;

/* The core's warnings and notes of the request, in order. */
static struct {
	char v[WEB_NOTES_MAX][512]; /* their texts */
	int n;                      /* how many */
} notes;

/* The console's words for the core's advice, or NULL for none. */
static const char *
advice_text(enum advice a)
{
	switch (a) {
	case ADVICE_CLIP_IN_USE:
		return _("remove it from its slots and playlists first");
	case ADVICE_PLAYLIST_NAME:
		return _("choose another name, or open that playlist and change it");
	case ADVICE_CLIP_LIST:
		return _("the clip library lists every clip with its number");
	case ADVICE_AGENDA_TOO_BIG:
		return _("ask for a shorter period");
	case ADVICE_START_DAEMON:
		return _("ask whoever looks after the broadcast PC to start it (sudo systemctl start loa), "
		         "then press again");
	case ADVICE_CHAIN_BROKEN:
	case ADVICE_LOG_VERIFY:
		return _(
		    "keep the station's database as it is and tell whoever looks after the broadcast PC");
	default:
		return NULL;
	}
}

static void
capture(const struct log_msg *m, void *ctx)
{
	(void)ctx;
	if (m->level == LOG_LEVEL_ERR && !m->hint && !m->warning) {
		if (caught.have)
			return;
		caught.have = 1;
		caught.kind = m->kind;
		snprintf(caught.field, sizeof caught.field, "%s", m->field ? m->field : "");
		snprintf(caught.text, sizeof caught.text, "%s", m->text ? m->text : "");
		return;
	}
	if (m->hint) {
		const char *t = m->text ? m->text : advice_text(m->advice);
		if (caught.have && !*caught.hint && t)
			snprintf(caught.hint, sizeof caught.hint, "%s", t);
		return;
	}
	/* Kept for an endpoint that answers with them (an import's warnings,
	 * how a date was read); a page shows its own words otherwise. */
	if ((m->warning || m->level == LOG_LEVEL_INFO) && m->text && notes.n < WEB_NOTES_MAX)
		snprintf(notes.v[notes.n++], sizeof notes.v[0], "%s", m->text);
	if (m->warning)
		return; /* the officer's warnings of a command: the pages show their own */
	log_write_stderr(m);
}

const char *
web_note(int i)
{
	return i >= 0 && i < notes.n ? notes.v[i] : NULL;
}

void
web_notes_clear(void)
{
	notes.n = 0;
}

void
web_capture_begin(const char *lang)
{
	static int ready;

	if (!ready) {
		/* gettext ignores $LANGUAGE under the C locale: take C.UTF-8's
		 * messages (English until a catalogue is chosen). */
		const char *cur = setlocale(LC_MESSAGES, NULL);
		if (!cur || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0)
			setlocale(LC_MESSAGES, "C.UTF-8");
		log_set_writer(capture, NULL);
		ready = 1;
	}
	memset(&caught, 0, sizeof caught);
	notes.n = 0;
	setenv("LANGUAGE", lang, 1);
	++_nl_msg_cat_cntr;
}

const char *
web_lang_of(const char *al)
{
	double vi = -1, en = -1;

	/* "vi-VN,vi;q=0.9,en-US;q=0.8": the best weight of each language. */
	while (al && *al) {
		size_t n = strcspn(al, ",");
		char tag[64];
		const char *q;
		double w = 1;

		snprintf(tag, sizeof tag, "%.*s", (int)(n < sizeof tag ? n : sizeof tag - 1), al);
		if ((q = strstr(tag, ";q=")))
			w = strtod(q + 3, NULL);
		for (char *t = tag; *t == ' '; memmove(t, t + 1, strlen(t)))
			;
		if (strncasecmp(tag, "vi", 2) == 0 && (tag[2] == 0 || tag[2] == '-' || tag[2] == ';') &&
		    w > vi)
			vi = w;
		if (strncasecmp(tag, "en", 2) == 0 && (tag[2] == 0 || tag[2] == '-' || tag[2] == ';') &&
		    w > en)
			en = w;
		al += n;
		if (*al == ',')
			al++;
	}
	return en > vi ? "en" : "vi";
}

void
web_resp_header(struct web_resp *out, const char *name, const char *value)
{
	if (out->nheaders >= WEB_RESP_HEADERS)
		return;
	snprintf(out->headers[out->nheaders][0], sizeof out->headers[0][0], "%s", name);
	snprintf(out->headers[out->nheaders][1], sizeof out->headers[0][1], "%s", value);
	out->nheaders++;
}

/* A body of static text that needs no memory (what is left when memory ran out). */
static void
out_of_memory(struct web_resp *out)
{
	static const char msg[] = "{\"error\":\"out of memory\",\"hint\":null,\"field\":null}\n";

	free(out->body);
	out->status = 500;
	out->type = "application/json";
	out->body = strdup(msg);
	out->len = out->body ? strlen(msg) : 0;
}

FILE *
web_json_open(struct web_resp *out, char **buf, size_t *len)
{
	FILE *f = open_memstream(buf, len);

	if (!f)
		out_of_memory(out);
	return f;
}

int
web_json_close(struct web_resp *out, FILE *f, char **buf, size_t *len)
{
	if (fclose(f) != 0 || !*buf) {
		free(*buf);
		out_of_memory(out);
		return -1;
	}
	free(out->body);
	out->body = *buf;
	out->len = *len;
	out->type = "application/json";
	out->api = 1;
	if (!out->status)
		out->status = 200;
	return 0;
}

/* "key":"value" or "key":null. */
static void
key_text(FILE *f, const char *key, const char *v)
{
	fprintf(f, "\"%s\":", key);
	if (v && *v)
		fmt_json_string(f, v);
	else
		fputs("null", f);
}

static int
fail_text(struct web_resp *out, int status, const char *field, const char *hint, const char *text)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = web_json_open(out, &buf, &len);

	if (!f)
		return -1;
	fputc('{', f);
	key_text(f, "error", text);
	fputc(',', f);
	key_text(f, "hint", hint);
	fputc(',', f);
	key_text(f, "field", field);
	fputs("}\n", f);
	out->status = status;
	web_json_close(out, f, &buf, &len);
	return -1;
}

int
web_fail(struct web_resp *out, int status, const char *field, const char *hint, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	return fail_text(out, status, field, hint, text);
}

int
web_fail_core(struct web_resp *out, int status)
{
	if (!caught.have)
		return web_fail(out, status, NULL,
		                _("try again; if it fails again, look at the console's log"), "%s",
		                _("the request could not be done"));
	switch (caught.kind) {
	case ERR_INPUT:
		status = 400;
		break;
	case ERR_NOT_FOUND:
		status = 404;
		break;
	case ERR_EXISTS:
	case ERR_IN_USE:
		status = 409;
		break;
	default:
		break;
	}
	return fail_text(out, status, caught.field, caught.hint, caught.text);
}

int
web_fail_core_field(struct web_resp *out, int status)
{
	if (caught.have && caught.kind == ERR_INPUT && caught.field[0])
		return fail_text(out, 422, caught.field, caught.hint, caught.text);
	return web_fail_core(out, status);
}

/* s with each from replaced by to, cut to n bytes. */
static void
replace_all(char *s, size_t n, const char *from, const char *to)
{
	char out[1024], *p = s, *hit;
	size_t used = 0, fl = strlen(from);

	if (!fl)
		return;
	out[0] = 0;
	while ((hit = strstr(p, from)) && used < sizeof out) {
		used += (size_t)snprintf(out + used, sizeof out - used, "%.*s%s", (int)(hit - p), p, to);
		p = hit + fl;
	}
	if (p == s)
		return;
	if (used < sizeof out)
		snprintf(out + used, sizeof out - used, "%s", p);
	snprintf(s, n, "%s", out);
}

int
web_fail_core_as(struct web_resp *out, int status, const char *path, const char *name)
{
	if (!caught.have)
		return web_fail_core(out, status);
	if (path && name) {
		replace_all(caught.text, sizeof caught.text, path, name);
		replace_all(caught.hint, sizeof caught.hint, path, name);
	}
	return fail_text(out, status, caught.field, caught.hint, caught.text);
}

int
web_list_open(struct web_resp *out, struct web_listing *ls, const struct view *v, int flags)
{
	memset(ls, 0, sizeof *ls);
	if (!(ls->f = web_json_open(out, &ls->buf, &ls->len)))
		return -1;
	if (view_open(&ls->l, v, ls->f, FMT_JSON, flags) != 0) {
		fclose(ls->f);
		free(ls->buf);
		out_of_memory(out);
		return -1;
	}
	return 0;
}

int
web_list_close(struct web_resp *out, struct web_listing *ls, int rc)
{
	if (view_close(&ls->l) != 0 && rc == 0)
		rc = -1;
	if (rc != 0) {
		fclose(ls->f);
		free(ls->buf);
		return web_fail_core(out, 500);
	}
	return web_json_close(out, ls->f, &ls->buf, &ls->len);
}

/* A body sent part by part (web.h). */
struct web_stream {
	FILE *f;                         /* writes into data (fopencookie) */
	char *data;                      /* what the writer wrote and the client has not read all of */
	size_t len, cap, off;            /* its bytes, its room, and how many the client has read */
	int (*fill)(void *ctx, FILE *f); /* writes the next part */
	void (*release)(void *ctx);      /* frees ctx */
	void *ctx;                       /* the writer's state */
	char lang[8];                    /* the request's language: of what the core says meanwhile */
	int last;                        /* the last part is written */
};

static ssize_t
stream_write(void *cookie, const char *buf, size_t n)
{
	struct web_stream *s = cookie;

	if (s->len + n > s->cap) {
		size_t cap = (s->len + n) * 2;
		char *d = realloc(s->data, cap);
		if (!d) {
			errno = ENOMEM;
			return 0;
		}
		s->data = d, s->cap = cap;
	}
	memcpy(s->data + s->len, buf, n);
	s->len += n;
	return (ssize_t)n;
}

struct web_stream *
web_stream_new(struct web_resp *out, const char *lang)
{
	static const cookie_io_functions_t io = {.write = stream_write};
	struct web_stream *s = calloc(1, sizeof *s);

	if (!s || !(s->f = fopencookie(s, "w", io))) {
		free(s);
		out_of_memory(out);
		return NULL;
	}
	snprintf(s->lang, sizeof s->lang, "%s", lang);
	return s;
}

FILE *
web_stream_file(struct web_stream *s)
{
	return s->f;
}

void
web_stream_free(struct web_stream *s)
{
	if (!s)
		return;
	if (s->release)
		s->release(s->ctx);
	fclose(s->f);
	free(s->data);
	free(s);
}

/* Writes the next part into s->data: 0, or -1 (the core said why). */
static int
stream_fill(struct web_stream *s)
{
	int rc;

	web_capture_begin(s->lang);
	rc = s->fill(s->ctx, s->f);
	if (fflush(s->f) != 0)
		rc = -1;
	if (rc == 1)
		s->last = 1;
	return rc < 0 ? -1 : 0;
}

int
web_stream_send(struct web_resp *out, struct web_stream *s, int (*fill)(void *ctx, FILE *f),
                void (*release)(void *ctx), void *ctx, const char *type)
{
	s->fill = fill;
	s->release = release;
	s->ctx = ctx;
	if (stream_fill(s) != 0) {
		web_fail_core(out, 500);
		web_stream_free(s);
		return -1;
	}
	free(out->body);
	out->body = NULL;
	out->type = type;
	out->api = 1;
	out->status = 200;
	if (s->last) {
		/* All of it in one part: sent whole, with its length. */
		out->body = s->data ? s->data : strdup("");
		out->len = s->data ? s->len : 0;
		s->data = NULL;
		web_stream_free(s);
		if (!out->body)
			out_of_memory(out);
		return out->body ? 0 : -1;
	}
	out->stream = s;
	return 0;
}

long
web_stream_read(struct web_stream *s, char *buf, size_t max)
{
	size_t n;

	while (s->off == s->len && !s->last) {
		s->off = s->len = 0;
		if (stream_fill(s) != 0) {
			log_warnx(_("an answer was cut short: %s"),
			          caught.have ? caught.text : _("its next part could not be written"));
			return -1;
		}
	}
	n = s->len - s->off < max ? s->len - s->off : max;
	if (!n)
		return 0;
	memcpy(buf, s->data + s->off, n);
	s->off += n;
	return (long)n;
}
