/*
 * clip.h — the clip library: audio files the officer has imported, each
 * measured once and kept as a content-addressed copy beside the station's
 * database; and playlists, ordered lists of clips aired back to back.
 *
 * A clip's file lives at <library>/<first two hex digits>/<sha256>.<ext>,
 * so the USB stick it came from can be pulled, and the same bytes added
 * twice are recognised as the same clip. Everything here is measured at
 * import (format, exact length, loudness, the gain to the station's
 * target), so playout only reads and multiplies.
 *
 * The records (struct clip, struct playlist) and the store's reads and
 * writes of them are in catalog.h, which this header includes.
 */
#ifndef LOA_CLIP_H
#define LOA_CLIP_H

#include <limits.h>
#include <stdio.h>
#include <stdint.h>

#include "loa/catalog.h"

struct infile_root;
struct store;

struct clip_import_opts {
	const char *title;       /* NULL: the file name without extension */
	const char *topic;       /* NULL: none */
	const char *valid_from;  /* NULL or "YYYY-MM-DD" (already checked) */
	const char *valid_until; /* NULL or "YYYY-MM-DD" (already checked) */
	double target_lufs;      /* the station's target loudness */
	/* The folder every file read must lie inside (a calendar's, when it
	 * names the file), NULL for anywhere; see infile.h. */
	const struct infile_root *inside;
	/* playlist_import_m3u without inside: the playlist's entries must lie
	 * inside the playlist's own folder. */
	int confine;
	/* Called before each file of a batch and once at the end (done ==
	 * total); NULL for none. cli_progress() fits. */
	void (*progress)(const char *label, long done, long total);
};

/*
 * Imports the audio file at path: decodes all of it, measures loudness and
 * true peak, hashes it, copies it into the library (temp file, fsync,
 * rename) and records it. Returns 0 for a new clip, 1 when the same bytes
 * are already in the library (*id_out is that clip; nothing changed), 2
 * when they are clip *id_out but its library copy had gone missing and was
 * put back from this file, -1 on failure (printed, naming the file;
 * nothing changed). Not inside a transaction of the caller's: each clip
 * commits on its own.
 */
int clip_import(struct store *s, const char *path, const struct clip_import_opts *opts, int64_t *id_out);

/* Removes clip id, its playlist entries and its library file. Refused
 * (printed, -1) while a slot or playlist uses it, unless force. Past
 * airings are never touched: the airing log keeps its own copy of what
 * aired. 0, 1 no such clip (quiet), -1. */
int clip_remove(struct store *s, int64_t id, int force);

/*
 * What the files and folders named for an import hold (loa clip add
 * FOLDER, the web console's import from a USB stick): every file in a
 * folder and its subfolders, in name order, each marked as one to import
 * or skipped and why, so nothing is passed over without a word. Hidden
 * and system entries (".Trashes", "System Volume Information",
 * "Thumbs.db"...) are left out; see clip_scan.c.
 */
enum clip_scan_kind {
	CLIP_SCAN_FILE,       /* a file to import (the decoder judges its format) */
	CLIP_SCAN_NOT_AUDIO,  /* a document, picture or program, by its extension: skipped */
	CLIP_SCAN_PLAYLIST,   /* an M3U or PLS playlist: skipped (imported as a playlist) */
	CLIP_SCAN_LINK,       /* a symbolic link to a folder: not followed */
	CLIP_SCAN_UNREADABLE, /* a folder that cannot be read (err) */
	CLIP_SCAN_TOO_DEEP,   /* a folder below CLIP_SCAN_MAX_DEPTH: not gone into */
};
#define CLIP_SCAN_MAX_DEPTH   16
#define CLIP_SCAN_MAX_ENTRIES 10000

struct clip_scan_entry {
	char *path;               /* the path named, joined with rel by one slash */
	const char *rel;          /* within path: relative to the folder named (or the file as named) */
	char *folder;             /* the name of the folder that holds it ("" if unknown) */
	enum clip_scan_kind kind; /* to import, or why not */
	int err;                  /* CLIP_SCAN_UNREADABLE: the errno */
};

struct clip_scan {
	struct clip_scan_entry *v; /* in name order, folder by folder */
	int n, cap;                /* used, allocated */
	int files;                 /* entries of kind CLIP_SCAN_FILE */
};

/* Appends path: a file as one entry, a folder as what it holds. 0, or -1
 * (printed: out of memory, more than CLIP_SCAN_MAX_ENTRIES). */
int clip_scan_path(struct clip_scan *s, const char *path);
void clip_scan_free(struct clip_scan *s);
/* The name of folder path (is_folder) or of the folder that holds file
 * path, as its topic: "y tế" for "usb/y tế/a.mp3"; the real one for ".",
 * "..", "./a.mp3". 0, or -1 when it cannot be found. */
int clip_folder_name(const char *path, int is_folder, char *buf, size_t n);

/* Formats a duration as the CSV contract wants: seconds, 3 decimals. */
void clip_format_duration(double s, char *buf, int n);

/*
 * Imports an M3U or M3U8 playlist (UTF-8; #EXTM3U and #EXTINF lines
 * accepted, other # lines ignored; relative paths against the playlist's
 * folder; file:// URLs accepted). Files not yet in the library are
 * imported. name NULL: the file's base name without extension. All or
 * nothing: on any failure nothing is recorded and no file stays in the
 * library. opts gives the target loudness, the topic of new clips and
 * progress; its title is ignored (new clips take their #EXTINF title, else
 * their file name). With opts->inside, the playlist and every file it
 * names must lie inside that folder; else with opts->confine, every file
 * it names must lie inside the playlist's own folder: a line naming a
 * file outside is refused (the same words whether or not it exists). A playlist of that name already there is
 * an error, unless replace is set: then its clips become the file's (a calendar imported again brings its
 * programmes up to date). On success *out (may be NULL) is the new playlist. 0, or -1 (printed, naming the
 * playlist line).
 */
int playlist_import_m3u(struct store *s, const char *path, const char *name,
                        const struct clip_import_opts *opts, int replace, struct playlist *out);
/* Writes playlist name as M3U8 (#EXTM3U, #EXTINF with duration and
 * title, absolute library paths) to out. 0, 1 not found, -1. */
int playlist_export_m3u(struct store *s, const char *name, FILE *out);

#endif
