/*
 * infile.c — opening a file the officer named, or that a calendar or a
 * playlist named, for reading (see infile.h).
 *
 * Key decisions:
 *  - One open, and everything from that descriptor. The open has
 *    O_NONBLOCK and O_NOCTTY: opening a FIFO for reading otherwise waits
 *    for a writer that may never come, and a terminal would become loa's.
 *    fstat() then decides: only a regular file is read, and only when its
 *    size is within the caller's cap, so a 5 GB file is refused before a
 *    byte of it is hashed and /dev/zero is never read at all.
 *  - Confinement is decided first on the text of the name: an absolute
 *    name, or one that climbs out with "..", is outside without the file
 *    system being asked. A name inside is then opened with openat2()
 *    and RESOLVE_BENEATH, so a symbolic link that leads out is refused
 *    by the kernel before the path beyond it is looked up. Either way the
 *    refusal says the same thing whether or not a file exists out there.
 *    Without openat2 (Linux before 5.6) the file is opened and its real
 *    path checked afterwards; only a link planted inside the folder could
 *    then tell an outside file's existence apart.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

#include "loa/i18n.h"
#include "loa/infile.h"
#include "loa/log.h"

#define OPEN_FLAGS (O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)

/*
 * Makes path absolute (from the current folder) and removes ".", ".."
 * and repeated '/' by its text alone, as the officer reads a name. 0, or
 * -1 when it does not fit in n.
 */
