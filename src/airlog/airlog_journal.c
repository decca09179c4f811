/*
 * airlog_journal.c — airings the airing log could not take, in a file
 * beside the database until it can (see journal.h).
 *
 * Key decision: the journal is plain text, one line per airing, written
 * with a single O_APPEND write() and fsync'd, so a power cut leaves at
 * worst a torn last line, which has no newline and is left out on
 * reading. Fields are tab-separated; text fields escape backslash, tab,
 * CR and LF. A line starts with its kind and a version:
 *
 *   A 1 slot scheduled started ended late played status reason tier clip
 *       playlist title topic sha256 device detail nitems
 *       then per item: clip title topic sha256 started played status reason detail
 *   A 2 as A 1, then approved_by (the leader who approved the slot:
 *       approval.h); written only when there is one, so a station without
 *       approval writes the lines it always wrote
 *   A 3 as A 1 with requested_by (who asked for it now: emergency.h)
 *       after detail
 *   A 4 as A 3, then approved_by as in A 2
 *   C 1 row status ended played reason detail
 *
 * Instants are UTC milliseconds, "-" for none; played seconds have
 * millisecond precision; status and reason are the log's own words
 * ("completed", "clip_missing"). Replaying goes through the airing log's
 * API, so the rows are chained like any other.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loa/i18n.h"
#include "loa/journal.h"
#include "loa/log.h"
#include "loa/store.h"

/* A journal bigger than this is not read (a year of a busy station's
 * airings is under 20 MB). */
#define JOURNAL_MAX_BYTES (256LL * 1024 * 1024)
#define MAX_FIELDS        (21 + 9 * 1000) /* an "A 4" line of a programme of 1000 items */

int
journal_path(const char *db, char *buf, size_t n)
{
	int k = snprintf(buf, n, "%s-pending-airings", db);

	return k < 0 || (size_t)k >= n ? -1 : 0;
}

/* A growing line. */
struct line {
	char *p;
	size_t len, cap;
	int oom;
};

static void
put(struct line *l, const char *s, size_t n)
{
	if (l->oom)
		return;
	if (l->len + n + 1 > l->cap) {
		size_t cap = l->cap ? l->cap : 512;
		while (cap < l->len + n + 1)
			cap *= 2;
		char *p = realloc(l->p, cap);
		if (!p) {
			l->oom = 1;
			return;
		}
		l->p = p, l->cap = cap;
	}
	memcpy(l->p + l->len, s, n);
	l->len += n;
	l->p[l->len] = 0;
}

/* A tab, then s escaped ("" for NULL). */
static void
put_text(struct line *l, const char *s)
{
	put(l, "\t", 1);
	for (; s && *s; s++) {
		const char *e = *s == '\\'   ? "\\\\"
		                : *s == '\t' ? "\\t"
		                : *s == '\n' ? "\\n"
		                : *s == '\r' ? "\\r"
		                             : NULL;
		if (e)
			put(l, e, 2);
		else
			put(l, s, 1);
	}
}

static void
put_int(struct line *l, int64_t v)
{
	char b[32];

	if (v == AIRLOG_NONE)
		put_text(l, "-");
	else
		put(l, b, (size_t)snprintf(b, sizeof b, "\t%" PRId64, v));
}

static void
put_s(struct line *l, double s)
{
	put_int(l, (int64_t)(s * 1000 + 0.5));
}

static void
put_reason(struct line *l, enum reason why)
{
	put_text(l, why == REASON_NONE ? "" : reason_code(why));
}

/* Appends l and a newline in one write, and syncs. 0 or -1 (printed). */
static int
append(const char *db, struct line *l)
{
	char path[4096];
	int fd, rc = 0;

	put(l, "\n", 1);
	if (l->oom)
		return error(_("out of memory"));
	if (journal_path(db, path, sizeof path) != 0)
		return error(_("the station's path is too long: '%s'"), db);
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0640)) < 0)
		return error_errno(_("cannot write the journal of unlogged airings '%s'"), path);
	if (write(fd, l->p, l->len) != (ssize_t)l->len || fsync(fd) != 0)
		rc = error_errno(_("cannot write the journal of unlogged airings '%s'"), path);
	if (close(fd) != 0 && rc == 0)
		rc = error_errno(_("cannot write the journal of unlogged airings '%s'"), path);
	return rc;
}

