/*
 * log_csv.c — the whole airing log as CSV (GET /api/v1/log?format=csv and
 * nothing else asked: what `loa log --format csv` prints), sent from a
 * kept copy of its closed rows and the rows after them.
 *
 * The log is append-only and a closed row never changes: the CSV of the
 * rows that sort first (scheduled, id) and are all closed is the same at
 * every download. The console keeps it in a file beside the station's
 * (KEPT_NAME in its folder; never in memory: 26 MB for 100,000 rows), its
 * first KEPT_HEAD bytes saying what it holds; a download sends the file,
 * then writes the rows after its last row from the log, and the closed
 * ones among them that follow it are appended to the file as they go.
 *
 * The copy is used only when all of these hold, else it is removed and
 * the download writes every row (and a new copy): the same program
 * version, schema and station zone as it was written with (the CSV has no
 * words of a language); its last row still in the log, scheduled as it
 * was; no row written since it whose instant sorts among its rows (a late
 * row, a missed airing written afterwards); the file as long as it says;
 * and the chain's verdict (chain.c) intact. A changed old row is what the
 * verdict finds: at once in the newest rows (the mark's tail), within its
 * full pass's period (ten minutes) for older ones — the same promise the
 * verdict makes; once it is found, the copy is dropped and every download
 * is written from the log, as the command line's.
 *
 * Key decision: a file read in parts by the download's own descriptor,
 * written by one download at a time (the server's thread only, so a flag
 * and no lock): a new copy is written under a name of its own (KEPT_NAME
 * and the console's pid) and renamed, an extension appends after the
 * bytes the head counts and rewrites the head last, so another download
 * reading the file meanwhile sends the bytes its own head counted, and a
 * copy cut short is never used. While the chain is broken no verdict is
 * run for a download (each would be a full pass): a verdict, or the
 * timer's full pass, finds it intact again.
 */
#define _GNU_SOURCE /* fopencookie */
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loa/airlog.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/store.h"
#include "loa/views.h"
#include "web/web.h"

#define KEPT_NAME  "airing-log.csv.kept"
#define KEPT_HEAD  512 /* the head: what the copy holds */
#define KEPT_MAGIC "loa-log-csv 1"
#define PART_BYTES (256 * 1024) /* of the copy per part */
#define PART_LINES 1024         /* rows of the log per part */

/* What a copy holds: its rows and what they were written with. */
struct kept {
	char version[32]; /* LOA_VERSION */
	int schema;       /* store_schema_version() */
	char zone[80];    /* the station's zone */
	int64_t last_ms;  /* its last row's instant */
	int64_t last_id;  /* and id (0: no row) */
	int64_t max_id;   /* the largest id among its rows */
	int64_t rows;     /* its rows */
	int64_t bytes;    /* its bytes after the head: the heading and the rows */
};

static int writing; /* a download writes the copy (the server's thread only) */

struct csv_send {
	struct store *store;
	char zone[80];
	char path[PATH_MAX];      /* the copy */
	char tmp[PATH_MAX];       /* a new copy while it is written */
	int fd;                   /* the copy, read (-1: none) */
	int64_t off, end;         /* its bytes sent, and to send */
	struct kept k;            /* what the copy holds, with the rows this download kept */
	int64_t rows_read;        /* its rows when it was read */
	struct airlog_filter flt; /* the rows after it; after_ms, after_id: the last sent */
	FILE *out;                /* the stream's */
	FILE *sink;               /* the listing's: to out and, while keeping, to keep */
	FILE *keep;               /* the copy being written (NULL: none) */
	int fresh;                /* keep is a new copy (tmp), else appended to */
	int mute;                 /* the sink drops what it is given */
	struct view_listing l;    /* the listing of the rows, on sink */
	int open;                 /* l is open */
	int lines;                /* rows written in this part */
	int failed;               /* a write failed */
};

