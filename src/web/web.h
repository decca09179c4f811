/*
 * web.h — what the modules of the web console share (src/web only).
 *
 * server.c is the one module that knows libmicrohttpd: it turns each
 * request into a struct web_req, calls web_handle(), and sends the struct
 * web_resp back with the security headers every response carries. The
 * other modules see only these two structs, so an endpoint is plain C on
 * the core: route.c finds the endpoint and checks the session, api_*.c
 * answer, reply.c words errors in the request's language.
 *
 * One thread serves every request (server.c says why), so the functions
 * here may use the process's state — the open store, the language of
 * messages — without locks.
 */
#ifndef LOA_WEB_WEB_H
#define LOA_WEB_WEB_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "loa/airlog.h"
#include "loa/log.h"
#include "loa/report.h"
#include "loa/store.h"
#include "loa/views.h"
#include "loa/web.h"
#include "loa/account.h"
#include "loa/slot.h"
#include "loa/topic.h"

/* The console: the station it serves and its settings. */
struct web {
	struct store *store;         /* the open station (read-write: sessions, edits) */
	struct station station;      /* its settings, read again for each request */
	const struct web_options *o; /* what loa web was given */
	int https;                   /* served over TLS: cookies are Secure */
	struct web_chain *chain;     /* the chain's verified-through mark (chain.c) */
};

/* One request, as the endpoints see it. */
struct web_req {
	const char *method;      /* "GET", "POST", "PATCH", "DELETE"... */
	const char *path;        /* the URL's path ("/api/v1/clips/3") */
	const char *body;        /* the request's body (NUL-terminated), or NULL */
	size_t body_len;         /* its bytes */
	char addr[64];           /* the client's address, for throttling and the audit */
	const char *lang;        /* "vi" or "en": the language of the answer */
	void *conn;              /* server.c's connection (web_arg, web_header) */
	int have_session;        /* a valid session came with it */
	struct session session;  /* that session */
	const char *upload_path; /* POST /api/v1/clips: the file received, or NULL */
	const char *upload_name; /* its name as the browser sent it */
	const char *form[4];     /* and the form's title, topic, valid_from, valid_until (NULL: not sent) */
	int64_t now_ms;          /* when it arrived (the one clock) */
};

#define WEB_RESP_HEADERS 6

struct web_stream;

/* One response: a body in memory, a span of an open file, or a body
 * written as the client reads it. */
struct web_resp {
	int status;                /* HTTP status */
	const char *type;          /* Content-Type (a string with static storage) */
	char *body;                /* malloc'd body, or NULL */
	size_t len;                /* its bytes */
	int fd;                    /* or a file to send (-1: none); server.c closes it */
	int64_t offset, size;      /* the span of fd to send */
	struct web_stream *stream; /* or a streamed body (reply.c), or NULL; server.c frees it */
	int api;                   /* an API answer: never cached */
	const char *cache;         /* Cache-Control when not an API answer, or NULL */
	char headers[WEB_RESP_HEADERS][2][1024]; /* further headers: name, value (a Link's URL) */
	int nheaders;                            /* how many */
};

/* ---- tls.c: the certificate and key of HTTPS ---- */

struct web_tls {
	char *cert;           /* the certificate chain, PEM, NUL-terminated */
	char *key;            /* the private key, PEM, NUL-terminated */
	size_t key_len;       /* its bytes (wiped when freed) */
	mode_t key_mode;      /* the key file's permissions (st_mode) */
	char cert_path[1024]; /* where the certificate was read, for messages */
	char key_path[1024];  /* and the key */
};

/* ---- server.c: the request's parts ---- */

/* 1 when the libmicrohttpd loa runs with can serve TLS (it was built with
 * GnuTLS), else 0. */
int web_tls_supported(void);

/* The query argument name, or NULL. */
const char *web_arg(const struct web_req *r, const char *name);
/* The request header name, or NULL. */
const char *web_header(const struct web_req *r, const char *name);
/* The cookie name, or NULL. */
const char *web_cookie(const struct web_req *r, const char *name);
/* The last part of a file name a client sent ("C:\\x\\a.mp3" too, an
 * upload's or a calendar's ?name=), made a safe name for a file: no slash,
 * no control character, not "." or ".."; fallback when nothing is left. */
void web_safe_name(const char *given, const char *fallback, char *out, size_t n);

/* ---- route.c ---- */

/* Answers r into out (status, body, headers). */
void web_handle(struct web *w, struct web_req *r, struct web_resp *out);
/* The bytes the body of a request to url may have: WEB_JSON_MAX, or more
 * for a calendar's import (read only after web_upload_gate). */
