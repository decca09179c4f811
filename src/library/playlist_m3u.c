/*
 * playlist_m3u.c — M3U/M3U8 playlists in and out.
 *
 * Import is all or nothing, and in two phases so the database is never
 * locked while audio is decoded (the daemon must be able to write its
 * airing log meanwhile): first every entry is measured and copied into the
 * library without touching the database, then one short transaction
 * records the new clips and the playlist. If either phase fails, the
 * library files this import created are deleted again, so a failed import
 * leaves the station exactly as it was.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "library/clip_internal.h"
#include "loa/clip.h"
#include "loa/i18n.h"
#include "loa/infile.h"
#include "loa/log.h"
#include "loa/store.h"
#include "loa/utf8.h"

#define M3U_MAX_BYTES (4 << 20) /* a playlist is text; refuse anything huge */

/* Resolves one playlist line to a path: file: URLs (RFC 8089: no host or
 * localhost, percent-decoded), absolute paths, or paths relative to the
 * playlist's folder. */
static int
resolve(const char *m3u, const char *line, char *out, size_t n)
{
	char decoded[PATH_MAX];
	const char *slash;

	if (strncasecmp(line, "file:", 5) == 0) {
		if (infile_uri_path(line, decoded, sizeof decoded) != 0)
			return -1;
		line = decoded;
	} else if (strstr(line, "://")) {
		return -1;
	}
	if (line[0] == '/' || !(slash = strrchr(m3u, '/')))
		return snprintf(out, n, "%s", line) < (int)n ? 0 : -1;
	return snprintf(out, n, "%.*s/%s", (int)(slash - m3u), m3u, line) < (int)n ? 0 : -1;
}

int
m3u_parse(const char *path, char *buf, size_t len, struct m3u_entry **entries, int *n)
{
	char *line, title[CLIP_TITLE_MAX] = "";
	int lineno = 0, cap = 0;

	*entries = NULL, *n = 0;
	if (memchr(buf, 0, len)) {
		error(_("not a playlist (binary data): '%s'"), path);
		hint(_("an M3U playlist is a text file with one audio file per line"));
		goto fail;
	}
	line = buf;
	if (strncmp(line, "\xef\xbb\xbf", 3) == 0) /* UTF-8 byte-order mark */
		line += 3;
	for (char *next; line; line = next) {
		if ((next = strchr(line, '\n')))
			*next++ = 0;
		lineno++;
		size_t l = strlen(line);
		while (l && (line[l - 1] == '\r' || line[l - 1] == ' ' || line[l - 1] == '\t'))
			line[--l] = 0;
		while (*line == ' ' || *line == '\t')
			line++;
		if (!*line)
			continue;
		if (line[0] == '#') {
			if (strncmp(line, "#EXTINF:", 8) == 0) {
				char *comma = strchr(line, ',');
				struct utf8_fault f;
				/* The title of a new clip, from a file: made one line (a
				 * tab or an ESC in it becomes ' ' or '?', as in a file's
				 * name), and refused when longer than a title may be. */
				if (comma)
					utf8_line_fix(comma + 1);
				if (comma && utf8_line_check(comma + 1, UTF8_TITLE_MAX, &f) != 0) {
					error(_("playlist '%s' line %d: the #EXTINF title is refused: %s: "
					        "'%s'"),
					      path, lineno, f.why, f.shown);
					hint(_("shorten the title to at most %d characters; nothing was "
					       "imported"),
					     UTF8_TITLE_MAX);
					goto fail;
				}
				snprintf(title, sizeof title, "%s", comma ? comma + 1 : "");
			}
			continue;
		}
		if (*n == PLAYLIST_MAX_CLIPS) {
			error(
			    _("playlist '%s' line %d: more than %d files; a playlist holds at most %d clips"),
			    path, lineno, PLAYLIST_MAX_CLIPS, PLAYLIST_MAX_CLIPS);
			hint(_("split it into two playlists and schedule them one after the other; nothing "
			       "was imported"));
			goto fail;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			struct m3u_entry *more = realloc(*entries, (size_t)cap * sizeof *more);
			if (!more) {
				error(_("out of memory"));
				goto fail;
			}
			*entries = more;
		}
		char resolved[PATH_MAX];
		if (resolve(path, line, resolved, sizeof resolved) != 0) {
			error(_("playlist '%s' line %d: loa plays files, not internet addresses or over-long "
			        "paths: '%s'"),
			      path, lineno, line);
			hint(_("download the file and list its path instead"));
			goto fail;
		}
		struct m3u_entry *e = &(*entries)[*n];
		memset(e, 0, sizeof *e);
		e->line = lineno;
		if (!(e->path = strdup(resolved)) || !(e->title = strdup(title))) {
			free(e->path);
			error(_("out of memory"));
			goto fail;
		}
		(*n)++;
		title[0] = 0;
	}
	if (*n == 0) {
		error(_("playlist names no audio files: '%s'"), path);
		hint(_("an M3U playlist is a text file with one audio file per line"));
		goto fail;
	}
	return 0;
fail:
	m3u_entries_free(*entries, *n);
	*entries = NULL;
	*n = 0;
	return -1;
}

