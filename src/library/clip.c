/*
 * clip.c — importing a clip: decode and measure, hash, copy into the
 * library, record.
 *
 * The order is chosen so that a failure changes nothing and a repeat costs
 * little. First the source is hashed (fast), so a file already in the
 * library is recognised before any decoding. Then it is decoded in full —
 * the only way to know its exact length and loudness, and to find damage
 * that a header hides. Only then is it copied: into a temporary file in
 * the library folder, hashed again on the way (a file that changed while
 * we read it is refused), fsync'd, renamed to its content address and the
 * folder fsync'd, so after a power cut the library holds either no file
 * or the whole one. The database row comes last; if recording it fails,
 * the file this import created is removed again.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "library/clip_internal.h"
#include "loa/clock.h"
#include "loa/decode.h"
#include "loa/hash.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/loudness.h"
#include "loa/store.h"
#include "loa/utf8.h"

#define BLOCK_FRAMES 8192
/* Frames a decoder may fall short of its header's promise before the file
 * counts as truncated (two MP3 frames: encoder padding estimates vary). */
#define SHORT_TOLERANCE 2304

/* Decodes all of the open file fd (named path), filling c's format,
 * rate, channels, frames and loudness. 0 or -1 (printed). */
static int
measure(int fd, const char *path, struct clip *c)
{
	struct decode_info info;
	struct decoder *d;
	struct loudness *m = NULL;
	float *buf = NULL;
	int64_t n, total = 0;
	int rc = -1;

	if ((fd = fcntl(fd, F_DUPFD_CLOEXEC, 0)) < 0)
		return error_errno(_("cannot read audio file '%s'"), path);
	if (!(d = decoder_open_fd(fd, path, &info)))
		return -1;
	if (!(buf = malloc((size_t)BLOCK_FRAMES * info.channels * sizeof *buf))) {
		error(_("out of memory"));
		goto out;
	}
	if (!(m = loudness_new(info.channels, info.sample_rate)))
		goto out;
	while ((n = decoder_read(d, buf, BLOCK_FRAMES)) > 0) {
		if (loudness_add(m, buf, n) != 0)
			goto out;
		total += n;
	}
	if (n < 0)
		goto out;
	if (total == 0) {
		error(_("cannot read audio file '%s': it holds no audio"), path);
		hint(_("copy the file again from its original source"));
		goto out;
	}
	if (info.frames > 0 && total + SHORT_TOLERANCE < info.frames) {
		error(_("cannot read audio file '%s': it is truncated (the header promises %.3f s, only %.3f "
		        "s decode)"),
		      path, (double)info.frames / info.sample_rate, (double)total / info.sample_rate);
		hint(_("copy the file again from its original source"));
		goto out;
	}
	if (loudness_result(m, &c->loudness_lufs, &c->true_peak_dbtp) != 0)
		goto out;
	snprintf(c->format, sizeof c->format, "%s", info.format);
	c->sample_rate = info.sample_rate;
	c->channels = info.channels;
	c->frames = total;
	c->duration_s = (double)total / info.sample_rate;
	rc = 0;
out:
	loudness_free(m);
	free(buf);
	decoder_close(d);
	return rc;
}