size_t web_body_max(const char *method, const char *url);
/* Before an upload's body is read: 0 when r comes with a session, its
 * CSRF token and an officer's or leader's role; else -1 with out holding
 * the refusal (401, 403). */
int web_upload_gate(struct web *w, struct web_req *r, struct web_resp *out);

/* ---- reply.c: bodies and errors ---- */

/* Adds a header to out (cut to fit). */
void web_resp_header(struct web_resp *out, const char *name, const char *value);
/* A JSON body being written: open with web_json_open, fill the FILE*,
 * end with web_json_close (status 200 unless set). NULL when memory ran
 * out (then out holds a 500). */
FILE *web_json_open(struct web_resp *out, char **buf, size_t *len);
int web_json_close(struct web_resp *out, FILE *f, char **buf, size_t *len);
/* A listing of a view as the answer's JSON body (views.h). */
struct web_listing {
	struct view_listing l; /* the listing */
	FILE *f;               /* the body being written */
	char *buf;             /* open_memstream's buffer */
	size_t len;            /* and length */
};
/* Opens a listing of v (view_open's flags: FMT_SINGLE for one object).
 * 0, or -1 with out holding the error. */
int web_list_open(struct web_resp *out, struct web_listing *ls, const struct view *v, int flags);
/* Ends it: rc is the rows' outcome (0, or -1 after the core reported
 * why). 0, or -1 with out holding the error. */
int web_list_close(struct web_resp *out, struct web_listing *ls, int rc);
/*
 * A body sent as the client reads it, part by part, so that its memory is
 * one part's however long the answer (the airing log of years): chunked,
 * its length unknown. The writer opens what it writes (a listing) on
 * web_stream_file(), then web_stream_send() hands it over.
 */
/* A streamed body being made, or NULL when memory ran out (then out
 * holds a 500). lang: the request's ("vi", "en"). */
struct web_stream *web_stream_new(struct web_resp *out, const char *lang);
/* Where its parts are written. */
FILE *web_stream_file(struct web_stream *s);
/* Makes s out's body, of Content-Type type. fill(ctx, f) writes the next
 * part to f (a few hundred lines, say) and returns 1 when it wrote the
 * last, 0 when more follow, -1 when it failed (after the core said why);
 * release(ctx) frees ctx when the answer is sent or dropped. The first
 * part is written here: a failure then is answered as an error (500, in
 * the core's words); a first part that is also the last is sent as a
 * plain body. 0, or -1 with out holding the error (ctx released). Later
 * parts are written as the client reads (web_stream_read); a failure
 * there can only cut the answer short, and is logged. */
int web_stream_send(struct web_resp *out, struct web_stream *s, int (*fill)(void *ctx, FILE *f),
                    void (*release)(void *ctx), void *ctx, const char *type);
/* For server.c: up to max bytes of s into buf; how many (> 0), 0 at the
 * end, -1 when a part could not be written. */
long web_stream_read(struct web_stream *s, char *buf, size_t max);
/* Frees s (and its writer's ctx). */
void web_stream_free(struct web_stream *s);

/* An error answer: {"error", "hint", "field"} in the request's language;
 * hint and field may be NULL. Returns -1. */
int web_fail(struct web_resp *out, int status, const char *field, const char *hint, const char *fmt, ...)
    LOA_PRINTF(5, 6);
/* The error the core reported while the request ran (web_capture), with
 * the status its kind means (404 for ERR_NOT_FOUND...); status when the
 * core said nothing. Returns -1. */
int web_fail_core(struct web_resp *out, int status);
/* The same, but a wrong value naming its field is 422 (as a form's
 * refusals are), not 400. */
int web_fail_core_field(struct web_resp *out, int status);
/* The same with status whatever the error's kind, and name for path in
 * its words (a file's name as the browser sent it, for the temporary
 * path it was received into); path and name may be NULL. */
int web_fail_core_as(struct web_resp *out, int status, const char *path, const char *name);
/* The i-th warning or note the core reported while the request ran (from
 * 0, at most WEB_NOTES_MAX), or NULL. */
#define WEB_NOTES_MAX 16
const char *web_note(int i);
/* Forgets the warnings and notes caught so far (the request's error stays). */
void web_notes_clear(void);
/* Starts capturing the core's messages for this request (log.h's writer),
 * and makes gettext answer in lang ("vi" or "en"). */
void web_capture_begin(const char *lang);
/* The language an Accept-Language header asks for: "vi" unless English
 * comes first. */
