/*
 * outfile.h — writing a file the user named (-o FILE): reports, calendars,
 * playlists, renders.
 *
 * A regular file (or a new one) is written under a temporary name in its
 * own folder and renamed over the target only when complete, so a failure
 * never leaves half a file where a good one was. The temporary is made by
 * mkstemp (O_CREAT|O_EXCL, a random name), so nobody can plant a link at
 * it. A target that is not a regular file — a character device such as
 * /dev/stdout or /dev/null, a FIFO — is written in place, never replaced.
 * A symbolic link is refused: write to the file it points to. A folder,
 * a socket or a block device is refused too.
 */
#ifndef LOA_OUTFILE_H
#define LOA_OUTFILE_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

struct outfile {
	char target[PATH_MAX]; /* what the user named */
	char tmp[PATH_MAX];    /* the temporary written, "" when writing the target in place */
	int direct;            /* the target is a device or a FIFO: no rename */
	FILE *f;               /* the stream to write (outfile_open) */
};

/* Opens a stream to write path. 0, or -1 (printed, naming the file, with
 * what to do). */
int outfile_open(struct outfile *o, const char *path);

/* For a library that writes by file name (xlsx, docx): a temporary file
 * name to write, created empty; outfile_commit() puts it in place (a
 * device or FIFO target gets the bytes copied). 0, or -1 (printed). */
int outfile_open_name(struct outfile *o, const char *path);

/* Makes an empty file with a random name (mkstemps: O_CREAT|O_EXCL) that
 * keeps near's extension, beside near (beside = 1) or in $TMPDIR, and
 * writes its name into buf. The open descriptor, or -1 (printed). */
int outfile_temp(char *buf, size_t n, const char *near, int beside);

/* Flushes, syncs and puts the file in place. 0, or -1 (printed; the
 * target is left as it was). */
int outfile_commit(struct outfile *o);

/* Drops what was written (the target is left as it was). */
void outfile_abort(struct outfile *o);

#endif