int
journal_append(const char *db, const struct journal_airing *j)
{
	struct line l = {0};
	int rc;

	/* the version says which optional fields follow: 1 none, 2 approved_by,
	 * 3 requested_by, 4 both */
	if (j->a.requested_by)
		put(&l, j->a.approved_by ? "A\t4" : "A\t3", 3);
	else
		put(&l, j->a.approved_by ? "A\t2" : "A\t1", 3);
	put_int(&l, j->a.slot_id);
	put_int(&l, j->a.scheduled_ms);
	put_int(&l, j->started_ms);
	put_int(&l, j->ended_ms);
	put_int(&l, j->late_ms);
	put_s(&l, j->played_s);
	put_text(&l, airlog_status_name(j->status));
	put_reason(&l, j->why);
	put_text(&l, j->a.tier);
	put_int(&l, j->a.clip_id);
	put_text(&l, j->a.playlist);
	put_text(&l, j->a.title);
	put_text(&l, j->a.topic);
	put_text(&l, j->a.sha256);
	put_text(&l, j->a.device);
	put_text(&l, j->detail);
	if (j->a.requested_by)
		put_text(&l, j->a.requested_by);
	put_int(&l, j->nitems);
	for (int i = 0; i < j->nitems; i++) {
		const struct journal_item *it = &j->items[i];
		put_int(&l, it->c.clip_id);
		put_text(&l, it->c.title);
		put_text(&l, it->c.topic);
		put_text(&l, it->c.sha256);
		put_int(&l, it->started_ms);
		put_s(&l, it->played_s);
		put_text(&l, airlog_status_name(it->status));
		put_reason(&l, it->why);
		put_text(&l, it->detail);
	}
	if (j->a.approved_by)
		put_text(&l, j->a.approved_by);
	rc = append(db, &l);
	free(l.p);
	return rc;
}

int
journal_append_close(const char *db, int64_t row, enum airlog_status status, int64_t ended_ms,
                     double played_s, enum reason why, const char *detail)
{
	struct line l = {0};
	int rc;

	put(&l, "C\t1", 3);
	put_int(&l, row);
	put_text(&l, airlog_status_name(status));
	put_int(&l, ended_ms);
	put_s(&l, played_s);
	put_reason(&l, why);
	put_text(&l, detail);
	rc = append(db, &l);
	free(l.p);
	return rc;
}

/* Reads the whole journal into a malloc'ed, NUL-terminated buffer; 1, 0
 * when there is none, -1 (printed). */
static int
slurp(const char *db, char **out, size_t *len, char *path, size_t pathn)
{
	struct stat sb;
	char *buf;
	ssize_t got;
	size_t off = 0;
	int fd;

	*out = NULL, *len = 0;
	if (journal_path(db, path, pathn) != 0)
		return error(_("the station's path is too long: '%s'"), db);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) < 0)
		return errno == ENOENT
		           ? 0
		           : error_errno(_("cannot read the journal of unlogged airings '%s'"), path);
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > JOURNAL_MAX_BYTES) {
		close(fd);
		return error(_("cannot read the journal of unlogged airings '%s': not a regular file of at "
		               "most 256 MB"),
		             path);
	}
	if (!(buf = malloc((size_t)sb.st_size + 1))) {
		close(fd);
		return error(_("out of memory"));
	}
	while (off < (size_t)sb.st_size && (got = read(fd, buf + off, (size_t)sb.st_size - off)) > 0)
		off += (size_t)got;
	close(fd);
	buf[off] = 0;
	*out = buf, *len = off;
	return 1;
}

/* Splits one line (modified in place) into unescaped fields. Returns the
 * number of fields. */
static int
split(char *s, char **f, int max)
{
	int n = 0;

	while (n < max) {
		char *w = s, *r = s;
		f[n++] = s;
		for (; *r && *r != '\t'; r++) {
			if (*r == '\\' && r[1]) {
				r++;
				*w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r;
			} else {
				*w++ = *r;
			}
		}
		int more = *r == '\t';
		*w = 0;
		if (!more)
			break;
		s = r + 1;
	}
	return n;
}

static int
get_int(const char *s, int64_t *v)
{
	char *end;

	if (strcmp(s, "-") == 0) {
		*v = AIRLOG_NONE;
		return 0;
	}
	errno = 0;
	*v = strtoll(s, &end, 10);
	return errno || end == s || *end ? -1 : 0;
}

static int
get_s(const char *s, double *v)
{
	int64_t ms;

	if (get_int(s, &ms) != 0 || ms == AIRLOG_NONE)
		return -1;
	*v = (double)ms / 1000;
	return 0;
}

