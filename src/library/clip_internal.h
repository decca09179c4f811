/*
 * clip_internal.h — what the clip library's files share (clip.c,
 * playlist_m3u.c), not part of the public clip.h.
 */
#ifndef LOA_CLIP_INTERNAL_H
#define LOA_CLIP_INTERNAL_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "loa/clip.h"

/*
 * The first half of an import: decodes and measures path, and places its
 * copy in the library, without touching the database. *file_out is the
 * copy's path relative to the library; *created is 1 when this call made
 * the library file (so a failed transaction must delete it). If the same
 * bytes are already a clip, returns 1 with *existing_id set and nothing
 * copied (2: the same, but its missing library copy was put back from
 * path). 0, 1, 2, or -1 (printed).
 */
int clip_prepare(struct store *s, const char *path, const struct clip_import_opts *opts, struct clip *c,
                 char *file_out, int file_n, int *created, int64_t *existing_id);

/* Deletes the library file of the clip with these bytes and format, and
 * its fan-out folder when that is left empty; nothing else, and nothing
 * through a symbolic link. 0, or -1 with errno set (nothing printed). */
int clip_library_unlink(struct store *s, const char *sha, const char *format);

/* One line of an M3U playlist that names a file, and what the import's
 * first phase made of it (playlist_m3u.c). */
struct m3u_entry {
	int line;          /* 1-based line in the playlist file */
	char *path;        /* resolved path of the audio file */
	char *title;       /* from #EXTINF, or "" */
	int64_t id;        /* the clip, when already in the library */
	int is_new;        /* measured here; recorded in phase 2 */
	int created;       /* this import made the library file */
	char *file;        /* the library file, relative (phase 1) */
	struct clip *clip; /* the measured clip (is_new only) */
};

/*
 * Parses the text of the M3U playlist at path (buf, len bytes, NUL at
 * buf[len]; modified in place) into a new array of *n entries
 * (m3u_entries_free()).
 * Relative paths are resolved against path's folder. 0, or -1 (printed,
 * naming the line) on binary data, an internet address, too many entries
 * or none.
 */
int m3u_parse(const char *path, char *buf, size_t len, struct m3u_entry **entries, int *n);
/* Frees n entries and the array (NULL is fine). */
void m3u_entries_free(struct m3u_entry *e, int n);

#endif
