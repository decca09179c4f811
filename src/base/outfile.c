/*
 * outfile.c — writing a file the user named, safely (see outfile.h).
 *
 * Key decision: what is at the target decides how it is written, and it
 * is looked at once, with lstat(), before anything is opened. A regular
 * file is replaced only by rename() of a complete temporary made with
 * mkstemp() in the same folder; the temporary takes the old file's mode
 * (or 0666 less the umask for a new one), so a report does not become
 * private to its writer. A device or a FIFO is what the user asked to
 * write to (/dev/stdout in a script), so it is opened and written, never
 * renamed over; /dev/null stays /dev/null.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/outfile.h"

/* The mode a new file gets: 0666 less the umask. */
static mode_t
new_mode(void)
{
	mode_t m = umask(0);

	umask(m);
	return 0666 & ~m;
}

/* Looks at the target: 0 (regular or absent: *mode set), 1 (device or
 * FIFO: write in place), -1 (refused, printed). */
static int
classify(const char *path, mode_t *mode)
{
	struct stat sb;

	*mode = new_mode();
	if (lstat(path, &sb) != 0) {
		if (errno == ENOENT)
			return 0;
		return error_errno(_("cannot write '%s'"), path);
	}
	/* A link to a device or a pipe (/dev/stdout) is followed: written in
	 * place, as asked. A link to a file is not. */
	if (S_ISLNK(sb.st_mode)) {
		struct stat to;
		if (stat(path, &to) == 0 && (S_ISCHR(to.st_mode) || S_ISFIFO(to.st_mode)))
			return 1;
		error(_("cannot write '%s': it is a symbolic link"), path);
		hint(_("name the file it points to, or another file"));
		return -1;
	}
	if (S_ISREG(sb.st_mode)) {
		*mode = sb.st_mode & 07777;
		return 0;
	}
	if (S_ISCHR(sb.st_mode) || S_ISFIFO(sb.st_mode))
		return 1;
	error(_("cannot write '%s': it is not a file"), path);
	hint(_("name a file to write, e.g. -o $HOME/bao-cao.docx"));
	return -1;
}

/* The extension of path's last component (".wav"), or "" when it has
 * none or an odd one: a temporary keeps it, for writers that choose the
 * format by name. */
static const char *
extension(const char *path)
{
	const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');

	if (!dot || (slash && dot < slash) || dot == (slash ? slash + 1 : path) || strlen(dot) > 8)
		return "";
	for (const char *p = dot + 1; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return "";
	return dot;
}

int
outfile_temp(char *buf, size_t n, const char *near, int beside)
{
	const char *slash = strrchr(near, '/'), *tmpdir = getenv("TMPDIR"), *ext = extension(near);
	const char *base = slash ? slash + 1 : near;
	int fd, k, e;

	if (beside)
		k = snprintf(buf, n, "%.*s.%.*s.XXXXXX%s", slash ? (int)(slash - near + 1) : 0, near,
		             (int)(strlen(base) - strlen(ext)), base, ext);
	else
		k = snprintf(buf, n, "%s/loa-out.XXXXXX%s", tmpdir && *tmpdir ? tmpdir : "/tmp", ext);
	if (k < 0 || (size_t)k >= n) {
		buf[0] = 0;
		return error(_("file name too long: '%s'"), near);
	}
	if ((fd = mkstemps(buf, (int)strlen(ext))) < 0) {
		e = errno;
		buf[0] = 0;
		errno = e;
		error_errno(_("cannot write '%s'"), near);
		hint(_("choose a folder you may write to, e.g. -o $HOME/bao-cao.docx"));
		return -1;
	}
	return fd;
}

/* A temporary for o, beside its target (or in $TMPDIR when beside is 0),
 * open with the given mode; -1. */
static int
make_temp(struct outfile *o, const char *path, int beside, mode_t mode)
{
	int fd = outfile_temp(o->tmp, sizeof o->tmp, path, beside);

	if (fd >= 0 && fchmod(fd, mode) != 0)
		log_debug("cannot set the mode of '%s'", o->tmp);
	return fd;
}

/* Opens a device or FIFO target, checking that it still is one (a link
 * swapped for a file between the look and the open is refused). */
static int
open_direct(const char *path)
{
	struct stat sb;
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return error_errno(_("cannot write '%s'"), path);
	if (fstat(fd, &sb) != 0 || !(S_ISCHR(sb.st_mode) || S_ISFIFO(sb.st_mode))) {
		close(fd);
		return error(_("cannot write '%s': it is not a device any more"), path);
	}
	return fd;
}

static int
setup(struct outfile *o, const char *path)
{
	memset(o, 0, sizeof *o);
	if (snprintf(o->target, sizeof o->target, "%s", path) >= (int)sizeof o->target)
		return error(_("file name too long: '%s'"), path);
	return 0;
}

int
outfile_open(struct outfile *o, const char *path)
{
	mode_t mode;
	int kind, fd;

	if (setup(o, path) != 0 || (kind = classify(path, &mode)) < 0)
		return -1;
	if (kind == 1) {
		o->direct = 1;
		if ((fd = open_direct(path)) < 0)
			return -1;
	} else if ((fd = make_temp(o, path, 1, mode)) < 0) {
		return -1;
	}
	if (!(o->f = fdopen(fd, "w"))) {
		close(fd);
		outfile_abort(o);
		return error_errno(_("cannot write '%s'"), path);
	}
	return 0;
}

int
outfile_open_name(struct outfile *o, const char *path)
{
	mode_t mode;
	int kind, fd;

	if (setup(o, path) != 0 || (kind = classify(path, &mode)) < 0)
		return -1;
	o->direct = kind == 1;
	if ((fd = make_temp(o, path, !o->direct, mode)) < 0)
		return -1;
	close(fd);
	return 0;
}

/* Copies the temporary into a device or FIFO target. 0 or -1. */
static int
copy_to_target(struct outfile *o)
{
	char buf[65536];
	int in = open(o->tmp, O_RDONLY | O_CLOEXEC), out = -1, rc = -1;
	ssize_t n;

	if (in < 0 || (out = open_direct(o->target)) < 0)
		goto done;
	while ((n = read(in, buf, sizeof buf)) > 0)
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));
			if (w < 0) {
				if (errno == EINTR)
					continue;
				goto done;
			}
			off += w;
		}
	rc = n < 0 ? -1 : 0;
done:
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) != 0)
		rc = -1;
	return rc;
}

int
outfile_commit(struct outfile *o)
{
	int rc = 0;

	if (o->f) {
		if (fflush(o->f) != 0 || ferror(o->f) || (!o->direct && fsync(fileno(o->f)) != 0))
			rc = -1;
		if (fclose(o->f) != 0)
			rc = -1;
		o->f = NULL;
	}
	if (rc == 0 && o->tmp[0])
		rc = o->direct ? copy_to_target(o) : rename(o->tmp, o->target);
	if (rc != 0) {
		error_errno(_("cannot write '%s'"), o->target);
		outfile_abort(o);
		return -1;
	}
	if (o->direct && o->tmp[0])
		unlink(o->tmp);
	o->tmp[0] = 0;
	return 0;
}

void
outfile_abort(struct outfile *o)
{
	if (o->f) {
		fclose(o->f);
		o->f = NULL;
	}
	if (o->tmp[0])
		unlink(o->tmp);
	o->tmp[0] = 0;
}