static int
get_reason(const char *s, enum reason *why)
{
	if (!*s) {
		*why = REASON_NONE;
		return 0;
	}
	return reason_parse(s, why);
}

static const char *
opt(const char *s)
{
	return *s ? s : NULL;
}

/* Parses an "A" line's fields into j (pointing into f; items malloc'ed
 * into *items). 0, or -1 when the line is not whole. */
static int
parse_airing(char **f, int n, struct journal_airing *j, struct journal_item **items)
{
	int64_t nitems;
	/* version 2 and 4 end with approved_by, 3 and 4 have requested_by */
	int ver = n > 1 && f[1][0] >= '1' && f[1][0] <= '4' && !f[1][1] ? f[1][0] - '0' : 0;
	int v2 = ver == 2 || ver == 4, req = ver >= 3;

	memset(j, 0, sizeof *j);
	*items = NULL;
	if (req) {
		/* requested_by after detail: read it, then as version 1 or 2 */
		if (n < 20)
			return -1;
		j->a.requested_by = f[18];
		for (int i = 18; i + 1 < n; i++)
			f[i] = f[i + 1];
		n--;
	}
	if (n < 19 || !ver || get_int(f[2], &j->a.slot_id) || get_int(f[3], &j->a.scheduled_ms) ||
	    get_int(f[4], &j->started_ms) || get_int(f[5], &j->ended_ms) || get_int(f[6], &j->late_ms) ||
	    get_s(f[7], &j->played_s) || airlog_status_parse(f[8], &j->status) || get_reason(f[9], &j->why) ||
	    get_int(f[11], &j->a.clip_id) || get_int(f[18], &nitems) || nitems < 0 || nitems > 1000 ||
	    n != 19 + 9 * nitems + v2)
		return -1;
	if (v2)
		j->a.approved_by = opt(f[n - 1]);
	j->a.tier = f[10];
	j->a.playlist = opt(f[12]);
	j->a.title = f[13];
	j->a.topic = opt(f[14]);
	j->a.sha256 = opt(f[15]);
	j->a.device = opt(f[16]);
	j->detail = opt(f[17]);
	j->nitems = (int)nitems;
	if (nitems && !(*items = calloc((size_t)nitems, sizeof **items)))
		return -1;
	for (int i = 0; i < j->nitems; i++) {
		char **g = f + 19 + 9 * i;
		struct journal_item *it = &(*items)[i];
		if (get_int(g[0], &it->c.clip_id) || get_int(g[4], &it->started_ms) ||
		    get_s(g[5], &it->played_s) || airlog_status_parse(g[6], &it->status) ||
		    get_reason(g[7], &it->why)) {
			free(*items);
			*items = NULL;
			return -1;
		}
		it->c.title = g[1];
		it->c.topic = opt(g[2]);
		it->c.sha256 = opt(g[3]);
		it->detail = opt(g[8]);
	}
	j->items = *items;
	return 0;
}

/* Writes one journaled airing into the log (inside the caller's
 * transaction). 1 written, 0 already there, -1 error. */
static int
replay_airing(struct store *s, const struct journal_airing *j)
{
	int has = airlog_has(s, j->a.slot_id, j->a.scheduled_ms);
	int64_t row;

	if (has != 0)
		return has < 0 ? -1 : 0;
	if ((row = airlog_begin(s, &j->a, j->started_ms, j->late_ms)) <= 0)
		return -1;
	for (int i = 0; i < j->nitems; i++) {
		const struct journal_item *it = &j->items[i];
		int rc =
		    it->started_ms == AIRLOG_NONE
		        ? airlog_item_record(s, row, i + 1, &it->c, it->status, it->why, it->detail)
		        : airlog_item_begin(s, row, i + 1, &it->c, it->started_ms) ||
		              airlog_item_end(s, row, i + 1, it->status, it->played_s, it->why, it->detail);
		if (rc != 0)
			return -1;
	}
	return airlog_end(s, row, j->status, j->ended_ms, j->played_s, j->why, j->detail) == 0 ? 1 : -1;
}