static void
kept_head(const struct kept *k, char head[KEPT_HEAD])
{
	int n = snprintf(head, KEPT_HEAD,
	                 "%s\nversion %s\nschema %d\nzone %s\nlast_ms %" PRId64 "\nlast_id %" PRId64
	                 "\nmax_id %" PRId64 "\nrows %" PRId64 "\nbytes %" PRId64 "\n",
	                 KEPT_MAGIC, k->version, k->schema, k->zone, k->last_ms, k->last_id, k->max_id,
	                 k->rows, k->bytes);

	memset(head + n, ' ', (size_t)(KEPT_HEAD - n - 1));
	head[KEPT_HEAD - 1] = '\n';
}

/* Reads a head: 0, or -1 when it is not one. */
static int
kept_read(const char head[KEPT_HEAD], struct kept *k)
{
	char text[KEPT_HEAD + 1], *save = NULL;
	int seen = 0;

	memcpy(text, head, KEPT_HEAD);
	text[KEPT_HEAD] = 0;
	memset(k, 0, sizeof *k);
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (seen == 0 && strcmp(line, KEPT_MAGIC) != 0)
			return -1;
		seen += strncmp(line, "version ", 8) == 0 &&
		        snprintf(k->version, sizeof k->version, "%s", line + 8) > 0;
		seen +=
		    strncmp(line, "zone ", 5) == 0 && snprintf(k->zone, sizeof k->zone, "%s", line + 5) > 0;
		seen += sscanf(line, "schema %d", &k->schema) == 1;
		seen += sscanf(line, "last_ms %" SCNd64, &k->last_ms) == 1;
		seen += sscanf(line, "last_id %" SCNd64, &k->last_id) == 1;
		seen += sscanf(line, "max_id %" SCNd64, &k->max_id) == 1;
		seen += sscanf(line, "rows %" SCNd64, &k->rows) == 1;
		seen += sscanf(line, "bytes %" SCNd64, &k->bytes) == 1;
		seen += seen == 0;
	}
	return seen == 9 ? 0 : -1;
}

/* What a copy written now would hold before its rows. */
static void
kept_now(struct kept *k, const char *zone)
{
	memset(k, 0, sizeof *k);
	snprintf(k->version, sizeof k->version, "%s", LOA_VERSION);
	k->schema = store_schema_version();
	snprintf(k->zone, sizeof k->zone, "%s", zone);
}

/* Opens the copy at e->path when it holds what the log would give: 0 (e->fd
 * and e->k set), 1 (none, or not valid: removed), -1 (the log could not be
 * read). */
static int
kept_open(struct csv_send *e)
{
	char head[KEPT_HEAD], tail[2];
	struct kept now;
	struct stat sb;
	int64_t ms = 0, n = 0;
	int fd, found;

	if ((fd = open(e->path, O_RDONLY | O_CLOEXEC)) < 0)
		return 1;
	kept_now(&now, e->zone);
	if (pread(fd, head, KEPT_HEAD, 0) != KEPT_HEAD || kept_read(head, &e->k) != 0 ||
	    fstat(fd, &sb) != 0 || strcmp(e->k.version, now.version) != 0 || e->k.schema != now.schema ||
	    strcmp(e->k.zone, now.zone) != 0 || e->k.last_id <= 0 || e->k.bytes < 2 ||
	    sb.st_size < KEPT_HEAD + e->k.bytes || pread(fd, tail, 2, KEPT_HEAD + e->k.bytes - 2) != 2 ||
	    memcmp(tail, "\r\n", 2) != 0)
		goto invalid;
	if ((found = airlog_row_scheduled(e->store, e->k.last_id, &ms)) < 0 ||
	    (found && airlog_count_inserted(e->store, e->k.max_id, e->k.last_ms, &n) != 0)) {
		close(fd);
		return -1;
	}
	if (!found || ms != e->k.last_ms || n != 0)
		goto invalid;
	e->fd = fd;
	e->end = e->k.bytes;
	e->rows_read = e->k.rows;
	return 0;
invalid:
	close(fd);
	unlink(e->path);
	return 1;
}

/* The copy being written is given up: a new one removed, an extension
 * left out of the head (the next one writes over it). */