const char *web_lang_of(const char *accept_language);

/* ---- chain.c: the airing log's chain, checked from a mark ---- */

/* The console's mark, its period read from the environment. */
struct web_chain *web_chain_init(void);
/* Seconds between two full passes. */
int web_chain_every(const struct web_chain *c);
/* The chain's verdict from the mark (airlog_verify_mark); *full_ms is when
 * the full pass the answer rests on began. 0, or -1 (the core said why). */
int web_chain_verdict(struct web *w, struct airlog_check *out, int64_t *full_ms);
/* 1 when the last full pass found the chain not intact (the mark dropped
 * until a full pass finds it intact again: a verdict, or the timer's). */
int web_chain_broken(struct web_chain *c);
/* Frees what the console kept for reports (the server has stopped). */
void web_chain_done(struct web_chain *c);
/* report_build_marked from the console's mark and its kept tally. */
int web_chain_report(struct web *w, const struct report_period *p, enum report_lang lang,
                     const struct report_form *form, struct report *r);
/* The timer's full pass, on the main thread (chain.c says why). */
void web_chain_tick(struct web *w);

/* ---- json_in.c: the request bodies ---- */

/* The string value of key in the JSON object text (a copy in buf), or
 * NULL when text is not an object of strings, numbers, booleans, nulls
 * and arrays of those, or key is not a string in it. *bad is set to 1
 * when text is not such an object, or the string does not fit buf. */
const char *web_json_get(const char *text, const char *key, char *buf, size_t n, int *bad);
/* The type of key's value in such an object: '"' a string, '[' an array,
 * '0' a number, 'b' true or false, 'z' null; 0 when key is not in it (or
 * text is not such an object). */
char web_json_type(const char *text, const char *key);
/* The array of whole numbers at key (a list of clips) into ids[0..*n),
 * at most max: 1 read, 0 key absent, -1 text not such an object, -2 the
 * value is not an array of whole numbers from 1 of at most 15 digits
 * (the value or element refused into bad, n bytes, shown as sent), -3
 * more than max. */
int web_json_ids(const char *text, const char *key, int64_t *ids, int max, int *n, char *bad, size_t nbad);
/* The kind of a value web_json_value read. */
enum web_json_kind {
	WEB_JSON_ABSENT = 0, /* the key is not in the object */
	WEB_JSON_STRING,     /* buf holds the string */
	WEB_JSON_NUMBER,     /* buf holds the number as written */
	WEB_JSON_TRUE,
	WEB_JSON_FALSE,
	WEB_JSON_NULL,
};
/* The value of key in the JSON object text (an object as web_json_get
 * reads): its kind in *kind, a string's text or a number as written in
 * buf. 0; -1 when text is not such an object; -2 when the value is longer
 * than buf (n bytes). */
int web_json_value(const char *text, const char *key, char *buf, size_t n, enum web_json_kind *kind);
/* The first key of the JSON object text not among keys[0..n), copied
 * into buf (bn bytes), or NULL when there is none or text is not such an
 * object. */
const char *web_json_unknown(const char *text, const char *const *keys, size_t n, char *buf, size_t bn);
/* The whole number from 1 of at most 15 digits at key (a clip's number):
 * 1 read, 0 key absent, -1 text not such an object, -2 the value is not
 * such a number (shown into bad, nbad bytes). */
int web_json_id(const char *text, const char *key, int64_t *id, char *bad, size_t nbad);

/* ---- the endpoints (api_*.c); each returns 0, or -1 with out holding the error ---- */

int api_session_post(struct web *w, struct web_req *r, struct web_resp *out);
int api_session_get(struct web *w, struct web_req *r, struct web_resp *out);
int api_session_delete(struct web *w, struct web_req *r, struct web_resp *out);
int api_station(struct web *w, struct web_req *r, struct web_resp *out);
int api_status(struct web *w, struct web_req *r, struct web_resp *out);
/* {"changes": TOKEN}: store_change_token, for a page's poll. */
int api_changes(struct web *w, struct web_req *r, struct web_resp *out);
int api_clips(struct web *w, struct web_req *r, struct web_resp *out);
/* The clip numbered id into cl: 0, or -1 with out holding 404 (no such
 * clip) or 500 (api_library.c). */