/* Reads and parses the playlist file at path, inside root unless root is
 * NULL. -1 (printed) on failure. */
static int
parse(const char *path, const struct infile_root *root, struct m3u_entry **entries, int *n)
{
	struct infile_error ie;
	struct stat sb;
	char *buf, reason[PATH_MAX + 64];
	size_t len;
	int fd, rc;

	*entries = NULL, *n = 0;
	/* Only a regular file of at most M3U_MAX_BYTES: a FIFO would block,
	 * /dev/zero would never end. */
	if ((fd = infile_open(path, root, M3U_MAX_BYTES, &sb, &ie)) < 0) {
		if (ie.fail == INFILE_TOO_BIG)
			return error(_("playlist is larger than 4 MiB, not a playlist: '%s'"), path);
		if (ie.fail == INFILE_SYSTEM) {
			errno = ie.err;
			return error_errno(_("cannot read playlist '%s'"), path);
		}
		error(_("cannot read playlist '%s': %s"), path,
		      infile_reason(&ie, root, M3U_MAX_BYTES, reason, sizeof reason));
		if (ie.fail == INFILE_OUTSIDE)
			advise(ADVICE_PLAYLIST_OUTSIDE, NULL);
		return -1;
	}
	rc = infile_read_all(fd, M3U_MAX_BYTES, &buf, &len);
	close(fd);
	if (rc != 0) {
		if (errno == EFBIG)
			return error(_("playlist is larger than 4 MiB, not a playlist: '%s'"), path);
		return error_errno(_("cannot read playlist '%s'"), path);
	}
	rc = m3u_parse(path, buf, len, entries, n);
	free(buf);
	return rc;
}

void
m3u_entries_free(struct m3u_entry *e, int n)
{
	for (int i = 0; e && i < n; i++) {
		free(e[i].path);
		free(e[i].title);
		free(e[i].file);
		free(e[i].clip);
	}
	free(e);
}

static void
release(struct store *s, struct m3u_entry *e, int n, int unlink_created)
{
	for (int i = 0; i < n; i++)
		if (unlink_created && e[i].created && e[i].clip)
			clip_library_unlink(s, e[i].clip->sha256, e[i].clip->format);
	m3u_entries_free(e, n);
}

/* The playlist's name from its file name: base name, no extension. */
static void
default_name(const char *path, char *out, size_t n)
{
	const char *b = strrchr(path, '/');
	const char *dot;

	b = b ? b + 1 : path;
	dot = strrchr(b, '.');
	snprintf(out, n, "%.*s", (int)(dot && dot != b ? dot - b : (long)strlen(b)), b);
}

/* playlist_import_m3u() with o->inside the folder its files must lie
 * in (or NULL). */