static void
keep_drop(struct csv_send *e)
{
	if (!e->keep)
		return;
	fclose(e->keep);
	e->keep = NULL;
	writing = 0;
	if (e->fresh)
		unlink(e->tmp);
}

/* The copy being written is complete up to the last row kept: its head
 * written, a new copy put in place. */
static void
keep_end(struct csv_send *e)
{
	char head[KEPT_HEAD];
	int ok;

	if (!e->keep)
		return;
	if (!e->fresh && e->k.rows == e->rows_read) {
		keep_drop(e); /* nothing appended */
		return;
	}
	kept_head(&e->k, head);
	ok = fflush(e->keep) == 0 && !ferror(e->keep) &&
	     pwrite(fileno(e->keep), head, KEPT_HEAD, 0) == KEPT_HEAD &&
	     (e->fresh || ftruncate(fileno(e->keep), KEPT_HEAD + e->k.bytes) == 0);
	ok = fclose(e->keep) == 0 && ok;
	e->keep = NULL;
	writing = 0;
	if (e->fresh && (!ok || rename(e->tmp, e->path) != 0))
		unlink(e->tmp);
}

/* Starts writing the copy: appended to when e->fd is open, else new. */
static void
keep_begin(struct csv_send *e)
{
	char head[KEPT_HEAD];
	int fd;

	if (writing)
		return;
	if (e->fd >= 0) {
		if (!(e->keep = fopen(e->path, "r+be")) ||
		    fseeko(e->keep, KEPT_HEAD + e->k.bytes, SEEK_SET) != 0) {
			if (e->keep)
				fclose(e->keep);
			e->keep = NULL;
			return;
		}
	} else {
		if (snprintf(e->tmp, sizeof e->tmp, "%s.%ld", e->path, (long)getpid()) >=
		        (int)sizeof e->tmp ||
		    (fd = open(e->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640)) < 0)
			return;
		if (!(e->keep = fdopen(fd, "wb"))) {
			close(fd);
			unlink(e->tmp);
			return;
		}
		e->fresh = 1;
		kept_now(&e->k, e->zone);
		memset(head, ' ', sizeof head);
		fwrite(head, 1, sizeof head, e->keep);
	}
	writing = 1;
}

/* The listing's FILE: each row (one write: the sink is unbuffered) to the
 * stream and, while the rows are kept, to the copy; nothing while muted. */
static ssize_t
sink_write(void *cookie, const char *buf, size_t n)
{
	struct csv_send *e = cookie;

	if (e->mute)
		return (ssize_t)n;
	if (e->keep) {
		if (fwrite(buf, 1, n, e->keep) == n)
			e->k.bytes += (int64_t)n;
		else
			keep_drop(e);
	}
	if (fwrite(buf, 1, n, e->out) != n)
		return 0;
	return (ssize_t)n;
}

static int
csv_row(void *ctx, const struct airlog_row *row)
{
	struct csv_send *e = ctx;
	struct view_cells c;

	/* The copy ends before the first row not closed (it may change). */
	if (e->keep && (!row->seq || row->status == AIRLOG_PLAYING))
		keep_end(e);
	if (e->keep) {
		e->k.rows++;
		e->k.last_ms = row->scheduled_ms;
		e->k.last_id = row->id;
		if (row->id > e->k.max_id)
			e->k.max_id = row->id;
	}
	view_airing_cells(&c, row, e->zone);
	if (view_add(&e->l, c.v) != 0)
		return e->failed = -1;
	e->flt.after_ms = row->scheduled_ms;
	e->flt.after_id = row->id;
	return ++e->lines >= PART_LINES;
}

/* The next part: the copy's next bytes, or the next rows of the log. 0
 * (more follows), 1 (the last), -1. */