/* write(2) all of buf. 0 or -1 (errno set). */
static int
write_all(int fd, const unsigned char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

/* fsync a folder, so a rename in it survives a power cut. */
static int
sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static int
library_error(const char *lib, const char *path)
{
	int e = errno;

	error(_("cannot write to the clip library '%s': %s (importing '%s')"), lib, strerror(e), path);
	if (e == EACCES || e == EPERM || e == EROFS)
		hint(_("run loa as a user who may write to '%s', or fix its permissions"), lib);
	else if (e == ENOSPC || e == EDQUOT)
		hint(_("free some disk space, then add the clip again"));
	else
		advise(ADVICE_LIBRARY_FOLDER, lib);
	return -1;
}

/*
 * Copies the open file in (named src) into the library as <ab>/<sha>.<ext>,
 * checking that the copy's digest is sha. *created is 1 when the library
 * file is new.
 */
static int
copy_in(const char *lib, int in, const char *src, const char *sha, const char *ext, char *file, int file_n,
        int *created)
{
	enum { BUFSIZE = 1 << 16 };
	unsigned char *buf = malloc(BUFSIZE);
	char tmp[PATH_MAX], dir[PATH_MAX], dst[PATH_MAX], got[HASH_HEX_LEN + 1];
	struct hash_sha256 *h = NULL;
	int out = -1;
	off_t off = 0;
	ssize_t n;

	*created = 0;
	if (!buf)
		return error(_("out of memory"));
	if (clip_library_name(sha, ext, file, (size_t)file_n) != 0)
		return free(buf),
		       error(_("cannot keep a clip of format '%s' in the library: '%s'"), ext, src);
	snprintf(dir, sizeof dir, "%s/%.2s", lib, sha);
	snprintf(dst, sizeof dst, "%s/%s", lib, file);
	if (snprintf(tmp, sizeof tmp, "%s/.import-XXXXXX", lib) >= (int)sizeof tmp)
		return free(buf), error(_("the clip library's path is too long: '%s'"), lib);
	if ((out = mkstemp(tmp)) < 0)
		return free(buf), library_error(lib, src);
	if (!(h = hash_sha256_new()))
		goto fail;
	for (;;) {
		n = pread(in, buf, BUFSIZE, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error_errno(_("cannot read file '%s'"), src);
			goto fail;
		}
		if (n == 0)
			break;
		off += n;
		hash_sha256_update(h, buf, (size_t)n);
		if (write_all(out, buf, (size_t)n) != 0) {
			library_error(lib, src);
			goto fail;
		}
	}
	hash_sha256_final(h, got);
	h = NULL;
	if (strcmp(got, sha) != 0) {
		error(_("the file changed while it was being imported: '%s'"), src);
		hint(_("wait until it has been copied completely, then add it again"));
		goto fail;
	}
	if (fchmod(out, 0644) != 0 || fsync(out) != 0 || close(out) != 0) {
		out = -1;
		library_error(lib, src);
		goto fail;
	}
	out = -1;
	if (mkdir(dir, 0775) != 0 && errno != EEXIST) {
		library_error(lib, src);
		goto fail;
	}
	/* A file already at the address holds these very bytes (an earlier
	 * import that did not get recorded); keep it. */
	*created = access(dst, F_OK) != 0;
	if (rename(tmp, dst) != 0) {
		*created = 0;
		library_error(lib, src);
		goto fail;
	}
	if (sync_dir(dir) != 0 || sync_dir(lib) != 0)
		warning(_("cannot flush the clip library folder to disk: '%s'"), lib);
	free(buf);
	return 0;
fail:
	free(buf);
	hash_sha256_free(h);
	if (out >= 0)
		close(out);
	unlink(tmp);
	return -1;
}

/* The base name of path, and the title it suggests (no extension). */
static void
names_from_path(const char *path, char *base, size_t bn, char *title, size_t tn)
{
	const char *slash = strrchr(path, '/'), *dot;
	const char *b = slash ? slash + 1 : path;

	snprintf(base, bn, "%s", b);
	dot = strrchr(b, '.');
	if (dot && dot != b)
		snprintf(title, tn, "%.*s", (int)(dot - b), b);
	else
		snprintf(title, tn, "%s", b);
}

/*
 * The same bytes are clip id already. If its library copy went missing (a
 * disk cleaned by hand, a restored backup without its clips/ folder), the
 * file given is that copy: it is put back under the clip's own address, so
 * every slot and playlist that names the clip plays again. Returns 2 when
 * the copy was put back, 1 when it was there, -1 on failure (printed).
 */
static int
restore(struct store *s, int64_t id, int fd, const char *path, const char *sha)
{
	struct clip *c = malloc(sizeof *c);
	char file[PATH_MAX];
	int created, rc = 1;

	if (!c)
		return error(_("out of memory"));
	if (clip_get(s, id, c) != 0)
		rc = -1;
	else if (access(c->path, F_OK) != 0 && errno == ENOENT)
		rc = copy_in(store_library_dir(s), fd, path, sha, c->format, file, sizeof file, &created) == 0
		         ? 2
		         : -1;
	free(c);
	return rc;
}

int
clip_prepare(struct store *s, const char *path, const struct clip_import_opts *opts, struct clip *c,
             char *file_out, int file_n, int *created, int64_t *existing_id)
{
	const char *lib = store_library_dir(s);
	char sha[HASH_HEX_LEN + 1];
	struct stat sb;
	int rc, fd;

	*created = 0;
	memset(c, 0, sizeof *c);
	/* A title someone typed (or a calendar or playlist file gave) is
	 * refused when it is not one line; callers with a line number to name
	 * check it first. */
	if (opts->title && utf8_line_refuse(opts->title, UTF8_TITLE_MAX, _("the title")) != 0)
		return -1;
	/*
	 * One open for the hash, the decoding and the copy, checked first (a
	 * regular file, not empty, within the size cap, inside opts->inside):
	 * a FIFO or a 5 GB file is refused before a byte is read, and the
	 * file hashed is the file copied.
	 */
	if ((fd = decoder_file_open(path, opts->inside, &sb)) < 0)
		return -1;
	if (hash_sha256_fd(fd, path, sha) != 0) {
		close(fd);
		return -1;
	}
	rc = clip_find_by_sha256(s, sha, existing_id);
	if (rc <= 0) {
		rc = rc < 0 ? -1 : restore(s, *existing_id, fd, path, sha);
		close(fd);
		return rc;
	}
	if (measure(fd, path, c) != 0) {
		close(fd);
		return -1;
	}
	snprintf(c->sha256, sizeof c->sha256, "%s", sha);
	names_from_path(path, c->original_name, sizeof c->original_name, c->title, sizeof c->title);
	if (opts->title)
		snprintf(c->title, sizeof c->title, "%s", opts->title);
	if (opts->topic)
		snprintf(c->topic, sizeof c->topic, "%s", opts->topic);
	/* Names from a FAT stick or a Windows playlist may be in another
	 * encoding, and a file's name may hold a line break or an ESC: the
	 * officer cannot easily rename it, so what is not UTF-8 or not one
	 * line is marked '?' instead of refused. */
	utf8_line_fix(c->title);
	utf8_line_fix(c->topic);
	utf8_line_fix(c->original_name);
	if (opts->valid_from)
		snprintf(c->valid_from, sizeof c->valid_from, "%s", opts->valid_from);
	if (opts->valid_until)
		snprintf(c->valid_until, sizeof c->valid_until, "%s", opts->valid_until);
	/* Where the peaks hold the gain short of the target, the front end
	 * says so in its line for the clip; the figures are in the row. */
	c->gain_db = loudness_gain(c->loudness_lufs, c->true_peak_dbtp, opts->target_lufs, NULL);
	if (!isfinite(c->loudness_lufs))
		warning(_("'%s' is silent: it is imported with its volume left as it is"), path);
	c->added_ms = clock_wall_ms();
	rc = copy_in(lib, fd, path, sha, c->format, file_out, file_n, created);
	close(fd);
	return rc;
}

int
clip_library_unlink(struct store *s, const char *sha, const char *format)
{
	char name[HASH_HEX_LEN + 16];
	int lib, fan, rc, e;

	if (clip_library_name(sha, format, name, sizeof name) != 0)
		return errno = EINVAL, -1;
	/* Step by step from the library folder, never following a link: a
	 * fan-out folder replaced by a link to elsewhere is not gone into. */
	if ((lib = open(store_library_dir(s), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	name[2] = '\0';
	if ((fan = openat(lib, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		e = errno;
		close(lib);
		return errno = e, -1;
	}
	rc = unlinkat(fan, name + 3, 0);
	e = errno;
	close(fan);
	/* Its <ab>/ folder too, if this was its only file (else it stays). */
	if (rc == 0)
		unlinkat(lib, name, AT_REMOVEDIR);
	close(lib);
	errno = e;
	return rc;
}

int
clip_import(struct store *s, const char *path, const struct clip_import_opts *opts, int64_t *id_out)
{
	struct clip *c = malloc(sizeof *c);
	char file[PATH_MAX];
	int created, rc;

	if (!c)
		return error(_("out of memory"));
	rc = clip_prepare(s, path, opts, c, file, sizeof file, &created, id_out);
	if (rc == 0 && store_clip_insert(s, c, file, id_out) != 0) {
		/* Someone else may have recorded the same bytes meanwhile. */
		if (clip_find_by_sha256(s, c->sha256, id_out) == 0) {
			rc = 1;
		} else {
			if (created)
				clip_library_unlink(s, c->sha256, c->format);
			rc = -1;
		}
	}
	free(c);
	return rc;
}

int
clip_remove(struct store *s, int64_t id, int force)
{
	struct clip c;
	char file[PATH_MAX]; /* the row's file column: only compared */
	char name[HASH_HEX_LEN + 16];
	int rc;

	if ((rc = store_clip_delete(s, id, force, &c, file, sizeof file)) != 0)
		return rc;
	/* The row is gone for good; now the file: the one its SHA-256 names
	 * in the library, whatever the row's file column said (row_to_clip).
	 * A daemon playing it keeps its open descriptor, so unlinking is safe. */
	if (!c.path[0])
		warning(
		    _("clip %lld had no valid library file (SHA-256 '%s', format '%s'): no file was deleted"),
		    (long long)id, c.sha256, c.format);
	else if (clip_library_unlink(s, c.sha256, c.format) != 0 && errno != ENOENT)
		warning(_("cannot delete the library file '%s': %s"), c.path, strerror(errno));
	if (*file && clip_library_name(c.sha256, c.format, name, sizeof name) == 0 && strcmp(file, name) != 0)
		warning(_("the database named another file for clip %lld, '%s'; it was left alone"),
		        (long long)id, file);
	return 0;
}

void
clip_format_duration(double sec, char *buf, int n)
{
	snprintf(buf, (size_t)n, "%.3f", sec);
}