int web_find_clip(struct web *w, int64_t id, struct clip *cl, struct web_resp *out);
int api_clip(struct web *w, struct web_req *r, struct web_resp *out, int64_t id);
int api_clip_audio(struct web *w, struct web_req *r, struct web_resp *out, int64_t id);
/* api_clip_write.c: changes, by an officer or a leader. */
int api_clip_patch(struct web *w, struct web_req *r, struct web_resp *out, int64_t id);
int api_clip_delete(struct web *w, struct web_req *r, struct web_resp *out, int64_t id);
int api_clip_post(struct web *w, struct web_req *r, struct web_resp *out);
/* 0 when the session's role may change things (officer, leader), else -1
 * with out holding 403. */
int web_may_change(struct web_req *r, struct web_resp *out);
/* A clip's fields as a request gives them (NULL: not given; "" clears a
 * topic or a date), checked as `loa clip edit` checks its options. */
struct web_clip_fields {
	const char *title, *topic, *valid_from, *valid_until;
	char topic_name[TOPIC_NAME_MAX];  /* the topic as the station names it */
	char from_iso[16], until_iso[16]; /* the dates as YYYY-MM-DD */
};
/* Checks f, making topic the station's name of it and the dates
 * YYYY-MM-DD. 0, or -1 with out holding the error (422 naming the field). */
int web_clip_fields_check(struct web *w, struct web_clip_fields *f, struct web_resp *out);
int api_playlists(struct web *w, struct web_req *r, struct web_resp *out);
/* api_playlists.c: a playlist by its name (percent-decoded from the path,
 * found in any case and spacing); the changes by an officer or a leader. */
int api_playlist(struct web *w, struct web_req *r, struct web_resp *out, const char *name);
int api_playlist_post(struct web *w, struct web_req *r, struct web_resp *out);
int api_playlist_patch(struct web *w, struct web_req *r, struct web_resp *out, const char *name);
int api_playlist_delete(struct web *w, struct web_req *r, struct web_resp *out, const char *name);
/* 0 when no slot and no playlist uses clip cl, else -1 with out holding
 * 409 naming them (or 500). */
int web_fail_clip_in_use(struct web *w, struct web_resp *out, const struct clip *cl);
int api_agenda(struct web *w, struct web_req *r, struct web_resp *out);
int api_log(struct web *w, struct web_req *r, struct web_resp *out);
/* The whole log as CSV, from the kept copy of its closed rows (log_csv.c). */
int web_log_csv(struct web *w, struct web_req *r, struct web_resp *out);
int api_log_verify(struct web *w, struct web_req *r, struct web_resp *out);
int api_report(struct web *w, struct web_req *r, struct web_resp *out);
/* A bound of a period of the past (the log's, the audit trail's) as
 * `loa log` reads --from and --to: a date as "to" means through that day.
 * 1 read, 0 absent, -1 refused (out holds why). */
int web_past_bound(struct web *w, struct web_req *r, struct web_resp *out, const char *field, int64_t *ms);
/* api_users.c: the accounts and the audit trail, for a leader only. */
int api_users(struct web *w, struct web_req *r, struct web_resp *out);
int api_user_post(struct web *w, struct web_req *r, struct web_resp *out);
int api_user_patch(struct web *w, struct web_req *r, struct web_resp *out, const char *name);
int api_user_delete(struct web *w, struct web_req *r, struct web_resp *out, const char *name);
int api_audit(struct web *w, struct web_req *r, struct web_resp *out);
/* api_approvals.c: the approval queue, and a leader's decision. */
int api_approvals(struct web *w, struct web_req *r, struct web_resp *out);
int api_approval_post(struct web *w, struct web_req *r, struct web_resp *out);
/* api_slots.c, api_slot_write.c, api_slot_ics.c: the schedule. Reading
 * is for every role; a change needs an officer or a leader. */
int api_slots(struct web *w, struct web_req *r, struct web_resp *out);
int api_slot(struct web *w, struct web_req *r, struct web_resp *out, int64_t id);
int api_slot_post(struct web *w, struct web_req *r, struct web_resp *out);
int api_slot_patch(struct web *w, struct web_req *r, struct web_resp *out, int64_t id);
int api_slot_delete(struct web *w, struct web_req *r, struct web_resp *out, int64_t id);
int api_slot_skip(struct web *w, struct web_req *r, struct web_resp *out, int64_t id);
int api_slot_move(struct web *w, struct web_req *r, struct web_resp *out, int64_t id);
int api_slots_import(struct web *w, struct web_req *r, struct web_resp *out);
int api_slots_export(struct web *w, struct web_req *r, struct web_resp *out);
/* api_holidays.c: the blackout days; api_holidays_import (api_slot_ics.c)
 * is the slots' import with ?blackout=1 always. */
