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
 * Return rule for lookups (clip_get, playlist_find): 0 found, 1 not found
 * (nothing printed: the caller says what the officer asked for), -1 error
 * (printed). The find_by_* functions return how many clips match.
 */
#ifndef LOA_CLIP_H
#define LOA_CLIP_H

#include <limits.h>
#include <stdio.h>
#include <stdint.h>

#include "loa/hash.h"
#include "loa/utf8.h"

struct infile_root;
struct store;

#define CLIP_TITLE_MAX UTF8_BYTES(UTF8_TITLE_MAX) /* bytes of a title or topic, NUL included */
#define CLIP_NAME_MAX  256 /* bytes of an original file name, NUL included */

struct clip {
	int64_t id;                        /* the clip's number, shown to the officer */
	char sha256[HASH_HEX_LEN + 1];     /* SHA-256 of the file's bytes, lowercase hex */
	char title[CLIP_TITLE_MAX];        /* UTF-8; defaults to the file name without extension */
	char topic[CLIP_TITLE_MAX];        /* UTF-8, e.g. "tin tức"; "" if none */
	char original_name[CLIP_NAME_MAX]; /* base name of the file as imported */
	char path[PATH_MAX];               /* absolute path of the library copy */
	char format[8];                    /* "wav", "flac", "ogg", "opus" or "mp3" */
	int sample_rate;                   /* frames per second */
	int channels;                      /* interleaved channels */
	int64_t frames;                    /* frames actually decoded (gapless for MP3) */
	double duration_s;                 /* frames / sample_rate */
	double loudness_lufs;              /* integrated loudness; -INFINITY if silent */
	double true_peak_dbtp;             /* highest true peak; -INFINITY if silent */
	double gain_db;                    /* gain to the station's target (0 if silent) */
	char valid_from[11];               /* "YYYY-MM-DD" first day it may air, or "" */
	char valid_until[11];              /* "YYYY-MM-DD" last day it may air, or "" */
	int64_t added_ms;                  /* when it was imported (UTC ms) */
};

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

/* The clip numbered id (see the return rule above). */
int clip_get(struct store *s, int64_t id, struct clip *out);
/* How many clips have this original file name / title (-1 on error);
 * *id_out is the newest of them when there is at least one. */
int clip_find_by_original_name(struct store *s, const char *name, int64_t *id_out);
int clip_find_by_title(struct store *s, const char *title, int64_t *id_out);
/* The clip with these bytes: 0 found, 1 not, -1 error. */
int clip_find_by_sha256(struct store *s, const char *sha256, int64_t *id_out);
/* Calls fn for every clip in id order until fn returns non-zero (which
 * is returned); 0 at the end, -1 on error. */
int clip_foreach(struct store *s, int (*fn)(const struct clip *c, void *arg), void *arg);
/* Saves c's title, topic, valid_from and valid_until. 0 or -1. */
int clip_update(struct store *s, const struct clip *c);
/* How many slots and playlist entries use clip id (-1 on error). The
 * schedule extends store_clip_in_use() in store_clip.c for its tables. */
int clip_uses(struct store *s, int64_t id, int *slots, int *playlist_items);
/* Removes clip id, its playlist entries and its library file. Refused
 * (printed, -1) while a slot or playlist uses it, unless force. Past
 * airings are never touched: the airing log keeps its own copy of what
 * aired. 0, 1 no such clip (quiet), -1. */
int clip_remove(struct store *s, int64_t id, int force);

/* Formats a duration as the CSV contract wants: seconds, 3 decimals. */
void clip_format_duration(double s, char *buf, int n);

/* ---- playlists ---- */

/* The most clips a playlist holds: one limit for every way one is made
 * (create, add, M3U import, a calendar's ATTACH), so a playlist loa
 * exports can always be imported again. */
#define PLAYLIST_MAX_CLIPS 1000
#define PLAYLIST_NAME_MAX UTF8_BYTES(UTF8_NAME_MAX) /* bytes of a name, NUL included */

struct playlist {
	int64_t id;         /* the playlist's number */
	char name[PLAYLIST_NAME_MAX]; /* unique, UTF-8, one line */
	int nclips;         /* entries, in airing order */
	struct clip *clips; /* nclips clips (a clip may appear twice); free with playlist_release */
	double duration_s;  /* sum of the clips' durations */
};

/* The playlist called name with its clips in order (return rule above). */
int playlist_find(struct store *s, const char *name, struct playlist *out);
void playlist_release(struct playlist *p);
/* Calls fn for every playlist (clips not loaded: nclips and duration set). */
int playlist_foreach(struct store *s, int (*fn)(const struct playlist *p, void *arg), void *arg);
/* Creates playlist name with ids[0..n) (n may be 0). -1 (printed) if the
 * name is taken, empty, not one line of at most UTF8_NAME_MAX characters,
 * if n is over PLAYLIST_MAX_CLIPS, or a clip does not exist. */
int playlist_create(struct store *s, const char *name, const int64_t *ids, int n);
/* Replaces the entries of playlist name with ids[0..n). 0 or -1 (printed;
 * also when n is over PLAYLIST_MAX_CLIPS). */
int playlist_set(struct store *s, const char *name, const int64_t *ids, int n);
/* Deletes playlist name (its clips stay). 0, 1 not found, -1. */
int playlist_delete(struct store *s, const char *name);

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
 * file outside is refused (the same words whether or not it exists). A playlist of that name already there is an error,
 * unless replace is set: then its clips become the file's (a calendar
 * imported again brings its programmes up to date). On success
 * *out (may be NULL) is the new playlist. 0, or -1 (printed, naming the
 * playlist line).
 */
int playlist_import_m3u(struct store *s, const char *path, const char *name,
                        const struct clip_import_opts *opts, int replace, struct playlist *out);
/* Writes playlist name as M3U8 (#EXTM3U, #EXTINF with duration and
 * title, absolute library paths) to out. 0, 1 not found, -1. */
int playlist_export_m3u(struct store *s, const char *name, FILE *out);

#endif