static int
import_m3u(struct store *s, const char *path, const char *name, const struct clip_import_opts *opts,
           const struct infile_root *m3u_root, int replace, struct playlist *out)
{
	struct clip_import_opts o = *opts;
	struct m3u_entry *e;
	char pname[PLAYLIST_NAME_MAX];
	int64_t *ids = NULL;
	int n, rc;

	/* A name given is refused when it is not one line; one taken from
	 * the file's name is made one line (as playlist_create stores it),
	 * and refused only when too long. */
	if (name && utf8_line_refuse(name, UTF8_NAME_MAX, _("the playlist's name")) != 0)
		return -1;
	if (name)
		snprintf(pname, sizeof pname, "%s", name);
	else
		default_name(path, pname, sizeof pname);
	utf8_line_fix(pname);
	if (utf8_line_refuse(pname, UTF8_NAME_MAX, _("the playlist's name")) != 0)
		return -1;
	if (parse(path, m3u_root, &e, &n) != 0)
		return -1;
	struct playlist old;
	int exists;
	rc = playlist_find(s, pname, &old);
	if ((exists = rc == 0))
		playlist_release(&old);
	if (exists && !replace) {
		error(_("a playlist with this name already exists: '%s'"), pname);
		advise(ADVICE_PLAYLIST_EXISTS, pname);
		release(s, e, n, 0);
		return -1;
	}
	if (rc < 0) {
		release(s, e, n, 0);
		return -1;
	}
	/* Phase 1: measure and copy, no database writes. */
	for (int i = 0; i < n; i++) {
		if (o.progress && n > 1)
			o.progress(e[i].path, i, n);
		if (!(e[i].clip = malloc(sizeof *e[i].clip)) || !(e[i].file = calloc(1, PATH_MAX))) {
			error(_("out of memory"));
			goto fail;
		}
		o.title = e[i].title[0] ? e[i].title : NULL;
		rc = clip_prepare(s, e[i].path, &o, e[i].clip, e[i].file, PATH_MAX, &e[i].created, &e[i].id);
		if (rc < 0) {
			error(
			    _("cannot import playlist '%s': line %d names a file that cannot be added: '%s'"),
			    path, e[i].line, e[i].path);
			hint(_("fix or remove that line; nothing was imported"));
			goto fail;
		}
		e[i].is_new = rc == 0;
	}
	if (o.progress && n > 1)
		o.progress(_("done"), n, n);
	/* Phase 2: one short transaction. */
	if (!(ids = malloc((size_t)n * sizeof *ids))) {
		error(_("out of memory"));
		goto fail;
	}
	if (store_begin(s) != 0)
		goto fail;
	for (int i = 0; i < n; i++) {
		if (!e[i].is_new) {
			ids[i] = e[i].id;
			continue;
		}
		/* The same bytes may appear twice in one playlist. */
		rc = clip_find_by_sha256(s, e[i].clip->sha256, &ids[i]);
		if (rc < 0 || (rc == 1 && store_clip_insert(s, e[i].clip, e[i].file, &ids[i]) != 0))
			goto rollback;
	}
	if ((exists ? playlist_set(s, pname, ids, n) : playlist_create(s, pname, ids, n)) != 0 ||
	    store_commit(s) != 0)
		goto rollback;
	free(ids);
	release(s, e, n, 0);
	if (out && playlist_find(s, pname, out) != 0)
		return -1;
	return 0;
rollback:
	store_rollback(s);
	error(_("cannot import playlist '%s'; nothing was imported"), path);
fail:
	free(ids);
	release(s, e, n, 1);
	return -1;
}

int
playlist_import_m3u(struct store *s, const char *path, const char *name, const struct clip_import_opts *opts,
                    int replace, struct playlist *out)
{
	struct clip_import_opts o = *opts;
	struct infile_root own;
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int rc;

	if (o.inside || !o.confine)
		return import_m3u(s, path, name, &o, o.inside, replace, out);
	/* The playlist was named by the officer; the files it names must lie
	 * in its own folder. */
	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
	if (slash == path)
		snprintf(dir, sizeof dir, "/");
	if (infile_root_open(&own, dir) != 0)
		return -1;
	o.inside = &own;
	rc = import_m3u(s, path, name, &o, NULL, replace, out);
	infile_root_close(&own);
	return rc;
}

int
playlist_export_m3u(struct store *s, const char *name, FILE *out)
{
	struct playlist p;
	int rc = playlist_find(s, name, &p);

	if (rc != 0)
		return rc;
	fputs("#EXTM3U\n", out);
	for (int i = 0; i < p.nclips; i++) {
		/* Titles are one line; a newline would start a bogus entry, and
		 * a control character would make the file refused on import. */
		char title[CLIP_TITLE_MAX];
		snprintf(title, sizeof title, "%s", p.clips[i].title);
		utf8_line_fix(title);
		utf8_cut(title, UTF8_TITLE_MAX); /* an older station's longer title */
		fprintf(out, "#EXTINF:%.0f,%s\n%s\n", ceil(p.clips[i].duration_s), title, p.clips[i].path);
	}
	playlist_release(&p);
	return ferror(out) ? -1 : 0;
}