static int
csv_fill(void *ctx, FILE *f)
{
	struct csv_send *e = ctx;
	char buf[64 * 1024];
	int64_t part = 0;
	ssize_t n;
	int rc;

	if (e->fd >= 0 && e->off < e->end) {
		while (part < PART_BYTES && e->off < e->end) {
			size_t want =
			    e->end - e->off < (int64_t)sizeof buf ? (size_t)(e->end - e->off) : sizeof buf;
			if ((n = pread(e->fd, buf, want, KEPT_HEAD + e->off)) <= 0 ||
			    fwrite(buf, 1, (size_t)n, f) != (size_t)n)
				return -1;
			e->off += n;
			part += n;
		}
		return 0;
	}
	e->lines = 0;
	rc = airlog_each(e->store, &e->flt, csv_row, e);
	if (rc < 0 || e->failed)
		return -1;
	if (rc > 0)
		return 0;
	keep_end(e);
	e->open = 0;
	return view_close(&e->l) == 0 ? 1 : -1;
}

static void
csv_release(void *ctx)
{
	struct csv_send *e = ctx;

	keep_drop(e);
	if (e->open)
		view_close(&e->l);
	if (e->sink)
		fclose(e->sink);
	if (e->fd >= 0)
		close(e->fd);
	free(e);
}

/* The copy's path: in the station's folder. 0, or -1 (none: too long). */
static int
kept_path(struct web *w, char *path, size_t n)
{
	const char *db = store_db_path(w->store), *slash = strrchr(db, '/');
	int len = slash ? (int)(slash - db) : 1;

	return snprintf(path, n, "%.*s/%s", len, slash ? db : ".", KEPT_NAME) < (int)n ? 0 : -1;
}

int
web_log_csv(struct web *w, struct web_req *r, struct web_resp *out)
{
	static const cookie_io_functions_t io = {.write = sink_write};
	struct airlog_check check;
	struct web_stream *ws;
	struct csv_send *e;
	int64_t full_ms;
	int have = 1;

	if (!(ws = web_stream_new(out, r->lang)))
		return -1;
	if (!(e = calloc(1, sizeof *e))) {
		web_stream_free(ws);
		return web_fail(out, 500, NULL, NULL, "%s", _("out of memory"));
	}
	e->store = w->store;
	e->fd = -1;
	e->flt = (struct airlog_filter){.from_ms = AIRLOG_NONE, .to_ms = AIRLOG_NONE};
	snprintf(e->zone, sizeof e->zone, "%s", w->station.tz);
	e->out = web_stream_file(ws);
	/* The copy rests on the chain's verdict: a row found changed drops
	 * it, and none is written while the chain is not intact (nor is the
	 * verdict's full pass run again for each download: the next verdict
	 * or the timer's pass finds it intact again). */
	if (kept_path(w, e->path, sizeof e->path) != 0)
		e->path[0] = 0;
	if (e->path[0] && web_chain_broken(w->chain))
		unlink(e->path);
	else if (e->path[0] && web_chain_verdict(w, &check, &full_ms) == 0) {
		if (!check.intact)
			unlink(e->path);
		else if ((have = kept_open(e)) < 0)
			goto fail;
		if (check.intact)
			keep_begin(e);
	}
	if (!(e->sink = fopencookie(e, "w", io)) || setvbuf(e->sink, NULL, _IONBF, 0) != 0)
		goto fail;
	/* From the copy: its heading is sent with it, its rows are skipped. */
	e->mute = have == 0;
	if (have == 0) {
		e->flt.after_ms = e->k.last_ms;
		e->flt.after_id = e->k.last_id;
	}
	if (view_open(&e->l, &view_airing, e->sink, FMT_CSV, VIEW_NARROW) != 0)
		goto fail;
	e->open = 1;
	e->mute = 0;
	if (web_stream_send(out, ws, csv_fill, csv_release, e, "text/csv; charset=utf-8") != 0)
		return -1;
	web_resp_header(out, "Content-Disposition", "attachment; filename=\"nhat-ky-phat.csv\"");
	return 0;
fail:
	csv_release(e);
	web_stream_free(ws);
	return web_fail(out, 500, NULL, NULL, "%s", _("cannot read the airing log"));
}