int api_holidays(struct web *w, struct web_req *r, struct web_resp *out);
int api_holiday_post(struct web *w, struct web_req *r, struct web_resp *out);
int api_holiday_delete(struct web *w, struct web_req *r, struct web_resp *out, const char *day);
int api_holidays_import(struct web *w, struct web_req *r, struct web_resp *out);
/* The slot numbered id into s: 0, or -1 with out holding 404 or 500. */
int web_find_slot(struct web *w, int64_t id, struct slot *s, struct web_resp *out);
/* Each slot's next airing from the request's time (agenda_slots_next). 0 or -1. */
int web_slots_next(struct web *w, struct web_req *r, const int64_t *ids, int64_t *next, size_t n);
/* The slot's object as `loa slot show --format json` prints it, without
 * the line's end (malloc'd), or NULL. */
char *web_slot_json(struct web *w, const struct slot *s, int64_t next_ms);
/* The slot's record for the audit trail (view_slot_record), the same way. */
char *web_slot_record(struct web *w, const struct slot *s);
/* Answers json (one slot's object) with status, and its version as the
 * ETag. 0, or -1 (500). */
int web_slot_answer(struct web_resp *out, int status, const char *json, int64_t version);
/* 0 when the body is a JSON object whose keys are all among keys[0..n);
 * else -1 with out holding 400 (not an object; send: the hint) or 422
 * naming the other key. */
int web_body_object(struct web_req *r, struct web_resp *out, const char *const *keys, size_t n,
                    const char *send);
/* The body's text value of key into buf (n bytes): *v buf, or NULL when
 * absent or null. 0, or -1 with out holding 422 (not text, too long). */
int web_body_text(struct web_req *r, struct web_resp *out, const char *key, char *buf, size_t n,
                  const char **v);
/* The body's whole number above 0 of key (a number, or a string of
 * digits): 1 read into *v, 0 absent (or ""), 2 null, -1 refused (out
 * holds 422). */
int web_body_int(struct web_req *r, struct web_resp *out, const char *key, int64_t *v);
/* A slot's title, tier (English or Vietnamese), clip or playlist checked
 * as `loa slot add` checks them: 0, or -1 with out holding 422 naming the
 * field. web_slot_target sets *title (malloc'd) to the clip's title or
 * the playlist's name as the station has it. */
int web_slot_title(struct web_resp *out, const char *v);
int web_slot_tier(struct web_resp *out, const char *v, enum tier *t);
int web_slot_target(struct web *w, struct web_resp *out, int64_t clip_id, const char *playlist, char **title);
/* Slots added as POST /api/v1/slots adds them (api_slots.c): the slots,
 * their numbers and their next airings (0: none). */
struct web_added {
	struct slot *v;
	int64_t *ids, *next;
	int n;
};
/* Adds the slots of when airing clip_id or playlist (tier; title, or
 * NULL: the clip's or the playlist's) in a transaction begun here and
 * left open for the caller to end. 0, or -1 with out holding why (422 a
 * wrong choice, naming it) and nothing begun. */
struct slot_when;
int web_slots_add(struct web *w, struct web_req *r, struct web_resp *out, const struct slot_when *when,
                  int64_t clip_id, const char *playlist, enum tier tier, const char *title,
                  struct web_added *a);
/* Writes the slot.add audit entries of a and its slots to f as a JSON
 * array (`loa slot show`'s objects). 0, or -1 with out holding 500. */
int web_slots_added_json(struct web *w, struct web_req *r, struct web_resp *out, const struct web_added *a,
                         FILE *f);
void web_added_free(struct web_added *a);
/* api_bulletins.c: the hub's bulletins (GET /api/v1/bulletins), and one
 * scheduled by an officer or a leader. */
int api_bulletins(struct web *w, struct web_req *r, struct web_resp *out);
int api_bulletin_schedule(struct web *w, struct web_req *r, struct web_resp *out, int64_t id);
/* api_words.c: the reason codes of the airing log in words. */
int api_reasons(struct web *w, struct web_req *r, struct web_resp *out);
/* api_emergency.c: "phát khẩn" now, by an officer or a leader. */
int api_emergency_post(struct web *w, struct web_req *r, struct web_resp *out);

/* ---- assets.c (generated from web/ at build time) ---- */

struct web_asset {
	const char *path;          /* "/index.html" */
	const char *type;          /* its Content-Type */
	const unsigned char *data; /* its bytes */
	size_t len;                /* how many */
};
/* The asset at path, or NULL. */
const struct web_asset *web_asset_find(const char *path);

#endif