/* Closes a journaled row if it is still open. 1 closed, 0 not open, -1. */
static int
replay_close(struct store *s, char **f, int n)
{
	enum airlog_status st, now;
	enum reason why;
	int64_t row, ended;
	double played;

	if (n != 8 || strcmp(f[1], "1") != 0 || get_int(f[2], &row) || airlog_status_parse(f[3], &st) ||
	    get_int(f[4], &ended) || get_s(f[5], &played) || get_reason(f[6], &why))
		return -2;
	if (airlog_row_status(s, row, &now) != 1 || now != AIRLOG_PLAYING)
		return 0;
	return airlog_end(s, row, st, ended, played, why, opt(f[7])) == 0 ? 1 : -1;
}

/* Runs fn over each whole line of the journal (fields split, unescaped);
 * fn returns 0 to go on, -1 to stop. Returns 1 when the journal was read,
 * 0 when there is none, -1 when it cannot be read or fn stopped. */
typedef int (*line_fn)(void *ctx, char **f, int n, int lineno);

static int
each_line(const char *db, line_fn fn, void *ctx, char *path, size_t pathn)
{
	char *buf, *p, **f;
	size_t len;
	int rc = slurp(db, &buf, &len, path, pathn), lineno = 0;

	if (rc <= 0)
		return rc;
	if (!(f = malloc(MAX_FIELDS * sizeof *f))) {
		free(buf);
		return error(_("out of memory"));
	}
	rc = 1;
	for (p = buf; *p;) {
		char *nl = strchr(p, '\n');
		lineno++;
		if (!nl) {
			/* A write cut short: it never completed, so its airing
			 * is not known to have been heard in full. */
			log_warnx(
			    _("%s line %d: an unfinished line (a write cut by a power failure) is left out"),
			    path, lineno);
			break;
		}
		*nl = 0;
		int n = split(p, f, MAX_FIELDS);
		if (fn(ctx, f, n, lineno) != 0) {
			rc = -1;
			break;
		}
		p = nl + 1;
	}
	free(f);
	free(buf);
	return rc;
}

struct keys_ctx {
	struct journal_key *v;
	size_t n, cap;
};

static int
key_line(void *ctx, char **f, int n, int lineno)
{
	struct keys_ctx *k = ctx;
	int64_t slot, at;

	(void)lineno;
	if (n < 4 || strcmp(f[0], "A") != 0 || get_int(f[2], &slot) || get_int(f[3], &at))
		return 0;
	if (k->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 16;
		struct journal_key *v = realloc(k->v, cap * sizeof *v);
		if (!v)
			return error(_("out of memory"));
		k->v = v, k->cap = cap;
	}
	k->v[k->n++] = (struct journal_key){slot, at};
	return 0;
}

int
journal_keys(const char *db, struct journal_key **v, size_t *n)
{
	struct keys_ctx k = {0};
	char path[4096];
	int rc = each_line(db, key_line, &k, path, sizeof path);

	if (rc < 0) {
		free(k.v);
		return -1;
	}
	*v = k.v, *n = k.n;
	return 0;
}

struct replay_ctx {
	struct store *s;
	const char *path;
	int written;
};

static int
replay_line(void *ctx, char **f, int n, int lineno)
{
	struct replay_ctx *r = ctx;
	struct journal_airing j;
	struct journal_item *items;
	int rc;

	if (strcmp(f[0], "C") == 0) {
		if ((rc = replay_close(r->s, f, n)) == -2) {
			log_warnx(_("%s line %d: not a line loa wrote; left out"), r->path, lineno);
			return 0;
		}
	} else if (strcmp(f[0], "A") == 0 && parse_airing(f, n, &j, &items) == 0) {
		rc = replay_airing(r->s, &j);
		free(items);
	} else {
		log_warnx(_("%s line %d: not a line loa wrote; left out"), r->path, lineno);
		return 0;
	}
	if (rc < 0)
		return -1;
	r->written += rc;
	return 0;
}

int
journal_replay(struct store *s, const char *db)
{
	char path[4096];
	struct replay_ctx r = {s, path, 0};
	int rc;

	if (journal_path(db, path, sizeof path) != 0)
		return error(_("the station's path is too long: '%s'"), db);
	if (access(path, F_OK) != 0)
		return 0;
	if (store_begin(s) != 0)
		return -1;
	rc = each_line(db, replay_line, &r, path, sizeof path);
	if (rc < 0 || store_commit(s) != 0) {
		store_rollback(s);
		log_warnx(_("the airings in '%s' cannot go into the airing log yet; they stay there"), path);
		return -1;
	}
	if (unlink(path) != 0 && errno != ENOENT)
		log_warn(_("cannot remove '%s' (its airings are in the log now)"), path);
	return r.written;
}
