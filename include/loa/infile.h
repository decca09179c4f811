/*
 * infile.h — reading a file the officer named, or that a file named
 * (an audio clip, a playlist, a calendar, the configuration file): the
 * counterpart of outfile.h.
 *
 * Every such file is opened once, O_NONBLOCK and O_NOCTTY, so that a FIFO,
 * a terminal or a device named by mistake (or on purpose) never blocks the
 * open; it is refused unless it is a regular file, and its size is checked
 * against the caller's cap before a byte of it is read or hashed. Reading
 * then goes on from that descriptor (O_NONBLOCK cleared).
 *
 * Files that a calendar (ATTACH) or a playlist names may also be confined
 * to a folder, an infile_root: a name outside it is refused, and the
 * refusal is the same whether or not such a file exists, so an import
 * never tells anything about files outside the folder.
 */
#ifndef LOA_INFILE_H
#define LOA_INFILE_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

/* A folder the files read must lie inside. */
struct infile_root {
	int fd;               /* the folder, open O_PATH, or -1 */
	char abs[PATH_MAX];   /* its absolute path, cleaned (no ".", "..", "//") */
	char real[PATH_MAX];  /* the same with symbolic links resolved */
	char shown[PATH_MAX]; /* as the officer gave it (for messages) */
};

/* Opens folder dir as a root. 0, or -1 (printed, naming the folder). */
int infile_root_open(struct infile_root *r, const char *dir);
void infile_root_close(struct infile_root *r);

/* Why infile_open() refused a file. */
enum infile_fail {
	INFILE_SYSTEM = 1,  /* open or fstat failed: err says why (ENOENT, EACCES...) */
	INFILE_OUTSIDE,     /* the name leads outside the root */
	INFILE_NOT_REGULAR, /* a folder, a FIFO, a device or a socket: mode says which */
	INFILE_TOO_BIG,     /* larger than the cap: size says how large */
};
struct infile_error {
	enum infile_fail fail; /* what went wrong */
	int err;               /* errno, for INFILE_SYSTEM */
	mode_t mode;           /* the file's type, for INFILE_NOT_REGULAR */
	uint64_t size;         /* its size in bytes, for INFILE_TOO_BIG */
};

/*
 * Opens path for reading: a regular file of at most max_bytes bytes, inside
 * root when root is not NULL (a relative path is taken from the current
 * folder, as open(2) does; callers join it to the folder it is relative to
 * first). Returns the descriptor (O_CLOEXEC, blocking), with *sb filled, or
 * -1 with *e saying why (nothing printed: each caller words its own kind
 * of file, and infile_reason() gives the common words).
 */
int infile_open(const char *path, const struct infile_root *root, uint64_t max_bytes, struct stat *sb,
                struct infile_error *e);

/* The reason of a refusal in plain words, for "cannot read X '<path>':
 * <reason>": "No such file or directory", "it is a folder, not a file",
 * "it is not a regular file (a named pipe)", "it is outside the folder
 * '<root>'", "it is 5.0 GB, more than loa reads (4.0 GB)". Returns buf. */
const char *infile_reason(const struct infile_error *e, const struct infile_root *root, uint64_t max_bytes,
                          char *buf, size_t n);

/*
 * Reads the whole of fd (opened by infile_open) into a new buffer with a
 * NUL after the last byte; the file may not grow past max_bytes meanwhile.
 * 0 with *buf and *len set, or -1 with errno set (EFBIG when it grew).
 */
int infile_read_all(int fd, uint64_t max_bytes, char **buf, size_t *len);

/*
 * The local path a file: URI names (RFC 8089): "file:///x/y" and
 * "file://localhost/x/y" name /x/y, "file:/x/y" too; "file:x/y" names the
 * relative x/y. Percent escapes are decoded. 0, or -1 when uri is not a
 * file: URI, names another computer (file://server/...), holds %00 or
 * does not fit in n.
 */
int infile_uri_path(const char *uri, char *out, size_t n);

#endif