static int
clean_abs(const char *path, char *out, size_t n)
{
	char cwd[PATH_MAX], *tmp;
	size_t o = 0;

	if (path[0] != '/' && !getcwd(cwd, sizeof cwd))
		return -1;
	if (asprintf(&tmp, "%s%s%s", path[0] == '/' ? "" : cwd, path[0] == '/' ? "" : "/", path) < 0)
		return -1;
	for (const char *p = tmp; *p;) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		size_t l = strcspn(p, "/");
		if (l == 2 && p[0] == '.' && p[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else if (!(l == 1 && p[0] == '.')) {
			if (o + l + 2 > n) {
				free(tmp);
				return -1;
			}
			out[o++] = '/';
			memcpy(out + o, p, l);
			o += l;
		}
		out[o] = 0;
		p += l;
	}
	free(tmp);
	if (o == 0)
		snprintf(out, n, "/");
	out[o ? o : 1] = 0;
	return 0;
}

/* The part of clean (absolute, cleaned) below folder root, "." for the
 * folder itself, or NULL when clean is not inside root. */
static const char *
beneath(const char *clean, const char *root)
{
	size_t l = strlen(root);

	if (!*root)
		return NULL;
	if (strcmp(root, "/") == 0)
		return clean[1] ? clean + 1 : ".";
	if (strncmp(clean, root, l) != 0)
		return NULL;
	if (!clean[l])
		return ".";
	return clean[l] == '/' ? clean + l + 1 : NULL;
}

int
infile_root_open(struct infile_root *r, const char *dir)
{
	memset(r, 0, sizeof *r);
	r->fd = -1;
	snprintf(r->shown, sizeof r->shown, "%s", dir);
	if (clean_abs(dir, r->abs, sizeof r->abs) != 0 || !realpath(dir, r->real) ||
	    (r->fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
		error_errno(_("cannot read folder '%s'"), dir);
		r->fd = -1;
		return -1;
	}
	return 0;
}

void
infile_root_close(struct infile_root *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

/* Opens rel below root, never leaving it; -1 with errno EXDEV when the
 * path (through a link) leads out. */
static int
open_beneath(const struct infile_root *root, const char *rel)
{
	char link[64], real[PATH_MAX];
	ssize_t n;
	int fd;

#ifdef SYS_openat2
	struct open_how how = {.flags = OPEN_FLAGS, .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS};
	long r;
	/* EAGAIN: a rename raced the lookup; the kernel asks to try again. */
	for (int tries = 0; tries < 8; tries++)
		if ((r = syscall(SYS_openat2, root->fd, rel, &how, sizeof how)) >= 0 || errno != EAGAIN)
			break;
	if (r >= 0 || errno != ENOSYS)
		return (int)r;
#endif
	if ((fd = openat(root->fd, rel, OPEN_FLAGS)) < 0)
		return -1;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if ((n = readlink(link, real, sizeof real - 1)) <= 0 || (real[n] = 0, !beneath(real, root->real))) {
		close(fd);
		errno = EXDEV;
		return -1;
	}
	return fd;
}

int
infile_open(const char *path, const struct infile_root *root, uint64_t max_bytes, struct stat *sb,
            struct infile_error *e)
{
	int fd, fl;

	memset(e, 0, sizeof *e);
	if (root) {
		char clean[PATH_MAX];
		const char *rel = NULL;
		if (clean_abs(path, clean, sizeof clean) != 0) {
			e->fail = INFILE_SYSTEM, e->err = ENAMETOOLONG;
			return -1;
		}
		if (!(rel = beneath(clean, root->abs)) && !(rel = beneath(clean, root->real))) {
			e->fail = INFILE_OUTSIDE;
			return -1;
		}
		fd = open_beneath(root, rel);
		if (fd < 0 && errno == EXDEV) {
			e->fail = INFILE_OUTSIDE;
			return -1;
		}
	} else {
		fd = open(path, OPEN_FLAGS);
	}
	if (fd < 0 || fstat(fd, sb) != 0) {
		e->fail = INFILE_SYSTEM, e->err = errno;
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(sb->st_mode)) {
		e->fail = INFILE_NOT_REGULAR, e->mode = sb->st_mode;
		close(fd);
		return -1;
	}
	if ((uint64_t)sb->st_size > max_bytes) {
		e->fail = INFILE_TOO_BIG, e->size = (uint64_t)sb->st_size;
		close(fd);
		return -1;
	}
	/* A regular file never blocks; reads from here on are plain ones. */
	if ((fl = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
		e->fail = INFILE_SYSTEM, e->err = errno;
		close(fd);
		return -1;
	}
	return fd;
}

/* "4.0 GiB", "12.5 MiB", "900 bytes". */
static void
size_text(uint64_t b, char *buf, size_t n)
{
	if (b >= 1ULL << 30)
		snprintf(buf, n, _("%.1f GiB"), b / 1073741824.0);
	else if (b >= 1ULL << 20)
		snprintf(buf, n, _("%.1f MiB"), b / 1048576.0);
	else
		snprintf(buf, n, _("%llu bytes"), (unsigned long long)b);
}

const char *
infile_reason(const struct infile_error *e, const struct infile_root *root, uint64_t max_bytes, char *buf,
              size_t n)
{
	char have[32], cap[32];

	switch (e->fail) {
	case INFILE_OUTSIDE:
		snprintf(buf, n, _("it is outside the folder '%s'"), root ? root->shown : "?");
		break;
	case INFILE_NOT_REGULAR:
		snprintf(buf, n, "%s",
		         S_ISDIR(e->mode)                       ? _("it is a folder, not a file")
		         : S_ISFIFO(e->mode)                    ? _("it is not a regular file (a named pipe)")
		         : S_ISCHR(e->mode) || S_ISBLK(e->mode) ? _("it is not a regular file (a device)")
		         : S_ISSOCK(e->mode)                    ? _("it is not a regular file (a socket)")
		                                                : _("it is not a regular file"));
		break;
	case INFILE_TOO_BIG:
		size_text(e->size, have, sizeof have);
		size_text(max_bytes, cap, sizeof cap);
		snprintf(buf, n, _("it is %s, more than the %s loa reads"), have, cap);
		break;
	default:
		snprintf(buf, n, "%s", strerror(e->err));
		break;
	}
	return buf;
}

int
infile_read_all(int fd, uint64_t max_bytes, char **buf, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *b = malloc(cap + 1);

	if (!b)
		return -1;
	for (;;) {
		if (n == cap) {
			char *nb = realloc(b, cap * 2 + 1);
			if (!nb) {
				free(b);
				errno = ENOMEM;
				return -1;
			}
			b = nb, cap *= 2;
		}
		ssize_t r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int saved = errno;
			free(b);
			errno = saved;
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max_bytes) {
			free(b);
			errno = EFBIG;
			return -1;
		}
	}
	b[n] = 0;
	*buf = b, *len = n;
	return 0;
}

static int
hexval(int c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

int
infile_uri_path(const char *uri, char *out, size_t n)
{
	const char *p;
	size_t j = 0;

	if (strncasecmp(uri, "file:", 5) != 0)
		return -1;
	p = uri + 5;
	if (p[0] == '/' && p[1] == '/') {
		/* An authority: none, or "localhost", is this computer (RFC 8089). */
		const char *host = p + 2, *slash = strchr(host, '/');
		size_t hl = slash ? (size_t)(slash - host) : 0;
		if (!slash || (hl && !(hl == 9 && strncasecmp(host, "localhost", 9) == 0)))
			return -1;
		p = slash;
	}
	if (!*p)
		return -1;
	for (; *p; p++) {
		int c = (unsigned char)*p;
		if (c == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			c = hexval(p[1]) * 16 + hexval(p[2]);
			p += 2;
			if (!c)
				return -1;
		}
		if (j + 1 >= n)
			return -1;
		out[j++] = (char)c;
	}
	out[j] = 0;
	return 0;
}
